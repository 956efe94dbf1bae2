"""Dialogue meetings, their participants and the actions agreed in them.

A dialogue is organized by a supervisor (``supervisor_id``) with people below them in the
position chain. It is either scheduled by the supervisor or requested by an employee of
their appraiser (``requested_by_id``), who then accepts it with a time or declines it with a
reason. After the meeting the supervisor records the four steps of the feedback
conversation and the agreed actions; each participant confirms the record (or comments on
it). The first confirmation freezes the record: from then on only action status changes.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum


class DialogueStatus(enum.StrEnum):
    REQUESTED = "requested"  # asked for by an employee, waiting for the appraiser
    DECLINED = "declined"  # the appraiser declined the request (with a reason)
    SCHEDULED = "scheduled"  # date, time and place set
    RECORDED = "recorded"  # notes written after the meeting, confirmations pending
    CONFIRMED = "confirmed"  # every participant confirmed the record


class DialogueSubject(enum.StrEnum):
    """What the dialogue is about."""

    GENERAL = "general"
    WORK_RESULT = "work_result"  # an RHK of a participant's SKP
    REALIZATION = "realization"  # a realization behind target (of an RHK)
    APPRAISAL = "appraisal"  # a participant's appraisal


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Dialogue(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "dialogues"
    __table_args__ = (
        Index("ix_dialogues_org_scheduled", "organization_id", "scheduled_at"),
        Index("ix_dialogues_supervisor", "supervisor_id", "scheduled_at"),
        Index("ix_dialogues_work_result", "work_result_id"),
        Index("ix_dialogues_appraisal", "appraisal_id"),
        CheckConstraint(
            "status IN ('requested', 'declined') OR scheduled_at IS NOT NULL",
            name="scheduled_has_time",
        ),
        CheckConstraint(
            "status <> 'declined' OR decline_reason IS NOT NULL", name="declined_has_reason"
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    supervisor_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    status: Mapped[DialogueStatus] = mapped_column(checked_enum(DialogueStatus, "dialogue_status"))
    subject: Mapped[DialogueSubject] = mapped_column(
        checked_enum(DialogueSubject, "dialogue_subject"), default=DialogueSubject.GENERAL
    )
    topic: Mapped[str] = mapped_column(String(500))
    work_result_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="RESTRICT")
    )
    appraisal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("appraisals.id", ondelete="RESTRICT")
    )
    scheduled_at: Mapped[datetime | None] = mapped_column()
    place: Mapped[str | None] = mapped_column(String(500))
    agenda: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(String(1000))
    # The four steps of the feedback conversation (PermenPANRB 6/2022).
    went_well: Mapped[str | None] = mapped_column(Text)
    not_well: Mapped[str | None] = mapped_column(Text)
    why: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None] = mapped_column()
    confirmed_at: Mapped[datetime | None] = mapped_column()


class DialogueParticipant(IdMixin, TimestampMixin, Base):
    """A person the supervisor meets; their confirmation of (or comment on) the record."""

    __tablename__ = "dialogue_participants"
    __table_args__ = (
        UniqueConstraint("organization_id", "dialogue_id", "employee_id"),
        Index("ix_dialogue_participants_employee", "employee_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    dialogue_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"))
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    confirmed_at: Mapped[datetime | None] = mapped_column()
    comment: Mapped[str | None] = mapped_column(String(2000))
    commented_at: Mapped[datetime | None] = mapped_column()


class DialogueAction(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An action agreed in a dialogue: owner, due date, what it serves, status."""

    __tablename__ = "dialogue_actions"
    __table_args__ = (
        Index("ix_dialogue_actions_dialogue", "dialogue_id"),
        Index("ix_dialogue_actions_owner", "owner_id", "status", "due_date"),
        Index("ix_dialogue_actions_org_due", "organization_id", "status", "due_date"),
        Index("ix_dialogue_actions_work_result", "work_result_id"),
        Index("ix_dialogue_actions_need", "need_id"),
        CheckConstraint(
            "status <> 'dropped' OR status_reason IS NOT NULL", name="dropped_has_reason"
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    dialogue_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dialogues.id", ondelete="RESTRICT"))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    description: Mapped[str] = mapped_column(String(1000))
    due_date: Mapped[date] = mapped_column()
    work_result_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("skp_work_results.id", ondelete="RESTRICT")
    )
    need_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("needs.id", ondelete="RESTRICT"))
    status: Mapped[ActionStatus] = mapped_column(
        checked_enum(ActionStatus, "dialogue_action_status"), default=ActionStatus.OPEN
    )
    status_reason: Mapped[str | None] = mapped_column(String(1000))
    closed_at: Mapped[datetime | None] = mapped_column()
