"""Role-based navigation: each entry names the predicate that shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions as perms


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    allowed: Callable[[Any], bool]
    icon: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _deputies_visible(user: Any) -> bool:
    from lvzhi.deputies.permissions import can_view_roster

    return can_view_roster(user)


def _motions_visible(user: Any) -> bool:
    from lvzhi.motions.permissions import can_view_motions

    return can_view_motions(user)


def _oversight_visible(user: Any) -> bool:
    from lvzhi.suggestions.permissions import can_view_oversight, units_of

    return can_view_oversight(user) or bool(units_of(user))


def _legislation_visible(user: Any) -> bool:
    from lvzhi.legislation.permissions import can_view_legislation

    return can_view_legislation(user)


def _supervision_visible(user: Any) -> bool:
    from lvzhi.supervision.permissions import can_use_supervision

    return can_use_supervision(user)


def _consultation_visible(user: Any) -> bool:
    from lvzhi.consultation.permissions import can_view_consultations

    return can_view_consultations(user)


NAV: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", perms.can_use_workspace, "home"),
    NavItem(_("Deputies"), "deputies:list", _deputies_visible, "people"),
    NavItem(_("Motions"), "motions:list", _motions_visible, "motion"),
    NavItem(_("Suggestions"), "suggestions:list", perms.can_use_workspace, "suggestions"),
    NavItem(_("Legislation"), "legislation:bill_list", _legislation_visible, "legislation"),
    NavItem(_("Public consultation"), "consultation:list", _consultation_visible, "legislation"),
    NavItem(_("Supervision"), "supervision:index", _supervision_visible, "chart"),
    NavItem(_("Oversight"), "oversight:index", _oversight_visible, "chart"),
    NavItem(_("Organs"), "organs", perms.can_view_organs, "org"),
    NavItem(_("Inbox"), "inbox", lambda u: u.is_authenticated, "inbox"),
    NavItem(_("Calendar"), "calendar", perms.can_use_workspace, "calendar"),
    NavItem(_("Rules profiles"), "rules_profiles", perms.can_view_rules_profiles, "rules"),
    NavItem(_("Audit log"), "audit_log", perms.can_view_audit_log, "audit"),
    NavItem(_("API tokens"), "api_tokens", perms.can_use_workspace, "key"),
    NavItem(_("Sign-in security"), "signin_admin", perms.can_manage_accounts, "key"),
)


def navigation_for(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in NAV if item.allowed(user)]
