"""``Idempotency-Key`` for creating POSTs: a retried request replays the first response.

How it works, in one transaction with the write itself:
1. The :func:`idempotency_key` dependency (after authentication) looks the key up for the
   caller. Same key + same body → the stored response is replayed; same key + another body
   → 422. Otherwise the key is remembered on the request.
   A lock on (caller, key) (:func:`~kinerja_api.core.db.lock_keys`) makes concurrent
   retries wait for the first one instead of racing it.
2. :class:`IdempotentRoute` runs the handler; on a 2xx it inserts the key and the response in
   the same session before the unit of work commits. If a concurrent request with the same key
   committed first, the unique constraint fails, this request's writes roll back, and the
   winner's response is replayed. Exactly one write survives.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import String, Text, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, lock_keys, utcnow
from kinerja_api.core.errors import FieldError, UnprocessableEntity
from kinerja_api.core.i18n import t
from kinerja_api.core.patterns import described

KEY_TTL = timedelta(hours=24)
REPLAY_HEADER = "Idempotent-Replayed"


class IdempotencyRecord(IdMixin, Base):
    __tablename__ = "idempotency_keys"
    __audit__ = False
    __table_args__ = (UniqueConstraint("principal", "key"),)

    principal: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(512))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column()
    response_body: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(512))
    etag: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class PendingKey:
    principal: str
    key: str
    request_hash: str


class IdempotentReplay(Exception):
    """Raised to abandon this request's writes and answer with the stored response."""

    def __init__(self, principal: str, key: str) -> None:
        self.principal, self.key = principal, key


def _key_error(message: dict[str, str]) -> UnprocessableEntity:
    return UnprocessableEntity(
        errors=[
            FieldError(
                location="header",
                field="Idempotency-Key",
                message=t(message),
                type="idempotency_key",
            )
        ]
    )


def _replay(record: IdempotencyRecord) -> Response:
    headers = {REPLAY_HEADER: "true"}
    if record.location:
        headers["Location"] = record.location
    if record.etag:
        headers["ETag"] = record.etag
    return Response(
        content=record.response_body,
        status_code=record.status_code,
        media_type="application/json",
        headers=headers,
    )


async def _find(session: AsyncSession, principal: str, key: str) -> IdempotencyRecord | None:
    stmt = select(IdempotencyRecord).where(
        IdempotencyRecord.principal == principal, IdempotencyRecord.key == key
    )
    result: IdempotencyRecord | None = await session.scalar(stmt)
    return result


async def _content(request: Request) -> bytes:
    """What makes two requests "the same" for a key: the body, or for multipart forms the
    parts themselves — each request's random boundary would otherwise make a retry differ."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await request.body()
    digest = hashlib.sha256()
    for name, value in (await request.form()).multi_items():
        digest.update(name.encode() + b"\0")
        if isinstance(value, str):
            digest.update(b"v" + value.encode() + b"\0")
        else:
            data = await value.read()
            await value.seek(0)
            digest.update(b"f" + (value.filename or "").encode() + b"\0" + data + b"\0")
    return digest.digest()


async def check_key(request: Request, session: AsyncSession, principal: str, key: str) -> None:
    content = await _content(request)
    digest = hashlib.sha256(
        request.method.encode() + b" " + request.url.path.encode() + b"\n" + content
    ).hexdigest()
    # Serialize requests with the same key until this transaction ends: a concurrent retry
    # waits here, then finds the committed record and replays it.
    await lock_keys(session, f"idempotency:{principal}\n{key}")
    found = await _find(session, principal, key)
    if found is not None and found.created_at < utcnow() - KEY_TTL:
        await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == found.id))
        found = None
    if found is not None:
        if found.request_hash != digest:
            raise _key_error(
                {
                    "id": "Idempotency-Key ini sudah dipakai untuk permintaan dengan isi lain.",
                    "en": "This Idempotency-Key was already used with a different request.",
                }
            )
        raise IdempotentReplay(principal, key)
    request.state.idempotency = PendingKey(principal=principal, key=key, request_hash=digest)


IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Client-chosen unique key (e.g. a UUID). Retrying with the same key and "
        "body returns the first response instead of creating a duplicate; reusing it with "
        "another body is rejected with 422. Keys are kept for 24 hours.",
        examples=["7f1f5a52-1d1a-4b8e-9a38-1f2f0a6c9e41"],
        min_length=1,
        max_length=255,
        pattern=described(
            r"^[\x21-\x7e]+$",
            id="karakter ASCII yang terlihat, tanpa spasi (misalnya sebuah UUID)",
            en="visible ASCII characters, no spaces (for example a UUID)",
        ),
    ),
]


async def replay_response(request: Request, exc: IdempotentReplay) -> Response:
    factory = request.app.state.sessionmaker
    async with factory() as session:
        record = await _find(session, exc.principal, exc.key)
    if record is None:  # the winner rolled back after all; ask the client to retry
        from kinerja_api.core.errors import IdempotencyInProgress, render_app_error

        return render_app_error(request, IdempotencyInProgress())
    return _replay(record)


class IdempotentRoute(APIRoute):
    """Stores the response of a successful POST that carried an ``Idempotency-Key``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if "POST" not in (self.methods or set()):
            return handler

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except IntegrityError:
                pending_key: PendingKey | None = getattr(request.state, "idempotency", None)
                if pending_key is None:
                    raise
                # A concurrent request with this key won the race: answer with its response.
                raise IdempotentReplay(pending_key.principal, pending_key.key) from None
            pending: PendingKey | None = getattr(request.state, "idempotency", None)
            session: AsyncSession | None = getattr(request.state, "db_session", None)
            if pending is None or session is None or not 200 <= response.status_code < 300:
                return response
            body = bytes(response.body).decode()
            session.add(
                IdempotencyRecord(
                    id=uuid.uuid4(),
                    principal=pending.principal,
                    key=pending.key,
                    method=request.method,
                    path=request.url.path[:512],
                    request_hash=pending.request_hash,
                    status_code=response.status_code,
                    response_body=body,
                    location=response.headers.get("location"),
                    etag=(response.headers.get("etag") or "")[:128] or None,
                )
            )
            try:
                await session.flush()
            except IntegrityError as exc:
                raise IdempotentReplay(pending.principal, pending.key) from exc
            return response

        return route


def make_idempotency_dependency(
    principal_dep: Callable[..., Any],
) -> Any:
    """Build the dependency for creating POSTs; keyed by the authenticated principal."""

    async def idempotency_key(
        request: Request,
        key: IdempotencyKeyHeader = None,
        principal: Any = Depends(principal_dep),
    ) -> None:
        if key is None:
            return
        session: AsyncSession = request.state.db_session
        await check_key(request, session, str(principal.user_id), key)

    return Depends(idempotency_key)
