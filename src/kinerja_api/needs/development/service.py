"""Competencies (catalog, position standards, assessments, gaps) and development plans.

Whose data: the scope helper (own / subordinates / organization). Gaps and sums come from
:mod:`kinerja_api.needs.rules`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    NotFound,
    invalid_field,
)
from kinerja_api.needs.development import rules
from kinerja_api.needs.development.errors import (
    AssessmentNotAllowed,
    CompetencyCodeTaken,
    PlanNeedsSupervisor,
)
from kinerja_api.needs.development.models import (
    AssessmentSource,
    Competency,
    CompetencyAssessment,
    CompetencyKind,
    CompetencyStandard,
    DevelopmentPlan,
    PlanStatus,
)
from kinerja_api.needs.development.schemas import (
    AssessmentCreate,
    AssessmentRead,
    BudgetReport,
    BudgetTotals,
    CompetencyCreate,
    CompetencyGap,
    CompetencyRead,
    DevelopmentPlanCreate,
    DevelopmentPlanRead,
    DevelopmentPlanUpdate,
    EmployeeGapReport,
    GapAggregate,
    GapSummaryRead,
    LearningHoursReport,
    LearningHoursRow,
    StandardRead,
    StandardSet,
    UnitBudget,
)
from kinerja_api.needs.register.models import Need, NeedLink
from kinerja_api.needs.register.service import new_link
from kinerja_api.needs.workload.service import reference_date
from kinerja_api.organizations.employees.service import current_positions, require_full_view
from kinerja_api.organizations.models import Employee, EmployeeStatus, Organization, Position
from kinerja_api.organizations.scope import EmployeeScope, employee_scope
from kinerja_api.organizations.service import org_today, organization_settings

#: The eight managerial competencies (PermenPANRB 38/2017), seeded per organization.
MANAGERIAL = (
    ("INTEGRITAS", "Integritas"),
    ("KERJA_SAMA", "Kerja Sama"),
    ("KOMUNIKASI", "Komunikasi"),
    ("ORIENTASI_PADA_HASIL", "Orientasi pada Hasil"),
    ("PELAYANAN_PUBLIK", "Pelayanan Publik"),
    ("PENGEMBANGAN_DIRI_DAN_ORANG_LAIN", "Pengembangan Diri dan Orang Lain"),
    ("MENGELOLA_PERUBAHAN", "Mengelola Perubahan"),
    ("PENGAMBILAN_KEPUTUSAN", "Pengambilan Keputusan"),
)


# ---- catalog -------------------------------------------------------------------------------


def competency_read(c: Competency) -> CompetencyRead:
    return CompetencyRead.model_validate(c, from_attributes=True)


async def seed_managerial(session: AsyncSession, org_id: uuid.UUID) -> None:
    """Add the eight managerial competencies the organization does not have yet."""
    have = set(
        (
            await session.scalars(
                select(Competency.code).where(Competency.organization_id == org_id)
            )
        ).all()
    )
    missing = [(code, name) for code, name in MANAGERIAL if code not in have]
    if not missing:
        return
    try:
        async with session.begin_nested():
            session.add_all(
                Competency(
                    organization_id=org_id, code=code, name=name, kind=CompetencyKind.MANAJERIAL
                )
                for code, name in missing
            )
    except IntegrityError:  # a concurrent first listing seeded them
        pass


def competencies_of(org_id: uuid.UUID, kind: CompetencyKind | None) -> Select[Any]:
    stmt = select(Competency).where(Competency.organization_id == org_id)
    return stmt if kind is None else stmt.where(Competency.kind == kind)


async def create_competency(
    session: AsyncSession, org: Organization, data: CompetencyCreate
) -> Competency:
    if await session.scalar(
        select(Competency.id).where(
            Competency.organization_id == org.id, Competency.code == data.code
        )
    ):
        raise CompetencyCodeTaken()
    competency = Competency(organization_id=org.id, **data.model_dump())
    session.add(competency)
    await session.flush()
    return competency


async def _competency_in(
    session: AsyncSession, org_id: uuid.UUID, competency_id: uuid.UUID
) -> Competency:
    competency = await session.get(Competency, competency_id)
    if competency is None or competency.organization_id != org_id:
        raise invalid_field(
            "competency_id",
            "competency_not_found",
            "Kompetensi tidak ditemukan di organisasi ini",
            "Competency not found in this organization",
        )
    return competency


# ---- standards -----------------------------------------------------------------------------


async def standards_of(session: AsyncSession, position: Position) -> list[StandardRead]:
    rows = await session.execute(
        select(CompetencyStandard, Competency)
        .join(Competency, Competency.id == CompetencyStandard.competency_id)
        .where(CompetencyStandard.position_id == position.id)
        .order_by(Competency.kind, Competency.code)
    )
    return [_standard_read(s, c) for s, c in rows]


def _standard_read(s: CompetencyStandard, c: Competency) -> StandardRead:
    return StandardRead(
        id=s.id,
        position_id=s.position_id,
        competency_id=c.id,
        competency_code=c.code,
        competency_name=c.name,
        kind=c.kind,
        required_level=s.required_level,
        version=s.version,
    )


async def set_standard(
    session: AsyncSession, position: Position, data: StandardSet
) -> tuple[StandardRead, bool]:
    """Create or change the position's required level of a competency (created?)."""
    competency = await _competency_in(session, position.organization_id, data.competency_id)
    standard = await session.scalar(
        select(CompetencyStandard).where(
            CompetencyStandard.position_id == position.id,
            CompetencyStandard.competency_id == competency.id,
        )
    )
    created = standard is None
    if standard is None:
        standard = CompetencyStandard(
            organization_id=position.organization_id,
            position_id=position.id,
            competency_id=competency.id,
            required_level=data.required_level,
        )
        session.add(standard)
    else:
        standard.required_level = data.required_level
    await session.flush()
    return _standard_read(standard, competency), created


