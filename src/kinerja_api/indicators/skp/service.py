"""Performance plans (SKP): access, editing, the workflow and approved versions (no HTTP).

Access, in this order:

1. another organization's SKP (or RHK, indicator, realization) is 404;
2. within the organization, the owner, their subordinates' supervisors (position chain,
   acting officials and overrides, via :mod:`kinerja_api.organizations.scope`) and the
   organization's SKP admins read it; anyone else gets 403;
3. only the owner changes it, and only in a state of ``EDITABLE_STATES`` (else 409);
4. workflow actions follow :data:`~kinerja_api.indicators.skp.rules.TRANSITIONS`: an action
   impossible from the state is 409, a legal action by the wrong person 403.

Any change to an RHK or indicator also bumps the SKP's ``version``, so the SKP's ETag stands
for the whole document: approving with a stale ETag fails even if only an indicator changed.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, column, false, func, select, table
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kinerja_api.auth.models import User
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.audit import set_reason
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    Conflict,
    FieldError,
    NotFound,
    UnprocessableEntity,
    field_error,
)
from kinerja_api.core.i18n import t
from kinerja_api.core.outbox import EventType, record
from kinerja_api.indicators.goals.models import KeyIndicator, OrganizationGoal
from kinerja_api.indicators.goals.service import target_of
from kinerja_api.indicators.skp.diff import skp_diff
from kinerja_api.indicators.skp.errors import (
    ActionNotAllowed,
    ApproachConflictsTargets,
    IllegalSkpTransition,
    IndicatorHasRealizations,
    NotAnAsn,
    ScopeNotAllowed,
    SkpExists,
    SkpNotEditable,
    SkpNotInScope,
    SkpOwnerOnly,
    SkpVersionNotFound,
    WorkResultHasReports,
    WorkResultReferenced,
)
from kinerja_api.indicators.skp.models import (
    Skp,
    SkpEvent,
    SkpIndicator,
    SkpRealization,
    SkpVersion,
    SkpWorkResult,
)
from kinerja_api.indicators.skp.rules import (
    EDITABLE_STATES,
    NEEDS_NOTE,
    STATE_LABELS,
    Actor,
    ActorNotAllowed,
    IllegalTransition,
    OtherSkp,
    PersonRef,
    SkpAction,
    SkpFacts,
    SkpState,
    WorkResultKind,
    acting_as,
    allowed_actions,
    approach_problem,
    blockers,
    goal_within_reach,
    heads_opd,
    may_cascade_from_goals,
    next_state,
    perspective_problem,
)
from kinerja_api.indicators.skp.schemas import (
    IndicatorCreate,
    IndicatorRead,
    IndicatorUpdate,
    SkpChange,
    SkpCreate,
    SkpDocument,
    SkpRead,
    SkpSnapshot,
    SkpSummary,
    SkpUpdate,
    SkpVersionDiff,
    WorkResultCreate,
    WorkResultRead,
    WorkResultUpdate,
)
from kinerja_api.indicators.targets import target_problems
from kinerja_api.organizations.chain import AppraiserResolution, Basis
from kinerja_api.organizations.config import OrganizationSettings
from kinerja_api.organizations.employees.service import current_positions
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeeKind,
    EmployeePosition,
    Organization,
    Position,
)
from kinerja_api.organizations.schemas import EmployeeRef
from kinerja_api.organizations.scope import (
    appraisers_of,
    assignment_active_on,
    employee_scope,
    opd_member_ids_select,
    subordinate_depths,
    subordinate_ids_select,
)
from kinerja_api.organizations.service import org_today, organization_settings
from kinerja_api.organizations.units_of_measure.service import catalogue as units_catalogue

#: Fields of an RHK indicator that make up its target (see ``targets.Target``).
TARGET_FIELDS = (
    "aspect",
    "unit",
    "direction",
    "target_value",
    "target_min",
    "target_max",
    "target_text",
    "allow_over_100",
)
REFERENCE_FIELDS = ("parent_id", "goal_id", "key_indicator_id")


@dataclass(frozen=True)
class Caller:
    """Who acts: an account (``user_id``) and/or an employee; demo data acts without one."""

    user_id: uuid.UUID | None
    employee_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    is_admin: bool = False
    #: An OPD admin's OPD: their admin powers reach the SKP of that OPD's people only.
    admin_opd_id: uuid.UUID | None = None

    @classmethod
    def of(cls, principal: Principal) -> Caller:
        return cls(
            user_id=principal.user_id,
            employee_id=principal.employee_id,
            organization_id=principal.organization_id,
            is_admin=principal.has(Perm.SKP_ADMIN),
            admin_opd_id=principal.opd_id,
        )

    async def administers(self, session: AsyncSession, employee_id: uuid.UUID) -> bool:
        """Whether the caller's admin powers reach this employee's SKP."""
        if not self.is_admin:
            return False
        if self.admin_opd_id is None:
            return True
        opd = await session.scalar(select(Employee.opd_id).where(Employee.id == employee_id))
        return opd == self.admin_opd_id


@dataclass(frozen=True)
class SkpAccess:
    """How the caller relates to one SKP today."""

    org: Organization
    today: date
    #: The owner's appraiser and appraiser's superior today.
    resolution: AppraiserResolution
    actors: frozenset[Actor]
    can_read: bool


# ---- finding and access --------------------------------------------------------------------


def full_load() -> Any:
    return selectinload(Skp.work_results).selectinload(SkpWorkResult.indicators)


async def find_skp(
    session: AsyncSession, caller: Caller, skp_id: uuid.UUID, *, full: bool = False
) -> Skp:
    """The SKP if it is in the caller's organization (else 404); ``full`` loads RHK and
    indicators (two more queries, whatever their number)."""
    stmt = select(Skp).where(Skp.id == skp_id)
    if full:
        stmt = stmt.options(full_load())
    skp: Skp | None = await session.scalar(stmt)
    if skp is None or skp.organization_id != caller.organization_id:
        raise NotFound()
    return skp


async def reload_full(session: AsyncSession, skp: Skp) -> Skp:
    """The SKP with its RHK and indicators freshly loaded (after changes)."""
    stmt = (
        select(Skp)
        .where(Skp.id == skp.id)
        .options(full_load())
        .execution_options(populate_existing=True)
    )
    fresh: Skp = (await session.scalars(stmt)).one()
    return fresh


async def find_work_result(
    session: AsyncSession, caller: Caller, work_result_id: uuid.UUID, *, indicators: bool = False
) -> tuple[SkpWorkResult, Skp]:
    stmt = select(SkpWorkResult).where(SkpWorkResult.id == work_result_id)
    if indicators:
        stmt = stmt.options(selectinload(SkpWorkResult.indicators))
    rhk: SkpWorkResult | None = await session.scalar(stmt)
    if rhk is None or rhk.organization_id != caller.organization_id:
        raise NotFound()
    return rhk, await find_skp(session, caller, rhk.skp_id)


async def find_indicator(
    session: AsyncSession, caller: Caller, indicator_id: uuid.UUID
) -> tuple[SkpIndicator, Skp]:
    indicator = await session.get(SkpIndicator, indicator_id)
    if indicator is None or indicator.organization_id != caller.organization_id:
        raise NotFound()
    return indicator, await find_skp(session, caller, indicator.skp_id)


async def access(session: AsyncSession, caller: Caller, skp: Skp) -> SkpAccess:
    """Resolve the caller's relation to ``skp`` today (five or six queries)."""
    org = await session.get(Organization, skp.organization_id)
    assert org is not None  # foreign key
    today = org_today(org)
    resolution = await appraisers_of(session, skp.employee_id, today)
    actors: set[Actor] = set()
    if caller.employee_id is not None and caller.employee_id == skp.employee_id:
        actors.add(Actor.OWNER)
    appraiser = resolution.appraiser
    if caller.employee_id is not None and appraiser and appraiser.employee_id == caller.employee_id:
        actors.add(Actor.APPRAISER)
    if await caller.administers(session, skp.employee_id):
        actors.add(Actor.ADMIN)
    can_read = bool(actors)
    if not can_read and caller.employee_id is not None:
        # Supervisors further up the chain (and appraisers' superiors) read as well.
        depths = await subordinate_depths(session, caller.employee_id, today, [skp.employee_id])
        can_read = skp.employee_id in depths
    return SkpAccess(org, today, resolution, frozenset(actors), can_read)


