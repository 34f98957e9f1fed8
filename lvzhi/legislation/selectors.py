"""Reads of legislation for pages and the API (scoped by role, no N+1), and the engine glue
that turns stored texts into trees and comparisons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lvzhi.core.models import (
    Attachment,
    AuditLog,
    Organ,
    OrganMembership,
    OrganType,
    Role,
    Session,
    SessionBody,
    Term,
    User,
)
from lvzhi.core.permissions import Viewer, organs_for_role

from . import permissions as perms
from .lawtext import DiffResult, Document, diff_documents, parse_text
from .lawtext.model import Article, Division
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    Bill,
    BillVersion,
    LegislativePlan,
    ProjectProposal,
    Reading,
    ReadingDocument,
    Regulation,
    RegulationVersion,
    UnifiedReview,
    Vote,
)
from .states import BillStatus, PlanKind, PlanStatus, ProposalStatus, VersionKind

#: Codes under which the legislative affairs commission (法制工作委员会) may be registered (a
#: working body of the standing committee; "fgw" is not among them: it is also the usual code of
#: the government's 发展和改革委员会).
LEGISLATIVE_OFFICE_CODES = ("fagong", "legislative_affairs")
LEGISLATIVE_OFFICE_NAME = "法制工作委员会"
#: The special committee doing the unified review (法制委员会); found by code or by name.
LAW_COMMITTEE_CODES = ("fzw", "law_committee")
LAW_COMMITTEE_NAME = "法制委员会"


# --- organs and people --------------------------------------------------------------------------


def legislative_office_organs() -> QuerySet[Organ]:
    """Working bodies registered as the 法制工作委员会 (by code or by name), active or not."""
    return Organ.objects.filter(type=OrganType.WORKING_BODY).filter(
        Q(code__in=LEGISLATIVE_OFFICE_CODES) | Q(name__contains=LEGISLATIVE_OFFICE_NAME)
    )


def legislative_office() -> Organ | None:
    """The 法制工作委员会: the working body that manages bills."""
    return legislative_office_organs().filter(is_active=True).order_by("sort_order", "id").first()


def law_committee() -> Organ | None:
    """The 法制委员会: the special committee that does the unified review."""
    return (
        Organ.objects.filter(type=OrganType.SPECIAL_COMMITTEE, is_active=True)
        .filter(
            Q(code__in=LAW_COMMITTEE_CODES)
            | (Q(name__contains=LAW_COMMITTEE_NAME) & ~Q(name__contains=LEGISLATIVE_OFFICE_NAME))
        )
        .order_by("sort_order", "id")
        .first()
    )


def office_users() -> list[User]:
    """Accounts that manage bills: staff of the legislative affairs commission, or — where
    none is registered — the administrators."""
    office = legislative_office()
    qs = User.objects.filter(is_active=True)
    if office is not None:
        users = list(qs.filter(roles__role=Role.STAFF, roles__organ=office).distinct())
        if users:
            return users
    return list(qs.filter(roles__role=Role.ADMIN).distinct())


def users_of_organ(organ: Organ | None) -> list[User]:
    """Accounts acting for ``organ`` (any role scoped to it)."""
    if organ is None:
        return []
    return list(User.objects.filter(is_active=True, roles__organ=organ).distinct())


def users_of_people(person_ids: list[int]) -> list[User]:
    if not person_ids:
        return []
    return list(User.objects.filter(is_active=True, person_id__in=person_ids))


#: The order in which members are listed: chair, vice chairs, secretary-general, members.
POSITION_RANK = {"chair": 0, "vice_chair": 1, "secretary_general": 2, "member": 3}


def sc_memberships(term_id: int, on: dt.date | None = None) -> list[OrganMembership]:
    """All members of the term's Standing Committee (全体组成人员) serving on ``on``."""
    qs = OrganMembership.objects.select_related("person").filter(
        term_id=term_id, organ__type=OrganType.STANDING_COMMITTEE
    )
    if on is not None:
        qs = qs.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )
    return sorted(qs, key=lambda m: (POSITION_RANK.get(m.position, 9), m.person.name, m.pk))


def sc_membership_of(user: Viewer, term_id: int, on: dt.date | None = None) -> OrganMembership | None:
    """The user's own Standing Committee membership in the term (None if they hold none)."""
    person_id = getattr(user, "person_id", None) if user is not None and user.is_authenticated else None
    if not person_id:
        return None
    return next((m for m in sc_memberships(term_id, on) if m.person_id == person_id), None)


