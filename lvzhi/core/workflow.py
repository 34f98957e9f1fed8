"""One transition-table type for every workflow in the platform.

Each app declares its state machines in its ``states.py`` as :class:`Workflow` tables::

    SUGGESTION = Workflow(
        name="suggestion",
        noun=_("suggestion"),
        states=SuggestionStatus,
        steps={
            "submit": Step({S.DRAFT, S.RETURNED}, S.SUBMITTED, _("submit")),
            "reply": Step({S.ASSIGNED, S.REHANDLING}, None, _("reply")),  # stays; the service decides
            ...
        },
    )

and its services use the table, never a hand-written status test::

    with transaction.atomic():
        suggestion = SUGGESTION.lock(suggestion)      # re-read under a row lock
        SUGGESTION.check("submit", suggestion)        # InvalidTransition with a clear message
        old = SUGGESTION.advance("submit", suggestion)  # sets the target state, returns the old one
        suggestion.save(update_fields=["status", ...])

Pages and the API ask ``SUGGESTION.allowed("submit", suggestion.status)`` to decide which
buttons to show. ``target is None`` means the step keeps the state (an edit, a note) or that
the service chooses among several outcomes (documented on the step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import InvalidTransition

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True, init=False)
class Step:
    """One action of a workflow: the states it may start from and the state it leads to."""

    sources: frozenset[str]
    target: str | None
    label: Any

    def __init__(self, sources: Iterable[str], target: str | None, label: Any = "") -> None:
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", None if target is None else str(target))
        object.__setattr__(self, "label", label)


class Workflow(Generic[M]):
    """A state machine over one status field of a model.

    The table is validated when it is declared: every source and target must be a state of
    ``states`` (a ``TextChoices``), so a typo fails at import time, not in production.
    """

    def __init__(
        self,
        *,
        name: str,
        noun: Any,
        states: type[models.TextChoices],
        steps: Mapping[str, Step],
        field: str = "status",
    ) -> None:
        known = set(states.values)
        for action, step in steps.items():
            unknown = (set(step.sources) | ({step.target} if step.target else set())) - known
            if unknown:
                raise ValueError(f"workflow {name!r}, step {action!r}: unknown states {sorted(unknown)}")
            if not step.sources:
                raise ValueError(f"workflow {name!r}, step {action!r}: no source state")
        self.name = name
        self.noun = noun
        self.states = states
        self.steps: dict[str, Step] = dict(steps)
        self.field = field

    def __repr__(self) -> str:
        return f"Workflow({self.name!r}, {len(self.steps)} steps)"

    # --- the table ------------------------------------------------------------------------------

    def step(self, action: str) -> Step:
        try:
            return self.steps[action]
        except KeyError:
            raise KeyError(f"workflow {self.name!r} has no step {action!r}") from None

    def allowed(self, action: str, status: str) -> bool:
        """True if ``action`` may start from ``status``."""
        return str(status) in self.step(action).sources

    def target(self, action: str) -> str | None:
        return self.step(action).target

    def actions_from(self, status: str) -> list[str]:
        """Every action allowed from ``status``, in declaration order."""
        return [action for action, step in self.steps.items() if str(status) in step.sources]

    def status_of(self, obj: models.Model) -> str:
        return str(getattr(obj, self.field))

    def label(self, action: str) -> str:
        step = self.step(action)
        return str(step.label) if step.label else action

    # --- the recipe ----------------------------------------------------------------------------

    def check(self, action: str, obj: models.Model) -> None:
        """Raise :class:`InvalidTransition` naming the step and the state unless it is allowed."""
        status = self.status_of(obj)
        if not self.allowed(action, status):
            display = getattr(obj, f"get_{self.field}_display", None)
            shown = display() if callable(display) else status
            raise InvalidTransition(
                _("This step (%(action)s) is not allowed: the %(noun)s is “%(status)s”.")
                % {"action": self.label(action), "noun": self.noun, "status": shown},
                detail={"action": action, "status": status},
            )

    def advance(self, action: str, obj: models.Model) -> str:
        """Check the step, move ``obj`` to its target (if the step has one) and return the old
        state. The caller saves with ``update_fields`` and writes the audit row."""
        self.check(action, obj)
        old = self.status_of(obj)
        target = self.target(action)
        if target is not None:
            setattr(obj, self.field, target)
        return old

    def lock(self, obj: M, *, related: Sequence[str] = ()) -> M:
        """Re-read ``obj`` under a row lock inside the caller's transaction (the caller's copy
        may be stale). ``related`` are ``select_related`` paths to load with it."""
        manager = type(obj)._default_manager
        qs = manager.select_for_update(of=("self",)) if related else manager.select_for_update()
        if related:
            qs = qs.select_related(*related)
        return qs.get(pk=obj.pk)

    # --- introspection for tests and docs ------------------------------------------------------

    def matrix(self) -> list[tuple[str, str, bool]]:
        """Every (action, state, allowed) pair: the input of an exhaustive transition test."""
        return [
            (action, state, self.allowed(action, state))
            for action in self.steps
            for state in self.states.values
        ]

    def mermaid(self) -> str:
        """The state diagram in Mermaid syntax (``docs/states.md``)."""
        lines = ["stateDiagram-v2"]
        for action, step in self.steps.items():
            if step.target is None:
                continue
            for source in sorted(step.sources):
                lines.append(f"    {source} --> {step.target}: {action}")
        return "\n".join(lines)
