"""Deterministic benchmark data: organizations, unit trees, accounts, sign-ins, audit rows.

The same seed and size always give the same rows (ids, names, timestamps); only the
sign-ins' expiry follows the real clock, so the tokens minted for them are valid now.
Rows go in with SQLAlchemy Core multi-row inserts on a database migrated by the real
migrations, so the schema is exactly the one the app runs on.

    python -m bench.generate --db sqlite --size S M
    python -m bench.generate --db postgresql --size S
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import random
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Table, insert, text
from sqlalchemy.engine import make_url

from kinerja_api.auth.models import AuthSession, Role, User
from kinerja_api.cli import upgrade_database
from kinerja_api.core.audit import REDACTED, AuditLog
from kinerja_api.core.config import Settings
from kinerja_api.core.db import make_engine
from kinerja_api.organizations.models import AgencyKind, Organization, TimeZone, Unit

DbKind = Literal["sqlite", "postgresql"]
PG_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
OUT_DIR = Path(__file__).resolve().parent / "out"  # git-ignored
SEED = 2026
EPOCH = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)  # "created at" of the first generated row
CHUNK = 2_000  # rows per INSERT call

# Every generated account has this password (argon2 hash computed once, kept constant so
# generation stays fast and deterministic).
PASSWORD = "Bench-Sandi-2026"
PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$SMlZS6kVghCi9N47hxCiVA$"
    "2zg9tE8I5rurbRuCBeNgvW+CAFCsRIsz3Ap0B0Zdcxk"
)


@dataclass(frozen=True)
class Size:
    organizations: int
    units: int  # in total, spread evenly over the organizations
    users: int  # in total, plus one platform admin


SIZES: dict[str, Size] = {
    "S": Size(organizations=1, units=200, users=1_000),  # one agency (a dinas)
    "M": Size(organizations=5, units=2_000, users=10_000),  # a small province
    "L": Size(organizations=20, units=10_000, users=100_000),  # a large province
}

REGIONS = [
    ("Kota Palu", TimeZone.WITA),
    ("Kabupaten Tebo", TimeZone.WIB),
    ("Kota Makassar", TimeZone.WITA),
    ("Kabupaten Jayapura", TimeZone.WIT),
    ("Kabupaten Sleman", TimeZone.WIB),
    ("Kota Kupang", TimeZone.WITA),
    ("Kabupaten Deli Serdang", TimeZone.WIB),
    ("Kota Ambon", TimeZone.WIT),
]
AGENCIES = [
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM"),
]
UNIT_KINDS = ["Seksi", "Subbagian", "UPTD Puskesmas", "UPTD", "Balai"]
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


TABLES: dict[str, Table] = {
    "organizations": Organization.__table__,  # type: ignore[dict-item]
    "users": User.__table__,  # type: ignore[dict-item]
    "units": Unit.__table__,  # type: ignore[dict-item]
    "auth_sessions": AuthSession.__table__,  # type: ignore[dict-item]
    "audit_log": AuditLog.__table__,  # type: ignore[dict-item]
}


@dataclass(frozen=True)
class Account:
    """A generated account with a live sign-in: the driver mints access tokens for it."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    organization_id: uuid.UUID | None
    role: Role


@dataclass(frozen=True)
class OrgData:
    id: uuid.UUID
    unit_ids: tuple[uuid.UUID, ...]


@dataclass
class Dataset:
    """What was generated: row counts for the report, ids and accounts for the driver."""

    size: str
    seed: int
    organizations: list[OrgData] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    migrate_seconds: float = 0.0
    fill_seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.rows.items()}

    def summary(self) -> str:
        return ", ".join(f"{n:,} {table}" for table, n in self.counts.items())


