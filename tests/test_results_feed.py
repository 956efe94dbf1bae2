"""The results feed for allowance payroll: the same numbers as the SKP realization, activity
summary and appraisal endpoints; ETag / If-None-Match → 304; ``updated_since``; by NIP and
by unit; service accounts with ``results:read`` only, their own organization only."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, time
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import (
    Clock,
    clock,
    finalize,
    rate_head,
    rate_siti,
    record_result,
    set_curve_enforcement,
    setup_cycle,
)
from conftest import Palu, World, assert_problem
from kinerja_api.activities.models import ActivityReport, ReportStatus
from kinerja_api.integration.rules import entity_tag, not_modified
from skp_support import API, ok
from test_service_accounts import bearer, create

__all__ = ["clock"]  # the fixture

MONTH = "2026-05"


async def _reports(sm: async_sessionmaker[AsyncSession], palu: Palu, rhk_id: str) -> None:
    """Siti's May: approved on three days (one late), one pending, one rejected, one withdrawn."""
    rows = [
        (date(2026, 5, 4), ReportStatus.APPROVED, False, 30),
        (date(2026, 5, 4), ReportStatus.APPROVED, False, 4),
        (date(2026, 5, 5), ReportStatus.APPROVED, True, 12),
        (date(2026, 5, 6), ReportStatus.APPROVED, False, 8),
        (date(2026, 5, 7), ReportStatus.PENDING, False, 5),
        (date(2026, 5, 8), ReportStatus.REJECTED, False, 3),
        (date(2026, 5, 11), ReportStatus.WITHDRAWN, True, 9),
        (date(2026, 4, 30), ReportStatus.APPROVED, False, 99),  # another month
    ]
    async with sm() as s:
        for i, (day, status, late, qty) in enumerate(rows):
            s.add(
                ActivityReport(
                    organization_id=palu.org.id,
                    employee_id=palu.siti.employee_id,
                    report_date=day,
                    start_time=time(8 + i % 2 * 4, 0),
                    end_time=time(11 + i % 2 * 4, 0),
                    minutes=180,
                    description="Pelayanan imunisasi di Posyandu Melati",
                    quantity=qty,
                    unit="bayi",
                    work_result_id=uuid.UUID(rhk_id),
                    status=status,
                    late=late,
                )
            )
        await s.commit()


async def _cycle(
    client: httpx.AsyncClient, palu: Palu, sm: async_sessionmaker[AsyncSession]
) -> dict[str, Any]:
    s = await setup_cycle(client, palu, realized={"Siti Rahma": 410})
    await _reports(sm, palu, s["rhk_id"])
    return s


async def test_same_numbers_as_the_other_endpoints(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, sessionmaker: Any
) -> None:
    s = await _cycle(client, palu, sessionmaker)
    created = await create(client, palu.admin, palu.org.id, ["results:read"], name="SIMPEG TPP")
    service = await bearer(client, created)
    nip = palu.siti.employee.nip if palu.siti.employee else ""
    url = f"{API}/results/employees/{nip}"
    feed = ok(await client.get(url, headers=service, params={"month": MONTH}))

    # Activity figures = the activity summary's.
    summary = ok(
        await client.get(
            f"{API}/employees/{palu.siti.employee_id}/activity-summary",
            headers=palu.admin.headers,
            params={"month": MONTH},
        )
    )
    figures = {k: summary[k] for k in feed["activities"]}
    assert feed["activities"] == figures
    assert figures == {
        "days_reported": 3,
        "minutes": 4 * 180,
        "approved": 4,
        "pending": 1,
        "rejected": 1,
        "late": 1,
    }
    # Realization per indicator = the SKP's realizations of the period.
    reals = ok(
        await client.get(f"{API}/skp/{s['skp']['id']}/realizations", headers=palu.admin.headers)
    )
    expected = []
    for entry in reals["indicators"]:
        [real] = [r for r in entry["realizations"] if r["period"] == MONTH] or [None]
        expected.append(
            (
                entry["indicator"]["id"],
                real and real["value"],
                real and real["achievement_percent"],
            )
        )
    got = [(i["indicator_id"], i["value"], i["achievement_percent"]) for i in feed["indicators"]]
    assert got == expected
    assert feed["indicators"][0]["value"] == 410
    assert feed["skp_id"] == s["skp"]["id"]
    assert feed["realization_period"] == MONTH

    # Predikat: withheld while the appraisal is open, then the appraisal's own.
    [appraisal] = feed["appraisals"]
    assert appraisal["state"] == "open"
    assert appraisal["predikat"] is None
    await rate_siti(client, palu, s, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    assert (
        ok(await client.get(url, headers=service, params={"month": MONTH}))["appraisals"][0][
            "predikat"
        ]
        is None
    )
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    ok(await record_result(client, palu, s["period"]["id"], "baik"))
    await set_curve_enforcement(client, palu, "warn")
    ok(await finalize(client, palu, s["period"]["id"], palu.pkm.id))
    shown = ok(
        await client.get(f"{API}/appraisals/{s['appraisal_id']}", headers=palu.admin.headers)
    )
    feed = ok(await client.get(url, headers=service, params={"month": MONTH}))
    assert feed["appraisals"][0]["state"] == shown["state"] == "finalized"
    assert feed["appraisals"][0]["predikat"] == shown["predikat"] == "baik"

    # The organization listing says the same about Siti.
    page = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/results",
            headers=service,
            params={"month": MONTH, "unit_id": str(palu.pkm.id)},
        )
    )
    [listed] = [r for r in page["items"] if r["nip"] == nip]
    assert listed == feed
    assert {r["name"] for r in page["items"]} == {"Siti Rahma", "Ns. Fadli Rahman"}


