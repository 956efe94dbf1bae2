"""Demo data from the scenarios (Palu health office; a second agency for isolation demos).

Besides organizations, units and accounts: Palu's configuration (holidays), strategy
(vision and missions), goals and IKU of 2026 (scenario 1), Tebo's service-time IKU
(scenario 4), and Sabang's needs analysis (scenario 2): the published survey "Kebutuhan
layanan informasi wisata" with 30 deterministic responses, and the need it revealed, linked to
the goal it serves.

SKP of 2026 (scenario 1): the Kepala Bidang P2P cascades from the IKU "Cakupan imunisasi
dasar lengkap (IDL)"; the head of Puskesmas Talise, who reports to the head of the office,
cascades from the IKU "Persentase puskesmas dengan cakupan IDL minimal 95%"; the nurse's RHK
"Terlaksananya imunisasi dasar bagi 1.200 bayi" cascades from his. All three were approved in
January by their appraisers; after the earthquake in April the head of the Puskesmas and the
nurse revised their plans ("Pascabencana: layanan dialihkan ke pos kesehatan pengungsian"),
the nurse lowering her target to 1.000 bayi, and both revisions were approved (revision 1).
The nurse reports monthly realization with evidence. The Kepala Dinas approves without an
account (his actions are recorded under his name). The nurse's daily activity reports of her
last seven working days (dated back from the organization's today while the demo year lasts;
filed when the demo loads, so days before the grace window are flagged late) are approved by
the head of the Puskesmas, except the two newest days, which wait in his inbox.

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

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api import demo_dialogs, demo_programs
from kinerja_api.activities import service as activities
from kinerja_api.activities.models import ActivityReport
from kinerja_api.activities.schemas import ReportCreate
from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.core.security import hash_password
from kinerja_api.demo_integration import ensure_demo_integration
from kinerja_api.indicators.goals import service as goals
from kinerja_api.indicators.goals.models import GoalKind, KeyIndicator, OrganizationGoal
from kinerja_api.indicators.goals.schemas import GoalCreate, KeyIndicatorCreate, StrategyCreate
from kinerja_api.indicators.skp import realization as skp_realization
from kinerja_api.indicators.skp import service as skp_service
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpWorkResult
from kinerja_api.indicators.skp.rules import SkpAction, WorkResultKind, periods_of
from kinerja_api.indicators.skp.schemas import (
    IndicatorCreate,
    IndicatorUpdate,
    RealizationPut,
    SkpCreate,
    WorkResultCreate,
)
from kinerja_api.needs.register import service as need_service
from kinerja_api.needs.register.models import Need, NeedLinkKind, NeedPriority
from kinerja_api.needs.register.schemas import NeedFromSurvey, NeedLinkCreate
from kinerja_api.needs.surveys import service as survey_service
from kinerja_api.needs.surveys.models import RespondentGroup, Survey
from kinerja_api.needs.surveys.schemas import PublicResponseCreate, SurveyCreate
from kinerja_api.organizations.config import OrganizationSettingsPatch, RealizationPeriod
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
from kinerja_api.organizations.service import (
    org_today,
    organization_settings,
    update_organization_settings,
)


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
    await _ensure_skp(session, orgs[PALU], palu_people)
    await _ensure_activity_reports(session, orgs[PALU], palu_people)
    await ensure_demo_integration(session, orgs[PALU])
    await demo_dialogs.ensure_dialogues(session)
    await demo_programs.ensure_festival(session, orgs[SABANG])
    return ACCOUNTS


# ---- SKP of 2026 (scenario 1) ---------------------------------------------------------------

KADIS, KABID, KAPUS, SITI = (
    "197005121998031004",
    "197808222005012007",
    "198303152009031002",
    "199504102019032011",
)
DISASTER = "Pascabencana: layanan dialihkan ke pos kesehatan pengungsian"
#: Cumulative number of babies fully immunized by the end of each month of 2026.
SITI_BAYI = [95, 190, 290, 330, 410, 500, 590, 680, 770, 860]


def _at(month: int, day: int, hour: int = 2) -> datetime:
    """A demo moment (UTC; 10:00 WITA at the default hour)."""
    return datetime(YEAR, month, day, hour, tzinfo=UTC)


def _idl(name: str, target: float) -> IndicatorCreate:
    return IndicatorCreate(
        name=name,
        aspect="kuantitas",
        unit="persen",
        direction="higher_is_better",
        target_value=target,
    )


class _DemoSkp:
    """Drives one employee's SKP through the same services the API uses."""

    def __init__(self, session: AsyncSession, org: Organization, employee: Employee) -> None:
        self.session, self.org, self.employee = session, org, employee
        self.today = org_today(org)
        self.skp: Skp | None = None

    async def caller(self, employee: Employee) -> skp_service.Caller:
        user_id = await self.session.scalar(select(User.id).where(User.employee_id == employee.id))
        return skp_service.Caller(user_id, employee.id, self.org.id)

    async def create(self, **attachments: str) -> Skp:
        data = SkpCreate(year=YEAR, **attachments)
        self.skp = await skp_service.create_skp(self.session, self.org, self.employee, data)
        return self.skp

    async def rhk(
        self, statement: str, *indicators: IndicatorCreate, **reference: Any
    ) -> tuple[SkpWorkResult, list[SkpIndicator]]:
        assert self.skp is not None
        rhk = await skp_service.add_work_result(
            self.session,
            self.skp,
            WorkResultCreate(statement=statement, **{"kind": WorkResultKind.UTAMA, **reference}),
            self.today,
        )
        made = [
            await skp_service.add_indicator(self.session, self.skp, rhk, data)
            for data in indicators
        ]
        return rhk, made

    async def act(
        self, who: Employee, action: SkpAction, at: datetime, note: str | None = None
    ) -> None:
        assert self.skp is not None
        caller = await self.caller(who)
        self.skp = await skp_service.reload_full(self.session, self.skp)
        access = await skp_service.access(self.session, caller, self.skp)
        await skp_service.perform(self.session, self.skp, access, caller, action, note, at=at)