def present_ids(session: Session) -> set[int]:
    """Membership ids recorded present at ``session``."""
    return set(
        Attendance.objects.filter(session=session, present=True).values_list("membership_id", flat=True)
    )


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first() or Term.objects.order_by("-number").first()


# --- bills --------------------------------------------------------------------------------------


@dataclass
class BillFilters:
    q: str = ""
    status: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params: Any) -> BillFilters:
        status = (params.get("status") or "").strip()
        kind = (params.get("kind") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:60],
            status=status if status in BillStatus.values else "",
            kind=kind if kind in ("enact", "amend", "repeal") else "",
        )


def _bill_base() -> QuerySet[Bill]:
    qs = Bill.objects.select_related(
        "term", "regulation", "proposer_organ", "drafting_unit", "rules", "project"
    ).annotate(version_count=Count("versions", distinct=True))
    if hasattr(Bill, "consultations"):  # the consultation app is installed: its dates are shown
        qs = qs.prefetch_related("consultations")
    return qs


def visible_bills(user: Viewer) -> QuerySet[Bill]:
    """Every bill ``user`` may see: the same rule as :func:`permissions.can_view_bill`, as a query."""
    qs = Bill.objects.all()
    if perms.can_view_all_bills(user):
        return qs
    cond = Q(pk__in=[])
    if perms.has_role(user, Role.DEPUTY):
        cond |= ~Q(status=BillStatus.DRAFTING)
    organs = organs_for_role(user, Role.UNIT_OFFICER) | organs_for_role(user, Role.STAFF)
    if organs:
        cond |= Q(drafting_unit_id__in=organs) | Q(proposer_organ_id__in=organs)
    return qs.filter(cond)


def bill_list(filters: BillFilters, user: Viewer) -> QuerySet[Bill]:
    qs = _bill_base().filter(pk__in=visible_bills(user).values("pk"))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(regulation__title__icontains=filters.q))
    return qs.order_by("-id")


def bill_detail(pk: int) -> Bill | None:
    """A bill with its versions, readings (with documents) and votes, in a fixed number of queries."""
    return (
        _bill_base()
        .prefetch_related(
            Prefetch("versions", queryset=BillVersion.objects.select_related("reading").order_by("number")),
            Prefetch(
                "readings",
                queryset=Reading.objects.select_related("session", "session__term").prefetch_related(
                    Prefetch("documents", queryset=ReadingDocument.objects.select_related("author"))
                ),
            ),
            Prefetch(
                "votes", queryset=Vote.objects.select_related("session", "session__term").order_by("id")
            ),
            "sponsors",
            *(["consultations__version"] if hasattr(Bill, "consultations") else []),
        )
        .filter(pk=pk)
        .first()
    )


def bill_consultations(bill: Bill) -> list[Any]:
    """The public consultations run on the platform for ``bill``, oldest first (the
    ``consultation`` app's rows, reached through their reverse relation so that this app does
    not import it). Their dates — opening, announced end, the day actually closed — are the
    source of truth; the bill's own ``consultation_start``/``consultation_end`` only stand for a
    window recorded without a consultation on the platform (docs/consultation.md)."""
    manager = getattr(bill, "consultations", None)
    if manager is None:
        return []
    return sorted(manager.all(), key=lambda c: (c.start, c.pk))  # .all(): the prefetched rows


def consultation_window(bill: Bill) -> tuple[dt.date | None, dt.date | None, int | None]:
    """(opens, last day, consultation id) of the bill's latest consultation, the last day being
    the day it was actually closed when closed early; the bill's recorded window otherwise."""
    consultations = bill_consultations(bill)
    if consultations:
        latest = consultations[-1]
        return latest.start, latest.last_day, latest.pk
    return bill.consultation_start, bill.consultation_end, None


def bill_review(bill: Bill) -> UnifiedReview | None:
    return (
        UnifiedReview.objects.select_related("version")
        .prefetch_related("unadopted__committee")
        .filter(bill=bill)
        .first()
    )


def bill_timeline(bill: Bill) -> list[AuditLog]:
    """The bill's history from the audit log, oldest first."""
    return list(
        AuditLog.objects.filter(object_type=bill._meta.label_lower, object_id=str(bill.pk)).order_by("seq")
    )


