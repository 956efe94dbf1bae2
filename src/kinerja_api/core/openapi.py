"""OpenAPI helpers: documented problem responses for every operation."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from kinerja_api.core.errors import PROBLEM_JSON, Problem, error_codes
from kinerja_api.core.patterns import described

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


def problem(status: int, description: str) -> dict[int | str, dict[str, Any]]:
    """A ``responses=`` entry for one problem status with an operation's own description."""
    return {status: {**problems(status)[status], "description": description}}


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
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            statuses: list[int] = []
            if operation.get("requestBody"):
                statuses.extend(BODY_ERRORS)
            if operation.get("security"):
                statuses.extend(AUTHENTICATED_ERRORS)
            if operation.get("parameters") or path.startswith("/api/"):
                statuses.append(422)  # every API operation refuses unknown query parameters
            statuses.append(503)
            responses = operation.setdefault("responses", {})
            for status in sorted(set(statuses)):
                entry = responses.setdefault(str(status), _problem_entry(status))
                entry.setdefault("content", _problem_entry(status)["content"])
    return document


# --- The contract as client generators read it -------------------------------------------
#
# ``finalize`` runs once over the document FastAPI builds and turns per-route facts into the
# shared vocabulary of the contract: response headers, shared parameters and responses as
# components, binary bodies, one tag per operation, public operations marked as such. It works
# on every operation by rule, so routes added later follow the same conventions untouched;
# tests/test_contract.py asserts the conventions over the whole document.

HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "Version of the resource; send it back as `If-Match` to change it.",
        "schema": {"type": "string", "examples": ['"3"']},
    },
    "Location": {
        "description": "Path of the created resource.",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this response replays the first response to the same "
        "`Idempotency-Key`; absent on the first response.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-Request-ID": {
        "description": "Id of this request in the server's logs (the client's own "
        "`X-Request-ID` when it sent one); quote it when reporting a problem.",
        "schema": {"type": "string"},
    },
    "WWW-Authenticate": {
        "description": "`Bearer` (RFC 6750): the credentials to send.",
        "schema": {"type": "string", "examples": ['Bearer error="invalid_token"']},
    },
    "Content-Disposition": {
        "description": "`attachment` with the file's name.",
        "schema": {"type": "string", "examples": ['attachment; filename="pegawai.xlsx"']},
    },
}

#: Shared parameters, by (location, name): the component each inline occurrence becomes.
PARAMETERS = {
    ("header", "If-Match"): "IfMatch",
    ("header", "Idempotency-Key"): "IdempotencyKey",
    ("query", "limit"): "Limit",
    ("query", "cursor"): "Cursor",
}

#: The shared problem responses (components/responses), by status.
RESPONSE_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    410: "Gone",
    412: "PreconditionFailed",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "ValidationFailed",
    429: "TooManyRequests",
    503: "ServiceUnavailable",
}

SUCCESS_DESCRIPTIONS = {
    "200": "OK",
    "201": "Created; `Location` is the new resource's path",
    "202": "Accepted",
    "204": "Done; no content",
}

JSON = "application/json"
_HEADER_REF = "#/components/headers/"


def _header_ref(name: str) -> dict[str, str]:
    return {"$ref": _HEADER_REF + name}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        resolved: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, item[method])
        for path, item in document.get("paths", {}).items()
        for method in _METHODS
        if method in item
    ]


def _param_names(operation: dict[str, Any]) -> set[str]:
    names = set()
    for param in operation.get("parameters", []):
        ref = param.get("$ref")
        names.add(ref.rsplit("/", 1)[-1] if ref else param["name"])
    return names


def _takes(operation: dict[str, Any], header: str) -> bool:
    component = PARAMETERS[("header", header)]
    return bool({header, component} & _param_names(operation))


def _share_parameters(document: dict[str, Any], operation: dict[str, Any]) -> None:
    """Inline parameters identical to a shared one become a reference to it. ``limit`` is
    the page size only beside ``cursor`` (elsewhere it is a top-N of its own)."""
    components = document["components"].setdefault("parameters", {})
    paginated = any(p.get("name") == "cursor" for p in operation.get("parameters", []))
    shared = []
    for param in operation.get("parameters", []):
        key = (param.get("in", ""), param.get("name", ""))
        name = PARAMETERS.get(key)
        if name is None or (key[0] == "query" and not paginated):
            shared.append(param)
            continue
        if components.setdefault(name, param) == param:
            shared.append({"$ref": f"#/components/parameters/{name}"})
        else:
            shared.append(param)
    if shared:
        operation["parameters"] = shared


def _is_binary(media_type: str) -> bool:
    return not (media_type == JSON or media_type.endswith("+json"))


