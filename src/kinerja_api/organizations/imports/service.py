"""Bulk import and export of units, positions and employees as CSV or XLSX.

One file format both ways (see :data:`COLUMNS`): an export can be edited in a spreadsheet and
imported back, and the template is the header plus an example row.

Keys and re-import
  * A unit is identified by its ``code``; a position by its unit's code and its name
    (``unit_code`` + ``name``, among the organization's *active* positions — positions have no
    code of their own); an employee by NIP.
  * A row whose key exists already **updates** that record and counts as ``updated``, or as
    ``unchanged`` when nothing differs: importing the same file twice changes nothing, and an
    export imports back as all ``unchanged``. Only the columns present in the file are
    compared and written: a column left out of the file keeps its values; an empty cell of an
    optional column clears the value (for ``status`` and ``is_head`` it keeps it).
  * An import never deletes or deactivates anything and never ends or moves an assignment:
    an employee row with a position adds a definitive assignment unless the employee already
    holds that position from that date, under the API's overlap rules (so a different
    current position is reported, not silently replaced).

Validation first, all or nothing
  1. The file (:func:`parse_file`, CPU only, run off the event loop): format detected from
     the content, row limit, known and required columns, then every row against the API's
     own field constraints (the row models reuse the API schemas' fields).
  2. The rules of :mod:`~kinerja_api.organizations.rules` the API applies (NIP, golongan,
     position kind/level/jenjang, assignment overlaps), across rows and against the
     database, loaded once per import (never a query per row): duplicate keys in the file,
     references (parent unit, unit, superior position, position)
     to rows of the file or records of the organization, cycles of the unit tree and the
     position chain, the structural single holder, NIPs registered in another organization.
  Every problem is collected with its row number (the header is row 1) and column. If there
  is any, nothing is written and the caller gets them all (422). Otherwise everything is
  written in the request's one transaction: new records with multi-row INSERTs (parents
  before children) and their audit rows (:func:`~kinerja_api.core.audit.insert_audited`),
  changed records as ORM objects (audited and versioned as any update); a dry run stops
  before writing.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from pydantic.fields import FieldInfo
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.core.audit import full_rows, insert_audited, set_reason
from kinerja_api.core.errors import FieldError, UnprocessableEntity
from kinerja_api.core.i18n import t
from kinerja_api.core.ids import uuid7
from kinerja_api.core.tabular import (
    RowError,
    TableError,
    detect_format,
    read_table,
    validate_rows,
)
from kinerja_api.organizations.employees.nip_answers import UNLIMITED, NipAnswers
from kinerja_api.organizations.employees.service import SERVING
from kinerja_api.organizations.models import (
    AssignmentKind,
    Employee,
    EmployeePosition,
    EmployeeStatus,
    FunctionalLevel,
    Organization,
    Position,
    PositionKind,
    StructuralLevel,
    Unit,
)
from kinerja_api.organizations.rules import (
    GOLONGAN_INVALID,
    Problem,
    Span,
    assignment_conflict,
    nip_problems,
    nodes_in_cycles,
    normalize_golongan,
    normalize_nip,
    position_kind_problems,
    ranges_overlap,
)
from kinerja_api.organizations.schemas import (
    AssignmentCreate,
    EmployeeCreate,
    ImportKind,
    ImportResult,
    PositionCreate,
    UnitCreate,
)
from kinerja_api.organizations.scope import assignment_active_on, opd_by_unit

Msg = Mapping[str, str]
R = TypeVar("R", bound=BaseModel)
K = TypeVar("K")

#: Parameters per ``IN (...)`` when looking NIPs up (below every driver's limit).
IN_CHUNK = 5000


# ---- columns -------------------------------------------------------------------------------

COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.UNITS: ("code", "name", "parent_code"),
    ImportKind.POSITIONS: (
        "unit_code",
        "name",
        "kind",
        "level",
        "jenjang",
        "job_class",
        "superior_unit_code",
        "superior_name",
        "is_head",
    ),
    ImportKind.EMPLOYEES: (
        "nip",
        "name",
        "golongan",
        "status",
        "email",
        "phone",
        "unit_code",
        "position_name",
        "start_date",
        "decree_number",
    ),
}
REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.UNITS: ("code", "name"),
    ImportKind.POSITIONS: ("unit_code", "name", "kind", "job_class"),
    ImportKind.EMPLOYEES: ("nip", "name"),
}
#: Identifier columns that must be text: the templates format them as text, and a number in
#: one of them (an XLSX cell typed as a number: 15 significant digits, leading zeros gone) is
#: a row error telling how to fix it, never a silently changed NIP.
TEXT_COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.UNITS: ("code", "parent_code"),
    ImportKind.POSITIONS: ("unit_code", "superior_unit_code"),
    ImportKind.EMPLOYEES: ("nip", "phone", "unit_code", "decree_number"),
}
#: Example rows of the templates: a neutral agency (no real office's codes), self-contained
#: so the units template imports as it is into an empty organization.
EXAMPLES: dict[ImportKind, tuple[tuple[object, ...], ...]] = {
    ImportKind.UNITS: (
        ("DINAS-CONTOH", "Dinas Contoh", None),
        ("SUBBAG-UMUM", "Subbagian Umum dan Kepegawaian", "DINAS-CONTOH"),
    ),
    ImportKind.POSITIONS: (
        (
            "SUBBAG-UMUM",
            "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
            "fungsional",
            None,
            "ahli_pertama",
            8,
            "SUBBAG-UMUM",
            "Kepala Subbagian Umum dan Kepegawaian",
            "tidak",
        ),
    ),
    ImportKind.EMPLOYEES: (
        (
            "199001012020121001",
            "Nama Pegawai, S.E.",
            "III/a",
            "active",
            "nama.pegawai@instansi.go.id",
            "+62 812 3456 7890",
            "SUBBAG-UMUM",
            "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
            date(2021, 1, 4),
            "800/001/BKPSDM/2021",
        ),
    ),
}
YES, NO = "ya", "tidak"


# ---- row models: the API's own field constraints -------------------------------------------


def api_field(model: type[BaseModel], name: str) -> FieldInfo:
    """The field of an API request schema, to reuse its constraints in a row model."""
    return model.model_fields[name]


def _token(value: object) -> object:
    """``Ahli Pertama`` / ``JPT-Pratama`` → ``ahli_pertama`` / ``jpt_pratama`` (enum cells)."""
    if isinstance(value, str):
        return "_".join(value.lower().replace("-", " ").split())
    return value


def _code_ref(value: object) -> object:
    """Codes are upper case (the API's pattern): a reference typed in lower case means it."""
    return value.upper() if isinstance(value, str) else value


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class UnitRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, api_field(UnitCreate, "code")]
    name: Annotated[str, api_field(UnitCreate, "name")]
    parent_code: str | None = Field(default=None, max_length=32)

    _ref = field_validator("parent_code", mode="before")(_code_ref)


class PositionRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_code: str = Field(max_length=32)
    name: Annotated[str, api_field(PositionCreate, "name")]
    kind: Annotated[PositionKind, api_field(PositionCreate, "kind")]
    level: Annotated[StructuralLevel | None, api_field(PositionCreate, "level")] = None
    jenjang: Annotated[FunctionalLevel | None, api_field(PositionCreate, "jenjang")] = None
    job_class: Annotated[int, api_field(PositionCreate, "job_class")]
    superior_unit_code: str | None = Field(default=None, max_length=32)
    superior_name: str | None = Field(default=None, max_length=200)
    is_head: bool | None = None

    _tokens = field_validator("kind", "level", "jenjang", mode="before")(_token)
    _refs = field_validator("unit_code", "superior_unit_code", mode="before")(_code_ref)

    @field_validator("is_head", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in (YES, NO):
            return value.strip().lower() == YES
        return value


_STATUS_ALIASES = {
    "aktif": "active",
    "cuti": "leave",
    "pensiun": "retired",
    "mutasi": "transferred",
    "pindah": "transferred",
}


class EmployeeRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Every imported employee is an ASN: the NIP the API requires of them is required here
    # (the API's field is optional only for the regional head, who is added by hand).
    nip: str = Field(min_length=1, max_length=40)
    name: Annotated[str, api_field(EmployeeCreate, "name")]
    golongan: Annotated[str | None, api_field(EmployeeCreate, "golongan")] = None
    status: Annotated[EmployeeStatus | None, api_field(EmployeeCreate, "status")] = None
    email: Annotated[EmailStr | None, api_field(EmployeeCreate, "email")] = None
    phone: Annotated[str | None, api_field(EmployeeCreate, "phone")] = None
    unit_code: str | None = Field(default=None, max_length=32)
    position_name: str | None = Field(default=None, max_length=200)
    start_date: Annotated[date | None, api_field(AssignmentCreate, "start_date")] = None
    decree_number: Annotated[str | None, api_field(AssignmentCreate, "decree_number")] = None

    _ref = field_validator("unit_code", mode="before")(_code_ref)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: object) -> object:
        token = _token(value)
        return _STATUS_ALIASES.get(token, token) if isinstance(token, str) else token

    @field_validator("start_date", mode="before")
    @classmethod
    def _day_month_year(cls, value: object) -> object:
        """Spreadsheets in Indonesian locale write dates as DD/MM/YYYY."""
        if isinstance(value, str) and (m := _DMY.match(value.strip())):
            day, month, year = m.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return value


ROW_MODELS: dict[ImportKind, type[BaseModel]] = {
    ImportKind.UNITS: UnitRow,
    ImportKind.POSITIONS: PositionRow,
    ImportKind.EMPLOYEES: EmployeeRow,
}


# ---- errors --------------------------------------------------------------------------------


class ImportRejected(UnprocessableEntity):
    """The file has errors; nothing was written. ``errors`` lists them by row and column."""

    code = "import_invalid"

    def __init__(self, errors: Sequence[RowError], *, max_listed: int) -> None:
        ordered = sorted(errors, key=lambda e: (e.row, e.column or ""))
        listed = [
            FieldError(
                location="file", field=e.column or "file", message=e.message, type=e.type, row=e.row
            )
            for e in ordered[:max_listed]
        ]
        if len(ordered) > len(listed):
            detail = {
                "id": "Berkas berisi {count} kesalahan ({listed} yang pertama ditampilkan); "
                "tidak ada data yang disimpan.",
                "en": "The file has {count} errors (the first {listed} are listed); nothing "
                "was saved.",
            }
        else:
            detail = {
                "id": "Berkas berisi {count} kesalahan; tidak ada data yang disimpan. Perbaiki "
                "semua yang ditandai lalu unggah ulang.",
                "en": "The file has {count} errors; nothing was saved. Fix everything listed "
                "and upload it again.",
            }
        super().__init__(detail, errors=listed, count=len(ordered), listed=len(listed))
        self.extra = {"error_count": len(ordered)}


class _Invalid(Exception):
    """Raised by an importer once every check ran and at least one failed."""


class _Errors:
    """Every problem found, with its row and column, in the request language."""

    def __init__(self, items: Iterable[RowError] = ()) -> None:
        self.items: list[RowError] = list(items)
        self.rows: set[int] = {e.row for e in self.items}

    def add(
        self, row: int, column: str | None, type_: str, message: Msg, /, **params: object
    ) -> None:
        self.items.append(RowError(row, column, t(message, **params), type_))
        self.rows.add(row)

    def problem(self, row: int, problem: Problem, column: str | None = None) -> None:
        self.add(row, column or problem.field, problem.type, problem.message)

    def check(self) -> None:
        if self.items:
            raise _Invalid

    def __bool__(self) -> bool:
        return bool(self.items)


