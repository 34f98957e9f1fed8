"""API shapes of motions (shape only; the rules live in the services)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.schemas import Id

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
MotionStatusName = Literal[
    "draft",
    "submitted",
    "listed",
    "not_listed",
    "reported",
    "converted",
    "passed",
    "failed",
    "withdrawn",
    "ended",
]
MotionBodyName = Literal["congress", "standing_committee"]


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
    body: MotionBodyName
    status: MotionStatusName
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
    session_id: Id
    title: str = Field(..., min_length=1, max_length=200, pattern=r"\S", description="The subject (案由).")
    reason: str = ""
    proposal: str = ""
    is_legislative: bool = False
    draft_outline: str = ""
    cosigner_ids: list[Id] = Field(default_factory=list, max_length=500)
    lead_id: Id | None = Field(
        None, description="Staff only: the lead deputy; a deputy always leads their own."
    )


class DecisionIn(Schema):
    decision: Literal["list", "not_list", "convert"]
    committee_id: Id | None = None
    note: str = ""


class MotionReasonIn(Schema):
    reason: str = Field("", description="Required unless the lead already gave one when asking to withdraw.")


class ReportIn(Schema):
    report: str = Field(..., min_length=1, pattern=r"\S")


class MotionVoteIn(Schema):
    passed: bool
    note: str = ""


class SignatureWithdrawIn(Schema):
    deputy_id: Id | None = Field(
        None, description="Staff only: whose signature; a deputy withdraws their own."
    )
    reason: str = Field("", max_length=200)
