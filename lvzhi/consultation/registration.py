"""What the consultation app contributes to the shell (``core.registry``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

from . import tasks
from .permissions import can_view_consultations


def register() -> None:
    from . import leaders

    registry.register_panel(
        registry.DashboardPanel(
            "consultation.leaders", "core/leaders/figures.html", leaders.panel, 40, page="leaders"
        )
    )
    registry.register_nav(
        registry.NavItem(
            _("Public consultation"), "consultation:list", can_view_consultations, "legislation", 50
        )
    )
    registry.register_job(
        registry.PeriodicJob(
            "consultation_windows", dt.timedelta(minutes=10), tasks.sync_consultations.enqueue
        ),
        registry.PeriodicJob(
            "consultation_analysis", dt.timedelta(minutes=15), tasks.analyse_open_consultations.enqueue
        ),
    )
