"""Request/response bodies of performance plans (SKP): RHK, indicators, workflow, versions,
cascading, blockers, realization and evidence. Examples follow scenario 1 (Palu)."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from kinerja_api.core.pagination import Page
from kinerja_api.core.validation import Year
from kinerja_api.indicators.goals.schemas import (
    DIRECTION_DOC,
    TARGET_FORMS,
    Amount,
    GoalNode,
    KeyIndicatorRead,
    TargetType,
    default_direction,
)
from kinerja_api.indicators.skp.diff import ChangeKind
from kinerja_api.indicators.skp.models import EvidenceKind
from kinerja_api.indicators.skp.rules import (
    Actor,
    Approach,
    Fixer,
    Perspective,
    SkpAction,
    SkpState,
    WorkResultKind,
)
from kinerja_api.indicators.targets import Aspect, Direction, Rating
from kinerja_api.organizations.config import RealizationPeriod
from kinerja_api.organizations.schemas import EmployeeRef, PositionBrief, UnitBrief

_ORG = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00"
_SITI: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e05",
    "name": "Siti Rahma, A.Md.Kep",
}
_KAPUS: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e03",
    "name": "Ns. Fadli Rahman, S.Kep",
}
_SKP_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1001"
_KAPUS_SKP_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1002"
_RHK_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1101"
_KAPUS_RHK_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1102"
_IND_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1201"
_STAMPS: dict[str, Any] = {
    "created_at": "2026-01-12T02:00:00Z",
    "updated_at": "2026-01-20T03:15:00Z",
    "version": 4,
}
Note = Annotated[str, Field(min_length=3, max_length=2000)]
Text = Annotated[str, Field(max_length=4000)]

# ---- SKP ----------------------------------------------------------------------------------

_ATTACHMENTS: dict[str, Any] = {
    "resource_support": "Vaksin dan logistik rantai dingin dari Dinas Kesehatan; kendaraan "
    "puskesmas keliling untuk posyandu terpencil",
    "accountability_scheme": "Laporan bulanan cakupan imunisasi kepada Kepala Puskesmas",
    "consequences": "Capaian di bawah target dibahas dalam dialog kinerja bulanan",
}


class SkpCreate(BaseModel):
    """Create your own SKP for a year. The period defaults to the whole year."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"year": 2026, "approach": "kuantitatif", **_ATTACHMENTS},
                {"year": 2026, "period_start": "2026-04-01", "period_end": "2026-12-31"},
            ]
        },
    )

    year: Year
    period_start: date | None = Field(default=None, description="Default: 1 January.")
    period_end: date | None = Field(default=None, description="Default: 31 December.")
    approach: Approach = Approach.KUANTITATIF
    resource_support: Text | None = Field(
        default=None, description="Lampiran: dukungan sumber daya."
    )
    accountability_scheme: Text | None = Field(
        default=None, description="Lampiran: skema pertanggungjawaban."
    )
    consequences: Text | None = Field(default=None, description="Lampiran: konsekuensi.")


class SkpUpdate(BaseModel):
    """Partial update of a draft, returned or revising SKP (owner only); `null` clears an
    attachment."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"consequences": "Capaian di bawah target dibahas dalam dialog kinerja bulanan"},
                {"period_start": "2026-04-01"},
            ]
        },
    )

    period_start: date | None = None
    period_end: date | None = None
    approach: Approach | None = None
    resource_support: Text | None = None
    accountability_scheme: Text | None = None
    consequences: Text | None = None


_SNAPSHOT: dict[str, Any] = {
    "position_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c08",
    "position_name": "Perawat Ahli Pertama",
    "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04",
    "unit_name": "UPTD Puskesmas Talise",
    "appraiser_id": _KAPUS["id"],
    "appraiser_name": _KAPUS["name"],
    "appraiser_position_name": "Kepala UPTD Puskesmas Talise",
}


class SkpSnapshot(BaseModel):
    """Who the employee was and who appraised them when the SKP was (last) submitted."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SNAPSHOT]})

    position_id: uuid.UUID | None
    position_name: str | None
    unit_id: uuid.UUID | None
    unit_name: str | None
    appraiser_id: uuid.UUID | None
    appraiser_name: str | None
    appraiser_position_name: str | None


