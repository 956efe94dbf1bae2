"""Demo data from the scenarios (Palu health office; a second agency for isolation demos).

Besides organizations, units and accounts: Palu's configuration (holidays), strategy
(vision and missions), goals and IKU of 2026 (scenario 1), and Tebo's service-time IKU
(scenario 4).

Loaded by ``kinerja demo-data`` and ``kinerja serve --demo``. Running it again changes
nothing. Refused in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.core.security import hash_password
from kinerja_api.indicators import service as goals
from kinerja_api.indicators.models import GoalKind, KeyIndicator, OrganizationGoal
from kinerja_api.indicators.schemas import GoalCreate, KeyIndicatorCreate, StrategyCreate
from kinerja_api.organizations.config import OrganizationSettingsPatch
from kinerja_api.organizations.models import AgencyKind, Organization, TimeZone, Unit
from kinerja_api.organizations.service import update_organization_settings


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    full_name: str
    org_code: str | None


PALU = "DINKES-PALU"
TEBO = "DISDUKCAPIL-TEBO"

ACCOUNTS = [
    DemoAccount("platform", "Demo-Platform-2026", Role.PLATFORM_ADMIN, "Admin Platform", None),
    DemoAccount("admin.dinkes", "Demo-Admin-2026", Role.ADMIN, "Rahmat Hidayat, S.KM", PALU),
    DemoAccount("kabid.p2p", "Demo-Kabid-2026", Role.SUPERVISOR, "dr. Nurhaya Lamato, M.Kes", PALU),
    DemoAccount(
        "kapus.talise", "Demo-Kapus-2026", Role.SUPERVISOR, "Ns. Fadli Rahman, S.Kep", PALU
    ),
    DemoAccount("perawat.siti", "Demo-Staf-2026", Role.STAFF, "Siti Rahma, A.Md.Kep", PALU),
    DemoAccount("staf.andi", "Demo-Staf-2026", Role.STAFF, "Andi Pratama, S.KM", PALU),
    DemoAccount("admin.tebo", "Demo-Admin-2026", Role.ADMIN, "Yusuf Maulana, S.E.", TEBO),
]

# (code, name, parent code)
PALU_UNITS = [
    ("DINKES", "Dinas Kesehatan Kota Palu", None),
    ("SEKRE", "Sekretariat", "DINKES"),
    ("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES"),
    ("SURV-IMUN", "Seksi Surveilans dan Imunisasi", "P2P"),
    ("PKM-TALISE", "UPTD Puskesmas Talise", "DINKES"),
    ("PKM-KAMONJI", "UPTD Puskesmas Kamonji", "DINKES"),
]
TEBO_UNITS = [
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Tebo", None),
    ("PELAYANAN", "Bidang Pelayanan Pendaftaran Penduduk", "DISDUKCAPIL"),
]


# Fixed-date national holidays of 2026 (moving religious holidays are set by decree yearly).
PALU_SETTINGS = {
    "calendar": {
        "holidays": [
            {"date": "2026-01-01", "name": "Tahun Baru Masehi"},
            {"date": "2026-05-01", "name": "Hari Buruh Internasional"},
            {"date": "2026-06-01", "name": "Hari Lahir Pancasila"},
            {"date": "2026-08-17", "name": "Hari Kemerdekaan Republik Indonesia"},
            {"date": "2026-12-25", "name": "Hari Raya Natal"},
        ]
    }
}

PALU_STRATEGY = StrategyCreate(
    title="Renstra Dinas Kesehatan Kota Palu 2025–2029",
    start_year=2025,
    end_year=2029,
    vision="Masyarakat Kota Palu yang sehat, tangguh bencana, dan berkeadilan",
    missions=[
        "Meningkatkan akses dan mutu pelayanan kesehatan yang merata",
        "Memperkuat pencegahan dan pengendalian penyakit",
        "Memulihkan dan memperkuat layanan kesehatan pascabencana",
    ],
)

YEAR = 2026
# (code, kind, parent code, statement, mission number)
GoalRow = tuple[str, GoalKind, str | None, str, int | None]
PALU_GOALS: list[GoalRow] = [
    ("T1", GoalKind.TUJUAN, None, "Meningkatnya derajat kesehatan masyarakat", 1),
    ("S1.1", GoalKind.SASARAN, "T1", "Meningkatnya cakupan imunisasi dasar lengkap", 2),
    ("S1.2", GoalKind.SASARAN, "T1", "Pulihnya layanan kesehatan dasar pascabencana", 3),
]
TEBO_GOALS: list[GoalRow] = [
    ("T1", GoalKind.TUJUAN, None, "Meningkatnya kualitas pelayanan administrasi kependudukan", None)
]
# goal code → IKU
PALU_IKU: list[tuple[str, dict[str, Any]]] = [
    (
        "T1",
        {
            "code": "IKU-01",
            "name": "Cakupan imunisasi dasar lengkap (IDL)",
            "formula": "Jumlah bayi yang mendapat imunisasi dasar lengkap / jumlah bayi × 100%",
            "aspect": "kuantitas",
            "unit": "persen",
            "direction": "higher_is_better",
            "target_value": 95,
        },
    ),
    (
        "S1.1",
        {
            "code": "IKU-02",
            "name": "Persentase puskesmas dengan cakupan IDL minimal 95%",
            "aspect": "kuantitas",
            "unit": "persen",
            "direction": "higher_is_better",
            "target_value": 100,
        },
    ),
    (
        "S1.2",
        {
            "code": "IKU-03",
            "name": "Persentase pos kesehatan pengungsian yang memberi layanan kesehatan dasar",
            "aspect": "kuantitas",
            "unit": "persen",
            "target_min": 90,
            "target_max": 100,
        },
    ),
]
TEBO_IKU: list[tuple[str, dict[str, Any]]] = [
    (
        "T1",
        {
            "code": "IKU-01",
            "name": "Rata-rata waktu penyelesaian dokumen kependudukan",
            "formula": "Jumlah hari penyelesaian seluruh dokumen / jumlah dokumen",
            "aspect": "waktu",
            "unit": "hari",
            "direction": "lower_is_better",
            "target_value": 3,
        },
    )
]


async def _ensure_goals(
    session: AsyncSession,
    org: Organization,
    goal_rows: list[GoalRow],
    iku_rows: list[tuple[str, dict[str, Any]]],
) -> None:
    by_code = {
        g.code: g
        for g in await session.scalars(goals.goals_of(org.id).where(OrganizationGoal.year == YEAR))
    }
    for code, kind, parent, statement, mission in goal_rows:
        if code not in by_code:
            goal = GoalCreate(
                year=YEAR,
                code=code,
                kind=kind,
                parent_id=by_code[parent].id if parent else None,
                statement=statement,
                mission_number=mission,
            )
            by_code[code] = await goals.create_goal(session, org, goal)
    existing = set(
        await session.scalars(
            select(KeyIndicator.code).where(
                KeyIndicator.organization_id == org.id, KeyIndicator.year == YEAR
            )
        )
    )
    for goal_code, values in iku_rows:
        if values["code"] not in existing:
            data = KeyIndicatorCreate.model_validate(values)
            await goals.create_indicator(session, by_code[goal_code], data)


async def _ensure_org(
    session: AsyncSession,
    *,
    code: str,
    name: str,
    kind: AgencyKind,
    region: str,
    tz: TimeZone,
    units: list[tuple[str, str, str | None]],
) -> Organization:
    org = await session.scalar(select(Organization).where(Organization.code == code))
    if org is None:
        org = Organization(code=code, name=name, kind=kind, region=region, timezone=tz, settings={})
        session.add(org)
        await session.flush()
    by_code = {
        u.code: u for u in await session.scalars(select(Unit).where(Unit.organization_id == org.id))
    }
    for unit_code, unit_name, parent in units:
        if unit_code not in by_code:
            unit = Unit(
                organization_id=org.id,
                code=unit_code,
                name=unit_name,
                parent_id=by_code[parent].id if parent else None,
            )
            session.add(unit)
            await session.flush()
            by_code[unit_code] = unit
    return org


async def load_demo_data(session: AsyncSession) -> list[DemoAccount]:
    """Create the demo organizations, units, accounts, settings, goals and IKU; return the
    accounts."""
    orgs = {
        PALU: await _ensure_org(
            session,
            code=PALU,
            name="Dinas Kesehatan Kota Palu",
            kind=AgencyKind.PERANGKAT_DAERAH,
            region="Kota Palu, Sulawesi Tengah",
            tz=TimeZone.WITA,
            units=PALU_UNITS,
        ),
        TEBO: await _ensure_org(
            session,
            code=TEBO,
            name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Tebo",
            kind=AgencyKind.PERANGKAT_DAERAH,
            region="Kabupaten Tebo, Jambi",
            tz=TimeZone.WIB,
            units=TEBO_UNITS,
        ),
    }
    palu, tebo = orgs[PALU], orgs[TEBO]
    if not palu.settings:
        await update_organization_settings(
            session, palu, OrganizationSettingsPatch.model_validate(PALU_SETTINGS)
        )
    if await goals.strategy_covering(session, palu.id, YEAR) is None:
        await goals.create_strategy(session, palu, PALU_STRATEGY)
    await _ensure_goals(session, palu, PALU_GOALS, PALU_IKU)
    await _ensure_goals(session, tebo, TEBO_GOALS, TEBO_IKU)

    existing = set(await session.scalars(select(User.username)))
    for acct in ACCOUNTS:
        if acct.username in existing:
            continue
        session.add(
            User(
                organization_id=orgs[acct.org_code].id if acct.org_code else None,
                username=acct.username,
                full_name=acct.full_name,
                role=acct.role,
                password_hash=hash_password(acct.password),
            )
        )
    await session.flush()
    return ACCOUNTS
