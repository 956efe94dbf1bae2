"""Collaboration programs: ``programs`` (lead organization and unit, schedule, budget in
IDR, status, progress), the goals they serve, milestones, partners (organization and
optionally unit, with their answer), members with roles and the RHK that refer to a
program (``program_contributions``). Going down drops the six tables.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 14:05:47.117494
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("lead_unit_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("budget_planned", sa.BigInteger(), nullable=False),
        sa.Column("budget_used", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "active",
                "completed",
                "cancelled",
                name="program_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("progress_percent", sa.SmallInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("currency = 'IDR'", name=op.f("ck_programs_currency_idr")),
        sa.CheckConstraint(
            "budget_planned >= 0 AND budget_used >= 0", name=op.f("ck_programs_budget_not_negative")
        ),
        sa.CheckConstraint("end_date > start_date", name=op.f("ck_programs_date_order")),
        sa.CheckConstraint(
            "progress_percent BETWEEN 0 AND 100", name=op.f("ck_programs_progress_range")
        ),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"],
            ["units.id"],
            name=op.f("fk_programs_lead_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_programs_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_programs_org_start", ["organization_id", "start_date"], unique=False
        )

    op.create_table(
        "program_goals",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["organization_goals.id"],
            name=op.f("fk_program_goals_goal_id_organization_goals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_goals_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_goals_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_goals")),
        sa.UniqueConstraint(
            "organization_id",
            "program_id",
            "goal_id",
            name=op.f("uq_program_goals_organization_id_program_id_goal_id"),
        ),
    )
    with op.batch_alter_table("program_goals", schema=None) as batch_op:
        batch_op.create_index("ix_program_goals_goal", ["goal_id"], unique=False)

    op.create_table(
        "program_milestones",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("planned_date", sa.Date(), nullable=False),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "done",
                name="milestone_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("progress_percent", sa.SmallInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'done' OR actual_date IS NOT NULL",
            name=op.f("ck_program_milestones_done_has_date"),
        ),
        sa.CheckConstraint(
            "progress_percent BETWEEN 0 AND 100", name=op.f("ck_program_milestones_progress_range")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_milestones_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_milestones_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_milestones")),
    )
    with op.batch_alter_table("program_milestones", schema=None) as batch_op:
        batch_op.create_index(
            "ix_program_milestones_program", ["program_id", "planned_date"], unique=False
        )

    op.create_table(
        "program_partners",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "lead",
                "partner",
                name="program_partner_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "invited",
                "accepted",
                "declined",
                "removed",
                name="program_partner_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'declined' OR reason IS NOT NULL",
            name=op.f("ck_program_partners_declined_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_partners_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_partners_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_program_partners_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_partners")),
        sa.UniqueConstraint(
            "organization_id",
            "program_id",
            "unit_id",
            name=op.f("uq_program_partners_organization_id_program_id_unit_id"),
        ),
    )
    with op.batch_alter_table("program_partners", schema=None) as batch_op:
        batch_op.create_index("ix_program_partners_program", ["program_id"], unique=False)

    op.create_table(
        "program_members",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "coordinator",
                "member",
                name="program_member_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_program_members_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_members_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["program_partners.id"],
            name=op.f("fk_program_members_partner_id_program_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_members_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_members")),
        sa.UniqueConstraint(
            "organization_id",
            "program_id",
            "employee_id",
            name=op.f("uq_program_members_organization_id_program_id_employee_id"),
        ),
    )
    with op.batch_alter_table("program_members", schema=None) as batch_op:
        batch_op.create_index("ix_program_members_employee", ["employee_id"], unique=False)
        batch_op.create_index("ix_program_members_partner", ["partner_id"], unique=False)

    op.create_table(
        "program_contributions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("work_result_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_program_contributions_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_program_contributions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["program_partners.id"],
            name=op.f("fk_program_contributions_partner_id_program_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_contributions_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["work_result_id"],
            ["skp_work_results.id"],
            name=op.f("fk_program_contributions_work_result_id_skp_work_results"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_contributions")),
        sa.UniqueConstraint(
            "organization_id",
            "program_id",
            "work_result_id",
            name=op.f("uq_program_contributions_organization_id_program_id_work_result_id"),
        ),
    )
    with op.batch_alter_table("program_contributions", schema=None) as batch_op:
        batch_op.create_index("ix_program_contributions_employee", ["employee_id"], unique=False)
        batch_op.create_index(
            "ix_program_contributions_work_result", ["work_result_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("program_contributions", schema=None) as batch_op:
        batch_op.drop_index("ix_program_contributions_work_result")
        batch_op.drop_index("ix_program_contributions_employee")

    op.drop_table("program_contributions")
    with op.batch_alter_table("program_members", schema=None) as batch_op:
        batch_op.drop_index("ix_program_members_partner")
        batch_op.drop_index("ix_program_members_employee")

    op.drop_table("program_members")
    with op.batch_alter_table("program_partners", schema=None) as batch_op:
        batch_op.drop_index("ix_program_partners_program")

    op.drop_table("program_partners")
    with op.batch_alter_table("program_milestones", schema=None) as batch_op:
        batch_op.drop_index("ix_program_milestones_program")

    op.drop_table("program_milestones")
    with op.batch_alter_table("program_goals", schema=None) as batch_op:
        batch_op.drop_index("ix_program_goals_goal")

    op.drop_table("program_goals")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index("ix_programs_org_start")

    op.drop_table("programs")
