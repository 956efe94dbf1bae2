"""Units of measure (satuan): the instansi's catalogue, its defaults, who adds units, and the
422 of an unknown unit that says where the list is (issue 14)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import Factory, Palu, World, assert_problem
from kinerja_api.auth.models import Role
from kinerja_api.indicators.targets import Target, target_problems
from kinerja_api.organizations.units_of_measure.rules import (
    DEFAULT_UNITS,
    Aspect,
    UnitKind,
    aspects_of,
    close_units,
    normalize_unit,
)
from skp_support import API, BAYI_TARGET, Goals, add_rhk, approved_skp, create_skp, ok, palu_goals

# ---- pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "aspects"),
    [
        (UnitKind.COUNT, [Aspect.KUANTITAS]),
        (UnitKind.PERCENT, [Aspect.KUANTITAS, Aspect.KUALITAS, Aspect.BIAYA]),
        (UnitKind.RATE, [Aspect.KUANTITAS, Aspect.KUALITAS]),
        (UnitKind.SCORE, [Aspect.KUANTITAS, Aspect.KUALITAS]),
        (UnitKind.DURATION, [Aspect.KUANTITAS, Aspect.WAKTU]),
        (UnitKind.CURRENCY, [Aspect.BIAYA]),
    ],
)
def test_the_aspects_a_unit_kind_suits(kind: UnitKind, aspects: list[Aspect]) -> None:
    assert aspects_of(kind) == aspects


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("dokumne", ["dokumen"]), ("Laporn", ["laporan"]), ("pengujian", []), ("ekor", [])],
)
def test_close_units_suggest_a_typo_s_intent(typed: str, expected: list[str]) -> None:
    assert close_units(typed, DEFAULT_UNITS)[:1] == expected


def test_defaults_hold_the_national_forms_units() -> None:
    for name in ("dokumen", "laporan", "kegiatan", "orang", "persen", "titik", "kilometer"):
        assert name in DEFAULT_UNITS
    for name in ("paket", "unit", "bulan", "hari"):
        assert name in DEFAULT_UNITS
    assert normalize_unit("  Titik   Pantau ") == "titik pantau"


def test_an_organization_s_own_catalogue_decides() -> None:
    own = {**DEFAULT_UNITS, "pengujian": UnitKind.COUNT}
    target = Target(unit="Pengujian", aspect=Aspect.KUANTITAS, value=10, direction=None)
    assert {p.type for p in target_problems(target)} == {"unknown_unit", "direction_required"}
    assert {p.type for p in target_problems(target, own)} == {"direction_required"}


# ---- through the HTTP API --------------------------------------------------------------------


@pytest.fixture
async def goals(client: httpx.AsyncClient, palu: Palu) -> Goals:
    return await palu_goals(client, palu.admin, palu.org.id)


async def _siti_rhk(client: httpx.AsyncClient, palu: Palu, goals: Goals) -> str:
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp = await create_skp(client, palu.siti)
    rhk = await add_rhk(
        client, palu.siti, skp["id"], "Terlaksananya surveilans", parent_id=kapus_rhk["id"]
    )
    return str(rhk["id"])


def _indicator(unit: str, **extra: Any) -> dict[str, Any]:
    return {**BAYI_TARGET, "name": "Sampel air diuji", "unit": unit, **extra}


async def test_titik_is_a_default_unit_and_pengujian_is_added_by_the_instansi_admin(
    client: httpx.AsyncClient, palu: Palu, goals: Goals, factory: Factory
) -> None:
    org = palu.org.id
    url = f"{API}/work-results/{await _siti_rhk(client, palu, goals)}/indicators"
    ok(await client.post(url, headers=palu.siti.headers, json=_indicator("titik")), 201)

    # an unknown unit: the 422 links the catalogue (for the aspect) and says who adds units
    r = await client.post(url, headers=palu.siti.headers, json=_indicator("pengujian"))
    error = assert_problem(r, 422)["errors"][0]
    assert (error["field"], error["type"]) == ("unit", "unknown_unit")
    assert f"/api/v1/organizations/{org}/units-of-measure?aspect=kuantitas" in error["message"]
    assert "admin instansi" in error["message"]
    r = await client.post(
        url,
        headers={**palu.siti.headers, "Accept-Language": "en"},
        json=_indicator("dokumne"),
    )
    assert "did you mean: dokumen" in assert_problem(r, 422)["errors"][0]["message"]

    # everyone of the organization lists the catalogue, by aspect, paginated
    listing = f"{API}/organizations/{org}/units-of-measure"
    waktu = ok(await client.get(listing, headers=palu.siti.headers, params={"aspect": "waktu"}))
    assert {u["name"] for u in waktu["items"]} == {
        "menit", "jam", "hari", "minggu", "bulan", "tahun",
    }  # fmt: skip
    assert all("waktu" in u["aspects"] and u["is_default"] for u in waktu["items"])
    first = ok(await client.get(listing, headers=palu.siti.headers, params={"limit": 5}))
    assert len(first["items"]) == 5
    assert first["next_cursor"]
    assert first["limit"] == 5
    found = ok(await client.get(listing, headers=palu.siti.headers, params={"q": "titik"}))
    assert [u["name"] for u in found["items"]] == ["titik"]

    # staff and OPD admins do not add units (the catalogue is the instansi's); its admin does
    body = {"name": "  Pengujian ", "kind": "count", "description": "Pengujian sampel labkesda"}
    r = await client.post(listing, headers=palu.siti.headers, json=body)
    assert_problem(r, 403)
    opd_admin = await factory.account(
        palu.org, Role.ADMIN, username="admin.opd.dinkes", opd_id=palu.dinkes.id
    )
    assert_problem(await client.post(listing, headers=opd_admin.headers, json=body), 403)
    r = await client.post(listing, headers=palu.admin.headers, json=body)
    unit = ok(r, 201)
    assert (unit["name"], unit["aspects"], unit["is_default"]) == (
        "pengujian", ["kuantitas"], False,
    )  # fmt: skip
    assert ok(await client.get(r.headers["location"], headers=palu.siti.headers)) == unit
    r = await client.post(listing, headers=palu.admin.headers, json={**body, "name": "PENGUJIAN"})
    assert_problem(r, 409, "unit_of_measure_taken")
    ok(await client.post(url, headers=palu.siti.headers, json=_indicator("Pengujian")), 201)

    # a count unit does not suit the waktu aspect: the 422 links the waktu units
    r = await client.post(
        url, headers=palu.siti.headers, json=_indicator("pengujian", aspect="waktu")
    )
    error = assert_problem(r, 422)["errors"][0]
    assert error["type"] == "unit_aspect_mismatch"
    assert "units-of-measure?aspect=waktu" in error["message"]


async def test_another_instansi_s_catalogue_is_not_found(
    client: httpx.AsyncClient, world: World
) -> None:
    listing = f"{API}/organizations/{world.org.id}/units-of-measure"
    assert_problem(await client.get(listing, headers=world.other_admin.headers), 404)
    body = {"name": "pengujian", "kind": "count"}
    r = await client.post(listing, headers=world.other_admin.headers, json=body)
    assert_problem(r, 404)
    unit = ok(await client.post(listing, headers=world.admin.headers, json=body), 201)
    r = await client.get(f"{API}/units-of-measure/{unit['id']}", headers=world.other_admin.headers)
    assert_problem(r, 404)


async def test_a_new_organization_starts_with_the_default_catalogue(
    client: httpx.AsyncClient, world: World
) -> None:
    org = ok(
        await client.post(
            f"{API}/organizations",
            headers=world.platform.headers,
            json={
                "code": "PEMKOT-BARU",
                "name": "Pemerintah Kota Baru",
                "kind": "pemerintah_kota",
                "region": "Kota Baru",
                "timezone": "WITA",
            },
        ),
        201,
    )
    page = ok(
        await client.get(
            f"{API}/organizations/{org['id']}/units-of-measure",
            headers=world.platform.headers,
            params={"limit": 200},
        )
    )
    assert {u["name"] for u in page["items"]} == set(DEFAULT_UNITS)
