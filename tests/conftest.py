"""Test fixtures: a real migrated database per test, the app over ASGI, small factories.

SQLite (default): the migrated schema is built once into a template file and copied for each
test. PostgreSQL (``KINERJA_TEST_DATABASE_URL``): migrated once, tables truncated after each
test. Either way each test starts empty and no test depends on another.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
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
from kinerja_api.main import MIDDLEWARE_SETTINGS, bind_state, create_app, release_state
from kinerja_api.models import Base
from kinerja_api.organizations.models import (
    AgencyKind,
    AssignmentKind,
    Employee,
    EmployeePosition,
    EmployeeStatus,
    FunctionalLevel,
    Organization,
    Position,
    PositionKind,
    StructuralLevel,
    TimeZone,
    Unit,
)
from kinerja_api.organizations.scope import opd_of_unit

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


class _UnregisteredCodes(logging.Handler):
    """Collects the app's "unregistered problem code" errors (``core.errors``)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("unregistered problem code"):
            self.seen.append(record.getMessage())


@pytest.fixture(scope="session", autouse=True)
def every_problem_code_is_registered() -> Iterator[None]:
    """The contract closes ``Problem.code`` over the registry: whatever the suite makes the
    API answer must be registered (a problem with another code fails the run here)."""
    handler = _UnregisteredCodes()
    logger = logging.getLogger("kinerja.errors")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    assert handler.seen == [], sorted(set(handler.seen))


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
def settings(request: pytest.FixtureRequest, database_url: str) -> Settings:
    """The test's settings; ``@pytest.mark.settings(name=value, ...)`` overrides some."""
    marker = request.node.get_closest_marker("settings")
    overrides = {"database_url": database_url, **(marker.kwargs if marker else {})}
    return base_settings(**overrides)


@pytest.fixture(scope="session")
def shared_app(template_db: str) -> Any:
    """One app for the session: FastAPI builds each route's request state on the route's first
    match (about half a second per app for this API), so building an app per test cost more
    than most tests. Each test binds its own settings, engine and stores to it (``app``)."""
    url = PG_URL or f"sqlite+aiosqlite:///{template_db}"
    application = create_app(base_settings(url))
    application.state.built_with = application.state.settings
    return application


@pytest.fixture
async def app(shared_app: Any, settings: Settings) -> AsyncIterator[Any]:
    """The app serving this test's database with this test's settings.

    The session's app gets this test's settings, engine, sessions and rate-limit stores bound
    (and no dependency overrides); settings read only when the middleware is built
    (:data:`MIDDLEWARE_SETTINGS`) get an app of their own. Routes a test adds are removed.
    """
    built_with = shared_app.state.built_with
    if any(getattr(settings, f) != getattr(built_with, f) for f in MIDDLEWARE_SETTINGS):
        application = create_app(settings)
        yield application
        await release_state(application)
        return
    routes = list(shared_app.router.routes)
    shared_app.dependency_overrides.clear()
    bind_state(shared_app, settings)
    try:
        yield shared_app
    finally:
        shared_app.dependency_overrides.clear()
        if shared_app.router.routes != routes:
            shared_app.router.routes[:] = routes
            shared_app.openapi_schema = None
            shared_app.state.route_methods = None
        await release_state(shared_app)


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
    employee: Employee | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.user.id

    @property
    def employee_id(self) -> uuid.UUID:
        assert self.employee is not None
        return self.employee.id


#: Far enough in the past that "today" (whenever the suite runs) falls inside open assignments.
SINCE = date(2020, 1, 1)


