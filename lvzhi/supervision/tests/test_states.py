"""The Workflow tables of ``states.py``, walked exhaustively: every (action, state) pair of
every state machine — plan, item, rectification task, extension request, satisfaction vote —
is either allowed (and the service goes through to the table's target) or refused with
InvalidTransition and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core.errors import InvalidTransition
from lvzhi.supervision import services
from lvzhi.supervision.models import (
    Extension,
    RectificationTask,
    SatisfactionVote,
    SupervisionItem,
    SupervisionPlan,
)
from lvzhi.supervision.states import EXTENSION, ITEM, PLAN, TASK, VOTE, ItemStatus, VoteStatus

from .conftest import D, fresh, make_item, task_for, voters

pytestmark = pytest.mark.django_db


def test_every_step_of_every_table_is_walked() -> None:
    assert set(PLAN_CALLS) == set(PLAN.steps)
    assert set(ITEM_CALLS) | {"require_re_report"} == set(ITEM.steps)
    assert set(TASK_CALLS) == set(TASK.steps)
    assert set(EXTENSION.steps) == {"approve", "reject"} and set(VOTE.steps) == {"cast", "close"}


# --- plan ---------------------------------------------------------------------------------------

PLAN_CALLS: dict[str, Any] = {
    "add_item": lambda sv, p: services.item_create(
        plan=p, form="inspection", title="t", body=sv.w.education, acting_user=sv.w.staff
    ),
    "adopt": lambda sv, p: services.plan_adopt(plan=p, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff),
    "publish": lambda sv, p: services.plan_publish(plan=p, acting_user=sv.w.staff),
}


@pytest.mark.parametrize(("action", "status", "ok"), PLAN.matrix())
def test_plan_transition_table(sv: Any, action: str, status: str, ok: bool) -> None:
    make_item(sv, adopt=False)
    SupervisionPlan.objects.filter(pk=sv.plan.pk).update(status=status)
    plan = fresh(sv.plan)
    if ok:
        PLAN_CALLS[action](sv, plan)
        assert fresh(plan).status == (PLAN.target(action) or status)
    else:
        with pytest.raises(InvalidTransition):
            PLAN_CALLS[action](sv, plan)
        assert fresh(plan).status == status


# --- item ---------------------------------------------------------------------------------------

#: The form of supervision each step applies to.
ITEM_FORMS = {"sign": "interpellation", "record_question": "thematic_inquiry"}

ITEM_CALLS: dict[str, Any] = {
    "sign": lambda sv, i: services.interpellation_sign(
        item=i, membership=sv.members[0], acting_user=sv.w.staff
    ),
    "start": lambda sv, i: services.item_start(item=i, acting_user=sv.w.staff),
    "edit": lambda sv, i: services.report_submit(item=i, submitted_on=D(2026, 6, 10), acting_user=sv.w.staff),
    "record_activity": lambda sv, i: services.activity_record(
        item=i, kind="visit", date=D(2026, 5, 1), summary="s", acting_user=sv.w.staff
    ),
    "record_question": lambda sv, i: services.question_record(
        item=i, asker="委员", question="q", asked_on=D(2026, 6, 26), acting_user=sv.w.staff
    ),
    "deliberate": lambda sv, i: services.item_deliberate(
        item=i, deliberated_on=D(2026, 6, 26), findings="f", acting_user=sv.w.staff
    ),
    "issue_opinion": lambda sv, i: services.opinion_issue(
        item=i, text="t", adopted_on=D(2026, 7, 1), transmitted_on=D(2026, 7, 2), acting_user=sv.w.staff
    ),
    "receive_report": lambda sv, i: services.handling_report_receive(
        item=i, text="t", received_on=D(2026, 9, 1), acting_user=sv.w.staff
    ),
    "add_task": lambda sv, i: services.task_add(
        item=i, problem="p", unit=sv.w.education, deadline=D(2027, 3, 1), acting_user=sv.w.staff
    ),
    "resolve": lambda sv, i: services.resolution_adopt(
        item=i, text="t", adopted_on=D(2026, 7, 1), due=D(2026, 12, 1), acting_user=sv.w.staff
    ),
    "open_vote": lambda sv, i: services.vote_open(
        item=i, subject="s", opened_on=D(2026, 9, 2), acting_user=sv.w.staff
    ),
    "close": lambda sv, i: services.item_close(item=i, result="r", acting_user=sv.w.staff),
    "publish": lambda sv, i: services.item_publish(item=i, acting_user=sv.w.staff),
}


@pytest.mark.parametrize(
    ("action", "status", "ok"), [row for row in ITEM.matrix() if row[0] != "require_re_report"]
)
def test_item_transition_table(sv: Any, action: str, status: str, ok: bool) -> None:
    item = make_item(sv, form=ITEM_FORMS.get(action, "inspection"))
    SupervisionItem.objects.filter(pk=item.pk).update(status=status)
    item = fresh(item)
    if ok:
        ITEM_CALLS[action](sv, item)
        assert fresh(item).status == (ITEM.target(action) or status)
    else:
        with pytest.raises(InvalidTransition):
            ITEM_CALLS[action](sv, item)
        assert fresh(item).status == status


@pytest.mark.parametrize("status", ItemStatus.values)
def test_an_unsatisfied_vote_sends_back_only_a_reported_item(sv: Any, status: str) -> None:
    """``require_re_report`` is the vote's consequence: the service decides, the table allows."""
    item = make_item(sv)
    SupervisionItem.objects.filter(pk=item.pk).update(status=ItemStatus.DELIBERATED)
    vote = services.vote_open(item=fresh(item), subject="s", opened_on=D(2026, 9, 2), acting_user=sv.w.staff)
    for user in voters(sv, 8):  # quorate, not accepted
        services.vote_cast(vote=vote, choice="unsatisfied", acting_user=user)
    SupervisionItem.objects.filter(pk=item.pk).update(status=status)
    vote = services.vote_close(vote=vote, acting_user=sv.w.staff)
    assert vote.status == VoteStatus.CLOSED and vote.accepted is False
    expected = ITEM.target("require_re_report") if ITEM.allowed("require_re_report", status) else status
    assert fresh(item).status == expected


