"""The distribution-curve check as tables, at its boundaries, on the default curves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_api.appraisals.rules import check_curve
from kinerja_api.organizations.config import CurveBound, CurveRules, OrganizationResult, Predikat

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
CURVES = CurveRules()


def mix(**counts: int) -> list[Predikat]:
    return [Predikat(name) for name, n in counts.items() for _ in range(n)]


@pytest.mark.parametrize(
    ("result", "values", "passed", "failing"),
    [
        # Butuh Perbaikan: ≥ 60 % Butuh Perbaikan, ≤ 10 % Sangat Baik.
        (
            OrganizationResult.BUTUH_PERBAIKAN,
            mix(butuh_perbaikan=6, baik=3, sangat_baik=1),
            True,
            [],
        ),
        (
            OrganizationResult.BUTUH_PERBAIKAN,
            mix(butuh_perbaikan=5, baik=4, sangat_baik=1),
            False,
            [0],
        ),
        (
            OrganizationResult.BUTUH_PERBAIKAN,
            mix(butuh_perbaikan=6, baik=2, sangat_baik=2),
            False,
            [1],
        ),
        # Istimewa: ≤ 70 % Sangat Baik.
        (OrganizationResult.ISTIMEWA, mix(sangat_baik=7, baik=3), True, []),
        (OrganizationResult.ISTIMEWA, mix(sangat_baik=8, baik=2), False, [0]),
        # Baik: ≤ 70 % Baik, ≥ 1 Butuh Perbaikan/Kurang, ≤ 50 % Sangat Baik.
        (OrganizationResult.BAIK, mix(baik=7, kurang=1, sangat_baik=2), True, []),
        (OrganizationResult.BAIK, mix(baik=7, sangat_baik=3), False, [1]),
        (OrganizationResult.BAIK, mix(sangat_baik=9, baik=1), False, [1, 2]),
        # Kurang: ≥ 60 % Kurang, ≥ 10 % Butuh Perbaikan, ≤ 10 % Sangat Baik.
        (
            OrganizationResult.KURANG,
            mix(kurang=6, butuh_perbaikan=1, baik=2, sangat_baik=1),
            True,
            [],
        ),
        (OrganizationResult.KURANG, mix(kurang=6, baik=3, sangat_baik=1), False, [1]),
        # Sangat Kurang: ≥ 60 % Sangat Kurang, ≥ 10 % Kurang or BP, no Sangat Baik.
        (OrganizationResult.SANGAT_KURANG, mix(sangat_kurang=6, kurang=1, baik=3), True, []),
        (
            OrganizationResult.SANGAT_KURANG,
            mix(sangat_kurang=6, kurang=3, sangat_baik=1),
            False,
            [2],
        ),
    ],
)
def test_default_curves_at_their_boundaries(
    result: OrganizationResult, values: list[Predikat], passed: bool, failing: list[int]
) -> None:
    check = check_curve(values, CURVES.for_result(result))
    assert check.passed is passed
    assert [i for i, rule in enumerate(check.rules) if not rule.passed] == failing
    assert check.total == len(values)


def test_counts_percentages_and_gaps() -> None:
    check = check_curve(mix(sangat_baik=9, baik=1), CURVES.for_result(OrganizationResult.BAIK))
    assert check.counts == {SB: 9, B: 1, BP: 0, K: 0, SK: 0}
    assert check.percentages[SB] == Decimal("90.00")
    baik, some_low, minority = check.rules
    assert (baik.count, baik.percent, baik.passed, baik.gap) == (1, Decimal("10.00"), True, 0)
    assert (some_low.predikat, some_low.count, some_low.gap) == ((BP, K), 0, 1)
    # At most 50 % of 10 is 5: four too many.
    assert (minority.count, minority.gap) == (9, 4)


@pytest.mark.parametrize(
    ("bound", "values", "passed", "gap"),
    [
        (CurveBound(predikat=[BP], min_percent=60), mix(butuh_perbaikan=3, baik=2), True, 0),
        (CurveBound(predikat=[BP], min_percent=60), mix(butuh_perbaikan=2, baik=2), False, 1),
        (CurveBound(predikat=[SB], max_percent=10), mix(sangat_baik=1, baik=9), True, 0),
        (CurveBound(predikat=[SB], max_percent=10), mix(sangat_baik=1, baik=8), False, 1),
        (CurveBound(predikat=[SB], max_percent=70), mix(sangat_baik=7, baik=3), True, 0),
        (CurveBound(predikat=[SB], max_percent=70), mix(sangat_baik=71, baik=29), False, 1),
        (CurveBound(predikat=[BP, K], min_count=2), mix(kurang=1, butuh_perbaikan=1), True, 0),
        (CurveBound(predikat=[BP, K], min_count=2), mix(kurang=1, baik=5), False, 1),
        (CurveBound(predikat=[SB], max_percent=0), mix(baik=3), True, 0),
        (CurveBound(predikat=[SK], min_percent=60), [], True, 0),
        (CurveBound(predikat=[SK], min_count=1), [], False, 1),
    ],
)
def test_single_bounds(bound: CurveBound, values: list[Predikat], passed: bool, gap: int) -> None:
    (rule,) = check_curve(values, [bound]).rules
    assert (rule.passed, rule.gap) == (passed, gap)
