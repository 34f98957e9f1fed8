"""Sign-in security: lock-out after failed attempts, the second factor, sign-in and sign-out.

* **Lock-out** (django-axes): every failed password and every wrong second-factor code counts
  against the account and against the client address (``client_ip``: the remote address, or
  the address a trusted proxy names, as in :mod:`lvzhi.core.ratelimit`). An account is locked
  after ``LOGIN_FAILURES_PER_ACCOUNT`` failures, an address after ``LOGIN_FAILURES_PER_ADDRESS``,
  for ``LOGIN_LOCKOUT_MINUTES`` after the last counted failure. Each counted failure and each
  lock-out is written to the audit log; attempts refused while locked are not counted again
  (so the announced time stays true) and not audited one by one.
* **Second factor** (django-otp): accounts holding the role staff, leader or administrator
  (and any account that has set up an authenticator) confirm the sign-in with a 6-digit TOTP
  code or a one-time recovery code. The session is established only after that step
  (:mod:`lvzhi.core.signin_views`). Recovery codes are stored as keyed hashes, never in clear.
* **Sign-in / sign-out**: :func:`signin_complete` and :func:`signout` log the user in or out and
  write ``auth.login`` / ``auth.logout``.

The writes here follow the service recipe (keyword-only, atomic, one audit row each); the rows
django-axes and django-otp keep for themselves (attempt counters, throttling) are theirs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import math
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import permissions as perms
from .audit import audit_record
from .errors import ValidationFailed
from .middleware import SEEN_KEY
from .models import Role, User
from .ratelimit import client_address

SECOND_FACTOR_ROLES = (Role.STAFF, Role.LEADER, Role.ADMIN)
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
RECOVERY_CODE_LENGTH = 10
PENDING_KEY = "lvzhi.signin.pending"
#: Minutes between the password step and the second factor before the password is asked again.
PENDING_MINUTES = 5
DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


# --- client address -------------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as :func:`lvzhi.core.ratelimit.client_address` derives it (honouring
    ``LVZHI_TRUSTED_PROXIES``), or None when it is not an IP address (axes stores an inet)."""
    raw = client_address(request)
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        remote = request.META.get("REMOTE_ADDR", "") or ""
        try:
            return str(ipaddress.ip_address(remote))
        except ValueError:
            return None


# --- lock-out ---------------------------------------------------------------------------------------


def _account_limit() -> int:
    return max(int(settings.LOGIN_FAILURES_PER_ACCOUNT), 1)


def _address_limit() -> int:
    return max(int(settings.LOGIN_FAILURES_PER_ADDRESS), 1)


def axes_failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """The single limit axes compares :meth:`LockoutHandler.get_failures` with.

    Axes has one limit for every lock-out parameter; the account and the address have their
    own. The handler scales each count by the other parameter's limit, so that
    ``account_failures * L_addr >= L_acc * L_addr`` exactly when ``account_failures >= L_acc``
    (and likewise for the address)."""
    return _account_limit() * _address_limit()


def _counts(request: HttpRequest, credentials: dict[str, Any] | None) -> dict[str, int]:
    """Counted failures within the cool-off, per lock-out parameter ("username", "ip_address")."""
    handler = AxesProxyHandler.get_implementation()
    assert isinstance(handler, AxesDatabaseHandler)
    AxesProxyHandler.update_request(request)
    params = get_lockout_parameters(request, credentials)
    out: dict[str, int] = {}
    for param, attempts in zip(params, handler.get_user_attempts(request, credentials), strict=True):
        name = param if isinstance(param, str) else "+".join(param)
        out[name] = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return out


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per account and another per address, and audit
    rows for counted failures and lock-outs."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        counts = _counts(request, credentials)
        return max(
            counts.get("username", 0) * _address_limit(),
            counts.get("ip_address", 0) * _account_limit(),
        )

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        refused_while_locked = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused_while_locked:
            return
        username = get_client_username(request, credentials) or ""
        step = str(credentials.get("lvzhi_step") or "password")
        _audit_failure(request, username=username, step=step)
        if getattr(request, "axes_locked_out", False):
            _audit_lockout(request, username=username, credentials=credentials)


