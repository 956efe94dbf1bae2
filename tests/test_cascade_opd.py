"""The two-level cascade through the HTTP API: an instansi (Pemerintah Kota Palu) with two OPDs,
its RPJMD goal → each OPD's goal serving it → the OPD head's RHK → a staff RHK; an unserved
instansi goal flagged; OPD admins writing only their own OPD's goals. Plus the pure rules of
the two levels as tables."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from conftest import Account, Factory, assert_problem
from kinerja_api.auth.models import Role
from kinerja_api.indicators.goals.models import GoalKind, OrganizationGoal
from kinerja_api.indicators.goals.rules import goal_level_problems, served_goal_ids
from kinerja_api.indicators.skp.rules import goal_within_reach, heads_opd, may_cascade_from_goals
from kinerja_api.needs.register.rules import goals_no_opd_serves
from kinerja_api.organizations.models import EmployeeKind, PositionKind, StructuralLevel, Unit
from skp_support import API, IDL_IKU, YEAR, add_rhk, create_skp, ok

ORG = uuid.uuid4()
DINKES, DISDIK = uuid.uuid4(), uuid.uuid4()


# ---- the pure rules ----------------------------------------------------------------------------


def _goal(
    unit_id: uuid.UUID | None, *, year: int = YEAR, org: uuid.UUID = ORG, active: bool = True
):  # type: ignore[no-untyped-def]
    return OrganizationGoal(
        id=uuid.uuid4(),
        organization_id=org,
        unit_id=unit_id,
        year=year,
        code="X",
        kind=GoalKind.TUJUAN,
        statement="Tujuan",
        is_active=active,
    )


@pytest.mark.parametrize(
    ("unit_id", "parent", "served", "expected"),
    [
        (DINKES, None, _goal(None), []),
        (DINKES, _goal(DINKES), _goal(None), []),
        (None, None, None, []),
        (DINKES, _goal(None), None, ["parent_id:parent_level_mismatch"]),
        (DINKES, _goal(DISDIK), None, ["parent_id:parent_level_mismatch"]),
        (None, _goal(DINKES), None, ["parent_id:parent_level_mismatch"]),
        (None, None, _goal(None), ["serves_goal_id:instansi_goal_serves_nothing"]),
        (DINKES, None, "missing", ["serves_goal_id:serves_goal_not_found"]),
        (DINKES, None, _goal(None, org=uuid.uuid4()), ["serves_goal_id:serves_goal_not_found"]),
        (DINKES, None, _goal(DISDIK), ["serves_goal_id:serves_goal_not_instansi"]),
        (DINKES, None, _goal(None, year=YEAR - 1), ["serves_goal_id:serves_goal_year_mismatch"]),
        (DINKES, None, _goal(None, active=False), ["serves_goal_id:serves_goal_inactive"]),
    ],
)
def test_goal_level_rules(
    unit_id: uuid.UUID | None, parent: Any, served: Any, expected: list[str]
) -> None:
    serves_goal_id = None if served is None else uuid.uuid4()
    found = goal_level_problems(
        unit_id=unit_id,
        year=YEAR,
        organization_id=ORG,
        parent=parent,
        serves_goal_id=serves_goal_id,
        served=None if served in (None, "missing") else served,
    )
    assert [f"{e.field}:{e.type}" for e in found] == expected


@pytest.mark.parametrize(
    ("employee_opd", "appraiser_opd", "has_appraiser", "heads"),
    [
        (DINKES, uuid.uuid4(), True, True),  # Kepala Dinas appraised by the Sekda (Setda)
        (DINKES, DINKES, True, False),  # a Kabid appraised by the Kepala Dinas
        (DINKES, None, False, False),  # no appraiser: the old rule lets them refer anyway
        (None, DINKES, True, False),  # not placed in an OPD
    ],
)
def test_who_heads_an_opd(
    employee_opd: uuid.UUID | None,
    appraiser_opd: uuid.UUID | None,
    has_appraiser: bool,
    heads: bool,
) -> None:
    assert heads_opd(employee_opd, appraiser_opd, has_appraiser=has_appraiser) is heads


@pytest.mark.parametrize(
    ("has_appraiser", "appraiser_has_superior", "leads", "allowed"),
    [
        (False, False, False, True),
        (True, False, False, True),
        (True, True, False, False),
        (True, True, True, True),
    ],
)
def test_who_refers_to_goals(
    has_appraiser: bool, appraiser_has_superior: bool, leads: bool, allowed: bool
) -> None:
    assert (
        may_cascade_from_goals(
            has_appraiser=has_appraiser,
            appraiser_has_superior=appraiser_has_superior,
            heads_opd=leads,
        )
        is allowed
    )


@pytest.mark.parametrize(
    ("goal_opd", "employee_opd", "within"),
    [(None, DINKES, True), (DINKES, DINKES, True), (DISDIK, DINKES, False), (DINKES, None, False)],
)
def test_goal_within_reach(
    goal_opd: uuid.UUID | None, employee_opd: uuid.UUID | None, within: bool
) -> None:
    assert goal_within_reach(goal_opd, employee_opd) is within


# ---- the story ---------------------------------------------------------------------------------


@dataclass
class Instansi:
    org_id: uuid.UUID
    dinkes: Unit
    disdik: Unit
    bidang_p2p: Unit
    admin: Account  # BKPSDM: the whole instansi
    admin_dinkes: Account
    admin_disdik: Account
    kadinkes: Account
    kabid_p2p: Account
    kadisdik: Account
    kabid_sd: Account
    walikota: Account
    sekda: Account


@pytest.fixture
async def palu_kota(factory: Factory) -> Instansi:
    org = await factory.org("PEMKOT-PALU", name="Pemerintah Kota Palu")
    setda = await factory.unit(org, code="SETDA", name="Sekretariat Daerah")
    dinkes = await factory.unit(org, code="DINKES", name="Dinas Kesehatan")
    disdik = await factory.unit(org, code="DISDIK", name="Dinas Pendidikan dan Kebudayaan")
    p2p = await factory.unit(org, dinkes, code="P2P", name="Bidang P2P")
    sd = await factory.unit(org, disdik, code="SD", name="Bidang Pembinaan SD")

    async def official(unit: Unit, opd: Unit, name: str, superior: Any, **kw: Any) -> Any:
        position = await factory.position(
            org,
            unit,
            kind=PositionKind.STRUKTURAL,
            level=kw.pop("level", StructuralLevel.JPT_PRATAMA),
            superior=superior,
            name=name,
        )
        employee = await factory.employee(org, name=f"Pejabat {name}", opd_id=opd.id, **kw)
        await factory.assign(employee, position)
        return position, await factory.account(org, Role.SUPERVISOR, employee=employee)

    walikota, walikota_account = await official(
        setda, setda, "Wali Kota Palu", None, kind=EmployeeKind.REGIONAL_HEAD
    )
    sekda, sekda_account = await official(setda, setda, "Sekretaris Daerah", walikota)
    kadinkes_pos, kadinkes = await official(dinkes, dinkes, "Kepala Dinas Kesehatan", sekda)
    _, kabid_p2p = await official(
        p2p, dinkes, "Kepala Bidang P2P", kadinkes_pos, level=StructuralLevel.ADMINISTRATOR
    )
    kadisdik_pos, kadisdik = await official(disdik, disdik, "Kepala Dinas Pendidikan", sekda)
    _, kabid_sd = await official(
        sd, disdik, "Kepala Bidang SD", kadisdik_pos, level=StructuralLevel.ADMINISTRATOR
    )
    return Instansi(
        org_id=org.id,
        dinkes=dinkes,
        disdik=disdik,
        bidang_p2p=p2p,
        admin=await factory.account(org, Role.ADMIN, username="admin.bkpsdm"),
        admin_dinkes=await factory.account(
            org, Role.ADMIN, username="admin.dinkes", opd_id=dinkes.id
        ),
        admin_disdik=await factory.account(
            org, Role.ADMIN, username="admin.disdik", opd_id=disdik.id
        ),
        kadinkes=kadinkes,
        kabid_p2p=kabid_p2p,
        kadisdik=kadisdik,
        kabid_sd=kabid_sd,
        walikota=walikota_account,
        sekda=sekda_account,
    )


def _goal_body(code: str, statement: str, **kw: Any) -> dict[str, Any]:
    return {"year": YEAR, "code": code, "kind": "tujuan", "statement": statement, **kw}


async def test_two_level_cascade_from_rpjmd_to_staff(
    client: httpx.AsyncClient, palu_kota: Instansi
) -> None:
    w = palu_kota
    goals = f"{API}/organizations/{w.org_id}/goals"

    # The instansi admin (BKPSDM) writes the RPJMD: one goal the OPDs serve, one nobody does.
    rpjmd = ok(
        await client.post(
            goals,
            headers=w.admin.headers,
            json=_goal_body("T1", "Meningkatnya kualitas sumber daya manusia Kota Palu"),
        ),
        201,
    )
    lonely = ok(
        await client.post(
            goals,
            headers=w.admin.headers,
            json=_goal_body("T2", "Meningkatnya daya saing ekonomi daerah"),
        ),
        201,
    )
    assert (rpjmd["unit_id"], rpjmd["serves_goal_id"]) == (None, None)

    # Each OPD admin writes their OPD's Renstra goal serving it; the same code in each OPD
    # and at the instansi level is fine.
    dinkes_goal = ok(
        await client.post(
            goals,
            headers=w.admin_dinkes.headers,
            json=_goal_body(
                "T1",
                "Meningkatnya derajat kesehatan masyarakat",
                unit_id=str(w.dinkes.id),
                serves_goal_id=rpjmd["id"],
            ),
        ),
        201,
    )
    disdik_goal = ok(
        await client.post(
            goals,
            headers=w.admin_disdik.headers,
            json=_goal_body(
                "T1",
                "Meningkatnya mutu pendidikan dasar",
                unit_id=str(w.disdik.id),
                serves_goal_id=rpjmd["id"],
            ),
        ),
        201,
    )
    disdik_iku = ok(
        await client.post(
            f"{API}/goals/{disdik_goal['id']}/key-indicators",
            headers=w.admin_disdik.headers,
            json={**IDL_IKU, "name": "Angka partisipasi murni SD"},
        ),
        201,
    )
    assert disdik_iku["unit_id"] == str(w.disdik.id)

    # An OPD admin never writes the instansi's or another OPD's goals.
    for response in (
        await client.post(
            goals,
            headers=w.admin_dinkes.headers,
            json=_goal_body("T9", "Tujuan OPD lain", unit_id=str(w.disdik.id)),
        ),
        await client.post(goals, headers=w.admin_dinkes.headers, json=_goal_body("T9", "RPJMD")),
        await client.patch(
            f"{API}/goals/{disdik_goal['id']}",
            headers=w.admin_dinkes.headers,
            json={"statement": "Diubah oleh admin Dinkes"},
        ),
        await client.delete(f"{API}/goals/{disdik_goal['id']}", headers=w.admin_dinkes.headers),
        await client.patch(
            f"{API}/goals/{rpjmd['id']}",
            headers=w.admin_dinkes.headers,
            json={"statement": "Diubah oleh admin Dinkes"},
        ),
        await client.post(
            f"{API}/goals/{rpjmd['id']}/key-indicators",
            headers=w.admin_dinkes.headers,
            json=IDL_IKU,
        ),
        await client.patch(
            f"{API}/key-indicators/{disdik_iku['id']}",
            headers=w.admin_dinkes.headers,
            json={"target_value": 90},
        ),
        await client.post(
            f"{API}/organizations/{w.org_id}/strategies",
            headers=w.admin_dinkes.headers,
            json={"start_year": 2025, "end_year": 2029, "vision": "Visi", "missions": ["Misi"]},
        ),
    ):
        assert_problem(response, 403, "outside_opd")
    # ... but writes its own OPD's, and the instansi admin writes both levels.
    ok(
        await client.post(
            f"{API}/organizations/{w.org_id}/strategies",
            headers=w.admin_dinkes.headers,
            json={
                "unit_id": str(w.dinkes.id),
                "start_year": 2025,
                "end_year": 2029,
                "vision": "Masyarakat Kota Palu yang sehat",
                "missions": ["Meningkatkan mutu layanan kesehatan"],
            },
        ),
        201,
    )
    ok(
        await client.patch(
            f"{API}/goals/{disdik_goal['id']}",
            headers=w.admin.headers,
            json={"statement": "Meningkatnya mutu pendidikan dasar dan menengah"},
        )
    )

    # What an OPD goal serves is checked; codes are unique per OPD and year.
    cases = [
        ({"serves_goal_id": disdik_goal["id"]}, 422, "serves_goal_not_instansi"),
        ({"serves_goal_id": str(uuid.uuid4())}, 422, "serves_goal_not_found"),
        ({"unit_id": str(w.bidang_p2p.id)}, 422, "not_an_opd"),
        ({"unit_id": None, "serves_goal_id": rpjmd["id"]}, 422, "instansi_goal_serves_nothing"),
    ]
    for extra, status, etype in cases:
        body = _goal_body("T5", "Tujuan uji", **{"unit_id": str(w.dinkes.id), **extra})
        problem = assert_problem(
            await client.post(goals, headers=w.admin.headers, json=body), status
        )
        assert [e["type"] for e in problem["errors"]] == [etype]
    assert_problem(
        await client.post(
            goals,
            headers=w.admin_dinkes.headers,
            json=_goal_body("T1", "Kode ganda", unit_id=str(w.dinkes.id)),
        ),
        409,
        "goal_code_taken",
    )
    assert_problem(
        await client.patch(
            f"{API}/goals/{rpjmd['id']}", headers=w.admin.headers, json={"is_active": False}
        ),
        409,
        "goal_served_by_opd",
    )
    assert_problem(
        await client.delete(f"{API}/goals/{rpjmd['id']}", headers=w.admin.headers),
        409,
        "goal_in_use",
    )
    listed = ok(
        await client.get(goals, headers=w.kabid_p2p.headers, params={"serves_goal_id": rpjmd["id"]})
    )
    assert {g["id"] for g in listed["items"]} == {dinkes_goal["id"], disdik_goal["id"]}
    renstra = ok(
        await client.get(
            f"{goals}/tree",
            headers=w.kabid_p2p.headers,
            params={"year": YEAR, "opd_id": str(w.dinkes.id)},
        )
    )
    assert [g["id"] for g in renstra["goals"]] == [dinkes_goal["id"]]
    assert renstra["strategy"]["unit_id"] == str(w.dinkes.id)

    # The OPD heads (appraised by the Sekda, outside their OPD) refer to their OPD's goals;
    # their staff cascade from them. A head never refers to another OPD's goal.
    kadinkes_skp = await create_skp(client, w.kadinkes)
    options = ok(
        await client.get(
            f"{API}/skp/{kadinkes_skp['id']}/cascade-options", headers=w.kadinkes.headers
        )
    )
    assert options["goals_allowed"] is True
    assert [g["id"] for g in options["goals"]] == [dinkes_goal["id"], rpjmd["id"], lonely["id"]]
    problem = assert_problem(
        await client.post(
            f"{API}/skp/{kadinkes_skp['id']}/work-results",
            headers=w.kadinkes.headers,
            json={
                "kind": "utama",
                "statement": "RHK salah",
                "goal_id": disdik_goal["id"],
                "perspective": "penerima_layanan",
            },
        ),
        422,
    )
    assert [e["type"] for e in problem["errors"]] == ["goal_outside_opd"]
    kadinkes_rhk = await add_rhk(
        client,
        w.kadinkes,
        kadinkes_skp["id"],
        "Meningkatnya derajat kesehatan masyarakat Kota Palu",
        goal_id=dinkes_goal["id"],
        perspective="penerima_layanan",
    )
    kabid_skp = await create_skp(client, w.kabid_p2p)
    kabid_rhk = await add_rhk(
        client,
        w.kabid_p2p,
        kabid_skp["id"],
        "Meningkatnya cakupan imunisasi dasar lengkap",
        parent_id=kadinkes_rhk["id"],
    )
    kadisdik_skp = await create_skp(client, w.kadisdik)
    kadisdik_rhk = await add_rhk(
        client,
        w.kadisdik,
        kadisdik_skp["id"],
        "Meningkatnya angka partisipasi SD",
        key_indicator_id=disdik_iku["id"],
        perspective="penerima_layanan",
    )
    kabid_sd_skp = await create_skp(client, w.kabid_sd)
    kabid_sd_rhk = await add_rhk(
        client,
        w.kabid_sd,
        kabid_sd_skp["id"],
        "Terbinanya sekolah dasar negeri",
        parent_id=kadisdik_rhk["id"],
    )

    # The whole instansi: RPJMD goal → both OPD goals → heads' RHK → staff RHK; T2 unserved.
    cascade = f"{API}/organizations/{w.org_id}/cascade"
    tree = ok(await client.get(cascade, headers=w.admin.headers, params={"year": YEAR}))
    assert tree["opd_id"] is None
    assert [g["id"] for g in tree["goals"]] == [rpjmd["id"], lonely["id"]]
    top = tree["goals"][0]
    assert top["opd"] is None
    by_opd = {g["opd"]["code"]: g for g in top["opd_goals"]}
    assert set(by_opd) == {"DINKES", "DISDIK"}
    dinkes_node = by_opd["DINKES"]
    assert dinkes_node["serves_goal_id"] == rpjmd["id"]
    assert [r["id"] for r in dinkes_node["work_results"]] == [kadinkes_rhk["id"]]
    assert [c["id"] for c in dinkes_node["work_results"][0]["children"]] == [kabid_rhk["id"]]
    disdik_node = by_opd["DISDIK"]
    iku_rhk = disdik_node["key_indicators"][0]["work_results"]
    assert [r["id"] for r in iku_rhk] == [kadisdik_rhk["id"]]
    assert [c["id"] for c in iku_rhk[0]["children"]] == [kabid_sd_rhk["id"]]
    assert [g["id"] for g in tree["unserved_goals"]] == [lonely["id"]]
    assert {u["id"] for u in tree["unowned_goals"]} == {lonely["id"]}

    # One OPD: its goal and people only; the instansi goal it serves stays as the root, the
    # unserved list stays the instansi's.
    one = ok(
        await client.get(
            cascade, headers=w.admin.headers, params={"year": YEAR, "opd_id": str(w.dinkes.id)}
        )
    )
    assert [g["id"] for g in one["goals"]] == [rpjmd["id"]]
    assert [g["id"] for g in one["goals"][0]["opd_goals"]] == [dinkes_goal["id"]]
    assert [g["id"] for g in one["unserved_goals"]] == [lonely["id"]]
    assert one["orphan_work_results"] == []

    # An OPD admin sees their own OPD's cascade, never another's.
    own = ok(await client.get(cascade, headers=w.admin_dinkes.headers, params={"year": YEAR}))
    assert own["opd_id"] == str(w.dinkes.id)
    assert own["goals"] == one["goals"]
    assert_problem(
        await client.get(
            cascade,
            headers=w.admin_dinkes.headers,
            params={"year": YEAR, "opd_id": str(w.disdik.id)},
        ),
        403,
        "outside_opd",
    )


async def test_opd_heads_never_wait_on_the_sekda_and_the_regional_head_has_nothing_to_fix(
    client: httpx.AsyncClient, palu_kota: Instansi
) -> None:
    """The OPD heads refer to their OPD's goals, so neither "what blocks me" nor the waiting
    board has them wait on the Sekda's SKP (which the Sekda has not even created); their staff
    do wait on them. The regional head has no SKP: an empty list, with a note."""
    w = palu_kota
    goal = ok(
        await client.post(
            f"{API}/organizations/{w.org_id}/goals",
            headers=w.admin_dinkes.headers,
            json=_goal_body("T1", "Meningkatnya derajat kesehatan", unit_id=str(w.dinkes.id)),
        ),
        201,
    )
    skp = await create_skp(client, w.kadinkes)
    await add_rhk(
        client,
        w.kadinkes,
        skp["id"],
        "Meningkatnya derajat kesehatan masyarakat",
        goal_id=goal["id"],
        perspective="penerima_layanan",
    )
    await create_skp(client, w.kabid_p2p)
    mine = ok(
        await client.get(
            f"{API}/me/skp-blockers", headers=w.kadinkes.headers, params={"year": YEAR}
        )
    )
    assert [b["code"] for b in mine["blockers"] if b["code"] != "deadline_passed"] == [
        "work_result_without_indicator"
    ]
    assert mine["skp_required"] is True
    waiting = ok(
        await client.get(
            f"{API}/organizations/{w.org_id}/skp/waiting",
            headers=w.admin.headers,
            params={"year": YEAR},
        )
    )
    assert [
        (i["employee"]["name"], [f["employee"]["name"] for f in i["waiting_for"]])
        for i in waiting["items"]
    ] == [("Pejabat Kepala Bidang P2P", ["Pejabat Kepala Dinas Kesehatan"])]

    for lang, start in (("en", "The regional head is not an ASN"), ("id", "Kepala daerah bukan")):
        head = ok(
            await client.get(
                f"{API}/me/skp-blockers",
                headers={**w.walikota.headers, "Accept-Language": lang},
                params={"year": YEAR},
            )
        )
        assert (head["blockers"], head["skp"], head["skp_required"]) == ([], None, False)
        assert head["note"].startswith(start)
    assert_problem(
        await client.post(f"{API}/skp", headers=w.walikota.headers, json={"year": YEAR}),
        409,
        "not_an_asn",
    )


# ---- needs coverage per OPD, and the instansi goals no OPD serves --------------------------


def _rpjmd(code: str, kind: GoalKind = GoalKind.TUJUAN, **kw: Any) -> OrganizationGoal:
    goal = _goal(kw.pop("unit_id", None), **kw)
    goal.code, goal.kind = code, kind
    return goal


def test_served_goals_and_needs_on_goals_no_opd_serves() -> None:
    t1, t2 = _rpjmd("T1"), _rpjmd("T2")
    s11 = _rpjmd("S1.1", GoalKind.SASARAN)
    s11.parent_id = t1.id
    serving = _goal(DINKES)
    serving.serves_goal_id = s11.id  # serving a sasaran serves its tujuan too
    idle = _goal(DISDIK, active=False)
    idle.serves_goal_id = t2.id  # an inactive OPD goal serves nothing
    goals = [t1, t2, s11, serving, idle]
    assert served_goal_ids(goals) == {s11.id, t1.id}
    need_a, need_b = uuid.uuid4(), uuid.uuid4()
    links = [(need_a, t2.id), (need_b, t1.id), (need_b, t2.id), (need_a, t2.id)]
    assert goals_no_opd_serves(links, [t1.id, t2.id, s11.id], served_goal_ids(goals)) == {
        t2.id: [need_a, need_b]
    }


async def test_needs_coverage_per_opd(client: httpx.AsyncClient, palu_kota: Instansi) -> None:
    w = palu_kota
    rpjmd = ok(
        await client.post(
            f"{API}/organizations/{w.org_id}/goals",
            headers=w.admin.headers,
            json=_goal_body("T1", "Meningkatnya kualitas SDM"),
        ),
        201,
    )
    lonely = ok(
        await client.post(
            f"{API}/organizations/{w.org_id}/goals",
            headers=w.admin.headers,
            json=_goal_body("T2", "Meningkatnya daya saing ekonomi"),
        ),
        201,
    )
    ok(
        await client.post(
            f"{API}/organizations/{w.org_id}/goals",
            headers=w.admin_dinkes.headers,
            json=_goal_body(
                "T1", "Derajat kesehatan", unit_id=str(w.dinkes.id), serves_goal_id=rpjmd["id"]
            ),
        ),
        201,
    )

    async def need(admin: Account, unit: Unit, title: str, *goals: str) -> str:
        created = ok(
            await client.post(
                f"{API}/organizations/{w.org_id}/needs",
                headers=admin.headers,
                json={
                    "year": YEAR,
                    "title": title,
                    "source": "stakeholder_discussion",
                    "priority": "high",
                    "unit_id": str(unit.id),
                },
            ),
            201,
        )
        for goal in goals:
            ok(
                await client.post(
                    f"{API}/needs/{created['id']}/links",
                    headers=admin.headers,
                    json={"kind": "goal", "target_id": goal},
                ),
                201,
            )
        return str(created["id"])

    imunisasi = await need(w.admin_dinkes, w.bidang_p2p, "Imunisasi", rpjmd["id"], lonely["id"])
    sekolah = await need(w.admin_disdik, w.disdik, "Sekolah dasar", lonely["id"])
    url = f"{API}/organizations/{w.org_id}/needs/coverage"

    async def report(who: Account, **params: Any) -> dict[str, Any]:
        found: dict[str, Any] = ok(
            await client.get(url, headers=who.headers, params={"year": YEAR, **params})
        )
        return found

    whole = await report(w.admin)
    assert whole["opd_id"] is None
    assert {n["id"] for n in whole["needs"]} == {imunisasi, sekolah}
    assert [(g["code"], g["need_ids"]) for g in whole["unserved_goals"]] == [
        ("T2", [imunisasi, sekolah])
    ]
    dinkes = await report(w.admin, opd_id=str(w.dinkes.id))
    assert (dinkes["opd_id"], [n["id"] for n in dinkes["needs"]]) == (str(w.dinkes.id), [imunisasi])
    assert [(g["code"], g["need_ids"]) for g in dinkes["unserved_goals"]] == [("T2", [imunisasi])]
    # OPD admins: their own OPD, whatever they ask; another OPD is refused.
    assert await report(w.admin_disdik) == await report(w.admin, opd_id=str(w.disdik.id))
    assert_problem(
        await client.get(
            url, headers=w.admin_disdik.headers, params={"year": YEAR, "opd_id": str(w.dinkes.id)}
        ),
        403,
        "outside_opd",
    )
