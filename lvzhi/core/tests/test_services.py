"""Core services: accounts and roles, notifications after commit, to-dos, tokens, organs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from lvzhi.core import permissions as perms
from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from lvzhi.core.models import Notification, Organ, OrganType, Role, Todo, TodoStatus
from lvzhi.core.selectors import todos_for
from lvzhi.core.services import (
    api_token_create,
    api_token_revoke,
    notification_mark_read,
    notify,
    organ_create,
    organ_update,
    role_grant,
    role_revoke,
    todo_close,
    todo_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def test_user_create_rejects_duplicates_and_unknown_roles(world):
    with pytest.raises(ConflictError):
        user_create(username="staff", password="x", acting_user=world.admin)
    with pytest.raises(ValidationFailed):
        user_create(username="new", password="x", roles=[("emperor", None)], acting_user=world.admin)
    with pytest.raises(ValidationFailed):
        user_create(username="  ", password="x", acting_user=world.admin)


def test_roles_and_scoped_predicates(world):
    assert perms.is_staff_member(world.staff) and not perms.is_staff_member(world.officer)
    assert perms.organs_for_role(world.officer, Role.UNIT_OFFICER) == {world.education.pk}
    assert not perms.can_use_workspace(world.public)
    assert perms.can_view_audit_log(world.leader) and not perms.can_view_audit_log(world.staff)
    role_grant(user=world.officer, role=Role.UNIT_OFFICER, organ=world.health, acting_user=world.admin)
    world.officer.__dict__.pop("_lvzhi_roles", None)
    assert perms.organs_for_role(world.officer, Role.UNIT_OFFICER) == {world.education.pk, world.health.pk}
    role_revoke(user=world.officer, role=Role.UNIT_OFFICER, organ=world.health, acting_user=world.admin)
    with pytest.raises(NotFoundError):
        role_revoke(user=world.officer, role=Role.UNIT_OFFICER, organ=world.health, acting_user=world.admin)


def test_notification_is_emailed_only_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notify(recipients=[world.staff, world.deputy_user, world.staff], title="新的待办", body="请处理")
            assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["deputy@example.org", "staff@example.org"]
    assert Notification.objects.filter(recipient=world.staff).count() == 1  # de-duplicated recipients
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_rolled_back_notification_is_neither_stored_nor_sent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(recipients=[world.staff], title="不会发出")
            raise RuntimeError
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_only_the_recipient_may_read_a_notification(world):
    [n] = notify(recipients=[world.staff], title="t", email=False)
    with pytest.raises(PermissionDeniedError):
        notification_mark_read(notification=n, user=world.officer)
    notification_mark_read(notification=n, user=world.staff)
    n.refresh_from_db()
    assert n.read_at is not None


def test_todos_reach_person_organ_and_role(world):
    mine = todo_create(
        title="个人待办", assignee=world.staff, acting_user=SYSTEM, due_date=dt.date(2026, 12, 1)
    )
    unit = todo_create(title="教育局待办", organ=world.education, acting_user=SYSTEM)
    role = todo_create(title="全体工作人员", role=Role.STAFF, acting_user=SYSTEM)
    assert {t.pk for t in todos_for(world.staff)} == {mine.pk, role.pk}
    assert {t.pk for t in todos_for(world.officer)} == {unit.pk}
    assert todos_for(world.outsider_officer) == []
    with pytest.raises(ValidationFailed):
        todo_create(title="无人", acting_user=SYSTEM)
    with pytest.raises(PermissionDeniedError):
        todo_close(todo=unit, acting_user=world.outsider_officer)
    todo_close(todo=unit, acting_user=world.officer)
    assert Todo.objects.get(pk=unit.pk).status == TodoStatus.DONE
    with pytest.raises(ConflictError):
        todo_close(todo=unit, acting_user=world.officer)


def test_api_token_is_stored_hashed_and_revocable(world):
    token, raw = api_token_create(user=world.staff, name="脚本", acting_user=world.staff)
    assert raw.startswith("lvz_") and raw not in token.key_hash and len(token.key_hash) == 64
    api_token_revoke(token=token, acting_user=world.staff)
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(ValidationFailed):
        api_token_create(user=world.staff, name=" ", acting_user=world.staff)


def test_organ_hierarchy_cannot_loop(world):
    child = organ_create(
        code="edu-sub",
        name="教育局直属单位",
        type=OrganType.OTHER,
        parent=world.education,
        acting_user=world.admin,
    )
    with pytest.raises(ValidationFailed):
        organ_update(organ=world.education, parent=child, acting_user=world.admin)
    with pytest.raises(ValidationFailed):
        organ_create(code="bad code!", name="x", type=OrganType.OTHER, acting_user=world.admin)
    assert Organ.objects.get(pk=world.education.pk).parent_id == world.government.pk
