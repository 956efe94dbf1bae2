"""Pure rules of performance dialogues: who sees a record, what may change in which state,
when an action is overdue, and the supervisor's period report. No I/O: table-tested in
``tests/test_dialogue_rules.py``."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from kinerja_api.dialogs.models import ActionStatus, DialogueStatus

#: States in which the meeting took place (or its record is being written).
HELD = frozenset({DialogueStatus.RECORDED, DialogueStatus.CONFIRMED})


def may_see(
    *,
    me: uuid.UUID | None,
    organization_wide: bool,
    subordinates: Collection[uuid.UUID],
    supervisor_id: uuid.UUID,
    participant_ids: Collection[uuid.UUID],
) -> bool:
    """A record is visible to its participants, its supervisor, everyone above any of them in
    the chain (``subordinates`` are the viewer's) and the organization's admins; nobody else —
    a participant's colleague in the same unit does not see it."""
    if organization_wide:
        return True
    if me is None:
        return False
    people = {supervisor_id, *participant_ids}
    return me in people or any(p in subordinates for p in people)


def record_problem(
    status: DialogueStatus, scheduled_at: datetime | None, now: datetime, any_confirmed: bool
) -> str | None:
    """Why the notes and actions of a dialogue cannot be written now (``None``: they can).

    Notes are written after the meeting's start, on a scheduled or recorded dialogue, until
    the first participant confirms (what was confirmed never changes under them)."""
    if any_confirmed or status is DialogueStatus.CONFIRMED:
        return "dialogue_confirmed"
    if status not in (DialogueStatus.SCHEDULED, DialogueStatus.RECORDED):
        return "dialogue_not_scheduled"
    if scheduled_at is None or scheduled_at > now:
        return "dialogue_not_held"
    return None


def action_change_problem(new: ActionStatus, reason: str | None) -> str | None:
    """An action may move between any two states; dropping it needs a reason."""
    if new is ActionStatus.DROPPED and not (reason and reason.strip()):
        return "action_drop_reason"
    return None


def is_overdue(status: ActionStatus, due_date: date, today: date) -> bool:
    """Open after its due date (the due date itself is still in time)."""
    return status is ActionStatus.OPEN and due_date < today


def status_after_confirmation(confirmed: Iterable[bool]) -> DialogueStatus:
    """``confirmed`` once every participant has confirmed the record."""
    return DialogueStatus.CONFIRMED if all(confirmed) else DialogueStatus.RECORDED


@dataclass(frozen=True)
class ActionCounts:
    open: int
    done: int
    dropped: int
    overdue: int


def count_actions(actions: Iterable[tuple[ActionStatus, date]], today: date) -> ActionCounts:
    """Actions by status; overdue ones are also counted as open."""
    counts = {s: 0 for s in ActionStatus}
    overdue = 0
    for status, due in actions:
        counts[status] += 1
        overdue += is_overdue(status, due, today)
    return ActionCounts(
        counts[ActionStatus.OPEN], counts[ActionStatus.DONE], counts[ActionStatus.DROPPED], overdue
    )


@dataclass(frozen=True)
class Coverage:
    met: list[uuid.UUID]
    never_met: list[uuid.UUID]


def coverage(team: Iterable[uuid.UUID], met: Iterable[uuid.UUID]) -> Coverage:
    """Who of the supervisor's team was met at least once, who never (stable order)."""
    seen = set(met)
    people = sorted(set(team), key=str)
    return Coverage(
        met=[p for p in people if p in seen], never_met=[p for p in people if p not in seen]
    )