def attachments_of(obj: Any) -> list[Attachment]:
    ct = ContentType.objects.get_for_model(type(obj))
    return list(Attachment.objects.filter(target_type=ct, target_id=str(obj.pk)).order_by("id"))


def bill_version(bill: Bill, number: int) -> BillVersion | None:
    return BillVersion.objects.filter(bill=bill, number=number).first()


def latest_version(bill: Bill) -> BillVersion | None:
    return BillVersion.objects.filter(bill=bill).order_by("-number").first()


def bill_summary(term: Term | None = None) -> dict[str, int]:
    """Bills by status (for dashboards)."""
    qs = Bill.objects.all()
    if term is not None:
        qs = qs.filter(term=term)
    return {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id"))}


# --- plans and proposals ------------------------------------------------------------------------


def plan_list(*, status: str = "") -> list[LegislativePlan]:
    qs = LegislativePlan.objects.select_related("term")
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    return list(
        qs.annotate(
            project_count=Count("projects", filter=Q(projects__status=ProposalStatus.ACCEPTED))
        ).order_by("-year", "-start_year", "-id")
    )


def plan_detail(pk: int) -> LegislativePlan | None:
    return (
        LegislativePlan.objects.select_related("term")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=ProjectProposal.objects.select_related(
                    "drafting_unit", "planned_proposer", "regulation", "proposer_organ"
                )
                .prefetch_related(Prefetch("bills", queryset=Bill.objects.order_by("-id")))
                .filter(status=ProposalStatus.ACCEPTED)
                .order_by("category", "priority", "id"),
            )
        )
        .filter(pk=pk)
        .first()
    )


def plans_open_for_projects() -> list[LegislativePlan]:
    return list(LegislativePlan.objects.order_by("-year", "-start_year", "-id"))


def proposal_list(*, status: str = "", q: str = "") -> QuerySet[ProjectProposal]:
    qs = ProjectProposal.objects.select_related("plan", "proposer_organ", "regulation", "motion")
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(proposer_name__icontains=q))
    return qs.order_by("-id")


def proposal_detail(pk: int) -> ProjectProposal | None:
    return (
        ProjectProposal.objects.select_related(
            "plan", "proposer_organ", "regulation", "motion", "drafting_unit", "planned_proposer"
        )
        .prefetch_related("bills")
        .filter(pk=pk)
        .first()
    )


def organs_of_types(*types: str) -> list[Organ]:
    return list(Organ.objects.filter(type__in=types, is_active=True).order_by("type", "sort_order", "id"))


# --- meetings and votes -------------------------------------------------------------------------


def meetings(term: Term | None = None) -> list[Session]:
    qs = Session.objects.select_related("term").filter(body=SessionBody.STANDING_COMMITTEE)
    if term is not None:
        qs = qs.filter(term=term)
    return list(
        qs.annotate(item_count=Count("agenda_items", distinct=True)).order_by("-start_date", "-number")
    )


def meeting(pk: int) -> Session | None:
    return Session.objects.select_related("term").filter(pk=pk, body=SessionBody.STANDING_COMMITTEE).first()


def meeting_agenda(session: Session) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.select_related("bill", "reading")
        .filter(session=session)
        .order_by("position", "id")
    )


def meeting_votes(session: Session) -> list[Vote]:
    return list(Vote.objects.select_related("bill").filter(session=session).order_by("id"))


def meeting_attendance(session: Session) -> tuple[list[OrganMembership], set[int], bool]:
    """All members, the ids recorded present, and whether attendance was recorded at all."""
    members = sc_memberships(session.term_id, session.start_date)
    rows = dict(Attendance.objects.filter(session=session).values_list("membership_id", "present"))
    return members, {k for k, v in rows.items() if v}, bool(rows)


@dataclass
class MemberResult:
    membership: OrganMembership
    present: bool
    choice: str  # "yes" | "no" | "abstain" | "" (present, did not vote) | "absent"


def vote_detail(pk: int) -> Vote | None:
    return Vote.objects.select_related("bill", "session", "session__term", "version").filter(pk=pk).first()


def vote_results(vote: Vote) -> list[MemberResult]:
    """Per member: present or not, and how they voted (two queries plus the member list)."""
    members = sc_memberships(vote.session.term_id, vote.session.start_date)
    present = present_ids(vote.session)
    choices = dict(Ballot.objects.filter(vote=vote).values_list("membership_id", "choice"))
    return [
        MemberResult(m, m.pk in present, choices.get(m.pk, "" if m.pk in present else "absent"))
        for m in members
    ]


