"""Demo data from the scenarios: three whole regional governments (instansi) as tenants.

* **Pemerintah Kota Palu** (scenario 1): the Wali Kota (a regional head: no NIP, no SKP) at
  the top, the Sekretariat Daerah with the Sekda, the Dinas Kesehatan with the immunization
  story, and the Badan Perencanaan Pembangunan Daerah (Bappeda) with a small planning team.
* **Pemerintah Kota Sabang** (scenario 2): the Dinas Kebudayaan dan Pariwisata (Disbudpar)
  with its tourist-information staff, its needs survey and the marine festival, with the
  Dinas Kelautan dan Perikanan and the Dinas Perhubungan, OPDs of the same instansi, as
  partners.
* **Pemerintah Kabupaten Tebo** (scenario 4): the Dinas Kependudukan dan Pencatatan Sipil
  (Disdukcapil) with the clerk of the population-registration service.

Each instansi's OPDs are its top-level units; every employee's ``opd_id`` is the OPD of the
unit of their position. The regional head holds the top position in a top-level unit of
their own, "Kepala Daerah", rather than in the Sekretariat Daerah: the Setda is an OPD run by
OPD admins and counted as an OPD (curve checks, data quality), which the regional head is not
part of; as the head of a top-level unit, the position needs no superior; and only the
instansi admins (BKPSDM) manage the regional head's record. The Sekda's position reports to
the regional head's, and every OPD head's to the Sekda's, so the position chain makes the
regional head the Sekda's appraiser and the Sekda every OPD head's.

Accounts at each level: the platform admin; per instansi an instansi admin (BKPSDM,
``users.opd_id`` null); in Palu also the Wali Kota, the Sekda, and the OPD admins of the
Dinas Kesehatan and of Bappeda (``users.opd_id`` = their OPD); in Sabang and Tebo the
existing dinas admins are the OPD admins of their dinas; and the staff and supervisors of
the stories.

Besides organizations, units and accounts: Palu's configuration (holidays); the plans of
2026 at two levels (the two-level cascade): each instansi's own plan (RPJMD, ``unit_id``
null) and its OPDs' Renstra (``unit_id`` = the OPD), whose goals name the RPJMD goal they
serve. Palu's RPJMD (vision and missions of the Kota) has three goals with an IKU each:
"Meningkatnya kualitas sumber daya manusia Kota Palu", served by the Dinas Kesehatan's
"Meningkatnya derajat kesehatan masyarakat" (T1 with S1.1 and S1.2, IKU-01 IDL 95%, IKU-02,
IKU-03: scenario 1); the governance goal the Sekda's RHK refers to, served by Bappeda's
planning goal; and "Meningkatnya pertumbuhan ekonomi daerah yang inklusif", which no OPD
serves (the cascade's ``unserved_goals``). Tebo (scenario 4) and Sabang (scenario 2) have an
RPJMD goal each, served by the Disdukcapil's service-time goal and the Disbudpar's tourism
goal. Sabang's needs analysis: the published survey "Kebutuhan layanan informasi wisata"
with 30 deterministic responses, and the need it revealed, linked to the Disbudpar's goal.

SKP of 2026 (scenario 1), made in the order the rules allow: the Wali Kota approved the
Sekda's SKP in January (its RHK refers to the RPJMD's governance IKU); the Sekda then approved
the plans of the OPD heads, whose RHK refer to their OPD's IKU (their appraiser, the Sekda, is
outside their OPD): the Kepala Dinas Kesehatan's to IKU-01 (IDL), the Kepala Bappeda's to
Bappeda's IKU. Everyone below cascades from their superior's RHK: the Kepala Bidang P2P and
the head of Puskesmas Talise from the Kepala Dinas's, the nurse's "Terlaksananya imunisasi
dasar bagi 1.200 bayi" from the Puskesmas head's; Bappeda's Kepala Bidang and planner likewise.
All were approved in January by their appraisers; after the earthquake in April the Kepala
Dinas added an RHK on the post-disaster IKU-03 (approved by the Sekda), and the head of the
Puskesmas and the nurse revised their plans ("Pascabencana: layanan dialihkan ke pos kesehatan
pengungsian"), his new RHK cascading from the Kepala Dinas's, the nurse lowering her target to
1.000 bayi; all revisions approved (revision 1). The nurse reports monthly realization with
evidence. The Kepala Dinas acts without an account (his actions are recorded under his name).
The nurse's daily activity reports of her last seven working days (dated back from the
organization's today while the demo year lasts; filed when the demo loads, so days before the
grace window are flagged late) are approved by the head of the Puskesmas, except the two
newest days, which wait in his inbox. The annual appraisal of 2026 is open with a few
ratings (``demo_appraisals``).

Loaded by ``kinerja demo-data`` and ``kinerja serve --demo``. Running it again changes
nothing. Refused in production. A database loaded by an earlier version of the demo is brought
up to date in place: one dinas per organization (``DINKES-PALU``, ``DISDUKCAPIL-TEBO``,
``DISBUDPAR-SABANG``) becomes the instansi (renamed, the missing rows added); goals, IKU and
the Renstra made at the instansi level move to their OPD with their ids (see
:func:`_move_legacy_plans`); RHK that referred to the IKU below the OPD head are pointed at
their superior's RHK (see :func:`_convert_health_skp`).

Palu's Dinas Kesehatan: Kepala Dinas (→ Sekda) → Kepala Bidang P2P → Kepala Seksi Surveilans
dan Imunisasi (vacant, held by the Kabid P2P as PLT) → Pengelola Data Surveilans (staf.andi);
Kepala Dinas → Kepala UPTD Puskesmas Talise (kapus.talise) → Perawat Ahli Pertama
(perawat.siti); Kepala Dinas → Sekretaris (vacant) → Pengadministrasi Kepegawaian
(admin.dinkes). Puskesmas Kamonji has no positions yet and the Kepala Dinas no account, so the
data-quality report has something to show. Tebo: the clerk of the population-registration
service, her Kepala Bidang and the Kepala Dinas.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api import demo_appraisals, demo_dialogs, demo_programs
from kinerja_api.activities import service as activities
from kinerja_api.activities.models import ActivityReport
from kinerja_api.activities.schemas import ReportCreate
from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.core.security import hash_password
from kinerja_api.demo_integration import ensure_demo_integration
from kinerja_api.indicators.goals import service as goals
from kinerja_api.indicators.goals.models import (
    GoalKind,
    KeyIndicator,
    OrganizationGoal,
    OrganizationStrategy,
)
from kinerja_api.indicators.goals.schemas import (
    GoalCreate,
    GoalUpdate,
    KeyIndicatorCreate,
    KeyIndicatorUpdate,
    StrategyCreate,
)
from kinerja_api.indicators.skp import realization as skp_realization
from kinerja_api.indicators.skp import service as skp_service
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpWorkResult
from kinerja_api.indicators.skp.rules import Perspective, SkpAction, WorkResultKind, periods_of
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
    EmployeeKind,
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

PALU = "PEMKOT-PALU"
TEBO = "PEMKAB-TEBO"
SABANG = "PEMKOT-SABANG"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    full_name: str
    org_code: str | None
    #: The level the account works at, as ``kinerja demo-data`` prints it.
    level: str
    #: An OPD admin's OPD (the code of a top-level unit): ``users.opd_id``.
    opd: str | None = None


ADMIN, SUPERVISOR, STAFF = Role.ADMIN, Role.SUPERVISOR, Role.STAFF
INSTANSI_ADMIN = "instansi admin (BKPSDM)"

ACCOUNTS = [
    DemoAccount(
        "platform", "Demo-Platform-2026", Role.PLATFORM_ADMIN, "Admin Platform", None, "platform"
    ),
    # Pemerintah Kota Palu
    DemoAccount(
        "walikota.palu",
        "Demo-Walikota-2026",
        SUPERVISOR,
        "H. Muhammad Arsyad, S.E., M.M.",
        PALU,
        "regional head (Wali Kota)",
    ),
    DemoAccount(
        "sekda.palu",
        "Demo-Sekda-2026",
        SUPERVISOR,
        "Dr. Abdul Rahman Said, M.Si.",
        PALU,
        "Sekda",
    ),
    DemoAccount("bkpsdm.palu", "Demo-Admin-2026", ADMIN, "Sri Wahyuni, S.H.", PALU, INSTANSI_ADMIN),
    DemoAccount(
        "admin.dinkes",
        "Demo-Admin-2026",
        ADMIN,
        "Rahmat Hidayat, S.KM",
        PALU,
        "OPD admin: Dinas Kesehatan",
        opd="DINKES",
    ),
    DemoAccount(
        "kabid.p2p",
        "Demo-Kabid-2026",
        SUPERVISOR,
        "dr. Nurhaya Lamato, M.Kes",
        PALU,
        "OPD Dinas Kesehatan: Kepala Bidang",
    ),
    DemoAccount(
        "kapus.talise",
        "Demo-Kapus-2026",
        SUPERVISOR,
        "Ns. Fadli Rahman, S.Kep",
        PALU,
        "OPD Dinas Kesehatan: Kepala Puskesmas",
    ),
    DemoAccount(
        "perawat.siti",
        "Demo-Staf-2026",
        STAFF,
        "Siti Rahma, A.Md.Kep",
        PALU,
        "OPD Dinas Kesehatan: staff",
    ),
    DemoAccount(
        "staf.andi",
        "Demo-Staf-2026",
        STAFF,
        "Andi Pratama, S.KM",
        PALU,
        "OPD Dinas Kesehatan: staff",
    ),
    DemoAccount(
        "admin.bappeda",
        "Demo-Admin-2026",
        ADMIN,
        "Arman Laode, A.Md.",
        PALU,
        "OPD admin: Bappeda",
        opd="BAPPEDA",
    ),
    DemoAccount(
        "kaban.bappeda",
        "Demo-Kaban-2026",
        SUPERVISOR,
        "Ir. Dewi Kartika Sari, M.T.",
        PALU,
        "OPD Bappeda: Kepala Badan",
    ),
    DemoAccount(
        "kabid.dalev",
        "Demo-Kabid-2026",
        SUPERVISOR,
        "Muhammad Ilham, S.T., M.Eng.",
        PALU,
        "OPD Bappeda: Kepala Bidang",
    ),
    DemoAccount(
        "perencana.nurul",
        "Demo-Staf-2026",
        STAFF,
        "Nurul Fadilah, S.E.",
        PALU,
        "OPD Bappeda: staff",
    ),
    # Pemerintah Kabupaten Tebo
    DemoAccount(
        "bkpsdm.tebo", "Demo-Admin-2026", ADMIN, "Desi Ratnasari, S.E.", TEBO, INSTANSI_ADMIN
    ),
    DemoAccount(
        "admin.tebo",
        "Demo-Admin-2026",
        ADMIN,
        "Yusuf Maulana, S.E.",
        TEBO,
        "OPD admin: Disdukcapil",
        opd="DISDUKCAPIL",
    ),
    # Pemerintah Kota Sabang
    DemoAccount(
        "bkpsdm.sabang", "Demo-Admin-2026", ADMIN, "Mirza Saputra, S.STP", SABANG, INSTANSI_ADMIN
    ),
    DemoAccount(
        "admin.dispar",
        "Demo-Admin-2026",
        ADMIN,
        "Cut Nurul Aini, S.Par.",
        SABANG,
        "OPD admin: Disbudpar",
        opd="DISBUDPAR",
    ),
]

S, F, P = PositionKind.STRUKTURAL, PositionKind.FUNGSIONAL, PositionKind.PELAKSANA
JPT, ADM, PGW = StructuralLevel.JPT_PRATAMA, StructuralLevel.ADMINISTRATOR, StructuralLevel.PENGAWAS


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
    nip: str | None  # None: the regional head (not an ASN)
    name: str
    golongan: str | None
    position: str  # DemoPosition.key held definitively
    since: date
    account: str | None = None
    kind: EmployeeKind = EmployeeKind.ASN

    @property
    def key(self) -> str:
        """How the demo finds the person again: the NIP, or the regional head's name."""
        return self.nip or self.name


