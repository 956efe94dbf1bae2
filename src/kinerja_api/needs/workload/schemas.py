"""Request and response bodies of workload analysis (ABK): tasks, the workload report, the
task import.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from kinerja_api.core.pagination import ListEnvelope
from kinerja_api.core.validation import Year
from kinerja_api.needs.examples import ABK_UNIT_ID, ORG_ID, POSITION_ID, STAMPS
from kinerja_api.needs.workload.rules import Grade

#: Decimals travel as JSON numbers (2 decimals at most).
Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


# ---- workload (ABK) ------------------------------------------------------------------------

_TASK: dict[str, Any] = {
    "year": 2026,
    "description": "Melaksanakan imunisasi dasar pada bayi",
    "output_unit": "bayi",
    "volume": 1200,
    "norm_minutes": 25,
}


class WorkloadTaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_TASK]})

    year: Year
    description: str = Field(min_length=3, max_length=500, description="Uraian tugas.")
    output_unit: str = Field(min_length=1, max_length=64, description="Satuan hasil.")
    volume: Decimal = Field(ge=0, le=10_000_000, decimal_places=2, description="Outputs a year.")
    norm_minutes: Decimal = Field(
        gt=0, le=100_000, decimal_places=2, description="Norma waktu: minutes per output."
    )


class WorkloadTaskUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"volume": 1100, "norm_minutes": 20}]}
    )

    description: str | None = Field(default=None, min_length=3, max_length=500)
    output_unit: str | None = Field(default=None, min_length=1, max_length=64)
    volume: Decimal | None = Field(default=None, ge=0, le=10_000_000, decimal_places=2)
    norm_minutes: Decimal | None = Field(default=None, gt=0, le=100_000, decimal_places=2)


class WorkloadTaskRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_TASK,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e4001",
                    "organization_id": ORG_ID,
                    "position_id": POSITION_ID,
                    "workload_minutes": 30000,
                    **STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    position_id: uuid.UUID
    year: int
    description: str
    output_unit: str
    volume: Number
    norm_minutes: Number
    workload_minutes: Number = Field(description="volume × norm_minutes")
    created_at: datetime
    updated_at: datetime
    version: int


class WorkloadFigures(BaseModel):
    workload_minutes: Number
    required_staff: Number = Field(description="Workload / effective minutes, 2 decimals.")
    existing_staff: int = Field(description="Definitive holders on the reference date.")
    job_efficiency: Number | None = Field(description="EJ; null with nobody in place.")
    grade: Grade | None = Field(description="PEJ grade A–E of the EJ.")
    shortage: int = Field(description="Staff missing (required rounded half up − existing).")
    excess: int = Field(description="Staff beyond the requirement.")


class PositionWorkload(WorkloadFigures):
    position_id: uuid.UUID
    position_name: str
    unit_id: uuid.UUID
    tasks: int


class UnitWorkload(WorkloadFigures):
    unit_id: uuid.UUID
    unit_name: str
    positions: int


_FIGURES: dict[str, Any] = {
    "workload_minutes": 82500,
    "required_staff": 1.1,
    "existing_staff": 1,
    "job_efficiency": 1.1,
    "grade": "A",
    "shortage": 0,
    "excess": 0,
}


class WorkloadReport(ListEnvelope):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": ORG_ID,
                    "year": 2026,
                    "reference_date": "2026-12-31",
                    "effective_minutes_per_year": 75000,
                    "next_cursor": None,
                    "limit": 50,
                    "items": [
                        {
                            **_FIGURES,
                            "position_id": POSITION_ID,
                            "position_name": "Perawat Ahli Pertama",
                            "unit_id": ABK_UNIT_ID,
                            "tasks": 3,
                        }
                    ],
                    "units": [
                        {
                            **_FIGURES,
                            "unit_id": ABK_UNIT_ID,
                            "unit_name": "UPTD Puskesmas Talise",
                            "positions": 1,
                        }
                    ],
                    "organization": _FIGURES,
                }
            ]
        }
    )

    organization_id: uuid.UUID
    year: int
    reference_date: date = Field(
        description="Staff are counted on 31 December of the year, or today for the current "
        "year (and later years)."
    )
    effective_minutes_per_year: int
    items: list[PositionWorkload] = Field(description="Active positions, by unit and name.")
    units: list[UnitWorkload] = Field(description="Sums over each unit's own positions.")
    organization: WorkloadFigures


class RowProblem(BaseModel):
    row: int = Field(description="Row number as a spreadsheet shows it (header = 1).")
    column: str | None
    message: str


class WorkloadImportResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2026,
                    "dry_run": False,
                    "rows": 3,
                    "positions": 1,
                    "created": 3,
                    "replaced": 2,
                }
            ]
        }
    )

    year: int
    dry_run: bool
    rows: int = Field(description="Valid rows read.")
    positions: int = Field(description="Positions whose tasks of the year the file replaces.")
    created: int = Field(description="Tasks written (0 on a dry run).")
    replaced: int = Field(description="Earlier tasks of those positions removed (or to be).")
