"""Daily activity reports through the API: validation, idempotency, review, rollups,
corrections and tenant isolation (statement counts: test_query_budget.py)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Palu, World, assert_problem
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpWorkResult
from kinerja_api.indicators.skp.rules import SkpState, WorkResultKind
from kinerja_api.indicators.targets import Aspect, Direction
from kinerja_api.organizations.models import Organization

API = "/api/v1"


def org_today(org: Organization) -> date:
    from kinerja_api.organizations.service import org_today as real

    return real(org)


async def approved_rhk(
    sm: async_sessionmaker[AsyncSession],
    who: Account,
    year: int,
    state: SkpState = SkpState.APPROVED,
) -> tuple[uuid.UUID, uuid.UUID]:
    """An SKP of ``year`` in ``state`` with one RHK and an indicator counted in `bayi`."""
    async with sm() as s:
        assert who.employee is not None
        skp = Skp(
            organization_id=who.employee.organization_id,
            employee_id=who.employee_id,
            year=year,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            state=state,
        )
        s.add(skp)
        await s.flush()
        rhk = SkpWorkResult(
            organization_id=skp.organization_id,
            skp_id=skp.id,
            kind=WorkResultKind.UTAMA,
            statement="Terlaksananya imunisasi dasar bagi 1.200 bayi",
        )
        s.add(rhk)
        await s.flush()
        indicator = SkpIndicator(
            organization_id=skp.organization_id,
            skp_id=skp.id,
            work_result_id=rhk.id,
            name="Jumlah bayi yang mendapat imunisasi dasar lengkap",
            aspect=Aspect.KUANTITAS,
            unit="bayi",
            direction=Direction.HIGHER_IS_BETTER,
            target_value=1200,
        )
        s.add(indicator)
        await s.commit()
        return rhk.id, indicator.id


def body(rhk: uuid.UUID, day: date, start: str = "08:00", end: str = "11:30", **kw: Any) -> Any:
    return {
        "report_date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "description": "Pelayanan imunisasi di Posyandu Melati",
        "quantity": 34,
        "unit": "bayi",
        "work_result_id": str(rhk),
        **kw,
    }


async def post(
    client: httpx.AsyncClient, who: Account, data: Any, **headers: str
) -> httpx.Response:
    return await client.post(
        f"{API}/activity-reports", headers={**who.headers, **headers}, json=data
    )


@pytest.fixture
async def rhk(palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    rhk_id, _ = await approved_rhk(sessionmaker, palu.siti, org_today(palu.org).year)
    return rhk_id


async def test_validation_table(client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID) -> None:
    today = org_today(palu.org)
    first = await post(client, palu.siti, body(rhk, today))
    assert first.status_code == 201, first.text
    assert first.json()["minutes"] == 210
    assert first.json()["late"] is False
    cases = [
        (body(rhk, today, "11:00", "12:00"), 422, "report_overlap"),
        (body(rhk, today, "12:00", "11:00"), 422, "validation_failed"),
        (body(rhk, today + timedelta(days=1)), 422, "validation_failed"),
        (body(uuid.uuid4(), today, "13:00", "14:00"), 422, "validation_failed"),
        (body(rhk, today, "13:00", "14:00", latitude=91), 422, "validation_failed"),
    ]
    for data, status, code in cases:
        problem = assert_problem(await post(client, palu.siti, data), status, code)
        if code == "report_overlap":
            assert first.json()["id"] in problem["detail"]
    touching = await post(client, palu.siti, body(rhk, today, "11:30", "12:00"))
    assert touching.status_code == 201, touching.text
    late = await post(client, palu.siti, body(rhk, today - timedelta(days=10)))
    assert late.status_code == 201
    assert late.json()["late"] is True


async def test_late_reports_rejected_by_policy(
    client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID
) -> None:
    r = await client.patch(
        f"{API}/organizations/{palu.org.id}/settings",
        headers=palu.admin.headers,
        json={"daily_reports": {"grace_days": 2, "late_policy": "reject"}},
    )
    assert r.status_code == 200, r.text
    today = org_today(palu.org)
    problem = assert_problem(
        await post(client, palu.siti, body(rhk, today - timedelta(days=3))), 422
    )
    assert problem["errors"][0]["type"] == "report_too_late"
    ok = await post(client, palu.siti, body(rhk, today - timedelta(days=2)))
    assert ok.status_code == 201


async def test_unapproved_skp_is_409(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    draft, _ = await approved_rhk(sessionmaker, palu.andi, org_today(palu.org).year, SkpState.DRAFT)
    assert_problem(
        await post(client, palu.andi, body(draft, org_today(palu.org))), 409, "skp_not_approved"
    )


async def test_concurrent_retries_create_one_report(
    client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID
) -> None:
    data = body(rhk, org_today(palu.org))
    responses = await asyncio.gather(
        *(
            post(client, palu.siti, data, **{"Idempotency-Key": "lkh-2026-03-10-a"})
            for _ in range(6)
        )
    )
    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    # One created it; the others replayed its response: the same body and Location (no ETag:
    # a replay is not a fresh read).
    assert len({r.content for r in responses}) == 1
    assert len({r.headers["location"] for r in responses}) == 1
    replayed = [r.headers.get("idempotent-replayed") for r in responses]
    assert sorted(replayed, key=str) == [None] + ["true"] * 5
    mine = await client.get(f"{API}/activity-reports", headers=palu.siti.headers)
    assert len(mine.json()["items"]) == 1


async def test_review_permissions_and_immutability(
    client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID, world: World
) -> None:
    report = (await post(client, palu.siti, body(rhk, org_today(palu.org)))).json()
    url = f"{API}/activity-reports/{report['id']}"
    # kabid heads another unit: not in the chain → 403 (same organization: no hiding);
    # kadis above the appraiser → 403 not_appraiser
    assert_problem(
        await client.post(f"{url}/approve", headers=palu.kabid.headers, json={}),
        403,
        "report_not_in_scope",
    )
    assert_problem(
        await client.post(f"{url}/approve", headers=palu.kadis.headers, json={}),
        403,
        "not_appraiser",
    )
    assert_problem(await client.post(f"{url}/approve", headers=palu.siti.headers, json={}), 403)
    inbox = await client.get(f"{API}/activity-reports/inbox", headers=palu.kapus.headers)
    assert [i["id"] for i in inbox.json()["items"]] == [report["id"]]
    direct = await client.get(
        f"{API}/activity-reports/inbox", headers=palu.kadis.headers, params={"direct_only": True}
    )
    assert direct.json()["items"] == []
    stale = await client.post(
        f"{url}/approve", headers={**palu.kapus.headers, "If-Match": '"9"'}, json={}
    )
    assert_problem(stale, 412)
    ok = await client.post(f"{url}/approve", headers=palu.kapus.headers, json={"note": "Sesuai"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "approved"
    locked = assert_problem(
        await client.patch(url, headers=palu.siti.headers, json={"quantity": 40}),
        409,
        "report_not_pending",
    )
    assert locked["detail"].startswith("Laporan berstatus disetujui tidak dapat diubah")
    locked = assert_problem(
        await client.patch(
            url, headers={**palu.siti.headers, "Accept-Language": "en"}, json={"quantity": 40}
        ),
        409,
        "report_not_pending",
    )
    assert locked["detail"].startswith("A report that is approved cannot be changed")
    assert_problem(await client.post(f"{url}/withdraw", headers=palu.siti.headers), 409)
    assert_problem(
        await client.post(f"{url}/reject", headers=palu.kapus.headers, json={"reason": "salah"}),
        409,
    )
    # tenant isolation
    assert_problem(await client.get(url, headers=world.other_admin.headers), 404)
    assert (await client.get(url, headers=palu.admin.headers)).status_code == 200


async def test_edit_withdraw_and_reject(
    client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID
) -> None:
    today = org_today(palu.org)
    created = await post(client, palu.siti, body(rhk, today))
    url = f"{API}/activity-reports/{created.json()['id']}"
    assert_problem(
        await client.patch(
            url, headers={**palu.siti.headers, "If-Match": '"5"'}, json={"quantity": 1}
        ),
        412,
    )
    edited = await client.patch(
        url,
        headers={**palu.siti.headers, "If-Match": created.headers["etag"]},
        json={"end_time": "12:00"},
    )
    assert edited.status_code == 200
    assert edited.json()["minutes"] == 240
    assert_problem(await client.patch(url, headers=palu.kapus.headers, json={"quantity": 1}), 403)
    rejected = await client.post(
        f"{url}/reject", headers=palu.kapus.headers, json={"reason": "Jumlah tidak sesuai register"}
    )
    assert rejected.json()["status"] == "rejected"
    other = await post(client, palu.siti, body(rhk, today, "13:00", "14:00"))
    w = await client.post(
        f"{API}/activity-reports/{other.json()['id']}/withdraw", headers=palu.siti.headers
    )
    assert w.json()["status"] == "withdrawn"
    # withdrawn and rejected no longer block the time
    again = await post(client, palu.siti, body(rhk, today, "08:00", "09:00"))
    assert again.status_code == 201


async def test_batch_partial_and_atomic(
    client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID
) -> None:
    today = org_today(palu.org)
    a = (await post(client, palu.siti, body(rhk, today, "07:00", "08:00"))).json()["id"]
    b = (await post(client, palu.siti, body(rhk, today, "08:00", "09:00"))).json()["id"]
    missing = str(uuid.uuid4())
    atomic = await client.post(
        f"{API}/activity-reports/batch-approve",
        headers=palu.kapus.headers,
        json={"ids": [a, missing], "atomic": True},
    )
    problem = assert_problem(atomic, 409, "batch_failed")
    assert problem["errors"][0]["field"] == "ids[1]"
    assert (await client.get(f"{API}/activity-reports/{a}", headers=palu.siti.headers)).json()[
        "status"
    ] == "pending"
    partial = await client.post(
        f"{API}/activity-reports/batch-approve",
        headers=palu.kapus.headers,
        json={"ids": [a, missing, b]},
    )
    result = partial.json()
    assert result["approved"] == 2, result
    assert result["failed"] == 1, result
    assert [i["ok"] for i in result["items"]] == [True, False, True]
    assert result["items"][1]["code"] == "not_found"
    again = await client.post(
        f"{API}/activity-reports/batch-approve", headers=palu.kapus.headers, json={"ids": [a]}
    )
    assert again.json()["items"][0]["code"] == "report_not_pending"


async def test_correction_and_rollup(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    world: World,
) -> None:
    today = org_today(palu.org)
    rhk, indicator = await approved_rhk(sessionmaker, palu.siti, today.year)
    month = today.strftime("%Y-%m")
    days = [d for d in (today, today - timedelta(days=1)) if d.month == today.month]
    ids = []
    for i, day in enumerate(days):
        r = await post(client, palu.siti, body(rhk, day, quantity=30 + i))
        ids.append(r.json()["id"])
    pending = await post(client, palu.siti, body(rhk, today, "13:00", "14:00", quantity=99))
    assert pending.status_code == 201
    batch = await client.post(
        f"{API}/activity-reports/batch-approve", headers=palu.kapus.headers, json={"ids": ids}
    )
    assert batch.json()["approved"] == len(ids)
    # correction of the first approved report
    wrong = await post(
        client, palu.siti, body(rhk, today, "08:00", "11:30", quantity=40, corrects_id=ids[0])
    )
    assert wrong.status_code == 201, wrong.text
    assert_problem(
        await post(
            client, palu.siti, body(rhk, today, "13:30", "14:30", corrects_id=pending.json()["id"])
        ),
        409,
    )
    ok = await client.post(
        f"{API}/activity-reports/{wrong.json()['id']}/approve", headers=palu.kapus.headers, json={}
    )
    assert ok.status_code == 200
    old = await client.get(f"{API}/activity-reports/{ids[0]}", headers=palu.siti.headers)
    assert old.json()["status"] == "superseded"
    url = f"{API}/employees/{palu.siti.employee_id}/activity-summary"
    summary = (await client.get(url, headers=palu.kapus.headers, params={"month": month})).json()
    expected_qty = 40 + sum(30 + i for i in range(1, len(days)))
    assert summary["approved"] == len(days)
    assert summary["pending"] == 1
    assert summary["minutes"] == 210 * len(days)
    assert summary["days_reported"] == len(days)
    assert summary["by_work_result"][0]["quantity"] == expected_qty
    assert summary["indicators"][0]["indicator_id"] == str(indicator)
    assert summary["indicators"][0]["activity_total"] == expected_qty
    assert summary["approval_rate"] == 100.0
    # scope and tenants
    assert_problem(
        await client.get(url, headers=palu.kabid.headers, params={"month": month}),
        403,
        "report_not_in_scope",
    )
    assert_problem(
        await client.get(url, headers=world.other_admin.headers, params={"month": month}), 404
    )
    cal = await client.get(
        f"{API}/employees/{palu.siti.employee_id}/activity-calendar",
        headers=palu.siti.headers,
        params={"month": month},
    )
    by_day = {d["date"]: d for d in cal.json()["days"]}
    assert by_day[today.isoformat()]["approved"] == 1
    recap = await client.get(
        f"{API}/units/{palu.pkm.id}/activity-recap",
        headers=palu.admin.headers,
        params={"month": month},
    )
    rows = {r["employee_id"]: r for r in recap.json()["items"]}
    assert rows[str(palu.siti.employee_id)]["approved"] == len(days)
    assert_problem(
        await client.get(
            f"{API}/units/{palu.pkm.id}/activity-recap",
            headers=palu.kabid.headers,
            params={"month": month},
        ),
        403,
    )
    assert_problem(
        await client.get(
            f"{API}/units/{palu.pkm.id}/activity-recap",
            headers=world.other_admin.headers,
            params={"month": month},
        ),
        404,
    )


async def test_reminders(
    client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID, world: World
) -> None:
    today = org_today(palu.org)
    await post(client, palu.siti, body(rhk, today - timedelta(days=1)))
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/activity-reminders",
        headers=palu.admin.headers,
        params={"days": 3},
    )
    names = {e["name"] for e in r.json()["items"]}
    assert "Andi Pratama" in names
    yesterday_working = (today - timedelta(days=1)).isoweekday() <= 5
    if yesterday_working:
        assert "Siti Rahma" not in names
    mine = await client.get(
        f"{API}/organizations/{palu.org.id}/activity-reminders", headers=palu.kapus.headers
    )
    assert {e["name"] for e in mine.json()["items"]} <= {"Siti Rahma"}
    assert_problem(
        await client.get(
            f"{API}/organizations/{palu.org.id}/activity-reminders",
            headers=world.other_admin.headers,
        ),
        404,
    )


async def test_inbox_keyset_walk(client: httpx.AsyncClient, palu: Palu, rhk: uuid.UUID) -> None:
    """Pages of the inbox cover every report once (statement counts: test_query_budget.py)."""
    today = org_today(palu.org)
    for hour in range(8):
        await post(client, palu.siti, body(rhk, today, f"{hour:02d}:00", f"{hour:02d}:30"))
    # keyset walk
    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get(
                f"{API}/activity-reports/inbox", headers=palu.kapus.headers, params=params
            )
        ).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 8


async def test_batch_approval_of_a_report_changed_meanwhile_is_refused(
    client: httpx.AsyncClient,
    palu: Palu,
    rhk: uuid.UUID,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The batch UPDATE matches each row on its version, as the unit of work does: a report
    edited after the supervisor's read fails the whole batch and nothing is approved."""
    from sqlalchemy import select
    from sqlalchemy.orm.exc import StaleDataError

    from kinerja_api.activities.models import ActivityReport
    from kinerja_api.activities.service import approve_all

    today = org_today(palu.org)
    ids = [
        (await post(client, palu.siti, body(rhk, today, start, end))).json()["id"]
        for start, end in (("07:00", "08:00"), ("08:00", "09:00"))
    ]
    async with sessionmaker() as reviewer:
        read = list(
            await reviewer.scalars(
                select(ActivityReport).where(ActivityReport.id.in_([uuid.UUID(i) for i in ids]))
            )
        )
        await reviewer.commit()  # SQLite: release the database for the employee's edit
        edited = await client.patch(
            f"{API}/activity-reports/{ids[1]}", headers=palu.siti.headers, json={"quantity": 2}
        )
        assert edited.status_code == 200, edited.text
        with pytest.raises(StaleDataError):
            await approve_all(reviewer, palu.kapus.employee_id, read, None)
        await reviewer.rollback()
    for report_id in ids:
        r = await client.get(f"{API}/activity-reports/{report_id}", headers=palu.siti.headers)
        assert r.json()["status"] == "pending"


async def test_an_rhk_with_activity_reports_cannot_be_deleted(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """Deleting such an RHK hit the reports' foreign key: 409 ``integrity_conflict``, which
    says neither why nor what to do."""
    today = org_today(palu.org)
    rhk_id, _ = await approved_rhk(sessionmaker, palu.siti, today.year)
    assert (await post(client, palu.siti, body(rhk_id, today))).status_code == 201
    async with sessionmaker() as s:
        rhk = await s.get(SkpWorkResult, rhk_id)
        assert rhk is not None
        skp = await s.get(Skp, rhk.skp_id)
        assert skp is not None
        skp.state = SkpState.REVISING  # editable again, as after a revision request
        await s.commit()
    r = await client.delete(f"{API}/work-results/{rhk_id}", headers=palu.siti.headers)
    problem = assert_problem(r, 409, "work_result_has_reports")
    assert "1" in problem["detail"]
