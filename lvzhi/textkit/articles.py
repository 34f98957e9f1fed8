"""Article keys: one value type and one string format for "which article" everywhere.

An article is named by its number and its sub-number: 第十二条 is ``ArticleKey(12, 0)``,
第十条之一 (an article inserted after 第十条) is ``ArticleKey(10, 1)``.

**The key format** is ``"12"`` / ``"10-1"`` (:func:`format_article_key`, ``str(key)``).  It is
the format used inside the code, stored in the database (comments, theme decisions, analysis
results) and written by the comment analytics and the consultation API.

**Anchors** — ``"art-12"`` / ``"art-10-1"`` (:func:`article_anchor`, ``key.anchor``) — are the
same key with a prefix, for places where an identifier must start with a letter: HTML ids and
the JSON of the law-text engine.  The Akoma Ntoso eId ``art_10-1`` is built the same way.

:func:`parse_article_key` reads what people and programs write: ints, ``"12"``, ``"10-1"``
(also ``10_1`` and ``10.1``), anchors (``"art-10-1"``, ``"art_10-1"``), labels
(``"第十二条"``, ``"第10条之1"``, ``"第十条之一"``, ``"十二"``), full-width digits.

Pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .numerals import NUMERAL_CHARS, article_label, cn_to_int

__all__ = [
    "MAX_ARTICLE",
    "MAX_SUFFIX",
    "ANCHOR_PREFIX",
    "ArticleKey",
    "article_anchor",
    "article_sort_key",
    "format_article_key",
    "parse_article_key",
]

#: The largest article number :func:`parse_article_key` accepts.
MAX_ARTICLE = 9999
#: The largest sub-number (之N) :func:`parse_article_key` accepts.
MAX_SUFFIX = 99

ANCHOR_PREFIX = "art-"


class ArticleKey(NamedTuple):
    """An article: ``number`` and ``suffix`` (之一 → 1; 0 when none).  A tuple, so keys sort
    in the order of a well-numbered text (第十条, 第十条之一, 第十一条)."""

    number: int
    suffix: int = 0

    def __str__(self) -> str:
        return format_article_key(self)

    @property
    def label(self) -> str:
        """``"第十条之一"``."""
        return article_label(self.number, self.suffix)

    @property
    def anchor(self) -> str:
        """``"art-10-1"``."""
        return ANCHOR_PREFIX + format_article_key(self)


def format_article_key(key: tuple[int, int]) -> str:
    """The key format: ``(12, 0)`` → ``"12"``, ``(10, 1)`` → ``"10-1"``."""
    return f"{key[0]}-{key[1]}" if key[1] else str(key[0])


def article_anchor(key: str | tuple[int, int]) -> str:
    """The anchor of a key (formatted or not): ``"10-1"`` → ``"art-10-1"``."""
    return ANCHOR_PREFIX + (key if isinstance(key, str) else format_article_key(key))


# ``ArticleKey(n, s)`` without the generated ``__new__`` (a Python function): the comment
# analytics parse a key for every comment.
_key = ArticleKey._make

_KEY_RE = re.compile(r"^\s*(?:art[-_])?(\d+)\s*(?:[-_.]\s*(\d+))?\s*$")
_LABEL_RE = re.compile(rf"^\s*第?\s*([{NUMERAL_CHARS}]+)\s*条?\s*(?:之\s*([{NUMERAL_CHARS}]+))?\s*$")


def parse_article_key(value: object) -> ArticleKey | None:
    """An article reference in any usual form (module docstring), or None.

    ``None``, empty strings, booleans, numbers out of range (article 1 to
    :data:`MAX_ARTICLE`, sub-number up to :data:`MAX_SUFFIX`) and anything else give None.

    >>> parse_article_key("第十条之一"), parse_article_key(12), parse_article_key("art-10-1")
    (ArticleKey(number=10, suffix=1), ArticleKey(number=12, suffix=0), ArticleKey(number=10, suffix=1))
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _key((value, 0)) if 0 < value <= MAX_ARTICLE else None
    if isinstance(value, float):
        return _key((int(value), 0)) if value.is_integer() and 0 < value <= MAX_ARTICLE else None
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
    if not 0 < num <= MAX_ARTICLE or not 0 <= sub <= MAX_SUFFIX:
        return None
    return _key((num, sub))


def article_sort_key(key: str) -> tuple[int, int]:
    """Sort key of a formatted key (``"10-1"`` after ``"10"``, before ``"11"``); a string that
    is not a key sorts last."""
    num, _, sub = key.partition("-")
    try:
        return (int(num), int(sub or 0))
    except ValueError:
        return (10**9, 0)
