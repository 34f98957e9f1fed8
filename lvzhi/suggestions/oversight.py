"""Oversight statistics (办理情况统计) of deputies' suggestions: aggregate reads only.

Every figure comes from a few grouped queries (``values()`` + ``annotate`` with conditional
``Count``), never one query per row, so the dashboards stay fast with tens of thousands of
suggestions. Definitions (see ``docs/suggestions-oversight.md``):

* counted suggestions: registered and not converted, merged or withdrawn (``COUNTED``);
* an assignment counts for its unit unless it was returned and reassigned elsewhere;
  answering assignments (sole, separate, lead unit) and co-handling ones (协办) apart;
* answered: the unit's current round is answered (``AssignmentStatus.ANSWERED``);
* answered on time: answered, and the local date of the latest reply is on or before the
  assignment's ``reply_due`` *as stored* (extensions and re-handling move that date, so
  the comparison is with the deadline of the round that was answered last);
* overdue now: an answering assignment still open (handling, return requested, re-handling)
  whose ``reply_due`` has passed;
* satisfaction: ratings of the latest reply of each assignment (a round-1 rating stops
  counting once the round-2 reply is in); rate = (满意 + 基本满意) / rated;
* re-handled: round-1 replies rated 不满意;
* commitments (承诺事项): open (not yet due), late (open and past due), delivered.

Confidential items never show their title or content to people who may not see them:
:func:`title_visibility` annotates a boolean, per row, in the same query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import OrganType, Role, Term
from lvzhi.core.permissions import Viewer, has_role
from lvzhi.deputies.models import Deputy

from . import permissions as perms
from .models import Assignment, Channel, Commitment, Feedback, Reply, Signer, Suggestion, Topic
from .states import AssignmentRole, AssignmentStatus, CommitmentStatus, Rating, SuggestionStatus

S = SuggestionStatus

#: Registered items that are (or were) handled as suggestions.
COUNTED = (S.REGISTERED, S.ASSIGNED, S.ANSWERED, S.REHANDLING, S.CLOSED)
#: Items assigned to units.
HANDLED = (S.ASSIGNED, S.ANSWERED, S.REHANDLING, S.CLOSED)
#: Items every answering unit has replied to.
ANSWERED = (S.ANSWERED, S.CLOSED)
#: Assignment states in which an answering unit still owes a reply.
OPEN_ASSIGNMENT = (AssignmentStatus.ACTIVE, AssignmentStatus.RETURN_REQUESTED, AssignmentStatus.REHANDLING)

#: Shown instead of a confidential item's title (and commitment text).
MASK = _("(confidential)")

#: Unit-type filter of the by-unit dashboard: label and the organ types it covers.
UNIT_TYPES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "government": (
        _("Government and its departments"),
        (OrganType.GOVERNMENT, OrganType.GOVERNMENT_DEPARTMENT),
    ),
    "judicial": (
        _("Supervisory commission, court and procuratorate"),
        (OrganType.SUPERVISORY_COMMISSION, OrganType.COURT, OrganType.PROCURATORATE),
    ),
    "congress": (
        _("Congress bodies"),
        (
            OrganType.CONGRESS,
            OrganType.STANDING_COMMITTEE,
            OrganType.CHAIRPERSONS_COUNCIL,
            OrganType.SPECIAL_COMMITTEE,
            OrganType.WORKING_BODY,
        ),
    ),
    "other": (_("Other units"), (OrganType.DISTRICT_CONGRESS, OrganType.OTHER)),
}

#: Commitment ledger states shown by the filter.
LEDGER_STATES: dict[str, Any] = {
    "open": _("Not delivered"),
    "late": _("Late (past the promised date)"),
    "delivered": _("Delivered"),
    "all": _("All"),
}


# --- permissions -------------------------------------------------------------------------------


def can_export_oversight(user: Viewer) -> bool:
    """Exports (.xlsx, the annual report) are for the congress office and leaders."""
    return perms.is_office(user) or has_role(user, Role.LEADER)


def oversight_units_for(user: Viewer) -> set[int] | None:
    """Units whose by-unit figures ``user`` may see: ``None`` for all, else a set (maybe empty).

    Oversight viewers see every unit; a handling-unit officer only the units they serve."""
    if perms.can_view_oversight(user):
        return None
    return perms.units_of(user)


def can_view_unit_oversight(user: Viewer, unit_id: int) -> bool:
    """The by-unit row and the unit's detail page: oversight viewers, or that unit's officers."""
    allowed = oversight_units_for(user)
    return allowed is None or unit_id in allowed


def title_visibility(user: Viewer, *, suggestion_ref: str = "pk", prefix: str = "") -> Any:
    """A boolean expression: may ``user`` read the title of the row's suggestion?

    ``suggestion_ref`` names the suggestion's id on the queried model (``"pk"`` on
    Suggestion, ``"suggestion_id"`` on Assignment) and ``prefix`` the path to its fields.
    Mirrors :func:`permissions.can_see_confidential` without one query per row."""
    if perms.is_office(user) or has_role(user, Role.LEADER):
        return Value(True, output_field=BooleanField())
    condition = Q(**{f"{prefix}confidential": False})
    deputy_ids = perms.deputy_ids_of(user)
    if deputy_ids:
        condition |= Q(
            Exists(
                Signer.objects.filter(
                    suggestion_id=OuterRef(suggestion_ref), deputy_id__in=deputy_ids, declined_at__isnull=True
                )
            )
        )
    units = perms.units_of(user)
    if units:
        condition |= Q(
            Exists(Assignment.objects.filter(suggestion_id=OuterRef(suggestion_ref), unit_id__in=units))
        )
    return ExpressionWrapper(condition, output_field=BooleanField())


# --- filters ----------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10**9 else None


@dataclass(frozen=True)
class OversightFilters:
    """What every dashboard can be narrowed by. Junk parameters are ignored, never an error."""

    year: int | None = None  # None: every year
    term: int | None = None
    channel: str = ""
    unit_type: str = ""
    topic: str = ""
    delegation: int | None = None
    unit: int | None = None
    status: str = ""  # one suggestion status (exports); default: every counted status
    key: bool = False  # key supervision (重点督办) only
    state: str = ""  # commitment ledger: open / late / delivered / all

    @classmethod
    def from_params(
        cls, params: Mapping[str, Any], *, default_year: int | None | bool = True, default_state: str = ""
    ) -> OversightFilters:
        """Parse query parameters. ``default_year=True`` means the current year; ``year=all``
        always means every year."""
        raw_year = str(params.get("year", "")).strip()
        if raw_year == "all":
            year = None
        else:
            year = _int(raw_year)
            if year is None or not 1949 < year < 2200:
                year = timezone.localdate().year if default_year is True else (default_year or None)
        channel = str(params.get("channel", ""))
        unit_type = str(params.get("unit_type", ""))
        topic = str(params.get("topic", ""))
        status = str(params.get("status", ""))
        state = str(params.get("state", "")) or default_state
        return cls(
            year=year,
            term=_int(params.get("term")),
            channel=channel if channel in Channel.values else "",
            unit_type=unit_type if unit_type in UNIT_TYPES else "",
            topic=topic if topic in Topic.values else "",
            delegation=_int(params.get("delegation")),
            unit=_int(params.get("unit")),
            status=status if status in S.values and status != S.DRAFT else "",  # drafts: their authors
            key=str(params.get("key", "")) in ("1", "on", "true"),
            state=state if state in LEDGER_STATES else default_state,
        )

    def params(self, **override: Any) -> dict[str, str]:
        """The non-empty filters as query parameters (``year=all`` when every year)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | override
        out: dict[str, str] = {}
        for name, value in values.items():
            if name == "year":
                out["year"] = "all" if value is None else str(value)
            elif name == "key":
                if value:
                    out["key"] = "1"
            elif value not in (None, ""):
                out[name] = str(value)
        return out

    def query(self, **override: Any) -> str:
        return urlencode(self.params(**override))

    def without(self, *names: str) -> OversightFilters:
        """The same filters with ``names`` back at their defaults."""
        defaults: dict[str, Any] = {n: OversightFilters.__dataclass_fields__[n].default for n in names}
        return replace(self, **defaults)


