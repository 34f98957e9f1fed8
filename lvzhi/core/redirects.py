"""Only same-site redirects: every view that sends the browser to an address the request itself
supplies (a ``next`` field, a stored link, the ``Referer``) goes through :func:`safe_url`.

An address is accepted when it stays on this site's host (``url_has_allowed_host_and_scheme``
with the request's own host) and, on a secure request, uses https; anything
else (another host, ``//evil.example``, ``javascript:``, a downgrade to http) falls back to the
given default.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request: HttpRequest, url: str | None) -> bool:
    if not url:
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_url(request: HttpRequest, url: str | None, default: str) -> str:
    """``url`` when it is a same-site address, else ``default`` (a URL name or a path)."""
    if url and is_safe_url(request, url):
        return url
    return resolve_url(default)


def redirect_safe(request: HttpRequest, url: str | None, default: str = "home") -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_url(request, url, default))


def next_from(request: HttpRequest, default: str = "home", *, field: str = "next") -> str:
    """The ``next`` field of a POST (or of the query string), checked; else ``default``."""
    value = request.POST.get(field) or request.GET.get(field) or ""
    return safe_url(request, value, default)


def referer_or(request: HttpRequest, default: str) -> str:
    """The page the request came from when it is on this site, else ``default``."""
    return safe_url(request, request.headers.get("Referer"), default)