# ---- indicators ----------------------------------------------------------------------------

_INDICATOR_EXAMPLE: dict[str, Any] = {
    "name": "Jumlah bayi yang mendapat imunisasi dasar lengkap",
    "aspect": "kuantitas",
    "unit": "bayi",
    "direction": "higher_is_better",
    "target_value": 1200,
}
_INDICATOR_TIME: dict[str, Any] = {
    "name": "Waktu pelaksanaan imunisasi dasar",
    "aspect": "waktu",
    "unit": "bulan",
    "direction": "lower_is_better",
    "target_value": 12,
}


class IndicatorCreate(BaseModel):
    """Give exactly one target: `target_value` (with a `direction`, default
    `higher_is_better`), `target_min` and
    `target_max`, or `target_text` (kualitatif SKP). Unit and aspect must fit (e.g. `bayi`
    for kuantitas, `bulan` for waktu)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": TARGET_FORMS,
            "examples": [
                _INDICATOR_EXAMPLE,
                _INDICATOR_TIME,
                {
                    "name": "Cakupan imunisasi dasar lengkap (IDL) wilayah kerja",
                    "aspect": "kuantitas",
                    "unit": "persen",
                    "direction": "higher_is_better",
                    "target_value": 95,
                },
            ],
        },
    )

    name: str = Field(min_length=3, max_length=300)
    aspect: Aspect
    unit: str = Field(min_length=1, max_length=50, description="Satuan, e.g. bayi, persen.")
    direction: Direction | None = Field(default=None, description=DIRECTION_DOC)
    _direction = model_validator(mode="after")(default_direction)
    target_value: Amount | None = None
    target_min: Amount | None = None
    target_max: Amount | None = None
    target_text: str | None = Field(default=None, min_length=1, max_length=500)
    allow_over_100: bool = False
    sort_order: int = Field(default=0, ge=0, le=1000)


class IndicatorUpdate(BaseModel):
    """Partial update; `null` clears an optional field (e.g. to switch target form)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"target_value": 1000}, {"name": "Bayi diimunisasi"}]},
    )

    name: str | None = Field(default=None, min_length=3, max_length=300)
    aspect: Aspect | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=50)
    direction: Direction | None = None
    target_value: Amount | None = None
    target_min: Amount | None = None
    target_max: Amount | None = None
    target_text: str | None = Field(default=None, min_length=1, max_length=500)
    allow_over_100: bool | None = None
    sort_order: int | None = Field(default=None, ge=0, le=1000)


_INDICATOR_READ: dict[str, Any] = {
    **_INDICATOR_EXAMPLE,
    "id": _IND_ID,
    "skp_id": _SKP_ID,
    "work_result_id": _RHK_ID,
    "target_min": None,
    "target_max": None,
    "target_text": None,
    "allow_over_100": False,
    "sort_order": 0,
    "target_type": "number",
    **_STAMPS,
}


class IndicatorRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [_INDICATOR_READ]}
    )

    id: uuid.UUID
    skp_id: uuid.UUID
    work_result_id: uuid.UUID
    name: str
    aspect: Aspect
    unit: str
    direction: Direction | None
    target_value: float | None
    target_min: float | None
    target_max: float | None
    target_text: str | None
    allow_over_100: bool
    sort_order: int
    created_at: datetime
    updated_at: datetime
    version: int

    @computed_field(description="Which target fields apply: number, range or text.")
    def target_type(self) -> TargetType:
        if self.target_text is not None:
            return "text"
        if self.target_min is not None or self.target_max is not None:
            return "range"
        return "number"


# ---- work results (RHK) --------------------------------------------------------------------

_RHK_EXAMPLE: dict[str, Any] = {
    "kind": "utama",
    "statement": "Terlaksananya imunisasi dasar bagi 1.200 bayi",
    "parent_id": _KAPUS_RHK_ID,
    "sort_order": 1,
}