def suggestion_q(f: OversightFilters, prefix: str = "", *, statuses: Iterable[str] | None = COUNTED) -> Q:
    """The suggestion-level filters as a Q on a model reaching Suggestion through ``prefix``."""
    p = prefix
    q = Q()
    if f.year:
        q &= Q(**{f"{p}year": f.year})
    if f.term:
        q &= Q(**{f"{p}term_id": f.term})
    if f.channel:
        q &= Q(**{f"{p}channel": f.channel})
    if f.topic:
        q &= Q(**{f"{p}topic": f.topic})
    if f.delegation:
        q &= Q(**{f"{p}lead__delegation_id": f.delegation})
    if f.key:
        q &= Q(**{f"{p}is_key": True})
    if f.status:
        q &= Q(**{f"{p}status": f.status})
    elif statuses is not None:
        q &= Q(**{f"{p}status__in": list(statuses)})
    return q


def unit_q(f: OversightFilters, prefix: str = "unit__") -> Q:
    q = Q()
    if f.unit_type:
        q &= Q(**{f"{prefix}type__in": list(UNIT_TYPES[f.unit_type][1])})
    if f.unit:
        q &= Q(**{f"{prefix}id": f.unit})
    return q


def filter_options() -> dict[str, Any]:
    """Choices for the filter bar: two small queries."""
    years = set(Suggestion.objects.order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return {
        "years": sorted(years, reverse=True),
        "terms": list(Term.objects.order_by("-number")),
        "channels": Channel.choices,
        "unit_types": [(k, v[0]) for k, v in UNIT_TYPES.items()],
        "topics": Topic.choices,
        "ledger_states": list(LEDGER_STATES.items()),
    }


# --- shared pieces ----------------------------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds, as some backends return


def _assignments(f: OversightFilters) -> QuerySet[Assignment]:
    return (
        Assignment.objects.exclude(status=AssignmentStatus.RETURNED)
        .filter(suggestion_q(f, "suggestion__"), unit_q(f))
        .order_by()
    )


def _assignment_figures(today: dt.date) -> dict[str, Any]:
    """Conditional counts over assignments, for ``annotate`` or ``aggregate``."""
    answering = ~Q(role=AssignmentRole.CO)
    done = answering & Q(status=AssignmentStatus.ANSWERED)
    open_ = answering & Q(status__in=OPEN_ASSIGNMENT)
    return {
        "answering": Count("pk", filter=answering),
        "co": Count("pk", filter=Q(role=AssignmentRole.CO)),
        "answered": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(answered_at__date__lte=F("reply_due"))),
        "open": Count("pk", filter=open_),
        "overdue": Count("pk", filter=open_ & Q(reply_due__lt=today)),
        "avg_answer": Avg(
            ExpressionWrapper(F("answered_at") - F("assigned_at"), output_field=DurationField()), filter=done
        ),
    }


