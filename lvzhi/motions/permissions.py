"""Who may see and do what with motions: named, object-scoped predicates.

They answer *who*; *when* (the motion's state) is answered by ``states.allowed`` in the
services, so a refused step gets a clear message rather than a bare "forbidden".
"""

from __future__ import annotations

from lvzhi.core.models import Role
from lvzhi.core.permissions import Viewer, _role_rows, can_use_workspace, has_role, is_staff_member
from lvzhi.deputies.models import Deputy

from .models import Motion, MotionSigner
from .states import PUBLIC, MotionStatus


def _person_id(user: Viewer) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "person_id", None)


def signer_of(user: Viewer, motion: Motion) -> MotionSigner | None:
    """The user's own signer row on the motion (uses the prefetched signers when present)."""
    person_id = _person_id(user)
    if person_id is None:
        return None
    for signer in motion.signers.all():
        if signer.deputy.person_id == person_id:
            return signer
    return None


def is_lead(user: Viewer, motion: Motion) -> bool:
    person_id = _person_id(user)
    return person_id is not None and motion.lead.person_id == person_id


def is_author(user: Viewer, motion: Motion) -> bool:
    """The lead deputy, or a deputy who was asked to co-sign (whatever their answer)."""
    return is_lead(user, motion) or signer_of(user, motion) is not None


def _office(user: Viewer, motion: Motion) -> bool:
    """The congress office acts on a tabled motion; a draft belongs to its authors alone."""
    return motion.status != MotionStatus.DRAFT and is_staff_member(user)


def can_view_motions(user: Viewer) -> bool:
    """The workspace list of motions (each row is still scoped by :func:`can_view_motion`)."""
    return can_use_workspace(user)


def can_view_motion(user: Viewer, motion: Motion) -> bool:
    """Public: listed motions. A draft: only its authors (the lead and the deputies asked to
    co-sign) — not the office, not leaders. Tabled ones: also staff, members and leaders."""
    if motion.status in PUBLIC:
        return True
    if motion.status == MotionStatus.DRAFT:
        return is_author(user, motion)
    if is_staff_member(user) or has_role(user, Role.SC_MEMBER, Role.LEADER):
        return True
    return is_author(user, motion)


def can_view_all_motions(user: Viewer) -> bool:
    """Sees every tabled motion (not only their own)."""
    return is_staff_member(user) or has_role(user, Role.SC_MEMBER, Role.LEADER)


def can_create_motion(user: Viewer) -> bool:
    return (has_role(user, Role.DEPUTY) and _person_id(user) is not None) or is_staff_member(user)


def can_edit_motion(user: Viewer, motion: Motion) -> bool:
    """Change the text and the list of invited co-signers: the lead (a draft is theirs alone)."""
    return is_lead(user, motion) or _office(user, motion)


def can_submit_motion(user: Viewer, motion: Motion) -> bool:
    return can_edit_motion(user, motion)


def can_sign_motion(user: Viewer, motion: Motion) -> bool:
    """Confirm or decline one's own invitation to co-sign."""
    signer = signer_of(user, motion)
    return signer is not None and not signer.is_lead


def can_decide_motion(user: Viewer, motion: Motion) -> bool:
    """Record the presidium's (or council of chairpersons') decision: the congress office."""
    return _office(user, motion)


def can_report_on_motion(user: Viewer, motion: Motion) -> bool:
    """The committee the motion was referred to, or the office on its behalf."""
    if _office(user, motion):
        return True
    return motion.committee_id is not None and any(o == motion.committee_id for _r, o in _role_rows(user))


def can_record_motion_vote(user: Viewer, motion: Motion) -> bool:
    return _office(user, motion)


def can_request_motion_withdrawal(user: Viewer, motion: Motion) -> bool:
    return is_lead(user, motion)


def can_withdraw_motion(user: Viewer, motion: Motion) -> bool:
    """A draft: the lead. A tabled motion: the office, recording the presidium's consent."""
    if motion.status == MotionStatus.DRAFT:
        return is_lead(user, motion)
    return is_staff_member(user)


def can_withdraw_motion_signature(user: Viewer, motion: Motion) -> bool:
    """A co-signer withdraws their own signature; on a listed motion that needs the presidium's
    consent (shanghai-deputy-motions Art 13), so the office records it."""
    if _office(user, motion):
        return True
    if motion.status == MotionStatus.LISTED:
        return False
    signer = signer_of(user, motion)
    return signer is not None and not signer.is_lead and signer.is_active


def can_convert_motion(user: Viewer, motion: Motion) -> bool:
    """A draft: the lead (e.g. after the cut-off). A submitted one: the office (a decision)."""
    if motion.status == MotionStatus.DRAFT:
        return is_lead(user, motion)
    return is_staff_member(user)


def can_view_motion_history(user: Viewer, motion: Motion) -> bool:
    """The timeline from the audit log: anyone who may see the motion inside the workspace."""
    return can_use_workspace(user) and can_view_motion(user, motion)


def can_lead_motion_as(user: Viewer, lead: Deputy) -> bool:
    """Start a motion led by ``lead``: the deputy themself, or the congress office on their behalf."""
    person_id = _person_id(user)
    if person_id is not None and lead.person_id == person_id and has_role(user, Role.DEPUTY):
        return True
    return is_staff_member(user)


def can_sign_motion_as(user: Viewer, motion: Motion, deputy: Deputy) -> bool:
    """Confirm or decline the invitation of ``deputy``: that deputy, and only them."""
    return can_sign_motion(user, motion) and _person_id(user) == deputy.person_id


def can_withdraw_signature_of(user: Viewer, motion: Motion, deputy: Deputy) -> bool:
    """Withdraw ``deputy``'s signature: the office (recording it), or that co-signer themself."""
    if not can_withdraw_motion_signature(user, motion):
        return False
    return _office(user, motion) or _person_id(user) == deputy.person_id