async def delete_standard(
    session: AsyncSession, position: Position, standard_id: uuid.UUID
) -> None:
    standard = await session.get(CompetencyStandard, standard_id)
    if standard is None or standard.position_id != position.id:
        raise NotFound()
    await session.delete(standard)
    await session.flush()


# ---- assessments and gaps ------------------------------------------------------------------


async def scope_for(
    session: AsyncSession, principal: Principal, employee: Employee
) -> EmployeeScope:
    org = await session.get(Organization, employee.organization_id)
    assert org is not None
    scope = await employee_scope(session, principal, employee.organization_id, org_today(org))
    require_full_view(scope, employee.id)
    return scope


def assessment_read(a: CompetencyAssessment) -> AssessmentRead:
    return AssessmentRead.model_validate(a, from_attributes=True)


async def add_assessment(
    session: AsyncSession,
    principal: Principal,
    scope: EmployeeScope,
    employee: Employee,
    data: AssessmentCreate,
) -> CompetencyAssessment:
    """Admins record any source; supervisors for their subordinates; an employee only their
    own self-assessment."""
    own = employee.id == scope.own_employee_id
    manager = scope.administers(employee.id) or scope.is_subordinate(employee.id)
    if not manager and not (own and data.source is AssessmentSource.SELF):
        raise AssessmentNotAllowed()
    await _competency_in(session, employee.organization_id, data.competency_id)
    row = CompetencyAssessment(
        organization_id=employee.organization_id,
        employee_id=employee.id,
        recorded_by=principal.user_id,
        **data.model_dump(),
    )
    session.add(row)
    await session.flush()
    return row


async def _gap_inputs(
    session: AsyncSession, employee_ids: Sequence[uuid.UUID], on: date
) -> tuple[
    dict[uuid.UUID, Position],
    dict[uuid.UUID, list[tuple[CompetencyStandard, Competency]]],
    dict[tuple[uuid.UUID, uuid.UUID], CompetencyAssessment],
]:
    """Current positions, their standards and the latest assessments (three queries)."""
    held = {
        eid: pos
        for eid, (pos, _unit) in (await current_positions(session, employee_ids, on)).items()
    }
    standards: dict[uuid.UUID, list[tuple[CompetencyStandard, Competency]]] = defaultdict(list)
    position_ids = {p.id for p in held.values()}
    if position_ids:
        for s, c in await session.execute(
            select(CompetencyStandard, Competency)
            .join(Competency, Competency.id == CompetencyStandard.competency_id)
            .where(CompetencyStandard.position_id.in_(position_ids))
            .order_by(Competency.kind, Competency.code)
        ):
            standards[s.position_id].append((s, c))
    latest: dict[tuple[uuid.UUID, uuid.UUID], CompetencyAssessment] = {}
    if employee_ids:
        for a in await session.scalars(
            select(CompetencyAssessment)
            .where(CompetencyAssessment.employee_id.in_(list(employee_ids)))
            .order_by(
                CompetencyAssessment.assessed_on,
                CompetencyAssessment.created_at,
                CompetencyAssessment.id,
            )
        ):
            latest[(a.employee_id, a.competency_id)] = a  # later rows win
    return held, standards, latest