def _feedback(f: OversightFilters) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(
            suggestion_q(f, "reply__assignment__suggestion__"), unit_q(f, "reply__assignment__unit__")
        )
        .exclude(reply__assignment__status=AssignmentStatus.RETURNED)
        .order_by()
    )


def _ratings(
    f: OversightFilters, group: tuple[str, ...] = (), *, narrow: Q | None = None
) -> list[dict[str, Any]]:
    """Rating counts (``satisfied``, ``basically``, ``unsatisfied`` of latest replies, and
    ``rehandled``: round-1 replies rated 不满意) grouped by ``group`` (paths from Feedback),
    or one total row when ``group`` is empty. Two queries: a rating stops counting when a
    later round's reply exists, a test made once per row in WHERE."""
    base = _feedback(f).filter(narrow or Q())
    later = Reply.objects.filter(
        assignment_id=OuterRef("reply__assignment_id"), round__gt=OuterRef("reply__round")
    )
    latest = base.filter(~Exists(later))
    rehandled = base.filter(reply__round=1, rating=Rating.UNSATISFIED)
    figures = {
        "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "basically": Count("pk", filter=Q(rating=Rating.BASICALLY)),
        "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
    }
    if not group:
        return [latest.aggregate(**figures) | rehandled.aggregate(rehandled=Count("pk"))]
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for data in latest.values(*group).annotate(**figures):
        rows[tuple(data[g] for g in group)] = data | {"rehandled": 0}
    for data in rehandled.values(*group).annotate(rehandled=Count("pk")):
        row = rows.setdefault(
            tuple(data[g] for g in group),
            {g: data[g] for g in group} | {"satisfied": 0, "basically": 0, "unsatisfied": 0},
        )
        row["rehandled"] = data["rehandled"]
    return list(rows.values())


