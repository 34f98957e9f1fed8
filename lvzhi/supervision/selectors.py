"""Every read of supervision for pages, exports and the API; no N+1."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lvzhi.core.models import Attachment
from lvzhi.core.permissions import Viewer

from . import permissions as perms
from .models import (
    Answer,
    Extension,
    ProgressReport,
    RectificationTask,
    SatisfactionVote,
    SupervisionItem,
    SupervisionPlan,
)
from .states import DONE_TASK_STATES, OPEN_TASK_STATES, Escalation, ProblemType


def plans() -> list[SupervisionPlan]:
    return list(SupervisionPlan.objects.annotate(n_items=Count("items")).order_by("-year", "-id"))


def item_list(
    *, plan_id: int | None = None, form: str = "", status: str = "", year: int | None = None
) -> QuerySet[SupervisionItem]:
    qs = SupervisionItem.objects.select_related("plan", "body").annotate(
        n_tasks=Count("tasks", distinct=True),
        n_open=Count("tasks", filter=Q(tasks__status__in=OPEN_TASK_STATES), distinct=True),
    )
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if year:
        qs = qs.filter(plan__year=year)
    if form:
        qs = qs.filter(form=form)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-plan__year", "id")


def item_detail(pk: int) -> SupervisionItem | None:
    return (
        SupervisionItem.objects.select_related(
            "plan__rules__profile", "plan__term", "body", "committee", "opinion"
        )
        .prefetch_related(
            "team",
            "activities",
            "questions",
            "signatures__membership__person",
            "answers__dissatisfied",
            "resolutions",
            "votes",
            Prefetch("tasks", queryset=RectificationTask.objects.select_related("unit")),
        )
        .filter(pk=pk)
        .first()
    )


def task_detail(pk: int) -> RectificationTask | None:
    return (
        RectificationTask.objects.select_related("item__plan", "item__body", "unit", "verified_by")
        .prefetch_related(
            "milestones",
            "extensions",
            "escalations__actor",
            Prefetch("reports", queryset=ProgressReport.objects.select_related("created_by")),
        )
        .filter(pk=pk)
        .first()
    )


def evidence_for(task: RectificationTask) -> dict[int, list[Attachment]]:
    """Attachments of the task's progress reports, by report id, in one query."""
    from django.contrib.contenttypes.models import ContentType

    ids = [str(r.pk) for r in task.reports.all()]
    out: dict[int, list[Attachment]] = defaultdict(list)
    if ids:
        ct = ContentType.objects.get_for_model(ProgressReport)
        for a in Attachment.objects.filter(target_type=ct, target_id__in=ids):
            out[int(a.target_id)].append(a)
    return dict(out)


