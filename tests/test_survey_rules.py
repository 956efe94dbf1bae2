"""Survey rules as tables: question definitions, answer validation, aggregation, digest."""

from __future__ import annotations

import uuid
from decimal import Decimal as D
from typing import Any

import pytest

from kinerja_api.needs.surveys.models import QuestionType, RespondentGroup
from kinerja_api.needs.surveys.rules import (
    QuestionSpec,
    Tally,
    check_answers,
    definition_problems,
    percent,
    respondent_hash,
    results_digest,
    summarize,
)

PUBLIC, BUSINESS, STAFF = RespondentGroup.PUBLIC, RespondentGroup.BUSINESS, RespondentGroup.STAFF
LABELS = ("Sangat buruk", "Buruk", "Cukup", "Baik", "Sangat baik")
SCALE = QuestionSpec(
    "kualitas", QuestionType.SCALE, "Kualitas layanan", required=True, labels=LABELS
)
SINGLE = QuestionSpec(
    "bahasa",
    QuestionType.SINGLE_CHOICE,
    "Bahasa yang dibutuhkan",
    required=True,
    options=(("en", "Bahasa Inggris"), ("ms", "Bahasa Melayu"), ("zh", "Bahasa Mandarin")),
)
MULTI = QuestionSpec(
    "kanal",
    QuestionType.MULTIPLE_CHOICE,
    "Kanal informasi",
    options=(("tic", "Pusat informasi"), ("medsos", "Media sosial"), ("hotel", "Hotel")),
    max_selections=2,
)
TEXT = QuestionSpec("saran", QuestionType.TEXT, "Saran", max_length=30)
QUESTIONS = [SCALE, SINGLE, MULTI, TEXT]
VALID: dict[str, Any] = {"kualitas": 4, "bahasa": "en"}


# ---- definitions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        (QUESTIONS, []),
        (
            [SCALE, QuestionSpec("kualitas", QuestionType.TEXT)],
            [("questions.1.key", "duplicate_key")],
        ),
        (
            [
                QuestionSpec(
                    "bahasa", QuestionType.SINGLE_CHOICE, options=(("en", "A"), ("en", "B"))
                )
            ],
            [("questions.0.options.1.key", "duplicate_key")],
        ),
        (
            [
                QuestionSpec(
                    "kanal",
                    QuestionType.MULTIPLE_CHOICE,
                    options=(("a", "A"), ("b", "B")),
                    max_selections=3,
                )
            ],
            [("questions.0.max_selections", "max_selections_exceeds_options")],
        ),
    ],
)
def test_definition_rules(questions: list[QuestionSpec], expected: list[tuple[str, str]]) -> None:
    assert [(p.field, p.type) for p in definition_problems(questions)] == expected


