"""Pure rules of the needs register: status changes and coverage.

Coverage asks, per need, "is there work for it?" and "is there training for it?". Each link
kind counts for one of the two (:data:`COVERAGE`); later phases add kinds (an RHK counts as
work; a development plan counts as training) without touching the report. Table-tested in
tests/test_needs_register_rules.py.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kinerja_api.needs.register.models import NeedLinkKind, NeedPriority, NeedStatus

ACTIVE = frozenset({NeedStatus.OPEN, NeedStatus.PLANNED, NeedStatus.IN_PROGRESS})
CLOSED = frozenset({NeedStatus.ADDRESSED, NeedStatus.DROPPED})

#: Allowed status changes. Closing (addressed/dropped) is final.
TRANSITIONS: Mapping[NeedStatus, frozenset[NeedStatus]] = {
    NeedStatus.OPEN: frozenset(
        {NeedStatus.PLANNED, NeedStatus.IN_PROGRESS, NeedStatus.ADDRESSED, NeedStatus.DROPPED}
    ),
    NeedStatus.PLANNED: frozenset(
        {NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.ADDRESSED, NeedStatus.DROPPED}
    ),
    NeedStatus.IN_PROGRESS: frozenset(
        {NeedStatus.PLANNED, NeedStatus.ADDRESSED, NeedStatus.DROPPED}
    ),
    NeedStatus.ADDRESSED: frozenset(),
    NeedStatus.DROPPED: frozenset(),
}


def can_change_status(current: NeedStatus, new: NeedStatus) -> bool:
    """``True`` when ``current`` may become ``new`` (staying the same is always allowed
    for an active need)."""
    if current == new:
        return current in ACTIVE
    return new in TRANSITIONS[current]


class Coverage(enum.StrEnum):
    WORK = "work"  # goals, IKU; later: RHK of an SKP
    TRAINING = "training"  # development plans


#: What each link kind covers. Adding a link kind means adding it here.
COVERAGE: Mapping[NeedLinkKind, Coverage] = {
    NeedLinkKind.GOAL: Coverage.WORK,
    NeedLinkKind.KEY_INDICATOR: Coverage.WORK,
    NeedLinkKind.DEVELOPMENT_PLAN: Coverage.TRAINING,
}


@dataclass(frozen=True)
class NeedFacts:
    id: uuid.UUID
    priority: NeedPriority
    status: NeedStatus


@dataclass(frozen=True)
class NeedCoverage:
    need: NeedFacts
    work_links: int
    training_links: int

    @property
    def by_work(self) -> bool:
        return self.work_links > 0

    @property
    def by_training(self) -> bool:
        return self.training_links > 0


@dataclass(frozen=True)
class PriorityCount:
    priority: NeedPriority
    total: int
    covered_by_work: int
    covered_by_training: int
    fully_covered: int  # by work and by training
    uncovered: int  # by neither


@dataclass(frozen=True)
class CoverageSummary:
    needs: tuple[NeedCoverage, ...]
    by_priority: tuple[PriorityCount, ...]

    @property
    def uncovered_by_work(self) -> tuple[NeedCoverage, ...]:
        return tuple(c for c in self.needs if not c.by_work)

    @property
    def uncovered_by_training(self) -> tuple[NeedCoverage, ...]:
        return tuple(c for c in self.needs if not c.by_training)


_PRIORITY_ORDER = {NeedPriority.HIGH: 0, NeedPriority.MEDIUM: 1, NeedPriority.LOW: 2}


def coverage(
    needs: Sequence[NeedFacts], links: Iterable[tuple[uuid.UUID, NeedLinkKind]]
) -> CoverageSummary:
    """Coverage of ``needs`` by ``links`` (need id, kind) that count; high priority first,
    otherwise in the given order."""
    counts: dict[uuid.UUID, dict[Coverage, int]] = {n.id: {c: 0 for c in Coverage} for n in needs}
    for need_id, kind in links:
        if need_id in counts:
            counts[need_id][COVERAGE[kind]] += 1
    ordered = sorted(needs, key=lambda n: _PRIORITY_ORDER[n.priority])
    rows = tuple(
        NeedCoverage(n, counts[n.id][Coverage.WORK], counts[n.id][Coverage.TRAINING])
        for n in ordered
    )
    per_priority = []
    for priority in NeedPriority:
        of = [r for r in rows if r.need.priority is priority]
        per_priority.append(
            PriorityCount(
                priority=priority,
                total=len(of),
                covered_by_work=sum(r.by_work for r in of),
                covered_by_training=sum(r.by_training for r in of),
                fully_covered=sum(r.by_work and r.by_training for r in of),
                uncovered=sum(not r.by_work and not r.by_training for r in of),
            )
        )
    return CoverageSummary(needs=rows, by_priority=tuple(per_priority))


def goals_no_opd_serves(
    links: Iterable[tuple[uuid.UUID, uuid.UUID]],
    instansi_goals: Iterable[uuid.UUID],
    served: set[uuid.UUID],
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The needs covered by work through an instansi (RPJMD) goal no OPD serves, by goal.

    ``links``: (need, goal) for each work link (an IKU link counts for the IKU's goal);
    ``instansi_goals``: the active instansi-level goals; ``served``: the goals an active OPD
    goal serves (:func:`kinerja_api.indicators.goals.rules.served_goal_ids`). Such a need is
    covered on paper, but no OPD works on it. Needs in link order, each once per goal."""
    flagged = set(instansi_goals) - served
    out: dict[uuid.UUID, list[uuid.UUID]] = {}
    for need_id, goal_id in links:
        if goal_id in flagged and need_id not in out.setdefault(goal_id, []):
            out[goal_id].append(need_id)
    return out
