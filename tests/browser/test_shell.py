"""Log in as each role of the demo city and screenshot its dashboard; the phone layout;
the language switch; the public portal."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_city(live_server: Any) -> Any:
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city

    rules_profiles_install_builtin()
    return seed_city(scale="demo", seed=1)


def login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_each_role_sees_its_dashboard_in_chinese(page, live_server, demo_city):
    base = live_server.url
    logins = {row["username"]: row for row in demo_city.logins}
    checked = 0
    for username, row in logins.items():
        login(page, base, username, row["password"])
        if row.get("role_code") == "public":
            assert page.url.rstrip("/").endswith("/public"), page.url
            assert page.locator(".hero").count() == 1
        else:
            assert page.locator("#awaiting").count() == 1, f"{username} has no dashboard"
            heading = page.locator("h1").first.inner_text()
            assert "欢迎" in heading, heading
            assert page.locator("nav.side a").count() >= 3
        shot(page, f"dashboard-{username}")
        page.click("text=退出") if page.locator("text=退出").count() else page.goto(f"{base}/logout/")
        checked += 1
    assert checked >= 7


def test_staff_dashboard_on_a_phone_and_in_english(browser, live_server, demo_city):
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    login(page, base, "staff", demo_city.logins[0]["password"])
    assert page.locator("nav.side").is_hidden()  # menu folds away on a phone
    page.click("button.menu-toggle")
    assert page.locator("nav.side").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"page overflows the phone screen: {width}px"
    shot(page, "phone-staff-dashboard")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("#awaiting h2").inner_text() == "Awaiting you"
    shot(page, "phone-staff-dashboard-en")
    context.close()


def test_roster_search_and_public_portal(page, live_server, demo_city):
    base = live_server.url
    login(page, base, "staff", demo_city.logins[0]["password"])
    page.goto(f"{base}/deputies/")
    rows_before = page.locator("#rows tbody tr").count()
    assert rows_before == 50
    page.select_option("select[name=status]", "suspended")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelectorAll('#rows tbody tr').length < 50")
    shot(page, "roster-suspended")
    page.goto(f"{base}/public/")
    assert page.locator(".stat .n").first.inner_text().strip() != "0"
    shot(page, "portal-home")