def _gaps_of(
    employee_id: uuid.UUID,
    position: Position | None,
    standards: dict[uuid.UUID, list[tuple[CompetencyStandard, Competency]]],
    latest: dict[tuple[uuid.UUID, uuid.UUID], CompetencyAssessment],
) -> list[CompetencyGap]:
    of = standards.get(position.id, []) if position else []
    standard = {str(c.id): s.required_level for s, c in of}
    assessed = {
        str(c.id): latest[(employee_id, c.id)].level for _, c in of if (employee_id, c.id) in latest
    }
    gaps = rules.competency_gaps(standard, assessed)
    out = []
    for s, c in of:
        a = latest.get((employee_id, c.id))
        out.append(
            CompetencyGap(
                competency_id=c.id,
                code=c.code,
                name=c.name,
                kind=c.kind,
                required_level=s.required_level,
                actual_level=a.level if a else None,
                gap=gaps[str(c.id)],
                assessed_on=a.assessed_on if a else None,
                source=a.source if a else None,
            )
        )
    return out


async def employee_gaps(session: AsyncSession, employee: Employee, on: date) -> EmployeeGapReport:
    held, standards, latest = await _gap_inputs(session, [employee.id], on)
    position = held.get(employee.id)
    return EmployeeGapReport(
        employee_id=employee.id,
        position_id=position.id if position else None,
        items=_gaps_of(employee.id, position, standards, latest),
    )


async def aggregate_gaps(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    unit_id: uuid.UUID | None,
) -> GapAggregate:
    """summarize_gaps over the employees in the principal's scope (of the unit's own
    positions when a unit is given)."""
    on = org_today(org)
    scope = await employee_scope(session, principal, org.id, on)
    ids = list(
        (
            await session.scalars(
                select(Employee.id).where(
                    Employee.organization_id == org.id,
                    Employee.status == EmployeeStatus.ACTIVE,
                    scope.clause(Employee.id),
                )
            )
        ).all()
    )
    held, standards, latest = await _gap_inputs(session, ids, on)
    if unit_id is not None:
        held = {eid: p for eid, p in held.items() if p.unit_id == unit_id}
    names: dict[str, Competency] = {}
    per_employee = []
    for eid, position in held.items():
        gaps = _gaps_of(eid, position, standards, latest)
        for _s, c in standards.get(position.id, []):
            names[str(c.id)] = c
        per_employee.append({str(g.competency_id): g.gap for g in gaps})
    summary = rules.summarize_gaps(per_employee)
    return GapAggregate(
        organization_id=org.id,
        unit_id=unit_id,
        employees=len(held),
        items=sorted(
            (
                GapSummaryRead(
                    competency_id=names[g.competency].id,
                    code=names[g.competency].code,
                    name=names[g.competency].name,
                    employees=g.employees,
                    with_gap=g.with_gap,
                    average_gap=g.average_gap,
                )
                for g in summary
            ),
            key=lambda r: r.code,
        ),
    )


# ---- development plans ---------------------------------------------------------------------


def plan_read(p: DevelopmentPlan) -> DevelopmentPlanRead:
    return DevelopmentPlanRead(
        id=p.id,
        organization_id=p.organization_id,
        employee_id=p.employee_id,
        year=p.year,
        type=p.type,
        title=p.title,
        competency_id=p.competency_id,
        need_id=p.need_id,
        provider=p.provider,
        start_date=p.start_date,
        end_date=p.end_date,
        budget=p.budget,
        learning_hours=p.learning_hours,
        status=p.status,
        evidence=p.evidence,
        approved=p.approved_at is not None,
        approved_at=p.approved_at,
        dialogue_action_id=p.dialogue_action_id,
        created_at=p.created_at,
        updated_at=p.updated_at,
        version=p.version,
    )


def plans_of(employee_id: uuid.UUID, year: int | None) -> Select[Any]:
    stmt = select(DevelopmentPlan).where(DevelopmentPlan.employee_id == employee_id)
    return stmt if year is None else stmt.where(DevelopmentPlan.year == year)


async def visible_plan(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID
) -> tuple[DevelopmentPlan, EmployeeScope]:
    plan = await session.get(DevelopmentPlan, plan_id)
    if plan is None or not principal.can_access_org(plan.organization_id):
        raise NotFound()
    employee = await session.get(Employee, plan.employee_id)
    assert employee is not None
    return plan, await scope_for(session, principal, employee)


