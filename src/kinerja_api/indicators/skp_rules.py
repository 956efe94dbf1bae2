"""Pure rules of the performance plan (SKP) workflow; targets are in ``targets.py``.

No database, no HTTP: every function here is tested as a table in tests/test_skp_rules.py.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class SkpState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    REVISING = "revising"  # an approved SKP reopened for revision (with a reason)
    LOCKED = "locked"  # the period has ended


class SkpAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REQUEST_REVISION = "request_revision"
    LOCK = "lock"
    UNLOCK = "unlock"


class Actor(enum.StrEnum):
    """How the caller relates to one SKP (a person may be several, e.g. admin and owner)."""

    OWNER = "owner"
    APPRAISER = "appraiser"  # direct superior or acting official on the day
    ADMIN = "admin"


@dataclass(frozen=True)
class Transition:
    actors: frozenset[Actor]
    to: SkpState


TRANSITIONS: dict[tuple[SkpState, SkpAction], Transition] = {
    (SkpState.DRAFT, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.RETURNED, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.REVISING, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.SUBMITTED, SkpAction.APPROVE): Transition(
        frozenset({Actor.APPRAISER}), SkpState.APPROVED
    ),
    (SkpState.SUBMITTED, SkpAction.RETURN): Transition(
        frozenset({Actor.APPRAISER}), SkpState.RETURNED
    ),
    (SkpState.APPROVED, SkpAction.REQUEST_REVISION): Transition(
        frozenset({Actor.OWNER, Actor.APPRAISER}), SkpState.REVISING
    ),
    (SkpState.APPROVED, SkpAction.LOCK): Transition(frozenset({Actor.ADMIN}), SkpState.LOCKED),
    (SkpState.LOCKED, SkpAction.UNLOCK): Transition(frozenset({Actor.ADMIN}), SkpState.APPROVED),
}

#: Actions that must carry a note/reason.
NEEDS_NOTE = frozenset({SkpAction.RETURN, SkpAction.REQUEST_REVISION, SkpAction.UNLOCK})
EDITABLE_STATES = frozenset({SkpState.DRAFT, SkpState.RETURNED, SkpState.REVISING})


class IllegalTransition(Exception):
    """The action is not possible from this state (HTTP 409)."""


class ActorNotAllowed(Exception):
    """The action exists from this state, but not for this caller (HTTP 403)."""


def next_state(state: SkpState, action: SkpAction, actors: frozenset[Actor]) -> SkpState:
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise IllegalTransition(f"{action} is not possible from {state}")
    if not rule.actors & actors:
        raise ActorNotAllowed(f"{action} from {state} needs one of {sorted(rule.actors)}")
    return rule.to


def allowed_actions(state: SkpState, actors: frozenset[Actor]) -> list[SkpAction]:
    """What this caller may do next: for clients to show only the buttons that work."""
    return [a for (s, a), rule in TRANSITIONS.items() if s == state and rule.actors & actors]
