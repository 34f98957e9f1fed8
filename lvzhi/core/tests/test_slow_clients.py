"""Slow clients against ``lvzhi serve`` (granian) and the nginx configuration shipped in
``deploy/nginx/``.

granian hands a request to the application once its headers are in; a worker thread then waits
for the body for as long as the client takes (granian has no body time-out). Sixteen clients
that announce a 1,000-byte body and send 10 bytes hold every thread, and the site stops
answering: checked directly against ``lvzhi serve`` as the control. Behind nginx with
``deploy/nginx/lvzhi-proxy.conf`` the same clients only hold nginx connections: a normal request
is answered at once, and nginx drops the slow ones after ``client_body_timeout``. Slow headers
never reach the application: granian's header time-out (``LVZHI_WEB_HEADER_TIMEOUT``) closes
them.

Needs nginx (Debian: ``apt-get install nginx-light``); skipped, with the reason, without it.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PROXY_CONF = REPO / "deploy" / "nginx" / "lvzhi-proxy.conf"
SITE_CONF = REPO / "deploy" / "nginx" / "lvzhi.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SLOW = 16

needs_nginx = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx-light): proxy tests skipped"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _wait_until_up(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.time() + 90
    while time.time() < deadline and proc.poll() is None:
        try:
            if _get(port, "/static/lvzhi/charts.js", 5)[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(log.read_text(errors="replace")[-2000:])


def _slow_bodies(port: int, n: int = SLOW) -> list[socket.socket]:
    """``n`` comment submissions that announce 1,000 bytes of body and send 10."""
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(
            b"POST /api/consultations/1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n" + b'{"text": "'
        )
        socks.append(s)
    time.sleep(1)  # let them reach the application
    return socks


def _close(socks: list[socket.socket]) -> None:
    for s in socks:
        s.close()


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """``lvzhi serve`` as deployed: one worker with two threads, production settings, SQLite."""
    var = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {
        **os.environ,
        "LVZHI_DEBUG": "0",
        "LVZHI_HTTPS": "0",
        "LVZHI_VAR_DIR": str(var),
        "LVZHI_ALLOWED_HOSTS": "127.0.0.1",
        "LVZHI_WEB_THREADS": "2",
        "LVZHI_WEB_HEADER_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
    }
    for name in ("LVZHI_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    log = var / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lvzhi.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
            + ["--workers", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_up(port, proc, log)
            yield port
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def nginx(serve: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """nginx with the shipped ``lvzhi-proxy.conf`` in front of ``lvzhi serve``."""
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light): proxy tests skipped")
    root = tmp_path_factory.mktemp("nginx")
    for sub in ("body", "proxy", "logs"):
        (root / sub).mkdir()
        (root / sub).chmod(0o777)
    port = _free_port()
    conf = root / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/logs/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {root}/logs/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/proxy; uwsgi_temp_path {root}/proxy; scgi_temp_path {root}/proxy;
    upstream lvzhi {{ server 127.0.0.1:{serve}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        include {PROXY_CONF};
    }}
}}
"""
    )
    proc = subprocess.Popen(
        [NGINX, "-p", str(root), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        _wait_until_up(port, proc, root / "logs" / "error.log")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_slow_bodies_freeze_lvzhi_serve_alone(serve: int) -> None:
    """The control: without the proxy, the slow clients hold every thread."""
    socks = _slow_bodies(serve)
    try:
        with pytest.raises(TimeoutError):
            _get(serve, "/static/lvzhi/charts.js", timeout=3)
    finally:
        _close(socks)
    deadline = time.time() + 20
    while True:  # the threads are free again once the clients have gone
        try:
            assert _get(serve, "/static/lvzhi/charts.js", timeout=5)[0] == 200
            break
        except TimeoutError:
            assert time.time() < deadline


@needs_nginx
def test_behind_the_shipped_nginx_config_slow_bodies_do_not_block(serve: int, nginx: int) -> None:
    socks = _slow_bodies(nginx)
    try:
        status, seconds = _get(nginx, "/static/lvzhi/charts.js", timeout=10)
        assert status == 200 and seconds < 3
        # nginx drops a client whose body stops arriving (client_body_timeout 10s)
        started = time.perf_counter()
        socks[0].settimeout(20)
        answer = socks[0].recv(200)
        assert answer.startswith(b"HTTP/1.1 408") or answer == b""
        assert time.perf_counter() - started < 15
    finally:
        _close(socks)
    assert _get(nginx, "/static/lvzhi/charts.js", timeout=10)[0] == 200


def test_slow_headers_do_not_block_lvzhi_serve_and_are_dropped(serve: int) -> None:
    socks = []
    for _ in range(SLOW):
        s = socket.create_connection(("127.0.0.1", serve))
        s.sendall(b"GET /public/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the headers never end
        socks.append(s)
    try:
        status, seconds = _get(serve, "/static/lvzhi/charts.js", timeout=10)
        assert status == 200 and seconds < 3
        socks[0].settimeout(10)
        started = time.perf_counter()
        try:
            socks[0].recv(200)  # closed (or answered 408) after LVZHI_WEB_HEADER_TIMEOUT=2 s
        except ConnectionResetError:
            pass
        assert time.perf_counter() - started < 8
    finally:
        _close(socks)


@needs_nginx
def test_the_shipped_site_config_is_valid(tmp_path: Path) -> None:
    """``deploy/nginx/lvzhi.conf`` as shipped, with test certificates and ports, passes ``nginx -t``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (
        SITE_CONF.read_text()
        .replace("/etc/ssl/certs/rd.example.gov.cn.pem", str(cert))
        .replace("/etc/ssl/private/rd.example.gov.cn.key", str(key))
        .replace("/etc/nginx/snippets/lvzhi-proxy.conf", str(PROXY_CONF))
    )
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