async def _ensure_skp(
    session: AsyncSession, org: Organization, people: dict[str, Employee]
) -> None:
    existing = await session.scalar(
        select(Skp.id).where(Skp.organization_id == org.id, Skp.year == YEAR).limit(1)
    )
    if existing is not None:
        return
    iku = {
        i.code: i
        for i in await session.scalars(
            select(KeyIndicator).where(
                KeyIndicator.organization_id == org.id, KeyIndicator.year == YEAR
            )
        )
    }
    kadis, kabid, kapus, siti = (people[n] for n in (KADIS, KABID, KAPUS, SITI))
    submit, approve = SkpAction.SUBMIT, SkpAction.APPROVE

    p2p = _DemoSkp(session, org, kabid)
    await p2p.create(
        resource_support="Anggaran program imunisasi APBD 2026; vaksin dari Dinas Kesehatan "
        "Provinsi Sulawesi Tengah",
        accountability_scheme="Laporan triwulanan kepada Kepala Dinas Kesehatan",
    )
    await p2p.rhk(
        "Meningkatnya cakupan imunisasi dasar lengkap di Kota Palu",
        _idl("Cakupan imunisasi dasar lengkap (IDL) Kota Palu", 95),
        key_indicator_id=iku["IKU-01"].id,
    )
    await p2p.act(kabid, submit, _at(1, 12))
    await p2p.act(kadis, approve, _at(1, 20))

    talise = _DemoSkp(session, org, kapus)
    await talise.create(
        resource_support="Vaksin dan logistik rantai dingin; kendaraan puskesmas keliling",
        accountability_scheme="Laporan bulanan cakupan imunisasi kepada Kepala Dinas",
        consequences="Capaian di bawah target dibahas dalam dialog kinerja bulanan",
    )
    talise_idl, (talise_target,) = await talise.rhk(
        "Meningkatnya cakupan IDL di wilayah kerja Puskesmas Talise",
        _idl("Cakupan IDL wilayah kerja Puskesmas Talise", 95),
        key_indicator_id=iku["IKU-02"].id,
    )
    await talise.act(kapus, submit, _at(1, 14))
    await talise.act(kadis, approve, _at(1, 22))

    nurse = _DemoSkp(session, org, siti)
    await nurse.create(
        resource_support="Vaksin, alat suntik sekali pakai dan buku KIA dari Puskesmas Talise",
        accountability_scheme="Laporan harian imunisasi dan register kohort bayi",
    )
    _, (bayi, _) = await nurse.rhk(
        "Terlaksananya imunisasi dasar bagi 1.200 bayi",
        IndicatorCreate(
            name="Jumlah bayi yang mendapat imunisasi dasar lengkap",
            aspect="kuantitas",
            unit="bayi",
            direction="higher_is_better",
            target_value=1200,
        ),
        IndicatorCreate(
            name="Waktu pelaksanaan imunisasi dasar",
            aspect="waktu",
            unit="bulan",
            direction="lower_is_better",
            target_value=12,
        ),
        parent_id=talise_idl.id,
    )
    await nurse.act(siti, submit, _at(1, 23))
    await nurse.act(kapus, approve, _at(1, 27))

    # The earthquake in April: both plans are revised, and approved again.
    await talise.act(kapus, SkpAction.REQUEST_REVISION, _at(4, 6), DISASTER)
    assert talise.skp is not None
    await skp_service.update_indicator(
        session, talise.skp, talise_target, IndicatorUpdate(target_value=85)
    )
    pos, _ = await talise.rhk(
        "Layanan kesehatan di pos pengungsian",
        IndicatorCreate(
            name="Persentase pos pengungsian di wilayah Talise yang dilayani",
            aspect="kuantitas",
            unit="persen",
            target_min=90,
            target_max=100,
        ),
        key_indicator_id=iku["IKU-03"].id,
    )
    await talise.act(kapus, submit, _at(4, 9))
    await talise.act(kadis, approve, _at(4, 14))
    await nurse.act(siti, SkpAction.REQUEST_REVISION, _at(4, 8), DISASTER)
    assert nurse.skp is not None
    await skp_service.update_indicator(session, nurse.skp, bayi, IndicatorUpdate(target_value=1000))
    await nurse.rhk(
        "Terlaksananya imunisasi di pos kesehatan pengungsian",
        IndicatorCreate(
            name="Bayi yang diimunisasi di pos pengungsian",
            aspect="kuantitas",
            unit="bayi",
            direction="higher_is_better",
            target_value=150,
        ),
        kind=WorkResultKind.TAMBAHAN,
        parent_id=pos.id,
    )
    await nurse.act(siti, submit, _at(4, 15))
    await nurse.act(kapus, approve, _at(4, 17))

    # Monthly realization (cumulative), with evidence for March.
    started = [p for p in periods_of(RealizationPeriod.MONTHLY, YEAR) if p.start <= nurse.today]
    for period, value in zip(started, SITI_BAYI, strict=False):
        row = await skp_realization.put_realization(
            session,
            nurse.skp,
            bayi,
            period,
            None,
            RealizationPut(
                value=value,
                self_assessment="Pelayanan imunisasi di posyandu wilayah kerja Puskesmas Talise"
                if period.start.month != 4
                else "Layanan dialihkan ke pos kesehatan pengungsian setelah gempa",
            ),
        )
        if period.start.month == 3:
            await skp_realization.add_link(
                session,
                nurse.skp,
                row,
                "https://dinkes.palukota.go.id/bukti/imunisasi/2026-03",
                "Pelayanan imunisasi di Posyandu Melati, 08:00–11:30, 34 bayi",
                None,
            )


