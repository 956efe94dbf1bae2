"""Migrations build the schema from empty, go back down, and agree with the models."""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_sessionmaker

from conftest import base_settings
from kinerja_api.activities.partitions import include_name, include_object_for
from kinerja_api.cli import alembic_config
from kinerja_api.core.db import make_engine
from kinerja_api.models import Base

PG_URL = os.environ.get("KINERJA_TEST_DATABASE_URL")


@pytest.fixture
def scratch_url(tmp_path: Path) -> Any:
    """An empty database of the suite's kind (a new PostgreSQL database when on PostgreSQL)."""
    if not PG_URL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}"
        return
    name = f"kinerja_mig_{uuid.uuid4().hex[:8]}"
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, sql: str) -> None:
    engine = make_engine(base_settings(url)).execution_options(isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def _diff(url: str) -> list[Any]:
    def run(conn: Connection) -> list[Any]:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                # as migrations/env.py: activity_reports' partitions (PostgreSQL)
                "include_name": include_name,
                "include_object": include_object_for(conn.dialect.name),
            },
        )
        return list(compare_metadata(ctx, Base.metadata))

    async def go() -> list[Any]:
        engine = make_engine(base_settings(url))
        async with engine.connect() as conn:
            result = await conn.run_sync(run)
        await engine.dispose()
        return result

    return asyncio.run(go())


def _tables(url: str) -> set[str]:
    async def go() -> set[str]:
        engine = make_engine(base_settings(url))
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        await engine.dispose()
        return names

    return asyncio.run(go())


def test_upgrade_downgrade_round_trip_and_no_drift(scratch_url: str) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    command.upgrade(cfg, "head")
    assert _diff(scratch_url) == [], "models and migrations disagree: write a migration"
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables(scratch_url)
    command.downgrade(cfg, "base")
    assert _tables(scratch_url) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    assert _diff(scratch_url) == []


def test_every_step_is_reversible(scratch_url: str) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    revisions = list(reversed(list(ScriptDirectory.from_config(cfg).walk_revisions())))
    assert revisions, "no migrations found"
    for rev in revisions:
        command.upgrade(cfg, rev.revision)
        command.downgrade(cfg, rev.down_revision or "base")
        command.upgrade(cfg, rev.revision)


def test_migration_files_are_named_by_date_and_slug() -> None:
    cfg = alembic_config(base_settings("sqlite+aiosqlite:///unused.db"))
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1, "migrations must form one line"
    for rev in script.walk_revisions():
        name = Path(rev.path).name
        assert re.fullmatch(r"\d{4}_\d{2}_\d{2}_\w+\.py", name), name


@pytest.mark.skipif(bool(PG_URL), reason="the SQLite quirks of dropping tables with data")
def test_downgrade_with_demo_data(tmp_path: Path) -> None:
    """Going back down works on a database that has real rows (self-references included)."""
    from kinerja_api.cli import _in_session, upgrade_database
    from kinerja_api.demo import load_demo_data

    url = f"sqlite+aiosqlite:///{tmp_path / 'with-data.db'}"
    settings = base_settings(url)
    upgrade_database(settings)
    _in_session(settings, load_demo_data)
    command.downgrade(alembic_config(settings), "base")
    assert _tables(url) <= {"alembic_version"}
    upgrade_database(settings)
    assert _diff(url) == []


# ---- 0010: monthly partitions of activity_reports (PostgreSQL) ------------------------------


def _sql(url: str, *statements: str, params: dict[str, Any] | None = None) -> list[Any]:
    """Run statements in one transaction; the rows of each (empty for non-queries)."""

    async def go() -> list[Any]:
        engine = make_engine(base_settings(url))
        out: list[Any] = []
        try:
            async with engine.begin() as conn:
                for statement in statements:
                    result = await conn.execute(text(statement), params or {})
                    out.append(list(result) if result.returns_rows else [])
        finally:
            await engine.dispose()
        return out

    return asyncio.run(go())


