"""``lvzhi``: the one command for running, seeding and scripting the platform.

lvzhi demo            set up and run the demo city on http://127.0.0.1:8000
lvzhi serve           production web server (granian, several workers, static files)
lvzhi worker          background tasks and periodic jobs
lvzhi migrate         create or upgrade the database
lvzhi seed            generate the fictional demo city
lvzhi audit ...       verify the audit log's keyed hash chain, write anchors, change keys
lvzhi lawtext ...     parse regulation texts and compare versions
lvzhi comments ...    analyse consultation comments (dedup, campaigns, themes)
lvzhi manage ...      any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

DEMO_ENV = {
    "LVZHI_DEBUG": "0",
    "LVZHI_HTTPS": "0",
    # no mail server on a laptop: e-mails are written to var/mail/ instead
    "LVZHI_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    # the printed demo logins sign in with their password alone (no authenticator app)
    "LVZHI_TWO_FACTOR_EXEMPT": "*",
}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()


def _call(*args: str, **kwargs: Any) -> None:
    _django()
    from django.core.management import call_command

    call_command(*args, **kwargs)


def cmd_migrate(ns: argparse.Namespace) -> int:
    _call("migrate", interactive=False, verbosity=ns.verbosity)
    from lvzhi.core.services import rules_profiles_install_builtin

    rules_profiles_install_builtin()
    return 0


def cmd_seed(ns: argparse.Namespace) -> int:
    _call("seed", scale=ns.scale, seed=ns.seed, reset=ns.reset)
    return 0


def cmd_audit(ns: argparse.Namespace) -> int:
    """``lvzhi audit verify``: 0 intact, 1 at the first bad row, 2 when an anchor file is unusable."""
    _django()
    from lvzhi.core.audit import AnchorInvalid, anchor_paths, anchor_read, audit_verify

    try:
        anchors = [anchor_read(p) for p in anchor_paths(ns.anchor or [])]
    except AnchorInvalid as exc:
        print(f"audit anchor unusable: {exc}", file=sys.stderr)
        return 2
    if ns.anchor and not anchors:
        print("audit anchor unusable: no anchor files found in " + ", ".join(ns.anchor), file=sys.stderr)
        return 2
    result = audit_verify(anchors=anchors)
    print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_audit_anchor(ns: argparse.Namespace) -> int:
    _django()
    from lvzhi.core.audit import AuditLogError, audit_anchor_write

    try:
        anchor, path = audit_anchor_write(out=ns.out)
    except AuditLogError as exc:
        print(f"audit anchor refused: {exc.message}", file=sys.stderr)
        return 1
    print(f"audit anchor written: {path} (row {anchor.seq}, hash {anchor.hash})")
    return 0


def cmd_audit_rotate_key(ns: argparse.Namespace) -> int:
    _django()
    from lvzhi.core.actors import SYSTEM
    from lvzhi.core.audit import AuditLogError, audit_key_rotate

    try:
        row = audit_key_rotate(acting_user=SYSTEM)
    except AuditLogError as exc:
        print(f"audit key not changed: {exc.message}", file=sys.stderr)
        return 1
    print(f"audit key changed: {row.changes['previous_key']} -> {row.changes['key']} from row {row.seq}")
    return 0


def cmd_lawtext(ns: argparse.Namespace, rest: list[str]) -> int:
    from lvzhi.legislation.lawtext.cli import main as lawtext_main

    return lawtext_main(rest)


def cmd_comments(ns: argparse.Namespace, rest: list[str]) -> int:
    from lvzhi.consultation.analytics.cli import main as comments_main

    return comments_main(rest)


def cmd_manage(ns: argparse.Namespace, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lvzhi manage", *rest])
    return 0


def _server_args(host: str, port: int, workers: int) -> list[str]:
    """The web server's command line: granian (HTTP in Rust, the WSGI application in each worker
    process's threads), access log on stdout, a crashed worker replaced, 20 s to finish requests
    on shutdown, ``LVZHI_WEB_HEADER_TIMEOUT`` seconds (default 10) for a client to send its
    request's headers. granian has no time-out on reading a request's body: run it behind a
    proxy that buffers requests (``deploy/nginx/``). Why granian rather than gunicorn:
    ``docs/architecture.md``."""
    threads = os.environ.get("LVZHI_WEB_THREADS", "2")
    header_ms = round(float(os.environ.get("LVZHI_WEB_HEADER_TIMEOUT") or 10) * 1000)
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "lvzhi.wsgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        threads,
        "--no-ws",
        "--access-log",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "20",
        "--http1-header-read-timeout",
        str(min(max(header_ms, 1), 60_000)),  # granian accepts 1 ms to 60 s
    ]


def cmd_serve(ns: argparse.Namespace) -> int:
    _call("collectstatic", interactive=False, verbosity=0)
    os.execv(sys.executable, _server_args(ns.host, ns.port, ns.workers))
    return 0  # not reached


def cmd_worker(ns: argparse.Namespace) -> int:
    _call("lvzhi_worker", queues=ns.queues, no_scheduler=ns.no_scheduler, batch=ns.batch, verbosity=1)
    return 0


def _print_logins() -> None:
    from lvzhi.demo.seed import demo_logins

    rows = demo_logins()
    print("\n  Demo logins (password for all: %s)\n" % (rows[0]["password"] if rows else "?"))
    for row in rows:
        print(f"  {row['role']:<28} {row['username']:<16} {row.get('note', '')}")
    print()


def cmd_demo(ns: argparse.Namespace) -> int:
    for key, value in DEMO_ENV.items():
        os.environ.setdefault(key, value)
    _call("migrate", interactive=False, verbosity=0)
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.deputies.models import Deputy

    rules_profiles_install_builtin()
    seeded_now = not Deputy.objects.exists()
    if seeded_now:
        print(f"Seeding the demo city (scale {ns.scale}) ...", flush=True)
        _call("seed", scale=ns.scale, seed=ns.seed, reset=False)  # prints the logins
    _call("collectstatic", interactive=False, verbosity=0)
    if not seeded_now:
        _print_logins()
    print(
        f"  Open http://{ns.host}:{ns.port}/  (API docs: http://{ns.host}:{ns.port}/api/docs)  Ctrl+C stops.\n",
        flush=True,
    )
    env = dict(os.environ)
    procs = []
    if not ns.no_worker:
        procs.append(subprocess.Popen([sys.executable, "-m", "lvzhi.cli", "worker"], env=env))
    procs.append(subprocess.Popen(_server_args(ns.host, ns.port, ns.workers), env=env))
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    return max((p.returncode or 0) for p in procs) if any(p.returncode for p in procs) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lvzhi",
        description="履职 lvzhi — platform for a municipal People's Congress.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Configuration comes from LVZHI_* environment variables; see .env.example.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help="migrate, seed the demo city if empty, run worker and web server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--scale", choices=["demo", "city"], default="demo")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-worker", action="store_true", help="do not start the background worker")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="run the production web server (granian)")
    p.add_argument("--host", default=os.environ.get("LVZHI_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("LVZHI_PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("LVZHI_WEB_WORKERS", "3")))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run background tasks and periodic jobs")
    p.add_argument("--queues", default="*")
    p.add_argument("--no-scheduler", action="store_true")
    p.add_argument("--batch", action="store_true", help="process what is queued, then exit")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("migrate", help="create or upgrade the database and install the rules profiles")
    p.add_argument("-v", "--verbosity", type=int, default=1)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("seed", help="generate the fictional demo city")
    p.add_argument("--scale", choices=["demo", "city"], default="demo")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reset", action="store_true", help="replace an existing demo city")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("audit", help="audit log tools")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit_sub.add_parser(
        "verify",
        help="verify the keyed hash chain (and anchors); exit 1 at the first tampered or missing row",
    )
    v.add_argument(
        "--anchor",
        metavar="FILE",
        nargs="+",
        action="extend",
        help="anchor files (or directories of them) whose rows must still have the anchored hash; "
        "exit 2 if one is unreadable or not signed by a configured key",
    )
    v.set_defaults(func=cmd_audit)
    a = audit_sub.add_parser("anchor", help="write a signed checkpoint of the newest row (JSON)")
    a.add_argument("--out", metavar="FILE", help="default: var/audit-anchors/<date>.json")
    a.set_defaults(func=cmd_audit_anchor)
    r = audit_sub.add_parser(
        "rotate-key", help="change the audit key (recorded in the log; the old key is kept for verification)"
    )
    r.set_defaults(func=cmd_audit_rotate_key)

    p = sub.add_parser(
        "lawtext",
        help="parse regulation texts and compare versions (see lvzhi lawtext --help)",
        add_help=False,
    )
    p.set_defaults(func=cmd_lawtext, passthrough=True)

    p = sub.add_parser(
        "comments", help="analyse consultation comments (see lvzhi comments --help)", add_help=False
    )
    p.set_defaults(func=cmd_comments, passthrough=True)

    p = sub.add_parser("manage", help="run any Django management command", add_help=False)
    p.set_defaults(func=cmd_manage, passthrough=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    passthrough = {"lawtext": cmd_lawtext, "comments": cmd_comments, "manage": cmd_manage}
    if argv and argv[0] in passthrough:
        return passthrough[argv[0]](argparse.Namespace(command=argv[0]), argv[1:])
    ns = parser.parse_args(argv)
    if not getattr(ns, "func", None):
        parser.print_help()
        return 0
    return int(ns.func(ns) or 0)


if __name__ == "__main__":
    sys.exit(main())
