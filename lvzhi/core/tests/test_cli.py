"""The lvzhi command, the database task queue and the production configuration."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from lvzhi.cli import build_parser, main
from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import Notification


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "serve", "worker", "migrate", "seed", "audit", "lawtext", "manage"):
        assert command in out
    assert build_parser().parse_args(["serve", "--workers", "4"]).workers == 4


def test_deploy_check_is_clean_in_production_mode(tmp_path):
    env = {
        **os.environ,
        "LVZHI_DEBUG": "0",
        "LVZHI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
    }
    env.pop("LVZHI_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' harness, never in deployment
    result = subprocess.run(
        [sys.executable, "-m", "lvzhi.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_serve_starts_the_web_server_with_static_files_and_the_surge_path(tmp_path):
    """``lvzhi serve`` as deployed (granian, production settings, a fresh SQLite file): static
    files come from WhiteNoise, and a malformed comment gets the surge path's JSON answer."""
    import http.client
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "LVZHI_DEBUG": "0",
        "LVZHI_HTTPS": "0",
        "LVZHI_VAR_DIR": str(tmp_path),
        "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
    }
    for name in ("LVZHI_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lvzhi.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 60
        status = None
        while time.time() < deadline and proc.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/static/lvzhi/charts.js")
                response = conn.getresponse()
                status, body = response.status, response.read()
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, (tmp_path / "serve.log").read_text(errors="replace")[-2000:]
        assert b"Chart" in body
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(
            "POST",
            "/api/consultations/1/comments",
            body=b'{"text": ',
            headers={"Content-Type": "application/json", "Accept-Language": "en"},
        )
        response = conn.getresponse()
        assert response.status == 422 and response.getheader("Content-Type", "").startswith(
            "application/json"
        )
        assert b"The body is not valid JSON." in response.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


@pytest.mark.django_db(transaction=True)
def test_worker_sends_queued_email_from_the_database_queue(world_tx):
    from lvzhi.core.services import notify

    database_backend = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    with override_settings(TASKS=database_backend):
        with transaction.atomic():
            notify(recipients=[world_tx], title="会议通知", body="请按时参会")
        from django_tasks_db.models import DBTaskResult

        assert DBTaskResult.objects.count() == 1 and mail.outbox == []  # queued, not yet sent
        call_command("lvzhi_worker", batch=True, no_scheduler=True, verbosity=0)
    assert [m.subject for m in mail.outbox] == ["会议通知"]
    assert Notification.objects.get().emailed_at is not None


@pytest.fixture
def world_tx(transactional_db):
    from lvzhi.core.services import user_create

    return user_create(username="clerk", password="x", email="clerk@example.org", acting_user=SYSTEM)


def _settings_value(name: str, extra_env: dict[str, str], tmp_path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "LVZHI_TWO_FACTOR_EXEMPT"}
    env.update(extra_env, LVZHI_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="lvzhi.settings")
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_exempts_its_accounts_from_the_second_factor_production_does_not(tmp_path):
    from lvzhi.cli import DEMO_ENV

    assert _settings_value("TWO_FACTOR_EXEMPT", DEMO_ENV, tmp_path) == "('*',)"
    assert _settings_value("TWO_FACTOR_EXEMPT", {"LVZHI_DEBUG": "0"}, tmp_path) == "()"
