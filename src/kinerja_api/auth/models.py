"""Accounts, sign-in sessions (refresh-token families) and refresh tokens."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Uuid, column, table
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum, utcnow

#: The two facts sign-in needs from the organizations domain (a layer above auth), read through
#: narrow views of its tables rather than by importing it: whether an account's organization is
#: active, and which employee holds an NIP (sign-in by NIP). ``tests/test_layers.py`` checks
#: them against the organizations models.
ORGANIZATION_STATUS = table("organizations", column("id", Uuid()), column("is_active", Boolean()))
EMPLOYEE_NIP = table("employees", column("id", Uuid()), column("nip", String(18)))


class Role(enum.StrEnum):
    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    PLATFORM_ADMIN = "platform_admin"
    #: A service account of another system (``kinerja_api.integration``): never a person,
    #: its permissions are the scopes granted to it, it signs in by client credentials only.
    SERVICE = "service"


class User(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A person who signs in. Platform admins have no organization; everyone else has one.

    Admins with ``opd_id`` are OPD admins (unit kerja admins); without, instansi admins.
    """

    __tablename__ = "users"
    __audit_redact__ = frozenset({"password_hash"})
    __table_args__ = (
        Index("ix_users_org_username", "organization_id", "username"),
        # One account per employee; a unique index (not a constraint) so SQLite can add it
        # without rebuilding the table.
        Index("ix_users_employee_id", "employee_id", unique=True),
    )

    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(checked_enum(Role, "role"))
    is_active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # The employee (ASN) this account belongs to; such people may sign in with their NIP.
    # No ON DELETE option (NO ACTION): see ``Unit.head_position_id``.
    employee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    #: On an admin account: the OPD (a top-level unit) the admin runs; their powers stop at
    #: its subtree. Null: an instansi admin (BKPSDM), who administers the whole organization.
    #: No ON DELETE option (NO ACTION): see ``Unit.head_position_id``.
    opd_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"))


class AuthSession(IdMixin, Base):
    """One sign-in: the family of rotating refresh tokens. Revoking it ends the sign-in."""

    __tablename__ = "auth_sessions"
    __audit__ = False
    __table_args__ = (Index("ix_auth_sessions_user", "user_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_reason: Mapped[str | None] = mapped_column(String(32))
    client_ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(256))


class RefreshToken(IdMixin, Base):
    """A refresh token, stored only as its SHA-256. ``used_at`` marks it rotated."""

    __tablename__ = "refresh_tokens"
    __audit__ = False
    __table_args__ = (Index("ix_refresh_tokens_session", "session_id"),)

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth_sessions.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
