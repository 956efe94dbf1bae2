"""Request/response bodies of organizations, units, positions, employees and the chain."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from kinerja_api.core.labels import enum_labels
from kinerja_api.core.patterns import CODE_PATTERN, Code, described, upper_case
from kinerja_api.core.validation import PatchModel
from kinerja_api.organizations.chain import Basis
from kinerja_api.organizations.config import OrganizationSettingsPatch
from kinerja_api.organizations.models import (
    AgencyKind,
    AssignmentKind,
    EmployeeKind,
    EmployeeStatus,
    FunctionalLevel,
    PositionKind,
    StructuralLevel,
    TimeZone,
    TransferRequestStatus,
)

#: An organization's code: 2–32 characters, stored upper case like every code.
OrgCode = Annotated[
    str, Field(min_length=2, max_length=32, pattern=CODE_PATTERN), AfterValidator(upper_case)
]

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

    code: OrgCode
    name: str = Field(min_length=3, max_length=200)
    kind: AgencyKind
    region: str = Field(min_length=2, max_length=120)
    timezone: TimeZone = TimeZone.WIB
    settings: OrganizationSettingsPatch | None = Field(
        default=None,
        description="Configuration that differs from the regulation defaults; anything "
        "omitted follows the defaults (see `GET /organizations/{org_id}/settings`).",
    )


class OrganizationUpdate(PatchModel):
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

    code: Code
    name: str = Field(min_length=2, max_length=200)
    parent_id: uuid.UUID | None = Field(
        default=None, description="Parent unit; null for the top unit of the organization."
    )


class UnitUpdate(PatchModel):
    clearable = frozenset({"parent_id", "head_position_id"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Bidang P2P"},
                {"parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01"},
                {"head_position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02"},
                {"is_active": False},
            ]
        },
    )

    name: str | None = Field(default=None, min_length=2, max_length=200)
    parent_id: uuid.UUID | None = Field(
        default=None, description="Move under another unit (cycles are refused)."
    )
    head_position_id: uuid.UUID | None = Field(
        default=None,
        description="The unit's head position (kepala unit); must be an active position of "
        "this unit. Null clears it.",
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
                    "head_position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02",
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
    head_position_id: uuid.UUID | None
    is_active: bool
    created_at: datetime
    version: int


class UnitInTree(UnitRead):
    """A unit of a subtree with its distance from the subtree's root (0 = the root)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b02",
                    "code": "SURV-IMUN",
                    "name": "Seksi Surveilans dan Imunisasi",
                    "head_position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d03",
                    "is_active": True,
                    "created_at": "2026-01-02T01:00:00Z",
                    "version": 1,
                    "depth": 2,
                }
            ]
        }
    )

    depth: int = Field(ge=0, description="0 for the unit asked for, 1 for its children, ...")


_UNIT_BRIEF: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
    "code": "PKM-TALISE",
    "name": "UPTD Puskesmas Talise",
}


class UnitBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_UNIT_BRIEF]})

    id: uuid.UUID
    code: str
    name: str


