"""Employees, their position assignments (definitive, PLT, PLH) and transfers.

Visibility: tenant isolation first (another organization's employee is 404), then the
:class:`~kinerja_api.organizations.scope.EmployeeScope` decides between the full record and
the public directory fields (name, position, unit).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import User
from kinerja_api.auth.permissions import Principal
from kinerja_api.auth.service import revoke_sessions
from kinerja_api.core.audit import set_reason
from kinerja_api.core.db import lock_keys, utcnow
from kinerja_api.core.errors import (
    Conflict,
    FieldError,
    NotFound,
    UnprocessableEntity,
    invalid_field,
)
from kinerja_api.core.i18n import t
from kinerja_api.organizations.employees.errors import (
    AssignmentEnded,
    EmployeeHasAssignments,
    EmployeeHasFutureAssignments,
    EmployeeNipTaken,
    EmployeeNotInScope,
    EmployeeNotLinked,
    EmployeeNotServing,
    TransferNotPending,
    TransferNotReceiver,
    TransferNotSender,
    TransferNotYetEffective,
    TransferPending,
    TransferRequestNotFound,
    TransferStale,
)
from kinerja_api.organizations.employees.nip_answers import UNLIMITED, NipAnswers, Source
from kinerja_api.organizations.errors import OutsideOpd, PositionInOtherOpd
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
    PositionKind,
    TransferRequest,
    TransferRequestStatus,
    Unit,
)
from kinerja_api.organizations.rules import (
    GOLONGAN_INVALID,
    PANGKAT,
    Span,
    assignment_conflict,
    nip_problems,
    normalize_golongan,
    normalize_nip,
    parse_nip,
)
from kinerja_api.organizations.schemas import (
    AssignmentCreate,
    AssignmentEnd,
    AssignmentRead,
    AssignmentUpdate,
    EmployeeCreate,
    EmployeeRead,
    EmployeeRef,
    EmployeeUpdate,
    OrganizationRef,
    PositionBrief,
    TransferCreate,
    TransferRequestRead,
    UnitBrief,
)
from kinerja_api.organizations.scope import (
    EmployeeScope,
    assignment_active_on,
    opd_of_unit,
    require_opd_reach,
)
from kinerja_api.organizations.service import field_problem, valid_opd

#: Statuses in which an employee can hold positions.
SERVING = (EmployeeStatus.ACTIVE, EmployeeStatus.LEAVE)

# ---- visibility ----------------------------------------------------------------------------


async def visible_employee(
    session: AsyncSession, principal: Principal, employee_id: uuid.UUID
) -> Employee:
    """The employee if in an organization the principal may access, else 404."""
    employee = await session.get(Employee, employee_id)
    if employee is None or not principal.can_access_org(employee.organization_id):
        raise NotFound()
    return employee


def require_full_view(scope: EmployeeScope, employee_id: uuid.UUID) -> None:
    """403 unless the principal sees this employee's full record (own, subordinate, admin)."""
    if not scope.includes(employee_id):
        raise EmployeeNotInScope()


NO_EMPLOYEE = {
    "id": "Akun Anda belum ditautkan ke data pegawai. Hubungi admin kepegawaian.",
    "en": "Your account is not linked to an employee record. Contact your HR admin.",
}


async def linked_employee(session: AsyncSession, principal: Principal) -> Employee:
    """The employee record of the signed-in account (404 ``employee_not_linked`` if none)."""
    employee = await session.get(Employee, principal.employee_id) if principal.employee_id else None
    if employee is None or employee.organization_id != principal.organization_id:
        raise EmployeeNotLinked(NO_EMPLOYEE)
    return employee


def employees_in(org_id: uuid.UUID) -> Select[Any]:
    return select(Employee).where(Employee.organization_id == org_id)


