"""Request-scoped dependencies shared by every domain: settings and the unit of work."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.core.audit import write_detached
from kinerja_api.core.config import Settings
from kinerja_api.core.db import READ_ONLY
from kinerja_api.core.errors import AppError

log = logging.getLogger(__name__)


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request: commits after the handler succeeds, rolls back on error.

    Scoped to the endpoint function, so the commit happens before the response is sent and
    a failed commit is reported to the client instead of being lost.
    """
    factory = request.app.state.sessionmaker
    async with factory() as session:
        session.info["request_id"] = getattr(request.state, "request_id", None)
        request.state.db_session = session
        if request.method in ("GET", "HEAD") and session.get_bind().dialect.name == "sqlite":
            # Safe methods never write; on SQLite they need not wait for the write lock.
            await session.connection(execution_options={READ_ONLY: True})
        try:
            yield session
            await session.commit()
        except AppError as exc:
            if exc.keep_changes:
                await session.commit()
            else:
                await session.rollback()
            raise
        except BaseException:
            await session.rollback()
            raise
        finally:
            # Audit rows that must outlive a rollback (``record_detached``), in a
            # transaction of their own now that the request's has ended.
            try:
                await write_detached(factory, session)
            except Exception:  # never hide the request's own outcome
                log.exception("detached audit rows could not be written")


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
