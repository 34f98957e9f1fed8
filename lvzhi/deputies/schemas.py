"""API shapes of the roster (shape only; the services check the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
DeputyStatusName = Literal["active", "suspended", "terminated"]
SectorName = Literal["worker", "farmer", "professional", "official", "business", "military", "other"]


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
    status: DeputyStatusName
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
    status: DeputyStatusName
    reason: str = Field("", max_length=200, description="Required to suspend or terminate a mandate.")
    date: dt.date


ContactFieldName = Literal["id_number", "phone", "email", "address"]


class ContactRevealIn(Schema):
    field: ContactFieldName


class ContactRevealOut(Schema):
    id: int
    field: ContactFieldName
    value: str


class ImportOut(Schema):
    created: int
    updated: int


class ImportErrorOut(Schema):
    """422: ``import_rejected`` with one entry per problem (row, column, message) in ``detail``,
    or ``validation_failed`` (not a workbook, too large) with ``detail`` a list or null."""

    code: str
    message: str
    detail: list[dict[str, Any]] | None
