"""Collaboration programs and who takes part in them.

A program belongs to its lead organization (``organization_id``, the tenant that owns the
row) and, within it, optionally to a lead unit (an OPD of an instansi). Partners are
organizations, optionally narrowed to one of their units: ``(organization_id, unit_id)``,
so a partner OPD of the same instansi and another instansi are the same kind of row. The
lead itself is a partner row of role ``lead`` (accepted from the start), so members and
contributions work the same for everyone.

Rows of partners, members and contributions carry the organization they belong to
(``organization_id``) and the program (``program_id``): a partner organization reaches only
these rows through a program, nothing else of the lead's or other partners' data.
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


class ProgramStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class MilestoneStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class PartnerRole(enum.StrEnum):
    LEAD = "lead"
    PARTNER = "partner"


class PartnerStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REMOVED = "removed"


class MemberRole(enum.StrEnum):
    COORDINATOR = "coordinator"
    MEMBER = "member"


class Program(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "programs"
    __table_args__ = (
        Index("ix_programs_org_start", "organization_id", "start_date"),
        CheckConstraint("end_date > start_date", name="date_order"),
        CheckConstraint("budget_planned >= 0 AND budget_used >= 0", name="budget_not_negative"),
        CheckConstraint("currency = 'IDR'", name="currency_idr"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    lead_unit_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date] = mapped_column()
    budget_planned: Mapped[int] = mapped_column(BigInteger, default=0)  # Rupiah
    budget_used: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="IDR")
    status: Mapped[ProgramStatus] = mapped_column(
        checked_enum(ProgramStatus, "program_status"), default=ProgramStatus.PLANNED
    )
    progress_percent: Mapped[int] = mapped_column(SmallInteger, default=0)


class ProgramGoal(IdMixin, TimestampMixin, Base):
    """A goal (tujuan/sasaran) of the lead organization the program serves."""

    __tablename__ = "program_goals"
    __table_args__ = (
        UniqueConstraint("organization_id", "program_id", "goal_id"),
        Index("ix_program_goals_goal", "goal_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    goal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization_goals.id", ondelete="RESTRICT")
    )


class ProgramMilestone(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "program_milestones"
    __table_args__ = (
        Index("ix_program_milestones_program", "program_id", "planned_date"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("status <> 'done' OR actual_date IS NOT NULL", name="done_has_date"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    planned_date: Mapped[date] = mapped_column()
    actual_date: Mapped[date | None] = mapped_column()
    status: Mapped[MilestoneStatus] = mapped_column(
        checked_enum(MilestoneStatus, "milestone_status"), default=MilestoneStatus.PLANNED
    )
    progress_percent: Mapped[int] = mapped_column(SmallInteger, default=0)


class ProgramPartner(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An organization (or one of its units, an OPD) taking part in a program.

    ``organization_id`` is the partner's organization (the row belongs to it); the program's
    lead organization is ``programs.organization_id``."""

    __tablename__ = "program_partners"
    __table_args__ = (
        UniqueConstraint("organization_id", "program_id", "unit_id"),
        Index("ix_program_partners_program", "program_id"),
        CheckConstraint("status <> 'declined' OR reason IS NOT NULL", name="declined_has_reason"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    role: Mapped[PartnerRole] = mapped_column(checked_enum(PartnerRole, "program_partner_role"))
    status: Mapped[PartnerStatus] = mapped_column(
        checked_enum(PartnerStatus, "program_partner_status")
    )
    reason: Mapped[str | None] = mapped_column(String(1000))
    responded_at: Mapped[datetime | None] = mapped_column()


class ProgramMember(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An employee of a partner taking part, with the role their own admins gave them."""

    __tablename__ = "program_members"
    __table_args__ = (
        UniqueConstraint("organization_id", "program_id", "employee_id"),
        Index("ix_program_members_partner", "partner_id"),
        Index("ix_program_members_employee", "employee_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    partner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_partners.id", ondelete="CASCADE")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    role: Mapped[MemberRole] = mapped_column(checked_enum(MemberRole, "program_member_role"))


class ProgramContribution(IdMixin, TimestampMixin, Base):
    """An RHK of a member that refers to the program (besides its cascade parent)."""

    __tablename__ = "program_contributions"
    __table_args__ = (
        UniqueConstraint("organization_id", "program_id", "work_result_id"),
        Index("ix_program_contributions_work_result", "work_result_id"),
        Index("ix_program_contributions_employee", "employee_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    partner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_partners.id", ondelete="CASCADE")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    work_result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="CASCADE")
    )
