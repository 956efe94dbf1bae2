"""Demo data from the scenarios (Palu health office; a second agency for isolation demos).

Besides organizations, units and accounts: Palu's configuration (holidays), strategy
(vision and missions), goals and IKU of 2026 (scenario 1), Tebo's service-time IKU
(scenario 4), and Sabang's needs analysis (scenario 2): the published survey "Kebutuhan
layanan informasi wisata" with 30 deterministic responses, and the need it revealed, linked to
the goal it serves.

Loaded by ``kinerja demo-data`` and ``kinerja serve --demo``. Running it again changes
nothing. Refused in production.

Palu: Kepala Dinas → Kepala Bidang P2P → Kepala Seksi Surveilans dan Imunisasi (vacant, held
by the Kabid P2P as PLT) → Pengelola Data Surveilans (staf.andi); Kepala Dinas → Kepala UPTD
Puskesmas Talise (kapus.talise) → Perawat Ahli Pertama (perawat.siti); Kepala Dinas →
Sekretaris (vacant) → Pengadministrasi Kepegawaian (admin.dinkes). Puskesmas Kamonji has no
positions yet and the Kepala Dinas no account, so the data-quality report has something to
show. Tebo: the clerk of the population-registration service and her Kepala Bidang.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.core.security import hash_password
from kinerja_api.indicators import service as goals
from kinerja_api.indicators.models import GoalKind, KeyIndicator, OrganizationGoal
from kinerja_api.indicators.schemas import GoalCreate, KeyIndicatorCreate, StrategyCreate
from kinerja_api.needs import need_service, survey_service
from kinerja_api.needs.models import Need, NeedLinkKind, NeedPriority, RespondentGroup, Survey
from kinerja_api.needs.schemas import (
    NeedFromSurvey,
    NeedLinkCreate,
    PublicResponseCreate,
    SurveyCreate,
)
from kinerja_api.organizations.config import OrganizationSettingsPatch
from kinerja_api.organizations.models import (
    AgencyKind,
    AssignmentKind,
    Employee,
    EmployeePosition,
    FunctionalLevel,
    Organization,
    Position,
    PositionKind,
    StructuralLevel,
    TimeZone,
    Unit,
)
from kinerja_api.organizations.service import org_today, update_organization_settings


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    full_name: str
    org_code: str | None


PALU = "DINKES-PALU"
TEBO = "DISDUKCAPIL-TEBO"
SABANG = "DISBUDPAR-SABANG"

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
    DemoAccount("admin.dispar", "Demo-Admin-2026", Role.ADMIN, "Cut Nurul Aini, S.Par.", SABANG),
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

S, F, P = PositionKind.STRUKTURAL, PositionKind.FUNGSIONAL, PositionKind.PELAKSANA


@dataclass(frozen=True)
class DemoPosition:
    key: str
    unit: str
    name: str
    kind: PositionKind
    job_class: int
    superior: str | None
    level: StructuralLevel | None = None
    jenjang: FunctionalLevel | None = None
    head: bool = False


@dataclass(frozen=True)
class DemoEmployee:
    nip: str
    name: str
    golongan: str
    position: str  # DemoPosition.key held definitively
    since: date
    account: str | None = None


PALU_POSITIONS = [
    DemoPosition(
        "kadis",
        "DINKES",
        "Kepala Dinas Kesehatan",
        S,
        14,
        None,
        StructuralLevel.JPT_PRATAMA,
        head=True,
    ),
    DemoPosition(
        "sekretaris",
        "SEKRE",
        "Sekretaris Dinas Kesehatan",
        S,
        12,
        "kadis",
        StructuralLevel.ADMINISTRATOR,
        head=True,
    ),
    DemoPosition("kepegawaian", "SEKRE", "Pengadministrasi Kepegawaian", P, 6, "sekretaris"),
    DemoPosition(
        "kabid",
        "P2P",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        S,
        11,
        "kadis",
        StructuralLevel.ADMINISTRATOR,
        head=True,
    ),
    DemoPosition(
        "kasi",
        "SURV-IMUN",
        "Kepala Seksi Surveilans dan Imunisasi",
        S,
        9,
        "kabid",
        StructuralLevel.PENGAWAS,
        head=True,
    ),
    DemoPosition("pengelola", "SURV-IMUN", "Pengelola Data Surveilans", P, 7, "kasi"),
    DemoPosition(
        "kapus",
        "PKM-TALISE",
        "Kepala UPTD Puskesmas Talise",
        S,
        9,
        "kadis",
        StructuralLevel.PENGAWAS,
        head=True,
    ),
    DemoPosition(
        "perawat",
        "PKM-TALISE",
        "Perawat Ahli Pertama",
        F,
        8,
        "kapus",
        jenjang=FunctionalLevel.AHLI_PERTAMA,
    ),
]
PALU_EMPLOYEES = [
    DemoEmployee(
        "197005121998031004", "dr. Herry Mulyadi, M.Kes", "IV/c", "kadis", date(2021, 3, 1)
    ),
    DemoEmployee(
        "197808222005012007",
        "dr. Nurhaya Lamato, M.Kes",
        "IV/a",
        "kabid",
        date(2021, 1, 4),
        "kabid.p2p",
    ),
    DemoEmployee(
        "198303152009031002",
        "Ns. Fadli Rahman, S.Kep",
        "III/d",
        "kapus",
        date(2022, 7, 1),
        "kapus.talise",
    ),
    DemoEmployee(
        "199504102019032011",
        "Siti Rahma, A.Md.Kep",
        "III/a",
        "perawat",
        date(2019, 3, 1),
        "perawat.siti",
    ),
    DemoEmployee(
        "199607182020121003",
        "Andi Pratama, S.KM",
        "III/a",
        "pengelola",
        date(2021, 1, 4),
        "staf.andi",
    ),
    DemoEmployee(
        "198811062012121001",
        "Rahmat Hidayat, S.KM",
        "III/b",
        "kepegawaian",
        date(2018, 1, 2),
        "admin.dinkes",
    ),
]
#: The Kabid P2P acts as PLT of the vacant Kepala Seksi Surveilans dan Imunisasi.
PALU_PLT = ("197808222005012007", "kasi")

TEBO_POSITIONS = [
    DemoPosition(
        "kabid",
        "PELAYANAN",
        "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        S,
        11,
        None,
        StructuralLevel.ADMINISTRATOR,
        head=True,
    ),
    DemoPosition("petugas", "PELAYANAN", "Pengadministrasi Registrasi Kependudukan", P, 6, "kabid"),
]
TEBO_EMPLOYEES = [
    DemoEmployee("197912032006041005", "Hendra Saputra, S.Sos", "III/d", "kabid", date(2023, 2, 1)),
    DemoEmployee("199209142015032004", "Maya Sari, A.Md", "II/d", "petugas", date(2016, 1, 4)),
]

SABANG_UNITS = [
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata Kota Sabang", None),
    ("SEKRE", "Sekretariat", "DISBUDPAR"),
    ("BID-PAR", "Bidang Pariwisata", "DISBUDPAR"),
    ("SEKSI-PIW", "Seksi Pelayanan Informasi Wisata", "BID-PAR"),
    ("BID-BUD", "Bidang Kebudayaan", "DISBUDPAR"),
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

SABANG_GOALS: list[GoalRow] = [
    ("T1", GoalKind.TUJUAN, None, "Meningkatnya kunjungan wisatawan mancanegara", None)
]
SABANG_IKU: list[tuple[str, dict[str, Any]]] = [
    (
        "T1",
        {
            "code": "IKU-01",
            "name": "Jumlah kunjungan wisatawan mancanegara",
            "formula": "Jumlah kunjungan wisatawan mancanegara yang tercatat dalam setahun",
            "aspect": "kuantitas",
            "unit": "kunjungan",
            "direction": "higher_is_better",
            "target_value": 25000,
            "baseline": 18500,
        },
    )
]

# ---- scenario 2: Sabang's stakeholder survey and the need it revealed ----------------------

SABANG_SURVEY = SurveyCreate.model_validate(
    {
        "title": "Kebutuhan layanan informasi wisata",
        "description": "Bantu kami meningkatkan layanan informasi wisata di Kota Sabang. "
        "Survei ini anonim dan hanya memerlukan 3 menit.",
        "audience": ["public", "business"],
        "questions": [
            {
                "key": "kejelasan_informasi",
                "type": "scale",
                "text": "Seberapa jelas informasi wisata yang diberikan petugas?",
                "required": True,
                "labels": ["Sangat tidak jelas", "Tidak jelas", "Cukup", "Jelas", "Sangat jelas"],
            },
            {
                "key": "keramahan_petugas",
                "type": "scale",
                "text": "Bagaimana keramahan dan kesigapan petugas informasi wisata?",
                "required": True,
                "labels": ["Sangat buruk", "Buruk", "Cukup", "Baik", "Sangat baik"],
            },
            {
                "key": "bahasa_dibutuhkan",
                "type": "single_choice",
                "text": "Bahasa apa yang paling Anda butuhkan dari petugas informasi wisata?",
                "required": True,
                "options": [
                    {"key": "en", "label": "Bahasa Inggris"},
                    {"key": "ms", "label": "Bahasa Melayu"},
                    {"key": "zh", "label": "Bahasa Mandarin"},
                    {"key": "id", "label": "Cukup Bahasa Indonesia"},
                ],
            },
            {
                "key": "saran",
                "type": "text",
                "text": "Saran Anda untuk layanan informasi wisata di Sabang",
                "max_length": 1000,
            },
        ],
    }
)
# Ten answers, given three times over (30 responses): every third respondent is a business.
_CLARITY = [4, 3, 2, 4, 3, 5, 3, 2, 4, 3]
_FRIENDLINESS = [5, 4, 4, 3, 5, 4, 4, 5, 3, 4]
_LANGUAGE = ["en", "en", "ms", "en", "zh", "en", "en", "ms", "en", "id"]
_SUGGESTIONS = [
    "Mohon sediakan petugas yang fasih berbahasa Inggris di Pelabuhan Balohan.",
    "Papan informasi di Tugu Kilometer Nol perlu dilengkapi Bahasa Inggris.",
    "Petugas ramah, tetapi sulit menjelaskan rute snorkeling kepada tamu asing.",
    "Perlu brosur wisata dalam Bahasa Inggris dan Bahasa Melayu.",
    "Banyak tamu kapal pesiar dari Malaysia; petugas perlu paham Bahasa Melayu.",
    "Jam buka pusat informasi wisata sebaiknya diperpanjang pada akhir pekan.",
    "Tolong adakan pelatihan bahasa asing untuk pemandu dan petugas informasi.",
    "Informasi jadwal kapal cepat ke Banda Aceh perlu diperbarui di media sosial.",
    "Petugas di Pantai Iboih perlu bisa menjelaskan aturan konservasi dalam Bahasa Inggris.",
    "Sediakan nomor WhatsApp layanan informasi yang dijawab dalam Bahasa Inggris.",
]
SABANG_RESPONSES = [
    PublicResponseCreate(
        respondent_token=f"demo-sabang-responden-{i:02d}",
        respondent_group=RespondentGroup.BUSINESS if i % 3 == 0 else RespondentGroup.PUBLIC,
        answers={
            "kejelasan_informasi": _CLARITY[i % 10],
            "keramahan_petugas": _FRIENDLINESS[i % 10],
            "bahasa_dibutuhkan": _LANGUAGE[i % 10],
            **({"saran": _SUGGESTIONS[i // 3]} if i % 3 == 1 else {}),
        },
    )
    for i in range(30)
]
SABANG_NEED_TITLE = "Kemampuan komunikasi bahasa asing petugas informasi wisata"


async def _ensure_sabang_needs(session: AsyncSession, org: Organization) -> None:
    survey = await session.scalar(
        survey_service.surveys_of(org.id).where(Survey.title == SABANG_SURVEY.title)
    )
    if survey is None:
        survey = await survey_service.create_survey(session, org, SABANG_SURVEY)
        survey = await survey_service.publish_survey(session, survey)
        for response in SABANG_RESPONSES:
            await survey_service.submit_response(session, survey, response)
    exists = await session.scalar(
        select(Need.id).where(Need.organization_id == org.id, Need.title == SABANG_NEED_TITLE)
    )
    if exists is not None:
        return
    unit = await session.scalar(
        select(Unit).where(Unit.organization_id == org.id, Unit.code == "SEKSI-PIW")
    )
    goal = await session.scalar(
        goals.goals_of(org.id).where(OrganizationGoal.year == YEAR, OrganizationGoal.code == "T1")
    )
    assert unit is not None
    assert goal is not None
    need = await need_service.create_need_from_survey(
        session,
        org,
        NeedFromSurvey(
            survey_id=survey.id,
            question_keys=["bahasa_dibutuhkan", "saran"],
            title=SABANG_NEED_TITLE,
            priority=NeedPriority.HIGH,
            unit_id=unit.id,
            year=YEAR,
        ),
    )
    await need_service.add_link(
        session, need, NeedLinkCreate(kind=NeedLinkKind.GOAL, target_id=goal.id)
    )


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


async def _ensure_people(
    session: AsyncSession,
    org: Organization,
    positions: list[DemoPosition],
    employees: list[DemoEmployee],
) -> tuple[dict[str, Position], dict[str, Employee]]:
    units = {
        u.code: u for u in await session.scalars(select(Unit).where(Unit.organization_id == org.id))
    }
    existing = {
        (p.unit_id, p.name): p
        for p in await session.scalars(select(Position).where(Position.organization_id == org.id))
    }
    by_key: dict[str, Position] = {}
    for spec in positions:
        unit = units[spec.unit]
        position = existing.get((unit.id, spec.name))
        if position is None:
            position = Position(
                organization_id=org.id,
                unit_id=unit.id,
                name=spec.name,
                kind=spec.kind,
                level=spec.level,
                jenjang=spec.jenjang,
                job_class=spec.job_class,
                superior_id=by_key[spec.superior].id if spec.superior else None,
            )
            session.add(position)
            await session.flush()
        by_key[spec.key] = position
        if spec.head and unit.head_position_id is None:
            unit.head_position_id = position.id
    people: dict[str, Employee] = {}
    for spec_e in employees:
        employee = await session.scalar(select(Employee).where(Employee.nip == spec_e.nip))
        if employee is None:
            employee = Employee(
                organization_id=org.id, nip=spec_e.nip, name=spec_e.name, golongan=spec_e.golongan
            )
            session.add(employee)
            await session.flush()
            session.add(
                EmployeePosition(
                    organization_id=org.id,
                    employee_id=employee.id,
                    position_id=by_key[spec_e.position].id,
                    kind=AssignmentKind.DEFINITIVE,
                    start_date=spec_e.since,
                )
            )
        people[spec_e.nip] = employee
    await session.flush()
    return by_key, people


async def _link_accounts(
    session: AsyncSession, employees: list[DemoEmployee], people: dict[str, Employee]
) -> None:
    for spec in employees:
        if spec.account is None:
            continue
        user = await session.scalar(select(User).where(User.username == spec.account))
        if user is not None and user.employee_id is None:
            user.employee_id = people[spec.nip].id
    await session.flush()


async def _ensure_plt(
    session: AsyncSession, org: Organization, employee: Employee, position: Position
) -> None:
    found = await session.scalar(
        select(EmployeePosition.id).where(
            EmployeePosition.employee_id == employee.id,
            EmployeePosition.position_id == position.id,
            EmployeePosition.kind == AssignmentKind.PLT,
        )
    )
    if found is None:
        today = org_today(org)
        session.add(
            EmployeePosition(
                organization_id=org.id,
                employee_id=employee.id,
                position_id=position.id,
                kind=AssignmentKind.PLT,
                start_date=today - timedelta(days=30),
                end_date=today + timedelta(days=60),
                decree_number="800.1.3.3/045/Dinkes",
            )
        )
        await session.flush()


async def load_demo_data(session: AsyncSession) -> list[DemoAccount]:
    """Create the demo organizations, units, positions, employees, accounts, settings, goals
    and IKU, Sabang's survey and need; return the accounts."""
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
        SABANG: await _ensure_org(
            session,
            code=SABANG,
            name="Dinas Kebudayaan dan Pariwisata Kota Sabang",
            kind=AgencyKind.PERANGKAT_DAERAH,
            region="Kota Sabang, Aceh",
            tz=TimeZone.WIB,
            units=SABANG_UNITS,
        ),
    }
    palu, tebo, sabang = orgs[PALU], orgs[TEBO], orgs[SABANG]
    if not palu.settings:
        await update_organization_settings(
            session, palu, OrganizationSettingsPatch.model_validate(PALU_SETTINGS)
        )
    if await goals.strategy_covering(session, palu.id, YEAR) is None:
        await goals.create_strategy(session, palu, PALU_STRATEGY)
    await _ensure_goals(session, palu, PALU_GOALS, PALU_IKU)
    await _ensure_goals(session, tebo, TEBO_GOALS, TEBO_IKU)
    await _ensure_goals(session, sabang, SABANG_GOALS, SABANG_IKU)
    await _ensure_sabang_needs(session, sabang)

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
    palu_positions, palu_people = await _ensure_people(
        session, orgs[PALU], PALU_POSITIONS, PALU_EMPLOYEES
    )
    await _link_accounts(session, PALU_EMPLOYEES, palu_people)
    plt_nip, plt_position = PALU_PLT
    await _ensure_plt(session, orgs[PALU], palu_people[plt_nip], palu_positions[plt_position])
    await _ensure_people(session, orgs[TEBO], TEBO_POSITIONS, TEBO_EMPLOYEES)
    return ACCOUNTS
