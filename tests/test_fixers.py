"""Who can actually fix what blocks an SKP (issue 13), through the HTTP API: "what blocks me"
names the admins of the employee's OPD (else the instansi's) and, for a superior's SKP, the
superior or their own appraiser; appraiser overrides refuse anyone below the employee; the
data-quality report lists people whose appraiser cannot be resolved."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Factory, Palu, assert_problem
from kinerja_api.auth.models import Role, User
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeeKind,
    EmployeePosition,
    Position,
    PositionKind,
)
from skp_support import API, YEAR, act, create_skp, ok, palu_goals, planned_skp


async def _blockers(client: httpx.AsyncClient, who: Account) -> list[dict[str, Any]]:
    body = ok(
        await client.get(
            f"{API}/me/skp-blockers",
            headers={**who.headers, "Accept-Language": "en"},
            params={"year": YEAR},
        )
    )
    found: list[dict[str, Any]] = body["blockers"]
    return found


def _fixer(blockers: list[dict[str, Any]], code: str) -> tuple[str, list[tuple[str, str]]]:
    fixed_by = next(b for b in blockers if b["code"] == code)["fixed_by"]
    return fixed_by["role"], [(p["role"], p["name"]) for p in fixed_by["people"]]


async def _place(
    sessionmaker: async_sessionmaker[AsyncSession], opd_id: uuid.UUID, *people: Account
) -> None:
    """Record the OPD of people created by the factory (the API places them itself)."""
    async with sessionmaker() as s:
        await s.execute(
            update(Employee)
            .where(Employee.id.in_([p.employee_id for p in people]))
            .values(opd_id=opd_id)
        )
        await s.commit()


# ---- what blocks me: the admins ------------------------------------------------------------


async def test_a_missing_appraiser_names_the_admins_of_the_employees_opd(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _place(sessionmaker, palu.dinkes.id, palu.kadis, palu.siti)
    disdik = await factory.unit(palu.org, code="DISDIK", name="Dinas Pendidikan")
    await factory.account(palu.org, Role.ADMIN, opd_id=disdik.id, full_name="Admin Disdik")
    instansi = [("instansi_admin", palu.admin.user.full_name)]

    # No admin of Dinas Kesehatan yet: the instansi's admins (BKPSDM) answer, never the
    # admin of another OPD.
    kadis = await _blockers(client, palu.kadis)
    assert _fixer(kadis, "no_appraiser") == ("instansi_admin", instansi)

    await factory.account(palu.org, Role.ADMIN, opd_id=palu.dinkes.id, full_name="Rina Dinkes")
    await factory.account(
        palu.org, Role.ADMIN, opd_id=palu.dinkes.id, full_name="Old Admin", is_active=False
    )
    kadis = await _blockers(client, palu.kadis)
    fixed_by = next(b for b in kadis if b["code"] == "no_appraiser")["fixed_by"]
    assert fixed_by["role"] == "opd_admin"
    assert [(p["role"], p["name"], p["employee_id"]) for p in fixed_by["people"]] == [
        ("opd_admin", "Rina Dinkes", None)
    ]
    assert fixed_by["people"][0]["user_id"] is not None
    # The deadline is the instansi's setting: an OPD admin cannot change it.
    assert _fixer(kadis, "deadline_passed") == ("instansi_admin", instansi)
    # What the employee does himself names himself.
    assert _fixer(kadis, "skp_missing") == ("self", [("self", "dr. Herry Mulyadi")])


async def test_nobody_to_name_leaves_the_role_admin(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as s:
        await s.execute(update(User).where(User.id == palu.admin.id).values(is_active=False))
        await s.commit()
    kadis = await _blockers(client, palu.kadis)
    assert _fixer(kadis, "no_appraiser") == ("admin", [])


# ---- what blocks me: a superior's SKP --------------------------------------------------------


async def test_a_superiors_skp_names_who_can_move_it(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    kapus_skp, _, _ = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    await create_skp(client, palu.siti)
    fadli = ("superior", [("superior", "Ns. Fadli Rahman")])
    # a draft: Fadli writes and submits it himself
    assert _fixer(await _blockers(client, palu.siti), "superior_skp_not_approved") == fadli

    # submitted: only Fadli's own appraiser (the Kepala Dinas) can approve it, not Fadli
    ok(await act(client, palu.kapus, kapus_skp["id"], "submit"))
    siti = await _blockers(client, palu.siti)
    assert _fixer(siti, "superior_skp_not_approved") == (
        "appraiser_superior",
        [("appraiser_superior", "dr. Herry Mulyadi")],
    )
    waiting = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/skp/waiting",
            headers=palu.admin.headers,
            params={"year": YEAR},
        )
    )
    # the board still says on whose SKP she waits
    assert [w["employee"]["name"] for w in waiting["items"][0]["waiting_for"]] == [
        "Ns. Fadli Rahman"
    ]

    # returned with notes: Fadli's turn again
    ok(await act(client, palu.kadis, kapus_skp["id"], "return", "Lengkapi indikator"))
    assert _fixer(await _blockers(client, palu.siti), "superior_skp_not_approved") == fadli

    # submitted again, but the Kepala Dinas has left: nobody can approve it until the
    # structure is fixed, so the admins are named, not Fadli. (An override keeps Siti's
    # objections with the Kepala Bidang, so her RHK still cascade from Fadli's.)
    ok(await act(client, palu.kapus, kapus_skp["id"], "submit"))
    r = await client.post(
        f"{API}/employees/{palu.siti.employee_id}/appraiser-overrides",
        headers=palu.admin.headers,
        json={
            "appraiser_superior_id": str(palu.kabid.employee_id),
            "valid_from": "2026-01-01",
            "reason": "Keberatan diputus oleh Kepala Bidang P2P",
        },
    )
    assert r.status_code == 201, r.text
    async with sessionmaker() as s:
        await s.execute(
            update(EmployeePosition)
            .where(EmployeePosition.employee_id == palu.kadis.employee_id)
            .values(end_date=date.today() - timedelta(days=1))
        )
        await s.commit()
    assert _fixer(await _blockers(client, palu.siti), "superior_skp_not_approved") == (
        "instansi_admin",
        [("instansi_admin", palu.admin.user.full_name)],
    )


# ---- overrides never name anyone below the employee ------------------------------------------


def _override(person: Account | Employee, field: str = "appraiser_id", **kw: Any) -> dict[str, Any]:
    person_id = person.employee_id if isinstance(person, Account) else person.id
    return {
        field: str(person_id),
        "valid_from": "2026-10-01",
        "reason": "Kepala Dinas tanpa atasan di organisasi",
        **kw,
    }


async def test_an_override_cannot_name_a_subordinate(
    client: httpx.AsyncClient, palu: Palu, factory: Factory
) -> None:
    url = f"{API}/employees/{palu.kadis.employee_id}/appraiser-overrides"
    headers = {**palu.admin.headers, "Accept-Language": "en"}

    # a direct subordinate (the issue: this answered 201)
    body = assert_problem(
        await client.post(url, headers=headers, json=_override(palu.kabid)),
        422,
        "override_subordinate",
    )
    assert body["detail"] == (
        "dr. Nurhaya Lamato is below this employee in the position chain on 2026-10-01 (a "
        "direct or indirect subordinate, acting officials included), so cannot be their "
        "appraiser or appraiser's superior. Choose an official above their position, or "
        "complete the superior positions in the structure."
    )
    assert [(e["field"], e["type"]) for e in body["errors"]] == [
        ("appraiser_id", "override_subordinate")
    ]
    # an indirect one (below a vacant Kepala Seksi), as the appraiser's superior, in Indonesian
    body = assert_problem(
        await client.post(
            url,
            headers=palu.admin.headers,
            json=_override(palu.andi, "appraiser_superior_id"),
        ),
        422,
        "override_subordinate",
    )
    assert body["detail"].startswith("Andi Pratama adalah bawahan")
    assert body["errors"][0]["field"] == "appraiser_superior_id"

    # an acting official below him counts on the override's first day, not before
    yanti = await factory.employee(palu.org, name="Yanti")
    await factory.assign(
        yanti, palu.kasi_pos, kind=AssignmentKind.PLT, start=date(2026, 10, 1), end=None
    )
    assert_problem(
        await client.post(url, headers=headers, json=_override(yanti)),
        422,
        "override_subordinate",
    )

    # himself: a registered code too
    body = assert_problem(
        await client.post(url, headers=headers, json=_override(palu.kadis)), 422, "override_self"
    )
    assert body["errors"][0]["type"] == "override_self"

    # someone outside his chain is fine
    sekda_unit = await factory.unit(palu.org, code="SETDA", name="Sekretariat Daerah")
    sekda_pos = await factory.position(palu.org, sekda_unit, kind=PositionKind.STRUKTURAL)
    sekda = await factory.person(palu.org, sekda_pos, name="Drs. Irwan Lahace")
    r = await client.post(url, headers=headers, json=_override(sekda))
    assert r.status_code == 201, r.text


async def test_an_override_of_a_staff_member_may_not_name_their_subordinate_by_override(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    """Siti appraises no one by position, but an override makes her Andi's appraiser: Andi
    is then below her and cannot become her appraiser (the chain would run in a circle)."""
    r = await client.post(
        f"{API}/employees/{palu.andi.employee_id}/appraiser-overrides",
        headers=palu.admin.headers,
        json=_override(palu.siti),
    )
    assert r.status_code == 201, r.text
    assert_problem(
        await client.post(
            f"{API}/employees/{palu.siti.employee_id}/appraiser-overrides",
            headers=palu.admin.headers,
            json=_override(palu.andi),
        ),
        422,
        "override_subordinate",
    )


# ---- data quality: nobody to approve ---------------------------------------------------------


async def _quality(client: httpx.AsyncClient, palu: Palu) -> dict[str, Any]:
    report: dict[str, Any] = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/data-quality", headers=palu.admin.headers
        )
    )
    return report


async def test_heads_without_an_appraiser_are_listed_until_the_chain_reaches_the_regional_head(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # The Kepala Dinas heads the top unit: nobody above him can approve his SKP.
    report = await _quality(client, palu)
    stuck = report["employees_without_appraiser"]
    assert [e["name"] for e in stuck["items"]] == ["dr. Herry Mulyadi"]
    assert (stuck["count"], report["total"]) == (1, 1)

    # The instansi's chain: Wali Kota (the regional head) > Sekda > Kepala Dinas.
    kdh = await factory.unit(palu.org, code="KDH", name="Kepala Daerah")
    setda = await factory.unit(palu.org, code="SETDA", name="Sekretariat Daerah")
    s = PositionKind.STRUKTURAL
    walikota_pos = await factory.position(palu.org, kdh, kind=s, name="Wali Kota Palu")
    sekda_pos = await factory.position(
        palu.org, setda, kind=s, name="Sekretaris Daerah", superior=walikota_pos
    )
    await factory.head(kdh, walikota_pos)
    await factory.head(setda, sekda_pos)
    await factory.person(palu.org, sekda_pos, name="Drs. Irwan Lahace")
    async with sessionmaker() as session:
        await session.execute(
            update(Position)
            .where(Position.id == palu.kadis_pos.id)
            .values(superior_id=sekda_pos.id)
        )
        await session.commit()
    # the Sekda has the Wali Kota as appraiser only once someone holds that position
    report = await _quality(client, palu)
    assert [e["name"] for e in report["employees_without_appraiser"]["items"]] == [
        "Drs. Irwan Lahace"
    ]
    walikota = await factory.employee(
        palu.org, name="H. Hadianto Rasyid", kind=EmployeeKind.REGIONAL_HEAD
    )
    async with sessionmaker() as session:
        await session.execute(update(Employee).where(Employee.id == walikota.id).values(nip=None))
        await session.commit()
    # (listed like anyone while he holds no position and has no account, without a NIP)
    report = await _quality(client, palu)
    assert [(e["name"], e["nip"]) for e in report["employees_without_account"]["items"]] == [
        ("H. Hadianto Rasyid", None)
    ]
    await factory.assign(walikota, walikota_pos)
    await factory.account(palu.org, employee=walikota)
    # The regional head has no SKP and nobody to appraise him: never listed.
    report = await _quality(client, palu)
    assert report["employees_without_appraiser"] == {"count": 0, "items": []}
    assert report["total"] == 0
