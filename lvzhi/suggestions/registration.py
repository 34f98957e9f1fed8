"""What the suggestions app contributes to the shell (``core.registry``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.core.models import User
from lvzhi.core.permissions import can_use_workspace

from . import tasks
from .permissions import can_view_oversight, units_of
from .selectors import dashboard_summary


def _oversight_visible(user: User) -> bool:
    return can_view_oversight(user) or bool(units_of(user))


def _summary(user: User) -> dict[str, Any] | None:
    summary = dashboard_summary(user)
    return {"summary": summary} if summary else None


def register() -> None:
    registry.register_nav(
        registry.NavItem(_("Suggestions"), "suggestions:list", can_use_workspace, "suggestions", 30),
        registry.NavItem(_("Oversight"), "oversight:index", _oversight_visible, "chart", 70),
    )
    registry.register_job(
        registry.PeriodicJob("suggestion_deadlines", dt.timedelta(hours=6), tasks.scan_deadlines.enqueue),
        registry.PeriodicJob("recommender_train", dt.timedelta(hours=24), tasks.train_recommender.enqueue),
        registry.PeriodicJob(
            "similarity_index", dt.timedelta(hours=24), tasks.rebuild_similarity_index.enqueue
        ),
    )
    from . import leaders

    registry.register_panel(
        registry.DashboardPanel("suggestions.summary", "suggestions/panels/summary.html", _summary, 20),
        registry.DashboardPanel(
            "suggestions.leaders", "core/leaders/figures.html", leaders.panel, 30, page="leaders"
        ),
    )
    registry.register_todo_kinds(
        {
            "suggestion.cosign": _("Confirm co-signing a suggestion"),
            "suggestion.register": _("Register a suggestion"),
            "suggestion.assign": _("Assign a suggestion"),
            "suggestion.handle": _("Handle a suggestion"),
            "suggestion.return_request": _("Decide a unit's request to return a suggestion"),
            "suggestion.extension": _("Decide an extension request"),
            "suggestion.rate": _("Rate a reply"),
            "suggestion.overdue": _("Overdue suggestion"),
        }
    )
    registry.register_audit_actions(*audit_actions())


def audit_actions() -> list[registry.AuditAction]:
    """How the suggestion's change history reads (``core.history``)."""
    from .states import AssignmentMode, Rating

    a = registry.AuditAction
    return [
        a("suggestion.create", _("Drafted"), _("Drafted “%(title)s”")),
        a("suggestion.update", _("The draft was edited")),
        a("suggestion.cosign", _("A co-signer confirmed")),
        a("suggestion.decline", _("A co-signer declined")),
        a("suggestion.submit", _("Submitted by the lead deputy"), _("Submitted by the lead deputy")),
        a("suggestion.return", _("Returned for revision"), _("Returned for revision: %(reason)s")),
        a(
            "suggestion.convert",
            _("To be handled as a deputy's letter"),
            _("To be handled as a deputy's letter: %(reason)s"),
        ),
        a(
            "suggestion.register",
            _("Registered"),
            _("Registered as %(number)s; to be assigned by %(assign_due)s"),
        ),
        a(
            "suggestion.merge",
            _("Handled together with another suggestion"),
            _("Handled together with another suggestion: %(reason)s"),
        ),
        a(
            "suggestion.assign",
            _("Assigned to handling units"),
            _("Assigned to handling units (%(mode)s)"),
            {"mode": AssignmentMode.choices},
        ),
        a(
            "suggestion.reply",
            _("A reply was received"),
            _("Reply %(round)s received (category %(category)s)"),
        ),
        a(
            "suggestion.rate",
            _("The deputy rated a reply"),
            _("The deputy rated reply %(round)s: %(rating)s"),
            {"rating": Rating.choices},
        ),
        a("suggestion.close", _("Closed")),
        a("suggestion.withdraw", _("Withdrawn by the deputy"), _("Withdrawn by the deputy: %(reason)s")),
        a(
            "suggestion.select_key",
            _("Selected for key supervision"),
            _("Selected for key supervision on %(decided_on)s"),
        ),
        a("suggestion.publish", _("Published")),
        a("suggestion.key_progress", _("Key supervision progress"), _("Key supervision progress: %(note)s")),
        a("suggestion.from_motion", _("Created from a motion")),
    ]
