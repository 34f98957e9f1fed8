"""Who may see and do what with suggestions. Object-scoped: a unit officer acts only for
their own unit's assignments, a deputy only on items they signed, the public sees only
what is published and not confidential.

Who opens a suggestion's workspace page (with its handling material: contact records,
co-handling opinions, attachments, reply letters, the assignment sheet):

* a draft: only its authors (the lead deputy and the co-signers who have not declined);
* after submission: the parties (the signers; officers of every unit handling it, lead and
  co-handling), the office (staff of the organ whose duty is "deputies"; administrators, as
  ``core.permissions.is_staff_of`` counts them) and the leaders (chair, vice-chairs) — also
  for a confidential suggestion (see docs/suggestions.md);
* nobody else: Standing Committee members, staff of other working bodies, unrelated deputies
  and officers, citizens read the published ones on the portal (``can_view_published``).
"""

from __future__ import annotations

from typing import Any

from lvzhi.core.models import OfficeDuty, Role
from lvzhi.core.permissions import Viewer, has_role, is_staff_of, organs_for_role

from .models import Assignment, Suggestion
from .states import FINAL, PUBLISHABLE, AssignmentRole, SuggestionStatus


def _deputy_ids(user: Viewer) -> set[int]:
    if not user.is_authenticated or not user.person_id:
        return set()
    cached = getattr(user, "_lvzhi_deputy_ids", None)
    if cached is None:
        from lvzhi.deputies.models import Deputy

        cached = set(Deputy.objects.filter(person_id=user.person_id).values_list("pk", flat=True))
        user.__dict__["_lvzhi_deputy_ids"] = cached  # forgotten by core.services.forget_permission_cache
    return cached


def deputy_ids_of(user: Viewer) -> set[int]:
    return _deputy_ids(user)


def is_office(user: Viewer) -> bool:
    """The deputies' affairs office (代表工作委员会), which handles suggestions; or an admin."""
    return is_staff_of(user, OfficeDuty.DEPUTIES)


def is_leader(user: Viewer) -> bool:
    return has_role(user, Role.LEADER)


def units_of(user: Viewer) -> set[int]:
    return organs_for_role(user, Role.UNIT_OFFICER)


def is_signer(user: Viewer, suggestion: Suggestion) -> bool:
    ids = _deputy_ids(user)
    return bool(ids) and suggestion.signers.filter(deputy_id__in=ids, declined_at__isnull=True).exists()


def is_lead(user: Viewer, suggestion: Suggestion) -> bool:
    return suggestion.lead_id in _deputy_ids(user)


def handles(user: Viewer, suggestion: Suggestion) -> bool:
    units = units_of(user)
    return bool(units) and suggestion.assignments.filter(unit_id__in=units).exists()


def is_draft(suggestion: Suggestion) -> bool:
    return suggestion.status == SuggestionStatus.DRAFT


def can_view_suggestion(user: Viewer, suggestion: Suggestion) -> bool:
    """The workspace page and its handling material (see the module's docstring)."""
    if is_signer(user, suggestion):
        return True
    if is_draft(suggestion):
        return False
    return is_office(user) or is_leader(user) or handles(user, suggestion)


def can_view_published(user: Viewer, suggestion: Suggestion) -> bool:
    """On the portal: published by the office, still replied or closed, never confidential."""
    return (
        suggestion.published_at is not None
        and suggestion.status in PUBLISHABLE
        and not suggestion.confidential
        and suggestion.merged_into_id is None
    )


def can_create_suggestion(user: Viewer) -> bool:
    return bool(_deputy_ids(user)) and has_role(user, Role.DEPUTY)


def can_edit_suggestion(user: Viewer, suggestion: Suggestion) -> bool:
    return is_lead(user, suggestion) and suggestion.status in {"draft", "returned"}


def can_withdraw_suggestion(user: Viewer, suggestion: Suggestion) -> bool:
    return is_lead(user, suggestion) and suggestion.status not in FINAL


def can_screen_suggestion(user: Viewer, suggestion: Suggestion | None = None) -> bool:
    """Register, return, convert, merge, assign, decide returns and extensions."""
    return is_office(user)


def can_publish_suggestion(user: Viewer, suggestion: Suggestion | None = None) -> bool:
    """Publication on the portal is the office's step (the publication check is the service's)."""
    return is_office(user)


def acts_for_deputy(user: Viewer, deputy: Any) -> bool:
    """``user`` is the account of ``deputy`` (a deputy leads and co-signs for themselves)."""
    return deputy.pk in _deputy_ids(user)


def can_update_commitment(user: Viewer, commitment: Any) -> bool:
    """Progress on a B-category promise: the promising unit's officers, or the office."""
    return is_office(user) or commitment.unit_id in units_of(user)


def can_act_for_assignment(user: Viewer, assignment: Assignment) -> bool:
    return assignment.unit_id in units_of(user)


def can_reply(user: Viewer, assignment: Assignment) -> bool:
    return can_act_for_assignment(user, assignment) and assignment.role != AssignmentRole.CO


def can_rate(user: Viewer, suggestion: Suggestion) -> bool:
    return is_lead(user, suggestion)


def can_view_oversight(user: Viewer) -> bool:
    return has_role(user, Role.STAFF, Role.ADMIN, Role.LEADER, Role.SC_MEMBER)


def can_select_key(user: Viewer) -> bool:
    return is_office(user)


def can_see_confidential(user: Viewer, suggestion: Suggestion) -> bool:
    return is_office(user) or is_leader(user) or is_signer(user, suggestion) or handles(user, suggestion)
