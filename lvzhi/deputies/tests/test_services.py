"""Roster services and permissions, including every status transition."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import ConflictError, InvalidTransition, ValidationFailed
from lvzhi.deputies import permissions as perms
from lvzhi.deputies.models import Deputy, Sector
from lvzhi.deputies.services import deputy_change_status, deputy_create, deputy_update
from lvzhi.deputies.states import MANDATE, TRANSITIONS, DeputyStatus

pytestmark = pytest.mark.django_db
D = dt.date(2026, 4, 1)


def _new(world, code="D0200", idn=None, by=None, **over):
    from conftest import make_person  # noqa: F401  (keeps ID generation in one place)
    from lvzhi.deputies.validation import id_check_digit

    first17 = "44990119900303200"
    person = {"name": "孙悦", "id_number": idn or first17 + id_check_digit(first17), "phone": "13600000000"}
    fields = {
        "code": code,
        "electoral_unit": world.unit,
        "delegation": world.delegation,
        "sector": Sector.FARMER,
    }
    fields.update(over)
    return deputy_create(term=world.term, person_fields=person, acting_user=by or world.staff, **fields)


def test_create_and_update(world):
    deputy = _new(world)
    assert deputy.status == DeputyStatus.ACTIVE
    deputy_update(
        deputy=deputy, person_fields={"phone": "13611112222"}, station=world.station, acting_user=world.staff
    )
    deputy.refresh_from_db()
    assert deputy.person.phone == "13611112222" and deputy.station_id == world.station.pk


def test_create_refuses_duplicates_and_bad_data(world):
    with pytest.raises(ConflictError):
        _new(world, code="D0001")
    with pytest.raises(ConflictError):
        _new(world, idn=world.deputy.person.id_number)
    with pytest.raises(ValidationFailed):
        _new(world, idn="123")
    with pytest.raises(ValidationFailed):  # group of another delegation
        _new(world, delegation=world.delegation2, group=world.group)
    assert Deputy.objects.count() == 1


@pytest.mark.parametrize("start", list(DeputyStatus.values))
@pytest.mark.parametrize("target", list(DeputyStatus.values))
def test_every_status_transition(world, start, target):
    deputy = world.deputy
    if start != DeputyStatus.ACTIVE:
        Deputy.objects.filter(pk=deputy.pk).update(status=start, status_reason="预置", status_date=D)
    allowed = target in TRANSITIONS[start]
    if allowed:
        result = deputy_change_status(
            deputy=deputy, status=target, reason="原因", date=D, acting_user=world.staff
        )
        assert result.status == target
        if target == DeputyStatus.ACTIVE:
            assert result.status_reason == ""
    else:
        with pytest.raises(InvalidTransition):
            deputy_change_status(deputy=deputy, status=target, reason="原因", date=D, acting_user=world.staff)
        assert Deputy.objects.get(pk=deputy.pk).status == start


def test_suspension_needs_a_reason(world):
    with pytest.raises(ValidationFailed):
        deputy_change_status(
            deputy=world.deputy, status="suspended", reason=" ", date=D, acting_user=world.staff
        )
    with pytest.raises(ValidationFailed):
        deputy_change_status(
            deputy=world.deputy, status="retired", reason="x", date=D, acting_user=world.staff
        )


def test_contact_visibility_by_role(world):
    d = world.deputy
    assert perms.can_reveal_deputy_contact(world.staff, d)
    assert perms.can_reveal_deputy_contact(world.admin, d)
    assert perms.can_reveal_deputy_contact(world.deputy_user, d)  # their own record
    for user in (world.leader, world.sc_member, world.officer, world.public):
        assert not perms.can_reveal_deputy_contact(user, d)
    assert perms.can_export_deputies(world.leader) and not perms.can_export_deputies(world.officer)
    assert not perms.can_view_roster(world.public)


@pytest.mark.parametrize(("action", "start", "is_allowed"), MANDATE.matrix())
def test_mandate_table_every_action_from_every_state(world, action, start, is_allowed):
    """The MANDATE Workflow table, walked exhaustively through the service."""
    deputy = world.deputy
    if start != DeputyStatus.ACTIVE:
        Deputy.objects.filter(pk=deputy.pk).update(status=start, status_reason="预置", status_date=D)
    target = MANDATE.target(action)
    if is_allowed:
        result = deputy_change_status(deputy=deputy, status=target, reason="原因", date=D, acting_user=SYSTEM)
        assert result.status == target
    else:
        with pytest.raises(InvalidTransition):
            deputy_change_status(deputy=deputy, status=target, reason="原因", date=D, acting_user=SYSTEM)
        assert Deputy.objects.get(pk=deputy.pk).status == start


def test_roster_services_authorize_the_acting_user(world):
    """Only the keepers write the roster: a leader (who may export it) may not change it."""
    from lvzhi.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        deputy_change_status(
            deputy=world.deputy, status="suspended", reason="x", date=D, acting_user=world.leader
        )
    with pytest.raises(PermissionDeniedError):
        deputy_update(
            deputy=world.deputy, person_fields={"phone": "13600000000"}, acting_user=world.deputy_user
        )
    with pytest.raises(PermissionDeniedError):
        _new(world, by=world.officer)
    assert Deputy.objects.get(pk=world.deputy.pk).status == "active"


def test_a_status_change_is_not_dated_in_the_future_nor_before_the_current_status(world):
    """Dates cannot lie (before: a termination dated next year was recorded as done)."""
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as info:
        deputy_change_status(
            deputy=world.deputy, status="terminated", reason="辞职", date=tomorrow, acting_user=world.staff
        )
    assert "date" in info.value.detail
    deputy_change_status(
        deputy=world.deputy, status="suspended", reason="羁押", date=D, acting_user=world.staff
    )
    with pytest.raises(ValidationFailed):
        deputy_change_status(
            deputy=world.deputy,
            status="active",
            reason="",
            date=D - dt.timedelta(days=1),
            acting_user=world.staff,
        )
    assert Deputy.objects.get(pk=world.deputy.pk).status == "suspended"
    assert (
        deputy_change_status(
            deputy=world.deputy, status="active", reason="", date=D, acting_user=world.staff
        ).status
        == "active"
    )
