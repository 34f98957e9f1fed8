"""The REST API under /api (django-ninja); OpenAPI documentation at /api/docs.

Errors are always ``{"code", "message", "detail"}`` with a fitting HTTP status.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lvzhi.consultation.api import router as consultation_router
from lvzhi.core.api import router as core_router
from lvzhi.core.api_auth import API_AUTH
from lvzhi.core.errors import DomainError
from lvzhi.deputies.api import router as deputies_router
from lvzhi.legislation.api import router as legislation_router
from lvzhi.motions.api import router as motions_router
from lvzhi.suggestions.api import router as suggestions_router
from lvzhi.supervision.api import router as supervision_router

logger = logging.getLogger("lvzhi.api")

api = NinjaAPI(
    title="lvzhi API",
    version="1",
    description="履职 — the API of the municipal People's Congress platform. Authenticate with "
    "`Authorization: Bearer <token>` (create tokens on the API tokens page) or a browser session.",
    auth=API_AUTH,
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str, detail: object = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "detail": detail}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message), exc.detail)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {"loc": list(e.get("loc", [])), "message": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return _error(request, 422, "validation_failed", _("The input is not valid."), detail)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("The requested item does not exist."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, 422, "validation_failed", _("The request body is not valid JSON."))
    codes = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        429: "throttled",
    }
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "too_large", _("The request body is too large."))


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return _error(request, 400, "bad_request", _("The request could not be read."))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled API error on %s", request.path)
    return _error(request, 500, "server_error", _("Something went wrong on our side. It was logged."))


api.add_router("/", core_router)
api.add_router("/deputies", deputies_router)
api.add_router("/motions", motions_router)
api.add_router("/suggestions", suggestions_router)
api.add_router("/legislation", legislation_router)
api.add_router("/supervision", supervision_router)
api.add_router("/consultations", consultation_router)


# --- URLs: every answer under /api/ is JSON ------------------------------------------------------


def _json_method_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ninja answers a method a path does not have with a plain-text 405: give it the error shape
    (``detail.allowed`` and the ``Allow`` header list the methods the path has)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())
            answer = _error(
                request,
                405,
                "method_not_allowed",
                _("This path does not accept %(method)s; use %(allowed)s.")
                % {"method": request.method, "allowed": ", ".join(allowed)},
                {"allowed": allowed},
            )
            answer["Allow"] = ", ".join(allowed)
            return answer
        return response

    return wrapper


@csrf_exempt
def api_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any path under /api/ that no operation matches (also a path parameter of the wrong form,
    e.g. ``/api/suggestions/abc``): 404 in the error shape, whatever the method."""
    return _error(
        request, 404, "not_found", _("There is no such API path: %(path)s") % {"path": request.path}
    )


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """``api.urls`` with JSON 405 answers and a JSON 404 for every unmatched path under /api/."""
    patterns, app_name, namespace = api.urls
    wrapped: list[URLPattern | URLResolver] = [
        URLPattern(p.pattern, _json_method_not_allowed(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]
    wrapped.append(re_path(r"^(?P<path>[\s\S]*)\Z", api_not_found, name="not-found"))
    return wrapped, app_name, namespace
