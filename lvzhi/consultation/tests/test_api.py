"""Consultations API: public list, draft, comments (every refusal, nothing stored), rate limit,
feedback, and the staff reads with their permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.consultation import services
from lvzhi.consultation.models import MAX_COMMENT_CHARS, Analysis, Comment, CommentContact, Consultation
from lvzhi.consultation.states import Channel, ConsultationStatus, Decision, Moderation
from lvzhi.core.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _fresh(client, settings):
    """English answers, no rate-limit counters carried over, and a limit no test reaches by accident."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.COMMENT_RATE_LIMITS = "1000/60"
    cache.clear()
    yield
    cache.clear()


def _auth(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test", acting_user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == code and body["message"]
    return body


def _url(c, tail: str = "") -> str:
    pk = c.pk if isinstance(c, Consultation) else c
    return f"/api/consultations/{pk}{tail}"


def _comment(client, c, data: dict | None = None, *, remote: str = "198.51.100.7", **extra):
    body = {"text": "建议将登记期限缩短为二十日。", "article": "第四条"}
    if data is not None:
        body = data
    return client.post(
        _url(c, "/comments"), json.dumps(body), content_type="application/json", REMOTE_ADDR=remote, **extra
    )


# --- public reads ---------------------------------------------------------------------------------


def test_the_public_list_and_detail_need_no_login(client, cw):
    response = client.get("/api/consultations")
    assert response.status_code == 200
    [row] = response.json()
    assert row == {
        "id": cw.consultation.pk,
        "title": cw.consultation.title,
        "bill": cw.bill.title,
        "bill_id": cw.bill.pk,
        "start": cw.consultation.start.isoformat(),
        "end": cw.consultation.end.isoformat(),
        "closed_on": None,
        "status": "open",
        "status_label": "Open",
        "taking_comments": True,
    }
    detail = client.get(_url(cw.consultation)).json()
    assert detail["explanation"] == cw.consultation.explanation and detail["taking_comments"] is True
    assert [a["key"] for a in detail["articles"]] == [str(n) for n in range(1, 9)]
    assert detail["articles"][3] == {
        "key": "4",
        "label": "第四条",
        "paragraphs": 1,
        "chapter": "第二章 养犬登记",
        "text": "本市实行养犬登记制度。养犬人应当自取得犬只之日起三十日内办理登记。",
    }
    assert detail["feedback_published"] is False


def test_scheduled_and_unknown_consultations_are_404(client, cw):
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        status=ConsultationStatus.SCHEDULED, start=timezone.localdate() + dt.timedelta(days=2)
    )
    assert client.get("/api/consultations").json() == []
    _error(client.get(_url(cw.consultation)), 404, "not_found")
    _error(client.get(_url(cw.consultation.pk + 1000)), 404, "not_found")
    _error(client.get(_url(cw.consultation, "/feedback")), 404, "not_found")


# --- comments -------------------------------------------------------------------------------------


def test_a_comment_is_accepted_with_a_receipt(client, cw):
    response = _comment(
        client,
        cw.consultation,
        {
            "text": "  建议缩短期限。 ",
            "article": "第四条",
            "paragraph": 1,
            "name": "王小明",
            "contact": "138 0000 1234",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"receipt", "moderation", "article", "submitted_at"}
    comment = Comment.objects.get(receipt=body["receipt"])
    assert body["moderation"] == "published" and body["article"] == "4"
    assert comment.text == "建议缩短期限。" and comment.paragraph == 1 and comment.channel == Channel.API
    assert comment.contact_masked == "138****1234" and comment.name_masked == "王**" and comment.has_contact
    contact = CommentContact.objects.get(comment=comment)
    assert contact.contact == "138 0000 1234" and contact.name == "王小明" and contact.kind == "phone"
    assert "1380000" not in comment.contact_masked and comment.user is None


def test_a_comment_with_an_integer_article_or_none_and_a_flagged_text(client, cw):
    assert _comment(client, cw.consultation, {"text": "意见", "article": 6}).json()["article"] == "6"
    assert _comment(client, cw.consultation, {"text": "总体赞成", "article": None}).json()["article"] == ""
    assert _comment(client, cw.consultation, {"text": "整体意见"}).json()["article"] == ""
    body = _comment(client, cw.consultation, {"text": "详见 www.spam.example.com 优惠活动"}).json()
    assert body["moderation"] == Moderation.PENDING
    assert Comment.objects.count() == 4


def test_a_token_names_the_commenter_and_a_bad_token_is_refused(client, cw):
    response = _comment(client, cw.consultation, **_auth(cw.lw.w.deputy_user))
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.user == cw.lw.w.deputy_user and comment.channel == Channel.API
    _error(_comment(client, cw.consultation, HTTP_AUTHORIZATION="Bearer nonsense"), 401, "unauthenticated")
    assert Comment.objects.count() == 1


def test_a_session_names_the_commenter_only_with_its_csrf_token(cw):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cw.lw.w.public)
    assert _comment(strict, cw.consultation).status_code == 201
    assert Comment.objects.get().user is None  # a cross-site post is stored as anonymous
    strict.get("/public/consultations/")
    token = strict.cookies["csrftoken"].value
    assert _comment(strict, cw.consultation, HTTP_X_CSRFTOKEN=token).status_code == 201
    assert Comment.objects.order_by("-pk").first().user == cw.lw.w.public


