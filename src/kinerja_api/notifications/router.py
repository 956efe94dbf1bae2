"""HTTP: my notifications (in-app feed), made by the worker from the outbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kinerja_api.auth.deps import CurrentPrincipal
from kinerja_api.auth.permissions import Principal
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.errors import Forbidden
from kinerja_api.core.i18n import get_lang
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.notifications import service
from kinerja_api.notifications.messages import render
from kinerja_api.notifications.models import Notification
from kinerja_api.notifications.schemas import MarkedRead, MarkRead, NotificationRead

router = APIRouter(tags=["notifications"])

NOT_A_PERSON = {
    "id": "Akun layanan tidak menerima pemberitahuan.",
    "en": "Service accounts receive no notifications.",
}


def _person(principal: Principal) -> None:
    if principal.is_service:
        raise Forbidden(NOT_A_PERSON)


@router.get(
    "/me/notifications",
    response_model=Page[NotificationRead],
    summary="My notifications",
    description="Newest first: my SKP approved or returned, SKPs waiting for my approval, my "
    "activity reports reviewed, my appraisal finalized or objection decided, dialogues I am "
    "invited to. Made by `kinerja worker` from the same events as webhooks (a few seconds "
    "after the change). `unread=true` for the unread ones.",
    responses=problems(*AUTHED),
)
async def my_notifications(
    principal: CurrentPrincipal,
    session: SessionDep,
    page: PageDep,
    unread: Annotated[bool | None, Query(description="Only unread (`true`) or read.")] = None,
) -> Page[NotificationRead]:
    _person(principal)
    rows, cursor = await paginate(
        session,
        service.feed(principal.user_id, unread),
        page,
        sorts={"created_at": Notification.created_at},
        default_sort="-created_at",
        id_column=Notification.id,
    )
    lang = get_lang()
    items = [
        NotificationRead(
            id=n.id,
            kind=n.kind,
            message=render(n.kind, n.params, lang),
            subject_type=n.subject_type,
            subject_id=n.subject_id,
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n in rows
    ]
    return Page[NotificationRead](items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/me/notifications/read",
    response_model=MarkedRead,
    summary="Mark my notifications read",
    description="The listed ones, or all of mine when `ids` is omitted.",
    responses=problems(*AUTHED, 422),
)
async def mark_read(body: MarkRead, principal: CurrentPrincipal, session: SessionDep) -> MarkedRead:
    _person(principal)
    return MarkedRead(marked=await service.mark_read(session, principal.user_id, body.ids))
