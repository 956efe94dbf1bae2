"""Bodies of the results feed for allowance payroll (TPP)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.appraisals.models import AppraisalState
from kinerja_api.core.pagination import Page

_EXAMPLE: dict[str, Any] = {
    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b13",
    "nip": "199504102019032011",
    "name": "Siti Rahma, A.Md.Kep",
    "month": "2026-03",
    "skp_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
    "skp_state": "approved",
    "realization_period": "2026-03",
    "indicators": [
        {
            "indicator_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02",
            "work_result_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d03",
            "name": "Bayi usia 0-11 bulan mendapat imunisasi dasar lengkap",
            "unit": "bayi",
            "target_value": 480,
            "target_text": None,
            "value": 41,
            "rating": None,
            "achievement_percent": 8.5,
        }
    ],
    "activities": {
        "days_reported": 18,
        "minutes": 3780,
        "approved": 18,
        "pending": 2,
        "rejected": 1,
        "late": 1,
    },
    "appraisals": [
        {
            "appraisal_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
            "period_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
            "period_name": "Triwulan I 2026",
            "state": "finalized",
            "predikat": "baik",
        }
    ],
    "updated_at": "2026-04-02T03:00:00Z",
}


class IndicatorResult(BaseModel):
    indicator_id: uuid.UUID
    work_result_id: uuid.UUID
    name: str
    unit: str
    target_value: float | None
    target_text: str | None
    value: float | None = Field(description="Realization of the period (as the SKP shows it).")
    rating: str | None = Field(description="Rating of a descriptive target.")
    achievement_percent: float | None


class ActivityFigures(BaseModel):
    days_reported: int = Field(description="Days with at least one approved report.")
    minutes: int = Field(description="Approved minutes.")
    approved: int
    pending: int
    rejected: int
    late: int = Field(description="Reports flagged late (any status but withdrawn).")


class AppraisalResult(BaseModel):
    appraisal_id: uuid.UUID
    period_id: uuid.UUID
    period_name: str
    state: AppraisalState
    predikat: str | None = Field(
        description="Only once the result is delivered (`finalized`) or an objection decided "
        "(`final`); null while open or objected."
    )


class EmployeeResult(BaseModel):
    """One employee's month for payroll: the same numbers the SKP realization, activity
    summary and appraisal endpoints show."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    employee_id: uuid.UUID
    nip: str
    name: str
    month: str
    skp_id: uuid.UUID | None = Field(description="The year's SKP, once approved.")
    skp_state: str | None
    realization_period: str | None = Field(
        description="The realization period containing the month (monthly, quarterly, ...)."
    )
    indicators: list[IndicatorResult] = Field(
        description="Every indicator of the approved SKP with its realization of the period."
    )
    activities: ActivityFigures
    appraisals: list[AppraisalResult] = Field(
        description="Appraisals of periods overlapping the month."
    )
    updated_at: datetime = Field(
        description="Latest change of anything above (compare with `updated_since`)."
    )


class ResultsPage(Page[EmployeeResult]):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_EXAMPLE], "next_cursor": None, "limit": 50}]}
    )
