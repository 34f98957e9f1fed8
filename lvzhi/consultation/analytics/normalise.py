"""Text normalisation, Chinese numerals and article keys shared by the analytics modules.

Three forms of a comment's text are used:

* :func:`display_text` — the text as submitted with whitespace collapsed, for attribution and
  stance cues (their patterns accept full-width digits and punctuation);
* :func:`canonical` — NFKC (full-width letters and digits become half-width), lower case and
  **every** non-word character (punctuation, spaces, emoji, symbols) removed.  Two comments with the same canonical text
  are *exact duplicates*; character shingles for near-duplicate detection and character
  bigrams for themes are taken from it;
* article keys — ``"12"`` for 第十二条 and ``"10-1"`` for 第十条之一 (the Akoma Ntoso
  ``art_10-1`` convention of the law-text engine), with :func:`article_label` giving the
  Chinese label back.

Everything here is pure Python (``re`` and ``unicodedata``), no numpy.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "MAX_CHARS",
    "NUMERAL_CHARS",
    "ArticleKey",
    "article_label",
    "article_sort_key",
    "canonical",
    "cn_to_int",
    "display_text",
    "format_article_key",
    "int_to_cn",
    "parse_article_key",
]

#: Longest text analysed; the rest of a pasted attachment is ignored.  Comments on a draft
#: are typically 20–600 characters.
MAX_CHARS = 5_000

_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")

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

#: Characters of a numeral accepted by :func:`cn_to_int` (full-width digits too).
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千0123456789０１２３４５６７８９"

#: An article: (number, sub-number); ``(10, 1)`` is 第十条之一, ``(12, 0)`` 第十二条.
ArticleKey = tuple[int, int]


def display_text(text: str) -> str:
    """The text with whitespace runs (the ideographic space included) collapsed to one space,
    at most :data:`MAX_CHARS` characters.  No NFKC: the readers of this form (article mentions,
    quotations, stance cues) accept full-width digits and punctuation as they are."""
    if not text:
        return ""
    return _SPACES.sub(" ", text[:MAX_CHARS]).strip()


def canonical(text: str) -> str:
    """Lower-cased NFKC text without any non-word character (the exact-duplicate key).

    Non-word characters are removed first, and NFKC is applied only when what is left is not
    already NFKC-stable (full-width digits or letters, compatibility ideographs…), which saves
    most of its cost on ordinary Chinese text.

    >>> canonical("支持！ 第１２条，很好。ＡＢ")
    '支持第12条很好ab'
    """
    if not text:
        return ""
    s = _NON_WORD.sub("", text[:MAX_CHARS].lower())
    if s.isascii() or unicodedata.is_normalized("NFKC", s):
        return s
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", s).lower())


def canonical_from_display(display: str) -> str:
    """:func:`canonical` of a text already passed through :func:`display_text`."""
    return canonical(display)


def cn_to_int(text: str) -> int:
    """A Chinese or Arabic numeral as an int (``ValueError`` if it is not one).

    >>> cn_to_int("十二"), cn_to_int("一百零一"), cn_to_int("12"), cn_to_int("二十")
    (12, 101, 12, 20)
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        raise ValueError("empty numeral")
    if s.isascii() and s.isdigit():
        return int(s)
    total = 0
    digit: int | None = None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a numeral: {text!r}")
    if digit is not None:
        if total == 0 and len(s) > 1:  # "一二" read positionally (rare)
            return int("".join(str(_DIGITS[c]) for c in s))
        total += digit
    return total


def int_to_cn(n: int) -> str:
    """The Chinese numeral of ``0 <= n < 10000`` as used in legal numbering.

    >>> int_to_cn(10), int_to_cn(12), int_to_cn(101), int_to_cn(110)
    ('十', '十二', '一百零一', '一百一十')
    """
    if n < 0 or n >= 10000:
        raise ValueError("article numbers are between 0 and 9999")
    if n == 0:
        return "零"
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero:
                parts.append("零")
                zero = False
            parts.append(_CN_DIGITS[d] + name)
        elif parts:
            zero = True
    out = "".join(parts)
    return out[1:] if out.startswith("一十") else out


def format_article_key(key: ArticleKey) -> str:
    """``(12, 0)`` → ``"12"``, ``(10, 1)`` → ``"10-1"``."""
    return f"{key[0]}-{key[1]}" if key[1] else str(key[0])


def article_label(key: ArticleKey) -> str:
    """``(12, 0)`` → ``"第十二条"``, ``(10, 1)`` → ``"第十条之一"``."""
    base = f"第{int_to_cn(key[0])}条"
    return f"{base}之{int_to_cn(key[1])}" if key[1] else base


_KEY_RE = re.compile(r"^\s*(\d+)\s*(?:[-_.]\s*(\d+))?\s*$")
_LABEL_RE = re.compile(rf"^\s*第?\s*([{NUMERAL_CHARS}]+)\s*条?\s*(?:之\s*([{NUMERAL_CHARS}]+))?\s*$")


def parse_article_key(value: object) -> ArticleKey | None:
    """An article reference in any usual form, or None.

    Accepts ints, ``"12"``, ``"10-1"``, ``"第十二条"``, ``"第10条之1"``, ``"第十条之一"``,
    full-width digits; ``None``, empty strings, booleans and anything else give None.

    >>> parse_article_key("第十条之一"), parse_article_key(12), parse_article_key("10-1")
    ((10, 1), (12, 0), (10, 1))
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value, 0) if 0 < value < 10000 else None
    if isinstance(value, float):
        return (int(value), 0) if value.is_integer() and 0 < value < 10000 else None
    if not isinstance(value, str):
        return None
    s = unicodedata.normalize("NFKC", value)
    m = _KEY_RE.match(s)
    if m:
        num, sub = int(m.group(1)), int(m.group(2) or 0)
    else:
        m = _LABEL_RE.match(s)
        if not m:
            return None
        try:
            num = cn_to_int(m.group(1))
            sub = cn_to_int(m.group(2)) if m.group(2) else 0
        except ValueError:
            return None
    if not 0 < num < 10000 or not 0 <= sub < 100:
        return None
    return (num, sub)


def article_sort_key(key: str) -> tuple[int, int]:
    """Sort key of a formatted article key (``"10-1"`` after ``"10"``, before ``"11"``)."""
    num, _, sub = key.partition("-")
    try:
        return (int(num), int(sub or 0))
    except ValueError:  # pragma: no cover - keys are always formatted by format_article_key
        return (10**9, 0)