class WorkResultCreate(BaseModel):
    """An RHK refers (cascades) to at most one of: an RHK of your appraiser's SKP of the same
    year (`parent_id`), or — for the head of the organization and the unit heads who report
    to them — an organization goal (`goal_id`) or IKU (`key_indicator_id`) of that year.
    `perspective` is for top officials (JPT) only, and required on their RHK utama."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                _RHK_EXAMPLE,
                {
                    "kind": "utama",
                    "statement": "Meningkatnya cakupan IDL di wilayah kerja Puskesmas Talise",
                    "key_indicator_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f02",
                },
                {
                    "kind": "tambahan",
                    "statement": "Layanan kesehatan di pos pengungsian",
                    "collaboration_note": "Bersama BPBD Kota Palu dan relawan PMI",
                },
            ]
        },
    )

    kind: WorkResultKind
    statement: str = Field(min_length=3, max_length=500)
    parent_id: uuid.UUID | None = None
    goal_id: uuid.UUID | None = None
    key_indicator_id: uuid.UUID | None = None
    perspective: Perspective | None = None
    sort_order: int = Field(default=0, ge=0, le=1000)
    collaboration_note: Text | None = None


class WorkResultUpdate(BaseModel):
    """Partial update. Sending any of `parent_id`, `goal_id`, `key_indicator_id` replaces the
    reference: the two not sent are cleared."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"statement": "Terlaksananya imunisasi dasar bagi 1.000 bayi"},
                {"parent_id": _KAPUS_RHK_ID},
            ]
        },
    )

    kind: WorkResultKind | None = None
    statement: str | None = Field(default=None, min_length=3, max_length=500)
    parent_id: uuid.UUID | None = None
    goal_id: uuid.UUID | None = None
    key_indicator_id: uuid.UUID | None = None
    perspective: Perspective | None = None
    sort_order: int | None = Field(default=None, ge=0, le=1000)
    collaboration_note: Text | None = None


_RHK_READ: dict[str, Any] = {
    **_RHK_EXAMPLE,
    "id": _RHK_ID,
    "skp_id": _SKP_ID,
    "goal_id": None,
    "key_indicator_id": None,
    "perspective": None,
    "collaboration_note": None,
    "indicators": [_INDICATOR_READ],
    **_STAMPS,
}


class WorkResultRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_RHK_READ]})

    id: uuid.UUID
    skp_id: uuid.UUID
    kind: WorkResultKind
    statement: str
    parent_id: uuid.UUID | None
    goal_id: uuid.UUID | None
    key_indicator_id: uuid.UUID | None
    perspective: Perspective | None
    sort_order: int
    collaboration_note: str | None
    indicators: list[IndicatorRead]
    created_at: datetime
    updated_at: datetime
    version: int


# ---- the SKP document ----------------------------------------------------------------------

_SKP_SUMMARY: dict[str, Any] = {
    "id": _SKP_ID,
    "organization_id": _ORG,
    "employee": _SITI,
    "year": 2026,
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
    "state": "approved",
    "approach": "kuantitatif",
    "revision": 0,
    "submitted_at": "2026-01-15T01:30:00Z",
    "approved_at": "2026-01-20T03:15:00Z",
    "first_approved_at": "2026-01-20T03:15:00Z",
    **_STAMPS,
}
_SKP_DOCUMENT: dict[str, Any] = {
    **_SKP_SUMMARY,
    **_ATTACHMENTS,
    "snapshot": _SNAPSHOT,
    "work_results": [_RHK_READ],
}


class SkpSummary(BaseModel):
    """An SKP in a list (without its RHK)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SKP_SUMMARY]})

    id: uuid.UUID
    organization_id: uuid.UUID
    employee: EmployeeRef
    year: int
    period_start: date
    period_end: date
    state: SkpState
    approach: Approach
    revision: int = Field(description="0 as first approved; +1 with each approved revision.")
    submitted_at: datetime | None
    approved_at: datetime | None = Field(description="Latest approval.")
    first_approved_at: datetime | None = Field(description="First approval (deadline checks).")
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="The ETag: RHK and indicator changes bump it too.")


class SkpDocument(SkpSummary):
    """The whole SKP: what an approval snapshots into a version."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SKP_DOCUMENT]})

    resource_support: str | None
    accountability_scheme: str | None
    consequences: str | None
    snapshot: SkpSnapshot | None = Field(description="Taken at (the latest) submission.")
    work_results: list[WorkResultRead] = Field(description="RHK utama first, then tambahan.")


