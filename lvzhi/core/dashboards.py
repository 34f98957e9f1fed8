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
from .registry import DashboardPanel, dashboard_panels

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


def dashboard_for(user: User) -> dict[str, Any]:
    """The home page's context: the common part and every panel the user's roles show."""
    shown: dict[str, list[ShownPanel]] = {region: [] for region in REGIONS}
    for panel in dashboard_panels():
        panel_ctx = panel.context(user)
        if panel_ctx is not None:
            shown[panel.region].append(ShownPanel(panel, panel_ctx))
    return {"today": timezone.localdate(), "regions": shown}


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
