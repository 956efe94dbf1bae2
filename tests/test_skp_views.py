"""The views across SKPs: statement counts that do not grow with size, who waits on whom, who
is late, and what blocks me — in plain Indonesian or English, each with who can fix it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Factory, Palu, QueryCounter, assert_problem
from kinerja_api.indicators.skp.models import Skp
from skp_support import (
    API,
    BAYI_TARGET,
    YEAR,
    Goals,
    act,
    add_rhk,
    approved_skp,
    create_skp,
    ok,
    palu_goals,
    planned_skp,
    subordinate_skps,
)

Counting = Callable[[], QueryCounter]


async def _count(counting: Counting, request: Any) -> tuple[int, httpx.Response]:
    counter = counting()
    response = await request
    return counter.count, response


async def test_the_cascade_tree_of_the_organization_and_of_one_goal(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Its statement budget is in tests/test_query_budget.py."""
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    await subordinate_skps(factory, sessionmaker, palu, kapus_rhk["id"], 3)
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/cascade",
        headers=palu.admin.headers,
        params={"year": YEAR},
    )
    head = ok(r)["goals"][0]["children"][0]["key_indicators"][0]["work_results"][0]
    assert len(head["children"]) == 3
    assert all(len(c["indicators"]) == 2 for c in head["children"])

    # one goal only
    only = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/cascade",
            headers=palu.admin.headers,
            params={"year": YEAR, "goal_id": goals.sasaran_pos},
        )
    )
    assert [g["code"] for g in only["goals"]] == ["S1.2"]
    assert {u["code"] for u in only["unowned_goals"]} == {"S1.2", "IKU-03"}
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/cascade",
        headers=palu.admin.headers,
        params={"year": YEAR, "goal_id": str(uuid.uuid4())},
    )
    assert_problem(r, 404, "goal_not_found")


async def test_who_waits_on_whom(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    count_queries: Counting,
) -> None:
    goals: Goals = await palu_goals(client, palu.admin, palu.org.id)
    dewi = await factory.person(palu.org, palu.perawat_pos, name="Dewi Lestari")
    # Siti has a plan but the head of the Puskesmas has none yet; Dewi drafted against his
    # draft; Andi waits for nobody (his superior's SKP is approved).
    await create_skp(client, palu.siti)
    kapus_skp, kapus_rhk, _ = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    await planned_skp(
        client, dewi, "Tercatatnya imunisasi bayi", BAYI_TARGET, parent_id=kapus_rhk["id"]
    )
    _, kabid_rhk, _ = await approved_skp(
        client, palu.kabid, palu.kadis, "Terkendalinya penyakit menular", goal_id=goals.sasaran_idl
    )
    await planned_skp(client, palu.andi, "Tersedianya data surveilans", parent_id=kabid_rhk["id"])

    url = f"{API}/organizations/{palu.org.id}/skp/waiting"
    counter = count_queries()
    page = ok(await client.get(url, headers=palu.admin.headers, params={"year": YEAR, "limit": 1}))
    assert [i["employee"]["name"] for i in page["items"]] == ["Dewi Lestari"]
    [waits] = page["items"][0]["waiting_for"]
    assert waits == {
        "employee": {"id": str(palu.kapus.employee_id), "name": "Ns. Fadli Rahman"},
        "skp": {"id": kapus_skp["id"], "state": "draft", "revision": 0},
        "code": "superior_skp_not_approved",
    }
    assert counter.count < 25
    page = ok(
        await client.get(
            url,
            headers=palu.admin.headers,
            params={"year": YEAR, "limit": 1, "cursor": page["next_cursor"]},
        )
    )
    assert [i["employee"]["name"] for i in page["items"]] == ["Siti Rahma"]
    assert page["items"][0]["waiting_for"][0]["code"] == "superior_skp_not_approved"
    assert page["next_cursor"] is None

    ok(await act(client, palu.kapus, kapus_skp["id"], "submit"))
    ok(await act(client, palu.kadis, kapus_skp["id"], "approve"))
    done = ok(await client.get(url, headers=palu.admin.headers, params={"year": YEAR}))
    assert done["items"] == []


