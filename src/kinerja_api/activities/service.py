"""Daily activity reports: create, edit, withdraw, review, rollups (no HTTP).

Who may do what is derived from data:

* the employee writes their own reports (pending only; approved ones are immutable);
* the **appraiser on the report date** (position chain, acting PLT/PLH and admin overrides,
  :func:`~kinerja_api.organizations.scope.appraisers_of`) reviews; others above in the chain
  see the report (403 on review), everyone else gets 404;
* admins (``activities:read_all``) read every report of their organization.
"""

from __future__ import annotations

import uuid
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Select,
    Uuid,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from kinerja_api.activities.errors import (
    BatchFailed,
    CorrectionOfUnapproved,
    NotAppraiser,
    NotOwner,
    NotUnitSuperior,
    ReportNotInScope,
    ReportNotPending,
    ReportOverlap,
    SkpNotApproved,
)
from kinerja_api.activities.models import (
    OCCUPYING,
    REPORT_STATUS_LABELS,
    ActivityReport,
    ReportStatus,
)
from kinerja_api.activities.rules import (
    DateVerdict,
    Span,
    conflicting,
    judge_report_date,
    missed_working_days,
)
from kinerja_api.activities.schemas import (
    ActivityCalendar,
    ActivitySummary,
    BatchItem,
    BatchResult,
    CalendarDay,
    IndicatorTotal,
    RecapRow,
    Reminder,
    Reminders,
    ReportCreate,
    ReportUpdate,
    RhkTotal,
    UnitRecap,
)
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core import clock
from kinerja_api.core.audit import record_updates
from kinerja_api.core.db import lock_keys, utcnow
from kinerja_api.core.errors import (
    AppError,
    FieldError,
    NotFound,
    invalid_field,
)
from kinerja_api.core.i18n import t
from kinerja_api.core.outbox import EventType, record
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpRealization, SkpWorkResult
from kinerja_api.indicators.skp.realization import valid_link
from kinerja_api.indicators.skp.rules import SkpState
from kinerja_api.organizations.chain import AppraiserResolution
from kinerja_api.organizations.models import (
    Employee,
    EmployeeKind,
    EmployeePosition,
    EmployeeStatus,
    Organization,
    Position,
)
from kinerja_api.organizations.scope import (
    EmployeeScope,
    admin_clause,
    admin_reaches,
    appraisers_of,
    appraisers_on_dates,
    assignment_active_on,
    employee_scope,
    opd_of_unit,
    subordinate_ids_select,
)
from kinerja_api.organizations.service import org_today, org_zone, organization_settings

#: SKP states in which activities may be reported against the plan's RHK.
OPEN_SKP = (SkpState.APPROVED, SkpState.REVISING)


def month_bounds(month: str) -> tuple[date, date]:
    year, mon = (int(part) for part in month.split("-"))
    return date(year, mon, 1), date(year, mon, monthrange(year, mon)[1])


# ---- access ------------------------------------------------------------------------------


async def find_report(
    session: AsyncSession, principal: Principal, report_id: uuid.UUID
) -> ActivityReport:
    """The report if it belongs to the caller's organization (404 otherwise)."""
    report = await session.get(ActivityReport, report_id)
    if report is None or not principal.can_access_org(report.organization_id):
        raise NotFound()
    return report


async def is_reviewer(session: AsyncSession, principal: Principal, report: ActivityReport) -> bool:
    """Is the caller the employee's appraiser (definitive, acting or override) on the date?"""
    if principal.employee_id is None or principal.employee_id == report.employee_id:
        return False
    found = await appraisers_of(session, report.employee_id, report.report_date)
    return found.appraiser is not None and found.appraiser.employee_id == principal.employee_id


