"""Request bodies of account administration: create, update, password reset."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from kinerja_api.auth.models import Role
from kinerja_api.auth.schemas import USERNAME_PATTERN
from kinerja_api.core.validation import PatchModel


class PasswordReset(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"new_password": "Sementara-2026"}]}
    )

    new_password: str = Field(
        min_length=1,
        max_length=128,
        description="Temporary password; the user must change it at the next sign-in.",
    )


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "siti.rahma",
                    "email": "siti.rahma@dinkes.palukota.go.id",
                    "full_name": "Siti Rahma, S.Kep",
                    "role": "staff",
                    "password": "Imunisasi-2026",
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e04",
                }
            ]
        },
    )

    username: str = Field(min_length=3, max_length=64, pattern=USERNAME_PATTERN)
    email: EmailStr | None = None
    full_name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str = Field(min_length=1, max_length=128)
    employee_id: uuid.UUID | None = Field(
        default=None,
        description="Employee of the same organization this account belongs to (one account "
        "per employee); the person may then also sign in with their NIP.",
    )
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="Admin accounts only: the OPD (a top-level unit of the organization) "
        "this admin runs; their powers stop at its units and people. Leave out for an "
        "instansi admin (BKPSDM). An OPD admin may only create admins of their own OPD.",
    )


class UserUpdate(PatchModel):
    clearable = frozenset({"email", "employee_id", "opd_id"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"role": "supervisor"},
                {"is_active": False},
                {"employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e04"},
                {"role": "admin", "opd_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01"},
            ]
        },
    )

    email: EmailStr | None = None
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    is_active: bool | None = None
    employee_id: uuid.UUID | None = Field(
        default=None, description="Link to an employee of the same organization; null unlinks."
    )
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="Admin accounts: the OPD this admin runs; null makes an instansi admin "
        "(instansi admins only).",
    )
