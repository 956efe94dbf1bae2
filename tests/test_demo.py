"""Demo data: idempotent, valid NIPs, whole governments as tenants (regional head, Sekda,
instansi and OPD admins), the Palu chain with a PLT, and the Tebo clerk."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja_api import demo
from kinerja_api.auth.models import User
from kinerja_api.organizations.models import (
    Employee,
    EmployeeKind,
    EmployeePosition,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.rules import nip_problems


def test_demo_nips_are_valid() -> None:
    for spec in [*demo.PALU_EMPLOYEES, *demo.TEBO_EMPLOYEES, *demo.SABANG_EMPLOYEES]:
        if spec.kind is EmployeeKind.REGIONAL_HEAD:
            assert spec.nip is None, spec.name  # not an ASN
            continue
        assert spec.nip is not None
        assert nip_problems(spec.nip, date(2026, 11, 25)) == [], spec.nip


async def _counts(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[int, int, int]:
    async with sessionmaker() as s:
        return (
            int(await s.scalar(select(func.count()).select_from(Position)) or 0),
            int(await s.scalar(select(func.count()).select_from(Employee)) or 0),
            int(await s.scalar(select(func.count()).select_from(EmployeePosition)) or 0),
        )


async def _login(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    r = await client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def test_demo_data_is_idempotent_and_tells_the_scenario(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    for _ in range(2):
        async with sessionmaker() as s:
            await demo.load_demo_data(s)
            await s.commit()
    assert await _counts(sessionmaker) == (29, 26, 27)

    # Tenants are whole governments; their OPDs are the top-level units, and everyone
    # belongs to the OPD of their position's unit.
    async with sessionmaker() as s:
        orgs = {o.code: o for o in await s.scalars(select(Organization))}
        assert {code: o.kind.value for code, o in orgs.items()} == {
            "PEMKOT-PALU": "pemerintah_kota",
            "PEMKAB-TEBO": "pemerintah_kabupaten",
            "PEMKOT-SABANG": "pemerintah_kota",
        }
        tops = {
            (u.organization_id, u.code): u.id
            for u in await s.scalars(select(Unit).where(Unit.parent_id.is_(None)))
        }
        palu = orgs["PEMKOT-PALU"].id
        assert {code for org, code in tops if org == palu} == {"KDH", "SETDA", "DINKES", "BAPPEDA"}
        assert {code for org, code in tops if org == orgs["PEMKOT-SABANG"].id} >= {
            "DISBUDPAR",
            "DKP",
            "DISHUB",
        }
        assert await s.scalar(select(func.count()).where(Employee.opd_id.is_(None))) == 0
        heads = list(await s.scalars(select(Employee).where(Employee.kind == "regional_head")))
        assert len(heads) == 3
        assert all(h.nip is None for h in heads)
        assert {h.opd_id for h in heads} <= set(v for (_, code), v in tops.items() if code == "KDH")
        siti_opd = await s.scalar(select(Employee.opd_id).where(Employee.nip == demo.SITI))
        assert siti_opd == tops[(palu, "DINKES")]
        users = {u.username: u for u in await s.scalars(select(User))}
        assert users["admin.dinkes"].opd_id == tops[(palu, "DINKES")]
        assert users["admin.bappeda"].opd_id == tops[(palu, "BAPPEDA")]
        for instansi_admin in ("bkpsdm.palu", "bkpsdm.tebo", "bkpsdm.sabang"):
            assert users[instansi_admin].opd_id is None

    # Andi signs in with his NIP; his Kepala Seksi post is vacant and held by the Kabid as PLT.
    andi = await _login(client, "199607182020121003", "Demo-Staf-2026")
    profile = (await client.get("/api/v1/me/profile", headers=andi)).json()
    assert profile["position"]["name"] == "Pengelola Data Surveilans"
    assert (profile["appraiser"]["name"], profile["appraiser"]["basis"]) == (
        "dr. Nurhaya Lamato, M.Kes",
        "plt",
    )
    assert profile["appraiser_superior"]["name"] == "dr. Herry Mulyadi, M.Kes"

    siti = await _login(client, "perawat.siti", "Demo-Staf-2026")
    profile = (await client.get("/api/v1/me/profile", headers=siti)).json()
    assert profile["position"]["name"] == "Perawat Ahli Pertama"
    assert profile["appraiser"]["name"] == "Ns. Fadli Rahman, S.Kep"

    # The top of the chain: the Wali Kota approved the Sekda's SKP, the Sekda the Kepala
    # Dinas's and the Kepala Bappeda's.
    sekda = await _login(client, "sekda.palu", "Demo-Sekda-2026")
    profile_sekda = (await client.get("/api/v1/me/profile", headers=sekda)).json()
    assert profile_sekda["appraiser"]["name"] == "H. Muhammad Arsyad, S.E., M.M."
    walikota = await _login(client, "walikota.palu", "Demo-Walikota-2026")
    plans = (await client.get("/api/v1/skp", headers=sekda, params={"year": 2026})).json()
    states = {p["employee"]["name"]: p["state"] for p in plans["items"]}
    assert set(states.values()) == {"approved"}  # his own and his subordinates' down the chain
    assert {
        "Dr. Abdul Rahman Said, M.Si.",
        "dr. Herry Mulyadi, M.Kes",
        "Ir. Dewi Kartika Sari, M.T.",
        "Siti Rahma, A.Md.Kep",
        "Nurul Fadilah, S.E.",
    } <= set(states)
    me = (await client.get("/api/v1/auth/me", headers=walikota)).json()
    assert me["username"] == "walikota.palu"
    kaban = await _login(client, "kaban.bappeda", "Demo-Kaban-2026")
    kaban_profile = (await client.get("/api/v1/me/profile", headers=kaban)).json()
    assert kaban_profile["appraiser"]["name"] == "Dr. Abdul Rahman Said, M.Si."
    nurul = await _login(client, "perencana.nurul", "Demo-Staf-2026")
    [nurul_plan] = (await client.get("/api/v1/skp", headers=nurul, params={"year": 2026})).json()[
        "items"
    ]
    assert nurul_plan["state"] == "approved"

    # The instansi admin (BKPSDM) sees the whole instansi.
    admin = await _login(client, "bkpsdm.palu", "Demo-Admin-2026")
    org_id = profile["employee"]["organization_id"]
    report = (
        await client.get(f"/api/v1/organizations/{org_id}/data-quality", headers=admin)
    ).json()
    assert [u["code"] for u in report["units_without_head"]["items"]] == ["PKM-KAMONJI"]
    assert [e["name"] for e in report["employees_without_account"]["items"]] == [
        "dr. Herry Mulyadi, M.Kes"
    ]

    tebo = await _login(client, "admin.tebo", "Demo-Admin-2026")
    tebo_org = (await client.get("/api/v1/auth/me", headers=tebo)).json()["organization_id"]
    clerks = await client.get(
        f"/api/v1/organizations/{tebo_org}/employees", headers=tebo, params={"q": "Maya"}
    )
    [clerk] = clerks.json()["items"]
    assert clerk["position"]["name"] == "Pengadministrasi Registrasi Kependudukan"
    chain = await client.get(f"/api/v1/employees/{clerk['id']}/appraisers", headers=tebo)
    assert chain.json()["appraiser"]["name"] == "Hendra Saputra, S.Sos"

    # SKP of 2026 (scenario 1): the nurse cascades from the Puskesmas head, he from the Kepala
    # Dinas; both revised after the earthquake; realization with evidence.
    plans = (await client.get("/api/v1/skp", headers=siti, params={"year": 2026})).json()
    [plan] = plans["items"]
    assert (plan["state"], plan["revision"]) == ("approved", 1)
    original = await client.get(f"/api/v1/skp/{plan['id']}/versions/0", headers=siti)
    [rhk] = original.json()["document"]["work_results"]
    assert rhk["statement"] == "Terlaksananya imunisasi dasar bagi 1.200 bayi"
    assert [i["target_value"] for i in rhk["indicators"]] == [1200, 12]
    versions = (await client.get(f"/api/v1/skp/{plan['id']}/versions", headers=siti)).json()
    assert versions["items"][1]["reason"].startswith("Pascabencana")
    realized = (await client.get(f"/api/v1/skp/{plan['id']}/realizations", headers=siti)).json()
    march = next(
        r for i in realized["indicators"] for r in i["realizations"] if r["period"] == "2026-03"
    )
    assert (march["value"], march["achievement_percent"]) == (290, 29.0)  # of 1.000 bayi
    assert march["evidence"][0]["kind"] == "link"
    # The two-level cascade: RPJMD goal → the Dinas Kesehatan's goal serving it → the Kepala
    # Dinas's RHK on its IKU → the Kepala Bidang's and the Kepala Puskesmas's → the nurse's.
    cascade = f"/api/v1/organizations/{org_id}/cascade"
    tree = (await client.get(cascade, headers=admin, params={"year": 2026})).json()
    rpjmd = {g["code"]: g for g in tree["goals"] if g["opd"] is None}
    assert set(rpjmd) == {"T1", "T2", "T3"}
    sdm = rpjmd["T1"]
    assert sdm["statement"] == "Meningkatnya kualitas sumber daya manusia Kota Palu"
    [health] = sdm["opd_goals"]
    assert (health["opd"]["code"], health["code"], health["serves_goal_id"]) == (
        "DINKES",
        "T1",
        sdm["id"],
    )
    assert health["statement"] == "Meningkatnya derajat kesehatan masyarakat"
    [idl] = health["key_indicators"]
    assert (idl["code"], idl["name"]) == ("IKU-01", "Cakupan imunisasi dasar lengkap (IDL)")
    [kadis_rhk] = idl["work_results"]
    assert (kadis_rhk["statement"], kadis_rhk["employee"]["name"]) == (
        demo.KADIS_RHK,
        "dr. Herry Mulyadi, M.Kes",
    )
    below = {w["statement"]: w for w in kadis_rhk["children"]}
    assert {s: w["employee"]["name"] for s, w in below.items()} == {
        demo.KABID_RHK: "dr. Nurhaya Lamato, M.Kes",
        demo.TALISE_RHK: "Ns. Fadli Rahman, S.Kep",
    }
    [nurse_rhk] = below[demo.TALISE_RHK]["children"]
    assert (nurse_rhk["statement"], nurse_rhk["employee"]["name"]) == (
        "Terlaksananya imunisasi dasar bagi 1.200 bayi",
        "Siti Rahma, A.Md.Kep",
    )
    # After the earthquake: the Kepala Dinas's RHK on the post-disaster IKU, cascading down.
    post = next(c for c in health["children"] if c["code"] == "S1.2")
    [kadis_post] = post["key_indicators"][0]["work_results"]
    [talise_post] = kadis_post["children"]
    [nurse_post] = talise_post["children"]
    assert (kadis_post["statement"], talise_post["statement"], nurse_post["kind"]) == (
        demo.KADIS_POS_RHK,
        demo.TALISE_POS_RHK,
        "tambahan",
    )
    # Governance: the Sekda's RHK on the RPJMD IKU; Bappeda's goal serves the same goal.
    governance = rpjmd["T2"]
    [sekda_rhk] = governance["key_indicators"][0]["work_results"]
    assert sekda_rhk["employee"]["name"] == "Dr. Abdul Rahman Said, M.Si."
    [planning] = governance["opd_goals"]
    assert planning["opd"]["code"] == "BAPPEDA"
    [kaban_rhk] = planning["key_indicators"][0]["work_results"]
    [dalev_rhk] = kaban_rhk["children"]
    assert [w["employee"]["name"] for w in dalev_rhk["children"]] == ["Nurul Fadilah, S.E."]
    # The RPJMD's economic goal: no OPD serves it.
    assert [(g["code"], g["statement"]) for g in tree["unserved_goals"]] == [
        ("T3", "Meningkatnya pertumbuhan ekonomi daerah yang inklusif")
    ]
    assert rpjmd["T3"]["opd_goals"] == []
    assert tree["orphan_work_results"] == []
    # The Dinas Kesehatan's admin sees the tree of their OPD.
    opd_admin = await _login(client, "admin.dinkes", "Demo-Admin-2026")
    dinkes_id = health["opd"]["id"]
    own = (
        await client.get(cascade, headers=opd_admin, params={"year": 2026, "opd_id": dinkes_id})
    ).json()
    assert [(g["code"], [o["opd"]["code"] for o in g["opd_goals"]]) for g in own["goals"]] == [
        ("T1", ["DINKES"])
    ]
    # Tebo and Sabang: an RPJMD goal each, served by their dinas.
    for username, opd_code in (("bkpsdm.tebo", "DISDUKCAPIL"), ("bkpsdm.sabang", "DISBUDPAR")):
        other = await _login(client, username, "Demo-Admin-2026")
        other_org = (await client.get("/api/v1/auth/me", headers=other)).json()["organization_id"]
        other_tree = (
            await client.get(
                f"/api/v1/organizations/{other_org}/cascade",
                headers=other,
                params={"year": 2026},
            )
        ).json()
        [top] = other_tree["goals"]
        assert [g["opd"]["code"] for g in top["opd_goals"]] == [opd_code]
        assert other_tree["unserved_goals"] == []
    late = (
        await client.get(
            f"/api/v1/organizations/{org_id}/skp/late", headers=admin, params={"year": 2026}
        )
    ).json()
    late_names = {(i["employee"]["name"], i["status"]) for i in late["items"]}
    assert late_names >= {
        ("Andi Pratama, S.KM", "missing"),
        ("Rahmat Hidayat, S.KM", "missing"),
        ("Arman Laode, A.Md.", "missing"),
    }
    approved = {"dr. Herry Mulyadi, M.Kes", "Dr. Abdul Rahman Said, M.Si.", "Siti Rahma, A.Md.Kep"}
    assert not {name for name, _ in late_names} & approved

    # A performance dialogue of the Puskesmas head with the nurse, confirmed by her; one of
    # the two agreed actions done, the other open past its due date.
    [dialogue] = (await client.get("/api/v1/dialogues", headers=siti)).json()["items"]
    assert (dialogue["status"], dialogue["supervisor_name"]) == (
        "confirmed",
        "Ns. Fadli Rahman, S.Kep",
    )
    assert sorted(a["status"] for a in dialogue["actions"]) == ["done", "open"]
    overdue = (
        await client.get("/api/v1/me/actions", headers=siti, params={"overdue": "true"})
    ).json()["items"]
    assert [a["description"] for a in overdue] == [
        "Lengkapi pencatatan imunisasi elektronik pos pengungsian"
    ]

    # Sabang's marine festival: led by the tourism office, one partner taking part, one not.
    dispar = await _login(client, "bkpsdm.sabang", "Demo-Admin-2026")
    [festival] = (await client.get("/api/v1/programs", headers=dispar)).json()["items"]
    assert festival["name"] == "Sabang Marine Festival 2026"
    assert sorted((p["role"], p["status"]) for p in festival["partners"]) == [
        ("lead", "accepted"),
        ("partner", "accepted"),
        ("partner", "declined"),
    ]
    board = (
        await client.get(f"/api/v1/programs/{festival['id']}/dashboard", headers=dispar)
    ).json()
    assert (board["budget_used_percent"], board["milestones_total"]) == (23.3, 3)
    assert board["milestones"][0]["late"] is True  # the committee was set five days late

    # Daily reports of the nurse's last working days: reviewed by the head of the Puskesmas
    # except the two newest days, which wait in his inbox; late ones flagged by the grace rule.
    reports = (
        await client.get("/api/v1/activity-reports", headers=siti, params={"limit": 100})
    ).json()["items"]
    kapus = await _login(client, "kapus.talise", "Demo-Kapus-2026")
    inbox = (await client.get("/api/v1/activity-reports/inbox", headers=kapus)).json()["items"]
    today = datetime.now(ZoneInfo("Asia/Makassar")).date()  # Palu: WITA
    if today.year != 2026:  # the demo year is over: no current reports are made
        assert (reports, inbox) == ([], [])
        return
    days = sorted({r["report_date"] for r in reports})
    assert (len(days), len(reports)) == (len(demo.SITI_DAYS), 2 * len(demo.SITI_DAYS))
    assert all(date.fromisoformat(d).weekday() < 5 for d in days)
    assert max(days) < today.isoformat()
    pending = {r["id"] for r in reports if r["status"] == "pending"}
    assert pending == {r["id"] for r in inbox}
    assert {r["report_date"] for r in inbox} == set(days[-demo.SITI_PENDING :])
    assert {r["status"] for r in reports} - {"pending"} == {"approved"}
    for r in reports:
        assert r["late"] is (date.fromisoformat(r["report_date"]) < today - timedelta(days=3))
    first = next(r for r in reports if r["report_date"] == days[0] and r["unit"] == "bayi")
    assert (first["description"], first["quantity"]) == demo.SITI_DAYS[0][2:]
