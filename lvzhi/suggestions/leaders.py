"""The suggestions panel of the leaders' view (``/leaders/``): suggestion handling by unit
(being handled, overdue) and suggestions by stage. Counted with the list's own filters
(``selectors.suggestion_list``: ``unit`` with ``scope=open`` / ``scope=overdue``, ``status``),
so each figure's link shows exactly the suggestions counted; two grouped queries."""

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
from .states import SuggestionStatus

#: Units the chart shows (those with the most suggestions in hand); the list shows all.
TOP_UNITS = 12
#: Stages shown (a draft is its authors' alone).
STAGES = tuple(s for s in SuggestionStatus if s != SuggestionStatus.DRAFT)


def _list(**params: Any) -> str:
    return reverse("suggestions:list") + "?" + urlencode({k: v for k, v in params.items() if v})


def panel(user: Any) -> dict[str, Any] | None:
    """For those who see every suggestion: the office and leaders."""
    if not (perms.is_office(user) or perms.is_leader(user)):
        return None
    today = timezone.localdate()
    visible = selectors.visible_to(user).values("pk")
    by_unit = list(
        selectors.handling_assignments()
        .filter(suggestion_id__in=visible)
        .values("unit_id", "unit__name")
        .annotate(
            n=Count("suggestion_id", distinct=True),
            overdue=Count("suggestion_id", distinct=True, filter=Q(reply_due__lt=today)),
        )
        .order_by("-n", "-overdue", "unit__name")[:TOP_UNITS]
    )
    unit_rows = tuple(
        FigureRow(
            r["unit__name"],
            (
                Cell(r["n"], _list(unit=r["unit_id"], scope="open")),
                Cell(r["overdue"], _list(unit=r["unit_id"], scope="overdue")),
            ),
            url=reverse("oversight:unit", args=[r["unit_id"]]),
        )
        for r in by_unit
    )
    stages = dict(
        selectors.visible_to(user)
        .order_by()
        .values_list("status")
        .annotate(c=Count("id"))
        .values_list("status", "c")
    )
    stage_rows = tuple(
        FigureRow(s.label, (Cell(stages.get(s.value, 0), _list(status=s.value)),))
        for s in STAGES
        if stages.get(s.value, 0) or s in (SuggestionStatus.SUBMITTED, SuggestionStatus.ASSIGNED)
    )
    return {
        "key": "suggestions",
        "title": _("Deputies' suggestions"),
        "tables": [
            FigureTable(
                "suggestion-units",
                _("Suggestion handling by unit"),
                (_("Being handled"), _("Overdue")),
                unit_rows,
                note=_("The %(n)s units with the most suggestions in hand.") % {"n": TOP_UNITS}
                if len(unit_rows) == TOP_UNITS
                else "",
                more_url=reverse("oversight:units"),
            ),
            FigureTable(
                "suggestion-stages",
                _("Suggestions by stage"),
                (_("Suggestions"),),
                stage_rows,
                more_url=reverse("suggestions:list"),
            ),
        ],
        "links": [(_("Oversight dashboards"), reverse("oversight:index"))],
    }
