"""Transfer requests: a move into another organization is asked by the sending instansi and
decided by the receiving one (issue 19, item 5).

``transfer_requests``: sending (``organization_id``) and receiving (``to_organization_id``)
organizations, the employee, effective date and reason, ``status`` (pending, accepted,
refused, cancelled; CHECK), when and why it was decided, and the ``employee_transfers`` row
recorded on acceptance. At most one pending request per employee (a partial unique index,
enforced by SQLite and PostgreSQL alike). Going down drops the table (the moves that
happened stay in ``employee_transfers``).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "transfer_requests",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("to_organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "refused",
                "cancelled",
                name="transfer_request_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("transfer_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_transfer_requests_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_transfer_requests_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["to_organization_id"],
            ["organizations.id"],
            name=op.f("fk_transfer_requests_to_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["employee_transfers.id"],
            name=op.f("fk_transfer_requests_transfer_id_employee_transfers"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_requests")),
    )
    with op.batch_alter_table("transfer_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_transfer_requests_to_org",
            ["to_organization_id", "status", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_transfer_requests_org", ["organization_id", "status", "created_at"], unique=False
        )
        batch_op.create_index(
            "uq_transfer_requests_pending_employee",
            ["employee_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("transfer_requests", schema=None) as batch_op:
        batch_op.drop_index("uq_transfer_requests_pending_employee")
        batch_op.drop_index("ix_transfer_requests_org")
        batch_op.drop_index("ix_transfer_requests_to_org")
    op.drop_table("transfer_requests")
