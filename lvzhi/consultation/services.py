"""Every write of public consultation: windows, comments (portal, API, letters, imports),
moderation, decisions and the published feedback.

The intake (:func:`comment_submit`) is built for surges: one read of the consultation, one
INSERT (two with contact details), no audit-chain lock — the comment row is itself the
record, and the database refuses to delete it. Staff actions (moderation, decisions,
imports, publication) are audited like every other write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.consultation.analytics.attribution import find_reference
from lvzhi.core.actors import SYSTEM, Actor, as_user, is_system
from lvzhi.core.audit import audit_record
from lvzhi.core.errors import InvalidTransition, NotFoundError, ValidationFailed
from lvzhi.core.i18n import later, ordinal
from lvzhi.core.models import Organ, OrganType, Role, User
from lvzhi.core.permissions import authorize
from lvzhi.core.services import notify
from lvzhi.deputies.masking import mask_email, mask_phone
from lvzhi.deputies.models import LiaisonStation, StationKind
from lvzhi.legislation.lawtext import LawTextError, parse_text
from lvzhi.legislation.models import Bill, BillVersion
from lvzhi.legislation.states import BillStatus
from lvzhi.textkit.articles import format_article_key, parse_article_key

from . import permissions as perms
from .models import (
    MAX_COMMENT_CHARS,
    Comment,
    CommentContact,
    CommentImport,
    Consultation,
    FeedbackNotice,
    ThemeDecision,
)
from .screening import screen
from .states import (
    CONSULTATION,
    MODERATION,
    NOTICE,
    Channel,
    ConsultationStatus,
    ContactKind,
    Decision,
    Moderation,
    ModerationReason,
    NoticeStatus,
)

CATEGORY = "consultation"
MAX_NAME_CHARS = 40
MAX_CONTACT_CHARS = 120
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[\d\s-]{7,20}$")
_RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
#: Bill statuses after which the legislative process is over: a consultation on it takes nothing.
CONCLUDED_BILL_STATUSES = frozenset(
    {
        BillStatus.PASSED,
        BillStatus.FAILED,
        BillStatus.WITHDRAWN,
        BillStatus.TERMINATED,
        BillStatus.AWAITING_APPROVAL,
        BillStatus.APPROVED,
        BillStatus.NOT_APPROVED,
        BillStatus.PROMULGATED,
        BillStatus.FILED,
    }
)


# --- the text consulted on ---------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleInfo:
    key: str  # "12", "10-1" (lvzhi.textkit.articles)
    label: str  # 第十二条
    text: str
    paragraphs: int
    chapter: str  # 第二章 登记管理


@lru_cache(maxsize=32)
def _articles_of_text(text: str) -> tuple[ArticleInfo, ...]:
    doc = parse_text(text)
    out = []
    for art in doc.articles():
        chapter = " ".join(x for x in (art.chapter_label, art.chapter_title) if x)
        out.append(
            ArticleInfo(
                key=art.key, label=art.label, text=art.text, paragraphs=len(art.paragraphs), chapter=chapter
            )
        )
    return tuple(out)


def version_articles(version: BillVersion) -> dict[str, ArticleInfo]:
    """The articles of a bill text, by key, in order (parsed once per process)."""
    return {a.key: a for a in _articles_of_text(version.text)}


@lru_cache(maxsize=32)
def _articles_of_version(version_id: int) -> dict[str, ArticleInfo]:
    text = BillVersion.objects.filter(pk=version_id).values_list("text", flat=True).first() or ""
    return {a.key: a for a in _articles_of_text(text)}


def forget_version(sender: object = None, **kwargs: Any) -> None:
    """Drop the per-process cache of versions' articles (signal receiver)."""
    _articles_of_version.cache_clear()


def articles_of(consultation: Consultation) -> dict[str, ArticleInfo]:
    """The articles of the text a consultation is on, without loading the text each time (a
    bill version's text never changes once stored), so the intake reads one narrow row."""
    return _articles_of_version(consultation.version_id)


#: The columns the intake needs (see :func:`consultation_for_intake`).
INTAKE_FIELDS = ("id", "status", "start", "end", "closed_at", "version_id", "bill_id")


def consultation_for_intake(pk: int) -> Consultation | None:
    """The consultation a comment is posted to: one narrow row with its bill's status
    (``bill_status``, for :func:`intake_refusal`) in the same query."""
    quote = connection.ops.quote_name
    fields = {f.attname: f.column for f in Consultation._meta.concrete_fields}
    cols = ", ".join(f"c.{quote(fields[name])}" for name in INTAKE_FIELDS)
    sql = (
        f"SELECT {cols}, b.{quote('status')} AS {quote('bill_status')} "
        f"FROM {quote(Consultation._meta.db_table)} c "
        f"INNER JOIN {quote(Bill._meta.db_table)} b ON b.{quote('id')} = c.{quote(fields['bill_id'])} "
        f"WHERE c.{quote('id')} = %s"
    )
    rows = list(Consultation.objects.raw(sql, [pk]))
    return rows[0] if rows else None


