"""Turns a :class:`DomainError` escaping a page view into a message, never a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render

from .errors import DomainError


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
        if request.method == "POST" and request.headers.get("Referer"):
            messages.error(request, str(exception.message))
            return HttpResponseRedirect(request.headers["Referer"])
        return render(request, "error.html", {"error": exception}, status=exception.status)
