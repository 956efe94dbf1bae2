"""Stakeholder surveys: building, publishing, public answering, results and export."""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager, selectinload

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity
from kinerja_api.needs.register.models import Need
from kinerja_api.needs.surveys.errors import (
    AlreadyAnswered,
    QuestionNotFound,
    SurveyClosed,
    SurveyInUse,
    SurveyNotDraft,
    SurveyNotPublished,
)
from kinerja_api.needs.surveys.models import (
    QuestionType,
    RespondentGroup,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from kinerja_api.needs.surveys.rules import (
    QuestionSpec,
    QuestionSummary,
    check_answers,
    definition_problems,
    respondent_hash,
    summarize,
)
from kinerja_api.needs.surveys.schemas import (
    PublicResponseCreate,
    PublicSurvey,
    Question,
    QuestionRead,
    QuestionResults,
    QuestionSummaryRead,
    SurveyCreate,
    SurveyRead,
    SurveyResults,
    SurveyUpdate,
    TallyRead,
    TextAnswerRead,
)
from kinerja_api.organizations.models import Organization

PUBLIC_PREFIX = "/api/v1/public/surveys/"
_GROUP_ORDER = list(RespondentGroup)


def spec_of(q: SurveyQuestion) -> QuestionSpec:
    return QuestionSpec(
        key=q.key,
        type=q.type,
        text=q.text,
        required=q.required,
        labels=tuple(q.labels or ()),
        options=tuple((o["key"], o["label"]) for o in (q.options or ())),
        max_selections=q.max_selections,
        max_length=q.max_length,
    )


def _spec_of_input(q: Question) -> QuestionSpec:
    return QuestionSpec(
        key=q.key,
        type=q.type,
        text=q.text,
        required=q.required,
        labels=tuple(getattr(q, "labels", ())),
        options=tuple((o.key, o.label) for o in getattr(q, "options", ())),
        max_selections=getattr(q, "max_selections", None),
        max_length=getattr(q, "max_length", None),
    )


def _ordered_groups(values: Iterable[RespondentGroup | str]) -> list[RespondentGroup]:
    groups = {RespondentGroup(g) for g in values}
    return [g for g in _GROUP_ORDER if g in groups]


def _audience(survey: Survey) -> list[RespondentGroup]:
    return _ordered_groups(survey.audience)


# ---- admin: building and publishing --------------------------------------------------------


def surveys_of(org_id: uuid.UUID) -> Select[Survey]:
    return (
        select(Survey)
        .where(Survey.organization_id == org_id)
        .options(selectinload(Survey.questions))
    )


async def visible_survey(
    session: AsyncSession, principal: Principal, survey_id: uuid.UUID
) -> Survey:
    """The survey with its questions, if it belongs to an organization the caller may
    access; else 404."""
    survey = await session.scalar(
        select(Survey).where(Survey.id == survey_id).options(selectinload(Survey.questions))
    )
    if survey is None or not principal.can_access_org(survey.organization_id):
        raise NotFound()
    return survey


async def response_counts(
    session: AsyncSession, survey_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    if not survey_ids:
        return {}
    rows = await session.execute(
        select(SurveyResponse.survey_id, func.count())
        .where(SurveyResponse.survey_id.in_(survey_ids))
        .group_by(SurveyResponse.survey_id)
    )
    return {sid: int(n) for sid, n in rows}


def survey_read(survey: Survey, response_count: int) -> SurveyRead:
    return SurveyRead(
        id=survey.id,
        organization_id=survey.organization_id,
        title=survey.title,
        description=survey.description,
        audience=_audience(survey),
        status=survey.status,
        public_token=survey.public_token,
        public_path=PUBLIC_PREFIX + survey.public_token if survey.public_token else None,
        published_at=survey.published_at,
        closed_at=survey.closed_at,
        questions=[QuestionRead.model_validate(q) for q in survey.questions],
        response_count=response_count,
        created_at=survey.created_at,
        updated_at=survey.updated_at,
        version=survey.version,
    )


def _question_rows(org_id: uuid.UUID, questions: Sequence[Question]) -> list[SurveyQuestion]:
    problems = definition_problems([_spec_of_input(q) for q in questions])
    if problems:
        raise UnprocessableEntity(errors=problems)
    rows = []
    for position, q in enumerate(questions, start=1):
        data = q.model_dump(mode="json")
        rows.append(
            SurveyQuestion(
                organization_id=org_id,
                key=q.key,
                position=position,
                type=q.type,
                text=q.text,
                required=q.required,
                labels=data.get("labels"),
                options=data.get("options"),
                max_selections=data.get("max_selections"),
                max_length=data.get("max_length"),
            )
        )
    return rows


async def create_survey(session: AsyncSession, org: Organization, data: SurveyCreate) -> Survey:
    survey = Survey(
        organization_id=org.id,
        title=data.title,
        description=data.description,
        audience=[g.value for g in _ordered_groups(data.audience)],
        status=SurveyStatus.DRAFT,
        questions=_question_rows(org.id, data.questions),
    )
    session.add(survey)
    await session.flush()
    return survey


def _not_draft() -> Conflict:
    return SurveyNotDraft()


async def update_survey(session: AsyncSession, survey: Survey, data: SurveyUpdate) -> Survey:
    if survey.status is not SurveyStatus.DRAFT:
        raise _not_draft()
    changes = data.model_dump(exclude_unset=True, exclude={"questions"})
    questions = data.questions if "questions" in data.model_fields_set else None
    new_rows = _question_rows(survey.organization_id, questions) if questions else None
    for key in ("title", "audience"):
        if changes.get(key) is None:
            changes.pop(key, None)  # required fields: null leaves them unchanged
    if "audience" in changes:
        changes["audience"] = [g.value for g in _ordered_groups(changes["audience"])]
    for key, value in changes.items():
        setattr(survey, key, value)
    if new_rows is not None:
        for question in survey.questions:
            # Explicit deletes (not just delete-orphan) so the audit log records them.
            await session.delete(question)
        survey.questions.clear()
        await session.flush()  # old keys go before new rows may reuse them
        survey.questions.extend(new_rows)
        survey.updated_at = utcnow()  # the survey's version moves with its questions
    await session.flush()
    return survey


async def delete_survey(session: AsyncSession, survey: Survey) -> None:
    if survey.status is not SurveyStatus.DRAFT:
        raise SurveyNotDraft(
            {
                "id": "Hanya survei draf yang dapat dihapus; tutup survei yang sudah terbit.",
                "en": "Only a draft survey can be deleted; close a published survey instead.",
            }
        )
    in_use = await session.scalar(
        select(Need.id).where(Need.source_survey_id == survey.id).limit(1)
    )
    if in_use is not None:
        raise SurveyInUse()
    await session.delete(survey)
    await session.flush()


async def publish_survey(session: AsyncSession, survey: Survey) -> Survey:
    if survey.status is not SurveyStatus.DRAFT:
        raise SurveyNotDraft(
            {
                "id": "Survei ini sudah diterbitkan.",
                "en": "This survey has already been published.",
            }
        )
    survey.status = SurveyStatus.PUBLISHED
    survey.public_token = secrets.token_urlsafe(16)  # 128 random bits
    survey.published_at = utcnow()
    await session.flush()
    return survey


async def close_survey(session: AsyncSession, survey: Survey) -> Survey:
    if survey.status is not SurveyStatus.PUBLISHED:
        raise SurveyNotPublished()
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = utcnow()
    await session.flush()
    return survey


# ---- public answering ----------------------------------------------------------------------


def _looks_like_token(token: str) -> bool:
    return 16 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


async def answerable_survey(session: AsyncSession, token: str) -> tuple[Survey, Organization]:
    """The published survey behind a public token: 404 if unknown or not published (or its
    organization is inactive), 410 once closed."""
    if not _looks_like_token(token):
        raise NotFound()
    row = (
        await session.execute(
            select(Survey, Organization)
            .join(Organization, Organization.id == Survey.organization_id)
            .where(Survey.public_token == token)
            .options(selectinload(Survey.questions))
        )
    ).first()
    if row is None:
        raise NotFound()
    survey, org = row
    if not org.is_active or survey.status is SurveyStatus.DRAFT:
        raise NotFound()
    if survey.status is SurveyStatus.CLOSED:
        raise SurveyClosed()
    return survey, org


def public_view(survey: Survey, org: Organization) -> PublicSurvey:
    return PublicSurvey(
        title=survey.title,
        description=survey.description,
        organization_name=org.name,
        audience=_audience(survey),
        questions=[QuestionRead.model_validate(q) for q in survey.questions],
    )


def _already_answered() -> Conflict:
    return AlreadyAnswered()


async def submit_response(
    session: AsyncSession, survey: Survey, data: PublicResponseCreate
) -> bool:
    """Validate and store one response; ``False`` when it was a honeypot submission.

    A honeypot submission goes through every check a real one does (so an automated client
    learns nothing from the answer) and is then dropped instead of stored.
    """
    questions = {q.key: q for q in survey.questions}
    checked = check_answers(
        [spec_of(q) for q in survey.questions],
        _audience(survey),
        data.respondent_group,
        data.answers,
    )
    if checked.errors:
        raise UnprocessableEntity(errors=checked.errors)
    digest = respondent_hash(survey.id, data.respondent_token)
    seen = await session.scalar(
        select(SurveyResponse.id).where(
            SurveyResponse.organization_id == survey.organization_id,
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.respondent_hash == digest,
        )
    )
    if seen is not None:
        raise _already_answered()
    if data.website and data.website.strip():
        return False
    answers: list[SurveyAnswer] = []
    for key, value in checked.values.items():
        question = questions[key]
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            answer = SurveyAnswer(organization_id=survey.organization_id, question_id=question.id)
            if question.type is QuestionType.SCALE:
                answer.scale_value = int(item)
            elif question.type is QuestionType.TEXT:
                answer.text_value = str(item)
            else:
                answer.choice = str(item)
            answers.append(answer)
    session.add(
        SurveyResponse(
            organization_id=survey.organization_id,
            survey_id=survey.id,
            respondent_group=data.respondent_group,
            respondent_hash=digest,
            answers=answers,
        )
    )
    try:
        await session.flush()
    except IntegrityError:  # the same respondent, concurrently
        raise _already_answered() from None
    return True


# ---- results -------------------------------------------------------------------------------


Key = tuple[uuid.UUID, RespondentGroup]


@dataclass(frozen=True)
class _Counts:
    totals: dict[RespondentGroup, int]
    answered: dict[Key, int]
    values: dict[Key, dict[str, int]]


async def _counts(session: AsyncSession, survey: Survey) -> _Counts:
    """Everything the results need, in three grouped queries whatever the number of
    responses."""
    totals = await session.execute(
        select(SurveyResponse.respondent_group, func.count())
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.respondent_group)
    )
    joined = (
        select()
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.survey_id == survey.id)
    )
    answered = await session.execute(
        joined.add_columns(
            SurveyAnswer.question_id,
            SurveyResponse.respondent_group,
            func.count(SurveyAnswer.response_id.distinct()),
        ).group_by(SurveyAnswer.question_id, SurveyResponse.respondent_group)
    )
    values = await session.execute(
        joined.add_columns(
            SurveyAnswer.question_id,
            SurveyResponse.respondent_group,
            SurveyAnswer.scale_value,
            SurveyAnswer.choice,
            func.count(),
        )
        .where(SurveyAnswer.text_value.is_(None))
        .group_by(
            SurveyAnswer.question_id,
            SurveyResponse.respondent_group,
            SurveyAnswer.scale_value,
            SurveyAnswer.choice,
        )
    )
    by_value: dict[Key, dict[str, int]] = defaultdict(dict)
    for qid, group, scale, choice, n in values:
        value = str(scale) if scale is not None else str(choice)
        by_value[(qid, RespondentGroup(group))][value] = int(n)
    return _Counts(
        totals={RespondentGroup(g): int(n) for g, n in totals},
        answered={(qid, RespondentGroup(g)): int(n) for qid, g, n in answered},
        values=dict(by_value),
    )


