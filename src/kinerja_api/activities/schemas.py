"""Pydantic in/out shapes of daily activity reports (examples from scenario 1, Palu)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.activities.models import ReportStatus
from kinerja_api.core.pagination import ListEnvelope
from kinerja_api.core.validation import MONTH_PATTERN, PatchModel
from kinerja_api.organizations.schemas import EmployeeBrief

Quantity = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
Month = Annotated[
    str,
    Field(pattern=MONTH_PATTERN, description="A month, `YYYY-MM`.", examples=["2026-03"]),
]

_EXAMPLE: dict[str, Any] = {
    "report_date": "2026-03-10",
    "start_time": "08:00:00",
    "end_time": "11:30:00",
    "description": "Pelayanan imunisasi di Posyandu Melati",
    "quantity": 34,
    "unit": "bayi",
    "work_result_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
    "evidence_url": "https://drive.example.go.id/posyandu-melati-2026-03-10.jpg",
    "latitude": -0.8917,
    "longitude": 119.8707,
}


class ReportFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=3, max_length=2000)
    quantity: Quantity
    unit: str = Field(min_length=1, max_length=50, description="Satuan, e.g. `bayi`.")
    evidence_url: str | None = Field(default=None, max_length=2000)
    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)


class ReportCreate(ReportFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    report_date: date = Field(description="Day of the activity, in the organization's time zone.")
    start_time: time
    end_time: time
    work_result_id: uuid.UUID = Field(
        description="RHK of the employee's approved SKP of that year."
    )
    corrects_id: uuid.UUID | None = Field(
        default=None,
        description="An approved report this one corrects (same date); when the correction is "
        "approved the old one becomes `superseded`.",
    )


class ReportUpdate(PatchModel):
    """Changes to a pending report; omitted fields stay."""

    clearable = frozenset({"evidence_url", "latitude", "longitude"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"end_time": "12:00:00", "quantity": 36}]},
    )

    report_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    description: str | None = Field(default=None, min_length=3, max_length=2000)
    quantity: Quantity | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=50)
    work_result_id: uuid.UUID | None = None
    evidence_url: str | None = Field(default=None, max_length=2000)
    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)


class ReportRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b12",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b16",
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                    "minutes": 210,
                    "status": "pending",
                    "late": False,
                    "corrects_id": None,
                    "reviewed_by_id": None,
                    "reviewed_at": None,
                    "review_note": None,
                    "created_at": "2026-03-10T04:00:00Z",
                    "updated_at": "2026-03-10T04:00:00Z",
                    "version": 1,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    employee_id: uuid.UUID
    report_date: date
    start_time: time
    end_time: time
    minutes: int
    description: str
    quantity: float
    unit: str
    work_result_id: uuid.UUID
    evidence_url: str | None
    latitude: float | None
    longitude: float | None
    status: ReportStatus
    late: bool
    corrects_id: uuid.UUID | None
    reviewed_by_id: uuid.UUID | None
    reviewed_at: datetime | None
    review_note: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class WorkResultBrief(BaseModel):
    """The RHK a report is filed against, as a list screen shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    statement: str = Field(examples=["Terlaksananya imunisasi dasar bagi 1.200 bayi"])


