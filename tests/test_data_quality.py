"""Data-quality report: what would block performance work, with counts and capped lists."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from conftest import Factory, Palu, World, assert_problem
from kinerja_api.auth.models import Role
from kinerja_api.core.db import utcnow
from kinerja_api.organizations.models import AssignmentKind


async def test_a_clean_dinas_reports_only_its_head_without_appraiser(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    """Issue 13: the head of a dinas alone in the organization can never get an SKP approved;
    the report used to say total 0 (tests/test_fixers.py completes the chain)."""
    r = await client.get(
        f"/api/v1/organizations/{palu.org.id}/data-quality", headers=palu.admin.headers
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["total"] == 1
    assert [e["name"] for e in report["employees_without_appraiser"]["items"]] == [
        "dr. Herry Mulyadi"
    ]
    assert (report["limit"], report["recent_days"]) == (20, 30)


async def test_every_problem_is_listed(
    client: httpx.AsyncClient, palu: Palu, factory: Factory, world: World
) -> None:
    today = date.today()
    on = today.isoformat()
    # Active employee without a position (and without an account); a retired one is ignored.
    loose = await factory.employee(palu.org, name="Budi Tanpa Jabatan")
    await factory.employee(palu.org, name="Pensiunan", status="retired")
    # An employee whose only position is acting has no definitive position either.
    acting_only = await factory.employee(palu.org, name="Citra Plt")
    await factory.account(palu.org, employee=acting_only)
    await factory.assign(
        acting_only,
        palu.kasi_pos,
        kind=AssignmentKind.PLT,
        start=today - timedelta(days=3),
        end=today + timedelta(days=3),
    )
    # A position without a superior that is not the top unit's head.
    orphan = await factory.position(palu.org, palu.pkm, name="Sanitarian Ahli Pertama")
    # A unit without a head.
    kamonji = await factory.unit(
        palu.org, palu.dinkes, code="PKM-KAMONJI", name="Puskesmas Kamonji"
    )
    # PLH that expired without being ended; PLT that was ended ten days ago; an old one.
    dewi = await factory.employee(palu.org, name="Dewi")
    await factory.account(palu.org, Role.STAFF, employee=dewi)
    await factory.assign(dewi, palu.pengelola_pos)
    expired = await factory.assign(
        dewi,
        palu.kapus_pos,
        kind=AssignmentKind.PLH,
        start=today - timedelta(days=20),
        end=today - timedelta(days=1),
    )
    recent = await factory.assign(
        dewi,
        palu.kabid_pos,
        kind=AssignmentKind.PLT,
        start=today - timedelta(days=60),
        end=today - timedelta(days=10),
        ended_at=utcnow(),
    )
    await factory.assign(
        dewi,
        palu.kadis_pos,
        kind=AssignmentKind.PLH,
        start=today - timedelta(days=90),
        end=today - timedelta(days=80),
        ended_at=utcnow(),
    )
    # Another organization's problems never show up.
    await factory.employee(world.other_org, name="Orang Tebo")

    r = await client.get(
        f"/api/v1/organizations/{palu.org.id}/data-quality",
        headers=palu.admin.headers,
        params={"on": on},
    )
    assert r.status_code == 200, r.text
    report = r.json()

    def names(section: str, key: str = "name") -> list[str]:
        return [item[key] for item in report[section]["items"]]

    assert names("active_employees_without_position") == ["Budi Tanpa Jabatan", "Citra Plt"]
    assert report["active_employees_without_position"]["items"][0]["nip"] == loose.nip
    assert names("positions_without_superior") == [orphan.name]
    assert names("units_without_head", "code") == [kamonji.code]
    assert [a["id"] for a in report["acting_expired_still_current"]["items"]] == [str(expired.id)]
    assert report["acting_expired_still_current"]["items"][0]["employee"]["name"] == "Dewi"
    assert [a["id"] for a in report["acting_ended_recently"]["items"]] == [str(recent.id)]
    assert names("employees_without_account") == ["Budi Tanpa Jabatan"]
    # Citra (PLT Kasi) and Dewi are appraised through the chain; only the head is not.
    assert names("employees_without_appraiser") == ["dr. Herry Mulyadi"]
    assert report["total"] == 2 + 1 + 1 + 1 + 1 + 1 + 1

    capped = await client.get(
        f"/api/v1/organizations/{palu.org.id}/data-quality",
        headers=palu.admin.headers,
        params={"on": on, "limit": 1, "recent_days": 5},
    )
    body = capped.json()
    assert body["active_employees_without_position"]["count"] == 2
    assert len(body["active_employees_without_position"]["items"]) == 1
    assert body["acting_ended_recently"]["count"] == 0


async def test_top_position_needs_a_head_unit(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    await factory.head(palu.dinkes, palu.kabid_pos)  # wrong head: the top position is orphaned
    r = await client.get(
        f"/api/v1/organizations/{palu.org.id}/data-quality", headers=palu.admin.headers
    )
    assert [p["name"] for p in r.json()["positions_without_superior"]["items"]] == ["Kepala Dinas"]


async def test_data_quality_access(client: httpx.AsyncClient, palu: Palu, world: World) -> None:
    url = f"/api/v1/organizations/{palu.org.id}/data-quality"
    assert_problem(await client.get(url, headers=palu.kadis.headers), 403)
    assert_problem(await client.get(url, headers=world.other_admin.headers), 404)
    assert (await client.get(url, headers=world.platform.headers)).status_code == 200
    assert_problem(await client.get(url, headers=palu.admin.headers, params={"limit": 500}), 422)


async def test_an_opd_admin_sees_the_report_of_their_opd_only(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    """Issue 13: the report per OPD (``opd_id``); an OPD admin always gets their own OPD."""
    bappeda = await factory.unit(palu.org, code="BAPPEDA", name="Bappeda")
    await factory.position(palu.org, bappeda, name="Perencana tanpa atasan")
    dinkes_admin = await factory.account(palu.org, Role.ADMIN, opd_id=palu.dinkes.id)
    url = f"/api/v1/organizations/{palu.org.id}/data-quality"

    def flagged(report: dict[str, object]) -> tuple[list[str], list[str]]:
        positions = report["positions_without_superior"]["items"]  # type: ignore[index]
        units = report["units_without_head"]["items"]  # type: ignore[index]
        return [p["name"] for p in positions], [u["code"] for u in units]

    whole = (await client.get(url, headers=palu.admin.headers)).json()
    assert flagged(whole) == (["Perencana tanpa atasan"], ["BAPPEDA"])
    only = await client.get(url, headers=palu.admin.headers, params={"opd_id": str(bappeda.id)})
    assert flagged(only.json()) == (["Perencana tanpa atasan"], ["BAPPEDA"])
    assert only.json()["employees_without_appraiser"]["count"] == 0  # the Kepala Dinas: Dinkes
    own = (await client.get(url, headers=dinkes_admin.headers)).json()
    assert flagged(own) == ([], [])
    assert [e["name"] for e in own["employees_without_appraiser"]["items"]] == ["dr. Herry Mulyadi"]
    other = await client.get(url, headers=dinkes_admin.headers, params={"opd_id": str(bappeda.id)})
    assert_problem(other, 403, "outside_opd")
