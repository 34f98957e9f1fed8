"""Supervision API: staff read items; units read and act on their own tasks; members vote.

Refused steps answer with the project's error shape ``{"code", "message", "detail"}``
(403 not yours, 409 not allowed now, 422 bad input)."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from lvzhi.core.access import DENIED, STAFF, P, access
from lvzhi.core.api_auth import api_user
from lvzhi.core.models import User
from lvzhi.core.schemas import PathId, errors

from . import permissions as perms
from . import selectors, services
from .models import RectificationTask, SatisfactionVote
from .schemas import (
    ExtensionIn,
    ExtensionOut,
    FormName,
    ItemOut,
    ItemStatusName,
    ProgressIn,
    ResultIn,
    SatisfactionBallotIn,
    SatisfactionVoteOut,
    TaskOut,
    TaskStatusName,
    VerifyIn,
)

router = Router(tags=["supervision"])
#: Who reads the supervision workspace (items, plans, votes, dashboards).
READERS = STAFF | {P.LEADER, P.MEMBER}
#: Readers see the task but a unit's step is not theirs (403); everyone else: 404.
READERS_DENIED = dict.fromkeys(READERS, DENIED)
#: A step: refused (403), unknown or not visible (404), not allowed now (409), bad input (422).
STEP = errors(401, 403, 404, 409, 422)


def _task_out(t: RectificationTask) -> dict[str, Any]:
    return {
        "id": t.pk,
        "item_id": t.item_id,
        "item": t.item.title,
        "problem": t.problem,
        "problem_type": t.problem_type,
        "unit": t.unit.name,
        "unit_id": t.unit_id,
        "deadline": t.deadline,
        "status": t.status,
        "progress": t.progress,
        "escalation": t.escalation,
    }


def _task(user: User, pk: int) -> RectificationTask:
    task = selectors.task_detail(pk)
    if task is None or not perms.can_view_task(user, task):
        raise Http404
    return task


def _vote_out(v: SatisfactionVote) -> dict[str, Any]:
    """Counts of the choices only once the vote closed with its quorum; while it is open
    nobody sees how it goes, and an inquorate vote has no result."""
    decided = v.decided
    return {
        "id": v.pk,
        "subject": v.subject,
        "status": v.status,
        "total_members": v.total_members,
        "participants": v.participants.count(),
        "turnout": v.turnout,
        "turnout_percent": v.turnout_percent,
        "quorum": v.quorum,
        "decided": decided,
        "satisfied": v.satisfied if decided else None,
        "basically_satisfied": v.basically_satisfied if decided else None,
        "unsatisfied": v.unsatisfied if decided else None,
        "accepted": v.accepted if decided else None,
    }


@router.get("/items", response={200: list[ItemOut], **errors(401, 403, 422)})
@access(ok=READERS)
def list_items(
    request: HttpRequest,
    year: int | None = Query(None, ge=1900, le=2200),
    form: FormName | None = None,
    status: ItemStatusName | None = None,
) -> list[dict[str, Any]]:
    user = api_user(request)
    if not perms.can_view_supervision(user):
        raise PermissionDenied
    qs = selectors.item_list(form=form or "", status=status or "", year=year)
    return [
        {
            "id": i.pk,
            "year": i.plan.year,
            "form": i.form,
            "title": i.title,
            "body": i.body.name,
            "status": i.status,
            "is_public": i.is_public,
        }
        for i in qs[:500]
    ]


@router.get("/items/{int:pk}", response={200: ItemOut, **errors(401, 404, 422)})
@access(ok=READERS, sample="supervision.item")
def get_item(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    item = selectors.item_detail(pk)
    if item is None or not perms.can_view_item(user, item):
        raise Http404
    return {
        "id": item.pk,
        "year": item.plan.year,
        "form": item.form,
        "title": item.title,
        "body": item.body.name,
        "status": item.status,
        "is_public": item.is_public,
        "tasks": [_task_out(t) for t in item.tasks.all()],
    }


@router.get("/tasks", response={200: list[TaskOut], **errors(401, 403, 422)})
@access(ok=READERS | {P.OFFICER, P.OFFICER_OTHER})
def list_tasks(
    request: HttpRequest,
    status: TaskStatusName | Literal[""] = Query("open", description="Empty for tasks in every state."),
) -> list[dict[str, Any]]:
    user = api_user(request)
    if not perms.can_use_supervision(user):
        raise PermissionDenied
    return [_task_out(t) for t in selectors.tasks_for(user, status=status)[:1000]]


@router.get("/tasks/{int:pk}", response={200: TaskOut, **errors(401, 404, 422)})
@access(ok=READERS | {P.OFFICER}, sample="supervision.task")
def get_task(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    return _task_out(_task(user, pk))


@router.post("/tasks/{int:pk}/progress", response={200: TaskOut, **STEP})
@access(
    ok={P.OFFICER},
    sample="supervision.task",
    method="POST",
    data={"note": "进展", "percent": 10},
    expect=READERS_DENIED,
)
def report_progress(request: HttpRequest, pk: PathId, payload: ProgressIn) -> dict[str, Any]:
    user = api_user(request)
    task = _task(user, pk)
    services.task_report_progress(task=task, note=payload.note, percent=payload.percent, acting_user=user)
    return _task_out(_task(user, pk))


@router.post("/tasks/{int:pk}/submit", response={200: TaskOut, **STEP})
@access(
    ok={P.OFFICER}, sample="supervision.task", method="POST", data={"result": "已整改"}, expect=READERS_DENIED
)
def submit(request: HttpRequest, pk: PathId, payload: ResultIn) -> dict[str, Any]:
    user = api_user(request)
    services.task_submit(task=_task(user, pk), result=payload.result, acting_user=user)
    return _task_out(_task(user, pk))


@router.post("/tasks/{int:pk}/extension", response={201: ExtensionOut, **STEP})
@access(
    ok={P.OFFICER},
    sample="supervision.task",
    method="POST",
    data={"until": "2027-12-31", "reason": "资金未到位"},
    expect=READERS_DENIED,
)
def extension(request: HttpRequest, pk: PathId, payload: ExtensionIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    ext = services.extension_request(
        task=_task(user, pk), until=payload.until, reason=payload.reason, acting_user=user
    )
    return Status(201, {"id": ext.pk, "until": ext.until, "status": ext.status})


@router.post("/tasks/{int:pk}/verify", response={200: TaskOut, **STEP})
@access(
    ok=STAFF,
    sample="supervision.task",
    method="POST",
    data={"passed": True, "note": "核查"},
    expect={P.LEADER: DENIED, P.MEMBER: DENIED, P.OFFICER: DENIED},
)
def verify(request: HttpRequest, pk: PathId, payload: VerifyIn) -> dict[str, Any]:
    user = api_user(request)
    services.task_verify(task=_task(user, pk), passed=payload.passed, note=payload.note, acting_user=user)
    return _task_out(_task(user, pk))


@router.post("/tasks/{int:pk}/close", response={200: TaskOut, **STEP})
@access(
    ok=STAFF,
    sample="supervision.task",
    method="POST",
    expect={P.LEADER: DENIED, P.MEMBER: DENIED, P.OFFICER: DENIED},
)
def close(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    services.task_close(task=_task(user, pk), acting_user=user)
    return _task_out(_task(user, pk))


@router.get("/votes/{int:pk}", response={200: SatisfactionVoteOut, **errors(401, 404, 422)})
@access(ok=READERS, sample="supervision.vote", note="and the members serving when it opened")
def get_vote(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    vote = selectors.vote_detail(pk)
    if vote is None or not perms.can_view_vote(user, vote):
        raise Http404
    return _vote_out(vote)


@router.post("/votes/{int:pk}/ballot", response={204: None, **STEP})
@access(
    ok={P.MEMBER, P.LEADER},
    sample="supervision.vote",
    method="POST",
    data={"choice": "satisfied"},
    expect={p: o for p, o in READERS_DENIED.items() if p not in (P.MEMBER, P.LEADER)},
    note="only members of the Standing Committee serving when it opened",
)
def cast(request: HttpRequest, pk: PathId, payload: SatisfactionBallotIn) -> Status[None]:
    user = api_user(request)
    vote = selectors.vote_detail(pk)
    if vote is None or not perms.can_view_vote(user, vote):
        raise Http404
    services.vote_cast(vote=vote, choice=payload.choice, acting_user=user)
    return Status(204, None)
