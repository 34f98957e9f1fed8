"""API shapes of motions (shape only; the rules live in the services)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class SignerOut(Schema):
    deputy_id: int
    code: str
    name: str
    is_lead: bool
    state: str
    confirmed_at: dt.datetime | None
    declined_at: dt.datetime | None
    withdrawn_at: dt.datetime | None


class MotionOut(Schema):
    id: int
    number: str
    title: str
    body: str
    status: str
    status_label: str
    term: int
    session_id: int
    session: str
    is_legislative: bool
    lead_id: int
    lead: str
    signer_count: int
    threshold: int
    committee_id: int | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    report_due: dt.date | None
    converted_suggestion_id: int | None
    rules_version: int


class MotionDetailOut(MotionOut):
    reason: str
    proposal: str
    draft_outline: str
    decision_note: str
    report: str
    reported_at: dt.datetime | None
    withdrawal_reason: str
    withdrawn_at: dt.datetime | None
    end_reason: str
    signers: list[SignerOut]


class MotionPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[MotionOut]


class MotionIn(Schema):
    session_id: int
    title: str = Field(..., max_length=200)
    reason: str = ""
    proposal: str = ""
    is_legislative: bool = False
    draft_outline: str = ""
    cosigner_ids: list[int] = Field(default_factory=list, max_length=500)
    lead_id: int | None = Field(
        None, description="Staff only: the lead deputy; a deputy always leads their own."
    )


class DecisionIn(Schema):
    decision: Literal["list", "not_list", "convert"]
    committee_id: int | None = None
    note: str = ""


class MotionReasonIn(Schema):
    reason: str = ""


class ReportIn(Schema):
    report: str


class MotionVoteIn(Schema):
    passed: bool
    note: str = ""


class SignatureWithdrawIn(Schema):
    deputy_id: int | None = Field(
        None, description="Staff only: whose signature; a deputy withdraws their own."
    )
    reason: str = ""
