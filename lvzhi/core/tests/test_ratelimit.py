"""The per-client rate limiter: fixed windows, a clear refusal, separate clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from lvzhi.core.errors import Throttled
from lvzhi.core.ratelimit import Limit, check, client_address, client_key, parse_limits


@pytest.fixture(autouse=True)
def _clear() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_parse_limits() -> None:
    assert parse_limits("10/60, 100/3600") == (Limit(10, 60), Limit(100, 3600))
    assert parse_limits("") == ()


def test_refuses_over_the_limit_with_retry_after_and_resets_next_window() -> None:
    limits = (Limit(3, 60),)
    for _ in range(3):
        check("t", "a", limits, now=1000.0)
    with pytest.raises(Throttled) as err:
        check("t", "a", limits, now=1010.0)
    assert err.value.status == 429 and err.value.detail["retry_after"] == 11  # window 960–1020
    check("t", "b", limits, now=1010.0)  # another client is not affected
    check("t", "a", limits, now=1021.0)  # the next window


def test_the_longer_window_also_counts() -> None:
    limits = (Limit(100, 60), Limit(5, 3600))
    for i in range(5):
        check("t", "a", limits, now=1000.0 + i * 61)
    with pytest.raises(Throttled):
        check("t", "a", limits, now=1000.0 + 5 * 61)


def test_forwarded_address_is_trusted_only_from_a_listed_proxy(settings: Any) -> None:
    rf = RequestFactory()
    req = rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9")
    settings.TRUSTED_PROXIES = ()
    assert client_address(req) == "127.0.0.1"
    settings.TRUSTED_PROXIES = ("127.0.0.1",)
    assert client_address(req) == "10.0.0.9"  # the address the proxy itself appended
    other = rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.8")
    from django.contrib.auth.models import AnonymousUser

    req.user = other.user = AnonymousUser()
    assert client_key(req) != client_key(other) and len(client_key(req)) == 16
