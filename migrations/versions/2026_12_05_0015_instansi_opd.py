"""The instansi as tenant: employees belong to an OPD, admins may be OPD admins, regional heads.

* ``employees.opd_id``: the OPD (top-level unit) an employee belongs to. Existing employees
  get the top-level ancestor of the unit of their latest position; those without a position
  get their organization's only top-level unit when it has just one (an organization that
  was one dinas becomes an instansi with that one OPD holding its units).
* ``employees.kind``: ``asn`` for everyone existing; ``regional_head`` for the Bupati/Wali
  Kota/minister at the top of the chain, who has no NIP (``nip`` becomes nullable, a CHECK
  keeps it required for ASN).
* ``users.opd_id``: set on an admin account it makes an OPD admin. Existing admins keep it
  null: they stay admins of their whole organization (instansi admins).

On SQLite ``employees`` is rebuilt (batch mode) for the nullable NIP and the CHECKs; the
migration environment turns foreign keys off around it and checks them before commit.
Downgrade: regional heads get a placeholder NIP (``R`` and 17 hex digits of their id) so
that no row is lost when the column becomes required again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("asn", "regional_head")


def upgrade() -> None:
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opd_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    *KINDS,
                    name="employee_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="asn",
                nullable=False,
            )
        )
        batch_op.alter_column("nip", existing_type=sa.String(length=18), nullable=True)
        batch_op.create_foreign_key("fk_employees_opd_id_units", "units", ["opd_id"], ["id"])
        batch_op.create_check_constraint("asn_has_nip", "kind <> 'asn' OR nip IS NOT NULL")
        batch_op.create_index("ix_employees_opd", ["opd_id"], unique=False)
    _add_reference("users", "opd_id", "units")
    _place_employees()


def downgrade() -> None:
    _drop_reference("users", "opd_id", "units")
    op.execute(
        "UPDATE employees SET nip = 'R' || substr(replace(CAST(id AS VARCHAR(36)), '-', ''), 1, 17)"
        " WHERE nip IS NULL"
    )
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_index("ix_employees_opd")
        batch_op.drop_constraint("asn_has_nip", type_="check")
        batch_op.drop_constraint("employee_kind", type_="check")
        batch_op.drop_constraint("fk_employees_opd_id_units", type_="foreignkey")
        batch_op.alter_column("nip", existing_type=sa.String(length=18), nullable=False)
        batch_op.drop_column("kind")
        batch_op.drop_column("opd_id")


def _place_employees() -> None:
    """Each employee's OPD from the unit tree (computed here: no dialect-specific SQL). The
    tables are typed so that ids read back as UUIDs on SQLite (CHAR(32)) as on PostgreSQL."""
    bind = op.get_bind()
    uid = sa.Uuid()
    units_t = sa.table(
        "units",
        sa.column("id", uid),
        sa.column("parent_id", uid),
        sa.column("organization_id", uid),
    )
    employees = sa.table(
        "employees",
        sa.column("id", uid),
        sa.column("organization_id", uid),
        sa.column("opd_id", uid),
    )
    positions = sa.table("positions", sa.column("id", uid), sa.column("unit_id", uid))
    assignments = sa.table(
        "employee_positions",
        sa.column("employee_id", uid),
        sa.column("position_id", uid),
        sa.column("start_date", sa.Date()),
        sa.column("created_at", sa.DateTime()),
    )
    units = {row.id: row for row in bind.execute(sa.select(units_t))}

    def top(unit_id: object) -> object:
        seen = set()
        while units[unit_id].parent_id is not None and unit_id not in seen:
            seen.add(unit_id)
            unit_id = units[unit_id].parent_id
        return unit_id

    tops_of_org: dict[object, list[object]] = {}
    for unit in units.values():
        if unit.parent_id is None:
            tops_of_org.setdefault(unit.organization_id, []).append(unit.id)
    latest = bind.execute(
        sa.select(assignments.c.employee_id, positions.c.unit_id)
        .join(positions, positions.c.id == assignments.c.position_id)
        .order_by(assignments.c.employee_id, assignments.c.start_date, assignments.c.created_at)
    )
    placed = {row.employee_id: top(row.unit_id) for row in latest}  # the latest wins
    rows = bind.execute(sa.select(employees.c.id, employees.c.organization_id)).all()
    for row in rows:
        tops = tops_of_org.get(row.organization_id, [])
        opd = placed.get(row.id, tops[0] if len(tops) == 1 else None)
        if opd is not None:
            bind.execute(employees.update().where(employees.c.id == row.id).values(opd_id=opd))


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str) -> None:
    """Add a nullable UUID column referencing ``target.id`` (as migration 0003 does)."""
    name = f"fk_{table}_{column}_{target}"
    if _is_sqlite():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} CHAR(32) "
            f"CONSTRAINT {name} REFERENCES {target} (id)"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Uuid(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"])


def _drop_reference(table: str, column: str, target: str) -> None:
    if _is_sqlite():
        # A rebuild, not ALTER TABLE … DROP COLUMN: once a later batch migration has rebuilt
        # the table (0021 rebuilds users and employees), the reference is a table-level
        # constraint, which SQLite's DROP COLUMN refuses.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
    else:
        op.drop_constraint(f"fk_{table}_{column}_{target}", table, type_="foreignkey")
        op.drop_column(table, column)
