"""Pure appraisal rules (PP 30/2019, PermenPANRB 6/2022): predikat matrix, behaviour
summary, credit points, objection deadline, distribution curve. Table-tested in
tests/test_appraisal_rules.py and tests/test_curve_rules.py."""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from kinerja_api.appraisals.models import AppraisalState
from kinerja_api.core.numbers import round2
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import (
    CurveBound,
    CurveEnforcement,
    OrganizationResult,
    Predikat,
)

#: How a predikat reads in documents (the matrix cell "Kurang/Misconduct" keeps its name).
PREDIKAT_LABELS: Mapping[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}


class BerAkhlak(enum.StrEnum):
    """The seven ASN core values rated as work behaviour."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan"
    AKUNTABEL = "akuntabel"
    KOMPETEN = "kompeten"
    HARMONIS = "harmonis"
    LOYAL = "loyal"
    ADAPTIF = "adaptif"
    KOLABORATIF = "kolaboratif"


R, P = Rating, Predikat

#: (hasil kerja, perilaku kerja) -> predikat, exactly as the regulation's matrix.
PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (R.DI_ATAS_EKSPEKTASI, R.DI_BAWAH_EKSPEKTASI): P.KURANG,
    (R.DI_ATAS_EKSPEKTASI, R.SESUAI_EKSPEKTASI): P.BAIK,
    (R.DI_ATAS_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI): P.SANGAT_BAIK,
    (R.SESUAI_EKSPEKTASI, R.DI_BAWAH_EKSPEKTASI): P.KURANG,
    (R.SESUAI_EKSPEKTASI, R.SESUAI_EKSPEKTASI): P.BAIK,
    (R.SESUAI_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI): P.BAIK,
    (R.DI_BAWAH_EKSPEKTASI, R.DI_BAWAH_EKSPEKTASI): P.SANGAT_KURANG,
    (R.DI_BAWAH_EKSPEKTASI, R.SESUAI_EKSPEKTASI): P.BUTUH_PERBAIKAN,
    (R.DI_BAWAH_EKSPEKTASI, R.DI_ATAS_EKSPEKTASI): P.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    return PREDIKAT_MATRIX[(hasil_kerja, perilaku)]


def suggested_work_result_rating(ratings: Iterable[Rating]) -> Rating:
    """The overall work result when the appraiser gives none: the median of the RHK ratings
    (the lower of the two middle ones for an even count: never more than the RHKs bear)."""
    ordered = sorted(ratings, key=lambda r: r.rank)
    if not ordered:
        raise ValueError("no RHK ratings")
    return ordered[(len(ordered) - 1) // 2]


def suggested_behaviour_rating(ratings: Mapping[BerAkhlak, Rating]) -> Rating:
    """A suggestion for the overall behaviour rating: the median of the seven values.

    The appraiser decides the overall rating; this only pre-fills it. All seven values must
    be rated (the median of seven ordinal ratings is always one of them).
    """
    missing = [v for v in BerAkhlak if v not in ratings]
    if missing:
        raise ValueError(f"unrated values: {', '.join(missing)}")
    ordered = sorted(ratings.values(), key=lambda r: r.rank)
    return ordered[len(ordered) // 2]


#: A unit head's work-result rating follows the unit's organizational result.
HEAD_RATING_FROM_RESULT: Mapping[OrganizationResult, Rating] = {
    OrganizationResult.ISTIMEWA: R.DI_ATAS_EKSPEKTASI,
    OrganizationResult.BAIK: R.SESUAI_EKSPEKTASI,
    OrganizationResult.BUTUH_PERBAIKAN: R.DI_BAWAH_EKSPEKTASI,
    OrganizationResult.KURANG: R.DI_BAWAH_EKSPEKTASI,
    OrganizationResult.SANGAT_KURANG: R.DI_BAWAH_EKSPEKTASI,
}


# ---- who may do what, in which state ---------------------------------------------------------


class Actor(enum.StrEnum):
    """The hats a caller wears on one appraisal (one may wear several)."""

    OWNER = "owner"  # the appraised (yang dinilai)
    APPRAISER = "appraiser"  # pejabat penilai (snapshot, or acting today)
    SUPERIOR = "superior"  # atasan pejabat penilai (decides objections)
    ADMIN = "admin"
    READER = "reader"  # reads every appraisal of the organization, decides nothing


class AppraisalStep(enum.StrEnum):
    """What can be done to one appraisal (its action routes)."""

    SELF_ASSESS = "self_assess"
    RATE = "rate"
    REQUEST_PEER = "request_peer"
    ACKNOWLEDGE = "acknowledge"
    OBJECT = "object"
    DECIDE = "decide"


@dataclass(frozen=True)
class Transition:
    actors: frozenset[Actor]
    to: AppraisalState


_OPEN, _FINALIZED = AppraisalState.OPEN, AppraisalState.FINALIZED
_OBJECTED, _FINAL = AppraisalState.OBJECTED, AppraisalState.FINAL
_OWNER, _APPRAISER = frozenset({Actor.OWNER}), frozenset({Actor.APPRAISER})

#: The appraisal's workflow: in which state each step is possible, for whom, and the state it
#: leaves (finalization is per unit and period, not a step of one appraisal). Further
#: conditions (the period open, the objection window, one acknowledgement) are checked where
#: the step is done.
TRANSITIONS: Mapping[tuple[AppraisalState, AppraisalStep], Transition] = {
    (_OPEN, AppraisalStep.SELF_ASSESS): Transition(_OWNER, _OPEN),
    (_OPEN, AppraisalStep.RATE): Transition(_APPRAISER, _OPEN),
    (_OPEN, AppraisalStep.REQUEST_PEER): Transition(_APPRAISER, _OPEN),
    (_FINALIZED, AppraisalStep.ACKNOWLEDGE): Transition(_OWNER, _FINALIZED),
    (_OBJECTED, AppraisalStep.ACKNOWLEDGE): Transition(_OWNER, _OBJECTED),
    (_FINAL, AppraisalStep.ACKNOWLEDGE): Transition(_OWNER, _FINAL),
    (_FINALIZED, AppraisalStep.OBJECT): Transition(_OWNER, _OBJECTED),
    (_OBJECTED, AppraisalStep.DECIDE): Transition(frozenset({Actor.SUPERIOR}), _FINAL),
}

#: Who may take a step at all (else 403, whatever the state; the state's 409 comes after).
STEP_ACTORS: Mapping[AppraisalStep, frozenset[Actor]] = {
    step: frozenset(a for (_, s), rule in TRANSITIONS.items() if s is step for a in rule.actors)
    for step in AppraisalStep
}
#: Who reads an appraisal and its history; who reads the peer input given for it.
READERS = frozenset(Actor)
PEER_INPUT_READERS = frozenset({Actor.APPRAISER, Actor.SUPERIOR, Actor.ADMIN})


def allowed_steps(state: AppraisalState, actors: frozenset[Actor]) -> list[AppraisalStep]:
    """What this caller may do next from ``state``: the buttons a client shows."""
    return [s for (at, s), rule in TRANSITIONS.items() if at is state and rule.actors & actors]


# ---- credit points (angka kredit) -------------------------------------------------------


class LeftOut(enum.StrEnum):
    """Why opening a period creates no appraisal for an employee of the instansi."""

    REGIONAL_HEAD = "regional_head"  # not an ASN: no SKP, no appraisal of their own
    RETIRED = "retired"
    TRANSFERRED = "transferred"
    ON_LEAVE = "on_leave"
    NO_SKP = "no_skp"  # no SKP overlapping the period
    SKP_NOT_APPROVED = "skp_not_approved"  # an SKP, but none approved


LEFT_OUT_TEXT: Mapping[LeftOut, Mapping[str, str]] = {
    LeftOut.REGIONAL_HEAD: {
        "id": "Kepala daerah: bukan ASN, tidak memiliki SKP atau penilaian sendiri",
        "en": "Regional head: not an ASN, has no SKP or appraisal of their own",
    },
    LeftOut.RETIRED: {"id": "Sudah pensiun", "en": "Retired"},
    LeftOut.TRANSFERRED: {
        "id": "Sudah pindah ke instansi lain",
        "en": "Transferred to another agency",
    },
    LeftOut.ON_LEAVE: {"id": "Sedang cuti", "en": "On leave"},
    LeftOut.NO_SKP: {
        "id": "Tidak memiliki SKP yang mencakup periode ini",
        "en": "Has no SKP covering this period",
    },
    LeftOut.SKP_NOT_APPROVED: {
        "id": "SKP yang mencakup periode ini belum disetujui (status: {states})",
        "en": "The SKP covering this period is not approved (state: {states})",
    },
}

_LEFT_OUT_BY_STATUS = {
    "retired": LeftOut.RETIRED,
    "transferred": LeftOut.TRANSFERRED,
    "leave": LeftOut.ON_LEAVE,
}
_APPRAISABLE_SKP = frozenset({"approved", "locked"})


def left_out_reason(
    *, regional_head: bool, status: str, skp_states: Iterable[str]
) -> LeftOut | None:
    """Why an employee gets no appraisal when a period opens (``None``: they get one).

    In this order: the regional head (never appraised); a status other than active; no SKP
    overlapping the period; SKPs overlapping it, none approved (or locked)."""
    if regional_head:
        return LeftOut.REGIONAL_HEAD
    if status in _LEFT_OUT_BY_STATUS:
        return _LEFT_OUT_BY_STATUS[status]
    states = set(skp_states)
    if not states:
        return LeftOut.NO_SKP
    if not states & _APPRAISABLE_SKP:
        return LeftOut.SKP_NOT_APPROVED
    return None


def months_in_period(start: date, end: date) -> int:
    """Whole calendar months touched by [start, end] (a period Jan 1 – Jun 30 is 6)."""
    if end < start:
        raise ValueError("period ends before it starts")
    return (end.year - start.year) * 12 + end.month - start.month + 1


def credit_points(predikat_percent: Decimal, yearly_coefficient: Decimal, months: int) -> Decimal:
    """Angka kredit = predikat % × the jenjang's yearly coefficient × months / 12 (3 decimals).

    The percent per predikat and the coefficient per jenjang come from the organization's
    settings (``credit_points``), defaults 150/100/75/50/25 %.
    """
    if not 1 <= months <= 12:
        raise ValueError("months must be between 1 and 12")
    value = predikat_percent / 100 * yearly_coefficient * months / 12
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# ---- objection deadline -----------------------------------------------------------------


def objection_deadline(received_at: datetime, tz: ZoneInfo, window_days: int) -> datetime:
    """Last instant an objection is accepted: the end of the local day ``window_days`` after
    the day the result was received, in the organization's time zone."""
    local_day = received_at.astimezone(tz).date()
    last_day = local_day + timedelta(days=window_days)
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz) - timedelta(
        microseconds=1
    )


