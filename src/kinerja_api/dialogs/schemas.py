"""Request and response bodies of performance dialogues and their agreed actions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from kinerja_api.core.validation import IsoDate
from kinerja_api.dialogs.models import ActionStatus, DialogueStatus, DialogueSubject
from kinerja_api.needs.development.models import DevelopmentType

_ORG = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00"
_DIALOGUE = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e7001"
_ACTION = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e7101"
_KAPUS = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d05"
_SITI = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d06"
_RHK = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e4001"
_NEED = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e2001"
_STAMPS: dict[str, Any] = {
    "created_at": "2026-04-10T02:00:00Z",
    "updated_at": "2026-04-10T02:00:00Z",
}


def _in_range(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2100:
        raise ValueError("the year must be between 2000 and 2100")
    return value


def _date_in_range(value: date) -> date:
    if not 2000 <= value.year <= 2100:
        raise ValueError("the year must be between 2000 and 2100")
    return value


When = Annotated[
    AwareDatetime,
    AfterValidator(_in_range),
    Field(description="Date and time with a UTC offset.", examples=["2026-04-14T01:00:00Z"]),
]
Due = Annotated[IsoDate, AfterValidator(_date_in_range), Field(examples=["2026-05-31"])]
Place = Annotated[
    str,
    Field(
        min_length=2,
        max_length=500,
        description="Room or meeting link.",
        examples=["Ruang rapat Puskesmas Talise"],
    ),
]
Note = Annotated[str, Field(min_length=1, max_length=10000)]


class DialogueCreate(BaseModel):
    """A dialogue the signed-in supervisor schedules with people they supervise."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "participant_ids": [_SITI],
                    "scheduled_at": "2026-04-14T01:00:00Z",
                    "place": "Ruang rapat Puskesmas Talise",
                    "agenda": "Capaian imunisasi triwulan I dan kendala di posyandu",
                    "subject": "realization",
                    "topic": "Cakupan IDL di bawah target",
                    "work_result_id": _RHK,
                }
            ]
        },
    )

    participant_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=100,
        description="One subordinate (one-on-one) or a team; each must be below you in the "
        "position chain today (acting assignments count).",
    )
    scheduled_at: When
    place: Place
    agenda: str | None = Field(default=None, max_length=5000)
    subject: DialogueSubject = DialogueSubject.GENERAL
    topic: str = Field(min_length=3, max_length=500)
    work_result_id: uuid.UUID | None = Field(
        default=None,
        description="An RHK of a participant's SKP (subjects work_result, realization).",
    )
    appraisal_id: uuid.UUID | None = Field(
        default=None, description="A participant's appraisal (subject appraisal)."
    )


class DialogueRequestCreate(BaseModel):
    """An employee asks their appraiser for a dialogue."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"topic": "Kendala pencatatan imunisasi di posyandu", "subject": "general"}
            ]
        },
    )

    topic: str = Field(min_length=3, max_length=500)
    subject: DialogueSubject = DialogueSubject.GENERAL
    work_result_id: uuid.UUID | None = Field(default=None, description="An RHK of your SKP.")


class DialogueAccept(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "scheduled_at": "2026-04-14T01:00:00Z",
                    "place": "https://meet.example.go.id/dialog-talise",
                    "agenda": "Kendala pencatatan",
                }
            ]
        },
    )

    scheduled_at: When
    place: Place
    agenda: str | None = Field(default=None, max_length=5000)


class DialogueDecline(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "Sudah dibahas pada rapat tim tanggal 10 April"}]
        },
    )

    reason: str = Field(min_length=3, max_length=1000)


class DialogueRecord(BaseModel):
    """The four steps of the feedback conversation."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "went_well": "Pelayanan di Posyandu Melati tepat waktu",
                    "not_well": "Cakupan IDL Maret 78%, di bawah target bulanan",
                    "why": "Dua posyandu tutup setelah gempa; data bayi pindahan belum masuk",
                    "next_steps": "Sweeping bayi pindahan dan jadwal posyandu pengganti",
                }
            ]
        },
    )

    went_well: Note = Field(description="What went well.")
    not_well: Note = Field(description="What did not go well.")
    why: Note = Field(description="Why.")
    next_steps: Note = Field(description="What next.")


class ActionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "owner_id": _SITI,
                    "description": "Sweeping bayi pindahan di Kelurahan Talise",
                    "due_date": "2026-05-31",
                    "work_result_id": _RHK,
                }
            ]
        },
    )

    owner_id: uuid.UUID = Field(description="A participant or the supervisor.")
    description: str = Field(min_length=3, max_length=1000)
    due_date: Due
    work_result_id: uuid.UUID | None = Field(
        default=None, description="An RHK of the owner's SKP the action serves."
    )
    need_id: uuid.UUID | None = Field(
        default=None, description="A development need of the organization the action serves."
    )


class ActionUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "dropped", "reason": "Posyandu sudah buka"}]},
    )

    status: ActionStatus | None = None
    reason: str | None = Field(
        default=None, min_length=3, max_length=1000, description="Needed to drop an action."
    )
    description: str | None = Field(default=None, min_length=3, max_length=1000)
    due_date: Due | None = None


class Confirmation(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"confirmed": True, "comment": "Sesuai hasil pembicaraan"}]
        },
    )

    confirmed: bool = Field(
        description="true: I confirm the record (it becomes read-only); false: I only comment."
    )
    comment: str | None = Field(
        default=None, min_length=1, max_length=2000, description="Needed when not confirming."
    )


