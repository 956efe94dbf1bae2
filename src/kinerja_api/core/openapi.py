"""OpenAPI helpers: documented problem responses for every operation."""

from __future__ import annotations

from typing import Any

from kinerja_api.core.errors import PROBLEM_JSON, Problem

_DESCRIPTIONS = {
    400: "Bad request, or a body that is not valid JSON / UTF-8 (`malformed_body`)",
    401: "Missing, invalid or expired access token (`WWW-Authenticate: Bearer`)",
    403: "Authenticated, but the role may not do this",
    404: "Not found, or belongs to another organization",
    409: "Conflicts with the current state of the resource",
    410: "No longer available",
    412: "`If-Match` does not match the current ETag",
    405: "Method not allowed on this path; `Allow` lists the methods it has",
    413: "Request body too large",
    415: "Unsupported `Content-Type` for the request body",
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


#: Every operation with a request body can fail before the endpoint runs: the body is not
#: valid JSON/UTF-8 (400), too large (413), of an unsupported type (415) or invalid (422).
BODY_ERRORS = (400, 413, 415, 422)
#: Every authenticated operation can answer these whatever its own responses say.
AUTHENTICATED_ERRORS = (401, 403, 404, 422, 429, 503)
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _problem_entry(status: int) -> dict[str, Any]:
    return {
        "description": _DESCRIPTIONS[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def document_shared_problems(document: dict[str, Any]) -> dict[str, Any]:
    """Add the problem responses any operation can produce to every operation, in one place.

    Routers document the errors of their own rules; the errors raised by the framework
    around them (body parsing, body limit, authentication, input validation, throttling,
    database outage) are the same everywhere and are added here. Responses an operation
    documents itself are kept.
    """
    for item in document.get("paths", {}).values():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            statuses: list[int] = []
            if operation.get("requestBody"):
                statuses.extend(BODY_ERRORS)
            if operation.get("security"):
                statuses.extend(AUTHENTICATED_ERRORS)
            if operation.get("parameters"):
                statuses.append(422)
            statuses.append(503)
            responses = operation.setdefault("responses", {})
            for status in sorted(set(statuses)):
                entry = responses.setdefault(str(status), _problem_entry(status))
                entry.setdefault("content", _problem_entry(status)["content"])
    return document