async def current_positions(
    session: AsyncSession, employee_ids: Sequence[uuid.UUID], on: date
) -> dict[uuid.UUID, tuple[Position, Unit]]:
    """Each employee's position on ``on`` (definitive first, else the earliest acting one)
    with its unit, in one query."""
    if not employee_ids:
        return {}
    rows = await session.execute(
        select(EmployeePosition.employee_id, EmployeePosition.kind, Position, Unit)
        .join(Position, Position.id == EmployeePosition.position_id)
        .join(Unit, Unit.id == Position.unit_id)
        .where(
            EmployeePosition.employee_id.in_(list(employee_ids)),
            assignment_active_on(on),
            # Only positions of the employee's current organization (never another
            # tenant's, e.g. history from before a transfer).
            Position.organization_id == Employee.organization_id,
        )
        .join(Employee, Employee.id == EmployeePosition.employee_id)
        .order_by(EmployeePosition.start_date, EmployeePosition.id)
    )
    found: dict[uuid.UUID, tuple[Position, Unit]] = {}
    definitive: set[uuid.UUID] = set()
    for employee_id, kind, position, unit in rows:
        if employee_id in definitive:
            continue
        if kind is AssignmentKind.DEFINITIVE:
            found[employee_id] = (position, unit)
            definitive.add(employee_id)
        else:
            found.setdefault(employee_id, (position, unit))
    return found


async def employee_views(
    session: AsyncSession,
    employees: Sequence[Employee],
    on: date,
    scope: EmployeeScope | None = None,
) -> list[EmployeeRead]:
    """Shape employees for the caller: full records where ``scope`` allows (all when
    ``scope`` is None), directory fields otherwise. Two queries for any number of rows."""
    ids = [e.id for e in employees]
    positions = await current_positions(session, ids, on)
    full_ids = [e.id for e in employees if scope is None or scope.includes(e.id)]
    accounts: dict[uuid.UUID, uuid.UUID] = {}
    if full_ids:
        rows = await session.execute(
            select(User.employee_id, User.id).where(User.employee_id.in_(full_ids))
        )
        accounts = {eid: uid for eid, uid in rows if eid is not None}
    full = set(full_ids)
    out: list[EmployeeRead] = []
    for e in employees:
        held = positions.get(e.id)
        base: dict[str, Any] = {
            "id": e.id,
            "organization_id": e.organization_id,
            "opd_id": e.opd_id,
            "kind": e.kind,
            "name": e.name,
            "position": PositionBrief.model_validate(held[0]) if held else None,
            "unit": UnitBrief.model_validate(held[1]) if held else None,
        }
        if e.id not in full:
            out.append(EmployeeRead(visibility="directory", **base))
            continue
        info = parse_nip(e.nip) if e.nip else None
        out.append(
            EmployeeRead(
                visibility="full",
                nip=e.nip,
                golongan=e.golongan,
                pangkat=PANGKAT.get(e.golongan) if e.golongan else None,
                email=e.email,
                phone=e.phone,
                status=e.status,
                birth_date=info.birth_date if info else None,
                sex=info.sex if info else None,
                account_id=accounts.get(e.id),
                created_at=e.created_at,
                version=e.version,
                **base,
            )
        )
    return out


# ---- create / update -----------------------------------------------------------------------


def _valid_nip(raw: str, today: date) -> str:
    nip = normalize_nip(raw)
    problems = nip_problems(nip, today)
    if problems:
        raise UnprocessableEntity(
            errors=[
                FieldError(location="body", field="nip", message=t(p.message), type=p.type)
                for p in problems
            ]
        )
    return nip


