"""The needs register over HTTP, and the Sabang story of phase 1: survey → public answers →
results → a need registered from them → linked to a goal → coverage by work, not training."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Factory, World, assert_problem
from kinerja_api.auth.models import User
from kinerja_api.demo import load_demo_data
from sabang import API, SURVEY, Sabang, created, from_ip, published_survey, sabang

GOAL = {
    "year": 2026,
    "code": "T1",
    "kind": "tujuan",
    "statement": "Meningkatnya kunjungan wisatawan mancanegara",
}
IKU = {
    "code": "IKU-01",
    "name": "Jumlah kunjungan wisatawan mancanegara",
    "aspect": "kuantitas",
    "unit": "kunjungan",
    "direction": "higher_is_better",
    "target_value": 25000,
}
LANGUAGE_NEED = "Kemampuan komunikasi bahasa asing petugas informasi wisata"
NOTHING = {
    "total": 0,
    "covered_by_work": 0,
    "covered_by_training": 0,
    "fully_covered": 0,
    "uncovered": 0,
}


@pytest.fixture
async def town(factory: Factory) -> Sabang:
    return await sabang(factory)


def _response(token: str, group: str, answers: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {
        "respondent_token": f"sabang-{token}-0000000",
        "respondent_group": group,
        "answers": answers,
        **kw,
    }


# Six people answer (four visitors, two businesses), each from their own address.
ANSWERS = [
    (
        "r1",
        "public",
        {
            "kejelasan": 4,
            "bahasa": "en",
            "kanal": ["tic", "medsos"],
            "saran": "Petugas perlu fasih berbahasa Inggris.",
        },
    ),
    ("r2", "public", {"kejelasan": 3, "bahasa": "en", "kanal": ["medsos"]}),
    (
        "r3",
        "business",
        {
            "kejelasan": 2,
            "bahasa": "en",
            "kanal": ["tic", "hotel"],
            "saran": "Sediakan brosur berbahasa Inggris.",
        },
    ),
    ("r4", "business", {"kejelasan": 5, "bahasa": "ms", "saran": "   "}),
    ("r5", "public", {"kejelasan": 4, "bahasa": "zh", "kanal": ["medsos", "hotel"]}),
    (
        "r6",
        "public",
        {
            "kejelasan": 3,
            "bahasa": "en",
            "kanal": ["tic"],
            "saran": "Tambah papan petunjuk di pelabuhan.",
        },
    ),
]

REFUSED = [
    ({"kejelasan": 4, "bahasa": "en", "nama": "Budi"}, "answers.nama", "unknown_question"),
    ({"kejelasan": 6, "bahasa": "en"}, "answers.kejelasan", "scale_out_of_range"),
    ({"kejelasan": 4, "bahasa": "ar"}, "answers.bahasa", "invalid_choice"),
    (
        {"kejelasan": 4, "bahasa": "en", "kanal": ["tic", "medsos", "hotel"]},
        "answers.kanal",
        "too_many_selections",
    ),
    ({"kejelasan": 4, "bahasa": "en", "saran": "x" * 201}, "answers.saran", "text_too_long"),
    ({"bahasa": "en"}, "answers.kejelasan", "missing"),
]


def _tally(summary: dict[str, Any]) -> list[tuple[str, int, float]]:
    return [(t["key"], t["count"], t["percent"]) for t in summary["tallies"]]


@pytest.mark.settings(survey_rate_per_ip=5, survey_response_max_bytes=2048)
async def test_sabang_story_from_survey_to_coverage(app: Any, town: Sabang) -> None:
    admin = town.admin.headers
    async with from_ip(app, "10.20.0.1") as office:
        survey = await published_survey(office, town.admin, town.org.id)
    url = survey["public_path"] + "/responses"

    # ---- the public answers: no sign-in, one address each
    for n, (token, group, answers) in enumerate(ANSWERS):
        async with from_ip(app, f"198.51.100.{n + 1}") as person:
            assert (await person.get(survey["public_path"])).status_code == 200
            r = await person.post(url, json=_response(token, group, answers))
            assert r.status_code == 202, r.text
    # Bad answers are refused, each naming its question; nothing of them is stored.
    for n, (answers, field, etype) in enumerate(REFUSED):
        async with from_ip(app, f"198.51.100.{50 + n}") as person:
            r = await person.post(url, json=_response(f"bad{n}", "public", answers))
            errors = assert_problem(r, 422, "validation_failed")["errors"]
            assert [(e["field"], e["type"]) for e in errors] == [(field, etype)]
    async with from_ip(app, "198.51.100.60") as person:
        r = await person.post(url, json=_response("bad9", "staff", ANSWERS[0][2]))
        assert assert_problem(r, 422)["errors"][0]["field"] == "respondent_group"
    # A bot fills the hidden field: it is told "received", and nothing is kept.
    async with from_ip(app, "203.0.113.66") as bot:
        r = await bot.post(
            url,
            json=_response("bot1", "public", ANSWERS[0][2], website="https://promo.example"),
        )
        assert (r.status_code, r.json()["status"]) == (202, "received")
    # The same respondent again (from another address): refused.
    async with from_ip(app, "198.51.100.99") as again:
        r = await again.post(url, json=_response("r1", "public", ANSWERS[1][2]))
        assert_problem(r, 409, "already_answered")
    # A burst from one address: 5 per window, then 429 with Retry-After — even for a valid
    # answer, which is not stored.
    async with from_ip(app, "203.0.113.7") as burst:
        for n in range(5):
            r = await burst.post(url, json=_response(f"burst{n}", "public", {"kejelasan": 0}))
            assert_problem(r, 422)
        r = await burst.post(url, json=_response("burst9", "public", ANSWERS[1][2]))
        assert_problem(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) > 0
    # An oversized body is refused before anything else is looked at.
    async with from_ip(app, "203.0.113.8") as big:
        r = await big.post(url, json=_response("big1", "public", ANSWERS[1][2], website="x" * 3000))
        assert_problem(r, 413, "payload_too_large")

    # ---- the results, aggregated exactly
    async with from_ip(app, "10.20.0.1") as office:
        r = await office.get(f"{API}/surveys/{survey['id']}/results", headers=admin)
        assert r.status_code == 200, r.text
        results = r.json()
        texts = await office.get(
            f"{API}/surveys/{survey['id']}/results/saran/answers", headers=admin
        )
    assert results["total_responses"] == 6
    assert results["responses_by_group"] == {"public": 4, "business": 2}
    clarity, language, channel, suggestion = results["questions"]
    assert (clarity["overall"]["answered"], clarity["overall"]["mean"]) == (6, 3.5)
    assert _tally(clarity["overall"]) == [
        ("1", 0, 0.0),
        ("2", 1, 16.7),
        ("3", 2, 33.3),
        ("4", 2, 33.3),
        ("5", 1, 16.7),
    ]
    assert clarity["overall"]["tallies"][4]["label"] == "Sangat jelas"
    assert clarity["by_group"]["public"]["mean"] == 3.5
    assert _tally(clarity["by_group"]["public"])[2:4] == [("3", 2, 50.0), ("4", 2, 50.0)]
    assert clarity["by_group"]["business"]["mean"] == 3.5
    assert _tally(clarity["by_group"]["business"]) == [
        ("1", 0, 0.0),
        ("2", 1, 50.0),
        ("3", 0, 0.0),
        ("4", 0, 0.0),
        ("5", 1, 50.0),
    ]
    assert language["overall"]["mean"] is None
    assert _tally(language["overall"]) == [
        ("en", 4, 66.7),
        ("ms", 1, 16.7),
        ("zh", 1, 16.7),
        ("id", 0, 0.0),
    ]
    assert _tally(language["by_group"]["public"]) == [
        ("en", 3, 75.0),
        ("ms", 0, 0.0),
        ("zh", 1, 25.0),
        ("id", 0, 0.0),
    ]
    assert _tally(language["by_group"]["business"])[:2] == [("en", 1, 50.0), ("ms", 1, 50.0)]
    # Multiple choice: percentages of those who answered (5), so they add up to over 100.
    assert channel["overall"]["answered"] == 5
    assert _tally(channel["overall"]) == [("tic", 3, 60.0), ("medsos", 3, 60.0), ("hotel", 2, 40.0)]
    assert channel["by_group"]["public"]["answered"] == 4
    assert _tally(channel["by_group"]["public"]) == [
        ("tic", 2, 50.0),
        ("medsos", 3, 75.0),
        ("hotel", 1, 25.0),
    ]
    assert _tally(channel["by_group"]["business"]) == [
        ("tic", 1, 100.0),
        ("medsos", 0, 0.0),
        ("hotel", 1, 100.0),
    ]
    # A blank text is not an answer.
    assert (suggestion["overall"]["answered"], suggestion["overall"]["tallies"]) == (3, [])
    assert suggestion["by_group"]["public"]["answered"] == 2
    assert suggestion["by_group"]["business"]["answered"] == 1
    assert [a["text"] for a in texts.json()["items"]] == [
        "Petugas perlu fasih berbahasa Inggris.",
        "Sediakan brosur berbahasa Inggris.",
        "Tambah papan petunjuk di pelabuhan.",
    ]

    async with from_ip(app, "10.20.0.1") as office:
        # ---- closing: the public link is gone
        r = await office.post(f"{API}/surveys/{survey['id']}/close", headers=admin)
        assert r.status_code == 200
    async with from_ip(app, "198.51.100.200") as late:
        assert_problem(await late.get(survey["public_path"]), 410, "survey_closed")
        r = await late.post(url, json=_response("late1", "public", ANSWERS[1][2]))
        assert_problem(r, 410, "survey_closed")

    async with from_ip(app, "10.20.0.1") as office:
        # ---- the need, registered from the results
        r = await office.post(
            f"{API}/organizations/{town.org.id}/needs/from-survey",
            headers=admin,
            json={
                "survey_id": survey["id"],
                "question_keys": ["bahasa", "saran"],
                "title": LANGUAGE_NEED,
                "priority": "high",
                "unit_id": str(town.info_unit.id),
            },
        )
        need = await created(r)
        assert r.headers["location"] == f"/api/v1/needs/{need['id']}"
        published = datetime.fromisoformat(survey["published_at"])
        assert need["year"] == published.astimezone(ZoneInfo("Asia/Jakarta")).year
        assert (need["source"], need["source_survey_id"]) == ("survey", survey["id"])
        assert need["source_question_keys"] == ["bahasa", "saran"]
        assert (need["priority"], need["status"], need["links"]) == ("high", "open", [])
        assert need["description"] == (
            "Hasil survei «Kebutuhan layanan informasi wisata» (6 tanggapan):\n"
            "- Bahasa yang paling dibutuhkan: Bahasa Inggris 66,7%, Bahasa Melayu 16,7%, "
            "Bahasa Mandarin 16,7% (6 jawaban)\n"
            "- Saran Anda: jawaban terbuka (3 jawaban)"
        )
        year = need["year"]

        # ---- linked to the organization's goal
        goal = await created(
            await office.post(
                f"{API}/organizations/{town.org.id}/goals",
                headers=admin,
                json=GOAL | {"year": year},
            )
        )
        r = await office.post(
            f"{API}/needs/{need['id']}/links",
            headers=admin,
            json={"kind": "goal", "target_id": goal["id"]},
        )
        link = await created(r)
        assert (link["kind"], link["target_id"], link["covers"]) == ("goal", goal["id"], "work")
        assert link["target"] == {
            "code": "T1",
            "title": "Meningkatnya kunjungan wisatawan mancanegara",
            "year": year,
            "is_active": True,
        }

        # ---- coverage: covered by work, not (yet) by training
        r = await office.get(
            f"{API}/organizations/{town.org.id}/needs/coverage",
            headers=town.staff.headers,
            params={"year": year},
        )
    assert r.status_code == 200, r.text
    report = r.json()
    [item] = report["needs"]
    assert (item["id"], item["title"]) == (need["id"], LANGUAGE_NEED)
    assert (item["covered_by_work"], item["covered_by_training"]) == (True, False)
    assert (item["work_links"], item["training_links"]) == (1, 0)
    assert report["uncovered_by_work"] == []
    assert [n["id"] for n in report["uncovered_by_training"]] == [need["id"]]
    assert report["by_priority"] == [
        {
            "priority": "high",
            "total": 1,
            "covered_by_work": 1,
            "covered_by_training": 0,
            "fully_covered": 0,
            "uncovered": 0,
        },
        {"priority": "medium"} | NOTHING,
        {"priority": "low"} | NOTHING,
    ]


# ---- the register --------------------------------------------------------------------------


def _need(town: Sabang, **kw: Any) -> dict[str, Any]:
    return {
        "year": 2026,
        "title": LANGUAGE_NEED,
        "source": "stakeholder_discussion",
        "priority": "high",
        "unit_id": str(town.info_unit.id),
        "source_note": "Forum diskusi dengan ASITA dan PHRI Sabang, 12 Maret 2026",
    } | kw


async def _create_need(client: httpx.AsyncClient, town: Sabang, **kw: Any) -> dict[str, Any]:
    return await created(
        await client.post(
            f"{API}/organizations/{town.org.id}/needs",
            headers=town.admin.headers,
            json=_need(town, **kw),
        )
    )


async def test_need_validation(
    client: httpx.AsyncClient, town: Sabang, factory: Factory, world: World
) -> None:
    url = f"{API}/organizations/{town.org.id}/needs"
    survey = await published_survey(client, town.admin, town.org.id)
    draft = await created(
        await client.post(
            f"{API}/organizations/{town.org.id}/surveys", headers=town.admin.headers, json=SURVEY
        )
    )
    closed_unit = await factory.unit(town.org, town.root, code="LAMA", is_active=False)

    async def refused(body: dict[str, Any], expected: list[tuple[str, str]]) -> None:
        r = await client.post(url, headers=town.admin.headers, json=_need(town) | body)
        errors = assert_problem(r, 422, "validation_failed")["errors"]
        assert [(e["field"], e["type"]) for e in errors] == expected

    await refused({"unit_id": str(world.root_unit.id)}, [("unit_id", "unit_not_found")])
    await refused({"unit_id": str(closed_unit.id)}, [("unit_id", "unit_inactive")])
    await refused({"source_survey_id": survey["id"]}, [("source_survey_id", "source_mismatch")])
    await refused(
        {"source_question_keys": ["bahasa"]}, [("source_question_keys", "survey_required")]
    )
    await refused(
        {"source": "survey", "source_survey_id": str(uuid.uuid4())},
        [("source_survey_id", "survey_not_found")],
    )
    await refused(
        {
            "source": "survey",
            "source_survey_id": survey["id"],
            "source_question_keys": ["bahasa", "umur", "bahasa"],
        },
        [
            ("source_question_keys.1", "question_not_found"),
            ("source_question_keys.2", "duplicate_key"),
        ],
    )
    await refused({"priority": "urgent"}, [("priority", "enum")])
    await refused({"source": "rapat"}, [("source", "enum")])
    await refused({"year": 1999}, [("year", "greater_than_equal")])

    ok = await _create_need(
        client,
        town,
        source="survey",
        source_survey_id=survey["id"],
        source_question_keys=["bahasa"],
        source_note=None,
    )
    assert (ok["status"], ok["source_question_keys"]) == ("open", ["bahasa"])

    from_survey = f"{API}/organizations/{town.org.id}/needs/from-survey"
    body = {
        "survey_id": draft["id"],
        "question_keys": ["bahasa"],
        "title": LANGUAGE_NEED,
        "priority": "high",
        "unit_id": str(town.info_unit.id),
    }
    r = await client.post(from_survey, headers=town.admin.headers, json=body)
    assert_problem(r, 409, "survey_not_published")
    r = await client.post(
        from_survey, headers=town.admin.headers, json=body | {"survey_id": str(uuid.uuid4())}
    )
    assert [e["type"] for e in assert_problem(r, 422)["errors"]] == ["survey_not_found"]
    r = await client.post(
        from_survey,
        headers=town.admin.headers,
        json=body | {"survey_id": survey["id"], "question_keys": ["umur"]},
    )
    assert [e["field"] for e in assert_problem(r, 422)["errors"]] == ["question_keys.0"]
    # Given a description and year, they are kept as given.
    r = await client.post(
        from_survey,
        headers=town.admin.headers,
        json=body | {"survey_id": survey["id"], "description": "Ringkas.", "year": 2027},
    )
    need = await created(r)
    assert (need["description"], need["year"]) == ("Ringkas.", 2027)
    # A survey a need refers to cannot be deleted (only drafts can be anyway).
    r = await client.post(
        url,
        headers=town.admin.headers,
        json=_need(town, source="survey", source_survey_id=draft["id"], source_note=None),
    )
    await created(r)
    r = await client.delete(f"{API}/surveys/{draft['id']}", headers=town.admin.headers)
    assert_problem(r, 409, "survey_in_use")


async def test_update_and_close_a_need(client: httpx.AsyncClient, town: Sabang) -> None:
    need = await _create_need(client, town)
    url = f"{API}/needs/{need['id']}"
    h = town.admin.headers
    r = await client.patch(url, headers={**h, "If-Match": '"1"'}, json={"status": "in_progress"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["version"]) == ("in_progress", 2)
    assert r.headers["etag"] == '"2"'
    stale = await client.patch(url, headers={**h, "If-Match": '"1"'}, json={"priority": "low"})
    assert_problem(stale, 412)
    r = await client.patch(url, headers=h, json={"status": "open"})
    assert_problem(r, 409, "need_status_transition")
    r = await client.patch(url, headers=h, json={"status": "addressed"})
    assert_problem(r, 422)  # closing is its own action
    r = await client.patch(
        url, headers=h, json={"priority": "medium", "description": "Dibahas ulang.", "title": None}
    )
    assert r.status_code == 200
    assert (r.json()["priority"], r.json()["title"]) == ("medium", LANGUAGE_NEED)
    r = await client.patch(url, headers=h, json={"source_note": None})
    assert r.json()["source_note"] is None

    reason = "Pelatihan Bahasa Inggris untuk Pelayanan Wisata telah diikuti seluruh petugas."
    r = await client.post(f"{url}/close", headers=h, json={"status": "open", "reason": reason})
    assert_problem(r, 422)
    r = await client.post(f"{url}/close", headers=h, json={"status": "addressed", "reason": reason})
    assert r.status_code == 200, r.text
    closed = r.json()
    assert (closed["status"], closed["close_reason"]) == ("addressed", reason)
    assert closed["closed_at"] is not None
    for method, target, body in [
        ("PATCH", url, {"priority": "low"}),
        ("POST", f"{url}/close", {"status": "dropped", "reason": "Salah catat."}),
        ("POST", f"{url}/links", {"kind": "goal", "target_id": str(uuid.uuid4())}),
    ]:
        r = await client.request(method, target, headers=h, json=body)
        assert_problem(r, 409, "need_closed")

    log = await client.get(
        f"{API}/audit-log", headers=h, params={"entity_type": "needs", "entity_id": need["id"]}
    )
    entries = log.json()["items"]
    assert [e["action"] for e in entries] == ["update", "update", "update", "update", "insert"]
    assert entries[0]["reason"] == reason
    assert (entries[0]["before"]["status"], entries[0]["after"]["status"]) == (
        "in_progress",
        "addressed",
    )
    assert all(e["actor_user_id"] == str(town.admin.id) for e in entries)


async def test_links_to_goals_and_indicators(
    client: httpx.AsyncClient, town: Sabang, world: World
) -> None:
    h = town.admin.headers
    need = await _create_need(client, town)
    goal = await created(
        await client.post(f"{API}/organizations/{town.org.id}/goals", headers=h, json=GOAL)
    )
    iku = await created(
        await client.post(f"{API}/goals/{goal['id']}/key-indicators", headers=h, json=IKU)
    )
    foreign = await created(
        await client.post(
            f"{API}/organizations/{world.org.id}/goals",
            headers=world.admin.headers,
            json=GOAL | {"statement": "Meningkatnya derajat kesehatan masyarakat"},
        )
    )
    url = f"{API}/needs/{need['id']}/links"

    async def link(kind: str, target: str, **headers: str) -> httpx.Response:
        return await client.post(
            url, headers={**h, **headers}, json={"kind": kind, "target_id": target}
        )

    for kind, target in [
        ("goal", foreign["id"]),  # another organization's goal
        ("goal", iku["id"]),  # an IKU is not a goal
        ("key_indicator", goal["id"]),
        ("key_indicator", str(uuid.uuid4())),
    ]:
        r = await link(kind, target)
        assert [(e["field"], e["type"]) for e in assert_problem(r, 422)["errors"]] == [
            ("target_id", "target_not_found")
        ]
    wrong_kind = assert_problem(await link("rhk", goal["id"]), 422)  # not a link kind (yet)
    assert wrong_kind["errors"][0]["message"] == (  # one language, each kind in words
        "Harus salah satu dari: 'goal' (tujuan/sasaran), 'key_indicator' (IKU) atau "
        "'development_plan' (rencana pengembangan)"
    )

    to_goal = await created(await link("goal", goal["id"], **{"Idempotency-Key": "tautan-1"}))
    replay = await link("goal", goal["id"], **{"Idempotency-Key": "tautan-1"})
    assert (replay.status_code, replay.json()["id"]) == (201, to_goal["id"])
    assert_problem(await link("goal", goal["id"]), 409, "link_exists")
    to_iku = await created(await link("key_indicator", iku["id"]))
    # the message names the kind of target linked (it said "sasaran" for every kind)
    again = assert_problem(await link("key_indicator", iku["id"]), 409, "link_exists")
    assert again["detail"] == "Kebutuhan ini sudah ditautkan ke IKU tersebut."
    again = assert_problem(
        await link("key_indicator", iku["id"], **{"Accept-Language": "en"}), 409, "link_exists"
    )
    assert again["detail"] == "This need is already linked to that key indicator."
    assert to_iku["target"] == {
        "code": "IKU-01",
        "title": "Jumlah kunjungan wisatawan mancanegara",
        "year": 2026,
        "is_active": True,
    }
    read = await client.get(f"{API}/needs/{need['id']}", headers=town.staff.headers)
    assert [(x["kind"], x["target_id"]) for x in read.json()["links"]] == [
        ("goal", goal["id"]),
        ("key_indicator", iku["id"]),
    ]
    assert read.headers["etag"] == '"3"'  # each link moves the need's version

    # A linked goal or IKU cannot be deleted: the database refuses.
    r = await client.delete(f"{API}/key-indicators/{iku['id']}", headers=h)
    assert_problem(r, 409, "integrity_conflict")

    # Coverage counts links to active targets only.
    coverage_url = f"{API}/organizations/{town.org.id}/needs/coverage"
    r = await client.get(coverage_url, headers=h, params={"year": 2026})
    assert r.json()["needs"][0]["work_links"] == 2
    r = await client.patch(
        f"{API}/key-indicators/{iku['id']}", headers=h, json={"is_active": False}
    )
    assert r.status_code == 200
    r = await client.get(coverage_url, headers=h, params={"year": 2026})
    assert r.json()["needs"][0]["work_links"] == 1

    # Removing links.
    delete = f"{url}/{to_goal['id']}"
    assert_problem(await client.delete(delete, headers={**h, "If-Match": '"1"'}), 412)
    assert (await client.delete(delete, headers={**h, "If-Match": '"3"'})).status_code == 204
    assert_problem(await client.delete(delete, headers=h), 404)
    r = await client.get(coverage_url, headers=h, params={"year": 2026})
    item = r.json()["needs"][0]
    assert (item["covered_by_work"], item["work_links"]) == (False, 0)
    assert [n["id"] for n in r.json()["uncovered_by_work"]] == [need["id"]]
    # The goal is free to go now that nothing links to it... except its IKU.
    r = await client.delete(f"{url}/{to_iku['id']}", headers=h)
    assert r.status_code == 204
    assert (await client.delete(f"{API}/key-indicators/{iku['id']}", headers=h)).status_code == 204

    log = await client.get(f"{API}/audit-log", headers=h, params={"entity_type": "need_links"})
    assert sorted(e["action"] for e in log.json()["items"]) == [
        "delete",
        "delete",
        "insert",
        "insert",
    ]


async def test_coverage_report(client: httpx.AsyncClient, town: Sabang) -> None:
    h = town.admin.headers
    goal = await created(
        await client.post(f"{API}/organizations/{town.org.id}/goals", headers=h, json=GOAL)
    )
    language = await _create_need(client, town)
    guides = await _create_need(client, town, title="Pemandu wisata bahari bersertifikat")
    signs = await _create_need(client, town, title="Papan informasi dwibahasa", priority="low")
    dropped = await _create_need(client, town, title="Kios suvenir", priority="medium")
    await _create_need(client, town, title="Kebutuhan tahun depan", year=2027)
    for need in (language, signs, dropped):
        r = await client.post(
            f"{API}/needs/{need['id']}/links",
            headers=h,
            json={"kind": "goal", "target_id": goal["id"]},
        )
        assert r.status_code == 201
    r = await client.post(
        f"{API}/needs/{dropped['id']}/close",
        headers=h,
        json={"status": "dropped", "reason": "Bukan kewenangan dinas."},
    )
    assert r.status_code == 200
    r = await client.get(
        f"{API}/organizations/{town.org.id}/needs/coverage",
        headers=town.supervisor.headers,
        params={"year": 2026},
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert [n["title"] for n in report["needs"]] == [
        LANGUAGE_NEED,
        "Pemandu wisata bahari bersertifikat",
        "Papan informasi dwibahasa",
    ]
    assert [n["id"] for n in report["uncovered_by_work"]] == [guides["id"]]
    assert len(report["uncovered_by_training"]) == 3
    counts = [
        (p["priority"], p["total"], p["covered_by_work"], p["uncovered"])
        for p in report["by_priority"]
    ]
    assert counts == [("high", 2, 1, 1), ("medium", 0, 0, 0), ("low", 1, 1, 0)]
    missing = await client.get(f"{API}/organizations/{town.org.id}/needs/coverage", headers=h)
    assert assert_problem(missing, 422)["errors"][0]["field"] == "year"


async def test_list_and_filter_needs(client: httpx.AsyncClient, town: Sabang) -> None:
    h = town.staff.headers
    a = await _create_need(client, town)
    b = await _create_need(client, town, title="Pemandu bersertifikat", priority="medium")
    c = await _create_need(
        client,
        town,
        title="Analisis beban kerja TIC",
        source="workload_shortage",
        year=2027,
        unit_id=str(town.root.id),
    )
    await client.patch(
        f"{API}/needs/{b['id']}", headers=town.admin.headers, json={"status": "planned"}
    )
    url = f"{API}/organizations/{town.org.id}/needs"

    async def ids(**params: Any) -> list[str]:
        r = await client.get(url, headers=h, params=params)
        assert r.status_code == 200, r.text
        return [n["id"] for n in r.json()["items"]]

    assert await ids() == [a["id"], b["id"], c["id"]]
    assert await ids(year=2026) == [a["id"], b["id"]]
    assert await ids(status="planned") == [b["id"]]
    assert await ids(priority="high") == [a["id"], c["id"]]
    assert await ids(source="workload_shortage") == [c["id"]]
    assert await ids(unit_id=str(town.root.id)) == [c["id"]]
    assert await ids(q="pemandu") == [b["id"]]
    assert await ids(sort="-year", limit=1) == [c["id"]]
    page = (await client.get(url, headers=h, params={"limit": 2})).json()
    rest = await client.get(url, headers=h, params={"limit": 2, "cursor": page["next_cursor"]})
    assert [n["id"] for n in page["items"] + rest.json()["items"]] == [a["id"], b["id"], c["id"]]
    assert_problem(await client.get(url, headers=h, params={"sort": "priority"}), 422)


@contextmanager
def _count_queries(app: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_lists_use_a_constant_number_of_queries(
    client: httpx.AsyncClient, town: Sabang, app: Any
) -> None:
    h = town.admin.headers
    goal = await created(
        await client.post(f"{API}/organizations/{town.org.id}/goals", headers=h, json=GOAL)
    )
    iku = await created(
        await client.post(f"{API}/goals/{goal['id']}/key-indicators", headers=h, json=IKU)
    )

    async def add_need(n: int) -> None:
        need = await _create_need(client, town, title=f"Kebutuhan {n}")
        for kind, target in (("goal", goal["id"]), ("key_indicator", iku["id"])):
            r = await client.post(
                f"{API}/needs/{need['id']}/links",
                headers=h,
                json={"kind": kind, "target_id": target},
            )
            assert r.status_code == 201

    urls = [
        f"{API}/organizations/{town.org.id}/needs",
        f"{API}/organizations/{town.org.id}/needs/coverage?year=2026",
        f"{API}/organizations/{town.org.id}/surveys",
    ]
    await add_need(0)
    await published_survey(client, town.admin, town.org.id)
    small = []
    for url in urls:
        with _count_queries(app) as queries:
            assert (await client.get(url, headers=h)).status_code == 200
        small.append(len(queries))
    for n in range(1, 6):
        await add_need(n)
        await published_survey(client, town.admin, town.org.id)
    for url, before in zip(urls, small, strict=True):
        with _count_queries(app) as queries:
            r = await client.get(url, headers=h)
        assert len(r.json().get("items", r.json().get("needs"))) == 6
        assert len(queries) == before, url


# ---- access --------------------------------------------------------------------------------


async def test_permissions_and_tenant_isolation(
    client: httpx.AsyncClient, town: Sabang, world: World
) -> None:
    h = town.admin.headers
    survey = await published_survey(client, town.admin, town.org.id)
    goal = await created(
        await client.post(f"{API}/organizations/{town.org.id}/goals", headers=h, json=GOAL)
    )
    need = await _create_need(client, town)
    spare = await _create_need(client, town, title="Kebutuhan cadangan")
    link = await created(
        await client.post(
            f"{API}/needs/{need['id']}/links",
            headers=h,
            json={"kind": "goal", "target_id": goal["id"]},
        )
    )
    org, nid = town.org.id, need["id"]
    reads = [
        f"/organizations/{org}/needs",
        f"/organizations/{org}/needs/coverage?year=2026",
        f"/needs/{nid}",
    ]
    writes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("POST", f"/organizations/{org}/needs", _need(town)),
        (
            "POST",
            f"/organizations/{org}/needs/from-survey",
            {
                "survey_id": survey["id"],
                "question_keys": ["bahasa"],
                "title": LANGUAGE_NEED,
                "priority": "high",
                "unit_id": str(town.info_unit.id),
            },
        ),
        ("PATCH", f"/needs/{nid}", {"priority": "medium"}),
        ("DELETE", f"/needs/{nid}/links/{link['id']}", None),
        ("POST", f"/needs/{nid}/links", {"kind": "goal", "target_id": goal["id"]}),
        ("POST", f"/needs/{spare['id']}/close", {"status": "dropped", "reason": "Ganda."}),
    ]
    for account in (town.staff, town.supervisor, town.admin):
        for url in reads:
            r = await client.get(API + url, headers=account.headers)
            assert r.status_code == 200, (url, r.text)
    for url in reads:
        assert_problem(await client.get(API + url, headers=world.other_admin.headers), 404)
        assert_problem(await client.get(API + url, headers=world.staff.headers), 404)
        assert_problem(await client.get(API + url, headers=world.platform.headers), 403)
        assert_problem(await client.get(API + url), 401)
    for method, url, body in writes:
        for account in (town.staff, town.supervisor, world.platform):
            r = await client.request(method, API + url, headers=account.headers, json=body)
            assert_problem(r, 403, "forbidden")
        r = await client.request(method, API + url, headers=world.other_admin.headers, json=body)
        assert_problem(r, 404, "not_found")
        assert_problem(await client.request(method, API + url, json=body), 401)
    for method, url, body in writes:
        r = await client.request(method, API + url, headers=h, json=body)
        assert r.status_code in (200, 201, 204), (method, url, r.text)
    # Another organization's admin cannot point a need of theirs at this survey or goal.
    foreign = await created(
        await client.post(
            f"{API}/organizations/{world.org.id}/needs",
            headers=world.admin.headers,
            json=_need(town, unit_id=str(world.root_unit.id)),
        )
    )
    r = await client.post(
        f"{API}/needs/{foreign['id']}/links",
        headers=world.admin.headers,
        json={"kind": "goal", "target_id": goal["id"]},
    )
    assert_problem(r, 422)
    r = await client.post(
        f"{API}/organizations/{world.org.id}/needs/from-survey",
        headers=world.admin.headers,
        json={
            "survey_id": survey["id"],
            "question_keys": ["bahasa"],
            "title": LANGUAGE_NEED,
            "priority": "high",
            "unit_id": str(world.root_unit.id),
        },
    )
    assert_problem(r, 422)


# ---- demo data -----------------------------------------------------------------------------


async def test_demo_scenario_sabang(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], factory: Factory
) -> None:
    async def load() -> None:
        async with sessionmaker() as session:
            await load_demo_data(session)
            await session.commit()

    await load()
    await load()  # running it again changes nothing
    async with sessionmaker() as session:
        # The instansi admin (BKPSDM): surveys are run for the whole instansi.
        admin = await session.scalar(select(User).where(User.username == "bkpsdm.sabang"))
    assert admin is not None
    assert admin.organization_id is not None
    h = {"Authorization": f"Bearer {await factory.token(admin)}"}
    org = admin.organization_id

    surveys = (await client.get(f"{API}/organizations/{org}/surveys", headers=h)).json()["items"]
    [survey] = surveys
    assert (survey["title"], survey["status"]) == (
        "Kebutuhan layanan informasi wisata",
        "published",
    )
    assert survey["response_count"] == 30
    public = await client.get(survey["public_path"])
    assert public.json()["organization_name"] == "Pemerintah Kota Sabang"
    results = (await client.get(f"{API}/surveys/{survey['id']}/results", headers=h)).json()
    assert results["responses_by_group"] == {"public": 20, "business": 10}
    clarity, friendliness, language, suggestion = results["questions"]
    assert (clarity["overall"]["mean"], friendliness["overall"]["mean"]) == (3.3, 4.1)
    assert _tally(language["overall"]) == [
        ("en", 18, 60.0),
        ("ms", 6, 20.0),
        ("zh", 3, 10.0),
        ("id", 3, 10.0),
    ]
    assert suggestion["overall"]["answered"] == 10

    [need] = (await client.get(f"{API}/organizations/{org}/needs", headers=h)).json()["items"]
    assert (need["title"], need["priority"], need["source"]) == (LANGUAGE_NEED, "high", "survey")
    assert need["source_survey_id"] == survey["id"]
    assert "Bahasa Inggris 60,0%" in need["description"]
    [link] = need["links"]
    assert link["target"]["title"] == "Meningkatnya kunjungan wisatawan mancanegara"
    goal = await client.get(f"{API}/goals/{link['target_id']}/key-indicators", headers=h)
    assert [i["name"] for i in goal.json()["items"]] == ["Jumlah kunjungan wisatawan mancanegara"]
    report = await client.get(
        f"{API}/organizations/{org}/needs/coverage", headers=h, params={"year": 2026}
    )
    [item] = report.json()["needs"]
    assert (item["covered_by_work"], item["covered_by_training"]) == (True, False)