class ActionDevelopmentPlan(BaseModel):
    """The development-plan item an action becomes."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "coaching",
                    "title": "Coaching pencatatan imunisasi elektronik",
                    "learning_hours": 8,
                }
            ]
        },
    )

    type: DevelopmentType
    title: str = Field(min_length=3, max_length=300)
    provider: str | None = Field(default=None, max_length=200)
    learning_hours: int = Field(default=0, ge=0, le=1000, description="Jam pelajaran (JP).")
    budget: int = Field(default=0, ge=0, le=10**12, description="Rupiah.")


class ParticipantRead(BaseModel):
    employee_id: uuid.UUID
    name: str
    confirmed_at: datetime | None
    comment: str | None
    commented_at: datetime | None


class ActionRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _ACTION,
                    "organization_id": _ORG,
                    "dialogue_id": _DIALOGUE,
                    "owner_id": _SITI,
                    "owner_name": "Siti Rahma",
                    "description": "Sweeping bayi pindahan di Kelurahan Talise",
                    "due_date": "2026-05-31",
                    "work_result_id": _RHK,
                    "need_id": None,
                    "status": "open",
                    "status_reason": None,
                    "closed_at": None,
                    "overdue": False,
                    "development_plan_id": None,
                    "version": 1,
                    **_STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    dialogue_id: uuid.UUID
    owner_id: uuid.UUID
    owner_name: str
    description: str
    due_date: date
    work_result_id: uuid.UUID | None
    need_id: uuid.UUID | None
    status: ActionStatus
    status_reason: str | None
    closed_at: datetime | None
    overdue: bool = Field(description="Open after its due date (organization's today).")
    development_plan_id: uuid.UUID | None = Field(
        description="The development-plan item the action became, if any."
    )
    version: int
    created_at: datetime
    updated_at: datetime


class DialogueRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _DIALOGUE,
                    "organization_id": _ORG,
                    "supervisor_id": _KAPUS,
                    "supervisor_name": "Ns. Fadli Rahman",
                    "requested_by_id": None,
                    "kind": "one_on_one",
                    "status": "recorded",
                    "subject": "realization",
                    "topic": "Cakupan IDL di bawah target",
                    "work_result_id": _RHK,
                    "appraisal_id": None,
                    "scheduled_at": "2026-04-14T01:00:00Z",
                    "place": "Ruang rapat Puskesmas Talise",
                    "agenda": "Capaian imunisasi triwulan I",
                    "decline_reason": None,
                    "went_well": "Pelayanan di Posyandu Melati tepat waktu",
                    "not_well": "Cakupan IDL Maret 78%",
                    "why": "Dua posyandu tutup setelah gempa",
                    "next_steps": "Sweeping bayi pindahan",
                    "recorded_at": "2026-04-14T03:00:00Z",
                    "confirmed_at": None,
                    "read_only": False,
                    "participants": [
                        {
                            "employee_id": _SITI,
                            "name": "Siti Rahma",
                            "confirmed_at": None,
                            "comment": None,
                            "commented_at": None,
                        }
                    ],
                    "actions": [],
                    "allowed_actions": ["record", "add_action"],
                    "version": 3,
                    **_STAMPS,
                }
            ]
        }
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    supervisor_id: uuid.UUID
    supervisor_name: str
    requested_by_id: uuid.UUID | None
    kind: str = Field(description="`one_on_one` or `team`.")
    status: DialogueStatus
    subject: DialogueSubject
    topic: str
    work_result_id: uuid.UUID | None
    appraisal_id: uuid.UUID | None
    scheduled_at: datetime | None
    place: str | None
    agenda: str | None
    decline_reason: str | None
    went_well: str | None
    not_well: str | None
    why: str | None
    next_steps: str | None
    recorded_at: datetime | None
    confirmed_at: datetime | None
    read_only: bool = Field(
        description="True once a participant has confirmed: only action status changes then."
    )
    participants: list[ParticipantRead]
    actions: list[ActionRead]
    allowed_actions: list[str] = Field(
        description="What the caller may do now: accept, decline, record, add_action, confirm."
    )
    version: int
    created_at: datetime
    updated_at: datetime


class ActionCountsRead(BaseModel):
    open: int
    done: int
    dropped: int
    overdue: int


class PersonRef(BaseModel):
    employee_id: uuid.UUID
    name: str


class DialogueReport(BaseModel):
    """A supervisor's regular feedback over a year, ready for a dashboard."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "supervisor_id": _KAPUS,
                    "supervisor_name": "Ns. Fadli Rahman",
                    "year": 2026,
                    "dialogues_held": 3,
                    "dialogues_planned": 1,
                    "team_size": 2,
                    "met": [{"employee_id": _SITI, "name": "Siti Rahma"}],
                    "never_met": [
                        {"employee_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0d07", "name": "Rina"}
                    ],
                    "actions": {"open": 2, "done": 1, "dropped": 0, "overdue": 1},
                }
            ]
        }
    )

    supervisor_id: uuid.UUID
    supervisor_name: str
    year: int
    dialogues_held: int = Field(description="Recorded or confirmed dialogues of the year.")
    dialogues_planned: int = Field(description="Scheduled, not yet recorded.")
    team_size: int = Field(description="Direct subordinates today (acting assignments count).")
    met: list[PersonRef] = Field(description="Team members met at least once in the year.")
    never_met: list[PersonRef]
    actions: ActionCountsRead = Field(
        description="Actions agreed in the year's dialogues; overdue ones are also open."
    )
