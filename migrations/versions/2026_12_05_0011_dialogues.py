"""Performance dialogues: ``dialogues`` (scheduled or requested meetings with the record of
the four feedback steps), ``dialogue_participants`` (with each one's confirmation or comment)
and ``dialogue_actions`` (agreed actions with owner, due date, RHK or need, status).
``development_plans`` gains ``dialogue_action_id``: the action an item came from. Going
down drops the column and the three tables.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 13:49:44.936720
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dialogues",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("supervisor_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "declined",
                "scheduled",
                "recorded",
                "confirmed",
                name="dialogue_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "subject",
            sa.Enum(
                "general",
                "work_result",
                "realization",
                "appraisal",
                name="dialogue_subject",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("work_result_id", sa.Uuid(), nullable=True),
        sa.Column("appraisal_id", sa.Uuid(), nullable=True),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=500), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("decline_reason", sa.String(length=1000), nullable=True),
        sa.Column("went_well", sa.Text(), nullable=True),
        sa.Column("not_well", sa.Text(), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'declined' OR decline_reason IS NOT NULL",
            name=op.f("ck_dialogues_declined_has_reason"),
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'declined') OR scheduled_at IS NOT NULL",
            name=op.f("ck_dialogues_scheduled_has_time"),
        ),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisals.id"],
            name=op.f("fk_dialogues_appraisal_id_appraisals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_dialogues_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["employees.id"],
            name=op.f("fk_dialogues_requested_by_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["employees.id"],
            name=op.f("fk_dialogues_supervisor_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_result_id"],
            ["skp_work_results.id"],
            name=op.f("fk_dialogues_work_result_id_skp_work_results"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogues")),
    )
    with op.batch_alter_table("dialogues", schema=None) as batch_op:
        batch_op.create_index("ix_dialogues_appraisal", ["appraisal_id"], unique=False)
        batch_op.create_index(
            "ix_dialogues_org_scheduled", ["organization_id", "scheduled_at"], unique=False
        )
        batch_op.create_index(
            "ix_dialogues_supervisor", ["supervisor_id", "scheduled_at"], unique=False
        )
        batch_op.create_index("ix_dialogues_work_result", ["work_result_id"], unique=False)

    op.create_table(
        "dialogue_actions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("dialogue_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("work_result_id", sa.Uuid(), nullable=True),
        sa.Column("need_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "done",
                "dropped",
                name="dialogue_action_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sa.String(length=1000), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status <> 'dropped' OR status_reason IS NOT NULL",
            name=op.f("ck_dialogue_actions_dropped_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogues.id"],
            name=op.f("fk_dialogue_actions_dialogue_id_dialogues"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["needs.id"],
            name=op.f("fk_dialogue_actions_need_id_needs"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_dialogue_actions_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["employees.id"],
            name=op.f("fk_dialogue_actions_owner_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_result_id"],
            ["skp_work_results.id"],
            name=op.f("fk_dialogue_actions_work_result_id_skp_work_results"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue_actions")),
    )
    with op.batch_alter_table("dialogue_actions", schema=None) as batch_op:
        batch_op.create_index("ix_dialogue_actions_dialogue", ["dialogue_id"], unique=False)
        batch_op.create_index("ix_dialogue_actions_need", ["need_id"], unique=False)
        batch_op.create_index(
            "ix_dialogue_actions_org_due", ["organization_id", "status", "due_date"], unique=False
        )
        batch_op.create_index(
            "ix_dialogue_actions_owner", ["owner_id", "status", "due_date"], unique=False
        )
        batch_op.create_index("ix_dialogue_actions_work_result", ["work_result_id"], unique=False)

    op.create_table(
        "dialogue_participants",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("dialogue_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.String(length=2000), nullable=True),
        sa.Column("commented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogues.id"],
            name=op.f("fk_dialogue_participants_dialogue_id_dialogues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_dialogue_participants_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_dialogue_participants_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue_participants")),
        sa.UniqueConstraint(
            "organization_id",
            "dialogue_id",
            "employee_id",
            name=op.f("uq_dialogue_participants_organization_id_dialogue_id_employee_id"),
        ),
    )
    with op.batch_alter_table("dialogue_participants", schema=None) as batch_op:
        batch_op.create_index("ix_dialogue_participants_employee", ["employee_id"], unique=False)

    with op.batch_alter_table("development_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dialogue_action_id", sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_development_plans_organization_id_dialogue_action_id"),
            ["organization_id", "dialogue_action_id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_development_plans_dialogue_action_id_dialogue_actions"),
            "dialogue_actions",
            ["dialogue_action_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("development_plans", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_development_plans_dialogue_action_id_dialogue_actions"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("uq_development_plans_organization_id_dialogue_action_id"), type_="unique"
        )
        batch_op.drop_column("dialogue_action_id")

    with op.batch_alter_table("dialogue_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_dialogue_participants_employee")

    op.drop_table("dialogue_participants")
    with op.batch_alter_table("dialogue_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_dialogue_actions_work_result")
        batch_op.drop_index("ix_dialogue_actions_owner")
        batch_op.drop_index("ix_dialogue_actions_org_due")
        batch_op.drop_index("ix_dialogue_actions_need")
        batch_op.drop_index("ix_dialogue_actions_dialogue")

    op.drop_table("dialogue_actions")
    with op.batch_alter_table("dialogues", schema=None) as batch_op:
        batch_op.drop_index("ix_dialogues_work_result")
        batch_op.drop_index("ix_dialogues_supervisor")
        batch_op.drop_index("ix_dialogues_org_scheduled")
        batch_op.drop_index("ix_dialogues_appraisal")

    op.drop_table("dialogues")
