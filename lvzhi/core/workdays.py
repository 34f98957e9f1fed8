"""Working-day calendar engine: working days, calendar months and calendar days.

Pure Python (no Django); :mod:`lvzhi.core.calendar` wraps it with the admin-edited overrides.
The semantics are documented in ``docs/calendar.md``; in short:

* A day is a working day if an **override** says so (admins win over everything); otherwise,
  for a year the ``chinese_calendar`` package knows, if it is a working day in the official
  State Council calendar (public holidays off, 调休 make-up weekend days on); otherwise
  Monday–Friday less the **statutory holidays**, computed for any year from the national
  regulation (:func:`statutory_holidays`). Such a year is *provisional* until the State
  Council's arrangement (its make-up days and bridge days) has been entered as overrides, and
  the UI and the API say so.
* Periods follow the Civil Code (民法典) Art 200–204: the start day is not counted (Art 201);
  "N months after" ends on the corresponding day of the target month, or on that month's last
  day if it has no such day (Art 202); a period whose last day is a day off ends on the next
  working day (Art 203) when ``roll_to_working_day`` is set.
* ``add_working_days(start, n)`` is the n-th working day after ``start`` (``start`` is not
  counted); ``n == 0`` returns ``start`` unchanged (use :meth:`WorkCalendar.roll_forward` to
  move a day off to the next working day).

Per-year tables (a flag per day and a running count of working days) are built once per year
and cached, so every operation costs O(1) per calendar year touched plus a binary search.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final, Literal, cast

_cc: Any
try:  # pragma: no cover - the import itself is exercised by every test run
    import chinese_calendar

    _cc = chinese_calendar
except ImportError:  # pragma: no cover - chinesecalendar is a hard dependency, degrade anyway
    _cc = None

_lunar: Any
try:  # pragma: no cover - the import itself is exercised by every test run
    from lunardate import LunarDate

    _lunar = LunarDate
except ImportError:  # pragma: no cover - lunardate is a hard dependency, degrade anyway
    _lunar = None

__all__ = [
    "PERIOD_UNITS",
    "Period",
    "PeriodError",
    "PeriodUnit",
    "WorkCalendar",
    "add_days",
    "add_months",
    "official_year_range",
    "statutory_holidays",
]

PeriodUnit = Literal["working_days", "days", "months", "years"]
#: Units a :class:`Period` may use, with their Chinese and English wording.
PERIOD_UNITS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "working_days": ("个工作日", "working days"),
        "days": ("日", "days"),
        "months": ("个月", "months"),
        "years": ("年", "years"),
    }
)


def _official_range() -> tuple[int, int] | None:
    if _cc is None:  # pragma: no cover
        return None
    years = [d.year for d in _cc.holidays]
    if not years:  # pragma: no cover
        return None
    return min(years), max(years)


_OFFICIAL_RANGE: Final = _official_range()


def official_year_range() -> tuple[int, int] | None:
    """First and last year the installed ``chinese_calendar`` has official data for, or ``None``."""
    return _OFFICIAL_RANGE


#: The first year of the statutory holidays as :func:`statutory_holidays` computes them: the
#: national regulation 《全国年节及纪念日放假办法》 as amended by the State Council on
#: 12 November 2024 (in force 1 January 2025), Art 2.
STATUTORY_RULES_SINCE: Final = 2025
#: The years ``lunardate`` converts lunar dates for (its table covers lunar years 1900–2099).
LUNAR_YEARS: Final = (1900, 2099)
#: The years ``chinese_calendar.get_solar_terms`` computes 清明 for (寿星 formula with its
#: corrections, 1900–2100).
SOLAR_TERM_YEARS: Final = (1900, 2100)


def _lunar_day(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of lunar ``month``/``day`` of lunar ``year``, or None out of range."""
    if _lunar is None or not LUNAR_YEARS[0] <= year <= LUNAR_YEARS[1]:
        return None
    return cast(dt.date, _lunar(year, month, day).to_solar_date())


