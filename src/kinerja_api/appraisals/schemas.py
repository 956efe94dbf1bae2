"""Appraisal request and response bodies."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, JsonValue, StringConstraints

from kinerja_api.appraisals.models import (
    AppraisalAction,
    AppraisalState,
    ObjectionOutcome,
    PeriodKind,
    PeriodState,
)
from kinerja_api.appraisals.rules import AppraisalStep, BerAkhlak, CurveOutcome, LeftOut
from kinerja_api.core.pagination import ListEnvelope
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import CurveEnforcement, OrganizationResult, Predikat
from kinerja_api.organizations.schemas import EmployeeBrief

#: Free text that must say something: surrounding blanks are dropped before the length check.
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


# ---- periods -----------------------------------------------------------------------------


class PeriodCreate(BaseModel):
    model_config = _examples(
        {
            "name": "Penilaian Kinerja Semester I 2026",
            "kind": "semester",
            "start_date": "2026-01-01",
            "end_date": "2026-06-30",
            "opens_on": "2026-06-15",
            "closes_on": "2026-07-31",
        }
    )

    name: str = Field(min_length=3, max_length=200)
    kind: PeriodKind
    start_date: date
    end_date: date
    opens_on: date = Field(description="First day appraisals may be filled in.")
    closes_on: date = Field(description="Last day of the window; then the period is closed.")


_PERIOD_EXAMPLE: dict[str, Any] = {
    "id": "01936b7e-0000-7000-8000-000000000001",
    "organization_id": "01936b7e-0000-7000-8000-000000000002",
    "name": "Penilaian Kinerja Semester I 2026",
    "kind": "semester",
    "start_date": "2026-01-01",
    "end_date": "2026-06-30",
    "opens_on": "2026-06-15",
    "closes_on": "2026-07-31",
    "state": "open",
    "organization_result": "baik",
    "organization_result_note": None,
    "opened_at": "2026-06-15T01:00:00Z",
    "closed_at": None,
    "reopen_reason": None,
    "version": 2,
}


class PeriodRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [_PERIOD_EXAMPLE]},
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    kind: PeriodKind
    start_date: date
    end_date: date
    opens_on: date
    closes_on: date
    state: PeriodState
    organization_result: OrganizationResult | None
    organization_result_note: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    reopen_reason: str | None
    version: int


class LeftOutEmployee(BaseModel):
    """An employee of the instansi for whom opening the period created no appraisal."""

    employee_id: uuid.UUID
    name: str
    nip: str | None = Field(description="Null for the regional head.")
    reason: LeftOut = Field(
        description="`regional_head` (not an ASN), `retired`, `transferred`, `on_leave`, "
        "`no_skp` (no SKP covering the period), `skp_not_approved` (one covers it, none "
        "approved)."
    )
    reason_text: str = Field(description="The reason in words, in the request language.")


_LEFT_OUT_EXAMPLE: dict[str, JsonValue] = {
    "employee_id": "01936b7e-0000-7000-8000-000000000031",
    "name": "Budi Santoso",
    "nip": "199001012015031001",
    "reason": "skp_not_approved",
    "reason_text": "SKP yang mencakup periode ini belum disetujui (status: submitted)",
}


class PeriodOpened(PeriodRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {**_PERIOD_EXAMPLE, "appraisals_created": 42, "left_out": [_LEFT_OUT_EXAMPLE]}
            ]
        }
    )

    appraisals_created: int = Field(description="Appraisal documents created by this opening.")
    left_out: list[LeftOutEmployee] = Field(
        description="Everyone of the instansi for whom no appraisal exists after the opening, "
        "with the reason (by name)."
    )


class ReopenBody(BaseModel):
    model_config = _examples({"reason": "Koreksi penilaian setelah verifikasi BKPSDM"})

    reason: Text = Field(min_length=5, max_length=2000)


class OrganizationResultBody(BaseModel):
    model_config = _examples({"result": "baik", "note": "Capaian IKU 2026 rata-rata 97%"})

    result: OrganizationResult
    note: str | None = Field(default=None, max_length=2000)


# ---- appraisals --------------------------------------------------------------------------


class IndicatorRealization(BaseModel):
    """One indicator of the RHK with its latest realization when the period opened."""

    indicator_id: uuid.UUID
    name: str
    unit: str
    target_value: float | None
    target_text: str | None
    period: str | None = Field(description="The realization's month or quarter, e.g. `2026-06`.")
    value: float | None
    rating: Rating | None
    self_assessment: str | None
    achievement_percent: float | None


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    work_result_id: uuid.UUID
    kind: str
    statement: str
    realization: list[IndicatorRealization] = Field(
        description="Indicators with their latest realization and achievement (pre-filled)."
    )
    self_note: str | None
    evidence_url: str | None
    self_assessed_at: datetime | None
    rating: Rating | None
    feedback: str | None


class BehaviourRead(BaseModel):
    value: BerAkhlak
    expectation: str | None = None
    rating: Rating | None = None
    feedback: str | None = None


class PredikatHow(BaseModel):
    """How the predikat was computed: the two ratings and the matrix cell."""

    hasil_kerja: Rating
    perilaku: Rating
    predikat: Predikat
    label: str
    cell: str = Field(description="The matrix cell, e.g. `DI_ATAS_EKSPEKTASI × SESUAI_EKSPEKTASI`")
    hasil_kerja_from_organization_result: OrganizationResult | None = Field(
        default=None,
        description="For a unit head: the organization result the work-result rating follows.",
    )


class CreditPoints(BaseModel):
    jenjang: str
    predikat: Predikat
    percent: float
    yearly_coefficient: float
    months: int
    value: Decimal = Field(description="percent × coefficient × months / 12")


class AppraisalRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "01936b7e-0000-7000-8000-000000000010",
                    "period_id": "01936b7e-0000-7000-8000-000000000001",
                    "employee_id": "01936b7e-0000-7000-8000-000000000011",
                    "employee_name": "Siti Rahma",
                    "skp_id": "01936b7e-0000-7000-8000-000000000012",
                    "skp_revision": 1,
                    "position_name": "Perawat Ahli Pertama",
                    "unit_name": "UPTD Puskesmas Talise",
                    "is_unit_head": False,
                    "appraiser_id": "01936b7e-0000-7000-8000-000000000013",
                    "appraiser_name": "Ns. Fadli Rahman",
                    "appraiser_superior_id": "01936b7e-0000-7000-8000-000000000014",
                    "appraiser_superior_name": "dr. Herry Mulyadi",
                    "state": "finalized",
                    "hasil_kerja": "SESUAI_EKSPEKTASI",
                    "perilaku": "SESUAI_EKSPEKTASI",
                    "predikat": "baik",
                    "how": {
                        "hasil_kerja": "SESUAI_EKSPEKTASI",
                        "perilaku": "SESUAI_EKSPEKTASI",
                        "predikat": "baik",
                        "label": "Baik",
                        "cell": "SESUAI_EKSPEKTASI × SESUAI_EKSPEKTASI",
                    },
                    "items": [],
                    "behaviours": [],
                    "suggested_perilaku": "SESUAI_EKSPEKTASI",
                    "feedback": "Pertahankan ketepatan waktu pelayanan.",
                    "allowed_actions": ["acknowledge", "object"],
                    "version": 4,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    period_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str
    skp_id: uuid.UUID
    skp_revision: int
    position_id: uuid.UUID | None = None
    position_name: str | None
    jenjang: str | None = None
    unit_id: uuid.UUID | None = None
    unit_name: str | None
    is_unit_head: bool
    appraiser_id: uuid.UUID | None
    appraiser_name: str | None
    appraiser_superior_id: uuid.UUID | None
    appraiser_superior_name: str | None
    state: AppraisalState
    hasil_kerja: Rating | None
    perilaku: Rating | None
    predikat: Predikat | None
    how: PredikatHow | None
    items: list[ItemRead]
    behaviours: list[BehaviourRead]
    suggested_perilaku: Rating | None = Field(
        default=None, description="Median of the seven values, once all are rated."
    )
    feedback: str | None
    average_achievement: float | None = None
    rated_at: datetime | None = None
    finalized_at: datetime | None = None
    acknowledged_at: datetime | None = None
    objection_deadline: datetime | None = None
    objection_reason: str | None = None
    objected_at: datetime | None = None
    decision: ObjectionOutcome | None = None
    decision_reason: str | None = None
    decided_at: datetime | None = None
    credit_points: CreditPoints | None = None
    allowed_actions: list[AppraisalStep] = Field(
        default_factory=list,
        description="The steps open to the caller in the appraisal's present state (the "
        "period's window and the objection deadline are checked when a step is taken).",
        examples=[["acknowledge", "object"]],
    )
    version: int


class AppraisalSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    period_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str
    unit_name: str | None
    appraiser_name: str | None
    state: AppraisalState
    predikat: Predikat | None
    version: int
    employee: EmployeeBrief = Field(
        description="Whose appraisal: id, NIP and name (today's record; `employee_name` is the "
        "name when the period opened)."
    )


class SelfAssessmentItem(BaseModel):
    work_result_id: uuid.UUID
    note: str | None = Field(default=None, max_length=5000)
    evidence_url: HttpUrl | None = None


class SelfAssessmentBody(BaseModel):
    model_config = _examples(
        {
            "items": [
                {
                    "work_result_id": "01936b7e-0000-7000-8000-000000000020",
                    "note": "Imunisasi 1.150 bayi; dua posyandu tutup pascabanjir.",
                    "evidence_url": "https://drive.example.go.id/laporan-imunisasi-s1.pdf",
                }
            ]
        }
    )

    items: list[SelfAssessmentItem] = Field(min_length=1, max_length=100)


class ItemRating(BaseModel):
    work_result_id: uuid.UUID
    rating: Rating
    feedback: str | None = Field(default=None, max_length=5000)


class BehaviourRating(BaseModel):
    value: BerAkhlak
    expectation: str | None = Field(default=None, max_length=2000, description="Ekspektasi khusus")
    rating: Rating
    feedback: str | None = Field(default=None, max_length=5000)


class RatingBody(BaseModel):
    model_config = _examples(
        {
            "items": [
                {
                    "work_result_id": "01936b7e-0000-7000-8000-000000000020",
                    "rating": "SESUAI_EKSPEKTASI",
                    "feedback": "Target tercapai meski ada kendala cuaca.",
                }
            ],
            "hasil_kerja": "SESUAI_EKSPEKTASI",
            "behaviours": [
                {
                    "value": v.value,
                    "expectation": "Melayani warga dengan ramah" if i == 0 else None,
                    "rating": "SESUAI_EKSPEKTASI",
                }
                for i, v in enumerate(BerAkhlak)
            ],
            "perilaku": None,
            "feedback": "Tingkatkan komunikasi dengan kader posyandu.",
            "reason": None,
        }
    )

    items: list[ItemRating] = Field(min_length=1, max_length=100)
    hasil_kerja: Rating | None = Field(
        default=None,
        description="Overall work result, decided by the appraiser. Omitted, it is the median "
        "of the RHK ratings in `items` (the lower middle one for an even count). A unit head's "
        "follows the organization result once that is recorded, whatever is sent.",
    )
    behaviours: list[BehaviourRating] = Field(min_length=7, max_length=7)
    perilaku: Rating | None = Field(
        default=None, description="Overall behaviour; defaults to the suggestion (median)."
    )
    feedback: str | None = Field(default=None, max_length=5000)
    reason: Text | None = Field(
        default=None, max_length=2000, description="Why a rating is corrected (kept in history)."
    )


class PeerRequestBody(BaseModel):
    model_config = _examples({"reviewer_id": "01936b7e-0000-7000-8000-000000000030"})

    reviewer_id: uuid.UUID = Field(description="The colleague (employee) asked for input.")


class PeerInputBody(BaseModel):
    model_config = _examples(
        {"ratings": {"kolaboratif": "DI_ATAS_EKSPEKTASI"}, "comment": "Selalu membantu tim."}
    )

    ratings: dict[BerAkhlak, Rating] = Field(default_factory=dict)
    comment: str | None = Field(default=None, max_length=5000)


class PeerInputRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    appraisal_id: uuid.UUID
    reviewer_id: uuid.UUID
    reviewer_name: str
    ratings: dict[BerAkhlak, Rating]
    comment: str | None
    submitted_at: datetime | None
    version: int


class ObjectionBody(BaseModel):
    model_config = _examples(
        {"reason": "Capaian imunisasi saya 96% tetapi hasil kerja dinilai di bawah ekspektasi."}
    )

    reason: Text = Field(min_length=10, max_length=5000)


class DecisionBody(BaseModel):
    model_config = _examples(
        {
            "outcome": "changed",
            "reason": "Bukti capaian sah; hasil kerja sesuai ekspektasi.",
            "hasil_kerja": "SESUAI_EKSPEKTASI",
            "perilaku": None,
        }
    )

    outcome: ObjectionOutcome
    reason: Text = Field(min_length=5, max_length=5000)
    hasil_kerja: Rating | None = None
    perilaku: Rating | None = None


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    action: AppraisalAction
    actor_name: str
    note: str | None
    hasil_kerja: Rating | None
    perilaku: Rating | None
    predikat: Predikat | None
    at: datetime


# ---- curve, ranking, rewards -------------------------------------------------------------


class CurveRuleRead(BaseModel):
    predikat: list[Predikat]
    min_percent: float | None
    max_percent: float | None
    min_count: int | None
    count: int
    percent: Decimal
    passed: bool
    gap: int = Field(description="Employees to move for this rule to hold (0 when it passes).")


class CurveMember(BaseModel):
    """One appraisal counted by a curve check."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "appraisal_id": "01936b7e-0000-7000-8000-000000000010",
                    "employee_id": "01936b7e-0000-7000-8000-000000000020",
                    "employee_name": "Siti Rahma",
                    "unit_id": "01936b7e-0000-7000-8000-000000000030",
                    "unit_name": "UPTD Puskesmas Talise",
                    "predikat": "baik",
                    "state": "open",
                }
            ]
        },
    )

    appraisal_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str
    unit_id: uuid.UUID | None = Field(description="The appraised's unit (snapshot at opening).")
    unit_name: str | None
    predikat: Predikat | None = Field(description="Null while not rated (counted as unrated).")
    state: AppraisalState


