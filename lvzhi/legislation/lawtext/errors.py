"""Errors raised by the law-text engine.

Every error carries a human-readable message (Chinese, with an English gloss in
parentheses) suitable for showing to a user as a single line.
"""

from __future__ import annotations


class LawTextError(Exception):
    """Base class of every error raised by :mod:`lvzhi.legislation.lawtext`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnreadableFileError(LawTextError):
    """The input could not be read or decoded (missing, binary, wrong encoding, corrupt .docx)."""


class TooLargeError(UnreadableFileError):
    """The input breaks a limit on what is read (see :class:`~.parser.ReadLimits`).

    ``what`` names the limit — ``"members"``, ``"bytes"`` or ``"ratio"`` for the zip archive of a
    .docx (:mod:`lvzhi.office.zipguard`), ``"chars"`` for the text's length — and ``limit`` and
    ``found`` are the numbers compared (``found`` may be where reading stopped)."""

    def __init__(self, message: str, *, what: str, limit: int, found: int) -> None:
        super().__init__(message)
        self.what, self.limit, self.found = what, limit, found


class NotARegulationError(LawTextError):
    """The input was read but does not look like a regulation (no 第X条 articles)."""


class EmptyDocumentError(NotARegulationError):
    """The input is empty or contains only whitespace/markup."""
