"""Needs-analysis rules as tables: ABK formulas, PEJ grade boundaries, gaps, JP minimum."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kinerja_api.needs.development.rules import below_minimum_hours, competency_gaps, summarize_gaps
from kinerja_api.needs.workload.rules import (
    Grade,
    Task,
    grade,
    job_efficiency,
    required_staff,
    staff_gap,
    workload_minutes,
)
from kinerja_api.organizations.config import PejGrades


def test_workload_and_required_staff() -> None:
    # Immunization nurse: 1,200 babies × 25 min + 52 reports × 120 min + 12 posyandu × 240 min
    tasks = [Task(D(1200), D(25)), Task(D(52), D(120)), Task(D(12), D(240))]
    workload = workload_minutes(tasks)
    assert workload == D(39120)
    assert required_staff(workload) == D("0.52")
    assert required_staff(D(150000)) == D("2.00")
    assert required_staff(D(150000), effective_minutes=60000) == D("2.50")


@pytest.mark.parametrize(
    ("workload", "staff", "ej"),
    [
        (D(75000), 1, D("1.00")),
        (D(150000), 1, D("2.00")),
        (D(101250), 2, D("0.68")),  # 0.675 rounds half up
        (D(75000), 0, None),
    ],
)
def test_job_efficiency(workload: D, staff: int, ej: D | None) -> None:
    assert job_efficiency(workload, staff) == ej


@pytest.mark.parametrize(
    ("ej", "expected"),
    [
        (D("1.01"), Grade.A),
        (D("1.00"), Grade.B),  # exactly 1.00 is B, not A
        (D("0.90"), Grade.B),
        (D("0.89"), Grade.C),
        (D("0.70"), Grade.C),
        (D("0.69"), Grade.D),
        (D("0.50"), Grade.D),
        (D("0.49"), Grade.E),
        (D("0"), Grade.E),
        (D("1.004"), Grade.B),  # compared after rounding to 2 decimals
        (D("0.895"), Grade.B),
        (None, None),
    ],
)
def test_grade_boundaries(ej: D | None, expected: Grade | None) -> None:
    assert grade(ej) is expected


def test_grade_bounds_are_configurable() -> None:
    strict = PejGrades(a_above=1.10, b_min=0.95, c_min=0.75, d_min=0.55)
    assert grade(D("1.05"), strict) is Grade.B
    assert grade(D("0.94"), strict) is Grade.C
    assert grade(D("0.54"), strict) is Grade.E


@pytest.mark.parametrize(
    ("required", "existing", "gap"),
    [(D("2.49"), 1, 1), (D("2.50"), 1, 2), (D("0.52"), 1, 0), (D("0.40"), 2, -2)],
)
def test_staff_gap(required: D, existing: int, gap: int) -> None:
    assert staff_gap(required, existing) == gap


def test_competency_gaps_and_summary() -> None:
    standard = {"komunikasi": 3, "integritas": 3, "pelayanan_publik": 4}
    clerk = competency_gaps(standard, {"komunikasi": 1, "integritas": 3, "pelayanan_publik": 4})
    assert clerk == {"komunikasi": 2, "integritas": 0, "pelayanan_publik": 0}
    nurse = competency_gaps(standard, {"komunikasi": 3, "integritas": 4})
    assert nurse == {"komunikasi": 0, "integritas": -1, "pelayanan_publik": 4}
    summary = {s.competency: s for s in summarize_gaps([clerk, nurse])}
    assert summary["komunikasi"].with_gap == 1
    assert summary["komunikasi"].average_gap == D("2.00")
    assert summary["integritas"].with_gap == 0
    assert summary["integritas"].average_gap == D(0)
    assert summary["pelayanan_publik"].employees == 2


def test_learning_hours_minimum() -> None:
    hours = {"siti": D(32), "andi": D(12), "fadli": D(20), "baru": D(0)}
    assert below_minimum_hours(hours, D(20)) == {"andi": D(8), "baru": D(20)}
