"""Reads for suggestion pages and the API, scoped to what the user may see (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from lvzhi.core.permissions import Viewer
from lvzhi.core.selectors import audit_for_object
from lvzhi.deputies.models import Deputy

from . import permissions as perms
from .models import Assignment, Commitment, ExtensionRequest, Reply, Signer, Suggestion
from .screening import screening_hints
from .states import PUBLISHABLE, AssignmentStatus, SuggestionStatus


@dataclass
class SuggestionFilters:
    q: str = ""
    status: str = ""
    topic: str = ""
    year: int | None = None
    unit: int | None = None
    delegation: int | None = None
    channel: str = ""
    scope: str = ""  # "mine" (deputy: signed by me; officer: my units), "key", "overdue"

    @classmethod
    def from_params(cls, params: Any) -> SuggestionFilters:
        def as_int(name: str) -> int | None:
            raw = (params.get(name) or "").strip()
            return int(raw) if raw.isdecimal() and len(raw) < 12 else None

        return cls(
            q=(params.get("q") or "").strip()[:60],
            status=(params.get("status") or "").strip(),
            topic=(params.get("topic") or "").strip(),
            year=as_int("year"),
            unit=as_int("unit"),
            delegation=as_int("delegation"),
            channel=(params.get("channel") or "").strip(),
            scope=(params.get("scope") or "").strip(),
        )


def visible_to(user: Viewer) -> QuerySet[Suggestion]:
    """Every suggestion ``user`` may open in the workspace, as one query (mirrors
    ``permissions.can_view_suggestion``): drafts only for their authors."""
    qs = Suggestion.objects.all()
    not_draft = ~Q(status=SuggestionStatus.DRAFT)
    if perms.is_office(user) or perms.is_leader(user):
        cond = not_draft
    else:
        cond = Q(pk__in=[])
        units = perms.units_of(user)
        if units:
            cond |= not_draft & Q(pk__in=Assignment.objects.filter(unit_id__in=units).values("suggestion_id"))
    # subqueries rather than joins: no DISTINCT, and PostgreSQL plans each side on its index
    deputies = perms.deputy_ids_of(user)
    if deputies:
        cond |= Q(
            pk__in=Signer.objects.filter(deputy_id__in=deputies, declined_at__isnull=True).values(
                "suggestion_id"
            )
        )
    return qs.filter(cond)


#: Assignment states in which the unit is working on its reply: the list's "being handled by
#: the unit" (``scope=open``) and, past ``reply_due``, "overdue" (``scope=overdue``).
HANDLING = (AssignmentStatus.ACTIVE, AssignmentStatus.REHANDLING)


def handling_assignments(
    *, unit: int | None = None, overdue: bool = False, today: Any = None
) -> QuerySet[Assignment]:
    """Assignments being handled (of ``unit`` if given), or only those past their reply date."""
    from django.utils import timezone

    qs = Assignment.objects.filter(status__in=HANDLING)
    if unit:
        qs = qs.filter(unit_id=unit)
    if overdue:
        qs = qs.filter(reply_due__lt=today or timezone.localdate())
    return qs


def suggestion_list(user: Viewer, filters: SuggestionFilters) -> QuerySet[Suggestion]:
    qs = visible_to(user)
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(number__icontains=filters.q)
            | Q(lead__person__name__icontains=filters.q)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.delegation:
        qs = qs.filter(lead__delegation_id=filters.delegation)
    if filters.unit:
        qs = qs.filter(pk__in=Assignment.objects.filter(unit_id=filters.unit).values("suggestion_id"))
    if filters.scope == "key":
        qs = qs.filter(is_key=True)
    elif filters.scope == "mine":
        deputies, units = perms.deputy_ids_of(user), perms.units_of(user)
        qs = qs.filter(
            Q(pk__in=Signer.objects.filter(deputy_id__in=deputies).values("suggestion_id"))
            | Q(pk__in=Assignment.objects.filter(unit_id__in=units).values("suggestion_id"))
        )
    elif filters.scope in ("open", "overdue"):
        # with a unit: that unit's own assignment is being handled (and late)
        handling = handling_assignments(unit=filters.unit, overdue=filters.scope == "overdue")
        qs = qs.filter(pk__in=handling.values("suggestion_id"))
    return (
        qs.select_related("lead__person", "lead__delegation")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("unit")))
        .order_by("-id")
    )


def suggestion_detail(pk: int) -> Suggestion | None:
    return (
        Suggestion.objects.select_related(
            "lead__person",
            "lead__delegation",
            "term",
            "session",
            "rules__profile",
            "merged_into",
            "key_committee",
        )
        .prefetch_related(
            Prefetch(
                "signers", queryset=Signer.objects.select_related("deputy__person", "deputy__delegation")
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").prefetch_related(
                    Prefetch("replies", queryset=Reply.objects.select_related("feedback", "ledger_entry")),
                    "contacts",
                    "extensions",
                ),
            ),
            "merged",
        )
        .filter(pk=pk)
        .first()
    )


def published() -> QuerySet[Suggestion]:
    """What the portal shows (mirrors ``permissions.can_view_published``): published by the
    office after the reply, still replied or closed, never confidential or merged."""
    return Suggestion.objects.filter(
        published_at__isnull=False, status__in=PUBLISHABLE, confidential=False, merged_into__isnull=True
    )


def public_list(q: str = "", topic: str = "", year: int | None = None) -> QuerySet[Suggestion]:
    """Published on the portal (see :func:`published`)."""
    qs = published()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    if topic:
        qs = qs.filter(topic=topic)
    if year:
        qs = qs.filter(year=year)
    return (
        qs.select_related("lead__person", "lead__delegation")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("unit")))
        .order_by("-id")
    )


def public_detail(pk: int) -> Suggestion | None:
    s = suggestion_detail(pk)
    if s is None or not perms.can_view_published(AnonymousUser(), s):
        return None
    return s


def dashboard_summary(user: Viewer) -> dict[str, Any]:
    """Counts for the home page: what the office, a unit or a deputy has in hand."""
    from django.db.models import Count
    from django.utils import timezone

    today = timezone.localdate()
    out: dict[str, Any] = {}
    if perms.is_office(user) or perms.is_leader(user):
        by_status = dict(
            Suggestion.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        out["to_register"] = by_status.get("submitted", 0)
        out["to_assign"] = by_status.get("registered", 0)
        out["in_hand"] = by_status.get("assigned", 0) + by_status.get("rehandling", 0)
        out["overdue"] = (
            Assignment.objects.filter(
                status__in=[AssignmentStatus.ACTIVE, AssignmentStatus.REHANDLING],
                reply_due__lt=today,
                suggestion__status__in=["assigned", "rehandling"],
            )
            .values("suggestion_id")
            .distinct()
            .count()
        )
    units = perms.units_of(user)
    if units:
        mine = Assignment.objects.filter(
            unit_id__in=units,
            status__in=[AssignmentStatus.ACTIVE, AssignmentStatus.REHANDLING],
            suggestion__status__in=["assigned", "rehandling"],
        )
        out["unit_open"] = mine.count()
        out["unit_overdue"] = mine.filter(reply_due__lt=today).count()
    deputies = perms.deputy_ids_of(user)
    if deputies:
        out["my_suggestions"] = Suggestion.objects.filter(signers__deputy_id__in=deputies).distinct().count()
    return out


# --- pages: the detail page's reads and the rows an action names ------------------------------


def suggestion_by_pk(pk: int) -> Suggestion | None:
    """The suggestion alone (an action or a download checks its visibility)."""
    return Suggestion.objects.filter(pk=pk).first()


def my_deputy(user: Viewer) -> Deputy | None:
    """The user's mandate in the most recent term they hold one (the lead of a new suggestion)."""
    ids = perms.deputy_ids_of(user)
    if not ids:
        return None
    return (
        Deputy.objects.select_related("term", "person").filter(pk__in=ids).order_by("-term__number").first()
    )


