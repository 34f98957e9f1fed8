"""Periodic jobs for ``lvzhi worker``: each job is enqueued at most once per interval,
however many worker processes run (the claim is a row update inside a transaction)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger("lvzhi.scheduler")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    enqueue: Callable[[], object]


def _jobs() -> list[PeriodicJob]:
    from lvzhi.consultation.tasks import analyse_open_consultations, sync_consultations
    from lvzhi.legislation.tasks import scan_legislation
    from lvzhi.suggestions.tasks import rebuild_similarity_index, scan_deadlines, train_recommender
    from lvzhi.supervision.tasks import scan_supervision

    from .tasks import verify_audit_chain, write_audit_anchor

    return [
        PeriodicJob("audit_verify", dt.timedelta(hours=24), verify_audit_chain.enqueue),
        PeriodicJob("audit_anchor", dt.timedelta(hours=24), write_audit_anchor.enqueue),
        PeriodicJob("suggestion_deadlines", dt.timedelta(hours=6), scan_deadlines.enqueue),
        PeriodicJob("recommender_train", dt.timedelta(hours=24), train_recommender.enqueue),
        PeriodicJob("similarity_index", dt.timedelta(hours=24), rebuild_similarity_index.enqueue),
        PeriodicJob("legislation_deadlines", dt.timedelta(hours=24), scan_legislation.enqueue),
        PeriodicJob("supervision_deadlines", dt.timedelta(hours=24), scan_supervision.enqueue),
        PeriodicJob("consultation_windows", dt.timedelta(minutes=10), sync_consultations.enqueue),
        PeriodicJob("consultation_analysis", dt.timedelta(minutes=15), analyse_open_consultations.enqueue),
    ]


def claim_due(job: PeriodicJob, now: dt.datetime | None = None) -> bool:
    """True if this process may enqueue ``job`` now; records the claim."""
    from .models import ScheduledJob

    now = now or timezone.now()
    with transaction.atomic():
        row, _created = ScheduledJob.objects.select_for_update().get_or_create(name=f"schedule:{job.name}")
        if row.last_run_at is not None and now - row.last_run_at < job.every:
            return False
        row.last_run_at = now
        row.last_result = "enqueued"
        row.save(update_fields=["last_run_at", "last_result"])
    return True


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    started = []
    for job in _jobs():
        try:
            if claim_due(job, now):
                job.enqueue()
                started.append(job.name)
        except Exception:  # keep the loop alive; the next tick retries
            logger.exception("could not schedule %s", job.name)
    return started


def start_in_background(tick_seconds: float = 60.0) -> threading.Thread:
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            close_old_connections()
            started = run_due_jobs()
            if started:
                logger.info("scheduled %s", ", ".join(started))
            close_old_connections()
            stop.wait(tick_seconds)

    thread = threading.Thread(target=loop, name="lvzhi-scheduler", daemon=True)
    thread.start()
    return thread
