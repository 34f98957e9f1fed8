"""What the legislation app contributes to the shell (``core.registry``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

from . import tasks
from .permissions import can_view_legislation


def register() -> None:
    from . import services as s

    registry.register_nav(
        registry.NavItem(_("Legislation"), "legislation:bill_list", can_view_legislation, "legislation", 40)
    )
    from . import leaders

    registry.register_panel(
        registry.DashboardPanel(
            "legislation.leaders", "core/leaders/figures.html", leaders.panel_pipeline, 10, page="leaders"
        ),
        registry.DashboardPanel(
            "legislation.meetings", "core/leaders/figures.html", leaders.panel_meetings, 60, page="leaders"
        ),
    )
    registry.register_council(registry.CouncilSource("legislation", leaders.council_rows, 10))
    registry.register_job(
        registry.PeriodicJob("legislation_deadlines", dt.timedelta(hours=24), tasks.scan_legislation.enqueue)
    )
    registry.register_todo_kinds(
        {
            "legislation.assess": _("Assess a legislative project proposal"),
            s.TODO_SCHEDULE: _("Put a reading on an agenda"),
            s.TODO_SEND_DRAFT: _("Send the draft to the members"),
            s.TODO_CONSULTATION: _("Open the public consultation"),
            s.TODO_REVIEW: _("Record the unified review"),
            s.TODO_VOTE: _("Put the bill to the vote"),
            s.TODO_APPROVAL: _("Submit the regulation for approval"),
            s.TODO_PROMULGATE: _("Promulgate the regulation"),
            s.TODO_FILING: _("File the regulation"),
            s.TODO_DRAFT: _("Draft a bill"),
            s.TODO_SHELVING: _("A shelved bill is nearing its two-year limit"),
        }
    )
