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
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import Factory, assert_problem, base_settings
from kinerja_api.auth.models import Role
from kinerja_api.cli import upgrade_database
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

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


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
