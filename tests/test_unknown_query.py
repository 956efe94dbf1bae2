"""Unknown query parameters answer 422 naming them, on every operation (issue 14).

``GET /appraisals?period_id=…&nip=…`` used to ignore ``nip`` and list everyone: a client must
never get "all" when it asked for "one". The check is central (``core/query.py``), so the
tests prove it on a few operations through the HTTP API and, for every route, that what it
accepts is exactly what the OpenAPI document declares.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from fastapi import APIRouter
from fastapi.routing import APIRoute

from conftest import Palu, World, assert_problem
from kinerja_api.core.query import declared_query_names

API = "/api/v1"


def unknown(response: httpx.Response) -> list[tuple[str, str, str]]:
    body = assert_problem(response, 422, "unknown_query_parameter")
    return [(e["location"], e["field"], e["type"]) for e in body["errors"]]


async def test_an_unknown_filter_of_a_list_is_refused_not_ignored(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    h = palu.admin.headers
    period = str(uuid.uuid4())
    r = await client.get(f"{API}/appraisals", headers=h, params={"period_id": period})
    assert r.status_code == 200, r.text
    r = await client.get(
        f"{API}/appraisals",
        headers=h,
        params={"period_id": period, "nip": "199504102019032011", "limit": 5},
    )
    assert unknown(r) == [("query", "nip", "unknown_parameter")]
    body = r.json()
    assert "nip" in body["detail"]
    message = body["errors"][0]["message"]
    assert message.startswith("Parameter kueri nip tidak dikenal")  # Indonesian by default
    # the message lists what the operation does take, shared parameters included
    assert all(name in message for name in ("cursor", "limit", "period_id", "sort"))
    r = await client.get(
        f"{API}/appraisals",
        headers={**h, "Accept-Language": "en"},
        params={"nip": "1", "unit": "x", "limit": 5},
    )
    assert unknown(r) == [
        ("query", "nip", "unknown_parameter"),
        ("query", "unit", "unknown_parameter"),
    ]
    assert r.json()["errors"][0]["message"].startswith("Unknown query parameter nip.")
    assert r.json()["title"] == "Validation failed"


async def test_every_kind_of_operation_refuses_them(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    h = palu.admin.headers
    # an aliased parameter (format) and a path-only read
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/exports/units", headers=h, params={"format": "csv"}
    )
    assert r.status_code == 200, r.text
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/exports/units", headers=h, params={"fmt": "csv"}
    )
    assert unknown(r) == [("query", "fmt", "unknown_parameter")]
    r = await client.get(f"{API}/organizations/{palu.org.id}", headers=h, params={"expand": "1"})
    assert unknown(r) == [("query", "expand", "unknown_parameter")]
    assert "tidak menerima parameter kueri" in r.json()["errors"][0]["message"]
    # a write: refused before anything is written
    r = await client.post(
        f"{API}/organizations/{palu.org.id}/units",
        headers=h,
        params={"dry_run": "true"},
        json={"code": "BARU", "name": "Unit Baru", "parent_id": str(palu.dinkes.id)},
    )
    assert unknown(r) == [("query", "dry_run", "unknown_parameter")]
    r = await client.get(f"{API}/organizations/{palu.org.id}/units", headers=h)
    assert "BARU" not in {u["code"] for u in r.json()["items"]}
    # public operations too, and an anonymous caller still learns about the token first
    r = await client.post(
        f"{API}/auth/token", params={"debug": "1"}, data={"username": "x", "password": "y"}
    )
    assert unknown(r) == [("query", "debug", "unknown_parameter")]
    r = await client.get(f"{API}/appraisals", params={"nip": "1"})
    assert_problem(r, 401, "unauthorized")


def _documented(document: dict[str, Any], path: str, method: str) -> set[str]:
    operation = document["paths"][path][method]
    params = []
    for p in operation.get("parameters", []):
        if "$ref" in p:
            p = document["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        params.append(p)
    return {p["name"] for p in params if p["in"] == "query"}


def _routes() -> list[APIRoute]:
    import kinerja_api.main

    routers = [v for v in vars(kinerja_api.main).values() if isinstance(v, APIRouter)]
    return [r for router in routers for r in router.routes if isinstance(r, APIRoute)]


def test_what_each_operation_accepts_is_what_the_contract_declares(shared_app: Any) -> None:
    document = shared_app.openapi()
    checked = 0
    for route in _routes():
        path = API + route.path_format
        if path not in document["paths"]:  # health: outside the API
            continue
        for method in sorted(route.methods - {"HEAD"}):
            assert declared_query_names(route) == _documented(document, path, method.lower()), (
                method,
                path,
            )
            assert "422" in document["paths"][path][method.lower()]["responses"], (method, path)
            checked += 1
    assert checked == sum(
        1 for p, item in document["paths"].items() if p.startswith(API) for m in item
    )
    assert "unknown_query_parameter" in document["info"]["description"]


async def test_every_operation_answers_422_to_an_unknown_parameter(
    client: httpx.AsyncClient, world: World, shared_app: Any
) -> None:
    """Through the HTTP API, every operation of the contract (random ids in the path)."""
    document = shared_app.openapi()
    for path, item in document["paths"].items():
        if not path.startswith(API):
            continue
        url = re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)
        for method in item:
            r = await client.request(
                method.upper(), url, headers=world.platform.headers, params={"zz_unknown": "1"}
            )
            assert r.status_code == 422, (method, path, r.text)
            assert r.json()["code"] == "unknown_query_parameter", (method, path, r.text)
