"""Periodic jobs and background tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lvzhi.core import scheduler
from lvzhi.core.models import Notification, ScheduledJob

pytestmark = pytest.mark.django_db


def test_a_periodic_job_is_claimed_once_per_interval(db):
    job = scheduler.PeriodicJob("probe", dt.timedelta(hours=1), lambda: None)
    now = timezone.now()
    assert scheduler.claim_due(job, now)
    assert not scheduler.claim_due(job, now + dt.timedelta(minutes=30))  # a second worker must not re-run it
    assert scheduler.claim_due(job, now + dt.timedelta(minutes=61))


@pytest.fixture
def own_var(settings, tmp_path):
    """A var/ of the test's own (anchors, and the audit key the world's rows are keyed with)."""
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_nightly_audit_check_records_its_result_and_alerts_admins(own_var, world):
    from django.db import connection

    from lvzhi.core import db_triggers
    from lvzhi.core.tasks import verify_audit_chain

    started = scheduler.run_due_jobs()
    assert "audit_verify" in started  # immediate backend in tests: the task ran
    assert ScheduledJob.objects.get(name="audit_verify").last_result.startswith("ok")
    assert scheduler.run_due_jobs() == []  # not again within 24 h

    db_triggers.remove(connection)
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditlog SET action = 'forged' WHERE seq = 2")
    db_triggers.install(connection)
    verify_audit_chain.call()
    assert ScheduledJob.objects.get(name="audit_verify").last_result.startswith("BROKEN")
    assert Notification.objects.filter(recipient=world.admin, category="security").exists()


def test_the_worker_writes_an_anchor_daily_and_sends_it_to_the_administrators(own_var, world):
    import json

    from lvzhi.core.audit import anchor_read
    from lvzhi.core.models import AuditLog

    tmp_path = own_var
    started = scheduler.run_due_jobs()
    assert "audit_anchor" in started  # immediate backend in tests: the task ran
    path = tmp_path / "audit-anchors" / f"{timezone.localdate().isoformat()}.json"
    anchor = anchor_read(path)
    assert anchor.seq == AuditLog.objects.order_by("-seq").first().seq
    assert ScheduledJob.objects.get(name="audit_anchor").last_result.startswith(f"row {anchor.seq}")
    sent = Notification.objects.get(recipient=world.admin, category="audit")
    assert anchor.mac in sent.body and json.loads(sent.body[sent.body.index("{") :])["seq"] == anchor.seq
    assert "audit_anchor" not in scheduler.run_due_jobs()  # not again within 24 h
