"""``kinerja worker``: hands outbox events to webhook subscriptions and sends them.

Two steps, each in short transactions (no transaction stays open while a receiver answers):

1. **Fan-out** (:func:`dispatch_events`): events not yet dispatched become one pending
   delivery per subscription of their organization that wants their type (enabled or not:
   a disabled subscription keeps its queue until enabled again), and are marked dispatched.
2. **Delivery** (:func:`deliver_due`): a worker *leases* subscriptions that have pending
   deliveries and are due (not backing off), then sends each one's pending deliveries in
   event order; the first failure stops that subscription (later events wait behind it, so a
   receiver sees one subscription's events in order) and schedules the retry with
   exponential backoff and jitter; after ``webhook_disable_after`` consecutive failures the
   subscription is disabled with the reason.

Several workers may run at once: on PostgreSQL both claims read with ``FOR UPDATE SKIP
LOCKED``, so two workers never take the same events or subscriptions; on SQLite every write
transaction begins ``IMMEDIATE`` (one writer at a time), which makes the same claim atomic.
A worker that dies mid-batch leaves its lease to expire: another one sends what it had not
confirmed. A delivery is confirmed only after the receiver's 2xx, so it may come twice
(receiver answered, worker died before recording it): receivers de-duplicate by event
``id`` (at-least-once).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja_api.core import clock
from kinerja_api.core.config import Settings
from kinerja_api.core.outbox import OutboxEvent
from kinerja_api.integration import webhook_rules
from kinerja_api.integration.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from kinerja_api.integration.webhooks import unseal

log = logging.getLogger("kinerja.worker")
FANOUT_BATCH = 500


@dataclass
class Outcome:
    """What one call of :func:`run_once` did."""

    dispatched: int = 0
    delivered: int = 0
    failed: int = 0
    disabled: list[uuid.UUID] = field(default_factory=list)


#: Something else fed by the events in the fan-out transaction (e.g. notifications).
Consumer = Callable[[AsyncSession, Sequence[OutboxEvent]], Awaitable[object]]
#: Work of another kind done once per round (e.g. sending e-mail).
Chore = Callable[[], Awaitable[object]]


async def dispatch_events(
    sessionmaker: async_sessionmaker[AsyncSession],
    limit: int = FANOUT_BATCH,
    consumers: Sequence[Consumer] = (),
) -> int:
    """Fan out undispatched events (oldest first) to their subscriptions and ``consumers``
    in one transaction; returns how many events were dispatched."""
    async with sessionmaker() as session, session.begin():
        events = list(
            await session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.dispatched_at.is_(None))
                .order_by(OutboxEvent.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not events:
            return 0
        orgs = {e.organization_id for e in events}
        hooks = list(
            await session.scalars(
                select(WebhookSubscription).where(WebhookSubscription.organization_id.in_(orgs))
            )
        )
        now = clock.now()
        for event in events:
            for hook in hooks:
                if hook.organization_id == event.organization_id and (
                    event.event_type in hook.event_types
                ):
                    session.add(
                        WebhookDelivery(
                            organization_id=event.organization_id,
                            subscription_id=hook.id,
                            event_id=event.id,
                            event_type=event.event_type,
                            created_at=now,
                        )
                    )
            event.dispatched_at = now
        for consume in consumers:
            await consume(session, events)
    return len(events)


async def _claim(
    sessionmaker: async_sessionmaker[AsyncSession], owner: str, lease: timedelta, limit: int
) -> list[uuid.UUID]:
    """Lease up to ``limit`` due subscriptions with pending deliveries to ``owner``."""
    now = clock.now()
    async with sessionmaker() as session, session.begin():
        has_work = exists().where(
            WebhookDelivery.subscription_id == WebhookSubscription.id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
        )
        ids = list(
            await session.scalars(
                select(WebhookSubscription.id)
                .where(
                    WebhookSubscription.active.is_(True),
                    or_(
                        WebhookSubscription.next_attempt_at.is_(None),
                        WebhookSubscription.next_attempt_at <= now,
                    ),
                    or_(
                        WebhookSubscription.lease_until.is_(None),
                        WebhookSubscription.lease_until < now,
                    ),
                    has_work,
                )
                .order_by(WebhookSubscription.next_attempt_at.nulls_first(), WebhookSubscription.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if ids:
            await session.execute(
                update(WebhookSubscription)
                .where(WebhookSubscription.id.in_(ids))
                .values(lease_owner=owner, lease_until=now + lease)
                .execution_options(synchronize_session=False)
            )
    return ids


def _body(event: OutboxEvent) -> bytes:
    document = {
        "id": str(event.id),
        "type": event.event_type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "organization_id": str(event.organization_id),
        "subject": {"type": event.subject_type, "id": str(event.subject_id)},
        "data": event.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


async def _resolve_allowed(url: str, allow_private: bool) -> str | None:
    """Why the target cannot be called now (its name resolves to a refused address)."""
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"cannot resolve {host}: {exc}"
    refused = [
        i[4][0] for i in infos if not webhook_rules.address_allowed(str(i[4][0]), allow_private)
    ]
    if refused or not infos:
        return f"{host} resolves to a refused address ({', '.join(map(str, refused))})"
    return None


@dataclass
class _Attempt:
    ok: bool
    status: int | None = None
    body: str | None = None
    error: str | None = None
    duration_ms: int = 0


async def _send(
    client: httpx.AsyncClient,
    settings: Settings,
    hook: WebhookSubscription,
    delivery_id: uuid.UUID,
    event: OutboxEvent,
) -> _Attempt:
    problem = webhook_rules.target_problem(hook.url, settings.webhook_allow_private_targets)
    if problem is None:
        why = await _resolve_allowed(hook.url, settings.webhook_allow_private_targets)
    else:
        why = problem[1]
    if why is not None:
        return _Attempt(ok=False, error=why[:500])
    body = _body(event)
    timestamp = int(clock.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "kinerja-webhooks/1",
        webhook_rules.DELIVERY_HEADER: str(delivery_id),
        webhook_rules.EVENT_HEADER: event.event_type,
        webhook_rules.SIGNATURE_HEADER: webhook_rules.signature_header(
            unseal(settings, hook.secret), timestamp, body
        ),
    }
    started = time.monotonic()
    try:
        async with client.stream(
            "POST",
            hook.url,
            content=body,
            headers=headers,
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
        ) as response:
            kept = b""
            async for chunk in response.aiter_bytes():
                kept += chunk
                if len(kept) >= webhook_rules.BODY_LIMIT:
                    break
        text = kept[: webhook_rules.BODY_LIMIT].decode("utf-8", "replace")
        took = int((time.monotonic() - started) * 1000)
        if 200 <= response.status_code < 300:
            return _Attempt(ok=True, status=response.status_code, body=text, duration_ms=took)
        return _Attempt(
            ok=False,
            status=response.status_code,
            body=text,
            error=f"HTTP {response.status_code}",
            duration_ms=took,
        )
    except httpx.HTTPError as exc:
        took = int((time.monotonic() - started) * 1000)
        return _Attempt(ok=False, error=f"{type(exc).__name__}: {exc}"[:500], duration_ms=took)


async def _deliver_subscription(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    settings: Settings,
    hook_id: uuid.UUID,
    owner: str,
    rng: random.Random,
    outcome: Outcome,
) -> None:
    async with sessionmaker() as session:
        hook = await session.get(WebhookSubscription, hook_id)
        if hook is None or hook.lease_owner != owner:
            return
        rows = (
            await session.execute(
                select(WebhookDelivery.id, OutboxEvent)
                .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
                .where(
                    WebhookDelivery.subscription_id == hook_id,
                    WebhookDelivery.status == DeliveryStatus.PENDING,
                )
                .order_by(WebhookDelivery.event_id, WebhookDelivery.id)
                .limit(settings.worker_batch)
            )
        ).all()
        queue: Sequence[tuple[uuid.UUID, OutboxEvent]] = [(r[0], r[1]) for r in rows]
    for delivery_id, event in queue:
        attempt = await _send(client, settings, hook, delivery_id, event)
        now = clock.now()
        async with sessionmaker() as session, session.begin():
            values: dict[str, object] = {
                "attempts": WebhookDelivery.attempts + 1,
                "last_attempt_at": now,
                "response_status": attempt.status,
                "response_body": attempt.body,
                "error": attempt.error,
                "duration_ms": attempt.duration_ms,
            }
            if attempt.ok:
                values |= {"status": DeliveryStatus.DELIVERED, "delivered_at": now}
            await session.execute(
                update(WebhookDelivery)
                .where(
                    WebhookDelivery.id == delivery_id,
                    WebhookDelivery.status == DeliveryStatus.PENDING,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if attempt.ok:
                outcome.delivered += 1
                await session.execute(
                    update(WebhookSubscription)
                    .where(WebhookSubscription.id == hook_id)
                    .values(consecutive_failures=0, next_attempt_at=None, last_success_at=now)
                    .execution_options(synchronize_session=False)
                )
                continue
            outcome.failed += 1
            fresh = await session.get(WebhookSubscription, hook_id, populate_existing=True)
            if fresh is None:
                return
            failures = fresh.consecutive_failures + 1
            if failures >= settings.webhook_disable_after:
                # a versioned, audited change: the admin's ETag moves
                fresh.active = False
                fresh.disabled_at = now
                fresh.disabled_reason = (
                    f"{failures} consecutive failed deliveries; last: "
                    f"{attempt.error or 'no answer'}"
                )[:500]
                fresh.consecutive_failures = failures
                fresh.next_attempt_at = None
                fresh.lease_owner = None
                fresh.lease_until = None
                outcome.disabled.append(hook_id)
                log.warning("webhook %s disabled: %s", hook_id, fresh.disabled_reason)
            else:
                delay = webhook_rules.backoff(
                    failures,
                    settings.webhook_backoff_base_seconds,
                    settings.webhook_backoff_max_seconds,
                    rng,
                )
                await session.execute(
                    update(WebhookSubscription)
                    .where(WebhookSubscription.id == hook_id)
                    .values(
                        consecutive_failures=failures,
                        next_attempt_at=now + timedelta(seconds=delay),
                    )
                    .execution_options(synchronize_session=False)
                )
            break
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(WebhookSubscription)
            .where(WebhookSubscription.id == hook_id, WebhookSubscription.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )


async def deliver_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient,
    *,
    owner: str | None = None,
    rng: random.Random | None = None,
    subscriptions: int = 10,
) -> Outcome:
    """Lease due subscriptions and send their pending deliveries (see the module)."""
    owner = owner or uuid.uuid4().hex
    rng = rng or random.Random()  # noqa: S311 -- jitter, not a secret
    lease = timedelta(seconds=settings.webhook_timeout_seconds * (settings.worker_batch + 2))
    outcome = Outcome()
    for hook_id in await _claim(sessionmaker, owner, lease, subscriptions):
        await _deliver_subscription(sessionmaker, client, settings, hook_id, owner, rng, outcome)
    return outcome


async def run_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient,
    *,
    owner: str | None = None,
    rng: random.Random | None = None,
    consumers: Sequence[Consumer] = (),
    chores: Sequence[Chore] = (),
) -> Outcome:
    """One round: fan out every waiting event, deliver what is due, do the chores."""
    dispatched = 0
    while True:
        n = await dispatch_events(sessionmaker, consumers=consumers)
        dispatched += n
        if n < FANOUT_BATCH:
            break
    outcome = await deliver_due(sessionmaker, settings, client, owner=owner, rng=rng)
    outcome.dispatched = dispatched
    for chore in chores:
        await chore()
    return outcome


async def run(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    stop: asyncio.Event,
    *,
    consumers: Sequence[Consumer] = (),
    chores: Sequence[Chore] = (),
) -> None:
    """Rounds until ``stop`` is set; a round in progress finishes (graceful stop)."""
    owner = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
    async with httpx.AsyncClient() as client:
        while not stop.is_set():
            try:
                outcome = await run_once(
                    sessionmaker,
                    settings,
                    client,
                    owner=owner,
                    consumers=consumers,
                    chores=chores,
                )
            except Exception:
                log.exception("worker round failed; retrying")
                outcome = Outcome()
            busy = outcome.dispatched or outcome.delivered or outcome.failed
            if busy:
                log.info(
                    "worker round: %d events dispatched, %d delivered, %d failed",
                    outcome.dispatched,
                    outcome.delivered,
                    outcome.failed,
                )
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.worker_poll_seconds)
