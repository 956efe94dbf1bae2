"""Pure rules of the performance plan (SKP): workflow, target consistency, achievement.

No database, no HTTP: every function here is tested as a table in tests/test_skp_rules.py.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class SkpState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    REVISING = "revising"  # an approved SKP reopened for revision (with a reason)
    LOCKED = "locked"  # the period has ended


class SkpAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REQUEST_REVISION = "request_revision"
    LOCK = "lock"
    UNLOCK = "unlock"


class Actor(enum.StrEnum):
    """How the caller relates to one SKP (a person may be several, e.g. admin and owner)."""

    OWNER = "owner"
    APPRAISER = "appraiser"  # direct superior or acting official on the day
    ADMIN = "admin"


@dataclass(frozen=True)
class Transition:
    actors: frozenset[Actor]
    to: SkpState


TRANSITIONS: dict[tuple[SkpState, SkpAction], Transition] = {
    (SkpState.DRAFT, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.RETURNED, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.REVISING, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.SUBMITTED, SkpAction.APPROVE): Transition(
        frozenset({Actor.APPRAISER}), SkpState.APPROVED
    ),
    (SkpState.SUBMITTED, SkpAction.RETURN): Transition(
        frozenset({Actor.APPRAISER}), SkpState.RETURNED
    ),
    (SkpState.APPROVED, SkpAction.REQUEST_REVISION): Transition(
        frozenset({Actor.OWNER, Actor.APPRAISER}), SkpState.REVISING
    ),
    (SkpState.APPROVED, SkpAction.LOCK): Transition(frozenset({Actor.ADMIN}), SkpState.LOCKED),
    (SkpState.LOCKED, SkpAction.UNLOCK): Transition(frozenset({Actor.ADMIN}), SkpState.APPROVED),
}

#: Actions that must carry a note/reason.
NEEDS_NOTE = frozenset({SkpAction.RETURN, SkpAction.REQUEST_REVISION, SkpAction.UNLOCK})
EDITABLE_STATES = frozenset({SkpState.DRAFT, SkpState.RETURNED, SkpState.REVISING})


class IllegalTransition(Exception):
    """The action is not possible from this state (HTTP 409)."""


class ActorNotAllowed(Exception):
    """The action exists from this state, but not for this caller (HTTP 403)."""


def next_state(state: SkpState, action: SkpAction, actors: frozenset[Actor]) -> SkpState:
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise IllegalTransition(f"{action} is not possible from {state}")
    if not rule.actors & actors:
        raise ActorNotAllowed(f"{action} from {state} needs one of {sorted(rule.actors)}")
    return rule.to


def allowed_actions(state: SkpState, actors: frozenset[Actor]) -> list[SkpAction]:
    """What this caller may do next: for clients to show only the buttons that work."""
    return [a for (s, a), rule in TRANSITIONS.items() if s == state and rule.actors & actors]


# ---- targets ---------------------------------------------------------------------------


class Aspect(enum.StrEnum):
    KUANTITAS = "kuantitas"
    KUALITAS = "kualitas"
    WAKTU = "waktu"
    BIAYA = "biaya"


class TargetKind(enum.StrEnum):
    NUMBER = "number"  # a single value
    RANGE = "range"  # min..max
    TEXT = "text"  # qualitative description, rated instead of computed


class Direction(enum.StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class UnitKind(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    DURATION = "duration"
    CURRENCY = "currency"
    SCORE = "score"


#: Units of measure (satuan) the API accepts, with their kind.
UNITS: dict[str, UnitKind] = {
    "persen": UnitKind.PERCENT,
    "indeks": UnitKind.SCORE,
    "nilai": UnitKind.SCORE,
    "menit": UnitKind.DURATION,
    "jam": UnitKind.DURATION,
    "hari": UnitKind.DURATION,
    "minggu": UnitKind.DURATION,
    "bulan": UnitKind.DURATION,
    "tahun": UnitKind.DURATION,
    "rupiah": UnitKind.CURRENCY,
    **{
        name: UnitKind.COUNT
        for name in (
            "orang",
            "bayi",
            "pasien",
            "dokumen",
            "berkas",
            "laporan",
            "kegiatan",
            "kali",
            "paket",
            "unit",
            "lokasi",
            "desa",
            "sekolah",
            "rekomendasi",
            "layanan",
            "pengaduan",
            "usulan",
            "surat",
            "km",
            "m2",
            "jp",
        )
    },
}


@dataclass(frozen=True)
class Target:
    aspect: Aspect
    kind: TargetKind
    unit: str | None = None
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    text: str | None = None
    direction: Direction = Direction.HIGHER_IS_BETTER
    allow_over_100: bool = False


@dataclass(frozen=True)
class Problem:
    field: str
    type: str
    id: str
    en: str


def target_problems(target: Target) -> list[Problem]:
    """Everything inconsistent in a target (empty list: valid)."""
    out: list[Problem] = []
    if target.kind is TargetKind.TEXT:
        if not (target.text and target.text.strip()):
            out.append(
                Problem(
                    "text",
                    "target_text_required",
                    "Target kualitatif wajib diisi",
                    "A qualitative target needs a description",
                )
            )
        return out
    if target.unit is None or target.unit not in UNITS:
        out.append(
            Problem("unit", "unknown_unit", "Satuan tidak dikenal", "Unknown unit of measure")
        )
        return out
    unit_kind = UNITS[target.unit]
    numbers: list[tuple[str, Decimal | None]]
    if target.kind is TargetKind.NUMBER:
        numbers = [("value", target.value)]
    else:
        numbers = [("min", target.min), ("max", target.max)]
    for field, number in numbers:
        if number is None:
            out.append(
                Problem(
                    field,
                    "target_value_required",
                    "Nilai target wajib diisi",
                    "A target value is required",
                )
            )
        elif number < 0:
            out.append(
                Problem(
                    field,
                    "target_negative",
                    "Target tidak boleh negatif",
                    "A target cannot be negative",
                )
            )
        elif unit_kind is UnitKind.PERCENT and number > 100 and not target.allow_over_100:
            out.append(
                Problem(
                    field,
                    "percent_over_100",
                    "Target persen melebihi 100",
                    "A percentage target above 100 needs allow_over_100",
                )
            )
    if (
        target.kind is TargetKind.RANGE
        and target.min is not None
        and target.max is not None
        and target.min > target.max
    ):
        out.append(
            Problem(
                "min",
                "range_inverted",
                "Batas bawah melebihi batas atas",
                "The range minimum is above its maximum",
            )
        )
    expected = {
        Aspect.WAKTU: ({UnitKind.DURATION}, "satuan waktu (hari, bulan, ...)", "a duration unit"),
        Aspect.BIAYA: ({UnitKind.CURRENCY}, "satuan rupiah", "a currency unit (rupiah)"),
        Aspect.KUALITAS: (
            {UnitKind.PERCENT, UnitKind.SCORE},
            "satuan persen atau nilai/indeks",
            "a percent or score unit",
        ),
    }.get(target.aspect)
    if expected is not None and unit_kind not in expected[0]:
        out.append(
            Problem(
                "unit",
                "unit_aspect_mismatch",
                f"Aspek {target.aspect.value} memerlukan {expected[1]}",
                f"Aspect {target.aspect.value} needs {expected[2]}",
            )
        )
    return out


# ---- achievement -----------------------------------------------------------------------

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def _pct(value: Decimal) -> Decimal:
    return max(Decimal(0), value).quantize(_CENT, rounding=ROUND_HALF_UP)


def achievement(target: Target, realization: Decimal) -> Decimal | None:
    """Achievement in percent (2 decimals), or ``None`` for qualitative targets (rated).

    - higher is better: realization / target;
    - lower is better: (2·target − realization) / target, the usual formula for "negative"
      indicators (meeting the target exactly is 100%, twice the target is 0%);
    - a range counts as 100% inside it; outside, the nearest bound acts as the target.
    A zero target: meeting it is 100%, anything worse is 0% (no division by zero).
    """
    if target.kind is TargetKind.TEXT:
        return None
    if target.kind is TargetKind.RANGE:
        if target.min is None or target.max is None:
            raise ValueError("a range target needs min and max")
        if target.min <= realization <= target.max:
            return _pct(_HUNDRED)
        bound = target.min if realization < target.min else target.max
    else:
        if target.value is None:
            raise ValueError("a numeric target needs a value")
        bound = target.value
    if target.direction is Direction.HIGHER_IS_BETTER:
        if bound == 0:
            return _pct(_HUNDRED)
        return _pct(realization / bound * _HUNDRED)
    if bound == 0:
        return _pct(_HUNDRED if realization <= 0 else Decimal(0))
    return _pct((2 * bound - realization) / bound * _HUNDRED)
