"""Service accounts of other systems and their client secrets (stored as SHA-256 only)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, utcnow


class ServiceAccount(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A system (payroll, HR, attendance) calling the API with client credentials.

    Backed by an account row (``users``, role ``service``) so that sessions, audit and
    tenant isolation work as for people; that account has no password and no employee.
    """

    __tablename__ = "service_accounts"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        Index("ix_service_accounts_user_id", "user_id", unique=True),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(500))
    #: Granted scope names (``integration.rules.SCOPES``), sorted.
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    last_used_ip: Mapped[str | None] = mapped_column(String(64))


class ServiceAccountSecret(IdMixin, Base):
    """One client secret. The current one has no ``expires_at``; rotating gives the previous
    one an expiry (the grace period) and adds a new current secret."""

    __tablename__ = "service_account_secrets"
    __audit_redact__ = frozenset({"secret_hash"})
    __table_args__ = (Index("ix_service_account_secrets_account", "service_account_id"),)

    service_account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("service_accounts.id", ondelete="CASCADE")
    )
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
