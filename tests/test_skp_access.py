"""Who may see and change SKPs, what the content rules refuse, and optimistic concurrency.

Another organization's SKP is 404 on every endpoint; within the organization, 403 for those
outside the chain; only the owner edits, and only while the state allows it.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from conftest import Account, Factory, Palu, World, assert_problem
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import AssignmentKind
from skp_support import (
    API,
    BAYI_TARGET,
    YEAR,
    Goals,
    act,
    add_indicator,
    add_rhk,
    approved_skp,
    create_skp,
    ok,
    palu_goals,
    planned_skp,
    read_skp,
)


@pytest.fixture
async def goals(client: httpx.AsyncClient, palu: Palu) -> Goals:
    return await palu_goals(client, palu.admin, palu.org.id)


async def _siti_approved(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The head of Puskesmas Talise and Siti, both approved; returns (kapus rhk, siti skp,
    siti rhk, siti indicator)."""
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp, rhk, indicator = await approved_skp(
        client,
        palu.siti,
        palu.kapus,
        "Terlaksananya imunisasi dasar bagi 1.200 bayi",
        BAYI_TARGET,
        parent_id=kapus_rhk["id"],
    )
    return kapus_rhk, skp, rhk, indicator


def _endpoints(
    skp: dict[str, Any], rhk: dict[str, Any], ind: dict[str, Any]
) -> list[tuple[str, str, dict[str, Any] | None]]:
    s, w, i = skp["id"], rhk["id"], ind["id"]
    period = f"{API}/skp-indicators/{i}/realizations/{YEAR}-03"
    return [
        ("GET", f"{API}/skp/{s}", None),
        ("PATCH", f"{API}/skp/{s}", {"consequences": "x"}),
        *[
            ("POST", f"{API}/skp/{s}/{a}", {"note": "Catatan uji"})
            for a in ("submit", "approve", "return", "request-revision", "lock", "unlock")
        ],
        ("GET", f"{API}/skp/{s}/events", None),
        ("GET", f"{API}/skp/{s}/versions", None),
        ("GET", f"{API}/skp/{s}/versions/0", None),
        ("GET", f"{API}/skp/{s}/cascade-options", None),
        ("GET", f"{API}/skp/{s}/realizations", None),
        ("GET", f"{API}/skp/{s}/work-results", None),
        ("POST", f"{API}/skp/{s}/work-results", {"kind": "utama", "statement": "RHK uji"}),
        ("GET", f"{API}/work-results/{w}", None),
        ("PATCH", f"{API}/work-results/{w}", {"statement": "RHK uji"}),
        ("DELETE", f"{API}/work-results/{w}", None),
        ("GET", f"{API}/work-results/{w}/indicators", None),
        ("POST", f"{API}/work-results/{w}/indicators", BAYI_TARGET),
        ("GET", f"{API}/skp-indicators/{i}", None),
        ("PATCH", f"{API}/skp-indicators/{i}", {"target_value": 10}),
        ("DELETE", f"{API}/skp-indicators/{i}", None),
        ("GET", period, None),
        ("PUT", period, {"value": 10}),
        ("GET", f"{period}/evidence/{i}", None),
    ]


async def _call(
    client: httpx.AsyncClient, who: Account, method: str, url: str, body: dict[str, Any] | None
) -> httpx.Response:
    return await client.request(method, url, headers=who.headers, json=body)


async def test_another_organization_gets_404_everywhere(
    client: httpx.AsyncClient, palu: Palu, world: World, goals: Goals, factory: Factory
) -> None:
    _, skp, rhk, indicator = await _siti_approved(client, palu, goals)
    tebo_staff = await factory.person(world.other_org, None, name="Maya Sari")
    for who in (world.other_admin, tebo_staff):
        for method, url, body in _endpoints(skp, rhk, indicator):
            r = await _call(client, who, method, url, body)
            assert_problem(r, 404)
        upload = await client.post(
            f"{API}/skp-indicators/{indicator['id']}/realizations/{YEAR}-03/evidence",
            headers=who.headers,
            data={"url": "https://example.org/bukti"},
        )
        assert_problem(upload, 404)
    for url in ("skp/waiting", "skp/late", "cascade"):
        r = await client.get(
            f"{API}/organizations/{palu.org.id}/{url}",
            headers=world.other_admin.headers,
            params={"year": YEAR},
        )
        assert_problem(r, 404)
    listed = ok(await client.get(f"{API}/skp", headers=world.other_admin.headers))
    assert listed["items"] == []
    # the SKP is untouched
    assert ok(await read_skp(client, palu.siti, skp["id"]))["version"] == skp["version"]


