"""Collaboration programs: who sees and does what, and the program's read models.

* **Lead** — the program's organization (``programs.organization_id``): its admins create
  and edit the program, its milestones, invite and remove partners; everyone of it reads.
* **Partners** — an organization, optionally one of its units (an OPD): while invited or
  accepted everyone of it reads the program (only the program's own rows); its admins accept
  or decline (with a reason) and set their own employees' roles. Declined or removed partners
  see nothing any more (404), like any other organization.
* **Members** link their own RHK to the program (a contribution).

The admin check is :func:`is_admin_of`, the one place that says who administers a program's
side: the instansi admins of its organization, and an OPD admin for what belongs to their OPD
(a lead or partner unit inside it, a member employee of it).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.collaboration import rules
from kinerja_api.collaboration.errors import (
    NoEmployeeRecord,
    NotContributionOwner,
    NotPartnerAdmin,
    NotProgramLead,
    NotProgramMember,
)
from kinerja_api.collaboration.models import (
    PartnerRole,
    PartnerStatus,
    Program,
    ProgramContribution,
    ProgramGoal,
    ProgramMember,
    ProgramMilestone,
    ProgramPartner,
)
from kinerja_api.collaboration.schemas import (
    ContributionCreate,
    ContributionRead,
    MemberRead,
    MemberSet,
    MilestoneCreate,
    MilestoneRead,
    MilestoneUpdate,
    PartnerContribution,
    PartnerInvite,
    PartnerRead,
    ProgramContributionSummary,
    ProgramCreate,
    ProgramDashboard,
    ProgramRead,
    ProgramUpdate,
    Reason,
)
from kinerja_api.core.errors import (
    Conflict,
    FieldError,
    NotFound,
    UnprocessableEntity,
    register_code,
)
from kinerja_api.indicators.goals.models import OrganizationGoal
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpRealization, SkpWorkResult
from kinerja_api.indicators.skp.realization import achievement_percent
from kinerja_api.organizations.models import (
    Employee,
    EmployeePosition,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.scope import (
    admin_reaches,
    assignment_active_on,
    opd_of_unit,
    require_unit_reach,
)


def local_date(org: Organization, now: datetime) -> date:
    """``now`` as a date in the organization's time zone."""
    return now.astimezone(timezone(timedelta(hours=org.timezone.utc_offset_hours))).date()


async def own_organization(session: AsyncSession, principal: Principal) -> Organization:
    """The caller's organization (404 for accounts without one)."""
    org = (
        await session.get(Organization, principal.organization_id)
        if principal.organization_id
        else None
    )
    if org is None:
        raise NotFound()
    return org


def _field(field: str, etype: str, id_msg: str, en_msg: str) -> UnprocessableEntity:
    return UnprocessableEntity(errors=[FieldError.of(field, etype, {"id": id_msg, "en": en_msg})])


#: The problem codes of the program's states (409), named where they are raised below.
STATE_CODES = (
    "partner_exists",
    "partner_not_invited",
    "partner_not_removable",
    "partner_not_accepted",
    "contribution_exists",
)
for _code in STATE_CODES:
    register_code(_code, 409)


def _conflict(code: str, id_msg: str, en_msg: str) -> Conflict:
    assert code in STATE_CODES, code  # a new code: add it to STATE_CODES
    return Conflict({"id": id_msg, "en": en_msg}, code=code)


_ONLY_LEAD = {
    "id": "Hanya admin organisasi pemimpin program yang dapat melakukannya.",
    "en": "Only the admins of the program's lead organization may do this.",
}
_ONLY_PARTNER_ADMIN = {
    "id": "Hanya admin organisasi mitra ini yang menjawab undangan dan menetapkan anggotanya.",
    "en": "Only this partner's own admins answer the invitation and set its members.",
}


async def is_admin_of(
    session: AsyncSession,
    principal: Principal,
    organization_id: uuid.UUID,
    unit_id: uuid.UUID | None = None,
    employee_id: uuid.UUID | None = None,
) -> bool:
    """Admin of the organization's side: its instansi admins; an OPD admin when the unit
    (lead or partner unit) or the member employee is of their OPD."""
    if not (principal.has(Perm.PROGRAMS_MANAGE) and principal.organization_id == organization_id):
        return False
    if not principal.is_opd_admin:
        return True
    if unit_id is not None:
        return await opd_of_unit(session, unit_id) == principal.opd_id
    if employee_id is not None:
        return await admin_reaches(
            session, principal, Perm.PROGRAMS_MANAGE, organization_id, employee_id
        )
    return False


