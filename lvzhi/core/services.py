"""Every write of the core app. Keyword-only, typed, named ``<entity>_<verb>``.

The recipe for each: ``transaction.atomic``; check; write with ``update_fields``; one
``AuditLog`` row naming the acting user; notifications after commit.

Each service that acts on a user's behalf checks its permission predicate with
``permissions.authorize``. ``notify``, ``todo_create`` and ``attachment_store`` are building
blocks that other services call after checking their own predicate; they check none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import calendar as calendar_service
from . import permissions as perms
from . import registry
from .actors import SYSTEM, Actor, as_user
from .audit import audit_record, diff, snapshot
from .errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from .i18n import Later, language_of, text_for_storage
from .models import (
    ApiToken,
    Attachment,
    CalendarOverride,
    Notification,
    Organ,
    Person,
    Role,
    RoleAssignment,
    RulesProfile,
    RulesProfileVersion,
    Todo,
    TodoStatus,
    User,
)
from .rules import load_builtin_profiles
from .rules.spec import validate_profile


def _acting(acting_user: Actor) -> Actor:
    """The actor of a write: a user or :data:`~lvzhi.core.actors.SYSTEM`. ``None`` is refused:
    "nobody" must never pass for "allowed" (a caller that means the platform says SYSTEM)."""
    if acting_user is None:
        raise TypeError("acting_user is required: pass the user, or SYSTEM for the platform itself")
    return acting_user


# --- accounts and roles -------------------------------------------------------------------------


def forget_permission_cache(user: User) -> None:
    """Drop the roles and duties cached on ``user`` (after a grant or a revocation)."""
    for name in [k for k in user.__dict__ if k.startswith("_lvzhi_")]:
        user.__dict__.pop(name, None)


def user_create(
    *,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str = "",
    organ: Organ | None = None,
    person: Person | None = None,
    roles: Sequence[tuple[str, Organ | None]] = (),
    acting_user: Actor,
    password_hash: str | None = None,
) -> User:
    """Create an account with its roles. ``password_hash`` lets bulk seeding reuse one hash."""
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_accounts)
    username = username.strip()
    if not username:
        raise ValidationFailed(_("A user name is required."))
    for role, _organ in roles:
        if role not in Role.values:
            raise ValidationFailed(_("Unknown role: %(role)s") % {"role": role})
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ConflictError(_("The user name %(name)s is already taken.") % {"name": username})
        user = User(username=username, display_name=display_name, email=email, organ=organ, person=person)
        if password_hash:
            user.password = password_hash
        elif password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        for role, role_organ in roles:
            RoleAssignment.objects.create(user=user, role=role, organ=role_organ)
        audit_record(
            actor=acting_user,
            action="user.create",
            obj=user,
            changes={
                "roles": [[r, o.pk if o else None] for r, o in roles],
                "organ": organ.pk if organ else None,
            },
        )
    return user


def role_grant(*, user: User, role: str, organ: Organ | None = None, acting_user: Actor) -> RoleAssignment:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_accounts)
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role: %(role)s") % {"role": role})
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, organ=organ)
        if created:
            audit_record(
                actor=acting_user,
                action="role.grant",
                obj=user,
                changes={"role": role, "organ": organ.pk if organ else None},
            )
    forget_permission_cache(user)
    return assignment


def role_revoke(*, user: User, role: str, organ: Organ | None = None, acting_user: Actor) -> None:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_accounts)
    with transaction.atomic():
        deleted, _n = RoleAssignment.objects.filter(user=user, role=role, organ=organ).delete()
        if not deleted:
            raise NotFoundError(_("The account does not hold that role."))
        audit_record(
            actor=acting_user,
            action="role.revoke",
            obj=user,
            changes={"role": role, "organ": organ.pk if organ else None},
        )
    forget_permission_cache(user)


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Unknown language."))
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# --- organs -------------------------------------------------------------------------------------

ORGAN_FIELDS = [
    "code",
    "name",
    "short_name",
    "type",
    "parent",
    "sort_order",
    "is_active",
    "description",
    "duty",
]


def organ_create(*, acting_user: Actor, **fields: Any) -> Organ:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_organs)
    organ = Organ(**fields)
    _check_organ_parent(organ, organ.parent)
    with transaction.atomic():
        try:
            organ.full_clean()
        except Exception as exc:  # django ValidationError → domain error with field messages
            raise ValidationFailed(detail=getattr(exc, "message_dict", str(exc))) from exc
        organ.save()
        audit_record(
            actor=acting_user, action="organ.create", obj=organ, changes=snapshot(organ, ORGAN_FIELDS)
        )
    return organ


def organ_update(*, organ: Organ, acting_user: Actor, **fields: Any) -> Organ:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_organs)
    unknown = set(fields) - set(ORGAN_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "parent" in fields:
        _check_organ_parent(organ, fields["parent"])
    with transaction.atomic():
        before = snapshot(organ, fields)
        for name, value in fields.items():
            setattr(organ, name, value)
        try:
            organ.full_clean()
        except Exception as exc:
            raise ValidationFailed(detail=getattr(exc, "message_dict", str(exc))) from exc
        organ.save(update_fields=list(fields))
        audit_record(
            actor=acting_user, action="organ.update", obj=organ, changes=diff(before, snapshot(organ, fields))
        )
    return organ


def _check_organ_parent(organ: Organ, parent: Organ | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if organ.pk is not None and node.pk == organ.pk:
            raise ValidationFailed(_("An organ cannot be placed under itself or one of its sub-organs."))
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = node.parent


# --- notifications ------------------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable[User],
    title: str | Later,
    body: str | Later = "",
    url: str = "",
    category: str = "general",
    email: bool = True,
) -> list[Notification]:
    """Put a message in each recipient's inbox; e-mail it once the transaction commits.

    Called inside the caller's transaction, so a rolled-back write sends nothing.
    """
    unique = {u.pk: u for u in recipients if u is not None and u.is_active}
    made = []
    for u in unique.values():
        # each recipient's copy in their own language; the message itself is kept so that
        # the inbox renders it in whatever language the reader reads then
        with translation.override(language_of(u)):
            title_text, title_msg = text_for_storage(title)
            body_text, body_msg = text_for_storage(body)
        stored = {k: v for k, v in (("title", title_msg), ("body", body_msg)) if v}
        made.append(
            Notification(
                recipient=u, title=title_text[:200], body=body_text, url=url, category=category, i18n=stored
            )
        )
    rows = Notification.objects.bulk_create(made)
    if email:
        ids = [n.pk for n in rows if n.pk is not None and n.recipient.email]
        if ids:
            from .tasks import send_notification_emails

            transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return rows


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDeniedError()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_send_email(*, notification: Notification) -> bool:
    """Send one notification by e-mail (used by the background task). Returns True if sent."""
    from django.core.mail import send_mail

    if notification.emailed_at is not None or not notification.recipient.email:
        return False
    with translation.override(language_of(notification.recipient)):
        subject, body = notification.shown_title, notification.shown_body
    if notification.url:
        body = f"{body}\n\n{notification.url}".strip()
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


# --- to-dos -------------------------------------------------------------------------------------


def todo_create(
    *,
    title: str | Later,
    acting_user: Actor,
    assignee: User | None = None,
    organ: Organ | None = None,
    role: str = "",
    due_date: dt.date | None = None,
    url: str = "",
    detail: str | Later = "",
    kind: str = "general",
    source: models.Model | None = None,
) -> Todo:
    if assignee is None and organ is None and not role:
        raise ValidationFailed(_("A to-do needs a person, an organ or a role to await."))
    if not registry.is_todo_kind(kind):
        raise ValueError(f"unknown to-do kind {kind!r}: register it in the app's registration.py")
    # the stored text in the assignee's language (an office's or a role's in the site's);
    # the message itself is kept so that each reader sees it in their own language
    with translation.override(language_of(assignee) if assignee is not None else settings.LANGUAGE_CODE):
        title_text, title_msg = text_for_storage(title)
        detail_text, detail_msg = text_for_storage(detail)
    with transaction.atomic():
        todo = Todo(
            title=title_text[:200],
            detail=detail_text,
            i18n={k: v for k, v in (("title", title_msg), ("detail", detail_msg)) if v},
            url=url,
            assignee=assignee,
            assignee_organ=organ,
            assignee_role=role,
            due_date=due_date,
            kind=kind,
        )
        if source is not None:
            todo.source_type = ContentType.objects.get_for_model(source)
            todo.source_id = str(source.pk)
        todo.save()
        audit_record(
            actor=acting_user,
            action="todo.create",
            obj=todo,
            changes={
                "assignee": todo.assignee_id,
                "organ": todo.assignee_organ_id,
                "role": role,
                "due_date": due_date,
            },
        )
    return todo


def todo_close(*, todo: Todo, acting_user: Actor, status: str = TodoStatus.DONE) -> Todo:
    """The assignee (or an administrator) marks a to-do done or cancelled."""
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_close_todo, todo)
    return _todo_close(todo=todo, actor=acting_user, status=status)


def _todo_close(*, todo: Todo, actor: Actor, status: str) -> Todo:
    if status not in (TodoStatus.DONE, TodoStatus.CANCELLED):
        raise ValidationFailed(_("A to-do can only be closed as done or cancelled."))
    with transaction.atomic():
        todo = Todo.objects.select_for_update().get(pk=todo.pk)
        if todo.status != TodoStatus.OPEN:
            raise ConflictError(_("This to-do is already closed."))
        todo.status = status
        todo.closed_at = timezone.now()
        todo.save(update_fields=["status", "closed_at"])
        audit_record(actor=actor, action="todo.close", obj=todo, changes={"status": ["open", status]})
    return todo


def todos_close_for_source(*, source: models.Model, kind: str | None = None, acting_user: Actor) -> int:
    """Close every open to-do raised for ``source`` because the awaited step happened: the
    calling service has checked that ``acting_user`` may take that step, and the audit rows
    name them."""
    qs = Todo.objects.filter(
        source_type=ContentType.objects.get_for_model(source),
        source_id=str(source.pk),
        status=TodoStatus.OPEN,
    )
    if kind:
        qs = qs.filter(kind=kind)
    n = 0
    for todo in qs:
        _todo_close(todo=todo, actor=_acting(acting_user), status=TodoStatus.DONE)
        n += 1
    return n


# --- calendar -----------------------------------------------------------------------------------


def calendar_override_set(
    *, date: dt.date, is_working_day: bool, note: str = "", acting_user: Actor
) -> CalendarOverride:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_edit_calendar)
    with transaction.atomic():
        existing = CalendarOverride.objects.filter(date=date).first()
        before = {"is_working_day": existing.is_working_day, "note": existing.note} if existing else {}
        override, _created = CalendarOverride.objects.update_or_create(
            date=date, defaults={"is_working_day": is_working_day, "note": note[:200]}
        )
        audit_record(
            actor=acting_user,
            action="calendar.override.set",
            obj=override,
            changes=diff(before, {"is_working_day": is_working_day, "note": note[:200]}),
        )
    calendar_service.reset_cache()
    return override


def calendar_override_delete(*, override: CalendarOverride, acting_user: Actor) -> None:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_edit_calendar)
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="calendar.override.delete",
            obj=override,
            changes={"date": override.date, "is_working_day": override.is_working_day},
        )
        override.delete()
    calendar_service.reset_cache()


# --- rules profiles -----------------------------------------------------------------------------


def rules_profiles_install_builtin(*, acting_user: Actor = SYSTEM) -> list[RulesProfileVersion]:
    """Install (or add a new version of) each profile that ships with lvzhi.

    A new version is written only when the shipped content differs from the newest one,
    so running cases keep their version and re-running is harmless.
    """
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_rules_profiles)
    created: list[RulesProfileVersion] = []
    builtin = load_builtin_profiles()
    for code, data in builtin.items():
        with transaction.atomic():
            profile, _new = RulesProfile.objects.get_or_create(
                code=code, defaults={"name": data.get("name_zh") or code, "city": data.get("city", "")}
            )
            latest = profile.versions.order_by("-number").first()
            if latest is None or latest.data != data:
                created.append(
                    rules_profile_publish(profile=profile, data=data, note="builtin", acting_user=acting_user)
                )
    default_code = settings.LVZHI["RULES_PROFILE"]
    if not RulesProfile.objects.filter(is_default=True).exists():
        chosen = RulesProfile.objects.filter(code=default_code).first() or RulesProfile.objects.first()
        if chosen is not None:
            rules_profile_set_default(profile=chosen, acting_user=acting_user)
    return created


def rules_profile_publish(
    *, profile: RulesProfile, data: dict[str, Any], note: str = "", acting_user: Actor
) -> RulesProfileVersion:
    """Validate ``data`` and freeze it as the profile's next version."""
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_rules_profiles)
    problems = validate_profile(data)
    if problems:
        raise ValidationFailed(_("The rules profile is not valid."), detail=problems)
    with transaction.atomic():
        locked = RulesProfile.objects.select_for_update().get(pk=profile.pk)
        last = locked.versions.aggregate(m=models.Max("number"))["m"] or 0
        version = RulesProfileVersion.objects.create(
            profile=locked, number=last + 1, data=data, note=note[:200], created_by=as_user(acting_user)
        )
        audit_record(
            actor=acting_user,
            action="rules_profile.publish",
            obj=version,
            changes={"profile": profile.code, "number": version.number, "note": note[:200]},
        )
    return version


