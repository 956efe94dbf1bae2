"""Vision and mission, strategic goals (tujuan/sasaran) and their IKU: rules, HTTP, access."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Factory, World, assert_problem
from kinerja_api.auth.models import User
from kinerja_api.demo import load_demo_data
from kinerja_api.indicators.goals.models import GoalKind, OrganizationGoal
from kinerja_api.indicators.goals.rules import (
    goal_parent_problems,
    mission_problems,
    periods_overlap,
    strategy_period_problems,
)
from kinerja_api.indicators.targets import Direction, Target, target_problems
from kinerja_api.organizations.models import Unit

API = "/api/v1"
ORG_A = uuid.UUID("0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a01")
ORG_B = uuid.UUID("0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a02")

STRATEGY = {
    "title": "Renstra Dinas Kesehatan Kota Palu 2025–2029",
    "start_year": 2025,
    "end_year": 2029,
    "vision": "Masyarakat Kota Palu yang sehat, tangguh bencana, dan berkeadilan",
    "missions": [
        "Meningkatkan akses dan mutu pelayanan kesehatan yang merata",
        "Memperkuat pencegahan dan pengendalian penyakit",
        "Memulihkan dan memperkuat layanan kesehatan pascabencana",
    ],
}
IDL = {
    "code": "IKU-01",
    "name": "Cakupan imunisasi dasar lengkap (IDL)",
    "formula": "Jumlah bayi yang mendapat imunisasi dasar lengkap / jumlah bayi × 100%",
    "aspect": "kuantitas",
    "unit": "persen",
    "direction": "higher_is_better",
    "target_value": 95,
}

# ---- pure rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2025, 2029, []),
        (2026, 2026, []),
        (2025, 2030, ["period_too_long"]),
        (2027, 2026, ["bounds_order"]),
    ],
)
def test_strategy_period(start: int, end: int, expected: list[str]) -> None:
    assert [p.type for p in strategy_period_problems(start, end)] == expected


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((2025, 2029), (2030, 2034), False),
        ((2025, 2029), (2029, 2033), True),
        ((2025, 2029), (2021, 2025), True),
        ((2025, 2029), (2026, 2027), True),
        ((2025, 2026), (2020, 2024), False),
    ],
)
def test_periods_overlap(a: tuple[int, int], b: tuple[int, int], overlap: bool) -> None:
    assert periods_overlap(a, b) is overlap
    assert periods_overlap(b, a) is overlap


def _goal(org: uuid.UUID = ORG_A, **kw: Any) -> OrganizationGoal:
    values: dict[str, Any] = {"year": 2026, "kind": GoalKind.TUJUAN, "is_active": True, **kw}
    return OrganizationGoal(organization_id=org, code="T1", statement="Tujuan uji", **values)


PARENT = uuid.uuid4()


@pytest.mark.parametrize(
    ("kind", "parent_id", "parent", "expected"),
    [
        (GoalKind.SASARAN, None, None, []),
        (GoalKind.TUJUAN, None, None, []),
        (GoalKind.SASARAN, PARENT, _goal(), []),
        (GoalKind.TUJUAN, PARENT, _goal(), ["tujuan_has_no_parent"]),
        (GoalKind.SASARAN, PARENT, None, ["parent_not_found"]),
        (GoalKind.SASARAN, PARENT, _goal(ORG_B), ["parent_not_found"]),
        (GoalKind.SASARAN, PARENT, _goal(kind=GoalKind.SASARAN), ["parent_not_tujuan"]),
        (GoalKind.SASARAN, PARENT, _goal(year=2025), ["parent_year_mismatch"]),
        (GoalKind.SASARAN, PARENT, _goal(is_active=False), ["parent_inactive"]),
    ],
)
def test_goal_parent(
    kind: GoalKind,
    parent_id: uuid.UUID | None,
    parent: OrganizationGoal | None,
    expected: list[str],
) -> None:
    problems = goal_parent_problems(
        kind=kind, year=2026, organization_id=ORG_A, parent_id=parent_id, parent=parent
    )
    assert [p.type for p in problems] == expected
    assert all(p.field == "parent_id" for p in problems)


@pytest.mark.parametrize(
    ("number", "missions", "expected"),
    [
        (None, None, []),
        (1, ["a", "b"], []),
        (2, ["a", "b"], []),
        (3, ["a", "b"], ["mission_not_found"]),
        (1, None, ["no_strategy"]),
    ],
)
def test_mission_number(
    number: int | None, missions: list[str] | None, expected: list[str]
) -> None:
    assert [p.type for p in mission_problems(number, missions)] == expected


UP = Direction.HIGHER_IS_BETTER
DOWN = Direction.LOWER_IS_BETTER


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Target(unit="persen", direction=UP, value=95), []),
        (Target(unit="hari", direction=DOWN, value=3), []),
        (Target(unit="persen", min=90, max=95), []),
        (Target(unit="persen", direction=UP, min=90, max=95), []),
        (Target(unit="predikat", text="Predikat BB"), []),
        (Target(unit="persen"), [("target_value", "target_missing")]),
        (
            Target(unit="persen", direction=UP, value=95, text="tinggi"),
            [("target_value", "target_ambiguous")],
        ),
        (
            Target(unit="persen", direction=UP, value=95, min=90, max=99),
            [("target_value", "target_ambiguous")],
        ),
        (Target(unit="persen", min=90), [("target_max", "target_range_incomplete")]),
        (Target(unit="persen", max=90), [("target_min", "target_range_incomplete")]),
        (Target(unit="persen", min=95, max=90), [("target_min", "bounds_order")]),
        (Target(unit="hari", min=3, max=3), []),
        (Target(unit="persen", value=95), [("direction", "direction_required")]),
        (
            Target(unit="predikat", direction=UP, text="Predikat BB"),
            [("direction", "direction_not_applicable")],
        ),
        (
            Target(unit="persen", direction=UP, value=120),
            [("target_value", "percent_out_of_range")],
        ),
        (Target(unit="%", direction=UP, value=-1), [("target_value", "percent_out_of_range")]),
        (
            Target(unit=" Persen ", min=90, max=101),
            [("target_max", "percent_out_of_range")],
        ),
        (
            Target(unit="persen", direction=UP, value=95, baseline=101),
            [("baseline", "percent_out_of_range")],
        ),
        (Target(unit="persen", direction=UP, value=120, allow_over_100=True), []),
        (
            Target(unit="persen", direction=UP, value=-5, allow_over_100=True),
            [("target_value", "percent_out_of_range")],
        ),
        (Target(unit="bayi", direction=UP, value=1200), []),
    ],
)
def test_target_rules(target: Target, expected: list[tuple[str, str]]) -> None:
    assert [(p.field, p.type) for p in target_problems(target)] == expected


# ---- HTTP helpers --------------------------------------------------------------------------


async def _post(
    client: httpx.AsyncClient, account: Account, url: str, body: dict[str, Any]
) -> dict[str, Any]:
    r = await client.post(API + url, headers=account.headers, json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


async def _goal_of(
    client: httpx.AsyncClient, world: World, code: str, kind: str = "tujuan", **kw: Any
) -> dict[str, Any]:
    body = {"year": 2026, "code": code, "kind": kind, "statement": f"Sasaran strategis {code}"}
    return await _post(client, world.admin, f"/organizations/{world.org.id}/goals", body | kw)


async def _palu(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    """The Palu scenario: strategy, T1 with S1.1, IDL on T1, an IKU on S1.1, plus T2."""
    strategy = await _post(
        client, world.admin, f"/organizations/{world.org.id}/strategies", STRATEGY
    )
    t1 = await _goal_of(
        client,
        world,
        "T1",
        statement="Meningkatnya derajat kesehatan masyarakat",
        mission_number=2,
    )
    s11 = await _goal_of(
        client,
        world,
        "S1.1",
        "sasaran",
        parent_id=t1["id"],
        statement="Meningkatnya layanan kesehatan pascabencana",
        mission_number=3,
    )
    t2 = await _goal_of(client, world, "T2", statement="Meningkatnya tata kelola pemerintahan")
    idl = await _post(client, world.admin, f"/goals/{t1['id']}/key-indicators", IDL)
    pos = await _post(
        client,
        world.admin,
        f"/goals/{s11['id']}/key-indicators",
        {
            "code": "IKU-02",
            "name": "Persentase pos kesehatan pengungsian yang memberi layanan dasar",
            "aspect": "kuantitas",
            "unit": "persen",
            "target_min": 90,
            "target_max": 100,
        },
    )
    return {"strategy": strategy, "t1": t1, "s11": s11, "t2": t2, "idl": idl, "pos": pos}


# ---- tree ----------------------------------------------------------------------------------


async def test_goal_tree_of_palu(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    # A sasaran without tujuan, and a goal of another year that must not appear.
    await _goal_of(client, world, "S9", "sasaran", statement="Sasaran tanpa tujuan")
    await _goal_of(client, world, "T1", year=2027, statement="Tujuan tahun berikutnya")

    r = await client.get(
        f"{API}/organizations/{world.org.id}/goals/tree",
        headers=world.staff.headers,
        params={"year": 2026},
    )
    assert r.status_code == 200, r.text
    tree = r.json()
    assert tree["year"] == 2026
    assert tree["organization_id"] == str(world.org.id)
    assert tree["strategy"]["id"] == made["strategy"]["id"]
    assert tree["strategy"]["missions"] == STRATEGY["missions"]
    assert [(g["code"], g["kind"]) for g in tree["goals"]] == [
        ("T1", "tujuan"),
        ("T2", "tujuan"),
        ("S9", "sasaran"),
    ]
    t1 = tree["goals"][0]
    assert t1["statement"] == "Meningkatnya derajat kesehatan masyarakat"
    assert t1["mission_number"] == 2
    assert [i["name"] for i in t1["key_indicators"]] == ["Cakupan imunisasi dasar lengkap (IDL)"]
    idl = t1["key_indicators"][0]
    assert (idl["target_type"], idl["target_value"], idl["unit"]) == ("number", 95.0, "persen")
    assert idl["direction"] == "higher_is_better"
    assert idl["year"] == 2026
    assert [c["code"] for c in t1["children"]] == ["S1.1"]
    s11 = t1["children"][0]
    assert s11["parent_id"] == made["t1"]["id"]
    assert s11["children"] == []
    pos = s11["key_indicators"][0]
    assert (pos["target_type"], pos["target_min"], pos["target_max"]) == ("range", 90.0, 100.0)
    assert tree["goals"][1]["key_indicators"] == []

    empty = await client.get(
        f"{API}/organizations/{world.org.id}/goals/tree",
        headers=world.staff.headers,
        params={"year": 2031},
    )
    assert empty.json() == {
        "organization_id": str(world.org.id),
        "unit_id": None,
        "year": 2031,
        "strategy": None,
        "goals": [],
    }
    missing_year = await client.get(
        f"{API}/organizations/{world.org.id}/goals/tree", headers=world.staff.headers
    )
    assert assert_problem(missing_year, 422)["errors"][0]["field"] == "year"


@contextmanager
def _count_queries(app: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_goal_tree_uses_a_constant_number_of_queries(
    client: httpx.AsyncClient, world: World, app: Any
) -> None:
    url = f"{API}/organizations/{world.org.id}/goals/tree"
    await _palu(client, world)
    with _count_queries(app) as small:
        r = await client.get(url, headers=world.staff.headers, params={"year": 2026})
    assert r.status_code == 200
    for n in range(3, 9):
        tujuan = await _goal_of(client, world, f"T{n}")
        sasaran = await _goal_of(client, world, f"S{n}.1", "sasaran", parent_id=tujuan["id"])
        for goal in (tujuan, sasaran):
            body = IDL | {"code": f"IKU-{goal['code']}"}
            await _post(client, world.admin, f"/goals/{goal['id']}/key-indicators", body)
    with _count_queries(app) as large:
        r = await client.get(url, headers=world.staff.headers, params={"year": 2026})
    assert r.status_code == 200
    assert sum(len(g["children"]) + 1 for g in r.json()["goals"]) == 15
    assert len(large) == len(small)


# ---- goals ---------------------------------------------------------------------------------


async def test_goal_validation(client: httpx.AsyncClient, world: World) -> None:
    url = f"{API}/organizations/{world.org.id}/goals"
    t1 = await _goal_of(client, world, "T1")
    s1 = await _goal_of(client, world, "S1", "sasaran", parent_id=t1["id"])
    old = await _goal_of(client, world, "T0", year=2025)
    other = await _post(
        client,
        world.other_admin,
        f"/organizations/{world.other_org.id}/goals",
        {"year": 2026, "code": "T1", "kind": "tujuan", "statement": "Tujuan Disdukcapil"},
    )

    async def refused(body: dict[str, Any], etype: str, field: str = "parent_id") -> None:
        base = {"year": 2026, "code": "X1", "kind": "sasaran", "statement": "Sasaran uji"}
        r = await client.post(url, headers=world.admin.headers, json=base | body)
        errors = assert_problem(r, 422, "validation_failed")["errors"]
        assert [(e["field"], e["type"]) for e in errors] == [(field, etype)]

    await refused({"parent_id": s1["id"]}, "parent_not_tujuan")
    await refused({"parent_id": old["id"]}, "parent_year_mismatch")
    await refused({"parent_id": other["id"]}, "parent_not_found")
    await refused({"parent_id": str(uuid.uuid4())}, "parent_not_found")
    await refused({"kind": "tujuan", "parent_id": t1["id"]}, "tujuan_has_no_parent")
    await refused({"mission_number": 1}, "no_strategy", "mission_number")
    await refused({"kind": "bidang"}, "enum", "kind")
    await refused({"year": 1999}, "greater_than_equal", "year")

    dup = await client.post(
        url,
        headers=world.admin.headers,
        json={"year": 2026, "code": "T1", "kind": "tujuan", "statement": "Duplikat"},
    )
    assert_problem(dup, 409, "goal_code_taken")
    # The same code in another year is a different goal.
    await _goal_of(client, world, "T1", year=2027)

    await _post(client, world.admin, f"/organizations/{world.org.id}/strategies", STRATEGY)
    await refused({"mission_number": 4}, "mission_not_found", "mission_number")
    ok = await client.post(
        url,
        headers=world.admin.headers,
        json={
            "year": 2026,
            "code": "S2",
            "kind": "sasaran",
            "statement": "Uji",
            "mission_number": 3,
        },
    )
    assert ok.status_code == 201, ok.text
    assert ok.headers["location"] == f"/api/v1/goals/{ok.json()['id']}"
    assert ok.headers["etag"] == '"1"'


async def test_goal_validation_messages_in_english(client: httpx.AsyncClient, world: World) -> None:
    t0 = await _goal_of(client, world, "T0", year=2025)
    r = await client.post(
        f"{API}/organizations/{world.org.id}/goals",
        headers={**world.admin.headers, "Accept-Language": "en"},
        json={
            "year": 2026,
            "code": "S1",
            "kind": "sasaran",
            "statement": "Uji",
            "parent_id": t0["id"],
        },
    )
    errors = assert_problem(r, 422)["errors"]
    assert errors[0]["message"] == "The parent goal belongs to 2025, not 2026"
    r = await client.post(
        f"{API}/organizations/{world.org.id}/goals",
        headers=world.admin.headers,
        json={
            "year": 2026,
            "code": "S1",
            "kind": "sasaran",
            "statement": "Uji",
            "parent_id": t0["id"],
        },
    )
    assert assert_problem(r, 422)["errors"][0]["message"] == (
        "Tujuan induk adalah tujuan tahun 2025, bukan 2026"
    )


async def test_list_and_filter_goals(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    await _goal_of(client, world, "T1", year=2027)
    url = f"{API}/organizations/{world.org.id}/goals"

    async def codes(**params: Any) -> list[str]:
        r = await client.get(url, headers=world.supervisor.headers, params=params)
        assert r.status_code == 200, r.text
        return [g["code"] for g in r.json()["items"]]

    assert await codes(year=2026) == ["S1.1", "T1", "T2"]
    assert await codes(year=2026, kind="tujuan") == ["T1", "T2"]
    assert await codes(parent_id=made["t1"]["id"]) == ["S1.1"]
    assert await codes(year=2026, q="derajat") == ["T1"]
    assert await codes(sort="-year", limit=1) == ["T1"]
    page = await client.get(url, headers=world.staff.headers, params={"limit": 2})
    assert len(page.json()["items"]) == 2
    rest = await client.get(
        url, headers=world.staff.headers, params={"limit": 2, "cursor": page.json()["next_cursor"]}
    )
    assert len(rest.json()["items"]) == 2
    assert rest.json()["next_cursor"] is None
    bad = await client.get(url, headers=world.staff.headers, params={"sort": "statement"})
    assert_problem(bad, 422)


async def test_update_deactivate_and_delete_goals(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    t1, s11, t2 = made["t1"], made["s11"], made["t2"]
    h = world.admin.headers

    r = await client.patch(f"{API}/goals/{t1['id']}", headers=h, json={"is_active": False})
    assert_problem(r, 409, "goal_has_active_children")
    r = await client.patch(f"{API}/goals/{s11['id']}", headers=h, json={"is_active": False})
    assert_problem(r, 409, "goal_has_active_indicators")
    r = await client.patch(
        f"{API}/key-indicators/{made['pos']['id']}", headers=h, json={"is_active": False}
    )
    assert r.status_code == 200, r.text
    r = await client.patch(f"{API}/goals/{s11['id']}", headers=h, json={"is_active": False})
    assert r.status_code == 200, r.text
    assert r.json()["is_active"] is False
    assert r.headers["etag"] == '"2"'

    tree = await client.get(
        f"{API}/organizations/{world.org.id}/goals/tree", headers=h, params={"year": 2026}
    )
    assert tree.json()["goals"][0]["children"] == []
    full = await client.get(
        f"{API}/organizations/{world.org.id}/goals/tree",
        headers=h,
        params={"year": 2026, "include_inactive": True},
    )
    sasaran = full.json()["goals"][0]["children"][0]
    assert (sasaran["code"], sasaran["is_active"]) == ("S1.1", False)
    assert sasaran["key_indicators"][0]["is_active"] is False

    # Referenced goals cannot be deleted, only deactivated.
    assert_problem(await client.delete(f"{API}/goals/{t1['id']}", headers=h), 409, "goal_in_use")
    assert_problem(await client.delete(f"{API}/goals/{s11['id']}", headers=h), 409, "goal_in_use")
    # Statement, code and moving a sasaran; If-Match guards against lost updates.
    r = await client.patch(
        f"{API}/goals/{t2['id']}",
        headers={**h, "If-Match": '"1"'},
        json={"statement": "Meningkatnya akuntabilitas kinerja", "code": "T3"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["code"], r.json()["version"]) == ("T3", 2)
    stale = await client.patch(
        f"{API}/goals/{t2['id']}", headers={**h, "If-Match": '"1"'}, json={"code": "T4"}
    )
    assert_problem(stale, 412, "version_mismatch")
    r = await client.patch(f"{API}/goals/{t2['id']}", headers=h, json={"code": "T1"})
    assert_problem(r, 409, "goal_code_taken")
    r = await client.patch(f"{API}/goals/{s11['id']}", headers=h, json={"parent_id": t2["id"]})
    assert r.status_code == 200, r.text
    r = await client.patch(f"{API}/goals/{s11['id']}", headers=h, json={"parent_id": s11["id"]})
    assert_problem(r, 422)
    # Reactivating a sasaran under an inactive tujuan is refused.
    await client.patch(f"{API}/goals/{s11['id']}", headers=h, json={"parent_id": t1["id"]})
    assert (
        await client.delete(f"{API}/key-indicators/{made['idl']['id']}", headers=h)
    ).status_code == 204
    await client.delete(f"{API}/key-indicators/{made['pos']['id']}", headers=h)
    r = await client.patch(f"{API}/goals/{t1['id']}", headers=h, json={"is_active": False})
    assert r.status_code == 200, r.text
    r = await client.patch(f"{API}/goals/{s11['id']}", headers=h, json={"is_active": True})
    assert_problem(r, 409, "parent_inactive")

    # An unused goal can be deleted.
    r = await client.delete(f"{API}/goals/{s11['id']}", headers={**h, "If-Match": '"9"'})
    assert_problem(r, 412)
    assert (await client.delete(f"{API}/goals/{s11['id']}", headers=h)).status_code == 204
    assert_problem(await client.get(f"{API}/goals/{s11['id']}", headers=h), 404)


# ---- key indicators ------------------------------------------------------------------------


async def test_indicator_validation(client: httpx.AsyncClient, world: World) -> None:
    t1 = await _goal_of(client, world, "T1")
    url = f"{API}/goals/{t1['id']}/key-indicators"

    async def refused(body: dict[str, Any], expected: list[tuple[str, str]]) -> dict[str, Any]:
        r = await client.post(url, headers=world.admin.headers, json=IDL | body)
        problem = assert_problem(r, 422, "validation_failed")
        assert [(e["field"], e["type"]) for e in problem["errors"]] == expected
        return problem

    problem = await refused({"target_value": 120}, [("target_value", "percent_out_of_range")])
    assert problem["errors"][0]["message"].startswith("Nilai persen harus antara 0 dan 100")
    await refused(
        {"target_value": None, "target_min": 95, "target_max": 90},
        [("target_min", "bounds_order")],
    )
    await refused({"target_value": None}, [("target_value", "target_missing")])
    # a number target without a direction: the documented default, higher_is_better
    await refused({"aspect": "kecepatan"}, [("aspect", "enum")])

    english = await client.post(
        url,
        headers={**world.admin.headers, "Accept-Language": "en"},
        json=IDL | {"target_value": 120},
    )
    assert assert_problem(english, 422)["errors"][0]["message"] == (
        "A percent value must be between 0 and 100 (set allow_over_100 to go above 100)"
    )

    growth = IDL | {"code": "IKU-09", "target_value": 120, "allow_over_100": True}
    assert (await client.post(url, headers=world.admin.headers, json=growth)).status_code == 201
    created = await client.post(url, headers=world.admin.headers, json=IDL)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/v1/key-indicators/{created.json()['id']}"
    dup = await client.post(url, headers=world.admin.headers, json=IDL | {"name": "Lain"})
    assert_problem(dup, 409, "indicator_code_taken")


async def test_tebo_time_indicator_lower_is_better(client: httpx.AsyncClient, world: World) -> None:
    goal = await _post(
        client,
        world.other_admin,
        f"/organizations/{world.other_org.id}/goals",
        {
            "year": 2026,
            "code": "T1",
            "kind": "tujuan",
            "statement": "Meningkatnya kualitas pelayanan administrasi kependudukan",
        },
    )
    iku = await _post(
        client,
        world.other_admin,
        f"/goals/{goal['id']}/key-indicators",
        {
            "code": "IKU-01",
            "name": "Rata-rata waktu penyelesaian dokumen kependudukan",
            "aspect": "waktu",
            "unit": "hari",
            "direction": "lower_is_better",
            "target_value": 3,
        },
    )
    assert (iku["aspect"], iku["direction"], iku["target_value"], iku["unit"]) == (
        "waktu",
        "lower_is_better",
        3.0,
        "hari",
    )
    assert iku["organization_id"] == str(world.other_org.id)


async def test_revise_indicator_target(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    url = f"{API}/key-indicators/{made['idl']['id']}"
    h = world.admin.headers
    # After the earthquake the target becomes a range (the scenario's revision).
    r = await client.patch(
        url,
        headers={**h, "If-Match": '"1"'},
        json={"target_value": None, "target_min": 85, "target_max": 90, "baseline": 88.5},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["target_type"], body["target_value"], body["target_min"]) == ("range", None, 85.0)
    assert body["baseline"] == 88.5
    assert r.headers["etag"] == '"2"'
    stale = await client.patch(url, headers={**h, "If-Match": '"1"'}, json={"name": "IDL"})
    assert_problem(stale, 412)
    # The rules are checked on the result of the change.
    r = await client.patch(url, headers=h, json={"target_max": 80})
    assert [e["type"] for e in assert_problem(r, 422)["errors"]] == ["bounds_order"]
    r = await client.patch(url, headers=h, json={"target_value": 95})
    assert [e["type"] for e in assert_problem(r, 422)["errors"]] == ["target_ambiguous"]
    # null on a required field leaves it unchanged.
    r = await client.patch(url, headers=h, json={"name": None, "unit": None})
    assert r.status_code == 200
    assert (r.json()["name"], r.json()["unit"]) == (IDL["name"], "persen")
    # Moving to another goal: same organization and year only.
    r = await client.patch(url, headers=h, json={"goal_id": made["t2"]["id"]})
    assert r.status_code == 200, r.text
    assert r.json()["goal_id"] == made["t2"]["id"]
    later = await _goal_of(client, world, "T1", year=2027)
    r = await client.patch(url, headers=h, json={"goal_id": later["id"]})
    assert [e["type"] for e in assert_problem(r, 422)["errors"]] == ["goal_year_mismatch"]
    r = await client.patch(url, headers=h, json={"code": "IKU-02"})
    assert_problem(r, 409, "indicator_code_taken")


async def test_indicator_needs_an_active_goal(client: httpx.AsyncClient, world: World) -> None:
    t1 = await _goal_of(client, world, "T1")
    r = await client.patch(
        f"{API}/goals/{t1['id']}", headers=world.admin.headers, json={"is_active": False}
    )
    assert r.status_code == 200
    r = await client.post(
        f"{API}/goals/{t1['id']}/key-indicators", headers=world.admin.headers, json=IDL
    )
    assert_problem(r, 409, "goal_inactive")


async def test_list_indicators_of_a_goal(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    url = f"{API}/goals/{made['t1']['id']}/key-indicators"
    await _post(
        client,
        world.admin,
        url.removeprefix(API),
        {
            "code": "IKU-05",
            "name": "Angka kematian bayi",
            "aspect": "kualitas",
            "unit": "per 1.000 KH",
            "direction": "lower_is_better",
            "target_value": 8,
        },
    )
    r = await client.get(url, headers=world.staff.headers)
    assert [i["code"] for i in r.json()["items"]] == ["IKU-01", "IKU-05"]
    r = await client.get(url, headers=world.staff.headers, params={"aspect": "kualitas"})
    assert [i["code"] for i in r.json()["items"]] == ["IKU-05"]


# ---- strategies ----------------------------------------------------------------------------


async def test_strategies(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    url = f"{API}/organizations/{world.org.id}/strategies"
    h = world.admin.headers
    overlap = await client.post(
        url, headers=h, json=STRATEGY | {"start_year": 2029, "end_year": 2033}
    )
    assert_problem(overlap, 409, "strategy_period_overlap")
    too_long = await client.post(
        url, headers=h, json=STRATEGY | {"start_year": 2030, "end_year": 2035}
    )
    assert [e["type"] for e in assert_problem(too_long, 422)["errors"]] == ["period_too_long"]
    nxt = await client.post(url, headers=h, json=STRATEGY | {"start_year": 2030, "end_year": 2034})
    assert nxt.status_code == 201, nxt.text

    listing = await client.get(url, headers=world.staff.headers, params={"year": 2026})
    assert [s["start_year"] for s in listing.json()["items"]] == [2025]
    listing = await client.get(url, headers=world.staff.headers)
    assert [s["start_year"] for s in listing.json()["items"]] == [2025, 2030]

    item = f"{API}/strategies/{made['strategy']['id']}"
    # Goals of 2026 refer to missions 2 and 3: they cannot disappear.
    r = await client.patch(item, headers=h, json={"missions": STRATEGY["missions"][:2]})
    body = assert_problem(r, 409, "mission_in_use")
    assert "S1.1 (2026)" in body["detail"]
    r = await client.patch(item, headers=h, json={"start_year": 2027})
    assert_problem(r, 409, "mission_in_use")
    r = await client.patch(item, headers=h, json={"start_year": 2026, "end_year": 2030})
    assert_problem(r, 409, "strategy_period_overlap")
    r = await client.patch(item, headers=h, json={"end_year": 2030})
    assert [e["type"] for e in assert_problem(r, 422)["errors"]] == ["period_too_long"]
    r = await client.patch(
        item,
        headers={**h, "If-Match": '"1"'},
        json={"vision": "Masyarakat Kota Palu yang sehat dan tangguh bencana", "title": None},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["version"]) == (None, 2)
    r = await client.patch(item, headers={**h, "If-Match": '"1"'}, json={"title": "Renstra"})
    assert_problem(r, 412)
    read = await client.get(item, headers=world.staff.headers)
    assert read.headers["etag"] == '"2"'
    assert read.json()["vision"] == "Masyarakat Kota Palu yang sehat dan tangguh bencana"


async def test_creating_is_idempotent(client: httpx.AsyncClient, world: World) -> None:
    url = f"{API}/organizations/{world.org.id}/goals"
    body = {"year": 2026, "code": "T1", "kind": "tujuan", "statement": "Tujuan uji"}
    headers = {**world.admin.headers, "Idempotency-Key": "goal-t1-2026"}
    first = await client.post(url, headers=headers, json=body)
    again = await client.post(url, headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    listing = await client.get(url, headers=world.admin.headers)
    assert len(listing.json()["items"]) == 1


# ---- access --------------------------------------------------------------------------------


async def test_permissions_and_tenant_isolation(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    org = world.org.id
    goal, iku, strategy = made["t1"]["id"], made["idl"]["id"], made["strategy"]["id"]
    reads = [
        f"/organizations/{org}/strategies",
        f"/strategies/{strategy}",
        f"/organizations/{org}/goals",
        f"/organizations/{org}/goals/tree?year=2026",
        f"/goals/{goal}",
        f"/goals/{goal}/key-indicators",
        f"/key-indicators/{iku}",
    ]
    goal_body = {"year": 2026, "code": "T9", "kind": "tujuan", "statement": "Tujuan uji"}
    iku_body = IDL | {"code": "IKU-99"}
    writes: list[tuple[str, str, dict[str, Any] | None]] = [
        (
            "POST",
            f"/organizations/{org}/strategies",
            STRATEGY | {"start_year": 2030, "end_year": 2030},
        ),
        ("PATCH", f"/strategies/{strategy}", {"title": "Renstra"}),
        ("POST", f"/organizations/{org}/goals", goal_body),
        ("PATCH", f"/goals/{goal}", {"statement": "Tujuan diubah"}),
        ("DELETE", f"/goals/{made['t2']['id']}", None),
        ("POST", f"/goals/{goal}/key-indicators", iku_body),
        ("PATCH", f"/key-indicators/{iku}", {"target_value": 96}),
        ("DELETE", f"/key-indicators/{made['pos']['id']}", None),
    ]

    for account in (world.staff, world.supervisor, world.admin):
        for url in reads:
            r = await client.get(API + url, headers=account.headers)
            assert r.status_code == 200, (url, r.text)
    for url in reads:
        # Another organization's admin cannot tell these exist; the platform admin has no
        # business with goals; without a token nothing is answered.
        assert_problem(await client.get(API + url, headers=world.other_admin.headers), 404)
        assert_problem(await client.get(API + url, headers=world.platform.headers), 403)
        assert_problem(await client.get(API + url), 401)

    for method, url, body in writes:
        for account in (world.staff, world.supervisor, world.platform):
            r = await client.request(method, API + url, headers=account.headers, json=body)
            assert_problem(r, 403, "forbidden")
        r = await client.request(method, API + url, headers=world.other_admin.headers, json=body)
        assert_problem(r, 404, "not_found")
    for method, url, body in writes:
        r = await client.request(method, API + url, headers=world.admin.headers, json=body)
        assert r.status_code in (200, 201, 204), (method, url, r.text)


async def test_writes_are_audited(client: httpx.AsyncClient, world: World) -> None:
    made = await _palu(client, world)
    r = await client.patch(
        f"{API}/key-indicators/{made['idl']['id']}",
        headers=world.admin.headers,
        json={"target_value": 90},
    )
    assert r.status_code == 200
    await client.delete(f"{API}/goals/{made['t2']['id']}", headers=world.admin.headers)

    async def entries(entity_type: str, entity_id: str) -> list[dict[str, Any]]:
        r = await client.get(
            f"{API}/audit-log",
            headers=world.admin.headers,
            params={"entity_type": entity_type, "entity_id": entity_id},
        )
        assert r.status_code == 200, r.text
        items: list[dict[str, Any]] = r.json()["items"]
        assert all(e["actor_user_id"] == str(world.admin.id) for e in items)
        assert all(e["organization_id"] == str(world.org.id) for e in items)
        return items

    log = await entries("organization_strategies", made["strategy"]["id"])
    assert [e["action"] for e in log] == ["insert"]
    assert log[0]["after"]["missions"] == STRATEGY["missions"]
    log = await entries("key_indicators", made["idl"]["id"])
    assert [e["action"] for e in log] == ["update", "insert"]
    assert (log[0]["before"]["target_value"], log[0]["after"]["target_value"]) == (95.0, 90.0)
    log = await entries("organization_goals", made["t2"]["id"])
    assert [e["action"] for e in log] == ["delete", "insert"]
    assert log[0]["before"]["code"] == "T2"
    # The other organization's admin sees none of it.
    r = await client.get(
        f"{API}/audit-log",
        headers=world.other_admin.headers,
        params={"entity_type": "organization_goals"},
    )
    assert r.json()["items"] == []


# ---- demo data -----------------------------------------------------------------------------


async def test_demo_goals_and_indicators(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], factory: Factory
) -> None:
    async def load() -> None:
        async with sessionmaker() as session:
            await load_demo_data(session)
            await session.commit()

    async def headers_of(username: str) -> tuple[dict[str, str], uuid.UUID]:
        async with sessionmaker() as session:
            user = await session.scalar(select(User).where(User.username == username))
        assert user is not None
        assert user.organization_id is not None
        return {"Authorization": f"Bearer {await factory.token(user)}"}, user.organization_id

    await load()
    staff, palu = await headers_of("perawat.siti")
    tree_url = f"{API}/organizations/{palu}/goals/tree"
    first = (await client.get(tree_url, headers=staff, params={"year": 2026})).json()
    await load()  # running it again changes nothing
    again = (await client.get(tree_url, headers=staff, params={"year": 2026})).json()
    assert again == first

    # Two levels: the Kota's RPJMD, and the Dinas Kesehatan's Renstra serving it.
    assert first["strategy"]["title"] == "RPJMD Kota Palu 2025–2029"
    assert [(g["code"], g["unit_id"], g["mission_number"]) for g in first["goals"]] == [
        ("T1", None, 1),
        ("T2", None, 2),
        ("T3", None, 3),
    ]
    async with sessionmaker() as session:
        units = {
            u.code: u.id
            for u in await session.scalars(select(Unit).where(Unit.parent_id.is_(None)))
        }
    renstra = (
        await client.get(
            tree_url, headers=staff, params={"year": 2026, "opd_id": str(units["DINKES"])}
        )
    ).json()
    assert renstra["strategy"]["vision"] == (
        "Masyarakat Kota Palu yang sehat, tangguh bencana, dan berkeadilan"
    )
    [t1] = renstra["goals"]
    assert (t1["code"], t1["statement"]) == ("T1", "Meningkatnya derajat kesehatan masyarakat")
    assert t1["serves_goal_id"] == first["goals"][0]["id"]
    [idl] = t1["key_indicators"]
    assert (idl["name"], idl["target_value"], idl["unit"], idl["aspect"]) == (
        "Cakupan imunisasi dasar lengkap (IDL)",
        95.0,
        "persen",
        "kuantitas",
    )
    assert [c["code"] for c in t1["children"]] == ["S1.1", "S1.2"]
    settings = await client.get(f"{API}/organizations/{palu}/settings", headers=staff)
    holidays = settings.json()["calendar"]["holidays"]
    assert {"date": "2026-08-17", "name": "Hari Kemerdekaan Republik Indonesia"} in holidays
    assert settings.json()["appraisal"]["objection_window_days"] == 14

    tebo_admin, tebo = await headers_of("admin.tebo")
    tree = await client.get(
        f"{API}/organizations/{tebo}/goals/tree",
        headers=tebo_admin,
        params={"year": 2026, "opd_id": str(units["DISDUKCAPIL"])},
    )
    [iku] = tree.json()["goals"][0]["key_indicators"]
    assert (iku["name"], iku["target_value"], iku["unit"]) == (
        "Rata-rata waktu penyelesaian dokumen kependudukan",
        3.0,
        "hari",
    )
    assert (iku["aspect"], iku["direction"]) == ("waktu", "lower_is_better")
    # Each demo agency sees only its own goals.
    assert_problem(await client.get(tree_url, headers=tebo_admin, params={"year": 2026}), 404)