class EmployeeBrief(BaseModel):
    """An employee as list screens show them (null NIP: the regional head, not an ASN)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e05",
                    "nip": "199504102019032011",
                    "name": "Siti Rahma, A.Md.Kep",
                }
            ]
        },
    )

    id: uuid.UUID
    nip: str | None
    name: str


class PositionRef(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01", "name": "Kepala Dinas"}]
        },
    )

    id: uuid.UUID
    name: str


# ---- positions -----------------------------------------------------------------------------

_POSITION_EXAMPLE: dict[str, Any] = {
    "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
    "name": "Kepala UPTD Puskesmas Talise",
    "kind": "struktural",
    "level": "pengawas",
    "jenjang": None,
    "job_class": 9,
    "superior_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
}


class PositionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            # What the rules require by kind, said by the schema (position_kind_problems).
            "oneOf": [
                {
                    "title": "Structural position",
                    "properties": {"kind": {"const": "struktural"}},
                    "required": ["level"],
                },
                {
                    "title": "Functional position",
                    "properties": {"kind": {"const": "fungsional"}},
                    "required": ["jenjang"],
                },
                {"title": "Pelaksana position", "properties": {"kind": {"const": "pelaksana"}}},
            ],
            "examples": [
                _POSITION_EXAMPLE,
                {
                    "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
                    "name": "Perawat Ahli Pertama",
                    "kind": "fungsional",
                    "jenjang": "ahli_pertama",
                    "job_class": 8,
                    "superior_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d04",
                },
            ],
        },
    )

    unit_id: uuid.UUID = Field(description="Unit of the position (same organization).")
    name: str = Field(min_length=2, max_length=200)
    kind: PositionKind
    level: StructuralLevel | None = Field(
        default=None, description="Required for `struktural`, refused otherwise."
    )
    jenjang: FunctionalLevel | None = Field(
        default=None, description="Required for `fungsional`, refused otherwise."
    )
    job_class: int = Field(ge=1, le=17, description="Kelas jabatan, 1–17.")
    superior_id: uuid.UUID | None = Field(
        default=None,
        description="Superior position (atasan langsung); null only for the top position.",
    )


class PositionUpdate(PatchModel):
    clearable = frozenset({"level", "jenjang", "superior_id"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Kepala Seksi Surveilans dan Imunisasi"},
                {"superior_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02"},
                {"kind": "fungsional", "level": None, "jenjang": "ahli_muda"},
                {"is_active": False},
            ]
        },
    )

    unit_id: uuid.UUID | None = None
    name: str | None = Field(default=None, min_length=2, max_length=200)
    kind: PositionKind | None = None
    level: StructuralLevel | None = None
    jenjang: FunctionalLevel | None = None
    job_class: int | None = Field(default=None, ge=1, le=17)
    superior_id: uuid.UUID | None = Field(
        default=None, description="New superior position; cycles in the chain are refused."
    )
    is_active: bool | None = None


class PositionRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_POSITION_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d04",
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
    unit_id: uuid.UUID
    superior_id: uuid.UUID | None
    name: str
    kind: PositionKind
    level: StructuralLevel | None
    jenjang: FunctionalLevel | None
    job_class: int
    is_active: bool
    created_at: datetime
    version: int


class PositionListItem(PositionRead):
    """A position in a list: with its unit's code and name and its superior position's name,
    so a list screen needs no further call."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_POSITION_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d04",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "is_active": True,
                    "created_at": "2026-01-02T01:00:00Z",
                    "version": 1,
                    "unit": _UNIT_BRIEF,
                    "superior": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                        "name": "Kepala Dinas Kesehatan",
                    },
                }
            ]
        },
    )

    unit: UnitBrief
    superior: PositionRef | None


_POSITION_BRIEF: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d05",
    "name": "Perawat Ahli Pertama",
    "kind": "fungsional",
    "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
}


class PositionBrief(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [_POSITION_BRIEF]}
    )

    id: uuid.UUID
    name: str
    kind: PositionKind
    unit_id: uuid.UUID


# ---- org chart -----------------------------------------------------------------------------


_HOLDER: dict[str, Any] = {
    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
    "name": "dr. Nurhaya Lamato, M.Kes",
    "kind": "plt",
    "start_date": "2026-10-01",
    "end_date": "2026-12-31",
}


