"""Performance dialogues through the HTTP API on the Palu chain (scenario 1).

Fadli (Kepala Puskesmas Talise) appraises Siti and Rina (perawat); Andi (Seksi Surveilans,
P2P) and the Kabid P2P are in another branch of the chain; the Kadis is above everyone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import Clock, clock, setup_cycle  # noqa: F401  (fixture)
from conftest import Account, Factory, Palu, assert_problem, audit_rows
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import PositionKind
from skp_support import API, YEAR, ok


def at(month: int, day: int, hour: int = 2) -> datetime:
    return datetime(YEAR, month, day, hour, 0, tzinfo=UTC)


async def rina_of(factory: Factory, palu: Palu) -> Account:
    pos = await factory.position(
        palu.org,
        palu.pkm,
        kind=PositionKind.FUNGSIONAL,
        name="Perawat Terampil",
        superior=palu.kapus_pos,
    )
    return await factory.person(palu.org, pos, name="Rina Lestari", username="rina")


def headers(who: Account, etag: str | None = None) -> dict[str, str]:
    return {**who.headers, **({"If-Match": etag} if etag else {})}


async def test_story_dialogue_cycle(
    client: httpx.AsyncClient,
    factory: Factory,
    palu: Palu,
    clock: Clock,  # noqa: F811
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    rina = await rina_of(factory, palu)
    s = await setup_cycle(client, palu, staff=[rina])
    siti_rhk = s["rhk_id"]

    # 1. Siti asks her appraiser for a dialogue; it goes to Fadli.
    clock.now = at(6, 20)
    asked = ok(
        await client.post(
            f"{API}/me/dialogue-requests",
            headers=palu.siti.headers,
            json={
                "topic": "Cakupan IDL bulan Mei",
                "subject": "realization",
                "work_result_id": siti_rhk,
            },
        ),
        201,
    )
    did = asked["id"]
    assert (asked["status"], asked["supervisor_id"]) == ("requested", str(palu.kapus.employee_id))
    assert asked["allowed_actions"] == []  # Siti waits
    url = f"{API}/dialogues/{did}"
    # Only Fadli answers; Siti cannot accept her own request.
    assert_problem(
        await client.post(
            f"{url}/accept",
            headers=palu.siti.headers,
            json={"scheduled_at": "2026-06-22T01:00:00Z", "place": "Ruang Kapus"},
        ),
        403,
        "not_dialogue_supervisor",
    )
    read = await client.get(url, headers=palu.kapus.headers)
    assert ok(read)["allowed_actions"] == ["accept", "decline"]
    # 2. Fadli accepts with a time (stale ETag first: 412).
    assert_problem(
        await client.post(
            f"{url}/accept",
            headers=headers(palu.kapus, '"99"'),
            json={"scheduled_at": "2026-06-22T01:00:00Z", "place": "Ruang Kapus"},
        ),
        412,
    )
    accepted = await client.post(
        f"{url}/accept",
        headers=headers(palu.kapus, read.headers["ETag"]),
        json={
            "scheduled_at": "2026-06-22T01:00:00Z",
            "place": "Ruang Kapus",
            "agenda": "Capaian IDL dan posyandu yang tutup",
        },
    )
    assert ok(accepted)["status"] == "scheduled"
    assert_problem(
        await client.post(f"{url}/decline", headers=palu.kapus.headers, json={"reason": "Batal"}),
        409,
        "dialogue_not_requested",
    )

    # 3. Nobody outside the chain reads it: a colleague, another branch, another org.
    for outsider in (rina, palu.andi, palu.kabid):
        assert_problem(await client.get(url, headers=outsider.headers), 403)
    for insider in (palu.siti, palu.kapus, palu.kadis, palu.admin):
        assert ok(await client.get(url, headers=insider.headers))["id"] == did
    listed = ok(await client.get(f"{API}/dialogues", headers=rina.headers))
    assert listed["items"] == []
    listed = ok(await client.get(f"{API}/dialogues", headers=palu.kadis.headers))
    assert [d["id"] for d in listed["items"]] == [did]

    # 4. Recorded after the meeting, not before, by Fadli only.
    record = {
        "went_well": "Posyandu Melati tepat waktu",
        "not_well": "Cakupan IDL Mei 78%",
        "why": "Dua posyandu tutup setelah gempa",
        "next_steps": "Sweeping bayi pindahan; posyandu pengganti",
    }
    clock.now = at(6, 21)
    assert_problem(
        await client.put(f"{url}/record", headers=palu.kapus.headers, json=record),
        409,
        "dialogue_not_held",
    )
    clock.now = at(6, 22, 3)
    assert_problem(await client.put(f"{url}/record", headers=palu.siti.headers, json=record), 403)
    recorded = ok(await client.put(f"{url}/record", headers=palu.kapus.headers, json=record))
    assert recorded["status"] == "recorded"
    assert recorded["allowed_actions"] == ["record", "add_action"]

    # 5. Two agreed actions: one on Siti's RHK, one serving a development need.
    need = ok(
        await client.post(
            f"{API}/organizations/{palu.org.id}/needs",
            headers=palu.admin.headers,
            json={
                "year": YEAR,
                "title": "Pencatatan imunisasi elektronik",
                "source": "competency_gap",
                "priority": "medium",
                "unit_id": str(palu.pkm.id),
            },
        ),
        201,
    )
    sweep = ok(
        await client.post(
            f"{url}/actions",
            headers=palu.kapus.headers,
            json={
                "owner_id": str(palu.siti.employee_id),
                "description": "Sweeping bayi pindahan",
                "due_date": "2026-06-25",
                "work_result_id": siti_rhk,
            },
        ),
        201,
    )
    coaching = ok(
        await client.post(
            f"{url}/actions",
            headers=palu.kapus.headers,
            json={
                "owner_id": str(palu.siti.employee_id),
                "description": "Belajar aplikasi pencatatan imunisasi",
                "due_date": "2026-07-31",
                "need_id": need["id"],
            },
        ),
        201,
    )
    # The owner must be in the dialogue; the RHK must be the owner's.
    assert_problem(
        await client.post(
            f"{url}/actions",
            headers=palu.kapus.headers,
            json={
                "owner_id": str(rina.employee_id),
                "description": "Bantu sweeping",
                "due_date": "2026-06-25",
            },
        ),
        422,
    )
    assert_problem(
        await client.post(
            f"{url}/actions",
            headers=palu.kapus.headers,
            json={
                "owner_id": str(palu.kapus.employee_id),
                "description": "Cek data",
                "due_date": "2026-06-25",
                "work_result_id": siti_rhk,
            },
        ),
        422,
    )

    # 6. Siti confirms (with the current ETag): the record becomes read-only, audited.
    before = await client.get(url, headers=palu.siti.headers)
    assert ok(before)["allowed_actions"] == ["confirm", "comment"]
    assert_problem(
        await client.post(
            f"{url}/confirmation", headers=headers(palu.siti, '"1"'), json={"confirmed": True}
        ),
        412,
    )
    assert_problem(
        await client.post(
            f"{url}/confirmation", headers=palu.kapus.headers, json={"confirmed": True}
        ),
        403,
        "not_dialogue_participant",
    )
    confirmed = ok(
        await client.post(
            f"{url}/confirmation",
            headers=headers(palu.siti, before.headers["ETag"]),
            json={"confirmed": True, "comment": "Sesuai pembicaraan"},
        )
    )
    assert (confirmed["status"], confirmed["read_only"]) == ("confirmed", True)
    assert confirmed["participants"][0]["comment"] == "Sesuai pembicaraan"
    statuses = [
        r.after.get("status") for r in await audit_rows(sessionmaker, "dialogues", did) if r.after
    ]
    assert "confirmed" in statuses
    assert "scheduled" in statuses
    assert_problem(
        await client.put(f"{url}/record", headers=palu.kapus.headers, json=record),
        409,
        "dialogue_confirmed",
    )
    assert_problem(
        await client.post(
            f"{url}/actions",
            headers=palu.kapus.headers,
            json={
                "owner_id": str(palu.siti.employee_id),
                "description": "Lagi",
                "due_date": "2026-06-25",
            },
        ),
        409,
        "dialogue_confirmed",
    )
    assert_problem(
        await client.patch(
            f"{API}/dialogue-actions/{sweep['id']}",
            headers=palu.kapus.headers,
            json={"due_date": "2026-07-15"},
        ),
        409,
        "dialogue_confirmed",
    )

    # 7. Action status still changes: dropping needs a reason; the owner marks it done.
    action_url = f"{API}/dialogue-actions/{coaching['id']}"
    assert_problem(
        await client.patch(action_url, headers=palu.siti.headers, json={"status": "dropped"}), 422
    )
    assert_problem(
        await client.patch(action_url, headers=rina.headers, json={"status": "done"}), 403
    )
    # 8. Fadli turns the coaching action into a development-plan item (not Siti herself).
    plan_body = {"type": "coaching", "title": "Coaching aplikasi pencatatan", "learning_hours": 8}
    assert_problem(
        await client.post(
            f"{action_url}/development-plan", headers=palu.siti.headers, json=plan_body
        ),
        403,
    )
    plan = ok(
        await client.post(
            f"{action_url}/development-plan", headers=palu.kapus.headers, json=plan_body
        ),
        201,
    )
    assert (plan["dialogue_action_id"], plan["need_id"]) == (coaching["id"], need["id"])
    assert plan["employee_id"] == str(palu.siti.employee_id)
    assert plan["approved"] is True
    assert (
        ok(await client.get(action_url, headers=palu.siti.headers))["development_plan_id"]
        == (plan["id"])
    )
    assert (
        ok(await client.get(f"{API}/development-plans/{plan['id']}", headers=palu.siti.headers))[
            "dialogue_action_id"
        ]
        == coaching["id"]
    )
    assert_problem(
        await client.post(
            f"{action_url}/development-plan", headers=palu.kapus.headers, json=plan_body
        ),
        409,
        "action_has_plan",
    )
    done = ok(await client.patch(action_url, headers=palu.siti.headers, json={"status": "done"}))
    assert done["status"] == "done"
    assert done["closed_at"] is not None

    # 9. A week later the sweep is overdue: for Siti, for Fadli's unit, not for Andi.
    clock.now = at(7, 1)
    mine = ok(
        await client.get(f"{API}/me/actions", headers=palu.siti.headers, params={"overdue": "true"})
    )
    assert [(a["id"], a["overdue"]) for a in mine["items"]] == [(sweep["id"], True)]
    unit_url = f"{API}/units/{palu.pkm.id}/dialogue-actions"
    for who, expected in (
        (palu.kapus, [sweep["id"]]),
        (palu.admin, [sweep["id"]]),
        (palu.kadis, [sweep["id"]]),
        (palu.andi, []),
        (rina, []),
    ):
        got = ok(await client.get(unit_url, headers=who.headers, params={"overdue": "true"}))
        assert [a["id"] for a in got["items"]] == expected, who.user.username
    everything = ok(await client.get(unit_url, headers=palu.kapus.headers))
    assert {a["id"] for a in everything["items"]} == {sweep["id"], coaching["id"]}

    # 10. A team dialogue only with people Fadli supervises; a declined request.
    team = {
        "scheduled_at": "2026-06-10T01:00:00Z",
        "place": "Aula Puskesmas",
        "topic": "Rapat tim imunisasi",
    }
    assert_problem(
        await client.post(
            f"{API}/dialogues",
            headers=palu.kapus.headers,
            json={
                **team,
                "participant_ids": [str(palu.siti.employee_id), str(palu.andi.employee_id)],
            },
        ),
        422,
    )
    planned = ok(
        await client.post(
            f"{API}/dialogues",
            headers=palu.kapus.headers,
            json={
                **team,
                "scheduled_at": "2026-07-10T01:00:00Z",
                "participant_ids": [str(palu.siti.employee_id), str(rina.employee_id)],
            },
        ),
        201,
    )
    assert (planned["kind"], planned["status"]) == ("team", "scheduled")
    asked = ok(
        await client.post(
            f"{API}/me/dialogue-requests",
            headers=rina.headers,
            json={"topic": "Jadwal dinas malam"},
        ),
        201,
    )
    declined = ok(
        await client.post(
            f"{API}/dialogues/{asked['id']}/decline",
            headers=palu.kapus.headers,
            json={"reason": "Dibahas pada rapat tim 10 Juli"},
        )
    )
    assert (declined["status"], declined["decline_reason"]) == (
        "declined",
        "Dibahas pada rapat tim 10 Juli",
    )

    # 11. Fadli's report of the year: one dialogue held, Siti met, Rina never; actions.
    report_url = f"{API}/employees/{palu.kapus.employee_id}/dialogue-report"
    report = ok(await client.get(report_url, headers=palu.kapus.headers, params={"year": YEAR}))
    assert report["dialogues_held"] == 1
    assert report["dialogues_planned"] == 1
    assert report["team_size"] == 2
    assert [p["name"] for p in report["met"]] == ["Siti Rahma"]
    assert [p["name"] for p in report["never_met"]] == ["Rina Lestari"]
    assert report["actions"] == {"open": 1, "done": 1, "dropped": 0, "overdue": 1}
    assert (
        ok(await client.get(report_url, headers=palu.kadis.headers, params={"year": YEAR}))[
            "dialogues_held"
        ]
        == 1
    )
    assert_problem(
        await client.get(report_url, headers=palu.siti.headers, params={"year": YEAR}), 403
    )

    # 12. Siti's appraisal shows the period's dialogue with its actions, read-only.
    shown = ok(
        await client.get(
            f"{API}/appraisals/{s['appraisal_id']}/dialogues", headers=palu.kapus.headers
        )
    )
    assert [d["id"] for d in shown] == [did]
    assert {a["id"] for a in shown[0]["actions"]} == {sweep["id"], coaching["id"]}
    assert (
        ok(
            await client.get(
                f"{API}/appraisals/{s['appraisal_id']}/dialogues", headers=palu.siti.headers
            )
        )[0]["id"]
        == did
    )
    assert_problem(
        await client.get(
            f"{API}/appraisals/{s['appraisal_id']}/dialogues", headers=palu.andi.headers
        ),
        403,
    )


async def test_other_organization_sees_nothing(
    client: httpx.AsyncClient, factory: Factory, palu: Palu, world: Any
) -> None:
    when = "2026-03-02T01:00:00Z"
    made = ok(
        await client.post(
            f"{API}/dialogues",
            headers=palu.kapus.headers,
            json={
                "participant_ids": [str(palu.siti.employee_id)],
                "scheduled_at": when,
                "place": "Ruang Kapus",
                "topic": "Evaluasi bulanan",
            },
        ),
        201,
    )
    other = world.other_admin
    assert_problem(await client.get(f"{API}/dialogues/{made['id']}", headers=other.headers), 404)
    assert ok(await client.get(f"{API}/dialogues", headers=other.headers))["items"] == []
    # A supervisor cannot schedule with someone of another organization either.
    stranger_pos = await factory.position(world.other_org, await factory.unit(world.other_org))
    stranger = await factory.person(world.other_org, stranger_pos, Role.STAFF)
    assert_problem(
        await client.post(
            f"{API}/dialogues",
            headers=palu.kapus.headers,
            json={
                "participant_ids": [str(stranger.employee_id)],
                "scheduled_at": when,
                "place": "Ruang Kapus",
                "topic": "Evaluasi",
            },
        ),
        422,
    )
    # English messages on request.
    body = assert_problem(
        await client.post(
            f"{API}/dialogues/{made['id']}/decline",
            headers={**palu.kapus.headers, "Accept-Language": "en"},
            json={"reason": "Tidak jadi"},
        ),
        409,
        "dialogue_not_requested",
    )
    assert "request" in body["detail"]
