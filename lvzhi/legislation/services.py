"""Every write on local legislation. Keyword-only, typed, named ``<entity>_<verb>``.

The recipe for each state change: ``transaction.atomic``; lock the row; check the action
against ``states.TRANSITIONS``; check the rules, read from the bill's own rules-profile
version (so a profile change never alters a running bill); write with ``update_fields``;
one ``AuditLog`` row naming the acting user; notifications (e-mailed after commit) and
to-dos for whoever owns the next step. A refused step raises a
:class:`~lvzhi.core.errors.DomainError` and changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import calendar as calendar_service
from lvzhi.core.actors import SYSTEM, Actor, as_user, is_system
from lvzhi.core.audit import audit_record, diff, snapshot
from lvzhi.core.errors import ConflictError, InvalidTransition, ValidationFailed
from lvzhi.core.i18n import Later, later, ordinal
from lvzhi.core.models import (
    Attachment,
    Organ,
    OrganMembership,
    OrganType,
    Person,
    Role,
    Session,
    SessionBody,
    Term,
)
from lvzhi.core.permissions import authorize
from lvzhi.core.selectors import current_ruleset, ruleset_for
from lvzhi.core.services import attachment_store, notify, todo_create, todos_close_for_source
from lvzhi.core.uploads import zip_limits

from . import selectors
from .lawtext import LawTextError, ReadLimits, int_to_cn, normalise, parse_text, render_text
from .lawtext.model import Header, HeaderLine
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    Bill,
    BillVersion,
    DeadlineReminder,
    LegislativePlan,
    ProjectProposal,
    Reading,
    ReadingDocument,
    Regulation,
    RegulationVersion,
    UnadoptedOpinion,
    UnifiedReview,
    Vote,
)
from .permissions import (
    can_cast_ballot,
    can_edit_bill_package,
    can_manage_legislation,
    can_propose_project,
    can_record_ballots,
)
from .states import (
    BILL,
    PLAN,
    PROPOSAL,
    READING,
    VOTE,
    AgendaKind,
    BallotChoice,
    BillKind,
    BillStatus,
    DocumentKind,
    Feasibility,
    PlanCategory,
    PlanKind,
    PlanStatus,
    Priority,
    ProposalSource,
    ProposalStatus,
    ProposerKind,
    ReadingStatus,
    VersionKind,
    VoteKind,
    VoteResult,
    VoteStatus,
)

S = BillStatus
CATEGORY = "legislation"

TODO_SCHEDULE = "legislation.schedule_reading"
TODO_SEND_DRAFT = "legislation.send_draft"
TODO_CONSULTATION = "legislation.consultation"
TODO_REVIEW = "legislation.unified_review"
TODO_VOTE = "legislation.vote"
TODO_APPROVAL = "legislation.approval"
TODO_PROMULGATE = "legislation.promulgate"
TODO_FILING = "legislation.filing"
TODO_DRAFT = "legislation.draft"
TODO_SHELVING = "legislation.shelving"

#: Reminder windows of the daily scan (how early to warn; the deadlines come from the profile).
APPROVAL_REMINDER_DAYS = 30
FILING_REMINDER_DAYS = 7

_DRAFT_SUFFIX = re.compile(r"[（(][^（）()]*草案[^（）()]*[）)]\s*$")


# --- vote arithmetic (pure) --------------------------------------------------------------------


def majority_reached(count: int, *, total_members: int, present: int, rule: str) -> bool:
    """Whether ``count`` meets the majority ``rule`` (a ``MAJORITY_RULES`` code of the profile).

    ``more_than_half_of_all_members`` (全体组成人员的过半数) counts against *all* members,
    present or not: with 45 members 23 are needed, whatever the attendance.
    """
    if rule == "more_than_half_of_all_members":
        return count * 2 > total_members
    if rule == "more_than_half_of_present":
        return count * 2 > present
    if rule == "two_thirds_of_all_members":
        return count * 3 >= total_members * 2
    raise ValueError(f"unknown majority rule {rule!r}")


def majority_needed(*, total_members: int, present: int, rule: str) -> int:
    """The smallest count that meets ``rule``."""
    for n in range(0, max(total_members, present) + 2):
        if majority_reached(n, total_members=total_members, present=present, rule=rule):
            return n
    return max(total_members, present) + 1


# --- helpers -----------------------------------------------------------------------------------


def _url(bill: Bill) -> str:
    return reverse("legislation:bill_detail", args=[bill.pk])


def _lock(bill: Bill) -> Bill:
    """Re-read the bill under a row lock (the caller's copy may be stale)."""
    return (
        Bill.objects.select_for_update(of=("self",))
        .select_related("term", "rules", "regulation")
        .get(pk=bill.pk)
    )


def check_step(action: str, bill: Bill) -> None:
    """Raise :class:`InvalidTransition` with a clear message unless ``action`` is allowed now
    (the :data:`~lvzhi.legislation.states.BILL` table)."""
    BILL.check(action, bill)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, detail={field: [_("This field is required.")]})
    return value


def lawtext_read_limits() -> ReadLimits:
    """What may be read from an uploaded text file (``LVZHI_UPLOAD_ZIP_*``, ``LVZHI_LAWTEXT_MAX_CHARS``)."""
    return ReadLimits(zip=zip_limits(), max_chars=settings.LAWTEXT_MAX_CHARS)


def check_article_limit(doc: Any) -> None:
    """Refuse a text with more articles than ``LVZHI_LAWTEXT_MAX_ARTICLES``."""
    count, limit = len(doc.articles()), settings.LAWTEXT_MAX_ARTICLES
    if count > limit:
        message = _("The text has %(n)s articles, more than the limit of %(max)s.") % {
            "n": count,
            "max": limit,
        }
        raise ValidationFailed(message, detail={"text": [message]})


def parse_or_refuse(text: str) -> Any:
    """Parse a regulation text with the engine; an unreadable text, or one longer than
    ``LVZHI_LAWTEXT_MAX_CHARS`` characters or ``LVZHI_LAWTEXT_MAX_ARTICLES`` articles, is a
    validation error (the length is checked before the text is parsed)."""
    text = text or ""
    if len(text) > settings.LAWTEXT_MAX_CHARS:
        message = _("The text is %(n)s characters long, more than the limit of %(max)s.") % {
            "n": len(text),
            "max": settings.LAWTEXT_MAX_CHARS,
        }
        raise ValidationFailed(message, detail={"text": [message]})
    try:
        doc = parse_text(text)
    except LawTextError as exc:
        raise ValidationFailed(
            _("The text could not be read as a regulation: %(error)s") % {"error": str(exc)},
            detail={"text": [str(exc)]},
        ) from exc
    check_article_limit(doc)
    return doc


def _office_todo(
    *,
    title: str | Later,
    kind: str,
    source: Any,
    acting_user: Actor,
    due: dt.date | None = None,
    url: str = "",
    organ: Organ | None = None,
) -> None:
    """A to-do for the legislative affairs commission (or, without one, any working-body staff)."""
    organ = organ or selectors.legislative_office()
    if organ is not None:
        todo_create(
            title=title, organ=organ, due_date=due, url=url, kind=kind, source=source, acting_user=acting_user
        )
    else:
        todo_create(
            title=title,
            role=Role.STAFF,
            due_date=due,
            url=url,
            kind=kind,
            source=source,
            acting_user=acting_user,
        )


def _notify_parties(bill: Bill, title: str | Later, body: str | Later = "") -> None:
    """The office, the proposing organ, the drafting unit and the sponsoring members."""
    recipients = selectors.office_users()
    recipients += selectors.users_of_organ(bill.proposer_organ)
    recipients += selectors.users_of_organ(bill.drafting_unit)
    recipients += selectors.users_of_people(list(bill.sponsors.values_list("pk", flat=True)))
    if recipients:
        notify(recipients=recipients, title=title, body=body, url=_url(bill), category=CATEGORY)


def _date_cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def regulation_title_from(bill_title: str) -> str:
    """``江澜市养犬管理条例（草案）`` → ``江澜市养犬管理条例``."""
    return _DRAFT_SUFFIX.sub("", bill_title.strip()).strip() or bill_title.strip()


# --- dates cannot lie ----------------------------------------------------------------------------


def check_done_on(
    day: dt.date,
    *,
    field: str,
    what: Any,
    after: dt.date | None = None,
    after_what: Any = "",
) -> None:
    """Refuse to record ``what`` as done on ``day`` when ``day`` is in the future (after
    ``timezone.localdate()``) or before ``after``, the day of the step it follows (named
    ``after_what``). Raises :class:`ValidationFailed` with a message naming both dates."""
    today = timezone.localdate()
    if day > today:
        message = _(
            "%(what)s cannot be recorded as done on %(day)s: that date is in the future (today is %(today)s)."
        ) % {"what": what, "day": day.isoformat(), "today": today.isoformat()}
        raise ValidationFailed(message, detail={field: [message]}, code="date_in_future")
    if after is not None and day < after:
        message = _(
            "%(what)s cannot be dated %(day)s: it must come on or after %(previous)s (%(after)s)."
        ) % {"what": what, "day": day.isoformat(), "previous": after_what, "after": after.isoformat()}
        raise ValidationFailed(message, detail={field: [message]}, code="date_out_of_order")


def _submitted_on(bill: Bill) -> dt.date | None:
    return timezone.localdate(bill.submitted_at) if bill.submitted_at is not None else None


def _send_concluded(bill: Bill, reason: str) -> None:
    """After the commit, tell other apps (the consultation app) that the bill concluded."""
    from .signals import bill_concluded

    def send() -> None:
        bill_concluded.send(sender=Bill, bill=bill, reason=reason)

    transaction.on_commit(send)


# --- plans -------------------------------------------------------------------------------------


