"""Appraisal periods, appraisals with their snapshot, per-RHK items, peer input (360), events
and rewards. Nothing here is ever hard-deleted: the foreign keys restrict deletes and every
change is in the audit log.

* ``appraisal_periods``: a monthly/quarterly/semester/annual evaluation with its open/close
  window and the organization result (capaian kinerja organisasi) recorded by the admin.
* ``appraisals``: one per employee and period, created when the period opens, with a snapshot
  of the appraiser, the appraiser's superior, position, unit and SKP revision at that time;
  the two ratings, the behaviour ratings per BerAKHLAK value (JSON), the predikat, the
  finalization, acknowledgement, objection and its decision.
* ``appraisal_items``: one per RHK of the snapshot SKP: realization summary, the employee's
  self-assessment, the appraiser's rating and feedback.
* ``appraisal_peer_inputs``: colleagues' input requested by the appraiser.
* ``appraisal_events``: every step, append-only (history of ratings and decisions).
* ``appraisal_rewards``: recognition of the best performers.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum, utcnow
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import OrganizationResult, Predikat
from kinerja_api.organizations.models import Employee, FunctionalLevel, PositionKind


class PeriodKind(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMESTER = "semester"
    ANNUAL = "annual"


class PeriodState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class AppraisalState(enum.StrEnum):
    OPEN = "open"  # self-assessment and rating
    FINALIZED = "finalized"  # result delivered; acknowledgement and objection
    OBJECTED = "objected"  # waiting for the appraiser's superior
    FINAL = "final"  # objection decided


class ObjectionOutcome(enum.StrEnum):
    UPHELD = "upheld"
    CHANGED = "changed"


class AppraisalAction(enum.StrEnum):
    CREATED = "created"
    SELF_ASSESSED = "self_assessed"
    RATED = "rated"
    FINALIZED = "finalized"
    ACKNOWLEDGED = "acknowledged"
    OBJECTED = "objected"
    DECIDED = "decided"
    HEAD_RESULT = "head_result"


class AppraisalPeriod(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "appraisal_periods"
    __table_args__ = (
        UniqueConstraint("organization_id", "kind", "start_date", name="uq_appraisal_period"),
        CheckConstraint("end_date >= start_date", name="period_order"),
        CheckConstraint("closes_on >= opens_on", name="window_order"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PeriodKind] = mapped_column(checked_enum(PeriodKind, "appraisal_period_kind"))
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date] = mapped_column()
    opens_on: Mapped[date] = mapped_column()
    closes_on: Mapped[date] = mapped_column()
    state: Mapped[PeriodState] = mapped_column(
        checked_enum(PeriodState, "appraisal_period_state"), default=PeriodState.DRAFT
    )
    organization_result: Mapped[OrganizationResult | None] = mapped_column(
        checked_enum(OrganizationResult, "organization_result")
    )
    organization_result_note: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class Appraisal(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "appraisals"
    __table_args__ = (UniqueConstraint("period_id", "employee_id", name="uq_appraisal_employee"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    period_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("appraisal_periods.id", ondelete="RESTRICT"), index=True
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT"), index=True
    )
    employee_name: Mapped[str] = mapped_column(String(200))
    skp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skps.id", ondelete="RESTRICT"))
    skp_revision: Mapped[int] = mapped_column()
    # Snapshot when the period opened.
    position_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("positions.id", ondelete="RESTRICT")
    )
    position_name: Mapped[str | None] = mapped_column(String(200))
    position_kind: Mapped[PositionKind | None] = mapped_column(
        checked_enum(PositionKind, "appraisal_position_kind")
    )
    jenjang: Mapped[FunctionalLevel | None] = mapped_column(
        checked_enum(FunctionalLevel, "appraisal_jenjang")
    )
    unit_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    unit_name: Mapped[str | None] = mapped_column(String(200))
    is_unit_head: Mapped[bool] = mapped_column(default=False)
    appraiser_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    appraiser_name: Mapped[str | None] = mapped_column(String(200))
    appraiser_superior_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    appraiser_superior_name: Mapped[str | None] = mapped_column(String(200))

    state: Mapped[AppraisalState] = mapped_column(
        checked_enum(AppraisalState, "appraisal_state"), default=AppraisalState.OPEN
    )
    hasil_kerja: Mapped[Rating | None] = mapped_column(
        checked_enum(Rating, "appraisal_hasil_kerja")
    )
    perilaku: Mapped[Rating | None] = mapped_column(checked_enum(Rating, "appraisal_perilaku"))
    predikat: Mapped[Predikat | None] = mapped_column(checked_enum(Predikat, "appraisal_predikat"))
    #: {value: {"expectation", "rating", "feedback"}} for the seven BerAKHLAK values.
    behaviours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    feedback: Mapped[str | None] = mapped_column(Text)
    average_achievement: Mapped[float | None] = mapped_column(Numeric(9, 2, asdecimal=False))
    rated_at: Mapped[datetime | None] = mapped_column()
    rated_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    finalized_at: Mapped[datetime | None] = mapped_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    objection_reason: Mapped[str | None] = mapped_column(Text)
    objected_at: Mapped[datetime | None] = mapped_column()
    decision: Mapped[ObjectionOutcome | None] = mapped_column(
        checked_enum(ObjectionOutcome, "objection_outcome")
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )

    items: Mapped[list[AppraisalItem]] = relationship(
        lazy="raise", order_by="AppraisalItem.sort_order"
    )
    #: For list screens (loaded explicitly with ``joinedload``: no extra statement).
    employee: Mapped[Employee] = relationship(
        lazy="raise", viewonly=True, foreign_keys=[employee_id]
    )


class AppraisalItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "appraisal_items"
    __table_args__ = (UniqueConstraint("appraisal_id", "work_result_id", name="uq_appraisal_item"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    appraisal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("appraisals.id", ondelete="RESTRICT"), index=True
    )
    work_result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="RESTRICT")
    )
    kind: Mapped[str] = mapped_column(String(32))
    statement: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int] = mapped_column(default=0)
    #: Indicators with their latest realization and achievement when the period opened.
    realization: Mapped[list[Any]] = mapped_column(JSON, default=list)
    self_note: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    self_assessed_at: Mapped[datetime | None] = mapped_column()
    rating: Mapped[Rating | None] = mapped_column(checked_enum(Rating, "appraisal_item_rating"))
    feedback: Mapped[str | None] = mapped_column(Text)


class AppraisalPeerInput(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "appraisal_peer_inputs"
    __table_args__ = (UniqueConstraint("appraisal_id", "reviewer_id", name="uq_appraisal_peer"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    appraisal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("appraisals.id", ondelete="RESTRICT"), index=True
    )
    reviewer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT"), index=True
    )
    reviewer_name: Mapped[str] = mapped_column(String(200))
    requested_by_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    #: {value: rating} for any of the BerAKHLAK values.
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column()


class AppraisalEvent(IdMixin, Base):
    """Append-only history of an appraisal (ratings, corrections, decisions)."""

    __tablename__ = "appraisal_events"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    appraisal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("appraisals.id", ondelete="RESTRICT"), index=True
    )
    action: Mapped[AppraisalAction] = mapped_column(
        checked_enum(AppraisalAction, "appraisal_action")
    )
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    hasil_kerja: Mapped[Rating | None] = mapped_column(
        checked_enum(Rating, "appraisal_event_hasil")
    )
    perilaku: Mapped[Rating | None] = mapped_column(
        checked_enum(Rating, "appraisal_event_perilaku")
    )
    predikat: Mapped[Predikat | None] = mapped_column(
        checked_enum(Predikat, "appraisal_event_predikat")
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AppraisalReward(IdMixin, TimestampMixin, Base):
    """A reward (recognition) for a finalized appraisal. One given by mistake is revoked with
    a reason (``revoked_at``), never deleted."""

    __tablename__ = "appraisal_rewards"
    __table_args__ = (
        CheckConstraint("(revoked_at IS NULL) = (revoke_reason IS NULL)", name="revocation_reason"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    period_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("appraisal_periods.id", ondelete="RESTRICT")
    )
    appraisal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("appraisals.id", ondelete="RESTRICT")
    )
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    awarded_on: Mapped[date] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    #: For list screens (loaded explicitly with ``joinedload``: no extra statement).
    appraisal: Mapped[Appraisal] = relationship(lazy="raise", viewonly=True)
