"""The small registry through which apps plug into the platform's shell.

``core`` imports no app. Each app's ``AppConfig.ready()`` registers what it contributes:

* **navigation entries** — a label, a URL name and the permission predicate that shows it;
* **periodic jobs** — run by ``lvzhi worker``'s scheduler at most once per interval;
* **dashboard panels** — a template and a function giving its context for a user (or None to
  hide the panel), shown on the home page;
* **leaders' view panels** — the same, with ``page="leaders"``, shown on ``/leaders/``; and
  **council sources**, what awaits the council of chairpersons (主任会议) in the app;
* **to-do kinds** — the kinds of to-do an app raises, with a label (a to-do of an unknown kind
  is refused);
* **audit actions** — how a change-history entry reads on an object's page: a short label and,
  optionally, a sentence naming the entry's key values (``core.history``).

Adding an app then touches only that app and ``settings.INSTALLED_APPS``::

    class BudgetConfig(AppConfig):
        def ready(self) -> None:
            from lvzhi.core import registry
            from . import permissions, tasks
            registry.register_nav(registry.NavItem(_("Budget"), "budget:index", permissions.can_view_budget, "chart", 75))
            registry.register_job(registry.PeriodicJob("budget_scan", timedelta(hours=24), tasks.scan.enqueue))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    """A navigation entry; ``allowed(user)`` decides who sees it; lower ``order`` comes first."""

    label: Any
    url_name: str
    allowed: Callable[[Any], bool]
    icon: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class PeriodicJob:
    """A job the worker enqueues at most once per ``every``, however many workers run."""

    name: str
    every: dt.timedelta
    enqueue: Callable[[], object]


@dataclass(frozen=True)
class DashboardPanel:
    """A home-page panel: ``context(user)`` returns the template's context or None to hide it.

    ``region`` is ``"alert"`` (a warning on top), ``"stats"`` (figures in the row above the
    cards) or ``"grid"`` (a card). ``page`` is the page that shows it: ``"home"`` (everyone's
    home page) or ``"leaders"`` (the leaders' view, ``/leaders/``)."""

    key: str
    template: str
    context: Callable[[Any], Mapping[str, Any] | None]
    order: int = 100
    region: str = "grid"
    page: str = "home"


@dataclass(frozen=True)
class CouncilSource:
    """What an app has awaiting the council of chairpersons (主任会议): ``rows(user)`` returns
    ``(label, count, url)`` triples — the count of exactly the items the URL's list shows —
    or an empty list when the user may not see them. The leaders' view gathers every source."""

    key: str
    rows: Callable[[Any], list[tuple[Any, int, str]]]
    order: int = 100


@dataclass(frozen=True)
class AuditAction:
    """How an audit entry reads to a person (``core.history.describe``).

    ``label`` says what happened ("Registered"); ``sentence``, if given, is a translatable text
    whose ``%(name)s`` placeholders name keys of the entry's ``changes`` ("Registered as
    %(number)s"); ``choices`` turns stored values into their labels (``{"mode":
    AssignmentMode.choices}``). Without a sentence the label is followed by the changed fields.
    """

    action: str
    label: Any
    sentence: Any = None
    choices: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Registry:
    nav: dict[str, NavItem] = field(default_factory=dict)
    jobs: dict[str, PeriodicJob] = field(default_factory=dict)
    panels: dict[str, DashboardPanel] = field(default_factory=dict)
    council: dict[str, CouncilSource] = field(default_factory=dict)
    todo_kinds: dict[str, Any] = field(default_factory=dict)
    audit_actions: dict[str, AuditAction] = field(default_factory=dict)


REGISTRY = Registry()
#: The pages made of registered panels.
PAGES = ("home", "leaders")


def register_nav(*items: NavItem) -> None:
    for item in items:
        REGISTRY.nav[item.url_name] = item


def register_job(*jobs: PeriodicJob) -> None:
    for job in jobs:
        REGISTRY.jobs[job.name] = job


def register_panel(*panels: DashboardPanel) -> None:
    for panel in panels:
        if panel.region not in ("alert", "stats", "grid"):
            raise ValueError(f"panel {panel.key!r}: unknown region {panel.region!r}")
        if panel.page not in PAGES:
            raise ValueError(f"panel {panel.key!r}: unknown page {panel.page!r}")
        REGISTRY.panels[panel.key] = panel


def register_council(*sources: CouncilSource) -> None:
    for source in sources:
        REGISTRY.council[source.key] = source


def register_todo_kinds(kinds: Mapping[str, Any]) -> None:
    """``{"suggestion.assign": _("Assign a suggestion"), ...}``"""
    REGISTRY.todo_kinds.update(kinds)


def register_audit_actions(*actions: AuditAction) -> None:
    for action in actions:
        REGISTRY.audit_actions[action.action] = action


def audit_action(action: str) -> AuditAction | None:
    return REGISTRY.audit_actions.get(action)


def nav_items() -> list[NavItem]:
    return sorted(REGISTRY.nav.values(), key=lambda item: (item.order, item.url_name))


def periodic_jobs() -> list[PeriodicJob]:
    return list(REGISTRY.jobs.values())


def dashboard_panels(page: str = "home") -> list[DashboardPanel]:
    return sorted((p for p in REGISTRY.panels.values() if p.page == page), key=lambda p: (p.order, p.key))


def council_sources() -> list[CouncilSource]:
    return sorted(REGISTRY.council.values(), key=lambda s: (s.order, s.key))


def todo_kind_label(kind: str) -> Any:
    return REGISTRY.todo_kinds.get(kind, kind)


def is_todo_kind(kind: str) -> bool:
    return kind in REGISTRY.todo_kinds
