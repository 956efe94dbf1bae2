"""Request/response bodies of strategies, goals and key performance indicators (IKU)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, computed_field, model_validator

from kinerja_api.core.patterns import Code
from kinerja_api.core.validation import PatchModel, Year
from kinerja_api.indicators.goals.models import GoalKind
from kinerja_api.indicators.targets import Aspect, Direction

Amount = Annotated[float, Field(ge=-1e13, le=1e13, allow_inf_nan=False)]
Mission = Annotated[str, Field(min_length=3, max_length=1000)]

_ORG_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00"
#: Dinas Kesehatan, an OPD (top-level unit) of Pemerintah Kota Palu.
_DINKES_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b01"
#: The RPJMD (instansi) goal the Dinkes goal serves.
_RPJMD_GOAL_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e00"
_OPD_DESCRIPTION = (
    "The OPD (a top-level unit) whose Renstra this belongs to; omit (null) for the instansi's "
    "own plan (RPJMD). Fixed once created."
)
_STAMPS: dict[str, Any] = {
    "created_at": "2026-01-05T01:00:00Z",
    "updated_at": "2026-01-05T01:00:00Z",
    "version": 1,
}

# ---- strategy (vision and missions) ---------------------------------------------------------

_STRATEGY_EXAMPLE: dict[str, Any] = {
    "unit_id": _DINKES_ID,
    "title": "Renstra Dinas Kesehatan Kota Palu 2025–2029",
    "start_year": 2025,
    "end_year": 2029,
    "vision": "Masyarakat Kota Palu yang sehat, tangguh bencana, dan berkeadilan",
    "missions": [
        "Meningkatkan akses dan mutu pelayanan kesehatan yang merata",
        "Memperkuat pencegahan dan pengendalian penyakit",
        "Memulihkan dan memperkuat layanan kesehatan pascabencana",
    ],
}


class StrategyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                _STRATEGY_EXAMPLE,
                {
                    "title": "RPJMD Kota Palu 2025–2029",
                    "start_year": 2025,
                    "end_year": 2029,
                    "vision": "Palu kota jasa yang aman, nyaman, dan tangguh bencana",
                    "missions": ["Meningkatkan kualitas sumber daya manusia yang sehat"],
                },
            ]
        },
    )

    unit_id: uuid.UUID | None = Field(default=None, description=_OPD_DESCRIPTION)
    title: str | None = Field(default=None, min_length=3, max_length=200)
    start_year: Year
    end_year: Year = Field(description="At most four years after `start_year` (five in all).")
    vision: str = Field(min_length=3, max_length=2000)
    missions: list[Mission] = Field(
        min_length=1,
        max_length=20,
        description="In order: goals refer to a mission by its number (1 = the first).",
    )


class StrategyUpdate(PatchModel):
    clearable = frozenset({"title"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"vision": "Masyarakat Kota Palu yang sehat dan tangguh bencana"},
                {"end_year": 2028},
            ]
        },
    )

    title: str | None = Field(default=None, min_length=3, max_length=200)
    start_year: Year | None = None
    end_year: Year | None = None
    vision: str | None = Field(default=None, min_length=3, max_length=2000)
    missions: list[Mission] | None = Field(default=None, min_length=1, max_length=20)


class StrategyRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_STRATEGY_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                    "organization_id": _ORG_ID,
                    **_STAMPS,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    unit_id: uuid.UUID | None = Field(description="The OPD; null for the instansi (RPJMD).")
    title: str | None
    start_year: int
    end_year: int
    vision: str
    missions: list[str]
    created_at: datetime
    updated_at: datetime
    version: int


# ---- goals (tujuan / sasaran) ---------------------------------------------------------------

_GOAL_EXAMPLE: dict[str, Any] = {
    "unit_id": _DINKES_ID,
    "year": 2026,
    "code": "T1",
    "kind": "tujuan",
    "parent_id": None,
    "serves_goal_id": _RPJMD_GOAL_ID,
    "statement": "Meningkatnya derajat kesehatan masyarakat",
    "mission_number": 1,
}
_RPJMD_GOAL_EXAMPLE: dict[str, Any] = {
    "year": 2026,
    "code": "RPJMD-T2",
    "kind": "tujuan",
    "statement": "Meningkatnya kualitas sumber daya manusia Kota Palu",
    "mission_number": 1,
}
_SASARAN_EXAMPLE: dict[str, Any] = {
    "unit_id": _DINKES_ID,
    "year": 2026,
    "code": "S1.1",
    "kind": "sasaran",
    "parent_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
    "statement": "Meningkatnya cakupan imunisasi dasar lengkap",
    "mission_number": 2,
}


class GoalCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [_RPJMD_GOAL_EXAMPLE, _GOAL_EXAMPLE, _SASARAN_EXAMPLE]},
    )

    unit_id: uuid.UUID | None = Field(default=None, description=_OPD_DESCRIPTION)
    year: Year
    code: Code
    kind: GoalKind
    parent_id: uuid.UUID | None = Field(
        default=None,
        description="For a sasaran: the tujuan (same year, same level: the instansi or the "
        "same OPD) it sits under.",
    )
    serves_goal_id: uuid.UUID | None = Field(
        default=None,
        description="For an OPD goal: the active instansi (RPJMD) goal of the same year it "
        "serves. Instansi goals serve nothing (422).",
    )
    statement: str = Field(min_length=3, max_length=500)
    mission_number: int | None = Field(
        default=None,
        ge=1,
        le=20,
        description="Number of the mission (1 = first) of the strategy covering `year`.",
    )


class GoalUpdate(PatchModel):
    """Year and kind are fixed once created; create a new goal instead."""

    clearable = frozenset({"parent_id", "serves_goal_id", "mission_number"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"statement": "Meningkatnya derajat kesehatan masyarakat pascabencana"},
                {"is_active": False},
                {"serves_goal_id": _RPJMD_GOAL_ID},
            ]
        },
    )

    code: Code | None = None
    parent_id: uuid.UUID | None = None
    serves_goal_id: uuid.UUID | None = Field(
        default=None, description="An OPD goal only: the instansi goal it serves."
    )
    statement: str | None = Field(default=None, min_length=3, max_length=500)
    mission_number: int | None = Field(default=None, ge=1, le=20)
    is_active: bool | None = None


class GoalRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_GOAL_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                    "organization_id": _ORG_ID,
                    "is_active": True,
                    **_STAMPS,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    unit_id: uuid.UUID | None = Field(description="The OPD; null for an instansi (RPJMD) goal.")
    year: int
    code: str
    kind: GoalKind
    parent_id: uuid.UUID | None
    serves_goal_id: uuid.UUID | None = Field(
        description="For an OPD goal: the instansi goal it serves."
    )
    statement: str
    mission_number: int | None
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


# ---- key performance indicators (IKU) -------------------------------------------------------

_IKU_EXAMPLE: dict[str, Any] = {
    "code": "IKU-01",
    "name": "Cakupan imunisasi dasar lengkap (IDL)",
    "formula": "Jumlah bayi yang mendapat imunisasi dasar lengkap / jumlah bayi × 100%",
    "aspect": "kuantitas",
    "unit": "persen",
    "direction": "higher_is_better",
    "target_value": 95,
    "baseline": 88.5,
}
_IKU_TEBO_EXAMPLE: dict[str, Any] = {
    "code": "IKU-01",
    "name": "Rata-rata waktu penyelesaian dokumen kependudukan",
    "aspect": "waktu",
    "unit": "hari",
    "direction": "lower_is_better",
    "target_value": 3,
}

TargetType = Literal["number", "range", "text"]


#: The target forms of an indicator, as the schema says them: exactly one of a number, a range
#: (both bounds) or a description.
TARGET_FORMS: list[JsonValue] = [
    {"required": ["target_value"], "title": "Number target"},
    {"required": ["target_min", "target_max"], "title": "Range target"},
    {"required": ["target_text"], "title": "Descriptive target"},
]
DIRECTION_DOC = (
    "Whether more is better. Defaults to `higher_is_better` for a number target "
    "(`target_value`); send `lower_is_better` for indicators such as a waiting time or a "
    "prevalence. A descriptive target has none."
)


def default_direction(model: Any) -> Any:
    """A number target without a direction means "higher is better" (the documented default;
    the rule needs a direction for every number target). An after-validator of the create
    schemas of indicators."""
    if model.target_value is not None and model.direction is None:
        model.direction = Direction.HIGHER_IS_BETTER
    return model


class KeyIndicatorCreate(BaseModel):
    """Give exactly one target: `target_value`, both `target_min` and `target_max`, or
    `target_text`. With a percent unit (`persen`, `%`) targets and baseline must lie within
    0–100 unless `allow_over_100` is true."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": TARGET_FORMS,
            "examples": [
                _IKU_EXAMPLE,
                _IKU_TEBO_EXAMPLE,
                {
                    "code": "IKU-03",
                    "name": "Nilai evaluasi SAKIP perangkat daerah",
                    "aspect": "kualitas",
                    "unit": "predikat",
                    "target_text": "Predikat BB",
                },
            ],
        },
    )

    code: Code
    name: str = Field(min_length=3, max_length=300)
    formula: str | None = Field(
        default=None, max_length=2000, description="Definition or formula of the indicator."
    )
    aspect: Aspect
    unit: str = Field(min_length=1, max_length=50, description="Satuan, e.g. persen, hari.")
    direction: Direction | None = Field(default=None, description=DIRECTION_DOC)
    _direction = model_validator(mode="after")(default_direction)
    target_value: Amount | None = None
    target_min: Amount | None = None
    target_max: Amount | None = None
    target_text: str | None = Field(default=None, min_length=1, max_length=500)
    baseline: Amount | None = Field(default=None, description="Starting value, same unit.")
    allow_over_100: bool = Field(
        default=False, description="Allow percent values above 100 (e.g. growth rates)."
    )