async def test_who_is_late(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    kapus_skp, _, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    kabid_skp, _, _ = await approved_skp(
        client, palu.kabid, palu.kadis, "Terkendalinya penyakit menular", goal_id=goals.sasaran_idl
    )
    await create_skp(client, palu.siti)
    # the Kabid's plan was approved in January, before the deadline (31 January)
    async with sessionmaker() as s:
        await s.execute(
            update(Skp)
            .where(Skp.id == uuid.UUID(kabid_skp["id"]))
            .values(first_approved_at=datetime(YEAR, 1, 31, 15, 59, tzinfo=UTC))  # 23:59 WITA
        )
        await s.commit()
    url = f"{API}/organizations/{palu.org.id}/skp/late"
    late = ok(await client.get(url, headers=palu.admin.headers, params={"year": YEAR}))
    assert late["deadline"] == f"{YEAR}-01-31"
    rows = {
        i["employee"]["name"]: (i["status"], i["unit"]["code"] if i["unit"] else None)
        for i in late["items"]
    }
    assert rows == {
        "dr. Herry Mulyadi": ("missing", "DINKES"),
        "Andi Pratama": ("missing", "SURV-IMUN"),
        "Ns. Fadli Rahman": ("approved_late", "PKM-TALISE"),
        "Siti Rahma": ("not_approved", "PKM-TALISE"),
    }
    assert [i["employee"]["name"] for i in late["items"]] == sorted(rows)
    kapus = next(i for i in late["items"] if i["status"] == "approved_late")
    assert kapus["skp"]["id"] == kapus_skp["id"]
    # approved one minute after the end of the deadline day (organization time): late
    async with sessionmaker() as s:
        await s.execute(
            update(Skp)
            .where(Skp.id == uuid.UUID(kabid_skp["id"]))
            .values(first_approved_at=datetime(YEAR, 1, 31, 16, 1, tzinfo=UTC))
        )
        await s.commit()
    late = ok(await client.get(url, headers=palu.admin.headers, params={"year": YEAR}))
    assert "dr. Nurhaya Lamato" in {i["employee"]["name"] for i in late["items"]}
    # nothing is late before the deadline
    future = ok(
        await client.get(url, headers=palu.admin.headers, params={"year": date.today().year + 1})
    )
    assert future["items"] == []


async def _blockers(client: httpx.AsyncClient, who: Any, lang: str = "id") -> dict[str, Any]:
    result: dict[str, Any] = ok(
        await client.get(
            f"{API}/me/skp-blockers",
            headers={**who.headers, "Accept-Language": lang},
            params={"year": YEAR},
        )
    )
    return result


async def test_what_blocks_me(client: httpx.AsyncClient, palu: Palu, factory: Factory) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    # Siti: no SKP yet, her superior has none either, and the deadline has passed
    siti = await _blockers(client, palu.siti, "en")
    assert siti["skp"] is None
    assert siti["deadline"] == f"{YEAR}-01-31"
    assert [(b["code"], b["fixed_by"]["role"]) for b in siti["blockers"]] == [
        ("skp_missing", "self"),
        ("superior_skp_missing", "superior"),
        ("deadline_passed", "instansi_admin"),
    ]
    assert siti["blockers"][1]["message"] == (
        "Your superior, Ns. Fadli Rahman, has not created an SKP for 2026; your work results "
        "must refer to your superior's."
    )
    assert siti["blockers"][1]["fixed_by"]["employee"]["name"] == "Ns. Fadli Rahman"

    # the head of the office has no appraiser in the organization: a data-quality matter
    kadis = await _blockers(client, palu.kadis)
    assert kadis["blockers"][0] == {
        "code": "no_appraiser",
        "message": "Pejabat penilai Anda tidak dapat ditentukan dari struktur jabatan. Admin "
        "kepegawaian perlu melengkapi atasan jabatan atau menetapkan pejabat penilai.",
        "blocks_submit": True,
        "fixed_by": {
            "role": "instansi_admin",
            "employee": None,
            "people": [
                {
                    "role": "instansi_admin",
                    "name": palu.admin.user.full_name,
                    "employee_id": None,
                    "user_id": str(palu.admin.id),
                }
            ],
        },
        "related_skp_id": None,
    }
    newcomer = await factory.person(palu.org, None, name="Pegawai Baru")
    assert [b["code"] for b in (await _blockers(client, newcomer))["blockers"]][:3] == [
        "no_position",
        "no_appraiser",
        "skp_missing",
    ]

    # returned with notes, then submitted, then approved: nothing left
    kapus_skp, _, _ = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    ok(await act(client, palu.kapus, kapus_skp["id"], "submit"))
    waiting = await _blockers(client, palu.kapus)
    assert [b["code"] for b in waiting["blockers"]][:1] == ["awaiting_approval"]
    assert waiting["blockers"][0]["fixed_by"]["employee"]["name"] == "dr. Herry Mulyadi"
    ok(await act(client, palu.kadis, kapus_skp["id"], "return", "Lengkapi indikator"))
    returned = await _blockers(client, palu.kapus)
    assert [b["code"] for b in returned["blockers"]][:1] == ["skp_returned"]
    ok(await act(client, palu.kapus, kapus_skp["id"], "submit"))
    ok(await act(client, palu.kadis, kapus_skp["id"], "approve"))
    assert (await _blockers(client, palu.kapus))["blockers"] == []
    ok(await act(client, palu.admin, kapus_skp["id"], "lock"))
    locked = await _blockers(client, palu.kapus, "en")
    assert [(b["code"], b["fixed_by"]["role"]) for b in locked["blockers"]] == [
        ("skp_locked", "instansi_admin")
    ]

    # Siti drafts against the approved plan: only the deadline remains (it does not block)
    skp = await create_skp(client, palu.siti)
    await add_rhk(client, palu.siti, skp["id"], "Terlaksananya imunisasi", parent_id=None)
    drafted = await _blockers(client, palu.siti)
    # (run after 2026, "period_ended" would follow: the suite's year is fixed)
    assert [b["code"] for b in drafted["blockers"] if b["code"] != "period_ended"] == [
        "unlinked_work_results",
        "work_result_without_indicator",
        "deadline_passed",
    ]
