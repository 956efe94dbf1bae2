"""Workload analysis as pure functions: workload minutes, required staff, job efficiency (EJ)
and its grade (PEJ), staff gap.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja_api.core.numbers import round2
from kinerja_api.organizations.config import PejGrades

EFFECTIVE_MINUTES_PER_YEAR = 75_000  # 1,250 hours; the organization may override it


class Grade(enum.StrEnum):
    A = "A"  # very good (EJ > 1.00: overloaded)
    B = "B"
    C = "C"
    D = "D"
    E = "E"


@dataclass(frozen=True)
class Task:
    volume: Decimal  # outputs per year
    norm_minutes: Decimal  # minutes per output


def workload_minutes(tasks: Iterable[Task]) -> Decimal:
    return sum((t.volume * t.norm_minutes for t in tasks), Decimal(0))


def required_staff(
    workload: Decimal, effective_minutes: int = EFFECTIVE_MINUTES_PER_YEAR
) -> Decimal:
    """Σ(volume × norm) / effective minutes, to 2 decimals."""
    return round2(workload / effective_minutes)


def job_efficiency(
    workload: Decimal, existing_staff: int, effective_minutes: int = EFFECTIVE_MINUTES_PER_YEAR
) -> Decimal | None:
    """EJ = workload / (existing staff × effective minutes); ``None`` with nobody in place."""
    if existing_staff <= 0:
        return None
    return round2(workload / (existing_staff * effective_minutes))


def grade(ej: Decimal | None, bounds: PejGrades | None = None) -> Grade | None:
    """PEJ grade of a job efficiency, compared after rounding to 2 decimals.

    Bounds come from the organization's settings (``workload.pej_grades``); defaults
    A > 1.00, B 0.90–1.00, C 0.70–0.89, D 0.50–0.69, E < 0.50.
    """
    if ej is None:
        return None
    b = bounds or PejGrades()
    value = round2(ej)
    if value > _dec(b.a_above):
        return Grade.A
    if value >= _dec(b.b_min):
        return Grade.B
    if value >= _dec(b.c_min):
        return Grade.C
    if value >= _dec(b.d_min):
        return Grade.D
    return Grade.E


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


def staff_gap(required: Decimal, existing: int) -> int:
    """Positive: shortage of staff; negative: excess. Required staff rounds half up."""
    return int(required.quantize(Decimal(1), rounding=ROUND_HALF_UP)) - existing
