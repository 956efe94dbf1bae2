"""Issue 13's story, through the HTTP API only: a regency (Pemerintah Kabupaten X) set up from
nothing as a new agency would, from the platform admin creating the organization.

Its instansi admin (BKPSDM) builds the tree: Kepala Daerah (the Bupati, a regional head with no
NIP), the Sekretariat Daerah (the Sekda), and two OPDs — Dinas Kesehatan (ten people, with a
surveillance section of three) and Dinas PUPR (three) — whose heads report to the Sekda. Each
OPD admin staffs their own OPD and nothing else. Then the year: the Bupati approves the
Sekda's SKP, the Sekda both OPD heads', the cascade runs from the RPJMD goal to a staff RHK in
each OPD, "what blocks me" names who can fix each stuck step, and the distribution curve is
checked per OPD with the small section never blocked on its own.

Only the platform admin's own account comes from the test factory (nobody creates the first
platform admin through the API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from appraisal_support import Clock, create_period, open_period, rating_body
from appraisal_support import clock as clock  # the fixture
from conftest import PASSWORD, Factory, assert_problem, make_nip
from kinerja_api.auth.models import Role
from skp_support import API, BAYI_TARGET, IDL_TARGET, YEAR, act, add_indicator, add_rhk, ok

NEW_PASSWORD = "Kinerja-Baru-2027"
SINCE = "2025-01-02"


@dataclass
class Person:
    """Someone signed in through the API (``employee_id`` ``None`` for admin accounts)."""

    name: str
    headers: dict[str, str]
    user_id: str
    employee_id: str | None = None


class Story:
    """The calls the people of the story make, and what they made so far."""

    def __init__(self, client: httpx.AsyncClient, org_id: str) -> None:
        self.client = client
        self.org_id = org_id
        self.units: dict[str, str] = {}
        self.positions: dict[str, str] = {}
        self._nip = 0

    async def sign_in(self, username: str, user: dict[str, Any]) -> Person:
        """First sign-in of an account made by an admin: the password must be changed."""
        r = await self.client.post(
            f"{API}/auth/token", data={"username": username, "password": PASSWORD}
        )
        token = ok(r)["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert_problem(
            await self.client.get(f"{API}/organizations/{self.org_id}", headers=headers),
            403,
            "password_change_required",
        )
        r = await self.client.post(
            f"{API}/auth/password",
            headers=headers,
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
        headers = {"Authorization": f"Bearer {ok(r)['access_token']}"}
        return Person(user["full_name"], headers, user["id"], user["employee_id"])

    async def account(
        self,
        by: Person,
        username: str,
        full_name: str,
        role: str,
        *,
        employee_id: str | None = None,
        opd: str | None = None,
    ) -> Person:
        body: dict[str, Any] = {
            "username": username,
            "full_name": full_name,
            "role": role,
            "password": PASSWORD,
            "employee_id": employee_id,
            "opd_id": self.units[opd] if opd else None,
        }
        user = ok(await self.account_response(by, body), 201)
        return await self.sign_in(username, user)

    async def account_response(self, by: Person, body: dict[str, Any]) -> httpx.Response:
        return await self.client.post(
            f"{API}/organizations/{self.org_id}/users", headers=by.headers, json=body
        )

    async def unit(self, by: Person, code: str, name: str, parent: str | None = None) -> str:
        body = {"code": code, "name": name, "parent_id": self.units[parent] if parent else None}
        unit = ok(
            await self.client.post(
                f"{API}/organizations/{self.org_id}/units", headers=by.headers, json=body
            ),
            201,
        )
        self.units[code] = unit["id"]
        return str(unit["id"])

    def position_body(
        self, unit: str, name: str, superior: str | None, **kind: Any
    ) -> dict[str, Any]:
        return {
            "unit_id": self.units[unit],
            "name": name,
            "superior_id": self.positions[superior] if superior else None,
            **kind,
        }

    async def position(
        self, by: Person, key: str, unit: str, name: str, superior: str | None, **kind: Any
    ) -> str:
        position = ok(
            await self.client.post(
                f"{API}/organizations/{self.org_id}/positions",
                headers=by.headers,
                json=self.position_body(unit, name, superior, **kind),
            ),
            201,
        )
        self.positions[key] = position["id"]
        return str(position["id"])

    async def head(self, by: Person, unit: str, position: str) -> None:
        ok(
            await self.client.patch(
                f"{API}/units/{self.units[unit]}",
                headers=by.headers,
                json={"head_position_id": self.positions[position]},
            )
        )

    async def employee_response(
        self, by: Person, name: str, **body: Any
    ) -> tuple[httpx.Response, dict[str, Any]]:
        if body.get("kind") != "regional_head":
            self._nip += 1
            body.setdefault("nip", make_nip(self._nip))
        body = {"name": name, **body}
        r = await self.client.post(
            f"{API}/organizations/{self.org_id}/employees", headers=by.headers, json=body
        )
        return r, body

    async def assign(self, by: Person, employee_id: str, position: str) -> httpx.Response:
        return await self.client.post(
            f"{API}/employees/{employee_id}/assignments",
            headers=by.headers,
            json={"position_id": self.positions[position], "start_date": SINCE},
        )

    async def person(
        self,
        by: Person,
        name: str,
        position: str,
        username: str,
        role: str = "staff",
        **employee: Any,
    ) -> Person:
        """An employee holding ``position`` definitively, with an account, made by ``by``."""
        r, _ = await self.employee_response(by, name, **employee)
        created = ok(r, 201)
        ok(await self.assign(by, created["id"], position), 201)
        return await self.account(by, username, name, role, employee_id=created["id"])

    async def employee(self, by: Person, person: Person) -> dict[str, Any]:
        found: dict[str, Any] = ok(
            await self.client.get(f"{API}/employees/{person.employee_id}", headers=by.headers)
        )
        return found

    async def blockers(self, who: Person) -> dict[str, Any]:
        body: dict[str, Any] = ok(
            await self.client.get(
                f"{API}/me/skp-blockers",
                headers={**who.headers, "Accept-Language": "en"},
                params={"year": YEAR},
            )
        )
        return body

    async def fixers(self, who: Person) -> dict[str, tuple[str, list[str]]]:
        """Each blocker of ``who`` (but the deadline): the role and names of who fixes it."""
        return {
            b["code"]: (b["fixed_by"]["role"], [p["name"] for p in b["fixed_by"]["people"]])
            for b in (await self.blockers(who))["blockers"]
            if b["code"] != "deadline_passed"
        }

    async def goal(self, by: Person, code: str, statement: str, **body: Any) -> dict[str, Any]:
        goal: dict[str, Any] = ok(
            await self.client.post(
                f"{API}/organizations/{self.org_id}/goals",
                headers=by.headers,
                json={"year": YEAR, "code": code, "kind": "tujuan", "statement": statement, **body},
            ),
            201,
        )
        return goal

    async def skp(
        self, who: Person, statement: str, target: dict[str, Any] | None = None, **ref: Any
    ) -> tuple[str, str]:
        """A new SKP of the year with one RHK utama referring to ``ref`` and one indicator,
        submitted; its id and the RHK's."""
        skp = ok(
            await self.client.post(f"{API}/skp", headers=who.headers, json={"year": YEAR}), 201
        )
        rhk = await add_rhk(self.client, who, skp["id"], statement, **ref)  # type: ignore[arg-type]
        await add_indicator(self.client, who, rhk["id"], target or IDL_TARGET)  # type: ignore[arg-type]
        ok(await act(self.client, who, skp["id"], "submit"))  # type: ignore[arg-type]
        return str(skp["id"]), str(rhk["id"])

    async def approve(self, appraiser: Person, skp_id: str) -> None:
        approved = ok(await act(self.client, appraiser, skp_id, "approve"))  # type: ignore[arg-type]
        assert approved["state"] == "approved"

    async def waiting(self, by: Person, **params: Any) -> list[tuple[str, list[str]]]:
        page = ok(
            await self.client.get(
                f"{API}/organizations/{self.org_id}/skp/waiting",
                headers=by.headers,
                params={"year": YEAR, **params},
            )
        )
        return [
            (i["employee"]["name"], [w["employee"]["name"] for w in i["waiting_for"]])
            for i in page["items"]
        ]