# ---- finding and seeing --------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """How the caller relates to one program."""

    lead: bool  # of the lead organization
    lead_admin: bool
    partner_ids: tuple[uuid.UUID, ...]  # the caller's organization's invited/accepted partners


def _my_partners(principal: Principal) -> Select[Any]:
    return select(ProgramPartner).where(
        ProgramPartner.organization_id == principal.organization_id,
        ProgramPartner.status.in_(rules.SEES_PROGRAM),
    )


def visible_programs(principal: Principal) -> Select[Any]:
    """Programs led by the caller's organization or in which it is an invited/accepted
    partner (one statement)."""
    theirs = select(ProgramPartner.program_id).where(
        ProgramPartner.organization_id == principal.organization_id,
        ProgramPartner.status.in_(rules.SEES_PROGRAM),
    )
    return select(Program).where(
        or_(Program.organization_id == principal.organization_id, Program.id.in_(theirs))
    )


async def find_program(
    session: AsyncSession, principal: Principal, program_id: uuid.UUID
) -> tuple[Program, View]:
    """The program if the caller's organization takes part (404 otherwise: no existence leak
    to declined, removed or unrelated organizations)."""
    program = await session.get(Program, program_id)
    if program is None or principal.organization_id is None:
        raise NotFound()
    lead = program.organization_id == principal.organization_id
    mine = list(
        await session.scalars(
            _my_partners(principal).where(ProgramPartner.program_id == program.id)
        )
    )
    if not lead and not mine:
        raise NotFound()
    return program, View(
        lead=lead,
        lead_admin=lead
        and await is_admin_of(session, principal, program.organization_id, program.lead_unit_id),
        partner_ids=tuple(p.id for p in mine),
    )


def _require_lead_admin(view: View) -> None:
    if not view.lead_admin:
        raise NotProgramLead(_ONLY_LEAD)


async def find_partner(
    session: AsyncSession, principal: Principal, partner_id: uuid.UUID
) -> tuple[ProgramPartner, Program, View]:
    partner = await session.get(ProgramPartner, partner_id)
    if partner is None:
        raise NotFound()
    program, view = await find_program(session, principal, partner.program_id)
    if not view.lead and partner.organization_id != principal.organization_id:
        raise NotFound()  # another partner's row: not the caller's business
    return partner, program, view


# ---- reading -------------------------------------------------------------------------------


def milestone_read(m: ProgramMilestone, today: date) -> MilestoneRead:
    return MilestoneRead(
        id=m.id,
        program_id=m.program_id,
        name=m.name,
        planned_date=m.planned_date,
        actual_date=m.actual_date,
        status=m.status,
        progress_percent=m.progress_percent,
        late=rules.milestone_late(m.status, m.planned_date, m.actual_date, today),
        version=m.version,
    )


async def _achievements(
    session: AsyncSession, work_result_ids: set[uuid.UUID]
) -> dict[uuid.UUID, float | None]:
    """Per RHK: mean of its indicators' latest achievement (two queries)."""
    if not work_result_ids:
        return {}
    indicators = {
        i.id: i
        for i in await session.scalars(
            select(SkpIndicator).where(SkpIndicator.work_result_id.in_(work_result_ids))
        )
    }
    latest: dict[uuid.UUID, SkpRealization] = {}
    if indicators:
        for r in await session.scalars(
            select(SkpRealization).where(SkpRealization.indicator_id.in_(set(indicators)))
        ):
            if r.indicator_id not in latest or r.period > latest[r.indicator_id].period:
                latest[r.indicator_id] = r
    per_rhk: dict[uuid.UUID, list[float | None]] = defaultdict(list)
    for iid, indicator in indicators.items():
        found = latest.get(iid)
        per_rhk[indicator.work_result_id].append(
            achievement_percent(indicator, found) if found else None
        )
    return {rid: rules.mean(per_rhk.get(rid, [])) for rid in work_result_ids}