def tasks_for(
    user: Viewer,
    *,
    status: str = "",
    body: int | None = None,
    overdue: bool = False,
    escalation: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[RectificationTask]:
    """Tasks the user may see: all for supervision staff, the unit's own for its officers;
    narrowed to one supervised ``body``, to those past their deadline while open
    (``overdue``), or to those escalated to at least step ``escalation``."""
    qs = RectificationTask.objects.select_related("item", "unit")
    if not perms.can_view_supervision(user):
        qs = qs.filter(unit_id__in=perms.units_of(user))
    if status == "open":
        qs = qs.filter(status__in=OPEN_TASK_STATES)
    elif status:
        qs = qs.filter(status=status)
    if body:
        qs = qs.filter(item__body_id=body)
    if overdue:
        qs = qs.filter(status__in=OPEN_TASK_STATES, deadline__lt=today or timezone.localdate())
    if escalation:
        qs = qs.filter(escalation__gte=escalation)
    return qs.order_by("deadline", "id")


def vote_detail(pk: int) -> SatisfactionVote | None:
    return SatisfactionVote.objects.select_related("item__plan__rules", "term").filter(pk=pk).first()


def plan(pk: int | None) -> SupervisionPlan | None:
    return SupervisionPlan.objects.filter(pk=pk).first() if pk else None


def item_for_action(pk: int) -> SupervisionItem | None:
    return SupervisionItem.objects.select_related("plan__term", "plan__rules").filter(pk=pk).first()


def task_for_action(pk: int) -> RectificationTask | None:
    return RectificationTask.objects.select_related("unit", "item").filter(pk=pk).first()


def pending_extension(task: RectificationTask, pk: int | None) -> Extension | None:
    """The task's extension request ``pk`` (None if it is not the task's)."""
    return Extension.objects.filter(task=task, pk=pk).first() if pk else None


def latest_answer(item: SupervisionItem) -> Answer | None:
    return item.answers.order_by("-round").first()


def has_voted(vote: SatisfactionVote, membership: Any) -> bool:
    """Whether this member took part (never what they chose: ballots carry no name)."""
    return membership is not None and vote.participants.filter(membership=membership).exists()


def participants(vote: SatisfactionVote) -> int:
    return vote.participants.count()


def public_items() -> QuerySet[SupervisionItem]:
    return (
        SupervisionItem.objects.filter(is_public=True)
        .select_related("plan", "body")
        .annotate(
            n_tasks=Count("tasks", distinct=True),
            n_done=Count("tasks", filter=Q(tasks__status__in=DONE_TASK_STATES), distinct=True),
        )
        .order_by("-plan__year", "id")
    )


def public_item(pk: int) -> SupervisionItem | None:
    return (
        SupervisionItem.objects.filter(is_public=True, pk=pk)
        .select_related("plan", "body", "opinion")
        .prefetch_related(
            Prefetch("tasks", queryset=RectificationTask.objects.select_related("unit")),
            "resolutions",
            "votes",
            "questions",
            "answers",
        )
        .first()
    )


# --- dashboards ---------------------------------------------------------------------------------


@dataclass
class Row:
    key: Any
    label: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    days_overdue: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Rectification rate: verified or closed tasks as a share of all tasks (%)."""
        return round(100.0 * self.done / self.total, 1) if self.total else 0.0

    @property
    def avg_days_overdue(self) -> float:
        return round(self.days_overdue / self.overdue, 1) if self.overdue else 0.0


def dashboard(*, today: dt.date | None = None, year: int | None = None) -> dict[str, Any]:
    """Open, overdue, rectification rate and days overdue by supervised body, item,
    responsible unit and problem type — two queries whatever the number of tasks."""
    today = today or timezone.localdate()
    qs = RectificationTask.objects.all()
    if year:
        qs = qs.filter(item__plan__year=year)
    rows = qs.values_list(
        "item_id",
        "item__title",
        "item__body_id",
        "item__body__name",
        "problem_type",
        "status",
        "deadline",
        "escalation",
        "unit_id",
        "unit__name",
    )
    by_body: dict[int, Row] = {}
    by_item: dict[int, Row] = {}
    by_type: dict[str, Row] = {}
    by_unit: dict[int, Row] = {}
    totals = Row(key=None, label="")
    levels: dict[int, int] = defaultdict(int)
    type_labels = dict(ProblemType.choices)
    for (
        item_id,
        item_title,
        body_id,
        body_name,
        ptype,
        status,
        deadline,
        escalation,
        unit_id,
        unit_name,
    ) in rows.iterator():
        targets = [
            by_body.setdefault(body_id, Row(key=body_id, label=body_name)),
            by_item.setdefault(item_id, Row(key=item_id, label=item_title)),
            by_type.setdefault(ptype, Row(key=ptype, label=str(type_labels.get(ptype, ptype)))),
            by_unit.setdefault(unit_id, Row(key=unit_id, label=unit_name)),
            totals,
        ]
        is_open = status in OPEN_TASK_STATES
        late = (today - deadline).days if is_open and deadline < today else 0
        if is_open:
            levels[escalation] += 1
        for r in targets:
            r.total += 1
            r.open += is_open
            r.done += status in DONE_TASK_STATES
            if late:
                r.overdue += 1
                r.days_overdue += late
    items = SupervisionItem.objects.all()
    if year:
        items = items.filter(plan__year=year)
    status_counts = dict(items.values_list("status").annotate(n=Count("id")).values_list("status", "n"))

    def ordered(d: dict[Any, Row]) -> list[Row]:
        return sorted(d.values(), key=lambda r: (-r.overdue, -r.open, str(r.label)))

    return {
        "today": today,
        "totals": totals,
        "by_body": ordered(by_body),
        "by_item": ordered(by_item),
        "by_type": ordered(by_type),
        "by_unit": ordered(by_unit),
        "item_status": status_counts,
        "escalation": [(str(label), levels.get(int(value), 0)) for value, label in Escalation.choices],
    }


def chart(rows: list[Row], *, label_open: str, label_overdue: str, limit: int = 15) -> dict[str, Any]:
    top = rows[:limit]
    return {
        "type": "bar",
        "horizontal": True,
        "stacked": False,
        "labels": [r.label for r in top],
        "datasets": [
            {"label": label_open, "data": [r.open for r in top]},
            {"label": label_overdue, "data": [r.overdue for r in top]},
        ],
    }


def organ_name(pk: int) -> str | None:
    """The name of organ ``pk`` (a filter's caption), or None."""
    from lvzhi.core.models import Organ

    return Organ.objects.filter(pk=pk).values_list("name", flat=True).first()
