"""Daily activity report rules as tables: overlap, date window in local time, working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from kinerja_api.activities.rules import (
    DateVerdict,
    Span,
    conflicting,
    judge_report_date,
    missed_working_days,
    overlaps,
    working_days,
)
from kinerja_api.organizations.config import LatePolicy


def s(a: str, b: str) -> Span:
    return Span(time.fromisoformat(a), time.fromisoformat(b))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (s("08:00", "11:30"), s("11:30", "12:00"), False),  # touching is fine
        (s("08:00", "11:30"), s("11:00", "12:00"), True),
        (s("08:00", "11:30"), s("09:00", "10:00"), True),  # inside
        (s("09:00", "10:00"), s("08:00", "11:30"), True),  # around
        (s("08:00", "09:00"), s("13:00", "14:00"), False),
        (s("08:00", "09:00"), s("08:00", "09:00"), True),  # identical
    ],
)
def test_overlap_table(a: Span, b: Span, expected: bool) -> None:
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_conflicting_lists_every_overlap() -> None:
    existing = [
        ("r1", s("07:30", "08:30")),
        ("r2", s("10:00", "11:00")),
        ("r3", s("11:30", "12:00")),
    ]
    assert conflicting(s("08:00", "11:30"), existing) == ["r1", "r2"]
    assert s("08:00", "11:30").minutes == 210


WITA = ZoneInfo("Asia/Makassar")
# 25 Nov 2026 09:00 WITA == 01:00 UTC
NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "grace", "policy", "verdict"),
    [
        (date(2026, 11, 25), 3, LatePolicy.REJECT, DateVerdict.ON_TIME),
        (date(2026, 11, 26), 3, LatePolicy.REJECT, DateVerdict.FUTURE),
        (date(2026, 11, 22), 3, LatePolicy.REJECT, DateVerdict.ON_TIME),  # exactly 3 days back
        (date(2026, 11, 21), 3, LatePolicy.REJECT, DateVerdict.TOO_LATE),
        (date(2026, 11, 21), 3, LatePolicy.FLAG, DateVerdict.LATE),
        (date(2026, 11, 24), 0, LatePolicy.FLAG, DateVerdict.LATE),
    ],
)
def test_report_date_table(day: date, grace: int, policy: LatePolicy, verdict: DateVerdict) -> None:
    assert judge_report_date(day, NOW, WITA, grace, policy) is verdict


def test_today_is_the_local_date() -> None:
    # 24 Nov 23:30 UTC is already 25 Nov 07:30 in WITA: 25 Nov is today, not the future.
    late_evening_utc = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    assert judge_report_date(date(2026, 11, 25), late_evening_utc, WITA, 3, LatePolicy.REJECT) is (
        DateVerdict.ON_TIME
    )
    assert judge_report_date(
        date(2026, 11, 25), late_evening_utc, ZoneInfo("UTC"), 3, LatePolicy.REJECT
    ) is (DateVerdict.FUTURE)


MON_FRI = range(5)


def test_working_days_skip_weekends_and_holidays() -> None:
    days = working_days(date(2026, 12, 21), date(2026, 12, 27), MON_FRI, {date(2026, 12, 25)})
    assert days == [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23), date(2026, 12, 24)]


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        ({date(2026, 11, 25)}, 0),
        ({date(2026, 11, 24)}, 1),
        ({date(2026, 11, 20)}, 3),  # Fri reported; Mon 23, Tue 24, Wed 25 missed
        (set(), 8),  # whole range: 16..25 Nov has 8 working days
    ],
)
def test_missed_working_days(reported: set[date], expected: int) -> None:
    assert (
        missed_working_days(reported, date(2026, 11, 16), date(2026, 11, 25), MON_FRI, set())
        == expected
    )
