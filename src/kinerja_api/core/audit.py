"""Append-only audit log, written automatically for every flushed change.

An ``after_flush`` hook records insert/update/delete of every mapped object (except those
with ``__audit__ = False``) with who, when and before/after values. Services never have to
remember to audit; they may add a reason with :func:`set_reason`. The table refuses UPDATE
and DELETE at the database level (triggers in the migration).

The one exception is a bulk INSERT statement, which the unit of work never sees: code that
inserts thousands of rows at once (imports) goes through :func:`insert_audited`, which writes
the same audit rows.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event, insert, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from kinerja_api.core.db import Base, utcnow
from kinerja_api.core.ids import uuid7

REDACTED = "***"
#: What a row of the audit log records: the write done to the audited row, or (``disclose``)
#: an answer that told the caller something about data they cannot read (see
#: :func:`record_detached`).
AuditAction = Literal["insert", "update", "delete", "disclose"]
#: ``session.info`` key of the rows :func:`record_detached` holds until the request ends.
DETACHED = "detached_audit"


class AuditLog(Base):
    __tablename__ = "audit_log"
    __audit__ = False
    __table_args__ = (
        Index("ix_audit_log_org_at", "organization_id", "at", "id"),
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    action: Mapped[str] = mapped_column(String(16))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))


def set_actor(
    session: AsyncSession | Session,
    *,
    user_id: uuid.UUID | None,
    organization_id: uuid.UUID | None,
    request_id: str | None = None,
) -> None:
    info = session.info
    info["actor_user_id"] = user_id
    info["actor_organization_id"] = organization_id
    if request_id is not None:
        info["request_id"] = request_id


def set_reason(session: AsyncSession | Session, reason: str | None) -> None:
    """Attach a human reason (e.g. why a period was reopened) to the next flushed changes."""
    session.info["audit_reason"] = reason


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def _columns(obj: Any) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs]


def _redact(obj: Any, key: str, value: Any) -> Any:
    secret: frozenset[str] = getattr(type(obj), "__audit_redact__", frozenset())
    return REDACTED if key in secret and value is not None else _jsonable(value)


def _snapshot(obj: Any) -> dict[str, Any]:
    return {k: _redact(obj, k, getattr(obj, k, None)) for k in _columns(obj)}


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        before[key] = _redact(obj, key, old)
        after[key] = _redact(obj, key, new)
    version = getattr(obj, "version", None)
    if after and isinstance(version, int):
        # The version counter is bumped inside the flush, outside attribute history.
        before.setdefault("version", version - 1)
        after.setdefault("version", version)
    return before, after


def _entity_id(obj: Any) -> str:
    ident = inspect(obj).identity
    if ident:
        return ",".join(str(v) for v in ident)
    return str(getattr(obj, "id", ""))


def _audited(obj: Any) -> bool:
    return bool(getattr(type(obj), "__audit__", True))


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _ctx: Any) -> None:
    """Write audit rows for this flush, on the same connection and transaction.

    Runs after the flush (ids, defaults and foreign-key targets exist) while ``new``,
    ``dirty``, ``deleted`` and attribute history still describe what was flushed.
    """
    info = session.info
    rows: list[dict[str, Any]] = []

    def add(
        obj: Any, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        org = obj.id if type(obj).__tablename__ == "organizations" else None
        org = org or getattr(obj, "organization_id", None) or info.get("actor_organization_id")
        rows.append(
            {
                "id": uuid7(),
                "at": utcnow(),
                "organization_id": org,
                "actor_user_id": info.get("actor_user_id"),
                "action": action,
                "entity_type": type(obj).__tablename__,
                "entity_id": _entity_id(obj),
                "before": before,
                "after": after,
                "reason": info.get("audit_reason"),
                "request_id": info.get("request_id"),
            }
        )

    for obj in session.new:
        if _audited(obj):
            add(obj, "insert", None, _snapshot(obj))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                add(obj, "update", before, after)
    for obj in session.deleted:
        if _audited(obj):
            add(obj, "delete", _snapshot(obj), None)
    if rows:
        session.connection().execute(insert(AuditLog), rows)


# ---- rows that survive the request's rollback ---------------------------------------------


def record_detached(
    session: AsyncSession | Session,
    *,
    organization_id: uuid.UUID | None,
    entity_type: str,
    entity_id: str,
    after: Mapping[str, Any],
    action: AuditAction = "disclose",
) -> None:
    """Keep an audit row to be written after the request's transaction ends, committed or
    rolled back: a refused request (a 409, a rejected or dry-run import) still leaves its
    trace. :func:`write_detached` writes it, in a transaction of its own."""
    info = session.info
    info.setdefault(DETACHED, []).append(
        {
            "id": uuid7(),
            "at": utcnow(),
            "organization_id": organization_id,
            "actor_user_id": info.get("actor_user_id"),
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": None,
            "after": _jsonable(dict(after)),
            "reason": info.get("audit_reason"),
            "request_id": info.get("request_id"),
        }
    )


async def write_detached(factory: Any, session: AsyncSession) -> None:
    """Write the rows :func:`record_detached` kept on ``session`` (whose transaction is over)
    with a session of their own. Called by the request's session dependency once the
    request's transaction has ended, so on SQLite it never waits for its own write lock."""
    rows = session.info.pop(DETACHED, None)
    if not rows:
        return
    async with factory() as own:
        await own.execute(insert(AuditLog), rows)
        await own.commit()