def can_object(now: datetime, received_at: datetime, tz: ZoneInfo, window_days: int) -> bool:
    return received_at <= now <= objection_deadline(received_at, tz, window_days)


# ---- ranking for rewards ----------------------------------------------------------------

_PREDIKAT_ORDER = {p: i for i, p in enumerate(Predikat)}


def rank_key(
    predikat_value: Predikat, achievement_pct: Decimal | None, name: str
) -> tuple[int, Decimal, str]:
    """Sort key for best performers: predikat first, then average achievement, then name."""
    return (_PREDIKAT_ORDER[predikat_value], -(achievement_pct or Decimal(0)), name)


def predikat_counts(values: Iterable[Predikat]) -> dict[Predikat, int]:
    counts = Counter(values)
    return {p: counts.get(p, 0) for p in Predikat}


# ---- distribution curve (kurva distribusi) ---------------------------------------------


@dataclass(frozen=True)
class CurveRuleResult:
    """One bound of the curve checked against a set of predikat.

    ``gap`` is how many employees would have to move for the bound to hold: for a minimum,
    how many more are needed in the group; for a maximum, how many too many there are
    (0 when it passes).
    """

    predikat: tuple[Predikat, ...]
    min_percent: float | None
    max_percent: float | None
    min_count: int | None
    count: int
    percent: Decimal
    passed: bool
    gap: int


