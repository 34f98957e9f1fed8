"""The assignment, extension and commitment tables (``states.py``), walked exhaustively through
their services: every (action, state) pair is either allowed — the service goes through and
the row reaches the step's target — or refused with InvalidTransition and nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lvzhi.core.errors import InvalidTransition
from lvzhi.core.models import AuditLog
from lvzhi.suggestions import services as sv
from lvzhi.suggestions.models import Assignment, Commitment, ExtensionRequest
from lvzhi.suggestions.states import (
    ASSIGNMENT,
    COMMITMENT,
    EXTENSION,
    SUGGESTION,
    TRANSITIONS,
    AssignmentStatus,
    CommitmentStatus,
    ExtensionStatus,
)

from .conftest import fresh
from .test_workflow import assigned, reply

pytestmark = pytest.mark.django_db


def test_the_plain_table_is_the_workflow():
    assert TRANSITIONS == {a: (step.sources, step.target) for a, step in SUGGESTION.steps.items()}
    for workflow in (SUGGESTION, ASSIGNMENT, EXTENSION, COMMITMENT):
        assert len(workflow.matrix()) == len(workflow.steps) * len(workflow.states.values)


# --- assignments -----------------------------------------------------------------------------------


def _assignment(sw: Any, action: str) -> Assignment:
    """An assignment of an assigned suggestion, of the kind the action needs."""
    if action == "send_opinion":
        s = assigned(sw, mode="joint")
        return s.assignments.get(role="co")
    return assigned(sw).assignments.get()


def _officer(sw: Any, a: Assignment) -> Any:
    return sw.w.officer if a.unit_id == sw.w.education.pk else sw.w.outsider_officer


ASSIGNMENT_CALLS: dict[str, Any] = {
    "request_return": lambda sw, a: sv.assignment_request_return(
        assignment=a, reason="不属本单位职责", acting_user=_officer(sw, a)
    ),
    "accept_return": lambda sw, a: sv.assignment_decide_return(
        assignment=a, accept=True, replacement=sw.w.health, acting_user=sw.w.staff
    ),
    "refuse_return": lambda sw, a: sv.assignment_decide_return(
        assignment=a, accept=False, note="请继续办理", acting_user=sw.w.staff
    ),
    "send_opinion": lambda sw, a: sv.assignment_send_opinion(
        assignment=a, opinion="我委意见如下。", acting_user=_officer(sw, a)
    ),
    "contact": lambda sw, a: sv.contact_record_add(
        assignment=a, date=timezone.localdate(), method="电话", summary="沟通", acting_user=_officer(sw, a)
    ),
    "request_extension": lambda sw, a: sv.extension_request(
        assignment=a,
        until=a.reply_due + dt.timedelta(days=10),
        reason="需要调研",
        acting_user=_officer(sw, a),
    ),
    "reply": lambda sw, a: sv.reply_submit(
        assignment=a,
        category="A",
        content="一、关于审批流程，我局已会同有关部门简化为一个环节。二、关于补贴。",
        signer="局长 赵明",
        acting_user=_officer(sw, a),
    ),
}


@pytest.mark.parametrize("status", AssignmentStatus.values)
@pytest.mark.parametrize("action", sorted(ASSIGNMENT_CALLS))
def test_assignment_transition_table(sw: Any, status: str, action: str) -> None:
    a = _assignment(sw, action)
    Assignment.objects.filter(pk=a.pk).update(status=status)
    a = fresh(a)
    before = AuditLog.objects.count()
    if ASSIGNMENT.allowed(action, status):
        ASSIGNMENT_CALLS[action](sw, a)
        assert fresh(a).status == (ASSIGNMENT.target(action) or status)
        assert AuditLog.objects.count() > before
    else:
        with pytest.raises(InvalidTransition):
            ASSIGNMENT_CALLS[action](sw, a)
        assert fresh(a).status == status
        assert AuditLog.objects.count() == before


@pytest.mark.parametrize("status", AssignmentStatus.values)
def test_rehandle_follows_the_table(sw: Any, status: str) -> None:
    """不满意 sends an answered unit back to work; from any other state the rating is refused."""
    s = assigned(sw)
    r = reply(sw, s)
    a = s.assignments.get()
    Assignment.objects.filter(pk=a.pk).update(status=status)
    if ASSIGNMENT.allowed("rehandle", status):
        sv.feedback_submit(reply=r, rating="unsatisfied", comment="不满意", acting_user=sw.w.deputy_user)
        assert fresh(a).status == ASSIGNMENT.target("rehandle")
    else:
        with pytest.raises(InvalidTransition):
            sv.feedback_submit(reply=r, rating="unsatisfied", comment="不满意", acting_user=sw.w.deputy_user)
        assert fresh(a).status == status


# --- extension requests and commitments ------------------------------------------------------------


@pytest.mark.parametrize("status", ExtensionStatus.values)
@pytest.mark.parametrize("action", sorted(EXTENSION.steps))
def test_extension_transition_table(sw: Any, status: str, action: str) -> None:
    a = assigned(sw).assignments.get()
    x = sv.extension_request(
        assignment=a, until=a.reply_due + dt.timedelta(days=10), reason="需要调研", acting_user=sw.w.officer
    )
    ExtensionRequest.objects.filter(pk=x.pk).update(status=status)
    x = fresh(x)
    call = lambda: sv.extension_decide(request=x, approve=action == "approve", acting_user=sw.w.staff)  # noqa: E731
    if EXTENSION.allowed(action, status):
        call()
        assert fresh(x).status == EXTENSION.target(action)
    else:
        with pytest.raises(InvalidTransition):
            call()
        assert fresh(x).status == status


@pytest.mark.parametrize("status", CommitmentStatus.values)
@pytest.mark.parametrize("action", sorted(COMMITMENT.steps))
def test_commitment_transition_table(sw: Any, status: str, action: str) -> None:
    s = assigned(sw)
    reply(
        sw,
        s,
        category="B",
        commitment="年内完成改造",
        commitment_due=timezone.localdate() + dt.timedelta(days=90),
    )
    c = Commitment.objects.get(reply__assignment__suggestion=s)
    Commitment.objects.filter(pk=c.pk).update(status=status)
    c = fresh(c)
    call = lambda: sv.commitment_update(  # noqa: E731
        commitment=c, progress="已完成设计", delivered=action == "deliver", acting_user=sw.w.officer
    )
    if COMMITMENT.allowed(action, status):
        call()
        assert fresh(c).status == (COMMITMENT.target(action) or status)
    else:
        with pytest.raises(InvalidTransition):
            call()
        assert fresh(c).status == status
