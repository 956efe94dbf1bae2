"""Request and response bodies of competencies, standards, assessments, gaps, development
plans, learning hours and the development budget.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kinerja_api.core.pagination import ListEnvelope
from kinerja_api.core.patterns import LongCode
from kinerja_api.core.validation import Year
from kinerja_api.needs.development.models import (
    AssessmentSource,
    CompetencyKind,
    DevelopmentType,
    PlanStatus,
)
from kinerja_api.needs.examples import ABK_UNIT_ID, NEED_ID, ORG_ID, POSITION_ID, STAMPS
from kinerja_api.needs.workload.schemas import Number

Level = Annotated[int, Field(ge=1, le=5, description="Level 1–5.", examples=[3])]
_EMPLOYEE_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d06"
_COMPETENCY_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e3003"


# ---- competencies --------------------------------------------------------------------------


class CompetencyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "MANAJEMEN_PROYEK_KONSTRUKSI",
                    "name": "Manajemen Proyek Konstruksi",
                    "kind": "teknis",
                }
            ]
        },
    )

    code: LongCode = Field(examples=["BAHASA_INGGRIS_PELAYANAN"])
    name: str = Field(min_length=3, max_length=200)
    kind: CompetencyKind
    description: str | None = Field(default=None, max_length=2000)


class CompetencyRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _COMPETENCY_ID,
                    "organization_id": ORG_ID,
                    "code": "KOMUNIKASI",
                    "name": "Komunikasi",
                    "kind": "manajerial",
                    "description": None,
                    "is_active": True,
                    **STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    code: str
    name: str
    kind: CompetencyKind
    description: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


class StandardSet(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"competency_id": _COMPETENCY_ID, "required_level": 3}]},
    )

    competency_id: uuid.UUID
    required_level: Level


class StandardRead(BaseModel):
    id: uuid.UUID
    position_id: uuid.UUID
    competency_id: uuid.UUID
    competency_code: str
    competency_name: str
    kind: CompetencyKind
    required_level: int
    version: int


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "competency_id": _COMPETENCY_ID,
                    "level": 2,
                    "source": "supervisor",
                    "assessed_on": "2026-06-30",
                    "note": "Penjelasan kepada pengunjung belum runtut",
                }
            ]
        },
    )

    competency_id: uuid.UUID
    level: Level
    source: AssessmentSource
    assessed_on: date
    note: str | None = Field(default=None, max_length=1000)


class AssessmentRead(BaseModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    competency_id: uuid.UUID
    level: int
    source: AssessmentSource
    assessed_on: date
    note: str | None
    recorded_by: uuid.UUID | None
    created_at: datetime


class CompetencyGap(BaseModel):
    competency_id: uuid.UUID
    code: str
    name: str
    kind: CompetencyKind
    required_level: int
    actual_level: int | None = Field(description="Latest assessed level; null: not assessed.")
    gap: int = Field(description="Standard − actual (unassessed counts as 0); > 0: below.")
    assessed_on: date | None
    source: AssessmentSource | None


class EmployeeGapReport(ListEnvelope):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "employee_id": _EMPLOYEE_ID,
                    "position_id": POSITION_ID,
                    "next_cursor": None,
                    "limit": 50,
                    "items": [
                        {
                            "competency_id": _COMPETENCY_ID,
                            "code": "komunikasi",
                            "name": "Komunikasi",
                            "kind": "manajerial",
                            "required_level": 3,
                            "actual_level": 2,
                            "gap": 1,
                            "assessed_on": "2026-06-30",
                            "source": "supervisor",
                        }
                    ],
                }
            ]
        }
    )

    employee_id: uuid.UUID
    position_id: uuid.UUID | None = Field(description="Position whose standard applies today.")
    items: list[CompetencyGap] = Field(description="One per competency of the standard.")


class GapSummaryRead(BaseModel):
    competency_id: uuid.UUID
    code: str
    name: str
    employees: int = Field(description="Employees whose position's standard has it.")
    with_gap: int = Field(description="Of whom below the standard.")
    average_gap: Number = Field(description="Mean gap of those below (0 when none).")


class GapAggregate(ListEnvelope):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": ORG_ID,
                    "unit_id": ABK_UNIT_ID,
                    "employees": 2,
                    "next_cursor": None,
                    "limit": 50,
                    "items": [
                        {
                            "competency_id": _COMPETENCY_ID,
                            "code": "komunikasi",
                            "name": "Komunikasi",
                            "employees": 2,
                            "with_gap": 1,
                            "average_gap": 1,
                        }
                    ],
                }
            ]
        }
    )

    organization_id: uuid.UUID
    unit_id: uuid.UUID | None
    employees: int = Field(description="Employees in your scope that the report covers.")
    items: list[GapSummaryRead] = Field(description="One per competency, most with a gap first.")


# ---- development plans ---------------------------------------------------------------------

_PLAN: dict[str, Any] = {
    "year": 2026,
    "type": "training",
    "title": "Pelatihan Bahasa Inggris untuk Pelayanan Wisata",
    "competency_id": None,
    "need_id": NEED_ID,
    "provider": "BPSDM Provinsi Aceh",
    "start_date": "2026-05-11",
    "end_date": "2026-05-15",
    "budget": 7500000,
    "learning_hours": 32,
}


class _PlanChecks(BaseModel):
    @model_validator(mode="after")
    def _dates(self) -> Any:
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start is not None and end is not None and end < start:
            raise ValueError("end_date must not be before start_date")
        return self


class DevelopmentPlanCreate(_PlanChecks):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_PLAN]})

    year: Year
    type: DevelopmentType
    title: str = Field(min_length=3, max_length=300)
    competency_id: uuid.UUID | None = None
    need_id: uuid.UUID | None = Field(default=None, description="The need the plan covers.")
    provider: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    budget: int = Field(default=0, ge=0, le=10**12, description="Rupiah.")
    learning_hours: int = Field(default=0, ge=0, le=1000, description="Jam pelajaran (JP).")
    status: PlanStatus = PlanStatus.PLANNED
    evidence: str | None = Field(
        default=None, min_length=3, max_length=1000, description="Link or note; needed for done."
    )


class DevelopmentPlanUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"status": "done", "evidence": "https://bpsdm.acehprov.go.id/sertifikat/123"}
            ]
        },
    )

    type: DevelopmentType | None = None
    title: str | None = Field(default=None, min_length=3, max_length=300)
    competency_id: uuid.UUID | None = None
    need_id: uuid.UUID | None = None
    provider: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    budget: int | None = Field(default=None, ge=0, le=10**12)
    learning_hours: int | None = Field(default=None, ge=0, le=1000)
    status: PlanStatus | None = None
    evidence: str | None = Field(default=None, min_length=3, max_length=1000)


class DevelopmentPlanRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_PLAN,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e5001",
                    "organization_id": ORG_ID,
                    "employee_id": _EMPLOYEE_ID,
                    "status": "planned",
                    "evidence": None,
                    "approved": True,
                    "approved_at": "2026-03-02T01:00:00Z",
                    "dialogue_action_id": None,
                    **STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    employee_id: uuid.UUID
    year: int
    type: DevelopmentType
    title: str
    competency_id: uuid.UUID | None
    need_id: uuid.UUID | None
    provider: str | None
    start_date: date | None
    end_date: date | None
    budget: int
    learning_hours: int
    status: PlanStatus
    evidence: str | None
    approved: bool = Field(description="False while the employee's own proposal waits.")
    approved_at: datetime | None
    dialogue_action_id: uuid.UUID | None = Field(
        default=None, description="The performance-dialogue action this item came from."
    )
    created_at: datetime
    updated_at: datetime
    version: int


class LearningHoursRow(BaseModel):
    employee_id: uuid.UUID
    nip: str
    name: str
    unit_id: uuid.UUID | None
    done_hours: int = Field(description="JP of the year's plans that are done.")
    missing_hours: int


class LearningHoursReport(ListEnvelope):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": ORG_ID,
                    "year": 2026,
                    "minimum_hours": 20,
                    "employees": 12,
                    "next_cursor": None,
                    "limit": 50,
                    "items": [
                        {
                            "employee_id": _EMPLOYEE_ID,
                            "nip": "199504102019032011",
                            "name": "Siti Rahma",
                            "unit_id": ABK_UNIT_ID,
                            "done_hours": 8,
                            "missing_hours": 12,
                        }
                    ],
                }
            ]
        }
    )

    organization_id: uuid.UUID
    year: int
    minimum_hours: int
    employees: int = Field(description="Active employees in your scope.")
    items: list[LearningHoursRow] = Field(
        description="Employees below the minimum, most missing first."
    )


class BudgetTotals(BaseModel):
    plans: int
    budget: int = Field(description="Rupiah of plans not cancelled.")
    budget_done: int = Field(description="Rupiah of plans done.")
    learning_hours: int


class UnitBudget(BudgetTotals):
    unit_id: uuid.UUID | None = Field(description="null: employees without a position.")
    unit_name: str | None


class BudgetReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": ORG_ID,
                    "year": 2026,
                    "units": [
                        {
                            "unit_id": ABK_UNIT_ID,
                            "unit_name": "Seksi Pelayanan Informasi",
                            "plans": 1,
                            "budget": 7500000,
                            "budget_done": 0,
                            "learning_hours": 32,
                        }
                    ],
                    "organization": {
                        "plans": 1,
                        "budget": 7500000,
                        "budget_done": 0,
                        "learning_hours": 32,
                    },
                }
            ]
        }
    )

    organization_id: uuid.UUID
    year: int
    units: list[UnitBudget]
    organization: BudgetTotals
