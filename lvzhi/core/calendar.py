"""The one calendar service every deadline goes through (working days, months, holidays).

Wraps the pure engine in :mod:`lvzhi.core.workdays` with the admin-edited overrides.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from django.db.models import Count, Max

from .models import CalendarOverride
from .workdays import Period, WorkCalendar

#: The years the calendar pages and the deadline API accept (a date near year 1 or 9999 would
#: overflow Python's dates when a month or a deadline is added to it).
FIRST_YEAR, LAST_YEAR = 1900, 2200

_lock = threading.Lock()
_cached: tuple[Any, WorkCalendar] | None = None


def work_calendar() -> WorkCalendar:
    """The calendar with current overrides; rebuilt only when the overrides change."""
    global _cached
    signature = tuple(CalendarOverride.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())
    with _lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
        overrides = dict(CalendarOverride.objects.values_list("date", "is_working_day"))
        calendar = WorkCalendar(overrides=overrides)
        _cached = (signature, calendar)
        return calendar


def reset_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def add_working_days(start: dt.date, n: int) -> dt.date:
    return work_calendar().add_working_days(start, n)


def add_months(start: dt.date, n: int, *, roll_to_working_day: bool = False) -> dt.date:
    return work_calendar().add_months(start, n, roll_to_working_day=roll_to_working_day)


def due_date(start: dt.date, period: Period) -> dt.date:
    return period.due_from(start, work_calendar())


def is_working_day(day: dt.date) -> bool:
    return work_calendar().is_working_day(day)
