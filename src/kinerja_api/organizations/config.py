"""Per-organization configuration: every rule for which a regulation only sets a default.

The defaults below come from PP 30/2019, PermenPANRB 6/2022 and PermenPANRB 1/2020 (see
``shared/domain.md``) and live here only. Other domains read the numbers from
:func:`effective_settings`, never from literals of their own.

``organizations.settings`` stores only what differs from these defaults, so an organization
that never chose its own value follows a corrected default. Reads always return the full
effective document. Updates are partial: nested objects merge, lists are replaced whole.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Mapping
from functools import cache
from itertools import pairwise
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kinerja_api.core.errors import FieldError


class Predikat(enum.StrEnum):
    """Predikat kinerja pegawai (result of the hasil kerja × perilaku matrix)."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"  # Kurang/Misconduct
    SANGAT_KURANG = "sangat_kurang"


class OrganizationResult(enum.StrEnum):
    """Capaian kinerja organisasi; selects the distribution curve that applies."""

    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


class RealizationPeriod(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMESTER = "semester"


class LatePolicy(enum.StrEnum):
    """What happens to a daily report filed after the grace window."""

    REJECT = "reject"
    FLAG = "flag"


class CurveEnforcement(enum.StrEnum):
    """What finalizing appraisals does when the distribution curve does not fit."""

    BLOCK = "block"
    WARN = "warn"


#: The deepest unit level the curve may be checked at (units nest at most this deep in practice).
MAX_CURVE_LEVEL = 10

Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SkpSettings(_Section):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"deadline_month": 1, "deadline_day": 31, "realization_period": "monthly"}]
        }
    )

    deadline_month: int = Field(default=1, ge=1, le=12, description="SKP due: month (1–12).")
    deadline_day: int = Field(default=31, ge=1, le=31, description="SKP due: day of the month.")
    realization_period: RealizationPeriod = Field(
        default=RealizationPeriod.MONTHLY,
        description="How often indicator realization is reported and evaluated.",
    )

    def deadline(self, year: int) -> dt.date:
        """The SKP deadline of the performance year ``year``."""
        return dt.date(year, self.deadline_month, self.deadline_day)


class DailyReportSettings(_Section):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"grace_days": 3, "late_policy": "flag"}]}
    )

    grace_days: int = Field(
        default=3,
        ge=0,
        le=31,
        description="Days after the activity date during which a report is on time.",
    )
    late_policy: LatePolicy = Field(
        default=LatePolicy.FLAG,
        description="`flag`: accept a later report and mark it late; `reject`: refuse it.",
    )


class CurveBound(_Section):
    """One constraint of a distribution curve on the share of a group of predikat."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"predikat": ["butuh_perbaikan"], "min_percent": 60},
                {"predikat": ["sangat_baik"], "max_percent": 10},
                {"predikat": ["butuh_perbaikan", "kurang"], "min_count": 1},
            ]
        }
    )

    predikat: list[Predikat] = Field(
        min_length=1, max_length=5, description="The predikat counted together."
    )
    min_percent: Percent | None = Field(default=None, description="Share at least this.")
    max_percent: Percent | None = Field(default=None, description="Share at most this.")
    min_count: int | None = Field(
        default=None, ge=1, le=100_000, description="At least this many employees."
    )


def _bound(
    *predikat: Predikat,
    min_percent: float | None = None,
    max_percent: float | None = None,
    min_count: int | None = None,
) -> CurveBound:
    return CurveBound(
        predikat=list(predikat),
        min_percent=min_percent,
        max_percent=max_percent,
        min_count=min_count,
    )


_P = Predikat


def _istimewa() -> list[CurveBound]:
    # Most (at most 70 %) Sangat Baik; the rest Baik or lower.
    return [_bound(_P.SANGAT_BAIK, max_percent=70)]


def _baik() -> list[CurveBound]:
    # Most (at most 70 %) Baik; some Butuh Perbaikan/Kurang; Sangat Baik a minority.
    return [
        _bound(_P.BAIK, max_percent=70),
        _bound(_P.BUTUH_PERBAIKAN, _P.KURANG, min_count=1),
        _bound(_P.SANGAT_BAIK, max_percent=50),
    ]


def _butuh_perbaikan() -> list[CurveBound]:
    return [
        _bound(_P.BUTUH_PERBAIKAN, min_percent=60),
        _bound(_P.SANGAT_BAIK, max_percent=10),
    ]


def _kurang() -> list[CurveBound]:
    return [
        _bound(_P.KURANG, min_percent=60),
        _bound(_P.BUTUH_PERBAIKAN, min_percent=10),
        _bound(_P.SANGAT_BAIK, max_percent=10),
    ]


def _sangat_kurang() -> list[CurveBound]:
    return [
        _bound(_P.SANGAT_KURANG, min_percent=60),
        _bound(_P.KURANG, _P.BUTUH_PERBAIKAN, min_percent=10),
        _bound(_P.SANGAT_BAIK, max_percent=0),
    ]


class CurveRules(_Section):
    """The distribution curve that the appraisals of a unit must fit, per organization result.

    A curve is a list of bounds; a predikat may appear in at most one bound of a curve.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "butuh_perbaikan": [
                        {"predikat": ["butuh_perbaikan"], "min_percent": 60},
                        {"predikat": ["sangat_baik"], "max_percent": 10},
                    ]
                }
            ]
        }
    )

    istimewa: list[CurveBound] = Field(default_factory=_istimewa, max_length=5)
    baik: list[CurveBound] = Field(default_factory=_baik, max_length=5)
    butuh_perbaikan: list[CurveBound] = Field(default_factory=_butuh_perbaikan, max_length=5)
    kurang: list[CurveBound] = Field(default_factory=_kurang, max_length=5)
    sangat_kurang: list[CurveBound] = Field(default_factory=_sangat_kurang, max_length=5)

    def for_result(self, result: OrganizationResult) -> list[CurveBound]:
        bounds: list[CurveBound] = getattr(self, result.value)
        return bounds


