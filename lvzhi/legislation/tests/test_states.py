"""The transition tables (``states.BILL``, ``PROPOSAL``, ``PLAN``), walked exhaustively: every
action from every state is either refused by the table (InvalidTransition naming the action
and the state, nothing changed) or passes the table (the service then goes through to the
table's target, or refuses for another reason: a missing reading, the quorum, a date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from lvzhi.core.errors import DomainError, InvalidTransition
from lvzhi.legislation import services
from lvzhi.legislation.models import Bill, LegislativePlan, ProjectProposal, Reading, Vote
from lvzhi.legislation.states import BILL, PLAN, PROPOSAL, BillStatus, PlanStatus, ProposalStatus

from .factories import DOG_REVISED, force_status, make_bill

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _reading(lw: Any, bill: Bill) -> Reading:
    return Reading.objects.create(bill=bill, number=1, session=lw.meetings[0])


def _vote(lw: Any, bill: Bill) -> Vote:
    return Vote.objects.create(
        bill=bill,
        session=lw.meetings[2],
        kind="whole",
        rule="more_than_half_of_all_members",
        total_members=15,
        present=0,
        opened_at=timezone.now(),
    )


BILL_CALLS: dict[str, Any] = {
    "edit": lambda lw, b: services.bill_update(bill=b, title="新的标题（草案）", acting_user=lw.clerk),
    "submit": lambda lw, b: services.bill_submit(bill=b, acting_user=lw.clerk),
    "set_readings": lambda lw, b: services.bill_set_readings(
        bill=b, readings=2, note="主任会议决定", acting_user=lw.clerk
    ),
    "schedule_reading": lambda lw, b: services.reading_schedule(
        bill=b, session=lw.meetings[0], acting_user=lw.clerk
    ),
    "hold_reading": lambda lw, b: services.reading_hold(reading=_reading(lw, b), acting_user=lw.clerk),
    "add_version": lambda lw, b: services.bill_add_version(bill=b, text=DOG_REVISED, acting_user=lw.clerk),
    "consultation": lambda lw, b: services.consultation_set(
        bill=b, start=TODAY(), end=TODAY() + dt.timedelta(days=40), acting_user=lw.clerk
    ),
    "unified_review": lambda lw, b: services.review_record(
        bill=b, report="审议结果的报告", all_adopted=True, acting_user=lw.clerk
    ),
    "open_vote": lambda lw, b: services.vote_open(bill=b, session=lw.meetings[2], acting_user=lw.clerk),
    "close_vote": lambda lw, b: services.vote_close(vote=_vote(lw, b), acting_user=lw.clerk),
    "shelve": lambda lw, b: services.bill_shelve(bill=b, reason="暂不付表决", acting_user=lw.clerk),
    "resume": lambda lw, b: services.bill_resume(bill=b, acting_user=lw.clerk),
    "terminate": lambda lw, b: services.bill_terminate(bill=b, reason="终止审议", acting_user=lw.clerk),
    "withdraw": lambda lw, b: services.bill_withdraw(bill=b, reason="提案人撤回", acting_user=lw.clerk),
    "submit_approval": lambda lw, b: services.approval_submit(bill=b, acting_user=lw.clerk),
    "approve": lambda lw, b: services.approval_record(
        bill=b, approved_on=TODAY(), approving_body="某省人民代表大会常务委员会", acting_user=lw.clerk
    ),
    "refuse_approval": lambda lw, b: services.approval_refuse(
        bill=b, on=TODAY(), note="不予批准", acting_user=lw.clerk
    ),
    "promulgate": lambda lw, b: services.bill_promulgate(
        bill=b,
        announcement_number="第1号",
        promulgated_on=TODAY(),
        commencement_on=TODAY(),
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    ),
    "file": lambda lw, b: services.filing_record(
        bill=b, filed_on=TODAY(), filed_with="某省人民代表大会常务委员会", acting_user=lw.clerk
    ),
}


def test_every_bill_step_has_a_service_call() -> None:
    assert set(BILL_CALLS) == set(BILL.steps)


def _walk(workflow: Any, action: str, status: str, obj: Any, call: Any, reread: Any) -> None:
    if workflow.allowed(action, status):
        try:
            call()
        except InvalidTransition as exc:
            assert exc.detail != {"action": action, "status": status}, "the table allows it"
            assert reread().status == status
        except (DomainError, ObjectDoesNotExist):
            assert reread().status == status  # refused for another reason, nothing moved
        else:
            target = workflow.target(action)
            if target is not None:
                assert reread().status == target
    else:
        with pytest.raises(InvalidTransition) as info:
            call()
        assert info.value.detail == {"action": action, "status": status}
        assert reread().status == status


@pytest.mark.parametrize("status", BillStatus.values)
@pytest.mark.parametrize("action", sorted(BILL.steps))
def test_bill_transition_table(lw: Any, action: str, status: str) -> None:
    bill = force_status(make_bill(lw), status)
    _walk(
        BILL,
        action,
        status,
        bill,
        lambda: BILL_CALLS[action](lw, bill),
        lambda: Bill.objects.get(pk=bill.pk),
    )


def _proposal(lw: Any, status: str) -> ProjectProposal:
    row = services.proposal_create(
        title="关于制定养犬管理条例的建议",
        source="other",
        summary="内容",
        proposer_name="市民",
        acting_user=lw.clerk,
    )
    fields: dict[str, Any] = {"status": status}
    if status in (ProposalStatus.ASSESSED, ProposalStatus.ACCEPTED):
        fields.update(feasibility="feasible", priority="high")
    if status == ProposalStatus.ACCEPTED:
        fields.update(plan=_plan(lw, year=2025), category="formal")
    if status == ProposalStatus.REJECTED:
        fields["decision_note"] = "不予采纳"
    ProjectProposal.objects.filter(pk=row.pk).update(**fields)
    return ProjectProposal.objects.get(pk=row.pk)


def _plan(lw: Any, status: str = PlanStatus.DRAFT, *, year: int = 2026) -> LegislativePlan:
    row = services.plan_create(kind="annual", title="年度立法计划", year=year, acting_user=lw.clerk)
    adopted = {"adopted_on": TODAY()} if status == PlanStatus.ADOPTED else {}
    LegislativePlan.objects.filter(pk=row.pk).update(status=status, **adopted)
    return LegislativePlan.objects.get(pk=row.pk)


PROPOSAL_CALLS: dict[str, Any] = {
    "assess": lambda lw, p: services.proposal_assess(
        proposal=p, feasibility="feasible", priority="high", acting_user=lw.clerk
    ),
    "accept": lambda lw, p: services.proposal_accept(
        proposal=p, plan=_plan(lw), category="formal", acting_user=lw.clerk
    ),
    "reject": lambda lw, p: services.proposal_reject(proposal=p, reason="不予采纳", acting_user=lw.clerk),
    "start_bill": lambda lw, p: make_bill(lw, project=p),
}


@pytest.mark.parametrize("status", ProposalStatus.values)
@pytest.mark.parametrize("action", sorted(PROPOSAL.steps))
def test_proposal_transition_table(lw: Any, action: str, status: str) -> None:
    assert set(PROPOSAL_CALLS) == set(PROPOSAL.steps)
    proposal = _proposal(lw, status)
    _walk(
        PROPOSAL,
        action,
        status,
        proposal,
        lambda: PROPOSAL_CALLS[action](lw, proposal),
        lambda: ProjectProposal.objects.get(pk=proposal.pk),
    )


@pytest.mark.parametrize("status", PlanStatus.values)
def test_plan_transition_table(lw: Any, status: str) -> None:
    plan = _plan(lw, status)
    _walk(
        PLAN,
        "adopt",
        status,
        plan,
        lambda: services.plan_adopt(plan=plan, acting_user=lw.clerk),
        lambda: LegislativePlan.objects.get(pk=plan.pk),
    )
    # adding a project is allowed from every state of a plan
    assert all(PLAN.allowed("add_project", s) for s in PlanStatus.values)
