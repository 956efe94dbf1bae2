"""Organizations, the unit tree and positions: rules and queries (tenant isolation here)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Select, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from kinerja_api.auth.permissions import Principal
from kinerja_api.core import clock
from kinerja_api.core.errors import (
    FieldError,
    FieldLocation,
    NotFound,
    UnprocessableEntity,
    invalid_field,
)
from kinerja_api.core.i18n import t
from kinerja_api.organizations.config import (
    OrganizationSettings,
    OrganizationSettingsPatch,
    apply_patch,
    effective_settings,
)
from kinerja_api.organizations.errors import (
    OrganizationCodeTaken,
    PositionHasHolders,
    PositionHasSubordinates,
    PositionIsUnitHead,
    PositionOccupied,
    UnitCodeTaken,
    UnitHasActiveChildren,
    UnitHasActivePositions,
)
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeePosition,
    Organization,
    Position,
    PositionKind,
    Unit,
)
from kinerja_api.organizations.rules import (
    Problem,
    creates_cycle,
    position_kind_problems,
    ranges_overlap,
)
from kinerja_api.organizations.schemas import (
    ChartHolder,
    ChartPosition,
    ChartUnit,
    OrganizationCreate,
    OrganizationUpdate,
    PositionCreate,
    PositionUpdate,
    UnitCreate,
    UnitUpdate,
)
from kinerja_api.organizations.scope import (
    MAX_CHAIN_DEPTH,
    assignment_active_on,
    unit_subtree_cte,
)
from kinerja_api.organizations.units_of_measure.service import (
    seed_defaults as seed_units_of_measure,
)


def org_zone(org: Organization) -> ZoneInfo:
    """The organization's time zone (WIB/WITA/WIT)."""
    return ZoneInfo(org.timezone.iana)


def org_today(org: Organization, at: datetime | None = None) -> date:
    """The date in the organization's time zone now by the clock (or at the instant ``at``):
    the one "today" of every rule (daily reports, scopes, appraisal windows)."""
    return (at or clock.now()).astimezone(org_zone(org)).date()


async def valid_opd(
    session: AsyncSession, organization_id: uuid.UUID | None, opd_id: uuid.UUID
) -> uuid.UUID:
    """``opd_id`` if it is a top-level unit (an OPD) of the organization; else 422 on the
    field ``opd_id`` (``opd_not_found``, ``not_an_opd``). Employees and admin accounts alike."""
    unit = await session.get(Unit, opd_id)
    if unit is None or unit.organization_id != organization_id:
        raise invalid_field(
            "opd_id",
            "opd_not_found",
            "OPD tidak ditemukan di organisasi ini; lihat GET /organizations/{id}/units.",
            "OPD not found in this organization; see GET /organizations/{id}/units.",
        )
    if unit.parent_id is not None:
        raise invalid_field(
            "opd_id",
            "not_an_opd",
            "OPD adalah unit tingkat teratas (tanpa unit induk); pilih unit teratas.",
            "An OPD is a top-level unit (one without a parent); choose the top-level unit.",
        )
    return unit.id


def field_problem(problem: Problem, location: FieldLocation = "body") -> UnprocessableEntity:
    return UnprocessableEntity(
        errors=[
            FieldError(
                location=location,
                field=problem.field,
                message=t(problem.message),
                type=problem.type,
            )
        ]
    )


def organizations_visible_to(principal: Principal) -> Select[Organization]:
    """Platform admins see every organization; everyone else only their own."""
    stmt = select(Organization)
    if not principal.is_platform_admin:
        stmt = stmt.where(Organization.id == principal.organization_id)
    return stmt


async def organization_of(session: AsyncSession, principal: Principal) -> Organization | None:
    """The organization of the signed-in account (``None`` for platform admins)."""
    if principal.organization_id is None:
        return None
    return await session.get(Organization, principal.organization_id)


async def own_organization(session: AsyncSession, principal: Principal) -> Organization:
    """The organization of the signed-in account (404 for accounts without one)."""
    org = await organization_of(session, principal)
    if org is None:
        raise NotFound()
    return org


