"""The floor of an endpoint: the SQL of its main queries, run directly with asyncpg.

For each request the driver would send, the scenario's floor builder gives SQLAlchemy
statements, compiled for PostgreSQL with literal parameters *before* the clock starts (the
same callers and the same random choices as the HTTP scenario). Then ``concurrency``
connections run them closed-loop for ``duration`` seconds, one request's statements in a
row on one connection (writes inside a transaction that is rolled back). What is left
between an endpoint and its floor is the API: HTTP, auth, the ORM, validation, JSON, and
queries beyond the main ones.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Sequence

import asyncpg
from sqlalchemy.engine import make_url

from bench.load import Sample
from bench.scenarios import Caller, Scenario, compile_pg

#: Distinct parameter sets compiled per scenario (cycled through during the measurement).
VARIANTS = 400


class _Rollback(Exception):
    pass


def plan(scenario: Scenario, callers: Sequence[Caller], seed: int) -> list[list[str]]:
    """The SQL of ``VARIANTS`` requests, spread over the callers like the HTTP run."""
    assert scenario.floor is not None
    rng = random.Random(seed)  # noqa: S311 - load pattern, not secrets
    out = []
    for n in range(VARIANTS):
        caller = callers[n % len(callers)]
        values = scenario.values(caller, rng, n)
        out.append([compile_pg(stmt) for stmt in scenario.floor(values)])
    return out


def example(scenario: Scenario, callers: Sequence[Caller], seed: int) -> str:
    """One request's floor SQL, for the reader."""
    return ";\n".join(plan_one(scenario, callers, seed)) + ";"


def plan_one(scenario: Scenario, callers: Sequence[Caller], seed: int) -> list[str]:
    assert scenario.floor is not None
    rng = random.Random(seed)  # noqa: S311
    return [compile_pg(s) for s in scenario.floor(scenario.values(callers[0], rng, 0))]


async def measure(
    url: str,
    scenario: Scenario,
    callers: Sequence[Caller],
    *,
    concurrency: int,
    duration: float,
    warmup: float,
    seed: int,
) -> Sample:
    statements = plan(scenario, callers, seed)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conns = [await asyncpg.connect(dsn) for _ in range(concurrency)]
    counter = itertools.count()

    async def one(conn: asyncpg.Connection, sqls: list[str]) -> None:
        if scenario.write:
            try:
                async with conn.transaction():
                    for sql in sqls:
                        await conn.fetch(sql)
                    raise _Rollback
            except _Rollback:
                pass
        else:
            for sql in sqls:
                await conn.fetch(sql)

    async def run(seconds: float, sample: Sample) -> None:
        deadline = time.perf_counter() + seconds

        async def task(conn: asyncpg.Connection) -> None:
            while time.perf_counter() < deadline:
                sqls = statements[next(counter) % len(statements)]
                t0 = time.perf_counter()
                try:
                    await one(conn, sqls)
                except asyncpg.PostgresError as exc:
                    sample.errors[type(exc).__name__] += 1
                    continue
                sample.latencies.append(time.perf_counter() - t0)

        started = time.perf_counter()
        await asyncio.gather(*(task(c) for c in conns))
        sample.elapsed = time.perf_counter() - started

    try:
        if warmup > 0:
            await run(warmup, Sample())
        sample = Sample()
        await run(duration, sample)
        return sample
    finally:
        await asyncio.gather(*(c.close() for c in conns))
