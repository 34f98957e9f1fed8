"""API authentication: bearer tokens for clients, the session cookie for the browser.

- No credentials at all (no ``Authorization`` header, no logged-in session): 401
  ``unauthenticated`` — also for a POST, where a plain session check would answer 403 CSRF.
- A bearer token needs no CSRF token (it is not sent by the browser on its own).
- A logged-in session on an unsafe method without a valid CSRF token: 403 ``csrf_failed``.

Endpoints read the acting account through :func:`api_user`, never ``request.auth`` directly.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .errors import PermissionDeniedError
from .models import ApiToken, User
from .services import hash_token


class CsrfFailed(PermissionDeniedError):
    """A logged-in browser session sent an unsafe request without a valid CSRF token."""

    code = "csrf_failed"
    default_message = _(
        "The CSRF check failed: send the CSRF token (X-CSRFToken header) with a browser session, "
        "or authenticate with a bearer token."
    )


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if row is None or row.revoked_at is not None or not row.user.is_active:
            return None
        now = timezone.now()
        if row.expires_at is not None and row.expires_at <= now:
            return None
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """Django's session; the CSRF check applies only once there is a logged-in session, so that
    a request with no credentials gets 401 rather than 403."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if not key or not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        if key is None:
            return None
        user = request.user
        return user if isinstance(user, User) and user.is_authenticated else None


API_AUTH = [TokenAuth(), SessionAuth()]


def api_user(request: HttpRequest) -> User:
    """The account a request authenticated as (token or session). Raises the 401 error when
    there is none, so an endpoint declared with ``auth=None`` must not call it unconditionally."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError()
    return user