@dataclass(frozen=True)
class CurveCheck:
    total: int
    counts: dict[Predikat, int]
    percentages: dict[Predikat, Decimal]
    rules: tuple[CurveRuleResult, ...]

    @property
    def passed(self) -> bool:
        return all(rule.passed for rule in self.rules)

    @property
    def failed(self) -> tuple[CurveRuleResult, ...]:
        return tuple(rule for rule in self.rules if not rule.passed)


def _percent(count: int, total: int) -> Decimal:
    if total == 0:
        return Decimal(0)
    return round2(Decimal(count) * 100 / total)


def _check_bound(bound: CurveBound, counts: Mapping[Predikat, int], total: int) -> CurveRuleResult:
    count = sum(counts.get(p, 0) for p in bound.predikat)
    gap = 0
    # Exact integer arithmetic: count/total ≥ min% ⇔ 100·count ≥ min%·total.
    if bound.min_percent is not None:
        needed = math.ceil(Decimal(str(bound.min_percent)) * total / 100)
        gap = max(gap, needed - count)
    if bound.min_count is not None:
        gap = max(gap, bound.min_count - count)
    if bound.max_percent is not None:
        allowed = math.floor(Decimal(str(bound.max_percent)) * total / 100)
        gap = max(gap, count - allowed)
    return CurveRuleResult(
        predikat=tuple(bound.predikat),
        min_percent=bound.min_percent,
        max_percent=bound.max_percent,
        min_count=bound.min_count,
        count=count,
        percent=_percent(count, total),
        passed=gap <= 0,
        gap=max(gap, 0),
    )


