"""What the supervision app contributes to the shell (``core.registry``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

from . import tasks
from .permissions import can_use_supervision


def register() -> None:
    registry.register_nav(
        registry.NavItem(_("Supervision"), "supervision:index", can_use_supervision, "chart", 60)
    )
    from . import leaders

    registry.register_panel(
        registry.DashboardPanel(
            "supervision.leaders", "core/leaders/figures.html", leaders.panel, 20, page="leaders"
        )
    )
    registry.register_council(registry.CouncilSource("supervision", leaders.council_rows, 20))
    registry.register_job(
        registry.PeriodicJob("supervision_deadlines", dt.timedelta(hours=24), tasks.scan_supervision.enqueue)
    )
    registry.register_todo_kinds(
        {
            "supervision.task": _("Rectify a finding"),
            "supervision.verify": _("Verify a rectification"),
            "supervision.letter": _("Send a supervision letter"),
            "supervision.council": _("List a lagging rectification for the council of chairpersons"),
        }
    )
