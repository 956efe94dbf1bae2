"""The conventions of the OpenAPI contract, asserted over the whole document (every operation,
every response, every example), so an endpoint added later is held to them too; and the
sign-in form as a client sends it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, get_args

import httpx
import jsonschema_rs
import pytest

from conftest import assert_problem
from kinerja_api.auth.permissions import Perm
from kinerja_api.cli import render_openapi
from kinerja_api.core.audit import AuditAction
from kinerja_api.core.errors import error_codes
from kinerja_api.core.openapi import HEADERS, NAMESPACES
from kinerja_api.main import TAGS

Operation = tuple[str, str, dict[str, Any]]
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_openapi())
    return document


def operations(spec: dict[str, Any]) -> list[Operation]:
    return [
        (method, path, item[method])
        for path, item in spec["paths"].items()
        for method in METHODS
        if method in item
    ]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        *_, section, name = node["$ref"].split("/")
        node = spec["components"][section][name]
    return node


def parameter_names(spec: dict[str, Any], op: dict[str, Any]) -> set[str]:
    return {resolve(spec, p)["name"] for p in op.get("parameters", [])}


def responses(spec: dict[str, Any], op: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for status, response in op["responses"].items():
        yield status, resolve(spec, response)


def where(method: str, path: str, status: str = "") -> str:
    return f"{method.upper()} {path} {status}".strip()


def test_every_201_documents_location(spec: dict[str, Any]) -> None:
    missing = [
        where(m, p)
        for m, p, op in operations(spec)
        for status, response in responses(spec, op)
        if status == "201" and "Location" not in response.get("headers", {})
    ]
    assert not missing, missing


def test_every_operation_taking_if_match_documents_etag(spec: dict[str, Any]) -> None:
    missing = [
        where(m, p, status)
        for m, p, op in operations(spec)
        if "If-Match" in parameter_names(spec, op)
        for status, response in responses(spec, op)
        if status in {"200", "201"} and "ETag" not in response.get("headers", {})
    ]
    assert not missing, missing


def test_every_creating_post_takes_an_idempotency_key(spec: dict[str, Any]) -> None:
    creating = [(m, p, op) for m, p, op in operations(spec) if "201" in op["responses"]]
    assert len(creating) > 20
    missing = [
        where(m, p) for m, p, op in creating if "Idempotency-Key" not in parameter_names(spec, op)
    ]
    assert not missing, missing
    replayed = [
        where(m, p, status)
        for m, p, op in creating
        for status, response in responses(spec, op)
        if status.startswith("2") and "Idempotent-Replayed" not in response.get("headers", {})
    ]
    assert not replayed, replayed


def _is_page(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    page = resolve(spec, schema)
    props = page.get("properties", {})
    cursor = props.get("next_cursor", {})
    return (
        set(page.get("required", [])) >= {"items", "next_cursor", "limit"}
        and props.get("items", {}).get("type") == "array"
        and props.get("limit", {}).get("type") == "integer"
        and {o.get("type") for o in cursor.get("anyOf", [])} == {"string", "null"}
    )


def test_every_list_returns_the_page_envelope(spec: dict[str, Any]) -> None:
    lists = [(m, p, op) for m, p, op in operations(spec) if "cursor" in parameter_names(spec, op)]
    assert len(lists) > 30
    wrong = [
        where(m, p)
        for m, p, op in lists
        if not _is_page(spec, op["responses"]["200"]["content"]["application/json"]["schema"])
    ]
    assert not wrong, wrong


#: Reports whose rows are computed answer the one envelope too (issue 14), with their summary
#: fields next to ``items``.
COMPUTED_LISTS = (
    ("get", "/api/v1/appraisals/{appraisal_id}/events"),
    ("get", "/api/v1/organizations/{org_id}/activity-reminders"),
    ("get", "/api/v1/organizations/{org_id}/learning-hours"),
    ("get", "/api/v1/units/{unit_id}/activity-recap"),
    ("get", "/api/v1/organizations/{org_id}/workload"),
    ("get", "/api/v1/employees/{employee_id}/competency-gaps"),
    ("get", "/api/v1/units/{unit_id}/competency-gaps"),
    ("get", "/api/v1/organizations/{org_id}/competency-gaps"),
    ("get", "/api/v1/appraisal-periods/{period_id}/ranking"),
)
#: Bounded lists still answered as a bare array: the path from the top of the unit tree, and
#: what belongs to one appraisal or one position.
BARE_ARRAYS = {
    ("get", "/api/v1/units/{unit_id}/path"),
    ("get", "/api/v1/appraisals/{appraisal_id}/peer-inputs"),
    ("get", "/api/v1/positions/{position_id}/competency-standards"),
    ("get", "/api/v1/appraisals/{appraisal_id}/dialogues"),
    ("get", "/api/v1/appraisals/{appraisal_id}/programs"),
}


def test_computed_lists_answer_the_page_envelope(spec: dict[str, Any]) -> None:
    for method, path in COMPUTED_LISTS:
        op = spec["paths"][path][method]
        assert "cursor" in parameter_names(spec, op), path
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert _is_page(spec, schema), path
    bare = {
        (m, p)
        for m, p, op in operations(spec)
        if m == "get"
        and op["responses"]
        .get("200", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("type")
        == "array"
    }
    assert bare == BARE_ARRAYS


def test_every_error_response_is_the_one_problem_schema(spec: dict[str, Any]) -> None:
    wrong = []
    for m, p, op in operations(spec):
        for status, response in responses(spec, op):
            if status[0] not in "45":
                continue
            content = response.get("content", {})
            if list(content) != ["application/problem+json"] or content["application/problem+json"][
                "schema"
            ] != {"$ref": "#/components/schemas/Problem"}:
                wrong.append(where(m, p, status))
            if status in {"429", "503"} and "Retry-After" not in response.get("headers", {}):
                wrong.append(f"{where(m, p, status)} without Retry-After")
    assert not wrong, wrong


def test_every_response_documents_its_headers_once(spec: dict[str, Any]) -> None:
    """Headers are components, referenced; every response carries the request id."""
    assert set(HEADERS) <= set(spec["components"]["headers"])
    wrong = []
    for m, p, op in operations(spec):
        for status, response in responses(spec, op):
            headers = response.get("headers", {})
            if "X-Request-ID" not in headers:
                wrong.append(f"{where(m, p, status)} without X-Request-ID")
            wrong += [
                f"{where(m, p, status)} {name} inline"
                for name, header in headers.items()
                if header != {"$ref": f"#/components/headers/{name}"}
            ]
            if status.startswith("2") and response.get("description") == "Successful Response":
                wrong.append(f"{where(m, p, status)} says 'Successful Response'")
    assert not wrong, wrong


def test_downloads_and_uploads_are_binary(spec: dict[str, Any]) -> None:
    downloads = 0
    wrong = []
    for m, p, op in operations(spec):
        for status, response in responses(spec, op):
            for media_type, body in response.get("content", {}).items():
                if media_type.endswith("json") or not status.startswith("2"):
                    continue
                if media_type.startswith("text/plain"):
                    expected = {"type": "string"}
                else:
                    expected = {"type": "string", "format": "binary"}
                    downloads += 1
                    if "Content-Disposition" not in response.get("headers", {}):
                        wrong.append(f"{where(m, p, status)} without Content-Disposition")
                if body.get("schema") != expected:
                    wrong.append(f"{where(m, p, status)} {media_type}")
                if "application/json" in response["content"]:
                    wrong.append(f"{where(m, p, status)} a file typed as JSON too")
        for media_type, body in op.get("requestBody", {}).get("content", {}).items():
            if media_type == "multipart/form-data":
                form = resolve(spec, body["schema"])
                for name, prop in form["properties"].items():
                    options = [prop, *prop.get("anyOf", [])]
                    files = [o for o in options if "contentMediaType" in o]
                    if files and any(o.get("format") != "binary" for o in files):
                        wrong.append(f"{where(m, p)} upload {name}")
    assert downloads >= 5
    assert not wrong, wrong


def test_tags_are_declared_once_each_in_workflow_order(spec: dict[str, Any]) -> None:
    declared = [t["name"] for t in spec["tags"]]
    assert declared == [t["name"] for t in TAGS]
    assert all(t.get("description") for t in spec["tags"])
    used = set()
    wrong = []
    for m, p, op in operations(spec):
        if len(op.get("tags", [])) != 1 or op["tags"][0] not in declared:
            wrong.append(f"{where(m, p)}: {op.get('tags')}")
            continue
        used.add(op["tags"][0])
        namespace = NAMESPACES.get(op["tags"][0], op["tags"][0].replace(" ", "_"))
        if not op["operationId"].startswith(namespace):
            wrong.append(f"{where(m, p)}: operationId {op['operationId']} outside {namespace}")
    assert not wrong, wrong
    assert used == set(declared), set(declared) - used
    assert declared.index("activities") < declared.index("health")
    assert declared.index("skp") < declared.index("activities") < declared.index("appraisals")


def test_public_operations_say_so(spec: dict[str, Any]) -> None:
    public = {where(m, p) for m, p, op in operations(spec) if op["security"] == []}
    assert public == {
        "POST /api/v1/auth/token",
        "POST /api/v1/auth/refresh",
        "GET /api/v1/public/surveys/{token}",
        "POST /api/v1/public/surveys/{token}/responses",
        "GET /health/live",
        "GET /health/ready",
        "GET /metrics",
    }
    assert spec["servers"]
    assert spec["info"]["license"]["identifier"] == "Apache-2.0"
    assert spec["info"]["contact"]["name"]


def test_sign_in_form_as_clients_generate_it(spec: dict[str, Any]) -> None:
    op = spec["paths"]["/api/v1/auth/token"]["post"]
    form = resolve(
        spec, op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    )
    assert "scope" not in form.get("required", [])
    assert all("default" not in prop for prop in form["properties"].values())
    assert form["properties"]["grant_type"]["enum"] == ["password", "client_credentials"]
    unauthorized = resolve(spec, op["responses"]["401"])
    assert "invalid_credentials" in unauthorized["description"]
    assert "415" in op["responses"]


def _examples(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every example in a schema tree."""
    if isinstance(node, dict):
        if isinstance(node.get("examples"), list) and "properties" not in node.get("examples"):
            schema = {k: v for k, v in node.items() if k != "examples"}
            for i, example in enumerate(node["examples"]):
                yield f"{pointer}/examples/{i}", schema, example
        for key, value in node.items():
            if key != "examples":
                yield from _examples(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _examples(value, f"{pointer}/{i}")


def all_examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    yield from _examples(spec["components"]["schemas"], "#/components/schemas")
    for name, header in spec["components"]["headers"].items():
        yield from _examples(header["schema"], f"#/components/headers/{name}")
    for m, p, op in operations(spec):
        for param in op.get("parameters", []):
            param = resolve(spec, param)
            schema = param.get("schema", {})
            yield from _examples(schema, f"{where(m, p)} {param['name']}")
            if "example" in param:
                yield f"{where(m, p)} {param['name']} example", schema, param["example"]
            for key, example in param.get("examples", {}).items():
                yield f"{where(m, p)} {param['name']} {key}", schema, example["value"]
        bodies = [("request", op.get("requestBody", {}))]
        bodies += [(status, r) for status, r in responses(spec, op)]
        for label, body in bodies:
            for media_type, content in body.get("content", {}).items():
                schema = content.get("schema", {})
                if "example" in content:
                    yield f"{where(m, p, label)} {media_type}", schema, content["example"]
                for key, example in content.get("examples", {}).items():
                    yield f"{where(m, p, label)} {media_type} {key}", schema, example["value"]


def test_every_example_validates_against_its_schema(spec: dict[str, Any]) -> None:
    found = list(all_examples(spec))
    assert len(found) > 300
    invalid = []
    for pointer, schema, example in found:
        # $refs resolve against a root holding the document's components.
        root = {"components": spec["components"], "allOf": [schema]}
        validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
        errors = [e.message for e in validator.iter_errors(example)]
        if errors:
            invalid.append(f"{pointer}: {errors[0]}")
    assert not invalid, invalid


def test_a_broken_example_is_caught(spec: dict[str, Any]) -> None:
    """The example check can fail: a time the server would not send, a missing field."""
    schema = {"$ref": "#/components/schemas/ReportRead"}
    root = {"components": spec["components"], "allOf": [schema]}
    validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
    good = resolve(spec, schema)["examples"][0]
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "start_time": "8 pagi"})
    assert not validator.is_valid({k: v for k, v in good.items() if k != "review_note"})