# --- rectification task -------------------------------------------------------------------------

TASK_CALLS: dict[str, Any] = {
    "report_progress": lambda sv, t: services.task_report_progress(
        task=t, note="n", percent=10, acting_user=sv.w.officer
    ),
    "submit": lambda sv, t: services.task_submit(task=t, result="r", acting_user=sv.w.officer),
    "request_extension": lambda sv, t: services.extension_request(
        task=t, until=D(2027, 6, 1), reason="r", acting_user=sv.w.officer
    ),
    "verify": lambda sv, t: services.task_verify(task=t, passed=True, note="ok", acting_user=sv.w.staff),
    "reject": lambda sv, t: services.task_verify(task=t, passed=False, note="no", acting_user=sv.w.staff),
    "close": lambda sv, t: services.task_close(task=t, acting_user=sv.w.staff),
    "escalate": lambda sv, t: services.task_escalate(task=t, reason="r", acting_user=sv.w.staff),
    "deescalate": lambda sv, t: services.task_deescalate(task=t, reason="r", acting_user=sv.w.staff),
}


@pytest.mark.parametrize(("action", "status", "ok"), TASK.matrix())
def test_task_transition_table(sv: Any, action: str, status: str, ok: bool) -> None:
    task = task_for(sv)
    extra = {"verified_at": task.created_at} if status in ("verified", "closed") else {}
    RectificationTask.objects.filter(pk=task.pk).update(status=status, escalation=1, **extra)
    task = fresh(task)
    if ok:
        TASK_CALLS[action](sv, task)
        assert fresh(task).status == (TASK.target(action) or status)
    else:
        with pytest.raises(InvalidTransition):
            TASK_CALLS[action](sv, task)
        assert fresh(task).status == status


# --- extension request --------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "status", "ok"), EXTENSION.matrix())
def test_extension_transition_table(sv: Any, action: str, status: str, ok: bool) -> None:
    task = task_for(sv)
    ext = services.extension_request(task=task, until=D(2027, 6, 1), reason="r", acting_user=sv.w.officer)
    Extension.objects.filter(pk=ext.pk).update(status=status)
    call = lambda: services.extension_decide(  # noqa: E731
        extension=fresh(ext), approve=action == "approve", acting_user=sv.w.staff
    )
    if ok:
        call()
        assert fresh(ext).status == EXTENSION.target(action)
        assert fresh(task).deadline == (D(2027, 6, 1) if action == "approve" else D(2026, 10, 31))
    else:
        with pytest.raises(InvalidTransition):
            call()
        assert fresh(ext).status == status and fresh(task).deadline == D(2026, 10, 31)


# --- satisfaction vote --------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "status", "ok"), VOTE.matrix())
def test_vote_transition_table(sv: Any, action: str, status: str, ok: bool) -> None:
    item = make_item(sv)
    SupervisionItem.objects.filter(pk=item.pk).update(status=ItemStatus.DELIBERATED)
    vote = services.vote_open(item=fresh(item), subject="s", opened_on=D(2026, 9, 2), acting_user=sv.w.staff)
    SatisfactionVote.objects.filter(pk=vote.pk).update(status=status)
    (member,) = voters(sv, 1)
    calls = {
        "cast": lambda: services.vote_cast(vote=fresh(vote), choice="satisfied", acting_user=member),
        "close": lambda: services.vote_close(vote=fresh(vote), acting_user=sv.w.staff),
    }
    if ok:
        calls[action]()
        # cast keeps it open; close decides between closed and inquorate (one ballot of 15: inquorate)
        assert fresh(vote).status == {"cast": VoteStatus.OPEN, "close": VoteStatus.INQUORATE}[action]
    else:
        with pytest.raises(InvalidTransition):
            calls[action]()
        assert fresh(vote).status == status and vote.participants.count() == 0
