"""Request/response bodies of sign-in and account management."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.auth.models import Role
from kinerja_api.auth.permissions import Perm
from kinerja_api.core.patterns import described

USERNAME_PATTERN = described(
    r"^[A-Za-z0-9._@-]+$",
    id="huruf A–Z atau a–z, angka, '.', '_', '@' atau '-', tanpa spasi",
    en="letters A–Z or a–z, digits, '.', '_', '@' or '-', no spaces",
)


class TokenPair(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
                    "token_type": "bearer",
                    "expires_in": 900,
                    "refresh_token": "q3Wc1hV1nK6...",
                    "refresh_expires_in": 1209600,
                }
            ]
        }
    )

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = Field(
        default=None,
        description="Rotating refresh token of a person's sign-in; none for a service "
        "account (client credentials: ask for a new access token instead).",
    )
    refresh_expires_in: int | None = None
    scope: str | None = Field(
        default=None, description="The scopes granted to a service account's token."
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"refresh_token": "q3Wc1hV1nK6pZ0rXb7Yt2LmA9sDe4FgH"}]},
    )

    refresh_token: str = Field(min_length=16, max_length=256)


class LogoutRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"all_sessions": False}]}
    )

    all_sessions: bool = Field(
        default=False, description="Also end every other sign-in of this account."
    )


class PasswordChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"current_password": "Demo-Staf-2026", "new_password": "Kinerja-Baru-2027"}
            ]
        },
    )

    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Field(min_length=1, max_length=128)


_USER_EXAMPLE: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
    "username": "siti.rahma",
    "email": "siti.rahma@dinkes.palukota.go.id",
    "full_name": "Siti Rahma, S.Kep",
    "role": "staff",
    "is_active": True,
    "must_change_password": False,
    "last_login_at": "2026-11-25T01:15:00Z",
    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e04",
    "created_at": "2026-01-05T02:00:00Z",
    "version": 1,
}


class UserRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [_USER_EXAMPLE]},
    )

    id: uuid.UUID
    organization_id: uuid.UUID | None
    username: str
    email: str | None
    full_name: str
    role: Role
    is_active: bool
    must_change_password: bool
    last_login_at: datetime | None
    employee_id: uuid.UUID | None
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="On an admin account: the OPD (top-level unit) it administers; null "
        "for an instansi admin (BKPSDM), who administers the whole organization.",
    )
    created_at: datetime
    version: int


class Me(UserRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**_USER_EXAMPLE, "permissions": ["employees:read", "organization:read"]}]
        }
    )

    permissions: list[Perm] = Field(
        description="Permissions granted by the role (a service account: by its scopes)."
    )
