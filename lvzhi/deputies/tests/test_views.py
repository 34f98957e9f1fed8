"""Roster pages through the client: filters, masking, no N+1, bad input never a 500."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import AuditLog
from lvzhi.deputies.masking import mask_email, mask_id_number, mask_phone
from lvzhi.deputies.models import Deputy

pytestmark = pytest.mark.django_db


def _bulk(world, n: int) -> None:
    from lvzhi.core.models import Person

    people = Person.objects.bulk_create([Person(name=f"代表{i}", phone=f"1390000{i:04d}") for i in range(n)])
    Deputy.objects.bulk_create(
        [
            Deputy(
                person=p,
                term=world.term,
                code=f"X{i:04d}",
                electoral_unit=world.unit,
                delegation=world.delegation,
                group=world.group,
                station=world.station,
            )
            for i, p in enumerate(people)
        ]
    )


def test_list_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.staff)
    url = reverse("deputies:list")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _bulk(world, 60)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_search_and_filters(client, world):
    _bulk(world, 5)
    client.force_login(world.staff)
    body = client.get(reverse("deputies:list"), {"q": "王建国"}).content.decode()
    assert "王建国" in body and "代表3" not in body
    body = client.get(reverse("deputies:list"), {"delegation": world.delegation2.pk}).content.decode()
    assert "王建国" not in body
    body = client.get(reverse("deputies:list"), {"status": "active", "page": "999", "delegation": "abc"})
    assert body.status_code == 200  # junk parameters are ignored, never a 500


def test_htmx_request_gets_only_rows(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("deputies:list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table>" in html and "<html" not in html


def test_detail_masks_contacts_for_a_leader_and_staff_reveal_them_one_by_one(client, world):
    """Issue 11.2: masked for everyone; a keeper sees a full value only through the audited
    reveal action (before: the office saw every ID number on the page)."""
    from lvzhi.core.models import AuditLog

    url = reverse("deputies:detail", args=[world.deputy.pk])
    reveal = reverse("deputies:reveal", args=[world.deputy.pk])
    idn = world.deputy.person.id_number
    client.force_login(world.leader)
    assert idn not in client.get(url).content.decode()
    assert client.post(reveal, {"field": "id_number"}).status_code == 403
    client.force_login(world.staff)
    page = client.get(url).content.decode()
    assert idn not in page and mask_id_number(idn) in page and world.deputy.person.phone not in page
    shown = client.post(reveal, {"field": "id_number"}).content.decode()
    assert idn in shown and world.deputy.person.phone not in shown  # one field at a time
    row = AuditLog.objects.filter(action="deputy.contact.reveal", object_id=str(world.deputy.pk)).get()
    assert row.actor_id == world.staff.pk and row.changes == {"field": "id_number"}
    assert idn not in str(row.changes)


def test_contacts_masked_on_pages_api_and_export_for_keepers_too(client, world):
    from lvzhi.core.services import api_token_create

    p = world.deputy.person
    client.force_login(world.staff)
    body = client.get(f"/api/deputies/{world.deputy.pk}").json()
    assert body["contact_masked"] and body["id_number"] == mask_id_number(p.id_number)
    assert body["phone"] == mask_phone(p.phone) and body["email"] == mask_email(p.email)
    assert body["phone"] == p.phone[:3] + "****" + p.phone[-4:] and body["email"].startswith("p***@")
    sheet = load_workbook(io.BytesIO(client.get(reverse("deputies:export")).content)).worksheets[0]
    values = {str(c.value) for row in sheet.iter_rows() for c in row}
    assert p.id_number not in values and p.phone not in values and mask_phone(p.phone) in values
    _t, raw = api_token_create(user=world.staff, name="x", acting_user=world.staff)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    revealed = client.post(
        f"/api/deputies/{world.deputy.pk}/reveal", {"field": "phone"}, content_type="application/json", **auth
    )
    assert revealed.status_code == 200 and revealed.json()["value"] == p.phone
    assert AuditLog.objects.filter(action="deputy.contact.reveal", actor_id=world.staff.pk).count() == 1


def test_full_export_is_for_keepers_and_audited(client, world):
    url = reverse("deputies:export") + "?full=1"
    client.force_login(world.leader)
    assert client.get(reverse("deputies:export")).status_code == 200  # masked
    assert client.get(url).status_code == 403
    assert not AuditLog.objects.filter(action="deputy.roster.export_full").exists()
    client.force_login(world.staff)
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = {str(c.value) for row in sheet.iter_rows() for c in row}
    assert world.deputy.person.id_number in values
    row = AuditLog.objects.get(action="deputy.roster.export_full")
    assert row.actor_id == world.staff.pk and row.changes["rows"] == 1


def test_only_the_roster_keepers_manage_and_reveal(client, world):
    """Staff of other working bodies (legal, budget) read the roster, masked; they do not manage it."""
    from lvzhi.core.models import Organ, OrganType, Role
    from lvzhi.core.services import user_create
    from lvzhi.deputies import permissions as perms

    personnel = Organ.objects.create(
        code="renshi",
        name="人事代表选举工作委员会",
        type=OrganType.WORKING_BODY,
        parent=world.sc,
        duty="personnel",
    )
    legal = Organ.objects.create(
        code="fagong", name="法制工作委员会", type=OrganType.WORKING_BODY, parent=world.sc, duty="legislation"
    )
    hr = user_create(username="hr", password="pw", roles=[(Role.STAFF, personnel)], acting_user=SYSTEM)
    lawyer = user_create(username="lawyer", password="pw", roles=[(Role.STAFF, legal)], acting_user=SYSTEM)
    d = world.deputy
    assert perms.can_reveal_deputy_contact(hr, d) and perms.can_manage_deputies(hr)
    assert not perms.can_reveal_deputy_contact(lawyer, d) and not perms.can_manage_deputies(lawyer)
    client.force_login(lawyer)
    assert client.get(reverse("deputies:detail", args=[d.pk])).status_code == 200
    assert client.get(reverse("deputies:edit", args=[d.pk])).status_code == 403
    assert client.post(reverse("deputies:reveal", args=[d.pk]), {"field": "phone"}).status_code == 403
    assert client.get(reverse("deputies:import")).status_code == 403


def test_a_citizen_gets_404_for_a_deputy_page_and_api(client, world):
    """Issue 11.3: no 403 that confirms the record exists."""
    client.force_login(world.public)
    assert client.get(reverse("deputies:detail", args=[world.deputy.pk])).status_code == 404
    assert client.get(reverse("deputies:edit", args=[world.deputy.pk])).status_code == 404
    assert client.get(f"/api/deputies/{world.deputy.pk}").status_code == 404


def test_roles_without_need_cannot_open_the_roster(client, world):
    client.force_login(world.public)
    assert client.get(reverse("deputies:list")).status_code == 403
    client.force_login(world.officer)
    assert client.get(reverse("deputies:import")).status_code == 403
    assert client.get(reverse("deputies:export")).status_code == 403


def test_illegal_status_change_shows_a_message_and_changes_nothing(client, world):
    import datetime as dt

    from lvzhi.deputies.services import deputy_change_status

    deputy_change_status(
        deputy=world.deputy,
        status="terminated",
        reason="辞职",
        date=dt.date(2026, 1, 5),
        acting_user=world.staff,
    )
    client.force_login(world.staff)
    url = reverse("deputies:status", args=[world.deputy.pk])
    response = client.post(
        url,
        {"status": "active", "reason": "", "date": "2026-02-01"},
        HTTP_REFERER=reverse("deputies:detail", args=[world.deputy.pk]),
        follow=True,
    )
    assert response.status_code == 200
    assert Deputy.objects.get(pk=world.deputy.pk).status == "terminated"
    assert any("终止" in str(m) or "terminated" in str(m).lower() for m in response.context["messages"])


def test_import_page_reports_errors_and_export_downloads(client, world):
    client.force_login(world.staff)
    bad = io.BytesIO(b"not a workbook")
    bad.name = "roster.xlsx"
    response = client.post(reverse("deputies:import"), {"file": bad})
    assert response.status_code == 200
    assert "import-errors" in response.content.decode()
    export = client.get(reverse("deputies:export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_list_paginates_and_masks(client, world):
    from lvzhi.core.services import api_token_create

    _bulk(world, 7)
    _t, raw = api_token_create(user=world.leader, name="x", acting_user=world.leader)
    body = client.get("/api/deputies?page_size=5&page=2", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body["count"] == 8 and body["pages"] == 2 and len(body["results"]) == 3
    assert all(r["contact_masked"] for r in body["results"])
    bad = client.get("/api/deputies?page_size=5&page=9", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert bad.status_code == 422 and bad.json()["code"] == "validation_failed"


def test_api_import_rejects_a_bad_file_row_by_row(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvzhi.core.services import api_token_create
    from lvzhi.deputies.xlsx import deputies_export_xlsx

    _t, raw = api_token_create(user=world.staff, name="x", acting_user=world.staff)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    bad = client.post("/api/deputies/import", {"file": SimpleUploadedFile("r.xlsx", b"garbage")}, **auth)
    assert bad.status_code == 422
    body = bad.json()
    assert body["code"] == "import_rejected" and body["detail"][0]["row"] == 0
    good_bytes = deputies_export_xlsx(
        deputies=Deputy.objects.select_related("person", "delegation", "group", "station", "electoral_unit"),
        reveal_contacts=True,
    )
    good = client.post("/api/deputies/import", {"file": SimpleUploadedFile("r.xlsx", good_bytes)}, **auth)
    assert good.status_code == 200 and good.json() == {"created": 0, "updated": 0}
    _t, officer = api_token_create(user=world.officer, name="x", acting_user=world.officer)
    denied = client.post(
        "/api/deputies/import",
        {"file": SimpleUploadedFile("r.xlsx", good_bytes)},
        HTTP_AUTHORIZATION=f"Bearer {officer}",
    )
    assert denied.status_code == 403


def test_reveal_over_the_api_is_refused_to_a_leader_and_an_unknown_field_is_422(client, world):
    url = f"/api/deputies/{world.deputy.pk}/reveal"
    client.force_login(world.leader)
    assert client.post(url, {"field": "phone"}, content_type="application/json").status_code == 403
    client.force_login(world.staff)
    assert client.post(url, {"field": "password"}, content_type="application/json").status_code == 422
    client.force_login(world.deputy_user)  # their own record
    assert client.post(url, {"field": "email"}, content_type="application/json").json()["value"] == (
        world.deputy.person.email
    )
    assert not AuditLog.objects.filter(action="deputy.contact.reveal", actor_id=world.leader.pk).exists()