class ChartHolder(BaseModel):
    """Who holds a position on the chart's date (directory fields only)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_HOLDER]})

    employee_id: uuid.UUID
    name: str
    kind: AssignmentKind
    start_date: date
    end_date: date | None


class ChartPosition(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d03",
                    "name": "Kepala Seksi Surveilans dan Imunisasi",
                    "kind": "struktural",
                    "level": "pengawas",
                    "jenjang": None,
                    "job_class": 9,
                    "superior_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02",
                    "is_head": True,
                    "is_active": True,
                    "holders": [_HOLDER],
                }
            ]
        }
    )

    id: uuid.UUID
    name: str
    kind: PositionKind
    level: StructuralLevel | None
    jenjang: FunctionalLevel | None
    job_class: int
    superior_id: uuid.UUID | None
    is_head: bool = Field(description="The position is the head of its unit.")
    is_active: bool
    holders: list[ChartHolder]


class ChartUnit(BaseModel):
    """A unit with its positions (head first) and, nested, its sub-units."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b02",
                    "code": "P2P",
                    "name": "Bidang Pencegahan dan Pengendalian Penyakit",
                    "parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
                    "head_position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02",
                    "is_active": True,
                    "positions": [
                        {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d02",
                            "name": "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
                            "kind": "struktural",
                            "level": "administrator",
                            "jenjang": None,
                            "job_class": 11,
                            "superior_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                            "is_head": True,
                            "is_active": True,
                            "holders": [
                                {
                                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
                                    "name": "dr. Nurhaya Lamato, M.Kes",
                                    "kind": "definitive",
                                    "start_date": "2021-01-04",
                                    "end_date": None,
                                }
                            ],
                        }
                    ],
                    "children": [],
                }
            ]
        }
    )

    id: uuid.UUID
    code: str
    name: str
    parent_id: uuid.UUID | None
    head_position_id: uuid.UUID | None
    is_active: bool
    positions: list[ChartPosition]
    children: list[ChartUnit]


# ---- employees -----------------------------------------------------------------------------

NIP_FIELD_DESCRIPTION = (
    "18-digit NIP: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, sex (1 male, "
    "2 female), sequence 001–999. Spaces are ignored."
)
PHONE_PATTERN = described(
    r"^\+?[0-9][0-9 -]{5,24}$",
    id="nomor telepon: angka, spasi atau '-', boleh diawali '+' (misalnya +62 812 3456 7890)",
    en="a phone number: digits, spaces or '-', optionally starting with '+' (for example "
    "+62 812 3456 7890)",
)

_EMPLOYEE_EXAMPLE: dict[str, Any] = {
    "nip": "199504102019032011",
    "name": "Siti Rahma, A.Md.Kep",
    "golongan": "III/a",
    "email": "siti.rahma@dinkes.palukota.go.id",
    "phone": "+62 812 4567 8901",
    "status": "active",
}


_REGIONAL_HEAD_EXAMPLE: dict[str, Any] = {
    "kind": "regional_head",
    "name": "H. Hadianto Rasyid, S.E.",
    "opd_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b00",
}


class EmployeeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [_EMPLOYEE_EXAMPLE, _REGIONAL_HEAD_EXAMPLE],
            # An ASN (the default kind) has a NIP; only the regional head has none.
            "oneOf": [
                {"title": "ASN", "properties": {"kind": {"const": "asn"}}, "required": ["nip"]},
                {
                    "title": "Regional head",
                    "properties": {"kind": {"const": "regional_head"}},
                    "required": ["kind"],
                },
            ],
        },
    )

    kind: EmployeeKind = Field(
        default=EmployeeKind.ASN,
        description="`asn`, or `regional_head`: the Bupati/Wali Kota/minister at the top of "
        "the chain, who is not an ASN (no NIP, no SKP) but appraises the Sekda.",
    )
    nip: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description=NIP_FIELD_DESCRIPTION + " Required for an ASN; a regional head has none.",
    )
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="The OPD (top-level unit) the employee belongs to. An OPD admin's "
        "employees always belong to their OPD (leave it out or send it); an instansi admin "
        "may leave it out, and the first definitive position places the employee.",
    )
    name: str = Field(min_length=2, max_length=200, description="Full name with titles.")
    golongan: str | None = Field(
        default=None,
        max_length=60,
        description="Golongan ruang I/a .. IV/e (`III/a`, `III.a` or `Penata Muda / III.a`).",
    )
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=32, pattern=PHONE_PATTERN)
    status: EmployeeStatus = EmployeeStatus.ACTIVE


class EmployeeUpdate(PatchModel):
    clearable = frozenset({"golongan", "email", "phone"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"golongan": "III/b"}, {"status": "leave"}, {"phone": None}]
        },
    )

    nip: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=2, max_length=200)
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="Move the employee to another OPD of the instansi (instansi admins only).",
    )
    golongan: str | None = Field(default=None, max_length=60)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=32, pattern=PHONE_PATTERN)
    status: EmployeeStatus | None = Field(
        default=None,
        description="`retired`/`transferred` are refused while the employee still holds or "
        "will hold positions; end the assignments first. Use the transfer action to move an "
        "employee to another organization on this platform.",
    )