class SkpRead(SkpDocument):
    """The SKP with what the caller may do with it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_SKP_DOCUMENT,
                    "allowed_actions": ["request_revision"],
                    "can_edit": False,
                }
            ]
        }
    )

    allowed_actions: list[SkpAction] = Field(
        description="Workflow actions the caller may take now (show only these buttons)."
    )
    can_edit: bool = Field(description="The caller may change the SKP, its RHK and indicators.")


class SkpActionBody(BaseModel):
    """A note: required to return (what to fix), to request a revision (the reason) and to
    unlock (the reason); optional otherwise."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"note": "Pascabencana: layanan dialihkan ke pos kesehatan pengungsian"},
                {"note": "Tambahkan indikator waktu pada RHK imunisasi"},
                {},
            ]
        },
    )

    note: Note | None = None


class SkpEventRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1301",
                    "skp_id": _SKP_ID,
                    "action": "request_revision",
                    "from_state": "approved",
                    "to_state": "revising",
                    "actor": "owner",
                    "actor_user_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a05",
                    "actor_employee_id": _SITI["id"],
                    "actor_name": _SITI["name"],
                    "revision": 0,
                    "note": "Pascabencana: layanan dialihkan ke pos kesehatan pengungsian",
                    "at": "2026-04-06T01:00:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    skp_id: uuid.UUID
    action: SkpAction
    from_state: SkpState
    to_state: SkpState
    actor: Actor = Field(description="In which capacity the person acted.")
    actor_user_id: uuid.UUID | None
    actor_employee_id: uuid.UUID | None
    actor_name: str
    revision: int
    note: str | None
    at: datetime


_VERSION_SUMMARY: dict[str, Any] = {
    "revision": 1,
    "approved_at": "2026-04-15T02:00:00Z",
    "approved_by_id": _KAPUS["id"],
    "approved_by_name": _KAPUS["name"],
    "reason": "Pascabencana: layanan dialihkan ke pos kesehatan pengungsian",
}


class SkpVersionSummary(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [_VERSION_SUMMARY]}
    )

    revision: int
    approved_at: datetime
    approved_by_id: uuid.UUID | None
    approved_by_name: str
    reason: str | None = Field(description="Why the approved plan was revised (revision ≥ 1).")


class SkpVersionRead(SkpVersionSummary):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**_VERSION_SUMMARY, "document": _SKP_DOCUMENT}]}
    )

    document: SkpDocument


Scalar = str | int | float | bool | None


class SkpChange(BaseModel):
    """One difference between two approved versions."""

    kind: ChangeKind
    work_result_id: uuid.UUID | None = Field(
        description="The RHK concerned (not for `skp_changed`)."
    )
    statement: str | None = Field(description="That RHK's statement.")
    indicator_id: uuid.UUID | None
    indicator_name: str | None
    field: str | None = Field(description="The field changed (`*_changed` only).")
    before: Scalar = Field(description="Its value in the earlier version.")
    after: Scalar = Field(description="Its value in the later version.")


class SkpVersionDiff(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "skp_id": _SKP_ID,
                    "from_revision": 0,
                    "to_revision": 1,
                    "from_approved_at": "2026-01-20T02:00:00Z",
                    "to_approved_at": "2026-07-02T03:00:00Z",
                    "reason": "Pascabencana: dua posyandu tutup, target disesuaikan",
                    "changes": [
                        {
                            "kind": "indicator_changed",
                            "work_result_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
                            "statement": "Terlaksananya imunisasi dasar bagi 1.200 bayi",
                            "indicator_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b31",
                            "indicator_name": "Jumlah bayi yang mendapat imunisasi dasar lengkap",
                            "field": "target_value",
                            "before": 1200,
                            "after": 1000,
                        }
                    ],
                }
            ]
        }
    )

    skp_id: uuid.UUID
    from_revision: int
    to_revision: int
    from_approved_at: datetime
    to_approved_at: datetime
    reason: str | None = Field(
        description="Why the later version was revised (its reason; null for revision 0)."
    )
    changes: list[SkpChange] = Field(
        description="The SKP's fields, then per RHK (added, changed, with their indicators), "
        "then the RHK removed; empty when nothing changed."
    )