def _regional_head(
    name: str, position: str, since: date, account: str | None = None
) -> DemoEmployee:
    return DemoEmployee(None, name, None, position, since, account, EmployeeKind.REGIONAL_HEAD)


@dataclass(frozen=True)
class DemoInstansi:
    code: str
    #: The code of the single-dinas organization an earlier demo made (renamed in place).
    legacy_code: str
    name: str
    kind: AgencyKind
    region: str
    tz: TimeZone
    units: list[tuple[str, str, str | None]]  # (code, name, parent code); parents first
    positions: list[DemoPosition]  # superiors first
    employees: list[DemoEmployee]
    plt: list[tuple[str, str]] = field(default_factory=list)  # (NIP, position key)


# ---- Pemerintah Kota Palu --------------------------------------------------------------------

# (code, name, parent code)
PALU_UNITS = [
    ("KDH", "Kepala Daerah Kota Palu", None),
    ("SETDA", "Sekretariat Daerah Kota Palu", None),
    ("DINKES", "Dinas Kesehatan Kota Palu", None),
    ("SEKRE", "Sekretariat", "DINKES"),
    ("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES"),
    ("SURV-IMUN", "Seksi Surveilans dan Imunisasi", "P2P"),
    ("PKM-TALISE", "UPTD Puskesmas Talise", "DINKES"),
    ("PKM-KAMONJI", "UPTD Puskesmas Kamonji", "DINKES"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah Kota Palu", None),
    ("BID-DALEV", "Bidang Pengendalian dan Evaluasi Pembangunan Daerah", "BAPPEDA"),
]

PALU_POSITIONS = [
    DemoPosition("walikota", "KDH", "Wali Kota Palu", S, 17, None, head=True),
    DemoPosition(
        "sekda", "SETDA", "Sekretaris Daerah Kota Palu", S, 15, "walikota", JPT, head=True
    ),
    DemoPosition("kadis", "DINKES", "Kepala Dinas Kesehatan", S, 14, "sekda", JPT, head=True),
    DemoPosition(
        "sekretaris", "SEKRE", "Sekretaris Dinas Kesehatan", S, 12, "kadis", ADM, head=True
    ),
    DemoPosition("kepegawaian", "SEKRE", "Pengadministrasi Kepegawaian", P, 6, "sekretaris"),
    DemoPosition(
        "kabid",
        "P2P",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        S,
        11,
        "kadis",
        ADM,
        head=True,
    ),
    DemoPosition(
        "kasi", "SURV-IMUN", "Kepala Seksi Surveilans dan Imunisasi", S, 9, "kabid", PGW, head=True
    ),
    DemoPosition("pengelola", "SURV-IMUN", "Pengelola Data Surveilans", P, 7, "kasi"),
    DemoPosition(
        "kapus", "PKM-TALISE", "Kepala UPTD Puskesmas Talise", S, 9, "kadis", PGW, head=True
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
    DemoPosition(
        "kaban",
        "BAPPEDA",
        "Kepala Badan Perencanaan Pembangunan Daerah",
        S,
        14,
        "sekda",
        JPT,
        head=True,
    ),
    DemoPosition("umum", "BAPPEDA", "Pengadministrasi Perkantoran", P, 5, "kaban"),
    DemoPosition(
        "kabid_dalev",
        "BID-DALEV",
        "Kepala Bidang Pengendalian dan Evaluasi Pembangunan Daerah",
        S,
        11,
        "kaban",
        ADM,
        head=True,
    ),
    DemoPosition(
        "perencana",
        "BID-DALEV",
        "Perencana Ahli Pertama",
        F,
        8,
        "kabid_dalev",
        jenjang=FunctionalLevel.AHLI_PERTAMA,
    ),
]
PALU_EMPLOYEES = [
    _regional_head(
        "H. Muhammad Arsyad, S.E., M.M.", "walikota", date(2025, 2, 20), "walikota.palu"
    ),
    DemoEmployee(
        "197203141998031005",
        "Dr. Abdul Rahman Said, M.Si.",
        "IV/d",
        "sekda",
        date(2023, 6, 5),
        "sekda.palu",
    ),
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
    DemoEmployee(
        "197611182002122003",
        "Ir. Dewi Kartika Sari, M.T.",
        "IV/c",
        "kaban",
        date(2022, 9, 1),
        "kaban.bappeda",
    ),
    DemoEmployee(
        "198205072008011012",
        "Muhammad Ilham, S.T., M.Eng.",
        "IV/a",
        "kabid_dalev",
        date(2023, 1, 2),
        "kabid.dalev",
    ),
    DemoEmployee(
        "199308252019022006",
        "Nurul Fadilah, S.E.",
        "III/b",
        "perencana",
        date(2020, 7, 1),
        "perencana.nurul",
    ),
    DemoEmployee(
        "199101302014031002",
        "Arman Laode, A.Md.",
        "II/d",
        "umum",
        date(2019, 4, 1),
        "admin.bappeda",
    ),
]
#: The Kabid P2P acts as PLT of the vacant Kepala Seksi Surveilans dan Imunisasi.
PALU_PLT = ("197808222005012007", "kasi")

# ---- Pemerintah Kabupaten Tebo ---------------------------------------------------------------

TEBO_UNITS = [
    ("KDH", "Kepala Daerah Kabupaten Tebo", None),
    ("SETDA", "Sekretariat Daerah Kabupaten Tebo", None),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Tebo", None),
    ("PELAYANAN", "Bidang Pelayanan Pendaftaran Penduduk", "DISDUKCAPIL"),
]
TEBO_POSITIONS = [
    DemoPosition("bupati", "KDH", "Bupati Tebo", S, 17, None, head=True),
    DemoPosition(
        "sekda", "SETDA", "Sekretaris Daerah Kabupaten Tebo", S, 15, "bupati", JPT, head=True
    ),
    DemoPosition(
        "kadis",
        "DISDUKCAPIL",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        S,
        14,
        "sekda",
        JPT,
        head=True,
    ),
    DemoPosition(
        "kabid",
        "PELAYANAN",
        "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        S,
        11,
        "kadis",
        ADM,
        head=True,
    ),
    DemoPosition("petugas", "PELAYANAN", "Pengadministrasi Registrasi Kependudukan", P, 6, "kabid"),
]
TEBO_EMPLOYEES = [
    _regional_head("H. Ahmad Syukri, S.Ag., M.H.", "bupati", date(2025, 2, 20)),
    DemoEmployee(
        "197010101996031004", "Drs. Syahrial Effendi, M.M.", "IV/c", "sekda", date(2022, 4, 1)
    ),
    DemoEmployee(
        "197704152003122005", "Rina Marlina, S.Sos., M.Si.", "IV/b", "kadis", date(2024, 1, 8)
    ),
    DemoEmployee("197912032006041005", "Hendra Saputra, S.Sos", "III/d", "kabid", date(2023, 2, 1)),
    DemoEmployee("199209142015032004", "Maya Sari, A.Md", "II/d", "petugas", date(2016, 1, 4)),
]

# ---- Pemerintah Kota Sabang ------------------------------------------------------------------

SABANG_UNITS = [
    ("KDH", "Kepala Daerah Kota Sabang", None),
    ("SETDA", "Sekretariat Daerah Kota Sabang", None),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata Kota Sabang", None),
    ("SEKRE", "Sekretariat", "DISBUDPAR"),
    ("BID-PAR", "Bidang Pariwisata", "DISBUDPAR"),
    ("SEKSI-PIW", "Seksi Pelayanan Informasi Wisata", "BID-PAR"),
    ("BID-BUD", "Bidang Kebudayaan", "DISBUDPAR"),
    # The festival's partners (demo_programs finds them by these codes).
    ("DKP", "Dinas Kelautan dan Perikanan Kota Sabang", None),
    ("DISHUB", "Dinas Perhubungan Kota Sabang", None),
]
SABANG_POSITIONS = [
    DemoPosition("walikota", "KDH", "Wali Kota Sabang", S, 17, None, head=True),
    DemoPosition(
        "sekda", "SETDA", "Sekretaris Daerah Kota Sabang", S, 15, "walikota", JPT, head=True
    ),
    DemoPosition(
        "kadis",
        "DISBUDPAR",
        "Kepala Dinas Kebudayaan dan Pariwisata",
        S,
        14,
        "sekda",
        JPT,
        head=True,
    ),
    DemoPosition(
        "sekretaris",
        "SEKRE",
        "Sekretaris Dinas Kebudayaan dan Pariwisata",
        S,
        12,
        "kadis",
        ADM,
        head=True,
    ),
    DemoPosition(
        "kabid_par", "BID-PAR", "Kepala Bidang Pariwisata", S, 11, "kadis", ADM, head=True
    ),
    DemoPosition(
        "kasi_piw",
        "SEKSI-PIW",
        "Kepala Seksi Pelayanan Informasi Wisata",
        S,
        9,
        "kabid_par",
        PGW,
        head=True,
    ),
    DemoPosition("petugas", "SEKSI-PIW", "Pengelola Informasi Pariwisata", P, 6, "kasi_piw"),
    DemoPosition(
        "kabid_bud", "BID-BUD", "Kepala Bidang Kebudayaan", S, 11, "kadis", ADM, head=True
    ),
    DemoPosition(
        "kadis_dkp", "DKP", "Kepala Dinas Kelautan dan Perikanan", S, 14, "sekda", JPT, head=True
    ),
    DemoPosition(
        "kadis_dishub", "DISHUB", "Kepala Dinas Perhubungan", S, 14, "sekda", JPT, head=True
    ),
]
SABANG_EMPLOYEES = [
    _regional_head("Teuku Rizal Fahmi, S.T.", "walikota", date(2025, 2, 20)),
    DemoEmployee(
        "197108121997031003", "Drs. Muzakkir Yahya, M.Si.", "IV/c", "sekda", date(2023, 3, 1)
    ),
    DemoEmployee(
        "197506202001121004", "Faisal Amri, S.Sos., M.Si.", "IV/b", "kadis", date(2022, 8, 1)
    ),
    DemoEmployee(
        "198404222009022008", "Zahratul Fitri, S.Par., M.M.", "IV/a", "kabid_par", date(2023, 1, 2)
    ),
    DemoEmployee(
        "198712012011011006", "Rizki Maulana, S.Pd.", "III/c", "kasi_piw", date(2024, 2, 1)
    ),
    DemoEmployee(
        "199603112020122009", "Aulia Rahmi, A.Md.Par.", "II/c", "petugas", date(2021, 1, 4)
    ),
    DemoEmployee(
        "199409282019031007", "Teuku Fadhil, S.Par.", "III/a", "petugas", date(2020, 3, 2)
    ),
    DemoEmployee(
        "197302051999031006", "Ir. Mahdi Ibrahim, M.Si.", "IV/c", "kadis_dkp", date(2021, 6, 1)
    ),
    DemoEmployee(
        "197809142005011008", "Safrizal, S.T., M.T.", "IV/b", "kadis_dishub", date(2024, 5, 2)
    ),
]

INSTANSI = [
    DemoInstansi(
        PALU,
        "DINKES-PALU",
        "Pemerintah Kota Palu",
        AgencyKind.PEMERINTAH_KOTA,
        "Kota Palu, Sulawesi Tengah",
        TimeZone.WITA,
        PALU_UNITS,
        PALU_POSITIONS,
        PALU_EMPLOYEES,
        [PALU_PLT],
    ),
    DemoInstansi(
        TEBO,
        "DISDUKCAPIL-TEBO",
        "Pemerintah Kabupaten Tebo",
        AgencyKind.PEMERINTAH_KABUPATEN,
        "Kabupaten Tebo, Jambi",
        TimeZone.WIB,
        TEBO_UNITS,
        TEBO_POSITIONS,
        TEBO_EMPLOYEES,
    ),
    DemoInstansi(
        SABANG,
        "DISBUDPAR-SABANG",
        "Pemerintah Kota Sabang",
        AgencyKind.PEMERINTAH_KOTA,
        "Kota Sabang, Aceh",
        TimeZone.WIB,
        SABANG_UNITS,
        SABANG_POSITIONS,
        SABANG_EMPLOYEES,
    ),
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

#: The Kota's own plan (RPJMD): the Wali Kota's vision and missions.
PALU_RPJMD = StrategyCreate(
    title="RPJMD Kota Palu 2025–2029",
    start_year=2025,
    end_year=2029,
    vision="Palu kota jasa yang aman, nyaman, sehat, dan tangguh bencana",
    missions=[
        "Meningkatkan kualitas sumber daya manusia yang sehat, cerdas, dan berdaya saing",
        "Mewujudkan tata kelola pemerintahan yang bersih, akuntabel, dan terencana",
        "Membangun perekonomian daerah yang tangguh dan inklusif pascabencana",
    ],
)
#: The Dinas Kesehatan's Renstra (an earlier demo made it as the instansi's).
DINKES_RENSTRA = StrategyCreate(
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
# goal code → IKU
IkuRow = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class DemoPlan:
    """One level's goals and IKU of the demo year: the instansi's (RPJMD, ``opd`` None) or an
    OPD's Renstra (``opd``: the code of the top-level unit)."""

    opd: str | None
    goals: list[GoalRow]
    iku: list[IkuRow]
    strategy: StrategyCreate | None = None
    #: OPD goal code → the code of the RPJMD goal it serves.
    serves: dict[str, str] = field(default_factory=dict)
    #: An earlier demo made this OPD's goals, IKU and strategy at the instansi level (before
    #: the two levels existed): such rows (same code and statement) are moved to the OPD.
    legacy: bool = False
    #: IKU codes an earlier demo used at this level: old code → new code.
    recoded: dict[str, str] = field(default_factory=dict)


_IDL_IKU: dict[str, Any] = {
    "code": "IKU-01",
    "name": "Cakupan imunisasi dasar lengkap (IDL)",
    "formula": "Jumlah bayi yang mendapat imunisasi dasar lengkap / jumlah bayi × 100%",
    "aspect": "kuantitas",
    "unit": "persen",
    "direction": "higher_is_better",
    "target_value": 95,
}
PALU_PLANS = [
    DemoPlan(
        None,
        [
            (
                "T1",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya kualitas sumber daya manusia Kota Palu",
                1,
            ),
            # The Sekda's RHK refers to its IKU; Bappeda's Renstra serves it.
            (
                "T2",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya akuntabilitas kinerja dan kualitas perencanaan pembangunan daerah",
                2,
            ),
            # No OPD of the demo works on it: the cascade lists it in unserved_goals.
            (
                "T3",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya pertumbuhan ekonomi daerah yang inklusif",
                3,
            ),
        ],
        [
            (
                "T1",
                {
                    "code": "IKU-01",
                    "name": "Indeks Pembangunan Manusia (IPM) Kota Palu",
                    "aspect": "kualitas",
                    "unit": "indeks",
                    "direction": "higher_is_better",
                    "target_value": 82.6,
                    "baseline": 81.9,
                },
            ),
            (
                "T2",
                {
                    "code": "IKU-02",
                    "name": "Nilai evaluasi SAKIP Pemerintah Kota Palu",
                    "formula": "Nilai hasil evaluasi akuntabilitas kinerja instansi pemerintah",
                    "aspect": "kualitas",
                    "unit": "nilai",
                    "direction": "higher_is_better",
                    "target_value": 75,
                    "baseline": 68.5,
                },
            ),
            (
                "T3",
                {
                    "code": "IKU-03",
                    "name": "Laju pertumbuhan ekonomi Kota Palu",
                    "aspect": "kuantitas",
                    "unit": "persen",
                    "direction": "higher_is_better",
                    "target_value": 5.5,
                    "baseline": 5.1,
                },
            ),
        ],
        PALU_RPJMD,
        recoded={"IKU-04": "IKU-02"},
    ),
    DemoPlan(
        "DINKES",
        [
            ("T1", GoalKind.TUJUAN, None, "Meningkatnya derajat kesehatan masyarakat", 1),
            ("S1.1", GoalKind.SASARAN, "T1", "Meningkatnya cakupan imunisasi dasar lengkap", 2),
            ("S1.2", GoalKind.SASARAN, "T1", "Pulihnya layanan kesehatan dasar pascabencana", 3),
        ],
        [
            ("T1", _IDL_IKU),
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
                    "name": "Persentase pos kesehatan pengungsian yang memberi layanan kesehatan "
                    "dasar",
                    "aspect": "kuantitas",
                    "unit": "persen",
                    "target_min": 90,
                    "target_max": 100,
                },
            ),
        ],
        DINKES_RENSTRA,
        serves={"T1": "T1"},
        legacy=True,
    ),
    DemoPlan(
        "BAPPEDA",
        [
            (
                "T1",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya kualitas perencanaan dan pengendalian pembangunan daerah",
                None,
            )
        ],
        [
            (
                "T1",
                {
                    "code": "IKU-01",
                    "name": "Persentase program Renja perangkat daerah yang selaras dengan RPJMD",
                    "aspect": "kuantitas",
                    "unit": "persen",
                    "direction": "higher_is_better",
                    "target_value": 95,
                },
            )
        ],
        serves={"T1": "T2"},
    ),
]
TEBO_PLANS = [
    DemoPlan(
        None,
        [
            (
                "T1",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya kualitas pelayanan publik Kabupaten Tebo",
                None,
            )
        ],
        [
            (
                "T1",
                {
                    "code": "IKU-01",
                    "name": "Indeks kepuasan masyarakat terhadap pelayanan publik",
                    "aspect": "kualitas",
                    "unit": "nilai",
                    "direction": "higher_is_better",
                    "target_value": 85,
                    "baseline": 81.2,
                },
            )
        ],
    ),
    DemoPlan(
        "DISDUKCAPIL",
        [
            (
                "T1",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya kualitas pelayanan administrasi kependudukan",
                None,
            )
        ],
        [
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
        ],
        serves={"T1": "T1"},
        legacy=True,
    ),
]
SABANG_TOURISM_GOAL = "Meningkatnya kunjungan wisatawan mancanegara"
SABANG_PLANS = [
    DemoPlan(
        None,
        [
            (
                "T1",
                GoalKind.TUJUAN,
                None,
                "Meningkatnya daya saing Kota Sabang sebagai destinasi wisata bahari",
                None,
            )
        ],
        [
            (
                "T1",
                {
                    "code": "IKU-01",
                    "name": "Kontribusi sektor pariwisata terhadap PDRB Kota Sabang",
                    "aspect": "kuantitas",
                    "unit": "persen",
                    "direction": "higher_is_better",
                    "target_value": 12,
                    "baseline": 10.4,
                },
            )
        ],
    ),
    DemoPlan(
        "DISBUDPAR",
        [("T1", GoalKind.TUJUAN, None, SABANG_TOURISM_GOAL, None)],
        [
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
        ],
        serves={"T1": "T1"},
        legacy=True,
    ),
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
    goal = await _plan_goal(session, org, "DISBUDPAR", "T1")
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


async def _move_legacy_plans(
    session: AsyncSession, org: Organization, plans: list[DemoPlan]
) -> None:
    """Bring the goals of a database an earlier demo loaded to the two levels, in place.

    That demo made every goal, IKU and strategy at the instansi level. An OPD plan marked
    ``legacy`` takes back its rows (same code and statement; their IKU; the strategy of the
    same title) with their ids, so the RHK, needs and programs referring to them stay linked.
    The level of a row is fixed once created (no endpoint changes it): this conversion of
    the demo's own rows is the one place it is written directly. Then the instansi's IKU an
    earlier demo coded otherwise are recoded (through the service).
    """
    units = await _units_of(session, org)
    instansi_goals = list(
        await session.scalars(
            goals.goals_of(org.id).where(
                OrganizationGoal.year == YEAR, OrganizationGoal.unit_id.is_(None)
            )
        )
    )
    for plan in plans:
        if not plan.legacy or plan.opd is None:
            continue
        opd = units[plan.opd]
        wanted = {(code, statement) for code, _, _, statement, _ in plan.goals}
        moved = [g for g in instansi_goals if (g.code, g.statement) in wanted]
        for goal in moved:
            goal.unit_id = opd.id
        if moved:
            for iku in await session.scalars(
                select(KeyIndicator).where(KeyIndicator.goal_id.in_([g.id for g in moved]))
            ):
                iku.unit_id = opd.id
        if plan.strategy is not None:
            strategy = await session.scalar(
                goals.strategies_of(org.id).where(
                    OrganizationStrategy.unit_id.is_(None),
                    OrganizationStrategy.title == plan.strategy.title,
                )
            )
            if strategy is not None:
                strategy.unit_id = opd.id
        await session.flush()
    for plan in plans:
        if plan.opd is not None or not plan.recoded:
            continue
        for iku in await session.scalars(
            select(KeyIndicator).where(
                KeyIndicator.organization_id == org.id,
                KeyIndicator.year == YEAR,
                KeyIndicator.unit_id.is_(None),
                KeyIndicator.code.in_(list(plan.recoded)),
            )
        ):
            await goals.update_indicator(
                session, iku, KeyIndicatorUpdate(code=plan.recoded[iku.code])
            )


async def _ensure_plans(session: AsyncSession, org: Organization, plans: list[DemoPlan]) -> None:
    """Each level's strategy, goals and IKU of the demo year (the instansi's first), through
    the same services as the API; an existing goal gets the mission and the served RPJMD goal
    of its row when they differ."""
    await _move_legacy_plans(session, org, plans)
    units = await _units_of(session, org)
    rpjmd: dict[str, OrganizationGoal] = {}
    for plan in plans:
        unit_id = units[plan.opd].id if plan.opd else None
        if plan.strategy is not None and not await session.scalar(
            goals.strategies_of(org.id).where(
                goals.at_level(OrganizationStrategy.unit_id, unit_id),
                OrganizationStrategy.start_year == plan.strategy.start_year,
            )
        ):
            await goals.create_strategy(
                session, org, plan.strategy.model_copy(update={"unit_id": unit_id})
            )
        by_code = {
            g.code: g
            for g in await session.scalars(
                goals.goals_of(org.id).where(
                    OrganizationGoal.year == YEAR, goals.at_level(OrganizationGoal.unit_id, unit_id)
                )
            )
        }
        for code, kind, parent, statement, mission in plan.goals:
            served = rpjmd[plan.serves[code]].id if code in plan.serves else None
            goal = by_code.get(code)
            if goal is None:
                data = GoalCreate(
                    unit_id=unit_id,
                    year=YEAR,
                    code=code,
                    kind=kind,
                    parent_id=by_code[parent].id if parent else None,
                    serves_goal_id=served,
                    statement=statement,
                    mission_number=mission,
                )
                by_code[code] = await goals.create_goal(session, org, data)
                continue
            changes: dict[str, Any] = {}
            if served is not None and goal.serves_goal_id != served:
                changes["serves_goal_id"] = served
            if mission is not None and goal.mission_number != mission:
                changes["mission_number"] = mission
            if changes:
                await goals.update_goal(session, goal, GoalUpdate.model_validate(changes))
        if plan.opd is None:
            rpjmd = by_code
        existing = set(
            await session.scalars(
                select(KeyIndicator.code).where(
                    KeyIndicator.organization_id == org.id,
                    KeyIndicator.year == YEAR,
                    goals.at_level(KeyIndicator.unit_id, unit_id),
                )
            )
        )
        for goal_code, values in plan.iku:
            if values["code"] not in existing:
                iku = KeyIndicatorCreate.model_validate(values)
                await goals.create_indicator(session, by_code[goal_code], iku)


async def _plan_goal(
    session: AsyncSession, org: Organization, opd: str | None, code: str
) -> OrganizationGoal | None:
    """A goal of the demo year at one level (``opd``: an OPD's code; None: the instansi's)."""
    unit_id = (await _units_of(session, org))[opd].id if opd else None
    return await session.scalar(
        goals.goals_of(org.id).where(
            OrganizationGoal.year == YEAR,
            OrganizationGoal.code == code,
            goals.at_level(OrganizationGoal.unit_id, unit_id),
        )
    )


async def _ensure_org(session: AsyncSession, spec: DemoInstansi) -> Organization:
    org = await session.scalar(select(Organization).where(Organization.code == spec.code))
    if org is None:  # an earlier demo's single-dinas organization becomes the instansi
        org = await session.scalar(
            select(Organization).where(Organization.code == spec.legacy_code)
        )
        if org is not None:
            org.code, org.name, org.kind = spec.code, spec.name, spec.kind
    if org is None:
        org = Organization(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            region=spec.region,
            timezone=spec.tz,
            settings={},
        )
        session.add(org)
        await session.flush()
    by_code = {
        u.code: u for u in await session.scalars(select(Unit).where(Unit.organization_id == org.id))
    }
    for unit_code, unit_name, parent in spec.units:
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


async def _units_of(session: AsyncSession, org: Organization) -> dict[str, Unit]:
    return {
        u.code: u for u in await session.scalars(select(Unit).where(Unit.organization_id == org.id))
    }


def _opd_of(units: dict[str, Unit], unit: Unit) -> Unit:
    """The OPD of a unit: its top-level ancestor."""
    by_id = {u.id: u for u in units.values()}
    while unit.parent_id is not None:
        unit = by_id[unit.parent_id]
    return unit


async def _find_employee(
    session: AsyncSession, org: Organization, spec: DemoEmployee
) -> Employee | None:
    if spec.nip is not None:
        return await session.scalar(select(Employee).where(Employee.nip == spec.nip))
    return await session.scalar(
        select(Employee).where(
            Employee.organization_id == org.id,
            Employee.kind == spec.kind,
            Employee.name == spec.name,
        )
    )


async def _ensure_people(
    session: AsyncSession, org: Organization, spec: DemoInstansi
) -> tuple[dict[str, Position], dict[str, Employee]]:
    """Positions and employees (each placed in the OPD of their position's unit); returns the
    positions by key and the employees by :attr:`DemoEmployee.key`."""
    units = await _units_of(session, org)
    existing = {
        (p.unit_id, p.name): p
        for p in await session.scalars(select(Position).where(Position.organization_id == org.id))
    }
    by_key: dict[str, Position] = {}
    for pos in spec.positions:
        unit = units[pos.unit]
        superior_id = by_key[pos.superior].id if pos.superior else None
        position = existing.get((unit.id, pos.name))
        if position is None:
            position = Position(
                organization_id=org.id,
                unit_id=unit.id,
                name=pos.name,
                kind=pos.kind,
                level=pos.level,
                jenjang=pos.jenjang,
                job_class=pos.job_class,
                superior_id=superior_id,
            )
            session.add(position)
            await session.flush()
        elif position.superior_id is None and superior_id is not None:
            position.superior_id = superior_id  # an earlier demo's OPD head, now under the Sekda
        by_key[pos.key] = position
        if pos.head and unit.head_position_id is None:
            unit.head_position_id = position.id
    by_unit_id = {u.id: u for u in units.values()}
    people: dict[str, Employee] = {}
    for emp in spec.employees:
        position = by_key[emp.position]
        opd = _opd_of(units, by_unit_id[position.unit_id])
        employee = await _find_employee(session, org, emp)
        if employee is None:
            employee = Employee(
                organization_id=org.id,
                opd_id=opd.id,
                kind=emp.kind,
                nip=emp.nip,
                name=emp.name,
                golongan=emp.golongan,
            )
            session.add(employee)
            await session.flush()
            session.add(
                EmployeePosition(
                    organization_id=org.id,
                    employee_id=employee.id,
                    position_id=position.id,
                    kind=AssignmentKind.DEFINITIVE,
                    start_date=emp.since,
                )
            )
        elif employee.opd_id is None:
            employee.opd_id = opd.id
        people[emp.key] = employee
    await session.flush()
    return by_key, people


async def _ensure_accounts(session: AsyncSession, orgs: dict[str, Organization]) -> None:
    """The demo accounts; an OPD admin's ``opd_id`` is set on an account that lacks it."""
    existing = {u.username: u for u in await session.scalars(select(User))}
    units = {code: await _units_of(session, org) for code, org in orgs.items()}
    for acct in ACCOUNTS:
        opd_id = units[acct.org_code][acct.opd].id if acct.org_code and acct.opd else None
        user = existing.get(acct.username)
        if user is None:
            session.add(
                User(
                    organization_id=orgs[acct.org_code].id if acct.org_code else None,
                    username=acct.username,
                    full_name=acct.full_name,
                    role=acct.role,
                    password_hash=hash_password(acct.password),
                    opd_id=opd_id,
                )
            )
        elif user.opd_id is None and opd_id is not None:
            user.opd_id = opd_id
    await session.flush()


async def _link_accounts(
    session: AsyncSession, employees: list[DemoEmployee], people: dict[str, Employee]
) -> None:
    for spec in employees:
        if spec.account is None:
            continue
        user = await session.scalar(select(User).where(User.username == spec.account))
        if user is not None and user.employee_id is None:
            user.employee_id = people[spec.key].id
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
    """Create the demo instansi with their OPDs, positions, employees and accounts, settings,
    goals and IKU, SKP, reports, dialogues, Sabang's survey, need and festival; return the
    accounts."""
    orgs = {spec.code: await _ensure_org(session, spec) for spec in INSTANSI}
    palu, tebo, sabang = orgs[PALU], orgs[TEBO], orgs[SABANG]
    if not palu.settings:
        await update_organization_settings(
            session, palu, OrganizationSettingsPatch.model_validate(PALU_SETTINGS)
        )
    await _ensure_plans(session, palu, PALU_PLANS)
    await _ensure_plans(session, tebo, TEBO_PLANS)
    await _ensure_plans(session, sabang, SABANG_PLANS)
    await _ensure_sabang_needs(session, sabang)

    await _ensure_accounts(session, orgs)
    people: dict[str, Employee] = {}
    for spec in INSTANSI:
        org = orgs[spec.code]
        positions, found = await _ensure_people(session, org, spec)
        await _link_accounts(session, spec.employees, found)
        for nip, position_key in spec.plt:
            await _ensure_plt(session, org, found[nip], positions[position_key])
        people |= found
    await _ensure_skp(session, palu, people)
    await _ensure_activity_reports(session, palu, people)
    await demo_appraisals.ensure_annual_appraisal(session, palu, people)
    await ensure_demo_integration(session, palu)
    await demo_dialogs.ensure_dialogues(session)
    await demo_programs.ensure_festival(session, sabang)
    return ACCOUNTS


# ---- SKP of 2026 (scenario 1) ---------------------------------------------------------------

KADIS, KABID, KAPUS, SITI = (
    "197005121998031004",
    "197808222005012007",
    "198303152009031002",
    "199504102019032011",
)
WALIKOTA, SEKDA = "H. Muhammad Arsyad, S.E., M.M.", "197203141998031005"
KABAN, KABID_DALEV, PERENCANA = "197611182002122003", "198205072008011012", "199308252019022006"
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


async def _has_skp(session: AsyncSession, employee: Employee) -> bool:
    found = await session.scalar(
        select(Skp.id).where(Skp.employee_id == employee.id, Skp.year == YEAR).limit(1)
    )
    return found is not None


async def _ensure_skp(
    session: AsyncSession, org: Organization, people: dict[str, Employee]
) -> None:
    """Palu's SKP of 2026, each group of plans made once (a group is skipped when its first
    employee already has an SKP), in the order the rules need: a plan is submitted once the
    plan it cascades from is approved.

    The two-level cascade: the Sekda's RHK refers to an RPJMD IKU; each OPD head's (the
    Kepala Dinas's, the Kepala Bappeda's: their appraiser, the Sekda, is outside their OPD)
    to an IKU of their OPD's Renstra; everyone below cascades from their superior's RHK.
    """
    units = await _units_of(session, org)
    iku = {
        (i.unit_id, i.code): i
        for i in await session.scalars(
            select(KeyIndicator).where(
                KeyIndicator.organization_id == org.id, KeyIndicator.year == YEAR
            )
        )
    }
    await _ensure_top_skp(session, org, people, iku[(None, "IKU-02")])
    dinkes = units["DINKES"].id
    if not await _has_skp(session, people[KADIS]):
        await _ensure_health_skp(
            session, org, people, iku[(dinkes, "IKU-01")], iku[(dinkes, "IKU-03")]
        )
    else:
        await _convert_health_skp(session, org, people, iku[(dinkes, "IKU-03")])
    await _ensure_bappeda_skp(session, org, people, iku[(units["BAPPEDA"].id, "IKU-01")])


async def _rhk_of(
    session: AsyncSession, employee: Employee, statement: str
) -> SkpWorkResult | None:
    """An RHK of the employee's SKP of the demo year, by statement."""
    return await session.scalar(
        select(SkpWorkResult)
        .join(Skp, Skp.id == SkpWorkResult.skp_id)
        .where(
            Skp.employee_id == employee.id,
            Skp.year == YEAR,
            SkpWorkResult.statement == statement,
        )
    )


def _refer(
    rhk: SkpWorkResult | None,
    *,
    parent: SkpWorkResult | None = None,
    iku: KeyIndicator | None = None,
) -> None:
    """Point an RHK an earlier demo made at what it refers to now (its one reference)."""
    if rhk is None:
        return
    rhk.parent_id = parent.id if parent is not None else None
    rhk.key_indicator_id = iku.id if iku is not None else None
    rhk.goal_id = None


async def _ensure_top_skp(
    session: AsyncSession, org: Organization, people: dict[str, Employee], iku: KeyIndicator
) -> None:
    """The top of the chain: the Wali Kota (a regional head, no SKP of his own) approves the
    Sekda's SKP, whose RHK refers to the RPJMD IKU of the governance goal."""
    walikota, sekda = people[WALIKOTA], people[SEKDA]
    if await _has_skp(session, sekda):
        return
    submit, approve = SkpAction.SUBMIT, SkpAction.APPROVE
    setda = _DemoSkp(session, org, sekda)
    await setda.create(
        resource_support="Anggaran Sekretariat Daerah APBD 2026",
        accountability_scheme="Laporan kinerja triwulanan kepada Wali Kota Palu",
    )
    await setda.rhk(
        "Terkoordinasinya pelaksanaan program prioritas RPJMD oleh perangkat daerah",
        IndicatorCreate(
            name="Persentase perangkat daerah dengan capaian IKU minimal 90%",
            aspect="kuantitas",
            unit="persen",
            direction="higher_is_better",
            target_value=85,
        ),
        perspective=Perspective.PROSES_BISNIS,
        key_indicator_id=iku.id,
    )
    await setda.act(sekda, submit, _at(1, 5))
    await setda.act(walikota, approve, _at(1, 8))


BAPPEDA_RHK = "Meningkatnya keselarasan rencana kerja perangkat daerah dengan RPJMD"


async def _ensure_bappeda_skp(
    session: AsyncSession, org: Organization, people: dict[str, Employee], iku: KeyIndicator
) -> None:
    """Bappeda's planning team: the Kepala Badan's RHK refers to the IKU of Bappeda's Renstra
    (serving the RPJMD's governance goal) and is approved by the Sekda; her Kepala Bidang and
    the planner cascade on down and are approved by their own superiors."""
    kaban, kabid, perencana = people[KABAN], people[KABID_DALEV], people[PERENCANA]
    if await _has_skp(session, kaban):
        # An earlier demo cascaded the Kepala Badan's RHK from the Sekda's.
        _refer(await _rhk_of(session, kaban, BAPPEDA_RHK), iku=iku)
        await session.flush()
        return
    submit, approve = SkpAction.SUBMIT, SkpAction.APPROVE
    head = _DemoSkp(session, org, kaban)
    await head.create(
        resource_support="Anggaran Bappeda APBD 2026",
        accountability_scheme="Laporan kinerja triwulanan kepada Sekretaris Daerah",
    )
    top, _ = await head.rhk(
        BAPPEDA_RHK,
        IndicatorCreate(
            name="Persentase program Renja perangkat daerah yang selaras dengan RPJMD",
            aspect="kuantitas",
            unit="persen",
            direction="higher_is_better",
            target_value=95,
        ),
        perspective=Perspective.PROSES_BISNIS,
        key_indicator_id=iku.id,
    )
    await head.act(kaban, submit, _at(1, 9))
    await head.act(people[SEKDA], approve, _at(1, 13))

    dalev = _DemoSkp(session, org, kabid)
    await dalev.create(
        resource_support="Aplikasi pengendalian dan evaluasi pembangunan daerah",
        accountability_scheme="Laporan triwulanan kepada Kepala Bappeda",
    )
    middle, _ = await dalev.rhk(
        "Tersusunnya laporan pengendalian dan evaluasi Renja perangkat daerah tepat waktu",
        IndicatorCreate(
            name="Laporan evaluasi triwulanan yang disampaikan tepat waktu",
            aspect="kuantitas",
            unit="laporan",
            direction="higher_is_better",
            target_value=4,
        ),
        parent_id=top.id,
    )
    await dalev.act(kabid, submit, _at(1, 14))
    await dalev.act(kaban, approve, _at(1, 16))

    planner = _DemoSkp(session, org, perencana)
    await planner.create(
        resource_support="Data realisasi program dari perangkat daerah",
        accountability_scheme="Laporan bulanan kepada Kepala Bidang",
    )
    await planner.rhk(
        "Terhimpunnya laporan realisasi program 32 perangkat daerah setiap triwulan",
        IndicatorCreate(
            name="Laporan realisasi triwulanan perangkat daerah yang terhimpun dan diverifikasi",
            aspect="kuantitas",
            unit="laporan",
            direction="higher_is_better",
            target_value=128,
        ),
        parent_id=middle.id,
    )
    await planner.act(perencana, submit, _at(1, 19))
    await planner.act(kabid, approve, _at(1, 21))


KADIS_RHK = "Meningkatnya derajat kesehatan masyarakat Kota Palu"
KADIS_POS_RHK = "Pulihnya layanan kesehatan dasar bagi pengungsi pascabencana"
KABID_RHK = "Meningkatnya cakupan imunisasi dasar lengkap di Kota Palu"
TALISE_RHK = "Meningkatnya cakupan IDL di wilayah kerja Puskesmas Talise"
TALISE_POS_RHK = "Layanan kesehatan di pos pengungsian"


async def _kadis_revision(
    session: AsyncSession, org: Organization, people: dict[str, Employee], pos_iku: KeyIndicator
) -> SkpWorkResult:
    """After the earthquake the Kepala Dinas adds an RHK on the Renstra's post-disaster IKU to
    his plan (a revision the Sekda approves), so the Puskesmas's post RHK can cascade from
    it."""
    kadis = people[KADIS]
    head = _DemoSkp(session, org, kadis)
    head.skp = await session.scalar(
        select(Skp).where(Skp.employee_id == kadis.id, Skp.year == YEAR)
    )
    await head.act(kadis, SkpAction.REQUEST_REVISION, _at(4, 6, 1), DISASTER)
    pos, _ = await head.rhk(
        KADIS_POS_RHK,
        IndicatorCreate(
            name="Persentase pos kesehatan pengungsian yang memberi layanan kesehatan dasar",
            aspect="kuantitas",
            unit="persen",
            target_min=90,
            target_max=100,
        ),
        key_indicator_id=pos_iku.id,
        perspective=Perspective.PENERIMA_LAYANAN,
    )
    await head.act(kadis, SkpAction.SUBMIT, _at(4, 7))
    await head.act(people[SEKDA], SkpAction.APPROVE, _at(4, 8))
    return pos


async def _convert_health_skp(
    session: AsyncSession, org: Organization, people: dict[str, Employee], pos_iku: KeyIndicator
) -> None:
    """A database an earlier demo loaded: the Kepala Bidang's and the Kepala Puskesmas's RHK
    referred to the IKU directly (plans made before the Kepala Dinas was placed under the
    Sekda). The Kepala Dinas revises his plan as the story now has it, and their RHK are
    pointed at his (their approved plans' references, rewritten in place)."""
    kadis = people[KADIS]
    top = await _rhk_of(session, kadis, KADIS_RHK)
    pos = await _rhk_of(session, kadis, KADIS_POS_RHK)
    if top is None:
        return
    if pos is None:
        pos = await _kadis_revision(session, org, people, pos_iku)
    for employee, statement, parent in (
        (people[KABID], KABID_RHK, top),
        (people[KAPUS], TALISE_RHK, top),
        (people[KAPUS], TALISE_POS_RHK, pos),
    ):
        rhk = await _rhk_of(session, employee, statement)
        if rhk is not None and rhk.parent_id != parent.id:
            _refer(rhk, parent=parent)
    await session.flush()


async def _ensure_health_skp(
    session: AsyncSession,
    org: Organization,
    people: dict[str, Employee],
    idl_iku: KeyIndicator,
    pos_iku: KeyIndicator,
) -> None:
    """Scenario 1: the immunization cascade of the Dinas Kesehatan, revised after the
    earthquake. The Kepala Dinas's RHK refers to the Renstra's IDL IKU; the Kepala Bidang's
    and the Kepala Puskesmas's cascade from it, the nurse's from the Kepala Puskesmas's."""
    kadis, kabid, kapus, siti = (people[n] for n in (KADIS, KABID, KAPUS, SITI))
    submit, approve = SkpAction.SUBMIT, SkpAction.APPROVE

    head = _DemoSkp(session, org, kadis)
    await head.create(
        resource_support="Anggaran Dinas Kesehatan APBD 2026; DAK nonfisik bidang kesehatan",
        accountability_scheme="Laporan kinerja triwulanan kepada Sekretaris Daerah",
    )
    top, _ = await head.rhk(
        KADIS_RHK,
        _idl("Cakupan imunisasi dasar lengkap (IDL) Kota Palu", 95),
        key_indicator_id=idl_iku.id,
        perspective=Perspective.PENERIMA_LAYANAN,
    )
    await head.act(kadis, submit, _at(1, 9))
    await head.act(people[SEKDA], approve, _at(1, 12))

    p2p = _DemoSkp(session, org, kabid)
    await p2p.create(
        resource_support="Anggaran program imunisasi APBD 2026; vaksin dari Dinas Kesehatan "
        "Provinsi Sulawesi Tengah",
        accountability_scheme="Laporan triwulanan kepada Kepala Dinas Kesehatan",
    )
    await p2p.rhk(
        KABID_RHK,
        _idl("Cakupan imunisasi dasar lengkap (IDL) Kota Palu", 95),
        parent_id=top.id,
    )
    await p2p.act(kabid, submit, _at(1, 12, 6))
    await p2p.act(kadis, approve, _at(1, 20))

    talise = _DemoSkp(session, org, kapus)
    await talise.create(
        resource_support="Vaksin dan logistik rantai dingin; kendaraan puskesmas keliling",
        accountability_scheme="Laporan bulanan cakupan imunisasi kepada Kepala Dinas",
        consequences="Capaian di bawah target dibahas dalam dialog kinerja bulanan",
    )
    talise_idl, (talise_target,) = await talise.rhk(
        TALISE_RHK,
        _idl("Cakupan IDL wilayah kerja Puskesmas Talise", 95),
        parent_id=top.id,
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

    # The earthquake in April: the Kepala Dinas adds the post-disaster RHK, then the head of
    # the Puskesmas and the nurse revise their plans; all approved again.
    kadis_pos = await _kadis_revision(session, org, people, pos_iku)
    await talise.act(kapus, SkpAction.REQUEST_REVISION, _at(4, 6), DISASTER)
    assert talise.skp is not None
    await skp_service.update_indicator(
        session, talise.skp, talise_target, IndicatorUpdate(target_value=85)
    )
    pos, _ = await talise.rhk(
        TALISE_POS_RHK,
        IndicatorCreate(
            name="Persentase pos pengungsian di wilayah Talise yang dilayani",
            aspect="kuantitas",
            unit="persen",
            target_min=90,
            target_max=100,
        ),
        parent_id=kadis_pos.id,
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
