"""The world of the permission matrix: two organizations built alike, one object of every kind
a path parameter can name, per owner.

Each organization has the Palu chain (see ``conftest.Palu``): DINKES → P2P, PKM; kadis;
kabid [kadis] and andi [kabid] in P2P; kapus [kadis] and siti [kapus] in PKM; an admin
without an employee record. Employee-owned objects (the employee record and assignment, SKP,
RHK, indicators, evidence, activity reports, appraisals, peer inputs asked of them,
development plans, dialogues and their actions) exist for andi, siti, kapus and kabid;
organization objects (units, positions, goals, surveys, ...) once per organization.
:meth:`MatrixWorld.value` answers for organization B when asked for the owner ``"B"`` (B's
andi for employee-owned kinds).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import httpx

from conftest import Account, Factory
from kinerja_api.appraisals.models import AppraisalReward
from kinerja_api.auth.models import Role
from kinerja_api.integration.rules import SCOPES
from kinerja_api.organizations.models import Organization, PositionKind, StructuralLevel
from kinerja_api.organizations.service import org_today
from sabang import SURVEY
from skp_support import API, BAYI_TARGET, PDF, YEAR, approved_skp, ok, palu_goals

PEOPLE = ("andi", "siti", "kapus", "kabid")
#: The owner standing for "organization B" in :meth:`MatrixWorld.value`.
OTHER = "B"
#: The owner standing for "another OPD of organization A" (its BAPPEDA: staf, appraised by
#: kaban; the OPD admin of the matrix runs A's DINKES).
OTHER_OPD = "opd2"
#: Kinds of the other OPD's objects that only their chain and its admins may see: never in a
#: list or view answered to the OPD admin of DINKES.
OPD_PRIVATE = (
    "assignments/{assignment_id}",
    "skp/{skp_id}",
    "work-results/{work_result_id}",
    "skp-indicators/{indicator_id}",
    "evidence/{evidence_id}",
    "activity-reports/{report_id}",
    "appraisals/{appraisal_id}",
    "development-plans/{plan_id}",
    "dialogues/{dialogue_id}",
    "dialogue-actions/{action_id}",
)


@dataclass
class OrgSide:
    org: Organization
    accounts: dict[str, Account]
    #: kind (``"segment/{param}"``) → owner (a person of :data:`PEOPLE` or ``"org"``) → value
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    #: service accounts' (client_id, client_secret) by purpose
    service: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the OPD (top-level unit) holding the Palu chain
    opd: Any = None

    def put(self, kind: str, owner: str, value: Any) -> None:
        self.ids.setdefault(kind, {})[owner] = str(value)


async def build_side(
    client: httpx.AsyncClient, factory: Factory, code: str, *, second_opd: bool = False
) -> OrgSide:
    org = await factory.org(code, name=f"Dinas Kesehatan {code}")
    today = org_today(org)
    dinkes = await factory.unit(org, code=f"{code}-DINKES", name="Dinas Kesehatan")
    p2p = await factory.unit(org, dinkes, code=f"{code}-P2P", name="Bidang P2P")
    pkm = await factory.unit(org, dinkes, code=f"{code}-PKM", name="Puskesmas Talise")
    s, f = PositionKind.STRUKTURAL, PositionKind.FUNGSIONAL
    kadis_pos = await factory.position(
        org, dinkes, kind=s, level=StructuralLevel.JPT_PRATAMA, name="Kepala Dinas"
    )
    kabid_pos = await factory.position(
        org, p2p, kind=s, level=StructuralLevel.ADMINISTRATOR, superior=kadis_pos
    )
    andi_pos = await factory.position(org, p2p, superior=kabid_pos, name="Pengelola Data")
    kapus_pos = await factory.position(org, pkm, kind=s, superior=kadis_pos, name="Kapus")
    siti_pos = await factory.position(org, pkm, kind=f, superior=kapus_pos, name="Perawat")
    spare_pos = await factory.position(org, dinkes, superior=kadis_pos, name="Pengadministrasi")
    for unit, head in ((dinkes, kadis_pos), (p2p, kabid_pos), (pkm, kapus_pos)):
        await factory.head(unit, head)
    sup, staff = Role.SUPERVISOR, Role.STAFF
    acc = {
        "kadis": await factory.person(org, kadis_pos, sup, username=f"{code}.kadis"),
        "kabid": await factory.person(org, kabid_pos, sup, username=f"{code}.kabid"),
        "andi": await factory.person(org, andi_pos, staff, username=f"{code}.andi"),
        "kapus": await factory.person(org, kapus_pos, sup, username=f"{code}.kapus"),
        "siti": await factory.person(org, siti_pos, staff, username=f"{code}.siti"),
        "admin": await factory.account(org, Role.ADMIN, username=f"{code}.admin"),
    }
    if second_opd:
        # Another OPD of the instansi: BAPPEDA, its head kaban and staf under him.
        bappeda = await factory.unit(org, code=f"{code}-BAPPEDA", name="Bappeda")
        kaban_pos = await factory.position(
            org, bappeda, kind=s, level=StructuralLevel.JPT_PRATAMA, name="Kepala Bappeda"
        )
        staf_pos = await factory.position(org, bappeda, superior=kaban_pos, name="Perencana")
        await factory.head(bappeda, kaban_pos)
        acc["kaban"] = await factory.person(org, kaban_pos, sup, username=f"{code}.kaban")
        acc["staf"] = await factory.person(org, staf_pos, staff, username=f"{code}.staf")
        acc["opd_admin"] = await factory.account(
            org, Role.ADMIN, username=f"{code}.opdadmin", opd_id=dinkes.id
        )
    side = OrgSide(org, acc, opd=dinkes)
    admin = acc["admin"].headers
    side.put("organizations/{org_id}", "org", org.id)
    side.put("units/{unit_id}", "org", pkm.id)
    side.put("positions/{position_id}", "org", siti_pos.id)
    for who in PEOPLE:
        side.put("employees/{employee_id}", who, acc[who].employee_id)
        side.put("employees/{nip}", who, acc[who].employee.nip)  # type: ignore[union-attr]
        held = ok(
            await client.get(f"{API}/employees/{acc[who].employee_id}/assignments", headers=admin)
        )
        side.put("assignments/{assignment_id}", who, held["items"][0]["id"])
    if second_opd:
        staf = acc["staf"]
        side.put("employees/{employee_id}", OTHER_OPD, staf.employee_id)
        side.put("employees/{nip}", OTHER_OPD, staf.employee.nip)  # type: ignore[union-attr]
        held = ok(
            await client.get(f"{API}/employees/{staf.employee_id}/assignments", headers=admin)
        )
        side.put("assignments/{assignment_id}", OTHER_OPD, held["items"][0]["id"])
        side.put("units/{unit_id}", OTHER_OPD, bappeda.id)
        side.put("positions/{position_id}", OTHER_OPD, staf_pos.id)
        side.put("users/{user_id}", OTHER_OPD, staf.id)

    # A spare employee (the subject of an override); a user without an employee.
    spare = await factory.employee(org, name=f"Pegawai Cadangan {code}")
    await factory.assign(spare, spare_pos)
    override = ok(
        await client.post(
            f"{API}/employees/{spare.id}/appraiser-overrides",
            headers=admin,
            json={
                "appraiser_id": str(acc["kabid"].employee_id),
                "valid_from": f"{YEAR}-01-01",
                "reason": "Kepala Puskesmas tugas belajar",
            },
        ),
        201,
    )
    side.put("appraiser-overrides/{override_id}", "org", override["id"])
    target = await factory.account(org, Role.STAFF, username=f"{code}.operator")
    side.put("users/{user_id}", "org", target.id)
    # Service accounts: one the matrix acts on (rotated, revoked), one that calls the API
    # with every scope (the matrix's "service" caller).
    for name in ("object", "caller"):
        created = ok(
            await client.post(
                f"{API}/organizations/{org.id}/service-accounts",
                headers=admin,
                json={"name": f"Sistem {name} {code}", "scopes": list(SCOPES)},
            ),
            201,
        )
        side.service[name] = (created["client_id"], created["client_secret"])
        if name == "object":
            side.put(
                "service-accounts/{service_account_id}", "org", created["service_account"]["id"]
            )

    # Goals, IKU, strategy.
    goals = await palu_goals(client, acc["admin"], org.id)
    side.put("goals/{goal_id}", "org", goals.tujuan)
    side.put("key-indicators/{indicator_id}", "org", goals.iku_pos)
    strategy = ok(
        await client.post(
            f"{API}/organizations/{org.id}/strategies",
            headers=admin,
            json={
                "title": "Renstra",
                "vision": "Sehat",
                "missions": ["Layanan merata"],
                "start_year": 2025,
                "end_year": 2029,
            },
        ),
        201,
    )
    side.put("strategies/{strategy_id}", "org", strategy["id"])

    # SKP chain: kapus and kabid refer to the goal, siti and andi to their appraisers' RHK.
    rhk: dict[str, dict[str, Any]] = {}
    chain: list[tuple[str, str, dict[str, Any] | None]] = [
        ("kapus", "kadis", {"goal_id": goals.sasaran_idl}),
        ("kabid", "kadis", {"goal_id": goals.sasaran_pos}),
        ("siti", "kapus", None),
        ("andi", "kabid", None),
    ]
    if second_opd:
        chain.append(("staf", "kaban", {"goal_id": goals.sasaran_pos}))
    for who, appraiser, ref in chain:
        owner = OTHER_OPD if who == "staf" else who
        if ref is None:
            boss = "kapus" if who == "siti" else "kabid"
            ref = {"parent_id": rhk[boss]["id"]}
        skp, rhk[who], indicator = await approved_skp(
            client, acc[who], acc[appraiser], f"RHK {who}", BAYI_TARGET, **ref
        )
        side.put("skp/{skp_id}", owner, skp["id"])
        side.put("work-results/{work_result_id}", owner, rhk[who]["id"])
        side.put("skp-indicators/{indicator_id}", owner, indicator["id"])
        ok(
            await client.put(
                f"{API}/skp-indicators/{indicator['id']}/realizations/{YEAR}-01",
                headers=acc[who].headers,
                json={"value": 90, "self_assessment": "Sesuai rencana"},
            ),
            201,
        )
        evidence = ok(
            await client.post(
                f"{API}/skp-indicators/{indicator['id']}/realizations/{YEAR}-01/evidence",
                headers=acc[who].headers,
                files={"file": ("bukti.pdf", PDF, "application/pdf")},
            ),
            201,
        )
        side.put("evidence/{evidence_id}", owner, evidence["id"])
        report = ok(
            await client.post(
                f"{API}/activity-reports",
                headers=acc[who].headers,
                json={
                    "report_date": today.isoformat(),
                    "start_time": "08:00",
                    "end_time": "09:00",
                    "description": "Pelayanan imunisasi",
                    "quantity": 3,
                    "unit": "bayi",
                    "work_result_id": rhk[who]["id"],
                },
            ),
            201,
        )
        side.put("activity-reports/{report_id}", owner, report["id"])

    # Appraisal period (opened under the matrix's clock), appraisals, peer inputs.
    period = ok(
        await client.post(
            f"{API}/appraisal-periods",
            headers=admin,
            json={
                "name": "Penilaian Semester I",
                "kind": "semester",
                "start_date": f"{YEAR}-01-01",
                "end_date": f"{YEAR}-06-30",
                "opens_on": f"{YEAR}-06-15",
                "closes_on": f"{YEAR}-07-31",
            },
        ),
        201,
    )
    side.put("appraisal-periods/{period_id}", "org", period["id"])
    ok(await client.post(f"{API}/appraisal-periods/{period['id']}/open", headers=admin))
    page = ok(
        await client.get(
            f"{API}/appraisals",
            headers=admin,
            params={"period_id": period["id"], "limit": 100},
        )
    )
    by_employee = {item["employee_id"]: item["id"] for item in page["items"]}
    for who in PEOPLE:
        side.put("appraisals/{appraisal_id}", who, by_employee[str(acc[who].employee_id)])
    if second_opd:
        staf_id = str(acc["staf"].employee_id)
        side.put("appraisals/{appraisal_id}", OTHER_OPD, by_employee[staf_id])
    # A reward (written directly: the matrix's appraisals are not finalized).
    async with factory.sessionmaker() as s:
        reward = AppraisalReward(
            organization_id=org.id,
            period_id=uuid.UUID(period["id"]),
            appraisal_id=uuid.UUID(by_employee[str(acc["siti"].employee_id)]),
            title="Pegawai Terbaik",
            reason="Capaian tertinggi",
            awarded_on=today,
        )
        s.add(reward)
        await s.commit()
    side.put("appraisal-rewards/{reward_id}", "org", str(reward.id))
    # Peer inputs: each person is asked about someone else's appraisal by its appraiser.
    for reviewer, appraisee, appraiser in (
        ("andi", "siti", "kapus"),
        ("siti", "andi", "kabid"),
        ("kapus", "kabid", "kadis"),
        ("kabid", "kapus", "kadis"),
    ):
        aid = side.ids["appraisals/{appraisal_id}"][appraisee]
        peer = ok(
            await client.post(
                f"{API}/appraisals/{aid}/peer-inputs",
                headers=acc[appraiser].headers,
                json={"reviewer_id": str(acc[reviewer].employee_id)},
            ),
            201,
        )
        side.put("peer-inputs/{input_id}", reviewer, peer["id"])

    # Needs analysis: survey, need and link, workload task, competency standard, plans.
    survey = ok(
        await client.post(f"{API}/organizations/{org.id}/surveys", headers=admin, json=SURVEY),
        201,
    )
    published = ok(await client.post(f"{API}/surveys/{survey['id']}/publish", headers=admin))
    side.put("surveys/{survey_id}", "org", survey["id"])
    side.put("surveys/{token}", "org", published["public_token"])
    side.put("results/{question_key}", "org", "kejelasan")
    need = ok(
        await client.post(
            f"{API}/organizations/{org.id}/needs",
            headers=admin,
            json={
                "year": YEAR,
                "title": "Komunikasi bahasa asing",
                "source": "survey",
                "priority": "high",
                "unit_id": str(pkm.id),
            },
        ),
        201,
    )
    side.put("needs/{need_id}", "org", need["id"])
    if second_opd:
        other_need = ok(
            await client.post(
                f"{API}/organizations/{org.id}/needs",
                headers=admin,
                json={
                    "year": YEAR,
                    "title": "Analisis data perencanaan",
                    "source": "workload_shortage",
                    "priority": "medium",
                    "unit_id": str(bappeda.id),
                },
            ),
            201,
        )
        side.put("needs/{need_id}", OTHER_OPD, other_need["id"])
    link = ok(
        await client.post(
            f"{API}/needs/{need['id']}/links",
            headers=admin,
            json={"kind": "goal", "target_id": goals.tujuan},
        ),
        201,
    )
    side.put("links/{link_id}", "org", link["id"])
    task = ok(
        await client.post(
            f"{API}/positions/{siti_pos.id}/workload-tasks",
            headers=admin,
            json={
                "description": "Imunisasi dasar",
                "norm_minutes": 25,
                "output_unit": "bayi",
                "volume": 1200,
                "year": YEAR,
            },
        ),
        201,
    )
    side.put("workload-tasks/{task_id}", "org", task["id"])
    if second_opd:
        other_task = ok(
            await client.post(
                f"{API}/positions/{staf_pos.id}/workload-tasks",
                headers=admin,
                json={
                    "description": "Menyusun Renja",
                    "norm_minutes": 600,
                    "output_unit": "dokumen",
                    "volume": 4,
                    "year": YEAR,
                },
            ),
            201,
        )
        side.put("workload-tasks/{task_id}", OTHER_OPD, other_task["id"])
    competency = ok(
        await client.post(
            f"{API}/organizations/{org.id}/competencies",
            headers=admin,
            json={"code": "IMUNISASI", "kind": "teknis", "name": "Imunisasi"},
        ),
        201,
    )
    side.put("competencies/{competency_id}", "org", competency["id"])
    unit_of_measure = ok(
        await client.post(
            f"{API}/organizations/{org.id}/units-of-measure",
            headers=admin,
            json={"name": "titik pantau", "kind": "count"},
        ),
        201,
    )
    side.put("units-of-measure/{unit_of_measure_id}", "org", unit_of_measure["id"])
    standard = ok(
        await client.put(
            f"{API}/positions/{siti_pos.id}/competency-standards",
            headers=admin,
            json={"competency_id": competency["id"], "required_level": 3},
        ),
        201,
    )
    side.put("competency-standards/{standard_id}", "org", standard["id"])
    for who in (*PEOPLE, "staf") if second_opd else PEOPLE:
        plan = ok(
            await client.post(
                f"{API}/employees/{acc[who].employee_id}/development-plans",
                headers=admin,
                json={"year": YEAR, "type": "training", "title": "Pelatihan komunikasi"},
            ),
            201,
        )
        side.put("development-plans/{plan_id}", OTHER_OPD if who == "staf" else who, plan["id"])

    # Performance dialogues: each person's one-on-one with their appraiser, recorded, with
    # an action the person owns (due before the matrix's clock: overdue).
    talks = [("andi", "kabid"), ("siti", "kapus"), ("kapus", "kadis"), ("kabid", "kadis")]
    if second_opd:
        talks.append(("staf", "kaban"))
    for who, boss in talks:
        dialogue = ok(
            await client.post(
                f"{API}/dialogues",
                headers=acc[boss].headers,
                json={
                    "participant_ids": [str(acc[who].employee_id)],
                    "scheduled_at": f"{YEAR}-06-01T01:00:00Z",
                    "place": "Ruang rapat",
                    "topic": "Evaluasi bulanan",
                },
            ),
            201,
        )
        ok(
            await client.put(
                f"{API}/dialogues/{dialogue['id']}/record",
                headers=acc[boss].headers,
                json={"went_well": "a", "not_well": "b", "why": "c", "next_steps": "d"},
            )
        )
        action = ok(
            await client.post(
                f"{API}/dialogues/{dialogue['id']}/actions",
                headers=acc[boss].headers,
                json={
                    "owner_id": str(acc[who].employee_id),
                    "description": "Sweeping bayi pindahan",
                    "due_date": f"{YEAR}-06-10",
                },
            ),
            201,
        )
        owner = OTHER_OPD if who == "staf" else who
        side.put("dialogues/{dialogue_id}", owner, dialogue["id"])
        side.put("dialogue-actions/{action_id}", owner, action["id"])

    # A collaboration program led by the Puskesmas, a partner unit (P2P) invited; the Kabid
    # a member whose RHK refers to it.
    program = ok(
        await client.post(
            f"{API}/programs",
            headers=admin,
            json={
                "name": "Festival Imunisasi",
                "start_date": f"{YEAR}-03-01",
                "end_date": f"{YEAR}-11-30",
                "lead_unit_id": str(dinkes.id),
                "goal_ids": [goals.tujuan],
            },
        ),
        201,
    )
    side.put("programs/{program_id}", "org", program["id"])
    milestone = ok(
        await client.post(
            f"{API}/programs/{program['id']}/milestones",
            headers=admin,
            json={"name": "Rapat persiapan", "planned_date": f"{YEAR}-04-15"},
        ),
        201,
    )
    side.put("program-milestones/{milestone_id}", "org", milestone["id"])
    partner = ok(
        await client.post(
            f"{API}/programs/{program['id']}/partners",
            headers=admin,
            json={"organization_id": str(org.id), "unit_id": str(p2p.id)},
        ),
        201,
    )
    side.put("program-partners/{partner_id}", "org", partner["id"])
    member = ok(
        await client.post(
            f"{API}/program-partners/{program['partners'][0]['id']}/members",
            headers=admin,
            json={"employee_id": str(acc["kabid"].employee_id), "role": "coordinator"},
        ),
        201,
    )
    side.put("program-members/{member_id}", "org", member["id"])
    contribution = ok(
        await client.post(
            f"{API}/programs/{program['id']}/contributions",
            headers=acc["kabid"].headers,
            json={"work_result_id": rhk["kabid"]["id"]},
        ),
        201,
    )
    side.put("program-contributions/{contribution_id}", "org", contribution["id"])

    # A transfer request into this organization from a third one (its admin the sender):
    # this organization's admins are its receivers.
    source = await factory.org(f"{code}-ASAL", name=f"Pemerintah Asal {code}")
    mover = await factory.employee(source, name=f"Pegawai Mutasi {code}")
    source_admin = await factory.account(source, Role.ADMIN, username=f"{code}.asal.admin")
    request = ok(
        await client.post(
            f"{API}/employees/{mover.id}/transfer-requests",
            headers=source_admin.headers,
            json={"organization_id": str(org.id), "reason": "Mutasi antar-instansi"},
        ),
        201,
    )
    side.put("transfer-requests/{request_id}", "org", request["id"])
    return side


#: Path parameters that are not ids of stored objects: one value for every owner.
CONSTANTS = {
    "realizations/{period}": f"{YEAR}-01",
    "versions/{revision}": "0",
    "diff/{other_revision}": "0",
    "imports/{kind}": "employees",
    "exports/{kind}": "employees",
}


@dataclass
class MatrixWorld:
    a: OrgSide
    b: OrgSide
    platform: Account

    @cached_property
    def b_ids(self) -> set[str]:
        """Every id of organization B's objects (and of B itself)."""
        found = {v for values in self.b.ids.values() for v in values.values()}
        return {v for v in found if len(v) == 36} | {str(self.b.org.id)}

    def value(self, kind: str, owner: str) -> str | None:
        """The value of path parameter ``kind`` for ``owner`` (a person, ``"org"`` or B)."""
        if kind in CONSTANTS:
            return CONSTANTS[kind]
        side = self.b if owner == OTHER else self.a
        values = side.ids.get(kind)
        if values is None:
            return None
        if owner == OTHER_OPD:
            return values.get(OTHER_OPD)
        if "org" in values:
            return values["org"]
        return values.get("andi" if owner == OTHER else owner)

    def opd_private_ids(self) -> set[str]:
        """Ids of the other OPD's objects the OPD admin of DINKES must never be shown."""
        return {self.a.ids[k][OTHER_OPD] for k in OPD_PRIVATE if OTHER_OPD in self.a.ids.get(k, {})}


def random_id() -> str:
    return str(uuid.uuid4())