class _Clock:
    """Deterministic time-ordered ids (UUIDv7 layout) and timestamps, 1 ms apart."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.ms = int(start.timestamp() * 1000)

    def tick(self) -> tuple[uuid.UUID, datetime]:
        self.ms += 1
        rand_a, rand_b = self.rng.getrandbits(12), self.rng.getrandbits(62)
        value = self.ms << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
        return uuid.UUID(int=value), datetime.fromtimestamp(self.ms / 1000, UTC)


def _unit_parents(n: int, rng: random.Random) -> list[int | None]:
    """Parent index of each unit: one root, bidang under it, seksi/UPT below, some deeper."""
    parents: list[int | None] = [None]
    bidang = max(1, min(12, n // 15))
    for i in range(1, n):
        if i <= bidang:
            parents.append(0)
        elif i > bidang + 1 and rng.random() < 0.25:
            parents.append(rng.randint(bidang + 1, i - 1))
        else:
            parents.append(rng.randint(1, bidang))
    return parents


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
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        elif isinstance(value, enum.Enum):
            out[key] = value.value
        else:
            out[key] = value
    return out


class _Builder:
    """Appends rows table by table; ids and timestamps come from one seeded clock."""

    def __init__(self, dataset: Dataset) -> None:
        self.data = dataset
        self.rng = random.Random(dataset.seed)  # noqa: S311 - test data, not secrets
        self.clock = _Clock(self.rng, EPOCH)
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self.expires = datetime.now(UTC) + timedelta(days=30)  # sign-ins valid for the run
        self.first, self.last = FIRST.split(), LAST.split()

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

    def user(self, org_id: uuid.UUID | None, role: Role) -> dict[str, Any]:
        """An account and one live sign-in of it."""
        given, family = self.rng.choice(self.first), self.rng.choice(self.last)
        username = f"{given}.{family}.{len(self.rows['users']) + 1}".lower()
        user_id, at = self.clock.tick()
        row = {
            "id": user_id,
            "organization_id": org_id,
            "username": username,
            "email": f"{username}@bench.go.id",
            "full_name": f"{given} {family}{self.rng.choice(TITLES)}",
            "role": role,
            "is_active": True,
            "password_hash": PASSWORD_HASH,
            "password_changed_at": at,
            "must_change_password": False,
            "last_login_at": None,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
        self.rows["users"].append(row)
        session_id, _ = self.clock.tick()
        self.rows["auth_sessions"].append(
            {"id": session_id, "user_id": user_id, "created_at": at, "expires_at": self.expires}
        )
        self.data.accounts.append(Account(user_id, session_id, org_id, role))
        return row

    def organization(self, k: int, n_units: int, n_users: int, platform: uuid.UUID) -> None:
        (code, agency), (region, tz) = AGENCIES[k % len(AGENCIES)], REGIONS[k % len(REGIONS)]
        org_id, at = self.clock.tick()
        org = {
            "id": org_id,
            "code": f"{code}-{k + 1:03d}",
            "name": f"{agency} {region}",
            "kind": AgencyKind.PERANGKAT_DAERAH,
            "region": region,
            "timezone": tz,
            "is_active": True,
            "settings": {},
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
        self.rows["organizations"].append(org)
        self.audit("organizations", org, platform, org_id)
        # Two admins, a head (supervisor) for every second unit, the rest staff.
        n_admins = min(2, n_users)
        n_heads = min(n_users - n_admins, n_units // 2)
        roles = [Role.ADMIN] * n_admins + [Role.SUPERVISOR] * n_heads
        roles += [Role.STAFF] * (n_users - len(roles))
        first_admin = self.user(org_id, roles[0])
        self.audit("users", first_admin, platform, org_id)
        admin = first_admin["id"]
        for role in roles[1:]:
            self.audit("users", self.user(org_id, role), admin, org_id)
        unit_ids: list[uuid.UUID] = []
        for i, parent in enumerate(_unit_parents(n_units, self.rng)):
            unit_id, at = self.clock.tick()
            kind = "Bidang" if parent == 0 else self.rng.choice(UNIT_KINDS)
            unit = {
                "id": unit_id,
                "organization_id": org_id,
                "parent_id": None if parent is None else unit_ids[parent],
                "code": f"U{i:05d}",
                "name": org["name"] if parent is None else f"{kind} {self.rng.choice(TOPICS)}",
                "is_active": True,
                "created_at": at,
                "updated_at": at,
                "version": 1,
            }
            self.rows["units"].append(unit)
            unit_ids.append(unit_id)
            self.audit("units", unit, admin, org_id)
        self.data.organizations.append(OrgData(org_id, tuple(unit_ids)))


def build(size_name: str, seed: int = SEED) -> Dataset:
    """All rows of one size, in insert order (pure: no database; only expiry reads the clock)."""
    size = SIZES[size_name]
    builder = _Builder(Dataset(size=size_name, seed=seed))
    platform = builder.user(None, Role.PLATFORM_ADMIN)["id"]
    units = _split(size.units, size.organizations)
    users = _split(size.users, size.organizations)
    for k in range(size.organizations):
        builder.organization(k, units[k], users[k], platform)
    builder.data.rows = builder.rows
    return builder.data


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def settings_for(database_url: str, **overrides: Any) -> Settings:
    return Settings(
        environment="development", database_url=database_url, log_level="WARNING", **overrides
    )


async def fill(database_url: str, data: Dataset) -> str:
    """Insert the rows in one transaction; return the database server's version."""
    engine = make_engine(settings_for(database_url))
    try:
        async with engine.begin() as conn:
            for table, rows in data.rows.items():
                for chunk in _chunks(rows):
                    await conn.execute(insert(TABLES[table]), list(chunk))
        async with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                version = await conn.scalar(text("select sqlite_version()"))
                return f"SQLite {version}"
            if engine.dialect.name == "postgresql":
                await conn.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would
            version = await conn.scalar(text("show server_version"))
            return f"PostgreSQL {version}"
    finally:
        await engine.dispose()


async def _recreate_pg_database(admin_url: str, name: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


def fresh_database(db: DbKind, size: str, *, directory: Path, pg_admin_url: str) -> str:
    """An empty database for ``size``; returns its SQLAlchemy URL.

    SQLite: a file in ``directory``. PostgreSQL: ``kinerja_bench_<size>`` on the server of
    ``pg_admin_url``, dropped and created again.
    """
    name = f"kinerja_bench_{size.lower()}"
    if db == "sqlite":
        path = directory / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    asyncio.run(_recreate_pg_database(pg_admin_url, name))
    return make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)


def prepare(
    db: DbKind, size: str, *, directory: Path, pg_admin_url: str = PG_ADMIN_URL, seed: int = SEED
) -> tuple[str, Dataset, str]:
    """Fresh database, migrations, data. Returns (url, dataset, database version)."""
    url = fresh_database(db, size, directory=directory, pg_admin_url=pg_admin_url)
    started = time.perf_counter()
    upgrade_database(settings_for(url))
    migrated = time.perf_counter()
    data = build(size, seed)
    version = asyncio.run(fill(url, data))
    data.migrate_seconds = migrated - started
    data.fill_seconds = time.perf_counter() - migrated
    return url, data, version


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--size", nargs="+", choices=sorted(SIZES), default=["S"])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dir", type=Path, default=OUT_DIR, help="where SQLite files go")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in args.size:
        url, data, version = prepare(
            args.db, size, directory=args.dir, pg_admin_url=args.pg_admin_url, seed=args.seed
        )
        print(
            f"{size} on {version}: {data.summary()}; migrations {data.migrate_seconds:.1f} s, "
            f"data {data.fill_seconds:.1f} s\n  {make_url(url).render_as_string()}"
        )


if __name__ == "__main__":
    main()