async def _contributions_read(
    session: AsyncSession, rows: Sequence[ProgramContribution]
) -> list[ContributionRead]:
    rhk_ids = {c.work_result_id for c in rows}
    statements = (
        dict(
            (
                await session.execute(
                    select(SkpWorkResult.id, SkpWorkResult.statement).where(
                        SkpWorkResult.id.in_(rhk_ids)
                    )
                )
            ).all()
        )
        if rhk_ids
        else {}
    )
    names = await employee_names(session, {c.employee_id for c in rows})
    achieved = await _achievements(session, rhk_ids)
    return [
        ContributionRead(
            id=c.id,
            partner_id=c.partner_id,
            employee_id=c.employee_id,
            employee_name=names.get(c.employee_id, ""),
            work_result_id=c.work_result_id,
            statement=statements.get(c.work_result_id, ""),
            achievement_percent=achieved.get(c.work_result_id),
        )
        for c in rows
    ]


async def employee_names(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids)))
    return {eid: name for eid, name in rows}


async def _partners(session: AsyncSession, program_id: uuid.UUID) -> list[ProgramPartner]:
    return list(
        await session.scalars(
            select(ProgramPartner)
            .where(ProgramPartner.program_id == program_id)
            .order_by(ProgramPartner.created_at, ProgramPartner.id)
        )
    )


async def partner_reads(
    session: AsyncSession, partners: Sequence[ProgramPartner]
) -> list[PartnerRead]:
    org_names = (
        dict(
            (
                await session.execute(
                    select(Organization.id, Organization.name).where(
                        Organization.id.in_({p.organization_id for p in partners})
                    )
                )
            ).all()
        )
        if partners
        else {}
    )
    unit_ids = {p.unit_id for p in partners if p.unit_id}
    unit_names = (
        dict((await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids)))).all())
        if unit_ids
        else {}
    )
    return [
        PartnerRead(
            id=p.id,
            program_id=p.program_id,
            organization_id=p.organization_id,
            organization_name=org_names.get(p.organization_id, ""),
            unit_id=p.unit_id,
            unit_name=unit_names.get(p.unit_id) if p.unit_id else None,
            role=p.role,
            status=p.status,
            reason=p.reason,
            responded_at=p.responded_at,
            version=p.version,
        )
        for p in partners
    ]


async def program_read(
    session: AsyncSession, program: Program, view: View, today: date
) -> ProgramRead:
    partners = await _partners(session, program.id)
    active = {p.id for p in partners if p.status is PartnerStatus.ACCEPTED}
    # Partners see who else takes part, but the pending or past answers of other partners
    # are the lead's business.
    shown = [
        p
        for p in partners
        if view.lead or p.id in view.partner_ids or p.status is PartnerStatus.ACCEPTED
    ]
    members = (
        list(
            await session.scalars(
                select(ProgramMember)
                .where(ProgramMember.program_id == program.id, ProgramMember.partner_id.in_(active))
                .order_by(ProgramMember.created_at, ProgramMember.id)
            )
        )
        if active
        else []
    )
    contributions = (
        list(
            await session.scalars(
                select(ProgramContribution)
                .where(
                    ProgramContribution.program_id == program.id,
                    ProgramContribution.partner_id.in_(active),
                )
                .order_by(ProgramContribution.created_at, ProgramContribution.id)
            )
        )
        if active
        else []
    )
    milestones = await _milestones(session, program.id)
    goal_ids = list(
        await session.scalars(
            select(ProgramGoal.goal_id)
            .where(ProgramGoal.program_id == program.id)
            .order_by(ProgramGoal.created_at, ProgramGoal.id)
        )
    )
    lead_org = await session.get(Organization, program.organization_id)
    names = await employee_names(session, {m.employee_id for m in members})
    return ProgramRead(
        id=program.id,
        organization_id=program.organization_id,
        lead_organization_name=lead_org.name if lead_org else "",
        lead_unit_id=program.lead_unit_id,
        name=program.name,
        description=program.description,
        goal_ids=goal_ids,
        start_date=program.start_date,
        end_date=program.end_date,
        budget_planned=program.budget_planned,
        budget_used=program.budget_used,
        currency=program.currency,
        status=program.status,
        progress_percent=program.progress_percent,
        milestones=[milestone_read(m, today) for m in milestones],
        partners=await partner_reads(session, shown),
        members=[
            MemberRead(
                id=m.id,
                partner_id=m.partner_id,
                employee_id=m.employee_id,
                name=names.get(m.employee_id, ""),
                role=m.role,
            )
            for m in members
        ],
        contributions=await _contributions_read(session, contributions),
        my_partner_ids=list(view.partner_ids),
        version=program.version,
        created_at=program.created_at,
        updated_at=program.updated_at,
    )


