"""Core API: the current account, organs, terms and sessions, inbox, to-dos, calendar, rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router

from . import permissions as perms
from . import selectors, services
from .audit import audit_verify
from .calendar import FIRST_YEAR, LAST_YEAR, work_calendar
from .errors import NotFoundError, ValidationFailed
from .models import Notification, Organ, RulesProfile, Session, Term
from .schemas import (
    AuditVerifyOut,
    DateOut,
    ErrorOut,
    MeOut,
    NotificationOut,
    OrganOut,
    RulesVersionOut,
    SessionOut,
    TermOut,
    TodoOut,
)

router = Router(tags=["core"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request):  # type: ignore[no-untyped-def]
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.label,
        "organ_id": user.organ_id,
        "roles": [{"role": r, "organ_id": o} for r, o in perms._role_rows(user)],
        "language": user.preferred_language,
    }


@router.get("/organs", response={200: list[OrganOut], **ERRORS})
def organs(request, type: str = ""):  # type: ignore[no-untyped-def]
    if not perms.can_view_organs(request.auth):
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


@router.get("/terms", response={200: list[TermOut], **ERRORS})
def terms(request):  # type: ignore[no-untyped-def]
    return list(Term.objects.all())


@router.get("/sessions", response={200: list[SessionOut], **ERRORS})
def sessions(request, body: str = "", term: int | None = None):  # type: ignore[no-untyped-def]
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


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
def notifications(request, unread: bool = False, limit: int = Query(50, ge=1, le=200)):  # type: ignore[no-untyped-def]
    return list(selectors.notifications_for(request.auth, unread_only=unread)[:limit])


@router.post("/notifications/{int:pk}/read", response={200: NotificationOut, **ERRORS})
def notification_read(request, pk: int):  # type: ignore[no-untyped-def]
    notification = get_object_or_404(Notification, pk=pk)
    if not perms.can_read_notification(request.auth, notification):
        raise NotFoundError()
    return services.notification_mark_read(notification=notification, user=request.auth)


@router.get("/todos", response={200: list[TodoOut], **ERRORS})
def todos(request):  # type: ignore[no-untyped-def]
    return selectors.todos_for(request.auth, limit=200)


@router.get("/calendar/due", response={200: DateOut, **ERRORS}, auth=None)
def calendar_due(
    request, start: dt.date, amount: int = Query(..., ge=0, le=3650), unit: str = "working_days"
):  # type: ignore[no-untyped-def]
    """The due date ``amount`` working days, calendar days or months after ``start``."""
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise ValidationFailed(
            _("The calendar covers the years %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            detail=[{"loc": ["query", "start"], "message": _("Out of range."), "type": "out_of_range"}],
        )
    calendar = work_calendar()
    if unit == "working_days":
        due = calendar.add_working_days(start, amount)
    elif unit == "days":
        due = calendar.add_days(start, amount, roll_to_working_day=True)
    elif unit == "months":
        due = calendar.add_months(start, amount, roll_to_working_day=True)
    else:
        raise ValidationFailed(_("Unknown unit %(u)s: use working_days, days or months.") % {"u": unit})
    return {
        "start": start,
        "amount": amount,
        "unit": unit,
        "due": due,
        "working_day": calendar.is_working_day(due),
    }


@router.get("/rules/{code}", response={200: RulesVersionOut, **ERRORS})
def rules_profile(request, code: str, version: int | None = None):  # type: ignore[no-untyped-def]
    """A rules profile version (the newest unless ``version`` is given); ``current`` names the one in use."""
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


@router.post("/audit/verify", response={200: AuditVerifyOut, **ERRORS})
def audit_verify_endpoint(request):  # type: ignore[no-untyped-def]
    if not perms.can_verify_audit_log(request.auth):
        raise PermissionDenied
    result = audit_verify()
    return {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_seq": result.first_bad_seq,
        "problem": result.problem,
    }
