"""Core API: the current account, organs, terms and sessions, inbox, to-dos, calendar, rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from . import permissions as perms
from . import selectors, services
from .access import ALL, DENIED, SIGNED_IN, WORKSPACE, P, access
from .api_auth import api_user
from .audit import audit_verify
from .calendar import FIRST_YEAR, LAST_YEAR, work_calendar
from .errors import NotFoundError, ValidationFailed
from .models import Notification, Organ, RulesProfile, Session, Term, Todo
from .schemas import (
    MAX_ID,
    AuditVerifyOut,
    CalendarUnit,
    DateOut,
    MeOut,
    NotificationOut,
    OrganOut,
    OrganTypeName,
    PathId,
    RulesVersionOut,
    SessionBodyName,
    SessionOut,
    TermOut,
    TodoOut,
    errors,
)

router = Router(tags=["core"])


@router.get("/me", response={200: MeOut, **errors(401)})
@access(ok=SIGNED_IN)
def me(request: HttpRequest) -> dict[str, Any]:
    user = api_user(request)
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.label,
        "organ_id": user.organ_id,
        "roles": [{"role": r, "organ_id": o} for r, o in perms._role_rows(user)],
        "language": user.preferred_language,
    }


@router.get("/organs", response={200: list[OrganOut], **errors(401, 403, 422)})
@access(ok=WORKSPACE)
def organs(request: HttpRequest, type: OrganTypeName | None = None) -> list[dict[str, Any]]:
    if not perms.can_view_organs(api_user(request)):
        raise PermissionDenied
    qs = Organ.objects.all().order_by("sort_order", "id")
    if type:
        qs = qs.filter(type=type)
    return [
        {
            "id": o.pk,
            "code": o.code,
            "name": o.name,
            "short_name": o.short_name,
            "type": o.type,
            "type_label": o.get_type_display(),
            "parent_id": o.parent_id,
            "is_active": o.is_active,
        }
        for o in qs
    ]


@router.get("/terms", response={200: list[TermOut], **errors(401)})
@access(ok=SIGNED_IN)
def terms(request: HttpRequest) -> list[Term]:
    return list(Term.objects.all())


@router.get("/sessions", response={200: list[SessionOut], **errors(401, 422)})
@access(ok=SIGNED_IN)
def sessions(
    request: HttpRequest,
    body: SessionBodyName | None = None,
    term: int | None = Query(None, ge=1, le=1000, description="The term's number (届)."),
) -> list[dict[str, Any]]:
    qs = Session.objects.select_related("term").order_by("-start_date")
    if body:
        qs = qs.filter(body=body)
    if term:
        qs = qs.filter(term__number=term)
    return [
        {
            "id": s.pk,
            "term": s.term.number,
            "body": s.body,
            "number": s.number,
            "title": s.title,
            "start_date": s.start_date,
            "end_date": s.end_date,
        }
        for s in qs[:500]
    ]


@router.get("/notifications", response={200: list[NotificationOut], **errors(401, 422)})
@access(ok=SIGNED_IN)
def notifications(
    request: HttpRequest, unread: bool = False, limit: int = Query(50, ge=1, le=200)
) -> list[Notification]:
    return list(selectors.notifications_for(api_user(request), unread_only=unread)[:limit])


@router.post("/notifications/{int:pk}/read", response={200: NotificationOut, **errors(401, 403, 404, 422)})
@access(ok={P.DEPUTY}, sample="core.notification", method="POST")
def notification_read(request: HttpRequest, pk: PathId) -> Notification:
    user = api_user(request)
    notification = get_object_or_404(Notification, pk=pk)
    if not perms.can_read_notification(user, notification):
        raise NotFoundError()
    return services.notification_mark_read(notification=notification, user=user)


@router.get("/todos", response={200: list[TodoOut], **errors(401)})
@access(ok=SIGNED_IN)
def todos(request: HttpRequest) -> list[Todo]:
    return selectors.todos_for(api_user(request), limit=200)


@router.get("/calendar/due", response={200: DateOut, **errors(422)}, auth=None)
@access(ok=ALL, query="start=2026-12-01&amount=5")
def calendar_due(
    request: HttpRequest,
    start: dt.date,
    amount: int = Query(..., ge=0, le=3650),
    unit: CalendarUnit = "working_days",
) -> dict[str, Any]:
    """The due date ``amount`` working days, calendar days or months after ``start``.

    ``provisional`` is true when the period crosses a year whose State Council holiday
    arrangement has not been entered yet (only the statutory holidays are counted there, see
    ``docs/calendar.md``): the date may move once it is."""
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise ValidationFailed(
            _("The calendar covers the years %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            detail=[{"loc": ["query", "start"], "message": _("Out of range."), "type": "out_of_range"}],
        )
    calendar = work_calendar()
    try:
        if unit == "working_days":
            due = calendar.add_working_days(start, amount)
        elif unit == "days":
            due = calendar.add_days(start, amount, roll_to_working_day=True)
        else:
            due = calendar.add_months(start, amount, roll_to_working_day=True)
    except (OverflowError, ValueError) as exc:  # past the year 9999
        raise ValidationFailed(
            _("The due date falls outside the calendar."), detail={"start": [str(start)]}
        ) from exc
    return {
        "start": start,
        "amount": amount,
        "unit": unit,
        "due": due,
        "working_day": calendar.is_working_day(due),
        "provisional_years": calendar.provisional_years(start, due),
        "provisional": bool(calendar.provisional_years(start, due)),
    }


@router.get("/rules/{code}", response={200: RulesVersionOut, **errors(401, 403, 404, 422)})
@access(ok=WORKSPACE, sample="core.rules_profile", otherwise=DENIED)
def rules_profile(
    request: HttpRequest,
    code: str = Path(..., max_length=64, description="A profile's code, or `current` for the one in use."),
    version: int | None = Query(None, ge=1, le=MAX_ID),
) -> dict[str, Any]:
    """A rules profile version (the newest unless ``version`` is given); ``current`` names the one in use."""
    if not perms.can_view_rules_profiles(api_user(request)):
        raise PermissionDenied
    profile = (
        RulesProfile.objects.filter(is_default=True).first()
        if code == "current"
        else RulesProfile.objects.filter(code=code).first()
    )
    if profile is None:
        raise NotFoundError(_("No such rules profile."))
    versions = profile.versions.order_by("-number")
    row = versions.filter(number=version).first() if version else versions.first()
    if row is None:
        raise NotFoundError(_("No such version."))
    return {
        "profile": profile.code,
        "name": profile.name,
        "version": row.number,
        "created_at": row.created_at,
        "data": row.data,
    }


@router.post("/audit/verify", response={200: AuditVerifyOut, **errors(401, 403)})
@access(ok={P.ADMIN}, method="POST")
def audit_verify_endpoint(request: HttpRequest) -> dict[str, Any]:
    if not perms.can_verify_audit_log(api_user(request)):
        raise PermissionDenied
    result = audit_verify()
    return {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_seq": result.first_bad_seq,
        "problem": result.problem,
    }
