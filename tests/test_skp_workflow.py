"""The SKP workflow through the HTTP API: (state, action, role) -> HTTP status, notes, If-Match.

Roles around Siti's SKP (Palu): the owner; her appraiser (the head of Puskesmas Talise); the
organization's admin; her appraiser's superior (the head of the office: reads, does not act);
a colleague in another unit (may not even read: 403 before anything else).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Palu, assert_problem
from kinerja_api.indicators.skp.models import Skp
from kinerja_api.indicators.skp.rules import SkpState
from skp_support import act, approved_skp, ok, palu_goals, planned_skp, read_skp

ACTIONS = ("submit", "approve", "return", "request-revision", "lock", "unlock")
ROLES = ("owner", "appraiser", "admin", "superior", "colleague")

S = SkpState
#: Everything that succeeds: (state, action, role) -> new state.
SUCCEEDS = {
    (S.DRAFT, "submit", "owner"): S.SUBMITTED,
    (S.RETURNED, "submit", "owner"): S.SUBMITTED,
    (S.REVISING, "submit", "owner"): S.SUBMITTED,
    (S.SUBMITTED, "approve", "appraiser"): S.APPROVED,
    (S.SUBMITTED, "return", "appraiser"): S.RETURNED,
    (S.APPROVED, "request-revision", "owner"): S.REVISING,
    (S.APPROVED, "request-revision", "appraiser"): S.REVISING,
    (S.APPROVED, "lock", "admin"): S.LOCKED,
    (S.LOCKED, "unlock", "admin"): S.APPROVED,
}
#: (state, action) pairs possible for someone: anyone else allowed to read gets 403.
LEGAL = {(state, action) for state, action, _ in SUCCEEDS}


def expected_status(state: SkpState, action: str, role: str) -> int:
    if role == "colleague":
        return 403  # may not read the SKP at all
    if (state, action, role) in SUCCEEDS:
        return 200
    return 403 if (state, action) in LEGAL else 409


@dataclass
class Setup:
    skp_id: str
    roles: dict[str, Account]


@pytest.fixture
async def siti_skp(client: httpx.AsyncClient, palu: Palu) -> Setup:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp, _, _ = await planned_skp(
        client, palu.siti, "Terlaksananya imunisasi dasar", parent_id=kapus_rhk["id"]
    )
    return Setup(
        skp["id"],
        {
            "owner": palu.siti,
            "appraiser": palu.kapus,
            "admin": palu.admin,
            "superior": palu.kadis,
            "colleague": palu.andi,
        },
    )


async def _set_state(
    sessionmaker: async_sessionmaker[AsyncSession], skp_id: str, state: SkpState
) -> None:
    once_approved = state in (S.APPROVED, S.REVISING, S.LOCKED)
    async with sessionmaker() as s:
        await s.execute(
            update(Skp)
            .where(Skp.id == uuid.UUID(skp_id))
            .values(
                state=state,
                first_approved_at=datetime(2026, 1, 20, tzinfo=UTC) if once_approved else None,
            )
        )
        await s.commit()


@pytest.mark.parametrize("state", list(SkpState))
async def test_state_action_role_table(
    client: httpx.AsyncClient,
    siti_skp: Setup,
    sessionmaker: async_sessionmaker[AsyncSession],
    state: SkpState,
) -> None:
    wrong = []
    for action in ACTIONS:
        for role in ROLES:
            await _set_state(sessionmaker, siti_skp.skp_id, state)
            r = await act(client, siti_skp.roles[role], siti_skp.skp_id, action, "Catatan uji")
            expected = expected_status(state, action, role)
            if r.status_code != expected:
                wrong.append((action, role, expected, r.status_code, r.text[:200]))
                continue
            if expected == 200:
                assert r.json()["state"] == SUCCEEDS[(state, action, role)]
            else:
                code = r.json()["code"]
                allowed = {"skp_not_in_scope", "action_not_allowed", "illegal_transition"}
                assert code in allowed, (action, role, code)
    assert not wrong, "\n".join(map(str, wrong))


async def test_transitions_are_recorded_with_the_hat_worn(
    client: httpx.AsyncClient, siti_skp: Setup, palu: Palu
) -> None:
    ok(await act(client, palu.siti, siti_skp.skp_id, "submit"))
    ok(await act(client, palu.kapus, siti_skp.skp_id, "approve"))
    ok(await act(client, palu.admin, siti_skp.skp_id, "lock"))
    ok(await act(client, palu.admin, siti_skp.skp_id, "unlock", "Koreksi data realisasi Maret"))
    events = ok(
        await client.get(f"/api/v1/skp/{siti_skp.skp_id}/events", headers=palu.kadis.headers)
    )
    admin_name = palu.admin.user.full_name  # an admin account without an employee record
    rows = [
        (e["action"], e["from_state"], e["to_state"], e["actor"], e["actor_name"])
        for e in events["items"]
    ]
    assert rows == [
        ("submit", "draft", "submitted", "owner", "Siti Rahma"),
        ("approve", "submitted", "approved", "appraiser", "Ns. Fadli Rahman"),
        ("lock", "approved", "locked", "admin", admin_name),
        ("unlock", "locked", "approved", "admin", admin_name),
    ]
    assert events["items"][3]["note"] == "Koreksi data realisasi Maret"


@pytest.mark.parametrize(
    ("action", "state", "role"),
    [
        ("return", S.SUBMITTED, "appraiser"),
        ("request-revision", S.APPROVED, "owner"),
        ("unlock", S.LOCKED, "admin"),
    ],
)
async def test_actions_needing_a_note(
    client: httpx.AsyncClient,
    siti_skp: Setup,
    sessionmaker: async_sessionmaker[AsyncSession],
    action: str,
    state: SkpState,
    role: str,
) -> None:
    await _set_state(sessionmaker, siti_skp.skp_id, state)
    who = siti_skp.roles[role]
    for body in ({}, {"note": None}):
        r = await client.post(
            f"/api/v1/skp/{siti_skp.skp_id}/{action}", headers=who.headers, json=body
        )
        problem = assert_problem(r, 422)
        assert problem["errors"][0]["field"] == "note"
    r = await act(client, who, siti_skp.skp_id, action, "   ")
    assert_problem(r, 422)  # too short once stripped by the schema's minimum of 3 characters
    assert (await read_skp(client, who, siti_skp.skp_id)).json()["state"] == state


async def test_actions_honour_if_match(
    client: httpx.AsyncClient, siti_skp: Setup, palu: Palu
) -> None:
    etag = (await read_skp(client, palu.siti, siti_skp.skp_id)).headers["etag"]
    submitted = await act(client, palu.siti, siti_skp.skp_id, "submit", etag=etag)
    ok(submitted)
    new_etag = submitted.headers["etag"]
    assert new_etag != etag
    stale = await act(client, palu.kapus, siti_skp.skp_id, "approve", etag=etag)
    assert_problem(stale, 412, "version_mismatch")
    ok(await act(client, palu.kapus, siti_skp.skp_id, "approve", etag=new_etag))


async def test_allowed_actions_follow_the_caller(
    client: httpx.AsyncClient, siti_skp: Setup, palu: Palu
) -> None:
    draft = {
        role: ok(await read_skp(client, who, siti_skp.skp_id))
        for role, who in siti_skp.roles.items()
        if role != "colleague"
    }
    assert {role: d["allowed_actions"] for role, d in draft.items()} == {
        "owner": ["submit"],
        "appraiser": [],
        "admin": [],
        "superior": [],
    }
    assert {role: d["can_edit"] for role, d in draft.items()} == {
        "owner": True,
        "appraiser": False,
        "admin": False,
        "superior": False,
    }
    ok(await act(client, palu.siti, siti_skp.skp_id, "submit"))
    submitted = ok(await read_skp(client, palu.kapus, siti_skp.skp_id))
    assert submitted["allowed_actions"] == ["approve", "return"]
