"""The surge path for anonymous comment submissions (``POST /api/consultations/{id}/comments``).

A national consultation can bring hundreds of submissions a second. Through Django's whole
request stack (middleware for sessions, locale, CSRF, auth, messages, htmx, static files; the
API framework's routing, authentication and parsing) one submission costs several
milliseconds of CPU, most of it spent on things an anonymous JSON post does not use. This WSGI
wrapper answers exactly those requests itself and hands every other request — and any
submission with credentials (``Authorization`` or a session cookie), or one that Django's own
checks would treat differently (an unknown host, plain HTTP where HTTPS is required) — to the
normal stack unchanged.

It runs the same code as the API endpoint: the same rate limiter and client key, the same
body schema (:class:`.schemas.CommentIn`), :func:`.services.consultation_for_intake` and
:func:`.services.comment_submit`, the same error shape ``{"code", "message", "detail"}`` and
statuses (404, 409, 422, 429 with ``Retry-After``), messages in the language the client asks
for. Like the page stack's middleware (:mod:`lvzhi.core.middleware`) it refuses a NUL character
in the query string or the body with 422, and answers a database outage with 503 ``{"code":
"unavailable"}`` and ``Retry-After`` instead of a 500. ``tests/test_intake.py`` sends every case
through both paths and compares the answers.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import pydantic
from django.conf import settings
from django.core import signals
from django.http import QueryDict
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.responses import NinjaJSONEncoder

from lvzhi.core import ratelimit
from lvzhi.core.errors import DomainError
from lvzhi.core.middleware import (
    RETRY_AFTER_SECONDS,
    database_unavailable,
    nul_detail,
    nul_in_json,
    nul_in_querydict,
    nul_message,
    unavailable_message,
)

_PATH = re.compile(r"^/api/consultations/(\d{1,18})/comments/?$")
MAX_BODY = 64 * 1024
logger = logging.getLogger("lvzhi.consultation.intake")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _Meta:
    """The little of a request the rate limiter's client key reads."""

    def __init__(self, environ: dict[str, Any]) -> None:
        self.META = environ
        self.user = None


