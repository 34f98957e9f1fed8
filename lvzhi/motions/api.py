"""Motions API: list, detail, create, submit, confirm/decline, decide, report, vote, withdraw.

Refused steps raise domain errors; the handlers in ``lvzhi/api.py`` turn them into
``{"code", "message", "detail"}`` with the right status (409 for a step not allowed now).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from lvzhi.core.access import DENIED, HIDDEN, SIGNED_IN, STAFF, WORKSPACE, P, access
from lvzhi.core.api_auth import api_user
from lvzhi.core.api_pages import api_page
from lvzhi.core.errors import NotFoundError, ValidationFailed
from lvzhi.core.models import Organ, Session, User
from lvzhi.core.permissions import is_staff_member
from lvzhi.core.schemas import MAX_ID, PathId, errors
from lvzhi.deputies.models import Deputy

from . import permissions as perms
from . import selectors, services
from .models import Motion
from .schemas import (
    DecisionIn,
    MotionBodyName,
    MotionDetailOut,
    MotionIn,
    MotionPage,
    MotionReasonIn,
    MotionStatusName,
    MotionVoteIn,
    ReportIn,
    SignatureWithdrawIn,
)

router = Router(tags=["motions"])
#: A workflow step: refused (403), unknown or not visible (404), not allowed now (409), bad input (422).
STEP = errors(401, 403, 404, 409, 422)
#: Who may see a tabled motion but not take the office's step: 403 (others: 404).
TABLED_READERS = {P.DEPUTY: DENIED, P.MEMBER: DENIED, P.LEADER: DENIED}
#: Who may start a motion: deputies (their own) and the congress office (on a deputy's behalf).
CREATORS = frozenset({P.DEPUTY, P.DEPUTY_OTHER}) | STAFF


def _out(m: Motion, thresholds: dict[tuple[int, str], int] | None = None) -> dict[str, Any]:
    """One motion; ``thresholds`` caches the threshold per rules version and body across a page."""
    if thresholds is None:
        threshold = services.signer_threshold(m)
    else:
        key = (m.rules_id, m.body)
        if key not in thresholds:
            thresholds[key] = services.signer_threshold(m)
        threshold = thresholds[key]
    return {
        "id": m.pk,
        "number": m.number,
        "title": m.title,
        "body": m.body,
        "status": m.status,
        "status_label": str(m.get_status_display()),
        "term": m.term.number,
        "session_id": m.session_id,
        "session": m.session.title,
        "is_legislative": m.is_legislative,
        "lead_id": m.lead_id,
        "lead": m.lead.person.name,
        "signer_count": getattr(m, "signer_count", 0),
        "threshold": threshold,
        "committee_id": m.committee_id,
        "submitted_at": m.submitted_at,
        "decided_at": m.decided_at,
        "report_due": m.report_due,
        "converted_suggestion_id": m.converted_suggestion_id,
        "rules_version": m.rules_id,
    }


def _detail_out(m: Motion) -> dict[str, Any]:
    return {
        **_out(m),
        "reason": m.reason,
        "proposal": m.proposal,
        "draft_outline": m.draft_outline,
        "decision_note": m.decision_note,
        "report": m.report,
        "reported_at": m.reported_at,
        "withdrawal_reason": m.withdrawal_reason,
        "withdrawn_at": m.withdrawn_at,
        "end_reason": m.end_reason,
        "signers": [
            {
                "deputy_id": s.deputy_id,
                "code": s.deputy.code,
                "name": s.deputy.person.name,
                "is_lead": s.is_lead,
                "state": s.state,
                "confirmed_at": s.confirmed_at,
                "declined_at": s.declined_at,
                "withdrawn_at": s.withdrawn_at,
            }
            for s in m.signers.all()
        ],
    }


def _get(user: User, pk: int) -> Motion:
    motion = selectors.motion_detail(pk)
    if motion is None or not perms.can_view_motion(user, motion):
        raise Http404
    return motion


def _fresh(pk: int) -> dict[str, Any]:
    motion = selectors.motion_detail(pk)
    if motion is None:
        raise Http404
    return _detail_out(motion)


@router.get("", response={200: MotionPage, **errors(401, 403, 422)})
@access(ok=WORKSPACE)
def list_motions(
    request: HttpRequest,
    q: str = "",
    status: MotionStatusName | None = None,
    body: MotionBodyName | None = None,
    session: int | None = Query(None, ge=1, le=MAX_ID),
    delegation: int | None = Query(None, ge=1, le=MAX_ID),
    term: int | None = Query(None, ge=1, le=MAX_ID),
    mine: bool = False,
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    user = api_user(request)
    if not perms.can_view_motions(user):
        raise PermissionDenied
    filters = selectors.MotionFilters.from_params(
        {
            "q": q,
            "status": status or "",
            "body": body or "",
            "session": str(session or ""),
            "delegation": str(delegation or ""),
            "term": str(term or ""),
            "mine": "1" if mine else "",
        }
    )
    thresholds: dict[tuple[int, str], int] = {}
    return api_page(selectors.motion_list(filters, user), page, page_size, lambda m: _out(m, thresholds))


@router.get("/{int:pk}", response={200: MotionDetailOut, **errors(401, 404, 422)})
@access(ok={P.DEPUTY}, sample="motions.draft", note="a draft: its authors only")
def get_motion(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return _detail_out(_get(api_user(request), pk))


@router.post("", response={201: MotionDetailOut, **STEP})
@access(
    ok=CREATORS,
    method="POST",
    data={"session_id": 999999, "title": "probe"},
    expect={p: HIDDEN for p in CREATORS},
    note="probed with a session that does not exist: the permission is checked first (403), "
    "then the session (404)",
)
def create_motion(request: HttpRequest, payload: MotionIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    if not perms.can_create_motion(user):
        raise PermissionDenied
    session = Session.objects.select_related("term").filter(pk=payload.session_id).first()
    if session is None:
        raise NotFoundError(_("No such session."), detail={"session_id": payload.session_id})
    if payload.lead_id is not None and is_staff_member(user):
        lead = Deputy.objects.select_related("person").filter(pk=payload.lead_id).first()
        if lead is None:
            raise NotFoundError(_("No such deputy."), detail={"lead_id": payload.lead_id})
    else:
        lead = selectors.mandate_for(user, session.term)
        if lead is None:
            raise ValidationFailed(
                _("You hold no mandate as a deputy of this term, so you cannot lead a motion.")
            )
    ids = list(dict.fromkeys(payload.cosigner_ids))
    cosigners = list(Deputy.objects.select_related("person").filter(pk__in=ids))
    missing = sorted(set(ids) - {d.pk for d in cosigners})
    if missing:
        raise NotFoundError(_("No such deputy."), detail={"cosigner_ids": missing})
    motion = services.motion_create(
        session=session,
        lead=lead,
        title=payload.title,
        reason=payload.reason,
        proposal=payload.proposal,
        is_legislative=payload.is_legislative,
        draft_outline=payload.draft_outline,
        cosigners=cosigners,
        acting_user=user,
    )
    return Status(201, _fresh(motion.pk))


@router.post("/{int:pk}/submit", response={200: MotionDetailOut, **STEP})
@access(ok={P.DEPUTY}, sample="motions.draft", method="POST")
def submit_motion(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    motion = _get(user, pk)
    if not perms.can_submit_motion(user, motion):
        raise PermissionDenied
    services.motion_submit(motion=motion, acting_user=user)
    return _fresh(pk)


def _own_signer_deputy(user: User, motion: Motion) -> Deputy:
    signer = perms.signer_of(user, motion)
    if signer is None or signer.is_lead:
        raise PermissionDenied
    return signer.deputy


@router.post("/{int:pk}/confirm", response={200: MotionDetailOut, **STEP})
@access(ok={P.DEPUTY}, sample="motions.invited", method="POST")
def confirm_signature(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The calling deputy confirms their own invitation to co-sign."""
    user = api_user(request)
    motion = _get(user, pk)
    services.motion_confirm_signature(
        motion=motion, deputy=_own_signer_deputy(user, motion), acting_user=user
    )
    return _fresh(pk)


