"""The SKP workflow as a table of (state, action, actor) -> result."""

from __future__ import annotations

import pytest

from kinerja_api.indicators.skp_rules import (
    TRANSITIONS,
    Actor,
    ActorNotAllowed,
    IllegalTransition,
    SkpAction,
    SkpState,
    allowed_actions,
    next_state,
)

S, A = SkpState, SkpAction
OWNER, APPRAISER, ADMIN = (frozenset({a}) for a in (Actor.OWNER, Actor.APPRAISER, Actor.ADMIN))

# (state, action, actor) -> resulting state, or the exception raised
WORKFLOW = [
    (S.DRAFT, A.SUBMIT, OWNER, S.SUBMITTED),
    (S.DRAFT, A.SUBMIT, APPRAISER, ActorNotAllowed),
    (S.DRAFT, A.APPROVE, APPRAISER, IllegalTransition),
    (S.SUBMITTED, A.APPROVE, APPRAISER, S.APPROVED),
    (S.SUBMITTED, A.APPROVE, OWNER, ActorNotAllowed),
    (S.SUBMITTED, A.APPROVE, ADMIN, ActorNotAllowed),
    (S.SUBMITTED, A.RETURN, APPRAISER, S.RETURNED),
    (S.SUBMITTED, A.RETURN, OWNER, ActorNotAllowed),
    (S.SUBMITTED, A.SUBMIT, OWNER, IllegalTransition),
    (S.RETURNED, A.SUBMIT, OWNER, S.SUBMITTED),
    (S.RETURNED, A.APPROVE, APPRAISER, IllegalTransition),
    (S.APPROVED, A.REQUEST_REVISION, OWNER, S.REVISING),
    (S.APPROVED, A.REQUEST_REVISION, APPRAISER, S.REVISING),
    (S.APPROVED, A.REQUEST_REVISION, ADMIN, ActorNotAllowed),
    (S.APPROVED, A.APPROVE, APPRAISER, IllegalTransition),
    (S.APPROVED, A.LOCK, ADMIN, S.LOCKED),
    (S.APPROVED, A.LOCK, OWNER, ActorNotAllowed),
    (S.REVISING, A.SUBMIT, OWNER, S.SUBMITTED),
    (S.REVISING, A.APPROVE, APPRAISER, IllegalTransition),
    (S.LOCKED, A.UNLOCK, ADMIN, S.APPROVED),
    (S.LOCKED, A.UNLOCK, APPRAISER, ActorNotAllowed),
    (S.LOCKED, A.SUBMIT, OWNER, IllegalTransition),
    (S.LOCKED, A.REQUEST_REVISION, OWNER, IllegalTransition),
]


@pytest.mark.parametrize(("state", "action", "actors", "expected"), WORKFLOW)
def test_workflow_table(
    state: SkpState, action: SkpAction, actors: frozenset[Actor], expected: object
) -> None:
    if isinstance(expected, type) and issubclass(expected, Exception):
        with pytest.raises(expected):
            next_state(state, action, actors)
    else:
        assert next_state(state, action, actors) is expected


def test_every_state_action_pair_is_decided() -> None:
    """Each (state, action) is either in TRANSITIONS or illegal: nothing undefined."""
    for state in SkpState:
        for action in SkpAction:
            everyone = frozenset(Actor)
            if (state, action) in TRANSITIONS:
                assert next_state(state, action, everyone) is TRANSITIONS[(state, action)].to
            else:
                with pytest.raises(IllegalTransition):
                    next_state(state, action, everyone)


def test_allowed_actions_for_a_person_with_two_hats() -> None:
    assert allowed_actions(S.SUBMITTED, OWNER) == []
    assert allowed_actions(S.SUBMITTED, APPRAISER) == [A.APPROVE, A.RETURN]
    assert allowed_actions(S.APPROVED, OWNER | ADMIN) == [A.REQUEST_REVISION, A.LOCK]