def _language(environ: dict[str, Any]) -> str:
    cookie = environ.get("HTTP_COOKIE", "")
    match = re.search(rf"(?:^|;\s*){re.escape(settings.LANGUAGE_COOKIE_NAME)}=([\w-]+)", cookie)
    candidates = [match.group(1)] if match else []
    from django.utils.translation.trans_real import parse_accept_lang_header

    candidates += [
        lang for lang, _q in parse_accept_lang_header(environ.get("HTTP_ACCEPT_LANGUAGE", "")) if lang != "*"
    ]
    for code in candidates:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def handles(environ: dict[str, Any]) -> re.Match[str] | None:
    """The path match if this request takes the surge path, else None."""
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    match = _PATH.match(environ.get("PATH_INFO", ""))
    if match is None or environ.get("HTTP_AUTHORIZATION"):
        return None
    if settings.SESSION_COOKIE_NAME + "=" in environ.get("HTTP_COOKIE", ""):
        return None  # signed-in: the full stack names the commenter
    if (
        settings.SECURE_SSL_REDIRECT
        and environ.get("wsgi.url_scheme") != "https"
        and not (
            settings.SECURE_PROXY_SSL_HEADER
            and environ.get(settings.SECURE_PROXY_SSL_HEADER[0]) == settings.SECURE_PROXY_SSL_HEADER[1]
        )
    ):
        return None
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS or (["localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    if not domain or not validate_host(domain, allowed):
        return None
    if "json" not in environ.get("CONTENT_TYPE", ""):
        return None
    return match


def _answer(
    start_response: StartResponse, status: int, body: Any, headers: list[tuple[str, str]] | None = None
) -> list[bytes]:
    data = json.dumps(body, cls=NinjaJSONEncoder, ensure_ascii=False).encode()
    reason = {
        201: "Created",
        404: "Not Found",
        409: "Conflict",
        413: "Payload Too Large",
        422: "Unprocessable Entity",
        429: "Too Many Requests",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }.get(status, "Error")
    start_response(
        f"{status} {reason}",
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            *(headers or []),
        ],
    )
    return [data]


def _error(
    start_response: StartResponse,
    status: int,
    code: str,
    message: str,
    detail: Any = None,
    headers: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    return _answer(start_response, status, {"code": code, "message": message, "detail": detail}, headers)


def submit(environ: dict[str, Any], start_response: StartResponse, consultation_id: int) -> list[bytes]:
    """Handle one anonymous submission (the caller checked :func:`handles`)."""
    from . import services
    from .schemas import CommentIn, CommentReceiptOut
    from .states import Channel

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if 0 < length <= MAX_BODY else b""
    # as the page stack's middleware does, before the rate limit counts the request
    nul = nul_in_querydict(QueryDict(environ.get("QUERY_STRING", "")), "query") + nul_in_json(raw)
    if nul:
        return _error(start_response, 422, "validation_failed", nul_message(), nul_detail(nul))
    client = ratelimit.client_key(_Meta(environ))  # type: ignore[arg-type]
    try:
        ratelimit.check("comment", client, ratelimit.cached_limits(settings.COMMENT_RATE_LIMITS))
    except DomainError as exc:
        retry = (exc.detail or {}).get("retry_after")
        return _error(
            start_response,
            exc.status,
            exc.code,
            str(exc.message),
            exc.detail,
            [("Retry-After", str(retry))] if retry is not None else None,
        )
    if length > MAX_BODY:
        return _error(start_response, 413, "too_large", _("The request body is too large."))
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        return _error(
            start_response,
            422,
            "validation_failed",
            _("The input is not valid."),
            [{"loc": ["body"], "message": _("The body is not valid JSON."), "type": "json_invalid"}],
        )
    try:
        payload = CommentIn.model_validate(data)
    except pydantic.ValidationError as exc:
        detail = [{"loc": ["body", *e["loc"]], "message": e["msg"], "type": e["type"]} for e in exc.errors()]
        return _error(start_response, 422, "validation_failed", _("The input is not valid."), detail)
    consultation = services.consultation_for_intake(consultation_id)
    if consultation is None:
        return _error(start_response, 404, "not_found", _("The requested item does not exist."))
    try:
        comment = services.comment_submit(
            consultation=consultation,
            text=payload.text,
            article=payload.article,
            paragraph=payload.paragraph,
            name=payload.name or "",
            contact=payload.contact or "",
            channel=Channel.API,
            user=None,
            client=client,
        )
    except DomainError as exc:
        return _error(start_response, exc.status, exc.code, str(exc.message), exc.detail)
    out = CommentReceiptOut(
        receipt=comment.receipt,
        moderation=comment.moderation,
        article=comment.article,
        submitted_at=comment.submitted_at,
    )
    return _answer(start_response, 201, out.model_dump())


def wrap(django_app: WSGIApp) -> WSGIApp:
    """The WSGI application: the surge path for anonymous submissions, Django for the rest."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        match = handles(environ)
        if match is None:
            return django_app(environ, start_response)
        # the request signals Django's handler sends: connection age and health checks, caches
        signals.request_started.send(sender=wrap, environ=environ)
        language = _language(environ)
        try:
            with translation.override(language):
                return submit(environ, start_response, int(match.group(1)))
        except Exception as exc:
            with translation.override(language):
                if database_unavailable(exc):
                    logger.warning("database unavailable: answered 503 on the comment intake (%s)", exc)
                    return _error(
                        start_response,
                        503,
                        "unavailable",
                        unavailable_message(),
                        {"retry_after": RETRY_AFTER_SECONDS},
                        [("Retry-After", str(RETRY_AFTER_SECONDS)), ("Cache-Control", "no-store")],
                    )
                logger.exception("unhandled error on the comment intake")
                return _error(
                    start_response, 500, "server_error", _("Something went wrong on our side. It was logged.")
                )
        finally:
            signals.request_finished.send(sender=wrap)

    return application
