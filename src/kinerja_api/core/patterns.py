"""Every pattern a request field must match, with the format in words (both languages).

A pattern error used to say only "Format tidak sesuai" (the client had to read a regular
expression in the OpenAPI document, if it found it). A module defining a pattern registers its
words with :func:`described`; the validation handler (``core.errors``) then answers "Format
tidak sesuai: huruf A–Z, angka, …". tests/test_patterns.py walks the OpenAPI document and
proves every documented pattern has its words.

Codes (of organizations, units, goals, IKU, strategies, competencies) follow one convention:
either case is accepted and they are stored in upper case (:data:`Code`,
:data:`LongCode`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import AfterValidator, Field

_WORDS: dict[str, Mapping[str, str]] = {}


def described(pattern: str, *, id: str, en: str) -> str:
    """Register the words of ``pattern`` (what a person types to match it); returns it."""
    known = _WORDS.setdefault(pattern, {"id": id, "en": en})
    if known != {"id": id, "en": en}:
        raise ValueError(f"pattern {pattern!r} is described twice, differently")
    return pattern


def pattern_words(pattern: str) -> Mapping[str, str] | None:
    """The words of a registered pattern, in both languages."""
    return _WORDS.get(pattern)


def described_patterns() -> dict[str, Mapping[str, str]]:
    return dict(_WORDS)


#: A code: letters, digits, ``.``, ``_``, ``-``; either case accepted, stored in upper case.
CODE_PATTERN = described(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    id="huruf A–Z, angka, '.', '_' atau '-', diawali huruf atau angka (huruf kecil disimpan "
    "sebagai huruf besar)",
    en="letters A–Z, digits, '.', '_' or '-', starting with a letter or digit (lower case is "
    "stored as upper case)",
)


def upper_case(value: str) -> str:
    return value.upper()


#: A code of 1–32 characters (units, goals, IKU, strategies; organizations take 2–32).
Code = Annotated[
    str,
    Field(min_length=1, max_length=32, pattern=CODE_PATTERN),
    AfterValidator(upper_case),
]
#: A longer code (competencies: 2–64 characters).
LongCode = Annotated[
    str,
    Field(min_length=2, max_length=64, pattern=CODE_PATTERN),
    AfterValidator(upper_case),
]

NIP_PATTERN = described(
    r"^[0-9]{18}$",
    id="NIP: 18 angka tanpa spasi atau tanda baca",
    en="a NIP: 18 digits, no spaces or punctuation",
)
SORT_PATTERN = described(
    r"^-?[a-z_]+$",
    id="nama kolom urutan (huruf kecil a–z dan '_'), diawali '-' untuk urutan menurun",
    en="a sort field (lower-case letters a–z and '_'), with a leading '-' for descending",
)
