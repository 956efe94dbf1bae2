"""Performance plans (SKP): work results (RHK) cascading from the superior's RHK or the
organization's goals/IKU, their indicators, workflow events, approved versions, realizations
per period and their evidence.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 14:31:13.350357
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "skps",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "returned",
                "revising",
                "locked",
                name="skp_state",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "approach",
            sa.Enum("kuantitatif", "kualitatif", name="skp_approach", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("resource_support", sa.Text(), nullable=True),
        sa.Column("accountability_scheme", sa.Text(), nullable=True),
        sa.Column("consequences", sa.Text(), nullable=True),
        sa.Column("position_id", sa.Uuid(), nullable=True),
        sa.Column("position_name", sa.String(length=200), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=True),
        sa.Column("appraiser_id", sa.Uuid(), nullable=True),
        sa.Column("appraiser_name", sa.String(length=200), nullable=True),
        sa.Column("appraiser_position_name", sa.String(length=200), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_skps_period_order")),
        sa.ForeignKeyConstraint(
            ["appraiser_id"],
            ["employees.id"],
            name=op.f("fk_skps_appraiser_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_skps_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skps_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_skps_position_id_positions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_skps_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skps")),
        sa.UniqueConstraint(
            "organization_id",
            "employee_id",
            "year",
            name=op.f("uq_skps_organization_id_employee_id_year"),
        ),
    )
    with op.batch_alter_table("skps", schema=None) as batch_op:
        batch_op.create_index("ix_skps_employee", ["employee_id", "year"], unique=False)
        batch_op.create_index(
            "ix_skps_org_year_state", ["organization_id", "year", "state"], unique=False
        )

    op.create_table(
        "skp_events",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("skp_id", sa.Uuid(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "submit",
                "approve",
                "return",
                "request_revision",
                "lock",
                "unlock",
                name="skp_action",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_state",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "returned",
                "revising",
                "locked",
                name="skp_from_state",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_state",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "returned",
                "revising",
                "locked",
                name="skp_to_state",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "actor",
            sa.Enum("owner", "appraiser", "admin", name="skp_actor", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_employee_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_employee_id"],
            ["employees.id"],
            name=op.f("fk_skp_events_actor_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_skp_events_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skp_events_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["skp_id"], ["skps.id"], name=op.f("fk_skp_events_skp_id_skps"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_events")),
    )
    with op.batch_alter_table("skp_events", schema=None) as batch_op:
        batch_op.create_index("ix_skp_events_skp", ["skp_id", "at"], unique=False)

    op.create_table(
        "skp_versions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("skp_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by_id", sa.Uuid(), nullable=True),
        sa.Column("approved_by_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["employees.id"],
            name=op.f("fk_skp_versions_approved_by_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skp_versions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["skp_id"], ["skps.id"], name=op.f("fk_skp_versions_skp_id_skps"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_versions")),
        sa.UniqueConstraint(
            "organization_id",
            "skp_id",
            "revision",
            name=op.f("uq_skp_versions_organization_id_skp_id_revision"),
        ),
    )
    op.create_table(
        "skp_work_results",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("skp_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("utama", "tambahan", name="work_result_kind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("statement", sa.String(length=500), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("goal_id", sa.Uuid(), nullable=True),
        sa.Column("key_indicator_id", sa.Uuid(), nullable=True),
        sa.Column(
            "perspective",
            sa.Enum(
                "penerima_layanan",
                "penguatan_internal",
                "proses_bisnis",
                "anggaran",
                name="rhk_perspective",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("collaboration_note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN goal_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN key_indicator_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name=op.f("ck_skp_work_results_one_reference"),
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["organization_goals.id"],
            name=op.f("fk_skp_work_results_goal_id_organization_goals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["key_indicator_id"],
            ["key_indicators.id"],
            name=op.f("fk_skp_work_results_key_indicator_id_key_indicators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skp_work_results_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["skp_work_results.id"],
            name=op.f("fk_skp_work_results_parent_id_skp_work_results"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["skp_id"],
            ["skps.id"],
            name=op.f("fk_skp_work_results_skp_id_skps"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_work_results")),
    )
    with op.batch_alter_table("skp_work_results", schema=None) as batch_op:
        batch_op.create_index("ix_skp_work_results_goal", ["goal_id"], unique=False)
        batch_op.create_index(
            "ix_skp_work_results_key_indicator", ["key_indicator_id"], unique=False
        )
        batch_op.create_index("ix_skp_work_results_parent", ["parent_id"], unique=False)
        batch_op.create_index("ix_skp_work_results_skp", ["skp_id", "sort_order"], unique=False)

    op.create_table(
        "skp_indicators",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("skp_id", sa.Uuid(), nullable=False),
        sa.Column("work_result_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
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
        sa.Column("allow_over_100", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skp_indicators_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["skp_id"], ["skps.id"], name=op.f("fk_skp_indicators_skp_id_skps"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["work_result_id"],
            ["skp_work_results.id"],
            name=op.f("fk_skp_indicators_work_result_id_skp_work_results"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_indicators")),
    )
    with op.batch_alter_table("skp_indicators", schema=None) as batch_op:
        batch_op.create_index("ix_skp_indicators_skp", ["skp_id"], unique=False)
        batch_op.create_index(
            "ix_skp_indicators_work_result", ["work_result_id", "sort_order"], unique=False
        )

    op.create_table(
        "skp_realizations",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("skp_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=True),
        sa.Column(
            "rating",
            sa.Enum(
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
                name="realization_rating",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("self_assessment", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["skp_indicators.id"],
            name=op.f("fk_skp_realizations_indicator_id_skp_indicators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skp_realizations_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["skp_id"],
            ["skps.id"],
            name=op.f("fk_skp_realizations_skp_id_skps"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_realizations")),
        sa.UniqueConstraint(
            "organization_id",
            "indicator_id",
            "period",
            name=op.f("uq_skp_realizations_organization_id_indicator_id_period"),
        ),
    )
    with op.batch_alter_table("skp_realizations", schema=None) as batch_op:
        batch_op.create_index("ix_skp_realizations_skp", ["skp_id", "period"], unique=False)

    op.create_table(
        "skp_evidence",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("realization_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("link", "file", name="evidence_kind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("stored_name", sa.String(length=64), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'link' AND url IS NOT NULL AND stored_name IS NULL) OR (kind = 'file' AND url IS NULL AND stored_name IS NOT NULL)",
            name=op.f("ck_skp_evidence_link_or_file"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_skp_evidence_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["realization_id"],
            ["skp_realizations.id"],
            name=op.f("fk_skp_evidence_realization_id_skp_realizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_skp_evidence_uploaded_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_evidence")),
    )
    with op.batch_alter_table("skp_evidence", schema=None) as batch_op:
        batch_op.create_index("ix_skp_evidence_realization", ["realization_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("skp_evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_skp_evidence_realization")

    op.drop_table("skp_evidence")
    with op.batch_alter_table("skp_realizations", schema=None) as batch_op:
        batch_op.drop_index("ix_skp_realizations_skp")

    op.drop_table("skp_realizations")
    with op.batch_alter_table("skp_indicators", schema=None) as batch_op:
        batch_op.drop_index("ix_skp_indicators_work_result")
        batch_op.drop_index("ix_skp_indicators_skp")

    op.drop_table("skp_indicators")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's DROP TABLE deletes row by row first; ON DELETE RESTRICT on the self
        # reference would refuse that while RHK still point at their superiors' RHK.
        op.execute("UPDATE skp_work_results SET parent_id = NULL")
    with op.batch_alter_table("skp_work_results", schema=None) as batch_op:
        batch_op.drop_index("ix_skp_work_results_skp")
        batch_op.drop_index("ix_skp_work_results_parent")
        batch_op.drop_index("ix_skp_work_results_key_indicator")
        batch_op.drop_index("ix_skp_work_results_goal")

    op.drop_table("skp_work_results")
    op.drop_table("skp_versions")
    with op.batch_alter_table("skp_events", schema=None) as batch_op:
        batch_op.drop_index("ix_skp_events_skp")

    op.drop_table("skp_events")
    with op.batch_alter_table("skps", schema=None) as batch_op:
        batch_op.drop_index("ix_skps_org_year_state")
        batch_op.drop_index("ix_skps_employee")

    op.drop_table("skps")
