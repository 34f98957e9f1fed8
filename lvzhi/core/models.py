"""Core data: organs, terms and sessions, people and accounts, roles, audit log,
notifications, to-dos, calendar overrides, rules profiles, API tokens and attachments.

Models hold data and constraints only; every write goes through ``services.py``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .i18n import ordinal, render


class OrganType(models.TextChoices):
    CONGRESS = "congress", _("People's Congress")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")
    CHAIRPERSONS_COUNCIL = "chairpersons_council", _("Council of Chairpersons")
    SPECIAL_COMMITTEE = "special_committee", _("Special committee")
    WORKING_BODY = "working_body", _("Working body")
    GOVERNMENT = "government", _("People's Government")
    GOVERNMENT_DEPARTMENT = "government_department", _("Government department")
    SUPERVISORY_COMMISSION = "supervisory_commission", _("Supervisory Commission")
    COURT = "court", _("Court")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    DISTRICT_CONGRESS = "district_congress", _("District or county congress")
    OTHER = "other", _("Other")


#: Organ types that answer suggestions and rectify findings (承办单位 / 一府一委两院).
HANDLING_TYPES = {
    OrganType.GOVERNMENT,
    OrganType.GOVERNMENT_DEPARTMENT,
    OrganType.SUPERVISORY_COMMISSION,
    OrganType.COURT,
    OrganType.PROCURATORATE,
}


class OfficeDuty(models.TextChoices):
    """The line of work a working body of the standing committee answers for. Staff access is
    scoped by it: the deputies' affairs office handles suggestions and keeps the roster, the
    legislative affairs office manages bills, and so on (``core.permissions.is_staff_of``)."""

    DEPUTIES = "deputies", _("Deputies' affairs")  # 代表工作委员会: suggestions, roster, duty records
    LEGISLATION = "legislation", _("Legislative affairs")  # 法制工作委员会: plans, bills, consultations
    BUDGET = "budget", _("Budget affairs")  # 预算工作委员会: budget review and online supervision
    GENERAL_OFFICE = "general_office", _("General office")  # 办公厅: meetings, documents
    PERSONNEL = (
        "personnel",
        _("Personnel, deputies and elections"),
    )  # 人事代表选举工作委员会: appointments, elections
    JUDICIAL = "judicial", _("Supervisory and judicial affairs")  # 监察和司法工作委员会
    RESEARCH = "research", _("Research")  # 研究室


class Organ(models.Model):
    """Any body: the congress and its organs, the supervised bodies, district congresses."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganType.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)
    duty = models.CharField(
        _("line of work"),
        max_length=20,
        choices=OfficeDuty.choices,
        blank=True,
        db_index=True,
        help_text=_("For a working body: what it answers for; its staff's access follows from it."),
    )

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("organ")
        verbose_name_plural = _("organs")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="organ_not_own_parent"),
            models.UniqueConstraint(
                fields=["duty"], condition=Q(is_active=True) & ~Q(duty=""), name="one_active_office_per_duty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_handling_unit(self) -> bool:
        return self.type in HANDLING_TYPES


class Term(models.Model):
    """A term (届) of the congress; its standing committee shares the number."""

    number = models.PositiveSmallIntegerField(_("term number"), unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_term"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="term_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return _("Term %(number)s") % {"number": ordinal(self.number)}


class SessionBody(models.TextChoices):
    CONGRESS = "congress", _("People's Congress session")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee meeting")


class Session(models.Model):
    """A numbered session (次会议) of the congress or meeting of the standing committee."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sessions")
    body = models.CharField(_("body"), max_length=32, choices=SessionBody.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    motion_cutoff = models.DateTimeField(
        _("deadline for motions"),
        null=True,
        blank=True,
        help_text=_(
            "Set by the presidium (congress) or the council of chairpersons; later motions become suggestions."
        ),
    )

    class Meta:
        ordering = ["-start_date", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["term", "body", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="session_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.body == SessionBody.CONGRESS:
            return _("Session %(n)s of Term %(t)s of the People's Congress") % {
                "n": ordinal(self.number),
                "t": ordinal(self.term.number),
            }
        return _("Meeting %(n)s of the Term %(t)s Standing Committee") % {
            "n": ordinal(self.number),
            "t": ordinal(self.term.number),
        }


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Person(models.Model):
    """A natural person: deputy, member, officer or citizen. Accounts are separate."""

    name = models.CharField(_("name"), max_length=60, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    party = models.CharField(_("political affiliation"), max_length=40, blank=True)
    education = models.CharField(_("education"), max_length=40, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, null=True, blank=True, unique=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace and position"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login account; linked to a person where the account holder is one we know."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def label(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    STAFF = "staff", _("Working-body staff")
    SC_MEMBER = "sc_member", _("Standing Committee member")
    DEPUTY = "deputy", _("Deputy")
    UNIT_OFFICER = "unit_officer", _("Handling-unit officer")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")
    PUBLIC = "public", _("Public")


class RoleAssignment(models.Model):
    """A role held by an account, optionally scoped to an organ (e.g. the unit an officer serves)."""

    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_holders",
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organ"], name="role_unique_scoped"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(organ__isnull=True), name="role_unique_unscoped"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
    MEMBER = "member", _("Member")
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    STAFF = "staff", _("Staff")


class OrganMembership(models.Model):
    """Membership of a person in an organ for a term: standing committee, special committees."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organ = models.ForeignKey(
        Organ, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="memberships"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["organ_id", "position", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organ", "term"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organ} · {self.get_position_display()}"


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditLog(models.Model):
    """Append-only, hash-chained record of every service write.

    ``hash`` = HMAC-SHA256, with the audit key kept outside the database, over the canonical
    JSON of this row's content and ``prev_hash`` (rows written before the chain was keyed keep
    their plain SHA-256; see ``lvzhi.core.audit``); ``seq`` has no gaps, so a deleted row shows
    as a missing number. Database triggers (``lvzhi.core.db_triggers``) refuse UPDATE, DELETE
    and TRUNCATE as a second line of defence.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditHead(models.Model):
    """The newest row's number and hash, updated with every append, so that a deleted tail
    of the log is detected as well as a deleted or altered row in the middle. ``mac`` is an
    HMAC over ``seq``, ``hash`` and ``key_id`` with the audit key, so a head rewritten to
    match a truncated log is detected too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16, blank=True, default="")
    mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class Notification(models.Model):
    """An in-app message; e-mailed after the transaction that created it commits."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField(_("category"), max_length=40, default="general")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # {"title": message, "body": message} (core.i18n): rendered in the reader's language
    i18n = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language (the reader's, not the sender's)."""
        return render(self.i18n.get("title"), self.title)

    @property
    def shown_body(self) -> str:
        return render(self.i18n.get("body"), self.body)


class TodoStatus(models.TextChoices):
    OPEN = "open", _("Open")  # waiting for the assignee
    DONE = "done", _("Done")  # the assignee finished it
    CANCELLED = "cancelled", _("Cancelled")  # no longer needed


class Todo(models.Model):
    """Something awaiting a person or any officer of an organ; dashboards list these."""

    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="todos",
    )
    assignee_organ = models.ForeignKey(
        Organ,
        verbose_name=_("organ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="todos",
    )
    assignee_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=TodoStatus.choices, default=TodoStatus.OPEN)
    kind = models.CharField(_("kind"), max_length=40, default="general")
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # {"title": message, "detail": message} (core.i18n): rendered in the reader's language
    i18n = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("to-do")
        verbose_name_plural = _("to-dos")
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["assignee_organ", "status"]),
            models.Index(fields=["assignee_role", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(assignee_organ__isnull=False) | ~Q(assignee_role=""),
                name="todo_has_assignee",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language (the reader's, not the creator's)."""
        return render(self.i18n.get("title"), self.title)

    @property
    def shown_detail(self) -> str:
        return render(self.i18n.get("detail"), self.detail)


class CalendarOverride(models.Model):
    """An admin's correction of the official calendar: a holiday or a make-up working day."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date} {'+' if self.is_working_day else '-'}"


class RulesProfile(models.Model):
    """A city's set of local deadlines and thresholds; its content lives in versions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city"), max_length=60, blank=True)
    is_default = models.BooleanField(_("in use"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rules profile")
        verbose_name_plural = _("rules profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_profile"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """A name a person reads: the profile's own name, else its city's ("江澜市规则配置"),
        never its code ("default")."""
        if self.name and self.name != self.code:
            return self.name
        if self.code == "default":
            return str(_("Default rules profile"))
        if self.city:
            return str(_("%(city)s rules profile") % {"city": self.city})
        return self.name or self.code


class RulesProfileVersion(models.Model):
    """An immutable snapshot of a profile; a running case keeps the version it started under."""

    profile = models.ForeignKey(
        RulesProfile, verbose_name=_("profile"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("rules"))
    note = models.CharField(_("change note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["profile_id", "-number"]
        verbose_name = _("rules profile version")
        verbose_name_plural = _("rules profile versions")
        constraints = [models.UniqueConstraint(fields=["profile", "number"], name="profile_version_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "江澜市规则配置（第1版）", not "default v1"."""
        return str(_("%(name)s (version %(n)s)") % {"name": self.profile.title, "n": self.number})


class ApiToken(models.Model):
    """A bearer token for API clients; only its SHA-256 is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Attachment(models.Model):
    """A stored file attached to any object."""

    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type_label = models.CharField(_("media type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.original_name


class ScheduledJob(models.Model):
    """Bookkeeping for periodic jobs run by ``lvzhi worker`` (one row per job name)."""

    name = models.CharField(max_length=80, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name
