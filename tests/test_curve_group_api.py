"""The distribution curve at the right level, through the HTTP API: checked for the unit kerja
at the configured level (default the OPD) over all its sub-units, a small section never
blocked on its own, the people counted, and messages in the request's language.

Dinas Kesehatan (the OPD) holds 12 appraisals: the Puskesmas with three (Fadli, its head;
Siti and Budi, perawat) and the Bidang P2P with nine (the Kabid, and Andi with seven more
in the surveillance section)."""

from __future__ import annotations

from typing import Any

import httpx

from appraisal_support import (
    Clock,
    finalize,
    rate,
    rate_head,
    record_result,
    set_curve_enforcement,
    set_curve_group,
    setup_cycle,
)
from appraisal_support import clock as clock  # the fixture
from conftest import Factory, Palu, World, assert_problem
from skp_support import API, ok

PERIODS = f"{API}/appraisal-periods"
EN = {"Accept-Language": "en"}
ID = {"Accept-Language": "id"}
OTHERS = [f"Petugas Surveilans {n}" for n in range(1, 8)]


async def _opd_of_twelve(client: httpx.AsyncClient, palu: Palu, factory: Factory) -> Any:
    """Everyone rated; the result Baik. The Puskesmas favours its perawat (two Sangat Baik of
    three) and so does the surveillance section (all seven newcomers Sangat Baik): the OPD
    has 9 Sangat Baik of 12 (75 %, at most 50 % allowed) and no Butuh Perbaikan/Kurang but
    Andi."""
    budi = await factory.person(palu.org, palu.perawat_pos, name="Budi Santoso")
    others = [await factory.person(palu.org, palu.pengelola_pos, name=n) for n in OTHERS]
    s = await setup_cycle(client, palu, staff=[budi], surveillance=True, surveillance_staff=others)
    staff = s["staff"]
    for name in ("Siti Rahma", "Budi Santoso"):
        await rate(client, palu.kapus, staff[name], "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    await rate(
        client, palu.kadis, staff["dr. Nurhaya Lamato"], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"
    )
    await rate(
        client, palu.kabid, staff["Andi Pratama"], "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI"
    )
    for name in OTHERS:
        await rate(client, palu.kabid, staff[name], "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    ok(await record_result(client, palu, s["period"]["id"], "baik"))
    return s


async def _curve(
    client: httpx.AsyncClient, palu: Palu, pid: str, unit: Any = None, lang: str = "id"
) -> Any:
    params = {"unit_id": str(unit)} if unit is not None else {}
    headers = {**palu.admin.headers, "Accept-Language": lang}
    return ok(await client.get(f"{PERIODS}/{pid}/curve", headers=headers, params=params))


async def _finalize(
    client: httpx.AsyncClient, palu: Palu, pid: str, unit: Any, lang: str
) -> httpx.Response:
    return await client.post(
        f"{PERIODS}/{pid}/units/{unit}/finalize",
        headers={**palu.admin.headers, "Accept-Language": lang},
    )


async def test_curve_of_the_opd_with_a_small_section_inside(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, factory: Factory
) -> None:
    s = await _opd_of_twelve(client, palu, factory)
    pid = s["period"]["id"]

    # Default: the Puskesmas is checked as part of its OPD, with everyone below it.
    pkm = await _curve(client, palu, pid, palu.pkm.id)
    assert pkm["requested_unit_id"] == str(palu.pkm.id)
    assert (pkm["unit_id"], pkm["unit_name"]) == (str(palu.dinkes.id), "Dinas Kesehatan")
    assert (pkm["level"], pkm["configured_level"]) == (1, 1)
    assert (pkm["group_size"], pkm["min_group_size"], pkm["total"], pkm["unrated"]) == (
        12,
        10,
        12,
        0,
    )
    assert (pkm["enforced"], pkm["passed"], pkm["outcome"]) == (True, False, "blocked")
    assert pkm["counts"]["sangat_baik"] == 9
    names = [p["employee_name"] for p in pkm["people"]]
    assert len(names) == 12  # by name (in the database's collation)
    assert pkm["people_more"] is False
    assert {"Siti Rahma", "Andi Pratama", "Petugas Surveilans 7"} <= set(names)
    andi = next(p for p in pkm["people"] if p["employee_name"] == "Andi Pratama")
    assert (andi["unit_id"], andi["predikat"], andi["state"]) == (
        str(palu.surv.id),
        "butuh_perbaikan",
        "open",
    )
    assert pkm["notes"] == [
        "Kurva diperiksa untuk Dinas Kesehatan (unit kerja level 1 yang membawahi UPTD "
        "Puskesmas Talise), level 1: 12 penilaian di unit ini dan semua sub-unitnya"
    ]
    english = await _curve(client, palu, pid, palu.pkm.id, "en")
    assert english["notes"] == [
        "Curve checked for Dinas Kesehatan (the level-1 unit kerja above UPTD Puskesmas "
        "Talise), level 1: 12 appraisals in it and all its sub-units"
    ]
    # The OPD itself and a section deep inside it: the same group.
    for unit in (palu.dinkes.id, palu.surv.id):
        same = await _curve(client, palu, pid, unit)
        assert (same["unit_id"], same["group_size"]) == (str(palu.dinkes.id), 12)
    whole = await _curve(client, palu, pid)
    assert (whole["unit_id"], whole["level"], whole["group_size"]) == (None, 0, 12)

    # Every person counted, paged.
    url = f"{PERIODS}/{pid}/curve/people"
    seen: list[str] = []
    params: dict[str, Any] = {"unit_id": str(palu.pkm.id), "limit": 5}
    while True:
        page = ok(await client.get(url, headers=palu.admin.headers, params=params))
        seen += [p["employee_name"] for p in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == names

    # Finalizing the Puskesmas is refused because its OPD does not fit, in either language.
    problem = assert_problem(await _finalize(client, palu, pid, palu.pkm.id, "en"), 409)
    assert problem["code"] == "curve_not_fit"
    assert [e["field"] for e in problem["errors"]] == ["rules.2"]
    assert problem["errors"][0]["message"] == (
        "Sangat Baik: at most 50%; now 9 (75.00%), off by 3 employees"
    )
    problem = assert_problem(await _finalize(client, palu, pid, palu.pkm.id, "id"), 409)
    assert problem["errors"][0]["message"] == (
        "Sangat Baik: maksimal 50%; sekarang 9 (75.00%), selisih 3 pegawai"
    )

    # Checked per UPTD/bidang (level 2): the three-person Puskesmas fails the curve alone but
    # is below the minimum of 10, so it is never blocked on its own; the answer says so.
    await set_curve_group(client, palu, 2, 10)
    small = await _curve(client, palu, pid, palu.pkm.id, "en")
    assert (small["unit_id"], small["level"], small["group_size"]) == (str(palu.pkm.id), 2, 3)
    assert (small["passed"], small["enforced"], small["outcome"]) == (False, False, "below_minimum")
    assert {p["employee_name"] for p in small["people"]} == {
        "Ns. Fadli Rahman",
        "Siti Rahma",
        "Budi Santoso",
    }
    assert small["notes"][1] == (
        "A group of 3 appraisals is below the minimum of 10: the curve does not block it on its own"
    )
    done = ok(await _finalize(client, palu, pid, palu.pkm.id, "id"))
    assert (done["finalized"], done["curve"]["outcome"]) == (3, "below_minimum")
    assert done["warnings"] == [
        "Kelompok 3 penilaian di bawah minimum 10: kurva tidak memblokir kelompok ini sendiri"
    ]
    siti = s["staff"]["Siti Rahma"]["appraisal_id"]
    assert (
        ok(await client.get(f"{API}/appraisals/{siti}", headers=palu.siti.headers))["state"]
        == "finalized"
    )

    # A lower minimum makes the bidang (9) an enforced group of its own: blocked.
    await set_curve_group(client, palu, 2, 9)
    bidang = await _curve(client, palu, pid, palu.surv.id)
    assert (bidang["unit_id"], bidang["group_size"], bidang["outcome"]) == (
        str(palu.p2p.id),
        9,
        "blocked",
    )
    assert_problem(await finalize(client, palu, pid, palu.surv.id), 409, "curve_not_fit")

    # Back at the OPD in `warn` mode: finalized with the failing rules as warnings, in the
    # request's language (the section, then the rest of the bidang).
    await set_curve_group(client, palu, 1, 10)
    await set_curve_enforcement(client, palu, "warn")
    warned = ok(await _finalize(client, palu, pid, palu.surv.id, "en"))
    assert (warned["finalized"], warned["curve"]["outcome"]) == (8, "warned")
    assert warned["warnings"] == ["Sangat Baik: at most 50%; now 9 (75.00%), off by 3 employees"]
    warned = ok(await _finalize(client, palu, pid, palu.p2p.id, "id"))
    assert warned["finalized"] == 1
    assert warned["warnings"] == [
        "Sangat Baik: maksimal 50%; sekarang 9 (75.00%), selisih 3 pegawai"
    ]


async def test_curve_group_settings_bounds(client: httpx.AsyncClient, world: World) -> None:
    url = f"{API}/organizations/{world.org.id}/settings"
    doc = ok(await client.get(url, headers=world.admin.headers))
    assert (doc["appraisal"]["curve_level"], doc["appraisal"]["curve_min_group_size"]) == (1, 10)
    bad = {"appraisal": {"curve_level": 0, "curve_min_group_size": 0}}
    r = await client.patch(url, headers={**world.admin.headers, **ID}, json=bad)
    errors = {
        e["field"]: e["message"] for e in assert_problem(r, 422, "validation_failed")["errors"]
    }
    assert errors == {
        "appraisal.curve_level": "Minimal 1",
        "appraisal.curve_min_group_size": "Minimal 1",
    }
    bad = {"appraisal": {"curve_level": 11, "curve_min_group_size": 10_001}}
    r = await client.patch(url, headers={**world.admin.headers, **EN}, json=bad)
    errors = {
        e["field"]: e["message"] for e in assert_problem(r, 422, "validation_failed")["errors"]
    }
    assert errors == {
        "appraisal.curve_level": "Input should be less than or equal to 10",
        "appraisal.curve_min_group_size": "Input should be less than or equal to 10000",
    }
    good = {"appraisal": {"curve_level": 2, "curve_min_group_size": 15}}
    doc = ok(await client.patch(url, headers=world.admin.headers, json=good))
    assert (doc["appraisal"]["curve_level"], doc["appraisal"]["curve_min_group_size"]) == (2, 15)
