"""API shapes of suggestions (shape only; the services check the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.schemas import Id

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
SuggestionStatusName = Literal[
    "draft",
    "submitted",
    "returned",
    "registered",
    "assigned",
    "answered",
    "rehandling",
    "closed",
    "converted",
    "withdrawn",
    "merged",
]
TopicName = Literal[
    "economy",
    "education",
    "health",
    "transport",
    "housing",
    "environment",
    "social",
    "employment",
    "market",
    "urban",
    "security",
    "justice",
    "agriculture",
    "culture",
    "digital",
    "congress",
    "other",
]
ChannelName = Literal["session", "interim"]
AssignmentModeName = Literal["sole", "separate", "joint"]
AssignmentRoleName = Literal["sole", "separate", "lead", "co"]
ReplyModeName = Literal["face", "written"]
RatingName = Literal["satisfied", "basically", "unsatisfied"]


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
    topic: TopicName
    status: SuggestionStatusName
    confidential: bool
    is_key: bool
    year: int
    lead: str
    lead_code: str
    delegation: str
    signers: list[str]
    assignments: list[AssignmentOut]
    replies: list[ReplyOut]
    published_at: dt.datetime | None = Field(
        None, description="When the office published it on the portal (only after the reply)."
    )


class SuggestionRow(Schema):
    id: int
    number: str
    title: str
    topic: TopicName
    status: SuggestionStatusName
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
    title: str = Field(..., min_length=1, max_length=200, pattern=r"\S", description="The subject.")
    body: str = Field(
        ..., min_length=10, description="The facts and what you propose (10 characters or more)."
    )
    topic: TopicName = "other"
    channel: ChannelName = "interim"
    cosigners: list[str] = Field(
        default_factory=list, max_length=100, description="Deputy numbers of the co-signers (same term)."
    )
    confidential: bool = False
    confidential_reason: str = Field("", max_length=200)


class UnitIn(Schema):
    unit: str = Field(..., min_length=1, max_length=64, description="The organ's code.")
    role: AssignmentRoleName
    part: str = ""


class AssignIn(Schema):
    mode: AssignmentModeName
    units: list[UnitIn] = Field(..., min_length=1, max_length=20)


class SuggestionReasonIn(Schema):
    reason: str = Field(..., min_length=1, pattern=r"\S")


class ReplyIn(Schema):
    assignment: Id | None = Field(
        None, description="The assignment answered; may be left out when the user's unit has only one."
    )
    category: str = Field(
        ..., min_length=1, max_length=4, description="A result category of the rules profile."
    )
    content: str = Field(..., min_length=20, description="The answer, point by point.")
    signer: str = Field(
        ..., min_length=1, max_length=60, pattern=r"\S", description="The unit head who signs."
    )
    mode: ReplyModeName = "written"
    commitment: str = ""
    commitment_due: dt.date | None = None


class RateIn(Schema):
    reply: Id
    rating: RatingName
    comment: str = Field("", description="Required when unsatisfied.")


class ConfirmIn(Schema):
    confirm: bool = True


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    sha256: str


class RecommendationOut(Schema):
    unit: str
    unit_code: str
    score: float