def _qingming(year: int) -> dt.date | None:
    """清明: the day of the solar term (太阳到达黄经15°), usually 4 or 5 April."""
    if _cc is None or not SOLAR_TERM_YEARS[0] <= year <= SOLAR_TERM_YEARS[1]:
        return None
    for day, name in _cc.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30)):
        if name == "清明":
            return cast(dt.date, day)
    return None  # pragma: no cover - every April has 清明


@lru_cache(maxsize=256)
def _statutory_holidays(year: int) -> Mapping[dt.date, str]:
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    new_year = _lunar_day(year, 1, 1)
    if new_year is not None:  # 春节: 除夕 (the lunar year's last day) to 初三
        for i in range(-1, 3):
            days[new_year + dt.timedelta(days=i)] = "春节"
    qingming = _qingming(year)
    if qingming is not None:
        days[qingming] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    for month, day, name in ((5, 5, "端午节"), (8, 15, "中秋节")):
        found = _lunar_day(year, month, day)
        if found is not None:
            days[found] = name
    for d in (1, 2, 3):
        days[dt.date(year, 10, d)] = "国庆节"
    return MappingProxyType(dict(sorted(days.items())))


def statutory_holidays(year: int) -> Mapping[dt.date, str]:
    """The statutory public holidays of ``year`` (date → Chinese name), computed without the
    State Council's yearly arrangement.

    《全国年节及纪念日放假办法》 (as amended 2024) Art 2: 元旦 1 day (1 January), 春节 4 days
    (除夕 to 初三), 清明节 1 day (the solar term), 劳动节 2 days (1–2 May), 端午节 1 day (lunar
    5/5), 中秋节 1 day (lunar 8/15), 国庆节 3 days (1–3 October). The yearly arrangement (调休:
    make-up working days and the bridge days that join a holiday to a weekend) is published by
    the State Council each November or December and is entered as overrides.

    Empty before :data:`STATUTORY_RULES_SINCE` (other rules applied then; those years are in the
    official calendar anyway). The lunar holidays need ``lunardate`` (up to 2099) and 清明
    ``chinese_calendar`` (up to 2100); out of those ranges only the solar-date holidays are
    given.
    """
    if year < STATUTORY_RULES_SINCE:
        return MappingProxyType({})
    return _statutory_holidays(year)


