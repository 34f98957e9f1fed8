"""The consultation panel of the leaders' view (``/leaders/``): consultations by stage and the
comments on those still being worked on (accepted, awaiting moderation, accepted without a
decision yet), each a link to the staff list filtered the same way; two grouped queries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.dashboards import Cell, FigureRow, FigureTable

from . import permissions as perms
from .models import Comment, Consultation
from .states import ConsultationStatus, Moderation

#: Consultations whose comments the panel counts (open, or closed and not yet answered).
ACTIVE = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED)
SHOWN = 8


def _comments(pk: int, **params: str) -> str:
    return reverse("consultation:comments", args=[pk]) + "?" + urlencode(params)


def panel(user: Any) -> dict[str, Any] | None:
    if not perms.can_view_consultations(user):
        return None
    by_status = dict(
        Consultation.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    status_rows = tuple(
        FigureRow(
            label,
            (
                Cell(
                    by_status.get(value, 0), reverse("consultation:list") + "?" + urlencode({"status": value})
                ),
            ),
        )
        for value, label in ConsultationStatus.choices
    )
    active = list(
        Consultation.objects.filter(status__in=ACTIVE).order_by("-start", "-id").values("pk", "title")[:SHOWN]
    )
    accepted = Q(moderation=Moderation.PUBLISHED)
    counts = {
        r["consultation_id"]: r
        for r in Comment.objects.filter(consultation_id__in=[c["pk"] for c in active])
        .values("consultation_id")
        .annotate(
            accepted=Count("id", filter=accepted),
            pending=Count("id", filter=Q(moderation=Moderation.PENDING)),
            undecided=Count("id", filter=accepted & Q(decision="")),
        )
        .order_by()
    }
    comment_rows = []
    for c in active:
        n = counts.get(c["pk"], {})
        pk = c["pk"]
        comment_rows.append(
            FigureRow(
                c["title"],
                (
                    Cell(n.get("accepted", 0), _comments(pk, moderation=Moderation.PUBLISHED)),
                    Cell(n.get("pending", 0), _comments(pk, moderation=Moderation.PENDING)),
                    Cell(
                        n.get("undecided", 0), _comments(pk, moderation=Moderation.PUBLISHED, decision="none")
                    ),
                ),
                url=reverse("consultation:detail", args=[pk]),
            )
        )
    return {
        "key": "consultation",
        "title": _("Public consultation"),
        "tables": [
            FigureTable(
                "consultation-stages",
                _("Consultations by stage"),
                (_("Consultations"),),
                status_rows,
                more_url=reverse("consultation:list"),
            ),
            FigureTable(
                "consultation-comments",
                _("Comments on open and closed consultations"),
                (_("Accepted"), _("Awaiting moderation"), _("Without a decision")),
                tuple(comment_rows),
            ),
        ],
    }