async def require_read(session: AsyncSession, principal: Principal, report: ActivityReport) -> None:
    """Own, admin, subordinate (today or on the report date) or its appraiser; else 403.

    The report is known to be there (same organization): 403, as for every other document;
    other organizations never reach this (404 in :func:`find_report`)."""
    if principal.employee_id == report.employee_id:
        return
    if await admin_reaches(
        session, principal, Perm.ACTIVITIES_READ_ALL, report.organization_id, report.employee_id
    ):
        return
    if principal.employee_id is not None and principal.organization_id == report.organization_id:
        org = await session.get(Organization, report.organization_id)
        assert org is not None  # the report's organization (a foreign key)
        days = {report.report_date, org_today(org)}
        found = await session.scalar(
            select(func.count()).where(
                or_(
                    *(
                        literal(report.employee_id, Uuid()).in_(
                            subordinate_ids_select(principal.employee_id, on)
                        )
                        for on in sorted(days)
                    )
                )
            )
        )
        if found:
            return
    raise ReportNotInScope()


async def require_reviewer(
    session: AsyncSession, principal: Principal, report: ActivityReport
) -> None:
    if await is_reviewer(session, principal, report):
        return
    await require_read(session, principal, report)  # 404 outside the caller's scope
    raise NotAppraiser()


def require_owner(principal: Principal, report: ActivityReport) -> None:
    if principal.employee_id != report.employee_id:
        raise NotOwner()


def require_pending(report: ActivityReport) -> None:
    if report.status is not ReportStatus.PENDING:
        raise ReportNotPending(status=t(REPORT_STATUS_LABELS[report.status]))


# ---- validation --------------------------------------------------------------------------


def judge_date(org: Organization, report_date: date, now: datetime) -> bool:
    """``True`` when the report is late (accepted and flagged); 422 when refused."""
    cfg = organization_settings(org).daily_reports
    verdict = judge_report_date(report_date, now, org_zone(org), cfg.grace_days, cfg.late_policy)
    if verdict is DateVerdict.FUTURE:
        raise invalid_field(
            "report_date",
            "future_date",
            "Tanggal laporan tidak boleh di masa depan",
            "The report date may not be in the future",
        )
    if verdict is DateVerdict.TOO_LATE:
        raise invalid_field(
            "report_date",
            "report_too_late",
            f"Laporan lebih dari {cfg.grace_days} hari yang lalu tidak diterima lagi",
            f"Reports older than {cfg.grace_days} days are no longer accepted",
        )
    return verdict is DateVerdict.LATE


async def check_work_result(
    session: AsyncSession, employee: Employee, work_result_id: uuid.UUID, on: date
) -> None:
    row = (
        await session.execute(
            select(Skp.year, Skp.state, Skp.employee_id)
            .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
            .where(SkpWorkResult.id == work_result_id)
        )
    ).first()
    if row is None or row.employee_id != employee.id:
        raise invalid_field(
            "work_result_id",
            "work_result_not_found",
            "RHK tidak ditemukan di SKP Anda",
            "The work result (RHK) is not in your SKP",
        )
    if row.year != on.year or row.state not in OPEN_SKP:
        raise SkpNotApproved(year=on.year)


async def check_overlap(
    session: AsyncSession,
    employee_id: uuid.UUID,
    on: date,
    span: Span,
    *,
    ignore: Sequence[uuid.UUID] = (),
) -> None:
    # Concurrent reports of one employee and day are checked one after the other.
    await lock_keys(session, f"activity-day:{employee_id}:{on.isoformat()}")
    rows = await session.execute(
        select(ActivityReport.id, ActivityReport.start_time, ActivityReport.end_time).where(
            ActivityReport.employee_id == employee_id,
            ActivityReport.report_date == on,
            ActivityReport.status.in_(OCCUPYING),
            ActivityReport.id.not_in(list(ignore)) if ignore else true(),
        )
    )
    clash = conflicting(span, [(rid, Span(s, e)) for rid, s, e in rows])
    if clash:
        ids = ", ".join(str(c) for c in sorted(clash))
        raise ReportOverlap(
            ids=ids,
            errors=[
                FieldError.of(
                    "start_time",
                    "overlap",
                    {
                        "id": f"Bertumpang tindih dengan laporan {ids}",
                        "en": f"Overlaps report(s) {ids}",
                    },
                )
            ],
        )


