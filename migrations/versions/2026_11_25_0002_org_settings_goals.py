"""Vision and mission, strategic goals (tujuan/sasaran) and key performance indicators (IKU).

Organization settings need no schema change: they live in the existing
``organizations.settings`` JSON column, which stores only the differences from the defaults.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:26:53.652286
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organization_goals",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("tujuan", "sasaran", name="goal_kind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("statement", sa.String(length=500), nullable=False),
        sa.Column("mission_number", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_goals_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organization_goals.id"],
            name=op.f("fk_organization_goals_parent_id_organization_goals"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_goals")),
        sa.UniqueConstraint(
            "organization_id",
            "year",
            "code",
            name=op.f("uq_organization_goals_organization_id_year_code"),
        ),
    )
    with op.batch_alter_table("organization_goals", schema=None) as batch_op:
        batch_op.create_index("ix_organization_goals_parent", ["parent_id"], unique=False)

    op.create_table(
        "organization_strategies",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("missions", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_year >= start_year AND end_year - start_year <= 4",
            name=op.f("ck_organization_strategies_period"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_strategies_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_strategies")),
        sa.UniqueConstraint(
            "organization_id",
            "start_year",
            name=op.f("uq_organization_strategies_organization_id_start_year"),
        ),
    )
    op.create_table(
        "key_indicators",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("formula", sa.Text(), nullable=True),
        sa.Column(
            "aspect",
            sa.Enum(
                "kuantitas",
                "kualitas",
                "waktu",
                "biaya",
                name="indicator_aspect",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "higher_is_better",
                "lower_is_better",
                name="indicator_direction",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "target_value", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True
        ),
        sa.Column("target_min", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True),
        sa.Column("target_max", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True),
        sa.Column("target_text", sa.String(length=500), nullable=True),
        sa.Column("baseline", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True),
        sa.Column("allow_over_100", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["organization_goals.id"],
            name=op.f("fk_key_indicators_goal_id_organization_goals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_key_indicators_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_indicators")),
        sa.UniqueConstraint(
            "organization_id",
            "year",
            "code",
            name=op.f("uq_key_indicators_organization_id_year_code"),
        ),
    )
    with op.batch_alter_table("key_indicators", schema=None) as batch_op:
        batch_op.create_index("ix_key_indicators_goal", ["goal_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("key_indicators", schema=None) as batch_op:
        batch_op.drop_index("ix_key_indicators_goal")

    op.drop_table("key_indicators")
    op.drop_table("organization_strategies")
    with op.batch_alter_table("organization_goals", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_goals_parent")

    # SQLite checks the self-reference row by row while dropping: break it first.
    op.execute("UPDATE organization_goals SET parent_id = NULL")
    op.drop_table("organization_goals")