class AppraisalSettings(_Section):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "objection_window_days": 14,
                    "curve_enforcement": "warn",
                    "curve_level": 1,
                    "curve_min_group_size": 10,
                }
            ]
        }
    )

    objection_window_days: int = Field(
        default=14,
        ge=1,
        le=90,
        description="Days after the result during which the appraised "
        "may file an objection (keberatan).",
    )
    curve_enforcement: CurveEnforcement = Field(
        default=CurveEnforcement.BLOCK,
        description="Finalizing appraisals whose distribution does not fit the curve is "
        "`block`ed or only `warn`ed.",
    )
    curve_level: int = Field(
        default=1,
        ge=1,
        le=MAX_CURVE_LEVEL,
        description="Depth in the unit tree of the unit kerja whose appraisals are checked "
        "together against the curve: 1 = the OPD (top-level unit, the default), 2 = its "
        "bidang/bagian, and so on. A check or finalization of a deeper unit counts everyone "
        "below its ancestor at this level.",
    )
    curve_min_group_size: int = Field(
        default=10,
        ge=1,
        le=10_000,
        description="Groups with fewer appraisals than this are never blocked by the curve on "
        "their own: the check still reports the fit, but finalizing is not refused.",
    )
    curve: CurveRules = Field(default_factory=CurveRules)


class PejGrades(_Section):
    """Job efficiency (EJ) grades: A > a_above ≥ B ≥ b_min > C ≥ c_min > D ≥ d_min > E."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"a_above": 1.0, "b_min": 0.9, "c_min": 0.7, "d_min": 0.5}]}
    )

    a_above: float = Field(default=1.00, gt=0, le=10, allow_inf_nan=False)
    b_min: float = Field(default=0.90, gt=0, le=10, allow_inf_nan=False)
    c_min: float = Field(default=0.70, gt=0, le=10, allow_inf_nan=False)
    d_min: float = Field(default=0.50, gt=0, le=10, allow_inf_nan=False)


class WorkloadSettings(_Section):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"effective_minutes_per_year": 75000}]}
    )

    effective_minutes_per_year: int = Field(
        default=75_000,
        ge=1,
        le=525_600,
        description="Effective working time of one employee per year (1,250 hours).",
    )
    pej_grades: PejGrades = Field(default_factory=PejGrades)


class DevelopmentSettings(_Section):
    model_config = ConfigDict(json_schema_extra={"examples": [{"min_learning_hours_per_year": 20}]})

    min_learning_hours_per_year: int = Field(
        default=20, ge=0, le=1000, description="Learning hours (JP) each employee should get."
    )


class PredikatPercentages(_Section):
    """Share of the yearly credit-point coefficient earned per predikat (percent)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sangat_baik": 150,
                    "baik": 100,
                    "butuh_perbaikan": 75,
                    "kurang": 50,
                    "sangat_kurang": 25,
                }
            ]
        }
    )

    sangat_baik: float = Field(default=150, ge=0, le=300, allow_inf_nan=False)
    baik: float = Field(default=100, ge=0, le=300, allow_inf_nan=False)
    butuh_perbaikan: float = Field(default=75, ge=0, le=300, allow_inf_nan=False)
    kurang: float = Field(default=50, ge=0, le=300, allow_inf_nan=False)
    sangat_kurang: float = Field(default=25, ge=0, le=300, allow_inf_nan=False)

    def of(self, predikat: Predikat) -> float:
        value: float = getattr(self, predikat.value)
        return value


