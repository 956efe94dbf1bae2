"""Appraisers: the resolved chain shaped for clients, and admin overrides with history.

Overrides are never deleted: ending one sets ``valid_to``, withdrawing one sets
``revoked_at``; each change carries a reason that the audit log keeps.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.core.audit import set_reason
from kinerja_api.core.db import lock_keys, utcnow
from kinerja_api.core.errors import NotFound, field_error, invalid_field
from kinerja_api.organizations.chain import AppraiserResolution, Official
from kinerja_api.organizations.employees import service as employees
from kinerja_api.organizations.errors import (
    OverrideOverlap,
    OverrideRevoked,
    OverrideSelf,
    OverrideSubordinate,
)
from kinerja_api.organizations.models import (
    AppraiserOverride,
    Employee,
    EmployeePosition,
    Position,
    Unit,
)
from kinerja_api.organizations.schemas import (
    AppraisersRead,
    MyProfile,
    OfficialRead,
    OverrideCreate,
    OverrideRevoke,
    OverrideUpdate,
    PositionBrief,
    PositionRead,
    UnitBrief,
    UnitRead,
)
from kinerja_api.organizations.scope import appraisers_of, subordinate_employee_ids


async def appraisers_view(
    session: AsyncSession, employee: Employee, on: date
) -> tuple[AppraisersRead, AppraiserResolution]:
    """Resolve and shape the appraisal chain of ``employee`` (six queries at most)."""
    resolution = await appraisers_of(session, employee.id, on)
    officials = [o for o in (resolution.appraiser, resolution.appraiser_superior) if o]
    names: dict[uuid.UUID, str] = {}
    if officials:
        rows = await session.execute(
            select(Employee.id, Employee.name).where(
                Employee.id.in_({o.employee_id for o in officials})
            )
        )
        names = {eid: name for eid, name in rows}
    position_ids = {o.position_id for o in officials if o.position_id}
    if resolution.position_id:
        position_ids.add(resolution.position_id)
    positions: dict[uuid.UUID, tuple[Position, Unit]] = {}
    if position_ids:
        rows2 = await session.execute(
            select(Position, Unit)
            .join(Unit, Unit.id == Position.unit_id)
            .where(Position.id.in_(position_ids))
        )
        positions = {p.id: (p, u) for p, u in rows2}

    def official(o: Official | None) -> OfficialRead | None:
        if o is None:
            return None
        held = positions.get(o.position_id) if o.position_id else None
        return OfficialRead(
            employee_id=o.employee_id,
            name=names.get(o.employee_id, ""),
            position=PositionBrief.model_validate(held[0]) if held else None,
            unit=UnitBrief.model_validate(held[1]) if held else None,
            basis=o.basis,
            override_id=o.override_id,
        )

    own = positions.get(resolution.position_id) if resolution.position_id else None
    view = AppraisersRead(
        employee_id=employee.id,
        on=on,
        position=PositionBrief.model_validate(own[0]) if own else None,
        appraiser=official(resolution.appraiser),
        appraiser_superior=official(resolution.appraiser_superior),
    )
    return view, resolution


async def profile(session: AsyncSession, employee: Employee, on: date) -> MyProfile:
    """An employee's own profile: record, position, unit, acting roles and appraisers."""
    view = (await employees.employee_views(session, [employee], on))[0]
    chain, _ = await appraisers_view(session, employee, on)
    held = (await employees.current_positions(session, [employee.id], on)).get(employee.id)
    acting_rows = list(
        await session.scalars(
            employees.assignments_of(employee.id)
            .where(employees.acting_on(on))
            .order_by(EmployeePosition.start_date)
        )
    )
    return MyProfile(
        on=on,
        employee=view,
        position=PositionRead.model_validate(held[0]) if held else None,
        unit=UnitRead.model_validate(held[1]) if held else None,
        acting=await employees.assignment_views(session, acting_rows),
        appraiser=chain.appraiser,
        appraiser_superior=chain.appraiser_superior,
    )


# ---- who fixes the structure ---------------------------------------------------------------


class AdminLevel(enum.StrEnum):
    """Which admins answer for an employee's data."""

    OPD = "opd_admin"  # the admins of the employee's OPD (``users.opd_id``)
    INSTANSI = "instansi_admin"  # the instansi's admins (BKPSDM; ``users.opd_id`` null)


@dataclass(frozen=True)
class AdminContact:
    user_id: uuid.UUID
    employee_id: uuid.UUID | None
    name: str


#: At most this many admins are named to an employee (the first by name).
ADMIN_CONTACT_LIMIT = 10


async def admins_to_ask(
    session: AsyncSession, organization_id: uuid.UUID, opd_id: uuid.UUID | None = None
) -> tuple[AdminLevel, list[AdminContact]]:
    """The admins who can fix an employee's structure data (position, appraiser, unlocking):
    the active admin accounts of the employee's OPD (``opd_id``), or when it has none (or
    ``opd_id`` is ``None``: matters only the instansi decides, such as its settings) the
    instansi's admins. One or two queries."""
    stmt = (
        select(User)
        .where(
            User.organization_id == organization_id,
            User.role == Role.ADMIN,
            User.is_active.is_(True),
        )
        .order_by(User.full_name, User.id)
        .limit(ADMIN_CONTACT_LIMIT)
    )
    if opd_id is not None:
        found = list(await session.scalars(stmt.where(User.opd_id == opd_id)))
        if found:
            return AdminLevel.OPD, [AdminContact(u.id, u.employee_id, u.full_name) for u in found]
    found = list(await session.scalars(stmt.where(User.opd_id.is_(None))))
    return AdminLevel.INSTANSI, [AdminContact(u.id, u.employee_id, u.full_name) for u in found]


