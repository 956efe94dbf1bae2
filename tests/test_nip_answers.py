"""The NIP is unique nationally, but registering or importing people is no oracle of which NIPs
work where (issue 19, item 6).

An outside tester imported 3,030 candidate NIPs in a dry run and got, in 0.08 s, exactly the
three registered in another organization, each named as such; ``POST /employees`` answered
the same way. No test covered it: the import tests checked that such a row is refused
(``employee_nip_taken``), which is right, not what the refusal tells nor how often. Now the
answer says "already registered" without saying where, each answer about a NIP held outside
the caller's reach counts against the account's budget (429 ``nip_answers_limited`` above
it), and each is audited in a transaction of its own: a dry run or a refused import, whose
writes roll back, still leaves its trace.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Factory, Palu, World, assert_problem, make_nip
from kinerja_api.core.audit import AuditLog
from test_import_export import EMPLOYEE_HEADER, csv_file, employee_row, upload

API = "/api/v1"


async def disclosures(sessionmaker: async_sessionmaker[AsyncSession]) -> list[AuditLog]:
    async with sessionmaker() as s:
        rows = await s.scalars(
            select(AuditLog)
            .where(AuditLog.action == "disclose", AuditLog.entity_type == "nip_answers")
            .order_by(AuditLog.at, AuditLog.id)
        )
        return list(rows)


def employee(nip: str, name: str = "Pegawai Baru") -> dict[str, Any]:
    return {"nip": nip, "name": name, "golongan": "III/a"}


async def test_nip_taken_elsewhere_says_not_where_and_is_audited(
    client: httpx.AsyncClient,
    world: World,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tebo = await factory.employee(world.other_org, nip="199001012015031001", name="Orang Tebo")
    r = await client.post(
        f"{API}/organizations/{world.org.id}/employees",
        headers={**world.admin.headers, "Accept-Language": "en"},
        json=employee(tebo.nip or ""),
    )
    body = assert_problem(r, 409, "employee_nip_taken")
    assert body["detail"] == f"NIP {tebo.nip} is already registered."
    for leak in (world.other_org.name, world.other_org.code, str(world.other_org.id), "Tebo"):
        assert leak not in r.text
    [row] = await disclosures(sessionmaker)
    assert (row.organization_id, row.actor_user_id) == (world.org.id, world.admin.id)
    assert row.entity_id == tebo.nip
    assert row.after == {"nip": tebo.nip, "answer": "employee_nip_taken", "source": "create"}

    # A NIP of one's own organization is no news: refused the same way, not counted.
    own = palu.siti.employee.nip  # type: ignore[union-attr]
    r = await client.post(
        f"{API}/organizations/{world.org.id}/employees",
        headers=world.admin.headers,
        json=employee(own or ""),
    )
    assert_problem(r, 409, "employee_nip_taken")
    assert len(await disclosures(sessionmaker)) == 1

    # Changing someone's NIP to one held elsewhere is the same answer.
    r = await client.patch(
        f"{API}/employees/{palu.andi.employee_id}",
        headers=world.admin.headers,
        json={"nip": tebo.nip},
    )
    assert_problem(r, 409, "employee_nip_taken")
    assert [d.after["source"] for d in await disclosures(sessionmaker)] == ["create", "update"]


@pytest.mark.settings(nip_taken_answers=3)
async def test_nip_taken_answers_are_limited_per_account(
    client: httpx.AsyncClient,
    world: World,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    taken = [(await factory.employee(world.other_org, nip=make_nip(900 + i))).nip for i in range(5)]
    url = f"{API}/organizations/{world.org.id}/employees"
    for nip in taken[:3]:
        r = await client.post(url, headers=world.admin.headers, json=employee(nip or ""))
        assert_problem(r, 409, "employee_nip_taken")
    r = await client.post(url, headers=world.admin.headers, json=employee(taken[3] or ""))
    body = assert_problem(r, 429, "nip_answers_limited")
    assert int(r.headers["Retry-After"]) > 0
    assert taken[3] not in body["detail"]
    # A free NIP is still registered: the budget limits answers about others' NIPs only.
    free = make_nip(950)
    r = await client.post(url, headers=world.admin.headers, json=employee(free))
    assert r.status_code == 201, r.text
    # Another account has its own budget.
    other = await client.post(
        f"{API}/organizations/{world.other_org.id}/employees",
        headers=world.other_admin.headers,
        json=employee(free),
    )
    assert_problem(other, 409, "employee_nip_taken")
    answers = [(d.actor_user_id, d.after["answer"]) for d in await disclosures(sessionmaker)]
    assert answers == [
        *[(world.admin.id, "employee_nip_taken")] * 3,
        (world.admin.id, "nip_answers_limited"),
        (world.other_admin.id, "employee_nip_taken"),
    ]


@pytest.mark.settings(nip_taken_answers=3)
async def test_import_dry_run_is_no_oracle(
    client: httpx.AsyncClient,
    world: World,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The tester's attack, scaled down: many candidate NIPs, a few registered elsewhere."""
    taken = {(await factory.employee(world.other_org, nip=make_nip(700 + i))).nip for i in (3, 11)}
    candidates = [make_nip(700 + i) for i in range(30)]
    rows = [EMPLOYEE_HEADER, *(employee_row(nip, f"Calon {nip}") for nip in candidates)]
    r = await upload(
        client, world.org, "employees", csv_file(rows), world.admin.headers, dry_run=True
    )
    body = assert_problem(r, 422, "import_invalid")
    assert {e["message"] for e in body["errors"]} == {f"NIP {nip} sudah terdaftar" for nip in taken}
    assert "organisasi lain" not in r.text
    assert world.other_org.code not in r.text
    # The dry run rolled back, its audit rows stayed.
    found = await disclosures(sessionmaker)
    assert {(d.entity_id, d.after["source"]) for d in found} == {
        (nip, "import_dry_run") for nip in taken
    }
    assert all(d.organization_id == world.org.id for d in found)

    # Two more taken NIPs exceed the budget of 3: the whole answer is 429, listing nothing.
    more = {(await factory.employee(world.other_org, nip=make_nip(800 + i))).nip for i in (1, 2)}
    rows += [employee_row(nip or "", "Lagi") for nip in more]
    r = await upload(
        client, world.org, "employees", csv_file(rows), world.admin.headers, dry_run=True
    )
    body = assert_problem(r, 429, "nip_answers_limited")
    assert "errors" not in body or not body["errors"]
    assert not any(nip in r.text for nip in taken | more if nip)
    assert len(await disclosures(sessionmaker)) > 2
