"""Plan the demo city in memory: who the deputies are, where they sit, which stations exist.

Pure Python, no Django and no database: :func:`plan_city` turns a scale and a seed into plain
data that :mod:`lvzhi.demo.seed` writes with bulk inserts. Every random choice is drawn from
one ``random.Random(seed)`` in a fixed order, so a seed always gives the same city; nothing
here depends on today's date (the sessions and to-dos that do are planned separately).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from lvzhi.deputies.validation import id_check_digit

from . import places as P
from .names import Name, draw_ethnicity, draw_name

#: Number of deputies per scale (the current term, serving and former together).
SCALES: dict[str, int] = {"demo": 600, "city": 3000}

TERM_START = dt.date(2022, 1, 10)
#: Random dates in the roster (status changes, by-elections) fall before this day, so the roster
#: does not depend on the day the seed runs.
ROSTER_AS_OF = dt.date(2026, 10, 31)

SC_SIZE = 45
SC_VICE_CHAIRS = 6
#: Working bodies whose heads sit on the standing committee.
SC_WORKING_BODY_HEADS = ("fagong", "yusuan", "daigong", "renxuan", "jiansi")
SC_DISTRICT_HEADS = 4
#: the special committee a working body's head also sits on
WORKING_BODY_COMMITTEE = {
    "fagong": "fzw",
    "yusuan": "cjw",
    "jiansi": "jsw",
    "daigong": "dbzgw",
    "renxuan": "dbzgw",
}

SECTORS = ("worker", "farmer", "professional", "official", "business", "military", "other")
_URBAN_SECTOR_WEIGHTS = (13, 6, 22, 30, 18, 0, 11)
_RURAL_SECTOR_WEIGHTS = (9, 22, 15, 30, 14, 0, 10)
_SC_MEMBER_SECTOR_WEIGHTS = (10, 8, 40, 0, 25, 0, 17)

CN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@dataclass
class PersonPlan:
    name: str
    pinyin: str
    gender: str
    birth_date: dt.date
    ethnicity: str
    party: str
    education: str
    id_number: str
    phone: str
    email: str
    address: str
    workplace: str


@dataclass
class DelegationPlan:
    name: str
    unit_name: str  # the electoral unit
    district: str | None  # district code; None for the garrison
    groups: list[str] = field(default_factory=list)


@dataclass
class StationPlan:
    name: str
    kind: str  # "station" | "home" | "contact_point"
    district: str
    address: str
    phone: str
    opening_hours: str


@dataclass
class DeputyPlan:
    code: str
    delegation: int  # index into CityPlan.delegations
    group: int | None  # index into that delegation's groups
    station: int | None  # index into CityPlan.stations
    sector: str
    status: str = "active"
    status_reason: str = ""
    status_date: dt.date | None = None
    elected_on: dt.date | None = None
    by_election: bool = False
    #: "chair" | "vice_chair" | "secretary_general" | "member" for standing committee members
    sc_position: str | None = None
    #: what the member does full-time: ("special", code) | ("working_body", code) | ("district", code) | None
    sc_post: tuple[str, str] | None = None
    committee: str | None = None  # special committee code
    committee_position: str | None = None  # "chair" | "vice_chair" | "member"
    democratic_party: bool = False  # the vice chair who comes from a democratic party
    sc_rank: int = 0  # order within the standing committee's leadership (1 = first vice chair)
    username: str = ""
    person: PersonPlan | None = None


@dataclass
class OfficerPlan:
    """An account that is not a deputy: staff of a working body or a handling unit's officer."""

    username: str
    name: str
    gender: str
    organ: str  # organ code
    role: str  # "staff" | "unit_officer"
    phone: str
    email: str


@dataclass
class CityPlan:
    scale: str
    seed: int
    delegations: list[DelegationPlan]
    stations: list[StationPlan]
    deputies: list[DeputyPlan]
    officers: list[OfficerPlan]
    typical_deputy: int  # index of the deputy behind the demo login ``deputy``