# ---- overrides -----------------------------------------------------------------------------


def overrides_of(employee_id: uuid.UUID) -> Select[Any]:
    return select(AppraiserOverride).where(AppraiserOverride.employee_id == employee_id)


async def visible_override(
    session: AsyncSession, principal: Principal, override_id: uuid.UUID
) -> AppraiserOverride:
    row = await session.get(AppraiserOverride, override_id)
    if row is None or not principal.can_access_org(row.organization_id):
        raise NotFound()
    return row


async def _check_person(
    session: AsyncSession,
    employee: Employee,
    person_id: uuid.UUID,
    field: str,
    below: set[uuid.UUID],
    on: date,
) -> None:
    """The person named in ``field`` may appraise ``employee``: someone else of the same
    organization who is not ``below`` them (their subordinates on the override's first day)."""
    if person_id == employee.id:
        raise OverrideSelf(
            errors=[
                field_error(
                    field,
                    "override_self",
                    "Pegawai tidak dapat menilai dirinya sendiri",
                    "An employee cannot appraise themself",
                )
            ]
        )
    person = await session.get(Employee, person_id)
    if person is None or person.organization_id != employee.organization_id:
        raise invalid_field(
            field,
            "employee_not_found",
            "Pegawai tidak ditemukan di organisasi ini",
            "Employee not found in this organization",
        )
    if person_id in below:
        raise OverrideSubordinate(
            name=person.name,
            on=on.isoformat(),
            errors=[
                field_error(
                    field,
                    "override_subordinate",
                    "Bawahan pegawai tidak dapat menjadi penilainya",
                    "A subordinate of the employee cannot appraise them",
                )
            ],
        )


async def _check_overlap(
    session: AsyncSession,
    employee_id: uuid.UUID,
    valid_from: date,
    valid_to: date | None,
    exclude: uuid.UUID | None = None,
) -> None:
    await lock_keys(session, f"appraiser-override:{employee_id}")
    stmt = select(AppraiserOverride.id).where(
        AppraiserOverride.employee_id == employee_id,
        AppraiserOverride.revoked_at.is_(None),
        or_(AppraiserOverride.valid_to.is_(None), AppraiserOverride.valid_to >= valid_from),
    )
    if valid_to is not None:
        stmt = stmt.where(AppraiserOverride.valid_from <= valid_to)
    if exclude is not None:
        stmt = stmt.where(AppraiserOverride.id != exclude)
    if await session.scalar(stmt.limit(1)) is not None:
        raise OverrideOverlap()


def _check_range(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise invalid_field(
            "valid_to",
            "end_before_start",
            "Tanggal akhir tidak boleh sebelum tanggal mulai",
            "The end date cannot be before the start date",
        )


async def create_override(
    session: AsyncSession, employee: Employee, data: OverrideCreate
) -> AppraiserOverride:
    if data.appraiser_id is None and data.appraiser_superior_id is None:
        raise invalid_field(
            "appraiser_id",
            "override_empty",
            "Isi penilai, atasan penilai, atau keduanya",
            "Set the appraiser, the appraiser's superior, or both",
        )
    if data.appraiser_id is not None and data.appraiser_id == data.appraiser_superior_id:
        raise invalid_field(
            "appraiser_superior_id",
            "override_same_person",
            "Atasan penilai harus orang lain dari penilai",
            "The appraiser's superior must be someone other than the appraiser",
        )
    # Anyone below the employee on the first day (direct or indirect, acting officials and
    # overrides included) would make the chain run in a circle.
    below = await subordinate_employee_ids(session, employee.id, data.valid_from)
    for field in ("appraiser_id", "appraiser_superior_id"):
        person = getattr(data, field)
        if person is not None:
            await _check_person(session, employee, person, field, below, data.valid_from)
    _check_range(data.valid_from, data.valid_to)
    await _check_overlap(session, employee.id, data.valid_from, data.valid_to)
    set_reason(session, data.reason)
    row = AppraiserOverride(
        organization_id=employee.organization_id, employee_id=employee.id, **data.model_dump()
    )
    session.add(row)
    await session.flush()
    return row


def _refuse_if_revoked(row: AppraiserOverride) -> None:
    if row.revoked_at is not None:
        raise OverrideRevoked()


async def update_override(
    session: AsyncSession, row: AppraiserOverride, data: OverrideUpdate
) -> AppraiserOverride:
    """Change the last day of an override (end it early or extend it), with a reason."""
    _refuse_if_revoked(row)
    _check_range(row.valid_from, data.valid_to)
    await _check_overlap(session, row.employee_id, row.valid_from, data.valid_to, exclude=row.id)
    set_reason(session, data.reason)
    row.valid_to = data.valid_to
    await session.flush()
    return row


async def revoke_override(
    session: AsyncSession, row: AppraiserOverride, data: OverrideRevoke
) -> AppraiserOverride:
    """Withdraw an override entirely (it was wrong): it no longer applies on any date."""
    _refuse_if_revoked(row)
    set_reason(session, data.reason)
    row.revoked_at = utcnow()
    row.revoke_reason = data.reason
    await session.flush()
    return row
