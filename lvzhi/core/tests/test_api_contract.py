"""API contract: every answer under /api/ is JSON in the error shape (404, 405, 401, 403 CSRF)."""

from __future__ import annotations

import pytest
from django.test import Client

from lvzhi.core.services import api_token_create

pytestmark = pytest.mark.django_db


def _assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code and body["message"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/suggestions/abc",
        "/api/motions/1x/submit",
        "/api/legislation/regulations/1/versions/v2",
        "/api/no-such-thing",
        "/api/deputies/12/nothing/here",
        "/api/me/",
        "/api/motions/%C3%9A%0A%0D/vote",  # a newline in the path
    ],
)
def test_unmatched_paths_answer_json_404(client, world, path):
    client.force_login(world.staff)
    _assert_error(client.get(path), 404, "not_found")
    _assert_error(client.post(path, {}, content_type="application/json"), 404, "not_found")


def test_unmatched_path_is_json_for_anonymous_unsafe_methods(client, db):
    # no CSRF HTML page either: the 404 comes before any CSRF check
    _assert_error(Client(enforce_csrf_checks=True).delete("/api/suggestions/abc"), 404, "not_found")


def test_wrong_method_answers_json_405_with_allow(client, world):
    client.force_login(world.staff)
    response = client.delete("/api/me")
    body = _assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
    assert body["detail"] == {"allowed": ["GET"]}
    response = client.get(f"/api/deputies/{world.deputy.pk}/status")
    _assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"


def test_anonymous_post_is_401_not_csrf_403(db):
    client = Client(enforce_csrf_checks=True)
    _assert_error(client.post("/api/audit/verify"), 401, "unauthenticated")
    _assert_error(
        client.post("/api/motions", {"session_id": 1, "title": "x"}, content_type="application/json"),
        401,
        "unauthenticated",
    )


