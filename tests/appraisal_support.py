"""Helpers for the appraisal tests through the HTTP API on the Palu chain: a controllable
clock, a semester period, rating bodies and the standard setup (Fadli the Kepala Puskesmas
and Siti the perawat with approved SKPs, the period opened)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from conftest import Account, Palu
from kinerja_api.appraisals.rules import BerAkhlak
from kinerja_api.core.clock import set_clock
from skp_support import API, BAYI_TARGET, approved_skp, ok, palu_goals

#: 2026-06-20 10:00 WITA: inside the semester window (opens 06-15, closes 07-31).
NOW = datetime(2026, 6, 20, 2, 0, tzinfo=UTC)

SEMESTER = {
    "name": "Penilaian Semester I 2026",
    "kind": "semester",
    "start_date": "2026-01-01",
    "end_date": "2026-06-30",
    "opens_on": "2026-06-15",
    "closes_on": "2026-07-31",
}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    """The app's clock (``core.clock``), set by the test (starts at :data:`NOW`)."""
    c = Clock(NOW)
    set_clock(c)
    yield c
    set_clock(None)


def rating_body(rhk_ids: list[str], hasil: str, perilaku: str, reason: str | None = None) -> Any:
    return {
        "items": [{"work_result_id": r, "rating": hasil, "feedback": "Baik"} for r in rhk_ids],
        "hasil_kerja": hasil,
        "behaviours": [
            {"value": v.value, "expectation": "Disiplin dan akuntabel", "rating": perilaku}
            for v in BerAkhlak
        ],
        "reason": reason,
    }


async def create_period(
    client: httpx.AsyncClient, admin: Account, **changes: Any
) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        await client.post(
            f"{API}/appraisal-periods", headers=admin.headers, json={**SEMESTER, **changes}
        ),
        201,
    )
    return result


async def open_period(client: httpx.AsyncClient, admin: Account, period_id: str) -> Any:
    return ok(await client.post(f"{API}/appraisal-periods/{period_id}/open", headers=admin.headers))


async def appraisal_of(
    client: httpx.AsyncClient, who: Account, period_id: str, name: str
) -> dict[str, Any]:
    """The summary of ``name``'s appraisal in the period, as ``who`` lists it."""
    page = ok(
        await client.get(
            f"{API}/appraisals", headers=who.headers, params={"period_id": period_id, "limit": 200}
        )
    )
    (found,) = [a for a in page["items"] if a["employee_name"] == name]
    return dict(found)


async def setup_cycle(
    client: httpx.AsyncClient,
    palu: Palu,
    *,
    staff: Sequence[Account] = (),
    realized: Mapping[str, int] | None = None,
    surveillance: bool = False,
    surveillance_staff: Sequence[Account] = (),
    before_open: Callable[[str], Awaitable[None]] | None = None,
) -> dict[str, Any]:
    """Fadli (Kepala Puskesmas, appraised by the Kadis) and Siti (perawat, appraised by
    Fadli) with approved SKPs; the semester period opened.

    ``staff``: more perawat (appraised by Fadli) with the same SKP, under ``s["staff"]`` by
    name. ``realized``: babies immunized by May, by name (the achievement snapshot).
    ``surveillance``: also the Kabid P2P (appraised by the Kadis) and Andi (Seksi Surveilans,
    kasi vacant → appraised by the Kabid), under ``s["staff"]``; ``surveillance_staff``: more
    people of the section like Andi (with ``surveillance``). ``before_open`` is awaited
    with the id of Fadli's RHK just before the period opens."""
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, head_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Cakupan IDL Talise", goal_id=goals.sasaran_idl
    )
    realized = realized or {}
    people: dict[str, dict[str, Any]] = {}
    for who in (palu.siti, *staff):
        skp, rhk, indicator = await approved_skp(
            client, who, palu.kapus, "Imunisasi bayi", BAYI_TARGET, parent_id=head_rhk["id"]
        )
        people[who.user.full_name] = {"account": who, "skp": skp, "rhk_id": rhk["id"]}
        value = realized.get(who.user.full_name)
        if value is not None:
            ok(
                await client.put(
                    f"{API}/skp-indicators/{indicator['id']}/realizations/2026-05",
                    headers=who.headers,
                    json={"value": value},
                ),
                201,
            )
    if surveillance:
        _, kabid_rhk, _ = await approved_skp(
            client, palu.kabid, palu.kadis, "Cakupan surveilans", goal_id=goals.sasaran_idl
        )
        _, andi_rhk, _ = await approved_skp(
            client, palu.andi, palu.kabid, "Laporan surveilans", parent_id=kabid_rhk["id"]
        )
        people["dr. Nurhaya Lamato"] = {"account": palu.kabid, "rhk_id": kabid_rhk["id"]}
        people["Andi Pratama"] = {"account": palu.andi, "rhk_id": andi_rhk["id"]}
        for who in surveillance_staff:
            _, rhk, _ = await approved_skp(
                client, who, palu.kabid, "Laporan surveilans", parent_id=kabid_rhk["id"]
            )
            people[who.user.full_name] = {"account": who, "rhk_id": rhk["id"]}
    skp, rhk = people["Siti Rahma"]["skp"], {"id": people["Siti Rahma"]["rhk_id"]}
    if before_open is not None:
        await before_open(head_rhk["id"])
    period = await create_period(client, palu.admin)
    opened = await open_period(client, palu.admin, period["id"])
    assert opened["state"] == "open"
    assert opened["appraisals_created"] >= 1
    page = ok(
        await client.get(
            f"{API}/appraisals", headers=palu.siti.headers, params={"period_id": period["id"]}
        )
    )
    (mine,) = page["items"]
    head = await appraisal_of(client, palu.kapus, period["id"], "Ns. Fadli Rahman")
    for name, person in people.items():
        found = await appraisal_of(client, palu.admin, period["id"], name)
        person["appraisal_id"] = found["id"]
    return {
        "staff": people,
        "period": period,
        "appraisal_id": mine["id"],
        "rhk_id": rhk["id"],
        "skp": skp,
        "head_id": head["id"],
        "head_rhk_id": head_rhk["id"],
    }


