"""Supervision API: staff read items; units read and act on their own tasks; members vote.

Refused steps answer with the project's error shape ``{"code", "message", "detail"}``
(403 not yours, 409 not allowed now, 422 bad input)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Status

from lvzhi.core.schemas import ErrorOut

from . import permissions as perms
from . import selectors, services
from .models import RectificationTask, SatisfactionVote
from .schemas import (
    ExtensionIn,
    ItemOut,
    ProgressIn,
    ResultIn,
    SatisfactionBallotIn,
    SatisfactionVoteOut,
    TaskOut,
    VerifyIn,
)

router = Router(tags=["supervision"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


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


def _task(request: Any, pk: int) -> RectificationTask:
    task = selectors.task_detail(pk)
    if task is None or not perms.can_view_task(request.auth, task):
        raise Http404
    return task


def _vote_out(v: SatisfactionVote) -> dict[str, Any]:
    closed = v.status == "closed"
    return {
        "id": v.pk,
        "subject": v.subject,
        "status": v.status,
        "total_members": v.total_members,
        "participants": v.participants.count(),
        "satisfied": v.satisfied if closed else None,
        "basically_satisfied": v.basically_satisfied if closed else None,
        "unsatisfied": v.unsatisfied if closed else None,
        "accepted": v.accepted,
    }


@router.get("/items", response={200: list[ItemOut], **ERRORS})
def list_items(request, year: int | None = None, form: str = "", status: str = ""):  # type: ignore[no-untyped-def]
    if not perms.can_view_supervision(request.auth):
        raise PermissionDenied
    qs = selectors.item_list(form=form, status=status)
    if year:
        qs = qs.filter(plan__year=year)
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


@router.get("/items/{int:pk}", response={200: ItemOut, **ERRORS})
def get_item(request, pk: int):  # type: ignore[no-untyped-def]
    item = selectors.item_detail(pk)
    if item is None or not perms.can_view_item(request.auth, item):
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


@router.get("/tasks", response={200: list[TaskOut], **ERRORS})
def list_tasks(request, status: str = "open"):  # type: ignore[no-untyped-def]
    if not perms.can_use_supervision(request.auth):
        raise PermissionDenied
    return [_task_out(t) for t in selectors.tasks_for(request.auth, status=status)[:1000]]


@router.get("/tasks/{int:pk}", response={200: TaskOut, **ERRORS})
def get_task(request, pk: int):  # type: ignore[no-untyped-def]
    return _task_out(_task(request, pk))


@router.post("/tasks/{int:pk}/progress", response={200: TaskOut, **ERRORS})
def report_progress(request, pk: int, payload: ProgressIn):  # type: ignore[no-untyped-def]
    task = _task(request, pk)
    services.task_report_progress(
        task=task, note=payload.note, percent=payload.percent, acting_user=request.auth
    )
    return _task_out(_task(request, pk))


@router.post("/tasks/{int:pk}/submit", response={200: TaskOut, **ERRORS})
def submit(request, pk: int, payload: ResultIn):  # type: ignore[no-untyped-def]
    services.task_submit(task=_task(request, pk), result=payload.result, acting_user=request.auth)
    return _task_out(_task(request, pk))


@router.post("/tasks/{int:pk}/extension", response={201: dict, **ERRORS})
def extension(request, pk: int, payload: ExtensionIn):  # type: ignore[no-untyped-def]
    ext = services.extension_request(
        task=_task(request, pk), until=payload.until, reason=payload.reason, acting_user=request.auth
    )
    return Status(201, {"id": ext.pk, "until": ext.until, "status": ext.status})


@router.post("/tasks/{int:pk}/verify", response={200: TaskOut, **ERRORS})
def verify(request, pk: int, payload: VerifyIn):  # type: ignore[no-untyped-def]
    services.task_verify(
        task=_task(request, pk), passed=payload.passed, note=payload.note, acting_user=request.auth
    )
    return _task_out(_task(request, pk))


@router.post("/tasks/{int:pk}/close", response={200: TaskOut, **ERRORS})
def close(request, pk: int):  # type: ignore[no-untyped-def]
    services.task_close(task=_task(request, pk), acting_user=request.auth)
    return _task_out(_task(request, pk))


@router.get("/votes/{int:pk}", response={200: SatisfactionVoteOut, **ERRORS})
def get_vote(request, pk: int):  # type: ignore[no-untyped-def]
    vote = selectors.vote_detail(pk)
    if vote is None:
        raise Http404
    return _vote_out(vote)


@router.post("/votes/{int:pk}/ballot", response={204: None, **ERRORS})
def cast(request, pk: int, payload: SatisfactionBallotIn):  # type: ignore[no-untyped-def]
    vote = selectors.vote_detail(pk)
    if vote is None:
        raise Http404
    services.vote_cast(vote=vote, choice=payload.choice, acting_user=request.auth)
    return Status(204, None)