M_UNKNOWN_COLUMN = {
    "id": "Kolom {column} tidak dikenal; kolom yang dapat dipakai: {allowed}",
    "en": "Unknown column {column}; the columns are: {allowed}",
}
M_DUPLICATE_COLUMN = {
    "id": "Kolom {column} muncul lebih dari sekali",
    "en": "Column {column} appears more than once",
}
M_MISSING_COLUMN = {
    "id": "Kolom wajib {column} tidak ada",
    "en": "Required column {column} is missing",
}
M_NO_ROWS = {"id": "Berkas tidak berisi baris data", "en": "The file has no data rows"}
M_DUPLICATE_ROW = {
    "id": "{what} sama dengan baris {other}",
    "en": "{what} duplicates row {other}",
}
M_PAIR = {
    "id": "Isi {first} dan {second} bersama-sama, atau kosongkan keduanya",
    "en": "Fill in both {first} and {second}, or leave both empty",
}


# ---- parsing (CPU only) --------------------------------------------------------------------


@dataclass
class Parsed(Generic[R]):
    """A file read and its rows validated one by one (no database involved)."""

    kind: ImportKind
    #: Columns present in the file: only these are compared and written on update.
    columns: frozenset[str]
    rows: int
    valid: list[tuple[int, R]]
    #: Cell values of every row, valid or not, for duplicate detection and so that a reference
    #: to a row with an error of its own is not reported again as "not found".
    raw: list[tuple[int, dict[str, str | None]]]
    errors: _Errors
    #: The file itself is unusable (unreadable, columns wrong): no row checks ran.
    fatal: bool = False


def parse_file(
    kind: ImportKind, data: bytes, filename: str | None, *, max_rows: int
) -> Parsed[Any]:
    """Read the file and validate every row on its own (CPU only: run it off the event loop).

    Never raises for a bad file: problems are in ``errors`` (``fatal`` when the file as a
    whole cannot be used).
    """
    errors = _Errors()
    try:
        header, raw, typed = read_table(
            data, detect_format(data, filename), max_rows=max_rows, text_columns=TEXT_COLUMNS[kind]
        )
    except TableError as exc:
        errors.add(1, None, exc.code, exc.message, **exc.params)
        return Parsed(kind, frozenset(), 0, [], [], errors, fatal=True)
    allowed = COLUMNS[kind]
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name not in allowed:
            errors.add(
                1,
                name,
                "unknown_column",
                M_UNKNOWN_COLUMN,
                column=name,
                allowed=", ".join(allowed),
            )
        elif name in seen:
            errors.add(1, name, "duplicate_column", M_DUPLICATE_COLUMN, column=name)
        seen.add(name)
    for name in REQUIRED[kind]:
        if name not in seen:
            errors.add(1, name, "missing_column", M_MISSING_COLUMN, column=name)
    if not errors and not raw:
        errors.add(1, None, "file_no_rows", M_NO_ROWS)
    if errors:
        return Parsed(kind, frozenset(seen), len(raw), [], raw, errors, fatal=True)
    valid, row_errors = validate_rows(raw, ROW_MODELS[kind])
    return Parsed(kind, frozenset(seen), len(raw), valid, raw, _Errors([*typed, *row_errors]))


# ---- shared helpers ------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments_created: int = 0


def _depths(parent_of: Mapping[K, K | None]) -> dict[K, int]:
    """Distance from the top of each node of an acyclic parent map (insert order)."""
    depth: dict[K, int] = {}
    for start in parent_of:
        path: list[K] = []
        node: K | None = start
        while node is not None and node not in depth and node in parent_of and node not in path:
            path.append(node)
            node = parent_of[node]
        base = depth.get(node, -1) if node is not None else -1
        for offset, item in enumerate(reversed(path), start=1):
            depth[item] = base + offset
    return depth


def _first_rows(
    keys: Iterable[tuple[int, K | None]], errors: _Errors, column: str, what: Msg
) -> dict[K, int]:
    """Key → the first row naming it; every later row with the same key is an error."""
    first: dict[K, int] = {}
    for number, key in keys:
        if key is None:
            continue
        if key in first:
            errors.add(
                number,
                column,
                "duplicate_in_file",
                M_DUPLICATE_ROW,
                what=t(what),
                other=first[key],
            )
        else:
            first[key] = number
    return first


def _changes(current: Any, wanted: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if getattr(current, k) != v}


def _apply(updates: Iterable[tuple[Any, Mapping[str, Any]]]) -> None:
    for obj, changes in updates:
        for key, value in changes.items():
            setattr(obj, key, value)


