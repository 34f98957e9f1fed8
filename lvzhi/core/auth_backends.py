"""Django model permissions for the admin site, from the platform's roles.

The platform decides access with named predicates over roles (``core.permissions``), not
with Django's per-model permissions. This backend answers Django's ``has_perm`` for the admin
site only: an active account with the administrator role and the staff flag holds every model
permission there; each model admin may still refuse writes (read-only admins)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend


class AdministratorRoleBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        from .permissions import can_use_admin_site

        return bool(getattr(user_obj, "is_authenticated", False)) and can_use_admin_site(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self.has_perm(user_obj, app_label)