async def test_etag_and_updated_since(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, sessionmaker: Any
) -> None:
    s = await _cycle(client, palu, sessionmaker)
    created = await create(client, palu.admin, palu.org.id, ["results:read"], name="SIMPEG TPP")
    service = await bearer(client, created)
    url = f"{API}/organizations/{palu.org.id}/results"
    params = {"month": MONTH}
    first = await client.get(url, headers=service, params=params)
    tag = first.headers["etag"]
    again = await client.get(url, headers={**service, "If-None-Match": tag}, params=params)
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    mark = max(r["updated_at"] for r in first.json()["items"])
    since = {**params, "updated_since": mark}
    assert ok(await client.get(url, headers=service, params=since))["items"] == []
    await asyncio.sleep(0.01)  # updated_at must move past the mark (not a timing assertion)
    # Siti reports another realization: her row changes, the tag changes, she is listed.
    [indicator] = [
        i["indicator_id"]
        for i in ok(
            await client.get(
                f"{API}/results/employees/{palu.siti.employee.nip}", headers=service, params=params
            )
        )[  # type: ignore[union-attr]
            "indicators"
        ]
    ]
    ok(
        await client.put(
            f"{API}/skp-indicators/{indicator}/realizations/{MONTH}",
            headers=palu.siti.headers,
            json={"value": 455},
        )
    )
    changed = await client.get(url, headers={**service, "If-None-Match": tag}, params=params)
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    names = [r["name"] for r in ok(await client.get(url, headers=service, params=since))["items"]]
    assert names == ["Siti Rahma"]
    del s


async def test_who_may_read(client: httpx.AsyncClient, palu: Palu, world: World) -> None:
    nip = palu.siti.employee.nip if palu.siti.employee else ""
    mine = await create(client, palu.admin, palu.org.id, ["employees:read"], name="Tanpa results")
    theirs = await create(client, world.other_admin, world.other_org.id, ["results:read"])
    params = {"month": MONTH}
    one, many = f"{API}/results/employees/{nip}", f"{API}/organizations/{palu.org.id}/results"
    # A scope other than results:read, a person without the permission: 403.
    for headers in (await bearer(client, mine), palu.siti.headers, palu.kapus.headers):
        assert_problem(await client.get(one, headers=headers, params=params), 403)
        assert_problem(await client.get(many, headers=headers, params=params), 403)
    # Another organization's system: 404 for the NIP and the organization.
    other = await bearer(client, theirs)
    assert_problem(await client.get(one, headers=other, params=params), 404)
    assert_problem(await client.get(many, headers=other, params=params), 404)
    # The admin reads it; bad input is a 422 that says what to send.
    assert (await client.get(one, headers=palu.admin.headers, params=params)).status_code == 200
    for bad in ({"month": "2026-13"}, {}):
        assert_problem(await client.get(one, headers=palu.admin.headers, params=bad), 422)
    assert_problem(
        await client.get(
            f"{API}/results/employees/12345", headers=palu.admin.headers, params=params
        ),
        422,
    )


def test_entity_tags() -> None:
    tag = entity_tag(b'{"a":1}')
    assert tag.startswith('W/"')
    assert entity_tag(b'{"a":1}') == tag
    assert entity_tag(b'{"a":2}') != tag
    assert not_modified(tag, tag)
    assert not_modified(f'"x", {tag}', tag)
    assert not_modified(tag.removeprefix("W/"), tag)
    assert not_modified("*", tag)
    assert not not_modified(None, tag)
    assert not not_modified('W/"other"', tag)