def plan_create(
    *,
    kind: str,
    title: str,
    year: int | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    term: Term | None = None,
    note: str = "",
    acting_user: Actor,
) -> LegislativePlan:
    """Start a five-year plan (立法规划) or an annual programme (年度立法计划)."""
    authorize(acting_user, can_manage_legislation)
    title = _required(title, "title", _("A plan needs a title."))
    if kind not in PlanKind.values:
        raise ValidationFailed(_("Unknown kind of plan."))
    if kind == PlanKind.ANNUAL and not year:
        raise ValidationFailed(
            _("An annual programme needs its year."), detail={"year": [_("This field is required.")]}
        )
    if kind == PlanKind.FIVE_YEAR and (not start_year or not end_year or end_year < start_year):
        raise ValidationFailed(_("A five-year plan needs its first and last year, in order."))
    with transaction.atomic():
        if kind == PlanKind.ANNUAL and LegislativePlan.objects.filter(kind=kind, year=year).exists():
            raise ConflictError(_("There is already an annual programme for %(year)s.") % {"year": year})
        plan = LegislativePlan.objects.create(
            kind=kind,
            title=title,
            year=year if kind == PlanKind.ANNUAL else None,
            start_year=start_year if kind == PlanKind.FIVE_YEAR else None,
            end_year=end_year if kind == PlanKind.FIVE_YEAR else None,
            term=term,
            note=note.strip(),
            created_by=as_user(acting_user),
        )
        audit_record(
            actor=acting_user,
            action="legislation.plan.create",
            obj=plan,
            changes=snapshot(plan, ["kind", "title", "year", "start_year", "end_year", "term"]),
        )
    return plan


def plan_adopt(
    *, plan: LegislativePlan, adopted_on: dt.date | None = None, note: str = "", acting_user: Actor
) -> LegislativePlan:
    """Record the council of chairpersons' adoption of the plan (Huzhou Art 6: then published)."""
    authorize(acting_user, can_manage_legislation)
    with transaction.atomic():
        plan = LegislativePlan.objects.select_for_update().get(pk=plan.pk)
        PLAN.check("adopt", plan)
        check_done_on(
            adopted_on or timezone.localdate(), field="adopted_on", what=_("The adoption of the plan")
        )
        PLAN.advance("adopt", plan)
        plan.adopted_on = adopted_on or timezone.localdate()
        if note.strip():
            plan.note = note.strip()
        plan.save(update_fields=["status", "adopted_on", "note"])
        audit_record(
            actor=acting_user,
            action="legislation.plan.adopt",
            obj=plan,
            changes={"status": [PlanStatus.DRAFT, PlanStatus.ADOPTED], "adopted_on": plan.adopted_on},
        )
    return plan


# --- project proposals -------------------------------------------------------------------------


def proposal_create(
    *,
    title: str,
    source: str,
    summary: str,
    kind: str = BillKind.ENACT,
    regulation: Regulation | None = None,
    proposer_name: str = "",
    proposer_organ: Organ | None = None,
    motion: Any = None,
    suggestion_id: int | None = None,
    acting_user: Actor,
) -> ProjectProposal:
    """Record a proposed legislative project from any source; a deputies' motion or a
    suggestion is linked by id."""
    authorize(acting_user, can_propose_project)
    title = _required(title, "title", _("A project needs a title."))
    summary = _required(
        summary, "summary", _("Describe why the regulation is needed and what it would contain.")
    )
    if source not in ProposalSource.values:
        raise ValidationFailed(_("Unknown source."))
    if kind not in BillKind.values:
        raise ValidationFailed(_("Unknown kind of bill."))
    if kind != BillKind.ENACT and regulation is None:
        raise ValidationFailed(
            _("Name the regulation to amend or repeal."),
            detail={"regulation": [_("This field is required.")]},
        )
    if source == ProposalSource.DEPUTY_MOTION:
        if motion is None:
            raise ValidationFailed(
                _("Link the deputies' motion."), detail={"motion": [_("This field is required.")]}
            )
        if not motion.is_legislative:
            raise ValidationFailed(
                _("Motion %(m)s is not a legislative motion.") % {"m": motion.number or motion.pk}
            )
    if source == ProposalSource.DEPUTY_SUGGESTION:
        if not suggestion_id:
            raise ValidationFailed(
                _("Link the deputy's suggestion."), detail={"suggestion_id": [_("This field is required.")]}
            )
        from lvzhi.suggestions.models import Suggestion
        from lvzhi.suggestions.permissions import can_view_suggestion

        linked = Suggestion.objects.filter(pk=suggestion_id).first()
        # one answer for a missing suggestion and one the proposer may not see (a draft, a
        # confidential item): its existence does not leak
        viewer = as_user(acting_user)  # None: the platform itself (SYSTEM) sees every suggestion
        if linked is None or (viewer is not None and not can_view_suggestion(viewer, linked)):
            raise ValidationFailed(_("There is no suggestion number %(n)s.") % {"n": suggestion_id})
    if source == ProposalSource.DEPARTMENT and proposer_organ is None:
        raise ValidationFailed(
            _("Name the proposing department."), detail={"proposer_organ": [_("This field is required.")]}
        )
    if source == ProposalSource.PUBLIC and not proposer_name.strip():
        raise ValidationFailed(
            _("Give the name of the person who proposed it."),
            detail={"proposer_name": [_("This field is required.")]},
        )
    with transaction.atomic():
        proposal = ProjectProposal.objects.create(
            title=title,
            kind=kind,
            regulation=regulation if kind != BillKind.ENACT else None,
            source=source,
            proposer_name=proposer_name.strip()[:200],
            proposer_organ=proposer_organ,
            motion=motion,
            suggestion_id=suggestion_id if source == ProposalSource.DEPUTY_SUGGESTION else suggestion_id,
            summary=summary,
            created_by=as_user(acting_user),
        )
        audit_record(
            actor=acting_user,
            action="legislation.proposal.create",
            obj=proposal,
            changes=snapshot(
                proposal,
                [
                    "title",
                    "kind",
                    "regulation",
                    "source",
                    "proposer_name",
                    "proposer_organ",
                    "motion",
                    "suggestion_id",
                ],
            ),
        )
        _office_todo(
            title=later("Assess the proposed project “%(title)s”") % {"title": title},
            kind="legislation.assess",
            source=proposal,
            acting_user=acting_user,
            url=reverse("legislation:proposal_detail", args=[proposal.pk]),
        )
    return proposal


def proposal_assess(
    *, proposal: ProjectProposal, feasibility: str, priority: str, note: str = "", acting_user: Actor
) -> ProjectProposal:
    """Record the feasibility assessment (可行性论证) and the priority."""
    authorize(acting_user, can_manage_legislation)
    if feasibility not in Feasibility.values:
        raise ValidationFailed(
            _("Choose the feasibility."), detail={"feasibility": [_("This field is required.")]}
        )
    if priority not in Priority.values:
        raise ValidationFailed(_("Choose the priority."), detail={"priority": [_("This field is required.")]})
    with transaction.atomic():
        proposal = ProjectProposal.objects.select_for_update().get(pk=proposal.pk)
        PROPOSAL.check("assess", proposal)
        fields = ["status", "feasibility", "feasibility_note", "priority"]
        before = snapshot(proposal, fields)
        PROPOSAL.advance("assess", proposal)
        proposal.feasibility = feasibility
        proposal.feasibility_note = note.strip()
        proposal.priority = priority
        proposal.assessed_at = timezone.now()
        proposal.save(update_fields=[*fields, "assessed_at", "updated_at"])
        todos_close_for_source(source=proposal, kind="legislation.assess", acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.proposal.assess",
            obj=proposal,
            changes=diff(before, snapshot(proposal, fields)),
        )
    return proposal


def proposal_accept(
    *,
    proposal: ProjectProposal,
    plan: LegislativePlan,
    category: str,
    drafting_unit: Organ | None = None,
    planned_proposer: Organ | None = None,
    planned_submission: dt.date | None = None,
    note: str = "",
    acting_user: Actor,
) -> ProjectProposal:
    """Accept an assessed proposal into a plan, naming the drafting unit, the proposer and
    the planned submission (Huzhou Art 7). The deputies behind a legislative motion get an
    entry in their duty record."""
    authorize(acting_user, can_manage_legislation)
    if category not in PlanCategory.values:
        raise ValidationFailed(
            _("Choose the category in the plan."), detail={"category": [_("This field is required.")]}
        )
    with transaction.atomic():
        proposal = (
            ProjectProposal.objects.select_for_update(of=("self",))
            .select_related("motion")
            .get(pk=proposal.pk)
        )
        PROPOSAL.check("accept", proposal)
        PLAN.check("add_project", plan)
        if proposal.feasibility == Feasibility.NOT_FEASIBLE:
            raise InvalidTransition(
                _("The project was assessed as not feasible; assess it again before accepting it."),
                code="not_feasible",
            )
        PROPOSAL.advance("accept", proposal)
        proposal.plan = plan
        proposal.category = category
        proposal.drafting_unit = drafting_unit
        proposal.planned_proposer = planned_proposer
        proposal.planned_submission = planned_submission
        proposal.decision_note = note.strip()
        proposal.decided_at = timezone.now()
        proposal.save(
            update_fields=[
                "status",
                "plan",
                "category",
                "drafting_unit",
                "planned_proposer",
                "planned_submission",
                "decision_note",
                "decided_at",
                "updated_at",
            ]
        )
        url = reverse("legislation:proposal_detail", args=[proposal.pk])
        if drafting_unit is not None:
            todo_create(
                title=later("Draft the regulation “%(title)s” (%(plan)s)")
                % {"title": proposal.title, "plan": plan.title},
                organ=drafting_unit,
                due_date=planned_submission,
                url=url,
                kind=TODO_DRAFT,
                source=proposal,
                acting_user=acting_user,
            )
            recipients = selectors.users_of_organ(drafting_unit)
            if recipients:
                notify(
                    recipients=recipients,
                    title=later("“%(title)s” is in the legislative plan; your unit drafts it")
                    % {"title": proposal.title},
                    url=url,
                    category=CATEGORY,
                )
        credited = _credit_motion_signers(proposal, plan)
        audit_record(
            actor=acting_user,
            action="legislation.proposal.accept",
            obj=proposal,
            changes={
                "status": [ProposalStatus.ASSESSED, ProposalStatus.ACCEPTED],
                "plan": plan.pk,
                "category": category,
                "drafting_unit": drafting_unit.pk if drafting_unit else None,
                "planned_submission": planned_submission,
                "duty_records": credited,
            },
        )
    return proposal


