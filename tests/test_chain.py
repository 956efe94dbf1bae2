"""The appraisal chain: pure resolution table, the appraisers endpoint, overrides, and the
supervisor scope (subordinates by the position chain, including acting officials)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Factory, Palu, World, assert_problem, audit_rows
from kinerja_api.auth.models import Role
from kinerja_api.auth.permissions import Principal
from kinerja_api.organizations.chain import (
    Basis,
    Holding,
    OverrideRule,
    resolve_appraisers,
)
from kinerja_api.organizations.models import AssignmentKind, Employee
from kinerja_api.organizations.scope import employee_scope, subordinate_employee_ids

# ---- pure table ------------------------------------------------------------------------------

NAMES = ["herry", "nurhaya", "budi", "andi", "fadli", "siti", "yanti"]
P = {name: uuid.uuid5(uuid.NAMESPACE_URL, f"person/{name}") for name in NAMES}
WHO = {v: k for k, v in P.items()}
POS = {
    name: uuid.uuid5(uuid.NAMESPACE_URL, f"position/{name}")
    for name in ["kadis", "kabid", "kasi", "staf", "kapus", "perawat"]
}
POS_NAME = {v: k for k, v in POS.items()}
SUPERIOR = {
    POS["kadis"]: None,
    POS["kabid"]: POS["kadis"],
    POS["kasi"]: POS["kabid"],
    POS["staf"]: POS["kasi"],
    POS["kapus"]: POS["kadis"],
    POS["perawat"]: POS["kapus"],
}
D, PLT, PLH = AssignmentKind.DEFINITIVE, AssignmentKind.PLT, AssignmentKind.PLH
START = date(2020, 1, 1)


def h(
    person: str,
    position: str,
    kind: AssignmentKind = D,
    start: date = START,
    end: date | None = None,
) -> Holding:
    return Holding(P[person], POS[position], kind, start, end)


BASE = [
    h("herry", "kadis"),
    h("nurhaya", "kabid"),
    h("budi", "kasi"),
    h("andi", "staf"),
    h("fadli", "kapus"),
    h("siti", "perawat"),
]
WITHOUT_BUDI = [x for x in BASE if x.employee_id != P["budi"]]
OVR = uuid.uuid5(uuid.NAMESPACE_URL, "override/1")


@dataclass(frozen=True)
class Case:
    id: str
    employee: str
    on: date
    holdings: list[Holding]
    expected_appraiser: tuple[str, str] | None  # (person, basis)
    expected_superior: tuple[str, str] | None
    overrides: tuple[OverrideRule, ...] = ()
    expected_position: str | None = "auto"


def ovr(
    appraiser: str | None,
    superior: str | None,
    start: date,
    end: date | None,
    *,
    revoked: bool = False,
    employee: str = "andi",
) -> OverrideRule:
    return OverrideRule(
        P[employee],
        P[appraiser] if appraiser else None,
        P[superior] if superior else None,
        start,
        end,
        id=OVR,
        revoked=revoked,
    )


CASES = [
    Case(
        "definitive chain",
        "andi",
        date(2026, 11, 25),
        BASE,
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "vacant superior skips up",
        "andi",
        date(2026, 11, 25),
        WITHOUT_BUDI,
        ("nurhaya", "definitive"),
        ("herry", "definitive"),
    ),
    Case(
        "PLT of vacant superior; appraiser not their own superior",
        "andi",
        date(2026, 11, 25),
        [*WITHOUT_BUDI, h("nurhaya", "kasi", PLT, date(2026, 10, 1), date(2026, 12, 31))],
        ("nurhaya", "plt"),
        ("herry", "definitive"),
    ),
    Case(
        "PLT starts: first day counts",
        "andi",
        date(2026, 10, 1),
        [*WITHOUT_BUDI, h("yanti", "kasi", PLT, date(2026, 10, 1), date(2026, 12, 31))],
        ("yanti", "plt"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "PLT not started yet",
        "andi",
        date(2026, 9, 30),
        [*WITHOUT_BUDI, h("yanti", "kasi", PLT, date(2026, 10, 1), date(2026, 12, 31))],
        ("nurhaya", "definitive"),
        ("herry", "definitive"),
    ),
    Case(
        "PLT last day counts",
        "andi",
        date(2026, 12, 31),
        [*WITHOUT_BUDI, h("yanti", "kasi", PLT, date(2026, 10, 1), date(2026, 12, 31))],
        ("yanti", "plt"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "PLT over",
        "andi",
        date(2027, 1, 1),
        [*WITHOUT_BUDI, h("yanti", "kasi", PLT, date(2026, 10, 1), date(2026, 12, 31))],
        ("nurhaya", "definitive"),
        ("herry", "definitive"),
    ),
    Case(
        "PLH wins over the present definitive holder",
        "andi",
        date(2026, 11, 10),
        [*BASE, h("yanti", "kasi", PLH, date(2026, 11, 10), date(2026, 11, 20))],
        ("yanti", "plh"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "PLH end date inclusive",
        "andi",
        date(2026, 11, 20),
        [*BASE, h("yanti", "kasi", PLH, date(2026, 11, 10), date(2026, 11, 20))],
        ("yanti", "plh"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "after PLH back to definitive",
        "andi",
        date(2026, 11, 21),
        [*BASE, h("yanti", "kasi", PLH, date(2026, 11, 10), date(2026, 11, 20))],
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "PLH of the appraiser's superior",
        "andi",
        date(2026, 11, 15),
        [*BASE, h("yanti", "kabid", PLH, date(2026, 11, 10), date(2026, 11, 20))],
        ("budi", "definitive"),
        ("yanti", "plh"),
    ),
    Case(
        "definitive holder's last day",
        "andi",
        date(2026, 6, 30),
        [*WITHOUT_BUDI, h("budi", "kasi", D, START, date(2026, 6, 30))],
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "day after the holder left",
        "andi",
        date(2026, 7, 1),
        [*WITHOUT_BUDI, h("budi", "kasi", D, START, date(2026, 6, 30))],
        ("nurhaya", "definitive"),
        ("herry", "definitive"),
    ),
    Case(
        "new holder's first day",
        "andi",
        date(2026, 7, 1),
        [*WITHOUT_BUDI, h("budi", "kasi", D, date(2026, 7, 1))],
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
    ),
    Case(
        "employee acting for their own boss is skipped",
        "andi",
        date(2026, 11, 15),
        [*BASE, h("andi", "kasi", PLH, date(2026, 11, 10), date(2026, 11, 20))],
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
        expected_position="staf",
    ),
    Case("top official has nobody above", "herry", date(2026, 11, 25), BASE, None, None),
    Case(
        "second level has no appraiser's superior",
        "nurhaya",
        date(2026, 11, 25),
        BASE,
        ("herry", "definitive"),
        None,
    ),
    Case(
        "no position on the date",
        "andi",
        date(2019, 12, 31),
        BASE,
        None,
        None,
        expected_position=None,
    ),
    Case(
        "only an acting position",
        "yanti",
        date(2026, 11, 25),
        [*WITHOUT_BUDI, h("yanti", "kasi", PLT, date(2026, 10, 1), date(2026, 12, 31))],
        ("nurhaya", "definitive"),
        ("herry", "definitive"),
        expected_position="kasi",
    ),
    Case(
        "override appraiser wins; superior follows the override's chain",
        "andi",
        date(2026, 11, 1),
        BASE,
        ("fadli", "override"),
        ("herry", "definitive"),
        (ovr("fadli", None, date(2026, 11, 1), date(2026, 11, 30)),),
    ),
    Case(
        "override last day",
        "andi",
        date(2026, 11, 30),
        BASE,
        ("fadli", "override"),
        ("herry", "definitive"),
        (ovr("fadli", None, date(2026, 11, 1), date(2026, 11, 30)),),
    ),
    Case(
        "override not yet valid",
        "andi",
        date(2026, 10, 31),
        BASE,
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
        (ovr("fadli", None, date(2026, 11, 1), date(2026, 11, 30)),),
    ),
    Case(
        "override expired",
        "andi",
        date(2026, 12, 1),
        BASE,
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
        (ovr("fadli", None, date(2026, 11, 1), date(2026, 11, 30)),),
    ),
    Case(
        "override of the superior only",
        "andi",
        date(2026, 11, 25),
        BASE,
        ("budi", "definitive"),
        ("fadli", "override"),
        (ovr(None, "fadli", date(2026, 1, 1), None),),
    ),
    Case(
        "override of both",
        "andi",
        date(2026, 11, 25),
        BASE,
        ("fadli", "override"),
        ("nurhaya", "override"),
        (ovr("fadli", "nurhaya", date(2026, 1, 1), None),),
    ),
    Case(
        "revoked override is ignored",
        "andi",
        date(2026, 11, 25),
        BASE,
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
        (ovr("fadli", None, date(2026, 1, 1), None, revoked=True),),
    ),
    Case(
        "another employee's override is ignored",
        "andi",
        date(2026, 11, 25),
        BASE,
        ("budi", "definitive"),
        ("nurhaya", "definitive"),
        (ovr("fadli", None, date(2026, 1, 1), None, employee="siti"),),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_resolve_appraisers(case: Case) -> None:
    result = resolve_appraisers(
        P[case.employee],
        case.on,
        superior_of=SUPERIOR,
        holdings=case.holdings,
        overrides=case.overrides,
    )

    def named(official: object) -> tuple[str, str] | None:
        if official is None:
            return None
        return (WHO[official.employee_id], official.basis.value)  # type: ignore[attr-defined]

    assert named(result.appraiser) == case.expected_appraiser
    assert named(result.appraiser_superior) == case.expected_superior
    if case.expected_position != "auto":
        expected = POS[case.expected_position] if case.expected_position else None
        assert result.position_id == expected
    if result.appraiser and result.appraiser.basis is Basis.OVERRIDE:
        assert result.appraiser.override_id == OVR


def test_corrupt_cycle_does_not_loop() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    result = resolve_appraisers(
        P["andi"], START, superior_of={a: b, b: a}, holdings=[Holding(P["andi"], a, D, START)]
    )
    assert result.appraiser is None


def test_several_definitive_holders_pick_the_earliest() -> None:
    # A functional "koordinator" position held by two people: deterministic choice.
    result = resolve_appraisers(
        P["andi"],
        date(2026, 11, 25),
        superior_of=SUPERIOR,
        holdings=[
            h("andi", "staf"),
            h("yanti", "kasi", D, date(2024, 1, 1)),
            h("budi", "kasi", D, date(2023, 1, 1)),
        ],
    )
    assert result.appraiser is not None
    assert WHO[result.appraiser.employee_id] == "budi"


# ---- through the API -------------------------------------------------------------------------


async def _appraisers(
    client: httpx.AsyncClient, headers: dict[str, str], employee_id: uuid.UUID, on: str
) -> httpx.Response:
    return await client.get(
        f"/api/v1/employees/{employee_id}/appraisers", headers=headers, params={"on": on}
    )


def _who(body: dict[str, object], key: str) -> tuple[str, str] | None:
    official = body[key]
    if official is None:
        return None
    assert isinstance(official, dict)
    return (official["name"], official["basis"])


async def test_appraisers_follow_acting_assignment_dates(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    # Kepala Seksi is vacant: the chain skips up to the Kabid.
    r = await _appraisers(client, palu.andi.headers, palu.andi.employee_id, "2026-09-30")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["position"]["name"] == "Pengelola Data Surveilans"
    assert _who(body, "appraiser") == ("dr. Nurhaya Lamato", "definitive")
    assert _who(body, "appraiser_superior") == ("dr. Herry Mulyadi", "definitive")
    assert body["appraiser"]["position"]["name"] == "Kepala Bidang P2P"
    assert body["appraiser"]["unit"]["code"] == "P2P"
    assert "nip" not in body["appraiser"]

    created = await client.post(
        f"/api/v1/employees/{palu.kabid.employee_id}/assignments",
        headers=palu.admin.headers,
        json={
            "position_id": str(palu.kasi_pos.id),
            "kind": "plt",
            "start_date": "2026-10-01",
            "end_date": "2026-12-31",
            "decree_number": "800.1.3.3/045/Dinkes/2026",
        },
    )
    assert created.status_code == 201, created.text
    expected = {
        "2026-09-30": ("definitive", "Kepala Bidang P2P"),
        "2026-10-01": ("plt", "Kepala Seksi Surveilans"),
        "2026-12-31": ("plt", "Kepala Seksi Surveilans"),
        "2027-01-01": ("definitive", "Kepala Bidang P2P"),
    }
    for on, (basis, position) in expected.items():
        body = (await _appraisers(client, palu.andi.headers, palu.andi.employee_id, on)).json()
        assert _who(body, "appraiser") == ("dr. Nurhaya Lamato", basis), on
        assert body["appraiser"]["position"]["name"] == position
        # The Kabid is not her own superior as PLT: the Kepala Dinas is.
        assert _who(body, "appraiser_superior") == ("dr. Herry Mulyadi", "definitive"), on


@pytest.mark.parametrize("chain_load_limit", [200, 0], ids=["own-chains", "whole-organization"])
async def test_appraisers_on_many_dates_match_one_at_a_time(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
    chain_load_limit: int,
) -> None:
    """The batch resolution (one load for a span of dates, used by batch approval) gives what
    the per-report resolution gives, on each side of an acting assignment and an override,
    whether it loads only the chains above the people or the organization's whole chain."""
    from kinerja_api.organizations import scope
    from kinerja_api.organizations.scope import appraisers_of, appraisers_on_dates

    monkeypatch.setattr(scope, "CHAIN_LOAD_LIMIT", chain_load_limit)

    created = await client.post(
        f"/api/v1/employees/{palu.kabid.employee_id}/assignments",
        headers=palu.admin.headers,
        json={
            "position_id": str(palu.kasi_pos.id),
            "kind": "plt",
            "start_date": "2026-10-01",
            "end_date": "2026-12-31",
        },
    )
    assert created.status_code == 201, created.text
    override = await client.post(
        f"/api/v1/employees/{palu.siti.employee_id}/appraiser-overrides",
        headers=palu.admin.headers,
        json={
            "appraiser_id": str(palu.kadis.employee_id),
            "valid_from": "2026-11-01",
            "valid_to": "2026-11-30",
            "reason": "Kepala Puskesmas cuti besar",
        },
    )
    assert override.status_code == 201, override.text
    days = [date(2026, 9, 30), date(2026, 10, 1), date(2026, 11, 15), date(2027, 1, 1)]
    people = [palu.andi.employee_id, palu.siti.employee_id, palu.kapus.employee_id]
    pairs = {(who, on) for who in people for on in days}
    async with sessionmaker() as s:
        many = await appraisers_on_dates(s, palu.org.id, pairs)
        one = {(who, on): await appraisers_of(s, who, on) for who, on in pairs}
    assert many == one
    # and the dates did matter
    assert many[(palu.andi.employee_id, days[0])] != many[(palu.andi.employee_id, days[1])]
    assert many[(palu.siti.employee_id, days[1])] != many[(palu.siti.employee_id, days[2])]


