from __future__ import annotations

import json
from typing import Any

import pytest

from lvzhi.supervision import services

from .conftest import D, deliberated_item, fresh, task_for

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_close_without_verification_error_shape(client: Any, sv: Any) -> None:
    task = task_for(sv)
    client.force_login(sv.w.staff)
    r = client.post(f"/api/supervision/tasks/{task.pk}/close")
    assert r.status_code == 409
    body = r.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == "not_verified"


def test_unit_api_scope(client: Any, sv: Any) -> None:
    mine, theirs = task_for(sv), task_for(sv, unit=sv.w.health)
    client.force_login(sv.w.officer)
    ids = [t["id"] for t in client.get("/api/supervision/tasks").json()]
    assert ids == [mine.pk]
    assert client.get(f"/api/supervision/tasks/{theirs.pk}").status_code == 404
    r = _post(client, f"/api/supervision/tasks/{mine.pk}/progress", {"note": "进展", "percent": 30})
    assert r.status_code == 200 and r.json()["progress"] == 30
    r = _post(client, f"/api/supervision/tasks/{mine.pk}/progress", {"note": "进展", "percent": 300})
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
    r = _post(client, f"/api/supervision/tasks/{mine.pk}/verify", {"passed": True, "note": "x"})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert client.get("/api/supervision/items").status_code == 403


def test_vote_api_errors(client: Any, sv: Any) -> None:
    vote = services.vote_open(
        item=deliberated_item(sv), subject="测评", opened_on=D(2026, 7, 1), acting_user=sv.w.staff
    )
    client.force_login(sv.member_users[0])
    assert (
        _post(client, f"/api/supervision/votes/{vote.pk}/ballot", {"choice": "satisfied"}).status_code == 204
    )
    r = _post(client, f"/api/supervision/votes/{vote.pk}/ballot", {"choice": "satisfied"})
    assert r.status_code == 409 and r.json()["code"] == "already_voted"
    client.force_login(sv.w.sc_member)
    r = _post(client, f"/api/supervision/votes/{vote.pk}/ballot", {"choice": "satisfied"})
    assert r.status_code == 403 and r.json()["code"] == "not_member"
    got = client.get(f"/api/supervision/votes/{vote.pk}").json()
    assert got["participants"] == 1 and got["satisfied"] is None  # no counts while open
    assert fresh(vote).status == "open"
