"""Request and response bodies of stakeholder surveys: questions, the survey document, the public
form and its answers, and the results.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from kinerja_api.core.patterns import described
from kinerja_api.core.validation import PatchModel
from kinerja_api.needs.examples import ORG_ID, STAMPS, SURVEY_ID
from kinerja_api.needs.surveys.models import QuestionType, RespondentGroup, SurveyStatus

QUESTION_KEY_PATTERN = described(
    r"^[a-z][a-z0-9_]{0,31}$",
    id="huruf kecil a–z, angka atau '_', diawali huruf, paling banyak 32 karakter",
    en="lower-case letters a–z, digits or '_', starting with a letter, at most 32 characters",
)
OPTION_KEY_PATTERN = described(
    r"^[a-z0-9][a-z0-9_]{0,31}$",
    id="huruf kecil a–z, angka atau '_', diawali huruf atau angka, paling banyak 32 karakter",
    en="lower-case letters a–z, digits or '_', starting with a letter or digit, at most 32 "
    "characters",
)
TOKEN_PATTERN = described(
    r"^[A-Za-z0-9_-]+$",
    id="huruf A–Z atau a–z, angka, '_' atau '-' (misalnya sebuah UUID)",
    en="letters A–Z or a–z, digits, '_' or '-' (for example a UUID)",
)
QuestionKey = Annotated[
    str,
    Field(
        pattern=QUESTION_KEY_PATTERN,
        description="Stable key of the question within the survey (lower case, digits, _).",
        examples=["kejelasan_informasi"],
    ),
]
OptionKey = Annotated[str, Field(pattern=OPTION_KEY_PATTERN, examples=["en"])]


# ---- questions -----------------------------------------------------------------------------

_SCALE_QUESTION: dict[str, Any] = {
    "key": "kejelasan_informasi",
    "type": "scale",
    "text": "Seberapa jelas informasi wisata yang diberikan petugas?",
    "required": True,
    "labels": ["Sangat tidak jelas", "Tidak jelas", "Cukup", "Jelas", "Sangat jelas"],
}
_CHOICE_QUESTION: dict[str, Any] = {
    "key": "bahasa_dibutuhkan",
    "type": "single_choice",
    "text": "Bahasa apa yang paling Anda butuhkan dari petugas informasi wisata?",
    "required": True,
    "options": [
        {"key": "en", "label": "Bahasa Inggris"},
        {"key": "ms", "label": "Bahasa Melayu"},
        {"key": "zh", "label": "Bahasa Mandarin"},
        {"key": "id", "label": "Cukup Bahasa Indonesia"},
    ],
}
_MULTI_QUESTION: dict[str, Any] = {
    "key": "kanal_informasi",
    "type": "multiple_choice",
    "text": "Dari mana Anda mencari informasi wisata Sabang? (maksimal 2)",
    "options": [
        {"key": "tic", "label": "Tourist Information Center"},
        {"key": "medsos", "label": "Media sosial"},
        {"key": "hotel", "label": "Hotel/penginapan"},
    ],
    "max_selections": 2,
}
_TEXT_QUESTION: dict[str, Any] = {
    "key": "saran",
    "type": "text",
    "text": "Saran Anda untuk layanan informasi wisata",
    "max_length": 1000,
}


class ChoiceOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: OptionKey
    label: str = Field(min_length=1, max_length=200, examples=["Bahasa Inggris"])


class _QuestionBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: QuestionKey
    text: str = Field(min_length=3, max_length=500)
    required: bool = False


class ScaleQuestion(_QuestionBase):
    """A rating 1–5; `labels` name the five points, 1 first."""

    type: Literal[QuestionType.SCALE]
    labels: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        min_length=5, max_length=5
    )


class SingleChoiceQuestion(_QuestionBase):
    type: Literal[QuestionType.SINGLE_CHOICE]
    options: list[ChoiceOption] = Field(min_length=2, max_length=20)


class MultipleChoiceQuestion(_QuestionBase):
    type: Literal[QuestionType.MULTIPLE_CHOICE]
    options: list[ChoiceOption] = Field(min_length=2, max_length=20)
    max_selections: int | None = Field(
        default=None, ge=1, le=20, description="At most this many options; null: any number."
    )


class TextQuestion(_QuestionBase):
    type: Literal[QuestionType.TEXT]
    max_length: int = Field(default=1000, ge=1, le=5000, description="Characters, after trimming.")


Question = Annotated[
    ScaleQuestion | SingleChoiceQuestion | MultipleChoiceQuestion | TextQuestion,
    Field(discriminator="type"),
]


class QuestionRead(BaseModel):
    """A question as stored; the fields of other types are null."""

    model_config = ConfigDict(from_attributes=True)

    key: str
    type: QuestionType
    text: str
    required: bool
    labels: list[str] | None = Field(description="scale: labels of 1..5")
    options: list[ChoiceOption] | None = Field(description="choices, in display order")
    max_selections: int | None = Field(description="multiple_choice: at most this many")
    max_length: int | None = Field(description="text: at most this many characters")


# ---- surveys -------------------------------------------------------------------------------

_SURVEY_EXAMPLE: dict[str, Any] = {
    "title": "Kebutuhan layanan informasi wisata",
    "description": "Bantu kami meningkatkan layanan informasi wisata di Kota Sabang. "
    "Survei ini anonim dan hanya memerlukan 3 menit.",
    "audience": ["public", "business"],
    "questions": [_SCALE_QUESTION, _CHOICE_QUESTION, _MULTI_QUESTION, _TEXT_QUESTION],
}

Audience = Annotated[
    list[RespondentGroup],
    Field(
        min_length=1,
        max_length=3,
        description="Respondent groups the survey addresses; a respondent picks one of them.",
    ),
]


def _unique_groups(groups: list[RespondentGroup] | None) -> list[RespondentGroup] | None:
    if groups is not None and len(set(groups)) != len(groups):
        raise ValueError("audience must not repeat a group")
    return groups


class SurveyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_SURVEY_EXAMPLE]})

    title: str = Field(min_length=3, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    audience: Audience
    questions: list[Question] = Field(
        min_length=1, max_length=50, description="In the order respondents see them."
    )

    _groups = field_validator("audience")(_unique_groups)


class SurveyUpdate(PatchModel):
    """Only a draft can be changed. `questions` replaces the whole list."""

    clearable = frozenset({"description"})

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"title": "Kebutuhan layanan informasi wisata 2026"},
                {"audience": ["public", "business", "staff"]},
            ]
        },
    )

    title: str | None = Field(default=None, min_length=3, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    audience: Audience | None = None
    questions: list[Question] | None = Field(default=None, min_length=1, max_length=50)

    _groups = field_validator("audience")(_unique_groups)


class SurveyRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_SURVEY_EXAMPLE,
                    "questions": [
                        {"labels": None, "options": None, "max_selections": None}
                        | {"max_length": None, "required": False}
                        | q
                        for q in _SURVEY_EXAMPLE["questions"]
                    ],
                    "id": SURVEY_ID,
                    "organization_id": ORG_ID,
                    "status": "published",
                    "public_token": "q5Xb0Vw1mZ3o9Yt7Kc2H8A",
                    "public_path": "/api/v1/public/surveys/q5Xb0Vw1mZ3o9Yt7Kc2H8A",
                    "published_at": "2026-03-02T02:00:00Z",
                    "closed_at": None,
                    "response_count": 30,
                    **STAMPS,
                }
            ]
        },
    )

    id: uuid.UUID
    organization_id: uuid.UUID
    title: str
    description: str | None
    audience: list[RespondentGroup]
    status: SurveyStatus
    public_token: str | None = Field(description="Set when published; share `public_path`.")
    public_path: str | None = Field(description="Where respondents answer (no sign-in).")
    published_at: datetime | None
    closed_at: datetime | None
    questions: list[QuestionRead]
    response_count: int
    created_at: datetime
    updated_at: datetime
    version: int


# ---- public answering ----------------------------------------------------------------------


class PublicSurvey(BaseModel):
    """What a respondent needs to answer, nothing more."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": _SURVEY_EXAMPLE["title"],
                    "description": _SURVEY_EXAMPLE["description"],
                    "organization_name": "Dinas Kebudayaan dan Pariwisata Kota Sabang",
                    "audience": ["public", "business"],
                    "questions": [
                        {"labels": None, "options": None, "max_selections": None}
                        | {"max_length": None, "required": False}
                        | q
                        for q in _SURVEY_EXAMPLE["questions"]
                    ],
                }
            ]
        }
    )

    title: str
    description: str | None
    organization_name: str
    audience: list[RespondentGroup]
    questions: list[QuestionRead]