@lru_cache(maxsize=4)
def _insert_sql(vendor: str, returning: bool) -> tuple[str, tuple[Any, ...]]:
    quote = connection.ops.quote_name
    fields = tuple(f for f in Comment._meta.concrete_fields if not f.primary_key)
    sql = (
        f"INSERT INTO {quote(Comment._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if returning:
        sql += f" RETURNING {quote(Comment._meta.pk.column)}"
    return sql, fields


def _insert(comment: Comment) -> None:
    """``comment.save(force_insert=True)`` without compiling the ORM's INSERT on every call (the
    intake's hottest line): the same columns and the same per-field conversion for the database."""
    returning = connection.features.can_return_columns_from_insert
    sql, fields = _insert_sql(connection.vendor, returning)
    params = [f.get_db_prep_save(f.pre_save(comment, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        comment.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    comment._state.adding = False
    comment._state.db = connection.alias


def article_key(value: object) -> str:
    """A user's article reference ("12", "第十二条", "10-1", 12) as our key (the
    :mod:`lvzhi.textkit.articles` format); "" for none, "?" when it names no article."""
    if value in (None, ""):
        return ""
    key = parse_article_key(value)
    return format_article_key(key) if key else "?"


# --- consultations -------------------------------------------------------------------------------


def _check(action: str, consultation: Consultation) -> None:
    """The consultation's step table (``states.CONSULTATION``) refuses with a clear message."""
    CONSULTATION.check(action, consultation)


def _require_manager(acting_user: Actor) -> None:
    """Every staff write: the legislative affairs office, administrators, or the platform."""
    authorize(acting_user, perms.can_manage_consultations)


def _today() -> dt.date:
    return timezone.localdate()


def _url(consultation: Consultation) -> str:
    return reverse("consultation:detail", args=[consultation.pk])


def consultation_open(
    *,
    bill: Bill,
    version: BillVersion,
    title: str,
    explanation: str,
    start: dt.date,
    end: dt.date,
    invite_deputies: bool = True,
    contact_points: Sequence[LiaisonStation] = (),
    districts: Sequence[Organ] = (),
    acting_user: Actor,
) -> Consultation:
    """Publish ``version`` of ``bill`` for comment from ``start`` to the end of ``end``.

    The window is set on the bill through the legislation service, which enforces the
    profile's minimum (``legislation.public_consultation_min``) and the bill's state."""
    from lvzhi.legislation.services import consultation_set

    _require_manager(acting_user)
    title = (title or "").strip()
    explanation = (explanation or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the consultation a title.")]
    if not explanation:
        errors["explanation"] = [_("Publish the explanation (说明) with the draft.")]
    if version.bill_id != bill.pk:
        errors["version"] = [_("This text belongs to another bill.")]
    else:
        try:
            if not version_articles(version):
                errors["version"] = [_("This text has no articles to comment on.")]
        except LawTextError as exc:
            errors["version"] = [_("This text cannot be read as a regulation: %(error)s") % {"error": exc}]
    if start < _today():
        errors["start"] = [_("A consultation cannot open in the past.")]
    bad_points = [p for p in contact_points if p.kind != StationKind.CONTACT_POINT]
    if bad_points:
        errors["contact_points"] = [
            _("%(name)s is not a grassroots legislative contact point.") % {"name": bad_points[0].name}
        ]
    bad_districts = [d for d in districts if d.type != OrganType.DISTRICT_CONGRESS]
    if bad_districts:
        errors["districts"] = [_("%(name)s is not a district congress.") % {"name": bad_districts[0].name}]
    if errors:
        raise ValidationFailed(detail=errors)
    with transaction.atomic():
        live = Consultation.objects.select_for_update().filter(
            bill=bill, status__in=[ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN]
        )
        if live.exists():
            raise InvalidTransition(
                _("This bill already has a consultation under way; close it first."),
                code="consultation_running",
            )
        consultation_set(bill=bill, start=start, end=end, acting_user=acting_user, for_consultation=True)
        status = ConsultationStatus.OPEN if start <= _today() else ConsultationStatus.SCHEDULED
        consultation = Consultation.objects.create(
            bill=bill,
            version=version,
            title=title,
            explanation=explanation,
            start=start,
            end=end,
            status=status,
            invite_deputies=invite_deputies,
            created_by=as_user(acting_user),
        )
        consultation.contact_points.set(contact_points)
        consultation.districts.set(districts)
        audit_record(
            actor=acting_user,
            action="consultation.open",
            obj=consultation,
            changes={
                "bill": bill.pk,
                "version": version.number,
                "start": start,
                "end": end,
                "deputies": invite_deputies,
                "contact_points": [p.pk for p in contact_points],
                "districts": [d.pk for d in districts],
            },
        )
        _notify_invited(consultation)
    return consultation


def _notify_invited(consultation: Consultation) -> None:
    """Send the draft to deputies and to the staff of invited district congresses (Huzhou Art 34)."""
    from lvzhi.core.models import RoleAssignment

    q = Q(role=Role.STAFF, organ__in=list(consultation.districts.all()))
    if consultation.invite_deputies:
        q |= Q(role=Role.DEPUTY)
    user_ids = RoleAssignment.objects.filter(q).values_list("user_id", flat=True).distinct()
    recipients = User.objects.filter(pk__in=user_ids, is_active=True)
    body = later("The draft is open for comment from %(start)s to %(end)s.") % {
        "start": consultation.start.isoformat(),
        "end": consultation.end.isoformat(),
    }
    notify(
        recipients=recipients,
        title=later("Draft for comment: %(title)s") % {"title": consultation.title},
        body=body,
        url=reverse("consultation:public_detail", args=[consultation.pk]),
        category=CATEGORY,
        email=False,
    )


def consultation_extend(*, consultation: Consultation, end: dt.date, acting_user: Actor) -> Consultation:
    """A later closing day (the minimum is already met; a window is never shortened here)."""
    _require_manager(acting_user)
    with transaction.atomic():
        consultation = CONSULTATION.lock(consultation)
        CONSULTATION.check("extend", consultation)
        if end <= consultation.end:
            raise ValidationFailed(
                _("The new closing day must be later than %(end)s.") % {"end": consultation.end.isoformat()},
                detail={"end": [_("Choose a later date.")]},
            )
        before = consultation.end
        consultation.end = end
        consultation.save(update_fields=["end", "updated_at"])
        Bill.objects.filter(pk=consultation.bill_id).update(consultation_end=end)
        audit_record(
            actor=acting_user, action="consultation.extend", obj=consultation, changes={"end": [before, end]}
        )
    return consultation


def consultation_close(*, consultation: Consultation, acting_user: Actor, reason: str = "") -> Consultation:
    """Close the window: by the worker once ``end`` has passed or when the bill concludes
    (``SYSTEM``), or early by staff with a reason."""
    _require_manager(acting_user)
    with transaction.atomic():
        consultation = CONSULTATION.lock(consultation)
        CONSULTATION.check("close", consultation)
        by_person = not is_system(acting_user)
        if by_person and consultation.end >= _today() and not reason.strip():
            raise ValidationFailed(
                _("Give the reason for closing before the announced day."),
                detail={"reason": [_("This field is required.")]},
            )
        CONSULTATION.advance("close", consultation)
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=acting_user,
            action="consultation.close",
            obj=consultation,
            changes={"reason": reason.strip(), "early": consultation.end >= _today()},
        )
        managers = _managers()
        total = consultation.comments.count()
        notify(
            recipients=managers,
            title=later("Consultation closed: %(title)s") % {"title": consultation.title},
            body=later("%(count)s comments were received.") % {"count": total},
            url=_url(consultation),
            category=CATEGORY,
        )
    return consultation


#: Why a bill concluded (``lvzhi.legislation.signals.REASONS``), as the close's reason says it.
CONCLUDED_REASONS = {
    "voted": gettext_lazy("voted and passed"),
    "failed": gettext_lazy("not passed"),
    "withdrawn": gettext_lazy("withdrawn"),
    "terminated": gettext_lazy("deliberation terminated"),
}


def consultations_close_for_bill(*, bill: Bill, reason: str, acting_user: Actor) -> int:
    """Close the consultations on ``bill`` that still take comments, because the bill has
    concluded (``reason``: voted, failed, withdrawn, terminated — see
    ``lvzhi.legislation.signals``). Each close is audited. Returns how many were closed."""
    _require_manager(acting_user)
    live = Consultation.objects.filter(
        bill_id=bill.pk, status__in=[ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN]
    ).order_by("pk")
    closed = 0
    for consultation in live:
        consultation_close(
            consultation=consultation,
            reason=_("The bill has concluded (%(reason)s).")
            % {"reason": CONCLUDED_REASONS.get(reason, reason)},
            acting_user=acting_user,
        )
        closed += 1
    return closed


def on_bill_concluded(sender: object, *, bill: Bill, reason: str = "", **kwargs: Any) -> None:
    """Receiver of ``lvzhi.legislation.signals.bill_concluded`` (connected in ``apps.py``): the
    platform closes the bill's open consultations."""
    consultations_close_for_bill(bill=bill, reason=reason, acting_user=SYSTEM)


def _managers() -> list[User]:
    from lvzhi.core.models import RoleAssignment

    ids = RoleAssignment.objects.filter(role__in=[Role.STAFF, Role.ADMIN]).values_list("user_id", flat=True)
    return [u for u in User.objects.filter(pk__in=ids, is_active=True) if perms.can_manage_consultations(u)]


def consultations_sync(*, acting_user: Actor, today: dt.date | None = None) -> dict[str, int]:
    """Open windows whose first day has come, close those whose last day has passed (the
    worker, as ``SYSTEM``)."""
    _require_manager(acting_user)
    today = today or _today()
    opened = closed = 0
    for c in Consultation.objects.filter(
        status=ConsultationStatus.SCHEDULED, start__lte=today, end__gte=today
    ):
        with transaction.atomic():
            c = CONSULTATION.lock(c)
            if CONSULTATION.allowed("open", c.status):
                CONSULTATION.advance("open", c)
                c.save(update_fields=["status", "updated_at"])
                audit_record(
                    actor=acting_user, action="consultation.opened", obj=c, changes={"start": c.start}
                )
                opened += 1
    for c in Consultation.objects.filter(
        status__in=[ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN], end__lt=today
    ):
        consultation_close(consultation=c, acting_user=acting_user)
        closed += 1
    return {"opened": opened, "closed": closed}


def _bill_status(consultation: Consultation) -> str:
    """The status of the consultation's bill, without loading the bill when the intake's row
    carries it (``bill_status``) or the bill is already loaded."""
    carried = getattr(consultation, "bill_status", None)
    if carried is not None:
        return str(carried)
    if Consultation.bill.is_cached(consultation):
        return str(consultation.bill.status)
    return str(Bill.objects.filter(pk=consultation.bill_id).values_list("status", flat=True).first() or "")


def intake_refusal(consultation: Consultation, today: dt.date | None = None) -> str:
    """Why the consultation takes no comment today (portal, API, letters, imports), or "".

    Open by status *and* by the calendar *and* by its bill: a window past its last day refuses
    comments even before the worker has closed it, one whose first day has come takes them,
    and once the bill has concluded (voted, approved, promulgated, withdrawn, terminated...)
    nothing is taken, even for a consultation left open from before the bill concluded."""
    today = today or _today()
    bill_status = _bill_status(consultation)
    if bill_status in CONCLUDED_BILL_STATUSES:
        return _(
            "The bill this draft belongs to has concluded (%(status)s); the consultation is over and "
            "comments are no longer taken."
        ) % {"status": BillStatus(bill_status).label}
    if consultation.status == ConsultationStatus.PUBLISHED:
        return _(
            "The feedback on this consultation was published on %(date)s; comments are no longer taken "
            "or imported."
        ) % {
            "date": timezone.localdate(consultation.feedback_published_at).isoformat()
            if consultation.feedback_published_at
            else closing_day(consultation).isoformat()
        }
    if consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.SCHEDULED):
        return _("This consultation closed on %(end)s; comments are no longer taken.") % {
            "end": closing_day(consultation).isoformat()
        }
    if consultation.start > today:
        return _("This consultation opens on %(start)s.") % {"start": consultation.start.isoformat()}
    if consultation.end < today:
        return _("This consultation closed on %(end)s; comments are no longer taken.") % {
            "end": consultation.end.isoformat()
        }
    return ""


def closing_day(consultation: Consultation) -> dt.date:
    """The last day comments were taken: the day it was closed (early or not), else its end."""
    return consultation.last_day


def letter_in_time(consultation: Consultation, received_on: dt.date | None) -> bool:
    """A letter received by the closing day may be entered after it closed (post is slow), as
    long as the bill has not concluded and the feedback is not yet published."""
    return (
        received_on is not None
        and consultation.status in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED)
        and _bill_status(consultation) not in CONCLUDED_BILL_STATUSES
        and received_on <= closing_day(consultation)
    )


def check_intake(consultation: Consultation) -> None:
    """Refuse a comment, letter or import for a consultation that takes none (409
    ``consultation_closed`` on the API, a message on the pages)."""
    refusal = intake_refusal(consultation)
    if refusal:
        raise InvalidTransition(refusal, code="consultation_closed")


def is_taking_comments(consultation: Consultation, now: dt.datetime | None = None) -> bool:
    """Whether the consultation takes comments now (see :func:`intake_refusal`)."""
    return not intake_refusal(consultation, timezone.localdate(now) if now else None)


# --- comments ------------------------------------------------------------------------------------


def _receipt(consultation_id: int) -> str:
    # one read of the system's random source (31 symbols: the modulo bias is 256 % 31 / 256,
    # immaterial for a receipt; guessing one still takes ~10^11 tries)
    token = "".join(_RECEIPT_ALPHABET[b % len(_RECEIPT_ALPHABET)] for b in secrets.token_bytes(8))
    return f"{consultation_id:03d}-{token}"


def _contact_kind(contact: str) -> str:
    if _EMAIL_RE.match(contact):
        return ContactKind.EMAIL
    if _PHONE_RE.match(contact) and sum(ch.isdigit() for ch in contact) >= 7:
        return ContactKind.PHONE
    return ContactKind.OTHER


def _mask_contact(contact: str, kind: str) -> str:
    if kind == ContactKind.EMAIL:
        return mask_email(contact)
    if kind == ContactKind.PHONE:
        return mask_phone(re.sub(r"[\s-]", "", contact))
    return contact[:2] + "****" if contact else ""


def _mask_name(name: str) -> str:
    return (name[0] + "*" * min(len(name) - 1, 3)) if name else ""


def _referenced_article(text: str, articles: dict[str, ArticleInfo]) -> tuple[str, int | None]:
    """(key, paragraph) of the first article of the draft ``text`` names, or ("", None)."""
    known = frozenset(k for k in (parse_article_key(a) for a in articles) if k is not None)
    ref = find_reference(text, known)
    if ref is None:
        return "", None
    key = format_article_key(ref[0])
    info = articles.get(key)
    if info is None:
        return "", None
    paragraph = ref[1] if ref[1] is not None and 1 <= ref[1] <= info.paragraphs else None
    return key, paragraph


def _clean_comment(
    consultation: Consultation,
    *,
    text: str,
    article: object,
    paragraph: object,
    name: str,
    contact: str,
) -> tuple[str, str, int | None, str, str, dict[str, list[str]]]:
    """Shape and range checks of one comment; returns the cleaned values and the errors."""
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    name = (name or "").strip()
    contact = (contact or "").strip()
    if not text:
        errors["text"] = [_("Write your comment.")]
    elif len(text) > MAX_COMMENT_CHARS:
        errors["text"] = [
            _("The comment is %(n)s characters long; the limit is %(max)s.")
            % {"n": len(text), "max": MAX_COMMENT_CHARS}
        ]
    elif "\x00" in text:
        errors["text"] = [_("The comment contains characters that cannot be stored.")]
    key = article_key(article)
    para: int | None = None
    articles = articles_of(consultation)
    if key and key not in articles:
        errors["article"] = [_("The draft has no article %(article)s.") % {"article": article}]
    if not key and paragraph in (None, "") and text and "条" in text:
        # submitted on the draft as a whole but naming an article (第十九条, 第十九条第二款,
        # 十九条): it is a comment on that article, not on the whole draft
        key, para = _referenced_article(text, articles)
    if paragraph not in (None, ""):
        try:
            para = int(str(paragraph))
        except (TypeError, ValueError):
            para = -1
        if not key:
            errors["paragraph"] = [_("Choose the article the paragraph belongs to.")]
        elif key in articles and not 1 <= para <= max(1, articles[key].paragraphs):
            errors["paragraph"] = [
                _("%(article)s has %(n)s paragraph(s); there is no paragraph %(p)s.")
                % {
                    "article": articles[key].label,
                    "n": articles[key].paragraphs,
                    "p": ordinal(para) if para > 0 else paragraph,
                }
            ]
    if len(name) > MAX_NAME_CHARS:
        errors["name"] = [_("The name can be at most %(max)s characters.") % {"max": MAX_NAME_CHARS}]
    if len(contact) > MAX_CONTACT_CHARS:
        errors["contact"] = [_("The contact can be at most %(max)s characters.") % {"max": MAX_CONTACT_CHARS}]
    elif contact and _contact_kind(contact) == ContactKind.OTHER and "@" in contact:
        errors["contact"] = [_("This e-mail address is not valid.")]
    return text, key, para, name, contact, errors


def _new_comment(
    consultation: Consultation,
    *,
    text: str,
    key: str,
    para: int | None,
    name: str,
    contact: str,
    channel: str,
    submitted_at: dt.datetime,
    user: User | None = None,
    client: str = "",
    screen_it: bool = True,
    **extra: Any,
) -> Comment:
    kind = _contact_kind(contact) if contact else ""
    reason = screen(text) if screen_it else ""
    comment = Comment(
        consultation=consultation,
        receipt=_receipt(consultation.pk),
        article=key,
        paragraph=para,
        text=text,
        channel=channel,
        submitted_at=submitted_at,
        name_masked=_mask_name(name),
        contact_masked=_mask_contact(contact, kind),
        has_contact=bool(contact),
        user=user,
        client=client,
        moderation=Moderation.PENDING if reason else Moderation.PUBLISHED,
        moderation_reason=reason,
        **extra,
    )
    # One transaction for the comment and its contact (at the intake the outermost one: no
    # savepoint); a receipt collision — rare, but expected about once in a million comments —
    # retries the whole block with a new number.
    for attempt in range(3):
        try:
            # without contact details and outside any transaction, the INSERT commits on its own
            # (one round trip instead of BEGIN, INSERT, COMMIT)
            alone = not (name or contact) and not connection.in_atomic_block
            with contextlib.nullcontext() if alone else transaction.atomic():
                _insert(comment)
                if name or contact:
                    CommentContact.objects.create(comment=comment, name=name, contact=contact, kind=kind)
            break
        except IntegrityError:
            comment.pk = None
            if attempt == 2 or not Comment.objects.filter(receipt=comment.receipt).exists():
                raise
            comment.receipt = _receipt(consultation.pk)
    return comment


def comment_submit(
    *,
    consultation: Consultation,
    text: str,
    article: object = "",
    paragraph: object = None,
    name: str = "",
    contact: str = "",
    channel: str = Channel.PORTAL,
    user: User | None = None,
    client: str = "",
) -> Comment:
    """A comment from the public (portal or API) or a signed-in deputy. Returns the stored
    comment; its ``receipt`` is the number to give back. Flagged texts are accepted too and wait
    in the moderation queue."""
    check_intake(consultation)
    text, key, para, name, contact, errors = _clean_comment(
        consultation, text=text, article=article, paragraph=paragraph, name=name, contact=contact
    )
    if errors:
        raise ValidationFailed(detail=errors)
    if user is not None and not user.is_authenticated:
        user = None
    if user is not None and channel == Channel.PORTAL and user.roles.filter(role=Role.DEPUTY).exists():
        channel = Channel.DEPUTY
    return _new_comment(
        consultation,
        text=text,
        key=key,
        para=para,
        name=name,
        contact=contact,
        channel=channel,
        submitted_at=timezone.now(),
        user=user,
        client=client,
    )


def comment_enter_letter(
    *,
    consultation: Consultation,
    text: str,
    article: object = "",
    paragraph: object = None,
    name: str = "",
    contact: str = "",
    received_on: dt.date | None = None,
    channel: str = Channel.LETTER,
    acting_user: Actor,
) -> Comment:
    """A letter, e-mail or phone call recorded by staff while the consultation takes comments
    (:func:`intake_refusal`), or after it closed for a letter received in time
    (:func:`letter_in_time`); never once the bill has concluded or the feedback is published."""
    _require_manager(acting_user)
    if received_on is not None and received_on > _today():
        raise ValidationFailed(detail={"received_on": [_("The date cannot be in the future.")]})
    if not letter_in_time(consultation, received_on):
        check_intake(consultation)
    _check("enter_letter", consultation)
    text, key, para, name, contact, errors = _clean_comment(
        consultation, text=text, article=article, paragraph=paragraph, name=name, contact=contact
    )
    if received_on is not None and received_on > _today():
        errors["received_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationFailed(detail=errors)
    when = (
        timezone.now()
        if received_on is None
        else timezone.make_aware(dt.datetime.combine(received_on, dt.time(12)))
    )
    with transaction.atomic():
        comment = _new_comment(
            consultation,
            text=text,
            key=key,
            para=para,
            name=name,
            contact=contact,
            channel=channel,
            submitted_at=when,
            screen_it=False,
        )
        audit_record(
            actor=acting_user,
            action="consultation.comment.enter",
            obj=comment,
            changes={"consultation": consultation.pk, "article": key, "channel": channel},
        )
    return comment


#: One checked row of an imported sheet: row number, text, article key, paragraph, name,
#: contact, and the day the opinion was given (or None).
ImportRow = tuple[int, str, str, Any, str, str, Any]


def comments_import_store(
    *,
    consultation: Consultation,
    rows: Sequence[ImportRow],
    channel: str,
    source_station: LiaisonStation | None,
    source_organ: Organ | None,
    filename: str,
    acting_user: Actor,
) -> CommentImport:
    """Store the checked rows of one sheet (``imports.comments_import_xlsx`` parses and checks
    it) as one batch, all or nothing, audited."""
    _require_manager(acting_user)
    check_intake(consultation)
    _check("import", consultation)
    with transaction.atomic():
        batch = CommentImport.objects.create(
            consultation=consultation,
            channel=channel,
            source_station=source_station,
            source_organ=source_organ,
            filename=filename[:200],
            rows=len(rows),
            created_by=as_user(acting_user),
        )
        now = timezone.now()
        for row_no, text, key, para, name, contact, when in rows:
            submitted = (
                now
                if not isinstance(when, dt.date)
                else timezone.make_aware(dt.datetime.combine(when, dt.time(12)))
            )
            _new_comment(
                consultation,
                text=text,
                key=key,
                para=para,
                name=name,
                contact=contact,
                channel=channel,
                submitted_at=submitted,
                screen_it=False,
                batch=batch,
                batch_row=row_no,
                source_station=source_station,
                source_organ=source_organ,
            )
        audit_record(
            actor=acting_user,
            action="consultation.import",
            obj=batch,
            changes={
                "consultation": consultation.pk,
                "channel": channel,
                "rows": len(rows),
                "file": filename[:200],
            },
        )
    return batch


def comment_moderate(
    *,
    comment: Comment,
    moderation: str,
    reason: str = "",
    note: str = "",
    acting_user: Actor,
) -> Comment:
    """Publish a held comment, or set one aside with its reason (it is kept either way)."""
    _require_manager(acting_user)
    if moderation not in (Moderation.PUBLISHED, Moderation.REMOVED):
        raise ValidationFailed(detail={"moderation": [_("Choose what to do with the comment.")]})
    step = "accept" if moderation == Moderation.PUBLISHED else "set_aside"
    if moderation != Moderation.PUBLISHED and reason not in ModerationReason.values:
        raise ValidationFailed(
            _("Say why the comment is set aside."), detail={"reason": [_("Choose a reason.")]}
        )
    if len(note) > 300:
        raise ValidationFailed(detail={"note": [_("The note can be at most 300 characters.")]})
    with transaction.atomic():
        comment = MODERATION.lock(comment)
        before = (comment.moderation, comment.moderation_reason)
        MODERATION.advance(step, comment)
        comment.moderation_reason = "" if moderation == Moderation.PUBLISHED else reason
        comment.moderation_note = note.strip()
        comment.moderated_by = as_user(acting_user)
        comment.moderated_at = timezone.now()
        comment.save(
            update_fields=[
                "moderation",
                "moderation_reason",
                "moderation_note",
                "moderated_by",
                "moderated_at",
            ]
        )
        audit_record(
            actor=acting_user,
            action="consultation.comment.moderate",
            obj=comment,
            changes={
                "moderation": [before[0], moderation],
                "reason": [before[1], comment.moderation_reason],
                "note": comment.moderation_note,
            },
        )
    return comment


def analysis_run(*, consultation: Consultation, acting_user: Actor, full: bool = False) -> Any:
    """Refresh the consultation's analysis and totals snapshot (``analysis.analysis_refresh``):
    the office asks for it on the dashboard, the worker (``SYSTEM``) runs it for consultations
    with new comments. A person's request is audited; the worker's periodic runs are not (they
    change nothing anyone decided)."""
    from .analysis import analysis_refresh

    _require_manager(acting_user)
    analysis = analysis_refresh(consultation, full=full)
    if not is_system(acting_user):
        audit_record(
            actor=acting_user,
            action="consultation.analyse",
            obj=consultation,
            changes={"comments": analysis.comments, "full": full},
        )
    return analysis


def comment_contact_reveal(*, comment: Comment, acting_user: Actor) -> CommentContact | None:
    """The full name and contact of one comment, for the office that answers the commenters;
    every look is audited (also when there is nothing to show)."""
    authorize(acting_user, perms.can_view_contacts)
    contact = CommentContact.objects.filter(comment=comment).first()
    audit_record(
        actor=acting_user,
        action="consultation.contact.view",
        obj=comment,
        changes={
            "consultation": comment.consultation_id,
            "receipt": comment.receipt,
            "fields": ["name", "contact"] if contact else [],
        },
    )
    return contact


def sms_list_export(*, consultation: Consultation, base_url: str, acting_user: Actor) -> bytes:
    """The phone numbers to tell by SMS (.xlsx for the office's gateway), audited."""
    from .documents import sms_xlsx

    authorize(acting_user, perms.can_view_contacts)
    content, rows = sms_xlsx(consultation, base_url)
    audit_record(
        actor=acting_user,
        action="consultation.contact.view",
        obj=consultation,
        changes={"export": "sms", "rows": rows},
    )
    return content


def _check_decision(decision: str, reason: str) -> str:
    reason = (reason or "").strip()
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = [_("Choose adopted, partly adopted or not adopted.")]
    if not reason:
        errors["reason"] = [_("Give the reason; it is published with the decision.")]
    elif len(reason) > 2000:
        errors["reason"] = [_("The reason can be at most 2000 characters.")]
    if errors:
        raise ValidationFailed(detail=errors)
    return reason


def comment_decide(*, comment: Comment, decision: str, reason: str, acting_user: Actor) -> Comment:
    """The office's decision on one comment, with the reason (published on the feedback page)."""
    _require_manager(acting_user)
    reason = _check_decision(decision, reason)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        _check("decide", comment.consultation)
        if comment.moderation != Moderation.PUBLISHED:
            raise InvalidTransition(
                _("Publish the comment from the moderation queue before deciding on it."),
                code="not_published",
            )
        before = (comment.decision, comment.decision_reason)
        comment.decision = decision
        comment.decision_reason = reason
        comment.decision_theme = None
        comment.decided_by = as_user(acting_user)
        comment.decided_at = timezone.now()
        comment.save(
            update_fields=["decision", "decision_reason", "decision_theme", "decided_by", "decided_at"]
        )
        audit_record(
            actor=acting_user,
            action="consultation.comment.decide",
            obj=comment,
            changes={"decision": [before[0], decision], "reason": [before[1], reason]},
        )
    return comment


def theme_decide(
    *,
    consultation: Consultation,
    theme_id: int,
    decision: str,
    reason: str,
    summary: str = "",
    acting_user: Actor,
) -> ThemeDecision:
    """Decide on a theme of the latest analysis: recorded once, and applied to the theme's
    published comments that have no decision of their own."""
    from .analysis import theme_members, theme_of

    _require_manager(acting_user)
    reason = _check_decision(decision, reason)
    theme = theme_of(consultation, theme_id)
    if theme is None:
        raise NotFoundError(
            _("The analysis has no theme %(id)s; refresh the analysis and try again.") % {"id": theme_id}
        )
    member_ids = theme_members(consultation, theme_id)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        _check("decide", consultation)
        articles = theme.get("articles") or {}
        top_article = next(iter(articles), "") if articles else ""
        td = ThemeDecision.objects.create(
            consultation=consultation,
            label=theme["label"][:200],
            keywords=theme.get("keywords", [])[:12],
            article=top_article if top_article not in ("", "?") else "",
            summary=summary.strip(),
            decision=decision,
            reason=reason,
            comment_count=len(member_ids),
            decided_by=as_user(acting_user),
        )
        now = timezone.now()
        applied = 0
        for i in range(0, len(member_ids), 5000):
            chunk = member_ids[i : i + 5000]
            applied += (
                Comment.objects.filter(
                    pk__in=chunk,
                    consultation=consultation,
                    moderation=Moderation.PUBLISHED,
                )
                .filter(Q(decision="") | Q(decision_theme__isnull=False))
                .update(
                    decision=decision,
                    decision_reason=reason,
                    decision_theme=td,
                    decided_by=as_user(acting_user),
                    decided_at=now,
                )
            )
        if applied != td.comment_count:
            td.comment_count = applied
            td.save(update_fields=["comment_count"])
        audit_record(
            actor=acting_user,
            action="consultation.theme.decide",
            obj=td,
            changes={
                "theme": theme_id,
                "label": td.label,
                "decision": decision,
                "reason": reason,
                "comments": applied,
            },
        )
    return td


def feedback_publish(
    *, consultation: Consultation, summary: str, acting_user: Actor, base_url: str = ""
) -> Consultation:
    """Publish the 采纳情况 and tell every commenter who left contact details (e-mail now;
    phone numbers are listed for the office's SMS gateway; signed-in users in their inbox)."""
    _require_manager(acting_user)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed(
            _("Write the summary of how the comments were taken into account."),
            detail={"summary": [_("This field is required.")]},
        )
    with transaction.atomic():
        consultation = CONSULTATION.lock(consultation)
        first = CONSULTATION.advance("publish_feedback", consultation) != ConsultationStatus.PUBLISHED
        consultation.feedback_summary = summary
        consultation.feedback_published_at = timezone.now()
        consultation.save(update_fields=["status", "feedback_summary", "feedback_published_at", "updated_at"])
        audit_record(
            actor=acting_user,
            action="consultation.feedback.publish",
            obj=consultation,
            changes={"first": first, "summary_chars": len(summary)},
        )
        queued = _queue_notices(consultation)
        url = reverse("consultation:public_feedback", args=[consultation.pk])
        users = User.objects.filter(pk__in=consultation.comments.exclude(user=None).values("user_id"))
        notify(
            recipients=users,
            title=later("Feedback published: %(title)s") % {"title": consultation.title},
            body=later("See how the comments on the draft were taken into account."),
            url=url,
            category=CATEGORY,
            email=False,
        )
    if queued:
        from .tasks import send_feedback_notices

        transaction.on_commit(lambda: send_feedback_notices.enqueue(consultation.pk, base_url))
    return consultation


def _queue_notices(consultation: Consultation) -> int:
    """One notice per comment with contact details that has none yet."""
    rows = []
    contacts = (
        CommentContact.objects.filter(comment__consultation=consultation, comment__notice__isnull=True)
        .exclude(contact="")
        .values_list("comment_id", "kind")
    )
    for comment_id, kind in contacts.iterator(chunk_size=5000):
        if kind == ContactKind.EMAIL:
            rows.append(FeedbackNotice(comment_id=comment_id, channel=kind, status=NoticeStatus.QUEUED))
        elif kind == ContactKind.PHONE:
            rows.append(FeedbackNotice(comment_id=comment_id, channel=kind, status=NoticeStatus.FOR_SMS))
    FeedbackNotice.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def notice_text(comment: Comment, base_url: str = "") -> tuple[str, str]:
    """The subject and body of a commenter's notice."""
    subject = _("How your comment on %(title)s was handled") % {"title": comment.consultation.title}
    lines = [_("Receipt number: %(receipt)s") % {"receipt": comment.receipt}]
    if comment.decision:
        lines.append(_("Decision: %(decision)s") % {"decision": comment.get_decision_display()})
        lines.append(_("Reason: %(reason)s") % {"reason": comment.decision_reason})
    else:
        lines.append(_("Your comment was read and considered with the others on the same points."))
    url = base_url + reverse("consultation:public_feedback", args=[comment.consultation_id])
    lines.append(_("The full feedback: %(url)s") % {"url": url})
    return subject, "\n".join(lines)


def feedback_notices_send(*, consultation_id: int, base_url: str = "") -> dict[str, int]:
    """Send the queued e-mail notices of a consultation (the worker's task)."""
    from django.conf import settings
    from django.core.mail import send_mail

    sent = failed = 0
    queued = FeedbackNotice.objects.filter(
        comment__consultation_id=consultation_id, status=NoticeStatus.QUEUED
    ).select_related("comment__consultation", "comment__contact")
    for notice in queued.iterator(chunk_size=500):
        subject, body = notice_text(notice.comment, base_url)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.comment.contact.contact])
        except Exception as exc:
            if notice_advance(notice=notice, action="fail", error=str(exc)):
                failed += 1
            continue
        if notice_advance(notice=notice, action="send"):
            sent += 1
    return {"sent": sent, "failed": failed}


def notice_advance(*, notice: FeedbackNotice, action: str, error: str = "") -> bool:
    """Record the outcome of sending one notice (``states.NOTICE``: ``send`` or ``fail``).

    The worker's step, with no acting user (like :func:`feedback_notices_send`). Raises
    :class:`InvalidTransition` when the step is not allowed from the notice's state; the
    update is conditional on the state too, so a notice another worker has already recorded
    is left as it is (False)."""
    NOTICE.check(action, notice)
    target = NOTICE.target(action)
    fields: dict[str, Any] = {"status": target}
    if action == "send":
        fields["sent_at"] = timezone.now()
    else:
        fields["error"] = error[:200]
    done = FeedbackNotice.objects.filter(pk=notice.pk, status__in=NOTICE.step(action).sources).update(
        **fields
    )
    return done == 1
