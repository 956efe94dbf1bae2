"""The transactional outbox: domain events written in the same transaction as their change.

Services call :func:`record` (never insert :class:`OutboxEvent` rows themselves) right where
the change happens; the row is flushed and committed with the request's unit of work, so
there is no change without its event and no event without its change. ``kinerja worker``
(``integration.worker``) later hands each event to the webhook subscriptions that want it
and marks it ``dispatched_at``; nothing here knows about webhooks.

Event ids are UUIDv7 (time ordered): receivers see one subscription's events in that order.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.audit import _jsonable
from kinerja_api.core.db import Base, utcnow
from kinerja_api.core.ids import uuid7


class EventType(enum.StrEnum):
    """The domain events other systems may subscribe to (issue 17)."""

    SKP_SUBMITTED = "skp.submitted"
    SKP_APPROVED = "skp.approved"
    SKP_RETURNED = "skp.returned"
    ACTIVITY_REPORT_REVIEWED = "activity_report.reviewed"
    APPRAISAL_FINALIZED = "appraisal.finalized"
    OBJECTION_FILED = "objection.filed"
    OBJECTION_DECIDED = "objection.decided"
    PERIOD_OPENED = "period.opened"
    PERIOD_CLOSED = "period.closed"
    DIALOGUE_SCHEDULED = "dialogue.scheduled"


class OutboxEvent(Base):
    __tablename__ = "outbox_events"
    __audit__ = False  # the event is the trace of an audited change, not a change of its own
    __table_args__ = (
        Index("ix_outbox_events_pending", "dispatched_at", "id"),
        Index("ix_outbox_events_org", "organization_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    event_type: Mapped[str] = mapped_column(String(64))
    #: What the event is about: ``skp``, ``activity_report``, ``appraisal``, ...
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID] = mapped_column()
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Who caused it (the account), if anyone.
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column()
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set by the worker once the event has been fanned out to its subscriptions.
    dispatched_at: Mapped[datetime | None] = mapped_column()


def record(
    session: AsyncSession,
    organization_id: uuid.UUID,
    event_type: EventType,
    subject_type: str,
    subject_id: uuid.UUID,
    payload: Mapping[str, Any],
    *,
    at: datetime | None = None,
) -> OutboxEvent:
    """Add one domain event to the session's transaction (flushed with the change)."""
    event = OutboxEvent(
        id=uuid7(),
        organization_id=organization_id,
        event_type=event_type.value,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=_jsonable(dict(payload)),
        actor_user_id=session.info.get("actor_user_id"),
        occurred_at=at or utcnow(),
    )
    session.add(event)
    return event
