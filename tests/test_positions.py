"""Positions (jabatan): kinds, superior chain without cycles, lists, deactivation."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Factory, Palu, World, assert_problem, audit_rows
from kinerja_api.organizations.models import FunctionalLevel, PositionKind, StructuralLevel
from kinerja_api.organizations.rules import creates_cycle, position_kind_problems

S, F, P = PositionKind.STRUKTURAL, PositionKind.FUNGSIONAL, PositionKind.PELAKSANA
ADM, AP = StructuralLevel.ADMINISTRATOR, FunctionalLevel.AHLI_PERTAMA


@pytest.mark.parametrize(
    ("kind", "level", "jenjang", "expected"),
    [
        (S, ADM, None, set()),
        (F, None, AP, set()),
        (P, None, None, set()),
        (S, None, None, {"level_required"}),
        (S, ADM, AP, {"jenjang_not_allowed"}),
        (F, None, None, {"jenjang_required"}),
        (F, ADM, AP, {"level_not_allowed"}),
        (P, ADM, None, {"level_not_allowed"}),
        (P, None, AP, {"jenjang_not_allowed"}),
        (F, ADM, None, {"level_not_allowed", "jenjang_required"}),
    ],
)
def test_position_kind_rules(
    kind: PositionKind,
    level: StructuralLevel | None,
    jenjang: FunctionalLevel | None,
    expected: set[str],
) -> None:
    assert {p.type for p in position_kind_problems(kind, level, jenjang)} == expected


@pytest.mark.parametrize(
    ("parent_of", "node", "new_parent", "expected"),
    [
        ({"b": "a", "c": "b"}, "a", "c", True),  # a under its grandchild
        ({"b": "a"}, "a", "a", True),  # itself
        ({"b": "a", "c": "b"}, "c", "a", False),
        ({"b": "a"}, "b", None, False),  # to the top
        ({"x": "y", "y": "x"}, "a", "x", True),  # corrupt map that already loops
    ],
)
def test_creates_cycle(
    parent_of: dict[str, str], node: str, new_parent: str | None, expected: bool
) -> None:
    assert creates_cycle(parent_of, node, new_parent) is expected


def _url(world: World) -> str:
    return f"/api/v1/organizations/{world.org.id}/positions"


async def test_create_read_and_list_positions(client: httpx.AsyncClient, world: World) -> None:
    head = {
        "unit_id": str(world.root_unit.id),
        "name": "Kepala Dinas Kesehatan",
        "kind": "struktural",
        "level": "jpt_pratama",
        "job_class": 14,
    }
    r = await client.post(_url(world), headers=world.admin.headers, json=head)
    assert r.status_code == 201, r.text
    kadis = r.json()
    assert r.headers["location"] == f"/api/v1/positions/{kadis['id']}"
    assert (kadis["superior_id"], kadis["jenjang"], kadis["is_active"]) == (None, None, True)
    nurse = {
        "unit_id": str(world.root_unit.id),
        "name": "Perawat Ahli Pertama",
        "kind": "fungsional",
        "jenjang": "ahli_pertama",
        "job_class": 8,
        "superior_id": kadis["id"],
    }
    r = await client.post(_url(world), headers=world.admin.headers, json=nurse)
    assert r.status_code == 201, r.text
    clerk = {**nurse, "name": "Pengadministrasi Umum", "kind": "pelaksana", "jenjang": None}
    clerk["job_class"] = 5
    assert (
        await client.post(_url(world), headers=world.admin.headers, json=clerk)
    ).status_code == 201

    read = await client.get(f"/api/v1/positions/{kadis['id']}", headers=world.staff.headers)
    assert read.status_code == 200
    assert read.headers["etag"] == '"1"'

    async def names(**params: str) -> list[str]:
        r = await client.get(_url(world), headers=world.staff.headers, params=params)
        assert r.status_code == 200, r.text
        return [p["name"] for p in r.json()["items"]]

    assert await names() == [
        "Kepala Dinas Kesehatan",
        "Pengadministrasi Umum",
        "Perawat Ahli Pertama",
    ]
    assert await names(kind="fungsional") == ["Perawat Ahli Pertama"]
    assert await names(superior_id=kadis["id"]) == ["Pengadministrasi Umum", "Perawat Ahli Pertama"]
    assert await names(unit_id=str(world.root_unit.id), q="perawat") == ["Perawat Ahli Pertama"]
    assert await names(sort="-job_class") == [
        "Kepala Dinas Kesehatan",
        "Perawat Ahli Pertama",
        "Pengadministrasi Umum",
    ]
    assert await names(unit_id=str(uuid.uuid4())) == []
    page = await client.get(_url(world), headers=world.staff.headers, params={"limit": 2})
    assert len(page.json()["items"]) == 2
    assert page.json()["next_cursor"]
    bad = await client.get(_url(world), headers=world.staff.headers, params={"sort": "nip"})
    assert_problem(bad, 422)


@pytest.mark.parametrize(
    ("change", "field", "etype"),
    [
        ({"kind": "struktural"}, "level", "level_required"),
        ({"level": "pengawas"}, "level", "level_not_allowed"),
        ({"job_class": 0}, "job_class", "greater_than_equal"),
        ({"job_class": 18}, "job_class", "less_than_equal"),
        ({"name": "X"}, "name", "string_too_short"),
    ],
)
async def test_position_validation(
    client: httpx.AsyncClient, world: World, change: dict[str, object], field: str, etype: str
) -> None:
    body = {
        "unit_id": str(world.root_unit.id),
        "name": "Analis Data",
        "kind": "pelaksana",
        "job_class": 7,
        **change,
    }
    err = assert_problem(
        await client.post(_url(world), headers=world.admin.headers, json=body), 422
    )
    assert (err["errors"][0]["field"], err["errors"][0]["type"]) == (field, etype)


async def test_unit_and_superior_must_be_in_the_organization(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    other_unit = await factory.unit(world.other_org)
    other_pos = await factory.position(world.other_org, other_unit)
    body = {"unit_id": str(other_unit.id), "name": "Analis", "kind": "pelaksana", "job_class": 7}
    err = assert_problem(
        await client.post(_url(world), headers=world.admin.headers, json=body), 422
    )
    assert err["errors"][0]["type"] == "unit_not_found"
    body = {**body, "unit_id": str(world.root_unit.id), "superior_id": str(other_pos.id)}
    err = assert_problem(
        await client.post(_url(world), headers=world.admin.headers, json=body), 422
    )
    assert err["errors"][0]["type"] == "superior_not_found"
    inactive = await factory.unit(world.org, is_active=False)
    body = {**body, "unit_id": str(inactive.id), "superior_id": None}
    err = assert_problem(
        await client.post(_url(world), headers=world.admin.headers, json=body), 422
    )
    assert err["errors"][0]["type"] == "unit_inactive"


async def test_superior_chain_refuses_cycles(client: httpx.AsyncClient, palu: Palu) -> None:
    # kadis ← kabid ← kasi ← pengelola: making the Kabid report to the Pengelola closes a loop.
    for superior in (palu.pengelola_pos, palu.kasi_pos, palu.kabid_pos):
        r = await client.patch(
            f"/api/v1/positions/{palu.kabid_pos.id}",
            headers=palu.admin.headers,
            json={"superior_id": str(superior.id)},
        )
        err = assert_problem(r, 422, "validation_failed")
        assert err["errors"][0] == {
            "location": "body",
            "field": "superior_id",
            "message": "Jabatan atasan tidak boleh jabatan itu sendiri atau bawahannya",
            "type": "position_cycle",
        }
    # Moving a branch elsewhere is fine.
    r = await client.patch(
        f"/api/v1/positions/{palu.kasi_pos.id}",
        headers=palu.admin.headers,
        json={"superior_id": str(palu.kadis_pos.id)},
    )
    assert r.status_code == 200, r.text
    assert r.json()["superior_id"] == str(palu.kadis_pos.id)


async def test_update_kind_if_match_and_audit(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    url = f"/api/v1/positions/{palu.perawat_pos.id}"
    stale = await client.patch(
        url, headers={**palu.admin.headers, "If-Match": '"7"'}, json={"name": "Perawat Terampil"}
    )
    assert_problem(stale, 412, "version_mismatch")
    r = await client.patch(
        url,
        headers={**palu.admin.headers, "If-Match": '"1"'},
        json={"jenjang": "terampil", "name": "Perawat Terampil", "job_class": 6},
    )
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == '"2"'
    # Changing the kind drops the jenjang that no longer applies.
    r = await client.patch(url, headers=palu.admin.headers, json={"kind": "pelaksana"})
    assert (r.json()["kind"], r.json()["jenjang"]) == ("pelaksana", None)
    err = assert_problem(
        await client.patch(url, headers=palu.admin.headers, json={"kind": "struktural"}), 422
    )
    assert err["errors"][0]["type"] == "level_required"
    assert_problem(
        await client.patch(url, headers=palu.siti.headers, json={"name": "Perawat"}), 403
    )
    rows = await audit_rows(sessionmaker, "positions", palu.perawat_pos.id)
    assert [r.action for r in rows] == ["insert", "update", "update"]
    assert rows[1].before["jenjang"] == "ahli_pertama"
    assert rows[1].after["jenjang"] == "terampil"
    assert rows[1].actor_user_id == palu.admin.id


async def test_deactivation_instead_of_deletion(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    async def deactivate(position_id: uuid.UUID) -> httpx.Response:
        return await client.patch(
            f"/api/v1/positions/{position_id}",
            headers=palu.admin.headers,
            json={"is_active": False},
        )

    assert_problem(await deactivate(palu.perawat_pos.id), 409, "position_has_holders")
    assert_problem(await deactivate(palu.kasi_pos.id), 409, "position_has_subordinates")
    spare = await factory.position(palu.org, palu.surv, name="Analis Surveilans")
    await factory.head(palu.surv, spare)
    assert_problem(await deactivate(spare.id), 409, "position_is_unit_head")
    await factory.head(palu.surv, palu.kasi_pos)
    r = await deactivate(spare.id)
    assert r.status_code == 200, r.text
    assert r.json()["is_active"] is False
    listed = await client.get(
        f"/api/v1/organizations/{palu.org.id}/positions",
        headers=palu.admin.headers,
        params={"is_active": "false"},
    )
    assert [p["name"] for p in listed.json()["items"]] == ["Analis Surveilans"]
    # Inactive positions cannot become superiors (nor be assigned: see test_employees).
    r = await client.patch(
        f"/api/v1/positions/{palu.pengelola_pos.id}",
        headers=palu.admin.headers,
        json={"superior_id": str(spare.id)},
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "superior_inactive"


async def test_moving_the_head_position_to_another_unit_is_refused(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    r = await client.patch(
        f"/api/v1/positions/{palu.kapus_pos.id}",
        headers=palu.admin.headers,
        json={"unit_id": str(palu.p2p.id)},
    )
    assert_problem(r, 409, "position_is_unit_head")
    r = await client.patch(
        f"/api/v1/positions/{palu.perawat_pos.id}",
        headers=palu.admin.headers,
        json={"unit_id": str(palu.p2p.id)},
    )
    assert r.status_code == 200
    assert r.json()["unit_id"] == str(palu.p2p.id)


async def test_position_with_several_holders_cannot_become_structural(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    await factory.assign(await factory.employee(palu.org), palu.perawat_pos)
    r = await client.patch(
        f"/api/v1/positions/{palu.perawat_pos.id}",
        headers=palu.admin.headers,
        json={"kind": "struktural", "level": "pengawas"},
    )
    assert_problem(r, 409, "position_occupied")
    r = await client.patch(
        f"/api/v1/positions/{palu.pengelola_pos.id}",
        headers=palu.admin.headers,
        json={"kind": "struktural", "level": "pengawas"},
    )
    assert r.status_code == 200, r.text