def rules_profile_set_default(*, profile: RulesProfile, acting_user: Actor) -> RulesProfile:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_rules_profiles)
    with transaction.atomic():
        previous = RulesProfile.objects.filter(is_default=True).exclude(pk=profile.pk).first()
        RulesProfile.objects.filter(is_default=True).exclude(pk=profile.pk).update(is_default=False)
        profile.is_default = True
        profile.save(update_fields=["is_default"])
        audit_record(
            actor=acting_user,
            action="rules_profile.set_default",
            obj=profile,
            changes={"previous": previous.code if previous else None},
        )
    return profile


# --- API tokens ---------------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *, user: User, name: str, acting_user: Actor, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the raw key is returned once and never stored."""
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_api_tokens, user)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name."))
    raw = "lvz_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:80], prefix=raw[:10], key_hash=hash_token(raw), expires_at=expires_at
        )
        audit_record(
            actor=acting_user, action="api_token.create", obj=token, changes={"user": user.pk, "name": name}
        )
    return token, raw


def api_token_revoke(*, token: ApiToken, acting_user: Actor) -> ApiToken:
    acting_user = _acting(acting_user)
    perms.authorize(acting_user, perms.can_manage_api_tokens, token.user)
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=acting_user, action="api_token.revoke", obj=token, changes={})
    return token