def _valid_golongan(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    golongan = normalize_golongan(raw)
    if golongan is None:
        raise field_problem(GOLONGAN_INVALID)
    return golongan


async def _ensure_nip_free(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    nip: str,
    answers: NipAnswers,
    source: Source,
    exclude: uuid.UUID | None = None,
) -> None:
    """409 ``employee_nip_taken`` (never saying where); a NIP held outside what the caller
    reads is counted and audited first (see ``nip_answers``)."""
    stmt = select(Employee.organization_id, Employee.opd_id).where(Employee.nip == nip)
    if exclude is not None:
        stmt = stmt.where(Employee.id != exclude)
    holder = (await session.execute(stmt.limit(1))).first()
    if holder is None:
        return
    if holder.organization_id != org.id or not principal.reaches_opd(holder.opd_id):
        await answers.taken_elsewhere(session, org.id, nip, source)
    raise EmployeeNipTaken(nip=nip)


def _kind_and_nip(kind: EmployeeKind, raw: str | None, today: date) -> str | None:
    """An ASN has a valid NIP; a regional head (not an ASN) has none."""
    if kind is EmployeeKind.REGIONAL_HEAD:
        if raw is not None:
            raise invalid_field(
                "nip",
                "regional_head_has_no_nip",
                "Kepala daerah bukan ASN dan tidak memiliki NIP; kosongkan nip.",
                "A regional head is not an ASN and has no NIP; leave nip out.",
            )
        return None
    if raw is None:
        raise invalid_field(
            "nip",
            "nip_required",
            "NIP wajib untuk ASN (18 digit).",
            "An ASN needs a NIP (18 digits).",
        )
    return _valid_nip(raw, today)


async def create_employee(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    data: EmployeeCreate,
    today: date,
    answers: NipAnswers = UNLIMITED,
) -> Employee:
    nip = _kind_and_nip(data.kind, data.nip, today)
    golongan = _valid_golongan(data.golongan)
    opd_id = data.opd_id if data.opd_id is not None else principal.opd_id
    if opd_id is not None:
        opd_id = await valid_opd(session, org.id, opd_id)
    require_opd_reach(principal, opd_id)
    if nip is not None:
        await _ensure_nip_free(session, principal, org, nip, answers, "create")
    employee = Employee(
        organization_id=org.id,
        opd_id=opd_id,
        kind=data.kind,
        nip=nip,
        name=data.name.strip(),
        golongan=golongan,
        email=data.email.lower() if data.email else None,
        phone=data.phone,
        status=data.status,
    )
    session.add(employee)
    await session.flush()
    return employee


async def require_manages(
    session: AsyncSession, principal: Principal, employee: Employee | uuid.UUID
) -> None:
    """403 ``outside_opd`` when an OPD admin acts on an employee of another OPD."""
    if not principal.is_opd_admin:
        return
    if isinstance(employee, uuid.UUID):
        opd = await session.scalar(select(Employee.opd_id).where(Employee.id == employee))
    else:
        opd = employee.opd_id
    require_opd_reach(principal, opd)


async def update_employee(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    employee: Employee,
    data: EmployeeUpdate,
    today: date,
    answers: NipAnswers = UNLIMITED,
) -> Employee:
    changes = data.model_dump(exclude_unset=True)
    for key in ("nip", "name", "status", "opd_id"):
        if key in changes and changes[key] is None:
            del changes[key]
    if "opd_id" in changes and changes["opd_id"] != employee.opd_id:
        if principal.is_opd_admin:
            raise OutsideOpd()
        changes["opd_id"] = await valid_opd(session, org.id, changes["opd_id"])
    if changes.get("nip") is not None:
        changes["nip"] = _kind_and_nip(employee.kind, changes["nip"], today)
        if changes["nip"] != employee.nip:
            await _ensure_nip_free(
                session, principal, org, changes["nip"], answers, "update", exclude=employee.id
            )
    if "golongan" in changes:
        changes["golongan"] = _valid_golongan(changes["golongan"])
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    if changes.get("email"):
        changes["email"] = changes["email"].lower()
    status = changes.get("status")
    if status is not None and status not in SERVING and employee.status in SERVING:
        still = await session.scalar(
            select(EmployeePosition.id)
            .where(
                EmployeePosition.employee_id == employee.id,
                or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= today),
            )
            .limit(1)
        )
        if still is not None:
            raise EmployeeHasAssignments()
    for key, value in changes.items():
        setattr(employee, key, value)
    await session.flush()
    return employee


# ---- assignments ---------------------------------------------------------------------------


