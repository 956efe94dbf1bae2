"""HTTP: stakeholder surveys for admins (``surveys:manage``): build, publish, close, results,
export. Answering is public: see :mod:`kinerja_api.needs.surveys.public_router`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import StreamingResponse

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.tabular import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, TableFormat, write_table
from kinerja_api.needs.surveys import service
from kinerja_api.needs.surveys.models import RespondentGroup, Survey, SurveyAnswer, SurveyStatus
from kinerja_api.needs.surveys.schemas import (
    SurveyCreate,
    SurveyRead,
    SurveyResults,
    SurveyUpdate,
    TextAnswerRead,
)
from kinerja_api.organizations.service import visible_organization

router = APIRouter(tags=["surveys"], route_class=IdempotentRoute)

Manager = Annotated[Principal, require(Perm.SURVEYS_MANAGE)]


@router.get(
    "/organizations/{org_id}/surveys",
    response_model=Page[SurveyRead],
    summary="List stakeholder surveys",
    responses=problems(*AUTHED, 404),
)
async def list_surveys(
    org_id: uuid.UUID,
    principal: Manager,
    session: SessionDep,
    page: PageDep,
    survey_status: Annotated[SurveyStatus | None, Query(alias="status")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of title")
    ] = None,
) -> Page[SurveyRead]:
    await visible_organization(session, principal, org_id)
    stmt = service.surveys_of(org_id)
    if survey_status is not None:
        stmt = stmt.where(Survey.status == survey_status)
    if q:
        stmt = stmt.where(Survey.title.ilike(f"%{q}%"))
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"created_at": Survey.created_at, "title": Survey.title},
        default_sort="created_at",
        id_column=Survey.id,
    )
    counts = await service.response_counts(session, [s.id for s in rows])
    return Page[SurveyRead](
        items=[service.survey_read(s, counts.get(s.id, 0)) for s in rows],
        next_cursor=cursor,
        limit=page.limit,
    )


@router.post(
    "/organizations/{org_id}/surveys",
    response_model=SurveyRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a survey (draft)",
    description="Questions in order: `scale` (1–5 with five labels), `single_choice`, "
    "`multiple_choice` (optional `max_selections`) and `text` (`max_length`). Keys are unique "
    "within the survey. The draft can be changed until it is published. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_survey(
    org_id: uuid.UUID,
    body: SurveyCreate,
    response: Response,
    principal: Manager,
    session: SessionDep,
) -> SurveyRead:
    org = await visible_organization(session, principal, org_id)
    survey = await service.create_survey(session, org, body)
    created(response, f"/api/v1/surveys/{survey.id}", survey.version)
    return service.survey_read(survey, 0)


async def _read(session: SessionDep, survey: Survey, response: Response) -> SurveyRead:
    counts = await service.response_counts(session, [survey.id])
    set_etag(response, survey.version)
    return service.survey_read(survey, counts.get(survey.id, 0))


@router.get(
    "/surveys/{survey_id}",
    response_model=SurveyRead,
    summary="Read a survey",
    responses=problems(*AUTHED, 404),
)
async def read_survey(
    survey_id: uuid.UUID, response: Response, principal: Manager, session: SessionDep
) -> SurveyRead:
    survey = await service.visible_survey(session, principal, survey_id)
    return await _read(session, survey, response)


@router.patch(
    "/surveys/{survey_id}",
    response_model=SurveyRead,
    summary="Change a draft survey",
    description="Only while draft (409 `survey_not_draft` afterwards). `questions` replaces "
    "the whole list. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_survey(
    survey_id: uuid.UUID,
    body: SurveyUpdate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SurveyRead:
    survey = await service.visible_survey(session, principal, survey_id)
    check_if_match(if_match, survey.version)
    survey = await service.update_survey(session, survey, body)
    return await _read(session, survey, response)


@router.delete(
    "/surveys/{survey_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a draft survey",
    description="Published surveys are closed, never deleted (409). Send `If-Match` with the "
    "ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def delete_survey(
    survey_id: uuid.UUID,
    principal: Manager,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    survey = await service.visible_survey(session, principal, survey_id)
    check_if_match(if_match, survey.version)
    await service.delete_survey(session, survey)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/surveys/{survey_id}/publish",
    response_model=SurveyRead,
    summary="Publish a survey",
    description="The survey gets an unguessable public token; respondents answer at "
    "`public_path` without signing in. Its questions are fixed from now on. Send `If-Match` "
    "with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def publish_survey(
    survey_id: uuid.UUID,
    response: Response,
    principal: Manager,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SurveyRead:
    survey = await service.visible_survey(session, principal, survey_id)
    check_if_match(if_match, survey.version)
    survey = await service.publish_survey(session, survey)
    return await _read(session, survey, response)


@router.post(
    "/surveys/{survey_id}/close",
    response_model=SurveyRead,
    summary="Close a survey",
    description="No more answers are accepted (the public link answers 410); results stay. "
    "Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def close_survey(
    survey_id: uuid.UUID,
    response: Response,
    principal: Manager,
    session: SessionDep,
    if_match: IfMatch = None,
) -> SurveyRead:
    survey = await service.visible_survey(session, principal, survey_id)
    check_if_match(if_match, survey.version)
    survey = await service.close_survey(session, survey)
    return await _read(session, survey, response)


@router.get(
    "/surveys/{survey_id}/results",
    response_model=SurveyResults,
    summary="Aggregated results of a survey",
    description="Per question, overall and per respondent group: scale questions give the "
    "count, mean and distribution over 1–5; choice questions give counts and percentages per "
    "option (of the respondents who answered; multiple choice may add up to more than 100); "
    "text questions give the count (answers: `.../results/{question_key}/answers`).",
    responses=problems(*AUTHED, 404),
)
async def read_survey_results(
    survey_id: uuid.UUID, principal: Manager, session: SessionDep
) -> SurveyResults:
    survey = await service.visible_survey(session, principal, survey_id)
    return await service.survey_results(session, survey)


@router.get(
    "/surveys/{survey_id}/results/{question_key}/answers",
    response_model=Page[TextAnswerRead],
    summary="Answers to a text question",
    description="Sort: `id` (order received, default) or `-id` (newest first).",
    responses=problems(*AUTHED, 404),
)
async def list_text_answers(
    survey_id: uuid.UUID,
    question_key: Annotated[str, Path(max_length=32)],
    principal: Manager,
    session: SessionDep,
    page: PageDep,
    group: RespondentGroup | None = None,
) -> Page[TextAnswerRead]:
    survey = await service.visible_survey(session, principal, survey_id)
    stmt = service.text_answers_of(survey, question_key, group)
    return await paginate(
        session,
        stmt,
        page,
        sorts={"id": SurveyAnswer.id},
        default_sort="id",
        id_column=SurveyAnswer.id,
        into=service.text_answer_read,
    )


@router.get(
    "/surveys/{survey_id}/responses/export",
    summary="Export the raw responses (CSV or XLSX)",
    description="One row per response: `response_id`, `submitted_at` (the organization's "
    "local time), `respondent_group`, then one column per question key (multiple choices "
    "joined with `; `). Text that a spreadsheet would run as a formula is prefixed with `'`.",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The file",
            "content": {CSV_MEDIA_TYPE: {}, XLSX_MEDIA_TYPE: {}},
        },
        **problems(*AUTHED, 404),
    },
)
async def export_responses(
    survey_id: uuid.UUID,
    principal: Manager,
    session: SessionDep,
    fmt: Annotated[TableFormat, Query(alias="format")] = TableFormat.CSV,
) -> StreamingResponse:
    survey = await service.visible_survey(session, principal, survey_id)
    org = await visible_organization(session, principal, survey.organization_id)
    columns, rows = await service.export_table(session, survey, org)
    filename = f"survey-{survey.id}-responses.{fmt.value}"
    return StreamingResponse(
        write_table(fmt, columns, rows, title="tanggapan"),
        media_type=fmt.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