# ---- answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "values"),
    [
        (VALID, {"kualitas": 4, "bahasa": "en"}),
        (
            VALID | {"kanal": ["medsos", "tic"], "saran": "  Petugas berbahasa Inggris  "},
            {
                "kualitas": 4,
                "bahasa": "en",
                "kanal": ("medsos", "tic"),
                "saran": "Petugas berbahasa Inggris",
            },
        ),
        # blank optional answers are "not answered"
        (VALID | {"kanal": [], "saran": "   "}, {"kualitas": 4, "bahasa": "en"}),
        (VALID | {"kanal": None, "saran": None}, {"kualitas": 4, "bahasa": "en"}),
        (
            {"kualitas": 1, "bahasa": "zh", "saran": "x" * 30},
            {"kualitas": 1, "bahasa": "zh", "saran": "x" * 30},
        ),
    ],
)
def test_valid_answers(answers: dict[str, Any], values: dict[str, Any]) -> None:
    checked = check_answers(QUESTIONS, [PUBLIC, BUSINESS], PUBLIC, answers)
    assert checked.errors == []
    assert checked.values == values


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"bahasa": "en"}, [("answers.kualitas", "missing")]),
        (
            {"kualitas": None, "bahasa": ""},
            [("answers.kualitas", "missing"), ("answers.bahasa", "missing")],
        ),
        (VALID | {"kualitas": 0}, [("answers.kualitas", "scale_out_of_range")]),
        (VALID | {"kualitas": 6}, [("answers.kualitas", "scale_out_of_range")]),
        (VALID | {"kualitas": 4.5}, [("answers.kualitas", "scale_type")]),
        (VALID | {"kualitas": "4"}, [("answers.kualitas", "scale_type")]),
        (VALID | {"kualitas": True}, [("answers.kualitas", "scale_type")]),
        (VALID | {"bahasa": "ar"}, [("answers.bahasa", "invalid_choice")]),
        (VALID | {"bahasa": ["en"]}, [("answers.bahasa", "choice_type")]),
        (VALID | {"kanal": "tic"}, [("answers.kanal", "choice_type")]),
        (VALID | {"kanal": ["tic", 3]}, [("answers.kanal", "choice_type")]),
        (VALID | {"kanal": ["tic", "radio"]}, [("answers.kanal", "invalid_choice")]),
        (VALID | {"kanal": ["tic", "tic"]}, [("answers.kanal", "duplicate_choice")]),
        (
            VALID | {"kanal": ["tic", "medsos", "hotel"]},
            [("answers.kanal", "too_many_selections")],
        ),
        (VALID | {"saran": "x" * 31}, [("answers.saran", "text_too_long")]),
        (VALID | {"saran": 42}, [("answers.saran", "text_type")]),
        (VALID | {"nama": "Budi"}, [("answers.nama", "unknown_question")]),
        (
            {"kualitas": 9, "bahasa": "xx", "email": "a@b.id"},
            [
                ("answers.kualitas", "scale_out_of_range"),
                ("answers.bahasa", "invalid_choice"),
                ("answers.email", "unknown_question"),
            ],
        ),
    ],
)
def test_invalid_answers(answers: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    checked = check_answers(QUESTIONS, [PUBLIC, BUSINESS], PUBLIC, answers)
    assert [(e.field, e.type) for e in checked.errors] == expected
    assert checked.values == {}  # nothing of an invalid submission is kept


def test_group_must_be_in_the_audience() -> None:
    checked = check_answers(QUESTIONS, [PUBLIC, BUSINESS], STAFF, VALID)
    assert [(e.field, e.type) for e in checked.errors] == [
        ("respondent_group", "group_not_in_audience")
    ]


def test_error_messages_name_the_question() -> None:
    checked = check_answers(QUESTIONS, [PUBLIC], PUBLIC, VALID | {"bahasa": "ar"})
    assert checked.errors[0].message == "Pilihan 'ar' tidak tersedia pada pertanyaan 'bahasa'"


def test_respondent_hash_is_bound_to_the_survey() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    token = "b3f1c9e2-4d7a-4f0e-9c1b-2a6d8e5f7a90"
    assert respondent_hash(a, token) == respondent_hash(a, token)
    assert respondent_hash(a, token) != respondent_hash(b, token)
    assert len(respondent_hash(a, token)) == 64
    assert token not in respondent_hash(a, token)


# ---- aggregation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "of", "expected"),
    [
        (0, 0, "0.0"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (1, 8, "12.5"),
        (1, 16, "6.3"),
        (3, 3, "100.0"),
    ],
)
def test_percent_rounds_half_up_to_one_decimal(count: int, of: int, expected: str) -> None:
    assert percent(count, of) == D(expected)


def test_scale_summary() -> None:
    summary = summarize(SCALE, 7, {"2": 1, "3": 2, "4": 3, "5": 1})
    assert summary.answered == 7
    assert summary.mean == D("3.57")  # 25 / 7
    assert summary.tallies == (
        Tally("1", "Sangat buruk", 0, D("0.0")),
        Tally("2", "Buruk", 1, D("14.3")),
        Tally("3", "Cukup", 2, D("28.6")),
        Tally("4", "Baik", 3, D("42.9")),
        Tally("5", "Sangat baik", 1, D("14.3")),
    )
    nobody = summarize(SCALE, 0, {})
    assert nobody.mean is None
    assert [t.count for t in nobody.tallies] == [0, 0, 0, 0, 0]


def test_choice_summaries() -> None:
    single = summarize(SINGLE, 4, {"en": 3, "zh": 1})
    assert [(t.key, t.count, t.percent) for t in single.tallies] == [
        ("en", 3, D("75.0")),
        ("ms", 0, D("0.0")),
        ("zh", 1, D("25.0")),
    ]
    assert single.mean is None
    # Percentages of respondents: multiple choice may add up to more than 100.
    multi = summarize(MULTI, 3, {"tic": 2, "medsos": 3})
    assert [(t.key, t.percent) for t in multi.tallies] == [
        ("tic", D("66.7")),
        ("medsos", D("100.0")),
        ("hotel", D("0.0")),
    ]
    text = summarize(TEXT, 5, {})
    assert (text.answered, text.mean, text.tallies) == (5, None, ())


def test_results_digest() -> None:
    digest = results_digest(
        "Kebutuhan layanan informasi wisata",
        30,
        [
            (SINGLE, summarize(SINGLE, 30, {"en": 18, "ms": 6, "zh": 6})),
            (SCALE, summarize(SCALE, 30, {"3": 20, "4": 10})),
            (TEXT, summarize(TEXT, 10, {})),
        ],
    )
    assert digest.splitlines() == [
        "Hasil survei «Kebutuhan layanan informasi wisata» (30 tanggapan):",
        "- Bahasa yang dibutuhkan: Bahasa Inggris 60,0%, Bahasa Melayu 20,0%, "
        "Bahasa Mandarin 20,0% (30 jawaban)",
        "- Kualitas layanan: rata-rata 3,33 dari 5 (30 jawaban)",
        "- Saran: jawaban terbuka (10 jawaban)",
    ]
