"""Supervision in the demo city: this year's plan (adopted) with three items that show the
closed loop and what issues 11.17 / 11.18 changed —

* a special work report heard, 审议意见 sent, the handling report received and a satisfaction
  vote **with its quorum** (turnout shown), accepted; the item closed and published;
* a law-enforcement inspection whose satisfaction vote **missed the quorum** (three members
  took part): status "inquorate", it decided nothing, the item stays "reported"; published
  with its turnout;
* an audit work report with a rectification task **63 days overdue**, put on its escalation
  step by the daily scan (as the worker does, acting as SYSTEM), with the ladder of the profile.

Everything goes through the services as ``SYSTEM`` (members cast their own ballots). The
services refuse anything dated after today and a task whose deadline has passed, so the
overdue task is assigned with a deadline of today and then moved back 63 days in one update —
the seed is the one writer allowed to place history in the past. Deterministic for a ``today``;
``today`` must not be after the real date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import HANDLING_TYPES, Organ, Term, User


def _voters(term: Term, on: dt.date) -> list[User]:
    """Accounts of the Standing Committee members serving on ``on`` (they vote in person)."""
    from lvzhi.supervision.services import sc_members

    people = [m.person_id for m in sc_members(term, on)]
    return list(User.objects.filter(is_active=True, person_id__in=people).order_by("id"))


def seed_supervision(*, today: dt.date, say: Any = None) -> dict[str, int]:
    """Seed the supervision demo; returns counts. Does nothing if this year's plan exists."""
    from lvzhi.supervision import services
    from lvzhi.supervision.models import RectificationTask, SupervisionPlan

    say = say or (lambda _msg: None)
    term = Term.objects.filter(is_current=True).first()
    bodies = list(Organ.objects.filter(type__in=HANDLING_TYPES).order_by("sort_order", "id")[:2])
    if term is None or len(bodies) < 2 or SupervisionPlan.objects.filter(term=term, year=today.year).exists():
        return {"supervision_items": 0}
    first, second = bodies
    meeting = today - dt.timedelta(days=150)
    plan = services.plan_create(year=today.year, title=f"{today.year}年度监督工作计划", acting_user=SYSTEM)

    def item(form: str, title: str, body: Organ) -> Any:
        return services.item_create(
            plan=plan, form=form, title=title, body=body, meeting_date=meeting, acting_user=SYSTEM
        )

    report = item("work_report", "关于城市生活垃圾分类工作情况的专项工作报告", first)
    inspection = item("inspection", "《江澜市养犬管理条例》执法检查", second)
    audit = item("audit", "关于上年度本级预算执行和其他财政收支的审计工作报告", first)
    services.plan_adopt(
        plan=plan, adopted_on=min(today, meeting - dt.timedelta(days=100)), acting_user=SYSTEM
    )

    def heard_and_reported(it: Any) -> Any:
        services.item_start(item=it, acting_user=SYSTEM)
        services.item_deliberate(
            item=it,
            deliberated_on=meeting,
            findings="审议认为工作取得进展，仍存在若干问题。",
            acting_user=SYSTEM,
        )
        services.opinion_issue(
            item=it,
            text="建议进一步完善制度、加强督查。",
            adopted_on=meeting + dt.timedelta(days=5),
            transmitted_on=meeting + dt.timedelta(days=7),
            acting_user=SYSTEM,
        )
        return services.handling_report_receive(
            item=it,
            text="研究处理情况报告：已逐条落实审议意见。",
            received_on=meeting + dt.timedelta(days=60),
            acting_user=SYSTEM,
        )

    counts = {"supervision_items": 3, "supervision_votes": 0, "supervision_escalations": 0}
    opened = meeting + dt.timedelta(days=65)

    # 1. a quorate vote: more than half of all members take part
    heard_and_reported(report)
    vote = services.vote_open(
        item=report, subject="对研究处理情况报告的满意度测评", opened_on=opened, acting_user=SYSTEM
    )
    members = _voters(term, opened)
    for i, user in enumerate(members[: vote.total_members // 2 + 2]):
        services.vote_cast(
            vote=vote, choice="satisfied" if i % 4 else "basically_satisfied", acting_user=user
        )
    vote = services.vote_close(vote=vote, acting_user=SYSTEM)
    counts["supervision_votes"] += 1
    if vote.accepted:
        services.item_close(
            item=report, result="常委会组成人员对研究处理情况满意，监督闭环。", acting_user=SYSTEM
        )
    services.item_publish(item=report, acting_user=SYSTEM)

    # 2. three members take part: no quorum, no decision
    heard_and_reported(inspection)
    vote = services.vote_open(
        item=inspection, subject="对执法检查整改情况的满意度测评", opened_on=opened, acting_user=SYSTEM
    )
    for user in members[:3]:
        services.vote_cast(vote=vote, choice="unsatisfied", acting_user=user)
    services.vote_close(vote=vote, acting_user=SYSTEM)
    counts["supervision_votes"] += 1
    services.item_publish(item=inspection, acting_user=SYSTEM)

    # 3. a rectification task 63 days overdue, escalated by the daily scan
    services.item_start(item=audit, acting_user=SYSTEM)
    services.item_deliberate(
        item=audit, deliberated_on=meeting, findings="审计查出问题十二项。", acting_user=SYSTEM
    )
    task = services.task_add(
        item=audit,
        problem="部分专项资金未按规定时限拨付",
        problem_type="funds",
        unit=first,
        deadline=max(today, timezone.localdate()),  # the service takes no past deadline
        acting_user=SYSTEM,
    )
    RectificationTask.objects.filter(pk=task.pk).update(deadline=today - dt.timedelta(days=63))
    counts["supervision_escalations"] = services.deadlines_scan(today=today)["escalations"]
    say(f"Supervision: plan {plan.year}, 3 items, 2 votes (one inquorate), a task 63 days overdue escalated.")
    return counts


def delete_supervision(terms: list[Term]) -> Counter[str]:
    """Delete the supervision plans of ``terms`` with their items, tasks and votes (``--reset``):
    items first (their tasks, votes and ballots go with them), then the plans."""
    from lvzhi.supervision.models import SupervisionItem, SupervisionPlan

    counts: Counter[str] = Counter()
    plans = SupervisionPlan.objects.filter(term__in=terms)
    counts["supervision items"] = SupervisionItem.objects.filter(plan__in=plans).delete()[0]
    counts["supervision plans"] = plans.delete()[0]
    return counts
