"""API shapes of core data (shape only; rules live in services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    organ_id: int | None
    roles: list[dict[str, Any]]
    language: str


class OrganOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    type: str
    type_label: str
    parent_id: int | None
    is_active: bool


class TermOut(Schema):
    id: int
    number: int
    start_date: dt.date
    end_date: dt.date | None
    is_current: bool


class SessionOut(Schema):
    id: int
    term: int
    body: str
    number: int
    title: str
    start_date: dt.date
    end_date: dt.date


class NotificationOut(Schema):
    id: int
    category: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class TodoOut(Schema):
    id: int
    title: str
    url: str
    kind: str
    due_date: dt.date | None
    status: str


class DateOut(Schema):
    start: dt.date
    amount: int
    unit: str
    due: dt.date
    working_day: bool


class AuditVerifyOut(Schema):
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str


class RulesVersionOut(Schema):
    profile: str
    name: str
    version: int
    created_at: dt.datetime
    data: dict[str, Any]


class Page(Schema):
    count: int
    page: int
    page_size: int
    pages: int
