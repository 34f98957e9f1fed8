"""A PostgreSQL restart under a steady stream of comment submissions against ``lvzhi serve``.

    .venv/bin/python bench/db_restart_bench.py --postgres postgresql://postgres@127.0.0.1:5432/lvzhi_bench_restart \\
        [--rate 100] [--duration 30] [--restart-at 10] [--cluster "15 main"] [--workers 2] [--keep]

What it shows: while the database is down, every submission is answered — 201 with a receipt
before and after, 503 ``{"code": "unavailable"}`` with ``Retry-After`` during — never 500, and
every receipt the server returned belongs to a stored comment (nothing acknowledged is lost).

The scratch database is dropped and recreated, migrated and seeded with the demo city (its open
consultation takes the comments), then dropped at the end unless ``--keep``. ``lvzhi serve``
runs as a subprocess on a free loopback port; the open-loop generator of
``bench/consultation_intake_bench.py`` sends ``--rate`` submissions a second over 64 kept-alive
connections (as from nginx) for ``--duration`` seconds, and ``--restart-at`` seconds in, the
benchmark runs ``pg_ctlcluster --skip-systemctl-redirect <cluster> restart`` (root; this
restarts the whole PostgreSQL cluster, so other users of it see the outage too: keep runs few).
``--no-restart`` runs the same load without the restart, for comparison.

"During the outage" are the submissions due from the start of the restart command until two
seconds after it returned (when PostgreSQL accepts connections again). Afterwards the comments
stored since the start are compared, as a set of receipts, with the receipts returned.
Exit status 1 if any answer was a 500 or a returned receipt is not stored.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from consultation_intake_bench import (  # noqa: E402
    drop_postgres,
    encode_requests,
    free_port,
    pct,
    start_server,
    stop_server,
    wait_ready,
)
from loadgen import Result, drive_pool  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/lvzhi_bench_restart"


def restart_later(cluster: list[str], at: float, times: dict[str, float]) -> threading.Thread:
    """Restart the PostgreSQL cluster at ``at`` (perf_counter time); note when it began and ended."""

    def run() -> None:
        while (delay := at - time.perf_counter()) > 0:
            time.sleep(delay)
        times["begin"] = time.perf_counter()
        result = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
            capture_output=True,
            text=True,
        )
        times["end"] = time.perf_counter()
        times["rc"] = result.returncode
        if result.returncode:
            print(f"pg_ctlcluster failed ({result.returncode}): {result.stderr.strip()}", flush=True)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", metavar="URL", default=DEFAULT_URL, help="scratch database (dropped)")
    parser.add_argument("--rate", type=float, default=100.0, help="submissions per second (100)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (30)")
    parser.add_argument("--restart-at", type=float, default=10.0, help="seconds into the load (10)")
    parser.add_argument("--cluster", default="15 main", help='PostgreSQL version and cluster ("15 main")')
    parser.add_argument("--workers", type=int, default=2, help="worker processes of lvzhi serve (2)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as lost")
    parser.add_argument("--no-restart", action="store_true", help="the same load without the restart")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="lvzhi-restart-")
    os.environ.update(
        {
            "LVZHI_VAR_DIR": var_dir,
            "LVZHI_DEBUG": "0",
            "LVZHI_HTTPS": "0",
            "LVZHI_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "LVZHI_TRUSTED_PROXIES": "127.0.0.1",
            "LVZHI_TASK_BACKEND": "immediate",
            "LVZHI_LOG_LEVEL": "WARNING",
            "LVZHI_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LVZHI_DATABASE_URL": args.postgres,
            "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
        }
    )
    from dashboard_bench import fresh_postgres

    fresh_postgres(args.postgres)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.consultation.analytics.synth import SyntheticConsultation
    from lvzhi.consultation.models import Comment, Consultation
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city

    proc = None
    try:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        rules_profiles_install_builtin()
        seed_city(scale="demo", seed=1)
        consultation = Consultation.objects.filter(status="open").order_by("-pk").first()
        if consultation is None:
            raise SystemExit("the demo seed gave no open consultation")
        print(f"set-up      : migrated and seeded the demo city in {time.perf_counter() - t0:.1f} s")
        n = int(args.rate * args.duration)
        texts = [(str(c["text"]), c.get("article")) for c in SyntheticConsultation(3000, seed=7).comments()]
        port = free_port()
        payloads = encode_requests(
            port=port, consultation_id=consultation.pk, texts=texts, n=n, clients=20_000, keepalive=True
        )
        last_before = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        connection.close()

        proc = start_server(url=args.postgres, port=port, workers=args.workers, var_dir=var_dir)
        wait_ready(port, consultation.pk, proc)
        print(
            f"server      : lvzhi serve on 127.0.0.1:{port}, {args.workers} workers × "
            f"{os.environ.get('LVZHI_WEB_THREADS', '2')} threads (log: {var_dir}/serve.log)"
        )
        times: dict[str, float] = {}
        schedule = [(i / args.rate, False, payloads[i]) for i in range(n)]
        planned_start = time.perf_counter() + 0.5  # drive_pool starts about this soon after its connections
        restarter = None
        if not args.no_restart:
            restarter = restart_later(args.cluster.split(), planned_start + args.restart_at, times)
        print(
            f"running     : {n:,} submissions at {args.rate:g}/s over 64 kept-alive connections"
            + (
                ""
                if args.no_restart
                else f"; PostgreSQL {args.cluster} restarted about {args.restart_at:g} s in"
            )
            + " …",
            flush=True,
        )
        start, results, resent = asyncio.run(
            drive_pool(port=port, schedule=schedule, connections=64, timeout=args.timeout)
        )
        if restarter is not None:
            restarter.join(timeout=120)
        stop_server(proc)
        proc = None

        def label(r: Result) -> int | str:
            return r.status or r.error or "no answer"

        during: list[Result] = []
        if "begin" in times and "end" in times:
            during = [r for r in results if times["begin"] <= r.due <= times["end"] + 2]
        statuses = Counter(label(r) for r in results)
        outage = Counter(label(r) for r in during)
        returned = {r.receipt for r in results if r.status == 201}
        for _ in range(60):  # PostgreSQL is back: count what was stored
            try:
                connection.connect()
                break
            except Exception:
                time.sleep(1)
        stored = set(Comment.objects.filter(pk__gt=last_before).values_list("receipt", flat=True))
        missing, unanswered = returned - stored, stored - returned
        lat = [(r.done - r.due) * 1000 for r in results if r.status == 201 and r.done]
        unavailable = [r for r in results if r.status == 503]
        with_retry = sum(1 for r in unavailable if r.retry_after)

        print()
        print(
            f"machine     : {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PostgreSQL {connection.cursor().connection.info.server_version}"
        )
        if times:
            print(
                f"restart     : pg_ctlcluster took {times['end'] - times['begin']:.2f} s "
                f"({times['begin'] - start:.1f}–{times['end'] - start:.1f} s into the load, exit {int(times['rc'])})"
            )
        print(f"sent        : {len(results):,} submissions")
        print(
            f"answers     : {dict(statuses)}"
            + (f"; {resent} re-sent after a closed connection" if resent else "")
        )
        if times:
            print(
                f"outage      : {len(during):,} submissions due then: {dict(outage)} (expected: 201 and 503 only)"
            )
        print(
            f"receipts    : {len(returned):,} returned; {len(stored):,} comments stored; returned but not stored: "
            f"{len(missing)}; stored but never answered 201: {len(unanswered)}"
        )
        print(
            f"latency 201 : p50 {pct(lat, 0.5):.1f} ms, p99 {pct(lat, 0.99):.1f} ms, max {max(lat, default=0):.0f} ms"
        )
        print(f"503 answers : {with_retry:,} of {len(unavailable):,} carry Retry-After")
        bad = statuses.get(500, 0) + len(missing) + len(unavailable) - with_retry
        print("result      : " + ("OK — no 500, every receipt stored" if not bad else "FAILED"))
        if times and not during:
            print("note        : no submission was due during the restart")
        return 1 if bad else 0
    finally:
        if proc is not None:
            stop_server(proc)
        connection.close()
        if not args.keep:
            for _ in range(30):
                try:
                    drop_postgres(args.postgres)
                    break
                except Exception:
                    time.sleep(1)


if __name__ == "__main__":
    raise SystemExit(main())
