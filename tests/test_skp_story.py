"""Issue 5 as a story through the HTTP API (scenario 1, Palu): a unit head cascades from the
organization's IKU, two nurses cascade from the head, one is returned with notes and approved
after resubmitting, a disaster forces a revision, realization is reported with evidence, and
the cascade tree shows the whole chain and the need nobody owns."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from conftest import Factory, Palu, assert_problem
from kinerja_api.core.config import Settings
from skp_support import (
    API,
    BAYI_TARGET,
    PDF,
    WAKTU_TARGET,
    YEAR,
    act,
    add_indicator,
    add_rhk,
    create_skp,
    ok,
    palu_goals,
    read_skp,
)

REASON = "Pascabencana: layanan dialihkan ke pos kesehatan pengungsian"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    from conftest import base_settings

    return base_settings(database_url, evidence_dir=tmp_path / "evidence")


async def test_from_organization_goal_to_nurse_realization(
    client: httpx.AsyncClient, factory: Factory, palu: Palu, settings: Settings
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    dewi = await factory.person(palu.org, palu.perawat_pos, name="Dewi Lestari", username="dewi")

    # The head of Puskesmas Talise reports to the head of the office (the top of the chain),
    # so his RHK may cascade from the organization's IKU directly.
    kapus_skp = await create_skp(client, palu.kapus)
    options = ok(
        await client.get(f"{API}/skp/{kapus_skp['id']}/cascade-options", headers=palu.kapus.headers)
    )
    assert options["goals_allowed"] is True
    assert options["appraiser"]["name"] == "dr. Herry Mulyadi"
    assert [g["code"] for g in options["goals"]] == ["T1"]
    kapus_rhk = await add_rhk(
        client,
        palu.kapus,
        kapus_skp["id"],
        "Meningkatnya cakupan IDL di wilayah kerja Puskesmas Talise",
        key_indicator_id=goals.iku_idl,
    )
    await add_indicator(
        client,
        palu.kapus,
        kapus_rhk["id"],
        {
            "name": "Cakupan IDL wilayah kerja",
            "aspect": "kuantitas",
            "unit": "persen",
            "direction": "higher_is_better",
            "target_value": 95,
        },
    )
    ok(await act(client, palu.kapus, kapus_skp["id"], "submit"))

    # No dead ends: the nurse drafts against the head's RHK while it is only submitted...
    siti_skp = await create_skp(client, palu.siti)
    options = ok(
        await client.get(f"{API}/skp/{siti_skp['id']}/cascade-options", headers=palu.siti.headers)
    )
    assert options["goals_allowed"] is False
    assert options["superior_skp"]["state"] == "submitted"
    assert [r["statement"] for r in options["superior_work_results"]] == [kapus_rhk["statement"]]
    siti_rhk = await add_rhk(
        client,
        palu.siti,
        siti_skp["id"],
        "Terlaksananya imunisasi dasar bagi 1.200 bayi",
        parent_id=kapus_rhk["id"],
    )
    bayi = await add_indicator(client, palu.siti, siti_rhk["id"], BAYI_TARGET)
    await add_indicator(client, palu.siti, siti_rhk["id"], WAKTU_TARGET)
    # ...but cannot submit until it is approved, and is told whom she waits for.
    blocked = await act(client, palu.siti, siti_skp["id"], "submit")
    body = assert_problem(blocked, 409, "superior_skp_not_approved")
    assert "Ns. Fadli Rahman" in body["detail"]
    mine = ok(
        await client.get(f"{API}/me/skp-blockers", headers=palu.siti.headers, params={"year": YEAR})
    )
    waiting = [b for b in mine["blockers"] if b["code"] == "superior_skp_not_approved"]
    # Fadli has submitted: only his own appraiser, the Kepala Dinas, can move it now.
    assert waiting[0]["fixed_by"] == {
        "role": "appraiser_superior",
        "employee": {"id": str(palu.kadis.employee_id), "name": "dr. Herry Mulyadi"},
        "people": [
            {
                "role": "appraiser_superior",
                "name": "dr. Herry Mulyadi",
                "employee_id": str(palu.kadis.employee_id),
                "user_id": None,
            }
        ],
    }
    board = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/skp/waiting",
            headers=palu.admin.headers,
            params={"year": YEAR},
        )
    )
    assert [
        (i["employee"]["name"], i["waiting_for"][0]["employee"]["name"]) for i in board["items"]
    ] == [("Siti Rahma", "Ns. Fadli Rahman")]

    # The head of the office approves the head of the Puskesmas.
    ok(await act(client, palu.kadis, kapus_skp["id"], "approve"))
    siti = ok(await act(client, palu.siti, siti_skp["id"], "submit"))
    assert siti["state"] == "submitted"
    assert siti["snapshot"]["appraiser_name"] == "Ns. Fadli Rahman"
    assert siti["snapshot"]["position_name"] == "Perawat Ahli Pertama"

    # A second nurse cascades from the same RHK; she is returned with notes first.
    dewi_skp = await create_skp(client, dewi)
    dewi_rhk = await add_rhk(
        client,
        dewi,
        dewi_skp["id"],
        "Tercatatnya imunisasi bayi di register kohort",
        parent_id=kapus_rhk["id"],
    )
    assert_problem(
        await act(client, dewi, dewi_skp["id"], "submit"), 409, "work_result_without_indicator"
    )
    await add_indicator(
        client,
        dewi,
        dewi_rhk["id"],
        {
            "name": "Register kohort bayi yang lengkap",
            "aspect": "kuantitas",
            "unit": "laporan",
            "direction": "higher_is_better",
            "target_value": 12,
        },
    )
    ok(await act(client, dewi, dewi_skp["id"], "submit"))
    listed = ok(
        await client.get(
            f"{API}/skp",
            headers=palu.kapus.headers,
            params={"scope": "subordinates", "state": "submitted"},
        )
    )
    assert {i["employee"]["name"] for i in listed["items"]} == {"Siti Rahma", "Dewi Lestari"}
    note = "Tambahkan indikator waktu pada RHK pencatatan"
    returned = ok(await act(client, palu.kapus, dewi_skp["id"], "return", note))
    assert returned["state"] == "returned"
    assert returned["allowed_actions"] == []
    assert_problem(
        await act(client, palu.kapus, dewi_skp["id"], "return", note), 409, "illegal_transition"
    )
    await add_indicator(client, dewi, dewi_rhk["id"], WAKTU_TARGET)
    ok(await act(client, dewi, dewi_skp["id"], "submit"))
    ok(await act(client, palu.kapus, dewi_skp["id"], "approve"))
    events = ok(await client.get(f"{API}/skp/{dewi_skp['id']}/events", headers=dewi.headers))
    assert [(e["action"], e["actor"]) for e in events["items"]] == [
        ("submit", "owner"),
        ("return", "appraiser"),
        ("submit", "owner"),
        ("approve", "appraiser"),
    ]
    assert events["items"][1]["note"] == note

    approved = ok(await act(client, palu.kapus, siti_skp["id"], "approve"))
    assert (approved["state"], approved["revision"]) == ("approved", 0)
    assert approved["allowed_actions"] == ["request_revision"]

    # The earthquake: the nurse revises her target with the reason; approval makes revision 1.
    revising = ok(await act(client, palu.siti, siti_skp["id"], "request-revision", REASON))
    assert revising["state"] == "revising"
    r = await client.patch(
        f"{API}/skp-indicators/{bayi['id']}",
        headers={**palu.siti.headers, "If-Match": f'"{bayi["version"]}"'},
        json={"target_value": 1000},
    )
    ok(r)
    await add_rhk(
        client,
        palu.siti,
        siti_skp["id"],
        "Layanan imunisasi di pos kesehatan pengungsian",
        kind="tambahan",
    )
    assert_problem(
        await act(client, palu.siti, siti_skp["id"], "submit"), 409, "work_result_without_indicator"
    )
    rhks = ok(await read_skp(client, palu.siti, siti_skp["id"]))["work_results"]
    extra = next(w for w in rhks if w["kind"] == "tambahan")
    await add_indicator(
        client,
        palu.siti,
        extra["id"],
        {
            "name": "Bayi diimunisasi di pos pengungsian",
            "aspect": "kuantitas",
            "unit": "bayi",
            "direction": "higher_is_better",
            "target_value": 150,
        },
    )
    ok(await act(client, palu.siti, siti_skp["id"], "submit"))
    revised = ok(await act(client, palu.kapus, siti_skp["id"], "approve"))
    assert revised["revision"] == 1
    versions = ok(
        await client.get(f"{API}/skp/{siti_skp['id']}/versions", headers=palu.kapus.headers)
    )
    assert [(v["revision"], v["reason"]) for v in versions["items"]] == [(0, None), (1, REASON)]
    first = ok(
        await client.get(f"{API}/skp/{siti_skp['id']}/versions/0", headers=palu.siti.headers)
    )
    [original] = first["document"]["work_results"]
    assert original["indicators"][0]["target_value"] == 1200
    now = ok(await client.get(f"{API}/skp/{siti_skp['id']}/versions/1", headers=palu.siti.headers))
    assert len(now["document"]["work_results"]) == 2
    # What the revision changed, for the supervisor reviewing it: 1200 → 1000 and the new RHK.
    diff = ok(
        await client.get(
            f"{API}/skp/{siti_skp['id']}/versions/0/diff/1", headers=palu.kapus.headers
        )
    )
    assert (diff["from_revision"], diff["to_revision"], diff["reason"]) == (0, 1, REASON)
    assert [
        (c["kind"], c["indicator_name"] or c["statement"], c["field"], c["before"], c["after"])
        for c in diff["changes"]
    ] == [
        ("indicator_changed", bayi["name"], "target_value", 1200, 1000),
        ("rhk_added", "Layanan imunisasi di pos kesehatan pengungsian", None, None, None),
        ("indicator_added", "Bayi diimunisasi di pos pengungsian", None, None, None),
    ]
    assert diff["changes"][0]["statement"] == original["statement"]
    back = ok(
        await client.get(f"{API}/skp/{siti_skp['id']}/versions/1/diff/0", headers=palu.siti.headers)
    )
    assert [c["kind"] for c in back["changes"]] == ["indicator_changed", "rhk_removed"]
    r = await client.get(f"{API}/skp/{siti_skp['id']}/versions/0/diff/7", headers=palu.siti.headers)
    assert_problem(r, 404)

    # Realization with evidence; achievement against the revised target.
    url = f"{API}/skp-indicators/{bayi['id']}/realizations/{YEAR}-03"
    created = await client.put(
        url,
        headers=palu.siti.headers,
        json={"value": 290, "self_assessment": "Pelayanan imunisasi di 6 posyandu"},
    )
    real = ok(created, 201)
    assert real["achievement_percent"] == 29.0
    upload = await client.post(
        f"{url}/evidence",
        headers=palu.siti.headers,
        files={"file": ("register-imunisasi-maret.pdf", PDF, "application/pdf")},
        data={"description": "Register imunisasi Maret"},
    )
    evidence = ok(upload, 201)
    assert (evidence["kind"], evidence["content_type"]) == ("file", "application/pdf")
    download = await client.get(f"{url}/evidence/{evidence['id']}", headers=palu.kapus.headers)
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    overview = ok(
        await client.get(f"{API}/skp/{siti_skp['id']}/realizations", headers=palu.kapus.headers)
    )
    by_name = {i["indicator"]["name"]: i for i in overview["indicators"]}
    [march] = by_name[BAYI_TARGET["name"]]["realizations"]
    assert (march["period"], march["achievement_percent"]) == (f"{YEAR}-03", 29.0)
    assert march["evidence"][0]["filename"] == "register-imunisasi-maret.pdf"

    # The cascade tree: IKU-01 → the Puskesmas head → both nurses; S1.2/IKU-03 owned by nobody.
    tree = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/cascade",
            headers=palu.admin.headers,
            params={"year": YEAR},
        )
    )
    [t1] = tree["goals"]
    s11 = next(g for g in t1["children"] if g["code"] == "S1.1")
    [head] = s11["key_indicators"][0]["work_results"]
    assert head["employee"]["name"] == "Ns. Fadli Rahman"
    assert sorted(c["employee"]["name"] for c in head["children"]) == ["Dewi Lestari", "Siti Rahma"]
    assert {(u["type"], u["code"]) for u in tree["unowned_goals"]} == {
        ("goal", "S1.2"),
        ("key_indicator", "IKU-03"),
    }
    assert [o["statement"] for o in tree["orphan_work_results"]] == [
        "Layanan imunisasi di pos kesehatan pengungsian"
    ]
