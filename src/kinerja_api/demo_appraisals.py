"""Demo: Palu's annual appraisal of 2026 in progress (for the evaluation documents).

BKPSDM opened the period "Penilaian Kinerja Tahunan 2026" on 1 December 2026 (one appraisal
per employee with an approved SKP, snapshot of that day) and recorded the organization
result Baik. The Wali Kota rated the Sekda (a unit head: his work result follows the
organization result), the Sekda rated the Kepala Bappeda, and the head of Puskesmas Talise
rated the nurse, each with feedback per RHK and per BerAKHLAK value. Nothing is finalized yet:
the documents carry the DRAFT mark. Driven through the appraisal services as the API does;
running it again changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.appraisals import service
from kinerja_api.appraisals.models import Appraisal, AppraisalPeriod, PeriodKind
from kinerja_api.appraisals.rules import BerAkhlak
from kinerja_api.appraisals.schemas import OrganizationResultBody, PeriodCreate, RatingBody
from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import OrganizationResult
from kinerja_api.organizations.models import Employee, Organization

PERIOD = "Penilaian Kinerja Tahunan 2026"
OPENED = datetime(2026, 12, 1, 1, tzinfo=UTC)  # 09:00 WITA
RATED = datetime(2026, 12, 3, 6, tzinfo=UTC)
RESULT_NOTE = "Capaian IKU Kota Palu 2026 rata-rata 96%, pemulihan layanan pascabencana"

_A, _S = Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI
#: Per BerAKHLAK value: (expectation, rating, feedback) for the nurse.
NURSE_BEHAVIOURS: dict[BerAkhlak, tuple[str | None, Rating, str | None]] = {
    BerAkhlak.BERORIENTASI_PELAYANAN: (
        "Melayani ibu dan bayi di posyandu dan pos pengungsian dengan ramah",
        _A,
        "Tetap melayani di pos kesehatan pengungsian setelah gempa",
    ),
    BerAkhlak.AKUNTABEL: ("Mencatat setiap imunisasi di register kohort hari itu juga", _S, None),
    BerAkhlak.KOMPETEN: (None, _S, "Ikuti pelatihan rantai dingin vaksin tahun depan"),
    BerAkhlak.HARMONIS: (None, _S, None),
    BerAkhlak.LOYAL: (None, _S, None),
    BerAkhlak.ADAPTIF: (None, _A, "Cepat beralih ke layanan keliling pascabencana"),
    BerAkhlak.KOLABORATIF: ("Bekerja sama dengan kader posyandu", _S, None),
}


async def _as(session: AsyncSession, org: Organization, employee: Employee) -> Principal | None:
    user = await session.scalar(select(User).where(User.employee_id == employee.id))
    if user is None:
        return None
    return Principal(  # acting outside a request: no sign-in session behind it
        user_id=user.id,
        session_id=uuid.UUID(int=0),
        organization_id=org.id,
        role=user.role,
        username=user.username,
        employee_id=employee.id,
        opd_id=user.opd_id,
    )


def _body(
    appraisal: Appraisal,
    hasil: Rating,
    feedback: str,
    behaviours: dict[BerAkhlak, tuple[str | None, Rating, str | None]] | None = None,
) -> RatingBody:
    behaviours = behaviours or {v: (None, _S, None) for v in BerAkhlak}
    return RatingBody.model_validate(
        {
            "items": [
                {"work_result_id": i.work_result_id, "rating": hasil, "feedback": feedback}
                for i in appraisal.items
            ],
            "hasil_kerja": hasil,
            "behaviours": [
                {"value": v, "expectation": e, "rating": r, "feedback": f}
                for v, (e, r, f) in behaviours.items()
            ],
            "feedback": feedback,
        }
    )


async def _instansi_admin(session: AsyncSession, org: Organization) -> Principal | None:
    user = await session.scalar(
        select(User)
        .where(User.organization_id == org.id, User.role == Role.ADMIN, User.opd_id.is_(None))
        .order_by(User.username)
        .limit(1)
    )
    if user is None:
        return None
    return Principal(
        user_id=user.id,
        session_id=uuid.UUID(int=0),
        organization_id=org.id,
        role=user.role,
        username=user.username,
    )


async def ensure_annual_appraisal(
    session: AsyncSession, org: Organization, people: dict[str, Employee]
) -> None:
    """``people``: the demo's employees by NIP (the regional head by name)."""
    from kinerja_api.demo import KABAN, KAPUS, SEKDA, SITI, WALIKOTA

    admin = await _instansi_admin(session, org)
    if admin is None:
        return
    found = await session.scalar(
        select(AppraisalPeriod.id).where(
            AppraisalPeriod.organization_id == org.id, AppraisalPeriod.name == PERIOD
        )
    )
    if found is not None:
        return
    period = await service.create_period(
        session,
        org,
        PeriodCreate(
            name=PERIOD,
            kind=PeriodKind.ANNUAL,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
            opens_on=date(2026, 12, 1),
            closes_on=date(2027, 1, 31),
        ),
    )
    await service.open_period(session, org, period, OPENED)
    await service.record_result(
        session,
        admin,
        period,
        OrganizationResultBody(result=OrganizationResult.BAIK, note=RESULT_NOTE),
    )
    plan = (
        (
            SITI,
            KAPUS,
            _S,
            "Cakupan imunisasi tetap terjaga meski layanan dialihkan ke pos "
            "pengungsian; target revisi 1.000 bayi hampir tercapai",
            NURSE_BEHAVIOURS,
        ),
        (SEKDA, WALIKOTA, _S, "Koordinasi pemulihan layanan pascabencana berjalan baik", None),
        (KABAN, SEKDA, _A, "Dokumen perencanaan pascabencana selesai lebih cepat", None),
    )
    for nip, appraiser_key, hasil, feedback, behaviours in plan:
        employee, appraiser = people.get(nip), people.get(appraiser_key)
        if employee is None or appraiser is None:
            continue
        principal = await _as(session, org, appraiser)
        appraisal_id = await session.scalar(
            select(Appraisal.id).where(
                Appraisal.period_id == period.id, Appraisal.employee_id == employee.id
            )
        )
        if principal is None or appraisal_id is None:
            continue
        appraisal = await service.find_appraisal(session, principal, appraisal_id)
        await service.rate(
            session,
            principal,
            appraisal,
            period,
            _body(appraisal, hasil, feedback, behaviours),
            RATED,
        )
