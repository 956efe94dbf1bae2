"""Demo data from the scenarios (Palu health office; a second agency for isolation demos).

Loaded by ``kinerja demo-data`` and ``kinerja serve --demo``. Running it again changes
nothing. Refused in production.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.core.security import hash_password
from kinerja_api.organizations.models import AgencyKind, Organization, TimeZone, Unit


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
    """Create the demo organizations, units and accounts; return the accounts."""
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
