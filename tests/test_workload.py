"""Workload analysis (ABK) over HTTP: exact numbers per position, unit and organization,
grade boundaries, permissions, import (all-or-nothing) and export round trip, query count."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
from openpyxl import load_workbook

from conftest import Factory, Palu, QueryCounter, World, assert_problem, audit_rows
from kinerja_api.auth.models import Role

API = "/api/v1"
YEAR = 2025  # a past year: staff are counted on 31 December


async def _task(client: httpx.AsyncClient, h: dict[str, str], position_id: Any, **kw: Any) -> Any:
    body = {"year": YEAR, "description": "Tugas uji", "output_unit": "laporan", **kw}
    r = await client.post(f"{API}/positions/{position_id}/workload-tasks", headers=h, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def test_abk_numbers_per_position_unit_and_organization(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: Any
) -> None:
    h = palu.admin.headers
    nurse = palu.perawat_pos.id
    t = await _task(
        client,
        h,
        nurse,
        description="Imunisasi dasar",
        output_unit="bayi",
        volume=1200,
        norm_minutes=25,
    )
    assert t["workload_minutes"] == 30000
    await _task(client, h, nurse, description="Kunjungan posyandu", volume=48, norm_minutes=600)
    await _task(client, h, nurse, description="Laporan bulanan", volume=12, norm_minutes=200)
    # nurse: 30000 + 28800 + 2400 = 61200 → 0.82 required, EJ 0.82 (C), gap 1 − 1 = 0
    await _task(client, h, palu.kapus_pos.id, volume=100, norm_minutes=900)  # 90000 → 1.20
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/workload", headers=h, params={"year": YEAR}
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["reference_date"] == f"{YEAR}-12-31"
    pos = {p["position_id"]: p for p in report["items"]}
    n = pos[str(nurse)]
    assert (n["tasks"], n["workload_minutes"], n["required_staff"], n["existing_staff"]) == (
        3,
        61200,
        0.82,
        1,
    )
    assert (n["job_efficiency"], n["grade"], n["shortage"], n["excess"]) == (0.82, "C", 0, 0)
    k = pos[str(palu.kapus_pos.id)]
    assert (k["required_staff"], k["job_efficiency"], k["grade"], k["shortage"]) == (
        1.2,
        1.2,
        "A",
        0,
    )
    kasi = pos[str(palu.kasi_pos.id)]  # vacant, no tasks
    assert (kasi["existing_staff"], kasi["job_efficiency"], kasi["grade"]) == (0, None, None)
    unit = next(u for u in report["units"] if u["unit_id"] == str(palu.pkm.id))
    assert unit["positions"] == 2
    assert unit["workload_minutes"] == 151200
    assert unit["required_staff"] == 2.02
    assert unit["existing_staff"] == 2
    assert unit["job_efficiency"] == 1.01
    assert unit["grade"] == "A"
    org = report["organization"]
    assert org["workload_minutes"] == 151200
    assert org["existing_staff"] == 5
    # kadis, kabid, pengelola hold positions without tasks: 3 in excess
    assert org["excess"] == 3
    assert org["shortage"] == 0
    audit = await audit_rows(sessionmaker, "workload_tasks", t["id"])
    assert [a.action for a in audit] == ["insert"]


async def test_grade_boundaries_through_the_api(client: httpx.AsyncClient, palu: Palu) -> None:
    h = palu.admin.headers
    grades = {}
    for minutes, expected in (
        (75000, "B"),
        (75750, "A"),
        (67500, "B"),
        (66750, "C"),
        (52500, "C"),
        (37500, "D"),
        (36750, "E"),
    ):
        r = await client.get(
            f"{API}/positions/{palu.perawat_pos.id}/workload-tasks",
            headers=h,
            params={"year": YEAR},
        )
        for task in r.json()["items"]:
            d = await client.delete(
                f"{API}/workload-tasks/{task['id']}",
                headers={**h, "If-Match": f'"{task["version"]}"'},
            )
            assert d.status_code == 204, d.text
        await _task(client, h, palu.perawat_pos.id, volume=1, norm_minutes=minutes)
        r = await client.get(
            f"{API}/organizations/{palu.org.id}/workload", headers=h, params={"year": YEAR}
        )
        row = next(p for p in r.json()["items"] if p["position_id"] == str(palu.perawat_pos.id))
        grades[minutes] = (row["job_efficiency"], row["grade"])
        assert row["grade"] == expected, (minutes, row)
    assert grades[75000] == (1.0, "B")
    assert grades[67500] == (0.9, "B")
    assert grades[52500] == (0.7, "C")
    assert grades[37500] == (0.5, "D")


async def test_task_crud_and_permissions(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    h = palu.admin.headers
    task = await _task(client, h, palu.perawat_pos.id, volume=10, norm_minutes=30)
    url = f"{API}/workload-tasks/{task['id']}"
    r = await client.patch(url, headers={**h, "If-Match": '"1"'}, json={"volume": 20})
    assert r.status_code == 200
    assert r.json()["workload_minutes"] == 600
    assert_problem(
        await client.patch(url, headers={**h, "If-Match": '"1"'}, json={"volume": 5}), 412
    )
    # staff and supervisors: 403
    for who in (palu.siti, palu.kapus):
        assert_problem(await client.get(url, headers=who.headers), 403)
        assert_problem(
            await client.get(
                f"{API}/organizations/{palu.org.id}/workload",
                headers=who.headers,
                params={"year": YEAR},
            ),
            403,
        )
    # another organization: 404 everywhere
    o = world.other_admin.headers
    assert_problem(await client.get(url, headers=o), 404)
    assert_problem(await client.patch(url, headers=o, json={"volume": 1}), 404)
    assert_problem(await client.delete(url, headers=o), 404)
    assert_problem(
        await client.get(f"{API}/positions/{palu.perawat_pos.id}/workload-tasks", headers=o), 404
    )
    assert_problem(
        await client.post(
            f"{API}/positions/{palu.perawat_pos.id}/workload-tasks",
            headers=o,
            json={
                "year": YEAR,
                "description": "abc",
                "output_unit": "x",
                "volume": 1,
                "norm_minutes": 1,
            },
        ),
        404,
    )
    for path in ("workload", "workload-tasks/export"):
        assert_problem(
            await client.get(
                f"{API}/organizations/{palu.org.id}/{path}", headers=o, params={"year": YEAR}
            ),
            404,
        )
    assert_problem(
        await client.post(
            f"{API}/organizations/{palu.org.id}/workload-tasks/import",
            headers=o,
            params={"year": YEAR},
            files={"file": ("a.csv", b"position_id\n", "text/csv")},
        ),
        404,
    )


def _csv(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        ["position_id", "position_name", "uraian_tugas", "satuan_hasil", "volume", "norma_menit"]
    )
    w.writerows(rows)
    return buf.getvalue().encode()


async def test_import_mixed_rows_writes_nothing_then_export_round_trip(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    h = palu.admin.headers
    url = f"{API}/organizations/{palu.org.id}/workload-tasks/import"
    nurse = str(palu.perawat_pos.id)
    bad = _csv(
        [
            [nurse, "Perawat", "Imunisasi dasar", "bayi", 1200, 25],
            [nurse, "Perawat", "ab", "bayi", -1, 25],
            ["0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0000", "?", "Kunjungan posyandu", "kunjungan", 48, 0],
        ]
    )
    body = assert_problem(
        await client.post(
            url, headers=h, params={"year": YEAR}, files={"file": ("abk.csv", bad, "text/csv")}
        ),
        422,
        "import_invalid",
    )
    assert {e["location"] for e in body["errors"]} == {"file"}
    where = {(e["row"], e["field"]) for e in body["errors"]}
    assert {
        (3, "uraian_tugas"),
        (3, "volume"),
        (4, "norma_menit"),
        (4, "position_id"),
    } <= where
    listed = await client.get(f"{API}/positions/{nurse}/workload-tasks", headers=h)
    assert listed.json()["items"] == []  # nothing written
    good = _csv(
        [
            [nurse, "Perawat", "Imunisasi dasar", "bayi", 1200, 25],
            [nurse, "Perawat", "Kunjungan posyandu", "kunjungan", 48, 600],
            [str(palu.kapus_pos.id), "Kapus", "Rapat lokakarya mini", "rapat", 12, 240.5],
        ]
    )
    dry = await client.post(
        url,
        headers=h,
        params={"year": YEAR, "dry_run": True},
        files={"file": ("abk.csv", good, "text/csv")},
    )
    assert dry.status_code == 200, dry.text
    assert dry.json() == {
        "year": YEAR,
        "dry_run": True,
        "rows": 3,
        "positions": 2,
        "created": 0,
        "replaced": 0,
    }
    assert (await client.get(f"{API}/positions/{nurse}/workload-tasks", headers=h)).json()[
        "items"
    ] == []
    done = await client.post(
        url, headers=h, params={"year": YEAR}, files={"file": ("abk.csv", good, "text/csv")}
    )
    assert done.json()["created"] == 3
    exported = await client.get(
        f"{API}/organizations/{palu.org.id}/workload-tasks/export",
        headers=h,
        params={"year": YEAR, "format": "xlsx"},
    )
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][2:] == ["uraian_tugas", "satuan_hasil", "volume", "norma_menit"]
    assert sorted(r[2] for r in rows[1:]) == [
        "Imunisasi dasar",
        "Kunjungan posyandu",
        "Rapat lokakarya mini",
    ]
    # importing the exported workbook replaces the same tasks with equal ones
    again = await client.post(
        url,
        headers=h,
        params={"year": YEAR},
        files={"file": ("abk.xlsx", exported.content, "application/octet-stream")},
    )
    assert again.status_code == 200, again.text
    assert again.json()["replaced"] == 3
    assert again.json()["created"] == 3
    report = (
        await client.get(
            f"{API}/organizations/{palu.org.id}/workload", headers=h, params={"year": YEAR}
        )
    ).json()
    assert report["organization"]["workload_minutes"] == 30000 + 28800 + 2886


async def test_workload_report_query_count_is_constant(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    count_queries: Callable[[], QueryCounter],
) -> None:
    h = palu.admin.headers
    url = f"{API}/organizations/{palu.org.id}/workload"
    await _task(client, h, palu.perawat_pos.id, volume=1, norm_minutes=1)
    counter = count_queries()
    assert (await client.get(url, headers=h, params={"year": YEAR})).status_code == 200
    small = counter.count
    for i in range(5):
        p = await factory.position(palu.org, palu.pkm, superior=palu.kapus_pos, name=f"Bidan {i}")
        await factory.person(palu.org, p)
        await _task(client, h, p.id, volume=i + 1, norm_minutes=60)
    counter.count = 0
    assert (await client.get(url, headers=h, params={"year": YEAR})).status_code == 200
    assert counter.count == small


async def test_the_report_of_one_opd(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    """Issue 13: ``opd_id`` limits the report to one OPD's positions; an OPD admin always gets
    their own OPD (another: 403 ``outside_opd``)."""
    bappeda = await factory.unit(palu.org, code="BAPPEDA", name="Bappeda")
    planner = await factory.position(palu.org, bappeda, name="Perencana")
    dinkes_admin = await factory.account(palu.org, Role.ADMIN, opd_id=palu.dinkes.id)
    url = f"{API}/organizations/{palu.org.id}/workload"

    def positions(r: httpx.Response) -> set[str]:
        assert r.status_code == 200, r.text
        return {p["position_id"] for p in r.json()["items"]}

    everything = positions(await client.get(url, headers=palu.admin.headers, params={"year": YEAR}))
    assert {str(planner.id), str(palu.perawat_pos.id)} <= everything
    bappeda_only = await client.get(
        url, headers=palu.admin.headers, params={"year": YEAR, "opd_id": str(bappeda.id)}
    )
    assert positions(bappeda_only) == {str(planner.id)}
    own = positions(await client.get(url, headers=dinkes_admin.headers, params={"year": YEAR}))
    assert own == everything - {str(planner.id)}
    other = await client.get(
        url, headers=dinkes_admin.headers, params={"year": YEAR, "opd_id": str(bappeda.id)}
    )
    assert_problem(other, 403, "outside_opd")
