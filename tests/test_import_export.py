"""Bulk import (CSV/XLSX) of units, positions and employees, templates and exports.

Stories through the HTTP API: every error of a file is reported with its row and column and
nothing is written; dry runs; all or nothing; re-import updates; round trips; limits; the
permission and tenant matrix.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Factory, Palu, World, assert_problem, base_settings, make_nip
from kinerja_api.core.audit import AuditLog
from kinerja_api.core.tabular import TableFormat, read_rows, validate_rows
from kinerja_api.organizations.imports import service as imports
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeePosition,
    EmployeeStatus,
    Organization,
    Position,
    PositionKind,
    Unit,
)
from kinerja_api.organizations.rules import nodes_in_cycles
from kinerja_api.organizations.schemas import (
    AssignmentCreate,
    EmployeeCreate,
    ImportKind,
    PositionCreate,
    UnitCreate,
)

Rows = Sequence[Sequence[object]]
EMPLOYEE_HEADER: list[object] = list(imports.COLUMNS[ImportKind.EMPLOYEES])
POSITION_HEADER: list[object] = list(imports.COLUMNS[ImportKind.POSITIONS])


# ---- helpers -------------------------------------------------------------------------------


def csv_file(rows: Rows, *, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def xlsx_file(rows: Rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table(data: bytes) -> list[list[Any]]:
    """Header and rows of a downloaded CSV or XLSX, as the import reads them."""
    if data[:2] == b"PK":
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    return [list(r) for r in csv.reader(io.StringIO(data.decode("utf-8-sig")))]


def url(org: Organization | uuid.UUID, kind: str, what: str = "imports") -> str:
    org_id = org.id if isinstance(org, Organization) else org
    return f"/api/v1/organizations/{org_id}/{what}/{kind}"


async def upload(
    client: httpx.AsyncClient,
    org: Organization,
    kind: str,
    data: bytes,
    headers: dict[str, str],
    *,
    dry_run: bool = False,
    filename: str = "data.csv",
) -> httpx.Response:
    return await client.post(
        url(org, kind),
        headers=headers,
        params={"dry_run": str(dry_run).lower()},
        files={"file": (filename, data, "application/octet-stream")},
    )


def ok(response: httpx.Response, **counts: int) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    for key, value in counts.items():
        assert body[key] == value, (key, body)
    return body


def row_errors(response: httpx.Response) -> set[tuple[int, str, str]]:
    body = assert_problem(response, 422, "import_invalid")
    assert body["error_count"] == len(body["errors"])
    assert all(e["location"] == "file" for e in body["errors"])
    return {(e["row"], e["field"], e["type"]) for e in body["errors"]}


async def count(sessionmaker: async_sessionmaker[AsyncSession], model: Any) -> int:
    async with sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def snapshot(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    models = (Unit, Position, Employee, EmployeePosition, AuditLog)
    return {m.__tablename__: await count(sessionmaker, m) for m in models}


def employee_row(
    nip: str,
    name: str,
    *,
    unit: str | None = None,
    position: str | None = None,
    start: object = None,
    golongan: str | None = "III/a",
    status: str | None = "active",
    email: str | None = None,
    phone: str | None = None,
    decree: str | None = None,
) -> list[object]:
    return [nip, name, golongan, status, email, phone, unit, position, start, decree]


# ---- units ---------------------------------------------------------------------------------


async def test_units_may_name_parents_that_come_later_in_the_file(
    client: httpx.AsyncClient, world: World
) -> None:
    data = csv_file(
        [
            ["code", "name", "parent_code"],
            ["SURV-IMUN", "Seksi Surveilans dan Imunisasi", "P2P"],
            ["P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES"],
            ["PKM-TALISE", "UPTD Puskesmas Talise", "dinkes"],  # codes are upper case
            ["SEKRE", "Sekretariat", "DINKES"],
        ]
    )
    ok(
        await upload(client, world.org, "units", data, world.admin.headers),
        rows=4,
        created=4,
        updated=0,
        unchanged=0,
        dry_run=False,
    )
    r = await client.get(
        f"/api/v1/organizations/{world.org.id}/units",
        headers=world.admin.headers,
        params={"limit": 50},
    )
    units = {u["code"]: u for u in r.json()["items"]}
    assert units["SURV-IMUN"]["parent_id"] == units["P2P"]["id"]
    assert units["P2P"]["parent_id"] == units["PKM-TALISE"]["parent_id"] == str(world.root_unit.id)
    # Importing the same file again changes nothing.
    ok(await upload(client, world.org, "units", data, world.admin.headers), unchanged=4)


async def test_a_cycle_in_the_file_is_reported_on_each_unit_of_the_loop(
    client: httpx.AsyncClient, world: World, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    before = await snapshot(sessionmaker)
    data = csv_file(
        [
            ["code", "name", "parent_code"],
            ["A", "Unit A", "B"],
            ["B", "Unit B", "C"],
            ["C", "Unit C", "A"],
            ["D", "Unit D di bawah lingkaran", "A"],
            ["E", "Unit E induk dirinya", "E"],
            ["F", "Unit F baik", "DINKES"],
        ]
    )
    errors = row_errors(await upload(client, world.org, "units", data, world.admin.headers))
    assert errors == {
        (2, "parent_code", "unit_cycle"),
        (3, "parent_code", "unit_cycle"),
        (4, "parent_code", "unit_cycle"),
        (6, "parent_code", "unit_cycle"),
    }
    # Moving an existing unit under a unit of the file that sits below it is a loop too.
    data = csv_file(
        [["code", "name", "parent_code"], ["DINKES", "Dinas", "X"], ["X", "Unit X", "DINKES"]]
    )
    errors = row_errors(await upload(client, world.org, "units", data, world.admin.headers))
    assert errors == {(2, "parent_code", "unit_cycle"), (3, "parent_code", "unit_cycle")}
    assert await snapshot(sessionmaker) == before


async def test_unit_rows_obey_the_api_rules(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    await factory.unit(world.org, world.root_unit, code="LAMA", name="Unit lama", is_active=False)
    await factory.unit(world.org, world.root_unit, code="TUTUP", name="Unit tutup", is_active=False)
    data = csv_file(
        [
            ["code", "name", "parent_code"],
            ["ok kecil", "Kode berspasi", "DINKES"],  # the API's code pattern
            ["B1", "B", "DINKES"],  # name too short
            ["B2", "Induk tak dikenal", "TIDAK-ADA"],
            ["B3", "Induk nonaktif", "TUTUP"],
            ["LAMA", "Unit lama diaktifkan?", None],
            ["B2", "Kode kembar", "DINKES"],
            ["B4", "Induk bermasalah", "ok kecil"],  # the parent's row has its own error
        ]
    )
    errors = row_errors(await upload(client, world.org, "units", data, world.admin.headers))
    assert errors == {
        (2, "code", "string_pattern_mismatch"),
        (3, "name", "string_too_short"),
        (4, "parent_code", "parent_not_found"),
        (5, "parent_code", "parent_inactive"),
        (6, "code", "unit_inactive"),
        (7, "code", "duplicate_in_file"),
    }


async def test_reimport_updates_names_and_moves_units(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    data = csv_file(
        [
            ["code", "name", "parent_code"],
            ["P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES"],  # renamed
            ["SURV-IMUN", "Seksi Surveilans dan Imunisasi", "DINKES"],  # moved up
            ["PKM-TALISE", "UPTD Puskesmas Talise Kota Palu", "DINKES"],  # renamed
        ]
    )
    ok(
        await upload(client, palu.org, "units", data, palu.admin.headers),
        created=0,
        updated=3,
        unchanged=0,
    )
    async with sessionmaker() as s:
        surv = await s.get(Unit, palu.surv.id)
        assert surv is not None
        assert (surv.parent_id, surv.version) == (palu.dinkes.id, 3)  # 2: its head was set
        entry = await s.scalar(
            select(AuditLog)
            .where(
                AuditLog.entity_type == "units",
                AuditLog.entity_id == str(palu.surv.id),
                AuditLog.action == "update",
            )
            .order_by(AuditLog.id.desc())
            .limit(1)
        )
        assert entry is not None
        assert entry.before == {"parent_id": str(palu.p2p.id), "version": 2}
        assert entry.reason == "bulk import of units from data.csv"
        assert entry.actor_user_id == palu.admin.id
    # Without the parent_code column, parents stay as they are.
    data = csv_file([["code", "name"], ["SURV-IMUN", "Seksi Surveilans dan Imunisasi"]])
    ok(await upload(client, palu.org, "units", data, palu.admin.headers), unchanged=1)


async def test_bulk_inserts_are_audited_like_single_ones(
    client: httpx.AsyncClient, world: World, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    r = await client.post(
        f"/api/v1/organizations/{world.org.id}/units",
        headers={**world.admin.headers, "X-Request-ID": "satu"},
        json={"code": "SATU", "name": "Unit satu", "parent_id": str(world.root_unit.id)},
    )
    assert r.status_code == 201, r.text
    data = csv_file([["code", "name", "parent_code"], ["DUA", "Unit dua", "DINKES"]])
    r = await client.post(
        url(world.org, "units"),
        headers={**world.admin.headers, "X-Request-ID": "dua"},
        files={"file": ("unit.csv", data, "text/csv")},
    )
    ok(r, created=1)
    async with sessionmaker() as s:
        entries = {
            e.request_id: e
            for e in await s.scalars(select(AuditLog).where(AuditLog.entity_type == "units"))
            if e.request_id in ("satu", "dua")
        }
        units = {u.code: u for u in await s.scalars(select(Unit))}
    single, bulk = entries["satu"], entries["dua"]
    assert (bulk.action, bulk.entity_id, bulk.before) == ("insert", str(units["DUA"].id), None)
    assert (bulk.organization_id, bulk.actor_user_id) == (world.org.id, world.admin.id)
    assert (single.reason, bulk.reason) == (None, "bulk import of units from unit.csv")
    assert single.after is not None
    assert bulk.after is not None
    assert set(bulk.after) == set(single.after)
    assert {k: v for k, v in bulk.after.items() if k not in ("id", "code", "name")} == {
        **{k: v for k, v in single.after.items() if k not in ("id", "code", "name")},
        "created_at": bulk.after["created_at"],
        "updated_at": bulk.after["updated_at"],
    }
    assert bulk.after["created_at"] == units["DUA"].created_at.isoformat()


# ---- positions ------------------------------------------------------------------------------


def position_row(
    unit: str,
    name: str,
    kind: str,
    job_class: object,
    *,
    level: str | None = None,
    jenjang: str | None = None,
    superior: tuple[str | None, str | None] = (None, None),
    head: str | None = None,
) -> list[object]:
    return [unit, name, kind, level, jenjang, job_class, *superior, head]


async def test_positions_from_csv_with_semicolons_and_bom(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    pkm = "PKM-TALISE"
    data = csv_file(
        [
            POSITION_HEADER,
            # The superior comes later in the file; enum cells as people write them.
            position_row(
                pkm,
                "Bidan Ahli Pertama",
                "Fungsional",
                8,
                jenjang="Ahli Pertama",
                superior=(pkm, "Kepala Subbagian Tata Usaha"),
                head="tidak",
            ),
            position_row(
                pkm,
                "Kepala Subbagian Tata Usaha",
                "struktural",
                9,
                level="pengawas",
                superior=(pkm, "Kepala Puskesmas Talise"),
            ),
            position_row(
                "SURV-IMUN", "Epidemiolog Kesehatan", "fungsional", 9, jenjang="ahli_muda"
            ),
        ],
        delimiter=";",
        bom=True,
    )
    ok(await upload(client, palu.org, "positions", data, palu.admin.headers), rows=3, created=3)
    async with sessionmaker() as s:
        rows = {p.name: p for p in await s.scalars(select(Position))}
        pkm_unit = await s.get(Unit, palu.pkm.id)
    assert rows["Bidan Ahli Pertama"].superior_id == rows["Kepala Subbagian Tata Usaha"].id
    assert rows["Kepala Subbagian Tata Usaha"].superior_id == palu.kapus_pos.id
    assert rows["Epidemiolog Kesehatan"].superior_id is None
    assert rows["Bidan Ahli Pertama"].jenjang == "ahli_pertama"
    assert pkm_unit is not None
    assert pkm_unit.head_position_id == palu.kapus_pos.id  # "tidak" on another position


async def test_position_rows_obey_the_api_rules(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await factory.position(palu.org, palu.pkm, name="Sanitarian", is_active=False)
    await factory.position(palu.org, palu.pkm, name="Pengemudi")
    await factory.position(palu.org, palu.pkm, name="Pengemudi")  # two with one name
    before = await snapshot(sessionmaker)
    pkm, p = "PKM-TALISE", "pelaksana"
    data = csv_file(
        [
            POSITION_HEADER,
            position_row(pkm, "Kepala Tata Usaha", "struktural", 9),
            position_row(
                pkm, "Perawat Terampil", "fungsional", 7, level="pengawas", jenjang="terampil"
            ),
            position_row("TIDAK-ADA", "Analis", p, 7),
            position_row(pkm, "Analis", p, 18),
            position_row(pkm, "Pengemudi", p, 5),
            position_row(pkm, "Pranata", p, 5, superior=(pkm, "Sanitarian")),
            position_row(pkm, "Pengadministrasi", p, 5, superior=(pkm, None)),
            position_row(pkm, "Petugas A", p, 5, superior=(pkm, "Petugas B"), head="ya"),
            position_row(pkm, "Petugas B", p, 5, superior=(pkm, "Petugas A"), head="ya"),
            position_row(pkm, "Petugas C", p, 5, superior=(pkm, "Tak Ada")),
            position_row(pkm, "Petugas A", p, 5),
        ]
    )
    errors = row_errors(await upload(client, palu.org, "positions", data, palu.admin.headers))
    assert errors == {
        (2, "level", "level_required"),
        (3, "level", "level_not_allowed"),
        (4, "unit_code", "unit_not_found"),
        (5, "job_class", "less_than_equal"),
        (6, "name", "position_ambiguous"),
        (7, "superior_name", "superior_inactive"),
        (8, "superior_name", "superior_incomplete"),
        (9, "superior_name", "position_cycle"),
        (10, "superior_name", "position_cycle"),
        (10, "is_head", "unit_head_twice"),
        (11, "superior_name", "superior_not_found"),
        (12, "name", "duplicate_in_file"),
    }
    assert await snapshot(sessionmaker) == before


async def test_reimported_positions_update_kind_superior_and_unit_head(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # Two nurses hold the functional position: it cannot become structural (as the API).
    await factory.person(palu.org, palu.perawat_pos, name="Perawat Kedua")
    data = csv_file(
        [
            POSITION_HEADER,
            position_row(
                "PKM-TALISE",
                "Perawat Ahli Pertama",
                "struktural",
                9,
                level="pengawas",
                superior=("PKM-TALISE", "Kepala Puskesmas Talise"),
            ),
        ]
    )
    errors = row_errors(await upload(client, palu.org, "positions", data, palu.admin.headers))
    assert errors == {(2, "kind", "position_occupied")}

    surv = "SURV-IMUN"
    data = csv_file(
        [
            POSITION_HEADER,
            # job class and superior change
            position_row(
                "PKM-TALISE",
                "Perawat Ahli Pertama",
                "fungsional",
                9,
                jenjang="ahli_pertama",
                superior=("DINKES", "Kepala Dinas"),
            ),
            # the unit's head moves from the Kepala Seksi to the Pengelola
            position_row(
                surv,
                "Pengelola Data Surveilans",
                "pelaksana",
                7,
                superior=(surv, "Kepala Seksi Surveilans"),
                head="ya",
            ),
            position_row(
                surv,
                "Kepala Seksi Surveilans",
                "struktural",
                9,
                level="pengawas",
                superior=("P2P", "Kepala Bidang P2P"),
                head="tidak",
            ),
        ]
    )
    ok(
        await upload(client, palu.org, "positions", data, palu.admin.headers),
        created=0,
        updated=3,
        unchanged=0,
    )
    async with sessionmaker() as s:
        perawat = await s.get(Position, palu.perawat_pos.id)
        surv_unit = await s.get(Unit, palu.surv.id)
    assert perawat is not None
    assert surv_unit is not None
    assert (perawat.job_class, perawat.superior_id) == (9, palu.kadis_pos.id)
    assert surv_unit.head_position_id == palu.pengelola_pos.id
    ok(await upload(client, palu.org, "positions", data, palu.admin.headers), unchanged=3)
    # Without the level/jenjang/superior columns the stored values stay.
    data = csv_file(
        [
            ["unit_code", "name", "kind", "job_class"],
            ["PKM-TALISE", "Perawat Ahli Pertama", "fungsional", 10],
        ]
    )
    ok(await upload(client, palu.org, "positions", data, palu.admin.headers), updated=1)
    async with sessionmaker() as s:
        perawat = await s.get(Position, palu.perawat_pos.id)
    assert perawat is not None
    assert (perawat.job_class, perawat.jenjang, perawat.superior_id) == (
        10,
        "ahli_pertama",
        palu.kadis_pos.id,
    )


# ---- employees ------------------------------------------------------------------------------


async def test_mixed_rows_list_every_error_and_write_nothing(
    client: httpx.AsyncClient,
    palu: Palu,
    world: World,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    elsewhere = await factory.employee(world.other_org, nip="199001012015031001")
    before = await snapshot(sessionmaker)
    pkm, perawat = "PKM-TALISE", "Perawat Ahli Pertama"
    rows = [
        EMPLOYEE_HEADER,
        employee_row(
            "199801012022032001", "Nurul Huda", unit=pkm, position=perawat, start="2022-03-01"
        ),
        employee_row("19980101202203200", "NIP pendek"),
        employee_row("199813012022032001", "Lahir bulan 13"),
        employee_row("199801022022032002", "Email salah", email="bukan-email"),
        employee_row("199801032022032003", "Golongan salah", golongan="V/a"),
        employee_row(
            "199801042022032004", "Jabatan tak ada", unit=pkm, position="Dokter", start="2022-03-01"
        ),
        employee_row("199801052022032005", "Tanpa TMT", unit=pkm, position=perawat),
        employee_row("199801012022032001", "NIP kembar"),
        employee_row(elsewhere.nip, "Terdaftar di Tebo"),
        employee_row(
            "199801062022032006",
            "Pensiun berjabatan",
            unit=pkm,
            position=perawat,
            start="2022-03-01",
            status="pensiun",
        ),
        employee_row(
            "199801072022032007", "Tanggal salah", unit=pkm, position=perawat, start="31/02/2022"
        ),
        employee_row("199801082022032008", "Status salah", status="libur"),
        employee_row("199801092022032009", "Hanya unit", unit=pkm),
        employee_row("199801102022032010", "SK tanpa jabatan", decree="800/1/2022"),
        employee_row("199801112022032011", "Telepon salah", phone="telepon"),
    ]
    r = await upload(client, palu.org, "employees", csv_file(rows), palu.admin.headers)
    assert row_errors(r) == {
        (3, "nip", "nip_length"),
        (4, "nip", "nip_birth_date"),
        (5, "email", "value_error"),
        (6, "golongan", "golongan_invalid"),
        (7, "position_name", "position_not_found"),
        (8, "start_date", "start_date_required"),
        (9, "nip", "duplicate_in_file"),
        (10, "nip", "employee_nip_taken"),
        (11, "status", "employee_not_serving"),
        (12, "start_date", "date_from_datetime_parsing"),
        (13, "status", "enum"),
        (14, "position_name", "position_incomplete"),
        (15, "decree_number", "position_required"),
        (16, "phone", "string_pattern_mismatch"),
    }
    body = r.json()
    assert body["detail"].startswith("Berkas berisi 14 kesalahan")
    messages = {(e["row"], e["field"]): e["message"] for e in body["errors"]}
    assert messages[(3, "nip")] == "NIP harus 18 digit (sekarang 17)"
    assert messages[(9, "nip")] == "NIP sama dengan baris 2"
    assert messages[(16, "phone")].startswith("Format tidak sesuai: nomor telepon: angka")
    # The NIP of Tebo's employee is "already registered", never "in another organization";
    # that answer is audited (the one row written, see tests/test_nip_answers.py).
    assert messages[(10, "nip")] == f"NIP {elsewhere.nip} sudah terdaftar"
    assert await snapshot(sessionmaker) == {**before, "audit_log": before["audit_log"] + 1}

    english = await client.post(
        url(palu.org, "employees"),
        headers={**palu.admin.headers, "Accept-Language": "en"},
        files={"file": ("pegawai.csv", csv_file(rows), "text/csv")},
    )
    body = assert_problem(english, 422, "import_invalid")
    messages = {(e["row"], e["field"]): e["message"] for e in body["errors"]}
    assert messages[(3, "nip")] == "NIP must have 18 digits (got 17)"
    assert messages[(9, "nip")] == "The NIP duplicates row 2"
    assert messages[(7, "position_name")] == (
        "Position Dokter in unit PKM-TALISE does not exist in this organization"
    )
    assert body["detail"].startswith("The file has 14 errors; nothing was saved.")
    assert messages[(16, "phone")].startswith("Invalid format: a phone number: digits")


async def test_dry_run_counts_without_writing(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    pkm, perawat = "PKM-TALISE", "Perawat Ahli Pertama"
    rows = [
        EMPLOYEE_HEADER,
        employee_row(
            "199801012022032001",
            "Nurul Huda, A.Md.Kep",
            unit=pkm,
            position=perawat,
            start="01/03/2022",
            email="Nurul.Huda@Dinkes.PaluKota.go.id",
            phone="+62 812 1111 2222",
            decree="800/112/BKPSDM/2022",
        ),
        employee_row("199902022023031002", "Rizal Saputra", golongan="Pengatur / II.c"),
        # Siti's golongan rises (kenaikan pangkat); her assignment is already recorded.
        employee_row(
            "199504102019032011",
            "Siti Rahma",
            golongan="III/b",
            unit=pkm,
            position=perawat,
            start=date(2020, 1, 1).isoformat(),
        ),
        employee_row("199607182020121003", "Andi Pratama", golongan=None),
    ]
    data = csv_file(rows)
    before = await snapshot(sessionmaker)
    expected = {"rows": 4, "created": 2, "updated": 1, "unchanged": 1, "assignments_created": 1}
    ok(
        await upload(client, palu.org, "employees", data, palu.admin.headers, dry_run=True),
        dry_run=True,
        **expected,
    )
    assert await snapshot(sessionmaker) == before
    ok(await upload(client, palu.org, "employees", data, palu.admin.headers), **expected)
    after = await snapshot(sessionmaker)
    assert after["employees"] == before["employees"] + 2
    assert after["employee_positions"] == before["employee_positions"] + 1
    # one audit row per insert and update: 2 employees, 1 assignment, Siti's golongan
    assert after["audit_log"] == before["audit_log"] + 4
    async with sessionmaker() as s:
        people = {e.nip: e for e in await s.scalars(select(Employee))}
        nurul = people["199801012022032001"]
        held = await s.scalar(
            select(EmployeePosition).where(EmployeePosition.employee_id == nurul.id)
        )
    assert (nurul.email, nurul.golongan, nurul.status) == (
        "nurul.huda@dinkes.palukota.go.id",
        "III/a",
        EmployeeStatus.ACTIVE,
    )
    assert people["199902022023031002"].golongan == "II/c"
    assert people["199504102019032011"].golongan == "III/b"
    assert held is not None
    assert (held.position_id, held.kind, held.start_date, held.decree_number) == (
        palu.perawat_pos.id,
        AssignmentKind.DEFINITIVE,
        date(2022, 3, 1),
        "800/112/BKPSDM/2022",
    )
    ok(await upload(client, palu.org, "employees", data, palu.admin.headers), unchanged=4)
    # A corrected decree number of a recorded assignment is an update of that assignment.
    rows[1][9] = "800/113/BKPSDM/2022"
    ok(
        await upload(client, palu.org, "employees", csv_file(rows), palu.admin.headers),
        updated=1,
        unchanged=3,
        assignments_created=0,
    )
    async with sessionmaker() as s:
        held = await s.scalar(
            select(EmployeePosition).where(EmployeePosition.employee_id == nurul.id)
        )
    assert held is not None
    assert (held.decree_number, held.version) == ("800/113/BKPSDM/2022", 2)


async def test_employee_rows_obey_the_assignment_rules(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    rows = [
        EMPLOYEE_HEADER,
        # Andi holds the Pengelola position definitively: no second definitive position.
        employee_row(
            "199607182020121003",
            "Andi Pratama",
            unit="PKM-TALISE",
            position="Perawat Ahli Pertama",
            start="2024-01-02",
        ),
        # The Kepala Puskesmas is held: a structural position has one definitive holder ...
        employee_row(
            "198303152009031002",
            "Kepala Baru",
            unit="PKM-TALISE",
            position="Kepala Puskesmas Talise",
            start="2024-01-02",
        ),
        # ... also between two rows of the file (the vacant Kepala Seksi).
        employee_row(
            "198401012010011001",
            "Calon Kasi A",
            unit="SURV-IMUN",
            position="Kepala Seksi Surveilans",
            start="2024-01-02",
        ),
        employee_row(
            "198401022010011002",
            "Calon Kasi B",
            unit="SURV-IMUN",
            position="Kepala Seksi Surveilans",
            start="2025-01-02",
        ),
        # Siti retires while she still holds her position.
        employee_row("199504102019032011", "Siti Rahma", status="retired"),
        # The Kabid's own position again, from another date: she holds it then already.
        employee_row(
            "197808222005012007",
            "dr. Nurhaya Lamato",
            unit="P2P",
            position="Kepala Bidang P2P",
            start="2023-01-02",
        ),
    ]
    r = await upload(client, palu.org, "employees", csv_file(rows), palu.admin.headers)
    assert row_errors(r) == {
        (2, "start_date", "definitive_position_overlap"),
        (3, "position_name", "position_occupied"),
        (5, "position_name", "position_occupied"),
        (6, "status", "employee_has_assignments"),
        (7, "position_name", "assignment_duplicate"),
    }


async def test_all_or_nothing_when_the_database_refuses_a_row(
    client: httpx.AsyncClient,
    palu: Palu,
    world: World,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A conflict only the database sees (here: the NIP check is blinded, as if another
    request registered the NIP meanwhile) rolls every row of the import back."""
    taken = await factory.employee(world.other_org, nip="199001012015031001")

    async def blind(session: AsyncSession, nips: Sequence[str]) -> dict[str, Employee]:
        return {}

    monkeypatch.setattr(imports, "_employees_by_nip", blind)
    before = await snapshot(sessionmaker)
    rows = [EMPLOYEE_HEADER] + [
        employee_row(make_nip(i, born="19900202", appointed="201503"), f"Pegawai {i}")
        for i in range(1, 40)
    ]
    rows.append(employee_row(taken.nip, "NIP yang sudah dipakai"))
    r = await upload(client, palu.org, "employees", csv_file(rows), palu.admin.headers)
    assert_problem(r, 409, "integrity_conflict")
    assert await snapshot(sessionmaker) == before


