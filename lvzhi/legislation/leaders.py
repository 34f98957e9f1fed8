"""The legislation panels of the leaders' view (``/leaders/``) and what awaits the council of
chairpersons (主任会议) in legislation. Every figure is counted with the query of the list it
links to, so the list shows exactly the items counted; a few grouped queries in all."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.dashboards import Cell, FigureRow, FigureTable
from lvzhi.core.models import Session, SessionBody

from . import permissions as perms
from . import selectors
from .models import LegislativePlan, ProjectProposal
from .states import BillStatus, PlanStatus, ProposalStatus

#: The pipeline's stages in their order; the ends that leave it (not passed, withdrawn, ended,
#: not approved) follow.
PIPELINE = (
    BillStatus.DRAFTING,
    BillStatus.SUBMITTED,
    BillStatus.DELIBERATION,
    BillStatus.SHELVED,
    BillStatus.PASSED,
    BillStatus.AWAITING_APPROVAL,
    BillStatus.APPROVED,
    BillStatus.PROMULGATED,
    BillStatus.FILED,
    BillStatus.FAILED,
    BillStatus.WITHDRAWN,
    BillStatus.TERMINATED,
    BillStatus.NOT_APPROVED,
)
#: Meetings the panel lists ahead.
UPCOMING_MEETINGS = 6


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return reverse(name) + (f"?{query}" if query else "")


def panel_pipeline(user: Any) -> dict[str, Any] | None:
    """Bills by stage (those the user may see) and project proposals by status."""
    if not perms.can_view_all_bills(user):
        return None
    bills = dict(
        selectors.visible_bills(user).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    labels = dict(BillStatus.choices)
    bill_rows = tuple(
        FigureRow(labels[s], (Cell(bills.get(s, 0), _url("legislation:bill_list", status=s)),))
        for s in PIPELINE
        if bills.get(s, 0) or s in PIPELINE[:9]
    )
    proposals = dict(
        ProjectProposal.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    proposal_rows = tuple(
        FigureRow(label, (Cell(proposals.get(value, 0), _url("legislation:proposal_list", status=value)),))
        for value, label in ProposalStatus.choices
    )
    return {
        "key": "legislation",
        "title": _("Legislation"),
        "tables": [
            FigureTable(
                "bills",
                _("Bills by stage"),
                (_("Bills"),),
                bill_rows,
                more_url=reverse("legislation:bill_list"),
            ),
            FigureTable(
                "proposals",
                _("Legislative project proposals"),
                (_("Proposals"),),
                proposal_rows,
                more_url=reverse("legislation:proposal_list"),
            ),
        ],
        "links": [(_("Legislative plans"), reverse("legislation:plan_list"))],
    }


def panel_meetings(user: Any) -> dict[str, Any] | None:
    """The coming Standing Committee meetings with the number of items on each agenda, and the
    coming sessions of the congress."""
    if not perms.can_view_all_bills(user):
        return None
    today = timezone.localdate()
    meetings = list(
        Session.objects.select_related("term")
        .filter(body=SessionBody.STANDING_COMMITTEE, end_date__gte=today)
        .annotate(item_count=Count("agenda_items"))
        .order_by("start_date", "number")[:UPCOMING_MEETINGS]
    )
    rows = tuple(
        FigureRow(
            f"{m.title} ({m.start_date:%Y-%m-%d})",
            (Cell(m.item_count, reverse("legislation:meeting_detail", args=[m.pk])),),
            url=reverse("legislation:meeting_detail", args=[m.pk]),
        )
        for m in meetings
    )
    congress = list(
        Session.objects.select_related("term")
        .filter(body=SessionBody.CONGRESS, end_date__gte=today)
        .order_by("start_date")[:2]
    )
    return {
        "key": "meetings",
        "title": _("Upcoming meetings"),
        "tables": [
            FigureTable(
                "meetings",
                _("Standing Committee meetings ahead"),
                (_("Items on the agenda"),),
                rows,
                more_url=reverse("legislation:meeting_list"),
            )
        ],
        "lines": [(f"{s.title} ({s.start_date:%Y-%m-%d})", "", "") for s in congress],
    }


def council_rows(user: Any) -> list[tuple[Any, int, str]]:
    """Legislation awaiting the council of chairpersons: draft plans to adopt (Huzhou Art 6),
    assessed project proposals to decide, submitted bills whose readings it orders."""
    if not perms.can_view_all_bills(user):
        return []
    submitted = selectors.bill_list(selectors.BillFilters(status=BillStatus.SUBMITTED), user).count()
    return [
        (
            _("Legislative plans to adopt"),
            LegislativePlan.objects.filter(status=PlanStatus.DRAFT).count(),
            _url("legislation:plan_list", status=PlanStatus.DRAFT),
        ),
        (
            _("Assessed legislative project proposals to decide"),
            selectors.proposal_list(status=ProposalStatus.ASSESSED).count(),
            _url("legislation:proposal_list", status=ProposalStatus.ASSESSED),
        ),
        (
            _("Submitted bills awaiting their first reading"),
            submitted,
            _url("legislation:bill_list", status=BillStatus.SUBMITTED),
        ),
    ]
