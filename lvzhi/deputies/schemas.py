from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class DeputyOut(Schema):
    id: int
    code: str
    name: str
    gender: str
    term: int
    delegation: str
    delegation_id: int
    group: str | None
    station: str | None
    electoral_unit: str
    sector: str
    status: str
    status_reason: str
    status_date: dt.date | None
    workplace: str
    id_number: str
    phone: str
    email: str
    contact_masked: bool


class DeputyPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[DeputyOut]


class StatusIn(Schema):
    status: str
    reason: str = ""
    date: dt.date


class ImportOut(Schema):
    created: int
    updated: int


class ImportErrorOut(Schema):
    code: str
    message: str
    detail: list[dict[str, Any]]
