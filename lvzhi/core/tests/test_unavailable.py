"""A database outage answers 503 with ``Retry-After`` (a page, or ``{"code": "unavailable"}``
under /api/ and on the comment surge path), never 500. The outage is simulated: every query of
the request fails the way a restarting or locked database fails. ``bench/db_restart_bench.py``
restarts a real PostgreSQL under load."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg.errors
import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError, connections
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse, JsonResponse
from django.test import Client, RequestFactory

from lvzhi.core.middleware import RETRY_AFTER_SECONDS, ServiceUnavailableMiddleware, database_unavailable

pytestmark = pytest.mark.django_db


def _django_error(cls: type[Exception], cause: BaseException | None) -> Exception:
    """As Django raises it: its own class, the driver's exception as the cause."""
    exc = cls(str(cause))
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    ("exc", "outage"),
    [
        (_django_error(OperationalError, psycopg.errors.AdminShutdown("terminating connection")), True),
        (_django_error(OperationalError, psycopg.errors.CannotConnectNow("the system is starting up")), True),
        (_django_error(OperationalError, psycopg.errors.ConnectionFailure("lost")), True),
        (_django_error(OperationalError, psycopg.errors.DeadlockDetected("deadlock")), True),
        (_django_error(OperationalError, psycopg.errors.TooManyConnections("too many")), True),
        (_django_error(OperationalError, psycopg.OperationalError("connection refused")), True),
        (_django_error(InterfaceError, psycopg.InterfaceError("connection already closed")), True),
        (_django_error(OperationalError, sqlite3.OperationalError("database is locked")), True),
        (_django_error(OperationalError, sqlite3.OperationalError("unable to open database file")), True),
        (_django_error(OperationalError, psycopg.errors.ProgramLimitExceeded("index row too big")), False),
        (_django_error(OperationalError, sqlite3.OperationalError("no such table: core_user")), False),
        (_django_error(ProgrammingError, psycopg.errors.UndefinedTable("no such table")), False),
        (ValueError("A string literal cannot contain NUL (0x00) characters."), False),
        (None, False),
    ],
)
def test_what_counts_as_an_outage(exc: Exception | None, outage: bool) -> None:
    assert database_unavailable(exc) is outage


@contextmanager
def database_down(error: BaseException) -> Iterator[None]:
    """Every query fails with ``error``, raised where a driver raises it: inside Django's error
    translation (so Django wraps it and marks the connection as having failed), beneath any
    query wrappers."""

    def fail(self: CursorWrapper, *args: Any, **kwargs: Any) -> Any:
        with self.db.wrap_database_errors:
            raise error

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(CursorWrapper, "_execute", fail)
        mp.setattr(CursorWrapper, "_executemany", fail)
        yield


def outage() -> Exception:
    """What the driver of the database in use raises when the database goes away."""
    if connections["default"].vendor == "postgresql":
        return psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    return sqlite3.OperationalError("database is locked")


def _assert_unavailable_page(response: Any) -> None:
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    assert "temporarily unavailable" in response.content.decode()


def _assert_unavailable_json(response: Any) -> None:
    assert response.status_code == 503, (response.status_code, response.content[:300])
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    body = json.loads(response.content)
    assert body["code"] == "unavailable" and body["detail"] == {"retry_after": RETRY_AFTER_SECONDS}
    assert "temporarily unavailable" in body["message"]


def test_a_page_answers_503_when_the_database_is_down(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.staff)
    with database_down(outage()):
        _assert_unavailable_page(client.get("/public/"))
        _assert_unavailable_page(client.get("/"))  # the session and the user are read first
        _assert_unavailable_page(client.get("/deputies/"))
    assert client.get("/deputies/").status_code == 200  # and back when it is back


def test_the_api_answers_503_json_when_the_database_is_down(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.staff)
    with database_down(outage()):
        _assert_unavailable_json(client.get("/api/me"))
        _assert_unavailable_json(client.get("/api/deputies"))
    assert client.get("/api/me").status_code == 200


def test_a_failed_connection_is_recognised_after_the_api_answered(world, monkeypatch):
    """A connect that fails raises before any query runs, and the API framework answers its
    own 500: the connection that failed during the request and no longer works tells."""
    conn = connections["default"]
    request = RequestFactory().get("/api/me", HTTP_ACCEPT_LANGUAGE="en")

    def api_view(request: Any) -> HttpResponse:
        conn.errors_occurred = True  # as Django's error translation marks a failed connect
        return JsonResponse({"code": "server_error"}, status=500)

    middleware = ServiceUnavailableMiddleware(api_view)
    try:
        assert middleware(request).status_code == 500  # the connection still works: a real 500
        monkeypatch.setattr(type(conn), "is_usable", lambda self: False)
        _assert_unavailable_json(middleware(request))
    finally:
        conn.errors_occurred = False


def test_other_database_errors_stay_500(world):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    no_table: Exception = sqlite3.OperationalError("no such table: deputies_deputy")
    if connections["default"].vendor == "postgresql":
        no_table = psycopg.errors.UndefinedTable('relation "deputies_deputy" does not exist')
    with database_down(no_table):
        assert client.get("/public/").status_code == 500
        assert client.get("/api/consultations").status_code == 500
