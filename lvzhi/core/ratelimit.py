"""Per-client rate limits on public writes (fixed windows in the Django cache).

A bulk bot is refused with HTTP 429 and a clear message; everyone else is served at full
speed (no queueing, no slowing down). The counters live in the configured cache
(``LVZHI_CACHE_URL``; by default each web process keeps its own in memory, so with N
processes a client gets at most N times the limit — still far below what a bot needs).

The client is the remote address, or — when ``LVZHI_TRUSTED_PROXIES`` lists the address the
request came from (a reverse proxy on the same machine) — the last address in
``X-Forwarded-For`` that the proxy appended.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .errors import Throttled


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def parse_limits(spec: str) -> tuple[Limit, ...]:
    """``"10/60,60/3600"`` → two limits: 10 per minute and 60 per hour. ``""`` → none."""
    limits = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        count, _sep, seconds = part.partition("/")
        limits.append(Limit(int(count), int(seconds)))
    return tuple(limits)


@lru_cache(maxsize=8)
def cached_limits(spec: str) -> tuple[Limit, ...]:
    """:func:`parse_limits`, once per distinct setting value (the intake calls it per request)."""
    return parse_limits(spec)


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if remote in getattr(settings, "TRUSTED_PROXIES", ()):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64] or remote
    return remote


def client_key(request: HttpRequest) -> str:
    """A short, non-reversible key for the client (signed-in users by account)."""
    user = getattr(request, "user", None)
    raw = f"u{user.pk}" if user is not None and user.is_authenticated else f"a{client_address(request)}"
    return hashlib.blake2b(f"{settings.SECRET_KEY}:{raw}".encode(), digest_size=8).hexdigest()


def check(scope: str, key: str, limits: tuple[Limit, ...], *, now: float | None = None) -> None:
    """Count one hit for ``key``; raise :class:`Throttled` once any limit is exceeded."""
    now = time.time() if now is None else now
    for limit in limits:
        window = int(now // limit.seconds)
        name = f"rl:{scope}:{limit.seconds}:{key}:{window}"
        if cache.add(name, 1, timeout=limit.seconds + 1):
            hits = 1
        else:
            try:
                hits = cache.incr(name)
            except ValueError:  # expired between add and incr
                cache.add(name, 1, timeout=limit.seconds + 1)
                hits = 1
        if hits > limit.count:
            retry = int((window + 1) * limit.seconds - now) + 1
            raise Throttled(detail={"retry_after": retry, "limit": f"{limit.count}/{limit.seconds}s"})
