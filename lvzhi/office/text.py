"""Text helpers shared by the document and spreadsheet writers (no Django, no office library)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from lvzhi.textkit.numerals import int_to_cn, int_to_cn_digits


def char_width(char: str) -> int:
    """2 for a wide character (CJK ideographs, full-width forms), 1 otherwise."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The width of ``text`` in half-width columns: a CJK character counts 2, ASCII 1. For
    several lines, the widest line."""
    return max((sum(char_width(c) for c in line) for line in text.splitlines()), default=0)


def cn_int(n: int) -> str:
    """A whole number from 0 to 99 in Chinese numerals as used in dates and headings:
    一, 十, 十一, 二十, 三十一. Larger numbers are returned in Arabic digits."""
    if not 0 <= n < 100:
        return str(n)
    return "〇" if n == 0 else int_to_cn(n)


def chinese_date(day: dt.date) -> str:
    """A date in Chinese numerals, the year digit by digit with 〇 for zero:
    ``chinese_date(date(2026, 12, 3)) == "二〇二六年十二月三日"``."""
    return f"{int_to_cn_digits(day.year)}年{int_to_cn(day.month)}月{int_to_cn(day.day)}日"


def arabic_date(day: dt.date) -> str:
    """A date as 2026年12月3日 (no leading zeros), as GB/T 9704-2012 §7.3.5.1 writes the 成文日期."""
    return f"{day.year}年{day.month}月{day.day}日"
