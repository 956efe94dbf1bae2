"""The appraisal cycle through the HTTP API on the Palu chain: open period → self-assessment
→ peer input → rating → curve fails (favoritism) → corrected → finalize → acknowledge →
objection → decision → predikat recalculated → credit points. Plus permissions, stale
If-Match and objection-deadline boundaries with a controlled clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from appraisal_support import NOW, Clock, rate_head, rating_body, set_curve_group, setup_cycle
from appraisal_support import clock as clock  # the fixture
from conftest import Palu, assert_problem
from skp_support import API, ok


async def test_full_cycle(client: httpx.AsyncClient, palu: Palu, clock: Clock) -> None:
    s = await setup_cycle(client, palu)
    aid, rhk_id, pid = s["appraisal_id"], s["rhk_id"], s["period"]["id"]
    url = f"{API}/appraisals/{aid}"
    doc = ok(await client.get(url, headers=palu.siti.headers))
    assert doc["appraiser_name"] == "Ns. Fadli Rahman"
    assert doc["appraiser_superior_name"] == "dr. Herry Mulyadi"
    assert doc["position_name"] == "Perawat Ahli Pertama"
    assert doc["jenjang"] == "ahli_pertama"
    assert [i["work_result_id"] for i in doc["items"]] == [rhk_id]

    # Self-assessment by the employee.
    r = await client.put(
        f"{url}/self-assessment",
        headers=palu.siti.headers,
        json={
            "items": [
                {
                    "work_result_id": rhk_id,
                    "note": "1.150 bayi",
                    "evidence_url": "https://x.go.id/a.pdf",
                }
            ]
        },
    )
    assert ok(r)["items"][0]["self_note"] == "1.150 bayi"

    # Peer input requested by the appraiser, submitted by Andi, seen by the appraiser.
    peer = ok(
        await client.post(
            f"{url}/peer-inputs",
            headers=palu.kapus.headers,
            json={"reviewer_id": str(palu.andi.employee_id)},
        ),
        201,
    )
    ok(
        await client.put(
            f"{API}/peer-inputs/{peer['id']}",
            headers=palu.andi.headers,
            json={"ratings": {"kolaboratif": "DI_ATAS_EKSPEKTASI"}, "comment": "Suka membantu"},
        )
    )
    inputs = ok(await client.get(f"{url}/peer-inputs", headers=palu.kapus.headers))
    assert inputs[0]["comment"] == "Suka membantu"

    # Only the appraiser rates; self-rating refused; other org 404.
    body = rating_body([rhk_id], "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    assert_problem(await client.put(f"{url}/rating", headers=palu.siti.headers, json=body), 403)
    assert_problem(await client.put(f"{url}/rating", headers=palu.andi.headers, json=body), 403)
    etag = (await client.get(url, headers=palu.kapus.headers)).headers["ETag"]
    rated = await client.put(
        f"{url}/rating", headers={**palu.kapus.headers, "If-Match": etag}, json=body
    )
    doc = ok(rated)
    assert doc["predikat"] == "sangat_baik"
    assert doc["how"]["cell"] == "DI_ATAS_EKSPEKTASI × DI_ATAS_EKSPEKTASI"
    # Second tab with the old ETag → 412.
    stale = await client.put(
        f"{url}/rating", headers={**palu.kapus.headers, "If-Match": etag}, json=body
    )
    assert_problem(stale, 412)

    assert (await rate_head(client, palu, s, "DI_ATAS_EKSPEKTASI"))["predikat"] == "sangat_baik"
    # Curve: organization result Baik (the head follows it); Sangat Baik → fails, blocked.
    # This Dinas checks the curve per UPTD (level 2) whatever its size (minimum 1).
    await set_curve_group(client, palu, 2, 1)
    ok(
        await client.put(
            f"{API}/appraisal-periods/{pid}/organization-result",
            headers=palu.admin.headers,
            json={"result": "baik"},
        )
    )
    unit = str(palu.pkm.id)
    curve = ok(
        await client.get(
            f"{API}/appraisal-periods/{pid}/curve",
            headers=palu.admin.headers,
            params={"unit_id": unit},
        )
    )
    assert curve["passed"] is False
    assert curve["counts"]["sangat_baik"] == 1
    head = ok(await client.get(f"{API}/appraisals/{s['head_id']}", headers=palu.kapus.headers))
    assert head["predikat"] == "baik"
    assert head["how"]["hasil_kerja_from_organization_result"] == "baik"
    blocked = await client.post(
        f"{API}/appraisal-periods/{pid}/units/{unit}/finalize", headers=palu.admin.headers
    )
    problem = assert_problem(blocked, 409, "curve_not_fit")
    assert problem["errors"]

    # Correction without a reason is refused; with a reason it is kept in history.
    low = rating_body([rhk_id], "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    assert_problem(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=low), 422)
    low["reason"] = "Koreksi: capaian belum sesuai target"
    doc = ok(await client.put(f"{url}/rating", headers=palu.kapus.headers, json=low))
    assert doc["predikat"] == "butuh_perbaikan"
    curve = ok(
        await client.get(
            f"{API}/appraisal-periods/{pid}/curve",
            headers=palu.admin.headers,
            params={"unit_id": unit},
        )
    )
    assert curve["passed"] is True
    fin = ok(
        await client.post(
            f"{API}/appraisal-periods/{pid}/units/{unit}/finalize", headers=palu.admin.headers
        )
    )
    assert fin["finalized"] == 2
    assert fin["warnings"] == []

    # After finalization the appraiser can no longer rate.
    low["reason"] = "lagi"
    assert_problem(
        await client.put(f"{url}/rating", headers=palu.kapus.headers, json=low),
        409,
        "appraisal_finalized",
    )

    # Acknowledge, object, decision by the appraiser's superior (kadis).
    ok(await client.post(f"{url}/acknowledge", headers=palu.siti.headers))
    doc = ok(
        await client.post(
            f"{url}/objection",
            headers=palu.siti.headers,
            json={"reason": "Capaian saya 96% sesuai bukti"},
        )
    )
    assert doc["state"] == "objected"
    decision = {"outcome": "changed", "reason": "Bukti sah", "hasil_kerja": "SESUAI_EKSPEKTASI"}
    assert_problem(
        await client.post(f"{url}/objection/decision", headers=palu.kapus.headers, json=decision),
        403,
    )
    doc = ok(
        await client.post(f"{url}/objection/decision", headers=palu.kadis.headers, json=decision)
    )
    assert doc["state"] == "final"
    assert doc["predikat"] == "baik"
    # Credit points: Baik 100 % × ahli pertama 12.5 × 6/12.
    assert doc["credit_points"]["value"] in ("6.250", 6.25)
    events = ok(await client.get(f"{url}/events", headers=palu.siti.headers))["items"]
    assert [e["action"] for e in events][-3:] == ["acknowledged", "objected", "decided"]
    assert [e["predikat"] for e in events if e["action"] == "rated"] == [
        "sangat_baik",
        "butuh_perbaikan",
    ]

    ranking = ok(
        await client.get(f"{API}/appraisal-periods/{pid}/ranking", headers=palu.admin.headers)
    )
    assert ranking["criteria"]
    assert {i["employee_name"] for i in ranking["items"]} == {"Siti Rahma", "Ns. Fadli Rahman"}
    ok(
        await client.post(
            f"{API}/appraisal-periods/{pid}/rewards",
            headers=palu.admin.headers,
            json={
                "appraisal_id": aid,
                "title": "Pegawai Terbaik",
                "reason": "Capaian tertinggi",
                "awarded_on": "2026-08-17",
            },
        ),
        201,
    )


async def test_other_org_is_404(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, world: Any
) -> None:
    s = await setup_cycle(client, palu)
    r = await client.get(f"{API}/appraisals/{s['appraisal_id']}", headers=world.other_admin.headers)
    assert_problem(r, 404)
    r = await client.get(
        f"{API}/appraisal-periods/{s['period']['id']}", headers=world.other_admin.headers
    )
    assert_problem(r, 404)


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [
        # Finalized 2026-06-20 10:00 WITA; 14 days → until 2026-07-04 23:59:59.999999 WITA.
        (timedelta(days=14, hours=13, minutes=59, seconds=59), True),
        (timedelta(days=14, hours=14), False),
    ],
)
async def test_objection_deadline_boundaries(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, offset: timedelta, allowed: bool
) -> None:
    s = await setup_cycle(client, palu)
    aid, rhk_id, pid = s["appraisal_id"], s["rhk_id"], s["period"]["id"]
    ok(
        await client.put(
            f"{API}/appraisals/{aid}/rating",
            headers=palu.kapus.headers,
            json=rating_body([rhk_id], "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
        )
    )
    await rate_head(client, palu, s, "SESUAI_EKSPEKTASI")
    ok(
        await client.patch(
            f"{API}/organizations/{palu.org.id}/settings",
            headers=palu.admin.headers,
            json={"appraisal": {"curve_enforcement": "warn"}},
        )
    )
    ok(
        await client.put(
            f"{API}/appraisal-periods/{pid}/organization-result",
            headers=palu.admin.headers,
            json={"result": "baik"},
        )
    )
    fin = ok(
        await client.post(
            f"{API}/appraisal-periods/{pid}/units/{palu.pkm.id}/finalize",
            headers=palu.admin.headers,
        )
    )
    assert fin["warnings"]  # Baik needs someone Butuh Perbaikan/Kurang: warned, not blocked
    clock.now = NOW + offset
    r = await client.post(
        f"{API}/appraisals/{aid}/objection",
        headers=palu.siti.headers,
        json={"reason": "Saya keberatan dengan nilai"},
    )
    if allowed:
        ok(r)
    else:
        assert_problem(r, 409, "objection_window_closed")