# ---- cascading -----------------------------------------------------------------------------


class SkpBrief(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{"id": _KAPUS_SKP_ID, "state": "approved", "revision": 0}]},
    )

    id: uuid.UUID
    state: SkpState
    revision: int


_SUPERIOR_RHK: dict[str, Any] = {
    "id": _KAPUS_RHK_ID,
    "kind": "utama",
    "statement": "Meningkatnya cakupan IDL di wilayah kerja Puskesmas Talise",
    "indicators": ["Cakupan imunisasi dasar lengkap (IDL) wilayah kerja"],
}


class SuperiorWorkResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SUPERIOR_RHK]})

    id: uuid.UUID
    kind: WorkResultKind
    statement: str
    indicators: list[str] = Field(description="Names of the RHK's indicators.")


class CascadeOptions(BaseModel):
    """What the RHK of this SKP may refer to."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "skp_id": _SKP_ID,
                    "year": 2026,
                    "appraiser": _KAPUS,
                    "superior": _KAPUS,
                    "superior_skp": {"id": _KAPUS_SKP_ID, "state": "approved", "revision": 0},
                    "superior_work_results": [_SUPERIOR_RHK],
                    "goals_allowed": False,
                    "goals": [],
                }
            ]
        }
    )

    skp_id: uuid.UUID
    year: int
    appraiser: EmployeeRef | None = Field(
        description="Who approves today: the direct superior, or the acting official (PLT/PLH)."
    )
    superior: EmployeeRef | None = Field(
        description="Whose RHK this SKP's RHK cascade from: the appraiser, or the definitive "
        "holder of the position while an acting official stands in."
    )
    superior_skp: SkpBrief | None = Field(
        description="The superior's SKP of the year; drafting against it is allowed, "
        "submitting only once it is approved."
    )
    superior_work_results: list[SuperiorWorkResult]
    goals_allowed: bool = Field(
        description="True for the head of the organization and the unit heads reporting to "
        "them: their RHK may refer to the organization's goals and IKU."
    )
    goals: list[GoalNode] = Field(description="The goal tree of the year (when allowed).")


class CascadeWorkResult(BaseModel):
    """An RHK in the cascade tree with the RHK that refer to it."""

    id: uuid.UUID
    kind: WorkResultKind
    statement: str
    perspective: Perspective | None
    employee: EmployeeRef
    position_name: str | None = Field(description="At submission, else the current position.")
    skp: SkpBrief
    indicators: list[IndicatorRead]
    children: list[CascadeWorkResult] = Field(default_factory=list)


class CascadeKeyIndicator(KeyIndicatorRead):
    work_results: list[CascadeWorkResult] = Field(
        default_factory=list, description="RHK referring to this IKU."
    )


class CascadeGoal(BaseModel):
    id: uuid.UUID
    code: str
    kind: str
    statement: str
    is_active: bool
    opd: UnitBrief | None = Field(
        default=None, description="The OPD whose Renstra holds the goal; null for the instansi's."
    )
    serves_goal_id: uuid.UUID | None = Field(
        default=None, description="For an OPD goal: the instansi goal it serves."
    )
    key_indicators: list[CascadeKeyIndicator] = Field(default_factory=list)
    work_results: list[CascadeWorkResult] = Field(
        default_factory=list, description="RHK referring to the goal itself."
    )
    opd_goals: list[CascadeGoal] = Field(
        default_factory=list,
        description="For an instansi goal: the OPD goals serving it (by OPD, then code), each "
        "with its IKU and the RHK of the OPD head and below.",
    )
    children: list[CascadeGoal] = Field(
        default_factory=list,
        description="Sasaran of a tujuan (an OPD sasaran serving an instansi goal stands under "
        "that goal's `opd_goals` instead).",
    )


class UnownedGoal(BaseModel):
    type: Literal["goal", "key_indicator"]
    id: uuid.UUID
    code: str
    name: str
    opd_id: uuid.UUID | None = Field(
        default=None, description="The goal's OPD; null for an instansi goal or IKU."
    )


class UnservedGoal(BaseModel):
    """An active instansi (RPJMD) goal that no OPD's goal serves."""

    id: uuid.UUID
    code: str
    kind: str
    statement: str