_EMPLOYEE_READ_EXAMPLE: dict[str, Any] = {
    **_EMPLOYEE_EXAMPLE,
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e04",
    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
    "opd_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
    "kind": "asn",
    "visibility": "full",
    "position": {
        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d05",
        "name": "Perawat Ahli Pertama",
        "kind": "fungsional",
        "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
    },
    "unit": {
        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
        "code": "PKM-TALISE",
        "name": "UPTD Puskesmas Talise",
    },
    "pangkat": "Penata Muda",
    "birth_date": "1995-04-10",
    "sex": "female",
    "account_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
    "created_at": "2026-01-05T02:00:00Z",
    "version": 1,
}


class EmployeeRead(BaseModel):
    """An employee as the caller may see them.

    ``visibility`` is ``full`` for one's own record, one's subordinates (by the position
    chain) and for admins of the organization; otherwise ``directory``: only name, position
    and unit are filled and every other field is null.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [_EMPLOYEE_READ_EXAMPLE]})

    id: uuid.UUID
    organization_id: uuid.UUID
    opd_id: uuid.UUID | None = Field(
        default=None, description="The OPD (top-level unit) the employee belongs to."
    )
    kind: EmployeeKind = Field(
        default=EmployeeKind.ASN, description="`asn`, or `regional_head` (not an ASN: no NIP)."
    )
    name: str
    visibility: Literal["full", "directory"]
    position: PositionBrief | None = Field(
        description="Current position: the definitive one, else an acting one."
    )
    unit: UnitBrief | None = Field(description="Unit of the current position.")
    nip: str | None = None
    golongan: str | None = None
    pangkat: str | None = None
    email: str | None = None
    phone: str | None = None
    status: EmployeeStatus | None = None
    birth_date: date | None = Field(default=None, description="From the NIP.")
    sex: Literal["male", "female"] | None = Field(default=None, description="From the NIP.")
    account_id: uuid.UUID | None = Field(default=None, description="Linked user account.")
    created_at: datetime | None = None
    version: int | None = None


class TeamMember(EmployeeRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e04",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "name": "Siti Rahma, A.Md.Kep",
                    "visibility": "full",
                    "position": _POSITION_BRIEF,
                    "unit": _UNIT_BRIEF,
                    "nip": "199504102019032011",
                    "golongan": "III/a",
                    "pangkat": "Penata Muda",
                    "email": "siti.rahma@dinkes.palukota.go.id",
                    "phone": "+62 812 4567 8901",
                    "status": "active",
                    "birth_date": "1995-04-10",
                    "sex": "female",
                    "account_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
                    "created_at": "2026-01-05T02:00:00Z",
                    "version": 1,
                    "depth": 1,
                    "direct": True,
                }
            ]
        }
    )

    depth: int = Field(ge=1, description="1 for direct subordinates, 2 for theirs, ...")
    direct: bool


class EmployeeSummary(BaseModel):
    """An employee in admin lists (data quality)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                    "nip": "197005121998031004",
                    "name": "dr. Herry Mulyadi, M.Kes",
                    "status": "active",
                }
            ]
        },
    )

    id: uuid.UUID
    nip: str | None = Field(description="Null for the regional head (not an ASN).")
    name: str
    status: EmployeeStatus


class EmployeeRef(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {"id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02", "name": "dr. Nurhaya Lamato, M.Kes"}
            ]
        },
    )

    id: uuid.UUID
    name: str


# ---- assignments ---------------------------------------------------------------------------


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d05",
                    "kind": "definitive",
                    "start_date": "2026-01-02",
                    "end_date": None,
                    "decree_number": "800/112/BKPSDM/2025",
                },
                {
                    "position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d03",
                    "kind": "plt",
                    "start_date": "2026-10-01",
                    "end_date": "2026-12-31",
                    "decree_number": "800.1.3.3/045/Dinkes/2026",
                },
            ]
        },
    )

    position_id: uuid.UUID
    kind: AssignmentKind = AssignmentKind.DEFINITIVE
    start_date: date
    end_date: date | None = Field(
        default=None, description="Inclusive; required for PLT/PLH, null = open-ended."
    )
    decree_number: str | None = Field(
        default=None, max_length=100, description="Nomor SK / surat perintah."
    )


class AssignmentUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"end_date": "2027-03-31"}]}
    )

    end_date: date | None = Field(
        default=None, description="Extend or shorten an assignment that is not ended yet."
    )
    decree_number: str | None = Field(default=None, max_length=100)


class AssignmentEnd(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"end_date": "2026-11-30", "reason": "Pejabat definitif telah dilantik"}]
        },
    )

    end_date: date = Field(description="Last day (inclusive) the assignment applies.")
    reason: str | None = Field(default=None, max_length=500, description="Kept in the audit log.")


class AssignmentRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f03",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "employee": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
                        "name": "dr. Nurhaya Lamato, M.Kes",
                    },
                    "position": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d03",
                        "name": "Kepala Seksi Surveilans dan Imunisasi",
                        "kind": "struktural",
                        "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                    },
                    "kind": "plt",
                    "start_date": "2026-10-01",
                    "end_date": "2026-12-31",
                    "ended_at": None,
                    "decree_number": "800.1.3.3/045/Dinkes/2026",
                    "created_at": "2026-09-30T03:00:00Z",
                    "version": 1,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    employee: EmployeeRef
    position: PositionBrief
    kind: AssignmentKind
    start_date: date
    end_date: date | None
    ended_at: datetime | None = Field(description="When an admin formally ended it.")
    decree_number: str | None
    created_at: datetime
    version: int


# ---- transfers -----------------------------------------------------------------------------


class TransferCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a01",
                    "effective_date": "2026-11-01",
                    "reason": "Mutasi berdasarkan SK Wali Kota Palu Nomor 821/2026",
                }
            ]
        },
    )

    organization_id: uuid.UUID = Field(description="The organization asked to take the employee.")
    effective_date: date | None = Field(
        default=None,
        description="First day in the new organization (default today). The receiving "
        "admins accept on or after it; assignments end the day before.",
    )
    reason: str = Field(min_length=3, max_length=1000)


class TransferRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1001",
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e05",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "to_organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a01",
                    "effective_date": "2026-11-01",
                    "reason": "Mutasi berdasarkan SK Wali Kota Palu Nomor 821/2026",
                    "created_at": "2026-11-25T03:00:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    employee_id: uuid.UUID
    organization_id: uuid.UUID = Field(description="The organization the employee left.")
    to_organization_id: uuid.UUID
    effective_date: date
    reason: str
    created_at: datetime


class OrganizationRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str


class TransferRequestRead(BaseModel):
    """A transfer request as one side sees it.

    The receiving side (``view`` = ``receiver``) sees only whom it is asked to take in: name,
    NIP, the sending organization's code and name, the effective date and the state; the
    sender's ids and reason stay with the sender (``view`` = ``sender``, also the platform
    admin's). Once accepted the employee is the receiver's, so ``employee_id`` is shown.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1101",
                    "view": "sender",
                    "status": "pending",
                    "employee_name": "Andi Pratama",
                    "nip": "199607182020121003",
                    "from_organization": {"code": "PEMKOT-PALU", "name": "Pemerintah Kota Palu"},
                    "to_organization": {"code": "PEMKAB-TEBO", "name": "Pemerintah Kab. Tebo"},
                    "effective_date": "2026-12-01",
                    "created_at": "2026-11-25T03:00:00Z",
                    "decided_at": None,
                    "decision_reason": None,
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e05",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "to_organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a01",
                    "reason": "Mutasi berdasarkan SK Wali Kota Palu Nomor 821/2026",
                    "transfer_id": None,
                }
            ]
        },
    )

    id: uuid.UUID
    view: Literal["sender", "receiver"]
    status: TransferRequestStatus
    employee_name: str
    nip: str | None
    from_organization: OrganizationRef
    to_organization: OrganizationRef
    effective_date: date
    created_at: datetime
    decided_at: datetime | None
    decision_reason: str | None = Field(description="Why it was refused or cancelled.")
    employee_id: uuid.UUID | None = Field(
        description="The sender's; the receiver's too once accepted."
    )
    organization_id: uuid.UUID | None = Field(description="The sending organization (sender).")
    to_organization_id: uuid.UUID
    reason: str | None = Field(description="The sender's reason (sender only).")
    transfer_id: uuid.UUID | None = Field(
        description="The move recorded on acceptance (GET /employees/{id}/transfers)."
    )


class TransferRefuse(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Formasi jabatan tujuan belum tersedia"}]},
    )

    reason: str = Field(min_length=3, max_length=1000)


class TransferCancel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "SK mutasi dibatalkan"}]},
    )

    reason: str | None = Field(default=None, min_length=3, max_length=1000)


# ---- appraisers ----------------------------------------------------------------------------


_OFFICIAL: dict[str, Any] = {
    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e03",
    "name": "Ns. Fadli Rahman, S.Kep",
    "position": {
        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d04",
        "name": "Kepala UPTD Puskesmas Talise",
        "kind": "struktural",
        "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
    },
    "unit": _UNIT_BRIEF,
    "basis": "definitive",
    "override_id": None,
}


class OfficialRead(BaseModel):
    """An appraiser or appraiser's superior (directory fields only)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_OFFICIAL]})

    employee_id: uuid.UUID
    name: str
    position: PositionBrief | None
    unit: UnitBrief | None
    basis: Basis = Field(
        description="`definitive` or `plt`/`plh` holder of the superior position, or "
        "`override` set by an admin."
    )
    override_id: uuid.UUID | None = None


class AppraisersRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e05",
                    "on": "2026-11-25",
                    "position": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d06",
                        "name": "Pengelola Data Surveilans",
                        "kind": "pelaksana",
                        "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                    },
                    "appraiser": {
                        "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
                        "name": "dr. Nurhaya Lamato, M.Kes",
                        "position": {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d03",
                            "name": "Kepala Seksi Surveilans dan Imunisasi",
                            "kind": "struktural",
                            "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                        },
                        "unit": {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                            "code": "SURV-IMUN",
                            "name": "Seksi Surveilans dan Imunisasi",
                        },
                        "basis": "plt",
                        "override_id": None,
                    },
                    "appraiser_superior": {
                        "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                        "name": "dr. Herry Mulyadi, M.Kes",
                        "position": {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                            "name": "Kepala Dinas Kesehatan",
                            "kind": "struktural",
                            "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
                        },
                        "unit": {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
                            "code": "DINKES",
                            "name": "Dinas Kesehatan Kota Palu",
                        },
                        "basis": "definitive",
                        "override_id": None,
                    },
                }
            ]
        }
    )

    employee_id: uuid.UUID
    on: date
    position: PositionBrief | None = Field(description="The employee's position on the date.")
    appraiser: OfficialRead | None = Field(description="Pejabat penilai kinerja.")
    appraiser_superior: OfficialRead | None = Field(description="Atasan pejabat penilai.")


class OverrideCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [{"required": ["appraiser_id"]}, {"required": ["appraiser_superior_id"]}],
            "examples": [
                {
                    "appraiser_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
                    "appraiser_superior_id": None,
                    "valid_from": "2026-11-01",
                    "valid_to": "2026-12-31",
                    "reason": "Kepala Puskesmas Talise menjalani tugas belajar; penilaian oleh "
                    "Kepala Bidang P2P sesuai Surat Kepala Dinas",
                }
            ],
        },
    )

    appraiser_id: uuid.UUID | None = Field(
        default=None, description="Employee who appraises instead of the chain's appraiser."
    )
    appraiser_superior_id: uuid.UUID | None = Field(
        default=None, description="Employee who is the appraiser's superior instead."
    )
    valid_from: date
    valid_to: date | None = Field(default=None, description="Inclusive; null = open-ended.")
    reason: str = Field(min_length=3, max_length=1000)


class OverrideUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"valid_to": "2026-11-30", "reason": "Tugas belajar selesai lebih awal"}]
        },
    )

    valid_to: date | None = Field(description="New last day (inclusive); null = open-ended.")
    reason: str = Field(min_length=3, max_length=1000, description="Why; kept in the audit log.")