def check_curve(values: Iterable[Predikat], bounds: Sequence[CurveBound]) -> CurveCheck:
    """Whether a set of predikat fits a distribution curve (a list of bounds from the
    organization's ``appraisal.curve`` for its organization result): counts and
    percentages per predikat, each bound passed or failed with its gap. Percent bounds are
    exact (6 of 10 is 60 %); an empty set meets every percent bound but no ``min_count``."""
    return check_curve_counts(predikat_counts(values), bounds)


def check_curve_counts(counted: Mapping[Predikat, int], bounds: Sequence[CurveBound]) -> CurveCheck:
    """:func:`check_curve` from the number of employees per predikat (as counted by SQL)."""
    counts = {p: counted.get(p, 0) for p in Predikat}
    total = sum(counts.values())
    return CurveCheck(
        total=total,
        counts=counts,
        percentages={p: _percent(c, total) for p, c in counts.items()},
        rules=tuple(_check_bound(b, counts, total) for b in bounds),
    )


# ---- the group the curve applies to (unit kerja at the configured level) ----------------------


U = TypeVar("U")


class CurveOutcome(enum.StrEnum):
    """What the curve means for finalizing the group."""

    FITS = "fits"  # the group fits the curve
    BELOW_MINIMUM = "below_minimum"  # too small to be checked on its own: never blocked
    BLOCKED = "blocked"  # does not fit and enforcement is `block`: finalizing is refused
    WARNED = "warned"  # does not fit and enforcement is `warn`: finalized with warnings


