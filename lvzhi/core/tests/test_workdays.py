"""Tests for the working-day calendar engine (no database).

The holiday dates asserted here were checked against chinesecalendar 1.11:

* 2025 春节: off Tue 28 Jan – Tue 4 Feb; make-up working days Sun 26 Jan and Sat 8 Feb.
* 2026 春节: off Sun 15 Feb – Mon 23 Feb; make-up working days Sat 14 Feb and Sat 28 Feb.
* 2025 国庆 + 中秋: off Wed 1 Oct – Wed 8 Oct; make-up Sun 28 Sep and Sat 11 Oct.
* 2026 中秋 Fri 25 Sep off; 国庆 off Thu 1 Oct – Wed 7 Oct; make-up Sun 20 Sep and Sat 10 Oct.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lvzhi.core.workdays import (
    Period,
    PeriodError,
    WorkCalendar,
    add_days,
    add_months,
    official_year_range,
    statutory_holidays,
)

D = dt.date
CAL = WorkCalendar()


# --- official calendar ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 26), True),  # Sunday, 调休 make-up day
        (D(2025, 1, 27), True),
        (D(2025, 1, 28), False),  # 除夕 eve, first day off
        (D(2025, 1, 31), False),
        (D(2025, 2, 3), False),  # Monday off
        (D(2025, 2, 4), False),
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),  # Saturday, make-up
        (D(2025, 2, 9), False),
        (D(2026, 2, 14), True),  # Saturday, make-up
        (D(2026, 2, 16), False),
        (D(2026, 2, 23), False),  # Monday off
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday, make-up
        (D(2025, 9, 28), True),  # Sunday, make-up
        (D(2025, 10, 1), False),
        (D(2025, 10, 6), False),  # 中秋
        (D(2025, 10, 8), False),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),  # Saturday, make-up
        (D(2026, 9, 20), True),  # Sunday, make-up
        (D(2026, 9, 25), False),  # 中秋 (Friday)
        (D(2026, 10, 7), False),
        (D(2026, 10, 10), True),  # Saturday, make-up
        (D(2026, 10, 11), False),
    ],
)
def test_official_days(day: dt.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working
    assert CAL.is_day_off(day) is (not working)


def test_spring_festival_2025_working_days() -> None:
    # Fri 24 Jan: Sun 26 (1), Mon 27 (2), then the break, Wed 5 Feb (3), Thu 6 (4), Fri 7 (5)
    assert CAL.add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert CAL.add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)
    assert CAL.add_working_days(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert CAL.add_working_days(D(2025, 2, 7), 1) == D(2025, 2, 8)  # make-up Saturday
    assert CAL.working_days_between(D(2025, 1, 24), D(2025, 2, 7)) == 5
    assert CAL.working_days_between(D(2025, 1, 27), D(2025, 2, 4)) == 0
    assert CAL.subtract_working_days(D(2025, 2, 5), 1) == D(2025, 1, 27)
    assert CAL.subtract_working_days(D(2025, 2, 5), 3) == D(2025, 1, 24)


def test_spring_festival_2026_working_days() -> None:
    # Thu 12 Feb: Fri 13 (1), Sat 14 make-up (2), break, Tue 24 (3), Wed 25 (4), Thu 26 (5)
    assert CAL.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert CAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    # Shanghai's 7 working days from Thu 12 Feb: ... 26 (5), Fri 27 (6), Sat 28 make-up (7)
    assert CAL.add_working_days(D(2026, 2, 12), 7) == D(2026, 2, 28)
    assert CAL.working_days_between(D(2026, 2, 12), D(2026, 3, 2)) == 8


def test_national_day_2025_working_days() -> None:
    assert CAL.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert CAL.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    # 7 working days from Tue 30 Sep: 9, 10, 11 (Sat make-up), 13, 14, 15, 16 Oct
    assert CAL.add_working_days(D(2025, 9, 30), 7) == D(2025, 10, 16)
    assert CAL.working_days_between(D(2025, 9, 30), D(2025, 10, 16)) == 7


def test_national_day_2026_reply_deadline_rolls() -> None:
    # assigned 1 Jul 2026; three months fall on Thu 1 Oct (国庆) -> next working day Thu 8 Oct
    assert CAL.add_months(D(2026, 7, 1), 3) == D(2026, 10, 1)
    assert CAL.add_months(D(2026, 7, 1), 3, roll_to_working_day=True) == D(2026, 10, 8)
    assert Period(3, "months").due_from(D(2026, 7, 1), CAL) == D(2026, 10, 8)
    assert Period(3, "months", roll_to_working_day=False).due_from(D(2026, 7, 1), CAL) == D(2026, 10, 1)
    # 10 days after 15 Sep 2026 is 中秋 (Fri 25 Sep); the weekend follows, so Mon 28 Sep
    assert CAL.add_days(D(2026, 9, 15), 10, roll_to_working_day=True) == D(2026, 9, 28)


def test_year_boundary() -> None:
    # Wed 31 Dec 2025 -> Thu 1 Jan and Fri 2 Jan 2026 off, Sun 4 Jan 2026 is a make-up day
    assert CAL.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert CAL.working_days_between(D(2025, 12, 30), D(2026, 1, 5)) == 3  # 31 Dec, 4 Jan, 5 Jan
    assert CAL.subtract_working_days(D(2026, 1, 4), 1) == D(2025, 12, 31)


def test_zero_and_invalid_counts() -> None:
    holiday = D(2025, 10, 3)
    assert CAL.add_working_days(holiday, 0) == holiday  # n == 0: unchanged, even on a day off
    assert CAL.subtract_working_days(holiday, 0) == holiday
    assert CAL.roll_forward(holiday) == D(2025, 10, 9)
    assert CAL.roll_forward(D(2025, 10, 9)) == D(2025, 10, 9)
    assert CAL.next_working_day(D(2025, 10, 9)) == D(2025, 10, 10)
    with pytest.raises(ValueError):
        CAL.add_working_days(holiday, -1)
    with pytest.raises(TypeError):
        CAL.add_working_days(holiday, True)
    with pytest.raises(TypeError):
        CAL.add_working_days(holiday, 1.5)  # type: ignore[arg-type]


def test_datetime_input_is_accepted() -> None:
    moment = dt.datetime(2025, 1, 27, 17, 30)
    assert CAL.is_working_day(moment)
    assert CAL.add_working_days(moment, 1) == D(2025, 2, 5)
    assert WorkCalendar({dt.datetime(2025, 2, 5, 9): False}).is_working_day(D(2025, 2, 5)) is False


def test_working_days_in_year_and_iteration() -> None:
    days = list(CAL.working_days_in(D(2025, 10, 1), D(2025, 10, 12)))
    assert days == [D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 11)]
    assert CAL.working_days_in_year(2025) == sum(
        1 for i in range(365) if CAL.is_working_day(D(2025, 1, 1) + dt.timedelta(days=i))
    )
    assert CAL.working_days_in_year(2025) == 248  # verified with chinese_calendar.get_workdays
    # not in the package: Mon–Fri (261) less the 7 statutory holidays on weekdays
    assert CAL.working_days_in_year(2027) == 254


# --- unknown years and overrides ------------------------------------------------------------------


def test_known_years() -> None:
    assert official_year_range() == (2004, 2026)
    assert WorkCalendar.known_year(2025)
    assert WorkCalendar.known_year(2026)
    assert not WorkCalendar.known_year(2027)
    assert not WorkCalendar.known_year(2003)
    assert CAL.unknown_years(D(2025, 6, 1), D(2028, 1, 1)) == [2027, 2028]
    assert CAL.unknown_years(2028, 2026) == [2027, 2028]
    assert CAL.unknown_years(2024, 2026) == []


def test_unknown_year_counts_the_statutory_holidays() -> None:
    # 2027 is not in chinesecalendar 1.11 (was: plain Mon–Fri, so 1 Jan 2027 was a working day):
    # Mon–Fri less the computed holidays; 春节 is 除夕 Fri 5 Feb to 初三 Mon 8 Feb
    assert not CAL.is_working_day(D(2027, 1, 1))  # 元旦, a Friday
    assert not CAL.is_working_day(D(2027, 2, 5)) and not CAL.is_working_day(D(2027, 2, 8))
    assert not CAL.is_working_day(D(2027, 2, 6))  # Saturday
    assert CAL.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert CAL.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 9)
    assert CAL.add_working_days(D(2027, 2, 4), 5) == D(2027, 2, 15)
    assert CAL.provisional_years(D(2026, 12, 31), D(2027, 1, 4)) == [2027]


def test_overrides_for_2027() -> None:
    # an admin enters a (hypothetical) 2027 Spring Festival: off Mon 8 – Fri 12 Feb,
    # Saturday 6 Feb and Sunday 14 Feb worked
    overrides = {D(2027, 2, 6): True, D(2027, 2, 14): True}
    overrides.update({D(2027, 2, d): False for d in range(8, 13)})
    cal = WorkCalendar(overrides)
    assert cal.override_years == frozenset({2027})
    assert cal.unknown_years(2027, 2027) == [2027]  # still unknown officially; UI may show overrides
    assert CAL.provisional_year(2027) and not cal.provisional_year(2027)  # the arrangement is in
    assert cal.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 6)
    assert cal.add_working_days(D(2027, 2, 5), 2) == D(2027, 2, 14)
    assert cal.add_working_days(D(2027, 2, 5), 3) == D(2027, 2, 15)
    assert cal.working_days_between(D(2027, 2, 5), D(2027, 2, 15)) == 3
    assert cal.add_months(D(2026, 11, 10), 3, roll_to_working_day=True) == D(2027, 2, 14)
    # the calendar without overrides is unaffected (tables are per instance)
    assert CAL.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 9)


# --- statutory holidays computed for any year ------------------------------------------------------

#: chinese_calendar's English names of the holidays (``get_holiday_detail``).
CC_NAMES = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Tomb-sweeping Day",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆节": "National Day",
}


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_holidays_are_official_holidays(year: int) -> None:
    # the years since the 2024 amendment that the official data covers: every computed
    # holiday is a day off there, under the same festival's name
    import chinese_calendar

    computed = statutory_holidays(year)
    assert len(computed) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3 (no overlap in these years)
    for day, name in computed.items():
        on_holiday, official = chinese_calendar.get_holiday_detail(day)
        assert on_holiday and official == CC_NAMES[name], (day, name, official)
        assert not CAL.is_working_day(day)


def test_computed_holidays_2027() -> None:
    days = statutory_holidays(2027)
    by_name: dict[str, list[dt.date]] = {}
    for day, name in days.items():
        by_name.setdefault(name, []).append(day)
    assert by_name == {
        "元旦": [D(2027, 1, 1)],
        "春节": [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)],  # 除夕 5 Feb, 初一 6 Feb
        "清明节": [D(2027, 4, 5)],
        "劳动节": [D(2027, 5, 1), D(2027, 5, 2)],
        "端午节": [D(2027, 6, 9)],
        "中秋节": [D(2027, 9, 15)],
        "国庆节": [D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)],
    }
    assert all(not CAL.is_working_day(day) for day in days)


@pytest.mark.parametrize(
    ("year", "qingming"),
    [(2025, D(2025, 4, 4)), (2026, D(2026, 4, 5)), (2027, D(2027, 4, 5)), (2028, D(2028, 4, 4))],
)
def test_qingming_from_the_solar_term(year: int, qingming: dt.date) -> None:
    assert statutory_holidays(year)[qingming] == "清明节"


def test_statutory_holidays_ranges() -> None:
    assert statutory_holidays(2024) == {}  # before the 2024 amendment; the official data has it
    assert D(2099, 1, 20) in statutory_holidays(2099)  # 除夕 of the lunar table's last year
    # past the lunar table: the solar-date holidays and 清明 only
    assert set(statutory_holidays(2100).values()) == {"元旦", "清明节", "劳动节", "国庆节"}
    assert set(statutory_holidays(2200).values()) == {"元旦", "劳动节", "国庆节"}
    assert not CAL.is_working_day(D(2200, 10, 1))  # a Wednesday


def test_provisional_years() -> None:
    assert CAL.provisional_years(2025, 2028) == [2027, 2028]
    assert CAL.provisional_years(D(2026, 3, 1), D(2026, 12, 31)) == []
    cal = WorkCalendar({D(2027, 2, 20): True})
    assert cal.provisional_years(2028, 2026) == [2028]


def test_overrides_win_over_the_official_calendar() -> None:
    cal = WorkCalendar({D(2025, 10, 8): True, D(2025, 9, 28): False, D(2025, 10, 13): False})
    assert cal.is_working_day(D(2025, 10, 8))
    assert not cal.is_working_day(D(2025, 9, 28))
    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 8)
    assert cal.add_working_days(D(2025, 10, 11), 1) == D(2025, 10, 14)
    more = cal.with_overrides({D(2025, 10, 8): False})
    assert not more.is_working_day(D(2025, 10, 8))
    assert cal.is_working_day(D(2025, 10, 8))  # original unchanged


def test_overrides_are_copied() -> None:
    source = {D(2025, 10, 8): True}
    cal = WorkCalendar(source)
    source[D(2025, 10, 8)] = False
    assert cal.is_working_day(D(2025, 10, 8))
    with pytest.raises(TypeError):
        cal.overrides[D(2025, 1, 1)] = True  # type: ignore[index]


# --- months and days (民法典 Art 201-203) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 1, 15), 3, D(2025, 4, 15)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 5, 20), 0, D(2025, 5, 20)),
    ],
)
def test_add_months_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected
    assert CAL.add_months(start, months) == expected


def test_add_months_rolls_only_off_days() -> None:
    # 31 Aug 2025 + 6 months = Sat 28 Feb 2026, a 调休 working day: no roll
    assert CAL.add_months(D(2025, 8, 31), 6, roll_to_working_day=True) == D(2026, 2, 28)
    # 31 Jul 2025 + 6 months = Sat 31 Jan 2026, a day off: rolls to Mon 2 Feb
    assert CAL.add_months(D(2025, 7, 31), 6, roll_to_working_day=True) == D(2026, 2, 2)
    # 16 Dec 2025 + 2 months = Mon 16 Feb 2026 (春节): rolls to Tue 24 Feb
    assert CAL.add_months(D(2025, 12, 16), 2, roll_to_working_day=True) == D(2026, 2, 24)


def test_add_days() -> None:
    assert add_days(D(2025, 3, 1), 30) == D(2025, 3, 31)  # start day not counted
    assert CAL.add_days(D(2025, 9, 20), 10, roll_to_working_day=True) == D(2025, 9, 30)
    assert CAL.add_days(D(2025, 9, 21), 10) == D(2025, 10, 1)
    assert CAL.add_days(D(2025, 9, 21), 10, roll_to_working_day=True) == D(2025, 10, 9)
    assert add_days(D(2025, 3, 1), -1) == D(2025, 2, 28)


# --- Period ---------------------------------------------------------------------------------------


def test_period_parse_and_due() -> None:
    p = Period.from_value({"amount": 5, "unit": "working_days"})
    assert p == Period(5, "working_days")
    assert p.due_from(D(2026, 2, 12), CAL) == D(2026, 2, 26)
    assert p.label_zh() == "5个工作日"
    assert p.label_en() == "5 working days"
    assert Period(1, "months").label_en() == "1 month"
    assert Period(20, "days").label_zh() == "20日"
    assert str(Period(3, "months")) == "3 months"
    assert Period.from_value(p) is p
    assert Period.from_value({"amount": 2, "unit": "years"}).due_from(D(2024, 2, 29), CAL) == D(2026, 2, 28)
    assert Period(2, "years", roll_to_working_day=False).to_value() == {
        "amount": 2,
        "unit": "years",
        "roll_to_working_day": False,
    }
    assert Period(20, "days").to_value() == {"amount": 20, "unit": "days"}
    # 20 days after Mon 15 Sep 2025 is Sun 5 Oct (国庆): rolls to Thu 9 Oct
    assert Period(20, "days").due_from(D(2025, 9, 15), CAL) == D(2025, 10, 9)
    assert Period(0, "working_days").due_from(D(2025, 10, 3), CAL) == D(2025, 10, 3)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"amount": 5, "unit": "weeks"}, "unknown period unit"),
        ({"amount": -1, "unit": "days"}, "must not be negative"),
        ({"amount": 1.5, "unit": "days"}, "whole number"),
        ({"amount": True, "unit": "days"}, "whole number"),
        ({"unit": "days"}, "needs both"),
        ({"amount": 1, "unit": "days", "extra": 1}, "unexpected period field"),
        ({"amount": 1, "unit": "days", "roll_to_working_day": "yes"}, "true or false"),
        (5, "must be an object"),
    ],
)
def test_period_errors(value: object, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.from_value(value)


# --- properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2035, 12, 31))
override_maps = st.dictionaries(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)), st.booleans(), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=600), overrides=override_maps)
def test_add_working_days_properties(start: dt.date, n: int, overrides: dict[dt.date, bool]) -> None:
    cal = WorkCalendar(overrides)
    result = cal.add_working_days(start, n)
    assert result > start
    assert cal.is_working_day(result)
    assert cal.working_days_between(start, result) == n
    assert cal.working_days_between(result, start) == -n
    # the day before the result still has only n - 1 working days
    assert cal.working_days_between(start, result - dt.timedelta(days=1)) == n - 1
    assert cal.add_working_days(start, 0) == start


@settings(max_examples=300, deadline=None)
@given(end=dates, n=st.integers(min_value=1, max_value=600), overrides=override_maps)
def test_subtract_working_days_properties(end: dt.date, n: int, overrides: dict[dt.date, bool]) -> None:
    cal = WorkCalendar(overrides)
    result = cal.subtract_working_days(end, n)
    assert result < end
    assert cal.is_working_day(result)
    if cal.is_working_day(end):
        assert cal.add_working_days(result, n) == end


@settings(max_examples=200, deadline=None)
@given(a=dates, span=st.integers(min_value=-400, max_value=400), overrides=override_maps)
def test_working_days_between_matches_brute_force(
    a: dt.date, span: int, overrides: dict[dt.date, bool]
) -> None:
    cal = WorkCalendar(overrides)
    b = a + dt.timedelta(days=span)
    lo, hi = min(a, b), max(a, b)
    naive = sum(1 for i in range(1, (hi - lo).days + 1) if cal.is_working_day(lo + dt.timedelta(days=i)))
    assert cal.working_days_between(a, b) == (naive if b >= a else -naive)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)))
def test_matches_chinese_calendar_for_known_years(day: dt.date) -> None:
    import chinese_calendar

    assert CAL.is_working_day(day) is chinese_calendar.is_workday(day)


@settings(max_examples=300, deadline=None)
@given(
    d1=dates,
    d2=dates,
    n1=st.integers(min_value=-60, max_value=60),
    n2=st.integers(min_value=-60, max_value=60),
    roll=st.booleans(),
)
def test_add_months_monotone(d1: dt.date, d2: dt.date, n1: int, n2: int, roll: bool) -> None:
    d1, d2 = min(d1, d2), max(d1, d2)
    n1, n2 = min(n1, n2), max(n1, n2)
    assert CAL.add_months(d1, n1, roll_to_working_day=roll) <= CAL.add_months(
        d2, n1, roll_to_working_day=roll
    )
    assert CAL.add_months(d1, n1, roll_to_working_day=roll) <= CAL.add_months(
        d1, n2, roll_to_working_day=roll
    )


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=-120, max_value=120))
def test_add_months_corresponding_day(start: dt.date, n: int) -> None:
    result = add_months(start, n)
    months = (result.year - start.year) * 12 + result.month - start.month
    assert months == n
    if result.day != start.day:
        assert result.day < start.day
        assert (result + dt.timedelta(days=1)).day == 1  # clamped to the month's last day
    rolled = CAL.add_months(start, n, roll_to_working_day=True)
    assert rolled >= result
    assert CAL.is_working_day(rolled)
    assert CAL.working_days_between(result, rolled) == (0 if rolled == result else 1)
