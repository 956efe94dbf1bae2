"""The pure rules of performance dialogues, as tables."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from kinerja_api.dialogs import rules
from kinerja_api.dialogs.models import ActionStatus as A
from kinerja_api.dialogs.models import DialogueStatus as D

BOSS, SITI, RINA, KADIS, ANDI = (uuid.uuid4() for _ in range(5))


@pytest.mark.parametrize(
    ("me", "wide", "subordinates", "participants", "visible"),
    [
        (SITI, False, set(), [SITI], True),  # participant
        (BOSS, False, {SITI, RINA}, [SITI], True),  # the supervisor
        (KADIS, False, {BOSS, SITI, RINA}, [SITI], True),  # up the chain
        (RINA, False, set(), [SITI], False),  # a colleague of the participant
        (ANDI, False, set(), [SITI], False),  # another branch
        (RINA, False, set(), [SITI, RINA], True),  # team member
        (None, True, set(), [SITI], True),  # the organization's admin
        (None, False, set(), [SITI], False),  # an account without an employee
    ],
)
def test_may_see(
    me: uuid.UUID | None,
    wide: bool,
    subordinates: set[uuid.UUID],
    participants: list[uuid.UUID],
    visible: bool,
) -> None:
    assert (
        rules.may_see(
            me=me,
            organization_wide=wide,
            subordinates=subordinates,
            supervisor_id=BOSS,
            participant_ids=participants,
        )
        is visible
    )


NOON = datetime(2026, 6, 22, 5, tzinfo=UTC)
EARLIER = datetime(2026, 6, 22, 1, tzinfo=UTC)
LATER = datetime(2026, 6, 23, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "scheduled_at", "confirmed", "problem"),
    [
        (D.SCHEDULED, EARLIER, False, None),
        (D.RECORDED, EARLIER, False, None),
        (D.SCHEDULED, NOON, False, None),  # the scheduled moment itself
        (D.SCHEDULED, LATER, False, "dialogue_not_held"),
        (D.RECORDED, EARLIER, True, "dialogue_confirmed"),
        (D.CONFIRMED, EARLIER, True, "dialogue_confirmed"),
        (D.REQUESTED, None, False, "dialogue_not_scheduled"),
        (D.DECLINED, None, False, "dialogue_not_scheduled"),
    ],
)
def test_record_problem(
    status: D, scheduled_at: datetime | None, confirmed: bool, problem: str | None
) -> None:
    assert rules.record_problem(status, scheduled_at, NOON, confirmed) == problem


@pytest.mark.parametrize(
    ("new", "reason", "problem"),
    [
        (A.DONE, None, None),
        (A.OPEN, None, None),
        (A.DROPPED, "Posyandu sudah buka", None),
        (A.DROPPED, None, "action_drop_reason"),
        (A.DROPPED, "   ", "action_drop_reason"),
    ],
)
def test_action_change(new: A, reason: str | None, problem: str | None) -> None:
    assert rules.action_change_problem(new, reason) == problem


TODAY = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (A.OPEN, date(2026, 6, 30), True),
        (A.OPEN, TODAY, False),  # due today is still in time
        (A.OPEN, date(2026, 7, 2), False),
        (A.DONE, date(2026, 6, 1), False),
        (A.DROPPED, date(2026, 6, 1), False),
    ],
)
def test_overdue(status: A, due: date, overdue: bool) -> None:
    assert rules.is_overdue(status, due, TODAY) is overdue


@pytest.mark.parametrize(
    ("confirmed", "status"),
    [
        ([True], D.CONFIRMED),
        ([True, False], D.RECORDED),
        ([False], D.RECORDED),
        ([True, True], D.CONFIRMED),
    ],
)
def test_status_after_confirmation(confirmed: list[bool], status: D) -> None:
    assert rules.status_after_confirmation(confirmed) is status


def test_counts_and_coverage() -> None:
    actions = [
        (A.OPEN, date(2026, 6, 25)),
        (A.OPEN, date(2026, 7, 25)),
        (A.DONE, date(2026, 6, 1)),
        (A.DROPPED, date(2026, 6, 1)),
    ]
    assert rules.count_actions(actions, TODAY) == rules.ActionCounts(2, 1, 1, 1)
    split = rules.coverage([SITI, RINA], [SITI, ANDI])
    assert (split.met, split.never_met) == ([SITI], [RINA])
