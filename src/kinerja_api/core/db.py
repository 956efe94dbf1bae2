"""Engine, sessions, declarative base and the per-request unit of work."""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator, Uuid, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from kinerja_api.core.config import Settings
from kinerja_api.core.ids import uuid7

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def checked_enum(cls: type[enum.Enum], name: str) -> Enum:
    """A string column with a real CHECK constraint listing the allowed values."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )


#: SQLSTATEs (and classes of them) that mean "the database cannot serve now, try later"
#: rather than "this statement is wrong": connection exceptions (08), insufficient resources
#: (53: too many connections, out of memory, disk full), operator intervention (57P01 admin
#: shutdown, 57P02 crash shutdown, 57P03 cannot connect now — starting up or in recovery —,
#: 57P04 database dropped, 57P05 idle session timeout), system errors (58: I/O), and a
#: write reaching a server that is read-only during a failover (25006).
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "58")
UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "57P04", "57P05", "25006"})
#: Driver messages of connections lost without a SQLSTATE (socket closed, refused, reset).
_LOST_CONNECTION_MARKERS = (
    "connect",
    "closed",
    "shutdown",
    "terminat",
    "refused",
    "unavailable",
    "starting up",
    "recovery mode",
    "shutting down",
)


def sqlstate_of(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error, wherever the driver put it (``orig``, its cause:
    asyncpg's ``sqlstate``, psycopg's ``sqlstate``/``pgcode``)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        for attribute in ("sqlstate", "pgcode"):
            code = getattr(current, attribute, None)
            if isinstance(code, str) and len(code) == 5:
                return code
        pending.extend([getattr(current, "orig", None), current.__cause__, current.__context__])
    return None


def unavailable_sqlstate(code: str) -> bool:
    """Whether a SQLSTATE means the database is unavailable (a 503), not a bad statement."""
    return code[:2] in UNAVAILABLE_SQLSTATE_CLASSES or code in UNAVAILABLE_SQLSTATES


def is_unavailable(exc: BaseException) -> bool:
    """True when an exception means the database cannot be reached or cannot serve now (the
    one place that decides a 503): by SQLSTATE where the driver gives one, else by the kind
    of error (an invalidated connection, a socket error, a driver interface error about a
    lost connection)."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    code = sqlstate_of(exc)
    if code is not None:
        return unavailable_sqlstate(code)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError | InterfaceError) or type(exc) is DBAPIError:
        text = str(exc.orig).lower()
        return any(m in text for m in _LOST_CONNECTION_MARKERS)
    return isinstance(exc, ConnectionError | TimeoutError)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic concurrency: the ETag of a resource is its ``version``.

    SQLAlchemy adds ``WHERE version = :old`` to every UPDATE, so a concurrent writer that
    read the same version fails with ``StaleDataError`` (rendered as 412).
    """

    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


#: Execution option marking a session that will not write (lets SQLite readers run in parallel).
READ_ONLY = "kinerja_read_only"


def make_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    kwargs: dict[str, Any] = {"echo": settings.database_echo}
    if url.startswith("sqlite"):
        # One writer at a time; wait instead of failing when the file is busy.
        kwargs["connect_args"] = {"timeout": 30}
        if ":memory:" in url:
            raise ValueError("in-memory SQLite is not supported; use a file path")
        # Pooled connections: opening one costs a thread and the PRAGMAs below.
    else:
        kwargs["pool_pre_ping"] = True
    kwargs["pool_size"] = settings.database_pool_size
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself so transactions really start where we say.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no SQLITE_BUSY when a read lock would have to
        # be upgraded); read-only requests begin deferred and run alongside them (WAL).
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


async def lock_keys(session: AsyncSession, *keys: str) -> None:
    """Serialize a check-then-write that no unique constraint can express (e.g. "no two
    reports of one employee overlap on a day") with every transaction locking a same key,
    until this transaction ends. Take the lock before reading what the check depends on.

    PostgreSQL: a transaction-scoped advisory lock per key, taken in sorted order so that two
    transactions never wait for each other in a cycle. SQLite: nothing to do, writers begin
    with ``BEGIN IMMEDIATE`` and so run one at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") - (1 << 63)
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": number})


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def session_scope(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """Unit of work: commit on success, roll back on any error."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
