"""API shapes of public consultation (shape only; the services check the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from .models import MAX_COMMENT_CHARS

#: Values of the models' choices (kept equal to them by ``test_api_contract``).
ConsultationStatusName = Literal["scheduled", "open", "closed", "published"]
ModerationName = Literal["published", "pending", "removed"]
DecisionName = Literal["adopted", "partly", "not_adopted"]


class ConsultationOut(Schema):
    id: int
    title: str
    bill: str
    bill_id: int
    start: dt.date
    end: dt.date = Field(description="The announced last day.")
    closed_on: dt.date | None = Field(
        description="The day it was actually closed (earlier than end when closed early), or null while open."
    )
    status: ConsultationStatusName
    status_label: str
    taking_comments: bool


class ArticleOut(Schema):
    key: str
    label: str
    text: str
    paragraphs: int
    chapter: str


class ConsultationDetailOut(ConsultationOut):
    explanation: str
    version: int
    version_label: str
    feedback_published: bool
    articles: list[ArticleOut]


class CommentIn(Schema):
    """A comment: ``article`` is a key ("12", "10-1"), a label ("第十二条") or a number; leave it out
    (or null) for the draft as a whole. ``paragraph`` (款) needs an article.

    The limits stated here are checked by the service (so that each gets its own translated
    message in ``detail[field]``), not by the body parser: they are in the schema only."""

    text: str = Field(
        ...,
        json_schema_extra={"minLength": 1, "maxLength": MAX_COMMENT_CHARS, "pattern": r"\S"},
        description="The comment; leading and trailing blanks do not count.",
    )
    article: str | int | None = None
    paragraph: int | None = Field(
        None, json_schema_extra={"minimum": 1}, description="Within the article's paragraphs."
    )
    name: str | None = Field(None, json_schema_extra={"maxLength": 40})
    contact: str | None = Field(
        None, json_schema_extra={"maxLength": 120}, description="A phone number or an e-mail address."
    )


class CommentReceiptOut(Schema):
    receipt: str
    moderation: str = Field(..., json_schema_extra={"enum": ["published", "pending", "removed"]})
    article: str
    submitted_at: dt.datetime


class ThemeDecisionOut(Schema):
    label: str
    comments: int
    decision: str
    decision_label: str
    reason: str


class CommentDecisionOut(Schema):
    paragraph: int | None
    text: str
    decision: str
    decision_label: str
    reason: str


class FeedbackArticleOut(Schema):
    key: str
    label: str
    comments: int
    themes: list[ThemeDecisionOut]
    decided: list[CommentDecisionOut]


class FeedbackOut(Schema):
    id: int
    title: str
    summary: str
    published_at: dt.datetime | None
    received: int
    accepted: int
    channels: dict[str, int]
    decisions: dict[str, int]
    articles: list[FeedbackArticleOut]


class StaffCommentOut(Schema):
    id: int
    receipt: str
    article: str
    paragraph: int | None
    text: str
    channel: str
    submitted_at: dt.datetime
    name: str  # masked
    contact: str  # masked
    moderation: ModerationName
    moderation_reason: str
    decision: str
    decision_reason: str
    decision_theme: str


class StaffCommentPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[StaffCommentOut]


class TotalsOut(Schema):
    received: int
    accepted: int
    pending: int
    removed: int
    articles: dict[str, int]
    whole_draft: int
    channels: dict[str, int]
    decided: int
    decisions: dict[str, int]
    themes_decided: int


class AnalysisOut(Schema):
    updated_at: dt.datetime
    comments: int
    upto: int
    summary: dict[str, Any]
