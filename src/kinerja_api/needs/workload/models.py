"""Workload analysis (analisis beban kerja, ABK): the tasks of a position with their volume and
standard time.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin

# ---- workload analysis (ABK) ---------------------------------------------------------------


class WorkloadTask(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One uraian tugas of a position in a year: ``volume`` outputs × ``norm_minutes`` each."""

    __tablename__ = "workload_tasks"
    __table_args__ = (
        Index("ix_workload_tasks_org_year", "organization_id", "year"),
        Index("ix_workload_tasks_position_year", "position_id", "year"),
        CheckConstraint("volume >= 0", name="volume_not_negative"),
        CheckConstraint("norm_minutes > 0", name="norm_positive"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(String(500))
    output_unit: Mapped[str] = mapped_column(String(64))
    volume: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    norm_minutes: Mapped[Decimal] = mapped_column(Numeric(10, 2))
