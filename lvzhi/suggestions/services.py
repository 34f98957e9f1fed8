"""Every write of the suggestions workflow (代表建议、批评和意见).

Each service: ``transaction.atomic``; the step checked against ``states.TRANSITIONS``;
``update_fields``; one audit row naming the acting user; notifications after commit.
Deadlines come from the suggestion's own rules-profile version through the calendar service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.actors import SYSTEM, Actor, as_user
from lvzhi.core.audit import audit_record
from lvzhi.core.calendar import due_date, work_calendar
from lvzhi.core.errors import (
    ConflictError,
    DomainError,
    InvalidTransition,
    PermissionDeniedError,
    ValidationFailed,
)
from lvzhi.core.i18n import Later, later
from lvzhi.core.models import HANDLING_TYPES, Organ, OrganType, Role, Session, SessionBody, Term, User
from lvzhi.core.permissions import authorize
from lvzhi.core.selectors import current_ruleset, ruleset_for
from lvzhi.core.services import notify, todo_create, todos_close_for_source
from lvzhi.deputies.models import Deputy, DutyKind
from lvzhi.deputies.services import duty_record
from lvzhi.deputies.states import DeputyStatus

from . import permissions as perms
from .models import (
    Assignment,
    Channel,
    Commitment,
    ContactRecord,
    ExtensionRequest,
    Feedback,
    Reply,
    Signer,
    Suggestion,
    Topic,
)
from .states import (
    ASSIGNMENT,
    COMMITMENT,
    EXTENSION,
    FINAL,
    AssignmentMode,
    AssignmentRole,
    AssignmentStatus,
    CommitmentStatus,
    ExtensionStatus,
    Rating,
    SuggestionStatus,
    allowed,
)

S = SuggestionStatus
ASSIGNABLE_TYPES = HANDLING_TYPES | {
    OrganType.SPECIAL_COMMITTEE,
    OrganType.WORKING_BODY,
    OrganType.STANDING_COMMITTEE,
    OrganType.OTHER,
}


# --- helpers ------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _check(action: str, suggestion: Suggestion) -> None:
    if not allowed(action, suggestion.status):
        raise InvalidTransition(
            _("This cannot be done while the suggestion is “%(status)s”.")
            % {"status": suggestion.get_status_display()}
        )


def _locked(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("lead__person", "term", "rules")
        .get(pk=suggestion.pk)
    )


def _rules(suggestion: Suggestion) -> Any:
    return ruleset_for(suggestion.rules)


def _url(suggestion: Suggestion) -> str:
    return reverse("suggestions:detail", args=[suggestion.pk])


def _label(suggestion: Suggestion) -> str | Later:
    """What notifications may say about an item: nothing of a confidential one's content."""
    if suggestion.confidential:
        return later("a confidential suggestion (%(number)s)") % {
            "number": suggestion.number or suggestion.pk
        }
    return f"《{suggestion.title}》"


def _users_of_deputies(deputy_ids: Iterable[int]) -> list[User]:
    person_ids = Deputy.objects.filter(pk__in=list(deputy_ids)).values_list("person_id", flat=True)
    return list(User.objects.filter(person_id__in=person_ids, is_active=True))


def _unit_officers(unit_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            roles__role=Role.UNIT_OFFICER, roles__organ_id__in=list(unit_ids), is_active=True
        ).distinct()
    )


def _office_staff() -> list[User]:
    """The 代表工作机构: staff of the working body that handles deputies' work, else all staff."""
    qs = User.objects.filter(roles__role=Role.STAFF, is_active=True)
    rep = qs.filter(roles__organ__name__contains="代表工作").distinct()
    return list(rep) or list(qs.distinct())


def _signer_deputy_ids(suggestion: Suggestion, *, confirmed_only: bool = True) -> list[int]:
    qs = suggestion.signers.filter(declined_at__isnull=True)
    if confirmed_only:
        qs = qs.filter(confirmed_at__isnull=False)
    return list(qs.values_list("deputy_id", flat=True))


def _reply_recipients(suggestion: Suggestion) -> list[User]:
    if _rules(suggestion).choice("suggestions.reply_recipients") == "every_signer":
        return _users_of_deputies(_signer_deputy_ids(suggestion))
    return _users_of_deputies([suggestion.lead_id])


def _check_deputy_can_sign(deputy: Deputy, term: Term) -> None:
    if deputy.status != DeputyStatus.ACTIVE:
        raise ValidationFailed(_("%(name)s is not a serving deputy.") % {"name": deputy.person.name})
    if deputy.term_id != term.pk:
        raise ValidationFailed(_("%(name)s is not a deputy of this term.") % {"name": deputy.person.name})


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ValidationFailed(_("Give the suggestion a subject."))
    if len(title) > 200:
        raise ValidationFailed(_("The subject is longer than 200 characters."))
    if len(body) < 10:
        raise ValidationFailed(_("Write the content: the facts and what you propose."))
    return title, body


# --- drafting and co-signing ------------------------------------------------------------------


def suggestion_create(
    *,
    lead: Deputy,
    title: str,
    body: str,
    acting_user: Actor,
    topic: str = Topic.OTHER,
    channel: str = Channel.INTERIM,
    session: Session | None = None,
    cosigners: Sequence[Deputy] = (),
    confidential: bool = False,
    confidential_reason: str = "",
    fast_lane: bool = False,
) -> Suggestion:
    """A deputy's draft; co-signers are invited and must confirm before it can be submitted."""
    authorize(
        acting_user, perms.acts_for_deputy, lead, message=_("Only the deputy can lead their own suggestion.")
    )
    title, body = _clean_text(title, body)
    if topic not in Topic.values:
        raise ValidationFailed(_("Unknown topic."))
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."))
    if channel == Channel.SESSION and (session is None or session.body != SessionBody.CONGRESS):
        raise ValidationFailed(_("A suggestion made during a session must name the congress session."))
    if confidential and not confidential_reason.strip():
        raise ValidationFailed(_("Say why the suggestion should be kept confidential."))
    _check_deputy_can_sign(lead, lead.term)
    ids = [d.pk for d in cosigners]
    if lead.pk in ids or len(ids) != len(set(ids)):
        raise ValidationFailed(_("Each co-signer may be listed once, and not the lead deputy."))
    for deputy in cosigners:
        _check_deputy_can_sign(deputy, lead.term)
    version, rules = current_ruleset()
    if fast_lane and not rules.boolean("suggestions.fast_lane_enabled"):
        raise ValidationFailed(_("The fast lane (直通车) is not enabled in the rules profile."))
    now = timezone.now()
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            term=lead.term,
            channel=channel,
            session=session if channel == Channel.SESSION else None,
            title=title,
            body=body,
            topic=topic,
            lead=lead,
            confidential=confidential,
            confidential_reason=confidential_reason.strip()[:200],
            year=timezone.localdate().year,
            rules=version,
            fast_lane=fast_lane,
        )
        Signer.objects.create(suggestion=suggestion, deputy=lead, is_lead=True, confirmed_at=now)
        Signer.objects.bulk_create([Signer(suggestion=suggestion, deputy=d) for d in cosigners])
        audit_record(
            actor=acting_user,
            action="suggestion.create",
            obj=suggestion,
            changes={"title": title, "lead": lead.pk, "cosigners": ids, "confidential": confidential},
        )
        _invite(suggestion, cosigners, acting_user)
    return suggestion


def _invite(suggestion: Suggestion, deputies: Sequence[Deputy], acting_user: Actor) -> None:
    for user in _users_of_deputies([d.pk for d in deputies]):
        todo_create(
            title=later("Confirm co-signing %(s)s") % {"s": _label(suggestion)},
            assignee=user,
            url=_url(suggestion),
            kind="suggestion.cosign",
            source=suggestion,
            acting_user=acting_user,
        )
    notify(
        recipients=_users_of_deputies([d.pk for d in deputies]),
        title=later("%(lead)s invites you to co-sign %(s)s")
        % {"lead": suggestion.lead.person.name, "s": _label(suggestion)},
        url=_url(suggestion),
        category="suggestion",
    )