# ---- bulk updates --------------------------------------------------------------------------


async def record_updates(
    session: AsyncSession, changes: Sequence[tuple[Any, Mapping[str, Any], Mapping[str, Any]]]
) -> None:
    """Audit rows for an UPDATE statement the unit of work never saw (one UPDATE of many
    rows): ``(object, before, after)`` with the changed columns, written in one INSERT as
    the ``after_flush`` hook writes them (``update``, secrets redacted)."""
    if not changes:
        return
    info = session.info
    at = utcnow()
    await session.execute(
        insert(AuditLog),
        [
            {
                "id": uuid7(),
                "at": at,
                "organization_id": getattr(obj, "organization_id", None)
                or info.get("actor_organization_id"),
                "actor_user_id": info.get("actor_user_id"),
                "action": "update",
                "entity_type": type(obj).__tablename__,
                "entity_id": _entity_id(obj),
                "before": {k: _redact(obj, k, v) for k, v in before.items()},
                "after": {k: _redact(obj, k, v) for k, v in after.items()},
                "reason": info.get("audit_reason"),
                "request_id": info.get("request_id"),
            }
            for obj, before, after in changes
        ],
    )


# ---- bulk inserts --------------------------------------------------------------------------


def full_rows(model: type[Any], rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` completed with the Python-side defaults of the other columns (id, timestamps,
    version, ...): each row exactly as the unit of work would insert it."""
    defaults = []
    for attr in inspect(model).column_attrs:
        default = attr.columns[0].default
        if default is not None and not (default.is_scalar or default.is_callable):
            raise ValueError(f"{model.__name__}.{attr.key}: a default the database computes")
        defaults.append((attr.key, default))
    completed = []
    for values in rows:
        row = dict(values)
        for key, default in defaults:
            if key not in row:
                if default is None:
                    row[key] = None
                elif default.is_callable:
                    row[key] = default.arg(None)
                else:
                    row[key] = default.arg
        completed.append(row)
    return completed


async def insert_audited(
    session: AsyncSession, model: type[Any], rows: Sequence[Mapping[str, Any]], *, batch: int = 5000
) -> None:
    """Insert many rows with one multi-row INSERT per batch, recording them in the audit log.

    A bulk INSERT (``session.execute(insert(Model), rows)``) bypasses the unit of work, so
    the ``after_flush`` hook never sees it: this writes the same audit rows the hook would
    (``insert``, ``after`` = every column, secrets redacted). ``rows`` must hold every column
    (see :func:`full_rows`). It skips the unit of work's bookkeeping per object: writing
    10,000 employees with their assignments took 1.4 s instead of 1.8 s on SQLite (1.5 s
    instead of 2.0 s on PostgreSQL), see ``bench/IMPORT.md``.
    """
    if not rows:
        return
    table = model.__tablename__
    keys = [column.key for column in inspect(model).primary_key]
    secret: frozenset[str] = getattr(model, "__audit_redact__", frozenset())
    audited = bool(getattr(model, "__audit__", True))
    info = session.info
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        await session.execute(insert(model), list(chunk))
        if not audited:
            continue
        at = utcnow()
        actor_org = info.get("actor_organization_id")
        await session.execute(
            insert(AuditLog),
            [
                {
                    "id": uuid7(),
                    "at": at,
                    "organization_id": (row["id"] if table == "organizations" else None)
                    or row.get("organization_id")
                    or actor_org,
                    "actor_user_id": info.get("actor_user_id"),
                    "action": "insert",
                    "entity_type": table,
                    "entity_id": ",".join(str(row[k]) for k in keys),
                    "before": None,
                    "after": {
                        k: REDACTED if k in secret and v is not None else _jsonable(v)
                        for k, v in row.items()
                    },
                    "reason": info.get("audit_reason"),
                    "request_id": info.get("request_id"),
                }
                for row in chunk
            ],
        )
