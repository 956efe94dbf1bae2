"""Pure rules of the organization structure and of employee data (table-tested).

Nothing here touches the database or HTTP: services load data, call these, and turn the
returned :class:`Problem` items into field errors or conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from kinerja_api.organizations.models import (
    AssignmentKind,
    FunctionalLevel,
    PositionKind,
    StructuralLevel,
)

K = TypeVar("K")


@dataclass(frozen=True)
class Problem:
    """One rule violation: the field it concerns, a stable type and a bilingual message."""

    field: str
    type: str
    message: Mapping[str, str]


def creates_cycle(parent_of: Mapping[K, K | None], node: K, new_parent: K | None) -> bool:
    """Would making ``new_parent`` the parent of ``node`` close a loop in the tree?

    ``parent_of`` maps each node to its current parent. Walking up from ``new_parent`` must
    never reach ``node``. A corrupt map that already loops also counts as a cycle.
    Used for the unit tree (``parent_id``) and the position chain (``superior_id``).
    """
    seen: set[K] = set()
    current = new_parent
    while current is not None:
        if current == node or current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def nodes_in_cycles(parent_of: Mapping[K, K | None]) -> set[K]:
    """The nodes that lie on a loop of ``parent_of`` (walking up returns to them).

    The whole-map counterpart of :func:`creates_cycle`, for bulk changes (imports): setting
    several parents at once closes a loop exactly for the nodes returned. Nodes merely below
    a loop are not on it. Parents that are not keys of the map end the walk.
    """
    done: set[K] = set()
    on_cycle: set[K] = set()
    for start in parent_of:
        if start in done:
            continue
        position: dict[K, int] = {}
        path: list[K] = []
        node: K | None = start
        while node is not None and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = parent_of.get(node)
        if node is not None and node in position:
            on_cycle.update(path[position[node] :])
        done.update(path)
    return on_cycle


# ---- positions -----------------------------------------------------------------------------


def position_kind_problems(
    kind: PositionKind, level: StructuralLevel | None, jenjang: FunctionalLevel | None
) -> list[Problem]:
    """Structural positions need a level, functional ones a jenjang, pelaksana neither."""
    problems: list[Problem] = []
    if kind is PositionKind.STRUKTURAL and level is None:
        problems.append(
            Problem(
                "level",
                "level_required",
                {
                    "id": "Jabatan struktural wajib memiliki tingkat (JPT, administrator, "
                    "pengawas)",
                    "en": "A structural position needs a level (JPT, administrator, pengawas)",
                },
            )
        )
    if kind is not PositionKind.STRUKTURAL and level is not None:
        problems.append(
            Problem(
                "level",
                "level_not_allowed",
                {
                    "id": "Tingkat hanya untuk jabatan struktural",
                    "en": "Only structural positions have a level",
                },
            )
        )
    if kind is PositionKind.FUNGSIONAL and jenjang is None:
        problems.append(
            Problem(
                "jenjang",
                "jenjang_required",
                {
                    "id": "Jabatan fungsional wajib memiliki jenjang",
                    "en": "A functional position needs a jenjang",
                },
            )
        )
    if kind is not PositionKind.FUNGSIONAL and jenjang is not None:
        problems.append(
            Problem(
                "jenjang",
                "jenjang_not_allowed",
                {
                    "id": "Jenjang hanya untuk jabatan fungsional",
                    "en": "Only functional positions have a jenjang",
                },
            )
        )
    return problems


# ---- NIP -----------------------------------------------------------------------------------

NIP_LENGTH = 18
NIP_MIN_BIRTH_YEAR = 1940
MIN_AGE_AT_APPOINTMENT = 18


@dataclass(frozen=True)
class NipInfo:
    """What an NIP encodes: birth date, appointment (TMT CPNS) month, sex, sequence."""

    birth_date: date
    appointment_year: int
    appointment_month: int
    sex: Literal["male", "female"]  # digit 15: 1 or 2
    sequence: int


def normalize_nip(value: str) -> str:
    """NIPs are often written in groups (``19850312 201001 2 005``): drop the spaces."""
    return "".join(value.split())


def _nip_problem(type_: str, message_id: str, message_en: str) -> Problem:
    return Problem("nip", type_, {"id": message_id, "en": message_en})


def _birth_date(nip: str, today: date) -> date | None:
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return None
    if not NIP_MIN_BIRTH_YEAR <= born.year <= today.year or born > today:
        return None
    return born


def nip_problems(nip: str, today: date) -> list[Problem]:
    """Validate an 18-digit NIP; every problem names the part of the NIP that is wrong.

    Layout: digits 1–8 birth date ``YYYYMMDD`` (year 1940 .. this year, not in the future);
    9–14 appointment ``YYYYMM`` (a real month, at least 18 years after birth, not in the
    future); 15 sex (1 male, 2 female); 16–18 sequence 001–999. ``today`` is the caller's
    date (the organization's time zone), passed in so the rule stays pure.
    """
    if not nip.isascii() or not nip.isdigit():
        return [
            _nip_problem(
                "nip_not_digits", "NIP hanya boleh berisi angka", "NIP must contain only digits"
            )
        ]
    if len(nip) != NIP_LENGTH:
        return [
            _nip_problem(
                "nip_length",
                f"NIP harus {NIP_LENGTH} digit (sekarang {len(nip)})",
                f"NIP must have {NIP_LENGTH} digits (got {len(nip)})",
            )
        ]
    problems: list[Problem] = []
    born = _birth_date(nip, today)
    if born is None:
        problems.append(
            _nip_problem(
                "nip_birth_date",
                "Tanggal lahir pada NIP tidak valid",
                "Birth date in NIP is invalid",
            )
        )
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < NIP_MIN_BIRTH_YEAR:
        problems.append(
            _nip_problem(
                "nip_appointment_date",
                "Bulan pengangkatan (TMT) pada NIP tidak valid",
                "Appointment month in NIP is invalid",
            )
        )
    elif (year, month) > (today.year, today.month):
        problems.append(
            _nip_problem(
                "nip_appointment_future",
                "Bulan pengangkatan (TMT) pada NIP masih di masa depan",
                "Appointment month in NIP is in the future",
            )
        )
    elif born is not None and (year, month) < (born.year + MIN_AGE_AT_APPOINTMENT, born.month):
        problems.append(
            _nip_problem(
                "nip_appointment_age",
                "Pengangkatan pada NIP terjadi sebelum usia 18 tahun",
                "Appointment in NIP is before the age of 18",
            )
        )
    if nip[14] not in "12":
        problems.append(
            _nip_problem(
                "nip_sex",
                "Kode jenis kelamin pada NIP (digit ke-15) harus 1 atau 2",
                "Sex digit in NIP (15th digit) must be 1 or 2",
            )
        )
    if nip[15:18] == "000":
        problems.append(
            _nip_problem(
                "nip_sequence",
                "Nomor urut pada NIP (digit 16–18) harus 001–999",
                "Sequence number in NIP (digits 16–18) must be 001–999",
            )
        )
    return problems


def parse_nip(nip: str) -> NipInfo | None:
    """Decode a well-formed NIP (no plausibility checks; see :func:`nip_problems`)."""
    if len(nip) != NIP_LENGTH or not nip.isascii() or not nip.isdigit() or nip[14] not in "12":
        return None
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return None
    return NipInfo(
        birth_date=born,
        appointment_year=int(nip[8:12]),
        appointment_month=int(nip[12:14]),
        sex="male" if nip[14] == "1" else "female",
        sequence=int(nip[15:18]),
    )


# ---- pangkat / golongan --------------------------------------------------------------------

#: Golongan ruang of civil servants (PNS) and the pangkat each one carries.
PANGKAT: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
_BY_KEY = {g.lower(): g for g in PANGKAT}


def _golongan_key(text: str) -> str:
    return "".join(text.split()).replace(".", "/").lower()


def normalize_golongan(value: str) -> str | None:
    """``III/a``, ``III.a``, ``iii / A`` or ``Penata Muda / III.a`` → ``III/a``.

    None when the golongan is not one of I/a .. IV/e, or when a pangkat is given that does
    not belong to the golongan.
    """
    golongan = _BY_KEY.get(_golongan_key(value))
    if golongan is not None:
        return golongan
    pangkat, sep, code = value.strip().rpartition(" / ")
    golongan = _BY_KEY.get(_golongan_key(code)) if sep else None
    if golongan is None or " ".join(pangkat.split()).lower() != PANGKAT[golongan].lower():
        return None
    return golongan


GOLONGAN_INVALID = Problem(
    "golongan",
    "golongan_invalid",
    {
        "id": "Golongan harus salah satu dari I/a sampai IV/e (contoh: III/a atau "
        "Penata Muda / III.a)",
        "en": "Golongan must be one of I/a to IV/e (e.g. III/a or Penata Muda / III.a)",
    },
)


# ---- assignments ---------------------------------------------------------------------------


def ranges_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Do two inclusive date ranges share a day? ``None`` as end means open-ended."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


@dataclass(frozen=True)
class Span:
    """An assignment as far as the overlap rules care."""

    employee_id: object
    position_id: object
    kind: AssignmentKind
    start_date: date
    end_date: date | None
    #: Who and which position, to name them in the refusal (an existing assignment).
    employee_name: str = ""
    position_name: str = ""

    def period(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "…"
        return f"{self.start_date.isoformat()}–{end}"


def assignment_conflict(
    new: Span, existing: Iterable[Span], *, structural_position: bool
) -> Problem | None:
    """The first rule a new (or changed) assignment breaks against the existing ones.

    * the same employee never holds the same position twice at once;
    * an employee has at most one definitive position at a time;
    * a structural position has at most one definitive holder at a time;
    * a position has at most one acting official (PLT or PLH) at a time.

    ``existing`` holds the other assignments of the employee and of the position.
    """
    for other in existing:
        if not ranges_overlap(new.start_date, new.end_date, other.start_date, other.end_date):
            continue
        same_employee = other.employee_id == new.employee_id
        same_position = other.position_id == new.position_id
        if same_employee and same_position:
            return Problem(
                "position_id",
                "assignment_duplicate",
                {
                    "id": f"{other.employee_name} sudah memegang jabatan {other.position_name} "
                    f"pada {other.period()}.",
                    "en": f"{other.employee_name} already holds the position "
                    f"{other.position_name} on {other.period()}.",
                },
            )
        both_definitive = (
            new.kind is AssignmentKind.DEFINITIVE and other.kind is AssignmentKind.DEFINITIVE
        )
        if same_employee and both_definitive:
            return Problem(
                "start_date",
                "definitive_position_overlap",
                {
                    "id": f"{other.employee_name} sudah memiliki jabatan definitif "
                    f"{other.position_name} pada {other.period()}; akhiri dulu jabatan "
                    "lamanya.",
                    "en": f"{other.employee_name} already has the definitive position "
                    f"{other.position_name} on {other.period()}; end it first.",
                },
            )
        if same_position and both_definitive and structural_position:
            return Problem(
                "position_id",
                "position_occupied",
                {
                    "id": f"Jabatan struktural {other.position_name} sudah dipegang definitif "
                    f"oleh {other.employee_name} pada {other.period()}; akhiri dulu "
                    "penugasannya.",
                    "en": f"The structural position {other.position_name} is already held "
                    f"definitively by {other.employee_name} on {other.period()}; end that "
                    "assignment first.",
                },
            )
        both_acting = (
            new.kind is not AssignmentKind.DEFINITIVE
            and other.kind is not AssignmentKind.DEFINITIVE
        )
        if same_position and both_acting:
            return Problem(
                "position_id",
                "acting_overlap",
                {
                    "id": f"Jabatan {other.position_name} sudah memiliki PLT/PLH, "
                    f"{other.employee_name}, pada {other.period()}.",
                    "en": f"The position {other.position_name} already has an acting official "
                    f"(PLT/PLH), {other.employee_name}, on {other.period()}.",
                },
            )
    return None
