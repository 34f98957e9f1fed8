"""Comment intake under a surge: ``POST /api/consultations/{id}/comments`` against ``lvzhi serve``.

    .venv/bin/python bench/consultation_intake_bench.py
    .venv/bin/python bench/consultation_intake_bench.py --postgres postgresql://postgres@127.0.0.1:5432/lvzhi_bench_intake \\
        --rate 500 --duration 60 --workers 3 --keepalive 64
    .venv/bin/python bench/consultation_intake_bench.py --profile 300      # also: where one request's time goes

Target (PostgreSQL, loopback): at least 500 accepted comments per second sustained for 60 s,
p99 latency at most 200 ms, and the database holding exactly the comments that were answered
201 with a receipt (nothing lost, nothing extra).

The scratch database is dropped and recreated, migrated and seeded with the demo city (which
has an open consultation on the 60-article 江澜市电动自行车管理条例（草案）), then dropped at
the end unless ``--keep``. ``lvzhi serve`` (granian, ``--workers``) runs as a subprocess on a
free 127.0.0.1 port with ``LVZHI_TRUSTED_PROXIES=127.0.0.1``; the load generator in this process
is **open-loop**: request *i* is due at ``start + i / rate`` whatever happened to the others,
and its latency is measured from that due time (no coordinated omission: a stalled server
shows as latency, not as a lower offered rate). Requests go over ``--keepalive`` persistent
connections (default 64), as from a reverse proxy with an upstream keep-alive pool, the
deployment ``docs/deployment.md`` describes; the generator is built on asyncio protocols
(``bench/loadgen.py``) and costs about 0.15 ms of CPU per request, so it takes little from the
server it shares the machine with. ``--keepalive 0`` opens a fresh connection per request
(``Connection: close``, as from browsers talking to the server directly; that generator costs
several times more CPU). Each request's bytes were encoded beforehand; it carries ``X-Forwarded-For`` from a pool of ``--clients`` simulated addresses (10.x.y.z), so
the per-client rate limit (``LVZHI_COMMENT_RATE_LIMITS``, default 10 a minute) never refuses
the legitimate load. One **bulk bot** sends ``--bot-rate`` requests a second from a single
address alongside; its 429 answers are reported and must not be stored.

Texts come from ``lvzhi/consultation/analytics/synth.py`` (fictional comments). The first
``--warmup`` seconds are sent but not measured. Afterwards the comments stored since the start
are counted and their receipts compared, as a set, with the receipts the server returned.
One machine runs the server, PostgreSQL and the generator; the figures are for that machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import Result, drive_pool, record  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/lvzhi_bench_intake"
BOT_ADDRESS = "192.0.2.77"  # TEST-NET-1: one address, many requests


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p * len(ordered))) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_by_group(pgid: int) -> dict[str, float]:
    """CPU seconds used so far by the processes of ``pgid`` (``lvzhi serve``) and by PostgreSQL's
    processes (Linux ``/proc``), including children that have exited and been reaped (a
    PostgreSQL backend ends when Django recycles its connection after ``CONN_MAX_AGE``; its time
    then shows in the postmaster's children time)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {"server": 0.0, "postgres": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
        if int(fields[2]) == pgid:
            out["server"] += cpu
        elif name.startswith("postgres"):
            out["postgres"] += cpu
    return out


def drop_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the load generator ----------------------------------------------------------------------------


@dataclass
class Plan:
    payloads: list[bytes]  # pre-encoded requests of legitimate clients
    bot_payloads: list[bytes]


def encode_requests(
    *,
    port: int,
    consultation_id: int,
    texts: list[tuple[str, object]],
    n: int,
    clients: int,
    bot: bool = False,
    keepalive: bool = False,
) -> list[bytes]:
    path = f"/api/consultations/{consultation_id}/comments"
    out = []
    for i in range(n):
        text, article = texts[i % len(texts)]
        body = {"text": text}
        if article not in (None, ""):
            body["article"] = article
        raw = json.dumps(body, ensure_ascii=False).encode()
        if bot:
            forwarded = BOT_ADDRESS
        else:
            k = i % clients
            forwarded = f"10.{(k >> 16) & 255}.{(k >> 8) & 255}.{k & 255}"
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Accept: application/json\r\nX-Forwarded-For: {forwarded}\r\nContent-Length: {len(raw)}\r\n"
            f"Connection: {'keep-alive' if keepalive else 'close'}\r\nUser-Agent: lvzhi-intake-bench\r\n\r\n"
        )
        out.append(head.encode() + raw)
    return out


