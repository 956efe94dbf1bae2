"""Database faults: PostgreSQL stops and starts under a running app.

The test runs its own throwaway PostgreSQL instance (initdb + pg_ctl from this machine's
PostgreSQL 15, on a free port), so stopping it disturbs nothing else. While the database is
down, readiness is 503 and requests fail with a clean 503 problem document; when it returns
the app recovers by itself, committed writes are all there and the write attempted during the
outage left nothing behind.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from conftest import Factory, assert_problem, base_settings
from kinerja_api.auth.models import Role
from kinerja_api.cli import upgrade_database
from kinerja_api.core.db import is_unavailable
from kinerja_api.main import create_app
from kinerja_api.organizations.models import Unit
from live_server import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    runner = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    return subprocess.run(  # noqa: S603 - fixed binaries of this machine
        [*runner, *args], capture_output=True, text=True, check=True, timeout=120
    )


class PrivatePostgres:
    def __init__(self, root: Path) -> None:
        self.data = root / "data"
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"
        self.log = root / "pg.log"

    def init(self) -> None:
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def crash(self) -> None:
        """``kill -9`` of the postmaster: the next start runs crash recovery."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):  # its backends notice and exit
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        time.sleep(0.5)

    def start_nowait(self) -> None:
        """Start without waiting for recovery: requests meet "starting up" (57P03)."""
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-W",
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1",
            "start",
        )


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL 15 server binaries are required in CI")
        pytest.skip("no PostgreSQL server binaries here")
    # Not under pytest's tmp dir: the postgres user must be able to reach the data directory.
    root = Path(tempfile.mkdtemp(prefix="kinerja-pgfault-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    pg = PrivatePostgres(root)
    pg.init()
    pg.start()
    try:
        yield pg
    finally:
        subprocess.run(  # noqa: S603 - stop whatever state the test left it in
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(pg.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
            timeout=60,
        )


async def _count_units(app: Any) -> int:
    async with app.state.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(Unit)) or 0)


async def test_database_outage_and_recovery(private_pg: PrivatePostgres) -> None:
    settings = base_settings(private_pg.url)
    await asyncio.to_thread(upgrade_database, settings)
    app = create_app(settings)
    factory = Factory(app.state.sessionmaker, settings)
    org = await factory.org("DINKES-PALU")
    admin = await factory.account(org, Role.ADMIN)
    url = f"/api/v1/organizations/{org.id}/units"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        before = await client.post(url, headers=admin.headers, json={"code": "A", "name": "Unit A"})
        assert before.status_code == 201, before.text

        await asyncio.to_thread(private_pg.stop)
        ready = await client.get("/health/ready")
        assert_problem(ready, 503, "service_unavailable")
        for _ in range(3):  # pooled connections are dead: every request fails cleanly
            r = await client.get(url, headers=admin.headers)
            assert_problem(r, 503, "service_unavailable")
            assert "Traceback" not in r.text
        during = await client.post(url, headers=admin.headers, json={"code": "B", "name": "Unit B"})
        assert_problem(during, 503, "service_unavailable")

        await asyncio.to_thread(private_pg.start)
        for _ in range(20):  # the app reconnects by itself
            if (await client.get("/health/ready")).status_code == 200:
                break
            await asyncio.sleep(0.5)
        assert (await client.get("/health/ready")).status_code == 200
        listing = await client.get(url, headers=admin.headers)
        assert listing.status_code == 200
        assert [u["code"] for u in listing.json()["items"]] == ["A"]  # committed, and only that
        after = await client.post(url, headers=admin.headers, json={"code": "B", "name": "Unit B"})
        assert after.status_code == 201
    assert await _count_units(app) == 2
    await app.state.engine.dispose()


class _DriverError(Exception):
    """A driver exception carrying a SQLSTATE, as asyncpg's and psycopg's do."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("wrapper", "sqlstate", "message", "unavailable"),
    [
        # The outside test's 500s: plain DBAPIError, SQLSTATE 57P03, no "connect" in the text.
        (DBAPIError, "57P03", "the database system is starting up", True),
        (DBAPIError, "57P03", "the database system is in recovery mode", True),
        (DBAPIError, "57P01", "terminating connection due to administrator command", True),
        (DBAPIError, "57P02", "terminating connection because of crash of another process", True),
        (OperationalError, "53300", "sorry, too many clients already", True),
        (OperationalError, "08006", "connection failure", True),
        (DBAPIError, "25006", "cannot execute INSERT in a read-only transaction", True),
        (DBAPIError, "53200", "out of memory", True),
        # Bad statements stay what they are, whatever their text says.
        (IntegrityError, "23505", "duplicate key value violates unique constraint", False),
        (DBAPIError, "22P02", "invalid input syntax for type uuid: 'connect'", False),
        (DBAPIError, "42P01", 'relation "closed" does not exist', False),
    ],
)
def test_unavailability_is_classified_by_sqlstate(
    wrapper: type[DBAPIError], sqlstate: str, message: str, unavailable: bool
) -> None:
    """``test_database_outage_and_recovery`` only stopped the server cleanly (socket errors);
    a restart's "starting up" and a crash's "recovery mode" arrive as a plain DBAPIError with
    SQLSTATE 57P03, which the text markers missed (500)."""
    exc = wrapper("INSERT ...", {}, _DriverError(message, sqlstate))
    assert is_unavailable(exc) is unavailable


async def test_crash_restart_and_too_many_connections_are_503(
    private_pg: PrivatePostgres,
) -> None:
    """Writers keep writing while the server stops in immediate mode, then is killed with
    SIGKILL and restarted without waiting for recovery; then every connection slot is taken.
    No answer is a 500, and every write answered 201 is in the database."""
    settings = base_settings(private_pg.url)
    await asyncio.to_thread(upgrade_database, settings)
    app = create_app(settings)
    factory = Factory(app.state.sessionmaker, settings)
    org = await factory.org("DINKES-PALU")
    admin = await factory.account(org, Role.ADMIN)
    url = f"/api/v1/organizations/{org.id}/units"
    statuses: dict[int, int] = {}
    committed: list[str] = []
    running = True

    async def writer(client: httpx.AsyncClient, n: int) -> None:
        i = 0
        while running:
            i += 1
            code = f"W{n}-{i}"
            r = await client.post(url, headers=admin.headers, json={"code": code, "name": code})
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            if r.status_code == 201:
                committed.append(code)
            else:
                assert_problem(r, 503, "service_unavailable")
                await asyncio.sleep(0.05)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        tasks = [asyncio.create_task(writer(client, n)) for n in range(3)]
        try:
            await asyncio.sleep(1)
            await asyncio.to_thread(private_pg.stop, "immediate")
            await asyncio.sleep(0.5)
            await asyncio.to_thread(private_pg.start_nowait)
            await asyncio.sleep(2)
            await asyncio.to_thread(private_pg.crash)
            await asyncio.sleep(0.5)
            await asyncio.to_thread(private_pg.start_nowait)
            for _ in range(60):
                if (await client.get("/health/ready")).status_code == 200:
                    break
                await asyncio.sleep(0.5)
            await asyncio.sleep(1)
        finally:
            running = False
            await asyncio.gather(*tasks)
        assert set(statuses) <= {201, 503}, statuses
        assert statuses.get(201, 0) > 0

        # Every slot taken (superuser slots too): "sorry, too many clients already" (53300).
        await app.state.engine.dispose()
        hogs = []
        try:
            while True:
                try:
                    hogs.append(
                        await asyncpg.connect(
                            host="127.0.0.1", port=private_pg.port, user="postgres"
                        )
                    )
                except asyncpg.TooManyConnectionsError:
                    break
                if len(hogs) > 500:
                    pytest.fail("the server accepted 500 connections")
            r = await client.get(url, headers=admin.headers)
            assert_problem(r, 503, "service_unavailable")
        finally:
            for hog in hogs:
                await hog.close()
        assert (await client.get(url, headers=admin.headers)).status_code == 200
    async with app.state.sessionmaker() as s:
        codes = set((await s.scalars(select(Unit.code))).all())
    assert set(committed) <= codes  # no committed write lost
    await app.state.engine.dispose()
