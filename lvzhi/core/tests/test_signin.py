"""Sign-in security through the client: lock-out after failures (per account, per address,
behind a trusted proxy), the two-step sign-in with TOTP and recovery codes, the exemption,
unlock and reset by administrators, sign-out and the idle time-out, password change."""

from __future__ import annotations

import datetime as dt
import re
import time
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP

from lvzhi.core import signin
from lvzhi.core.middleware import SEEN_KEY
from lvzhi.core.models import AuditLog

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def post_login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def actions(name):
    return list(AuditLog.objects.filter(action=name).order_by("seq"))


def signed_in(client):
    return "_auth_user_id" in client.session


def code_for(key_hex, *, offset_steps=0, at=None):
    """The code of the time step ``offset_steps`` after ``at`` (default: now)."""
    totp = TOTP(unhexlify(key_hex))
    totp.time = (time.time() if at is None else at) + 30 * offset_steps
    return f"{totp.token():06d}"


# --- lock-out ---------------------------------------------------------------------------------------


def test_the_probe_thirty_wrong_passwords_then_the_right_one_is_refused(client, world):
    for _i in range(30):
        post_login(client, "deputy", "wrong")
    response = post_login(client, "deputy", "pw-deputy")
    assert response.status_code == 429
    assert not signed_in(client)


