"""Transfers into another organization are requests the receiving instansi decides (issue 19,
item 5).

An outside tester, as an admin, created an employee with an account and moved it into
another regency with ``POST /employees/{id}/transfer``: effective at once, the account then
signed in as staff of that regency and read and wrote its data. The old tests checked that
the move happened and kept its history, which was the design then; nothing asked whether the
receiving organization wanted the person. Now the sending admins only ask; until an
instansi admin of the receiving organization accepts, the employee, their assignments and
their account stay where they were; the receiving side sees only what the decision needs;
and on acceptance the account stays behind (deactivated, unlinked): accounts never cross.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from conftest import PASSWORD, Factory, Palu, World, assert_problem, audit_rows
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import EmployeeStatus

API = "/api/v1"


def ask(world: World, *, days: int = 0, reason: str = "Mutasi atas permintaan sendiri") -> dict:
    return {
        "organization_id": str(world.other_org.id),
        "effective_date": (date.today() + timedelta(days=days)).isoformat(),
        "reason": reason,
    }


async def sign_in(client: httpx.AsyncClient, username: str) -> httpx.Response:
    return await client.post(f"{API}/auth/token", data={"username": username, "password": PASSWORD})


def bearer(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_nothing_moves_until_the_receiving_instansi_accepts(
    client: httpx.AsyncClient,
    palu: Palu,
    world: World,
    factory: Factory,
    sessionmaker: Any,
) -> None:
    tebo_unit = await factory.unit(world.other_org, code="TEBO-DISDUK", name="Disdukcapil")
    andi = palu.andi.employee_id
    r = await client.post(
        f"{API}/employees/{andi}/transfer-requests", headers=palu.admin.headers, json=ask(world)
    )
    assert r.status_code == 201, r.text
    request = r.json()
    assert (request["status"], request["view"]) == ("pending", "sender")
    assert r.headers["Location"] == f"/api/v1/transfer-requests/{request['id']}"

    # Pending: Andi is still Palu's, signs in as Palu's staff, and cannot read Tebo.
    andi_headers = bearer(await sign_in(client, "andi"))
    me = await client.get(f"{API}/auth/me", headers=andi_headers)
    assert me.json()["organization_id"] == str(palu.org.id)
    for path in (f"units/{tebo_unit.id}", f"organizations/{world.other_org.id}/units"):
        assert_problem(await client.get(f"{API}/{path}", headers=andi_headers), 404)
    assert (await client.get(f"{API}/units/{palu.p2p.id}", headers=andi_headers)).status_code == 200
    assert_problem(
        await client.get(f"{API}/employees/{andi}", headers=world.other_admin.headers), 404
    )
    held = await client.get(f"{API}/employees/{andi}/assignments", headers=palu.admin.headers)
    assert [a["end_date"] for a in held.json()["items"]] == [None]

    # The receiving side sees only what the decision needs.
    incoming = await client.get(
        f"{API}/organizations/{world.other_org.id}/transfer-requests",
        headers=world.other_admin.headers,
    )
    [seen] = incoming.json()["items"]
    assert seen == {
        "id": request["id"],
        "view": "receiver",
        "status": "pending",
        "employee_name": "Andi Pratama",
        "nip": "199607182020121003",
        "from_organization": {"code": palu.org.code, "name": palu.org.name},
        "to_organization": {"code": world.other_org.code, "name": world.other_org.name},
        "effective_date": date.today().isoformat(),
        "created_at": seen["created_at"],
        "decided_at": None,
        "decision_reason": None,
        "employee_id": None,
        "organization_id": None,
        "to_organization_id": str(world.other_org.id),
        "reason": None,
        "transfer_id": None,
    }
    outgoing = await client.get(
        f"{API}/organizations/{palu.org.id}/transfer-requests",
        headers=palu.admin.headers,
        params={"direction": "outgoing", "status": "pending"},
    )
    assert [i["employee_id"] for i in outgoing.json()["items"]] == [str(andi)]
    none = await client.get(
        f"{API}/organizations/{palu.org.id}/transfer-requests", headers=palu.admin.headers
    )
    assert none.json()["items"] == []

    # Accepted: the move happens, the account stays behind.
    r = await client.post(
        f"{API}/transfer-requests/{request['id']}/accept", headers=world.other_admin.headers
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["employee_id"]) == ("accepted", str(andi))
    assert_problem(await client.get(f"{API}/auth/me", headers=andi_headers), 401)
    assert_problem(await sign_in(client, "andi"), 401)
    assert_problem(await sign_in(client, "199607182020121003"), 401)  # by NIP neither
    moved = await client.get(f"{API}/employees/{andi}", headers=world.other_admin.headers)
    assert (moved.json()["organization_id"], moved.json()["opd_id"]) == (
        str(world.other_org.id),
        None,
    )
    # Tebo gives Andi an account of its own; it signs in as Tebo's staff.
    created = await client.post(
        f"{API}/organizations/{world.other_org.id}/users",
        headers=world.other_admin.headers,
        json={
            "username": "andi.tebo",
            "full_name": "Andi Pratama",
            "role": "staff",
            "password": "Disdukcapil-2026",
            "employee_id": str(andi),
        },
    )
    assert created.status_code == 201, created.text
    r = await client.post(
        f"{API}/auth/token",
        data={"username": "199607182020121003", "password": "Disdukcapil-2026"},
    )
    me = await client.get(f"{API}/auth/me", headers=bearer(r))
    assert me.json()["organization_id"] == str(world.other_org.id)

    # Audited: the request, its acceptance, the account left behind.
    rows = await audit_rows(sessionmaker, "transfer_requests", request["id"])
    assert [(a.action, (a.after or {}).get("status")) for a in rows] == [
        ("insert", "pending"),
        ("update", "accepted"),
    ]
    assert rows[1].actor_user_id == world.other_admin.id
    account = await audit_rows(sessionmaker, "users", palu.andi.id)
    assert account[-1].after == {**account[-1].after, "is_active": False, "employee_id": None}


async def test_refuse_cancel_and_the_rules_of_a_request(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    siti, andi = palu.siti.employee_id, palu.andi.employee_id
    url = f"{API}/employees/{siti}/transfer-requests"
    r = await client.post(url, headers=palu.admin.headers, json=ask(world, days=3))
    assert r.status_code == 201, r.text
    first = r.json()["id"]
    assert_problem(
        await client.post(url, headers=palu.admin.headers, json=ask(world)), 409, "transfer_pending"
    )
    # Not before the effective date.
    accept = f"{API}/transfer-requests/{first}/accept"
    body = assert_problem(
        await client.post(accept, headers={**world.other_admin.headers, "Accept-Language": "en"}),
        409,
        "transfer_not_yet_effective",
    )
    assert (date.today() + timedelta(days=3)).isoformat() in body["detail"]
    # Each side does only its part.
    assert_problem(
        await client.post(accept, headers=palu.admin.headers), 403, "transfer_not_receiver"
    )
    cancel = f"{API}/transfer-requests/{first}/cancel"
    assert_problem(
        await client.post(cancel, headers=world.other_admin.headers, json={}),
        403,
        "transfer_not_sender",
    )
    r = await client.post(cancel, headers=palu.admin.headers, json={"reason": "SK dibatalkan"})
    assert (r.status_code, r.json()["status"]) == (200, "cancelled"), r.text
    assert_problem(
        await client.post(cancel, headers=palu.admin.headers, json={}), 409, "transfer_not_pending"
    )

    # Refused with a reason the sender reads; the employee stays.
    r = await client.post(url, headers=palu.admin.headers, json=ask(world))
    second = r.json()["id"]
    refuse = f"{API}/transfer-requests/{second}/refuse"
    assert_problem(
        await client.post(refuse, headers=palu.admin.headers, json={"reason": "Tidak"}),
        403,
        "transfer_not_receiver",
    )
    r = await client.post(
        refuse, headers=world.other_admin.headers, json={"reason": "Formasi belum tersedia"}
    )
    assert (r.status_code, r.json()["status"]) == (200, "refused"), r.text
    seen = await client.get(f"{API}/transfer-requests/{second}", headers=palu.admin.headers)
    assert (seen.json()["decision_reason"], seen.json()["view"]) == (
        "Formasi belum tersedia",
        "sender",
    )
    assert_problem(
        await client.post(
            f"{API}/transfer-requests/{second}/accept", headers=world.other_admin.headers
        ),
        409,
        "transfer_not_pending",
    )
    employee = await client.get(f"{API}/employees/{siti}", headers=palu.admin.headers)
    assert employee.json()["organization_id"] == str(palu.org.id)

    # An employee who stopped serving meanwhile is not taken in.
    r = await client.post(
        f"{API}/employees/{andi}/transfer-requests", headers=palu.admin.headers, json=ask(world)
    )
    third = r.json()["id"]
    async with factory.sessionmaker() as s:
        from kinerja_api.organizations.models import Employee

        row = await s.get(Employee, andi)
        assert row is not None
        row.status = EmployeeStatus.RETIRED
        await s.commit()
    assert_problem(
        await client.post(
            f"{API}/transfer-requests/{third}/accept", headers=world.other_admin.headers
        ),
        409,
        "transfer_stale",
    )


@pytest.mark.parametrize(
    ("who", "operation", "status"),
    [
        # the sending side
        ("sender_admin", "read", 200),
        ("sender_admin", "list_outgoing", 200),
        ("sender_admin", "accept", 403),
        ("sender_admin", "refuse", 403),
        ("sender_opd_admin", "create", 403),
        ("sender_opd_admin", "read", 403),
        ("sender_staff", "create", 403),
        ("sender_staff", "read", 403),
        # the receiving side
        ("receiver_admin", "read", 200),
        ("receiver_admin", "list_incoming", 200),
        ("receiver_admin", "cancel", 403),
        ("receiver_opd_admin", "read", 403),
        ("receiver_opd_admin", "accept", 403),
        ("receiver_staff", "accept", 403),
        # neither side
        ("third_admin", "read", 404),
        ("third_admin", "accept", 404),
        ("third_admin", "cancel", 404),
        ("third_admin", "list_incoming", 404),
        ("platform", "read", 200),
        ("platform", "accept", 403),
        ("platform", "refuse", 403),
        ("platform", "cancel", 200),
        ("anonymous", "read", 401),
    ],
)
async def test_who_does_what_on_each_side(
    client: httpx.AsyncClient,
    palu: Palu,
    world: World,
    factory: Factory,
    who: str,
    operation: str,
    status: int,
) -> None:
    r = await client.post(
        f"{API}/employees/{palu.siti.employee_id}/transfer-requests",
        headers=palu.admin.headers,
        json=ask(world),
    )
    assert r.status_code == 201, r.text
    request = r.json()["id"]
    third = await factory.org("PEMKAB-BUNGO", name="Pemerintah Kabupaten Bungo")
    tebo_opd = await factory.unit(world.other_org, code="TEBO-DISDUK", name="Disdukcapil")
    accounts = {
        "sender_admin": palu.admin.headers,
        "sender_opd_admin": (
            await factory.account(palu.org, Role.ADMIN, username="op.dinkes", opd_id=palu.dinkes.id)
        ).headers,
        "sender_staff": palu.siti.headers,
        "receiver_admin": world.other_admin.headers,
        "receiver_opd_admin": (
            await factory.account(
                world.other_org, Role.ADMIN, username="op.tebo", opd_id=tebo_opd.id
            )
        ).headers,
        "receiver_staff": (await factory.account(world.other_org, username="staf.tebo")).headers,
        "third_admin": (await factory.account(third, Role.ADMIN, username="admin.bungo")).headers,
        "platform": world.platform.headers,
        "anonymous": {},
    }
    headers = accounts[who]
    calls = {
        "create": ("POST", f"employees/{palu.siti.employee_id}/transfer-requests", ask(world)),
        "read": ("GET", f"transfer-requests/{request}", None),
        "accept": ("POST", f"transfer-requests/{request}/accept", None),
        "refuse": ("POST", f"transfer-requests/{request}/refuse", {"reason": "Belum ada formasi"}),
        "cancel": ("POST", f"transfer-requests/{request}/cancel", {}),
        "list_incoming": ("GET", f"organizations/{world.other_org.id}/transfer-requests", None),
        "list_outgoing": ("GET", f"organizations/{palu.org.id}/transfer-requests", None),
    }
    method, path, body = calls[operation]
    if who == "third_admin" and operation.startswith("list"):
        path = f"organizations/{world.other_org.id}/transfer-requests"
    r = await client.request(method, f"{API}/{path}", headers=headers, json=body)
    assert r.status_code == status, r.text
