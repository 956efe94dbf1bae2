"""The needs register (daftar kebutuhan organisasi): needs found by surveys, workload and
competency analysis or raised by hand, and their links to the goals, IKU and development plans
that answer them.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

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
from kinerja_api.core.labels import enum_labels
from kinerja_api.indicators.goals.models import KeyIndicator, OrganizationGoal
from kinerja_api.needs.development.models import DevelopmentPlan

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


#: What a link points to, in words (messages name the right kind of target).
LINK_TARGET_LABELS: dict[NeedLinkKind, dict[str, str]] = {
    NeedLinkKind.GOAL: {"id": "tujuan/sasaran", "en": "goal"},
    NeedLinkKind.KEY_INDICATOR: {"id": "IKU", "en": "key indicator"},
    NeedLinkKind.DEVELOPMENT_PLAN: {"id": "rencana pengembangan", "en": "development plan"},
}

enum_labels(NeedLinkKind, LINK_TARGET_LABELS)

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
