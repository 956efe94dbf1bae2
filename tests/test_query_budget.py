"""Query budget of the hot endpoints: a constant number of SQL statements per request, whatever
the page size and however much data there is.

Each endpoint is measured by counting the SQL statements the app's engine sends (SELECTs,
INSERTs of audit rows, the idempotency bookkeeping; not transaction control: SQLite's
explicit ``BEGIN IMMEDIATE`` has no counterpart statement on PostgreSQL, whose driver opens
the transaction itself) at two data sizes (2 and 12 reports / subordinates / RHK / items)
and, where the endpoint pages, at two page sizes (2 and 10). Every measurement must equal the
number in :data:`BUDGET`: a growth with the data is an N+1, a change of the constant is a
deliberate decision that shows up in review as a change of this table.

So counted, the numbers are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, time, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import PG_URL, Factory, Palu, QueryCounter
from kinerja_api.activities.models import ActivityReport, ReportStatus
from kinerja_api.appraisals.models import (
    Appraisal,
    AppraisalItem,
    AppraisalPeriod,
    PeriodKind,
    PeriodState,
)
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.indicators.skp.rules import SkpState
from kinerja_api.organizations.config import OrganizationResult, Predikat
from kinerja_api.organizations.models import Employee, Organization, Unit
from skp_support import (
    API,
    YEAR,
    add_work_results,
    approved_skp,
    palu_goals,
    subordinate_skps,
)
from test_activities import approved_rhk, body, org_today

#: Statements per request of each hot endpoint (the same at every data and page size).
BUDGET: dict[str, int] = {
    "GET /activity-reports?month (my reports this month)": 3,
    "GET /activity-reports/inbox (supervisor review inbox)": 4,
    # + 2 on PostgreSQL: advisory locks serializing retries of one Idempotency-Key and the
    # overlap check of the employee's day (core.db.lock_keys)
    "POST /activity-reports (create, with Idempotency-Key)": 9,
    # appraisers from the chains above the batch's people only (4 queries), whatever the
    # organization's size; one UPDATE for the batch; one INSERT of the batch's outbox events
    # (core.outbox: one ``activity_report.reviewed`` per report, inserted together)
    "POST /activity-reports/batch-approve (whole batch)": 12,
    "GET /skp/{id} (my SKP with RHK and indicators)": 10,
    "GET /units/{id}/activity-recap (unit monthly recap)": 5,
    "GET /organizations/{id}/cascade (whole organization)": 9,
    "GET /organizations/{id}/cascade?goal_id (one goal)": 9,
    "GET /appraisals/{id} (appraisal with predikat)": 8,
    # the unit's path up to its OPD (one recursive query), the counts of the OPD's subtree,
    # and the first people counted
    "GET /appraisal-periods/{id}/curve?unit_id (curve check of a unit)": 7,
    # the caller's acting (PLT/PLH) positions, then the page, then its count-free join
    "GET /appraisals (list, as the appraiser)": 3,
}

SMALL, LARGE = 2, 12
PAGE_SIZES = (2, 10)

Counting = Callable[[], QueryCounter]
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class StatementCounter(QueryCounter):
    """The conftest counter without transaction control statements."""

    def __call__(self, *args: Any) -> None:
        if not str(args[2]).lstrip().upper().startswith(TRANSACTION_CONTROL):
            self.count += 1


@pytest.fixture
def count_queries(app: Any) -> Iterator[Counting]:
    counters: list[StatementCounter] = []

    def start() -> StatementCounter:
        counter = StatementCounter()
        event.listen(app.state.engine.sync_engine, "before_cursor_execute", counter)
        counters.append(counter)
        return counter

    yield start
    for counter in counters:
        event.remove(app.state.engine.sync_engine, "before_cursor_execute", counter)


async def statements(counting: Counting, request: Awaitable[httpx.Response]) -> tuple[int, Any]:
    counter = counting()
    response = await request
    assert response.status_code in (200, 201), response.text
    return counter.count, response.json()


def assert_budget(endpoint: str, measured: list[int], *, on_postgresql: int = 0) -> None:
    expected = BUDGET[endpoint] + (on_postgresql if PG_URL else 0)
    assert measured == [expected] * len(measured), (
        f"{endpoint}: measured {measured}, budget {expected} statements per request"
    )


def this_month(org: Organization) -> str:
    return org_today(org).strftime("%Y-%m")


async def add_reports(
    sm: async_sessionmaker[AsyncSession],
    employee_ids: list[uuid.UUID],
    org_id: uuid.UUID,
    rhk: uuid.UUID,
    days: list[date],
    *,
    status: ReportStatus = ReportStatus.PENDING,
    first_hour: int = 6,
) -> list[uuid.UUID]:
    """One half-hour report per employee per day (written directly, fast)."""
    ids = []
    async with sm() as s:
        for employee_id in employee_ids:
            for n, day in enumerate(days):
                minute = 30 * n
                report = ActivityReport(
                    organization_id=org_id,
                    employee_id=employee_id,
                    report_date=day,
                    start_time=time(first_hour + minute // 60, minute % 60),
                    end_time=time(first_hour + minute // 60, minute % 60 + 29),
                    minutes=29,
                    description="Pelayanan imunisasi",
                    quantity=3,
                    unit="bayi",
                    work_result_id=rhk,
                    status=status,
                )
                s.add(report)
                await s.flush()
                ids.append(report.id)
        await s.commit()
    return ids


async def add_subordinates(factory: Factory, palu: Palu, count: int) -> list[Employee]:
    """More nurses under the head of the Puskesmas (the perawat position has many holders)."""
    people = []
    for _ in range(count):
        employee = await factory.employee(palu.org)
        await factory.assign(employee, palu.perawat_pos)
        people.append(employee)
    return people


def month_days(org: Organization, count: int) -> list[date]:
    """``count`` dates of this month up to today (repeating when the month is young)."""
    today = org_today(org)
    return [today - timedelta(days=n % today.day) for n in range(count)]


# ---- daily activity reports -----------------------------------------------------------------


@pytest.fixture
async def rhk(palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    rhk_id, _ = await approved_rhk(sessionmaker, palu.siti, org_today(palu.org).year)
    return rhk_id


async def test_my_reports_this_month(
    client: httpx.AsyncClient,
    palu: Palu,
    rhk: uuid.UUID,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    siti = [palu.siti.employee_id]
    measured = []
    for total, more in ((SMALL, SMALL), (LARGE, LARGE - SMALL)):
        await add_reports(sessionmaker, siti, palu.org.id, rhk, month_days(palu.org, more))
        for limit in PAGE_SIZES:
            n, page = await statements(
                count_queries,
                client.get(
                    f"{API}/activity-reports",
                    headers=palu.siti.headers,
                    params={"month": this_month(palu.org), "limit": limit},
                ),
            )
            assert len(page["items"]) == min(limit, total)
            measured.append(n)
    assert_budget("GET /activity-reports?month (my reports this month)", measured)


async def test_supervisor_inbox(
    client: httpx.AsyncClient,
    palu: Palu,
    rhk: uuid.UUID,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """2 then 12 subordinates of the head of the Puskesmas, one pending report each."""
    today = [org_today(palu.org)]
    await add_reports(sessionmaker, [palu.siti.employee_id], palu.org.id, rhk, today)
    measured = []
    for total, more in ((SMALL, SMALL - 1), (LARGE, LARGE - SMALL)):
        added = [e.id for e in await add_subordinates(factory, palu, more)]
        await add_reports(sessionmaker, added, palu.org.id, rhk, today)
        for limit in PAGE_SIZES:
            n, page = await statements(
                count_queries,
                client.get(
                    f"{API}/activity-reports/inbox",
                    headers=palu.kapus.headers,
                    params={"limit": limit},
                ),
            )
            assert len(page["items"]) == min(limit, total)
            measured.append(n)
    assert_budget("GET /activity-reports/inbox (supervisor review inbox)", measured)


async def test_create_report(
    client: httpx.AsyncClient,
    palu: Palu,
    rhk: uuid.UUID,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """With 2 then 12 reports of the day already filed (the overlap check reads them)."""
    today = org_today(palu.org)
    siti = [palu.siti.employee_id]
    measured = []
    hour = 13
    for more in (SMALL, LARGE - SMALL):
        await add_reports(sessionmaker, siti, palu.org.id, rhk, [today] * more)
        for _ in range(2):
            start, end = f"{hour:02d}:00", f"{hour:02d}:30"
            hour += 1
            n, _report = await statements(
                count_queries,
                client.post(
                    f"{API}/activity-reports",
                    headers={**palu.siti.headers, "Idempotency-Key": f"lkh-{uuid.uuid4()}"},
                    json=body(rhk, today, start, end),
                ),
            )
            measured.append(n)
    name = "POST /activity-reports (create, with Idempotency-Key)"
    assert_budget(name, measured, on_postgresql=2)


async def test_batch_approve(
    client: httpx.AsyncClient,
    palu: Palu,
    rhk: uuid.UUID,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """A batch of 2 then 12 reports of several subordinates on several days, each batch with
    corrections of approved reports (approving a correction supersedes the original):
    one SELECT of the reports, three statements resolving the appraiser of every
    (employee, report date), one UPDATE of the batch, one SELECT and one UPDATE of the
    superseded originals, one INSERT of the audit rows.
    """
    org = palu.org.id
    people = [palu.siti.employee_id] + [e.id for e in await add_subordinates(factory, palu, 3)]
    days = month_days(palu.org, 4)
    measured = []
    for size, corrections in ((SMALL, 1), (LARGE, 3)):
        originals = await add_reports(
            sessionmaker, people[:corrections], org, rhk, days[:1], status=ReportStatus.APPROVED
        )
        batch: list[uuid.UUID] = []
        async with sessionmaker() as s:
            for old_id in originals:
                old = await s.get(ActivityReport, old_id)
                assert old is not None
                fix = ActivityReport(
                    **{
                        c: getattr(old, c)
                        for c in (
                            "organization_id",
                            "employee_id",
                            "report_date",
                            "minutes",
                            "description",
                            "unit",
                            "work_result_id",
                        )
                    },
                    start_time=time(17, 0),
                    end_time=time(17, 29),
                    quantity=4,
                    corrects_id=old.id,
                )
                s.add(fix)
                await s.flush()
                batch.append(fix.id)
            await s.commit()
        per_person = -(-(size - corrections) // len(people))
        pending = await add_reports(
            sessionmaker, people, org, rhk, days[:per_person], first_hour=9 if size == SMALL else 12
        )
        batch += pending[: size - corrections]
        assert len(batch) == size
        n, result = await statements(
            count_queries,
            client.post(
                f"{API}/activity-reports/batch-approve",
                headers=palu.kapus.headers,
                json={"ids": [str(i) for i in batch]},
            ),
        )
        assert (result["approved"], result["failed"]) == (size, 0), result
        measured.append(n)
        async with sessionmaker() as s:
            for old_id in originals:
                old = await s.get(ActivityReport, old_id)
                assert old is not None
                assert old.status is ReportStatus.SUPERSEDED
    assert_budget("POST /activity-reports/batch-approve (whole batch)", measured)


async def test_unit_monthly_recap(
    client: httpx.AsyncClient,
    palu: Palu,
    rhk: uuid.UUID,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """Not paged: 2 then 12 employees of the Puskesmas, three reports each this month."""
    days = month_days(palu.org, 3)
    await add_reports(sessionmaker, [palu.siti.employee_id], palu.org.id, rhk, days)
    measured = []
    for total, more in ((SMALL, SMALL - 1), (LARGE, LARGE - SMALL)):
        added = [e.id for e in await add_subordinates(factory, palu, more)]
        await add_reports(sessionmaker, added, palu.org.id, rhk, days)
        n, recap = await statements(
            count_queries,
            client.get(
                f"{API}/units/{palu.pkm.id}/activity-recap",
                headers=palu.admin.headers,
                params={"month": this_month(palu.org)},
            ),
        )
        # the head of the Puskesmas is in the unit too
        assert len(recap["items"]) == total + 1
        measured.append(n)
    assert_budget("GET /units/{id}/activity-recap (unit monthly recap)", measured)


# ---- SKP and cascade ------------------------------------------------------------------------


async def test_my_skp_with_indicators(
    client: httpx.AsyncClient,
    palu: Palu,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """Not paged: 2 then 12 RHK (one, then more, with two indicators each)."""
    year = org_today(palu.org).year
    await approved_rhk(sessionmaker, palu.siti, year)
    async with sessionmaker() as s:
        skp_id = str(await s.scalar(select(Skp.id).where(Skp.employee_id == palu.siti.employee_id)))
    measured = []
    for total, more in ((SMALL, SMALL - 1), (LARGE, LARGE - SMALL)):
        await add_work_results(sessionmaker, skp_id, more)
        n, doc = await statements(
            count_queries, client.get(f"{API}/skp/{skp_id}", headers=palu.siti.headers)
        )
        assert len(doc["work_results"]) == total
        measured.append(n)
    assert_budget("GET /skp/{id} (my SKP with RHK and indicators)", measured)


async def test_cascade_tree(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """Not paged: 2 then 12 employees' RHK cascaded from the head of the Puskesmas."""
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    url = f"{API}/organizations/{palu.org.id}/cascade"
    whole, one_goal = [], []
    for total, more in ((SMALL, SMALL), (LARGE, LARGE - SMALL)):
        await subordinate_skps(factory, sessionmaker, palu, kapus_rhk["id"], more)
        n, tree = await statements(
            count_queries, client.get(url, headers=palu.admin.headers, params={"year": YEAR})
        )
        head = tree["goals"][0]["children"][0]["key_indicators"][0]["work_results"][0]
        assert len(head["children"]) == total
        whole.append(n)
        n, tree = await statements(
            count_queries,
            client.get(
                url,
                headers=palu.admin.headers,
                params={"year": YEAR, "goal_id": goals.sasaran_idl},
            ),
        )
        head = tree["goals"][0]["key_indicators"][0]["work_results"][0]
        assert len(head["children"]) == total
        one_goal.append(n)
    assert_budget("GET /organizations/{id}/cascade (whole organization)", whole)
    assert_budget("GET /organizations/{id}/cascade?goal_id (one goal)", one_goal)


