"""Webhook subscriptions: registration, update, disable/enable, delete, the delivery log and
manual redelivery. Sending is the worker's (``integration.worker``)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid

from cryptography.fernet import Fernet
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.config import Settings
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import NotFound, invalid_field
from kinerja_api.integration import webhook_rules
from kinerja_api.integration.errors import WebhookDeliveryPending
from kinerja_api.integration.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from kinerja_api.integration.schemas import (
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
)


def _fernet(settings: Settings) -> Fernet:
    key = hashlib.sha256(b"kinerja webhook secrets\0" + settings.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(settings: Settings, secret: str) -> str:
    """The signing secret as stored (encrypted with a key derived from ``secret_key``)."""
    return _fernet(settings).encrypt(secret.encode()).decode()


def unseal(settings: Settings, stored: str) -> str:
    return _fernet(settings).decrypt(stored.encode()).decode()


def _check_url(url: str, settings: Settings) -> None:
    problem = webhook_rules.target_problem(url, settings.webhook_allow_private_targets)
    if problem is not None:
        raise invalid_field("url", "webhook_target_not_allowed", *problem)


async def create(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    org_id: uuid.UUID,
    data: WebhookCreate,
) -> tuple[WebhookSubscription, str]:
    _check_url(data.url, settings)
    secret = webhook_rules.SECRET_PREFIX + secrets.token_urlsafe(32)
    hook = WebhookSubscription(
        organization_id=org_id,
        url=data.url,
        description=data.description,
        event_types=sorted({e.value for e in data.event_types}),
        secret=seal(settings, secret),
        created_by=principal.user_id,
    )
    session.add(hook)
    await session.flush()
    return hook, secret


async def visible(
    session: AsyncSession, principal: Principal, webhook_id: uuid.UUID
) -> WebhookSubscription:
    hook = await session.get(WebhookSubscription, webhook_id)
    if hook is None or not principal.can_access_org(hook.organization_id):
        raise NotFound()
    return hook


async def update(
    session: AsyncSession, settings: Settings, hook: WebhookSubscription, data: WebhookUpdate
) -> WebhookSubscription:
    values = data.model_dump(exclude_unset=True)
    if values.get("url") is not None:
        _check_url(values["url"], settings)
        hook.url = values["url"]
    if "description" in values:
        hook.description = values["description"]
    if values.get("event_types") is not None:
        hook.event_types = sorted({e.value for e in data.event_types or []})
    if values.get("active") is True and not hook.active:
        # enabled again: the waiting deliveries go out at once, in order
        hook.active = True
        hook.disabled_at = None
        hook.disabled_reason = None
        hook.consecutive_failures = 0
        hook.next_attempt_at = None
    elif values.get("active") is False and hook.active:
        hook.active = False
        hook.disabled_at = utcnow()
        hook.disabled_reason = "disabled by an administrator"
    await session.flush()
    return hook


async def delete(session: AsyncSession, hook: WebhookSubscription) -> None:
    await session.delete(hook)
    await session.flush()


async def pending_count(session: AsyncSession, hook_id: uuid.UUID) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(
                WebhookDelivery.subscription_id == hook_id,
                WebhookDelivery.status == DeliveryStatus.PENDING,
            )
        )
        or 0
    )


async def to_read(session: AsyncSession, hook: WebhookSubscription) -> WebhookRead:
    return WebhookRead(
        id=hook.id,
        organization_id=hook.organization_id,
        url=hook.url,
        description=hook.description,
        event_types=hook.event_types,
        active=hook.active,
        disabled_at=hook.disabled_at,
        disabled_reason=hook.disabled_reason,
        consecutive_failures=hook.consecutive_failures,
        next_attempt_at=hook.next_attempt_at,
        last_success_at=hook.last_success_at,
        pending_deliveries=await pending_count(session, hook.id),
        created_at=hook.created_at,
        updated_at=hook.updated_at,
        version=hook.version,
    )


def delivery_read(d: WebhookDelivery) -> DeliveryRead:
    return DeliveryRead.model_validate(d, from_attributes=True)


async def visible_delivery(
    session: AsyncSession, principal: Principal, delivery_id: uuid.UUID
) -> WebhookDelivery:
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None or not principal.can_access_org(delivery.organization_id):
        raise NotFound()
    return delivery


async def redeliver(session: AsyncSession, delivery: WebhookDelivery) -> WebhookDelivery:
    """A new delivery of the same event to the same subscription (sent by the worker)."""
    if delivery.status is DeliveryStatus.PENDING:
        raise WebhookDeliveryPending()
    copy = WebhookDelivery(
        organization_id=delivery.organization_id,
        subscription_id=delivery.subscription_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        redelivery_of=delivery.id,
    )
    session.add(copy)
    await session.flush()
    return copy