@router.post("/{int:pk}/decline", response={200: MotionDetailOut, **STEP})
@access(ok={P.DEPUTY}, sample="motions.invited", method="POST")
def decline_signature(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    motion = _get(user, pk)
    services.motion_decline_signature(
        motion=motion, deputy=_own_signer_deputy(user, motion), acting_user=user
    )
    return _fresh(pk)


@router.post("/{int:pk}/decide", response={200: MotionDetailOut, **STEP, **errors(503)})
@access(ok=STAFF, sample="motions.submitted", method="POST", data={"decision": "list"}, expect=TABLED_READERS)
def decide_motion(request: HttpRequest, pk: PathId, payload: DecisionIn) -> dict[str, Any]:
    """List, do not list, or convert into a suggestion (503 ``conversion_unavailable`` where the
    suggestions service is not installed)."""
    user = api_user(request)
    motion = _get(user, pk)
    if not perms.can_decide_motion(user, motion):
        raise PermissionDenied
    committee = None
    if payload.committee_id is not None:
        committee = Organ.objects.filter(pk=payload.committee_id).first()
        if committee is None:
            raise NotFoundError(_("No such organ."), detail={"committee_id": payload.committee_id})
    services.motion_decide(
        motion=motion,
        decision=payload.decision,
        committee=committee,
        note=payload.note,
        acting_user=user,
    )
    return _fresh(pk)


@router.post("/{int:pk}/report", response={200: MotionDetailOut, **STEP})
@access(ok=STAFF, sample="motions.referred", method="POST", data={"report": "probe"}, expect=TABLED_READERS)
def report_on_motion(request: HttpRequest, pk: PathId, payload: ReportIn) -> dict[str, Any]:
    user = api_user(request)
    motion = _get(user, pk)
    if not perms.can_report_on_motion(user, motion):
        raise PermissionDenied
    services.motion_report(motion=motion, report=payload.report, acting_user=user)
    return _fresh(pk)


@router.post("/{int:pk}/vote", response={200: MotionDetailOut, **STEP})
@access(
    ok=STAFF,
    sample="motions.listed",
    method="POST",
    data={"passed": True},
    expect={p: DENIED for p in SIGNED_IN - STAFF},
)
def record_vote(request: HttpRequest, pk: PathId, payload: MotionVoteIn) -> dict[str, Any]:
    user = api_user(request)
    motion = _get(user, pk)
    if not perms.can_record_motion_vote(user, motion):
        raise PermissionDenied
    services.motion_record_vote(motion=motion, passed=payload.passed, note=payload.note, acting_user=user)
    return _fresh(pk)


@router.post("/{int:pk}/withdraw", response={200: MotionDetailOut, **STEP})
@access(
    ok=STAFF | {P.DEPUTY},
    sample="motions.submitted",
    method="POST",
    data={"reason": "probe"},
    expect={P.MEMBER: DENIED, P.LEADER: DENIED},
    note="the lead's call records a withdrawal request",
)
def withdraw_motion(request: HttpRequest, pk: PathId, payload: MotionReasonIn) -> dict[str, Any]:
    """Staff (with the presidium's consent) or, for a draft, the lead: withdraw. For a tabled
    motion the lead's call records a withdrawal request for the office instead."""
    user = api_user(request)
    motion = _get(user, pk)
    if perms.can_withdraw_motion(user, motion):
        services.motion_withdraw(motion=motion, reason=payload.reason, acting_user=user)
    elif perms.can_request_motion_withdrawal(user, motion):
        services.motion_request_withdrawal(motion=motion, reason=payload.reason, acting_user=user)
    else:
        raise PermissionDenied
    return _fresh(pk)


@router.post("/{int:pk}/withdraw-signature", response={200: MotionDetailOut, **STEP})
@access(
    ok=STAFF,
    sample="motions.submitted",
    method="POST",
    data={"reason": "probe"},
    expect=TABLED_READERS,
    note="staff name the deputy (422 without); the lead has no signature to withdraw",
)
def withdraw_signature(request: HttpRequest, pk: PathId, payload: SignatureWithdrawIn) -> dict[str, Any]:
    user = api_user(request)
    motion = _get(user, pk)
    if not perms.can_withdraw_motion_signature(user, motion):
        raise PermissionDenied
    if payload.deputy_id is not None and is_staff_member(user):
        deputy = next((s.deputy for s in motion.signers.all() if s.deputy_id == payload.deputy_id), None)
        if deputy is None:
            raise NotFoundError(
                _("This deputy has not signed the motion."), detail={"deputy_id": payload.deputy_id}
            )
    elif perms.signer_of(user, motion) is None and is_staff_member(user):
        raise ValidationFailed(
            _("Name the co-signer whose signature is withdrawn."),
            detail={"deputy_id": [_("This field is required.")]},
        )
    else:
        deputy = _own_signer_deputy(user, motion)
    services.motion_withdraw_signature(motion=motion, deputy=deputy, reason=payload.reason, acting_user=user)
    return _fresh(pk)
