"""Who may see and do what in supervision. Object-scoped: a unit officer sees and acts on
its own unit's rectification tasks only; the public sees only published items."""

from __future__ import annotations

from typing import Any

from lvzhi.core.models import Role, User
from lvzhi.core.permissions import Viewer, has_role, organs_for_role

from .models import RectificationTask, SupervisionItem


def is_office(user: Viewer) -> bool:
    """Committee staff (working bodies) and administrators run supervision."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def units_of(user: Viewer) -> set[int]:
    return organs_for_role(user, Role.UNIT_OFFICER)


def can_view_supervision(user: Viewer) -> bool:
    return is_office(user) or has_role(user, Role.LEADER, Role.SC_MEMBER)


def can_manage_supervision(user: Viewer) -> bool:
    return is_office(user)


def can_view_item(user: Viewer, item: SupervisionItem) -> bool:
    return can_view_supervision(user)


def can_view_task(user: Viewer, task: RectificationTask) -> bool:
    return can_view_supervision(user) or task.unit_id in units_of(user)


def can_act_on_task(user: Viewer, task: RectificationTask) -> bool:
    """Report progress, submit, ask for an extension: officers of the responsible unit only."""
    return task.unit_id in units_of(user)


def can_decide_task(user: Viewer, task: RectificationTask) -> bool:
    return is_office(user)


def can_view_unit_tasks(user: Viewer) -> bool:
    return bool(units_of(user))


def can_use_supervision(user: Viewer) -> bool:
    return can_view_supervision(user) or can_view_unit_tasks(user)


def can_sign_for(user: Viewer, membership: Any) -> bool:
    """A member signs a 质询案 or judges its answer in person; the office records it for them."""
    person_id = getattr(user, "person_id", None)  # an anonymous visitor has none
    return (person_id is not None and person_id == membership.person_id) or is_office(user)


def can_view_plan(user: Viewer, plan: Any) -> bool:
    """Plans are read on the supervision workspace: staff, leaders and members."""
    return can_view_supervision(user)


def can_view_vote(user: Viewer, vote: Any) -> bool:
    """A satisfaction vote: who reads supervision, and the members of the Standing Committee
    serving when it opened (they vote); nobody else learns that it exists."""
    if can_view_supervision(user):
        return True
    from .services import sc_membership_of

    return sc_membership_of(user if isinstance(user, User) else None, vote.term, vote.opened_on) is not None


def can_view_public_item(item: SupervisionItem) -> bool:
    return item.is_public
