"""PostgreSQL: partition ``activity_reports`` by month of ``report_date``.

The table is rebuilt as ``PARTITION BY RANGE (report_date)`` with one partition per month
from the first month with reports (or two months before the current one) through three
months after the current one, plus a DEFAULT partition so that no insert ever fails; every
row is copied. Later months are created by ``kinerja db partitions`` (see
:mod:`kinerja_api.activities.partitions`, which also holds the DDL of the triggers).

Differences forced by PostgreSQL's partitioning rules: the primary key is
``(id, report_date)`` (a unique constraint must include the partition key), and the self
reference ``corrects_id`` is enforced by two triggers instead of a foreign key (which would
need a unique constraint on ``id`` alone). No other table references ``activity_reports``.
The indexes, CHECKs and the other foreign keys keep their names.

SQLite has no table partitioning: there this migration does nothing (the table stays exactly
as the model declares it). Going down (PostgreSQL) rebuilds the plain table with its primary
key on ``id`` and the self-referencing foreign key, copying every row back.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 17:10:00.000000
"""

from collections.abc import Sequence
from datetime import date

from alembic import op

from kinerja_api.activities import partitions

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "activity_reports"
OLD = "activity_reports_unpartitioned"
INDEXES = {
    "ix_activity_reports_corrects": ["corrects_id"],
    "ix_activity_reports_employee_date": ["employee_id", "report_date"],
    "ix_activity_reports_org_status_date": ["organization_id", "status", "report_date"],
    "ix_activity_reports_work_result": ["work_result_id", "report_date"],
}
FOREIGN_KEYS = {  # name: (column, referenced table)
    "fk_activity_reports_organization_id_organizations": ("organization_id", "organizations"),
    "fk_activity_reports_employee_id_employees": ("employee_id", "employees"),
    "fk_activity_reports_reviewed_by_id_employees": ("reviewed_by_id", "employees"),
    "fk_activity_reports_work_result_id_skp_work_results": ("work_result_id", "skp_work_results"),
}


def _set_aside(old_name: str) -> None:
    """Rename the current table out of the way, freeing its index and primary key names."""
    op.execute(f"ALTER TABLE {TABLE} RENAME TO {old_name}")
    op.execute(f"ALTER TABLE {old_name} RENAME CONSTRAINT pk_{TABLE} TO pk_{old_name}")
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")


def _finish(old_name: str) -> None:
    op.execute(f"INSERT INTO {TABLE} SELECT * FROM {old_name}")
    op.execute(f"DROP TABLE {old_name}")
    for name, columns in INDEXES.items():
        op.create_index(name, TABLE, columns)


def _foreign_keys(*, self_reference: bool) -> None:
    for name, (column, target) in FOREIGN_KEYS.items():
        op.create_foreign_key(name, TABLE, target, [column], ["id"], ondelete="RESTRICT")
    if self_reference:
        op.create_foreign_key(
            partitions.SELF_FK, TABLE, TABLE, ["corrects_id"], ["id"], ondelete="RESTRICT"
        )


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    _set_aside(OLD)
    op.execute(
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        "PARTITION BY RANGE (report_date)"
    )
    op.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT pk_{TABLE} PRIMARY KEY (id, report_date)")
    _foreign_keys(self_reference=False)
    op.execute(f"CREATE TABLE {partitions.DEFAULT} PARTITION OF {TABLE} DEFAULT")
    first: date | None = conn.exec_driver_sql(f"SELECT min(report_date) FROM {OLD}").scalar()
    last: date | None = conn.exec_driver_sql(f"SELECT max(report_date) FROM {OLD}").scalar()
    today = date.today()
    since = partitions.add_months(today.replace(day=1), -partitions.BEHIND)
    if first is not None:
        since = min(since, first.replace(day=1))
    ahead = partitions.AHEAD
    if last is not None and last > today:
        months_late = (last.year - today.year) * 12 + last.month - today.month
        ahead = max(ahead, months_late)
    partitions.ensure_partitions(conn, today=today, since=since, ahead=ahead)
    _finish(OLD)
    for statement in partitions.TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    partitioned = "activity_reports_partitioned"
    for statement in partitions.DROP_TRIGGERS:
        op.execute(statement)
    _set_aside(partitioned)
    op.execute(
        f"CREATE TABLE {TABLE} (LIKE {partitioned} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    op.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT pk_{TABLE} PRIMARY KEY (id)")
    _foreign_keys(self_reference=True)
    _finish(partitioned)  # dropping the partitioned table drops its partitions
