"""Unit tree: subtree, path (breadcrumb), head position, org chart, cycle rejection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx

from conftest import Factory, Palu, QueryCounter, assert_problem
from kinerja_api.organizations.models import AssignmentKind


async def test_subtree_with_depths_and_pages(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    await factory.unit(palu.org, palu.dinkes, code="SEKRE", name="Sekretariat", is_active=False)
    url = f"/api/v1/units/{palu.dinkes.id}/subtree"
    r = await client.get(url, headers=palu.siti.headers)
    assert r.status_code == 200, r.text
    assert [(u["code"], u["depth"]) for u in r.json()["items"]] == [
        ("DINKES", 0),
        ("P2P", 1),
        ("PKM-TALISE", 1),
        ("SEKRE", 1),
        ("SURV-IMUN", 2),
    ]
    active = await client.get(url, headers=palu.siti.headers, params={"is_active": "true"})
    assert "SEKRE" not in [u["code"] for u in active.json()["items"]]
    first = await client.get(url, headers=palu.siti.headers, params={"limit": 2, "sort": "-code"})
    rest = await client.get(
        url,
        headers=palu.siti.headers,
        params={"limit": 10, "sort": "-code", "cursor": first.json()["next_cursor"]},
    )
    codes = [u["code"] for u in first.json()["items"] + rest.json()["items"]]
    assert codes == ["SURV-IMUN", "SEKRE", "PKM-TALISE", "P2P", "DINKES"]
    p2p = await client.get(f"/api/v1/units/{palu.p2p.id}/subtree", headers=palu.siti.headers)
    assert [(u["code"], u["depth"]) for u in p2p.json()["items"]] == [("P2P", 0), ("SURV-IMUN", 1)]


async def test_path_is_the_breadcrumb(client: httpx.AsyncClient, palu: Palu) -> None:
    r = await client.get(f"/api/v1/units/{palu.surv.id}/path", headers=palu.andi.headers)
    assert r.status_code == 200, r.text
    assert [u["code"] for u in r.json()] == ["DINKES", "P2P", "SURV-IMUN"]
    top = await client.get(f"/api/v1/units/{palu.dinkes.id}/path", headers=palu.andi.headers)
    assert [u["code"] for u in top.json()] == ["DINKES"]


async def test_units_refuse_cycles(client: httpx.AsyncClient, palu: Palu) -> None:
    for new_parent in (palu.surv, palu.p2p):
        r = await client.patch(
            f"/api/v1/units/{palu.p2p.id}",
            headers=palu.admin.headers,
            json={"parent_id": str(new_parent.id)},
        )
        err = assert_problem(r, 422)
        assert (err["errors"][0]["field"], err["errors"][0]["type"]) == ("parent_id", "unit_cycle")
    moved = await client.patch(
        f"/api/v1/units/{palu.surv.id}",
        headers=palu.admin.headers,
        json={"parent_id": str(palu.dinkes.id)},
    )
    assert moved.status_code == 200, moved.text
    path = await client.get(f"/api/v1/units/{palu.surv.id}/path", headers=palu.admin.headers)
    assert [u["code"] for u in path.json()] == ["DINKES", "SURV-IMUN"]


async def test_head_position(client: httpx.AsyncClient, palu: Palu, factory: Factory) -> None:
    url = f"/api/v1/units/{palu.pkm.id}"
    r = await client.get(url, headers=palu.siti.headers)
    assert r.json()["head_position_id"] == str(palu.kapus_pos.id)

    async def set_head(position_id: object) -> httpx.Response:
        value = None if position_id is None else str(position_id)
        return await client.patch(url, headers=palu.admin.headers, json={"head_position_id": value})

    err = assert_problem(await set_head(palu.kabid_pos.id), 422)
    assert (err["errors"][0]["field"], err["errors"][0]["type"]) == (
        "head_position_id",
        "head_position_not_in_unit",
    )
    inactive = await factory.position(palu.org, palu.pkm, is_active=False)
    assert assert_problem(await set_head(inactive.id), 422)["errors"][0]["type"] == (
        "head_position_inactive"
    )
    r = await set_head(None)
    assert r.status_code == 200
    assert r.json()["head_position_id"] is None
    r = await set_head(palu.kapus_pos.id)
    assert r.json()["head_position_id"] == str(palu.kapus_pos.id)
    assert_problem(
        await client.patch(url, headers=palu.kapus.headers, json={"head_position_id": None}), 403
    )


async def test_unit_with_active_positions_cannot_be_deactivated(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    r = await client.patch(
        f"/api/v1/units/{palu.pkm.id}", headers=palu.admin.headers, json={"is_active": False}
    )
    assert_problem(r, 409, "unit_has_active_positions")
    empty = await factory.unit(palu.org, palu.dinkes, code="PKM-KAMONJI")
    r = await client.patch(
        f"/api/v1/units/{empty.id}", headers=palu.admin.headers, json={"is_active": False}
    )
    assert r.status_code == 200, r.text


async def test_org_chart(client: httpx.AsyncClient, palu: Palu, factory: Factory) -> None:
    yanti = await factory.employee(palu.org, name="Yanti Lestari")
    await factory.assign(
        yanti,
        palu.kasi_pos,
        kind=AssignmentKind.PLT,
        start=date(2026, 10, 1),
        end=date(2026, 12, 31),
    )
    r = await client.get(
        f"/api/v1/units/{palu.dinkes.id}/org-chart",
        headers=palu.siti.headers,
        params={"on": "2026-11-25"},
    )
    assert r.status_code == 200, r.text

    def flat(node: dict[str, Any]) -> dict[str, Any]:
        out = {
            node["code"]: [
                (p["name"], p["is_head"], [(h["name"], h["kind"]) for h in p["holders"]])
                for p in node["positions"]
            ]
        }
        for child in node["children"]:
            out.update(flat(child))
        return out

    chart = r.json()
    assert [c["code"] for c in chart["children"]] == ["P2P", "PKM-TALISE"]
    assert [c["code"] for c in chart["children"][0]["children"]] == ["SURV-IMUN"]
    assert flat(chart) == {
        "DINKES": [("Kepala Dinas", True, [("dr. Herry Mulyadi", "definitive")])],
        "P2P": [("Kepala Bidang P2P", True, [("dr. Nurhaya Lamato", "definitive")])],
        "SURV-IMUN": [
            ("Kepala Seksi Surveilans", True, [("Yanti Lestari", "plt")]),
            ("Pengelola Data Surveilans", False, [("Andi Pratama", "definitive")]),
        ],
        "PKM-TALISE": [
            ("Kepala Puskesmas Talise", True, [("Ns. Fadli Rahman", "definitive")]),
            ("Perawat Ahli Pertama", False, [("Siti Rahma", "definitive")]),
        ],
    }
    assert "nip" not in str(chart)
    later = await client.get(
        f"/api/v1/units/{palu.surv.id}/org-chart",
        headers=palu.siti.headers,
        params={"on": "2027-01-01"},
    )
    assert later.json()["positions"][0]["holders"] == []


async def test_org_chart_is_constant_in_queries(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    count_queries: Callable[[], QueryCounter],
) -> None:
    async def chart_queries() -> int:
        counter = count_queries()
        r = await client.get(f"/api/v1/units/{palu.dinkes.id}/org-chart", headers=palu.siti.headers)
        assert r.status_code == 200
        return counter.count

    small = await chart_queries()
    for i in range(4):
        unit = await factory.unit(palu.org, palu.pkm, code=f"PUSTU-{i}")
        position = await factory.position(palu.org, unit, superior=palu.kapus_pos)
        await factory.assign(await factory.employee(palu.org), position)
    assert await chart_queries() == small