def require_read(skp_access: SkpAccess) -> None:
    if not skp_access.can_read:
        raise SkpNotInScope()


def require_owner(caller: Caller, skp: Skp) -> None:
    if caller.employee_id is None or caller.employee_id != skp.employee_id:
        raise SkpOwnerOnly()


_NOT_EDITABLE_HINT: Mapping[SkpState, Mapping[str, str]] = {
    SkpState.SUBMITTED: {
        "id": "Tunggu keputusan pejabat penilai.",
        "en": "Wait for the appraiser's decision.",
    },
    SkpState.APPROVED: {
        "id": "Ajukan revisi dulu (request-revision) dengan alasannya.",
        "en": "Request a revision first (request-revision), with the reason.",
    },
    SkpState.LOCKED: {
        "id": "SKP dikunci; hanya admin yang dapat membukanya.",
        "en": "The SKP is locked; only an admin can unlock it.",
    },
}


def require_editable(skp: Skp) -> None:
    if skp.state in EDITABLE_STATES:
        return
    raise SkpNotEditable(state=t(STATE_LABELS[skp.state]), hint=t(_NOT_EDITABLE_HINT[skp.state]))


def _touch(skp: Skp) -> None:
    """Bump the SKP's version (its ETag) for a change to one of its RHK or indicators."""
    skp.updated_at = utcnow()


# ---- shaping -------------------------------------------------------------------------------


def rhk_order(rhk: SkpWorkResult) -> tuple[bool, int, datetime, uuid.UUID]:
    return (rhk.kind is not WorkResultKind.UTAMA, rhk.sort_order, rhk.created_at, rhk.id)


def work_result_read(rhk: SkpWorkResult) -> WorkResultRead:
    return WorkResultRead(
        id=rhk.id,
        skp_id=rhk.skp_id,
        kind=rhk.kind,
        statement=rhk.statement,
        parent_id=rhk.parent_id,
        goal_id=rhk.goal_id,
        key_indicator_id=rhk.key_indicator_id,
        perspective=rhk.perspective,
        sort_order=rhk.sort_order,
        collaboration_note=rhk.collaboration_note,
        indicators=[IndicatorRead.model_validate(i) for i in rhk.indicators],
        created_at=rhk.created_at,
        updated_at=rhk.updated_at,
        version=rhk.version,
    )


