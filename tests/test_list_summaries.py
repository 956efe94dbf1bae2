"""Lists carry what a list screen shows (issue 14): the inbox names the employee (name, NIP)
and the RHK, positions their unit and superior, appraisals and rewards the employee's NIP and
name; an overlapping assignment names who holds what. Statement counts stay constant
(tests/test_query_budget.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import (
    Clock,
    finalize,
    rate_head,
    rate_siti,
    record_result,
    setup_cycle,
)
from appraisal_support import clock as clock  # the fixture
from conftest import Factory, Palu, World, assert_problem, audit_rows
from kinerja_api.auth.models import Role
from skp_support import API, ok
from test_activities import approved_rhk, body, org_today, post

SITI_NIP = "199504102019032011"


async def test_inbox_items_name_the_employee_and_the_rhk(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    today = org_today(palu.org)
    rhk, _ = await approved_rhk(sessionmaker, palu.siti, today.year)
    ok(await post(client, palu.siti, body(rhk, today - timedelta(days=1))), 201)
    page = ok(await client.get(f"{API}/activity-reports/inbox", headers=palu.kapus.headers))
    (item,) = page["items"]
    assert item["employee"] == {
        "id": str(palu.siti.employee_id),
        "nip": SITI_NIP,
        "name": "Siti Rahma",
    }
    assert item["work_result"]["id"] == str(rhk)
    assert item["work_result"]["statement"]


async def test_positions_list_their_unit_and_superior(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    page = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/positions",
            headers=palu.siti.headers,
            params={"unit_id": str(palu.pkm.id), "limit": 200},
        )
    )
    by_name = {p["name"]: p for p in page["items"]}
    perawat = by_name["Perawat Ahli Pertama"]
    assert perawat["unit"] == {
        "id": str(palu.pkm.id),
        "code": "PKM-TALISE",
        "name": "UPTD Puskesmas Talise",
    }
    assert perawat["superior"] == {
        "id": str(palu.kapus_pos.id),
        "name": "Kepala Puskesmas Talise",
    }
    kadis = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/positions",
            headers=palu.siti.headers,
            params={"unit_id": str(palu.dinkes.id)},
        )
    )["items"]
    assert [p["superior"] for p in kadis] == [None]


async def test_appraisals_and_rewards_name_the_employee_with_nip(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    pid = s["period"]["id"]
    page = ok(
        await client.get(f"{API}/appraisals", headers=palu.kapus.headers, params={"period_id": pid})
    )
    siti = next(a for a in page["items"] if a["id"] == s["appraisal_id"])
    assert siti["employee"] == {
        "id": str(palu.siti.employee_id),
        "nip": SITI_NIP,
        "name": "Siti Rahma",
    }
    await rate_siti(client, palu, s, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    ok(await record_result(client, palu, pid, "istimewa"))
    await _finalized(client, palu, pid)
    rewards = f"{API}/appraisal-periods/{pid}/rewards"
    reward: dict[str, Any] = {
        "appraisal_id": s["appraisal_id"],
        "title": "Pegawai Terbaik Semester I",
        "reason": "Sangat Baik, capaian tertinggi",
        "awarded_on": "2026-08-17",
    }
    created = ok(await client.post(rewards, headers=palu.admin.headers, json=reward), 201)
    assert created["employee"]["nip"] == SITI_NIP
    listed = ok(await client.get(rewards, headers=palu.andi.headers))["items"]
    assert [(r["employee"]["name"], r["employee"]["nip"]) for r in listed] == [
        ("Siti Rahma", SITI_NIP)
    ]


async def _finalized(client: httpx.AsyncClient, palu: Palu, pid: str) -> None:
    ok(
        await client.patch(
            f"{API}/organizations/{palu.org.id}/settings",
            headers=palu.admin.headers,
            json={"appraisal": {"curve_enforcement": "warn"}},
        )
    )
    ok(await finalize(client, palu, pid, palu.pkm.id))


async def test_an_overlapping_assignment_names_the_holder_and_position(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    budi = await factory.employee(palu.org, name="Budi Santoso")
    r = await client.post(
        f"{API}/employees/{budi.id}/assignments",
        headers=palu.admin.headers,
        json={
            "position_id": str(palu.kapus_pos.id),
            "kind": "definitive",
            "start_date": "2026-12-01",
        },
    )
    detail = assert_problem(r, 409, "position_occupied")["detail"]
    assert "Kepala Puskesmas Talise" in detail
    assert "Ns. Fadli Rahman" in detail
    assert "2020-01-01" in detail
    r = await client.post(
        f"{API}/employees/{palu.andi.employee_id}/assignments",
        headers={**palu.admin.headers, "Accept-Language": "en"},
        json={
            "position_id": str(palu.perawat_pos.id),
            "kind": "definitive",
            "start_date": "2026-12-01",
        },
    )
    detail = assert_problem(r, 409, "definitive_position_overlap")["detail"]
    assert "Andi Pratama already has the definitive position Pengelola Data Surveilans" in detail


async def test_a_reward_given_by_mistake_is_revoked_with_a_reason_not_deleted(
    client: httpx.AsyncClient,
    palu: Palu,
    clock: Clock,
    world: World,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    s = await setup_cycle(client, palu)
    pid = s["period"]["id"]
    await rate_siti(client, palu, s, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    ok(await record_result(client, palu, pid, "istimewa"))
    await _finalized(client, palu, pid)
    rewards = f"{API}/appraisal-periods/{pid}/rewards"
    body = {
        "appraisal_id": s["head_id"],  # the wrong person
        "title": "Pegawai Terbaik Semester I",
        "reason": "Capaian tertinggi",
        "awarded_on": "2026-08-17",
    }
    wrong = ok(await client.post(rewards, headers=palu.admin.headers, json=body), 201)
    assert wrong["revoked_at"] is None
    revoke = f"{API}/appraisal-rewards/{wrong['id']}/revoke"
    reason = {"reason": "Salah pilih: seharusnya Siti Rahma"}

    # who may not: the appraised's superior, an OPD admin, another instansi (404), bad input
    assert_problem(await client.post(revoke, headers=palu.kadis.headers, json=reason), 403)
    opd_admin = await factory.account(
        palu.org, Role.ADMIN, username="admin.opd.dinkes", opd_id=palu.dinkes.id
    )
    assert_problem(await client.post(revoke, headers=opd_admin.headers, json=reason), 403)
    r = await client.post(revoke, headers=world.other_admin.headers, json=reason)
    assert_problem(r, 404)
    assert_problem(await client.post(revoke, headers=palu.admin.headers, json={}), 422)
    r = await client.post(
        f"{API}/appraisal-rewards/{uuid.uuid4()}/revoke", headers=palu.admin.headers, json=reason
    )
    assert_problem(r, 404)

    revoked = ok(await client.post(revoke, headers=palu.admin.headers, json=reason))
    assert revoked["revoke_reason"] == reason["reason"]
    assert revoked["revoked_at"]
    assert revoked["employee"]["name"] == "Ns. Fadli Rahman"
    r = await client.post(revoke, headers=palu.admin.headers, json=reason)
    assert_problem(r, 409, "reward_revoked")

    # out of the rewards in force, still listed as revoked; audited with who and why
    assert ok(await client.get(rewards, headers=palu.andi.headers))["items"] == []
    gone = ok(await client.get(rewards, headers=palu.andi.headers, params={"revoked": "true"}))
    assert [(r["id"], r["revoke_reason"]) for r in gone["items"]] == [
        (wrong["id"], reason["reason"])
    ]
    rows = await audit_rows(sessionmaker, "appraisal_rewards", uuid.UUID(wrong["id"]))
    assert [(a.action, a.reason) for a in rows] == [
        ("insert", None),
        ("update", reason["reason"]),
    ]
    assert rows[1].actor_user_id == palu.admin.id
    right = ok(
        await client.post(
            rewards, headers=palu.admin.headers, json={**body, "appraisal_id": s["appraisal_id"]}
        ),
        201,
    )
    listed = ok(await client.get(rewards, headers=palu.andi.headers))["items"]
    assert [r["id"] for r in listed] == [right["id"]]