_Coefficient = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]


class JenjangCoefficients(_Section):
    """Yearly credit-point coefficient per jenjang of a functional position."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"ahli_pertama": 12.5, "ahli_muda": 25}]}
    )

    ahli_pertama: _Coefficient = 12.5
    ahli_muda: _Coefficient = 25
    ahli_madya: _Coefficient = 37.5
    ahli_utama: _Coefficient = 50
    terampil: _Coefficient = 5
    mahir: _Coefficient = 12.5
    penyelia: _Coefficient = 25

    def of(self, jenjang: str) -> float:
        """Coefficient of a jenjang by its name (e.g. ``ahli_pertama``)."""
        if jenjang not in type(self).model_fields:
            raise KeyError(jenjang)
        value: float = getattr(self, jenjang)
        return value


JENJANG_CHAINS: tuple[tuple[str, ...], ...] = (
    ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"),
    ("terampil", "mahir", "penyelia"),
)


class CreditPointSettings(_Section):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"jenjang_coefficients": {"ahli_pertama": 12.5}}]}
    )

    predikat_percent: PredikatPercentages = Field(default_factory=PredikatPercentages)
    jenjang_coefficients: JenjangCoefficients = Field(default_factory=JenjangCoefficients)


class Holiday(_Section):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"date": "2026-08-17", "name": "Hari Kemerdekaan RI"}]}
    )

    date: dt.date
    name: str = Field(min_length=1, max_length=120)


class CalendarSettings(_Section):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "working_days": [1, 2, 3, 4, 5],
                    "holidays": [{"date": "2026-08-17", "name": "Hari Kemerdekaan RI"}],
                }
            ]
        }
    )

    working_days: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5],
        min_length=1,
        max_length=7,
        description="ISO weekdays that are working days (1 = Monday … 7 = Sunday).",
    )
    holidays: list[Holiday] = Field(
        default_factory=list,
        max_length=1000,
        description="Public holidays and collective leave (cuti bersama); no work is due.",
    )

    @field_validator("working_days")
    @classmethod
    def _sort_days(cls, days: list[int]) -> list[int]:
        return sorted(days)

    def is_working_day(self, day: dt.date) -> bool:
        return day.isoweekday() in self.working_days and all(h.date != day for h in self.holidays)


class OrganizationSettings(_Section):
    """The full configuration of an organization, regulation defaults filled in."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "skp": {
                        "deadline_month": 1,
                        "deadline_day": 31,
                        "realization_period": "monthly",
                    },
                    "daily_reports": {"grace_days": 3, "late_policy": "flag"},
                    "appraisal": {
                        "objection_window_days": 14,
                        "curve_enforcement": "block",
                        "curve_level": 1,
                        "curve_min_group_size": 10,
                        "curve": {
                            "istimewa": [{"predikat": ["sangat_baik"], "max_percent": 70}],
                            "baik": [
                                {"predikat": ["baik"], "max_percent": 70},
                                {"predikat": ["butuh_perbaikan", "kurang"], "min_count": 1},
                                {"predikat": ["sangat_baik"], "max_percent": 50},
                            ],
                            "butuh_perbaikan": [
                                {"predikat": ["butuh_perbaikan"], "min_percent": 60},
                                {"predikat": ["sangat_baik"], "max_percent": 10},
                            ],
                            "kurang": [
                                {"predikat": ["kurang"], "min_percent": 60},
                                {"predikat": ["butuh_perbaikan"], "min_percent": 10},
                                {"predikat": ["sangat_baik"], "max_percent": 10},
                            ],
                            "sangat_kurang": [
                                {"predikat": ["sangat_kurang"], "min_percent": 60},
                                {"predikat": ["kurang", "butuh_perbaikan"], "min_percent": 10},
                                {"predikat": ["sangat_baik"], "max_percent": 0},
                            ],
                        },
                    },
                    "workload": {
                        "effective_minutes_per_year": 75000,
                        "pej_grades": {"a_above": 1.0, "b_min": 0.9, "c_min": 0.7, "d_min": 0.5},
                    },
                    "development": {"min_learning_hours_per_year": 20},
                    "credit_points": {
                        "predikat_percent": {
                            "sangat_baik": 150,
                            "baik": 100,
                            "butuh_perbaikan": 75,
                            "kurang": 50,
                            "sangat_kurang": 25,
                        },
                        "jenjang_coefficients": {
                            "ahli_pertama": 12.5,
                            "ahli_muda": 25,
                            "ahli_madya": 37.5,
                            "ahli_utama": 50,
                            "terampil": 5,
                            "mahir": 12.5,
                            "penyelia": 25,
                        },
                    },
                    "calendar": {
                        "working_days": [1, 2, 3, 4, 5],
                        "holidays": [{"date": "2026-08-17", "name": "Hari Kemerdekaan RI"}],
                    },
                }
            ]
        }
    )

    skp: SkpSettings = Field(default_factory=SkpSettings)
    daily_reports: DailyReportSettings = Field(default_factory=DailyReportSettings)
    appraisal: AppraisalSettings = Field(default_factory=AppraisalSettings)
    workload: WorkloadSettings = Field(default_factory=WorkloadSettings)
    development: DevelopmentSettings = Field(default_factory=DevelopmentSettings)
    credit_points: CreditPointSettings = Field(default_factory=CreditPointSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)


