"""One clock (``core.clock``) and one "today in this organization"
(``organizations.service.org_today``): a table of instants around midnight in the three
Indonesian time zones, and the supervisor scope of daily reports decided by the
organization's date, not the UTC date (before 09:00 WIT the UTC date is still yesterday)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Factory
from kinerja_api.activities.models import ActivityReport
from kinerja_api.auth.models import Role
from kinerja_api.core import clock
from kinerja_api.organizations.models import Organization, PositionKind, TimeZone
from kinerja_api.organizations.service import org_today
from test_activities import approved_rhk

#: 08:30 WIT (UTC+9) on 10 March 2026: in UTC it is still 9 March.
WIT_MORNING = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
TODAY = date(2026, 3, 10)


@pytest.fixture
def at_wit_morning() -> Iterator[None]:
    clock.set_clock(lambda: WIT_MORNING)
    yield
    clock.set_clock(None)


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        (TimeZone.WIB, datetime(2026, 3, 9, 16, 59, tzinfo=UTC), date(2026, 3, 9)),
        (TimeZone.WIB, datetime(2026, 3, 9, 17, 0, tzinfo=UTC), date(2026, 3, 10)),
        (TimeZone.WITA, datetime(2026, 3, 9, 15, 59, tzinfo=UTC), date(2026, 3, 9)),
        (TimeZone.WITA, datetime(2026, 3, 9, 16, 0, tzinfo=UTC), date(2026, 3, 10)),
        (TimeZone.WIT, datetime(2026, 3, 9, 14, 59, tzinfo=UTC), date(2026, 3, 9)),
        (TimeZone.WIT, datetime(2026, 3, 9, 15, 0, tzinfo=UTC), date(2026, 3, 10)),
        (TimeZone.WIT, WIT_MORNING, TODAY),
    ],
)
def test_org_today_by_time_zone(zone: TimeZone, instant: datetime, expected: date) -> None:
    org = Organization(timezone=zone)
    assert org_today(org, instant) == expected
    clock.set_clock(lambda: instant)
    try:
        assert org_today(org) == expected  # by the clock in force
    finally:
        clock.set_clock(None)


def test_clock_returns_to_the_system_clock() -> None:
    clock.set_clock(lambda: WIT_MORNING)
    assert clock.now() == WIT_MORNING
    clock.set_clock(None)
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 60


async def test_subordinate_scope_uses_the_organizations_date_at_0830_wit(
    client: httpx.AsyncClient,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    at_wit_morning: None,
) -> None:
    """Nurse Yohana joined the Puskesmas under its head today (10 March, WIT). Her report of
    8 March, filed in her previous post, is now her new superior's to read: she is his
    subordinate today. By the UTC date (9 March) she was not, on neither day."""
    jayapura = await factory.org("DINKES-JAYAPURA", timezone=TimeZone.WIT)
    pkm = await factory.unit(jayapura, code="PKM-HAMADI", name="Puskesmas Hamadi")
    office = await factory.unit(jayapura, code="SEKRETARIAT", name="Sekretariat")
    head_pos = await factory.position(
        jayapura, pkm, kind=PositionKind.STRUKTURAL, name="Kepala Puskesmas Hamadi"
    )
    nurse_pos = await factory.position(jayapura, pkm, name="Perawat", superior=head_pos)
    clerk_pos = await factory.position(jayapura, office, name="Pengadministrasi Umum")
    head = await factory.person(jayapura, head_pos, Role.SUPERVISOR, name="Markus Wenda")
    yohana_emp = await factory.employee(jayapura, name="Yohana Kogoya")
    await factory.assign(yohana_emp, clerk_pos, end=date(2026, 3, 9))
    # Her new post starts today (an assignment of one day, so that no other date lets him in).
    await factory.assign(yohana_emp, nurse_pos, start=TODAY, end=TODAY)
    yohana = await factory.account(jayapura, employee=yohana_emp)
    rhk, _ = await approved_rhk(sessionmaker, yohana, 2026)
    async with sessionmaker() as s:
        report = ActivityReport(
            organization_id=jayapura.id,
            employee_id=yohana_emp.id,
            report_date=date(2026, 3, 8),
            start_time=time(8, 0),
            end_time=time(10, 0),
            minutes=120,
            description="Mengarsipkan surat masuk",
            quantity=12,
            unit="surat",
            work_result_id=rhk,
        )
        s.add(report)
        await s.commit()
    url = f"/api/v1/activity-reports/{report.id}"
    r = await client.get(url, headers=head.headers)
    assert r.status_code == 200, r.text
    assert r.json()["employee_id"] == str(yohana_emp.id)
    # Someone else's superior in the same organization still may not read it.
    other_head = await factory.person(jayapura, None, Role.SUPERVISOR)
    assert (await client.get(url, headers=other_head.headers)).status_code == 403