async def _milestones(session: AsyncSession, program_id: uuid.UUID) -> list[ProgramMilestone]:
    return list(
        await session.scalars(
            select(ProgramMilestone)
            .where(ProgramMilestone.program_id == program_id)
            .order_by(ProgramMilestone.planned_date, ProgramMilestone.id)
        )
    )


async def dashboard(session: AsyncSession, program: Program, today: date) -> ProgramDashboard:
    """Milestones (late flagged), budget used vs planned, contributions per taking-part
    partner (members, RHK referring to the program, mean achievement of those RHK)."""
    milestones = await _milestones(session, program.id)
    partners = [
        p for p in await _partners(session, program.id) if p.status is PartnerStatus.ACCEPTED
    ]
    reads = {p.id: p for p in await partner_reads(session, partners)}
    ids = set(reads)
    members: dict[uuid.UUID, int] = defaultdict(int)
    for m in (
        await session.scalars(select(ProgramMember).where(ProgramMember.partner_id.in_(ids)))
        if ids
        else []
    ):
        members[m.partner_id] += 1
    rows = (
        list(
            await session.scalars(
                select(ProgramContribution).where(ProgramContribution.partner_id.in_(ids))
            )
        )
        if ids
        else []
    )
    achieved = await _achievements(session, {c.work_result_id for c in rows})
    by_partner: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for c in rows:
        by_partner[c.partner_id].append(c.work_result_id)
    read_milestones = [milestone_read(m, today) for m in milestones]
    return ProgramDashboard(
        program_id=program.id,
        name=program.name,
        status=program.status,
        progress_percent=program.progress_percent,
        budget_planned=program.budget_planned,
        budget_used=program.budget_used,
        budget_used_percent=rules.percent(program.budget_used, program.budget_planned),
        milestones_total=len(milestones),
        milestones_done=sum(m.status.value == "done" for m in milestones),
        milestones_late=sum(m.late for m in read_milestones),
        milestones=read_milestones,
        partners=[
            PartnerContribution(
                partner_id=pid,
                organization_name=read.organization_name,
                unit_name=read.unit_name,
                status=read.status,
                members=members[pid],
                work_results=len(by_partner[pid]),
                achievement_percent=rules.mean(achieved.get(r) for r in by_partner[pid]),
            )
            for pid, read in reads.items()
        ],
    )


# ---- writing -------------------------------------------------------------------------------


def _check_schedule(start: date, end: date) -> None:
    if rules.schedule_problem(start, end):
        raise _field(
            "end_date",
            "date_order",
            "Tanggal selesai program harus setelah tanggal mulai.",
            "The program must end after it starts.",
        )


def _check_milestone(planned: date, actual: date | None, program: Program, field: str) -> None:
    if rules.milestone_problem(planned, actual, program.start_date, program.end_date):
        raise _field(
            field,
            "milestone_outside_schedule",
            f"Tanggal tonggak harus di dalam jadwal program ({program.start_date} s.d. "
            f"{program.end_date}).",
            f"Milestone dates must lie inside the program's schedule ({program.start_date} to "
            f"{program.end_date}).",
        )


async def _unit_in(
    session: AsyncSession, org_id: uuid.UUID, unit_id: uuid.UUID, field: str
) -> Unit:
    unit = await session.get(Unit, unit_id)
    if unit is None or unit.organization_id != org_id:
        raise _field(
            field,
            "unit_not_found",
            "Unit tidak ditemukan di organisasi tersebut.",
            "No such unit in that organization.",
        )
    return unit