async def visible_organization(
    session: AsyncSession, principal: Principal, org_id: uuid.UUID
) -> Organization:
    if not principal.can_access_org(org_id):
        raise NotFound()
    org = await session.get(Organization, org_id)
    if org is None:
        raise NotFound()
    return org


async def create_organization(session: AsyncSession, data: OrganizationCreate) -> Organization:
    if await session.scalar(select(Organization.id).where(Organization.code == data.code)):
        raise OrganizationCodeTaken(
            {
                "id": f"Kode organisasi {data.code} sudah dipakai.",
                "en": f"Organization code {data.code} is already taken.",
            }
        )
    stored: dict[str, Any] = {}
    if data.settings is not None:
        _, stored = _checked_settings({}, data.settings, field_prefix="settings.")
    org = Organization(**data.model_dump(exclude={"settings"}), settings=stored)
    session.add(org)
    await session.flush()
    await seed_units_of_measure(session, org.id)
    return org


async def update_organization(
    session: AsyncSession, org: Organization, data: OrganizationUpdate
) -> Organization:
    for key, value in data.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(org, key, value)
    await session.flush()
    return org


def organization_settings(org: Organization) -> OrganizationSettings:
    """The organization's effective configuration (regulation defaults filled in)."""
    return effective_settings(org.settings)


def _checked_settings(
    stored: dict[str, Any], patch: OrganizationSettingsPatch, *, field_prefix: str = ""
) -> tuple[OrganizationSettings, dict[str, Any]]:
    result, overrides, problems = apply_patch(stored, patch)
    if problems:
        raise UnprocessableEntity(
            errors=[p.model_copy(update={"field": field_prefix + p.field}) for p in problems]
        )
    return result, overrides


async def update_organization_settings(
    session: AsyncSession, org: Organization, patch: OrganizationSettingsPatch
) -> OrganizationSettings:
    """Merge a partial update into the organization's settings; 422 if inconsistent."""
    result, overrides = _checked_settings(org.settings, patch)
    if overrides != org.settings:
        org.settings = overrides  # a new object: the JSON column sees the change
        await session.flush()
    return result


def units_visible_to(principal: Principal, org_id: uuid.UUID) -> Select[Unit]:
    return select(Unit).where(Unit.organization_id == org_id)


async def visible_unit(session: AsyncSession, principal: Principal, unit_id: uuid.UUID) -> Unit:
    unit = await session.get(Unit, unit_id)
    if unit is None or not principal.can_access_org(unit.organization_id):
        raise NotFound()
    return unit


def _parent_error(message_id: str, message_en: str, etype: str) -> UnprocessableEntity:
    return UnprocessableEntity(
        errors=[
            FieldError(
                location="body",
                field="parent_id",
                message=t({"id": message_id, "en": message_en}),
                type=etype,
            )
        ]
    )


async def _check_parent(session: AsyncSession, org_id: uuid.UUID, parent_id: uuid.UUID) -> Unit:
    parent = await session.get(Unit, parent_id)
    if parent is None or parent.organization_id != org_id:
        raise _parent_error(
            "Unit induk tidak ditemukan di organisasi ini",
            "Parent unit not found in this organization",
            "parent_not_found",
        )
    if not parent.is_active:
        raise _parent_error("Unit induk tidak aktif", "Parent unit is inactive", "parent_inactive")
    return parent


async def create_unit(session: AsyncSession, org: Organization, data: UnitCreate) -> Unit:
    if data.parent_id is not None:
        await _check_parent(session, org.id, data.parent_id)
    clash = await session.scalar(
        select(Unit.id).where(Unit.organization_id == org.id, Unit.code == data.code)
    )
    if clash is not None:
        raise UnitCodeTaken(
            {
                "id": f"Kode unit {data.code} sudah dipakai di organisasi ini.",
                "en": f"Unit code {data.code} is already used in this organization.",
            }
        )
    unit = Unit(organization_id=org.id, **data.model_dump())
    session.add(unit)
    await session.flush()
    return unit


