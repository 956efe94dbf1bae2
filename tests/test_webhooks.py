"""Webhooks end to end: subscriptions through the HTTP API, the worker's delivery function
against a real HTTP server started by the test (signatures verified there, as a receiver
would), retries with backoff, order per subscription, disabling after failures, redelivery,
a worker dying mid-batch, two workers at once."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Palu, World, assert_problem
from kinerja_api.core import outbox
from kinerja_api.core.clock import set_clock
from kinerja_api.core.config import Settings
from kinerja_api.core.outbox import EventType
from kinerja_api.integration import webhook_rules, worker
from kinerja_api.integration.models import WebhookSubscription
from skp_support import API, ok

LOCAL = pytest.mark.settings(
    webhook_allow_private_targets=True,
    webhook_backoff_base_seconds=10,
    webhook_backoff_max_seconds=60,
    webhook_disable_after=3,
    webhook_timeout_seconds=3,
)


# ---- a receiver: a real HTTP server in a thread ----------------------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def document(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass
class Receiver:
    secret: str = ""
    status: int = 200
    answer: bytes = b"ok"
    got: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/kinerja"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.got.append(Received(dict(self.headers.items()), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(len(receiver.answer)))
                self.end_headers()
                self.wfile.write(receiver.answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Down: connections are refused until :meth:`start` again (same port)."""
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    def verified(self) -> list[dict[str, Any]]:
        """What a receiver does with each request: check the signature (a few lines of
        standard library, as in the README), then read the event."""
        events = []
        for r in self.got:
            header = r.headers["Kinerja-Signature"]
            fields = dict(p.split("=", 1) for p in header.split(","))
            signed = fields["t"].encode() + b"." + r.body
            expected = hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(expected, fields["v1"]), "bad signature"
            assert abs(time.time() - int(fields["t"])) < 300 or NOW.fixed
            events.append(r.document)
        return events


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.start()
    yield r
    if r.server is not None:
        r.stop()


