"""Request and response bodies of collaboration programs, milestones, partners, members,
contributions and the program dashboard."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kinerja_api.collaboration.models import (
    MemberRole,
    MilestoneStatus,
    PartnerRole,
    PartnerStatus,
    ProgramStatus,
)
from kinerja_api.core.validation import IsoDate, PatchModel

_ORG = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00"
_PARTNER_ORG = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a01"
_PROGRAM = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e8001"
_UNIT = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01"
_GOAL = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1001"
_PARTNER = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e8101"
_EMPLOYEE = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d06"
_RHK = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e4001"
_STAMPS: dict[str, Any] = {
    "created_at": "2026-02-02T02:00:00Z",
    "updated_at": "2026-02-02T02:00:00Z",
}


def _year_range(value: date) -> date:
    if not 2000 <= value.year <= 2100:
        raise ValueError("the year must be between 2000 and 2100")
    return value


Day = Annotated[IsoDate, AfterValidator(_year_range)]
Rupiah = Annotated[int, Field(ge=0, le=10**15, description="Rupiah (IDR), whole.")]
Percent = Annotated[int, Field(ge=0, le=100)]
Currency = Literal["IDR"]

_PROGRAM_BODY: dict[str, Any] = {
    "name": "Sabang Marine Festival 2026",
    "description": "Festival bahari tahunan bersama Dinas Kelautan dan Dinas Perhubungan",
    "goal_ids": [_GOAL],
    "lead_unit_id": _UNIT,
    "start_date": "2026-03-01",
    "end_date": "2026-11-30",
    "budget_planned": 1500000000,
    "budget_used": 0,
    "currency": "IDR",
    "status": "active",
    "progress_percent": 10,
}


class ProgramCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                _PROGRAM_BODY,
                {
                    "name": "Peningkatan Jalan Lingkar Rangkui",
                    "start_date": "2026-03-01",
                    "end_date": "2026-11-30",
                    "budget_planned": 4200000000,
                },
            ]
        },
    )

    name: str = Field(min_length=3, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    goal_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Goals of the lead organization served."
    )
    lead_unit_id: uuid.UUID | None = Field(
        default=None, description="The leading unit (OPD) of your organization, if any."
    )
    start_date: Day
    end_date: Day = Field(description="After `start_date`.")
    budget_planned: Rupiah = 0
    budget_used: Rupiah = 0
    currency: Currency = "IDR"
    status: ProgramStatus = ProgramStatus.PLANNED
    progress_percent: Percent = 0


class ProgramUpdate(PatchModel):
    clearable = frozenset({"description"})
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"budget_used": 350000000, "progress_percent": 35}]},
    )

    name: str | None = Field(default=None, min_length=3, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    start_date: Day | None = None
    end_date: Day | None = None
    budget_planned: Rupiah | None = None
    budget_used: Rupiah | None = None
    currency: Currency | None = None
    status: ProgramStatus | None = None
    progress_percent: Percent | None = None


class MilestoneCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Penetapan panitia bersama", "planned_date": "2026-04-15"}]
        },
    )

    name: str = Field(min_length=3, max_length=300)
    planned_date: Day = Field(description="Inside the program's schedule.")
    actual_date: Day | None = None
    status: MilestoneStatus = MilestoneStatus.PLANNED
    progress_percent: Percent = 0


class MilestoneUpdate(PatchModel):
    clearable = frozenset({"actual_date"})
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"status": "done", "actual_date": "2026-04-20", "progress_percent": 100}]
        },
    )

    name: str | None = Field(default=None, min_length=3, max_length=300)
    planned_date: Day | None = None
    actual_date: Day | None = None
    status: MilestoneStatus | None = None
    progress_percent: Percent | None = None


class PartnerInvite(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"organization_id": _PARTNER_ORG, "unit_id": None}]},
    )

    organization_id: uuid.UUID = Field(description="The partner instansi (your own for an OPD).")
    unit_id: uuid.UUID | None = Field(default=None, description="The partner OPD (unit), if any.")


class Reason(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "Anggaran tahun ini sudah terikat program lain"}]
        },
    )

    reason: str = Field(min_length=3, max_length=1000)


class MemberSet(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"employee_id": _EMPLOYEE, "role": "coordinator"}]},
    )

    employee_id: uuid.UUID = Field(description="An employee of the partner's organization.")
    role: MemberRole


class ContributionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"work_result_id": _RHK}]}
    )

    work_result_id: uuid.UUID = Field(description="An RHK of your own SKP.")


class MilestoneRead(BaseModel):
    id: uuid.UUID
    program_id: uuid.UUID
    name: str
    planned_date: date
    actual_date: date | None
    status: MilestoneStatus
    progress_percent: int
    late: bool = Field(description="Done after, or not done by, its planned date.")
    version: int


class PartnerRead(BaseModel):
    id: uuid.UUID
    program_id: uuid.UUID
    organization_id: uuid.UUID
    organization_name: str
    unit_id: uuid.UUID | None
    unit_name: str | None
    role: PartnerRole
    status: PartnerStatus
    reason: str | None
    responded_at: datetime | None
    version: int


class MemberRead(BaseModel):
    id: uuid.UUID
    partner_id: uuid.UUID
    employee_id: uuid.UUID
    name: str
    role: MemberRole


class ContributionRead(BaseModel):
    id: uuid.UUID
    partner_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str
    work_result_id: uuid.UUID
    statement: str = Field(description="The RHK's statement (nothing else of the SKP).")
    achievement_percent: float | None = Field(
        description="Mean of the RHK's indicators' latest achievement."
    )


class ProgramRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_PROGRAM_BODY,
                    "id": _PROGRAM,
                    "organization_id": _ORG,
                    "lead_organization_name": "Dinas Kebudayaan dan Pariwisata Kota Sabang",
                    "milestones": [],
                    "partners": [],
                    "members": [],
                    "contributions": [],
                    "my_partner_ids": [_PARTNER],
                    "version": 1,
                    **_STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID = Field(description="The lead organization.")
    lead_organization_name: str
    lead_unit_id: uuid.UUID | None
    name: str
    description: str | None
    goal_ids: list[uuid.UUID]
    start_date: date
    end_date: date
    budget_planned: int
    budget_used: int
    currency: str
    status: ProgramStatus
    progress_percent: int
    milestones: list[MilestoneRead]
    partners: list[PartnerRead]
    members: list[MemberRead] = Field(description="Members of accepted partners.")
    contributions: list[ContributionRead]
    my_partner_ids: list[uuid.UUID] = Field(
        description="The partner rows your organization answers for."
    )
    version: int
    created_at: datetime
    updated_at: datetime


class PartnerContribution(BaseModel):
    partner_id: uuid.UUID
    organization_name: str
    unit_name: str | None
    status: PartnerStatus
    members: int
    work_results: int = Field(description="RHK referring to the program.")
    achievement_percent: float | None = Field(
        description="Mean achievement of those RHK (each: mean of its indicators' latest)."
    )


class ProgramDashboard(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "program_id": _PROGRAM,
                    "name": "Sabang Marine Festival 2026",
                    "status": "active",
                    "progress_percent": 35,
                    "budget_planned": 1500000000,
                    "budget_used": 350000000,
                    "budget_used_percent": 23.3,
                    "milestones_total": 4,
                    "milestones_done": 1,
                    "milestones_late": 1,
                    "milestones": [],
                    "partners": [],
                }
            ]
        }
    )

    program_id: uuid.UUID
    name: str
    status: ProgramStatus
    progress_percent: int
    budget_planned: int
    budget_used: int
    budget_used_percent: float | None
    milestones_total: int
    milestones_done: int
    milestones_late: int
    milestones: list[MilestoneRead]
    partners: list[PartnerContribution] = Field(description="The lead and accepted partners.")


class ProgramContributionSummary(BaseModel):
    """A program the appraised contributed to (for the BerAKHLAK value kolaboratif)."""

    program_id: uuid.UUID
    name: str
    lead_organization_name: str
    role: MemberRole | None
    work_results: list[ContributionRead]
