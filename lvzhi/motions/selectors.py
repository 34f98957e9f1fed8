"""Reads of motions for pages and the API (scoped by role, no N+1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lvzhi.core.models import Attachment, AuditLog, Organ, OrganType, Session, Term, User
from lvzhi.core.permissions import Viewer
from lvzhi.deputies.models import Delegation, Deputy
from lvzhi.deputies.states import DeputyStatus

from . import permissions as perms
from .models import Motion, MotionSigner
from .states import PUBLIC, MotionBody, MotionStatus

ACTIVE_SIGNER = Q(signers__confirmed_at__isnull=False, signers__withdrawn_at__isnull=True)


@dataclass
class MotionFilters:
    q: str = ""
    status: str = ""
    body: str = ""
    session: int | None = None
    delegation: int | None = None
    term: int | None = None
    mine: bool = False

    @classmethod
    def from_params(cls, params: Any) -> MotionFilters:
        def as_int(name: str) -> int | None:
            raw = (params.get(name) or "").strip()
            return int(raw) if raw.isdecimal() and len(raw) < 12 else None

        status = (params.get("status") or "").strip()
        body = (params.get("body") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:60],
            status=status if status in MotionStatus.values else "",
            body=body if body in MotionBody.values else "",
            session=as_int("session"),
            delegation=as_int("delegation"),
            term=as_int("term"),
            mine=(params.get("mine") or "") in ("1", "true", "on"),
        )


def _base() -> QuerySet[Motion]:
    return Motion.objects.select_related(
        "term",
        "session",
        "session__term",
        "lead",
        "lead__person",
        "lead__delegation",
        "committee",
        "rules",
    ).annotate(signer_count=Count("signers", filter=ACTIVE_SIGNER, distinct=True))


def visible_motions(user: Viewer) -> QuerySet[Motion]:
    """Every motion ``user`` may see: see :func:`permissions.can_view_motion` (same rule, as a query)."""
    qs = Motion.objects.all()
    cond = Q(status__in=PUBLIC)
    if perms.can_view_all_motions(user):
        cond |= ~Q(status=MotionStatus.DRAFT)
    person_id = getattr(user, "person_id", None) if user is not None and user.is_authenticated else None
    if person_id:
        own = Motion.objects.filter(Q(lead__person_id=person_id) | Q(signers__deputy__person_id=person_id))
        cond |= Q(pk__in=own.values("pk"))
    return qs.filter(cond)


def motion_list(filters: MotionFilters, user: Viewer) -> QuerySet[Motion]:
    ids = visible_motions(user).values("pk")
    qs = _base().filter(pk__in=ids)
    if filters.term:
        qs = qs.filter(term_id=filters.term)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.body:
        qs = qs.filter(body=filters.body)
    if filters.session:
        qs = qs.filter(session_id=filters.session)
    if filters.delegation:
        qs = qs.filter(lead__delegation_id=filters.delegation)
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(number__icontains=filters.q)
            | Q(lead__person__name__icontains=filters.q)
            | Q(lead__code__iexact=filters.q)
        )
    if filters.mine:
        person_id = getattr(user, "person_id", None)
        if person_id:
            own = Motion.objects.filter(
                Q(lead__person_id=person_id) | Q(signers__deputy__person_id=person_id)
            )
            qs = qs.filter(pk__in=own.values("pk"))
        else:
            qs = qs.none()
    return qs.order_by("-id")


def public_motions(*, q: str = "", session: int | None = None) -> QuerySet[Motion]:
    """Motions put on the agenda and their outcome, for the public portal."""
    qs = _base().filter(status__in=PUBLIC)
    if session:
        qs = qs.filter(session_id=session)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(lead__person__name__icontains=q))
    return qs.order_by("-session__start_date", "sequence", "id")


def signers_prefetch() -> Prefetch:
    return Prefetch(
        "signers",
        queryset=MotionSigner.objects.select_related(
            "deputy", "deputy__person", "deputy__delegation"
        ).order_by("-is_lead", "id"),
    )


def motion_detail(pk: int) -> Motion | None:
    return _base().prefetch_related(signers_prefetch()).filter(pk=pk).first()


def motion_for_update(pk: int) -> Motion | None:
    """The motion with its signers, for permission checks before a write."""
    return (
        Motion.objects.select_related(
            "lead", "lead__person", "session", "session__term", "term", "committee", "rules"
        )
        .prefetch_related(signers_prefetch())
        .filter(pk=pk)
        .first()
    )


def motion_timeline(motion: Motion) -> list[AuditLog]:
    """The motion's history from the audit log, oldest first."""
    return list(
        AuditLog.objects.filter(object_type=motion._meta.label_lower, object_id=str(motion.pk)).order_by(
            "seq"
        )
    )


def motion_attachments(motion: Motion) -> list[Attachment]:
    ct = ContentType.objects.get_for_model(Motion)
    return list(Attachment.objects.filter(target_type=ct, target_id=str(motion.pk)).order_by("id"))


