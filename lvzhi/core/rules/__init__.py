"""Rules profiles: every local deadline and threshold, with the article it comes from.

``load_builtin_profiles()`` returns the shipped profiles (``profiles/*.json``) keyed by
code; :class:`RuleSet` wraps one profile's JSON (for instance the frozen copy stored in a
``RulesProfileVersion``) with typed accessors::

    rules = RuleSet(load_builtin_profiles()["default"])
    due = rules.period("suggestions.reply_deadline").due_from(assigned_on, calendar)
    rules.integer("motions.congress_signer_threshold")      # 10
    rules.basis("suggestions.reply_deadline").citation_zh  # 《…代表法》第五十一条

Pure Python, no Django. See ``docs/rules-profile.md``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

from ..workdays import Period
from .spec import KNOWN_SOURCES, LOCAL_PRACTICE, RULE_SPECS, RuleSpec, validate_profile

__all__ = [
    "Basis",
    "InvalidProfileError",
    "RuleKindError",
    "RuleSet",
    "UnknownRuleError",
    "canonical_json",
    "load_builtin_profiles",
    "profile_digest",
]


class UnknownRuleError(KeyError):
    """The rule key is not in the registry, or the profile has no value for it."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "unknown rule"


class RuleKindError(TypeError):
    """A typed accessor was used on a rule of another kind (e.g. ``integer()`` on a period)."""


