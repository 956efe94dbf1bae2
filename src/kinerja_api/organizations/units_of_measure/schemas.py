"""Units of measure (satuan) in and out."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.organizations.units_of_measure.rules import Aspect, UnitKind

_EXAMPLE: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c41",
    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
    "name": "pengujian",
    "kind": "count",
    "aspects": ["kuantitas"],
    "description": "Pengujian sampel laboratorium kesehatan daerah",
    "is_default": False,
    "created_at": "2026-01-05T01:00:00Z",
}


class UnitOfMeasureCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "pengujian",
                    "kind": "count",
                    "description": "Pengujian sampel laboratorium kesehatan daerah",
                }
            ]
        },
    )

    name: str = Field(
        min_length=1,
        max_length=64,
        description="The unit as indicators spell it; stored in lower case with single spaces "
        "(`Titik Pantau` → `titik pantau`), and matched the same way.",
        examples=["pengujian"],
    )
    kind: UnitKind = Field(
        description="What the unit measures; it decides the aspects the unit suits: `count`, "
        "`rate`, `score` and `duration` suit kuantitas; `percent`, `score`, `rate` kualitas; "
        "`duration` waktu; `currency` and `percent` biaya.",
        examples=["count"],
    )
    description: str | None = Field(default=None, max_length=500)


class UnitOfMeasureRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_EXAMPLE]})

    id: uuid.UUID
    organization_id: uuid.UUID
    name: str = Field(description="Normalized spelling (lower case, single spaces).")
    kind: UnitKind
    aspects: list[Aspect] = Field(description="The indicator aspects this unit suits.")
    description: str | None
    is_default: bool = Field(description="Seeded from the national SKP forms' units.")
    created_at: datetime
