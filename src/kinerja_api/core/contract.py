"""Request bodies and query parameters checked against the documented types, in one place.

FastAPI validates bodies in pydantic's lax mode, where ``0`` is ``false`` and ``"5"`` is 5,
while the OpenAPI document promises a boolean or a number. Before any endpoint, every JSON
body and every query parameter is held to the document: a ``boolean`` is ``true`` or
``false``, an ``integer``/``number`` is a JSON number (never a string or a boolean), and a
``date``/``date-time`` lies in years :data:`MIN_YEAR`–:data:`MAX_YEAR` (year 68 or 4281 is a
typo, not a period). What the document allows otherwise (a decimal also as a string) stays
allowed, and everything else is left to the endpoint's own validation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.routing import compile_path

from kinerja_api.core.errors import FieldLocation

MIN_YEAR = 1900
MAX_YEAR = 2200

_FORMS = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
_YEAR = re.compile(r"^(\d{4,})-")

TYPE_MESSAGES: dict[str, dict[str, str]] = {
    "bool_type": {
        "id": "Harus berupa true atau false (bukan 0/1 atau teks)",
        "en": "Must be true or false (not 0/1 or text)",
    },
    "int_type": {
        "id": "Harus berupa bilangan bulat JSON (bukan teks atau boolean)",
        "en": "Must be a JSON integer (not text or a boolean)",
    },
    "float_type": {
        "id": "Harus berupa angka JSON (bukan teks atau boolean)",
        "en": "Must be a JSON number (not text or a boolean)",
    },
    "date_out_of_range": {
        "id": f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}",
        "en": f"The year must be between {MIN_YEAR} and {MAX_YEAR}",
    },
}


@dataclass(frozen=True)
class Violation:
    location: FieldLocation  # body | query
    field: str
    type: str  # a key of TYPE_MESSAGES


class Contract:
    """The operations of one OpenAPI document, found by method and concrete path."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.components = document.get("components", {}).get("schemas", {})
        self.table: list[tuple[re.Pattern[str], int, Mapping[str, Any]]] = []
        for path, item in document.get("paths", {}).items():
            regex = compile_path(path)[0]
            self.table.append((regex, regex.groups, item))

    def operation(self, method: str, path: str) -> Mapping[str, Any] | None:
        matches = [(groups, item) for regex, groups, item in self.table if regex.match(path)]
        if not matches:
            return None
        _, item = min(matches, key=lambda m: m[0])  # the most literal template
        operation = item.get(method.lower())
        return operation if isinstance(operation, Mapping) else None

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 20:
            name = str(schema["$ref"]).rsplit("/", 1)[-1]
            schema = self.components.get(name, {})
            seen += 1
        return schema

    def unsupported_media(self, operation: Mapping[str, Any], media_type: str) -> list[str]:
        """The media types the operation accepts, when ``media_type`` is not one of them
        (empty when it is, or when the operation takes no body)."""
        content = operation.get("requestBody", {}).get("content", {})
        accepted = [str(m) for m in content]
        if not accepted or media_type in accepted:
            return []
        if media_type.endswith("+json") and "application/json" in accepted:
            return []
        if media_type in _FORMS and _FORMS & set(accepted):
            return []  # form fields read alike from either encoding
        return accepted

    def body_violation(self, operation: Mapping[str, Any], body: Any) -> Violation | None:
        content = operation.get("requestBody", {}).get("content", {})
        media = content.get("application/json")
        if not isinstance(media, Mapping) or "schema" not in media:
            return None
        found = self._check(media["schema"], body, "", 0)
        if found is None or found[1] not in TYPE_MESSAGES:
            return None
        return Violation("body", found[0] or "body", found[1])

    def query_violation(
        self, operation: Mapping[str, Any], pairs: list[tuple[str, str]]
    ) -> Violation | None:
        params = {
            p.get("name"): self.resolve(p.get("schema", {}))
            for p in operation.get("parameters", [])
            if p.get("in") == "query"
        }
        for name, value in pairs:
            schema = params.get(name)
            if schema is not None and self._date_out_of_range(schema, value):
                return Violation("query", name, "date_out_of_range")
        return None

    def _date_out_of_range(self, schema: Mapping[str, Any], value: str) -> bool:
        formats = {self.resolve(s).get("format") for s in [schema, *schema.get("anyOf", [])]}
        if not formats & {"date", "date-time"}:
            return False
        year = _YEAR.match(value)
        return year is not None and not MIN_YEAR <= int(year.group(1)) <= MAX_YEAR

    def _check(
        self, schema: Mapping[str, Any], value: Any, path: str, depth: int
    ) -> tuple[str, str] | None:
        """(path, violation type) of the first value of the wrong JSON type, if any."""
        if depth > 40:
            return None
        schema = self.resolve(schema)
        branches = schema.get("anyOf") or schema.get("oneOf")
        if branches:
            results = [self._check(b, value, path, depth + 1) for b in branches]
            if any(r is None for r in results):
                return None
            # No branch fits: report the type of the first branch that is about this value.
            typed = [
                r
                for b, r in zip(branches, results, strict=True)
                if r is not None and r[1] in TYPE_MESSAGES and self._kind_of(b, value)
            ]
            return typed[0] if typed else None
        kind = schema.get("type")
        if kind == "null":
            return None if value is None else (path, "not_null")
        if kind == "boolean" and not isinstance(value, bool):
            return path, "bool_type"
        if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
            if isinstance(value, float) and value.is_integer():
                return None  # 5.0 is the integer 5 in JSON
            return path, "int_type"
        if kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
            return path, "float_type"
        if kind == "string" and isinstance(value, str):
            if self._date_out_of_range(schema, value):
                return path, "date_out_of_range"
            return None
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            extra = schema.get("additionalProperties")
            for key, item in value.items():
                sub = properties.get(key, extra if isinstance(extra, Mapping) else None)
                if sub is not None:
                    found = self._check(sub, item, f"{path}.{key}" if path else key, depth + 1)
                    if found is not None:
                        return found
            return None
        if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
            for index, item in enumerate(value):
                here = f"{path}.{index}" if path else str(index)
                found = self._check(schema["items"], item, here, depth + 1)
                if found is not None:
                    return found
        return None

    def _kind_of(self, schema: Mapping[str, Any], value: Any) -> bool:
        """Whether a branch is about a value of this JSON kind (scalar vs object/array)."""
        kind = self.resolve(schema).get("type")
        if kind in ("boolean", "integer", "number", "string"):
            return not isinstance(value, dict | list)
        return False