async def visible_assignment(
    session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> EmployeePosition:
    row = await session.get(EmployeePosition, assignment_id)
    if row is None or not principal.can_access_org(row.organization_id):
        raise NotFound()
    return row


async def assignment_views(
    session: AsyncSession, rows: Sequence[EmployeePosition]
) -> list[AssignmentRead]:
    """Assignments with their employee's name and position (two queries for any count)."""
    if not rows:
        return []
    employees = {
        e.id: e
        for e in await session.scalars(
            select(Employee).where(Employee.id.in_({r.employee_id for r in rows}))
        )
    }
    positions = {
        p.id: p
        for p in await session.scalars(
            select(Position).where(Position.id.in_({r.position_id for r in rows}))
        )
    }
    return [
        AssignmentRead(
            id=r.id,
            organization_id=r.organization_id,
            employee=EmployeeRef.model_validate(employees[r.employee_id]),
            position=PositionBrief.model_validate(positions[r.position_id]),
            kind=r.kind,
            start_date=r.start_date,
            end_date=r.end_date,
            ended_at=r.ended_at,
            decree_number=r.decree_number,
            created_at=r.created_at,
            version=r.version,
        )
        for r in rows
    ]


def _check_dates(kind: AssignmentKind, start: date, end: date | None) -> None:
    if end is None and kind is not AssignmentKind.DEFINITIVE:
        raise invalid_field(
            "end_date",
            "end_date_required",
            "PLT/PLH wajib memiliki tanggal selesai",
            "A PLT/PLH assignment needs an end date",
        )
    if end is not None and end < start:
        raise invalid_field(
            "end_date",
            "end_before_start",
            "Tanggal selesai tidak boleh sebelum tanggal mulai",
            "The end date cannot be before the start date",
        )


async def _check_overlaps(
    session: AsyncSession,
    *,
    employee_id: uuid.UUID,
    position: Position,
    kind: AssignmentKind,
    start: date,
    end: date | None,
    exclude: uuid.UUID | None = None,
) -> None:
    """Refuse (409) an assignment that breaks a rule of :func:`assignment_conflict`."""
    # Concurrent assignments of the employee or to the position are checked one at a time.
    await lock_keys(
        session, f"assignment-employee:{employee_id}", f"assignment-position:{position.id}"
    )
    stmt = (
        select(EmployeePosition, Employee.name, Position.name)
        .join(Employee, Employee.id == EmployeePosition.employee_id)
        .join(Position, Position.id == EmployeePosition.position_id)
        .where(
            or_(
                EmployeePosition.employee_id == employee_id,
                EmployeePosition.position_id == position.id,
            ),
            or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= start),
        )
    )
    if end is not None:
        stmt = stmt.where(EmployeePosition.start_date <= end)
    if exclude is not None:
        stmt = stmt.where(EmployeePosition.id != exclude)
    others = [
        Span(r.employee_id, r.position_id, r.kind, r.start_date, r.end_date, name, position_name)
        for r, name, position_name in await session.execute(stmt)
    ]
    problem = assignment_conflict(
        Span(employee_id, position.id, kind, start, end),
        others,
        structural_position=position.kind is PositionKind.STRUKTURAL,
    )
    if problem is not None:
        raise Conflict(problem.message, code=problem.type)


async def create_assignment(
    session: AsyncSession, principal: Principal, employee: Employee, data: AssignmentCreate
) -> EmployeePosition:
    if employee.status not in SERVING:
        raise EmployeeNotServing(status=employee.status.value)
    position = await session.get(Position, data.position_id)
    if position is None or position.organization_id != employee.organization_id:
        raise invalid_field(
            "position_id",
            "position_not_found",
            "Jabatan tidak ditemukan di organisasi pegawai",
            "Position not found in the employee's organization",
        )
    if not position.is_active:
        raise invalid_field(
            "position_id", "position_inactive", "Jabatan tidak aktif", "The position is inactive"
        )
    _check_dates(data.kind, data.start_date, data.end_date)
    await _place_in_opd(session, principal, employee, position, data.kind)
    await _check_overlaps(
        session,
        employee_id=employee.id,
        position=position,
        kind=data.kind,
        start=data.start_date,
        end=data.end_date,
    )
    row = EmployeePosition(
        organization_id=employee.organization_id,
        employee_id=employee.id,
        position_id=position.id,
        kind=data.kind,
        start_date=data.start_date,
        end_date=data.end_date,
        decree_number=data.decree_number,
    )
    session.add(row)
    await session.flush()
    return row


