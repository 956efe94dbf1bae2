"""The transactional outbox: each workflow change writes its event in the same transaction,
and a refused or failed change writes none (no change without its event, no event without its
change)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Palu
from kinerja_api.core import outbox
from kinerja_api.core.outbox import EventType, OutboxEvent
from skp_support import act, approved_skp, ok, palu_goals, planned_skp


async def events(
    sessionmaker: async_sessionmaker[AsyncSession], subject_id: str | uuid.UUID
) -> list[OutboxEvent]:
    async with sessionmaker() as s:
        rows = await s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.subject_id == uuid.UUID(str(subject_id)))
            .order_by(OutboxEvent.id)
        )
        return list(rows)


async def test_skp_workflow_writes_its_events_in_order(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp, _, _ = await planned_skp(
        client, palu.siti, "Terlaksananya imunisasi dasar", parent_id=kapus_rhk["id"]
    )
    assert await events(sessionmaker, skp["id"]) == []  # drafting is no event
    ok(await act(client, palu.siti, skp["id"], "submit"))
    ok(await act(client, palu.kapus, skp["id"], "return", "Target kurang jelas"))
    ok(await act(client, palu.siti, skp["id"], "submit"))
    ok(await act(client, palu.kapus, skp["id"], "approve"))
    rows = await events(sessionmaker, skp["id"])
    assert [e.event_type for e in rows] == [
        "skp.submitted",
        "skp.returned",
        "skp.submitted",
        "skp.approved",
    ]
    returned = rows[1]
    assert returned.organization_id == palu.org.id
    assert returned.subject_type == "skp"
    assert returned.actor_user_id == palu.kapus.user.id
    assert returned.payload["note"] == "Target kurang jelas"
    assert returned.payload["from_state"] == "submitted"
    assert returned.payload["to_state"] == "returned"
    assert returned.payload["employee_id"] == str(palu.siti.employee_id)
    assert all(e.dispatched_at is None for e in rows)


async def test_refused_action_writes_no_event(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp, _, _ = await planned_skp(
        client, palu.siti, "Terlaksananya imunisasi dasar", parent_id=kapus_rhk["id"]
    )
    # approving a draft: 409, and a colleague's submit: 403 — neither leaves an event
    assert (await act(client, palu.kapus, skp["id"], "approve")).status_code == 409
    assert (await act(client, palu.andi, skp["id"], "submit")).status_code == 403
    assert await events(sessionmaker, skp["id"]) == []


async def test_event_rolls_back_with_its_change(
    sessionmaker: async_sessionmaker[AsyncSession], palu: Palu
) -> None:
    """The event is part of the change's transaction: rolled back together."""
    subject = uuid.uuid4()
    async with sessionmaker() as s:
        outbox.record(s, palu.org.id, EventType.SKP_SUBMITTED, "skp", subject, {"x": 1})
        await s.flush()
        assert await s.scalar(select(OutboxEvent).where(OutboxEvent.subject_id == subject))
        await s.rollback()
    assert await events(sessionmaker, subject) == []
    async with sessionmaker() as s:
        outbox.record(s, palu.org.id, EventType.SKP_SUBMITTED, "skp", subject, {"x": 1})
        await s.commit()
    [event] = await events(sessionmaker, subject)
    assert event.payload == {"x": 1}


@pytest.mark.parametrize("etype", list(EventType))
def test_event_types_are_dotted_names(etype: EventType) -> None:
    subject, _, verb = etype.value.partition(".")
    assert subject
    assert verb
    assert etype.value == etype.value.lower()