def make_nip(n: int, *, born: str = "19850312", appointed: str = "201001", sex: int = 1) -> str:
    """A valid NIP whose sequence is ``n`` (1..999)."""
    return f"{born}{appointed}{sex}{n:03d}"


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
        self,
        org: Organization | None,
        role: Role = Role.STAFF,
        *,
        employee: Employee | None = None,
        **kw: Any,
    ) -> Account:
        if employee is not None:
            kw["employee_id"] = employee.id
            kw.setdefault("full_name", employee.name)
        user = await self.user(org, role, **kw)
        return Account(
            user=user,
            headers={"Authorization": f"Bearer {await self.token(user)}"},
            employee=employee,
        )

    async def position(
        self,
        org: Organization,
        unit: Unit,
        *,
        kind: PositionKind = PositionKind.PELAKSANA,
        superior: Position | None = None,
        **kw: Any,
    ) -> Position:
        n = self._next()
        if kind is PositionKind.STRUKTURAL:
            kw.setdefault("level", StructuralLevel.PENGAWAS)
        if kind is PositionKind.FUNGSIONAL:
            kw.setdefault("jenjang", FunctionalLevel.AHLI_PERTAMA)
        async with self.sessionmaker() as s:
            position = Position(
                organization_id=org.id,
                unit_id=unit.id,
                superior_id=superior.id if superior else None,
                name=kw.pop("name", f"Jabatan {n}"),
                kind=kind,
                job_class=kw.pop("job_class", 7),
                **kw,
            )
            s.add(position)
            await s.commit()
            return position

    async def employee(
        self, org: Organization, *, name: str | None = None, nip: str | None = None, **kw: Any
    ) -> Employee:
        n = self._next()
        async with self.sessionmaker() as s:
            employee = Employee(
                organization_id=org.id,
                nip=nip or make_nip(n),
                name=name or f"Pegawai {n}",
                status=kw.pop("status", EmployeeStatus.ACTIVE),
                **kw,
            )
            s.add(employee)
            await s.commit()
            return employee

    async def assign(
        self,
        employee: Employee,
        position: Position,
        *,
        kind: AssignmentKind = AssignmentKind.DEFINITIVE,
        start: date = SINCE,
        end: date | None = None,
        **kw: Any,
    ) -> EmployeePosition:
        async with self.sessionmaker() as s:
            row = EmployeePosition(
                organization_id=position.organization_id,
                employee_id=employee.id,
                position_id=position.id,
                kind=kind,
                start_date=start,
                end_date=end,
                **kw,
            )
            s.add(row)
            # As the API places people: the first position, or a definitive one elsewhere,
            # makes the position's OPD the employee's.
            holder = await s.get(Employee, employee.id)
            assert holder is not None
            opd = await opd_of_unit(s, position.unit_id)
            assert opd is not None
            if holder.opd_id is None or (
                kind is AssignmentKind.DEFINITIVE and holder.opd_id != opd
            ):
                holder.opd_id = opd
            await s.commit()
            employee.opd_id = holder.opd_id
            return row

    async def head(self, unit: Unit, position: Position) -> None:
        async with self.sessionmaker() as s:
            row = await s.get(Unit, unit.id)
            assert row is not None
            row.head_position_id = position.id
            await s.commit()
            unit.head_position_id = position.id

    async def person(
        self,
        org: Organization,
        position: Position | None,
        role: Role = Role.STAFF,
        *,
        name: str | None = None,
        username: str | None = None,
        nip: str | None = None,
    ) -> Account:
        """An employee holding ``position`` definitively since :data:`SINCE`, with an account."""
        employee = await self.employee(org, name=name, nip=nip)
        if position is not None:
            await self.assign(employee, position)
        kw: dict[str, Any] = {"username": username} if username else {}
        return await self.account(org, role, employee=employee, **kw)


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


@dataclass
class Palu:
    """The Palu health office of the scenarios, as a small position chain with people.

    Units: DINKES → P2P → SURV-IMUN; DINKES → PKM-TALISE. Positions (superior in brackets):
    kadis; kabid [kadis]; kasi [kabid]; pengelola [kasi]; kapus [kadis]; perawat [kapus].
    Everyone holds their position definitively since 2020-01-01 and has an account, except
    that ``kasi`` is vacant. ``admin`` is an admin account with no employee record.
    """

    org: Organization
    dinkes: Unit
    p2p: Unit
    surv: Unit
    pkm: Unit
    kadis_pos: Position
    kabid_pos: Position
    kasi_pos: Position
    pengelola_pos: Position
    kapus_pos: Position
    perawat_pos: Position
    kadis: Account
    kabid: Account
    andi: Account
    kapus: Account
    siti: Account
    admin: Account


