"""Migrations build the schema from empty, go back down, and agree with the models."""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from conftest import base_settings
from kinerja_api.cli import alembic_config
from kinerja_api.core.db import make_engine
from kinerja_api.models import Base

PG_URL = os.environ.get("KINERJA_TEST_DATABASE_URL")


@pytest.fixture
def scratch_url(tmp_path: Path) -> Any:
    """An empty database of the suite's kind (a new PostgreSQL database when on PostgreSQL)."""
    if not PG_URL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}"
        return
    name = f"kinerja_mig_{uuid.uuid4().hex[:8]}"
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, sql: str) -> None:
    engine = make_engine(base_settings(url)).execution_options(isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def _diff(url: str) -> list[Any]:
    def run(conn: Connection) -> list[Any]:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(ctx, Base.metadata))

    async def go() -> list[Any]:
        engine = make_engine(base_settings(url))
        async with engine.connect() as conn:
            result = await conn.run_sync(run)
        await engine.dispose()
        return result

    return asyncio.run(go())


def _tables(url: str) -> set[str]:
    async def go() -> set[str]:
        engine = make_engine(base_settings(url))
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        await engine.dispose()
        return names

    return asyncio.run(go())


def test_upgrade_downgrade_round_trip_and_no_drift(scratch_url: str) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    command.upgrade(cfg, "head")
    assert _diff(scratch_url) == [], "models and migrations disagree: write a migration"
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables(scratch_url)
    command.downgrade(cfg, "base")
    assert _tables(scratch_url) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    assert _diff(scratch_url) == []


def test_every_step_is_reversible(scratch_url: str) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    revisions = list(reversed(list(ScriptDirectory.from_config(cfg).walk_revisions())))
    assert revisions, "no migrations found"
    for rev in revisions:
        command.upgrade(cfg, rev.revision)
        command.downgrade(cfg, rev.down_revision or "base")
        command.upgrade(cfg, rev.revision)


def test_migration_files_are_named_by_date_and_slug() -> None:
    cfg = alembic_config(base_settings("sqlite+aiosqlite:///unused.db"))
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1, "migrations must form one line"
    for rev in script.walk_revisions():
        name = Path(rev.path).name
        assert re.fullmatch(r"\d{4}_\d{2}_\d{2}_\w+\.py", name), name


@pytest.mark.skipif(bool(PG_URL), reason="the SQLite quirks of dropping tables with data")
def test_downgrade_with_demo_data(tmp_path: Path) -> None:
    """Going back down works on a database that has real rows (self-references included)."""
    from kinerja_api.cli import _in_session, upgrade_database
    from kinerja_api.demo import load_demo_data

    url = f"sqlite+aiosqlite:///{tmp_path / 'with-data.db'}"
    settings = base_settings(url)
    upgrade_database(settings)
    _in_session(settings, load_demo_data)
    command.downgrade(alembic_config(settings), "base")
    assert _tables(url) <= {"alembic_version"}
    upgrade_database(settings)
    assert _diff(url) == []
