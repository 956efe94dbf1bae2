"""HTTP: employees, position assignments (definitive, PLT, PLH), transfers, appraisers,
appraiser overrides, the data-quality report, and "my profile" / "my team"."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import select

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.patterns import NIP_PATTERN
from kinerja_api.core.validation import IsoDate
from kinerja_api.organizations import appraisers, quality, service
from kinerja_api.organizations.employees import service as employees
from kinerja_api.organizations.employees.errors import (
    FilterNotAllowed,
    SelfModification,
)
from kinerja_api.organizations.employees.nip_answers import nip_answers
from kinerja_api.organizations.models import (
    AppraiserOverride,
    AssignmentKind,
    Employee,
    EmployeeKind,
    EmployeePosition,
    EmployeeStatus,
    EmployeeTransfer,
    Organization,
    Position,
    TransferRequest,
    TransferRequestStatus,
)
from kinerja_api.organizations.router import OnDate
from kinerja_api.organizations.schemas import (
    AppraisersRead,
    AssignmentCreate,
    AssignmentEnd,
    AssignmentRead,
    AssignmentUpdate,
    DataQualityReport,
    EmployeeCreate,
    EmployeeRead,
    EmployeeUpdate,
    MyProfile,
    OpdQuery,
    OverrideCreate,
    OverrideRead,
    OverrideRevoke,
    OverrideUpdate,
    TeamMember,
    TransferCancel,
    TransferCreate,
    TransferRead,
    TransferRefuse,
    TransferRequestRead,
)
from kinerja_api.organizations.scope import (
    assignment_active_on,
    employee_scope,
    opd_filter,
    opd_member_ids_select,
    subordinate_depths,
    subordinate_ids_select,
)

router = APIRouter(tags=["employees"], route_class=IdempotentRoute)
appraisers_router = APIRouter(tags=["appraisers"], route_class=IdempotentRoute)
me_router = APIRouter(prefix="/me", tags=["me"], route_class=IdempotentRoute)


async def _employee_context(
    session: SessionDep, principal: Principal, employee_id: uuid.UUID
) -> tuple[Employee, Organization]:
    employee = await employees.visible_employee(session, principal, employee_id)
    org = await service.visible_organization(session, principal, employee.organization_id)
    return employee, org


# ---- employees -----------------------------------------------------------------------------


@router.get(
    "/organizations/{org_id}/employees",
    response_model=Page[EmployeeRead],
    summary="List employees (directory for staff, full records for admins)",
    description="Everyone in the organization sees the directory (name, current position, "
    "unit); full records are returned for oneself, one's subordinates (by the position "
    "chain, including acting assignments) and, for admins, everyone — see `visibility`. "
    "Filters: status, unit or position of the current position, part of the name, exact NIP "
    "(admins only). Sort by `name` (default) or `created_at`.",
    responses=problems(*AUTHED, 404),
)
async def list_employees(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    page: PageDep,
    status_: Annotated[EmployeeStatus | None, Query(alias="status")] = None,
    unit_id: Annotated[
        uuid.UUID | None, Query(description="Current position is in this unit")
    ] = None,
    position_id: Annotated[
        uuid.UUID | None, Query(description="Currently holds this position")
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of name")
    ] = None,
    nip: Annotated[str | None, Query(min_length=18, max_length=18, pattern=NIP_PATTERN)] = None,
    on: OnDate = None,
    opd_id: Annotated[
        uuid.UUID | None, Query(description="Belongs to this OPD (a top-level unit)")
    ] = None,
    kind: Annotated[EmployeeKind | None, Query(description="`asn` or `regional_head`")] = None,
) -> Page[EmployeeRead]:
    org = await service.visible_organization(session, principal, org_id)
    day = on or service.org_today(org)
    scope = await employee_scope(session, principal, org_id, day)
    stmt = employees.employees_in(org_id)
    if nip is not None:
        if not (scope.organization_wide or scope.opd_id):
            raise FilterNotAllowed()
        stmt = stmt.where(Employee.nip == nip)
        if scope.opd_id is not None:  # an OPD admin looks NIPs up in their OPD only
            stmt = stmt.where(Employee.opd_id == scope.opd_id)
    if opd_id is not None:
        stmt = stmt.where(Employee.opd_id == opd_id)
    if kind is not None:
        stmt = stmt.where(Employee.kind == kind)
    if status_ is not None:
        stmt = stmt.where(Employee.status == status_)
    if unit_id is not None or position_id is not None:
        holding = (
            select(EmployeePosition.employee_id)
            .join(Position, Position.id == EmployeePosition.position_id)
            .where(assignment_active_on(day))
        )
        if unit_id is not None:
            holding = holding.where(Position.unit_id == unit_id)
        if position_id is not None:
            holding = holding.where(EmployeePosition.position_id == position_id)
        stmt = stmt.where(Employee.id.in_(holding))
    if q:
        stmt = stmt.where(Employee.name.ilike(f"%{q}%"))
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"name": Employee.name, "created_at": Employee.created_at},
        default_sort="name",
        id_column=Employee.id,
    )
    items = await employees.employee_views(session, rows, day, scope)
    return Page[EmployeeRead](items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/organizations/{org_id}/employees",
    response_model=EmployeeRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register an employee",
    description="The NIP is validated (birth date, appointment month, sex digit, sequence) and "
    "must be unique; each problem is reported as a field error on `nip`. A NIP registered "
    "anywhere answers 409 `employee_nip_taken` without saying where; answers about NIPs held "
    "outside the caller's reach are audited and limited per account (429 "
    "`nip_answers_limited`). Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_employee(
    org_id: uuid.UUID,
    body: EmployeeCreate,
    request: Request,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_WRITE)],
    session: SessionDep,
) -> EmployeeRead:
    org = await service.visible_organization(session, principal, org_id)
    today = service.org_today(org)
    employee = await employees.create_employee(
        session, principal, org, body, today, nip_answers(request, principal)
    )
    created(response, f"/api/v1/employees/{employee.id}", employee.version)
    return (await employees.employee_views(session, [employee], today))[0]


@router.get(
    "/employees/{employee_id}",
    response_model=EmployeeRead,
    summary="Read an employee",
    description="Full record for oneself, one's subordinates and admins; directory fields "
    "(name, position, unit) for other colleagues.",
    responses=problems(*AUTHED, 404),
)
async def read_employee(
    employee_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    on: OnDate = None,
) -> EmployeeRead:
    employee, org = await _employee_context(session, principal, employee_id)
    day = on or service.org_today(org)
    scope = await employee_scope(session, principal, org.id, day)
    view = (await employees.employee_views(session, [employee], day, scope))[0]
    if view.visibility == "full":
        set_etag(response, employee.version)
    return view


@router.patch(
    "/employees/{employee_id}",
    response_model=EmployeeRead,
    summary="Update an employee",
    description="Employees are never deleted: set `status` to `retired` or `transferred` "
    "after ending their assignments. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_employee(
    employee_id: uuid.UUID,
    body: EmployeeUpdate,
    request: Request,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_WRITE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> EmployeeRead:
    employee, org = await _employee_context(session, principal, employee_id)
    await employees.require_manages(session, principal, employee)
    check_if_match(if_match, employee.version)
    today = service.org_today(org)
    employee = await employees.update_employee(
        session, principal, org, employee, body, today, nip_answers(request, principal)
    )
    set_etag(response, employee.version)
    return (await employees.employee_views(session, [employee], today))[0]


# ---- assignments ---------------------------------------------------------------------------


@router.get(
    "/employees/{employee_id}/assignments",
    response_model=Page[AssignmentRead],
    summary="Position history of an employee",
    description="Definitive positions and acting assignments (PLT/PLH), newest first by "
    "default. Assignments held in another organization before a transfer stay with that "
    "organization. Sort by `start_date`.",
    responses=problems(*AUTHED, 404),
)
async def list_employee_assignments(
    employee_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    page: PageDep,
    kind: AssignmentKind | None = None,
) -> Page[AssignmentRead]:
    employee, org = await _employee_context(session, principal, employee_id)
    scope = await employee_scope(session, principal, org.id, service.org_today(org))
    employees.require_full_view(scope, employee.id)
    stmt = employees.assignments_of(employee.id)
    if not principal.is_platform_admin:
        stmt = stmt.where(EmployeePosition.organization_id == principal.organization_id)
    if kind is not None:
        stmt = stmt.where(EmployeePosition.kind == kind)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"start_date": EmployeePosition.start_date},
        default_sort="-start_date",
        id_column=EmployeePosition.id,
    )
    items = await employees.assignment_views(session, rows)
    return Page[AssignmentRead](items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/employees/{employee_id}/assignments",
    response_model=AssignmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Assign a position (definitive, PLT or PLH)",
    description="Dates are inclusive; PLT/PLH need an end date. Refused with 409 when the "
    "employee already has a definitive position in the period, a structural position "
    "already has a definitive holder, or the position already has a PLT/PLH. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_assignment(
    employee_id: uuid.UUID,
    body: AssignmentCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_WRITE)],
    session: SessionDep,
) -> AssignmentRead:
    employee = await employees.visible_employee(session, principal, employee_id)
    await employees.require_manages(session, principal, employee)
    row = await employees.create_assignment(session, principal, employee, body)
    created(response, f"/api/v1/assignments/{row.id}", row.version)
    return (await employees.assignment_views(session, [row]))[0]


@router.get(
    "/organizations/{org_id}/assignments",
    response_model=Page[AssignmentRead],
    summary="List assignments of an organization (admins)",
    description="E.g. every acting official on a date: `kind=plt&on=2026-11-25`. Sort by "
    "`start_date` (default newest first) or `end_date`.",
    responses=problems(*AUTHED, 404),
)
async def list_assignments(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ_ALL)],
    session: SessionDep,
    page: PageDep,
    kind: AssignmentKind | None = None,
    position_id: uuid.UUID | None = None,
    employee_id: uuid.UUID | None = None,
    on: Annotated[
        IsoDate | None, Query(description="Only assignments that apply on this date")
    ] = None,
) -> Page[AssignmentRead]:
    await service.visible_organization(session, principal, org_id)
    stmt = select(EmployeePosition).where(EmployeePosition.organization_id == org_id)
    if principal.is_opd_admin and principal.opd_id is not None:  # their OPD's people only
        stmt = stmt.where(EmployeePosition.employee_id.in_(opd_member_ids_select(principal.opd_id)))
    if kind is not None:
        stmt = stmt.where(EmployeePosition.kind == kind)
    if position_id is not None:
        stmt = stmt.where(EmployeePosition.position_id == position_id)
    if employee_id is not None:
        stmt = stmt.where(EmployeePosition.employee_id == employee_id)
    if on is not None:
        stmt = stmt.where(assignment_active_on(on))
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"start_date": EmployeePosition.start_date, "end_date": EmployeePosition.end_date},
        default_sort="-start_date",
        id_column=EmployeePosition.id,
    )
    items = await employees.assignment_views(session, rows)
    return Page[AssignmentRead](items=items, next_cursor=cursor, limit=page.limit)


async def _assignment_in_scope(
    session: SessionDep, principal: Principal, assignment_id: uuid.UUID
) -> EmployeePosition:
    row = await employees.visible_assignment(session, principal, assignment_id)
    org = await service.visible_organization(session, principal, row.organization_id)
    scope = await employee_scope(session, principal, org.id, service.org_today(org))
    employees.require_full_view(scope, row.employee_id)
    return row


@router.get(
    "/assignments/{assignment_id}",
    response_model=AssignmentRead,
    summary="Read an assignment",
    responses=problems(*AUTHED, 404),
)
async def read_assignment(
    assignment_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
) -> AssignmentRead:
    row = await _assignment_in_scope(session, principal, assignment_id)
    set_etag(response, row.version)
    return (await employees.assignment_views(session, [row]))[0]


@router.patch(
    "/assignments/{assignment_id}",
    response_model=AssignmentRead,
    summary="Extend or shorten an assignment",
    description="Changes the planned end date (e.g. extend a PLT) or the decree number of an "
    "assignment that has not been ended. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_assignment(
    assignment_id: uuid.UUID,
    body: AssignmentUpdate,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_WRITE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> AssignmentRead:
    row = await employees.visible_assignment(session, principal, assignment_id)
    await employees.require_manages(session, principal, row.employee_id)
    check_if_match(if_match, row.version)
    row = await employees.update_assignment(session, row, body)
    set_etag(response, row.version)
    return (await employees.assignment_views(session, [row]))[0]


@router.post(
    "/assignments/{assignment_id}/end",
    response_model=AssignmentRead,
    summary="End an assignment",
    description="Sets the last day (inclusive) and marks the assignment as formally ended; "
    "the row stays as history. The reason goes to the audit log. Send `If-Match` with the "
    "ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def end_assignment(
    assignment_id: uuid.UUID,
    body: AssignmentEnd,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_WRITE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> AssignmentRead:
    row = await employees.visible_assignment(session, principal, assignment_id)
    await employees.require_manages(session, principal, row.employee_id)
    check_if_match(if_match, row.version)
    row = await employees.end_assignment(session, row, body)
    set_etag(response, row.version)
    return (await employees.assignment_views(session, [row]))[0]


# ---- transfers -----------------------------------------------------------------------------


@router.post(
    "/employees/{employee_id}/transfer-requests",
    response_model=TransferRequestRead,
    status_code=status.HTTP_201_CREATED,
    summary="Ask another organization to take an employee in (mutasi)",
    description="Instansi admins of the employee's organization, or platform admins. Nothing "
    "moves yet: the request waits for the receiving organization's instansi admins, who "
    "accept or refuse it; until then the employee, their assignments and their account stay "
    "where they are. One pending request per employee (409 `transfer_pending`); one cannot "
    "transfer oneself. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def request_transfer(
    employee_id: uuid.UUID,
    body: TransferCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_TRANSFER)],
    session: SessionDep,
) -> TransferRequestRead:
    employee, org = await _employee_context(session, principal, employee_id)
    if employee.id == principal.employee_id:
        raise SelfModification()
    request = await employees.request_transfer(session, employee, body, service.org_today(org))
    response.headers["Location"] = f"/api/v1/transfer-requests/{request.id}"
    return (await employees.transfer_request_views(session, principal, [request]))[0]


@router.get(
    "/organizations/{org_id}/transfer-requests",
    response_model=Page[TransferRequestRead],
    summary="Transfer requests into (incoming) or out of (outgoing) an organization",
    description="Instansi admins of the organization, or platform admins. `incoming` "
    "(default): requests to take people in, with only what the decision needs (name, NIP, "
    "sending organization, effective date); `outgoing`: the organization's own requests. "
    "Filter by `status`; newest first (`sort=created_at` for oldest first).",
    responses=problems(*AUTHED, 404),
)
async def list_transfer_requests(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_TRANSFER)],
    session: SessionDep,
    page: PageDep,
    direction: Annotated[
        Literal["incoming", "outgoing"], Query(description="Into or out of the organization")
    ] = "incoming",
    status_: Annotated[TransferRequestStatus | None, Query(alias="status")] = None,
) -> Page[TransferRequestRead]:
    org = await service.visible_organization(session, principal, org_id)
    side = (
        TransferRequest.to_organization_id
        if direction == "incoming"
        else TransferRequest.organization_id
    )
    stmt = select(TransferRequest).where(side == org.id)
    if status_ is not None:
        stmt = stmt.where(TransferRequest.status == status_)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"created_at": TransferRequest.created_at},
        default_sort="-created_at",
        id_column=TransferRequest.id,
    )
    items = await employees.transfer_request_views(session, principal, rows)
    return Page[TransferRequestRead](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/transfer-requests/{request_id}",
    response_model=TransferRequestRead,
    summary="Read a transfer request",
    description="Instansi admins of either organization (each side sees its own view, see "
    "`view`), or platform admins.",
    responses=problems(*AUTHED, 404),
)
async def read_transfer_request(
    request_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_TRANSFER)],
    session: SessionDep,
) -> TransferRequestRead:
    request = await employees.visible_transfer_request(session, principal, request_id)
    set_etag(response, request.version)
    return (await employees.transfer_request_views(session, principal, [request]))[0]


@router.post(
    "/transfer-requests/{request_id}/accept",
    response_model=TransferRequestRead,
    summary="Accept a transfer request: the employee moves in",
    description="Instansi admins of the receiving organization only, on or after the "
    "effective date (409 `transfer_not_yet_effective` before). The move happens now: the "
    "employee's assignments and appraiser overrides end the day before the effective date "
    "and stay as history with the sending organization; the employee joins this "
    "organization in no OPD (a definitive position places them); the move is in "
    "`GET /employees/{id}/transfers`. Accounts never cross organizations: the person's "
    "account stays with the sending organization, deactivated and unlinked; create one here "
    "(`POST /organizations/{id}/users` with `employee_id`).",
    responses=problems(*AUTHED, 404, 409),
)
async def accept_transfer(
    request_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.TRANSFERS_DECIDE)],
    session: SessionDep,
) -> TransferRequestRead:
    request = await employees.visible_transfer_request(session, principal, request_id)
    receiving = await session.get(Organization, request.to_organization_id)
    assert receiving is not None  # foreign key
    today = service.org_today(receiving)
    request = await employees.accept_transfer(session, principal, request, today)
    set_etag(response, request.version)
    return (await employees.transfer_request_views(session, principal, [request]))[0]


@router.post(
    "/transfer-requests/{request_id}/refuse",
    response_model=TransferRequestRead,
    summary="Refuse a transfer request (with a reason)",
    description="Instansi admins of the receiving organization only; the employee stays "
    "where they are and the sender sees the reason.",
    responses=problems(*AUTHED, 404, 409),
)
async def refuse_transfer(
    request_id: uuid.UUID,
    body: TransferRefuse,
    response: Response,
    principal: Annotated[Principal, require(Perm.TRANSFERS_DECIDE)],
    session: SessionDep,
) -> TransferRequestRead:
    request = await employees.visible_transfer_request(session, principal, request_id)
    request = await employees.refuse_transfer(session, principal, request, body.reason)
    set_etag(response, request.version)
    return (await employees.transfer_request_views(session, principal, [request]))[0]


@router.post(
    "/transfer-requests/{request_id}/cancel",
    response_model=TransferRequestRead,
    summary="Cancel a pending transfer request",
    description="Instansi admins of the sending organization, or platform admins, while the "
    "request is pending.",
    responses=problems(*AUTHED, 404, 409),
)
async def cancel_transfer(
    request_id: uuid.UUID,
    body: TransferCancel,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_TRANSFER)],
    session: SessionDep,
) -> TransferRequestRead:
    request = await employees.visible_transfer_request(session, principal, request_id)
    request = await employees.cancel_transfer(session, principal, request, body.reason)
    set_etag(response, request.version)
    return (await employees.transfer_request_views(session, principal, [request]))[0]


@router.get(
    "/employees/{employee_id}/transfers",
    response_model=Page[TransferRead],
    summary="Transfer history of an employee",
    description="Sort by `effective_date` (default newest first).",
    responses=problems(*AUTHED, 404),
)
async def list_transfers(
    employee_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    page: PageDep,
) -> Page[TransferRead]:
    employee, org = await _employee_context(session, principal, employee_id)
    scope = await employee_scope(session, principal, org.id, service.org_today(org))
    employees.require_full_view(scope, employee.id)
    return await paginate(
        session,
        select(EmployeeTransfer).where(EmployeeTransfer.employee_id == employee.id),
        page,
        sorts={"effective_date": EmployeeTransfer.effective_date},
        default_sort="-effective_date",
        id_column=EmployeeTransfer.id,
        into=TransferRead,
    )


# ---- appraisers and overrides --------------------------------------------------------------


@appraisers_router.get(
    "/employees/{employee_id}/appraisers",
    response_model=AppraisersRead,
    summary="Appraiser and appraiser's superior of an employee",
    description="Pejabat penilai = holder of the superior position on the date (the PLT/PLH "
    "when one is active; the next level up when the position is vacant); atasan pejabat "
    "penilai likewise above them. An admin override wins. Visible to the employee, their "
    "supervisors and admins.",
    responses=problems(*AUTHED, 404),
)
async def read_appraisers(
    employee_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    on: OnDate = None,
) -> AppraisersRead:
    employee, org = await _employee_context(session, principal, employee_id)
    day = on or service.org_today(org)
    scope = await employee_scope(session, principal, org.id, day)
    employees.require_full_view(scope, employee.id)
    view, _ = await appraisers.appraisers_view(session, employee, day)
    return view


@appraisers_router.get(
    "/employees/{employee_id}/appraiser-overrides",
    response_model=Page[OverrideRead],
    summary="Appraiser overrides of an employee (history)",
    description="Including ended and revoked ones. Sort by `valid_from` (default newest first).",
    responses=problems(*AUTHED, 404),
)
async def list_overrides(
    employee_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    page: PageDep,
) -> Page[OverrideRead]:
    employee, org = await _employee_context(session, principal, employee_id)
    scope = await employee_scope(session, principal, org.id, service.org_today(org))
    employees.require_full_view(scope, employee.id)
    stmt = appraisers.overrides_of(employee.id)
    if not principal.is_platform_admin:
        stmt = stmt.where(AppraiserOverride.organization_id == principal.organization_id)
    return await paginate(
        session,
        stmt,
        page,
        sorts={"valid_from": AppraiserOverride.valid_from},
        default_sort="-valid_from",
        id_column=AppraiserOverride.id,
        into=OverrideRead,
    )


@appraisers_router.post(
    "/employees/{employee_id}/appraiser-overrides",
    response_model=OverrideRead,
    status_code=status.HTTP_201_CREATED,
    summary="Correct an employee's appraiser (admin)",
    description="Sets the appraiser and/or the appraiser's superior for a date range "
    "(inclusive), with a reason kept in the audit log. Overrides of one employee may not "
    "overlap (409). Neither may name the employee (422 `override_self`) nor anyone below "
    "them in the position chain on `valid_from` — a direct or indirect subordinate, acting "
    "officials and overrides included (422 `override_subordinate`): the chain would run in "
    "a circle. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_override(
    employee_id: uuid.UUID,
    body: OverrideCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.APPRAISERS_MANAGE)],
    session: SessionDep,
) -> OverrideRead:
    employee = await employees.visible_employee(session, principal, employee_id)
    await employees.require_manages(session, principal, employee)
    row = await appraisers.create_override(session, employee, body)
    created(response, f"/api/v1/appraiser-overrides/{row.id}", row.version)
    return OverrideRead.model_validate(row)


@appraisers_router.get(
    "/appraiser-overrides/{override_id}",
    response_model=OverrideRead,
    summary="Read an appraiser override",
    responses=problems(*AUTHED, 404),
)
async def read_override(
    override_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
) -> OverrideRead:
    row = await appraisers.visible_override(session, principal, override_id)
    org = await service.visible_organization(session, principal, row.organization_id)
    scope = await employee_scope(session, principal, org.id, service.org_today(org))
    employees.require_full_view(scope, row.employee_id)
    set_etag(response, row.version)
    return OverrideRead.model_validate(row)


@appraisers_router.patch(
    "/appraiser-overrides/{override_id}",
    response_model=OverrideRead,
    summary="End early or extend an appraiser override (admin)",
    description="Changes `valid_to`; the reason is kept in the audit log. Send `If-Match` "
    "with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_override(
    override_id: uuid.UUID,
    body: OverrideUpdate,
    response: Response,
    principal: Annotated[Principal, require(Perm.APPRAISERS_MANAGE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> OverrideRead:
    row = await appraisers.visible_override(session, principal, override_id)
    await employees.require_manages(session, principal, row.employee_id)
    check_if_match(if_match, row.version)
    row = await appraisers.update_override(session, row, body)
    set_etag(response, row.version)
    return OverrideRead.model_validate(row)


@appraisers_router.post(
    "/appraiser-overrides/{override_id}/revoke",
    response_model=OverrideRead,
    summary="Revoke an appraiser override (admin)",
    description="For an override that was wrong: it no longer applies on any date but stays "
    "in the history with the reason. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def revoke_override(
    override_id: uuid.UUID,
    body: OverrideRevoke,
    response: Response,
    principal: Annotated[Principal, require(Perm.APPRAISERS_MANAGE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> OverrideRead:
    row = await appraisers.visible_override(session, principal, override_id)
    await employees.require_manages(session, principal, row.employee_id)
    check_if_match(if_match, row.version)
    row = await appraisers.revoke_override(session, row, body)
    set_etag(response, row.version)
    return OverrideRead.model_validate(row)


# ---- data quality --------------------------------------------------------------------------


@router.get(
    "/organizations/{org_id}/data-quality",
    response_model=DataQualityReport,
    tags=["organizations"],
    summary="Data-quality report (admins)",
    description="What would block performance work: active employees without a definitive "
    "position, positions without a superior (except the top unit's head), units without a "
    "head position, PLT/PLH that expired but were never ended or that ended recently, and "
    "active employees without an account. Each section has a count and its first `limit` "
    "items.",
    responses=problems(*AUTHED, 404),
)
async def data_quality(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.DATA_QUALITY_READ)],
    session: SessionDep,
    on: OnDate = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Items per section")] = 20,
    recent_days: Annotated[
        int, Query(ge=1, le=366, description="Window for recently ended PLT/PLH")
    ] = 30,
    opd_id: OpdQuery = None,
) -> DataQualityReport:
    org = await service.visible_organization(session, principal, org_id)
    day = on or service.org_today(org)
    opd = opd_filter(principal, opd_id)
    return await quality.data_quality(
        session, org, day, limit=limit, recent_days=recent_days, opd_id=opd
    )


# ---- me ------------------------------------------------------------------------------------


async def _me(session: SessionDep, principal: Principal) -> tuple[Employee, Organization]:
    employee = await employees.linked_employee(session, principal)
    org = await service.visible_organization(session, principal, employee.organization_id)
    return employee, org


@me_router.get(
    "/profile",
    response_model=MyProfile,
    summary="My profile",
    description="The signed-in person's employee record, current position and unit, acting "
    "assignments, appraiser and appraiser's superior. 404 `employee_not_linked` when the "
    "account has no employee record.",
    responses=problems(*AUTHED, 404),
)
async def my_profile(
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    on: OnDate = None,
) -> MyProfile:
    employee, org = await _me(session, principal)
    return await appraisers.profile(session, employee, on or service.org_today(org))


@me_router.get(
    "/team",
    response_model=Page[TeamMember],
    summary="My team",
    description="Direct and indirect subordinates on the date by the position chain, "
    "including positions held as PLT/PLH and employees one appraises by an admin override, "
    "with their current positions. Sort by `name` (default).",
    responses=problems(*AUTHED, 404),
)
async def my_team(
    principal: Annotated[Principal, require(Perm.EMPLOYEES_READ)],
    session: SessionDep,
    page: PageDep,
    on: OnDate = None,
    direct_only: Annotated[bool, Query(description="Only direct subordinates")] = False,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of name")
    ] = None,
) -> Page[TeamMember]:
    employee, org = await _me(session, principal)
    day = on or service.org_today(org)
    stmt = employees.employees_in(org.id).where(
        Employee.id.in_(subordinate_ids_select(employee.id, day, direct_only=direct_only))
    )
    if q:
        stmt = stmt.where(Employee.name.ilike(f"%{q}%"))
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"name": Employee.name},
        default_sort="name",
        id_column=Employee.id,
    )
    depths = await subordinate_depths(session, employee.id, day, [e.id for e in rows])
    views = await employees.employee_views(session, rows, day)
    items = [
        TeamMember(**v.model_dump(), depth=depths[v.id], direct=depths[v.id] == 1) for v in views
    ]
    return Page[TeamMember](items=items, next_cursor=cursor, limit=page.limit)


__all__ = ["appraisers_router", "me_router", "router"]