def _chunks(items: Sequence[K], size: int = IN_CHUNK) -> Iterator[Sequence[K]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---- units ---------------------------------------------------------------------------------

M_UNIT = {"id": "Kode unit", "en": "The unit code"}
M_UNIT_EXISTS_INACTIVE = {
    "id": "Unit {code} sudah ada tetapi tidak aktif; aktifkan lewat API bila perlu",
    "en": "Unit {code} exists but is inactive; reactivate it through the API if needed",
}
M_PARENT_NOT_FOUND = {
    "id": "Unit induk {code} tidak ada di organisasi ini maupun di berkas",
    "en": "Parent unit {code} is neither in this organization nor in the file",
}
M_PARENT_INACTIVE = {"id": "Unit induk {code} tidak aktif", "en": "Parent unit {code} is inactive"}
M_UNIT_CYCLE = {
    "id": "Unit induk membentuk lingkaran: unit ini akan berada di bawah dirinya sendiri",
    "en": "The parent units form a loop: this unit would be below itself",
}


async def import_units(
    session: AsyncSession, org: Organization, parsed: Parsed[UnitRow], *, dry_run: bool
) -> Counts:
    errors = parsed.errors
    existing = {
        u.code: u for u in await session.scalars(select(Unit).where(Unit.organization_id == org.id))
    }
    code_of = {u.id: u.code for u in existing.values()}
    declared = {code.upper() for _, v in parsed.raw if (code := v.get("code"))}
    # Codes are stored upper case (either case accepted): ``pkm`` and ``PKM`` are one code.
    codes = ((n, c.upper() if (c := v.get("code")) else None) for n, v in parsed.raw)
    first = _first_rows(codes, errors, "code", M_UNIT)
    with_parent = "parent_code" in parsed.columns

    rows: dict[str, tuple[int, UnitRow]] = {}
    for number, row in parsed.valid:
        if first[row.code] != number:
            continue
        rows[row.code] = (number, row)
        current = existing.get(row.code)
        if current is not None and not current.is_active:
            errors.add(number, "code", "unit_inactive", M_UNIT_EXISTS_INACTIVE, code=row.code)
        parent = row.parent_code
        if parent is None or parent == row.code or parent in first:
            continue  # no parent, a loop (reported below), or a row of the file
        parent_unit = existing.get(parent)
        if parent_unit is None and parent not in declared:
            errors.add(number, "parent_code", "parent_not_found", M_PARENT_NOT_FOUND, code=parent)
        elif parent_unit is not None and not parent_unit.is_active:
            errors.add(number, "parent_code", "parent_inactive", M_PARENT_INACTIVE, code=parent)

    # The tree after the import, by code: the organization's, with the file's parents applied.
    parent_of: dict[str, str | None] = {
        code: code_of.get(u.parent_id) if u.parent_id else None for code, u in existing.items()
    }
    for code, (_, row) in rows.items():
        if with_parent or code not in existing:
            parent_of[code] = row.parent_code
    for code in nodes_in_cycles(parent_of) & rows.keys():
        errors.add(rows[code][0], "parent_code", "unit_cycle", M_UNIT_CYCLE)
    errors.check()

    ids = {code: u.id for code, u in existing.items()}
    ids.update({code: uuid7() for code in rows if code not in existing})
    counts = Counts()
    new_units: list[dict[str, Any]] = []
    updates: list[tuple[Unit, dict[str, Any]]] = []
    for code, (_, row) in rows.items():
        parent_id = ids[row.parent_code] if row.parent_code else None
        current = existing.get(code)
        if current is None:
            new_units.append(
                {
                    "id": ids[code],
                    "organization_id": org.id,
                    "code": code,
                    "name": row.name,
                    "parent_id": parent_id,
                }
            )
            counts.created += 1
            continue
        wanted: dict[str, Any] = {"name": row.name}
        if with_parent:
            wanted["parent_id"] = parent_id
        changes = _changes(current, wanted)
        if changes:
            updates.append((current, changes))
            counts.updated += 1
        else:
            counts.unchanged += 1
    if not dry_run:
        depth = _depths(parent_of)
        new_units.sort(key=lambda u: depth[u["code"]])  # parents first: foreign keys are immediate
        await insert_audited(session, Unit, full_rows(Unit, new_units))
        _apply(updates)
        await session.flush()
    return counts


# ---- positions -----------------------------------------------------------------------------

PositionKey = tuple[str, str]  # (unit code, position name)

M_POSITION = {"id": "Jabatan (unit_code + name)", "en": "The position (unit_code + name)"}
M_UNIT_NOT_FOUND = {
    "id": "Unit {code} tidak ada di organisasi ini",
    "en": "Unit {code} does not exist in this organization",
}
M_UNIT_INACTIVE = {"id": "Unit {code} tidak aktif", "en": "Unit {code} is inactive"}
M_AMBIGUOUS = {
    "id": "Ada beberapa jabatan aktif bernama {name} di unit {code}; bedakan namanya lewat API",
    "en": "Several active positions are named {name} in unit {code}; rename them through the "
    "API to tell them apart",
}
M_SUPERIOR_NOT_FOUND = {
    "id": "Jabatan atasan {name} di unit {code} tidak ada di organisasi ini maupun di berkas",
    "en": "Superior position {name} in unit {code} is neither in this organization nor in the file",
}
M_SUPERIOR_INACTIVE = {
    "id": "Jabatan atasan {name} di unit {code} tidak aktif",
    "en": "Superior position {name} in unit {code} is inactive",
}
M_POSITION_CYCLE = {
    "id": "Jabatan atasan membentuk lingkaran: jabatan ini akan menjadi atasan dirinya sendiri",
    "en": "The superior positions form a loop: this position would be its own superior",
}
M_HEAD_TWICE = {
    "id": "Unit {code} sudah diberi kepala di baris {other}; satu unit satu kepala",
    "en": "Unit {code} already gets its head in row {other}; a unit has one head",
}
M_SINGLE_HOLDER = {
    "id": "Jabatan ini dipegang beberapa pegawai sekaligus; jabatan struktural hanya boleh "
    "satu pejabat definitif.",
    "en": "Several employees hold this position at once; a structural position has one "
    "definitive holder.",
}


def _position_key(values: Mapping[str, str | None], unit: str, name: str) -> PositionKey | None:
    unit_code, position_name = values.get(unit), values.get(name)
    if unit_code is None or position_name is None:
        return None
    return unit_code.upper(), position_name


@dataclass
class _Positions:
    """The organization's positions by key: the active ones, and keys only inactive ones have."""

    active: dict[PositionKey, list[Position]] = field(default_factory=dict)
    inactive: set[PositionKey] = field(default_factory=set)

    @classmethod
    async def load(cls, session: AsyncSession, org: Organization) -> _Positions:
        index = cls()
        rows = await session.execute(
            select(Position, Unit.code)
            .join(Unit, Unit.id == Position.unit_id)
            .where(Position.organization_id == org.id)
        )
        for position, unit_code in rows:
            key = (unit_code, position.name)
            if position.is_active:
                index.active.setdefault(key, []).append(position)
            else:
                index.inactive.add(key)
        return index

    def find(
        self,
        key: PositionKey,
        *,
        row: int,
        column: str,
        errors: _Errors,
        prefix: str,
        missing: Msg,
        inactive: Msg,
    ) -> Position | None:
        """The one active position with this key; else an error (none, inactive, several)."""
        found = self.active.get(key, [])
        code, name = key
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            errors.add(row, column, "position_ambiguous", M_AMBIGUOUS, code=code, name=name)
        elif key in self.inactive:
            errors.add(row, column, f"{prefix}_inactive", inactive, code=code, name=name)
        else:
            errors.add(row, column, f"{prefix}_not_found", missing, code=code, name=name)
        return None


@dataclass
class _PositionPlan:
    row_number: int
    row: PositionRow
    current: Position | None
    id: uuid.UUID
    level: StructuralLevel | None
    jenjang: FunctionalLevel | None
    superior: PositionKey | None


async def import_positions(
    session: AsyncSession,
    org: Organization,
    parsed: Parsed[PositionRow],
    *,
    dry_run: bool,
    today: date,
    answers: NipAnswers = UNLIMITED,
) -> Counts:
    errors = parsed.errors
    present = parsed.columns
    units = {
        u.code: u for u in await session.scalars(select(Unit).where(Unit.organization_id == org.id))
    }
    index = await _Positions.load(session, org)
    keys = [(n, _position_key(v, "unit_code", "name")) for n, v in parsed.raw]
    declared = {key for _, key in keys}
    first = _first_rows(keys, errors, "name", M_POSITION)
    with_superior = "superior_unit_code" in present or "superior_name" in present

    plans: dict[PositionKey, _PositionPlan] = {}
    heads: dict[str, int] = {}
    for number, row in parsed.valid:
        key = (row.unit_code, row.name)
        if first[key] != number:
            continue
        unit = units.get(row.unit_code)
        if unit is None:
            errors.add(number, "unit_code", "unit_not_found", M_UNIT_NOT_FOUND, code=key[0])
        elif not unit.is_active:
            errors.add(number, "unit_code", "unit_inactive", M_UNIT_INACTIVE, code=key[0])
        matches = index.active.get(key, [])
        if len(matches) > 1:
            errors.add(number, "name", "position_ambiguous", M_AMBIGUOUS, code=key[0], name=key[1])
        current = matches[0] if len(matches) == 1 else None
        # As the API's update: a column left out keeps the stored level/jenjang, unless it no
        # longer applies to the kind.
        level = row.level if "level" in present else (current.level if current else None)
        jenjang = row.jenjang if "jenjang" in present else (current.jenjang if current else None)
        if "level" not in present and row.kind is not PositionKind.STRUKTURAL:
            level = None
        if "jenjang" not in present and row.kind is not PositionKind.FUNGSIONAL:
            jenjang = None
        for problem in position_kind_problems(row.kind, level, jenjang):
            errors.problem(number, problem)
        superior: PositionKey | None = None
        if (row.superior_unit_code is None) != (row.superior_name is None):
            errors.add(
                number,
                "superior_name" if row.superior_name is None else "superior_unit_code",
                "superior_incomplete",
                M_PAIR,
                first="superior_unit_code",
                second="superior_name",
            )
        elif row.superior_unit_code is not None and row.superior_name is not None:
            superior = (row.superior_unit_code, row.superior_name)
        if row.is_head:
            if row.unit_code in heads:
                errors.add(
                    number,
                    "is_head",
                    "unit_head_twice",
                    M_HEAD_TWICE,
                    code=row.unit_code,
                    other=heads[row.unit_code],
                )
            else:
                heads[row.unit_code] = number
        plans[key] = _PositionPlan(
            number, row, current, current.id if current else uuid7(), level, jenjang, superior
        )

    # Becoming structural: at most one definitive holder at a time (now or later), as the API.
    to_structural = {
        plan.current.id: plan
        for plan in plans.values()
        if plan.current is not None
        and plan.row.kind is PositionKind.STRUKTURAL
        and plan.current.kind is not PositionKind.STRUKTURAL
    }
    if to_structural:
        held: dict[uuid.UUID, list[tuple[date, date | None]]] = defaultdict(list)
        for position_id, start, end in await session.execute(
            select(
                EmployeePosition.position_id,
                EmployeePosition.start_date,
                EmployeePosition.end_date,
            ).where(
                EmployeePosition.position_id.in_(list(to_structural)),
                EmployeePosition.kind == AssignmentKind.DEFINITIVE,
                or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= today),
            )
        ):
            held[position_id].append((start, end))
        for position_id, spans in held.items():
            if any(
                ranges_overlap(s1, e1, s2, e2)
                for i, (s1, e1) in enumerate(spans)
                for s2, e2 in spans[i + 1 :]
            ):
                errors.add(
                    to_structural[position_id].row_number,
                    "kind",
                    "position_occupied",
                    M_SINGLE_HOLDER,
                )

    # Superiors: a row of the file, else an active position of the organization.
    superior_of: dict[uuid.UUID, uuid.UUID | None] = {
        p.id: p.superior_id for found in index.active.values() for p in found
    }
    resolved: dict[PositionKey, uuid.UUID | None] = {}
    for key, plan in plans.items():
        target: uuid.UUID | None = None
        if plan.current is not None and not with_superior:
            target = plan.current.superior_id
        elif plan.superior in plans:
            target = plans[plan.superior].id
        elif plan.superior is not None and (
            plan.superior in index.active
            or plan.superior in index.inactive
            or plan.superior not in declared
        ):
            found = index.find(
                plan.superior,
                row=plan.row_number,
                column="superior_name",
                errors=errors,
                prefix="superior",
                missing=M_SUPERIOR_NOT_FOUND,
                inactive=M_SUPERIOR_INACTIVE,
            )
            target = found.id if found else None
        # else: no superior, or the superior's own row has an error
        resolved[key] = superior_of[plan.id] = target
    looped = nodes_in_cycles(superior_of)
    for plan in plans.values():
        if plan.id in looped:
            errors.add(plan.row_number, "superior_name", "position_cycle", M_POSITION_CYCLE)
    errors.check()

    # Unit heads: a row saying "ya" makes its position the head; "tidak" on the current head
    # leaves the unit without one (unless another row names a new head).
    new_head: dict[str, uuid.UUID | None] = {}
    for key, plan in plans.items():
        unit = units[key[0]]
        if plan.row.is_head:
            new_head[key[0]] = plan.id
        elif plan.row.is_head is False and unit.head_position_id == plan.id:
            new_head.setdefault(key[0], None)

    counts = Counts()
    new_positions: list[dict[str, Any]] = []
    updates: list[tuple[Any, Mapping[str, Any]]] = []
    for key, plan in plans.items():
        row, unit = plan.row, units[key[0]]
        wanted: dict[str, Any] = {
            "kind": row.kind,
            "level": plan.level,
            "jenjang": plan.jenjang,
            "job_class": row.job_class,
            "superior_id": resolved[key],
        }
        head_changes = (row.is_head is True and unit.head_position_id != plan.id) or (
            row.is_head is False and unit.head_position_id == plan.id
        )
        if plan.current is None:
            new_positions.append(
                {
                    "id": plan.id,
                    "organization_id": org.id,
                    "unit_id": unit.id,
                    "name": row.name,
                    **wanted,
                }
            )
            counts.created += 1
            continue
        changes = _changes(plan.current, wanted)
        if changes:
            updates.append((plan.current, changes))
        if changes or head_changes:
            counts.updated += 1
        else:
            counts.unchanged += 1
    if not dry_run:
        depth = _depths(superior_of)
        new_positions.sort(key=lambda p: depth[p["id"]])  # superiors first
        await insert_audited(session, Position, full_rows(Position, new_positions))
        _apply(updates)
        _apply(
            (units[code], {"head_position_id": head})
            for code, head in new_head.items()
            if units[code].head_position_id != head
        )
        await session.flush()
    return counts


