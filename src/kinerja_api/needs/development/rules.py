"""Competency gaps and learning hours as pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kinerja_api.core.numbers import round2

# ---- competencies -----------------------------------------------------------------------


def competency_gaps(standard: Mapping[str, int], assessed: Mapping[str, int]) -> dict[str, int]:
    """gap = standard − actual per competency of the standard; unassessed counts as level 0."""
    return {name: level - assessed.get(name, 0) for name, level in standard.items()}


@dataclass(frozen=True)
class GapSummary:
    competency: str
    employees: int  # employees with this competency in their position's standard
    with_gap: int  # of whom below the standard
    average_gap: Decimal  # mean positive gap among those with a gap (0 when none)


def summarize_gaps(per_employee: Iterable[Mapping[str, int]]) -> list[GapSummary]:
    """Aggregate per-employee gaps for a unit or organization, sorted by competency."""
    totals: dict[str, list[int]] = {}
    for gaps in per_employee:
        for name, gap in gaps.items():
            totals.setdefault(name, []).append(gap)
    out = []
    for name in sorted(totals):
        positive = [g for g in totals[name] if g > 0]
        avg = round2(Decimal(sum(positive)) / len(positive)) if positive else Decimal(0)
        out.append(GapSummary(name, len(totals[name]), len(positive), avg))
    return out


def below_minimum_hours(hours: Mapping[str, Decimal], minimum: Decimal) -> dict[str, Decimal]:
    """Who has fewer learning hours (JP) than the yearly minimum, with how many they lack."""
    return {who: minimum - h for who, h in hours.items() if h < minimum}
