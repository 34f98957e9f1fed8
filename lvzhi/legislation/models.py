"""Local legislation: plans and project proposals, bills with their readings, text versions,
reading documents, the unified review, meetings' agendas, attendance and electronic votes,
and regulations with their promulgated versions.

Models hold data and constraints only; every write goes through ``services.py``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.i18n import ordinal
from lvzhi.core.models import Organ, OrganMembership, Person, RulesProfileVersion, Session, Term, User

from .states import (
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

# --- regulations (the public record) ------------------------------------------------------------


class Regulation(models.Model):
    """A local regulation (地方性法规) across its versions: enacted, amended, repealed."""

    title = models.CharField(_("title"), max_length=200)
    enacting_body = models.CharField(_("enacting body"), max_length=200)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="regulation_title_required")]

    def __str__(self) -> str:
        return self.title


class RegulationVersion(models.Model):
    """One promulgated text of a regulation, with its announcement (公告) and filing (备案).

    The announcement carries every statutory element (Huzhou Art 45, legislation-law Art 88):
    number, enacting body, date of passage, approving body and date of approval (where the
    profile requires approval), and the commencement date.
    """

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=12, choices=VersionKind.choices)
    bill = models.OneToOneField(
        "Bill",
        verbose_name=_("bill"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regulation_version",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    announcement_number = models.CharField(_("announcement number"), max_length=60)
    enacting_body = models.CharField(_("enacting body"), max_length=200)
    passed_on = models.DateField(_("passed on"))
    approving_body = models.CharField(_("approving body"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    promulgated_on = models.DateField(_("promulgated on"), db_index=True)
    commencement_on = models.DateField(_("in force from"), db_index=True)
    filing_due = models.DateField(_("filing due"), null=True, blank=True, db_index=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filed_with = models.CharField(_("filed with"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["regulation_id", "number"]
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="regulation_version_unique"),
            models.CheckConstraint(condition=~Q(announcement_number=""), name="version_has_announcement"),
            models.CheckConstraint(
                condition=Q(commencement_on__gte=models.F("promulgated_on")),
                name="version_commences_after_promulgation",
            ),
            models.CheckConstraint(
                condition=Q(promulgated_on__gte=models.F("passed_on")),
                name="version_promulgated_after_passage",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | (Q(approved_on__lte=models.F("promulgated_on")) & ~Q(approving_body="")),
                name="version_approval_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.promulgated_on:%Y-%m-%d})"


# --- plans and project proposals ----------------------------------------------------------------


class LegislativePlan(models.Model):
    """A five-year legislative plan (立法规划) or an annual programme (年度立法计划)."""

    kind = models.CharField(_("kind"), max_length=12, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legislative_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-start_year", "-id"]
        verbose_name = _("legislative plan")
        verbose_name_plural = _("legislative plans")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="plan_title_required"),
            models.CheckConstraint(
                condition=~Q(kind="annual") | Q(year__isnull=False), name="annual_plan_has_year"
            ),
            models.CheckConstraint(
                condition=~Q(kind="five_year")
                | (
                    Q(start_year__isnull=False)
                    & Q(end_year__isnull=False)
                    & Q(end_year__gte=models.F("start_year"))
                ),
                name="five_year_plan_has_years",
            ),
            models.UniqueConstraint(
                fields=["year"], condition=Q(kind="annual"), name="one_annual_plan_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False), name="adopted_plan_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectProposal(models.Model):
    """A proposed legislative project (立法项目建议) from the public, deputies, departments or
    committees, with its feasibility assessment, priority and — once accepted — its place in
    a plan, drafting unit and planned proposer (Huzhou Art 6–7)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=BillKind.choices, default=BillKind.ENACT)
    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation to amend or repeal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    source = models.CharField(_("source"), max_length=20, choices=ProposalSource.choices, db_index=True)
    proposer_name = models.CharField(_("proposed by"), max_length=200, blank=True)
    proposer_organ = models.ForeignKey(
        Organ,
        verbose_name=_("proposing organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legislative_proposals",
    )
    motion = models.ForeignKey(
        "motions.Motion",
        verbose_name=_("motion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legislative_proposals",
    )
    suggestion_id = models.PositiveBigIntegerField(_("suggestion"), null=True, blank=True)
    summary = models.TextField(_("necessity and main content"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        db_index=True,
    )
    feasibility = models.CharField(_("feasibility"), max_length=14, choices=Feasibility.choices, blank=True)
    feasibility_note = models.TextField(_("assessment"), blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, blank=True)
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    plan = models.ForeignKey(
        LegislativePlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    category = models.CharField(_("category"), max_length=12, choices=PlanCategory.choices, blank=True)
    drafting_unit = models.ForeignKey(
        Organ,
        verbose_name=_("drafting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_proposer = models.ForeignKey(
        Organ,
        verbose_name=_("planned proposer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_submission = models.DateField(_("planned submission"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("legislative project proposal")
        verbose_name_plural = _("legislative project proposals")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="proposal_title_required"),
            models.CheckConstraint(
                condition=~Q(source="deputy_motion") | Q(motion__isnull=False), name="proposal_motion_linked"
            ),
            models.CheckConstraint(
                condition=~Q(source="deputy_suggestion") | Q(suggestion_id__isnull=False),
                name="proposal_suggestion_linked",
            ),
            models.CheckConstraint(
                condition=Q(kind="enact") | Q(regulation__isnull=False),
                name="proposal_amendment_names_regulation",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["assessed", "accepted"]) | (~Q(feasibility="") & ~Q(priority="")),
                name="proposal_assessed_has_rating",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | (Q(plan__isnull=False) & ~Q(category="")),
                name="proposal_accepted_has_plan",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_note=""), name="proposal_rejected_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def tone(self) -> str:
        from .states import PROPOSAL_TONE

        return PROPOSAL_TONE.get(self.status, "")


# --- bills -------------------------------------------------------------------------------------


class Bill(models.Model):
    """A regulation bill (地方性法规案) before the Standing Committee.

    ``rules`` is the rules-profile version in force when the bill was created; its readings,
    consultation, majority and deadlines are always read from it.
    """

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="bills")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=BillKind.choices, default=BillKind.ENACT)
    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bills",
    )
    base_version = models.ForeignKey(
        RegulationVersion,
        verbose_name=_("version in force when submitted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("An amendment's 对照表 compares the draft with this text."),
    )
    project = models.ForeignKey(
        ProjectProposal,
        verbose_name=_("plan project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bills",
    )
    proposer_kind = models.CharField(_("proposer"), max_length=12, choices=ProposerKind.choices)
    proposer_organ = models.ForeignKey(
        Organ,
        verbose_name=_("proposing organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_bills",
    )
    sponsors = models.ManyToManyField(
        Person, verbose_name=_("sponsoring members"), blank=True, related_name="sponsored_bills"
    )
    drafting_unit = models.ForeignKey(
        Organ,
        verbose_name=_("drafting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafted_bills",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BillStatus.choices, default=BillStatus.DRAFTING, db_index=True
    )
    rules = models.ForeignKey(
        RulesProfileVersion, verbose_name=_("rules"), on_delete=models.PROTECT, related_name="bills"
    )
    readings_planned = models.PositiveSmallIntegerField(_("readings planned"))
    readings_held = models.PositiveSmallIntegerField(_("readings held"), default=0)
    readings_note = models.TextField(_("decision on the number of readings"), blank=True)
    explanation = models.TextField(_("explanation (说明)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    consultation_start = models.DateField(_("consultation opens"), null=True, blank=True)
    consultation_end = models.DateField(_("consultation closes"), null=True, blank=True)
    last_agenda_on = models.DateField(_("last on the agenda"), null=True, blank=True, db_index=True)
    shelved_on = models.DateField(_("shelved on"), null=True, blank=True)
    shelve_reason = models.TextField(_("reason for shelving"), blank=True)
    passed_on = models.DateField(_("passed on"), null=True, blank=True)
    voted_session = models.ForeignKey(
        Session, verbose_name=_("voted at"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    terminated_on = models.DateField(_("deliberation ended on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason deliberation ended"), blank=True)
    approval_submitted_on = models.DateField(_("submitted for approval"), null=True, blank=True)
    approval_due = models.DateField(_("approval due"), null=True, blank=True, db_index=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approving_body = models.CharField(_("approving body"), max_length=200, blank=True)
    approval_note = models.TextField(_("approval note"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="bill_title_required"),
            models.CheckConstraint(
                condition=Q(kind="enact") | Q(regulation__isnull=False),
                name="bill_amendment_names_regulation",
            ),
            models.CheckConstraint(condition=Q(readings_planned__gte=1), name="bill_at_least_one_reading"),
            models.CheckConstraint(
                condition=Q(consultation_start__isnull=True)
                | Q(consultation_end__gt=models.F("consultation_start")),
                name="bill_consultation_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        "passed",
                        "awaiting_approval",
                        "approved",
                        "not_approved",
                        "promulgated",
                        "filed",
                    ]
                )
                | Q(passed_on__isnull=False),
                name="bill_passed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="awaiting_approval")
                | (Q(approval_submitted_on__isnull=False) & Q(approval_due__isnull=False)),
                name="bill_approval_has_due_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | (Q(approved_on__isnull=False) & ~Q(approving_body="")),
                name="bill_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""), name="bill_withdrawn_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated")
                | (Q(terminated_on__isnull=False) & ~Q(termination_reason="")),
                name="bill_terminated_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="shelved") | Q(shelved_on__isnull=False), name="bill_shelved_has_date"
            ),
        ]
        indexes = [models.Index(fields=["status", "term"])]

    def __str__(self) -> str:
        return self.title

    @property
    def tone(self) -> str:
        from .states import STATUS_TONE

        return STATUS_TONE.get(self.status, "")

    @property
    def is_final(self) -> bool:
        from .states import FINAL

        return self.status in FINAL


class BillVersion(models.Model):
    """One text of a bill: the draft (草案), a revised draft (修改稿), the voting text (表决稿).

    The text is stored as written and parses with the law-text engine (checked on save by
    the service); ``article_count`` is what the parse found.
    """

    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    label = models.CharField(_("label"), max_length=60)
    reading = models.ForeignKey(
        "Reading",
        verbose_name=_("for reading"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="versions",
    )
    text = models.TextField(_("text"))
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["bill_id", "number"]
        verbose_name = _("bill text version")
        verbose_name_plural = _("bill text versions")
        constraints = [models.UniqueConstraint(fields=["bill", "number"], name="bill_version_unique")]

    def __str__(self) -> str:
        return f"{self.bill} · {self.label}"


class Reading(models.Model):
    """A reading (审议) of a bill at a Standing Committee meeting."""

    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="readings")
    number = models.PositiveSmallIntegerField(_("reading"))
    session = models.ForeignKey(
        Session, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="bill_readings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReadingStatus.choices, default=ReadingStatus.SCHEDULED
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["bill_id", "number"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        constraints = [
            models.UniqueConstraint(fields=["bill", "number"], name="reading_number_unique"),
            models.UniqueConstraint(fields=["bill", "session"], name="reading_one_per_meeting"),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False), name="reading_held_has_date"
            ),
        ]

    def __str__(self) -> str:
        return _("Reading %(n)s of %(bill)s") % {"n": ordinal(self.number), "bill": self.bill.title}


class ReadingDocument(models.Model):
    """A document of a reading: explanation, committee opinion, revision report, result report.
    Files may be attached to it as core attachments."""

    reading = models.ForeignKey(
        Reading, verbose_name=_("reading"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        Organ, verbose_name=_("from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["reading_id", "id"]
        verbose_name = _("reading document")
        verbose_name_plural = _("reading documents")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="reading_document_title_required")]

    def __str__(self) -> str:
        return self.title


class UnifiedReview(models.Model):
    """The 法制委员会's unified review (统一审议) before the final reading, with the committee
    opinions it did not adopt (legislation-law Art 36, Huzhou Art 37)."""

    bill = models.OneToOneField(Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="review")
    report = models.TextField(_("report on the results of deliberation"))
    all_adopted = models.BooleanField(_("every committee opinion was adopted"), default=False)
    version = models.ForeignKey(
        BillVersion,
        verbose_name=_("revised text"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("unified review")
        verbose_name_plural = _("unified reviews")

    def __str__(self) -> str:
        return str(self.bill)


class UnadoptedOpinion(models.Model):
    """A committee opinion the unified review did not adopt, and why."""

    review = models.ForeignKey(UnifiedReview, on_delete=models.CASCADE, related_name="unadopted")
    committee = models.ForeignKey(
        Organ, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField(_("opinion"))
    reason = models.TextField(_("why it was not adopted"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("opinion not adopted")
        verbose_name_plural = _("opinions not adopted")

    def __str__(self) -> str:
        return f"{self.committee}: {self.opinion[:40]}"


# --- meetings: agenda, attendance, votes --------------------------------------------------------


class AgendaItem(models.Model):
    """An item on a Standing Committee meeting's agenda (议程), pointing to a bill and a reading."""

    session = models.ForeignKey(
        Session, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    bill = models.ForeignKey(
        Bill,
        verbose_name=_("bill"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    reading = models.ForeignKey(
        Reading,
        verbose_name=_("reading"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["session_id", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="agenda_position_unique"),
            models.CheckConstraint(
                condition=~Q(kind="reading") | Q(reading__isnull=False), name="agenda_reading_has_reading"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a Standing Committee member attended a meeting (for the quorum)."""

    session = models.ForeignKey(
        Session, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sc_attendance"
    )
    membership = models.ForeignKey(
        OrganMembership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField(_("present"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["session_id", "membership_id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "membership"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.membership_id} {'+' if self.present else '-'}"


class Vote(models.Model):
    """An electronic vote at a meeting: on one disputed clause (条款单独表决) or the whole text.

    The counts and the denominator are frozen when the vote closes: ``total_members`` is all
    members of the term's Standing Committee (全体组成人员), not those present.
    """

    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.PROTECT, related_name="votes")
    session = models.ForeignKey(
        Session, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="bill_votes"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=VoteKind.choices)
    clause = models.CharField(_("clause"), max_length=60, blank=True)
    version = models.ForeignKey(
        BillVersion,
        verbose_name=_("text voted on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    rule = models.CharField(_("majority rule"), max_length=40)
    total_members = models.PositiveSmallIntegerField(_("all members"))
    present = models.PositiveSmallIntegerField(_("present"))
    yes = models.PositiveSmallIntegerField(_("yes"), default=0)
    no = models.PositiveSmallIntegerField(_("no"), default=0)
    abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)
    not_voting = models.PositiveSmallIntegerField(_("did not vote"), default=0)
    result = models.CharField(_("result"), max_length=10, choices=VoteResult.choices, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["bill_id", "id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="clause") | ~Q(clause=""), name="clause_vote_names_clause"
            ),
            models.UniqueConstraint(
                fields=["bill"], condition=Q(status="open"), name="one_open_vote_per_bill"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & ~Q(result="")),
                name="closed_vote_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill} · {self.clause or self.get_kind_display()}"


class Ballot(models.Model):
    """One member's vote: 赞成 / 反对 / 弃权 (a member present who does not vote has no row)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="ballots")
    membership = models.ForeignKey(
        OrganMembership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="ballots"
    )
    choice = models.CharField(_("vote"), max_length=8, choices=BallotChoice.choices)
    cast_at = models.DateTimeField(_("cast"), auto_now=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["vote_id", "membership_id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["vote", "membership"], name="ballot_one_per_member")]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.choice}"


class DeadlineReminder(models.Model):
    """One row per reminder the daily scan sent, so it never repeats itself."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bill", "kind", "key"], name="legislation_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