async def test_xlsx_with_text_nips_date_cells_and_numbers(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    rows: list[list[object]] = [
        EMPLOYEE_HEADER,
        employee_row(
            "199801012022032001",
            "Nurul Huda",
            unit="PKM-TALISE",
            position="Perawat Ahli Pertama",
            start=date(2022, 3, 1),
        ),
        employee_row(
            "19980202 202203 2 002",
            "Dewi Lestari",
            unit="SURV-IMUN",
            position="Pengelola Data Surveilans",
            start="02/03/2022",
            status="Cuti",
        ),
    ]
    data = xlsx_file(rows)
    ok(
        await upload(client, palu.org, "employees", data, palu.admin.headers, filename="x.bin"),
        created=2,
        assignments_created=2,
    )
    async with sessionmaker() as s:
        dewi = await s.scalar(select(Employee).where(Employee.nip == "199802022022032002"))
        assert dewi is not None
        assert dewi.status is EmployeeStatus.LEAVE
        start = await s.scalar(
            select(EmployeePosition.start_date).where(EmployeePosition.employee_id == dewi.id)
        )
    assert start == date(2022, 3, 2)
    # job_class as an XLSX number, unit code in lower case
    data = xlsx_file(
        [POSITION_HEADER, ["pkm-talise", "Nutrisionis", "fungsional", None, "terampil", 6.0]]
    )
    ok(await upload(client, palu.org, "positions", data, palu.admin.headers), created=1)


async def test_a_thousand_employees_in_one_file(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Any,
) -> None:
    rows: list[list[object]] = [EMPLOYEE_HEADER]
    for i in range(1000):
        nip = make_nip(i % 999 + 1, born=f"19{80 + i // 999}0101", appointed="201001")
        rows.append(
            employee_row(
                nip,
                f"Perawat {i:04d}",
                unit="PKM-TALISE",
                position="Perawat Ahli Pertama",
                start="2024-01-02",
                email=f"perawat{i}@dinkes.palukota.go.id",
            )
        )
    data = xlsx_file(rows)
    queries = count_queries()
    ok(
        await upload(client, palu.org, "employees", data, palu.admin.headers, filename="p.xlsx"),
        rows=1000,
        created=1000,
        assignments_created=1000,
    )
    assert queries.count < 60  # a fixed number of statements, not one per row
    assert await count(sessionmaker, Employee) == 1000 + 5
    ok(
        await upload(client, palu.org, "employees", data, palu.admin.headers, dry_run=True),
        unchanged=1000,
    )


# ---- files and limits -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (b"", {(1, "file", "file_empty")}),
        (b"\x89PNG\r\n\x1a\n\x00\x00", {(1, "file", "file_not_utf8")}),
        (b"PK\x03\x04rusak", {(1, "file", "file_unreadable")}),
        (b"code;name\n", {(1, "file", "file_no_rows")}),
        (
            b"kode,nama\nA,Unit A\n",
            {
                (1, "kode", "unknown_column"),
                (1, "nama", "unknown_column"),
                (1, "code", "missing_column"),
                (1, "name", "missing_column"),
            },
        ),
        (b"code,name,name\nA,Unit A,Unit A\n", {(1, "name", "duplicate_column")}),
        (b"code,name\n" + b"A,Unit A\n" * 21, {(1, "file", "file_too_many_rows")}),
    ],
)
@pytest.mark.settings(import_max_rows=20)
async def test_unusable_files(
    world: World, client: httpx.AsyncClient, data: bytes, errors: set[tuple[int, str, str]]
) -> None:
    r = await upload(client, world.org, "units", data, world.admin.headers)
    assert row_errors(r) == errors


