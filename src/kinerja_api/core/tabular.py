"""CSV and XLSX in and out, for bulk import/export of any domain's rows.

Reading never trusts the file: size is bounded by the upload limit, rows by ``max_rows``, XML
is parsed through defusedxml (installed, so openpyxl uses it), the unpacked size of an XLSX is
bounded before it is opened (zip bombs), and every row is validated by a pydantic model with
errors reported as (row number, column, message) — nothing is written until every row is
valid. Writing XLSX uses openpyxl's write-only mode so memory stays flat.

Text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) are
written with a leading apostrophe in CSV (CSV injection); reading drops that apostrophe again,
so an exported file imports back unchanged. In XLSX such a cell is a text cell marked with
Excel's own "quote prefix" style (what typing an apostrophe in Excel does): never a formula,
and no apostrophe in the value.

Identifier columns (NIP, phone, codes: ``text_columns``) are written as text-formatted
columns, and a number read in one of them is a row error (:func:`read_table`): a spreadsheet
keeps 15 significant digits, so an 18-digit NIP typed as a number is already wrong in the file
(and leading zeros are gone).
"""

from __future__ import annotations

import csv
import enum
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from kinerja_api.core.errors import field_errors
from kinerja_api.core.i18n import t

M = TypeVar("M", bound=BaseModel)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


class TableFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        return XLSX_MEDIA_TYPE if self is TableFormat.XLSX else CSV_MEDIA_TYPE


#: First characters that make a spreadsheet treat a text cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Unpacked size an uploaded XLSX may have (its XML is what openpyxl has to parse).
MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, counting the header as row 1 (what a spreadsheet shows)
    column: str | None
    message: str
    type: str = "value_error"


