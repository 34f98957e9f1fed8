"""API shapes of legislation (shape only; the rules live in the services)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.schemas import Id

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
BillStatusName = Literal[
    "drafting",
    "submitted",
    "deliberation",
    "shelved",
    "passed",
    "failed",
    "withdrawn",
    "terminated",
    "awaiting_approval",
    "approved",
    "not_approved",
    "promulgated",
    "filed",
]
BillKindName = Literal["enact", "amend", "repeal"]


class BillOut(Schema):
    id: int
    title: str
    kind: BillKindName
    status: BillStatusName
    status_label: str
    term: int
    regulation_id: int | None
    proposer_kind: str
    proposer_organ_id: int | None
    drafting_unit_id: int | None
    readings_planned: int
    readings_held: int
    submitted_at: dt.datetime | None
    consultation_start: dt.date | None = Field(
        description="First day of the public consultation (of the latest one run on the platform, else the "
        "window recorded on the bill)."
    )
    consultation_end: dt.date | None = Field(
        description="Last day comments were taken: the day the consultation was closed when closed early, "
        "else its announced last day."
    )
    consultation_id: int | None = Field(
        description="The latest consultation run on the platform (GET /consultations/{id}), if any."
    )
    passed_on: dt.date | None
    approval_due: dt.date | None
    approved_on: dt.date | None
    rules_version: int


class VersionOut(Schema):
    number: int
    label: str
    article_count: int
    reading: int | None
    created_at: dt.datetime


class ReadingOut(Schema):
    id: int
    number: int
    session_id: int
    status: str
    held_on: dt.date | None


class BillVoteOut(Schema):
    id: int
    kind: str
    clause: str
    session_id: int
    status: str
    total_members: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voting: int
    result: str


class BillDetailOut(BillOut):
    explanation: str
    has_unified_review: bool
    versions: list[VersionOut]
    readings: list[ReadingOut]
    votes: list[BillVoteOut]


class BillPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[BillOut]


class BillIn(Schema):
    title: str = Field(..., min_length=1, max_length=200, pattern=r"\S")
    kind: BillKindName = "enact"
    proposer_kind: Literal["council", "government", "committee", "members"]
    proposer_organ_id: Id | None = None
    sponsor_ids: list[Id] = Field(default_factory=list, max_length=100, description="Person ids of members")
    drafting_unit_id: Id | None = None
    regulation_id: Id | None = None
    explanation: str = ""
    text: str = ""


class TextIn(Schema):
    text: str = Field(..., min_length=1, pattern=r"\S", description="The whole text of the new version.")
    label: str = Field("", max_length=60)
    note: str = Field("", max_length=200)


class ScheduleIn(Schema):
    session_id: Id


class HoldIn(Schema):
    held_on: dt.date | None = None
    note: str = ""


class ReadingsIn(Schema):
    readings: int = Field(
        ...,
        ge=1,
        le=100,
        description="Within the bill's rules profile's minimum and maximum (legislation.readings_min / "
        "readings_max); outside them: 409 readings_out_of_range with detail.min, max and basis (the article).",
    )
    note: str = Field(..., min_length=1, pattern=r"\S", description="The council of chairpersons' decision.")


class ConsultationIn(Schema):
    start: dt.date
    end: dt.date


class OpinionIn(Schema):
    committee_id: Id
    opinion: str
    reason: str


class ReviewIn(Schema):
    report: str
    all_adopted: bool = False
    unadopted: list[OpinionIn] = Field(default_factory=list, max_length=100)


class AttendanceIn(Schema):
    present_membership_ids: list[Id] = Field(default_factory=list, max_length=200)


class BillVoteIn(Schema):
    session_id: Id
    kind: Literal["whole", "clause"] = "whole"
    clause: str = Field("", max_length=60, description="Required for a clause vote.")


class BillBallotIn(Schema):
    choice: Literal["yes", "no", "abstain"]
    membership_id: Id | None = Field(None, description="Office only: whose vote; a member casts their own.")


class BillReasonIn(Schema):
    reason: str = Field(..., min_length=1, pattern=r"\S")


class ApprovalSubmitIn(Schema):
    submitted_on: dt.date | None = None


class ApprovalIn(Schema):
    approved_on: dt.date
    approving_body: str = Field(..., max_length=200)
    note: str = ""


class PromulgateIn(Schema):
    announcement_number: str = Field(..., max_length=60)
    enacting_body: str = Field(..., max_length=200)
    promulgated_on: dt.date
    commencement_on: dt.date
    title: str = Field("", max_length=200)


class FilingIn(Schema):
    filed_on: dt.date
    filed_with: str = Field(..., max_length=200)


class QuorumOut(Schema):
    total: int
    present: int
    needed: int
    met: bool
    recorded: int


class RegulationVersionOut(Schema):
    number: int
    kind: str
    title: str
    announcement_number: str
    enacting_body: str
    passed_on: dt.date
    approving_body: str
    approved_on: dt.date | None
    promulgated_on: dt.date
    commencement_on: dt.date
    article_count: int


class RegulationOut(Schema):
    id: int
    title: str
    status: str
    repealed_on: dt.date | None
    versions: list[RegulationVersionOut]


class RegulationTextOut(RegulationVersionOut):
    text: str


#: What happened to a row of the 对照表 (the engine's diff ops, and ``title`` for the title).
ChangeKindName = Literal[
    "title", "unchanged", "renumbered", "modified", "moved", "split", "merged", "inserted", "deleted"
]


class CompareRowOut(Schema):
    """One row of the 对照表: the old and new texts (articles with their labels, one line a
    款/项), what changed, and the note (说明) in the reader's language."""

    change: ChangeKindName
    old: str
    new: str
    old_articles: list[str] = Field(description="labels of the old articles (第十条 …)")
    new_articles: list[str] = Field(description="labels of the new articles")
    renumbered: bool
    note: str
    uid: str


class CompareOut(Schema):
    """The 对照表 between two texts: the two versions' labels, the summary and the rows."""

    old_label: str
    new_label: str
    summary: str
    counts: dict[str, int]
    rows: list[CompareRowOut]