_CASCADE_RHK_SITI: dict[str, Any] = {
    "id": _RHK_ID,
    "kind": "utama",
    "statement": "Terlaksananya imunisasi dasar bagi 1.200 bayi",
    "perspective": None,
    "employee": _SITI,
    "position_name": "Perawat Ahli Pertama",
    "skp": {"id": _SKP_ID, "state": "approved", "revision": 0},
    "indicators": [_INDICATOR_READ],
    "children": [],
}


class CascadeTree(BaseModel):
    """From the organization's goals and IKU down through every RHK that cascades from them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": _ORG,
                    "year": 2026,
                    "goals": [
                        {
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                            "code": "S1.1",
                            "kind": "sasaran",
                            "statement": "Meningkatnya cakupan imunisasi dasar lengkap",
                            "is_active": True,
                            "key_indicators": [],
                            "work_results": [
                                {
                                    **_CASCADE_RHK_SITI,
                                    "id": _KAPUS_RHK_ID,
                                    "statement": "Meningkatnya cakupan IDL di wilayah kerja "
                                    "Puskesmas Talise",
                                    "employee": _KAPUS,
                                    "position_name": "Kepala UPTD Puskesmas Talise",
                                    "skp": {
                                        "id": _KAPUS_SKP_ID,
                                        "state": "approved",
                                        "revision": 1,
                                    },
                                    "indicators": [],
                                    "children": [_CASCADE_RHK_SITI],
                                }
                            ],
                            "children": [],
                        }
                    ],
                    "unowned_goals": [
                        {
                            "type": "key_indicator",
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f03",
                            "code": "IKU-03",
                            "name": "Persentase pos kesehatan pengungsian yang memberi layanan "
                            "kesehatan dasar",
                        }
                    ],
                    "orphan_work_results": [],
                }
            ]
        }
    )

    organization_id: uuid.UUID
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="The OPD the tree is limited to (its goals, and its people's RHK); null "
        "for the whole instansi.",
    )
    year: int
    goals: list[CascadeGoal] = Field(
        description="The instansi's goals (tujuan with sasaran nested, by code), each with the "
        "OPD goals serving it; then OPD goals serving no instansi goal. With `opd_id`, only the "
        "instansi goals that OPD works on."
    )
    unowned_goals: list[UnownedGoal] = Field(
        description="Active goals and IKU no RHK refers to (needs without owners). A goal "
        "counts as owned when an RHK refers to it, to one of its IKU, to an owned sasaran, or "
        "(an instansi goal) when an owned OPD goal serves it; an instansi IKU whose goal an "
        "OPD goal serves is not listed. With `opd_id`: that OPD's goals and IKU only."
    )
    unserved_goals: list[UnservedGoal] = Field(
        default_factory=list,
        description="Active instansi (RPJMD) goals no active OPD goal serves, directly or "
        "through one of its sasaran: the regional plan's goals no OPD works on. Always for the "
        "whole instansi, by code.",
    )
    orphan_work_results: list[CascadeWorkResult] = Field(
        description="RHK of the year referring to nothing (work without a need), with the RHK "
        "cascading from them."
    )


# ---- what blocks, who waits, who is late -----------------------------------------------------


class FixerPerson(BaseModel):
    """Someone who can remove a blocker: an employee, an admin account, or both."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "role": "opd_admin",
                    "name": "Rina Admin Dinkes",
                    "user_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f01",
                    "employee_id": None,
                }
            ]
        }
    )

    role: Fixer = Field(description="Why they can fix it (see `BlockerFixer.role`).")
    name: str
    employee_id: uuid.UUID | None = Field(
        description="Their employee record; null for an admin account that is not an employee."
    )
    user_id: uuid.UUID | None = Field(
        description="Their admin account (admins only; null for employees named by the chain)."
    )


