"""Reads of core data for pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import permissions as perms
from .models import (
    AuditLog,
    Notification,
    Organ,
    Role,
    RulesProfile,
    RulesProfileVersion,
    ScheduledJob,
    Session,
    SessionBody,
    Todo,
    TodoStatus,
    User,
)


def todos_queryset(user: User) -> QuerySet[Todo]:
    """Open to-dos awaiting the user personally, any organ they act for, or any role they hold."""
    organ_ids = {o for _, o in perms._role_rows(user) if o}
    roles = perms.roles_of(user)
    cond = Q(assignee=user)
    if organ_ids:
        cond |= Q(assignee_organ_id__in=organ_ids, assignee__isnull=True)
    if roles:
        cond |= Q(assignee_role__in=roles, assignee__isnull=True, assignee_organ__isnull=True)
    return Todo.objects.filter(cond, status=TodoStatus.OPEN).order_by("due_date", "id")


def todos_for(user: User, *, limit: int | None = 10) -> list[Todo]:
    if not user.is_authenticated:
        return []
    qs = todos_queryset(user)
    return list(qs[:limit] if limit else qs)


def office_of(duty: str) -> Organ | None:
    """The active working body that answers for ``duty`` (``OfficeDuty``), if one is registered."""
    return Organ.objects.filter(duty=duty, is_active=True).first()


def office_staff(duty: str) -> list[User]:
    """Active accounts holding the staff role in the office that answers for ``duty``."""
    return list(
        User.objects.filter(
            is_active=True, roles__role=Role.STAFF, roles__organ__duty=duty, roles__organ__is_active=True
        )
        .distinct()
        .order_by("id")
    )


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def organ_tree() -> list[tuple[Organ, int]]:
    """All organs, depth-first, each with its depth, in one query."""
    organs = list(Organ.objects.all().order_by("sort_order", "id"))
    children: dict[int | None, list[Organ]] = {}
    for organ in organs:
        children.setdefault(organ.parent_id, []).append(organ)
    out: list[tuple[Organ, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for organ in children.get(parent, []):
            out.append((organ, depth))
            walk(organ.pk, depth + 1)

    walk(None, 0)
    return out


def upcoming_sessions(*, body: str | None = None, days: int = 120, limit: int = 5) -> list[Session]:
    today = timezone.localdate()
    qs = Session.objects.select_related("term").filter(
        end_date__gte=today, start_date__lte=today + dt.timedelta(days=days)
    )
    if body:
        qs = qs.filter(body=body)
    return list(qs.order_by("start_date")[:limit])


def recent_sessions(*, body: str = SessionBody.STANDING_COMMITTEE, limit: int = 5) -> list[Session]:
    today = timezone.localdate()
    return list(
        Session.objects.select_related("term")
        .filter(body=body, start_date__lte=today)
        .order_by("-start_date")[:limit]
    )


def audit_page(*, object_type: str = "", action: str = "", actor: str = "") -> QuerySet[AuditLog]:
    qs = AuditLog.objects.all().order_by("-seq")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label=actor)
    return qs


def audit_for_object(obj: Any, limit: int = 50) -> list[AuditLog]:
    return list(
        AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-seq")[
            :limit
        ]
    )


def last_audit_verification() -> ScheduledJob | None:
    return ScheduledJob.objects.filter(name="audit_verify").first()


def default_profile_version() -> RulesProfileVersion | None:
    profile = RulesProfile.objects.filter(is_default=True).first()
    if profile is None:
        return None
    return profile.versions.order_by("-number").first()


def accounts_by_role() -> dict[str, int]:
    """Accounts per role, keyed by the role's translated label."""
    from django.db.models import Count

    from .models import RoleAssignment

    rows = RoleAssignment.objects.values("role").annotate(n=Count("user", distinct=True))
    counts = {r["role"]: r["n"] for r in rows}
    return {str(role.label): counts.get(role.value, 0) for role in Role}


def current_ruleset() -> tuple[RulesProfileVersion, Any]:
    """The newest version of the profile in use and its :class:`~lvzhi.core.rules.RuleSet`.

    A new case stores the returned version and later reads its rules through
    :func:`ruleset_for`, so a profile change never alters a running case.
    """
    from .errors import NotFoundError
    from .rules import RuleSet

    version = default_profile_version()
    if version is None:
        raise NotFoundError("No rules profile is installed: run `lvzhi migrate`.")
    return version, RuleSet(version.data, validate=False)


def ruleset_for(version: RulesProfileVersion) -> Any:
    from .rules import RuleSet

    return RuleSet(version.data, validate=False)