async def _place_in_opd(
    session: AsyncSession,
    principal: Principal,
    employee: Employee,
    position: Position,
    kind: AssignmentKind,
) -> None:
    """Positions and people meet inside one OPD. An employee not yet placed joins the OPD of
    their first position; a definitive position in another OPD moves the employee there,
    which only an instansi admin may do (an OPD admin gets 409 ``position_in_other_opd``);
    an acting assignment (PLT/PLH) in another OPD keeps the employee's own OPD."""
    opd = await opd_of_unit(session, position.unit_id)
    assert opd is not None  # the position's unit (a foreign key)
    require_opd_reach(principal, opd)
    if employee.opd_id is None or (kind is AssignmentKind.DEFINITIVE and employee.opd_id != opd):
        if principal.is_opd_admin and employee.opd_id is not None:
            raise PositionInOtherOpd()
        employee.opd_id = opd


def _refuse_if_ended(row: EmployeePosition) -> None:
    if row.ended_at is not None:
        raise AssignmentEnded()


async def update_assignment(
    session: AsyncSession, row: EmployeePosition, data: AssignmentUpdate
) -> EmployeePosition:
    changes = data.model_dump(exclude_unset=True)
    if "end_date" in changes and changes["end_date"] != row.end_date:
        _refuse_if_ended(row)
        end = changes["end_date"]
        _check_dates(row.kind, row.start_date, end)
        position = await session.get(Position, row.position_id)
        assert position is not None  # foreign key
        await _check_overlaps(
            session,
            employee_id=row.employee_id,
            position=position,
            kind=row.kind,
            start=row.start_date,
            end=end,
            exclude=row.id,
        )
    for key, value in changes.items():
        setattr(row, key, value)
    await session.flush()
    return row


async def end_assignment(
    session: AsyncSession, row: EmployeePosition, data: AssignmentEnd
) -> EmployeePosition:
    """Formally end an assignment on ``end_date`` (inclusive); never deletes it."""
    _refuse_if_ended(row)
    if data.end_date < row.start_date:
        raise invalid_field(
            "end_date",
            "end_before_start",
            "Tanggal selesai tidak boleh sebelum tanggal mulai",
            "The end date cannot be before the start date",
        )
    if row.end_date is not None and data.end_date > row.end_date:
        raise invalid_field(
            "end_date",
            "end_after_planned_end",
            "Tanggal selesai melewati rencana selesai; perpanjang dulu penugasannya",
            "The end date is after the planned end; extend the assignment first",
        )
    set_reason(session, data.reason)
    row.end_date = data.end_date
    row.ended_at = utcnow()
    await session.flush()
    return row


# ---- transfers -----------------------------------------------------------------------------


async def _transfer_target(
    session: AsyncSession, employee: Employee, target_id: uuid.UUID
) -> Organization:
    target = await session.get(Organization, target_id)
    if target is None or not target.is_active or target.id == employee.organization_id:
        raise invalid_field(
            "organization_id",
            "transfer_target_invalid",
            "Organisasi tujuan tidak ditemukan, tidak aktif, atau sama dengan asal",
            "The target organization does not exist, is inactive, or is the current one",
        )
    return target


def _require_serving(employee: Employee) -> None:
    if employee.status not in SERVING:
        raise EmployeeNotServing(
            {
                "id": "Pegawai berstatus {status} tidak dapat dimutasi.",
                "en": "An employee with status {status} cannot be transferred.",
            },
            status=employee.status.value,
        )


async def _refuse_future_assignments(
    session: AsyncSession, employee: Employee, effective: date
) -> None:
    future = await session.scalar(
        select(EmployeePosition.id)
        .where(
            EmployeePosition.employee_id == employee.id, EmployeePosition.start_date >= effective
        )
        .limit(1)
    )
    if future is not None:
        raise EmployeeHasFutureAssignments()


