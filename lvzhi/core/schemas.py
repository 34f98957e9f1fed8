"""API shapes of core data (shape only; rules live in services)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema

#: The largest id a client may send (a 64-bit primary key): larger numbers are refused with 422
#: rather than overflowing the database driver.
MAX_ID = 2**63 - 1

#: An object id in a request body.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: An object id in the path (``/{pk}``).
PathId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
#: A year in a filter.
Year = Annotated[int, Field(ge=1900, le=2200)]

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
OrganTypeName = Literal[
    "congress",
    "standing_committee",
    "chairpersons_council",
    "special_committee",
    "working_body",
    "government",
    "government_department",
    "supervisory_commission",
    "court",
    "procuratorate",
    "district_congress",
    "other",
]
SessionBodyName = Literal["congress", "standing_committee"]
CalendarUnit = Literal["working_days", "days", "months"]


class ErrorOut(Schema):
    """Every error: a stable ``code`` to branch on, a ``message`` in the request's language and
    ``detail`` (per-field problems, a row-by-row import report, ``retry_after``, or null)."""

    code: str = Field(..., examples=["validation_failed"])
    message: str
    detail: Any = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation declares: ``{status: ErrorOut}``."""
    return dict.fromkeys(statuses, ErrorOut)


class RoleOut(Schema):
    role: str
    organ_id: int | None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    organ_id: int | None
    roles: list[RoleOut]
    language: str


class OrganOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    type: OrganTypeName
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
    body: SessionBodyName
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

    # in the reader's language (core.i18n), not the sender's
    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.shown_title)

    @staticmethod
    def resolve_body(obj: Any) -> str:
        return str(obj.shown_body)


class TodoOut(Schema):
    id: int
    title: str
    url: str
    kind: str
    due_date: dt.date | None
    status: Literal["open", "done", "cancelled"]

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.shown_title)


class DateOut(Schema):
    start: dt.date
    amount: int
    unit: CalendarUnit
    due: dt.date
    working_day: bool
    #: the years between start and due whose official holiday arrangement is not entered yet
    provisional_years: list[int]
    #: true when there is such a year: the due date may move once the arrangement is entered
    provisional: bool


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
