"""Legislation API: bills and their steps, meetings' attendance, votes and ballots, and the
public regulations (no login needed for those).

Refused steps raise domain errors; the handlers in ``lvzhi/api.py`` turn them into
``{"code", "message", "detail"}`` with the right status (409 for a step not allowed now,
422 for bad input, 403, 404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from lvzhi.core.access import WORKSPACE, access
from lvzhi.core.api_auth import api_user
from lvzhi.core.api_pages import api_page
from lvzhi.core.errors import NotFoundError
from lvzhi.core.models import Organ, OrganMembership, Person, Session, User
from lvzhi.core.schemas import PathId, errors

from . import permissions as perms
from . import selectors, services
from .access import (
    BILL_READERS,
    MANAGERS,
    MATRIX_MEETING_ID,
    PACKAGE_EDITORS,
    VOTERS,
    on_bill,
    on_meeting,
    portal,
)
from .lawtext import DiffResult
from .lawtext.layout import note as table_note
from .lawtext.layout import summary as table_summary
from .lawtext.layout import title_change
from .models import Bill, Reading, Regulation, RegulationVersion, Vote
from .schemas import (
    ApprovalIn,
    ApprovalSubmitIn,
    AttendanceIn,
    BillBallotIn,
    BillDetailOut,
    BillIn,
    BillKindName,
    BillPage,
    BillReasonIn,
    BillStatusName,
    BillVoteIn,
    BillVoteOut,
    CompareOut,
    ConsultationIn,
    FilingIn,
    HoldIn,
    PromulgateIn,
    QuorumOut,
    ReadingsIn,
    RegulationOut,
    RegulationTextOut,
    ReviewIn,
    ScheduleIn,
    TextIn,
)

router = Router(tags=["legislation"])
#: A schema-valid promulgation for the access matrix (the service then judges the dates).
PROMULGATION = {
    "announcement_number": "1",
    "enacting_body": "x",
    "promulgated_on": "2026-01-05",
    "commencement_on": "2026-01-05",
}
#: A step: refused (403), unknown or not visible (404), not allowed now (409), bad input (422).
STEP = errors(401, 403, 404, 409, 422)
#: Reading one object: unknown or not visible (404).
READ = errors(401, 404, 422)


def _out(b: Bill) -> dict[str, Any]:
    window = selectors.consultation_window(b)
    return {
        "id": b.pk,
        "title": b.title,
        "kind": b.kind,
        "status": b.status,
        "status_label": str(b.get_status_display()),
        "term": b.term.number,
        "regulation_id": b.regulation_id,
        "proposer_kind": b.proposer_kind,
        "proposer_organ_id": b.proposer_organ_id,
        "drafting_unit_id": b.drafting_unit_id,
        "readings_planned": b.readings_planned,
        "readings_held": b.readings_held,
        "submitted_at": b.submitted_at,
        "consultation_start": window[0],
        "consultation_end": window[1],
        "consultation_id": window[2],
        "passed_on": b.passed_on,
        "approval_due": b.approval_due,
        "approved_on": b.approved_on,
        "rules_version": b.rules_id,
    }


def _vote_out(v: Vote) -> dict[str, Any]:
    return {
        "id": v.pk,
        "kind": v.kind,
        "clause": v.clause,
        "session_id": v.session_id,
        "status": v.status,
        "total_members": v.total_members,
        "present": v.present,
        "yes": v.yes,
        "no": v.no,
        "abstain": v.abstain,
        "not_voting": v.not_voting,
        "result": v.result,
    }


def _detail(pk: int) -> dict[str, Any]:
    b = selectors.bill_detail(pk)
    assert b is not None
    return {
        **_out(b),
        "explanation": b.explanation,
        "has_unified_review": selectors.bill_review(b) is not None,
        "versions": [
            {
                "number": v.number,
                "label": v.label,
                "article_count": v.article_count,
                "reading": v.reading.number if v.reading else None,
                "created_at": v.created_at,
            }
            for v in b.versions.all()
        ],
        "readings": [
            {
                "id": r.pk,
                "number": r.number,
                "session_id": r.session_id,
                "status": r.status,
                "held_on": r.held_on,
            }
            for r in b.readings.all()
        ],
        "votes": [_vote_out(v) for v in b.votes.all()],
    }


def _get(user: User, pk: int) -> Bill:
    bill = selectors.bill_detail(pk)
    if bill is None or not perms.can_view_bill(user, bill):
        raise Http404
    return bill


def _manage(user: User) -> None:
    if not perms.can_manage_legislation(user):
        raise PermissionDenied


def _organ(pk: int | None, field: str) -> Organ | None:
    if pk is None:
        return None
    organ = Organ.objects.filter(pk=pk).first()
    if organ is None:
        raise NotFoundError(_("No such organ."), detail={field: pk})
    return organ


def _meeting(pk: int) -> Session:
    session = Session.objects.select_related("term").filter(pk=pk).first()
    if session is None:
        raise NotFoundError(_("No such meeting."), detail={"session_id": pk})
    return session


# --- bills -------------------------------------------------------------------------------------


@router.get("/bills", response={200: BillPage, **errors(401, 403, 422)})
@access(ok=WORKSPACE)
def list_bills(
    request: HttpRequest,
    q: str = "",
    status: BillStatusName | None = None,
    kind: BillKindName | None = None,
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    user = api_user(request)
    if not perms.can_view_legislation(user):
        raise PermissionDenied
    filters = selectors.BillFilters.from_params({"q": q, "status": status or "", "kind": kind or ""})
    return api_page(selectors.bill_list(filters, user), page, page_size, lambda b: _out(b))


@router.get("/bills/{int:pk}", response={200: BillDetailOut, **READ})
@on_bill(BILL_READERS)
def get_bill(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    return _detail(_get(user, pk).pk)


@router.post("/bills", response={201: BillDetailOut, **STEP})
@access(ok=MANAGERS, method="POST", data={"title": "x", "proposer_kind": "government"})
def create_bill(request: HttpRequest, payload: BillIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    _manage(user)
    regulation = None
    if payload.regulation_id is not None:
        regulation = Regulation.objects.filter(pk=payload.regulation_id).first()
        if regulation is None:
            raise NotFoundError(_("No such regulation."), detail={"regulation_id": payload.regulation_id})
    sponsors = list(Person.objects.filter(pk__in=payload.sponsor_ids))
    bill = services.bill_create(
        title=payload.title,
        kind=payload.kind,
        proposer_kind=payload.proposer_kind,
        proposer_organ=_organ(payload.proposer_organ_id, "proposer_organ_id"),
        sponsors=sponsors,
        drafting_unit=_organ(payload.drafting_unit_id, "drafting_unit_id"),
        regulation=regulation,
        explanation=payload.explanation,
        text=payload.text,
        acting_user=user,
    )
    return Status(201, _detail(bill.pk))


@router.post("/bills/{int:pk}/versions", response={201: BillDetailOut, **STEP})
@on_bill(PACKAGE_EDITORS, method="POST", data={"text": "第一条 本条例自公布之日起施行。"})
def add_version(request: HttpRequest, pk: PathId, payload: TextIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    bill = _get(user, pk)
    if not perms.can_edit_bill_package(user, bill):
        raise PermissionDenied
    services.bill_add_version(
        bill=bill, text=payload.text, label=payload.label, note=payload.note, acting_user=user
    )
    return Status(201, _detail(pk))


@router.post("/bills/{int:pk}/submit", response={200: BillDetailOut, **STEP})
@on_bill(PACKAGE_EDITORS, method="POST")
def submit_bill(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    if not perms.can_edit_bill_package(user, bill):
        raise PermissionDenied
    services.bill_submit(bill=bill, acting_user=user)
    return _detail(pk)


@router.post("/bills/{int:pk}/readings-planned", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"readings": 2, "note": "x"})
def set_readings(request: HttpRequest, pk: PathId, payload: ReadingsIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.bill_set_readings(bill=bill, readings=payload.readings, note=payload.note, acting_user=user)
    return _detail(pk)


@router.post("/bills/{int:pk}/readings", response={201: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"session_id": MATRIX_MEETING_ID})
def schedule_reading(request: HttpRequest, pk: PathId, payload: ScheduleIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.reading_schedule(bill=bill, session=_meeting(payload.session_id), acting_user=user)
    return Status(201, _detail(pk))


@router.post("/readings/{int:reading_id}/hold", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, sample="legislation.reading", method="POST")
def hold_reading(request: HttpRequest, reading_id: PathId, payload: HoldIn) -> dict[str, Any]:
    user = api_user(request)
    reading = Reading.objects.filter(pk=reading_id).first()
    if reading is None:
        raise Http404
    _get(user, reading.bill_id)
    _manage(user)
    services.reading_hold(reading=reading, held_on=payload.held_on, note=payload.note, acting_user=user)
    return _detail(reading.bill_id)


@router.post("/bills/{int:pk}/consultation", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"start": "2026-01-05", "end": "2026-02-05"})
def set_consultation(request: HttpRequest, pk: PathId, payload: ConsultationIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.consultation_set(bill=bill, start=payload.start, end=payload.end, acting_user=user)
    return _detail(pk)


@router.post("/bills/{int:pk}/review", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"report": "x", "all_adopted": True})
def record_review(request: HttpRequest, pk: PathId, payload: ReviewIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    organs = {o.pk: o for o in Organ.objects.filter(pk__in=[u.committee_id for u in payload.unadopted])}
    missing = sorted({u.committee_id for u in payload.unadopted} - set(organs))
    if missing:
        raise NotFoundError(_("No such organ."), detail={"committee_id": missing})
    services.review_record(
        bill=bill,
        report=payload.report,
        all_adopted=payload.all_adopted,
        unadopted=[(organs[u.committee_id], u.opinion, u.reason) for u in payload.unadopted],
        acting_user=user,
    )
    return _detail(pk)


@router.post("/bills/{int:pk}/votes", response={201: BillVoteOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"session_id": MATRIX_MEETING_ID})
def open_vote(request: HttpRequest, pk: PathId, payload: BillVoteIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    vote = services.vote_open(
        bill=bill,
        session=_meeting(payload.session_id),
        kind=payload.kind,
        clause=payload.clause,
        acting_user=user,
    )
    return Status(201, _vote_out(vote))


@router.post("/bills/{int:pk}/withdraw", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"reason": "x"})
def withdraw_bill(request: HttpRequest, pk: PathId, payload: BillReasonIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.bill_withdraw(bill=bill, reason=payload.reason, acting_user=user)
    return _detail(pk)


@router.post("/bills/{int:pk}/approval", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST")
def submit_approval(request: HttpRequest, pk: PathId, payload: ApprovalSubmitIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.approval_submit(bill=bill, submitted_on=payload.submitted_on, acting_user=user)
    return _detail(pk)


@router.post("/bills/{int:pk}/approval/record", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"approved_on": "2026-01-05", "approving_body": "x"})
def record_approval(request: HttpRequest, pk: PathId, payload: ApprovalIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.approval_record(
        bill=bill,
        approved_on=payload.approved_on,
        approving_body=payload.approving_body,
        note=payload.note,
        acting_user=user,
    )
    return _detail(pk)


@router.post("/bills/{int:pk}/promulgate", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data=PROMULGATION)
def promulgate(request: HttpRequest, pk: PathId, payload: PromulgateIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.bill_promulgate(
        bill=bill,
        announcement_number=payload.announcement_number,
        enacting_body=payload.enacting_body,
        promulgated_on=payload.promulgated_on,
        commencement_on=payload.commencement_on,
        title=payload.title,
        acting_user=user,
    )
    return _detail(pk)


@router.post("/bills/{int:pk}/filing", response={200: BillDetailOut, **STEP})
@on_bill(MANAGERS, method="POST", data={"filed_on": "2026-01-05", "filed_with": "x"})
def record_filing(request: HttpRequest, pk: PathId, payload: FilingIn) -> dict[str, Any]:
    user = api_user(request)
    bill = _get(user, pk)
    _manage(user)
    services.filing_record(
        bill=bill, filed_on=payload.filed_on, filed_with=payload.filed_with, acting_user=user
    )
    return _detail(pk)


# --- meetings and votes ------------------------------------------------------------------------


@router.post("/meetings/{int:pk}/attendance", response={200: QuorumOut, **STEP})
@on_meeting(MANAGERS, method="POST")
def record_attendance(request: HttpRequest, pk: PathId, payload: AttendanceIn) -> dict[str, Any]:
    user = api_user(request)
    if not perms.can_view_legislation(user):
        raise Http404
    session = _meeting(pk)
    _manage(user)
    members = OrganMembership.objects.filter(pk__in=payload.present_membership_ids)
    present = services.attendance_record(session=session, present=list(members), acting_user=user)
    return services.quorum_state(session, rule=_quorum_rule()) | {"recorded": present}


def _quorum_rule() -> str:
    from lvzhi.core.selectors import current_ruleset

    _version, rules = current_ruleset()
    return str(rules.choice("standing_committee.quorum_rule"))


def _vote(user: User, pk: int) -> Vote:
    vote = Vote.objects.select_related("bill", "session").filter(pk=pk).first()
    if vote is None or not perms.can_view_bill(user, vote.bill):
        raise Http404
    return vote


@router.get("/votes/{int:pk}", response={200: BillVoteOut, **READ})
@on_bill(BILL_READERS, sample="legislation.vote")
def get_vote(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    return _vote_out(_vote(user, pk))


@router.post("/votes/{int:pk}/ballots", response={200: BillVoteOut, **STEP})
@on_bill(VOTERS, sample="legislation.vote", method="POST", data={"choice": "yes"})
def cast_ballot(request: HttpRequest, pk: PathId, payload: BillBallotIn) -> dict[str, Any]:
    """A member casts their own vote; the office may name ``membership_id`` to record another's."""
    user = api_user(request)
    vote = _vote(user, pk)
    if payload.membership_id is not None:
        if not perms.can_record_ballots(user, vote):
            raise PermissionDenied
        membership = OrganMembership.objects.select_related("person").filter(pk=payload.membership_id).first()
        if membership is None:
            raise NotFoundError(_("No such member."), detail={"membership_id": payload.membership_id})
    else:
        if not perms.can_cast_ballot(user, vote):
            raise PermissionDenied
        membership = selectors.sc_membership_of(user, vote.session.term_id, vote.session.start_date)
        if membership is None:
            raise PermissionDenied
    services.ballot_cast(vote=vote, membership=membership, choice=payload.choice, acting_user=user)
    return _vote_out(vote)