# ---- employees -----------------------------------------------------------------------------

M_NIP = {"id": "NIP", "en": "The NIP"}
M_NIP_TAKEN = {
    "id": "NIP {nip} sudah terdaftar",
    "en": "NIP {nip} is already registered",
}
M_START_REQUIRED = {
    "id": "Tanggal mulai (TMT jabatan) wajib diisi bila jabatan diisi",
    "en": "The start date is required with a position",
}
M_ONLY_WITH_POSITION = {
    "id": "Hanya diisi bersama jabatan (unit_code dan position_name)",
    "en": "Only allowed together with a position (unit_code and position_name)",
}
M_POSITION_NOT_FOUND = {
    "id": "Jabatan {name} di unit {code} tidak ada di organisasi ini",
    "en": "Position {name} in unit {code} does not exist in this organization",
}
M_POSITION_INACTIVE = {
    "id": "Jabatan {name} di unit {code} tidak aktif",
    "en": "Position {name} in unit {code} is inactive",
}
M_NOT_SERVING = {
    "id": "Pegawai berstatus {status} tidak dapat diberi jabatan.",
    "en": "An employee with status {status} cannot be given a position.",
}
M_STILL_ASSIGNED = {
    "id": "Pegawai masih memegang (atau akan memegang) jabatan; akhiri dulu penugasannya.",
    "en": "The employee still holds (or will hold) positions; end the assignments first.",
}
#: Where a rule of :func:`assignment_conflict` points to in the file.
ASSIGNMENT_COLUMNS = {"position_id": "position_name", "start_date": "start_date"}