class KeyIndicatorUpdate(PatchModel):
    """Partial update. Send `null` to clear an optional field (e.g. switch a number target to
    a range: `{"target_value": null, "target_min": 90, "target_max": 95}`)."""

    clearable = frozenset(
        {
            "formula",
            "direction",
            "target_value",
            "target_min",
            "target_max",
            "target_text",
            "baseline",
        }
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"target_value": 90},
                {"target_value": None, "target_min": 85, "target_max": 90},
                {"is_active": False},
            ]
        },
    )

    goal_id: uuid.UUID | None = Field(
        default=None,
        description="Move to another goal of the same organization, year and level (the "
        "instansi, or the same OPD).",
    )
    code: Code | None = None
    name: str | None = Field(default=None, min_length=3, max_length=300)
    formula: str | None = Field(default=None, max_length=2000)
    aspect: Aspect | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=50)
    direction: Direction | None = None
    target_value: Amount | None = None
    target_min: Amount | None = None
    target_max: Amount | None = None
    target_text: str | None = Field(default=None, min_length=1, max_length=500)
    baseline: Amount | None = None
    allow_over_100: bool | None = None
    is_active: bool | None = None


class KeyIndicatorRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    **_IKU_EXAMPLE,
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f01",
                    "organization_id": _ORG_ID,
                    "unit_id": _DINKES_ID,
                    "goal_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                    "year": 2026,
                    "target_type": "number",
                    "target_min": None,
                    "target_max": None,
                    "target_text": None,
                    "allow_over_100": False,
                    "is_active": True,
                    **_STAMPS,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    unit_id: uuid.UUID | None = Field(description="Its goal's OPD; null at the instansi level.")
    goal_id: uuid.UUID
    year: int
    code: str
    name: str
    formula: str | None
    aspect: Aspect
    unit: str
    direction: Direction | None
    target_value: float | None
    target_min: float | None
    target_max: float | None
    target_text: str | None
    baseline: float | None
    allow_over_100: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int

    @computed_field(description="Which target fields apply: number, range or text.")
    def target_type(self) -> TargetType:
        if self.target_value is not None:
            return "number"
        if self.target_min is not None or self.target_max is not None:
            return "range"
        return "text"


