"""Competencies (kompetensi), their standards per position, assessments of employees, and the
development plans (rencana pengembangan) that close the gaps.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum

# ---- competencies --------------------------------------------------------------------------


class CompetencyKind(enum.StrEnum):
    TEKNIS = "teknis"
    MANAJERIAL = "manajerial"
    SOSIAL_KULTURAL = "sosial_kultural"


class AssessmentSource(enum.StrEnum):
    ASSESSMENT_CENTER = "assessment_center"
    SELF = "self"
    SUPERVISOR = "supervisor"
    OTHER = "other"


class Competency(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An organization's competency catalog entry (the eight managerial ones are seeded)."""

    __tablename__ = "competencies"
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        Index("ix_competencies_org_kind", "organization_id", "kind"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CompetencyKind] = mapped_column(checked_enum(CompetencyKind, "competency_kind"))
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)


class CompetencyStandard(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The level (1–5) a position requires of one competency."""

    __tablename__ = "competency_standards"
    __table_args__ = (
        UniqueConstraint("organization_id", "position_id", "competency_id"),
        Index("ix_competency_standards_competency", "competency_id"),
        CheckConstraint("required_level BETWEEN 1 AND 5", name="level_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"))
    competency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT")
    )
    required_level: Mapped[int] = mapped_column(SmallInteger)


class CompetencyAssessment(IdMixin, TimestampMixin, Base):
    """An assessed level of an employee in one competency; history is kept, the latest
    (by ``assessed_on``, then creation) counts. Never changed once recorded."""

    __tablename__ = "competency_assessments"
    __table_args__ = (
        Index("ix_competency_assessments_employee", "employee_id", "competency_id", "assessed_on"),
        Index("ix_competency_assessments_competency", "competency_id"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    competency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT")
    )
    level: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[AssessmentSource] = mapped_column(
        checked_enum(AssessmentSource, "assessment_source")
    )
    assessed_on: Mapped[date] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(1000))
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


# ---- development plans ---------------------------------------------------------------------


class DevelopmentType(enum.StrEnum):
    TRAINING = "training"
    COACHING = "coaching"
    MENTORING = "mentoring"
    E_LEARNING = "e_learning"
    WORKSHOP = "workshop"


class PlanStatus(enum.StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    CANCELLED = "cancelled"


class DevelopmentPlan(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One item of an employee's development plan (rencana pengembangan kompetensi).

    ``need_id`` is the need it covers; the service keeps the matching ``need_links`` row
    (kind ``development_plan``) so the needs coverage report counts it as training.
    ``dialogue_action_id`` names the action agreed in a performance dialogue that became
    this item (the action reads the link back). A plan the employee proposes has
    ``approved_at`` null until a supervisor or admin approves it; one
    they create for someone is approved at once.
    """

    __tablename__ = "development_plans"
    __table_args__ = (
        Index("ix_development_plans_employee_year", "employee_id", "year"),
        Index("ix_development_plans_org_year", "organization_id", "year", "status"),
        Index("ix_development_plans_need", "need_id"),
        Index("ix_development_plans_competency", "competency_id"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint("learning_hours >= 0", name="hours_not_negative"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="date_order"
        ),
        CheckConstraint("status <> 'done' OR evidence IS NOT NULL", name="done_has_evidence"),
        UniqueConstraint("organization_id", "dialogue_action_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column()
    type: Mapped[DevelopmentType] = mapped_column(checked_enum(DevelopmentType, "development_type"))
    title: Mapped[str] = mapped_column(String(300))
    competency_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT")
    )
    need_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("needs.id", ondelete="RESTRICT"))
    provider: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column()
    end_date: Mapped[date | None] = mapped_column()
    budget: Mapped[int] = mapped_column(BigInteger, default=0)  # Rupiah
    learning_hours: Mapped[int] = mapped_column(default=0)
    status: Mapped[PlanStatus] = mapped_column(
        checked_enum(PlanStatus, "plan_status"), default=PlanStatus.PLANNED
    )
    evidence: Mapped[str | None] = mapped_column(String(1000))
    proposed_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column()
    #: The dialogue action this item came from (see ``kinerja_api.dialogs``), if any.
    dialogue_action_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("dialogue_actions.id", ondelete="RESTRICT")
    )
