"""Workload analysis (ABK): tasks per position and year, the report per position, unit and
organization (computed by :mod:`kinerja_api.needs.rules`), and the task table import/export."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import anyio
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.errors import FieldError, NotFound, UnprocessableEntity
from kinerja_api.core.tabular import (
    RowError,
    TableError,
    detect_format,
    missing_columns,
    read_rows,
    validate_rows,
)
from kinerja_api.needs.workload import rules
from kinerja_api.needs.workload.errors import (
    ImportInvalid,
)
from kinerja_api.needs.workload.models import WorkloadTask
from kinerja_api.needs.workload.schemas import (
    PositionWorkload,
    UnitWorkload,
    WorkloadFigures,
    WorkloadImportResult,
    WorkloadReport,
    WorkloadTaskCreate,
    WorkloadTaskRead,
    WorkloadTaskUpdate,
)
from kinerja_api.organizations.config import PejGrades
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeePosition,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.scope import assignment_active_on, unit_subtree_ids_select
from kinerja_api.organizations.service import org_today, organization_settings

COLUMNS = ("position_id", "position_name", "uraian_tugas", "satuan_hasil", "volume", "norma_menit")
REQUIRED_COLUMNS = ("position_id", "uraian_tugas", "satuan_hasil", "volume", "norma_menit")
MAX_IMPORT_ROWS = 5000


def reference_date(org: Organization, year: int) -> date:
    """31 December of the year, or today for the current (or a later) year."""
    return min(date(year, 12, 31), org_today(org))


def task_read(task: WorkloadTask) -> WorkloadTaskRead:
    return WorkloadTaskRead(
        id=task.id,
        organization_id=task.organization_id,
        position_id=task.position_id,
        year=task.year,
        description=task.description,
        output_unit=task.output_unit,
        volume=task.volume,
        norm_minutes=task.norm_minutes,
        workload_minutes=task.volume * task.norm_minutes,
        created_at=task.created_at,
        updated_at=task.updated_at,
        version=task.version,
    )


def tasks_of(position_id: uuid.UUID, year: int | None) -> Select[Any]:
    stmt = select(WorkloadTask).where(WorkloadTask.position_id == position_id)
    if year is not None:
        stmt = stmt.where(WorkloadTask.year == year)
    return stmt


async def visible_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID
) -> WorkloadTask:
    task = await session.get(WorkloadTask, task_id)
    if task is None or not principal.can_access_org(task.organization_id):
        raise NotFound()
    return task


async def create_task(
    session: AsyncSession, position: Position, data: WorkloadTaskCreate
) -> WorkloadTask:
    task = WorkloadTask(
        organization_id=position.organization_id, position_id=position.id, **data.model_dump()
    )
    session.add(task)
    await session.flush()
    return task


async def update_task(
    session: AsyncSession, task: WorkloadTask, data: WorkloadTaskUpdate
) -> WorkloadTask:
    for key, value in data.model_dump(exclude_unset=True).items():
        if value is not None:  # every field is required on the task
            setattr(task, key, value)
    await session.flush()
    return task


async def delete_task(session: AsyncSession, task: WorkloadTask) -> None:
    await session.delete(task)
    await session.flush()


# ---- report --------------------------------------------------------------------------------


def _figures(
    workload: Decimal,
    required: Decimal,
    existing: int,
    shortage: int,
    excess: int,
    effective: int,
    bounds: PejGrades,
) -> dict[str, Any]:
    ej = rules.job_efficiency(workload, existing, effective)
    return {
        "workload_minutes": workload,
        "required_staff": required,
        "existing_staff": existing,
        "job_efficiency": ej,
        "grade": rules.grade(ej, bounds),
        "shortage": shortage,
        "excess": excess,
    }


def _sum(rows: Sequence[PositionWorkload], effective: int, bounds: PejGrades) -> dict[str, Any]:
    """Totals over positions: a shortage in one position is not offset by an excess in
    another; both are reported."""
    return _figures(
        sum((r.workload_minutes for r in rows), Decimal(0)),
        sum((r.required_staff for r in rows), Decimal(0)),
        sum(r.existing_staff for r in rows),
        sum(r.shortage for r in rows),
        sum(r.excess for r in rows),
        effective,
        bounds,
    )


async def workload_report(
    session: AsyncSession, org: Organization, year: int, opd_id: uuid.UUID | None = None
) -> WorkloadReport:
    """Four queries whatever the number of positions, tasks and employees; the positions of
    one OPD's units only with ``opd_id``."""
    settings = organization_settings(org).workload
    effective, bounds = settings.effective_minutes_per_year, settings.pej_grades
    on = reference_date(org, year)
    positions = (
        await session.execute(
            select(Position, Unit)
            .join(Unit, Unit.id == Position.unit_id)
            .where(
                Position.organization_id == org.id,
                Position.is_active.is_(True),
                Position.unit_id.in_(unit_subtree_ids_select(opd_id)) if opd_id else true(),
            )
            .order_by(Unit.code, Position.name, Position.id)
        )
    ).all()
    tasks: dict[uuid.UUID, list[rules.Task]] = defaultdict(list)
    for position_id, volume, norm in await session.execute(
        select(WorkloadTask.position_id, WorkloadTask.volume, WorkloadTask.norm_minutes).where(
            WorkloadTask.organization_id == org.id, WorkloadTask.year == year
        )
    ):
        tasks[position_id].append(rules.Task(Decimal(volume), Decimal(norm)))
    staff = dict(
        (
            await session.execute(
                select(
                    EmployeePosition.position_id,
                    func.count(EmployeePosition.employee_id.distinct()),
                )
                .join(Employee, Employee.id == EmployeePosition.employee_id)
                .where(
                    EmployeePosition.organization_id == org.id,
                    Employee.organization_id == org.id,
                    EmployeePosition.kind == AssignmentKind.DEFINITIVE,
                    assignment_active_on(on),
                )
                .group_by(EmployeePosition.position_id)
            )
        ).all()
    )
    rows: list[PositionWorkload] = []
    units: dict[uuid.UUID, Unit] = {}
    for position, unit in positions:
        units.setdefault(unit.id, unit)
        workload = rules.workload_minutes(tasks.get(position.id, []))
        required = rules.required_staff(workload, effective)
        existing = int(staff.get(position.id, 0))
        gap = rules.staff_gap(required, existing)
        rows.append(
            PositionWorkload(
                position_id=position.id,
                position_name=position.name,
                unit_id=unit.id,
                tasks=len(tasks.get(position.id, [])),
                **_figures(
                    workload, required, existing, max(gap, 0), max(-gap, 0), effective, bounds
                ),
            )
        )
    by_unit: dict[uuid.UUID, list[PositionWorkload]] = defaultdict(list)
    for row in rows:
        by_unit[row.unit_id].append(row)
    return WorkloadReport(
        organization_id=org.id,
        year=year,
        reference_date=on,
        effective_minutes_per_year=effective,
        items=rows,
        units=[
            UnitWorkload(
                unit_id=unit_id,
                unit_name=units[unit_id].name,
                positions=len(of),
                **_sum(of, effective, bounds),
            )
            for unit_id, of in by_unit.items()
        ],
        organization=WorkloadFigures(**_sum(rows, effective, bounds)),
    )