BAD_COMMENTS = [
    ({"text": ""}, "text", "Write your comment."),
    ({"text": "  \n  "}, "text", "Write your comment."),
    ({"text": "长" * (MAX_COMMENT_CHARS + 1)}, "text", f"the limit is {MAX_COMMENT_CHARS}"),
    ({"text": "意见", "article": "第九十九条"}, "article", "The draft has no article 第九十九条."),
    ({"text": "意见", "article": 99}, "article", "The draft has no article 99."),
    ({"text": "意见", "article": "4", "paragraph": 2}, "paragraph", "there is no paragraph 2"),
    ({"text": "意见", "article": "4", "paragraph": 0}, "paragraph", "there is no paragraph 0"),
    ({"text": "意见", "paragraph": 1}, "paragraph", "Choose the article the paragraph belongs to."),
    ({"text": "意见", "contact": "wang@example"}, "contact", "This e-mail address is not valid."),
    ({"text": "意见", "contact": "x" * 121}, "contact", "at most 120 characters"),
    ({"text": "意见", "name": "名" * 41}, "name", "at most 40 characters"),
]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    BAD_COMMENTS,
    ids=[
        "empty",
        "whitespace",
        "too-long",
        "unknown-article",
        "unknown-article-number",
        "bad-paragraph",
        "paragraph-zero",
        "paragraph-without-article",
        "bad-email",
        "long-contact",
        "long-name",
    ],
)
def test_bad_comments_are_422_with_field_details_and_nothing_stored(client, cw, data, field, message):
    body = _error(_comment(client, cw.consultation, data), 422, "validation_failed")
    assert field in body["detail"] and message in " ".join(body["detail"][field])
    assert Comment.objects.count() == 0 and CommentContact.objects.count() == 0


def test_a_nul_character_is_refused_before_the_endpoint(client, cw):
    """By the page stack's BadInputMiddleware (PostgreSQL cannot store NUL): 422 with the place."""
    body = _error(_comment(client, cw.consultation, {"text": "a\x00b"}), 422, "validation_failed")
    assert body["detail"] == [
        {"loc": ["body", "text"], "message": "NUL characters are not allowed.", "type": "nul_character"}
    ]
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "",
        "[]",
        '{"article": "4"}',
        '{"text": 12}',
        '{"text": "x", "paragraph": "two"}',
        '{"text": null}',
        '"text"',
    ],
    ids=[
        "broken",
        "empty",
        "array",
        "no-text",
        "text-not-string",
        "paragraph-not-int",
        "text-null",
        "string",
    ],
)
def test_malformed_bodies_get_the_422_shape(client, cw, raw):
    response = client.post(_url(cw.consultation, "/comments"), raw, content_type="application/json")
    body = _error(response, 422, "validation_failed")
    assert body["detail"]
    assert Comment.objects.count() == 0


def test_closed_and_not_yet_open_consultations_are_409(client, cw):
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="提前结束")
    body = _error(_comment(client, cw.consultation), 409, "consultation_closed")
    assert "comments are no longer taken" in body["message"]
    assert client.get(_url(cw.consultation)).json()["taking_comments"] is False
    start = timezone.localdate() + dt.timedelta(days=3)
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        status=ConsultationStatus.SCHEDULED, start=start, closed_at=None
    )
    body = _error(_comment(client, cw.consultation), 409, "consultation_closed")
    assert body["message"] == f"This consultation opens on {start.isoformat()}."
    assert Comment.objects.count() == 0


