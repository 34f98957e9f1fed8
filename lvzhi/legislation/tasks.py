"""Background work of the legislation app: the daily scan (shelving, approval and filing
deadlines). Calls the service; holds no logic."""

from __future__ import annotations

from django_tasks import task


@task()
def scan_legislation() -> dict[str, int]:
    from .services import legislation_scan

    return legislation_scan()
