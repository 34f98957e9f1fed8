"""Text normalisation shared by the analytics modules.

Two forms of a comment's text are used:

* :func:`display_text` — the text as submitted with whitespace collapsed, for attribution and
  stance cues (their patterns accept full-width digits and punctuation);
* :func:`canonical` — NFKC (full-width letters and digits become half-width), lower case and
  **every** non-word character (punctuation, spaces, emoji, symbols) removed.  Two comments with the same canonical text
  are *exact duplicates*; character shingles for near-duplicate detection and character
  bigrams for themes are taken from it.

Chinese numerals and article keys (``"12"`` for 第十二条, ``"10-1"`` for 第十条之一) come from
:mod:`lvzhi.textkit`.  Everything here is pure Python (``re`` and ``unicodedata``), no numpy.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_CHARS", "canonical", "canonical_from_display", "display_text"]

#: Longest text analysed; the rest of a pasted attachment is ignored.  Comments on a draft
#: are typically 20–600 characters.
MAX_CHARS = 5_000

_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


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
