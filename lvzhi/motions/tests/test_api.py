"""Motions API: the journey over HTTP and the error shape {code, message, detail}."""

from __future__ import annotations

import pytest

from lvzhi.core.actors import SYSTEM
from lvzhi.core.services import api_token_create
from lvzhi.motions import services
from lvzhi.motions.models import Motion
from lvzhi.motions.states import MotionStatus

from .factories import make_motion

pytestmark = pytest.mark.django_db
S = MotionStatus


def _auth(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test", acting_user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == code and body["message"]
    return body


def test_create_confirm_submit_decide_over_the_api(client, mw):
    lead = _auth(mw.w.deputy_user)
    ids = [d.pk for d in mw.deputies[:9]]
    response = client.post(
        "/api/motions",
        {
            "session_id": mw.session.pk,
            "title": "关于加强食品安全监管的议案",
            "reason": "案据",
            "proposal": "方案",
            "cosigner_ids": ids,
        },
        content_type="application/json",
        **lead,
    )
    assert response.status_code == 201, response.content
    motion = response.json()
    assert motion["status"] == "draft" and motion["threshold"] == 10 and len(motion["signers"]) == 10
    pk = motion["id"]

    body = _error(client.post(f"/api/motions/{pk}/submit", **lead), 409, "too_few_signers")
    assert body["detail"] == {"required": 10, "confirmed": 1}

    for deputy in mw.deputies[:4]:
        assert client.post(f"/api/motions/{pk}/confirm", **_auth(mw.users[deputy.pk])).status_code == 200
    _error(client.post(f"/api/motions/{pk}/confirm", **_auth(mw.users[mw.deputies[0].pk])), 409, "conflict")
    for deputy in mw.deputies[4:9]:
        services.motion_confirm_signature(motion=Motion.objects.get(pk=pk), deputy=deputy, acting_user=SYSTEM)
    submitted = client.post(f"/api/motions/{pk}/submit", **lead).json()
    assert submitted["status"] == "submitted" and submitted["number"] == "第16届第5次会议议案第1号"

    decision = {"decision": "list", "committee_id": mw.committee.pk}
    _error(
        client.post(f"/api/motions/{pk}/decide", decision, content_type="application/json", **lead),
        403,
        "forbidden",
    )
    staff = _auth(mw.w.staff)
    listed = client.post(f"/api/motions/{pk}/decide", decision, content_type="application/json", **staff)
    assert listed.status_code == 200 and listed.json()["status"] == "listed"
    _error(
        client.post(f"/api/motions/{pk}/decide", decision, content_type="application/json", **staff),
        409,
        "invalid_transition",
    )
    voted = client.post(f"/api/motions/{pk}/vote", {"passed": True}, content_type="application/json", **staff)
    assert voted.json()["status"] == "passed"


def test_withdraw_over_the_api(client, mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    lead = _auth(mw.w.deputy_user)
    # the lead's call on a tabled motion records a request; the office's call withdraws it
    body = client.post(
        f"/api/motions/{motion.pk}/withdraw", {"reason": "另行提出"}, content_type="application/json", **lead
    ).json()
    assert body["status"] == "submitted"
    assert Motion.objects.get(pk=motion.pk).withdrawal_requested_at is not None
    staff = _auth(mw.w.staff)
    body = client.post(
        f"/api/motions/{motion.pk}/withdraw", {}, content_type="application/json", **staff
    ).json()
    assert body["status"] == "withdrawn" and body["withdrawal_reason"] == "另行提出"
    _error(
        client.post(f"/api/motions/{motion.pk}/withdraw", {}, content_type="application/json", **staff),
        409,
        "invalid_transition",
    )


def test_signature_withdrawal_over_the_api_ends_handling(client, mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    cosigner = _auth(mw.users[mw.deputies[0].pk])
    body = client.post(
        f"/api/motions/{motion.pk}/withdraw-signature",
        {"reason": "不再附议"},
        content_type="application/json",
        **cosigner,
    ).json()
    assert body["status"] == "ended" and body["end_reason"]


def test_error_shapes(client, mw):
    lead = _auth(mw.w.deputy_user)
    _error(client.get("/api/motions/999999", **lead), 404, "not_found")
    _error(
        client.post("/api/motions", {"title": "x"}, content_type="application/json", **lead),
        422,
        "validation_failed",
    )
    _error(
        client.post(
            "/api/motions", {"session_id": 999999, "title": "x"}, content_type="application/json", **lead
        ),
        404,
        "not_found",
    )
    body = _error(
        client.post(
            "/api/motions",
            {"session_id": mw.meeting.pk, "title": "x", "cosigner_ids": [mw.deputies[10].pk]},
            content_type="application/json",
            **lead,
        ),
        422,
        "validation_failed",
    )
    assert body["detail"] and isinstance(body["detail"], list)
    _error(
        client.post(
            "/api/motions",
            {"session_id": mw.session.pk, "title": "x", "cosigner_ids": [999999]},
            content_type="application/json",
            **lead,
        ),
        404,
        "not_found",
    )
    _error(
        client.post(
            "/api/motions",
            {"session_id": mw.session.pk, "title": "x"},
            content_type="application/json",
            **_auth(mw.w.public),
        ),
        403,
        "forbidden",
    )
    _error(client.get("/api/motions"), 401, "unauthenticated")
    draft = make_motion(mw, confirmed=1)
    _error(client.get(f"/api/motions/{draft.pk}", **_auth(mw.other_deputy_user)), 404, "not_found")
    _error(
        client.post(
            f"/api/motions/{draft.pk}/decide",
            {"decision": "approve"},
            content_type="application/json",
            **_auth(mw.w.staff),
        ),
        422,
        "validation_failed",
    )


def test_list_paginates_and_scopes(client, mw):
    for i in range(3):
        make_motion(mw, confirmed=1, quick=True, title=f"议案{i}")
    lead = _auth(mw.w.deputy_user)
    body = client.get("/api/motions?page_size=2&page=2", **lead).json()
    assert body["count"] == 3 and body["pages"] == 2 and len(body["results"]) == 1
    _error(client.get("/api/motions?page_size=2&page=9", **lead), 422, "validation_failed")
    # drafts are their authors' alone: the office neither lists nor opens them
    staff = _auth(mw.w.staff)
    assert client.get("/api/motions", **staff).json()["count"] == 0
    first = Motion.objects.order_by("pk").first()
    _error(client.get(f"/api/motions/{first.pk}", **staff), 404, "not_found")
    assert client.get("/api/motions", **_auth(mw.other_deputy_user)).json()["count"] == 0
    assert client.get("/api/motions?status=draft&mine=true", **_auth(mw.w.deputy_user)).json()["count"] == 3


def test_api_list_query_count_does_not_grow_with_rows(client, mw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = _auth(mw.w.staff)
    make_motion(mw, confirmed=1, quick=True)
    client.get("/api/motions", **staff)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/motions", **staff).status_code == 200
    for i in range(6):
        make_motion(
            mw,
            confirmed=2,
            quick=True,
            title=f"议案{i}",
            session=mw.meeting if i % 2 else None,
            cosigners=mw.deputies[:2],
        )
    with CaptureQueriesContext(connection) as big:
        assert client.get("/api/motions", **staff).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_staff_withdrawing_a_signature_must_name_the_deputy(client, mw):
    """An allowed caller who left out a field gets 422, not 403."""
    motion = services.motion_submit(motion=make_motion(mw, confirmed=10), acting_user=mw.w.deputy_user)
    response = client.post(
        f"/api/motions/{motion.pk}/withdraw-signature",
        {"reason": "x"},
        content_type="application/json",
        **_auth(mw.w.staff),
    )
    body = _error(response, 422, "validation_failed")
    assert "deputy_id" in body["detail"]
