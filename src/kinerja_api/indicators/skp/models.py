"""Vision and mission (strategy), strategic goals (tujuan/sasaran) and their IKU; employees'
performance plans (SKP) with their work results (RHK), indicators, realizations and evidence.

SKP tables:

* ``skps``: one plan per employee, organization and year; its ``version`` is the ETag of the
  whole document (RHK and indicator changes bump it too). The position, unit and appraiser
  are snapshotted at submission.
* ``skp_work_results``: rencana hasil kerja (RHK). Each refers to at most one of: an RHK of
  the direct superior's SKP of the same year (``parent_id``), a goal or an IKU of the same
  organization and year. Submission requires every RHK utama to refer to one.
* ``skp_indicators``: indicators of an RHK with a target in the shape of
  :class:`~kinerja_api.indicators.targets.Target`.
* ``skp_events``: every workflow transition (append-only).
* ``skp_versions``: a JSON snapshot of the whole SKP at each approval, by revision.
* ``skp_realizations`` / ``skp_evidence``: realization of an indicator per period
  (``2026-03``, ``2026-Q1``, ``2026-S1``) and its evidence (bukti dukung: links or files).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum, utcnow
from kinerja_api.indicators.goals.models import Amount
from kinerja_api.indicators.skp.rules import (
    Actor,
    Approach,
    Perspective,
    SkpAction,
    SkpState,
    WorkResultKind,
)
from kinerja_api.indicators.targets import Aspect, Direction, Rating

# ---- performance plans (SKP) ---------------------------------------------------------------


class EvidenceKind(enum.StrEnum):
    LINK = "link"
    FILE = "file"


class Skp(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "skps"
    __table_args__ = (
        UniqueConstraint("organization_id", "employee_id", "year"),
        Index("ix_skps_org_year_state", "organization_id", "year", "state"),
        Index("ix_skps_employee", "employee_id", "year"),
        CheckConstraint("period_end >= period_start", name="period_order"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column()
    period_start: Mapped[date] = mapped_column()
    period_end: Mapped[date] = mapped_column()
    state: Mapped[SkpState] = mapped_column(
        checked_enum(SkpState, "skp_state"), default=SkpState.DRAFT
    )
    approach: Mapped[Approach] = mapped_column(
        checked_enum(Approach, "skp_approach"), default=Approach.KUANTITATIF
    )
    #: 0 for the plan as first approved; +1 with each approval after a revision.
    revision: Mapped[int] = mapped_column(default=0)
    # Lampiran SKP
    resource_support: Mapped[str | None] = mapped_column(Text)
    accountability_scheme: Mapped[str | None] = mapped_column(Text)
    consequences: Mapped[str | None] = mapped_column(Text)
    # Snapshot at submission: who the employee was and who appraises them.
    position_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("positions.id", ondelete="RESTRICT")
    )
    position_name: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    unit_name: Mapped[str | None] = mapped_column(String(200))
    appraiser_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    appraiser_name: Mapped[str | None] = mapped_column(String(200))
    appraiser_position_name: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column()
    approved_at: Mapped[datetime | None] = mapped_column()
    first_approved_at: Mapped[datetime | None] = mapped_column()

    work_results: Mapped[list[SkpWorkResult]] = relationship(
        lazy="raise",
        order_by="(SkpWorkResult.sort_order, SkpWorkResult.id)",
        cascade="all, delete-orphan",
        back_populates="skp",
    )


class SkpWorkResult(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A rencana hasil kerja (RHK) and what it cascades from."""

    __tablename__ = "skp_work_results"
    __table_args__ = (
        Index("ix_skp_work_results_skp", "skp_id", "sort_order"),
        Index("ix_skp_work_results_parent", "parent_id"),
        Index("ix_skp_work_results_goal", "goal_id"),
        Index("ix_skp_work_results_key_indicator", "key_indicator_id"),
        CheckConstraint(
            "(CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN goal_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN key_indicator_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name="one_reference",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    skp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skps.id", ondelete="RESTRICT"))
    kind: Mapped[WorkResultKind] = mapped_column(checked_enum(WorkResultKind, "work_result_kind"))
    statement: Mapped[str] = mapped_column(String(500))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="RESTRICT")
    )
    goal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization_goals.id", ondelete="RESTRICT")
    )
    key_indicator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("key_indicators.id", ondelete="RESTRICT")
    )
    perspective: Mapped[Perspective | None] = mapped_column(
        checked_enum(Perspective, "rhk_perspective")
    )
    sort_order: Mapped[int] = mapped_column(default=0)
    collaboration_note: Mapped[str | None] = mapped_column(Text)

    skp: Mapped[Skp] = relationship(lazy="raise", back_populates="work_results")
    indicators: Mapped[list[SkpIndicator]] = relationship(
        lazy="raise",
        order_by="(SkpIndicator.sort_order, SkpIndicator.id)",
        cascade="all, delete-orphan",
        back_populates="work_result",
    )