# --- attachments --------------------------------------------------------------------------------

ALLOWED_ATTACHMENT_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".txt",
    ".md",
    ".jpg",
    ".jpeg",
    ".png",
    ".ofd",
    ".wps",
    ".zip",
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def attachment_check(upload: UploadedFile) -> str:
    """The attachment rules (type, empty, size) without storing anything; returns the file's
    name. Services that take several files check them all before they write the first."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED_ATTACHMENT_EXTENSIONS:
        raise ValidationFailed(_("Files of type %(ext)s cannot be attached.") % {"ext": ext or "?"})
    if not upload.size:
        raise ValidationFailed(_("The file %(name)s is empty.") % {"name": name})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(_("The file %(name)s is larger than 20 MB.") % {"name": name})
    return name


def attachment_store(*, target: models.Model, upload: UploadedFile, acting_user: Actor) -> Attachment:
    name = attachment_check(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            original_name=name[:200],
            content_type_label=mimetypes.guess_type(name)[0] or "",
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=as_user(_acting(acting_user)),
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
        )
        attachment.file.save(name, upload, save=False)
        try:
            attachment.save()
        except IntegrityError as exc:
            attachment.file.delete(save=False)
            raise ConflictError() from exc
        audit_record(
            actor=acting_user,
            action="attachment.store",
            obj=attachment,
            changes={
                "target": f"{attachment.target_type.model}:{attachment.target_id}",
                "sha256": attachment.sha256,
            },
        )
    return attachment


# --- the admin site -------------------------------------------------------------------------------


def _admin_snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    concrete = {f.name for f in obj._meta.concrete_fields}
    return snapshot(obj, [n for n in names if n in concrete])


def admin_record_save(
    *, obj: models.Model, changed: Sequence[str], adding: bool, acting_user: Actor
) -> models.Model:
    """A save made on the admin site (reference data an administrator corrects), audited with
    the fields the form changed. Workflows with rules do not offer writes on the admin site."""
    perms.authorize(acting_user, perms.can_use_admin_site)
    with transaction.atomic():
        obj.save()
        fields = [f.name for f in obj._meta.concrete_fields] if adding else list(changed)
        audit_record(
            actor=acting_user,
            action=f"admin.{obj._meta.label_lower}.{'create' if adding else 'update'}",
            obj=obj,
            changes=_admin_snapshot(obj, fields),
        )
    return obj


def admin_record_delete(*, obj: models.Model, acting_user: Actor) -> None:
    """A deletion made on the admin site, audited with what the row held."""
    perms.authorize(acting_user, perms.can_use_admin_site)
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action=f"admin.{obj._meta.label_lower}.delete",
            obj=obj,
            changes=_admin_snapshot(obj, [f.name for f in obj._meta.concrete_fields]),
        )
        obj.delete()