def vote_counts(vote: Vote) -> dict[str, int]:
    rows = Ballot.objects.filter(vote=vote).values("choice").annotate(n=Count("id"))
    counts = {"yes": 0, "no": 0, "abstain": 0}
    counts.update({r["choice"]: r["n"] for r in rows})
    return counts


def bills_for_agenda() -> list[Bill]:
    return list(
        Bill.objects.filter(status__in=[BillStatus.SUBMITTED, BillStatus.DELIBERATION]).order_by("title")
    )


# --- regulations (public) -----------------------------------------------------------------------


@dataclass
class RegulationRow:
    regulation: Regulation
    current: RegulationVersion | None
    status: str  # "in_force" | "not_yet" | "repealed"
    versions: list[RegulationVersion] = field(default_factory=list)


def regulation_state(
    regulation: Regulation, versions: list[RegulationVersion], today: dt.date
) -> tuple[RegulationVersion | None, str]:
    """The version in force on ``today`` and the regulation's status."""
    if regulation.repealed_on is not None and regulation.repealed_on <= today:
        texts = [v for v in versions if v.kind != VersionKind.REPEAL]
        return (texts[-1] if texts else None), "repealed"
    live = [v for v in versions if v.kind != VersionKind.REPEAL and v.commencement_on <= today]
    if live:
        return live[-1], "in_force"
    texts = [v for v in versions if v.kind != VersionKind.REPEAL]
    return (texts[-1] if texts else None), "not_yet"


def version_in_force(regulation: Regulation, today: dt.date | None = None) -> RegulationVersion | None:
    """The version of ``regulation`` in force on ``today`` (None if none, or repealed)."""
    today = today or timezone.localdate()
    versions = list(regulation.versions.order_by("number"))
    current, status = regulation_state(regulation, versions, today)
    return current if status == "in_force" else None


def _published_versions(today: dt.date) -> Prefetch:
    """The versions the portal shows: those promulgated on or before ``today`` (a regulation
    appears from its promulgation date; a commencement date may still be ahead)."""
    return Prefetch(
        "versions", queryset=RegulationVersion.objects.filter(promulgated_on__lte=today).order_by("number")
    )


def public_regulations(*, q: str = "", include_repealed: bool = True) -> list[RegulationRow]:
    """Regulations with at least one version promulgated by today, each with its published history
    (two queries)."""
    today = timezone.localdate()
    qs = (
        Regulation.objects.filter(versions__promulgated_on__lte=today)
        .distinct()
        .prefetch_related(_published_versions(today))
    )
    if q:
        qs = qs.filter(title__icontains=q)
    out: list[RegulationRow] = []
    for regulation in qs.order_by("title", "id"):
        versions = list(regulation.versions.all())
        current, status = regulation_state(regulation, versions, today)
        if status == "repealed" and not include_repealed:
            continue
        out.append(RegulationRow(regulation, current, status, versions))
    return out


def public_regulation(pk: int) -> RegulationRow | None:
    today = timezone.localdate()
    regulation = (
        Regulation.objects.filter(pk=pk, versions__promulgated_on__lte=today)
        .distinct()
        .prefetch_related(_published_versions(today))
        .first()
    )
    if regulation is None:
        return None
    versions = list(regulation.versions.all())
    current, status = regulation_state(regulation, versions, today)
    return RegulationRow(regulation, current, status, versions)


# --- the engine: trees and comparisons ---------------------------------------------------------


def parse(text: str) -> Document:
    return parse_text(text)


@dataclass
class Node:
    """One line of a rendered regulation: a division heading or an article."""

    kind: str  # "division" | "article"
    depth: int
    label: str
    title: str = ""
    anchor: str = ""
    paragraphs: list[dict[str, Any]] = field(default_factory=list)