def _credit_motion_signers(proposal: ProjectProposal, plan: LegislativePlan) -> int:
    """Duty-record entries for the lead and confirmed co-signers of the linked motion."""
    if proposal.motion is None:
        return 0
    from lvzhi.deputies.models import DutyKind
    from lvzhi.deputies.services import duty_record
    from lvzhi.motions.models import MotionSigner

    signers = MotionSigner.objects.select_related("deputy").filter(
        motion=proposal.motion, confirmed_at__isnull=False, withdrawn_at__isnull=True
    )
    title = later("Motion “%(title)s” entered the legislative plan “%(plan)s”") % {
        "title": proposal.motion.title,
        "plan": plan.title,
    }
    count = 0
    for signer in signers:
        duty_record(
            deputy=signer.deputy,
            kind=DutyKind.OTHER,
            date=timezone.localdate(),
            title=str(title),
            url=reverse("motions:detail", args=[proposal.motion.pk]),
            source=proposal,
        )
        count += 1
    users = selectors.users_of_people([s.deputy.person_id for s in signers])
    if users:
        notify(
            recipients=users,
            title=title,
            url=reverse("motions:detail", args=[proposal.motion.pk]),
            category=CATEGORY,
        )
    return count


def proposal_reject(*, proposal: ProjectProposal, reason: str, acting_user: Actor) -> ProjectProposal:
    authorize(acting_user, can_manage_legislation)
    reason = _required(reason, "reason", _("Give the reasons for not taking up the project."))
    with transaction.atomic():
        proposal = ProjectProposal.objects.select_for_update().get(pk=proposal.pk)
        PROPOSAL.check("reject", proposal)
        previous = proposal.status
        PROPOSAL.advance("reject", proposal)
        proposal.decision_note = reason
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decision_note", "decided_at", "updated_at"])
        todos_close_for_source(source=proposal, kind="legislation.assess", acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.proposal.reject",
            obj=proposal,
            changes={"status": [previous, ProposalStatus.REJECTED], "reason": reason},
        )
    return proposal


# --- bills: the submission package -------------------------------------------------------------

BILL_EDITABLE = ["title", "explanation", "drafting_unit"]


def _check_proposer(
    *, proposer_kind: str, proposer_organ: Organ | None, sponsors: Sequence[Person], term: Term, rules: Any
) -> None:
    expected: dict[str, set[str]] = {
        ProposerKind.GOVERNMENT: {OrganType.GOVERNMENT},
        ProposerKind.COMMITTEE: {OrganType.SPECIAL_COMMITTEE},
        ProposerKind.COUNCIL: {OrganType.CHAIRPERSONS_COUNCIL},
    }
    if proposer_kind not in ProposerKind.values:
        raise ValidationFailed(_("Unknown proposer."))
    if proposer_kind == ProposerKind.MEMBERS:
        needed = rules.integer("motions.standing_committee_signer_threshold")
        members = {m.person_id for m in selectors.sc_memberships(term.pk)}
        outsiders = [p.name for p in sponsors if p.pk not in members]
        if outsiders:
            raise ValidationFailed(
                _("Only Standing Committee members may table a bill jointly; not members: %(names)s")
                % {"names": "、".join(outsiders)}
            )
        if len({p.pk for p in sponsors}) < needed:
            raise ValidationFailed(
                _("A bill from members needs at least %(n)s Standing Committee members (Huzhou Art 26).")
                % {"n": needed},
                detail={"required": needed, "given": len({p.pk for p in sponsors})},
            )
        return
    if proposer_organ is None:
        raise ValidationFailed(
            _("Name the proposing organ."), detail={"proposer_organ": [_("This field is required.")]}
        )
    if proposer_organ.type not in expected[proposer_kind]:
        raise ValidationFailed(
            _("%(organ)s cannot table a bill as %(kind)s.")
            % {"organ": proposer_organ.name, "kind": ProposerKind(proposer_kind).label}
        )


def bill_create(
    *,
    title: str,
    proposer_kind: str,
    kind: str = BillKind.ENACT,
    proposer_organ: Organ | None = None,
    sponsors: Sequence[Person] = (),
    drafting_unit: Organ | None = None,
    regulation: Regulation | None = None,
    project: ProjectProposal | None = None,
    term: Term | None = None,
    explanation: str = "",
    text: str = "",
    acting_user: Actor,
) -> Bill:
    """Open a bill in drafting. The number of readings starts at the profile's default
    (``legislation.readings_default``); the bill keeps the profile version in force now."""
    authorize(acting_user, can_manage_legislation)
    title = _required(title, "title", _("A bill needs a title."))
    if kind not in BillKind.values:
        raise ValidationFailed(_("Unknown kind of bill."))
    term = term or selectors.current_term()
    if term is None:
        raise ValidationFailed(_("No term of the congress is registered."))
    if kind != BillKind.ENACT:
        if regulation is None:
            raise ValidationFailed(
                _("Name the regulation to amend or repeal."),
                detail={"regulation": [_("This field is required.")]},
            )
        if regulation.repealed_on is not None:
            raise ValidationFailed(_("%(title)s has been repealed.") % {"title": regulation.title})
    version, rules = current_ruleset()
    _check_proposer(
        proposer_kind=proposer_kind, proposer_organ=proposer_organ, sponsors=sponsors, term=term, rules=rules
    )
    with transaction.atomic():
        if project is not None:
            project = ProjectProposal.objects.select_for_update().get(pk=project.pk)
            PROPOSAL.check("start_bill", project)
            if project.bills.exclude(
                status__in=[S.WITHDRAWN, S.TERMINATED, S.FAILED, S.NOT_APPROVED]
            ).exists():
                raise ConflictError(_("A bill for this project is already under way."))
        bill = Bill.objects.create(
            term=term,
            title=title,
            kind=kind,
            regulation=regulation if kind != BillKind.ENACT else None,
            project=project,
            proposer_kind=proposer_kind,
            proposer_organ=proposer_organ if proposer_kind != ProposerKind.MEMBERS else None,
            drafting_unit=drafting_unit,
            rules=version,
            readings_planned=rules.integer("legislation.readings_default"),
            explanation=explanation.strip(),
            created_by=as_user(acting_user),
        )
        if proposer_kind == ProposerKind.MEMBERS:
            bill.sponsors.set(list({p.pk: p for p in sponsors}.values()))
        audit_record(
            actor=acting_user,
            action="legislation.bill.create",
            obj=bill,
            changes={
                **snapshot(
                    bill,
                    [
                        "title",
                        "kind",
                        "regulation",
                        "project",
                        "proposer_kind",
                        "proposer_organ",
                        "drafting_unit",
                        "rules",
                        "readings_planned",
                    ],
                ),
                "sponsors": sorted(p.pk for p in sponsors),
            },
        )
        if project is not None:
            todos_close_for_source(source=project, kind=TODO_DRAFT, acting_user=acting_user)
        if text.strip():
            bill_add_version(bill=bill, text=text, acting_user=acting_user)
    return bill


def bill_update(*, bill: Bill, acting_user: Actor, **fields: Any) -> Bill:
    """Change the package's title, explanation or drafting unit (drafting and submitted only)."""
    authorize(acting_user, can_edit_bill_package, bill)
    unknown = set(fields) - set(BILL_EDITABLE)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        bill = _lock(bill)
        check_step("edit", bill)
        if "title" in fields:
            fields["title"] = _required(fields["title"], "title", _("A bill needs a title."))
        if "explanation" in fields:
            fields["explanation"] = (fields["explanation"] or "").strip()
        changed = {k: v for k, v in fields.items() if getattr(bill, k) != v}
        if not changed:
            return bill
        before = snapshot(bill, list(changed))
        for name, value in changed.items():
            setattr(bill, name, value)
        bill.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=acting_user,
            action="legislation.bill.update",
            obj=bill,
            changes=diff(before, snapshot(bill, list(changed))),
        )
    return bill


def _version_label(bill: Bill, number: int) -> str:
    """The conventional names of the texts (official terms, kept in Chinese)."""
    if number == 1:
        return "草案"
    return f"草案修改稿（第{int_to_cn(number - 1)}次）"


def bill_add_version(
    *,
    bill: Bill,
    text: str,
    label: str = "",
    reading: Reading | None = None,
    note: str = "",
    acting_user: Actor,
) -> BillVersion:
    """Store a new text of the bill; it must parse as a regulation (the engine's parser) and
    differ from the last version (whitespace aside): an identical text is refused
    (``version_unchanged``, 422)."""
    authorize(acting_user, can_edit_bill_package, bill)
    doc = parse_or_refuse(text)
    with transaction.atomic():
        bill = _lock(bill)
        check_step("add_version", bill)
        if reading is not None and reading.bill_id != bill.pk:
            raise ValidationFailed(_("That reading belongs to another bill."))
        last = BillVersion.objects.filter(bill=bill).order_by("-number").first()
        if last is not None and normalise(last.text) == normalise(text):
            message = _("The text is identical to version %(n)s (%(label)s); there is nothing to save.") % {
                "n": last.number,
                "label": last.label,
            }
            raise ValidationFailed(message, detail={"text": [message]}, code="version_unchanged")
        number = (last.number if last is not None else 0) + 1
        version = BillVersion.objects.create(
            bill=bill,
            number=number,
            label=(label.strip() or _version_label(bill, number))[:60],
            reading=reading,
            text=text.strip() + "\n",
            article_count=len(doc.articles()),
            note=note.strip()[:200],
            created_by=as_user(acting_user),
        )
        audit_record(
            actor=acting_user,
            action="legislation.bill.version",
            obj=bill,
            changes={
                "version": number,
                "label": version.label,
                "articles": version.article_count,
                "reading": reading.number if reading else None,
                "warnings": doc.warnings[:5],
            },
        )
    return version


