"""Oversight pages of deputies' suggestions: dashboards by unit, topic, delegation and deputy,
the commitment ledger, .xlsx exports and the annual report. Thin: parse the filters, check
the permission, call a selector in :mod:`.oversight` or a builder in :mod:`.reports`.

Who sees what: ``can_view_oversight`` (office, leaders, Standing Committee members) every
page; a handling-unit officer only the by-unit page restricted to their units and those
units' detail pages; exports only the office (duty "deputies", and administrators) and leaders.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lvzhi.core.access import DENIED, OFFICERS, REDIRECT, STAFF, P, access
from lvzhi.core.models import Organ
from lvzhi.core.web import require
from lvzhi.deputies.models import Delegation

from . import oversight as ov
from . import permissions as perms
from . import reports
from .models import Topic
from .states import Rating

PAGE = 50

#: ``can_view_oversight``: working-body staff, administrators, leaders, Standing Committee members
#: (aggregate figures; titles of confidential items masked for those who may not read them).
OVERSIGHT = STAFF | {P.LEADER, P.MEMBER}
#: ``can_export_oversight``: the deputies' affairs office (and administrators) and leaders.
EXPORTERS = frozenset({P.OFFICE, P.ADMIN, P.LEADER})

# Chart colours, in the palette of app.css.
GREEN, AMBER, BLUE, RED, GREY = "#1a7f37", "#d4a72c", "#0969da", "#cf222e", "#8c959f"


def _require_viewer(request: HttpRequest) -> None:
    require(perms.can_view_oversight(request.user))


def _chart(kind: str, labels: list[Any], datasets: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    """The JSON that ``charts.js`` draws; the same numbers are always in a table beside it."""
    return {
        "type": kind,
        "labels": [str(x) for x in labels],
        "datasets": [d | {"label": str(d.get("label", ""))} for d in datasets],
        **options,
    }


def _extra_filters(f: ov.OversightFilters) -> list[tuple[str, str]]:
    """Active filters that have no control in the bar (they come from links), with a link to drop each."""
    chips: list[tuple[str, str]] = []
    if f.topic:
        chips.append((_("Topic: %(t)s") % {"t": Topic(f.topic).label}, f.query(topic="")))
    if f.delegation:
        name = (
            Delegation.objects.filter(pk=f.delegation).values_list("name", flat=True).first() or f.delegation
        )
        chips.append((_("Delegation: %(d)s") % {"d": name}, f.query(delegation=None)))
    if f.key:
        chips.append((_("Key supervision only"), f.query(key=False)))
    return chips


def _context(request: HttpRequest, f: ov.OversightFilters, active: str, **extra: Any) -> dict[str, Any]:
    sort = request.GET.get("sort", "")
    return {
        "f": f,
        "active": active,
        "options": ov.filter_options(),
        "query": f.query(),
        "page_query": f.query() + (f"&sort={sort}" if sort else ""),
        "extra_filters": _extra_filters(f),
        "full_access": perms.can_view_oversight(request.user),
        "can_export": ov.can_export_oversight(request.user),
        "today": timezone.localdate(),
        **extra,
    }


@access(ok=OVERSIGHT, expect={P.OFFICER: REDIRECT, P.OFFICER_OTHER: REDIRECT})
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Headline figures of the year, satisfaction and result categories, exports and the report."""
    if not perms.can_view_oversight(request.user):
        if perms.units_of(request.user):
            return redirect("oversight:units")
        raise PermissionDenied
    f = ov.OversightFilters.from_params(request.GET)
    o = ov.overview(f)
    ratings = [
        (_("Satisfied"), o.satisfied, GREEN),
        (_("Basically satisfied"), o.basically, AMBER),
        (_("Not satisfied"), o.unsatisfied, RED),
    ]
    categories = sorted(o.categories.items())
    ctx = _context(
        request,
        f,
        "index",
        o=o,
        ratings=ratings,
        categories=categories,
        satisfaction_chart=_chart(
            "doughnut",
            [r[0] for r in ratings],
            [{"label": _("Ratings"), "data": [r[1] for r in ratings], "colors": [r[2] for r in ratings]}],
        ),
        category_chart=_chart(
            "bar",
            [c for c, _n in categories],
            [{"label": _("Replies"), "data": [n for _c, n in categories], "color": BLUE}],
        ),
        statuses=[(k, v) for k, v in ov.S.choices],
    )
    return render(request, "suggestions/oversight/index.html", ctx)


