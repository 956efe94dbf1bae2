"""Strategies, goals and IKU: queries, tenant isolation and the rules that need the database."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity
from kinerja_api.indicators.goals.errors import (
    GoalCodeTaken,
    GoalHasActiveChildren,
    GoalHasActiveIndicators,
    GoalInactive,
    GoalInUse,
    GoalServedByOpd,
    IndicatorCodeTaken,
    MissionInUse,
    ParentInactive,
    StrategyPeriodOverlap,
)
from kinerja_api.indicators.goals.models import (
    GoalKind,
    KeyIndicator,
    OrganizationGoal,
    OrganizationStrategy,
)
from kinerja_api.indicators.goals.rules import (
    goal_level_problems,
    goal_parent_problems,
    mission_problems,
    periods_overlap,
    strategy_period_problems,
)
from kinerja_api.indicators.goals.schemas import (
    GoalCreate,
    GoalNode,
    GoalTree,
    GoalUpdate,
    KeyIndicatorCreate,
    KeyIndicatorRead,
    KeyIndicatorUpdate,
    StrategyCreate,
    StrategyRead,
    StrategyUpdate,
)
from kinerja_api.indicators.targets import Target, target_problems
from kinerja_api.organizations.models import Organization, Unit
from kinerja_api.organizations.units_of_measure.service import catalogue as units_catalogue

Owned = TypeVar("Owned", OrganizationStrategy, OrganizationGoal, KeyIndicator)


async def _visible(
    session: AsyncSession, principal: Principal, model: type[Owned], ident: uuid.UUID
) -> Owned:
    """The row, if it exists and belongs to an organization the caller may access; else 404."""
    row = await session.get(model, ident)
    if row is None or not principal.can_access_org(row.organization_id):
        raise NotFound()
    return row


def _raise_if(problems: Sequence[FieldError]) -> None:
    if problems:
        raise UnprocessableEntity(errors=problems)


def _updates(data: BaseModel, required: Collection[str]) -> dict[str, Any]:
    """Fields sent in a partial update; ``null`` for a field that cannot be empty is ignored."""
    return {
        key: value
        for key, value in data.model_dump(exclude_unset=True).items()
        if value is not None or key not in required
    }


def at_level(column: Any, unit_id: uuid.UUID | None) -> Any:
    """SQL condition: a ``unit_id`` column at the instansi level (NULL) or of one OPD."""
    return column.is_(None) if unit_id is None else column == unit_id


async def opd_problems(
    session: AsyncSession, org_id: uuid.UUID, unit_id: uuid.UUID | None, field: str = "unit_id"
) -> list[FieldError]:
    """``unit_id`` names an OPD of the organization: a unit of it without a parent."""
    if unit_id is None:
        return []
    unit = await session.get(Unit, unit_id)
    if unit is None or unit.organization_id != org_id:
        return [
            FieldError.of(
                field,
                "unit_not_found",
                {
                    "id": "OPD tidak ditemukan di organisasi ini",
                    "en": "OPD not found in this organization",
                },
            )
        ]
    if unit.parent_id is not None:
        return [
            FieldError.of(
                field,
                "not_an_opd",
                {
                    "id": "OPD adalah unit tingkat teratas instansi (tanpa unit induk); pilih "
                    "unit itu, bukan unit di bawahnya",
                    "en": "An OPD is a top-level unit of the instansi (one without a parent); "
                    "choose that unit, not one below it",
                },
            )
        ]
    return []


# ---- strategies ----------------------------------------------------------------------------


def strategies_of(org_id: uuid.UUID) -> Select[OrganizationStrategy]:
    return select(OrganizationStrategy).where(OrganizationStrategy.organization_id == org_id)


async def visible_strategy(
    session: AsyncSession, principal: Principal, strategy_id: uuid.UUID
) -> OrganizationStrategy:
    return await _visible(session, principal, OrganizationStrategy, strategy_id)


async def strategy_covering(
    session: AsyncSession, org_id: uuid.UUID, year: int, unit_id: uuid.UUID | None = None
) -> OrganizationStrategy | None:
    """The strategy covering ``year`` at a level: the instansi's (RPJMD), or an OPD's own
    Renstra and, for an OPD without one, the instansi's (whose missions it then adopts)."""
    stmt = strategies_of(org_id).where(
        OrganizationStrategy.start_year <= year, OrganizationStrategy.end_year >= year
    )
    if unit_id is None:
        stmt = stmt.where(OrganizationStrategy.unit_id.is_(None))
    else:
        stmt = stmt.where(
            or_(OrganizationStrategy.unit_id.is_(None), OrganizationStrategy.unit_id == unit_id)
        ).order_by(OrganizationStrategy.unit_id.is_(None))
    result: OrganizationStrategy | None = await session.scalar(stmt.limit(1))
    return result


