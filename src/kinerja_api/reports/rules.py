"""Pure helpers of the documents: Indonesian dates, target texts, the BerAKHLAK guide lines,
safe file names. Table-tested in tests/test_report_rules.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from kinerja_api.appraisals.rules import BerAkhlak
from kinerja_api.indicators.skp.rules import Perspective
from kinerja_api.indicators.targets import Aspect

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

ASPECT_LABELS: Mapping[Aspect, str] = {
    Aspect.KUANTITAS: "Kuantitas",
    Aspect.KUALITAS: "Kualitas",
    Aspect.WAKTU: "Waktu",
    Aspect.BIAYA: "Biaya",
}

PERSPECTIVE_LABELS: Mapping[Perspective, str] = {
    Perspective.PENERIMA_LAYANAN: "Penerima Layanan",
    Perspective.PENGUATAN_INTERNAL: "Penguatan Internal",
    Perspective.PROSES_BISNIS: "Proses Bisnis Internal",
    Perspective.ANGGARAN: "Anggaran",
}

#: The seven core values with the guide lines printed on the SKP form (SE MenPANRB 20/2021).
BERAKHLAK: Mapping[BerAkhlak, tuple[str, tuple[str, ...]]] = {
    BerAkhlak.BERORIENTASI_PELAYANAN: (
        "Berorientasi Pelayanan",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    BerAkhlak.AKUNTABEL: (
        "Akuntabel",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan "
            "berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
            "dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    BerAkhlak.KOMPETEN: (
        "Kompeten",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    BerAkhlak.HARMONIS: (
        "Harmonis",
        (
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    BerAkhlak.LOYAL: (
        "Loyal",
        (
            "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan "
            "yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    BerAkhlak.ADAPTIF: (
        "Adaptif",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    BerAkhlak.KOLABORATIF: (
        "Kolaboratif",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
}


def date_id(day: date) -> str:
    """``2026-01-31`` → ``31 Januari 2026``."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def period_id(start: date, end: date) -> str:
    """The period line of the form: ``1 JANUARI SD 31 DESEMBER TAHUN 2026``."""
    first = f"{start.day} {MONTHS_ID[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} SD {end.day} {MONTHS_ID[end.month - 1]} TAHUN {end.year}".upper()


def place_of(region: str) -> str:
    """The town a document is signed in, from the region: ``Kota Palu, Sulawesi Tengah`` →
    ``Palu``, ``Kabupaten Tebo, Jambi`` → ``Tebo``."""
    first = region.split(",")[0].strip()
    for prefix in ("Kota ", "Kabupaten ", "Kab. ", "Provinsi "):
        if first.startswith(prefix):
            return first[len(prefix) :].strip()
    return first


def number_id(value: float | Decimal) -> str:
    """A number as Indonesians write it: ``1234.5`` → ``1.234,5``; integers without decimals."""
    d = Decimal(str(value)).normalize()
    if d == d.to_integral_value():
        text = f"{int(d):,}"
        return text.replace(",", ".")
    whole, frac = f"{d:f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def target_text(
    *,
    unit: str,
    target_value: float | None,
    target_min: float | None,
    target_max: float | None,
    target_text: str | None,
) -> str:
    """What the TARGET column says: ``12 dokumen``, ``80 - 100 %`` or the descriptive target."""
    if target_text:
        return target_text
    suffix = f" {unit}" if unit else ""
    if target_min is not None and target_max is not None:
        return f"{number_id(target_min)} - {number_id(target_max)}{suffix}"
    if target_value is not None:
        return f"{number_id(target_value)}{suffix}"
    return "-"


def pangkat_line(golongan: str | None, pangkat: Mapping[str, str]) -> str | None:
    """``III/a`` → ``Penata Muda, III/a``; unknown or missing golongan as given."""
    if not golongan:
        return None
    name = pangkat.get(golongan)
    return f"{name}, {golongan}" if name else golongan


def safe_filename(*parts: str, ext: str) -> str:
    """Parts joined by ``_``, reduced to ``[A-Za-z0-9.-]`` (no path, no quotes, no spaces)."""
    cleaned = []
    for part in parts:
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        ascii_part = re.sub(r"[^A-Za-z0-9.-]+", "-", ascii_part).strip("-.")
        if ascii_part:
            cleaned.append(ascii_part)
    return "_".join(cleaned or ["dokumen"]) + "." + ext