class TableError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, no header, too many rows).

    ``message`` holds the text in Indonesian and English; ``str()`` is the English one.
    """

    def __init__(
        self, message: Mapping[str, str], *, code: str = "file_unreadable", **params: object
    ):
        self.message = message
        self.code = code
        self.params = params
        super().__init__(message["en"].format(**params))

    def text(self) -> str:
        """The message in the request language."""
        return t(self.message, **self.params)


def detect_format(data: bytes, filename: str | None = None) -> TableFormat:
    if data[:4] == b"PK\x03\x04":
        return TableFormat.XLSX
    if filename and filename.lower().endswith((".xlsx", ".xlsm")):
        raise TableError(
            {
                "id": "Berkas bernama .xlsx tetapi bukan buku kerja XLSX yang valid",
                "en": "the file is named .xlsx but is not a valid XLSX workbook",
            },
            code="file_not_xlsx",
        )
    return TableFormat.CSV


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]  # written so by _csv_safe: the value itself starts with "=", "+", ...
    if "'" in text:
        text = _INNER_GUARD.sub(r"\1\2", text)  # and so after separators inside it
    return text or None


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _unreadable_xlsx(type(exc).__name__) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise TableError(
            {
                "id": "Isi buku kerja XLSX terlalu besar setelah dibuka",
                "en": "the XLSX workbook is too large once unpacked",
            },
            code="file_too_large",
        )


def _unreadable_xlsx(reason: str) -> TableError:
    return TableError(
        {
            "id": "Bukan buku kerja XLSX yang dapat dibaca ({reason})",
            "en": "not a readable XLSX workbook: {reason}",
        },
        code="file_unreadable",
        reason=reason,
    )


class Table(NamedTuple):
    header: list[str]
    rows: list[tuple[int, dict[str, str | None]]]
    #: Numbers in ``text_columns`` (XLSX): the cell is read all the same, but is an error.
    errors: list[RowError]


M_NUMBER_IN_TEXT_COLUMN = {
    "id": "Kolom {column} berisi angka ({value}), bukan teks: spreadsheet menyimpan angka hanya "
    "sampai 15 digit, jadi nilainya mungkin sudah berubah. Format kolom {column} sebagai Teks "
    "(Format Cells → Text), ketik ulang nilainya, lalu unggah lagi (templat XLSX sudah "
    "memformat kolom ini sebagai teks)",
    "en": "Column {column} holds a number ({value}), not text: a spreadsheet keeps only 15 "
    "digits of a number, so the value may already have changed. Format the column {column} as "
    "Text (Format Cells → Text), type the value again and upload again (the XLSX template "
    "formats this column as text)",
}


def read_rows(
    data: bytes, fmt: TableFormat, *, max_rows: int
) -> tuple[list[str], list[tuple[int, dict[str, str | None]]]]:
    """Header (normalized to lower snake case) and (row number, values) of each data row."""
    header, rows, _ = read_table(data, fmt, max_rows=max_rows)
    return header, rows


def read_table(
    data: bytes, fmt: TableFormat, *, max_rows: int, text_columns: Iterable[str] = ()
) -> Table:
    """:func:`read_rows`, and a row error for each number read in one of ``text_columns``
    (identifiers such as a NIP: a spreadsheet number has already lost digits or zeros)."""
    text = frozenset(text_columns)
    if fmt is TableFormat.XLSX:
        from openpyxl import load_workbook

        _check_unpacked_size(data)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for broken files
            raise _unreadable_xlsx(type(exc).__name__) from exc
        try:
            raw = (tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True))
            return _collect(raw, max_rows, text)
        except TableError:
            raise
        except Exception as exc:  # malformed sheet XML surfaces while iterating
            raise _unreadable_xlsx(type(exc).__name__) from exc
        finally:
            workbook.close()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            {
                "id": 'CSV harus berenkode UTF-8 (di Excel: simpan sebagai "CSV UTF-8")',
                "en": 'CSV must be UTF-8 encoded (in Excel: save as "CSV UTF-8")',
            },
            code="file_not_utf8",
        ) from exc
    sample = content[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return _collect(iter(csv.reader(io.StringIO(content), delimiter=delimiter)), max_rows, text)
    except csv.Error as exc:
        raise TableError(
            {"id": "CSV tidak dapat dibaca: {reason}", "en": "unreadable CSV: {reason}"},
            code="file_unreadable",
            reason=str(exc),
        ) from exc


#: Cells a file may hold per data row allowed (every cell of every row counts, also cells
#: outside the named columns and rows without a value in them).
CELLS_PER_ROW = 64


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(
        {
            "id": "Terlalu banyak baris: paling banyak {max_rows}",
            "en": "too many rows: at most {max_rows}",
        },
        code="file_too_many_rows",
        max_rows=max_rows,
    )


def _collect(
    raw: Iterator[Sequence[Any]], max_rows: int, text_columns: frozenset[str] = frozenset()
) -> Table:
    """Header and data rows, counting *every* row and cell while reading (blank rows and
    cells outside the named columns too): the first row or cell over the limits stops the
    reading, so a small file that unpacks to millions of (blank) rows costs no more than
    the limits allow."""
    try:
        header_cells = next(raw)
    except StopIteration:
        raise TableError(
            {"id": "Berkas kosong", "en": "the file is empty"}, code="file_empty"
        ) from None
    header = [(_clean(h) or "").lower().replace(" ", "_") for h in header_cells]
    if not any(header):
        raise TableError(
            {
                "id": "Baris pertama harus berisi nama kolom",
                "en": "the first row must name the columns",
            },
            code="file_no_header",
        )
    max_cells = (max_rows + 1) * max(CELLS_PER_ROW, len(header))
    cells_seen = len(header_cells)
    rows: list[tuple[int, dict[str, str | None]]] = []
    errors: list[RowError] = []
    numbers_in = [i for i, name in enumerate(header) if name and name in text_columns]
    for number, cells in enumerate(raw, start=2):
        cells_seen += len(cells)
        if number - 1 > max_rows:
            raise _too_many_rows(max_rows)
        if cells_seen > max_cells:
            raise TableError(
                {
                    "id": "Terlalu banyak sel: paling banyak {max_cells} (hapus isi di luar "
                    "kolom yang dipakai)",
                    "en": "too many cells: at most {max_cells} (clear what lies outside the "
                    "columns in use)",
                },
                code="file_too_many_cells",
                max_cells=max_cells,
            )
        values = {
            header[i]: _clean(c) for i, c in enumerate(cells) if i < len(header) and header[i]
        }
        if not any(values.values()):
            continue  # blank line (counted all the same)
        for i in numbers_in:
            cell = cells[i] if i < len(cells) else None
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                name = header[i]
                message = t(M_NUMBER_IN_TEXT_COLUMN, column=name, value=values[name])
                errors.append(RowError(number, name, message, "number_not_text"))
        rows.append((number, values))
    return Table(header, rows, errors)


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
            raw_errors = exc.errors()
            for raw, fe in zip(raw_errors, field_errors(raw_errors), strict=True):
                loc = [str(p) for p in raw.get("loc", ())]
                column = ".".join(loc) if loc else None  # no location: the row as a whole
                errors.append(RowError(row=number, column=column, message=fe.message, type=fe.type))
    return valid, errors


def missing_columns(header: Sequence[str], required: Iterable[str]) -> list[str]:
    return [c for c in required if c not in header]


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """Stream CSV (UTF-8 with BOM so Excel opens it with the right encoding), safe to open in
    either dialect: see :func:`csv_field`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    buffer.write(",".join(csv_field(c) for c in columns) + "\r\n")
    for row in rows:
        buffer.write(",".join("" if v is None else csv_field(_csv_safe(v)) for v in row) + "\r\n")
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


