"""Public consultations on draft regulations and the comments they receive.

A comment, once the intake answered with a receipt number, is never deleted: the database
refuses DELETE on the comment table (``db_triggers``) and moderation only changes whether it
is counted. Contact details live in their own table, read only by the legislative affairs
office; lists show the masked copies kept on the comment.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lvzhi.core.models import Organ, User
from lvzhi.deputies.models import LiaisonStation
from lvzhi.legislation.models import Bill, BillVersion

from .states import (
    Channel,
    ConsultationStatus,
    ContactKind,
    Decision,
    Moderation,
    ModerationReason,
    NoticeStatus,
)

#: Longest comment accepted (characters); the analytics engine reads at most as many.
MAX_COMMENT_CHARS = 5000


class Consultation(models.Model):
    """One window of public comment on one text (版本) of a bill."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.PROTECT, related_name="consultations"
    )
    version = models.ForeignKey(
        BillVersion,
        verbose_name=_("text consulted on"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=200)
    explanation = models.TextField(_("explanation (说明)"))
    start = models.DateField(_("opens on"))
    end = models.DateField(_("closes after"), help_text=_("Comments are taken until the end of this day."))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.SCHEDULED,
        db_index=True,
    )
    invite_deputies = models.BooleanField(_("send to the city's deputies"), default=True)
    contact_points = models.ManyToManyField(
        LiaisonStation, verbose_name=_("contact points invited"), blank=True, related_name="consultations"
    )
    districts = models.ManyToManyField(
        Organ, verbose_name=_("district congresses invited"), blank=True, related_name="consultations"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    feedback_summary = models.TextField(_("feedback to the public (征求意见情况)"), blank=True)
    feedback_published_at = models.DateTimeField(_("feedback published"), null=True, blank=True)
    # totals snapshot: counts of every comment with id <= tally_upto, by article and channel
    tally = models.JSONField(default=dict, blank=True)
    tally_upto = models.BigIntegerField(default=0)
    tally_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="consultation_end_after_start"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="consultation_title_required"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(feedback_published_at__isnull=False),
                name="consultation_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self) -> dt.date:
        """The last day comments were (or are to be) taken: the day it was closed, early or not,
        else the announced ``end``. The consultation is the one source of these dates; the bill
        page and the bill API read them from here (docs/consultation.md)."""
        if self.closed_at is not None:
            return min(timezone.localdate(self.closed_at), self.end)
        return self.end

    @property
    def closed_early(self) -> bool:
        """Closed before its announced last day (by staff, or because the bill concluded)."""
        return self.closed_at is not None and timezone.localdate(self.closed_at) < self.end

    @property
    def tone(self) -> str:
        from .states import STATUS_TONE

        return STATUS_TONE.get(self.status, "")


class CommentImport(models.Model):
    """One .xlsx sheet imported by staff (all rows or none)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="imports")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    source_station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("contact point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_organ = models.ForeignKey(
        Organ,
        verbose_name=_("district congress"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filename = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"))
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("comment import")
        verbose_name_plural = _("comment imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows})"


class Comment(models.Model):
    """One opinion on the draft: on an article, one paragraph (款) of it, or the whole draft."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    receipt = models.CharField(_("receipt number"), max_length=24, unique=True)
    article = models.CharField(
        _("article"),
        max_length=12,
        blank=True,
        help_text=_('Article key ("12", "10-1"); empty for the draft as a whole.'),
    )
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), null=True, blank=True)
    text = models.TextField(pgettext_lazy("consultation", "comment"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    name_masked = models.CharField(pgettext_lazy("person", "name"), max_length=40, blank=True)
    contact_masked = models.CharField(_("contact"), max_length=80, blank=True)
    has_contact = models.BooleanField(default=False)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    client = models.CharField(
        max_length=16, blank=True, help_text="hash of the client address (abuse analysis)"
    )
    batch = models.ForeignKey(
        CommentImport, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    batch_row = models.PositiveIntegerField(null=True, blank=True)
    source_station = models.ForeignKey(
        LiaisonStation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_organ = models.ForeignKey(Organ, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    moderation_reason = models.CharField(
        _("reason"), max_length=16, choices=ModerationReason.choices, blank=True
    )
    moderation_note = models.CharField(_("moderation note"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decision_theme = models.ForeignKey(
        "ThemeDecision", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = pgettext_lazy("consultation", "comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_required"),
            models.CheckConstraint(
                condition=Q(moderation="published") | ~Q(moderation_reason=""),
                name="comment_moderation_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | ~Q(decision_reason=""), name="comment_decision_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | ~Q(article=""), name="comment_paragraph_needs_article"
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "article"], name="comment_article_idx"),
            models.Index(
                fields=["consultation", "moderation"],
                name="comment_unpublished_idx",
                condition=~Q(moderation="published"),
            ),
            models.Index(
                fields=["consultation", "decision"], name="comment_decided_idx", condition=~Q(decision="")
            ),
        ]

    def __str__(self) -> str:
        return self.receipt


class CommentContact(models.Model):
    """The full name and contact a commenter left; only the legislative affairs office reads it."""

    comment = models.OneToOneField(
        Comment, on_delete=models.PROTECT, primary_key=True, related_name="contact"
    )
    name = models.CharField(max_length=40, blank=True)
    contact = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=8, choices=ContactKind.choices, blank=True)

    class Meta:
        verbose_name = _("commenter's contact")
        verbose_name_plural = _("commenters' contacts")

    def __str__(self) -> str:
        return str(self.comment_id)


class ThemeDecision(models.Model):
    """A decision on a theme (a cluster of opinions found by the analysis), applied to its
    comments that had no decision of their own."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="theme_decisions")
    label = models.CharField(_("theme"), max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    article = models.CharField(_("article"), max_length=12, blank=True)
    summary = models.TextField(_("what the comments ask"), blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-comment_count", "id"]
        verbose_name = _("theme decision")
        verbose_name_plural = _("theme decisions")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="theme_decision_has_reason")]

    def __str__(self) -> str:
        return self.label


class Analysis(models.Model):
    """The latest analysis of a consultation's accepted comments (see ``analysis.py``).

    ``summary`` is the engine's result without member lists; ``labels`` holds, compressed,
    for each analysed comment id its near-duplicate group, campaign and theme numbers, so the
    staff pages can drill down without a column per comment."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="analysis")
    upto = models.BigIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    labels = models.BinaryField(default=b"")
    duration = models.FloatField(default=0.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")

    def __str__(self) -> str:
        return f"{self.consultation_id}@{self.upto}"


class FeedbackNotice(models.Model):
    """The message telling a commenter who left contact details how their opinion was treated."""

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="notice")
    channel = models.CharField(max_length=8, choices=ContactKind.choices)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback notice")
        verbose_name_plural = _("feedback notices")

    def __str__(self) -> str:
        return f"{self.comment_id}:{self.status}"
