"""Middleware of the page stack: the request guards and the error answers.

* :class:`ServiceUnavailableMiddleware` (first in ``MIDDLEWARE``): a database outage answers
  503 with ``Retry-After`` — a plain translated page, or ``{"code": "unavailable", ...}`` under
  ``/api/`` — instead of a 500.
* :class:`BadInputMiddleware` (early): a NUL character in the path, the query string, a form
  field, a header or a JSON body is refused before any view sees it — a translated 400 page, or
  ``{"code": "validation_failed", ...}`` with 422 under ``/api/``. PostgreSQL cannot store NUL
  in text, so such input used to end in a 500 wherever it reached a query.
* :class:`DomainErrorMiddleware` (last): a :class:`DomainError` escaping a page view becomes a
  message, never a 500.
* :class:`IdleTimeoutMiddleware`: a session unused for ``LVZHI_IDLE_TIMEOUT`` ends.

The comment surge path (:mod:`lvzhi.consultation.intake`) runs in front of this stack and uses
:func:`nul_in_json`, :func:`nul_in_querydict`, :func:`database_unavailable` and
:data:`RETRY_AFTER_SECONDS` to answer the same way.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import DomainError
from .redirects import is_safe_url

logger = logging.getLogger("lvzhi.core.middleware")

#: Seconds a client is asked to wait (``Retry-After``) when the database is unavailable.
RETRY_AFTER_SECONDS = 5
#: At most this many places are listed in a NUL refusal.
_MAX_PLACES = 20

Loc = list[str | int]


def wants_json(request: HttpRequest) -> bool:
    """The API, or a client that asked for JSON, gets errors as ``{"code", "message", "detail"}``."""
    return request.path_info.startswith("/api/") or request.headers.get("Accept", "").startswith(
        "application/json"
    )


def _hardened(response: HttpResponse) -> HttpResponse:
    """The headers the stack's later middleware would have added (these answers skip them)."""
    response.setdefault("X-Content-Type-Options", "nosniff")
    response.setdefault("X-Frame-Options", "DENY")
    response.setdefault("Referrer-Policy", "same-origin")
    return response


def plain_page(
    request: HttpRequest, status: int, title: str, message: str, detail: list[str]
) -> HttpResponse:
    """A page that needs neither the database nor the session (no context processors run)."""
    from django.conf import settings

    html = render_to_string(
        "plain_error.html",
        {
            "title": title,
            "message": message,
            "detail": detail,
            "site_name": settings.LVZHI["SITE_NAME"] or _("Jianglan Municipal People's Congress"),
            "LANG": translation.get_language(),
        },
    )
    return _hardened(HttpResponse(html, status=status, content_type="text/html; charset=utf-8"))


# --- NUL characters ------------------------------------------------------------------------------

NUL = "\x00"


def _shown(name: str) -> str:
    return name.replace(NUL, "\\0")


def nul_in_querydict(data: QueryDict, where: str) -> list[Loc]:
    """Where a NUL character is in a query string or form: ``[[where, name], ...]``."""
    found: list[Loc] = [
        [where, _shown(key)]
        for key, values in data.lists()
        if NUL in key or any(NUL in value for value in values)
    ]
    return found[:_MAX_PLACES]


def nul_in_json(raw: bytes) -> list[Loc]:
    """Where a NUL character is in a JSON body: ``[["body", "field", 0, ...], ...]``.

    Cheap for the usual body (two byte searches); the body is only parsed when it contains a
    raw NUL byte or the escape ``\\u0000``. A body that is not valid JSON is left to the
    parser that would read it (which answers 422)."""
    if b"\x00" not in raw and b"\\u0000" not in raw:
        return []
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    found: list[Loc] = []
    stack: list[tuple[Any, Loc]] = [(data, ["body"])]
    while stack and len(found) < _MAX_PLACES:
        value, loc = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                found.append(loc)
        elif isinstance(value, dict):
            for key, item in value.items():
                if NUL in key:
                    found.append([*loc, _shown(key)])
                stack.append((item, [*loc, key]))
        elif isinstance(value, list):
            stack.extend((item, [*loc, i]) for i, item in enumerate(value))
    return sorted(found, key=lambda loc: [str(part) for part in loc])