def bill_attach(*, bill: Bill, upload: UploadedFile, acting_user: Actor) -> Attachment:
    """Add a file to the submission package (materials, 参阅资料)."""
    authorize(acting_user, can_edit_bill_package, bill)
    with transaction.atomic():
        bill = _lock(bill)
        check_step("edit", bill)
        attachment = attachment_store(target=bill, upload=upload, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.bill.attach",
            obj=bill,
            changes={"file": attachment.original_name, "sha256": attachment.sha256},
        )
    return attachment


def bill_submit(*, bill: Bill, acting_user: Actor) -> Bill:
    """Table the bill (提请审议). The package needs a draft text and its explanation (Huzhou
    Art 49); an amendment or repeal is compared with the regulation's version in force,
    which is recorded so that its 对照表 can be generated at any time."""
    authorize(acting_user, can_edit_bill_package, bill)
    with transaction.atomic():
        bill = _lock(bill)
        check_step("submit", bill)
        problems: list[str] = []
        if not BillVersion.objects.filter(bill=bill).exists():
            problems.append(_("Add the draft text."))
        if not bill.explanation:
            problems.append(_("Write the explanation of the draft (说明)."))
        base = None
        if bill.kind != BillKind.ENACT:
            assert bill.regulation is not None
            base = selectors.version_in_force(bill.regulation)
            if base is None:
                problems.append(
                    _("%(title)s has no version in force to compare the draft with.")
                    % {"title": bill.regulation.title}
                )
        if problems:
            raise ValidationFailed(
                _("The submission package is incomplete."), detail=problems, code="incomplete_package"
            )
        BILL.advance("submit", bill)
        bill.submitted_at = timezone.now()
        bill.base_version = base
        bill.save(update_fields=["status", "submitted_at", "base_version", "updated_at"])
        _office_todo(
            title=later("Put “%(title)s” on a meeting's agenda for its first reading")
            % {"title": bill.title},
            kind=TODO_SCHEDULE,
            source=bill,
            acting_user=acting_user,
            url=_url(bill),
        )
        _notify_parties(bill, later("The bill “%(title)s” was submitted") % {"title": bill.title})
        audit_record(
            actor=acting_user,
            action="legislation.bill.submit",
            obj=bill,
            changes={"status": [S.DRAFTING, S.SUBMITTED], "base_version": base.pk if base else None},
        )
    return bill


# --- readings ----------------------------------------------------------------------------------


def readings_limits(bill: Bill) -> tuple[int, int, str]:
    """(fewest, most, citation) of the number of readings under the bill's rules profile
    (``legislation.readings_min`` / ``legislation.readings_max``, e.g. Huzhou Art 29–30): the
    form, the service and the API all check against these."""
    rules = ruleset_for(bill.rules)
    low, high = rules.integer("legislation.readings_min"), rules.integer("legislation.readings_max")
    bases = [rules.basis("legislation.readings_max"), rules.basis("legislation.readings_min")]
    if bases[0].source == bases[1].source and not bases[0].is_local_practice:
        articles = "、".join(dict.fromkeys(b.article for b in bases if b.article))
        citation = f"《{bases[0].title or bases[0].source}》{articles}"
    else:
        citation = "、".join(dict.fromkeys(b.citation_zh for b in bases))
    return low, high, citation


def readings_out_of_range_message(low: int, high: int, citation: str, n: int) -> str:
    return str(
        _("The rules allow between %(min)s and %(max)s readings (%(basis)s); %(n)s cannot be ordered.")
        % {"min": low, "max": high, "n": n, "basis": citation}
    )


