"""Input rules shared by every module: months, dates, text and partial updates."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, ClassVar

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from kinerja_api.core.patterns import described

#: A calendar month ``YYYY-MM``. The year starts with 1–9: year 0 does not exist (and would
#: crash date arithmetic instead of being rejected as invalid input).
MONTH_PATTERN = described(
    r"^[1-9]\d{3}-(0[1-9]|1[0-2])$",
    id="bulan dalam bentuk YYYY-MM (misalnya 2026-03)",
    en="a month as YYYY-MM (for example 2026-03)",
)
#: The year of a realization period (``2026-03``, ``2026-Q1``, ``2026-S1``).
YEAR_PREFIX = r"[1-9]\d{3}"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: The years a performance year, a plan or an analysis may have.
MIN_YEAR, MAX_YEAR = 2000, 2100
#: A year in a request or response body.
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, examples=[2026])]
#: A required ``year`` query parameter.
YearQuery = Annotated[
    int, Query(ge=MIN_YEAR, le=MAX_YEAR, description="Performance year", examples=[2026])
]
#: An optional ``year`` filter of a list.
YearFilter = Annotated[
    int | None, Query(ge=MIN_YEAR, le=MAX_YEAR, description="Only this year", examples=[2026])
]


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic would also read ``0`` or ``1700000000`` as a Unix time."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a valid date (YYYY-MM-DD)")
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date (YYYY-MM-DD)")
    return value


#: A date as the documented ``format: date`` says, and nothing else.
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


NUL_MESSAGE = {
    "id": "Teks tidak boleh mengandung karakter NUL (\\u0000)",
    "en": "Text must not contain the NUL character (\\u0000)",
}
SURROGATE_MESSAGE = {
    "id": "Teks tidak boleh mengandung surrogate tanpa pasangan (\\ud800–\\udfff); "
    "kirim teks Unicode yang valid",
    "en": "Text must not contain unpaired surrogates (\\ud800–\\udfff); send valid Unicode text",
}

#: Code points no text column can store: NUL (PostgreSQL refuses it) and lone surrogates
#: (UTF-8 cannot encode them; a JSON ``\\ud800`` escape decodes to one).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(text: str) -> dict[str, str] | None:
    """The message for text that cannot be stored (NUL, lone surrogate), else ``None``."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return NUL_MESSAGE if found.group() == "\x00" else SURROGATE_MESSAGE


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable_field(name: str) -> str:
    """A field name as a problem document can carry it (lone surrogates escaped)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def invalid_text_location(value: Any, path: str = "") -> tuple[str, dict[str, str]] | None:
    """(dotted path, message) of the first string (value or key) in ``value`` that holds
    text no column can store, if any.

    PostgreSQL cannot store NUL and UTF-8 cannot encode a lone surrogate (the driver or the
    response encoder failed with a 500), so every text input, typed or free-form (``Any``),
    is checked before the request reaches an endpoint (see the request middleware).
    """
    if isinstance(value, str):
        problem = text_problem(value)
        return None if problem is None else (path or "body", problem)
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (problem := text_problem(key)) is not None:
                return here, problem
            found = invalid_text_location(item, here)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = invalid_text_location(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def invalid_text_in_pairs(pairs: list[tuple[str, str]]) -> tuple[str, dict[str, str]] | None:
    """(name, message) of the first form or query field whose name or value cannot be
    stored."""
    for name, value in pairs:
        problem = text_problem(name) or text_problem(value)
        if problem is not None:
            return name, problem
    return None


class PatchModel(BaseModel):
    """A partial update (PATCH): omit a field, or send ``null``, to keep its value.

    ``null`` clears a field only where :attr:`clearable` names it (optional data such as a
    phone number). On any other field it means "unchanged", as if the field were omitted, so
    it never reaches a NOT NULL column (which failed with a database error).
    """

    clearable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _null_keeps_the_value(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {
                key: value
                for key, value in data.items()
                if value is not None or key in cls.clearable or key not in cls.model_fields
            }
        return data
