"""Employees: registration, visibility (own / subordinates / organization), assignments with
their rules, transfers, accounts linked to employees and sign-in by NIP, my profile."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import (
    PASSWORD,
    SINCE,
    Factory,
    Palu,
    QueryCounter,
    World,
    assert_problem,
    audit_rows,
    make_nip,
)
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import AssignmentKind, PositionKind, StructuralLevel
from kinerja_api.organizations.scope import subordinate_employee_ids


def employees_url(palu: Palu) -> str:
    return f"/api/v1/organizations/{palu.org.id}/employees"


async def test_admin_registers_and_updates_an_employee(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    body = {
        "nip": "199811232022032006",
        "name": "Nurul Huda, S.Kep",
        "golongan": "III.a",
        "email": "Nurul.Huda@dinkes.palukota.go.id",
        "phone": "+62 812 4567 8901",
    }
    assert_problem(
        await client.post(employees_url(palu), headers=palu.kabid.headers, json=body), 403
    )
    r = await client.post(employees_url(palu), headers=palu.admin.headers, json=body)
    assert r.status_code == 201, r.text
    created = r.json()
    assert r.headers["location"] == f"/api/v1/employees/{created['id']}"
    assert created["visibility"] == "full"
    assert (created["golongan"], created["pangkat"], created["email"]) == (
        "III/a",
        "Penata Muda",
        "nurul.huda@dinkes.palukota.go.id",
    )
    assert (created["status"], created["position"], created["account_id"]) == ("active", None, None)

    url = f"/api/v1/employees/{created['id']}"
    assert_problem(
        await client.patch(url, headers={**palu.admin.headers, "If-Match": '"5"'}, json={}), 412
    )
    r = await client.patch(
        url, headers={**palu.admin.headers, "If-Match": '"1"'}, json={"status": "leave"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.headers["etag"]) == ("leave", '"2"')
    rows = await audit_rows(sessionmaker, "employees", uuid.UUID(created["id"]))
    assert [(a.action, a.actor_user_id) for a in rows] == [
        ("insert", palu.admin.id),
        ("update", palu.admin.id),
    ]
    assert rows[0].organization_id == palu.org.id
    assert (rows[1].before["status"], rows[1].after["status"]) == ("active", "leave")


async def test_visibility_own_subordinates_organization(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    def url(account: Any) -> str:
        return f"/api/v1/employees/{account.employee_id}"

    own = (await client.get(url(palu.siti), headers=palu.siti.headers)).json()
    assert (own["visibility"], own["nip"]) == ("full", "199504102019032011")
    colleague = await client.get(url(palu.andi), headers=palu.siti.headers)
    assert colleague.status_code == 200
    assert colleague.json() == {
        "id": str(palu.andi.employee_id),
        "organization_id": str(palu.org.id),
        # The directory says which OPD a colleague works in and whether they are an ASN.
        "opd_id": str(palu.dinkes.id),
        "kind": "asn",
        "name": "Andi Pratama",
        "visibility": "directory",
        "position": {
            "id": str(palu.pengelola_pos.id),
            "name": "Pengelola Data Surveilans",
            "kind": "pelaksana",
            "unit_id": str(palu.surv.id),
        },
        "unit": {
            "id": str(palu.surv.id),
            "code": "SURV-IMUN",
            "name": "Seksi Surveilans dan Imunisasi",
        },
        "nip": None,
        "golongan": None,
        "pangkat": None,
        "email": None,
        "phone": None,
        "status": None,
        "birth_date": None,
        "sex": None,
        "account_id": None,
        "created_at": None,
        "version": None,
    }
    assert "etag" not in colleague.headers
    # Supervisors see their (indirect) subordinates in full, not their peers or bosses.
    assert (await client.get(url(palu.andi), headers=palu.kabid.headers)).json()[
        "visibility"
    ] == "full"
    assert (await client.get(url(palu.siti), headers=palu.kabid.headers)).json()[
        "visibility"
    ] == "directory"
    assert (await client.get(url(palu.kadis), headers=palu.kabid.headers)).json()[
        "visibility"
    ] == "directory"
    assert (await client.get(url(palu.siti), headers=palu.kadis.headers)).json()[
        "visibility"
    ] == "full"
    assert (await client.get(url(palu.kadis), headers=palu.admin.headers)).json()[
        "visibility"
    ] == "full"

    listing = await client.get(employees_url(palu), headers=palu.kapus.headers)
    seen = {e["name"]: e["visibility"] for e in listing.json()["items"]}
    assert seen == {
        "Andi Pratama": "directory",
        "Ns. Fadli Rahman": "full",
        "Siti Rahma": "full",
        "dr. Herry Mulyadi": "directory",
        "dr. Nurhaya Lamato": "directory",
    }
    assert all(e["nip"] is None for e in listing.json()["items"] if e["visibility"] == "directory")
    # Searching by NIP would reveal birth dates: admins only.
    nip = {"nip": "199607182020121003"}
    assert_problem(
        await client.get(employees_url(palu), headers=palu.kapus.headers, params=nip),
        403,
        "filter_not_allowed",
    )
    found = await client.get(employees_url(palu), headers=palu.admin.headers, params=nip)
    assert [e["name"] for e in found.json()["items"]] == ["Andi Pratama"]


async def test_employee_list_filters(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    await factory.employee(palu.org, name="Zaenal Retired", status="retired")

    async def names(**params: str) -> list[str]:
        r = await client.get(employees_url(palu), headers=palu.admin.headers, params=params)
        assert r.status_code == 200, r.text
        return [e["name"] for e in r.json()["items"]]

    assert await names(unit_id=str(palu.pkm.id)) == ["Ns. Fadli Rahman", "Siti Rahma"]
    assert await names(position_id=str(palu.kabid_pos.id)) == ["dr. Nurhaya Lamato"]
    assert await names(status="retired") == ["Zaenal Retired"]
    assert await names(q="rahma") == ["Ns. Fadli Rahman", "Siti Rahma"]
    assert await names(unit_id=str(palu.pkm.id), on="2019-12-31") == []


async def test_employee_list_is_constant_in_queries(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    count_queries: Callable[[], QueryCounter],
) -> None:
    async def list_queries(account: Any) -> int:
        counter = count_queries()
        r = await client.get(employees_url(palu), headers=account.headers)
        assert r.status_code == 200
        return counter.count

    small_staff, small_admin = await list_queries(palu.kapus), await list_queries(palu.admin)
    for _ in range(5):
        nurse = await factory.employee(palu.org)
        await factory.assign(nurse, palu.perawat_pos)
        await factory.account(palu.org, employee=nurse)
    assert await list_queries(palu.kapus) == small_staff
    assert await list_queries(palu.admin) == small_admin


# ---- assignments -------------------------------------------------------------------------------


async def _assign(
    client: httpx.AsyncClient, palu: Palu, employee_id: uuid.UUID, **body: Any
) -> httpx.Response:
    payload = {"kind": "definitive", "start_date": "2026-12-01", **body}
    payload["position_id"] = str(payload["position_id"])
    return await client.post(
        f"/api/v1/employees/{employee_id}/assignments", headers=palu.admin.headers, json=payload
    )


async def test_assignment_rules(client: httpx.AsyncClient, palu: Palu, factory: Factory) -> None:
    andi = palu.andi.employee_id
    # A second definitive position while the first is open.
    r = await _assign(client, palu, andi, position_id=palu.perawat_pos.id)
    assert_problem(r, 409, "definitive_position_overlap")
    # A structural position with a definitive holder.
    budi = await factory.employee(palu.org, name="Budi")
    r = await _assign(client, palu, budi.id, position_id=palu.kapus_pos.id)
    assert_problem(r, 409, "position_occupied")
    # Functional positions take several holders.
    r = await _assign(client, palu, budi.id, position_id=palu.perawat_pos.id)
    assert r.status_code == 201, r.text
    assert r.json()["position"]["name"] == "Perawat Ahli Pertama"
    # The same position twice.
    r = await _assign(
        client, palu, budi.id, position_id=palu.perawat_pos.id, kind="plh", end_date="2026-12-05"
    )
    assert_problem(r, 409, "assignment_duplicate")
    # PLT/PLH need an end date and one acting official at a time.
    r = await _assign(client, palu, budi.id, position_id=palu.kasi_pos.id, kind="plt")
    assert assert_problem(r, 422)["errors"][0]["type"] == "end_date_required"
    r = await _assign(
        client, palu, budi.id, position_id=palu.kasi_pos.id, kind="plt", end_date="2026-11-30"
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "end_before_start"
    r = await _assign(
        client, palu, budi.id, position_id=palu.kasi_pos.id, kind="plt", end_date="2027-02-28"
    )
    assert r.status_code == 201, r.text
    r = await _assign(
        client,
        palu,
        palu.kapus.employee_id,
        position_id=palu.kasi_pos.id,
        kind="plh",
        start_date="2027-02-28",
        end_date="2027-03-05",
    )
    assert_problem(r, 409, "acting_overlap")
    r = await _assign(
        client,
        palu,
        palu.kapus.employee_id,
        position_id=palu.kasi_pos.id,
        kind="plh",
        start_date="2027-03-01",
        end_date="2027-03-05",
    )
    assert r.status_code == 201, r.text
    # Inactive positions and non-serving employees.
    inactive = await factory.position(palu.org, palu.surv, is_active=False)
    r = await _assign(
        client, palu, budi.id, position_id=inactive.id, kind="plh", end_date="2026-12-05"
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "position_inactive"
    retired = await factory.employee(palu.org, status="retired")
    r = await _assign(client, palu, retired.id, position_id=palu.perawat_pos.id)
    assert_problem(r, 409, "employee_not_serving")


async def test_assignment_position_must_be_in_the_employee_org(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    unit = await factory.unit(world.other_org)
    foreign = await factory.position(world.other_org, unit)
    budi = await factory.employee(palu.org)
    r = await _assign(client, palu, budi.id, position_id=foreign.id)
    assert assert_problem(r, 422)["errors"][0]["type"] == "position_not_found"


async def test_end_extend_and_history(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    yanti = await factory.employee(palu.org, name="Yanti")
    plt = await _assign(
        client,
        palu,
        yanti.id,
        position_id=palu.kasi_pos.id,
        kind="plt",
        start_date="2026-10-01",
        end_date="2026-12-31",
    )
    assert plt.status_code == 201, plt.text
    url = f"/api/v1/assignments/{plt.json()['id']}"
    # Extend the PLT, then end it early when the definitive Kasi is installed.
    r = await client.patch(
        url, headers={**palu.admin.headers, "If-Match": '"1"'}, json={"end_date": "2027-03-31"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["end_date"] == "2027-03-31"
    r = await client.post(
        f"{url}/end", headers=palu.admin.headers, json={"end_date": "2027-04-30", "reason": "x"}
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "end_after_planned_end"
    r = await client.post(
        f"{url}/end",
        headers={**palu.admin.headers, "If-Match": '"2"'},
        json={"end_date": "2027-01-15", "reason": "Pejabat definitif telah dilantik"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["end_date"], r.json()["ended_at"] is not None) == ("2027-01-15", True)
    assert_problem(
        await client.post(
            f"{url}/end", headers=palu.admin.headers, json={"end_date": "2027-01-10"}
        ),
        409,
        "assignment_ended",
    )
    assert_problem(
        await client.patch(url, headers=palu.admin.headers, json={"end_date": "2027-01-20"}),
        409,
        "assignment_ended",
    )
    rows = await audit_rows(sessionmaker, "employee_positions", uuid.UUID(plt.json()["id"]))
    assert [(a.action, a.reason) for a in rows][-1] == (
        "update",
        "Pejabat definitif telah dilantik",
    )
    assert rows[-1].after["end_date"] == "2027-01-15"

    # History: the employee, their supervisors and admins; newest first.
    await factory.assign(yanti, palu.pengelola_pos, start=date(2021, 1, 4))
    history = await client.get(
        f"/api/v1/employees/{yanti.id}/assignments", headers=palu.kabid.headers
    )
    assert history.status_code == 200, history.text
    assert [(a["kind"], a["start_date"]) for a in history.json()["items"]] == [
        ("plt", "2026-10-01"),
        ("definitive", "2021-01-04"),
    ]
    only_plt = await client.get(
        f"/api/v1/employees/{yanti.id}/assignments",
        headers=palu.admin.headers,
        params={"kind": "plt"},
    )
    assert len(only_plt.json()["items"]) == 1
    assert_problem(
        await client.get(f"/api/v1/employees/{yanti.id}/assignments", headers=palu.siti.headers),
        403,
        "employee_not_in_scope",
    )
    assert_problem(await client.get(url, headers=palu.siti.headers), 403)
    assert (await client.get(url, headers=palu.kadis.headers)).status_code == 200
    acting = await client.get(
        f"/api/v1/organizations/{palu.org.id}/assignments",
        headers=palu.admin.headers,
        params={"kind": "plt", "on": "2026-11-25"},
    )
    assert [a["employee"]["name"] for a in acting.json()["items"]] == ["Yanti"]
    assert_problem(
        await client.get(
            f"/api/v1/organizations/{palu.org.id}/assignments", headers=palu.kadis.headers
        ),
        403,
    )


async def test_retiring_needs_ended_assignments(client: httpx.AsyncClient, palu: Palu) -> None:
    url = f"/api/v1/employees/{palu.siti.employee_id}"
    assert_problem(
        await client.patch(url, headers=palu.admin.headers, json={"status": "retired"}),
        409,
        "employee_has_assignments",
    )
    history = await client.get(f"{url}/assignments", headers=palu.admin.headers)
    current = history.json()["items"][0]["id"]
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    r = await client.post(
        f"/api/v1/assignments/{current}/end",
        headers=palu.admin.headers,
        json={"end_date": yesterday, "reason": "Pensiun"},
    )
    assert r.status_code == 200, r.text
    r = await client.patch(url, headers=palu.admin.headers, json={"status": "retired"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["position"]) == ("retired", None)


# ---- transfers ---------------------------------------------------------------------------------


async def test_accepted_transfer_moves_employee_not_account_and_keeps_history(
    client: httpx.AsyncClient,
    palu: Palu,
    world: World,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    andi = palu.andi.employee_id
    effective = date.today() - timedelta(days=5)
    body = {
        "organization_id": str(world.other_org.id),
        "effective_date": effective.isoformat(),
        "reason": "Mutasi berdasarkan SK Bupati Tebo Nomor 821/2026",
    }
    url = f"/api/v1/employees/{andi}/transfer-requests"
    assert_problem(await client.post(url, headers=palu.kabid.headers, json=body), 403)
    assert_problem(await client.post(url, headers=world.other_admin.headers, json=body), 404)
    same = {**body, "organization_id": str(palu.org.id)}
    err = assert_problem(await client.post(url, headers=palu.admin.headers, json=same), 422)
    assert err["errors"][0]["type"] == "transfer_target_invalid"

    r = await client.post(url, headers=palu.admin.headers, json=body)
    assert r.status_code == 201, r.text
    request = r.json()
    assert (request["organization_id"], request["to_organization_id"]) == (
        str(palu.org.id),
        str(world.other_org.id),
    )
    accepted = await client.post(
        f"/api/v1/transfer-requests/{request['id']}/accept", headers=world.other_admin.headers
    )
    assert accepted.status_code == 200, accepted.text
    transfer_id = accepted.json()["transfer_id"]
    # Now in Tebo: the old admin no longer reaches the employee; the new admin does.
    assert_problem(await client.get(f"/api/v1/employees/{andi}", headers=palu.admin.headers), 404)
    moved = await client.get(f"/api/v1/employees/{andi}", headers=world.other_admin.headers)
    assert (moved.json()["organization_id"], moved.json()["position"]) == (
        str(world.other_org.id),
        None,
    )
    transfers = await client.get(
        f"/api/v1/employees/{andi}/transfers", headers=world.other_admin.headers
    )
    assert [(t["id"], t["reason"]) for t in transfers.json()["items"]] == [
        (transfer_id, body["reason"])
    ]
    # The Palu assignment ended the day before and stays in Palu's history, not Tebo's.
    old = await client.get(
        f"/api/v1/organizations/{palu.org.id}/assignments",
        headers=palu.admin.headers,
        params={"employee_id": str(andi)},
    )
    [row] = old.json()["items"]
    last_day = (effective - timedelta(days=1)).isoformat()
    assert (row["end_date"], row["ended_at"] is not None) == (last_day, True)
    new_history = await client.get(
        f"/api/v1/employees/{andi}/assignments", headers=world.other_admin.headers
    )
    assert new_history.json()["items"] == []
    # The account did not cross: it stays in Palu, deactivated and unlinked; its sign-ins
    # ended. Tebo gives Andi an account of its own.
    assert_problem(await client.get("/api/v1/auth/me", headers=palu.andi.headers), 401)
    account = await client.get(f"/api/v1/users/{palu.andi.id}", headers=palu.admin.headers)
    assert (account.json()["organization_id"], account.json()["is_active"]) == (
        str(palu.org.id),
        False,
    )
    assert account.json()["employee_id"] is None
    assert_problem(
        await client.get(f"/api/v1/users/{palu.andi.id}", headers=world.other_admin.headers), 404
    )
    # Andi is no longer in the Kabid's team (his record now belongs to Tebo), but the scope
    # helper still knows he was her subordinate before the transfer, for Palu's own records.
    for on in (None, last_day):
        params = {"on": on} if on else {}
        team = await client.get("/api/v1/me/team", headers=palu.kabid.headers, params=params)
        assert all(m["name"] != "Andi Pratama" for m in team.json()["items"])
    async with sessionmaker() as s:
        kabid = palu.kabid.employee_id
        assert andi in await subordinate_employee_ids(s, kabid, effective - timedelta(days=1))
        assert andi not in await subordinate_employee_ids(s, kabid, effective)


async def test_transfer_by_platform_admin_and_future_assignments(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    siti = palu.siti.employee_id
    today = date.today()
    await factory.assign(
        await _employee(palu, siti),
        palu.kasi_pos,
        kind=AssignmentKind.PLH,
        start=today - timedelta(days=2),
        end=today + timedelta(days=8),
    )
    url = f"/api/v1/employees/{siti}/transfer-requests"
    body = {
        "organization_id": str(world.other_org.id),
        "effective_date": (today - timedelta(days=5)).isoformat(),
        "reason": "Mutasi",
    }
    r = await client.post(url, headers=world.platform.headers, json=body)
    assert_problem(r, 409, "employee_has_future_assignments")
    body["effective_date"] = (today - timedelta(days=1)).isoformat()
    r = await client.post(url, headers=world.platform.headers, json=body)
    assert r.status_code == 201, r.text
    # The platform admin asks on behalf of Palu, but does not decide for Tebo.
    decide = f"/api/v1/transfer-requests/{r.json()['id']}/accept"
    assert_problem(await client.post(decide, headers=world.platform.headers), 403)
    accepted = await client.post(decide, headers=world.other_admin.headers)
    assert accepted.status_code == 200, accepted.text
    ended = await client.get(
        f"/api/v1/organizations/{palu.org.id}/assignments",
        headers=palu.admin.headers,
        params={"employee_id": str(siti), "kind": "plh"},
    )
    assert ended.json()["items"][0]["end_date"] == (today - timedelta(days=2)).isoformat()


async def _employee(palu: Palu, employee_id: uuid.UUID) -> Any:
    for account in (palu.kadis, palu.kabid, palu.andi, palu.kapus, palu.siti):
        if account.employee_id == employee_id:
            return account.employee
    raise AssertionError(employee_id)


# ---- accounts and sign-in by NIP ---------------------------------------------------------------


async def test_sign_in_with_nip(client: httpx.AsyncClient, palu: Palu) -> None:
    for login in ("199504102019032011", " 19950410 201903 2 011 "):
        r = await client.post("/api/v1/auth/token", data={"username": login, "password": PASSWORD})
        assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    profile = await client.get("/api/v1/me/profile", headers={"Authorization": f"Bearer {token}"})
    assert profile.json()["employee"]["name"] == "Siti Rahma"
    wrong = await client.post(
        "/api/v1/auth/token", data={"username": "199504102019032011", "password": "salah-123456"}
    )
    assert_problem(wrong, 401, "invalid_credentials")
    unknown = await client.post(
        "/api/v1/auth/token", data={"username": make_nip(999), "password": PASSWORD}
    )
    assert_problem(unknown, 401, "invalid_credentials")


async def test_accounts_link_to_employees(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    budi = await factory.employee(palu.org, name="Budi Santoso")
    url = f"/api/v1/organizations/{palu.org.id}/users"
    body = {
        "username": "budi.santoso",
        "full_name": "Budi Santoso",
        "role": "staff",
        "password": "Awal-Kerja-2026",
        "employee_id": str(budi.id),
    }
    r = await client.post(url, headers=palu.admin.headers, json=body)
    assert r.status_code == 201, r.text
    assert r.json()["employee_id"] == str(budi.id)
    again = {**body, "username": "budi.dua"}
    assert_problem(
        await client.post(url, headers=palu.admin.headers, json=again),
        409,
        "employee_already_linked",
    )
    foreign = await factory.employee(world.other_org)
    err = assert_problem(
        await client.post(
            url,
            headers=palu.admin.headers,
            json={**body, "username": "budi.tiga", "employee_id": str(foreign.id)},
        ),
        422,
    )
    assert err["errors"][0]["field"] == "employee_id"
    user = f"/api/v1/users/{r.json()['id']}"
    unlinked = await client.patch(user, headers=palu.admin.headers, json={"employee_id": None})
    assert unlinked.json()["employee_id"] is None
    relink = await client.patch(
        user, headers=palu.admin.headers, json={"employee_id": str(palu.siti.employee_id)}
    )
    assert_problem(relink, 409, "employee_already_linked")


async def test_my_profile(client: httpx.AsyncClient, palu: Palu, factory: Factory) -> None:
    await factory.assign(
        palu.kabid.employee,
        palu.kasi_pos,
        kind=AssignmentKind.PLT,  # type: ignore[arg-type]
        start=SINCE,
        end=date(2099, 12, 31),
    )
    r = await client.get("/api/v1/me/profile", headers=palu.andi.headers)
    assert r.status_code == 200, r.text
    profile = r.json()
    assert profile["employee"]["nip"] == "199607182020121003"
    assert profile["position"]["name"] == "Pengelola Data Surveilans"
    assert profile["unit"]["code"] == "SURV-IMUN"
    assert profile["acting"] == []
    assert (profile["appraiser"]["name"], profile["appraiser"]["basis"]) == (
        "dr. Nurhaya Lamato",
        "plt",
    )
    assert profile["appraiser_superior"]["name"] == "dr. Herry Mulyadi"

    kabid = (await client.get("/api/v1/me/profile", headers=palu.kabid.headers)).json()
    assert kabid["position"]["name"] == "Kepala Bidang P2P"
    assert [a["position"]["name"] for a in kabid["acting"]] == ["Kepala Seksi Surveilans"]
    assert kabid["appraiser"]["name"] == "dr. Herry Mulyadi"
    assert kabid["appraiser_superior"] is None

    r = await client.get("/api/v1/me/profile", headers=palu.admin.headers)
    assert_problem(r, 404, "employee_not_linked")
    assert_problem(await client.get("/api/v1/me/team", headers=palu.admin.headers), 404)


@pytest.mark.parametrize("role", [Role.STAFF, Role.SUPERVISOR])
async def test_acting_official_role_does_not_matter(
    client: httpx.AsyncClient, palu: Palu, factory: Factory, role: Role
) -> None:
    # Scope comes from the chain, not from the account's role.
    seksi = await factory.position(
        palu.org,
        palu.surv,
        kind=PositionKind.STRUKTURAL,
        level=StructuralLevel.PENGAWAS,
        superior=palu.kabid_pos,
        name="Kepala Seksi Imunisasi",
    )
    staff = await factory.person(palu.org, seksi, role)
    await factory.assign(
        await factory.employee(palu.org, name="Pelaksana Imunisasi"),
        await factory.position(palu.org, palu.surv, superior=seksi),
    )
    team = await client.get("/api/v1/me/team", headers=staff.headers)
    assert [m["name"] for m in team.json()["items"]] == ["Pelaksana Imunisasi"]


async def test_username_wins_over_someone_elses_nip(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    # An (unwise) username equal to Siti's NIP signs in as itself, never as Siti.
    await factory.user(palu.org, username="199504102019032011")
    r = await client.post(
        "/api/v1/auth/token", data={"username": "199504102019032011", "password": PASSWORD}
    )
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert (me.json()["username"], me.json()["employee_id"]) == ("199504102019032011", None)


async def test_admin_cannot_transfer_themself(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    hr = await factory.person(palu.org, None, Role.ADMIN, name="Rahmat Hidayat")
    r = await client.post(
        f"/api/v1/employees/{hr.employee_id}/transfer-requests",
        headers=hr.headers,
        json={"organization_id": str(world.other_org.id), "reason": "Mutasi"},
    )
    assert_problem(r, 403, "self_modification")