async def create_program(
    session: AsyncSession, principal: Principal, data: ProgramCreate
) -> tuple[Program, View]:
    org_id = principal.organization_id
    if org_id is None or not principal.has(Perm.PROGRAMS_MANAGE):
        raise NotProgramLead(_ONLY_LEAD)
    _check_schedule(data.start_date, data.end_date)
    if data.lead_unit_id is not None:
        await _unit_in(session, org_id, data.lead_unit_id, "lead_unit_id")
    # An OPD admin leads for their OPD: the lead unit is one of its units.
    await require_unit_reach(session, principal, data.lead_unit_id)
    goal_ids = list(dict.fromkeys(data.goal_ids))
    if goal_ids:
        found = set(
            await session.scalars(
                select(OrganizationGoal.id).where(
                    OrganizationGoal.id.in_(goal_ids), OrganizationGoal.organization_id == org_id
                )
            )
        )
        if len(found) != len(goal_ids):
            raise _field(
                "goal_ids",
                "goal_not_found",
                "Tujuan/sasaran tidak ditemukan di organisasi Anda.",
                "No such goal in your organization.",
            )
    program = Program(
        organization_id=org_id,
        **data.model_dump(exclude={"goal_ids"}),
    )
    session.add(program)
    await session.flush()
    session.add_all(
        ProgramGoal(organization_id=org_id, program_id=program.id, goal_id=g) for g in goal_ids
    )
    lead = ProgramPartner(
        organization_id=org_id,
        program_id=program.id,
        unit_id=data.lead_unit_id,
        role=PartnerRole.LEAD,
        status=PartnerStatus.ACCEPTED,
    )
    session.add(lead)
    await session.flush()
    return program, View(lead=True, lead_admin=True, partner_ids=(lead.id,))


async def update_program(
    session: AsyncSession, program: Program, view: View, data: ProgramUpdate
) -> None:
    _require_lead_admin(view)
    changes = data.model_dump(exclude_unset=True)
    start = changes.get("start_date", program.start_date)
    end = changes.get("end_date", program.end_date)
    _check_schedule(start, end)
    if "start_date" in changes or "end_date" in changes:
        for m in await _milestones(session, program.id):
            if rules.milestone_problem(m.planned_date, m.actual_date, start, end):
                raise _field(
                    "end_date" if "end_date" in changes else "start_date",
                    "milestone_outside_schedule",
                    f"Tonggak “{m.name}” ({m.planned_date}) akan berada di luar jadwal baru.",
                    f"Milestone “{m.name}” ({m.planned_date}) would fall outside the new schedule.",
                )
    for key, value in changes.items():
        setattr(program, key, value)
    await session.flush()


async def add_milestone(
    session: AsyncSession, program: Program, view: View, data: MilestoneCreate
) -> ProgramMilestone:
    _require_lead_admin(view)
    _check_milestone(data.planned_date, None, program, "planned_date")
    _check_milestone(data.planned_date, data.actual_date, program, "actual_date")
    if data.status.value == "done" and data.actual_date is None:
        raise _field(
            "actual_date",
            "missing",
            "Tonggak yang selesai perlu tanggal realisasi.",
            "A done milestone needs its actual date.",
        )
    milestone = ProgramMilestone(
        organization_id=program.organization_id, program_id=program.id, **data.model_dump()
    )
    session.add(milestone)
    await session.flush()
    return milestone


async def find_milestone(
    session: AsyncSession, principal: Principal, milestone_id: uuid.UUID
) -> tuple[ProgramMilestone, Program, View]:
    milestone = await session.get(ProgramMilestone, milestone_id)
    if milestone is None:
        raise NotFound()
    program, view = await find_program(session, principal, milestone.program_id)
    return milestone, program, view


async def update_milestone(
    session: AsyncSession,
    milestone: ProgramMilestone,
    program: Program,
    view: View,
    data: MilestoneUpdate,
) -> None:
    _require_lead_admin(view)
    changes = data.model_dump(exclude_unset=True)
    planned = changes.get("planned_date", milestone.planned_date)
    actual = changes.get("actual_date", milestone.actual_date)
    status = changes.get("status", milestone.status)
    _check_milestone(planned, None, program, "planned_date")
    _check_milestone(planned, actual, program, "actual_date")
    if str(status) == "done" and actual is None:
        raise _field(
            "actual_date",
            "missing",
            "Tonggak yang selesai perlu tanggal realisasi.",
            "A done milestone needs its actual date.",
        )
    for key, value in changes.items():
        setattr(milestone, key, value)
    await session.flush()


