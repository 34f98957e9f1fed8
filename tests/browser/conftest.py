"""Playwright driving Debian's Chromium against the live test server.

Where /usr/bin/chromium is missing the browser tests are skipped with a visible notice.
Screenshots go to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("LVZHI_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not Path(CHROMIUM).exists():
        terminalreporter.write_sep(
            "!", f"NOTICE: browser tests were SKIPPED — Chromium not found at {CHROMIUM}"
        )


@pytest.fixture(autouse=True)
def _demo_accounts_sign_in_with_their_password(settings: Any) -> None:
    """The journeys sign in through the login page as staff, leaders and administrators: like
    ``lvzhi demo``, the live server exempts every account from the second factor
    (``LVZHI_TWO_FACTOR_EXEMPT=*``). test_signin.py lifts the exemption and enrols for real."""
    settings.TWO_FACTOR_EXEMPT = ("*",)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # themselves (seeding) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def watch_csp(page: Any) -> list[str]:
    """Record every Content-Security-Policy violation the page reports (console and events);
    returns the list the test inspects with :func:`csp_violations`."""
    seen: list[str] = []
    page.add_init_script(CSP_RECORDER)

    def on_console(msg: Any) -> None:
        text = msg.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            seen.append(f"console: {text}")

    page.on("console", on_console)
    return seen


def csp_violations(page: Any, seen: list[str]) -> list[str]:
    try:
        events = page.evaluate("() => window.__cspViolations || []")
    except Exception:  # the page is navigating; the console listener still saw everything
        events = []
    return [*seen, *(f"event: {e}" for e in events)]


def shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
