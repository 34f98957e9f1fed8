"""What core contributes to the shell (``core.registry``): its own pages, home-page panels,
the audit check and the general to-do kind. Every app has a module like this one."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from . import dashboards as d
from . import permissions as perms
from . import registry, tasks


def register() -> None:
    """Core's navigation entries, panels, jobs and to-do kinds (called from ``CoreConfig.ready``)."""
    registry.register_nav(
        registry.NavItem(_("Home"), "home", perms.can_use_workspace, "home", 0),
        registry.NavItem(_("Leaders' view"), "leaders", d.can_view_leaders_view, "chart", 1),
        registry.NavItem(_("Organs"), "organs", perms.can_view_organs, "org", 900),
        registry.NavItem(_("Inbox"), "inbox", lambda u: u.is_authenticated, "inbox", 910),
        registry.NavItem(_("Calendar"), "calendar", perms.can_use_workspace, "calendar", 920),
        registry.NavItem(_("Rules profiles"), "rules_profiles", perms.can_view_rules_profiles, "rules", 930),
        registry.NavItem(_("Audit log"), "audit_log", perms.can_view_audit_log, "audit", 940),
        registry.NavItem(_("API tokens"), "api_tokens", perms.can_use_workspace, "key", 950),
        registry.NavItem(_("Sign-in security"), "signin_admin", perms.can_manage_accounts, "key", 960),
    )
    registry.register_panel(
        registry.DashboardPanel(
            "core.calendar_gap", "core/panels/calendar_gap.html", d.panel_calendar_gap, 0, "alert"
        ),
        registry.DashboardPanel(
            "core.awaiting_count", "core/panels/awaiting_count.html", d.panel_awaiting_count, 90, "stats"
        ),
        registry.DashboardPanel("core.awaiting", "core/panels/awaiting.html", d.panel_awaiting, 0),
        registry.DashboardPanel("core.unread", "core/panels/unread.html", d.panel_unread, 10),
        registry.DashboardPanel("core.week", "core/panels/week.html", d.panel_week, 30),
        registry.DashboardPanel("core.my_units", "core/panels/my_units.html", d.panel_my_units, 50),
        registry.DashboardPanel("core.sc_meetings", "core/panels/sc_meetings.html", d.panel_sc_meetings, 60),
        registry.DashboardPanel("core.sessions", "core/panels/sessions.html", d.panel_sessions, 70),
        registry.DashboardPanel("core.system", "core/panels/system.html", d.panel_system, 200),
        registry.DashboardPanel(
            "core.leaders_link", "core/panels/leaders_link.html", d.panel_leaders_link, 1, "alert"
        ),
        registry.DashboardPanel(
            "core.council", "core/leaders/council.html", d.panel_council, 0, page="leaders"
        ),
    )
    registry.register_job(
        registry.PeriodicJob("audit_verify", dt.timedelta(hours=24), tasks.verify_audit_chain.enqueue),
        registry.PeriodicJob("audit_anchor", dt.timedelta(hours=24), tasks.write_audit_anchor.enqueue),
    )
    registry.register_todo_kinds({"general": _("To-do")})
