"""API: token and session authentication, and the error shape {code, message, detail}."""

from __future__ import annotations

import pytest

from lvzhi.core.services import api_token_create, api_token_revoke
from lvzhi.core.testing import external_references

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code and body["message"]
    return body


def test_no_credentials_gives_401(client, world):
    _assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_bad_and_revoked_tokens_give_401(client, world):
    _assert_error(client.get("/api/me", **_bearer("lvz_not-a-token")), 401, "unauthenticated")
    token, raw = api_token_create(user=world.staff, name="ci", acting_user=world.staff)
    assert client.get("/api/me", **_bearer(raw)).status_code == 200
    api_token_revoke(token=token, acting_user=world.staff)
    _assert_error(client.get("/api/me", **_bearer(raw)), 401, "unauthenticated")


def test_token_authenticates_and_records_use(client, world):
    token, raw = api_token_create(user=world.officer, name="ci", acting_user=world.officer)
    body = client.get("/api/me", **_bearer(raw)).json()
    assert body["username"] == "officer"
    assert {"role": "unit_officer", "organ_id": world.education.pk} in body["roles"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_session_authentication_works_for_the_browser(client, world):
    client.force_login(world.staff)
    assert client.get("/api/me").json()["username"] == "staff"


def test_validation_error_shape(client, world):
    client.force_login(world.staff)
    body = _assert_error(client.get("/api/calendar/due?start=not-a-date&amount=3"), 422, "validation_failed")
    assert body["detail"] and "start" in body["detail"][0]["loc"]
    _assert_error(
        client.get("/api/calendar/due?start=2026-01-05&amount=3&unit=fortnights"), 422, "validation_failed"
    )


@pytest.mark.parametrize(
    "query",
    ["start=9999-12-31&amount=3650", "start=9999-12-01&amount=3650&unit=months", "start=0001-01-01&amount=1"],
)
def test_deadlines_far_outside_the_calendar_are_refused(client, world, query):
    body = _assert_error(client.get(f"/api/calendar/due?{query}"), 422, "validation_failed")
    assert body["detail"][0]["loc"] == ["query", "start"]


def test_permission_and_not_found_shapes(client, world):
    token, raw = api_token_create(user=world.public, name="x", acting_user=world.public)
    _assert_error(client.get("/api/deputies", **_bearer(raw)), 403, "forbidden")
    _assert_error(client.post("/api/audit/verify", **_bearer(raw)), 403, "forbidden")
    client.force_login(world.staff)
    _assert_error(client.get("/api/deputies/999999"), 404, "not_found")
    _assert_error(client.get("/api/rules/nope"), 404, "not_found")


def test_domain_error_from_a_service_maps_to_409(client, world):
    import datetime as dt

    from lvzhi.deputies.services import deputy_change_status

    deputy_change_status(
        deputy=world.deputy,
        status="terminated",
        reason="辞职",
        date=dt.date(2026, 1, 5),
        acting_user=world.staff,
    )
    _t, raw = api_token_create(user=world.staff, name="x", acting_user=world.staff)
    response = client.post(
        f"/api/deputies/{world.deputy.pk}/status",
        {"status": "active", "date": "2026-02-01"},
        content_type="application/json",
        **_bearer(raw),
    )
    _assert_error(response, 409, "invalid_transition")


def test_working_day_deadline_endpoint_crosses_spring_festival(client, db):
    # 2026-02-13 (Fri): 5 working days later skips the Spring Festival holiday
    body = client.get("/api/calendar/due?start=2026-02-13&amount=5&unit=working_days").json()
    from lvzhi.core.workdays import WorkCalendar

    assert (
        body["due"]
        == WorkCalendar().add_working_days(__import__("datetime").date(2026, 2, 13), 5).isoformat()
    )
    assert body["due"] > "2026-02-24" and body["working_day"] is True


def test_openapi_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200 and "/api/deputies" in schema.json()["paths"]
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert external_references(html) == [] and "/static/ninja/" in html


def test_deadline_across_a_computed_only_year_is_provisional_until_the_arrangement_is_entered(client, world):
    import datetime as dt

    from lvzhi.core.actors import SYSTEM
    from lvzhi.core.services import calendar_override_set

    url = "/api/calendar/due?start=2026-12-28&amount=5&unit=working_days"
    body = client.get(url).json()
    # 1 January 2027 (元旦) is a statutory holiday, computed: Tue 29 – Thu 31 Dec, Mon 4, Tue 5 Jan
    assert body["due"] == "2027-01-05"
    assert body["provisional"] is True and body["provisional_years"] == [2027]
    inside = client.get("/api/calendar/due?start=2026-03-02&amount=5&unit=working_days").json()
    assert inside["provisional"] is False and inside["provisional_years"] == []
    # the office enters the State Council's 2027 arrangement (here: one make-up Saturday)
    calendar_override_set(date=dt.date(2027, 2, 20), is_working_day=True, note="调休", acting_user=SYSTEM)
    body = client.get(url).json()
    assert body["provisional"] is False and body["provisional_years"] == []
    assert body["due"] == "2027-01-05"
