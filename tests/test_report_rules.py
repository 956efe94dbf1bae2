"""The pure helpers of the documents (kinerja_api.reports.rules), as tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kinerja_api.appraisals.models import PeriodKind
from kinerja_api.appraisals.rules import BerAkhlak
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import OrganizationResult
from kinerja_api.organizations.rules import PANGKAT
from kinerja_api.reports import rules


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2026, 1, 31), "31 Januari 2026"), (date(2026, 12, 1), "1 Desember 2026")],
)
def test_date_id(day: date, text: str) -> None:
    assert rules.date_id(day) == text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), "1 JANUARI SD 31 DESEMBER TAHUN 2026"),
        (date(2026, 3, 15), date(2026, 9, 30), "15 MARET SD 30 SEPTEMBER TAHUN 2026"),
        (date(2025, 12, 1), date(2026, 6, 30), "1 DESEMBER 2025 SD 30 JUNI TAHUN 2026"),
    ],
)
def test_period_id(start: date, end: date, text: str) -> None:
    assert rules.period_id(start, end) == text


@pytest.mark.parametrize(
    ("region", "place"),
    [
        ("Kota Palu, Sulawesi Tengah", "Palu"),
        ("Kabupaten Tebo, Jambi", "Tebo"),
        ("Provinsi Aceh", "Aceh"),
        ("Jakarta", "Jakarta"),
    ],
)
def test_place_of(region: str, place: str) -> None:
    assert rules.place_of(region) == place


@pytest.mark.parametrize(
    ("value", "text"),
    [(1200, "1.200"), (95.0, "95"), (1234.5, "1.234,5"), (0.25, "0,25"), (1000000, "1.000.000")],
)
def test_number_id(value: float, text: str) -> None:
    assert rules.number_id(value) == text


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"unit": "bayi", "target_value": 1200}, "1.200 bayi"),
        ({"unit": "persen", "target_min": 90, "target_max": 100}, "90 - 100 persen"),
        ({"unit": "", "target_text": "Laporan diterima pimpinan"}, "Laporan diterima pimpinan"),
        ({"unit": "dokumen"}, "-"),
    ],
)
def test_target_text(fields: dict[str, object], text: str) -> None:
    args: dict[str, object] = {
        "target_value": None,
        "target_min": None,
        "target_max": None,
        "target_text": None,
        **fields,
    }
    assert rules.target_text(**args) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("golongan", "line"),
    [("III/a", "Penata Muda, III/a"), ("IV/c", "Pembina Utama Muda, IV/c"), (None, None)],
)
def test_pangkat_line(golongan: str | None, line: str | None) -> None:
    assert rules.pangkat_line(golongan, PANGKAT) == line


@pytest.mark.parametrize(
    ("parts", "name"),
    [
        (("SKP", "2026", "199504102019032011"), "SKP_2026_199504102019032011.pdf"),
        (("SKP", '../"evil"; name', "Siti Ráhma"), "SKP_evil-name_Siti-Rahma.pdf"),
        (("",), "dokumen.pdf"),
    ],
)
def test_safe_filename(parts: tuple[str, ...], name: str) -> None:
    assert rules.safe_filename(*parts, ext="pdf") == name


def test_every_berakhlak_value_has_its_guide_lines() -> None:
    assert list(rules.BERAKHLAK) == list(BerAkhlak)
    assert all(len(points) == 3 for _, points in rules.BERAKHLAK.values())


@pytest.mark.parametrize(
    ("value", "text"),
    [(95.5, "95,5%"), (100, "100%"), (Decimal("71.43"), "71,43%"), (0, "0%"), (None, "-")],
)
def test_percent_id(value: float | Decimal | None, text: str) -> None:
    assert rules.percent_id(value) == text


A, S, B = Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI


@pytest.mark.parametrize(
    ("hasil", "perilaku", "label", "follows", "text"),
    [
        (
            A,
            S,
            "Baik",
            None,
            "Hasil kerja Di Atas Ekspektasi × perilaku kerja Sesuai Ekspektasi = Baik "
            "(matriks predikat kinerja, PermenPANRB 6/2022)",
        ),
        (
            B,
            B,
            "Sangat Kurang",
            OrganizationResult.KURANG,
            "Hasil kerja Di Bawah Ekspektasi × perilaku kerja Di Bawah Ekspektasi = Sangat "
            "Kurang (matriks predikat kinerja, PermenPANRB 6/2022); hasil kerja pimpinan unit "
            "mengikuti capaian kinerja organisasi Kurang",
        ),
    ],
)
def test_predikat_explanation(
    hasil: Rating, perilaku: Rating, label: str, follows: OrganizationResult | None, text: str
) -> None:
    assert rules.predikat_explanation(hasil, perilaku, label, follows) == text


def test_every_rating_and_result_has_a_label() -> None:
    assert set(rules.RATING_LABELS) == set(Rating)
    assert set(rules.ORGANIZATION_RESULT_LABELS) == set(OrganizationResult)
    assert set(rules.PERIOD_KIND_TITLES) == {k.value for k in PeriodKind}


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((150, 12.5, 12, Decimal("18.750")), "150% × 12,5 × 12/12 = 18,75"),
        ((75, 5, 6, Decimal("1.875")), "75% × 5 × 6/12 = 1,875"),
    ],
)
def test_credit_points_text(args: tuple[float, float, int, Decimal], text: str) -> None:
    assert rules.credit_points_text(*args) == text


@pytest.mark.parametrize(
    ("month", "text"), [("2026-11", "November 2026"), ("2027-01", "Januari 2027")]
)
def test_month_id(month: str, text: str) -> None:
    assert rules.month_id(month) == text


@pytest.mark.parametrize(
    ("minutes", "text"), [(210, "3 jam 30 menit"), (60, "1 jam"), (45, "45 menit"), (0, "0 menit")]
)
def test_hours_text(minutes: int, text: str) -> None:
    assert rules.hours_text(minutes) == text


@pytest.mark.parametrize(
    ("bound", "text"),
    [
        ((None, 70, None), "maksimal 70%"),
        ((60, None, None), "minimal 60%"),
        ((None, None, 1), "minimal 1 pegawai"),
        ((10, 30.5, 2), "minimal 10%, maksimal 30,5%, minimal 2 pegawai"),
        ((None, None, None), "-"),
    ],
)
def test_bound_text(bound: tuple[float | None, float | None, int | None], text: str) -> None:
    assert rules.bound_text(*bound) == text


@pytest.mark.parametrize(
    ("percents", "top"),
    [([], 20), ([0, 0], 20), ([12.5], 20), ([20], 20), ([20.01], 40), ([70, 55], 80), ([100], 100)],
)
def test_chart_scale(percents: list[float], top: int) -> None:
    assert rules.chart_scale(percents) == top
