"""Every write of supervision (监督): plans, items, 审议意见, rectification tasks,
escalation, resolutions and the satisfaction vote.

Each service: ``transaction.atomic``; the step checked against a table in ``states.py``;
``update_fields``; one audit row naming the acting user; notifications after commit (the
core ``notify`` defers e-mail to commit). Deadlines come from the plan's own rules-profile
version through the calendar service.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.actors import SYSTEM, Actor, as_user
from lvzhi.core.audit import audit_record
from lvzhi.core.calendar import due_date
from lvzhi.core.errors import ConflictError, InvalidTransition, PermissionDeniedError, ValidationFailed
from lvzhi.core.i18n import later
from lvzhi.core.models import HANDLING_TYPES, Organ, OrganMembership, OrganType, Role, Term, User
from lvzhi.core.permissions import authorize
from lvzhi.core.selectors import current_ruleset, ruleset_for
from lvzhi.core.services import (
    attachment_check,
    attachment_store,
    notify,
    todo_create,
    todos_close_for_source,
)

from . import permissions as perms
from .models import (
    Activity,
    Answer,
    EscalationStep,
    Extension,
    Milestone,
    ProgressReport,
    Question,
    RectificationTask,
    Resolution,
    ReviewOpinion,
    SatisfactionVote,
    ScanLog,
    SecretBallot,
    Signature,
    SupervisionItem,
    SupervisionPlan,
    TeamMember,
    VoteParticipation,
)
from .states import (
    EXTENSION,
    ITEM,
    OPEN_TASK_STATES,
    PLAN,
    REPORT_FORMS,
    TASK,
    VOTE,
    WORKING_PLAN_STATES,
    ActivityKind,
    AnswerMode,
    Escalation,
    ExtensionStatus,
    Form,
    ItemStatus,
    PlanStatus,
    ProblemType,
    TaskStatus,
    TeamRole,
    VoteStatus,
)

CATEGORY = "supervision"

# --- constants with their basis (the rules profile has no key for these) -----------------------

#: Art 15 of the supervision law: the body sends the special work report to the committee
#: for comments 20 days before the meeting; the office sends it to members 7 days before.
#: (The 10-day step is the profile's ``supervision.report_to_committee_days_before``.)
CONSULT_DAYS_BEFORE = 20
DISTRIBUTE_DAYS_BEFORE = 7

#: The satisfaction-vote threshold and the escalation ladder come from the rules profile of
#: the plan (``supervision.satisfaction_pass_rule``, ``supervision.reminder_days_before``,
#: ``supervision.escalation_days_overdue``; local practice, domain §4). Days are calendar days
#: relative to the task's deadline: a reminder before it, then each step once.
ESCALATION_LEVELS: tuple[int, ...] = (
    Escalation.LETTER,
    Escalation.COUNCIL,
    Escalation.STRONGER_MEANS,
    Escalation.RESOLUTION,
)


def _ladder(rules_version: Any) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The reminder and the escalation ladder of the plan's profile version; a version from
    before these keys existed uses the current profile's (never no ladder at all)."""
    rules = ruleset_for(rules_version)
    if "supervision.escalation_days_overdue" not in rules or "supervision.reminder_days_before" not in rules:
        _version, rules = current_ruleset()
    days = [int(d) for d in rules.items("supervision.escalation_days_overdue")]
    return rules.integer("supervision.reminder_days_before"), tuple(
        zip(days, ESCALATION_LEVELS, strict=False)
    )


# --- helpers ------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


logger = logging.getLogger("lvzhi.supervision")


def _not_future(day: dt.date | None, field: str, what: Any) -> None:
    """Nothing in the future is recorded as done ("dates cannot lie")."""
    today = _today()
    if day is not None and day > today:
        message = _("%(what)s cannot be dated %(day)s: that is after today (%(today)s).") % {
            "what": what,
            "day": day,
            "today": today,
        }
        raise ValidationFailed(message, code="date_in_future", detail={field: [message]})


def _not_before(day: dt.date | None, earlier: dt.date | None, field: str, what: Any, previous: Any) -> None:
    """Each step follows the one before it in time."""
    if day is not None and earlier is not None and day < earlier:
        message = _("%(what)s cannot be dated %(day)s: that is before %(previous)s (%(earlier)s).") % {
            "what": what,
            "day": day,
            "previous": previous,
            "earlier": earlier,
        }
        raise ValidationFailed(message, code="date_out_of_order", detail={field: [message]})


def _require_office(user: Actor) -> None:
    authorize(user, perms.can_manage_supervision)


def _require_unit(user: Actor, task: RectificationTask) -> None:
    authorize(
        user,
        perms.can_act_on_task,
        task,
        message=_("Only officers of the responsible unit can act on this task."),
    )


def item_rules(item: SupervisionItem) -> Any:
    """The rules of the profile version the item's plan started under."""
    return ruleset_for(item.plan.rules)


_rules = item_rules


def _item_url(item: SupervisionItem) -> str:
    return reverse("supervision:item", args=[item.pk])


def _task_url(task: RectificationTask) -> str:
    return reverse("supervision:task", args=[task.pk])


def _unit_officers(unit_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            roles__role=Role.UNIT_OFFICER, roles__organ_id__in=list(unit_ids), is_active=True
        ).distinct()
    )


def _office() -> list[User]:
    return list(User.objects.filter(roles__role=Role.STAFF, is_active=True).distinct())


def _leaders() -> list[User]:
    return list(User.objects.filter(roles__role=Role.LEADER, is_active=True).distinct())


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("This field is required."), detail={field: [_("This field is required.")]})
    return value


def _lock_item(item: SupervisionItem) -> SupervisionItem:
    return SupervisionItem.objects.select_for_update().select_related("plan__rules", "body").get(pk=item.pk)


def _lock_task(task: RectificationTask) -> RectificationTask:
    return RectificationTask.objects.select_for_update().select_related("item", "unit").get(pk=task.pk)


def _require_form(item: SupervisionItem, *forms: str) -> None:
    if item.form not in forms:
        raise ValidationFailed(
            _("This step does not apply to a “%(form)s” item.") % {"form": item.get_form_display()}
        )


