"""HTTP: organizations (platform admin), their unit tree and positions (organization admin)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import or_
from sqlalchemy.orm import joinedload

from kinerja_api.auth.deps import CurrentPrincipal, Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.validation import IsoDate
from kinerja_api.organizations import service
from kinerja_api.organizations.config import OrganizationSettings, OrganizationSettingsPatch
from kinerja_api.organizations.models import Organization, Position, PositionKind, Unit
from kinerja_api.organizations.schemas import (
    ChartUnit,
    OrganizationCreate,
    OrganizationRead,
    OrganizationUpdate,
    PositionCreate,
    PositionListItem,
    PositionRead,
    PositionUpdate,
    UnitCreate,
    UnitInTree,
    UnitRead,
    UnitUpdate,
)
from kinerja_api.organizations.scope import require_unit_reach

router = APIRouter(tags=["organizations"], route_class=IdempotentRoute)
positions_router = APIRouter(tags=["positions"], route_class=IdempotentRoute)

OnDate = Annotated[
    IsoDate | None,
    Query(
        description="Date to evaluate (inclusive ranges); default today in the organization's "
        "time zone.",
        examples=["2026-11-25"],
    ),
]


@router.get(
    "/organizations",
    response_model=Page[OrganizationRead],
    summary="List organizations",
    description="Platform admins see every organization; everyone else sees their own.",
    responses=problems(*AUTHED),
)
async def list_organizations(
    principal: Annotated[Principal, require(Perm.ORGANIZATION_READ)],
    session: SessionDep,
    page: PageDep,
    is_active: bool | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of code or name")
    ] = None,
) -> Page[OrganizationRead]:
    stmt = service.organizations_visible_to(principal)
    if is_active is not None:
        stmt = stmt.where(Organization.is_active == is_active)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Organization.code.ilike(like), Organization.name.ilike(like)))
    return await paginate(
        session,
        stmt,
        page,
        sorts={
            "code": Organization.code,
            "name": Organization.name,
            "created_at": Organization.created_at,
        },
        default_sort="code",
        id_column=Organization.id,
        into=OrganizationRead,
    )


@router.post(
    "/organizations",
    response_model=OrganizationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an organization (platform admin)",
    description="Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 409),
    dependencies=[Idempotent],
)
async def create_organization(
    body: OrganizationCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.ORGANIZATIONS_MANAGE)],
    session: SessionDep,
) -> OrganizationRead:
    org = await service.create_organization(session, body)
    created(response, f"/api/v1/organizations/{org.id}", org.version)
    return OrganizationRead.model_validate(org)


@router.get(
    "/organizations/{org_id}",
    response_model=OrganizationRead,
    summary="Read an organization",
    responses=problems(*AUTHED, 404),
)
async def read_organization(
    org_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.ORGANIZATION_READ)],
    session: SessionDep,
) -> OrganizationRead:
    org = await service.visible_organization(session, principal, org_id)
    set_etag(response, org.version)
    return OrganizationRead.model_validate(org)


@router.patch(
    "/organizations/{org_id}",
    response_model=OrganizationRead,
    summary="Update or deactivate an organization (platform admin)",
    description="Deactivating an organization stops its accounts from signing in; nothing is "
    "deleted. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def update_organization(
    org_id: uuid.UUID,
    body: OrganizationUpdate,
    response: Response,
    principal: Annotated[Principal, require(Perm.ORGANIZATIONS_MANAGE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> OrganizationRead:
    org = await service.visible_organization(session, principal, org_id)
    check_if_match(if_match, org.version)
    org = await service.update_organization(session, org, body)
    set_etag(response, org.version)
    return OrganizationRead.model_validate(org)


@router.get(
    "/organizations/{org_id}/settings",
    response_model=OrganizationSettings,
    summary="Read the organization's configuration",
    description="The full configuration: SKP deadline and realization period, daily-report "
    "grace window, objection window and distribution curves, workload and PEJ grades, "
    "learning hours, credit points, working days and holidays. Anything the organization did "
    "not set has the regulation default. The `ETag` is the organization's version.",
    responses=problems(*AUTHED, 404),
)
async def read_organization_settings(
    org_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.ORGANIZATION_READ)],
    session: SessionDep,
) -> OrganizationSettings:
    org = await service.visible_organization(session, principal, org_id)
    set_etag(response, org.version)
    return service.organization_settings(org)


@router.patch(
    "/organizations/{org_id}/settings",
    response_model=OrganizationSettings,
    summary="Change the organization's configuration",
    description="Partial update: send only what changes. Objects merge into the current "
    "settings; lists (curve bounds, working days, holidays) replace the current list. "
    "Inconsistent values (e.g. PEJ grade bounds out of order, a curve whose minimums exceed "
    "100 %) are refused with 422 and a field error each. Organization admins change their own "
    "organization; platform admins any. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def update_organization_settings(
    org_id: uuid.UUID,
    body: OrganizationSettingsPatch,
    response: Response,
    principal: Annotated[Principal, require(Perm.SETTINGS_WRITE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> OrganizationSettings:
    org = await service.visible_organization(session, principal, org_id)
    check_if_match(if_match, org.version)
    settings = await service.update_organization_settings(session, org, body)
    set_etag(response, org.version)
    return settings


@router.get(
    "/organizations/{org_id}/units",
    response_model=Page[UnitRead],
    summary="List units of an organization",
    responses=problems(*AUTHED, 404),
)
async def list_units(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.UNITS_READ)],
    session: SessionDep,
    page: PageDep,
    parent_id: Annotated[
        uuid.UUID | None, Query(description="Only direct children of this unit")
    ] = None,
    is_active: bool | None = None,
) -> Page[UnitRead]:
    await service.visible_organization(session, principal, org_id)
    stmt = service.units_visible_to(principal, org_id)
    if parent_id is not None:
        stmt = stmt.where(Unit.parent_id == parent_id)
    if is_active is not None:
        stmt = stmt.where(Unit.is_active == is_active)
    return await paginate(
        session,
        stmt,
        page,
        sorts={"code": Unit.code, "name": Unit.name, "created_at": Unit.created_at},
        default_sort="code",
        id_column=Unit.id,
        into=UnitRead,
    )


@router.post(
    "/organizations/{org_id}/units",
    response_model=UnitRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a unit",
    description="Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_unit(
    org_id: uuid.UUID,
    body: UnitCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.UNITS_WRITE)],
    session: SessionDep,
) -> UnitRead:
    org = await service.visible_organization(session, principal, org_id)
    await require_unit_reach(session, principal, body.parent_id)
    unit = await service.create_unit(session, org, body)
    created(response, f"/api/v1/units/{unit.id}", unit.version)
    return UnitRead.model_validate(unit)


@router.get(
    "/units/{unit_id}",
    response_model=UnitRead,
    summary="Read a unit",
    responses=problems(*AUTHED, 404),
)
async def read_unit(
    unit_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.UNITS_READ)],
    session: SessionDep,
) -> UnitRead:
    unit = await service.visible_unit(session, principal, unit_id)
    set_etag(response, unit.version)
    return UnitRead.model_validate(unit)


@router.patch(
    "/units/{unit_id}",
    response_model=UnitRead,
    summary="Rename, move, set the head of, or deactivate a unit",
    description="Moving a unit under itself or a descendant is refused (422). The head "
    "position must be an active position of the unit. Deactivation needs the unit's sub-units "
    "and positions to be inactive first (409). Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_unit(
    unit_id: uuid.UUID,
    body: UnitUpdate,
    response: Response,
    principal: Annotated[Principal, require(Perm.UNITS_WRITE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> UnitRead:
    unit = await service.visible_unit(session, principal, unit_id)
    await require_unit_reach(session, principal, unit.id)
    if "parent_id" in body.model_fields_set:
        await require_unit_reach(session, principal, body.parent_id)
    check_if_match(if_match, unit.version)
    unit = await service.update_unit(session, unit, body)
    set_etag(response, unit.version)
    return UnitRead.model_validate(unit)


@router.get(
    "/units/{unit_id}/subtree",
    response_model=Page[UnitInTree],
    summary="List a unit and every unit below it",
    description="One recursive query over the unit tree. `depth` is 0 for the unit itself. "
    "Sort by `code` (default), `name` or `created_at`.",
    responses=problems(*AUTHED, 404),
)
async def list_subtree(
    unit_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.UNITS_READ)],
    session: SessionDep,
    page: PageDep,
    is_active: bool | None = None,
) -> Page[UnitInTree]:
    unit = await service.visible_unit(session, principal, unit_id)
    rows, cursor = await paginate(
        session,
        service.subtree_statement(unit, is_active=is_active),
        page,
        sorts={"code": Unit.code, "name": Unit.name, "created_at": Unit.created_at},
        default_sort="code",
        id_column=Unit.id,
    )
    depths = await service.subtree_depths(session, unit, [u.id for u in rows])
    items = [
        UnitInTree.model_validate(
            {**UnitRead.model_validate(u).model_dump(), "depth": depths[u.id]}
        )
        for u in rows
    ]
    return Page[UnitInTree](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/units/{unit_id}/path",
    response_model=list[UnitRead],
    summary="Breadcrumb of a unit",
    description="The units from the top of the tree down to this unit (inclusive).",
    responses=problems(*AUTHED, 404),
)
async def unit_path(
    unit_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.UNITS_READ)],
    session: SessionDep,
) -> list[UnitRead]:
    unit = await service.visible_unit(session, principal, unit_id)
    return [UnitRead.model_validate(u) for u in await service.unit_path(session, unit)]


@router.get(
    "/units/{unit_id}/org-chart",
    response_model=ChartUnit,
    summary="Org chart of a unit",
    description="The unit's positions and those of every sub-unit, with their holders "
    "(definitive and acting) on the date, nested by unit, in one response and a constant "
    "number of queries. Holders show directory fields only.",
    responses=problems(*AUTHED, 404),
)
async def org_chart(
    unit_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.UNITS_READ, Perm.POSITIONS_READ)],
    session: SessionDep,
    on: OnDate = None,
    include_inactive: Annotated[
        bool, Query(description="Also show inactive sub-units and positions.")
    ] = False,
) -> ChartUnit:
    unit = await service.visible_unit(session, principal, unit_id)
    org = await service.visible_organization(session, principal, unit.organization_id)
    day = on or service.org_today(org)
    return await service.org_chart(session, unit, day, include_inactive=include_inactive)


# ---- positions -----------------------------------------------------------------------------


@positions_router.get(
    "/organizations/{org_id}/positions",
    response_model=Page[PositionListItem],
    summary="List positions (jabatan) of an organization",
    description="Filter by unit, kind, superior position, active flag or part of the name. "
    "Sort by `name` (default), `job_class` or `created_at`. Each item carries its unit's code "
    "and name and its superior position's name.",
    responses=problems(*AUTHED, 404),
)
async def list_positions(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.POSITIONS_READ)],
    session: SessionDep,
    page: PageDep,
    unit_id: uuid.UUID | None = None,
    kind: PositionKind | None = None,
    superior_id: Annotated[
        uuid.UUID | None, Query(description="Only direct subordinates of this position")
    ] = None,
    is_active: bool | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of name")
    ] = None,
) -> Page[PositionListItem]:
    await service.visible_organization(session, principal, org_id)
    stmt = service.positions_visible_to(principal, org_id).options(
        joinedload(Position.unit), joinedload(Position.superior)
    )
    if unit_id is not None:
        stmt = stmt.where(Position.unit_id == unit_id)
    if kind is not None:
        stmt = stmt.where(Position.kind == kind)
    if superior_id is not None:
        stmt = stmt.where(Position.superior_id == superior_id)
    if is_active is not None:
        stmt = stmt.where(Position.is_active == is_active)
    if q:
        stmt = stmt.where(Position.name.ilike(f"%{q}%"))
    return await paginate(
        session,
        stmt,
        page,
        sorts={
            "name": Position.name,
            "job_class": Position.job_class,
            "created_at": Position.created_at,
        },
        default_sort="name",
        id_column=Position.id,
        into=PositionListItem,
    )


@positions_router.post(
    "/organizations/{org_id}/positions",
    response_model=PositionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a position",
    description="Structural positions need a `level`, functional ones a `jenjang`. The "
    "superior position must be an active position of the same organization. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_position(
    org_id: uuid.UUID,
    body: PositionCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.POSITIONS_WRITE)],
    session: SessionDep,
) -> PositionRead:
    org = await service.visible_organization(session, principal, org_id)
    await require_unit_reach(session, principal, body.unit_id)
    position = await service.create_position(session, org, body)
    created(response, f"/api/v1/positions/{position.id}", position.version)
    return PositionRead.model_validate(position)


@positions_router.get(
    "/positions/{position_id}",
    response_model=PositionRead,
    summary="Read a position",
    responses=problems(*AUTHED, 404),
)
async def read_position(
    position_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.POSITIONS_READ)],
    session: SessionDep,
) -> PositionRead:
    position = await service.visible_position(session, principal, position_id)
    set_etag(response, position.version)
    return PositionRead.model_validate(position)


@positions_router.patch(
    "/positions/{position_id}",
    response_model=PositionRead,
    summary="Update, move or deactivate a position",
    description="A superior that would close a loop in the chain is refused (422). "
    "Deactivation (instead of deletion) needs no current or future holders, no active "
    "subordinate positions and the position not being a unit's head (409). Send `If-Match` "
    "with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_position(
    position_id: uuid.UUID,
    body: PositionUpdate,
    response: Response,
    principal: Annotated[Principal, require(Perm.POSITIONS_WRITE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> PositionRead:
    position = await service.visible_position(session, principal, position_id)
    await require_unit_reach(session, principal, position.unit_id)
    if body.unit_id is not None:
        await require_unit_reach(session, principal, body.unit_id)
    check_if_match(if_match, position.version)
    org = await service.visible_organization(session, principal, position.organization_id)
    position = await service.update_position(session, position, body, service.org_today(org))
    set_etag(response, position.version)
    return PositionRead.model_validate(position)


__all__ = ["CurrentPrincipal", "positions_router", "router"]