async def test_appraisers_visibility(client: httpx.AsyncClient, palu: Palu, world: World) -> None:
    url = f"/api/v1/employees/{palu.andi.employee_id}/appraisers"
    for account in (palu.andi, palu.kabid, palu.kadis, palu.admin):
        assert (await client.get(url, headers=account.headers)).status_code == 200
    assert_problem(await client.get(url, headers=palu.siti.headers), 403, "employee_not_in_scope")
    assert_problem(await client.get(url, headers=palu.kapus.headers), 403)
    other = world.other_admin.headers
    assert_problem(await client.get(url, headers=other), 404)


async def test_overrides_win_keep_history_and_are_audited(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    base = f"/api/v1/employees/{palu.siti.employee_id}/appraiser-overrides"
    body = {
        "appraiser_id": str(palu.kabid.employee_id),
        "valid_from": "2026-11-01",
        "valid_to": "2026-12-31",
        "reason": "Kepala Puskesmas Talise menjalani tugas belajar",
    }
    assert_problem(await client.post(base, headers=palu.kapus.headers, json=body), 403)
    r = await client.post(base, headers=palu.admin.headers, json=body)
    assert r.status_code == 201, r.text
    override = r.json()
    assert r.headers["etag"] == '"1"'

    chain = (
        await _appraisers(client, palu.siti.headers, palu.siti.employee_id, "2026-11-01")
    ).json()
    assert _who(chain, "appraiser") == ("dr. Nurhaya Lamato", "override")
    assert chain["appraiser"]["override_id"] == override["id"]
    assert _who(chain, "appraiser_superior") == ("dr. Herry Mulyadi", "definitive")
    before = (
        await _appraisers(client, palu.siti.headers, palu.siti.employee_id, "2026-10-31")
    ).json()
    assert _who(before, "appraiser") == ("Ns. Fadli Rahman", "definitive")

    overlapping = {**body, "valid_from": "2026-12-31", "valid_to": None}
    assert_problem(
        await client.post(base, headers=palu.admin.headers, json=overlapping),
        409,
        "override_overlap",
    )
    bad = {**body, "appraiser_id": str(palu.siti.employee_id)}
    err = assert_problem(await client.post(base, headers=palu.admin.headers, json=bad), 422)
    assert err["errors"][0]["type"] == "override_self"

    url = f"/api/v1/appraiser-overrides/{override['id']}"
    stale = await client.patch(
        url,
        headers={**palu.admin.headers, "If-Match": '"9"'},
        json={"valid_to": "2026-11-30", "reason": "Tugas belajar selesai lebih awal"},
    )
    assert_problem(stale, 412)
    r = await client.patch(
        url,
        headers={**palu.admin.headers, "If-Match": '"1"'},
        json={"valid_to": "2026-11-30", "reason": "Tugas belajar selesai lebih awal"},
    )
    assert r.status_code == 200, r.text
    december = (
        await _appraisers(client, palu.siti.headers, palu.siti.employee_id, "2026-12-01")
    ).json()
    assert _who(december, "appraiser") == ("Ns. Fadli Rahman", "definitive")

    r = await client.post(
        f"{url}/revoke", headers=palu.admin.headers, json={"reason": "Salah input"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["revoked_at"] is not None
    assert_problem(
        await client.post(f"{url}/revoke", headers=palu.admin.headers, json={"reason": "lagi"}),
        409,
        "override_revoked",
    )
    november = (
        await _appraisers(client, palu.siti.headers, palu.siti.employee_id, "2026-11-15")
    ).json()
    assert _who(november, "appraiser") == ("Ns. Fadli Rahman", "definitive")

    # History stays visible to the employee; every change is in the audit log with its reason.
    history = await client.get(base, headers=palu.siti.headers)
    assert [o["id"] for o in history.json()["items"]] == [override["id"]]
    assert_problem(await client.get(base, headers=palu.andi.headers), 403)
    rows = await audit_rows(sessionmaker, "appraiser_overrides", uuid.UUID(override["id"]))
    assert [(a.action, a.reason) for a in rows] == [
        ("insert", "Kepala Puskesmas Talise menjalani tugas belajar"),
        ("update", "Tugas belajar selesai lebih awal"),
        ("update", "Salah input"),
    ]
    assert rows[1].after["valid_to"] == "2026-11-30"
    assert rows[0].actor_user_id == palu.admin.id


async def test_override_of_superior_only(client: httpx.AsyncClient, palu: Palu) -> None:
    r = await client.post(
        f"/api/v1/employees/{palu.siti.employee_id}/appraiser-overrides",
        headers=palu.admin.headers,
        json={
            "appraiser_superior_id": str(palu.kabid.employee_id),
            "valid_from": "2026-01-01",
            "reason": "Keberatan diputus oleh Kepala Bidang P2P",
        },
    )
    assert r.status_code == 201, r.text
    chain = (
        await _appraisers(client, palu.siti.headers, palu.siti.employee_id, "2026-11-25")
    ).json()
    assert _who(chain, "appraiser") == ("Ns. Fadli Rahman", "definitive")
    assert _who(chain, "appraiser_superior") == ("dr. Nurhaya Lamato", "override")
    empty = await client.post(
        f"/api/v1/employees/{palu.andi.employee_id}/appraiser-overrides",
        headers=palu.admin.headers,
        json={"valid_from": "2026-01-01", "reason": "kosong"},
    )
    assert assert_problem(empty, 422)["errors"][0]["type"] == "override_empty"


# ---- supervisor scope ------------------------------------------------------------------------


async def test_subordinates_include_acting_positions_on_their_dates(
    palu: Palu, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    yanti = await factory.employee(palu.org, name="Yanti")
    await factory.assign(
        yanti,
        palu.kasi_pos,
        kind=AssignmentKind.PLT,
        start=date(2026, 10, 1),
        end=date(2026, 12, 31),
    )
    async with sessionmaker() as s:
        kadis = await subordinate_employee_ids(s, palu.kadis.employee_id, date(2026, 11, 25))
        assert kadis == {
            palu.kabid.employee_id,
            palu.andi.employee_id,
            palu.kapus.employee_id,
            palu.siti.employee_id,
            yanti.id,
        }
        direct = await subordinate_employee_ids(
            s, palu.kadis.employee_id, date(2026, 11, 25), direct_only=True
        )
        assert direct == {palu.kabid.employee_id, palu.kapus.employee_id}
        # Yanti (PLT Kasi) supervises Andi exactly from the first to the last day.
        for on, expected in (
            (date(2026, 9, 30), set()),
            (date(2026, 10, 1), {palu.andi.employee_id}),
            (date(2026, 12, 31), {palu.andi.employee_id}),
            (date(2027, 1, 1), set()),
        ):
            assert await subordinate_employee_ids(s, yanti.id, on) == expected, on
        assert await subordinate_employee_ids(s, palu.andi.employee_id, date(2026, 11, 25)) == set()


async def test_my_team(client: httpx.AsyncClient, palu: Palu) -> None:
    r = await client.get("/api/v1/me/team", headers=palu.kadis.headers)
    assert r.status_code == 200, r.text
    team = {m["name"]: (m["depth"], m["direct"], m["position"]["name"]) for m in r.json()["items"]}
    assert team == {
        "dr. Nurhaya Lamato": (1, True, "Kepala Bidang P2P"),
        "Ns. Fadli Rahman": (1, True, "Kepala Puskesmas Talise"),
        "Andi Pratama": (3, False, "Pengelola Data Surveilans"),
        "Siti Rahma": (2, False, "Perawat Ahli Pertama"),
    }
    assert all(m["visibility"] == "full" and m["nip"] for m in r.json()["items"])
    direct = await client.get(
        "/api/v1/me/team", headers=palu.kadis.headers, params={"direct_only": "true"}
    )
    assert {m["name"] for m in direct.json()["items"]} == {"dr. Nurhaya Lamato", "Ns. Fadli Rahman"}
    paged = await client.get("/api/v1/me/team", headers=palu.kadis.headers, params={"limit": 3})
    second = await client.get(
        "/api/v1/me/team",
        headers=palu.kadis.headers,
        params={"limit": 3, "cursor": paged.json()["next_cursor"]},
    )
    names = [m["name"] for m in paged.json()["items"] + second.json()["items"]]
    assert names == sorted(team)
    assert (await client.get("/api/v1/me/team", headers=palu.andi.headers)).json()["items"] == []


async def test_team_is_constant_in_queries(
    client: httpx.AsyncClient, palu: Palu, factory: Factory, count_queries: object
) -> None:
    async def team_queries() -> int:
        counter = count_queries()  # type: ignore[operator]
        r = await client.get("/api/v1/me/team", headers=palu.kadis.headers)
        assert r.status_code == 200
        return int(counter.count)

    small = await team_queries()
    for _ in range(6):
        nurse = await factory.employee(palu.org)
        await factory.assign(nurse, palu.perawat_pos)
    assert await team_queries() == small


async def test_scope_clause_for_other_domains(
    palu: Palu, world: World, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """How later domains filter their rows: ``scope.clause(Model.employee_id)``."""

    def principal(account: Account, role: Role) -> Principal:
        return Principal(
            user_id=account.id,
            session_id=uuid.uuid4(),
            organization_id=palu.org.id,
            role=role,
            username=account.user.username,
            employee_id=account.employee.id if account.employee else None,
        )

    on = date(2026, 11, 25)
    async with sessionmaker() as s:

        async def visible(p: Principal) -> set[str]:
            scope = await employee_scope(s, p, palu.org.id, on)
            in_org = Employee.organization_id == palu.org.id
            names = set(
                await s.scalars(select(Employee.name).where(in_org, scope.clause(Employee.id)))
            )
            # The Python check agrees with the SQL one.
            rows = await s.execute(select(Employee.id, Employee.name).where(in_org))
            assert {name for eid, name in rows if scope.includes(eid)} == names
            return names

        assert await visible(principal(palu.siti, Role.STAFF)) == {"Siti Rahma"}
        assert await visible(principal(palu.kapus, Role.SUPERVISOR)) == {
            "Ns. Fadli Rahman",
            "Siti Rahma",
        }
        assert len(await visible(principal(palu.admin, Role.ADMIN))) == 5
        assert await visible(principal(world.staff, Role.STAFF)) == set()
