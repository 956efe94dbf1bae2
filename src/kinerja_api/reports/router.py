"""HTTP: official documents as PDF (A4, Indonesian), rendered from the templates.

Each document is authorized exactly like the data it holds: the SKP document like
``GET /skp/{skp_id}`` (owner, their supervisors up the chain, the organization's admins;
another organization's SKP is 404); the evaluation document like
``GET /appraisals/{appraisal_id}``; the monthly activity recap like the activity summary.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from kinerja_api.auth.deps import require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.clock import Now
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.validation import MONTH_PATTERN
from kinerja_api.reports import documents
from kinerja_api.reports.render import render

router = APIRouter(tags=["reports"])

PDF_MEDIA_TYPE = "application/pdf"
SkpReader = Annotated[Principal, require(Perm.SKP_READ)]
AppraisalReader = Annotated[Principal, require(Perm.APPRAISALS_READ)]
AppraisalAdmin = Annotated[Principal, require(Perm.APPRAISALS_ADMIN)]
PNG_MEDIA_TYPE = "image/png"
#: Resolution of the curve picture: 18 cm wide → about 1,000 pixels.
CURVE_PPI = 144
ActivityReader = Annotated[Principal, require(Perm.ACTIVITIES_READ)]
MonthQuery = Annotated[
    str,
    Query(pattern=MONTH_PATTERN, description="Month `YYYY-MM`", examples=["2026-03"]),
]


def _pdf_response(description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": description + " As an attachment (`Content-Disposition`).",
            "content": {PDF_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **problems(*AUTHED, 404),
    }


async def _pdf(document: documents.Document) -> Response:
    body = await render(document.template, document.data)
    return Response(
        body,
        media_type=PDF_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


async def _png(document: documents.Document) -> Response:
    body = await render(document.template, document.data, fmt="png", ppi=CURVE_PPI)
    return Response(
        body,
        media_type=PNG_MEDIA_TYPE,
        headers={
            # inline: a page may show it in an <img>; the name still serves a download
            "Content-Disposition": f'inline; filename="{document.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get(
    "/skp/{skp_id}/pdf",
    response_class=Response,
    summary="The SKP as a PDF document (national form)",
    description="The performance plan in the layout of the PermenPANRB 6/2022 annex: period "
    "and instansi, identities of the employee and the appraiser (as submitted, else as they "
    "stand today), the work results (RHK utama and tambahan with the superior's RHK they "
    "intervene, aspect, indicator and target; the perspective column for JPT), the BerAKHLAK "
    "behaviour expectations, signature blocks and the annex (resource support, "
    "accountability scheme, consequences). A draft, submitted or returned SKP carries a "
    "DRAFT mark. Readable by whoever may read the SKP. File name `SKP_<year>_<NIP>.pdf`.",
    responses=_pdf_response("The SKP document (A4 PDF)."),
)
async def skp_pdf(skp_id: uuid.UUID, principal: SkpReader, session: SessionDep) -> Response:
    return await _pdf(await documents.skp_document(session, principal, skp_id))


@router.get(
    "/appraisals/{appraisal_id}/pdf",
    response_class=Response,
    summary="The performance evaluation document of an appraisal as a PDF",
    description="Dokumen Evaluasi Kinerja Pegawai: period and instansi, identities of the "
    "employee (as snapshot when the period opened) and the appraiser (a regional head has no "
    "NIP: `-`), realization per indicator with the achievement, the appraiser's rating and "
    "feedback per RHK, the work-result rating, the BerAKHLAK ratings with expectations and "
    "feedback, the predikat and how it was computed (the matrix cell; for a unit head the "
    "organization result the work-result rating follows), credit points where they apply, "
    "place, date and signature blocks. An annual appraisal, and a unit head's, also shows "
    "the organization result and the distribution curve of the group. An appraisal not yet "
    "finalized carries a DRAFT mark. Readable by whoever may read the appraisal. File name "
    "`Evaluasi_<kind>_<period start>_<NIP>.pdf`.",
    responses=_pdf_response("The evaluation document (A4 PDF)."),
)
async def appraisal_pdf(
    appraisal_id: uuid.UUID, principal: AppraisalReader, session: SessionDep, now: Now
) -> Response:
    return await _pdf(await documents.evaluation_document(session, principal, appraisal_id, now))


@router.get(
    "/employees/{employee_id}/activity-recap.pdf",
    response_class=Response,
    summary="An employee's monthly activity recap as a PDF",
    description="Rekapitulasi laporan kinerja harian of one month: identities of the employee "
    "and the supervisor (the appraiser on the month's last day, or today within the month), "
    "each day with approved reports and its activities (time, description, quantity and "
    "unit, the RHK served), the totals per RHK as the activity summary counts them, and "
    "signature blocks. Pending and rejected reports are only counted, not listed. Readable "
    "by whoever may read `GET /employees/{employee_id}/activity-summary`. File name "
    "`Rekap-Aktivitas_<month>_<NIP>.pdf`.",
    responses=_pdf_response("The monthly activity recap (A4 PDF)."),
)
async def activity_recap_pdf(
    employee_id: uuid.UUID, month: MonthQuery, principal: ActivityReader, session: SessionDep
) -> Response:
    return await _pdf(
        await documents.activity_recap_document(session, principal, employee_id, month)
    )


@router.get(
    "/appraisal-periods/{period_id}/curve.png",
    response_class=Response,
    summary="The distribution curve of a unit kerja or the whole organization as a PNG chart",
    description="Instansi admin. The curve check of `GET /appraisal-periods/{period_id}/curve` "
    "(the group `unit_id` belongs to: its unit kerja at `appraisal.curve_level`, default the "
    "OPD; without `unit_id` the whole organization) drawn as a chart: the number and share "
    "of each predikat, and each bound of the curve for the recorded organization result with "
    "its allowed range, the share it counts and whether it holds. About 1,000 pixels wide. "
    "409 `organization_result_missing` when no organization result yet. File name "
    "`Kurva_<kind>_<period start>_<unit code>.png` (inline).",
    responses={
        200: {
            "description": "The chart (PNG).",
            "content": {PNG_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **problems(*AUTHED, 404, 409),
    },
)
async def curve_png(
    period_id: uuid.UUID,
    principal: AppraisalAdmin,
    session: SessionDep,
    unit_id: Annotated[
        uuid.UUID | None, Query(description="A unit of the group to draw (default: all)")
    ] = None,
) -> Response:
    return await _png(await documents.curve_picture(session, principal, period_id, unit_id))
