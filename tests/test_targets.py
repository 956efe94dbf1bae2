"""Target rules shared by IKU and RHK indicators: unit catalog, aspect/unit fit,
achievement (the form rules are tabled in tests/test_goals.py)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kinerja_api.indicators.targets import Aspect, Direction, Target, achievement, target_problems

UP, DOWN = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER


def t(unit: str, aspect: str | None = None, **kw: object) -> Target:
    return Target(unit=unit, aspect=Aspect(aspect) if aspect else None, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (t("bayi", "kuantitas", direction=UP, value=1200), set()),
        (t("persen", "kuantitas", direction=UP, value=95), set()),
        (t("Per 1.000  KH", "kualitas", direction=DOWN, value=8), set()),  # normalized
        (t("persen", "kualitas", direction=UP, value=101), {"percent_out_of_range"}),
        (t("persen", "kualitas", direction=UP, value=120, allow_over_100=True), set()),
        (t("nilai", "kualitas", direction=UP, value=85), set()),
        (t("dokumen", "kualitas", direction=UP, value=10), {"unit_aspect_mismatch"}),
        (t("hari", "waktu", direction=DOWN, value=3), set()),
        (t("dokumen", "waktu", direction=DOWN, value=3), {"unit_aspect_mismatch"}),
        (t("rupiah", "biaya", direction=DOWN, value=7_500_000), set()),
        (t("rupiah", "kuantitas", direction=UP, value=1), {"unit_aspect_mismatch"}),
        (t("ekor", "kuantitas", direction=UP, value=3), {"unknown_unit"}),
        (t("orang", "kuantitas", direction=UP, value=-1), {"negative_value"}),
        (t("predikat", "kualitas", text="Laporan diterima tanpa revisi"), set()),
        (t("predikat", "kualitas", text="   "), {"target_text_required"}),
    ],
)
def test_units_and_aspects(target: Target, expected: set[str]) -> None:
    assert {p.type for p in target_problems(target)} == expected


ACHIEVEMENT = [
    # higher is better
    (t("bayi", value=1200, direction=UP), D(1200), D("100.00")),
    (t("bayi", value=1200, direction=UP), D(900), D("75.00")),
    (t("bayi", value=1200, direction=UP), D(1300), D("108.33")),
    (t("persen", value=95, direction=UP), D(0), D("0.00")),
    (t("orang", value=0, direction=UP), D(0), D("100.00")),
    # lower is better: documents finished in <= 3 days (Muaratebo)
    (t("hari", value=3, direction=DOWN), D(3), D("100.00")),
    (t("hari", value=3, direction=DOWN), D(2), D("133.33")),
    (t("hari", value=3, direction=DOWN), D("4.5"), D("50.00")),
    (t("hari", value=3, direction=DOWN), D(7), D("0.00")),
    (t("hari", value=0, direction=DOWN), D(1), D("0.00")),
    # ranges: inside is 100%, outside the nearest bound is the target
    (t("persen", min=90, max=95), D(92), D("100.00")),
    (t("persen", min=90, max=95), D(90), D("100.00")),
    (t("persen", min=90, max=95), D(45), D("50.00")),
    (t("persen", min=90, max=95), D("99.75"), D("105.00")),
    (t("persen", min=90, max=95, direction=DOWN), D(100), D("94.74")),
    # qualitative targets are rated, not computed
    (t("predikat", text="Tanpa revisi"), D(1), None),
]


@pytest.mark.parametrize(("target", "realization", "expected"), ACHIEVEMENT)
def test_achievement_table(target: Target, realization: D, expected: D | None) -> None:
    assert achievement(target, realization) == expected