def _account_ref(username: str) -> dict[str, Any]:
    """Audit target for a sign-in attempt: the account if it exists. An unknown name is not
    written in clear (people type passwords into the name field); a keyed hash lets repeated
    attempts with the same name be matched."""
    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        return {"obj": user}
    digest = hmac.new(settings.SECRET_KEY.encode(), username.encode(), hashlib.sha256).hexdigest()[:12]
    return {
        "object_type": "core.user",
        "object_id": "",
        "object_repr": f"(unknown account {digest})",
    }


def _audit_failure(request: HttpRequest, *, username: str, step: str) -> None:
    audit_record(
        actor=None,
        action="auth.login_failed",
        changes={"ip": getattr(request, "axes_ip_address", None), "step": step},
        **_account_ref(username),
    )


def lockout_until(request: HttpRequest, credentials: dict[str, Any] | None = None) -> dt.datetime | None:
    """When the lock on this request's account or address lifts (None: it is not locked)."""
    AxesProxyHandler.update_request(request)
    counts = _counts(request, credentials)
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    cool_off = get_cool_off(request) or dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    threshold = timezone.now() - cool_off
    latest: dt.datetime | None = None
    recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)
    if username and counts.get("username", 0) >= _account_limit():
        latest = recent.filter(username=username).aggregate(t=Max("attempt_time"))["t"]
    if ip and counts.get("ip_address", 0) >= _address_limit():
        t = recent.filter(ip_address=ip).aggregate(t=Max("attempt_time"))["t"]
        latest = max(filter(None, [latest, t]), default=None)
    return latest + cool_off if latest is not None else None


def _audit_lockout(request: HttpRequest, *, username: str, credentials: dict[str, Any] | None) -> None:
    counts = _counts(request, credentials)
    until = lockout_until(request, credentials)
    audit_record(
        actor=None,
        action="auth.lockout",
        changes={
            "ip": getattr(request, "axes_ip_address", None),
            "account_failures": counts.get("username", 0),
            "address_failures": counts.get("ip_address", 0),
            "account_locked": counts.get("username", 0) >= _account_limit(),
            "address_locked": counts.get("ip_address", 0) >= _address_limit(),
            "until": until,
        },
        **_account_ref(username),
    )


def is_locked(request: HttpRequest, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def record_failure(request: HttpRequest, *, username: str, step: str) -> None:
    """Count a failed second factor like a failed password (axes listens to this signal)."""
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.send(
        sender=__name__, credentials={"username": username, "lvzhi_step": step}, request=request
    )


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account" or "address"
    value: str
    failures: int
    limit: int
    locked: bool
    last_attempt: dt.datetime
    until: dt.datetime


def lockouts_current() -> list[Lockout]:
    """Accounts and addresses with counted failures within the cool-off, locked ones first."""
    cool_off = dt.timedelta(minutes=max(settings.LOGIN_LOCKOUT_MINUTES, 1))
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    rows: list[Lockout] = []
    for kind, field, limit in (
        ("account", "username", _account_limit()),
        ("address", "ip_address", _address_limit()),
    ):
        grouped = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
            .order_by("-n")
        )
        for g in grouped:
            if not g[field]:
                continue
            rows.append(
                Lockout(
                    kind=kind,
                    value=str(g[field]),
                    failures=int(g["n"] or 0),
                    limit=limit,
                    locked=int(g["n"] or 0) >= limit,
                    last_attempt=g["last"],
                    until=g["last"] + cool_off,
                )
            )
    rows.sort(key=lambda r: (not r.locked, -r.failures))
    return rows


