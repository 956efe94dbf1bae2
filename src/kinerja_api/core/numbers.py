"""Rounding of the figures the rules report (percentages, averages, ratios): one place.

Figures are rounded to two decimals, half up, as people round on paper (0.125 → 0.13).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: Two decimals.
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """``value`` to two decimals, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