_PALU_DINKES = "01936b7e-0000-7000-8000-000000000031"
_PALU_PKM = "01936b7e-0000-7000-8000-000000000030"


class CurveRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "period_id": "01936b7e-0000-7000-8000-000000000001",
                    "requested_unit_id": _PALU_PKM,
                    "unit_id": _PALU_DINKES,
                    "unit_name": "Dinas Kesehatan",
                    "level": 1,
                    "configured_level": 1,
                    "organization_result": "baik",
                    "enforcement": "block",
                    "group_size": 12,
                    "min_group_size": 10,
                    "enforced": True,
                    "outcome": "blocked",
                    "total": 12,
                    "unrated": 0,
                    "counts": {
                        "sangat_baik": 9,
                        "baik": 3,
                        "butuh_perbaikan": 0,
                        "kurang": 0,
                        "sangat_kurang": 0,
                    },
                    "percentages": {
                        "sangat_baik": "75.00",
                        "baik": "25.00",
                        "butuh_perbaikan": "0.00",
                        "kurang": "0.00",
                        "sangat_kurang": "0.00",
                    },
                    "rules": [
                        {
                            "predikat": ["baik"],
                            "min_percent": None,
                            "max_percent": 70,
                            "min_count": None,
                            "count": 3,
                            "percent": "25.00",
                            "passed": True,
                            "gap": 0,
                        },
                        {
                            "predikat": ["butuh_perbaikan", "kurang"],
                            "min_percent": None,
                            "max_percent": None,
                            "min_count": 1,
                            "count": 0,
                            "percent": "0.00",
                            "passed": False,
                            "gap": 1,
                        },
                        {
                            "predikat": ["sangat_baik"],
                            "min_percent": None,
                            "max_percent": 50,
                            "min_count": None,
                            "count": 9,
                            "percent": "75.00",
                            "passed": False,
                            "gap": 3,
                        },
                    ],
                    "passed": False,
                    "notes": [
                        "Kurva diperiksa untuk Dinas Kesehatan (unit kerja level 1 yang "
                        "membawahi UPTD Puskesmas Talise), level 1: 12 penilaian di unit ini "
                        "dan semua sub-unitnya"
                    ],
                    "people": [
                        {
                            "appraisal_id": "01936b7e-0000-7000-8000-000000000010",
                            "employee_id": "01936b7e-0000-7000-8000-000000000020",
                            "employee_name": "Siti Rahma",
                            "unit_id": _PALU_PKM,
                            "unit_name": "UPTD Puskesmas Talise",
                            "predikat": "sangat_baik",
                            "state": "open",
                        }
                    ],
                    "people_more": True,
                }
            ]
        }
    )

    period_id: uuid.UUID
    requested_unit_id: uuid.UUID | None = Field(
        description="The unit asked for (`unit_id` of the query, or of the finalized unit)."
    )
    unit_id: uuid.UUID | None = Field(
        description="The unit kerja checked: the requested unit's ancestor at the configured "
        "level (the unit itself when it is above that level). Null: the whole organization."
    )
    unit_name: str | None
    level: int = Field(
        ge=0,
        description="Depth of the unit checked: 1 = OPD (top-level unit), 2 = bidang, "
        "...; 0 = the whole organization.",
    )
    configured_level: int = Field(description="`appraisal.curve_level` of the settings.")
    organization_result: OrganizationResult
    enforcement: CurveEnforcement
    group_size: int = Field(description="Appraisals counted, rated or not.")
    min_group_size: int = Field(description="`appraisal.curve_min_group_size` of the settings.")
    enforced: bool = Field(
        description="Whether the curve may block this group: false when it is smaller than "
        "the minimum (finalizing is then never refused because of the curve)."
    )
    outcome: CurveOutcome
    total: int = Field(description="Rated appraisals (the base of the percentages).")
    unrated: int
    counts: dict[Predikat, int]
    percentages: dict[Predikat, Decimal]
    rules: list[CurveRuleRead]
    passed: bool = Field(description="Whether the rated appraisals fit every rule.")
    notes: list[str] = Field(
        description="What was checked and why it is (not) enforced, in the request's language."
    )
    people: list[CurveMember] = Field(
        description="The first people counted, by name (at most 50); every one through "
        "`GET /appraisal-periods/{period_id}/curve/people`."
    )
    people_more: bool = Field(description="More people were counted than listed in `people`.")


