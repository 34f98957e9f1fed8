"""Reads of the roster for pages, exports and the API (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from lvzhi.core.models import Term

from .models import Delegation, Deputy, DeputyGroup, LiaisonStation
from .states import DeputyStatus


@dataclass
class DeputyFilters:
    q: str = ""
    term: int | None = None
    delegation: int | None = None
    group: int | None = None
    station: int | None = None
    sector: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params: Any) -> DeputyFilters:
        def as_int(name: str) -> int | None:
            raw = (params.get(name) or "").strip()
            return int(raw) if raw.isdecimal() and len(raw) < 12 else None

        return cls(
            q=(params.get("q") or "").strip()[:60],
            term=as_int("term"),
            delegation=as_int("delegation"),
            group=as_int("group"),
            station=as_int("station"),
            sector=(params.get("sector") or "").strip(),
            status=(params.get("status") or "").strip(),
        )


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first() or Term.objects.order_by("-number").first()


def deputy_list(filters: DeputyFilters) -> QuerySet[Deputy]:
    qs = Deputy.objects.select_related("person", "delegation", "group", "station", "electoral_unit", "term")
    term_id = filters.term or (t.pk if (t := current_term()) else None)
    if term_id:
        qs = qs.filter(term_id=term_id)
    if filters.q:
        qs = qs.filter(
            Q(person__name__icontains=filters.q)
            | Q(code__icontains=filters.q)
            | Q(person__workplace__icontains=filters.q)
        )
    if filters.delegation:
        qs = qs.filter(delegation_id=filters.delegation)
    if filters.group:
        qs = qs.filter(group_id=filters.group)
    if filters.station:
        qs = qs.filter(station_id=filters.station)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.status in DeputyStatus.values:
        qs = qs.filter(status=filters.status)
    return qs.order_by("code")


def deputy_detail(pk: int) -> Deputy | None:
    return (
        Deputy.objects.select_related("person", "delegation", "group", "station", "electoral_unit", "term")
        .filter(pk=pk)
        .first()
    )


def filter_options(term: Term | None) -> dict[str, Any]:
    delegations = list(Delegation.objects.filter(term=term)) if term else []
    return {
        "delegations": delegations,
        "groups": list(DeputyGroup.objects.filter(delegation__term=term).select_related("delegation"))
        if term
        else [],
        "stations": list(LiaisonStation.objects.all()),
        "terms": list(Term.objects.all()),
    }


def roster_summary(term: Term | None) -> dict[str, Any]:
    """Counts by status and by delegation for dashboards."""
    if term is None:
        return {"by_status": {}, "total": 0, "by_delegation": []}
    by_status = dict(
        Deputy.objects.filter(term=term)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    by_delegation = list(
        Delegation.objects.filter(term=term)
        .annotate(n=Count("deputies", filter=Q(deputies__status=DeputyStatus.ACTIVE)))
        .values("id", "name", "n")
        .order_by("sort_order")
    )
    return {"by_status": by_status, "total": sum(by_status.values()), "by_delegation": by_delegation}


def deputies_needing_attention(term: Term | None, *, limit: int = 5) -> list[Deputy]:
    """Suspended mandates: the office follows them until restored or terminated."""
    if term is None:
        return []
    return list(
        Deputy.objects.filter(term=term, status=DeputyStatus.SUSPENDED)
        .select_related("person", "delegation")
        .order_by("status_date")[:limit]
    )


def duty_records(deputy: Deputy, *, include_private: bool, limit: int = 100) -> list[Any]:
    """The deputy's duty record (履职档案), newest first; private entries only when allowed."""
    from .models import DutyRecord

    qs = DutyRecord.objects.filter(deputy=deputy)
    if not include_private:
        qs = qs.filter(public=True)
    return list(qs.order_by("-date", "-id")[:limit])


def duty_summary(deputy: Deputy, *, include_private: bool) -> dict[str, int]:
    from .models import DutyRecord

    qs = DutyRecord.objects.filter(deputy=deputy)
    if not include_private:
        qs = qs.filter(public=True)
    return dict(qs.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))


def mandate_of(person_id: int, term: Term | None) -> Deputy | None:
    qs = Deputy.objects.select_related("delegation", "group", "station", "electoral_unit", "term").filter(
        person_id=person_id
    )
    if term is not None:
        qs = qs.filter(term=term)
    return qs.first()
