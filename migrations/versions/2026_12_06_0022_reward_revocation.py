"""Rewards given by mistake are revoked with a reason, never deleted.

* ``appraisal_rewards.revoked_at``: when it was revoked (null: in force).
* ``appraisal_rewards.revoke_reason``: why (required with ``revoked_at``: a CHECK).

Who revoked it is in the audit log with the reason. Downgrade drops both columns (the
revocations are then lost; the audit log keeps them).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appraisal_rewards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("revoke_reason", sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_appraisal_rewards_revocation_reason"),
            "(revoked_at IS NULL) = (revoke_reason IS NULL)",
        )


def downgrade() -> None:
    with op.batch_alter_table("appraisal_rewards", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_appraisal_rewards_revocation_reason"), type_="check")
        batch_op.drop_column("revoke_reason")
        batch_op.drop_column("revoked_at")
