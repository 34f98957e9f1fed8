"""Role-based navigation: the entries apps register (``core.registry``), each shown to the
users its predicate allows."""

from __future__ import annotations

from .permissions import Viewer
from .registry import NavItem, nav_items

__all__ = ["NavItem", "navigation_for"]


def navigation_for(user: Viewer) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in nav_items() if item.allowed(user)]
