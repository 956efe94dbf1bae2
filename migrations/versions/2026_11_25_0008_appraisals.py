"""Appraisals: periods with the organization result, appraisals with their snapshot, items per
RHK, peer input, events and rewards.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appraisal_periods",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "monthly",
                "quarterly",
                "semester",
                "annual",
                name="appraisal_period_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "open",
                "closed",
                name="appraisal_period_state",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "organization_result",
            sa.Enum(
                "istimewa",
                "baik",
                "butuh_perbaikan",
                "kurang",
                "sangat_kurang",
                name="organization_result",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("organization_result_note", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("closes_on >= opens_on", name=op.f("ck_appraisal_periods_window_order")),
        sa.CheckConstraint(
            "end_date >= start_date", name=op.f("ck_appraisal_periods_period_order")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraisal_periods_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_periods")),
        sa.UniqueConstraint("organization_id", "kind", "start_date", name="uq_appraisal_period"),
    )
    with op.batch_alter_table("appraisal_periods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_periods_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "appraisals",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("period_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("employee_name", sa.String(length=200), nullable=False),
        sa.Column("skp_id", sa.Uuid(), nullable=False),
        sa.Column("skp_revision", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=True),
        sa.Column("position_name", sa.String(length=200), nullable=True),
        sa.Column(
            "position_kind",
            sa.Enum(
                "struktural",
                "fungsional",
                "pelaksana",
                name="appraisal_position_kind",
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
                name="appraisal_jenjang",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=True),
        sa.Column("is_unit_head", sa.Boolean(), nullable=False),
        sa.Column("appraiser_id", sa.Uuid(), nullable=True),
        sa.Column("appraiser_name", sa.String(length=200), nullable=True),
        sa.Column("appraiser_superior_id", sa.Uuid(), nullable=True),
        sa.Column("appraiser_superior_name", sa.String(length=200), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "finalized",
                "objected",
                "final",
                name="appraisal_state",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "hasil_kerja",
            sa.Enum(
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
                name="appraisal_hasil_kerja",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "perilaku",
            sa.Enum(
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
                name="appraisal_perilaku",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "predikat",
            sa.Enum(
                "sangat_baik",
                "baik",
                "butuh_perbaikan",
                "kurang",
                "sangat_kurang",
                name="appraisal_predikat",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("behaviours", sa.JSON(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column(
            "average_achievement", sa.Numeric(precision=9, scale=2, asdecimal=False), nullable=True
        ),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rated_by_id", sa.Uuid(), nullable=True),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("objection_reason", sa.Text(), nullable=True),
        sa.Column("objected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "decision",
            sa.Enum("upheld", "changed", name="objection_outcome", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraiser_id"],
            ["employees.id"],
            name=op.f("fk_appraisals_appraiser_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["appraiser_superior_id"],
            ["employees.id"],
            name=op.f("fk_appraisals_appraiser_superior_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["employees.id"],
            name=op.f("fk_appraisals_decided_by_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_appraisals_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraisals_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["appraisal_periods.id"],
            name=op.f("fk_appraisals_period_id_appraisal_periods"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_appraisals_position_id_positions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["rated_by_id"],
            ["employees.id"],
            name=op.f("fk_appraisals_rated_by_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["skp_id"], ["skps.id"], name=op.f("fk_appraisals_skp_id_skps"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_appraisals_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisals")),
        sa.UniqueConstraint("period_id", "employee_id", name="uq_appraisal_employee"),
    )
    with op.batch_alter_table("appraisals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisals_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_appraisals_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appraisals_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisals_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "appraisal_events",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("appraisal_id", sa.Uuid(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "created",
                "self_assessed",
                "rated",
                "finalized",
                "acknowledged",
                "objected",
                "decided",
                "head_result",
                name="appraisal_action",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "hasil_kerja",
            sa.Enum(
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
                name="appraisal_event_hasil",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "perilaku",
            sa.Enum(
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
                name="appraisal_event_perilaku",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "predikat",
            sa.Enum(
                "sangat_baik",
                "baik",
                "butuh_perbaikan",
                "kurang",
                "sangat_kurang",
                name="appraisal_event_predikat",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_appraisal_events_actor_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisals.id"],
            name=op.f("fk_appraisal_events_appraisal_id_appraisals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraisal_events_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_events")),
    )
    with op.batch_alter_table("appraisal_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_events_appraisal_id"), ["appraisal_id"], unique=False
        )

    op.create_table(
        "appraisal_items",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("appraisal_id", sa.Uuid(), nullable=False),
        sa.Column("work_result_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("statement", sa.String(length=500), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("realization", sa.JSON(), nullable=False),
        sa.Column("self_note", sa.Text(), nullable=True),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("self_assessed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "rating",
            sa.Enum(
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
                name="appraisal_item_rating",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisals.id"],
            name=op.f("fk_appraisal_items_appraisal_id_appraisals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraisal_items_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_result_id"],
            ["skp_work_results.id"],
            name=op.f("fk_appraisal_items_work_result_id_skp_work_results"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_items")),
        sa.UniqueConstraint("appraisal_id", "work_result_id", name="uq_appraisal_item"),
    )
    with op.batch_alter_table("appraisal_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_items_appraisal_id"), ["appraisal_id"], unique=False
        )

    op.create_table(
        "appraisal_peer_inputs",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("appraisal_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_name", sa.String(length=200), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisals.id"],
            name=op.f("fk_appraisal_peer_inputs_appraisal_id_appraisals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraisal_peer_inputs_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["employees.id"],
            name=op.f("fk_appraisal_peer_inputs_requested_by_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["employees.id"],
            name=op.f("fk_appraisal_peer_inputs_reviewer_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_peer_inputs")),
        sa.UniqueConstraint("appraisal_id", "reviewer_id", name="uq_appraisal_peer"),
    )
    with op.batch_alter_table("appraisal_peer_inputs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_peer_inputs_appraisal_id"), ["appraisal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_appraisal_peer_inputs_reviewer_id"), ["reviewer_id"], unique=False
        )

    op.create_table(
        "appraisal_rewards",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("period_id", sa.Uuid(), nullable=False),
        sa.Column("appraisal_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisals.id"],
            name=op.f("fk_appraisal_rewards_appraisal_id_appraisals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_appraisal_rewards_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["appraisal_periods.id"],
            name=op.f("fk_appraisal_rewards_period_id_appraisal_periods"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_rewards")),
    )
    with op.batch_alter_table("appraisal_rewards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_rewards_organization_id"), ["organization_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("appraisal_rewards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_rewards_organization_id"))

    op.drop_table("appraisal_rewards")
    with op.batch_alter_table("appraisal_peer_inputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_peer_inputs_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_appraisal_peer_inputs_appraisal_id"))

    op.drop_table("appraisal_peer_inputs")
    with op.batch_alter_table("appraisal_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_items_appraisal_id"))

    op.drop_table("appraisal_items")
    with op.batch_alter_table("appraisal_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_events_appraisal_id"))

    op.drop_table("appraisal_events")
    with op.batch_alter_table("appraisals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisals_unit_id"))
        batch_op.drop_index(batch_op.f("ix_appraisals_period_id"))
        batch_op.drop_index(batch_op.f("ix_appraisals_organization_id"))
        batch_op.drop_index(batch_op.f("ix_appraisals_employee_id"))

    op.drop_table("appraisals")
    with op.batch_alter_table("appraisal_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_periods_organization_id"))

    op.drop_table("appraisal_periods")