def test_fifth_failure_locks_the_account_with_a_translated_retry_time(client, world):
    statuses = [post_login(client, "deputy", f"wrong{i}").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_login(client, "deputy", "pw-deputy")
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text and "Try again after" in text
    until = signin.lockout_until(response.wsgi_request, {"username": "deputy"})
    assert until is not None
    assert dt.timedelta(minutes=14) < until - timezone.now() <= dt.timedelta(minutes=15)
    assert timezone.localtime(until).strftime("%H:%M") in text
    assert 14 * 60 <= int(response["Retry-After"]) <= 15 * 60
    # the default (Chinese) page refuses as well
    assert post_login(client, "deputy", "pw-deputy").status_code == 429
    assert not signed_in(client)


def test_failures_and_the_lockout_are_audited_once(client, world):
    for i in range(7):
        post_login(client, "deputy", f"wrong{i}")
    failed = actions("auth.login_failed")
    assert len(failed) == 5  # the attempts refused while locked are neither counted nor audited
    assert {r.object_id for r in failed} == {str(world.deputy_user.pk)}
    assert failed[0].changes == {"ip": "127.0.0.1", "step": "password"}
    lockouts = actions("auth.lockout")
    assert len(lockouts) == 1
    assert lockouts[0].changes["account_locked"] is True
    assert lockouts[0].changes["account_failures"] == 5


def test_an_unknown_name_is_not_written_in_clear(client, world):
    post_login(client, "my-secret-password", "x")
    row = actions("auth.login_failed")[0]
    assert "my-secret-password" not in row.object_repr
    assert row.object_repr.startswith("(unknown account ")


def test_the_lock_lifts_after_the_cool_off(client, world):
    for i in range(5):
        post_login(client, "deputy", f"wrong{i}")
    assert post_login(client, "deputy", "pw-deputy").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert post_login(client, "deputy", "pw-deputy").status_code == 302
    assert signed_in(client)


def test_a_success_forgets_the_accounts_earlier_failures(client, world):
    for i in range(4):
        post_login(client, "deputy", f"wrong{i}")
    assert post_login(client, "deputy", "pw-deputy").status_code == 302
    client.post(reverse("logout"))
    assert post_login(client, "deputy", "wrong-again").status_code == 200  # 1 failure, not 5


def test_address_limit_is_separate_from_the_account_limit(client, world, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for name in ("a1", "a2", "a3"):
        post_login(client, name, "x", REMOTE_ADDR="192.0.2.7")
    # that address is now locked for every account ...
    assert post_login(client, "deputy", "pw-deputy", REMOTE_ADDR="192.0.2.7").status_code == 429
    # ... while another address signs in
    assert post_login(client, "deputy", "pw-deputy", REMOTE_ADDR="192.0.2.8").status_code == 302


def test_behind_a_trusted_proxy_each_forwarded_client_counts_alone(client, world, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    settings.TRUSTED_PROXIES = ("127.0.0.1",)
    for name in ("a1", "a2", "a3"):
        post_login(client, name, "x", HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = post_login(client, "deputy", "pw-deputy", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert locked.status_code == 429
    other = post_login(client, "deputy", "pw-deputy", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, world, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for i, name in enumerate(("a1", "a2", "a3")):
        post_login(client, name, "x", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert post_login(client, "deputy", "pw-deputy", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429


def test_administrator_unlocks_an_account_and_it_is_audited(client, world):
    for i in range(5):
        post_login(client, "deputy", f"wrong{i}")
    admin = client.__class__()
    admin.force_login(world.admin)
    page = admin.get(reverse("signin_admin"))
    assert page.status_code == 200 and "deputy" in page.content.decode()
    admin.post(reverse("signin_unlock"), {"kind": "account", "value": "deputy"})
    row = actions("auth.unlock")[0]
    assert row.actor_id == world.admin.pk and row.object_id == str(world.deputy_user.pk)
    assert post_login(client, "deputy", "pw-deputy").status_code == 302


def test_only_administrators_open_the_sign_in_security_page(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("signin_admin")).status_code == 403
    assert client.post(reverse("signin_unlock"), {"kind": "account", "value": "x"}).status_code == 403


def test_api_token_auth_is_not_affected_by_a_lockout(client, world):
    from lvzhi.core.services import api_token_create

    _token, key = api_token_create(user=world.deputy_user, name="t", acting_user=world.deputy_user)
    for i in range(6):
        post_login(client, "deputy", f"wrong{i}")
    api = client.__class__()
    response = api.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.content


def test_sign_in_and_sign_out_are_audited(client, world):
    post_login(client, "deputy", "pw-deputy")
    login_row = actions("auth.login")[-1]
    assert login_row.actor_id == world.deputy_user.pk
    assert login_row.changes == {"ip": "127.0.0.1", "second_factor": "none"}
    client.post(reverse("logout"))
    assert actions("auth.logout")[-1].changes["reason"] == "user"
    assert not signed_in(client)


# --- the second factor -------------------------------------------------------------------------------


def enrol(client, username, password):
    """Password, then set-up: returns (key, recovery codes)."""
    response = post_login(client, username, password)
    assert response["Location"] == reverse("login_enrol")
    page = client.get(reverse("login_enrol"))
    assert page.status_code == 200
    key = client.session[signin.PENDING_KEY + ".key"]
    done = client.post(reverse("login_enrol"), {"code": code_for(key)})
    assert done.status_code == 200, done.content.decode()[:500]
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", done.content.decode())
    return key, codes


@pytest.mark.parametrize("who", ["staff", "leader", "admin"])
def test_the_password_alone_gives_these_roles_no_session(client, world, who):
    user = getattr(world, who)
    response = post_login(client, user.username, f"pw-{user.username}")
    assert response.status_code == 302 and response["Location"] == reverse("login_enrol")
    assert not signed_in(client)
    assert client.get(reverse("inbox")).status_code == 302  # still anonymous


def test_setting_up_the_authenticator_then_signing_in_with_a_code(client, world):
    response = post_login(client, "staff", "pw-staff")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code is drawn by the server
    key = client.session[signin.PENDING_KEY + ".key"]
    assert signin.totp_secret_text(key) in html
    wrong = client.post(reverse("login_enrol"), {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert wrong.status_code == 200 and not signed_in(client)
    # Codes are taken from the enrolment's time step, not "now": on a slow machine the 30-second
    # step can end during the test, and "the set-up code" must stay the one used at set-up.
    enrolled_at = time.time()
    done = client.post(reverse("login_enrol"), {"code": code_for(key, at=enrolled_at)})
    assert done.status_code == 200 and signed_in(client)
    assert "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", done.content.decode())
    assert len(codes) == 10 == len(set(codes))
    assert actions("auth.2fa_enrol")[0].object_id == str(world.staff.pk)
    assert actions("auth.login")[-1].changes["second_factor"] == "totp"
    # stored as keyed hashes only
    stored = set(signin.StaticToken.objects.filter(device__user=world.staff).values_list("token", flat=True))
    assert not stored & set(codes) and not stored & {c.replace("-", "") for c in codes}

    client.post(reverse("logout"))
    assert post_login(client, "staff", "pw-staff")["Location"] == reverse("login_code")
    assert not signed_in(client)
    reused = client.post(reverse("login_code"), {"code": code_for(key, at=enrolled_at)})  # used at set-up
    assert reused.status_code == 200 and not signed_in(client)
    unthrottle(world.staff)
    next_code = client.post(reverse("login_code"), {"code": code_for(key, offset_steps=1, at=enrolled_at)})
    assert next_code.status_code == 302 and next_code["Location"] == reverse("home")
    assert signed_in(client)


def test_a_recovery_code_works_once_and_its_use_is_audited(client, world):
    _key, codes = enrol(client, "leader", "pw-leader")
    client.post(reverse("logout"))
    post_login(client, "leader", "pw-leader")
    ok = client.post(reverse("login_code"), {"code": codes[3].upper().replace("-", " ")})
    assert ok.status_code == 302 and signed_in(client)
    row = actions("auth.recovery_code_used")[0]
    assert row.actor_id == world.leader.pk and row.changes == {"left": 9}
    client.post(reverse("logout"))
    post_login(client, "leader", "pw-leader")
    again = client.post(reverse("login_code"), {"code": codes[3]})
    assert again.status_code == 200 and not signed_in(client)


def unthrottle(user):
    """django-otp's back-off after a wrong code (1, 2, 4 ... s) is over."""
    past = timezone.now() - dt.timedelta(minutes=5)
    signin.TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=past)
    signin.StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=past)


def test_wrong_codes_count_towards_the_lockout(client, world):
    key, _codes = enrol(client, "staff", "pw-staff")
    client.post(reverse("logout"))
    post_login(client, "staff", "pw-staff")
    valid = {code_for(key, offset_steps=k) for k in (-1, 0, 1, 2)}
    wrong = [c for c in (f"{i}{i}{i}{i}{i}{i}" for i in range(10)) if c not in valid][:5]
    statuses = []
    for code in wrong:
        unthrottle(world.staff)
        statuses.append(client.post(reverse("login_code"), {"code": code}).status_code)
    assert statuses[-1] == 429
    assert [r.changes["step"] for r in actions("auth.login_failed")] == ["code"] * 5
    assert len(actions("auth.lockout")) == 1
    assert post_login(client, "staff", "pw-staff").status_code == 429


def test_the_second_step_expires(client, world):
    post_login(client, "staff", "pw-staff")
    session = client.session
    session[signin.PENDING_KEY]["at"] = time.time() - 6 * 60
    session.save()
    response = client.get(reverse("login_enrol"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_the_second_step_without_a_password_goes_to_the_login(client, world):
    assert client.get(reverse("login_code"))["Location"] == reverse("login")
    assert client.post(reverse("login_enrol"), {"code": "123456"})["Location"] == reverse("login")


def test_exemption_by_setting(client, world, settings):
    settings.TWO_FACTOR_EXEMPT = ("staff",)
    assert post_login(client, "staff", "pw-staff")["Location"] == reverse("home")
    assert actions("auth.login")[-1].changes["second_factor"] == "none"
    client.post(reverse("logout"))
    assert post_login(client, "leader", "pw-leader")["Location"] == reverse("login_enrol")
    settings.TWO_FACTOR_EXEMPT = ("*",)
    other = client.__class__()
    assert post_login(other, "admin", "pw-admin")["Location"] == reverse("home")


def test_deputies_and_officers_sign_in_with_their_password(client, world):
    assert post_login(client, "officer", "pw-officer")["Location"] == reverse("home")


def test_the_next_address_survives_the_second_step_and_stays_on_site(client, world):
    client.post(LOGIN + "?next=/inbox/", {"username": "staff", "password": "pw-staff", "next": "/inbox/"})
    client.get(reverse("login_enrol"))
    key = client.session[signin.PENDING_KEY + ".key"]
    done = client.post(reverse("login_enrol"), {"code": code_for(key)})
    assert 'href="/inbox/"' in done.content.decode()
    client.post(reverse("logout"))
    client.post(LOGIN, {"username": "staff", "password": "pw-staff", "next": "https://evil.example/"})
    response = client.post(reverse("login_code"), {"code": code_for(key, offset_steps=1)})
    assert response["Location"] == reverse("home")


def test_new_recovery_codes_need_the_password_and_replace_the_old(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _key, codes = enrol(client, "staff", "pw-staff")
    assert client.get(reverse("account")).status_code == 200
    refused = client.post(reverse("account_recovery_codes"), {"password": "wrong"})
    assert refused.status_code == 302 and not actions("auth.recovery_codes_regenerate")
    fresh = client.post(reverse("account_recovery_codes"), {"password": "pw-staff"})
    new_codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", fresh.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert actions("auth.recovery_codes_regenerate")[0].actor_id == world.staff.pk
    client.post(reverse("logout"))
    post_login(client, "staff", "pw-staff")
    assert client.post(reverse("login_code"), {"code": codes[0]}).status_code == 200
    # django-otp slows down the next try after a wrong code; the page says so
    with translation.override("en"):
        early = client.post(reverse("login_code"), {"code": new_codes[0]})
    assert early.status_code == 200 and "wait 1 second," in early.content.decode()
    signin.StaticDevice.objects.filter(user=world.staff).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=2)
    )
    assert client.post(reverse("login_code"), {"code": new_codes[0]}).status_code == 302


def test_administrator_resets_a_lost_authenticator(client, world):
    enrol(client, "staff", "pw-staff")
    client.post(reverse("logout"))
    admin = client.__class__()
    admin.force_login(world.admin)
    admin.post(reverse("signin_two_factor_reset"), {"username": "staff"})
    row = actions("auth.2fa_reset")[0]
    assert row.actor_id == world.admin.pk and row.changes == {"devices": 2}
    assert post_login(client, "staff", "pw-staff")["Location"] == reverse("login_enrol")


def test_the_admin_site_signs_in_through_the_two_step_login(client, world):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Fadmin%2F"
    client.post("/admin/login/", {"username": "admin", "password": "pw-admin"})
    assert not signed_in(client)
    off_site = client.get("/admin/login/?next=https://evil.example/")
    assert off_site["Location"] == "/login/?next=%2Fadmin%2F"


def test_force_login_in_tests_is_unaffected(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("home")).status_code == 200


# --- idle time-out --------------------------------------------------------------------------------------


def idle(client, minutes):
    session = client.session
    session[SEEN_KEY] = int(time.time() - minutes * 60)
    session.save()


def test_an_idle_session_is_ended_and_the_next_request_goes_to_the_login(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.deputy_user)
    assert client.get(reverse("inbox")).status_code == 200
    idle(client, 31)
    response = client.get(reverse("inbox"))
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Finbox%2F"
    assert not signed_in(client)
    with translation.override("en"):
        page = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in page.content.decode()
    assert actions("auth.logout")[-1].changes["reason"] == "idle"


def test_an_active_session_stays(client, world):
    client.force_login(world.deputy_user)
    client.get(reverse("inbox"))
    idle(client, 29)
    assert client.get(reverse("inbox")).status_code == 200
    assert client.session[SEEN_KEY] >= int(time.time()) - 5  # the visit counts as activity


def test_an_idle_htmx_request_redirects_the_page(client, world):
    client.force_login(world.deputy_user)
    client.get(reverse("inbox"))
    idle(client, 45)
    response = client.get(reverse("inbox"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/login/")


def test_idle_timeout_setting(client, world, settings):
    settings.IDLE_TIMEOUT = 5
    client.force_login(world.deputy_user)
    client.get(reverse("inbox"))
    idle(client, 6)
    assert client.get(reverse("inbox")).status_code == 302
    settings.IDLE_TIMEOUT = 0
    client.force_login(world.deputy_user)
    client.get(reverse("inbox"))
    idle(client, 600)
    assert client.get(reverse("inbox")).status_code == 200


# --- password -------------------------------------------------------------------------------------------


def test_common_passwords_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_password("password1")
    assert "password_too_common" in {e.code for e in exc.value.error_list}


def test_change_own_password(client, world):
    client.force_login(world.deputy_user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in home  # linked from the account menu
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    common = client.post(
        reverse("password_change"),
        {"old_password": "pw-deputy", "new_password1": "password1", "new_password2": "password1"},
    )
    assert common.status_code == 200 and "new_password2" in common.context["form"].errors
    wrong_old = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Lvzhi-8842-qz", "new_password2": "Lvzhi-8842-qz"},
    )
    assert wrong_old.status_code == 200 and not actions("auth.password_change")
    done = client.post(
        reverse("password_change"),
        {"old_password": "pw-deputy", "new_password1": "Lvzhi-8842-qz", "new_password2": "Lvzhi-8842-qz"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("account")
    assert client.get(reverse("inbox")).status_code == 200  # still signed in
    assert actions("auth.password_change")[0].actor_id == world.deputy_user.pk
    client.post(reverse("logout"))
    assert post_login(client, "deputy", "Lvzhi-8842-qz").status_code == 302
