"""Test fixtures: a real migrated database per test, the app over ASGI, small factories.

SQLite (default): the migrated schema is built once into a template file and copied for each
test. PostgreSQL (``KINERJA_TEST_DATABASE_URL``): migrated once, tables truncated after each
test. Either way each test starts empty and no test depends on another.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kinerja_api.auth.models import AuthSession, Role, User
from kinerja_api.cli import upgrade_database
from kinerja_api.core.config import Settings
from kinerja_api.core.db import make_engine, utcnow
from kinerja_api.core.security import create_access_token, hash_password
from kinerja_api.main import create_app
from kinerja_api.models import Base
from kinerja_api.organizations.models import AgencyKind, Organization, TimeZone, Unit

PG_URL = os.environ.get("KINERJA_TEST_DATABASE_URL")
PASSWORD = "Rahasia-Kuat-2026"
_PASSWORD_HASH = hash_password(PASSWORD)
TEST_SECRET = secrets.token_urlsafe(48)


def base_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "secret_key": TEST_SECRET,
        "log_level": "WARNING",
        **overrides,
    }
    return Settings(**values)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to head by the real Alembic migrations."""
    if PG_URL:
        upgrade_database(base_settings(PG_URL))
        return PG_URL
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade_database(base_settings(f"sqlite+aiosqlite:///{path}"))
    return str(path)


@pytest.fixture
def database_url(template_db: str, tmp_path: Path) -> Iterator[str]:
    if PG_URL:
        yield PG_URL
        asyncio.run(_truncate_all(PG_URL))
        return
    path = tmp_path / "test.db"
    shutil.copyfile(template_db, path)
    yield f"sqlite+aiosqlite:///{path}"


async def _truncate_all(url: str) -> None:
    engine = make_engine(base_settings(url))
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return base_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
def sessionmaker(app: Any) -> async_sessionmaker[AsyncSession]:
    factory: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    return factory


@dataclass
class Account:
    user: User
    headers: dict[str, str]

    @property
    def id(self) -> uuid.UUID:
        return self.user.id


class Factory:
    """Creates rows directly (fast) and signs accounts in without the slow password hash."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings):
        self.sessionmaker = sessionmaker
        self.settings = settings
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    async def org(self, code: str | None = None, **kw: Any) -> Organization:
        n = self._next()
        async with self.sessionmaker() as s:
            org = Organization(
                code=code or f"ORG-{n}",
                name=kw.pop("name", f"Dinas Uji {n}"),
                kind=kw.pop("kind", AgencyKind.PERANGKAT_DAERAH),
                region=kw.pop("region", "Kota Palu"),
                timezone=kw.pop("timezone", TimeZone.WITA),
                settings={},
                **kw,
            )
            s.add(org)
            await s.commit()
            return org

    async def unit(self, org: Organization, parent: Unit | None = None, **kw: Any) -> Unit:
        n = self._next()
        async with self.sessionmaker() as s:
            unit = Unit(
                organization_id=org.id,
                parent_id=parent.id if parent else None,
                code=kw.pop("code", f"U{n}"),
                name=kw.pop("name", f"Unit {n}"),
                **kw,
            )
            s.add(unit)
            await s.commit()
            return unit

    async def user(self, org: Organization | None, role: Role = Role.STAFF, **kw: Any) -> User:
        n = self._next()
        async with self.sessionmaker() as s:
            user = User(
                organization_id=org.id if org else None,
                username=kw.pop("username", f"user{n}"),
                full_name=kw.pop("full_name", f"Pegawai {n}"),
                role=role,
                password_hash=_PASSWORD_HASH,
                **kw,
            )
            s.add(user)
            await s.commit()
            return user

    async def token(self, user: User, *, minutes: int | None = None) -> str:
        async with self.sessionmaker() as s:
            sess = AuthSession(
                id=uuid.uuid4(),
                user_id=user.id,
                created_at=utcnow(),
                expires_at=utcnow() + timedelta(days=1),
            )
            s.add(sess)
            await s.commit()
        settings = self.settings
        if minutes is not None:
            settings = settings.model_copy(update={"access_token_minutes": minutes})
        token, _ = create_access_token(settings, user_id=user.id, session_id=sess.id)
        return token

    async def account(
        self, org: Organization | None, role: Role = Role.STAFF, **kw: Any
    ) -> Account:
        user = await self.user(org, role, **kw)
        return Account(user=user, headers={"Authorization": f"Bearer {await self.token(user)}"})


@pytest.fixture
def factory(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> Factory:
    return Factory(sessionmaker, settings)


@dataclass
class World:
    """Two organizations with a platform admin, an admin, a supervisor and staff."""

    org: Organization
    other_org: Organization
    root_unit: Unit
    platform: Account
    admin: Account
    supervisor: Account
    staff: Account
    other_admin: Account


@pytest.fixture
async def world(factory: Factory) -> World:
    org = await factory.org("DINKES-PALU", name="Dinas Kesehatan Kota Palu")
    other = await factory.org("DISDUKCAPIL-TEBO", name="Disdukcapil Tebo")
    return World(
        org=org,
        other_org=other,
        root_unit=await factory.unit(org, code="DINKES", name="Dinas Kesehatan"),
        platform=await factory.account(None, Role.PLATFORM_ADMIN, username="platform"),
        admin=await factory.account(org, Role.ADMIN, username="admin.dinkes"),
        supervisor=await factory.account(org, Role.SUPERVISOR, username="kabid.p2p"),
        staff=await factory.account(org, Role.STAFF, username="perawat.siti"),
        other_admin=await factory.account(other, Role.ADMIN, username="admin.tebo"),
    )


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """The response is an RFC 9457 problem document with this status (and code)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:kinerja:problem:")
    assert body["title"]
    if code is not None:
        assert body["code"] == code, body
    return body
