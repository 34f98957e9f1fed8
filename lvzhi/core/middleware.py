"""Page middleware: a :class:`DomainError` becomes a message, never a 500; an idle session ends."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import DomainError
from .redirects import is_safe_url


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith("/api/") or request.headers.get("Accept", "").startswith(
            "application/json"
        ):
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