def sc_members(term: Term, on: dt.date | None = None) -> list[OrganMembership]:
    """All members of the term's Standing Committee (全体组成人员) serving on ``on``."""
    qs = OrganMembership.objects.select_related("person").filter(
        term=term, organ__type=OrganType.STANDING_COMMITTEE
    )
    if on is not None:
        qs = qs.exclude(start_date__gt=on).exclude(end_date__lt=on)
    return list(qs)


def sc_membership_of(user: User | None, term: Term, on: dt.date | None = None) -> OrganMembership | None:
    if user is None or not user.is_authenticated or not user.person_id:
        return None
    return next((m for m in sc_members(term, on) if m.person_id == user.person_id), None)


# --- plans --------------------------------------------------------------------------------------


def plan_create(*, year: int, title: str, acting_user: Actor, term: Term | None = None) -> SupervisionPlan:
    _require_office(acting_user)
    title = _text(title, "title")
    term = term or Term.objects.filter(is_current=True).first()
    if term is None:
        raise ValidationFailed(_("No current term is set up."))
    version, _rs = current_ruleset()
    with transaction.atomic():
        if SupervisionPlan.objects.filter(term=term, year=year).exists():
            raise ConflictError(_("There is already a supervision plan for %(year)s.") % {"year": year})
        plan = SupervisionPlan.objects.create(term=term, year=year, title=title[:200], rules=version)
        audit_record(actor=acting_user, action="supervision.plan.create", obj=plan, changes={"year": year})
    return plan


def plan_adopt(*, plan: SupervisionPlan, adopted_on: dt.date, acting_user: Actor) -> SupervisionPlan:
    """Record that the council of chairpersons (主任会议) passed the plan."""
    _require_office(acting_user)
    _not_future(adopted_on, "adopted_on", _("The plan's adoption"))
    with transaction.atomic():
        plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
        PLAN.check("adopt", plan)
        if not plan.items.exists():
            raise ValidationFailed(_("Add the plan's items before it is adopted."))
        plan.status, plan.adopted_on = PlanStatus.ADOPTED, adopted_on
        plan.save(update_fields=["status", "adopted_on"])
        audit_record(
            actor=acting_user, action="supervision.plan.adopt", obj=plan, changes={"adopted_on": adopted_on}
        )
    return plan


def plan_publish(*, plan: SupervisionPlan, acting_user: Actor) -> SupervisionPlan:
    _require_office(acting_user)
    with transaction.atomic():
        plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
        PLAN.check("publish", plan)
        plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
        plan.save(update_fields=["status", "published_at"])
        audit_record(actor=acting_user, action="supervision.plan.publish", obj=plan, changes={})
    return plan


# --- items --------------------------------------------------------------------------------------


def report_deadlines(rules: Any, meeting_date: dt.date) -> dict[str, dt.date]:
    """The three document deadlines before a meeting (Art 15): to the committee for comments
    (20 days), to the Standing Committee (profile, 10 days), to the members (7 days)."""
    days = rules.integer("supervision.report_to_committee_days_before")
    return {
        "consult_due": meeting_date - dt.timedelta(days=CONSULT_DAYS_BEFORE),
        "submit_due": meeting_date - dt.timedelta(days=days),
        "distribute_due": meeting_date - dt.timedelta(days=DISTRIBUTE_DAYS_BEFORE),
    }


def item_create(
    *,
    plan: SupervisionPlan,
    form: str,
    title: str,
    body: Organ,
    acting_user: Actor,
    committee: Organ | None = None,
    meeting_date: dt.date | None = None,
    summary: str = "",
) -> SupervisionItem:
    _require_office(acting_user)
    if form not in Form.values:
        raise ValidationFailed(_("Unknown form of supervision."))
    title = _text(title, "title")
    if body.type not in HANDLING_TYPES:
        raise ValidationFailed(
            _("%(organ)s is not a body the Standing Committee supervises.") % {"organ": body.name}
        )
    with transaction.atomic():
        PLAN.check("add_item", plan)
        item = SupervisionItem(
            plan=plan,
            form=form,
            title=title[:200],
            body=body,
            committee=committee,
            meeting_date=meeting_date,
            summary=summary.strip(),
        )
        if meeting_date and form in REPORT_FORMS:
            for name, value in report_deadlines(ruleset_for(plan.rules), meeting_date).items():
                setattr(item, name, value)
        item.save()
        audit_record(
            actor=acting_user,
            action="supervision.item.create",
            obj=item,
            changes={"form": form, "body": body.pk, "meeting_date": meeting_date},
        )
    return item


def item_start(*, item: SupervisionItem, acting_user: Actor) -> SupervisionItem:
    """Begin the work. A 质询案 starts only once enough members signed it (Art 51)."""
    _require_office(acting_user)
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("start", item)
        if item.plan.status not in WORKING_PLAN_STATES:
            raise InvalidTransition(
                _("Work on an item starts once its plan is adopted; “%(plan)s” is still a draft.")
                % {"plan": item.plan.title},
                code="plan_draft",
            )
        if item.form == Form.INTERPELLATION:
            needed = _rules(item).integer("supervision.inquiry_signer_threshold")
            have = item.signatures.count()
            if have < needed:
                raise ValidationFailed(
                    _(
                        "A formal inquiry needs the signatures of at least %(needed)s Standing Committee members; "
                        "it has %(have)s."
                    )
                    % {"needed": needed, "have": have},
                    code="too_few_signatures",
                    detail={"needed": needed, "have": have},
                )
        item.status = ItemStatus.IN_PROGRESS
        item.save(update_fields=["status"])
        audit_record(
            actor=acting_user, action="supervision.item.start", obj=item, changes={"status": item.status}
        )
        if item.form in REPORT_FORMS and item.submit_due:
            notify(
                recipients=_unit_officers([item.body_id]),
                url="",
                category=CATEGORY,
                title=later("Report “%(t)s” due to the Standing Committee by %(d)s")
                % {"t": item.title, "d": item.submit_due},
            )
    return item


