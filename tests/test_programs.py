"""Collaboration programs through the HTTP API: the Sabang marine festival (scenario 2/3)
led by the tourism office (Disbudpar) with the marine office (DKP) taking part, the
transport office (Dishub) declining, and Satpol PP removed later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import Clock, appraisal_of, clock, create_period, open_period  # noqa: F401
from conftest import Account, Factory, assert_problem, audit_rows
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import PositionKind, StructuralLevel
from skp_support import API, YEAR, approved_skp, ok, palu_goals


def target(value: int) -> dict[str, Any]:
    return {
        "name": "Jumlah kegiatan festival yang terlaksana",
        "aspect": "kuantitas",
        "unit": "kegiatan",
        "direction": "higher_is_better",
        "target_value": value,
    }


@dataclass
class Office:
    org_id: str
    unit_id: str
    admin: Account
    kadis: Account
    kabid: Account
    staff: Account
    goal_id: str


async def office(factory: Factory, client: httpx.AsyncClient, code: str, name: str) -> Office:
    org = await factory.org(code, name=name)
    root = await factory.unit(org, code=f"{code}-R", name=name)
    bidang = await factory.unit(org, root, code=f"{code}-B", name="Bidang Pemasaran")
    s = PositionKind.STRUKTURAL
    kadis_pos = await factory.position(
        org, root, kind=s, level=StructuralLevel.JPT_PRATAMA, name="Kepala Dinas"
    )
    kabid_pos = await factory.position(
        org, bidang, kind=s, level=StructuralLevel.ADMINISTRATOR, superior=kadis_pos
    )
    staff_pos = await factory.position(org, bidang, superior=kabid_pos, name="Pengelola Event")
    await factory.head(root, kadis_pos)
    await factory.head(bidang, kabid_pos)
    admin = await factory.account(org, Role.ADMIN, username=f"{code}.admin")
    goals = await palu_goals(client, admin, org.id)
    return Office(
        str(org.id),
        str(bidang.id),
        admin,
        await factory.person(org, kadis_pos, Role.SUPERVISOR, name=f"Kadis {code}"),
        await factory.person(org, kabid_pos, Role.SUPERVISOR, name=f"Kabid {code}"),
        await factory.person(org, staff_pos, Role.STAFF, name=f"Staf {code}"),
        goals.sasaran_idl,
    )


async def realized_rhk(
    client: httpx.AsyncClient,
    who: Account,
    appraiser: Account,
    value: int,
    of: int,
    **reference: Any,
) -> str:
    """An approved RHK of ``who`` with one indicator (target ``of``) realized at ``value``."""
    _, rhk, indicator = await approved_skp(
        client, who, appraiser, "Terselenggaranya Sabang Marine Festival", target(of), **reference
    )
    ok(
        await client.put(
            f"{API}/skp-indicators/{indicator['id']}/realizations/{YEAR}-05",
            headers=who.headers,
            json={"value": value},
        ),
        201,
    )
    return str(rhk["id"])


def h(who: Account, etag: str | None = None) -> dict[str, str]:
    return {**who.headers, **({"If-Match": etag} if etag else {})}


FESTIVAL = {
    "name": "Sabang Marine Festival 2026",
    "description": "Festival bahari bersama dinas kelautan dan perhubungan",
    "start_date": "2026-03-01",
    "end_date": "2026-11-30",
    "budget_planned": 1_500_000_000,
    "budget_used": 0,
    "currency": "IDR",
    "status": "active",
}


async def test_story_sabang_festival(
    client: httpx.AsyncClient,
    factory: Factory,
    clock: Clock,  # noqa: F811
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    lead = await office(factory, client, "DISBUDPAR", "Dinas Kebudayaan dan Pariwisata")
    dkp = await office(factory, client, "DKP", "Dinas Kelautan dan Perikanan")
    dishub = await office(factory, client, "DISHUB", "Dinas Perhubungan")
    satpol = await office(factory, client, "SATPOL", "Satuan Polisi Pamong Praja")

    # Validation: schedule, money, currency, goals of the lead only.
    bad = [
        {"end_date": "2026-02-01"},
        {"end_date": "2026-03-01"},
        {"budget_planned": -1},
        {"currency": "USD"},
        {"goal_ids": [dkp.goal_id]},
        {"lead_unit_id": dkp.unit_id},
    ]
    for change in bad:
        r = await client.post(
            f"{API}/programs", headers=lead.admin.headers, json={**FESTIVAL, **change}
        )
        assert_problem(r, 422)
    assert_problem(
        await client.post(f"{API}/programs", headers=lead.kabid.headers, json=FESTIVAL), 403
    )

    program = ok(
        await client.post(
            f"{API}/programs",
            headers=lead.admin.headers,
            json={**FESTIVAL, "goal_ids": [lead.goal_id], "lead_unit_id": lead.unit_id},
        ),
        201,
    )
    pid = program["id"]
    url = f"{API}/programs/{pid}"
    [lead_partner] = program["partners"]
    assert (lead_partner["role"], lead_partner["status"]) == ("lead", "accepted")

    # Milestones inside the schedule.
    assert_problem(
        await client.post(
            f"{url}/milestones",
            headers=lead.admin.headers,
            json={"name": "Rapat awal", "planned_date": "2026-02-15"},
        ),
        422,
    )
    m1 = ok(
        await client.post(
            f"{url}/milestones",
            headers=lead.admin.headers,
            json={"name": "Penetapan panitia bersama", "planned_date": "2026-04-15"},
        ),
        201,
    )
    ok(
        await client.post(
            f"{url}/milestones",
            headers=lead.admin.headers,
            json={
                "name": "Promosi ke kapal pesiar",
                "planned_date": "2026-06-30",
                "status": "in_progress",
                "progress_percent": 40,
            },
        ),
        201,
    )
    ok(
        await client.post(
            f"{url}/milestones",
            headers=lead.admin.headers,
            json={"name": "Pelaksanaan festival", "planned_date": "2026-10-15"},
        ),
        201,
    )
    assert_problem(
        await client.patch(
            f"{API}/program-milestones/{m1['id']}",
            headers=lead.admin.headers,
            json={"status": "done"},
        ),
        422,
    )
    ok(
        await client.patch(
            f"{API}/program-milestones/{m1['id']}",
            headers=lead.admin.headers,
            json={"status": "done", "actual_date": "2026-04-20", "progress_percent": 100},
        )
    )
    # The schedule cannot shrink past a milestone.
    assert_problem(
        await client.patch(url, headers=lead.admin.headers, json={"end_date": "2026-09-30"}), 422
    )

    # Invitations: DKP, Dishub, Satpol PP.
    partners = {}
    for who in (dkp, dishub, satpol):
        invited = ok(
            await client.post(
                f"{url}/partners", headers=lead.admin.headers, json={"organization_id": who.org_id}
            ),
            201,
        )
        partners[who.org_id] = invited
    assert_problem(
        await client.post(
            f"{url}/partners", headers=lead.admin.headers, json={"organization_id": dkp.org_id}
        ),
        409,
    )
    # An invited partner sees the program (to answer), not before being invited elsewhere.
    assert ok(await client.get(url, headers=dishub.admin.headers))["id"] == pid
    p_dkp, p_dishub, p_satpol = (partners[o.org_id] for o in (dkp, dishub, satpol))
    # Only the partner's own admins answer: not its staff, not the lead, not another partner.
    accept = f"{API}/program-partners/{p_dkp['id']}/accept"
    assert_problem(await client.post(accept, headers=dkp.kabid.headers), 403)
    assert_problem(await client.post(accept, headers=lead.admin.headers), 403)
    assert_problem(await client.post(accept, headers=dishub.admin.headers), 404)
    assert_problem(await client.post(accept, headers=h(dkp.admin, '"7"')), 412)
    accepted = ok(await client.post(accept, headers=h(dkp.admin, f'"{p_dkp["version"]}"')))
    assert accepted["status"] == "accepted"
    declined = ok(
        await client.post(
            f"{API}/program-partners/{p_dishub['id']}/decline",
            headers=dishub.admin.headers,
            json={"reason": "Armada penyeberangan sedang docking"},
        )
    )
    assert (declined["status"], declined["reason"]) == (
        "declined",
        "Armada penyeberangan sedang docking",
    )
    assert_problem(
        await client.post(
            accept.replace(p_dkp["id"], p_dishub["id"]), headers=dishub.admin.headers
        ),
        404,
    )
    ok(
        await client.post(
            f"{API}/program-partners/{p_satpol['id']}/accept", headers=satpol.admin.headers
        )
    )
    audited = [
        r.after.get("status")
        for r in await audit_rows(sessionmaker, "program_partners", p_dishub["id"])
        if r.after
    ]
    assert audited[-1] == "declined"

    # Members: set by their own admins, only their own people.
    def member(partner: dict[str, Any], who: Account, role: str) -> tuple[str, dict[str, Any]]:
        return (
            f"{API}/program-partners/{partner['id']}/members",
            {"employee_id": str(who.employee_id), "role": role},
        )

    path, body = member(p_dkp, dkp.kabid, "coordinator")
    assert_problem(await client.post(path, headers=lead.admin.headers, json=body), 403)
    assert_problem(
        await client.post(
            path,
            headers=dkp.admin.headers,
            json={**body, "employee_id": str(lead.kabid.employee_id)},
        ),
        422,
    )
    ok(await client.post(path, headers=dkp.admin.headers, json=body), 201)
    for who, role in ((lead.kabid, "coordinator"), (lead.staff, "member")):
        path, body = member(lead_partner, who, role)
        ok(await client.post(path, headers=lead.admin.headers, json=body), 201)
    path, body = member(p_satpol, satpol.kabid, "member")
    ok(await client.post(path, headers=satpol.admin.headers, json=body), 201)

    # Members' RHK refer to the program (besides their cascade parent).
    lead_kabid_rhk = await realized_rhk(
        client, lead.kabid, lead.kadis, 150, 200, goal_id=lead.goal_id
    )
    lead_staff_rhk = await realized_rhk(
        client, lead.staff, lead.kabid, 33, 60, parent_id=lead_kabid_rhk
    )
    dkp_rhk = await realized_rhk(client, dkp.kabid, dkp.kadis, 100, 250, goal_id=dkp.goal_id)
    satpol_rhk = await realized_rhk(
        client, satpol.kabid, satpol.kadis, 10, 10, goal_id=satpol.goal_id
    )
    contrib = f"{url}/contributions"
    for who, rhk in (
        (lead.kabid, lead_kabid_rhk),
        (lead.staff, lead_staff_rhk),
        (dkp.kabid, dkp_rhk),
        (satpol.kabid, satpol_rhk),
    ):
        ok(await client.post(contrib, headers=who.headers, json={"work_result_id": rhk}), 201)
    assert_problem(
        await client.post(
            contrib, headers=dkp.kabid.headers, json={"work_result_id": lead_kabid_rhk}
        ),
        422,
    )
    assert_problem(
        await client.post(contrib, headers=dkp.staff.headers, json={"work_result_id": dkp_rhk}), 422
    )
    assert_problem(
        await client.post(contrib, headers=dishub.kabid.headers, json={"work_result_id": dkp_rhk}),
        404,
    )

    # The lead removes Satpol PP later: it sees nothing any more, its work no longer counts.
    remove = f"{API}/program-partners/{p_satpol['id']}/remove"
    assert_problem(
        await client.post(remove, headers=satpol.admin.headers, json={"reason": "Keluar"}), 403
    )
    ok(
        await client.post(
            remove, headers=lead.admin.headers, json={"reason": "Pengamanan diambil alih Polres"}
        )
    )
    for outsider in (satpol.admin, satpol.kabid, dishub.admin, dishub.kabid):
        assert_problem(await client.get(url, headers=outsider.headers), 404)
        assert_problem(await client.get(f"{url}/dashboard", headers=outsider.headers), 404)
        assert ok(await client.get(f"{API}/programs", headers=outsider.headers))["items"] == []

    # Budget used; the dashboard on 15 July checked against values computed here.
    ok(
        await client.patch(
            url,
            headers=lead.admin.headers,
            json={"budget_used": 350_000_000, "progress_percent": 35},
        )
    )
    clock.now = datetime(YEAR, 7, 15, 2, tzinfo=UTC)
    board = ok(await client.get(f"{url}/dashboard", headers=dkp.kabid.headers))
    assert board["budget_used_percent"] == round(350_000_000 / 1_500_000_000 * 100, 1)
    assert (board["milestones_total"], board["milestones_done"], board["milestones_late"]) == (
        3,
        1,
        2,
    )
    assert [m["late"] for m in board["milestones"]] == [True, True, False]
    by_org = {p["organization_name"]: p for p in board["partners"]}
    assert set(by_org) == {"Dinas Kebudayaan dan Pariwisata", "Dinas Kelautan dan Perikanan"}
    lead_row, dkp_row = (
        by_org["Dinas Kebudayaan dan Pariwisata"],
        by_org["Dinas Kelautan dan Perikanan"],
    )
    assert (lead_row["members"], lead_row["work_results"]) == (2, 2)
    assert lead_row["achievement_percent"] == round((150 / 200 * 100 + 33 / 60 * 100) / 2, 1)
    assert (dkp_row["members"], dkp_row["work_results"]) == (1, 1)
    assert dkp_row["achievement_percent"] == 100 / 250 * 100

    # A partner reads the program's own data, nothing else of the lead organization.
    seen = ok(await client.get(url, headers=dkp.admin.headers))
    assert {c["statement"] for c in seen["contributions"]} == {
        "Terselenggaranya Sabang Marine Festival"
    }
    assert len(seen["contributions"]) == 3
    assert {p["status"] for p in seen["partners"]} == {"accepted"}  # no other partner's answers
    lead_kabid = str(lead.kabid.employee_id)
    for path in (
        f"/employees/{lead_kabid}",
        f"/employees/{lead_kabid}/assignments",
        f"/work-results/{lead_kabid_rhk}",
        f"/organizations/{lead.org_id}/employees",
        f"/units/{lead.unit_id}",
        f"/goals/{lead.goal_id}",
    ):
        assert_problem(await client.get(f"{API}{path}", headers=dkp.admin.headers), 404)
    assert_problem(
        await client.patch(url, headers=dkp.admin.headers, json={"progress_percent": 90}), 403
    )


async def test_appraisal_lists_programs_contributed_to(
    client: httpx.AsyncClient,
    factory: Factory,
    clock: Clock,  # noqa: F811
) -> None:
    lead = await office(factory, client, "DISBUDPAR", "Dinas Kebudayaan dan Pariwisata")
    rhk = await realized_rhk(client, lead.kabid, lead.kadis, 5, 10, goal_id=lead.goal_id)
    program = ok(
        await client.post(f"{API}/programs", headers=lead.admin.headers, json=FESTIVAL), 201
    )
    ok(
        await client.post(
            f"{API}/program-partners/{program['partners'][0]['id']}/members",
            headers=lead.admin.headers,
            json={"employee_id": str(lead.kabid.employee_id), "role": "coordinator"},
        ),
        201,
    )
    ok(
        await client.post(
            f"{API}/programs/{program['id']}/contributions",
            headers=lead.kabid.headers,
            json={"work_result_id": rhk},
        ),
        201,
    )
    period = await create_period(client, lead.admin)
    await open_period(client, lead.admin, period["id"])
    appraisal = await appraisal_of(client, lead.kadis, period["id"], "Kabid DISBUDPAR")
    listed = ok(
        await client.get(f"{API}/appraisals/{appraisal['id']}/programs", headers=lead.kadis.headers)
    )
    assert [(p["name"], p["role"]) for p in listed] == [
        ("Sabang Marine Festival 2026", "coordinator")
    ]
    assert [w["achievement_percent"] for w in listed[0]["work_results"]] == [50.0]
    assert_problem(
        await client.get(
            f"{API}/appraisals/{appraisal['id']}/programs", headers=lead.staff.headers
        ),
        403,
    )


async def test_opd_admins_run_the_programs_of_their_opd_only(
    client: httpx.AsyncClient, palu: Any, factory: Factory
) -> None:
    """Issue 13/15: an OPD admin leads programs for their OPD and answers for it as a partner;
    another OPD's program is not theirs to change (403), and a program needs a lead unit of
    their OPD (the instansi itself leads only through its instansi admins)."""
    bappeda = await factory.unit(palu.org, code="BAPPEDA", name="Bappeda")
    dinkes_admin = await factory.account(palu.org, Role.ADMIN, opd_id=palu.dinkes.id)
    bappeda_admin = await factory.account(palu.org, Role.ADMIN, opd_id=bappeda.id)
    body = {"name": "Gerakan Imunisasi Kota", "start_date": "2026-03-01", "end_date": "2026-11-30"}
    for lead_unit in (None, str(palu.dinkes.id)):
        refused = await client.post(
            f"{API}/programs",
            headers=bappeda_admin.headers,
            json={**body, "lead_unit_id": lead_unit},
        )
        assert_problem(refused, 403, "outside_opd")
    program = ok(
        await client.post(
            f"{API}/programs",
            headers=dinkes_admin.headers,
            json={**body, "lead_unit_id": str(palu.dinkes.id)},
        ),
        201,
    )
    url = f"{API}/programs/{program['id']}"
    etag = {"If-Match": f'"{program["version"]}"'}
    change = {"description": "Bersama seluruh puskesmas"}
    other = await client.patch(url, headers={**bappeda_admin.headers, **etag}, json=change)
    assert_problem(other, 403, "not_program_lead")
    own = await client.patch(url, headers={**dinkes_admin.headers, **etag}, json=change)
    assert own.status_code == 200, own.text
    # Bappeda invited as a partner unit: its own admin answers, not Dinkes's.
    partner = ok(
        await client.post(
            f"{url}/partners",
            headers=dinkes_admin.headers,
            json={"organization_id": str(palu.org.id), "unit_id": str(bappeda.id)},
        ),
        201,
    )
    pid = partner["id"]
    answer = {"reason": "Tidak ada anggaran"}
    refused = await client.post(
        f"{API}/program-partners/{pid}/decline", headers=dinkes_admin.headers, json=answer
    )
    assert refused.status_code == 403, refused.text
    declined = await client.post(
        f"{API}/program-partners/{pid}/decline", headers=bappeda_admin.headers, json=answer
    )
    assert declined.status_code == 200, declined.text
