"""Needs analysis, phase 1: stakeholder surveys and the needs register.

Surveys: an admin builds a survey (questions in order), publishes it under an unguessable
public token, and the public answers without signing in. Responses and answers are immutable
and anonymous; they opt out of the audit log (``__audit__ = False``) so a public, unauthenticated
endpoint cannot multiply writes — every admin action on surveys is audited as usual.

Needs: what the organization needs (from surveys, competency gaps, appraisal results, workload
shortages, stakeholder discussions), linked to the work and the training that cover it.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum, utcnow
from kinerja_api.indicators.models import KeyIndicator, OrganizationGoal


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


# ---- needs register ------------------------------------------------------------------------


class NeedSource(enum.StrEnum):
    SURVEY = "survey"
    COMPETENCY_GAP = "competency_gap"
    APPRAISAL_RESULT = "appraisal_result"
    WORKLOAD_SHORTAGE = "workload_shortage"
    STAKEHOLDER_DISCUSSION = "stakeholder_discussion"


class NeedPriority(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class NeedStatus(enum.StrEnum):
    OPEN = "open"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ADDRESSED = "addressed"  # closed: met
    DROPPED = "dropped"  # closed: no longer pursued


class NeedLinkKind(enum.StrEnum):
    """What a need is linked to. A later phase adds ``rhk`` (SKP work results): a new member,
    a new nullable foreign-key column on ``need_links`` and a wider CHECK — see
    :class:`NeedLink`."""

    GOAL = "goal"
    KEY_INDICATOR = "key_indicator"
    DEVELOPMENT_PLAN = "development_plan"


#: ``kind`` names exactly one target column.
ONE_TARGET = (
    "(kind = 'goal' AND goal_id IS NOT NULL AND key_indicator_id IS NULL"
    " AND development_plan_id IS NULL)"
    " OR (kind = 'key_indicator' AND key_indicator_id IS NOT NULL AND goal_id IS NULL"
    " AND development_plan_id IS NULL)"
    " OR (kind = 'development_plan' AND development_plan_id IS NOT NULL AND goal_id IS NULL"
    " AND key_indicator_id IS NULL)"
)


class Need(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "needs"
    __table_args__ = (
        Index("ix_needs_org_year", "organization_id", "year", "status"),
        Index("ix_needs_unit", "unit_id"),
        Index("ix_needs_source_survey", "source_survey_id"),
        CheckConstraint(
            "(status IN ('addressed', 'dropped')) = (closed_at IS NOT NULL)", name="closed"
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    year: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[NeedSource] = mapped_column(checked_enum(NeedSource, "need_source"))
    priority: Mapped[NeedPriority] = mapped_column(checked_enum(NeedPriority, "need_priority"))
    status: Mapped[NeedStatus] = mapped_column(
        checked_enum(NeedStatus, "need_status"), default=NeedStatus.OPEN
    )
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    #: where the need came from: a survey (and some of its questions) and/or a free note
    source_survey_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="RESTRICT")
    )
    source_question_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_note: Mapped[str | None] = mapped_column(String(1000))
    closed_at: Mapped[datetime | None] = mapped_column()
    close_reason: Mapped[str | None] = mapped_column(String(1000))

    links: Mapped[list[NeedLink]] = relationship(
        lazy="raise", order_by="NeedLink.created_at", cascade="all, delete-orphan"
    )


class NeedLink(IdMixin, Base):
    """A need → what covers it: one row per link, ``kind`` naming which foreign key is set.

    One table with a nullable foreign-key column per kind (rather than a polymorphic
    ``target_id`` without a foreign key) so the database keeps links honest: a linked goal or
    IKU cannot be deleted (RESTRICT → 409), and a link cannot point at nothing. The CHECK ties
    ``kind`` to exactly one column. A later kind adds a column, widens the CHECK and maps the
    kind to "work" or "training" in ``register_rules.COVERAGE``; the API (``kind`` +
    ``target_id``) stays the same.
    """

    __tablename__ = "need_links"
    __table_args__ = (
        UniqueConstraint("organization_id", "need_id", "goal_id"),
        UniqueConstraint("organization_id", "need_id", "key_indicator_id"),
        # A development plan covers at most one need (its ``need_id``).
        UniqueConstraint("organization_id", "development_plan_id"),
        Index("ix_need_links_need", "need_id"),
        Index("ix_need_links_goal", "goal_id"),
        Index("ix_need_links_key_indicator", "key_indicator_id"),
        CheckConstraint(ONE_TARGET, name="one_target"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    need_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    kind: Mapped[NeedLinkKind] = mapped_column(checked_enum(NeedLinkKind, "need_link_kind"))
    goal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization_goals.id", ondelete="RESTRICT")
    )
    key_indicator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("key_indicators.id", ondelete="RESTRICT")
    )
    #: deleting a plan removes the link (the plan is what covers the need)
    development_plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("development_plans.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[OrganizationGoal | None] = relationship(lazy="raise")
    key_indicator: Mapped[KeyIndicator | None] = relationship(lazy="raise")
    development_plan: Mapped[DevelopmentPlan | None] = relationship(lazy="raise")

    @property
    def target_id(self) -> uuid.UUID:
        target = {
            NeedLinkKind.GOAL: self.goal_id,
            NeedLinkKind.KEY_INDICATOR: self.key_indicator_id,
            NeedLinkKind.DEVELOPMENT_PLAN: self.development_plan_id,
        }[self.kind]
        assert target is not None  # the CHECK constraint guarantees it
        return target


# ---- workload analysis (ABK) ---------------------------------------------------------------


class WorkloadTask(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One uraian tugas of a position in a year: ``volume`` outputs × ``norm_minutes`` each."""

    __tablename__ = "workload_tasks"
    __table_args__ = (
        Index("ix_workload_tasks_org_year", "organization_id", "year"),
        Index("ix_workload_tasks_position_year", "position_id", "year"),
        CheckConstraint("volume >= 0", name="volume_not_negative"),
        CheckConstraint("norm_minutes > 0", name="norm_positive"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(String(500))
    output_unit: Mapped[str] = mapped_column(String(64))
    volume: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    norm_minutes: Mapped[Decimal] = mapped_column(Numeric(10, 2))


# ---- competencies --------------------------------------------------------------------------


class CompetencyKind(enum.StrEnum):
    TEKNIS = "teknis"
    MANAJERIAL = "manajerial"
    SOSIAL_KULTURAL = "sosial_kultural"


class AssessmentSource(enum.StrEnum):
    ASSESSMENT_CENTER = "assessment_center"
    SELF = "self"
    SUPERVISOR = "supervisor"
    OTHER = "other"


class Competency(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An organization's competency catalog entry (the eight managerial ones are seeded)."""

    __tablename__ = "competencies"
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        Index("ix_competencies_org_kind", "organization_id", "kind"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CompetencyKind] = mapped_column(checked_enum(CompetencyKind, "competency_kind"))
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)


class CompetencyStandard(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The level (1–5) a position requires of one competency."""

    __tablename__ = "competency_standards"
    __table_args__ = (
        UniqueConstraint("organization_id", "position_id", "competency_id"),
        Index("ix_competency_standards_competency", "competency_id"),
        CheckConstraint("required_level BETWEEN 1 AND 5", name="level_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"))
    competency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT")
    )
    required_level: Mapped[int] = mapped_column(SmallInteger)


class CompetencyAssessment(IdMixin, TimestampMixin, Base):
    """An assessed level of an employee in one competency; history is kept, the latest
    (by ``assessed_on``, then creation) counts. Never changed once recorded."""

    __tablename__ = "competency_assessments"
    __table_args__ = (
        Index("ix_competency_assessments_employee", "employee_id", "competency_id", "assessed_on"),
        Index("ix_competency_assessments_competency", "competency_id"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    competency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT")
    )
    level: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[AssessmentSource] = mapped_column(
        checked_enum(AssessmentSource, "assessment_source")
    )
    assessed_on: Mapped[date] = mapped_column()
    note: Mapped[str | None] = mapped_column(String(1000))
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


# ---- development plans ---------------------------------------------------------------------


class DevelopmentType(enum.StrEnum):
    TRAINING = "training"
    COACHING = "coaching"
    MENTORING = "mentoring"
    E_LEARNING = "e_learning"
    WORKSHOP = "workshop"


class PlanStatus(enum.StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    CANCELLED = "cancelled"


class DevelopmentPlan(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One item of an employee's development plan (rencana pengembangan kompetensi).

    ``need_id`` is the need it covers; the service keeps the matching ``need_links`` row
    (kind ``development_plan``) so the needs coverage report counts it as training.
    A plan the employee proposes has ``approved_at`` null until a supervisor or admin
    approves it; one they create for someone is approved at once.
    """

    __tablename__ = "development_plans"
    __table_args__ = (
        Index("ix_development_plans_employee_year", "employee_id", "year"),
        Index("ix_development_plans_org_year", "organization_id", "year", "status"),
        Index("ix_development_plans_need", "need_id"),
        Index("ix_development_plans_competency", "competency_id"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint("learning_hours >= 0", name="hours_not_negative"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="date_order"
        ),
        CheckConstraint("status <> 'done' OR evidence IS NOT NULL", name="done_has_evidence"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column()
    type: Mapped[DevelopmentType] = mapped_column(
        checked_enum(DevelopmentType, "development_type")
    )
    title: Mapped[str] = mapped_column(String(300))
    competency_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT")
    )
    need_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("needs.id", ondelete="RESTRICT"))
    provider: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column()
    end_date: Mapped[date | None] = mapped_column()
    budget: Mapped[int] = mapped_column(BigInteger, default=0)  # Rupiah
    learning_hours: Mapped[int] = mapped_column(default=0)
    status: Mapped[PlanStatus] = mapped_column(
        checked_enum(PlanStatus, "plan_status"), default=PlanStatus.PLANNED
    )
    evidence: Mapped[str | None] = mapped_column(String(1000))
    proposed_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column()