@access(ok=OVERSIGHT | OFFICERS)
@login_required
def units(request: HttpRequest) -> HttpResponse:
    """By handling unit: a sortable table and a stacked bar chart. Officers see their units only."""
    allowed = ov.oversight_units_for(request.user)
    require(allowed is None or bool(allowed))
    f = ov.OversightFilters.from_params(request.GET)
    sort = request.GET.get("sort", "-assigned")
    rows = ov.unit_rows(f, unit_ids=allowed, sort=sort)
    chart_rows = rows[:40]
    chart = _chart(
        "bar",
        [r.name for r in chart_rows],
        [
            {"label": _("Answered on time"), "data": [r.on_time for r in chart_rows], "color": GREEN},
            {"label": _("Answered late"), "data": [r.late for r in chart_rows], "color": AMBER},
            {"label": _("Being handled"), "data": [r.open - r.overdue for r in chart_rows], "color": BLUE},
            {"label": _("Overdue now"), "data": [r.overdue for r in chart_rows], "color": RED},
        ],
        stacked=True,
        horizontal=True,
    )
    ctx = _context(
        request,
        f,
        "units",
        rows=rows,
        totals=ov.unit_totals(rows),
        sort=sort,
        chart=chart,
        chart_height=max(220, 26 * len(chart_rows) + 80),
        chart_truncated=len(rows) > len(chart_rows),
        show_unit_type=True,
    )
    return render(request, "suggestions/oversight/units.html", ctx)