def _span(start: Any, end: Any) -> Span:
    if end <= start:
        raise invalid_field(
            "end_time",
            "end_before_start",
            "Jam selesai harus setelah jam mulai",
            "The end time must be after the start time",
        )
    return Span(start, end)


# ---- writes ------------------------------------------------------------------------------


async def create_report(
    session: AsyncSession, org: Organization, employee: Employee, data: ReportCreate
) -> ActivityReport:
    span = _span(data.start_time, data.end_time)
    late = judge_date(org, data.report_date, clock.now())
    ignore: list[uuid.UUID] = []
    if data.corrects_id is not None:
        old = await session.get(ActivityReport, data.corrects_id)
        if old is None or old.employee_id != employee.id:
            raise invalid_field(
                "corrects_id",
                "report_not_found",
                "Laporan yang dikoreksi tidak ditemukan",
                "The corrected report was not found",
            )
        if old.status is not ReportStatus.APPROVED:
            raise CorrectionOfUnapproved()
        if old.report_date != data.report_date:
            raise invalid_field(
                "report_date",
                "correction_date_mismatch",
                "Koreksi harus untuk tanggal yang sama dengan laporan asal",
                "A correction must be for the same date as the original report",
            )
        ignore.append(old.id)
        late = False  # correcting is not reporting late
    await check_work_result(session, employee, data.work_result_id, data.report_date)
    await check_overlap(session, employee.id, data.report_date, span, ignore=ignore)
    report = ActivityReport(
        organization_id=org.id,
        employee_id=employee.id,
        report_date=data.report_date,
        start_time=data.start_time,
        end_time=data.end_time,
        minutes=span.minutes,
        description=data.description.strip(),
        quantity=data.quantity,
        unit=data.unit.strip(),
        work_result_id=data.work_result_id,
        evidence_url=valid_link(data.evidence_url) if data.evidence_url else None,
        latitude=data.latitude,
        longitude=data.longitude,
        status=ReportStatus.PENDING,
        late=late,
        corrects_id=data.corrects_id,
    )
    session.add(report)
    await session.flush()
    return report


async def update_report(
    session: AsyncSession,
    org: Organization,
    employee: Employee,
    report: ActivityReport,
    data: ReportUpdate,
) -> ActivityReport:
    require_pending(report)
    changes = data.model_dump(exclude_unset=True)
    for name in (
        "report_date",
        "start_time",
        "end_time",
        "description",
        "quantity",
        "unit",
        "work_result_id",
    ):
        if name in changes and changes[name] is None:
            raise invalid_field(name, "missing", "Wajib diisi", "Required")
    on = changes.get("report_date", report.report_date)
    span = _span(
        changes.get("start_time", report.start_time), changes.get("end_time", report.end_time)
    )
    if "report_date" in changes and on != report.report_date:
        if report.corrects_id is not None:
            raise invalid_field(
                "report_date",
                "correction_date_mismatch",
                "Koreksi harus untuk tanggal yang sama dengan laporan asal",
                "A correction must be for the same date as the original report",
            )
        report.late = judge_date(org, on, clock.now())
    work_result_id = changes.get("work_result_id", report.work_result_id)
    if "work_result_id" in changes or "report_date" in changes:
        await check_work_result(session, employee, work_result_id, on)
    ignore = [report.id] + ([report.corrects_id] if report.corrects_id else [])
    await check_overlap(session, employee.id, on, span, ignore=ignore)
    if changes.get("evidence_url"):
        changes["evidence_url"] = valid_link(changes["evidence_url"])
    for name, value in changes.items():
        setattr(
            report,
            name,
            value.strip() if isinstance(value, str) and name != "evidence_url" else value,
        )
    report.minutes = span.minutes
    await session.flush()
    return report


async def withdraw_report(session: AsyncSession, report: ActivityReport) -> ActivityReport:
    require_pending(report)
    report.status = ReportStatus.WITHDRAWN
    await session.flush()
    return report


