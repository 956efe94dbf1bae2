"""Demo data of performance dialogues (scenario 1, Palu): Fadli (Kepala Puskesmas Talise)
held a dialogue with Siti after the earthquake, recorded it with two agreed actions (one done,
one still open past its due date) and Siti confirmed the record.

Driven through the same services as the API; idempotent (nothing happens when the
supervisor already has a dialogue). People are found by NIP, so the module does not depend
on how the demo organizations are structured.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import User
from kinerja_api.auth.permissions import Principal
from kinerja_api.dialogs import service
from kinerja_api.dialogs.models import ActionStatus, Dialogue, DialogueSubject
from kinerja_api.dialogs.schemas import (
    ActionCreate,
    ActionUpdate,
    Confirmation,
    DialogueCreate,
    DialogueRecord,
)
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.organizations.models import Employee, Organization

KAPUS, SITI = "198303152009031002", "199504102019032011"
YEAR = 2026


def _at(month: int, day: int, hour: int = 2) -> datetime:
    return datetime(YEAR, month, day, hour, tzinfo=UTC)


async def _principal(session: AsyncSession, employee: Employee) -> Principal:
    user = await session.scalar(select(User).where(User.employee_id == employee.id))
    assert user is not None, f"demo account of {employee.name}"
    return Principal(
        user_id=user.id,
        session_id=uuid.uuid4(),
        organization_id=employee.organization_id,
        role=user.role,
        username=user.username,
        employee_id=employee.id,
    )


async def ensure_dialogues(session: AsyncSession) -> None:
    people = {
        e.nip: e
        for e in await session.scalars(select(Employee).where(Employee.nip.in_([KAPUS, SITI])))
    }
    kapus, siti = people.get(KAPUS), people.get(SITI)
    if kapus is None or siti is None:
        return
    if await session.scalar(select(Dialogue.id).where(Dialogue.supervisor_id == kapus.id)):
        return
    org = await session.get(Organization, kapus.organization_id)
    assert org is not None
    fadli, nurse = await _principal(session, kapus), await _principal(session, siti)
    rhk = await session.scalar(
        select(SkpWorkResult.id)
        .join(Skp, Skp.id == SkpWorkResult.skp_id)
        .where(Skp.employee_id == siti.id, Skp.year == YEAR)
        .order_by(SkpWorkResult.created_at)
        .limit(1)
    )
    held = _at(4, 20)
    dialogue, participants = await service.schedule(
        session,
        fadli,
        org,
        DialogueCreate(
            participant_ids=[siti.id],
            scheduled_at=held,
            place="Ruang rapat UPTD Puskesmas Talise",
            agenda="Capaian imunisasi triwulan I dan layanan di pos pengungsian",
            subject=DialogueSubject.REALIZATION if rhk else DialogueSubject.GENERAL,
            topic="Cakupan IDL di bawah target setelah gempa",
            work_result_id=rhk,
        ),
        held,
    )
    recorded = _at(4, 20, 4)
    await service.record(
        session,
        fadli,
        dialogue,
        participants,
        DialogueRecord(
            went_well="Layanan imunisasi di pos pengungsian berjalan setiap hari",
            not_well="Cakupan IDL April 62%, di bawah target bulanan",
            why="Dua posyandu tutup setelah gempa; data bayi pindahan belum tercatat",
            next_steps="Sweeping bayi pindahan dan posyandu pengganti di balai kelurahan",
        ),
        recorded,
    )
    sweep = await service.add_action(
        session,
        fadli,
        dialogue,
        participants,
        ActionCreate(
            owner_id=siti.id,
            description="Sweeping bayi pindahan di Kelurahan Talise",
            due_date=date(YEAR, 5, 15),
            work_result_id=rhk,
        ),
        recorded,
    )
    await service.add_action(
        session,
        fadli,
        dialogue,
        participants,
        ActionCreate(
            owner_id=siti.id,
            description="Lengkapi pencatatan imunisasi elektronik pos pengungsian",
            due_date=date(YEAR, 6, 30),
        ),
        recorded,
    )
    await service.respond(
        session,
        nurse,
        dialogue,
        participants,
        Confirmation(confirmed=True, comment="Sesuai hasil pembicaraan"),
        _at(4, 21),
    )
    await service.update_action(
        session,
        nurse,
        sweep,
        dialogue,
        participants,
        ActionUpdate(status=ActionStatus.DONE),
        _at(5, 14),
    )
