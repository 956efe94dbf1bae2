"""OpenAPI helpers: documented problem responses for every operation."""

from __future__ import annotations

from typing import Any

from kinerja_api.core.errors import PROBLEM_JSON, Problem

_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing, invalid or expired access token (`WWW-Authenticate: Bearer`)",
    403: "Authenticated, but the role may not do this",
    404: "Not found, or belongs to another organization",
    409: "Conflicts with the current state of the resource",
    410: "No longer available",
    412: "`If-Match` does not match the current ETag",
    413: "Request body too large",
    422: "Invalid input; `errors` lists each field",
    429: "Too many requests; see `Retry-After`",
    503: "Database unavailable; retry later",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries describing problem+json errors for the given statuses."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        out[status] = {
            "model": Problem,
            "description": _DESCRIPTIONS[status],
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return out


# Errors any authenticated endpoint can return.
AUTHED = (401, 403, 422, 429, 503)
