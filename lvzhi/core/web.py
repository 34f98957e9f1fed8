"""The one way page views do the common things: read the acting user, load an object the user
may see (404 otherwise — never 403, which would tell that a hidden object exists), check a
permission, run one service, and turn a refusal into a message.

Redirects to an address the request supplies go through ``redirects.safe_url`` / ``next_from``
(re-exported here).

A view keeps to **parse → permission → one service → render**::

    @login_required
    def suggestion_detail(request, pk):
        s = visible_or_404(selectors.suggestion_detail(pk), perms.can_view_suggestion, request)
        return render(request, "suggestions/detail.html", selectors.detail_context(s, request.user))

    ACTIONS = {
        "submit": action(lambda request, s: services.suggestion_submit(
            suggestion=s, acting_user=acting_user(request)), _("Submitted.")),
        "return": action(a_return),  # a handler that parses its form and returns a message
    }

    @login_required
    @require_POST
    def suggestion_action(request, pk, name):
        s = visible_or_404(selectors.suggestion_detail(pk), perms.can_view_suggestion, request)
        return dispatch(request, s, name, ACTIONS, then=reverse("suggestions:detail", args=[pk]))

The service itself checks the action's permission predicate (``permissions.authorize``); the
view shows or hides buttons with the same predicates, and never re-implements them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.datastructures import MultiValueDict

from .errors import DomainError, PermissionDeniedError, ValidationFailed
from .models import User
from .redirects import next_from, redirect_safe, referer_or, safe_url

__all__ = [
    "Action",
    "acting_user",
    "action",
    "cleaned",
    "detail_lines",
    "dispatch",
    "error_text",
    "files",
    "form_error",
    "form_errors_text",
    "int_param",
    "message_error",
    "next_from",
    "posted",
    "redirect_safe",
    "referer_or",
    "require",
    "run_service",
    "safe_url",
    "visible_or_404",
]

T = TypeVar("T")


# --- who acts ------------------------------------------------------------------------------------


def acting_user(request: HttpRequest) -> User:
    """The signed-in account of a view behind ``login_required`` (typed for the services)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def require(allowed: bool) -> None:
    """403 for a page or action the user may not use (no object whose existence could leak)."""
    if not allowed:
        raise PermissionDenied


def visible_or_404(obj: T | None, can_view: Callable[[Any, T], bool], request: HttpRequest) -> T:
    """``obj`` if it exists and the user may see it; 404 in both other cases."""
    if obj is None or not can_view(request.user, obj):
        raise Http404
    return obj


# --- parsing ------------------------------------------------------------------------------------


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data for a form, bound even when every field was left empty."""
    return request.POST if request.method == "POST" else None


def files(request: HttpRequest) -> MultiValueDict[str, Any] | None:
    return request.FILES if request.method == "POST" else None


def int_param(raw: object, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A non-negative integer from a query or form value, or None (never an exception)."""
    text = str(raw or "").strip()
    # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return None
    return value


# --- errors -------------------------------------------------------------------------------------


def detail_lines(detail: Any) -> list[str]:
    """The readable lines of a domain error's ``detail`` (a list, or a dict of field → problems)."""
    if isinstance(detail, list | tuple):
        return [str(d) for d in detail if not isinstance(d, dict)]
    if isinstance(detail, dict):
        out: list[str] = []
        for value in detail.values():
            if isinstance(value, list | tuple):
                out.extend(str(v) for v in value)
            elif isinstance(value, str):
                out.append(value)
        return out
    return []


def error_text(exc: DomainError) -> str:
    """One sentence for a message: the error, then its details (the details alone when the
    error only says "the input is not valid")."""
    lines = detail_lines(exc.detail)
    if isinstance(exc, ValidationFailed) and exc.message is exc.default_message and lines:
        return " ".join(lines)
    return " ".join([str(exc.message), *lines])


def message_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, error_text(exc))


def form_errors_text(form: forms.BaseForm) -> str:
    """A form's errors as one message, each prefixed by its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label or ''} {' '.join(str(e) for e in errors)}".strip())
    return "; ".join(parts)


def form_error(form: forms.BaseForm, exc: DomainError) -> None:
    """The service's refusal on the form: field problems beside their fields, the rest on top."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    placed = False
    for name, problems in detail.items():
        if name in form.fields and isinstance(problems, list | tuple):
            for problem in problems:
                form.add_error(name, str(problem))
            placed = True
    if not (placed and isinstance(exc, ValidationFailed) and exc.message is exc.default_message):
        form.add_error(None, str(exc.message))
    for name, problems in detail.items():
        if name not in form.fields and isinstance(problems, list | tuple):
            for problem in problems:
                form.add_error(None, str(problem))
    for line in detail_lines(exc.detail) if isinstance(exc.detail, list | tuple) else []:
        form.add_error(None, line)


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or :class:`ValidationFailed` with each field's problems."""
    if not form.is_valid():
        detail = {
            (str(form.fields[name].label) if name in form.fields and form.fields[name].label else name): [
                str(e) for e in errors
            ]
            for name, errors in form.errors.items()
        }
        raise ValidationFailed(form_errors_text(form), detail=detail)
    return form.cleaned_data


# --- POST actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action(Generic[T]):
    """One POST action on an object: a handler that parses the request, calls one service and
    returns the success message (or None for no message)."""

    handler: Callable[[HttpRequest, T], str | None]


def action(handler: Callable[[HttpRequest, T], Any], success: str | Any = None) -> Action[T]:
    """Wrap a handler; when ``success`` is given, the handler's return value is ignored and
    ``success`` is the message."""
    if success is None:
        return Action(handler)

    def run(request: HttpRequest, obj: T) -> str | None:
        handler(request, obj)
        return str(success)

    return Action(run)


def dispatch(
    request: HttpRequest, obj: T, name: str, actions: Mapping[str, Action[T]], *, then: str
) -> HttpResponse:
    """Run the named action on ``obj``; a refused step becomes an error message, success a
    success message; then redirect to ``then``. An unknown action is a 404; a refusal of
    permission (from the service) is a 403 page, not a message."""
    entry = actions.get(name)
    if entry is None:
        raise Http404
    try:
        message = entry.handler(request, obj)
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        message_error(request, exc)
    else:
        if message:
            messages.success(request, message)
    return HttpResponseRedirect(then)


def run_service(request: HttpRequest, call: Callable[[], Any], success: str | Any) -> bool:
    """Call one service; report success or the refusal as a message. True on success."""
    try:
        call()
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        message_error(request, exc)
        return False
    messages.success(request, str(success))
    return True


#: Where links point when neither LVZHI_PUBLIC_BASE_URL nor a request says (development).
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url(request: HttpRequest | None = None) -> str:
    """The site's public address, without a trailing slash, for absolute links in files and
    messages: the configured ``PUBLIC_BASE_URL`` (``LVZHI_PUBLIC_BASE_URL``) first; else the
    scheme and host the request came to (the host checked against ``ALLOWED_HOSTS``); else
    (the worker, unconfigured) the local development address."""
    from django.conf import settings

    configured = str(getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEVELOPMENT_SITE_URL
