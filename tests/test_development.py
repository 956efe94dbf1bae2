"""Competency gaps, development plans and the rest of the issue-8 story over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import Palu, World, assert_problem, audit_rows

API = "/api/v1"
YEAR = 2026


async def _ok(r: httpx.Response, code: int = 200) -> Any:
    assert r.status_code == code, r.text
    return r.json()


async def _catalog(client: httpx.AsyncClient, palu: Palu) -> dict[str, str]:
    body = await _ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/competencies", headers=palu.siti.headers
        )
    )
    return {c["code"]: c["id"] for c in body["items"]}


async def test_gaps_per_employee_unit_and_organization(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    codes = await _catalog(client, palu)
    assert len(codes) == 8
    assert "KOMUNIKASI" in codes
    a = palu.admin.headers
    for code, level in (("KOMUNIKASI", 3), ("PELAYANAN_PUBLIK", 3)):
        await _ok(
            await client.put(
                f"{API}/positions/{palu.perawat_pos.id}/competency-standards",
                headers=a,
                json={"competency_id": codes[code], "required_level": level},
            ),
            201,
        )
    url = f"{API}/employees/{palu.siti.employee_id}/competency-assessments"
    await _ok(
        await client.post(
            url,
            headers=palu.kapus.headers,
            json={
                "competency_id": codes["KOMUNIKASI"],
                "level": 1,
                "source": "supervisor",
                "assessed_on": "2026-01-10",
            },
        ),
        201,
    )
    await _ok(
        await client.post(
            url,
            headers=palu.kapus.headers,
            json={
                "competency_id": codes["KOMUNIKASI"],
                "level": 2,
                "source": "supervisor",
                "assessed_on": "2026-06-30",
            },
        ),
        201,
    )
    await _ok(
        await client.post(
            url,
            headers=palu.siti.headers,
            json={
                "competency_id": codes["PELAYANAN_PUBLIK"],
                "level": 4,
                "source": "self",
                "assessed_on": "2026-06-30",
            },
        ),
        201,
    )
    # staff may not record a supervisor assessment of themselves; others' data: 403 / 404
    assert_problem(
        await client.post(
            url,
            headers=palu.siti.headers,
            json={
                "competency_id": codes["KOMUNIKASI"],
                "level": 5,
                "source": "supervisor",
                "assessed_on": "2026-07-01",
            },
        ),
        403,
        "assessment_not_allowed",
    )
    gaps = await _ok(
        await client.get(
            f"{API}/employees/{palu.siti.employee_id}/competency-gaps", headers=palu.siti.headers
        )
    )
    by = {g["code"]: g for g in gaps["items"]}
    assert (by["KOMUNIKASI"]["actual_level"], by["KOMUNIKASI"]["gap"]) == (2, 1)
    assert by["PELAYANAN_PUBLIK"]["gap"] == -1
    assert_problem(
        await client.get(
            f"{API}/employees/{palu.siti.employee_id}/competency-gaps", headers=palu.andi.headers
        ),
        403,
    )
    assert_problem(
        await client.get(
            f"{API}/employees/{palu.siti.employee_id}/competency-gaps",
            headers=world.other_admin.headers,
        ),
        404,
    )
    unit = await _ok(await client.get(f"{API}/units/{palu.pkm.id}/competency-gaps", headers=a))
    summary = {c["code"]: c for c in unit["items"]}
    assert unit["employees"] == 2  # the head and the nurse
    assert (summary["KOMUNIKASI"]["with_gap"], summary["KOMUNIKASI"]["average_gap"]) == (1, 1)
    assert summary["PELAYANAN_PUBLIK"]["with_gap"] == 0
    org = await _ok(
        await client.get(f"{API}/organizations/{palu.org.id}/competency-gaps", headers=a)
    )
    assert org["employees"] == 5
    mine = await _ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/competency-gaps", headers=palu.andi.headers
        )
    )
    assert mine["employees"] == 1
    assert mine["items"] == []
    assert_problem(
        await client.get(
            f"{API}/organizations/{palu.org.id}/competency-gaps", headers=world.other_admin.headers
        ),
        404,
    )


PLAN = {
    "year": YEAR,
    "type": "workshop",
    "title": "Workshop Komunikasi Efektif",
    "provider": "BPSDM Provinsi Sulawesi Tengah",
    "budget": 2500000,
    "learning_hours": 16,
}


async def test_plans_permissions_hours_and_budget(
    client: httpx.AsyncClient, palu: Palu, world: World, sessionmaker: Any
) -> None:
    siti = f"{API}/employees/{palu.siti.employee_id}/development-plans"
    # the employee proposes their own (planned, not approved); may not start it
    mine = await _ok(await client.post(siti, headers=palu.siti.headers, json=PLAN), 201)
    assert (mine["status"], mine["approved"]) == ("planned", False)
    assert_problem(
        await client.post(siti, headers=palu.siti.headers, json={**PLAN, "status": "ongoing"}), 403
    )
    assert_problem(
        await client.post(
            f"{API}/employees/{palu.andi.employee_id}/development-plans",
            headers=palu.siti.headers,
            json=PLAN,
        ),
        403,
    )
    assert_problem(await client.post(siti, headers=world.other_admin.headers, json=PLAN), 404)
    plan_url = f"{API}/development-plans/{mine['id']}"
    assert_problem(await client.post(f"{plan_url}/approve", headers=palu.siti.headers), 403)
    ok = await _ok(await client.post(f"{plan_url}/approve", headers=palu.kapus.headers))
    assert ok["approved"] is True
    # done needs evidence
    body = assert_problem(
        await client.patch(plan_url, headers=palu.kapus.headers, json={"status": "done"}), 422
    )
    assert body["errors"][0]["type"] == "evidence_required"
    done = await _ok(
        await client.patch(
            plan_url,
            headers=palu.kapus.headers,
            json={"status": "done", "evidence": "Sertifikat No. 12/BPSDM/2026"},
        )
    )
    assert done["status"] == "done"
    assert_problem(await client.get(plan_url, headers=world.other_admin.headers), 404)
    assert_problem(await client.get(plan_url, headers=palu.andi.headers), 403)
    await _ok(
        await client.post(
            f"{API}/employees/{palu.andi.employee_id}/development-plans",
            headers=palu.admin.headers,
            json={
                **PLAN,
                "title": "E-learning Analisis Data",
                "type": "e_learning",
                "budget": 0,
                "learning_hours": 24,
                "status": "done",
                "evidence": "https://asn.belajar/123",
            },
        ),
        201,
    )
    await _ok(
        await client.post(
            siti,
            headers=palu.admin.headers,
            json={**PLAN, "status": "cancelled", "budget": 9000000},
        ),
        201,
    )
    hours = await _ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/learning-hours",
            headers=palu.admin.headers,
            params={"year": YEAR},
        )
    )
    assert hours["minimum_hours"] == 20
    assert hours["employees"] == 5
    below = {r["name"]: (r["done_hours"], r["missing_hours"]) for r in hours["items"]}
    assert below["Siti Rahma"] == (16, 4)
    assert "Andi Pratama" not in below
    assert below["dr. Herry Mulyadi"] == (0, 20)
    budget = await _ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/development-budget",
            headers=palu.admin.headers,
            params={"year": YEAR},
        )
    )
    assert budget["organization"] == {
        "plans": 2,
        "budget": 2500000,
        "budget_done": 2500000,
        "learning_hours": 40,
    }
    units = {u["unit_id"]: u for u in budget["units"]}
    assert units[str(palu.pkm.id)]["budget"] == 2500000
    assert units[str(palu.surv.id)]["learning_hours"] == 24
    for path in ("learning-hours", "development-budget"):
        assert_problem(
            await client.get(
                f"{API}/organizations/{palu.org.id}/{path}",
                headers=world.other_admin.headers,
                params={"year": YEAR},
            ),
            404,
        )
    audit = await audit_rows(sessionmaker, "development_plans", mine["id"])
    assert [r.action for r in audit] == ["insert", "update", "update"]


async def test_story_need_covered_by_work_and_training(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    a = palu.admin.headers
    goal = await _ok(
        await client.post(
            f"{API}/organizations/{palu.org.id}/goals",
            headers=a,
            json={
                "year": YEAR,
                "code": "T1",
                "kind": "tujuan",
                "statement": "Meningkatnya derajat kesehatan masyarakat",
            },
        ),
        201,
    )
    need = await _ok(
        await client.post(
            f"{API}/organizations/{palu.org.id}/needs",
            headers=a,
            json={
                "year": YEAR,
                "title": "Komunikasi petugas imunisasi dengan orang tua bayi",
                "source": "competency_gap",
                "priority": "high",
                "unit_id": str(palu.pkm.id),
            },
        ),
        201,
    )
    await _ok(
        await client.post(
            f"{API}/needs/{need['id']}/links",
            headers=a,
            json={"kind": "goal", "target_id": goal["id"]},
        ),
        201,
    )
    cov_url = f"{API}/organizations/{palu.org.id}/needs/coverage"
    cov = await _ok(await client.get(cov_url, headers=a, params={"year": YEAR}))
    assert (cov["needs"][0]["covered_by_work"], cov["needs"][0]["covered_by_training"]) == (
        True,
        False,
    )
    plan = await _ok(
        await client.post(
            f"{API}/employees/{palu.siti.employee_id}/development-plans",
            headers=palu.kapus.headers,
            json={**PLAN, "need_id": need["id"]},
        ),
        201,
    )
    assert plan["need_id"] == need["id"]
    cov = await _ok(await client.get(cov_url, headers=a, params={"year": YEAR}))
    item = cov["needs"][0]
    assert (item["covered_by_work"], item["covered_by_training"]) == (True, True)
    assert cov["by_priority"][0]["fully_covered"] == 1
    links = (await _ok(await client.get(f"{API}/needs/{need['id']}", headers=a)))["links"]
    assert {(link["kind"], link["covers"]) for link in links} == {
        ("goal", "work"),
        ("development_plan", "training"),
    }
    # a cancelled plan no longer covers the need; deleting it removes the link
    await _ok(
        await client.patch(
            f"{API}/development-plans/{plan['id']}",
            headers=palu.kapus.headers,
            json={"status": "cancelled"},
        )
    )
    cov = await _ok(await client.get(cov_url, headers=a, params={"year": YEAR}))
    assert cov["needs"][0]["covered_by_training"] is False
    r = await client.delete(f"{API}/development-plans/{plan['id']}", headers=palu.kapus.headers)
    assert r.status_code == 204, r.text
    links = (await _ok(await client.get(f"{API}/needs/{need['id']}", headers=a)))["links"]
    assert [link["kind"] for link in links] == ["goal"]
