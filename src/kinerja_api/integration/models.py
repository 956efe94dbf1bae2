"""Service accounts of other systems and their client secrets (stored as SHA-256 only)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import (
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    checked_enum,
    utcnow,
)


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


class WebhookSubscription(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An HTTPS endpoint of another system receiving the organization's events of some types.

    The signing secret is stored encrypted (``integration.webhooks.seal``): it must be read
    back to sign, and is never returned after creation. Delivery state (``next_attempt_at``,
    ``consecutive_failures``, the worker's lease) changes by plain UPDATEs that leave the
    ``version`` (the admin's ETag) alone; disabling after failures is a versioned change.
    """

    __tablename__ = "webhook_subscriptions"
    __audit_redact__ = frozenset({"secret"})
    __table_args__ = (Index("ix_webhook_subscriptions_org", "organization_id", "created_at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(500))
    #: Event type names (``core.outbox.EventType``), sorted.
    event_types: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None] = mapped_column()
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    #: Not before this instant (backoff after a failure); NULL: as soon as there is work.
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    last_success_at: Mapped[datetime | None] = mapped_column()
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"


class WebhookDelivery(IdMixin, Base):
    """One event for one subscription, and what happened when it was sent (the delivery
    log). Delivered in event order per subscription; a failure holds the later ones back."""

    __tablename__ = "webhook_deliveries"
    __audit__ = False  # the delivery log is itself a log
    __table_args__ = (
        Index("ix_webhook_deliveries_queue", "subscription_id", "status", "event_id"),
        Index("ix_webhook_deliveries_log", "subscription_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("outbox_events.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(String(64))
    #: ``pending`` until the receiver answers 2xx, then ``delivered``.
    status: Mapped[DeliveryStatus] = mapped_column(
        checked_enum(DeliveryStatus, "webhook_delivery_status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    response_status: Mapped[int | None] = mapped_column()
    #: The start of the receiver's answer (``integration.webhooks.BODY_LIMIT`` characters).
    response_body: Mapped[str | None] = mapped_column(String(1024))
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int | None] = mapped_column()
    #: The delivery this one repeats (manual redelivery).
    redelivery_of: Mapped[uuid.UUID | None] = mapped_column()
