"""Data-quality report: what in an organization's structure would block performance work.

Every section is a count plus the first ``limit`` items, two queries per section (four more
to resolve everyone's appraiser from the organization's chain, loaded once), so the number
of statements is the same for ten employees or ten thousand.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import User
from kinerja_api.organizations.employees.service import assignment_views
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeeKind,
    EmployeePosition,
    EmployeeStatus,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.schemas import (
    AssignmentRead,
    DataQualityReport,
    EmployeeSummary,
    PositionBrief,
    QualitySection,
    UnitBrief,
)
from kinerja_api.organizations.scope import (
    appraisers_of_many,
    assignment_active_on,
    opd_member_ids_select,
    unit_subtree_ids_select,
)

T = TypeVar("T")
ACTING = (AssignmentKind.PLT, AssignmentKind.PLH)


async def _count(session: AsyncSession, stmt: Select[Any]) -> int:
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return int(total or 0)


async def _section(
    session: AsyncSession, stmt: Select[Any], order: list[Any], limit: int
) -> tuple[int, list[Any]]:
    count = await _count(session, stmt)
    items = list(await session.scalars(stmt.order_by(*order).limit(limit))) if count else []
    return count, items


def _active_employee(org: Organization, opd_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    where = [Employee.organization_id == org.id, Employee.status == EmployeeStatus.ACTIVE]
    if opd_id is not None:
        where.append(Employee.opd_id == opd_id)
    return where


async def _without_appraiser(
    session: AsyncSession, org: Organization, on: date, limit: int, opd_id: uuid.UUID | None
) -> tuple[int, list[Employee]]:
    """Active employees holding a position on ``on`` whose appraiser cannot be resolved from
    the chain or an override (a head whose position has no superior): their SKP can never be
    approved. The regional head is not appraised (no SKP) and never listed."""
    serving = select(EmployeePosition.employee_id).where(
        EmployeePosition.organization_id == org.id, assignment_active_on(on)
    )
    names = {
        eid: name
        for eid, name in await session.execute(
            select(Employee.id, Employee.name).where(
                *_active_employee(org, opd_id),
                Employee.id.in_(serving),
                # the regional head has no SKP: nobody appraises them
                Employee.kind != EmployeeKind.REGIONAL_HEAD,
            )
        )
    }
    resolved = await appraisers_of_many(session, org.id, names, on)
    stuck = sorted(
        (names[eid], str(eid), eid)
        for eid, r in resolved.items()
        if r.position_id is not None and r.appraiser is None
    )
    first = [eid for _, _, eid in stuck[:limit]]
    if not first:
        return len(stuck), []
    rows = {e.id: e for e in await session.scalars(select(Employee).where(Employee.id.in_(first)))}
    return len(stuck), [rows[eid] for eid in first]


async def data_quality(
    session: AsyncSession,
    org: Organization,
    on: date,
    *,
    limit: int,
    recent_days: int,
    opd_id: uuid.UUID | None = None,
) -> DataQualityReport:
    """Every section for the whole organization, or for one OPD (``opd_id``): its people,
    its units and their positions, its people's assignments."""
    in_opd = unit_subtree_ids_select(opd_id) if opd_id is not None else None
    has_definitive = exists().where(
        EmployeePosition.employee_id == Employee.id,
        EmployeePosition.kind == AssignmentKind.DEFINITIVE,
        assignment_active_on(on),
    )
    without_position = select(Employee).where(*_active_employee(org, opd_id), ~has_definitive)

    top_heads = select(Unit.head_position_id).where(
        Unit.organization_id == org.id,
        Unit.parent_id.is_(None),
        Unit.is_active.is_(True),
        Unit.head_position_id.is_not(None),
    )
    without_superior = select(Position).where(
        Position.organization_id == org.id,
        Position.is_active.is_(True),
        Position.superior_id.is_(None),
        Position.id.not_in(top_heads),
    )
    without_head = select(Unit).where(
        Unit.organization_id == org.id,
        Unit.is_active.is_(True),
        Unit.head_position_id.is_(None),
    )
    acting = [
        EmployeePosition.organization_id == org.id,
        EmployeePosition.kind.in_(ACTING),
        EmployeePosition.end_date < on,
    ]
    if in_opd is not None and opd_id is not None:
        without_superior = without_superior.where(Position.unit_id.in_(in_opd))
        without_head = without_head.where(Unit.id.in_(in_opd))
        acting.append(EmployeePosition.employee_id.in_(opd_member_ids_select(opd_id)))
    expired = select(EmployeePosition).where(*acting, EmployeePosition.ended_at.is_(None))
    recent = select(EmployeePosition).where(
        *acting,
        EmployeePosition.ended_at.is_not(None),
        EmployeePosition.end_date >= on - timedelta(days=recent_days),
    )
    has_account = exists().where(User.employee_id == Employee.id)
    without_account = select(Employee).where(*_active_employee(org, opd_id), ~has_account)

    by_name = [Employee.name, Employee.id]
    n1, e1 = await _section(session, without_position, by_name, limit)
    n2, p2 = await _section(session, without_superior, [Position.name, Position.id], limit)
    n3, u3 = await _section(session, without_head, [Unit.code, Unit.id], limit)
    latest = [EmployeePosition.end_date.desc(), EmployeePosition.id]
    n4, a4 = await _section(session, expired, latest, limit)
    n5, a5 = await _section(session, recent, latest, limit)
    n6, e6 = await _section(session, without_account, by_name, limit)
    n7, e7 = await _without_appraiser(session, org, on, limit, opd_id)

    def employees(items: list[Employee]) -> list[EmployeeSummary]:
        return [EmployeeSummary.model_validate(e) for e in items]

    assignments: list[AssignmentRead] = await assignment_views(session, [*a4, *a5])
    return DataQualityReport(
        organization_id=org.id,
        on=on,
        limit=limit,
        recent_days=recent_days,
        total=n1 + n2 + n3 + n4 + n5 + n6 + n7,
        active_employees_without_position=QualitySection(count=n1, items=employees(e1)),
        positions_without_superior=QualitySection(
            count=n2, items=[PositionBrief.model_validate(p) for p in p2]
        ),
        units_without_head=QualitySection(
            count=n3, items=[UnitBrief.model_validate(u) for u in u3]
        ),
        acting_expired_still_current=QualitySection(count=n4, items=assignments[: len(a4)]),
        acting_ended_recently=QualitySection(count=n5, items=assignments[len(a4) :]),
        employees_without_account=QualitySection(count=n6, items=employees(e6)),
        employees_without_appraiser=QualitySection(count=n7, items=employees(e7)),
    )
