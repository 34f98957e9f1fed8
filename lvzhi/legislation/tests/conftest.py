"""The ``lw`` fixture: the root ``world`` with what legislation needs (see ``factories.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .factories import LegWorld, build


@pytest.fixture
def lw(world: Any) -> LegWorld:
    return build(world)


class Clock:
    """Moves "today" (``timezone.localdate()``) for a test: the steps of a bill are recorded
    only on or before today, so a test that follows a bill through months travels with it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from django.utils import timezone

        self._original = timezone.localdate
        self._monkeypatch = monkeypatch
        self.today = self._original()

    def travel_to(self, day: dt.date) -> None:
        from django.utils import timezone

        original = self._original
        self.today = day

        def localdate(value: Any = None, timezone: Any = None) -> dt.date:
            if value is not None:
                return original(value, timezone)
            return day

        self._monkeypatch.setattr(timezone, "localdate", localdate)

    def advance(self, *, days: int) -> dt.date:
        self.travel_to(self.today + dt.timedelta(days=days))
        return self.today


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)