def test_session_post_without_csrf_token_is_403_csrf_failed(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    _assert_error(client.post("/api/audit/verify"), 403, "csrf_failed")
    # the same session with its CSRF token passes
    token = "a1b2c3d4" * 4  # a CSRF secret: the cookie and the header carry the same value
    client.cookies["csrftoken"] = token
    response = client.post("/api/audit/verify", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_bearer_token_needs_no_csrf_token(world):
    _t, raw = api_token_create(user=world.admin, name="ci", acting_user=world.admin)
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/audit/verify", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200, response.content


def _schema_classes() -> list[type]:
    from ninja import Schema

    import lvzhi.api  # noqa: F401  (imports every app's schemas)

    seen: list[type] = []
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("lvzhi.") and cls not in seen:
            seen.append(cls)
    return seen


def test_schema_names_are_unique_so_openapi_components_do_not_overwrite_each_other():
    # two classes with one name share one OpenAPI component: the second silently replaced the
    # first (supervision's VoteOut described legislation's votes, one ReasonIn served three apps)
    by_name: dict[str, list[str]] = {}
    for cls in _schema_classes():
        by_name.setdefault(cls.__name__, []).append(cls.__module__)
    assert {n: m for n, m in by_name.items() if len(m) > 1} == {}


def test_openapi_components_describe_their_own_operation(client):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    ref = schema["paths"]["/api/supervision/votes/{pk}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    assert "subject" in components[ref.rsplit("/", 1)[1]]["properties"]
    ref = schema["paths"]["/api/legislation/votes/{pk}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    assert "clause" in components[ref.rsplit("/", 1)[1]]["properties"]


def test_due_date_past_the_calendar_is_422_not_500(client, db):
    # was a 500: add_months past the year 9999 raised ValueError
    for unit in ("months", "days", "working_days"):
        response = client.get(f"/api/calendar/due?start=9999-12-20&amount=30&unit={unit}")
        _assert_error(response, 422, "validation_failed")


def _operation(schema: dict, method: str, path: str) -> dict:
    return schema["paths"][path][method]


def _param(operation: dict, name: str) -> dict:
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def test_schema_states_enums_and_ranges(client, db):
    schema = client.get("/api/openapi.json").json()
    due = _operation(schema, "get", "/api/calendar/due")
    assert _param(due, "unit")["enum"] == ["working_days", "days", "months"]
    assert (_param(due, "amount")["minimum"], _param(due, "amount")["maximum"]) == (0, 3650)
    assert set(due["responses"]) == {"200", "422"}  # public: no 401
    read = _operation(schema, "post", "/api/notifications/{pk}/read")
    assert _param(read, "pk")["minimum"] == 1
    assert {"401", "403", "404", "422"} <= set(read["responses"])


def test_literal_types_equal_the_models_choices():
    from typing import get_args

    from lvzhi.core import schemas
    from lvzhi.core.models import OrganType, SessionBody

    assert list(get_args(schemas.OrganTypeName)) == OrganType.values
    assert list(get_args(schemas.SessionBodyName)) == SessionBody.values
    from lvzhi.deputies import schemas as deputies
    from lvzhi.deputies.models import Sector
    from lvzhi.deputies.states import DeputyStatus

    assert list(get_args(deputies.DeputyStatusName)) == DeputyStatus.values
    assert list(get_args(deputies.SectorName)) == Sector.values
    from lvzhi.motions import schemas as motions
    from lvzhi.motions.states import MotionBody, MotionStatus

    assert list(get_args(motions.MotionStatusName)) == MotionStatus.values
    assert list(get_args(motions.MotionBodyName)) == MotionBody.values
    from lvzhi.suggestions import models as sm
    from lvzhi.suggestions import schemas as suggestions
    from lvzhi.suggestions import states as ss

    assert list(get_args(suggestions.SuggestionStatusName)) == ss.SuggestionStatus.values
    assert list(get_args(suggestions.TopicName)) == sm.Topic.values
    assert list(get_args(suggestions.ChannelName)) == sm.Channel.values
    assert list(get_args(suggestions.AssignmentModeName)) == ss.AssignmentMode.values
    assert list(get_args(suggestions.AssignmentRoleName)) == ss.AssignmentRole.values
    assert list(get_args(suggestions.ReplyModeName)) == sm.ReplyMode.values
    assert list(get_args(suggestions.RatingName)) == ss.Rating.values
    from lvzhi.legislation import schemas as legislation
    from lvzhi.legislation.states import BillKind, BillStatus

    assert list(get_args(legislation.BillStatusName)) == BillStatus.values
    assert list(get_args(legislation.BillKindName)) == BillKind.values
    from lvzhi.supervision import schemas as supervision
    from lvzhi.supervision.states import Form, ItemStatus, TaskStatus

    assert list(get_args(supervision.FormName)) == Form.values
    assert list(get_args(supervision.ItemStatusName)) == ItemStatus.values
    assert list(get_args(supervision.TaskStatusName)) == TaskStatus.values
    from lvzhi.consultation import schemas as consultation
    from lvzhi.consultation.states import ConsultationStatus, Decision, Moderation

    assert list(get_args(consultation.ConsultationStatusName)) == ConsultationStatus.values
    assert list(get_args(consultation.ModerationName)) == Moderation.values
    assert list(get_args(consultation.DecisionName)) == Decision.values


def test_comment_schema_states_the_limits_the_service_checks(client, db):
    schema = client.get("/api/openapi.json").json()
    body = _operation(schema, "post", "/api/consultations/{pk}/comments")["requestBody"]
    text = body["content"]["application/json"]["schema"]["properties"]["text"]
    assert (text["minLength"], text["maxLength"], text["pattern"]) == (1, 5000, r"\S")


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        # stored in columns of 60 characters, not cut by the services: PostgreSQL refused the
        # INSERT with a 500; now the input is refused as invalid first
        (
            "/api/legislation/bills/999/votes",
            {"session_id": 1, "kind": "clause", "clause": "条" * 61},
            "clause",
        ),
        (
            "/api/suggestions/999/reply",
            {"assignment": 1, "category": "A", "content": "答" * 30, "signer": "签" * 61},
            "signer",
        ),
    ],
)
def test_text_longer_than_its_column_is_422(client, world, path, payload, field):
    client.force_login(world.admin)
    body = _assert_error(
        client.post(path, payload, content_type="application/json"), 422, "validation_failed"
    )
    assert any(field in d["loc"] for d in body["detail"])


def test_body_over_the_upload_limit_is_413_not_500(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(world.admin)
    payload = '{"session_id": 1, "title": "' + "x" * 2000 + '"}'
    _assert_error(client.post("/api/motions", payload, content_type="application/json"), 413, "too_large")