async def update_unit(session: AsyncSession, unit: Unit, data: UnitUpdate) -> Unit:
    changes = data.model_dump(exclude_unset=True)
    if "parent_id" in changes and changes["parent_id"] != unit.parent_id:
        new_parent = changes["parent_id"]
        if new_parent is not None:
            await _check_parent(session, unit.organization_id, new_parent)
        rows = await session.execute(
            select(Unit.id, Unit.parent_id).where(Unit.organization_id == unit.organization_id)
        )
        parent_of = {uid: pid for uid, pid in rows}
        if creates_cycle(parent_of, unit.id, new_parent):
            raise _parent_error(
                "Unit tidak dapat dipindah ke bawah dirinya sendiri atau turunannya",
                "A unit cannot be moved under itself or one of its descendants",
                "unit_cycle",
            )
    head = changes.get("head_position_id")
    if head is not None and head != unit.head_position_id:
        position = await session.get(Position, head)
        if position is None or position.unit_id != unit.id:
            raise invalid_field(
                "head_position_id",
                "head_position_not_in_unit",
                "Jabatan kepala harus jabatan pada unit ini",
                "The head position must be a position of this unit",
            )
        if not position.is_active:
            raise invalid_field(
                "head_position_id",
                "head_position_inactive",
                "Jabatan kepala tidak aktif",
                "The head position is inactive",
            )
    if changes.get("is_active") is False and unit.is_active:
        child = await session.scalar(
            select(Unit.id).where(Unit.parent_id == unit.id, Unit.is_active.is_(True)).limit(1)
        )
        if child is not None:
            raise UnitHasActiveChildren()
        position_id = await session.scalar(
            select(Position.id)
            .where(Position.unit_id == unit.id, Position.is_active.is_(True))
            .limit(1)
        )
        if position_id is not None:
            raise UnitHasActivePositions()
    for key, value in changes.items():
        if key == "name" and value is None:
            continue
        setattr(unit, key, value)
    await session.flush()
    return unit


# ---- unit tree: subtree, path, org chart ---------------------------------------------------


def subtree_statement(unit: Unit, *, is_active: bool | None = None) -> Select[Any]:
    """Units of the subtree rooted at ``unit`` (itself included), for :func:`paginate`."""
    tree = unit_subtree_cte(unit.id)
    stmt = select(Unit).where(
        Unit.organization_id == unit.organization_id, Unit.id.in_(select(tree.c.id))
    )
    if is_active is not None:
        stmt = stmt.where(Unit.is_active == is_active)
    return stmt


