"""CSV/XLSX reading, row validation with every error reported, safe writing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel, Field

from kinerja_api.core.tabular import (
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
