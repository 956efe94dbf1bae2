"""Time a bulk import of 10,000 employees from XLSX through the HTTP API.

For each database (a fresh SQLite file and a fresh PostgreSQL database, migrated by the real
migrations) the script creates an organization with an admin account, imports its units and
positions (CSV), then imports a deterministic 10,000-row employees workbook (each row with a
definitive position) and prints how long each step took: a dry run, the import itself, the
same file again (all rows unchanged) and the export. The app runs in process behind an ASGI
client, so the figures are the API's own work (parsing, validation, database, audit log)
without network.

    .venv/bin/python -m bench.import_employees                       # SQLite and PostgreSQL
    .venv/bin/python -m bench.import_employees --db sqlite --rows 2000
    KINERJA_BENCH_PG_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m bench.import_employees --db postgresql

PostgreSQL: ``KINERJA_BENCH_PG_URL`` (default above) names a server database the script can
connect to; it creates ``kinerja_bench_import_<pid>`` next to it and drops it afterwards.
Nothing is asserted: the figures are for reading (and for ``bench/IMPORT.md``).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import random
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from kinerja_api.auth.models import AuthSession, Role, User
from kinerja_api.cli import upgrade_database
from kinerja_api.core.audit import AuditLog
from kinerja_api.core.config import Settings
from kinerja_api.core.db import utcnow
from kinerja_api.core.security import create_access_token
from kinerja_api.main import create_app
from kinerja_api.organizations.imports.service import COLUMNS
from kinerja_api.organizations.models import (
    AgencyKind,
    Employee,
    EmployeePosition,
    Organization,
    TimeZone,
)
from kinerja_api.organizations.schemas import ImportKind

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
SEED = 20261125
PUSKESMAS = [
    "Talise",
    "Kamonji",
    "Birobuli",
    "Bulili",
    "Kawatuna",
    "Mabelopura",
    "Nosarara",
    "Pantoloan",
    "Sangurara",
    "Singgani",
    "Tipo",
    "Tawaeli",
    "Lere",
    "Marawola",
    "Donggala",
    "Kinovaro",
    "Mamboro",
    "Pengawu",
    "Baiya",
    "Tondo",
]
# (name, kind, level, jenjang, job class): the staff positions of every puskesmas
STAFF_POSITIONS = [
    ("Perawat Ahli Pertama", "fungsional", None, "ahli_pertama", 8),
    ("Perawat Terampil", "fungsional", None, "terampil", 6),
    ("Bidan Ahli Pertama", "fungsional", None, "ahli_pertama", 8),
    ("Bidan Terampil", "fungsional", None, "terampil", 6),
    ("Pranata Laboratorium Kesehatan Terampil", "fungsional", None, "terampil", 6),
    ("Nutrisionis Ahli Pertama", "fungsional", None, "ahli_pertama", 8),
    ("Pengadministrasi Umum", "pelaksana", None, None, 5),
    ("Pengelola Data", "pelaksana", None, None, 7),
]
FIRST = [
    *("Siti", "Andi", "Nurul", "Fadli", "Rahma", "Dewi", "Rizal"),
    *("Ayu", "Budi", "Indah", "Yusuf", "Maya", "Hendra", "Putri"),
]
LAST = [
    *("Lamato", "Rahman", "Pratama", "Saputra", "Lestari"),
    *("Hidayat", "Maulana", "Sari", "Mulyadi", "Huda"),
]
GOLONGAN = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d"]


@dataclass
class Step:
    name: str
    seconds: float  # wall clock
    cpu: float = 0.0  # CPU time of this process (the API's own work; not the database server)
    note: str = ""


def structure() -> tuple[list[list[object]], list[list[object]]]:
    """Units and positions of a large health office (CSV rows with their headers)."""
    units: list[list[object]] = [list(COLUMNS[ImportKind.UNITS])]
    positions: list[list[object]] = [list(COLUMNS[ImportKind.POSITIONS])]
    units.append(["DINKES", "Dinas Kesehatan Kota Palu", None])
    positions.append(
        ["DINKES", "Kepala Dinas", "struktural", "jpt_pratama", None, 14, None, None, "ya"]
    )
    for name in PUSKESMAS:
        code = f"PKM-{name.upper()}"
        units.append([code, f"UPTD Puskesmas {name}", "DINKES"])
        head = f"Kepala UPTD Puskesmas {name}"
        positions.append(
            [code, head, "struktural", "pengawas", None, 9, "DINKES", "Kepala Dinas", "ya"]
        )
        for pos_name, kind, level, jenjang, job_class in STAFF_POSITIONS:
            positions.append([code, pos_name, kind, level, jenjang, job_class, code, head, "tidak"])
    return units, positions


def employees_workbook(rows: int) -> bytes:
    """A deterministic XLSX of ``rows`` employees, each with a definitive staff position."""
    rng = random.Random(SEED)  # noqa: S311 - test data, not secrets
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("pegawai")
    sheet.append(list(COLUMNS[ImportKind.EMPLOYEES]))
    for i in range(rows):
        born = date(1970, 1, 1) + timedelta(days=i // 999 * 37 + rng.randrange(30))
        appointed = date(born.year + 22 + rng.randrange(8), 1 + rng.randrange(12), 1)
        sex = 1 + rng.randrange(2)
        nip = f"{born:%Y%m%d}{appointed:%Y%m}{sex}{i % 999 + 1:03d}"
        unit = f"PKM-{PUSKESMAS[i % len(PUSKESMAS)].upper()}"
        position = STAFF_POSITIONS[rng.randrange(len(STAFF_POSITIONS))][0]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        sheet.append(
            [
                nip,
                name,
                rng.choice(GOLONGAN),
                "active",
                f"pegawai{i:05d}@dinkes.palukota.go.id",
                f"+62 81{rng.randrange(10**9):09d}",
                unit,
                position,
                date(2024, 1, 2) + timedelta(days=rng.randrange(365)),
                f"800/{i + 1}/BKPSDM/2024",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in r] for r in rows])
    return out.getvalue().encode()


@asynccontextmanager
async def fresh_database(kind: str) -> AsyncIterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench-import.db'}"
        return
    server = os.environ.get("KINERJA_BENCH_PG_URL", DEFAULT_PG)
    name = f"kinerja_bench_import_{os.getpid()}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def timed(
    steps: list[Step], name: str, call: Callable[[], Coroutine[Any, Any, httpx.Response]]
) -> httpx.Response:
    started, cpu = time.perf_counter(), time.process_time()
    response = await call()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != 200:
        raise SystemExit(f"{name}: HTTP {response.status_code}: {response.text[:2000]}")
    note = ""
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        note = ", ".join(
            f"{k} {body[k]}" for k in ("created", "updated", "unchanged", "assignments_created")
        )
    else:
        note = f"{len(response.content):,} bytes"
    steps.append(Step(name, elapsed, cpu, note))
    return response


async def run(kind: str, rows: int, workbook: bytes) -> list[Step]:
    steps: list[Step] = []
    async with fresh_database(kind) as url:
        settings = Settings(
            environment="test",
            database_url=url,
            secret_key=secrets.token_urlsafe(48),
            log_level="WARNING",
            import_max_rows=max(rows, 20_000),
        )
        started = time.perf_counter()
        await asyncio.to_thread(upgrade_database, settings)
        steps.append(Step("migrate a fresh database", time.perf_counter() - started))
        app = create_app(settings)
        org_id, headers = await _admin(app, settings)
        units, positions = structure()
        base = f"/api/v1/organizations/{org_id}"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as c:

            def upload(what: str, data: bytes, name: str, dry_run: bool = False) -> Any:
                return lambda: c.post(
                    f"{base}/imports/{what}",
                    headers=headers,
                    params={"dry_run": str(dry_run).lower()},
                    files={"file": (name, data, "application/octet-stream")},
                    timeout=600,
                )

            await timed(steps, "import units (CSV)", upload("units", csv_bytes(units), "u.csv"))
            await timed(
                steps, "import positions (CSV)", upload("positions", csv_bytes(positions), "p.csv")
            )
            xlsx = "pegawai.xlsx"
            dry_run = upload("employees", workbook, xlsx, True)
            await timed(steps, f"dry run, {rows:,} employees", dry_run)
            await timed(steps, f"import {rows:,} employees", upload("employees", workbook, xlsx))
            await timed(steps, "same file again (unchanged)", upload("employees", workbook, xlsx))
            await timed(
                steps,
                "export employees (XLSX)",
                lambda: c.get(f"{base}/exports/employees", headers=headers, timeout=600),
            )
        async with app.state.sessionmaker() as s:
            counted = {
                "employees": await s.scalar(select(func.count()).select_from(Employee)),
                "assignments": await s.scalar(select(func.count()).select_from(EmployeePosition)),
                "audit rows": await s.scalar(select(func.count()).select_from(AuditLog)),
            }
        note = ", ".join(f"{k} {v}" for k, v in counted.items())
        steps.append(Step("rows in the database", 0.0, 0.0, note))
        await app.state.engine.dispose()
    return steps


async def _admin(app: Any, settings: Settings) -> tuple[uuid.UUID, dict[str, str]]:
    """An organization and a signed-in admin (rows written directly, as the test factory)."""
    async with app.state.sessionmaker() as s:
        org = Organization(
            code="DINKES-PALU",
            name="Dinas Kesehatan Kota Palu",
            kind=AgencyKind.PERANGKAT_DAERAH,
            region="Kota Palu, Sulawesi Tengah",
            timezone=TimeZone.WITA,
            settings={},
        )
        s.add(org)
        await s.flush()
        user = User(
            organization_id=org.id,
            username="admin.dinkes",
            full_name="Admin Dinkes",
            role=Role.ADMIN,
            password_hash="!bench",  # noqa: S106 - not a hash: no password sign-in
        )
        s.add(user)
        await s.flush()
        session = AuthSession(
            id=uuid.uuid4(),
            user_id=user.id,
            created_at=utcnow(),
            expires_at=utcnow() + timedelta(hours=2),
        )
        s.add(session)
        await s.commit()
        token, _ = create_access_token(settings, user_id=user.id, session_id=session.id)
        return org.id, {"Authorization": f"Bearer {token}"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    workbook = employees_workbook(args.rows)
    generated = time.perf_counter() - started
    print(f"# Bulk import of {args.rows:,} employees (XLSX, {len(workbook):,} bytes)")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}; "
        f"workbook generated in {generated:.2f} s"
    )
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        steps = asyncio.run(run(kind, args.rows, workbook))
        print(f"\n## {kind}\n")
        print("| step | wall s | API CPU s | result |")
        print("|---|---:|---:|---|")
        for step in steps:
            wall = f"{step.seconds:.2f}" if step.seconds else ""
            cpu = f"{step.cpu:.2f}" if step.cpu else ""
            print(f"| {step.name} | {wall} | {cpu} | {step.note} |")


if __name__ == "__main__":
    main()
