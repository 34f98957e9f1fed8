"""Deputies' suggestions, criticisms and opinions (代表建议、批评和意见), end to end."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Organ, RulesProfileVersion, Session, Term, User
from lvzhi.deputies.models import Deputy

from .states import (
    AssignmentMode,
    AssignmentRole,
    AssignmentStatus,
    CommitmentStatus,
    ExtensionStatus,
    Rating,
    SuggestionStatus,
)


class Topic(models.TextChoices):
    ECONOMY = "economy", _("Economy and development")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    TRANSPORT = "transport", _("Transport")
    HOUSING = "housing", _("Housing and urban construction")
    ENVIRONMENT = "environment", _("Environment")
    SOCIAL = "social", _("Social affairs and elderly care")
    EMPLOYMENT = "employment", _("Employment and social security")
    MARKET = "market", _("Market regulation and food safety")
    URBAN = "urban", _("Urban management")
    SECURITY = "security", _("Public security")
    JUSTICE = "justice", _("Courts, procuratorate and justice")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    CULTURE = "culture", _("Culture and tourism")
    DIGITAL = "digital", _("Digital government")
    CONGRESS = "congress", _("Work of the congress")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    SESSION = "session", _("During a congress session")  # received by the 大会秘书处
    INTERIM = "interim", _("Between sessions")  # received by the 代表工作机构


class Suggestion(models.Model):
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="suggestions"
    )
    channel = models.CharField(
        _("submitted"), max_length=10, choices=Channel.choices, default=Channel.INTERIM
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    title = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("content"))
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER, db_index=True
    )
    lead = models.ForeignKey(
        Deputy, verbose_name=_("lead deputy"), on_delete=models.PROTECT, related_name="led_suggestions"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.DRAFT,
        db_index=True,
    )
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Not published; shown only to those handling it.")
    )
    confidential_reason = models.CharField(_("reason for confidentiality"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.CharField(_("number"), max_length=40, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    rules = models.ForeignKey(
        RulesProfileVersion, verbose_name=_("rules"), on_delete=models.PROTECT, related_name="suggestions"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    staff_note = models.TextField(_("office note"), blank=True)  # reason for return, conversion, merge
    is_key = models.BooleanField(_("key supervision"), default=False, db_index=True)
    key_committee = models.ForeignKey(
        Organ,
        verbose_name=_("supervising committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_suggestions",
    )
    key_decided_on = models.DateField(_("selected for key supervision on"), null=True, blank=True)
    key_note = models.TextField(_("key supervision progress"), blank=True)
    fast_lane = models.BooleanField(_("fast lane (直通车)"), default=False)
    from_motion = models.PositiveBigIntegerField(null=True, blank=True)  # id of a motion converted into this
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    assign_due = models.DateField(_("assignment due"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    feedback_due = models.DateField(_("feedback due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # publication on the portal: an explicit office step after the reply (``suggestion_publish``)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        User,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"], condition=~Q(number=""), name="suggestion_number_unique"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="suggestion_title_required"),
            # 重点督办 is always led by a committee: the report and the page name it
            models.CheckConstraint(
                condition=Q(is_key=False) | Q(key_committee__isnull=False),
                name="suggestion_key_has_committee",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"]),
            models.Index(fields=["lead", "status"]),
            models.Index(fields=["year", "topic"]),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('(draft)')} {self.title}"


class Signer(models.Model):
    """A deputy on a suggestion: the lead (领衔) or a co-signer (联名) who must confirm."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="signers")
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="signatures"
    )
    is_lead = models.BooleanField(default=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="signer_unique")]

    def __str__(self) -> str:
        return str(self.deputy)


class Assignment(models.Model):
    """交办: one handling unit's part of a suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Organ, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    mode = models.CharField(_("mode"), max_length=10, choices=AssignmentMode.choices)
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    part = models.TextField(_("part to handle"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ACTIVE,
        db_index=True,
    )
    assigned_at = models.DateTimeField(_("assigned"))
    assigned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    return_due = models.DateField(_("return request due"))
    opinion_due = models.DateField(_("co-handling opinion due"), null=True, blank=True)
    reply_due = models.DateField(_("reply due"), db_index=True)
    reply_cap = models.DateField(_("latest possible reply date"))
    return_reason = models.TextField(_("reason for return"), blank=True)
    co_opinion = models.TextField(_("co-handling opinion"), blank=True)
    co_opinion_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    recommendation_score = models.FloatField(
        null=True, blank=True
    )  # if the office took the recommender's pick

    class Meta:
        ordering = ["suggestion_id", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status", "reply_due"])]

    def __str__(self) -> str:
        return f"{self.suggestion.number} → {self.unit}"

    @property
    def answers(self) -> bool:
        """Units that reply to the deputy (co-units send their opinion to the lead unit)."""
        return self.role != AssignmentRole.CO


class ContactRecord(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=40)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.method}"


class ExtensionRequest(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    requested_until = models.DateField(_("new reply date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.requested_until}"


class ReplyMode(models.TextChoices):
    FACE_TO_FACE = "face", _("Face to face")
    WRITTEN = "written", _("In writing")


class Reply(models.Model):
    """答复: the unit's formal letter, point by point; round 2 after re-handling."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(default=1)
    category = models.CharField(_("result category"), max_length=4)
    content = models.TextField(_("reply"))
    signer = models.CharField(_("signed by"), max_length=60)
    mode = models.CharField(
        _("how answered"), max_length=10, choices=ReplyMode.choices, default=ReplyMode.WRITTEN
    )
    commitment = models.TextField(_("commitment"), blank=True)
    commitment_due = models.DateField(_("promised by"), null=True, blank=True)
    letter = models.FileField(_("reply letter"), upload_to="suggestions/replies/%Y/", blank=True)
    replied_at = models.DateTimeField(_("replied"))
    replied_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["assignment_id", "round"]
        constraints = [models.UniqueConstraint(fields=["assignment", "round"], name="reply_round_unique")]

    def __str__(self) -> str:
        return f"{self.assignment} #{self.round}"


class Feedback(models.Model):
    """The deputy's rating of a reply (满意 / 基本满意 / 不满意)."""

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="feedback")
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.get_rating_display()


class Commitment(models.Model):
    """A B-category promise kept in the ledger (承诺事项台账) until delivered, across years."""

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="ledger_entry")
    unit = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="commitments")
    content = models.TextField(_("commitment"))
    due = models.DateField(_("promised by"), db_index=True)
    status = models.CharField(max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN)
    progress = models.TextField(_("progress"), blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.content[:40]


class ReminderLog(models.Model):
    """One row per reminder or escalation sent, so the daily scan never repeats itself."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "kind", "key"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class RecommenderModel(models.Model):
    """The trained handling-unit recommender (pickled), retrained by the worker."""

    trained_at = models.DateTimeField(auto_now_add=True)
    examples = models.PositiveIntegerField()
    payload = models.BinaryField()

    def __str__(self) -> str:
        return f"recommender {self.trained_at:%Y-%m-%d} ({self.examples})"
