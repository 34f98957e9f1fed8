"""The public 对照表 with a changed title and the two versions named, and the downloads of a
version, in the browser (issue 13.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regulation(live_server: Any) -> Any:
    from lvzhi.legislation.models import Regulation, RegulationVersion
    from lvzhi.legislation.tests.factories import DOG_DRAFT, DOG_REVISED

    row = Regulation.objects.create(title="江澜市犬只管理条例", enacting_body="江澜市人民代表大会常务委员会")
    texts = (
        (DOG_DRAFT.replace("（草案）", "", 1), "enactment", dt.date(2019, 5, 1)),
        (
            DOG_REVISED.replace("江澜市养犬管理条例（草案修改稿）", "江澜市犬只管理条例", 1),
            "amendment",
            dt.date(2024, 3, 1),
        ),
    )
    for number, (text, kind, day) in enumerate(texts, start=1):
        RegulationVersion.objects.create(
            regulation=row,
            number=number,
            kind=kind,
            title=row.title,
            text=text,
            announcement_number=f"第{number}号",
            enacting_body=row.enacting_body,
            passed_on=day,
            promulgated_on=day,
            commencement_on=day,
        )
    return row


def test_public_comparison_names_versions_and_shows_the_title_row(page, live_server, regulation):
    row = regulation
    page.goto(f"{live_server.url}/public/regulations/{row.pk}/compare/?from=1&to=2")
    title = page.locator("#compare-title")
    assert "江澜市养犬管理条例" in title.inner_text() and "江澜市犬只管理条例" in title.inner_text()
    assert page.locator("#compare-title ins").count() >= 1
    versions = page.locator("#compare-versions").inner_text()
    assert "2019" in versions and "2024" in versions
    shot(page, "lawtext-public-compare")
    page.goto(f"{live_server.url}/public/regulations/{row.pk}/")
    with page.expect_download() as info:
        page.locator("#downloads a", has_text=".docx").click()
    assert info.value.suggested_filename == f"regulation-{row.pk}-v2.docx"
