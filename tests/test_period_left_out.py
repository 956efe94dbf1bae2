"""Opening an appraisal period names everyone left out, with the reason (issue 14), and
``GET /me/skp-blockers`` defaults ``year`` to the instansi's current year.

Before, the opening answered ``"appraisals_created": 9`` and nothing else: who got no
appraisal (no approved SKP, retired, the regional head, ...) had to be found by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import Clock, create_period
from appraisal_support import clock as clock  # the fixture
from conftest import Factory, Palu
from kinerja_api.appraisals.rules import LeftOut, left_out_reason
from kinerja_api.organizations.models import Employee, EmployeeStatus
from skp_support import API, BAYI_TARGET, act, approved_skp, palu_goals, planned_skp


async def test_opening_a_period_names_who_is_left_out_and_why(
    client: httpx.AsyncClient,
    palu: Palu,
    clock: Clock,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, head_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Cakupan IDL Talise", goal_id=goals.sasaran_idl
    )
    await approved_skp(
        client, palu.siti, palu.kapus, "Imunisasi bayi", BAYI_TARGET, parent_id=head_rhk["id"]
    )
    rina = await factory.person(palu.org, palu.perawat_pos, name="Rina Lestari")
    budi = await factory.person(palu.org, palu.perawat_pos, name="Budi Santoso")
    await approved_skp(client, rina, palu.kapus, "Imunisasi", BAYI_TARGET, parent_id=head_rhk["id"])
    skp, _, _ = await planned_skp(client, budi, "Imunisasi", BAYI_TARGET, parent_id=head_rhk["id"])
    await act(client, budi, skp["id"], "submit")
    async with sessionmaker() as db:
        await db.execute(
            update(Employee)
            .where(Employee.id == rina.employee_id)
            .values(status=EmployeeStatus.RETIRED)
        )
        await db.commit()

    period = await create_period(client, palu.admin)
    r = await client.post(
        f"{API}/appraisal-periods/{period['id']}/open",
        headers={**palu.admin.headers, "Accept-Language": "en"},
    )
    assert r.status_code == 200, r.text
    opened = r.json()
    assert opened["appraisals_created"] == 2  # Fadli and Siti
    left = {e["name"]: (e["reason"], e["reason_text"]) for e in opened["left_out"]}
    assert left["Rina Lestari"] == ("retired", "Retired")
    assert left["Budi Santoso"] == (
        "skp_not_approved",
        "The SKP covering this period is not approved (state: submitted)",
    )
    assert left["Andi Pratama"] == ("no_skp", "Has no SKP covering this period")
    assert "Siti Rahma" not in left
    assert "Ns. Fadli Rahman" not in left
    # everyone of the instansi is either appraised or listed
    async with sessionmaker() as db:
        from sqlalchemy import func, select

        everyone = await db.scalar(
            select(func.count()).where(Employee.organization_id == palu.org.id)
        )
    assert opened["appraisals_created"] + len(opened["left_out"]) == everyone
    budi_row = next(e for e in opened["left_out"] if e["name"] == "Budi Santoso")
    assert budi_row["employee_id"] == str(budi.employee_id)
    assert budi_row["nip"]


@pytest.mark.parametrize(
    ("regional_head", "status", "states", "expected"),
    [
        (True, "active", set(), LeftOut.REGIONAL_HEAD),
        (False, "retired", {"approved"}, LeftOut.RETIRED),
        (False, "transferred", set(), LeftOut.TRANSFERRED),
        (False, "leave", {"approved"}, LeftOut.ON_LEAVE),
        (False, "active", set(), LeftOut.NO_SKP),
        (False, "active", {"draft", "returned"}, LeftOut.SKP_NOT_APPROVED),
        (False, "active", {"revising", "approved"}, None),
        (False, "active", {"locked"}, None),
    ],
)
def test_left_out_reason(
    regional_head: bool, status: str, states: set[str], expected: LeftOut | None
) -> None:
    assert (
        left_out_reason(regional_head=regional_head, status=status, skp_states=states) == expected
    )


async def test_skp_blockers_default_to_the_current_year_of_the_instansi(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    """Before, 422 (``year`` required). Palu is WITA (UTC+8): 31 December 17:30 UTC is
    already 1 January there."""
    clock.now = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    r = await client.get(f"{API}/me/skp-blockers", headers=palu.siti.headers)
    assert r.status_code == 200, r.text
    assert r.json()["year"] == 2027
    r = await client.get(f"{API}/me/skp-blockers", headers=palu.siti.headers, params={"year": 2026})
    assert r.json()["year"] == 2026