def _type_success(document: dict[str, Any], operation: dict[str, Any], status: str) -> None:
    """Headers of a success response, binary bodies typed as binary, a real description."""
    response = operation["responses"][status]
    content = response.get("content", {})
    if any(_is_binary(m) for m in content) and JSON in content:
        # A file download: FastAPI adds a JSON entry for the default response class.
        del content[JSON]
    headers = response.setdefault("headers", {})
    for media_type, body in content.items():
        if _is_binary(media_type):
            body["schema"] = (
                {"type": "string"}
                if media_type.startswith("text/plain")
                else {"type": "string", "format": "binary"}
            )
            if not media_type.startswith("text/plain"):
                headers["Content-Disposition"] = _header_ref("Content-Disposition")
    if status == "201":
        headers["Location"] = _header_ref("Location")
    if _takes(operation, "Idempotency-Key"):
        headers["Idempotent-Replayed"] = _header_ref("Idempotent-Replayed")
    schema = _resolve(document, content.get(JSON, {}).get("schema", {}))
    versioned = "version" in schema.get("properties", {})
    if _takes(operation, "If-Match") or (versioned and status in {"200", "201"}):
        headers["ETag"] = _header_ref("ETag")
    headers["X-Request-ID"] = _header_ref("X-Request-ID")
    if response.get("description") in {None, "", "Successful Response"}:
        response["description"] = SUCCESS_DESCRIPTIONS.get(status, "Success")


