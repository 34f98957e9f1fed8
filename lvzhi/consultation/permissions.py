"""Who may see and do what in public consultation.

* The legislative affairs office (法制工作委员会 staff) and administrators open
  consultations, enter letters, import sheets, moderate, decide and publish feedback, and
  are the only ones who read commenters' full names and contacts.
* Other staff, Standing Committee members and leaders read the analysis and the comments
  (contacts masked).
* Anyone may comment while a consultation is open, and read the published feedback.
"""

from __future__ import annotations

from lvzhi.core.models import Role
from lvzhi.core.permissions import Viewer, has_role
from lvzhi.legislation.permissions import is_legislation_manager

from .models import Consultation
from .states import ConsultationStatus


def can_manage_consultations(user: Viewer) -> bool:
    return is_legislation_manager(user)


def can_view_consultations(user: Viewer) -> bool:
    # the role check first: it is cached per request, and the navigation asks on every page
    return has_role(user, Role.STAFF, Role.SC_MEMBER, Role.LEADER, Role.ADMIN) or is_legislation_manager(user)


def can_view_contacts(user: Viewer) -> bool:
    """Full names and contacts: only the office that answers the commenters."""
    return is_legislation_manager(user)


def can_view_public_consultation(consultation: Consultation) -> bool:
    """Published from its first day (even before the worker has marked it open)."""
    from django.utils import timezone

    return consultation.status != ConsultationStatus.SCHEDULED or consultation.start <= timezone.localdate()


def can_view_public_feedback(consultation: Consultation) -> bool:
    return consultation.status == ConsultationStatus.PUBLISHED
