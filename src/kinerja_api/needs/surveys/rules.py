"""Pure survey rules: question definitions, answer validation, result aggregation.

Table-tested in tests/test_survey_rules.py. No database, no HTTP: the service feeds these
functions with rows and counts.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kinerja_api.core.errors import FieldError, field_error
from kinerja_api.core.numbers import round2
from kinerja_api.needs.surveys.models import QuestionType, RespondentGroup

SCALE = range(1, 6)
_ONE = Decimal("0.1")

AnswerValue = int | str | tuple[str, ...]


@dataclass(frozen=True)
class QuestionSpec:
    """What answering and counting need to know about a question."""

    key: str
    type: QuestionType
    text: str = ""
    required: bool = False
    labels: tuple[str, ...] = ()  # scale: labels of 1..5
    options: tuple[tuple[str, str], ...] = ()  # choices: (key, label) in display order
    max_selections: int | None = None
    max_length: int | None = None

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.options)


def respondent_hash(survey_id: uuid.UUID, respondent_token: str) -> str:
    """What is stored of a respondent token: bound to the survey, so one token cannot be
    followed from survey to survey."""
    return hashlib.sha256(f"{survey_id}\n{respondent_token}".encode()).hexdigest()


# ---- definitions ---------------------------------------------------------------------------


def definition_problems(questions: Sequence[QuestionSpec]) -> list[FieldError]:
    """Rules across questions that a single question's schema cannot check."""
    problems: list[FieldError] = []
    seen: set[str] = set()
    for i, q in enumerate(questions):
        if q.key in seen:
            problems.append(
                field_error(
                    f"questions.{i}.key",
                    "duplicate_key",
                    f"Kunci pertanyaan '{q.key}' dipakai lebih dari sekali",
                    f"Question key '{q.key}' is used more than once",
                )
            )
        seen.add(q.key)
        option_keys: set[str] = set()
        for j, key in enumerate(q.option_keys):
            if key in option_keys:
                problems.append(
                    field_error(
                        f"questions.{i}.options.{j}.key",
                        "duplicate_key",
                        f"Kunci pilihan '{key}' dipakai lebih dari sekali",
                        f"Option key '{key}' is used more than once",
                    )
                )
            option_keys.add(key)
        if q.max_selections is not None and q.max_selections > len(q.options):
            problems.append(
                field_error(
                    f"questions.{i}.max_selections",
                    "max_selections_exceeds_options",
                    f"Maksimal {len(q.options)} (jumlah pilihan)",
                    f"At most {len(q.options)} (the number of options)",
                )
            )
    return problems


# ---- answers -------------------------------------------------------------------------------


@dataclass
class CheckedAnswers:
    errors: list[FieldError] = field(default_factory=list)
    values: dict[str, AnswerValue] = field(default_factory=dict)


def _is_blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _answer_problem(q: QuestionSpec, value: Any) -> tuple[FieldError | None, AnswerValue | None]:
    where = f"answers.{q.key}"
    if q.type is QuestionType.SCALE:
        if isinstance(value, bool) or not isinstance(value, int):
            return field_error(
                where,
                "scale_type",
                f"Jawaban pertanyaan '{q.key}' harus bilangan bulat 1–5",
                f"The answer to '{q.key}' must be a whole number 1–5",
            ), None
        if value not in SCALE:
            return field_error(
                where,
                "scale_out_of_range",
                f"Jawaban pertanyaan '{q.key}' harus antara 1 dan 5",
                f"The answer to '{q.key}' must be between 1 and 5",
            ), None
        return None, value
    if q.type is QuestionType.SINGLE_CHOICE:
        if not isinstance(value, str):
            return field_error(
                where,
                "choice_type",
                f"Jawaban pertanyaan '{q.key}' harus berupa satu kunci pilihan",
                f"The answer to '{q.key}' must be one option key",
            ), None
        if value not in q.option_keys:
            return _invalid_choice(q, value), None
        return None, value
    if q.type is QuestionType.MULTIPLE_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return field_error(
                where,
                "choice_type",
                f"Jawaban pertanyaan '{q.key}' harus berupa daftar kunci pilihan",
                f"The answer to '{q.key}' must be a list of option keys",
            ), None
        unknown = [v for v in value if v not in q.option_keys]
        if unknown:
            return _invalid_choice(q, unknown[0]), None
        if len(set(value)) != len(value):
            return field_error(
                where,
                "duplicate_choice",
                f"Pilihan pada pertanyaan '{q.key}' tidak boleh berulang",
                f"Options of '{q.key}' must not repeat",
            ), None
        limit = q.max_selections or len(q.options)
        if len(value) > limit:
            return field_error(
                where,
                "too_many_selections",
                f"Pertanyaan '{q.key}' boleh dijawab dengan paling banyak {limit} pilihan",
                f"Choose at most {limit} options for '{q.key}'",
            ), None
        return None, tuple(value)
    # text
    if not isinstance(value, str):
        return field_error(
            where,
            "text_type",
            f"Jawaban pertanyaan '{q.key}' harus berupa teks",
            f"The answer to '{q.key}' must be text",
        ), None
    text = value.strip()
    if q.max_length is not None and len(text) > q.max_length:
        return field_error(
            where,
            "text_too_long",
            f"Jawaban pertanyaan '{q.key}' maksimal {q.max_length} karakter",
            f"The answer to '{q.key}' may have at most {q.max_length} characters",
        ), None
    return None, text