def suggestion_update(
    *,
    suggestion: Suggestion,
    acting_user: Actor,
    title: str | None = None,
    body: str | None = None,
    topic: str | None = None,
    confidential: bool | None = None,
    confidential_reason: str | None = None,
    cosigners: Sequence[Deputy] | None = None,
) -> Suggestion:
    """Edit a draft or a returned item. Changing the text asks co-signers to confirm again."""
    authorize(acting_user, perms.is_lead, suggestion, message=_("Only the lead deputy edits the suggestion."))
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("edit", suggestion)
        before = {
            "title": suggestion.title,
            "body": suggestion.body,
            "topic": suggestion.topic,
            "confidential": suggestion.confidential,
        }
        new_title, new_body = _clean_text(
            title if title is not None else suggestion.title, body if body is not None else suggestion.body
        )
        fields = []
        for name, value in (
            ("title", new_title),
            ("body", new_body),
            ("topic", topic),
            ("confidential", confidential),
            ("confidential_reason", confidential_reason),
        ):
            if value is not None and getattr(suggestion, name) != value:
                setattr(suggestion, name, value)
                fields.append(name)
        if suggestion.confidential and not suggestion.confidential_reason.strip():
            raise ValidationFailed(_("Say why the suggestion should be kept confidential."))
        if suggestion.topic not in Topic.values:
            raise ValidationFailed(_("Unknown topic."))
        if fields:
            suggestion.save(update_fields=[*fields, "updated_at"])
        text_changed = {"title", "body"} & set(fields)
        if text_changed:
            suggestion.signers.filter(is_lead=False).update(confirmed_at=None)
        invited: list[Deputy] = []
        if cosigners is not None:
            wanted = {d.pk: d for d in cosigners}
            if suggestion.lead_id in wanted:
                raise ValidationFailed(_("Each co-signer may be listed once, and not the lead deputy."))
            for d in cosigners:
                _check_deputy_can_sign(d, suggestion.term)
            current = set(suggestion.signers.filter(is_lead=False).values_list("deputy_id", flat=True))
            suggestion.signers.filter(is_lead=False).exclude(deputy_id__in=wanted).delete()
            invited = [d for pk, d in wanted.items() if pk not in current]
            Signer.objects.bulk_create([Signer(suggestion=suggestion, deputy=d) for d in invited])
        after = {
            "title": suggestion.title,
            "body": suggestion.body,
            "topic": suggestion.topic,
            "confidential": suggestion.confidential,
        }
        audit_record(
            actor=acting_user,
            action="suggestion.update",
            obj=suggestion,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]}
            | ({"invited": [d.pk for d in invited]} if invited else {}),
        )
        if invited:
            _invite(suggestion, invited, acting_user)
        if text_changed:
            others = [
                pk for pk in _signer_deputy_ids(suggestion, confirmed_only=False) if pk != suggestion.lead_id
            ]
            notify(
                recipients=_users_of_deputies(others),
                url=_url(suggestion),
                category="suggestion",
                title=later("%(s)s was revised: please confirm again") % {"s": _label(suggestion)},
            )
    return suggestion


def signer_respond(*, suggestion: Suggestion, deputy: Deputy, confirm: bool, acting_user: Actor) -> Signer:
    """A co-signer confirms (or declines) that the text expresses their wishes (Qingdao Art 9)."""
    authorize(
        acting_user, perms.acts_for_deputy, deputy, message=_("Only the co-signer answers for themselves.")
    )
    with transaction.atomic():
        suggestion = _locked(suggestion)
        if suggestion.status not in (S.DRAFT, S.RETURNED):
            raise InvalidTransition(_("Co-signing is only possible before the suggestion is submitted."))
        signer = suggestion.signers.filter(deputy=deputy, is_lead=False).first()
        if signer is None:
            raise PermissionDeniedError(_("You were not invited to co-sign this suggestion."))
        now = timezone.now()
        signer.confirmed_at, signer.declined_at = (now, None) if confirm else (None, now)
        signer.save(update_fields=["confirmed_at", "declined_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.cosign" if confirm else "suggestion.decline",
            obj=suggestion,
            changes={"deputy": deputy.pk},
        )
        user = as_user(acting_user)
        if user is not None:
            for todo in user.todos.filter(
                kind="suggestion.cosign", source_id=str(suggestion.pk), status="open"
            ):
                from lvzhi.core.services import todo_close

                todo_close(todo=todo, acting_user=acting_user)
        notify(
            recipients=_users_of_deputies([suggestion.lead_id]),
            url=_url(suggestion),
            category="suggestion",
            title=(
                later("%(name)s confirmed co-signing %(s)s")
                if confirm
                else later("%(name)s declined to co-sign %(s)s")
            )
            % {"name": deputy.person.name, "s": _label(suggestion)},
        )
    return signer


def suggestion_submit(*, suggestion: Suggestion, acting_user: Actor) -> Suggestion:
    """Hand the item in; every co-signer still listed must have confirmed."""
    authorize(
        acting_user, perms.is_lead, suggestion, message=_("Only the lead deputy submits the suggestion.")
    )
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("submit", suggestion)
        pending = list(
            suggestion.signers.filter(
                is_lead=False, confirmed_at__isnull=True, declined_at__isnull=True
            ).select_related("deputy__person")
        )
        if pending:
            raise InvalidTransition(
                _("Waiting for co-signers to confirm: %(names)s.")
                % {"names": "、".join(s.deputy.person.name for s in pending)}
            )
        if suggestion.lead.status != DeputyStatus.ACTIVE:
            raise InvalidTransition(_("Only a serving deputy can submit a suggestion."))
        suggestion.status = S.SUBMITTED
        suggestion.submitted_at = timezone.now()
        suggestion.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.submit",
            obj=suggestion,
            changes={"status": ["draft", "submitted"], "signers": _signer_deputy_ids(suggestion)},
        )
        for deputy_id in _signer_deputy_ids(suggestion):
            duty_record(
                deputy=Deputy.objects.get(pk=deputy_id),
                kind=DutyKind.SUGGESTION_LEAD
                if deputy_id == suggestion.lead_id
                else DutyKind.SUGGESTION_COSIGN,
                date=_today(),
                title=suggestion.title,
                url=_url(suggestion),
                source=suggestion,
                public=not suggestion.confidential,
            )
        todo_create(
            title=later("Register the suggestion %(s)s") % {"s": _label(suggestion)},
            role=Role.STAFF,
            url=_url(suggestion),
            kind="suggestion.register",
            source=suggestion,
            acting_user=acting_user,
        )
    return suggestion


def suggestion_attach(*, suggestion: Suggestion, upload: Any, acting_user: Actor) -> Any:
    """Attach a file (photos, surveys, data) to a suggestion while the lead deputy drafts it."""
    from lvzhi.core.services import attachment_store

    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("edit", suggestion)
        authorize(acting_user, perms.is_lead, suggestion, message=_("Only the lead deputy adds attachments."))
        if attachments_of(suggestion).count() >= 10:
            raise ValidationFailed(_("A suggestion can have at most 10 attachments."))
        return attachment_store(target=suggestion, upload=upload, acting_user=acting_user)


def attachments_of(suggestion: Suggestion) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from lvzhi.core.models import Attachment

    return Attachment.objects.filter(
        target_type=ContentType.objects.get_for_model(Suggestion), target_id=str(suggestion.pk)
    ).order_by("id")


# --- screening and registration ---------------------------------------------------------------


