"""Pure rules of daily activity reports (LKH): time overlap, report date window, working
days. Table-tested in tests/test_activity_rules.py."""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from kinerja_api.organizations.config import LatePolicy

K = TypeVar("K")


@dataclass(frozen=True)
class Span:
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def overlaps(a: Span, b: Span) -> bool:
    """Half-open intervals: 08:00–10:00 and 10:00–11:00 touch but do not overlap."""
    return a.start < b.end and b.start < a.end


def conflicting(new: Span, existing: Iterable[tuple[K, Span]]) -> list[K]:
    """Keys of the existing spans (same employee, same day) that ``new`` overlaps."""
    return [key for key, span in existing if overlaps(new, span)]


class DateVerdict(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"  # accepted, flagged for the supervisor
    FUTURE = "future"  # refused
    TOO_LATE = "too_late"  # refused


def judge_report_date(
    report_date: date, now: datetime, tz: ZoneInfo, grace_days: int, policy: LatePolicy
) -> DateVerdict:
    """Is a report for ``report_date`` acceptable now, in the organization's time zone?

    Today and the ``grace_days`` days before it are on time; older dates are refused or
    flagged as late depending on the organization's policy; future dates are refused.
    """
    today = now.astimezone(tz).date()
    if report_date > today:
        return DateVerdict.FUTURE
    if report_date >= today - timedelta(days=grace_days):
        return DateVerdict.ON_TIME
    return DateVerdict.TOO_LATE if policy is LatePolicy.REJECT else DateVerdict.LATE


def working_days(
    start: date, end: date, weekdays: Collection[int], holidays: Collection[date]
) -> list[date]:
    """Working days in [start, end]; ``weekdays`` uses Monday=0 … Sunday=6."""
    days: list[date] = []
    current = start
    while current <= end:
        if current.weekday() in weekdays and current not in holidays:
            days.append(current)
        current += timedelta(days=1)
    return days


def missed_working_days(
    reported: Collection[date],
    start: date,
    end: date,
    weekdays: Collection[int],
    holidays: Collection[date],
) -> int:
    """Consecutive working days without a report, counted back from ``end``."""
    missed = 0
    for day in reversed(working_days(start, end, weekdays, holidays)):
        if day in reported:
            break
        missed += 1
    return missed
