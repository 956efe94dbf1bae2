"""Needs analysis, phase 1: stakeholder surveys (questions, anonymous responses and answers)
and the needs register (needs and their links to goals and IKU).

Enum columns carry real CHECK constraints (``create_constraint=True``). ``need_links`` has one
nullable foreign key per link kind and a CHECK tying ``kind`` to exactly one of them; later
phases add a column per kind (RHK, development plan) and widen that CHECK.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:53:28.374801
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "surveys",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "closed",
                name="survey_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("public_token", sa.String(length=64), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'draft') = (public_token IS NULL AND published_at IS NULL)",
            name=op.f("ck_surveys_published_has_token"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_surveys_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint(
            "organization_id", "public_token", name=op.f("uq_surveys_organization_id_public_token")
        ),
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index("ix_surveys_public_token", ["public_token"], unique=False)

    op.create_table(
        "needs",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "survey",
                "competency_gap",
                "appraisal_result",
                "workload_shortage",
                "stakeholder_discussion",
                name="need_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "priority",
            sa.Enum(
                "high",
                "medium",
                "low",
                name="need_priority",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "planned",
                "in_progress",
                "addressed",
                "dropped",
                name="need_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("source_survey_id", sa.Uuid(), nullable=True),
        sa.Column("source_question_keys", sa.JSON(), nullable=False),
        sa.Column("source_note", sa.String(length=1000), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=1000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status IN ('addressed', 'dropped')) = (closed_at IS NOT NULL)",
            name=op.f("ck_needs_closed"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_needs_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_survey_id"],
            ["surveys.id"],
            name=op.f("fk_needs_source_survey_id_surveys"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_needs_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
    )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_needs_org_year", ["organization_id", "year", "status"], unique=False
        )
        batch_op.create_index("ix_needs_source_survey", ["source_survey_id"], unique=False)
        batch_op.create_index("ix_needs_unit", ["unit_id"], unique=False)

    op.create_table(
        "survey_questions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "scale",
                "single_choice",
                "multiple_choice",
                "text",
                name="question_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("max_selections", sa.Integer(), nullable=True),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_survey_questions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_questions_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
        sa.UniqueConstraint(
            "organization_id",
            "survey_id",
            "key",
            name=op.f("uq_survey_questions_organization_id_survey_id_key"),
        ),
    )
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index("ix_survey_questions_survey", ["survey_id", "position"], unique=False)

    op.create_table(
        "survey_responses",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column(
            "respondent_group",
            sa.Enum(
                "public",
                "business",
                "staff",
                name="respondent_group",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("respondent_hash", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_survey_responses_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_responses_survey_id_surveys"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint(
            "organization_id",
            "survey_id",
            "respondent_hash",
            name=op.f("uq_survey_responses_organization_id_survey_id_respondent_hash"),
        ),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_responses_survey", ["survey_id", "submitted_at"], unique=False
        )

    op.create_table(
        "need_links",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "goal",
                "key_indicator",
                name="need_link_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("goal_id", sa.Uuid(), nullable=True),
        sa.Column("key_indicator_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'goal' AND goal_id IS NOT NULL AND key_indicator_id IS NULL) OR (kind = 'key_indicator' AND key_indicator_id IS NOT NULL AND goal_id IS NULL)",
            name=op.f("ck_need_links_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["organization_goals.id"],
            name=op.f("fk_need_links_goal_id_organization_goals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["key_indicator_id"],
            ["key_indicators.id"],
            name=op.f("fk_need_links_key_indicator_id_key_indicators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_links_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_need_links_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_links")),
        sa.UniqueConstraint(
            "organization_id",
            "need_id",
            "goal_id",
            name=op.f("uq_need_links_organization_id_need_id_goal_id"),
        ),
        sa.UniqueConstraint(
            "organization_id",
            "need_id",
            "key_indicator_id",
            name=op.f("uq_need_links_organization_id_need_id_key_indicator_id"),
        ),
    )
    with op.batch_alter_table("need_links", schema=None) as batch_op:
        batch_op.create_index("ix_need_links_goal", ["goal_id"], unique=False)
        batch_op.create_index("ix_need_links_key_indicator", ["key_indicator_id"], unique=False)
        batch_op.create_index("ix_need_links_need", ["need_id"], unique=False)

    op.create_table(
        "survey_answers",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.Uuid(), nullable=False),
        sa.Column("scale_value", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=32), nullable=True),
        sa.Column("text_value", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN scale_value IS NULL THEN 0 ELSE 1 END) + (CASE WHEN choice IS NULL THEN 0 ELSE 1 END) + (CASE WHEN text_value IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_survey_answers_one_value"),
        ),
        sa.CheckConstraint(
            "scale_value BETWEEN 1 AND 5", name=op.f("ck_survey_answers_scale_range")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_survey_answers_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answers_question_id_survey_questions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index("ix_survey_answers_question", ["question_id"], unique=False)
        batch_op.create_index("ix_survey_answers_response", ["response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answers_response")
        batch_op.drop_index("ix_survey_answers_question")

    op.drop_table("survey_answers")
    with op.batch_alter_table("need_links", schema=None) as batch_op:
        batch_op.drop_index("ix_need_links_need")
        batch_op.drop_index("ix_need_links_key_indicator")
        batch_op.drop_index("ix_need_links_goal")

    op.drop_table("need_links")
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_responses_survey")

    op.drop_table("survey_responses")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_questions_survey")

    op.drop_table("survey_questions")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_unit")
        batch_op.drop_index("ix_needs_source_survey")
        batch_op.drop_index("ix_needs_org_year")

    op.drop_table("needs")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index("ix_surveys_public_token")

    op.drop_table("surveys")
