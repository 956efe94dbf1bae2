"""HTTP: vision and mission, strategic goals (tujuan/sasaran) and their IKU.

Everyone in the organization reads (``goals:read``) both levels: the instansi's plan (RPJMD,
``unit_id`` null) and each OPD's (Renstra). Instansi admins write both levels; an OPD admin
writes their own OPD's strategies, goals and IKU only (403 ``outside_opd`` for the
instansi's or another OPD's, :func:`~kinerja_api.organizations.scope.require_opd_reach`).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import or_

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.validation import MAX_YEAR, MIN_YEAR, YearFilter, YearQuery
from kinerja_api.indicators.goals import service
from kinerja_api.indicators.goals.models import (
    GoalKind,
    KeyIndicator,
    OrganizationGoal,
    OrganizationStrategy,
)
from kinerja_api.indicators.goals.schemas import (
    GoalCreate,
    GoalRead,
    GoalTree,
    GoalUpdate,
    KeyIndicatorCreate,
    KeyIndicatorRead,
    KeyIndicatorUpdate,
    StrategyCreate,
    StrategyRead,
    StrategyUpdate,
)
from kinerja_api.indicators.targets import Aspect
from kinerja_api.organizations.scope import require_opd_reach
from kinerja_api.organizations.service import visible_organization

router = APIRouter(tags=["goals"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.GOALS_READ)]
Writer = Annotated[Principal, require(Perm.GOALS_WRITE)]
#: Writes answer 403 ``outside_opd`` when an OPD admin touches another level.
WRITE = problems(*AUTHED, 404, 409)
WRITE_IF_MATCH = problems(*AUTHED, 404, 409, 412)
OpdFilter = Annotated[
    uuid.UUID | None,
    Query(description="Only the plan of this OPD (a top-level unit)."),
]
LevelFilter = Annotated[
    Literal["instansi", "opd"] | None,
    Query(description="`instansi`: the RPJMD level only (no OPD); `opd`: OPD plans only."),
]
_LEVELS = (
    "Two levels: the instansi's own plan (RPJMD, `unit_id` null) and each OPD's Renstra "
    "(`unit_id` = the OPD, a top-level unit). An OPD admin writes their own OPD's level only "
    "(403 `outside_opd`)."
)


# ---- strategies ----------------------------------------------------------------------------


@router.get(
    "/organizations/{org_id}/strategies",
    response_model=Page[StrategyRead],
    summary="List strategies (vision and mission per planning period)",
    responses=problems(*AUTHED, 404),
)
async def list_strategies(
    org_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    year: Annotated[
        int | None, Query(ge=MIN_YEAR, le=MAX_YEAR, description="Covering this year")
    ] = None,
    opd_id: OpdFilter = None,
    level: LevelFilter = None,
) -> Page[StrategyRead]:
    await visible_organization(session, principal, org_id)
    stmt = service.strategies_of(org_id)
    if opd_id is not None:
        stmt = stmt.where(OrganizationStrategy.unit_id == opd_id)
    if level is not None:
        column = OrganizationStrategy.unit_id
        stmt = stmt.where(column.is_(None) if level == "instansi" else column.is_not(None))
    if year is not None:
        stmt = stmt.where(
            OrganizationStrategy.start_year <= year, OrganizationStrategy.end_year >= year
        )
    return await paginate(
        session,
        stmt,
        page,
        sorts={
            "start_year": OrganizationStrategy.start_year,
            "created_at": OrganizationStrategy.created_at,
        },
        default_sort="start_year",
        id_column=OrganizationStrategy.id,
        into=StrategyRead,
    )


@router.post(
    "/organizations/{org_id}/strategies",
    response_model=StrategyRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a strategy (RPJMD/Renstra period, vision, missions)",
    description="A period covers at most five years and must not overlap another strategy of "
    "the same level (409). " + _LEVELS + " Supports `Idempotency-Key`.",
    responses=WRITE,
    dependencies=[Idempotent],
)
async def create_strategy(
    org_id: uuid.UUID,
    body: StrategyCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> StrategyRead:
    org = await visible_organization(session, principal, org_id)
    require_opd_reach(principal, body.unit_id)
    strategy = await service.create_strategy(session, org, body)
    created(response, f"/api/v1/strategies/{strategy.id}", strategy.version)
    return StrategyRead.model_validate(strategy)


@router.get(
    "/strategies/{strategy_id}",
    response_model=StrategyRead,
    summary="Read a strategy",
    responses=problems(*AUTHED, 404),
)
async def read_strategy(
    strategy_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> StrategyRead:
    strategy = await service.visible_strategy(session, principal, strategy_id)
    set_etag(response, strategy.version)
    return StrategyRead.model_validate(strategy)


@router.patch(
    "/strategies/{strategy_id}",
    response_model=StrategyRead,
    summary="Update a strategy",
    description="Changing the period or the missions is refused (409) while goals of the "
    "period refer to a mission that would disappear. Its level (`unit_id`) is fixed. Send "
    "`If-Match` with the ETag you read.",
    responses=WRITE_IF_MATCH,
)
async def update_strategy(
    strategy_id: uuid.UUID,
    body: StrategyUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> StrategyRead:
    strategy = await service.visible_strategy(session, principal, strategy_id)
    require_opd_reach(principal, strategy.unit_id)
    check_if_match(if_match, strategy.version)
    strategy = await service.update_strategy(session, strategy, body)
    set_etag(response, strategy.version)
    return StrategyRead.model_validate(strategy)


# ---- goals ---------------------------------------------------------------------------------


@router.get(
    "/organizations/{org_id}/goals",
    response_model=Page[GoalRead],
    summary="List strategic goals (tujuan and sasaran)",
    responses=problems(*AUTHED, 404),
)
async def list_goals(
    org_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    year: YearFilter = None,
    kind: GoalKind | None = None,
    parent_id: Annotated[uuid.UUID | None, Query(description="Only sasaran of this tujuan")] = None,
    opd_id: OpdFilter = None,
    level: LevelFilter = None,
    serves_goal_id: Annotated[
        uuid.UUID | None, Query(description="Only the OPD goals serving this instansi goal")
    ] = None,
    is_active: bool | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of code or statement")
    ] = None,
) -> Page[GoalRead]:
    await visible_organization(session, principal, org_id)
    stmt = service.goals_of(org_id)
    if year is not None:
        stmt = stmt.where(OrganizationGoal.year == year)
    if kind is not None:
        stmt = stmt.where(OrganizationGoal.kind == kind)
    if parent_id is not None:
        stmt = stmt.where(OrganizationGoal.parent_id == parent_id)
    if opd_id is not None:
        stmt = stmt.where(OrganizationGoal.unit_id == opd_id)
    if level is not None:
        column = OrganizationGoal.unit_id
        stmt = stmt.where(column.is_(None) if level == "instansi" else column.is_not(None))
    if serves_goal_id is not None:
        stmt = stmt.where(OrganizationGoal.serves_goal_id == serves_goal_id)
    if is_active is not None:
        stmt = stmt.where(OrganizationGoal.is_active == is_active)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(
            or_(OrganizationGoal.code.ilike(like), OrganizationGoal.statement.ilike(like))
        )
    return await paginate(
        session,
        stmt,
        page,
        sorts={
            "code": OrganizationGoal.code,
            "year": OrganizationGoal.year,
            "created_at": OrganizationGoal.created_at,
        },
        default_sort="code",
        id_column=OrganizationGoal.id,
        into=GoalRead,
    )


@router.post(
    "/organizations/{org_id}/goals",
    response_model=GoalRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a tujuan or sasaran",
    description="A sasaran may sit under an active tujuan of the same year and level "
    "(`parent_id`); a tujuan has no parent. An OPD goal names the active instansi goal of the "
    "same year it serves (`serves_goal_id`, 422 `serves_goal_not_found`, "
    "`serves_goal_not_instansi`, `serves_goal_year_mismatch`, `serves_goal_inactive`). "
    "`mission_number` refers to a mission of the strategy covering the year (the OPD's own, "
    "else the instansi's). Codes are unique per organization, level and year (409). "
    + _LEVELS
    + " Supports `Idempotency-Key`.",
    responses=WRITE,
    dependencies=[Idempotent],
)
async def create_goal(
    org_id: uuid.UUID,
    body: GoalCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> GoalRead:
    org = await visible_organization(session, principal, org_id)
    require_opd_reach(principal, body.unit_id)
    goal = await service.create_goal(session, org, body)
    created(response, f"/api/v1/goals/{goal.id}", goal.version)
    return GoalRead.model_validate(goal)


@router.get(
    "/organizations/{org_id}/goals/tree",
    response_model=GoalTree,
    summary="The goal tree of a year: tujuan → sasaran, each with its IKU",
    description="The top of the cascade in one response, for one level: the instansi's "
    "RPJMD, or with `opd_id` that OPD's Renstra (each goal names the instansi goal it serves). "
    "The strategy covering the year, its tujuan with their sasaran nested, and every goal's "
    "key indicators. Inactive goals and indicators are left out unless "
    "`include_inactive=true`. The whole cascade across both levels down to every RHK is "
    "`GET /organizations/{org_id}/cascade`.",
    responses=problems(*AUTHED, 404),
)
async def read_goal_tree(
    org_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    year: YearQuery,
    include_inactive: bool = False,
    opd_id: Annotated[
        uuid.UUID | None,
        Query(description="The OPD whose Renstra to show; without it the instansi's RPJMD."),
    ] = None,
) -> GoalTree:
    org = await visible_organization(session, principal, org_id)
    return await service.goal_tree(
        session, org, year, include_inactive=include_inactive, unit_id=opd_id
    )


@router.get(
    "/goals/{goal_id}",
    response_model=GoalRead,
    summary="Read a goal",
    responses=problems(*AUTHED, 404),
)
async def read_goal(
    goal_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> GoalRead:
    goal = await service.visible_goal(session, principal, goal_id)
    set_etag(response, goal.version)
    return GoalRead.model_validate(goal)


@router.patch(
    "/goals/{goal_id}",
    response_model=GoalRead,
    summary="Update or deactivate a goal",
    description="Year, kind and level are fixed. Deactivating is refused (409) while active "
    "sasaran or IKU remain under the goal or active OPD goals serve it "
    "(`goal_served_by_opd`). Send `If-Match` with the ETag you read.",
    responses=WRITE_IF_MATCH,
)
async def update_goal(
    goal_id: uuid.UUID,
    body: GoalUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> GoalRead:
    goal = await service.visible_goal(session, principal, goal_id)
    require_opd_reach(principal, goal.unit_id)
    check_if_match(if_match, goal.version)
    goal = await service.update_goal(session, goal, body)
    set_etag(response, goal.version)
    return GoalRead.model_validate(goal)


@router.delete(
    "/goals/{goal_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an unused goal",
    description="Only a goal that no sasaran, OPD goal or IKU refers to can be deleted; "
    "otherwise 409: deactivate it instead. Send `If-Match` with the ETag you read.",
    responses=WRITE_IF_MATCH,
)
async def delete_goal(
    goal_id: uuid.UUID,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    goal = await service.visible_goal(session, principal, goal_id)
    require_opd_reach(principal, goal.unit_id)
    check_if_match(if_match, goal.version)
    await service.delete_goal(session, goal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---- key performance indicators (IKU) ------------------------------------------------------


@router.get(
    "/goals/{goal_id}/key-indicators",
    response_model=Page[KeyIndicatorRead],
    summary="List the key indicators (IKU) of a goal",
    responses=problems(*AUTHED, 404),
)
async def list_key_indicators(
    goal_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    aspect: Aspect | None = None,
    is_active: bool | None = None,
) -> Page[KeyIndicatorRead]:
    goal = await service.visible_goal(session, principal, goal_id)
    stmt = service.indicators_of_goal(goal.id)
    if aspect is not None:
        stmt = stmt.where(KeyIndicator.aspect == aspect)
    if is_active is not None:
        stmt = stmt.where(KeyIndicator.is_active == is_active)
    return await paginate(
        session,
        stmt,
        page,
        sorts={
            "code": KeyIndicator.code,
            "name": KeyIndicator.name,
            "created_at": KeyIndicator.created_at,
        },
        default_sort="code",
        id_column=KeyIndicator.id,
        into=KeyIndicatorRead,
    )


@router.post(
    "/goals/{goal_id}/key-indicators",
    response_model=KeyIndicatorRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a key indicator (IKU) to a goal",
    description="The IKU takes the goal's year and level (the instansi, or the goal's OPD). "
    "Give exactly one target: a number with a direction, a range (min ≤ max) or a "
    "description. Percent values lie within 0–100 unless `allow_over_100`. Codes are unique "
    "per organization, level and year (409). An OPD admin adds IKU to their own OPD's goals "
    "only (403 `outside_opd`). Supports `Idempotency-Key`.",
    responses=WRITE,
    dependencies=[Idempotent],
)
async def create_key_indicator(
    goal_id: uuid.UUID,
    body: KeyIndicatorCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> KeyIndicatorRead:
    goal = await service.visible_goal(session, principal, goal_id)
    require_opd_reach(principal, goal.unit_id)
    indicator = await service.create_indicator(session, goal, body)
    created(response, f"/api/v1/key-indicators/{indicator.id}", indicator.version)
    return KeyIndicatorRead.model_validate(indicator)


@router.get(
    "/key-indicators/{indicator_id}",
    response_model=KeyIndicatorRead,
    summary="Read a key indicator (IKU)",
    responses=problems(*AUTHED, 404),
)
async def read_key_indicator(
    indicator_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> KeyIndicatorRead:
    indicator = await service.visible_indicator(session, principal, indicator_id)
    set_etag(response, indicator.version)
    return KeyIndicatorRead.model_validate(indicator)


@router.patch(
    "/key-indicators/{indicator_id}",
    response_model=KeyIndicatorRead,
    summary="Update, revise the target of, or deactivate a key indicator (IKU)",
    description="Partial update; `null` clears an optional field. The target rules are "
    "checked on the result; `goal_id` moves it to a goal of the same year and level. Send "
    "`If-Match` with the ETag you read.",
    responses=WRITE_IF_MATCH,
)
async def update_key_indicator(
    indicator_id: uuid.UUID,
    body: KeyIndicatorUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> KeyIndicatorRead:
    indicator = await service.visible_indicator(session, principal, indicator_id)
    require_opd_reach(principal, indicator.unit_id)
    check_if_match(if_match, indicator.version)
    indicator = await service.update_indicator(session, indicator, body)
    set_etag(response, indicator.version)
    return KeyIndicatorRead.model_validate(indicator)


@router.delete(
    "/key-indicators/{indicator_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an unused key indicator (IKU)",
    description="Refused (409) once anything refers to it; deactivate it instead. Send "
    "`If-Match` with the ETag you read.",
    responses=WRITE_IF_MATCH,
)
async def delete_key_indicator(
    indicator_id: uuid.UUID,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    indicator = await service.visible_indicator(session, principal, indicator_id)
    require_opd_reach(principal, indicator.unit_id)
    check_if_match(if_match, indicator.version)
    await service.delete_indicator(session, indicator)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
