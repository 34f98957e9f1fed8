"""Template context for the shell: site name, role-based navigation, unread count."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import permissions as perms
from .navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    unread = 0
    if user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()  # type: ignore[union-attr]
    return {
        "site_name": settings.LVZHI["SITE_NAME"] or _("Jianglan Municipal People's Congress"),
        "nav_items": navigation_for(user),
        "unread_count": unread,
        "user_roles": sorted(perms.roles_of(user)),
    }