def account_unlock(*, username: str = "", ip_address: str = "", acting_user: User) -> int:
    """Forget the counted failures of an account or an address (lifting its lock). Audited."""
    username = username.strip()
    ip_address = ip_address.strip()
    if not username and not ip_address:
        raise ValidationFailed(_("Name an account or an address to unlock."))
    if ip_address:
        try:
            ip_address = str(ipaddress.ip_address(ip_address))
        except ValueError as exc:
            raise ValidationFailed(_("This is not an IP address.")) from exc
    with transaction.atomic():
        qs = AccessAttempt.objects.all()
        qs = qs.filter(username=username) if username else qs.filter(ip_address=ip_address)
        count, _detail = qs.delete()
        target = _account_ref(username) if username else {"object_type": "address", "object_repr": ip_address}
        audit_record(
            actor=acting_user,
            action="auth.unlock",
            changes={"username": username, "ip": ip_address, "records": count},
            **target,
        )
    return count


# --- second factor ----------------------------------------------------------------------------------


def two_factor_exempt(user: User) -> bool:
    exempt = set(getattr(settings, "TWO_FACTOR_EXEMPT", ()))
    return "*" in exempt or user.get_username() in exempt


def two_factor_required(user: User) -> bool:
    """Accounts holding a role that must confirm sign-in with a second factor."""
    return perms.has_role(user, *SECOND_FACTOR_ROLES) and not two_factor_exempt(user)


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_needed(user: User) -> bool:
    """The sign-in asks for a code: the role requires one, or the account has an authenticator."""
    return two_factor_required(user) or totp_device(user) is not None


def new_totp_key() -> str:
    return secrets.token_hex(20)


def totp_secret_text(key_hex: str) -> str:
    """The secret as people type it into an authenticator app: base32 in groups of four."""
    raw = b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def otpauth_uri(key_hex: str, username: str) -> str:
    issuer = str(settings.LVZHI.get("SITE_NAME") or "lvzhi").replace(":", "")
    params = urlencode(
        {
            "secret": b32encode(unhexlify(key_hex)).decode("ascii").rstrip("="),
            "algorithm": "SHA1",
            "digits": 6,
            "period": 30,
        }
    )
    return f"otpauth://totp/{quote(issuer)}:{quote(username)}?{params}&issuer={quote(issuer)}"


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data: URI, drawn here (segno); nothing leaves the server."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


def _clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _totp_step(key_hex: str, code: str, *, min_t: int = 0) -> int | None:
    """The time step ``code`` is valid for (±1 step of clock drift), or None."""
    code = _clean_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1, min_t=min_t):
        return int(totp.t())
    return None


def _recovery_digest(user_pk: int, code: str, key: str) -> str:
    return hmac.new(key.encode(), f"{user_pk}:{_clean_code(code)}".encode(), hashlib.sha256).hexdigest()[:16]


