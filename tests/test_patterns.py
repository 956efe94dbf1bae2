"""Patterns in words, and one convention for codes (issue 14).

Every pattern a request field must match says the expected format in words, in the request
language ("Format tidak sesuai" alone told nobody what to type); codes accept either case and
are stored upper case — competency codes were lower case while unit and goal codes were upper.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import Palu, World, assert_problem
from kinerja_api.core.patterns import described_patterns, pattern_words

API = "/api/v1"


def _field_messages(response: httpx.Response) -> dict[str, str]:
    body = assert_problem(response, 422)
    return {e["field"]: e["message"] for e in body["errors"]}


async def test_a_code_pattern_error_says_the_format_in_words(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    url = f"{API}/organizations/{palu.org.id}/competencies"
    body = {"code": "T MPK", "name": "Manajemen Proyek", "kind": "teknis"}
    messages = _field_messages(await client.post(url, headers=palu.admin.headers, json=body))
    assert messages["code"] == (
        "Format tidak sesuai: huruf A–Z, angka, '.', '_' atau '-', diawali huruf atau angka "
        "(huruf kecil disimpan sebagai huruf besar)"
    )
    english = {**palu.admin.headers, "Accept-Language": "en"}
    messages = _field_messages(await client.post(url, headers=english, json=body))
    assert messages["code"].startswith("Invalid format: letters A–Z, digits, '.', '_' or '-'")
    # query and path patterns too
    r = await client.get(
        f"{API}/organizations/{palu.org.id}/employees",
        headers=english,
        params={"nip": "19850312201001100x"},
    )
    assert _field_messages(r)["nip"] == (
        "Invalid format: a NIP: 18 digits, no spaces or punctuation"
    )


async def test_codes_accept_either_case_and_are_stored_upper_case(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    h = palu.admin.headers
    url = f"{API}/organizations/{palu.org.id}/competencies"
    r = await client.post(
        url, headers=h, json={"code": "T-MPK", "name": "Manajemen", "kind": "teknis"}
    )
    assert r.status_code == 201, r.text  # was 422 (competency codes had to be lower case)
    assert r.json()["code"] == "T-MPK"
    r = await client.post(url, headers=h, json={"code": "t-mpk", "name": "Lagi", "kind": "teknis"})
    assert_problem(r, 409, "competency_code_taken")  # one code whatever the case
    r = await client.post(
        url, headers=h, json={"code": "bahasa_inggris", "name": "Bahasa Inggris", "kind": "teknis"}
    )
    assert r.json()["code"] == "BAHASA_INGGRIS"
    codes = {
        c["code"] for c in (await client.get(url, headers=h, params={"limit": 50})).json()["items"]
    }
    assert {"KOMUNIKASI", "INTEGRITAS", "T-MPK", "BAHASA_INGGRIS"} <= codes  # seeded ones too
    # units and goals: lower case was refused, now stored upper case
    r = await client.post(
        f"{API}/organizations/{palu.org.id}/units",
        headers=h,
        json={"code": "pkm-baru", "name": "Puskesmas Baru", "parent_id": str(palu.dinkes.id)},
    )
    assert r.status_code == 201, r.text
    assert r.json()["code"] == "PKM-BARU"
    r = await client.post(
        f"{API}/organizations/{world.org.id}/goals",
        headers=world.admin.headers,
        json={"year": 2026, "code": "t1", "kind": "tujuan", "statement": "Tujuan pertama"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["code"] == "T1"


def _patterns(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            found.add(node["pattern"])
        for value in node.values():
            found |= _patterns(value)
    elif isinstance(node, list):
        for value in node:
            found |= _patterns(value)
    return found


def test_every_documented_pattern_has_its_words(shared_app: Any) -> None:
    patterns = _patterns(shared_app.openapi())
    assert len(patterns) >= 10
    missing = sorted(p for p in patterns if pattern_words(p) is None)
    assert missing == []
    for pattern, words in described_patterns().items():
        assert set(words) == {"id", "en"}, pattern
        assert all(w and "^" not in w for w in words.values()), pattern


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("a", 1, "komunikasi")], {"a": "KOMUNIKASI"}),
        ([("a", 1, "KOMUNIKASI")], {}),
        # a clash within one organization: the oldest keeps the plain code
        (
            [("0190f0b2-aaaa", 1, "abc"), ("0190f0c3-bbbb", 1, "ABC")],
            {"0190f0b2-aaaa": "ABC", "0190f0c3-bbbb": "ABC-0190f0c3"},
        ),
        ([("a", 1, "abc"), ("b", 2, "ABC")], {"a": "ABC"}),  # other organization: no clash
    ],
)
def test_upper_casing_competency_codes_resolves_clashes(
    rows: list[tuple[str, int, str]], expected: dict[str, str]
) -> None:
    assert _migration().recase(rows, str.upper) == expected


def _migration() -> Any:
    import importlib.util
    from pathlib import Path

    (path,) = (Path(__file__).parents[1] / "migrations" / "versions").glob(
        "*_competency_codes_upper.py"
    )
    spec = importlib.util.spec_from_file_location("competency_codes_upper", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
