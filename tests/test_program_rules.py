"""The pure rules of collaboration programs, as tables."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja_api.collaboration import rules
from kinerja_api.collaboration.models import MilestoneStatus as M

START, END = date(2026, 3, 1), date(2026, 11, 30)


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (START, END, None),
        (START, START, "date_order"),  # ends after it starts: not the same day
        (END, START, "date_order"),
    ],
)
def test_schedule(start: date, end: date, problem: str | None) -> None:
    assert rules.schedule_problem(start, end) == problem


@pytest.mark.parametrize(
    ("planned", "actual", "problem"),
    [
        (START, None, None),
        (END, END, None),
        (date(2026, 2, 28), None, "milestone_outside_schedule"),
        (date(2026, 12, 1), None, "milestone_outside_schedule"),
        (date(2026, 6, 1), date(2026, 12, 2), "milestone_outside_schedule"),
    ],
)
def test_milestone_inside_schedule(planned: date, actual: date | None, problem: str | None) -> None:
    assert rules.milestone_problem(planned, actual, START, END) == problem


TODAY = date(2026, 7, 15)


@pytest.mark.parametrize(
    ("status", "planned", "actual", "late"),
    [
        (M.DONE, date(2026, 4, 15), date(2026, 4, 20), True),  # done after planned
        (M.DONE, date(2026, 4, 15), date(2026, 4, 15), False),
        (M.IN_PROGRESS, date(2026, 6, 30), None, True),  # past, not done
        (M.PLANNED, TODAY, None, False),  # due today: still in time
        (M.PLANNED, date(2026, 10, 15), None, False),
    ],
)
def test_milestone_late(status: M, planned: date, actual: date | None, late: bool) -> None:
    assert rules.milestone_late(status, planned, actual, TODAY) is late


@pytest.mark.parametrize(
    ("part", "whole", "result"),
    [(350, 1500, 23.3), (0, 10, 0.0), (15, 10, 150.0), (1, 0, None), (1, 8, 12.5)],
)
def test_percent(part: int, whole: int, result: float | None) -> None:
    assert rules.percent(part, whole) == result


@pytest.mark.parametrize(
    ("values", "result"),
    [([75.0, 55.0], 65.0), ([None, 40.0], 40.0), ([], None), ([None], None), ([1.05, 1.1], 1.1)],
)
def test_mean(values: list[float | None], result: float | None) -> None:
    assert rules.mean(values) == result
