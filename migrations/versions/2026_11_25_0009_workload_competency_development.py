"""Needs analysis, phase 2: workload analysis (ABK) tasks, the competency catalog with
position standards and employee assessments, and development plans.

``need_links`` gains the ``development_plan`` kind: a nullable foreign key to
``development_plans`` (CASCADE: the plan is what covers the need), and both its CHECKs (the
kind's allowed values and "exactly one target") are widened; going down drops the column and
restores the narrower CHECKs, deleting development-plan links first.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 14:45:40.433797
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KIND_OLD = "kind IN ('goal', 'key_indicator')"
_KIND_NEW = "kind IN ('goal', 'key_indicator', 'development_plan')"
_ONE_TARGET_OLD = (
    "(kind = 'goal' AND goal_id IS NOT NULL AND key_indicator_id IS NULL)"
    " OR (kind = 'key_indicator' AND key_indicator_id IS NOT NULL AND goal_id IS NULL)"
)
_ONE_TARGET_NEW = (
    "(kind = 'goal' AND goal_id IS NOT NULL AND key_indicator_id IS NULL"
    " AND development_plan_id IS NULL)"
    " OR (kind = 'key_indicator' AND key_indicator_id IS NOT NULL AND goal_id IS NULL"
    " AND development_plan_id IS NULL)"
    " OR (kind = 'development_plan' AND development_plan_id IS NOT NULL AND goal_id IS NULL"
    " AND key_indicator_id IS NULL)"
)


def upgrade() -> None:
    op.create_table(
        "competencies",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "teknis",
                "manajerial",
                "sosial_kultural",
                name="competency_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_competencies_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competencies")),
        sa.UniqueConstraint(
            "organization_id", "code", name=op.f("uq_competencies_organization_id_code")
        ),
    )
    with op.batch_alter_table("competencies", schema=None) as batch_op:
        batch_op.create_index("ix_competencies_org_kind", ["organization_id", "kind"], unique=False)

    op.create_table(
        "competency_assessments",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "assessment_center",
                "self",
                "supervisor",
                "other",
                name="assessment_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level BETWEEN 1 AND 5", name=op.f("ck_competency_assessments_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competencies.id"],
            name=op.f("fk_competency_assessments_competency_id_competencies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_competency_assessments_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_competency_assessments_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_competency_assessments_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_assessments")),
    )
    with op.batch_alter_table("competency_assessments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_competency_assessments_competency", ["competency_id"], unique=False
        )
        batch_op.create_index(
            "ix_competency_assessments_employee",
            ["employee_id", "competency_id", "assessed_on"],
            unique=False,
        )

    op.create_table(
        "competency_standards",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("required_level", sa.SmallInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "required_level BETWEEN 1 AND 5", name=op.f("ck_competency_standards_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competencies.id"],
            name=op.f("fk_competency_standards_competency_id_competencies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_competency_standards_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_competency_standards_position_id_positions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_standards")),
        sa.UniqueConstraint(
            "organization_id",
            "position_id",
            "competency_id",
            name=op.f("uq_competency_standards_organization_id_position_id_competency_id"),
        ),
    )
    with op.batch_alter_table("competency_standards", schema=None) as batch_op:
        batch_op.create_index("ix_competency_standards_competency", ["competency_id"], unique=False)

    op.create_table(
        "development_plans",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "training",
                "coaching",
                "mentoring",
                "e_learning",
                "workshop",
                name="development_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=True),
        sa.Column("need_id", sa.Uuid(), nullable=True),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("learning_hours", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "ongoing",
                "done",
                "cancelled",
                name="plan_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("evidence", sa.String(length=1000), nullable=True),
        sa.Column("proposed_by", sa.Uuid(), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'done' OR evidence IS NOT NULL",
            name=op.f("ck_development_plans_done_has_evidence"),
        ),
        sa.CheckConstraint("budget >= 0", name=op.f("ck_development_plans_budget_not_negative")),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_development_plans_date_order"),
        ),
        sa.CheckConstraint(
            "learning_hours >= 0", name=op.f("ck_development_plans_hours_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
            name=op.f("fk_development_plans_approved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competencies.id"],
            name=op.f("fk_development_plans_competency_id_competencies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_development_plans_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["needs.id"],
            name=op.f("fk_development_plans_need_id_needs"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_development_plans_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"],
            ["users.id"],
            name=op.f("fk_development_plans_proposed_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_plans")),
    )
    with op.batch_alter_table("development_plans", schema=None) as batch_op:
        batch_op.create_index("ix_development_plans_competency", ["competency_id"], unique=False)
        batch_op.create_index(
            "ix_development_plans_employee_year", ["employee_id", "year"], unique=False
        )
        batch_op.create_index("ix_development_plans_need", ["need_id"], unique=False)
        batch_op.create_index(
            "ix_development_plans_org_year", ["organization_id", "year", "status"], unique=False
        )

    op.create_table(
        "workload_tasks",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("output_unit", sa.String(length=64), nullable=False),
        sa.Column("volume", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("norm_minutes", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("norm_minutes > 0", name=op.f("ck_workload_tasks_norm_positive")),
        sa.CheckConstraint("volume >= 0", name=op.f("ck_workload_tasks_volume_not_negative")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_workload_tasks_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_workload_tasks_position_id_positions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workload_tasks")),
    )
    with op.batch_alter_table("workload_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_workload_tasks_org_year", ["organization_id", "year"], unique=False
        )
        batch_op.create_index(
            "ix_workload_tasks_position_year", ["position_id", "year"], unique=False
        )

    with op.batch_alter_table("need_links", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_need_links_one_target"), type_="check")
        batch_op.drop_constraint(op.f("ck_need_links_need_link_kind"), type_="check")
        batch_op.add_column(sa.Column("development_plan_id", sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_need_links_organization_id_development_plan_id"),
            ["organization_id", "development_plan_id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_need_links_development_plan_id_development_plans"),
            "development_plans",
            ["development_plan_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(op.f("ck_need_links_need_link_kind"), _KIND_NEW)
        batch_op.create_check_constraint(op.f("ck_need_links_one_target"), _ONE_TARGET_NEW)


def downgrade() -> None:
    op.execute("DELETE FROM need_links WHERE kind = 'development_plan'")
    with op.batch_alter_table("need_links", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_need_links_one_target"), type_="check")
        batch_op.drop_constraint(op.f("ck_need_links_need_link_kind"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_need_links_development_plan_id_development_plans"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_need_links_organization_id_development_plan_id"), type_="unique"
        )
        batch_op.drop_column("development_plan_id")
        batch_op.create_check_constraint(op.f("ck_need_links_need_link_kind"), _KIND_OLD)
        batch_op.create_check_constraint(op.f("ck_need_links_one_target"), _ONE_TARGET_OLD)

    with op.batch_alter_table("workload_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_workload_tasks_position_year")
        batch_op.drop_index("ix_workload_tasks_org_year")

    op.drop_table("workload_tasks")
    with op.batch_alter_table("development_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_development_plans_org_year")
        batch_op.drop_index("ix_development_plans_need")
        batch_op.drop_index("ix_development_plans_employee_year")
        batch_op.drop_index("ix_development_plans_competency")

    op.drop_table("development_plans")
    with op.batch_alter_table("competency_standards", schema=None) as batch_op:
        batch_op.drop_index("ix_competency_standards_competency")

    op.drop_table("competency_standards")
    with op.batch_alter_table("competency_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_competency_assessments_employee")
        batch_op.drop_index("ix_competency_assessments_competency")

    op.drop_table("competency_assessments")
    with op.batch_alter_table("competencies", schema=None) as batch_op:
        batch_op.drop_index("ix_competencies_org_kind")

    op.drop_table("competencies")