def cosigner_codes(suggestion: Suggestion) -> str:
    """The co-signers' deputy codes, space-separated (the edit form's initial value)."""
    return " ".join(s.deputy.code for s in suggestion.signers.select_related("deputy").filter(is_lead=False))


def signing_deputy(user: Viewer, suggestion: Suggestion) -> Deputy | None:
    """The user's mandate that was asked to co-sign ``suggestion``, or None."""
    return Deputy.objects.filter(pk__in=perms.deputy_ids_of(user), signatures__suggestion=suggestion).first()


def merge_target(suggestion: Suggestion, number: str) -> Suggestion | None:
    """The suggestion of the same term numbered ``number`` (the target of a merge)."""
    return Suggestion.objects.filter(term=suggestion.term, number=number.strip()).first()


def _pk(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdecimal() and len(text) < 12 else None


def assignment_of(suggestion: Suggestion, pk: Any) -> Assignment | None:
    """One of ``suggestion``'s assignments, by the id a form posted."""
    key = _pk(pk)
    return None if key is None else Assignment.objects.filter(pk=key, suggestion=suggestion).first()


def extension_of(suggestion: Suggestion, pk: Any) -> ExtensionRequest | None:
    key = _pk(pk)
    if key is None:
        return None
    return ExtensionRequest.objects.filter(pk=key, assignment__suggestion=suggestion).first()


def reply_of(suggestion: Suggestion, pk: Any) -> Reply | None:
    key = _pk(pk)
    return None if key is None else Reply.objects.filter(pk=key, assignment__suggestion=suggestion).first()


def commitment_of(suggestion: Suggestion, pk: Any) -> Commitment | None:
    key = _pk(pk)
    if key is None:
        return None
    return Commitment.objects.filter(pk=key, reply__assignment__suggestion=suggestion).first()


def reply_with_suggestion(pk: int) -> Reply | None:
    return Reply.objects.select_related("assignment__suggestion").filter(pk=pk).first()


def detail_reads(suggestion: Suggestion, user: Viewer) -> dict[str, Any]:
    """What the detail page reads beyond the suggestion itself: screening hints (the office
    and the lead), the audit history (the office), and at screening the similar suggestions
    and the recommended handling units (the office)."""
    office = perms.is_office(user)
    out: dict[str, Any] = {
        "hints": screening_hints(suggestion.title, suggestion.body)
        if office or perms.is_lead(user, suggestion)
        else [],
        "history": audit_for_object(suggestion) if office else [],
    }
    if office and suggestion.status in (SuggestionStatus.SUBMITTED, SuggestionStatus.REGISTERED):
        from .intelligence import recommend_units, similar_to

        out["similar"] = similar_to(suggestion)
        if suggestion.status == SuggestionStatus.REGISTERED:
            out["recommended"] = recommend_units(suggestion)
    return out
