"""The pure helpers of the documents (kinerja_api.reports.rules), as tables."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja_api.appraisals.rules import BerAkhlak
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