def _commitments(f: OversightFilters) -> QuerySet[Commitment]:
    return Commitment.objects.filter(suggestion_q(f, "reply__assignment__suggestion__"), unit_q(f)).order_by()


def late_commitments(year: int, *, today: dt.date) -> QuerySet[Commitment]:
    """承诺事项 still open past their date on items of ``year`` and of earlier years (carried
    over): the one set the annual report both counts and lists. Items counted as in
    :data:`COUNTED` (the same as :func:`overview`'s ``c_late`` for ``year`` alone)."""
    return Commitment.objects.filter(
        status=CommitmentStatus.OPEN,
        due__lt=today,
        reply__assignment__suggestion__year__lte=year,
        reply__assignment__suggestion__status__in=COUNTED,
    ).order_by()


def _commitment_figures(today: dt.date) -> dict[str, Any]:
    pending = Q(status=CommitmentStatus.OPEN)
    return {
        "c_open": Count("pk", filter=pending & Q(due__gte=today)),
        "c_late": Count("pk", filter=pending & Q(due__lt=today)),
        "c_delivered": Count("pk", filter=Q(status=CommitmentStatus.DELIVERED)),
        "c_delivered_late": Count(
            "pk", filter=Q(status=CommitmentStatus.DELIVERED, delivered_at__date__gt=F("due"))
        ),
    }


@dataclass
class Ratings:
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0
    rehandled: int = 0

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        """满意 + 基本满意 among rated replies, in per cent."""
        return _rate(self.satisfied + self.basically, self.rated)

    def set_from(self, row: Mapping[str, Any]) -> None:
        for name in ("satisfied", "basically", "unsatisfied", "rehandled"):
            setattr(self, name, row.get(name, 0) or 0)


# --- by unit -----------------------------------------------------------------------------------


@dataclass
class UnitRow(Ratings):
    unit_id: int = 0
    name: str = ""
    type: str = ""
    sort_order: int = 0
    answering: int = 0
    co: int = 0
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    avg_days: float | None = None
    c_open: int = 0
    c_late: int = 0
    c_delivered: int = 0
    c_delivered_late: int = 0

    @property
    def assigned(self) -> int:
        return self.answering + self.co

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.answered)

    @property
    def late(self) -> int:
        """Answered, but after the deadline."""
        return self.answered - self.on_time

    @property
    def commitments(self) -> int:
        return self.c_open + self.c_late + self.c_delivered

    @property
    def type_label(self) -> str:
        return str(OrganType(self.type).label) if self.type in OrganType.values else self.type


#: Sort keys of the by-unit table (``-`` prefix: descending).
UNIT_SORTS = (
    "name",
    "assigned",
    "answering",
    "co",
    "answered",
    "on_time",
    "on_time_rate",
    "overdue",
    "avg_days",
    "rated",
    "satisfaction_rate",
    "unsatisfied",
    "rehandled",
    "c_open",
    "c_late",
    "c_delivered",
)


def _sort(rows: list[Any], sort: str, sorts: Iterable[str], default: str) -> tuple[list[Any], str]:
    key = sort.lstrip("-")
    if key not in sorts:
        sort, key = default, default.lstrip("-")
    descending = sort.startswith("-")

    def value(row: Any) -> Any:
        if key == "name":
            return (row.sort_order, getattr(row, "name", "") or getattr(row, "label", ""))
        v = getattr(row, key)
        return (v is not None, v if v is not None else 0)

    return sorted(rows, key=value, reverse=descending), sort