def bill_set_readings(*, bill: Bill, readings: int, note: str, acting_user: Actor) -> Bill:
    """Record the council of chairpersons' decision on the number of readings, within the
    profile's ``legislation.readings_min``–``legislation.readings_max`` (Huzhou Art 29–30)."""
    authorize(acting_user, can_manage_legislation)
    note = _required(note, "note", _("Record the council of chairpersons' decision and its reasons."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("set_readings", bill)
        low, high, citation = readings_limits(bill)
        if not low <= readings <= high:
            raise InvalidTransition(
                readings_out_of_range_message(low, high, citation, readings),
                code="readings_out_of_range",
                detail={"min": low, "max": high, "requested": readings, "basis": citation},
            )
        taken = Reading.objects.filter(bill=bill).count()
        if readings < taken:
            raise InvalidTransition(
                _("%(n)s readings are already held or scheduled.") % {"n": taken},
                code="readings_out_of_range",
                detail={"scheduled": taken, "requested": readings},
            )
        before = bill.readings_planned
        bill.readings_planned = readings
        bill.readings_note = note
        bill.save(update_fields=["readings_planned", "readings_note", "updated_at"])
        audit_record(
            actor=acting_user,
            action="legislation.bill.readings",
            obj=bill,
            changes={"readings_planned": [before, readings], "note": note},
        )
    return bill


def reading_schedule(*, bill: Bill, session: Session, acting_user: Actor) -> Reading:
    """Put the bill's next reading on a Standing Committee meeting's agenda. Beyond the
    planned number of readings the council of chairpersons must order another first, and
    never beyond the profile's maximum."""
    authorize(acting_user, can_manage_legislation)
    if session.body != SessionBody.STANDING_COMMITTEE:
        raise ValidationFailed(_("Bills are read at Standing Committee meetings."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("schedule_reading", bill)
        readings = list(Reading.objects.filter(bill=bill).order_by("number"))
        if any(r.status == ReadingStatus.SCHEDULED for r in readings):
            raise ConflictError(_("The bill's next reading is already on an agenda."))
        if any(r.session_id == session.pk for r in readings):
            raise ConflictError(_("The bill was already read at this meeting."))
        number = len(readings) + 1
        rules = ruleset_for(bill.rules)
        high = rules.integer("legislation.readings_max")
        if number > high:
            raise InvalidTransition(
                _(
                    "The rules provide for at most %(max)s readings; a reading number %(n)s is not possible. "
                    "Put the bill to the vote, shelve it or end deliberation."
                )
                % {"max": high, "n": ordinal(number)},
                code="too_many_readings",
                detail={"max": high, "requested": number},
            )
        if number > bill.readings_planned:
            raise InvalidTransition(
                _(
                    "The bill is planned for %(planned)s readings; the council of chairpersons must order "
                    "another reading first."
                )
                % {"planned": bill.readings_planned},
                code="readings_exhausted",
                detail={"planned": bill.readings_planned, "requested": number},
            )
        reading = Reading.objects.create(bill=bill, number=number, session=session)
        position = (AgendaItem.objects.filter(session=session).aggregate(m=Max("position"))["m"] or 0) + 1
        AgendaItem.objects.create(
            session=session,
            position=position,
            kind=AgendaKind.READING,
            bill=bill,
            reading=reading,
            title=_("Reading %(n)s of %(title)s") % {"n": ordinal(number), "title": bill.title},
        )
        bill.last_agenda_on = session.start_date
        bill.save(update_fields=["last_agenda_on", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_SCHEDULE, acting_user=acting_user)
        days = rules.integer("legislation.draft_to_members_days_before")
        # An integer rule "N days before the meeting" (Huzhou Art 28), counted back on the calendar.
        send_by = session.start_date - dt.timedelta(days=days)
        _office_todo(
            title=later("Send the draft of “%(title)s” and its materials to the members")
            % {"title": bill.title},
            kind=TODO_SEND_DRAFT,
            source=reading,
            acting_user=acting_user,
            due=send_by,
            url=_url(bill),
        )
        audit_record(
            actor=acting_user,
            action="legislation.reading.schedule",
            obj=bill,
            changes={"reading": number, "session": session.pk, "send_draft_by": send_by},
        )
    return reading


def reading_hold(
    *, reading: Reading, held_on: dt.date | None = None, note: str = "", acting_user: Actor
) -> Reading:
    """Record that the meeting deliberated the bill. After the first reading the draft goes
    out for public consultation (Huzhou Art 34); before the final one the 法制委员会 does its
    unified review (Art 37)."""
    authorize(acting_user, can_manage_legislation)
    with transaction.atomic():
        reading = Reading.objects.select_for_update(of=("self",)).select_related("session").get(pk=reading.pk)
        bill = _lock(reading.bill)
        check_step("hold_reading", bill)
        if not READING.allowed("hold", reading.status):
            raise ConflictError(_("This reading was already recorded."))
        held_on = held_on or max(
            reading.session.start_date, min(timezone.localdate(), reading.session.end_date)
        )
        check_done_on(
            held_on,
            field="held_on",
            what=_("The reading"),
            after=reading.session.start_date,
            after_what=_("the start of its meeting"),
        )
        check_done_on(
            held_on,
            field="held_on",
            what=_("The reading"),
            after=_submitted_on(bill),
            after_what=_("the submission of the bill"),
        )
        READING.advance("hold", reading)
        reading.held_on = held_on
        reading.note = note.strip()
        reading.save(update_fields=["status", "held_on", "note"])
        previous = bill.status
        BILL.advance("hold_reading", bill)
        bill.readings_held = Reading.objects.filter(bill=bill, status=ReadingStatus.HELD).count()
        bill.last_agenda_on = held_on
        bill.save(update_fields=["status", "readings_held", "last_agenda_on", "updated_at"])
        todos_close_for_source(source=reading, kind=TODO_SEND_DRAFT, acting_user=acting_user)
        if bill.readings_held == 1 and bill.consultation_start is None:
            _office_todo(
                title=later("Publish “%(title)s” for public comment") % {"title": bill.title},
                kind=TODO_CONSULTATION,
                source=bill,
                acting_user=acting_user,
                url=_url(bill),
            )
        has_review = UnifiedReview.objects.filter(bill=bill).exists()
        if bill.readings_held < bill.readings_planned:
            if bill.readings_held + 1 == bill.readings_planned and not has_review:
                _office_todo(
                    title=later("Unified review of “%(title)s” before its final reading")
                    % {"title": bill.title},
                    kind=TODO_REVIEW,
                    source=bill,
                    acting_user=acting_user,
                    url=_url(bill),
                    organ=selectors.law_committee(),
                )
            _office_todo(
                title=later("Put “%(title)s” on a meeting's agenda for reading %(n)s")
                % {"title": bill.title, "n": bill.readings_held + 1},
                kind=TODO_SCHEDULE,
                source=bill,
                acting_user=acting_user,
                url=_url(bill),
            )
        else:
            _office_todo(
                title=later("Put “%(title)s” to the vote") % {"title": bill.title},
                kind=TODO_VOTE,
                source=bill,
                acting_user=acting_user,
                url=_url(bill),
            )
        _notify_parties(
            bill,
            later("Reading %(n)s of “%(title)s” took place")
            % {"n": ordinal(reading.number), "title": bill.title},
        )
        audit_record(
            actor=acting_user,
            action="legislation.reading.hold",
            obj=bill,
            changes={"status": [previous, bill.status], "reading": reading.number, "held_on": held_on},
        )
    return reading


def reading_add_document(
    *,
    reading: Reading,
    kind: str,
    title: str,
    body: str = "",
    author: Organ | None = None,
    upload: UploadedFile | None = None,
    acting_user: Actor,
) -> ReadingDocument:
    """Add a document of a reading (说明, 审议意见, 修改情况汇报, 审议结果报告, other)."""
    authorize(acting_user, can_edit_bill_package, reading.bill)
    if kind not in DocumentKind.values:
        raise ValidationFailed(_("Unknown kind of document."))
    title = _required(title, "title", _("A document needs a title."))
    if not body.strip() and upload is None:
        raise ValidationFailed(_("Write the document's text or attach its file."))
    with transaction.atomic():
        bill = _lock(reading.bill)
        document = ReadingDocument.objects.create(
            reading=reading,
            kind=kind,
            title=title,
            body=body.strip(),
            author=author,
            created_by=as_user(acting_user),
        )
        if upload is not None:
            attachment_store(target=document, upload=upload, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.reading.document",
            obj=bill,
            changes={
                "reading": reading.number,
                "kind": kind,
                "title": title,
                "file": upload.name if upload is not None else None,
            },
        )
    return document


# --- consultation, unified review --------------------------------------------------------------


def consultation_minimum_end(bill: Bill, start: dt.date) -> dt.date:
    """The earliest closing day for a window opening on ``start``: the profile's
    ``legislation.public_consultation_min`` counted from the day after ``start`` (民法典
    Art 201), without rolling to a working day (a minimum length, not a deadline)."""
    period = ruleset_for(bill.rules).period("legislation.public_consultation_min")
    return calendar_service.due_date(start, dataclasses.replace(period, roll_to_working_day=False))


def consultation_set(
    *, bill: Bill, start: dt.date, end: dt.date, acting_user: Actor, for_consultation: bool = False
) -> Bill:
    """Set the public consultation window after the first reading; shorter than the profile's
    minimum is refused (Huzhou Art 34: "一般不少于二十日"; legislation-law Art 40).

    Once a consultation runs on the platform (the ``consultation`` app, which calls this with
    ``for_consultation=True`` when it opens one), its dates are the source of truth and are
    changed there (extend, close); setting another window on the bill is refused."""
    authorize(acting_user, can_manage_legislation)
    with transaction.atomic():
        bill = _lock(bill)
        check_step("consultation", bill)
        platform = getattr(bill, "consultations", None)
        if not for_consultation and platform is not None and platform.exists():
            raise InvalidTransition(
                _(
                    "This bill's public consultation is run on the platform: change its dates on the "
                    "consultation's page."
                ),
                code="consultation_on_platform",
            )
        if bill.readings_held < 1:
            raise InvalidTransition(
                _("The draft is published for comment after its first reading."), code="before_first_reading"
            )
        if end <= start:
            raise ValidationFailed(
                _("The consultation must close after it opens."), detail={"end": [_("Choose a later date.")]}
            )
        earliest = consultation_minimum_end(bill, start)
        if end < earliest:
            period = ruleset_for(bill.rules).period("legislation.public_consultation_min")
            raise ValidationFailed(
                _(
                    "The consultation must last at least %(period)s: opening on %(start)s it closes on %(earliest)s "
                    "or later."
                )
                % {
                    "period": period.label_zh() if _is_zh() else _period_en(period),
                    "start": start.isoformat(),
                    "earliest": earliest.isoformat(),
                },
                code="consultation_too_short",
                detail={"earliest_end": earliest.isoformat(), "minimum": period.to_value()},
            )
        before = snapshot(bill, ["consultation_start", "consultation_end"])
        bill.consultation_start = start
        bill.consultation_end = end
        bill.save(update_fields=["consultation_start", "consultation_end", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_CONSULTATION, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.consultation.set",
            obj=bill,
            changes=diff(before, snapshot(bill, ["consultation_start", "consultation_end"])),
        )
    return bill


def _is_zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("zh")


def _period_en(period: Any) -> str:
    from lvzhi.core.workdays import PERIOD_UNITS

    return f"{period.amount} {PERIOD_UNITS[period.unit][1]}"


def review_record(
    *,
    bill: Bill,
    report: str,
    unadopted: Sequence[tuple[Organ, str, str]] = (),
    all_adopted: bool = False,
    version: BillVersion | None = None,
    acting_user: Actor,
) -> UnifiedReview:
    """Record the 法制委员会's unified review: its report and the committee opinions it did
    not adopt, each with the reason (legislation-law Art 36; Huzhou Art 37). Either opinions
    are listed or it is stated that every opinion was adopted. Recording again replaces it."""
    authorize(acting_user, can_manage_legislation)
    report = _required(report, "report", _("Write the report on the results of deliberation."))
    rows = [(c, (o or "").strip(), (r or "").strip()) for c, o, r in unadopted]
    if any(not o or not r for _c, o, r in rows):
        raise ValidationFailed(_("Each opinion not adopted needs its text and the reason."))
    if rows and all_adopted:
        raise ValidationFailed(
            _("Either list the opinions not adopted or state that all were adopted, not both.")
        )
    if not rows and not all_adopted:
        raise ValidationFailed(
            _("List the committee opinions that were not adopted, or state that every opinion was adopted."),
            code="unadopted_opinions_missing",
        )
    with transaction.atomic():
        bill = _lock(bill)
        check_step("unified_review", bill)
        if version is not None and version.bill_id != bill.pk:
            raise ValidationFailed(_("That text belongs to another bill."))
        review, created = UnifiedReview.objects.update_or_create(
            bill=bill,
            defaults={
                "report": report,
                "all_adopted": all_adopted,
                "version": version,
                "recorded_at": timezone.now(),
                "recorded_by": as_user(acting_user),
            },
        )
        UnadoptedOpinion.objects.filter(review=review).delete()
        UnadoptedOpinion.objects.bulk_create(
            [UnadoptedOpinion(review=review, committee=c, opinion=o, reason=r) for c, o, r in rows]
        )
        todos_close_for_source(source=bill, kind=TODO_REVIEW, acting_user=acting_user)
        for committee in {c.pk: c for c, _o, _r in rows}.values():
            users = selectors.users_of_organ(committee)
            if users:  # Art 36: opinions not adopted are fed back to the committee
                notify(
                    recipients=users,
                    title=later("The unified review of “%(title)s” did not adopt some of your opinions")
                    % {"title": bill.title},
                    url=_url(bill),
                    category=CATEGORY,
                )
        audit_record(
            actor=acting_user,
            action="legislation.review.record",
            obj=bill,
            changes={
                "replaced": not created,
                "all_adopted": all_adopted,
                "unadopted": len(rows),
                "version": version.number if version else None,
            },
        )
    return review


# --- meetings: attendance and votes ------------------------------------------------------------


def _check_meeting(session: Session) -> None:
    if session.body != SessionBody.STANDING_COMMITTEE:
        raise ValidationFailed(_("Attendance and votes are recorded for Standing Committee meetings."))


def attendance_record(*, session: Session, present: Iterable[OrganMembership], acting_user: Actor) -> int:
    """Record who attended the meeting: the members listed are present, every other member
    of the term's Standing Committee absent. Returns the number present."""
    authorize(acting_user, can_manage_legislation)
    _check_meeting(session)
    members = {m.pk: m for m in selectors.sc_memberships(session.term_id, session.start_date)}
    chosen = {m.pk for m in present}
    strangers = chosen - set(members)
    if strangers:
        raise ValidationFailed(
            _("Only members of this term's Standing Committee can attend."),
            detail={"memberships": sorted(strangers)},
        )
    check_done_on(session.start_date, field="session", what=_("The attendance at this meeting"))
    with transaction.atomic():
        if Vote.objects.filter(session=session, status=VoteStatus.OPEN).exists():
            raise ConflictError(_("Close the open vote before changing the attendance."))
        for pk in members:
            Attendance.objects.update_or_create(
                session=session, membership_id=pk, defaults={"present": pk in chosen}
            )
        audit_record(
            actor=acting_user,
            action="legislation.attendance.record",
            obj=session,
            changes={"present": len(chosen), "members": len(members)},
        )
    return len(chosen)


def quorum_state(session: Session, *, rule: str) -> dict[str, Any]:
    """All members, those present, how many must be present, and whether the quorum is met."""
    total = len(selectors.sc_memberships(session.term_id, session.start_date))
    present = len(selectors.present_ids(session))
    needed = majority_needed(total_members=total, present=present, rule=rule)
    return {
        "total": total,
        "present": present,
        "needed": needed,
        "met": total > 0 and majority_reached(present, total_members=total, present=present, rule=rule),
    }


def vote_open(
    *, bill: Bill, session: Session, kind: str = VoteKind.WHOLE, clause: str = "", acting_user: Actor
) -> Vote:
    """Open an electronic vote on a disputed clause (条款单独表决) or on the whole voting text.

    Refused unless every planned reading was held, the unified review (with its list of
    opinions not adopted) is recorded, and more than half of all members are present."""
    authorize(acting_user, can_manage_legislation)
    _check_meeting(session)
    if kind not in VoteKind.values:
        raise ValidationFailed(_("Unknown kind of vote."))
    clause = clause.strip()
    if kind == VoteKind.CLAUSE and not clause:
        raise ValidationFailed(
            _("Name the clause put to a separate vote."), detail={"clause": [_("This field is required.")]}
        )
    with transaction.atomic():
        bill = _lock(bill)
        check_step("open_vote", bill)
        if Vote.objects.filter(bill=bill, status=VoteStatus.OPEN).exists():
            raise ConflictError(_("A vote on this bill is already open."))
        last_read = (
            Reading.objects.filter(bill=bill, status=ReadingStatus.HELD)
            .select_related("session")
            .order_by("-number")
            .first()
        )
        check_done_on(
            session.start_date,
            field="session_id",
            what=_("A vote at this meeting"),
            after=last_read.session.start_date if last_read is not None else None,
            after_what=_("the meeting of the last reading"),
        )
        if bill.readings_held < bill.readings_planned:
            raise InvalidTransition(
                _(
                    "%(held)s of the %(planned)s planned readings were held; the bill cannot be put to the vote yet."
                )
                % {"held": bill.readings_held, "planned": bill.readings_planned},
                code="readings_outstanding",
                detail={"held": bill.readings_held, "planned": bill.readings_planned},
            )
        if not UnifiedReview.objects.filter(bill=bill).exists():
            raise InvalidTransition(
                _(
                    "The Legislative Affairs Committee's unified review, with the committee opinions it did "
                    "not adopt, must be recorded before the vote."
                ),
                code="no_unified_review",
            )
        rules = ruleset_for(bill.rules)
        quorum = quorum_state(session, rule=rules.choice("standing_committee.quorum_rule"))
        if not quorum["met"]:
            raise InvalidTransition(
                _(
                    "No quorum: %(present)s of %(total)s members are recorded present; at least %(needed)s must "
                    "attend before a vote."
                )
                % quorum,
                code="no_quorum",
                detail={k: quorum[k] for k in ("total", "present", "needed")},
            )
        version = selectors.latest_version(bill)
        vote = Vote.objects.create(
            bill=bill,
            session=session,
            kind=kind,
            clause=clause if kind == VoteKind.CLAUSE else "",
            version=version,
            rule=rules.choice("legislation.vote_majority"),
            total_members=quorum["total"],
            present=quorum["present"],
            opened_at=timezone.now(),
            opened_by=as_user(acting_user),
        )
        if not AgendaItem.objects.filter(session=session, bill=bill, kind=AgendaKind.VOTE).exists():
            position = (AgendaItem.objects.filter(session=session).aggregate(m=Max("position"))["m"] or 0) + 1
            AgendaItem.objects.create(
                session=session,
                position=position,
                kind=AgendaKind.VOTE,
                bill=bill,
                title=_("Vote on %(title)s") % {"title": bill.title},
            )
        bill.last_agenda_on = session.start_date
        bill.save(update_fields=["last_agenda_on", "updated_at"])
        members = selectors.sc_memberships(session.term_id, session.start_date)
        present = selectors.present_ids(session)
        voters = selectors.users_of_people([m.person_id for m in members if m.pk in present])
        if voters:
            notify(
                recipients=voters,
                title=later("Vote open: %(what)s") % {"what": clause or bill.title},
                url=reverse("legislation:vote_detail", args=[vote.pk]),
                category=CATEGORY,
                email=False,
            )
        audit_record(
            actor=acting_user,
            action="legislation.vote.open",
            obj=bill,
            changes={
                "vote": vote.pk,
                "kind": kind,
                "clause": vote.clause,
                "session": session.pk,
                "total": quorum["total"],
                "present": quorum["present"],
            },
        )
    return vote


def ballot_cast(*, vote: Vote, membership: OrganMembership, choice: str, acting_user: Actor) -> Ballot:
    """Record one member's vote (赞成/反对/弃权). A member votes in person; the office may
    record votes from the electronic voting system on members' behalf. A member may change
    their vote while the vote is open."""
    if choice not in BallotChoice.values:
        raise ValidationFailed(_("Vote yes, no or abstain."))
    own = not is_system(acting_user) and acting_user.person_id == membership.person_id
    if own:
        authorize(acting_user, can_cast_ballot, vote)
    else:
        authorize(
            acting_user,
            can_record_ballots,
            vote,
            message=_("Members vote in person; only the office records votes for others."),
        )
    with transaction.atomic():
        vote = Vote.objects.select_for_update(of=("self",)).select_related("session").get(pk=vote.pk)
        if not VOTE.allowed("cast", vote.status):
            raise InvalidTransition(_("The vote is closed."), code="vote_closed")
        check_done_on(vote.session.start_date, field="choice", what=_("A ballot at this meeting"))
        members = {m.pk for m in selectors.sc_memberships(vote.session.term_id, vote.session.start_date)}
        if membership.pk not in members:
            raise ValidationFailed(
                _("%(name)s is not a member of this term's Standing Committee.")
                % {"name": membership.person.name}
            )
        if membership.pk not in selectors.present_ids(vote.session):
            raise ValidationFailed(
                _("%(name)s is not recorded present at the meeting and cannot vote.")
                % {"name": membership.person.name},
                code="not_present",
            )
        ballot, created = Ballot.objects.update_or_create(
            vote=vote, membership=membership, defaults={"choice": choice, "recorded_by": as_user(acting_user)}
        )
        audit_record(
            actor=acting_user,
            action="legislation.vote.ballot",
            obj=vote,
            changes={"membership": membership.pk, "choice": choice, "changed": not created, "in_person": own},
        )
    return ballot


def ballots_record(*, vote: Vote, choices: Sequence[tuple[OrganMembership, str]], acting_user: Actor) -> int:
    """The office records the electronic voting system's result for the members present, all
    or nothing: one refused ballot saves none. Returns the number recorded."""
    authorize(acting_user, can_record_ballots, vote)
    n = 0
    with transaction.atomic():
        for membership, choice in choices:
            if choice:
                ballot_cast(vote=vote, membership=membership, choice=choice, acting_user=acting_user)
                n += 1
    return n


def vote_close(*, vote: Vote, on: dt.date | None = None, acting_user: Actor) -> Vote:
    """Close the vote and count it against **all** members of the term (全体组成人员). A vote
    on the whole text passes or fails the bill; a clause vote is recorded and the council of
    chairpersons then decides to put the whole to the vote or to defer it (Art 44)."""
    authorize(acting_user, can_manage_legislation)
    with transaction.atomic():
        vote = Vote.objects.select_for_update(of=("self",)).select_related("session").get(pk=vote.pk)
        if not VOTE.allowed("close", vote.status):
            raise InvalidTransition(_("The vote is already closed."), code="vote_closed")
        bill = _lock(vote.bill)
        check_step("close_vote", bill)
        day = on or max(vote.session.start_date, min(timezone.localdate(), vote.session.end_date))
        check_done_on(
            day,
            field="on",
            what=_("The close of the vote"),
            after=vote.session.start_date,
            after_what=_("the start of its meeting"),
        )
        counts = selectors.vote_counts(vote)
        present = len(selectors.present_ids(vote.session))
        vote.yes, vote.no, vote.abstain = counts["yes"], counts["no"], counts["abstain"]
        vote.present = present
        vote.not_voting = max(present - sum(counts.values()), 0)
        adopted = majority_reached(
            vote.yes, total_members=vote.total_members, present=present, rule=vote.rule
        )
        vote.result = VoteResult.ADOPTED if adopted else VoteResult.REJECTED
        VOTE.advance("close", vote)
        vote.closed_at = timezone.now()
        vote.save(
            update_fields=["yes", "no", "abstain", "present", "not_voting", "result", "status", "closed_at"]
        )
        changes: dict[str, Any] = {
            "vote": vote.pk,
            "kind": vote.kind,
            "clause": vote.clause,
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
            "not_voting": vote.not_voting,
            "total": vote.total_members,
            "result": vote.result,
        }
        if vote.kind == VoteKind.WHOLE:
            previous = bill.status
            bill.voted_session = vote.session
            todos_close_for_source(source=bill, kind=TODO_VOTE, acting_user=acting_user)
            if adopted:
                bill.status = S.PASSED
                bill.passed_on = day
                bill.save(update_fields=["status", "passed_on", "voted_session", "updated_at"])
                if ruleset_for(bill.rules).boolean("legislation.provincial_approval_required"):
                    _office_todo(
                        title=later("Submit “%(title)s” to the provincial Standing Committee for approval")
                        % {"title": bill.title},
                        kind=TODO_APPROVAL,
                        source=bill,
                        acting_user=acting_user,
                        url=_url(bill),
                    )
                else:
                    _office_todo(
                        title=later("Promulgate “%(title)s”") % {"title": bill.title},
                        kind=TODO_PROMULGATE,
                        source=bill,
                        acting_user=acting_user,
                        url=_url(bill),
                    )
                title = later("“%(title)s” was passed") % {"title": bill.title}
                _send_concluded(bill, "voted")
            else:
                bill.status = S.FAILED
                bill.save(update_fields=["status", "voted_session", "updated_at"])
                title = later("“%(title)s” was not passed") % {"title": bill.title}
                _send_concluded(bill, "failed")
            changes["status"] = [previous, bill.status]
            _notify_parties(
                bill,
                title,
                later("%(yes)s yes, %(no)s no, %(abstain)s abstentions of %(total)s members.")
                % {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "total": vote.total_members},
            )
        audit_record(actor=acting_user, action="legislation.vote.close", obj=bill, changes=changes)
    return vote


# --- shelving, withdrawal, termination ---------------------------------------------------------


def bill_shelve(*, bill: Bill, reason: str, on: dt.date | None = None, acting_user: Actor) -> Bill:
    """Shelve the bill (搁置审议, or 暂不付表决 after the clause votes). Two years later it ends
    (``legislation.shelving_period``; see :func:`legislation_scan`)."""
    authorize(acting_user, can_manage_legislation)
    reason = _required(reason, "reason", _("Give the reason for shelving the bill."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("shelve", bill)
        if Vote.objects.filter(bill=bill, status=VoteStatus.OPEN).exists():
            raise ConflictError(_("Close the open vote first."))
        check_done_on(on or timezone.localdate(), field="on", what=_("The shelving"))
        BILL.advance("shelve", bill)
        bill.shelved_on = on or timezone.localdate()
        bill.shelve_reason = reason
        bill.save(update_fields=["status", "shelved_on", "shelve_reason", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_VOTE, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.bill.shelve",
            obj=bill,
            changes={"status": [S.DELIBERATION, S.SHELVED], "reason": reason},
        )
    return bill


def bill_resume(*, bill: Bill, note: str = "", acting_user: Actor) -> Bill:
    """The council of chairpersons puts a shelved bill back into deliberation."""
    authorize(acting_user, can_manage_legislation)
    with transaction.atomic():
        bill = _lock(bill)
        check_step("resume", bill)
        BILL.advance("resume", bill)
        bill.save(update_fields=["status", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_SHELVING, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.bill.resume",
            obj=bill,
            changes={"status": [S.SHELVED, S.DELIBERATION], "note": note.strip()},
        )
    return bill


def bill_terminate(*, bill: Bill, reason: str, on: dt.date | None = None, acting_user: Actor) -> Bill:
    """End deliberation (终止审议): shelved, or not back on the agenda, for the shelving period
    (legislation-law Art 45; Huzhou Art 41)."""
    authorize(acting_user, can_manage_legislation)
    reason = _required(reason, "reason", _("Give the reason for ending deliberation."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("terminate", bill)
        if Vote.objects.filter(bill=bill, status=VoteStatus.OPEN).exists():
            raise ConflictError(_("Close the open vote first."))
        check_done_on(on or timezone.localdate(), field="on", what=_("The end of deliberation"))
        previous = bill.status
        BILL.advance("terminate", bill)
        bill.terminated_on = on or timezone.localdate()
        bill.termination_reason = reason
        bill.save(update_fields=["status", "terminated_on", "termination_reason", "updated_at"])
        for kind in (TODO_SCHEDULE, TODO_VOTE, TODO_REVIEW, TODO_CONSULTATION, TODO_SHELVING):
            todos_close_for_source(source=bill, kind=kind, acting_user=acting_user)
        _notify_parties(bill, later("Deliberation of “%(title)s” ended") % {"title": bill.title}, reason)
        audit_record(
            actor=acting_user,
            action="legislation.bill.terminate",
            obj=bill,
            changes={"status": [previous, S.TERMINATED], "reason": reason},
        )
        _send_concluded(bill, "terminated")
    return bill


def bill_withdraw(*, bill: Bill, reason: str, acting_user: Actor) -> Bill:
    """The proposer withdraws the bill before the vote, with reasons; the council of
    chairpersons consents and the office records it (legislation-law Art 43; Huzhou Art 40)."""
    authorize(acting_user, can_manage_legislation)
    reason = _required(reason, "reason", _("Give the reason for the withdrawal."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("withdraw", bill)
        if Vote.objects.filter(bill=bill, status=VoteStatus.OPEN).exists():
            raise InvalidTransition(
                _("The vote has begun; the bill can no longer be withdrawn."), code="vote_under_way"
            )
        previous = bill.status
        BILL.advance("withdraw", bill)
        bill.withdrawn_at = timezone.now()
        bill.withdrawal_reason = reason
        bill.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        for kind in (TODO_SCHEDULE, TODO_VOTE, TODO_REVIEW, TODO_CONSULTATION, TODO_SHELVING):
            todos_close_for_source(source=bill, kind=kind, acting_user=acting_user)
        _notify_parties(bill, later("“%(title)s” was withdrawn") % {"title": bill.title}, reason)
        audit_record(
            actor=acting_user,
            action="legislation.bill.withdraw",
            obj=bill,
            changes={"status": [previous, S.WITHDRAWN], "reason": reason},
        )
        _send_concluded(bill, "withdrawn")
    return bill


# --- approval, promulgation, filing ------------------------------------------------------------


def approval_submit(*, bill: Bill, submitted_on: dt.date | None = None, acting_user: Actor) -> Bill:
    """Submit the passed regulation to the provincial Standing Committee, which decides
    within ``legislation.provincial_approval_deadline`` (four months, legislation-law Art 81),
    counted with the calendar service."""
    authorize(acting_user, can_manage_legislation)
    with transaction.atomic():
        bill = _lock(bill)
        check_step("submit_approval", bill)
        rules = ruleset_for(bill.rules)
        if not rules.boolean("legislation.provincial_approval_required"):
            raise InvalidTransition(
                _(
                    "Under the rules in force no provincial approval is needed; promulgate the "
                    "regulation directly."
                ),
                code="approval_not_required",
            )
        day = submitted_on or timezone.localdate()
        assert bill.passed_on is not None
        check_done_on(day, field="submitted_on", what=_("The submission for approval"))
        if day < bill.passed_on:
            raise ValidationFailed(_("A regulation is submitted for approval after it was passed."))
        BILL.advance("submit_approval", bill)
        bill.approval_submitted_on = day
        bill.approval_due = calendar_service.due_date(
            day, rules.period("legislation.provincial_approval_deadline")
        )
        bill.save(update_fields=["status", "approval_submitted_on", "approval_due", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_APPROVAL, acting_user=acting_user)
        _office_todo(
            title=later("Follow up the provincial approval of “%(title)s”") % {"title": bill.title},
            kind=TODO_APPROVAL,
            source=bill,
            acting_user=acting_user,
            due=bill.approval_due,
            url=_url(bill),
        )
        audit_record(
            actor=acting_user,
            action="legislation.approval.submit",
            obj=bill,
            changes={
                "status": [S.PASSED, S.AWAITING_APPROVAL],
                "submitted_on": day,
                "due": bill.approval_due,
            },
        )
    return bill


def approval_record(
    *, bill: Bill, approved_on: dt.date, approving_body: str, note: str = "", acting_user: Actor
) -> Bill:
    """Record the provincial Standing Committee's approval (批准)."""
    authorize(acting_user, can_manage_legislation)
    approving_body = _required(approving_body, "approving_body", _("Name the approving body."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("approve", bill)
        assert bill.approval_submitted_on is not None
        check_done_on(approved_on, field="approved_on", what=_("The approval"))
        if approved_on < bill.approval_submitted_on:
            raise ValidationFailed(_("The approval cannot precede the submission for approval."))
        BILL.advance("approve", bill)
        bill.approved_on = approved_on
        bill.approving_body = approving_body[:200]
        bill.approval_note = note.strip()
        bill.save(update_fields=["status", "approved_on", "approving_body", "approval_note", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_APPROVAL, acting_user=acting_user)
        _office_todo(
            title=later("Promulgate “%(title)s”") % {"title": bill.title},
            kind=TODO_PROMULGATE,
            source=bill,
            acting_user=acting_user,
            url=_url(bill),
        )
        _notify_parties(
            bill,
            later("“%(title)s” was approved by %(body)s") % {"title": bill.title, "body": approving_body},
        )
        audit_record(
            actor=acting_user,
            action="legislation.approval.record",
            obj=bill,
            changes={
                "status": [S.AWAITING_APPROVAL, S.APPROVED],
                "approved_on": approved_on,
                "approving_body": approving_body,
                "late": bill.approval_due is not None and approved_on > bill.approval_due,
            },
        )
    return bill


def approval_refuse(*, bill: Bill, on: dt.date, note: str, acting_user: Actor) -> Bill:
    """Record that the provincial Standing Committee did not approve the regulation."""
    authorize(acting_user, can_manage_legislation)
    note = _required(note, "note", _("Record the province's decision and its reasons."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("refuse_approval", bill)
        check_done_on(
            on,
            field="on",
            what=_("The province's decision"),
            after=bill.approval_submitted_on,
            after_what=_("the submission for approval"),
        )
        BILL.advance("refuse_approval", bill)
        bill.approval_note = note
        bill.save(update_fields=["status", "approval_note", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_APPROVAL, acting_user=acting_user)
        _notify_parties(bill, later("“%(title)s” was not approved") % {"title": bill.title}, note)
        audit_record(
            actor=acting_user,
            action="legislation.approval.refuse",
            obj=bill,
            changes={"status": [S.AWAITING_APPROVAL, S.NOT_APPROVED], "on": on, "note": note},
        )
    return bill


def _announcement_note(bill: Bill, *, enacting_body: str, session: Session | None) -> str:
    """The enacting note under the title (official wording, kept in Chinese)."""
    assert bill.passed_on is not None
    meeting = f"第{int_to_cn(session.number)}次会议" if session is not None else "会议"
    note = f"（{_date_cn(bill.passed_on)}{enacting_body}{meeting}通过"
    if bill.approved_on is not None:
        note += f"　{_date_cn(bill.approved_on)}{bill.approving_body}批准"
    return note + "）"


def bill_promulgate(
    *,
    bill: Bill,
    announcement_number: str,
    promulgated_on: dt.date,
    commencement_on: dt.date,
    enacting_body: str,
    title: str = "",
    acting_user: Actor,
) -> RegulationVersion:
    """Promulgate by announcement (公告) with every statutory element: number, enacting body,
    dates of passage and approval, approving body, commencement (Huzhou Art 45; legislation-law
    Art 88). Refused before the provincial approval where the profile requires it. Creates
    the regulation's new version; the filing deadline (``legislation.filing_deadline``, Art 109)
    is counted from the promulgation."""
    authorize(acting_user, can_manage_legislation)
    announcement_number = _required(
        announcement_number, "announcement_number", _("Give the announcement's number.")
    )
    enacting_body = _required(enacting_body, "enacting_body", _("Name the enacting body."))
    with transaction.atomic():
        bill = _lock(bill)
        rules = ruleset_for(bill.rules)
        needs_approval = rules.boolean("legislation.provincial_approval_required")
        if bill.status == S.PASSED and needs_approval:
            raise InvalidTransition(
                _(
                    "The regulation needs the provincial Standing Committee's approval before it can be "
                    "promulgated (legislation law Art 81)."
                ),
                code="approval_required",
                detail={"status": bill.status},
            )
        check_step("promulgate", bill)
        assert bill.passed_on is not None
        earliest = bill.approved_on or bill.passed_on
        check_done_on(promulgated_on, field="promulgated_on", what=_("The promulgation"))
        if promulgated_on < earliest:
            raise ValidationFailed(
                _("The promulgation cannot precede the passage or the approval."),
                detail={"promulgated_on": [_("On or after %(d)s.") % {"d": earliest.isoformat()}]},
            )
        if commencement_on < promulgated_on:
            raise ValidationFailed(
                _("The regulation comes into force on or after the day it is promulgated."),
                detail={"commencement_on": [_("Choose a later date.")]},
            )
        if bill.kind == BillKind.ENACT:
            regulation = Regulation.objects.create(
                title=(title.strip() or regulation_title_from(bill.title))[:200],
                enacting_body=enacting_body[:200],
            )
        else:
            assert bill.regulation is not None
            regulation = Regulation.objects.select_for_update().get(pk=bill.regulation.pk)
            if regulation.repealed_on is not None:
                raise InvalidTransition(
                    _("%(title)s has already been repealed.") % {"title": regulation.title},
                    code="already_repealed",
                )
        previous = regulation.versions.order_by("-number").first()
        if bill.kind == BillKind.REPEAL:
            assert previous is not None
            text, kind = previous.text, VersionKind.REPEAL
        else:
            latest = selectors.latest_version(bill)
            if latest is None:
                raise ValidationFailed(_("The bill has no text to promulgate."))
            doc = parse_or_refuse(latest.text)
            doc.header = Header(
                title=regulation.title,
                lines=[
                    HeaderLine(
                        _announcement_note(bill, enacting_body=enacting_body, session=bill.voted_session),
                        "note",
                    )
                ],
            )
            text = render_text(doc)
            kind = VersionKind.ENACTMENT if previous is None else VersionKind.AMENDMENT
        number = (previous.number if previous else 0) + 1
        try:
            with transaction.atomic():
                version = RegulationVersion.objects.create(
                    regulation=regulation,
                    number=number,
                    kind=kind,
                    bill=bill,
                    title=regulation.title,
                    text=text,
                    article_count=len(parse_or_refuse(text).articles()),
                    announcement_number=announcement_number[:60],
                    enacting_body=enacting_body[:200],
                    passed_on=bill.passed_on,
                    approving_body=bill.approving_body if bill.approved_on else "",
                    approved_on=bill.approved_on,
                    promulgated_on=promulgated_on,
                    commencement_on=commencement_on,
                    filing_due=calendar_service.due_date(
                        promulgated_on, rules.period("legislation.filing_deadline")
                    ),
                )
        except IntegrityError as exc:
            raise ConflictError() from exc
        if bill.kind == BillKind.REPEAL:
            regulation.repealed_on = commencement_on
            regulation.save(update_fields=["repealed_on"])
        previous_status = bill.status
        BILL.advance("promulgate", bill)
        bill.regulation = regulation
        bill.save(update_fields=["status", "regulation", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_PROMULGATE, acting_user=acting_user)
        _office_todo(
            title=later("File “%(title)s” (备案)") % {"title": regulation.title},
            kind=TODO_FILING,
            source=bill,
            acting_user=acting_user,
            due=version.filing_due,
            url=_url(bill),
        )
        _notify_parties(
            bill,
            later("“%(title)s” was promulgated; it is in force from %(day)s")
            % {"title": regulation.title, "day": commencement_on.isoformat()},
        )
        audit_record(
            actor=acting_user,
            action="legislation.bill.promulgate",
            obj=bill,
            changes={
                "status": [previous_status, S.PROMULGATED],
                "regulation": regulation.pk,
                "version": number,
                "announcement": announcement_number,
                "promulgated_on": promulgated_on,
                "commencement_on": commencement_on,
                "filing_due": version.filing_due,
            },
        )
        audit_record(
            actor=acting_user,
            action="legislation.regulation.version",
            obj=regulation,
            changes={"version": number, "kind": kind, "bill": bill.pk},
        )
    return version


def filing_record(*, bill: Bill, filed_on: dt.date, filed_with: str, acting_user: Actor) -> RegulationVersion:
    """Record the filing (备案) of the promulgated regulation (legislation-law Art 109)."""
    authorize(acting_user, can_manage_legislation)
    filed_with = _required(filed_with, "filed_with", _("Name the body the regulation was filed with."))
    with transaction.atomic():
        bill = _lock(bill)
        check_step("file", bill)
        version = RegulationVersion.objects.select_for_update().get(bill=bill)
        check_done_on(filed_on, field="filed_on", what=_("The filing"))
        if filed_on < version.promulgated_on:
            raise ValidationFailed(_("A regulation is filed after it is promulgated."))
        version.filed_on = filed_on
        version.filed_with = filed_with[:200]
        version.save(update_fields=["filed_on", "filed_with"])
        BILL.advance("file", bill)
        bill.save(update_fields=["status", "updated_at"])
        todos_close_for_source(source=bill, kind=TODO_FILING, acting_user=acting_user)
        audit_record(
            actor=acting_user,
            action="legislation.bill.file",
            obj=bill,
            changes={
                "status": [S.PROMULGATED, S.FILED],
                "filed_on": filed_on,
                "filed_with": filed_with,
                "late": version.filing_due is not None and filed_on > version.filing_due,
            },
        )
    return version


# --- the daily scan ----------------------------------------------------------------------------


def _remind_once(bill: Bill, kind: str, key: str) -> bool:
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(bill=bill, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def shelving_deadline(bill: Bill) -> dt.date | None:
    """The day the shelving period ends for a bill in deliberation or shelved: counted from
    the later of its last time on the agenda and its shelving."""
    starts = [d for d in (bill.last_agenda_on, bill.shelved_on) if d is not None]
    if not starts:
        return None
    period = ruleset_for(bill.rules).period("legislation.shelving_period")
    return calendar_service.due_date(max(starts), period)


def legislation_scan(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: end (or report) bills shelved or off the agenda for the shelving period, and
    remind the office of approval and filing deadlines. Idempotent."""
    today = today or timezone.localdate()
    out = {"terminated": 0, "shelving_reports": 0, "approval_reminders": 0, "filing_reminders": 0}
    for bill in Bill.objects.select_related("rules").filter(status__in=[S.DELIBERATION, S.SHELVED]):
        due = shelving_deadline(bill)
        if due is None or today <= due:
            continue
        if Vote.objects.filter(bill=bill, status=VoteStatus.OPEN).exists():
            continue
        rules = ruleset_for(bill.rules)
        period = rules.period("legislation.shelving_period")
        reason = _(
            "Not put to the vote and not back on the agenda since %(day)s (%(period)s); deliberation ends "
            "(Huzhou Art 41, legislation law Art 45)."
        ) % {"day": max(d for d in (bill.last_agenda_on, bill.shelved_on) if d), "period": period.label_zh()}
        if rules.boolean("legislation.shelving_terminates_automatically"):
            bill_terminate(bill=bill, reason=reason, on=today, acting_user=SYSTEM)
            out["terminated"] += 1
        elif _remind_once(bill, "shelving", due.isoformat()):
            with transaction.atomic():
                _office_todo(
                    title=later(
                        "“%(title)s” has waited %(period)s: the council of chairpersons decides to end "
                        "or extend deliberation"
                    )
                    % {"title": bill.title, "period": period.label_zh()},
                    kind=TODO_SHELVING,
                    source=bill,
                    acting_user=SYSTEM,
                    url=_url(bill),
                )
            out["shelving_reports"] += 1
    for bill in Bill.objects.filter(status=S.AWAITING_APPROVAL, approval_due__isnull=False):
        assert bill.approval_due is not None
        key = None
        if today > bill.approval_due:
            key, title = "overdue", later("The provincial approval of “%(title)s” was due on %(day)s")
        elif (bill.approval_due - today).days <= APPROVAL_REMINDER_DAYS:
            key, title = "soon", later("The provincial approval of “%(title)s” is due on %(day)s")
        if key and _remind_once(bill, "approval", key):
            with transaction.atomic():
                users = selectors.office_users()
                if users:
                    notify(
                        recipients=users,
                        title=title % {"title": bill.title, "day": bill.approval_due.isoformat()},
                        url=_url(bill),
                        category=CATEGORY,
                    )
            out["approval_reminders"] += 1
    for version in RegulationVersion.objects.select_related("bill").filter(
        bill__status=S.PROMULGATED, filed_on__isnull=True, filing_due__isnull=False
    ):
        assert version.filing_due is not None and version.bill is not None
        key = None
        if today > version.filing_due:
            key, title = "overdue", later("The filing of “%(title)s” was due on %(day)s")
        elif (version.filing_due - today).days <= FILING_REMINDER_DAYS:
            key, title = "soon", later("The filing of “%(title)s” is due on %(day)s")
        if key and _remind_once(version.bill, "filing", key):
            with transaction.atomic():
                users = selectors.office_users()
                if users:
                    notify(
                        recipients=users,
                        title=title % {"title": version.title, "day": version.filing_due.isoformat()},
                        url=_url(version.bill),
                        category=CATEGORY,
                    )
            out["filing_reminders"] += 1
    return out
