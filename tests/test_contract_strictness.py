"""Request bodies and query values are held to the types and ranges the OpenAPI document
states (issue 19): booleans are ``true``/``false``, numbers are JSON numbers, dates lie in a
sane range. The fuzzing's ``negative_data_rejection`` did not catch ``{"atomic": 0}``:
schemathesis sends an integer for a boolean only in some negative cases and pydantic's lax
mode accepted it as ``false``; years 0068 and 4281 are valid ``format: date`` strings."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from appraisal_support import SEMESTER
from conftest import Palu, World, assert_problem

API = "/api/v1"


@pytest.mark.parametrize(
    ("value", "etype"),
    [(0, "bool_type"), (1, "bool_type"), ("true", "bool_type"), ("false", "bool_type")],
)
async def test_booleans_in_bodies_are_strict(
    client: httpx.AsyncClient, palu: Palu, value: Any, etype: str
) -> None:
    r = await client.post(
        f"{API}/activity-reports/batch-approve",
        headers=palu.kapus.headers,
        json={"ids": [str(uuid.uuid4())], "atomic": value},
    )
    problem = assert_problem(r, 422, "validation_failed")
    assert problem["errors"][0]["field"] == "atomic"
    assert problem["errors"][0]["type"] == etype


@pytest.mark.parametrize(
    ("change", "field", "etype"),
    [
        ({"start_date": "0068-01-01"}, "start_date", "date_out_of_range"),
        ({"end_date": "4281-06-30"}, "end_date", "date_out_of_range"),
        ({"opens_on": "1899-12-31"}, "opens_on", "date_out_of_range"),
    ],
)
async def test_dates_in_bodies_are_bounded(
    client: httpx.AsyncClient, world: World, change: dict[str, str], field: str, etype: str
) -> None:
    r = await client.post(
        f"{API}/appraisal-periods", headers=world.admin.headers, json={**SEMESTER, **change}
    )
    problem = assert_problem(r, 422, "validation_failed")
    assert [(e["field"], e["type"]) for e in problem["errors"]] == [(field, etype)]
    assert "1900" in problem["errors"][0]["message"]


@pytest.mark.parametrize("value", ["2", True, 2.5])
async def test_numbers_in_bodies_are_json_numbers(
    client: httpx.AsyncClient, world: World, value: Any
) -> None:
    r = await client.patch(
        f"{API}/organizations/{world.org.id}/settings",
        headers=world.admin.headers,
        json={"daily_reports": {"grace_days": value}},
    )
    problem = assert_problem(r, 422, "validation_failed")
    assert problem["errors"][0]["field"] == "daily_reports.grace_days"
    assert problem["errors"][0]["type"] == "int_type"
    r = await client.patch(
        f"{API}/organizations/{world.org.id}/settings",
        headers=world.admin.headers,
        json={"daily_reports": {"grace_days": 2}},
    )
    assert r.status_code == 200, r.text


async def test_dates_in_queries_are_bounded(client: httpx.AsyncClient, world: World) -> None:
    url = f"{API}/organizations/{world.org.id}/assignments"
    r = await client.get(url, headers=world.admin.headers, params={"on": "0068-01-01"})
    problem = assert_problem(r, 422, "validation_failed")
    assert problem["errors"][0]["location"] == "query"
    assert problem["errors"][0]["field"] == "on"
    r = await client.get(url, headers=world.admin.headers, params={"on": "2026-01-01"})
    assert r.status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", ""])
async def test_wrong_content_type_is_415(
    client: httpx.AsyncClient, world: World, content_type: str
) -> None:
    """Every body operation documents 415, but a JSON body sent as ``text/plain`` was a 422
    (FastAPI could not find the fields); the conventions tests sent only broken JSON."""
    headers = {**world.admin.headers, "Content-Type": content_type}
    r = await client.patch(
        f"{API}/units/{world.root_unit.id}", headers=headers, content=b'{"name": "Dinas"}'
    )
    problem = assert_problem(r, 415, "unsupported_media_type")
    assert "application/json" in problem["detail"]
    # The form sign-in takes a form, not JSON.
    r = await client.post(f"{API}/auth/token", json={"username": "a", "password": "b"})
    assert_problem(r, 415, "unsupported_media_type")
    # Parameters of the media type are fine.
    r = await client.patch(
        f"{API}/units/{world.root_unit.id}",
        headers={**world.admin.headers, "Content-Type": "application/json; charset=utf-8"},
        content=b'{"name": "Dinas"}',
    )
    assert r.status_code == 200, r.text
