"""Supervision data: annual plans, items of every form with their child records, 审议意见,
rectification tasks, escalation, resolutions and the secret satisfaction vote.

Models hold data and constraints only; every write goes through ``services.py``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Organ, OrganMembership, RulesProfileVersion, Session, Term

from .states import (
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

USER = settings.AUTH_USER_MODEL


class SupervisionPlan(models.Model):
    """年度监督工作计划: passed by the council of chairpersons and published."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted by the council of chairpersons"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    rules = models.ForeignKey(RulesProfileVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        constraints = [models.UniqueConstraint(fields=["term", "year"], name="supervision_plan_unique_year")]

    def __str__(self) -> str:
        return self.title


class SupervisionItem(models.Model):
    """One item of the plan in one form; form-specific records hang off it."""

    plan = models.ForeignKey(
        SupervisionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="items"
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.ForeignKey(
        Organ, verbose_name=_("supervised body"), on_delete=models.PROTECT, related_name="supervision_items"
    )
    committee = models.ForeignKey(
        Organ,
        verbose_name=_("responsible committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED, db_index=True
    )
    session = models.ForeignKey(
        Session, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    consult_due = models.DateField(_("report to the committee for comments by"), null=True, blank=True)
    submit_due = models.DateField(_("report to the Standing Committee by"), null=True, blank=True)
    distribute_due = models.DateField(_("report to members by"), null=True, blank=True)
    report_submitted_on = models.DateField(_("report submitted"), null=True, blank=True)
    summary = models.TextField(_("subject and aims"), blank=True)
    findings = models.TextField(_("report / findings"), blank=True)  # inspection report, work report summary
    deliberated_on = models.DateField(_("deliberated"), null=True, blank=True)
    handling_report = models.TextField(_("handling report"), blank=True)
    handling_report_on = models.DateField(_("handling report received"), null=True, blank=True)
    result = models.TextField(_("published result"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    is_public = models.BooleanField(_("published"), default=False)
    answer_mode = models.CharField(_("answer mode"), max_length=10, choices=AnswerMode.choices, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "id"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="supervision_item_title_required")]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A member of an inspection team: members, committee staff and invited deputies."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=60)
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """A step of an inspection: plan, notice, visit, forum, spot check, questionnaire."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Question(models.Model):
    """A question of a 专题询问 / 询问 with its answer and the answering official."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="questions")
    asker = models.CharField(_("asked by"), max_length=60)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    official = models.CharField(_("answering official"), max_length=100, blank=True)
    asked_on = models.DateField(_("date"))

    class Meta:
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return self.question[:60]


class Signature(models.Model):
    """A Standing Committee member's signature on a 质询案 (Art 51)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="signatures")
    membership = models.ForeignKey(OrganMembership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "membership"], name="supervision_signature_once")
        ]

    def __str__(self) -> str:
        return str(self.membership_id)


class Answer(models.Model):
    """An answer to a 质询案; a second one when most proposers are dissatisfied (Art 53)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    mode = models.CharField(_("answer mode"), max_length=10, choices=AnswerMode.choices)
    official = models.CharField(_("answering official"), max_length=100)
    content = models.TextField(_("answer"))
    answered_on = models.DateField(_("date"))
    dissatisfied = models.ManyToManyField(OrganMembership, blank=True, related_name="+")

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["item", "round"], name="supervision_answer_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}#{self.round}"


class ReviewOpinion(models.Model):
    """审议意见: collated, adopted by the council of chairpersons, sent to the body."""

    item = models.OneToOneField(SupervisionItem, on_delete=models.CASCADE, related_name="opinion")
    text = models.TextField(_("deliberation opinions"))
    adopted_on = models.DateField(_("adopted by the council of chairpersons"))
    transmit_due = models.DateField(_("to be sent by"))
    transmitted_on = models.DateField(_("sent"), null=True, blank=True)
    report_due = models.DateField(_("handling report due"), null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return str(self.item)


class RectificationTask(models.Model):
    """One problem to fix, with its responsible unit, deadline, milestones and evidence."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="tasks")
    problem = models.TextField(_("problem"))
    problem_type = models.CharField(
        _("problem type"),
        max_length=20,
        choices=ProblemType.choices,
        default=ProblemType.OTHER,
        db_index=True,
    )
    unit = models.ForeignKey(
        Organ,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="rectification_tasks",
    )
    deadline = models.DateField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    result = models.TextField(_("rectification result"), blank=True)
    verified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="supervision_task_progress_max"),
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.CLOSED) | Q(verified_at__isnull=False),
                name="supervision_task_closed_verified",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.problem[:80]


class Milestone(models.Model):
    task = models.ForeignKey(RectificationTask, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """A unit's progress report; evidence files are attachments of this row."""

    task = models.ForeignKey(RectificationTask, on_delete=models.CASCADE, related_name="reports")
    note = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.percent}%"


class Extension(models.Model):
    task = models.ForeignKey(RectificationTask, on_delete=models.CASCADE, related_name="extensions")
    until = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.until}"


class EscalationStep(models.Model):
    """One step on the escalation ladder, automatic (by the scan) or by hand with a reason.

    ``scan_key`` is set on automatic steps, so the daily scan takes each step only once."""

    task = models.ForeignKey(RectificationTask, on_delete=models.CASCADE, related_name="escalations")
    level_from = models.PositiveSmallIntegerField(choices=Escalation.choices)
    level_to = models.PositiveSmallIntegerField(choices=Escalation.choices)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scan_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "scan_key"],
                condition=~Q(scan_key=""),
                name="supervision_escalation_scan_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.level_from}→{self.level_to}"


class ScanLog(models.Model):
    """One row per item-level reminder sent by the daily scan (opinion and report deadlines)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "key"], name="supervision_scan_once")]

    def __str__(self) -> str:
        return self.key


class Resolution(models.Model):
    """决议 of the Standing Committee with its own deadline for reporting execution."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(_("resolution"))
    adopted_on = models.DateField(_("adopted"))
    due = models.DateField(_("execution report due"))
    reported_on = models.DateField(_("execution reported"), null=True, blank=True)

    class Meta:
        ordering = ["adopted_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SatisfactionVote(models.Model):
    """满意度测评 by Standing Committee members (secret ballot)."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("opened"))
    total_members = models.PositiveSmallIntegerField(default=0)
    #: Members who had to take part for the vote to decide (the profile's quorum), set at close.
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    #: Members who took part, set at close.
    turnout = models.PositiveSmallIntegerField(null=True, blank=True)
    satisfied = models.PositiveSmallIntegerField(default=0)
    basically_satisfied = models.PositiveSmallIntegerField(default=0)
    unsatisfied = models.PositiveSmallIntegerField(default=0)
    accepted = models.BooleanField(null=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def cast(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def turnout_percent(self) -> float | None:
        """Members who took part as a share of all members (%), once closed."""
        if self.turnout is None or not self.total_members:
            return None
        return round(100.0 * self.turnout / self.total_members, 1)

    @property
    def decided(self) -> bool:
        """Closed with its quorum: the result counts."""
        return self.status == VoteStatus.CLOSED


class VoteParticipation(models.Model):
    """Who voted (one row per member) — holds no choice."""

    vote = models.ForeignKey(SatisfactionVote, on_delete=models.CASCADE, related_name="participants")
    membership = models.ForeignKey(OrganMembership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "membership"], name="supervision_vote_once")]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.membership_id}"


class SecretBallot(models.Model):
    """A ballot's content with no voter, no time and a random key, so it cannot be linked
    back to a :class:`VoteParticipation` row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(SatisfactionVote, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=24)

    def __str__(self) -> str:
        return self.choice
