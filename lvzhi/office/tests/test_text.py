"""The text helpers: Chinese numerals and dates, display widths."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.office.text import arabic_date, chinese_date, cn_int, display_width


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 12, 3), "二〇二六年十二月三日"),
        (dt.date(2000, 1, 10), "二〇〇〇年一月十日"),
        (dt.date(2026, 11, 11), "二〇二六年十一月十一日"),
        (dt.date(2030, 10, 20), "二〇三〇年十月二十日"),
        (dt.date(2026, 5, 31), "二〇二六年五月三十一日"),
        (dt.date(2027, 6, 30), "二〇二七年六月三十日"),
        (dt.date(2019, 2, 19), "二〇一九年二月十九日"),
        (dt.date(2024, 2, 29), "二〇二四年二月二十九日"),
    ],
)
def test_chinese_date(day: dt.date, expected: str) -> None:
    assert chinese_date(day) == expected


def test_chinese_date_uses_the_ideographic_zero() -> None:
    text = chinese_date(dt.date(2006, 1, 1))
    assert text == "二\u3007\u3007六年一月一日" and "零" not in text and "0" not in text


def test_cn_int() -> None:
    assert [cn_int(n) for n in (0, 1, 9, 10, 11, 19, 20, 21, 30, 31, 99)] == [
        "〇",
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十一",
        "三十",
        "三十一",
        "九十九",
    ]
    assert cn_int(100) == "100" and cn_int(-1) == "-1"


def test_arabic_date_has_no_leading_zeros() -> None:
    assert arabic_date(dt.date(2026, 1, 5)) == "2026年1月5日"


def test_display_width_counts_cjk_double() -> None:
    assert display_width("abc") == 3
    assert display_width("江澜市") == 6
    assert display_width("第1条（一）") == 11  # full-width brackets are wide
    assert display_width("短\n更长一行") == 8  # the widest line
    assert display_width("") == 0
