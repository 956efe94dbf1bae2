"""Pure rules of strategies, goals and key performance indicators (no I/O)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kinerja_api.core.errors import FieldError
from kinerja_api.indicators.models import Direction, GoalKind, OrganizationGoal

#: Longest planning period (RPJMD/Renstra): five years, first and last included.
MAX_STRATEGY_YEARS = 5
#: Units (satuan) whose values are percentages.
PERCENT_UNITS = frozenset({"persen", "%", "percent", "persentase"})


def is_percent_unit(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def periods_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two inclusive year ranges share a year?"""
    return a[0] <= b[1] and b[0] <= a[1]


def strategy_period_problems(start_year: int, end_year: int) -> list[FieldError]:
    if end_year < start_year:
        return [
            FieldError.of(
                "end_year",
                "bounds_order",
                {
                    "id": "Tahun akhir tidak boleh sebelum tahun awal",
                    "en": "end_year must not be before start_year",
                },
            )
        ]
    if end_year - start_year + 1 > MAX_STRATEGY_YEARS:
        return [
            FieldError.of(
                "end_year",
                "period_too_long",
                {
                    "id": f"Periode rencana strategis paling lama {MAX_STRATEGY_YEARS} tahun",
                    "en": f"A strategic plan covers at most {MAX_STRATEGY_YEARS} years",
                },
            )
        ]
    return []


def goal_parent_problems(
    *,
    kind: GoalKind,
    year: int,
    organization_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    parent: OrganizationGoal | None,
) -> list[FieldError]:
    """A tujuan has no parent; a sasaran's parent is an active tujuan of the same org and year.

    ``parent`` is the row found for ``parent_id`` (``None`` when there is none).
    """
    if parent_id is None:
        return []

    def problem(etype: str, id_msg: str, en_msg: str) -> list[FieldError]:
        return [FieldError.of("parent_id", etype, {"id": id_msg, "en": en_msg})]

    if kind is GoalKind.TUJUAN:
        return problem(
            "tujuan_has_no_parent",
            "Tujuan tidak memiliki induk; hanya sasaran yang berada di bawah tujuan",
            "A tujuan has no parent; only a sasaran sits under a tujuan",
        )
    if parent is None or parent.organization_id != organization_id:
        return problem(
            "parent_not_found",
            "Tujuan induk tidak ditemukan di organisasi ini",
            "Parent goal not found in this organization",
        )
    if parent.kind is not GoalKind.TUJUAN:
        return problem(
            "parent_not_tujuan",
            "Induk sasaran harus berupa tujuan",
            "The parent of a sasaran must be a tujuan",
        )
    if parent.year != year:
        return problem(
            "parent_year_mismatch",
            f"Tujuan induk adalah tujuan tahun {parent.year}, bukan {year}",
            f"The parent goal belongs to {parent.year}, not {year}",
        )
    if not parent.is_active:
        return problem("parent_inactive", "Tujuan induk tidak aktif", "Parent goal is inactive")
    return []


def mission_problems(mission_number: int | None, missions: list[str] | None) -> list[FieldError]:
    """A goal's mission number must name a mission of the strategy covering its year.

    ``missions`` is ``None`` when no strategy covers the year.
    """
    if mission_number is None:
        return []
    if missions is None:
        return [
            FieldError.of(
                "mission_number",
                "no_strategy",
                {
                    "id": "Belum ada visi-misi (rencana strategis) yang mencakup tahun ini",
                    "en": "No strategy (vision and mission) covers this year",
                },
            )
        ]
    if mission_number > len(missions):
        return [
            FieldError.of(
                "mission_number",
                "mission_not_found",
                {
                    "id": f"Rencana strategis hanya memiliki {len(missions)} misi",
                    "en": f"The strategy has only {len(missions)} missions",
                },
            )
        ]
    return []


@dataclass(frozen=True)
class Target:
    """The target-related fields of an IKU, as they would be stored."""

    unit: str
    direction: Direction | None = None
    value: float | None = None
    min: float | None = None
    max: float | None = None
    text: str | None = None
    baseline: float | None = None
    allow_over_100: bool = False


def target_problems(target: Target) -> list[FieldError]:
    """Exactly one target form; a complete, ordered range; a direction for a number; percent
    values within 0–100 unless values above 100 are explicitly allowed."""
    problems: list[FieldError] = []
    has_range = target.min is not None or target.max is not None
    forms = sum([target.value is not None, has_range, target.text is not None])
    if forms == 0:
        problems.append(
            FieldError.of(
                "target_value",
                "target_missing",
                {
                    "id": "Isi target: angka (target_value), rentang (target_min dan "
                    "target_max), atau uraian (target_text)",
                    "en": "Give a target: a number (target_value), a range (target_min and "
                    "target_max) or a description (target_text)",
                },
            )
        )
    elif forms > 1:
        problems.append(
            FieldError.of(
                "target_value",
                "target_ambiguous",
                {
                    "id": "Isi hanya satu bentuk target: angka, rentang, atau uraian",
                    "en": "Give only one form of target: number, range or description",
                },
            )
        )
    if has_range:
        if target.min is None or target.max is None:
            missing = "target_min" if target.min is None else "target_max"
            problems.append(
                FieldError.of(
                    missing,
                    "target_range_incomplete",
                    {
                        "id": "Target rentang memerlukan target_min dan target_max",
                        "en": "A range target needs both target_min and target_max",
                    },
                )
            )
        elif target.min > target.max:
            problems.append(
                FieldError.of(
                    "target_min",
                    "bounds_order",
                    {
                        "id": "target_min tidak boleh melebihi target_max",
                        "en": "target_min must not exceed target_max",
                    },
                )
            )
    if target.value is not None and target.direction is None:
        problems.append(
            FieldError.of(
                "direction",
                "direction_required",
                {
                    "id": "Tentukan arah: higher_is_better atau lower_is_better",
                    "en": "Set the direction: higher_is_better or lower_is_better",
                },
            )
        )
    if forms == 1 and target.text is not None and target.direction is not None:
        problems.append(
            FieldError.of(
                "direction",
                "direction_not_applicable",
                {
                    "id": "Target berupa uraian tidak memiliki arah",
                    "en": "A descriptive target has no direction",
                },
            )
        )
    if is_percent_unit(target.unit):
        problems += _percent_problems(target)
    return problems


def _percent_problems(target: Target) -> list[FieldError]:
    if target.allow_over_100:
        message = {
            "id": "Nilai persen tidak boleh negatif",
            "en": "A percent value must not be negative",
        }
    else:
        message = {
            "id": "Nilai persen harus antara 0 dan 100 "
            "(setel allow_over_100 untuk nilai di atas 100)",
            "en": "A percent value must be between 0 and 100 (set allow_over_100 to go above 100)",
        }
    numbers = {
        "target_value": target.value,
        "target_min": target.min,
        "target_max": target.max,
        "baseline": target.baseline,
    }
    return [
        FieldError.of(field, "percent_out_of_range", message)
        for field, value in numbers.items()
        if value is not None and (value < 0 or (value > 100 and not target.allow_over_100))
    ]
