"""The transition tables, walked exhaustively: every action from every state is either
allowed (and the service goes through) or refused with InvalidTransition and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core.errors import InvalidTransition
from lvzhi.supervision import services
from lvzhi.supervision.models import RectificationTask
from lvzhi.supervision.states import ITEM_TRANSITIONS, TASK_TRANSITIONS, ItemStatus, TaskStatus, allowed

from .conftest import D, fresh, task_for

pytestmark = pytest.mark.django_db

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
}


@pytest.mark.parametrize("status", TaskStatus.values)
@pytest.mark.parametrize("action", sorted(TASK_CALLS))
def test_task_transition_table(sv: Any, status: str, action: str) -> None:
    task = task_for(sv)
    extra = {"verified_at": task.created_at} if status in (TaskStatus.VERIFIED, TaskStatus.CLOSED) else {}
    RectificationTask.objects.filter(pk=task.pk).update(status=status, **extra)
    task = fresh(task)
    if allowed(TASK_TRANSITIONS, action, status):
        TASK_CALLS[action](sv, task)
        target = TASK_TRANSITIONS[action][1]
        assert fresh(task).status == (target or status)
    else:
        with pytest.raises(InvalidTransition):
            TASK_CALLS[action](sv, task)
        assert fresh(task).status == status


ITEM_CALLS: dict[str, Any] = {
    "start": lambda sv, i: services.item_start(item=i, acting_user=sv.w.staff),
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
    "record_activity": lambda sv, i: services.activity_record(
        item=i, kind="visit", date=D(2026, 5, 1), summary="s", acting_user=sv.w.staff
    ),
}


@pytest.mark.parametrize("status", ItemStatus.values)
@pytest.mark.parametrize("action", sorted(ITEM_CALLS))
def test_item_transition_table(sv: Any, status: str, action: str) -> None:
    from lvzhi.supervision.models import SupervisionItem

    from .conftest import make_item

    item = make_item(sv)
    SupervisionItem.objects.filter(pk=item.pk).update(status=status)
    item = fresh(item)
    if allowed(ITEM_TRANSITIONS, action, status):
        ITEM_CALLS[action](sv, item)
        target = ITEM_TRANSITIONS[action][1]
        assert fresh(item).status == (target or status)
    else:
        with pytest.raises(InvalidTransition):
            ITEM_CALLS[action](sv, item)
        assert fresh(item).status == status
