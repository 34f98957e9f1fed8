"""Suggestions API: list and read what you may see, and every workflow step as a POST.

Confidential items never appear to users who may not see them; refused steps answer with
the project's error shape (409 for a step not allowed now, 422 for bad input)."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.access import DENIED, DEPUTIES, SIGNED_IN, P, access
from lvzhi.core.api_auth import api_user
from lvzhi.core.api_pages import api_page
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import Organ, User
from lvzhi.core.schemas import MAX_ID, PathId, errors
from lvzhi.deputies.models import Deputy

from . import permissions as perms
from . import selectors, services
from .models import Reply, Suggestion
from .schemas import (
    AssignIn,
    AttachmentOut,
    ConfirmIn,
    RateIn,
    RecommendationOut,
    ReplyIn,
    SuggestionIn,
    SuggestionOut,
    SuggestionPage,
    SuggestionReasonIn,
    SuggestionStatusName,
    TopicName,
)
from .states import AssignmentStatus

router = Router(tags=["suggestions"])
#: A workflow step: refused (403), unknown or not visible (404), not allowed now (409), bad input (422).
STEP = errors(401, 403, 404, 409, 422)

#: The parties, the office and the leaders see a submitted suggestion (``permissions``); of
#: those, who may not take an office step answers 403 (others 404: it stays hidden).
_SEE_NOT_OFFICE = {P.DEPUTY: DENIED, P.OFFICER: DENIED, P.LEADER: DENIED}
_OFFICE = {P.OFFICE, P.ADMIN}


def _get(user: User, pk: int) -> Suggestion:
    s = selectors.suggestion_detail(pk)
    if s is None or not perms.can_view_suggestion(user, s):
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
        "published_at": s.published_at,
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


@router.get("", response={200: SuggestionPage, **errors(401, 422)})
@access(ok=SIGNED_IN)
def list_suggestions(
    request: HttpRequest,
    q: str = "",
    status: SuggestionStatusName | None = None,
    topic: TopicName | None = None,
    year: int | None = Query(None, ge=1900, le=2200),
    unit: int | None = Query(None, ge=1, le=MAX_ID, description="An answering unit's organ id."),
    scope: Literal["mine", "key", "overdue"] | None = None,
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(30, ge=1, le=200),
) -> dict[str, Any]:
    filters = selectors.SuggestionFilters(
        q=q[:60], status=status or "", topic=topic or "", year=year, unit=unit, scope=scope or ""
    )
    return api_page(
        selectors.suggestion_list(api_user(request), filters),
        page,
        page_size,
        lambda s: {
            "id": s.pk,
            "number": s.number,
            "title": s.title,
            "topic": s.topic,
            "status": s.status,
            "year": s.year,
            "lead": s.lead.person.name,
            "units": [a.unit.name for a in s.assignments.all() if a.status != "returned"],
        },
    )


@router.get("/{int:pk}", response={200: SuggestionOut, **errors(401, 404, 422)})
@access(ok={P.DEPUTY}, sample="suggestions.draft", note="a draft: its authors only")
def get_suggestion(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return _out(_get(api_user(request), pk))


@router.post("", response={201: SuggestionOut, **STEP})
@access(
    ok=DEPUTIES,
    method="POST",
    data={"title": "关于河道治理的建议", "body": "河道淤积严重。建议尽快清淤。", "topic": "environment"},
)
def create_suggestion(request: HttpRequest, payload: SuggestionIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    if not perms.can_create_suggestion(user):
        raise PermissionDenied
    lead = Deputy.objects.filter(pk__in=perms.deputy_ids_of(user)).order_by("-term__number").first()
    if lead is None:
        raise PermissionDenied
    cosigners = []
    for code in payload.cosigners:
        d = Deputy.objects.select_related("person").filter(term=lead.term, code=code).first()
        if d is None:
            raise ValidationFailed(_("No serving deputy found for: %(t)s") % {"t": code})
        cosigners.append(d)
    s = services.suggestion_create(
        lead=lead,
        title=payload.title,
        body=payload.body,
        topic=payload.topic,
        channel=payload.channel,
        cosigners=cosigners,
        confidential=payload.confidential,
        confidential_reason=payload.confidential_reason,
        acting_user=user,
    )
    return Status(201, _out(_get(user, s.pk)))


@router.post("/{int:pk}/confirm", response={200: SuggestionOut, **STEP})
@access(ok={P.DEPUTY}, sample="suggestions.cosign", method="POST", data={"confirm": True})
def confirm(request: HttpRequest, pk: PathId, payload: ConfirmIn) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    deputy = Deputy.objects.filter(pk__in=perms.deputy_ids_of(user), signatures__suggestion=s).first()
    if deputy is None:
        raise PermissionDenied
    services.signer_respond(suggestion=s, deputy=deputy, confirm=payload.confirm, acting_user=user)
    return _out(_get(user, pk))


@router.post("/{int:pk}/attachments", response={201: AttachmentOut, **STEP})
@access(ok={P.DEPUTY}, sample="suggestions.draft", method="POST", note="no file: 422")
def attach(
    request: HttpRequest, pk: PathId, file: UploadedFile | None = File(None)
) -> Status[dict[str, Any]]:
    user = api_user(request)
    s = _get(user, pk)  # 404 first: whether a file came or not tells nothing about the suggestion
    if file is None:
        raise ValidationFailed(_("Choose a file to attach."))
    row = services.suggestion_attach(suggestion=s, upload=file, acting_user=user)
    return Status(201, {"id": row.pk, "name": row.original_name, "size": row.size, "sha256": row.sha256})


@router.post("/{int:pk}/submit", response={200: SuggestionOut, **STEP})
@access(ok={P.DEPUTY}, sample="suggestions.draft", method="POST")
def submit(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    if not perms.is_lead(user, s):
        raise PermissionDenied
    services.suggestion_submit(suggestion=s, acting_user=user)
    return _out(_get(user, pk))


@router.post("/{int:pk}/withdraw", response={200: SuggestionOut, **STEP})
@access(
    ok={P.DEPUTY},
    sample="suggestions.assigned",
    method="POST",
    data={"reason": "已另行解决"},
    expect={P.OFFICER: DENIED, P.OFFICE: DENIED, P.ADMIN: DENIED, P.LEADER: DENIED},
)
def withdraw(request: HttpRequest, pk: PathId, payload: SuggestionReasonIn) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    services.suggestion_withdraw(suggestion=s, reason=payload.reason, acting_user=user)
    return _out(_get(user, pk))


@router.post("/{int:pk}/register", response={200: SuggestionOut, **STEP})
@access(ok=_OFFICE, sample="suggestions.assigned", method="POST", expect=_SEE_NOT_OFFICE)
def register(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    if not perms.can_screen_suggestion(user, s):
        raise PermissionDenied
    services.suggestion_register(suggestion=s, acting_user=user)
    return _out(_get(user, pk))


@router.get("/{int:pk}/recommendation", response={200: list[RecommendationOut], **errors(401, 403, 404, 422)})
@access(ok=_OFFICE, sample="suggestions.assigned", expect=_SEE_NOT_OFFICE)
def recommendation(request: HttpRequest, pk: PathId) -> list[dict[str, Any]]:
    user = api_user(request)
    s = _get(user, pk)
    if not perms.can_screen_suggestion(user, s):
        raise PermissionDenied
    from .intelligence import recommend_units

    return [
        {"unit": r["unit"].name, "unit_code": r["unit"].code, "score": r["score"]} for r in recommend_units(s)
    ]


@router.post("/{int:pk}/publish", response={200: SuggestionOut, **STEP})
@access(
    ok=_OFFICE,
    sample="suggestions.assigned",
    method="POST",
    expect=_SEE_NOT_OFFICE,
    note="the office publishes a replied or closed suggestion; still being handled: 409",
)
def publish(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    services.suggestion_publish(suggestion=s, acting_user=user)
    return _out(_get(user, pk))


@router.post("/{int:pk}/assign", response={200: SuggestionOut, **STEP})
@access(
    ok=_OFFICE,
    sample="suggestions.assigned",
    method="POST",
    data={"mode": "sole", "units": [{"unit": "edu", "role": "sole"}]},
    expect=_SEE_NOT_OFFICE,
)
def assign(request: HttpRequest, pk: PathId, payload: AssignIn) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    if not perms.can_screen_suggestion(user, s):
        raise PermissionDenied
    organs = {o.code: o for o in Organ.objects.filter(code__in=[u.unit for u in payload.units])}
    missing = [u.unit for u in payload.units if u.unit not in organs]
    if missing:
        raise ValidationFailed(_("Unknown units: %(u)s") % {"u": ", ".join(missing)})
    choices = [services.UnitChoice(organs[u.unit], u.role, u.part) for u in payload.units]
    services.suggestion_assign(suggestion=s, mode=payload.mode, choices=choices, acting_user=user)
    return _out(_get(user, pk))


@router.post("/{int:pk}/reply", response={200: SuggestionOut, **STEP})
@access(
    ok={P.OFFICER},
    sample="suggestions.assigned",
    method="POST",
    data={
        "category": "A",
        "content": "一、已安排专人办理。二、已建立长效机制并向代表通报。",
        "signer": "局长",
    },
    expect={P.DEPUTY: DENIED, P.OFFICE: DENIED, P.ADMIN: DENIED, P.LEADER: DENIED},
)
def reply(request: HttpRequest, pk: PathId, payload: ReplyIn) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    mine = [
        a for a in s.assignments.all() if perms.can_reply(user, a) and a.status != AssignmentStatus.RETURNED
    ]
    if not mine:
        raise PermissionDenied  # the suggestion is visible, but not an answer of theirs to give
    if payload.assignment is None:
        if len(mine) > 1:
            raise ValidationFailed(_("Say which assignment this reply answers."))
        assignment = mine[0]
    else:
        found = next((a for a in s.assignments.all() if a.pk == payload.assignment), None)
        if found is None:
            raise ValidationFailed(_("This suggestion has no assignment %(n)s.") % {"n": payload.assignment})
        assignment = found
    services.reply_submit(
        assignment=assignment,
        category=payload.category,
        content=payload.content,
        signer=payload.signer,
        mode=payload.mode,
        commitment=payload.commitment,
        commitment_due=payload.commitment_due,
        acting_user=user,
    )
    return _out(_get(user, pk))


@router.post("/{int:pk}/rate", response={200: SuggestionOut, **STEP})
@access(
    ok={P.DEPUTY},
    sample="suggestions.assigned",
    method="POST",
    data={"reply": 1, "rating": "satisfied"},
    expect={P.OFFICER: DENIED, P.OFFICE: DENIED, P.ADMIN: DENIED, P.LEADER: DENIED},
    note="the lead deputy; a reply not of this suggestion: 422",
)
def rate(request: HttpRequest, pk: PathId, payload: RateIn) -> dict[str, Any]:
    user = api_user(request)
    s = _get(user, pk)
    if not perms.can_rate(user, s):
        raise PermissionDenied
    r = Reply.objects.filter(pk=payload.reply, assignment__suggestion=s).first()
    if r is None:
        raise ValidationFailed(_("This suggestion has no reply %(n)s.") % {"n": payload.reply})
    services.feedback_submit(reply=r, rating=payload.rating, comment=payload.comment, acting_user=user)
    return _out(_get(user, pk))
