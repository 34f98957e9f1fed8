"""The deputies roster: delegations, groups, liaison stations, electoral units, deputies."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Organ, Person, Term

from .states import DeputyStatus


class ElectoralUnit(models.Model):
    """选举单位: the body that elected the deputy (a district congress, the garrison ...)."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="electoral_units"
    )
    name = models.CharField(_("name"), max_length=100)
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("electoral unit")
        verbose_name_plural = _("electoral units")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="electoral_unit_unique")]

    def __str__(self) -> str:
        return self.name


class Delegation(models.Model):
    """代表团: deputies of one electoral unit at a congress session."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="delegations"
    )
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique")]

    def __str__(self) -> str:
        return self.name


class DeputyGroup(models.Model):
    """代表小组: a working group of deputies within a delegation."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["delegation_id", "id"]
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        constraints = [models.UniqueConstraint(fields=["delegation", "name"], name="deputy_group_unique")]

    def __str__(self) -> str:
        return self.name


class StationKind(models.TextChoices):
    STATION = "station", _("Liaison station")
    HOME = "home", _("Deputies' home")
    CONTACT_POINT = "contact_point", _("Grassroots legislative contact point")


class LiaisonStation(models.Model):
    """代表联络站 / 代表之家 / 基层立法联系点."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=StationKind.choices, default=StationKind.STATION
    )
    district = models.ForeignKey(
        Organ,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stations",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    WORKER = "worker", _("Workers")
    FARMER = "farmer", _("Farmers")
    PROFESSIONAL = "professional", _("Professionals and technicians")
    OFFICIAL = "official", _("Party and government officials")
    BUSINESS = "business", _("Business")
    MILITARY = "military", _("Military")
    OTHER = "other", _("Other")


class Deputy(models.Model):
    """A person's mandate as a deputy to the congress for one term."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mandates"
    )
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="deputies")
    code = models.CharField(_("deputy number"), max_length=20)
    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        verbose_name=_("electoral unit"),
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="deputies"
    )
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
    )
    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("liaison station"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeputyStatus.choices, default=DeputyStatus.ACTIVE, db_index=True
    )
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    status_date = models.DateField(_("status since"), null=True, blank=True)
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    is_sc_member = models.BooleanField(_("standing committee member"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints = [
            models.UniqueConstraint(fields=["term", "code"], name="deputy_code_unique"),
            models.UniqueConstraint(fields=["term", "person"], name="deputy_person_unique"),
            models.CheckConstraint(
                condition=Q(status="active") | (Q(status_date__isnull=False) & ~Q(status_reason="")),
                name="deputy_status_reason_required",
            ),
        ]
        indexes = [models.Index(fields=["term", "status", "delegation"])]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.code}）"


class DutyKind(models.TextChoices):
    SUGGESTION_LEAD = "suggestion_lead", _("Led a suggestion")
    SUGGESTION_COSIGN = "suggestion_cosign", _("Co-signed a suggestion")
    MOTION_LEAD = "motion_lead", _("Led a motion")
    MOTION_COSIGN = "motion_cosign", _("Co-signed a motion")
    FEEDBACK = "feedback", _("Rated a reply")
    ATTENDANCE = "attendance", _("Attended a meeting")
    DRAFT_COMMENT = "draft_comment", _("Commented on a draft law")
    INSPECTION = "inspection", _("Took part in an inspection")
    STATION_DUTY = "station_duty", _("Duty day at a liaison station")
    CONTACT = "contact", _("Met constituents")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class DutyRecord(models.Model):
    """履职档案: one duty a deputy performed, linked to what it was about."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="duties"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DutyKind.choices, db_index=True)
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("duty record")
        verbose_name_plural = _("duty records")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "kind", "source_type", "source_id"],
                condition=~Q(source_id=""),
                name="duty_once_per_source",
            ),
        ]
        indexes = [models.Index(fields=["deputy", "date"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.title}"