async def request_transfer(
    session: AsyncSession, employee: Employee, data: TransferCreate, today: date
) -> TransferRequest:
    """Ask ``data.organization_id`` to take the employee in; nothing moves until its admins
    accept (:func:`accept_transfer`). One pending request per employee."""
    await lock_keys(session, f"transfer-request:{employee.id}")
    await _transfer_target(session, employee, data.organization_id)
    _require_serving(employee)
    effective = data.effective_date or today
    await _refuse_future_assignments(session, employee, effective)
    pending = await session.scalar(
        select(TransferRequest.id).where(
            TransferRequest.employee_id == employee.id,
            TransferRequest.status == TransferRequestStatus.PENDING,
        )
    )
    if pending is not None:
        raise TransferPending()
    set_reason(session, data.reason)
    request = TransferRequest(
        organization_id=employee.organization_id,
        to_organization_id=data.organization_id,
        employee_id=employee.id,
        effective_date=effective,
        reason=data.reason,
    )
    session.add(request)
    await session.flush()
    return request


async def visible_transfer_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> TransferRequest:
    """A request of which the caller's organization is one side (any for the platform
    admin); 404 otherwise, like everything of other organizations."""
    request = await session.get(TransferRequest, request_id)
    if request is None or not (
        principal.is_platform_admin
        or principal.organization_id in (request.organization_id, request.to_organization_id)
    ):
        raise TransferRequestNotFound()
    return request


def _require_pending(request: TransferRequest) -> None:
    if request.status is not TransferRequestStatus.PENDING:
        raise TransferNotPending(status=request.status.value)


async def accept_transfer(
    session: AsyncSession, principal: Principal, request: TransferRequest, today: date
) -> TransferRequest:
    """The receiving instansi takes the employee in: the move happens now.

    The employee's assignments and appraiser overrides (as appraisee, appraiser or
    appraiser's superior) end the day before the effective date (overrides not yet started
    are revoked) and stay as history in the sending organization; the employee belongs to
    the receiving organization, in no OPD until placed there; the move is recorded in
    ``employee_transfers``. **Accounts never cross organizations**: the employee's account
    stays in the sending organization, deactivated, unlinked from the employee (so the
    receiving admins can give the person an account of their own) and signed out everywhere.
    """
    if principal.organization_id != request.to_organization_id:
        raise TransferNotReceiver()
    await lock_keys(session, f"transfer-request:{request.employee_id}")
    await session.refresh(request)
    _require_pending(request)
    if request.effective_date > today:
        raise TransferNotYetEffective(date=request.effective_date.isoformat())
    employee = await session.get(Employee, request.employee_id)
    assert employee is not None  # foreign key
    if employee.organization_id != request.organization_id or employee.status not in SERVING:
        raise TransferStale()
    target = await session.get(Organization, request.to_organization_id)
    if target is None or not target.is_active:
        raise TransferStale()
    await _refuse_future_assignments(session, employee, request.effective_date)
    set_reason(session, request.reason)
    transfer = await _move(
        session, employee, request.to_organization_id, request.effective_date, request.reason
    )
    request.status = TransferRequestStatus.ACCEPTED
    request.decided_at = utcnow()
    request.transfer_id = transfer.id
    await session.flush()
    return request


async def refuse_transfer(
    session: AsyncSession, principal: Principal, request: TransferRequest, reason: str
) -> TransferRequest:
    """The receiving instansi declines; the employee stays where they are."""
    if principal.organization_id != request.to_organization_id:
        raise TransferNotReceiver()
    _require_pending(request)
    set_reason(session, reason)
    request.status = TransferRequestStatus.REFUSED
    request.decided_at = utcnow()
    request.decision_reason = reason
    await session.flush()
    return request


