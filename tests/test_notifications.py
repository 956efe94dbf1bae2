"""Notifications to people, made by the worker from the outbox: the in-app feed (who hears
of what, in the reader's language, mark read) and e-mail caught by a local SMTP server
(aiosmtpd) with the right recipients."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Palu
from kinerja_api.auth.models import User
from kinerja_api.core.config import Settings
from kinerja_api.integration import worker
from kinerja_api.notifications import service as notifications
from skp_support import API, act, approved_skp, ok, palu_goals, planned_skp


async def round_(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    async def email() -> None:
        await notifications.send_emails(sessionmaker, settings)

    async with httpx.AsyncClient() as http:
        await worker.run_once(
            sessionmaker,
            settings,
            http,
            consumers=[notifications.from_events],
            chores=[email],
        )


async def feed(
    client: httpx.AsyncClient, who: Account, lang: str = "id", **params: Any
) -> list[dict[str, Any]]:
    r = await client.get(
        f"{API}/me/notifications",
        headers={**who.headers, "Accept-Language": lang},
        params=params,
    )
    items: list[dict[str, Any]] = ok(r)["items"]
    return items


async def siti_submits(client: httpx.AsyncClient, palu: Palu) -> str:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp, _, _ = await planned_skp(
        client, palu.siti, "Terlaksananya imunisasi dasar", parent_id=kapus_rhk["id"]
    )
    ok(await act(client, palu.siti, skp["id"], "submit"))
    return str(skp["id"])


async def test_feed_who_hears_what_and_mark_read(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    skp_id = await siti_submits(client, palu)
    assert await feed(client, palu.kapus) == []  # nothing before the worker's round
    await round_(sessionmaker, settings)
    # the appraiser hears of the submission; the owner does not hear of her own action
    waiting = [n for n in await feed(client, palu.kapus) if n["subject_id"] == skp_id]
    assert [n["kind"] for n in waiting] == ["skp.submitted"]
    assert "menunggu persetujuan Anda" in waiting[0]["message"]
    assert palu.siti.employee is not None
    assert palu.siti.employee.name in waiting[0]["message"]
    assert [n for n in await feed(client, palu.siti) if n["subject_id"] == skp_id] == []
    ok(await act(client, palu.kapus, skp_id, "return", "Target kurang jelas"))
    await round_(sessionmaker, settings)
    [returned] = await feed(client, palu.siti, "en")
    assert returned["kind"] == "skp.returned"
    assert returned["message"] == "Your SKP 2026 was returned for changes: Target kurang jelas"
    [same] = await feed(client, palu.siti, "id")
    assert same["message"].startswith("SKP 2026 Anda dikembalikan untuk diperbaiki")
    # a second round makes nothing twice
    await round_(sessionmaker, settings)
    assert len(await feed(client, palu.siti)) == 1
    # marking read: someone else's ids change nothing; mine do
    theirs = await client.post(
        f"{API}/me/notifications/read", headers=palu.siti.headers, json={"ids": [waiting[0]["id"]]}
    )
    assert ok(theirs) == {"marked": 0}
    mine = await client.post(
        f"{API}/me/notifications/read", headers=palu.siti.headers, json={"ids": [returned["id"]]}
    )
    assert ok(mine) == {"marked": 1}
    assert await feed(client, palu.siti, unread="true") == []
    assert (await feed(client, palu.siti, unread="false"))[0]["read_at"] is not None
    assert (await feed(client, palu.kapus, unread="true"))[0]["read_at"] is None
    everything = await client.post(
        f"{API}/me/notifications/read", headers=palu.kapus.headers, json={}
    )
    assert ok(everything)["marked"] >= 1
    assert await feed(client, palu.kapus, unread="true") == []


# ---- e-mail ----------------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


PORT = _free_port()


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=PORT)
    controller.start()
    yield handler
    controller.stop()


@pytest.mark.settings(smtp_host="127.0.0.1", smtp_port=PORT, smtp_from="kinerja@palukota.go.id")
async def test_email_to_the_right_people_in_both_languages(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    inbox: Inbox,
) -> None:
    async with sessionmaker() as s:
        for account, email in (
            (palu.kapus, "kapus@palukota.go.id"),
            (palu.siti, "siti@palukota.go.id"),
        ):
            await s.execute(update(User).where(User.id == account.user.id).values(email=email))
        await s.commit()
    skp_id = await siti_submits(client, palu)
    ok(await act(client, palu.kapus, skp_id, "approve"))
    await round_(sessionmaker, settings)
    recipients = sorted(to for tos, _ in inbox.messages for to in tos)
    # kapus: his own SKP approved, Siti's waiting for him; Siti: hers approved (not her own
    # submission); the kadis has no e-mail address
    assert recipients == ["kapus@palukota.go.id"] * 2 + ["siti@palukota.go.id"]
    siti = next(m for tos, m in inbox.messages if tos == ["siti@palukota.go.id"])
    body = siti.get_payload(decode=True)
    assert isinstance(body, bytes)
    text = body.decode()
    assert "SKP 2026 Anda telah disetujui." in text
    assert "Your SKP 2026 has been approved." in text
    assert siti["From"] == "kinerja@palukota.go.id"
    # sent once: another round sends nothing
    inbox.messages.clear()
    await round_(sessionmaker, settings)
    assert inbox.messages == []
