"""Every write on motions. Keyword-only, typed, named ``motion_<verb>``.

The recipe for each state change: ``transaction.atomic``; lock the motion row; check the
action against ``states.TRANSITIONS``; check the rules, read from the motion's own rules
profile version (so a profile change never alters a running motion); write with
``update_fields``; one ``AuditLog`` row naming the acting user; notifications (e-mailed after
commit) and to-dos. A refused step raises a :class:`~lvzhi.core.errors.DomainError` and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import calendar as calendar_service
from lvzhi.core.actors import Actor, as_user
from lvzhi.core.audit import audit_record, diff, snapshot
from lvzhi.core.errors import (
    ConflictError,
    DomainError,
    InvalidTransition,
    NotFoundError,
    ValidationFailed,
)
from lvzhi.core.i18n import Later, later
from lvzhi.core.models import Attachment, Organ, OrganType, Role, Session, User
from lvzhi.core.permissions import authorize
from lvzhi.core.selectors import current_ruleset, ruleset_for
from lvzhi.core.services import attachment_store, notify, todo_create, todos_close_for_source
from lvzhi.deputies.models import Deputy, DutyKind
from lvzhi.deputies.services import duty_record
from lvzhi.deputies.states import DeputyStatus

from . import permissions as perms
from .models import Motion, MotionSigner
from .selectors import session_cutoff, users_of_deputies
from .states import DECISIONS, MOTION, MotionBody, MotionStatus

S = MotionStatus
CONTENT_FIELDS = ["title", "reason", "proposal", "is_legislative", "draft_outline"]
EDITABLE_FIELDS = [*CONTENT_FIELDS, "session"]
#: Organs a motion may be referred to: special committees, or the council of chairpersons
#: (shanghai-deputy-motions Art 12, 15).
REFERRAL_TYPES = {OrganType.SPECIAL_COMMITTEE, OrganType.CHAIRPERSONS_COUNCIL}

TODO_DECIDE = "motion.decide"
TODO_REPORT = "motion.report"
TODO_SIGN = "motion.sign"
TODO_WITHDRAWAL = "motion.withdrawal"
CATEGORY = "motion"


class ConversionUnavailable(DomainError):
    """The suggestions service that takes over a converted motion is not installed."""

    code = "conversion_unavailable"
    status = 503
    default_message = gettext_lazy("Converting a motion into a suggestion is not available yet.")


# --- helpers -----------------------------------------------------------------------------------


def _url(motion: Motion) -> str:
    return reverse("motions:detail", args=[motion.pk])


def _label(motion: Motion) -> str:
    return motion.number or motion.title


def _lock(motion: Motion) -> Motion:
    """Re-read the motion under a row lock (the caller's copy may be stale)."""
    return (
        Motion.objects.select_for_update(of=("self",))
        .select_related("session", "session__term", "lead", "lead__person", "rules", "committee")
        .get(pk=motion.pk)
    )


def check_step(action: str, motion: Motion) -> None:
    """Raise :class:`InvalidTransition` with a clear message unless ``action`` is allowed now
    (the ``states.MOTION`` table)."""
    MOTION.check(action, motion)


def _now_local() -> str:
    return timezone.localtime(timezone.now()).strftime("%Y-%m-%d %H:%M")


def signer_threshold(motion: Motion) -> int:
    """Signers (the lead included) a motion needs to be tabled, from its own rules version."""
    rules = ruleset_for(motion.rules)
    if motion.body == MotionBody.STANDING_COMMITTEE:
        return rules.integer("motions.standing_committee_signer_threshold")
    return rules.integer("motions.congress_signer_threshold")


def min_remaining_signers(motion: Motion) -> int:
    """Below this many signers a tabled motion's handling ends (congress: the profile's
    ``motions.min_remaining_signers``; Standing Committee: its tabling threshold)."""
    rules = ruleset_for(motion.rules)
    if motion.body == MotionBody.STANDING_COMMITTEE:
        return rules.integer("motions.standing_committee_signer_threshold")
    return rules.integer("motions.min_remaining_signers")


def eligibility_problem(deputy: Deputy, *, term_id: int, body: str) -> str | None:
    """Why ``deputy`` may not sign a motion of ``term_id`` to ``body`` (None if they may)."""
    name = deputy.person.name
    if deputy.term_id != term_id:
        return _("%(name)s is not a deputy of this motion's term.") % {"name": name}
    if deputy.status != DeputyStatus.ACTIVE:
        return _("%(name)s is not a serving deputy (%(status)s) and cannot sign.") % {
            "name": name,
            "status": deputy.get_status_display(),
        }
    if body == MotionBody.STANDING_COMMITTEE and not deputy.is_sc_member:
        return _(
            "%(name)s is not a member of the Standing Committee; a motion to the Standing Committee "
            "is signed by its members only."
        ) % {"name": name}
    return None


def _check_cutoff(session: Session, *, creating: bool = False) -> None:
    cutoff = session_cutoff(session)
    if timezone.now() <= cutoff:
        return
    when = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")
    if creating:
        message = _(
            "The deadline for motions to %(session)s passed at %(time)s. Raise the matter as a "
            "suggestion instead."
        )
    else:
        message = _(
            "The deadline for motions to %(session)s passed at %(time)s. The motion can be converted "
            "into a suggestion instead."
        )
    raise InvalidTransition(
        message % {"session": session.title, "time": when},
        code="after_cutoff",
        detail={"cutoff": cutoff.isoformat(), "can_convert": not creating},
    )


def _users_by_person(deputies: Iterable[Deputy]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {}
    for user in users_of_deputies(list(deputies)):
        if user.person_id is not None:
            out.setdefault(user.person_id, []).append(user)
    return out


def _notify_signers(
    motion: Motion, title: str | Later, body: str | Later = "", *, active_only: bool = True
) -> None:
    signers = MotionSigner.objects.select_related("deputy").filter(motion=motion)
    if active_only:
        signers = signers.filter(confirmed_at__isnull=False, withdrawn_at__isnull=True)
    recipients = users_of_deputies([s.deputy for s in signers])
    if recipients:
        notify(recipients=recipients, title=title, body=body, url=_url(motion), category=CATEGORY)


def _invite(motion: Motion, deputies: Sequence[Deputy], acting_user: Actor) -> list[MotionSigner]:
    """Add co-signer invitations; notify each invitee and give them a to-do."""
    if not deputies:
        return []
    rows = [MotionSigner.objects.create(motion=motion, deputy=d, is_lead=False) for d in deputies]
    users = _users_by_person(deputies)
    lead_name = motion.lead.person.name
    title = later("%(lead)s invites you to co-sign the motion “%(title)s”") % {
        "lead": lead_name,
        "title": motion.title,
    }
    for signer in rows:
        for user in users.get(signer.deputy.person_id, []):
            todo_create(
                title=title,
                assignee=user,
                url=_url(motion),
                kind=TODO_SIGN,
                source=signer,
                acting_user=acting_user,
            )
    recipients = [u for signer in rows for u in users.get(signer.deputy.person_id, [])]
    if recipients:
        notify(
            recipients=recipients,
            title=title,
            body=later("Read the text, then confirm or decline your signature."),
            url=_url(motion),
            category=CATEGORY,
        )
    return rows


def _check_cosigners(motion: Motion, deputies: Sequence[Deputy]) -> list[Deputy]:
    """Deduplicate and validate a list of co-signers; raises with every problem listed."""
    unique = list({d.pk: d for d in deputies}.values())
    problems: list[str] = []
    for deputy in unique:
        if deputy.pk == motion.lead_id:
            problems.append(
                _("%(name)s is the lead deputy and signs already; a deputy cannot sign twice.")
                % {"name": deputy.person.name}
            )
            continue
        problem = eligibility_problem(deputy, term_id=motion.term_id, body=motion.body)
        if problem:
            problems.append(problem)
    if problems:
        raise ValidationFailed(_("Some of the chosen co-signers cannot sign this motion."), detail=problems)
    return unique


def _full_clean(motion: Motion, exclude: list[str] | None = None) -> None:
    try:
        motion.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationFailed(detail=getattr(exc, "message_dict", str(exc))) from exc


def _number(motion: Motion, sequence: int) -> str:
    """The registration number, an official identifier kept in its Chinese form,
    e.g. 第16届第5次会议议案第3号 (Standing Committee: 第16届常委会第5次会议议案第3号)."""
    body = "常委会" if motion.body == MotionBody.STANDING_COMMITTEE else ""
    return f"第{motion.term.number}届{body}第{motion.session.number}次会议议案第{sequence}号"


# --- drafting ----------------------------------------------------------------------------------


def motion_create(
    *,
    session: Session,
    lead: Deputy,
    title: str,
    reason: str = "",
    proposal: str = "",
    is_legislative: bool = False,
    draft_outline: str = "",
    cosigners: Sequence[Deputy] = (),
    upload: UploadedFile | None = None,
    acting_user: Actor,
) -> Motion:
    """Start a draft motion to ``session`` with ``lead`` as lead deputy and invite ``cosigners``
    (``upload``: an optional file such as the draft regulation).

    The motion keeps the rules-profile version in force now for its whole life.
    """
    authorize(acting_user, perms.can_lead_motion_as, lead)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(
            _("A motion needs a subject (案由)."), detail={"title": [_("This field is required.")]}
        )
    problem = eligibility_problem(lead, term_id=session.term_id, body=session.body)
    if problem:
        raise ValidationFailed(problem)
    _check_cutoff(session, creating=True)
    version, _rules = current_ruleset()
    with transaction.atomic():
        motion = Motion(
            term_id=session.term_id,
            body=session.body,
            session=session,
            title=title,
            reason=reason.strip(),
            proposal=proposal.strip(),
            is_legislative=is_legislative,
            draft_outline=draft_outline.strip(),
            lead=lead,
            rules=version,
            created_by=as_user(acting_user),
        )
        _full_clean(motion, exclude=["term", "session", "lead", "rules"])
        checked = _check_cosigners(motion, cosigners)
        motion.save()
        MotionSigner.objects.create(motion=motion, deputy=lead, is_lead=True, confirmed_at=timezone.now())
        _invite(motion, checked, acting_user)
        audit_record(
            actor=acting_user,
            action="motion.create",
            obj=motion,
            changes={
                **snapshot(motion, [*CONTENT_FIELDS, "session", "body", "lead", "rules"]),
                "cosigners": [d.code for d in checked],
            },
        )
        if upload is not None:
            motion_attach(motion=motion, upload=upload, acting_user=acting_user)
    return motion


def motion_revise(
    *,
    motion: Motion,
    fields: dict[str, Any],
    cosigners: Sequence[Deputy] | None = None,
    upload: UploadedFile | None = None,
    acting_user: Actor,
) -> Motion:
    """One edit of a draft from the form: text, co-signers and an optional file, all or nothing."""
    with transaction.atomic():
        motion = motion_update(motion=motion, acting_user=acting_user, **fields)
        if cosigners is not None:
            motion = motion_set_cosigners(motion=motion, deputies=cosigners, acting_user=acting_user)
        if upload is not None:
            motion_attach(motion=motion, upload=upload, acting_user=acting_user)
    return motion


def motion_update(*, motion: Motion, acting_user: Actor, **fields: Any) -> Motion:
    """Change a draft. A changed text asks the co-signers who confirmed to confirm again."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        motion = _lock(motion)
        check_step("edit", motion)
        authorize(acting_user, perms.can_edit_motion, motion)
        if "title" in fields:
            fields["title"] = (fields["title"] or "").strip()
            if not fields["title"]:
                raise ValidationFailed(
                    _("A motion needs a subject (案由)."), detail={"title": [_("This field is required.")]}
                )
        for name in ("reason", "proposal", "draft_outline"):
            if name in fields:
                fields[name] = (fields[name] or "").strip()
        session = fields.get("session")
        if session is not None and session.pk != motion.session_id:
            if session.term_id != motion.term_id or session.body != motion.body:
                raise ValidationFailed(
                    _("A draft can only move to another session of the same term and body.")
                )
            _check_cutoff(session, creating=True)
        changed = {k: v for k, v in fields.items() if getattr(motion, k) != v}
        if not changed:
            return motion
        before = snapshot(motion, list(changed))
        for name, value in changed.items():
            setattr(motion, name, value)
        _full_clean(motion, exclude=["term", "session", "lead", "rules"])
        motion.save(update_fields=[*changed, "updated_at"])
        reset = 0
        if set(changed) & set(CONTENT_FIELDS):
            reset = _reset_confirmations(motion, acting_user)
        audit_record(
            actor=acting_user,
            action="motion.update",
            obj=motion,
            changes={**diff(before, snapshot(motion, list(changed))), "confirmations_reset": reset},
        )
    return motion


def _reset_confirmations(motion: Motion, acting_user: Actor) -> int:
    confirmed = list(
        MotionSigner.objects.select_related("deputy", "deputy__person").filter(
            motion=motion, is_lead=False, confirmed_at__isnull=False, withdrawn_at__isnull=True
        )
    )
    if not confirmed:
        return 0
    MotionSigner.objects.filter(pk__in=[s.pk for s in confirmed]).update(confirmed_at=None)
    users = _users_by_person(s.deputy for s in confirmed)
    title = later("The text of the motion “%(title)s” changed: please read it and confirm again") % {
        "title": motion.title
    }
    for signer in confirmed:
        for user in users.get(signer.deputy.person_id, []):
            todo_create(
                title=title,
                assignee=user,
                url=_url(motion),
                kind=TODO_SIGN,
                source=signer,
                acting_user=acting_user,
            )
    notify(
        recipients=[u for us in users.values() for u in us], title=title, url=_url(motion), category=CATEGORY
    )
    return len(confirmed)


def motion_set_cosigners(*, motion: Motion, deputies: Sequence[Deputy], acting_user: Actor) -> Motion:
    """Make ``deputies`` the invited co-signers of a draft: new ones are invited, missing ones
    removed, the others keep their answer."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("edit", motion)
        authorize(acting_user, perms.can_edit_motion, motion)
        wanted = _check_cosigners(motion, deputies)
        wanted_ids = {d.pk for d in wanted}
        existing = {
            s.deputy_id: s
            for s in MotionSigner.objects.select_related("deputy").filter(motion=motion, is_lead=False)
        }
        to_add = [d for d in wanted if d.pk not in existing]
        to_remove = [s for pk, s in existing.items() if pk not in wanted_ids]
        if not to_add and not to_remove:
            return motion
        for signer in to_remove:
            todos_close_for_source(source=signer, kind=TODO_SIGN, acting_user=acting_user)
        MotionSigner.objects.filter(pk__in=[s.pk for s in to_remove]).delete()
        _invite(motion, to_add, acting_user)
        audit_record(
            actor=acting_user,
            action="motion.signers",
            obj=motion,
            changes={"added": [d.code for d in to_add], "removed": [s.deputy.code for s in to_remove]},
        )
    return motion


def motion_attach(*, motion: Motion, upload: UploadedFile, acting_user: Actor) -> Attachment:
    """Attach a file (e.g. the draft regulation of a legislative motion) to a draft."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("edit", motion)
        authorize(acting_user, perms.can_edit_motion, motion)
        attachment = attachment_store(target=motion, upload=upload, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="motion.attach",
            obj=motion,
            changes={"attachment": attachment.pk, "name": attachment.original_name},
        )
    return attachment


def _get_signer(motion: Motion, deputy: Deputy) -> MotionSigner:
    signer = (
        MotionSigner.objects.select_related("deputy", "deputy__person")
        .filter(motion=motion, deputy=deputy)
        .first()
    )
    if signer is None:
        raise NotFoundError(_("%(name)s was not invited to sign this motion.") % {"name": deputy.person.name})
    return signer


def motion_confirm_signature(*, motion: Motion, deputy: Deputy, acting_user: Actor) -> MotionSigner:
    """A co-signer confirms that they have read the text and sign it."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("sign", motion)
        authorize(acting_user, perms.can_sign_motion_as, motion, deputy)
        signer = _get_signer(motion, deputy)
        if signer.is_lead:
            raise ConflictError(_("The lead deputy signs the motion already."))
        if signer.confirmed_at is not None:
            raise ConflictError(
                _("%(name)s has already signed this motion; a deputy cannot sign twice.")
                % {"name": deputy.person.name}
            )
        problem = eligibility_problem(deputy, term_id=motion.term_id, body=motion.body)
        if problem:
            raise ValidationFailed(problem)
        signer.confirmed_at = timezone.now()
        signer.declined_at = None
        signer.save(update_fields=["confirmed_at", "declined_at"])
        todos_close_for_source(source=signer, kind=TODO_SIGN, acting_user=acting_user)
        lead_users = users_of_deputies([motion.lead])
        if lead_users:
            notify(
                recipients=lead_users,
                title=later("%(name)s co-signed the motion “%(title)s”")
                % {"name": deputy.person.name, "title": motion.title},
                url=_url(motion),
                category=CATEGORY,
                email=False,
            )
        audit_record(
            actor=acting_user, action="motion.sign.confirm", obj=motion, changes={"deputy": deputy.code}
        )
    return signer


def motion_decline_signature(*, motion: Motion, deputy: Deputy, acting_user: Actor) -> MotionSigner:
    """A co-signer declines the invitation (or takes back a confirmation while still a draft)."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("sign", motion)
        authorize(acting_user, perms.can_sign_motion_as, motion, deputy)
        signer = _get_signer(motion, deputy)
        if signer.is_lead:
            raise ConflictError(_("The lead deputy cannot decline their own motion; withdraw it instead."))
        if signer.declined_at is not None:
            raise ConflictError(_("%(name)s has already declined.") % {"name": deputy.person.name})
        signer.declined_at = timezone.now()
        signer.confirmed_at = None
        signer.save(update_fields=["confirmed_at", "declined_at"])
        todos_close_for_source(source=signer, kind=TODO_SIGN, acting_user=acting_user)
        lead_users = users_of_deputies([motion.lead])
        if lead_users:
            notify(
                recipients=lead_users,
                title=later("%(name)s declined to co-sign the motion “%(title)s”")
                % {"name": deputy.person.name, "title": motion.title},
                url=_url(motion),
                category=CATEGORY,
            )
        audit_record(
            actor=acting_user, action="motion.sign.decline", obj=motion, changes={"deputy": deputy.code}
        )
    return signer


# --- tabling -----------------------------------------------------------------------------------


def _completeness_problems(motion: Motion) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not motion.reason.strip():
        problems["reason"] = [_("State the grounds (案据) of the motion.")]
    if not motion.proposal.strip():
        problems["proposal"] = [_("State the proposal (方案): what should be done.")]
    if motion.is_legislative and not motion.draft_outline.strip():
        from django.contrib.contenttypes.models import ContentType

        has_file = Attachment.objects.filter(
            target_type=ContentType.objects.get_for_model(Motion), target_id=str(motion.pk)
        ).exists()
        if not has_file:
            problems["draft_outline"] = [
                _(
                    "A legislative motion carries a draft regulation, or its purpose, main "
                    "content and explanation."
                )
            ]
    return problems


def motion_submit(*, motion: Motion, acting_user: Actor) -> Motion:
    """Table a draft: before the session's cut-off, with at least the profile's number of
    confirmed, eligible signers (the lead included). Numbers it and records the duty of each
    signer; the congress office gets a to-do to have it decided."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("submit", motion)
        authorize(acting_user, perms.can_submit_motion, motion)
        _check_cutoff(motion.session)
        problems = _completeness_problems(motion)
        if problems:
            raise ValidationFailed(_("The motion is not complete."), detail=problems)
        signers = list(MotionSigner.objects.select_related("deputy", "deputy__person").filter(motion=motion))
        active = [s for s in signers if s.is_active]
        ineligible = [
            p
            for s in active
            if (p := eligibility_problem(s.deputy, term_id=motion.term_id, body=motion.body))
        ]
        if ineligible:
            raise InvalidTransition(
                _("Some signers may no longer sign this motion: remove them first."),
                code="ineligible_signers",
                detail=ineligible,
            )
        threshold = signer_threshold(motion)
        if len(active) < threshold:
            raise InvalidTransition(
                _(
                    "A motion to the %(body)s needs at least %(required)s signers, the lead deputy included; "
                    "%(confirmed)s have signed so far."
                )
                % {"body": motion.get_body_display(), "required": threshold, "confirmed": len(active)},
                code="too_few_signers",
                detail={"required": threshold, "confirmed": len(active)},
            )
        Session.objects.select_for_update().filter(pk=motion.session_id).first()
        last = Motion.objects.filter(session_id=motion.session_id).aggregate(m=Max("sequence"))["m"] or 0
        now = timezone.now()
        motion.sequence = last + 1
        motion.number = _number(motion, motion.sequence)
        motion.status = S.SUBMITTED
        motion.submitted_at = now
        motion.save(update_fields=["sequence", "number", "status", "submitted_at", "updated_at"])
        today = timezone.localdate(now)
        for signer in active:
            duty_record(
                deputy=signer.deputy,
                kind=DutyKind.MOTION_LEAD if signer.is_lead else DutyKind.MOTION_COSIGN,
                date=today,
                title=motion.title,
                url=_url(motion),
                source=motion,
            )
        for signer in signers:
            if signer.confirmed_at is None and signer.declined_at is None:
                todos_close_for_source(source=signer, kind=TODO_SIGN, acting_user=acting_user)
        todo_create(
            title=later("Motion %(number)s was submitted: record the decision on it")
            % {"number": motion.number},
            role=Role.STAFF,
            url=_url(motion),
            kind=TODO_DECIDE,
            source=motion,
            acting_user=acting_user,
        )
        _notify_signers(
            motion,
            later("The motion “%(title)s” was submitted as %(number)s")
            % {"title": motion.title, "number": motion.number},
        )
        audit_record(
            actor=acting_user,
            action="motion.submit",
            obj=motion,
            changes={
                "status": [S.DRAFT, S.SUBMITTED],
                "number": motion.number,
                "signers": len(active),
                "threshold": threshold,
            },
        )
    return motion


# --- decisions ---------------------------------------------------------------------------------


def motion_decide(
    *,
    motion: Motion,
    decision: str,
    committee: Organ | None = None,
    note: str = "",
    acting_user: Actor,
) -> Motion:
    """Record the presidium's (or the council of chairpersons') decision on a submitted motion:
    ``list`` (on the agenda), ``not_list`` (referred to ``committee``, which reports by the
    profile's deadline) or ``convert`` (handled as a suggestion)."""
    if decision not in DECISIONS:
        raise ValidationFailed(_("Unknown decision: %(d)s") % {"d": decision})
    if decision == "convert":
        return motion_convert(motion=motion, note=note, acting_user=acting_user)
    with transaction.atomic():
        motion = _lock(motion)
        check_step(decision, motion)
        authorize(acting_user, perms.can_decide_motion, motion)
        if decision == "not_list" and committee is None:
            raise ValidationFailed(
                _("Name the committee that reports on a motion not put on the agenda."),
                detail={"committee": [_("This field is required.")]},
            )
        if committee is not None and committee.type not in REFERRAL_TYPES:
            raise ValidationFailed(
                _(
                    "A motion is referred to a special committee or the council of chairpersons, "
                    "not to %(organ)s."
                )
                % {"organ": committee.name}
            )
        now = timezone.now()
        before = snapshot(motion, ["status", "committee", "report_due"])
        MOTION.advance(decision, motion)
        motion.decided_at = now
        motion.decided_by = as_user(acting_user)
        motion.decision_note = note.strip()
        fields = ["status", "decided_at", "decided_by", "decision_note", "updated_at"]
        if committee is not None:
            motion.committee = committee
            fields.append("committee")
        if decision == "not_list":
            # shanghai-deputy-motions Art 15: the report is due within the period after the session closes.
            start = max(motion.session.end_date, timezone.localdate(now))
            period = ruleset_for(motion.rules).period("motions.not_listed_report_deadline")
            motion.report_due = calendar_service.due_date(start, period)
            fields.append("report_due")
        motion.save(update_fields=fields)
        todos_close_for_source(source=motion, kind=TODO_DECIDE, acting_user=acting_user)
        if decision == "not_list":
            assert committee is not None and motion.report_due is not None
            todo_create(
                title=later("Report on motion %(number)s, not put on the agenda") % {"number": motion.number},
                organ=committee,
                due_date=motion.report_due,
                url=_url(motion),
                kind=TODO_REPORT,
                source=motion,
                acting_user=acting_user,
            )
            body: str | Later = later("It was referred to %(committee)s, which reports by %(due)s.") % {
                "committee": committee.name,
                "due": motion.report_due.isoformat(),
            }
            title = later("Motion %(number)s was not put on the agenda") % {"number": motion.number}
        else:
            body = note.strip()
            title = later("Motion %(number)s was put on the agenda") % {"number": motion.number}
        _notify_signers(motion, title, body)
        audit_record(
            actor=acting_user,
            action=f"motion.decide.{decision}",
            obj=motion,
            changes={
                **diff(before, snapshot(motion, ["status", "committee", "report_due"])),
                "note": note.strip(),
            },
        )
    return motion


def motion_convert(*, motion: Motion, note: str = "", acting_user: Actor) -> Motion:
    """Hand the motion over as a suggestion (转为建议): a decision on a submitted motion, or the
    lead's choice for a draft (e.g. after the cut-off). The suggestions service creates the
    suggestion from the title, text, lead and confirmed co-signers."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("convert", motion)
        authorize(acting_user, perms.can_convert_motion, motion)
        try:
            from lvzhi.suggestions.services import suggestion_create_from_motion
        except ImportError as exc:
            raise ConversionUnavailable() from exc
        suggestion = suggestion_create_from_motion(motion=motion, acting_user=acting_user)
        previous = motion.status
        now = timezone.now()
        motion.status = S.CONVERTED
        motion.converted_suggestion_id = suggestion.pk
        motion.decided_at = now
        motion.decided_by = as_user(acting_user)
        motion.decision_note = note.strip()
        motion.save(
            update_fields=[
                "status",
                "converted_suggestion_id",
                "decided_at",
                "decided_by",
                "decision_note",
                "updated_at",
            ]
        )
        todos_close_for_source(source=motion, kind=TODO_DECIDE, acting_user=acting_user)
        for signer in MotionSigner.objects.filter(
            motion=motion, confirmed_at__isnull=True, declined_at__isnull=True
        ):
            todos_close_for_source(source=signer, kind=TODO_SIGN, acting_user=acting_user)
        _notify_signers(
            motion,
            later("The motion “%(title)s” was converted into a suggestion") % {"title": motion.title},
            note.strip(),
        )
        audit_record(
            actor=acting_user,
            action="motion.convert",
            obj=motion,
            changes={"status": [previous, S.CONVERTED], "suggestion": suggestion.pk, "note": note.strip()},
        )
    return motion


def motion_report(*, motion: Motion, report: str, acting_user: Actor) -> Motion:
    """The committee's report on a motion not put on the agenda (审议结果的报告)."""
    report = (report or "").strip()
    if not report:
        raise ValidationFailed(
            _("Write the committee's report."), detail={"report": [_("This field is required.")]}
        )
    with transaction.atomic():
        motion = _lock(motion)
        check_step("report", motion)
        authorize(acting_user, perms.can_report_on_motion, motion)
        now = timezone.now()
        motion.status = S.REPORTED
        motion.report = report
        motion.reported_at = now
        motion.save(update_fields=["status", "report", "reported_at", "updated_at"])
        todos_close_for_source(source=motion, kind=TODO_REPORT, acting_user=acting_user)
        late = motion.report_due is not None and timezone.localdate(now) > motion.report_due
        _notify_signers(
            motion, later("The committee reported on motion %(number)s") % {"number": motion.number}
        )
        audit_record(
            actor=acting_user,
            action="motion.report",
            obj=motion,
            changes={"status": [S.NOT_LISTED, S.REPORTED], "late": late, "length": len(report)},
        )
    return motion


def motion_record_vote(*, motion: Motion, passed: bool, note: str = "", acting_user: Actor) -> Motion:
    """The outcome of the vote on a listed motion (the majority rule is the profile's
    ``motions.congress_passing_rule``; the meeting counts, the platform records)."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("vote", motion)
        authorize(acting_user, perms.can_record_motion_vote, motion)
        motion.status = S.PASSED if passed else S.FAILED
        motion.voted_at = timezone.now()
        motion.vote_note = note.strip()
        motion.save(update_fields=["status", "voted_at", "vote_note", "updated_at"])
        todos_close_for_source(source=motion, kind=TODO_WITHDRAWAL, acting_user=acting_user)
        title = (
            later("Motion %(number)s was passed") if passed else later("Motion %(number)s was not passed")
        ) % {"number": motion.number}
        _notify_signers(motion, title, note.strip())
        audit_record(
            actor=acting_user,
            action="motion.vote",
            obj=motion,
            changes={"status": [S.LISTED, motion.status], "note": note.strip()},
        )
    return motion


# --- withdrawal and ending ---------------------------------------------------------------------


def motion_request_withdrawal(*, motion: Motion, reason: str, acting_user: Actor) -> Motion:
    """The lead asks to withdraw a tabled motion; the office obtains the presidium's consent."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the reason for the withdrawal."), detail={"reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        motion = _lock(motion)
        check_step("request_withdrawal", motion)
        authorize(acting_user, perms.can_request_motion_withdrawal, motion)
        if motion.withdrawal_requested_at is not None:
            raise ConflictError(_("Withdrawal of this motion has already been requested."))
        motion.withdrawal_requested_at = timezone.now()
        motion.withdrawal_reason = reason
        motion.save(update_fields=["withdrawal_requested_at", "withdrawal_reason", "updated_at"])
        todo_create(
            title=later("The lead deputy asks to withdraw motion %(number)s: record the presidium's decision")
            % {"number": motion.number},
            role=Role.STAFF,
            url=_url(motion),
            kind=TODO_WITHDRAWAL,
            source=motion,
            acting_user=acting_user,
        )
        audit_record(
            actor=acting_user, action="motion.withdrawal_request", obj=motion, changes={"reason": reason}
        )
    return motion


def motion_withdraw(*, motion: Motion, reason: str = "", acting_user: Actor) -> Motion:
    """Withdraw the motion. A draft: the lead's choice. A tabled motion (before the decision on
    listing or before the vote): only with the presidium's consent, which the congress office
    records by taking this step (local-organic-law Art 22)."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("withdraw", motion)
        reason = (reason or "").strip() or motion.withdrawal_reason
        if not reason:
            raise ValidationFailed(
                _("Give the reason for the withdrawal."), detail={"reason": [_("This field is required.")]}
            )
        authorize(
            acting_user,
            perms.can_withdraw_motion,
            motion,
            message=None
            if motion.status == S.DRAFT
            else _(
                "A tabled motion is withdrawn only with the consent of the presidium (or the "
                "council of chairpersons), recorded by the congress office."
            ),
        )
        previous = motion.status
        motion.status = S.WITHDRAWN
        motion.withdrawn_at = timezone.now()
        motion.withdrawal_reason = reason
        motion.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        for kind in (TODO_DECIDE, TODO_WITHDRAWAL):
            todos_close_for_source(source=motion, kind=kind, acting_user=acting_user)
        for signer in MotionSigner.objects.filter(
            motion=motion, confirmed_at__isnull=True, declined_at__isnull=True
        ):
            todos_close_for_source(source=signer, kind=TODO_SIGN, acting_user=acting_user)
        _notify_signers(
            motion, later("The motion “%(title)s” was withdrawn") % {"title": motion.title}, reason
        )
        audit_record(
            actor=acting_user,
            action="motion.withdraw",
            obj=motion,
            changes={"status": [previous, S.WITHDRAWN], "reason": reason, "consent": previous != S.DRAFT},
        )
    return motion


def motion_withdraw_signature(
    *,
    motion: Motion,
    deputy: Deputy,
    reason: str = "",
    acting_user: Actor,
) -> Motion:
    """A co-signer withdraws their signature from a tabled motion. If fewer signers than the
    minimum remain, handling ends (shanghai-deputy-motions Art 13)."""
    with transaction.atomic():
        motion = _lock(motion)
        check_step("withdraw_signature", motion)
        authorize(acting_user, perms.can_withdraw_signature_of, motion, deputy)
        signer = _get_signer(motion, deputy)
        if signer.is_lead:
            raise ValidationFailed(
                _("The lead deputy cannot withdraw their signature; withdraw the motion instead.")
            )
        if not signer.is_active:
            raise ConflictError(
                _("%(name)s's signature is not in force (never confirmed, or already withdrawn).")
                % {"name": deputy.person.name}
            )
        now = timezone.now()
        signer.withdrawn_at = now
        signer.withdrawal_reason = (reason or "").strip()[:200]
        signer.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        # the co-signature stays in the deputy's record (it happened) but is no longer published
        duty_record(
            deputy=deputy,
            kind=DutyKind.MOTION_COSIGN,
            date=timezone.localdate(motion.submitted_at or now),
            title=motion.title,
            url=_url(motion),
            source=motion,
            public=False,
        )
        remaining = MotionSigner.objects.filter(
            motion=motion, confirmed_at__isnull=False, withdrawn_at__isnull=True
        ).count()
        minimum = min_remaining_signers(motion)
        changes: dict[str, Any] = {
            "deputy": deputy.code,
            "reason": signer.withdrawal_reason,
            "remaining": remaining,
            "minimum": minimum,
        }
        if remaining < minimum:
            previous = motion.status
            motion.status = S.ENDED
            motion.ended_at = now
            motion.end_reason = _(
                "Signatures were withdrawn: %(remaining)s signers remain, fewer than the "
                "%(minimum)s required."
            ) % {"remaining": remaining, "minimum": minimum}
            motion.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
            for kind in (TODO_DECIDE, TODO_REPORT, TODO_WITHDRAWAL):
                todos_close_for_source(source=motion, kind=kind, acting_user=acting_user)
            changes["status"] = [previous, S.ENDED]
            _notify_signers(
                motion,
                later("Handling of motion %(number)s ended") % {"number": motion.number},
                motion.end_reason,
            )
        else:
            lead_users = users_of_deputies([motion.lead])
            if lead_users:
                notify(
                    recipients=lead_users,
                    title=later("%(name)s withdrew their signature from motion %(number)s")
                    % {"name": deputy.person.name, "number": motion.number},
                    url=_url(motion),
                    category=CATEGORY,
                )
        audit_record(actor=acting_user, action="motion.sign.withdraw", obj=motion, changes=changes)
    return motion


def report_overdue(motion: Motion, today: dt.date | None = None) -> bool:
    """True when a not-listed motion's committee report is past its due date."""
    today = today or timezone.localdate()
    return motion.status == S.NOT_LISTED and motion.report_due is not None and today > motion.report_due
