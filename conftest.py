"""Shared test fixtures: a small congress world built through services and factories."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lvzhi.core.actors import SYSTEM

REPO = Path(__file__).resolve().parent


def shared_dir() -> Path | None:
    """``../shared`` beside the repository (or ``LVZHI_SHARED_DIR``); None when absent."""
    path = Path(os.environ.get("LVZHI_SHARED_DIR", REPO.parent / "shared"))
    return path if path.is_dir() else None


@pytest.fixture(autouse=True)
def _audit_triggers_survive_flush(request: pytest.FixtureRequest) -> Any:
    """Transactional tests end with a flush (DELETE on SQLite), which the audit log's
    append-only triggers refuse: lift them just for the flush and put them back after."""
    names = set(request.fixturenames)
    if not names & {"transactional_db", "live_server"}:
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from lvzhi.core import db_triggers

    db_triggers.install(connection)
    yield
    db_triggers.remove(connection)


@dataclass
class World:
    term: Any
    congress: Any
    sc: Any
    rep_office: Any  # 代表工作委员会
    government: Any
    education: Any  # 教育局
    health: Any  # 卫生健康委员会
    delegation: Any
    delegation2: Any
    group: Any
    unit: Any  # electoral unit
    station: Any
    admin: Any
    staff: Any
    leader: Any
    sc_member: Any
    deputy_user: Any
    deputy: Any
    officer: Any
    public: Any
    outsider_officer: Any


def make_person(name: str, n: int, **extra: Any) -> Any:
    from lvzhi.core.models import Person
    from lvzhi.deputies.validation import id_check_digit

    first17 = f"44990119800101{n:03d}"
    return Person.objects.create(
        name=name,
        id_number=first17 + id_check_digit(first17),
        phone=f"1380000{n:04d}",
        email=f"p{n}@example.org",
        **extra,
    )


@pytest.fixture
def world(db: Any) -> World:
    from lvzhi.core.models import Organ, OrganType, Role, Term
    from lvzhi.core.services import user_create
    from lvzhi.deputies.models import Delegation, Deputy, DeputyGroup, ElectoralUnit, LiaisonStation, Sector

    term = Term.objects.create(number=16, start_date=dt.date(2022, 1, 10), is_current=True)
    congress = Organ.objects.create(code="congress", name="测试市人民代表大会", type=OrganType.CONGRESS)
    sc = Organ.objects.create(
        code="sc", name="常务委员会", type=OrganType.STANDING_COMMITTEE, parent=congress
    )
    rep = Organ.objects.create(
        code="rep", name="代表工作委员会", type=OrganType.WORKING_BODY, parent=sc, duty="deputies"
    )
    gov = Organ.objects.create(code="gov", name="测试市人民政府", type=OrganType.GOVERNMENT)
    edu = Organ.objects.create(
        code="edu", name="测试市教育局", type=OrganType.GOVERNMENT_DEPARTMENT, parent=gov
    )
    health = Organ.objects.create(
        code="health", name="测试市卫生健康委员会", type=OrganType.GOVERNMENT_DEPARTMENT, parent=gov
    )
    district = Organ.objects.create(code="d1", name="东区人大常委会", type=OrganType.DISTRICT_CONGRESS)
    delegation = Delegation.objects.create(term=term, name="东区代表团")
    delegation2 = Delegation.objects.create(term=term, name="西区代表团")
    group = DeputyGroup.objects.create(delegation=delegation, name="第一小组")
    unit = ElectoralUnit.objects.create(term=term, name="东区人民代表大会", organ=district)
    station = LiaisonStation.objects.create(name="东湖街道代表联络站", district=district)

    person = make_person("王建国", 1)
    deputy = Deputy.objects.create(
        person=person,
        term=term,
        code="D0001",
        electoral_unit=unit,
        delegation=delegation,
        group=group,
        station=station,
        sector=Sector.WORKER,
    )
    make_person("李秀英", 2)  # a person with no mandate

    def account(username: str, roles: list[tuple[str, Any]], **kw: Any) -> Any:
        return user_create(
            username=username, password="pw-" + username, roles=roles, acting_user=SYSTEM, **kw
        )

    return World(
        term=term,
        congress=congress,
        sc=sc,
        rep_office=rep,
        government=gov,
        education=edu,
        health=health,
        delegation=delegation,
        delegation2=delegation2,
        group=group,
        unit=unit,
        station=station,
        admin=account("admin", [(Role.ADMIN, None)], email="admin@example.org"),
        staff=account("staff", [(Role.STAFF, rep)], organ=rep, email="staff@example.org"),
        leader=account("leader", [(Role.LEADER, None), (Role.SC_MEMBER, None)]),
        sc_member=account("member", [(Role.SC_MEMBER, None)]),
        deputy_user=account("deputy", [(Role.DEPUTY, None)], person=person, email="deputy@example.org"),
        deputy=deputy,
        officer=account("officer", [(Role.UNIT_OFFICER, edu)], organ=edu, email="officer@example.org"),
        public=account("citizen", [(Role.PUBLIC, None)]),
        outsider_officer=account("officer2", [(Role.UNIT_OFFICER, health)], organ=health),
    )
