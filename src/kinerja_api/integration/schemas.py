"""Request/response bodies of service accounts."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.core.outbox import EventType


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


# ---- webhooks ------------------------------------------------------------------------------

_WEBHOOK_EXAMPLE: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
    "url": "https://tpp.palukota.go.id/hooks/kinerja",
    "description": "SIMPEG TPP: hasil penilaian dan SKP",
    "event_types": ["appraisal.finalized", "skp.approved"],
    "active": True,
    "disabled_at": None,
    "disabled_reason": None,
    "consecutive_failures": 0,
    "next_attempt_at": None,
    "last_success_at": "2026-12-05T01:15:00Z",
    "pending_deliveries": 0,
    "created_at": "2026-12-01T02:00:00Z",
    "updated_at": "2026-12-01T02:00:00Z",
    "version": 1,
}


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://tpp.palukota.go.id/hooks/kinerja",
                    "description": "SIMPEG TPP: hasil penilaian dan SKP",
                    "event_types": ["appraisal.finalized", "skp.approved"],
                }
            ]
        },
    )

    url: str = Field(
        min_length=9,
        max_length=2000,
        description="`https://` only; loopback, private and link-local addresses are refused "
        "unless the deployment allows them (`KINERJA_WEBHOOK_ALLOW_PRIVATE_TARGETS`). "
        "Redirects are not followed.",
    )
    description: str | None = Field(default=None, max_length=500)
    event_types: list[EventType] = Field(min_length=1, max_length=len(EventType))


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"active": True}]},
    )

    url: str | None = Field(default=None, min_length=9, max_length=2000)
    description: str | None = Field(default=None, max_length=500)
    event_types: list[EventType] | None = Field(default=None, min_length=1)
    active: bool | None = Field(
        default=None,
        description="`false` stops deliveries (events keep being queued); `true` enables a "
        "disabled subscription again: its waiting deliveries go out in order.",
    )


class WebhookRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_WEBHOOK_EXAMPLE]})

    id: uuid.UUID
    organization_id: uuid.UUID
    url: str
    description: str | None
    event_types: list[str]
    active: bool
    disabled_at: datetime | None
    disabled_reason: str | None = Field(
        description="Why deliveries stopped: an administrator, or the consecutive failures and "
        "the last answer."
    )
    consecutive_failures: int
    next_attempt_at: datetime | None = Field(description="No attempt before this (backoff).")
    last_success_at: datetime | None
    pending_deliveries: int
    created_at: datetime
    updated_at: datetime
    version: int


class WebhookCredentials(BaseModel):
    """The subscription with its signing secret, shown once."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "secret": "whsec_k3Jx9vQm2Lr8Tz1Yw4Nc7Pd0Hs5Gf6Ba",
                    "webhook": _WEBHOOK_EXAMPLE,
                }
            ]
        }
    )

    secret: str = Field(
        description="Signs every delivery (`Kinerja-Signature`); shown only now, keep it."
    )
    webhook: WebhookRead


class DeliveryRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                    "subscription_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                    "event_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f01",
                    "event_type": "skp.approved",
                    "status": "delivered",
                    "attempts": 2,
                    "created_at": "2026-12-05T01:00:00Z",
                    "last_attempt_at": "2026-12-05T01:00:31Z",
                    "delivered_at": "2026-12-05T01:00:31Z",
                    "response_status": 200,
                    "response_body": "ok",
                    "error": None,
                    "duration_ms": 84,
                    "redelivery_of": None,
                }
            ]
        }
    )

    id: uuid.UUID
    subscription_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    status: str = Field(description="`pending` or `delivered`.")
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    response_status: int | None
    response_body: str | None = Field(description="The start of the receiver's answer.")
    error: str | None
    duration_ms: int | None
    redelivery_of: uuid.UUID | None
