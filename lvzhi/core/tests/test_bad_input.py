"""NUL characters in a request are refused centrally (``BadInputMiddleware``): a 400 page, or a
422 ``validation_failed`` body under ``/api/``; never a 500 (PostgreSQL cannot store NUL in text,
so such input used to fail in whatever query it reached). Walks every page the crawl finds and
every API list with ``?q=a%00b``; runs on PostgreSQL too with ``LVZHI_DATABASE_URL``."""

from __future__ import annotations

import json
import re
from collections import deque

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import translation

from lvzhi.api import api
from lvzhi.core.middleware import nul_in_json, nul_places

pytestmark = pytest.mark.django_db

_HREF = re.compile(r'href="(/[^"#?]*)')
_SKIP = ("/logout", "/admin/", "/static/", "/i18n/", "/media/", "/jsi18n/", "/api/")


def _crawl(client: Client, starts: list[str], limit: int = 80) -> list[str]:
    """Pages reachable by links from ``starts`` that answer 200, one per URL shape."""
    queue, seen_shapes, pages = deque(starts), set(), []
    while queue and len(pages) < limit:
        path = queue.popleft()
        shape = re.sub(r"\d+", "N", path)
        if shape in seen_shapes or path.startswith(_SKIP):
            continue
        seen_shapes.add(shape)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        queue.extend(_HREF.findall(response.content.decode()))
    return pages


def _assert_refused_page(response, *places: str) -> None:
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert "NUL character" in html
    for place in places:
        assert place in html


def _assert_refused_api(response, *locs: list) -> dict:
    assert response.status_code == 422, (response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] == "validation_failed" and "NUL" in body["message"]
    assert [d["loc"] for d in body["detail"]] == list(locs)
    assert {d["type"] for d in body["detail"]} == {"nul_character"}
    return body


def test_every_page_refuses_nul_in_the_query(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.admin)
    pages = _crawl(client, ["/", "/public/", "/deputies/", "/suggestions/", "/legislation/", "/motions/"])
    assert len(pages) >= 20, pages  # the walk reached the workspace and the portal
    anonymous = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    for path in pages:
        _assert_refused_page(client.get(path + "?q=a%00b"), "the address parameter q")
        _assert_refused_page(client.get(path, {"page": "1", "year\x00": "2026"}))
        assert anonymous.get(path + "?q=a%00b").status_code == 400, path


_NAMES = (
    "year month page v plan term delegation group station session bill project from to campaign theme "
    "saved unit topic status article paragraph receipt"
).split()
#: Numbers that are not numbers (a superscript two, which str.isdigit() accepts but int() refuses),
#: far too large, or far outside the calendar.
_JUNK = ["\u00b2", "99999999999999999999", "-1", "1", "9999"]


def test_every_page_survives_junk_numbers_in_its_parameters(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.admin)
    pages = _crawl(client, ["/", "/public/", "/deputies/", "/suggestions/", "/legislation/", "/motions/"])
    assert len(pages) >= 20, pages
    for path in pages:
        for junk in _JUNK:
            response = client.get(path, dict.fromkeys(_NAMES, junk))
            assert response.status_code < 500, (path, junk)


def test_every_api_list_refuses_nul_in_the_query(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.admin)
    paths = [
        "/api" + path
        for path, methods in api.get_openapi_schema()["paths"].items()
        if "{" not in path and "get" in methods
    ]
    assert len(paths) >= 10, paths
    for path in paths:
        _assert_refused_api(client.get(path + "?q=a%00b"), ["query", "q"])


def test_nul_in_the_path_a_form_field_and_a_header(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    _assert_refused_page(client.get("/public/regulations/a%00b/"), "the address")
    _assert_refused_page(
        client.post("/login/", {"username": "admin\x00", "password": "pw-admin"}), "the form field username"
    )
    _assert_refused_page(client.get("/public/", HTTP_X_CUSTOM="a\x00b"), "the header X-Custom")


def test_nul_in_a_json_body_of_the_api(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.staff)
    body = {
        "title": "ok",
        "units": [1, "x\u0000"],
        "nested": {"note\u0000": "y", "deep": {"reason": "\u0000"}},
    }
    response = client.post("/api/suggestions/1/assign", json.dumps(body), content_type="application/json")
    _assert_refused_api(
        response,
        ["body", "nested", "deep", "reason"],
        ["body", "nested", "note\\0"],
        ["body", "units", 1],
    )
    # the escape \\u0000 (a backslash, then "u0000") is ordinary text
    assert nul_in_json(json.dumps({"text": "\\u0000"}).encode()) == []
    # the API reads any non-form body as JSON, whatever its declared type
    response = client.post("/api/suggestions/1/assign", '{"note": "\\u0000"}', content_type="text/plain")
    _assert_refused_api(response, ["body", "note"])


def test_the_refusal_is_translated(world):
    client = Client(raise_request_exception=False)
    page = client.get("/public/?q=%00", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "NUL character" in page and 'lang="en"' in page
    with translation.override("zh-hans"):
        chinese = client.get("/public/?q=%00", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh-CN"' in chinese
    assert "NUL" in client.get("/api/me?q=%00", HTTP_ACCEPT_LANGUAGE="en").json()["message"]


def test_uploaded_file_contents_may_hold_nul_bytes(world):
    """Files are not text: a NUL inside one reaches the view (here: the roster import, which
    says the file is not a workbook); a NUL in a form field next to it is refused."""
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.staff)
    upload = SimpleUploadedFile("roster.xlsx", b"PK\x00\x00binary\x00data")
    response = client.post("/deputies/import/", {"file": upload})
    assert response.status_code == 200 and "not an .xlsx workbook" in response.content.decode()
    upload = SimpleUploadedFile("roster.xlsx", b"PK\x00\x00binary\x00data")
    _assert_refused_page(client.post("/deputies/import/", {"file": upload, "note": "a\x00"}), "note")
    request = RequestFactory().post("/x/", {"f\x00": SimpleUploadedFile("a.txt", b"\x00")})
    assert nul_places(request) == [["file", "f\\0"]]


def test_a_cookie_with_nul_is_dropped_not_looked_up(world):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abc\x00def" * 4  # sent quoted as "abc\000def…", decoded to NUL
    assert client.get("/public/").status_code == 200
    client = Client(raise_request_exception=False)
    client.force_login(world.staff)
    client.cookies["csrftoken"] = "x\x00"
    assert client.get("/").status_code == 200  # the good session cookie still works
