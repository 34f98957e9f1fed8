"""Deadlines across holidays, reminders before due, escalation when overdue — each once."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core.models import Notification, Todo
from lvzhi.core.workdays import WorkCalendar
from lvzhi.suggestions import services as sv
from lvzhi.suggestions.models import Assignment, ReminderLog

from .test_workflow import assigned, reply

pytestmark = pytest.mark.django_db


def test_assignment_deadline_skips_the_spring_festival(sw, monkeypatch):
    # Registered on Fri 2026-02-13, the last working day before the 2026 Spring Festival break
    monkeypatch.setattr(sv, "_today", lambda: dt.date(2026, 2, 13))
    from .test_workflow import submitted

    s = sv.suggestion_register(suggestion=submitted(sw), acting_user=sw.w.staff)
    cal = WorkCalendar()
    assert s.assign_due == cal.add_working_days(dt.date(2026, 2, 13), 5)
    # 14 Feb is a make-up working day, 15–23 Feb are off: the 5th working day is 27 Feb
    assert s.assign_due == dt.date(2026, 2, 27)


def test_reply_deadline_three_months_rolls_past_national_day(sw, monkeypatch):
    monkeypatch.setattr(sv, "_today", lambda: dt.date(2026, 7, 1))
    s = assigned(sw)
    a = s.assignments.get()
    assert a.reply_due == dt.date(
        2026, 10, 8
    )  # 1 Oct is a holiday (1–7 Oct off): rolls to the next working day
    # six months later is Fri 1 Jan 2027, New Year's Day: the official data does not know 2027 yet,
    # but the statutory holidays are computed (provisional), so it rolls to Mon 4 Jan
    assert a.reply_cap == dt.date(2027, 1, 4)
    assert a.return_due == WorkCalendar().add_working_days(dt.date(2026, 7, 1), 5)
    from lvzhi.core.services import calendar_override_set

    calendar_override_set(date=dt.date(2027, 1, 1), is_working_day=False, note="元旦", acting_user=sw.w.staff)
    s2 = assigned(sw, title="关于另一个问题的建议")
    assert s2.assignments.get().reply_cap == dt.date(2027, 1, 4)


def test_reminders_and_escalation_are_sent_once(sw, monkeypatch):
    s = assigned(sw)
    a = s.assignments.get()
    cal = WorkCalendar()
    ten_before = cal.subtract_working_days(a.reply_due, 10)
    counts = sv.deadlines_scan(today=ten_before)
    assert counts["reminders"] == 1
    assert sv.deadlines_scan(today=ten_before)["reminders"] == 0  # not twice
    assert Notification.objects.filter(recipient=sw.w.officer, category="deadline").count() == 1
    late = a.reply_due + dt.timedelta(days=1)
    counts = sv.deadlines_scan(today=late)
    assert counts["escalations"] == 1
    assert Notification.objects.filter(recipient=sw.w.staff, category="escalation").exists()
    assert Todo.objects.filter(kind="suggestion.overdue", status="open").count() == 1
    assert sv.deadlines_scan(today=late)["escalations"] == 0
    assert ReminderLog.objects.filter(assignment=a).count() == 2


def test_answered_items_are_not_chased_and_expired_feedback_closes(sw):
    s = assigned(sw)
    reply(sw, s)
    s.refresh_from_db()
    a = Assignment.objects.get(suggestion=s)
    assert sv.deadlines_scan(today=s.feedback_due)["closed"] == 0  # still within the window
    counts = sv.deadlines_scan(today=a.reply_due + dt.timedelta(days=5))
    assert counts["escalations"] == 0 and counts["closed"] == 1
    s.refresh_from_db()
    assert s.status == "closed"


def test_late_commitments_are_flagged(sw, monkeypatch):
    s = assigned(sw)
    due = dt.date.today() + dt.timedelta(days=30)
    reply(sw, s, category="B", commitment="年内完成改造", commitment_due=due)
    counts = sv.deadlines_scan(today=due + dt.timedelta(days=1))
    assert counts["commitments"] == 1
    assert sv.deadlines_scan(today=due + dt.timedelta(days=2))["commitments"] == 0


def test_the_worker_runs_the_scan_daily(sw):
    from lvzhi.core import scheduler

    assert "suggestion_deadlines" in [j.name for j in scheduler._jobs()]
