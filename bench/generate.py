"""Deterministic benchmark data at national scale: organizations with unit trees, position
chains, employees (valid NIPs) and their accounts, a year of SKP with RHK cascaded from the
organization's goals, indicators and quarterly realizations, daily activity reports, and a
closed appraisal period with rated appraisals (predikat) per organization.

The same seed and "as of" date always give the same rows. Reports run up to the day before
``as_of`` (default: yesterday, UTC), so "this month" has data whenever the benchmark runs.

The schema comes from the real Alembic migrations (``upgrade_database``). PostgreSQL is
filled with ``COPY`` (asyncpg ``copy_records_to_table``, rows streamed from generators, one
transaction, foreign-key triggers off for the load: ``session_replication_role = replica``;
CHECK, NOT NULL and unique constraints still apply), then ``ANALYZE``. SQLite gets
SQLAlchemy Core multi-row inserts of the same rows (fine for S; slow beyond).

    python -m bench.generate --db postgresql --size S M L
    python -m bench.generate --db sqlite --size S
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import itertools
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import JSON, Table, insert, text
from sqlalchemy.engine import make_url

from kinerja_api.activities.models import ActivityReport, ReportStatus
from kinerja_api.appraisals.models import (
    Appraisal,
    AppraisalItem,
    AppraisalPeriod,
    AppraisalState,
    PeriodKind,
    PeriodState,
)
from kinerja_api.appraisals.rules import BerAkhlak, predikat
from kinerja_api.auth.models import AuthSession, Role, User
from kinerja_api.cli import upgrade_database
from kinerja_api.core.audit import REDACTED, AuditLog
from kinerja_api.core.config import Settings
from kinerja_api.core.db import make_engine
from kinerja_api.indicators.goals.models import (
    GoalKind,
    KeyIndicator,
    OrganizationGoal,
    OrganizationStrategy,
)
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpRealization, SkpWorkResult
from kinerja_api.indicators.skp.rules import Approach, Perspective, SkpState, WorkResultKind
from kinerja_api.indicators.targets import Aspect, Direction, Rating
from kinerja_api.organizations.config import OrganizationResult
from kinerja_api.organizations.models import (
    AgencyKind,
    AssignmentKind,
    Employee,
    EmployeePosition,
    EmployeeStatus,
    FunctionalLevel,
    Organization,
    Position,
    PositionKind,
    StructuralLevel,
    TimeZone,
    Unit,
)
from kinerja_api.organizations.rules import nip_problems

DbKind = Literal["sqlite", "postgresql"]
PG_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
OUT_DIR = Path(__file__).resolve().parent / "out"  # git-ignored
SEED = 2026
YEAR = 2026
EPOCH = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)  # "created at" of the first generated row
CHUNK = 2_000  # rows per INSERT call (SQLite)
BIG_UNIT = 500  # employees of the large unit (recap target), in the first organization

# Every generated account has this password (argon2 hash computed once, kept constant so
# generation stays fast and deterministic).
PASSWORD = "Bench-Sandi-2026"
PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$SMlZS6kVghCi9N47hxCiVA$"
    "2zg9tE8I5rurbRuCBeNgvW+CAFCsRIsz3Ap0B0Zdcxk"
)


@dataclass(frozen=True)
class Size:
    employees: tuple[int, ...]  # per organization
    reports_per_employee: int = 100  # activity reports over the year, on average

    @property
    def total(self) -> int:
        return sum(self.employees)


SIZES: dict[str, Size] = {
    "S": Size((1_000,)),  # one agency (a dinas)
    "M": Size((5_000, 5_000)),  # two large agencies
    "L": Size((20_000, 15_000, 10_000, 5_000)),  # a province's largest agencies
}

REGIONS = [
    ("Kota Palu", TimeZone.WITA, -0.90, 119.87),
    ("Kabupaten Tebo", TimeZone.WIB, -1.49, 102.44),
    ("Kota Makassar", TimeZone.WITA, -5.14, 119.42),
    ("Kabupaten Jayapura", TimeZone.WIT, -2.58, 140.52),
    ("Kabupaten Sleman", TimeZone.WIB, -7.72, 110.36),
]
AGENCIES = [
    ("DINKES", "Dinas Kesehatan", "UPTD Puskesmas", "Perawat"),
    ("DISDIK", "Dinas Pendidikan", "UPT Sekolah", "Guru"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Seksi", "Administrator Database"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Subbidang", "Perencana"),
]
TOPICS = [
    "Pelayanan Kesehatan",
    "Kesehatan Masyarakat",
    "Pencegahan dan Pengendalian Penyakit",
    "Sumber Daya Kesehatan",
    "Perencanaan dan Keuangan",
    "Umum dan Kepegawaian",
    "Pendaftaran Penduduk",
    "Pencatatan Sipil",
    "Pendidikan Dasar",
    "Perizinan",
    "Surveilans dan Imunisasi",
    "Gizi dan Kesehatan Keluarga",
]
FIRST = "Siti Andi Rahmat Nurhaya Fadli Dewi Agus Budi Sri Wahyu Yusuf Rina Made Ketut Putu "
FIRST += "Hendra Indah Fitri Arif Lestari Muhammad Ayu Bayu Eka Novi Yohanes Maria Samuel"
LAST = "Pratama Rahman Hidayat Lamato Maulana Saputra Wijaya Siregar Nasution Lubis Sembiring "
LAST += "Tanjung Kurniawan Setiawan Susanti Wulandari Pangaribuan Manoppo Rumbiak Wenda Lapod"
TITLES = ["", "", ", S.KM", ", S.E.", ", A.Md.Kep", ", S.Kom", ", S.Pd", ", M.Kes", ", S.H."]
GOLONGAN = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
OUTPUTS = [
    ("dokumen", "Dokumen {} yang diselesaikan"),
    ("laporan", "Laporan {} yang tersusun"),
    ("orang", "Masyarakat yang dilayani pada {}"),
    ("kegiatan", "Kegiatan {} yang terlaksana"),
]
ACTIVITIES = [
    "Memverifikasi berkas permohonan layanan",
    "Menyusun laporan bulanan kegiatan",
    "Melayani masyarakat di loket",
    "Rapat koordinasi dengan bidang terkait",
    "Pelayanan imunisasi di Posyandu",
    "Menginput data ke aplikasi",
    "Monitoring dan evaluasi program",
    "Mengarsipkan dokumen",
]
# Four fixed time slots of a working day: the reports of one day never overlap.
SLOTS = [(dtime(7, 30), dtime(9, 0)), (dtime(9, 0), dtime(11, 30))]
SLOTS += [(dtime(13, 0), dtime(14, 30)), (dtime(14, 30), dtime(16, 0))]
# hasil kerja × perilaku drawn so that a Baik organization's curve mostly fits.
RATING_MIX = [
    (Rating.SESUAI_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, 55),
    (Rating.DI_ATAS_EKSPEKTASI, Rating.DI_ATAS_EKSPEKTASI, 15),
    (Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, 10),
    (Rating.DI_BAWAH_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, 14),
    (Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI, 4),
    (Rating.DI_BAWAH_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI, 2),
]

MODELS: dict[str, Any] = {
    "organizations": Organization,
    "users": User,
    "auth_sessions": AuthSession,
    "audit_log": AuditLog,
    "units": Unit,
    "positions": Position,
    "employees": Employee,
    "employee_positions": EmployeePosition,
    "organization_strategies": OrganizationStrategy,
    "organization_goals": OrganizationGoal,
    "key_indicators": KeyIndicator,
    "skps": Skp,
    "skp_work_results": SkpWorkResult,
    "skp_indicators": SkpIndicator,
    "skp_realizations": SkpRealization,
    "appraisal_periods": AppraisalPeriod,
    "appraisals": Appraisal,
    "appraisal_items": AppraisalItem,
    "activity_reports": ActivityReport,
}
TABLES: dict[str, Table] = {name: model.__table__ for name, model in MODELS.items()}


# ---- what the driver needs to know --------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A generated account with a live sign-in: the driver mints access tokens for it."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    organization_id: uuid.UUID | None
    role: Role
    employee_id: uuid.UUID | None = None


@dataclass
class EmployeeInfo:
    """Ids the scenarios of one employee need (own SKP, RHK, appraisal, unit...)."""

    account: Account
    organization_id: uuid.UUID
    unit_id: uuid.UUID
    skp_id: uuid.UUID
    work_result_ids: list[uuid.UUID]
    appraisal_id: uuid.UUID
    is_head: bool = False  # has subordinates
    unit_head: bool = False  # holds the head position of the unit
    team: int = 0  # subordinates in the same unit (a seksi's staff)
    subordinates: int = 0  # direct subordinates
    #: pending reports of direct subordinates (this month), for batch approval
    pending: list[uuid.UUID] = field(default_factory=list)


@dataclass
class OrgData:
    id: uuid.UUID
    timezone: TimeZone
    unit_ids: list[uuid.UUID] = field(default_factory=list)
    period_id: uuid.UUID | None = None
    sasaran_ids: list[uuid.UUID] = field(default_factory=list)
    employees: int = 0
    big_unit_id: uuid.UUID | None = None
    big_unit_head: uuid.UUID | None = None  # employee id


@dataclass
class Dataset:
    """What was generated: row counts for the report, ids and accounts for the driver."""

    size: str
    seed: int
    as_of: date
    organizations: list[OrgData] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    employees: dict[uuid.UUID, EmployeeInfo] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    migrate_seconds: float = 0.0
    fill_seconds: float = 0.0

    def summary(self) -> str:
        keys = ["organizations", "units", "employees", "users", "skps", "skp_work_results"]
        keys += ["skp_indicators", "skp_realizations", "appraisals", "activity_reports"]
        return ", ".join(f"{self.counts.get(k, 0):,} {k}" for k in keys)


# ---- deterministic ids and helpers ---------------------------------------------------------


class _Clock:
    """Deterministic time-ordered ids (UUIDv7 layout) and timestamps, 1 ms apart."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.ms = int(start.timestamp() * 1000)

    def tick(self) -> tuple[uuid.UUID, datetime]:
        self.ms += 1
        return self.at_ms(self.ms), datetime.fromtimestamp(self.ms / 1000, UTC)

    def at_ms(self, ms: int) -> uuid.UUID:
        rand_a, rand_b = self.rng.getrandbits(12), self.rng.getrandbits(62)
        return uuid.UUID(int=ms << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b)

    def id_at(self, at: datetime) -> uuid.UUID:
        return self.at_ms(int(at.timestamp() * 1000))


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """The audit snapshot of a row, as the app's audit hook would write it."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "password_hash":
            out[key] = REDACTED
        elif isinstance(value, uuid.UUID):
            out[key] = str(value)
        elif isinstance(value, datetime | date):
            out[key] = value.isoformat()
        elif isinstance(value, enum.Enum):
            out[key] = value.value
        else:
            out[key] = value
    return out


def working_days(start: date, end: date) -> list[date]:
    """Monday to Friday from ``start`` to ``end`` inclusive."""
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class _Person:
    """An employee being generated, with the position they hold."""

    id: uuid.UUID
    name: str
    position: dict[str, Any]
    unit: dict[str, Any]
    superior: _Person | None
    rhk_parents: list[uuid.UUID]  # RHK of the superior to cascade from
    goal_ids: list[uuid.UUID] = field(default_factory=list)  # top of the cascade
    info: EmployeeInfo | None = None
    rhk: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)


def _meta(at: datetime) -> dict[str, Any]:
    return {"created_at": at, "updated_at": at, "version": 1}


class _Builder:
    """Rows table by table; ids and timestamps from one seeded clock. Small tables are kept
    as lists; activity reports stream from :meth:`reports` so memory stays flat."""

    def __init__(self, dataset: Dataset) -> None:
        self.data = dataset
        self.rng = random.Random(dataset.seed)  # noqa: S311 - test data, not secrets
        self.clock = _Clock(self.rng, EPOCH)
        self.rows: dict[str, list[dict[str, Any]]] = {
            t: [] for t in TABLES if t != "activity_reports"
        }
        self.expires = datetime.now(UTC) + timedelta(days=30)  # sign-ins valid for the run
        self.first, self.last = FIRST.split(), LAST.split()
        self.nips: set[str] = set()
        self.people: list[tuple[OrgData, _Person]] = []
        self.today = dataset.as_of

    # -- accounts ------------------------------------------------------------------------

    def audit(self, table: str, row: dict[str, Any], actor: uuid.UUID, org: uuid.UUID) -> None:
        """The row the app's audit hook would have written for this insert."""
        audit_id, at = self.clock.tick()
        self.rows["audit_log"].append(
            {
                "id": audit_id,
                "at": at,
                "organization_id": org,
                "actor_user_id": actor,
                "action": "insert",
                "entity_type": table,
                "entity_id": str(row["id"]),
                "before": None,
                "after": _jsonable(row),
                "reason": None,
                "request_id": None,
            }
        )

    def user(
        self,
        org_id: uuid.UUID | None,
        role: Role,
        *,
        name: str | None = None,
        username: str | None = None,
        employee_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        """An account and one live sign-in of it."""
        if name is None:
            name = f"{self.rng.choice(self.first)} {self.rng.choice(self.last)}"
        if username is None:
            username = f"{name.split()[0]}.{len(self.rows['users']) + 1}".lower()
        user_id, at = self.clock.tick()
        row = {
            "id": user_id,
            "organization_id": org_id,
            "username": username,
            "email": f"{username}@bench.go.id",
            "full_name": name,
            "role": role,
            "is_active": True,
            "password_hash": PASSWORD_HASH,
            "password_changed_at": at,
            "must_change_password": False,
            "last_login_at": None,
            "employee_id": employee_id,
            **_meta(at),
        }
        self.rows["users"].append(row)
        session_id, _ = self.clock.tick()
        self.rows["auth_sessions"].append(
            {
                "id": session_id,
                "user_id": user_id,
                "created_at": at,
                "expires_at": self.expires,
                "revoked_at": None,
                "revoked_reason": None,
                "client_ip": None,
                "user_agent": None,
            }
        )
        account = Account(user_id, session_id, org_id, role, employee_id)
        self.data.accounts.append(account)
        return row

    def nip(self) -> str:
        """A valid NIP: birth date, appointment month (≥ 18 years later), sex, sequence."""
        while True:
            born = date(1965, 1, 1) + timedelta(days=self.rng.randrange(35 * 365))
            appointed = min(born.year + self.rng.randint(22, 35), 2025)
            nip = f"{born:%Y%m%d}{appointed}{self.rng.randint(1, 12):02d}"
            nip += f"{self.rng.choice('12')}{self.rng.randint(1, 999):03d}"
            if nip not in self.nips and not nip_problems(nip, self.today):
                self.nips.add(nip)
                return nip

    # -- structure -------------------------------------------------------------------------

    def unit(
        self, org: OrgData, parent: dict[str, Any] | None, code: str, name: str, admin: uuid.UUID
    ) -> dict[str, Any]:
        unit_id, at = self.clock.tick()
        row = {
            "id": unit_id,
            "organization_id": org.id,
            "parent_id": parent["id"] if parent else None,
            "code": code,
            "name": name,
            "is_active": True,
            "head_position_id": None,  # set with the head position
            **_meta(at),
        }
        self.rows["units"].append(row)
        self.audit("units", row, admin, org.id)
        org.unit_ids.append(unit_id)
        return row

    def position(
        self,
        org: OrgData,
        unit: dict[str, Any],
        superior: dict[str, Any] | None,
        name: str,
        kind: PositionKind,
        *,
        level: StructuralLevel | None = None,
        jenjang: FunctionalLevel | None = None,
        job_class: int = 7,
        head: bool = False,
    ) -> dict[str, Any]:
        pos_id, at = self.clock.tick()
        row = {
            "id": pos_id,
            "organization_id": org.id,
            "unit_id": unit["id"],
            "superior_id": superior["id"] if superior else None,
            "name": name,
            "kind": kind,
            "level": level,
            "jenjang": jenjang,
            "job_class": job_class,
            "is_active": True,
            **_meta(at),
        }
        self.rows["positions"].append(row)
        if head:
            unit["head_position_id"] = pos_id
        return row

    def person(
        self,
        org: OrgData,
        unit: dict[str, Any],
        position: dict[str, Any],
        superior: _Person | None,
        role: Role,
    ) -> _Person:
        given, family = self.rng.choice(self.first), self.rng.choice(self.last)
        name = f"{given} {family}{self.rng.choice(TITLES)}"
        emp_id, at = self.clock.tick()
        nip = self.nip()
        self.rows["employees"].append(
            {
                "id": emp_id,
                "organization_id": org.id,
                "nip": nip,
                "name": name,
                "golongan": self.rng.choice(GOLONGAN),
                "email": f"{nip}@asn.bench.go.id",
                "phone": None,
                "status": EmployeeStatus.ACTIVE,
                **_meta(at),
            }
        )
        ep_id, _ = self.clock.tick()
        self.rows["employee_positions"].append(
            {
                "id": ep_id,
                "organization_id": org.id,
                "employee_id": emp_id,
                "position_id": position["id"],
                "kind": AssignmentKind.DEFINITIVE,
                "start_date": date(2024, 1, 2),
                "end_date": None,
                "ended_at": None,
                "decree_number": f"800/{len(self.rows['employee_positions']):05d}/BKPSDM/2024",
                **_meta(at),
            }
        )
        user = self.user(org.id, role, name=name, username=nip, employee_id=emp_id)
        account = self.data.accounts[-1]
        assert account.user_id == user["id"]
        p = _Person(emp_id, name, position, unit, superior, [])
        p.info = EmployeeInfo(account, org.id, unit["id"], uuid.UUID(int=0), [], uuid.UUID(int=0))
        p.info.unit_head = unit["head_position_id"] == position["id"]
        if superior is not None:
            assert superior.info is not None
            superior.info.subordinates += 1
            superior.info.is_head = True
            if superior.unit is unit:
                superior.info.team += 1
        self.people.append((org, p))
        self.data.employees[emp_id] = p.info
        org.employees += 1
        return p

    def organization(self, k: int, n: int, platform: uuid.UUID) -> None:
        code, agency, sub_kind, functional = AGENCIES[k % len(AGENCIES)]
        region, tz, _lat, _lon = REGIONS[k % len(REGIONS)]
        org_id, at = self.clock.tick()
        org_row = {
            "id": org_id,
            "code": f"{code}-{k + 1:03d}",
            "name": f"{agency} {region}",
            "kind": AgencyKind.PERANGKAT_DAERAH,
            "region": region,
            "timezone": tz,
            "is_active": True,
            "settings": {},
            **_meta(at),
        }
        self.rows["organizations"].append(org_row)
        self.audit("organizations", org_row, platform, org_id)
        org = OrgData(org_id, tz)
        self.data.organizations.append(org)
        admins = [self.user(org_id, Role.ADMIN) for _ in range(2)]
        for row in admins:
            self.audit("users", row, platform, org_id)
        admin = admins[0]["id"]
        goals = self.goals(org, n)

        big = k == 0 and n >= 2 * BIG_UNIT
        rest = n - (BIG_UNIT if big else 0)
        n_bidang = min(12, max(2, rest // 150))
        n_seksi = max(n_bidang, (rest - 1 - n_bidang) // 12)
        staff = _split(rest - 1 - n_bidang - n_seksi, n_seksi)

        root = self.unit(org, None, "U00000", org_row["name"], admin)
        root_pos = self.position(
            org, root, None, f"Kepala {agency}", PositionKind.STRUKTURAL,
            level=StructuralLevel.JPT_PRATAMA, job_class=14, head=True,
        )  # fmt: skip
        head = self.person(org, root, root_pos, None, Role.SUPERVISOR)
        head.goal_ids = goals
        bidang_people: list[_Person] = []
        for b in range(n_bidang):
            topic = TOPICS[b % len(TOPICS)]
            unit = self.unit(org, root, f"U{b + 1:05d}", f"Bidang {topic}", admin)
            pos = self.position(
                org, unit, root_pos, f"Kepala Bidang {topic}", PositionKind.STRUKTURAL,
                level=StructuralLevel.ADMINISTRATOR, job_class=11, head=True,
            )  # fmt: skip
            bidang_people.append(self.person(org, unit, pos, head, Role.SUPERVISOR))
        for s in range(n_seksi):
            boss = bidang_people[s % n_bidang]
            name = f"{sub_kind} {TOPICS[(s * 7) % len(TOPICS)]} {s + 1}"
            unit = self.unit(org, boss.unit, f"U{n_bidang + 1 + s:05d}", name, admin)
            self.team(org, unit, boss, f"Kepala {name}", staff[s], functional)
        if big:
            name = "UPTD Rumah Sakit Umum Daerah"
            unit = self.unit(org, root, "U90000", name, admin)
            org.big_unit_id = unit["id"]
            pos = self.position(
                org, unit, root_pos, f"Direktur {name}", PositionKind.STRUKTURAL,
                level=StructuralLevel.ADMINISTRATOR, job_class=11, head=True,
            )  # fmt: skip
            director = self.person(org, unit, pos, head, Role.SUPERVISOR)
            org.big_unit_head = director.id
            for r, members in enumerate(_split(BIG_UNIT - 11, 10)):
                self.team(org, unit, director, f"Kepala Ruangan {r + 1}", members, "Perawat", pos)

    def team(
        self,
        org: OrgData,
        unit: dict[str, Any],
        boss: _Person,
        head_name: str,
        members: int,
        functional: str,
        superior_position: dict[str, Any] | None = None,
    ) -> None:
        """A pengawas and the staff under them (two staff positions, several holders each)."""
        in_unit = superior_position is not None  # a team inside a larger unit
        lead_pos = self.position(
            org, unit, superior_position or boss.position, head_name, PositionKind.STRUKTURAL,
            level=StructuralLevel.PENGAWAS, job_class=9, head=not in_unit,
        )  # fmt: skip
        lead = self.person(org, unit, lead_pos, boss, Role.SUPERVISOR)
        clerk = self.position(
            org, unit, lead_pos, "Pengadministrasi Umum", PositionKind.PELAKSANA, job_class=5
        )
        expert = self.position(
            org, unit, lead_pos, f"{functional} Ahli Pertama", PositionKind.FUNGSIONAL,
            jenjang=FunctionalLevel.AHLI_PERTAMA, job_class=8,
        )  # fmt: skip
        for i in range(members):
            self.person(org, unit, expert if i % 3 else clerk, lead, Role.STAFF)

    def goals(self, org: OrgData, n: int) -> list[uuid.UUID]:
        """Strategy, one tujuan and one sasaran (with an IKU) per bidang-to-be."""
        strategy_id, at = self.clock.tick()
        self.rows["organization_strategies"].append(
            {
                "id": strategy_id,
                "organization_id": org.id,
                "title": "Renstra 2025-2029",
                "start_year": 2025,
                "end_year": 2029,
                "vision": "Terwujudnya pelayanan publik yang prima dan berkeadilan",
                "missions": ["Meningkatkan mutu layanan", "Meningkatkan tata kelola"],
                **_meta(at),
            }
        )
        tujuan_id, at = self.clock.tick()
        self.rows["organization_goals"].append(
            {
                "id": tujuan_id,
                "organization_id": org.id,
                "year": YEAR,
                "code": "T1",
                "kind": GoalKind.TUJUAN,
                "parent_id": None,
                "statement": "Meningkatnya kualitas pelayanan kepada masyarakat",
                "mission_number": 1,
                "is_active": True,
                **_meta(at),
            }
        )
        sasaran: list[uuid.UUID] = []
        for i in range(min(12, max(2, n // 150))):
            goal_id, at = self.clock.tick()
            topic = TOPICS[i % len(TOPICS)]
            self.rows["organization_goals"].append(
                {
                    "id": goal_id,
                    "organization_id": org.id,
                    "year": YEAR,
                    "code": f"S{i + 1:02d}",
                    "kind": GoalKind.SASARAN,
                    "parent_id": tujuan_id,
                    "statement": f"Meningkatnya kinerja {topic.lower()}",
                    "mission_number": 1,
                    "is_active": True,
                    **_meta(at),
                }
            )
            iku_id, at = self.clock.tick()
            self.rows["key_indicators"].append(
                {
                    "id": iku_id,
                    "organization_id": org.id,
                    "goal_id": goal_id,
                    "year": YEAR,
                    "code": f"IKU{i + 1:02d}",
                    "name": f"Indeks kepuasan layanan {topic.lower()}",
                    "formula": None,
                    "aspect": Aspect.KUALITAS,
                    "unit": "persen",
                    "direction": Direction.HIGHER_IS_BETTER,
                    "target_value": 90.0,
                    "target_min": None,
                    "target_max": None,
                    "target_text": None,
                    "baseline": 82.5,
                    "allow_over_100": False,
                    "is_active": True,
                    **_meta(at),
                }
            )
            sasaran.append(goal_id)
        org.sasaran_ids = sasaran
        return sasaran

    # -- plans, appraisals ---------------------------------------------------------------

    def skps(self) -> None:
        """One approved SKP of the year per employee; superiors first, so RHK cascade."""
        for org, p in self.people:  # people were created top-down
            assert p.info is not None
            approved = datetime(YEAR, 1, 15, 2, tzinfo=UTC) + timedelta(
                minutes=self.rng.randrange(20_000)
            )
            skp_id = self.clock.id_at(approved)
            boss = p.superior
            self.rows["skps"].append(
                {
                    "id": skp_id,
                    "organization_id": org.id,
                    "employee_id": p.id,
                    "year": YEAR,
                    "period_start": date(YEAR, 1, 1),
                    "period_end": date(YEAR, 12, 31),
                    "state": SkpState.APPROVED,
                    "approach": Approach.KUANTITATIF,
                    "revision": 0,
                    "resource_support": "Anggaran DPA dan sarana kantor",
                    "accountability_scheme": "Laporan bulanan kepada atasan langsung",
                    "consequences": "Sesuai ketentuan peraturan perundang-undangan",
                    "position_id": p.position["id"],
                    "position_name": p.position["name"],
                    "unit_id": p.unit["id"],
                    "unit_name": p.unit["name"],
                    "appraiser_id": boss.id if boss else None,
                    "appraiser_name": boss.name if boss else None,
                    "appraiser_position_name": boss.position["name"] if boss else None,
                    "submitted_at": approved - timedelta(days=2),
                    "approved_at": approved,
                    "first_approved_at": approved,
                    "created_at": approved - timedelta(days=5),
                    "updated_at": approved,
                    "version": 3,
                }
            )
            p.info.skp_id = skp_id
            refs: list[tuple[str, uuid.UUID]] = (
                [("goal_id", g) for g in p.goal_ids]
                if p.goal_ids
                else [
                    ("parent_id", r["id"])
                    for r in (boss.rhk if boss else [])
                    if r["kind"] is WorkResultKind.UTAMA
                ][:3]
            )
            is_jpt = p.position["level"] is StructuralLevel.JPT_PRATAMA
            n_main = len(refs) if p.goal_ids else 2
            for i in range(n_main + 1):  # the RHK utama, then one tambahan
                ref = refs[i % len(refs)] if i < n_main and refs else None
                if boss is not None and ref and ref[0] == "parent_id":
                    ref = ("parent_id", refs[self.rng.randrange(len(refs))][1])
                self.work_result(org, p, skp_id, approved, i, ref, n_main, is_jpt)

    def work_result(
        self,
        org: OrgData,
        p: _Person,
        skp_id: uuid.UUID,
        at: datetime,
        i: int,
        ref: tuple[str, uuid.UUID] | None,
        n_main: int,
        is_jpt: bool,
    ) -> None:
        assert p.info is not None
        kind = WorkResultKind.UTAMA if i < n_main else WorkResultKind.TAMBAHAN
        unit_name, template = OUTPUTS[(i + len(p.name)) % len(OUTPUTS)]
        topic = p.unit["name"].split(" ", 1)[-1]
        rhk_id = self.clock.id_at(at)
        row = {
            "id": rhk_id,
            "organization_id": org.id,
            "skp_id": skp_id,
            "kind": kind,
            "statement": f"Terlaksananya {template.format(topic).lower()}"[:500],
            "parent_id": None,
            "goal_id": None,
            "key_indicator_id": None,
            "perspective": list(Perspective)[i % 4] if is_jpt else None,
            "sort_order": i,
            "collaboration_note": None,
            **_meta(at - timedelta(days=4)),
        }
        if ref is not None:
            row[ref[0]] = ref[1]
        self.rows["skp_work_results"].append(row)
        p.rhk.append(row)
        p.info.work_result_ids.append(rhk_id)
        aspects = [Aspect.KUANTITAS, Aspect.WAKTU] if i == 0 else [Aspect.KUANTITAS]
        for j, aspect in enumerate(aspects):
            target = 12.0 if aspect is Aspect.WAKTU else float(self.rng.choice([12, 48, 240, 1200]))
            ind_id = self.clock.id_at(at)
            indicator = {
                "id": ind_id,
                "organization_id": org.id,
                "skp_id": skp_id,
                "work_result_id": rhk_id,
                "name": (
                    "Waktu penyelesaian" if aspect is Aspect.WAKTU else template.format(topic)
                )[:300],
                "aspect": aspect,
                "unit": "bulan" if aspect is Aspect.WAKTU else unit_name,
                "direction": Direction.HIGHER_IS_BETTER,
                "target_value": target,
                "target_min": None,
                "target_max": None,
                "target_text": None,
                "allow_over_100": False,
                "sort_order": j,
                **_meta(at - timedelta(days=4)),
            }
            self.rows["skp_indicators"].append(indicator)
            p.indicators.append(indicator)
            for q in range(1, 4):  # quarterly realizations, Q1..Q3
                done = datetime(YEAR, 3 * q, 28, 3, tzinfo=UTC)  # before the quarter ends
                value = round(target * q / 4 * self.rng.uniform(0.8, 1.15), 2)
                self.rows["skp_realizations"].append(
                    {
                        "id": self.clock.id_at(done),
                        "organization_id": org.id,
                        "skp_id": skp_id,
                        "indicator_id": ind_id,
                        "period": f"{YEAR}-Q{q}",
                        "value": value,
                        "rating": None,
                        "self_assessment": "Sesuai rencana, bukti dukung terlampir",
                        **_meta(done),
                    }
                )

    def appraisals(self) -> None:
        """Semester I, closed, organization result Baik: every employee rated and finalized."""
        periods: dict[uuid.UUID, uuid.UUID] = {}
        for org in self.data.organizations:
            opened = datetime(YEAR, 7, 1, 1, tzinfo=UTC)
            period_id = self.clock.id_at(opened)
            periods[org.id] = period_id
            org.period_id = period_id
            self.rows["appraisal_periods"].append(
                {
                    "id": period_id,
                    "organization_id": org.id,
                    "name": f"Semester I {YEAR}",
                    "kind": PeriodKind.SEMESTER,
                    "start_date": date(YEAR, 1, 1),
                    "end_date": date(YEAR, 6, 30),
                    "opens_on": date(YEAR, 7, 1),
                    "closes_on": date(YEAR, 7, 31),
                    "state": PeriodState.CLOSED,
                    "organization_result": OrganizationResult.BAIK,
                    "organization_result_note": "Capaian IKU rata-rata 96%",
                    "opened_at": opened,
                    "closed_at": datetime(YEAR, 8, 1, 1, tzinfo=UTC),
                    "reopen_reason": None,
                    **_meta(opened),
                }
            )
        weights = [w for _, _, w in RATING_MIX]
        for org, p in self.people:
            assert p.info is not None
            hasil, perilaku, _ = self.rng.choices(RATING_MIX, weights)[0]
            rated = datetime(YEAR, 7, 10, 2, tzinfo=UTC) + timedelta(
                minutes=self.rng.randrange(20_000)
            )
            boss = p.superior
            boss2 = boss.superior if boss else None
            app_id = self.clock.id_at(datetime(YEAR, 7, 1, 1, tzinfo=UTC))
            achievements: list[float] = []
            items: list[dict[str, Any]] = []
            for k, rhk in enumerate(p.rhk):
                summary = []
                for ind in (i for i in p.indicators if i["work_result_id"] == rhk["id"]):
                    value = round(ind["target_value"] * 0.5 * self.rng.uniform(0.8, 1.15), 2)
                    pct = round(min(100.0, value / ind["target_value"] * 100), 2)
                    achievements.append(pct)
                    summary.append(
                        {
                            "indicator_id": str(ind["id"]),
                            "name": ind["name"],
                            "unit": ind["unit"],
                            "target_value": ind["target_value"],
                            "target_text": None,
                            "period": f"{YEAR}-Q2",
                            "value": value,
                            "rating": None,
                            "self_assessment": "Sesuai rencana, bukti dukung terlampir",
                            "achievement_percent": pct,
                        }
                    )
                items.append(
                    {
                        "id": self.clock.id_at(rated),
                        "organization_id": org.id,
                        "appraisal_id": app_id,
                        "work_result_id": rhk["id"],
                        "kind": rhk["kind"].value,
                        "statement": rhk["statement"],
                        "sort_order": k,
                        "realization": summary,
                        "self_note": "Target semester tercapai",
                        "evidence_url": None,
                        "self_assessed_at": rated - timedelta(days=3),
                        "rating": hasil,
                        "feedback": "Pertahankan kinerja",
                        "created_at": rated - timedelta(days=9),
                        "updated_at": rated,
                    }
                )
            self.rows["appraisal_items"].extend(items)
            self.rows["appraisals"].append(
                {
                    "id": app_id,
                    "organization_id": org.id,
                    "period_id": periods[org.id],
                    "employee_id": p.id,
                    "employee_name": p.name,
                    "skp_id": p.info.skp_id,
                    "skp_revision": 0,
                    "position_id": p.position["id"],
                    "position_name": p.position["name"],
                    "position_kind": p.position["kind"],
                    "jenjang": p.position["jenjang"],
                    "unit_id": p.unit["id"],
                    "unit_name": p.unit["name"],
                    "is_unit_head": p.unit["head_position_id"] == p.position["id"],
                    "appraiser_id": boss.id if boss else None,
                    "appraiser_name": boss.name if boss else None,
                    "appraiser_superior_id": boss2.id if boss2 else None,
                    "appraiser_superior_name": boss2.name if boss2 else None,
                    "state": AppraisalState.FINALIZED,
                    "hasil_kerja": hasil,
                    "perilaku": perilaku,
                    "predikat": predikat(hasil, perilaku),
                    "behaviours": {
                        v.value: {
                            "expectation": "Konsisten menjalankan nilai ini dalam tugas",
                            "rating": perilaku.value,
                            "feedback": None,
                        }
                        for v in BerAkhlak
                    },
                    "feedback": "Tingkatkan kolaborasi lintas unit",
                    "average_achievement": round(sum(achievements) / len(achievements), 2)
                    if achievements
                    else None,
                    "rated_at": rated,
                    "rated_by_id": boss.id if boss else None,
                    "finalized_at": datetime(YEAR, 7, 30, 3, tzinfo=UTC),
                    "acknowledged_at": datetime(YEAR, 8, 2, 3, tzinfo=UTC),
                    "objection_reason": None,
                    "objected_at": None,
                    "decision": None,
                    "decision_reason": None,
                    "decided_at": None,
                    "decided_by_id": None,
                    "created_at": datetime(YEAR, 7, 1, 1, tzinfo=UTC),
                    "updated_at": rated,
                    "version": 4,
                }
            )
            p.info.appraisal_id = app_id

    # -- activity reports (streamed) -----------------------------------------------------

    def reports(self, per_employee: int) -> Iterator[dict[str, Any]]:
        """Daily reports of every employee from February (every SKP is approved by the end
        of January) to the day before ``as_of``.

        On a reported working day 1–4 reports in fixed, non-overlapping slots, each linked
        to an RHK of the employee's approved SKP. Earlier months are reviewed (mostly
        approved); the current month is largely pending in the appraiser's inbox.
        """
        rng = random.Random(self.data.seed + 1)  # noqa: S311 - independent of the row order above
        clock = _Clock(rng, EPOCH)
        last = self.data.as_of - timedelta(days=1)
        days = working_days(date(YEAR, 2, 2), last)
        month_start = self.data.as_of.replace(day=1)
        p_day = min(1.0, per_employee / 2.5 / max(1, len(days)))
        tzinfo = {org.id: org.timezone for org in self.data.organizations}
        lat_lon = {
            org.id: REGIONS[k % len(REGIONS)][2:] for k, org in enumerate(self.data.organizations)
        }
        for org, p in self.people:
            assert p.info is not None
            offset = timedelta(hours=tzinfo[org.id].utc_offset_hours)
            boss = p.superior
            lat, lon = lat_lon[org.id]
            units = {i["work_result_id"]: i["unit"] for i in p.indicators if i["sort_order"] == 0}
            rhk = p.info.work_result_ids
            for day in days:
                if rng.random() >= p_day:
                    continue
                count = rng.choice((1, 2, 3, 3, 4))
                for start, end in sorted(rng.sample(SLOTS, count)):
                    late = rng.random() < 0.04
                    local_end = datetime.combine(day, end)
                    created = local_end - offset + timedelta(minutes=rng.randrange(5, 120))
                    if late:
                        created += timedelta(days=4)
                    created = created.replace(tzinfo=UTC)
                    current = day >= month_start
                    roll = rng.random()
                    if boss is None:
                        status = ReportStatus.PENDING if current else ReportStatus.APPROVED
                    elif current:
                        status = (
                            ReportStatus.PENDING
                            if roll < 0.6
                            else ReportStatus.APPROVED
                            if roll < 0.97
                            else ReportStatus.REJECTED
                        )
                    else:
                        status = (
                            ReportStatus.APPROVED
                            if roll < 0.93
                            else ReportStatus.REJECTED
                            if roll < 0.97
                            else ReportStatus.WITHDRAWN
                        )
                    reviewed = status in (ReportStatus.APPROVED, ReportStatus.REJECTED)
                    review_at = created + timedelta(hours=rng.randrange(2, 72))
                    work_result = rhk[0] if roll < 0.5 else rng.choice(rhk)
                    report_id = clock.id_at(created)
                    if status is ReportStatus.PENDING and boss is not None and boss.info:
                        boss.info.pending.append(report_id)
                    with_place = roll < 0.3
                    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
                    yield {
                        "id": report_id,
                        "organization_id": org.id,
                        "employee_id": p.id,
                        "report_date": day,
                        "start_time": start,
                        "end_time": end,
                        "minutes": minutes,
                        "description": rng.choice(ACTIVITIES),
                        "quantity": float(rng.randint(1, 40)),
                        "unit": units.get(work_result, "kegiatan"),
                        "work_result_id": work_result,
                        "evidence_url": "https://drive.bench.go.id/bukti/" + report_id.hex[:12]
                        if roll < 0.2
                        else None,
                        "latitude": lat + rng.uniform(-0.05, 0.05) if with_place else None,
                        "longitude": lon + rng.uniform(-0.05, 0.05) if with_place else None,
                        "status": status,
                        "late": late,
                        "corrects_id": None,
                        "reviewed_by_id": boss.id if reviewed and boss else None,
                        "reviewed_at": review_at if reviewed and boss else None,
                        "review_note": "Perbaiki uraian kegiatan"
                        if status is ReportStatus.REJECTED
                        else None,
                        "created_at": created,
                        "updated_at": review_at if reviewed else created,
                        "version": 2 if reviewed else 1,
                    }


def build(size_name: str, seed: int = SEED, as_of: date | None = None) -> tuple[Dataset, _Builder]:
    """Every row but the activity reports (streamed later by ``builder.reports``)."""
    size = SIZES[size_name]
    as_of = as_of or datetime.now(UTC).date()
    builder = _Builder(Dataset(size=size_name, seed=seed, as_of=as_of))
    platform = builder.user(None, Role.PLATFORM_ADMIN)["id"]
    for k, n in enumerate(size.employees):
        builder.organization(k, n, platform)
    builder.skps()
    builder.appraisals()
    return builder.data, builder


# ---- loading ---------------------------------------------------------------------------------


def _converter(table: Table) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """Row dict → record for COPY: enums as their values, JSON as text, column order."""
    names = [c.name for c in table.columns]
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}

    def convert(row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name in names:
            value = row[name]
            if isinstance(value, enum.Enum):
                value = value.value
            elif name in json_cols and value is not None:
                value = json.dumps(value)
            out.append(value)
        return tuple(out)

    return convert


async def _copy_pg(
    url: str, tables: Iterable[tuple[str, Iterable[dict[str, Any]]]]
) -> dict[str, int]:
    import asyncpg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    counts: dict[str, int] = {}
    try:
        async with conn.transaction():
            # Foreign keys are triggers: off for the bulk load (rows are valid by construction;
            # CHECK, NOT NULL and unique constraints still apply).
            await conn.execute("SET LOCAL session_replication_role = replica")
            for name, rows in tables:
                table = TABLES[name]
                convert = _converter(table)
                n = itertools.count()
                records = (convert(r) for r in rows if next(n) >= 0)
                await conn.copy_records_to_table(
                    name, records=records, columns=[c.name for c in table.columns]
                )
                counts[name] = next(n)
        await conn.execute("ANALYZE")  # fresh statistics, as autovacuum would
    finally:
        await conn.close()
    return counts


async def _insert_sqlite(
    url: str, tables: Iterable[tuple[str, Iterable[dict[str, Any]]]]
) -> dict[str, int]:
    engine = make_engine(settings_for(url))
    counts: dict[str, int] = {}
    try:
        async with engine.begin() as conn:
            # Tables reference each other (units ↔ positions, users → employees): foreign
            # keys are checked at commit, all of them.
            await conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for name, rows in tables:
                counts[name] = 0
                it = iter(rows)
                while chunk := list(itertools.islice(it, CHUNK)):
                    await conn.execute(insert(TABLES[name]), chunk)
                    counts[name] += len(chunk)
    finally:
        await engine.dispose()
    return counts


async def _version(url: str) -> str:
    engine = make_engine(settings_for(url))
    try:
        async with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                return f"SQLite {await conn.scalar(text('select sqlite_version()'))}"
            return f"PostgreSQL {await conn.scalar(text('show server_version'))}"
    finally:
        await engine.dispose()


def fill(url: str, data: Dataset, builder: _Builder) -> str:
    """Load every table (reports streamed); return the database server's version."""
    per_employee = SIZES[data.size].reports_per_employee

    def tables() -> Iterator[tuple[str, Iterable[dict[str, Any]]]]:
        for name in TABLES:
            if name == "activity_reports":
                yield name, builder.reports(per_employee)
            else:
                yield name, builder.rows[name]

    loader = _copy_pg if url.startswith("postgresql") else _insert_sqlite
    data.counts = asyncio.run(loader(url, tables()))
    return asyncio.run(_version(url))


def settings_for(database_url: str, **overrides: Any) -> Settings:
    return Settings(
        environment="development", database_url=database_url, log_level="WARNING", **overrides
    )


async def _recreate_pg_database(admin_url: str, name: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


def database_name(size: str) -> str:
    return f"kinerja_bench_{size.lower()}"


def fresh_database(db: DbKind, size: str, *, directory: Path, pg_admin_url: str) -> str:
    """An empty database for ``size``; returns its SQLAlchemy URL.

    SQLite: a file in ``directory``. PostgreSQL: ``kinerja_bench_<size>`` on the server of
    ``pg_admin_url``, dropped and created again.
    """
    name = database_name(size)
    if db == "sqlite":
        path = directory / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    asyncio.run(_recreate_pg_database(pg_admin_url, name))
    return make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)


def prepare(
    db: DbKind,
    size: str,
    *,
    directory: Path,
    pg_admin_url: str = PG_ADMIN_URL,
    seed: int = SEED,
    as_of: date | None = None,
) -> tuple[str, Dataset, str]:
    """Fresh database, migrations, data. Returns (url, dataset, database version)."""
    url = fresh_database(db, size, directory=directory, pg_admin_url=pg_admin_url)
    started = time.perf_counter()
    upgrade_database(settings_for(url))
    migrated = time.perf_counter()
    data, builder = build(size, seed, as_of)
    version = fill(url, data, builder)
    data.migrate_seconds = migrated - started
    data.fill_seconds = time.perf_counter() - migrated
    return url, data, version


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--size", nargs="+", choices=sorted(SIZES), default=["S"])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--as-of", type=date.fromisoformat, help="default: today (UTC)")
    parser.add_argument("--dir", type=Path, default=OUT_DIR, help="where SQLite files go")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in args.size:
        url, data, version = prepare(
            args.db,
            size,
            directory=args.dir,
            pg_admin_url=args.pg_admin_url,
            seed=args.seed,
            as_of=args.as_of,
        )
        print(
            f"{size} on {version}: {data.summary()}; migrations {data.migrate_seconds:.1f} s, "
            f"data {data.fill_seconds:.1f} s\n  {make_url(url).render_as_string()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
