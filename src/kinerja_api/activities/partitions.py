"""Monthly range partitions of ``activity_reports`` on PostgreSQL.

Migration 0010 turns ``activity_reports`` into a table partitioned by range of
``report_date``, one partition per calendar month (``activity_reports_2026_11`` holds
2026-11-01 ≤ report_date < 2026-12-01), plus ``activity_reports_default`` for any date no
month partition covers, so an insert never fails for want of a partition. A month query
(``report_date`` between the first and the last day) reads one partition (pruning).

Months are created ahead by :func:`ensure_partitions`: the migration calls it, and
``kinerja db partitions`` (run it monthly, e.g. from cron or a Kubernetes CronJob, and after
restoring a backup) creates the partitions of every month up to ``--ahead`` months after the
current one. It is idempotent. If the default partition already holds rows of a month being
created (reports dated past the months created ahead), they are moved into the new partition
in the same transaction.

Differences of the partitioned table from the model (and why ``models and migrations agree``
still holds, see :func:`include_name` and :func:`include_object`):

* The primary key is ``(id, report_date)``: PostgreSQL requires the partition key in every
  unique constraint of a partitioned table. ``id`` stays the ORM identity (a UUIDv7 from the
  application, unique in practice; nothing in the database enforces it across months).
* The self reference ``corrects_id → activity_reports.id`` cannot be a foreign key (it needs
  a unique constraint on ``id`` alone). Two triggers enforce it instead, with the foreign
  key's error (SQLSTATE 23503) and its lock (``FOR KEY SHARE`` on the corrected row):
  inserting or updating ``corrects_id`` requires the corrected report to exist; deleting a
  report (or changing its ``id``) that another corrects is refused.

SQLite has no partitioning: there the table stays as the model describes it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

PARENT = "activity_reports"
DEFAULT = f"{PARENT}_default"
#: Months created after the current one.
AHEAD = 3
#: Months created before the current one on a fresh table (late reports of past months).
BEHIND = 2
PARTITION_NAME = re.compile(rf"^{PARENT}_(\d{{4}})_(\d{{2}})$")
#: The foreign key the model declares and triggers replace on PostgreSQL.
SELF_FK = "fk_activity_reports_corrects_id_activity_reports"
#: Set (transaction-locally) while rows move out of the default partition.
MOVING = "kinerja.moving_reports"


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{PARENT}_{month:%Y_%m}"


def is_partitioned(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    partitioned = conn.scalar(
        text("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(:t)"), {"t": PARENT}
    )
    return bool(partitioned)


def month_partitions(conn: Connection) -> list[date]:
    """The months that have a partition, in order."""
    names = conn.scalars(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(:t)"
        ),
        {"t": PARENT},
    )
    months = []
    for name in names:
        m = PARTITION_NAME.match(name)
        if m:
            months.append(date(int(m[1]), int(m[2]), 1))
    return sorted(months)


def create_month(conn: Connection, month: date) -> int:
    """Create the partition of ``month``; returns how many rows moved from the default."""
    name, low, high = partition_name(month), month, add_months(month, 1)
    bounds = f"FOR VALUES FROM ('{low.isoformat()}') TO ('{high.isoformat()}')"
    waiting = conn.scalar(
        text(f"SELECT count(*) FROM {DEFAULT} WHERE report_date >= :low AND report_date < :high"),
        {"low": low, "high": high},
    )
    if not waiting:
        conn.execute(text(f"CREATE TABLE {name} PARTITION OF {PARENT} {bounds}"))
        return 0
    # Attaching a range the default partition holds rows of is refused: move them first.
    conn.execute(text(f"SELECT set_config('{MOVING}', 'on', true)"))
    conn.execute(
        text(f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    )
    conn.execute(
        text(
            f"WITH moved AS (DELETE FROM {DEFAULT} WHERE report_date >= :low "
            f"AND report_date < :high RETURNING *) INSERT INTO {name} SELECT * FROM moved"
        ),
        {"low": low, "high": high},
    )
    conn.execute(text(f"ALTER TABLE {PARENT} ATTACH PARTITION {name} {bounds}"))
    conn.execute(text(f"SELECT set_config('{MOVING}', 'off', true)"))
    return int(waiting)


def ensure_partitions(
    conn: Connection, *, today: date | None = None, ahead: int = AHEAD, since: date | None = None
) -> list[str]:
    """Create the missing month partitions from ``since`` (default: the first existing month
    partition, or ``BEHIND`` months before today's) through ``ahead`` months after today's.

    Returns the names created. No-op (empty list) when the table is not partitioned
    (SQLite, or PostgreSQL below migration 0010).
    """
    if not is_partitioned(conn):
        return []
    current = (today or date.today()).replace(day=1)
    have = set(month_partitions(conn))
    first = since.replace(day=1) if since else min(have, default=add_months(current, -BEHIND))
    last = add_months(current, ahead)
    created = []
    month = first
    while month <= last:
        if month not in have:
            create_month(conn, month)
            created.append(partition_name(month))
        month = add_months(month, 1)
    return created


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """Alembic comparison: the partitions are not tables of the model."""
    return not (type_ == "table" and name is not None and _is_partition(name))


def _is_partition(name: str) -> bool:
    return name == DEFAULT or PARTITION_NAME.match(name) is not None


def include_object_for(dialect: str) -> Any:
    """Alembic comparison: on PostgreSQL the self reference is enforced by triggers."""

    def include_object(
        obj: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any
    ) -> bool:
        return not (
            dialect == "postgresql" and type_ == "foreign_key_constraint" and name == SELF_FK
        )

    return include_object


# ---- DDL of migration 0010 (PostgreSQL), one statement each (asyncpg prepares them) ----

TRIGGERS = [
    f"""
CREATE FUNCTION activity_reports_corrects_exists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM {PARENT} WHERE id = NEW.corrects_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('activity report %s corrects %s, which does not exist',
                             NEW.id, NEW.corrects_id),
            CONSTRAINT = '{SELF_FK}';
    END IF;
    RETURN NULL;
END $$""",
    f"""
CREATE FUNCTION activity_reports_corrected_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{MOVING}', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM {PARENT} WHERE corrects_id = OLD.id)
       AND NOT EXISTS (SELECT 1 FROM {PARENT} WHERE id = OLD.id) THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('activity report %s is corrected by another report', OLD.id),
            CONSTRAINT = '{SELF_FK}';
    END IF;
    RETURN NULL;
END $$""",
    f"""
CREATE TRIGGER activity_reports_corrects_exists
    AFTER INSERT OR UPDATE OF corrects_id ON {PARENT}
    FOR EACH ROW WHEN (NEW.corrects_id IS NOT NULL)
    EXECUTE FUNCTION activity_reports_corrects_exists()""",
    f"""
CREATE TRIGGER activity_reports_corrected_kept
    AFTER DELETE OR UPDATE OF id ON {PARENT}
    FOR EACH ROW
    EXECUTE FUNCTION activity_reports_corrected_kept()""",
]

DROP_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS activity_reports_corrected_kept ON {PARENT}",
    f"DROP TRIGGER IF EXISTS activity_reports_corrects_exists ON {PARENT}",
    "DROP FUNCTION IF EXISTS activity_reports_corrected_kept()",
    "DROP FUNCTION IF EXISTS activity_reports_corrects_exists()",
]
