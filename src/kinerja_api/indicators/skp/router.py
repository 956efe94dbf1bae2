"""HTTP: performance plans (SKP), their work results (RHK) and indicators, the workflow,
versions, cascading, realization and evidence, and the "no dead ends" views.

Everyone reads and writes what the position chain allows (``skp:read``/``skp:write``: own
SKP, subordinates' as appraiser); the organization's admins (``skp:admin``) read every SKP,
lock and force-unlock, and see the organization-wide views.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Response, UploadFile, status
from fastapi.responses import FileResponse
from sqlalchemy.orm import selectinload

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.errors import FieldError, PreconditionFailed, UnprocessableEntity
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.patterns import described
from kinerja_api.core.uploads import content_disposition
from kinerja_api.core.validation import MAX_YEAR, MIN_YEAR, YEAR_PREFIX, YearFilter, YearQuery
from kinerja_api.indicators.skp import realization, service, views
from kinerja_api.indicators.skp.models import Skp, SkpEvent, SkpIndicator, SkpVersion, SkpWorkResult
from kinerja_api.indicators.skp.rules import SkpAction, SkpState
from kinerja_api.indicators.skp.schemas import (
    CascadeOptions,
    CascadeTree,
    EvidenceRead,
    IndicatorCreate,
    IndicatorRead,
    IndicatorUpdate,
    LatePage,
    MySkpBlockers,
    RealizationPut,
    RealizationRead,
    SkpActionBody,
    SkpCreate,
    SkpEventRead,
    SkpRead,
    SkpRealizations,
    SkpSummary,
    SkpUpdate,
    SkpVersionDiff,
    SkpVersionRead,
    SkpVersionSummary,
    WaitingItem,
    WorkResultCreate,
    WorkResultRead,
    WorkResultUpdate,
)
from kinerja_api.organizations.employees.service import linked_employee
from kinerja_api.organizations.schemas import OpdQuery
from kinerja_api.organizations.scope import opd_filter
from kinerja_api.organizations.service import org_today, own_organization, visible_organization

router = APIRouter(tags=["skp"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.SKP_READ)]
Writer = Annotated[Principal, require(Perm.SKP_WRITE)]
Admin = Annotated[Principal, require(Perm.SKP_ADMIN)]
PeriodPath = Annotated[
    str,
    Path(
        min_length=6,
        max_length=7,
        pattern=described(
            rf"^{YEAR_PREFIX}-(\d{{2}}|Q\d|S\d)$",
            id="periode YYYY-MM (bulanan), YYYY-Qn (triwulan) atau YYYY-Sn (semester), "
            "misalnya 2026-03, 2026-Q1, 2026-S1",
            en="a period YYYY-MM (monthly), YYYY-Qn (quarterly) or YYYY-Sn (semester), for "
            "example 2026-03, 2026-Q1, 2026-S1",
        ),
        description="`2026-03` (monthly), `2026-Q1` (quarterly) or `2026-S1` (semester), as "
        "the organization's `skp.realization_period` says.",
    ),
]

READ = problems(*AUTHED, 404)
EDIT = problems(*AUTHED, 404, 409, 412)


async def _readable(
    session: SessionDep, principal: Principal, skp_id: uuid.UUID, *, full: bool = False
) -> tuple[Skp, service.SkpAccess]:
    caller = service.Caller.of(principal)
    skp = await service.find_skp(session, caller, skp_id, full=full)
    skp_access = await service.access(session, caller, skp)
    service.require_read(skp_access)
    return skp, skp_access


async def _owned(session: SessionDep, principal: Principal, skp_id: uuid.UUID) -> Skp:
    caller = service.Caller.of(principal)
    skp = await service.find_skp(session, caller, skp_id)
    service.require_owner(caller, skp)
    return skp


# ---- SKP -----------------------------------------------------------------------------------


@router.post(
    "/skp",
    response_model=SkpRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create my SKP for a year",
    description="Drafts the signed-in employee's performance plan (SKP) for a year; one per "
    "employee and year (409 `skp_exists`). The period defaults to the whole year. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_skp(
    body: SkpCreate, response: Response, principal: Writer, session: SessionDep
) -> SkpRead:
    employee = await linked_employee(session, principal)
    org = await visible_organization(session, principal, employee.organization_id)
    skp = await service.create_skp(session, org, employee, body)
    skp_access = await service.access(session, service.Caller.of(principal), skp)
    created(response, f"/api/v1/skp/{skp.id}", skp.version)
    return await service.skp_read(session, skp, skp_access)


@router.get(
    "/skp",
    response_model=Page[SkpSummary],
    summary="List SKPs (mine, my subordinates', or the organization's for admins)",
    description="Without `scope`: every SKP the caller may see — their own, their "
    "subordinates' (position chain, acting officials and overrides included) and, for "
    "admins, the whole organization. `scope=mine|subordinates|organization` narrows it "
    "(`organization` is for admins). Filters: year, state, employee, unit of the employee's "
    "current position. Sort by `year` (default newest first), `updated_at` or `created_at`.",
    responses=problems(*AUTHED),
)
async def list_skps(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    year: YearFilter = None,
    state: SkpState | None = None,
    employee_id: uuid.UUID | None = None,
    unit_id: Annotated[
        uuid.UUID | None, Query(description="Current position of the employee in this unit")
    ] = None,
    scope: service.ListScope | None = None,
) -> Page[SkpSummary]:
    org = await own_organization(session, principal)
    today = org_today(org)
    stmt = await service.visible_skps(session, principal, org, today, scope)
    if year is not None:
        stmt = stmt.where(Skp.year == year)
    if state is not None:
        stmt = stmt.where(Skp.state == state)
    if employee_id is not None:
        stmt = stmt.where(Skp.employee_id == employee_id)
    if unit_id is not None:
        stmt = stmt.where(service.in_unit(unit_id, today))
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"year": Skp.year, "updated_at": Skp.updated_at, "created_at": Skp.created_at},
        default_sort="-year",
        id_column=Skp.id,
    )
    names = await service.employee_names(session, [s.employee_id for s in rows])
    return Page[SkpSummary](
        items=[service.skp_summary(s, names.get(s.employee_id, "")) for s in rows],
        next_cursor=cursor,
        limit=page.limit,
    )


@router.get(
    "/skp/{skp_id}",
    response_model=SkpRead,
    summary="Read an SKP with its RHK, indicators and what I may do",
    description="`allowed_actions` lists the workflow actions open to the caller now; the "
    "`ETag` covers the whole document (RHK and indicator changes bump it).",
    responses=READ,
)
async def read_skp(
    skp_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> SkpRead:
    skp, skp_access = await _readable(session, principal, skp_id, full=True)
    set_etag(response, skp.version)
    return await service.skp_read(session, skp, skp_access)


@router.patch(
    "/skp/{skp_id}",
    response_model=SkpRead,
    summary="Update my SKP (period, approach, attachments)",
    description="Owner only (403), while draft, returned or revising (409). Changing the "
    "approach is refused while indicators have targets of the other form. Send `If-Match`.",
    responses=EDIT,
)
async def update_skp(
    skp_id: uuid.UUID,
    body: SkpUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SkpRead:
    caller = service.Caller.of(principal)
    skp = await service.find_skp(session, caller, skp_id, full=True)
    service.require_owner(caller, skp)
    check_if_match(if_match, skp.version)
    skp = await service.update_skp(session, skp, body)
    set_etag(response, skp.version)
    return await service.skp_read(session, skp, await service.access(session, caller, skp))


async def _act(
    action: SkpAction,
    skp_id: uuid.UUID,
    body: SkpActionBody | None,
    response: Response,
    principal: Principal,
    session: SessionDep,
    if_match: str | None,
) -> SkpRead:
    skp, skp_access = await _readable(session, principal, skp_id, full=True)
    check_if_match(if_match, skp.version)
    caller = service.Caller.of(principal)
    await service.perform(session, skp, skp_access, caller, action, body.note if body else None)
    skp = await service.reload_full(session, skp)
    set_etag(response, skp.version)
    return await service.skp_read(session, skp, skp_access)


_ACTION_DOC = (
    " 409 when the action is not possible in the current state, 403 when the caller may not "
    "take it, 412 on a stale `If-Match`. Recorded in the SKP's events."
)


@router.post(
    "/skp/{skp_id}/submit",
    response_model=SkpRead,
    summary="Submit my SKP to my appraiser",
    description="Owner; from draft, returned or revising. Refused (409, with whom you wait "
    "for) while: you have no position or appraiser; there is no RHK utama; an RHK utama "
    "refers to nothing; an RHK has no indicator; or an RHK refers to an RHK of an SKP that "
    "is not approved or not your appraiser's. Snapshots position, unit and appraiser."
    + _ACTION_DOC,
    responses=EDIT,
)
async def submit_skp(
    skp_id: uuid.UUID,
    response: Response,
    principal: Writer,
    session: SessionDep,
    body: SkpActionBody | None = None,
    if_match: IfMatch = None,
) -> SkpRead:
    return await _act(SkpAction.SUBMIT, skp_id, body, response, principal, session, if_match)


@router.post(
    "/skp/{skp_id}/approve",
    response_model=SkpRead,
    summary="Approve a submitted SKP (appraiser)",
    description="The appraiser (direct superior, or the acting official, today). Keeps the "
    "whole SKP as an approved version; an approval after a revision increments `revision`."
    + _ACTION_DOC,
    responses=EDIT,
)
async def approve_skp(
    skp_id: uuid.UUID,
    response: Response,
    principal: Writer,
    session: SessionDep,
    body: SkpActionBody | None = None,
    if_match: IfMatch = None,
) -> SkpRead:
    return await _act(SkpAction.APPROVE, skp_id, body, response, principal, session, if_match)


@router.post(
    "/skp/{skp_id}/return",
    response_model=SkpRead,
    summary="Return a submitted SKP with notes (appraiser)",
    description="The appraiser; `note` (what to fix) is required." + _ACTION_DOC,
    responses=EDIT,
)
async def return_skp(
    skp_id: uuid.UUID,
    body: SkpActionBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SkpRead:
    return await _act(SkpAction.RETURN, skp_id, body, response, principal, session, if_match)


@router.post(
    "/skp/{skp_id}/request-revision",
    response_model=SkpRead,
    summary="Reopen an approved SKP for revision, with the reason",
    description="Owner or appraiser; `note` (the reason, e.g. a disaster changing targets) "
    "is required. The SKP becomes editable; approving it again increments `revision`, and "
    "the previously approved version stays readable under `/versions`." + _ACTION_DOC,
    responses=EDIT,
)
async def request_revision(
    skp_id: uuid.UUID,
    body: SkpActionBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SkpRead:
    return await _act(
        SkpAction.REQUEST_REVISION, skp_id, body, response, principal, session, if_match
    )


@router.post(
    "/skp/{skp_id}/lock",
    response_model=SkpRead,
    summary="Lock an approved SKP (admin)",
    description="Admins lock an approved SKP at the end of its period; nothing changes until "
    "it is unlocked." + _ACTION_DOC,
    responses=EDIT,
)
async def lock_skp(
    skp_id: uuid.UUID,
    response: Response,
    principal: Writer,
    session: SessionDep,
    body: SkpActionBody | None = None,
    if_match: IfMatch = None,
) -> SkpRead:
    return await _act(SkpAction.LOCK, skp_id, body, response, principal, session, if_match)


@router.post(
    "/skp/{skp_id}/unlock",
    response_model=SkpRead,
    summary="Force-unlock a locked SKP with a reason (admin)",
    description="Admins only; `note` (the reason) is required and kept in the events and the "
    "audit log. The SKP returns to approved." + _ACTION_DOC,
    responses=EDIT,
)
async def unlock_skp(
    skp_id: uuid.UUID,
    body: SkpActionBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SkpRead:
    return await _act(SkpAction.UNLOCK, skp_id, body, response, principal, session, if_match)


@router.get(
    "/skp/{skp_id}/events",
    response_model=Page[SkpEventRead],
    summary="Workflow history of an SKP",
    description="Every submit, approve, return, revision request, lock and unlock with who, "
    "when, in which capacity and the note. Sort by `at` (default oldest first).",
    responses=READ,
)
async def list_events(
    skp_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> Page[SkpEventRead]:
    skp, _ = await _readable(session, principal, skp_id)
    return await paginate(
        session,
        service.events_of(skp.id),
        page,
        sorts={"at": SkpEvent.at},
        default_sort="at",
        id_column=SkpEvent.id,
        into=SkpEventRead,
    )


@router.get(
    "/skp/{skp_id}/versions",
    response_model=Page[SkpVersionSummary],
    summary="Approved versions of an SKP",
    description="One per approval: revision 0 as first approved, then each approved revision "
    "with its reason. Sort by `revision` (default).",
    responses=READ,
)
async def list_versions(
    skp_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> Page[SkpVersionSummary]:
    skp, _ = await _readable(session, principal, skp_id)
    return await paginate(
        session,
        service.versions_of(skp.id),
        page,
        sorts={"revision": SkpVersion.revision},
        default_sort="revision",
        id_column=SkpVersion.id,
        into=SkpVersionSummary,
    )


@router.get(
    "/skp/{skp_id}/versions/{revision}",
    response_model=SkpVersionRead,
    summary="Read an approved version of an SKP",
    description="The whole SKP exactly as approved in that revision.",
    responses=READ,
)
async def read_version(
    skp_id: uuid.UUID,
    revision: Annotated[int, Path(ge=0, le=1000)],
    principal: Reader,
    session: SessionDep,
) -> SkpVersionRead:
    skp, _ = await _readable(session, principal, skp_id)
    version = await service.find_version(session, skp, revision)
    return SkpVersionRead.model_validate(version)


@router.get(
    "/skp/{skp_id}/versions/{revision}/diff/{other_revision}",
    response_model=SkpVersionDiff,
    summary="What a revision changed: the difference of two approved versions",
    description="RHK added or removed, and each field changed of the SKP, an RHK or an "
    "indicator with its value in each version (a target 1200 → 1000). `revision` is the "
    "earlier version, `other_revision` the later one (swap them to read it backwards); "
    "the same readers as the versions.",
    responses=READ,
)
async def diff_versions(
    skp_id: uuid.UUID,
    revision: Annotated[int, Path(ge=0, le=1000)],
    other_revision: Annotated[int, Path(ge=0, le=1000)],
    principal: Reader,
    session: SessionDep,
) -> SkpVersionDiff:
    skp, _ = await _readable(session, principal, skp_id)
    old = await service.find_version(session, skp, revision)
    new = await service.find_version(session, skp, other_revision)
    return service.version_diff(skp, old, new)


@router.get(
    "/skp/{skp_id}/cascade-options",
    response_model=CascadeOptions,
    summary="What the RHK of this SKP may cascade from",
    description="The appraiser's RHK of the same year with their SKP's state (drafting "
    "against a draft is allowed; submitting waits for its approval), and — for the head of "
    "the organization and the unit heads reporting to them — the organization's goals and "
    "IKU of the year.",
    responses=READ,
)
async def read_cascade_options(
    skp_id: uuid.UUID, principal: Reader, session: SessionDep
) -> CascadeOptions:
    skp, skp_access = await _readable(session, principal, skp_id)
    return await views.cascade_options(session, skp, skp_access)


@router.get(
    "/skp/{skp_id}/realizations",
    response_model=SkpRealizations,
    summary="Realization and achievement of every indicator of an SKP",
    description="Per indicator, the reported periods with value or rating, self-assessment, "
    "evidence and achievement % (computed against the target: higher or lower is better, "
    "ranges; descriptive targets are rated).",
    responses=READ,
)
async def read_realizations(
    skp_id: uuid.UUID, principal: Reader, session: SessionDep
) -> SkpRealizations:
    skp, skp_access = await _readable(session, principal, skp_id, full=True)
    return await realization.skp_realizations(session, skp, skp_access.org, skp_access.today)


# ---- work results (RHK) --------------------------------------------------------------------


@router.get(
    "/skp/{skp_id}/work-results",
    response_model=Page[WorkResultRead],
    summary="List the RHK of an SKP",
    description="With their indicators. Sort by `sort_order` (default) or `created_at`.",
    responses=READ,
)
async def list_work_results(
    skp_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> Page[WorkResultRead]:
    skp, _ = await _readable(session, principal, skp_id)
    stmt = service.select_work_results(skp.id).options(selectinload(SkpWorkResult.indicators))
    return await paginate(
        session,
        stmt,
        page,
        sorts={"sort_order": SkpWorkResult.sort_order, "created_at": SkpWorkResult.created_at},
        default_sort="sort_order",
        id_column=SkpWorkResult.id,
        into=service.work_result_read,
    )


@router.post(
    "/skp/{skp_id}/work-results",
    response_model=WorkResultRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an RHK to my SKP",
    description="Owner, while editable. The RHK refers to at most one of an RHK of the "
    "appraiser's SKP of the same year (any state: no dead ends), or — for the top of the "
    "chain — a goal or IKU of the year; see `cascade-options`. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_work_result(
    skp_id: uuid.UUID,
    body: WorkResultCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> WorkResultRead:
    skp = await _owned(session, principal, skp_id)
    today = await _today(session, principal, skp)
    rhk = await service.add_work_result(session, skp, body, today)
    created(response, f"/api/v1/work-results/{rhk.id}", rhk.version)
    return service.work_result_read(rhk)


async def _today(session: SessionDep, principal: Principal, skp: Skp) -> date:
    org = await visible_organization(session, principal, skp.organization_id)
    return org_today(org)


@router.get(
    "/work-results/{work_result_id}",
    response_model=WorkResultRead,
    summary="Read an RHK",
    responses=READ,
)
async def read_work_result(
    work_result_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> WorkResultRead:
    caller = service.Caller.of(principal)
    rhk, skp = await service.find_work_result(session, caller, work_result_id, indicators=True)
    service.require_read(await service.access(session, caller, skp))
    set_etag(response, rhk.version)
    return service.work_result_read(rhk)


@router.patch(
    "/work-results/{work_result_id}",
    response_model=WorkResultRead,
    summary="Update an RHK of my SKP",
    description="Owner, while editable. Sending any of `parent_id`, `goal_id`, "
    "`key_indicator_id` replaces the reference (the others are cleared). Send `If-Match`.",
    responses=EDIT,
)
async def update_work_result(
    work_result_id: uuid.UUID,
    body: WorkResultUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> WorkResultRead:
    caller = service.Caller.of(principal)
    rhk, skp = await service.find_work_result(session, caller, work_result_id, indicators=True)
    service.require_owner(caller, skp)
    check_if_match(if_match, rhk.version)
    rhk = await service.update_work_result(
        session, skp, rhk, body, await _today(session, principal, skp)
    )
    set_etag(response, rhk.version)
    return service.work_result_read(rhk)


@router.delete(
    "/work-results/{work_result_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an RHK of my SKP",
    description="Owner, while editable; with its indicators. Refused (409) while another "
    "RHK refers to it or its indicators have realizations. Send `If-Match`.",
    responses=EDIT,
)
async def delete_work_result(
    work_result_id: uuid.UUID,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    caller = service.Caller.of(principal)
    rhk, skp = await service.find_work_result(session, caller, work_result_id, indicators=True)
    service.require_owner(caller, skp)
    check_if_match(if_match, rhk.version)
    await service.delete_work_result(session, skp, rhk)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---- indicators ----------------------------------------------------------------------------


@router.get(
    "/work-results/{work_result_id}/indicators",
    response_model=Page[IndicatorRead],
    summary="List the indicators of an RHK",
    description="Sort by `sort_order` (default) or `created_at`.",
    responses=READ,
)
async def list_indicators(
    work_result_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> Page[IndicatorRead]:
    caller = service.Caller.of(principal)
    rhk, skp = await service.find_work_result(session, caller, work_result_id)
    service.require_read(await service.access(session, caller, skp))
    return await paginate(
        session,
        service.select_indicators(rhk.id),
        page,
        sorts={"sort_order": SkpIndicator.sort_order, "created_at": SkpIndicator.created_at},
        default_sort="sort_order",
        id_column=SkpIndicator.id,
        into=IndicatorRead,
    )


@router.post(
    "/work-results/{work_result_id}/indicators",
    response_model=IndicatorRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an indicator to an RHK of my SKP",
    description="Owner, while editable. The target follows the same rules as IKU targets "
    "(one form; unit fits the aspect; percent within 0–100 unless `allow_over_100`) and the "
    "SKP's approach (kuantitatif: number or range; kualitatif: text). Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_indicator(
    work_result_id: uuid.UUID,
    body: IndicatorCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> IndicatorRead:
    caller = service.Caller.of(principal)
    rhk, skp = await service.find_work_result(session, caller, work_result_id)
    service.require_owner(caller, skp)
    indicator = await service.add_indicator(session, skp, rhk, body)
    created(response, f"/api/v1/skp-indicators/{indicator.id}", indicator.version)
    return IndicatorRead.model_validate(indicator)


@router.get(
    "/skp-indicators/{indicator_id}",
    response_model=IndicatorRead,
    summary="Read an RHK indicator",
    responses=READ,
)
async def read_indicator(
    indicator_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> IndicatorRead:
    caller = service.Caller.of(principal)
    indicator, skp = await service.find_indicator(session, caller, indicator_id)
    service.require_read(await service.access(session, caller, skp))
    set_etag(response, indicator.version)
    return IndicatorRead.model_validate(indicator)


@router.patch(
    "/skp-indicators/{indicator_id}",
    response_model=IndicatorRead,
    summary="Update an RHK indicator of my SKP (e.g. revise its target)",
    description="Owner, while editable; partial, `null` clears an optional field. The target "
    "rules are checked on the result. Send `If-Match`.",
    responses=EDIT,
)
async def update_indicator(
    indicator_id: uuid.UUID,
    body: IndicatorUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> IndicatorRead:
    caller = service.Caller.of(principal)
    indicator, skp = await service.find_indicator(session, caller, indicator_id)
    service.require_owner(caller, skp)
    check_if_match(if_match, indicator.version)
    indicator = await service.update_indicator(session, skp, indicator, body)
    set_etag(response, indicator.version)
    return IndicatorRead.model_validate(indicator)


@router.delete(
    "/skp-indicators/{indicator_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an RHK indicator of my SKP",
    description="Owner, while editable; refused (409) once it has realizations. Send `If-Match`.",
    responses=EDIT,
)
async def delete_indicator(
    indicator_id: uuid.UUID,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    caller = service.Caller.of(principal)
    indicator, skp = await service.find_indicator(session, caller, indicator_id)
    service.require_owner(caller, skp)
    check_if_match(if_match, indicator.version)
    await service.delete_indicator(session, skp, indicator)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---- realization and evidence --------------------------------------------------------------


async def _indicator_context(
    session: SessionDep, principal: Principal, indicator_id: uuid.UUID
) -> tuple[SkpIndicator, Skp, service.SkpAccess]:
    caller = service.Caller.of(principal)
    indicator, skp = await service.find_indicator(session, caller, indicator_id)
    skp_access = await service.access(session, caller, skp)
    service.require_read(skp_access)
    return indicator, skp, skp_access


@router.get(
    "/skp-indicators/{indicator_id}/realizations/{period}",
    response_model=RealizationRead,
    summary="Read the realization of an indicator in a period",
    responses=READ,
)
async def read_realization(
    indicator_id: uuid.UUID,
    period: PeriodPath,
    response: Response,
    principal: Reader,
    session: SessionDep,
) -> RealizationRead:
    indicator, _, _ = await _indicator_context(session, principal, indicator_id)
    found = await realization.existing_realization(session, indicator, period)
    set_etag(response, found.version)
    return realization.realization_read(indicator, found)


@router.put(
    "/skp-indicators/{indicator_id}/realizations/{period}",
    response_model=RealizationRead,
    summary="Report the realization of an indicator in a period",
    description="Owner; once the SKP is approved and until it is locked (409). `value` for "
    "numeric targets (cumulative for the year to date), `rating` for descriptive ones; a "
    "self-assessment note. The period follows the organization's realization period and must "
    "lie in the SKP period and have begun (422). 201 when created, 200 when replaced; send "
    "`If-Match` to replace safely.",
    responses=problems(*AUTHED, 404, 409, 412),
    status_code=status.HTTP_200_OK,
)
async def put_realization(
    indicator_id: uuid.UUID,
    period: PeriodPath,
    body: RealizationPut,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> RealizationRead:
    indicator, skp, skp_access = await _indicator_context(session, principal, indicator_id)
    service.require_owner(service.Caller.of(principal), skp)
    realization.require_open(skp)
    found = realization.period_of(skp, skp_access.org, period, skp_access.today)
    current = await realization.find_realization(session, indicator, found.key)
    if current is None:
        if if_match is not None:
            raise PreconditionFailed()
        response.status_code = status.HTTP_201_CREATED
    else:
        check_if_match(if_match, current.version)
    row = await realization.put_realization(session, skp, indicator, found, current, body)
    set_etag(response, row.version)
    return realization.realization_read(indicator, row)


@router.post(
    "/skp-indicators/{indicator_id}/realizations/{period}/evidence",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
    summary="Attach evidence (bukti dukung) to a realization: a link or a file",
    description="Multipart form with either `url` (https) or `file` (PDF, PNG or JPEG as "
    "configured, recognized by content — the name and declared type are ignored; at most "
    "`KINERJA_EVIDENCE_MAX_BYTES`, else 413), plus an optional `description`. Owner, while "
    "realization is open. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409, 413),
    dependencies=[Idempotent],
)
async def add_evidence(
    indicator_id: uuid.UUID,
    period: PeriodPath,
    response: Response,
    principal: Writer,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File(description="PDF, PNG or JPEG")] = None,
    url: Annotated[str | None, Form(max_length=2000, description="An https link")] = None,
    description: Annotated[str | None, Form(max_length=500)] = None,
) -> EvidenceRead:
    indicator, skp, _ = await _indicator_context(session, principal, indicator_id)
    service.require_owner(service.Caller.of(principal), skp)
    found = await realization.existing_realization(session, indicator, period)
    if (file is None) == (url is None):
        raise UnprocessableEntity(
            errors=[
                FieldError.of(
                    "file",
                    "evidence_one_of",
                    {
                        "id": "Kirim salah satu: berkas (file) atau tautan (url)",
                        "en": "Send one of: a file or a link (url)",
                    },
                    location="form",
                )
            ]
        )
    if url is not None:
        evidence = await realization.add_link(
            session, skp, found, url, description, principal.user_id
        )
    else:
        assert file is not None
        data = await file.read(settings.evidence_max_bytes + 1)
        evidence = await realization.add_file(
            session, settings, skp, found, data, file.filename, description, principal.user_id
        )
    response.headers["Location"] = (
        f"/api/v1/skp-indicators/{indicator.id}/realizations/{found.period}/evidence/{evidence.id}"
    )
    return EvidenceRead.model_validate(evidence)


@router.get(
    "/skp-indicators/{indicator_id}/realizations/{period}/evidence/{evidence_id}",
    response_class=FileResponse,
    summary="Download an evidence file",
    description="Served as an attachment with the content type recognized at upload and "
    "`X-Content-Type-Options: nosniff`. A link evidence answers 409 with the link.",
    responses={
        200: {
            "description": "The file",
            "content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}},
        },
        **problems(*AUTHED, 404, 409),
    },
)
async def download_evidence(
    indicator_id: uuid.UUID,
    period: PeriodPath,
    evidence_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    settings: SettingsDep,
) -> FileResponse:
    indicator, _, _ = await _indicator_context(session, principal, indicator_id)
    found = await realization.existing_realization(session, indicator, period)
    evidence = realization.evidence_in(found, evidence_id)
    path = realization.evidence_file(settings, evidence)
    return FileResponse(
        path,
        media_type=evidence.content_type,
        # X-Content-Type-Options: nosniff comes with every response (RequestContextMiddleware).
        headers={
            "Content-Disposition": content_disposition(
                evidence.filename or "bukti", evidence.content_type
            )
        },
    )


# ---- organization-wide views and "what blocks me" ------------------------------------------


@router.get(
    "/organizations/{org_id}/skp/waiting",
    response_model=Page[WaitingItem],
    summary="Who waits on whom (admins)",
    description="Employees whose SKP (draft, returned or revising) cannot be submitted "
    "because a superior's SKP is missing or not approved, with the superiors they wait for. "
    "Sorted by name.",
    responses=READ,
)
async def list_waiting(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    opd_id: OpdQuery = None,
) -> Page[WaitingItem]:
    org = await visible_organization(session, principal, org_id)
    opd = opd_filter(principal, opd_id)
    items, cursor = await views.waiting(session, org, year, org_today(org), page, opd)
    return Page[WaitingItem](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/organizations/{org_id}/skp/late",
    response_model=LatePage,
    summary="SKPs not approved by the deadline (admins)",
    description="Employees holding a position on the deadline (`skp.deadline_month`/`_day` "
    "of the organization's settings) whose SKP of the year was missing, not approved, or "
    "approved only after the end of that day (organization time). Empty until the deadline "
    "has passed. Sorted by name.",
    responses=READ,
)
async def list_late(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    opd_id: OpdQuery = None,
) -> LatePage:
    org = await visible_organization(session, principal, org_id)
    opd = opd_filter(principal, opd_id)
    return await views.late(session, org, year, org_today(org), page, opd)


@router.get(
    "/organizations/{org_id}/cascade",
    response_model=CascadeTree,
    summary="The cascade tree: from goals and IKU down to every RHK (admins)",
    description="Two levels: the instansi's goals (RPJMD, tujuan → sasaran) and IKU of the "
    "year, each with the OPD goals (Renstra) serving it, each goal with the RHK that refer to "
    "it or its IKU (the OPD head's) and, nested, the RHK that cascade from those, with "
    "indicators and SKP state; plus goals and IKU nobody owns, the instansi goals no OPD "
    "serves (`unserved_goals`) and RHK that refer to nothing. `opd_id` limits the tree to "
    "one OPD (its goals, its people's RHK, the instansi goals it works on); an OPD admin gets "
    "their own OPD's tree (another `opd_id`: 403 `outside_opd`). `goal_id` limits the tree "
    "to one goal. A fixed number of queries whatever the organization's size.",
    responses=READ,
)
async def read_cascade_tree(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Admin,
    session: SessionDep,
    goal_id: uuid.UUID | None = None,
    opd_id: OpdQuery = None,
) -> CascadeTree:
    org = await visible_organization(session, principal, org_id)
    opd = opd_filter(principal, opd_id)
    return await views.cascade_tree(session, org, year, org_today(org), goal_id, opd)


@router.get(
    "/me/skp-blockers",
    response_model=MySkpBlockers,
    tags=["me"],
    summary="What blocks my SKP",
    description="In plain words (Indonesian, or English with `Accept-Language: en`), "
    "everything between you and an approved SKP of the year — no position, no appraiser, a "
    "superior's SKP missing or not approved (by name), returned notes, locked, deadline or "
    "period passed — each with who can fix it. The regional head (no SKP) gets an empty list, "
    "`skp_required` false and a note. `year` defaults to the current year in the instansi's "
    "time zone. 404 `employee_not_linked` for accounts without an employee record.",
    responses=READ,
)
async def my_skp_blockers(
    principal: Reader,
    session: SessionDep,
    year: Annotated[
        int | None,
        Query(
            ge=MIN_YEAR,
            le=MAX_YEAR,
            description="Performance year; default: the current year in the instansi's time zone.",
            examples=[2026],
        ),
    ] = None,
) -> MySkpBlockers:
    employee = await linked_employee(session, principal)
    org = await visible_organization(session, principal, employee.organization_id)
    today = org_today(org)
    return await views.my_blockers(session, org, employee, year or today.year, today)