AnswerValue = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 5, "description": "scale"},
                {"type": "string", "description": "single_choice option key, or text"},
                {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "multiple_choice option keys",
                },
                {"type": "null", "description": "not answered"},
            ]
        }
    ),
]


class PublicResponseCreate(BaseModel):
    """An anonymous answer. No personal data is asked or stored."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "respondent_token": "b3f1c9e2-4d7a-4f0e-9c1b-2a6d8e5f7a90",
                    "respondent_group": "business",
                    "answers": {
                        "kejelasan_informasi": 3,
                        "bahasa_dibutuhkan": "en",
                        "kanal_informasi": ["tic", "medsos"],
                        "saran": "Mohon sediakan petugas yang fasih berbahasa Inggris di "
                        "pelabuhan Balohan.",
                    },
                }
            ]
        },
    )

    respondent_token: str = Field(
        min_length=16,
        max_length=128,
        pattern=TOKEN_PATTERN,
        description="Random value the client generates once per device (e.g. a UUID kept in "
        "local storage). One response per token and survey; stored only as a hash.",
    )
    respondent_group: RespondentGroup = Field(
        description="The respondent's own choice among the survey's audience."
    )
    answers: dict[str, AnswerValue] = Field(
        max_length=100,
        description="Question key → answer: 1–5 for scale, an option key for single_choice, "
        "a list of option keys for multiple_choice, text for text. Unanswered optional "
        "questions may be left out or null.",
    )
    website: str | None = Field(
        default=None,
        description="Leave empty. A form field hidden from people: a submission that fills "
        "it is acknowledged like any other but not stored.",
    )


class PublicResponseAccepted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "received", "message": "Terima kasih atas tanggapan Anda."}]
        }
    )

    status: Literal["received"] = "received"
    message: str


# ---- results -------------------------------------------------------------------------------


class TallyRead(BaseModel):
    key: str = Field(description='Scale point ("1".."5") or option key.')
    label: str
    count: int
    percent: float = Field(description="Of the respondents who answered the question, 1 decimal.")


class QuestionSummaryRead(BaseModel):
    answered: int = Field(description="Respondents who answered this question.")
    mean: float | None = Field(default=None, description="scale: mean to 2 decimals")
    tallies: list[TallyRead] = Field(
        default_factory=list,
        description="scale: points 1..5; choices: options in display order; text: empty "
        "(read the answers from `.../answers`).",
    )


class QuestionResults(BaseModel):
    key: str
    type: QuestionType
    text: str
    overall: QuestionSummaryRead
    by_group: dict[RespondentGroup, QuestionSummaryRead]


class SurveyResults(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "survey_id": SURVEY_ID,
                    "title": "Kebutuhan layanan informasi wisata",
                    "status": "closed",
                    "total_responses": 30,
                    "responses_by_group": {"public": 20, "business": 10},
                    "questions": [
                        {
                            "key": "bahasa_dibutuhkan",
                            "type": "single_choice",
                            "text": "Bahasa apa yang paling Anda butuhkan dari petugas?",
                            "overall": {
                                "answered": 30,
                                "mean": None,
                                "tallies": [
                                    {
                                        "key": "en",
                                        "label": "Bahasa Inggris",
                                        "count": 18,
                                        "percent": 60.0,
                                    },
                                    {
                                        "key": "ms",
                                        "label": "Bahasa Melayu",
                                        "count": 6,
                                        "percent": 20.0,
                                    },
                                    {
                                        "key": "zh",
                                        "label": "Bahasa Mandarin",
                                        "count": 3,
                                        "percent": 10.0,
                                    },
                                    {
                                        "key": "id",
                                        "label": "Cukup Bahasa Indonesia",
                                        "count": 3,
                                        "percent": 10.0,
                                    },
                                ],
                            },
                            "by_group": {},
                        }
                    ],
                }
            ]
        }
    )

    survey_id: uuid.UUID
    title: str
    status: SurveyStatus
    total_responses: int
    responses_by_group: dict[RespondentGroup, int]
    questions: list[QuestionResults]


class TextAnswerRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "response_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e3001",
                    "respondent_group": "business",
                    "submitted_at": "2026-03-04T03:12:00Z",
                    "text": "Petugas di pelabuhan perlu bisa berbahasa Inggris.",
                }
            ]
        }
    )

    response_id: uuid.UUID
    respondent_group: RespondentGroup
    submitted_at: datetime
    text: str
