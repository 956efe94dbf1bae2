"""HTTP: answering a published survey — public on purpose (no sign-in).

Mounted outside the protected routers. Guards instead of a token: a throttle per client IP
on the app's counter store (429 + ``Retry-After``), a small body limit (413), one response per
respondent token (409), and a honeypot field whose submissions are acknowledged but dropped.
Nothing here reveals internal ids: respondents see the questions and their keys only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, status

from kinerja_api.core.clientaddr import request_throttle_key
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.errors import PayloadTooLarge, RateLimited
from kinerja_api.core.i18n import t
from kinerja_api.core.openapi import problems
from kinerja_api.core.ratelimit import Throttle
from kinerja_api.needs.surveys import service
from kinerja_api.needs.surveys.schemas import (
    PublicResponseAccepted,
    PublicResponseCreate,
    PublicSurvey,
)

router = APIRouter(prefix="/public/surveys", tags=["public surveys"])

Token = Annotated[
    str,
    Path(
        description="The survey's public token, from the link the organization shared.",
        examples=["q5Xb0Vw1mZ3o9Yt7Kc2H8A"],
    ),
]

THANKS = {
    "id": "Terima kasih atas tanggapan Anda.",
    "en": "Thank you for your response.",
}


def client_ip(request: Request) -> str:
    """The throttle key of the submitting client (its IPv6 network; behind a trusted proxy
    the forwarded address)."""
    return request_throttle_key(request, request.app.state.settings)


async def throttle_by_ip(request: Request) -> None:
    """Count this submission against the client's IP; 429 with ``Retry-After`` above the
    limit (refused attempts count too)."""
    throttle: Throttle = request.app.state.survey_throttle
    wait = await throttle.hit(client_ip(request))
    if wait is not None:
        raise RateLimited(wait)


async def bounded_body(request: Request, settings: SettingsDep) -> None:
    """A survey answer is small: refuse bodies above ``survey_response_max_bytes`` (413)."""
    limit = settings.survey_response_max_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(limit=limit)
    if len(await request.body()) > limit:
        raise PayloadTooLarge(limit=limit)


@router.get(
    "/{token}",
    response_model=PublicSurvey,
    summary="Read a published survey (public)",
    description="Everything needed to answer: title, description, the organization's name, "
    "the respondent groups to choose from and the questions. 404 for an unknown or "
    "unpublished survey, 410 once closed.",
    responses=problems(404, 410, 422, 503),
)
async def read_public_survey(token: Token, session: SessionDep) -> PublicSurvey:
    survey, org = await service.answerable_survey(session, token)
    return service.public_view(survey, org)


@router.post(
    "/{token}/responses",
    response_model=PublicResponseAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Answer a published survey (public)",
    description="No sign-in and no personal data. Answers are checked against each "
    "question (422 names the question: `answers.<key>`); one response per "
    "`respondent_token` (409 `already_answered`: treat it as already recorded); throttled "
    "per client IP (429 with `Retry-After`); bodies are limited (413). 404 for an unknown or "
    "unpublished survey, 410 once closed.",
    responses=problems(404, 409, 410, 413, 422, 429, 503),
    dependencies=[Depends(throttle_by_ip), Depends(bounded_body)],
)
async def answer_public_survey(
    token: Token, body: PublicResponseCreate, session: SessionDep
) -> PublicResponseAccepted:
    survey, _org = await service.answerable_survey(session, token)
    await service.submit_response(session, survey, body)
    # The same answer whether stored or dropped as a honeypot submission.
    return PublicResponseAccepted(message=t(THANKS))
