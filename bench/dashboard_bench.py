"""Staff home dashboard latency on the city-scale demo data (SQLite and PostgreSQL).

    .venv/bin/python bench/dashboard_bench.py                      # SQLite in a temp dir
    .venv/bin/python bench/dashboard_bench.py --postgres postgres://postgres@127.0.0.1:5432/lvzhi_bench
    .venv/bin/python bench/dashboard_bench.py --requests 500 --role leader

Seeds ``--scale city`` into a fresh database, logs in as the demo account, then times
``GET /`` through Django's full request stack (middleware, sessions, templates) in-process,
one request at a time, and prints the median and 95th percentile. Target: p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fresh_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seeded_city(*, postgres: str | None, scale: str, **env: str) -> float:
    """Point Django at a fresh database (a temp dir's SQLite, or ``postgres`` dropped and
    recreated), migrate, collect static files, install the rules profiles and seed the demo
    city at ``scale``; ``env`` adds ``LVZHI_*`` settings. Returns the seed's wall time in s."""
    os.environ["LVZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="lvzhi-bench-")
    os.environ["LVZHI_DEBUG"] = "0"
    os.environ["LVZHI_HTTPS"] = "0"
    os.environ["LVZHI_ALLOWED_HOSTS"] = "testserver"
    os.environ["LVZHI_TASK_BACKEND"] = "immediate"
    os.environ["LVZHI_LOG_LEVEL"] = "WARNING"
    os.environ.update(env)
    if postgres:
        fresh_postgres(postgres)
        os.environ["LVZHI_DATABASE_URL"] = postgres
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rules_profiles_install_builtin()
    started = time.perf_counter()
    seed_city(scale=scale, seed=1)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="PostgreSQL URL (the database is dropped and recreated)"
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", default="city", choices=["demo", "city"])
    parser.add_argument(
        "--role", default="staff", help="demo login to measure (staff, leader, admin, deputy, unit)"
    )
    args = parser.parse_args()

    seeded = seeded_city(postgres=args.postgres, scale=args.scale)
    from django.db import connection
    from django.test import Client

    from lvzhi.core.models import User
    from lvzhi.deputies.models import Deputy

    client = Client()
    client.force_login(User.objects.get(username=args.role))
    for _ in range(10):  # warm-up: templates, connections, caches
        assert client.get("/").status_code == 200
    timings = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(f"database      : {connection.vendor} ({'PostgreSQL' if args.postgres else 'SQLite, WAL'})")
    print(f"machine       : {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"data          : scale={args.scale}, {Deputy.objects.count()} deputies, seeded in {seeded:.1f} s")
    print(f"page          : GET / as {args.role!r}, {args.requests} sequential requests in-process")
    print(f"median        : {statistics.median(timings):.1f} ms")
    print(f"p95           : {p95:.1f} ms   (target < 150 ms)")
    print(f"max           : {timings[-1]:.1f} ms")
    print("re-run        : .venv/bin/python bench/dashboard_bench.py [--postgres URL]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
