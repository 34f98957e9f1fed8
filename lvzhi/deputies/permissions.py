"""Who may see and change what in the roster.

The roster's **keepers** are the staff of the working bodies whose line of work it is — the
deputies' affairs office (duty ``deputies``) and the personnel office (duty ``personnel``) —
and the administrators. They manage the roster. Contact details (ID number, phone, e-mail,
address) are masked for everyone on every page, API answer and export; a keeper (or the deputy,
for their own record) sees a full value only through the explicit, audited "reveal" action
(``services.deputy_contact_reveal``), or through the audited full export.
"""

from __future__ import annotations

from lvzhi.core.models import OfficeDuty, Role
from lvzhi.core.permissions import Viewer, can_use_workspace, has_role, is_admin, staff_duties

from .models import Deputy

#: The lines of work (``OfficeDuty``) whose staff keep the roster.
ROSTER_DUTIES = frozenset({OfficeDuty.DEPUTIES.value, OfficeDuty.PERSONNEL.value})

#: The contact fields that are masked and may be revealed one at a time.
CONTACT_FIELDS = ("id_number", "phone", "email", "address")


def is_roster_keeper(user: Viewer) -> bool:
    """Staff of the deputies' affairs or personnel office, or an administrator."""
    return is_admin(user) or bool(staff_duties(user) & ROSTER_DUTIES)


def can_view_roster(user: Viewer) -> bool:
    return can_use_workspace(user)


def can_view_deputy(user: Viewer, deputy: Deputy) -> bool:
    return can_view_roster(user)


def can_reveal_deputy_contact(user: Viewer, deputy: Deputy) -> bool:
    """Reveal one full contact value (audited): a keeper, or the deputy for their own record."""
    if is_roster_keeper(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "person_id", None)
        and getattr(user, "person_id", None) == deputy.person_id
    )


def can_view_private_duties(user: Viewer, deputy: Deputy) -> bool:
    """The duty record's private entries: the keepers, or the deputy themself."""
    return can_reveal_deputy_contact(user, deputy)


def can_manage_deputies(user: Viewer) -> bool:
    return is_roster_keeper(user)


def can_change_deputy_status(user: Viewer, deputy: Deputy) -> bool:
    return can_manage_deputies(user)


def can_import_deputies(user: Viewer) -> bool:
    return can_manage_deputies(user)


def can_export_deputies(user: Viewer) -> bool:
    """The roster as .xlsx (contacts masked): the keepers and the leaders."""
    return is_roster_keeper(user) or has_role(user, Role.LEADER)


def can_export_deputies_in_full(user: Viewer) -> bool:
    """The export with full contact details (audited): the keepers only."""
    return is_roster_keeper(user)
