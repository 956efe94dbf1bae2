"""Request and response bodies of the needs register: needs, their links, coverage."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kinerja_api.core.validation import PatchModel, Year
from kinerja_api.needs.examples import GOAL_ID, NEED_ID, ORG_ID, STAMPS, SURVEY_ID, UNIT_ID
from kinerja_api.needs.register.models import NeedLinkKind, NeedPriority, NeedSource, NeedStatus
from kinerja_api.needs.register.rules import Coverage
from kinerja_api.needs.surveys.schemas import QuestionKey

# ---- needs ---------------------------------------------------------------------------------

_NEED_EXAMPLE: dict[str, Any] = {
    "year": 2026,
    "title": "Kemampuan komunikasi bahasa asing petugas informasi wisata",
    "description": "60% responden survei membutuhkan petugas yang berbahasa Inggris.",
    "source": "survey",
    "priority": "high",
    "unit_id": UNIT_ID,
    "source_survey_id": SURVEY_ID,
    "source_question_keys": ["bahasa_dibutuhkan", "saran"],
    "source_note": None,
}


class NeedCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                _NEED_EXAMPLE,
                {
                    "year": 2026,
                    "title": "Pemandu wisata bersertifikat untuk paket wisata bahari",
                    "source": "stakeholder_discussion",
                    "priority": "medium",
                    "unit_id": UNIT_ID,
                    "source_note": "Forum diskusi dengan ASITA dan PHRI Sabang, 12 Maret 2026",
                },
            ]
        },
    )

    year: Year = Field(description="Performance year the need is addressed in.")
    title: str = Field(min_length=3, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    source: NeedSource
    priority: NeedPriority
    unit_id: uuid.UUID = Field(description="Unit that owns the need.")
    source_survey_id: uuid.UUID | None = Field(
        default=None, description="Only with `source` = survey: the survey it came from."
    )
    source_question_keys: list[QuestionKey] = Field(
        default_factory=list, max_length=50, description="Questions of `source_survey_id`."
    )
    source_note: str | None = Field(
        default=None, max_length=1000, description="Free reference, e.g. a meeting."
    )


class NeedFromSurvey(BaseModel):
    """Register a need from a survey's results: the source reference is filled in, and the
    description (when not given) summarizes the chosen questions' results."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "survey_id": SURVEY_ID,
                    "question_keys": ["bahasa_dibutuhkan", "saran"],
                    "title": "Kemampuan komunikasi bahasa asing petugas informasi wisata",
                    "priority": "high",
                    "unit_id": UNIT_ID,
                }
            ]
        },
    )

    survey_id: uuid.UUID
    question_keys: list[QuestionKey] = Field(min_length=1, max_length=50)
    title: str = Field(min_length=3, max_length=300)
    description: str | None = Field(
        default=None, max_length=5000, description="Default: a digest of the results."
    )
    priority: NeedPriority
    unit_id: uuid.UUID
    year: Year | None = Field(
        default=None, description="Default: the year the survey was published (local time)."
    )


ActiveStatus = Literal[NeedStatus.OPEN, NeedStatus.PLANNED, NeedStatus.IN_PROGRESS]


class NeedUpdate(PatchModel):
    """Partial update of an active need; closing is `POST /needs/{need_id}/close`."""

    clearable = frozenset({"description", "source_survey_id", "source_note"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"status": "planned"},
                {"priority": "medium", "description": "Diprioritaskan ulang setelah rapat."},
            ]
        },
    )

    year: Year | None = None
    title: str | None = Field(default=None, min_length=3, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    source: NeedSource | None = None
    priority: NeedPriority | None = None
    status: ActiveStatus | None = Field(
        default=None, description="open, planned or in_progress (see the allowed changes)."
    )
    unit_id: uuid.UUID | None = None
    source_survey_id: uuid.UUID | None = None
    source_question_keys: list[QuestionKey] | None = Field(default=None, max_length=50)
    source_note: str | None = Field(default=None, max_length=1000)


class NeedClose(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "status": "addressed",
                    "reason": "Pelatihan Bahasa Inggris untuk Pelayanan Wisata telah "
                    "diikuti seluruh petugas informasi wisata.",
                },
                {"status": "dropped", "reason": "Digabung dengan kebutuhan lain."},
            ]
        },
    )

    status: Literal[NeedStatus.ADDRESSED, NeedStatus.DROPPED]
    reason: str = Field(min_length=3, max_length=1000)