class BlockerFixer(BaseModel):
    role: Fixer = Field(
        description="self; appraiser (who approves your SKP); superior (whose SKP yours "
        "cascades from, while it is theirs to write); appraiser_superior (that superior's "
        "own appraiser, who must approve their submitted SKP); employee (named below); "
        "opd_admin (the admins of your OPD); instansi_admin (the instansi's admins, BKPSDM: "
        "when your OPD has none, and for the instansi's settings); admin (an admin, but no "
        "active admin account exists to name)."
    )
    employee: EmployeeRef | None = Field(
        default=None, description="The one employee who can fix it, when it is one."
    )
    people: list[FixerPerson] = Field(
        default_factory=list,
        description="Everyone who can fix it, by name (several admins may share the role; "
        "at most ten). Empty only for role admin.",
    )


_KADIS: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
    "name": "dr. Herry Mulyadi, M.Kes",
}
_BLOCKER: dict[str, Any] = {
    "code": "superior_skp_not_approved",
    "message": "SKP Ns. Fadli Rahman, S.Kep tahun 2026 belum disetujui (status: diajukan). "
    "Anda dapat mengajukan SKP setelah SKP tersebut disetujui.",
    "blocks_submit": True,
    "fixed_by": {
        "role": "appraiser_superior",
        "employee": _KADIS,
        "people": [
            {
                "role": "appraiser_superior",
                "name": _KADIS["name"],
                "employee_id": _KADIS["id"],
                "user_id": None,
            }
        ],
    },
    "related_skp_id": _KAPUS_SKP_ID,
}


class BlockerRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_BLOCKER]})

    code: str
    message: str
    blocks_submit: bool = Field(description="Submitting is refused until this is resolved.")
    fixed_by: BlockerFixer
    related_skp_id: uuid.UUID | None = None


class MySkpBlockers(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2026,
                    "employee": _SITI,
                    "skp": {"id": _SKP_ID, "state": "draft", "revision": 0},
                    "deadline": "2026-01-31",
                    "blockers": [_BLOCKER],
                }
            ]
        }
    )

    year: int
    employee: EmployeeRef
    skp: SkpBrief | None
    deadline: date = Field(description="The organization's SKP deadline of the year.")
    blockers: list[BlockerRead] = Field(description="Empty: nothing blocks an approved SKP.")
    skp_required: bool = Field(
        default=True,
        description="False for the regional head (Bupati/Wali Kota/minister, employee kind "
        "regional_head): not an ASN, no SKP (creating one answers 409 not_an_asn), so the "
        "blockers are always empty and `note` says why.",
    )
    note: str | None = Field(
        default=None,
        description="Why there is nothing to block (the regional head), in the request's "
        "language; null otherwise.",
    )


class WaitingFor(BaseModel):
    employee: EmployeeRef
    skp: SkpBrief | None = Field(description="Null: they have no SKP of the year yet.")
    code: str = Field(description="superior_skp_missing or superior_skp_not_approved")


class WaitingItem(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "employee": _SITI,
                    "skp": {"id": _SKP_ID, "state": "draft", "revision": 0},
                    "waiting_for": [
                        {
                            "employee": _KAPUS,
                            "skp": {"id": _KAPUS_SKP_ID, "state": "submitted", "revision": 0},
                            "code": "superior_skp_not_approved",
                        }
                    ],
                }
            ]
        }
    )

    employee: EmployeeRef
    skp: SkpBrief
    waiting_for: list[WaitingFor]


class LateStatus(enum.StrEnum):
    MISSING = "missing"  # no SKP of the year
    NOT_APPROVED = "not_approved"  # an SKP, never approved
    APPROVED_LATE = "approved_late"  # first approved after the deadline