def _new_recovery_codes() -> list[str]:
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(RECOVERY_CODE_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _store_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes; returns the new codes in clear (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = _new_recovery_codes()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_recovery_digest(user.pk, c, settings.SECRET_KEY)) for c in codes]
    )
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def two_factor_enrol(*, user: User, key_hex: str, code: str, acting_user: User) -> list[str]:
    """Confirm an authenticator with its first code; returns the new recovery codes (in clear,
    to be shown once). Raises :class:`ValidationFailed` when the code does not match."""
    step = _totp_step(key_hex, code)
    if step is None:
        raise ValidationFailed(_("The code does not match. Check the time on your phone and try again."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=key_hex, confirmed=True, last_t=step, tolerance=1
        )
        codes = _store_recovery_codes(user)
        audit_record(
            actor=acting_user,
            action="auth.2fa_enrol",
            obj=user,
            changes={"device": device.pk, "recovery_codes": len(codes)},
        )
    return codes


def second_factor_wait(user: User, code: str) -> int:
    """Seconds before the device ``code`` is meant for accepts another try (django-otp slows
    down repeated wrong codes: 1, 2, 4 ... seconds); 0 when it accepts one now."""
    cleaned = _clean_code(code)
    device: TOTPDevice | StaticDevice | None
    if len(cleaned) == 6 and cleaned.isdigit():
        device = totp_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if device is None:
        return 0
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(math.ceil((info["locked_until"] - timezone.now()).total_seconds()), 1)


def two_factor_verify(*, user: User, code: str) -> str | None:
    """Check a second-factor code: ``"totp"`` or ``"recovery"`` when it is right, else None.

    A recovery code works once; its use is audited with the number left."""
    cleaned = _clean_code(code)
    if not cleaned:
        return None
    if len(cleaned) == 6 and cleaned.isdigit():
        device = totp_device(user)
        if device is not None and device.verify_token(cleaned):
            return "totp"
        return None
    static = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if static is None:
        return None
    allowed, _info = static.verify_is_allowed()
    if not allowed:
        return None
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    digests = [_recovery_digest(user.pk, cleaned, k) for k in keys]
    match = static.token_set.filter(token__in=digests).values_list("token", flat=True).first()
    with transaction.atomic():
        if not static.verify_token(match or digests[0]):
            return None
        audit_record(
            actor=user,
            action="auth.recovery_code_used",
            obj=user,
            changes={"left": recovery_codes_left(user)},
        )
    return "recovery"


def recovery_codes_regenerate(*, user: User, acting_user: User) -> list[str]:
    """New recovery codes for an account with an authenticator (the old ones stop working)."""
    if totp_device(user) is None:
        raise ValidationFailed(_("Set up an authenticator app first."))
    with transaction.atomic():
        codes = _store_recovery_codes(user)
        audit_record(
            actor=acting_user,
            action="auth.recovery_codes_regenerate",
            obj=user,
            changes={"recovery_codes": len(codes)},
        )
    return codes


def two_factor_reset(*, user: User, acting_user: User) -> int:
    """Remove an account's authenticator and recovery codes (a lost phone): at its next sign-in
    the account sets up a new authenticator. Administrators only (checked by the view)."""
    with transaction.atomic():
        devices = (
            TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
        )
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()  # with its recovery codes
        audit_record(actor=acting_user, action="auth.2fa_reset", obj=user, changes={"devices": devices})
    return devices


# --- password ----------------------------------------------------------------------------------------


def user_password_change(*, user: User, password: str, acting_user: User) -> User:
    """Set a new password (already validated by the form against AUTH_PASSWORD_VALIDATORS)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=acting_user, action="auth.password_change", obj=user, changes={})
    return user


# --- the two steps of the sign-in -------------------------------------------------------------------


def pending_begin(request: HttpRequest, user: User, *, next_url: str) -> None:
    """After a right password, remember (in the still anonymous session) who is signing in."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "uid": user.pk,
        "at": time.time(),
        "next": next_url,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
    }


def pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """The account between its password and its second factor, or None (none, or expired)."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > PENDING_MINUTES * 60:
        pending_clear(request)
        return None
    uid = data.get("uid")
    user = User.objects.filter(pk=uid, is_active=True).first() if isinstance(uid, int) else None
    if user is None:
        pending_clear(request)
        return None
    return user, data


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.pop(PENDING_KEY + ".key", None)


def signin_complete(request: HttpRequest, user: User, *, method: str, backend: str | None = None) -> None:
    """Establish the session (the only place the sign-in pages do) and audit ``auth.login``.
    The account's counted failures are forgotten; its address's are not."""
    pending_clear(request)
    login(request, user, backend=backend)
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    audit_record(
        actor=user,
        action="auth.login",
        obj=user,
        changes={"ip": client_ip(request), "second_factor": method},
    )


def signout(request: HttpRequest, *, reason: str = "user") -> None:
    """End the session; ``auth.logout`` names the account and why (``user`` or ``idle``)."""
    user = request.user
    if user.is_authenticated:
        audit_record(
            actor=user,
            action="auth.logout",
            obj=user,
            changes={"reason": reason, "ip": client_ip(request)},
        )
    logout(request)


@receiver(user_logged_in)
def _session_seen_at_sign_in(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """A new session starts as seen now (also ``client.force_login`` in tests), so the idle
    time-out's first check needs no extra session write."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = int(time.time())
