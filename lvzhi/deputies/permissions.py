"""Who may see and change what in the roster."""

from __future__ import annotations

from typing import Any

from lvzhi.core.models import Role
from lvzhi.core.permissions import can_use_workspace, has_role

from .models import Deputy


def can_view_roster(user: Any) -> bool:
    return can_use_workspace(user)


def can_view_deputy(user: Any, deputy: Deputy) -> bool:
    return can_view_roster(user)


def can_view_deputy_contact(user: Any, deputy: Deputy) -> bool:
    """ID number, phone, e-mail and address: the congress office, or the deputy themself."""
    if has_role(user, Role.STAFF, Role.ADMIN):
        return True
    return bool(user.is_authenticated and user.person_id and user.person_id == deputy.person_id)


def can_manage_deputies(user: Any) -> bool:
    return has_role(user, Role.STAFF, Role.ADMIN)


def can_change_deputy_status(user: Any, deputy: Deputy) -> bool:
    return can_manage_deputies(user)


def can_import_deputies(user: Any) -> bool:
    return can_manage_deputies(user)


def can_export_deputies(user: Any) -> bool:
    return has_role(user, Role.STAFF, Role.ADMIN, Role.LEADER)
