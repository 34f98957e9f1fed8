"""The surge path answers anonymous submissions exactly as the API endpoint does: every case
goes through both (the WSGI wrapper and Django's full stack) and the answers are compared."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.utils import timezone

from ..intake import handles, wrap
from ..models import Comment, CommentContact, Consultation
from .conftest import ConsultWorld


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> Any:
    settings.COMMENT_RATE_LIMITS = "1000/60"
    cache.clear()
    yield
    cache.clear()


def _django_never(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    raise AssertionError("the surge path should have answered")


def _fast(
    pk: int, body: bytes | str, *, lang: str = "en", remote: str = "10.1.1.1", app: Any = None, **extra: Any
) -> tuple[int, dict[str, str], dict[str, Any]]:
    environ = (
        RequestFactory()
        .post(
            f"/api/consultations/{pk}/comments",
            data=body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=lang,
            REMOTE_ADDR=remote,
            **extra,
        )
        .environ
    )
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    # as Django's test client does around each request (it reconnects the receivers after its
    # own requests): the request signals must not close the test's connection
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        out = b"".join((app or wrap(_django_never))(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], json.loads(out)


def _full(
    pk: int, body: bytes | str, *, lang: str = "en", remote: str = "10.1.1.2", **extra: Any
) -> tuple[int, dict[str, str], dict[str, Any]]:
    r = Client().post(
        f"/api/consultations/{pk}/comments",
        data=body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=lang,
        REMOTE_ADDR=remote,
        **extra,
    )
    return r.status_code, dict(r.headers), r.json()


CASES = [
    ({"text": "建议第三条明确办理时限。", "article": "第三条"}, 201, None),
    ({"text": "草案总体可行。"}, 201, None),
    ({"text": "好", "article": 3, "paragraph": 1, "name": "王小明", "contact": "w@example.cn"}, 201, None),
    ({"text": ""}, 422, "validation_failed"),
    ({"text": "   "}, 422, "validation_failed"),
    ({"text": "长" * 5001}, 422, "validation_failed"),
    ({"text": "x", "article": "第九十九条"}, 422, "validation_failed"),
    ({"text": "x", "article": "3", "paragraph": 9}, 422, "validation_failed"),
    ({"text": "x", "contact": "bad@"}, 422, "validation_failed"),
    ({"article": "3"}, 422, "validation_failed"),
    ({"text": ["not", "a", "string"]}, 422, "validation_failed"),
    ("{not json", 422, "validation_failed"),
    # NUL characters, which PostgreSQL cannot store: refused before anything else
    ({"text": "a\u0000b"}, 422, "validation_failed"),
    ({"text": "好", "name": "王\u0000", "contact": "\u0000"}, 422, "validation_failed"),
]


@pytest.mark.parametrize(("body", "status", "code"), CASES)
def test_both_paths_answer_alike(cw: ConsultWorld, body: Any, status: int, code: str | None) -> None:
    raw = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    before = Comment.objects.count()
    f_status, _fh, f_body = _fast(cw.consultation.pk, raw)
    d_status, _dh, d_body = _full(cw.consultation.pk, raw)
    assert f_status == d_status == status
    if status == 201:
        assert set(f_body) == set(d_body) == {"receipt", "moderation", "article", "submitted_at"}
        assert f_body["article"] == d_body["article"] and f_body["moderation"] == d_body["moderation"]
        assert Comment.objects.count() == before + 2
        fast = Comment.objects.get(receipt=f_body["receipt"])
        assert fast.channel == "api" and fast.client and fast.user is None
        said = dt.datetime.fromisoformat(f_body["submitted_at"].replace("Z", "+00:00"))
        assert abs(said - fast.submitted_at) < dt.timedelta(milliseconds=1)  # milliseconds, as the API
        if "contact" in body:
            assert CommentContact.objects.get(comment=fast).contact == body["contact"]
    else:
        assert f_body["code"] == d_body["code"] == code and f_body["message"] == d_body["message"]
        if isinstance(f_body["detail"], dict):
            assert set(f_body["detail"]) == set(d_body["detail"])
        else:
            assert [d["loc"] for d in f_body["detail"]] == [d["loc"] for d in d_body["detail"]]
        assert Comment.objects.count() == before


def test_closed_unknown_and_language(cw: ConsultWorld) -> None:
    raw = json.dumps({"text": "建议"})
    assert _fast(99999, raw)[0] == _full(99999, raw)[0] == 404
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        start=timezone.localdate() - dt.timedelta(days=40), end=timezone.localdate() - dt.timedelta(days=1)
    )
    f = _fast(cw.consultation.pk, raw, lang="zh-CN,zh;q=0.9")
    d = _full(cw.consultation.pk, raw, lang="zh-CN,zh;q=0.9")
    assert (
        f[0] == d[0] == 409 and f[2]["code"] == "consultation_closed" and f[2]["message"] == d[2]["message"]
    )
    assert "征求意见" in f[2]["message"] or "结束" in f[2]["message"] or "截止" in f[2]["message"]
    assert Comment.objects.count() == 0


def test_rate_limit_on_the_surge_path(cw: ConsultWorld, settings: Any) -> None:
    settings.COMMENT_RATE_LIMITS = "2/60"
    raw = json.dumps({"text": "建议第三条明确时限。", "article": "3"})
    assert [_fast(cw.consultation.pk, raw)[0] for _ in range(2)] == [201, 201]
    status, headers, body = _fast(cw.consultation.pk, raw)
    assert status == 429 and body["code"] == "throttled" and int(headers["Retry-After"]) > 0
    assert _fast(cw.consultation.pk, raw, remote="10.9.9.9")[0] == 201
    assert Comment.objects.count() == 3


def test_other_requests_go_to_django(cw: ConsultWorld, settings: Any) -> None:
    rf = RequestFactory()
    pk = cw.consultation.pk
    body = json.dumps({"text": "x"})
    path = f"/api/consultations/{pk}/comments"
    assert handles(rf.post(path, data=body, content_type="application/json").environ)
    assert not handles(rf.get(path).environ)
    assert not handles(
        rf.post(path, data=body, content_type="application/json", HTTP_AUTHORIZATION="Bearer x").environ
    )
    signed_in = rf.post(path, data=body, content_type="application/json")
    signed_in.environ["HTTP_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}=abc"
    assert not handles(signed_in.environ)
    assert not handles(
        rf.post(path, data=body, content_type="application/json", HTTP_HOST="evil.example").environ
    )
    assert not handles(
        rf.post(f"/api/consultations/{pk}/totals", data=body, content_type="application/json").environ
    )
    settings.SECURE_SSL_REDIRECT = True
    assert not handles(rf.post(path, data=body, content_type="application/json").environ)
    # and the wrapper passes them on
    calls: list[str] = []

    def django_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"{}"]

    wrap(django_app)(rf.get(path).environ, lambda *a: None)
    assert calls == [path]


def test_both_paths_refuse_nul_in_the_query_string(cw: ConsultWorld) -> None:
    raw = json.dumps({"text": "好"})
    before = Comment.objects.count()
    f_status, _fh, f_body = _fast(cw.consultation.pk, raw, QUERY_STRING="x=a%00b")
    full = Client().post(
        f"/api/consultations/{cw.consultation.pk}/comments?x=a%00b", raw, content_type="application/json"
    )
    d_body = full.json()
    assert f_status == full.status_code == 422
    assert f_body["code"] == d_body["code"] == "validation_failed"
    assert f_body["detail"][0]["loc"] == d_body["detail"][0]["loc"] == ["query", "x"]
    assert Comment.objects.count() == before


def test_the_surge_path_answers_503_when_the_database_is_down(cw: ConsultWorld) -> None:
    from lvzhi.core.tests.test_unavailable import database_down, outage

    before = Comment.objects.count()
    with database_down(outage()):
        status, headers, body = _fast(cw.consultation.pk, json.dumps({"text": "好"}))
    assert status == 503 and headers["Retry-After"] == "5" and headers["Cache-Control"] == "no-store"
    assert body["code"] == "unavailable" and "temporarily unavailable" in body["message"]
    assert Comment.objects.count() == before
