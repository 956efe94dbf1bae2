"""CSV/XLSX reading, row validation with every error reported, safe writing."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel, Field

from kinerja_api.core.tabular import (
    FORMULA_PREFIXES,
    TableError,
    TableFormat,
    detect_format,
    read_rows,
    validate_rows,
    write_csv,
    write_xlsx,
)


class UnitRow(BaseModel):
    code: str = Field(pattern=r"^[A-Z0-9-]+$")
    name: str = Field(min_length=2)
    parent_code: str | None = None


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_csv_with_bom_semicolons_and_blank_lines() -> None:
    data = (
        "\ufeffCode;Name;Parent Code\nP2P;Bidang P2P;DINKES\n;;\nSURV;Seksi Surveilans;P2P\n"
    ).encode()
    assert detect_format(data) is TableFormat.CSV
    header, rows = read_rows(data, TableFormat.CSV, max_rows=10)
    assert header == ["code", "name", "parent_code"]
    assert rows == [
        (2, {"code": "P2P", "name": "Bidang P2P", "parent_code": "DINKES"}),
        (4, {"code": "SURV", "name": "Seksi Surveilans", "parent_code": "P2P"}),
    ]


def test_xlsx_numbers_and_empty_cells() -> None:
    data = _xlsx([["code", "name", "parent_code"], ["A1", "Unit A", None], [123.0, "Unit B", "A1"]])
    assert detect_format(data, "units.xlsx") is TableFormat.XLSX
    _, rows = read_rows(data, TableFormat.XLSX, max_rows=10)
    assert rows == [
        (2, {"code": "A1", "name": "Unit A", "parent_code": None}),
        (3, {"code": "123", "name": "Unit B", "parent_code": "A1"}),
    ]


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", TableFormat.CSV, "empty"),
        (b"\xff\xfe\x00x", TableFormat.CSV, "UTF-8"),
        (b"PK\x03\x04garbage", TableFormat.XLSX, "XLSX"),
        (b"code,name\n" + b"A,Bb\n" * 11, TableFormat.CSV, "too many rows"),
        (b",,\nA,B,C\n", TableFormat.CSV, "name the columns"),
    ],
)
def test_unreadable_files(data: bytes, fmt: TableFormat, message: str) -> None:
    with pytest.raises(TableError, match=message):
        read_rows(data, fmt, max_rows=10)


def test_xlsx_name_with_csv_content_is_refused() -> None:
    with pytest.raises(TableError, match="not a valid XLSX"):
        detect_format(b"code,name\n", "units.xlsx")


def test_every_row_error_is_reported() -> None:
    rows = [
        (2, {"code": "OK-1", "name": "Unit baik"}),
        (3, {"code": "huruf kecil", "name": "X"}),
        (4, {"name": "Tanpa kode"}),
    ]
    valid, errors = validate_rows(rows, UnitRow)
    assert [n for n, _ in valid] == [2]
    assert {(e.row, e.column) for e in errors} == {(3, "code"), (3, "name"), (4, "code")}


def test_csv_output_neutralizes_formulas() -> None:
    out = b"".join(write_csv(["code", "name"], [["A", '=HYPERLINK("x")'], ["B", None]]))
    text = out.decode("utf-8-sig")
    assert text.splitlines() == ["code,name", 'A,"\'=HYPERLINK(""x"")"', "B,"]


def test_xlsx_round_trip() -> None:
    data = b"".join(write_xlsx(["code", "name"], ([f"U{i}", f"Unit {i}"] for i in range(500))))
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("code", "name")
    assert values[500] == ("U499", "Unit 499")


def test_exported_formula_guards_are_removed_on_reading() -> None:
    values = ["=HYPERLINK(1)", "+62 811 000", "-5", "@SUM(A1)", "'tetap", "biasa"]
    csv_data = b"".join(write_csv(["a"], [[v] for v in values]))
    xlsx_data = b"".join(write_xlsx(["a"], [[v] for v in values]))
    for data, fmt in ((csv_data, TableFormat.CSV), (xlsx_data, TableFormat.XLSX)):
        _, rows = read_rows(data, fmt, max_rows=10)
        assert [r[1]["a"] for r in rows] == values


def test_xlsx_dates_and_booleans_read_as_text() -> None:
    data = _xlsx(
        [
            ["start", "at", "flag"],
            [date(2019, 3, 1), datetime(2026, 11, 25, 8, 30), True],
            [datetime(2020, 1, 2), None, False],
        ]
    )
    _, rows = read_rows(data, TableFormat.XLSX, max_rows=10)
    assert [r[1] for r in rows] == [
        {"start": "2019-03-01", "at": "2026-11-25T08:30:00", "flag": "true"},
        {"start": "2020-01-02", "at": None, "flag": "false"},
    ]


def test_xlsx_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from kinerja_api.core import tabular

    data = _xlsx([["code", "name"], ["A", "x" * 5000]])
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED_BYTES", 4096)
    with pytest.raises(TableError, match="too large once unpacked") as info:
        read_rows(data, TableFormat.XLSX, max_rows=10)
    assert info.value.code == "file_too_large"


def test_table_errors_speak_the_request_language() -> None:
    from kinerja_api.core.i18n import set_lang

    with pytest.raises(TableError) as info:
        read_rows(b"code\n" + b"A\n" * 3, TableFormat.CSV, max_rows=2)
    assert str(info.value) == "too many rows: at most 2"
    set_lang("id")
    assert info.value.text() == "Terlalu banyak baris: paling banyak 2"
    set_lang("en")
    assert info.value.text() == "too many rows: at most 2"
    set_lang("id")


def test_row_errors_carry_the_error_type() -> None:
    _, errors = validate_rows([(2, {"code": "x", "name": "Unit"})], UnitRow)
    assert [(e.row, e.column, e.type) for e in errors] == [(2, "code", "string_pattern_mismatch")]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_output_is_safe_in_both_dialects(delimiter: str) -> None:
    """``test_csv_output_neutralizes_formulas`` read the output only with ``,``: a value with
    ``;`` but no comma was written unquoted, and split on ``;`` (the Indonesian Windows list
    separator) it yielded a formula cell."""
    values = [
        "Saran;=cmd|' /C calc'!A0;",
        "a,@SUM(A1)",
        "x;+1;-2",
        'y,"=1";\t-3',
        "baris\n=2",
        '=HYPERLINK("x")',
        "\tdi awal",
        "biasa",
    ]
    out = b"".join(write_csv(["code", "name"], [[f"K{i}", v] for i, v in enumerate(values)]))
    text = out.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    for row in rows:
        for cell in row:
            # Spreadsheets skip leading whitespace before deciding a cell is a formula.
            assert cell[:1] not in FORMULA_PREFIXES or cell[:1] in "\r\n", (delimiter, row)
            assert cell.lstrip()[:1] not in ("=", "+", "-", "@"), (delimiter, row)
    # Read back with the importer (which detects the dialect): the values are unchanged.
    _, read = read_rows(out, TableFormat.CSV, max_rows=10)
    assert [r[1]["name"] for r in read] == values