async def test_colleagues_outside_the_chain_get_403(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> None:
    _, skp, rhk, indicator = await _siti_approved(client, palu, goals)
    for method, url, body in _endpoints(skp, rhk, indicator):
        r = await _call(client, palu.andi, method, url, body)
        assert_problem(r, 403)
    # and nothing of Siti's shows in Andi's list
    listed = ok(await client.get(f"{API}/skp", headers=palu.andi.headers))
    assert listed["items"] == []
    assert_problem(
        await client.get(f"{API}/skp", headers=palu.andi.headers, params={"scope": "organization"}),
        403,
        "scope_not_allowed",
    )
    for url in ("skp/waiting", "skp/late", "cascade"):
        r = await client.get(
            f"{API}/organizations/{palu.org.id}/{url}",
            headers=palu.kapus.headers,
            params={"year": YEAR},
        )
        assert_problem(r, 403)


async def test_supervisors_read_down_the_chain_but_only_the_owner_edits(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> None:
    _, skp, _, indicator = await _siti_approved(client, palu, goals)
    ok(await act(client, palu.siti, skp["id"], "request-revision", "Pascabencana"))
    for who in (palu.kapus, palu.kadis, palu.admin):
        assert ok(await read_skp(client, who, skp["id"]))["employee"]["name"] == "Siti Rahma"
        r = await client.patch(
            f"{API}/skp/{skp['id']}", headers=who.headers, json={"consequences": "x"}
        )
        assert_problem(r, 403, "skp_owner_only")
        r = await client.patch(
            f"{API}/skp-indicators/{indicator['id']}", headers=who.headers, json={"target_value": 1}
        )
        assert_problem(r, 403, "skp_owner_only")
        r = await client.put(
            f"{API}/skp-indicators/{indicator['id']}/realizations/{YEAR}-03",
            headers=who.headers,
            json={"value": 10},
        )
        assert_problem(r, 403, "skp_owner_only")
    # the head of the office sees the nurse two levels down in "subordinates"
    listed = ok(
        await client.get(f"{API}/skp", headers=palu.kadis.headers, params={"scope": "subordinates"})
    )
    assert {i["employee"]["name"] for i in listed["items"]} == {"Siti Rahma", "Ns. Fadli Rahman"}
    mine = ok(await client.get(f"{API}/skp", headers=palu.kadis.headers, params={"scope": "mine"}))
    assert mine["items"] == []


async def test_admins_read_everything_and_force_unlock_with_a_reason(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> None:
    _, skp, _, _ = await _siti_approved(client, palu, goals)
    listed = ok(
        await client.get(
            f"{API}/skp", headers=palu.admin.headers, params={"scope": "organization", "year": YEAR}
        )
    )
    assert {i["employee"]["name"] for i in listed["items"]} == {"Siti Rahma", "Ns. Fadli Rahman"}
    by_unit = ok(
        await client.get(
            f"{API}/skp", headers=palu.admin.headers, params={"unit_id": str(palu.pkm.id)}
        )
    )
    assert {i["employee"]["name"] for i in by_unit["items"]} == {"Siti Rahma", "Ns. Fadli Rahman"}
    in_p2p = ok(
        await client.get(
            f"{API}/skp", headers=palu.admin.headers, params={"unit_id": str(palu.p2p.id)}
        )
    )
    assert in_p2p["items"] == []
    locked = ok(await act(client, palu.admin, skp["id"], "lock"))
    assert locked["allowed_actions"] == ["unlock"]
    assert_problem(await act(client, palu.siti, skp["id"], "request-revision", "x" * 5), 409)
    r = await client.patch(
        f"{API}/skp/{skp['id']}", headers=palu.siti.headers, json={"consequences": "x"}
    )
    assert_problem(r, 409, "skp_not_editable")
    assert_problem(await act(client, palu.admin, skp["id"], "unlock"), 422)
    reason = "Koreksi target setelah verifikasi data imunisasi"
    unlocked = ok(await act(client, palu.admin, skp["id"], "unlock", reason))
    assert unlocked["state"] == "approved"
    log = ok(
        await client.get(
            f"{API}/audit-log",
            headers=palu.admin.headers,
            params={"entity_type": "skps", "entity_id": skp["id"]},
        )
    )
    assert reason in {e["reason"] for e in log["items"]}


async def test_accounts_without_employee_or_permission(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    r = await client.post(f"{API}/skp", headers=palu.admin.headers, json={"year": YEAR})
    assert_problem(r, 404, "employee_not_linked")
    r = await client.get(
        f"{API}/me/skp-blockers", headers=palu.admin.headers, params={"year": YEAR}
    )
    assert_problem(r, 404, "employee_not_linked")
    for url in ("/skp", "/me/skp-blockers?year=2026"):
        assert_problem(await client.get(f"{API}{url}", headers=world.platform.headers), 403)
    assert_problem(await client.get(f"{API}/skp"), 401)


async def test_one_skp_per_year_created_idempotently(client: httpx.AsyncClient, palu: Palu) -> None:
    headers = {**palu.siti.headers, "Idempotency-Key": "skp-2026-siti"}
    first = await client.post(f"{API}/skp", headers=headers, json={"year": YEAR})
    again = await client.post(f"{API}/skp", headers=headers, json={"year": YEAR})
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert first.headers["location"] == f"/api/v1/skp/{first.json()['id']}"
    body = first.json()
    assert (body["state"], body["period_start"], body["period_end"]) == (
        "draft",
        f"{YEAR}-01-01",
        f"{YEAR}-12-31",
    )
    assert body["allowed_actions"] == ["submit"]
    dup = await client.post(f"{API}/skp", headers=palu.siti.headers, json={"year": YEAR})
    assert_problem(dup, 409, "skp_exists")
    bad = await client.post(
        f"{API}/skp",
        headers=palu.siti.headers,
        json={"year": 2027, "period_start": "2026-12-01", "period_end": "2027-01-31"},
    )
    problem = assert_problem(bad, 422)
    assert [e["type"] for e in problem["errors"]] == ["period_outside_year"]
    bad = await client.post(
        f"{API}/skp",
        headers=palu.siti.headers,
        json={"year": 2027, "period_start": "2027-06-01", "period_end": "2027-03-31"},
    )
    assert assert_problem(bad, 422)["errors"][0]["type"] == "bounds_order"


async def test_content_rules_refuse_with_field_errors(
    client: httpx.AsyncClient, palu: Palu, goals: Goals, factory: Factory
) -> None:
    _, kapus_rhk, _ = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    _, kabid_rhk, _ = await planned_skp(
        client, palu.kabid, "Terkendalinya penyakit menular", goal_id=goals.sasaran_idl
    )
    skp = await create_skp(client, palu.siti)
    url = f"{API}/skp/{skp['id']}/work-results"

    async def refused(body: dict[str, Any], etype: str, field: str) -> None:
        r = await client.post(
            url, headers=palu.siti.headers, json={"kind": "utama", "statement": "RHK uji", **body}
        )
        problem = assert_problem(r, 422)
        assert [(e["field"], e["type"]) for e in problem["errors"]] == [(field, etype)], problem

    await refused({"parent_id": kabid_rhk["id"]}, "parent_not_superior", "parent_id")
    await refused({"key_indicator_id": goals.iku_idl}, "goal_link_not_allowed", "key_indicator_id")
    await refused(
        {"parent_id": kapus_rhk["id"], "goal_id": goals.sasaran_idl},
        "reference_ambiguous",
        "goal_id",
    )
    await refused({"perspective": "penerima_layanan"}, "perspective_not_applicable", "perspective")
    await refused({"parent_id": str(palu.org.id)}, "parent_not_found", "parent_id")

    # the head of the office (JPT) gives each RHK utama a perspective
    kadis_skp = await create_skp(client, palu.kadis)
    r = await client.post(
        f"{API}/skp/{kadis_skp['id']}/work-results",
        headers=palu.kadis.headers,
        json={
            "kind": "utama",
            "statement": "Meningkatnya derajat kesehatan",
            "goal_id": goals.tujuan,
        },
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "perspective_required"
    await add_rhk(
        client,
        palu.kadis,
        kadis_skp["id"],
        "Meningkatnya derajat kesehatan masyarakat",
        goal_id=goals.tujuan,
        perspective="penerima_layanan",
    )

    # targets: the one set of rules of indicators/targets.py, plus the SKP's approach
    rhk = await add_rhk(
        client, palu.siti, skp["id"], "Terlaksananya imunisasi", parent_id=kapus_rhk["id"]
    )
    ind_url = f"{API}/work-results/{rhk['id']}/indicators"
    for body, expected in [
        ({**BAYI_TARGET, "unit": "ekor"}, {("unit", "unknown_unit")}),
        (
            {**BAYI_TARGET, "unit": "persen", "target_value": 120},
            {("target_value", "percent_out_of_range")},
        ),
        (
            {
                "name": "Laporan",
                "aspect": "kualitas",
                "unit": "predikat",
                "target_text": "Tanpa revisi",
            },
            {("target_value", "target_form_approach")},
        ),
        (
            {**BAYI_TARGET, "aspect": "waktu"},
            {("unit", "unit_aspect_mismatch")},
        ),
    ]:
        r = await client.post(ind_url, headers=palu.siti.headers, json=body)
        problem = assert_problem(r, 422)
        assert {(e["field"], e["type"]) for e in problem["errors"]} == expected
    indicator = await add_indicator(client, palu.siti, rhk["id"], BAYI_TARGET)
    r = await client.patch(
        f"{API}/skp-indicators/{indicator['id']}",
        headers=palu.siti.headers,
        json={"target_value": None, "target_min": 1300, "target_max": 1000},
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "bounds_order"

    # a kualitatif SKP takes descriptive targets; switching approach is refused while
    # indicators have the other form
    r = await client.patch(
        f"{API}/skp/{skp['id']}", headers=palu.siti.headers, json={"approach": "kualitatif"}
    )
    assert_problem(r, 409, "approach_conflicts_targets")


async def test_submission_needs_a_complete_plan(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> None:
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp = await create_skp(client, palu.siti)
    assert_problem(await act(client, palu.siti, skp["id"], "submit"), 409, "no_main_work_result")
    extra = await add_rhk(
        client, palu.siti, skp["id"], "Layanan di pos pengungsian", kind="tambahan"
    )
    await add_indicator(client, palu.siti, extra["id"], BAYI_TARGET)
    assert_problem(await act(client, palu.siti, skp["id"], "submit"), 409, "no_main_work_result")
    main = await add_rhk(client, palu.siti, skp["id"], "Terlaksananya imunisasi dasar")
    r = await act(client, palu.siti, skp["id"], "submit", lang="en")
    problem = assert_problem(r, 409, "unlinked_work_results")
    assert "1 main work result(s) do not yet refer" in problem["detail"]
    assert "no performance indicator" in problem["detail"]
    ok(
        await client.patch(
            f"{API}/work-results/{main['id']}",
            headers=palu.siti.headers,
            json={"parent_id": kapus_rhk["id"]},
        )
    )
    await add_indicator(client, palu.siti, main["id"], BAYI_TARGET)
    submitted = ok(await act(client, palu.siti, skp["id"], "submit"))
    assert [w["kind"] for w in submitted["work_results"]] == ["utama", "tambahan"]
    # nothing changes while submitted or approved
    r = await client.post(
        f"{API}/skp/{skp['id']}/work-results",
        headers=palu.siti.headers,
        json={"kind": "utama", "statement": "Terlambat"},
    )
    assert_problem(r, 409, "skp_not_editable")
    ok(await act(client, palu.kapus, skp["id"], "approve"))
    for method, url, body in (
        ("PATCH", f"{API}/work-results/{main['id']}", {"statement": "Diubah"}),
        ("DELETE", f"{API}/work-results/{extra['id']}", None),
        ("PATCH", f"{API}/skp/{skp['id']}", {"consequences": "Diubah"}),
    ):
        r = await _call(client, palu.siti, method, url, body)
        problem = assert_problem(r, 409, "skp_not_editable")
        assert "request-revision" in problem["detail"]


async def test_referenced_work_results_and_realized_indicators_stay(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> None:
    kapus_rhk, skp, _, indicator = await _siti_approved(client, palu, goals)
    kapus_skp = kapus_rhk["skp_id"]
    ok(await act(client, palu.kapus, kapus_skp, "request-revision", "Pascabencana"))
    r = await client.delete(f"{API}/work-results/{kapus_rhk['id']}", headers=palu.kapus.headers)
    problem = assert_problem(r, 409, "work_result_referenced")
    assert "Siti Rahma" in problem["detail"]
    ok(
        await client.put(
            f"{API}/skp-indicators/{indicator['id']}/realizations/{YEAR}-02",
            headers=palu.siti.headers,
            json={"value": 180},
        ),
        201,
    )
    ok(await act(client, palu.siti, skp["id"], "request-revision", "Pascabencana"))
    r = await client.delete(f"{API}/skp-indicators/{indicator['id']}", headers=palu.siti.headers)
    assert_problem(r, 409, "indicator_has_realizations")
    r = await client.delete(
        f"{API}/work-results/{indicator['work_result_id']}", headers=palu.siti.headers
    )
    assert_problem(r, 409, "indicator_has_realizations")
    # while the superior revises, the nurse cannot resubmit against it
    blocked = await act(client, palu.siti, skp["id"], "submit")
    assert_problem(blocked, 409, "superior_skp_not_approved")


async def test_if_match_on_concurrent_edits(
    client: httpx.AsyncClient, palu: Palu, goals: Goals
) -> None:
    skp, rhk, indicator = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    first = await read_skp(client, palu.kapus, skp["id"])
    etag = first.headers["etag"]
    # two devices patch with the same ETag: one wins, one gets 412
    results = await asyncio.gather(
        *[
            client.patch(
                f"{API}/skp/{skp['id']}",
                headers={**palu.kapus.headers, "If-Match": etag},
                json={"consequences": f"Versi {n}"},
            )
            for n in range(2)
        ]
    )
    assert sorted(r.status_code for r in results) == [200, 412]
    # an indicator change bumps the SKP's ETag too: submitting with the old one fails
    current = (await read_skp(client, palu.kapus, skp["id"])).headers["etag"]
    ok(
        await client.patch(
            f"{API}/skp-indicators/{indicator['id']}",
            headers={**palu.kapus.headers, "If-Match": f'"{indicator["version"]}"'},
            json={"target_value": 96},
        )
    )
    stale = await client.patch(
        f"{API}/skp-indicators/{indicator['id']}",
        headers={**palu.kapus.headers, "If-Match": f'"{indicator["version"]}"'},
        json={"target_value": 97},
    )
    assert_problem(stale, 412)
    assert_problem(await act(client, palu.kapus, skp["id"], "submit", etag=current), 412)
    stale_rhk = await client.patch(
        f"{API}/work-results/{rhk['id']}",
        headers={**palu.kapus.headers, "If-Match": '"99"'},
        json={"statement": "Diubah"},
    )
    assert_problem(stale_rhk, 412)
    fresh = (await read_skp(client, palu.kapus, skp["id"])).headers["etag"]
    ok(await act(client, palu.kapus, skp["id"], "submit", etag=fresh))


async def test_staff_role_does_not_matter_for_appraising(
    client: httpx.AsyncClient, palu: Palu, goals: Goals, factory: Factory
) -> None:
    """Appraising follows the position chain, not the account's role: a staff-role account
    holding the head's position approves, a supervisor-role account outside the chain does
    not."""
    acting = await factory.person(
        palu.org, None, Role.STAFF, name="Ns. Rina (PLH)", username="rina"
    )
    today = date.today()
    await factory.assign(
        acting.employee,  # type: ignore[arg-type]
        palu.kapus_pos,
        kind=AssignmentKind.PLH,
        start=today - timedelta(days=2),
        end=today + timedelta(days=2),
    )
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp, _, _ = await planned_skp(
        client, palu.siti, "Terlaksananya imunisasi", parent_id=kapus_rhk["id"]
    )
    submitted = ok(await act(client, palu.siti, skp["id"], "submit"))
    assert submitted["snapshot"]["appraiser_name"] == "Ns. Rina (PLH)"
    # while the PLH stands in, she approves; the definitive head reads but may not act, and
    # the nurse's RHK still cascade from the head's SKP
    options = ok(
        await client.get(f"{API}/skp/{skp['id']}/cascade-options", headers=palu.siti.headers)
    )
    assert (options["appraiser"]["name"], options["superior"]["name"]) == (
        "Ns. Rina (PLH)",
        "Ns. Fadli Rahman",
    )
    assert_problem(await act(client, palu.kapus, skp["id"], "approve"), 403, "action_not_allowed")
    approved = ok(await act(client, acting, skp["id"], "approve"))
    assert approved["state"] == "approved"