# --- helpers ------------------------------------------------------------------------------------


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` by ``weights`` with the largest-remainder method (deterministic, no rng)."""
    wsum = sum(weights)
    exact = [total * w / wsum for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _weighted(rng: random.Random, items: Sequence[str], weights: Sequence[int]) -> str:
    return rng.choices(items, cum_weights=list(accumulate(weights)))[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _unique(
    draw: Callable[[], str], used: set[str], tries: int = 25, fallback: Callable[[], str] | None = None
) -> str:
    """A value from ``draw`` not in ``used``; after ``tries`` misses, ``fallback()`` (which may repeat)."""
    for _ in range(tries):
        value = draw()
        if value not in used:
            used.add(value)
            return value
    return fallback() if fallback is not None else value


class _Registry:
    """Values that must be unique across the city: names, ID numbers, phones, e-mails, posts."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.posts: set[str] = set()
        self.companies: set[str] = set()


_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "198",
    "199",
)
_MAIL_DOMAINS = (P.MAIL_DOMAIN, "lanmail.example", "jlnet.example")


def _mobile(rng: random.Random, reg: _Registry) -> str:
    return _unique(
        lambda: rng.choice(_MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}", reg.phones, 100
    )


def _email(rng: random.Random, reg: _Registry, pinyin: str) -> str:
    return _unique(lambda: f"{pinyin}{rng.randint(1, 999)}@{rng.choice(_MAIL_DOMAINS)}", reg.emails, 100)


def _fresh_name(rng: random.Random, reg: _Registry, gender: str) -> Name:
    name = draw_name(rng, gender)
    for _ in range(8):  # a city roster has few exact namesakes; redraw rather than repeat
        if name.full not in reg.names:
            break
        name = draw_name(rng, gender)
    reg.names.add(name.full)
    return name


def id_number_for(rng: random.Random, reg: _Registry, region: str, birth: dt.date, gender: str) -> str:
    """A valid GB 11643 number: region, birth date, sequence (odd for men), check digit."""
    for _ in range(1000):
        seq = rng.randint(0, 499) * 2 + (1 if gender == "M" else 0)
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        if first17 not in reg.id_numbers:
            reg.id_numbers.add(first17)
            return first17 + id_check_digit(first17)
    raise RuntimeError("no free ID sequence number")  # pragma: no cover - 500 numbers per day and place


class _Places:
    """Unique invented place names (柳塘, 桂湾 …) and the towns of each district."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool = [a + b for a in P.PLACE_FIRST for b in P.PLACE_SECOND if a != b]
        rng.shuffle(self.pool)
        self.used: set[str] = set()
        #: district code → its sub-districts and towns, e.g. ["柳塘街道", "桂湾镇"]
        self.towns: dict[str, list[str]] = {}
        for district in P.DISTRICTS:
            towns = []
            for _ in range(14 if district.rural else 12):
                r = rng.random()
                suffix = (
                    ("乡" if r < 0.12 else "镇" if r < 0.7 else "街道")
                    if district.rural
                    else ("镇" if r < 0.2 else "街道")
                )
                towns.append(self.fresh() + suffix)
            self.towns[district.code] = towns

    def fresh(self) -> str:
        """A place name not used before; three characters once the two-character ones run out."""
        while self.pool:
            name = self.pool.pop()
            if name not in self.used:
                self.used.add(name)
                return name
        while True:
            name = (
                self.rng.choice("东西南北上下新老")
                + self.rng.choice(P.PLACE_FIRST)
                + self.rng.choice(P.PLACE_SECOND)
            )
            if name not in self.used:
                self.used.add(name)
                return name

    def town(self, district: str, *, rural: bool | None = None) -> str:
        """A town of ``district``; ``rural=True`` prefers a 镇 or 乡, ``False`` a 街道."""
        towns = self.towns[district]
        if rural is not None:
            fitting = [t for t in towns if t.endswith("街道") != rural]
            towns = fitting or towns
        return self.rng.choice(towns)

    def road(self) -> str:
        return (
            self.rng.choice(P.PLACE_FIRST)
            + self.rng.choice(P.PLACE_SECOND)
            + self.rng.choice(P.ROAD_SUFFIXES)
        )


# --- the plan -----------------------------------------------------------------------------------


def plan_city(*, scale: str, seed: int = 1) -> CityPlan:
    """The whole roster for ``scale`` ("demo" or "city"), identical for identical arguments."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    rng = random.Random(seed)
    reg = _Registry()
    places = _Places(rng)
    district_of = {d.code: d for d in P.DISTRICTS}

    total = SCALES[scale]
    n_terminated = round(total * 0.013)
    n_suspended = max(3, round(total * 0.004))
    n_by_election = round(n_terminated * 0.6)
    n_original = total - n_by_election

    # delegations and groups ------------------------------------------------------------------
    delegations = [DelegationPlan(f"{d.name}代表团", f"{d.name}人民代表大会", d.code) for d in P.DISTRICTS]
    delegations.append(DelegationPlan(P.GARRISON_DELEGATION, P.GARRISON_UNIT, None))
    sizes = _apportion(n_original, [d.weight for d in P.DISTRICTS] + [P.GARRISON_WEIGHT])
    for deleg, size in zip(delegations, sizes, strict=True):
        n_groups = min(8, max(4, round(size / 13)))
        prefix = district_of[deleg.district].name if deleg.district else "驻军"
        deleg.groups = [f"{prefix}第{CN_NUMERALS[i]}代表小组" for i in range(n_groups)]

    # liaison stations --------------------------------------------------------------------------
    stations: list[StationPlan] = []
    station_counts = _apportion(round(total / 10), [d.weight for d in P.DISTRICTS])
    stations_by_district: dict[str, list[int]] = {}
    for district, count in zip(P.DISTRICTS, station_counts, strict=True):
        towns = places.towns[district.code]
        for i in range(count):
            town = towns[i % len(towns)]
            # one station per town first, then stations in its communities (社区) or villages (村)
            where = (
                town
                if i < len(towns)
                else town + places.fresh() + ("社区" if town.endswith("街道") else "村")
            )
            if i == 0:
                kind, name = "home", f"{district.name}人大代表之家"
            elif rng.random() < 0.18:
                kind, name = "contact_point", f"{district.name}{where}基层立法联系点"
            else:
                kind, name = "station", f"{district.name}{where}人大代表联络站"
            stations_by_district.setdefault(district.code, []).append(len(stations))
            stations.append(
                StationPlan(
                    name=name,
                    kind=kind,
                    district=district.code,
                    address=f"{P.CITY}{district.name}{town}{places.road()}{rng.randint(1, 399)}号",
                    phone=f"{P.LANDLINE_AREA_CODE}-{rng.choice('2568')}{rng.randint(0, 9_999_999):07d}",
                    opening_hours=rng.choice(P.STATION_HOURS),
                )
            )

    # deputy slots in code order: delegation by delegation ------------------------------------
    deputies: list[DeputyPlan] = []
    for d_idx, size in enumerate(sizes):
        for _ in range(size):
            deputies.append(DeputyPlan(code="", delegation=d_idx, group=None, station=None, sector=""))
    garrison = len(delegations) - 1

    # the standing committee: 45 members drawn from the civilian delegations
    civilian = [i for i, d in enumerate(deputies) if d.delegation != garrison]
    sc = rng.sample(civilian, SC_SIZE)
    posts: list[tuple[str, tuple[str, str] | None]] = [("chair", None)]
    posts += [("vice_chair", None)] * SC_VICE_CHAIRS + [("secretary_general", None)]
    posts += [("member", ("special", code)) for code, _n, _s in P.SPECIAL_COMMITTEES]
    posts += [("member", ("working_body", code)) for code in SC_WORKING_BODY_HEADS]
    district_heads: set[str] = set()
    for i in sc[len(posts) :]:
        home = delegations[deputies[i].delegation].district
        if len(district_heads) < SC_DISTRICT_HEADS and home and home not in district_heads:
            district_heads.add(home)
            deputies[i].sc_post = ("district", home)
    for rank, (i, (position, post)) in enumerate(zip(sc, posts, strict=False)):
        deputies[i].sc_position, deputies[i].sc_post, deputies[i].sc_rank = position, post, rank
    for i in sc:
        deputies[i].sc_position = deputies[i].sc_position or "member"
    deputies[sc[SC_VICE_CHAIRS]].democratic_party = True  # the last vice chair, as is customary

    # special committees: a chair from the standing committee, 5–12 members in all
    sc_plain = [
        i
        for i in sc
        if deputies[i].sc_position == "member" and (deputies[i].sc_post or ("", ""))[0] != "special"
    ]
    busy = set(sc) - set(sc_plain)
    non_sc = [i for i in civilian if i not in set(sc)]
    vice_chairs: dict[str, int] = {}  # committee code → number of vice chairs, chosen once people exist
    for i in sc:  # a working body's head sits on the committee it serves
        post = deputies[i].sc_post
        if post and post[0] == "working_body" and post[1] in WORKING_BODY_COMMITTEE:
            deputies[i].committee, deputies[i].committee_position = WORKING_BODY_COMMITTEE[post[1]], "member"
    for code, _name, _short in P.SPECIAL_COMMITTEES:
        size = rng.randint(5, 12)
        chair = next(i for i in sc if deputies[i].sc_post == ("special", code))
        deputies[chair].committee, deputies[chair].committee_position = code, "chair"
        picked = [i for i in sc_plain if deputies[i].committee == code]
        from_sc = [i for i in sc_plain if deputies[i].committee is None and i not in busy]
        picked += rng.sample(from_sc, min(len(from_sc), rng.randint(1, 3 if code != "dbzgw" else 5)))
        pool = [i for i in non_sc if deputies[i].committee is None]
        picked += rng.sample(pool, max(0, size - 1 - len(picked)))
        vice_chairs[code] = rng.randint(1, 2)
        for i in picked:
            deputies[i].committee, deputies[i].committee_position = code, "member"

    # status changes: only among deputies with no office in the standing committee or a committee
    eligible = [i for i, d in enumerate(deputies) if d.sc_position is None and d.committee is None]
    changed = rng.sample(eligible, n_terminated + n_suspended)
    terminated, suspended = changed[:n_terminated], changed[n_terminated:]
    for i in terminated:
        d = deputies[i]
        d.status = "terminated"
        reason = rng.choice(P.STATUS_TERMINATED_REASONS)
        if d.delegation == garrison and rng.random() < 0.7:
            reason = P.STATUS_TERMINATED_REASONS[0]  # soldiers are most often posted elsewhere
        d.status_reason = reason
        d.status_date = _date_between(rng, dt.date(2022, 5, 1), dt.date(2026, 9, 30))
    for i in suspended:
        d = deputies[i]
        d.status = "suspended"
        d.status_reason = rng.choice(P.STATUS_SUSPENDED_REASONS)
        d.status_date = _date_between(rng, dt.date(2025, 3, 1), ROSTER_AS_OF)

    # by-elections fill the seats that fell vacant earliest
    vacated = sorted(terminated, key=lambda i: (deputies[i].status_date, i))[:n_by_election]
    by_elected: list[DeputyPlan] = []
    for i in vacated:
        old = deputies[i]
        assert old.status_date is not None
        elected = min(old.status_date + dt.timedelta(days=rng.randint(75, 240)), ROSTER_AS_OF)
        by_elected.append(
            DeputyPlan(
                code="",
                delegation=old.delegation,
                group=None,
                station=None,
                sector="",
                elected_on=elected,
                by_election=True,
            )
        )
    by_elected.sort(key=lambda d: (d.elected_on or TERM_START, d.delegation))
    deputies += by_elected

    # codes, elections, groups, stations ------------------------------------------------------
    for n, d in enumerate(deputies, start=1):
        d.code = f"{n:04d}"
        d.username = f"d{n:04d}"
        if not d.by_election:
            d_idx = d.delegation
            d.elected_on = dt.date(2021, 12, 8) if d_idx == garrison else dt.date(2021, 12, 13 + d_idx)
    all_stations = list(range(len(stations)))
    for d_idx, deleg in enumerate(delegations):
        members = [i for i, d in enumerate(deputies) if d.delegation == d_idx and not d.by_election]
        rng.shuffle(members)
        choices = stations_by_district.get(deleg.district or "", all_stations)
        for k, i in enumerate(members):
            deputies[i].group = k % len(deleg.groups)
            deputies[i].station = choices[k % len(choices)] if deleg.district else rng.choice(choices)
    # the newest by-elected deputies are not yet placed in a group or station (a staff to-do)
    for d in by_elected[:-3] if len(by_elected) > 3 else []:
        deleg = delegations[d.delegation]
        d.group = rng.randrange(len(deleg.groups))
        d.station = rng.choice(stations_by_district.get(deleg.district or "", all_stations))

    # people ----------------------------------------------------------------------------------
    for d in deputies:
        deleg = delegations[d.delegation]
        district = district_of[deleg.district] if deleg.district else rng.choice(P.DISTRICTS)
        d.sector = _sector(rng, d, district, garrison=d.delegation == garrison)
        d.person = _person(rng, reg, d, district, places)

    # committee vice chairs: full-time members of the standing committee first, then officials and
    # professionals (in code order, so no random draw depends on the people drawn above)
    def vice_rank(i: int) -> tuple[int, int]:
        d = deputies[i]
        return (
            0 if d.sc_post else 1 if d.sc_position else 2 if d.sector in ("official", "professional") else 3,
            i,
        )

    for code, n_vice in vice_chairs.items():
        members = sorted(
            (i for i, d in enumerate(deputies) if d.committee == code and d.committee_position == "member"),
            key=vice_rank,
        )
        for i in members[:n_vice]:
            deputies[i].committee_position = "vice_chair"

    # the demo login ``deputy``: an ordinary serving deputy of the first delegation
    typical = next(
        (
            i
            for i, d in enumerate(deputies)
            if d.delegation == 0
            and d.status == "active"
            and d.sc_position is None
            and d.committee is None
            and d.group is not None
            and d.sector == "professional"
        ),
        next(i for i, d in enumerate(deputies) if d.status == "active" and d.sc_position is None),
    )

    # accounts that are not deputies ----------------------------------------------------------
    officers: list[OfficerPlan] = []

    def officer(username: str, organ: str, role: str) -> None:
        gender = rng.choice("MF")
        name = _fresh_name(rng, reg, gender)
        officers.append(
            OfficerPlan(
                username=username,
                name=name.full,
                gender=gender,
                organ=organ,
                role=role,
                phone=_mobile(rng, reg),
                email=f"{username}@{P.MAIL_DOMAIN}",
            )
        )

    for code, _name, _short, username, _duty in P.WORKING_BODIES:
        officer(username, code, "staff")
    officer("unit_zf", P.GOVERNMENT, "unit_officer")
    for code, _short in P.DEPARTMENTS:
        officer("unit" if code == P.EDUCATION_BUREAU else f"unit_{code}", code, "unit_officer")
    for code, _n, _s, _t in P.SUPERVISED_BODIES:
        officer(f"unit_{code}", code, "unit_officer")

    return CityPlan(
        scale=scale,
        seed=seed,
        delegations=delegations,
        stations=stations,
        deputies=deputies,
        officers=officers,
        typical_deputy=typical,
    )


# --- one deputy ---------------------------------------------------------------------------------


def _sector(rng: random.Random, d: DeputyPlan, district: P.District, *, garrison: bool) -> str:
    if garrison:
        return "military"
    if d.sc_position is not None:
        if d.sc_position != "member" or d.sc_post is not None:
            return "official"
        return _weighted(rng, SECTORS, _SC_MEMBER_SECTOR_WEIGHTS)
    return _weighted(rng, SECTORS, _RURAL_SECTOR_WEIGHTS if district.rural else _URBAN_SECTOR_WEIGHTS)


_AGE_RANGES: dict[str, tuple[int, int, int]] = {  # (youngest, oldest, most likely) at the election
    "chair": (56, 60, 58),
    "vice_chair": (50, 60, 56),
    "secretary_general": (48, 57, 54),
    "sc_post": (48, 58, 54),
    "official": (38, 58, 50),
    "military": (32, 54, 44),
    "worker": (26, 56, 42),
    "farmer": (32, 62, 50),
    "professional": (34, 63, 50),
    "business": (33, 62, 50),
    "other": (35, 60, 50),
}
_PARTY_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "official": (("中共党员", 95), ("democratic", 5)),
    "military": (("中共党员", 100),),
    "worker": (("中共党员", 60), ("群众", 40)),
    "farmer": (("中共党员", 75), ("群众", 25)),
    "professional": (("中共党员", 45), ("democratic", 35), ("无党派人士", 20)),
    "business": (("中共党员", 45), ("democratic", 25), ("无党派人士", 10), ("群众", 20)),
    "other": (("中共党员", 60), ("democratic", 25), ("群众", 15)),
}
_EDUCATION_WEIGHTS: dict[str, tuple[int, int, int, int, int]] = {  # 研究生 大学 大专 中专 高中
    "official": (55, 45, 0, 0, 0),
    "military": (20, 70, 10, 0, 0),
    "worker": (0, 10, 40, 30, 20),
    "farmer": (0, 10, 30, 25, 35),
    "professional": (60, 40, 0, 0, 0),
    "business": (35, 45, 20, 0, 0),
    "other": (30, 60, 10, 0, 0),
}
_PARTY_ORG = {
    "民革党员": "民革",
    "民盟盟员": "民盟",
    "民建会员": "民建",
    "民进会员": "民进",
    "农工党党员": "农工党",
    "致公党党员": "致公党",
    "九三学社社员": "九三学社",
}


def _person(
    rng: random.Random, reg: _Registry, d: DeputyPlan, district: P.District, places: _Places
) -> PersonPlan:
    is_leader = d.sc_position in ("chair", "vice_chair")
    female_rate = {"chair": 0.1, "vice_chair": 0.3}.get(
        d.sc_position or "", 0.1 if d.sector == "military" else 0.33
    )
    gender = "F" if rng.random() < female_rate else "M"
    name = _fresh_name(rng, reg, gender)

    age_key = (
        d.sc_position
        if d.sc_position in ("chair", "vice_chair", "secretary_general")
        else ("sc_post" if d.sc_post else d.sector)
    )
    lo, hi, mode = _AGE_RANGES[age_key]
    if d.by_election:
        lo, hi, mode = lo + 2, hi + 2, mode + 2
    age = rng.triangular(lo, hi + 1, mode)
    birth = (TERM_START - dt.timedelta(days=int(age * 365.25))) - dt.timedelta(days=rng.randint(0, 30))

    party_key = d.sector if d.sector in _PARTY_WEIGHTS else "official"
    options = _PARTY_WEIGHTS[party_key]
    party = _weighted(rng, [p for p, _w in options], [w for _p, w in options])
    if is_leader:
        party = "中共党员"
    if d.democratic_party:
        party = "democratic"
    if party == "democratic":
        party = rng.choice(P.DEMOCRATIC_PARTIES[:-1])
    education = _weighted(rng, P.EDUCATIONS, _EDUCATION_WEIGHTS[party_key])
    ethnicity = draw_ethnicity(rng)

    if rng.random() < 0.85:
        region = P.ID_REGION_PREFIX + (
            district.id_code if rng.random() < 0.7 else rng.choice(P.DISTRICTS).id_code
        )
    else:
        region = rng.choice(P.ID_REGION_ELSEWHERE)
    id_number = id_number_for(rng, reg, region, birth, gender)

    workplace = _workplace(rng, reg, d, district, party, places)
    address = (
        f"{P.CITY}{district.name}{places.road()}{rng.randint(1, 599)}号"
        f"{rng.randint(1, 30)}幢{rng.randint(1, 26)}{rng.randint(1, 4):02d}室"
    )
    return PersonPlan(
        name=name.full,
        pinyin=name.pinyin,
        gender=gender,
        birth_date=birth,
        ethnicity=ethnicity,
        party=party,
        education=education,
        id_number=id_number,
        phone=_mobile(rng, reg),
        email=_email(rng, reg, name.pinyin),
        address=address,
        workplace=workplace,
    )


def _workplace(
    rng: random.Random, reg: _Registry, d: DeputyPlan, district: P.District, party: str, places: _Places
) -> str:
    city, dname = P.CITY, district.name
    head = "县长" if dname.endswith("县") else "区长"
    if d.sc_position == "chair":
        return "江澜市人大常委会主任、党组书记"
    if d.sc_position == "vice_chair":
        org = _PARTY_ORG.get(party)
        if org:
            return f"江澜市人大常委会副主任，{org}江澜市委会主委"
        return "江澜市人大常委会副主任、党组副书记" if d.sc_rank == 1 else "江澜市人大常委会副主任、党组成员"
    if d.sc_position == "secretary_general":
        return "江澜市人大常委会秘书长、办公厅主任"
    if d.sc_post is not None:
        kind, code = d.sc_post
        if kind == "special":
            short = next(s for c, _n, s in P.SPECIAL_COMMITTEES if c == code)
            return f"江澜市人大{short}主任委员"
        if kind == "working_body":
            short = next(s for c, _n, s, _u, _d in P.WORKING_BODIES if c == code)
            return f"江澜市人大常委会{short}主任"
        dist = next(x for x in P.DISTRICTS if x.code == code)
        return f"{dist.name}人大常委会主任"

    sector = d.sector
    if sector == "official":

        def official() -> str:
            r = rng.random()
            if r < 0.1:
                return rng.choice(P.OFFICIAL_DISTRICT_POSTS).format(d=dname, head=head)
            if r < 0.45:
                town = places.town(district.code)
                return dname + rng.choice(P.OFFICIAL_TOWN_POSTS[town[-1]]).format(t=town)
            if r < 0.95:
                code, short = rng.choice(P.DEPARTMENTS[1:])
                title = "主任" if short.endswith(("委员会", "办公室", "中心")) else "局长"
                # heads of the city's departments, more often of the district's own bureaus
                where = city if r < 0.6 or code in P.CITY_ONLY_DEPARTMENTS else dname
                return f"{where}{short}{rng.choice(('', '', '副'))}{title}"
            return rng.choice(
                (
                    "江澜高新技术产业开发区管委会主任",
                    "江澜经济技术开发区党工委书记",
                    "江澜港口物流园区管委会副主任",
                    "江澜临江新城建设指挥部总指挥",
                )
            )

        def deputy_head() -> str:  # bureaus have several deputy heads, so this may repeat
            _code, short = rng.choice([x for x in P.DEPARTMENTS if x[0] not in P.CITY_ONLY_DEPARTMENTS])
            return f"{dname}{short}副{'主任' if short.endswith(('委员会', '办公室', '中心')) else '局长'}"

        return _unique(official, reg.posts, fallback=deputy_head)
    if sector == "worker":
        if rng.random() < 0.3:
            return rng.choice(P.WORKER_PUBLIC_JOBS)
        return (
            f"{city}{rng.choice(P.BRANDS)}{rng.choice(P.WORKER_INDUSTRIES)}{rng.choice(P.COMPANY_FORMS)}"
            f"{rng.choice(P.WORKER_JOBS)}"
        )
    if sector == "farmer":
        r = rng.random()
        village = places.fresh()
        if r < 0.6:
            return f"{dname}{places.town(district.code, rural=True)}{village}村{rng.choice(P.FARM_TITLES)}"
        if r < 0.85:
            return f"{dname}{village}{rng.choice(P.FARM_CROPS)}专业合作社理事长"
        return f"{dname}{village}家庭农场负责人"
    if sector == "professional":
        r = rng.random()
        if r < 0.3:
            return rng.choice(P.HOSPITALS) + rng.choice(P.HOSPITAL_TITLES)
        if r < 0.55:
            school = rng.choice(P.SCHOOLS + (f"{dname}实验小学", f"{dname}第一中学"))
            return school + rng.choice(P.SCHOOL_TITLES)
        if r < 0.7:
            return P.UNIVERSITY + rng.choice(P.UNIVERSITY_SCHOOLS) + rng.choice(P.UNIVERSITY_TITLES)
        if r < 0.85:
            kind, titles = rng.choice(P.FIRM_KINDS)
            return f"{P.CITY_SHORT}{rng.choice(P.BRANDS)}{kind}{rng.choice(titles)}"
        institute, titles = rng.choice(P.RESEARCH)
        return institute + rng.choice(titles)
    if sector == "business":
        company = _unique(
            lambda: f"{city}{rng.choice(P.BRANDS)}{rng.choice(P.INDUSTRIES)}{rng.choice(P.COMPANY_FORMS)}",
            reg.companies,
        )
        return company + rng.choice(P.BUSINESS_TITLES)
    if sector == "military":
        free = [post for post in P.MILITARY_POSTS if post not in reg.posts]
        if free and rng.random() < 0.25:
            post = rng.choice(free)
            reg.posts.add(post)
            return post
        # "某部" hides which unit, so these ordinary posts may repeat
        unit = rng.choice(("一营", "二营", "三营", "修理营", "通信连", "机关", "保障队", "某连"))
        return f"驻江澜某部{unit}{rng.choice(('营长', '教导员', '连长', '指导员', '参谋', '一级上士', '助理员'))}"
    # other
    free = [post for post in P.OTHER_POSTS if post not in reg.posts]
    if free and rng.random() < 0.5:
        post = rng.choice(free)
        reg.posts.add(post)
        return post
    town = places.town(district.code, rural=False)
    return f"{dname}{town}{places.fresh()}社区{rng.choice(P.COMMUNITY_TITLES)}"


# --- sessions (these depend on today's date, not on the seed) -----------------------------------


@dataclass(frozen=True)
class TermPlan:
    number: int
    start_date: dt.date
    end_date: dt.date | None
    is_current: bool


TERMS = (
    TermPlan(15, dt.date(2017, 1, 9), TERM_START - dt.timedelta(days=1), False),
    TermPlan(16, TERM_START, None, True),
)

# first day and length in days of each yearly congress session (人代会), by term; all Mondays
_CONGRESS_SESSIONS: dict[int, tuple[tuple[dt.date, int], ...]] = {
    15: (
        (dt.date(2017, 1, 9), 4),
        (dt.date(2018, 1, 22), 4),
        (dt.date(2019, 1, 14), 4),
        (dt.date(2020, 1, 6), 4),
        (dt.date(2021, 1, 18), 4),
    ),
    16: (
        (dt.date(2022, 1, 10), 5),
        (dt.date(2023, 1, 9), 4),
        (dt.date(2024, 1, 15), 4),
        (dt.date(2025, 1, 13), 4),
        (dt.date(2026, 2, 2), 4),
    ),
}
CONGRESS_VENUE = "江澜市人民会堂"
SC_VENUE = "江澜市人大常委会会议厅"


@dataclass(frozen=True)
class SessionPlan:
    term: int
    body: str  # "congress" | "standing_committee"
    number: int
    start_date: dt.date
    end_date: dt.date
    venue: str


def _is_working_day(day: dt.date) -> bool:
    try:
        from lvzhi.core.workdays import WorkCalendar

        return WorkCalendar().is_working_day(day)
    except Exception:  # the calendar engine is optional here: fall back to Monday–Friday
        return day.weekday() < 5


def _meeting_day(year: int, month: int) -> dt.date:
    """The last Thursday of the month on which a two-day meeting falls on working days."""
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    day = last - dt.timedelta(days=(last.weekday() - 3) % 7)
    for _ in range(4):
        if _is_working_day(day) and _is_working_day(day + dt.timedelta(days=1)):
            return day
        day -= dt.timedelta(days=7)
    return day


def plan_sessions(today: dt.date) -> list[SessionPlan]:
    """Congress sessions each January/February and standing-committee meetings every two
    months (the statutory minimum), from the 15th term's start up to ``today``, plus the
    next standing-committee meeting already scheduled for the current term."""
    out: list[SessionPlan] = []
    for term in TERMS:
        for n, (start, days) in enumerate(_CONGRESS_SESSIONS[term.number], start=1):
            if start <= today:
                out.append(
                    SessionPlan(
                        term.number, "congress", n, start, start + dt.timedelta(days=days - 1), CONGRESS_VENUE
                    )
                )
        # the first meeting follows the closing of the first congress session on the same day
        first_start, first_days = _CONGRESS_SESSIONS[term.number][0]
        meetings = [first_start + dt.timedelta(days=first_days - 1)]
        end = term.end_date or today + dt.timedelta(days=75)
        year = first_start.year
        scheduled_ahead = False
        while year <= end.year:
            for month in (2, 4, 6, 8, 10, 12):
                day = _meeting_day(year, month)
                if meetings[-1] < day <= end and (day <= today or not scheduled_ahead):
                    scheduled_ahead = scheduled_ahead or day > today
                    meetings.append(day)
            year += 1
        for n, day in enumerate(meetings, start=1):
            finish = day if n == 1 else day + dt.timedelta(days=1)
            out.append(SessionPlan(term.number, "standing_committee", n, day, finish, SC_VENUE))
    return out