@pytest.fixture
async def palu(factory: Factory, world: World) -> Palu:
    org, dinkes = world.org, world.root_unit
    p2p = await factory.unit(org, dinkes, code="P2P", name="Bidang P2P")
    surv = await factory.unit(org, p2p, code="SURV-IMUN", name="Seksi Surveilans dan Imunisasi")
    pkm = await factory.unit(org, dinkes, code="PKM-TALISE", name="UPTD Puskesmas Talise")
    s, f = PositionKind.STRUKTURAL, PositionKind.FUNGSIONAL
    kadis_pos = await factory.position(
        org, dinkes, kind=s, level=StructuralLevel.JPT_PRATAMA, name="Kepala Dinas", job_class=14
    )
    kabid_pos = await factory.position(
        org,
        p2p,
        kind=s,
        level=StructuralLevel.ADMINISTRATOR,
        name="Kepala Bidang P2P",
        superior=kadis_pos,
        job_class=11,
    )
    kasi_pos = await factory.position(
        org, surv, kind=s, name="Kepala Seksi Surveilans", superior=kabid_pos, job_class=9
    )
    pengelola_pos = await factory.position(
        org, surv, name="Pengelola Data Surveilans", superior=kasi_pos
    )
    kapus_pos = await factory.position(
        org, pkm, kind=s, name="Kepala Puskesmas Talise", superior=kadis_pos, job_class=9
    )
    perawat_pos = await factory.position(
        org, pkm, kind=f, name="Perawat Ahli Pertama", superior=kapus_pos, job_class=8
    )
    for unit, head in ((dinkes, kadis_pos), (p2p, kabid_pos), (surv, kasi_pos), (pkm, kapus_pos)):
        await factory.head(unit, head)
    return Palu(
        org=org,
        dinkes=dinkes,
        p2p=p2p,
        surv=surv,
        pkm=pkm,
        kadis_pos=kadis_pos,
        kabid_pos=kabid_pos,
        kasi_pos=kasi_pos,
        pengelola_pos=pengelola_pos,
        kapus_pos=kapus_pos,
        perawat_pos=perawat_pos,
        kadis=await factory.person(
            org, kadis_pos, Role.SUPERVISOR, name="dr. Herry Mulyadi", username="kadis"
        ),
        kabid=await factory.person(
            org,
            kabid_pos,
            Role.SUPERVISOR,
            name="dr. Nurhaya Lamato",
            username="nurhaya",
            nip="197808222005012007",
        ),
        andi=await factory.person(
            org, pengelola_pos, name="Andi Pratama", username="andi", nip="199607182020121003"
        ),
        kapus=await factory.person(
            org, kapus_pos, Role.SUPERVISOR, name="Ns. Fadli Rahman", username="fadli"
        ),
        siti=await factory.person(
            org, perawat_pos, name="Siti Rahma", username="siti", nip="199504102019032011"
        ),
        admin=world.admin,
    )


class QueryCounter:
    """Counts SQL statements sent by the app's engine (to prove 'no N+1')."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: Any) -> None:
        self.count += 1


@pytest.fixture
def count_queries(app: Any) -> Iterator[Callable[[], QueryCounter]]:
    from sqlalchemy import event

    counters: list[QueryCounter] = []

    def start() -> QueryCounter:
        counter = QueryCounter()
        event.listen(app.state.engine.sync_engine, "before_cursor_execute", counter)
        counters.append(counter)
        return counter

    yield start
    for counter in counters:
        event.remove(app.state.engine.sync_engine, "before_cursor_execute", counter)


async def audit_rows(
    sessionmaker: async_sessionmaker[AsyncSession], entity_type: str, entity_id: uuid.UUID
) -> list[Any]:
    from sqlalchemy import select

    from kinerja_api.core.audit import AuditLog

    async with sessionmaker() as s:
        rows = await s.scalars(
            select(AuditLog)
            .where(AuditLog.entity_type == entity_type, AuditLog.entity_id == str(entity_id))
            .order_by(AuditLog.at, AuditLog.id)
        )
        return list(rows)


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