async def _decide(
    session: AsyncSession,
    principal: Principal,
    report: ActivityReport,
    status: ReportStatus,
    note: str | None,
) -> None:
    require_pending(report)
    report.status = status
    report.reviewed_by_id = principal.employee_id
    report.reviewed_at = utcnow()
    report.review_note = note
    if status is ReportStatus.APPROVED and report.corrects_id is not None:
        old = await session.get(ActivityReport, report.corrects_id)
        if old is not None and old.status is ReportStatus.APPROVED:
            old.status = ReportStatus.SUPERSEDED
    _reviewed(session, report, status, principal.employee_id, note, report.reviewed_at)
    await session.flush()


def _reviewed(
    session: AsyncSession,
    report: ActivityReport,
    status: ReportStatus,
    reviewer_id: uuid.UUID | None,
    note: str | None,
    at: datetime,
) -> None:
    """The ``activity_report.reviewed`` event of one decision (``core.outbox``)."""
    record(
        session,
        report.organization_id,
        EventType.ACTIVITY_REPORT_REVIEWED,
        "activity_report",
        report.id,
        {
            "report_id": report.id,
            "employee_id": report.employee_id,
            "report_date": report.report_date,
            "status": status,
            "reviewed_by_id": reviewer_id,
            "note": note,
        },
        at=at,
    )


async def approve(
    session: AsyncSession, principal: Principal, report: ActivityReport, note: str | None
) -> ActivityReport:
    await require_reviewer(session, principal, report)
    await _decide(session, principal, report, ReportStatus.APPROVED, note)
    return report


async def reject(
    session: AsyncSession, principal: Principal, report: ActivityReport, reason: str
) -> ActivityReport:
    await require_reviewer(session, principal, report)
    await _decide(session, principal, report, ReportStatus.REJECTED, reason.strip())
    return report


async def batch_approve(
    session: AsyncSession,
    principal: Principal,
    ids: Sequence[uuid.UUID],
    *,
    atomic: bool,
    note: str | None,
) -> BatchResult:
    """Check every report first, then approve the ones that passed (all or none if
    ``atomic``).

    Statements do not grow with the batch: one SELECT of the reports, three to resolve the
    appraisers of every (employee, report date) at once, then :func:`approve_all`. Only a
    report the caller does not appraise costs one more query (to tell 404 from 403), as for
    a single approval.
    """
    unique = list(dict.fromkeys(ids))
    found = {
        r.id: r
        for r in await session.scalars(select(ActivityReport).where(ActivityReport.id.in_(unique)))
    }
    reachable = [r for r in found.values() if principal.can_access_org(r.organization_id)]
    appraisers: dict[tuple[uuid.UUID, date], AppraiserResolution] = {}
    if principal.employee_id is not None:
        for org_id in {r.organization_id for r in reachable}:
            appraisers |= await appraisers_on_dates(
                session,
                org_id,
                {
                    (r.employee_id, r.report_date)
                    for r in reachable
                    if r.organization_id == org_id and r.employee_id != principal.employee_id
                },
            )

    def reviews(report: ActivityReport) -> bool:
        resolution = appraisers.get((report.employee_id, report.report_date))
        appraiser = resolution.appraiser if resolution is not None else None
        return appraiser is not None and appraiser.employee_id == principal.employee_id

    items: list[BatchItem] = []
    good: list[ActivityReport] = []
    for rid in unique:
        report = found.get(rid)
        try:
            if report is None or not principal.can_access_org(report.organization_id):
                raise NotFound()
            if not reviews(report):
                await require_reviewer(session, principal, report)  # 404 or 403
            require_pending(report)
        except AppError as exc:
            items.append(BatchItem(id=rid, ok=False, code=exc.code, detail=exc.detail_text()))
            continue
        assert report is not None
        good.append(report)
        items.append(BatchItem(id=rid, ok=True, status=ReportStatus.APPROVED))
    failed = [i for i in items if not i.ok]
    if atomic and failed:
        raise BatchFailed(
            count=len(failed),
            errors=[
                FieldError(
                    location="body",
                    field=f"ids[{unique.index(i.id)}]",
                    message=i.detail or i.code or "",
                    type=i.code or "failed",
                )
                for i in failed
            ],
        )
    await approve_all(session, principal.employee_id, good, note)
    return BatchResult(approved=len(good), failed=len(failed), items=items)


