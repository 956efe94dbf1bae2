"""The distribution-curve check as tables, at its boundaries, on the default curves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_api.appraisals.rules import (
    CurveOutcome,
    check_curve,
    curve_below_minimum_message,
    curve_enforced,
    curve_group_unit,
    curve_outcome,
    curve_rule_message,
    curve_scope_message,
)
from kinerja_api.organizations.config import (
    AppraisalSettings,
    CurveBound,
    CurveEnforcement,
    CurveRules,
    OrganizationResult,
    Predikat,
)

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


# ---- the group: unit level, minimum size, outcome ---------------------------------------------

#: A unit path, top-level unit (the OPD) first.
DINKES, P2P, SURV = "Dinas Kesehatan", "Bidang P2P", "Seksi Surveilans"


@pytest.mark.parametrize(
    ("path", "level", "group"),
    [
        ([DINKES, P2P, SURV], 1, DINKES),  # default: the OPD of a section
        ([DINKES, P2P], 1, DINKES),
        ([DINKES], 1, DINKES),  # the OPD itself
        ([DINKES, P2P, SURV], 2, P2P),  # per bidang: the section's bidang
        ([DINKES, P2P], 2, P2P),
        ([DINKES], 2, DINKES),  # above the level: the unit itself, whole
        ([DINKES, P2P, SURV], 3, SURV),
        ([DINKES, P2P, SURV], 10, SURV),
        ([], 1, None),  # the whole organization
    ],
)
def test_group_unit_is_the_ancestor_at_the_level(
    path: list[str], level: int, group: str | None
) -> None:
    assert curve_group_unit(path, level) == group


BLOCK, WARN = CurveEnforcement.BLOCK, CurveEnforcement.WARN


@pytest.mark.parametrize(
    ("passed", "size", "minimum", "enforcement", "outcome"),
    [
        (False, 3, 10, BLOCK, CurveOutcome.BELOW_MINIMUM),  # a small section: never blocked
        (False, 9, 10, BLOCK, CurveOutcome.BELOW_MINIMUM),
        (False, 10, 10, BLOCK, CurveOutcome.BLOCKED),  # at the minimum: checked
        (False, 10, 10, WARN, CurveOutcome.WARNED),
        (True, 10, 10, BLOCK, CurveOutcome.FITS),
        (True, 3, 10, BLOCK, CurveOutcome.BELOW_MINIMUM),
        (False, 1, 1, BLOCK, CurveOutcome.BLOCKED),  # minimum 1: every group checked
        (True, 0, 1, BLOCK, CurveOutcome.BELOW_MINIMUM),  # nobody counted
    ],
)
def test_outcome_never_blocks_a_group_below_the_minimum(
    passed: bool, size: int, minimum: int, enforcement: CurveEnforcement, outcome: CurveOutcome
) -> None:
    assert curve_outcome(passed, size, minimum, enforcement) is outcome
    assert curve_enforced(size, minimum) is (outcome is not CurveOutcome.BELOW_MINIMUM)


def test_default_group_is_the_opd_with_at_least_ten() -> None:
    defaults = AppraisalSettings()
    assert (defaults.curve_level, defaults.curve_min_group_size) == (1, 10)


@pytest.mark.parametrize(
    ("message", "indonesian", "english"),
    [
        (
            curve_scope_message(DINKES, 1, 12, SURV),
            "Kurva diperiksa untuk Dinas Kesehatan (unit kerja level 1 yang membawahi "
            "Seksi Surveilans), level 1: 12 penilaian di unit ini dan semua sub-unitnya",
            "Curve checked for Dinas Kesehatan (the level-1 unit kerja above Seksi "
            "Surveilans), level 1: 12 appraisals in it and all its sub-units",
        ),
        (
            curve_scope_message(DINKES, 1, 12, DINKES),
            "Kurva diperiksa untuk Dinas Kesehatan, level 1: 12 penilaian di unit ini dan "
            "semua sub-unitnya",
            "Curve checked for Dinas Kesehatan, level 1: 12 appraisals in it and all its sub-units",
        ),
        (
            curve_scope_message(None, 0, 40, None),
            "Kurva diperiksa untuk seluruh instansi: 40 penilaian",
            "Curve checked for the whole organization: 40 appraisals",
        ),
        (
            curve_below_minimum_message(1, 10),
            "Kelompok 1 penilaian di bawah minimum 10: kurva tidak memblokir kelompok ini sendiri",
            "A group of 1 appraisal is below the minimum of 10: the curve does not block it "
            "on its own",
        ),
        (
            curve_below_minimum_message(3, 10),
            "Kelompok 3 penilaian di bawah minimum 10: kurva tidak memblokir kelompok ini sendiri",
            "A group of 3 appraisals is below the minimum of 10: the curve does not block it "
            "on its own",
        ),
        (
            curve_rule_message([SB], None, 50, None, 9, Decimal("75.00"), 3),
            "Sangat Baik: maksimal 50%; sekarang 9 (75.00%), selisih 3 pegawai",
            "Sangat Baik: at most 50%; now 9 (75.00%), off by 3 employees",
        ),
        (
            curve_rule_message([BP, K], 10, None, 1, 0, Decimal("0.00"), 1),
            "Butuh Perbaikan/Kurang/Misconduct: minimal 10%, minimal 1 pegawai; sekarang 0 "
            "(0.00%), selisih 1 pegawai",
            "Butuh Perbaikan/Kurang/Misconduct: at least 10%, at least 1 employee; now 0 "
            "(0.00%), off by 1 employee",
        ),
    ],
)
def test_messages_in_both_languages(message: dict[str, str], indonesian: str, english: str) -> None:
    assert message == {"id": indonesian, "en": english}