async def invite(
    session: AsyncSession, program: Program, view: View, data: PartnerInvite
) -> ProgramPartner:
    _require_lead_admin(view)
    org = await session.get(Organization, data.organization_id)
    if org is None or not org.is_active:
        raise _field(
            "organization_id",
            "organization_not_found",
            "Organisasi mitra tidak ditemukan.",
            "No such partner organization.",
        )
    if data.unit_id is not None:
        await _unit_in(session, org.id, data.unit_id, "unit_id")
    existing = await session.scalar(
        select(ProgramPartner).where(
            ProgramPartner.program_id == program.id,
            ProgramPartner.organization_id == org.id,
            ProgramPartner.unit_id.is_(None)
            if data.unit_id is None
            else ProgramPartner.unit_id == data.unit_id,
        )
    )
    if existing is not None:
        if existing.status in rules.SEES_PROGRAM:
            raise _conflict(
                "partner_exists",
                "Mitra ini sudah diundang atau sudah ikut serta.",
                "This partner is already invited or taking part.",
            )
        existing.status = PartnerStatus.INVITED  # invited again after declining / removal
        existing.reason = None
        existing.responded_at = None
        await session.flush()
        return existing
    partner = ProgramPartner(
        organization_id=org.id,
        program_id=program.id,
        unit_id=data.unit_id,
        role=PartnerRole.PARTNER,
        status=PartnerStatus.INVITED,
    )
    session.add(partner)
    await session.flush()
    return partner


async def _require_partner_admin(
    session: AsyncSession, principal: Principal, partner: ProgramPartner
) -> None:
    if not await is_admin_of(session, principal, partner.organization_id, partner.unit_id):
        raise NotPartnerAdmin(_ONLY_PARTNER_ADMIN)


async def answer(
    session: AsyncSession,
    principal: Principal,
    partner: ProgramPartner,
    accept: bool,
    reason: Reason | None,
    now: datetime,
) -> None:
    await _require_partner_admin(session, principal, partner)
    if partner.status not in rules.ANSWERABLE:
        raise _conflict(
            "partner_not_invited",
            "Undangan ini sudah dijawab atau dicabut.",
            "This invitation has already been answered or withdrawn.",
        )
    partner.status = PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED
    partner.reason = None if accept or reason is None else reason.reason
    partner.responded_at = now
    await session.flush()


async def remove(
    session: AsyncSession, partner: ProgramPartner, view: View, data: Reason, now: datetime
) -> None:
    _require_lead_admin(view)
    if partner.role is PartnerRole.LEAD or partner.status not in rules.REMOVABLE:
        raise _conflict(
            "partner_not_removable",
            "Hanya mitra yang diundang atau ikut serta yang dapat dikeluarkan (bukan pemimpin).",
            "Only an invited or taking-part partner can be removed (not the lead).",
        )
    partner.status = PartnerStatus.REMOVED
    partner.reason = data.reason
    partner.responded_at = now
    await session.flush()


async def set_member(
    session: AsyncSession,
    principal: Principal,
    partner: ProgramPartner,
    data: MemberSet,
    today: date,
) -> tuple[ProgramMember, bool]:
    await _require_partner_admin(session, principal, partner)
    employee = await session.get(Employee, data.employee_id)
    in_unit = True
    if employee is not None and partner.unit_id is not None:
        tree = (
            select(Unit.id)
            .where(Unit.id == partner.unit_id)
            .cte("partner_unit_tree", recursive=True)
        )
        tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
        in_unit = (
            await session.scalar(
                select(EmployeePosition.id)
                .join(Position, Position.id == EmployeePosition.position_id)
                .where(
                    EmployeePosition.employee_id == employee.id,
                    Position.unit_id.in_(select(tree.c.id)),
                    assignment_active_on(today),
                )
                .limit(1)
            )
            is not None
        )
    if employee is None or employee.organization_id != partner.organization_id or not in_unit:
        raise _field(
            "employee_id",
            "employee_not_found",
            "Pegawai tidak ditemukan pada organisasi/unit mitra ini.",
            "No such employee in this partner's organization or unit.",
        )
    if partner.status is not PartnerStatus.ACCEPTED:
        raise _conflict(
            "partner_not_accepted",
            "Anggota ditetapkan setelah undangan diterima.",
            "Members are set once the invitation is accepted.",
        )
    member = await session.scalar(
        select(ProgramMember).where(
            ProgramMember.program_id == partner.program_id,
            ProgramMember.employee_id == employee.id,
        )
    )
    created = member is None
    if member is None:
        member = ProgramMember(
            organization_id=partner.organization_id,
            program_id=partner.program_id,
            partner_id=partner.id,
            employee_id=employee.id,
            role=data.role,
        )
        session.add(member)
    else:
        member.role = data.role
    await session.flush()
    return member, created


async def find_member(
    session: AsyncSession, principal: Principal, member_id: uuid.UUID
) -> ProgramMember:
    member = await session.get(ProgramMember, member_id)
    if member is None:
        raise NotFound()
    await find_program(session, principal, member.program_id)
    return member


