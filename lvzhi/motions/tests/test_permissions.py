"""Who sees and does what: the predicates, and the list query that must agree with them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from lvzhi.motions import permissions as perms
from lvzhi.motions import selectors
from lvzhi.motions.states import MotionStatus

from .factories import force_status, make_motion

pytestmark = pytest.mark.django_db
S = MotionStatus


def _users(mw):
    cosigner_user = mw.users[mw.deputies[0].pk]
    w = mw.w
    return {
        "lead": w.deputy_user,
        "cosigner": cosigner_user,
        "staff": w.staff,
        "admin": w.admin,
        "leader": w.leader,
        "sc_member": w.sc_member,
        "public": w.public,
        "officer": w.officer,
        "other_deputy": mw.other_deputy_user,
        "anonymous": AnonymousUser(),
    }


VISIBLE = {
    S.DRAFT: {"lead", "cosigner"},  # issue 11.2: a draft is its authors' alone
    S.SUBMITTED: {"lead", "cosigner", "staff", "admin", "leader", "sc_member"},
    S.NOT_LISTED: {"lead", "cosigner", "staff", "admin", "leader", "sc_member"},
    S.LISTED: {
        "lead",
        "cosigner",
        "staff",
        "admin",
        "leader",
        "sc_member",
        "public",
        "officer",
        "other_deputy",
        "anonymous",
    },
}


@pytest.mark.parametrize("status", list(VISIBLE))
def test_visibility_matches_the_list_query(mw, status):
    motion = force_status(make_motion(mw, confirmed=2, quick=True), status, committee=mw.committee)
    motion = selectors.motion_detail(motion.pk)
    for name, user in _users(mw).items():
        expected = name in VISIBLE[status]
        assert perms.can_view_motion(user, motion) is expected, name
        in_list = selectors.visible_motions(user).filter(pk=motion.pk).exists()
        assert in_list is expected, name


def test_action_predicates(mw):
    users = _users(mw)
    motion = selectors.motion_detail(make_motion(mw, confirmed=1, pending=1, quick=True).pk)
    # a draft is its authors' alone: the office neither sees nor changes it (issue 11.2)
    allowed = {name for name, u in users.items() if perms.can_edit_motion(u, motion)}
    assert allowed == {"lead"}
    assert {n for n, u in users.items() if perms.can_sign_motion(u, motion)} == {"cosigner"}
    assert {n for n, u in users.items() if perms.can_decide_motion(u, motion)} == set()
    assert {n for n, u in users.items() if perms.can_withdraw_motion(u, motion)} == {"lead"}
    assert {n for n, u in users.items() if perms.can_create_motion(u)} == {
        "lead",
        "cosigner",
        "staff",
        "admin",
        "other_deputy",
    }
    assert {n for n, u in users.items() if perms.can_convert_motion(u, motion)} == {"lead"}

    submitted = selectors.motion_detail(force_status(motion, S.SUBMITTED).pk)
    assert {n for n, u in users.items() if perms.can_decide_motion(u, submitted)} == {"staff", "admin"}
    assert {n for n, u in users.items() if perms.can_edit_motion(u, submitted)} == {"lead", "staff", "admin"}
    assert {n for n, u in users.items() if perms.can_withdraw_motion(u, submitted)} == {"staff", "admin"}
    assert {n for n, u in users.items() if perms.can_request_motion_withdrawal(u, submitted)} == {"lead"}
    assert {n for n, u in users.items() if perms.can_withdraw_motion_signature(u, submitted)} == {
        "cosigner",
        "staff",
        "admin",
    }
    assert {n for n, u in users.items() if perms.can_convert_motion(u, submitted)} == {"staff", "admin"}

    listed = selectors.motion_detail(force_status(motion, S.LISTED).pk)
    # on a listed motion a signature is withdrawn with the presidium's consent: the office records it
    assert {n for n, u in users.items() if perms.can_withdraw_motion_signature(u, listed)} == {
        "staff",
        "admin",
    }
    assert {n for n, u in users.items() if perms.can_record_motion_vote(u, listed)} == {"staff", "admin"}

    referred = selectors.motion_detail(force_status(motion, S.NOT_LISTED, committee=mw.committee).pk)
    reporters = {
        n
        for n, u in {**users, "committee": mw.committee_user}.items()
        if perms.can_report_on_motion(u, referred)
    }
    assert reporters == {"staff", "admin", "committee"}


def test_navigation_shows_motions_to_workspace_users(mw):
    from lvzhi.core.navigation import navigation_for

    def names(user):
        return [item.url_name for item in navigation_for(user)]

    assert "motions:list" in names(mw.w.deputy_user)
    assert "motions:list" in names(mw.w.staff)
    assert "motions:list" not in names(mw.w.public)
