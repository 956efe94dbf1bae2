"""Organizations (platform admin) and the unit tree, with tenant isolation."""

from __future__ import annotations

import httpx
import pytest

from conftest import Factory, World, assert_problem
from kinerja_api.organizations.rules import creates_cycle

ORG = {
    "code": "DISPAR-SABANG",
    "name": "Dinas Kebudayaan dan Pariwisata Kota Sabang",
    "kind": "perangkat_daerah",
    "region": "Kota Sabang, Aceh",
    "timezone": "WIB",
}


@pytest.mark.parametrize(
    ("parents", "node", "new_parent", "expected"),
    [
        ({"a": None, "b": "a", "c": "b"}, "c", "a", False),  # move up: fine
        ({"a": None, "b": "a", "c": "b"}, "a", "c", True),  # under own grandchild
        ({"a": None, "b": "a"}, "a", "a", True),  # under itself
        ({"a": None, "b": "a"}, "b", None, False),  # to the top
        ({"a": None, "b": None}, "b", "a", False),  # sibling trees
        ({"a": "b", "b": "a", "c": None}, "c", "a", True),  # corrupt loop above
    ],
)
def test_creates_cycle(
    parents: dict[str, str | None], node: str, new_parent: str | None, expected: bool
) -> None:
    assert creates_cycle(parents, node, new_parent) is expected


async def test_platform_admin_manages_organizations(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.post("/api/v1/organizations", headers=world.platform.headers, json=ORG)
    assert r.status_code == 201, r.text
    org = r.json()
    assert org["timezone"] == "WIB"
    assert org["is_active"] is True
    dup = await client.post("/api/v1/organizations", headers=world.platform.headers, json=ORG)
    assert_problem(dup, 409, "organization_code_taken")

    listing = await client.get("/api/v1/organizations", headers=world.platform.headers)
    assert [o["code"] for o in listing.json()["items"]] == [
        "DINKES-PALU",
        "DISDUKCAPIL-TEBO",
        "DISPAR-SABANG",
    ]
    r = await client.patch(
        f"/api/v1/organizations/{org['id']}",
        headers={**world.platform.headers, "If-Match": '"1"'},
        json={"is_active": False},
    )
    assert r.status_code == 200
    assert r.json()["is_active"] is False
    active = await client.get(
        "/api/v1/organizations", headers=world.platform.headers, params={"is_active": True}
    )
    assert "DISPAR-SABANG" not in [o["code"] for o in active.json()["items"]]


async def test_org_admins_cannot_create_or_change_organizations(
    client: httpx.AsyncClient, world: World
) -> None:
    assert_problem(
        await client.post("/api/v1/organizations", headers=world.admin.headers, json=ORG), 403
    )
    r = await client.patch(
        f"/api/v1/organizations/{world.org.id}", headers=world.admin.headers, json={"name": "Xyz"}
    )
    assert_problem(r, 403, "forbidden")


async def test_everyone_sees_only_their_organization(
    client: httpx.AsyncClient, world: World
) -> None:
    for account in (world.staff, world.supervisor, world.admin):
        listing = await client.get("/api/v1/organizations", headers=account.headers)
        assert [o["code"] for o in listing.json()["items"]] == ["DINKES-PALU"]
        own = await client.get(f"/api/v1/organizations/{world.org.id}", headers=account.headers)
        assert own.status_code == 200
        other = await client.get(
            f"/api/v1/organizations/{world.other_org.id}", headers=account.headers
        )
        assert_problem(other, 404, "not_found")


async def test_deactivated_organization_cannot_sign_in(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.patch(
        f"/api/v1/organizations/{world.other_org.id}",
        headers=world.platform.headers,
        json={"is_active": False},
    )
    assert r.status_code == 200
    me = await client.get("/api/v1/auth/me", headers=world.other_admin.headers)
    assert_problem(me, 401, "account_inactive")


async def test_unit_tree_create_move_and_cycle(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/organizations/{world.org.id}/units"
    p2p = await client.post(
        url,
        headers=world.admin.headers,
        json={"code": "P2P", "name": "Bidang P2P", "parent_id": str(world.root_unit.id)},
    )
    assert p2p.status_code == 201, p2p.text
    seksi = await client.post(
        url,
        headers=world.admin.headers,
        json={
            "code": "SURV-IMUN",
            "name": "Seksi Surveilans dan Imunisasi",
            "parent_id": p2p.json()["id"],
        },
    )
    assert seksi.status_code == 201
    children = await client.get(
        url, headers=world.staff.headers, params={"parent_id": p2p.json()["id"]}
    )
    assert [u["code"] for u in children.json()["items"]] == ["SURV-IMUN"]

    # Moving the root under its own grandchild would close a loop.
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        headers=world.admin.headers,
        json={"parent_id": seksi.json()["id"]},
    )
    body = assert_problem(r, 422)
    assert body["errors"][0]["type"] == "unit_cycle"
    # Moving the section directly under the root is fine.
    r = await client.patch(
        f"/api/v1/units/{seksi.json()['id']}",
        headers=world.admin.headers,
        json={"parent_id": str(world.root_unit.id)},
    )
    assert r.status_code == 200
    assert r.json()["parent_id"] == str(world.root_unit.id)


async def test_unit_validation_and_isolation(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    url = f"/api/v1/organizations/{world.org.id}/units"
    foreign = await factory.unit(world.other_org, code="X")
    r = await client.post(
        url,
        headers=world.admin.headers,
        json={"code": "A", "name": "Unit A", "parent_id": str(foreign.id)},
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "parent_not_found"
    dup = await client.post(
        url, headers=world.admin.headers, json={"code": "DINKES", "name": "Lagi"}
    )
    assert_problem(dup, 409, "unit_code_taken")
    bad_code = await client.post(
        url, headers=world.admin.headers, json={"code": "huruf kecil", "name": "X y"}
    )
    assert assert_problem(bad_code, 422)["errors"][0]["field"] == "code"
    # other organization's admin: 404 on read, write, list
    assert_problem(
        await client.get(f"/api/v1/units/{world.root_unit.id}", headers=world.other_admin.headers),
        404,
    )
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        headers=world.other_admin.headers,
        json={"name": "Diambil"},
    )
    assert_problem(r, 404)
    assert_problem(await client.get(url, headers=world.other_admin.headers), 404)
    assert_problem(
        await client.post(url, headers=world.other_admin.headers, json={"code": "Z", "name": "Zz"}),
        404,
    )
    # staff may read but not write
    assert (await client.get(url, headers=world.staff.headers)).status_code == 200
    assert_problem(
        await client.post(url, headers=world.staff.headers, json={"code": "Z", "name": "Zz"}), 403
    )


async def test_unit_with_active_children_cannot_be_deactivated(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    child = await factory.unit(world.org, world.root_unit, code="SEKRE")
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        headers=world.admin.headers,
        json={"is_active": False},
    )
    assert_problem(r, 409, "unit_has_active_children")
    r = await client.patch(
        f"/api/v1/units/{child.id}", headers=world.admin.headers, json={"is_active": False}
    )
    assert r.status_code == 200
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        headers=world.admin.headers,
        json={"is_active": False},
    )
    assert r.status_code == 200
    # an inactive unit cannot receive new children
    r = await client.post(
        f"/api/v1/organizations/{world.org.id}/units",
        headers=world.admin.headers,
        json={"code": "BARU", "name": "Unit Baru", "parent_id": str(world.root_unit.id)},
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "parent_inactive"
