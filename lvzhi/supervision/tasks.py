"""Background work of supervision: the daily deadline and escalation scan."""

from __future__ import annotations

from django_tasks import task


@task()
def scan_supervision() -> dict[str, int]:
    from .services import deadlines_scan

    return deadlines_scan()