#: Characters that make a CSV field need quotes. Both separators count: a spreadsheet set to
#: the Indonesian (Windows) list separator splits on ``;``, and what it splits off unquoted
#: is a cell of its own (``Saran;=cmd|...`` was a formula cell there).
_NEEDS_QUOTES = re.compile(r'[,;"\r\n\t]|^\s|\s$')


def csv_field(value: Any) -> str:
    """One CSV field, quoted when it holds either separator, a quote or a line break."""
    text = str(value)
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


#: A formula character right after a separator or line break (past any quotes): where a
#: spreadsheet of the *other* dialect starts a cell, since it does not see our quotes there.
_INNER_FORMULA = re.compile(r'(?<=[,;\n\r])("*)([=+\-@\t\r])')
_INNER_GUARD = re.compile(r'(?<=[,;\n\r])("*)\'([=+\-@\t\r])')


def _csv_safe(value: Any) -> Any:
    """Neutralize spreadsheet formulas in text cells (CSV injection); see :func:`_clean`.

    Every place where a cell can start, in either dialect (``,`` or ``;``), that starts like
    a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets an apostrophe, which spreadsheets
    read as "this is text" and the importer removes again: the start of the text, and
    every point right after a separator or line break inside it."""
    if not isinstance(value, str):
        return value
    return _leading_guard(_INNER_FORMULA.sub(r"\1'\2", value))


def _leading_guard(value: str) -> str:
    """The apostrophe before a text that starts like a formula."""
    if value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def write_xlsx(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "data",
    text_columns: Iterable[str] = (),
) -> Iterator[bytes]:
    """Write an XLSX workbook in write-only mode to a temp file, then stream it.

    ``text_columns`` are formatted as text (the whole column, so what a user types there
    stays text); a text cell that starts like a formula is a text cell with Excel's quote
    prefix (no apostrophe in the value, never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    text = frozenset(text_columns)
    as_text = [c in text for c in columns]
    for i, is_text in enumerate(as_text, start=1):
        if is_text:
            sheet.column_dimensions[get_column_letter(i)].number_format = "@"

    def cell(value: Any, is_text: bool) -> Any:
        guarded = isinstance(value, str) and value[:1] in FORMULA_PREFIXES
        if not (guarded or is_text):
            return value
        out = WriteOnlyCell(sheet, value)
        if guarded:
            out.data_type = "s"  # openpyxl would take "=..." for a formula
            out.quotePrefix = True
        if is_text:
            out.number_format = "@"
        return out

    sheet.append(list(columns))
    for row in rows:
        sheet.append([cell(v, i < len(as_text) and as_text[i]) for i, v in enumerate(row)])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(256 * 1024):
            yield chunk


def write_table(
    fmt: TableFormat,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "data",
    text_columns: Iterable[str] = (),
) -> Iterator[bytes]:
    if fmt is TableFormat.XLSX:
        return write_xlsx(columns, rows, title=title, text_columns=text_columns)
    return write_csv(columns, rows)
