"""Enumeration values in words, per language, for messages.

A refused enumeration value used to answer "Harus salah satu dari: 'units', 'positions' or
'employees'" (pydantic's English "or" inside an Indonesian message, bare values). A module
registers the words of its enumeration's values with :func:`enum_labels`; the validation
handler (``core.errors``) then lists each allowed value with its label in the request's
language, joined with that language's "or".
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import TypeVar

E = TypeVar("E", bound=enum.Enum)

_BY_VALUES: dict[frozenset[str], dict[str, Mapping[str, str]]] = {}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
OR = {"id": "atau", "en": "or"}


def enum_labels(
    cls: type[E], labels: Mapping[E, Mapping[str, str]]
) -> Mapping[E, Mapping[str, str]]:
    """Register the words of every value of ``cls`` (``{"id": ..., "en": ...}`` each)."""
    missing = [m for m in cls if m not in labels]
    if missing:
        raise ValueError(f"{cls.__name__}: no label for {missing}")
    _BY_VALUES[frozenset(str(m.value) for m in cls)] = {str(m.value): labels[m] for m in cls}
    return labels


def one_of(expected: str, lang: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` in the request language: each value with its label
    where the enumeration registered them, joined with that language's "or"."""
    values = _QUOTED.findall(expected)
    if not values:
        return expected
    words = _BY_VALUES.get(frozenset(values), {})
    shown = [
        f"'{v}' ({words[v].get(lang) or words[v]['en']})" if v in words else f"'{v}'"
        for v in values
    ]
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} {OR.get(lang, 'or')} {shown[-1]}"
