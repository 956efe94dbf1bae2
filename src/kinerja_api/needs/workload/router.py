"""HTTP: workload analysis (ABK) — tasks per position and year, the report, and the task
table import/export. Admins (``workload:read``/``workload:write``) of the organization."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paged, paginate
from kinerja_api.core.tabular import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, TableFormat, write_table
from kinerja_api.core.validation import YearFilter, YearQuery
from kinerja_api.needs.workload import service
from kinerja_api.needs.workload.models import WorkloadTask
from kinerja_api.needs.workload.schemas import (
    WorkloadImportResult,
    WorkloadReport,
    WorkloadTaskCreate,
    WorkloadTaskRead,
    WorkloadTaskUpdate,
)
from kinerja_api.organizations.schemas import OpdQuery
from kinerja_api.organizations.scope import opd_filter, position_unit, require_unit_reach
from kinerja_api.organizations.service import visible_organization, visible_position

router = APIRouter(tags=["workload"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.WORKLOAD_READ)]
Writer = Annotated[Principal, require(Perm.WORKLOAD_WRITE)]


@router.get(
    "/positions/{position_id}/workload-tasks",
    response_model=Page[WorkloadTaskRead],
    summary="List the workload tasks (uraian tugas) of a position",
    responses=problems(*AUTHED, 404),
)
async def list_tasks(
    position_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    year: YearFilter = None,
) -> Page[WorkloadTaskRead]:
    position = await visible_position(session, principal, position_id)
    await require_unit_reach(session, principal, position.unit_id)
    return await paginate(
        session,
        service.tasks_of(position.id, year),
        page,
        sorts={"created_at": WorkloadTask.created_at},
        default_sort="created_at",
        id_column=WorkloadTask.id,
        into=service.task_read,
    )


@router.post(
    "/positions/{position_id}/workload-tasks",
    response_model=WorkloadTaskRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a workload task to a position",
    description="Volume (outputs a year) × norm (minutes per output) is the task's workload. "
    "Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_task(
    position_id: uuid.UUID,
    body: WorkloadTaskCreate,
    response: Response,
    principal: Writer,
    session: SessionDep,
) -> WorkloadTaskRead:
    position = await visible_position(session, principal, position_id)
    await require_unit_reach(session, principal, position.unit_id)
    task = await service.create_task(session, position, body)
    created(response, f"/api/v1/workload-tasks/{task.id}", task.version)
    return service.task_read(task)


@router.get(
    "/workload-tasks/{task_id}",
    response_model=WorkloadTaskRead,
    summary="Read a workload task",
    responses=problems(*AUTHED, 404),
)
async def read_task(
    task_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> WorkloadTaskRead:
    task = await service.visible_task(session, principal, task_id)
    await require_unit_reach(session, principal, await position_unit(session, task.position_id))
    set_etag(response, task.version)
    return service.task_read(task)


@router.patch(
    "/workload-tasks/{task_id}",
    response_model=WorkloadTaskRead,
    summary="Update a workload task",
    description="Partial update. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def update_task(
    task_id: uuid.UUID,
    body: WorkloadTaskUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> WorkloadTaskRead:
    task = await service.visible_task(session, principal, task_id)
    await require_unit_reach(session, principal, await position_unit(session, task.position_id))
    check_if_match(if_match, task.version)
    task = await service.update_task(session, task, body)
    set_etag(response, task.version)
    return service.task_read(task)


@router.delete(
    "/workload-tasks/{task_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a workload task",
    description="Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def delete_task(
    task_id: uuid.UUID, principal: Writer, session: SessionDep, if_match: IfMatch = None
) -> Response:
    task = await service.visible_task(session, principal, task_id)
    await require_unit_reach(session, principal, await position_unit(session, task.position_id))
    check_if_match(if_match, task.version)
    await service.delete_task(session, task)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/organizations/{org_id}/workload",
    response_model=WorkloadReport,
    summary="Workload analysis (ABK) of a year: per position, unit and organization",
    description="Required staff = Σ(volume × norm) / effective minutes (organization setting "
    "`workload.effective_minutes_per_year`); existing staff = definitive holders on 31 "
    "December (today for the current year); EJ = workload / (existing × effective minutes); "
    "PEJ grade from `workload.pej_grades`; shortage/excess = required (rounded half up) − "
    "existing. Units sum their own positions. The positions are the `items`, paged like "
    "every list; `units` and `organization` sum every position, whatever the page.",
    responses=problems(*AUTHED, 404),
)
async def read_workload(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    opd_id: OpdQuery = None,
) -> WorkloadReport:
    org = await visible_organization(session, principal, org_id)
    report = await service.workload_report(session, org, year, opd_filter(principal, opd_id))
    return paged(report, page, order="unit")


@router.post(
    "/organizations/{org_id}/workload-tasks/import",
    response_model=WorkloadImportResult,
    summary="Import the task table (XLSX or CSV)",
    description="Columns as in the export: `position_id`, `position_name` (ignored), "
    "`uraian_tugas`, `satuan_hasil`, `volume`, `norma_menit`. Every row is validated; any "
    "error → 422 `import_invalid` listing every row error and nothing is written. Otherwise "
    "the file replaces the year's tasks of every position it names. `dry_run=true` only "
    "validates and reports.",
    responses=problems(*AUTHED, 404, 413),
)
async def import_tasks(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Writer,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="XLSX or CSV (UTF-8)")],
    dry_run: bool = False,
) -> WorkloadImportResult:
    await require_unit_reach(session, principal, None)  # a file may name any position
    org = await visible_organization(session, principal, org_id)
    data = await file.read()
    return await service.import_tasks(session, org, year, data, file.filename, dry_run=dry_run)


@router.get(
    "/organizations/{org_id}/workload-tasks/export",
    summary="Export the task table of a year (CSV or XLSX)",
    description="One row per task; the file can be edited and imported again.",
    response_class=StreamingResponse,
    responses={
        200: {"description": "The file", "content": {CSV_MEDIA_TYPE: {}, XLSX_MEDIA_TYPE: {}}},
        **problems(*AUTHED, 404),
    },
)
async def export_tasks(
    org_id: uuid.UUID,
    year: YearQuery,
    principal: Reader,
    session: SessionDep,
    fmt: Annotated[TableFormat, Query(alias="format")] = TableFormat.XLSX,
) -> StreamingResponse:
    await require_unit_reach(session, principal, None)  # the whole organization's tasks
    org = await visible_organization(session, principal, org_id)
    rows = await service.export_rows(session, org, year)
    filename = f"abk-{org.code}-{year}.{fmt.value}"
    return StreamingResponse(
        write_table(fmt, service.COLUMNS, rows, title="uraian tugas"),
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
