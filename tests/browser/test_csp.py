"""The Content-Security-Policy in a real browser: the main pages of the demo city open, draw
their charts, and run their htmx forms without a single violation (no inline script, no eval,
no injected style element)."""

from __future__ import annotations

import pytest

from .conftest import csp_violations, shot, watch_csp
from .test_shell import demo_city, login  # noqa: F401  (demo_city is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_pages_report_no_csp_violation(page, live_server, demo_city):  # noqa: F811
    from lvzhi.consultation.models import Consultation
    from lvzhi.consultation.services import is_taking_comments

    base = live_server.url
    seen = watch_csp(page)
    found: list[str] = []

    def visit(path: str) -> None:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status < 400, (path, response and response.status)
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), path
        page.wait_for_load_state("networkidle")
        found.extend(f"{path}: {v}" for v in csp_violations(page, []))

    # the recorder sees a violation when there is one (a page with an inline script)
    probe = f"{base}/csp-probe/"
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><p>probe</p><script>document.title = 'ran';</script>",
        ),
    )
    page.goto(probe)
    assert page.title() != "ran" and csp_violations(page, seen), "the CSP recorder saw nothing"
    page.unroute(probe)
    seen.clear()

    # public pages, the login page
    visit("/public/")
    visit("/login/")
    password = demo_city.logins[0]["password"]
    login(page, base, "staff", password)
    # the dashboard, a list with charts, pages with htmx forms
    visit("/")
    for path in ("/supervision/dashboard/", "/suggestions/oversight/"):
        visit(path)
        assert page.locator("canvas[data-chart]").count() >= 1, path
        # charts.js (a static file) draws them: the figures are shown only once it has run
        page.wait_for_function("() => [...document.querySelectorAll('figure.chart')].every(f => !f.hidden)")
        shot(page, "csp-charts" + path.replace("/", "-").rstrip("-"))
        found.extend(f"{path} (charts): {v}" for v in csp_violations(page, []))
    visit("/deputies/")
    page.select_option("select[name=status]", "suspended")
    page.wait_for_function("() => document.querySelectorAll('#rows tbody tr').length < 50")
    found.extend(f"/deputies/ (htmx filter): {v}" for v in csp_violations(page, []))
    visit("/account/")
    visit("/calendar/")
    visit("/api/docs")
    page.wait_for_selector("#swagger-ui .info", timeout=15000)
    found.extend(f"/api/docs: {v}" for v in csp_violations(page, []))
    page.context.clear_cookies()
    login(page, base, "admin", password)
    visit("/admin/")
    visit("/admin/core/user/")
    visit("/accounts/sign-in/")

    # a deputy's motion form: htmx search, then the "Add" button wired in app.js
    deputy = next(x for x in demo_city.logins if x.get("role_code") == "deputy")
    page.context.clear_cookies()
    login(page, base, deputy["username"], password)
    visit("/motions/new/")
    from lvzhi.core.models import Session
    from lvzhi.motions.selectors import current_term, signer_candidates
    from lvzhi.motions.states import MotionBody

    raw = page.input_value("[name=session]")  # as the view does: no session, the congress
    chosen = Session.objects.select_related("term").get(pk=int(raw)) if raw else None
    term, body = (chosen.term, chosen.body) if chosen else (current_term(), MotionBody.CONGRESS)
    other = signer_candidates(term=term, body=body)[-1]
    page.fill("#signer-q", other.code)
    add = page.locator("#candidates button[data-add-to]").first
    add.wait_for(timeout=10000)
    found.extend(f"/motions/new/ (htmx search): {v}" for v in csp_violations(page, []))
    code = add.get_attribute("data-code")
    add.click()
    assert code and code in page.input_value("#id_cosigners")
    assert add.is_disabled()

    # the public comment box: an htmx post whose answer is swapped in (app.js beforeSwap)
    taking = next((c for c in Consultation.objects.all() if is_taking_comments(c)), None)
    assert taking is not None, "the demo city has a draft open for comment"
    if taking is not None:
        visit(f"/public/consultations/{taking.pk}/")
        box = page.locator("#draft-comment")
        box.locator("textarea[name=text]").fill("建议进一步明确办理时限。")
        assert box.locator("[data-count]").inner_text() == "12"  # the counter wired in app.js
        box.locator(".comment-submit").click()
        page.locator("#receipt").wait_for()
        found.extend(f"comment box: {v}" for v in csp_violations(page, []))

    assert not found and not seen, "\n".join([*found, *seen])
