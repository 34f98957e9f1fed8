"""Messages translated when they are read, not when they are written.

A to-do or a notification is written by one person and read by another, who may read another
language: "Confirm co-signing" must reach a Chinese deputy as 确认附议. A service therefore
passes ``later("Confirm co-signing %(s)s") % {"s": label}`` instead of ``_(…) % {…}``; the
to-do or the notification stores the message id and its parameters (``to_json``) and renders
them in the reader's language (``render``). ``make messages`` extracts ``later`` as a keyword.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from lvzhi.textkit.numerals import MAX_NUMERAL, int_to_cn

Stored = dict[str, Any]


class Later:
    """A message id with its parameters; ``str()`` renders it in the active language."""

    __slots__ = ("msgid", "params", "context")

    def __init__(self, msgid: str, params: Mapping[str, Any] | None = None, context: str = "") -> None:
        self.msgid = msgid
        self.context = context
        self.params: dict[str, Any] = {k: _freeze(v) for k, v in (params or {}).items()}

    def __mod__(self, params: Mapping[str, Any]) -> Later:
        return Later(self.msgid, params, self.context)

    def __str__(self) -> str:
        text = (
            translation.pgettext(self.context, self.msgid)
            if self.context
            else translation.gettext(self.msgid)
        )
        if not self.params:
            return text
        return text % {k: _thaw(v) for k, v in self.params.items()}

    def __repr__(self) -> str:
        return f"Later({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Later) and (self.msgid, self.params, self.context) == (
            other.msgid,
            other.params,
            other.context,
        )

    def __hash__(self) -> int:
        return hash((self.msgid, self.context))

    def to_json(self) -> Stored:
        out: Stored = {"msgid": self.msgid}
        if self.params:
            out["params"] = self.params
        if self.context:
            out["context"] = self.context
        return out

    @classmethod
    def from_json(cls, data: Stored) -> Later:
        later_ = cls(str(data["msgid"]), context=str(data.get("context", "")))
        later_.params = dict(data.get("params") or {})
        return later_


class Ordinal:
    """A number in an ordinal phrase: 第三十一次会议, 第二款 in Chinese, "Meeting 31" in English.

    ``str()`` renders it in the active language, so ``_("Reading %(n)s") % {"n": ordinal(2)}``
    reads 第二次审议; inside a :class:`Later` message it is rendered when the message is read.
    """

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = int(number)

    def __str__(self) -> str:
        language = translation.get_language() or ""
        if language.startswith("zh") and 0 < self.number <= MAX_NUMERAL:
            return int_to_cn(self.number)
        return str(self.number)

    def __repr__(self) -> str:
        return f"Ordinal({self.number})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ordinal) and other.number == self.number

    def __hash__(self) -> int:
        return hash(self.number)


def ordinal(number: int | None) -> Ordinal | str:
    """The number of an ordinal phrase (see :class:`Ordinal`); nothing for no number."""
    return "" if number is None else Ordinal(number)


def later(msgid: str, context: str = "") -> Later:
    """Mark ``msgid`` for translation in the reader's language (see the module's docstring)."""
    return Later(msgid, context=context)


def _freeze(value: Any) -> Any:
    """A parameter as JSON: a nested message stays a message, a lazy translation becomes one,
    a date its ISO form, anything else its text."""
    if isinstance(value, Later):
        return {"$later": value.to_json()}
    if isinstance(value, Ordinal):
        return {"$ordinal": value.number}
    if isinstance(value, Promise):
        args: tuple[Any, ...] = tuple(getattr(value, "_args", ()))
        if len(args) == 1 and isinstance(args[0], str):
            return {"$later": {"msgid": args[0]}}
        if len(args) == 2 and all(isinstance(a, str) for a in args):
            return {"$later": {"msgid": args[1], "context": args[0]}}
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _thaw(value: Any) -> Any:
    if isinstance(value, dict) and "$later" in value:
        return str(Later.from_json(value["$later"]))
    if isinstance(value, dict) and "$ordinal" in value:
        return str(Ordinal(value["$ordinal"]))
    return value


def text_for_storage(value: str | Later | Promise) -> tuple[str, Stored | None]:
    """What a model stores for a text that may be a message: the text in the active language
    (for the admin, search and anything reading the column) and the message, if it is one."""
    if isinstance(value, Later):
        return str(value), value.to_json()
    if isinstance(value, Promise):
        frozen = _freeze(value)
        if isinstance(frozen, dict):
            return str(value), frozen["$later"]
    return str(value), None


def render(stored: Stored | None, fallback: str) -> str:
    """A stored message in the active language, or the stored text when there is none."""
    if not stored:
        return fallback
    try:
        return str(Later.from_json(stored))
    except (KeyError, ValueError, TypeError):
        return fallback


def language_of(user: Any) -> str:
    """The language a person reads: their preference, else the site's default."""
    from django.conf import settings

    preferred = getattr(user, "preferred_language", "") or ""
    return preferred if preferred in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