async def subtree_depths(
    session: AsyncSession, unit: Unit, among: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Depth below ``unit`` of each unit in ``among`` (one query)."""
    if not among:
        return {}
    tree = unit_subtree_cte(unit.id)
    rows = await session.execute(select(tree.c.id, tree.c.depth).where(tree.c.id.in_(list(among))))
    return {uid: int(depth) for uid, depth in rows}


async def unit_path(session: AsyncSession, unit: Unit) -> list[Unit]:
    """The breadcrumb from the top unit down to ``unit`` (one recursive query)."""
    tree = (
        select(
            Unit.id.label("id"), Unit.parent_id.label("parent_id"), literal(0, Integer).label("up")
        )
        .where(Unit.id == unit.id)
        .cte("unit_path", recursive=True)
    )
    parent = aliased(Unit, name="parent_unit")
    tree = tree.union_all(
        select(parent.id, parent.parent_id, tree.c.up + 1).where(
            parent.id == tree.c.parent_id, tree.c.up < MAX_CHAIN_DEPTH
        )
    )
    rows = await session.execute(
        select(Unit).join(tree, Unit.id == tree.c.id).order_by(tree.c.up.desc())
    )
    return list(rows.scalars())


async def org_chart(
    session: AsyncSession, unit: Unit, on: date, *, include_inactive: bool = False
) -> ChartUnit:
    """Positions of ``unit`` and its sub-units with their holders on ``on``, nested by unit.

    Three queries whatever the size: the subtree's units, their positions, and the
    assignments active on the date with the holders' names.
    """
    tree = unit_subtree_cte(unit.id)
    units_stmt = select(Unit).where(Unit.id.in_(select(tree.c.id)))
    if not include_inactive:
        units_stmt = units_stmt.where(or_(Unit.is_active.is_(True), Unit.id == unit.id))
    units = list(await session.scalars(units_stmt.order_by(Unit.code, Unit.id)))
    unit_ids = [u.id for u in units]
    positions_stmt = select(Position).where(
        Position.organization_id == unit.organization_id,
        Position.unit_id.in_(select(tree.c.id)),
    )
    if not include_inactive:
        positions_stmt = positions_stmt.where(Position.is_active.is_(True))
    positions = list(await session.scalars(positions_stmt.order_by(Position.name, Position.id)))
    holders_rows = await session.execute(
        select(EmployeePosition, Employee.name)
        .join(Employee, Employee.id == EmployeePosition.employee_id)
        .join(Position, Position.id == EmployeePosition.position_id)
        .where(
            Position.organization_id == unit.organization_id,
            Position.unit_id.in_(select(tree.c.id)),
            assignment_active_on(on),
        )
        .order_by(EmployeePosition.kind, EmployeePosition.start_date, Employee.name)
    )
    holders: dict[uuid.UUID, list[ChartHolder]] = defaultdict(list)
    for assignment, name in holders_rows:
        holders[assignment.position_id].append(
            ChartHolder(
                employee_id=assignment.employee_id,
                name=name,
                kind=assignment.kind,
                start_date=assignment.start_date,
                end_date=assignment.end_date,
            )
        )
    by_unit: dict[uuid.UUID, list[Position]] = defaultdict(list)
    for position in positions:
        by_unit[position.unit_id].append(position)
    children: dict[uuid.UUID, list[Unit]] = defaultdict(list)
    for u in units:
        if u.id != unit.id and u.parent_id in unit_ids:
            children[u.parent_id].append(u)

    def node(u: Unit) -> ChartUnit:
        chart_positions = [
            ChartPosition(
                id=p.id,
                name=p.name,
                kind=p.kind,
                level=p.level,
                jenjang=p.jenjang,
                job_class=p.job_class,
                superior_id=p.superior_id,
                is_head=p.id == u.head_position_id,
                is_active=p.is_active,
                holders=holders.get(p.id, []),
            )
            for p in by_unit.get(u.id, [])
        ]
        chart_positions.sort(key=lambda cp: not cp.is_head)  # head first, stable otherwise
        return ChartUnit(
            id=u.id,
            code=u.code,
            name=u.name,
            parent_id=u.parent_id,
            head_position_id=u.head_position_id,
            is_active=u.is_active,
            positions=chart_positions,
            children=[node(c) for c in children.get(u.id, [])],
        )

    return node(unit)


# ---- positions -----------------------------------------------------------------------------


def positions_visible_to(principal: Principal, org_id: uuid.UUID) -> Select[Any]:
    return select(Position).where(Position.organization_id == org_id)


async def visible_position(
    session: AsyncSession, principal: Principal, position_id: uuid.UUID
) -> Position:
    position = await session.get(Position, position_id)
    if position is None or not principal.can_access_org(position.organization_id):
        raise NotFound()
    return position


def _kind_errors(problems: list[Problem]) -> None:
    if problems:
        raise UnprocessableEntity(
            errors=[
                FieldError(location="body", field=p.field, message=t(p.message), type=p.type)
                for p in problems
            ]
        )


async def _check_position_unit(
    session: AsyncSession, org_id: uuid.UUID, unit_id: uuid.UUID
) -> Unit:
    unit = await session.get(Unit, unit_id)
    if unit is None or unit.organization_id != org_id:
        raise invalid_field(
            "unit_id",
            "unit_not_found",
            "Unit tidak ditemukan di organisasi ini",
            "Unit not found in this organization",
        )
    if not unit.is_active:
        raise invalid_field("unit_id", "unit_inactive", "Unit tidak aktif", "The unit is inactive")
    return unit


async def _check_superior(
    session: AsyncSession, org_id: uuid.UUID, superior_id: uuid.UUID
) -> Position:
    superior = await session.get(Position, superior_id)
    if superior is None or superior.organization_id != org_id:
        raise invalid_field(
            "superior_id",
            "superior_not_found",
            "Jabatan atasan tidak ditemukan di organisasi ini",
            "Superior position not found in this organization",
        )
    if not superior.is_active:
        raise invalid_field(
            "superior_id",
            "superior_inactive",
            "Jabatan atasan tidak aktif",
            "The superior position is inactive",
        )
    return superior


async def create_position(
    session: AsyncSession, org: Organization, data: PositionCreate
) -> Position:
    _kind_errors(position_kind_problems(data.kind, data.level, data.jenjang))
    await _check_position_unit(session, org.id, data.unit_id)
    if data.superior_id is not None:
        await _check_superior(session, org.id, data.superior_id)
    position = Position(organization_id=org.id, **data.model_dump())
    session.add(position)
    await session.flush()
    return position


async def update_position(
    session: AsyncSession, position: Position, data: PositionUpdate, today: date
) -> Position:
    changes = data.model_dump(exclude_unset=True)
    for key in ("unit_id", "name", "kind", "job_class", "is_active"):
        if key in changes and changes[key] is None:
            del changes[key]
    kind: PositionKind = changes.get("kind", position.kind)
    if {"kind", "level", "jenjang"} & changes.keys():
        level = changes.get("level", position.level)
        jenjang = changes.get("jenjang", position.jenjang)
        # Changing the kind drops the attribute that no longer applies, unless it is sent.
        if kind is not PositionKind.STRUKTURAL and "level" not in changes:
            level = changes["level"] = None
        if kind is not PositionKind.FUNGSIONAL and "jenjang" not in changes:
            jenjang = changes["jenjang"] = None
        _kind_errors(position_kind_problems(kind, level, jenjang))
        if kind is PositionKind.STRUKTURAL and position.kind is not PositionKind.STRUKTURAL:
            await _check_single_holder(session, position, today)
    org_id = position.organization_id
    if "unit_id" in changes and changes["unit_id"] != position.unit_id:
        await _check_position_unit(session, org_id, changes["unit_id"])
        await _refuse_if_head(session, position)
    if "superior_id" in changes and changes["superior_id"] != position.superior_id:
        new_superior = changes["superior_id"]
        if new_superior is not None:
            await _check_superior(session, org_id, new_superior)
        rows = await session.execute(
            select(Position.id, Position.superior_id).where(Position.organization_id == org_id)
        )
        superior_of = {pid: sup for pid, sup in rows}
        if creates_cycle(superior_of, position.id, new_superior):
            raise invalid_field(
                "superior_id",
                "position_cycle",
                "Jabatan atasan tidak boleh jabatan itu sendiri atau bawahannya",
                "The superior position cannot be the position itself or one below it",
            )
    if changes.get("is_active") is False and position.is_active:
        await _check_deactivation(session, position, today)
    for key, value in changes.items():
        setattr(position, key, value)
    await session.flush()
    return position


async def _check_single_holder(session: AsyncSession, position: Position, today: date) -> None:
    """A structural position has one definitive holder at a time: refuse turning a position
    that several employees hold (now or later) at once into a structural one."""
    rows = list(
        await session.execute(
            select(EmployeePosition.start_date, EmployeePosition.end_date).where(
                EmployeePosition.position_id == position.id,
                EmployeePosition.kind == AssignmentKind.DEFINITIVE,
                or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= today),
            )
        )
    )
    for i, (start, end) in enumerate(rows):
        if any(ranges_overlap(start, end, s2, e2) for s2, e2 in rows[i + 1 :]):
            raise PositionOccupied()


async def _refuse_if_head(session: AsyncSession, position: Position) -> None:
    head_of = await session.scalar(
        select(Unit.name).where(Unit.head_position_id == position.id).limit(1)
    )
    if head_of is not None:
        raise PositionIsUnitHead(unit=head_of)


async def _check_deactivation(session: AsyncSession, position: Position, today: date) -> None:
    holder = await session.scalar(
        select(EmployeePosition.id)
        .where(
            EmployeePosition.position_id == position.id,
            or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= today),
        )
        .limit(1)
    )
    if holder is not None:
        raise PositionHasHolders()
    below = await session.scalar(
        select(Position.id)
        .where(Position.superior_id == position.id, Position.is_active.is_(True))
        .limit(1)
    )
    if below is not None:
        raise PositionHasSubordinates()
    await _refuse_if_head(session, position)
