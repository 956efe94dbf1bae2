"""Units of measure (satuan) of targets: what kind of quantity each is and which indicator
aspects it suits (pure, table-tested in tests/test_units_of_measure.py).

Each instansi has its own catalogue (``units_of_measure``), seeded with :data:`DEFAULT_UNITS`
(the units of the national SKP forms); its admins add their own. Named ``units of measure``
(satuan) throughout, never "units": those are the organization's unit kerja.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable


class Aspect(enum.StrEnum):
    KUANTITAS = "kuantitas"
    KUALITAS = "kualitas"
    WAKTU = "waktu"
    BIAYA = "biaya"


class UnitKind(enum.StrEnum):
    """What a unit measures; it decides the aspects the unit suits (:data:`ASPECT_UNITS`)."""

    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"  # per 1.000 live births, per 100.000 population ...
    SCORE = "score"  # index, grade, predikat
    DURATION = "duration"
    CURRENCY = "currency"


_COUNT_UNITS = (
    # people and places
    "orang", "bayi", "balita", "pasien", "keluarga", "penduduk", "pegawai", "peserta",
    "kelompok", "lembaga", "lokasi", "titik", "desa", "kelurahan", "kecamatan", "sekolah",
    "rumah", "wisatawan", "kunjungan",
    # documents and outputs
    "dokumen", "berkas", "laporan", "naskah", "surat", "rekomendasi", "usulan", "izin",
    "sertifikat", "data", "peta", "buku", "modul", "kajian", "produk", "aplikasi",
    # activities and services
    "kegiatan", "kali", "pertemuan", "rapat", "layanan", "pengaduan", "kasus", "perkara",
    "sampel", "program", "event", "paket", "unit", "jp",
    # physical quantities
    "km", "kilometer", "meter", "m2", "m3", "hektar", "ton", "kg", "liter", "ruas",
)  # fmt: skip

#: The default catalogue seeded for every instansi, by normalized spelling (the units the
#: national SKP forms use; every unit accepted before the catalogue existed is in it).
DEFAULT_UNITS: dict[str, UnitKind] = {
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
    """The stored spelling of a unit: lower case, single spaces."""
    return " ".join(unit.strip().lower().split())


def aspects_of(kind: UnitKind) -> list[Aspect]:
    """The aspects a unit of this kind suits, in the aspects' order."""
    return [aspect for aspect in Aspect if kind in ASPECT_UNITS[aspect]]


def close_units(unit: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """Known units spelled like ``unit`` (a typo's likely intent), best first."""
    return difflib.get_close_matches(normalize_unit(unit), list(known), n=limit, cutoff=0.8)


def units_path(org_id: object, aspect: Aspect | None = None) -> str:
    """Where the catalogue is listed (named in the 422 of an unknown unit)."""
    path = f"/api/v1/organizations/{org_id}/units-of-measure"
    return path if aspect is None else f"{path}?aspect={aspect.value}"
