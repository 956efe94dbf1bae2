"""The table of measured scenarios: one row per hot endpoint, the baseline first, each with
the database "floor" it is compared to.

``path`` may use the placeholders of :meth:`Scenario.request`: ``{org_id}``, ``{unit_id}``
(a random unit of the caller's organization), ``{own_unit}``, ``{skp_id}``,
``{appraisal_id}``, ``{period_id}``, ``{goal_id}`` (a random sasaran), ``{month}`` and
``{year}`` (the caller's organization's today), ``{n}`` (unique within the run). ``pool``
names who calls (see ``run.make_callers``): a role, or a special set of accounts.

The floor of a scenario is the SQL of the endpoint's main queries, run directly with asyncpg
(:mod:`bench.floor`). It is compiled with the PostgreSQL dialect and literal binds from the
app's own query builders where the app has one (``service.my_reports``, ``service.inbox``,
``select_work_results``, the appraisal ``predikat_counts_select``), so it cannot drift from
them; where the app writes the query inline (recap, cascade, appraisal read, create, batch
approve) it is rebuilt here with SQLAlchemy from the same models, mirroring the service's
code, and says so.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from sqlalchemy import Select, and_, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import ClauseElement

from kinerja_api.activities import service as activities
from kinerja_api.activities.models import OCCUPYING, ActivityReport, ReportStatus
from kinerja_api.appraisals import service as appraisals
from kinerja_api.appraisals.models import Appraisal, AppraisalItem, AppraisalPeriod
from kinerja_api.auth.models import Role
from kinerja_api.auth.permissions import Principal
from kinerja_api.indicators.goals.models import KeyIndicator, OrganizationGoal
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpWorkResult
from kinerja_api.indicators.skp.service import select_work_results
from kinerja_api.organizations.models import (
    Employee,
    EmployeePosition,
    Organization,
    Position,
    TimeZone,
    Unit,
)
from kinerja_api.organizations.scope import assignment_active_on

Values = Mapping[str, Any]
PAGE = 50  # the app's default page size (Settings.page_size_default)
BATCH = 10  # reports per batch approval


@dataclass
class Caller:
    """A signed-in account the driver sends requests as (or anonymous for public routes)."""

    headers: Mapping[str, str]
    organization_id: uuid.UUID | None
    unit_ids: Sequence[uuid.UUID]
    timezone: TimeZone = TimeZone.WIB
    values: dict[str, Any] = field(default_factory=dict)  # own ids: skp_id, appraisal_id...
    #: pending reports this caller appraises (consumed by batch approval)
    pending: list[uuid.UUID] = field(default_factory=list)
    slots: itertools.count[int] = field(default_factory=itertools.count)  # create: time slots

    def today(self) -> date:
        return (datetime.now(UTC) + timedelta(hours=self.timezone.utc_offset_hours)).date()


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: Mapping[str, str]
    json: Any = None


#: Builds, for one request's values, the SQL statements of the floor.
FloorBuilder = Callable[[Values], list[ClauseElement]]


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    role: Role | None  # who calls it; None: anonymous
    expect: int = 200
    body: Callable[[Caller, Values], Any] | None = None
    idempotent: bool = False  # send an Idempotency-Key, as mobile clients do on creates
    pool: str | None = None  # callers: default the role's accounts
    hot: bool = False  # one of the hot endpoints with targets
    write: bool = False
    floor: FloorBuilder | None = None
    floor_note: str = ""  # where the floor's SQL comes from
    #: at most this many connections (endpoint and floor), for responses so large that the
    #: run's concurrency would exhaust the machine's memory; shown in the table
    max_concurrency: int | None = None
    warmup: bool = True  # False: the floor just read the same rows; a request takes long

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.path.split('?')[0]}"

    @property
    def caller_pool(self) -> str:
        return self.pool or (self.role.value if self.role else "")

    def values(self, caller: Caller, rng: random.Random, n: int) -> dict[str, Any]:
        today = caller.today()
        values: dict[str, Any] = {
            "org_id": caller.organization_id,
            "unit_id": rng.choice(caller.unit_ids) if caller.unit_ids else None,
            "n": n,
            "today": today,
            "month": f"{today:%Y-%m}",
            "year": today.year,
            **caller.values,
        }
        goals = caller.values.get("goal_ids")
        if goals:
            values["goal_id"] = rng.choice(goals)
        return values

    def request(self, caller: Caller, rng: random.Random, n: int) -> Request | None:
        """The next request as ``caller``, or ``None`` when the caller has nothing left."""
        values = self.values(caller, rng, n)
        headers = dict(caller.headers)
        if self.idempotent:
            headers["Idempotency-Key"] = f"bench-{self.name}-{n}-{uuid.uuid4().hex[:8]}"
        body = self.body(caller, values) if self.body else None
        if self.body and body is None:
            return None
        return Request(self.method, self.path.format_map(values), headers, body)


def compile_pg(stmt: ClauseElement) -> str:
    """The statement as PostgreSQL SQL with its parameters inlined (what the floor runs)."""
    return str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))  # type: ignore[no-untyped-call]


# ---- bodies --------------------------------------------------------------------------------


def _new_unit(caller: Caller, v: Values) -> dict[str, Any]:
    return {
        "code": f"BENCH-{v['n']:07d}",
        "name": f"Seksi Uji Beban {v['n']}",
        "parent_id": str(v["unit_id"]),
    }


def _slot(caller: Caller) -> tuple[dtime, dtime] | None:
    """A one-minute slot of today not used yet by this caller (reports may not overlap)."""
    k = next(caller.slots)
    if k >= 23 * 60:
        return None
    return dtime(k // 60, k % 60), dtime((k + 1) // 60, (k + 1) % 60)


def _new_report(caller: Caller, v: Values) -> dict[str, Any] | None:
    slot = _slot(caller)
    if slot is None:
        return None
    rhk = v["work_result_ids"]
    return {
        "report_date": v["today"].isoformat(),
        "start_time": slot[0].isoformat(),
        "end_time": slot[1].isoformat(),
        "description": "Pelayanan imunisasi di Posyandu Melati",
        "quantity": 3,
        "unit": "orang",
        "work_result_id": str(rhk[v["n"] % len(rhk)]),
    }


def _batch(caller: Caller, v: Values) -> dict[str, Any] | None:
    if not caller.pending:
        return None
    ids, caller.pending[:BATCH] = caller.pending[:BATCH], []
    return {"ids": [str(i) for i in ids], "atomic": True}  # any failure: 409, an error


# ---- floors --------------------------------------------------------------------------------


def _employee(v: Values) -> Employee:
    return Employee(id=v["employee_id"], organization_id=v["org_id"])


def _principal(v: Values, role: Role) -> Principal:
    return Principal(
        user_id=uuid.UUID(int=0),
        session_id=uuid.UUID(int=0),
        organization_id=v["org_id"],
        role=role,
        username="bench",
        employee_id=v.get("employee_id"),
    )


def _page(stmt: Select[Any]) -> Select[Any]:
    """``core.pagination.paginate`` with the default sort ``-report_date`` and page size."""
    order = (ActivityReport.report_date.desc(), ActivityReport.id.desc())
    return stmt.order_by(*order).limit(PAGE + 1)


def floor_my_reports(v: Values) -> list[ClauseElement]:
    start, end = activities.month_bounds(v["month"])
    f = activities.ListFilters(start, end)
    return [_page(activities.my_reports(_employee(v), f))]


def floor_inbox(v: Values) -> list[ClauseElement]:
    org = Organization(id=v["org_id"])
    f = activities.ListFilters(status=ReportStatus.PENDING)
    stmt = activities.inbox(_principal(v, Role.SUPERVISOR), org, v["today"], f, direct_only=False)
    return [_page(stmt)]


def floor_skp(v: Values) -> list[ClauseElement]:
    skp_id = v["skp_id"]
    return [
        select(Skp).where(Skp.id == skp_id),
        select_work_results(skp_id),
        select(SkpIndicator).where(SkpIndicator.skp_id == skp_id),
    ]


def floor_recap(v: Values) -> list[ClauseElement]:
    """Mirrors ``activities.service.unit_recap`` (inline there): people, then figures.

    The app sends the people's ids as a literal list; here they come as a subquery of the
    same people query (same rows, one statement fewer)."""
    start, end = activities.month_bounds(v["month"])
    people = (
        select(Employee.id, Employee.name, Employee.nip)
        .join(EmployeePosition, EmployeePosition.employee_id == Employee.id)
        .join(Position, Position.id == EmployeePosition.position_id)
        .where(
            Position.unit_id == v["recap_unit"],
            Employee.organization_id == v["org_id"],
            assignment_active_on(v["today"]),
        )
        .distinct()
    )
    ids = select(people.subquery().c.id)
    figures = (
        select(ActivityReport.employee_id, *activities._counts())
        .where(
            ActivityReport.employee_id.in_(ids),
            ActivityReport.report_date >= start,
            ActivityReport.report_date <= end,
        )
        .group_by(ActivityReport.employee_id)
    )
    return [people.order_by(Employee.name, Employee.id), figures]


def floor_cascade(v: Values) -> list[ClauseElement]:
    """Mirrors ``indicators.skp.views.cascade_tree`` (inline there): its five row queries."""
    org_id, year = v["org_id"], v["year"]
    in_year = and_(Skp.organization_id == org_id, Skp.year == year)
    return [
        select(OrganizationGoal).where(
            OrganizationGoal.organization_id == org_id, OrganizationGoal.year == year
        ),
        select(KeyIndicator).where(
            KeyIndicator.organization_id == org_id, KeyIndicator.year == year
        ),
        select(Skp).where(in_year),
        select(SkpWorkResult).join(Skp, Skp.id == SkpWorkResult.skp_id).where(in_year),
        select(SkpIndicator)
        .join(Skp, Skp.id == SkpIndicator.skp_id)
        .where(in_year)
        .order_by(SkpIndicator.sort_order, SkpIndicator.id),
    ]


def floor_appraisal(v: Values) -> list[ClauseElement]:
    """Mirrors ``appraisals.service.find_appraisal`` (select + selectinload of items)."""
    app_id = v["appraisal_id"]
    return [
        select(Appraisal).where(Appraisal.id == app_id),
        select(AppraisalItem)
        .where(AppraisalItem.appraisal_id == app_id)
        .order_by(AppraisalItem.sort_order),
        select(AppraisalPeriod).where(AppraisalPeriod.id == v["period_id"]),
    ]


def _curve(v: Values, unit_id: uuid.UUID | None) -> list[ClauseElement]:
    period = AppraisalPeriod(id=v["period_id"])
    unit = None if unit_id is None else Unit(id=unit_id, organization_id=v["org_id"])
    return [appraisals.predikat_counts_select(period, unit)]


def floor_curve_unit(v: Values) -> list[ClauseElement]:
    return _curve(v, v["unit_id"])


def floor_curve_org(v: Values) -> list[ClauseElement]:
    return _curve(v, None)


def floor_create(v: Values) -> list[ClauseElement]:
    """Mirrors ``activities.service.create_report``: RHK check, overlap check, INSERT (the
    floor runs it in a transaction that is rolled back)."""
    rhk = v["work_result_ids"][v["n"] % len(v["work_result_ids"])]
    day = v["today"]
    start = dtime(23, 58)
    return [
        select(Skp.year, Skp.state, Skp.employee_id)
        .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
        .where(SkpWorkResult.id == rhk),
        select(ActivityReport.id, ActivityReport.start_time, ActivityReport.end_time).where(
            ActivityReport.employee_id == v["employee_id"],
            ActivityReport.report_date == day,
            ActivityReport.status.in_(OCCUPYING),
        ),
        ActivityReport.__table__.insert().values(  # type: ignore[attr-defined]
            id=uuid.uuid4(),
            organization_id=v["org_id"],
            employee_id=v["employee_id"],
            report_date=day,
            start_time=start,
            end_time=dtime(23, 59),
            minutes=1,
            description="Pelayanan imunisasi di Posyandu Melati",
            quantity=3,
            unit="orang",
            work_result_id=rhk,
            status=ReportStatus.PENDING.value,
            late=False,
            created_at=datetime.now(UTC),
            updated_at=datetime.now(UTC),
            version=1,
        ),
    ]


def floor_batch(v: Values) -> list[ClauseElement]:
    """Load the batch and approve it in one UPDATE (rolled back). The app also resolves the
    appraiser of each report (a position-chain query per report), which the floor omits."""
    ids = v["floor_batch"]
    return [
        select(ActivityReport).where(ActivityReport.id.in_(ids)),
        update(ActivityReport)
        .where(ActivityReport.id.in_(ids), ActivityReport.status == ReportStatus.PENDING.value)
        .values(
            status=ReportStatus.APPROVED.value,
            reviewed_by_id=v["employee_id"],
            reviewed_at=datetime.now(UTC),
            updated_at=datetime.now(UTC),
            version=ActivityReport.version + 1,
        ),
    ]


# ---- the table -----------------------------------------------------------------------------

APP = "compiled from the app's query builder"
MIRROR = "rebuilt here from the models, mirroring the service's inline query"
BASELINE = Scenario("baseline", "GET", "/health/live", role=None)

SCENARIOS: tuple[Scenario, ...] = (
    BASELINE,  # no database: the ceiling of this server, this driver and this machine
    Scenario("me", "GET", "/api/v1/auth/me", Role.STAFF),
    Scenario("units_list", "GET", "/api/v1/organizations/{org_id}/units?limit=50", Role.STAFF),
    Scenario("users_list", "GET", "/api/v1/organizations/{org_id}/users?limit=50", Role.ADMIN),
    Scenario("audit_log", "GET", "/api/v1/audit-log?limit=50", Role.ADMIN),
    # The hot paths.
    Scenario(
        "my_reports",
        "GET",
        "/api/v1/activity-reports?month={month}",
        Role.STAFF,
        hot=True,
        floor=floor_my_reports,
        floor_note=f"{APP} `activities.service.my_reports` + `paginate`'s order and limit",
    ),
    Scenario(
        "inbox",
        "GET",
        "/api/v1/activity-reports/inbox",
        Role.SUPERVISOR,
        hot=True,
        floor=floor_inbox,
        floor_note=f"{APP} `activities.service.inbox` (recursive position chain)",
    ),
    Scenario(
        "my_skp",
        "GET",
        "/api/v1/skp/{skp_id}",
        Role.STAFF,
        hot=True,
        floor=floor_skp,
        floor_note="SKP, `select_work_results` (app builder) and its indicators",
    ),
    Scenario(
        "unit_recap",
        "GET",
        "/api/v1/units/{recap_unit}/activity-recap?month={month}",
        Role.SUPERVISOR,
        pool="team_lead",
        hot=True,
        floor=floor_recap,
        floor_note=MIRROR + " (`unit_recap`: people of the unit, month's figures)",
    ),
    Scenario(
        "recap_500",
        "GET",
        "/api/v1/units/{recap_unit}/activity-recap?month={month}",
        Role.SUPERVISOR,
        pool="big_unit_head",
        hot=True,
        floor=floor_recap,
        floor_note=MIRROR + "; the head of the 500-employee unit",
    ),
    Scenario(
        "cascade",
        "GET",
        "/api/v1/organizations/{org_id}/cascade?year={year}&goal_id={goal_id}",
        Role.ADMIN,
        hot=True,
        floor=floor_cascade,
        floor_note=MIRROR + " (`cascade_tree`: goals, IKU, SKP, RHK, indicators of the year)",
        # The whole organization's tree is loaded whatever goal_id: at L one response takes
        # tens of seconds and hundreds of MB; 16 at once would exhaust the shared machine.
        max_concurrency=2,
        warmup=False,
    ),
    Scenario(
        "appraisal",
        "GET",
        "/api/v1/appraisals/{appraisal_id}",
        Role.STAFF,
        hot=True,
        floor=floor_appraisal,
        floor_note=MIRROR + " (`find_appraisal` with its items, the period)",
    ),
    Scenario(
        "curve_unit",
        "GET",
        "/api/v1/appraisal-periods/{period_id}/curve?unit_id={unit_id}",
        Role.ADMIN,
        hot=True,
        floor=floor_curve_unit,
        floor_note=f"{APP} `appraisals.service.predikat_counts_select` over the unit's "
        "subtree (the app first resolves the unit's group at `appraisal.curve_level`)",
    ),
    Scenario(
        "curve_org",
        "GET",
        "/api/v1/appraisal-periods/{period_id}/curve",
        Role.ADMIN,
        pool="curve_org_admin",
        hot=True,
        floor=floor_curve_org,
        floor_note=f"{APP} `appraisals.service.predikat_counts_select`; the organization "
        "nearest 5,000",
    ),
    # Writes last, so the reads above see exactly the generated data.
    Scenario(
        "unit_create",
        "POST",
        "/api/v1/organizations/{org_id}/units",
        Role.ADMIN,
        expect=201,
        body=_new_unit,
        idempotent=True,
        write=True,
    ),
    Scenario(
        "create_report",
        "POST",
        "/api/v1/activity-reports",
        Role.STAFF,
        expect=201,
        body=_new_report,
        idempotent=True,
        hot=True,
        write=True,
        floor=floor_create,
        floor_note=MIRROR + " (`create_report`: RHK check, overlap check, INSERT; rolled back)",
    ),
    Scenario(
        "batch_approve",
        "POST",
        "/api/v1/activity-reports/batch-approve",
        Role.SUPERVISOR,
        body=_batch,
        pool="approver",
        hot=True,
        write=True,
        floor=floor_batch,
        floor_note=MIRROR + f" ({BATCH} reports: SELECT + one UPDATE, rolled back)",
    ),
)