def suggestion_return(*, suggestion: Suggestion, reason: str, acting_user: Actor) -> Suggestion:
    """Send it back to the lead deputy for revision, saying why."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    if not reason.strip():
        raise ValidationFailed(_("Say why the suggestion is returned."))
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("return", suggestion)
        suggestion.status = S.RETURNED
        suggestion.staff_note = reason.strip()
        suggestion.save(update_fields=["status", "staff_note", "updated_at"])
        audit_record(
            actor=acting_user, action="suggestion.return", obj=suggestion, changes={"reason": reason}
        )
        todos_close_for_source(source=suggestion, kind="suggestion.register", acting_user=acting_user)
        notify(
            recipients=_users_of_deputies([suggestion.lead_id]),
            url=_url(suggestion),
            category="suggestion",
            title=later("%(s)s was returned for revision") % {"s": _label(suggestion)},
            body=reason,
        )
    return suggestion


def suggestion_convert_to_letter(*, suggestion: Suggestion, reason: str, acting_user: Actor) -> Suggestion:
    """Not admissible as a suggestion (Qingdao Art 11): handled as a deputy's letter (代表来信)."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    if not reason.strip():
        raise ValidationFailed(_("Say why the suggestion is converted to a letter."))
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("convert", suggestion)
        suggestion.status = S.CONVERTED
        suggestion.staff_note = reason.strip()
        suggestion.closed_at = timezone.now()
        suggestion.save(update_fields=["status", "staff_note", "closed_at", "updated_at"])
        audit_record(
            actor=acting_user, action="suggestion.convert", obj=suggestion, changes={"reason": reason}
        )
        todos_close_for_source(source=suggestion, acting_user=acting_user)
        notify(
            recipients=_users_of_deputies(_signer_deputy_ids(suggestion)),
            url=_url(suggestion),
            category="suggestion",
            body=reason,
            title=later("%(s)s will be handled as a deputy's letter") % {"s": _label(suggestion)},
        )
    return suggestion


def _next_number(suggestion: Suggestion) -> tuple[int, str]:
    Term.objects.select_for_update().filter(pk=suggestion.term_id).first()  # serialise numbering per term
    if suggestion.channel == Channel.SESSION and suggestion.session is not None:
        group = Suggestion.objects.filter(
            term=suggestion.term, channel=Channel.SESSION, session=suggestion.session
        )
        seq = (group.aggregate(m=Max("sequence"))["m"] or 0) + 1
        return seq, f"{suggestion.term.number}届{suggestion.session.number}次会议第{seq:04d}号"
    group = Suggestion.objects.filter(term=suggestion.term, channel=Channel.INTERIM, year=suggestion.year)
    seq = (group.aggregate(m=Max("sequence"))["m"] or 0) + 1
    return seq, f"{suggestion.term.number}届{suggestion.year}年闭会期间第{seq:04d}号"


