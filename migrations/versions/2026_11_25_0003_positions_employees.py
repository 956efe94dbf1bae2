"""Positions, employees, assignments (definitive and acting), transfers, appraiser overrides.

Also adds ``units.head_position_id`` and ``users.employee_id``. On SQLite these two columns are
added with an inline ``REFERENCES`` clause (``ALTER TABLE ... ADD COLUMN``) and dropped with
``ALTER TABLE ... DROP COLUMN``: rebuilding ``units``/``users`` in batch mode would have to
drop tables that other tables reference, which SQLite refuses while foreign keys are on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:24:54.320942
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employees",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("golongan", sa.String(length=8), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "leave",
                "transferred",
                "retired",
                name="employee_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_employees_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employees")),
        sa.UniqueConstraint("nip", name=op.f("uq_employees_nip")),
    )
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.create_index("ix_employees_org_name", ["organization_id", "name"], unique=False)

    op.create_table(
        "appraiser_overrides",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("appraiser_id", sa.Uuid(), nullable=True),
        sa.Column("appraiser_superior_id", sa.Uuid(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from",
            name=op.f("ck_appraiser_overrides_date_order"),
        ),
        sa.ForeignKeyConstraint(
            ["appraiser_id"],
            ["employees.id"],
            name=op.f("fk_appraiser_overrides_appraiser_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["appraiser_superior_id"],
            ["employees.id"],
            name=op.f("fk_appraiser_overrides_appraiser_superior_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_appraiser_overrides_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraiser_overrides_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraiser_overrides")),
    )
    with op.batch_alter_table("appraiser_overrides", schema=None) as batch_op:
        batch_op.create_index("ix_appraiser_overrides_appraiser", ["appraiser_id"], unique=False)
        batch_op.create_index(
            "ix_appraiser_overrides_employee", ["employee_id", "valid_from"], unique=False
        )
        batch_op.create_index(
            "ix_appraiser_overrides_superior", ["appraiser_superior_id"], unique=False
        )

    op.create_table(
        "employee_transfers",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("to_organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_employee_transfers_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_employee_transfers_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["to_organization_id"],
            ["organizations.id"],
            name=op.f("fk_employee_transfers_to_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee_transfers")),
    )
    with op.batch_alter_table("employee_transfers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_employee_transfers_employee", ["employee_id", "effective_date"], unique=False
        )

    op.create_table(
        "positions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("superior_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "struktural",
                "fungsional",
                "pelaksana",
                name="position_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum(
                "jpt_utama",
                "jpt_madya",
                "jpt_pratama",
                "administrator",
                "pengawas",
                name="structural_level",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "jenjang",
            sa.Enum(
                "ahli_pertama",
                "ahli_muda",
                "ahli_madya",
                "ahli_utama",
                "terampil",
                "mahir",
                "penyelia",
                name="functional_level",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("job_class", sa.SmallInteger(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("job_class BETWEEN 1 AND 17", name=op.f("ck_positions_job_class_range")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_positions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["superior_id"],
            ["positions.id"],
            name=op.f("fk_positions_superior_id_positions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_positions_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_positions_org_superior", ["organization_id", "superior_id"], unique=False
        )
        batch_op.create_index("ix_positions_org_unit", ["organization_id", "unit_id"], unique=False)

    op.create_table(
        "employee_positions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "definitive", "plt", "plh", name="assignment_kind", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decree_number", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_employee_positions_date_order"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_employee_positions_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_employee_positions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_employee_positions_position_id_positions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee_positions")),
    )
    with op.batch_alter_table("employee_positions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_employee_positions_employee", ["employee_id", "start_date"], unique=False
        )
        batch_op.create_index(
            "ix_employee_positions_org_kind", ["organization_id", "kind", "end_date"], unique=False
        )
        batch_op.create_index(
            "ix_employee_positions_position", ["position_id", "start_date"], unique=False
        )

    _add_reference("units", "head_position_id", "positions")
    _add_reference("users", "employee_id", "employees")
    op.create_index("ix_users_employee_id", "users", ["employee_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_users_employee_id", table_name="users")
    _drop_reference("users", "employee_id", "employees")
    _drop_reference("units", "head_position_id", "positions")
    with op.batch_alter_table("employee_positions", schema=None) as batch_op:
        batch_op.drop_index("ix_employee_positions_position")
        batch_op.drop_index("ix_employee_positions_org_kind")
        batch_op.drop_index("ix_employee_positions_employee")

    op.drop_table("employee_positions")
    if _is_sqlite():
        # SQLite's DROP TABLE deletes row by row first; ON DELETE RESTRICT on the self
        # reference would refuse that while positions still point at their superiors.
        op.execute("UPDATE positions SET superior_id = NULL")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index("ix_positions_org_unit")
        batch_op.drop_index("ix_positions_org_superior")

    op.drop_table("positions")
    with op.batch_alter_table("employee_transfers", schema=None) as batch_op:
        batch_op.drop_index("ix_employee_transfers_employee")

    op.drop_table("employee_transfers")
    with op.batch_alter_table("appraiser_overrides", schema=None) as batch_op:
        batch_op.drop_index("ix_appraiser_overrides_superior")
        batch_op.drop_index("ix_appraiser_overrides_employee")
        batch_op.drop_index("ix_appraiser_overrides_appraiser")

    op.drop_table("appraiser_overrides")
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_index("ix_employees_org_name")

    op.drop_table("employees")


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str) -> None:
    """Add a nullable UUID column referencing ``target.id`` (default ON DELETE NO ACTION)."""
    name = f"fk_{table}_{column}_{target}"
    if _is_sqlite():
        # Alembic would rebuild the table for the constraint; SQLite can add it inline.
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
