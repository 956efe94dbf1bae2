"""Stakeholder surveys (survei kebutuhan): a survey with its questions, and the anonymous
responses with their answers.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum, utcnow

# ---- surveys -------------------------------------------------------------------------------


class RespondentGroup(enum.StrEnum):
    """Who answers: the general public (residents, visitors), businesses, the agency's staff."""

    PUBLIC = "public"
    BUSINESS = "business"
    STAFF = "staff"


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"  # being built; editable; not reachable publicly
    PUBLISHED = "published"  # answerable at its public token
    CLOSED = "closed"  # no more answers (410); results stay


class QuestionType(enum.StrEnum):
    SCALE = "scale"  # 1–5 with a label per point
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"  # up to ``max_selections`` options
    TEXT = "text"  # free text up to ``max_length`` characters


class Survey(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "surveys"
    __table_args__ = (
        UniqueConstraint("organization_id", "public_token"),
        Index("ix_surveys_public_token", "public_token"),
        CheckConstraint(
            "(status = 'draft') = (public_token IS NULL AND published_at IS NULL)",
            name="published_has_token",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[SurveyStatus] = mapped_column(
        checked_enum(SurveyStatus, "survey_status"), default=SurveyStatus.DRAFT
    )
    #: 128 random bits (``secrets.token_urlsafe(16)``), set when published. Globally unique by
    #: construction; the unique constraint includes ``organization_id`` like every tenant table.
    public_token: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()

    questions: Mapped[list[SurveyQuestion]] = relationship(
        lazy="raise",
        order_by="SurveyQuestion.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class SurveyQuestion(IdMixin, Base):
    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("organization_id", "survey_id", "key"),
        Index("ix_survey_questions_survey", "survey_id", "position"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column()
    type: Mapped[QuestionType] = mapped_column(checked_enum(QuestionType, "question_type"))
    text: Mapped[str] = mapped_column(String(500))
    required: Mapped[bool] = mapped_column(default=False)
    #: scale: the five labels of 1..5
    labels: Mapped[list[str] | None] = mapped_column(JSON)
    #: choices: ``[{"key": ..., "label": ...}]`` in display order
    options: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    max_selections: Mapped[int | None] = mapped_column()
    max_length: Mapped[int | None] = mapped_column()


class SurveyResponse(IdMixin, Base):
    """One anonymous submission. ``respondent_hash`` = SHA-256 of the survey id and the
    client-generated respondent token: one response per token and survey, and the same token
    cannot be linked across surveys."""

    __tablename__ = "survey_responses"
    __audit__ = False
    __table_args__ = (
        UniqueConstraint("organization_id", "survey_id", "respondent_hash"),
        Index("ix_survey_responses_survey", "survey_id", "submitted_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("surveys.id", ondelete="RESTRICT"))
    respondent_group: Mapped[RespondentGroup] = mapped_column(
        checked_enum(RespondentGroup, "respondent_group")
    )
    respondent_hash: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    answers: Mapped[list[SurveyAnswer]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True, back_populates="response"
    )


class SurveyAnswer(IdMixin, Base):
    """One answer: a scale value, one selected option (a multiple-choice answer is one row per
    selected option, so counting is a plain GROUP BY), or a text."""

    __tablename__ = "survey_answers"
    __audit__ = False
    __table_args__ = (
        Index("ix_survey_answers_response", "response_id"),
        Index("ix_survey_answers_question", "question_id"),
        CheckConstraint(
            "(CASE WHEN scale_value IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN choice IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN text_value IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_value",
        ),
        CheckConstraint("scale_value BETWEEN 1 AND 5", name="scale_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="RESTRICT")
    )
    scale_value: Mapped[int | None] = mapped_column()
    choice: Mapped[str | None] = mapped_column(String(32))
    text_value: Mapped[str | None] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(lazy="raise", back_populates="answers")