def text_tree(doc: Document) -> tuple[list[Node], list[Node]]:
    """The document as a flat list of headings and articles (for templates) and its chapter
    index (divisions only, for the table of contents)."""
    nodes: list[Node] = []

    def article(a: Article, depth: int) -> Node:
        paragraphs = [
            {
                "text": p.text,
                "items": [
                    {
                        "label": i.label,
                        "text": i.text,
                        "subitems": [{"label": s.label, "text": s.text} for s in i.subitems],
                    }
                    for i in p.items
                ],
            }
            for p in a.paragraphs
        ]
        return Node("article", depth, a.label, a.heading or "", a.anchor, paragraphs)

    def walk(children: list[Division | Article], depth: int) -> None:
        for child in children:
            if isinstance(child, Article):
                nodes.append(article(child, depth))
            else:
                nodes.append(Node("division", depth, child.label, child.full_title, f"div-{len(nodes)}"))
                walk(child.children, depth + 1)

    walk(doc.body, 0)
    return nodes, [n for n in nodes if n.kind == "division"]


def compare_texts(old: str, new: str) -> DiffResult:
    """The article-by-article comparison of two stored texts (the 对照表's data)."""
    return diff_documents(parse_text(old), parse_text(new))


def regulation_version_label(version: RegulationVersion) -> str:
    """How a 对照表 names a regulation's version: "2019年版（修改，2019-05-01公布）"."""
    from django.utils.translation import gettext

    return gettext("%(year)s version (%(kind)s, promulgated %(date)s)") % {
        "year": version.promulgated_on.year,
        "kind": version.get_kind_display(),
        "date": version.promulgated_on.isoformat(),
    }


def bill_texts(bill: Bill, a: str | None, b: str | None) -> tuple[str, str, str, str] | None:
    """(old text, new text, old label, new label) of a bill's 对照表, or ``None`` when a side
    does not exist. ``a``/``b`` are version numbers, or ``base`` for the regulation's version
    in force when an amendment was submitted. By default: the version in force (else the
    text before the newest) against the newest text. The labels name the versions in the
    table's header ("2019年版（…）", "草案修改稿（第一次）")."""
    versions = {v.number: v for v in bill.versions.all()}
    if not versions:
        return None

    def pick(raw: str | None, default: int) -> tuple[str, str] | None:
        if raw == "base":
            if bill.base_version is None:
                return None
            return bill.base_version.text, regulation_version_label(bill.base_version)
        number = int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 6 else default
        version = versions.get(number)
        return (version.text, version.label) if version is not None else None

    newest = max(versions)
    default_a = "base" if bill.base_version is not None and a is None else None
    old = pick(a or default_a, max(newest - 1, 1))
    new = pick(b, newest)
    if old is None or new is None:
        return None
    return old[0], new[0], old[1], new[1]


def regulation_pair(
    row: RegulationRow, old: int | None, new: int | None
) -> tuple[RegulationVersion, RegulationVersion] | None:
    """Two texts of a regulation (not the repeal): by default the last two."""
    texts = {v.number: v for v in row.versions if v.kind != VersionKind.REPEAL}
    if len(texts) < 2:
        return None
    numbers = sorted(texts)
    a = texts.get(old or numbers[-2])
    b = texts.get(new or numbers[-1])
    return (a, b) if a is not None and b is not None else None


def published_draft(consultation_id: int) -> BillVersion | None:
    """The text a public consultation published, once the consultation is public (from its
    first day, as ``consultation.permissions.can_view_public_consultation`` says)."""
    from lvzhi.consultation.models import Consultation
    from lvzhi.consultation.permissions import can_view_public_consultation

    consultation = Consultation.objects.select_related("version").filter(pk=consultation_id).first()
    if consultation is None or not can_view_public_consultation(consultation):
        return None
    return consultation.version


def public_plan_years() -> list[int]:
    """The years with an adopted annual legislative programme, newest first (public)."""
    years = (
        LegislativePlan.objects.filter(kind=PlanKind.ANNUAL, status=PlanStatus.ADOPTED, year__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    return [y for y in years if y is not None]


def public_plan(year: int | None) -> LegislativePlan | None:
    """The adopted annual programme of ``year`` (by default this year's, else the latest
    adopted one) with its projects (accepted proposals) in order; a draft plan is never
    public."""
    years = public_plan_years()
    if not years:
        return None
    if year is None:
        this_year = timezone.localdate().year
        year = this_year if this_year in years else next((y for y in years if y <= this_year), years[0])
    return (
        LegislativePlan.objects.filter(kind=PlanKind.ANNUAL, status=PlanStatus.ADOPTED, year=year)
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=ProjectProposal.objects.select_related(
                    "drafting_unit", "planned_proposer", "regulation"
                )
                .filter(status=ProposalStatus.ACCEPTED)
                .order_by("category", "priority", "id"),
            )
        )
        .first()
    )
