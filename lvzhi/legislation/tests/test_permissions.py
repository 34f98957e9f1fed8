"""Who sees and does what: the predicates, and the list query that must agree with them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import Role
from lvzhi.core.services import role_grant, user_create
from lvzhi.legislation import permissions as perms
from lvzhi.legislation import selectors
from lvzhi.legislation.states import BillStatus

from .factories import force_status, make_bill

pytestmark = pytest.mark.django_db
S = BillStatus


def _users(lw):
    w = lw.w
    return {
        "clerk": lw.clerk,
        "admin": w.admin,
        "other_staff": w.staff,
        "leader": w.leader,
        "sc_member": w.sc_member,
        "deputy": w.deputy_user,
        "drafting_officer": w.outsider_officer,  # the health commission drafts the bill
        "other_officer": w.officer,
        "public": w.public,
        "anonymous": AnonymousUser(),
    }


MANAGERS = {"clerk", "admin"}
READ_ALL = MANAGERS | {"other_staff", "leader", "sc_member"}


@pytest.mark.parametrize("status", [S.DRAFTING, S.SUBMITTED, S.DELIBERATION, S.PASSED, S.FILED])
def test_bill_visibility_and_the_list_agree(lw, status):
    bill = force_status(make_bill(lw), status)
    for name, user in _users(lw).items():
        expected = (
            name in READ_ALL or name == "drafting_officer" or (name == "deputy" and status != S.DRAFTING)
        )
        assert perms.can_view_bill(user, bill) is expected, (name, status)
        listed = selectors.visible_bills(user).filter(pk=bill.pk).exists()
        assert listed is expected, (name, status, "list")


def test_only_the_legislative_affairs_commission_and_admins_manage(lw):
    bill = make_bill(lw)
    for name, user in _users(lw).items():
        assert perms.can_manage_legislation(user) is (name in MANAGERS), name
        assert perms.can_edit_bill_package(user, bill) is (name in MANAGERS or name == "drafting_officer"), (
            name
        )
    # a staff role scoped to an organ whose name says so counts as well
    from lvzhi.core.models import Organ, OrganType

    renamed = Organ.objects.create(
        code="fgw2", name="江澜市人大常委会法制工作委员会", type=OrganType.WORKING_BODY
    )
    user = user_create(username="fg2", password="pw", roles=[(Role.STAFF, renamed)], acting_user=SYSTEM)
    assert perms.is_legislation_manager(user)
    # but not a government department, whatever its code or name
    for code, name in (
        ("fgw", "江澜市发展和改革委员会"),
        ("legislative_affairs", "江澜市司法局（法制工作委员会办公室）"),
    ):
        department = Organ.objects.create(code=code, name=name, type=OrganType.GOVERNMENT_DEPARTMENT)
        officer = user_create(
            username=f"dept_{code}", password="pw", roles=[(Role.STAFF, department)], acting_user=SYSTEM
        )
        assert not perms.is_legislation_manager(officer), code


def test_members_cast_ballots_and_the_office_records_them(lw):
    from lvzhi.legislation.models import Vote

    vote = Vote(bill=make_bill(lw), session=lw.meetings[0])
    member_user = next(iter(lw.member_users.values()))
    assert perms.can_cast_ballot(member_user, vote)
    assert not perms.can_cast_ballot(lw.w.sc_member, vote)  # an account without a person cannot vote
    assert not perms.can_cast_ballot(lw.w.deputy_user, vote)
    assert perms.can_record_ballots(lw.clerk, vote) and not perms.can_record_ballots(member_user, vote)
    role_grant(user=lw.w.deputy_user, role=Role.SC_MEMBER, acting_user=SYSTEM)
    assert perms.can_cast_ballot(lw.w.deputy_user, vote)


def test_project_proposals(lw):
    from lvzhi.legislation import services

    proposal = services.proposal_create(
        title="江澜市电动自行车管理条例",
        source="public",
        proposer_name="李四",
        summary="s",
        acting_user=lw.w.deputy_user,
    )
    assert perms.can_propose_project(lw.w.deputy_user) and not perms.can_propose_project(lw.w.public)
    assert perms.can_view_proposal(lw.w.deputy_user, proposal)  # their own
    assert perms.can_view_proposal(lw.clerk, proposal)
    assert not perms.can_view_proposal(lw.w.officer, proposal)
    assert perms.can_view_legislation(lw.w.officer) and not perms.can_view_legislation(lw.w.public)