def _invalid_choice(q: QuestionSpec, value: str) -> FieldError:
    shown = value[:40]
    return field_error(
        f"answers.{q.key}",
        "invalid_choice",
        f"Pilihan '{shown}' tidak tersedia pada pertanyaan '{q.key}'",
        f"'{shown}' is not an option of '{q.key}'",
    )


def check_answers(
    questions: Sequence[QuestionSpec],
    audience: Iterable[RespondentGroup],
    group: RespondentGroup,
    answers: Mapping[str, Any],
) -> CheckedAnswers:
    """Validate one submission against the survey; every problem names its question.

    Blank answers (``null``, ``""``, ``[]``) count as not answered. Errors come in question
    order, then unknown keys in the order sent.
    """
    result = CheckedAnswers()
    if group not in set(audience):
        result.errors.append(
            field_error(
                "respondent_group",
                "group_not_in_audience",
                "Survei ini tidak ditujukan untuk kelompok responden tersebut",
                "This survey is not addressed to that respondent group",
            )
        )
    known = {q.key for q in questions}
    for q in questions:
        value = answers.get(q.key)
        if _is_blank(value):
            if q.required:
                result.errors.append(
                    field_error(
                        f"answers.{q.key}",
                        "missing",
                        f"Pertanyaan '{q.key}' wajib dijawab",
                        f"Question '{q.key}' must be answered",
                    )
                )
            continue
        problem, normalized = _answer_problem(q, value)
        if problem is not None:
            result.errors.append(problem)
        elif normalized is not None:
            result.values[q.key] = normalized
    for key in answers:
        if key not in known:
            shown = str(key)[:40]
            result.errors.append(
                field_error(
                    f"answers.{shown}",
                    "unknown_question",
                    f"Survei ini tidak memiliki pertanyaan '{shown}'",
                    f"This survey has no question '{shown}'",
                )
            )
    if result.errors:
        result.values = {}
    return result


# ---- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One row of a distribution: a scale point or an option."""

    key: str
    label: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class QuestionSummary:
    answered: int
    mean: Decimal | None = None  # scale only
    tallies: tuple[Tally, ...] = ()  # scale: 1..5; choices: options in display order


def percent(count: int, of: int) -> Decimal:
    """Share in percent to one decimal, half up; 0 of 0 is 0."""
    if of <= 0:
        return Decimal(0).quantize(_ONE)
    return (Decimal(count) * 100 / of).quantize(_ONE, rounding=ROUND_HALF_UP)


def summarize(q: QuestionSpec, answered: int, counts: Mapping[str, int]) -> QuestionSummary:
    """Aggregate one question for one set of respondents.

    ``answered``: respondents who answered the question; ``counts``: per scale point ("1".."5")
    or option key, how many chose it. Percentages are of ``answered``, so a multiple-choice
    question's percentages may add up to more than 100.
    """
    if q.type is QuestionType.SCALE:
        tallies = tuple(
            Tally(
                str(v),
                q.labels[v - 1] if len(q.labels) >= v else str(v),
                counts.get(str(v), 0),
                percent(counts.get(str(v), 0), answered),
            )
            for v in SCALE
        )
        total = sum(t.count for t in tallies)
        mean = None
        if total:
            weighted = sum(int(t.key) * t.count for t in tallies)
            mean = round2(Decimal(weighted) / total)
        return QuestionSummary(answered=answered, mean=mean, tallies=tallies)
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        tallies = tuple(
            Tally(key, label, counts.get(key, 0), percent(counts.get(key, 0), answered))
            for key, label in q.options
        )
        return QuestionSummary(answered=answered, tallies=tallies)
    return QuestionSummary(answered=answered)


def _number(value: Decimal) -> str:
    """Indonesian decimal notation: 3.47 → "3,47"."""
    return str(value).replace(".", ",")


def results_digest(
    title: str,
    responses: int,
    items: Sequence[tuple[QuestionSpec, QuestionSummary]],
) -> str:
    """A short Indonesian summary of chosen questions, e.g. for a need's description."""
    lines = [f"Hasil survei «{title}» ({responses} tanggapan):"]
    for q, s in items:
        if q.type is QuestionType.SCALE:
            mean = _number(s.mean) if s.mean is not None else "-"
            detail = f"rata-rata {mean} dari 5"
        elif q.type is QuestionType.TEXT:
            detail = "jawaban terbuka"
        else:
            ranked = sorted(
                (t for t in s.tallies if t.count),
                key=lambda t: (-t.count, q.option_keys.index(t.key)),
            )
            detail = ", ".join(f"{t.label} {_number(t.percent)}%" for t in ranked) or "-"
        lines.append(f"- {q.text}: {detail} ({s.answered} jawaban)")
    return "\n".join(lines)