def unit_rows(
    f: OversightFilters,
    *,
    unit_ids: Iterable[int] | None = None,
    sort: str = "-assigned",
    today: dt.date | None = None,
) -> list[UnitRow]:
    """One row per handling unit: four grouped queries (assignments, ratings in two, commitments)."""
    today = today or timezone.localdate()
    ids = None if unit_ids is None else list(unit_ids)
    unit_fields = ("unit_id", "unit__name", "unit__short_name", "unit__type", "unit__sort_order")
    assignments = _assignments(f)
    commitments = _commitments(f)
    feedback_ids = None
    if ids is not None:
        assignments = assignments.filter(unit_id__in=ids)
        commitments = commitments.filter(unit_id__in=ids)
        feedback_ids = Q(reply__assignment__unit_id__in=ids)
    rows: dict[int, UnitRow] = {}

    def row_for(data: Mapping[str, Any], prefix: str = "unit") -> UnitRow:
        pk = data[f"{prefix}_id"]
        if pk not in rows:
            rows[pk] = UnitRow(
                unit_id=pk,
                name=data.get(f"{prefix}__short_name") or data[f"{prefix}__name"],
                type=data[f"{prefix}__type"],
                sort_order=data[f"{prefix}__sort_order"],
            )
        return rows[pk]

    for data in assignments.values(*unit_fields).annotate(**_assignment_figures(today)):
        row = row_for(data)
        for name in ("answering", "co", "answered", "on_time", "open", "overdue"):
            setattr(row, name, data[name])
        row.avg_days = _days(data["avg_answer"])
    for data in commitments.values(*unit_fields).annotate(**_commitment_figures(today)):
        row = row_for(data)
        for name in ("c_open", "c_late", "c_delivered", "c_delivered_late"):
            setattr(row, name, data[name])
    unit_key = "reply__assignment__unit"
    for data in _ratings(
        f,
        (
            f"{unit_key}_id",
            f"{unit_key}__name",
            f"{unit_key}__short_name",
            f"{unit_key}__type",
            f"{unit_key}__sort_order",
        ),
        narrow=feedback_ids,
    ):
        row_for(data, unit_key).set_from(data)
    result, _sort_used = _sort(list(rows.values()), sort, UNIT_SORTS, "-assigned")
    return result