async def _seed_reports(url: str, today: Any) -> dict[str, uuid.UUID]:
    """At 0009: an employee with an SKP, three reports (one a year ago, one approved this
    month, one correcting it)."""
    from kinerja_api.activities.models import ActivityReport, ReportStatus
    from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
    from kinerja_api.indicators.skp.rules import SkpState, WorkResultKind
    from kinerja_api.organizations.models import AgencyKind, Organization, TimeZone

    engine = make_engine(base_settings(url))
    sm = async_sessionmaker(engine, expire_on_commit=False)
    async with sm() as s:
        org = Organization(
            code="PART",
            name="Dinas Partisi",
            kind=AgencyKind.PERANGKAT_DAERAH,
            region="Kota Palu",
            timezone=TimeZone.WITA,
            settings={},
        )
        s.add(org)
        await s.flush()
        # The employees table as it was at 0009 (the model has columns added since).
        emp_id = uuid.uuid4()
        await s.execute(
            text(
                "INSERT INTO employees (id, organization_id, nip, name, status, created_at,"
                " updated_at, version) VALUES (:id, :org, '198503122010011001', 'Siti',"
                " 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
            ),
            {"id": emp_id if PG_URL else emp_id.hex, "org": org.id if PG_URL else org.id.hex},
        )
        skp = Skp(
            organization_id=org.id,
            employee_id=emp_id,
            year=today.year,
            period_start=date(today.year, 1, 1),
            period_end=date(today.year, 12, 31),
            state=SkpState.APPROVED,
        )
        s.add(skp)
        await s.flush()
        rhk = SkpWorkResult(
            organization_id=org.id, skp_id=skp.id, kind=WorkResultKind.UTAMA, statement="RHK"
        )
        s.add(rhk)
        await s.flush()

        def report(day: Any, **kw: Any) -> ActivityReport:
            return ActivityReport(
                organization_id=org.id,
                employee_id=emp_id,
                report_date=day,
                start_time=time(8),
                end_time=time(9),
                minutes=60,
                description="Imunisasi",
                quantity=3,
                unit="bayi",
                work_result_id=rhk.id,
                **kw,
            )

        old = report(today - timedelta(days=400), status=ReportStatus.APPROVED)
        approved = report(today.replace(day=1), status=ReportStatus.APPROVED)
        s.add_all([old, approved])
        await s.flush()
        correction = report(today.replace(day=1), corrects_id=approved.id)
        s.add(correction)
        await s.commit()
        ids = {"old": old.id, "approved": approved.id, "correction": correction.id}
        ids |= {"org": org.id, "employee": emp_id, "rhk": rhk.id}
    await engine.dispose()
    return ids


KIND = "SELECT relkind::text FROM pg_class WHERE relname = 'activity_reports'"


def _where(url: str) -> dict[uuid.UUID, str]:
    [rows] = _sql(url, "SELECT id, tableoid::regclass::text FROM activity_reports")
    return {row[0]: row[1] for row in rows}


