"""Stakeholder surveys over HTTP: building and publishing (admins), public answering and its
guards, results, text answers, export, access and audit."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from conftest import Factory, World, assert_problem
from sabang import API, SURVEY, Sabang, created, from_ip, published_survey, sabang

VALID: dict[str, Any] = {"kejelasan": 4, "bahasa": "en"}


def _answer(token: str, answers: dict[str, Any], group: str = "public", **kw: Any) -> Any:
    return {"respondent_token": token, "respondent_group": group, "answers": answers, **kw}


def _token(n: int) -> str:
    return f"responden-uji-{n:04d}"


@pytest.fixture
async def town(factory: Factory) -> Sabang:
    return await sabang(factory)


# ---- building and publishing ---------------------------------------------------------------


async def test_create_read_and_list_a_draft(client: httpx.AsyncClient, town: Sabang) -> None:
    r = await client.post(
        f"{API}/organizations/{town.org.id}/surveys", headers=town.admin.headers, json=SURVEY
    )
    survey = await created(r)
    assert r.headers["location"] == f"/api/v1/surveys/{survey['id']}"
    assert r.headers["etag"] == '"1"'
    assert survey["status"] == "draft"
    assert survey["public_token"] is survey["public_path"] is survey["published_at"] is None
    assert survey["audience"] == ["public", "business"]  # stored in a stable order
    assert survey["response_count"] == 0
    assert [q["key"] for q in survey["questions"]] == ["kejelasan", "bahasa", "kanal", "saran"]
    kanal = survey["questions"][2]
    assert (kanal["type"], kanal["max_selections"], kanal["labels"]) == ("multiple_choice", 2, None)
    assert kanal["options"][0] == {"key": "tic", "label": "Tourist Information Center"}
    assert survey["questions"][3]["max_length"] == 200

    read = await client.get(f"{API}/surveys/{survey['id']}", headers=town.admin.headers)
    assert read.json() == survey
    assert read.headers["etag"] == '"1"'
    listing = await client.get(
        f"{API}/organizations/{town.org.id}/surveys",
        headers=town.admin.headers,
        params={"status": "draft"},
    )
    assert [s["id"] for s in listing.json()["items"]] == [survey["id"]]
    listing = await client.get(
        f"{API}/organizations/{town.org.id}/surveys",
        headers=town.admin.headers,
        params={"status": "published"},
    )
    assert listing.json()["items"] == []
    for q, expected in (("informasi WISATA", [survey["id"]]), ("kesehatan", [])):
        listing = await client.get(
            f"{API}/organizations/{town.org.id}/surveys",
            headers=town.admin.headers,
            params={"q": q},
        )
        assert [s["id"] for s in listing.json()["items"]] == expected


@pytest.mark.parametrize(
    ("change", "field", "etype"),
    [
        ({"questions": [SURVEY["questions"][0]] * 2}, "questions.1.key", "duplicate_key"),
        (
            {
                "questions": [
                    {**SURVEY["questions"][2], "options": [{"key": "a", "label": "A"}] * 2}
                ]
            },
            "questions.0.options.1.key",
            "duplicate_key",
        ),
        (
            {"questions": [{**SURVEY["questions"][2], "max_selections": 4}]},
            "questions.0.max_selections",
            "max_selections_exceeds_options",
        ),
        (
            {"questions": [{**SURVEY["questions"][0], "labels": ["1", "2", "3"]}]},
            "questions.0.scale.labels",
            "too_short",
        ),
        (
            {"questions": [{**SURVEY["questions"][0], "type": "slider"}]},
            "questions.0",
            "union_tag_invalid",
        ),
        ({"questions": []}, "questions", "too_short"),
        ({"audience": ["public", "public"]}, "audience", "value_error"),
        ({"audience": ["wisatawan"]}, "audience.0", "enum"),
    ],
)
async def test_survey_definition_is_validated(
    client: httpx.AsyncClient, town: Sabang, change: dict[str, Any], field: str, etype: str
) -> None:
    r = await client.post(
        f"{API}/organizations/{town.org.id}/surveys",
        headers=town.admin.headers,
        json=SURVEY | change,
    )
    errors = assert_problem(r, 422, "validation_failed")["errors"]
    assert [(e["field"], e["type"]) for e in errors] == [(field, etype)]


async def test_edit_while_draft_then_publish_and_close(
    client: httpx.AsyncClient, town: Sabang
) -> None:
    h = town.admin.headers
    survey = await created(
        await client.post(f"{API}/organizations/{town.org.id}/surveys", headers=h, json=SURVEY)
    )
    url = f"{API}/surveys/{survey['id']}"
    # Replacing the questions may reuse keys; the survey's version moves with them.
    questions = [SURVEY["questions"][1], {**SURVEY["questions"][0], "required": False}]
    r = await client.patch(
        url, headers={**h, "If-Match": '"1"'}, json={"questions": questions, "title": None}
    )
    assert r.status_code == 200, r.text
    assert [q["key"] for q in r.json()["questions"]] == ["bahasa", "kejelasan"]
    assert r.json()["questions"][1]["required"] is False
    assert r.json()["title"] == SURVEY["title"]  # null leaves a required field unchanged
    assert r.headers["etag"] == '"2"'
    stale = await client.patch(url, headers={**h, "If-Match": '"1"'}, json={"title": "Baru"})
    assert_problem(stale, 412, "version_mismatch")
    r = await client.patch(url, headers=h, json={"description": None})
    assert r.json()["description"] is None
    log = await client.get(
        f"{API}/audit-log", headers=h, params={"entity_type": "survey_questions", "limit": 20}
    )
    actions = [(e["action"], (e["after"] or e["before"])["key"]) for e in log.json()["items"]]
    assert sorted(actions) == sorted(
        [("insert", q["key"]) for q in SURVEY["questions"]]
        + [("delete", q["key"]) for q in SURVEY["questions"]]
        + [("insert", "bahasa"), ("insert", "kejelasan")]
    )

    assert_problem(await client.post(f"{url}/close", headers=h), 409, "survey_not_published")
    r = await client.post(f"{url}/publish", headers={**h, "If-Match": '"9"'})
    assert_problem(r, 412)
    r = await client.post(f"{url}/publish", headers=h)
    assert r.status_code == 200, r.text
    published = r.json()
    assert published["status"] == "published"
    token = published["public_token"]
    assert len(token) >= 22
    assert published["public_path"] == f"/api/v1/public/surveys/{token}"
    assert published["published_at"] is not None

    assert_problem(await client.post(f"{url}/publish", headers=h), 409, "survey_not_draft")
    r = await client.patch(url, headers=h, json={"title": "Judul lain"})
    assert_problem(r, 409, "survey_not_draft")
    assert_problem(await client.delete(url, headers=h), 409, "survey_not_draft")

    r = await client.post(f"{url}/close", headers=h)
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["public_token"]) == ("closed", token)
    assert r.json()["closed_at"] is not None
    assert_problem(await client.post(f"{url}/close", headers=h), 409, "survey_not_published")


async def test_delete_a_draft(client: httpx.AsyncClient, town: Sabang) -> None:
    h = town.admin.headers
    survey = await created(
        await client.post(f"{API}/organizations/{town.org.id}/surveys", headers=h, json=SURVEY)
    )
    url = f"{API}/surveys/{survey['id']}"
    assert_problem(await client.delete(url, headers={**h, "If-Match": '"2"'}), 412)
    assert (await client.delete(url, headers=h)).status_code == 204
    assert_problem(await client.get(url, headers=h), 404)


async def test_create_is_idempotent(client: httpx.AsyncClient, town: Sabang) -> None:
    url = f"{API}/organizations/{town.org.id}/surveys"
    headers = {**town.admin.headers, "Idempotency-Key": "survei-wisata-1"}
    first = await client.post(url, headers=headers, json=SURVEY)
    again = await client.post(url, headers=headers, json=SURVEY)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    listing = await client.get(url, headers=town.admin.headers)
    assert len(listing.json()["items"]) == 1


# ---- public answering ----------------------------------------------------------------------


async def test_public_survey_shows_only_what_answering_needs(
    client: httpx.AsyncClient, town: Sabang
) -> None:
    survey = await published_survey(client, town.admin, town.org.id)
    r = await client.get(survey["public_path"])  # no token
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"title", "description", "organization_name", "audience", "questions"}
    assert body["organization_name"] == "Dinas Kebudayaan dan Pariwisata Kota Sabang"
    assert body["audience"] == ["public", "business"]
    assert body["questions"] == survey["questions"]
    for question in body["questions"]:
        assert "id" not in question
    assert str(town.org.id) not in r.text
    assert survey["id"] not in r.text

    for token in ("x" * 22, "tidak-ada-token-seperti-ini", "pendek", "a b c d e f g h", "a" * 99):
        assert_problem(await client.get(f"{API}/public/surveys/{token}"), 404, "not_found")


async def test_draft_and_inactive_organization_are_not_public(
    client: httpx.AsyncClient, town: Sabang, world: World
) -> None:
    survey = await published_survey(client, town.admin, town.org.id)
    r = await client.patch(
        f"{API}/organizations/{town.org.id}",
        headers=world.platform.headers,
        json={"is_active": False},
    )
    assert r.status_code == 200, r.text
    assert_problem(await client.get(survey["public_path"]), 404)
    r = await client.post(
        survey["public_path"] + "/responses", json=_answer(_token(1), VALID, "business")
    )
    assert_problem(r, 404)


async def test_answers_are_checked_per_question(client: httpx.AsyncClient, town: Sabang) -> None:
    survey = await published_survey(client, town.admin, town.org.id)
    url = survey["public_path"] + "/responses"
    cases: list[tuple[dict[str, Any], str, str]] = [
        (_answer(_token(1), VALID | {"nama": "Budi"}), "answers.nama", "unknown_question"),
        (_answer(_token(1), VALID | {"kejelasan": 6}), "answers.kejelasan", "scale_out_of_range"),
        (_answer(_token(1), VALID | {"bahasa": "ar"}), "answers.bahasa", "invalid_choice"),
        (
            _answer(_token(1), VALID | {"kanal": ["tic", "medsos", "hotel"]}),
            "answers.kanal",
            "too_many_selections",
        ),
        (_answer(_token(1), VALID | {"saran": "x" * 201}), "answers.saran", "text_too_long"),
        (_answer(_token(1), {"bahasa": "en"}), "answers.kejelasan", "missing"),
        (_answer(_token(1), VALID, "staff"), "respondent_group", "group_not_in_audience"),
        (_answer("pendek", VALID), "respondent_token", "string_too_short"),
        (_answer(_token(1), VALID, email="budi@contoh.id"), "email", "extra_forbidden"),
    ]
    for body, field, etype in cases:
        r = await client.post(url, json=body)
        errors = assert_problem(r, 422, "validation_failed")["errors"]
        assert [(e["field"], e["type"]) for e in errors] == [(field, etype)], body
    r = await client.post(
        url, json=_answer(_token(1), VALID | {"bahasa": "ar"}), headers={"Accept-Language": "en"}
    )
    assert assert_problem(r, 422)["errors"][0]["message"] == "'ar' is not an option of 'bahasa'"
    read = await client.get(f"{API}/surveys/{survey['id']}", headers=town.admin.headers)
    assert read.json()["response_count"] == 0


async def test_closed_survey_is_gone(client: httpx.AsyncClient, town: Sabang) -> None:
    survey = await published_survey(client, town.admin, town.org.id)
    url = survey["public_path"]
    assert (
        await client.post(url + "/responses", json=_answer(_token(1), VALID))
    ).status_code == 202
    r = await client.post(f"{API}/surveys/{survey['id']}/close", headers=town.admin.headers)
    assert r.status_code == 200
    assert_problem(await client.get(url), 410, "survey_closed")
    r = await client.post(url + "/responses", json=_answer(_token(2), VALID))
    assert_problem(r, 410, "survey_closed")
    read = await client.get(f"{API}/surveys/{survey['id']}", headers=town.admin.headers)
    assert read.json()["response_count"] == 1


async def test_duplicates_and_the_honeypot(client: httpx.AsyncClient, town: Sabang) -> None:
    survey = await published_survey(client, town.admin, town.org.id)
    url = survey["public_path"] + "/responses"
    real = await client.post(url, json=_answer(_token(1), VALID))
    assert real.status_code == 202, real.text
    assert real.json() == {"status": "received", "message": "Terima kasih atas tanggapan Anda."}

    dup = await client.post(url, json=_answer(_token(1), VALID | {"bahasa": "ms"}))
    assert_problem(dup, 409, "already_answered")
    # A bot filling the hidden field gets exactly the answer a person gets...
    bot = await client.post(url, json=_answer(_token(2), VALID, website="http://spam.example"))
    assert (bot.status_code, bot.json()) == (real.status_code, real.json())
    # ...and the same checks (so it learns nothing from them), but nothing is stored.
    bad = await client.post(url, json=_answer(_token(3), {"kejelasan": 9}, website="x"))
    assert_problem(bad, 422)
    dup = await client.post(url, json=_answer(_token(1), VALID, website="x"))
    assert_problem(dup, 409, "already_answered")
    # The same token answers another survey independently.
    other = await published_survey(client, town.admin, town.org.id)
    again = await client.post(other["public_path"] + "/responses", json=_answer(_token(1), VALID))
    assert again.status_code == 202

    results = await client.get(f"{API}/surveys/{survey['id']}/results", headers=town.admin.headers)
    assert results.json()["total_responses"] == 1
    # An honest client that retried after a lost answer uses token 2 again: it was never stored.
    assert (await client.post(url, json=_answer(_token(2), VALID))).status_code == 202


@pytest.mark.settings(survey_rate_per_ip=3, survey_response_max_bytes=1024)
async def test_rate_limit_and_body_limit(app: Any, town: Sabang) -> None:
    async with from_ip(app, "192.0.2.50") as admin:
        survey = await published_survey(admin, town.admin, town.org.id)
    url = survey["public_path"] + "/responses"
    async with from_ip(app, "192.0.2.1") as kiosk:
        # Every attempt counts, refused ones too: 3 per window.
        assert (await kiosk.post(url, json=_answer(_token(1), VALID))).status_code == 202
        assert_problem(await kiosk.post(url, json=_answer(_token(2), {"x": 1})), 422)
        assert_problem(await kiosk.post(url, json=_answer(_token(1), VALID)), 409)
        for n in (3, 4):
            r = await kiosk.post(url, json=_answer(_token(n), VALID))
            body = assert_problem(r, 429, "rate_limited")
            assert 1 <= int(r.headers["retry-after"]) <= 600
            assert r.headers["retry-after"] in body["detail"]
        assert (await kiosk.get(survey["public_path"])).status_code == 200  # reading is free
    async with from_ip(app, "192.0.2.2") as neighbour:
        assert (await neighbour.post(url, json=_answer(_token(5), VALID))).status_code == 202
        big = _answer(_token(6), VALID | {"saran": "x" * 150}, website="y" * 1000)
        r = await neighbour.post(url, json=big)
        body = assert_problem(r, 413, "payload_too_large")
        assert "1024" in body["detail"]
    async with from_ip(app, "192.0.2.50") as admin:
        r = await admin.get(f"{API}/surveys/{survey['id']}", headers=town.admin.headers)
        assert r.json()["response_count"] == 2


# ---- results, text answers, export ---------------------------------------------------------


async def _answered(client: httpx.AsyncClient, town: Sabang) -> dict[str, Any]:
    survey = await published_survey(client, town.admin, town.org.id)
    url = survey["public_path"] + "/responses"
    rows = [
        ("public", {"kejelasan": 5, "bahasa": "en", "kanal": ["tic"], "saran": "=HYPERLINK(1)"}),
        ("business", {"kejelasan": 2, "bahasa": "zh", "kanal": ["hotel", "tic"]}),
        ("public", {"kejelasan": 4, "bahasa": "en", "saran": "Perbanyak papan petunjuk."}),
    ]
    for n, (group, answers) in enumerate(rows):
        r = await client.post(url, json=_answer(_token(n), answers, group))
        assert r.status_code == 202, r.text
    return survey


async def test_text_answers_are_paginated(client: httpx.AsyncClient, town: Sabang) -> None:
    survey = await _answered(client, town)
    url = f"{API}/surveys/{survey['id']}/results/saran/answers"
    h = town.admin.headers
    first = await client.get(url, headers=h, params={"limit": 1})
    assert first.status_code == 200, first.text
    assert [a["text"] for a in first.json()["items"]] == ["=HYPERLINK(1)"]
    rest = await client.get(
        url, headers=h, params={"limit": 1, "cursor": first.json()["next_cursor"]}
    )
    [answer] = rest.json()["items"]
    assert (answer["text"], answer["respondent_group"]) == ("Perbanyak papan petunjuk.", "public")
    assert rest.json()["next_cursor"] is None
    newest = await client.get(url, headers=h, params={"sort": "-id"})
    assert [a["text"] for a in newest.json()["items"]] == [
        "Perbanyak papan petunjuk.",
        "=HYPERLINK(1)",
    ]
    business = await client.get(url, headers=h, params={"group": "business"})
    assert business.json()["items"] == []
    r = await client.get(f"{API}/surveys/{survey['id']}/results/kanal/answers", headers=h)
    assert [(e["field"], e["type"]) for e in assert_problem(r, 422)["errors"]] == [
        ("question_key", "not_text_question")
    ]
    r = await client.get(f"{API}/surveys/{survey['id']}/results/nama/answers", headers=h)
    assert_problem(r, 404, "question_not_found")


async def test_export_csv_and_xlsx(client: httpx.AsyncClient, town: Sabang) -> None:
    survey = await _answered(client, town)
    url = f"{API}/surveys/{survey['id']}/responses/export"
    r = await client.get(url, headers=town.admin.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == (
        f'attachment; filename="survey-{survey["id"]}-responses.csv"'
    )
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header = ["response_id", "submitted_at", "respondent_group", "kejelasan", "bahasa", "kanal"]
    assert rows[0] == [*header, "saran"]
    assert [row[2:] for row in rows[1:]] == [
        ["public", "5", "en", "tic", "'=HYPERLINK(1)"],  # formulas are neutralized
        ["business", "2", "zh", "tic; hotel", ""],  # option order, not answer order
        ["public", "4", "en", "", "Perbanyak papan petunjuk."],
    ]
    assert all(row[1].endswith("+07:00") for row in rows[1:])  # Sabang: WIB
    assert all(uuid.UUID(row[0]) for row in rows[1:])

    r = await client.get(url, headers=town.admin.headers, params={"format": "xlsx"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0]
    width = len(header) + 1  # trailing empty cells are not written
    values = [[*row, *[None] * (width - len(row))] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == [*header, "saran"]
    assert [row[2:] for row in values[1:]] == [
        ["public", 5, "en", "tic", "=HYPERLINK(1)"],
        ["business", 2, "zh", "tic; hotel", None],
        ["public", 4, "en", None, "Perbanyak papan petunjuk."],
    ]
    # a text cell with Excel's quote prefix, never a formula (and no apostrophe in the value)
    cell = load_workbook(io.BytesIO(r.content)).worksheets[0].cell(2, width)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=HYPERLINK(1)", "s", True)
    bad = await client.get(url, headers=town.admin.headers, params={"format": "pdf"})
    assert_problem(bad, 422)


# ---- access and audit ----------------------------------------------------------------------


async def test_permissions_and_tenant_isolation(
    client: httpx.AsyncClient, town: Sabang, world: World
) -> None:
    survey = await _answered(client, town)
    draft, spare = [
        await created(
            await client.post(
                f"{API}/organizations/{town.org.id}/surveys",
                headers=town.admin.headers,
                json=SURVEY,
            )
        )
        for _ in range(2)
    ]
    sid, org = survey["id"], town.org.id
    requests: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", f"/organizations/{org}/surveys", None),
        ("POST", f"/organizations/{org}/surveys", SURVEY),
        ("GET", f"/surveys/{sid}", None),
        ("PATCH", f"/surveys/{draft['id']}", {"title": "Judul baru"}),
        ("POST", f"/surveys/{draft['id']}/publish", None),
        ("GET", f"/surveys/{sid}/results", None),
        ("GET", f"/surveys/{sid}/results/saran/answers", None),
        ("GET", f"/surveys/{sid}/responses/export", None),
        ("POST", f"/surveys/{sid}/close", None),
        ("DELETE", f"/surveys/{spare['id']}", None),
    ]
    for method, url, body in requests:
        for account in (town.staff, town.supervisor, world.platform):
            r = await client.request(method, API + url, headers=account.headers, json=body)
            assert_problem(r, 403, "forbidden")
        r = await client.request(method, API + url, headers=world.other_admin.headers, json=body)
        assert_problem(r, 404, "not_found")
        assert_problem(await client.request(method, API + url, json=body), 401)
    for method, url, body in requests:
        r = await client.request(method, API + url, headers=town.admin.headers, json=body)
        assert r.status_code in (200, 201, 204), (method, url, r.text)


async def test_admin_writes_are_audited_answers_are_not(
    client: httpx.AsyncClient, town: Sabang
) -> None:
    survey = await _answered(client, town)

    async def log(entity_type: str, entity_id: str | None = None) -> list[dict[str, Any]]:
        params = {"entity_type": entity_type} | ({"entity_id": entity_id} if entity_id else {})
        r = await client.get(f"{API}/audit-log", headers=town.admin.headers, params=params)
        assert r.status_code == 200, r.text
        items: list[dict[str, Any]] = r.json()["items"]
        return items

    entries = await log("surveys", survey["id"])
    assert [e["action"] for e in entries] == ["update", "insert"]
    assert entries[0]["after"]["status"] == "published"
    assert entries[0]["before"]["status"] == "draft"
    assert all(e["actor_user_id"] == str(town.admin.id) for e in entries)
    assert all(e["organization_id"] == str(town.org.id) for e in entries)
    questions = await log("survey_questions")
    assert sorted(e["after"]["key"] for e in questions) == ["bahasa", "kanal", "kejelasan", "saran"]
    # Anonymous answers are immutable records of their own: no audit rows, no amplification.
    assert await log("survey_responses") == []
    assert await log("survey_answers") == []


async def test_export_csv_is_safe_in_the_semicolon_dialect(
    client: httpx.AsyncClient, town: Sabang
) -> None:
    """``test_export_csv_and_xlsx`` read the export only with ``,``; an answer with ``;`` and no
    comma was written unquoted, and a spreadsheet splitting on ``;`` (the Indonesian Windows
    list separator, which the importer itself detects) saw a formula cell."""
    survey = await published_survey(client, town.admin, town.org.id)
    payload = "Saran;=cmd|' /C calc'!A0;"
    r = await client.post(
        survey["public_path"] + "/responses", json=_answer(_token(7), VALID | {"saran": payload})
    )
    assert r.status_code == 202, r.text
    r = await client.get(
        f"{API}/surveys/{survey['id']}/responses/export", headers=town.admin.headers
    )
    assert r.status_code == 200, r.text
    text = r.content.decode("utf-8-sig")
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for cell in row:
                assert cell.lstrip()[:1] not in ("=", "+", "-", "@"), (delimiter, row)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][-1] == "Saran;'=cmd|' /C calc'!A0;"  # one cell, guarded where a cell starts