class OrganizationSettingsPatch(OrganizationSettings):
    """Any part of the configuration. Objects merge into the current settings; lists (curve
    bounds, working days, holidays) replace the current list. Omitted parts stay as they are."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"daily_reports": {"grace_days": 2, "late_policy": "reject"}},
                {"appraisal": {"objection_window_days": 21, "curve_enforcement": "warn"}},
                {"appraisal": {"curve_level": 2, "curve_min_group_size": 15}},
                {
                    "calendar": {
                        "holidays": [
                            {"date": "2026-01-01", "name": "Tahun Baru Masehi"},
                            {"date": "2026-08-17", "name": "Hari Kemerdekaan RI"},
                        ]
                    }
                },
            ]
        }
    )


@cache
def _defaults_document() -> dict[str, Any]:
    """The defaults as JSON, built once; shared, so only ever read (merges copy)."""
    return OrganizationSettings().model_dump(mode="json")


# ---- merging and storing ------------------------------------------------------------------


def patch_document(patch: BaseModel) -> dict[str, Any]:
    """The JSON of only the fields the client sent (recursively through nested objects)."""
    dumped = patch.model_dump(mode="json")
    out: dict[str, Any] = {}
    for name in patch.model_fields_set:
        value = getattr(patch, name)
        out[name] = patch_document(value) if isinstance(value, BaseModel) else dumped[name]
    return out


def merge_documents(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge: objects merge key by key, anything else (lists too) is replaced."""
    out = dict(base)
    for key, value in patch.items():
        current = out.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            out[key] = merge_documents(current, value)
        else:
            out[key] = value
    return out


