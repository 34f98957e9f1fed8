"""What the deputies app contributes to the shell (``core.registry``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.core.models import Role, User
from lvzhi.core.permissions import roles_of

from . import selectors
from .permissions import can_view_roster

OFFICE_ROLES = {Role.STAFF, Role.ADMIN, Role.LEADER}


def _roster(user: User) -> dict[str, Any] | None:
    if not roles_of(user) & OFFICE_ROLES:
        return None
    return {"roster": selectors.roster_summary(selectors.current_term())}


def _attention(user: User) -> dict[str, Any] | None:
    if not roles_of(user) & OFFICE_ROLES:
        return None
    deputies = selectors.deputies_needing_attention(selectors.current_term(), limit=5)
    return {"deputies": deputies} if deputies else None


def _mandate(user: User) -> dict[str, Any] | None:
    if Role.DEPUTY not in roles_of(user) or not user.person_id:
        return None
    mandate = selectors.mandate_of(user.person_id, selectors.current_term())
    return {"mandate": mandate} if mandate else None


def register() -> None:
    registry.register_nav(registry.NavItem(_("Deputies"), "deputies:list", can_view_roster, "people", 10))
    registry.register_panel(
        registry.DashboardPanel(
            "deputies.roster_stats", "deputies/panels/roster_stats.html", _roster, 10, "stats"
        ),
        registry.DashboardPanel("deputies.mandate", "deputies/panels/mandate.html", _mandate, 40),
        registry.DashboardPanel("deputies.delegations", "deputies/panels/delegations.html", _roster, 80),
        registry.DashboardPanel("deputies.attention", "deputies/panels/attention.html", _attention, 90),
    )
    registry.register_audit_actions(
        registry.AuditAction("deputy.create", _("Added to the roster"), _("Added to the roster")),
        registry.AuditAction("deputy.update", _("Details edited")),
        registry.AuditAction("deputy.status", _("Status changed")),
        registry.AuditAction(
            "deputy.contact.reveal", _("Contact details shown"), _("Contact details shown (%(field)s)")
        ),
    )
