"""Two-level cascade: strategies, goals and IKU of an OPD next to the instansi's own (RPJMD).

* ``organization_strategies.unit_id``, ``organization_goals.unit_id``,
  ``key_indicators.unit_id``: the OPD (top-level unit) whose Renstra the row belongs to;
  NULL for the instansi's own plan. Every existing row stays at the instansi level.
* ``organization_goals.serves_goal_id``: the instansi goal an OPD goal serves (a CHECK keeps
  it empty on instansi goals).
* Codes (and strategy start years) are unique per organization, level and year: the old
  unique constraints become two partial unique indexes each (``unit_id IS NULL`` and
  ``unit_id IS NOT NULL``), which SQLite and PostgreSQL both enforce.

On SQLite the three tables are rebuilt (batch mode); the migration environment turns foreign
keys off around it and checks them before commit.

Downgrade: the old constraints cannot hold two levels. An OPD goal or IKU whose code clashes
with another of the same organization and year gets its id's last eight hex digits appended
(``S1.1-9a513a3c``, with a counter should that clash too); OPD strategies whose start year clashes are deleted (vision and missions
of an OPD's Renstra, which the old schema cannot hold); links to served goals are dropped.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> the columns (after organization_id) that are unique per level
UNIQUE = {
    "organization_strategies": ("start_year",),
    "organization_goals": ("year", "code"),
    "key_indicators": ("year", "code"),
}


def _old_name(table: str) -> str:
    return f"uq_{table}_organization_id_{'_'.join(UNIQUE[table])}"


def _level_indexes(batch_op: BatchOperations, table: str) -> None:
    columns = UNIQUE[table]
    suffix = "_".join(columns)
    for level, where, extra in (
        ("instansi", "unit_id IS NULL", ()),
        ("opd", "unit_id IS NOT NULL", ("unit_id",)),
    ):
        batch_op.create_index(
            f"uq_{table}_{level}_{suffix}",
            ["organization_id", *extra, *columns],
            unique=True,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def upgrade() -> None:
    for table in UNIQUE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("unit_id", sa.Uuid(), nullable=True))
            if table == "organization_goals":
                batch_op.add_column(sa.Column("serves_goal_id", sa.Uuid(), nullable=True))
            batch_op.drop_constraint(_old_name(table), type_="unique")
            batch_op.create_foreign_key(
                f"fk_{table}_unit_id_units", "units", ["unit_id"], ["id"], ondelete="RESTRICT"
            )
            if table == "organization_goals":
                batch_op.create_foreign_key(
                    "fk_organization_goals_serves_goal_id_organization_goals",
                    "organization_goals",
                    ["serves_goal_id"],
                    ["id"],
                    ondelete="RESTRICT",
                )
                batch_op.create_check_constraint(
                    "instansi_serves", "unit_id IS NOT NULL OR serves_goal_id IS NULL"
                )
                batch_op.create_index(
                    "ix_organization_goals_serves", ["serves_goal_id"], unique=False
                )
            _level_indexes(batch_op, table)


def downgrade() -> None:
    _make_room()
    for table in reversed(list(UNIQUE)):
        suffix = "_".join(UNIQUE[table])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"uq_{table}_opd_{suffix}")
            batch_op.drop_index(f"uq_{table}_instansi_{suffix}")
            if table == "organization_goals":
                batch_op.drop_index("ix_organization_goals_serves")
                batch_op.drop_constraint("instansi_serves", type_="check")
                batch_op.drop_constraint(
                    "fk_organization_goals_serves_goal_id_organization_goals", type_="foreignkey"
                )
            batch_op.drop_constraint(f"fk_{table}_unit_id_units", type_="foreignkey")
            batch_op.create_unique_constraint(_old_name(table), ["organization_id", *UNIQUE[table]])
            if table == "organization_goals":
                batch_op.drop_column("serves_goal_id")
            batch_op.drop_column("unit_id")


def _make_room() -> None:
    """Rename or delete OPD rows that the single-level constraints would refuse."""
    bind = op.get_bind()
    for table in ("organization_goals", "key_indicators"):
        rows = list(
            bind.execute(
                sa.text(
                    f"SELECT id, organization_id, year, code, unit_id FROM {table}"  # noqa: S608
                    " ORDER BY unit_id IS NOT NULL, created_at, id"
                )
            )
        )
        taken: set[tuple[object, int, str]] = set()
        t = sa.table(table, sa.column("id"), sa.column("code"))
        for row in rows:
            key = (row.organization_id, row.year, row.code)
            if key in taken and row.unit_id is not None:
                # The id's last (random) hex digits: the first ones of a UUIDv7 are its
                # timestamp, shared by rows made within the same minute.
                tail = str(row.id).replace("-", "")[-8:]
                code, n = f"{row.code[:23]}-{tail}", 1
                while (row.organization_id, row.year, code) in taken:
                    code, n = f"{row.code[:20]}-{tail}-{n}", n + 1
                bind.execute(t.update().where(t.c.id == row.id).values(code=code))
                key = (row.organization_id, row.year, code)
            taken.add(key)
    rows = list(
        bind.execute(
            sa.text(
                "SELECT id, organization_id, start_year, unit_id FROM organization_strategies"
                " ORDER BY unit_id IS NOT NULL, created_at, id"
            )
        )
    )
    starts: set[tuple[object, int]] = set()
    strategies = sa.table("organization_strategies", sa.column("id"))
    for row in rows:
        key = (row.organization_id, row.start_year)
        if key in starts and row.unit_id is not None:
            bind.execute(strategies.delete().where(strategies.c.id == row.id))
        starts.add(key)