def _summary_fields(skp: Skp, employee_name: str) -> dict[str, Any]:
    return {
        "id": skp.id,
        "organization_id": skp.organization_id,
        "employee": EmployeeRef(id=skp.employee_id, name=employee_name),
        "year": skp.year,
        "period_start": skp.period_start,
        "period_end": skp.period_end,
        "state": skp.state,
        "approach": skp.approach,
        "revision": skp.revision,
        "submitted_at": skp.submitted_at,
        "approved_at": skp.approved_at,
        "first_approved_at": skp.first_approved_at,
        "created_at": skp.created_at,
        "updated_at": skp.updated_at,
        "version": skp.version,
    }


def skp_summary(skp: Skp, employee_name: str) -> SkpSummary:
    return SkpSummary(**_summary_fields(skp, employee_name))


def skp_document(skp: Skp, employee_name: str) -> SkpDocument:
    """The whole SKP (``skp`` loaded with :func:`find_skp` ``full=True``)."""
    snapshot = None
    if skp.submitted_at is not None:
        snapshot = SkpSnapshot(
            position_id=skp.position_id,
            position_name=skp.position_name,
            unit_id=skp.unit_id,
            unit_name=skp.unit_name,
            appraiser_id=skp.appraiser_id,
            appraiser_name=skp.appraiser_name,
            appraiser_position_name=skp.appraiser_position_name,
        )
    return SkpDocument(
        **_summary_fields(skp, employee_name),
        resource_support=skp.resource_support,
        accountability_scheme=skp.accountability_scheme,
        consequences=skp.consequences,
        snapshot=snapshot,
        work_results=[work_result_read(r) for r in sorted(skp.work_results, key=rhk_order)],
    )


async def employee_name(session: AsyncSession, employee_id: uuid.UUID) -> str:
    employee = await session.get(Employee, employee_id)
    return employee.name if employee is not None else ""


async def employee_names(
    session: AsyncSession, employee_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, str]:
    ids = set(employee_ids)
    if not ids:
        return {}
    rows = await session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids)))
    return {eid: name for eid, name in rows}


async def skp_read(session: AsyncSession, skp: Skp, skp_access: SkpAccess) -> SkpRead:
    document = skp_document(skp, await employee_name(session, skp.employee_id))
    return SkpRead(
        **document.model_dump(),
        allowed_actions=allowed_actions(skp.state, skp_access.actors),
        can_edit=Actor.OWNER in skp_access.actors and skp.state in EDITABLE_STATES,
    )


# ---- create and update the SKP -------------------------------------------------------------


def _period_problems(year: int, start: date, end: date) -> list[FieldError]:
    problems = []
    for name, value in (("period_start", start), ("period_end", end)):
        if value.year != year:
            problems.append(
                FieldError.of(
                    name,
                    "period_outside_year",
                    {
                        "id": f"Masa SKP harus di dalam tahun {year}",
                        "en": f"The SKP period must lie within {year}",
                    },
                )
            )
    if not problems and end < start:
        problems.append(
            FieldError.of(
                "period_end",
                "bounds_order",
                {
                    "id": "Akhir masa SKP tidak boleh sebelum awalnya",
                    "en": "The end of the SKP period cannot be before its start",
                },
            )
        )
    return problems


def _raise_if(problems: Sequence[FieldError | None]) -> None:
    found = [p for p in problems if p is not None]
    if found:
        raise UnprocessableEntity(errors=found)


async def create_skp(
    session: AsyncSession, org: Organization, employee: Employee, data: SkpCreate
) -> Skp:
    if employee.kind is not EmployeeKind.ASN:
        raise NotAnAsn()
    existing = await session.scalar(
        select(Skp.id).where(
            Skp.organization_id == org.id, Skp.employee_id == employee.id, Skp.year == data.year
        )
    )
    if existing is not None:
        raise SkpExists(year=data.year, skp_id=existing)
    start = data.period_start or date(data.year, 1, 1)
    end = data.period_end or date(data.year, 12, 31)
    _raise_if(_period_problems(data.year, start, end))
    skp = Skp(
        organization_id=org.id,
        employee_id=employee.id,
        year=data.year,
        period_start=start,
        period_end=end,
        state=SkpState.DRAFT,
        approach=data.approach,
        revision=0,
        resource_support=data.resource_support,
        accountability_scheme=data.accountability_scheme,
        consequences=data.consequences,
        work_results=[],
    )
    session.add(skp)
    await session.flush()
    return skp


async def update_skp(session: AsyncSession, skp: Skp, data: SkpUpdate) -> Skp:
    """Change a draft/returned/revising SKP (``skp`` loaded in full)."""
    require_editable(skp)
    changes = data.model_dump(exclude_unset=True)
    for key in ("period_start", "period_end", "approach"):
        if key in changes and changes[key] is None:
            del changes[key]
    start = changes.get("period_start", skp.period_start)
    end = changes.get("period_end", skp.period_end)
    _raise_if(_period_problems(skp.year, start, end))
    approach = changes.get("approach", skp.approach)
    if approach is not skp.approach:
        clashing = [
            i.name
            for r in skp.work_results
            for i in r.indicators
            if approach_problem(approach, target_of(_target_fields(i)).kind) is not None
        ]
        if clashing:
            raise ApproachConflictsTargets(names=", ".join(clashing))
    for key, value in changes.items():
        setattr(skp, key, value)
    await session.flush()
    return skp


# ---- work results (RHK) --------------------------------------------------------------------


