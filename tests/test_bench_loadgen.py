"""The intake benchmark's load generator (``bench/loadgen.py``) counts what the server answered:
every request gets one result, receipts are read from the bodies, and a connection the server
closes (with ``Connection: close`` or under a request) is replaced without losing a request."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from loadgen import drive_pool


async def _serve(issued: list[str], drop_after: int) -> tuple[asyncio.AbstractServer, int]:
    """A tiny HTTP/1.1 server: 201 with a receipt; every fifth answer says ``Connection: close``;
    after ``drop_after`` answers, the next request's connection is closed without an answer."""
    state = {"n": 0, "dropped": False}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                if state["n"] == drop_after and not state["dropped"]:
                    state["dropped"] = True  # the request is lost with its connection: the client re-sends it
                    writer.close()
                    return
                state["n"] += 1
                receipt = f"001-{state['n']:08d}"
                issued.append(receipt)
                body = f'{{"receipt": "{receipt}", "moderation": "published"}}'.encode()
                close = state["n"] % 5 == 0
                writer.write(
                    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n".encode()
                    + (b"Connection: close\r\n" if close else b"")
                    + b"\r\n"
                    + body
                )
                await writer.drain()
                if close:
                    writer.close()
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_every_request_is_answered_once_and_its_receipt_read():
    issued: list[str] = []

    async def run() -> tuple[float, list, int]:
        server, port = await _serve(issued, drop_after=7)
        body = b'{"text": "x"}'
        payload = (
            b"POST /api/consultations/1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        schedule = [(i / 400, i % 10 == 0, payload) for i in range(120)]
        try:
            return await drive_pool(
                port=port, schedule=schedule, connections=4, timeout=60
            )  # generous: CI machines are busy
        finally:
            server.close()
            await asyncio.sleep(0.1)  # the handlers see the client's connections close and end

    # A fresh thread has no event loop: another test in this worker (Playwright's sync API) may
    # have left one running in the main thread, where asyncio.run() would refuse to start.
    out: list[tuple[float, list, int]] = []
    worker = threading.Thread(target=lambda: out.append(asyncio.run(run())))
    worker.start()
    worker.join()
    assert out, "the load generator's run raised (see the thread's traceback above)"
    start, results, resent = out[0]
    assert len(results) == 120
    odd = [
        (i, r.status, r.error, r.done - r.due)
        for i, r in enumerate(results)
        if r.status != 201 or r.done < r.due
    ]
    assert not odd, odd
    assert sorted(r.receipt for r in results) == sorted(issued)  # each answer read once, none invented
    assert sum(r.bot for r in results) == 12
    assert resent == 1  # the request whose connection was dropped was sent again
    assert [r.due for r in results] == sorted(r.due for r in results) and results[0].due >= start
