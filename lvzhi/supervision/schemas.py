"""API shapes of supervision (shape only; the services check the rules)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class TaskOut(Schema):
    id: int
    item_id: int
    item: str
    problem: str
    problem_type: str
    unit: str
    unit_id: int
    deadline: dt.date
    status: str
    progress: int
    escalation: int


class ItemOut(Schema):
    id: int
    year: int
    form: str
    title: str
    body: str
    status: str
    is_public: bool
    tasks: list[TaskOut] = []


class ProgressIn(Schema):
    note: str
    percent: int


class ResultIn(Schema):
    result: str


class ExtensionIn(Schema):
    until: dt.date
    reason: str


class VerifyIn(Schema):
    passed: bool
    note: str


class SatisfactionBallotIn(Schema):
    choice: str


class SatisfactionVoteOut(Schema):
    id: int
    subject: str
    status: str
    total_members: int
    participants: int
    satisfied: int | None = None
    basically_satisfied: int | None = None
    unsatisfied: int | None = None
    accepted: bool | None = None