async def one(port: int, payload: bytes, result: Result, timeout: float) -> None:
    phase = "connect"
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        phase = "answer"
        writer.write(payload)
        data = await asyncio.wait_for(reader.read(-1), max(0.1, result.due + timeout - time.perf_counter()))
        writer.close()
        end = data.find(b"\r\n\r\n")
        record(result, data[:end] if end >= 0 else data, data[end + 4 :] if end >= 0 else b"")
    except Exception as exc:
        result.done = time.perf_counter()
        result.error = f"{type(exc).__name__} ({phase})"


async def drive(
    *,
    port: int,
    plan: Plan,
    rate: float,
    bot_rate: float,
    seconds: float,
    timeout: float,
    max_inflight: int,
    keepalive: int = 0,
) -> tuple[float, list[Result], int]:
    """Send every request at its due time (open loop); return the start time and the results."""
    n = int(rate * seconds)
    n_bot = int(bot_rate * seconds)
    schedule = [(i / rate, False, plan.payloads[i]) for i in range(n)]
    schedule += [(i / bot_rate, True, plan.bot_payloads[i]) for i in range(n_bot)] if bot_rate > 0 else []
    schedule.sort(key=lambda x: x[0])
    if keepalive:  # queued at its due time; the latency counts the wait for a free connection
        return await drive_pool(port=port, schedule=schedule, connections=keepalive, timeout=timeout)
    results: list[Result] = []
    tasks: set[asyncio.Task[None]] = set()
    gate = asyncio.Semaphore(max_inflight)

    async def guarded(payload: bytes, result: Result) -> None:
        async with gate:
            await one(port, payload, result, timeout)

    loop = asyncio.get_running_loop()
    start = time.perf_counter() + 0.2
    for offset, is_bot, payload in schedule:
        due = start + offset
        while (delay := due - time.perf_counter()) > 0:  # never before its time
            await asyncio.sleep(delay)
        result = Result(due=due, bot=is_bot)
        results.append(result)
        task = loop.create_task(guarded(payload, result))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(list(tasks), timeout=timeout + 5)
    return start, results, 0


# --- set-up ------------------------------------------------------------------------------------------


def start_server(*, url: str, port: int, workers: int, var_dir: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        {
            "LVZHI_DATABASE_URL": url,
            "LVZHI_DEBUG": "0",
            "LVZHI_HTTPS": "0",
            "LVZHI_TRUSTED_PROXIES": "127.0.0.1",
            "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
            "LVZHI_VAR_DIR": var_dir,
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [
        sys.executable,
        "-m",
        "lvzhi.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    # stderr to a file, never a pipe nobody reads: a full pipe blocks the workers' log writes
    log = open(Path(var_dir) / "serve.log", "wb")
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT, start_new_session=True
    )


def wait_ready(port: int, consultation_id: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import http.client

    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"lvzhi serve exited ({proc.returncode}); see serve.log in LVZHI_VAR_DIR")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", f"/api/consultations/{consultation_id}")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("lvzhi serve did not answer within a minute")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def profile_requests(consultation_id: int, texts: list[tuple[str, object]], n: int) -> None:
    """Where one submission's time goes: ``n`` posts in-process through the WSGI application
    (``lvzhi.wsgi``: the surge path, then the services), one thread, no HTTP server."""
    import cProfile
    import io
    import pstats

    from lvzhi.wsgi import application

    path = f"/api/consultations/{consultation_id}/comments"
    statuses: Counter[str] = Counter()

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        statuses[status] += 1

    def post(i: int) -> None:
        text, article = texts[i % len(texts)]
        body = json.dumps(
            {"text": text, **({"article": article} if article not in (None, "") else {})}, ensure_ascii=False
        ).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_X_FORWARDED_FOR": f"10.201.{(i >> 8) & 255}.{i & 255}",
        }
        b"".join(application(environ, start_response))

    for i in range(20):
        post(i)
    t0 = time.perf_counter()
    for i in range(n):
        post(1000 + i)
    plain = (time.perf_counter() - t0) / n * 1000
    cpu = time.process_time()
    for i in range(n):
        post(3000 + i)
    cpu_ms = (time.process_time() - cpu) / n * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(n):
        post(5000 + i)
    profiler.disable()
    print(
        f"\nin-process profile: {plain:.2f} ms per submission wall, {cpu_ms:.2f} ms of it CPU in this process "
        f"(the WSGI application, one thread, no HTTP server; {n} submissions; answers {dict(statuses)}); "
        "top functions:"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("TOP", "28")))