async def _check_no_overlap(
    session: AsyncSession,
    org_id: uuid.UUID,
    period: tuple[int, int],
    exclude: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> None:
    rows = await session.execute(
        select(
            OrganizationStrategy.id, OrganizationStrategy.start_year, OrganizationStrategy.end_year
        ).where(
            OrganizationStrategy.organization_id == org_id,
            at_level(OrganizationStrategy.unit_id, unit_id),
        )
    )
    for sid, start, end in rows:
        if sid != exclude and periods_overlap(period, (start, end)):
            raise StrategyPeriodOverlap(
                {
                    "id": f"Periode {period[0]}–{period[1]} beririsan dengan rencana strategis "
                    f"{start}–{end}.",
                    "en": f"The period {period[0]}–{period[1]} overlaps the strategy "
                    f"{start}–{end}.",
                }
            )


async def create_strategy(
    session: AsyncSession, org: Organization, data: StrategyCreate
) -> OrganizationStrategy:
    _raise_if(
        await opd_problems(session, org.id, data.unit_id)
        + strategy_period_problems(data.start_year, data.end_year)
    )
    await _check_no_overlap(session, org.id, (data.start_year, data.end_year), unit_id=data.unit_id)
    strategy = OrganizationStrategy(organization_id=org.id, **data.model_dump())
    session.add(strategy)
    await session.flush()
    return strategy


async def update_strategy(
    session: AsyncSession, strategy: OrganizationStrategy, data: StrategyUpdate
) -> OrganizationStrategy:
    changes = _updates(data, required=("start_year", "end_year", "vision", "missions"))
    start = changes.get("start_year", strategy.start_year)
    end = changes.get("end_year", strategy.end_year)
    missions: list[str] = changes.get("missions", strategy.missions)
    _raise_if(strategy_period_problems(start, end))
    if (start, end) != (strategy.start_year, strategy.end_year):
        await _check_no_overlap(
            session, strategy.organization_id, (start, end), strategy.id, strategy.unit_id
        )
    # Goals of the old period that name a mission must still find it.
    linked = await session.execute(
        select(OrganizationGoal.code, OrganizationGoal.year, OrganizationGoal.mission_number)
        .where(
            OrganizationGoal.organization_id == strategy.organization_id,
            at_level(OrganizationGoal.unit_id, strategy.unit_id),
            OrganizationGoal.year.between(strategy.start_year, strategy.end_year),
            OrganizationGoal.mission_number.is_not(None),
        )
        .order_by(OrganizationGoal.year, OrganizationGoal.code)
    )
    stranded = [
        f"{code} ({year})"
        for code, year, number in linked
        if not start <= year <= end or (number or 0) > len(missions)
    ]
    if stranded:
        names = ", ".join(stranded)
        raise MissionInUse(
            {
                "id": f"Sasaran/tujuan {names} merujuk misi yang akan hilang. Ubah dulu "
                "nomor misinya.",
                "en": f"Goals {names} refer to missions this change removes. Change their "
                "mission numbers first.",
            }
        )
    for key, value in changes.items():
        setattr(strategy, key, value)
    await session.flush()
    return strategy


# ---- goals ---------------------------------------------------------------------------------


def goals_of(org_id: uuid.UUID) -> Select[OrganizationGoal]:
    return select(OrganizationGoal).where(OrganizationGoal.organization_id == org_id)


async def visible_goal(
    session: AsyncSession, principal: Principal, goal_id: uuid.UUID
) -> OrganizationGoal:
    return await _visible(session, principal, OrganizationGoal, goal_id)


async def _check_goal_code(
    session: AsyncSession, org_id: uuid.UUID, unit_id: uuid.UUID | None, year: int, code: str
) -> None:
    """Codes are unique per organization, level (the instansi, or one OPD) and year."""
    clash = await session.scalar(
        select(OrganizationGoal.id).where(
            OrganizationGoal.organization_id == org_id,
            at_level(OrganizationGoal.unit_id, unit_id),
            OrganizationGoal.year == year,
            OrganizationGoal.code == code,
        )
    )
    if clash is not None:
        level = "instansi" if unit_id is None else "OPD ini"
        level_en = "the instansi" if unit_id is None else "this OPD"
        raise GoalCodeTaken(
            {
                "id": f"Kode {code} sudah dipakai untuk tujuan/sasaran {level} tahun {year}.",
                "en": f"Code {code} is already used by a goal of {level_en} in {year}.",
            }
        )


async def _goal_links_problems(
    session: AsyncSession,
    *,
    org_id: uuid.UUID,
    unit_id: uuid.UUID | None,
    kind: GoalKind,
    year: int,
    parent_id: uuid.UUID | None,
    serves_goal_id: uuid.UUID | None,
    mission_number: int | None,
) -> list[FieldError]:
    parent = await session.get(OrganizationGoal, parent_id) if parent_id else None
    served = await session.get(OrganizationGoal, serves_goal_id) if serves_goal_id else None
    problems = goal_parent_problems(
        kind=kind, year=year, organization_id=org_id, parent_id=parent_id, parent=parent
    )
    problems += goal_level_problems(
        unit_id=unit_id,
        year=year,
        organization_id=org_id,
        parent=parent,
        serves_goal_id=serves_goal_id,
        served=served,
    )
    if mission_number is not None:
        strategy = await strategy_covering(session, org_id, year, unit_id)
        problems += mission_problems(mission_number, strategy.missions if strategy else None)
    return problems


async def create_goal(
    session: AsyncSession, org: Organization, data: GoalCreate
) -> OrganizationGoal:
    unit_problems = await opd_problems(session, org.id, data.unit_id)
    _raise_if(unit_problems)
    _raise_if(
        await _goal_links_problems(
            session,
            org_id=org.id,
            unit_id=data.unit_id,
            kind=data.kind,
            year=data.year,
            parent_id=data.parent_id,
            serves_goal_id=data.serves_goal_id,
            mission_number=data.mission_number,
        )
    )
    await _check_goal_code(session, org.id, data.unit_id, data.year, data.code)
    goal = OrganizationGoal(organization_id=org.id, **data.model_dump())
    session.add(goal)
    await session.flush()
    return goal


async def _has(session: AsyncSession, stmt: Select[Any]) -> bool:
    return await session.scalar(stmt.limit(1)) is not None


async def update_goal(
    session: AsyncSession, goal: OrganizationGoal, data: GoalUpdate
) -> OrganizationGoal:
    changes = _updates(data, required=("code", "statement", "is_active"))
    if changes.keys() & {"parent_id", "serves_goal_id", "mission_number"}:
        _raise_if(
            await _goal_links_problems(
                session,
                org_id=goal.organization_id,
                unit_id=goal.unit_id,
                kind=goal.kind,
                year=goal.year,
                parent_id=changes.get("parent_id"),
                serves_goal_id=changes.get("serves_goal_id"),
                mission_number=changes.get("mission_number"),
            )
        )
    if "code" in changes and changes["code"] != goal.code:
        await _check_goal_code(
            session, goal.organization_id, goal.unit_id, goal.year, changes["code"]
        )
    if changes.get("is_active") is False and goal.is_active:
        await _check_can_deactivate(session, goal)
    if changes.get("is_active") is True and not goal.is_active:
        parent_id = changes.get("parent_id", goal.parent_id)
        parent = await session.get(OrganizationGoal, parent_id) if parent_id else None
        if parent is not None and not parent.is_active:
            raise ParentInactive()
    for key, value in changes.items():
        setattr(goal, key, value)
    await session.flush()
    return goal


async def _check_can_deactivate(session: AsyncSession, goal: OrganizationGoal) -> None:
    active_child = select(OrganizationGoal.id).where(
        OrganizationGoal.parent_id == goal.id, OrganizationGoal.is_active.is_(True)
    )
    if await _has(session, active_child):
        raise GoalHasActiveChildren()
    active_indicator = select(KeyIndicator.id).where(
        KeyIndicator.goal_id == goal.id, KeyIndicator.is_active.is_(True)
    )
    if await _has(session, active_indicator):
        raise GoalHasActiveIndicators()
    serving = select(OrganizationGoal.id).where(
        OrganizationGoal.serves_goal_id == goal.id, OrganizationGoal.is_active.is_(True)
    )
    if await _has(session, serving):
        raise GoalServedByOpd()


async def delete_goal(session: AsyncSession, goal: OrganizationGoal) -> None:
    """Delete a goal nothing refers to; a referenced goal must be deactivated instead."""
    child = select(OrganizationGoal.id).where(
        or_(OrganizationGoal.parent_id == goal.id, OrganizationGoal.serves_goal_id == goal.id)
    )
    indicator = select(KeyIndicator.id).where(KeyIndicator.goal_id == goal.id)
    if await _has(session, child) or await _has(session, indicator):
        raise GoalInUse()
    await session.delete(goal)
    await session.flush()


def build_goal_tree(
    goals: Sequence[OrganizationGoal], indicators: Sequence[KeyIndicator]
) -> list[GoalNode]:
    """Nest sasaran under their tujuan and IKU under their goal, each level by code.

    A sasaran whose tujuan is not among ``goals`` stands at the top level.
    """
    nodes = {g.id: GoalNode.model_validate(g) for g in sorted(goals, key=lambda g: g.code)}
    for indicator in sorted(indicators, key=lambda i: i.code):
        node = nodes.get(indicator.goal_id)
        if node is not None:
            node.key_indicators.append(KeyIndicatorRead.model_validate(indicator))
    roots: list[GoalNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return sorted(roots, key=lambda n: (n.kind is not GoalKind.TUJUAN, n.code))


async def goal_tree(
    session: AsyncSession,
    org: Organization,
    year: int,
    *,
    include_inactive: bool = False,
    unit_id: uuid.UUID | None = None,
) -> GoalTree:
    """Strategy, goals and IKU of one year and one level (the instansi's RPJMD, or the
    Renstra of the OPD ``unit_id``) in three queries, whatever their number."""
    strategy = await strategy_covering(session, org.id, year, unit_id)
    goal_stmt = goals_of(org.id).where(
        OrganizationGoal.year == year, at_level(OrganizationGoal.unit_id, unit_id)
    )
    indicator_stmt = select(KeyIndicator).where(
        KeyIndicator.organization_id == org.id,
        KeyIndicator.year == year,
        at_level(KeyIndicator.unit_id, unit_id),
    )
    if not include_inactive:
        goal_stmt = goal_stmt.where(OrganizationGoal.is_active.is_(True))
        indicator_stmt = indicator_stmt.where(KeyIndicator.is_active.is_(True))
    goals = (await session.scalars(goal_stmt)).all()
    indicators = (await session.scalars(indicator_stmt)).all()
    return GoalTree(
        organization_id=org.id,
        unit_id=unit_id,
        year=year,
        strategy=StrategyRead.model_validate(strategy) if strategy else None,
        goals=build_goal_tree(goals, indicators),
    )


# ---- key performance indicators (IKU) ------------------------------------------------------


def indicators_of_goal(goal_id: uuid.UUID) -> Select[KeyIndicator]:
    return select(KeyIndicator).where(KeyIndicator.goal_id == goal_id)


async def visible_indicator(
    session: AsyncSession, principal: Principal, indicator_id: uuid.UUID
) -> KeyIndicator:
    return await _visible(session, principal, KeyIndicator, indicator_id)


async def _check_indicator_code(
    session: AsyncSession, org_id: uuid.UUID, unit_id: uuid.UUID | None, year: int, code: str
) -> None:
    clash = await session.scalar(
        select(KeyIndicator.id).where(
            KeyIndicator.organization_id == org_id,
            at_level(KeyIndicator.unit_id, unit_id),
            KeyIndicator.year == year,
            KeyIndicator.code == code,
        )
    )
    if clash is not None:
        raise IndicatorCodeTaken(
            {
                "id": f"Kode IKU {code} sudah dipakai pada tahun {year}.",
                "en": f"Key indicator code {code} is already used in {year}.",
            }
        )


def _goal_inactive() -> Conflict:
    return GoalInactive()


def target_of(values: Mapping[str, Any]) -> Target:
    """The :class:`Target` of an IKU's or RHK indicator's fields (missing ones are empty)."""
    return Target(
        unit=values["unit"],
        direction=values.get("direction"),
        value=values.get("target_value"),
        min=values.get("target_min"),
        max=values.get("target_max"),
        text=values.get("target_text"),
        baseline=values.get("baseline"),
        allow_over_100=bool(values.get("allow_over_100")),
        aspect=values.get("aspect"),
    )


async def create_indicator(
    session: AsyncSession, goal: OrganizationGoal, data: KeyIndicatorCreate
) -> KeyIndicator:
    if not goal.is_active:
        raise _goal_inactive()
    values = data.model_dump()
    units = await units_catalogue(session, goal.organization_id)
    _raise_if(target_problems(target_of(values), units, org_id=goal.organization_id))
    await _check_indicator_code(session, goal.organization_id, goal.unit_id, goal.year, data.code)
    indicator = KeyIndicator(
        organization_id=goal.organization_id,
        unit_id=goal.unit_id,
        goal_id=goal.id,
        year=goal.year,
        **values,
    )
    session.add(indicator)
    await session.flush()
    return indicator


_INDICATOR_REQUIRED = ("goal_id", "code", "name", "aspect", "unit", "allow_over_100", "is_active")
_INDICATOR_FIELDS = (
    "aspect",
    "unit",
    "direction",
    "target_value",
    "target_min",
    "target_max",
    "target_text",
    "baseline",
    "allow_over_100",
)


async def update_indicator(
    session: AsyncSession, indicator: KeyIndicator, data: KeyIndicatorUpdate
) -> KeyIndicator:
    changes = _updates(data, required=_INDICATOR_REQUIRED)
    merged = {name: changes.get(name, getattr(indicator, name)) for name in _INDICATOR_FIELDS}
    units = await units_catalogue(session, indicator.organization_id)
    _raise_if(target_problems(target_of(merged), units, org_id=indicator.organization_id))
    if "goal_id" in changes and changes["goal_id"] != indicator.goal_id:
        goal = await session.get(OrganizationGoal, changes["goal_id"])
        if goal is None or goal.organization_id != indicator.organization_id:
            raise UnprocessableEntity(
                errors=[
                    FieldError.of(
                        "goal_id",
                        "goal_not_found",
                        {
                            "id": "Tujuan/sasaran tidak ditemukan di organisasi ini",
                            "en": "Goal not found in this organization",
                        },
                    )
                ]
            )
        if goal.year != indicator.year:
            raise UnprocessableEntity(
                errors=[
                    FieldError.of(
                        "goal_id",
                        "goal_year_mismatch",
                        {
                            "id": f"IKU tahun {indicator.year} hanya dapat dipindah ke "
                            f"tujuan/sasaran tahun {indicator.year}",
                            "en": f"A key indicator of {indicator.year} can only move to a "
                            f"goal of {indicator.year}",
                        },
                    )
                ]
            )
        if goal.unit_id != indicator.unit_id:
            raise UnprocessableEntity(
                errors=[
                    FieldError.of(
                        "goal_id",
                        "goal_level_mismatch",
                        {
                            "id": "IKU hanya dapat dipindah ke tujuan/sasaran tingkat yang "
                            "sama (instansi, atau OPD yang sama)",
                            "en": "A key indicator can only move to a goal of the same level "
                            "(the instansi, or the same OPD)",
                        },
                    )
                ]
            )
        if not goal.is_active:
            raise _goal_inactive()
    if "code" in changes and changes["code"] != indicator.code:
        await _check_indicator_code(
            session, indicator.organization_id, indicator.unit_id, indicator.year, changes["code"]
        )
    for key, value in changes.items():
        setattr(indicator, key, value)
    await session.flush()
    return indicator


async def delete_indicator(session: AsyncSession, indicator: KeyIndicator) -> None:
    """Nothing refers to an IKU yet; once RHK do, the foreign key refuses (409) and the IKU
    must be deactivated instead."""
    await session.delete(indicator)
    await session.flush()
