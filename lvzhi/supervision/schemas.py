"""API shapes of supervision (shape only; the services check the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
FormName = Literal[
    "work_report",
    "inspection",
    "budget",
    "audit",
    "thematic_inquiry",
    "question",
    "interpellation",
    "investigation",
    "satisfaction",
    "filing_review",
]
ItemStatusName = Literal[
    "planned", "in_progress", "deliberated", "opinion_sent", "reported", "re_report", "closed"
]
TaskStatusName = Literal["open", "in_progress", "submitted", "verified", "closed"]


class TaskOut(Schema):
    id: int
    item_id: int
    item: str
    problem: str
    problem_type: str
    unit: str
    unit_id: int
    deadline: dt.date
    status: TaskStatusName
    progress: int
    escalation: int


class ItemOut(Schema):
    id: int
    year: int
    form: FormName
    title: str
    body: str
    status: ItemStatusName
    is_public: bool
    tasks: list[TaskOut] = []


class ProgressIn(Schema):
    note: str = Field(..., min_length=1, pattern=r"\S")
    percent: int = Field(..., ge=0, le=100)


class ResultIn(Schema):
    result: str = Field(..., min_length=1, pattern=r"\S")


class ExtensionIn(Schema):
    until: dt.date = Field(..., description="Later than the task's deadline.")
    reason: str = Field(..., min_length=1, pattern=r"\S")


class ExtensionOut(Schema):
    id: int
    until: dt.date
    status: str


class VerifyIn(Schema):
    passed: bool
    note: str = Field(..., min_length=1, pattern=r"\S")


class SatisfactionBallotIn(Schema):
    choice: str = Field(
        ..., min_length=1, max_length=24, description="An option on the ballot (rules profile)."
    )


class SatisfactionVoteOut(Schema):
    id: int
    subject: str
    status: str
    total_members: int
    participants: int = Field(description="Members who have taken part so far (never who chose what).")
    turnout: int | None = Field(None, description="Members who took part, once closed.")
    turnout_percent: float | None = Field(None, description="turnout as a share of total_members (%).")
    quorum: int | None = Field(None, description="Members needed for the vote to decide (rules profile).")
    decided: bool = Field(False, description="Closed with its quorum; an inquorate vote decides nothing.")
    satisfied: int | None = None
    basically_satisfied: int | None = None
    unsatisfied: int | None = None
    accepted: bool | None = None
