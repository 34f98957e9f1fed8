"""Chinese numerals as used in article, chapter and item numbers (第六百五十条, 第十条之一)."""

from __future__ import annotations

import unicodedata

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

#: Characters that may occur in a numeral accepted by :func:`cn_to_int`.
NUMERAL_CHARS = "零〇○一二三四五六七八九两十百千万0123456789０１２３４５６７８９"


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic, half- or full-width) numeral to an int.

    >>> cn_to_int("六百五十")
    650
    >>> cn_to_int("十一")
    11
    >>> cn_to_int("一百零一")
    101
    >>> cn_to_int("１２")
    12
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise ValueError("empty numeral")
    if s.isdigit():
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
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if digit is not None:
        # "一九" style digit strings (rare) are read positionally.
        if total == 0 and len(s) > 1 and all(c in _DIGITS for c in s):
            return int("".join(str(_DIGITS[c]) for c in s))
        total += digit
    return total


def int_to_cn(n: int) -> str:
    """Convert a positive int (< 100000) to the Chinese numeral used in legal numbering.

    >>> int_to_cn(10), int_to_cn(11), int_to_cn(110), int_to_cn(101), int_to_cn(650)
    ('十', '十一', '一百一十', '一百零一', '六百五十')
    """
    if n < 0:
        raise ValueError("negative numbers are not used in legal numbering")
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


def article_label(number: int, suffix: int = 0) -> str:
    """The label of an article: ``article_label(10, 1) == "第十条之一"``."""
    label = f"第{int_to_cn(number)}条"
    if suffix:
        label += f"之{int_to_cn(suffix)}"
    return label


def article_key(number: int, suffix: int = 0) -> str:
    """The stable key of an article number: ``article_key(10, 1) == "art-10-1"``."""
    return f"art-{number}-{suffix}" if suffix else f"art-{number}"