async def cancel_transfer(
    session: AsyncSession, principal: Principal, request: TransferRequest, reason: str | None
) -> TransferRequest:
    """The sending instansi (or the platform admin) withdraws a pending request."""
    if not (principal.is_platform_admin or principal.organization_id == request.organization_id):
        raise TransferNotSender()
    _require_pending(request)
    set_reason(session, reason)
    request.status = TransferRequestStatus.CANCELLED
    request.decided_at = utcnow()
    request.decision_reason = reason
    await session.flush()
    return request


async def transfer_request_views(
    session: AsyncSession, principal: Principal, rows: Sequence[TransferRequest]
) -> list[TransferRequestRead]:
    """Each request as the caller's side sees it (see :class:`TransferRequestRead`)."""
    people = {r.employee_id for r in rows}
    orgs = {r.organization_id for r in rows} | {r.to_organization_id for r in rows}
    employees = (
        {e.id: e for e in await session.scalars(select(Employee).where(Employee.id.in_(people)))}
        if people
        else {}
    )
    organizations = (
        {
            o.id: o
            for o in await session.scalars(select(Organization).where(Organization.id.in_(orgs)))
        }
        if orgs
        else {}
    )
    views = []
    for r in rows:
        sender = principal.is_platform_admin or principal.organization_id == r.organization_id
        employee = employees[r.employee_id]
        accepted = r.status is TransferRequestStatus.ACCEPTED
        views.append(
            TransferRequestRead(
                id=r.id,
                view="sender" if sender else "receiver",
                status=r.status,
                employee_name=employee.name,
                nip=employee.nip,
                from_organization=OrganizationRef.model_validate(organizations[r.organization_id]),
                to_organization=OrganizationRef.model_validate(organizations[r.to_organization_id]),
                effective_date=r.effective_date,
                created_at=r.created_at,
                decided_at=r.decided_at,
                decision_reason=r.decision_reason,
                employee_id=r.employee_id if sender or accepted else None,
                organization_id=r.organization_id if sender else None,
                to_organization_id=r.to_organization_id,
                reason=r.reason if sender else None,
                transfer_id=r.transfer_id if sender or accepted else None,
            )
        )
    return views


async def _move(
    session: AsyncSession,
    employee: Employee,
    target_id: uuid.UUID,
    effective: date,
    reason: str,
) -> EmployeeTransfer:
    last_day = effective - timedelta(days=1)
    now = utcnow()
    for row in await session.scalars(
        select(EmployeePosition).where(
            EmployeePosition.employee_id == employee.id,
            or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= effective),
        )
    ):
        row.end_date = last_day
        row.ended_at = now
    for override in await session.scalars(
        select(AppraiserOverride).where(
            or_(
                AppraiserOverride.employee_id == employee.id,
                AppraiserOverride.appraiser_id == employee.id,
                AppraiserOverride.appraiser_superior_id == employee.id,
            ),
            AppraiserOverride.revoked_at.is_(None),
            or_(AppraiserOverride.valid_to.is_(None), AppraiserOverride.valid_to >= effective),
        )
    ):
        if override.valid_from >= effective:
            override.revoked_at = now
            override.revoke_reason = reason
        else:
            override.valid_to = last_day
    transfer = EmployeeTransfer(
        organization_id=employee.organization_id,
        to_organization_id=target_id,
        employee_id=employee.id,
        effective_date=effective,
        reason=reason,
    )
    session.add(transfer)
    employee.organization_id = target_id
    employee.opd_id = None  # the old OPD is a unit of the old organization
    account = await session.scalar(select(User).where(User.employee_id == employee.id))
    if account is not None:
        # The account stays behind: deactivated, no longer the employee's, signed out.
        account.is_active = False
        account.employee_id = None
        await revoke_sessions(session, account.id, "transferred")
    await session.flush()
    return transfer


def assignments_of(employee_id: uuid.UUID) -> Select[Any]:
    return select(EmployeePosition).where(EmployeePosition.employee_id == employee_id)


def acting_on(on: date) -> Any:
    return and_(EmployeePosition.kind != AssignmentKind.DEFINITIVE, assignment_active_on(on))