def test_a_window_past_its_last_day_is_409_before_the_worker_closes_it(client, cw):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        start=yesterday - dt.timedelta(days=30), end=yesterday
    )
    _error(_comment(client, cw.consultation), 409, "consultation_closed")
    assert Comment.objects.count() == 0


def test_an_unknown_consultation_is_404(client, cw):
    _error(_comment(client, cw.consultation.pk + 1000), 404, "not_found")
    assert Comment.objects.count() == 0


def test_the_rate_limit_answers_429_with_retry_after(client, cw, settings):
    settings.COMMENT_RATE_LIMITS = "3/60"
    for _ in range(3):
        assert _comment(client, cw.consultation).status_code == 201
    response = _comment(client, cw.consultation)
    body = _error(response, 429, "throttled")
    retry = int(response["Retry-After"])
    assert body["detail"]["retry_after"] == retry and 1 <= retry <= 61
    assert Comment.objects.count() == 3
    assert _comment(client, cw.consultation, remote="203.0.113.9").status_code == 201
    assert Comment.objects.count() == 4


def test_the_portal_and_the_api_share_one_limit(client, cw, settings):
    settings.COMMENT_RATE_LIMITS = "2/60"
    assert _comment(client, cw.consultation).status_code == 201
    client.post(
        f"/public/consultations/{cw.consultation.pk}/comment/",
        {"text": "意见", "article": "1"},
        REMOTE_ADDR="198.51.100.7",
    )
    _error(_comment(client, cw.consultation), 429, "throttled")
    assert Comment.objects.count() == 2


