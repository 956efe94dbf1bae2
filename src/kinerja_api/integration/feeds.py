"""The results feed for allowance payroll (TPP): per employee and month, the approved SKP's
realization per indicator, the month's activity-report figures and the appraisal results.

Set-based: a page of employees costs a fixed number of queries whatever its size. The
figures come from the same expressions and functions as the endpoints that show them one
by one (``activities.service.month_counts``, ``indicators.skp.realization``,
``appraisals``), so the numbers cannot differ (tested in ``tests/test_results_feed.py``).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kinerja_api.activities.models import ActivityReport
from kinerja_api.activities.service import month_bounds, month_counts
from kinerja_api.appraisals.models import Appraisal, AppraisalPeriod, AppraisalState
from kinerja_api.indicators.skp.models import Skp, SkpRealization, SkpWorkResult
from kinerja_api.indicators.skp.realization import achievement_percent
from kinerja_api.indicators.skp.rules import periods_of
from kinerja_api.indicators.skp.service import rhk_order
from kinerja_api.integration import rules
from kinerja_api.integration.feed_schemas import (
    ActivityFigures,
    AppraisalResult,
    EmployeeResult,
    IndicatorResult,
)
from kinerja_api.organizations.models import (
    Employee,
    EmployeePosition,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.scope import assignment_active_on
from kinerja_api.organizations.service import organization_settings, subtree_statement

#: Appraisal states whose predikat is delivered (payroll may use it).
DELIVERED = (AppraisalState.FINALIZED, AppraisalState.FINAL)


def employees_statement(
    org: Organization,
    *,
    unit_ids: Select[Any] | None,
    today: date,
    month: str,
    updated_since: datetime | None,
) -> Select[Any]:
    """The organization's employees (holding a position of the units today, if given) with
    something changed since ``updated_since`` (if given), for :func:`paginate`."""
    stmt = select(Employee).where(Employee.organization_id == org.id)
    if unit_ids is not None:
        held = (
            select(EmployeePosition.employee_id)
            .join(Position, Position.id == EmployeePosition.position_id)
            .where(Position.unit_id.in_(unit_ids), assignment_active_on(today))
        )
        stmt = stmt.where(Employee.id.in_(held))
    if updated_since is not None:
        start, end = month_bounds(month)
        stmt = stmt.where(
            or_(
                Employee.updated_at > updated_since,
                exists().where(
                    ActivityReport.employee_id == Employee.id,
                    ActivityReport.report_date >= start,
                    ActivityReport.report_date <= end,
                    ActivityReport.updated_at > updated_since,
                ),
                exists().where(
                    Skp.employee_id == Employee.id,
                    Skp.year == start.year,
                    Skp.updated_at > updated_since,
                ),
                exists().where(
                    SkpRealization.skp_id == Skp.id,
                    Skp.employee_id == Employee.id,
                    Skp.year == start.year,
                    SkpRealization.updated_at > updated_since,
                ),
                exists().where(
                    Appraisal.employee_id == Employee.id,
                    Appraisal.updated_at > updated_since,
                ),
            )
        )
    return stmt


def unit_subtree(unit: Unit) -> Select[Any]:
    """Ids of the unit and every unit below it."""
    return subtree_statement(unit).with_only_columns(Unit.id)


async def results(
    session: AsyncSession, org: Organization, employees: list[Employee], month: str
) -> list[EmployeeResult]:
    """The month's results of ``employees`` (five queries)."""
    if not employees:
        return []
    ids = [e.id for e in employees]
    start, end = month_bounds(month)
    period_key = rules.period_key_of_month(
        periods_of(organization_settings(org).skp.realization_period, start.year), start
    )
    counts = {
        row[0]: row[1:]
        for row in await session.execute(
            select(ActivityReport.employee_id, *month_counts(), func.max(ActivityReport.updated_at))
            .where(
                ActivityReport.employee_id.in_(ids),
                ActivityReport.report_date >= start,
                ActivityReport.report_date <= end,
            )
            .group_by(ActivityReport.employee_id)
        )
    }
    skps = {
        s.employee_id: s
        for s in await session.scalars(
            select(Skp)
            .where(
                Skp.organization_id == org.id,
                Skp.employee_id.in_(ids),
                Skp.year == start.year,
                Skp.first_approved_at.is_not(None),
            )
            .options(selectinload(Skp.work_results).selectinload(SkpWorkResult.indicators))
        )
    }
    realizations: dict[uuid.UUID, SkpRealization] = {}
    if skps and period_key is not None:
        realizations = {
            r.indicator_id: r
            for r in await session.scalars(
                select(SkpRealization).where(
                    SkpRealization.skp_id.in_([s.id for s in skps.values()]),
                    SkpRealization.period == period_key,
                )
            )
        }
    appraisals: dict[uuid.UUID, list[tuple[Appraisal, str]]] = {}
    for appraisal, period_name in await session.execute(
        select(Appraisal, AppraisalPeriod.name)
        .join(AppraisalPeriod, AppraisalPeriod.id == Appraisal.period_id)
        .where(
            Appraisal.organization_id == org.id,
            Appraisal.employee_id.in_(ids),
            AppraisalPeriod.start_date <= end,
            AppraisalPeriod.end_date >= start,
        )
        .order_by(AppraisalPeriod.start_date, AppraisalPeriod.end_date, Appraisal.id)
    ):
        appraisals.setdefault(appraisal.employee_id, []).append((appraisal, period_name))
    out = []
    for employee in employees:
        minutes, days, approved, pending, rejected, late, reports_at = counts.get(
            employee.id, (0, 0, 0, 0, 0, 0, None)
        )
        skp = skps.get(employee.id)
        indicators: list[IndicatorResult] = []
        stamps = [employee.updated_at, reports_at]
        if skp is not None:
            stamps.append(skp.updated_at)
            for rhk in sorted(skp.work_results, key=rhk_order):
                for indicator in rhk.indicators:
                    real = realizations.get(indicator.id)
                    if real is not None:
                        stamps.append(real.updated_at)
                    indicators.append(
                        IndicatorResult(
                            indicator_id=indicator.id,
                            work_result_id=rhk.id,
                            name=indicator.name,
                            unit=indicator.unit,
                            target_value=indicator.target_value,
                            target_text=indicator.target_text,
                            value=real.value if real else None,
                            rating=real.rating.value if real and real.rating else None,
                            achievement_percent=achievement_percent(indicator, real)
                            if real
                            else None,
                        )
                    )
        rows = appraisals.get(employee.id, [])
        stamps.extend(a.updated_at for a, _ in rows)
        out.append(
            EmployeeResult(
                employee_id=employee.id,
                nip=employee.nip,
                name=employee.name,
                month=month,
                skp_id=skp.id if skp else None,
                skp_state=skp.state.value if skp else None,
                realization_period=period_key,
                indicators=indicators,
                activities=ActivityFigures(
                    days_reported=int(days),
                    minutes=int(minutes),
                    approved=int(approved),
                    pending=int(pending),
                    rejected=int(rejected),
                    late=int(late),
                ),
                appraisals=[
                    AppraisalResult(
                        appraisal_id=a.id,
                        period_id=a.period_id,
                        period_name=name,
                        state=a.state,
                        predikat=a.predikat.value if a.predikat and a.state in DELIVERED else None,
                    )
                    for a, name in rows
                ],
                updated_at=max(s for s in stamps if s is not None),
            )
        )
    return out
