from __future__ import annotations

import datetime as dt

from ninja import Schema


class AssignmentOut(Schema):
    id: int
    unit: str
    unit_code: str
    role: str
    status: str
    part: str
    reply_due: dt.date
    reply_cap: dt.date


class ReplyOut(Schema):
    id: int
    unit: str
    round: int
    category: str
    content: str
    replied_at: dt.datetime
    rating: str | None


class SuggestionOut(Schema):
    id: int
    number: str
    title: str
    body: str
    topic: str
    status: str
    confidential: bool
    is_key: bool
    year: int
    lead: str
    lead_code: str
    delegation: str
    signers: list[str]
    assignments: list[AssignmentOut]
    replies: list[ReplyOut]


class SuggestionRow(Schema):
    id: int
    number: str
    title: str
    topic: str
    status: str
    year: int
    lead: str
    units: list[str]


class SuggestionPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[SuggestionRow]


class SuggestionIn(Schema):
    title: str
    body: str
    topic: str = "other"
    channel: str = "interim"
    cosigners: list[str] = []
    confidential: bool = False
    confidential_reason: str = ""


class UnitIn(Schema):
    unit: str  # organ code
    role: str
    part: str = ""


class AssignIn(Schema):
    mode: str
    units: list[UnitIn]


class SuggestionReasonIn(Schema):
    reason: str


class ReplyIn(Schema):
    assignment: int
    category: str
    content: str
    signer: str
    mode: str = "written"
    commitment: str = ""
    commitment_due: dt.date | None = None


class RateIn(Schema):
    reply: int
    rating: str
    comment: str = ""


class ConfirmIn(Schema):
    confirm: bool = True


class RecommendationOut(Schema):
    unit: str
    unit_code: str
    score: float
