"""Pure helpers of the documents: Indonesian dates and numbers, target texts, the BerAKHLAK
guide lines, rating labels and how a predikat was computed, the curve chart's bounds and
scale, safe file names. Table-tested in tests/test_report_rules.py."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from kinerja_api.appraisals.rules import BerAkhlak
from kinerja_api.indicators.skp.rules import Perspective
from kinerja_api.indicators.targets import Aspect, Rating
from kinerja_api.organizations.config import OrganizationResult

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


# ---- the evaluation document -----------------------------------------------------------------

RATING_LABELS: Mapping[Rating, str] = {
    Rating.DI_ATAS_EKSPEKTASI: "Di Atas Ekspektasi",
    Rating.SESUAI_EKSPEKTASI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH_EKSPEKTASI: "Di Bawah Ekspektasi",
}

ORGANIZATION_RESULT_LABELS: Mapping[OrganizationResult, str] = {
    OrganizationResult.ISTIMEWA: "Istimewa",
    OrganizationResult.BAIK: "Baik",
    OrganizationResult.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    OrganizationResult.KURANG: "Kurang",
    OrganizationResult.SANGAT_KURANG: "Sangat Kurang",
}

PERIOD_KIND_TITLES: Mapping[str, str] = {
    "monthly": "BULANAN",
    "quarterly": "TRIWULANAN",
    "semester": "SEMESTERAN",
    "annual": "TAHUNAN",
}


def rating_label(rating: Rating | None) -> str | None:
    return RATING_LABELS[rating] if rating is not None else None


def percent_id(value: float | Decimal | None) -> str:
    """``95.5`` → ``95,5%``; ``None`` → ``-``."""
    if value is None:
        return "-"
    return f"{number_id(Decimal(str(value)).quantize(Decimal('0.01')))}%"


def predikat_explanation(
    hasil_kerja: Rating, perilaku: Rating, predikat: str, follows: OrganizationResult | None
) -> str:
    """How the predikat was computed, as the document says it: the matrix cell, and for a
    unit head the organization result the work-result rating follows."""
    text = (
        f"Hasil kerja {RATING_LABELS[hasil_kerja]} × perilaku kerja {RATING_LABELS[perilaku]} "
        f"= {predikat} (matriks predikat kinerja, PermenPANRB 6/2022)"
    )
    if follows is not None:
        text += (
            f"; hasil kerja pimpinan unit mengikuti capaian kinerja organisasi "
            f"{ORGANIZATION_RESULT_LABELS[follows]}"
        )
    return text


def credit_points_text(percent: float, coefficient: float, months: int, value: Decimal) -> str:
    """``150% × 12,5 × 6/12 = 9,375``."""
    return f"{number_id(percent)}% × {number_id(coefficient)} × {months}/12 = {number_id(value)}"


# ---- the monthly activity recap ----------------------------------------------------------------


def month_id(month: str) -> str:
    """``2026-11`` → ``November 2026``."""
    year, mon = (int(part) for part in month.split("-"))
    return f"{MONTHS_ID[mon - 1]} {year}"


WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def weekday_date_id(day: date) -> str:
    """``2026-11-25`` → ``Rabu, 25 November 2026``."""
    return f"{WEEKDAYS_ID[day.weekday()]}, {date_id(day)}"


def hours_text(minutes: int) -> str:
    """``210`` → ``3 jam 30 menit``; ``60`` → ``1 jam``; ``45`` → ``45 menit``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} menit"
    return f"{hours} jam" + (f" {rest} menit" if rest else "")


# ---- the distribution curve chart ----------------------------------------------------------


def bound_text(min_percent: float | None, max_percent: float | None, min_count: int | None) -> str:
    """What a curve bound allows: ``minimal 60%``, ``maksimal 10%``, ``minimal 1 pegawai``."""
    parts = []
    if min_percent is not None:
        parts.append(f"minimal {number_id(min_percent)}%")
    if max_percent is not None:
        parts.append(f"maksimal {number_id(max_percent)}%")
    if min_count is not None:
        parts.append(f"minimal {min_count} pegawai")
    return ", ".join(parts) or "-"


def chart_scale(percents: Sequence[float]) -> int:
    """The top of the chart's percent axis: the next multiple of 20 above every value shown
    (bars and bounds), at least 20 and at most 100."""
    top = max([0.0, *percents])
    return min(100, max(20, math.ceil(top / 20) * 20 if top else 20))