async def approve_all(
    session: AsyncSession,
    reviewer_id: uuid.UUID | None,
    reports: Sequence[ActivityReport],
    note: str | None,
) -> None:
    """What :func:`_decide` does for each report, in one UPDATE for the reports, one SELECT
    and one UPDATE for the approved originals their corrections supersede, and one INSERT of
    the audit rows.

    Each row is matched on ``(id, version)`` and its expected status, as the unit of work
    matches a versioned row: if any report changed since it was read (edited, withdrawn,
    decided by someone else), fewer rows match and the whole batch fails with 412, like a
    single stale approval.
    """
    if not reports:
        return
    now = utcnow()
    corrected = {r.corrects_id for r in reports if r.corrects_id is not None}
    for report in reports:
        _reviewed(session, report, ReportStatus.APPROVED, reviewer_id, note, now)
    await _bulk_update(
        session,
        reports,
        ReportStatus.PENDING,
        {
            "status": ReportStatus.APPROVED,
            "reviewed_by_id": reviewer_id,
            "reviewed_at": now,
            "review_note": note,
            "updated_at": now,
        },
    )
    if corrected:
        originals = [
            r
            for r in await session.scalars(
                select(ActivityReport).where(ActivityReport.id.in_(corrected))
            )
            if r.status is ReportStatus.APPROVED
        ]
        await _bulk_update(
            session,
            originals,
            ReportStatus.APPROVED,
            {"status": ReportStatus.SUPERSEDED, "updated_at": now},
        )


