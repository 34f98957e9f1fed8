"""API shapes of public consultation (shape only; the services check the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class ConsultationOut(Schema):
    id: int
    title: str
    bill: str
    start: dt.date
    end: dt.date
    status: str
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
    (or null) for the draft as a whole. ``paragraph`` (款) needs an article."""

    text: str
    article: str | int | None = None
    paragraph: int | None = None
    name: str | None = None
    contact: str | None = None


class CommentReceiptOut(Schema):
    receipt: str
    moderation: str
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
    moderation: str
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


class AnalysisOut(Schema):
    updated_at: dt.datetime
    comments: int
    upto: int
    summary: dict[str, Any]