class FinalizeRead(BaseModel):
    finalized: int = Field(description="Appraisals of the unit and its sub-units finalized.")
    curve: CurveRead
    warnings: list[str] = Field(
        description="In the request's language: the failing rules (`warn` mode) and why a "
        "group below the minimum size was not blocked."
    )


class RankingEntry(BaseModel):
    rank: int
    appraisal_id: uuid.UUID
    employee_id: uuid.UUID
    employee_name: str
    unit_name: str | None
    predikat: Predikat
    average_achievement: float | None


class RankingRead(ListEnvelope):
    criteria: list[str]
    items: list[RankingEntry] = Field(description="Best first; ties share a rank (1, 1, 3).")


class RewardCreate(BaseModel):
    model_config = _examples(
        {
            "appraisal_id": "01936b7e-0000-7000-8000-000000000010",
            "title": "Pegawai Terbaik Semester I 2026",
            "reason": "Predikat Sangat Baik dengan rata-rata capaian tertinggi di unit",
            "awarded_on": "2026-08-17",
        }
    )

    appraisal_id: uuid.UUID
    title: str = Field(min_length=3, max_length=200)
    reason: str = Field(min_length=3, max_length=2000)
    awarded_on: date


class RewardRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    period_id: uuid.UUID
    appraisal_id: uuid.UUID
    employee: EmployeeBrief = Field(description="Who was rewarded: id, NIP and name.")
    title: str
    reason: str
    awarded_on: date
    revoked_at: datetime | None = Field(description="When it was revoked; null: in force.")
    revoke_reason: str | None = Field(description="Why it was revoked.")


class RewardRevoke(BaseModel):
    model_config = _examples({"reason": "Salah pilih: penilaian milik pegawai lain"})

    reason: str = Field(min_length=3, max_length=1000)
