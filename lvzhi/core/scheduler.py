"""Periodic jobs for ``lvzhi worker``: each job is enqueued at most once per interval,
however many worker processes run (the claim is a row update inside a transaction)."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections, transaction
from django.utils import timezone

from .registry import PeriodicJob, periodic_jobs

logger = logging.getLogger("lvzhi.scheduler")


def _jobs() -> list[PeriodicJob]:
    """The jobs the apps registered (``core.registry.register_job``)."""
    return periodic_jobs()


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