async def _bulk_update(
    session: AsyncSession,
    reports: Sequence[ActivityReport],
    expected: ReportStatus,
    values: dict[str, Any],
) -> None:
    if not reports:
        return
    result = await session.execute(
        update(ActivityReport)
        .where(
            tuple_(ActivityReport.id, ActivityReport.version).in_(
                [(r.id, r.version) for r in reports]
            ),
            ActivityReport.status == expected,
        )
        .values(**values, version=ActivityReport.version + 1)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != len(reports):
        raise StaleDataError(
            f"activity_reports: {len(reports)} rows expected to be updated, "
            f"{cast(CursorResult[Any], result).rowcount} matched"
        )
    changes = []
    for report in reports:
        before = {key: getattr(report, key) for key in values}
        before["version"] = report.version
        after = {**values, "version": report.version + 1}
        changed = [k for k in after if after[k] != before[k]]
        changes.append((report, {k: before[k] for k in changed}, {k: after[k] for k in changed}))
    await record_updates(session, changes)
    for report in reports:
        session.expire(report)  # its row changed behind the unit of work's back


# ---- lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    date_from: date | None = None
    date_to: date | None = None
    status: ReportStatus | None = None
    late: bool | None = None
    employee_id: uuid.UUID | None = None


def _filtered(stmt: Select[Any], f: ListFilters) -> Select[Any]:
    if f.date_from is not None:
        stmt = stmt.where(ActivityReport.report_date >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(ActivityReport.report_date <= f.date_to)
    if f.status is not None:
        stmt = stmt.where(ActivityReport.status == f.status)
    if f.late is not None:
        stmt = stmt.where(ActivityReport.late.is_(f.late))
    if f.employee_id is not None:
        stmt = stmt.where(ActivityReport.employee_id == f.employee_id)
    return stmt


def my_reports(employee: Employee, f: ListFilters) -> Select[Any]:
    return _filtered(
        select(ActivityReport).where(
            ActivityReport.organization_id == employee.organization_id,
            ActivityReport.employee_id == employee.id,
        ),
        f,
    )


def inbox(
    principal: Principal, org: Organization, on: date, f: ListFilters, *, direct_only: bool
) -> Select[Any]:
    """Reports of the caller's subordinates on ``on`` (chain, acting and overrides)."""
    assert principal.employee_id is not None
    subs = subordinate_ids_select(principal.employee_id, on, direct_only=direct_only)
    return _filtered(
        select(ActivityReport)
        .where(ActivityReport.organization_id == org.id, ActivityReport.employee_id.in_(subs))
        .options(joinedload(ActivityReport.employee), joinedload(ActivityReport.work_result)),
        f,
    )


# ---- rollups -----------------------------------------------------------------------------


async def visible_employee(
    session: AsyncSession, principal: Principal, employee_id: uuid.UUID, today: date
) -> tuple[Employee, EmployeeScope]:
    employee = await session.get(Employee, employee_id)
    if employee is None or not principal.can_access_org(employee.organization_id):
        raise NotFound()
    scope = await employee_scope(session, principal, employee.organization_id, today)
    wide = await admin_reaches(
        session, principal, Perm.ACTIVITIES_READ_ALL, employee.organization_id, employee.id
    )
    if not (wide or employee.id == scope.own_employee_id or scope.is_subordinate(employee.id)):
        raise ReportNotInScope()
    return employee, scope


def _counts() -> list[Any]:
    a, p, r = ReportStatus.APPROVED, ReportStatus.PENDING, ReportStatus.REJECTED
    st = ActivityReport.status
    return [
        func.coalesce(func.sum(case((st == a, ActivityReport.minutes), else_=0)), 0),
        func.count(func.distinct(case((st == a, ActivityReport.report_date)))),
        func.coalesce(func.sum(case((st == a, 1), else_=0)), 0),
        func.coalesce(func.sum(case((st == p, 1), else_=0)), 0),
        func.coalesce(func.sum(case((st == r, 1), else_=0)), 0),
        func.coalesce(
            func.sum(case((and_(st != ReportStatus.WITHDRAWN, ActivityReport.late), 1), else_=0)),
            0,
        ),
    ]


#: The month figures of reports (minutes, days reported, approved, pending, rejected, late), as
#: the activity summary and the unit recap count them: other read models (the results feed)
#: select these same columns so their numbers cannot drift apart.
month_counts = _counts


def _rate(approved: int, rejected: int) -> float | None:
    reviewed = approved + rejected
    return round(100 * approved / reviewed, 1) if reviewed else None


def _same_unit(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


async def summary(session: AsyncSession, employee: Employee, month: str) -> ActivitySummary:
    start, end = month_bounds(month)
    in_month = and_(
        ActivityReport.employee_id == employee.id,
        ActivityReport.report_date >= start,
        ActivityReport.report_date <= end,
    )
    minutes, days, approved, pending, rejected, late = (
        await session.execute(select(*_counts()).where(in_month))
    ).one()
    approved_rows = (
        await session.execute(
            select(
                ActivityReport.work_result_id,
                SkpWorkResult.statement,
                ActivityReport.unit,
                func.sum(ActivityReport.quantity),
                func.sum(ActivityReport.minutes),
                func.count(),
            )
            .join(SkpWorkResult, SkpWorkResult.id == ActivityReport.work_result_id)
            .where(in_month, ActivityReport.status == ReportStatus.APPROVED)
            .group_by(ActivityReport.work_result_id, SkpWorkResult.statement, ActivityReport.unit)
            .order_by(SkpWorkResult.statement, ActivityReport.unit)
        )
    ).all()
    by_rhk = [
        RhkTotal(
            work_result_id=w,
            statement=s,
            unit=u,
            quantity=float(q or 0),
            minutes=int(m or 0),
            reports=int(n),
        )
        for w, s, u, q, m, n in approved_rows
    ]
    # Year to date (realization values are cumulative for the year).
    ytd_rows = (
        await session.execute(
            select(
                ActivityReport.work_result_id,
                ActivityReport.unit,
                func.sum(ActivityReport.quantity),
            )
            .where(
                ActivityReport.employee_id == employee.id,
                ActivityReport.status == ReportStatus.APPROVED,
                ActivityReport.report_date >= date(start.year, 1, 1),
                ActivityReport.report_date <= end,
            )
            .group_by(ActivityReport.work_result_id, ActivityReport.unit)
        )
    ).all()
    indicators: list[IndicatorTotal] = []
    rhk_ids = {w for w, _, _ in ytd_rows}
    if rhk_ids:
        rows = (
            await session.execute(
                select(SkpIndicator, SkpRealization.value)
                .outerjoin(
                    SkpRealization,
                    and_(
                        SkpRealization.indicator_id == SkpIndicator.id,
                        SkpRealization.period == month,
                    ),
                )
                .where(SkpIndicator.work_result_id.in_(rhk_ids))
                .order_by(SkpIndicator.sort_order, SkpIndicator.id)
            )
        ).all()
        for indicator, value in rows:
            month_total = sum(
                t.quantity
                for t in by_rhk
                if t.work_result_id == indicator.work_result_id
                and _same_unit(t.unit, indicator.unit)
            )
            ytd = sum(
                float(q or 0)
                for w, u, q in ytd_rows
                if w == indicator.work_result_id and _same_unit(u, indicator.unit)
            )
            if not ytd:
                continue
            indicators.append(
                IndicatorTotal(
                    indicator_id=indicator.id,
                    work_result_id=indicator.work_result_id,
                    name=indicator.name,
                    unit=indicator.unit,
                    period=month,
                    activity_total=month_total,
                    activity_total_year_to_date=ytd,
                    realization_value=value,
                )
            )
    return ActivitySummary(
        employee_id=employee.id,
        month=month,
        days_reported=int(days),
        minutes=int(minutes),
        approved=int(approved),
        rejected=int(rejected),
        pending=int(pending),
        approval_rate=_rate(int(approved), int(rejected)),
        late=int(late),
        by_work_result=by_rhk,
        indicators=indicators,
    )


async def calendar(
    session: AsyncSession, org: Organization, employee: Employee, month: str
) -> ActivityCalendar:
    start, end = month_bounds(month)
    cal = organization_settings(org).calendar
    holidays = {h.date: h.name for h in cal.holidays}
    st = ActivityReport.status
    rows = await session.execute(
        select(
            ActivityReport.report_date,
            func.sum(case((st != ReportStatus.WITHDRAWN, 1), else_=0)),
            func.coalesce(
                func.sum(case((st == ReportStatus.APPROVED, ActivityReport.minutes), else_=0)), 0
            ),
            func.sum(case((st == ReportStatus.APPROVED, 1), else_=0)),
            func.sum(case((st == ReportStatus.PENDING, 1), else_=0)),
            func.sum(case((st == ReportStatus.REJECTED, 1), else_=0)),
            func.sum(case((and_(st != ReportStatus.WITHDRAWN, ActivityReport.late), 1), else_=0)),
        )
        .where(
            ActivityReport.employee_id == employee.id,
            ActivityReport.report_date >= start,
            ActivityReport.report_date <= end,
        )
        .group_by(ActivityReport.report_date)
    )
    per_day = {row[0]: row[1:] for row in rows}
    days = []
    day = start
    while day <= end:
        n, m, a, p, r, late = per_day.get(day, (0, 0, 0, 0, 0, 0))
        days.append(
            CalendarDay(
                date=day,
                working_day=cal.is_working_day(day),
                holiday=holidays.get(day),
                reports=int(n or 0),
                minutes=int(m or 0),
                approved=int(a or 0),
                pending=int(p or 0),
                rejected=int(r or 0),
                late=int(late or 0),
            )
        )
        day += timedelta(days=1)
    return ActivityCalendar(employee_id=employee.id, month=month, days=days)


async def unit_recap(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    unit_id: uuid.UUID,
    month: str,
    today: date,
) -> UnitRecap:
    """Employees holding a position of the unit today, with their month's figures (two
    queries plus the scope, whatever the unit's size)."""
    start, end = month_bounds(month)
    scope = await employee_scope(session, principal, org.id, today)
    wide = principal.has(Perm.ACTIVITIES_READ_ALL) and principal.can_access_org(org.id)
    if wide and scope.opd_id is not None:  # an OPD admin: the units of their OPD
        wide = await opd_of_unit(session, unit_id) == scope.opd_id
    people = list(
        (
            await session.execute(
                select(Employee.id, Employee.name, Employee.nip)
                .join(EmployeePosition, EmployeePosition.employee_id == Employee.id)
                .join(Position, Position.id == EmployeePosition.position_id)
                .where(
                    Position.unit_id == unit_id,
                    Employee.organization_id == org.id,
                    assignment_active_on(today),
                )
                .distinct()
                .order_by(Employee.name, Employee.id)
            )
        ).all()
    )
    if not wide:
        people = [p for p in people if p.id in scope.subordinate_ids]
        if not people:
            raise NotUnitSuperior()
    ids = [p.id for p in people]
    figures: dict[uuid.UUID, Any] = {}
    if ids:
        rows = await session.execute(
            select(ActivityReport.employee_id, *_counts())
            .where(
                ActivityReport.employee_id.in_(ids),
                ActivityReport.report_date >= start,
                ActivityReport.report_date <= end,
            )
            .group_by(ActivityReport.employee_id)
        )
        figures = {row[0]: row[1:] for row in rows}
    out = []
    for p in people:
        minutes, days, approved, pending, rejected, late = figures.get(p.id, (0, 0, 0, 0, 0, 0))
        out.append(
            RecapRow(
                employee_id=p.id,
                name=p.name,
                nip=p.nip,
                days_reported=int(days),
                minutes=int(minutes),
                approved=int(approved),
                pending=int(pending),
                rejected=int(rejected),
                late=int(late),
            )
        )
    return UnitRecap(unit_id=unit_id, month=month, items=out)


#: How far back reminders look for the last report.
REMINDER_WINDOW_DAYS = 62


async def reminders(
    session: AsyncSession, principal: Principal, org: Organization, days: int
) -> Reminders:
    """Active employees in the caller's scope who have not reported for ``days`` working
    days up to yesterday (today is still under way). Two queries plus the scope."""
    today = org_today(org)
    end = today - timedelta(days=1)
    start = end - timedelta(days=REMINDER_WINDOW_DAYS)
    scope = await employee_scope(session, principal, org.id, today)
    admin = admin_clause(principal, Perm.ACTIVITIES_READ_ALL, org.id, Employee.id)
    stmt = select(Employee.id, Employee.name, Employee.nip).where(
        Employee.organization_id == org.id,
        Employee.status == EmployeeStatus.ACTIVE,
        Employee.kind == EmployeeKind.ASN,  # the regional head does not report
        or_(admin, Employee.id.in_(scope.subordinate_ids)),
    )
    people = (await session.execute(stmt.order_by(Employee.name, Employee.id))).all()
    reported: dict[uuid.UUID, set[date]] = {}
    if people:
        rows = await session.execute(
            select(ActivityReport.employee_id, ActivityReport.report_date)
            .where(
                ActivityReport.organization_id == org.id,
                ActivityReport.employee_id.in_([p.id for p in people]),
                ActivityReport.status != ReportStatus.WITHDRAWN,
                ActivityReport.report_date >= start,
                ActivityReport.report_date <= end,
            )
            .distinct()
        )
        for eid, day in rows:
            reported.setdefault(eid, set()).add(day)
    cal = organization_settings(org).calendar
    weekdays = {d - 1 for d in cal.working_days}
    holidays = {h.date for h in cal.holidays}
    out = []
    for p in people:
        dates = reported.get(p.id, set())
        missed = missed_working_days(dates, start, end, weekdays, holidays)
        if missed >= days:
            out.append(
                Reminder(
                    employee_id=p.id,
                    name=p.name,
                    nip=p.nip,
                    missed_working_days=missed,
                    last_report_date=max(dates) if dates else None,
                )
            )
    return Reminders(organization_id=org.id, as_of=end, days=days, items=out)