def test_forwarded_for_counts_only_behind_a_trusted_proxy(client, cw, settings):
    settings.COMMENT_RATE_LIMITS = "1/60"
    fwd = {"HTTP_X_FORWARDED_FOR": "1.1.1.1"}
    assert _comment(client, cw.consultation, remote="192.0.2.1", **fwd).status_code == 201
    _error(
        _comment(client, cw.consultation, remote="192.0.2.1", HTTP_X_FORWARDED_FOR="2.2.2.2"),
        429,
        "throttled",
    )
    settings.TRUSTED_PROXIES = ("10.0.0.1",)
    assert (
        _comment(client, cw.consultation, remote="10.0.0.1", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code
        == 201
    )
    assert (
        _comment(client, cw.consultation, remote="10.0.0.1", HTTP_X_FORWARDED_FOR="4.4.4.4").status_code
        == 201
    )
    _error(
        _comment(client, cw.consultation, remote="10.0.0.1", HTTP_X_FORWARDED_FOR="x, 4.4.4.4"),
        429,
        "throttled",
    )
    assert Comment.objects.count() == 3


def test_the_intake_is_lean(client, cw):
    _comment(client, cw.consultation)  # warm the per-process cache of the draft's articles
    with CaptureQueriesContext(connection) as ctx:
        assert _comment(client, cw.consultation).status_code == 201
    sql = [q["sql"] for q in ctx.captured_queries]
    selects = [s for s in sql if s.lstrip().upper().startswith("SELECT")]
    inserts = [s for s in sql if s.lstrip().upper().startswith("INSERT")]
    # one narrow read of the consultation (the draft's text is cached per process, never joined)
    assert len(selects) == 1 and "legislation_billversion" not in selects[0], sql
    assert '"explanation"' not in selects[0] and '"tally"' not in selects[0], sql
    assert len(inserts) == 1 and "consultation_comment" in inserts[0], sql
    assert not any("audit" in s.lower() for s in sql)


# --- feedback -------------------------------------------------------------------------------------


def test_feedback_is_public_once_published(client, cw):
    c = cw.consultation
    _error(client.get(_url(c, "/feedback")), 404, "not_found")
    adopted = services.comment_submit(consultation=c, text="期限过长。", article="4", contact="a@example.org")
    services.comment_submit(consultation=c, text="总体赞成。")
    services.consultation_close(consultation=c, acting_user=cw.lw.clerk, reason="提前结束")
    services.comment_decide(
        comment=adopted, decision=Decision.ADOPTED, reason="已改为二十日。", acting_user=cw.lw.clerk
    )
    _error(client.get(_url(c, "/feedback")), 404, "not_found")
    services.feedback_publish(consultation=c, summary="采纳一条。", acting_user=cw.lw.clerk)
    body = client.get(_url(c, "/feedback")).json()
    assert body["summary"] == "采纳一条。" and body["received"] == 2 and body["accepted"] == 2
    assert body["channels"] == {"portal": 2} and body["decisions"]["adopted"] == 1
    [art] = body["articles"]
    assert art["key"] == "4" and art["label"] == "第四条"
    assert art["decided"] == [
        {
            "paragraph": None,
            "text": "期限过长。",
            "decision": "adopted",
            "decision_label": "Adopted",
            "reason": "已改为二十日。",
        }
    ]
    assert "a@example.org" not in json.dumps(body) and "a***" not in json.dumps(body)
    assert client.get(_url(c)).json()["feedback_published"] is True


# --- staff ----------------------------------------------------------------------------------------


def test_staff_reads_need_a_login_and_the_permission(client, cw):
    for tail in ("/totals", "/comments", "/analysis"):
        _error(client.get(_url(cw.consultation, tail)), 401, "unauthenticated")
        # 404, never 403: the staff reads do not tell others what exists (issue 11.3)
        _error(client.get(_url(cw.consultation, tail), **_auth(cw.lw.w.public)), 404, "not_found")
        _error(client.get(_url(cw.consultation, tail), **_auth(cw.lw.w.deputy_user)), 404, "not_found")
    _error(client.get(_url(cw.consultation.pk + 1000, "/totals"), **_auth(cw.lw.clerk)), 404, "not_found")


def test_staff_totals_and_comments_with_masked_contacts(client, cw):
    c = cw.consultation
    clerk = _auth(cw.lw.clerk)
    one = services.comment_submit(
        consultation=c, text="期限过长。", article="4", name="王小明", contact="wang@example.org"
    )
    services.comment_submit(consultation=c, text="犬链长度应明确。", article="6")
    services.comment_submit(consultation=c, text="总体赞成。")
    services.comment_submit(consultation=c, text="加微信 abcdef123 优惠活动", article="6")
    services.comment_decide(
        comment=one, decision=Decision.PARTLY, reason="部分采纳。", acting_user=cw.lw.clerk
    )
    totals = client.get(_url(c, "/totals"), **clerk).json()
    assert totals["received"] == 4 and totals["pending"] == 1 and totals["accepted"] == 3
    assert totals["articles"] == {"4": 1, "6": 2, "": 1} and totals["decisions"]["partly"] == 1

    page = client.get(_url(c, "/comments"), **clerk).json()
    assert page["count"] == 4 and page["pages"] == 1 and len(page["results"]) == 4
    first = next(r for r in page["results"] if r["id"] == one.pk)
    assert first["contact"] == "w***@example.org" and first["name"] == "王**"
    assert "wang@example.org" not in json.dumps(page) and "王小明" not in json.dumps(page)
    assert first["decision"] == "partly" and first["decision_reason"] == "部分采纳。"

    def ids(**params):
        return [r["id"] for r in client.get(_url(c, "/comments"), params, **clerk).json()["results"]]

    assert len(ids(article="第六条")) == 2 and len(ids(article="6")) == 2
    assert len(ids(article="whole")) == 1
    assert len(ids(moderation="pending")) == 1
    assert ids(decision="partly") == [one.pk] and len(ids(decision="none")) == 3
    assert len(ids(page_size=1, page=2)) == 1
    # a leader reads too
    assert client.get(_url(c, "/comments"), **_auth(cw.lw.w.leader)).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"article": "第九十九条"},
        {"moderation": "hidden"},
        {"decision": "maybe"},
        {"page": 9},
        {"page": 0},
        {"page_size": 1000},
    ],
)
def test_staff_comment_filters_refuse_bad_values(client, cw, params):
    _error(
        client.get(_url(cw.consultation, "/comments"), params, **_auth(cw.lw.clerk)), 422, "validation_failed"
    )


def test_staff_analysis_is_404_until_run(client, cw):
    clerk = _auth(cw.lw.clerk)
    body = _error(client.get(_url(cw.consultation, "/analysis"), **clerk), 404, "not_found")
    assert "not been analysed" in body["message"]
    Analysis.objects.create(consultation=cw.consultation, upto=5, comments=5, summary={"themes": []})
    body = client.get(_url(cw.consultation, "/analysis"), **clerk).json()
    assert body["summary"] == {"themes": []} and body["comments"] == 5 and body["upto"] == 5
