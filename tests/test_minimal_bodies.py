"""The schema is true: a create body with only its documented required fields needs nothing
else (issue 14).

``direction`` on key indicators and ``hasil_kerja`` on ratings were documented optional but
required by the rules (422 ``direction_required``, "Hasil kerja keseluruhan wajib diisi"). This
walks the OpenAPI document: for every POST/PUT with a JSON body it sends the documented
minimal body — the required fields of the schema's first example (and the fields of the first
``oneOf`` form the example takes, e.g. a number target) — and fails on any 422 that names a
field the schema calls optional.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from appraisal_support import Clock, rating_body, setup_cycle
from appraisal_support import clock as clock  # the fixture
from conftest import Palu, World
from fuzz_support import SEEDS, _with_ids
from kinerja_api.appraisals.rules import Rating, suggested_work_result_rating

API = "/api/v1"

METHODS = ("post", "put")


def _schema_of(document: dict[str, Any], operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref")
    if ref is None:
        return "", {}
    name = ref.rsplit("/", 1)[-1]
    return name, document["components"]["schemas"][name]


def minimal_body(schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]] | None:
    """(the documented minimal body, the fields it is allowed to be refused on)."""
    examples = schema.get("examples") or []
    if not examples or not isinstance(examples[0], dict):
        return None
    example = examples[0]
    wanted = set(schema.get("required", []))
    for form in schema.get("oneOf", []) + schema.get("anyOf", []):
        consts = {k: p["const"] for k, p in form.get("properties", {}).items() if "const" in p}
        if any(k in example and example[k] != v for k, v in consts.items()):
            continue
        if set(form.get("required", [])) <= set(example):
            wanted |= set(form.get("required", [])) | (set(consts) & set(example))
            break
    return {k: v for k, v in example.items() if k in wanted}, wanted


async def _seed(
    client: httpx.AsyncClient,
    document: dict[str, Any],
    ids: dict[str, str],
    headers: dict[str, dict[str, str]],
) -> None:
    for path, param, role in SEEDS:
        operation = document["paths"].get(path, {}).get("post")
        if operation is None:
            continue
        _, schema = _schema_of(document, operation)
        try:
            url = path.format(**ids)
        except KeyError:
            continue
        for example in schema.get("examples") or []:
            r = await client.post(url, json=_with_ids(example, ids), headers=headers[role])
            if r.status_code == 201:
                answer = r.json()
                ids[param] = answer.get("id") or answer["service_account"]["id"]
                break


async def test_minimal_documented_bodies_need_no_optional_field(
    client: httpx.AsyncClient, app: Any, world: World, palu: Palu
) -> None:
    document = app.openapi()
    roles = {
        "admin": world.admin.headers,
        "staff": palu.siti.headers,
        "supervisor": palu.kapus.headers,
    }
    ids = {
        "org_id": str(world.org.id),
        "unit_id": str(palu.pkm.id),
        "position_id": str(palu.perawat_pos.id),
        "employee_id": str(palu.siti.employee_id),
        "user_id": str(world.staff.id),
    }
    await _seed(client, document, ids, roles)
    failures: list[str] = []
    checked = 0
    for path, item in document["paths"].items():
        if path.startswith("/api/v1/auth/"):  # signing in and out: not a create schema
            continue
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            name, schema = _schema_of(document, operation)
            found = minimal_body(schema) if schema else None
            if found is None:
                continue
            body, allowed = found
            url = re.sub(r"\{([^}]+)\}", lambda m: ids.get(m.group(1), str(uuid.uuid4())), path)
            body = _with_ids(body, ids)
            for headers in roles.values():
                r = await client.request(method.upper(), url, json=body, headers=headers)
                if r.status_code != 403:
                    break
            checked += 1
            if r.status_code != 422:
                continue
            properties = set(schema.get("properties", {}))
            for error in r.json().get("errors") or []:
                top = error["field"].split(".")[0]
                if error["location"] == "body" and top in properties and top not in allowed:
                    failures.append(
                        f"{method.upper()} {path} ({name}): optional {top!r} refused: "
                        f"{error['type']} {error['message']}"
                    )
    assert failures == [], "\n".join(failures)
    assert checked >= 60


async def test_a_rating_without_hasil_kerja_takes_the_median_of_the_rhk_ratings(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    """Before, "Hasil kerja keseluruhan wajib diisi" (a field documented optional)."""
    s = await setup_cycle(client, palu)
    body = rating_body([s["rhk_id"]], "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    del body["hasil_kerja"]
    r = await client.put(
        f"{API}/appraisals/{s['appraisal_id']}/rating", headers=palu.kapus.headers, json=body
    )
    assert r.status_code == 200, r.text
    assert (r.json()["hasil_kerja"], r.json()["predikat"]) == ("DI_ATAS_EKSPEKTASI", "baik")


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        (["SESUAI_EKSPEKTASI"], "SESUAI_EKSPEKTASI"),
        (["DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"], "DI_ATAS_EKSPEKTASI"),
        (["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI"], "SESUAI_EKSPEKTASI"),  # the lower middle
        (["DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"], "DI_BAWAH_EKSPEKTASI"),
    ],
)
def test_suggested_work_result_rating(ratings: list[str], expected: str) -> None:
    assert suggested_work_result_rating(Rating(r) for r in ratings) == Rating(expected)


async def test_a_number_target_without_direction_is_higher_is_better(
    client: httpx.AsyncClient, world: World
) -> None:
    """Before, 422 ``direction_required`` (a field documented optional)."""
    h = world.admin.headers
    r = await client.post(
        f"{API}/organizations/{world.org.id}/goals",
        headers=h,
        json={"year": 2026, "code": "T9", "kind": "tujuan", "statement": "Tujuan uji arah"},
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        f"{API}/goals/{r.json()['id']}/key-indicators",
        headers=h,
        json={
            "code": "IKU-9",
            "name": "Cakupan imunisasi",
            "aspect": "kuantitas",
            "unit": "persen",
            "target_value": 95,
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["direction"] == "higher_is_better"
