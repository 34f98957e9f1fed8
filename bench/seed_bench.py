"""How long does seeding the demo city take? Prints wall time and counts per database.

    python bench/seed_bench.py                       # --scale city on a fresh SQLite file
    python bench/seed_bench.py --scale demo          # the smaller city
    python bench/seed_bench.py --postgres postgres://user@127.0.0.1:5432/postgres

Each run gets a fresh, empty database: a SQLite file in a temporary directory, and with
``--postgres`` a new database created on that server (and dropped afterwards unless ``--keep``).
Migrations run first and are not timed; only ``seed_city`` is. Every database runs in its own
child process, because Django reads the database settings once, at start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def child(scale: str, seed: int) -> None:
    """Runs inside the child process: migrate, then time the seed. Prints one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.core.audit import audit_verify
    from lvzhi.demo.seed import seed_city

    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    summary = seed_city(scale=scale, seed=seed)
    seed_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    verified = audit_verify()
    verify_s = time.perf_counter() - t0
    version = (
        connection.cursor().connection.execute("select sqlite_version()").fetchone()[0]
        if connection.vendor == "sqlite"
        else getattr(connection, "pg_version", "?")
    )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "version": version,
                "migrate_s": migrate_s,
                "seed_s": seed_s,
                "verify_s": verify_s,
                "audit_ok": verified.ok,
                "counts": summary.counts,
                "notes": summary.notes,
            },
            ensure_ascii=False,
        )
    )


def run_child(env: dict[str, str], scale: str, seed: int) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--scale", scale, "--seed", str(seed)]
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"the {env.get('LVZHI_DATABASE_URL') and 'PostgreSQL' or 'SQLite'} run failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def command_wall_time(env: dict[str, str], scale: str, seed: int) -> float:
    """Wall time of the real command ``lvzhi seed --scale SCALE`` (interpreter start included),
    on a database that ``lvzhi migrate`` prepared beforehand (not timed)."""
    lvzhi = [sys.executable, "-m", "lvzhi.cli"]
    subprocess.run([*lvzhi, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True, capture_output=True)
    t0 = time.perf_counter()
    subprocess.run(
        [*lvzhi, "seed", "--scale", scale, "--seed", str(seed)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t0


def sqlite_run(scale: str, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="lvzhi-seed-bench-") as tmp:
        env = {
            **os.environ,
            "LVZHI_VAR_DIR": tmp,
            "LVZHI_SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "LVZHI_TASK_BACKEND": "immediate",
        }
        env.pop("LVZHI_DATABASE_URL", None)
        result = run_child(env, scale, seed)
    with tempfile.TemporaryDirectory(prefix="lvzhi-seed-bench-") as tmp:
        env.update({"LVZHI_VAR_DIR": tmp, "LVZHI_SQLITE_PATH": str(Path(tmp) / "cmd.sqlite3")})
        result["command_s"] = command_wall_time(env, scale, seed)
    return result


def postgres_run(url: str, scale: str, seed: int, keep: bool) -> dict[str, Any]:
    import psycopg

    name = f"lvzhi_seed_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    fresh = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
    try:
        with tempfile.TemporaryDirectory(prefix="lvzhi-seed-bench-") as tmp:
            env = {
                **os.environ,
                "LVZHI_VAR_DIR": tmp,
                "LVZHI_DATABASE_URL": fresh,
                "LVZHI_TASK_BACKEND": "immediate",
            }
            result = run_child(env, scale, seed)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
            result["command_s"] = command_wall_time(env, scale, seed)
    finally:
        if not keep:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    result["database"] = name + (" (kept)" if keep else " (dropped)")
    return result


def report(label: str, r: dict[str, Any]) -> None:
    c = r["counts"]
    print(f"\n{label}: {r['vendor']} {r['version']}")
    if r.get("database"):
        print(f"  database       {r['database']}")
    print(f"  seed           {r['seed_s']:.2f} s   (migrate {r['migrate_s']:.1f} s, not counted)")
    if "command_s" in r:
        print(f"  lvzhi seed     {r['command_s']:.2f} s   wall time of the whole command (target < 120 s)")
    print(f"  audit verify   {r['verify_s']:.2f} s   ok={r['audit_ok']}  ({c['audit_entries']} entries)")
    print(
        f"  deputies       {c['deputies']}  (active {c['deputies_active']}, suspended {c['deputies_suspended']}, "
        f"terminated {c['deputies_terminated']})"
    )
    print(
        f"  accounts       {c['accounts']}  roles {c['role_assignments']}  to-dos {c['todos']}  "
        f"notifications {c['notifications']}"
    )
    print(
        f"  organs         {c['organs']}  sessions {c['sessions']}  stations {c['stations']}  "
        f"memberships {c['memberships']}"
    )
    if "suggestions" in c:
        print(
            f"  suggestions    {c['suggestions']}  assignments {c['assignments']}  replies {c['replies']}  "
            f"ratings {c['ratings']}  commitments {c['commitments']}  "
            f"recommender trained on {c.get('recommender_examples', 0)}"
        )
    rows = sum(
        c[k]
        for k in (
            "organs",
            "sessions",
            "terms",
            "electoral_units",
            "delegations",
            "groups",
            "stations",
            "persons",
            "deputies",
            "memberships",
            "accounts",
            "role_assignments",
            "todos",
            "notifications",
            "audit_entries",
        )
    )
    print(f"  rows written   {rows}  ({rows / r['seed_s']:,.0f} rows/s)")
    for note in r.get("notes", []):
        print(f"  note           {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("demo", "city"), default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres", metavar="URL", help="also run on a new database on this PostgreSQL server"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    if ns.child:
        child(ns.scale, ns.seed)
        return 0

    print(
        f"seed --scale {ns.scale} --seed {ns.seed} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    if not ns.no_sqlite:
        report("SQLite (fresh file in a temp dir)", sqlite_run(ns.scale, ns.seed))
    if ns.postgres:
        report("PostgreSQL (fresh database)", postgres_run(ns.postgres, ns.scale, ns.seed, ns.keep))
    print(
        "\nRe-run: python bench/seed_bench.py [--scale demo|city] [--seed N] "
        "[--postgres postgres://user@host:5432/postgres] [--keep]"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