def _is_manager(scope: EmployeeScope, employee_id: uuid.UUID) -> bool:
    return scope.administers(employee_id) or scope.is_subordinate(employee_id)


_PROPOSAL_ONLY = {
    "id": "Pegawai hanya dapat mengusulkan rencana sendiri (status planned) dan mengubahnya "
    "selama belum disetujui; atasan atau admin yang menyetujui dan memperbarui statusnya.",
    "en": "Employees may only propose their own plan (status planned) and change it until it "
    "is approved; a supervisor or admin approves it and moves its status.",
}


def _require_manager(scope: EmployeeScope, employee_id: uuid.UUID) -> None:
    if not _is_manager(scope, employee_id):
        raise PlanNeedsSupervisor(_PROPOSAL_ONLY)


async def _link_need(
    session: AsyncSession, plan: DevelopmentPlan, need_id: uuid.UUID | None
) -> None:
    """Point the plan at ``need_id`` (or none), keeping its ``need_links`` row in step."""
    old = await session.scalar(select(NeedLink).where(NeedLink.development_plan_id == plan.id))
    if old is not None:
        await session.delete(old)
        await session.flush()
    plan.need_id = None
    if need_id is None:
        return
    need = await session.get(Need, need_id)
    if need is None or need.organization_id != plan.organization_id:
        raise invalid_field(
            "need_id",
            "need_not_found",
            "Kebutuhan tidak ditemukan di organisasi ini",
            "Need not found in this organization",
        )
    plan.need_id = need.id
    session.add(new_link(need, plan))
    need.updated_at = utcnow()


def _check_done(status: PlanStatus, evidence: str | None) -> None:
    if status is PlanStatus.DONE and not evidence:
        raise invalid_field(
            "evidence",
            "evidence_required",
            "Bukti penyelesaian (tautan atau catatan) wajib untuk status done",
            "Completion evidence (a link or note) is required to mark the plan done",
        )


async def create_plan(
    session: AsyncSession,
    principal: Principal,
    scope: EmployeeScope,
    employee: Employee,
    data: DevelopmentPlanCreate,
) -> DevelopmentPlan:
    manager = _is_manager(scope, employee.id)
    if not manager and data.status is not PlanStatus.PLANNED:
        raise PlanNeedsSupervisor(_PROPOSAL_ONLY)
    _check_done(data.status, data.evidence)
    if data.competency_id is not None:
        await _competency_in(session, employee.organization_id, data.competency_id)
    values = data.model_dump(exclude={"need_id"})
    plan = DevelopmentPlan(
        organization_id=employee.organization_id,
        employee_id=employee.id,
        proposed_by=principal.user_id,
        approved_by=principal.user_id if manager else None,
        approved_at=utcnow() if manager else None,
        **values,
    )
    session.add(plan)
    await session.flush()
    if data.need_id is not None:
        await _link_need(session, plan, data.need_id)
        await session.flush()
    return plan


async def update_plan(
    session: AsyncSession, scope: EmployeeScope, plan: DevelopmentPlan, data: DevelopmentPlanUpdate
) -> DevelopmentPlan:
    changes = data.model_dump(exclude_unset=True)
    if not _is_manager(scope, plan.employee_id) and (
        plan.approved_at is not None or changes.get("status", plan.status) is not PlanStatus.PLANNED
    ):
        raise PlanNeedsSupervisor(_PROPOSAL_ONLY)
    required = ("type", "title", "budget", "learning_hours", "status")
    changes = {k: v for k, v in changes.items() if v is not None or k not in required}
    status = PlanStatus(changes.get("status", plan.status))
    _check_done(status, changes.get("evidence", plan.evidence))
    start = changes.get("start_date", plan.start_date)
    end = changes.get("end_date", plan.end_date)
    if start is not None and end is not None and end < start:
        raise invalid_field(
            "end_date",
            "date_order",
            "Tanggal selesai tidak boleh sebelum tanggal mulai",
            "end_date must not be before start_date",
        )
    if changes.get("competency_id") is not None:
        await _competency_in(session, plan.organization_id, changes["competency_id"])
    if "need_id" in changes:
        need_id = changes.pop("need_id")
        if need_id != plan.need_id:
            await _link_need(session, plan, need_id)
    for key, value in changes.items():
        setattr(plan, key, value)
    await session.flush()
    return plan