class LateItem(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "employee": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e06",
                        "name": "Andi Pratama, S.KM",
                    },
                    "position": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c06",
                        "name": "Pengelola Data Surveilans",
                        "kind": "pelaksana",
                        "unit_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                    },
                    "unit": {
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b03",
                        "code": "SURV-IMUN",
                        "name": "Seksi Surveilans dan Imunisasi",
                    },
                    "status": "missing",
                    "skp": None,
                    "submitted_at": None,
                    "first_approved_at": None,
                }
            ]
        }
    )

    employee: EmployeeRef
    position: PositionBrief | None
    unit: UnitBrief | None
    status: LateStatus
    skp: SkpBrief | None
    submitted_at: datetime | None
    first_approved_at: datetime | None


class LatePage(Page[LateItem]):
    year: int
    deadline: date = Field(description="Approved by the end of this day (organization time).")


# ---- realization and evidence --------------------------------------------------------------


class RealizationPut(BaseModel):
    """Numeric targets take a `value`; descriptive (text) targets a `rating`. Values are
    cumulative for the year to date, so achievement = value / target."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "value": 290,
                    "self_assessment": "Pelayanan imunisasi di 6 posyandu; Posyandu Melati "
                    "melayani 34 bayi",
                },
                {"rating": "SESUAI_EKSPEKTASI", "self_assessment": "Laporan diterima tanpa revisi"},
            ]
        },
    )

    value: float | None = Field(default=None, ge=0, le=1e13, allow_inf_nan=False)
    rating: Rating | None = None
    self_assessment: Text | None = None


_EVIDENCE_FILE: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1401",
    "kind": "file",
    "url": None,
    "description": "Register imunisasi Maret",
    "filename": "register-imunisasi-maret.pdf",
    "content_type": "application/pdf",
    "size_bytes": 182034,
    "created_at": "2026-04-02T01:00:00Z",
}


class EvidenceRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                _EVIDENCE_FILE,
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1402",
                    "kind": "link",
                    "url": "https://drive.palukota.go.id/imunisasi/2026-03",
                    "description": "Foto kegiatan posyandu",
                    "filename": None,
                    "content_type": None,
                    "size_bytes": None,
                    "created_at": "2026-04-02T01:05:00Z",
                },
            ]
        },
    )

    id: uuid.UUID
    kind: EvidenceKind
    url: str | None
    description: str | None
    filename: str | None = Field(description="The uploaded file's name, cleaned; a label only.")
    content_type: str | None = Field(description="Recognized from the content.")
    size_bytes: int | None
    created_at: datetime


_REALIZATION_READ: dict[str, Any] = {
    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1501",
    "skp_id": _SKP_ID,
    "indicator_id": _IND_ID,
    "period": "2026-03",
    "value": 290,
    "rating": None,
    "self_assessment": "Pelayanan imunisasi di 6 posyandu",
    "achievement_percent": 24.17,
    "evidence": [_EVIDENCE_FILE],
    **_STAMPS,
}


class RealizationRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REALIZATION_READ]})

    id: uuid.UUID
    skp_id: uuid.UUID
    indicator_id: uuid.UUID
    period: str
    value: float | None
    rating: Rating | None
    self_assessment: str | None
    achievement_percent: float | None = Field(
        description="realization / target (lower-is-better and ranges per the target rules); "
        "null for descriptive targets (see rating) or without a value."
    )
    evidence: list[EvidenceRead]
    created_at: datetime
    updated_at: datetime
    version: int


class IndicatorRealizations(BaseModel):
    indicator: IndicatorRead
    work_result_statement: str
    realizations: list[RealizationRead] = Field(description="Reported periods, in order.")


class SkpRealizations(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "skp_id": _SKP_ID,
                    "year": 2026,
                    "realization_period": "monthly",
                    "periods": ["2026-01", "2026-02", "2026-03"],
                    "indicators": [
                        {
                            "indicator": _INDICATOR_READ,
                            "work_result_statement": "Terlaksananya imunisasi dasar bagi "
                            "1.200 bayi",
                            "realizations": [_REALIZATION_READ],
                        }
                    ],
                }
            ]
        }
    )

    skp_id: uuid.UUID
    year: int
    realization_period: RealizationPeriod
    periods: list[str] = Field(description="Periods of the SKP that have begun.")
    indicators: list[IndicatorRealizations]
