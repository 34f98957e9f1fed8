"""Supervision in the demo city: two plans, every form, every task state and step of the
escalation ladder, votes of every outcome, dates that follow each other and never pass today,
and the pages each role reads.

The demo scale is seeded once for the module inside a transaction rolled back at the end (as in
``test_seed.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from lvzhi.core.models import Organ, Role, Term, Todo, User
from lvzhi.core.selectors import ruleset_for
from lvzhi.demo.seed import SeedSummary
from lvzhi.supervision.models import (
    Activity,
    Answer,
    EscalationStep,
    Extension,
    ProgressReport,
    Question,
    RectificationTask,
    Resolution,
    ReviewOpinion,
    SatisfactionVote,
    Signature,
    SupervisionItem,
    SupervisionPlan,
)
from lvzhi.supervision.services import ESCALATION_LEVELS
from lvzhi.supervision.states import (
    OPEN_TASK_STATES,
    Escalation,
    Form,
    ItemStatus,
    PlanStatus,
    TaskStatus,
    VoteStatus,
)

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


# --- what is there ------------------------------------------------------------------------------


def test_last_and_this_years_plans(city: SeedSummary) -> None:
    last, this = SupervisionPlan.objects.order_by("year")
    assert (last.year, this.year) == (2025, 2026)
    assert last.status == PlanStatus.PUBLISHED and this.status == PlanStatus.ADOPTED
    assert last.adopted_on is not None and this.adopted_on is not None
    assert last.adopted_on < dt.date(2025, 1, 1) and this.adopted_on <= TODAY
    published = _day(last.published_at)
    assert published is not None and last.adopted_on < published
    # last year's plan is complete: every item closed and published
    assert set(last.items.values_list("status", flat=True)) == {ItemStatus.CLOSED}
    assert not last.items.filter(is_public=False).exists()
    assert not RectificationTask.objects.filter(item__plan=last).exclude(status=TaskStatus.CLOSED).exists()
    assert city.counts["supervision_plans"] == 2
    assert city.counts["supervision_items"] == SupervisionItem.objects.count()
    assert city.counts["supervision_tasks"] == RectificationTask.objects.count()
    assert city.counts["supervision_votes"] == SatisfactionVote.objects.count()


def test_every_form_and_every_supervised_kind_of_body(city: SeedSummary) -> None:
    assert set(SupervisionItem.objects.values_list("form", flat=True)) == set(Form.values)
    kinds = set(SupervisionItem.objects.values_list("body__type", flat=True))
    assert {
        "government",
        "government_department",
        "supervisory_commission",
        "court",
        "procuratorate",
    } <= kinds
    assert not SupervisionItem.objects.filter(committee__isnull=True).exists()
    # the records each form keeps
    assert Activity.objects.filter(item__form=Form.INSPECTION).count() >= 6
    assert Activity.objects.filter(item__form=Form.INVESTIGATION).exists()
    assert Question.objects.filter(item__form=Form.THEMATIC_INQUIRY).exclude(official="").exists()
    assert Question.objects.filter(item__form=Form.QUESTION).exists()
    assert Signature.objects.filter(item__form=Form.INTERPELLATION).count() >= 5
    assert Answer.objects.filter(item__form=Form.INTERPELLATION).count() == 2
    assert Resolution.objects.filter(reported_on__isnull=False).exists()
    assert Resolution.objects.filter(reported_on__isnull=True, due__gt=TODAY).exists()


def test_every_item_state_and_planned_items_with_nothing_done(city: SeedSummary) -> None:
    this = SupervisionItem.objects.filter(plan__year=2026)
    assert {
        ItemStatus.PLANNED,
        ItemStatus.IN_PROGRESS,
        ItemStatus.DELIBERATED,
        ItemStatus.OPINION_SENT,
        ItemStatus.REPORTED,
        ItemStatus.RE_REPORT,
        ItemStatus.CLOSED,
    } <= set(this.values_list("status", flat=True))
    planned = this.filter(status=ItemStatus.PLANNED)
    assert planned.count() >= 3
    for item in planned:
        assert item.meeting_date is None or item.meeting_date > TODAY
        assert item.deliberated_on is None and not item.findings and not item.is_public
        assert not item.tasks.exists() and not item.votes.exists() and not item.activities.exists()
    under_way = this.get(status=ItemStatus.IN_PROGRESS)
    assert under_way.deliberated_on is None and under_way.activities.exists()
    assert all(a.date <= TODAY for a in under_way.activities.all())


def test_every_task_state_and_every_step_of_the_profiles_ladder(city: SeedSummary) -> None:
    assert set(RectificationTask.objects.values_list("status", flat=True)) == set(TaskStatus.values)
    plan = SupervisionPlan.objects.get(year=2026)
    rules = ruleset_for(plan.rules)
    reminder = rules.integer("supervision.reminder_days_before")
    ladder = list(zip(rules.items("supervision.escalation_days_overdue"), ESCALATION_LEVELS, strict=False))
    open_tasks = RectificationTask.objects.filter(status__in=OPEN_TASK_STATES)
    levels = set(open_tasks.values_list("escalation", flat=True))
    assert {Escalation.REMINDER, *(level for _days, level in ladder)} <= levels
    assert Escalation.NONE in levels  # and tasks on time, not escalated
    for task in open_tasks.exclude(status=TaskStatus.SUBMITTED):
        late = (TODAY - task.deadline).days
        expected = Escalation.REMINDER if -reminder <= late < 1 else Escalation.NONE
        for after, level in ladder:
            if late >= after:
                expected = Escalation(level)
        assert task.escalation == expected, task.problem
        # each step dated the day it fell due, one step after the other
        steps = list(task.escalations.order_by("id"))
        assert [s.level_to for s in steps] == list(range(Escalation.REMINDER, task.escalation + 1))
        for step in steps:
            day = _day(step.created_at)
            assert day is not None and day <= TODAY
            if step.level_to == Escalation.REMINDER:
                assert day == task.deadline - dt.timedelta(days=reminder)
            else:
                after = dict((lvl, d) for d, lvl in ladder)[step.level_to]
                assert day == task.deadline + dt.timedelta(days=after), step
    # an extension approved, a rectification refused once
    assert Extension.objects.filter(status="approved").exists()
    assert RectificationTask.objects.filter(
        verification_note__contains="退回", status=TaskStatus.IN_PROGRESS
    ).exists()
    # the unit's to-do carries the task's real deadline
    overdue = open_tasks.filter(escalation=Escalation.RESOLUTION).first()
    assert overdue is not None
    todo = Todo.objects.filter(kind="supervision.task", source_id=str(overdue.pk)).get()
    assert todo.due_date == overdue.deadline < TODAY


def test_votes_of_every_outcome_with_turnout(city: SeedSummary) -> None:
    closed = SatisfactionVote.objects.filter(status=VoteStatus.CLOSED)
    assert closed.filter(accepted=True).exists() and closed.filter(accepted=False).exists()
    inquorate = SatisfactionVote.objects.get(status=VoteStatus.INQUORATE)
    assert inquorate.turnout is not None and inquorate.quorum is not None
    assert 0 < inquorate.turnout < inquorate.quorum and inquorate.accepted is None
    assert inquorate.item.status == ItemStatus.REPORTED
    for vote in SatisfactionVote.objects.all():
        assert vote.status != VoteStatus.OPEN and vote.total_members >= 40
        assert vote.turnout == vote.participants.count() == vote.ballots.count()
        if vote.status == VoteStatus.CLOSED:
            assert vote.turnout >= (vote.quorum or 0) and vote.cast == vote.turnout
    # not accepted → the body reports again: this year waiting, last year re-reported and accepted
    assert SupervisionItem.objects.filter(plan__year=2026, status=ItemStatus.RE_REPORT).exists()
    twice = SupervisionItem.objects.get(plan__year=2025, form=Form.INSPECTION)
    first, second = twice.votes.order_by("opened_on")
    assert (first.accepted, second.accepted) == (False, True) and twice.status == ItemStatus.CLOSED


def test_dates_follow_each_other_and_none_is_after_today(city: SeedSummary) -> None:
    for item in SupervisionItem.objects.exclude(status=ItemStatus.PLANNED).select_related("plan"):
        adopted = item.plan.adopted_on
        created = _day(item.created_at)
        assert adopted is not None and created is not None and created <= adopted
        chain: list[dt.date | None] = [adopted, item.report_submitted_on, item.deliberated_on]
        opinion = ReviewOpinion.objects.filter(item=item).first()
        if opinion is not None:
            chain += [opinion.adopted_on, opinion.transmitted_on]
        chain += [item.handling_report_on]
        votes = list(item.votes.order_by("opened_on"))
        chain += [v.opened_on for v in votes[-1:]]  # after a re-report, the vote on it
        chain += [_day(item.closed_at)]
        known = [d for d in chain if d is not None]
        assert known == sorted(known), (item.title, chain)
        assert max(known) <= TODAY, item.title
        for v in votes:
            closed = _day(v.closed_at)
            assert closed is not None and v.opened_on <= closed <= TODAY
    for task in RectificationTask.objects.select_related("item"):
        created = _day(task.created_at)
        assert created is not None and task.item.deliberated_on is not None
        assert task.item.deliberated_on <= created <= TODAY
        reports = sorted(timezone.localdate(r.created_at) for r in ProgressReport.objects.filter(task=task))
        done = [d for d in (_day(task.verified_at), _day(task.closed_at)) if d is not None]
        assert [created, *reports, *done] == sorted([created, *reports, *done]), task.problem
        assert all(d <= TODAY for d in [*reports, *done])
    for model, field in (
        (Activity, "date"),
        (Question, "asked_on"),
        (Answer, "answered_on"),
        (Resolution, "adopted_on"),
        (Resolution, "reported_on"),
    ):
        assert not model.objects.filter(**{f"{field}__gt": TODAY}).exists(), (model, field)
    assert not EscalationStep.objects.filter(
        created_at__gt=timezone.make_aware(dt.datetime(2026, 11, 25))
    ).exists()


def test_same_today_same_supervision(city: SeedSummary) -> None:
    from lvzhi.demo.supervision import delete_supervision, seed_supervision

    def fingerprint() -> list[Any]:
        return (
            list(
                SupervisionItem.objects.order_by("plan__year", "title").values_list(
                    "plan__year",
                    "form",
                    "title",
                    "body__code",
                    "status",
                    "deliberated_on",
                    "handling_report_on",
                )
            )
            + list(
                RectificationTask.objects.order_by("problem").values_list(
                    "problem", "unit__code", "deadline", "status", "escalation"
                )
            )
            + list(
                SatisfactionVote.objects.order_by("subject").values_list(
                    "subject", "turnout", "accepted", "status"
                )
            )
        )

    before = fingerprint()
    with transaction.atomic():
        delete_supervision(list(Term.objects.all()))
        again = seed_supervision(today=TODAY)
        assert fingerprint() == before
        assert again["supervision_items"] == city.counts["supervision_items"]
        transaction.set_rollback(True)


# --- the pages each role reads ------------------------------------------------------------------


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_workspace_lists_plans_and_items_for_staff_leader_and_member(city: SeedSummary) -> None:
    member = (
        User.objects.filter(roles__role=Role.SC_MEMBER)
        .exclude(roles__role=Role.LEADER)
        .order_by("id")
        .values_list("username", flat=True)
        .first()
    )
    assert member is not None
    titles = list(SupervisionItem.objects.filter(plan__year=2026).values_list("title", flat=True))
    for username in ("staff_yusuan", "staff_jiansi", "leader", member):
        page = _client(username).get("/supervision/")
        assert page.status_code == 200, username
        html = page.content.decode()
        assert "2025年度监督工作计划" in html and "2026年度监督工作计划" in html, username
        assert sum(t in html for t in titles) == len(titles), username
        item = SupervisionItem.objects.get(form=Form.AUDIT, plan__year=2026)
        detail = _client(username).get(f"/supervision/items/{item.pk}/")
        assert detail.status_code == 200 and item.title in detail.content.decode()
    last = SupervisionPlan.objects.get(year=2025)
    html = _client("leader").get(f"/supervision/?plan={last.pk}").content.decode()
    assert all(t in html for t in last.items.values_list("title", flat=True))
    assert not any(t in html for t in titles)


def test_officers_of_the_supervised_body_see_its_tasks(city: SeedSummary) -> None:
    for code in ("jyj", "jianwei", "sthjj", "zrzyj"):
        unit = Organ.objects.get(code=code)
        officer = User.objects.filter(roles__role=Role.UNIT_OFFICER, roles__organ=unit).first()
        assert officer is not None, code
        client = Client()
        client.force_login(officer)
        assert client.get("/supervision/").status_code == 302  # to the unit's tasks
        html = client.get("/supervision/tasks/?status=").content.decode()
        mine = RectificationTask.objects.filter(unit=unit)
        assert mine.exists(), code
        assert all(t.problem in html for t in mine), code
        others = RectificationTask.objects.exclude(unit=unit).values_list("problem", flat=True)
        assert not any(p in html for p in others), code
        task = mine.first()
        assert task is not None and client.get(f"/supervision/tasks/{task.pk}/").status_code == 200


def test_the_portal_shows_published_results(city: SeedSummary) -> None:
    client = Client()
    html = client.get("/public/supervision/").content.decode()
    published = SupervisionItem.objects.filter(is_public=True)
    assert published.count() >= 14
    assert all(t in html for t in published.values_list("title", flat=True)[:30])
    assert not any(
        t in html for t in SupervisionItem.objects.filter(is_public=False).values_list("title", flat=True)
    )
    inquorate = SatisfactionVote.objects.get(status=VoteStatus.INQUORATE).item
    page = client.get(f"/public/supervision/{inquorate.pk}/")
    assert page.status_code == 200 and inquorate.title in page.content.decode()
    hidden = SupervisionItem.objects.filter(is_public=False).first()
    assert hidden is not None and client.get(f"/public/supervision/{hidden.pk}/").status_code == 404
