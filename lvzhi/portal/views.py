"""The public portal: what anyone may see without logging in."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lvzhi.core.access import ALL, OK, access, public
from lvzhi.core.models import OrganType, Session
from lvzhi.core.selectors import upcoming_sessions
from lvzhi.deputies.models import Deputy, LiaisonStation
from lvzhi.deputies.selectors import current_term
from lvzhi.deputies.states import DeputyStatus


@public
def home(request: HttpRequest) -> HttpResponse:
    term = current_term()
    ctx = {
        "term": term,
        "deputy_count": Deputy.objects.filter(term=term, status=DeputyStatus.ACTIVE).count() if term else 0,
        "station_count": LiaisonStation.objects.count(),
        "upcoming": upcoming_sessions(days=180, limit=4),
        # only meetings that have begun: one announced for a later day is "coming up"
        "recent": list(
            Session.objects.select_related("term")
            .filter(start_date__lte=timezone.localdate())
            .order_by("-start_date")[:4]
        ),
        "district_count": _district_count(),
    }
    return render(request, "portal/home.html", ctx)


def _district_count() -> int:
    from lvzhi.core.models import Organ

    return Organ.objects.filter(type=OrganType.DISTRICT_CONGRESS, is_active=True).count()


@public
def deputies(request: HttpRequest) -> HttpResponse:
    """Deputies' basic information, published by the standing committee (deputies law Art 58)."""
    term = current_term()
    q = (request.GET.get("q") or "").strip()[:40]
    qs = Deputy.objects.filter(term=term, status=DeputyStatus.ACTIVE).select_related(
        "person", "delegation", "station"
    )
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(delegation__name__icontains=q))
    page = Paginator(qs.order_by("code"), 60).get_page(request.GET.get("page"))
    return render(request, "portal/deputies.html", {"page": page, "q": q, "term": term})


@access(ok=ALL, anon=OK, sample="portal.deputy")
def deputy(request: HttpRequest, pk: int) -> HttpResponse:
    """A deputy's basic information and public duty record (deputies law Art 58)."""
    from django.http import Http404

    from lvzhi.deputies.selectors import duty_records, duty_summary

    d = (
        Deputy.objects.select_related("person", "delegation", "station", "term")
        .filter(pk=pk, status=DeputyStatus.ACTIVE)
        .first()
    )
    if d is None:
        raise Http404
    return render(
        request,
        "portal/deputy.html",
        {
            "d": d,
            "duties": duty_records(d, include_private=False),
            "summary": duty_summary(d, include_private=False),
        },
    )


@public
def stations(request: HttpRequest) -> HttpResponse:
    qs = (
        LiaisonStation.objects.select_related("district")
        .annotate(n=Count("deputies", filter=Q(deputies__status=DeputyStatus.ACTIVE)))
        .order_by("district__sort_order", "id")
    )
    page = Paginator(qs, 40).get_page(request.GET.get("page"))
    return render(request, "portal/stations.html", {"page": page})
