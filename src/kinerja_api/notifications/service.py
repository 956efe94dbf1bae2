"""Notifications from outbox events (who hears of what), the feed, and e-mail.

:func:`from_events` runs in the worker's fan-out transaction (``integration.worker``), so an
event becomes its notifications exactly once; a person never hears of their own action.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import uuid
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja_api.auth.models import User
from kinerja_api.core import clock
from kinerja_api.core.config import Settings
from kinerja_api.core.i18n import Lang
from kinerja_api.core.outbox import EventType, OutboxEvent
from kinerja_api.notifications.messages import SUBJECT, render
from kinerja_api.notifications.models import Notification
from kinerja_api.organizations.models import Employee, Organization
from kinerja_api.organizations.scope import appraisers_of
from kinerja_api.organizations.service import org_today

log = logging.getLogger("kinerja.notifications")

#: Events whose subject person (``employee_id`` of the payload) is told.
TO_OWNER = {
    EventType.SKP_APPROVED.value,
    EventType.SKP_RETURNED.value,
    EventType.ACTIVITY_REPORT_REVIEWED.value,
    EventType.APPRAISAL_FINALIZED.value,
    EventType.OBJECTION_DECIDED.value,
}


async def _employees_told(session: AsyncSession, event: OutboxEvent) -> list[uuid.UUID]:
    data = event.payload
    if event.event_type in TO_OWNER and data.get("employee_id"):
        return [uuid.UUID(data["employee_id"])]
    if event.event_type == EventType.SKP_SUBMITTED.value and data.get("employee_id"):
        org = await session.get(Organization, event.organization_id)
        if org is None:
            return []
        found = await appraisers_of(
            session, uuid.UUID(data["employee_id"]), org_today(org, event.occurred_at)
        )
        return [found.appraiser.employee_id] if found.appraiser is not None else []
    if event.event_type == EventType.DIALOGUE_SCHEDULED.value:
        return [uuid.UUID(p) for p in data.get("participant_ids", [])]
    return []


async def from_events(session: AsyncSession, events: Sequence[OutboxEvent]) -> int:
    """Add the notifications of ``events`` (in the caller's transaction); returns how many."""
    made = 0
    for event in events:
        employees = await _employees_told(session, event)
        if not employees:
            continue
        users = list(
            await session.scalars(
                select(User).where(User.employee_id.in_(employees), User.is_active.is_(True))
            )
        )
        params: dict[str, Any] = dict(event.payload)
        if event.event_type == EventType.SKP_SUBMITTED.value:
            owner = await session.get(Employee, uuid.UUID(params["employee_id"]))
            params["owner"] = owner.name if owner is not None else "-"
        for user in users:
            if user.id == event.actor_user_id:
                continue
            session.add(
                Notification(
                    organization_id=event.organization_id,
                    user_id=user.id,
                    event_id=event.id,
                    kind=event.event_type,
                    subject_type=event.subject_type,
                    subject_id=event.subject_id,
                    params=params,
                    created_at=event.occurred_at,
                )
            )
            made += 1
    return made


def feed(user_id: uuid.UUID, unread: bool | None) -> Select[Any]:
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread is True:
        stmt = stmt.where(Notification.read_at.is_(None))
    elif unread is False:
        stmt = stmt.where(Notification.read_at.is_not(None))
    return stmt


async def mark_read(
    session: AsyncSession, user_id: uuid.UUID, ids: Sequence[uuid.UUID] | None
) -> int:
    """Mark the caller's notifications read (``ids``, or all); others' ids change nothing."""
    stmt = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids))
    result = await session.execute(
        stmt.values(read_at=clock.now()).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# ---- e-mail ----------------------------------------------------------------------------------


def _message(settings: Settings, to: str, kind: str, params: dict[str, Any]) -> EmailMessage:
    """Indonesian first, then English: the account has no language of its own yet."""
    langs: tuple[Lang, Lang] = ("id", "en")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = f"{SUBJECT['id']} / {SUBJECT['en']}"
    message.set_content("\n\n".join(render(kind, params, lang) for lang in langs) + "\n")
    return message


def _send(settings: Settings, messages: Sequence[EmailMessage]) -> None:
    assert settings.smtp_host is not None
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        for message in messages:
            smtp.send_message(message)


async def send_emails(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, limit: int = 100
) -> int:
    """E-mail notifications not yet considered (at most once each: a notification is marked
    before its message is handed to the SMTP server, so two workers never both send it)."""
    if settings.smtp_host is None:
        return 0
    async with sessionmaker() as session, session.begin():
        rows = (
            await session.execute(
                select(Notification, User.email)
                .join(User, User.id == Notification.user_id)
                .where(Notification.emailed_at.is_(None))
                .order_by(Notification.created_at, Notification.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=Notification)
            )
        ).all()
        if not rows:
            return 0
        await session.execute(
            update(Notification)
            .where(Notification.id.in_([r[0].id for r in rows]))
            .values(emailed_at=clock.now())
            .execution_options(synchronize_session=False)
        )
    messages = [_message(settings, email, n.kind, n.params) for n, email in rows if email]
    if messages:
        try:
            await asyncio.to_thread(_send, settings, messages)
        except (OSError, smtplib.SMTPException):
            log.exception("sending %d notification e-mails failed; retried", len(messages))
            async with sessionmaker() as session, session.begin():
                await session.execute(
                    update(Notification)
                    .where(Notification.id.in_([r[0].id for r in rows]))
                    .values(emailed_at=None)
                    .execution_options(synchronize_session=False)
                )
            return 0
    return len(messages)
