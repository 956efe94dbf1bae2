"""Pure SKP rules as tables: the workflow (state, action, actor) -> result, realization
periods, who cascades from goals, target form and perspective, and what blocks an SKP."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from kinerja_api.core.i18n import set_lang
from kinerja_api.indicators.skp.rules import (
    TRANSITIONS,
    Actor,
    ActorNotAllowed,
    Approach,
    Blocker,
    Fixer,
    IllegalTransition,
    OtherSkp,
    Period,
    PersonRef,
    Perspective,
    SkpAction,
    SkpFacts,
    SkpState,
    WorkResultKind,
    acting_as,
    allowed_actions,
    approach_problem,
    blockers,
    may_cascade_from_goals,
    next_state,
    parse_period,
    periods_of,
    perspective_problem,
    superior_fixer,
)
from kinerja_api.indicators.targets import TargetKind
from kinerja_api.organizations.config import RealizationPeriod
from kinerja_api.organizations.models import StructuralLevel

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


def test_acting_as_picks_the_hat_the_rule_needs() -> None:
    both = OWNER | APPRAISER
    assert acting_as(S.APPROVED, A.REQUEST_REVISION, both) is Actor.OWNER
    assert acting_as(S.SUBMITTED, A.APPROVE, both | ADMIN) is Actor.APPRAISER
    assert acting_as(S.LOCKED, A.UNLOCK, OWNER | ADMIN) is Actor.ADMIN


# ---- realization periods -------------------------------------------------------------------

M, Q, SEM = RealizationPeriod.MONTHLY, RealizationPeriod.QUARTERLY, RealizationPeriod.SEMESTER
YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
LATE_IN_YEAR = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("key", "kind", "start", "end", "today", "expected"),
    [
        ("2026-03", M, YEAR_START, YEAR_END, LATE_IN_YEAR, (date(2026, 3, 1), date(2026, 3, 31))),
        ("2026-02", M, YEAR_START, YEAR_END, LATE_IN_YEAR, (date(2026, 2, 1), date(2026, 2, 28))),
        ("2026-Q2", Q, YEAR_START, YEAR_END, LATE_IN_YEAR, (date(2026, 4, 1), date(2026, 6, 30))),
        (
            "2026-S2",
            SEM,
            YEAR_START,
            YEAR_END,
            LATE_IN_YEAR,
            (date(2026, 7, 1), date(2026, 12, 31)),
        ),
        ("2026-Q1", M, YEAR_START, YEAR_END, LATE_IN_YEAR, "period_format"),
        ("2026-03", Q, YEAR_START, YEAR_END, LATE_IN_YEAR, "period_format"),
        ("2026-13", M, YEAR_START, YEAR_END, LATE_IN_YEAR, "period_format"),
        ("2026-S3", SEM, YEAR_START, YEAR_END, LATE_IN_YEAR, "period_format"),
        ("2025-12", M, YEAR_START, YEAR_END, LATE_IN_YEAR, "period_outside_year"),
        # a new hire's SKP from April: March lies outside it, the second quarter overlaps it
        ("2026-03", M, date(2026, 4, 1), YEAR_END, LATE_IN_YEAR, "period_outside_skp"),
        (
            "2026-Q2",
            Q,
            date(2026, 4, 15),
            YEAR_END,
            LATE_IN_YEAR,
            (date(2026, 4, 1), date(2026, 6, 30)),
        ),
        ("2026-12", M, YEAR_START, YEAR_END, LATE_IN_YEAR, "period_not_started"),
        (
            "2026-11",
            M,
            YEAR_START,
            YEAR_END,
            date(2026, 11, 1),
            (date(2026, 11, 1), date(2026, 11, 30)),
        ),
    ],
)
def test_parse_period(
    key: str,
    kind: RealizationPeriod,
    start: date,
    end: date,
    today: date,
    expected: tuple[date, date] | str,
) -> None:
    found = parse_period(key, kind, year=2026, start=start, end=end, today=today)
    if isinstance(expected, str):
        assert not isinstance(found, Period)
        assert (found.type, found.field, found.location) == (expected, "period", "path")
    else:
        assert found == Period(key, *expected)


def test_periods_of_a_year() -> None:
    assert [p.key for p in periods_of(Q, 2026)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [p.key for p in periods_of(SEM, 2026)] == ["2026-S1", "2026-S2"]
    months = periods_of(M, 2028)
    assert len(months) == 12
    assert months[1].end == date(2028, 2, 29)  # leap year


def test_period_format_message_names_the_organization_setting() -> None:
    set_lang("id")
    found = parse_period(
        "2026-03", Q, year=2026, start=YEAR_START, end=YEAR_END, today=LATE_IN_YEAR
    )
    assert not isinstance(found, Period)
    assert (
        found.message == "Organisasi memakai periode realisasi triwulanan; gunakan format 2026-Q1"
    )


# ---- cascading and content -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("has_appraiser", "appraiser_has_superior", "allowed"),
    [
        (False, False, True),  # the head of the organization
        (True, False, True),  # a unit head reporting to the head of the organization
        (True, True, False),  # everyone further down cascades from their appraiser
    ],
)
def test_who_may_cascade_from_goals(
    has_appraiser: bool, appraiser_has_superior: bool, allowed: bool
) -> None:
    assert (
        may_cascade_from_goals(
            has_appraiser=has_appraiser, appraiser_has_superior=appraiser_has_superior
        )
        is allowed
    )


@pytest.mark.parametrize(
    ("approach", "kind", "expected"),
    [
        (Approach.KUANTITATIF, TargetKind.NUMBER, None),
        (Approach.KUANTITATIF, TargetKind.RANGE, None),
        (Approach.KUANTITATIF, TargetKind.TEXT, "target_value"),
        (Approach.KUALITATIF, TargetKind.TEXT, None),
        (Approach.KUALITATIF, TargetKind.NUMBER, "target_text"),
        (Approach.KUALITATIF, TargetKind.RANGE, "target_text"),
    ],
)
def test_approach_decides_the_target_form(
    approach: Approach, kind: TargetKind, expected: str | None
) -> None:
    problem = approach_problem(approach, kind)
    assert (problem.field if problem else None) == expected


JPT, PENGAWAS = StructuralLevel.JPT_PRATAMA, StructuralLevel.PENGAWAS
UTAMA, TAMBAHAN = WorkResultKind.UTAMA, WorkResultKind.TAMBAHAN
PL = Perspective.PENERIMA_LAYANAN


@pytest.mark.parametrize(
    ("perspective", "kind", "level", "expected"),
    [
        (PL, UTAMA, JPT, None),
        (None, UTAMA, JPT, "perspective_required"),
        (None, TAMBAHAN, JPT, None),
        (PL, TAMBAHAN, JPT, None),
        (None, UTAMA, PENGAWAS, None),
        (PL, UTAMA, PENGAWAS, "perspective_not_applicable"),
        (PL, UTAMA, None, "perspective_not_applicable"),  # fungsional/pelaksana
    ],
)
def test_perspective_is_for_top_officials(
    perspective: Perspective | None,
    kind: WorkResultKind,
    level: StructuralLevel | None,
    expected: str | None,
) -> None:
    problem = perspective_problem(perspective, kind, level)
    assert (problem.type if problem else None) == expected


# ---- blockers ------------------------------------------------------------------------------

SITI = PersonRef(uuid.UUID(int=1), "Siti Rahma")
KAPUS = PersonRef(uuid.UUID(int=2), "Ns. Fadli Rahman")
KABID = PersonRef(uuid.UUID(int=3), "dr. Nurhaya Lamato")
KAPUS_SKP = uuid.UUID(int=20)
DEADLINE = date(2026, 1, 31)


def facts(**kw: object) -> SkpFacts:
    values: dict[str, object] = {
        "year": 2026,
        "today": date(2026, 1, 20),
        "deadline": DEADLINE,
        "has_position": True,
        "appraiser": KAPUS,
        "goal_eligible": False,
        "superior_skp": OtherSkp(KAPUS, KAPUS_SKP, S.APPROVED),
        "state": S.DRAFT,
        "period_end": YEAR_END,
        "main_work_results": 1,
        "referenced": (OtherSkp(KAPUS, KAPUS_SKP, S.APPROVED),),
        **kw,
    }
    return SkpFacts(**values)  # type: ignore[arg-type]


def codes(found: list[Blocker], *, submit_only: bool = False) -> list[str]:
    return [b.code for b in found if b.blocks_submit or not submit_only]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"state": S.APPROVED}, []),
        ({"state": S.LOCKED}, ["skp_locked"]),
        ({"state": None, "referenced": ()}, ["skp_missing"]),
        (
            {"state": None, "referenced": (), "superior_skp": OtherSkp(KAPUS)},
            ["skp_missing", "superior_skp_missing"],
        ),
        ({"state": S.SUBMITTED}, ["awaiting_approval"]),
        ({"state": S.RETURNED}, ["skp_returned"]),
        ({"main_work_results": 0, "referenced": ()}, ["no_main_work_result"]),
        ({"unlinked_main": 2}, ["unlinked_work_results"]),
        ({"without_indicators": 1}, ["work_result_without_indicator"]),
        (
            {"referenced": (OtherSkp(KAPUS, KAPUS_SKP, S.SUBMITTED),)},
            ["superior_skp_not_approved"],
        ),
        # the appraiser's SKP is being revised: not approved (any more)
        ({"referenced": (OtherSkp(KAPUS, KAPUS_SKP, S.REVISING),)}, ["superior_skp_not_approved"]),
        ({"referenced": (OtherSkp(KAPUS, KAPUS_SKP, S.LOCKED),)}, []),
        # nothing linked yet: the appraiser's SKP decides whether one could submit
        (
            {
                "referenced": (),
                "unlinked_main": 1,
                "superior_skp": OtherSkp(KAPUS, KAPUS_SKP, S.DRAFT),
            },
            ["unlinked_work_results", "superior_skp_not_approved"],
        ),
        # the top of the chain cascades from goals: the appraiser's SKP does not matter
        (
            {"referenced": (), "goal_eligible": True, "superior_skp": OtherSkp(KAPUS)},
            [],
        ),
        # a PLH approves while the head is away; the RHK still cascade from the head's SKP
        ({"appraiser": PersonRef(uuid.UUID(int=4), "Ns. Rina (PLH)")}, []),
        # a reference to someone who is no longer the direct superior
        (
            {"referenced": (OtherSkp(KABID, uuid.UUID(int=30), S.APPROVED),)},
            ["parent_not_superior"],
        ),
        ({"appraiser": None, "superior_skp": None, "referenced": ()}, ["no_appraiser"]),
        (
            {"has_position": False, "appraiser": None, "superior_skp": None, "referenced": ()},
            ["no_position", "no_appraiser"],
        ),
        ({"today": date(2026, 2, 1)}, ["deadline_passed"]),
        ({"today": date(2026, 2, 1), "state": S.APPROVED}, []),
        ({"today": date(2027, 1, 2), "state": S.DRAFT}, ["deadline_passed", "period_ended"]),
    ],
)
def test_blockers_table(changes: dict[str, object], expected: list[str]) -> None:
    assert codes(blockers(facts(**changes))) == expected


def test_what_blocks_submission_and_who_fixes_it() -> None:
    found = blockers(
        facts(
            today=date(2026, 2, 1),
            without_indicators=1,
            referenced=(OtherSkp(KAPUS, KAPUS_SKP, S.SUBMITTED),),
        )
    )
    assert codes(found, submit_only=True) == [
        "work_result_without_indicator",
        "superior_skp_not_approved",
    ]
    waiting = next(b for b in found if b.code == "superior_skp_not_approved")
    # submitted: only the superior's own appraiser can move it, and nobody is named here
    assert (waiting.fixer, waiting.fixer_person, waiting.waits_on, waiting.related_skp_id) == (
        Fixer.ADMIN,
        None,
        KAPUS,
        KAPUS_SKP,
    )
    set_lang("en")
    assert waiting.message() == (
        "The 2026 SKP of Ns. Fadli Rahman is not approved yet (status: submitted). You can "
        "submit once it is approved."
    )
    set_lang("id")
    assert waiting.message().startswith("SKP Ns. Fadli Rahman tahun 2026 belum disetujui")
    deadline = next(b for b in found if b.code == "deadline_passed")
    # the deadline is the instansi's setting: never an OPD admin's to change
    assert (deadline.fixer, deadline.blocks_submit) == (Fixer.INSTANSI_ADMIN, False)
    assert "2026-01-31" in deadline.message()


@pytest.mark.parametrize(
    ("state", "approver", "expected"),
    [
        # theirs to write: none yet, draft, returned with notes, being revised
        (None, KABID, (Fixer.SUPERIOR, KAPUS)),
        (S.DRAFT, KABID, (Fixer.SUPERIOR, KAPUS)),
        (S.RETURNED, KABID, (Fixer.SUPERIOR, KAPUS)),
        (S.REVISING, KABID, (Fixer.SUPERIOR, KAPUS)),
        # submitted: their own appraiser approves it, not they
        (S.SUBMITTED, KABID, (Fixer.APPRAISER_SUPERIOR, KABID)),
        # submitted but nobody can approve it: the structure needs an admin
        (S.SUBMITTED, None, (Fixer.ADMIN, None)),
    ],
)
def test_who_fixes_a_superior_skp(
    state: S | None, approver: PersonRef | None, expected: tuple[Fixer, PersonRef | None]
) -> None:
    assert superior_fixer(state, KAPUS, approver) == expected
    found = blockers(
        facts(
            referenced=(OtherSkp(KAPUS, KAPUS_SKP, state),),
            superior_skp=OtherSkp(KAPUS, KAPUS_SKP, state),
            superior_appraiser=approver,
        )
    )
    waiting = [b for b in found if b.code.startswith("superior_skp_")]
    assert [(b.fixer, b.fixer_person, b.waits_on) for b in waiting] == [(*expected, KAPUS)]