async def approve_plan(
    session: AsyncSession, principal: Principal, scope: EmployeeScope, plan: DevelopmentPlan
) -> DevelopmentPlan:
    _require_manager(scope, plan.employee_id)
    if plan.approved_at is None:
        plan.approved_at = utcnow()
        plan.approved_by = principal.user_id
        await session.flush()
    return plan


async def delete_plan(session: AsyncSession, scope: EmployeeScope, plan: DevelopmentPlan) -> None:
    if not _is_manager(scope, plan.employee_id) and plan.approved_at is not None:
        raise PlanNeedsSupervisor(_PROPOSAL_ONLY)
    link = await session.scalar(select(NeedLink).where(NeedLink.development_plan_id == plan.id))
    if link is not None:
        await session.delete(link)  # audited explicitly, not by the CASCADE
    await session.delete(plan)
    await session.flush()


# ---- reports -------------------------------------------------------------------------------


async def _scoped_employees(
    session: AsyncSession, principal: Principal, org: Organization, on: date
) -> list[Employee]:
    scope = await employee_scope(session, principal, org.id, org_today(org))
    return list(
        (
            await session.scalars(
                select(Employee)
                .where(
                    Employee.organization_id == org.id,
                    Employee.status == EmployeeStatus.ACTIVE,
                    scope.clause(Employee.id),
                )
                .order_by(Employee.name, Employee.id)
            )
        ).all()
    )


async def learning_hours(
    session: AsyncSession, principal: Principal, org: Organization, year: int
) -> LearningHoursReport:
    minimum = organization_settings(org).development.min_learning_hours_per_year
    on = reference_date(org, year)
    employees = await _scoped_employees(session, principal, org, on)
    ids = [e.id for e in employees]
    done: dict[uuid.UUID, int] = defaultdict(int)
    if ids:
        for employee_id, hours in await session.execute(
            select(DevelopmentPlan.employee_id, DevelopmentPlan.learning_hours).where(
                DevelopmentPlan.employee_id.in_(ids),
                DevelopmentPlan.year == year,
                DevelopmentPlan.status == PlanStatus.DONE,
            )
        ):
            done[employee_id] += hours
    below = rules.below_minimum_hours(
        {str(e.id): Decimal(done[e.id]) for e in employees}, Decimal(minimum)
    )
    held = await current_positions(session, ids, on)
    rows = [
        LearningHoursRow(
            employee_id=e.id,
            nip=e.nip,
            name=e.name,
            unit_id=held[e.id][1].id if e.id in held else None,
            done_hours=done[e.id],
            missing_hours=int(below[str(e.id)]),
        )
        for e in employees
        if str(e.id) in below
    ]
    rows.sort(key=lambda r: (-r.missing_hours, r.name))
    return LearningHoursReport(
        organization_id=org.id,
        year=year,
        minimum_hours=minimum,
        employees=len(employees),
        items=rows,
    )


async def development_budget(
    session: AsyncSession, principal: Principal, org: Organization, year: int
) -> BudgetReport:
    """Plans of the year that are not cancelled, per unit of each employee's position on the
    reference date."""
    on = reference_date(org, year)
    scope = await employee_scope(session, principal, org.id, org_today(org))
    plans = list(
        (
            await session.scalars(
                select(DevelopmentPlan).where(
                    DevelopmentPlan.organization_id == org.id,
                    DevelopmentPlan.year == year,
                    DevelopmentPlan.status != PlanStatus.CANCELLED,
                    scope.clause(DevelopmentPlan.employee_id),
                )
            )
        ).all()
    )
    held = await current_positions(session, list({p.employee_id for p in plans}), on)
    groups: dict[uuid.UUID | None, list[DevelopmentPlan]] = defaultdict(list)
    names: dict[uuid.UUID | None, str | None] = {None: None}
    for plan in plans:
        unit = held[plan.employee_id][1] if plan.employee_id in held else None
        key = unit.id if unit else None
        groups[key].append(plan)
        if unit is not None:
            names[unit.id] = unit.name

    def totals(of: Sequence[DevelopmentPlan]) -> dict[str, int]:
        return {
            "plans": len(of),
            "budget": sum(p.budget for p in of),
            "budget_done": sum(p.budget for p in of if p.status is PlanStatus.DONE),
            "learning_hours": sum(p.learning_hours for p in of),
        }

    return BudgetReport(
        organization_id=org.id,
        year=year,
        units=sorted(
            (UnitBudget(unit_id=k, unit_name=names[k], **totals(v)) for k, v in groups.items()),
            key=lambda u: (u.unit_name is None, u.unit_name or ""),
        ),
        organization=BudgetTotals(**totals(plans)),
    )