class SkpIndicator(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An indicator (indikator kinerja individu) of an RHK with its target."""

    __tablename__ = "skp_indicators"
    __table_args__ = (
        Index("ix_skp_indicators_work_result", "work_result_id", "sort_order"),
        Index("ix_skp_indicators_skp", "skp_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    skp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skps.id", ondelete="RESTRICT"))
    work_result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(300))
    aspect: Mapped[Aspect] = mapped_column(checked_enum(Aspect, "indicator_aspect"))
    unit: Mapped[str] = mapped_column(String(50))
    direction: Mapped[Direction | None] = mapped_column(
        checked_enum(Direction, "indicator_direction")
    )
    target_value: Mapped[float | None] = mapped_column(Amount)
    target_min: Mapped[float | None] = mapped_column(Amount)
    target_max: Mapped[float | None] = mapped_column(Amount)
    target_text: Mapped[str | None] = mapped_column(String(500))
    allow_over_100: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)

    work_result: Mapped[SkpWorkResult] = relationship(lazy="raise", back_populates="indicators")


class SkpEvent(IdMixin, Base):
    """One workflow transition of an SKP (never changed)."""

    __tablename__ = "skp_events"
    __table_args__ = (Index("ix_skp_events_skp", "skp_id", "at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    skp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skps.id", ondelete="RESTRICT"))
    action: Mapped[SkpAction] = mapped_column(checked_enum(SkpAction, "skp_action"))
    from_state: Mapped[SkpState] = mapped_column(checked_enum(SkpState, "skp_from_state"))
    to_state: Mapped[SkpState] = mapped_column(checked_enum(SkpState, "skp_to_state"))
    actor: Mapped[Actor] = mapped_column(checked_enum(Actor, "skp_actor"))
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    actor_employee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SkpVersion(IdMixin, Base):
    """The whole SKP as approved, kept readable after later revisions."""

    __tablename__ = "skp_versions"
    __table_args__ = (UniqueConstraint("organization_id", "skp_id", "revision"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    skp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skps.id", ondelete="RESTRICT"))
    revision: Mapped[int] = mapped_column()
    approved_at: Mapped[datetime] = mapped_column()
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    approved_by_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class SkpRealization(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Realization of one indicator in one period, with the employee's self-assessment."""

    __tablename__ = "skp_realizations"
    __table_args__ = (
        UniqueConstraint("organization_id", "indicator_id", "period"),
        Index("ix_skp_realizations_skp", "skp_id", "period"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    skp_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skps.id", ondelete="RESTRICT"))
    indicator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skp_indicators.id", ondelete="RESTRICT")
    )
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[float | None] = mapped_column(Amount)
    rating: Mapped[Rating | None] = mapped_column(checked_enum(Rating, "realization_rating"))
    self_assessment: Mapped[str | None] = mapped_column(Text)

    evidence: Mapped[list[SkpEvidence]] = relationship(
        lazy="raise", order_by="(SkpEvidence.created_at, SkpEvidence.id)"
    )


class SkpEvidence(IdMixin, Base):
    """Bukti dukung of a realization: an https link, or a file stored under a generated name."""

    __tablename__ = "skp_evidence"
    __table_args__ = (
        Index("ix_skp_evidence_realization", "realization_id"),
        CheckConstraint(
            "(kind = 'link' AND url IS NOT NULL AND stored_name IS NULL)"
            " OR (kind = 'file' AND url IS NULL AND stored_name IS NOT NULL)",
            name="link_or_file",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    realization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skp_realizations.id", ondelete="RESTRICT")
    )
    kind: Mapped[EvidenceKind] = mapped_column(checked_enum(EvidenceKind, "evidence_kind"))
    url: Mapped[str | None] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(500))
    stored_name: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column()
    sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
