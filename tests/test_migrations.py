"""Models and migrations agree (on the database under test), and migrations are reversible."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from conftest import PG_URL, base_settings
from kinerja_api.cli import alembic_config, upgrade_database
from kinerja_api.core.db import make_engine
from kinerja_api.models import Base


def _url(template_db: str) -> str:
    return template_db if PG_URL else f"sqlite+aiosqlite:///{template_db}"


def _diff(url: str) -> list[Any]:
    async def run() -> list[Any]:
        engine = make_engine(base_settings(url))
        try:
            async with engine.connect() as conn:

                def compare(sync_conn: Any) -> list[Any]:
                    context = MigrationContext.configure(
                        sync_conn, opts={"compare_type": True, "compare_server_default": True}
                    )
                    return list(compare_metadata(context, Base.metadata))

                return await conn.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_models_match_migrations(template_db: str) -> None:
    assert _diff(_url(template_db)) == []


@pytest.mark.skipif(bool(PG_URL), reason="downgrades the shared PostgreSQL test database")
def test_migrations_are_reversible_with_data(tmp_path: Path) -> None:
    from kinerja_api.cli import _in_session  # the CLI's own session runner
    from kinerja_api.demo import load_demo_data

    url = f"sqlite+aiosqlite:///{tmp_path / 'roundtrip.db'}"
    settings = base_settings(url)
    upgrade_database(settings)
    _in_session(settings, load_demo_data)
    command.downgrade(alembic_config(settings), "0001")

    async def columns(table: str) -> set[str]:
        engine = make_engine(settings)
        async with engine.connect() as conn:
            rows = await conn.execute(text(f"PRAGMA table_info({table})"))
            names = {r[1] for r in rows}
        await engine.dispose()
        return names

    assert "employee_id" not in asyncio.run(columns("users"))
    assert "head_position_id" not in asyncio.run(columns("units"))
    assert asyncio.run(columns("positions")) == set()
    upgrade_database(settings)
    assert _diff(url) == []


@pytest.mark.skipif(bool(PG_URL), reason="downgrades the shared PostgreSQL test database")
def test_migrations_round_trip_from_base(tmp_path: Path) -> None:
    settings = base_settings(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    upgrade_database(settings)
    command.downgrade(alembic_config(settings), "base")
    upgrade_database(settings)
    assert _diff(settings.database_url) == []