class InvalidProfileError(ValueError):
    """The profile failed :func:`validate_profile`; ``problems`` lists why."""

    def __init__(self, code: str, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
        super().__init__(f"rules profile {code!r} is not valid: {shown}")


@dataclass(frozen=True, slots=True)
class Basis:
    """Where a rule's value comes from."""

    source: str
    article: str | None = None
    quote: str | None = None
    note: str | None = None

    @property
    def is_local_practice(self) -> bool:
        """True when no statute article sets the value."""
        return self.source == LOCAL_PRACTICE

    @property
    def title(self) -> str | None:
        """The statute's title, or ``None`` for local practice / unknown sources."""
        return KNOWN_SOURCES.get(self.source)

    @property
    def citation_zh(self) -> str:
        """E.g. ``《中华人民共和国立法法》第八十一条`` or ``地方惯例``."""
        if self.is_local_practice:
            return "地方惯例"
        return f"《{self.title or self.source}》{self.article or ''}"

    @classmethod
    def from_value(cls, data: Mapping[str, Any]) -> Basis:
        return cls(
            source=str(data.get("source", "")),
            article=data.get("article"),
            quote=data.get("quote"),
            note=data.get("note"),
        )


def canonical_json(profile: Mapping[str, Any]) -> str:
    """A stable JSON text of a profile (sorted keys, no extra spaces) for hashing and storage."""
    return json.dumps(profile, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def profile_digest(profile: Mapping[str, Any]) -> str:
    """SHA-256 of :func:`canonical_json`: equal digests mean identical rules."""
    return hashlib.sha256(canonical_json(profile).encode("utf-8")).hexdigest()


def load_builtin_profiles() -> dict[str, dict[str, Any]]:
    """The profiles shipped in ``lvzhi/core/rules/profiles``, keyed by their ``code``.

    Each call returns fresh dictionaries (callers may modify them). ``default`` comes first.
    """
    out: dict[str, dict[str, Any]] = {}
    folder = resources.files(__name__).joinpath("profiles")
    names = sorted(
        (entry.name for entry in folder.iterdir() if entry.name.endswith(".json")),
        key=lambda name: (name != "default.json", name),
    )
    for name in names:
        data = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        code = data.get("code") if isinstance(data, dict) else None
        if not isinstance(code, str):
            raise InvalidProfileError(name, ["missing top-level field 'code'"])
        if code in out:
            raise InvalidProfileError(code, [f"{name}: duplicate profile code"])
        out[code] = data
    return out


class RuleSet:
    """Typed, read-only access to one profile's rules.

    By default the profile is validated first (:class:`InvalidProfileError` if it is not
    valid). Accessors raise :class:`UnknownRuleError` (a ``KeyError``) for a key that is not
    in the registry or not in the profile, and :class:`RuleKindError` (a ``TypeError``) when
    the rule is of another kind.
    """

    def __init__(self, profile: Mapping[str, Any], *, validate: bool = True) -> None:
        if validate:
            problems = validate_profile(profile)
            if problems:
                raise InvalidProfileError(str(profile.get("code", "?")), problems)
        self._profile: dict[str, Any] = copy.deepcopy(dict(profile))
        rules = self._profile.get("rules")
        self._rules: Mapping[str, Any] = rules if isinstance(rules, Mapping) else {}

    @classmethod
    def builtin(cls, code: str = "default") -> RuleSet:
        """A shipped profile by code."""
        profiles = load_builtin_profiles()
        if code not in profiles:
            raise UnknownRuleError(f"no built-in rules profile {code!r}; have {', '.join(profiles)}")
        return cls(profiles[code])

    # --- metadata ------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        return str(self._profile.get("code", ""))

    @property
    def name_zh(self) -> str:
        return str(self._profile.get("name_zh", ""))

    @property
    def name_en(self) -> str:
        return str(self._profile.get("name_en", ""))

    @property
    def city(self) -> str:
        return str(self._profile.get("city", ""))

    def as_dict(self) -> dict[str, Any]:
        """A deep copy of the profile JSON (e.g. to freeze it in a version)."""
        return copy.deepcopy(self._profile)

    def digest(self) -> str:
        """See :func:`profile_digest`."""
        return profile_digest(self._profile)

    def keys(self) -> Iterator[str]:
        """Rule keys present in this profile, in registry order."""
        return (key for key in RULE_SPECS if key in self._rules)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in RULE_SPECS and key in self._rules

    def __repr__(self) -> str:
        return f"RuleSet({self.code!r})"

    # --- lookup --------------------------------------------------------------------------------

    @staticmethod
    def spec(key: str) -> RuleSpec:
        """The registry entry for ``key``."""
        try:
            return RULE_SPECS[key]
        except KeyError:
            raise UnknownRuleError(f"unknown rule key {key!r}") from None

    def _entry(self, key: str) -> Mapping[str, Any]:
        self.spec(key)
        entry = self._rules.get(key)
        if not isinstance(entry, Mapping) or "value" not in entry:
            raise UnknownRuleError(f"rules profile {self.code!r} has no value for {key!r}")
        return entry

    def _typed(self, key: str, *kinds: str) -> Any:
        spec = self.spec(key)
        if spec.kind not in kinds:
            raise RuleKindError(f"rule {key!r} is a {spec.kind}, not a {' or '.join(kinds)}")
        return self._entry(key)["value"]

    def value(self, key: str) -> Any:
        """The raw JSON value (a deep copy)."""
        return copy.deepcopy(self._entry(key)["value"])

    def period(self, key: str) -> Period:
        """A ``period`` rule as a :class:`~lvzhi.core.workdays.Period`."""
        return Period.from_value(self._typed(key, "period"))

    def integer(self, key: str) -> int:
        """An ``integer`` rule."""
        return int(self._typed(key, "integer"))

    def decimal(self, key: str) -> Decimal:
        """A ``decimal`` or ``percent`` rule as an exact :class:`~decimal.Decimal`."""
        return Decimal(str(self._typed(key, "decimal", "percent")))

    def percent(self, key: str) -> Decimal:
        """A ``percent`` rule (0–100) as a Decimal."""
        return Decimal(str(self._typed(key, "percent")))

    def boolean(self, key: str) -> bool:
        """A ``boolean`` rule."""
        return bool(self._typed(key, "boolean"))

    def choice(self, key: str) -> str:
        """A ``choice`` rule's code."""
        return str(self._typed(key, "choice"))

    def items(self, key: str) -> list[Any]:
        """A ``list`` rule (a deep copy)."""
        return copy.deepcopy(list(self._typed(key, "list")))

    def basis(self, key: str) -> Basis:
        """The primary citation of a rule."""
        entry = self._entry(key)
        basis = entry.get("basis")
        return Basis.from_value(basis if isinstance(basis, Mapping) else {})

    def bases(self, key: str) -> tuple[Basis, ...]:
        """The primary citation followed by any further (``also``) citations."""
        entry = self._entry(key)
        also = entry.get("also") or []
        return (self.basis(key), *(Basis.from_value(b) for b in also if isinstance(b, Mapping)))