@router.post("/votes/{int:pk}/close", response={200: BillVoteOut, **STEP})
@on_bill(MANAGERS, sample="legislation.vote", method="POST")
def close_vote(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    vote = _vote(user, pk)
    if not perms.can_record_ballots(user, vote):
        raise PermissionDenied
    return _vote_out(services.vote_close(vote=vote, acting_user=user))


# --- the 对照表 ------------------------------------------------------------------------------


def _compare_out(result: DiffResult, old_label: str, new_label: str, changed_only: bool) -> dict[str, Any]:
    """The 对照表 as JSON: a first row for a changed title, then one row per diff entry."""
    rows: list[dict[str, Any]] = []
    change = title_change(result)
    if change is not None:
        rows.append(
            {
                "change": "title",
                "old": "".join(r.text for r in change.old),
                "new": "".join(r.text for r in change.new),
                "old_articles": [],
                "new_articles": [],
                "renumbered": False,
                "note": _("Title amended"),
                "uid": "title",
            }
        )
    for entry in result.entries:
        if changed_only and entry.op == "unchanged" and not entry.renumbered:
            continue
        rows.append(
            {
                "change": entry.op,
                "old": "\n".join(a.full_text for a in entry.old),
                "new": "\n".join(a.full_text for a in entry.new),
                "old_articles": [a.label for a in entry.old],
                "new_articles": [a.label for a in entry.new],
                "renumbered": entry.renumbered,
                "note": table_note(entry, _),
                "uid": entry.uid,
            }
        )
    return {
        "old_label": old_label,
        "new_label": new_label,
        "summary": table_summary(result, _),
        "counts": result.counts(),
        "rows": rows,
    }


@router.get("/bills/{int:pk}/compare", response={200: CompareOut, **READ})
@on_bill(BILL_READERS)
def compare_bill(
    request: HttpRequest,
    pk: PathId,
    a: str | None = Query(None, max_length=8, description="A version number, or `base`."),
    b: str | None = Query(None, max_length=8, description="A version number."),
    changed_only: bool = False,
) -> dict[str, Any]:
    """The 对照表 of two texts of a bill: ``a``/``b`` are version numbers or ``base`` (the
    regulation's version in force, for an amendment); by default the version in force (else
    the text before the newest) against the newest."""
    bill = _get(api_user(request), pk)
    texts = selectors.bill_texts(bill, a, b)
    if texts is None:
        raise Http404
    old, new, old_label, new_label = texts
    return _compare_out(selectors.compare_texts(old, new), old_label, new_label, changed_only)


@router.get("/regulations/{int:pk}/compare", response={200: CompareOut, **errors(404, 422)}, auth=None)
@portal(sample="legislation.regulation")
def compare_regulation(
    request: HttpRequest,
    pk: PathId,
    old: int | None = Query(None, alias="from", ge=1, le=10_000, description="The old version's number."),
    new: int | None = Query(None, alias="to", ge=1, le=10_000, description="The new version's number."),
    changed_only: bool = False,
) -> dict[str, Any]:
    """The 对照表 of two promulgated versions of a regulation (public): ``from``/``to`` are
    version numbers, by default the last two texts."""
    row = selectors.public_regulation(pk)
    pair = selectors.regulation_pair(row, old, new) if row is not None else None
    if pair is None:
        raise Http404
    a, b = pair
    return _compare_out(
        selectors.compare_texts(a.text, b.text),
        selectors.regulation_version_label(a),
        selectors.regulation_version_label(b),
        changed_only,
    )


# --- public regulations ------------------------------------------------------------------------


def _regulation_out(row: selectors.RegulationRow) -> dict[str, Any]:
    return {
        "id": row.regulation.pk,
        "title": row.regulation.title,
        "status": row.status,
        "repealed_on": row.regulation.repealed_on,
        "versions": [_version_out(v) for v in row.versions],
    }


def _version_out(v: RegulationVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "kind": v.kind,
        "title": v.title,
        "announcement_number": v.announcement_number,
        "enacting_body": v.enacting_body,
        "passed_on": v.passed_on,
        "approving_body": v.approving_body,
        "approved_on": v.approved_on,
        "promulgated_on": v.promulgated_on,
        "commencement_on": v.commencement_on,
        "article_count": v.article_count,
    }


@router.get("/regulations", response={200: list[RegulationOut]}, auth=None)
@portal()
def list_regulations(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    """Promulgated regulations with their versions (public, no login)."""
    return [_regulation_out(row) for row in selectors.public_regulations(q=q[:60])]


@router.get(
    "/regulations/{int:pk}/versions/{int:number}",
    response={200: RegulationTextOut, **errors(404, 422)},
    auth=None,
)
@portal(sample="legislation.regulation")
def get_regulation_version(request: HttpRequest, pk: PathId, number: PathId) -> dict[str, Any]:
    row = selectors.public_regulation(pk)
    version = next((v for v in row.versions if v.number == number), None) if row else None
    if version is None:
        raise Http404
    return {**_version_out(version), "text": version.text}
