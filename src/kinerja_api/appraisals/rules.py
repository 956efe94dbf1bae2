"""Pure appraisal rules (PP 30/2019, PermenPANRB 6/2022): predikat matrix, behaviour
summary, credit points, objection deadline. Table-tested in tests/test_appraisal_rules.py."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import OrganizationResult, Predikat

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


# ---- credit points (angka kredit) -------------------------------------------------------


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