@access(ok=OVERSIGHT | {P.OFFICER}, sample="suggestions.unit", otherwise=DENIED)
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: its figures, its items (titles of confidential ones masked) and open commitments."""
    unit = get_object_or_404(Organ, pk=pk)
    require(ov.can_view_unit_oversight(request.user, unit.pk))
    f = ov.OversightFilters.from_params(request.GET)
    [row] = ov.unit_rows(f, unit_ids=[unit.pk]) or [
        ov.UnitRow(unit_id=unit.pk, name=unit.name, type=unit.type)
    ]
    page = Paginator(ov.unit_items(f, unit.pk, request.user), PAGE).get_page(request.GET.get("page"))
    ledger_filter = ov.OversightFilters(year=None, unit=unit.pk, state="open")
    commitments = list(ov.commitment_ledger(ledger_filter, request.user)[:100])
    ctx = _context(
        request,
        f,
        "units",
        unit=unit,
        row=row,
        page=page,
        commitments=commitments,
        ratings=dict(Rating.choices),
    )
    return render(request, "suggestions/oversight/unit_detail.html", ctx)


def _group_page(
    request: HttpRequest,
    *,
    active: str,
    rows: list[ov.GroupRow],
    title: str,
    label: str,
    kind: str,
    link: str,
) -> HttpResponse:
    totals = ov.group_totals(rows)
    if kind == "doughnut":
        chart = _chart(
            "doughnut",
            [r.label for r in rows],
            [{"label": _("Suggestions"), "data": [r.total for r in rows]}],
        )
    else:
        chart = _chart(
            "bar",
            [r.label for r in rows],
            [
                {"label": _("Suggestions"), "data": [r.total for r in rows], "color": BLUE},
                {"label": _("Answered"), "data": [r.answered for r in rows], "color": GREEN},
                {"label": _("Overdue now"), "data": [r.overdue for r in rows], "color": RED},
            ],
        )
    f = ov.OversightFilters.from_params(request.GET)
    for row in rows:  # topic → units on that topic; delegation → its deputies
        target = "oversight:units" if link == "topic" else "oversight:deputies"
        row.href = f"{reverse(target)}?{f.query(**{link: row.key})}"  # type: ignore[attr-defined]
    ctx = _context(
        request,
        f,
        active,
        rows=rows,
        totals=totals,
        chart=chart,
        title=title,
        label=label,
        sort=request.GET.get("sort", ""),
        link=link,
    )
    return render(request, "suggestions/oversight/groups.html", ctx)


@access(ok=OVERSIGHT)
@login_required
def topics(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    f = ov.OversightFilters.from_params(request.GET)
    rows = ov.topic_rows(f, sort=request.GET.get("sort", "-total"))
    return _group_page(
        request,
        active="topics",
        rows=rows,
        title=_("By topic"),
        label=_("Topic"),
        kind="doughnut",
        link="topic",
    )


@access(ok=OVERSIGHT)
@login_required
def delegations(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    f = ov.OversightFilters.from_params(request.GET)
    rows = ov.delegation_rows(f, sort=request.GET.get("sort", "name"))
    return _group_page(
        request,
        active="delegations",
        rows=rows,
        title=_("By delegation"),
        label=_("Delegation"),
        kind="bar",
        link="delegation",
    )


@access(ok=OVERSIGHT)
@login_required
def deputies(request: HttpRequest) -> HttpResponse:
    """By deputy: led, co-signed, answered, ratings given; paginated, top 15 charted."""
    _require_viewer(request)
    f = ov.OversightFilters.from_params(request.GET)
    sort = request.GET.get("sort", "-led")
    rows = ov.deputy_rows(f, sort=sort)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    top = sorted(rows, key=lambda r: (-r.led, -r.cosigned, r.deputy_id))[:15]
    attach = list(page.object_list) + [r for r in top if r.deputy is None and r not in page.object_list]
    ov.attach_deputies(attach)
    chart = _chart(
        "bar",
        [r.name for r in top],
        [
            {"label": _("Led"), "data": [r.led for r in top], "color": "#9b1c1c"},
            {"label": _("Co-signed"), "data": [r.cosigned for r in top], "color": GREY},
        ],
        stacked=True,
        horizontal=True,
    )
    ctx = _context(
        request,
        f,
        "deputies",
        page=page,
        sort=sort,
        chart=chart,
        chart_height=max(220, 26 * len(top) + 80),
        deputy_count=len(rows),
        delegations=list(Delegation.objects.filter(term_id=f.term) if f.term else Delegation.objects.all()),
    )
    return render(request, "suggestions/oversight/deputies.html", ctx)


@access(ok=OVERSIGHT)
@login_required
def commitments(request: HttpRequest) -> HttpResponse:
    """承诺事项台账: every commitment followed until delivered, across years by default."""
    _require_viewer(request)
    f = ov.OversightFilters.from_params(request.GET, default_year=None, default_state="open")
    summary = ov.commitment_summary(f.without("state", "unit"))
    page = Paginator(ov.commitment_ledger(f, request.user), PAGE).get_page(request.GET.get("page"))
    chart_rows = summary[:30]
    chart = _chart(
        "bar",
        [r.name for r in chart_rows],
        [
            {"label": _("Late"), "data": [r.c_late for r in chart_rows], "color": RED},
            {"label": _("Open"), "data": [r.c_open for r in chart_rows], "color": BLUE},
            {"label": _("Delivered"), "data": [r.c_delivered for r in chart_rows], "color": GREEN},
        ],
        stacked=True,
        horizontal=True,
    )
    totals = ov.unit_totals(summary)
    ctx = _context(
        request,
        f,
        "commitments",
        summary=summary,
        totals=totals,
        page=page,
        chart=chart,
        chart_height=max(220, 26 * len(chart_rows) + 80),
        show_state=True,
        show_unit_type=True,
        unit_query=f.query(unit=None),
    )
    return render(request, "suggestions/oversight/commitments.html", ctx)


# --- files ---------------------------------------------------------------------------------------


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    return response


EXPORTS = ("suggestions", "units", "topics", "delegations", "deputies", "commitments")


@access(ok=EXPORTERS, sample="suggestions.export_table", otherwise=DENIED)
@login_required
def export(request: HttpRequest, table: str) -> HttpResponse:
    """.xlsx of the suggestions list or of a dashboard table, with the page's filters."""
    require(ov.can_export_oversight(request.user))
    if table not in EXPORTS:
        raise Http404
    mask_all = request.GET.get("mask") in ("1", "on", "true")
    if table == "commitments":
        f = ov.OversightFilters.from_params(request.GET, default_year=None, default_state="open")
        content = reports.commitments_xlsx(ov.commitment_ledger(f, request.user), f=f, mask_all=mask_all)
    else:
        f = ov.OversightFilters.from_params(request.GET)
        sort = request.GET.get("sort", "")
        if table == "suggestions":
            content = reports.suggestions_xlsx(f, request.user, mask_all=mask_all)
        elif table == "units":
            rows = ov.unit_rows(f, sort=sort or "-assigned")
            content = reports.table_xlsx(
                title=_("By unit"), columns=reports.UNIT_COLUMNS, rows=rows, f=f, totals=ov.unit_totals(rows)
            )
        elif table == "topics":
            rows_g = ov.topic_rows(f, sort=sort or "-total")
            content = reports.table_xlsx(
                title=_("By topic"),
                columns=reports.group_columns(_("Topic")),
                rows=rows_g,
                f=f,
                totals=ov.group_totals(rows_g),
            )
        elif table == "delegations":
            rows_g = ov.delegation_rows(f, sort=sort or "name")
            content = reports.table_xlsx(
                title=_("By delegation"),
                columns=reports.group_columns(_("Delegation")),
                rows=rows_g,
                f=f,
                totals=ov.group_totals(rows_g),
            )
        else:
            rows_d = ov.attach_deputies(ov.deputy_rows(f, sort=sort or "-led"))
            content = reports.table_xlsx(
                title=_("By deputy"), columns=reports.DEPUTY_COLUMNS, rows=rows_d, f=f
            )
    year = f.year or _("all-years")
    return _file(content, f"{_('suggestions')}-{table}-{year}.xlsx", reports.XLSX)


@access(ok=EXPORTERS)
@login_required
def annual_report(request: HttpRequest) -> HttpResponse:
    """年度代表建议办理情况报告 (.docx) for ``?year=`` (default: this year)."""
    require(ov.can_export_oversight(request.user))
    f = ov.OversightFilters.from_params(request.GET)
    year = f.year or timezone.localdate().year
    return _file(reports.annual_report_docx(year), f"{year}年度代表建议办理情况报告.docx", reports.DOCX)