def _xlsx_with_rows(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.settings(import_max_rows=20)
async def test_every_row_and_cell_counts_toward_the_limits(
    world: World, client: httpx.AsyncClient
) -> None:
    """``test_unusable_files`` counted only rows with a value in a named column: a sheet of
    millions of rows with values only outside the header columns was read to the end
    (145 s of CPU for a 395 KB file). Now blank rows and stray cells count, and the first
    row or cell over the limit stops the reading."""
    stray = [["code", "name"]] + [[None, None, None, "x"] for _ in range(25)]
    r = await upload(client, world.org, "units", _xlsx_with_rows(stray), world.admin.headers)
    assert row_errors(r) == {(1, "file", "file_too_many_rows")}
    wide = [["code", "name"], ["A", "Unit A", *["x"] * 2000]]
    r = await upload(client, world.org, "units", _xlsx_with_rows(wide), world.admin.headers)
    assert row_errors(r) == {(1, "file", "file_too_many_cells")}
    csv_blank = b"code,name\n" + b",,,x\n" * 25
    r = await upload(client, world.org, "units", csv_blank, world.admin.headers)
    assert row_errors(r) == {(1, "file", "file_too_many_rows")}


@pytest.mark.settings(import_max_bytes=64 * 1024, max_body_bytes=4096)
async def test_oversized_files_are_413_and_uploads_have_their_own_limit(
    world: World, app: Any, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    rows = [["code", "name", "parent_code"]] + [
        [f"U{i:05d}", f"Unit kerja nomor {i}", "DINKES"] for i in range(800)
    ]
    data = csv_file(rows)
    assert 4096 < len(data) < 64 * 1024
    before = await snapshot(sessionmaker)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ok(
            await upload(c, world.org, "units", data, world.admin.headers, dry_run=True),
            created=800,
        )
        big = data + b"\n" * (64 * 1024 - len(data) + 1)  # over the limit by one byte
        r = await upload(c, world.org, "units", big, world.admin.headers)
        body = assert_problem(r, 413, "payload_too_large")
        assert str(64 * 1024) in body["detail"]
        # far beyond it: refused from Content-Length before the body is read ...
        r = await upload(c, world.org, "units", data * 4, world.admin.headers)
        assert_problem(r, 413, "payload_too_large")

        # ... or, without Content-Length, while it streams in.
        async def chunks() -> Any:
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n'
            for _ in range(10):
                yield b"code,name\n" * 1600

        r = await c.post(
            url(world.org, "units"),
            headers={**world.admin.headers, "Content-Type": "multipart/form-data; boundary=b"},
            content=chunks(),
        )
        assert_problem(r, 413, "payload_too_large")
        # Other endpoints keep the general limit.
        r = await c.post(
            f"/api/v1/organizations/{world.org.id}/units",
            headers=world.admin.headers,
            json={"code": "X", "name": "x" * 5000},
        )
        assert_problem(r, 413, "payload_too_large")
    assert await snapshot(sessionmaker) == before


async def test_a_streamed_json_body_over_the_limit_is_413_not_malformed(
    client: httpx.AsyncClient, world: World
) -> None:
    async def body() -> Any:
        yield b'{"code": "X", "name": "'
        for _ in range(300):
            yield b"x" * 8192
        yield b'"}'

    r = await client.post(
        f"/api/v1/organizations/{world.org.id}/units",
        headers={**world.admin.headers, "Content-Type": "application/json"},
        content=body(),
    )
    body_ = assert_problem(r, 413, "payload_too_large")
    assert str(2 * 1024 * 1024) in body_["detail"]


# ---- templates and exports ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", list(ImportKind))
async def test_templates_parse_back(
    client: httpx.AsyncClient, world: World, kind: ImportKind, fmt: str
) -> None:
    r = await client.get(
        url(world.org, kind.value) + "/template",
        headers=world.admin.headers,
        params={"format": fmt},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"] == f'attachment; filename="template-{kind.value}.{fmt}"'
    assert r.headers["content-type"].startswith("text/csv" if fmt == "csv" else "application/vnd")
    header, rows = read_rows(r.content, TableFormat(fmt), max_rows=10)
    assert header == list(imports.COLUMNS[kind])
    valid, errors = validate_rows(rows, imports.ROW_MODELS[kind])
    assert errors == []
    assert len(valid) == len(imports.EXAMPLES[kind])
    text = " ".join(str(v) for _, row in rows for v in row.values())
    assert not {"PKM", "TALISE", "palukota"} & set(text.replace(".", " ").split())  # neutral
    if kind is ImportKind.EMPLOYEES:
        example = valid[0][1]
        assert isinstance(example, imports.EmployeeRow)
        assert (example.phone, example.start_date) == ("+62 812 3456 7890", date(2021, 1, 4))
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
        columns = imports.COLUMNS[kind]
        for cell in sheet[2]:
            name = columns[cell.column - 1]
            assert not (isinstance(cell.value, str) and cell.value.startswith("'")), cell.value
            if name in imports.TEXT_COLUMNS[kind]:
                assert cell.number_format == "@", name  # typed as text in the template
                letter = cell.column_letter
                assert sheet.column_dimensions[letter].number_format == "@", name
        if kind is ImportKind.EMPLOYEES:
            phone = sheet.cell(2, columns.index("phone") + 1)
            assert (phone.value, phone.quotePrefix) == ("+62 812 3456 7890", True)
            assert phone.data_type == "s"
    if kind is ImportKind.UNITS:  # self-contained: imports into any organization as it is
        r = await upload(client, world.org, "units", r.content, world.admin.headers, dry_run=True)
        ok(r, created=2)


async def test_numbers_in_identifier_columns_are_refused_with_how_to_fix(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """Excel keeps 15 significant digits: 199602142021011011 typed as a number is already
    199602142021011008 in the file. Before, the import answered 200 ``created`` with that
    wrong NIP; now every number in an identifier column is a row error and nothing is saved."""
    data = xlsx_file(
        [
            ["nip", "name", "phone"],
            [199602142021011011, "Angka Panjang", "0812 1"],
            ["199602142021011012", "Teks Benar", 81234567890],
            ["199602142021011013", "Baik", "0812 3"],
        ]
    )
    r = await upload(client, palu.org, "employees", data, palu.admin.headers, filename="p.xlsx")
    assert row_errors(r) == {(2, "nip", "number_not_text"), (3, "phone", "number_not_text")}
    messages = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert "199602142021011008" in messages["nip"]
    assert "Format Cells → Text" in messages["nip"]
    r = await upload(
        client,
        palu.org,
        "employees",
        data,
        {**palu.admin.headers, "Accept-Language": "en"},
        filename="p.xlsx",
    )
    assert "Format the column nip as Text" in r.json()["errors"][0]["message"]
    async with sessionmaker() as s:
        found = await s.scalar(select(func.count()).where(Employee.name == "Baik"))
    assert found == 0
    # Unit codes too (leading zeros): a numeric code cell is refused.
    data = xlsx_file([["code", "name"], [1001, "Bidang Angka"]])
    r = await upload(client, palu.org, "units", data, palu.admin.headers, filename="u.xlsx")
    assert row_errors(r) == {(2, "code", "number_not_text")}


async def test_export_imports_back_unchanged_and_edits_come_back_as_updates(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    for kind in ("units", "positions", "employees"):
        for fmt in ("csv", "xlsx"):
            r = await client.get(
                url(palu.org, kind, "exports"), headers=palu.admin.headers, params={"format": fmt}
            )
            assert r.status_code == 200, r.text
            disposition = r.headers["content-disposition"]
            assert disposition.startswith(f'attachment; filename="{kind}-DINKES-PALU-')
            assert disposition.endswith(f'.{fmt}"')
            rows = len(table(r.content)) - 1
            ok(
                await upload(client, palu.org, kind, r.content, palu.admin.headers),
                rows=rows,
                created=0,
                updated=0,
                unchanged=rows,
            )
    units = table(
        (
            await client.get(
                url(palu.org, "units", "exports"),
                headers=palu.admin.headers,
                params={"format": "csv"},
            )
        ).content
    )
    assert units[:3] == [
        ["code", "name", "parent_code"],
        ["DINKES", "Dinas Kesehatan", ""],
        units[2],
    ]
    assert [r[0] for r in units[1:]] == ["DINKES", "P2P", "PKM-TALISE", "SURV-IMUN"]

    employees = table(
        (
            await client.get(url(palu.org, "employees", "exports"), headers=palu.admin.headers)
        ).content
    )
    assert employees[0] == EMPLOYEE_HEADER
    siti = next(r for r in employees if r[0] == "199504102019032011")
    assert siti[6:9] == ["PKM-TALISE", "Perawat Ahli Pertama", datetime(2020, 1, 1)]  # a date cell
    siti[2] = "III/c"  # edited in the spreadsheet
    ok(
        await upload(client, palu.org, "employees", xlsx_file(employees), palu.admin.headers),
        updated=1,
    )

    # The structure exported from one organization loads into another (a new agency).
    for kind in ("units", "positions"):
        r = await client.get(url(palu.org, kind, "exports"), headers=palu.admin.headers)
        created = len(table(r.content)) - 1
        ok(
            await upload(client, world.other_org, kind, r.content, world.platform.headers),
            created=created,
        )
    r = await client.get(
        url(world.other_org, "positions", "exports"), headers=world.other_admin.headers
    )
    assert len(table(r.content)) == 7


async def test_export_neutralizes_formulas(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    evil = '=HYPERLINK("http://contoh.invalid","klik")'
    await factory.unit(palu.org, palu.dinkes, code="JAHAT", name=evil)
    await factory.employee(palu.org, name="@SUM(A1:A9)", nip="199001012015031001", phone="+62 811")
    r = await client.get(
        url(palu.org, "units", "exports"), headers=palu.admin.headers, params={"format": "csv"}
    )
    assert "'=HYPERLINK" in r.content.decode("utf-8-sig")
    r = await client.get(url(palu.org, "employees", "exports"), headers=palu.admin.headers)
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]  # no formula anywhere
    # Excel's own quote prefix marks them as text: no stray apostrophe in the value.
    guarded = {c.value: c.quotePrefix for c in cells if c.value in ("@SUM(A1:A9)", "+62 811")}
    assert guarded == {"@SUM(A1:A9)": True, "+62 811": True}
    # and they import back unchanged
    ok(await upload(client, palu.org, "employees", r.content, palu.admin.headers), updated=0)
    r = await client.get(
        url(palu.org, "units", "exports"), headers=palu.admin.headers, params={"format": "xlsx"}
    )
    ok(await upload(client, palu.org, "units", r.content, palu.admin.headers), updated=0)


# ---- permissions and tenants ----------------------------------------------------------------


def _requests(org_id: uuid.UUID) -> Iterator[tuple[str, str, dict[str, Any]]]:
    data = csv_file([["code", "name", "parent_code"], ["BARU", "Unit baru", "DINKES"]])
    yield "POST", url(org_id, "units"), {"files": {"file": ("u.csv", data, "text/csv")}}
    yield "GET", url(org_id, "positions") + "/template", {}
    yield "GET", url(org_id, "employees", "exports"), {}


@pytest.mark.parametrize("call", [0, 1, 2], ids=["import", "template", "export"])
async def test_permission_and_tenant_matrix(
    client: httpx.AsyncClient, world: World, call: int
) -> None:
    def request(org_id: uuid.UUID, headers: dict[str, str]) -> Any:
        method, path, kw = list(_requests(org_id))[call]
        return client.request(method, path, headers=headers, **kw)

    for account in (world.staff, world.supervisor):
        assert_problem(await request(world.org.id, account.headers), 403, "forbidden")
    assert_problem(await request(world.org.id, world.other_admin.headers), 404)
    assert_problem(await request(uuid.uuid4(), world.admin.headers), 404)
    assert_problem(await request(world.org.id, {}), 401)
    assert (await request(world.org.id, world.admin.headers)).status_code == 200
    assert (await request(world.org.id, world.platform.headers)).status_code == 200
    r = await client.post(
        url(world.org, "jabatan"),
        headers=world.admin.headers,
        files={"file": ("u.csv", b"a", "text/csv")},
    )
    assert_problem(r, 422, "validation_failed")


# ---- the pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row_model", "column", "api_model", "api_field"),
    [
        (imports.UnitRow, "code", UnitCreate, "code"),
        (imports.UnitRow, "name", UnitCreate, "name"),
        (imports.PositionRow, "name", PositionCreate, "name"),
        (imports.PositionRow, "kind", PositionCreate, "kind"),
        (imports.PositionRow, "level", PositionCreate, "level"),
        (imports.PositionRow, "jenjang", PositionCreate, "jenjang"),
        (imports.PositionRow, "job_class", PositionCreate, "job_class"),
        (imports.EmployeeRow, "nip", EmployeeCreate, "nip"),
        (imports.EmployeeRow, "name", EmployeeCreate, "name"),
        (imports.EmployeeRow, "golongan", EmployeeCreate, "golongan"),
        (imports.EmployeeRow, "email", EmployeeCreate, "email"),
        (imports.EmployeeRow, "phone", EmployeeCreate, "phone"),
        (imports.EmployeeRow, "start_date", AssignmentCreate, "start_date"),
        (imports.EmployeeRow, "decree_number", AssignmentCreate, "decree_number"),
    ],
)
def test_row_columns_have_the_api_constraints(
    row_model: Any, column: str, api_model: Any, api_field: str
) -> None:
    ours, theirs = row_model.model_fields[column], api_model.model_fields[api_field]
    assert ours.metadata == theirs.metadata
    assert (
        ours.annotation == theirs.annotation
        or ours.annotation == theirs.annotation | None
        # required in the file, optional in the API (the NIP: a regional head has none)
        or ours.annotation | None == theirs.annotation
    )


@pytest.mark.parametrize(
    ("parents", "expected"),
    [
        ({}, set()),
        ({"a": None, "b": "a", "c": "b"}, set()),
        ({"a": "a"}, {"a"}),
        ({"a": "b", "b": "a", "c": "a"}, {"a", "b"}),
        ({"a": "b", "b": "c", "c": "a", "d": "e", "e": "d", "f": None}, {"a", "b", "c", "d", "e"}),
        ({"a": "x"}, set()),  # a parent outside the map ends the walk
    ],
)
def test_nodes_in_cycles(parents: dict[str, str | None], expected: set[str]) -> None:
    assert nodes_in_cycles(parents) == expected


def test_settings_have_import_limits() -> None:
    settings = base_settings("sqlite+aiosqlite:///x.db")
    assert (settings.import_max_bytes, settings.import_max_rows) == (10 * 1024 * 1024, 20_000)
    assert PositionKind.STRUKTURAL.value == "struktural"