def test_operation_ids_are_namespaced_words(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", i) for i in ids), ids


async def test_sign_in_with_a_json_body_is_415(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/v1/auth/token", json={"username": "admin.dinkes", "password": "x" * 12}
    )
    body = assert_problem(r, 415, "unsupported_media_type")
    assert "application/x-www-form-urlencoded" in body["detail"]


def test_problem_codes_come_from_the_registry(spec: dict[str, Any]) -> None:
    codes = spec["components"]["schemas"]["ProblemCode"]["enum"]
    assert codes == list(error_codes())
    assert {"invalid_credentials", "validation_failed", "unsupported_media_type"} <= set(codes)
    code = spec["components"]["schemas"]["Problem"]["properties"]["code"]
    assert code["$ref"] == "#/components/schemas/ProblemCode"  # closed: no other string


def test_permissions_are_an_enumeration(spec: dict[str, Any]) -> None:
    items = resolve(spec, spec["components"]["schemas"]["Me"]["properties"]["permissions"]["items"])
    assert items["enum"] == [p.value for p in Perm]


def test_audit_actions_are_an_enumeration(spec: dict[str, Any]) -> None:
    action = spec["components"]["schemas"]["AuditEntry"]["properties"]["action"]
    assert action["enum"] == list(get_args(AuditAction))
