"""Alembic environment: async engine, URL from settings, batch mode on SQLite."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from kinerja_api.core.config import get_settings
from kinerja_api.core.db import make_engine
from kinerja_api.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return str(config.attributes.get("database_url") or get_settings().database_url)


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render the app's UTCDateTime as a plain timezone-aware DateTime in migrations."""
    from kinerja_api.core.db import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    from kinerja_api.activities.partitions import include_name, include_object_for

    target = url if url is not None else str(connection.engine.url) if connection else ""
    is_sqlite = target.startswith("sqlite")
    context.configure(
        # PostgreSQL: activity_reports' month partitions and its trigger-enforced self
        # reference (migration 0010) are not differences from the model.
        include_name=include_name,
        include_object=include_object_for("sqlite" if is_sqlite else "postgresql"),
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
        compare_server_default=True,
        literal_binds=connection is None,
        render_item=_render_item,
    )


def run_migrations_offline() -> None:
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    _configure(connection=connection)
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table by copying it and dropping the original; SQLite refuses
        # to drop a table that others reference while foreign keys are on, and the pragma
        # only takes effect outside a transaction (Alembic's batch documentation, "Dealing
        # with Referencing Tables"). The check below puts the guarantee back before commit.
        connection.connection.dbapi_connection.cursor().execute(  # type: ignore[union-attr]
            "PRAGMA foreign_keys=OFF"
        )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left dangling references: {broken[:5]}")
    finally:
        if sqlite:
            connection.connection.dbapi_connection.cursor().execute(  # type: ignore[union-attr]
                "PRAGMA foreign_keys=ON"
            )


async def _run_async() -> None:
    from kinerja_api.core.config import Settings

    engine = make_engine(Settings(database_url=_url(), environment="development"))
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_sync(connection)
        return
    asyncio.run(_run_async())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
