"""The tour: sign in as every demo login of the demo city, in English, open every navigation
entry and the first item of every list, and fail on a 5xx, a console or page error, an empty
list the demo should fill, or Chinese interface text that escaped translation; axe-core checks
the main page of every section (WCAG 2.1 AA, no serious or critical violation). The deputy and
the public tour on a 390 px phone screen: no page may scroll sideways and the menu must open.

The demo city is seeded once (about a minute) and every role tours it in one test; the problems
of all roles are reported together. Screenshots: test-artifacts/tour/<login>/. The rules are in
tests/browser/tour.py and docs/accessibility.md.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import SCREENSHOTS
from .tour import (
    AXE_OPTIONS,
    EMPTY_LISTS_JS,
    FIRST_ITEM_JS,
    NAV_LINKS_JS,
    VISIBLE_TEXT_JS,
    AxeTally,
    DataCorpus,
    untranslated,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOUR_DIR = SCREENSHOTS.parent / "tour"
PHONE_LOGINS = {"deputy", "public"}
PHONE = {"width": 390, "height": 844}

# Lists that are legitimately empty in the demo city: (login or "*", path regex, reason).
EMPTY_ALLOWED: list[tuple[str, str, str]] = [
    (
        "staff_fagong|staff_yusuan|staff_bangongting",
        r"^/suggestions/$",
        "suggestions are handled by the deputies' affairs committee; other bodies' staff see none",
    ),
    ("d0099", r"^/suggestions/$", "the suspended deputy led and co-signed no suggestion"),
    ("unit", r"^/legislation/$", "the education bureau drafts no bill in the demo"),
    ("public", r"^/public/regulations/$", "no bill of the demo city has been promulgated yet"),
    (
        "unit_zf",
        r"^/suggestions/($|oversight/)",
        "suggestions are assigned to departments, none to the city government itself",
    ),
]


def _empty_allowed(username: str, path: str) -> bool:
    return any(
        (who == "*" or username in who.split("|")) and re.search(pattern, path)
        for who, pattern, _ in EMPTY_ALLOWED
    )


def _slug(url: str) -> str:
    path = urlsplit(url).path.strip("/") or "home"
    return re.sub(r"[^a-zA-Z0-9]+", "-", path)[:60]


class Tourist:
    """One demo login's browser session and the problems it met."""

    def __init__(
        self, browser: Any, base: str, login: Any, corpus: DataCorpus, axe: Any, tally: AxeTally
    ) -> None:
        self.base = base
        self.username = login.username
        self.role = str(login.role_code)
        self.phone = login.username in PHONE_LOGINS
        self.corpus = corpus
        self.axe = axe
        self.tally = tally
        self.problems: list[str] = []
        self.visited: list[str] = []
        self.untranslated: dict[str, str] = {}
        self.context = browser.new_context(
            viewport=PHONE if self.phone else {"width": 1280, "height": 860},
            is_mobile=self.phone,
            has_touch=self.phone,
            locale="en-US",
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(20000)
        self.console: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda e: self.console.append(f"page error: {e}"))
        self.page.on(
            "response",
            lambda r: self.console.append(f"HTTP {r.status} {r.url}") if r.status >= 500 else None,
        )
        self.shots = TOUR_DIR / self.username
        shutil.rmtree(self.shots, ignore_errors=True)
        self.shots.mkdir(parents=True)

    def _on_console(self, msg: Any) -> None:
        # Chromium asks for /favicon.ico by itself where a page (Django's admin) names no icon.
        if msg.type == "error" and not (msg.location or {}).get("url", "").endswith("/favicon.ico"):
            self.console.append(msg.text)

    def problem(self, url: str, what: str) -> None:
        self.problems.append(f"[{self.username}] {urlsplit(url).path}: {what}")

    def sign_in(self, password: str) -> None:
        page = self.page
        page.goto(f"{self.base}/login/")
        # Switch the language as a person does: the switcher in the top bar.
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
        assert page.get_attribute("html", "lang") == "en", "the language switch did not take"
        page.fill("#id_username", self.username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("form.stacked button[type=submit]")
        page.wait_for_load_state("load")
        if "/login" in page.url:
            raise AssertionError(f"{self.username} could not sign in")

    def visit(self, url: str, *, axe: bool) -> bool:
        """Open ``url`` and run the page checks; False when it is not an HTML page."""
        page = self.page
        self.console.clear()
        response = page.goto(url, wait_until="load")
        if response is None:
            self.problem(url, "no response")
            return False
        if response.status >= 500:
            self.problem(url, f"HTTP {response.status}")
            return False
        if "text/html" not in (response.headers.get("content-type") or ""):
            return False
        if page.locator("[hx-get][hx-trigger*='load'], [hx-post][hx-trigger*='load']").count():
            page.wait_for_load_state("networkidle")
        self.visited.append(urlsplit(page.url).path)
        if response.status >= 400:
            self.problem(url, f"HTTP {response.status} from a link the page offered")
        for run in untranslated(page.evaluate(VISIBLE_TEXT_JS), self.corpus):
            self.untranslated.setdefault(run, urlsplit(url).path)
        if self.phone:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                self.problem(url, f"scrolls sideways on a phone ({width}px wide)")
        if axe:
            started = time.perf_counter()
            result = self.axe.run(page, options=AXE_OPTIONS)
            self.tally.seconds += time.perf_counter() - started
            self.tally.add(f"{urlsplit(url).path} ({self.username})", result.response["violations"])
        page.screenshot(path=str(self.shots / f"{len(self.visited):02d}-{_slug(page.url)}.png"))
        for line in self.console:
            self.problem(url, f"console: {line[:200]}")
        return True

    def tour(self, axe_done: set[str]) -> None:
        page = self.page
        home = page.url
        self.visit(home, axe=f"{self.role} {urlsplit(home).path}" not in axe_done)  # dashboard
        axe_done.add(f"{self.role} {urlsplit(home).path}")
        if self.phone:
            self.check_phone_menu()
        entries: list[dict[str, str]] = page.evaluate(NAV_LINKS_JS)
        if not entries:
            self.problem(home, "no navigation entry")
        seen: set[str] = {urlsplit(home).path}
        for entry in entries:
            url = entry["href"]
            path = urlsplit(url).path
            if path in seen or urlsplit(url).netloc != urlsplit(self.base).netloc:
                continue
            seen.add(path)
            # axe: the main page of every section once per role (the logins of one role see the
            # same templates); the top bar's pages (inbox, account) once for everyone
            key = path if entry["topbar"] else f"{self.role} {path}"
            if not self.visit(url, axe=key not in axe_done):
                continue
            axe_done.add(key)
            seen.add(urlsplit(page.url).path)  # where a redirect led
            empty = page.evaluate(EMPTY_LISTS_JS)
            if empty and not _empty_allowed(self.username, path):
                self.problem(url, f"empty list in the demo ({entry['label']}): {empty}")
            item = page.evaluate(FIRST_ITEM_JS)
            if item and urlsplit(item).path not in seen:
                self.visit(item, axe=False)

    def check_phone_menu(self) -> None:
        page = self.page
        toggle = page.locator("button.menu-toggle")
        if page.locator("nav.side").count():
            if not toggle.is_visible():
                self.problem(page.url, "no menu button on a phone")
                return
            toggle.click()
            if not page.locator("nav.side a").first.is_visible():
                self.problem(page.url, "the menu does not open on a phone")
            toggle.click()
        elif toggle.count():
            self.problem(page.url, "a menu button with no menu to open")
        elif not page.locator("nav.portal-nav a").first.is_visible():
            self.problem(page.url, "the portal menu is not visible on a phone")


@pytest.fixture
def demo_city(live_server: Any) -> Any:
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city

    rules_profiles_install_builtin()
    return seed_city(scale="demo", seed=1)


def test_tour_every_demo_login(browser, live_server, demo_city):
    from axe_playwright_python.sync_playwright import Axe

    from lvzhi.demo.seed import demo_logins

    started = time.perf_counter()
    corpus = DataCorpus.from_database()
    tally = AxeTally()
    axe = Axe()
    axe_done: set[str] = set()
    problems: list[str] = []
    untranslated_runs: dict[str, str] = {}
    report: list[str] = []
    logins = demo_logins()
    assert len(logins) >= 10, "the demo city has fewer logins than expected"
    for login in logins:
        tourist = Tourist(browser, live_server.url, login, corpus, axe, tally)
        try:
            tourist.sign_in(login.password)
            tourist.tour(axe_done)
        finally:
            tourist.context.close()
        problems += tourist.problems
        for run, where in tourist.untranslated.items():
            untranslated_runs.setdefault(run, f"{where} ({login.username})")
        report.append(f"{login.username}: {len(tourist.visited)} pages: {' '.join(tourist.visited)}")
    for run, where in untranslated_runs.items():
        problems.append(f"untranslated in English: {run!r} on {where}")
    for rule, where in tally.blocking.items():
        problems.append(f"axe {rule} — {'; '.join(where)}")
    summary = (
        f"tour: {sum(len(r.split(' ')) - 3 for r in report)} pages, {len(logins)} logins, "
        f"axe on {tally.pages} pages ({tally.seconds:.0f}s): {dict(tally.by_impact)}; "
        f"{time.perf_counter() - started:.0f}s; screenshots in {TOUR_DIR}"
    )
    print("\n" + summary + "\n" + "\n".join(report))
    Path(TOUR_DIR / "report.txt").write_text(
        summary + "\n" + "\n".join(report) + "\n\n" + "\n".join(problems) + "\n", encoding="utf-8"
    )
    assert not problems, f"{len(problems)} problems on the tour:\n" + "\n".join(problems)