@dataclass(frozen=True)
class QuestionOutcome:
    question: SurveyQuestion
    spec: QuestionSpec
    overall: QuestionSummary
    by_group: dict[RespondentGroup, QuestionSummary]


@dataclass(frozen=True)
class Outcome:
    total: int
    by_group: dict[RespondentGroup, int]
    questions: list[QuestionOutcome]


async def outcome(session: AsyncSession, survey: Survey) -> Outcome:
    """Aggregated results of every question, overall and per respondent group."""
    counts = await _counts(session, survey)
    groups = _ordered_groups([*survey.audience, *counts.totals])
    questions = []
    for q in survey.questions:
        spec = spec_of(q)
        per_group = {}
        overall_values: dict[str, int] = defaultdict(int)
        overall_answered = 0
        for g in groups:
            answered = counts.answered.get((q.id, g), 0)
            values = counts.values.get((q.id, g), {})
            per_group[g] = summarize(spec, answered, values)
            overall_answered += answered
            for value, n in values.items():
                overall_values[value] += n
        overall = summarize(spec, overall_answered, overall_values)
        questions.append(QuestionOutcome(q, spec, overall, per_group))
    return Outcome(
        total=sum(counts.totals.values()),
        by_group={g: counts.totals.get(g, 0) for g in groups},
        questions=questions,
    )