async def _reference_problems(
    session: AsyncSession, skp: Skp, refs: Mapping[str, uuid.UUID | None], today: date
) -> list[FieldError]:
    """Problems with what an RHK of ``skp`` would refer to (empty: fine)."""
    given = [name for name in REFERENCE_FIELDS if refs.get(name) is not None]
    if not given:
        return []
    if len(given) > 1:
        return [
            field_error(
                given[1],
                "reference_ambiguous",
                "RHK hanya dapat mengacu pada satu hal: RHK atasan, sasaran/tujuan, atau IKU",
                "A work result refers to one thing only: a superior's RHK, a goal or an IKU",
            )
        ]
    resolution = await appraisers_of(session, skp.employee_id, today)
    field = given[0]
    if field == "parent_id":
        superiors = await cascade_superiors(session, {skp.employee_id: resolution}, today)
        row = (
            await session.execute(
                select(Skp.organization_id, Skp.year, Skp.employee_id)
                .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
                .where(SkpWorkResult.id == refs["parent_id"])
            )
        ).first()
        if row is None or row.organization_id != skp.organization_id:
            return [
                field_error(
                    field,
                    "parent_not_found",
                    "RHK atasan tidak ditemukan di organisasi ini",
                    "Superior's work result not found in this organization",
                )
            ]
        if row.year != skp.year:
            return [
                field_error(
                    field,
                    "parent_year_mismatch",
                    f"RHK atasan harus dari SKP tahun {skp.year}",
                    f"The superior's work result must be from an SKP of {skp.year}",
                )
            ]
        if superiors.get(skp.employee_id) != row.employee_id:
            return [
                field_error(
                    field,
                    "parent_not_superior",
                    "RHK hanya dapat mengacu pada RHK atasan langsung Anda",
                    "A work result can only refer to a work result of your direct superior",
                )
            ]
        return []
    target: OrganizationGoal | KeyIndicator | None = (
        await session.get(OrganizationGoal, refs[field])
        if field == "goal_id"
        else await session.get(KeyIndicator, refs[field])
    )
    if target is None or target.organization_id != skp.organization_id:
        return [
            field_error(
                field,
                "goal_not_found",
                "Sasaran/tujuan atau IKU tidak ditemukan di organisasi ini",
                "Goal or key indicator not found in this organization",
            )
        ]
    if target.year != skp.year or not target.is_active:
        return [
            field_error(
                field,
                "goal_not_applicable",
                f"Sasaran/tujuan atau IKU harus aktif dan dari tahun {skp.year}",
                f"The goal or key indicator must be active and of {skp.year}",
            )
        ]
    employee_opd, leads_opd = await opd_standing(session, skp.employee_id, resolution)
    if not goal_within_reach(target.unit_id, employee_opd):
        return [
            field_error(
                field,
                "goal_outside_opd",
                "Sasaran/tujuan atau IKU ini milik OPD lain; RHK mengacu pada Renstra OPD Anda "
                "atau pada RPJMD instansi",
                "This goal or key indicator belongs to another OPD; work results refer to "
                "your own OPD's goals or to the instansi's",
            )
        ]
    if not may_cascade_from_goals(
        has_appraiser=resolution.appraiser is not None,
        appraiser_has_superior=resolution.appraiser_superior is not None,
        heads_opd=leads_opd,
    ):
        return [
            field_error(
                field,
                "goal_link_not_allowed",
                "Hanya pimpinan organisasi dan kepala unit yang melapor langsung kepadanya yang "
                "mengacu pada sasaran/IKU organisasi; RHK Anda mengacu pada RHK atasan Anda",
                "Only the head of the organization and the unit heads reporting to them refer "
                "to the organization's goals/IKU; your work results refer to your superior's",
            )
        ]
    return []


async def opd_standing(
    session: AsyncSession, employee_id: uuid.UUID, resolution: AppraiserResolution
) -> tuple[uuid.UUID | None, bool]:
    """The employee's OPD and whether they head it (their appraiser is outside it; one
    query)."""
    appraiser_id = resolution.appraiser.employee_id if resolution.appraiser else None
    rows = await session.execute(
        select(Employee.id, Employee.opd_id).where(
            Employee.id.in_({i for i in (employee_id, appraiser_id) if i is not None})
        )
    )
    opd: dict[uuid.UUID, uuid.UUID | None] = {eid: unit for eid, unit in rows}
    own = opd.get(employee_id)
    appraiser_opd = opd.get(appraiser_id) if appraiser_id else None
    return own, heads_opd(own, appraiser_opd, has_appraiser=appraiser_id is not None)


async def opd_heads(
    session: AsyncSession, resolutions: Mapping[uuid.UUID, AppraiserResolution]
) -> set[uuid.UUID]:
    """Which of the employees of ``resolutions`` head their OPD (:func:`opd_standing` for
    many; one query)."""
    appraisers = {
        eid: r.appraiser.employee_id for eid, r in resolutions.items() if r.appraiser is not None
    }
    ids = set(appraisers) | set(appraisers.values())
    if not ids:
        return set()
    rows = await session.execute(select(Employee.id, Employee.opd_id).where(Employee.id.in_(ids)))
    opd: dict[uuid.UUID, uuid.UUID | None] = {eid: unit for eid, unit in rows}
    return {
        eid
        for eid, appraiser_id in appraisers.items()
        if heads_opd(opd.get(eid), opd.get(appraiser_id), has_appraiser=True)
    }


async def _perspective_problem(
    session: AsyncSession, skp: Skp, rhk: Mapping[str, Any], today: date
) -> FieldError | None:
    held = (await current_positions(session, [skp.employee_id], today)).get(skp.employee_id)
    level = held[0].level if held else None
    return perspective_problem(rhk.get("perspective"), rhk["kind"], level)