S, F, P = "struktural", "fungsional", "pelaksana"


@pytest.mark.settings(login_rate_per_ip=200)
async def test_a_regency_with_two_opds_from_nothing(
    client: httpx.AsyncClient, factory: Factory, clock: Clock
) -> None:
    # ---- the platform admin creates the instansi and its first admin (BKPSDM) --------------
    platform_account = await factory.account(None, Role.PLATFORM_ADMIN, username="platform")
    platform = Person("Platform", platform_account.headers, str(platform_account.id))
    org = ok(
        await client.post(
            f"{API}/organizations",
            headers=platform.headers,
            json={
                "code": "PEMKAB-X",
                "name": "Pemerintah Kabupaten X",
                "kind": "pemerintah_kabupaten",
                "region": "Kabupaten X",
                "timezone": "WITA",
            },
        ),
        201,
    )
    w = Story(client, org["id"])
    bkpsdm = await w.account(platform, "bkpsdm.x", "Admin BKPSDM Kabupaten X", "admin")

    # ---- the instansi admin builds the tree: the top of the chain and the two OPDs ---------
    await w.unit(bkpsdm, "KDH", "Kepala Daerah")
    await w.unit(bkpsdm, "SETDA", "Sekretariat Daerah")
    await w.unit(bkpsdm, "DINKES", "Dinas Kesehatan")
    await w.unit(bkpsdm, "P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES")
    await w.unit(bkpsdm, "SURV", "Seksi Surveilans dan Imunisasi", "P2P")
    await w.unit(bkpsdm, "YANKES", "Bidang Pelayanan Kesehatan", "DINKES")
    await w.unit(bkpsdm, "PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang")
    await w.unit(bkpsdm, "BM", "Bidang Bina Marga", "PUPR")
    for key, unit, name, superior, level, job_class in (
        ("bupati", "KDH", "Bupati X", None, "jpt_utama", 17),
        ("sekda", "SETDA", "Sekretaris Daerah", "bupati", "jpt_pratama", 15),
        ("kadinkes", "DINKES", "Kepala Dinas Kesehatan", "sekda", "jpt_pratama", 14),
        ("kabid_p2p", "P2P", "Kepala Bidang P2P", "kadinkes", "administrator", 11),
        ("kasi_surv", "SURV", "Kepala Seksi Surveilans", "kabid_p2p", "pengawas", 9),
        ("kabid_yankes", "YANKES", "Kepala Bidang Yankes", "kadinkes", "administrator", 11),
        ("kadis_pupr", "PUPR", "Kepala Dinas PUPR", "sekda", "jpt_pratama", 14),
        ("kabid_bm", "BM", "Kepala Bidang Bina Marga", "kadis_pupr", "administrator", 11),
    ):
        await w.position(
            bkpsdm, key, unit, name, superior, kind=S, level=level, job_class=job_class
        )
        await w.head(bkpsdm, unit, key)

    # The Bupati: a regional head, not an ASN, no NIP; his account holds the top position.
    bupati = await w.person(
        bkpsdm, "H. Ahmad Bupati", "bupati", "bupati.x", "supervisor", kind="regional_head"
    )
    assert (await w.employee(bkpsdm, bupati))["nip"] is None
    sekda = await w.person(bkpsdm, "Drs. Sekda Lahace", "sekda", "sekda.x", "supervisor")
    kadinkes = await w.person(bkpsdm, "dr. Kadis Sehat", "kadinkes", "kadinkes.x", "supervisor")
    kadis_pupr = await w.person(
        bkpsdm, "Ir. Kadis Jalan", "kadis_pupr", "kadispupr.x", "supervisor"
    )
    kabid_p2p = await w.person(bkpsdm, "dr. Kabid P2P", "kabid_p2p", "kabidp2p.x", "supervisor")
    kasi = await w.person(bkpsdm, "Kasi Surveilans", "kasi_surv", "kasi.x", "supervisor")
    kabid_yankes = await w.person(bkpsdm, "Kabid Yankes", "kabid_yankes", "yankes.x", "supervisor")
    kabid_bm = await w.person(bkpsdm, "Ir. Kabid Bina Marga", "kabid_bm", "kabidbm.x", "supervisor")
    # Everyone is placed in the OPD of their position.
    for person, opd in ((bupati, "KDH"), (sekda, "SETDA"), (kadinkes, "DINKES"), (kasi, "DINKES")):
        assert (await w.employee(bkpsdm, person))["opd_id"] == w.units[opd]
    admin_dinkes = await w.account(bkpsdm, "admin.dinkes.x", "Admin Dinkes", "admin", opd="DINKES")
    admin_pupr = await w.account(bkpsdm, "admin.pupr.x", "Admin PUPR", "admin", opd="PUPR")

    # ---- each OPD admin staffs their own OPD -------------------------------------------------
    await w.position(
        admin_dinkes,
        "epid",
        "SURV",
        "Epidemiolog Kesehatan Ahli Pertama",
        "kasi_surv",
        kind=F,
        jenjang="ahli_pertama",
        job_class=8,
    )
    await w.position(
        admin_dinkes,
        "yankes",
        "YANKES",
        "Pengadministrasi Layanan",
        "kabid_yankes",
        kind=P,
        job_class=6,
    )
    surv_staff = [
        await w.person(admin_dinkes, f"Petugas Surveilans {n}", "epid", f"surv{n}.x")
        for n in (1, 2)
    ]
    yankes_staff = [
        await w.person(admin_dinkes, f"Petugas Yankes {n}", "yankes", f"yankes{n}.x")
        for n in (1, 2, 3, 4)
    ]
    assert (await w.employee(admin_dinkes, surv_staff[0]))["opd_id"] == w.units["DINKES"]
    # The PUPR admin forgets the superior of the new position.
    await w.position(
        admin_pupr,
        "teknik",
        "BM",
        "Teknik Jalan dan Jembatan Ahli Pertama",
        None,
        kind=F,
        jenjang="ahli_pertama",
        job_class=8,
    )
    teknisi = await w.person(admin_pupr, "Teknisi Jalan", "teknik", "teknisi.x")

    # ---- ... and nothing of the other OPD, nor more than they are ---------------------------
    r, _ = await w.employee_response(admin_dinkes, "Pegawai PUPR", opd_id=w.units["PUPR"])
    assert_problem(r, 403, "outside_opd")
    assert_problem(
        await client.post(
            f"{API}/organizations/{w.org_id}/positions",
            headers=admin_dinkes.headers,
            json=w.position_body("BM", "Jabatan di PUPR", "kabid_bm", kind=P, job_class=6),
        ),
        403,
        "outside_opd",
    )
    assert_problem(await w.assign(admin_dinkes, teknisi.employee_id or "", "yankes"), 403)
    assert_problem(
        await w.assign(admin_pupr, teknisi.employee_id or "", "epid"), 403, "outside_opd"
    )
    r, _ = await w.employee_response(admin_pupr, "Calon Pegawai PUPR")
    calon = ok(r, 201)
    assert calon["opd_id"] == w.units["PUPR"]
    for body in (
        {"role": "staff", "employee_id": calon["id"]},  # a PUPR employee's account
        {"role": "admin"},  # an instansi admin
        {"role": "admin", "opd_id": w.units["PUPR"]},  # an admin of the other OPD
    ):
        body = {"username": "naik.pangkat", "full_name": "Naik", "password": PASSWORD, **body}
        assert_problem(await w.account_response(admin_dinkes, body), 403, "outside_opd")
    ok(
        await w.account_response(
            admin_dinkes,
            {
                "username": "admin2.dinkes.x",
                "full_name": "Admin Dinkes Kedua",
                "role": "admin",
                "password": PASSWORD,
                "opd_id": w.units["DINKES"],
            },
        ),
        201,
    )
    # Moving an employee from one OPD into another is the instansi admin's: the PUPR admin
    # cannot pull a Dinkes employee into a PUPR position (the employee is outside their OPD,
    # 403 outside_opd, before `position_in_other_opd` could apply); the instansi admin can.
    r, _ = await w.employee_response(bkpsdm, "Pindahan", opd_id=w.units["DINKES"])
    moved = ok(r, 201)
    assert_problem(await w.assign(admin_pupr, moved["id"], "teknik"), 403, "outside_opd")
    ok(await w.assign(bkpsdm, moved["id"], "teknik"), 201)

    # ---- what blocks me: the appraiser missing → the OPD's admin ---------------------------
    fixers = await w.fixers(teknisi)
    assert fixers["no_appraiser"] == ("opd_admin", ["Admin PUPR"])
    ok(
        await client.patch(
            f"{API}/positions/{w.positions['teknik']}",
            headers=admin_pupr.headers,
            json={"superior_id": w.positions["kabid_bm"]},
        )
    )
    assert "no_appraiser" not in await w.fixers(teknisi)
    appraisers = ok(
        await client.get(
            f"{API}/employees/{kadinkes.employee_id}/appraisers", headers=bkpsdm.headers
        )
    )
    assert appraisers["appraiser"]["name"] == sekda.name

    # ---- the cascade: RPJMD goal → each OPD's goal serving it ------------------------------
    rpjmd = await w.goal(bkpsdm, "T1", "Meningkatnya kualitas hidup masyarakat Kabupaten X")
    dinkes_goal = await w.goal(
        admin_dinkes,
        "T1",
        "Meningkatnya derajat kesehatan masyarakat",
        unit_id=w.units["DINKES"],
        serves_goal_id=rpjmd["id"],
    )
    pupr_goal = await w.goal(
        admin_pupr,
        "T1",
        "Meningkatnya kemantapan jalan kabupaten",
        unit_id=w.units["PUPR"],
        serves_goal_id=rpjmd["id"],
    )

    # The regional head has no SKP, and nothing to fix.
    assert_problem(
        await client.post(f"{API}/skp", headers=bupati.headers, json={"year": YEAR}),
        409,
        "not_an_asn",
    )
    mine = await w.blockers(bupati)
    assert (mine["blockers"], mine["skp"], mine["skp_required"]) == ([], None, False)
    assert mine["note"].startswith("The regional head is not an ASN")

    # The Sekda refers to the RPJMD; his SKP waits on the Bupati.
    sekda_skp, sekda_rhk = await w.skp(
        sekda,
        "Terkoordinasinya perangkat daerah",
        goal_id=rpjmd["id"],
        perspective="penerima_layanan",
    )
    assert (await w.fixers(sekda))["awaiting_approval"] == ("appraiser", [bupati.name])
    # The OPD heads refer to their OPD's goals: they never wait on the Sekda's SKP.
    kadinkes_skp, kadinkes_rhk = await w.skp(
        kadinkes,
        "Meningkatnya derajat kesehatan masyarakat Kabupaten X",
        goal_id=dinkes_goal["id"],
        perspective="penerima_layanan",
    )
    pupr_skp, pupr_rhk = await w.skp(
        kadis_pupr,
        "Meningkatnya jalan kabupaten dalam kondisi mantap",
        goal_id=pupr_goal["id"],
        perspective="penerima_layanan",
    )
    assert await w.fixers(kadinkes) == {"awaiting_approval": ("appraiser", [sekda.name])}
    # The Kabid P2P writes on the Kepala Dinas's RHK; the submitted SKP waits on the Sekda.
    kabid_skp = ok(
        await client.post(f"{API}/skp", headers=kabid_p2p.headers, json={"year": YEAR}), 201
    )
    kabid_rhk = await add_rhk(
        client,
        kabid_p2p,
        kabid_skp["id"],
        "Meningkatnya cakupan imunisasi",
        parent_id=kadinkes_rhk,  # type: ignore[arg-type]
    )
    await add_indicator(client, kabid_p2p, kabid_rhk["id"], IDL_TARGET)  # type: ignore[arg-type]
    assert (await w.fixers(kabid_p2p))["superior_skp_not_approved"] == (
        "appraiser_superior",
        [sekda.name],
    )
    assert await w.waiting(bkpsdm) == [(kabid_p2p.name, [kadinkes.name])]
    assert await w.waiting(admin_dinkes) == [(kabid_p2p.name, [kadinkes.name])]
    assert await w.waiting(admin_pupr) == []

    # The Bupati approves the Sekda's SKP, the Sekda both OPD heads'; nobody else may.
    assert_problem(await act(client, kadinkes, sekda_skp, "approve"), 403)  # type: ignore[arg-type]
    assert_problem(await act(client, bupati, kadinkes_skp, "approve"), 403)  # type: ignore[arg-type]
    await w.approve(bupati, sekda_skp)
    await w.approve(sekda, kadinkes_skp)
    await w.approve(sekda, pupr_skp)
    assert "superior_skp_not_approved" not in await w.fixers(kabid_p2p)
    assert await w.waiting(bkpsdm) == []
    ok(await act(client, kabid_p2p, kabid_skp["id"], "submit"))  # type: ignore[arg-type]
    await w.approve(kadinkes, kabid_skp["id"])

    # Down to the staff of each OPD.
    yankes_skp, yankes_rhk = await w.skp(
        kabid_yankes, "Meningkatnya mutu layanan", parent_id=kadinkes_rhk
    )
    await w.approve(kadinkes, yankes_skp)
    kasi_skp, kasi_rhk = await w.skp(
        kasi, "Terlaksananya imunisasi dasar", parent_id=kabid_rhk["id"]
    )
    await w.approve(kabid_p2p, kasi_skp)
    staff_rhk: dict[str, str] = {}
    for person, appraiser, parent in (
        *((p, kasi, kasi_rhk) for p in surv_staff),
        *((p, kabid_yankes, yankes_rhk) for p in yankes_staff),
    ):
        skp_id, staff_rhk[person.name] = await w.skp(
            person, "Imunisasi bayi", BAYI_TARGET, parent_id=parent
        )
        await w.approve(appraiser, skp_id)
    bm_skp, bm_rhk = await w.skp(kabid_bm, "Terpeliharanya jalan kabupaten", parent_id=pupr_rhk)
    await w.approve(kadis_pupr, bm_skp)
    teknisi_skp, teknisi_rhk = await w.skp(
        teknisi, "Pemeliharaan jalan", BAYI_TARGET, parent_id=bm_rhk
    )
    await w.approve(kabid_bm, teknisi_skp)

    tree = ok(
        await client.get(
            f"{API}/organizations/{w.org_id}/cascade", headers=bkpsdm.headers, params={"year": YEAR}
        )
    )
    (top,) = tree["goals"]
    assert top["id"] == rpjmd["id"]
    assert [r["id"] for r in top["work_results"]] == [sekda_rhk]
    by_opd = {g["opd"]["code"]: g for g in top["opd_goals"]}
    assert set(by_opd) == {"DINKES", "PUPR"}

    def path(nodes: list[dict[str, Any]], target: str) -> list[str]:
        for node in nodes:
            if node["id"] == target:
                return [node["id"]]
            below = path(node.get("children", []), target)
            if below:
                return [node["id"], *below]
        return []

    dinkes_rhk = by_opd["DINKES"]["work_results"]
    assert path(dinkes_rhk, staff_rhk["Petugas Surveilans 1"]) == [
        kadinkes_rhk,
        kabid_rhk["id"],
        kasi_rhk,
        staff_rhk["Petugas Surveilans 1"],
    ]
    assert path(by_opd["PUPR"]["work_results"], teknisi_rhk) == [pupr_rhk, bm_rhk, teknisi_rhk]
    assert tree["unserved_goals"] == []

    # ---- appraisal: the curve per OPD, the small section never blocked alone ----------------
    period = await create_period(client, bkpsdm)  # type: ignore[arg-type]
    await open_period(client, bkpsdm, period["id"])  # type: ignore[arg-type]
    page = ok(
        await client.get(
            f"{API}/appraisals",
            headers=bkpsdm.headers,
            params={"period_id": period["id"], "limit": 200},
        )
    )
    appraisal = {a["employee_name"]: a["id"] for a in page["items"]}
    assert len(appraisal) == 14  # everyone with an approved SKP; the Bupati has none
    rhk_of = {
        kadinkes.name: kadinkes_rhk,
        kabid_p2p.name: kabid_rhk["id"],
        kabid_yankes.name: yankes_rhk,
        kasi.name: kasi_rhk,
        **staff_rhk,
    }
    # The section favours its own (all three rated above expectations); the OPD as a whole
    # fits the curve of a Baik year, the section alone does not.
    ratings = [
        (sekda, kadinkes, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
        (kadinkes, kabid_p2p, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
        (kadinkes, kabid_yankes, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
        (kabid_p2p, kasi, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"),
        *((kasi, p, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI") for p in surv_staff),
        *((kabid_yankes, p, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI") for p in yankes_staff[:3]),
        (kabid_yankes, yankes_staff[3], "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
    ]
    for appraiser, person, hasil, perilaku in ratings:
        ok(
            await client.put(
                f"{API}/appraisals/{appraisal[person.name]}/rating",
                headers=appraiser.headers,
                json=rating_body([rhk_of[person.name]], hasil, perilaku),
            )
        )
    ok(
        await client.put(
            f"{API}/appraisal-periods/{period['id']}/organization-result",
            headers=bkpsdm.headers,
            json={"result": "baik"},
        )
    )

    async def curve(unit: str, who: Person = bkpsdm) -> dict[str, Any]:
        found: dict[str, Any] = ok(
            await client.get(
                f"{API}/appraisal-periods/{period['id']}/curve",
                headers={**who.headers, "Accept-Language": "en"},
                params={"unit_id": w.units[unit]},
            )
        )
        return found

    settings = ok(
        await client.get(f"{API}/organizations/{w.org_id}/settings", headers=bkpsdm.headers)
    )
    assert (
        settings["appraisal"]["curve_level"],
        settings["appraisal"]["curve_min_group_size"],
    ) == (1, 10)
    # Default: the section is checked as part of its OPD (ten people, not the PUPR's three).
    surv = await curve("SURV")
    assert (surv["unit_id"], surv["level"], surv["group_size"]) == (w.units["DINKES"], 1, 10)
    # (the Kasi's predikat follows the organization's result, Baik: he leads a unit)
    assert (surv["outcome"], surv["counts"]["sangat_baik"]) == ("fits", 2)
    assert {p["employee_name"] for p in surv["people"]} == set(rhk_of)
    pupr = await curve("BM")
    assert (pupr["unit_id"], pupr["group_size"], pupr["outcome"]) == (
        w.units["PUPR"],
        3,
        "below_minimum",
    )
    # (the curve and the finalizing are the instansi admin's: appraisal periods are BKPSDM's)
    assert_problem(
        await client.get(
            f"{API}/appraisal-periods/{period['id']}/curve",
            headers=admin_dinkes.headers,
            params={"unit_id": w.units["SURV"]},
        ),
        403,
    )
    # Checked per section (level 3): the section of three fails the curve alone, but is below
    # the minimum of ten, so it is never blocked on its own.
    ok(
        await client.patch(
            f"{API}/organizations/{w.org_id}/settings",
            headers=bkpsdm.headers,
            json={"appraisal": {"curve_level": 3}},
        )
    )
    alone = await curve("SURV")
    assert (alone["unit_id"], alone["group_size"]) == (w.units["SURV"], 3)
    assert (alone["passed"], alone["enforced"], alone["outcome"]) == (False, False, "below_minimum")
    # It is the minimum that spares it: a minimum of three would block the section.
    ok(
        await client.patch(
            f"{API}/organizations/{w.org_id}/settings",
            headers=bkpsdm.headers,
            json={"appraisal": {"curve_min_group_size": 3}},
        )
    )
    assert (await curve("SURV"))["outcome"] == "blocked"
    ok(
        await client.patch(
            f"{API}/organizations/{w.org_id}/settings",
            headers=bkpsdm.headers,
            json={"appraisal": {"curve_min_group_size": 10}},
        )
    )
    done = ok(
        await client.post(
            f"{API}/appraisal-periods/{period['id']}/units/{w.units['SURV']}/finalize",
            headers=bkpsdm.headers,
        )
    )
    assert (done["finalized"], done["curve"]["outcome"]) == (3, "below_minimum")
