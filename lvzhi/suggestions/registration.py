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