# ---- import / export -----------------------------------------------------------------------


class TaskRow(BaseModel):
    """One row of the task table (column names as in the export)."""

    model_config = ConfigDict(extra="ignore")

    position_id: uuid.UUID
    uraian_tugas: str = Field(min_length=3, max_length=500)
    satuan_hasil: str = Field(min_length=1, max_length=64)
    volume: Decimal = Field(ge=0, le=10_000_000, decimal_places=2)
    norma_menit: Decimal = Field(gt=0, le=100_000, decimal_places=2)


def _import_problem(errors: Iterable[RowError]) -> UnprocessableEntity:
    return ImportInvalid(
        errors=[
            FieldError(
                location="file",
                row=e.row or None,
                field=e.column or "",
                message=e.message,
                type="row_error",
            )
            for e in errors
        ]
    )


def _read(
    data: bytes, filename: str | None
) -> tuple[list[str], list[tuple[int, dict[str, str | None]]]]:
    return read_rows(data, detect_format(data, filename), max_rows=MAX_IMPORT_ROWS)


async def import_tasks(
    session: AsyncSession,
    org: Organization,
    year: int,
    data: bytes,
    filename: str | None,
    *,
    dry_run: bool,
) -> WorkloadImportResult:
    """Validate every row; write nothing unless all are valid. The file replaces the year's
    tasks of every position it names (positions it does not name keep theirs)."""
    try:
        # Parsing and validating is CPU only: off the event loop, so one upload does not
        # stall every other request.
        header, raw = await anyio.to_thread.run_sync(_read, data, filename)
    except TableError as exc:
        raise _import_problem([RowError(0, None, str(exc))]) from exc
    missing = missing_columns(header, REQUIRED_COLUMNS)
    if missing:
        raise _import_problem([RowError(1, c, "missing column") for c in missing])
    valid, errors = await anyio.to_thread.run_sync(validate_rows, raw, TaskRow)
    known = set(
        (
            await session.scalars(
                select(Position.id).where(
                    Position.organization_id == org.id, Position.is_active.is_(True)
                )
            )
        ).all()
    )
    for number, values in raw:  # every row, also those with other errors
        try:
            position_id = uuid.UUID(values.get("position_id") or "")
        except ValueError:
            continue  # reported by the row validation
        if position_id not in known:
            errors.append(RowError(number, "position_id", "no active position with this id here"))
    if errors:
        raise _import_problem(sorted(errors, key=lambda e: (e.row, e.column or "")))
    positions = {row.position_id for _, row in valid}
    replaced = int(
        await session.scalar(
            select(func.count(WorkloadTask.id)).where(
                WorkloadTask.organization_id == org.id,
                WorkloadTask.year == year,
                WorkloadTask.position_id.in_(positions),
            )
        )
        or 0
    )
    if not dry_run:
        # Row by row (not a bulk DELETE) so the audit log sees every removed task.
        for task in await session.scalars(
            select(WorkloadTask).where(
                WorkloadTask.organization_id == org.id,
                WorkloadTask.year == year,
                WorkloadTask.position_id.in_(positions),
            )
        ):
            await session.delete(task)
        await session.flush()
        session.add_all(
            WorkloadTask(
                organization_id=org.id,
                position_id=row.position_id,
                year=year,
                description=row.uraian_tugas,
                output_unit=row.satuan_hasil,
                volume=row.volume,
                norm_minutes=row.norma_menit,
            )
            for _, row in valid
        )
        await session.flush()
    return WorkloadImportResult(
        year=year,
        dry_run=dry_run,
        rows=len(valid),
        positions=len(positions),
        created=0 if dry_run else len(valid),
        replaced=replaced,
    )


async def export_rows(session: AsyncSession, org: Organization, year: int) -> list[tuple[Any, ...]]:
    rows = await session.execute(
        select(WorkloadTask, Position.name)
        .join(Position, Position.id == WorkloadTask.position_id)
        .where(WorkloadTask.organization_id == org.id, WorkloadTask.year == year)
        .order_by(Position.name, WorkloadTask.created_at, WorkloadTask.id)
    )
    return [
        (
            str(task.position_id),
            name,
            task.description,
            task.output_unit,
            _plain(task.volume),
            _plain(task.norm_minutes),
        )
        for task, name in rows
    ]


def _plain(value: Decimal) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)
