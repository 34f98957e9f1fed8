"""Chinese numerals as written in legal texts and in comments on them.

Reading (:func:`cn_to_int`) accepts:

* Arabic digits, half- or full-width (``"12"``, ``"１２"``), through NFKC;
* the digits 〇/○/零 (0), 一 … 九, and 两 (2);
* the units 十, 百, 千 and 万 (``"六百五十"``, ``"一百零一"``, ``"十一"``, ``"一千万零一百"``);
  a 零 written before a unit reads as one of that unit (``"一千零十"`` is 1010);
* digit strings read position by position (``"二〇二六"`` is 2026).

Writing: :func:`int_to_cn` gives the form of legal numbering (``十一``, ``一百一十``,
``一百零一``, ``一万零一十``) for 0 to 99,999,999; :func:`cn_count` the form before a measure
word (``两条``); :func:`int_to_cn_digits` the positional form of years (``二〇二六``).

Pure Python (``unicodedata`` only).
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "MAX_NUMERAL",
    "NUMERAL_CHARS",
    "article_label",
    "cn_count",
    "cn_to_int",
    "int_to_cn",
    "int_to_cn_digits",
]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_DIGITS = "零一二三四五六七八九"

#: Characters that may occur in a numeral :func:`cn_to_int` reads (for regular expressions:
#: ``f"[{NUMERAL_CHARS}]+"``).
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万0123456789０１２３４５６７８９"

#: The largest number :func:`int_to_cn` writes.
MAX_NUMERAL = 99_999_999


def cn_to_int(text: str) -> int:
    """A Chinese or Arabic numeral as an int; ``ValueError`` if ``text`` is not one.

    >>> cn_to_int("六百五十"), cn_to_int("十一"), cn_to_int("一百零一"), cn_to_int("１２")
    (650, 11, 101, 12)
    >>> cn_to_int("两万"), cn_to_int("二〇二六"), cn_to_int("一千零十")
    (20000, 2026, 1010)
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise ValueError("empty numeral")
    if s.isdecimal():
        return int(s)
    if "万" in s:
        high, _, low = s.partition("万")
        return (cn_to_int(high) if high else 1) * 10000 + (cn_to_int(low) if low else 0)
    total = 0
    digit: int | None = None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            # 十 alone is ten; 零 before a unit ("一千零十") is the separator, not a zero factor.
            total += (digit or 1) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if digit is not None:
        if total == 0 and len(s) > 1 and all(c in _DIGITS for c in s):
            # "二〇二六" and other digit strings are read position by position.
            return int("".join(str(_DIGITS[c]) for c in s))
        total += digit
    return total


def int_to_cn(n: int) -> str:
    """The Chinese numeral of ``0 <= n <= 99,999,999`` as used in legal numbering.

    >>> int_to_cn(10), int_to_cn(11), int_to_cn(110), int_to_cn(101), int_to_cn(650)
    ('十', '十一', '一百一十', '一百零一', '六百五十')
    >>> int_to_cn(10010), int_to_cn(100000)
    ('一万零一十', '十万')
    """
    if n < 0 or n > MAX_NUMERAL:
        raise ValueError(f"no Chinese numeral for {n} (0 to {MAX_NUMERAL:,})")
    if n == 0:
        return "零"
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = ""
        if low:
            rest = ("零" if low < 1000 else "") + _under_10000(low, leading=False)
        return _under_10000(high, leading=True) + "万" + rest
    return _under_10000(n, leading=True)


def _under_10000(n: int, *, leading: bool) -> str:
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit_value)
        if d:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            if unit == "十" and d == 1 and not parts and leading:
                parts.append("十")
            else:
                parts.append(_CN_DIGITS[d] + unit)
        elif parts and n:
            zero_pending = True
    return "".join(parts)


def cn_count(n: int) -> str:
    """The numeral before a measure word: ``两`` for 2 (两条, 两款), else :func:`int_to_cn`."""
    return "两" if n == 2 else int_to_cn(n)


def int_to_cn_digits(n: int) -> str:
    """``n`` written digit by digit, zero as 〇: ``int_to_cn_digits(2026) == "二〇二六"``."""
    if n < 0:
        raise ValueError("negative numbers have no Chinese digit form here")
    return "".join("〇" if c == "0" else _CN_DIGITS[int(c)] for c in str(n))


def article_label(number: int, suffix: int = 0) -> str:
    """The label of an article: ``article_label(10, 1) == "第十条之一"``."""
    label = f"第{int_to_cn(number)}条"
    if suffix:
        label += f"之{int_to_cn(suffix)}"
    return label
