"""Fixtures for the suggestions workflow: the root ``world`` plus co-signers and profiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from lvzhi.core.actors import SYSTEM


@dataclass
class SW:
    w: Any
    cosigners: list[Any]  # Deputy rows with accounts
    cosigner_users: list[Any]
    committee: Any


@pytest.fixture
def sw(world: Any) -> SW:
    from conftest import make_person
    from lvzhi.core.models import Organ, OrganType, Role
    from lvzhi.core.services import rules_profiles_install_builtin, user_create
    from lvzhi.deputies.models import Deputy

    rules_profiles_install_builtin()
    cosigners, users = [], []
    for i, name in enumerate(["张伟", "刘洋", "陈静"], start=10):
        person = make_person(name, i)
        d = Deputy.objects.create(
            person=person,
            term=world.term,
            code=f"D00{i}",
            electoral_unit=world.unit,
            delegation=world.delegation,
        )
        cosigners.append(d)
        users.append(
            user_create(
                username=f"dep{i}",
                password="x",
                person=person,
                roles=[(Role.DEPUTY, None)],
                email=f"dep{i}@example.org",
                acting_user=SYSTEM,
            )
        )
    committee = Organ.objects.create(
        code="edu-committee",
        name="教育科学文化卫生委员会",
        type=OrganType.SPECIAL_COMMITTEE,
        parent=world.congress,
    )
    return SW(world, cosigners, users, committee)


def fresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


D = dt.date


@pytest.fixture(autouse=True)
def _english_messages() -> Any:
    """Service messages are matched in English here; the Chinese catalogue is tested apart."""
    from django.utils import translation

    with translation.override("en"):
        yield