async def delete_member(session: AsyncSession, principal: Principal, member: ProgramMember) -> None:
    if not await is_admin_of(
        session, principal, member.organization_id, employee_id=member.employee_id
    ):
        raise NotPartnerAdmin(_ONLY_PARTNER_ADMIN)
    await session.delete(member)
    await session.flush()


async def contribute(
    session: AsyncSession, principal: Principal, program: Program, data: ContributionCreate
) -> ProgramContribution:
    me = principal.employee_id
    if me is None:
        raise NoEmployeeRecord()
    owner = await session.scalar(
        select(Skp.employee_id)
        .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
        .where(SkpWorkResult.id == data.work_result_id)
    )
    if owner is None or owner != me:
        raise _field(
            "work_result_id",
            "work_result_not_found",
            "RHK tidak ditemukan pada SKP Anda.",
            "No such RHK on your SKP.",
        )
    member = await session.scalar(
        select(ProgramMember)
        .join(ProgramPartner, ProgramPartner.id == ProgramMember.partner_id)
        .where(
            ProgramMember.program_id == program.id,
            ProgramMember.employee_id == me,
            ProgramPartner.status == PartnerStatus.ACCEPTED,
        )
    )
    if member is None:
        raise NotProgramMember()
    if await session.scalar(
        select(ProgramContribution.id).where(
            ProgramContribution.program_id == program.id,
            ProgramContribution.work_result_id == data.work_result_id,
        )
    ):
        raise _conflict(
            "contribution_exists",
            "RHK ini sudah mengacu pada program.",
            "This RHK already refers to the program.",
        )
    row = ProgramContribution(
        organization_id=member.organization_id,
        program_id=program.id,
        partner_id=member.partner_id,
        employee_id=me,
        work_result_id=data.work_result_id,
    )
    session.add(row)
    await session.flush()
    return row


async def contribution_read(session: AsyncSession, row: ProgramContribution) -> ContributionRead:
    return (await _contributions_read(session, [row]))[0]


async def find_contribution(
    session: AsyncSession, principal: Principal, contribution_id: uuid.UUID
) -> ProgramContribution:
    row = await session.get(ProgramContribution, contribution_id)
    if row is None:
        raise NotFound()
    await find_program(session, principal, row.program_id)
    return row


async def delete_contribution(
    session: AsyncSession, principal: Principal, row: ProgramContribution
) -> None:
    own = principal.employee_id == row.employee_id
    if not own and not await is_admin_of(
        session, principal, row.organization_id, employee_id=row.employee_id
    ):
        raise NotContributionOwner()
    await session.delete(row)
    await session.flush()


async def programs_of_appraisal(
    session: AsyncSession, employee_id: uuid.UUID, skp_id: uuid.UUID
) -> list[ProgramContributionSummary]:
    """Programs the employee contributed to with RHK of this SKP (fixed number of queries)."""
    rows = list(
        await session.scalars(
            select(ProgramContribution)
            .join(SkpWorkResult, SkpWorkResult.id == ProgramContribution.work_result_id)
            .where(ProgramContribution.employee_id == employee_id, SkpWorkResult.skp_id == skp_id)
            .order_by(ProgramContribution.created_at, ProgramContribution.id)
        )
    )
    if not rows:
        return []
    program_ids = {r.program_id for r in rows}
    programs = {
        p.id: p for p in await session.scalars(select(Program).where(Program.id.in_(program_ids)))
    }
    leads = dict(
        (
            await session.execute(
                select(Organization.id, Organization.name).where(
                    Organization.id.in_({p.organization_id for p in programs.values()})
                )
            )
        ).all()
    )
    roles = {
        m.program_id: m.role
        for m in await session.scalars(
            select(ProgramMember).where(
                ProgramMember.employee_id == employee_id, ProgramMember.program_id.in_(program_ids)
            )
        )
    }
    reads = await _contributions_read(session, rows)
    by_program: dict[uuid.UUID, list[ContributionRead]] = defaultdict(list)
    for row, read in zip(rows, reads, strict=True):
        by_program[row.program_id].append(read)
    return [
        ProgramContributionSummary(
            program_id=pid,
            name=programs[pid].name,
            lead_organization_name=leads.get(programs[pid].organization_id, ""),
            role=roles.get(pid),
            work_results=items,
        )
        for pid, items in by_program.items()
    ]
