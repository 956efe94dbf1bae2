"""Pure rules of collaboration programs: schedule and money, milestones, partner answers,
and the dashboard's figures. No I/O: table-tested in ``tests/test_program_rules.py``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kinerja_api.collaboration.models import MilestoneStatus, PartnerStatus


def schedule_problem(start: date, end: date) -> str | None:
    """A program ends after it starts."""
    return None if end > start else "date_order"


def milestone_problem(planned: date, actual: date | None, start: date, end: date) -> str | None:
    """Milestones (planned and actual dates) lie inside the program's schedule."""
    if not start <= planned <= end:
        return "milestone_outside_schedule"
    if actual is not None and not start <= actual <= end:
        return "milestone_outside_schedule"
    return None


def milestone_late(
    status: MilestoneStatus, planned: date, actual: date | None, today: date
) -> bool:
    """Late: done after its planned date, or not done and its planned date has passed."""
    if status is MilestoneStatus.DONE:
        return actual is not None and actual > planned
    return planned < today


#: Answers a partner may give, by its current status.
ANSWERABLE = frozenset({PartnerStatus.INVITED})
#: Partners the lead may remove.
REMOVABLE = frozenset({PartnerStatus.INVITED, PartnerStatus.ACCEPTED})
#: Partners whose admins still see the program (to answer an invitation, or taking part).
SEES_PROGRAM = frozenset({PartnerStatus.INVITED, PartnerStatus.ACCEPTED})


def _round1(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal half up; ``None`` for a zero whole."""
    if whole == 0:
        return None
    return _round1(Decimal(part) * 100 / Decimal(whole))


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the known values, one decimal half up; ``None`` when none is known."""
    known = [Decimal(str(v)) for v in values if v is not None]
    if not known:
        return None
    return _round1(sum(known, Decimal(0)) / len(known))
