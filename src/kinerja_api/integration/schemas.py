"""Request/response bodies of service accounts."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ServiceScope(enum.StrEnum):
    """What a service account may do (OAuth2 scopes). None acts as a person."""

    ACTIVITIES_READ = "activities:read"
    APPRAISALS_READ = "appraisals:read"
    EMPLOYEES_READ = "employees:read"
    EMPLOYEES_WRITE = "employees:write"
    RESULTS_READ = "results:read"


_ACCOUNT_EXAMPLE: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c01",
    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
    "name": "SIMPEG TPP Kota Palu",
    "description": "Tambahan penghasilan pegawai: menarik hasil kinerja bulanan",
    "client_id": "ksa_4f9c2b7e1d0a5c3e",
    "scopes": ["results:read"],
    "is_active": True,
    "revoked_at": None,
    "created_at": "2026-12-01T02:00:00Z",
    "last_used_at": "2026-12-05T01:15:00Z",
    "last_used_ip": "10.20.0.15",
    "secrets": [
        {
            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c02",
            "created_at": "2026-12-01T02:00:00Z",
            "expires_at": None,
        }
    ],
    "version": 1,
}


class ServiceAccountCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "SIMPEG TPP Kota Palu",
                    "description": "Tambahan penghasilan pegawai: menarik hasil kinerja bulanan",
                    "scopes": ["results:read"],
                }
            ]
        },
    )

    name: str = Field(min_length=3, max_length=120, description="Unique in the organization.")
    description: str | None = Field(default=None, max_length=500)
    scopes: list[ServiceScope] = Field(min_length=1, max_length=len(ServiceScope))


class ServiceAccountUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"scopes": ["results:read", "employees:read"]}]},
    )

    name: str | None = Field(default=None, min_length=3, max_length=120)
    description: str | None = Field(default=None, max_length=500)
    scopes: list[ServiceScope] | None = Field(
        default=None,
        min_length=1,
        max_length=len(ServiceScope),
        description="Changing the scopes ends the account's current access tokens.",
    )


class SecretRotate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"grace_minutes": 1440}]}
    )

    grace_minutes: int = Field(
        default=1440,
        ge=0,
        le=30 * 24 * 60,
        description="How long the previous secret keeps working (0: stops at once).",
    )


class SecretRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    expires_at: datetime | None = Field(description="Null for the current secret.")


class ServiceAccountRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [_ACCOUNT_EXAMPLE]}
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    description: str | None
    client_id: str
    scopes: list[str]
    is_active: bool
    revoked_at: datetime | None
    created_at: datetime
    last_used_at: datetime | None = Field(description="When it last obtained a token.")
    last_used_ip: str | None = Field(description="From which client address.")
    secrets: list[SecretRead] = Field(description="Secrets that still work (never their value).")
    version: int


class ServiceAccountCredentials(BaseModel):
    """The only answer that ever contains the secret: store it now."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "client_id": "ksa_4f9c2b7e1d0a5c3e",
                    "client_secret": "kss_Qm7x...",
                    "token_url": "/api/v1/auth/token",
                    "service_account": _ACCOUNT_EXAMPLE,
                }
            ]
        }
    )

    client_id: str
    client_secret: str = Field(description="Shown once; only its SHA-256 is stored.")
    token_url: str = "/api/v1/auth/token"
    service_account: ServiceAccountRead
