"""Daily activity reports (laporan kinerja harian, LKH / e-kinerja).

``activity_reports``: one row per reported activity of an employee on a date, linked to an
RHK of the employee's approved SKP of that year. Status flow::

    pending ──approve──▶ approved ──(a correction of it is approved)──▶ superseded
       │  └──reject───▶ rejected
       └──withdraw──▶ withdrawn

Approved figures are never copied elsewhere: the monthly rollup and the ``activity_total``
shown next to an indicator's self-reported realization are computed from the approved rows
(one source of truth).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum
from kinerja_api.indicators.goals.models import Amount
from kinerja_api.indicators.skp.models import SkpWorkResult
from kinerja_api.organizations.models import Employee


class ReportStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


#: A report's status in words (messages name it in the request's language, never the value).
REPORT_STATUS_LABELS: dict[ReportStatus, dict[str, str]] = {
    ReportStatus.PENDING: {"id": "menunggu tinjauan", "en": "pending review"},
    ReportStatus.APPROVED: {"id": "disetujui", "en": "approved"},
    ReportStatus.REJECTED: {"id": "ditolak", "en": "rejected"},
    ReportStatus.WITHDRAWN: {"id": "ditarik", "en": "withdrawn"},
    ReportStatus.SUPERSEDED: {
        "id": "digantikan laporan koreksi",
        "en": "superseded by a correction",
    },
}

#: Statuses whose time span blocks another report of the same employee on the same day.
OCCUPYING = (ReportStatus.PENDING, ReportStatus.APPROVED)


class ActivityReport(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "activity_reports"
    __table_args__ = (
        # "my reports this month", overlap checks, calendars, rollups per employee
        Index("ix_activity_reports_employee_date", "employee_id", "report_date"),
        # the supervisor's inbox, unit recaps and reminders
        Index("ix_activity_reports_org_status_date", "organization_id", "status", "report_date"),
        Index("ix_activity_reports_work_result", "work_result_id", "report_date"),
        Index("ix_activity_reports_corrects", "corrects_id"),
        CheckConstraint("end_time > start_time", name="time_order"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="lat"),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="lon"
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    report_date: Mapped[date] = mapped_column()
    start_time: Mapped[time] = mapped_column()
    end_time: Mapped[time] = mapped_column()
    minutes: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[float] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(50))
    work_result_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="RESTRICT")
    )
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    # The enum's name names its CHECK: ``ck_activity_reports_status`` (migration 0007).
    status: Mapped[ReportStatus] = mapped_column(
        checked_enum(ReportStatus, "status"), default=ReportStatus.PENDING
    )
    late: Mapped[bool] = mapped_column(default=False)
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("activity_reports.id", ondelete="RESTRICT")
    )
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    reviewed_at: Mapped[datetime | None] = mapped_column()
    review_note: Mapped[str | None] = mapped_column(Text)

    #: For list screens (loaded explicitly with ``joinedload``: no extra statement).
    employee: Mapped[Employee] = relationship(
        lazy="raise", viewonly=True, foreign_keys=[employee_id]
    )
    work_result: Mapped[SkpWorkResult] = relationship(lazy="raise", viewonly=True)