class InboxItem(ReportRead):
    """A report in the supervisor's inbox: with whose it is (name, NIP) and the RHK's
    statement, so the inbox needs no further call."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b12",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b16",
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                    "minutes": 210,
                    "status": "pending",
                    "late": False,
                    "corrects_id": None,
                    "reviewed_by_id": None,
                    "reviewed_at": None,
                    "review_note": None,
                    "created_at": "2026-03-10T04:00:00Z",
                    "updated_at": "2026-03-10T04:00:00Z",
                    "version": 1,
                    "employee": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                        "nip": "199504102019032011",
                        "name": "Siti Rahma, A.Md.Kep",
                    },
                    "work_result": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
                        "statement": "Terlaksananya imunisasi dasar bagi 1.200 bayi",
                    },
                }
            ]
        },
    )

    employee: EmployeeBrief
    work_result: WorkResultBrief


class ReviewBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"note": "Sesuai, terima kasih."}]}
    )

    note: str | None = Field(default=None, max_length=2000)


class RejectBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "Jumlah bayi tidak sesuai register Posyandu Melati."}]
        },
    )

    reason: str = Field(min_length=3, max_length=2000)


class BatchApprove(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "ids": [
                        "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b12",
                        "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b14",
                    ],
                    "atomic": False,
                }
            ]
        },
    )

    ids: list[uuid.UUID] = Field(min_length=1, max_length=200)
    atomic: bool = Field(
        default=False,
        description="`true`: approve all or nothing (409 `batch_failed` listing the failures); "
        "`false`: approve what can be approved and list the rest.",
    )
    note: str | None = Field(default=None, max_length=2000)


class BatchItem(BaseModel):
    id: uuid.UUID
    ok: bool
    status: ReportStatus | None = None
    code: str | None = Field(default=None, examples=["not_pending"])
    detail: str | None = None


class BatchResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "approved": 1,
                    "failed": 1,
                    "items": [
                        {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b12",
                            "ok": True,
                            "status": "approved",
                            "code": None,
                            "detail": None,
                        },
                        {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b14",
                            "ok": False,
                            "status": None,
                            "code": "not_found",
                            "detail": "Laporan tidak ditemukan.",
                        },
                    ],
                }
            ]
        }
    )

    approved: int
    failed: int
    items: list[BatchItem]


class RhkTotal(BaseModel):
    work_result_id: uuid.UUID
    statement: str
    unit: str
    quantity: float
    minutes: int
    reports: int


class IndicatorTotal(BaseModel):
    """Approved activity quantities next to the self-reported realization of an indicator
    whose unit matches the reports' unit."""

    indicator_id: uuid.UUID
    work_result_id: uuid.UUID
    name: str
    unit: str
    period: str = Field(examples=["2026-03"])
    activity_total: float = Field(description="Sum of approved report quantities in the month.")
    activity_total_year_to_date: float = Field(
        description="Sum from January to the end of the month (realization values are "
        "cumulative for the year to date)."
    )
    realization_value: float | None = Field(
        description="The employee's self-reported realization of that period, if any."
    )


class ActivitySummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                    "month": "2026-03",
                    "days_reported": 18,
                    "minutes": 3780,
                    "approved": 18,
                    "rejected": 1,
                    "pending": 2,
                    "approval_rate": 94.7,
                    "late": 1,
                    "by_work_result": [],
                    "indicators": [],
                }
            ]
        }
    )

    employee_id: uuid.UUID
    month: str
    days_reported: int = Field(description="Days with at least one approved report.")
    minutes: int = Field(description="Approved minutes.")
    approved: int
    rejected: int
    pending: int
    approval_rate: float | None = Field(
        description="Approved / (approved + rejected) in percent; null before any review."
    )
    late: int = Field(description="Reports of the month flagged late (any status but withdrawn).")
    by_work_result: list[RhkTotal]
    indicators: list[IndicatorTotal]


class CalendarDay(BaseModel):
    date: date
    working_day: bool
    holiday: str | None = None
    reports: int
    minutes: int
    approved: int
    pending: int
    rejected: int
    late: int


class ActivityCalendar(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                    "month": "2026-03",
                    "days": [
                        {
                            "date": "2026-03-10",
                            "working_day": True,
                            "holiday": None,
                            "reports": 1,
                            "minutes": 210,
                            "approved": 1,
                            "pending": 0,
                            "rejected": 0,
                            "late": 0,
                        }
                    ],
                }
            ]
        }
    )

    employee_id: uuid.UUID
    month: str
    days: list[CalendarDay]


class RecapRow(BaseModel):
    employee_id: uuid.UUID
    name: str
    nip: str
    days_reported: int
    minutes: int
    approved: int
    pending: int
    rejected: int
    late: int


class UnitRecap(ListEnvelope):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b15",
                    "month": "2026-03",
                    "next_cursor": None,
                    "limit": 50,
                    "items": [
                        {
                            "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                            "name": "Siti Rahma",
                            "nip": "199504102019032011",
                            "days_reported": 18,
                            "minutes": 3780,
                            "approved": 18,
                            "pending": 2,
                            "rejected": 1,
                            "late": 1,
                        }
                    ],
                }
            ]
        }
    )

    unit_id: uuid.UUID
    month: str
    items: list[RecapRow] = Field(description="One row per employee, by name.")


class Reminder(BaseModel):
    employee_id: uuid.UUID
    name: str
    nip: str
    missed_working_days: int
    last_report_date: date | None


class Reminders(ListEnvelope):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b16",
                    "as_of": "2026-03-13",
                    "days": 3,
                    "next_cursor": None,
                    "limit": 50,
                    "items": [
                        {
                            "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
                            "name": "Andi Pratama",
                            "nip": "199607182020121003",
                            "missed_working_days": 4,
                            "last_report_date": "2026-03-06",
                        }
                    ],
                }
            ]
        }
    )

    organization_id: uuid.UUID
    as_of: date = Field(description="Last day counted (yesterday in the organization's zone).")
    days: int
    items: list[Reminder] = Field(description="The employees to remind.")
