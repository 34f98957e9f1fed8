"""What the motions app contributes to the shell (``core.registry``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

from .permissions import can_view_motions


def register() -> None:
    from . import leaders
    from .services import TODO_DECIDE, TODO_REPORT, TODO_SIGN, TODO_WITHDRAWAL

    registry.register_nav(registry.NavItem(_("Motions"), "motions:list", can_view_motions, "motion", 20))
    registry.register_council(registry.CouncilSource("motions", leaders.council_rows, 30))
    registry.register_todo_kinds(
        {
            TODO_SIGN: _("Sign a motion"),
            TODO_DECIDE: _("Decide on a motion"),
            TODO_REPORT: _("Report on a motion"),
            TODO_WITHDRAWAL: _("Decide a motion's withdrawal"),
        }
    )
