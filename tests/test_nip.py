"""NIP and golongan validation: pure table tests, then through the HTTP API."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from conftest import World, assert_problem
from kinerja_api.organizations.rules import (
    PANGKAT,
    nip_problems,
    normalize_golongan,
    normalize_nip,
    parse_nip,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("nip", "expected"),
    [
        # valid: birth 1995-04-10, appointed 2019-03, female, sequence 011
        ("199504102019032011", set()),
        ("197005121998031004", set()),
        ("194001011960011001", set()),  # earliest plausible birth year
        ("200002292018031999", set()),  # leap day; appointed the month of the 18th birthday
        ("199504102026112001", set()),  # appointed this month
        # length and characters
        ("19950410201903201", {"nip_length"}),
        ("1995041020190320111", {"nip_length"}),
        ("", {"nip_not_digits"}),
        ("19950410201903201A", {"nip_not_digits"}),
        ("1995-04-10-2019-03", {"nip_not_digits"}),
        ("١٩٩٥٠٤١٠٢٠١٩٠٣٢٠١١", {"nip_not_digits"}),  # Arabic-Indic digits are not ASCII
        # birth date (digits 1–8)
        ("199513102019032011", {"nip_birth_date"}),  # month 13
        ("199502302019032011", {"nip_birth_date"}),  # 30 February
        ("199902292019032011", {"nip_birth_date"}),  # 29 February in a common year
        ("193912312019032011", {"nip_birth_date"}),  # before 1940
        ("202712012019032011", {"nip_birth_date"}),  # future year
        ("202612012019032011", {"nip_birth_date"}),  # later this year (after today)
        # appointment (digits 9–14)
        ("199504102019132011", {"nip_appointment_date"}),  # month 13
        ("199504102019002011", {"nip_appointment_date"}),  # month 00
        ("199504102026122011", {"nip_appointment_future"}),  # next month
        ("199504102031012011", {"nip_appointment_future"}),
        ("199504102013032011", {"nip_appointment_age"}),  # appointed at 17
        ("200002292018011001", {"nip_appointment_age"}),  # the month before turning 18
        # sex digit (15) and sequence (16–18)
        ("199504102019033011", {"nip_sex"}),
        ("199504102019030011", {"nip_sex"}),
        ("199504102019032000", {"nip_sequence"}),
        # several problems at once are all reported
        (
            "199513102019139000",
            {"nip_birth_date", "nip_appointment_date", "nip_sex", "nip_sequence"},
        ),
    ],
)
def test_nip_rules(nip: str, expected: set[str]) -> None:
    problems = nip_problems(nip, TODAY)
    assert {p.type for p in problems} == expected
    assert all(p.field == "nip" and p.message["id"] and p.message["en"] for p in problems)


def test_nip_messages_name_the_part() -> None:
    [problem] = nip_problems("199502302019032011", TODAY)
    assert problem.message == {
        "id": "Tanggal lahir pada NIP tidak valid",
        "en": "Birth date in NIP is invalid",
    }


def test_parse_and_normalize_nip() -> None:
    assert normalize_nip(" 19950410 201903 2 011 ") == "199504102019032011"
    info = parse_nip("199504102019032011")
    assert info is not None
    assert (info.birth_date, info.appointment_year, info.appointment_month) == (
        date(1995, 4, 10),
        2019,
        3,
    )
    assert (info.sex, info.sequence) == ("female", 11)
    assert parse_nip("199504102019033011") is None
    assert parse_nip("12345") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("III/a", "III/a"),
        ("III.a", "III/a"),
        ("iii/A", "III/a"),
        (" IV / e ", "IV/e"),
        ("Penata Muda / III.a", "III/a"),
        ("penata muda tingkat i / III/b", "III/b"),
        ("I/a", "I/a"),
        ("II/d", "II/d"),
        ("Pembina / III/a", None),  # pangkat does not match golongan
        ("IV/f", None),
        ("V/a", None),
        ("III", None),
        ("3a", None),
        ("", None),
    ],
)
def test_golongan(value: str, expected: str | None) -> None:
    assert normalize_golongan(value) == expected


def test_every_golongan_has_its_pangkat() -> None:
    assert len(PANGKAT) == 17
    assert PANGKAT["III/a"] == "Penata Muda"
    assert all(normalize_golongan(f"{p} / {g}") == g for g, p in PANGKAT.items())


# ---- through the API ---------------------------------------------------------------------


async def _create(client: httpx.AsyncClient, world: World, **body: object) -> httpx.Response:
    payload = {"nip": "199504102019032011", "name": "Siti Rahma, A.Md.Kep", **body}
    return await client.post(
        f"/api/v1/organizations/{world.org.id}/employees", headers=world.admin.headers, json=payload
    )


@pytest.mark.parametrize(
    ("nip", "types"),
    [
        ("19950410201903201", ["nip_length"]),
        ("19950410 20190320 1A", ["nip_not_digits"]),
        ("199502302019032011", ["nip_birth_date"]),
        ("199504102019132011", ["nip_appointment_date"]),
        ("199504102019033000", ["nip_sex", "nip_sequence"]),
    ],
)
async def test_invalid_nip_is_a_field_error(
    client: httpx.AsyncClient, world: World, nip: str, types: list[str]
) -> None:
    body = assert_problem(await _create(client, world, nip=nip), 422, "validation_failed")
    assert [e["type"] for e in body["errors"]] == types
    assert {e["field"] for e in body["errors"]} == {"nip"}


async def test_nip_error_in_english(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post(
        f"/api/v1/organizations/{world.org.id}/employees",
        headers={**world.admin.headers, "Accept-Language": "en"},
        json={"nip": "199502302019032011", "name": "Siti Rahma"},
    )
    body = assert_problem(r, 422)
    assert body["errors"][0]["message"] == "Birth date in NIP is invalid"


async def test_nip_with_spaces_is_stored_compact(client: httpx.AsyncClient, world: World) -> None:
    r = await _create(client, world, nip="19950410 201903 2 011", golongan="Penata Muda / III.a")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["nip"] == "199504102019032011"
    assert (body["golongan"], body["pangkat"]) == ("III/a", "Penata Muda")
    assert (body["birth_date"], body["sex"]) == ("1995-04-10", "female")
    dup = await _create(client, world, name="Orang Lain")
    assert_problem(dup, 409, "employee_nip_taken")


async def test_bad_golongan(client: httpx.AsyncClient, world: World) -> None:
    body = assert_problem(await _create(client, world, golongan="IV/f"), 422)
    assert body["errors"][0]["field"] == "golongan"
    assert body["errors"][0]["type"] == "golongan_invalid"