def nul_places(request: HttpRequest) -> list[Loc]:
    """Every place of the request where a NUL character is (the uploaded files' contents aside)."""
    found: list[Loc] = []
    if NUL in request.path_info:
        found.append(["path"])
    found += nul_in_querydict(request.GET, "query")
    found += [
        ["header", key.removeprefix("HTTP_").replace("_", "-").title()]
        for key, value in request.META.items()
        if key.startswith("HTTP_") and key != "HTTP_COOKIE" and isinstance(value, str) and NUL in value
    ]
    if request.method in ("GET", "HEAD", "OPTIONS") and not request.META.get("CONTENT_LENGTH"):
        return found
    content_type = request.content_type or ""
    try:
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            found += nul_in_querydict(request.POST, "form")
            found += [
                ["file", _shown(key)]
                for key, files in request.FILES.lists()
                if NUL in key or any(NUL in (f.name or "") for f in files)
            ]
        elif "json" in content_type or request.path_info.startswith("/api/"):
            # the API framework reads any other body as JSON
            found += nul_in_json(request.body)
    except SuspiciousOperation:
        # too large or too many fields: the view (or the API's handler) answers that itself
        pass
    return found[:_MAX_PLACES]


def nul_message() -> str:
    return _(
        "The input contains a NUL character (character code 0), which cannot be stored. "
        "Remove it and try again."
    )


def nul_detail(places: Iterable[Loc]) -> list[dict[str, Any]]:
    """The API's ``detail`` entries for the places :func:`nul_places` found."""
    return [
        {"loc": loc, "message": _("NUL characters are not allowed."), "type": "nul_character"}
        for loc in places
    ]


def _place_label(loc: Loc) -> str:
    kind, rest = loc[0], ".".join(str(part) for part in loc[1:])
    labels = {
        "path": _("the address"),
        "query": _("the address parameter %(name)s"),
        "header": _("the header %(name)s"),
        "form": _("the form field %(name)s"),
        "file": _("the name of the file in %(name)s"),
        "body": _("the field %(name)s") if rest else _("the request body"),
    }
    return labels.get(str(kind), str(kind)) % {"name": rest}


def _without_nul_cookies(request: HttpRequest) -> None:
    """A cookie with a NUL in it (sent raw, or quoted as ``"\\000"``, which the cookie parser
    decodes) cannot be ours — a session key or CSRF secret: drop it, so the session is never
    looked up with it."""
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        request.COOKIES = {k: v for k, v in request.COOKIES.items() if NUL not in k and NUL not in v}


