"""What each role's home page shows: the things awaiting that user first, then context."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from . import permissions as perms
from . import selectors
from .models import Organ, Role, SessionBody, User
from .workdays import WorkCalendar


def _calendar_warning() -> int | None:
    """The next year the official calendar does not know yet and no override covers."""
    from .models import CalendarOverride

    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        if not WorkCalendar(overrides={}).known_year(year):
            if not CalendarOverride.objects.filter(date__year=year).exists():
                return year
    return None


def dashboard_for(user: User) -> dict[str, Any]:
    """Panels for every role the user holds (a chair is also a member and a deputy)."""
    from lvzhi.deputies import selectors as deputy_selectors

    roles = perms.roles_of(user)
    ctx: dict[str, Any] = {
        "todos": selectors.todos_for(user, limit=12),
        "notifications": list(selectors.notifications_for(user, unread_only=True)[:5]),
        "roles": roles,
        "today": timezone.localdate(),
    }
    term = deputy_selectors.current_term()
    ctx["term"] = term
    if roles & {Role.STAFF, Role.ADMIN, Role.LEADER}:
        ctx["roster"] = deputy_selectors.roster_summary(term)
        ctx["upcoming_sessions"] = selectors.upcoming_sessions()
        ctx["recent_meetings"] = selectors.recent_sessions(limit=3)
        ctx["calendar_gap_year"] = _calendar_warning()
        ctx["attention_deputies"] = deputy_selectors.deputies_needing_attention(term, limit=5)
    if Role.ADMIN in roles:
        ctx["audit_check"] = selectors.last_audit_verification()
        ctx["accounts_by_role"] = selectors.accounts_by_role()
        ctx["profile_version"] = selectors.default_profile_version()
    if Role.SC_MEMBER in roles:
        ctx["sc_meetings"] = selectors.upcoming_sessions(
            body=SessionBody.STANDING_COMMITTEE, days=365, limit=3
        )
        ctx["memberships"] = list(
            user.person.memberships.select_related("organ", "term").order_by("organ__sort_order")
            if user.person
            else []
        )
    if Role.DEPUTY in roles and user.person_id:
        ctx["my_mandate"] = deputy_selectors.mandate_of(user.person_id, term)
    if Role.UNIT_OFFICER in roles:
        unit_ids = perms.organs_for_role(user, Role.UNIT_OFFICER)
        ctx["my_units"] = list(Organ.objects.filter(pk__in=unit_ids))
    from lvzhi.suggestions.selectors import dashboard_summary

    ctx["suggestions"] = dashboard_summary(user)
    ctx["week"] = _week_strip(timezone.localdate())
    return ctx


def _week_strip(today: dt.date) -> list[tuple[dt.date, bool]]:
    from .calendar import work_calendar

    calendar = work_calendar()
    start = today - dt.timedelta(days=today.weekday())
    return [
        (start + dt.timedelta(days=i), calendar.is_working_day(start + dt.timedelta(days=i)))
        for i in range(7)
    ]
