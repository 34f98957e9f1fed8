"""Django's admin site: administrators only (the access matrix leaves /admin/ to this test),
and every write made there goes through the audited core service."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from lvzhi.core.access import P
from lvzhi.core.models import AuditLog, Organ, OrganType
from lvzhi.core.tests.test_access_matrix import build_matrix

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:index",
    "admin:core_organ_changelist",
    "admin:core_auditlog_changelist",
    "admin:core_user_changelist",
]


def test_only_administrators_with_the_staff_flag_open_the_admin(client: Any, world: Any) -> None:
    m = build_matrix(world)
    for persona, user in m.users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name in PAGES:
            response = client.get(reverse(name))
            # no persona has Django's staff flag: even the administrator role alone is not enough
            assert response.status_code == 302, (persona, name, response.status_code)
            assert "/login/" in response["Location"], (persona, name)
    staff_flag_only = world.staff
    staff_flag_only.is_staff = True
    staff_flag_only.save(update_fields=["is_staff"])
    client.force_login(staff_flag_only)
    assert client.get(reverse("admin:index")).status_code == 302  # the staff flag without the role
    world.admin.is_staff = True
    world.admin.save(update_fields=["is_staff"])
    client.force_login(world.admin)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    assert m.users[P.ADMIN] == world.admin


def test_every_registered_model_admin_writes_through_the_audited_service() -> None:
    from lvzhi.core.admin_site import AuditedAdminMixin

    plain = [
        model._meta.label
        for model, ma in admin.site._registry.items()
        if not isinstance(ma, AuditedAdminMixin)
    ]
    assert not plain


def test_an_admin_edit_is_audited_with_the_fields_it_changed(client: Any, world: Any) -> None:
    world.admin.is_staff = True
    world.admin.save(update_fields=["is_staff"])
    client.force_login(world.admin)
    organ = Organ.objects.create(code="probe", name="试点机构", type=OrganType.OTHER)
    url = reverse("admin:core_organ_change", args=[organ.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"name": "试点机构（改名）", "sort_order": 0, "is_active": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    organ.refresh_from_db()
    assert organ.name == "试点机构（改名）"
    row = AuditLog.objects.filter(action="admin.core.organ.update", object_id=str(organ.pk)).get()
    assert row.actor_id == world.admin.pk and row.changes["name"] == "试点机构（改名）"