class BadInputMiddleware:
    """Refuses a request with a NUL character anywhere the application reads text from.

    Uploaded files' contents are not text and are not looked at (only their names)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _without_nul_cookies(request)
        places = nul_places(request)
        if places:
            return self.refuse(request, places)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, places: list[Loc]) -> HttpResponse:
        # runs before LocaleMiddleware: answer in the language the client asks for
        with translation.override(translation.get_language_from_request(request)):
            if wants_json(request):
                return _hardened(
                    JsonResponse(
                        {"code": "validation_failed", "message": nul_message(), "detail": nul_detail(places)},
                        status=422,
                        json_dumps_params={"ensure_ascii": False},
                    )
                )
            return plain_page(
                request,
                400,
                _("Bad request"),
                nul_message(),
                [_("Found in %(place)s.") % {"place": _place_label(loc)} for loc in places],
            )


# --- database outages ----------------------------------------------------------------------------

#: PostgreSQL error classes that mean "not now" rather than "wrong": connection exceptions (08),
#: transaction rollbacks such as deadlocks (40), insufficient resources (53), operator
#: intervention such as a shutdown or restart (57).
_TRANSIENT_SQLSTATE_CLASSES = {"08", "40", "53", "57"}
_TRANSIENT_SQLITE_WORDS = ("locked", "busy", "unable to open", "disk i/o")


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the database cannot be reached or cannot serve now (an outage, a
    restart, a lost connection, a lock time-out), as opposed to a fault in the code."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        text = str(cause).lower()
        return any(word in text for word in _TRANSIENT_SQLITE_WORDS)
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is None:
        return True  # no answer from the server at all: refused, reset, closed
    return str(sqlstate)[:2] in _TRANSIENT_SQLSTATE_CLASSES


def unavailable_message() -> str:
    return _("The service is temporarily unavailable. Please try again in a moment.")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON for the API, otherwise a page that needs no database."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(
            {
                "code": "unavailable",
                "message": unavailable_message(),
                "detail": {"retry_after": RETRY_AFTER_SECONDS},
            },
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = plain_page(request, 503, _("Temporarily unavailable"), unavailable_message(), [])
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return _hardened(response)


def _watch(request: HttpRequest, execute: Callable[..., Any], *args: Any) -> Any:
    """Wraps every query of the request: remembers an outage even when someone else (the API
    framework's own error handler) turns the exception into a 500."""
    try:
        return execute(*args)
    except Exception as exc:
        if database_unavailable(exc):
            setattr(request, "_lvzhi_database_unavailable", True)  # noqa: B010 (flag read after the response)
        raise


def _connection_lost() -> bool:
    """Did a database connection fail during this request and is it unusable now? (A failed
    connect raises before any query runs, so :func:`_watch` does not see it.)"""
    for conn in connections.all(initialized_only=True):
        if conn.errors_occurred and not conn.is_usable():
            return True
    return False


class ServiceUnavailableMiddleware:
    """A database outage answers 503 with ``Retry-After`` instead of 500.

    An exception from a view is answered in ``process_exception``. Elsewhere — in another
    middleware, or in the API, whose framework turns exceptions into its own 500 — the outage is
    recognised afterwards: a query of this request failed with an outage error (:func:`_watch`),
    or a connection failed and no longer works. The first in ``MIDDLEWARE``, so it sees the
    responses of every other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        watch = partial(_watch, request)
        with ExitStack() as stack:
            for conn in connections.all():
                stack.enter_context(conn.execute_wrapper(watch))
            response = self.get_response(request)
        if response.status_code == 500 and (
            getattr(request, "_lvzhi_database_unavailable", False) or _connection_lost()
        ):
            logger.warning("database unavailable: answered 503 to %s %s", request.method, request.path)
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        logger.warning(
            "database unavailable: answered 503 to %s %s (%s)", request.method, request.path, exception
        )
        return unavailable_response(request)


# --- domain errors -------------------------------------------------------------------------------


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if wants_json(request):
            return JsonResponse(exception.as_dict(), status=exception.status)
        referer = request.headers.get("Referer")
        same_site = bool(referer) and is_safe_url(request, referer)
        if request.method == "POST" and same_site:
            messages.error(request, str(exception.message))
            return HttpResponseRedirect(str(referer))
        context = {"error": exception, "back_url": referer if same_site else ""}
        return render(request, "error.html", context, status=exception.status)


SEEN_KEY = "lvzhi.seen"
#: The last-seen time is written to the session at most this often (seconds), not per request.
SEEN_RESOLUTION = 60


class IdleTimeoutMiddleware:
    """Ends a session unused for ``IDLE_TIMEOUT`` minutes (0: never). The next request goes to
    the login page with a message (an htmx request through ``HX-Redirect``; the API simply
    answers as to an anonymous client). Audited as ``auth.logout`` with reason ``idle``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "IDLE_TIMEOUT", 0)) * 60
        user = getattr(request, "user", None)
        if limit <= 0 or user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        seen = request.session.get(SEEN_KEY)
        if isinstance(seen, int | float) and now - seen > limit:
            return self._expire(request)
        if not isinstance(seen, int | float) or now - seen >= SEEN_RESOLUTION:
            request.session[SEEN_KEY] = int(now)
        return self.get_response(request)

    def _expire(self, request: HttpRequest) -> HttpResponse:
        from .signin import signout

        signout(request, reason="idle")
        if request.path.startswith("/api/"):
            return self.get_response(request)
        messages.info(
            request,
            _("You were signed out after %(n)s minutes without activity. Please sign in again.")
            % {"n": int(settings.IDLE_TIMEOUT)},
        )
        here = (
            request.get_full_path() if request.method in ("GET", "HEAD") else request.headers.get("Referer")
        )
        query = f"?{urlencode({'next': here})}" if here and is_safe_url(request, here) else ""
        target = reverse("login") + query
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=200)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