class OverrideRevoke(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Salah input: pegawai bukan di unit ini"}]},
    )

    reason: str = Field(min_length=3, max_length=1000)


class OverrideRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1101",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e04",
                    "appraiser_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e02",
                    "appraiser_superior_id": None,
                    "valid_from": "2026-11-01",
                    "valid_to": "2026-12-31",
                    "reason": "Kepala Puskesmas Talise menjalani tugas belajar",
                    "revoked_at": None,
                    "revoke_reason": None,
                    "created_at": "2026-10-30T02:00:00Z",
                    "version": 1,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    employee_id: uuid.UUID
    appraiser_id: uuid.UUID | None
    appraiser_superior_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None
    reason: str
    revoked_at: datetime | None
    revoke_reason: str | None
    created_at: datetime
    version: int


# ---- me ------------------------------------------------------------------------------------


class MyProfile(BaseModel):
    """The signed-in person's employee record, position, unit and appraisal chain."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "on": "2026-11-25",
                    "employee": _EMPLOYEE_READ_EXAMPLE,
                    "position": {
                        **_POSITION_EXAMPLE,
                        "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
                        "name": "Perawat Ahli Pertama",
                        "kind": "fungsional",
                        "level": None,
                        "jenjang": "ahli_pertama",
                        "job_class": 8,
                        "superior_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d04",
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d05",
                        "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                        "is_active": True,
                        "created_at": "2026-01-02T01:00:00Z",
                        "version": 1,
                    },
                    "unit": {
                        **_UNIT_BRIEF,
                        "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                        "parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
                        "head_position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d04",
                        "is_active": True,
                        "created_at": "2026-01-02T01:00:00Z",
                        "version": 2,
                    },
                    "acting": [],
                    "appraiser": _OFFICIAL,
                    "appraiser_superior": {
                        **_OFFICIAL,
                        "employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                        "name": "dr. Herry Mulyadi, M.Kes",
                        "position": {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                            "name": "Kepala Dinas Kesehatan",
                            "kind": "struktural",
                            "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
                        },
                        "unit": {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01",
                            "code": "DINKES",
                            "name": "Dinas Kesehatan Kota Palu",
                        },
                    },
                }
            ]
        }
    )

    on: date
    employee: EmployeeRead
    position: PositionRead | None = Field(description="Definitive position, else acting one.")
    unit: UnitRead | None
    acting: list[AssignmentRead] = Field(description="PLT/PLH assignments active on the date.")
    appraiser: OfficialRead | None = Field(description="Pejabat penilai kinerja.")
    appraiser_superior: OfficialRead | None = Field(description="Atasan pejabat penilai.")


# ---- data quality --------------------------------------------------------------------------

T = TypeVar("T")


class QualitySection(BaseModel, Generic[T]):
    count: int = Field(description="How many items have this problem.")
    items: list[T] = Field(description="The first `limit` of them.")


class DataQualityReport(BaseModel):
    """What would block performance work (SKP, appraisal) in an organization."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "on": "2026-11-25",
                    "limit": 20,
                    "recent_days": 30,
                    "total": 4,
                    "active_employees_without_position": {"count": 0, "items": []},
                    "positions_without_superior": {"count": 0, "items": []},
                    "units_without_head": {
                        "count": 1,
                        "items": [
                            {
                                "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b05",
                                "code": "PKM-KAMONJI",
                                "name": "UPTD Puskesmas Kamonji",
                            }
                        ],
                    },
                    "acting_expired_still_current": {"count": 0, "items": []},
                    "acting_ended_recently": {"count": 0, "items": []},
                    "employees_without_account": {
                        "count": 2,
                        "items": [
                            {
                                "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                                "nip": "197005121998031004",
                                "name": "dr. Herry Mulyadi, M.Kes",
                                "status": "active",
                            }
                        ],
                    },
                    "employees_without_appraiser": {
                        "count": 1,
                        "items": [
                            {
                                "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                                "nip": "197005121998031004",
                                "name": "dr. Herry Mulyadi, M.Kes",
                                "status": "active",
                            }
                        ],
                    },
                }
            ]
        }
    )

    organization_id: uuid.UUID
    on: date
    limit: int
    recent_days: int
    total: int = Field(description="Sum of all counts; 0 means nothing blocks.")
    active_employees_without_position: QualitySection[EmployeeSummary] = Field(
        description="Active employees without a definitive position on the date."
    )
    positions_without_superior: QualitySection[PositionBrief] = Field(
        description="Active positions without a superior, except the head position of a "
        "top-level unit."
    )
    units_without_head: QualitySection[UnitBrief]
    acting_expired_still_current: QualitySection[AssignmentRead] = Field(
        description="PLT/PLH whose end date has passed but that nobody formally ended."
    )
    acting_ended_recently: QualitySection[AssignmentRead] = Field(
        description="PLT/PLH that ended within `recent_days` (check the position is covered)."
    )
    employees_without_account: QualitySection[EmployeeSummary] = Field(
        description="Active employees that no user account is linked to."
    )
    employees_without_appraiser: QualitySection[EmployeeSummary] = Field(
        description="Active employees holding a position whose appraiser cannot be resolved "
        "(no superior position with a holder, no override): their SKP can never be approved. "
        "Fix: give the position a superior, or set an appraiser override."
    )