def differences(document: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of ``document`` that differ from ``defaults`` (what an organization stores)."""
    out: dict[str, Any] = {}
    for key, value in document.items():
        default = defaults.get(key)
        if isinstance(value, Mapping) and isinstance(default, Mapping):
            nested = differences(value, default)
            if nested:
                out[key] = nested
        elif value != default or key not in defaults:
            out[key] = value
    return out


def effective_settings(stored: Mapping[str, Any] | None) -> OrganizationSettings:
    """The full settings of an organization: its stored overrides on top of the defaults."""
    return OrganizationSettings.model_validate(merge_documents(_defaults_document(), stored or {}))


def apply_patch(
    stored: Mapping[str, Any] | None, patch: BaseModel
) -> tuple[OrganizationSettings, dict[str, Any], list[FieldError]]:
    """Apply a partial update to stored overrides.

    Returns the new effective settings, the overrides to store, and the consistency problems
    (empty when the result may be saved).
    """
    defaults = _defaults_document()
    current = merge_documents(defaults, stored or {})
    document = merge_documents(current, patch_document(patch))
    result = OrganizationSettings.model_validate(document)
    normalized = result.model_dump(mode="json")
    return result, differences(normalized, defaults), settings_problems(result)


# ---- consistency rules (beyond the range of each single value) ----------------------------


def _order_problem(field: str, lower: str, upper: str) -> FieldError:
    return FieldError.of(
        field,
        "bounds_order",
        {
            "id": f"Nilai {lower} tidak boleh melebihi {upper}",
            "en": f"{lower} must not exceed {upper}",
        },
    )


def _curve_problems(curve: CurveRules) -> list[FieldError]:
    problems: list[FieldError] = []
    for result in OrganizationResult:
        base = f"appraisal.curve.{result.value}"
        seen: set[Predikat] = set()
        minimum_total = 0.0
        for i, bound in enumerate(curve.for_result(result)):
            at = f"{base}.{i}"
            if bound.min_percent is None and bound.max_percent is None and bound.min_count is None:
                problems.append(
                    FieldError.of(
                        at,
                        "curve_bound_empty",
                        {
                            "id": "Isi min_percent, max_percent, atau min_count",
                            "en": "Set min_percent, max_percent or min_count",
                        },
                    )
                )
            if (
                bound.min_percent is not None
                and bound.max_percent is not None
                and bound.min_percent > bound.max_percent
            ):
                problems.append(_order_problem(f"{at}.min_percent", "min_percent", "max_percent"))
            repeated = [p for p in bound.predikat if p in seen] + [
                p for n, p in enumerate(bound.predikat) if p in bound.predikat[:n]
            ]
            if repeated:
                names = ", ".join(sorted({p.value for p in repeated}))
                problems.append(
                    FieldError.of(
                        f"{at}.predikat",
                        "curve_predikat_repeated",
                        {
                            "id": f"Predikat {names} sudah dipakai di batas lain kurva ini",
                            "en": f"Predikat {names} already appears in this curve",
                        },
                    )
                )
            seen.update(bound.predikat)
            minimum_total += bound.min_percent or 0
        if minimum_total > 100:
            problems.append(
                FieldError.of(
                    base,
                    "curve_minimums_exceed_100",
                    {
                        "id": "Jumlah min_percent dalam satu kurva melebihi 100",
                        "en": "The min_percent values of one curve add up to more than 100",
                    },
                )
            )
    return problems


def settings_problems(settings: OrganizationSettings) -> list[FieldError]:
    """Every inconsistency of a settings document, as field errors (empty when valid)."""
    problems: list[FieldError] = []

    skp = settings.skp
    last_day = calendar.monthrange(2025, skp.deadline_month)[1]  # a common (non-leap) year
    if skp.deadline_day > last_day:
        problems.append(
            FieldError.of(
                "skp.deadline_day",
                "invalid_date",
                {
                    "id": f"Bulan {skp.deadline_month} hanya memiliki {last_day} hari",
                    "en": f"Month {skp.deadline_month} has only {last_day} days",
                },
            )
        )

    problems += _curve_problems(settings.appraisal.curve)

    pej = settings.workload.pej_grades
    steps = [("a_above", pej.a_above), ("b_min", pej.b_min), ("c_min", pej.c_min)]
    steps.append(("d_min", pej.d_min))
    for (upper, high), (lower, low) in pairwise(steps):
        if low >= high:
            problems.append(
                FieldError.of(
                    f"workload.pej_grades.{lower}",
                    "bounds_order",
                    {
                        "id": f"Nilai {lower} harus lebih kecil dari {upper}",
                        "en": f"{lower} must be less than {upper}",
                    },
                )
            )

    percent = settings.credit_points.predikat_percent
    ordered = list(Predikat)  # best to worst
    for better, worse in pairwise(ordered):
        if percent.of(worse) > percent.of(better):
            problems.append(
                _order_problem(
                    f"credit_points.predikat_percent.{worse.value}", worse.value, better.value
                )
            )

    coefficients = settings.credit_points.jenjang_coefficients
    for chain in JENJANG_CHAINS:
        for lower, higher in pairwise(chain):
            if coefficients.of(lower) > coefficients.of(higher):
                problems.append(
                    _order_problem(f"credit_points.jenjang_coefficients.{lower}", lower, higher)
                )

    cal = settings.calendar
    if len(set(cal.working_days)) != len(cal.working_days):
        problems.append(
            FieldError.of(
                "calendar.working_days",
                "duplicate",
                {"id": "Hari kerja tidak boleh berulang", "en": "Working days must not repeat"},
            )
        )
    seen_dates: set[dt.date] = set()
    for i, holiday in enumerate(cal.holidays):
        if holiday.date in seen_dates:
            problems.append(
                FieldError.of(
                    f"calendar.holidays.{i}.date",
                    "duplicate",
                    {
                        "id": f"Tanggal {holiday.date.isoformat()} sudah ada di daftar libur",
                        "en": f"{holiday.date.isoformat()} is already in the holiday list",
                    },
                )
            )
        seen_dates.add(holiday.date)
    return problems
