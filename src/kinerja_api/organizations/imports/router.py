"""HTTP: bulk import (CSV/XLSX upload), import templates and exports of units, positions and
employees. The rules live in :mod:`kinerja_api.organizations.imports.service`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from kinerja_api.auth.deps import require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.errors import PayloadTooLarge
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.tabular import XLSX_MEDIA_TYPE, TableFormat, write_table
from kinerja_api.organizations import service
from kinerja_api.organizations.employees.nip_answers import nip_answers
from kinerja_api.organizations.imports import service as imports
from kinerja_api.organizations.schemas import ImportKind, ImportResult

router = APIRouter(tags=["imports"])

KindPath = Annotated[
    ImportKind,
    Path(description="`units`, `positions` or `employees`."),
]
FormatQuery = Annotated[
    TableFormat,
    Query(alias="format", description="`xlsx` (default) or `csv` (UTF-8 with BOM)."),
]

_COLUMNS_DOC = "\n".join(
    f"* **{kind.value}**: " + ", ".join(f"`{c}`" for c in imports.COLUMNS[kind])
    for kind in ImportKind
)

_TEXT_DOC = "; ".join(
    f"{kind.value}: " + ", ".join(f"`{c}`" for c in imports.TEXT_COLUMNS[kind])
    for kind in ImportKind
)

_FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment (`Content-Disposition`).",
        "content": {
            XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _file_response(
    fmt: TableFormat, kind: ImportKind, rows: Sequence[Sequence[object]], name: str
) -> StreamingResponse:
    """Stream a table; the name only holds codes and dates (``[A-Za-z0-9._-]``)."""
    columns = imports.COLUMNS[kind]
    return StreamingResponse(
        write_table(fmt, columns, rows, title=name, text_columns=imports.TEXT_COLUMNS[kind]),
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'},
    )


@router.post(
    "/organizations/{org_id}/imports/{kind}",
    response_model=ImportResult,
    summary="Import units, positions or employees from a CSV or XLSX file",
    description=f"""Upload one file (multipart field `file`, CSV or XLSX — told apart by the
content, not the name; CSV in UTF-8 with `,` or `;`). The columns are those of the template
and the export:

{_COLUMNS_DOC}

Every row is checked first — the same rules as the single-record endpoints, plus duplicates
within the file, references to other rows or to existing records, and cycles. If anything is
wrong the answer is **422** `import_invalid` with every error in `errors` (`row` — the header
is row 1 — `field` = column, `message` in the request language) and `error_count`; **nothing
is written**. Otherwise everything is written in one transaction (all or nothing). With
`dry_run=true` the checks run and the counts are returned, but nothing is written.

**Keys and re-import.** Units are identified by `code`, positions by `unit_code` + `name`
(among active positions), employees by NIP. A row whose key exists **updates** that record
(`updated`), or counts as `unchanged` when nothing differs, so importing a file twice or
importing an export changes nothing. Columns left out of the file are not touched; an empty
cell clears an optional value (except `status` and `is_head`, kept when empty). Units may name
a parent that comes later in the file. `is_head` (`ya`/`tidak`) makes the position the head of
its unit. An employee row with `unit_code` + `position_name` + `start_date` adds a definitive
assignment unless the employee already holds that position from that date; an import never
ends, moves or deletes anything. Enum cells accept `Ahli Pertama` for `ahli_pertama`;
`start_date` accepts `YYYY-MM-DD` or `DD/MM/YYYY`; `status` also `aktif`/`cuti`/`pensiun`.

**Identifiers are text.** In an XLSX file the identifier columns ({_TEXT_DOC}) must be text
cells: a number there is a row error (`number_not_text`) saying to format the column as text —
a spreadsheet keeps only 15 digits of a number, so an 18-digit NIP typed as a number has
already changed, and leading zeros are lost. The XLSX templates and exports format these
columns as text.