def _as_date(value: dt.date) -> dt.date:
    """Accept a ``datetime`` too (a subclass of ``date``) and drop its time part."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")
    return value


@lru_cache(maxsize=512)
def _base_flags(year: int) -> bytes:
    """One byte per day of ``year`` (1 = working day) from the official calendar or, for a
    year it does not know, Monday–Friday less the computed statutory holidays."""
    first = dt.date(year, 1, 1)
    ndays = 366 if _stdcal.isleap(year) else 365
    known = _OFFICIAL_RANGE is not None and _OFFICIAL_RANGE[0] <= year <= _OFFICIAL_RANGE[1]
    out = bytearray(ndays)
    weekday = first.weekday()
    if known:
        assert _cc is not None
        hols = _cc.holidays
        works = _cc.workdays
        for i in range(ndays):
            day = first + dt.timedelta(days=i)
            out[i] = 1 if (day in works or ((weekday + i) % 7 < 5 and day not in hols)) else 0
    else:
        for i in range(ndays):
            out[i] = 1 if (weekday + i) % 7 < 5 else 0
        for day in statutory_holidays(year):
            out[day.toordinal() - first.toordinal()] = 0
    return bytes(out)


class _YearTable:
    """Flags and running counts for one calendar year (with overrides applied)."""

    __slots__ = ("cum", "first_ordinal", "flags", "ndays", "total")

    def __init__(self, year: int, flags: bytes) -> None:
        self.first_ordinal = dt.date(year, 1, 1).toordinal()
        self.flags = flags
        self.ndays = len(flags)
        cum = [0] * (self.ndays + 1)
        running = 0
        for i, flag in enumerate(flags):
            running += flag
            cum[i + 1] = running
        #: ``cum[i]`` = number of working days among the first ``i`` days of the year.
        self.cum = cum
        self.total = running


class WorkCalendar:
    """Working days from admin overrides, the official calendar, then Monday–Friday.

    ``overrides`` maps a date to ``True`` (working day) or ``False`` (day off); it is copied,
    so later changes to the mapping do not affect the calendar (build a new one instead).
    Instances are cheap to create; the official per-year data is shared between instances.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None) -> None:
        normalised: dict[dt.date, bool] = {}
        for key, value in (overrides or {}).items():
            normalised[_as_date(key)] = bool(value)
        self._overrides: Mapping[dt.date, bool] = MappingProxyType(normalised)
        by_year: dict[int, dict[dt.date, bool]] = {}
        for day, working in normalised.items():
            by_year.setdefault(day.year, {})[day] = working
        self._overrides_by_year = by_year
        self._tables: dict[int, _YearTable] = {}

    # --- introspection -------------------------------------------------------------------------

    @property
    def overrides(self) -> Mapping[dt.date, bool]:
        """The overrides this calendar was built with (read-only)."""
        return self._overrides

    @property
    def override_years(self) -> frozenset[int]:
        """Years that have at least one override."""
        return frozenset(self._overrides_by_year)

    def with_overrides(self, more: Mapping[dt.date, bool]) -> WorkCalendar:
        """A new calendar with ``more`` overrides added on top of this one's."""
        merged = dict(self._overrides)
        merged.update({_as_date(k): bool(v) for k, v in more.items()})
        return WorkCalendar(merged)

    @staticmethod
    def known_year(year: int) -> bool:
        """Whether the official holiday calendar for ``year`` is known to ``chinese_calendar``."""
        return _OFFICIAL_RANGE is not None and _OFFICIAL_RANGE[0] <= year <= _OFFICIAL_RANGE[1]

    def unknown_years(self, start: dt.date | int, end: dt.date | int) -> list[int]:
        """Years from ``start`` to ``end`` (inclusive; dates or years) without official data.

        For those years the calendar falls back to Monday–Friday plus any overrides; the UI
        should ask admins to enter that year's holidays and 调休 days (see
        :attr:`override_years` to tell whether some have been entered already).
        """
        first = start.year if isinstance(start, dt.date) else int(start)
        last = end.year if isinstance(end, dt.date) else int(end)
        if last < first:
            first, last = last, first
        return [y for y in range(first, last + 1) if not self.known_year(y)]

    def provisional_year(self, year: int) -> bool:
        """Whether ``year``'s working days are provisional: the official calendar does not know
        the year and no override for it has been entered, so only the computed statutory
        holidays (:func:`statutory_holidays`) and Monday–Friday count — the State Council's
        make-up days and bridge days are missing. Entering the year's arrangement as overrides
        makes it final."""
        return not self.known_year(year) and year not in self._overrides_by_year

    def provisional_years(self, start: dt.date | int, end: dt.date | int) -> list[int]:
        """The years from ``start`` to ``end`` (inclusive; dates or years) that are provisional;
        a deadline counted across one of them may move once the arrangement is entered."""
        first = start.year if isinstance(start, dt.date) else int(start)
        last = end.year if isinstance(end, dt.date) else int(end)
        if last < first:
            first, last = last, first
        return [y for y in range(first, last + 1) if self.provisional_year(y)]

    # --- tables --------------------------------------------------------------------------------

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            flags = _base_flags(year)
            year_overrides = self._overrides_by_year.get(year)
            if year_overrides:
                mutable = bytearray(flags)
                first = dt.date(year, 1, 1).toordinal()
                for day, working in year_overrides.items():
                    mutable[day.toordinal() - first] = 1 if working else 0
                flags = bytes(mutable)
            table = _YearTable(year, flags)
            self._tables[year] = table
        return table

    # --- single days ---------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (override, official calendar, then Mon–Fri)."""
        day = _as_date(day)
        table = self._table(day.year)
        return table.flags[day.toordinal() - table.first_ordinal] == 1

    def is_day_off(self, day: dt.date) -> bool:
        """The opposite of :meth:`is_working_day`."""
        return not self.is_working_day(day)

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, otherwise the next working day (民法典 Art 203)."""
        day = _as_date(day)
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def working_days_in_year(self, year: int) -> int:
        """How many working days ``year`` has."""
        return self._table(year).total

    def working_days_in(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """The working days ``d`` with ``start <= d <= end``, in order."""
        start, end = _as_date(start), _as_date(end)
        day = start
        one = dt.timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += one

    # --- arithmetic ----------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start`` unchanged even when it is a day off; for ``n >= 1`` the
        result is always a working day. ``n`` must not be negative (see
        :meth:`subtract_working_days`).
        """
        start = _as_date(start)
        n = _check_count(n)
        if n == 0:
            return start
        year = start.year
        table = self._table(year)
        index = start.toordinal() - table.first_ordinal
        base = table.cum[index + 1]  # working days up to and including start
        remaining = n
        while True:
            available = table.total - base
            if remaining <= available:
                i = bisect_left(table.cum, base + remaining)
                return dt.date.fromordinal(table.first_ordinal + i - 1)
            remaining -= available
            year += 1
            table = self._table(year)
            base = 0

    def subtract_working_days(self, end: dt.date, n: int) -> dt.date:
        """The n-th working day before ``end`` (``end`` itself is not counted); ``n >= 0``.

        Useful for reminders ("3 working days before the deadline"). ``n == 0`` returns
        ``end`` unchanged.
        """
        end = _as_date(end)
        n = _check_count(n)
        if n == 0:
            return end
        year = end.year
        table = self._table(year)
        index = end.toordinal() - table.first_ordinal
        top = table.cum[index]  # working days strictly before end in its year
        remaining = n
        while True:
            if remaining <= top:
                # the day d with cum[d] == top - remaining + 1 and flag 1: last index with
                # cum[i] == top - remaining, i.e. bisect_left(cum, top - remaining + 1) - 1
                i = bisect_left(table.cum, top - remaining + 1)
                return dt.date.fromordinal(table.first_ordinal + i - 1)
            remaining -= top
            year -= 1
            table = self._table(year)
            top = table.total

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days ``d`` with ``a < d <= b``; negative when ``b < a``.

        So ``working_days_between(a, add_working_days(a, n)) == n`` and
        ``working_days_between(a, a) == 0``.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        ta = self._table(a.year)
        if a.year == b.year:
            return ta.cum[b.toordinal() - ta.first_ordinal + 1] - ta.cum[a.toordinal() - ta.first_ordinal + 1]
        count = ta.total - ta.cum[a.toordinal() - ta.first_ordinal + 1]
        for year in range(a.year + 1, b.year):
            count += self._table(year).total
        tb = self._table(b.year)
        count += tb.cum[b.toordinal() - tb.first_ordinal + 1]
        return count

    def add_days(self, start: dt.date, n: int, *, roll_to_working_day: bool = False) -> dt.date:
        """``start`` plus ``n`` calendar days; see :func:`add_days`."""
        result = add_days(start, n)
        return self.roll_forward(result) if roll_to_working_day else result

    def add_months(self, start: dt.date, n: int, *, roll_to_working_day: bool = False) -> dt.date:
        """``n`` calendar months after ``start``; see :func:`add_months`."""
        result = add_months(start, n)
        return self.roll_forward(result) if roll_to_working_day else result

    def __repr__(self) -> str:
        return f"WorkCalendar(overrides={len(self._overrides)})"


