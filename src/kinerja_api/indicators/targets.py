"""Targets and achievement: one set of rules for organization IKU and employees' RHK
indicators (pure, table-tested in tests/test_targets.py and tests/test_goals.py).

A target is exactly one of: a number (``value``, with a direction), a range (``min``..``max``)
or a description (``text``: qualitative, rated instead of computed). Units of measure
(satuan) come from one catalog, so an aspect can be checked against its unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from kinerja_api.core.errors import FieldError, field_error
from kinerja_api.core.numbers import round2


class Aspect(enum.StrEnum):
    KUANTITAS = "kuantitas"
    KUALITAS = "kualitas"
    WAKTU = "waktu"
    BIAYA = "biaya"


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


class UnitKind(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"  # per 1.000 live births, per 100.000 population ...
    SCORE = "score"  # index, grade, predikat
    DURATION = "duration"
    CURRENCY = "currency"


_COUNT_UNITS = (
    "orang", "bayi", "balita", "pasien", "keluarga", "penduduk", "pegawai", "dokumen", "berkas",
    "laporan", "kegiatan", "kali", "paket", "unit", "lokasi", "desa", "kelurahan", "sekolah",
    "rekomendasi", "layanan", "pengaduan", "usulan", "surat", "km", "m2", "jp", "program",
    "produk", "sertifikat", "kunjungan", "wisatawan", "event", "aplikasi", "rumah", "ruas",
)  # fmt: skip

#: Units of measure (satuan) accepted for targets, by their normalized spelling.
UNITS: dict[str, UnitKind] = {
    "persen": UnitKind.PERCENT,
    "%": UnitKind.PERCENT,
    "percent": UnitKind.PERCENT,
    "persentase": UnitKind.PERCENT,
    "per 1.000 kh": UnitKind.RATE,
    "per 100.000 kh": UnitKind.RATE,
    "per 1.000 penduduk": UnitKind.RATE,
    "per 100.000 penduduk": UnitKind.RATE,
    "indeks": UnitKind.SCORE,
    "nilai": UnitKind.SCORE,
    "skor": UnitKind.SCORE,
    "predikat": UnitKind.SCORE,
    "menit": UnitKind.DURATION,
    "jam": UnitKind.DURATION,
    "hari": UnitKind.DURATION,
    "minggu": UnitKind.DURATION,
    "bulan": UnitKind.DURATION,
    "tahun": UnitKind.DURATION,
    "rupiah": UnitKind.CURRENCY,
    **dict.fromkeys(_COUNT_UNITS, UnitKind.COUNT),
}

#: Unit kinds each aspect accepts (kuantitas accepts every kind but currency).
ASPECT_UNITS: dict[Aspect, frozenset[UnitKind]] = {
    Aspect.KUANTITAS: frozenset(UnitKind) - {UnitKind.CURRENCY},
    Aspect.KUALITAS: frozenset({UnitKind.PERCENT, UnitKind.SCORE, UnitKind.RATE}),
    Aspect.WAKTU: frozenset({UnitKind.DURATION}),
    Aspect.BIAYA: frozenset({UnitKind.CURRENCY, UnitKind.PERCENT}),
}


def normalize_unit(unit: str) -> str:
    return " ".join(unit.strip().lower().split())


def unit_kind(unit: str) -> UnitKind | None:
    return UNITS.get(normalize_unit(unit))


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


def target_problems(target: Target) -> list[FieldError]:
    """Everything inconsistent in a target (an empty list: valid).

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
    kind = unit_kind(target.unit)
    if kind is None:
        problems.append(
            field_error(
                "unit",
                "unknown_unit",
                f"Satuan '{target.unit.strip()}' tidak dikenal",
                f"Unknown unit of measure '{target.unit.strip()}'",
            )
        )
    elif target.aspect is not None and kind not in ASPECT_UNITS[target.aspect]:
        problems.append(
            field_error(
                "unit",
                "unit_aspect_mismatch",
                f"Satuan '{target.unit.strip()}' tidak sesuai untuk aspek {target.aspect.value}",
                f"Unit '{target.unit.strip()}' does not suit the {target.aspect.value} aspect",
            )
        )
    problems += _number_problems(target, percent=kind is UnitKind.PERCENT)
    return problems


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