A NIP registered in another organization is refused (`employee_nip_taken`, "already
registered", never where); each such answer, dry runs included, is audited and counts against
the account's budget `KINERJA_NIP_TAKEN_ANSWERS` (429 `nip_answers_limited` above it).

Limits: `KINERJA_IMPORT_MAX_BYTES` per file (413 above), `KINERJA_IMPORT_MAX_ROWS` rows.
Admins of the organization and platform admins. Writes are in the audit log with the reason
`bulk import of <kind> from <file name>`.""",
    responses=problems(*AUTHED, 404, 409, 413),
)
async def import_data(
    org_id: uuid.UUID,
    kind: KindPath,
    file: Annotated[UploadFile, File(description="The CSV or XLSX file.")],
    principal: Annotated[Principal, require(Perm.DATA_IMPORT)],
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    dry_run: Annotated[bool, Query(description="Check and count only; write nothing.")] = False,
) -> ImportResult:
    org = await service.visible_organization(session, principal, org_id)
    limit = settings.import_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(
            {
                "id": "Berkas melebihi batas {limit} bita.",
                "en": "The file exceeds the limit of {limit} bytes.",
            },
            limit=limit,
        )
    parsed = await run_in_threadpool(
        imports.parse_file, kind, data, file.filename, max_rows=settings.import_max_rows
    )
    return await imports.run_import(
        session,
        org,
        parsed,
        dry_run=dry_run,
        today=service.org_today(org),
        max_errors=settings.import_max_errors,
        source=file.filename,
        answers=nip_answers(request, principal),
    )


@router.get(
    "/organizations/{org_id}/imports/{kind}/template",
    response_class=StreamingResponse,
    summary="Download an import template (header and an example row)",
    description="The columns of the import with example rows (a neutral agency, "
    "`DINAS-CONTOH`). Fill it in, delete the example rows, and upload it to the import "
    "endpoint. In XLSX the identifier columns (NIP, phone, codes, decree number) are "
    "formatted as text: an XLSX import refuses a number in them (a spreadsheet keeps 15 "
    "digits of a number, so an 18-digit NIP typed as a number is already wrong).",
    responses={**_FILE_RESPONSE, **problems(*AUTHED, 404)},
)
async def import_template(
    org_id: uuid.UUID,
    kind: KindPath,
    principal: Annotated[Principal, require(Perm.DATA_IMPORT)],
    session: SessionDep,
    fmt: FormatQuery = TableFormat.XLSX,
) -> StreamingResponse:
    await service.visible_organization(session, principal, org_id)
    return _file_response(fmt, kind, imports.template_rows(kind), f"template-{kind.value}")


@router.get(
    "/organizations/{org_id}/exports/{kind}",
    response_class=StreamingResponse,
    summary="Export units, positions or employees as CSV or XLSX",
    description="The same columns as the import, so an export can be edited and imported "
    "back (it imports as all `unchanged`). Units and positions: the active ones, parents and "
    "superiors first. Employees: everyone in the organization with NIP, contact data and "
    "their definitive position today (organization time zone). Text that a spreadsheet "
    "would run as a formula is guarded: a leading apostrophe in CSV (the import removes it), "
    "Excel's quote prefix (a text cell) in XLSX. In XLSX the identifier columns are "
    "formatted as text.",
    responses={**_FILE_RESPONSE, **problems(*AUTHED, 404)},
)
async def export_data(
    org_id: uuid.UUID,
    kind: KindPath,
    principal: Annotated[Principal, require(Perm.DATA_EXPORT)],
    session: SessionDep,
    fmt: FormatQuery = TableFormat.XLSX,
) -> StreamingResponse:
    org = await service.visible_organization(session, principal, org_id)
    today = service.org_today(org)
    rows = await imports.export_rows(session, org, kind, today)
    return _file_response(fmt, kind, rows, f"{kind.value}-{org.code}-{today.isoformat()}")