def _problem_response(status: int, description: str) -> dict[str, Any]:
    headers = {"X-Request-ID": _header_ref("X-Request-ID")}
    if status in (429, 503):
        headers["Retry-After"] = _header_ref("Retry-After")
    if status == 401:
        headers["WWW-Authenticate"] = _header_ref("WWW-Authenticate")
    return {
        "description": description,
        "headers": headers,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _type_problem(document: dict[str, Any], operation: dict[str, Any], status: str) -> None:
    """Error responses: problem+json only, the shared component where the text is shared."""
    code = int(status)
    response = operation["responses"][status]
    if code in RESPONSE_NAMES and response.get("description") == _DESCRIPTIONS.get(code):
        name = RESPONSE_NAMES[code]
        document["components"].setdefault("responses", {})[name] = _problem_response(
            code, _DESCRIPTIONS[code]
        )
        operation["responses"][status] = {"$ref": f"#/components/responses/{name}"}
        return
    operation["responses"][status] = _problem_response(code, response.get("description", ""))


def _form_bodies(document: dict[str, Any], operation: dict[str, Any]) -> None:
    """Form fields keep their defaults out of the schema: generators make a field with a
    default required (openapi-typescript), though the server fills it in. Uploaded files are
    binary (``format: binary`` as OpenAPI 3.0 generators read it, beside 3.1's
    ``contentMediaType``); an enumerated pattern is an enumeration."""
    for media_type, body in operation.get("requestBody", {}).get("content", {}).items():
        if media_type == JSON:
            continue
        schema = _resolve(document, body.get("schema", {}))
        for prop in schema.get("properties", {}).values():
            for option in [prop, *prop.get("anyOf", [])]:
                if "contentMediaType" in option:
                    option["format"] = "binary"
            if "default" in prop:
                default = prop.pop("default")
                if default not in ("", None):
                    prop["description"] = (
                        f"{prop.get('description', '')} Default `{default}`.".strip()
                    )
            if "pattern" in prop and prop["pattern"].startswith("^(") and "|" in prop["pattern"]:
                # ``^(a|b)$`` from a form field: the same vocabulary as an enumeration.
                prop["enum"] = prop.pop("pattern")[2:-2].split("|")


PAGE_FIELDS = ("items", "next_cursor", "limit")


def _page_envelopes(document: dict[str, Any]) -> None:
    """``next_cursor`` is always sent (null on the last page): required and nullable."""
    for schema in document["components"]["schemas"].values():
        props = schema.get("properties", {})
        if {"items", "next_cursor", "limit"} <= set(props):
            required = schema.get("required", [])
            schema["required"] = [*required, *(f for f in PAGE_FIELDS if f not in required)]
            props["next_cursor"].pop("default", None)


def finalize(document: dict[str, Any], tags: list[dict[str, str]]) -> dict[str, Any]:
    """The document as clients use it (see the comment above :data:`HEADERS`).

    ``tags`` are the declared tags in workflow order; every operation keeps exactly one.
    """
    document_shared_problems(document)
    components = document.setdefault("components", {})
    components["headers"] = {name: dict(spec) for name, spec in HEADERS.items()}
    document["tags"] = tags
    for _method, _path, operation in _operations(document):
        operation["tags"] = operation.get("tags", [])[:1]
        if not operation.get("security"):
            operation["security"] = []
        _share_parameters(document, operation)
        _describe(operation)
        _form_bodies(document, operation)
        for status in list(operation.get("responses", {})):
            if status.startswith("2"):
                _type_success(document, operation, status)
            elif status[0] in "45":
                _type_problem(document, operation, status)
            elif status == "304":
                headers = operation["responses"][status].setdefault("headers", {})
                headers["ETag"] = _header_ref("ETag")
                headers["X-Request-ID"] = _header_ref("X-Request-ID")
    _page_envelopes(document)
    _complete_examples(document)
    _local_times(document["components"]["schemas"])
    _problem_codes(document)
    return document


#: Tags whose operationId prefix is not the tag itself.
NAMESPACES = {"competencies and development": "development", "public surveys": "public_surveys"}


def operation_id(route: APIRoute) -> str:
    """``<tag>_<function name>``: generated clients name their methods after operationIds,
    so ``token`` becomes ``auth_token`` and ``list_events`` says whose events it lists.
    The first tag is the router's own (a route's extra tags come after it)."""
    tag = str(route.tags[0]) if route.tags else ""
    namespace = NAMESPACES.get(tag, tag.replace(" ", "_"))
    name = route.name
    if not namespace or name == namespace or name.startswith(namespace + "_"):
        return name
    return f"{namespace}_{name}"


def _nullable(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    schema = _resolve(document, schema)
    if schema.get("type") == "null" or "null" in (schema.get("type") or []):
        return True
    return any(_nullable(document, s) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def _object_branch(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    schema = _resolve(document, schema)
    if "properties" in schema:
        return schema
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        found = _object_branch(document, option)
        if found is not None:
            return found
    return None


def _complete_example(document: dict[str, Any], schema: dict[str, Any], value: Any) -> None:
    """Fill in what the server always sends and an example leaves out: a required property
    with a default gets the default, a required nullable one gets null (as serialized)."""
    if isinstance(value, list):
        items = _resolve(document, schema).get("items")
        if isinstance(items, dict):
            for item in value:
                _complete_example(document, items, item)
        return
    if not isinstance(value, dict):
        return
    target = _object_branch(document, schema)
    if target is None:
        return
    props = target.get("properties", {})
    for name in target.get("required", []):
        if name in value or name not in props:
            continue
        if "default" in props[name]:
            value[name] = props[name]["default"]
        elif _nullable(document, props[name]):
            value[name] = None
    for name, inner in value.items():
        if name in props:
            _complete_example(document, props[name], inner)


def _complete_examples(document: dict[str, Any]) -> None:
    for schema in document["components"]["schemas"].values():
        for example in schema.get("examples", []):
            _complete_example(document, schema, example)


def _describe(operation: dict[str, Any]) -> None:
    """An operation without a description gets its summary and the conventions it follows."""
    if operation.get("description"):
        return
    notes = [operation.get("summary", "").rstrip(".") + "."]
    params = _param_names(operation)
    if "Cursor" in params:
        notes.append("Paginated: pass `next_cursor` back as `cursor`.")
    if "IdempotencyKey" in params:
        notes.append("Send `Idempotency-Key` to make a retry safe.")
    if "IfMatch" in params:
        notes.append("Send `If-Match` with the `ETag` of your last read: 412 if it changed.")
    operation["description"] = " ".join(notes)


#: A time of day as the API reads and writes it: local time without an offset (``08:00:00``).
#: JSON Schema's ``format: time`` (RFC 3339) demands an offset, so it would reject them.
LOCAL_TIME = described(
    r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
    id="jam HH:MM atau HH:MM:SS (00:00–23:59)",
    en="a time of day HH:MM or HH:MM:SS (00:00–23:59)",
)


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time":
            del node["format"]
            node["pattern"] = LOCAL_TIME
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def _problem_codes(document: dict[str, Any]) -> None:
    """``Problem.code`` is one of the registered codes (``core.errors.error_codes``, each
    domain's ``errors.py``), listed as the schema ``ProblemCode`` with the status of each.
    A code the registry does not know is logged as an error where it is rendered, and the
    test suite fails on it (tests/conftest.py)."""
    codes = error_codes()
    schemas = document["components"]["schemas"]
    schemas["ProblemCode"] = {
        "type": "string",
        "enum": list(codes),
        "title": "ProblemCode",
        "description": "Registered problem codes; the HTTP status of each: "
        + ", ".join(f"`{code}` {status}" for code, status in codes.items())
        + ".",
    }
    code = schemas["Problem"]["properties"]["code"]
    schemas["Problem"]["properties"]["code"] = {
        "$ref": "#/components/schemas/ProblemCode",
        "title": code.get("title", "Code"),
        "description": "Stable machine code of the problem: switch on it, not on `title`.",
    }