# ---- daily activity reports (scenario 1) -----------------------------------------------------

#: The nurse's last working days: (start, end, what she did, babies). The oldest is filed after
#: the grace window (flagged late: "some staff file reports late"); the head of the Puskesmas
#: has reviewed all but the two newest, which wait in his inbox.
SITI_DAYS = [
    ("08:00", "11:30", "Pelayanan imunisasi di Posyandu Melati", 34),
    ("08:00", "11:00", "Pelayanan imunisasi di Posyandu Mawar", 28),
    ("08:30", "12:00", "Pelayanan imunisasi di Posyandu Anggrek", 31),
    ("08:00", "10:30", "Imunisasi kejar bagi bayi yang tertinggal jadwal", 12),
    ("08:00", "11:30", "Pelayanan imunisasi di Posyandu Kenanga", 30),
    ("09:00", "12:00", "Pelayanan imunisasi di pos kesehatan pengungsian Talise", 18),
    ("08:00", "11:00", "Pelayanan imunisasi di Posyandu Melati", 26),
]
SITI_PENDING = 2
REPORT_HOURS = ("13:00", "15:00", "Pencatatan hasil imunisasi ke register kohort bayi")


async def _ensure_activity_reports(
    session: AsyncSession, org: Organization, people: dict[str, Employee]
) -> None:
    """The nurse's reports of her last working days, reviewed by the head of the Puskesmas.

    Dated back from the organization's today, so the inbox, the calendar and the reminders
    have something current to show; skipped once the demo year (the SKP's) is over.
    """
    siti, kapus = people[SITI], people[KAPUS]
    today = org_today(org)
    if today.year != YEAR:
        return
    if await session.scalar(
        select(ActivityReport.id).where(ActivityReport.employee_id == siti.id).limit(1)
    ):
        return
    rhk = await session.scalar(
        select(SkpWorkResult.id)
        .join(Skp, Skp.id == SkpWorkResult.skp_id)
        .where(
            Skp.employee_id == siti.id,
            Skp.year == YEAR,
            SkpWorkResult.statement == "Terlaksananya imunisasi dasar bagi 1.200 bayi",
        )
    )
    if rhk is None:
        return
    calendar = organization_settings(org).calendar
    days: list[date] = []
    day = today - timedelta(days=1)
    while len(days) < len(SITI_DAYS) and day.year == YEAR:
        if calendar.is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    days.reverse()
    reviewer_user = await session.scalar(select(User).where(User.employee_id == kapus.id))
    if reviewer_user is None:
        return
    reviewer = Principal(  # acting outside a request: no sign-in session behind it
        user_id=reviewer_user.id,
        session_id=uuid.UUID(int=0),
        organization_id=org.id,
        role=reviewer_user.role,
        username=reviewer_user.username,
        employee_id=kapus.id,
    )
    for n, (on, (start, end, what, babies)) in enumerate(zip(days, SITI_DAYS, strict=False)):
        made = []
        for start_time, end_time, text, quantity, unit in (
            (start, end, what, babies, "bayi"),
            (*REPORT_HOURS, 1, "laporan"),
        ):
            made.append(
                await activities.create_report(
                    session,
                    org,
                    siti,
                    ReportCreate.model_validate(
                        {
                            "report_date": on.isoformat(),
                            "start_time": start_time,
                            "end_time": end_time,
                            "description": text,
                            "quantity": quantity,
                            "unit": unit,
                            "work_result_id": str(rhk),
                        }
                    ),
                )
            )
        if n < len(days) - SITI_PENDING:
            for report in made:
                await activities.approve(session, reviewer, report, None)