def _summary_read(summary: QuestionSummary) -> QuestionSummaryRead:
    return QuestionSummaryRead(
        answered=summary.answered,
        mean=float(summary.mean) if summary.mean is not None else None,
        tallies=[
            TallyRead(key=t.key, label=t.label, count=t.count, percent=float(t.percent))
            for t in summary.tallies
        ],
    )


async def survey_results(session: AsyncSession, survey: Survey) -> SurveyResults:
    result = await outcome(session, survey)
    return SurveyResults(
        survey_id=survey.id,
        title=survey.title,
        status=survey.status,
        total_responses=result.total,
        responses_by_group=result.by_group,
        questions=[
            QuestionResults(
                key=o.question.key,
                type=o.question.type,
                text=o.question.text,
                overall=_summary_read(o.overall),
                by_group={g: _summary_read(s) for g, s in o.by_group.items()},
            )
            for o in result.questions
        ],
    )


def question_of(survey: Survey, key: str) -> SurveyQuestion:
    for q in survey.questions:
        if q.key == key:
            return q
    raise QuestionNotFound(
        {
            "id": f"Survei ini tidak memiliki pertanyaan '{key[:40]}'.",
            "en": f"This survey has no question '{key[:40]}'.",
        }
    )


def text_answers_of(
    survey: Survey, key: str, group: RespondentGroup | None
) -> Select[SurveyAnswer]:
    """Answers to one text question, each with its response (group, time)."""
    question = question_of(survey, key)
    if question.type is not QuestionType.TEXT:
        raise UnprocessableEntity(
            errors=[
                FieldError.of(
                    "question_key",
                    "not_text_question",
                    {
                        "id": "Hanya pertanyaan teks yang memiliki daftar jawaban; lihat "
                        "hasil survei untuk pertanyaan lain",
                        "en": "Only text questions have a list of answers; see the survey "
                        "results for other questions",
                    },
                    location="path",
                )
            ]
        )
    stmt = (
        select(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyAnswer.question_id == question.id, SurveyAnswer.text_value.is_not(None))
        .options(contains_eager(SurveyAnswer.response))
    )
    if group is not None:
        stmt = stmt.where(SurveyResponse.respondent_group == group)
    return stmt


