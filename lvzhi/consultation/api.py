"""Consultations API: the public list, drafts, comments and feedback (no login needed), and
staff reads (totals, comments with masked contacts, the analysis).

Refused steps answer with the project's error shape ``{"code", "message", "detail"}``: 404
unknown or not public, 409 ``consultation_closed`` outside the window, 422 bad input, 429
``throttled`` (with ``detail.retry_after`` and a ``Retry-After`` header).

``POST /{id}/comments`` is the surge path: the rate limiter (cache only), one query for the
consultation and its text, then :func:`services.comment_submit` (one or two INSERTs).
"""

from __future__ import annotations

import json
from typing import Any, Literal

import pydantic
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.utils import check_csrf

from lvzhi.core import ratelimit
from lvzhi.core.access import ALL, OK, P, access
from lvzhi.core.api_auth import TokenAuth, api_user
from lvzhi.core.api_pages import api_page
from lvzhi.core.errors import NotFoundError, Throttled, ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.schemas import PathId, errors

from . import permissions as perms
from . import selectors, services
from .models import Analysis, Consultation
from .schemas import (
    AnalysisOut,
    CommentIn,
    CommentReceiptOut,
    ConsultationDetailOut,
    ConsultationOut,
    DecisionName,
    FeedbackOut,
    ModerationName,
    StaffCommentPage,
    TotalsOut,
)
from .states import Channel

router = Router(tags=["consultations"])
#: Staff reads: not signed in (401), unknown or not for this user (404), bad filters (422).
STAFF = errors(401, 404, 422)

_token_auth = TokenAuth()
#: Who reads the staff operations (``permissions.can_view_consultations``); others get 404.
READERS = frozenset({P.OFFICE, P.LEGAL, P.STAFF_OTHER, P.MEMBER, P.LEADER, P.ADMIN})


def throttled_response(exc: Throttled) -> JsonResponse:
    """429 in the API's error shape, with ``Retry-After``."""
    response = JsonResponse(exc.as_dict(), status=exc.status)
    retry = (exc.detail or {}).get("retry_after")
    if retry is not None:
        response["Retry-After"] = str(retry)
    return response


def _summary_out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "bill": c.bill.title,
        "start": c.start,
        "bill_id": c.bill_id,
        "end": c.end,
        "closed_on": c.last_day if c.closed_at is not None else None,
        "status": c.status,
        "status_label": str(c.get_status_display()),
        "taking_comments": services.is_taking_comments(c),
    }


def _public(pk: int) -> Consultation:
    consultation = selectors.consultations_public().filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def _staff(user: User, pk: int) -> Consultation:
    """A consultation for the staff operations: 404 for those who may not read them (never 403)."""
    if not perms.can_view_consultations(user):
        raise Http404
    consultation = services.consultation_for_intake(pk)
    if consultation is None:
        raise Http404
    return consultation


def _caller(request: HttpRequest) -> User | None:
    """The user behind a public request: a bearer token, else a session that passes the CSRF
    check, else nobody. A token that is sent but not valid is refused (401)."""
    if request.headers.get("Authorization"):
        user = _token_auth(request)
        if user is None:
            raise AuthenticationError()
        return user
    if settings.SESSION_COOKIE_NAME in request.COOKIES and isinstance(request.user, User):
        if check_csrf(request) is None:
            return request.user
        request.user = AnonymousUser()  # a cross-site post: counted and stored as anonymous
    return None


# --- public ------------------------------------------------------------------------------------


@router.get("", response={200: list[ConsultationOut]}, auth=None)
@access(ok=ALL, anon=OK)
def list_consultations(request: HttpRequest) -> list[dict[str, Any]]:
    """Consultations that are open, closed or have their feedback published (newest first)."""
    return [_summary_out(c) for c in selectors.consultations_public().defer("version__text")[:500]]


