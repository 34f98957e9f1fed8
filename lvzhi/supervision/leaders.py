"""The supervision panel of the leaders' view (``/leaders/``) and what awaits the council of
chairpersons (主任会议) in supervision: the loop of rectification by supervised body (open,
overdue, escalated), the items by stage. Counted with the filters of the lists linked to
(``selectors.tasks_for``, ``selectors.item_list``); three grouped queries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.dashboards import Cell, FigureRow, FigureTable

from . import permissions as perms
from . import selectors
from .models import RectificationTask, SupervisionItem, SupervisionPlan
from .states import OPEN_TASK_STATES, Escalation, ItemStatus, PlanStatus

#: Supervised bodies the chart shows (those with the most open tasks); the lists show all.
TOP_BODIES = 12
#: "Escalated": any step of the ladder taken (a reminder or more).
ESCALATED = int(Escalation.REMINDER)


def _tasks(**params: Any) -> str:
    query = {"status": "open", **{k: v for k, v in params.items() if v}}
    return reverse("supervision:tasks") + "?" + urlencode(query)


def panel(user: Any) -> dict[str, Any] | None:
    if not perms.can_view_supervision(user):
        return None
    today = timezone.localdate()
    late = Q(deadline__lt=today)
    escalated = Q(escalation__gte=ESCALATED)
    open_tasks = RectificationTask.objects.filter(status__in=OPEN_TASK_STATES)
    by_body = list(
        open_tasks.values("item__body_id", "item__body__name")
        .annotate(n=Count("id"), overdue=Count("id", filter=late), escalated=Count("id", filter=escalated))
        .order_by("-n", "-overdue", "item__body__name")[:TOP_BODIES]
    )
    totals = open_tasks.aggregate(
        n=Count("id"), overdue=Count("id", filter=late), escalated=Count("id", filter=escalated)
    )
    body_rows = tuple(
        FigureRow(
            r["item__body__name"],
            (
                Cell(r["n"], _tasks(body=r["item__body_id"])),
                Cell(r["overdue"], _tasks(body=r["item__body_id"], overdue=1)),
                Cell(r["escalated"], _tasks(body=r["item__body_id"], escalation=ESCALATED)),
            ),
        )
        for r in by_body
    )
    items = dict(
        SupervisionItem.objects.order_by()
        .values_list("status")
        .annotate(c=Count("id"))
        .values_list("status", "c")
    )
    item_rows = tuple(
        FigureRow(
            label,
            (Cell(items.get(value, 0), reverse("supervision:index") + "?" + urlencode({"status": value})),),
        )
        for value, label in ItemStatus.choices
    )
    return {
        "key": "supervision",
        "title": _("Supervision"),
        "tables": [
            FigureTable(
                "supervision-bodies",
                _("Open rectification tasks by supervised body"),
                (_("Open"), _("Overdue"), _("Escalated")),
                body_rows,
                note=_("The %(n)s bodies with the most open tasks.") % {"n": TOP_BODIES}
                if len(body_rows) == TOP_BODIES
                else "",
                more_url=reverse("supervision:dashboard"),
            ),
            FigureTable(
                "supervision-items",
                _("Supervision items by stage"),
                (_("Items"),),
                item_rows,
                more_url=reverse("supervision:index"),
            ),
        ],
        "lines": [
            (_("All open rectification tasks"), totals["n"], _tasks()),
            (_("Of which past the deadline"), totals["overdue"], _tasks(overdue=1)),
            (_("Of which escalated"), totals["escalated"], _tasks(escalation=ESCALATED)),
        ],
    }


def council_rows(user: Any) -> list[tuple[Any, int, str]]:
    """Supervision awaiting the council of chairpersons: the draft annual plan to adopt, the
    collated 审议意见 of deliberated items to pass (Zhejiang Art 43), lagging rectification
    listed for it (the escalation ladder's third step and above)."""
    if not perms.can_view_supervision(user):
        return []
    drafts = list(SupervisionPlan.objects.filter(status=PlanStatus.DRAFT).values_list("pk", flat=True)[:2])
    plans_url = reverse("supervision:index") + (f"?plan={drafts[0]}" if len(drafts) == 1 else "")
    index = reverse("supervision:index")
    return [
        (
            _("Supervision plans to adopt"),
            SupervisionPlan.objects.filter(status=PlanStatus.DRAFT).count(),
            plans_url,
        ),
        (
            _("Deliberated supervision items whose opinions await adoption"),
            SupervisionItem.objects.filter(status=ItemStatus.DELIBERATED).count(),
            index + "?" + urlencode({"status": ItemStatus.DELIBERATED}),
        ),
        (
            _("Lagging rectification listed for the council"),
            selectors.tasks_for(user, status="open", escalation=int(Escalation.COUNCIL)).count(),
            _tasks(escalation=int(Escalation.COUNCIL)),
        ),
    ]
