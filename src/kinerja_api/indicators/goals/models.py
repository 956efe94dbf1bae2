"""Vision and mission (strategy), strategic goals (tujuan/sasaran) and their key indicators
(IKU) of an organization: the top of the cascade that SKP work results refer to.

They come at two levels. ``unit_id`` NULL: the instansi's own plan (RPJMD of a regional
government, Renstra of a ministry). ``unit_id`` set: the plan (Renstra) of one OPD, a
top-level unit; an OPD goal names the instansi goal of the same year it serves
(``serves_goal_id``). Codes are unique per organization, level (OPD) and year: partial
unique indexes, one for each level, since NULLs never clash in a unique constraint.
"""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum
from kinerja_api.indicators.targets import Aspect, Direction

# Numbers of targets and baselines: exact in the database, floats in Python and JSON.
Amount = Numeric(18, 4, asdecimal=False)


def _level_unique(table: str, *columns: str) -> tuple[Index, Index]:
    """Unique ``columns`` per organization at the instansi level and per OPD at the OPD level."""
    instansi = text("unit_id IS NULL")
    opd = text("unit_id IS NOT NULL")
    return (
        Index(
            f"uq_{table}_instansi_{'_'.join(columns)}",
            "organization_id",
            *columns,
            unique=True,
            sqlite_where=instansi,
            postgresql_where=instansi,
        ),
        Index(
            f"uq_{table}_opd_{'_'.join(columns)}",
            "organization_id",
            "unit_id",
            *columns,
            unique=True,
            sqlite_where=opd,
            postgresql_where=opd,
        ),
    )


def _opd_column() -> Mapped[uuid.UUID | None]:
    return mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))


class GoalKind(enum.StrEnum):
    TUJUAN = "tujuan"  # strategic goal
    SASARAN = "sasaran"  # strategic target, under a tujuan


class OrganizationStrategy(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Vision and missions of a planning period (RPJMD/Renstra, at most five years)."""

    __tablename__ = "organization_strategies"
    __table_args__ = (
        *_level_unique("organization_strategies", "start_year"),
        CheckConstraint("end_year >= start_year AND end_year - start_year <= 4", name="period"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    #: The OPD whose Renstra this is; NULL for the instansi's own plan (RPJMD).
    unit_id: Mapped[uuid.UUID | None] = _opd_column()
    title: Mapped[str | None] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column()
    end_year: Mapped[int] = mapped_column()
    vision: Mapped[str] = mapped_column(Text)
    missions: Mapped[list[str]] = mapped_column(JSON, default=list)


class OrganizationGoal(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A tujuan or sasaran of one year; a sasaran may sit under a tujuan of the same year."""

    __tablename__ = "organization_goals"
    __table_args__ = (
        *_level_unique("organization_goals", "year", "code"),
        Index("ix_organization_goals_parent", "parent_id"),
        Index("ix_organization_goals_serves", "serves_goal_id"),
        CheckConstraint("unit_id IS NOT NULL OR serves_goal_id IS NULL", name="instansi_serves"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    #: The OPD whose goal this is; NULL for an instansi (RPJMD) goal.
    unit_id: Mapped[uuid.UUID | None] = _opd_column()
    year: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[GoalKind] = mapped_column(checked_enum(GoalKind, "goal_kind"))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization_goals.id", ondelete="RESTRICT")
    )
    #: For an OPD goal: the instansi goal of the same year it serves (refers to).
    serves_goal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization_goals.id", ondelete="RESTRICT")
    )
    statement: Mapped[str] = mapped_column(String(500))
    mission_number: Mapped[int | None] = mapped_column()
    is_active: Mapped[bool] = mapped_column(default=True)


class KeyIndicator(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An IKU (indikator kinerja utama) measuring a goal in its year.

    The target is one number (``target_value``), a range (``target_min``..``target_max``) or
    a description (``target_text``, for qualitative targets).
    """

    __tablename__ = "key_indicators"
    __table_args__ = (
        *_level_unique("key_indicators", "year", "code"),
        Index("ix_key_indicators_goal", "goal_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    #: The OPD of its goal (copied from the goal); NULL for an instansi IKU.
    unit_id: Mapped[uuid.UUID | None] = _opd_column()
    goal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization_goals.id", ondelete="RESTRICT")
    )
    year: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))
    formula: Mapped[str | None] = mapped_column(Text)
    aspect: Mapped[Aspect] = mapped_column(checked_enum(Aspect, "indicator_aspect"))
    unit: Mapped[str] = mapped_column(String(50))
    direction: Mapped[Direction | None] = mapped_column(
        checked_enum(Direction, "indicator_direction")
    )
    target_value: Mapped[float | None] = mapped_column(Amount)
    target_min: Mapped[float | None] = mapped_column(Amount)
    target_max: Mapped[float | None] = mapped_column(Amount)
    target_text: Mapped[str | None] = mapped_column(String(500))
    baseline: Mapped[float | None] = mapped_column(Amount)
    allow_over_100: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