def signer_counts(motion: Motion) -> dict[str, int]:
    counts = {"confirmed": 0, "invited": 0, "declined": 0, "withdrawn": 0}
    for signer in motion.signers.all():
        counts[signer.state] += 1
    return counts


def mandate_for(user: Viewer, term: Term | None) -> Deputy | None:
    """The user's own mandate as a deputy in ``term`` (None if they hold none)."""
    person_id = getattr(user, "person_id", None) if user is not None and user.is_authenticated else None
    if not person_id or term is None:
        return None
    return Deputy.objects.select_related("person", "term").filter(person_id=person_id, term=term).first()


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first() or Term.objects.order_by("-number").first()


def sessions_open_for_motions(*, term: Term | None = None) -> list[Session]:
    """Sessions and meetings whose cut-off has not passed (or, without one, that have not ended)."""
    now = timezone.now()
    today = timezone.localdate()
    qs = Session.objects.select_related("term").filter(
        Q(motion_cutoff__gte=now) | Q(motion_cutoff__isnull=True, end_date__gte=today)
    )
    if term is not None:
        qs = qs.filter(term=term)
    return list(qs.order_by("start_date", "body", "number"))


def session_cutoff(session: Session) -> dt.datetime:
    """The moment after which motions to ``session`` are refused: the presidium's cut-off,
    or, when none is set, the end of the session's last day."""
    if session.motion_cutoff is not None:
        return session.motion_cutoff
    end = dt.datetime.combine(session.end_date, dt.time(23, 59, 59))
    return timezone.make_aware(end)


def signer_candidates(
    *, term: Term, body: str, q: str = "", exclude: list[int] | None = None, limit: int = 20
) -> list[Deputy]:
    """Deputies who may co-sign a motion of ``term`` to ``body``, matched by number or name."""
    qs = Deputy.objects.select_related("person", "delegation").filter(term=term, status=DeputyStatus.ACTIVE)
    if body == MotionBody.STANDING_COMMITTEE:
        qs = qs.filter(is_sc_member=True)
    if q:
        qs = qs.filter(Q(code__istartswith=q) | Q(person__name__icontains=q))
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return list(qs.order_by("code")[:limit])


def deputies_by_tokens(*, term: Term, tokens: list[str]) -> tuple[list[Deputy], list[str]]:
    """Resolve deputy numbers (or unique names) of ``term``; returns (found, unknown tokens)."""
    if not tokens:
        return [], []
    rows = list(
        Deputy.objects.select_related("person")
        .filter(term=term)
        .filter(Q(code__in=tokens) | Q(person__name__in=tokens))
    )
    by_code = {d.code: d for d in rows}
    by_name: dict[str, list[Deputy]] = {}
    for d in rows:
        by_name.setdefault(d.person.name, []).append(d)
    found: list[Deputy] = []
    unknown: list[str] = []
    for token in tokens:
        if token in by_code:
            found.append(by_code[token])
        elif len(by_name.get(token, [])) == 1:
            found.append(by_name[token][0])
        else:
            unknown.append(token)
    unique = list({d.pk: d for d in found}.values())
    return unique, unknown


def referral_organs() -> list[Organ]:
    """Where a motion may be referred: special committees and the council of chairpersons."""
    return list(
        Organ.objects.filter(
            type__in=[OrganType.SPECIAL_COMMITTEE, OrganType.CHAIRPERSONS_COUNCIL], is_active=True
        ).order_by("type", "sort_order", "id")
    )


def filter_options(term: Term | None) -> dict[str, Any]:
    return {
        "sessions": list(Session.objects.select_related("term").filter(term=term).order_by("-start_date"))
        if term
        else [],
        "delegations": list(Delegation.objects.filter(term=term)) if term else [],
    }


def users_of_deputies(deputies: list[Deputy]) -> list[User]:
    """The active accounts of these deputies (one query)."""
    person_ids = {d.person_id for d in deputies}
    if not person_ids:
        return []
    return list(User.objects.filter(person_id__in=person_ids, is_active=True))


def motions_awaiting_signature(user: Viewer) -> list[Motion]:
    """Drafts the user was invited to co-sign and has not answered."""
    person_id = getattr(user, "person_id", None) if user is not None and user.is_authenticated else None
    if not person_id:
        return []
    return list(
        _base()
        .filter(
            status=MotionStatus.DRAFT,
            signers__deputy__person_id=person_id,
            signers__is_lead=False,
            signers__confirmed_at__isnull=True,
            signers__declined_at__isnull=True,
        )
        .order_by("-id")
    )


def motion_summary(term: Term | None) -> dict[str, int]:
    """Counts by status for dashboards (drafts are their authors' alone: not counted)."""
    if term is None:
        return {}
    rows = (
        Motion.objects.filter(term=term)
        .exclude(status=MotionStatus.DRAFT)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {status: n for status, n in rows}
