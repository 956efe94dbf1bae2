"""Targets and achievement: one set of rules for organization IKU and employees' RHK
indicators (pure, table-tested in tests/test_targets.py and tests/test_goals.py).

A target is exactly one of: a number (``value``, with a direction), a range (``min``..``max``)
or a description (``text``: qualitative, rated instead of computed). Units of measure
(satuan) come from the instansi's catalogue (``organizations.units_of_measure``), so an
aspect can be checked against its unit.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kinerja_api.core.errors import FieldError, field_error
from kinerja_api.core.numbers import round2
from kinerja_api.organizations.units_of_measure.rules import (
    ASPECT_UNITS,
    DEFAULT_UNITS,
    Aspect,
    UnitKind,
    close_units,
    normalize_unit,
    units_path,
)

__all__ = ["ASPECT_UNITS", "DEFAULT_UNITS", "Aspect", "UnitKind", "normalize_unit"]


class Direction(enum.StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Rating(enum.StrEnum):
    """The three-level rating of PermenPANRB 6/2022: of work results (hasil kerja) and
    behaviour (perilaku kerja) by the appraiser, and of the realization of a qualitative
    (descriptive) target, whose achievement is rated rather than computed."""

    DI_BAWAH_EKSPEKTASI = "DI_BAWAH_EKSPEKTASI"
    SESUAI_EKSPEKTASI = "SESUAI_EKSPEKTASI"
    DI_ATAS_EKSPEKTASI = "DI_ATAS_EKSPEKTASI"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {
    Rating.DI_BAWAH_EKSPEKTASI: 0,
    Rating.SESUAI_EKSPEKTASI: 1,
    Rating.DI_ATAS_EKSPEKTASI: 2,
}


class TargetKind(enum.StrEnum):
    NUMBER = "number"
    RANGE = "range"
    TEXT = "text"


def unit_kind(unit: str, units: Mapping[str, UnitKind] = DEFAULT_UNITS) -> UnitKind | None:
    return units.get(normalize_unit(unit))


@dataclass(frozen=True)
class Target:
    """The target-related fields of an IKU or an RHK indicator, as they would be stored."""

    unit: str
    direction: Direction | None = None
    value: float | Decimal | None = None
    min: float | Decimal | None = None
    max: float | Decimal | None = None
    text: str | None = None
    baseline: float | Decimal | None = None
    allow_over_100: bool = False
    aspect: Aspect | None = None

    @property
    def kind(self) -> TargetKind:
        if self.text is not None:
            return TargetKind.TEXT
        if self.min is not None or self.max is not None:
            return TargetKind.RANGE
        return TargetKind.NUMBER


def target_problems(
    target: Target,
    units: Mapping[str, UnitKind] = DEFAULT_UNITS,
    *,
    org_id: object | None = None,
) -> list[FieldError]:
    """Everything inconsistent in a target (an empty list: valid).

    ``units`` is the instansi's catalogue of units of measure (name → kind); ``org_id`` lets
    the message of an unknown or unsuitable unit link the catalogue.

    Exactly one target form; a complete, ordered range; a direction for a number and none for
    a description; a known unit that suits the aspect; percent values within 0–100 unless
    values above 100 are explicitly allowed; no negative numbers.
    """
    problems: list[FieldError] = []
    has_range = target.min is not None or target.max is not None
    forms = sum([target.value is not None, has_range, target.text is not None])
    if forms == 0:
        problems.append(
            field_error(
                "target_value",
                "target_missing",
                "Isi target: angka (target_value), rentang (target_min dan target_max), "
                "atau uraian (target_text)",
                "Give a target: a number (target_value), a range (target_min and target_max) "
                "or a description (target_text)",
            )
        )
    elif forms > 1:
        problems.append(
            field_error(
                "target_value",
                "target_ambiguous",
                "Isi hanya satu bentuk target: angka, rentang, atau uraian",
                "Give only one form of target: number, range or description",
            )
        )
    if target.text is not None and not target.text.strip():
        problems.append(
            field_error(
                "target_text",
                "target_text_required",
                "Uraian target kualitatif tidak boleh kosong",
                "A qualitative target needs a description",
            )
        )
    if has_range:
        if target.min is None or target.max is None:
            missing = "target_min" if target.min is None else "target_max"
            problems.append(
                field_error(
                    missing,
                    "target_range_incomplete",
                    "Target rentang memerlukan target_min dan target_max",
                    "A range target needs both target_min and target_max",
                )
            )
        elif target.min > target.max:
            problems.append(
                field_error(
                    "target_min",
                    "bounds_order",
                    "target_min tidak boleh melebihi target_max",
                    "target_min must not exceed target_max",
                )
            )
    if target.value is not None and target.direction is None:
        problems.append(
            field_error(
                "direction",
                "direction_required",
                "Tentukan arah: higher_is_better atau lower_is_better",
                "Set the direction: higher_is_better or lower_is_better",
            )
        )
    if forms == 1 and target.text is not None and target.direction is not None:
        problems.append(
            field_error(
                "direction",
                "direction_not_applicable",
                "Target berupa uraian tidak memiliki arah",
                "A descriptive target has no direction",
            )
        )
    kind = unit_kind(target.unit, units)
    if kind is None:
        problems.append(_unknown_unit(target, units, org_id))
    elif target.aspect is not None and kind not in ASPECT_UNITS[target.aspect]:
        problems.append(_unsuitable_unit(target, org_id))
    problems += _number_problems(target, percent=kind is UnitKind.PERCENT)
    return problems


def _catalogue_hint(org_id: object | None, aspect: Aspect | None) -> tuple[str, str]:
    if org_id is None:
        return (
            "Pilih satuan dari katalog satuan instansi, atau minta admin instansi menambahkannya",
            "Choose a unit from the instansi's catalogue of units of measure, or ask an "
            "instansi admin to add it",
        )
    path = units_path(org_id, aspect)
    return (
        f"Pilih satuan dari katalog satuan instansi (GET {path}), "
        "atau minta admin instansi menambahkannya",
        f"Choose a unit from the instansi's catalogue of units of measure (GET {path}), "
        "or ask an instansi admin to add it",
    )


def _unknown_unit(
    target: Target, units: Mapping[str, UnitKind], org_id: object | None
) -> FieldError:
    name = target.unit.strip()
    suitable = [
        u for u, k in units.items() if target.aspect is None or k in ASPECT_UNITS[target.aspect]
    ]
    close = close_units(name, suitable)
    hint_id, hint_en = _catalogue_hint(org_id, target.aspect)
    maybe_id = f"; mungkin maksud Anda: {', '.join(close)}" if close else ""
    maybe_en = f"; did you mean: {', '.join(close)}" if close else ""
    return field_error(
        "unit",
        "unknown_unit",
        f"Satuan '{name}' tidak dikenal{maybe_id}. {hint_id}",
        f"Unknown unit of measure '{name}'{maybe_en}. {hint_en}",
    )


def _unsuitable_unit(target: Target, org_id: object | None) -> FieldError:
    name, aspect = target.unit.strip(), target.aspect
    assert aspect is not None
    hint_id, hint_en = _catalogue_hint(org_id, aspect)
    return field_error(
        "unit",
        "unit_aspect_mismatch",
        f"Satuan '{name}' tidak sesuai untuk aspek {aspect.value}. {hint_id}",
        f"Unit '{name}' does not suit the {aspect.value} aspect. {hint_en}",
    )


def _number_problems(target: Target, *, percent: bool) -> list[FieldError]:
    numbers = {
        "target_value": target.value,
        "target_min": target.min,
        "target_max": target.max,
        "baseline": target.baseline,
    }
    if percent and not target.allow_over_100:
        id_msg = (
            "Nilai persen harus antara 0 dan 100 (setel allow_over_100 untuk nilai di atas 100)"
        )
        en_msg = "A percent value must be between 0 and 100 (set allow_over_100 to go above 100)"
        bad = {f for f, v in numbers.items() if v is not None and (v < 0 or v > 100)}
        etype = "percent_out_of_range"
    else:
        id_msg, en_msg = "Nilai tidak boleh negatif", "A value must not be negative"
        bad = {f for f, v in numbers.items() if v is not None and v < 0}
        etype = "percent_out_of_range" if percent else "negative_value"
    return [field_error(f, etype, id_msg, en_msg) for f in numbers if f in bad]


# ---- achievement -----------------------------------------------------------------------

_HUNDRED = Decimal(100)


def _dec(value: float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _pct(value: Decimal) -> Decimal:
    return round2(max(Decimal(0), value))


def achievement(target: Target, realization: Decimal) -> Decimal | None:
    """Achievement in percent (2 decimals); ``None`` for a qualitative target (it is rated).

    - higher is better: realization / target;
    - lower is better: (2·target − realization) / target, the usual formula for "negative"
      indicators (exactly on target is 100%, twice the target or worse is 0%);
    - a range counts as 100% inside it; outside, the nearest bound acts as the target.
    A zero target: meeting it is 100%, anything worse is 0% (no division by zero).
    """
    if target.kind is TargetKind.TEXT:
        return None
    if target.kind is TargetKind.RANGE:
        if target.min is None or target.max is None:
            raise ValueError("a range target needs min and max")
        low, high = _dec(target.min), _dec(target.max)
        if low <= realization <= high:
            return _pct(_HUNDRED)
        bound = low if realization < low else high
    else:
        if target.value is None:
            raise ValueError("a numeric target needs a value")
        bound = _dec(target.value)
    if target.direction is Direction.LOWER_IS_BETTER:
        if bound == 0:
            return _pct(_HUNDRED if realization <= 0 else Decimal(0))
        return _pct((2 * bound - realization) / bound * _HUNDRED)
    if bound == 0:
        return _pct(_HUNDRED)
    return _pct(realization / bound * _HUNDRED)