# ---- the goal tree --------------------------------------------------------------------------


class GoalNode(GoalRead):
    """A goal with its IKU and, for a tujuan, its sasaran."""

    key_indicators: list[KeyIndicatorRead] = Field(default_factory=list)
    children: list[GoalNode] = Field(default_factory=list)


class GoalTree(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": _ORG_ID,
                    "unit_id": _DINKES_ID,
                    "year": 2026,
                    "strategy": {
                        **_STRATEGY_EXAMPLE,
                        "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d01",
                        "organization_id": _ORG_ID,
                        **_STAMPS,
                    },
                    "goals": [
                        {
                            **_GOAL_EXAMPLE,
                            "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                            "organization_id": _ORG_ID,
                            "is_active": True,
                            **_STAMPS,
                            "key_indicators": [
                                {
                                    **_IKU_EXAMPLE,
                                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0f01",
                                    "organization_id": _ORG_ID,
                                    "unit_id": _DINKES_ID,
                                    "goal_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01",
                                    "year": 2026,
                                    "target_type": "number",
                                    "target_min": None,
                                    "target_max": None,
                                    "target_text": None,
                                    "allow_over_100": False,
                                    "is_active": True,
                                    **_STAMPS,
                                }
                            ],
                            "children": [],
                        }
                    ],
                }
            ]
        }
    )

    organization_id: uuid.UUID
    unit_id: uuid.UUID | None = Field(
        default=None, description="The OPD whose Renstra this is; null for the instansi (RPJMD)."
    )
    year: int
    strategy: StrategyRead | None = Field(
        description="The strategy of this level whose period covers the year (for an OPD "
        "without its own: the instansi's)."
    )
    goals: list[GoalNode] = Field(
        description="Tujuan with their sasaran nested, then sasaran without a tujuan; by code."
    )
