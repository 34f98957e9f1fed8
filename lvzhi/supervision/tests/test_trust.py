"""Issue 11.17 and 11.18: dates cannot lie, the escalation scan climbs by itself, and a
satisfaction vote needs its quorum and shows its turnout."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from lvzhi.core.errors import InvalidTransition, ValidationFailed
from lvzhi.core.selectors import ruleset_for
from lvzhi.supervision import services
from lvzhi.supervision.models import (
    Activity,
    RectificationTask,
    Resolution,
    ReviewOpinion,
    SatisfactionVote,
    SupervisionItem,
)
from lvzhi.supervision.states import Escalation, ItemStatus, PlanStatus

from .conftest import D, deliberated_item, fresh, make_item, task_for, voters

pytestmark = pytest.mark.django_db


# --- 11.17: dates -------------------------------------------------------------------------------


def _opinion_sent(sv: Any) -> Any:
    item = deliberated_item(sv)
    services.opinion_issue(
        item=item, text="意见", adopted_on=D(2026, 7, 1), transmitted_on=D(2026, 7, 3), acting_user=sv.w.staff
    )
    return fresh(item)


def test_opinion_adopted_before_its_deliberation_is_refused(sv: Any) -> None:
    item = deliberated_item(sv)  # deliberated on 26 June
    with pytest.raises(ValidationFailed) as exc:
        services.opinion_issue(
            item=item,
            text="意见",
            adopted_on=D(2026, 6, 20),
            transmitted_on=D(2026, 7, 3),
            acting_user=sv.w.staff,
        )
    assert exc.value.code == "date_out_of_order" and "2026-06-26" in str(exc.value.message)
    assert not ReviewOpinion.objects.filter(item=item).exists()
    assert fresh(item).status == ItemStatus.DELIBERATED


def test_task_with_a_past_deadline_is_refused(sv: Any) -> None:
    item = deliberated_item(sv)
    with pytest.raises(ValidationFailed) as exc:
        services.task_add(
            item=item,
            problem="问题",
            unit=sv.w.education,
            deadline=sv.today - dt.timedelta(days=1),
            acting_user=sv.w.staff,
        )
    assert exc.value.code == "deadline_past" and "deadline" in exc.value.detail
    assert not RectificationTask.objects.exists()
    services.task_add(
        item=item, problem="问题", unit=sv.w.education, deadline=sv.today, acting_user=sv.w.staff
    )


def test_an_extension_to_a_date_already_past_is_refused(sv: Any) -> None:
    task = task_for(sv)  # deadline 31 October; today is 31 December
    with pytest.raises(ValidationFailed) as exc:
        services.extension_request(task=task, until=D(2026, 11, 30), reason="r", acting_user=sv.w.officer)
    assert exc.value.code == "deadline_past" and not task.extensions.exists()
    services.extension_request(task=task, until=D(2027, 1, 31), reason="r", acting_user=sv.w.officer)


def test_item_does_not_start_while_its_plan_is_a_draft(sv: Any) -> None:
    item = make_item(sv, adopt=False)
    assert fresh(sv.plan).status == PlanStatus.DRAFT
    with pytest.raises(InvalidTransition) as exc:
        services.item_start(item=item, acting_user=sv.w.staff)
    assert exc.value.code == "plan_draft"
    assert fresh(item).status == ItemStatus.PLANNED
    services.plan_adopt(plan=sv.plan, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff)
    services.item_start(item=item, acting_user=sv.w.staff)
    assert fresh(item).status == ItemStatus.IN_PROGRESS


FUTURE = D(2027, 1, 5)  # after the pinned today (31 December 2026)

FUTURE_STEPS: dict[str, Any] = {
    "plan_adopt": lambda sv: services.plan_adopt(
        plan=make_item(sv, adopt=False).plan, adopted_on=FUTURE, acting_user=sv.w.staff
    ),
    "activity": lambda sv: services.activity_record(
        item=_started(sv), kind="visit", date=FUTURE, summary="s", acting_user=sv.w.staff
    ),
    "deliberate": lambda sv: services.item_deliberate(
        item=_started(sv), deliberated_on=FUTURE, findings="f", acting_user=sv.w.staff
    ),
    "opinion_adopted": lambda sv: services.opinion_issue(
        item=deliberated_item(sv), text="t", adopted_on=FUTURE, transmitted_on=FUTURE, acting_user=sv.w.staff
    ),
    "opinion_sent": lambda sv: services.opinion_issue(
        item=deliberated_item(sv),
        text="t",
        adopted_on=D(2026, 7, 1),
        transmitted_on=FUTURE,
        acting_user=sv.w.staff,
    ),
    "report": lambda sv: services.handling_report_receive(
        item=_opinion_sent(sv), text="t", received_on=FUTURE, acting_user=sv.w.staff
    ),
    "resolution": lambda sv: services.resolution_adopt(
        item=deliberated_item(sv), text="t", adopted_on=FUTURE, due=D(2027, 6, 1), acting_user=sv.w.staff
    ),
    "vote": lambda sv: services.vote_open(
        item=deliberated_item(sv), subject="s", opened_on=FUTURE, acting_user=sv.w.staff
    ),
}


def _started(sv: Any) -> Any:
    item = make_item(sv)
    return services.item_start(item=item, acting_user=sv.w.staff)


@pytest.mark.parametrize("step", sorted(FUTURE_STEPS))
def test_nothing_in_the_future_is_recorded_as_done(sv: Any, step: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        FUTURE_STEPS[step](sv)
    assert exc.value.code == "date_in_future" and "2027-01-05" in str(exc.value.message)
    assert not (
        Activity.objects.exists()
        or ReviewOpinion.objects.filter(Q(adopted_on=FUTURE) | Q(transmitted_on=FUTURE)).exists()
        or SupervisionItem.objects.filter(Q(deliberated_on=FUTURE) | Q(handling_report_on=FUTURE)).exists()
        or Resolution.objects.exists()
        or SatisfactionVote.objects.exists()
    )
    assert fresh(sv.plan).adopted_on != FUTURE


def test_each_step_follows_the_one_before(sv: Any) -> None:
    item = _opinion_sent(sv)  # opinions sent on 3 July
    with pytest.raises(ValidationFailed) as exc:
        services.handling_report_receive(
            item=item, text="t", received_on=D(2026, 7, 2), acting_user=sv.w.staff
        )
    assert exc.value.code == "date_out_of_order"
    services.handling_report_receive(item=item, text="t", received_on=D(2026, 9, 1), acting_user=sv.w.staff)
    with pytest.raises(ValidationFailed):
        services.vote_open(item=fresh(item), subject="s", opened_on=D(2026, 8, 31), acting_user=sv.w.staff)
    assert not SatisfactionVote.objects.exists()
    with pytest.raises(ValidationFailed):
        services.resolution_adopt(
            item=fresh(item), text="t", adopted_on=D(2026, 6, 1), due=D(2027, 6, 1), acting_user=sv.w.staff
        )
    res = services.resolution_adopt(
        item=fresh(item), text="t", adopted_on=D(2026, 9, 2), due=D(2027, 6, 1), acting_user=sv.w.staff
    )
    with pytest.raises(ValidationFailed):
        services.resolution_report(resolution=res, reported_on=D(2026, 9, 1), acting_user=sv.w.staff)
    assert fresh(res).reported_on is None


def test_a_date_problem_is_a_message_in_the_page(client: Any, sv: Any) -> None:
    item = deliberated_item(sv)
    client.force_login(sv.w.staff)
    r = client.post(
        reverse("supervision:item_action", args=[item.pk, "opinion"]),
        {"text": "意见", "date": "2026-06-01"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    texts = [str(m) for m in r.context["messages"]]
    assert any("before the deliberation" in t for t in texts), texts
    assert fresh(item).status == ItemStatus.DELIBERATED


# --- 11.17: the scan climbs by itself -------------------------------------------------------------


def test_the_registered_job_escalates_an_overdue_task_to_its_ladder_level(sv: Any) -> None:
    """A task 63 days overdue: the worker's periodic job (as registered) puts it on the step
    the plan's rules profile gives for 63 days — no hand escalation."""
    from lvzhi.core.registry import periodic_jobs

    task = task_for(sv)
    RectificationTask.objects.filter(pk=task.pk).update(deadline=sv.today - dt.timedelta(days=63))
    assert fresh(task).escalation == Escalation.NONE
    rules = ruleset_for(sv.plan.rules)
    ladder = [int(d) for d in rules.items("supervision.escalation_days_overdue")]
    expected = Escalation.NONE
    for days, level in zip(ladder, services.ESCALATION_LEVELS, strict=False):
        if 63 >= days:
            expected = Escalation(level)
    assert expected > Escalation.LETTER  # the profile's ladder reaches past the first step by 63 days
    job = next(j for j in periodic_jobs() if j.name == "supervision_deadlines")
    job.enqueue()  # the test settings run tasks immediately, as the worker would
    task = fresh(task)
    assert task.escalation == expected
    steps = list(task.escalations.order_by("id").values_list("level_to", "actor"))
    assert [lvl for lvl, _a in steps] == list(range(Escalation.REMINDER, expected + 1))
    assert all(actor is None for _l, actor in steps)  # the platform acted (SYSTEM), not a person
    job.enqueue()
    assert fresh(task).escalations.count() == len(steps)  # once each


