"""Request/response bodies of organizations and units."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.organizations.config import OrganizationSettingsPatch
from kinerja_api.organizations.models import AgencyKind, TimeZone

CODE_PATTERN = r"^[A-Z0-9][A-Z0-9._-]*$"

_ORG_EXAMPLE: dict[str, Any] = {
    "code": "DINKES-PALU",
    "name": "Dinas Kesehatan Kota Palu",
    "kind": "perangkat_daerah",
    "region": "Kota Palu, Sulawesi Tengah",
    "timezone": "WITA",
}


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                _ORG_EXAMPLE,
                {
                    **_ORG_EXAMPLE,
                    "settings": {"daily_reports": {"grace_days": 3, "late_policy": "flag"}},
                },
            ]
        },
    )

    code: str = Field(min_length=2, max_length=32, pattern=CODE_PATTERN)
    name: str = Field(min_length=3, max_length=200)
    kind: AgencyKind
    region: str = Field(min_length=2, max_length=120)
    timezone: TimeZone = TimeZone.WIB
    settings: OrganizationSettingsPatch | None = Field(
        default=None,
        description="Configuration that differs from the regulation defaults; anything "
        "omitted follows the defaults (see `GET /organizations/{org_id}/settings`).",
    )


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Dinas Kesehatan Kota Palu"}, {"is_active": False}]
        },
    )

    name: str | None = Field(default=None, min_length=3, max_length=200)
    kind: AgencyKind | None = None
    region: str | None = Field(default=None, min_length=2, max_length=120)
    timezone: TimeZone | None = None
    is_active: bool | None = None


class OrganizationRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_ORG_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "is_active": True,
                    "created_at": "2026-01-02T01:00:00Z",
                    "updated_at": "2026-01-02T01:00:00Z",
                    "version": 1,
                }
            ]
        },
    )

    id: uuid.UUID
    code: str
    name: str
    kind: AgencyKind
    region: str
    timezone: TimeZone
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


_UNIT_EXAMPLE: dict[str, Any] = {
    "code": "P2P",
    "name": "Bidang Pencegahan dan Pengendalian Penyakit",
    "parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
}


class UnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_UNIT_EXAMPLE]})

    code: str = Field(min_length=1, max_length=32, pattern=CODE_PATTERN)
    name: str = Field(min_length=2, max_length=200)
    parent_id: uuid.UUID | None = Field(
        default=None, description="Parent unit; null for the top unit of the organization."
    )


class UnitUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Bidang P2P"},
                {"parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01"},
                {"is_active": False},
            ]
        },
    )

    name: str | None = Field(default=None, min_length=2, max_length=200)
    parent_id: uuid.UUID | None = Field(
        default=None, description="Move under another unit (cycles are refused)."
    )
    is_active: bool | None = None


class UnitRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_UNIT_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b02",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "is_active": True,
                    "created_at": "2026-01-02T01:00:00Z",
                    "version": 1,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    parent_id: uuid.UUID | None
    code: str
    name: str
    is_active: bool
    created_at: datetime
    version: int