def curve_group_unit(path: Sequence[U], level: int) -> U | None:
    """The unit whose appraisals are checked together, for a unit with the root-first
    ``path`` (its top-level unit, the OPD, first; itself last): its ancestor at depth
    ``level`` (1 = the OPD). A unit above that level is checked whole (itself). ``None``
    for an empty path (the whole organization)."""
    if not path:
        return None
    return path[min(max(level, 1), len(path)) - 1]


def curve_enforced(group_size: int, min_group_size: int) -> bool:
    """Whether the curve may block a group: never one smaller than the minimum."""
    return group_size >= min_group_size


def curve_outcome(
    passed: bool, group_size: int, min_group_size: int, enforcement: CurveEnforcement
) -> CurveOutcome:
    if not curve_enforced(group_size, min_group_size):
        return CurveOutcome.BELOW_MINIMUM
    if passed:
        return CurveOutcome.FITS
    if enforcement is CurveEnforcement.BLOCK:
        return CurveOutcome.BLOCKED
    return CurveOutcome.WARNED


def curve_scope_message(
    unit_name: str | None, level: int, group_size: int, requested_name: str | None
) -> dict[str, str]:
    """Which group was checked, as ``{"id", "en"}``."""
    if unit_name is None:
        return {
            "id": f"Kurva diperiksa untuk seluruh instansi: {group_size} penilaian",
            "en": f"Curve checked for the whole organization: {appraisals_en(group_size)}",
        }
    via_id = via_en = ""
    if requested_name is not None and requested_name != unit_name:
        via_id = f" (unit kerja level {level} yang membawahi {requested_name})"
        via_en = f" (the level-{level} unit kerja above {requested_name})"
    return {
        "id": f"Kurva diperiksa untuk {unit_name}{via_id}, level {level}: "
        f"{group_size} penilaian di unit ini dan semua sub-unitnya",
        "en": f"Curve checked for {unit_name}{via_en}, level {level}: "
        f"{appraisals_en(group_size)} in it and all its sub-units",
    }


def curve_below_minimum_message(group_size: int, min_group_size: int) -> dict[str, str]:
    """Why a small group is not blocked, as ``{"id", "en"}``."""
    return {
        "id": f"Kelompok {group_size} penilaian di bawah minimum {min_group_size}: "
        "kurva tidak memblokir kelompok ini sendiri",
        "en": f"A group of {appraisals_en(group_size)} is below the minimum of {min_group_size}: "
        "the curve does not block it on its own",
    }


def curve_rule_message(
    predikat: Sequence[Predikat],
    min_percent: float | None,
    max_percent: float | None,
    min_count: int | None,
    count: int,
    percent: Decimal,
    gap: int,
) -> dict[str, str]:
    """One rule of the curve and how far the group is from it, as ``{"id", "en"}``."""
    group = "/".join(PREDIKAT_LABELS[p] for p in predikat)
    parts_id, parts_en = [], []
    if min_percent is not None:
        parts_id.append(f"minimal {min_percent:g}%")
        parts_en.append(f"at least {min_percent:g}%")
    if max_percent is not None:
        parts_id.append(f"maksimal {max_percent:g}%")
        parts_en.append(f"at most {max_percent:g}%")
    if min_count is not None:
        parts_id.append(f"minimal {min_count} pegawai")
        parts_en.append(f"at least {employees_en(min_count)}")
    return {
        "id": f"{group}: {', '.join(parts_id)}; sekarang {count} ({percent}%), "
        f"selisih {gap} pegawai",
        "en": f"{group}: {', '.join(parts_en)}; now {count} ({percent}%), off by "
        f"{employees_en(gap)}",
    }


def appraisals_en(count: int) -> str:
    return f"{count} appraisal" if count == 1 else f"{count} appraisals"


def employees_en(count: object) -> str:
    """``1 employee``, ``2 employees`` (Indonesian has no plural: ``1 pegawai``)."""
    return f"{count} employee" if str(count) in ("1", "-1") else f"{count} employees"