def suggestion_register(*, suggestion: Suggestion, acting_user: Actor) -> Suggestion:
    """Register (立案): number it and start the assignment deadline."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    return _register(suggestion, acting_user)


def _register(suggestion: Suggestion, acting_user: Actor) -> Suggestion:
    """The registration itself, for a caller that has authorized it (the office's step, or a
    motion converted under the motion's own rule)."""
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("register", suggestion)
        seq, number = _next_number(suggestion)
        rules = _rules(suggestion)
        start = _today()
        if suggestion.channel == Channel.SESSION and suggestion.session is not None:
            start = max(
                start, suggestion.session.end_date
            )  # session items go to the 交办会 after the session
        suggestion.sequence, suggestion.number = seq, number
        suggestion.status = S.REGISTERED
        suggestion.registered_at = timezone.now()
        suggestion.assign_due = due_date(start, rules.period("suggestions.assignment_deadline"))
        suggestion.save(
            update_fields=["sequence", "number", "status", "registered_at", "assign_due", "updated_at"]
        )
        audit_record(
            actor=acting_user,
            action="suggestion.register",
            obj=suggestion,
            changes={"number": number, "assign_due": suggestion.assign_due},
        )
        todos_close_for_source(source=suggestion, kind="suggestion.register", acting_user=acting_user)
        todo_create(
            title=later("Assign %(s)s to handling units") % {"s": _label(suggestion)},
            role=Role.STAFF,
            due_date=suggestion.assign_due,
            url=_url(suggestion),
            kind="suggestion.assign",
            source=suggestion,
            acting_user=acting_user,
        )
        notify(
            recipients=_users_of_deputies(_signer_deputy_ids(suggestion)),
            url=_url(suggestion),
            category="suggestion",
            title=later("%(s)s was registered as %(n)s") % {"s": _label(suggestion), "n": number},
        )
    return suggestion


def suggestion_merge(
    *, suggestion: Suggestion, into: Suggestion, reason: str, acting_user: Actor
) -> Suggestion:
    """并案: handle ``suggestion`` together with ``into``; its deputies join ``into`` and are told."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    if suggestion.pk == into.pk:
        raise ValidationFailed(_("A suggestion cannot be merged into itself."))
    with transaction.atomic():
        target = Suggestion.objects.select_for_update().get(pk=into.pk)
        suggestion = _locked(suggestion)
        _check("merge", suggestion)
        if target.status in FINAL or target.status in (S.DRAFT, S.RETURNED, S.SUBMITTED):
            raise InvalidTransition(_("Merge into a registered suggestion that is still being handled."))
        if target.term_id != suggestion.term_id:
            raise ValidationFailed(_("Only suggestions of the same term can be merged."))
        suggestion.status = S.MERGED
        suggestion.merged_into = target
        suggestion.staff_note = reason.strip()
        suggestion.closed_at = timezone.now()
        suggestion.save(update_fields=["status", "merged_into", "staff_note", "closed_at", "updated_at"])
        existing = set(target.signers.values_list("deputy_id", flat=True))
        joined = [pk for pk in _signer_deputy_ids(suggestion) if pk not in existing]
        now = timezone.now()
        Signer.objects.bulk_create(
            [Signer(suggestion=target, deputy_id=pk, confirmed_at=now) for pk in joined]
        )
        audit_record(
            actor=acting_user,
            action="suggestion.merge",
            obj=suggestion,
            changes={"into": target.pk, "joined": joined, "reason": reason},
        )
        todos_close_for_source(source=suggestion, acting_user=acting_user)
        everyone = set(_signer_deputy_ids(target)) | set(_signer_deputy_ids(suggestion))
        notify(
            recipients=_users_of_deputies(everyone),
            url=_url(target),
            category="suggestion",
            title=later("%(a)s is handled together with %(b)s")
            % {"a": _label(suggestion), "b": _label(target)},
            body=reason,
        )
    return suggestion


# --- assignment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChoice:
    unit: Organ
    role: str
    part: str = ""
    score: float | None = None


def _deadlines(rules: Any, start: dt.date) -> dict[str, dt.date]:
    return {
        "return_due": due_date(start, rules.period("suggestions.return_request_window")),
        "opinion_due": due_date(start, rules.period("suggestions.co_handler_opinion_deadline")),
        "reply_due": due_date(start, rules.period("suggestions.reply_deadline")),
        "reply_cap": due_date(start, rules.period("suggestions.reply_deadline_max")),
    }


def unit_choices(
    mode: str,
    lead: Organ | None,
    others: Sequence[Organ],
    parts: Sequence[str] = (),
    scores: dict[int, float] | None = None,
) -> list[UnitChoice]:
    """The assignment form as the choices ``suggestion_assign`` takes: each unit's role follows
    the mode (the lead unit first); ``suggestion_assign`` checks them (one place for the rules)."""
    scores = scores or {}
    units = ([lead] if lead is not None else []) + list(others)
    if mode == AssignmentMode.JOINT:
        return [
            UnitChoice(u, AssignmentRole.LEAD if u is lead else AssignmentRole.CO, score=scores.get(u.pk))
            for u in units
        ]
    if mode == AssignmentMode.SEPARATE:
        if len(parts) != len(units):
            raise ValidationFailed(_("Separate handling: state each unit's part, one line per unit."))
        return [
            UnitChoice(u, AssignmentRole.SEPARATE, part=p, score=scores.get(u.pk))
            for u, p in zip(units, parts, strict=True)
        ]
    return [UnitChoice(u, AssignmentRole.SOLE, score=scores.get(u.pk)) for u in units]


def _check_choices(mode: str, choices: Sequence[UnitChoice]) -> None:
    if mode not in AssignmentMode.values:
        raise ValidationFailed(_("Unknown assignment mode."))
    if not choices:
        raise ValidationFailed(_("Choose at least one handling unit."))
    units = [c.unit.pk for c in choices]
    if len(units) != len(set(units)):
        raise ValidationFailed(_("A unit is listed twice."))
    for c in choices:
        if c.unit.type not in ASSIGNABLE_TYPES or not c.unit.is_active:
            raise ValidationFailed(_("%(u)s cannot handle suggestions.") % {"u": c.unit.name})
    roles = [c.role for c in choices]
    if mode == AssignmentMode.SOLE and (len(choices) != 1 or roles != [AssignmentRole.SOLE]):
        raise ValidationFailed(_("A single-unit assignment names exactly one unit."))
    if mode == AssignmentMode.SEPARATE:
        if len(choices) < 2 or set(roles) != {AssignmentRole.SEPARATE}:
            raise ValidationFailed(_("Separate handling needs at least two units."))
        if any(not c.part.strip() for c in choices):
            raise ValidationFailed(_("Separate handling: state each unit's part."))
    if mode == AssignmentMode.JOINT and (
        roles.count(AssignmentRole.LEAD) != 1
        or roles.count(AssignmentRole.CO) < 1
        or len(roles) != roles.count(AssignmentRole.LEAD) + roles.count(AssignmentRole.CO)
    ):
        raise ValidationFailed(_("Joint handling needs one lead unit and at least one co-handling unit."))


def _create_assignments(
    suggestion: Suggestion, mode: str, choices: Sequence[UnitChoice], acting_user: Actor
) -> list[Assignment]:
    dates = _deadlines(_rules(suggestion), _today())
    now = timezone.now()
    rows = []
    for c in choices:
        rows.append(
            Assignment.objects.create(
                suggestion=suggestion,
                unit=c.unit,
                mode=mode,
                role=c.role,
                part=c.part.strip(),
                assigned_at=now,
                assigned_by=as_user(acting_user),
                return_due=dates["return_due"],
                reply_due=dates["reply_due"],
                reply_cap=dates["reply_cap"],
                opinion_due=dates["opinion_due"] if c.role == AssignmentRole.CO else None,
                recommendation_score=c.score,
            )
        )
    for a in rows:
        due = a.opinion_due if a.role == AssignmentRole.CO else a.reply_due
        title = (
            later("Send the co-handling opinion on %(s)s to the lead unit")
            if a.role == AssignmentRole.CO
            else later("Handle and answer %(s)s")
        ) % {"s": _label(suggestion)}
        todo_create(
            title=title,
            organ=a.unit,
            due_date=due,
            url=_url(suggestion),
            kind="suggestion.handle",
            source=a,
            acting_user=acting_user,
        )
        notify(
            recipients=_unit_officers([a.unit_id]),
            url=_url(suggestion),
            category="suggestion",
            title=later("New assignment: %(s)s (reply due %(d)s)")
            % {"s": _label(suggestion), "d": a.reply_due},
        )
    return rows


def suggestion_assign(
    *, suggestion: Suggestion, mode: str, choices: Sequence[UnitChoice], acting_user: Actor
) -> list[Assignment]:
    """交办 to one unit, to several separately (分别办理) or jointly (会同办理: 主办 + 协办)."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    _check_choices(mode, choices)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("assign", suggestion)
        rows = _create_assignments(suggestion, mode, choices, acting_user)
        suggestion.status = S.ASSIGNED
        suggestion.assigned_at = timezone.now()
        suggestion.save(update_fields=["status", "assigned_at", "updated_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.assign",
            obj=suggestion,
            changes={
                "mode": mode,
                "units": [[c.unit.pk, c.role, c.part] for c in choices],
                "recommended": [c.score for c in choices],
            },
        )
        todos_close_for_source(source=suggestion, kind="suggestion.assign", acting_user=acting_user)
        names = "、".join(c.unit.name for c in choices)
        notify(
            recipients=_users_of_deputies(_signer_deputy_ids(suggestion)),
            url=_url(suggestion),
            category="suggestion",
            title=later("%(s)s was assigned to %(units)s") % {"s": _label(suggestion), "units": names},
        )
    return rows


def _locked_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("suggestion", "unit")
        .get(pk=assignment.pk)
    )


def _require_unit(user: Actor, assignment: Assignment) -> None:
    authorize(
        user,
        perms.can_act_for_assignment,
        assignment,
        message=_("Only officers of %(u)s can do this.") % {"u": assignment.unit.name},
    )


def assignment_request_return(*, assignment: Assignment, reason: str, acting_user: Actor) -> Assignment:
    """The unit says the item is not within its remit, within the profile's window (Qingdao Art 19)."""
    if not reason.strip():
        raise ValidationFailed(_("Give the reasons why the item is not for your unit."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        _require_unit(acting_user, assignment)
        if assignment.suggestion.status != S.ASSIGNED or not ASSIGNMENT.allowed(
            "request_return", assignment.status
        ):
            raise InvalidTransition(_("A return can only be requested while the unit is handling the item."))
        if _today() > assignment.return_due:
            raise InvalidTransition(
                _("The window to ask for a return closed on %(d)s.") % {"d": assignment.return_due}
            )
        ASSIGNMENT.advance("request_return", assignment)
        assignment.return_reason = reason.strip()
        assignment.save(update_fields=["status", "return_reason"])
        audit_record(
            actor=acting_user, action="assignment.request_return", obj=assignment, changes={"reason": reason}
        )
        todo_create(
            title=later("%(u)s asks to return %(s)s")
            % {"u": assignment.unit.name, "s": _label(assignment.suggestion)},
            role=Role.STAFF,
            url=_url(assignment.suggestion),
            kind="suggestion.return_request",
            source=assignment,
            acting_user=acting_user,
        )
    return assignment


def assignment_decide_return(
    *,
    assignment: Assignment,
    accept: bool,
    acting_user: Actor,
    replacement: Organ | None = None,
    note: str = "",
) -> Assignment | None:
    """The office reassigns the item to ``replacement`` or refuses (then the unit must handle it)."""
    authorize(acting_user, perms.can_screen_suggestion, assignment.suggestion)
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        if not ASSIGNMENT.allowed("accept_return" if accept else "refuse_return", assignment.status):
            raise InvalidTransition(_("No return request is pending for this assignment."))
        todos_close_for_source(source=assignment, kind="suggestion.return_request", acting_user=acting_user)
        if not accept:
            ASSIGNMENT.advance("refuse_return", assignment)
            assignment.save(update_fields=["status"])
            audit_record(
                actor=acting_user, action="assignment.return_refused", obj=assignment, changes={"note": note}
            )
            notify(
                recipients=_unit_officers([assignment.unit_id]),
                url=_url(assignment.suggestion),
                category="suggestion",
                body=note,
                title=later("Return refused: your unit must handle %(s)s")
                % {"s": _label(assignment.suggestion)},
            )
            return assignment
        if replacement is None:
            raise ValidationFailed(_("Choose the unit that takes the item over."))
        siblings = assignment.suggestion.assignments.exclude(pk=assignment.pk).exclude(
            status=AssignmentStatus.RETURNED
        )
        if siblings.filter(unit=replacement).exists() or replacement.pk == assignment.unit_id:
            raise ValidationFailed(_("%(u)s already handles this item.") % {"u": replacement.name})
        choice = UnitChoice(unit=replacement, role=assignment.role, part=assignment.part)
        _check_choices(AssignmentMode.SOLE, [UnitChoice(unit=replacement, role=AssignmentRole.SOLE)])
        ASSIGNMENT.advance("accept_return", assignment)
        assignment.save(update_fields=["status"])
        todos_close_for_source(source=assignment, acting_user=acting_user)
        [new] = _create_assignments(assignment.suggestion, assignment.mode, [choice], acting_user)
        audit_record(
            actor=acting_user,
            action="assignment.reassign",
            obj=assignment,
            changes={
                "from": assignment.unit_id,
                "to": replacement.pk,
                "new_assignment": new.pk,
                "note": note,
            },
        )
        notify(
            recipients=_unit_officers([assignment.unit_id]),
            url=_url(assignment.suggestion),
            category="suggestion",
            title=later("Return accepted: %(s)s went to %(u)s")
            % {"s": _label(assignment.suggestion), "u": replacement.name},
        )
        return new


def assignment_send_opinion(*, assignment: Assignment, opinion: str, acting_user: Actor) -> Assignment:
    """A co-handling unit (协办) sends its written opinion to the lead unit (Qingdao Art 24)."""
    if not opinion.strip():
        raise ValidationFailed(_("Write the co-handling opinion."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        _require_unit(acting_user, assignment)
        if assignment.role != AssignmentRole.CO:
            raise InvalidTransition(_("Only a co-handling unit sends an opinion to the lead unit."))
        if not ASSIGNMENT.allowed("send_opinion", assignment.status):
            raise InvalidTransition(_("This assignment is not being handled."))
        if assignment.suggestion.status not in (S.ASSIGNED, S.REHANDLING):
            raise InvalidTransition(
                _("This cannot be done while the suggestion is “%(status)s”.")
                % {"status": assignment.suggestion.get_status_display()}
            )
        assignment.co_opinion = opinion.strip()
        assignment.co_opinion_at = timezone.now()
        ASSIGNMENT.advance("send_opinion", assignment)
        assignment.save(update_fields=["co_opinion", "co_opinion_at", "status"])
        audit_record(
            actor=acting_user, action="assignment.opinion", obj=assignment, changes={"length": len(opinion)}
        )
        todos_close_for_source(source=assignment, acting_user=acting_user)
        lead = (
            assignment.suggestion.assignments.filter(role=AssignmentRole.LEAD)
            .exclude(status=AssignmentStatus.RETURNED)
            .first()
        )
        if lead is not None:
            notify(
                recipients=_unit_officers([lead.unit_id]),
                url=_url(assignment.suggestion),
                category="suggestion",
                title=later("%(u)s sent its co-handling opinion on %(s)s")
                % {"u": assignment.unit.name, "s": _label(assignment.suggestion)},
            )
    return assignment


def contact_record_add(
    *, assignment: Assignment, date: dt.date, method: str, summary: str, acting_user: Actor
) -> ContactRecord:
    """The unit's contact with the deputy while handling (Qingdao Art 23)."""
    if not summary.strip() or not method.strip():
        raise ValidationFailed(_("Say how and what was discussed with the deputy."))
    if date > _today():
        raise ValidationFailed(_("The contact date cannot be in the future."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        _require_unit(acting_user, assignment)
        if assignment.suggestion.status in FINAL or not ASSIGNMENT.allowed("contact", assignment.status):
            raise InvalidTransition(_("The item is no longer being handled by this unit."))
        record = ContactRecord.objects.create(
            assignment=assignment,
            date=date,
            method=method.strip()[:40],
            summary=summary.strip(),
            recorded_by=as_user(acting_user),
        )
        audit_record(
            actor=acting_user,
            action="assignment.contact",
            obj=assignment,
            changes={"date": date, "method": method},
        )
    return record


def extension_request(
    *, assignment: Assignment, until: dt.date, reason: str, acting_user: Actor
) -> ExtensionRequest:
    """Ask the office for more time; never past the cap (six months from 交办, deputies law Art 51)."""
    if not reason.strip():
        raise ValidationFailed(_("Say why more time is needed."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        _require_unit(acting_user, assignment)
        if not assignment.answers or not ASSIGNMENT.allowed("request_extension", assignment.status):
            raise InvalidTransition(_("Only a unit that is answering the deputy can ask for more time."))
        if until <= assignment.reply_due:
            raise ValidationFailed(
                _("The new date must be after the current deadline %(d)s.") % {"d": assignment.reply_due}
            )
        if until > assignment.reply_cap:
            raise ValidationFailed(
                _("No extension can go past %(d)s, six months after assignment.")
                % {"d": assignment.reply_cap}
            )
        if assignment.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise ConflictError(_("An extension request is already waiting for a decision."))
        request = ExtensionRequest.objects.create(
            assignment=assignment,
            requested_until=until,
            reason=reason.strip(),
            requested_by=as_user(acting_user),
        )
        audit_record(
            actor=acting_user,
            action="assignment.extension_request",
            obj=assignment,
            changes={"until": until, "reason": reason},
        )
        todo_create(
            title=later("%(u)s asks until %(d)s to answer %(s)s")
            % {"u": assignment.unit.name, "d": until, "s": _label(assignment.suggestion)},
            role=Role.STAFF,
            url=_url(assignment.suggestion),
            kind="suggestion.extension",
            source=request,
            acting_user=acting_user,
        )
    return request


def extension_decide(*, request: ExtensionRequest, approve: bool, acting_user: Actor) -> ExtensionRequest:
    authorize(acting_user, perms.can_screen_suggestion, request.assignment.suggestion)
    with transaction.atomic():
        request = (
            ExtensionRequest.objects.select_for_update(of=("self",))
            .select_related("assignment__suggestion", "assignment__unit")
            .get(pk=request.pk)
        )
        if not EXTENSION.allowed("approve" if approve else "reject", request.status):
            raise InvalidTransition(_("This request was already decided."))
        assignment = Assignment.objects.select_for_update().get(pk=request.assignment_id)
        if approve and request.requested_until > assignment.reply_cap:
            raise ValidationFailed(
                _("No extension can go past %(d)s, six months after assignment.")
                % {"d": assignment.reply_cap}
            )
        EXTENSION.advance("approve" if approve else "reject", request)
        request.decided_by, request.decided_at = as_user(acting_user), timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        old = assignment.reply_due
        if approve:
            assignment.reply_due = request.requested_until
            assignment.save(update_fields=["reply_due"])
            from lvzhi.core.models import Todo

            Todo.objects.filter(source_id=str(assignment.pk), kind="suggestion.handle", status="open").update(
                due_date=request.requested_until
            )
        audit_record(
            actor=acting_user,
            action="assignment.extension_" + ("approve" if approve else "reject"),
            obj=assignment,
            changes={"reply_due": [str(old), str(assignment.reply_due)]} if approve else {},
        )
        todos_close_for_source(source=request, acting_user=acting_user)
        notify(
            recipients=_unit_officers([assignment.unit_id]),
            url=_url(assignment.suggestion),
            category="suggestion",
            title=(
                later("Extension approved until %(d)s: %(s)s")
                if approve
                else later("Extension refused: %(s)s")
            )
            % {"d": request.requested_until, "s": _label(assignment.suggestion)},
        )
        if approve:
            notify(
                recipients=_reply_recipients(assignment.suggestion),
                url=_url(assignment.suggestion),
                category="suggestion",
                title=later("%(u)s will answer %(s)s by %(d)s")
                % {
                    "u": assignment.unit.name,
                    "d": request.requested_until,
                    "s": _label(assignment.suggestion),
                },
            )
    return request


# --- replies, feedback, re-handling -----------------------------------------------------------


def _category(rules: Any, code: str) -> dict[str, Any]:
    for item in rules.items("suggestions.reply_categories"):
        if item.get("code") == code:
            return dict(item)
    raise ValidationFailed(_("Unknown result category %(c)s.") % {"c": code})


def reply_submit(
    *,
    assignment: Assignment,
    category: str,
    content: str,
    signer: str,
    acting_user: Actor,
    mode: str = "written",
    commitment: str = "",
    commitment_due: dt.date | None = None,
) -> Reply:
    """The unit's formal reply, point by point, signed by its head (Qingdao Art 29). The
    reply letter (.docx) is generated and stored. When every answering unit has replied the
    deputy is told and the feedback window opens."""
    from .documents import reply_letter_docx

    if len(content.strip()) < 20:
        raise ValidationFailed(_("Answer the suggestion point by point (at least a few sentences)."))
    if not signer.strip():
        raise ValidationFailed(_("Name the unit head who signs the reply."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        _require_unit(acting_user, assignment)
        suggestion = (
            Suggestion.objects.select_for_update(of=("self",))
            .select_related("lead__person", "rules")
            .get(pk=assignment.suggestion_id)
        )
        _check("reply", suggestion)
        if not assignment.answers:
            raise InvalidTransition(
                _("A co-handling unit sends its opinion to the lead unit; the lead unit answers.")
            )
        if not ASSIGNMENT.allowed("reply", assignment.status):
            raise InvalidTransition(_("This unit has already answered, or the item is not with it."))
        if assignment.role == AssignmentRole.LEAD:
            missing = suggestion.assignments.filter(role=AssignmentRole.CO, status=AssignmentStatus.ACTIVE)
            if missing.exists():
                raise InvalidTransition(
                    _("Waiting for the co-handling opinion of %(u)s.")
                    % {"u": "、".join(a.unit.name for a in missing.select_related("unit"))}
                )
        rules = _rules(suggestion)
        cat = _category(rules, category)
        if cat.get("needs_date") and (commitment_due is None or not commitment.strip()):
            raise ValidationFailed(
                _("Category %(c)s needs the commitment and the date it will be delivered.") % {"c": category}
            )
        if commitment_due is not None and commitment_due <= _today():
            raise ValidationFailed(_("The promised date must be in the future."))
        round_no = 2 if assignment.status == AssignmentStatus.REHANDLING else 1
        now = timezone.now()
        reply = Reply(
            assignment=assignment,
            round=round_no,
            category=category,
            content=content.strip(),
            signer=signer.strip()[:60],
            mode=mode,
            commitment=commitment.strip(),
            commitment_due=commitment_due,
            replied_at=now,
            replied_by=as_user(acting_user),
        )
        reply.save()
        reply.letter.save(
            f"reply-{suggestion.pk}-{assignment.pk}-{round_no}.docx",
            reply_letter_docx(reply=reply, category_label=cat.get("label_zh", category)),
            save=False,
        )
        reply.save(update_fields=["letter"])
        if cat.get("commitment"):
            Commitment.objects.update_or_create(
                reply=reply,
                defaults={"unit": assignment.unit, "content": commitment.strip(), "due": commitment_due},
            )
        ASSIGNMENT.advance("reply", assignment)
        assignment.answered_at = now
        assignment.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.reply",
            obj=suggestion,
            changes={
                "unit": assignment.unit_id,
                "round": round_no,
                "category": category,
                "commitment_due": commitment_due,
            },
        )
        todos_close_for_source(source=assignment, acting_user=acting_user)
        open_answering = [
            a
            for a in suggestion.assignments.exclude(status=AssignmentStatus.RETURNED)
            if a.answers and a.status != AssignmentStatus.ANSWERED
        ]
        if not open_answering:
            suggestion.status = S.ANSWERED
            suggestion.answered_at = now
            suggestion.feedback_due = due_date(_today(), rules.period("suggestions.feedback_window"))
            suggestion.save(update_fields=["status", "answered_at", "feedback_due", "updated_at"])
            for user in _users_of_deputies([suggestion.lead_id]):
                todo_create(
                    title=later("Rate the replies to %(s)s") % {"s": _label(suggestion)},
                    assignee=user,
                    due_date=suggestion.feedback_due,
                    url=_url(suggestion),
                    kind="suggestion.rate",
                    source=suggestion,
                    acting_user=acting_user,
                )
        notify(
            recipients=_reply_recipients(suggestion),
            url=_url(suggestion),
            category="suggestion",
            title=later("%(u)s answered %(s)s") % {"u": assignment.unit.name, "s": _label(suggestion)},
        )
    return reply


def feedback_submit(*, reply: Reply, rating: str, comment: str, acting_user: Actor) -> Feedback:
    """The lead deputy rates a reply. 不满意 sends that unit's part back for re-handling
    with a new deadline (once); otherwise, when every reply is rated, the item is closed."""
    if rating not in Rating.values:
        raise ValidationFailed(_("Choose satisfied, basically satisfied or not satisfied."))
    if rating == Rating.UNSATISFIED and not comment.strip():
        raise ValidationFailed(_("Say what is unsatisfactory, so the unit can handle it again."))
    with transaction.atomic():
        reply = Reply.objects.select_related("assignment__unit").get(pk=reply.pk)
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=reply.assignment_id)
        )
        suggestion = (
            Suggestion.objects.select_for_update(of=("self",))
            .select_related("lead__person", "rules")
            .get(pk=assignment.suggestion_id)
        )
        authorize(
            acting_user, perms.can_rate, suggestion, message=_("Only the lead deputy rates the replies.")
        )
        _check("rate", suggestion)
        if Feedback.objects.filter(reply=reply).exists():
            raise ConflictError(_("This reply has already been rated."))
        latest = assignment.replies.order_by("-round").first()
        if latest is None or latest.pk != reply.pk:
            raise InvalidTransition(_("Only the latest reply can be rated."))
        if suggestion.feedback_due and _today() > suggestion.feedback_due:
            raise InvalidTransition(
                _("The time to rate the replies ended on %(d)s.") % {"d": suggestion.feedback_due}
            )
        feedback = Feedback.objects.create(
            reply=reply,
            rating=rating,
            comment=comment.strip(),
            rated_by=as_user(acting_user),
            rated_at=timezone.now(),
        )
        audit_record(
            actor=acting_user,
            action="suggestion.rate",
            obj=suggestion,
            changes={"unit": assignment.unit_id, "round": reply.round, "rating": rating},
        )
        duty_record(
            deputy=suggestion.lead,
            kind=DutyKind.FEEDBACK,
            date=_today(),
            url=_url(suggestion),
            title=_("Rated the reply of %(u)s to 《%(t)s》")
            % {"u": assignment.unit.name, "t": suggestion.title},
            source=feedback,
            public=not suggestion.confidential,
        )
        rules = _rules(suggestion)
        if rating == Rating.UNSATISFIED and reply.round == 1:
            new_due = due_date(_today(), rules.period("suggestions.rehandling_deadline"))
            ASSIGNMENT.advance("rehandle", assignment)
            assignment.reply_due = new_due
            assignment.save(update_fields=["status", "reply_due"])
            suggestion.status = S.REHANDLING
            suggestion.save(update_fields=["status", "updated_at"])
            todo_create(
                title=later("Handle %(s)s again: the deputy is not satisfied") % {"s": _label(suggestion)},
                organ=assignment.unit,
                due_date=new_due,
                url=_url(suggestion),
                kind="suggestion.handle",
                source=assignment,
                acting_user=acting_user,
            )
            notify(
                recipients=_unit_officers([assignment.unit_id]) + _office_staff(),
                url=_url(suggestion),
                category="suggestion",
                body=comment,
                title=later("Not satisfied: %(s)s goes back to %(u)s for re-handling (due %(d)s)")
                % {"s": _label(suggestion), "u": assignment.unit.name, "d": new_due},
            )
        else:
            _close_if_all_rated(suggestion, acting_user)
    return feedback


def _close_if_all_rated(suggestion: Suggestion, acting_user: Actor) -> None:
    answering = [a for a in suggestion.assignments.exclude(status=AssignmentStatus.RETURNED) if a.answers]
    pending = [a for a in answering if a.status != AssignmentStatus.ANSWERED]
    unrated = [
        a
        for a in answering
        if not Feedback.objects.filter(reply__assignment=a, reply__round=a.replies.count()).exists()
    ]
    if pending:
        if suggestion.status == S.ANSWERED and any(a.status == AssignmentStatus.REHANDLING for a in pending):
            suggestion.status = S.REHANDLING
            suggestion.save(update_fields=["status", "updated_at"])
        return
    if unrated:
        return
    suggestion.status = S.CLOSED
    suggestion.closed_at = timezone.now()
    suggestion.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=acting_user, action="suggestion.close", obj=suggestion, changes={"status": "closed"})
    todos_close_for_source(source=suggestion, acting_user=acting_user)


def suggestion_close_unrated(
    *, suggestion: Suggestion, acting_user: Actor, today: dt.date | None = None
) -> Suggestion:
    """Close an answered item whose feedback window passed without a rating."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("close", suggestion)
        if suggestion.feedback_due and (today or _today()) <= suggestion.feedback_due:
            raise InvalidTransition(
                _("The deputy can still rate the replies until %(d)s.") % {"d": suggestion.feedback_due}
            )
        suggestion.status = S.CLOSED
        suggestion.closed_at = timezone.now()
        suggestion.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.close",
            obj=suggestion,
            changes={"reason": "feedback window"},
        )
        todos_close_for_source(source=suggestion, acting_user=acting_user)
    return suggestion


def suggestion_withdraw(*, suggestion: Suggestion, reason: str, acting_user: Actor) -> Suggestion:
    """The lead deputy withdraws in writing; handling ends (Qingdao Art 12)."""
    if not reason.strip():
        raise ValidationFailed(_("A withdrawal must be made in writing: give the reason."))
    with transaction.atomic():
        suggestion = _locked(suggestion)
        authorize(
            acting_user,
            perms.is_lead,
            suggestion,
            message=_("Only the lead deputy can withdraw the suggestion."),
        )
        _check("withdraw", suggestion)
        previous = suggestion.status
        suggestion.status = S.WITHDRAWN
        suggestion.staff_note = reason.strip()
        suggestion.closed_at = timezone.now()
        suggestion.save(update_fields=["status", "staff_note", "closed_at", "updated_at"])
        units = list(
            suggestion.assignments.exclude(status=AssignmentStatus.RETURNED).values_list("unit_id", flat=True)
        )
        audit_record(
            actor=acting_user,
            action="suggestion.withdraw",
            obj=suggestion,
            changes={"status": [previous, "withdrawn"], "reason": reason},
        )
        todos_close_for_source(source=suggestion, acting_user=acting_user)
        for assignment in suggestion.assignments.all():
            todos_close_for_source(source=assignment, acting_user=acting_user)
        notify(
            recipients=_unit_officers(units) + _users_of_deputies(_signer_deputy_ids(suggestion)),
            url=_url(suggestion),
            category="suggestion",
            title=later("%(s)s was withdrawn by the deputy; handling ends") % {"s": _label(suggestion)},
        )
    return suggestion


# --- key supervision, commitments --------------------------------------------------------------


def suggestion_select_key(
    *, suggestion: Suggestion, committee: Organ, decided_on: dt.date, acting_user: Actor
) -> Suggestion:
    """重点督办, as decided by the council of chairpersons; a committee supervises."""
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    if committee.type not in (OrganType.SPECIAL_COMMITTEE, OrganType.WORKING_BODY):
        raise ValidationFailed(_("Key supervision is led by a special committee or working body."))
    with transaction.atomic():
        suggestion = _locked(suggestion)
        _check("select_key", suggestion)
        if suggestion.is_key:
            raise ConflictError(_("This suggestion is already under key supervision."))
        suggestion.is_key = True
        suggestion.key_committee = committee
        # the page says when, in the reader's language (the text was once stored in the
        # language of whoever recorded it, so English pages showed 主任会议于 … 确定。)
        suggestion.key_decided_on = decided_on
        suggestion.save(update_fields=["is_key", "key_committee", "key_decided_on", "updated_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.select_key",
            obj=suggestion,
            changes={"committee": committee.pk, "decided_on": decided_on},
        )
        units = list(
            suggestion.assignments.exclude(status=AssignmentStatus.RETURNED).values_list("unit_id", flat=True)
        )
        notify(
            recipients=_unit_officers(units) + _users_of_deputies(_signer_deputy_ids(suggestion)),
            url=_url(suggestion),
            category="suggestion",
            title=later("%(s)s is under key supervision by %(c)s")
            % {"s": _label(suggestion), "c": committee.name},
        )
    return suggestion


# --- the office's tools: the unit recommender and the similarity index ------------------------------


def recommender_train(*, acting_user: Actor, min_examples: int = 20) -> int:
    """Fit the handling-unit recommender and store it (the three newest kept). Returns the
    examples used (0: too few to train). The worker runs it daily as the system actor; the model
    is derived data (rebuilt from the assignments), so no audit row."""
    from .intelligence import recommender_fit
    from .models import RecommenderModel

    authorize(acting_user, perms.can_screen_suggestion)
    fitted = recommender_fit(min_examples=min_examples)
    if fitted is None:
        return 0
    model, examples = fitted
    with transaction.atomic():
        RecommenderModel.objects.create(examples=examples, payload=model.to_bytes())
        old = RecommenderModel.objects.order_by("-trained_at").values_list("pk", flat=True)[3:]
        RecommenderModel.objects.filter(pk__in=list(old)).delete()
    return examples


def similarity_index_save(*, acting_user: Actor) -> int:
    """Build the similarity index of every registered suggestion and store it for the web
    processes (a file; replaced atomically). Returns the number of suggestions indexed."""
    from .intelligence import similarity_index_build, similarity_index_file

    authorize(acting_user, perms.can_screen_suggestion)
    index, count = similarity_index_build()
    target = similarity_index_file()
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(index.to_bytes())
    tmp.replace(target)
    return count


# --- publication on the portal ------------------------------------------------------------------


def publication_problem(suggestion: Suggestion) -> DomainError | None:
    """Why ``suggestion`` may not be published on the portal now (the error to raise), or None.

    Published are only suggestions every answering unit has replied to (or closed), never a
    confidential one, never one merged into another."""
    if suggestion.confidential:
        return InvalidTransition(
            _("A confidential suggestion is never published on the portal (kept confidential: %(r)s).")
            % {"r": suggestion.confidential_reason or "—"},
            code="publication_refused",
        )
    if suggestion.merged_into_id is not None:
        return InvalidTransition(
            _("A merged suggestion is not published on its own; publish the one it was merged into."),
            code="publication_refused",
        )
    if not allowed("publish", suggestion.status):
        return InvalidTransition(
            _("Only a replied or closed suggestion can be published; this one is “%(status)s”.")
            % {"status": suggestion.get_status_display()},
            code="publication_refused",
        )
    if suggestion.published_at is not None:
        return ConflictError(
            _("This suggestion was already published on %(d)s.")
            % {"d": timezone.localtime(suggestion.published_at).date()}
        )
    return None


def suggestion_publish(*, suggestion: Suggestion, acting_user: Actor) -> Suggestion:
    """The office publishes a replied or closed suggestion on the portal (audited)."""
    authorize(acting_user, perms.can_publish_suggestion, suggestion)
    with transaction.atomic():
        suggestion = _locked(suggestion)
        problem = publication_problem(suggestion)
        if problem is not None:
            raise problem
        suggestion.published_at = timezone.now()
        suggestion.published_by = as_user(acting_user)
        suggestion.save(update_fields=["published_at", "published_by", "updated_at"])
        audit_record(
            actor=acting_user,
            action="suggestion.publish",
            obj=suggestion,
            changes={"published_at": suggestion.published_at, "status": suggestion.status},
        )
    return suggestion


def key_progress_add(*, suggestion: Suggestion, note: str, acting_user: Actor) -> Suggestion:
    authorize(acting_user, perms.can_screen_suggestion, suggestion)
    if not note.strip():
        raise ValidationFailed(_("Write the progress note."))
    with transaction.atomic():
        suggestion = _locked(suggestion)
        if not suggestion.is_key:
            raise InvalidTransition(_("This suggestion is not under key supervision."))
        stamp = timezone.localdate().isoformat()
        suggestion.key_note = f"{suggestion.key_note}\n{stamp} {note.strip()}".strip()
        suggestion.save(update_fields=["key_note", "updated_at"])
        audit_record(
            actor=acting_user, action="suggestion.key_progress", obj=suggestion, changes={"note": note}
        )
    return suggestion


def commitment_update(
    *, commitment: Commitment, progress: str, delivered: bool, acting_user: Actor
) -> Commitment:
    """The unit reports progress on a B-category promise; delivered ones leave the open ledger."""
    with transaction.atomic():
        commitment = (
            Commitment.objects.select_for_update(of=("self",))
            .select_related("reply__assignment__suggestion")
            .get(pk=commitment.pk)
        )
        authorize(acting_user, perms.can_update_commitment, commitment)
        if not COMMITMENT.allowed("deliver" if delivered else "progress", commitment.status):
            raise InvalidTransition(_("This commitment was already delivered."))
        if not progress.strip():
            raise ValidationFailed(_("Describe the progress."))
        stamp = timezone.localdate().isoformat()
        commitment.progress = f"{commitment.progress}\n{stamp} {progress.strip()}".strip()
        fields = ["progress"]
        if delivered:
            COMMITMENT.advance("deliver", commitment)
            commitment.delivered_at = timezone.now()
            fields += ["status", "delivered_at"]
        commitment.save(update_fields=fields)
        suggestion = commitment.reply.assignment.suggestion
        audit_record(
            actor=acting_user,
            action="commitment.update",
            obj=suggestion,
            changes={"commitment": commitment.pk, "delivered": delivered},
        )
        notify(
            recipients=_reply_recipients(suggestion),
            url=_url(suggestion),
            category="suggestion",
            title=(
                later("Commitment delivered: %(s)s")
                if delivered
                else later("Progress on a commitment: %(s)s")
            )
            % {"s": _label(suggestion)},
            body=progress,
        )
    return commitment


# --- motions converted into suggestions ---------------------------------------------------------


def suggestion_create_from_motion(*, motion: Any, acting_user: Actor) -> Suggestion:
    """A motion the presidium decided to handle as a suggestion (转为建议): registered directly."""
    from lvzhi.motions.permissions import can_convert_motion

    authorize(acting_user, can_convert_motion, motion)  # the motion's conversion rule decides
    body_parts = [getattr(motion, name, "") for name in ("reason", "basis", "proposal")]
    body = "\n\n".join(p for p in body_parts if p) or motion.title
    with transaction.atomic():
        cosigners = [
            s.deputy
            for s in motion.signers.filter(
                is_lead=False, confirmed_at__isnull=False, declined_at__isnull=True
            ).select_related("deputy")
            if getattr(s, "withdrawn_at", None) is None and s.deputy.status == DeputyStatus.ACTIVE
        ]
        session = motion.session if getattr(motion.session, "body", None) == SessionBody.CONGRESS else None
        version, _rules_now = current_ruleset()
        suggestion = Suggestion.objects.create(
            term=motion.term,
            channel=Channel.SESSION if session else Channel.INTERIM,
            session=session,
            title=motion.title[:200],
            body=body,
            lead=motion.lead,
            status=S.SUBMITTED,
            submitted_at=timezone.now(),
            year=timezone.localdate().year,
            rules=version,
            from_motion=motion.pk,
        )
        now = timezone.now()
        Signer.objects.create(suggestion=suggestion, deputy=motion.lead, is_lead=True, confirmed_at=now)
        Signer.objects.bulk_create(
            [Signer(suggestion=suggestion, deputy=d, confirmed_at=now) for d in cosigners]
        )
        audit_record(
            actor=acting_user, action="suggestion.from_motion", obj=suggestion, changes={"motion": motion.pk}
        )
        for deputy in [motion.lead, *cosigners]:
            duty_record(
                deputy=deputy,
                kind=DutyKind.SUGGESTION_LEAD if deputy.pk == motion.lead_id else DutyKind.SUGGESTION_COSIGN,
                date=_today(),
                title=suggestion.title,
                url=_url(suggestion),
                source=suggestion,
            )
        _register(suggestion, acting_user)  # authorized above by the motion's conversion rule
        suggestion.refresh_from_db()
    return suggestion


# --- deadlines: reminders and escalation (run daily by the worker) -----------------------------


def deadlines_scan(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind units before their deadlines, escalate what is overdue, close expired feedback
    windows, and flag late commitments. Idempotent: each reminder is sent once."""
    from .models import ReminderLog

    today = today or _today()
    calendar = work_calendar()
    counts = {"reminders": 0, "escalations": 0, "closed": 0, "commitments": 0}
    open_assignments = Assignment.objects.filter(
        status__in=[AssignmentStatus.ACTIVE, AssignmentStatus.REHANDLING],
        suggestion__status__in=[S.ASSIGNED, S.REHANDLING],
    ).select_related("suggestion__rules", "unit")
    staff = _office_staff()
    for a in open_assignments.iterator(chunk_size=500):
        rules = ruleset_for(a.suggestion.rules)
        due = a.opinion_due if a.role == AssignmentRole.CO else a.reply_due
        if due is None:
            continue
        what = "opinion" if a.role == AssignmentRole.CO else "reply"
        for lead_days in rules.items("suggestions.reminder_lead_times"):
            remind_on = calendar.subtract_working_days(due, int(lead_days))
            if remind_on <= today < due:
                log, created = ReminderLog.objects.get_or_create(
                    assignment=a, kind=f"remind-{what}", key=f"{due}:{lead_days}"
                )
                if created:
                    with transaction.atomic():
                        notify(
                            recipients=_unit_officers([a.unit_id]),
                            url=_url(a.suggestion),
                            category="deadline",
                            title=later("Reminder: %(s)s is due on %(d)s")
                            % {"s": _label(a.suggestion), "d": due},
                        )
                    counts["reminders"] += 1
                break
        if today > due:
            log, created = ReminderLog.objects.get_or_create(
                assignment=a, kind=f"overdue-{what}", key=str(due)
            )
            if created:
                with transaction.atomic():
                    leaders = list(
                        User.objects.filter(
                            roles__role=Role.LEADER, roles__organ_id=a.unit_id, is_active=True
                        ).distinct()
                    )
                    notify(
                        recipients=_unit_officers([a.unit_id]) + leaders + staff,
                        url=_url(a.suggestion),
                        category="escalation",
                        title=later("Overdue: %(u)s has not answered %(s)s (due %(d)s)")
                        % {"u": a.unit.name, "s": _label(a.suggestion), "d": due},
                    )
                    todo_create(
                        title=later("Follow up overdue %(s)s with %(u)s")
                        % {"s": _label(a.suggestion), "u": a.unit.name},
                        role=Role.STAFF,
                        due_date=today,
                        url=_url(a.suggestion),
                        kind="suggestion.overdue",
                        source=a,
                        acting_user=SYSTEM,
                    )
                counts["escalations"] += 1
    for s in Suggestion.objects.filter(status=S.ANSWERED, feedback_due__lt=today):
        suggestion_close_unrated(suggestion=s, acting_user=SYSTEM, today=today)
        counts["closed"] += 1
    for c in Commitment.objects.filter(status=CommitmentStatus.OPEN, due__lt=today).select_related(
        "reply__assignment__suggestion"
    ):
        a = c.reply.assignment
        log, created = ReminderLog.objects.get_or_create(assignment=a, kind="commitment-late", key=str(c.due))
        if created:
            with transaction.atomic():
                notify(
                    recipients=_unit_officers([c.unit_id]) + staff,
                    url=_url(a.suggestion),
                    category="escalation",
                    title=later("Commitment not delivered by %(d)s: %(s)s")
                    % {"d": c.due, "s": _label(a.suggestion)},
                )
            counts["commitments"] += 1
    return counts
