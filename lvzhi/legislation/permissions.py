"""Who may see and do what in local legislation: named, object-scoped predicates.

They answer *who*; *when* (the bill's state) is answered by ``states.allowed`` in the
services, so a refused step gets a clear message rather than a bare "forbidden".

* Staff of the legislative affairs commission (法制工作委员会) and administrators manage
  plans, proposals, bills, meetings' agendas, attendance and votes.
* Standing Committee members and leaders read every bill and vote in person.
* The drafting unit (its officers) prepares the submission package of its own bills.
* Deputies read bills once they are submitted; other staff read everything.
* The public sees only promulgated regulations (the portal needs no predicate: a version
  exists only once promulgated).
"""

from __future__ import annotations

from lvzhi.core.models import Role
from lvzhi.core.permissions import Viewer, can_use_workspace, has_role, is_admin, organs_for_role

from .models import Bill, ProjectProposal, Vote
from .states import BillStatus

__all__ = [
    "can_cast_ballot",
    "can_edit_bill_package",
    "can_manage_legislation",
    "can_propose_project",
    "can_record_ballots",
    "can_view_all_bills",
    "can_view_bill",
    "can_view_legislation",
    "can_view_proposal",
    "has_role",
    "is_legislation_manager",
]


def is_legislation_manager(user: Viewer) -> bool:
    """Administrators, and staff whose role is scoped to the legislative affairs commission."""
    if user is None or not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    cached = getattr(user, "_lvzhi_leg_manager", None)
    if cached is None:
        from .selectors import legislative_office_organs

        organ_ids = organs_for_role(user, Role.STAFF)
        cached = bool(organ_ids) and legislative_office_organs().filter(pk__in=organ_ids).exists()
        user.__dict__["_lvzhi_leg_manager"] = cached  # forgotten by core.services.forget_permission_cache
    return bool(cached)


def can_manage_legislation(user: Viewer) -> bool:
    """Plans, proposals, bills, agendas, attendance, votes, approval, promulgation, filing."""
    return is_legislation_manager(user)


def can_view_legislation(user: Viewer) -> bool:
    """The legislation section of the workspace (rows are still scoped by :func:`can_view_bill`)."""
    return can_use_workspace(user)


def can_view_all_bills(user: Viewer) -> bool:
    return is_legislation_manager(user) or has_role(user, Role.STAFF, Role.SC_MEMBER, Role.LEADER)


def can_view_bill(user: Viewer, bill: Bill) -> bool:
    if can_view_all_bills(user):
        return True
    if has_role(user, Role.DEPUTY) and bill.status != BillStatus.DRAFTING:
        return True
    organs = organs_for_role(user, Role.UNIT_OFFICER) | organs_for_role(user, Role.STAFF)
    return bool(organs) and (bill.drafting_unit_id in organs or bill.proposer_organ_id in organs)


def can_edit_bill_package(user: Viewer, bill: Bill) -> bool:
    """Texts, explanation and materials: the office, or the drafting unit's officers."""
    if is_legislation_manager(user):
        return True
    return bill.drafting_unit_id is not None and bill.drafting_unit_id in organs_for_role(
        user, Role.UNIT_OFFICER
    )


def can_cast_ballot(user: Viewer, vote: Vote) -> bool:
    """A Standing Committee member votes in person (their own membership is checked by the service)."""
    return has_role(user, Role.SC_MEMBER, Role.LEADER) and getattr(user, "person_id", None) is not None


def can_record_ballots(user: Viewer, vote: Vote) -> bool:
    """The office records ballots from the electronic voting system on members' behalf."""
    return is_legislation_manager(user)


def can_propose_project(user: Viewer) -> bool:
    """Departments, committees, deputies and staff put forward legislative projects."""
    return is_legislation_manager(user) or has_role(
        user, Role.STAFF, Role.DEPUTY, Role.UNIT_OFFICER, Role.SC_MEMBER, Role.LEADER
    )


def can_view_proposal(user: Viewer, proposal: ProjectProposal) -> bool:
    if is_legislation_manager(user) or has_role(user, Role.STAFF, Role.SC_MEMBER, Role.LEADER):
        return True
    return proposal.created_by_id is not None and proposal.created_by_id == getattr(user, "pk", None)
