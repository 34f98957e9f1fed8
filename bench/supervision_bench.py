"""Supervision dashboard latency with 5,000 rectification tasks (SQLite and PostgreSQL).

    .venv/bin/python bench/supervision_bench.py
    .venv/bin/python bench/supervision_bench.py --postgres postgres://postgres@127.0.0.1:5432/lvzhi_bench

Seeds the demo city, then a supervision plan with 250 items across the supervised bodies and
5,000 rectification tasks (20 per item) in every state, with deadlines spread over two years
so that a realistic share is overdue; then times the dashboard (all filters off, and filtered
by a supervised body) and the task list through Django's full stack in-process, one request at
a time. Target: dashboard p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(p * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    os.environ.update(
        {
            "LVZHI_VAR_DIR": tempfile.mkdtemp(prefix="lvzhi-supbench-"),
            "LVZHI_DEBUG": "0",
            "LVZHI_HTTPS": "0",
            "LVZHI_ALLOWED_HOSTS": "testserver",
            "LVZHI_TASK_BACKEND": "immediate",
            "LVZHI_LOG_LEVEL": "WARNING",
        }
    )
    if args.postgres:
        from dashboard_bench import fresh_postgres

        fresh_postgres(args.postgres)
        os.environ["LVZHI_DATABASE_URL"] = args.postgres
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lvzhi.core.models import HANDLING_TYPES, Organ, Term, User
    from lvzhi.core.selectors import current_ruleset
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city
    from lvzhi.supervision.models import RectificationTask, SupervisionItem, SupervisionPlan
    from lvzhi.supervision.states import Form, ItemStatus, ProblemType, TaskStatus

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rules_profiles_install_builtin()
    seed_city(scale="demo", seed=1)
    rng = random.Random(7)
    today = timezone.localdate()
    version, _rules = current_ruleset()
    term = Term.objects.get(is_current=True)
    bodies = list(Organ.objects.filter(type__in=HANDLING_TYPES))
    staff = User.objects.get(username="staff")
    t0 = time.perf_counter()
    plan = SupervisionPlan.objects.create(
        term=term,
        year=today.year,
        title=f"{today.year}年度监督工作计划",
        status="published",
        adopted_on=today - dt.timedelta(days=300),
        published_at=timezone.now(),
        rules=version,
    )
    items = SupervisionItem.objects.bulk_create(
        [
            SupervisionItem(
                plan=plan,
                form=rng.choice(Form.values),
                title=f"监督事项{i + 1}",
                body=rng.choice(bodies),
                status=rng.choice([ItemStatus.IN_PROGRESS, ItemStatus.DELIBERATED]),
                is_public=True,
            )
            for i in range(max(1, args.tasks // 20))
        ]
    )
    open_states = [TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED]
    tasks = []
    for i in range(args.tasks):
        item = items[i % len(items)]
        closed = rng.random() < 0.45
        tasks.append(
            RectificationTask(
                item=item,
                problem=f"问题{i + 1}：整改事项说明",
                problem_type=rng.choice(ProblemType.values),
                unit=rng.choice(bodies),
                deadline=today + dt.timedelta(days=rng.randrange(-365, 365)),
                status=TaskStatus.CLOSED if closed else rng.choice(open_states),
                progress=100 if closed else rng.randrange(0, 90),
                verified_by=staff if closed else None,
                verified_at=timezone.now() if closed else None,
                closed_at=timezone.now() if closed else None,
            )
        )
    RectificationTask.objects.bulk_create(tasks, batch_size=1000)
    seeded = time.perf_counter() - t0
    client = Client()
    client.force_login(staff)
    print(
        f"database : {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"data     : {RectificationTask.objects.count()} tasks in {len(items)} items over {len(bodies)} bodies "
        f"(written in {seeded:.1f} s)"
    )
    all_times: list[float] = []
    for label, url in (
        ("dashboard", "/supervision/dashboard/"),
        ("dashboard, this year", f"/supervision/dashboard/?year={today.year}"),
        ("task list (open)", "/supervision/tasks/"),
    ):
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        if label.startswith("dashboard"):
            all_times += times
        print(f"  {label:<22} median {statistics.median(times):6.1f} ms   p95 {pct(times, 0.95):6.1f} ms")
    print(f"  {'dashboards overall':<22} p95 {pct(all_times, 0.95):6.1f} ms   (target < 200 ms)")
    print("re-run   : .venv/bin/python bench/supervision_bench.py [--postgres URL] [--tasks N]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
