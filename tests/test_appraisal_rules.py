"""Appraisal rules as tables: the whole predikat matrix, behaviour summary, credit points,
objection deadline in the organization's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kinerja_api.appraisals import rules
from kinerja_api.appraisals.models import AppraisalState
from kinerja_api.appraisals.rules import (
    HEAD_RATING_FROM_RESULT,
    PREDIKAT_LABELS,
    BerAkhlak,
    Rating,
    can_object,
    credit_points,
    months_in_period,
    objection_deadline,
    predikat,
    suggested_behaviour_rating,
)
from kinerja_api.organizations.config import OrganizationResult, Predikat, PredikatPercentages

ATAS, SESUAI, BAWAH = (
    Rating.DI_ATAS_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_BAWAH_EKSPEKTASI,
)


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (ATAS, BAWAH, Predikat.KURANG),
        (ATAS, SESUAI, Predikat.BAIK),
        (ATAS, ATAS, Predikat.SANGAT_BAIK),
        (SESUAI, BAWAH, Predikat.KURANG),
        (SESUAI, SESUAI, Predikat.BAIK),
        (SESUAI, ATAS, Predikat.BAIK),
        (BAWAH, BAWAH, Predikat.SANGAT_KURANG),
        (BAWAH, SESUAI, Predikat.BUTUH_PERBAIKAN),
        (BAWAH, ATAS, Predikat.BUTUH_PERBAIKAN),
    ],
)
def test_predikat_matrix(hasil: Rating, perilaku: Rating, expected: Predikat) -> None:
    assert predikat(hasil, perilaku) is expected


def test_labels() -> None:
    assert [PREDIKAT_LABELS[p] for p in Predikat] == [
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    ]


def _seven(*ratings: Rating) -> dict[BerAkhlak, Rating]:
    return dict(zip(BerAkhlak, ratings, strict=True))


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        (_seven(*[SESUAI] * 7), SESUAI),
        (_seven(ATAS, ATAS, ATAS, ATAS, SESUAI, SESUAI, SESUAI), ATAS),
        (_seven(ATAS, ATAS, ATAS, SESUAI, SESUAI, SESUAI, BAWAH), SESUAI),
        (_seven(BAWAH, BAWAH, BAWAH, BAWAH, ATAS, ATAS, ATAS), BAWAH),
    ],
)
def test_behaviour_suggestion_is_the_median(
    ratings: dict[BerAkhlak, Rating], expected: Rating
) -> None:
    assert suggested_behaviour_rating(ratings) is expected


def test_behaviour_suggestion_needs_all_seven() -> None:
    partial = dict(list(_seven(*[SESUAI] * 7).items())[:6])
    with pytest.raises(ValueError, match="kolaboratif"):
        suggested_behaviour_rating(partial)


@pytest.mark.parametrize(
    ("result", "rating"),
    [
        (OrganizationResult.ISTIMEWA, ATAS),
        (OrganizationResult.BAIK, SESUAI),
        (OrganizationResult.BUTUH_PERBAIKAN, BAWAH),
        (OrganizationResult.KURANG, BAWAH),
        (OrganizationResult.SANGAT_KURANG, BAWAH),
    ],
)
def test_unit_head_rating_follows_organization_result(
    result: OrganizationResult, rating: Rating
) -> None:
    assert HEAD_RATING_FROM_RESULT[result] is rating


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), 12),
        (date(2026, 1, 1), date(2026, 6, 30), 6),
        (date(2026, 3, 1), date(2026, 3, 31), 1),
        (date(2026, 7, 15), date(2026, 12, 31), 6),
    ],
)
def test_months_in_period(start: date, end: date, months: int) -> None:
    assert months_in_period(start, end) == months


@pytest.mark.parametrize(
    ("value", "coefficient", "months", "expected"),
    [
        (Predikat.SANGAT_BAIK, Decimal("12.5"), 12, Decimal("18.750")),  # ahli pertama, a year
        (Predikat.BAIK, Decimal("12.5"), 12, Decimal("12.500")),
        (Predikat.BUTUH_PERBAIKAN, Decimal("25"), 12, Decimal("18.750")),  # ahli muda
        (Predikat.KURANG, Decimal("37.5"), 12, Decimal("18.750")),  # ahli madya
        (Predikat.SANGAT_KURANG, Decimal("50"), 12, Decimal("12.500")),  # ahli utama
        (Predikat.BAIK, Decimal("25"), 6, Decimal("12.500")),  # a semester, pro rata
        (Predikat.SANGAT_BAIK, Decimal("5"), 1, Decimal("0.625")),  # terampil, one month
        (Predikat.BAIK, Decimal("12.5"), 5, Decimal("5.208")),  # rounding half up
    ],
)
def test_credit_points(
    value: Predikat, coefficient: Decimal, months: int, expected: Decimal
) -> None:
    percent = Decimal(str(PredikatPercentages().of(value)))  # the regulation defaults
    assert credit_points(percent, coefficient, months) == expected


def test_credit_points_bad_months() -> None:
    with pytest.raises(ValueError, match="months"):
        credit_points(Decimal(100), Decimal(25), 13)


WITA = ZoneInfo("Asia/Makassar")  # UTC+8
WIT = ZoneInfo("Asia/Jayapura")  # UTC+9


@pytest.mark.parametrize(
    ("tz", "received", "now", "allowed"),
    [
        # received 2 March 10:00 WITA; window 14 days -> last day 16 March (local)
        (
            WITA,
            datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
            datetime(2026, 3, 16, 15, 59, 59, tzinfo=UTC),
            True,
        ),
        (
            WITA,
            datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
            datetime(2026, 3, 16, 16, 0, 0, tzinfo=UTC),
            False,
        ),
        # received 23:30 local on 1 March (15:30 UTC): the local day counts, not the UTC one
        (
            WITA,
            datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
            datetime(2026, 3, 15, 15, 59, tzinfo=UTC),
            True,
        ),
        (
            WITA,
            datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
            datetime(2026, 3, 15, 16, 0, tzinfo=UTC),
            False,
        ),
        # received 00:30 local on 2 March in WIT is still 1 March in UTC
        (
            WIT,
            datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
            datetime(2026, 3, 16, 14, 59, tzinfo=UTC),
            True,
        ),
        (
            WIT,
            datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
            datetime(2026, 3, 16, 15, 0, tzinfo=UTC),
            False,
        ),
        # before receiving nothing can be objected
        (
            WITA,
            datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
            datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
            False,
        ),
    ],
)
def test_objection_window_boundaries(
    tz: ZoneInfo, received: datetime, now: datetime, allowed: bool
) -> None:
    assert can_object(now, received, tz, 14) is allowed


def test_objection_deadline_is_end_of_local_day() -> None:
    deadline = objection_deadline(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), WITA, 14)
    assert deadline.astimezone(WITA).isoformat() == "2026-03-16T23:59:59.999999+08:00"


# ---- the workflow table ------------------------------------------------------------------------

_O, _A, _S = rules.Actor.OWNER, rules.Actor.APPRAISER, rules.Actor.SUPERIOR
_ADMIN, _READER = rules.Actor.ADMIN, rules.Actor.READER


@pytest.mark.parametrize(
    ("state", "actors", "expected"),
    [
        (AppraisalState.OPEN, {_O}, ["self_assess"]),
        (AppraisalState.OPEN, {_A}, ["rate", "request_peer"]),
        (AppraisalState.OPEN, {_S, _ADMIN, _READER}, []),
        (AppraisalState.FINALIZED, {_O}, ["acknowledge", "object"]),
        (AppraisalState.FINALIZED, {_A, _S}, []),
        (AppraisalState.OBJECTED, {_O}, ["acknowledge"]),
        (AppraisalState.OBJECTED, {_S}, ["decide"]),
        (AppraisalState.OBJECTED, {_A, _ADMIN}, []),
        (AppraisalState.FINAL, {_O}, ["acknowledge"]),
        (AppraisalState.FINAL, {_S, _A, _ADMIN}, []),
        (AppraisalState.OPEN, set(), []),
    ],
)
def test_allowed_steps_by_state_and_hat(
    state: AppraisalState, actors: set[rules.Actor], expected: list[str]
) -> None:
    assert rules.allowed_steps(state, frozenset(actors)) == expected


def test_who_may_take_each_step_at_all() -> None:
    assert {
        rules.AppraisalStep.SELF_ASSESS: {_O},
        rules.AppraisalStep.RATE: {_A},
        rules.AppraisalStep.REQUEST_PEER: {_A},
        rules.AppraisalStep.ACKNOWLEDGE: {_O},
        rules.AppraisalStep.OBJECT: {_O},
        rules.AppraisalStep.DECIDE: {_S},
    } == rules.STEP_ACTORS
    assert {rule.to for rule in rules.TRANSITIONS.values()} <= set(AppraisalState)
