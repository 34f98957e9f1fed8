"""Open-loop HTTP/1.1 load over a pool of persistent connections (as a reverse proxy keeps to its
upstream), built on asyncio protocols: no task, stream or timeout object per request, so the
generator's own CPU per request is about 0.12 ms and it takes little from the server it measures
on the same machine.

Each request is queued at its due time whatever happened to the others (open loop) and its
latency counts from that time, the wait for a free connection included. A request whose
connection the server closes before any answer (a kept-alive connection timing out just as the
request goes out) is re-sent once on a new connection, as browsers and proxies do; the benchmark
checks the database afterwards, so a duplicate would show as a comment stored but never
answered."""

from __future__ import annotations

import asyncio
import collections
import time


class Result:
    __slots__ = ("due", "done", "status", "receipt", "bot", "error", "retry_after")

    def __init__(self, due: float, bot: bool = False) -> None:
        self.due = due
        self.done = 0.0
        self.status = 0
        self.receipt = ""
        self.bot = bot
        self.error = ""
        self.retry_after = False  # the answer carried a Retry-After header


class _Conn(asyncio.Protocol):
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.buf = b""
        self.current: Result | None = None
        self.payload = b""  # the bytes of the request in flight, to re-send it

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.pool.ready(self)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end]
            i = head.lower().find(b"content-length:")
            length = (
                int(head[i + 15 : head.index(b"\r\n", i) if b"\r\n" in head[i:] else None]) if i >= 0 else 0
            )
            total = end + 4 + length
            if len(self.buf) < total:
                return
            body = self.buf[end + 4 : total]
            self.buf = self.buf[total:]
            result, self.current = self.current, None
            if result is not None:
                record(result, head, body)
            close = b"connection: close" in head.lower()
            if close:
                self.transport.close()  # type: ignore[union-attr]
                return
            self.pool.ready(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        result, self.current = self.current, None
        if result is not None and not result.done:
            # the server closed under a request: resend it once on a new connection
            if result.error == "" and not self.pool.closing:
                self.pool.retries += 1
                result.error = "retry"
                self.pool.backlog.appendleft((self.payload, result))
            else:
                result.done = time.perf_counter()
                result.error = f"{type(exc).__name__ if exc else 'closed'} (answer)"
        self.pool.lost(self)

    def send(self, payload: bytes, result: Result) -> None:
        self.current = result
        if result.error == "retry":
            result.error = "retried"
        self.payload = payload
        self.transport.write(payload)  # type: ignore[union-attr]


def record(result: Result, head: bytes, body: bytes) -> None:
    """Fill ``result`` from one answer: its status and, for 201, the receipt in the body."""
    result.done = time.perf_counter()
    if head[:5] != b"HTTP/":
        result.error = "bad response"
        return
    result.status = int(head[9:12])
    result.retry_after = b"\r\nretry-after:" in head.lower()
    if result.error == "retried":
        result.error = ""
    if result.status == 201:
        i = body.find(b'"receipt"')
        if i >= 0:
            j = body.index(b'"', body.index(b":", i) + 1)
            k = body.index(b'"', j + 1)
            result.receipt = body[j + 1 : k].decode()


class Pool:
    def __init__(self, loop: asyncio.AbstractEventLoop, port: int, size: int, timeout: float) -> None:
        self.loop, self.port, self.size, self.timeout = loop, port, size, timeout
        self.idle: collections.deque[_Conn] = collections.deque()
        self.backlog: collections.deque[tuple[bytes, Result]] = collections.deque()
        self.conns: set[_Conn] = set()
        self.connecting = 0
        self.closing = False
        self.retries = 0  # requests re-sent once because the server closed a kept-alive connection under them

    def _open(self) -> None:
        self.connecting += 1

        def done(fut: asyncio.Future) -> None:
            self.connecting -= 1
            if fut.exception() is not None:
                if self.backlog:
                    payload, result = self.backlog.popleft()
                    result.done = time.perf_counter()
                    result.error = f"{type(fut.exception()).__name__} (connect)"
                self.loop.call_later(0.05, self._fill)

        fut = asyncio.ensure_future(self.loop.create_connection(lambda: _Conn(self), "127.0.0.1", self.port))
        fut.add_done_callback(done)

    def _fill(self) -> None:
        while not self.closing and len(self.conns) + self.connecting < self.size:
            self._open()

    def ready(self, conn: _Conn) -> None:
        self.conns.add(conn)
        self.idle.append(conn)
        self._dispatch()

    def _dispatch(self) -> None:
        while self.backlog and self.idle:
            conn = self.idle.popleft()
            if conn.transport is None or conn.transport.is_closing():
                continue
            payload, result = self.backlog.popleft()
            conn.send(payload, result)

    def lost(self, conn: _Conn) -> None:
        self.conns.discard(conn)
        if conn in self.idle:
            self.idle.remove(conn)
        self._fill()
        self._dispatch()

    def submit(self, payload: bytes, result: Result) -> None:
        self.backlog.append((payload, result))
        self._dispatch()

    def start(self) -> None:
        self._fill()

    def expire(self) -> None:
        now = time.perf_counter()
        for conn in list(self.conns):
            r = conn.current
            if r is not None and now - r.due > self.timeout:
                conn.current = None
                r.done = now
                r.error = "timeout (answer)"
                if conn.transport is not None:
                    conn.transport.close()
        while self.backlog and now - self.backlog[0][1].due > self.timeout:
            _payload, r = self.backlog.popleft()
            r.done = now
            r.error = "timeout (queued)"

    def close(self) -> None:
        self.closing = True
        for conn in list(self.conns):
            if conn.transport is not None:
                conn.transport.close()


async def drive_pool(
    *, port: int, schedule: list[tuple[float, bool, bytes]], connections: int, timeout: float
) -> tuple[float, list[Result], int]:
    """Each (offset, is_bot, payload) is queued at ``start + offset`` (open loop). Returns the
    start time, the results in schedule order and the number of re-sent requests."""
    loop = asyncio.get_running_loop()
    pool = Pool(loop, port, connections, timeout)
    pool.start()
    while len(pool.conns) < connections:
        await asyncio.sleep(0.01)
    results: list[Result] = []
    start = time.perf_counter() + 0.2
    next_expire = start + 0.5
    for offset, is_bot, payload in schedule:
        due = start + offset
        # never before its time (asyncio may wake a timer up to its clock resolution early)
        while (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        result = Result(due, is_bot)
        results.append(result)
        pool.submit(payload, result)
        if due > next_expire:
            pool.expire()
            next_expire = due + 0.5
    deadline = time.perf_counter() + timeout + 5
    while time.perf_counter() < deadline and (pool.backlog or any(not r.done for r in results)):
        await asyncio.sleep(0.05)
        pool.expire()
    pool.close()
    return start, results, pool.retries
