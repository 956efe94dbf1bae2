"""The committed OpenAPI document matches the app, and every operation is documented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kinerja_api.cli import render_openapi

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "openapi" / "openapi.json"
PUBLIC = {
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/refresh"),
    ("get", "/health/live"),
    ("get", "/health/ready"),
    ("get", "/metrics"),
    # answering a published survey needs no sign-in, on purpose
    ("get", "/api/v1/public/surveys/{token}"),
    ("post", "/api/v1/public/surveys/{token}/responses"),
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_openapi())
    return document


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_committed_document_is_current() -> None:
    assert COMMITTED.exists(), "run `kinerja openapi export`"
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        "openapi/openapi.json drifted from the app: run `kinerja openapi export` and commit it"
    )


def test_every_operation_is_documented(spec: dict[str, Any]) -> None:
    ids = []
    for method, path, op in _operations(spec):
        where = f"{method.upper()} {path}"
        assert op.get("summary"), f"{where} has no summary"
        assert op.get("tags"), f"{where} has no tag"
        ids.append(op["operationId"])
        responses = op["responses"]
        if (method, path) not in PUBLIC:
            assert "401" in responses, f"{where} does not document 401"
            unauthorized = responses["401"]
            if "$ref" in unauthorized:
                unauthorized = spec["components"]["responses"][unauthorized["$ref"].split("/")[-1]]
            assert unauthorized["content"].get("application/problem+json"), where
            assert op.get("security"), f"{where} is not marked as requiring a token"
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in responses, f"{where} does not document 422"
    assert len(ids) == len(set(ids)), "operationIds must be unique for generated clients"


def test_request_bodies_and_responses_have_examples(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    missing = []
    for method, path, op in _operations(spec):
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            options = body["schema"].get("anyOf", [body["schema"]])
            ref = next(o["$ref"] for o in options if "$ref" in o)
            schema = schemas[ref.rsplit("/", 1)[-1]]
            if not schema.get("examples"):
                missing.append(f"{method.upper()} {path} request")
    assert not missing, missing
    for name in ("Problem", "OrganizationRead", "UnitRead", "UserRead", "TokenPair"):
        assert schemas[name].get("examples"), name


def test_pagination_and_idempotency_are_described(spec: dict[str, Any]) -> None:
    def names(operation: dict[str, Any]) -> set[str]:
        shared = spec["components"]["parameters"]
        return {
            shared[p["$ref"].split("/")[-1]]["name"] if "$ref" in p else p["name"]
            for p in operation["parameters"]
        }

    units = spec["paths"]["/api/v1/organizations/{org_id}/units"]
    assert {"limit", "cursor", "sort"} <= names(units["get"])
    assert "Idempotency-Key" in names(units["post"])
    assert "If-Match" in names(spec["paths"]["/api/v1/units/{unit_id}"]["patch"])
    token = spec["paths"]["/api/v1/auth/token"]["post"]
    assert "application/x-www-form-urlencoded" in token["requestBody"]["content"]
    flows = spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]
    assert flows["password"]["tokenUrl"] == "/api/v1/auth/token"
