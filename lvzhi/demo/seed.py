"""Write the demo city 江澜市 into the database: ``manage.py seed --scale demo|city``.

The roster is planned in memory by :mod:`lvzhi.demo.plan` (deterministic for a seed) and
written here with ``bulk_create`` in one transaction. Seeding is the one writer that does not
go through the per-object services — creating 3,000 deputies one service call at a time would
take minutes — but it keeps their contract: every created object group (organ, term, session,
deputy with its person, account with its roles, membership, to-do …) gets its own audit row,
appended in one pass by :func:`lvzhi.core.audit.audit_record_many`, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Model, ProtectedError, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lvzhi.core.actors import SYSTEM
from lvzhi.core.audit import AuditEntry, audit_record_many, snapshot
from lvzhi.core.models import (
    AuditLog,
    Notification,
    Organ,
    OrganMembership,
    Person,
    Role,
    RoleAssignment,
    Session,
    Term,
    Todo,
    User,
)
from lvzhi.deputies.models import Delegation, Deputy, DeputyGroup, ElectoralUnit, LiaisonStation
from lvzhi.textkit.numerals import int_to_cn

from . import places as P
from .plan import SCALES, CityPlan, plan_city, plan_sessions

DEMO_PASSWORD = "lvzhi2026"
SEEDED_TERMS = (15, 16)
#: accounts with fixed names; every other seeded account is a deputy's (d0001 …) or a unit's (unit_…)
NAMED_USERNAMES = ("admin", "leader", "deputy", "unit", "public")

ORGAN_FIELDS = ["code", "name", "short_name", "type", "parent", "sort_order", "is_active", "description"]
PERSON_AUDIT_FIELDS = ["name", "id_number"]
DEPUTY_AUDIT_FIELDS = [
    "code",
    "electoral_unit",
    "delegation",
    "group",
    "station",
    "sector",
    "status",
    "status_reason",
    "status_date",
    "elected_on",
    "is_sc_member",
]
BATCH = 1000
_POSITION_LABELS = {
    "chair": "主任",
    "vice_chair": "副主任",
    "secretary_general": "秘书长",
    "member": "委员",
    "director": "主任",
    "deputy_director": "副主任",
    "staff": "工作人员",
}


class SeedError(Exception):
    """The city cannot be seeded (already there, or the reset is blocked); the message says why."""


class _Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True)
class DemoLogin:
    """One demo login. Also readable as a mapping: ``row["username"]``, ``row.get("note")``."""

    role: str  # label, e.g. "常委会主任 leader"
    username: str
    password: str
    look_at: str  # what to look at after logging in
    role_code: str  # the Role value this login demonstrates

    def __getitem__(self, key: str) -> str:
        if key == "note":
            return self.look_at
        if key in ("role", "username", "password", "look_at", "role_code"):
            return str(getattr(self, key))
        raise KeyError(key)

    def get(self, key: str, default: str | None = None) -> str | None:
        try:
            return self[key]
        except KeyError:
            return default


@dataclass
class SeedSummary:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def counts_table(self) -> str:
        width = max(len(k) for k in self.counts)
        return "\n".join(f"  {k.ljust(width)}  {v:>6}" for k, v in self.counts.items())

    def logins_table(self) -> str:
        rows = [("角色 Role", "用户名 Username", "密码 Password", "看什么 What to look at")]
        rows += [(x.role, x.username, x.password, x.look_at) for x in self.logins]
        widths = [max(_display_width(r[i]) for r in rows) for i in range(3)]

        def line(r: tuple[str, str, str, str]) -> str:
            cells = [r[i] + " " * (widths[i] - _display_width(r[i])) for i in range(3)]
            return "  " + "  ".join(cells) + "  " + r[3]

        rule = "  " + "  ".join("-" * w for w in widths) + "  " + "-" * 24
        footer = (
            [
                f"  Every deputy logs in as d + deputy number ({self.deputy_range}); every handling unit as "
                "unit_<organ code> (unit_zf: the government). Same password.",
            ]
            if self.deputy_range
            else []
        )
        return "\n".join([line(rows[0]), rule, *(line(r) for r in rows[1:]), *footer])

    @property
    def deputy_range(self) -> str:
        codes = self.counts.get("deputies", 0)
        return f"d0001–d{codes:04d}" if codes else ""


def _display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


# --- entry point --------------------------------------------------------------------------------


def seed_city(
    *,
    scale: str,
    seed: int = 1,
    stdout: _Writer | None = None,
    reset: bool = False,
    today: dt.date | None = None,
) -> SeedSummary:
    """Create the fictional city 江澜市 at ``scale`` ("demo" ≈ 600 deputies, "city" 3,000).

    Refuses (``SeedError``) when the database already holds the city, unless ``reset`` is
    given: then the seeded data is deleted first (the audit log stays; it is append-only).
    """
    if scale not in SCALES:
        raise SeedError(f"Unknown scale {scale!r}; choose one of: {', '.join(SCALES)}.")
    started = time.perf_counter()
    today = today or timezone.localdate()

    def say(msg: str) -> None:
        if stdout is not None:
            stdout.write(msg + "\n")

    plan = plan_city(scale=scale, seed=seed)
    summary = SeedSummary(scale=scale, seed=seed)
    with transaction.atomic():
        _check_or_reset(plan, reset=reset, say=say, summary=summary)
        writer = _CityWriter(plan, today=today, say=say, summary=summary)
        writer.run()
        from .suggestions import seed_suggestions

        summary.counts.update(seed_suggestions(scale=scale, seed=seed, today=today, say=say))
        from .motions import seed_motions

        audited = AuditLog.objects.count()
        summary.counts.update(seed_motions(today=today, say=say))
        summary.counts["audit_entries"] = summary.counts.get("audit_entries", 0) + (
            AuditLog.objects.count() - audited
        )
        from .consultation import seed_consultations

        consulted = seed_consultations(today=today, seed=seed, say=say)
        summary.counts["audit_entries"] = summary.counts.get("audit_entries", 0) + consulted.pop(
            "audit_entries", 0
        )
        summary.counts.update(consulted)
        from .legislation import seed_legislation

        audited = AuditLog.objects.count()
        summary.counts.update(seed_legislation(today=today, say=say))
        summary.counts["audit_entries"] = summary.counts.get("audit_entries", 0) + (
            AuditLog.objects.count() - audited
        )
        from .supervision import seed_supervision

        audited = AuditLog.objects.count()
        summary.counts.update(seed_supervision(today=today, say=say))
        summary.counts["audit_entries"] = summary.counts.get("audit_entries", 0) + (
            AuditLog.objects.count() - audited
        )
    from lvzhi.suggestions.intelligence import recommender_train

    summary.counts["recommender_examples"] = recommender_train()
    summary.seconds = time.perf_counter() - started
    say(f"Seeded 江澜市 ({scale}, seed {seed}) in {summary.seconds:.1f} s.")
    return summary


# --- existing data and --reset ------------------------------------------------------------------


def _seeded_users(plan: CityPlan) -> Q:
    """Accounts the seed creates or would create, and those of people it created."""
    planned = {*NAMED_USERNAMES, *(d.username for d in plan.deputies), *(o.username for o in plan.officers)}
    return Q(username__in=planned) | Q(person__mandates__term__number__in=SEEDED_TERMS)


def _check_or_reset(plan: CityPlan, *, reset: bool, say: Any, summary: SeedSummary) -> None:
    codes = P.organ_codes()
    terms = Term.objects.filter(number__in=SEEDED_TERMS)
    found = {
        "organs": Organ.objects.filter(code__in=codes).count(),
        "terms": terms.count(),
        "accounts": User.objects.filter(_seeded_users(plan)).distinct().count(),
    }
    if not any(found.values()):
        other_current = Term.objects.filter(is_current=True).first()
        if other_current is not None:
            raise SeedError(
                f"The database already has a current term (number {other_current.number}) that is not the demo "
                "city's; seed into an empty database (for example a fresh SQLite file) instead."
            )
        return
    description = ", ".join(f"{n} {k}" for k, n in found.items() if n)
    if not reset:
        raise SeedError(
            f"The database already holds the demo city 江澜市 or data in its way ({description}). "
            "Run `manage.py seed --reset` to delete it and seed again (the audit log is kept), "
            "or seed into an empty database."
        )
    say(f"Resetting: deleting the seeded city ({description}) …")
    deleted = _delete_city(plan)
    summary.notes.append("reset: " + ", ".join(f"{n} {k}" for k, n in deleted.items()))
    audit_record_many(
        actor=None,
        entries=[
            AuditEntry(
                action="seed.reset",
                object_type="demo.city",
                object_id=P.CITY_PINYIN,
                object_repr=P.CITY,
                changes={"deleted": deleted},
            )
        ],
    )


def _delete_city(plan: CityPlan) -> dict[str, int]:
    codes = P.organ_codes()
    terms = list(Term.objects.filter(number__in=SEEDED_TERMS))
    organs = Organ.objects.filter(code__in=codes)
    person_ids = set(Deputy.objects.filter(term__in=terms).values_list("person_id", flat=True))
    person_ids |= set(
        OrganMembership.objects.filter(Q(term__in=terms) | Q(organ__in=organs)).values_list(
            "person_id", flat=True
        )
    )
    counts: Counter[str] = Counter()

    def gone(_what: str, result: tuple[int, dict[str, int]]) -> None:
        counts.update({label: n for label, n in result[1].items() if n})

    try:
        user_ids = list(User.objects.filter(_seeded_users(plan)).values_list("pk", flat=True).distinct())
        gone("accounts and their roles, to-dos, notifications", User.objects.filter(pk__in=user_ids).delete())
        gone("to-dos", Todo.objects.filter(assignee_organ__in=organs).delete())
        from lvzhi.motions.models import Motion
        from lvzhi.suggestions.models import RecommenderModel, Suggestion

        from .legislation import delete_legislation

        counts.update(delete_legislation(terms))
        gone("motions", Motion.objects.filter(term__in=terms).delete())
        Suggestion.objects.filter(term__in=terms).exclude(merged_into__isnull=True).update(merged_into=None)
        gone("suggestions", Suggestion.objects.filter(term__in=terms).delete())
        from .consultation import delete_consultations
        from .supervision import delete_supervision

        counts.update(delete_consultations(terms))
        counts.update(delete_supervision(terms))
        gone("recommender", RecommenderModel.objects.all().delete())
        gone("memberships", OrganMembership.objects.filter(Q(term__in=terms) | Q(organ__in=organs)).delete())
        gone("deputies", Deputy.objects.filter(term__in=terms).delete())
        gone("groups", DeputyGroup.objects.filter(delegation__term__in=terms).delete())
        gone("delegations", Delegation.objects.filter(term__in=terms).delete())
        gone("electoral units", ElectoralUnit.objects.filter(term__in=terms).delete())
        gone("stations", LiaisonStation.objects.filter(district__in=organs).delete())
        gone("sessions", Session.objects.filter(term__in=terms).delete())
        gone("terms", Term.objects.filter(pk__in=[t.pk for t in terms]).delete())
        gone(
            "people",
            Person.objects.filter(
                pk__in=person_ids, mandates__isnull=True, memberships__isnull=True
            ).delete(),
        )
        # organs: children before parents (parent is PROTECT)
        remaining = set(organs.values_list("pk", flat=True))
        while remaining:
            leaves = remaining - set(
                Organ.objects.filter(parent_id__in=remaining).values_list("parent_id", flat=True)
            )
            if not leaves:  # pragma: no cover - a cycle cannot be stored
                break
            gone("organs", Organ.objects.filter(pk__in=leaves).delete())
            remaining -= leaves
    except ProtectedError as exc:
        blockers = sorted({f"{o._meta.verbose_name} #{o.pk}" for o in list(exc.protected_objects)[:5]})
        raise SeedError(
            "The seeded city cannot be deleted because other records refer to it "
            f"({', '.join(blockers)} …). Seed into an empty database instead."
        ) from exc
    return dict(counts)


# --- writing the city ---------------------------------------------------------------------------


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def _due(today: dt.date, working_days: int) -> dt.date:
    try:
        from lvzhi.core.calendar import add_working_days

        return add_working_days(today, working_days)
    except Exception:  # the calendar is optional for seeding: fall back to weeks of five days
        return today + dt.timedelta(days=working_days // 5 * 7 + working_days % 5)


class _CityWriter:
    def __init__(self, plan: CityPlan, *, today: dt.date, say: Any, summary: SeedSummary) -> None:
        self.plan = plan
        self.today = today
        self.say = say
        self.summary = summary
        self.audit: list[AuditEntry] = []
        self.counts: dict[str, int] = {}
        self.organs: dict[str, Organ] = {}
        self.terms: dict[int, Term] = {}
        self.deputies: list[Deputy] = []
        self.users: dict[str, User] = {}
        self.sessions: list[Session] = []
        self.memberships: list[OrganMembership] = []

    # helpers
    def _log(self, action: str, obj: Model, changes: dict[str, Any], repr_: str) -> None:
        self.audit.append(
            AuditEntry(
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=repr_[:200],
                changes={**changes, "via": "seed"},
            )
        )

    def _bulk(self, model: type[Model], objs: list[Any]) -> list[Any]:
        return model._default_manager.bulk_create(objs, batch_size=BATCH)

    def run(self) -> None:
        plan = self.plan
        self.audit.append(
            AuditEntry(
                action="seed.start",
                object_type="demo.city",
                object_id=P.CITY_PINYIN,
                object_repr=P.CITY,
                changes={"scale": plan.scale, "seed": plan.seed},
            )
        )
        self._rules()
        self._terms_and_sessions()
        self._organs()
        self._roster()
        self._memberships()
        self._accounts()
        self._todos_and_notifications()
        counts = self._final_counts()
        self.summary.logins = demo_logins()
        self.audit.append(
            AuditEntry(
                action="seed.complete",
                object_type="demo.city",
                object_id=P.CITY_PINYIN,
                object_repr=P.CITY,
                changes={"counts": counts},
            )
        )
        written = audit_record_many(actor=None, entries=self.audit)
        counts["audit_entries"] = written
        self.summary.counts = counts
        self.say(f"  audit log: {written} entries appended")

    # rules profiles
    def _rules(self) -> None:
        from lvzhi.core.services import rules_profiles_install_builtin

        versions = rules_profiles_install_builtin(acting_user=SYSTEM)
        self.counts["rules_profile_versions"] = len(versions)
        self.say(f"  rules profiles: {len(versions)} new version(s)")

    # terms and sessions
    def _terms_and_sessions(self) -> None:
        from .plan import TERMS

        terms = self._bulk(
            Term,
            [
                Term(number=t.number, start_date=t.start_date, end_date=t.end_date, is_current=t.is_current)
                for t in TERMS
            ],
        )
        for t in terms:
            self.terms[t.number] = t
            self._log(
                "term.create",
                t,
                snapshot(t, ["number", "start_date", "end_date", "is_current"]),
                f"第{int_to_cn(t.number)}届",
            )
        plans = plan_sessions(self.today)
        sessions = self._bulk(
            Session,
            [
                Session(
                    term=self.terms[s.term],
                    body=s.body,
                    number=s.number,
                    start_date=s.start_date,
                    end_date=s.end_date,
                    venue=s.venue,
                )
                for s in plans
            ],
        )
        for s in sessions:
            body = "人民代表大会" if s.body == "congress" else "常委会"
            self._log(
                "session.create",
                s,
                snapshot(s, ["term", "body", "number", "start_date", "end_date"]),
                f"第{int_to_cn(s.term.number)}届{body}第{int_to_cn(s.number)}次会议",
            )
        self.sessions = sessions
        self.say(f"  terms: {len(terms)}, sessions: {len(sessions)}")

    # organs
    def _organs(self) -> None:
        specs = P.organ_specs()
        pending = list(enumerate(specs))
        while pending:  # level by level so that each parent has its key before its children
            level = [(i, s) for i, s in pending if s.parent is None or s.parent in self.organs]
            objs = [
                Organ(
                    code=s.code,
                    name=s.name,
                    short_name=s.short_name,
                    type=s.type,
                    parent=self.organs.get(s.parent) if s.parent else None,
                    sort_order=(i + 1) * 10,
                    description=s.description,
                    duty=s.duty,
                )
                for i, s in level
            ]
            for organ in self._bulk(Organ, objs):
                self.organs[organ.code] = organ
                self._log("organ.create", organ, snapshot(organ, ORGAN_FIELDS), organ.name)
            pending = [(i, s) for i, s in pending if s.code not in self.organs]
        self.say(f"  organs: {len(self.organs)}")

    # delegations, groups, stations, people, deputies
    def _roster(self) -> None:
        plan, term = self.plan, self.terms[16]
        units = self._bulk(
            ElectoralUnit,
            [
                ElectoralUnit(
                    term=term, name=x.unit_name, organ=self.organs.get(x.district) if x.district else None
                )
                for x in plan.delegations
            ],
        )
        delegations = self._bulk(
            Delegation,
            [
                Delegation(term=term, name=x.name, sort_order=(i + 1) * 10)
                for i, x in enumerate(plan.delegations)
            ],
        )
        group_objs = [
            DeputyGroup(delegation=delegations[i], name=g)
            for i, x in enumerate(plan.delegations)
            for g in x.groups
        ]
        groups_flat = self._bulk(DeputyGroup, group_objs)
        groups: list[list[DeputyGroup]] = []
        k = 0
        for deleg in plan.delegations:
            groups.append(groups_flat[k : k + len(deleg.groups)])
            k += len(deleg.groups)
        stations = self._bulk(
            LiaisonStation,
            [
                LiaisonStation(
                    name=s.name,
                    kind=s.kind,
                    district=self.organs[s.district],
                    address=s.address,
                    phone=s.phone,
                    opening_hours=s.opening_hours,
                )
                for s in plan.stations
            ],
        )
        for u in units:
            self._log("electoral_unit.create", u, snapshot(u, ["term", "name", "organ"]), u.name)
        for dl in delegations:
            self._log("delegation.create", dl, snapshot(dl, ["term", "name", "sort_order"]), dl.name)
        for g in groups_flat:
            self._log("deputy_group.create", g, snapshot(g, ["delegation", "name"]), g.name)
        for s in stations:
            self._log(
                "liaison_station.create",
                s,
                snapshot(s, ["name", "kind", "district", "address", "phone", "opening_hours"]),
                s.name,
            )

        people = []
        for d in plan.deputies:
            p = d.person
            assert p is not None
            people.append(
                Person(
                    name=p.name,
                    gender=p.gender,
                    birth_date=p.birth_date,
                    ethnicity=p.ethnicity,
                    party=p.party,
                    education=p.education,
                    id_number=p.id_number,
                    phone=p.phone,
                    email=p.email,
                    address=p.address,
                    workplace=p.workplace,
                )
            )
        people = self._bulk(Person, people)
        deputies = []
        for d, person in zip(plan.deputies, people, strict=True):
            deputies.append(
                Deputy(
                    person=person,
                    term=term,
                    code=d.code,
                    electoral_unit=units[d.delegation],
                    delegation=delegations[d.delegation],
                    group=groups[d.delegation][d.group] if d.group is not None else None,
                    station=stations[d.station] if d.station is not None else None,
                    sector=d.sector,
                    status=d.status,
                    status_reason=d.status_reason,
                    status_date=d.status_date,
                    elected_on=d.elected_on,
                    is_sc_member=d.sc_position is not None,
                )
            )
        self.deputies = self._bulk(Deputy, deputies)
        for dep in self.deputies:
            changes = {
                **snapshot(dep, DEPUTY_AUDIT_FIELDS),
                "person": snapshot(dep.person, PERSON_AUDIT_FIELDS),
            }
            self._log("deputy.create", dep, changes, f"{dep.person.name}（{dep.code}）")
        self.counts.update(
            electoral_units=len(units),
            delegations=len(delegations),
            groups=len(groups_flat),
            stations=len(stations),
            persons=len(people),
            deputies=len(self.deputies),
        )
        self.say(
            f"  roster: {len(self.deputies)} deputies, {len(delegations)} delegations, "
            f"{len(groups_flat)} groups, {len(stations)} stations"
        )

    # standing committee, council, special committees, working-body heads
    def _memberships(self) -> None:
        term = self.terms[16]
        sc_start = next(
            s.start_date for s in self.sessions if s.term_id == term.pk and s.body == "standing_committee"
        )
        rows: list[OrganMembership] = []
        for d, dep in zip(self.plan.deputies, self.deputies, strict=True):
            person = dep.person
            if d.sc_position:
                rows.append(
                    OrganMembership(
                        person=person,
                        organ=self.organs[P.STANDING_COMMITTEE],
                        term=term,
                        position=d.sc_position,
                        start_date=term.start_date,
                    )
                )
                if d.sc_position != "member":
                    rows.append(
                        OrganMembership(
                            person=person,
                            organ=self.organs[P.CHAIRPERSONS_COUNCIL],
                            term=term,
                            position=d.sc_position,
                            start_date=term.start_date,
                        )
                    )
                if d.sc_position == "secretary_general":
                    rows.append(
                        OrganMembership(
                            person=person,
                            organ=self.organs["bangongting"],
                            term=term,
                            position="director",
                            start_date=sc_start,
                        )
                    )
            if d.sc_post and d.sc_post[0] == "working_body":
                rows.append(
                    OrganMembership(
                        person=person,
                        organ=self.organs[d.sc_post[1]],
                        term=term,
                        position="director",
                        start_date=sc_start,
                    )
                )
            if d.committee:
                rows.append(
                    OrganMembership(
                        person=person,
                        organ=self.organs[d.committee],
                        term=term,
                        position=d.committee_position or "member",
                        start_date=term.start_date,
                    )
                )
        rows = self._bulk(OrganMembership, rows)
        for m in rows:
            self._log(
                "membership.create",
                m,
                snapshot(m, ["person", "organ", "term", "position", "start_date"]),
                f"{m.person.name} · {m.organ.short_name or m.organ.name} · {_POSITION_LABELS[m.position]}",
            )
        self.memberships = rows
        self.counts["memberships"] = len(rows)
        self.say(f"  memberships: {len(rows)}")

    # accounts
    def _accounts(self) -> None:
        plan = self.plan
        password = make_password(DEMO_PASSWORD)  # one hash for every demo account
        users: list[User] = []
        roles: list[tuple[int, str, Organ | None]] = []  # (index into users, role, organ)

        def add(user: User, *user_roles: tuple[str, Organ | None]) -> None:
            user.password = password
            users.append(user)
            roles.extend((len(users) - 1, r, o) for r, o in user_roles)

        sc, bgt = self.organs[P.STANDING_COMMITTEE], self.organs["bangongting"]
        add(
            User(
                username="admin",
                display_name="系统管理员",
                organ=bgt,
                is_staff=True,
                is_superuser=True,
                email=f"admin@{P.MAIL_DOMAIN}",
            ),
            (Role.ADMIN, None),
        )
        for o in plan.officers:
            organ = self.organs[o.organ]
            add(
                User(username=o.username, display_name=o.name, organ=organ, email=o.email, phone=o.phone),
                (Role.STAFF if o.role == "staff" else Role.UNIT_OFFICER, organ),
            )
        add(
            User(username="public", display_name="公众演示用户", email=f"public@{P.MAIL_DOMAIN}"),
            (Role.PUBLIC, None),
        )
        for i, (d, dep) in enumerate(zip(plan.deputies, self.deputies, strict=True)):
            p = dep.person
            username = (
                "leader" if d.sc_position == "chair" else "deputy" if i == plan.typical_deputy else d.username
            )
            user_roles: list[tuple[str, Organ | None]] = []
            if d.sc_position in ("chair", "vice_chair"):
                user_roles.append((Role.LEADER, None))
            if d.sc_position:
                user_roles.append((Role.SC_MEMBER, None))
            user_roles.append((Role.DEPUTY, None))
            add(
                User(
                    username=username,
                    display_name=p.name,
                    person=p,
                    organ=sc if d.sc_position else None,
                    email=p.email,
                    phone=p.phone,
                    is_active=d.status != "terminated",
                ),
                *user_roles,
            )
        users = self._bulk(User, users)
        assignments = self._bulk(
            RoleAssignment, [RoleAssignment(user=users[i], role=r, organ=o) for i, r, o in roles]
        )
        by_user: dict[int, list[list[Any]]] = {}
        for a in assignments:
            by_user.setdefault(a.user_id, []).append([a.role, a.organ_id])
        for u in users:
            self._log(
                "user.create",
                u,
                {
                    "roles": by_user.get(u.pk, []),
                    "organ": u.organ_id,
                    "person": u.person_id,
                    "is_active": u.is_active,
                },
                u.username,
            )
        self.users = {u.username: u for u in users}
        self.counts.update(accounts=len(users), role_assignments=len(assignments))
        self.say(f"  accounts: {len(users)} (one shared demo password), roles: {len(assignments)}")

    # to-dos and notifications
    def _todos_and_notifications(self) -> None:
        plan, today, users = self.plan, self.today, self.users
        term = self.terms[16]
        deputies = list(zip(plan.deputies, self.deputies, strict=True))
        suspended = [dep for d, dep in deputies if d.status == "suspended"]
        terminated = [dep for d, dep in deputies if d.status == "terminated"]
        recent_changes = [
            dep for dep in suspended + terminated if dep.status_date and (today - dep.status_date).days <= 120
        ]
        ungrouped = [dep for d, dep in deputies if d.status == "active" and d.group is None]
        active = [dep for d, dep in deputies if d.status == "active"]
        sc_meetings = [s for s in self.sessions if s.term_id == term.pk and s.body == "standing_committee"]
        last_meeting = sc_meetings[-1] if sc_meetings else None
        roster_url = _url("deputies:list")
        account_of = {u.person_id: u for u in users.values() if u.person_id}
        todos: list[Todo] = []
        due: dict[int, dt.date] = {}

        def todo(
            title: str,
            *,
            user: User | None = None,
            organ: Organ | None = None,
            days: int = 10,
            detail: str = "",
            url: str = "",
            kind: str = "demo",
        ) -> None:
            if days not in due:  # a handful of distinct offsets: ask the calendar once for each
                due[days] = _due(today, days)
            todos.append(
                Todo(
                    title=title[:200],
                    detail=detail,
                    url=url,
                    assignee=user,
                    assignee_organ=organ,
                    due_date=due[days],
                    kind=kind,
                )
            )

        daigong = self.organs["daigong"]
        to_confirm = suspended + [dep for dep in recent_changes if dep.status == "terminated"]
        todo(
            f"核对第十六届代表名册变动（{len(to_confirm)} 名代表状态待确认）",
            user=users["staff"],
            organ=daigong,
            days=5,
            kind="roster_review",
            url=roster_url,
            detail="暂停执行代表职务或近期代表资格终止的代表："
            + "；".join(
                f"{dep.person.name}（{dep.code}，{_cn_date(dep.status_date)}，{dep.status_reason}）"
                for dep in to_confirm
            ),
        )
        if ungrouped:
            todo(
                f"为新补选的代表分配代表小组和联络站（{len(ungrouped)} 名）",
                user=users["staff"],
                organ=daigong,
                days=10,
                kind="roster_assign",
                url=roster_url,
                detail="、".join(
                    f"{dep.person.name}（{dep.code}，{dep.delegation.name}）" for dep in ungrouped
                ),
            )
        todo(
            "更新代表联络站开放时间和值班安排（2027年第一季度）",
            user=users["staff"],
            organ=daigong,
            days=20,
            kind="stations",
            detail=f"共 {self.counts['stations']} 个代表联络站、代表之家和基层立法联系点。",
        )
        if last_meeting is not None:
            todo(
                f"整理第十六届常委会第{int_to_cn(last_meeting.number)}次会议材料并归档",
                user=users["staff_bangongting"],
                organ=self.organs["bangongting"],
                days=8,
                kind="archive",
                detail=f"会议于{_cn_date(last_meeting.start_date)}至{_cn_date(last_meeting.end_date, year=False)}召开。",
            )
        todo(
            "核对本地规则配置中的立法期限（法规草案公开征求意见期限等）",
            user=users["staff_fagong"],
            organ=self.organs["fagong"],
            days=15,
            kind="rules",
            url=_url("rules_profiles"),
        )
        todo(
            f"核对预算联网监督的部门清单（{len(P.DEPARTMENTS)} 个政府部门）",
            user=users["staff_yusuan"],
            organ=self.organs["yusuan"],
            days=15,
            kind="organs",
            url=_url("organs"),
        )
        if terminated:
            todo(
                f"办理代表资格终止后的名册注销手续（{len(terminated)} 名）",
                user=users["staff_renxuan"],
                organ=self.organs["renxuan"],
                days=10,
                kind="roster_review",
                url=roster_url,
            )
        todo(
            "核对监察委员会、法院、检察院的办理联系人账号（3 个单位）",
            user=users["staff_jiansi"],
            organ=self.organs["jiansi"],
            days=10,
            kind="accounts",
        )
        todo(
            "整理本年度代表履职情况调研提纲",
            user=users["staff_yanjiushi"],
            organ=self.organs["yanjiushi"],
            days=25,
            kind="research",
        )

        admin = users["admin"]
        calendar_years = _official_calendar_last_year()
        next_year = today.year + 1
        if calendar_years is None or calendar_years < next_year:
            todo(
                f"录入{next_year}年法定节假日安排（工作日历尚无{next_year}年数据）",
                user=admin,
                days=7,
                kind="calendar",
                url=_url("calendar"),
                detail="国务院办公厅公布放假安排后，在工作日历中逐日录入放假和调休上班日期；"
                "在此之前，办理期限按周一至周五计算。",
            )
        todo(
            "演示账号共用初始密码 lvzhi2026，正式使用前请逐一重置或停用", user=admin, days=3, kind="security"
        )
        todo(
            "验证审计日志哈希链",
            user=admin,
            days=1,
            kind="audit",
            url=_url("audit_log"),
            detail="演示数据的每一次写入都已记入审计日志；验证可确认日志未被改动。",
        )

        leader = users["leader"]
        todo(
            f"审阅第十六届代表名册变动情况（终止 {len(terminated)} 名、暂停 {len(suspended)} 名）",
            user=leader,
            days=10,
            kind="roster_review",
            url=roster_url,
        )
        for d, dep in deputies:
            if d.sc_position:
                todo(
                    "核对常委会组成人员名单及本人联系方式",
                    user=account_of[dep.person_id],
                    days=15,
                    kind="profile_confirm",
                )
        for dep in active:
            todo(
                "确认本人履职信息",
                user=account_of[dep.person_id],
                days=20,
                kind="profile_confirm",
                url=_url("home"),
                detail="请核对本人的工作单位及职务、联系电话、电子邮箱、所属代表小组和联络站；"
                "如有变动，请告知市人大常委会代表工作委员会。",
            )
        for o in plan.officers:
            if o.role == "unit_officer":
                organ = self.organs[o.organ]
                todo(
                    f"确认{organ.short_name}建议办理联系人及联系方式",
                    user=users[o.username],
                    organ=organ,
                    days=10,
                    kind="unit_contact",
                )
        todos = self._bulk(Todo, todos)
        for t in todos:
            self._log(
                "todo.create",
                t,
                {
                    "assignee": t.assignee_id,
                    "organ": t.assignee_organ_id,
                    "due_date": t.due_date,
                    "kind": t.kind,
                },
                t.title,
            )

        # notifications: the inbox of each role shows something
        batches: list[tuple[str, str, str, list[User], bool]] = []  # title, body, category, recipients, read
        staff_users = [users[o.username] for o in plan.officers if o.role == "staff"]
        batches.append(
            (
                f"第十六届代表名册已导入（{len(self.deputies)} 名代表）",
                f"在任 {len(active)} 名，暂停执行代表职务 {len(suspended)} 名，代表资格终止 {len(terminated)} 名。",
                "roster",
                [*staff_users, admin, leader],
                False,
            )
        )
        if last_meeting is not None:
            sc_users = [account_of[dep.person_id] for d, dep in deputies if d.sc_position]
            batches.append(
                (
                    f"第十六届常委会第{int_to_cn(last_meeting.number)}次会议已闭幕",
                    f"会议于{_cn_date(last_meeting.start_date)}至{_cn_date(last_meeting.end_date, year=False)}"
                    f"在{last_meeting.venue}举行。",
                    "session",
                    sc_users,
                    True,
                )
            )
        batches.append(
            (
                "欢迎使用江澜市人大代表履职平台",
                "您的账号已开通。请先在“待办”中确认本人履职信息。",
                "welcome",
                [account_of[dep.person_id] for dep in active],
                False,
            )
        )
        batches.append(
            (
                "承办单位账号已开通",
                "请核对本单位建议办理联系人，并妥善保管账号。",
                "welcome",
                [users[o.username] for o in plan.officers if o.role == "unit_officer"],
                False,
            )
        )
        batches.append(
            (
                "欢迎访问江澜市人大门户",
                "您可以查阅代表名册公开信息和法规草案征求意见。",
                "welcome",
                [users["public"]],
                False,
            )
        )
        batches.append(
            (
                f"演示城市已生成（{plan.scale}，种子 {plan.seed}）",
                f"共 {len(self.deputies)} 名代表、{len(users)} 个账号；所有演示账号密码均为 {DEMO_PASSWORD}。",
                "system",
                [admin],
                False,
            )
        )
        now = timezone.now()
        notes: list[Notification] = []
        for title, body, category, recipients, read in batches:
            notes += [
                Notification(
                    recipient=u, title=title, body=body, category=category, read_at=now if read else None
                )
                for u in recipients
            ]
        notes = self._bulk(Notification, notes)
        for title, _body, category, recipients, _read in batches:
            self.audit.append(
                AuditEntry(
                    action="notification.send",
                    object_type="core.notification",
                    object_repr=title,
                    changes={"category": category, "recipients": len(recipients), "via": "seed"},
                )
            )
        self.counts.update(todos=len(todos), notifications=len(notes))
        self.say(f"  to-dos: {len(todos)}, notifications: {len(notes)}")

    # summary
    def _final_counts(self) -> dict[str, int]:
        plan = self.plan
        statuses = Counter(d.status for d in plan.deputies)
        types = Counter(o.type for o in self.organs.values())
        counts = {
            "terms": len(self.terms),
            "sessions": len(self.sessions),
            "organs": len(self.organs),
            "special_committees": types["special_committee"],
            "working_bodies": types["working_body"],
            "government_departments": types["government_department"],
            "districts": types["district_congress"],
            **{
                k: self.counts[k] for k in ("electoral_units", "delegations", "groups", "stations", "persons")
            },
            "deputies": len(self.deputies),
            "deputies_active": statuses["active"],
            "deputies_suspended": statuses["suspended"],
            "deputies_terminated": statuses["terminated"],
            "sc_members": sum(1 for d in plan.deputies if d.sc_position),
            "special_committee_members": sum(1 for d in plan.deputies if d.committee),
            "memberships": self.counts["memberships"],
            "accounts": self.counts["accounts"],
            "role_assignments": self.counts["role_assignments"],
            "todos": self.counts["todos"],
            "notifications": self.counts["notifications"],
            "rules_profile_versions": self.counts.get("rules_profile_versions", 0),
        }
        return counts


def demo_logins() -> list[DemoLogin]:
    """The demo logins of the city in the database (empty if it holds none). Every row is a real
    account with the demo password; a browser test logs in as each of them."""
    term = Term.objects.filter(number=16).first()
    if term is None or not User.objects.filter(username="leader").exists():
        return []
    pw = DEMO_PASSWORD
    sc = OrganMembership.objects.filter(term=term, organ__type="standing_committee").select_related("person")
    deputies = Deputy.objects.filter(term=term).select_related("person__user").order_by("code")
    logins = [
        DemoLogin("管理员 admin", "admin", pw, "账号与角色、机构、工作日历、规则配置、审计日志", Role.ADMIN),
        DemoLogin(
            "代表工作委员会 staff",
            "staff",
            pw,
            f"代表名册（{deputies.count()} 名）、状态变动待核对、补选代表分组",
            Role.STAFF,
        ),
        DemoLogin("法制工作委员会 staff", "staff_fagong", pw, "立法相关期限的规则配置", Role.STAFF),
        DemoLogin("预算工作委员会 staff", "staff_yusuan", pw, "政府部门名录（预算联网监督）", Role.STAFF),
        DemoLogin("办公厅 staff", "staff_bangongting", pw, "常委会会议材料归档", Role.STAFF),
    ]
    chair = sc.filter(position="chair").first()
    if chair is not None:
        logins.append(
            DemoLogin(
                "常委会主任 leader",
                "leader",
                pw,
                f"{chair.person.name}：领导视图、名册变动、审计日志",
                Role.LEADER,
            )
        )
    vice = deputies.filter(
        person__memberships__organ__type="standing_committee", person__memberships__position="vice_chair"
    ).first()
    if vice is not None and vice.person.user is not None:
        logins.append(
            DemoLogin(
                "常委会副主任 leader",
                vice.person.user.username,
                pw,
                f"{vice.person.name}：领导视图",
                Role.LEADER,
            )
        )
    plain = (
        deputies.filter(is_sc_member=True)
        .annotate(n=Count("person__memberships"))
        .filter(n=1)
        .filter(person__memberships__position="member")
        .first()
    )
    if plain is not None and plain.person.user is not None:
        logins.append(
            DemoLogin(
                "常委会委员 sc_member",
                plain.person.user.username,
                pw,
                f"{plain.person.name}：组成人员名单、会议通知",
                Role.SC_MEMBER,
            )
        )
    typical = deputies.filter(person__user__username="deputy").first()
    if typical is not None:
        logins.append(
            DemoLogin(
                "代表 deputy",
                "deputy",
                pw,
                f"{typical.person.name}（{typical.code}）：提出代表建议、评价答复、履职档案",
                Role.DEPUTY,
            )
        )
    suspended = deputies.filter(status="suspended").first()
    if suspended is not None and suspended.person.user is not None:
        logins.append(
            DemoLogin(
                "暂停执行职务的代表 deputy",
                suspended.person.user.username,
                pw,
                f"{suspended.person.name}：暂停执行代表职务期间的视图",
                Role.DEPUTY,
            )
        )
    logins += [
        DemoLogin(
            "承办单位（教育局）unit",
            "unit",
            pw,
            "江澜市教育局：交办的代表建议、答复与承诺事项",
            Role.UNIT_OFFICER,
        ),
        DemoLogin(
            "承办单位（市政府）unit", "unit_zf", pw, "江澜市人民政府：交办的代表建议", Role.UNIT_OFFICER
        ),
        DemoLogin("公众 public", "public", pw, "门户：代表信息、建议答复、法规", Role.PUBLIC),
    ]
    existing = set(
        User.objects.filter(username__in=[x.username for x in logins]).values_list("username", flat=True)
    )
    return [x for x in logins if x.username in existing]


def _cn_date(day: dt.date | None, *, year: bool = True) -> str:
    if day is None:
        return ""
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"


def _official_calendar_last_year() -> int | None:
    try:
        from lvzhi.core.workdays import official_year_range
    except Exception:
        return None
    span = official_year_range()
    return span[1] if span else None