def _check_count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    return n


def add_days(start: dt.date, n: int) -> dt.date:
    """``start`` plus ``n`` calendar days (negative ``n`` goes back).

    The start day is not counted (民法典 Art 201): a 30-day period starting 1 March ends on
    31 March.
    """
    return _as_date(start) + dt.timedelta(days=n)


def add_months(start: dt.date, n: int) -> dt.date:
    """``n`` calendar months after ``start`` (negative ``n`` goes back).

    The period ends on the corresponding day of the target month; if that month has no such
    day, on its last day (民法典 Art 202): 31 Jan + 1 month = 28 Feb (29 in a leap year);
    31 Aug + 6 months = 28/29 Feb; 30 Nov + 3 months = 28/29 Feb.
    """
    start = _as_date(start)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    month_index = start.year * 12 + (start.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    day = min(start.day, _stdcal.monthrange(year, month)[1])
    return dt.date(year, month, day)


class PeriodError(ValueError):
    """A profile value could not be read as a :class:`Period`."""


@dataclass(frozen=True, slots=True)
class Period:
    """A deadline length such as "5 working days", "3 months" or "20 days".

    ``roll_to_working_day`` (default ``True``) moves a calendar-day, month or year deadline
    that falls on a day off to the next working day (民法典 Art 203); it has no effect on
    working-day periods, whose end is a working day anyway.
    """

    amount: int
    unit: PeriodUnit
    roll_to_working_day: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise PeriodError(f"period amount must be a whole number, got {self.amount!r}")
        if self.amount < 0:
            raise PeriodError(f"period amount must not be negative, got {self.amount}")
        if self.unit not in PERIOD_UNITS:
            raise PeriodError(f"unknown period unit {self.unit!r}; expected one of {', '.join(PERIOD_UNITS)}")
        if not isinstance(self.roll_to_working_day, bool):
            raise PeriodError("roll_to_working_day must be true or false")

    @classmethod
    def from_value(cls, value: Any) -> Period:
        """Parse a profile value ``{"amount": 5, "unit": "working_days"}`` (or a Period)."""
        if isinstance(value, Period):
            return value
        if not isinstance(value, Mapping):
            raise PeriodError(f"a period must be an object with amount and unit, got {type(value).__name__}")
        extra = set(value) - {"amount", "unit", "roll_to_working_day"}
        if extra:
            raise PeriodError(f"unexpected period field(s): {', '.join(sorted(map(str, extra)))}")
        if "amount" not in value or "unit" not in value:
            raise PeriodError("a period needs both 'amount' and 'unit'")
        unit = value["unit"]
        if not isinstance(unit, str) or unit not in PERIOD_UNITS:
            raise PeriodError(f"unknown period unit {unit!r}; expected one of {', '.join(PERIOD_UNITS)}")
        return cls(
            amount=value["amount"],
            unit=cast(PeriodUnit, unit),
            roll_to_working_day=value.get("roll_to_working_day", True),
        )

    def to_value(self) -> dict[str, Any]:
        """The JSON form used in rules profiles."""
        out: dict[str, Any] = {"amount": self.amount, "unit": self.unit}
        if not self.roll_to_working_day:
            out["roll_to_working_day"] = False
        return out

    def due_from(self, start: dt.date, calendar: WorkCalendar) -> dt.date:
        """The last day of the period that starts on ``start`` (``start`` not counted)."""
        if self.unit == "working_days":
            return calendar.add_working_days(start, self.amount)
        if self.unit == "days":
            return calendar.add_days(start, self.amount, roll_to_working_day=self.roll_to_working_day)
        months = self.amount * 12 if self.unit == "years" else self.amount
        return calendar.add_months(start, months, roll_to_working_day=self.roll_to_working_day)

    def label_zh(self) -> str:
        """E.g. ``"5个工作日"``, ``"3个月"``, ``"20日"``."""
        return f"{self.amount}{PERIOD_UNITS[self.unit][0]}"

    def label_en(self) -> str:
        """E.g. ``"5 working days"``, ``"3 months"``."""
        word = PERIOD_UNITS[self.unit][1]
        if self.amount == 1:
            word = word[:-1]
        return f"{self.amount} {word}"

    def __str__(self) -> str:
        return self.label_en()
