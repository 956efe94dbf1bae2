"""CSV and XLSX in and out, for bulk import/export of any domain's rows.

Reading never trusts the file: size is bounded by the upload limit, rows by ``max_rows``, XML
is parsed through defusedxml (installed, so openpyxl uses it), and every row is validated by a
pydantic model with errors reported as (row number, column, message) — nothing is written
until every row is valid. Writing XLSX uses openpyxl's write-only mode so memory stays flat.
"""

from __future__ import annotations

import csv
import enum
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kinerja_api.core.errors import field_errors

M = TypeVar("M", bound=BaseModel)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


class TableFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        return XLSX_MEDIA_TYPE if self is TableFormat.XLSX else CSV_MEDIA_TYPE


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, counting the header as row 1 (what a spreadsheet shows)
    column: str | None
    message: str


class TableError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, no header, too many rows)."""


def detect_format(data: bytes, filename: str | None = None) -> TableFormat:
    if data[:4] == b"PK\x03\x04":
        return TableFormat.XLSX
    if filename and filename.lower().endswith((".xlsx", ".xlsm")):
        raise TableError("the file is named .xlsx but is not a valid XLSX workbook")
    return TableFormat.CSV


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text or None


def read_rows(
    data: bytes, fmt: TableFormat, *, max_rows: int
) -> tuple[list[str], list[tuple[int, dict[str, str | None]]]]:
    """Header (normalized to lower snake case) and (row number, values) of each data row."""
    raw: Iterator[Sequence[Any]]
    if fmt is TableFormat.XLSX:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for broken files
            raise TableError(f"not a readable XLSX workbook: {type(exc).__name__}") from exc
        raw = (tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableError("CSV must be UTF-8 encoded") from exc
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        raw = iter(csv.reader(io.StringIO(text), delimiter=delimiter))
    try:
        header_cells = next(raw)
    except StopIteration:
        raise TableError("the file is empty") from None
    header = [(_clean(h) or "").lower().replace(" ", "_") for h in header_cells]
    if not any(header):
        raise TableError("the first row must name the columns")
    rows: list[tuple[int, dict[str, str | None]]] = []
    for number, cells in enumerate(raw, start=2):
        values = {
            header[i]: _clean(c) for i, c in enumerate(cells) if i < len(header) and header[i]
        }
        if not any(values.values()):
            continue  # blank line
        if len(rows) >= max_rows:
            raise TableError(f"too many rows: at most {max_rows}")
        rows.append((number, values))
    return header, rows


def validate_rows(
    rows: Iterable[tuple[int, Mapping[str, str | None]]],
    model: type[M],
    *,
    context: Mapping[str, Any] | None = None,
) -> tuple[list[tuple[int, M]], list[RowError]]:
    """Validate every row; return the valid models and every error (not just the first)."""
    valid: list[tuple[int, M]] = []
    errors: list[RowError] = []
    for number, values in rows:
        data = {k: v for k, v in values.items() if v is not None}
        try:
            valid.append((number, model.model_validate(data, context=dict(context or {}))))
        except ValidationError as exc:
            for fe in field_errors(exc.errors()):
                column = fe.location if fe.field == fe.location else fe.field
                errors.append(RowError(row=number, column=column, message=fe.message))
    return valid, errors


def missing_columns(header: Sequence[str], required: Iterable[str]) -> list[str]:
    return [c for c in required if c not in header]


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """Stream CSV (UTF-8 with BOM so Excel opens it with the right encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _csv_safe(v) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _csv_safe(value: Any) -> Any:
    """Neutralize spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_xlsx(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "data"
) -> Iterator[bytes]:
    """Write an XLSX workbook in write-only mode to a temp file, then stream it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_csv_safe(v) if isinstance(v, str) else v for v in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(256 * 1024):
            yield chunk


def write_table(
    fmt: TableFormat, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "data"
) -> Iterator[bytes]:
    if fmt is TableFormat.XLSX:
        return write_xlsx(columns, rows, title=title)
    return write_csv(columns, rows)
