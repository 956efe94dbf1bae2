"""The load driver: N asyncio tasks, one keep-alive connection each, bounded by time and count.

Two clients send the requests; both keep one connection per task:

* ``raw`` (default): HTTP/1.1 written by hand on an asyncio protocol, responses parsed by
  httptools (uvicorn's own C parser). About 15x cheaper per request than httpx, so on a
  small machine the driver does not become the bottleneck of the fast endpoints.
* ``httpx``: one ``httpx.AsyncClient`` per task. Easier to trust, but it needs ~0.6 ms of
  CPU per request, more than the no-database baseline costs the API.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urlsplit

import httptools
import httpx

from bench.scenarios import Caller, Request, Scenario

ClientKind = Literal["raw", "httpx"]
#: Seconds before a request counts as failed (the whole cascade tree of a 20,000-employee
#: organization takes tens of seconds).
TIMEOUT = 120.0


@dataclass
class Sample:
    """What one scenario's measurement saw (latencies of successful requests only)."""

    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: Counter[str] = field(default_factory=Counter)  # "status 500", "ReadTimeout"...

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def rate(self) -> float:
        """Successful requests per second."""
        return self.ok / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, q: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(q / 100 * len(ordered)))
        return ordered[rank - 1] * 1000


class Client(Protocol):
    async def send(self, request: Request) -> int:
        """Send the request, read the whole response, return its status."""

    async def aclose(self) -> None: ...


class HttpxClient:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT, trust_env=False)

    async def send(self, request: Request) -> int:
        r = await self.http.request(
            request.method, request.url, headers=request.headers, json=request.json
        )
        return r.status_code

    async def aclose(self) -> None:
        await self.http.aclose()


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 keep-alive connection; httptools calls the ``on_*`` methods."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[int] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(exc)

    def on_message_complete(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(self.parser.get_status_code())

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(exc or ConnectionResetError("connection closed by the server"))

    def _fail(self, exc: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)
        if self.transport is not None:
            self.transport.close()

    @property
    def usable(self) -> bool:
        return self.transport is not None and not self.transport.is_closing()


class RawClient:
    """Minimal HTTP/1.1 keep-alive client: plain HTTP, no redirects, cookies or proxies.

    Enough for uvicorn, which frames every response (Content-Length or chunked); a closed
    connection is opened again on the next request.
    """

    def __init__(self, base_url: str, timeout: float = TIMEOUT) -> None:
        url = urlsplit(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.timeout = timeout
        self.conn: _Connection | None = None

    async def send(self, request: Request) -> int:
        if self.conn is None or not self.conn.usable:
            loop = asyncio.get_running_loop()
            _, self.conn = await loop.create_connection(_Connection, self.host, self.port)
        body = b"" if request.json is None else json.dumps(request.json).encode()
        head = [f"{request.method} {request.url} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in request.headers.items()]
        if request.json is not None:
            head.append("Content-Type: application/json")
        if body or request.method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(body)}")
        self.conn.waiter = asyncio.get_running_loop().create_future()
        assert self.conn.transport is not None
        self.conn.transport.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            return await asyncio.wait_for(self.conn.waiter, self.timeout)
        except BaseException:
            self.conn.transport.close()  # never reuse a connection in an unknown state
            raise

    async def aclose(self) -> None:
        if self.conn is not None and self.conn.transport is not None:
            self.conn.transport.close()


def make_clients(kind: ClientKind, base_url: str, count: int) -> list[Client]:
    """One client (hence one connection) per concurrent task; never a proxy: loopback only."""
    if kind == "httpx":
        return [HttpxClient(base_url) for _ in range(count)]
    return [RawClient(base_url) for _ in range(count)]


async def drive(
    clients: Sequence[Client],
    scenario: Scenario,
    callers: Sequence[Caller],
    *,
    duration: float,
    max_requests: int,
    numbers: itertools.count[int],
    seed: int,
) -> Sample:
    """Send ``scenario`` requests from one task per client until the time or count runs out.

    Callers rotate so requests spread over many accounts; ``numbers`` is shared by the
    whole run so created rows never collide.
    """
    sample = Sample()
    started = time.perf_counter()
    deadline = started + duration
    sent = 0

    async def task(index: int, client: Client) -> None:
        nonlocal sent
        rng = random.Random(seed * 1_000 + index)  # noqa: S311 - load pattern, not secrets
        while sent < max_requests and time.perf_counter() < deadline:
            sent += 1
            n = next(numbers)
            # A caller with nothing left (e.g. no pending reports to approve) passes its turn.
            for k in range(len(callers)):
                request = scenario.request(callers[(n + k) % len(callers)], rng, n)
                if request is not None:
                    break
            if request is None:
                return  # every caller is done
            t0 = time.perf_counter()
            try:
                status = await client.send(request)
            except (OSError, TimeoutError, httpx.HTTPError, httptools.HttpParserError) as exc:
                sample.errors[type(exc).__name__] += 1
                continue
            if status == scenario.expect:
                sample.latencies.append(time.perf_counter() - t0)
            else:
                sample.errors[f"status {status}"] += 1

    await asyncio.gather(*(task(i, c) for i, c in enumerate(clients)))
    sample.elapsed = time.perf_counter() - started
    return sample
