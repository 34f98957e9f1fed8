"""What each role's home page shows: the things awaiting that user first, then context.

The page is made of panels registered by the apps (``core.registry.register_panel``); each
panel's context function decides, from the user's roles, whether it shows and what it holds.
The panels below are core's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from . import permissions as perms
from . import selectors
from .models import Organ, Role, SessionBody, User
from .registry import DashboardPanel, council_sources, dashboard_panels

OFFICE_ROLES = {Role.STAFF, Role.ADMIN, Role.LEADER}
#: Where a panel sits on the home page: warnings, a row of figures, then the cards.
REGIONS = ("alert", "stats", "grid")


@dataclass(frozen=True)
class ShownPanel:
    panel: DashboardPanel
    context: Mapping[str, Any]

    @property
    def template(self) -> str:
        return self.panel.template


def _calendar_warning() -> int | None:
    """This year or the next if it is provisional: the official calendar does not know it and
    no override for it has been entered (only the statutory holidays are counted)."""
    from .calendar import work_calendar

    today = timezone.localdate()
    provisional = work_calendar().provisional_years(today.year, today.year + 1)
    return provisional[0] if provisional else None


def dashboard_for(user: User, page: str = "home") -> dict[str, Any]:
    """A panel page's context (the home page, the leaders' view): the common part and every
    panel the user's roles show."""
    shown: dict[str, list[ShownPanel]] = {region: [] for region in REGIONS}
    for panel in dashboard_panels(page):
        panel_ctx = panel.context(user)
        if panel_ctx is not None:
            shown[panel.region].append(ShownPanel(panel, panel_ctx))
    return {"today": timezone.localdate(), "regions": shown}


# --- figures of the leaders' view -------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One figure and the list that shows exactly the items it counts (``url``; "" for none)."""

    n: int
    url: str = ""


@dataclass(frozen=True)
class FigureRow:
    label: Any
    cells: tuple[Cell, ...]
    url: str = ""  # where the row's label leads (e.g. the body's or the unit's own page)


@dataclass(frozen=True)
class FigureTable:
    """A table of figures drawn as a chart above it: one bar (or slice) per row, one data set
    per column. Every figure is a link to its list; the chart's bars link there too."""

    key: str
    title: Any
    columns: tuple[Any, ...]
    rows: tuple[FigureRow, ...]
    kind: str = "bar"  # "bar" or "doughnut"
    horizontal: bool = True
    note: Any = ""
    more_url: str = ""  # the full list or dashboard

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def chart(self) -> dict[str, Any]:
        """The spec ``static/lvzhi/charts.js`` draws (with ``links`` for the drill-down)."""
        return {
            "type": self.kind,
            "horizontal": self.horizontal,
            "labels": [str(r.label) for r in self.rows],
            "datasets": [
                {"label": str(column), "data": [r.cells[i].n for r in self.rows]}
                for i, column in enumerate(self.columns)
            ],
            "links": [[r.cells[i].url for r in self.rows] for i in range(len(self.columns))],
        }

    @property
    def height(self) -> int:
        return 120 + 26 * len(self.rows) if self.horizontal and self.kind == "bar" else 260

    @property
    def empty(self) -> bool:
        return not any(c.n for r in self.rows for c in r.cells)


def can_view_leaders_view(user: perms.Viewer) -> bool:
    """The leaders' view: for the chair and vice chairs (主任、副主任), administrators, and —
    to read only, the page has no action — working-body staff. Each panel still shows only
    to those who may open the lists it links to."""
    return perms.has_role(user, Role.LEADER, Role.ADMIN, Role.STAFF)


def panel_council(user: User) -> dict[str, Any] | None:
    """What awaits the council of chairpersons (主任会议), gathered from every app's source."""
    rows = [row for source in council_sources() for row in source.rows(user)]
    if not rows:
        return None
    return {"rows": rows, "total": sum(n for _, n, _ in rows)}


def panel_leaders_link(user: User) -> dict[str, Any] | None:
    """On a leader's home page: the way to the leaders' view."""
    return {} if Role.LEADER in perms.roles_of(user) else None


# --- core's panels ------------------------------------------------------------------------------


def panel_awaiting(user: User) -> dict[str, Any]:
    return {"todos": selectors.todos_for(user, limit=12), "today": timezone.localdate()}


def panel_awaiting_count(user: User) -> dict[str, Any] | None:
    if not perms.roles_of(user) & OFFICE_ROLES:
        return None
    return {"n": selectors.todos_queryset(user).count()}


def panel_calendar_gap(user: User) -> dict[str, Any] | None:
    if not perms.roles_of(user) & OFFICE_ROLES:
        return None
    year = _calendar_warning()
    return {"year": year} if year else None


def panel_unread(user: User) -> dict[str, Any]:
    return {"notifications": list(selectors.notifications_for(user, unread_only=True)[:5])}


def panel_week(user: User) -> dict[str, Any]:
    from .calendar import work_calendar

    today = timezone.localdate()
    calendar = work_calendar()
    start = today - dt.timedelta(days=today.weekday())
    days = [start + dt.timedelta(days=i) for i in range(7)]
    return {"week": [(d, calendar.is_working_day(d)) for d in days], "today": today}


def panel_my_units(user: User) -> dict[str, Any] | None:
    if Role.UNIT_OFFICER not in perms.roles_of(user):
        return None
    unit_ids = perms.organs_for_role(user, Role.UNIT_OFFICER)
    units = list(Organ.objects.filter(pk__in=unit_ids))
    return {"units": units} if units else None


def panel_sc_meetings(user: User) -> dict[str, Any] | None:
    if Role.SC_MEMBER not in perms.roles_of(user):
        return None
    memberships = (
        list(user.person.memberships.select_related("organ", "term").order_by("organ__sort_order"))
        if user.person
        else []
    )
    return {
        "meetings": selectors.upcoming_sessions(body=SessionBody.STANDING_COMMITTEE, days=365, limit=3),
        "memberships": memberships,
    }


def panel_sessions(user: User) -> dict[str, Any] | None:
    if not perms.roles_of(user) & OFFICE_ROLES:
        return None
    return {"upcoming": selectors.upcoming_sessions(), "recent": selectors.recent_sessions(limit=3)}


def panel_system(user: User) -> dict[str, Any] | None:
    if Role.ADMIN not in perms.roles_of(user):
        return None
    return {
        "audit_check": selectors.last_audit_verification(),
        "accounts_by_role": selectors.accounts_by_role(),
        "profile_version": selectors.default_profile_version(),
    }