# ---- appraisals -----------------------------------------------------------------------------


async def open_period(sm: async_sessionmaker[AsyncSession], org: Organization) -> uuid.UUID:
    async with sm() as s:
        period = AppraisalPeriod(
            organization_id=org.id,
            name="Penilaian Tahunan",
            kind=PeriodKind.ANNUAL,
            start_date=date(YEAR, 1, 1),
            end_date=date(YEAR, 12, 31),
            opens_on=date(YEAR, 12, 1),
            closes_on=date(YEAR + 1, 1, 31),
            state=PeriodState.OPEN,
            organization_result=OrganizationResult.BAIK,
        )
        s.add(period)
        await s.commit()
        return period.id


async def add_appraisals(
    sm: async_sessionmaker[AsyncSession],
    factory: Factory,
    palu: Palu,
    period_id: uuid.UUID,
    count: int,
    *,
    items: int = 1,
) -> list[uuid.UUID]:
    """``count`` rated appraisals of new nurses of the Puskesmas, appraised by its head."""
    people = await add_subordinates(factory, palu, count)
    unit: Unit = palu.pkm
    ids = []
    async with sm() as s:
        for n, employee in enumerate(people):
            skp = Skp(
                organization_id=palu.org.id,
                employee_id=employee.id,
                year=YEAR,
                period_start=date(YEAR, 1, 1),
                period_end=date(YEAR, 12, 31),
                state=SkpState.APPROVED,
            )
            s.add(skp)
            await s.flush()
            appraisal = Appraisal(
                organization_id=palu.org.id,
                period_id=period_id,
                employee_id=employee.id,
                employee_name=employee.name,
                skp_id=skp.id,
                skp_revision=1,
                position_id=palu.perawat_pos.id,
                position_name=palu.perawat_pos.name,
                unit_id=unit.id,
                unit_name=unit.name,
                appraiser_id=palu.kapus.employee_id,
                appraiser_name="Ns. Fadli Rahman",
                appraiser_superior_id=palu.kadis.employee_id,
                appraiser_superior_name="dr. Herry Mulyadi",
                predikat=(Predikat.BAIK, Predikat.SANGAT_BAIK, Predikat.BUTUH_PERBAIKAN)[n % 3],
            )
            s.add(appraisal)
            await s.flush()
            ids.append(appraisal.id)
        await s.commit()
    if items > 1:
        await add_items(sm, ids[0], items - 1)
    return ids


