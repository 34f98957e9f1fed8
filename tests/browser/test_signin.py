"""Two-factor sign-in in the browser, without the exemption: a member of staff signs in with
the password, sets up the authenticator from the secret shown beside the QR code, keeps the
recovery codes, reaches the dashboard; next time the code page asks for a code, and a
recovery code works once."""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

import pytest

from .conftest import csp_violations, shot, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(secret_text: str, *, offset_steps: int = 0) -> str:
    from django_otp.oath import TOTP

    raw = secret_text.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def password_step(page: Any, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw-staff")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_staff_sets_up_the_authenticator_and_signs_in_with_codes(page, live_server, world, settings):
    settings.TWO_FACTOR_EXEMPT = ()
    base = live_server.url
    seen = watch_csp(page)

    password_step(page, base)
    assert page.url.endswith("/login/set-up/")
    qr = page.locator("img#qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert page.evaluate("() => document.querySelector('img#qr').naturalWidth") > 0  # drawn
    secret = page.locator("#secret").inner_text()
    shot(page, "signin-1-set-up")
    assert page.goto(f"{base}/inbox/").url.startswith(f"{base}/login/")  # no session yet
    page.go_back()

    page.fill("#id_code", current_code(secret))
    page.click("#enrol-form button[type=submit]")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shot(page, "signin-2-recovery-codes")
    page.click("#continue")
    assert page.locator("#awaiting").count() == 1  # the dashboard
    violations = csp_violations(page, seen)

    page.click("text=退出")
    password_step(page, base)
    assert page.url.endswith("/login/code/")
    page.fill("#id_code", current_code(secret, offset_steps=1))
    page.click("#code-form button[type=submit]")
    assert page.locator("#awaiting").count() == 1
    page.click("text=退出")

    password_step(page, base)
    page.fill("#id_code", codes[0])
    page.click("#code-form button[type=submit]")
    assert page.locator("#awaiting").count() == 1
    assert "9" in page.locator(".messages").inner_text()  # recovery codes left
    shot(page, "signin-3-recovery-code-used")
    assert not violations and not csp_violations(page, seen)
