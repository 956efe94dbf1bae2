"""HTTP: daily activity reports (LKH / e-kinerja), the supervisor's inbox and review, and
the monthly rollups, calendar, unit recap and reminders."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from kinerja_api.activities import service
from kinerja_api.activities.models import ActivityReport, ReportStatus
from kinerja_api.activities.schemas import (
    ActivityCalendar,
    ActivitySummary,
    BatchApprove,
    BatchResult,
    InboxItem,
    RejectBody,
    Reminders,
    ReportCreate,
    ReportRead,
    ReportUpdate,
    ReviewBody,
    UnitRecap,
)
from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.errors import NotFound
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paged, paginate
from kinerja_api.core.validation import MONTH_PATTERN, IsoDate
from kinerja_api.organizations.employees.service import linked_employee
from kinerja_api.organizations.models import Unit
from kinerja_api.organizations.service import org_today, visible_organization

router = APIRouter(tags=["activities"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.ACTIVITIES_READ)]
Writer = Annotated[Principal, require(Perm.ACTIVITIES_WRITE)]
Reviewer = Annotated[Principal, require(Perm.ACTIVITIES_REVIEW)]
MonthQuery = Annotated[
    str,
    Query(pattern=MONTH_PATTERN, description="Month `YYYY-MM`", examples=["2026-03"]),
]
SORTS = {"report_date": ActivityReport.report_date, "created_at": ActivityReport.created_at}
SORT_DOC = "Sort by `report_date` (default newest first, `-report_date`) or `created_at`."
READ = problems(*AUTHED, 404)
EDIT = problems(*AUTHED, 404, 409, 412)


def _read(response: Response, report: ActivityReport) -> ReportRead:
    set_etag(response, report.version)
    return ReportRead.model_validate(report)


@router.post(
    "/activity-reports",
    response_model=ReportRead,
    status_code=status.HTTP_201_CREATED,
    summary="Report a daily activity",
    description="Files one activity of the signed-in employee: date (organization's time zone; "
    "no future dates; older than `daily_reports.grace_days` is refused or flagged `late` by "
    "`daily_reports.late_policy`), times (may not overlap another pending/approved report of "
    "that day: 422 `report_overlap` naming them), quantity and unit, the RHK of the approved "
    "SKP of that year (409 `skp_not_approved`). `corrects_id` corrects an approved report. "
    "Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_report(
    body: ReportCreate, response: Response, principal: Writer, session: SessionDep
) -> ReportRead:
    employee = await linked_employee(session, principal)
    org = await visible_organization(session, principal, employee.organization_id)
    report = await service.create_report(session, org, employee, body)
    response.headers["Location"] = f"/api/v1/activity-reports/{report.id}"
    return _read(response, report)


def _filters(
    date_from: date | None,
    date_to: date | None,
    month: str | None,
    status_: ReportStatus | None,
    late: bool | None,
    employee_id: uuid.UUID | None = None,
) -> service.ListFilters:
    if month is not None:
        start, end = service.month_bounds(month)
        date_from = max(date_from, start) if date_from else start
        date_to = min(date_to, end) if date_to else end
    return service.ListFilters(date_from, date_to, status_, late, employee_id)


OptMonth = Annotated[
    str | None,
    Query(pattern=MONTH_PATTERN, description="Only this month (`YYYY-MM`)"),
]
StatusQuery = Annotated[ReportStatus | None, Query(alias="status", description="Only this status")]


@router.get(
    "/activity-reports",
    response_model=Page[ReportRead],
    summary="List my activity reports",
    description="The signed-in employee's reports, keyset-paginated; filter by `month`, "
    f"`date_from`/`date_to`, `status`, `late`. {SORT_DOC}",
    responses=problems(*AUTHED, 404),
)
async def list_my_reports(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    month: OptMonth = None,
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    status_: StatusQuery = None,
    late: bool | None = None,
) -> Page[ReportRead]:
    employee = await linked_employee(session, principal)
    stmt = service.my_reports(employee, _filters(date_from, date_to, month, status_, late))
    rows, cursor = await paginate(
        session, stmt, page, sorts=SORTS, default_sort="-report_date", id_column=ActivityReport.id
    )
    return Page(
        items=[ReportRead.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit
    )


@router.get(
    "/activity-reports/inbox",
    response_model=Page[InboxItem],
    summary="Supervisor inbox: my subordinates' reports",
    description="Reports of the caller's subordinates today (position chain, acting PLT/PLH "
    "assignments and appraiser overrides; `direct_only=true` keeps direct subordinates). "
    "Default `status=pending`. Filters: `employee_id`, `month`, `date_from`/`date_to`, "
    f"`late`. Only the appraiser on the report date may approve or reject. {SORT_DOC}",
    responses=problems(*AUTHED, 404),
)
async def inbox(
    principal: Reviewer,
    session: SessionDep,
    page: PageDep,
    employee_id: uuid.UUID | None = None,
    month: OptMonth = None,
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    status_: Annotated[
        ReportStatus, Query(alias="status", description="Status (default `pending`)")
    ] = ReportStatus.PENDING,
    late: bool | None = None,
    direct_only: bool = False,
) -> Page[InboxItem]:
    employee = await linked_employee(session, principal)
    org = await visible_organization(session, principal, employee.organization_id)
    f = _filters(date_from, date_to, month, status_, late, employee_id)
    stmt = service.inbox(principal, org, org_today(org), f, direct_only=direct_only)
    return await paginate(
        session,
        stmt,
        page,
        sorts=SORTS,
        default_sort="-report_date",
        id_column=ActivityReport.id,
        into=InboxItem,
    )


@router.post(
    "/activity-reports/batch-approve",
    response_model=BatchResult,
    summary="Approve many reports",
    description="Approves a list of reports the caller appraises. `atomic=true`: all or "
    "nothing (409 `batch_failed`, `errors` naming each failed id); otherwise the reports "
    "that pass are approved and `items` says which failed and why.",
    responses=problems(*AUTHED, 409),
)
async def batch_approve(
    body: BatchApprove, principal: Reviewer, session: SessionDep
) -> BatchResult:
    return await service.batch_approve(
        session, principal, body.ids, atomic=body.atomic, note=body.note
    )


@router.get(
    "/activity-reports/{report_id}",
    response_model=ReportRead,
    summary="Read an activity report",
    description="The employee, their superiors in the chain and admins read a report.",
    responses=READ,
)
async def read_report(
    report_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> ReportRead:
    report = await service.find_report(session, principal, report_id)
    await service.require_read(session, principal, report)
    return _read(response, report)


async def _own(session: SessionDep, principal: Principal, report_id: uuid.UUID) -> ActivityReport:
    report = await service.find_report(session, principal, report_id)
    await service.require_read(session, principal, report)
    service.require_owner(principal, report)
    return report


@router.patch(
    "/activity-reports/{report_id}",
    response_model=ReportRead,
    summary="Edit my pending report",
    description="Only while pending (409 `report_not_pending`; approved reports are corrected "
    "with a new report). The same date and overlap rules as creating apply.",
    responses=EDIT,
)
async def update_report(
    report_id: uuid.UUID,
    body: ReportUpdate,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> ReportRead:
    report = await _own(session, principal, report_id)
    check_if_match(if_match, report.version)
    employee = await linked_employee(session, principal)
    org = await visible_organization(session, principal, employee.organization_id)
    report = await service.update_report(session, org, employee, report, body)
    return _read(response, report)


@router.post(
    "/activity-reports/{report_id}/withdraw",
    response_model=ReportRead,
    summary="Withdraw my pending report",
    description="Marks a pending report `withdrawn` (kept for the record).",
    responses=EDIT,
)
async def withdraw_report(
    report_id: uuid.UUID,
    response: Response,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> ReportRead:
    report = await _own(session, principal, report_id)
    check_if_match(if_match, report.version)
    return _read(response, await service.withdraw_report(session, report))


@router.post(
    "/activity-reports/{report_id}/approve",
    response_model=ReportRead,
    summary="Approve a report",
    description="By the employee's appraiser on the report date (direct superior or acting "
    "official; 403 `not_appraiser` for others who see it). Approving a correction supersedes "
    "the report it corrects.",
    responses=EDIT,
)
async def approve_report(
    report_id: uuid.UUID,
    body: ReviewBody,
    response: Response,
    principal: Reviewer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> ReportRead:
    report = await service.find_report(session, principal, report_id)
    await service.require_reviewer(session, principal, report)
    check_if_match(if_match, report.version)
    return _read(response, await service.approve(session, principal, report, body.note))


@router.post(
    "/activity-reports/{report_id}/reject",
    response_model=ReportRead,
    summary="Reject a report with a reason",
    description="By the employee's appraiser on the report date; the reason is shown to the "
    "employee.",
    responses=EDIT,
)
async def reject_report(
    report_id: uuid.UUID,
    body: RejectBody,
    response: Response,
    principal: Reviewer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> ReportRead:
    report = await service.find_report(session, principal, report_id)
    await service.require_reviewer(session, principal, report)
    check_if_match(if_match, report.version)
    return _read(response, await service.reject(session, principal, report, body.reason))


@router.get(
    "/employees/{employee_id}/activity-summary",
    response_model=ActivitySummary,
    summary="Monthly rollup of an employee's approved activities",
    description="Days reported, minutes, quantities per RHK, approval rate and late count of "
    "one month, computed from approved reports (the single source of truth). `indicators` "
    "puts the approved quantities (`activity_total` of the month and year to date) next to "
    "the self-reported realization of each indicator of those RHK whose unit matches.",
    responses=READ,
)
async def activity_summary(
    employee_id: uuid.UUID, month: MonthQuery, principal: Reader, session: SessionDep
) -> ActivitySummary:
    employee, _ = await service.visible_employee(
        session, principal, employee_id, await _today(session, principal)
    )
    return await service.summary(session, employee, month)


@router.get(
    "/employees/{employee_id}/activity-calendar",
    response_model=ActivityCalendar,
    summary="An employee's month of reports, day by day",
    description="Each day of the month with the reports filed, approved minutes, and whether "
    "it is a working day or a holiday (organization calendar settings).",
    responses=READ,
)
async def activity_calendar(
    employee_id: uuid.UUID, month: MonthQuery, principal: Reader, session: SessionDep
) -> ActivityCalendar:
    employee, _ = await service.visible_employee(
        session, principal, employee_id, await _today(session, principal)
    )
    org = await visible_organization(session, principal, employee.organization_id)
    return await service.calendar(session, org, employee, month)


async def _today(session: SessionDep, principal: Principal) -> date:
    if principal.organization_id is None:
        raise NotFound()
    org = await visible_organization(session, principal, principal.organization_id)
    return org_today(org)


@router.get(
    "/units/{unit_id}/activity-recap",
    response_model=UnitRecap,
    summary="Monthly activity recap of a unit",
    description="Everyone holding a position of the unit today with the month's figures; "
    "admins see all, superiors see their subordinates (403 for others). Constant number of "
    "queries whatever the unit's size. Paged like every list (`items`, `next_cursor`, "
    "`limit`), in the order of names.",
    responses=READ,
)
async def unit_recap(
    unit_id: uuid.UUID, month: MonthQuery, principal: Reader, session: SessionDep, page: PageDep
) -> UnitRecap:
    unit = await session.get(Unit, unit_id)
    if unit is None or not principal.can_access_org(unit.organization_id):
        raise NotFound()
    org = await visible_organization(session, principal, unit.organization_id)
    recap = await service.unit_recap(session, principal, org, unit.id, month, org_today(org))
    return paged(recap, page, order="name")


@router.get(
    "/organizations/{org_id}/activity-reminders",
    response_model=Reminders,
    summary="Who has not reported for N working days",
    description="Active employees (the organization for admins, subordinates for others) "
    "with at least `days` consecutive working days without a report up to yesterday, "
    "counting weekends and holidays from the organization's calendar. Paged like every list "
    "(`items`, `next_cursor`, `limit`).",
    responses=READ,
)
async def activity_reminders(
    org_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    days: Annotated[int, Query(ge=1, le=60, description="Working days without a report")] = 3,
) -> Reminders:
    org = await visible_organization(session, principal, org_id)
    return paged(await service.reminders(session, principal, org, days), page, order="name")