async def add_work_result(
    session: AsyncSession, skp: Skp, data: WorkResultCreate, today: date
) -> SkpWorkResult:
    require_editable(skp)
    values = data.model_dump()
    problems: list[FieldError | None] = list(await _reference_problems(session, skp, values, today))
    problems.append(await _perspective_problem(session, skp, values, today))
    _raise_if(problems)
    rhk = SkpWorkResult(organization_id=skp.organization_id, skp_id=skp.id, indicators=[], **values)
    session.add(rhk)
    _touch(skp)
    await session.flush()
    return rhk


async def update_work_result(
    session: AsyncSession, skp: Skp, rhk: SkpWorkResult, data: WorkResultUpdate, today: date
) -> SkpWorkResult:
    require_editable(skp)
    changes = data.model_dump(exclude_unset=True)
    for key in ("kind", "statement", "sort_order"):
        if key in changes and changes[key] is None:
            del changes[key]
    problems: list[FieldError | None] = []
    if any(name in changes for name in REFERENCE_FIELDS):
        refs = {name: changes.get(name) for name in REFERENCE_FIELDS}
        changes.update(refs)
        if any(refs[n] != getattr(rhk, n) for n in REFERENCE_FIELDS):
            problems += await _reference_problems(session, skp, refs, today)
    if "kind" in changes or "perspective" in changes:
        merged = {
            "kind": changes.get("kind", rhk.kind),
            "perspective": changes.get("perspective", rhk.perspective),
        }
        problems.append(await _perspective_problem(session, skp, merged, today))
    _raise_if(problems)
    for key, value in changes.items():
        setattr(rhk, key, value)
    _touch(skp)
    await session.flush()
    return rhk


async def delete_work_result(session: AsyncSession, skp: Skp, rhk: SkpWorkResult) -> None:
    """Delete an RHK (``rhk`` loaded with its indicators) nothing depends on."""
    require_editable(skp)
    dependants = list(
        await session.execute(
            select(Employee.name)
            .join(Skp, Skp.employee_id == Employee.id)
            .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
            .where(SkpWorkResult.parent_id == rhk.id)
            .distinct()
            .order_by(Employee.name)
        )
    )
    if dependants:
        raise WorkResultReferenced(names=", ".join(name for (name,) in dependants))
    await _refuse_if_realized(session, [i.id for i in rhk.indicators])
    await _refuse_if_reported(session, rhk)
    await session.delete(rhk)
    _touch(skp)
    await session.flush()


#: The activity reports' reference to an RHK, named here as a table: the activities domain
#: builds on this one, not the other way round.
_REPORTS = table("activity_reports", column("work_result_id"))


async def _refuse_if_reported(session: AsyncSession, rhk: SkpWorkResult) -> None:
    """Daily activity reports are filed against an RHK: it is history and stays (409 with the
    count and what to do instead, not the foreign key's integrity_conflict)."""
    reports = await session.scalar(
        select(func.count()).select_from(_REPORTS).where(_REPORTS.c.work_result_id == rhk.id)
    )
    if reports:
        raise WorkResultHasReports(count=reports)


async def _refuse_if_realized(session: AsyncSession, indicator_ids: Sequence[uuid.UUID]) -> None:
    if not indicator_ids:
        return
    realized = await session.scalar(
        select(SkpRealization.id).where(SkpRealization.indicator_id.in_(indicator_ids)).limit(1)
    )
    if realized is not None:
        raise IndicatorHasRealizations()


# ---- indicators ----------------------------------------------------------------------------


