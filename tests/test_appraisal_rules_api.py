"""The appraisal rules of issue 7 proven through the HTTP API on the Palu chain (the story
test covers the main cycle): periods and their lock, snapshots that later transfers do not
rewrite, who may rate and when, unit heads following the organization result, the curve in
both enforcement modes, ranking and rewards, transparency for the appraised, no hard deletes
and a constant number of SQL statements for the list and the read."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import (
    NOW,
    SEMESTER,
    Clock,
    appraisal_of,
    create_period,
    finalize,
    open_period,
    rate,
    rate_head,
    rate_siti,
    rating_body,
    record_result,
    set_curve_enforcement,
    set_curve_group,
    setup_cycle,
)
from appraisal_support import clock as clock  # the fixture
from conftest import Account, Factory, Palu, World, assert_problem, audit_rows
from kinerja_api.appraisals.rules import BerAkhlak
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeePosition,
    EmployeeStatus,
    Position,
    Unit,
)
from skp_support import (
    API,
    BAYI_TARGET,
    WAKTU_TARGET,
    act,
    add_indicator,
    add_rhk,
    approved_skp,
    ok,
    planned_skp,
)

PERIODS = f"{API}/appraisal-periods"


# ---- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "etype"),
    [
        ({"end_date": "2025-12-31"}, "end_date", "period_order"),
        ({"opens_on": "2026-08-01", "closes_on": "2026-07-31"}, "closes_on", "window_order"),
        ({"kind": "weekly"}, "kind", None),
        ({"name": "S1"}, "name", None),
    ],
)
async def test_period_validation(
    client: httpx.AsyncClient,
    world: World,
    changes: dict[str, Any],
    field: str,
    etype: str | None,
) -> None:
    r = await client.post(PERIODS, headers=world.admin.headers, json={**SEMESTER, **changes})
    problem = assert_problem(r, 422)
    fields = {e["field"].split(".")[-1]: e for e in problem["errors"]}
    assert field in fields, problem
    if etype is not None:
        assert fields[field]["type"] == etype


async def test_period_kinds_and_overlaps(client: httpx.AsyncClient, world: World) -> None:
    admin = world.admin.headers
    year = {"start_date": "2026-01-01", "end_date": "2026-12-31"}
    window = {"opens_on": "2026-12-01", "closes_on": "2027-01-31"}
    created = {
        kind: ok(
            await client.post(
                PERIODS, headers=admin, json={"name": f"Periode {kind}", "kind": kind, **dates}
            ),
            201,
        )
        for kind, dates in (
            ("annual", {**year, **window}),
            ("semester", SEMESTER),
            ("quarterly", {"start_date": "2026-04-01", "end_date": "2026-06-30", **window}),
            ("monthly", {"start_date": "2026-06-01", "end_date": "2026-06-30", **window}),
        )
    }
    # Periods of different kinds may overlap (a month inside its semester and year) ...
    assert {p["kind"] for p in created.values()} == {"annual", "semester", "quarterly", "monthly"}
    assert all(p["state"] == "draft" for p in created.values())
    assert created["annual"]["organization_id"] == str(world.org.id)
    r = await client.get(f"{API}/appraisal-periods/{created['monthly']['id']}", headers=admin)
    assert ok(r)["kind"] == "monthly"
    assert r.headers["ETag"] == '"1"'
    # ... periods of one kind may not: same start, or shifted but overlapping.
    for dates in (
        {"start_date": "2026-01-01", "end_date": "2026-06-30"},
        {"start_date": "2026-03-01", "end_date": "2026-08-31"},
        {"start_date": "2025-07-01", "end_date": "2026-01-01"},
    ):
        r = await client.post(
            PERIODS, headers=admin, json={**SEMESTER, **dates, "name": "Semester tumpang"}
        )
        assert_problem(r, 409, "period_overlaps")
    # The next semester, adjacent, is fine.
    second = {"start_date": "2026-07-01", "end_date": "2026-12-31", **window}
    ok(await client.post(PERIODS, headers=admin, json={**SEMESTER, **second}), 201)
    page = ok(await client.get(PERIODS, headers=world.staff.headers))
    assert len(page["items"]) == 5


async def test_only_admins_manage_periods_other_org_404(
    client: httpx.AsyncClient, world: World
) -> None:
    for who in (world.supervisor, world.staff):
        assert_problem(await client.post(PERIODS, headers=who.headers, json=SEMESTER), 403)
    period = await create_period(client, world.admin)
    url = f"{PERIODS}/{period['id']}"
    for action in ("open", "close"):
        assert_problem(await client.post(f"{url}/{action}", headers=world.staff.headers), 403)
    reopen = {"reason": "Koreksi data kepegawaian"}
    r = await client.post(f"{url}/reopen", headers=world.supervisor.headers, json=reopen)
    assert_problem(r, 403)
    r = await client.put(
        f"{url}/organization-result", headers=world.staff.headers, json={"result": "baik"}
    )
    assert_problem(r, 403)
    # Staff of the organization may read; another organization does not see it at all.
    ok(await client.get(url, headers=world.staff.headers))
    other = world.other_admin.headers
    assert_problem(await client.get(url, headers=other), 404)
    for action in ("open", "close"):
        assert_problem(await client.post(f"{url}/{action}", headers=other), 404)
    assert_problem(await client.post(f"{url}/reopen", headers=other, json=reopen), 404)
    assert ok(await client.get(PERIODS, headers=other))["items"] == []
    assert ok(await client.get(url, headers=world.admin.headers))["state"] == "draft"


async def test_open_snapshots_and_a_later_transfer_does_not_rewrite_them(
    client: httpx.AsyncClient,
    palu: Palu,
    clock: Clock,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # Andi has no SKP; Rina's SKP is approved but she has retired; Budi's is only submitted:
    # none of them gets an appraisal.
    rina = await factory.person(palu.org, palu.perawat_pos, name="Rina Lestari")
    budi = await factory.person(palu.org, palu.perawat_pos, name="Budi Santoso")

    async def others(head_rhk: str) -> None:
        await approved_skp(client, rina, palu.kapus, "Imunisasi", BAYI_TARGET, parent_id=head_rhk)
        skp, _, _ = await planned_skp(client, budi, "Imunisasi", BAYI_TARGET, parent_id=head_rhk)
        ok(await act(client, budi, skp["id"], "submit"))
        async with sessionmaker() as db:
            await db.execute(
                update(Employee)
                .where(Employee.id == rina.employee_id)
                .values(status=EmployeeStatus.RETIRED)
            )
            await db.commit()

    s = await setup_cycle(client, palu, before_open=others)
    pid = s["period"]["id"]
    page = ok(
        await client.get(f"{API}/appraisals", headers=palu.admin.headers, params={"period_id": pid})
    )
    assert {a["employee_name"] for a in page["items"]} == {"Siti Rahma", "Ns. Fadli Rahman"}
    assert_problem(
        await client.post(f"{PERIODS}/{pid}/open", headers=palu.admin.headers),
        409,
        "period_not_draft",
    )

    url = f"{API}/appraisals/{s['appraisal_id']}"
    before = ok(await client.get(url, headers=palu.siti.headers))
    assert before["skp_id"] == s["skp"]["id"]
    assert before["skp_revision"] == s["skp"]["revision"]
    assert before["unit_id"] == str(palu.pkm.id)
    assert before["position_id"] == str(palu.perawat_pos.id)
    assert before["appraiser_id"] == str(palu.kapus.employee_id)
    assert before["appraiser_superior_id"] == str(palu.kadis.employee_id)

    # From 2026-06-21 Siti works in the surveillance section (kasi vacant → the Kabid above);
    # the position and the unit are renamed too.
    async with sessionmaker() as db:
        await db.execute(
            update(EmployeePosition)
            .where(EmployeePosition.employee_id == siti_id(palu))
            .values(end_date=date(2026, 6, 20))
        )
        await db.execute(
            update(Position)
            .where(Position.id == palu.perawat_pos.id)
            .values(name="Perawat Terampil")
        )
        await db.execute(update(Unit).where(Unit.id == palu.pkm.id).values(name="Puskesmas Baru"))
        await db.commit()
    await factory.assign(palu.siti.employee, palu.pengelola_pos, start=date(2026, 6, 21))
    clock.now = NOW + timedelta(days=2)

    after = ok(await client.get(url, headers=palu.siti.headers))
    keys = (
        "position_id",
        "position_name",
        "unit_id",
        "unit_name",
        "appraiser_id",
        "appraiser_name",
        "appraiser_superior_id",
        "skp_revision",
    )
    assert {k: after[k] for k in keys} == {k: before[k] for k in keys}
    assert after["position_name"] == "Perawat Ahli Pertama"
    assert after["unit_name"] == "UPTD Puskesmas Talise"
    # The snapshot appraiser still rates; the new section's chain (the Kabid) does not.
    body = rating_body([s["rhk_id"]], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    assert_problem(await client.put(f"{url}/rating", headers=palu.kabid.headers, json=body), 403)
    assert ok(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body))["predikat"]


def siti_id(palu: Palu) -> uuid.UUID:
    return palu.siti.employee_id


async def test_close_locks_reopen_needs_a_reason_and_is_audited(
    client: httpx.AsyncClient,
    palu: Palu,
    clock: Clock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    s = await setup_cycle(client, palu)
    pid, url = s["period"]["id"], f"{API}/appraisals/{s['appraisal_id']}"
    admin = palu.admin.headers
    etag = (await client.get(f"{PERIODS}/{pid}", headers=admin)).headers["ETag"]
    closed = ok(await client.post(f"{PERIODS}/{pid}/close", headers={**admin, "If-Match": etag}))
    assert closed["state"] == "closed"
    assert closed["closed_at"]
    # A stale ETag and a second close are refused.
    r = await client.post(
        f"{PERIODS}/{pid}/reopen",
        headers={**admin, "If-Match": etag},
        json={"reason": "Koreksi data kepegawaian"},
    )
    assert_problem(r, 412)
    assert_problem(await client.post(f"{PERIODS}/{pid}/close", headers=admin), 409)

    # Closed: no rating, no self-assessment, no organization result.
    body = rating_body([s["rhk_id"]], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    problem = assert_problem(
        await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body),
        409,
        "period_not_open",
    )
    assert problem["detail"]
    self_body = {"items": [{"work_result_id": s["rhk_id"], "note": "Selesai"}]}
    r = await client.put(f"{url}/self-assessment", headers=palu.siti.headers, json=self_body)
    assert_problem(r, 409, "period_not_open")
    assert_problem(await record_result(client, palu, pid, "baik"), 409, "period_not_open")
    assert_problem(await finalize(client, palu, pid, palu.pkm.id), 409, "period_not_open")
    peer = {"reviewer_id": str(palu.andi.employee_id)}
    r = await client.post(f"{url}/peer-inputs", headers=palu.kapus.headers, json=peer)
    assert_problem(r, 409, "period_not_open")
    assert ok(await client.get(url, headers=palu.siti.headers))["predikat"] is None

    # Reopening needs a reason.
    assert_problem(await client.post(f"{PERIODS}/{pid}/reopen", headers=admin, json={}), 422)
    r = await client.post(f"{PERIODS}/{pid}/reopen", headers=admin, json={"reason": " " * 8})
    assert_problem(r, 422)
    reason = "Koreksi penilaian setelah verifikasi BKPSDM"
    reopened = ok(
        await client.post(f"{PERIODS}/{pid}/reopen", headers=admin, json={"reason": reason})
    )
    assert reopened["state"] == "open"
    assert reopened["reopen_reason"] == reason
    assert reopened["closed_at"] is None
    assert_problem(
        await client.post(f"{PERIODS}/{pid}/reopen", headers=admin, json={"reason": reason}),
        409,
        "period_not_closed",
    )
    assert ok(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body))["predikat"]

    # Audit log: the close and the reopening, with who and why.
    rows = await audit_rows(sessionmaker, "appraisal_periods", uuid.UUID(pid))
    states = [(r.after or {}).get("state") for r in rows if r.action == "update"]
    assert states[-2:] == ["closed", "open"]
    (reopen_row,) = [r for r in rows if (r.after or {}).get("state") == "open" and r.reason]
    assert reopen_row.reason == reason
    assert reopen_row.actor_user_id == palu.admin.id


# ---- rating rules ----------------------------------------------------------------------------


async def test_only_the_appraiser_rates_never_oneself(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, world: World
) -> None:
    s = await setup_cycle(client, palu)
    url = f"{API}/appraisals/{s['appraisal_id']}/rating"
    body = rating_body([s["rhk_id"]], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    # The appraised, a colleague, the appraiser's superior, another head, the admin: 403.
    for who in (palu.siti, palu.andi, palu.kadis, palu.kabid, palu.admin):
        assert_problem(await client.put(url, headers=who.headers, json=body), 403)
    assert_problem(await client.put(url, headers=world.other_admin.headers, json=body), 404)
    # Fadli cannot rate his own appraisal either; the Kadis rates it.
    head_url = f"{API}/appraisals/{s['head_id']}/rating"
    head_body = rating_body([s["head_rhk_id"]], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    assert_problem(await client.put(head_url, headers=palu.kapus.headers, json=head_body), 403)
    assert ok(await client.put(url, headers=palu.kapus.headers, json=body))["predikat"] == "baik"
    # A correction needs a reason that says something.
    blank = {**body, "reason": " " * 8}
    r = await client.put(url, headers=palu.kapus.headers, json=blank)
    assert_problem(r, 422, "validation_failed")
    doc = ok(await client.put(head_url, headers=palu.kadis.headers, json=head_body))
    assert doc["predikat"] == "baik"
    events = ok(
        await client.get(f"{API}/appraisals/{s['appraisal_id']}/events", headers=palu.siti.headers)
    )["items"]
    assert [(e["action"], e["actor_name"]) for e in events] == [
        ("created", "sistem"),
        ("rated", "Ns. Fadli Rahman"),
    ]


async def test_acting_official_rates_on_the_dates_of_the_assignment(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, factory: Factory
) -> None:
    s = await setup_cycle(client, palu)
    url = f"{API}/appraisals/{s['appraisal_id']}/rating"
    body = rating_body([s["rhk_id"]], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    # dr. Nurhaya (Kabid) is PLH Kepala Puskesmas 2026-06-22..2026-06-26 while Fadli is away;
    # Siti herself is PLH of her own boss on 2026-06-29 (she still cannot rate herself).
    await factory.assign(
        palu.kabid.employee,
        palu.kapus_pos,
        kind=AssignmentKind.PLH,
        start=date(2026, 6, 22),
        end=date(2026, 6, 26),
    )
    await factory.assign(
        palu.siti.employee,
        palu.kapus_pos,
        kind=AssignmentKind.PLH,
        start=date(2026, 6, 29),
        end=date(2026, 6, 29),
    )
    day = NOW + timedelta(days=1)  # 2026-06-21: not yet
    for when, allowed in (
        (day, False),
        (day + timedelta(days=1), True),  # first day (inclusive)
        (day + timedelta(days=5), True),  # last day (inclusive)
        (day + timedelta(days=6), False),
    ):
        clock.now = when
        body["reason"] = "Koreksi oleh PLH"
        r = await client.put(url, headers=palu.kabid.headers, json=body)
        if allowed:
            assert ok(r)["predikat"] == "baik"
        else:
            assert_problem(r, 403)
        # Her list shows the appraisal exactly while she stands in.
        listed = ok(await client.get(f"{API}/appraisals", headers=palu.kabid.headers))
        assert (s["appraisal_id"] in {a["id"] for a in listed["items"]}) is allowed
    clock.now = NOW + timedelta(days=9)  # 2026-06-29 10:00 WITA
    assert_problem(await client.put(url, headers=palu.siti.headers, json=body), 403)
    events = ok(
        await client.get(f"{API}/appraisals/{s['appraisal_id']}/events", headers=palu.siti.headers)
    )["items"]
    assert [e["actor_name"] for e in events if e["action"] == "rated"] == [
        "dr. Nurhaya Lamato",
        "dr. Nurhaya Lamato",
    ]


async def test_two_saves_with_one_etag_one_wins(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    url = f"{API}/appraisals/{s['appraisal_id']}"
    etag = (await client.get(url, headers=palu.kapus.headers)).headers["ETag"]
    headers = {**palu.kapus.headers, "If-Match": etag}
    first = rating_body([s["rhk_id"]], "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    second = rating_body([s["rhk_id"]], "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "tab 2")
    won = await client.put(f"{url}/rating", headers=headers, json=first)
    assert ok(won)["predikat"] == "sangat_baik"
    assert won.headers["ETag"] != etag
    assert_problem(await client.put(f"{url}/rating", headers=headers, json=second), 412)
    # Self-assessment with the stale tag is refused as well; nothing of the loser is kept.
    self_body = {"items": [{"work_result_id": s["rhk_id"], "note": "Catatan"}]}
    r = await client.put(
        f"{url}/self-assessment", headers={**palu.siti.headers, "If-Match": etag}, json=self_body
    )
    assert_problem(r, 412)
    doc = ok(await client.get(url, headers=palu.siti.headers))
    assert doc["predikat"] == "sangat_baik"
    assert doc["items"][0]["self_note"] is None
    events = ok(await client.get(f"{url}/events", headers=palu.siti.headers))["items"]
    assert [e["action"] for e in events].count("rated") == 1


async def test_after_finalization_only_the_objection_decision_changes_the_rating(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, factory: Factory
) -> None:
    s = await setup_cycle(client, palu)
    pid, url = s["period"]["id"], f"{API}/appraisals/{s['appraisal_id']}"

    async def steps(who: Account) -> list[str]:
        doc: dict[str, Any] = ok(await client.get(url, headers=who.headers))
        return list(doc["allowed_actions"])

    assert await steps(palu.siti) == ["self_assess"]
    assert await steps(palu.kapus) == ["rate", "request_peer"]
    assert await steps(palu.kadis) == []  # the appraiser's superior: nothing while open
    peer = ok(
        await client.post(
            f"{url}/peer-inputs",
            headers=palu.kapus.headers,
            json={"reviewer_id": str(palu.andi.employee_id)},
        ),
        201,
    )
    await rate_siti(client, palu, s, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    ok(await record_result(client, palu, pid, "baik"))
    ok(await finalize(client, palu, pid, palu.pkm.id))
    assert await steps(palu.siti) == ["acknowledge", "object"]
    assert await steps(palu.kapus) == []
    # Peer input is for the rating: neither asked nor given once finalized.
    r = await client.put(
        f"{API}/peer-inputs/{peer['id']}", headers=palu.andi.headers, json={"comment": "Telat"}
    )
    assert_problem(r, 409, "appraisal_finalized")
    r = await client.post(
        f"{url}/peer-inputs",
        headers=palu.kapus.headers,
        json={"reviewer_id": str(palu.kabid.employee_id)},
    )
    assert_problem(r, 409, "appraisal_finalized")
    body = rating_body([s["rhk_id"]], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", "Koreksi")
    r = await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body)
    assert_problem(r, 409, "appraisal_finalized")
    self_body = {"items": [{"work_result_id": s["rhk_id"], "note": "Tambahan"}]}
    r = await client.put(f"{url}/self-assessment", headers=palu.siti.headers, json=self_body)
    assert_problem(r, 409, "appraisal_finalized")
    # Changing the organization result would re-rate the finalized head: refused.
    assert_problem(await record_result(client, palu, pid, "istimewa"), 409, "appraisals_finalized")
    head = ok(await client.get(f"{API}/appraisals/{s['head_id']}", headers=palu.kapus.headers))
    assert (head["hasil_kerja"], head["predikat"]) == ("SESUAI_EKSPEKTASI", "baik")
    # A decision without an objection is refused; after the objection the superior decides:
    # while the Kadis is away, dr. Nurhaya as PLH Kepala Dinas (not the appraiser, not Siti).
    decision = {"outcome": "changed", "reason": "Bukti sah", "hasil_kerja": "SESUAI_EKSPEKTASI"}
    r = await client.post(f"{url}/objection/decision", headers=palu.kadis.headers, json=decision)
    assert_problem(r, 409, "no_objection")
    ok(
        await client.post(
            f"{url}/objection",
            headers=palu.siti.headers,
            json={"reason": "Capaian saya sesuai target"},
        )
    )
    await factory.assign(
        palu.kabid.employee,
        palu.kadis_pos,
        kind=AssignmentKind.PLH,
        start=date(2026, 6, 22),
        end=date(2026, 6, 23),
    )
    decide = f"{url}/objection/decision"
    assert_problem(await client.post(decide, headers=palu.kabid.headers, json=decision), 403)
    clock.now = NOW + timedelta(days=2)
    for who in (palu.kapus, palu.siti):
        assert_problem(await client.post(decide, headers=who.headers, json=decision), 403)
    assert await steps(palu.kabid) == ["decide"]  # PLH of the appraiser's superior today
    assert await steps(palu.siti) == ["acknowledge"]
    doc = ok(await client.post(decide, headers=palu.kabid.headers, json=decision))
    assert (doc["predikat"], doc["state"], doc["decision"]) == ("baik", "final", "changed")
    assert doc["allowed_actions"] == []
    events = ok(await client.get(f"{url}/events", headers=palu.siti.headers))["items"]
    assert events[-1]["action"] == "decided"
    assert events[-1]["actor_name"] == "dr. Nurhaya Lamato"
    # Final: neither the appraiser nor a second decision changes it.
    assert_problem(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body), 409)
    r = await client.post(f"{url}/objection/decision", headers=palu.kadis.headers, json=decision)
    assert_problem(r, 409, "no_objection")


# ---- unit heads follow the organization result ------------------------------------------------


async def test_unit_head_rating_follows_the_organization_result(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    pid = s["period"]["id"]
    head_url = f"{API}/appraisals/{s['head_id']}"
    # Rated before the result: the appraiser's own work-result rating stands for now.
    doc = await rate_head(client, palu, s, "DI_BAWAH_EKSPEKTASI")
    assert (doc["hasil_kerja"], doc["predikat"]) == ("DI_BAWAH_EKSPEKTASI", "sangat_kurang")
    assert doc["how"]["hasil_kerja_from_organization_result"] is None
    siti = await rate_siti(client, palu, s, "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI")

    period = ok(await record_result(client, palu, pid, "istimewa"))
    assert period["organization_result"] == "istimewa"
    doc = ok(await client.get(head_url, headers=palu.kapus.headers))
    assert doc["hasil_kerja"] == "DI_ATAS_EKSPEKTASI"
    assert doc["perilaku"] == "DI_BAWAH_EKSPEKTASI"
    assert doc["predikat"] == "kurang"
    assert doc["how"]["hasil_kerja_from_organization_result"] == "istimewa"
    # Staff are untouched.
    mine = ok(await client.get(f"{API}/appraisals/{s['appraisal_id']}", headers=palu.siti.headers))
    assert (mine["hasil_kerja"], mine["predikat"]) == (siti["hasil_kerja"], siti["predikat"])
    assert mine["how"]["hasil_kerja_from_organization_result"] is None

    # Re-rated after the result: the overall work result in the body is overridden.
    body = rating_body([s["head_rhk_id"]], "DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "Revisi")
    doc = ok(await client.put(f"{head_url}/rating", headers=palu.kadis.headers, json=body))
    assert (doc["hasil_kerja"], doc["predikat"]) == ("DI_ATAS_EKSPEKTASI", "sangat_baik")
    # The result changes (still open): the head follows again; the history shows each step.
    ok(await record_result(client, palu, pid, "butuh_perbaikan"))
    doc = ok(await client.get(head_url, headers=palu.kapus.headers))
    assert (doc["hasil_kerja"], doc["predikat"]) == ("DI_BAWAH_EKSPEKTASI", "butuh_perbaikan")
    events = ok(await client.get(f"{head_url}/events", headers=palu.kapus.headers))["items"]
    assert [(e["action"], e["predikat"]) for e in events] == [
        ("created", None),
        ("rated", "sangat_kurang"),
        ("head_result", "kurang"),
        ("rated", "sangat_baik"),
        ("head_result", "butuh_perbaikan"),
    ]


# ---- distribution curve: per unit and organization, block and warn ----------------------------


async def _favoritism(
    client: httpx.AsyncClient, palu: Palu, factory: Factory, *, each_unit: bool = True
) -> dict[str, Any]:
    """Muaratebo's first draft in the Puskesmas: the head follows Baik, and all three perawat
    get Sangat Baik; in the surveillance section Andi gets Butuh Perbaikan."""
    budi = await factory.person(palu.org, palu.perawat_pos, name="Budi Santoso")
    citra = await factory.person(palu.org, palu.perawat_pos, name="Citra Dewi")
    s = await setup_cycle(
        client,
        palu,
        staff=[budi, citra],
        realized={"Siti Rahma": 1200, "Budi Santoso": 600, "Citra Dewi": 1200},
        surveillance=True,
    )
    staff = s["staff"]
    for name in ("Siti Rahma", "Budi Santoso", "Citra Dewi"):
        await rate(client, palu.kapus, staff[name], "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    await rate(
        client, palu.kabid, staff["Andi Pratama"], "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI"
    )
    ok(await record_result(client, palu, s["period"]["id"], "baik"))
    if each_unit:
        # Checked unit by unit down to the sections (level 3), however small (minimum 1).
        await set_curve_group(client, palu, 3, 1)
    return s


async def _curve(client: httpx.AsyncClient, palu: Palu, pid: str, unit: Any = None) -> Any:
    params = {"unit_id": str(unit)} if unit is not None else {}
    return ok(await client.get(f"{PERIODS}/{pid}/curve", headers=palu.admin.headers, params=params))


async def test_curve_per_unit_and_organization_blocked_finalization(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, factory: Factory, world: World
) -> None:
    s = await _favoritism(client, palu, factory)
    pid = s["period"]["id"]
    pkm = await _curve(client, palu, pid, palu.pkm.id)
    assert (pkm["total"], pkm["unrated"], pkm["enforcement"]) == (4, 0, "block")
    assert (pkm["unit_id"], pkm["requested_unit_id"]) == (str(palu.pkm.id), str(palu.pkm.id))
    assert (pkm["level"], pkm["configured_level"], pkm["group_size"]) == (2, 3, 4)
    assert (pkm["min_group_size"], pkm["enforced"], pkm["outcome"]) == (1, True, "blocked")
    assert pkm["counts"]["sangat_baik"] == 3
    assert pkm["percentages"]["sangat_baik"] == "75.00"
    # Baik ≤ 70 % passes; at least one Butuh Perbaikan/Kurang and Sangat Baik ≤ 50 % fail.
    assert [(r["predikat"], r["passed"], r["gap"]) for r in pkm["rules"]] == [
        (["baik"], True, 0),
        (["butuh_perbaikan", "kurang"], False, 1),
        (["sangat_baik"], False, 1),
    ]
    assert pkm["passed"] is False
    surv = await _curve(client, palu, pid, palu.surv.id)
    assert (surv["total"], surv["counts"]["butuh_perbaikan"], surv["passed"]) == (1, 1, True)
    assert (surv["level"], surv["unit_id"], surv["outcome"]) == (3, str(palu.surv.id), "fits")
    # The whole organization: 3 of the 5 rated are Sangat Baik (the Kabid is not rated yet).
    whole = await _curve(client, palu, pid)
    assert (whole["unit_id"], whole["total"], whole["unrated"]) == (None, 5, 1)
    assert (whole["level"], whole["group_size"], len(whole["people"])) == (0, 6, 6)
    assert whole["percentages"]["sangat_baik"] == "60.00"
    assert whole["passed"] is False
    await rate(
        client,
        palu.kadis,
        s["staff"]["dr. Nurhaya Lamato"],
        "SESUAI_EKSPEKTASI",
        "SESUAI_EKSPEKTASI",
    )
    whole = await _curve(client, palu, pid)
    assert (whole["total"], whole["unrated"], whole["passed"]) == (6, 0, True)

    # Blocked: 409 naming each failing rule with its gap; nothing is finalized.
    problem = assert_problem(await finalize(client, palu, pid, palu.pkm.id), 409, "curve_not_fit")
    assert [(e["field"], e["type"]) for e in problem["errors"]] == [
        ("rules.1", "curve_rule_failed"),
        ("rules.2", "curve_rule_failed"),
    ]
    assert "Sangat Baik" in problem["errors"][1]["message"]
    assert "75" in problem["errors"][1]["message"]
    siti = s["staff"]["Siti Rahma"]["appraisal_id"]
    assert (
        ok(await client.get(f"{API}/appraisals/{siti}", headers=palu.siti.headers))["state"]
        == "open"
    )
    # The section fits: finalized without warnings.
    done = ok(await finalize(client, palu, pid, palu.surv.id))
    assert (done["finalized"], done["warnings"], done["curve"]["passed"]) == (1, [], True)
    assert_problem(await finalize(client, palu, pid, palu.surv.id), 409, "nothing_to_finalize")

    # Corrected with reasons (Budi: work below expectations) → the Puskesmas fits.
    budi = s["staff"]["Budi Santoso"]
    await rate(client, palu.kapus, budi, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "Capaian 50%")
    await rate(
        client,
        palu.kapus,
        s["staff"]["Citra Dewi"],
        "SESUAI_EKSPEKTASI",
        "SESUAI_EKSPEKTASI",
        "Koreksi kurva",
    )
    assert (await _curve(client, palu, pid, palu.pkm.id))["passed"] is True
    assert ok(await finalize(client, palu, pid, palu.pkm.id))["finalized"] == 4

    # Only admins of the organization check and finalize.
    url = f"{PERIODS}/{pid}/curve"
    assert_problem(await client.get(url, headers=palu.kapus.headers), 403)
    assert_problem(await client.get(url, headers=world.other_admin.headers), 404)
    other_unit = await factory.unit(world.other_org)
    r = await client.get(url, headers=palu.admin.headers, params={"unit_id": str(other_unit.id)})
    assert_problem(r, 404)
    r = await client.post(
        f"{PERIODS}/{pid}/units/{palu.p2p.id}/finalize", headers=palu.kabid.headers
    )
    assert_problem(r, 403)


async def test_curve_warn_mode_finalizes_with_warnings(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, factory: Factory
) -> None:
    s = await _favoritism(client, palu, factory)
    pid = s["period"]["id"]
    await set_curve_enforcement(client, palu, "warn")
    done = ok(await finalize(client, palu, pid, palu.pkm.id))
    assert done["finalized"] == 4
    assert done["curve"]["enforcement"] == "warn"
    assert done["curve"]["passed"] is False
    assert len(done["warnings"]) == 2
    assert "Sangat Baik" in done["warnings"][1]
    siti = s["staff"]["Siti Rahma"]["appraisal_id"]
    doc = ok(await client.get(f"{API}/appraisals/{siti}", headers=palu.siti.headers))
    assert doc["state"] == "finalized"
    assert doc["objection_deadline"]
    events = ok(await client.get(f"{API}/appraisals/{siti}/events", headers=palu.siti.headers))[
        "items"
    ]
    (final,) = [e for e in events if e["action"] == "finalized"]
    assert final["note"] == "; ".join(done["warnings"])
    # Not rated yet: refused in either mode.
    assert_problem(await finalize(client, palu, pid, palu.p2p.id), 409, "appraisals_unrated")


async def test_curve_needs_the_organization_result(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    pid = s["period"]["id"]
    await rate_siti(client, palu, s, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    r = await client.get(f"{PERIODS}/{pid}/curve", headers=palu.admin.headers)
    assert_problem(r, 409, "organization_result_missing")
    assert_problem(
        await finalize(client, palu, pid, palu.pkm.id), 409, "organization_result_missing"
    )


# ---- follow-up: ranking and rewards ------------------------------------------------------------


async def test_ranking_per_unit_and_organization_with_ties_and_rewards(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, factory: Factory, world: World
) -> None:
    s = await _favoritism(client, palu, factory)
    pid = s["period"]["id"]
    staff = s["staff"]
    ranking_url = f"{PERIODS}/{pid}/ranking"
    # Nothing finalized yet: nobody ranks.
    assert ok(await client.get(ranking_url, headers=palu.admin.headers))["items"] == []
    await set_curve_enforcement(client, palu, "warn")
    ok(await finalize(client, palu, pid, palu.pkm.id))
    ok(await finalize(client, palu, pid, palu.surv.id))

    whole = ok(await client.get(ranking_url, headers=palu.admin.headers))
    assert any("predikat" in c.lower() for c in whole["criteria"])
    assert any("capaian" in c.lower() for c in whole["criteria"])
    assert not any(" / " in c or "highest" in c for c in whole["criteria"])  # one language
    english = ok(
        await client.get(ranking_url, headers={**palu.admin.headers, "Accept-Language": "en"})
    )
    assert english["criteria"][1] == "2. Average indicator achievement, highest first"
    # Siti and Citra: Sangat Baik, 100 % → both first (listed by name); Budi 50 % third;
    # then Fadli (Baik) and Andi (Butuh Perbaikan). The Kabid is not finalized: not ranked.
    assert [
        (i["rank"], i["employee_name"], i["predikat"], i["average_achievement"])
        for i in whole["items"]
    ] == [
        (1, "Citra Dewi", "sangat_baik", 100.0),
        (1, "Siti Rahma", "sangat_baik", 100.0),
        (3, "Budi Santoso", "sangat_baik", 50.0),
        (4, "Ns. Fadli Rahman", "baik", None),
        (5, "Andi Pratama", "butuh_perbaikan", None),
    ]
    top = ok(await client.get(ranking_url, headers=palu.admin.headers, params={"limit": 2}))
    assert [i["employee_name"] for i in top["items"]] == ["Citra Dewi", "Siti Rahma"]
    # the one envelope of every list: the next page from the cursor, the criteria on each
    rest = ok(
        await client.get(
            ranking_url,
            headers=palu.admin.headers,
            params={"limit": 2, "cursor": top["next_cursor"]},
        )
    )
    assert [(i["rank"], i["employee_name"]) for i in rest["items"]] == [
        (3, "Budi Santoso"),
        (4, "Ns. Fadli Rahman"),
    ]
    assert (rest["limit"], rest["criteria"]) == (2, top["criteria"])
    last = ok(
        await client.get(
            ranking_url,
            headers=palu.admin.headers,
            params={"limit": 2, "cursor": rest["next_cursor"]},
        )
    )
    assert ([i["employee_name"] for i in last["items"]], last["next_cursor"]) == (
        ["Andi Pratama"],
        None,
    )
    r = await client.get(ranking_url, headers=palu.admin.headers, params={"sort": "name"})
    assert assert_problem(r, 422)["errors"][0]["type"] == "invalid_sort"
    unit = ok(
        await client.get(
            ranking_url, headers=palu.admin.headers, params={"unit_id": str(palu.surv.id)}
        )
    )
    assert [(i["rank"], i["employee_name"], i["unit_name"]) for i in unit["items"]] == [
        (1, "Andi Pratama", "Seksi Surveilans dan Imunisasi")
    ]
    assert_problem(await client.get(ranking_url, headers=palu.kapus.headers), 403)
    assert_problem(await client.get(ranking_url, headers=world.other_admin.headers), 404)

    # Rewards: admin only, for a finalized appraisal of this period.
    rewards = f"{PERIODS}/{pid}/rewards"
    body = {
        "appraisal_id": staff["Citra Dewi"]["appraisal_id"],
        "title": "Pegawai Terbaik Semester I",
        "reason": "Sangat Baik, capaian 100%",
        "awarded_on": "2026-08-17",
    }
    assert_problem(await client.post(rewards, headers=palu.kapus.headers, json=body), 403)
    assert_problem(await client.post(rewards, headers=world.other_admin.headers, json=body), 404)
    for bad in ({"title": "X"}, {"awarded_on": "17-08-2026"}, {"appraisal_id": "nope"}):
        assert_problem(
            await client.post(rewards, headers=palu.admin.headers, json={**body, **bad}), 422
        )
    r = await client.post(
        rewards, headers=palu.admin.headers, json={**body, "appraisal_id": str(uuid.uuid4())}
    )
    assert_problem(r, 422)
    kabid = staff["dr. Nurhaya Lamato"]["appraisal_id"]  # still open
    r = await client.post(rewards, headers=palu.admin.headers, json={**body, "appraisal_id": kabid})
    assert_problem(r, 409, "appraisal_not_finalized")
    first = ok(await client.post(rewards, headers=palu.admin.headers, json=body), 201)
    second = ok(
        await client.post(
            rewards,
            headers=palu.admin.headers,
            json={
                **body,
                "appraisal_id": staff["Siti Rahma"]["appraisal_id"],
                "awarded_on": "2026-08-18",
            },
        ),
        201,
    )
    # Everyone in the organization sees the recognition, newest first; other organizations 404.
    listed = ok(await client.get(rewards, headers=palu.andi.headers))
    assert [i["id"] for i in listed["items"]] == [second["id"], first["id"]]
    assert listed["items"][1]["title"] == "Pegawai Terbaik Semester I"
    assert_problem(await client.get(rewards, headers=world.other_admin.headers), 404)
    # A reward for an appraisal of another period is refused.
    other = await create_period(
        client, palu.admin, kind="annual", start_date="2026-01-01", end_date="2026-12-31"
    )
    r = await client.post(f"{PERIODS}/{other['id']}/rewards", headers=palu.admin.headers, json=body)
    assert_problem(r, 422)


# ---- transparency, no hard deletes ---------------------------------------------------------------


async def test_the_appraised_sees_every_criterion_rating_and_how_others_do_not(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, world: World
) -> None:
    s = await setup_cycle(client, palu, realized={"Siti Rahma": 1150})
    url = f"{API}/appraisals/{s['appraisal_id']}"
    body = {
        "items": [
            {"work_result_id": s["rhk_id"], "rating": "SESUAI_EKSPEKTASI", "feedback": "Target 96%"}
        ],
        "hasil_kerja": "SESUAI_EKSPEKTASI",
        "behaviours": [
            {
                "value": v.value,
                "expectation": f"Ekspektasi {v.value}",
                "rating": "DI_ATAS_EKSPEKTASI" if n < 4 else "SESUAI_EKSPEKTASI",
                "feedback": f"Umpan balik {v.value}",
            }
            for n, v in enumerate(BerAkhlak)
        ],
        "feedback": "Tingkatkan komunikasi dengan kader posyandu",
    }
    ok(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body))
    doc = ok(await client.get(url, headers=palu.siti.headers))
    (item,) = doc["items"]
    assert (item["statement"], item["rating"], item["feedback"]) == (
        "Imunisasi bayi",
        "SESUAI_EKSPEKTASI",
        "Target 96%",
    )
    (indicator,) = item["realization"]
    assert indicator["name"] == BAYI_TARGET["name"]
    assert (indicator["target_value"], indicator["value"]) == (1200, 1150)
    assert indicator["achievement_percent"] == pytest.approx(95.83, abs=0.01)
    assert doc["average_achievement"] == pytest.approx(95.83, abs=0.01)
    assert [
        (b["value"], b["expectation"], b["rating"], b["feedback"]) for b in doc["behaviours"]
    ] == [
        (
            v.value,
            f"Ekspektasi {v.value}",
            "DI_ATAS_EKSPEKTASI" if n < 4 else "SESUAI_EKSPEKTASI",
            f"Umpan balik {v.value}",
        )
        for n, v in enumerate(BerAkhlak)
    ]
    # Four of seven above → the median (the suggestion and the overall rating) is above.
    assert doc["suggested_perilaku"] == "DI_ATAS_EKSPEKTASI"
    assert doc["feedback"] == "Tingkatkan komunikasi dengan kader posyandu"
    assert doc["how"] == {
        "hasil_kerja": "SESUAI_EKSPEKTASI",
        "perilaku": "DI_ATAS_EKSPEKTASI",
        "predikat": "baik",
        "label": "Baik",
        "cell": "SESUAI_EKSPEKTASI × DI_ATAS_EKSPEKTASI",
        "hasil_kerja_from_organization_result": None,
    }
    assert doc["appraiser_name"] == "Ns. Fadli Rahman"

    # Someone else of the organization: 403 (known resource); not in their list. Another
    # organization: 404. The appraised does not see who the colleagues were (peer input).
    for path in ("", "/events"):
        assert_problem(await client.get(f"{url}{path}", headers=palu.andi.headers), 403)
        assert_problem(await client.get(f"{url}{path}", headers=world.other_admin.headers), 404)
    assert ok(await client.get(f"{API}/appraisals", headers=palu.andi.headers))["items"] == []
    assert (
        ok(await client.get(f"{API}/appraisals", headers=world.other_admin.headers))["items"] == []
    )
    assert_problem(await client.get(f"{url}/peer-inputs", headers=palu.siti.headers), 403)
    # The appraiser's superior and the admin read it.
    for who in (palu.kadis, palu.admin):
        assert ok(await client.get(url, headers=who.headers))["predikat"] == "baik"


async def test_appraisals_are_never_hard_deleted(
    client: httpx.AsyncClient, app: Any, palu: Palu, clock: Clock
) -> None:
    paths = app.openapi()["paths"]
    appraisal_paths = [p for p in paths if "appraisal" in p or "peer-inputs" in p]
    assert len(appraisal_paths) >= 10
    assert not [p for p in appraisal_paths if "delete" in paths[p]]
    s = await setup_cycle(client, palu)
    await rate_siti(client, palu, s, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    url = f"{API}/appraisals/{s['appraisal_id']}"
    for target in (url, f"{PERIODS}/{s['period']['id']}"):
        r = await client.delete(target, headers=palu.admin.headers)
        assert r.status_code == 405, r.text
    events = ok(await client.get(f"{url}/events", headers=palu.siti.headers))["items"]
    assert [e["action"] for e in events] == ["created", "rated"]
    assert ok(await client.get(url, headers=palu.siti.headers))["predikat"] == "baik"


# ---- SQL statements: constant whatever the number of RHK and employees ---------------------------


async def test_list_and_read_run_a_constant_number_of_statements(
    client: httpx.AsyncClient,
    palu: Palu,
    clock: Clock,
    factory: Factory,
    count_queries: Callable[[], Any],
) -> None:
    s = await setup_cycle(client, palu)  # the semester: Fadli and Siti (1 RHK)
    june = await create_period(
        client, palu.admin, kind="monthly", start_date="2026-06-01", end_date="2026-06-30"
    )
    counter = count_queries()
    assert (await open_period(client, palu.admin, june["id"]))["appraisals_created"] == 2
    opening_two, counter.count = counter.count, 0
    budi, citra, dodi = [
        await factory.person(palu.org, palu.perawat_pos, name=name)
        for name in ("Budi Santoso", "Citra Dewi", "Dodi Saputra")
    ]
    # Budi's SKP has four RHK with two indicators each.
    skp, rhk, _ = await planned_skp(
        client, budi, "Imunisasi bayi", BAYI_TARGET, parent_id=s["head_rhk_id"]
    )
    await add_indicator(client, budi, rhk["id"], WAKTU_TARGET)
    for n in range(3):
        more = await add_rhk(client, budi, skp["id"], f"Posyandu {n}", parent_id=s["head_rhk_id"])
        for target in (BAYI_TARGET, WAKTU_TARGET):
            await add_indicator(client, budi, more["id"], target)
    ok(await act(client, budi, skp["id"], "submit"))
    ok(await act(client, palu.kapus, skp["id"], "approve"))
    for who in (citra, dodi):
        await approved_skp(
            client, who, palu.kapus, "Imunisasi", BAYI_TARGET, parent_id=s["head_rhk_id"]
        )
    quarter = await create_period(
        client, palu.admin, kind="quarterly", start_date="2026-04-01", end_date="2026-06-30"
    )
    counter.count = 0
    assert (await open_period(client, palu.admin, quarter["id"]))["appraisals_created"] == 5
    # Opening does not run statements per employee (one flush for all the documents).
    assert counter.count == opening_two
    small, big = s["period"]["id"], quarter["id"]
    siti_q = (await appraisal_of(client, palu.admin, big, "Siti Rahma"))["id"]
    budi_q = (await appraisal_of(client, palu.admin, big, "Budi Santoso"))["id"]
    for aid in (s["appraisal_id"], budi_q):
        await rate_all(client, palu, aid)

    async def statements(who: Any, url: str, **params: Any) -> int:
        await client.get(url, headers=who.headers, params=params)  # warm caches
        counter = count_queries()
        data = ok(await client.get(url, headers=who.headers, params=params))
        n = int(counter.count)
        counter.count = 0
        assert n > 0
        assert data.get("items") or "period_id" not in params
        return n

    lists = f"{API}/appraisals"
    for who in (palu.admin, palu.kapus, palu.kadis):
        assert await statements(who, lists, period_id=small) == await statements(
            who, lists, period_id=big
        ), who.user.username
    doc = ok(await client.get(f"{API}/appraisals/{budi_q}", headers=palu.admin.headers))
    assert len(doc["items"]) == 4
    assert sum(len(i["realization"]) for i in doc["items"]) == 8
    # One RHK (Siti, semester) vs four RHK with eight indicators (Budi, quarter), as the
    # appraiser, the appraiser's superior and the admin; each owner reads their own.
    for who in (palu.admin, palu.kapus, palu.kadis):
        assert await statements(who, f"{API}/appraisals/{s['appraisal_id']}") == await statements(
            who, f"{API}/appraisals/{budi_q}"
        ), who.user.username
    assert await statements(palu.siti, f"{API}/appraisals/{siti_q}") == await statements(
        budi, f"{API}/appraisals/{budi_q}"
    )


async def rate_all(client: httpx.AsyncClient, palu: Palu, appraisal_id: str) -> None:
    url = f"{API}/appraisals/{appraisal_id}"
    doc = ok(await client.get(url, headers=palu.kapus.headers))
    rhk_ids = [i["work_result_id"] for i in doc["items"]]
    body = rating_body(rhk_ids, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    ok(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=body))
