"""Suggestions API: list and read what you may see, and every workflow step as a POST.

Confidential items never appear to users who may not see them; refused steps answer with
the project's error shape (409 for a step not allowed now, 422 for bad input)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import Organ
from lvzhi.core.schemas import ErrorOut
from lvzhi.deputies.models import Deputy

from . import permissions as perms
from . import selectors, services
from .models import Assignment, Reply, Suggestion
from .schemas import (
    AssignIn,
    ConfirmIn,
    RateIn,
    RecommendationOut,
    ReplyIn,
    SuggestionIn,
    SuggestionOut,
    SuggestionPage,
    SuggestionReasonIn,
)

router = Router(tags=["suggestions"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _get(request: Any, pk: int) -> Suggestion:
    s = selectors.suggestion_detail(pk)
    if s is None or not perms.can_view_suggestion(request.auth, s):
        raise Http404  # do not reveal that a confidential item exists
    return s


def _out(s: Suggestion) -> dict[str, Any]:
    assignments = [a for a in s.assignments.all()]
    return {
        "id": s.pk,
        "number": s.number,
        "title": s.title,
        "body": s.body,
        "topic": s.topic,
        "status": s.status,
        "confidential": s.confidential,
        "is_key": s.is_key,
        "year": s.year,
        "lead": s.lead.person.name,
        "lead_code": s.lead.code,
        "delegation": s.lead.delegation.name,
        "signers": [g.deputy.code for g in s.signers.all() if g.confirmed_at and not g.declined_at],
        "assignments": [
            {
                "id": a.pk,
                "unit": a.unit.name,
                "unit_code": a.unit.code,
                "role": a.role,
                "status": a.status,
                "part": a.part,
                "reply_due": a.reply_due,
                "reply_cap": a.reply_cap,
            }
            for a in assignments
        ],
        "replies": [
            {
                "id": r.pk,
                "unit": a.unit.name,
                "round": r.round,
                "category": r.category,
                "content": r.content,
                "replied_at": r.replied_at,
                "rating": getattr(getattr(r, "feedback", None), "rating", None),
            }
            for a in assignments
            for r in a.replies.all()
        ],
    }


@router.get("", response={200: SuggestionPage, **ERRORS})
def list_suggestions(
    request,
    q: str = "",
    status: str = "",
    topic: str = "",
    year: int | None = None,  # type: ignore[no-untyped-def]
    unit: int | None = None,
    scope: str = "",
    page: int = Query(1, ge=1),
    page_size: int = Query(30, ge=1, le=200),
):
    filters = selectors.SuggestionFilters(
        q=q[:60], status=status, topic=topic, year=year, unit=unit, scope=scope
    )
    paginator = Paginator(selectors.suggestion_list(request.auth, filters), page_size)
    if page > max(paginator.num_pages, 1):
        raise ValidationFailed(_("Page %(p)s does not exist.") % {"p": page})
    rows = paginator.page(page)
    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "pages": paginator.num_pages,
        "results": [
            {
                "id": s.pk,
                "number": s.number,
                "title": s.title,
                "topic": s.topic,
                "status": s.status,
                "year": s.year,
                "lead": s.lead.person.name,
                "units": [a.unit.name for a in s.assignments.all() if a.status != "returned"],
            }
            for s in rows
        ],
    }


@router.get("/{int:pk}", response={200: SuggestionOut, **ERRORS})
def get_suggestion(request, pk: int):  # type: ignore[no-untyped-def]
    return _out(_get(request, pk))


@router.post("", response={201: SuggestionOut, **ERRORS})
def create_suggestion(request, payload: SuggestionIn):  # type: ignore[no-untyped-def]
    if not perms.can_create_suggestion(request.auth):
        raise PermissionDenied
    lead = Deputy.objects.filter(pk__in=perms.deputy_ids_of(request.auth)).order_by("-term__number").first()
    cosigners = []
    for code in payload.cosigners:
        d = (
            Deputy.objects.select_related("person").filter(term=lead.term, code=code).first()
            if lead
            else None
        )
        if d is None:
            raise ValidationFailed(_("No serving deputy found for: %(t)s") % {"t": code})
        cosigners.append(d)
    s = services.suggestion_create(
        lead=lead,  # type: ignore[arg-type]
        title=payload.title,
        body=payload.body,
        topic=payload.topic,  # type: ignore[arg-type]
        channel=payload.channel,
        cosigners=cosigners,
        confidential=payload.confidential,
        confidential_reason=payload.confidential_reason,
        acting_user=request.auth,
    )
    return Status(201, _out(_get(request, s.pk)))


@router.post("/{int:pk}/confirm", response={200: SuggestionOut, **ERRORS})
def confirm(request, pk: int, payload: ConfirmIn):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    deputy = Deputy.objects.filter(pk__in=perms.deputy_ids_of(request.auth), signatures__suggestion=s).first()
    if deputy is None:
        raise PermissionDenied
    services.signer_respond(suggestion=s, deputy=deputy, confirm=payload.confirm, acting_user=request.auth)
    return _out(_get(request, pk))


@router.post("/{int:pk}/attachments", response={201: dict, **ERRORS})
def attach(request, pk: int, file: UploadedFile = File(...)):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    row = services.suggestion_attach(suggestion=s, upload=file, acting_user=request.auth)
    return Status(201, {"id": row.pk, "name": row.original_name, "size": row.size, "sha256": row.sha256})


@router.post("/{int:pk}/submit", response={200: SuggestionOut, **ERRORS})
def submit(request, pk: int):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    if not perms.is_lead(request.auth, s):
        raise PermissionDenied
    services.suggestion_submit(suggestion=s, acting_user=request.auth)
    return _out(_get(request, pk))


@router.post("/{int:pk}/withdraw", response={200: SuggestionOut, **ERRORS})
def withdraw(request, pk: int, payload: SuggestionReasonIn):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    services.suggestion_withdraw(suggestion=s, reason=payload.reason, acting_user=request.auth)
    return _out(_get(request, pk))


@router.post("/{int:pk}/register", response={200: SuggestionOut, **ERRORS})
def register(request, pk: int):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    if not perms.can_screen_suggestion(request.auth, s):
        raise PermissionDenied
    services.suggestion_register(suggestion=s, acting_user=request.auth)
    return _out(_get(request, pk))


@router.get("/{int:pk}/recommendation", response={200: list[RecommendationOut], **ERRORS})
def recommendation(request, pk: int):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    if not perms.can_screen_suggestion(request.auth, s):
        raise PermissionDenied
    from .intelligence import recommend_units

    return [
        {"unit": r["unit"].name, "unit_code": r["unit"].code, "score": r["score"]} for r in recommend_units(s)
    ]


@router.post("/{int:pk}/assign", response={200: SuggestionOut, **ERRORS})
def assign(request, pk: int, payload: AssignIn):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    if not perms.can_screen_suggestion(request.auth, s):
        raise PermissionDenied
    organs = {o.code: o for o in Organ.objects.filter(code__in=[u.unit for u in payload.units])}
    missing = [u.unit for u in payload.units if u.unit not in organs]
    if missing:
        raise ValidationFailed(_("Unknown units: %(u)s") % {"u": ", ".join(missing)})
    choices = [services.UnitChoice(organs[u.unit], u.role, u.part) for u in payload.units]
    services.suggestion_assign(suggestion=s, mode=payload.mode, choices=choices, acting_user=request.auth)
    return _out(_get(request, pk))


@router.post("/{int:pk}/reply", response={200: SuggestionOut, **ERRORS})
def reply(request, pk: int, payload: ReplyIn):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    assignment = get_object_or_404(Assignment, pk=payload.assignment, suggestion=s)
    services.reply_submit(
        assignment=assignment,
        category=payload.category,
        content=payload.content,
        signer=payload.signer,
        mode=payload.mode,
        commitment=payload.commitment,
        commitment_due=payload.commitment_due,
        acting_user=request.auth,
    )
    return _out(_get(request, pk))


@router.post("/{int:pk}/rate", response={200: SuggestionOut, **ERRORS})
def rate(request, pk: int, payload: RateIn):  # type: ignore[no-untyped-def]
    s = _get(request, pk)
    r = get_object_or_404(Reply, pk=payload.reply, assignment__suggestion=s)
    services.feedback_submit(
        reply=r, rating=payload.rating, comment=payload.comment, acting_user=request.auth
    )
    return _out(_get(request, pk))
