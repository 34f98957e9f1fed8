"""The leaders' view in the browser: the charts are drawn, a figure opens its list, and on the
portal a 20,000-character paste into a comment box is kept whole with the limit named."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_leaders_view import city  # noqa: F401 (the fixture city)

from .conftest import shot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_reads_the_figures_and_opens_a_list(page: Any, live_server: Any, city: Any) -> None:  # noqa: F811
    base = live_server.url
    login(page, base, "leader", "pw-leader")
    page.click("nav.side a[href='/leaders/']")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/leaders/")
    # every chart is drawn (its figure un-hidden by charts.js)
    assert page.locator("figure.chart:not([hidden]) canvas").count() >= 6
    shot(page, "leaders-view")
    row = page.locator("#supervision-bodies tr", has_text=city.w.education.name)
    row.locator("a[data-figure]").nth(1).click()  # overdue
    page.wait_for_load_state("networkidle")
    assert "/supervision/tasks/" in page.url and "overdue=1" in page.url
    assert page.locator("tbody tr").count() == 1
    assert page.locator("tbody tr", has_text="甲").count() == 1


def test_a_long_paste_is_kept_whole_and_the_limit_named(page: Any, live_server: Any, city: Any) -> None:  # noqa: F811
    base = live_server.url
    page.goto(f"{base}/public/consultations/{city.consultation.pk}/")
    box = page.locator("#box-whole textarea[name=text]")
    box.click()
    page.keyboard.insert_text("长" * 20_000)  # what a paste does
    assert page.evaluate("() => document.querySelector('#box-whole textarea').value.length") == 20_000
    counter = page.locator("#box-whole-count")
    assert "20000" in counter.inner_text()
    assert counter.locator(".over-note").is_visible()
    page.click("#box-whole button.comment-submit")
    page.wait_for_load_state("networkidle")
    assert "5000" in page.locator("#box-whole .errorlist").inner_text()
    shot(page, "comment-too-long")
