"""Pages and API: the journey through the client, refused steps as messages, confidentiality
respected everywhere (portal, API, lists, notifications), list pages without N+1."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import Notification
from lvzhi.core.services import api_token_create
from lvzhi.suggestions import services as sv
from lvzhi.suggestions.models import Suggestion

from .test_workflow import assigned, reply, submitted

pytestmark = pytest.mark.django_db


def test_deputy_drafts_through_the_form_with_a_cosigner(client, sw):
    client.force_login(sw.w.deputy_user)
    response = client.post(
        reverse("suggestions:new"),
        {
            "title": "关于增设社区养老助餐点的建议",
            "topic": "social",
            "channel": "interim",
            "body": "老年人就餐难。建议在每个街道设立助餐点，并给予运营补贴。",
            "cosigners": "D0010",
        },
    )
    s = Suggestion.objects.get()
    assert response.status_code == 302 and s.signers.count() == 2
    bad = client.post(
        reverse("suggestions:new"),
        {
            "title": "x",
            "topic": "social",
            "channel": "interim",
            "body": "内容内容内容内容内容内容",
            "cosigners": "D9999",
        },
    )
    assert bad.status_code == 200 and "D9999" in bad.content.decode()
    # the co-signer confirms on the page, then the lead submits
    client.force_login(sw.cosigner_users[0])
    client.post(reverse("suggestions:action", args=[s.pk, "confirm"]), {"confirm": "1"})
    client.force_login(sw.w.deputy_user)
    client.post(reverse("suggestions:action", args=[s.pk, "submit"]))
    s.refresh_from_db()
    assert s.status == "submitted"


def test_screening_hints_while_writing(client, sw):
    client.force_login(sw.w.deputy_user)
    html = client.post(
        reverse("suggestions:hints"),
        {"title": "关于解决我的父亲退休待遇的建议", "body": "请法院尽快审理我家的案件"},
    ).content.decode()
    assert "warning" in html


def test_office_registers_and_assigns_through_the_page(client, sw):
    s = submitted(sw)
    client.force_login(sw.w.staff)
    client.post(reverse("suggestions:action", args=[s.pk, "register"]))
    s.refresh_from_db()
    assert s.status == "registered"
    page = client.get(reverse("suggestions:detail", args=[s.pk]))
    assert "assign-form" in page.content.decode()
    client.post(
        reverse("suggestions:action", args=[s.pk, "assign"]),
        {"mode": "joint", "lead_unit": sw.w.education.pk, "other_units": [sw.w.health.pk]},
    )
    s.refresh_from_db()
    assert s.status == "assigned" and s.assignments.count() == 2
    sheet = client.get(reverse("suggestions:sheet", args=[s.pk]))
    assert sheet.status_code == 200 and sheet["Content-Type"].endswith("document")


def test_refused_steps_are_messages_not_errors(client, sw):
    s = assigned(sw)
    client.force_login(sw.w.outsider_officer)  # another unit's officer: not a party, the item is hidden
    page = client.get(reverse("suggestions:detail", args=[s.pk]))
    assert page.status_code == 404 and "reply-form" not in page.content.decode()
    response = client.post(
        reverse("suggestions:action", args=[s.pk, "reply"]),
        {
            "assignment": s.assignments.get().pk,
            "category": "A",
            "signer": "主任",
            "mode": "written",
            "content": "我委代为答复如下：一、二、三、四、五、六、七。",
        },
        follow=True,
    )
    assert response.status_code == 404 and not s.assignments.get().replies.exists()
    client.force_login(sw.w.deputy_user)
    r = client.post(
        reverse("suggestions:action", args=[s.pk, "rate"]), {"rating": "satisfied", "reply": 999}, follow=True
    )
    assert r.status_code == 404 or r.status_code == 200
    # a deputy cannot register: office-only step
    assert client.post(reverse("suggestions:action", args=[s.pk, "register"])).status_code == 403
    client.force_login(sw.w.officer)
    response = client.post(
        reverse("suggestions:action", args=[s.pk, "reply"]),
        {
            "assignment": s.assignments.get().pk,
            "category": "A",
            "content": "太短",
            "signer": "局长",
            "mode": "written",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert any("point by point" in str(m) or "逐条" in str(m) for m in response.context["messages"])
    s.refresh_from_db()
    assert s.status == "assigned"


def test_unit_downloads_its_reply_letter(client, sw):
    s = assigned(sw)
    r = reply(sw, s)
    client.force_login(sw.w.officer)
    response = client.get(reverse("suggestions:reply_letter", args=[r.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_confidential_items_stay_confidential_everywhere(client, sw):
    secret = assigned(sw, title="关于某涉密项目的建议", confidential=True, confidential_reason="涉及个人隐私")
    public = assigned(sw, title="关于公交线路优化的建议")
    reply(sw, public)
    sv.suggestion_publish(suggestion=public, acting_user=sw.w.staff)  # publication: an office step
    # portal
    html = client.get(reverse("suggestions_public:public_list")).content.decode()
    assert "公交线路" in html and "涉密项目" not in html
    assert client.get(reverse("suggestions_public:public_detail", args=[secret.pk])).status_code == 404
    # API for an unrelated deputy and a standing-committee member
    for user in (sw.cosigner_users[2], sw.w.sc_member):
        _t, raw = api_token_create(user=user, name="x", acting_user=user)
        body = client.get("/api/suggestions?page_size=50", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
        titles = [row["title"] for row in body["results"]]
        assert "关于某涉密项目的建议" not in titles
        assert (
            client.get(f"/api/suggestions/{secret.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 404
        )
    # the handling unit and the signers do see it
    client.force_login(sw.w.officer)
    assert client.get(reverse("suggestions:detail", args=[secret.pk])).status_code == 200
    # notifications never carry a confidential title
    leaked = [n.title for n in Notification.objects.all() if "涉密项目" in n.title or "涉密项目" in n.body]
    assert leaked == []
    # the list search does not find it for the public-facing roles
    client.force_login(sw.w.sc_member)
    assert "涉密项目" not in client.get(reverse("suggestions:list"), {"q": "涉密"}).content.decode()


def test_list_page_query_count_is_flat(client, sw):
    client.force_login(sw.w.staff)
    assigned(sw)
    client.get(reverse("suggestions:list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("suggestions:list"))
    for i in range(6):
        assigned(sw, mode="joint", title=f"关于第{i}件事的建议")
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("suggestions:list"))
    assert len(big.captured_queries) == len(small.captured_queries)


def test_api_journey_and_errors(client, sw):
    _t, dep = api_token_create(user=sw.w.deputy_user, name="x", acting_user=SYSTEM)
    _t, staff = api_token_create(user=sw.w.staff, name="x", acting_user=SYSTEM)
    _t, unit = api_token_create(user=sw.w.officer, name="x", acting_user=SYSTEM)
    h = lambda raw: {"HTTP_AUTHORIZATION": f"Bearer {raw}"}  # noqa: E731
    created = client.post(
        "/api/suggestions",
        {
            "title": "关于河道治理的建议",
            "body": "河道淤积严重。建议尽快清淤并建立长效机制。",
            "topic": "environment",
        },
        content_type="application/json",
        **h(dep),
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    hidden = client.post(f"/api/suggestions/{pk}/register", **h(staff))
    assert hidden.status_code == 404  # a draft is its authors' alone, the office does not see it yet
    assert client.post(f"/api/suggestions/{pk}/submit", **h(dep)).json()["status"] == "submitted"
    bad = client.post(
        f"/api/suggestions/{pk}/assign",
        {"mode": "sole", "units": [{"unit": "edu", "role": "sole"}]},
        content_type="application/json",
        **h(staff),
    )
    assert bad.status_code == 409 and bad.json()["code"] == "invalid_transition"  # not registered yet
    assert client.post(f"/api/suggestions/{pk}/register", **h(staff)).json()["status"] == "registered"
    wrong = client.post(
        f"/api/suggestions/{pk}/assign",
        {"mode": "sole", "units": [{"unit": "nope", "role": "sole"}]},
        content_type="application/json",
        **h(staff),
    )
    assert wrong.status_code == 422
    ok = client.post(
        f"/api/suggestions/{pk}/assign",
        {"mode": "sole", "units": [{"unit": "edu", "role": "sole"}]},
        content_type="application/json",
        **h(staff),
    ).json()
    a = ok["assignments"][0]["id"]
    replied = client.post(
        f"/api/suggestions/{pk}/reply",
        {
            "assignment": a,
            "category": "A",
            "signer": "局长",
            "content": "一、已安排清淤。二、已建立河长制长效机制。",
        },
        content_type="application/json",
        **h(unit),
    ).json()
    assert replied["status"] == "answered"
    r = replied["replies"][0]["id"]
    forbidden = client.post(
        f"/api/suggestions/{pk}/rate",
        {"reply": r, "rating": "satisfied"},
        content_type="application/json",
        **h(staff),
    )
    assert forbidden.status_code == 403
    done = client.post(
        f"/api/suggestions/{pk}/rate",
        {"reply": r, "rating": "satisfied"},
        content_type="application/json",
        **h(dep),
    ).json()
    assert done["status"] == "closed"


def test_suggestions_appear_in_the_duty_record_pages(client, sw):
    s = submitted(sw)
    client.force_login(sw.w.staff)
    html = client.get(reverse("deputies:detail", args=[sw.w.deputy.pk])).content.decode()
    assert s.title in html
    public = client.get(reverse("portal:deputy", args=[sw.cosigners[0].pk])).content.decode()
    assert s.title in public
    secret = submitted(sw, title="关于保密事项的建议", confidential=True, confidential_reason="隐私")
    public = client.get(reverse("portal:deputy", args=[sw.w.deputy.pk])).content.decode()
    assert secret.title not in public and s.title in public


def test_attachments_while_drafting(client, sw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_workflow import draft

    s = draft(sw, cosign=False)
    client.force_login(sw.w.deputy_user)
    url = reverse("suggestions:action", args=[s.pk, "attach"])
    client.post(url, {"file": SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 survey data")})
    bad = client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ...")}, follow=True)
    assert any(".exe" in str(m) for m in bad.context["messages"])
    from lvzhi.suggestions.services import attachments_of

    [att] = list(attachments_of(s))
    assert att.original_name == "调研报告.pdf"
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "调研报告.pdf" in page
    assert (
        client.get(reverse("suggestions:attachment", args=[s.pk, att.pk])).content == b"%PDF-1.4 survey data"
    )
    # once submitted, files can no longer be added; others cannot add them at all
    client.force_login(sw.cosigner_users[0])
    client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert attachments_of(s).count() == 1
    _t, raw = api_token_create(user=sw.w.deputy_user, name="x", acting_user=SYSTEM)
    r = client.post(
        f"/api/suggestions/{s.pk}/attachments",
        {"file": SimpleUploadedFile("照片.jpg", b"\xff\xd8jpeg")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 201 and r.json()["name"] == "照片.jpg"
    r = client.post(
        f"/api/suggestions/{s.pk}/attachments",
        {"file": SimpleUploadedFile("empty.pdf", b"")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