# --- main --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=DEFAULT_URL,
        help=f"scratch PostgreSQL database, dropped and recreated (default {DEFAULT_URL})",
    )
    parser.add_argument("--rate", type=float, default=500.0, help="legitimate submissions per second (500)")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds (60)")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds sent before measuring (5)")
    parser.add_argument(
        "--workers", type=int, default=3, help="worker processes of lvzhi serve (3, its default)"
    )
    parser.add_argument("--clients", type=int, default=20_000, help="distinct simulated client addresses")
    parser.add_argument("--bot-rate", type=float, default=50.0, help="requests per second from one bulk bot")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as lost")
    parser.add_argument("--max-inflight", type=int, default=4000)
    parser.add_argument(
        "--keepalive",
        type=int,
        default=64,
        metavar="N",
        help="send over N persistent connections, as a reverse proxy with an upstream keep-alive "
        "pool does (64; 0: a fresh connection per request, as from many browsers)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="afterwards, profile N requests in-process (cProfile)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not args.postgres.startswith(("postgres://", "postgresql://")):
        parser.error("the intake benchmark runs on PostgreSQL only (--postgres URL)")

    var_dir = tempfile.mkdtemp(prefix="lvzhi-intake-")
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
    from django.conf import settings
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
        print(
            f"set-up      : migrated and seeded the demo city in {time.perf_counter() - t0:.1f} s; "
            f"consultation #{consultation.pk} ({consultation.comments.count()} comments already)"
        )
        total_s = args.warmup + args.duration
        n = int(args.rate * total_s)
        n_bot = int(args.bot_rate * total_s)
        t0 = time.perf_counter()
        texts = [(str(c["text"]), c.get("article")) for c in SyntheticConsultation(6000, seed=99).comments()]
        port = free_port()
        plan = Plan(
            payloads=encode_requests(
                port=port,
                consultation_id=consultation.pk,
                texts=texts,
                n=n,
                clients=args.clients,
                keepalive=args.keepalive > 0,
            ),
            bot_payloads=encode_requests(
                port=port,
                consultation_id=consultation.pk,
                texts=texts[::-1],
                n=n_bot,
                clients=1,
                bot=True,
                keepalive=args.keepalive > 0,
            ),
        )
        print(
            f"requests    : {n:,} legitimate ({args.rate:g}/s from {args.clients:,} addresses) + {n_bot:,} from "
            f"one bot ({args.bot_rate:g}/s), encoded in {time.perf_counter() - t0:.1f} s; "
            f"rate limit {settings.COMMENT_RATE_LIMITS} per client and process"
        )
        last_before = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        connection.close()

        proc = start_server(url=args.postgres, port=port, workers=args.workers, var_dir=var_dir)
        wait_ready(port, consultation.pk, proc)
        print(
            f"server      : lvzhi serve on 127.0.0.1:{port}, {args.workers} granian workers × "
            f"{os.environ.get('LVZHI_WEB_THREADS', '2')} threads "
            f"(log: {var_dir}/serve.log)"
        )
        how = f"{args.keepalive} persistent connections" if args.keepalive else "a connection per request"
        print(
            f"running     : {args.warmup:g} s warm-up + {args.duration:g} s measured, open loop over {how}; load average "
            f"before {os.getloadavg()[0]:.2f} …",
            flush=True,
        )
        cpu0, self0, wall0 = cpu_by_group(proc.pid), time.process_time(), time.perf_counter()
        start, results, resent = asyncio.run(
            drive(
                port=port,
                plan=plan,
                rate=args.rate,
                bot_rate=args.bot_rate,
                seconds=total_s,
                timeout=args.timeout,
                max_inflight=args.max_inflight,
                keepalive=args.keepalive,
            )
        )
        cpu1, self1, wall1 = cpu_by_group(proc.pid), time.process_time(), time.perf_counter()
        load_after = os.getloadavg()[0]
        stop_server(proc)
        proc = None

        # --- figures
        w0, w1 = start + args.warmup, start + total_s
        legit = [r for r in results if not r.bot]
        window = [r for r in legit if w0 <= r.due < w1]
        ok_window = [r for r in window if r.status == 201]
        completed_in_window = sum(1 for r in legit if r.status == 201 and w0 <= r.done < w1)
        # sustained rate: the window's requests that were accepted, per second of the window (with
        # the p99 bound below, the answers kept pace with the offered load)
        throughput = len(ok_window) / args.duration
        # every measured request, whatever its answer; one never answered counts as infinitely late
        lat = [(r.done - r.due) * 1000 if r.done else float("inf") for r in window]

        def ms(x: float) -> str:
            return f"{x:.1f} ms" if x != float("inf") else "no answer"

        def label(r: Result) -> int | str:
            return r.status or r.error or "no answer"

        statuses = Counter(label(r) for r in window)
        bot = [r for r in results if r.bot]
        bot_status = Counter(label(r) for r in bot)
        answered = [r.receipt for r in results if r.status == 201]
        all_status = Counter(label(r) for r in results)
        gave_up = sum(1 for r in results if r.status == 0)

        connection.connect()
        stored = Comment.objects.filter(pk__gt=last_before)
        stored_count = stored.count()
        stored_receipts = set(stored.values_list("receipt", flat=True))
        returned = set(answered)
        missing = returned - stored_receipts
        extra = stored_receipts - returned

        print()
        print(
            f"machine     : {platform.machine()}, {os.cpu_count()} cores (the server, PostgreSQL and the generator "
            f"share them), Python {platform.python_version()}, {connection.vendor} "
            f"{connection.cursor().connection.info.server_version}"
        )
        print(
            f"offered     : {len(window):,} legitimate requests in the {args.duration:g} s window "
            f"({len(window) / args.duration:.0f}/s)"
        )
        print(
            f"accepted    : {len(ok_window):,} of the window's requests answered 201 "
            f"({100 * len(ok_window) / max(1, len(window)):.2f} %) = {throughput:.1f}/s sustained   (target >= 500/s); "
            f"{completed_in_window:,} answers 201 fell inside the window"
        )
        print(
            f"latency     : p50 {ms(pct(lat, 0.50))}  p95 {ms(pct(lat, 0.95))}  p99 {ms(pct(lat, 0.99))}  "
            f"max {ms(max(lat)) if lat else '-'}   (from the due time; target p99 <= 200 ms)"
        )
        wall = wall1 - wall0
        print(
            f"cpu         : of {os.cpu_count()} cores × {wall:.0f} s: server "
            f"{cpu1['server'] - cpu0['server']:.0f} s, PostgreSQL {cpu1['postgres'] - cpu0['postgres']:.0f} s, "
            f"load generator {self1 - self0:.0f} s; load average after {load_after:.2f}"
        )
        print(
            f"answers     : window {dict(statuses)}; whole run {dict(all_status)}"
            + (
                f"; {resent} re-sent once after the server closed a kept-alive connection under them"
                if resent
                else ""
            )
        )
        slow = Counter(
            int((r.due - start) // 5) * 5 for r in legit if r.status != 201 or r.done - r.due > 0.2
        )
        if slow:
            print(
                "late or lost: "
                + ", ".join(f"{k}s:{v}" for k, v in sorted(slow.items()))
                + "  (legitimate requests over 200 ms or not accepted, by 5-second slice of their due time)"
            )
        print(
            f"bulk bot    : {len(bot):,} requests from {BOT_ADDRESS}: {dict(bot_status)} "
            f"({bot_status.get(429, 0):,} refused with 429)"
        )
        print(
            f"database    : {stored_count:,} comments stored during the run; {len(answered):,} answered 201 "
            f"(legitimate and bot); receipts returned but not stored: {len(missing)}; stored but never "
            f"answered: {len(extra)}"
            + (
                f" ({gave_up:,} requests got no answer before the client gave up after {args.timeout:g} s; "
                "the server may have stored them)"
                if gave_up
                else ""
            )
        )
        ok_rate = throughput >= 500
        ok_p99 = bool(lat) and pct(lat, 0.99) <= 200
        ok_count = stored_count == len(answered) and not missing and not extra
        print(
            f"verdict     : throughput {'PASS' if ok_rate else 'FAIL'}, p99 {'PASS' if ok_p99 else 'FAIL'}, "
            f"nothing lost {'PASS' if ok_count else 'FAIL'}"
        )
        print(
            f"re-run      : .venv/bin/python bench/consultation_intake_bench.py --postgres {args.postgres} "
            f"--rate {args.rate:g} --duration {args.duration:g} --workers {args.workers} --keepalive {args.keepalive}"
        )
        if args.profile:
            profile_requests(consultation.pk, texts, args.profile)
        return 0 if ok_rate and ok_p99 and ok_count else 1
    finally:
        if proc is not None:
            stop_server(proc)
        connection.close()
        if not args.keep:
            drop_postgres(args.postgres)


if __name__ == "__main__":
    sys.exit(main())
