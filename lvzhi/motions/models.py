"""Motions (议案) to the People's Congress or its Standing Committee, and their signers.

Models hold data and constraints only; every write goes through ``services.py``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Organ, RulesProfileVersion, Session, Term, User
from lvzhi.deputies.models import Deputy

from .states import MotionBody, MotionStatus


class Motion(models.Model):
    """A deputies' motion: 案由 (title), 案据 (reason), 方案 (proposal), with its signers.

    ``rules`` is the rules-profile version in force when the motion was created; thresholds
    and deadlines of this motion are always read from it, so a later profile change never
    alters a running case.
    """

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="motions")
    body = models.CharField(_("addressed to"), max_length=20, choices=MotionBody.choices, db_index=True)
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="motions"
    )
    title = models.CharField(_("subject (案由)"), max_length=200)
    reason = models.TextField(_("grounds (案据)"), blank=True)
    proposal = models.TextField(_("proposal (方案)"), blank=True)
    is_legislative = models.BooleanField(_("legislative motion"), default=False)
    draft_outline = models.TextField(
        _("draft or outline of the regulation"),
        blank=True,
        help_text=_("A legislative motion carries a draft, or its purpose, main content and explanation."),
    )
    lead = models.ForeignKey(
        Deputy, verbose_name=_("lead deputy"), on_delete=models.PROTECT, related_name="led_motions"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MotionStatus.choices, default=MotionStatus.DRAFT, db_index=True
    )
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=60, blank=True, db_index=True)
    rules = models.ForeignKey(
        RulesProfileVersion, verbose_name=_("rules"), on_delete=models.PROTECT, related_name="motions"
    )
    committee = models.ForeignKey(
        Organ,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motions",
        help_text=_("The special committee that deliberates the motion or reports on it."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True, db_index=True)
    report = models.TextField(_("committee report"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    converted_suggestion_id = models.PositiveBigIntegerField(_("suggestion"), null=True, blank=True)
    voted_at = models.DateTimeField(_("voted"), null=True, blank=True)
    vote_note = models.TextField(_("vote note"), blank=True)
    withdrawal_requested_at = models.DateTimeField(_("withdrawal requested"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    ended_at = models.DateTimeField(_("handling ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason handling ended"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="motion_title_required"),
            models.UniqueConstraint(
                fields=["session", "sequence"],
                condition=Q(sequence__isnull=False),
                name="motion_sequence_unique",
            ),
            models.UniqueConstraint(
                fields=["term", "number"], condition=~Q(number=""), name="motion_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=["submitted", "listed", "not_listed", "reported", "passed", "failed", "ended"]
                )
                | ~Q(number=""),
                name="motion_tabled_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["not_listed", "reported"])
                | (Q(committee__isnull=False) & Q(report_due__isnull=False)),
                name="motion_not_listed_has_committee",
            ),
            models.CheckConstraint(
                condition=~Q(status="reported") | (~Q(report="") & Q(reported_at__isnull=False)),
                name="motion_reported_has_report",
            ),
            models.CheckConstraint(
                condition=~Q(status="converted") | Q(converted_suggestion_id__isnull=False),
                name="motion_converted_has_suggestion",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | (~Q(withdrawal_reason="") & Q(withdrawn_at__isnull=False)),
                name="motion_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (~Q(end_reason="") & Q(ended_at__isnull=False)),
                name="motion_ended_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "body"]),
            models.Index(fields=["session", "status"]),
            models.Index(fields=["lead", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('(draft)')} {self.title}"

    @property
    def is_final(self) -> bool:
        from .states import FINAL

        return self.status in FINAL

    @property
    def tone(self) -> str:
        """The badge colour of the current state."""
        from .states import STATUS_TONE

        return STATUS_TONE.get(self.status, "")


class MotionSigner(models.Model):
    """A deputy behind a motion: the lead (领衔) or a co-signer (附议/联名) who must confirm."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="signers")
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="motion_signatures"
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("signature withdrawn"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-is_lead", "id"]
        verbose_name = _("motion signer")
        verbose_name_plural = _("motion signers")
        constraints = [
            models.UniqueConstraint(fields=["motion", "deputy"], name="motion_signer_unique"),
            models.UniqueConstraint(fields=["motion"], condition=Q(is_lead=True), name="motion_one_lead"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(declined_at__isnull=True),
                name="motion_signer_not_both",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(confirmed_at__isnull=False),
                name="motion_signer_withdraws_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["deputy", "confirmed_at"])]

    def __str__(self) -> str:
        return str(self.deputy)

    @property
    def is_active(self) -> bool:
        """Confirmed and not withdrawn: counts toward the signer threshold."""
        return self.confirmed_at is not None and self.withdrawn_at is None

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        if self.confirmed_at:
            return "confirmed"
        if self.declined_at:
            return "declined"
        return "invited"
