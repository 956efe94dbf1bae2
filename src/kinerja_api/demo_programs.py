"""Demo data of collaboration programs (scenarios 2–3, Sabang): the Sabang Marine Festival
led by the tourism office's Bidang Pariwisata, with the marine and fisheries office taking
part and the transport office declining; milestones (one done late, one overdue, one ahead)
and the budget used so far.

The partners are OPDs of the same instansi, Pemerintah Kota Sabang: its top-level units
``DKP`` and ``DISHUB``; the instansi admin (BKPSDM) acts for the lead and answers for them.
An earlier demo made them stand-in organizations ``DKP-SABANG`` and ``DISHUB-SABANG``: where
those exist, their partner rows move to the OPDs and the stand-ins are removed.
Driven through the same services as the API; idempotent (nothing happens when the program
exists).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.collaboration import service
from kinerja_api.collaboration.models import (
    MilestoneStatus,
    Program,
    ProgramPartner,
    ProgramStatus,
)
from kinerja_api.collaboration.schemas import (
    MilestoneCreate,
    PartnerInvite,
    ProgramCreate,
    ProgramUpdate,
    Reason,
)
from kinerja_api.indicators.goals.models import OrganizationGoal
from kinerja_api.organizations.models import Organization, Unit

FESTIVAL = "Sabang Marine Festival 2026"
#: The partner OPDs (top-level units of the lead's instansi): the first accepts, the second
#: declines.
PARTNERS = ("DKP", "DISHUB")


def _admin(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        session_id=uuid.uuid4(),
        organization_id=user.organization_id,
        role=Role.ADMIN,
        username=user.username,
    )


async def _partner(session: AsyncSession, lead: Organization, code: str) -> PartnerInvite:
    unit = await session.scalar(
        select(Unit).where(
            Unit.organization_id == lead.id, Unit.code == code, Unit.parent_id.is_(None)
        )
    )
    assert unit is not None, f"OPD {code} of {lead.code}"
    return PartnerInvite(organization_id=lead.id, unit_id=unit.id)


async def _admin_of(session: AsyncSession, org_id: uuid.UUID) -> Principal:
    """The organization's first instansi admin (an admin account without an OPD)."""
    user = await session.scalar(
        select(User)
        .where(User.organization_id == org_id, User.role == Role.ADMIN, User.opd_id.is_(None))
        .order_by(User.username)
        .limit(1)
    )
    assert user is not None, "the demo instansi has an instansi admin"
    return _admin(user)


async def _replace_stand_ins(session: AsyncSession, lead: Organization) -> None:
    """Move the partner rows of an earlier demo's stand-in organizations to the OPDs of the
    lead's instansi, and remove the stand-ins (they had nothing else)."""
    for code in PARTNERS:
        stand_in = await session.scalar(
            select(Organization).where(Organization.code == f"{code}-SABANG")
        )
        if stand_in is None:
            continue
        invite = await _partner(session, lead, code)
        await session.execute(
            update(ProgramPartner)
            .where(ProgramPartner.organization_id == stand_in.id)
            .values(organization_id=invite.organization_id, unit_id=invite.unit_id)
        )
        await session.delete(stand_in)
        await session.flush()


async def ensure_festival(session: AsyncSession, lead: Organization) -> None:
    await _replace_stand_ins(session, lead)
    if await session.scalar(
        select(Program.id).where(Program.organization_id == lead.id, Program.name == FESTIVAL)
    ):
        return
    admin = await _admin_of(session, lead.id)
    unit = await session.scalar(
        select(Unit.id).where(Unit.organization_id == lead.id, Unit.code == "BID-PAR")
    )
    # The tourism office's own goal (its Renstra), not the Kota's RPJMD goal it serves.
    goal = await session.scalar(
        select(OrganizationGoal.id)
        .join(Unit, Unit.id == OrganizationGoal.unit_id)
        .where(
            OrganizationGoal.organization_id == lead.id,
            OrganizationGoal.year == 2026,
            Unit.code == "DISBUDPAR",
        )
        .order_by(OrganizationGoal.code)
        .limit(1)
    )
    program, view = await service.create_program(
        session,
        admin,
        ProgramCreate(
            name=FESTIVAL,
            description="Festival bahari tahunan: lomba perahu hias, pameran kuliner laut dan "
            "promosi wisata selam, bersama dinas kelautan dan dinas perhubungan",
            goal_ids=[goal] if goal else [],
            lead_unit_id=unit,
            start_date=date(2026, 3, 1),
            end_date=date(2026, 11, 30),
            budget_planned=1_500_000_000,
            status=ProgramStatus.ACTIVE,
        ),
    )
    for name, planned, actual, status, progress in (
        ("Penetapan panitia bersama", date(2026, 4, 15), date(2026, 4, 20), "done", 100),
        ("Promosi ke agen kapal pesiar", date(2026, 6, 30), None, "in_progress", 60),
        ("Pelaksanaan festival", date(2026, 10, 15), None, "planned", 0),
    ):
        await service.add_milestone(
            session,
            program,
            view,
            MilestoneCreate(
                name=name,
                planned_date=planned,
                actual_date=actual,
                status=MilestoneStatus(status),
                progress_percent=progress,
            ),
        )
    await service.update_program(
        session, program, view, ProgramUpdate(budget_used=350_000_000, progress_percent=35)
    )
    now = datetime(2026, 3, 10, 3, tzinfo=UTC)
    for code, accept in zip(PARTNERS, (True, False), strict=True):
        partner = await service.invite(session, program, view, await _partner(session, lead, code))
        answering = await _admin_of(session, partner.organization_id)
        await service.answer(
            session,
            answering,
            partner,
            accept,
            None if accept else Reason(reason="Armada penyeberangan sedang menjalani docking"),
            now,
        )
