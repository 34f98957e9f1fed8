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
        unread = user.notifications.filter(read_at__isnull=True).count()
    items = navigation_for(user)
    # the entry whose address is the longest prefix of this page's is the one highlighted
    matches = [
        item.url
        for item in items
        if request.path == item.url or (item.url != "/" and request.path.startswith(item.url))
    ]
    return {
        "site_name": settings.LVZHI["SITE_NAME"] or _("Jianglan Municipal People's Congress"),
        "nav_items": items,
        "nav_active": max(matches, key=len) if matches else "",
        "unread_count": unread,
        "user_roles": sorted(perms.roles_of(user)),
        # the workspace's home redirects everyone else (the public) to the portal: link there
        "can_use_workspace": perms.can_use_workspace(user),
    }