def test_one_failing_task_does_not_stop_the_scan(sv: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    broken, fine = task_for(sv), task_for(sv, unit=sv.w.health)
    RectificationTask.objects.update(deadline=sv.today - dt.timedelta(days=40))
    real = services._escalate_to

    def escalate(task: Any, *args: Any, **kw: Any) -> None:
        if task.pk == broken.pk:
            raise RuntimeError("a broken task")
        real(task, *args, **kw)

    monkeypatch.setattr(services, "_escalate_to", escalate)
    for order in ("id", "-id"):  # whichever comes first
        monkeypatch.setattr(RectificationTask._meta, "ordering", [order])
        services.deadlines_scan()
    assert fresh(broken).escalation == Escalation.NONE
    assert fresh(fine).escalation > Escalation.LETTER


# --- 11.18: quorum and turnout ----------------------------------------------------------------------


def _reported(sv: Any) -> Any:
    item = _opinion_sent(sv)
    return services.handling_report_receive(
        item=item, text="报告", received_on=D(2026, 10, 1), acting_user=sv.w.staff
    )


def test_a_vote_without_quorum_decides_nothing(client: Any, sv: Any) -> None:
    item = _reported(sv)
    vote = services.vote_open(item=item, subject="测评", opened_on=D(2026, 10, 20), acting_user=sv.w.staff)
    assert vote.total_members == 15
    for user in voters(sv, 3):
        services.vote_cast(vote=vote, choice="unsatisfied", acting_user=user)
    vote = services.vote_close(vote=vote, acting_user=sv.w.staff)
    quorum, _rule = services.vote_quorum(ruleset_for(sv.plan.rules), 15)
    assert quorum == 8  # more than half of all 15 members (the profile's rule)
    assert (vote.status, vote.accepted, vote.turnout, vote.quorum) == ("inquorate", None, 3, 8)
    assert (vote.satisfied, vote.basically_satisfied, vote.unsatisfied) == (0, 0, 0)
    assert fresh(item).status == ItemStatus.REPORTED  # no re-report
    assert fresh(item).opinion.report_due == fresh(item).opinion.report_due
    # the page, the API and the published result show the turnout and no decision
    client.force_login(sv.w.staff)
    page = client.get(reverse("supervision:vote", args=[vote.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 of 15 members (20.0%)" in page and "decided nothing" in page
    got = client.get(f"/api/supervision/votes/{vote.pk}").json()
    assert got["turnout"] == 3 and got["turnout_percent"] == 20.0 and got["quorum"] == 8
    assert got["decided"] is False and got["accepted"] is None and got["unsatisfied"] is None
    services.item_publish(item=item, acting_user=sv.w.staff)
    client.logout()
    public = client.get(
        reverse("supervision_public:public_detail", args=[item.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "turnout 3 of 15 members (20.0%)" in public and "no quorum" in public
    assert "not accepted" not in public


def test_a_quorate_vote_shows_its_turnout_everywhere(client: Any, sv: Any) -> None:
    item = _reported(sv)
    vote = services.vote_open(item=item, subject="测评", opened_on=D(2026, 10, 20), acting_user=sv.w.staff)
    for user in voters(sv, 9):
        services.vote_cast(vote=vote, choice="satisfied", acting_user=user)
    client.force_login(sv.member_users[0])
    open_page = client.get(
        reverse("supervision:vote", args=[vote.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Basically satisfied</th>" not in open_page  # no counts while it is open
    assert client.get(f"/api/supervision/votes/{vote.pk}").json()["satisfied"] is None
    vote = services.vote_close(vote=vote, acting_user=sv.w.staff)
    assert (vote.status, vote.accepted, vote.turnout) == ("closed", True, 9)
    got = client.get(f"/api/supervision/votes/{vote.pk}").json()
    assert got["decided"] is True and got["satisfied"] == 9 and got["turnout_percent"] == 60.0
    services.item_publish(item=item, acting_user=sv.w.staff)
    client.logout()
    public = client.get(
        reverse("supervision_public:public_detail", args=[item.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "turnout 9 of 15 members (60.0%)" in public and "accepted" in public
