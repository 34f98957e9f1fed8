"""Legislation API: steps over HTTP and the error shape {code, message, detail}."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core.services import api_token_create
from lvzhi.legislation.models import Bill, Vote

from .factories import DOG_DRAFT, make_bill, read, ready_for_vote

pytestmark = pytest.mark.django_db


def _auth(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test", acting_user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == code and body["message"]
    return body


def _post(client, url: str, data: dict, headers: dict):
    return client.post(url, data, content_type="application/json", **headers)


def test_a_bill_over_the_api_with_its_refusals(client, lw):
    clerk = _auth(lw.clerk)
    response = _post(
        client,
        "/api/legislation/bills",
        {
            "title": "江澜市养犬管理条例（草案）",
            "proposer_kind": "government",
            "proposer_organ_id": lw.w.government.pk,
            "drafting_unit_id": lw.w.health.pk,
            "explanation": "说明",
            "text": DOG_DRAFT,
        },
        clerk,
    )
    assert response.status_code == 201, response.content
    bill = response.json()
    assert (
        bill["status"] == "drafting"
        and bill["readings_planned"] == 2
        and bill["versions"][0]["article_count"] == 8
    )
    pk = bill["id"]
    assert client.post(f"/api/legislation/bills/{pk}/submit", **clerk).json()["status"] == "submitted"
    _error(client.post(f"/api/legislation/bills/{pk}/submit", **clerk), 409, "invalid_transition")

    response = _post(
        client, f"/api/legislation/bills/{pk}/readings", {"session_id": lw.meetings[0].pk}, clerk
    )
    reading_id = response.json()["readings"][0]["id"]
    assert (
        client.post(
            f"/api/legislation/readings/{reading_id}/hold", {}, content_type="application/json", **clerk
        ).json()["readings_held"]
        == 1
    )
    body = _error(
        _post(
            client,
            f"/api/legislation/bills/{pk}/consultation",
            {"start": "2025-09-20", "end": "2025-10-01"},
            clerk,
        ),
        422,
        "consultation_too_short",
    )
    assert body["detail"]["earliest_end"] == "2025-10-10"
    _error(
        _post(client, f"/api/legislation/bills/{pk}/readings-planned", {"readings": 4, "note": "x"}, clerk),
        409,
        "readings_out_of_range",
    )
    _error(
        _post(
            client, f"/api/legislation/bills/{pk}/consultation", {"start": "not a date", "end": "x"}, clerk
        ),
        422,
        "validation_failed",
    )
    _error(
        _post(client, f"/api/legislation/bills/{pk}/review", {"report": "r"}, clerk),
        422,
        "unadopted_opinions_missing",
    )
    _error(
        _post(
            client,
            f"/api/legislation/bills/{pk}/review",
            {"report": "r", "unadopted": [{"committee_id": 99999, "opinion": "o", "reason": "r"}]},
            clerk,
        ),
        404,
        "not_found",
    )
    ok = _post(
        client,
        f"/api/legislation/bills/{pk}/review",
        {"report": "r", "unadopted": [{"committee_id": lw.law_committee.pk, "opinion": "o", "reason": "r"}]},
        clerk,
    )
    assert ok.status_code == 200 and ok.json()["has_unified_review"]


def test_vote_over_the_api(client, lw):
    clerk = _auth(lw.clerk)
    bill = ready_for_vote(lw, present=0)
    meeting = lw.meetings[2]
    body = _error(
        _post(client, f"/api/legislation/bills/{bill.pk}/votes", {"session_id": meeting.pk}, clerk),
        409,
        "no_quorum",
    )
    assert body["detail"] == {"total": 15, "present": 0, "needed": 8}
    assert not Vote.objects.exists()
    quorum = _post(
        client,
        f"/api/legislation/meetings/{meeting.pk}/attendance",
        {"present_membership_ids": [m.pk for m in lw.members[:9]]},
        clerk,
    ).json()
    assert quorum["met"] and quorum["present"] == 9
    vote = _post(client, f"/api/legislation/bills/{bill.pk}/votes", {"session_id": meeting.pk}, clerk).json()
    member = lw.members[0]
    own = _auth(lw.member_users[member.pk])
    assert (
        _post(client, f"/api/legislation/votes/{vote['id']}/ballots", {"choice": "yes"}, own).status_code
        == 200
    )
    _error(
        _post(
            client,
            f"/api/legislation/votes/{vote['id']}/ballots",
            {"choice": "yes", "membership_id": lw.members[1].pk},
            own,
        ),
        403,
        "forbidden",
    )
    _error(
        _post(client, f"/api/legislation/votes/{vote['id']}/ballots", {"choice": "maybe"}, own),
        422,
        "validation_failed",
    )
    for m in lw.members[1:8]:
        _post(
            client,
            f"/api/legislation/votes/{vote['id']}/ballots",
            {"choice": "yes", "membership_id": m.pk},
            clerk,
        )
    _error(
        _post(
            client,
            f"/api/legislation/votes/{vote['id']}/ballots",
            {"choice": "yes", "membership_id": lw.members[12].pk},
            clerk,
        ),
        422,
        "not_present",
    )
    _error(client.post(f"/api/legislation/votes/{vote['id']}/close", **own), 403, "forbidden")
    closed = client.post(f"/api/legislation/votes/{vote['id']}/close", **clerk).json()
    assert closed["yes"] == 8 and closed["result"] == "adopted" and closed["total_members"] == 15
    assert Bill.objects.get(pk=bill.pk).status == "passed"
    _error(client.post(f"/api/legislation/votes/{vote['id']}/close", **clerk), 409, "vote_closed")
    today = Bill.objects.get(pk=bill.pk).passed_on
    _error(
        _post(
            client,
            f"/api/legislation/bills/{bill.pk}/promulgate",
            {
                "announcement_number": "第1号",
                "enacting_body": "江澜市人民代表大会常务委员会",
                "promulgated_on": str(today),
                "commencement_on": str(today),
            },
            clerk,
        ),
        409,
        "approval_required",
    )
    approval = _post(
        client, f"/api/legislation/bills/{bill.pk}/approval", {"submitted_on": str(today)}, clerk
    ).json()
    assert approval["status"] == "awaiting_approval" and approval["approval_due"]


def test_permissions_and_missing_things(client, lw):
    bill = make_bill(lw)
    _error(client.get("/api/legislation/bills"), 401, "unauthenticated")
    deputy = _auth(lw.w.deputy_user)
    _error(client.get(f"/api/legislation/bills/{bill.pk}", **deputy), 404, "not_found")  # a draft
    _error(
        _post(client, "/api/legislation/bills", {"title": "x", "proposer_kind": "government"}, deputy),
        403,
        "forbidden",
    )
    clerk = _auth(lw.clerk)
    _error(client.get("/api/legislation/bills/999999", **clerk), 404, "not_found")
    _error(
        _post(
            client,
            "/api/legislation/bills",
            {"title": "x", "proposer_kind": "government", "proposer_organ_id": 424242},
            clerk,
        ),
        404,
        "not_found",
    )
    _error(
        _post(
            client,
            "/api/legislation/bills",
            {
                "title": "x",
                "proposer_kind": "government",
                "proposer_organ_id": lw.w.government.pk,
                "text": "没有条文",
            },
            clerk,
        ),
        422,
        "validation_failed",
    )
    page = client.get("/api/legislation/bills?page_size=1", **clerk).json()
    assert page["count"] == 1 and page["results"][0]["id"] == bill.pk
    _error(client.get("/api/legislation/bills?page=5", **clerk), 422, "validation_failed")


def test_public_regulations_need_no_login(client, lw):
    from django.utils import timezone

    from lvzhi.legislation import services

    from .factories import force_status

    assert client.get("/api/legislation/regulations").json() == []
    bill = force_status(make_bill(lw), "approved")
    day = timezone.localdate()
    Bill.objects.filter(pk=bill.pk).update(passed_on=day - dt.timedelta(days=30), approved_on=day)
    services.bill_promulgate(
        bill=bill,
        announcement_number="第1号",
        promulgated_on=day,
        commencement_on=day,
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    rows = client.get("/api/legislation/regulations").json()
    assert rows[0]["status"] == "in_force" and rows[0]["versions"][0]["announcement_number"] == "第1号"
    text = client.get(f"/api/legislation/regulations/{rows[0]['id']}/versions/1").json()
    assert text["text"].startswith("江澜市养犬管理条例")
    _error(client.get(f"/api/legislation/regulations/{rows[0]['id']}/versions/7"), 404, "not_found")


def test_reading_hold_for_a_missing_reading_is_404(client, lw):
    bill = make_bill(lw)
    from lvzhi.legislation import services

    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    _error(
        client.post(
            "/api/legislation/readings/99999/hold", {}, content_type="application/json", **_auth(lw.clerk)
        ),
        404,
        "not_found",
    )


def test_an_identical_version_is_refused_over_the_api(client, lw):
    bill = make_bill(lw)
    body = _error(
        _post(client, f"/api/legislation/bills/{bill.pk}/versions", {"text": DOG_DRAFT}, _auth(lw.clerk)),
        422,
        "version_unchanged",
    )
    assert body["detail"]["text"]
    assert bill.versions.count() == 1


def test_the_comparison_table_of_a_bill_over_the_api(client, lw):
    from .factories import amended_regulation

    _regulation, _version, bill = amended_regulation(lw)
    url = f"/api/legislation/bills/{bill.pk}/compare"
    body = client.get(url, **_auth(lw.clerk)).json()
    assert body["old_label"].startswith("2019") and body["new_label"] == "草案"
    assert body["rows"][0]["change"] == "title" and body["rows"][0]["old"] == "江澜市养犬管理条例"
    assert body["rows"][0]["new"] == "江澜市犬只管理条例"
    changes = [r["change"] for r in body["rows"][1:]]
    assert changes.count("modified") == 2 and changes.count("inserted") == 1
    added = next(r for r in body["rows"] if r["change"] == "inserted")
    assert added["old"] == "" and added["new"].startswith("第六条") and added["new_articles"] == ["第六条"]
    assert body["counts"]["inserted"] == 1 and body["summary"]
    only = client.get(url + "?changed_only=true", **_auth(lw.clerk)).json()
    assert len(only["rows"]) < len(body["rows"])
    assert all(r["renumbered"] for r in only["rows"] if r["change"] == "unchanged")
    # English notes for an English reader
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **_auth(lw.clerk)).json()
    assert {r["note"] for r in english["rows"] if r["change"] == "inserted"} == {"Added"}
    # two texts of the bill; a missing version or an unknown value is 404; the public is 401
    _error(client.get(url + "?a=1&b=9", **_auth(lw.clerk)), 404, "not_found")
    assert client.get(url).status_code == 401


def test_the_comparison_table_of_a_regulation_is_public(client, lw):
    from lvzhi.legislation.models import RegulationVersion

    from .factories import DOG_REVISED, amended_regulation

    regulation, version, _bill = amended_regulation(lw)
    day = dt.date(2024, 3, 1)
    RegulationVersion.objects.create(
        regulation=regulation,
        number=2,
        kind="amendment",
        title=regulation.title,
        text=DOG_REVISED.replace("（草案修改稿）", "", 1),
        announcement_number="第9号",
        enacting_body=regulation.enacting_body,
        passed_on=day,
        promulgated_on=day,
        commencement_on=day,
    )
    body = client.get(f"/api/legislation/regulations/{regulation.pk}/compare?from=1&to=2").json()
    assert body["old_label"].startswith("2019") and body["new_label"].startswith("2024")
    assert body["rows"][0]["change"] != "title"  # the same title
    assert body["counts"]["inserted"] == 1
    _error(client.get(f"/api/legislation/regulations/{regulation.pk}/compare?from=1&to=5"), 404, "not_found")