def _target_fields(source: SkpIndicator | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(source, SkpIndicator):
        return {name: getattr(source, name) for name in TARGET_FIELDS}
    return {name: source.get(name) for name in TARGET_FIELDS}


async def _indicator_problems(
    session: AsyncSession, skp: Skp, values: Mapping[str, Any]
) -> list[FieldError | None]:
    target = target_of(_target_fields(values))
    units = await units_catalogue(session, skp.organization_id)
    return [
        *target_problems(target, units, org_id=skp.organization_id),
        approach_problem(skp.approach, target.kind),
    ]


async def add_indicator(
    session: AsyncSession, skp: Skp, rhk: SkpWorkResult, data: IndicatorCreate
) -> SkpIndicator:
    require_editable(skp)
    values = data.model_dump()
    _raise_if(await _indicator_problems(session, skp, values))
    indicator = SkpIndicator(
        organization_id=skp.organization_id, skp_id=skp.id, work_result_id=rhk.id, **values
    )
    session.add(indicator)
    _touch(skp)
    await session.flush()
    return indicator


async def update_indicator(
    session: AsyncSession, skp: Skp, indicator: SkpIndicator, data: IndicatorUpdate
) -> SkpIndicator:
    require_editable(skp)
    changes = data.model_dump(exclude_unset=True)
    for key in ("name", "aspect", "unit", "allow_over_100", "sort_order"):
        if key in changes and changes[key] is None:
            del changes[key]
    merged = {**_target_fields(indicator), **changes}
    _raise_if(await _indicator_problems(session, skp, merged))
    for key, value in changes.items():
        setattr(indicator, key, value)
    _touch(skp)
    await session.flush()
    return indicator


async def delete_indicator(session: AsyncSession, skp: Skp, indicator: SkpIndicator) -> None:
    require_editable(skp)
    await _refuse_if_realized(session, [indicator.id])
    await session.delete(indicator)
    _touch(skp)
    await session.flush()


# ---- what blocks submission ----------------------------------------------------------------


async def cascade_superiors(
    session: AsyncSession, resolutions: Mapping[uuid.UUID, AppraiserResolution], on: date
) -> dict[uuid.UUID, uuid.UUID | None]:
    """Whose SKP each employee's RHK cascade from (one query at most).

    Normally the appraiser. While an acting official (PLH, or a PLT beside a definitive
    holder) stands in for the superior position, they approve, but the plan stays the
    position's: the RHK cascade from its definitive holder's SKP. A PLT of a vacant position
    is the superior in both respects.
    """
    acting = {
        r.appraiser.position_id
        for r in resolutions.values()
        if r.appraiser is not None
        and r.appraiser.basis in (Basis.PLT, Basis.PLH)
        and r.appraiser.position_id is not None
    }
    holders: dict[uuid.UUID, uuid.UUID] = {}
    if acting:
        rows = await session.execute(
            select(EmployeePosition.position_id, EmployeePosition.employee_id)
            .where(
                EmployeePosition.position_id.in_(acting),
                EmployeePosition.kind == AssignmentKind.DEFINITIVE,
                assignment_active_on(on),
            )
            .order_by(EmployeePosition.start_date.desc(), EmployeePosition.id)
        )
        for position_id, employee_id in rows:
            holders.setdefault(position_id, employee_id)
    out: dict[uuid.UUID, uuid.UUID | None] = {}
    for employee_id, resolution in resolutions.items():
        appraiser = resolution.appraiser
        if appraiser is None:
            out[employee_id] = None
            continue
        holder = holders.get(appraiser.position_id) if appraiser.position_id else None
        acting_official = appraiser.basis in (Basis.PLT, Basis.PLH)
        out[employee_id] = holder if acting_official and holder else appraiser.employee_id
    return out


@dataclass(frozen=True)
class SkpKey:
    """Enough of another SKP to say whether one can build on it."""

    id: uuid.UUID
    state: SkpState
    revision: int
    owner_id: uuid.UUID


def build_facts(
    *,
    year: int,
    today: date,
    settings: OrganizationSettings,
    skp: Skp | None,
    resolution: AppraiserResolution,
    names: Mapping[uuid.UUID, str],
    superior_id: uuid.UUID | None,
    superior_skp: SkpKey | None,
    parents: Mapping[uuid.UUID, SkpKey],
    superior_appraiser: PersonRef | None = None,
    leads_opd: bool = False,
) -> SkpFacts:
    """The facts of one employee's SKP of ``year`` (``skp`` loaded in full, or ``None``)
    from data loaded beforehand: ``names`` of the people involved, the superior the RHK
    cascade from (see :func:`cascade_superiors`) and their SKP, the SKP owning each
    referenced parent RHK, who approves the superior's SKP when it is submitted, and whether
    the employee heads their OPD (``leads_opd``, see :func:`opd_standing`: an OPD head refers
    to goals and never waits on the Sekda's SKP)."""
    appraiser = resolution.appraiser
    appraiser_ref = (
        PersonRef(appraiser.employee_id, names.get(appraiser.employee_id, ""))
        if appraiser
        else None
    )
    superior_ref = PersonRef(superior_id, names.get(superior_id, "")) if superior_id else None
    work_results = skp.work_results if skp is not None else []
    referenced: dict[uuid.UUID, OtherSkp] = {}
    for rhk in work_results:
        parent = parents.get(rhk.parent_id) if rhk.parent_id else None
        if parent is not None:
            owner = PersonRef(parent.owner_id, names.get(parent.owner_id, ""))
            referenced[parent.id] = OtherSkp(owner, parent.id, parent.state)
    main = [r for r in work_results if r.kind is WorkResultKind.UTAMA]
    return SkpFacts(
        year=year,
        today=today,
        deadline=settings.skp.deadline(year),
        has_position=resolution.position_id is not None,
        appraiser=appraiser_ref,
        goal_eligible=may_cascade_from_goals(
            has_appraiser=appraiser is not None,
            appraiser_has_superior=resolution.appraiser_superior is not None,
            heads_opd=leads_opd,
        ),
        superior_skp=(
            OtherSkp(
                superior_ref,
                superior_skp.id if superior_skp else None,
                superior_skp.state if superior_skp else None,
            )
            if superior_ref is not None
            else None
        ),
        state=skp.state if skp is not None else None,
        period_end=skp.period_end if skp is not None else None,
        main_work_results=len(main),
        unlinked_main=sum(1 for r in main if all(getattr(r, n) is None for n in REFERENCE_FIELDS)),
        without_indicators=sum(1 for r in work_results if not r.indicators),
        referenced=tuple(sorted(referenced.values(), key=lambda o: (o.owner.name, o.skp_id))),
        superior_appraiser=superior_appraiser,
    )


async def referenced_skps(session: AsyncSession, skps: Iterable[Skp]) -> dict[uuid.UUID, SkpKey]:
    """For every parent RHK the RHK of ``skps`` (loaded in full) refer to: its SKP (one
    query)."""
    parent_ids = {r.parent_id for s in skps for r in s.work_results if r.parent_id is not None}
    if not parent_ids:
        return {}
    rows = await session.execute(
        select(SkpWorkResult.id, Skp.id, Skp.state, Skp.revision, Skp.employee_id)
        .join(Skp, Skp.id == SkpWorkResult.skp_id)
        .where(SkpWorkResult.id.in_(parent_ids))
    )
    return {rid: SkpKey(sid, state, rev, owner) for rid, sid, state, rev, owner in rows}


async def skps_of_year(
    session: AsyncSession, org_id: uuid.UUID, employee_ids: Iterable[uuid.UUID], year: int
) -> dict[uuid.UUID, SkpKey]:
    """The SKP of ``year`` of each of ``employee_ids`` that has one, by employee."""
    ids = set(employee_ids)
    if not ids:
        return {}
    rows = await session.execute(
        select(Skp.id, Skp.state, Skp.revision, Skp.employee_id).where(
            Skp.organization_id == org_id, Skp.year == year, Skp.employee_id.in_(ids)
        )
    )
    return {row.employee_id: SkpKey(*row) for row in rows}


async def skp_facts(
    session: AsyncSession,
    org: Organization,
    today: date,
    employee_id: uuid.UUID,
    year: int,
    skp: Skp | None,
    resolution: AppraiserResolution,
) -> SkpFacts:
    """:func:`build_facts` for one employee, loading what it needs (five queries; four more
    while the superior's SKP is submitted, to name who approves it)."""
    parents = await referenced_skps(session, [skp] if skp is not None else [])
    superior_id = (await cascade_superiors(session, {employee_id: resolution}, today)).get(
        employee_id
    )
    superior_skps = await skps_of_year(session, org.id, [superior_id] if superior_id else [], year)
    superior_skp = superior_skps.get(superior_id) if superior_id else None
    approver_id: uuid.UUID | None = None
    if superior_id is not None and superior_skp and superior_skp.state is SkpState.SUBMITTED:
        above = (await appraisers_of(session, superior_id, today)).appraiser
        approver_id = above.employee_id if above else None
    appraiser_id = resolution.appraiser.employee_id if resolution.appraiser else None
    people = {p.owner_id for p in parents.values()} | {
        i for i in (appraiser_id, superior_id, approver_id) if i is not None
    }
    names = await employee_names(session, people)
    _, leads_opd = await opd_standing(session, employee_id, resolution)
    return build_facts(
        year=year,
        today=today,
        settings=organization_settings(org),
        skp=skp,
        resolution=resolution,
        names=names,
        superior_id=superior_id,
        superior_skp=superior_skp,
        parents=parents,
        superior_appraiser=PersonRef(approver_id, names.get(approver_id, ""))
        if approver_id
        else None,
        leads_opd=leads_opd,
    )


# ---- the workflow --------------------------------------------------------------------------


async def _actor_name(session: AsyncSession, caller: Caller) -> str:
    if caller.employee_id is not None:
        return await employee_name(session, caller.employee_id)
    user = await session.get(User, caller.user_id) if caller.user_id else None
    return user.full_name if user is not None else ""


async def _snapshot_at_submission(session: AsyncSession, skp: Skp, skp_access: SkpAccess) -> None:
    held = (await current_positions(session, [skp.employee_id], skp_access.today)).get(
        skp.employee_id
    )
    skp.position_id = held[0].id if held else None
    skp.position_name = held[0].name if held else None
    skp.unit_id = held[1].id if held else None
    skp.unit_name = held[1].name if held else None
    appraiser = skp_access.resolution.appraiser
    skp.appraiser_id = appraiser.employee_id if appraiser else None
    skp.appraiser_name = None
    skp.appraiser_position_name = None
    if appraiser is not None:
        skp.appraiser_name = await employee_name(session, appraiser.employee_id)
        if appraiser.position_id is not None:
            position = await session.get(Position, appraiser.position_id)
            skp.appraiser_position_name = position.name if position else None


async def _refuse_blocked_submission(
    session: AsyncSession, skp: Skp, skp_access: SkpAccess
) -> None:
    facts = await skp_facts(
        session,
        skp_access.org,
        skp_access.today,
        skp.employee_id,
        skp.year,
        skp,
        skp_access.resolution,
    )
    found = [b for b in blockers(facts) if b.blocks_submit]
    if found:
        raise Conflict(
            {"id": "{reasons}", "en": "{reasons}"},
            code=found[0].code,
            reasons=" ".join(b.message() for b in found),
        )


async def _record_version(
    session: AsyncSession, skp: Skp, caller: Caller, approver: str, at: datetime
) -> None:
    reason = None
    if skp.revision > 0:
        reason = await session.scalar(
            select(SkpEvent.note)
            .where(SkpEvent.skp_id == skp.id, SkpEvent.action == SkpAction.REQUEST_REVISION)
            .order_by(SkpEvent.at.desc(), SkpEvent.id.desc())
            .limit(1)
        )
    fresh = await reload_full(session, skp)
    document = skp_document(fresh, await employee_name(session, skp.employee_id))
    session.add(
        SkpVersion(
            organization_id=skp.organization_id,
            skp_id=skp.id,
            revision=skp.revision,
            approved_at=at,
            approved_by_id=caller.employee_id,
            approved_by_name=approver,
            reason=reason,
            document=document.model_dump(mode="json"),
        )
    )


#: The workflow actions other systems hear of (``core.outbox``).
OUTBOX_EVENTS: Mapping[SkpAction, EventType] = {
    SkpAction.SUBMIT: EventType.SKP_SUBMITTED,
    SkpAction.APPROVE: EventType.SKP_APPROVED,
    SkpAction.RETURN: EventType.SKP_RETURNED,
}


async def perform(
    session: AsyncSession,
    skp: Skp,
    skp_access: SkpAccess,
    caller: Caller,
    action: SkpAction,
    note: str | None,
    *,
    at: datetime | None = None,
) -> Skp:
    """Apply a workflow action to ``skp`` (loaded in full) and record it as an event.

    ``at`` backdates the action (demo data); requests always act now.
    """
    state = skp.state
    try:
        to = next_state(state, action, skp_access.actors)
    except IllegalTransition:
        raise IllegalSkpTransition(action=action.value, state=t(STATE_LABELS[state])) from None
    except ActorNotAllowed:
        raise ActionNotAllowed(action=action.value) from None
    note = note.strip() if note else None
    if action in NEEDS_NOTE and not note:
        raise UnprocessableEntity(
            errors=[
                FieldError.of(
                    "note",
                    "note_required",
                    {
                        "id": "Tindakan ini memerlukan catatan atau alasan",
                        "en": "This action needs a note or reason",
                    },
                )
            ]
        )
    now = at or utcnow()
    if action is SkpAction.SUBMIT:
        await _refuse_blocked_submission(session, skp, skp_access)
        await _snapshot_at_submission(session, skp, skp_access)
        skp.submitted_at = now
    elif action is SkpAction.APPROVE:
        if skp.first_approved_at is not None:
            skp.revision += 1
        skp.first_approved_at = skp.first_approved_at or now
        skp.approved_at = now
    set_reason(session, note)
    name = await _actor_name(session, caller)
    session.add(
        SkpEvent(
            organization_id=skp.organization_id,
            skp_id=skp.id,
            action=action,
            from_state=state,
            to_state=to,
            actor=acting_as(state, action, skp_access.actors),
            actor_user_id=caller.user_id,
            actor_employee_id=caller.employee_id,
            actor_name=name,
            revision=skp.revision,
            note=note,
            at=now,
        )
    )
    skp.state = to
    if action in OUTBOX_EVENTS:
        employee = await session.get(Employee, skp.employee_id)
        record(
            session,
            skp.organization_id,
            OUTBOX_EVENTS[action],
            "skp",
            skp.id,
            {
                "skp_id": skp.id,
                "employee_id": skp.employee_id,
                "nip": employee.nip if employee is not None else None,
                "year": skp.year,
                "revision": skp.revision,
                "from_state": state,
                "to_state": to,
                "note": note,
            },
            at=now,
        )
    await session.flush()
    if action is SkpAction.APPROVE:
        await _record_version(session, skp, caller, name, now)
        await session.flush()
    return skp


# ---- lists ---------------------------------------------------------------------------------


class ListScope(enum.StrEnum):
    MINE = "mine"
    SUBORDINATES = "subordinates"
    ORGANIZATION = "organization"


async def visible_skps(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    today: date,
    which: ListScope | None = None,
) -> Select[Any]:
    """SKPs of ``org`` the principal may see, narrowed to ``which`` (default: all of them:
    own and subordinates', or the whole organization for admins)."""
    scope = await employee_scope(session, principal, org.id, today)
    stmt = select(Skp).where(Skp.organization_id == org.id)
    own = scope.own_employee_id
    if which is None:
        return stmt.where(scope.clause(Skp.employee_id))
    if which is ListScope.MINE:
        return stmt.where(Skp.employee_id == own if own else false())
    if which is ListScope.SUBORDINATES:
        return stmt.where(
            Skp.employee_id.in_(subordinate_ids_select(own, today)) if own else false()
        )
    if scope.opd_id is not None:  # an OPD admin: the whole OPD
        return stmt.where(Skp.employee_id.in_(opd_member_ids_select(scope.opd_id)))
    if not scope.organization_wide:
        raise ScopeNotAllowed()
    return stmt


def in_unit(unit_id: uuid.UUID, today: date) -> Any:
    """SKPs of employees whose current position is in ``unit_id``."""
    return Skp.employee_id.in_(
        select(EmployeePosition.employee_id)
        .join(Position, Position.id == EmployeePosition.position_id)
        .where(Position.unit_id == unit_id, assignment_active_on(today))
    )


def select_work_results(skp_id: uuid.UUID) -> Select[Any]:
    return select(SkpWorkResult).where(SkpWorkResult.skp_id == skp_id)


def select_indicators(work_result_id: uuid.UUID) -> Select[Any]:
    return select(SkpIndicator).where(SkpIndicator.work_result_id == work_result_id)


def events_of(skp_id: uuid.UUID) -> Select[Any]:
    return select(SkpEvent).where(SkpEvent.skp_id == skp_id)


def versions_of(skp_id: uuid.UUID) -> Select[Any]:
    return select(SkpVersion).where(SkpVersion.skp_id == skp_id)


def version_diff(skp: Skp, old: SkpVersion, new: SkpVersion) -> SkpVersionDiff:
    """What ``new`` changed of ``old`` (see :func:`diff.skp_diff`)."""
    return SkpVersionDiff(
        skp_id=skp.id,
        from_revision=old.revision,
        to_revision=new.revision,
        from_approved_at=old.approved_at,
        to_approved_at=new.approved_at,
        reason=new.reason,
        changes=[
            SkpChange.model_validate(change, from_attributes=True)
            for change in skp_diff(old.document, new.document)
        ],
    )


async def find_version(session: AsyncSession, skp: Skp, revision: int) -> SkpVersion:
    version: SkpVersion | None = await session.scalar(
        versions_of(skp.id).where(SkpVersion.revision == revision)
    )
    if version is None:
        raise SkpVersionNotFound(revision=revision)
    return version
