"""The ``sv`` fixture: the root ``world`` with Standing Committee members and a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from lvzhi.core.actors import SYSTEM

D = dt.date

#: "Today" for the supervision services in these tests (the clock is pinned: dates in the
#: tests are fixed, and nothing after today may be recorded as done).
TODAY = D(2026, 12, 31)


@dataclass
class SV:
    w: Any
    plan: Any
    members: list[Any]  # OrganMembership rows (15)
    member_users: list[Any]  # accounts of the first five members
    today: dt.date = TODAY


def add_members(world: Any, count: int = 15, accounts: int = 5) -> tuple[list[Any], list[Any]]:
    from conftest import make_person
    from lvzhi.core.models import OrganMembership, Role
    from lvzhi.core.services import user_create

    rows, users = [], []
    for i in range(count):
        person = make_person(f"委员{700 + i}", 700 + i)
        rows.append(
            OrganMembership.objects.create(
                person=person, organ=world.sc, term=world.term, start_date=world.term.start_date
            )
        )
        if i < accounts:
            users.append(
                user_create(
                    username=f"scm{i}",
                    password="pw",
                    roles=[(Role.SC_MEMBER, None)],
                    person=person,
                    acting_user=SYSTEM,
                )
            )
    return rows, users


@pytest.fixture
def sv(world: Any, monkeypatch: pytest.MonkeyPatch) -> SV:
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.supervision import services

    rules_profiles_install_builtin()
    members, users = add_members(world)
    plan = services.plan_create(year=2026, title="2026年度监督工作计划", acting_user=world.staff)
    state = SV(world, plan, members, users)
    monkeypatch.setattr(services, "_today", lambda: state.today)
    return state


@contextmanager
def at(sv: SV, day: dt.date) -> Iterator[None]:
    """Act on ``day`` (e.g. assign a task back when its deadline was still ahead)."""
    before, sv.today = sv.today, day
    try:
        yield
    finally:
        sv.today = before


@pytest.fixture(autouse=True)
def _english_messages() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


def fresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


def make_item(
    sv: SV,
    *,
    form: str = "inspection",
    title: str = "《测试市养犬管理条例》执法检查",
    body: Any = None,
    meeting: dt.date = D(2026, 6, 26),
    adopt: bool = True,
) -> Any:
    """An item of the plan; the plan is adopted (work starts only under an adopted plan)."""
    from lvzhi.supervision import services

    item = services.item_create(
        plan=sv.plan,
        form=form,
        title=title,
        body=body or sv.w.education,
        meeting_date=meeting,
        acting_user=sv.w.staff,
    )
    if adopt and fresh(sv.plan).status == "draft":
        services.plan_adopt(plan=sv.plan, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff)
    return item


def deliberated_item(sv: SV, **kw: Any) -> Any:
    from lvzhi.supervision import services

    item = make_item(sv, **kw)
    services.item_start(item=item, acting_user=sv.w.staff)
    return services.item_deliberate(
        item=item,
        deliberated_on=D(2026, 6, 26),
        findings="检查报告：存在三方面问题。",
        acting_user=sv.w.staff,
    )


def task_for(sv: SV, item: Any = None, *, deadline: dt.date = D(2026, 10, 31), unit: Any = None) -> Any:
    from lvzhi.supervision import services

    item = item or deliberated_item(sv)
    with at(sv, min(sv.today, item.deliberated_on or sv.today)):  # assigned after the deliberation
        return services.task_add(
            item=item,
            problem="校园周边犬只管理不到位",
            unit=unit or sv.w.education,
            deadline=deadline,
            problem_type="law_enforcement",
            milestones=[("制定整改方案", D(2026, 8, 1))],
            acting_user=sv.w.staff,
        )


def voters(sv: SV, n: int) -> list[Any]:
    """Accounts of the first ``n`` members (the fixture has five; more are created)."""
    from lvzhi.core.models import Role
    from lvzhi.core.services import user_create

    while len(sv.member_users) < n:
        i = len(sv.member_users)
        sv.member_users.append(
            user_create(
                username=f"scm{i}",
                password="pw",
                roles=[(Role.SC_MEMBER, None)],
                person=sv.members[i].person,
                acting_user=SYSTEM,
            )
        )
    return sv.member_users[:n]