async def rate_siti(
    client: httpx.AsyncClient, palu: Palu, s: dict[str, Any], hasil: str, perilaku: str
) -> Any:
    return ok(
        await client.put(
            f"{API}/appraisals/{s['appraisal_id']}/rating",
            headers=palu.kapus.headers,
            json=rating_body([s["rhk_id"]], hasil, perilaku),
        )
    )


async def rate_head(client: httpx.AsyncClient, palu: Palu, s: dict[str, Any], perilaku: str) -> Any:
    body = rating_body([s["head_rhk_id"]], perilaku, perilaku)
    return ok(
        await client.put(
            f"{API}/appraisals/{s['head_id']}/rating", headers=palu.kadis.headers, json=body
        )
    )


async def record_result(
    client: httpx.AsyncClient, palu: Palu, period_id: str, result: str
) -> httpx.Response:
    return await client.put(
        f"{API}/appraisal-periods/{period_id}/organization-result",
        headers=palu.admin.headers,
        json={"result": result},
    )


async def set_curve_enforcement(client: httpx.AsyncClient, palu: Palu, mode: str) -> None:
    ok(
        await client.patch(
            f"{API}/organizations/{palu.org.id}/settings",
            headers=palu.admin.headers,
            json={"appraisal": {"curve_enforcement": mode}},
        )
    )


async def set_curve_group(client: httpx.AsyncClient, palu: Palu, level: int, min_size: int) -> Any:
    """The unit level at which the curve is checked and the smallest group it may block."""
    return ok(
        await client.patch(
            f"{API}/organizations/{palu.org.id}/settings",
            headers=palu.admin.headers,
            json={"appraisal": {"curve_level": level, "curve_min_group_size": min_size}},
        )
    )


async def finalize(client: httpx.AsyncClient, palu: Palu, period_id: str, unit_id: Any) -> Any:
    return await client.post(
        f"{API}/appraisal-periods/{period_id}/units/{unit_id}/finalize",
        headers=palu.admin.headers,
    )


async def rate(
    client: httpx.AsyncClient,
    appraiser: Account,
    person: Mapping[str, Any],
    hasil: str,
    perilaku: str,
    reason: str | None = None,
) -> Any:
    """``appraiser`` rates a person of ``s["staff"]`` (every RHK ``hasil``)."""
    return ok(
        await client.put(
            f"{API}/appraisals/{person['appraisal_id']}/rating",
            headers=appraiser.headers,
            json=rating_body([person["rhk_id"]], hasil, perilaku, reason),
        )
    )
