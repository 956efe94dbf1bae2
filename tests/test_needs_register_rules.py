"""Needs-register rules as tables: status changes and coverage by work and by training."""

from __future__ import annotations

import uuid

import pytest

from kinerja_api.needs.register.models import NeedLinkKind, NeedPriority, NeedStatus
from kinerja_api.needs.register.rules import (
    COVERAGE,
    Coverage,
    NeedFacts,
    PriorityCount,
    can_change_status,
    coverage,
)

OPEN, PLAN, WORK, DONE, DROP = (
    NeedStatus.OPEN,
    NeedStatus.PLANNED,
    NeedStatus.IN_PROGRESS,
    NeedStatus.ADDRESSED,
    NeedStatus.DROPPED,
)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (OPEN, OPEN, True),
        (OPEN, PLAN, True),
        (OPEN, WORK, True),
        (OPEN, DONE, True),
        (OPEN, DROP, True),
        (PLAN, OPEN, True),
        (PLAN, WORK, True),
        (PLAN, DONE, True),
        (PLAN, DROP, True),
        (WORK, PLAN, True),
        (WORK, DONE, True),
        (WORK, DROP, True),
        (WORK, OPEN, False),  # work started: back to planned at most
        (DONE, DONE, False),  # closed is final
        (DONE, OPEN, False),
        (DONE, DROP, False),
        (DROP, OPEN, False),
        (DROP, DROP, False),
    ],
)
def test_status_changes(current: NeedStatus, new: NeedStatus, allowed: bool) -> None:
    assert can_change_status(current, new) is allowed


def test_every_link_kind_counts_for_work_or_training() -> None:
    assert set(COVERAGE) == set(NeedLinkKind)
    assert COVERAGE[NeedLinkKind.GOAL] is Coverage.WORK
    assert COVERAGE[NeedLinkKind.KEY_INDICATOR] is Coverage.WORK


def _need(priority: NeedPriority) -> NeedFacts:
    return NeedFacts(uuid.uuid4(), priority, NeedStatus.OPEN)


def test_coverage_by_work_and_by_training() -> None:
    low = _need(NeedPriority.LOW)
    language = _need(NeedPriority.HIGH)
    guides = _need(NeedPriority.HIGH)
    signs = _need(NeedPriority.MEDIUM)
    stranger = uuid.uuid4()  # a link of a need outside the report is ignored
    links = [
        (language.id, NeedLinkKind.GOAL),
        (language.id, NeedLinkKind.KEY_INDICATOR),
        (signs.id, NeedLinkKind.KEY_INDICATOR),
        (stranger, NeedLinkKind.GOAL),
    ]
    summary = coverage([low, language, guides, signs], links)

    # high priority first, otherwise as given
    assert [c.need for c in summary.needs] == [language, guides, signs, low]
    assert [(c.work_links, c.training_links) for c in summary.needs] == [
        (2, 0),
        (0, 0),
        (1, 0),
        (0, 0),
    ]
    assert [c.need for c in summary.uncovered_by_work] == [guides, low]
    assert [c.need for c in summary.uncovered_by_training] == [language, guides, signs, low]
    assert summary.by_priority == (
        PriorityCount(NeedPriority.HIGH, 2, 1, 0, 0, 1),
        PriorityCount(NeedPriority.MEDIUM, 1, 1, 0, 0, 0),
        PriorityCount(NeedPriority.LOW, 1, 0, 0, 0, 1),
    )


def test_coverage_of_nothing() -> None:
    summary = coverage([], [])
    assert summary.needs == ()
    assert [p.total for p in summary.by_priority] == [0, 0, 0]
