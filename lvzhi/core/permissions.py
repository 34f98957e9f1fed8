"""Named, object-scoped permission predicates: ``can_<verb>_<noun>(user, obj)``.

Views, the API and templates ask these; none of them inspects roles directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from .actors import Actor, is_system
from .errors import PermissionDeniedError
from .models import Notification, Role, Todo, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

#: Who a predicate is asked about: a signed-in account, or an anonymous visitor. (Services
#: pass their actor through ``authorize``, which answers for the system actor itself.)
Viewer: TypeAlias = "User | AnonymousUser"

WORKSPACE_ROLES = {Role.STAFF, Role.SC_MEMBER, Role.DEPUTY, Role.UNIT_OFFICER, Role.LEADER, Role.ADMIN}


def authorize(actor: Actor, predicate: Callable[..., bool], *args: Any, message: Any = None) -> None:
    """The check every service makes before it writes: raise :class:`PermissionDeniedError`
    unless ``predicate(actor, *args)`` holds. The system actor (the worker, the seed, an
    operator's command) acts under the rules, not under a role, and passes."""
    if is_system(actor):
        return
    if not predicate(actor, *args):
        raise PermissionDeniedError(message)


def _role_rows(user: Any) -> list[tuple[str, int | None]]:
    if user is None or is_system(user) or not user.is_authenticated:
        return []
    cached = getattr(user, "_lvzhi_roles", None)
    if cached is None:
        cached = list(user.roles.values_list("role", "organ_id"))
        if user.is_superuser and all(r != Role.ADMIN for r, _ in cached):
            cached.append((Role.ADMIN.value, None))
        user._lvzhi_roles = cached
    return cached


def roles_of(user: Viewer) -> set[str]:
    return {role for role, _ in _role_rows(user)}


def organs_for_role(user: Viewer, role: str) -> set[int]:
    """Organs in which ``user`` holds ``role`` (e.g. the units an officer answers for)."""
    return {organ for r, organ in _role_rows(user) if r == role and organ is not None}


def has_role(user: Viewer, *roles: str) -> bool:
    held = roles_of(user)
    return any(r in held for r in roles)


def is_admin(user: Viewer) -> bool:
    return has_role(user, Role.ADMIN)


def is_staff_member(user: Viewer) -> bool:
    """Working-body staff or administrators: the congress office."""
    return has_role(user, Role.STAFF, Role.ADMIN)


def staff_duties(user: Viewer) -> set[str]:
    """The lines of work (``OfficeDuty``) of the working bodies whose staff ``user`` is."""
    if user is None or is_system(user) or not user.is_authenticated:
        return set()
    cached = getattr(user, "_lvzhi_duties", None)
    if cached is None:
        from .models import Organ

        organ_ids = organs_for_role(user, Role.STAFF)
        cached = (
            set(Organ.objects.filter(pk__in=organ_ids).exclude(duty="").values_list("duty", flat=True))
            if organ_ids
            else set()
        )
        setattr(user, "_lvzhi_duties", cached)  # noqa: B010 (a per-request cache on the account)
    return cached


def is_staff_of(user: Viewer, duty: str) -> bool:
    """Staff of the working body that answers for ``duty`` — or an administrator."""
    return is_admin(user) or duty in staff_duties(user)


def can_use_workspace(user: Viewer) -> bool:
    return bool(roles_of(user) & {r.value for r in WORKSPACE_ROLES})


def can_view_audit_log(user: Viewer) -> bool:
    return has_role(user, Role.ADMIN, Role.LEADER)


def can_verify_audit_log(user: Viewer) -> bool:
    return is_admin(user)


def can_edit_calendar(user: Viewer) -> bool:
    return is_staff_member(user)


def can_manage_rules_profiles(user: Viewer) -> bool:
    return is_admin(user)


def can_view_rules_profiles(user: Viewer) -> bool:
    return can_use_workspace(user)


def can_manage_accounts(user: Viewer) -> bool:
    return is_admin(user)


def can_use_admin_site(user: Viewer) -> bool:
    """Django's admin: administrators with the staff flag (see ``core.admin_site``)."""
    return bool(user.is_active and user.is_staff and is_admin(user))


def can_manage_organs(user: Viewer) -> bool:
    return is_admin(user)


def can_view_organs(user: Viewer) -> bool:
    return can_use_workspace(user)


def can_read_notification(user: Viewer, notification: Notification) -> bool:
    return user.is_authenticated and notification.recipient_id == user.pk


def can_see_todo(user: Viewer, todo: Todo) -> bool:
    if not user.is_authenticated:
        return False
    if todo.assignee_id == user.pk:
        return True
    if todo.assignee_organ_id and todo.assignee_organ_id in {o for _, o in _role_rows(user) if o}:
        return True
    return bool(todo.assignee_role) and has_role(user, todo.assignee_role)


def can_close_todo(user: Viewer, todo: Todo) -> bool:
    """Whoever the to-do awaits closes it; an administrator may close any."""
    return can_see_todo(user, todo) or is_admin(user)


def can_manage_api_tokens(user: Viewer, owner: Any) -> bool:
    return user.is_authenticated and (user.pk == owner.pk or is_admin(user))
