"""HTTP: the instansi's catalogue of units of measure (satuan) for targets."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.organizations.service import visible_organization
from kinerja_api.organizations.units_of_measure import service
from kinerja_api.organizations.units_of_measure.models import UnitOfMeasure
from kinerja_api.organizations.units_of_measure.rules import Aspect
from kinerja_api.organizations.units_of_measure.schemas import (
    UnitOfMeasureCreate,
    UnitOfMeasureRead,
)

router = APIRouter(tags=["organizations"], route_class=IdempotentRoute)


@router.get(
    "/organizations/{org_id}/units-of-measure",
    response_model=Page[UnitOfMeasureRead],
    summary="List the units of measure (satuan) targets may use",
    description="The instansi's catalogue of units of measure for IKU and SKP indicator "
    "targets, with the aspects each suits (`aspect` keeps those that suit one aspect). Every "
    "instansi starts with the units of the national SKP forms (`is_default`); its admins add "
    "their own. An indicator whose unit is not listed here is refused (422 `unknown_unit`). "
    "Not to be confused with the organization's units (unit kerja).",
    responses=problems(*AUTHED, 404),
)
async def list_units_of_measure(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.ORGANIZATION_READ)],
    session: SessionDep,
    page: PageDep,
    aspect: Annotated[Aspect | None, Query(description="Only units suiting this aspect")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=64, description="Part of the name")
    ] = None,
) -> Page[UnitOfMeasureRead]:
    org = await visible_organization(session, principal, org_id)
    return await paginate(
        session,
        await service.units_of_measure(session, org.id, aspect, q),
        page,
        sorts={"name": UnitOfMeasure.name, "created_at": UnitOfMeasure.created_at},
        default_sort="name",
        id_column=UnitOfMeasure.id,
        into=service.unit_of_measure_read,
    )


@router.post(
    "/organizations/{org_id}/units-of-measure",
    response_model=UnitOfMeasureRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a unit of measure (satuan) to the catalogue (instansi admin)",
    description="The catalogue is the instansi's, shared by all its OPDs: instansi admins "
    "(BKPSDM) and platform admins setting up an agency add units; an OPD admin asks the "
    "instansi admin (403). Names are matched in lower case with single spaces; a name already "
    "in the catalogue answers 409. Units are never removed: targets refer to them. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_unit_of_measure(
    org_id: uuid.UUID,
    body: UnitOfMeasureCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.SETTINGS_WRITE)],
    session: SessionDep,
) -> UnitOfMeasureRead:
    org = await visible_organization(session, principal, org_id)
    unit = await service.create_unit_of_measure(session, org.id, body)
    response.headers["Location"] = f"/api/v1/units-of-measure/{unit.id}"
    return service.unit_of_measure_read(unit)


@router.get(
    "/units-of-measure/{unit_of_measure_id}",
    response_model=UnitOfMeasureRead,
    summary="Read a unit of measure (satuan)",
    responses=problems(*AUTHED, 404),
)
async def read_unit_of_measure(
    unit_of_measure_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.ORGANIZATION_READ)],
    session: SessionDep,
) -> UnitOfMeasureRead:
    unit = await service.visible_unit_of_measure(session, principal, unit_of_measure_id)
    return service.unit_of_measure_read(unit)
