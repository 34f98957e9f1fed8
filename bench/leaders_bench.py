"""The leaders' view (``GET /leaders/``) on the demo city: time and number of queries.

    .venv/bin/python bench/leaders_bench.py                     # SQLite in a temp dir, --scale demo
    .venv/bin/python bench/leaders_bench.py --scale city --requests 50
    .venv/bin/python bench/leaders_bench.py --postgres postgres://postgres@127.0.0.1:5432/lvzhi_bench

Seeds the demo city into its own fresh database (never the one in ``var/``), signs in as the
demo account ``leader`` (``--role`` for another), then times ``GET /leaders/`` through Django's
full request stack in-process, one request at a time, and counts the queries of one request.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard_bench import seeded_city  # noqa: E402  (bench/ is on the path: run as a script)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", metavar="URL", help="PostgreSQL URL (the database is dropped and recreated)"
    )
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--scale", default="demo", choices=["demo", "city"])
    parser.add_argument("--role", default="leader", help="demo login to measure (leader, admin, staff)")
    parser.add_argument("--profile", action="store_true", help="also print where one request spends its time")
    args = parser.parse_args()

    seeded = seeded_city(
        postgres=args.postgres,
        scale=args.scale,
        LVZHI_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    from django.db import connection
    from django.test import Client

    from lvzhi.core.models import User
    from lvzhi.deputies.models import Deputy
    from lvzhi.suggestions.models import Suggestion
    from lvzhi.supervision.models import RectificationTask

    client = Client()
    client.force_login(User.objects.get(username=args.role))
    for _ in range(5):  # warm-up: templates, connections, caches
        assert client.get("/leaders/").status_code == 200
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get("/leaders/")
    assert response.status_code == 200
    timings = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        response = client.get("/leaders/")
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    timings.sort()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, "/leaders/")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        slow = sorted(queries, key=len)[-3:]
        print("longest SQL   :", *[q[:300] for q in slow], sep="\n  ")
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(f"database      : {connection.vendor} ({'PostgreSQL' if args.postgres else 'SQLite, WAL'})")
    print(f"machine       : {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"data          : scale={args.scale}, {Deputy.objects.count()} deputies, "
        f"{Suggestion.objects.count()} suggestions, {RectificationTask.objects.count()} rectification tasks, "
        f"seeded in {seeded:.1f} s"
    )
    print(f"page          : GET /leaders/ as {args.role!r}, {args.requests} sequential requests in-process")
    print(f"queries       : {len(queries)} per request")
    print(f"median        : {statistics.median(timings):.1f} ms")
    print(f"p95           : {p95:.1f} ms")
    print(f"max           : {timings[-1]:.1f} ms")
    print("re-run        : .venv/bin/python bench/leaders_bench.py [--scale demo|city] [--postgres URL]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