class _Now:
    """The worker's clock, moved by the tests (backoff, leases)."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)
        self.fixed = False

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.fixed = True
        self.at += timedelta(seconds=seconds)


NOW = _Now()


@pytest.fixture
def clock() -> Iterator[_Now]:
    NOW.at = datetime.now(UTC)
    NOW.fixed = False
    set_clock(NOW)
    yield NOW
    set_clock(None)


async def register(
    client: httpx.AsyncClient, palu: Palu, url: str, types: list[str] | None = None
) -> dict[str, Any]:
    return ok(
        await client.post(
            f"{API}/organizations/{palu.org.id}/webhooks",
            headers=palu.admin.headers,
            json={"url": url, "event_types": types or ["skp.approved", "skp.submitted"]},
        ),
        201,
    )


async def emit(
    sessionmaker: async_sessionmaker[AsyncSession],
    org_id: uuid.UUID,
    n: int,
    etype: EventType = EventType.SKP_APPROVED,
) -> list[uuid.UUID]:
    """``n`` events as the services record them, each in a transaction of its own."""
    ids = []
    for i in range(n):
        async with sessionmaker() as s:
            event = outbox.record(s, org_id, etype, "skp", uuid.uuid4(), {"n": i})
            ids.append(event.id)
            await s.commit()
    return ids


async def run(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, owner: str = "w1"
) -> worker.Outcome:
    async with httpx.AsyncClient() as http:
        return await worker.run_once(
            sessionmaker, settings, http, owner=owner, rng=random.Random(7)
        )


async def hook_row(
    sessionmaker: async_sessionmaker[AsyncSession], hook_id: str
) -> WebhookSubscription:
    async with sessionmaker() as s:
        row = await s.get(WebhookSubscription, uuid.UUID(hook_id))
        assert row is not None
        return row


# ---- registration ----------------------------------------------------------------------------


async def test_register_list_update_delete(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    created = await register(client, palu, "https://tpp.palukota.go.id/hooks/kinerja")
    assert created["secret"].startswith("whsec_")
    hook = created["webhook"]
    assert hook["event_types"] == ["skp.approved", "skp.submitted"]
    assert hook["active"] is True
    url = f"{API}/webhooks/{hook['id']}"
    read = await client.get(url, headers=palu.admin.headers)
    assert read.status_code == 200
    assert "secret" not in read.text
    listed = ok(
        await client.get(
            f"{API}/organizations/{palu.org.id}/webhooks",
            headers=palu.admin.headers,
            params={"limit": 1},
        )
    )
    assert [h["id"] for h in listed["items"]] == [hook["id"]]
    # the secret is never in a listing either
    assert "secret" not in json.dumps(listed)
    # update with If-Match; disable by hand
    r = await client.patch(
        url,
        headers={**palu.admin.headers, "If-Match": read.headers["ETag"]},
        json={"active": False, "event_types": ["appraisal.finalized"]},
    )
    body = ok(r)
    assert body["active"] is False
    assert body["disabled_reason"] == "disabled by an administrator"
    assert body["event_types"] == ["appraisal.finalized"]
    stale = await client.patch(
        url, headers={**palu.admin.headers, "If-Match": read.headers["ETag"]}, json={}
    )
    assert stale.status_code == 412
    # staff: refused at the gate; another instansi's admin: no such webhook
    assert (await client.get(url, headers=palu.siti.headers)).status_code == 403
    assert (await client.get(url, headers=world.other_admin.headers)).status_code == 404
    assert (await client.delete(url, headers=world.other_admin.headers)).status_code == 404
    other_list = await client.get(
        f"{API}/organizations/{palu.org.id}/webhooks", headers=world.other_admin.headers
    )
    assert other_list.status_code == 404
    assert (await client.delete(url, headers=palu.admin.headers)).status_code == 204
    assert (await client.get(url, headers=palu.admin.headers)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://tpp.palukota.go.id/hooks",  # not https
        "https://127.0.0.1/hooks",
        "https://localhost:8443/hooks",
        "https://10.1.2.3/hooks",
        "https://192.168.1.10/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://intranet/hooks",
        "https://user:pw@tpp.palukota.go.id/hooks",
        "ftp://tpp.palukota.go.id/hooks",
    ],
)
async def test_targets_refused(client: httpx.AsyncClient, palu: Palu, url: str) -> None:
    r = await client.post(
        f"{API}/organizations/{palu.org.id}/webhooks",
        headers=palu.admin.headers,
        json={"url": url, "event_types": ["skp.approved"]},
    )
    problem = assert_problem(r, 422, "validation_failed")
    assert problem["errors"][0]["field"] == "url"
    assert problem["errors"][0]["type"] == "webhook_target_not_allowed"


def test_target_rules_with_private_targets_allowed() -> None:
    allowed = webhook_rules.target_problem
    assert allowed("http://127.0.0.1:9000/h", allow_private=True) is None
    assert allowed("http://localhost:9000/h", allow_private=True) is None
    assert allowed("https://10.1.2.3/h", allow_private=True) is None
    assert allowed("http://10.1.2.3/h", allow_private=True) is not None  # http: loopback only
    assert webhook_rules.address_allowed("8.8.8.8", allow_private=False)
    assert not webhook_rules.address_allowed("10.0.0.1", allow_private=False)
    assert not webhook_rules.address_allowed("::1", allow_private=False)


def test_backoff_grows_with_jitter_and_cap() -> None:
    rng = random.Random(1)
    delays = [webhook_rules.backoff(n, 10, 300, rng) for n in range(1, 9)]
    for n, d in enumerate(delays, start=1):
        full = min(300, 10 * 2 ** (n - 1))
        assert full / 2 <= d <= full
    assert max(delays) <= 300


def test_signature_verification() -> None:
    body = b'{"id":"x"}'
    now = datetime(2026, 12, 5, 1, tzinfo=UTC)
    ts = int(now.timestamp())
    header = webhook_rules.signature_header("whsec_a", ts, body)
    assert webhook_rules.verify("whsec_a", header, body, now)
    assert not webhook_rules.verify("whsec_b", header, body, now)
    assert not webhook_rules.verify("whsec_a", header, body + b" ", now)
    assert not webhook_rules.verify("whsec_a", header, body, now + timedelta(minutes=6))


# ---- delivery --------------------------------------------------------------------------------


@LOCAL
async def test_delivered_signed_in_order_and_logged(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
) -> None:
    created = await register(client, palu, receiver.url)
    receiver.secret = created["secret"]
    approved = await emit(sessionmaker, palu.org.id, 3)
    # another type and another organization's events are not this subscription's
    await emit(sessionmaker, palu.org.id, 1, EventType.PERIOD_OPENED)
    outcome = await run(sessionmaker, settings)
    assert outcome.delivered == 3
    assert outcome.failed == 0
    events = receiver.verified()
    assert [e["id"] for e in events] == [str(i) for i in approved]
    assert [e["data"]["n"] for e in events] == [0, 1, 2]
    assert {e["type"] for e in events} == {"skp.approved"}
    first = receiver.got[0].headers
    assert first["Kinerja-Event"] == "skp.approved"
    assert webhook_rules.verify(
        receiver.secret, first["Kinerja-Signature"], receiver.got[0].body, clock()
    )
    # nothing more to do: no second delivery
    assert (await run(sessionmaker, settings)).delivered == 0
    assert len(receiver.got) == 3
    log = ok(
        await client.get(
            f"{API}/webhooks/{created['webhook']['id']}/deliveries", headers=palu.admin.headers
        )
    )
    assert len(log["items"]) == 3
    assert {d["status"] for d in log["items"]} == {"delivered"}
    assert {d["response_status"] for d in log["items"]} == {200}
    assert {d["attempts"] for d in log["items"]} == {1}
    assert {d["id"] for d in log["items"]} == {r.headers["Kinerja-Delivery"] for r in receiver.got}


@LOCAL
async def test_receiver_down_then_up_gets_each_event_once_in_order(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
) -> None:
    created = await register(client, palu, receiver.url)
    receiver.secret = created["secret"]
    hook_id = created["webhook"]["id"]
    receiver.stop()
    ids = await emit(sessionmaker, palu.org.id, 2)
    outcome = await run(sessionmaker, settings)
    assert (outcome.delivered, outcome.failed) == (0, 1)  # the first failure stops the queue
    row = await hook_row(sessionmaker, hook_id)
    assert row.consecutive_failures == 1
    assert row.next_attempt_at is not None
    wait = (row.next_attempt_at - clock()).total_seconds()
    assert 5 <= wait <= 10  # base 10 s, equal jitter
    # not due yet: nothing is tried
    assert (await run(sessionmaker, settings)).failed == 0
    clock.advance(11)
    assert (await run(sessionmaker, settings)).failed == 1
    row = await hook_row(sessionmaker, hook_id)
    assert row.consecutive_failures == 2
    assert 10 <= (row.next_attempt_at - clock()).total_seconds() <= 20  # type: ignore[operator]
    ids += await emit(sessionmaker, palu.org.id, 1)  # more while it is down
    receiver.start()
    clock.advance(21)
    outcome = await run(sessionmaker, settings)
    assert (outcome.delivered, outcome.failed) == (3, 0)
    assert [e["id"] for e in receiver.verified()] == [str(i) for i in ids]
    row = await hook_row(sessionmaker, hook_id)
    assert row.consecutive_failures == 0
    assert row.next_attempt_at is None
    log = ok(await client.get(f"{API}/webhooks/{hook_id}/deliveries", headers=palu.admin.headers))
    first = next(d for d in log["items"] if d["event_id"] == str(ids[0]))
    assert first["attempts"] == 3
    assert first["status"] == "delivered"


@LOCAL
async def test_disabled_after_failures_then_enabled_again(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
) -> None:
    created = await register(client, palu, receiver.url)
    receiver.secret = created["secret"]
    hook_id = created["webhook"]["id"]
    receiver.status = 500
    receiver.answer = b"x" * 5000
    ids = await emit(sessionmaker, palu.org.id, 2)
    for _ in range(3):
        assert (await run(sessionmaker, settings)).failed == 1
        clock.advance(3600)
    assert (await run(sessionmaker, settings)).failed == 0  # disabled: no more attempts
    hook = ok(await client.get(f"{API}/webhooks/{hook_id}", headers=palu.admin.headers))
    assert hook["active"] is False
    assert "3 consecutive failed deliveries" in hook["disabled_reason"]
    assert "HTTP 500" in hook["disabled_reason"]
    assert hook["pending_deliveries"] == 2
    log = ok(await client.get(f"{API}/webhooks/{hook_id}/deliveries", headers=palu.admin.headers))
    first = next(d for d in log["items"] if d["event_id"] == str(ids[0]))
    assert first["attempts"] == 3
    assert first["response_status"] == 500
    assert len(first["response_body"]) == webhook_rules.BODY_LIMIT  # kept short
    pending = ok(
        await client.get(
            f"{API}/webhooks/{hook_id}/deliveries",
            headers=palu.admin.headers,
            params={"status": "delivered"},
        )
    )
    assert pending["items"] == []
    # the receiver is fixed; the admin enables the subscription: what waited goes out in order
    receiver.status = 200
    receiver.answer = b"ok"
    receiver.got.clear()
    etag = (await client.get(f"{API}/webhooks/{hook_id}", headers=palu.admin.headers)).headers[
        "ETag"
    ]
    ok(
        await client.patch(
            f"{API}/webhooks/{hook_id}",
            headers={**palu.admin.headers, "If-Match": etag},
            json={"active": True},
        )
    )
    assert (await run(sessionmaker, settings)).delivered == 2
    assert [e["id"] for e in receiver.verified()] == [str(i) for i in ids]


@LOCAL
async def test_redelivery(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
    world: World,
) -> None:
    created = await register(client, palu, receiver.url)
    receiver.secret = created["secret"]
    hook_id = created["webhook"]["id"]
    [event_id] = await emit(sessionmaker, palu.org.id, 1)
    await run(sessionmaker, settings)
    log = ok(await client.get(f"{API}/webhooks/{hook_id}/deliveries", headers=palu.admin.headers))
    delivery = log["items"][0]["id"]
    url = f"{API}/webhook-deliveries/{delivery}/redeliver"
    assert (await client.post(url, headers=world.other_admin.headers)).status_code == 404
    again = ok(await client.post(url, headers=palu.admin.headers), 202)
    assert again["status"] == "pending"
    assert again["redelivery_of"] == delivery
    assert_problem(
        await client.post(
            f"{API}/webhook-deliveries/{again['id']}/redeliver", headers=palu.admin.headers
        ),
        409,
        "webhook_delivery_pending",
    )
    assert (await run(sessionmaker, settings)).delivered == 1
    events = receiver.verified()
    assert [e["id"] for e in events] == [str(event_id)] * 2  # the same event: de-duplicable
    assert (
        receiver.got[0].headers["Kinerja-Delivery"] != receiver.got[1].headers["Kinerja-Delivery"]
    )


@LOCAL
async def test_worker_killed_mid_batch_loses_nothing(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
) -> None:
    created = await register(client, palu, receiver.url)
    receiver.secret = created["secret"]
    ids = await emit(sessionmaker, palu.org.id, 3)
    await worker.dispatch_events(sessionmaker)
    # a worker claims the subscription and dies before sending anything
    claimed = await worker._claim(sessionmaker, "dead", timedelta(seconds=60), 10)
    assert [str(c) for c in claimed] == [created["webhook"]["id"]]
    # the lease holds others off...
    assert (await run(sessionmaker, settings, owner="w2")).delivered == 0
    # ...until it expires; then another worker sends everything, once, in order
    clock.advance(61)
    assert (await run(sessionmaker, settings, owner="w2")).delivered == 3
    assert [e["id"] for e in receiver.verified()] == [str(i) for i in ids]
    # the dead worker's late release changes nothing
    assert (await run(sessionmaker, settings, owner="dead")).delivered == 0


@LOCAL
async def test_two_workers_at_once_deliver_each_event_once(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
) -> None:
    hooks = [await register(client, palu, receiver.url) for _ in range(3)]
    receiver.secret = hooks[0]["secret"]
    await emit(sessionmaker, palu.org.id, 4)
    a, b = await asyncio.gather(
        run(sessionmaker, settings, owner="a"), run(sessionmaker, settings, owner="b")
    )
    assert a.delivered + b.delivered == 12  # 4 events x 3 subscriptions
    pairs = [(r.headers["Kinerja-Delivery"]) for r in receiver.got]
    assert len(pairs) == len(set(pairs)) == 12


async def test_private_target_refused_at_delivery(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Receiver,
    clock: _Now,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A public name that resolves to a private address at delivery time (DNS changed after
    registration, or rebinding) is not called."""
    await register(client, palu, "https://tpp.palukota.go.id/hooks", ["skp.approved"])

    def private(*_: Any, **__: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 443))]

    monkeypatch.setattr(socket, "getaddrinfo", private)
    await emit(sessionmaker, palu.org.id, 1)
    outcome = await run(sessionmaker, settings)
    assert (outcome.delivered, outcome.failed) == (0, 1)
    log = ok(
        await client.get(f"{API}/organizations/{palu.org.id}/webhooks", headers=palu.admin.headers)
    )
    assert log["items"][0]["consecutive_failures"] == 1