async def add_items(
    sm: async_sessionmaker[AsyncSession], appraisal_id: uuid.UUID, count: int
) -> None:
    """``count`` more RHK items in the appraisal (RHK rows of its SKP, then the items)."""
    async with sm() as s:
        appraisal = await s.get(Appraisal, appraisal_id)
        assert appraisal is not None
        skp_id = appraisal.skp_id
    await add_work_results(sm, str(skp_id), count)
    async with sm() as s:
        have = set(
            await s.scalars(
                select(AppraisalItem.work_result_id).where(
                    AppraisalItem.appraisal_id == appraisal_id
                )
            )
        )
        for n, rhk in enumerate(
            await s.scalars(select(SkpWorkResult).where(SkpWorkResult.skp_id == skp_id))
        ):
            if rhk.id in have:
                continue
            s.add(
                AppraisalItem(
                    organization_id=appraisal.organization_id,
                    appraisal_id=appraisal_id,
                    work_result_id=rhk.id,
                    kind="utama",
                    statement=rhk.statement,
                    sort_order=n,
                )
            )
        await s.commit()


async def test_read_appraisal(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """Not paged: an appraisal with 2 then 12 RHK items, read by the appraiser."""
    period = await open_period(sessionmaker, palu.org)
    [appraisal] = await add_appraisals(sessionmaker, factory, palu, period, 1)
    measured = []
    for total, more in ((SMALL, SMALL), (LARGE, LARGE - SMALL)):
        await add_items(sessionmaker, appraisal, more)
        n, doc = await statements(
            count_queries,
            client.get(f"{API}/appraisals/{appraisal}", headers=palu.kapus.headers),
        )
        assert len(doc["items"]) == total
        assert "predikat" in doc
        measured.append(n)
    assert_budget("GET /appraisals/{id} (appraisal with predikat)", measured)


async def test_curve_of_a_unit(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    """Not paged: 2 then 12 rated appraisals in the Puskesmas."""
    period = await open_period(sessionmaker, palu.org)
    measured = []
    for total, more in ((SMALL, SMALL), (LARGE, LARGE - SMALL)):
        await add_appraisals(sessionmaker, factory, palu, period, more)
        n, curve = await statements(
            count_queries,
            client.get(
                f"{API}/appraisal-periods/{period}/curve",
                headers=palu.admin.headers,
                params={"unit_id": str(palu.pkm.id)},
            ),
        )
        assert curve["total"] == total, curve
        measured.append(n)
    assert_budget("GET /appraisal-periods/{id}/curve?unit_id (curve check of a unit)", measured)


async def test_list_appraisals(
    client: httpx.AsyncClient,
    palu: Palu,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    count_queries: Counting,
) -> None:
    period = await open_period(sessionmaker, palu.org)
    measured = []
    for total, more in ((SMALL, SMALL), (LARGE, LARGE - SMALL)):
        await add_appraisals(sessionmaker, factory, palu, period, more)
        for limit in PAGE_SIZES:
            n, page = await statements(
                count_queries,
                client.get(
                    f"{API}/appraisals",
                    headers=palu.kapus.headers,
                    params={"period_id": str(period), "limit": limit},
                ),
            )
            assert len(page["items"]) == min(limit, total)
            measured.append(n)
    assert_budget("GET /appraisals (list, as the appraiser)", measured)