# ---- bulk import / export ------------------------------------------------------------------


class ImportKind(enum.StrEnum):
    """What a CSV/XLSX file holds (the same columns for import, export and template)."""

    UNITS = "units"
    POSITIONS = "positions"
    EMPLOYEES = "employees"


enum_labels(
    ImportKind,
    {
        ImportKind.UNITS: {"id": "unit kerja", "en": "units"},
        ImportKind.POSITIONS: {"id": "jabatan", "en": "positions"},
        ImportKind.EMPLOYEES: {"id": "pegawai", "en": "employees"},
    },
)
enum_labels(
    EmployeeKind,
    {
        EmployeeKind.ASN: {"id": "ASN", "en": "civil servant (ASN)"},
        EmployeeKind.REGIONAL_HEAD: {"id": "kepala daerah", "en": "regional head"},
    },
)
enum_labels(
    EmployeeStatus,
    {
        EmployeeStatus.ACTIVE: {"id": "aktif", "en": "active"},
        EmployeeStatus.LEAVE: {"id": "cuti", "en": "on leave"},
        EmployeeStatus.TRANSFERRED: {"id": "pindah instansi", "en": "transferred"},
        EmployeeStatus.RETIRED: {"id": "pensiun", "en": "retired"},
    },
)
enum_labels(
    PositionKind,
    {
        PositionKind.STRUKTURAL: {"id": "struktural", "en": "structural"},
        PositionKind.FUNGSIONAL: {"id": "fungsional", "en": "functional"},
        PositionKind.PELAKSANA: {"id": "pelaksana", "en": "executive (pelaksana)"},
    },
)


class ImportResult(BaseModel):
    """What an import did (or, for a dry run, would do); every row is counted once."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "employees",
                    "dry_run": False,
                    "rows": 120,
                    "created": 112,
                    "updated": 5,
                    "unchanged": 3,
                    "assignments_created": 112,
                }
            ]
        }
    )

    kind: ImportKind
    dry_run: bool = Field(description="True: nothing was written; the counts say what would be.")
    rows: int = Field(ge=0, description="Data rows in the file (blank lines are skipped).")
    created: int = Field(ge=0, description="Rows whose key (code, position, NIP) was new.")
    updated: int = Field(
        ge=0, description="Rows whose key exists and whose values changed the record."
    )
    unchanged: int = Field(ge=0, description="Rows whose key exists with the same values.")
    assignments_created: int = Field(
        default=0,
        ge=0,
        description="Definitive position assignments created (employees only).",
    )


#: The ``opd_id`` filter of organization-wide views: one OPD (a top-level unit) instead of the
#: whole instansi. An OPD admin always sees their own OPD (another one: 403 ``outside_opd``).
OpdQuery = Annotated[
    uuid.UUID | None,
    Query(
        description="Only this OPD (a top-level unit) of the instansi. OPD admins always get "
        "their own OPD; asking for another answers 403 `outside_opd`."
    ),
]