@router.get("/{int:pk}", response={200: ConsultationDetailOut, **errors(404, 422)}, auth=None)
@access(ok=ALL, anon=OK, sample="consultation.open")
def get_consultation(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The draft consulted on, article by article, with its explanation (说明)."""
    c = _public(pk)
    articles = [
        {"key": a.key, "label": a.label, "text": a.text, "paragraphs": a.paragraphs, "chapter": a.chapter}
        for a in services.version_articles(c.version).values()
    ]
    return {
        **_summary_out(c),
        "explanation": c.explanation,
        "version": c.version.number,
        "version_label": c.version.label,
        "feedback_published": perms.can_view_public_feedback(c),
        "articles": articles,
    }


def _comment_payload(request: HttpRequest) -> CommentIn:
    """The JSON body as :class:`CommentIn`. Parsed here rather than by ninja so that a body that
    is not JSON gets the same 422 ``validation_failed`` answer as one of the wrong shape."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise NinjaValidationError(
            [{"loc": ["body"], "msg": _("The body is not valid JSON."), "type": "json_invalid"}]
        ) from exc
    try:
        return CommentIn.model_validate(data)
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(
            [{"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        ) from exc


_COMMENT_BODY = {"required": True, "content": {"application/json": {"schema": CommentIn.model_json_schema()}}}


@router.post(
    "/{int:pk}/comments",
    response={201: CommentReceiptOut, **errors(401, 404, 409, 422, 429)},
    auth=None,
    openapi_extra={"requestBody": _COMMENT_BODY},
)
@access(ok=ALL, anon=OK, sample="consultation.open", method="POST", data={"text": ""})
def submit_comment(request: HttpRequest, pk: PathId) -> Status[dict[str, Any]] | JsonResponse:
    """Comment on an article (or the draft as a whole): a JSON body ``{"text", "article",
    "paragraph", "name", "contact"}`` (see :class:`CommentIn`). Anyone may comment while the
    window is open; a bearer token or session names the commenter. Returns the receipt number."""
    user = _caller(request)
    client = ratelimit.client_key(request)
    try:
        ratelimit.check("comment", client, ratelimit.cached_limits(settings.COMMENT_RATE_LIMITS))
    except Throttled as exc:
        return throttled_response(exc)
    payload = _comment_payload(request)
    consultation = services.consultation_for_intake(pk)
    if consultation is None:
        raise Http404
    comment = services.comment_submit(
        consultation=consultation,
        text=payload.text,
        article=payload.article,
        paragraph=payload.paragraph,
        name=payload.name or "",
        contact=payload.contact or "",
        channel=Channel.API,
        user=user,
        client=client,
    )
    return Status(
        201,
        {
            "receipt": comment.receipt,
            "moderation": comment.moderation,
            "article": comment.article,
            "submitted_at": comment.submitted_at,
        },
    )


@router.get("/{int:pk}/feedback", response={200: FeedbackOut, **errors(404, 422)}, auth=None)
@access(ok=ALL, anon=OK, sample="consultation.published")
def get_feedback(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """How the comments were taken into account (采纳情况), once published."""
    c = _public(pk)
    if not perms.can_view_public_feedback(c):
        raise NotFoundError(_("The feedback on this consultation has not been published yet."))
    data = selectors.public_feedback(c)
    totals = data["totals"]
    articles = []
    for row in data["articles"]:
        articles.append(
            {
                "key": row["key"],
                "label": row["label"] or _("The draft as a whole"),
                "comments": row["count"],
                "themes": [
                    {
                        "label": t.label,
                        "comments": t.comment_count,
                        "decision": t.decision,
                        "decision_label": str(t.get_decision_display()),
                        "reason": t.reason,
                    }
                    for t in row["themes"]
                ],
                "decided": [
                    {
                        "paragraph": x.paragraph,
                        "text": x.text,
                        "decision": x.decision,
                        "decision_label": str(x.get_decision_display()),
                        "reason": x.decision_reason,
                    }
                    for x in row["comments"]
                ],
            }
        )
    return {
        "id": c.pk,
        "title": c.title,
        "summary": c.feedback_summary,
        "published_at": c.feedback_published_at,
        "received": totals["received"],
        "accepted": totals["accepted"],
        "channels": totals["channels"],
        "decisions": totals["decisions"],
        "articles": articles,
    }


# --- staff -------------------------------------------------------------------------------------


@router.get("/{int:pk}/totals", response={200: TotalsOut, **STAFF})
@access(ok=READERS, sample="consultation.open")
def get_totals(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """Live totals: received, accepted, awaiting moderation, set aside, by article and channel."""
    return selectors.consultation_totals(_staff(api_user(request), pk))


@router.get("/{int:pk}/comments", response={200: StaffCommentPage, **STAFF})
@access(ok=READERS, sample="consultation.open")
def list_comments(
    request: HttpRequest,
    pk: PathId,
    article: str | None = Query(None, max_length=40, description="An article, or `whole` for the draft."),
    moderation: ModerationName | None = None,
    decision: DecisionName | Literal["none"] | None = Query(None, description="`none`: not decided yet."),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    """Comments, newest first (names and contacts masked). ``article=whole`` for comments on the
    draft as a whole; ``decision=none`` for undecided ones."""
    c = _staff(api_user(request), pk)
    key: str | None = None
    if article not in (None, ""):
        key = "" if article == "whole" else services.article_key(article)
        if key and key not in services.version_articles(c.version):
            raise ValidationFailed(
                detail={"article": [_("The draft has no article %(article)s.") % {"article": article}]}
            )
    qs = selectors.comments_queryset(c, article=key, moderation=moderation or None, decision=decision or None)
    return api_page(
        qs,
        page,
        page_size,
        lambda x: {
            "id": x.pk,
            "receipt": x.receipt,
            "article": x.article,
            "paragraph": x.paragraph,
            "text": x.text,
            "channel": x.channel,
            "submitted_at": x.submitted_at,
            "name": x.name_masked,
            "contact": x.contact_masked,
            "moderation": x.moderation,
            "moderation_reason": x.moderation_reason,
            "decision": x.decision,
            "decision_reason": x.decision_reason,
            "decision_theme": x.decision_theme.label if x.decision_theme else "",
        },
    )


@router.get("/{int:pk}/analysis", response={200: AnalysisOut, **STAFF})
@access(ok=READERS, sample="consultation.open")
def get_analysis(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The latest analysis (themes, near-duplicates, campaigns, per-article statistics)."""
    c = _staff(api_user(request), pk)
    analysis = Analysis.objects.filter(consultation=c).defer("labels").first()
    if analysis is None:
        raise NotFoundError(_("This consultation has not been analysed yet."))
    return {
        "updated_at": analysis.updated_at,
        "comments": analysis.comments,
        "upto": analysis.upto,
        "summary": analysis.summary,
    }