@dataclass
class _EmployeePlan:
    row_number: int
    row: EmployeeRow
    nip: str
    golongan: str | None
    current: Any | None  # the employee's stored columns (see _EMPLOYEE_COLUMNS)
    id: uuid.UUID
    #: A definitive assignment to add, or the decree number of the recorded one to change.
    assignment: dict[str, Any] | None = None
    decree_change: tuple[uuid.UUID, str | None] | None = None


#: What an import compares or checks of stored employees and assignments: plain rows, not
#: ORM objects (thousands of them); the few records that change are loaded as objects.
_EMPLOYEE_COLUMNS = (
    Employee.id,
    Employee.organization_id,
    Employee.nip,
    Employee.name,
    Employee.golongan,
    Employee.email,
    Employee.phone,
    Employee.status,
)
_ASSIGNMENT_COLUMNS = (
    EmployeePosition.id,
    EmployeePosition.employee_id,
    EmployeePosition.position_id,
    EmployeePosition.kind,
    EmployeePosition.start_date,
    EmployeePosition.end_date,
    EmployeePosition.decree_number,
)


async def _employees_by_nip(session: AsyncSession, nips: Sequence[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(nips):
        for row in await session.execute(select(*_EMPLOYEE_COLUMNS).where(Employee.nip.in_(chunk))):
            found[row.nip] = row
    return found


async def _assignments(
    session: AsyncSession, org: Organization, employee_ids: Sequence[uuid.UUID], since: date
) -> list[Any]:
    """Assignments of the organization, and of the file's known employees wherever they are,
    that run on or after ``since`` (the only ones a new assignment or a status can clash with)."""
    current = or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= since)
    found = {
        a.id: a
        for a in await session.execute(
            select(*_ASSIGNMENT_COLUMNS).where(EmployeePosition.organization_id == org.id, current)
        )
    }
    for chunk in _chunks(employee_ids):
        for a in await session.execute(
            select(*_ASSIGNMENT_COLUMNS).where(EmployeePosition.employee_id.in_(chunk), current)
        ):
            found[a.id] = a
    return list(found.values())


async def _update_by_id(
    session: AsyncSession, model: type[Any], changes: Mapping[uuid.UUID, Mapping[str, Any]]
) -> None:
    """Load the records that change as ORM objects and change them (versioned, audited)."""
    ids = list(changes)
    for chunk in _chunks(ids):
        for obj in await session.scalars(select(model).where(model.id.in_(chunk))):
            for key, value in changes[obj.id].items():
                setattr(obj, key, value)
    await session.flush()


async def import_employees(
    session: AsyncSession,
    org: Organization,
    parsed: Parsed[EmployeeRow],
    *,
    dry_run: bool,
    today: date,
    answers: NipAnswers = UNLIMITED,
) -> Counts:
    errors = parsed.errors
    present = parsed.columns
    first = _first_rows(
        ((n, normalize_nip(nip) if (nip := v.get("nip")) else None) for n, v in parsed.raw),
        errors,
        "nip",
        M_NIP,
    )

    # Each row on its own: the API's rules for NIP and golongan, complete position columns.
    candidates: list[tuple[int, EmployeeRow, str, str | None]] = []
    for number, row in parsed.valid:
        nip = normalize_nip(row.nip)
        for problem in nip_problems(nip, today):
            errors.problem(number, problem)
        golongan = normalize_golongan(row.golongan) if row.golongan else None
        if row.golongan and golongan is None:
            errors.problem(number, GOLONGAN_INVALID)
        if (row.unit_code is None) != (row.position_name is None):
            errors.add(
                number,
                "position_name" if row.position_name is None else "unit_code",
                "position_incomplete",
                M_PAIR,
                first="unit_code",
                second="position_name",
            )
        elif row.unit_code is not None and row.start_date is None:
            errors.add(number, "start_date", "start_date_required", M_START_REQUIRED)
        if row.unit_code is None and row.position_name is None:
            for column in ("start_date", "decree_number"):
                if getattr(row, column) is not None:
                    errors.add(number, column, "position_required", M_ONLY_WITH_POSITION)
        if number not in errors.rows and first.get(nip) == number:
            candidates.append((number, row, nip, golongan))

    known = await _employees_by_nip(session, [nip for _, _, nip, _ in candidates])
    positions = await _Positions.load(session, org)
    starts = [row.start_date for _, row, _, _ in candidates if row.start_date is not None]
    own = [e.id for e in known.values() if e.organization_id == org.id]
    by_employee: dict[uuid.UUID, list[Span]] = defaultdict(list)
    by_position: dict[uuid.UUID, list[Span]] = defaultdict(list)
    recorded: dict[tuple[uuid.UUID, uuid.UUID, date], Any] = {}
    for a in await _assignments(session, org, own, min([today, *starts])):
        span = Span(a.employee_id, a.position_id, a.kind, a.start_date, a.end_date)
        by_employee[a.employee_id].append(span)
        by_position[a.position_id].append(span)
        if a.kind is AssignmentKind.DEFINITIVE:
            recorded[(a.employee_id, a.position_id, a.start_date)] = a

    opd_of = await opd_by_unit(session, org.id)
    unit_of_plan: dict[uuid.UUID, uuid.UUID] = {}
    plans: list[_EmployeePlan] = []
    for number, row, nip, golongan in candidates:
        current = known.get(nip)
        if current is not None and current.organization_id != org.id:
            await answers.taken_elsewhere(
                session, org.id, nip, "import_dry_run" if dry_run else "import"
            )
            errors.add(number, "nip", "employee_nip_taken", M_NIP_TAKEN, nip=nip)
            continue
        plan = _EmployeePlan(
            number, row, nip, golongan, current, current.id if current else uuid7()
        )
        plans.append(plan)
        status = row.status or (current.status if current else EmployeeStatus.ACTIVE)
        leaving = current is not None and status not in SERVING and current.status in SERVING
        if leaving and any(s.end_date is None or s.end_date >= today for s in by_employee[plan.id]):
            errors.add(number, "status", "employee_has_assignments", M_STILL_ASSIGNED)
        if row.unit_code is None or row.position_name is None or row.start_date is None:
            continue
        position = positions.find(
            (row.unit_code, row.position_name),
            row=number,
            column="position_name",
            errors=errors,
            prefix="position",
            missing=M_POSITION_NOT_FOUND,
            inactive=M_POSITION_INACTIVE,
        )
        if position is None:
            continue
        if status not in SERVING:
            errors.add(number, "status", "employee_not_serving", M_NOT_SERVING, status=status.value)
            continue
        same = recorded.get((plan.id, position.id, row.start_date))
        if same is not None:  # already recorded; only the decree number may change (as PATCH)
            if "decree_number" in present and same.decree_number != row.decree_number:
                plan.decree_change = (same.id, row.decree_number)
            continue
        held = by_employee[plan.id]
        structural = position.kind is PositionKind.STRUKTURAL
        span = Span(plan.id, position.id, AssignmentKind.DEFINITIVE, row.start_date, None)
        others = held + by_position[position.id] if structural else held
        conflict = assignment_conflict(span, others, structural_position=structural)
        if conflict is not None:
            errors.problem(number, conflict, ASSIGNMENT_COLUMNS.get(conflict.field))
            continue
        held.append(span)
        by_position[position.id].append(span)
        unit_of_plan[plan.id] = position.unit_id
        plan.assignment = {
            "id": uuid7(),
            "organization_id": org.id,
            "employee_id": plan.id,
            "position_id": position.id,
            "kind": AssignmentKind.DEFINITIVE,
            "start_date": row.start_date,
            "end_date": None,
            "decree_number": row.decree_number,
        }
    errors.check()

    counts = Counts()
    new_employees: list[dict[str, Any]] = []
    employee_changes: dict[uuid.UUID, dict[str, Any]] = {}
    decree_changes: dict[uuid.UUID, dict[str, Any]] = {}
    for plan in plans:
        row = plan.row
        values: dict[str, Any] = {"name": row.name.strip()}
        if "golongan" in present:
            values["golongan"] = plan.golongan
        if "email" in present:
            values["email"] = row.email.lower() if row.email else None
        if "phone" in present:
            values["phone"] = row.phone
        if row.status is not None:
            values["status"] = row.status
        if plan.assignment is not None:
            counts.assignments_created += 1
            # A definitive position places the employee in its OPD (as the API does).
            opd = opd_of.get(unit_of_plan[plan.id])
            if plan.current is None or plan.current.opd_id != opd:
                values["opd_id"] = opd
        if plan.current is None:
            new_employees.append(
                {"id": plan.id, "organization_id": org.id, "nip": plan.nip, **values}
            )
            counts.created += 1
            continue
        changes = _changes(plan.current, values)
        if changes:
            employee_changes[plan.id] = changes
        if plan.decree_change is not None:
            assignment_id, decree = plan.decree_change
            decree_changes[assignment_id] = {"decree_number": decree}
        if changes or plan.assignment is not None or plan.decree_change is not None:
            counts.updated += 1
        else:
            counts.unchanged += 1
    if not dry_run:
        await insert_audited(session, Employee, full_rows(Employee, new_employees))
        await _update_by_id(session, Employee, employee_changes)
        await _update_by_id(session, EmployeePosition, decree_changes)
        assignments = [p.assignment for p in plans if p.assignment is not None]
        await insert_audited(session, EmployeePosition, full_rows(EmployeePosition, assignments))
    return counts


# ---- running an import ---------------------------------------------------------------------


async def run_import(
    session: AsyncSession,
    org: Organization,
    parsed: Parsed[Any],
    *,
    dry_run: bool,
    today: date,
    max_errors: int,
    source: str | None = None,
    answers: NipAnswers = UNLIMITED,
) -> ImportResult:
    """Check every row against the organization's data, then write all or nothing.

    Raises :class:`ImportRejected` (422) listing every problem; nothing is written then. A
    database conflict while writing (a concurrent change) rolls the whole import back too.
    """
    if parsed.fatal:
        raise ImportRejected(parsed.errors.items, max_listed=max_errors)
    if not dry_run:
        name = (source or "upload")[:200]
        set_reason(session, f"bulk import of {parsed.kind.value} from {name}")
    try:
        if parsed.kind is ImportKind.UNITS:
            counts = await import_units(session, org, parsed, dry_run=dry_run)
        elif parsed.kind is ImportKind.POSITIONS:
            counts = await import_positions(session, org, parsed, dry_run=dry_run, today=today)
        else:
            counts = await import_employees(
                session, org, parsed, dry_run=dry_run, today=today, answers=answers
            )
    except _Invalid:
        raise ImportRejected(parsed.errors.items, max_listed=max_errors) from None
    return ImportResult(
        kind=parsed.kind,
        dry_run=dry_run,
        rows=parsed.rows,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        assignments_created=counts.assignments_created,
    )


# ---- export and templates ------------------------------------------------------------------


def template_rows(kind: ImportKind) -> list[tuple[object, ...]]:
    return list(EXAMPLES[kind])


async def export_rows(
    session: AsyncSession, org: Organization, kind: ImportKind, today: date
) -> list[tuple[object, ...]]:
    """The rows of an export, in :data:`COLUMNS` order; they import back unchanged.

    Units and positions: the active ones (what imports create), parents/superiors before
    what is below them. Employees: everyone in the organization with their definitive
    position on ``today``, if any. Loaded in a fixed number of queries whatever the size.
    """
    if kind is ImportKind.UNITS:
        return await _export_units(session, org)
    if kind is ImportKind.POSITIONS:
        return await _export_positions(session, org)
    return await _export_employees(session, org, today)


async def _export_units(session: AsyncSession, org: Organization) -> list[tuple[object, ...]]:
    units = (
        await session.execute(
            select(Unit.id, Unit.code, Unit.name, Unit.parent_id).where(
                Unit.organization_id == org.id, Unit.is_active.is_(True)
            )
        )
    ).all()
    code_of = {u.id: u.code for u in units}
    parent_of = {u.code: code_of.get(u.parent_id) if u.parent_id else None for u in units}
    depth = _depths(parent_of)
    ordered = sorted(units, key=lambda u: (depth[u.code], u.code))
    return [(u.code, u.name, parent_of[u.code]) for u in ordered]


async def _export_positions(session: AsyncSession, org: Organization) -> list[tuple[object, ...]]:
    rows = (
        await session.execute(
            select(Position, Unit.code, Unit.head_position_id)
            .join(Unit, Unit.id == Position.unit_id)
            .where(Position.organization_id == org.id, Position.is_active.is_(True))
        )
    ).all()
    key_of = {p.id: (code, p.name) for p, code, _ in rows}
    depth = _depths({p.id: p.superior_id for p, _, _ in rows})
    ordered = sorted(rows, key=lambda r: (depth[r[0].id], r[1], r[0].name))
    out: list[tuple[object, ...]] = []
    for p, unit_code, head_id in ordered:
        superior = key_of.get(p.superior_id) if p.superior_id else None
        out.append(
            (
                unit_code,
                p.name,
                p.kind.value,
                p.level.value if p.level else None,
                p.jenjang.value if p.jenjang else None,
                p.job_class,
                superior[0] if superior else None,
                superior[1] if superior else None,
                YES if head_id == p.id else NO,
            )
        )
    return out


async def _export_employees(
    session: AsyncSession, org: Organization, today: date
) -> list[tuple[object, ...]]:
    held: dict[uuid.UUID, tuple[str, str, date, str | None]] = {}
    for employee_id, unit_code, position_name, start, decree in await session.execute(
        select(
            EmployeePosition.employee_id,
            Unit.code,
            Position.name,
            EmployeePosition.start_date,
            EmployeePosition.decree_number,
        )
        .join(Position, Position.id == EmployeePosition.position_id)
        .join(Unit, Unit.id == Position.unit_id)
        .where(
            EmployeePosition.organization_id == org.id,
            EmployeePosition.kind == AssignmentKind.DEFINITIVE,
            assignment_active_on(today),
        )
        .order_by(EmployeePosition.start_date.desc())
    ):
        held[employee_id] = (unit_code, position_name, start, decree)  # the earliest wins
    out: list[tuple[object, ...]] = []
    for e in await session.execute(
        select(
            Employee.id,
            Employee.nip,
            Employee.name,
            Employee.golongan,
            Employee.status,
            Employee.email,
            Employee.phone,
        )
        .where(Employee.organization_id == org.id)
        .order_by(Employee.name, Employee.nip)
    ):
        position = held.get(e.id)
        out.append(
            (
                e.nip,
                e.name,
                e.golongan,
                e.status.value,
                e.email,
                e.phone,
                *(position or (None, None, None, None)),
            )
        )
    return out
