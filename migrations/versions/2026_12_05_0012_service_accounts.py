"""Service accounts of other systems (OAuth2 client credentials) and their secrets.

A service account is backed by a ``users`` row with the new role value ``service`` (the
role column is a plain string without a CHECK, so no change there); its secrets are stored
as SHA-256 only, a rotated one with the end of its grace period.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:49:07.584511
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_accounts",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_ip", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_service_accounts_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_service_accounts_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_service_accounts_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_accounts")),
        sa.UniqueConstraint("client_id", name=op.f("uq_service_accounts_client_id")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_service_accounts_organization_id_name")
        ),
    )
    with op.batch_alter_table("service_accounts", schema=None) as batch_op:
        batch_op.create_index("ix_service_accounts_user_id", ["user_id"], unique=True)

    op.create_table(
        "service_account_secrets",
        sa.Column("service_account_id", sa.Uuid(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_account_id"],
            ["service_accounts.id"],
            name=op.f("fk_service_account_secrets_service_account_id_service_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_account_secrets")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_service_account_secrets_secret_hash")),
    )
    with op.batch_alter_table("service_account_secrets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_account_secrets_account", ["service_account_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("service_account_secrets", schema=None) as batch_op:
        batch_op.drop_index("ix_service_account_secrets_account")

    op.drop_table("service_account_secrets")
    with op.batch_alter_table("service_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_service_accounts_user_id")

    op.drop_table("service_accounts")
