"""HTTP: the needs register (``needs:read`` for everyone in the organization, ``needs:write``
for its admins), links to goals and IKU, and the coverage report."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.validation import YearFilter, YearQuery
from kinerja_api.needs.register import service
from kinerja_api.needs.register.models import Need, NeedPriority, NeedSource, NeedStatus
from kinerja_api.needs.register.schemas import (
    NeedClose,
    NeedCoverageReport,
    NeedCreate,
    NeedFromSurvey,
    NeedLinkCreate,
    NeedLinkRead,
    NeedRead,
    NeedUpdate,
)
from kinerja_api.organizations.schemas import OpdQuery
from kinerja_api.organizations.scope import opd_filter, require_unit_reach
from kinerja_api.organizations.service import visible_organization

router = APIRouter(tags=["needs"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.NEEDS_READ)]
Writer = Annotated[Principal, require(Perm.NEEDS_WRITE)]
FromSurveyWriter = Annotated[Principal, require(Perm.NEEDS_WRITE, Perm.SURVEYS_MANAGE)]


@router.get(
    "/organizations/{org_id}/needs",
    response_model=Page[NeedRead],
    summary="List the needs of an organization",
    responses=problems(*AUTHED, 404),
)
async def list_needs(
    org_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    year: YearFilter = None,
    need_status: Annotated[NeedStatus | None, Query(alias="status")] = None,
    priority: NeedPriority | None = None,
    source: NeedSource | None = None,
    unit_id: uuid.UUID | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of title")
    ] = None,
) -> Page[NeedRead]:
    await visible_organization(session, principal, org_id)
    stmt = service.needs_of(org_id)
    if year is not None:
        stmt = stmt.where(Need.year == year)
    if need_status is not None:
        stmt = stmt.where(Need.status == need_status)
    if priority is not None:
        stmt = stmt.where(Need.priority == priority)
    if source is not None:
        stmt = stmt.where(Need.source == source)
    if unit_id is not None:
        stmt = stmt.where(Need.unit_id == unit_id)
    if q:
        stmt = stmt.where(Need.title.ilike(f"%{q}%"))
    return await paginate(
        session,
        stmt,
        page,
        sorts={"created_at": Need.created_at, "title": Need.title, "year": Need.year},
        default_sort="created_at",
        id_column=Need.id,
        into=service.need_read,
    )


def _created(response: Response, need: Need) -> NeedRead:
    created(response, f"/api/v1/needs/{need.id}", need.version)
    return service.need_read(need)


@router.post(
    "/organizations/{org_id}/needs",
    response_model=NeedRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register a need",
    description="The owner unit must be an active unit of the organization. A survey "
    "reference (`source_survey_id`, `source_question_keys`) needs `source` = survey. "
    "Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_need(
    org_id: uuid.UUID,
    body: NeedCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> NeedRead:
    org = await visible_organization(session, principal, org_id)
    await require_unit_reach(session, principal, body.unit_id)
    return _created(response, await service.create_need(session, org, body))


@router.post(
    "/organizations/{org_id}/needs/from-survey",
    response_model=NeedRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register a need from survey results",
    description="Source `survey` with the survey and question keys filled in; without a "
    "`description`, a digest of those questions' results becomes the description; without a "
    "`year`, the year the survey was published. The survey must have been published (409). "
    "Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_need_from_survey(
    org_id: uuid.UUID,
    body: NeedFromSurvey,
    response: Response,
    principal: FromSurveyWriter,
    session: SessionDep,
) -> NeedRead:
    org = await visible_organization(session, principal, org_id)
    return _created(response, await service.create_need_from_survey(session, org, body))


@router.get(
    "/organizations/{org_id}/needs/coverage",
    response_model=NeedCoverageReport,
    summary="Coverage of the year's needs by work and by training",
    description="For each need of the year (dropped needs left out): covered by work when "
    "linked to an active goal or IKU (later also an RHK), covered by training when linked to "
    "a development plan that is not cancelled; the needs not covered by each, and counts per "
    "priority. `unserved_goals`: the instansi (RPJMD) goals the needs are linked to that no "
    "OPD goal serves (work nobody does). With `opd_id`: the needs of that OPD's units only "
    "(OPD admins: always their own OPD; another answers 403 `outside_opd`).",
    responses=problems(*AUTHED, 404),
)
async def read_needs_coverage(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Reader,
    session: SessionDep,
    opd_id: OpdQuery = None,
) -> NeedCoverageReport:
    org = await visible_organization(session, principal, org_id)
    opd = opd_filter(principal, opd_id)
    return await service.coverage_report(session, org, year, opd)


@router.get(
    "/needs/{need_id}",
    response_model=NeedRead,
    summary="Read a need with its links",
    responses=problems(*AUTHED, 404),
)
async def read_need(
    need_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> NeedRead:
    need = await service.visible_need(session, principal, need_id)
    set_etag(response, need.version)
    return service.need_read(need)


@router.patch(
    "/needs/{need_id}",
    response_model=NeedRead,
    summary="Update an active need",
    description="Partial update; `null` clears an optional field. Status may move between "
    "open, planned and in_progress (in_progress → open is refused: 409); a closed need "
    "cannot change (409). Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_need(
    need_id: uuid.UUID,
    body: NeedUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> NeedRead:
    need = await service.visible_need(session, principal, need_id)
    await require_unit_reach(session, principal, need.unit_id)
    if body.unit_id is not None:
        await require_unit_reach(session, principal, body.unit_id)
    check_if_match(if_match, need.version)
    need = await service.update_need(session, need, body)
    set_etag(response, need.version)
    return service.need_read(need)


@router.post(
    "/needs/{need_id}/close",
    response_model=NeedRead,
    summary="Close a need (addressed or dropped)",
    description="Final: a closed need can no longer change. The reason is kept on the need "
    "and in the audit log. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def close_need(
    need_id: uuid.UUID,
    body: NeedClose,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> NeedRead:
    need = await service.visible_need(session, principal, need_id)
    await require_unit_reach(session, principal, need.unit_id)
    check_if_match(if_match, need.version)
    need = await service.close_need(session, need, body)
    set_etag(response, need.version)
    return service.need_read(need)


@router.post(
    "/needs/{need_id}/links",
    response_model=NeedLinkRead,
    status_code=status.HTTP_201_CREATED,
    summary="Link a need to a goal, IKU or development plan",
    description="The target must be a goal, key indicator or development plan of the need's "
    "organization (422 otherwise); a link exists once (409), and a development plan covers "
    "one need (409 if it already covers another; linking sets the plan's `need_id`). The "
    "need's version moves. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_need_link(
    need_id: uuid.UUID,
    body: NeedLinkCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> NeedLinkRead:
    need = await service.visible_need(session, principal, need_id)
    await require_unit_reach(session, principal, need.unit_id)
    link = await service.add_link(session, need, body)
    created(response, f"/api/v1/needs/{need.id}", need.version)
    return service.link_read(link)


@router.delete(
    "/needs/{need_id}/links/{link_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a link of a need",
    description="Send `If-Match` with the need's ETag.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def delete_need_link(
    need_id: uuid.UUID,
    link_id: uuid.UUID,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    need = await service.visible_need(session, principal, need_id)
    await require_unit_reach(session, principal, need.unit_id)
    check_if_match(if_match, need.version)
    await service.remove_link(session, need, link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