def text_answer_read(answer: SurveyAnswer) -> TextAnswerRead:
    return TextAnswerRead(
        response_id=answer.response_id,
        respondent_group=answer.response.respondent_group,
        submitted_at=answer.response.submitted_at,
        text=answer.text_value or "",
    )


# ---- export --------------------------------------------------------------------------------


async def export_table(
    session: AsyncSession, survey: Survey, org: Organization
) -> tuple[list[str], list[list[Any]]]:
    """Raw responses, one row each: id, time (the organization's local time), group, then one
    column per question key. Multiple choices are joined with "; " in option order."""
    tz = ZoneInfo(org.timezone.iana)
    questions = list(survey.questions)
    column_of = {q.id: i for i, q in enumerate(questions)}
    option_order = {q.id: {o["key"]: n for n, o in enumerate(q.options or ())} for q in questions}
    responses = await session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id)
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        .options(selectinload(SurveyResponse.answers))
    )
    rows: list[list[Any]] = []
    for response in responses:
        cells: list[Any] = [None] * len(questions)
        chosen: dict[uuid.UUID, list[str]] = defaultdict(list)
        for answer in response.answers:
            i = column_of[answer.question_id]
            if answer.scale_value is not None:
                cells[i] = answer.scale_value
            elif answer.text_value is not None:
                cells[i] = answer.text_value
            elif answer.choice is not None:
                chosen[answer.question_id].append(answer.choice)
        for qid, keys in chosen.items():
            order = option_order[qid]
            cells[column_of[qid]] = "; ".join(sorted(keys, key=lambda k: order.get(k, 99)))
        rows.append(
            [
                str(response.id),
                response.submitted_at.astimezone(tz).isoformat(timespec="seconds"),
                response.respondent_group.value,
                *cells,
            ]
        )
    columns = ["response_id", "submitted_at", "respondent_group", *(q.key for q in questions)]
    return columns, rows
