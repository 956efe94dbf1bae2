"""Bad input everywhere is a 4xx problem, never a 500: regressions of what fuzzing found."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import httpx
import pytest

from conftest import Palu, World, assert_problem
from kinerja_api.core.openapi import AUTHENTICATED_ERRORS, BODY_ERRORS


def cursor(*payload: Any) -> str:
    raw = json.dumps(list(payload)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def assert_invalid_text(r: httpx.Response, location: str, field: str) -> None:
    body = assert_problem(r, 422, "invalid_text")
    assert body["errors"] == [
        {
            "location": location,
            "field": field,
            "message": "Teks tidak boleh mengandung karakter NUL (\\u0000)",
            "type": "invalid_text",
        }
    ]


async def test_nul_character_in_a_json_body_is_rejected(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.post(
        "/api/v1/organizations",
        headers=world.platform.headers,
        json={
            "code": "DISPAR",
            "name": "Dinas\u0000Pariwisata",
            "kind": "perangkat_daerah",
            "region": "Kota Sabang",
            "timezone": "WIB",
        },
    )
    assert_invalid_text(r, "body", "name")
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        headers=world.admin.headers,
        json={"name": ["ok", {"deep\u0000key": 1}]},
    )
    assert_invalid_text(r, "body", "name.1.deep\u0000key")
    listed = await client.get("/api/v1/organizations", headers=world.platform.headers)
    assert "DISPAR" not in {o["code"] for o in listed.json()["items"]}
    # An escaped backslash followed by "u0000" is ordinary text, not a NUL.
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        headers=world.admin.headers,
        json={"name": "Dinas \\u0000 Kesehatan"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Dinas \\u0000 Kesehatan"


async def test_nul_character_in_query_path_and_form_is_rejected(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.get(
        "/api/v1/organizations", params={"q": "Dinas\x00"}, headers=world.platform.headers
    )
    assert_invalid_text(r, "query", "q")
    r = await client.get(
        f"/api/v1/organizations/{world.org.id}/units?sort=name&cursor=%00",
        headers=world.admin.headers,
    )
    assert_invalid_text(r, "query", "cursor")
    r = await client.get("/api/v1/public/surveys/abc%00def")
    assert_invalid_text(r, "path", "path")
    r = await client.post(
        "/api/v1/auth/token", data={"username": "admin\x00.dinkes", "password": "x"}
    )
    assert_invalid_text(r, "body", "username")


@pytest.mark.parametrize("month", ["0000-01", "0999-05"])
async def test_month_with_year_zero_is_422(
    client: httpx.AsyncClient, palu: Palu, month: str
) -> None:
    for path in ("/api/v1/activity-reports", "/api/v1/activity-reports/inbox"):
        r = await client.get(path, params={"month": month}, headers=palu.kapus.headers)
        body = assert_problem(r, 422, "validation_failed")
        assert body["errors"][0]["field"] == "month"


async def test_last_month_of_the_last_year_is_not_a_500(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    r = await client.get(
        "/api/v1/activity-reports", params={"month": "9999-12"}, headers=palu.siti.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["items"] == []


@pytest.mark.parametrize("value", ["0", "1700000000", "2026-3-1", "2026-03-01T00:00:00"])
async def test_dates_in_queries_are_iso_dates_only(
    client: httpx.AsyncClient, palu: Palu, value: str
) -> None:
    r = await client.get("/api/v1/me/profile", params={"on": value}, headers=palu.siti.headers)
    body = assert_problem(r, 422, "validation_failed")
    assert body["errors"][0]["field"] == "on"
    assert body["errors"][0]["message"] == "Harus berupa tanggal (YYYY-MM-DD)"
    r = await client.get(
        "/api/v1/activity-reports", params={"date_from": value}, headers=palu.siti.headers
    )
    assert_problem(r, 422, "validation_failed")
    r = await client.get(
        "/api/v1/me/profile", params={"on": "2026-03-01"}, headers=palu.siti.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["on"] == "2026-03-01"


@pytest.mark.parametrize(
    ("path", "sort", "value"),
    [
        ("/api/v1/skp", "year", 10**30),
        ("/api/v1/skp", "year", -(10**19)),
        ("/api/v1/skp", "year", "1e999"),
        ("/api/v1/organizations/{org}/units", "name", "a\u0000b"),
        ("/api/v1/organizations/{org}/units", "name", 12),
    ],
)
async def test_out_of_range_cursor_values_are_422(
    client: httpx.AsyncClient, world: World, path: str, sort: str, value: Any
) -> None:
    r = await client.get(
        path.format(org=world.org.id),
        params={"sort": sort, "cursor": cursor(sort, value, str(uuid.uuid4()))},
        headers=world.admin.headers,
    )
    body = assert_problem(r, 422, "validation_failed")
    assert body["errors"][0]["field"] == "cursor"


async def test_405_allow_header_lists_every_method_of_the_path(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.delete("/api/v1/organizations", headers=world.platform.headers)
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET, POST"
    r = await client.put(f"/api/v1/units/{world.root_unit.id}", headers=world.admin.headers)
    assert_problem(r, 405, "method_not_allowed")
    assert set(r.headers["allow"].split(", ")) == {"GET", "PATCH"}
    # A literal path is not one of the parameterized path next to it (`{report_id}`).
    r = await client.delete("/api/v1/activity-reports/batch-approve", headers=world.admin.headers)
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"
    r = await client.post("/api/v1/activity-reports/inbox", headers=world.admin.headers)
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET"
    # ... even where the parameterized route has the method: not a 422 for a bad report id.
    r = await client.patch(
        "/api/v1/activity-reports/batch-approve", headers=world.admin.headers, json={}
    )
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"


async def test_every_operation_documents_the_shared_problems(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            expected: set[int] = {503}
            if "requestBody" in operation:
                expected |= set(BODY_ERRORS)
            if operation.get("security"):
                expected |= set(AUTHENTICATED_ERRORS)
            for status in expected - {int(s) for s in operation["responses"]}:
                missing.append(f"{method.upper()} {path}: {status}")
            for status in expected:
                response = operation["responses"][str(status)]
                if "$ref" in response:  # a shared response (components/responses)
                    response = document["components"]["responses"][response["$ref"].split("/")[-1]]
                content = response.get("content", {})
                assert "application/problem+json" in content, (method, path, status)
    assert not missing, missing


async def test_null_on_a_required_field_of_a_patch_keeps_the_value(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    """Null reached NOT NULL columns (a database error) where a service did not skip it."""
    unit = f"/api/v1/units/{palu.surv.id}"
    r = await client.patch(unit, headers=palu.admin.headers, json={"is_active": None, "name": None})
    assert r.status_code == 200, r.text
    assert (r.json()["is_active"], r.json()["name"]) == (True, "Seksi Surveilans dan Imunisasi")
    r = await client.patch(unit, headers=palu.admin.headers, json={"head_position_id": None})
    assert r.status_code == 200, r.text
    assert r.json()["head_position_id"] is None  # clearable: null clears it
    position = f"/api/v1/positions/{palu.perawat_pos.id}"
    r = await client.patch(
        position,
        headers=palu.admin.headers,
        json={"is_active": None, "job_class": None, "kind": None, "unit_id": None},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["is_active"], r.json()["job_class"], r.json()["kind"]) == (
        True,
        8,
        "fungsional",
    )
    r = await client.patch(
        f"/api/v1/organizations/{world.org.id}",
        headers=world.platform.headers,
        json={"is_active": None, "timezone": None},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["is_active"], r.json()["timezone"]) == (True, "WITA")


async def test_lone_surrogates_anywhere_are_422_not_500(
    client: httpx.AsyncClient, world: World, factory: Any
) -> None:
    """A JSON ``\\ud800`` escape decodes to a lone surrogate, which UTF-8 cannot encode: the
    public survey stored it through an ``Any`` answer (500) and the 422 echoing a key with
    one failed to render (500). The NUL tests above sent only NUL, and the fuzzing never
    generated surrogates; both do now."""
    from sabang import published_survey, sabang

    town = await sabang(factory)
    survey = await published_survey(client, town.admin, town.org.id)
    url = survey["public_path"] + "/responses"
    json_headers = {"Content-Type": "application/json"}

    def answer(answers: str) -> bytes:
        return (
            '{"respondent_token": "responden-uji-0001", "respondent_group": "public", '
            f'"answers": {answers}}}'
        ).encode()

    cases = [
        (answer('{"kejelasan": 4, "bahasa": "en", "saran": "x\\ud800y"}'), "answers.saran"),
        (answer('{"kejelasan": 4, "bahasa": "en", "\\udc00": 1}'), "answers.\\udc00"),
        (answer('{"kejelasan": 4, "bahasa": "en", "saran": "\\ude00\\ud83d"}'), "answers.saran"),
    ]
    for body, field in cases:
        r = await client.post(url, content=body, headers=json_headers)
        problem = assert_problem(r, 422, "invalid_text")
        assert problem["errors"][0]["field"] == field
        assert problem["errors"][0]["type"] == "invalid_text"
        assert "surrogate" in problem["errors"][0]["message"]
    r = await client.post(
        "/api/v1/organizations",
        content=b'{"code": "DISPAR", "name": "Dinas \\udfff", "kind": "perangkat_daerah", '
        b'"region": "Kota Sabang", "timezone": "WIB"}',
        headers={**world.platform.headers, **json_headers, "Accept-Language": "en"},
    )
    problem = assert_problem(r, 422, "invalid_text")
    assert problem["errors"] == [
        {
            "location": "body",
            "field": "name",
            "message": "Text must not contain unpaired surrogates (\\ud800–\\udfff); "
            "send valid Unicode text",
            "type": "invalid_text",
        }
    ]
    # A surrogate pair is one ordinary character (here an emoji): accepted and stored.
    r = await client.patch(
        f"/api/v1/units/{world.root_unit.id}",
        content=b'{"name": "Dinas \\ud83d\\ude00 Kesehatan"}',
        headers={**world.admin.headers, **json_headers},
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Dinas \U0001f600 Kesehatan"
    valid = answer('{"kejelasan": 4, "bahasa": "en"}')
    r = await client.post(url, content=valid, headers=json_headers)
    assert r.status_code == 202, r.text
