"""SKP rules as tables: workflow, target consistency, achievement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_api.indicators.skp_rules import (
    TRANSITIONS,
    Actor,
    ActorNotAllowed,
    Aspect,
    Direction,
    IllegalTransition,
    SkpAction,
    SkpState,
    Target,
    TargetKind,
    achievement,
    allowed_actions,
    next_state,
    target_problems,
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


D = Decimal


def _t(aspect: str, kind: str = "number", unit: str | None = "persen", **kw: object) -> Target:
    return Target(aspect=Aspect(aspect), kind=TargetKind(kind), unit=unit, **kw)  # type: ignore[arg-type]


TARGETS = [
    (_t("kuantitas", unit="bayi", value=D(1200)), set()),
    (_t("kuantitas", unit="persen", value=D(95)), set()),
    (_t("kualitas", unit="persen", value=D(101)), {"percent_over_100"}),
    (_t("kualitas", unit="persen", value=D(120), allow_over_100=True), set()),
    (_t("kualitas", unit="nilai", value=D(85)), set()),
    (_t("kualitas", unit="dokumen", value=D(10)), {"unit_aspect_mismatch"}),
    (_t("waktu", unit="hari", value=D(3), direction=Direction.LOWER_IS_BETTER), set()),
    (_t("waktu", unit="dokumen", value=D(3)), {"unit_aspect_mismatch"}),
    (_t("biaya", unit="rupiah", value=D(7500000)), set()),
    (_t("biaya", unit="persen", value=D(90)), {"unit_aspect_mismatch"}),
    (_t("kuantitas", unit="ekor", value=D(3)), {"unknown_unit"}),
    (_t("kuantitas", unit=None, value=D(3)), {"unknown_unit"}),
    (_t("kuantitas", unit="orang", value=None), {"target_value_required"}),
    (_t("kuantitas", unit="orang", value=D(-1)), {"target_negative"}),
    (_t("kuantitas", "range", unit="persen", min=D(90), max=D(95)), set()),
    (_t("kuantitas", "range", unit="persen", min=D(96), max=D(95)), {"range_inverted"}),
    (_t("kuantitas", "range", unit="persen", min=D(90), max=None), {"target_value_required"}),
    (_t("kualitas", "text", unit=None, text="Laporan diterima tanpa revisi"), set()),
    (_t("kualitas", "text", unit=None, text="   "), {"target_text_required"}),
]


@pytest.mark.parametrize(("target", "expected"), TARGETS)
def test_target_consistency_table(target: Target, expected: set[str]) -> None:
    assert {p.type for p in target_problems(target)} == expected


ACHIEVEMENT = [
    # higher is better
    (_t("kuantitas", unit="bayi", value=D(1200)), D(1200), D("100.00")),
    (_t("kuantitas", unit="bayi", value=D(1200)), D(900), D("75.00")),
    (_t("kuantitas", unit="bayi", value=D(1200)), D(1300), D("108.33")),
    (_t("kuantitas", unit="persen", value=D(95)), D(0), D("0.00")),
    (_t("kuantitas", unit="orang", value=D(0)), D(0), D("100.00")),
    # lower is better: documents finished in <= 3 days (Muaratebo)
    (_t("waktu", unit="hari", value=D(3), direction=Direction.LOWER_IS_BETTER), D(3), D("100.00")),
    (_t("waktu", unit="hari", value=D(3), direction=Direction.LOWER_IS_BETTER), D(2), D("133.33")),
    (_t("waktu", unit="hari", value=D(3), direction=Direction.LOWER_IS_BETTER), D(4.5), D("50.00")),
    (_t("waktu", unit="hari", value=D(3), direction=Direction.LOWER_IS_BETTER), D(7), D("0.00")),
    (_t("waktu", unit="hari", value=D(0), direction=Direction.LOWER_IS_BETTER), D(1), D("0.00")),
    # ranges: inside is 100%, outside the nearest bound is the target
    (_t("kuantitas", "range", min=D(90), max=D(95)), D(92), D("100.00")),
    (_t("kuantitas", "range", min=D(90), max=D(95)), D(90), D("100.00")),
    (_t("kuantitas", "range", min=D(90), max=D(95)), D(45), D("50.00")),
    (_t("kuantitas", "range", min=D(90), max=D(95)), D(99.75), D("105.00")),
    # qualitative targets are rated, not computed
    (_t("kualitas", "text", unit=None, text="Tanpa revisi"), D(1), None),
]


@pytest.mark.parametrize(("target", "realization", "expected"), ACHIEVEMENT)
def test_achievement_table(target: Target, realization: Decimal, expected: Decimal | None) -> None:
    assert achievement(target, realization) == expected