def _insert(url: str, ids: dict[str, uuid.UUID], day: Any, corrects: Any = None) -> uuid.UUID:
    new = uuid.uuid4()
    _sql(
        url,
        "INSERT INTO activity_reports (id, organization_id, employee_id, report_date, "
        "start_time, end_time, minutes, description, quantity, unit, work_result_id, status, "
        "late, corrects_id, created_at, updated_at, version) VALUES (:id, :org, :emp, :day, "
        "'10:00', '11:00', 60, 'x', 1, 'bayi', :rhk, 'pending', false, :corrects, now(), "
        "now(), 1)",
        params={
            "id": new,
            "org": ids["org"],
            "emp": ids["employee"],
            "rhk": ids["rhk"],
            "day": day,
            "corrects": corrects,
        },
    )
    return new


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL partitioning; on SQLite 0010 is a no-op")
def test_partitioning_keeps_rows_routes_inserts_and_prunes(scratch_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    from kinerja_api.activities import partitions

    cfg = alembic_config(base_settings(scratch_url))
    today = date.today()
    this_month = partitions.partition_name(today.replace(day=1))
    command.upgrade(cfg, "0009")
    ids = asyncio.run(_seed_reports(scratch_url, today))
    reports = {ids["old"], ids["approved"], ids["correction"]}

    command.upgrade(cfg, "0010")
    [[(kind,)]] = _sql(scratch_url, KIND)
    assert kind == "p"
    where = _where(scratch_url)
    assert set(where) == reports, "every row survives the upgrade"
    old_month = (today - timedelta(days=400)).replace(day=1)
    assert where[ids["old"]] == partitions.partition_name(old_month)
    assert where[ids["approved"]] == where[ids["correction"]] == this_month
    command.upgrade(cfg, "head")  # later migrations on top of the partitioned table
    assert _diff(scratch_url) == []

    # inserts: this month's partition; far ahead (no partition yet) the default one
    now_id = _insert(scratch_url, ids, today)
    future = partitions.add_months(today.replace(day=1), 24)
    later_id = _insert(scratch_url, ids, future)
    where = _where(scratch_url)
    assert where[now_id] == this_month
    assert where[later_id] == partitions.DEFAULT

    # a month query reads one partition
    first = today.replace(day=1)
    last = partitions.add_months(first, 1) - timedelta(days=1)
    [plan] = _sql(
        scratch_url,
        "EXPLAIN SELECT * FROM activity_reports WHERE employee_id = :emp "
        "AND report_date BETWEEN :first AND :last",
        params={"emp": ids["employee"], "first": first, "last": last},
    )
    text_plan = "\n".join(row[0] for row in plan)
    scanned = set(re.findall(r"activity_reports_(?:\d{4}_\d{2}|default)", text_plan))
    assert scanned == {this_month}, text_plan

    # the self reference: a correction of nothing, deleting a corrected report
    with pytest.raises(IntegrityError, match="does not exist"):
        _insert(scratch_url, ids, today, corrects=uuid.uuid4())
    with pytest.raises(IntegrityError, match="corrected by another"):
        _sql(
            scratch_url,
            "DELETE FROM activity_reports WHERE id = :id",
            params={"id": ids["approved"]},
        )

    # creating months ahead moves what waited in the default partition
    async def ahead() -> list[str]:
        engine = make_engine(base_settings(scratch_url))
        async with engine.begin() as conn:
            created = await conn.run_sync(lambda c: partitions.ensure_partitions(c, ahead=24))
        await engine.dispose()
        return created

    created = asyncio.run(ahead())
    assert partitions.partition_name(future) in created
    assert _where(scratch_url)[later_id] == partitions.partition_name(future)
    assert asyncio.run(ahead()) == [], "idempotent"

    command.downgrade(cfg, "0009")
    [[(kind,)]] = _sql(scratch_url, KIND)
    assert kind == "r"
    assert set(_where(scratch_url)) == reports | {now_id, later_id}, "every row survives"
    assert _tables(scratch_url) >= {"activity_reports"}
    with pytest.raises(IntegrityError):
        _insert(scratch_url, ids, today, corrects=uuid.uuid4())
    command.upgrade(cfg, "head")
    assert set(_where(scratch_url)) == reports | {now_id, later_id}
    assert _diff(scratch_url) == []


# ---- 0015: the instansi with its OPDs ----------------------------------------------------------


def _t(name: str, *columns: Any) -> Any:
    import sqlalchemy as sa

    return sa.table(name, *columns)


def _seed_instansi(url: str) -> dict[str, uuid.UUID]:
    """At 0014 (one organization, a dinas): a unit tree (the top unit and a child), a position
    in the child, an employee holding it, an employee without a position, an admin."""
    import sqlalchemy as sa

    def uid(name: str) -> Any:
        return sa.column(name, sa.Uuid())

    def col(name: str, type_: Any = None) -> Any:
        return sa.column(name, type_ or sa.String())

    def stamps() -> tuple[Any, ...]:
        return (
            sa.column("created_at", sa.DateTime()),
            sa.column("updated_at", sa.DateTime()),
            sa.column("version", sa.Integer()),
        )

    ids = {k: uuid.uuid4() for k in ("org", "top", "child", "pos", "held", "unplaced", "admin")}
    stamp = {"created_at": datetime(2026, 1, 5), "updated_at": datetime(2026, 1, 5), "version": 1}
    rows: list[tuple[Any, dict[str, Any]]] = [
        (
            _t(
                "organizations",
                uid("id"),
                col("code"),
                col("name"),
                col("kind"),
                col("region"),
                col("timezone"),
                sa.column("is_active", sa.Boolean()),
                sa.column("settings", sa.JSON()),
                *stamps(),
            ),
            {
                "id": ids["org"],
                "code": "DINKES-LAMA",
                "name": "Dinas Kesehatan",
                "kind": "perangkat_daerah",
                "region": "Kota Palu",
                "timezone": "WITA",
                "is_active": True,
                "settings": {},
            },
        ),
        *(
            (
                _t(
                    "units",
                    uid("id"),
                    uid("organization_id"),
                    uid("parent_id"),
                    col("code"),
                    col("name"),
                    sa.column("is_active", sa.Boolean()),
                    *stamps(),
                ),
                {
                    "id": ids[key],
                    "organization_id": ids["org"],
                    "parent_id": parent,
                    "code": code,
                    "name": name,
                    "is_active": True,
                },
            )
            for key, parent, code, name in (
                ("top", None, "DINKES", "Dinas Kesehatan"),
                ("child", ids["top"], "P2P", "Bidang P2P"),
            )
        ),
        (
            _t(
                "positions",
                uid("id"),
                uid("organization_id"),
                uid("unit_id"),
                col("name"),
                col("kind"),
                sa.column("job_class", sa.Integer()),
                sa.column("is_active", sa.Boolean()),
                *stamps(),
            ),
            {
                "id": ids["pos"],
                "organization_id": ids["org"],
                "unit_id": ids["child"],
                "name": "Pengelola Data",
                "kind": "pelaksana",
                "job_class": 6,
                "is_active": True,
            },
        ),
        *(
            (
                _t(
                    "employees",
                    uid("id"),
                    uid("organization_id"),
                    col("nip"),
                    col("name"),
                    col("status"),
                    *stamps(),
                ),
                {
                    "id": ids[key],
                    "organization_id": ids["org"],
                    "nip": nip,
                    "name": name,
                    "status": "active",
                },
            )
            for key, nip, name in (
                ("held", "198503122010011001", "Andi"),
                ("unplaced", "198503122010011002", "Budi"),
            )
        ),
        (
            _t(
                "employee_positions",
                uid("id"),
                uid("organization_id"),
                uid("employee_id"),
                uid("position_id"),
                col("kind"),
                sa.column("start_date", sa.Date()),
                *stamps(),
            ),
            {
                "id": uuid.uuid4(),
                "organization_id": ids["org"],
                "employee_id": ids["held"],
                "position_id": ids["pos"],
                "kind": "definitive",
                "start_date": date(2025, 1, 2),
            },
        ),
        (
            _t(
                "users",
                uid("id"),
                uid("organization_id"),
                col("username"),
                col("full_name"),
                col("role"),
                sa.column("is_active", sa.Boolean()),
                col("password_hash"),
                sa.column("password_changed_at", sa.DateTime()),
                sa.column("must_change_password", sa.Boolean()),
                *stamps(),
            ),
            {
                "id": ids["admin"],
                "organization_id": ids["org"],
                "username": "admin.lama",
                "full_name": "Admin Lama",
                "role": "admin",
                "is_active": True,
                "password_hash": "x",
                "password_changed_at": datetime(2026, 1, 5),
                "must_change_password": False,
            },
        ),
    ]

    async def go() -> None:
        engine = make_engine(base_settings(url))
        async with engine.begin() as conn:
            for table, values in rows:
                await conn.execute(table.insert().values(**values, **stamp))
        await engine.dispose()

    asyncio.run(go())
    return ids


def _tenant_state(url: str, ids: dict[str, uuid.UUID]) -> dict[str, Any]:
    import sqlalchemy as sa

    employees = _t(
        "employees",
        sa.column("id", sa.Uuid()),
        sa.column("opd_id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("nip", sa.String()),
    )
    users = _t(
        "users",
        sa.column("id", sa.Uuid()),
        sa.column("opd_id", sa.Uuid()),
        sa.column("role", sa.String()),
    )

    async def go() -> dict[str, Any]:
        engine = make_engine(base_settings(url))
        async with engine.connect() as conn:
            people = {
                row.id: (row.opd_id, row.kind, row.nip)
                for row in await conn.execute(sa.select(employees))
            }
            accounts = {
                row.id: (row.opd_id, row.role) for row in await conn.execute(sa.select(users))
            }
        await engine.dispose()
        return {"employees": people, "users": accounts}

    return asyncio.run(go())


def test_0015_places_employees_in_their_opd_and_keeps_admins_instansi_wide(
    scratch_url: str,
) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    command.upgrade(cfg, "0014")
    ids = _seed_instansi(scratch_url)
    command.upgrade(cfg, "head")
    expected = {
        "employees": {
            # the top unit of the unit of their position
            ids["held"]: (ids["top"], "asn", "198503122010011001"),
            # no position: the organization's only top unit
            ids["unplaced"]: (ids["top"], "asn", "198503122010011002"),
        },
        # an existing admin stays an admin of the whole organization (an instansi admin)
        "users": {ids["admin"]: (None, "admin")},
    }
    assert _tenant_state(scratch_url, ids) == expected
    assert _diff(scratch_url) == []

    command.downgrade(cfg, "0014")
    [[(count,)], [(held,)], [(users,)]] = _sql(
        scratch_url,
        "SELECT count(*) FROM employees",
        "SELECT count(*) FROM employee_positions",
        "SELECT count(*) FROM users WHERE role = 'admin'",
    )
    assert (count, held, users) == (2, 1, 1), "nothing is lost going down"
    command.upgrade(cfg, "head")
    assert _tenant_state(scratch_url, ids) == expected


# ---- 0020: competency codes upper case ------------------------------------------------------

COMPETENCY_CODES_UPPER = "0020"


async def _seed_competencies(url: str) -> dict[str, uuid.UUID]:
    """Before 0017: lower-case codes, and (written around the API) one differing only in case."""
    from kinerja_api.organizations.models import AgencyKind, Organization, TimeZone

    engine = make_engine(base_settings(url))
    sm = async_sessionmaker(engine, expire_on_commit=False)
    ids = {name: uuid.uuid4() for name in ("komunikasi", "KOMUNIKASI", "integritas")}
    async with sm() as s:
        org = Organization(
            code="KODE",
            name="Dinas Kode",
            kind=AgencyKind.PERANGKAT_DAERAH,
            region="Kota Palu",
            timezone=TimeZone.WITA,
            settings={},
        )
        s.add(org)
        await s.flush()
        for age, (code, competency_id) in enumerate(ids.items()):
            await s.execute(
                text(
                    "INSERT INTO competencies (id, organization_id, code, name, kind, is_active,"
                    " created_at, updated_at, version) VALUES (:id, :org, :code, :code,"
                    " 'manajerial', true, :at, :at, 1)"
                ),
                {
                    "id": competency_id if PG_URL else competency_id.hex,
                    "org": org.id if PG_URL else org.id.hex,
                    "code": code,
                    "at": datetime(2026, 1, age + 1, tzinfo=UTC),
                },
            )
        await s.commit()
    await engine.dispose()
    return ids


def _competency_codes(url: str) -> dict[str, str]:
    (rows,) = _sql(url, "SELECT id, code FROM competencies")
    return {str(uuid.UUID(str(r.id))): r.code for r in rows}


def test_competency_codes_become_upper_case_without_clashes(scratch_url: str) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    before = ScriptDirectory.from_config(cfg).get_revision(COMPETENCY_CODES_UPPER).down_revision
    command.upgrade(cfg, before)
    ids = asyncio.run(_seed_competencies(scratch_url))
    command.upgrade(cfg, COMPETENCY_CODES_UPPER)
    clash = f"KOMUNIKASI-{ids['KOMUNIKASI'].hex[:8]}"
    assert _competency_codes(scratch_url) == {
        str(ids["komunikasi"]): "KOMUNIKASI",  # the oldest keeps the plain code
        str(ids["KOMUNIKASI"]): clash,
        str(ids["integritas"]): "INTEGRITAS",
    }
    command.downgrade(cfg, before)
    assert _competency_codes(scratch_url) == {
        str(ids["komunikasi"]): "komunikasi",
        str(ids["KOMUNIKASI"]): clash.lower(),
        str(ids["integritas"]): "integritas",
    }


# ---- enum columns carry their CHECK (issue 19, item 12) -------------------------------------


def _checks(url: str) -> dict[str, set[str]]:
    async def go() -> dict[str, set[str]]:
        engine = make_engine(base_settings(url))
        async with engine.connect() as conn:

            def run(c: Connection) -> dict[str, set[str]]:
                insp = inspect(c)
                return {
                    t.name: {ck["name"] for ck in insp.get_check_constraints(t.name)}
                    for t in Base.metadata.sorted_tables
                }

            found = await conn.run_sync(run)
        await engine.dispose()
        return found

    return asyncio.run(go())


def _execute(url: str, *statements: str) -> None:
    async def go() -> None:
        engine = make_engine(base_settings(url))
        async with engine.begin() as conn:
            for sql in statements:
                await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(go())


ORG_ROW = (
    "INSERT INTO organizations (id, code, name, kind, region, timezone, is_active, settings,"
    " created_at, updated_at, version) VALUES ('{id}', '{code}', 'Uji', '{kind}', 'Palu',"
    " '{tz}', TRUE, '{{}}', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 1)"
)


def test_every_enum_column_has_its_check(scratch_url: str) -> None:
    """The models' enum columns (all ``core.db.checked_enum``) and the migrated database agree:
    each has its ``ck_<table>_<enum>``. Before 0021 those of 0001–0005 and 0008 had none and
    the README's "the database enforces them" was untrue: ``test_upgrade_downgrade_round_trip_
    and_no_drift`` compares with Alembic's autogenerate, which does not compare CHECKs."""
    command.upgrade(alembic_config(base_settings(scratch_url)), "head")
    found = _checks(scratch_url)
    missing = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.Enum)
        and not column.type.native_enum
        and f"ck_{table.name}_{column.type.name}" not in found[table.name]
    ]
    assert missing == []
    # Not only on paper: raw SQL with a value outside the enum is refused.
    _execute(scratch_url, ORG_ROW.format(id=uuid.uuid4(), code="OK", kind="kementerian", tz="WIT"))
    for kind, tz in (("kerajaan", "WIB"), ("kementerian", "GMT")):
        row = ORG_ROW.format(id=uuid.uuid4(), code=f"X{tz}", kind=kind, tz=tz)
        with pytest.raises(sa.exc.IntegrityError):
            _execute(scratch_url, row)
    with pytest.raises(sa.exc.IntegrityError):
        _execute(scratch_url, "UPDATE organizations SET kind = 'kerajaan'")


def test_enum_checks_name_bad_rows_before_adding(scratch_url: str) -> None:
    cfg = alembic_config(base_settings(scratch_url))
    command.upgrade(cfg, "0020")
    _execute(scratch_url, ORG_ROW.format(id=uuid.uuid4(), code="BAD", kind="kerajaan", tz="WIB"))
    with pytest.raises(RuntimeError, match=r"organizations\.kind = 'kerajaan' \(1 rows\)"):
        command.upgrade(cfg, "head")
    _execute(scratch_url, "UPDATE organizations SET kind = 'kementerian'")
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "0020")
    assert "ck_organizations_agency_kind" not in _checks(scratch_url)["organizations"]