def report_submit(*, item: SupervisionItem, submitted_on: dt.date, acting_user: Actor) -> SupervisionItem:
    """Record the date the body's report reached the Standing Committee."""
    _require_office(acting_user)
    _not_future(submitted_on, "submitted_on", _("The report's submission"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("edit", item)
        item.report_submitted_on = submitted_on
        item.save(update_fields=["report_submitted_on"])
        late = bool(item.submit_due and submitted_on > item.submit_due)
        audit_record(
            actor=acting_user,
            action="supervision.item.report_submitted",
            obj=item,
            changes={"submitted_on": submitted_on, "late": late},
        )
    return item


def team_member_add(*, item: SupervisionItem, name: str, role: str, acting_user: Actor) -> TeamMember:
    _require_office(acting_user)
    _require_form(item, Form.INSPECTION, Form.INVESTIGATION)
    if role not in TeamRole.values:
        raise ValidationFailed(_("Unknown team role."))
    name = _text(name, "name")
    with transaction.atomic():
        member = TeamMember.objects.create(item=item, name=name[:60], role=role)
        audit_record(
            actor=acting_user, action="supervision.team.add", obj=item, changes={"name": name, "role": role}
        )
    return member


def activity_record(
    *,
    item: SupervisionItem,
    kind: str,
    date: dt.date,
    summary: str,
    acting_user: Actor,
    place: str = "",
) -> Activity:
    _require_office(acting_user)
    _require_form(item, Form.INSPECTION, Form.INVESTIGATION)
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Unknown kind of activity."))
    summary = _text(summary, "summary")
    _not_future(date, "date", _("An activity"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("record_activity", item)
        activity = Activity.objects.create(
            item=item, kind=kind, date=date, place=place.strip()[:200], summary=summary
        )
        audit_record(
            actor=acting_user,
            action="supervision.activity.record",
            obj=item,
            changes={"kind": kind, "date": date},
        )
    return activity


def question_record(
    *,
    item: SupervisionItem,
    asker: str,
    question: str,
    asked_on: dt.date,
    acting_user: Actor,
    answer: str = "",
    official: str = "",
) -> Question:
    """A question of a 专题询问 or 询问 with the answer and the official who gave it."""
    _require_office(acting_user)
    _require_form(item, Form.THEMATIC_INQUIRY, Form.QUESTION)
    question = _text(question, "question")
    asker = _text(asker, "asker")
    if answer.strip() and not official.strip():
        raise ValidationFailed(
            _("Name the official who answered."), detail={"official": [_("This field is required.")]}
        )
    _not_future(asked_on, "asked_on", _("A question"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("record_question", item)
        row = Question.objects.create(
            item=item,
            asker=asker[:60],
            question=question,
            answer=answer.strip(),
            official=official.strip()[:100],
            asked_on=asked_on,
        )
        audit_record(
            actor=acting_user, action="supervision.question.record", obj=item, changes={"question": row.pk}
        )
    return row


def interpellation_sign(
    *, item: SupervisionItem, membership: OrganMembership, acting_user: Actor
) -> Signature:
    """A Standing Committee member signs a 质询案; members sign in person, the office records."""
    _require_form(item, Form.INTERPELLATION)
    authorize(acting_user, perms.can_sign_for, membership)
    if membership.pk not in {m.pk for m in sc_members(item.plan.term)}:
        raise ValidationFailed(_("Only members of this term's Standing Committee can sign a formal inquiry."))
    with transaction.atomic():
        item = _lock_item(item)
        if not ITEM.allowed("sign", item.status):
            raise InvalidTransition(_("The formal inquiry was already submitted."))
        if Signature.objects.filter(item=item, membership=membership).exists():
            raise ConflictError(_("This member has already signed."))
        sig = Signature.objects.create(item=item, membership=membership)
        audit_record(
            actor=acting_user,
            action="supervision.interpellation.sign",
            obj=item,
            changes={"membership": membership.pk},
        )
    return sig


def interpellation_answer(
    *,
    item: SupervisionItem,
    mode: str,
    official: str,
    content: str,
    answered_on: dt.date,
    acting_user: Actor,
) -> Answer:
    """Record the body's answer (Art 52, 54). A second answer is allowed only when more than
    half of the proposers were dissatisfied with the first (Art 53)."""
    _require_office(acting_user)
    _require_form(item, Form.INTERPELLATION)
    if mode not in AnswerMode.values:
        raise ValidationFailed(_("Choose a written or an oral answer."))
    official, content = _text(official, "official"), _text(content, "content")
    _not_future(answered_on, "answered_on", _("An answer"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("record_question", item)
        previous = item.answers.order_by("-round").first()
        if previous is not None:
            proposers = item.signatures.count()
            dissatisfied = previous.dissatisfied.count()
            if previous.round >= 2 or dissatisfied * 2 <= proposers:
                raise InvalidTransition(
                    _(
                        "A further answer needs more than half of the %(n)s proposers to be dissatisfied "
                        "(%(d)s are)."
                    )
                    % {"n": proposers, "d": dissatisfied},
                    code="no_second_answer",
                )
        row = Answer.objects.create(
            item=item,
            round=(previous.round + 1) if previous else 1,
            mode=mode,
            official=official[:100],
            content=content,
            answered_on=answered_on,
        )
        item.answer_mode = mode
        item.save(update_fields=["answer_mode"])
        audit_record(
            actor=acting_user,
            action="supervision.interpellation.answer",
            obj=item,
            changes={"round": row.round, "mode": mode},
        )
    return row


def answer_mark_dissatisfied(*, answer: Answer, membership: OrganMembership, acting_user: Actor) -> int:
    """A proposer says they are not satisfied with the answer. Returns the count."""
    authorize(acting_user, perms.can_sign_for, membership)
    with transaction.atomic():
        if not answer.item.signatures.filter(membership=membership).exists():
            raise ValidationFailed(
                _("Only the members who proposed the formal inquiry can judge its answer.")
            )
        answer.dissatisfied.add(membership)
        audit_record(
            actor=acting_user,
            action="supervision.interpellation.dissatisfied",
            obj=answer.item,
            changes={"round": answer.round, "membership": membership.pk},
        )
        return answer.dissatisfied.count()


def item_deliberate(
    *, item: SupervisionItem, deliberated_on: dt.date, findings: str, acting_user: Actor
) -> SupervisionItem:
    """The Standing Committee heard and deliberated the report (for an inspection: the
    inspection report evaluating the law's implementation and listing problems)."""
    _require_office(acting_user)
    findings = _text(findings, "findings")
    _not_future(deliberated_on, "deliberated_on", _("The deliberation"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("deliberate", item)
        item.status, item.deliberated_on, item.findings = ItemStatus.DELIBERATED, deliberated_on, findings
        item.save(update_fields=["status", "deliberated_on", "findings"])
        audit_record(
            actor=acting_user,
            action="supervision.item.deliberate",
            obj=item,
            changes={"deliberated_on": deliberated_on},
        )
    return item


def handling_report_due(item: SupervisionItem, *, start: dt.date) -> dt.date:
    """The 研究处理 report's due date: three months from receipt of the 审议意见 (profile),
    or for audit findings six months after the audit report was heard (Art 27)."""
    rules = _rules(item)
    if item.form == Form.AUDIT:
        return due_date(
            item.deliberated_on or start, rules.period("supervision.audit_rectification_report_deadline")
        )
    return due_date(start, rules.period("supervision.written_report_deadline"))


def opinion_issue(
    *,
    item: SupervisionItem,
    text: str,
    adopted_on: dt.date,
    acting_user: Actor,
    transmitted_on: dt.date | None = None,
) -> ReviewOpinion:
    """Send the 审议意见 adopted by the council of chairpersons to the body."""
    _require_office(acting_user)
    text = _text(text, "text")
    transmitted_on = transmitted_on or _today()
    _not_future(adopted_on, "adopted_on", _("The adoption of the deliberation opinions"))
    _not_future(transmitted_on, "transmitted_on", _("Sending the deliberation opinions"))
    if transmitted_on < adopted_on:
        raise ValidationFailed(_("Opinions cannot be sent before they were adopted."))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("issue_opinion", item)
        _not_before(
            adopted_on,
            item.deliberated_on or item.meeting_date,
            "adopted_on",
            _("The adoption of the deliberation opinions"),
            _("the deliberation they come from"),
        )
        transmit_due = due_date(
            adopted_on, _rules(item).period("supervision.review_opinion_transmittal_deadline")
        )
        opinion = ReviewOpinion.objects.create(
            item=item,
            text=text,
            adopted_on=adopted_on,
            transmit_due=transmit_due,
            transmitted_on=transmitted_on,
            report_due=handling_report_due(item, start=transmitted_on),
        )
        item.status = ItemStatus.OPINION_SENT
        item.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action="supervision.opinion.issue",
            obj=item,
            changes={
                "adopted_on": adopted_on,
                "transmitted_on": transmitted_on,
                "late": transmitted_on > transmit_due,
                "report_due": opinion.report_due,
            },
        )
        notify(
            recipients=_unit_officers([item.body_id]),
            category=CATEGORY,
            title=later("Deliberation opinions on “%(t)s”: report on handling them by %(d)s")
            % {"t": item.title, "d": opinion.report_due},
        )
    return opinion


def handling_report_receive(
    *, item: SupervisionItem, text: str, received_on: dt.date, acting_user: Actor
) -> SupervisionItem:
    """Record the body's written 研究处理 report (or its re-report after an unsatisfactory vote)."""
    _require_office(acting_user)
    text = _text(text, "text")
    _not_future(received_on, "received_on", _("The handling report's receipt"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("receive_report", item)
        opinion = ReviewOpinion.objects.filter(item=item).first()
        _not_before(
            received_on,
            opinion.transmitted_on if opinion is not None else item.deliberated_on,
            "received_on",
            _("The handling report's receipt"),
            _("the sending of the deliberation opinions"),
        )
        item.status, item.handling_report, item.handling_report_on = ItemStatus.REPORTED, text, received_on
        item.save(update_fields=["status", "handling_report", "handling_report_on"])
        audit_record(
            actor=acting_user,
            action="supervision.item.report_received",
            obj=item,
            changes={"received_on": received_on},
        )
    return item


def resolution_adopt(
    *, item: SupervisionItem, text: str, adopted_on: dt.date, due: dt.date, acting_user: Actor
) -> Resolution:
    """A 决议 of the Standing Committee, with the date by which execution is reported (Art 17)."""
    _require_office(acting_user)
    text = _text(text, "text")
    if due <= adopted_on:
        raise ValidationFailed(_("The execution deadline must be after the adoption date."))
    _not_future(adopted_on, "adopted_on", _("The resolution's adoption"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("resolve", item)
        _not_before(
            adopted_on,
            item.deliberated_on,
            "adopted_on",
            _("The resolution's adoption"),
            _("the deliberation"),
        )
        row = Resolution.objects.create(item=item, text=text, adopted_on=adopted_on, due=due)
        audit_record(
            actor=acting_user,
            action="supervision.resolution.adopt",
            obj=item,
            changes={"resolution": row.pk, "due": due},
        )
        notify(
            recipients=_unit_officers([item.body_id]),
            category=CATEGORY,
            title=later("Resolution on “%(t)s”: report on its execution by %(d)s")
            % {"t": item.title, "d": due},
        )
    return row


def resolution_report(*, resolution: Resolution, reported_on: dt.date, acting_user: Actor) -> Resolution:
    _require_office(acting_user)
    _not_future(reported_on, "reported_on", _("The execution report"))
    with transaction.atomic():
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if resolution.reported_on is not None:
            raise ConflictError(_("The execution report is already recorded."))
        _not_before(
            reported_on,
            resolution.adopted_on,
            "reported_on",
            _("The execution report"),
            _("the resolution's adoption"),
        )
        resolution.reported_on = reported_on
        resolution.save(update_fields=["reported_on"])
        audit_record(
            actor=acting_user,
            action="supervision.resolution.report",
            obj=resolution.item,
            changes={"resolution": resolution.pk, "reported_on": reported_on},
        )
    return resolution


def item_close(*, item: SupervisionItem, result: str, acting_user: Actor) -> SupervisionItem:
    """Close the loop. Refused while any rectification task is not closed."""
    _require_office(acting_user)
    result = _text(result, "result")
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("close", item)
        open_tasks = item.tasks.exclude(status=TaskStatus.CLOSED).count()
        if open_tasks:
            raise InvalidTransition(
                _("%(n)s rectification task(s) are not closed yet.") % {"n": open_tasks},
                code="tasks_open",
                detail={"open": open_tasks},
            )
        if item.votes.filter(status=VoteStatus.OPEN).exists():
            raise InvalidTransition(_("Close the satisfaction vote first."), code="vote_open")
        item.status, item.result, item.closed_at = ItemStatus.CLOSED, result, timezone.now()
        item.save(update_fields=["status", "result", "closed_at"])
        audit_record(
            actor=acting_user, action="supervision.item.close", obj=item, changes={"status": item.status}
        )
    return item


def item_publish(*, item: SupervisionItem, acting_user: Actor, result: str | None = None) -> SupervisionItem:
    """Publish the item's results on the public site (never its internal note)."""
    _require_office(acting_user)
    with transaction.atomic():
        item = _lock_item(item)
        if not ITEM.allowed("publish", item.status):
            raise InvalidTransition(_("Only deliberated items can be published."))
        fields = ["is_public"]
        item.is_public = True
        if result is not None:
            item.result = result.strip()
            fields.append("result")
        item.save(update_fields=fields)
        audit_record(actor=acting_user, action="supervision.item.publish", obj=item, changes={})
    return item


# --- rectification tasks ------------------------------------------------------------------------


def task_add(
    *,
    item: SupervisionItem,
    problem: str,
    unit: Organ,
    deadline: dt.date,
    acting_user: Actor,
    problem_type: str = ProblemType.OTHER,
    milestones: Sequence[tuple[str, dt.date]] = (),
) -> RectificationTask:
    """One task per problem, assigned to the responsible unit with its deadline and milestones."""
    _require_office(acting_user)
    problem = _text(problem, "problem")
    if problem_type not in ProblemType.values:
        raise ValidationFailed(_("Unknown problem type."))
    if unit.type not in HANDLING_TYPES:
        raise ValidationFailed(_("%(organ)s cannot be a responsible unit.") % {"organ": unit.name})
    if deadline < _today():
        raise ValidationFailed(
            _("The deadline %(d)s has already passed: a new task needs a deadline from today (%(t)s) on.")
            % {"d": deadline, "t": _today()},
            code="deadline_past",
            detail={"deadline": [_("The deadline has already passed.")]},
        )
    for _title, due in milestones:
        if due > deadline:
            raise ValidationFailed(_("A milestone cannot fall after the task's deadline."))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("add_task", item)
        task = RectificationTask.objects.create(
            item=item, problem=problem, problem_type=problem_type, unit=unit, deadline=deadline
        )
        Milestone.objects.bulk_create(
            [Milestone(task=task, title=t.strip()[:200], due=d) for t, d in milestones if t.strip()]
        )
        audit_record(
            actor=acting_user,
            action="supervision.task.add",
            obj=task,
            changes={"item": item.pk, "unit": unit.pk, "deadline": deadline},
        )
        todo_create(
            title=later("Rectify: %(p)s") % {"p": problem[:150]},
            organ=unit,
            due_date=deadline,
            url=_task_url(task),
            kind="supervision.task",
            source=task,
            acting_user=acting_user,
        )
        notify(
            recipients=_unit_officers([unit.pk]),
            url=_task_url(task),
            category=CATEGORY,
            title=later("New rectification task due %(d)s: %(p)s") % {"d": deadline, "p": problem[:120]},
        )
    return task


def task_report_progress(
    *,
    task: RectificationTask,
    note: str,
    percent: int,
    acting_user: Actor,
    files: Sequence[UploadedFile] = (),
    milestones_done: Sequence[int] = (),
    today: dt.date | None = None,
) -> ProgressReport:
    """The unit reports progress with evidence files."""
    _require_unit(acting_user, task)
    note = _text(note, "note")
    if not 0 <= percent <= 100:
        raise ValidationFailed(_("Progress is a percentage from 0 to 100."))
    for upload in files:  # every file is checked before the first one is stored
        attachment_check(upload)
    with transaction.atomic():
        task = _lock_task(task)
        TASK.check("report_progress", task)
        report = ProgressReport.objects.create(
            task=task, note=note, percent=percent, created_by=as_user(acting_user)
        )
        for upload in files:
            attachment_store(target=report, upload=upload, acting_user=acting_user)
        if milestones_done:
            task.milestones.filter(pk__in=list(milestones_done), done_on__isnull=True).update(
                done_on=today or _today()
            )
        task.status, task.progress = TaskStatus.IN_PROGRESS, percent
        task.save(update_fields=["status", "progress"])
        audit_record(
            actor=acting_user,
            action="supervision.task.progress",
            obj=task,
            changes={"percent": percent, "files": len(files)},
        )
    return report


def task_submit(
    *, task: RectificationTask, result: str, acting_user: Actor, files: Sequence[UploadedFile] = ()
) -> RectificationTask:
    """The unit reports the problem fixed; committee staff will verify."""
    _require_unit(acting_user, task)
    result = _text(result, "result")
    for upload in files:  # every file is checked before the first one is stored
        attachment_check(upload)
    with transaction.atomic():
        task = _lock_task(task)
        TASK.check("submit", task)
        report = ProgressReport.objects.create(
            task=task, note=result, percent=100, created_by=as_user(acting_user)
        )
        for upload in files:
            attachment_store(target=report, upload=upload, acting_user=acting_user)
        task.status, task.result, task.progress = TaskStatus.SUBMITTED, result, 100
        task.save(update_fields=["status", "result", "progress"])
        audit_record(
            actor=acting_user, action="supervision.task.submit", obj=task, changes={"status": task.status}
        )
        todos_close_for_source(source=task, kind="supervision.task", acting_user=acting_user)
        todo_create(
            title=later("Verify rectification: %(p)s") % {"p": task.problem[:150]},
            role=Role.STAFF,
            url=_task_url(task),
            kind="supervision.verify",
            source=task,
            acting_user=acting_user,
        )
    return task


def extension_request(
    *, task: RectificationTask, until: dt.date, reason: str, acting_user: Actor
) -> Extension:
    _require_unit(acting_user, task)
    reason = _text(reason, "reason")
    with transaction.atomic():
        task = _lock_task(task)
        TASK.check("request_extension", task)
        if until <= task.deadline:
            raise ValidationFailed(_("The new deadline must be later than %(d)s.") % {"d": task.deadline})
        if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise ConflictError(_("An extension request is already pending."))
        if until < _today():
            raise ValidationFailed(
                _("The new deadline %(d)s has already passed.") % {"d": until},
                code="deadline_past",
                detail={"until": [_("The deadline has already passed.")]},
            )
        ext = Extension.objects.create(
            task=task, until=until, reason=reason, requested_by=as_user(acting_user)
        )
        audit_record(
            actor=acting_user, action="supervision.extension.request", obj=task, changes={"until": until}
        )
        notify(
            recipients=_office(),
            url=_task_url(task),
            category=CATEGORY,
            title=later("%(u)s asks to extend a rectification deadline to %(d)s")
            % {"u": task.unit.name, "d": until},
        )
    return ext


def extension_decide(*, extension: Extension, approve: bool, acting_user: Actor) -> Extension:
    _require_office(acting_user)
    with transaction.atomic():
        extension = EXTENSION.lock(extension)
        if not EXTENSION.allowed("approve" if approve else "reject", extension.status):
            raise InvalidTransition(_("The request was already decided."), code="already_decided")
        task = _lock_task(extension.task)
        EXTENSION.advance("approve" if approve else "reject", extension)
        extension.decided_by, extension.decided_at = as_user(acting_user), timezone.now()
        extension.save(update_fields=["status", "decided_by", "decided_at"])
        changes: dict[str, Any] = {"approved": approve}
        if approve:
            changes["deadline"] = [task.deadline, extension.until]
            task.deadline = extension.until
            task.save(update_fields=["deadline"])
        audit_record(actor=acting_user, action="supervision.extension.decide", obj=task, changes=changes)
        notify(
            recipients=_unit_officers([task.unit_id]),
            url=_task_url(task),
            category=CATEGORY,
            title=later("Extension approved to %(d)s") % {"d": extension.until}
            if approve
            else later("Extension refused"),
        )
    return extension


def task_verify(*, task: RectificationTask, passed: bool, note: str, acting_user: Actor) -> RectificationTask:
    """Committee staff check the rectification: passed → verified, else back to the unit."""
    _require_office(acting_user)
    note = _text(note, "note")
    with transaction.atomic():
        task = _lock_task(task)
        TASK.check("verify" if passed else "reject", task)
        task.verification_note = note
        fields = ["status", "verification_note"]
        if passed:
            task.status, task.verified_by, task.verified_at = (
                TaskStatus.VERIFIED,
                as_user(acting_user),
                timezone.now(),
            )
            fields += ["verified_by", "verified_at"]
        else:
            task.status = TaskStatus.IN_PROGRESS
        task.save(update_fields=fields)
        todos_close_for_source(source=task, kind="supervision.verify", acting_user=acting_user)
        if not passed:
            todo_create(
                title=later("Rectify again: %(p)s") % {"p": task.problem[:150]},
                organ=task.unit,
                due_date=task.deadline,
                url=_task_url(task),
                kind="supervision.task",
                source=task,
                acting_user=acting_user,
            )
        audit_record(
            actor=acting_user, action="supervision.task.verify", obj=task, changes={"passed": passed}
        )
        notify(
            recipients=_unit_officers([task.unit_id]),
            url=_task_url(task),
            category=CATEGORY,
            title=(
                later("Rectification verified: %(p)s")
                if passed
                else later("Rectification not accepted: %(p)s")
            )
            % {"p": task.problem[:120]},
        )
    return task


def task_close(*, task: RectificationTask, acting_user: Actor) -> RectificationTask:
    """销号. Refused unless staff verified the rectification first."""
    _require_office(acting_user)
    with transaction.atomic():
        task = _lock_task(task)
        if not TASK.allowed("close", task.status):
            raise InvalidTransition(
                _("A task can be closed only after committee staff verified the rectification."),
                code="not_verified",
            )
        task.status, task.closed_at = TaskStatus.CLOSED, timezone.now()
        task.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=acting_user, action="supervision.task.close", obj=task, changes={"status": task.status}
        )
    return task


def _escalate_to(task: RectificationTask, level: int, reason: str, actor: Actor, scan_key: str = "") -> None:
    step = EscalationStep.objects.create(
        task=task,
        level_from=task.escalation,
        level_to=level,
        reason=reason,
        actor=as_user(actor),
        scan_key=scan_key,
    )
    task.escalation = level
    task.save(update_fields=["escalation"])
    audit_record(
        actor=actor,
        action="supervision.task.escalation",
        obj=task,
        changes={"level": [step.level_from, level], "reason": reason, "automatic": bool(scan_key)},
    )
    label = Escalation(level).label
    title = later("Escalation (%(l)s): %(u)s — %(p)s") % {
        "l": label,
        "u": task.unit.name,
        "p": task.problem[:100],
    }
    recipients = _unit_officers([task.unit_id])
    if level >= Escalation.LETTER:
        recipients += _office()
    if level >= Escalation.COUNCIL:
        recipients += _leaders()
    notify(recipients=recipients, url=_task_url(task), category="escalation", title=title)
    if level == Escalation.LETTER:
        todo_create(
            title=later("Send a supervision letter (督办函) to %(u)s") % {"u": task.unit.name},
            role=Role.STAFF,
            url=_task_url(task),
            kind="supervision.letter",
            source=task,
            acting_user=actor,
        )
    elif level >= Escalation.COUNCIL:
        todo_create(
            title=later("Put to the council of chairpersons: %(l)s — %(p)s")
            % {"l": label, "p": task.problem[:100]},
            role=Role.STAFF,
            url=_task_url(task),
            kind="supervision.council",
            source=task,
            acting_user=actor,
        )


def task_escalate(*, task: RectificationTask, reason: str, acting_user: Actor) -> RectificationTask:
    """Staff move the task one step up the ladder by hand, with a reason."""
    _require_office(acting_user)
    reason = _text(reason, "reason")
    with transaction.atomic():
        task = _lock_task(task)
        TASK.check("escalate", task)
        if task.escalation >= Escalation.RESOLUTION:
            raise InvalidTransition(_("The task is already at the top of the escalation ladder."))
        _escalate_to(task, task.escalation + 1, reason, acting_user)
    return task


def task_deescalate(*, task: RectificationTask, reason: str, acting_user: Actor) -> RectificationTask:
    """Staff move the task one step down, with a reason (e.g. the unit caught up)."""
    _require_office(acting_user)
    reason = _text(reason, "reason")
    with transaction.atomic():
        task = _lock_task(task)
        TASK.check("deescalate", task)
        if task.escalation <= Escalation.NONE:
            raise InvalidTransition(_("The task is not escalated."))
        step = EscalationStep.objects.create(
            task=task,
            level_from=task.escalation,
            level_to=task.escalation - 1,
            reason=reason,
            actor=as_user(acting_user),
        )
        task.escalation = step.level_to
        task.save(update_fields=["escalation"])
        audit_record(
            actor=acting_user,
            action="supervision.task.escalation",
            obj=task,
            changes={"level": [step.level_from, step.level_to], "reason": reason, "automatic": False},
        )
    return task


# --- satisfaction vote --------------------------------------------------------------------------


def vote_open(
    *, item: SupervisionItem, subject: str, opened_on: dt.date, acting_user: Actor
) -> SatisfactionVote:
    _require_office(acting_user)
    subject = _text(subject, "subject")
    _not_future(opened_on, "opened_on", _("The satisfaction vote"))
    with transaction.atomic():
        item = _lock_item(item)
        ITEM.check("open_vote", item)
        if item.status == ItemStatus.REPORTED:
            _not_before(
                opened_on,
                item.handling_report_on,
                "opened_on",
                _("The satisfaction vote"),
                _("the handling report it judges"),
            )
        else:
            _not_before(
                opened_on, item.deliberated_on, "opened_on", _("The satisfaction vote"), _("the deliberation")
            )
        if item.votes.filter(status=VoteStatus.OPEN).exists():
            raise ConflictError(_("A satisfaction vote on this item is already open."))
        members = sc_members(item.plan.term, opened_on)
        vote = SatisfactionVote.objects.create(
            item=item,
            subject=subject[:200],
            term=item.plan.term,
            opened_on=opened_on,
            total_members=len(members),
        )
        audit_record(
            actor=acting_user,
            action="supervision.vote.open",
            obj=item,
            changes={"vote": vote.pk, "members": len(members)},
        )
        users = list(User.objects.filter(is_active=True, person_id__in=[m.person_id for m in members]))
        notify(
            recipients=users,
            url=reverse("supervision:vote", args=[vote.pk]),
            category=CATEGORY,
            email=False,
            title=later("Satisfaction vote open: %(s)s") % {"s": subject},
        )
    return vote


def vote_options(vote: SatisfactionVote) -> list[dict[str, str]]:
    return list(_rules(vote.item).items("supervision.satisfaction_vote_options"))


def vote_cast(*, vote: SatisfactionVote, choice: str, acting_user: User) -> None:
    """A member casts a secret ballot in person: who voted and what was chosen are stored in
    separate tables with nothing to link them; the audit row names the voter, not the choice."""
    codes = [o["code"] for o in vote_options(vote)]
    if choice not in codes:
        raise ValidationFailed(_("Choose one of the options on the ballot."))
    with transaction.atomic():
        vote = SatisfactionVote.objects.select_for_update().select_related("term").get(pk=vote.pk)
        if not VOTE.allowed("cast", vote.status):
            raise InvalidTransition(_("The vote is closed."), code="vote_closed")
        membership = sc_membership_of(acting_user, vote.term, vote.opened_on)
        if membership is None:
            raise PermissionDeniedError(
                _("Only members of the Standing Committee can take part in the vote."), code="not_member"
            )
        if VoteParticipation.objects.filter(vote=vote, membership=membership).exists():
            raise ConflictError(_("You have already voted."), code="already_voted")
        VoteParticipation.objects.create(vote=vote, membership=membership)
        SecretBallot.objects.create(vote=vote, choice=choice)
        audit_record(actor=acting_user, action="supervision.vote.participate", obj=vote, changes={})


def satisfaction_accepted(
    *, satisfied: int, basically: int, cast: int, rule: str = "votes_cast", members: int = 0
) -> bool:
    """满意 + 基本满意 more than half of the votes cast (``votes_cast``) or of all members
    (``all_members``), as the profile's ``supervision.satisfaction_pass_rule`` says."""
    base = members if rule == "all_members" else cast
    return (satisfied + basically) * 2 > base


#: The profile key for the quorum of a satisfaction vote (a ``choice`` of ``MAJORITY_RULES``).
#: Not in the core registry yet: until it is, the quorum of the Standing Committee meeting that
#: holds the vote applies, ``standing_committee.quorum_rule`` (local organic law 2022 Art 51:
#: more than half of all members), read from the plan's profile.
QUORUM_KEY = "supervision.satisfaction_quorum"
FALLBACK_QUORUM_KEY = "standing_committee.quorum_rule"


def vote_quorum(rules: Any, total_members: int) -> tuple[int, str]:
    """How many members must take part for a satisfaction vote to decide, and the rule's code."""
    key = QUORUM_KEY if QUORUM_KEY in rules else FALLBACK_QUORUM_KEY
    rule = rules.choice(key) if key in rules else "more_than_half_of_all_members"
    if rule == "two_thirds_of_all_members":
        return -(-2 * total_members // 3), rule
    return total_members // 2 + 1, rule  # more than half of all members


def vote_close(
    *, vote: SatisfactionVote, acting_user: Actor, today: dt.date | None = None
) -> SatisfactionVote:
    """Count the ballots. Without its quorum (the profile's; by default more than half of all
    members taking part) the vote decides nothing: status "inquorate", no result, the item
    stays where it was. With it: accepted → the item may be closed; otherwise the body
    re-reports."""
    _require_office(acting_user)
    with transaction.atomic():
        vote = SatisfactionVote.objects.select_for_update().get(pk=vote.pk)
        if not VOTE.allowed("close", vote.status):
            raise InvalidTransition(_("The vote is already closed."), code="vote_closed")
        counts = {c: 0 for c in ("satisfied", "basically_satisfied", "unsatisfied")}
        for choice in vote.ballots.values_list("choice", flat=True):
            counts[choice] = counts.get(choice, 0) + 1
        plan_rules = ruleset_for(vote.item.plan.rules)
        vote.turnout = vote.participants.count()
        vote.quorum, quorum_rule = vote_quorum(plan_rules, vote.total_members)
        rule = plan_rules.choice("supervision.satisfaction_pass_rule")
        vote.closed_at = timezone.now()
        if vote.turnout < vote.quorum:
            vote.status, vote.accepted = VoteStatus.INQUORATE, None
        else:
            vote.satisfied, vote.basically_satisfied = counts["satisfied"], counts["basically_satisfied"]
            vote.unsatisfied = counts["unsatisfied"]
            vote.accepted = satisfaction_accepted(
                satisfied=vote.satisfied,
                basically=vote.basically_satisfied,
                cast=vote.cast,
                rule=rule,
                members=vote.total_members,
            )
            vote.status = VoteStatus.CLOSED
        vote.save(
            update_fields=[
                "satisfied",
                "basically_satisfied",
                "unsatisfied",
                "accepted",
                "status",
                "closed_at",
                "turnout",
                "quorum",
            ]
        )
        item = _lock_item(vote.item)
        audit_record(
            actor=acting_user,
            action="supervision.vote.close",
            obj=item,
            changes={
                "vote": vote.pk,
                "status": vote.status,
                "turnout": [vote.turnout, vote.total_members],
                "quorum": [vote.quorum, quorum_rule],
                "counts": counts if vote.status == VoteStatus.CLOSED else None,
                "accepted": vote.accepted,
                "rule": rule,
            },
        )
        if (
            vote.status == VoteStatus.CLOSED
            and not vote.accepted
            and ITEM.allowed("require_re_report", item.status)
        ):
            ITEM.advance("require_re_report", item)
            item.save(update_fields=["status"])
            opinion = ReviewOpinion.objects.filter(item=item).first()
            if opinion is not None:
                opinion.report_due = handling_report_due(item, start=today or _today())
                opinion.save(update_fields=["report_due"])
            notify(
                recipients=_unit_officers([item.body_id]),
                url="",
                category=CATEGORY,
                title=later(
                    "The Standing Committee was not satisfied with the report on “%(t)s”: report again"
                )
                % {"t": item.title},
            )
    return vote


# --- the daily scan ------------------------------------------------------------------------------


def deadlines_scan(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind before task deadlines, climb the escalation ladder when they pass, and flag late
    handling reports and resolutions. Idempotent: each step is taken once (logged)."""
    today = today or _today()
    counts = {"reminders": 0, "escalations": 0, "reports": 0, "resolutions": 0}
    tasks = RectificationTask.objects.filter(status__in=OPEN_TASK_STATES).select_related("unit", "item__plan")
    ladders: dict[int, tuple[int, tuple[tuple[int, int], ...]]] = {}
    for task in tasks.iterator(chunk_size=500):
        if task.status == TaskStatus.SUBMITTED:
            continue  # waiting for staff, not for the unit
        try:
            rules_id = task.item.plan.rules_id
            if rules_id not in ladders:
                ladders[rules_id] = _ladder(task.item.plan.rules)
            _scan_task(task, today, ladders[rules_id], counts)
        except Exception:  # one broken task must not stop the others' escalation
            logger.exception("supervision scan: task %s could not be escalated", task.pk)
    _scan_reports_and_resolutions(today, counts)
    return counts


def _scan_task(
    task: RectificationTask,
    today: dt.date,
    ladder_of_plan: tuple[int, tuple[tuple[int, int], ...]],
    counts: dict[str, int],
) -> None:
    """Put one task on the step of the ladder its lateness calls for (each step once)."""
    reminder_days, ladder = ladder_of_plan
    days_late = (today - task.deadline).days
    target = Escalation.NONE
    if -reminder_days <= days_late < 1:
        target = Escalation.REMINDER
    for after, level in ladder:
        if days_late >= after:
            target = Escalation(level)
    if target == Escalation.NONE:
        return
    for level in range(Escalation.REMINDER, target + 1):
        key = f"{level}:{task.deadline}"
        if level <= task.escalation or EscalationStep.objects.filter(task=task, scan_key=key).exists():
            continue
        with transaction.atomic():
            locked = _lock_task(task)
            reason = (
                _("%(n)s days before the deadline") % {"n": -days_late}
                if days_late < 1
                else _("%(n)s days overdue") % {"n": days_late}
            )
            _escalate_to(locked, level, reason, SYSTEM, scan_key=key)
            task.escalation = locked.escalation
        counts["reminders" if level == Escalation.REMINDER else "escalations"] += 1


def _scan_reports_and_resolutions(today: dt.date, counts: dict[str, int]) -> None:
    staff = _office()
    late_items = SupervisionItem.objects.filter(
        status__in=[ItemStatus.OPINION_SENT, ItemStatus.RE_REPORT], opinion__report_due__lt=today
    ).select_related("opinion")
    for item in late_items:
        key = f"report-late:{item.opinion.report_due}"
        if ScanLog.objects.filter(item=item, key=key).exists():
            continue
        with transaction.atomic():
            ScanLog.objects.create(item=item, key=key)
            notify(
                recipients=staff + _unit_officers([item.body_id]),
                url=_item_url(item),
                category="escalation",
                title=later("Handling report on “%(t)s” overdue since %(d)s")
                % {"t": item.title, "d": item.opinion.report_due},
            )
        counts["reports"] += 1
    for res in Resolution.objects.filter(reported_on__isnull=True, due__lt=today).select_related("item"):
        key = f"resolution-late:{res.pk}:{res.due}"
        if ScanLog.objects.filter(item=res.item, key=key).exists():
            continue
        with transaction.atomic():
            ScanLog.objects.create(item=res.item, key=key)
            notify(
                recipients=staff + _leaders(),
                url=_item_url(res.item),
                category="escalation",
                title=later("Execution of the resolution on “%(t)s” not reported (due %(d)s)")
                % {"t": res.item.title, "d": res.due},
            )
        counts["resolutions"] += 1