class LinkTarget(BaseModel):
    code: str
    title: str = Field(description="Goal statement, IKU name or development plan title.")
    year: int
    is_active: bool


class NeedLinkCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "goal", "target_id": GOAL_ID}]},
    )

    kind: NeedLinkKind
    target_id: uuid.UUID = Field(
        description="The goal, IKU or development plan, of the same organization."
    )


class NeedLinkRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e2101",
                    "need_id": NEED_ID,
                    "kind": "goal",
                    "target_id": GOAL_ID,
                    "covers": "work",
                    "target": {
                        "code": "T1",
                        "title": "Meningkatnya kunjungan wisatawan mancanegara",
                        "year": 2026,
                        "is_active": True,
                    },
                    "created_at": "2026-03-05T01:00:00Z",
                }
            ]
        }
    )

    id: uuid.UUID
    need_id: uuid.UUID
    kind: NeedLinkKind
    target_id: uuid.UUID
    covers: Coverage = Field(description="Whether the link counts as work or as training.")
    target: LinkTarget
    created_at: datetime


class NeedRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_NEED_EXAMPLE,
                    "id": NEED_ID,
                    "organization_id": ORG_ID,
                    "status": "open",
                    "closed_at": None,
                    "close_reason": None,
                    "links": [],
                    **STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    year: int
    title: str
    description: str | None
    source: NeedSource
    priority: NeedPriority
    status: NeedStatus
    unit_id: uuid.UUID
    source_survey_id: uuid.UUID | None
    source_question_keys: list[str]
    source_note: str | None
    closed_at: datetime | None
    close_reason: str | None
    links: list[NeedLinkRead]
    created_at: datetime
    updated_at: datetime
    version: int


# ---- coverage ------------------------------------------------------------------------------


class NeedCoverageItem(BaseModel):
    id: uuid.UUID
    title: str
    priority: NeedPriority
    status: NeedStatus
    unit_id: uuid.UUID
    covered_by_work: bool = Field(description="Linked to an active goal or IKU.")
    covered_by_training: bool = Field(
        description="Linked to a development plan that is not cancelled."
    )
    work_links: int
    training_links: int


class GoalNoOpdServes(BaseModel):
    """An instansi (RPJMD) goal that needs are linked to, directly or through its IKU, that
    no active OPD goal serves: the needs are covered on paper, but no OPD works on it."""

    id: uuid.UUID
    code: str
    kind: str
    statement: str
    need_ids: list[uuid.UUID] = Field(description="The report's needs linked to it.")


class PriorityCoverage(BaseModel):
    priority: NeedPriority
    total: int
    covered_by_work: int
    covered_by_training: int
    fully_covered: int = Field(description="Covered by work and by training.")
    uncovered: int = Field(description="Covered by neither.")


_COVERAGE_ITEM: dict[str, Any] = {
    "id": NEED_ID,
    "title": _NEED_EXAMPLE["title"],
    "priority": "high",
    "status": "open",
    "unit_id": UNIT_ID,
    "covered_by_work": True,
    "covered_by_training": False,
    "work_links": 1,
    "training_links": 0,
}


class NeedCoverageReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organization_id": ORG_ID,
                    "year": 2026,
                    "needs": [_COVERAGE_ITEM],
                    "uncovered_by_work": [],
                    "uncovered_by_training": [_COVERAGE_ITEM],
                    "by_priority": [
                        {
                            "priority": "high",
                            "total": 1,
                            "covered_by_work": 1,
                            "covered_by_training": 0,
                            "fully_covered": 0,
                            "uncovered": 0,
                        }
                    ],
                }
            ]
        }
    )

    organization_id: uuid.UUID
    year: int
    needs: list[NeedCoverageItem] = Field(
        description="Needs of the year that are not dropped; high priority first."
    )
    uncovered_by_work: list[NeedCoverageItem]
    uncovered_by_training: list[NeedCoverageItem]
    by_priority: list[PriorityCoverage]
    opd_id: uuid.UUID | None = Field(
        default=None,
        description="The OPD the report is limited to (needs of units in its subtree); null: "
        "the whole instansi.",
    )
    unserved_goals: list[GoalNoOpdServes] = Field(
        default_factory=list,
        description="Instansi (RPJMD) goals the report's needs are linked to (directly or "
        "through an IKU) that no active OPD goal serves, by code: work nobody in an OPD does "
        "(see also `unserved_goals` of the cascade tree).",
    )