def unit_totals(rows: Iterable[UnitRow]) -> UnitRow:
    """The sum of the rows (average days weighted by answered count)."""
    total = UnitRow(name=str(_("Total")))
    weighted = 0.0
    for row in rows:
        for name in (
            "answering",
            "co",
            "answered",
            "on_time",
            "open",
            "overdue",
            "satisfied",
            "basically",
            "unsatisfied",
            "rehandled",
            "c_open",
            "c_late",
            "c_delivered",
            "c_delivered_late",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        if row.avg_days is not None:
            weighted += row.avg_days * row.answered
    total.avg_days = round(weighted / total.answered, 1) if total.answered else None
    return total


def unit_items(
    f: OversightFilters, unit_id: int, user: Viewer, *, today: dt.date | None = None
) -> QuerySet[Assignment]:
    """A unit's assignments with the item, latest reply category and rating, on-time and
    overdue flags, and ``can_see`` (the title may be shown) — one query per page."""
    today = today or timezone.localdate()
    replies = Reply.objects.filter(assignment_id=OuterRef("pk")).order_by("-round")
    ratings = Feedback.objects.filter(reply__assignment_id=OuterRef("pk")).order_by("-reply__round")
    answered = Q(status=AssignmentStatus.ANSWERED) & ~Q(role=AssignmentRole.CO)
    open_ = Q(status__in=OPEN_ASSIGNMENT) & ~Q(role=AssignmentRole.CO)
    return (
        _assignments(f)
        .filter(unit_id=unit_id)
        .select_related("suggestion__lead__person", "suggestion__lead__delegation")
        .annotate(
            last_category=Subquery(replies.values("category")[:1]),
            last_rating=Subquery(ratings.values("rating")[:1]),
            on_time=Case(
                When(answered & Q(answered_at__date__lte=F("reply_due")), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            overdue=Case(
                When(open_ & Q(reply_due__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            can_see=title_visibility(user, suggestion_ref="suggestion_id", prefix="suggestion__"),
        )
        .order_by("-suggestion__year", "suggestion__number", "pk")
    )


# --- by topic, by delegation ---------------------------------------------------------------------


@dataclass
class GroupRow(Ratings):
    key: Any = None
    label: str = ""
    sort_order: int = 0
    total: int = 0
    handled: int = 0
    answered: int = 0
    closed: int = 0
    key_items: int = 0
    leads: int = 0  # deputies who led at least one item
    overdue: int = 0

    @property
    def answered_rate(self) -> float | None:
        return _rate(self.answered, self.handled)


GROUP_SORTS = (
    "name",
    "total",
    "handled",
    "answered",
    "answered_rate",
    "closed",
    "key_items",
    "leads",
    "overdue",
    "rated",
    "satisfaction_rate",
    "unsatisfied",
)


def _group_rows(
    f: OversightFilters,
    key: str,
    labels: Mapping[Any, tuple[Any, int]] | None,
    extra: tuple[str, ...] = (),
    *,
    today: dt.date,
) -> dict[Any, GroupRow]:
    rows: dict[Any, GroupRow] = {}

    def row_for(value: Any, data: Mapping[str, Any], prefix: str = "") -> GroupRow:
        if value not in rows:
            if labels is not None:
                label, order = labels.get(value, (str(value), 999))
            else:
                label, order = data[f"{prefix}{key}__name"], data[f"{prefix}{key}__sort_order"]
            rows[value] = GroupRow(key=value, label=str(label), sort_order=order)
        return rows[value]

    suggestions = Suggestion.objects.filter(suggestion_q(f)).order_by()
    for data in suggestions.values(key, *extra).annotate(
        total=Count("pk"),
        handled=Count("pk", filter=Q(status__in=HANDLED)),
        answered=Count("pk", filter=Q(status__in=ANSWERED)),
        closed=Count("pk", filter=Q(status=S.CLOSED)),
        key_items=Count("pk", filter=Q(is_key=True)),
        leads=Count("lead_id", distinct=True),
    ):
        row = row_for(data[key], data)
        for name in ("total", "handled", "answered", "closed", "key_items", "leads"):
            setattr(row, name, data[name])
    a_key = f"suggestion__{key}"
    today_open = Q(status__in=OPEN_ASSIGNMENT, reply_due__lt=today) & ~Q(role=AssignmentRole.CO)
    for data in (
        _assignments(f)
        .filter(today_open)
        .values(a_key, *(f"suggestion__{e}" for e in extra))
        .annotate(n=Count("pk"))
    ):
        row_for(data[a_key], data, "suggestion__").overdue = data["n"]
    f_key = f"reply__assignment__suggestion__{key}"
    for data in _ratings(f, (f_key, *(f"reply__assignment__suggestion__{e}" for e in extra))):
        row_for(data[f_key], data, "reply__assignment__suggestion__").set_from(data)
    return rows


def topic_rows(f: OversightFilters, *, sort: str = "-total", today: dt.date | None = None) -> list[GroupRow]:
    """One row per topic (four grouped queries)."""
    labels = {value: (label, i) for i, (value, label) in enumerate(Topic.choices)}
    rows = _group_rows(f, "topic", labels, today=today or timezone.localdate())
    result, _used = _sort(list(rows.values()), sort, GROUP_SORTS, "-total")
    return result


def delegation_rows(
    f: OversightFilters, *, sort: str = "name", today: dt.date | None = None
) -> list[GroupRow]:
    """One row per delegation of the lead deputy (four grouped queries)."""
    rows = _group_rows(
        f,
        "lead__delegation",
        None,
        ("lead__delegation__name", "lead__delegation__sort_order"),
        today=today or timezone.localdate(),
    )
    result, _used = _sort(list(rows.values()), sort, GROUP_SORTS, "name")
    for row in result:
        row.label = row.label or str(_("(no delegation)"))
    return result


def group_totals(rows: Iterable[GroupRow]) -> GroupRow:
    total = GroupRow(label=str(_("Total")))
    for row in rows:
        for name in (
            "total",
            "handled",
            "answered",
            "closed",
            "key_items",
            "leads",
            "overdue",
            "satisfied",
            "basically",
            "unsatisfied",
            "rehandled",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


# --- by deputy -----------------------------------------------------------------------------------


@dataclass
class DeputyRow(Ratings):
    deputy_id: int = 0
    led: int = 0
    led_answered: int = 0
    led_key: int = 0
    cosigned: int = 0
    deputy: Deputy | None = None

    @property
    def name(self) -> str:
        return self.deputy.person.name if self.deputy else ""


DEPUTY_SORTS = (
    "led",
    "led_answered",
    "led_key",
    "cosigned",
    "rated",
    "satisfied",
    "basically",
    "unsatisfied",
    "satisfaction_rate",
)


def deputy_rows(f: OversightFilters, *, sort: str = "-led") -> list[DeputyRow]:
    """Every deputy who led or co-signed a filtered item: four grouped queries. Deputies are
    attached afterwards, page by page, with :func:`attach_deputies`. The delegation filter
    applies to the deputy (for led items that is the lead's delegation)."""
    rows: dict[int, DeputyRow] = {}

    def row(pk: int) -> DeputyRow:
        return rows.setdefault(pk, DeputyRow(deputy_id=pk))

    for data in (
        Suggestion.objects.filter(suggestion_q(f))
        .order_by()
        .values("lead_id")
        .annotate(
            led=Count("pk"),
            led_answered=Count("pk", filter=Q(status__in=ANSWERED)),
            led_key=Count("pk", filter=Q(is_key=True)),
        )
    ):
        r = row(data["lead_id"])
        r.led, r.led_answered, r.led_key = data["led"], data["led_answered"], data["led_key"]
    signers = Signer.objects.filter(
        suggestion_q(f.without("delegation"), "suggestion__"),
        is_lead=False,
        confirmed_at__isnull=False,
        declined_at__isnull=True,
    )
    if f.delegation:
        signers = signers.filter(deputy__delegation_id=f.delegation)
    for data in signers.order_by().values("deputy_id").annotate(n=Count("pk")):
        row(data["deputy_id"]).cosigned = data["n"]
    lead_key = "reply__assignment__suggestion__lead_id"
    for data in _ratings(f, (lead_key,)):
        row(data[lead_key]).set_from(data)
    if sort.lstrip("-") not in DEPUTY_SORTS:
        sort = "-led"
    key, descending = sort.lstrip("-"), sort.startswith("-")

    def order(r: DeputyRow) -> tuple[Any, ...]:
        v = getattr(r, key)
        v = -1 if v is None else v
        return (-v if descending else v, -r.led, r.deputy_id)

    return sorted(rows.values(), key=order)


def attach_deputies(rows: Iterable[DeputyRow]) -> list[DeputyRow]:
    """Fill ``row.deputy`` (person, delegation) for these rows: one query."""
    rows = list(rows)
    by_id = Deputy.objects.select_related("person", "delegation").in_bulk([r.deputy_id for r in rows])
    for r in rows:
        r.deputy = by_id.get(r.deputy_id)
    return rows


# --- overview ------------------------------------------------------------------------------------


@dataclass
class Overview(Ratings):
    received: int = 0
    pending: int = 0  # submitted or returned, not registered yet
    counted: int = 0
    session: int = 0
    interim: int = 0
    joint: int = 0
    converted: int = 0
    merged: int = 0
    withdrawn: int = 0
    handled: int = 0
    answered_items: int = 0
    closed: int = 0
    rehandling: int = 0
    key_items: int = 0
    units: int = 0
    answering: int = 0
    co: int = 0
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    avg_days: float | None = None
    c_open: int = 0
    c_late: int = 0
    c_delivered: int = 0
    c_delivered_late: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.answered)

    @property
    def answered_rate(self) -> float | None:
        return _rate(self.answered_items, self.handled)

    @property
    def commitments(self) -> int:
        return self.c_open + self.c_late + self.c_delivered


def overview(f: OversightFilters, *, today: dt.date | None = None) -> Overview:
    """The headline figures: seven aggregate queries."""
    today = today or timezone.localdate()
    out = Overview()
    joint = Exists(
        Signer.objects.filter(
            suggestion_id=OuterRef("pk"), is_lead=False, confirmed_at__isnull=False, declined_at__isnull=True
        )
    )
    counted = Q(status__in=COUNTED)
    data = (
        Suggestion.objects.filter(suggestion_q(f, statuses=None))
        .exclude(status=S.DRAFT)
        .order_by()
        .aggregate(
            received=Count("pk"),
            pending=Count("pk", filter=Q(status__in=(S.SUBMITTED, S.RETURNED))),
            counted=Count("pk", filter=counted),
            session=Count("pk", filter=counted & Q(channel=Channel.SESSION)),
            interim=Count("pk", filter=counted & Q(channel=Channel.INTERIM)),
            joint=Count("pk", filter=counted & Q(joint)),
            converted=Count("pk", filter=Q(status=S.CONVERTED)),
            merged=Count("pk", filter=Q(status=S.MERGED)),
            withdrawn=Count("pk", filter=Q(status=S.WITHDRAWN)),
            handled=Count("pk", filter=Q(status__in=HANDLED)),
            answered_items=Count("pk", filter=Q(status__in=ANSWERED)),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
            rehandling=Count("pk", filter=Q(status=S.REHANDLING)),
            key_items=Count("pk", filter=counted & Q(is_key=True)),
        )
    )
    figures = _assignment_figures(today)
    data |= _assignments(f).aggregate(units=Count("unit_id", distinct=True), **figures)
    data |= _ratings(f)[0]
    data |= _commitments(f).aggregate(**_commitment_figures(today))
    for name, value in data.items():
        if name == "avg_answer":
            out.avg_days = _days(value)
        else:
            setattr(out, name, value or 0)
    out.categories = reply_categories(f)
    return out


def reply_categories(f: OversightFilters) -> dict[str, int]:
    """Result categories (A/B/C…) of the latest reply of each answering assignment."""
    later = Reply.objects.filter(assignment_id=OuterRef("assignment_id"), round__gt=OuterRef("round"))
    qs = (
        Reply.objects.filter(suggestion_q(f, "assignment__suggestion__"), unit_q(f, "assignment__unit__"))
        .exclude(assignment__status=AssignmentStatus.RETURNED)
        .filter(~Exists(later))
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("category")
    )
    return {row["category"]: row["n"] for row in qs}


# --- commitment ledger ---------------------------------------------------------------------------


def commitment_ledger(
    f: OversightFilters, user: Viewer, *, today: dt.date | None = None
) -> QuerySet[Commitment]:
    """承诺事项台账: commitments of the filtered items, across years unless a year is chosen,
    with ``is_late`` and ``can_see``; ``f.state`` picks open / late / delivered / all."""
    today = today or timezone.localdate()
    qs = (
        _commitments(f)
        .select_related("unit", "reply__assignment__suggestion__lead__person")
        .annotate(
            is_late=Case(
                When(status=CommitmentStatus.OPEN, due__lt=today, then=Value(True)),
                When(status=CommitmentStatus.DELIVERED, delivered_at__date__gt=F("due"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            can_see=title_visibility(
                user,
                suggestion_ref="reply__assignment__suggestion_id",
                prefix="reply__assignment__suggestion__",
            ),
        )
    )
    if f.state == "open":
        qs = qs.filter(status=CommitmentStatus.OPEN)
    elif f.state == "late":
        qs = qs.filter(status=CommitmentStatus.OPEN, due__lt=today)
    elif f.state == "delivered":
        qs = qs.filter(status=CommitmentStatus.DELIVERED)
    return qs.order_by("due", "pk")


def commitment_summary(f: OversightFilters, *, today: dt.date | None = None) -> list[UnitRow]:
    """Open / late / delivered commitments per unit (one grouped query), most late first."""
    today = today or timezone.localdate()
    rows = []
    for data in (
        _commitments(f)
        .values("unit_id", "unit__name", "unit__short_name", "unit__type", "unit__sort_order")
        .annotate(**_commitment_figures(today))
    ):
        row = UnitRow(
            unit_id=data["unit_id"],
            name=data["unit__short_name"] or data["unit__name"],
            type=data["unit__type"],
            sort_order=data["unit__sort_order"],
        )
        for name in ("c_open", "c_late", "c_delivered", "c_delivered_late"):
            setattr(row, name, data[name])
        rows.append(row)
    return sorted(rows, key=lambda r: (-r.c_late, -r.c_open, r.sort_order, r.name))


# --- the annual report's lists -------------------------------------------------------------------


def key_items(f: OversightFilters) -> QuerySet[Suggestion]:
    """Items under key supervision (重点督办), with their units: two queries."""
    units = Assignment.objects.exclude(status=AssignmentStatus.RETURNED).select_related("unit")
    return (
        Suggestion.objects.filter(suggestion_q(f), is_key=True)
        .select_related("lead__person", "key_committee")
        .prefetch_related(Prefetch("assignments", queryset=units))
        .order_by("number", "pk")
    )
