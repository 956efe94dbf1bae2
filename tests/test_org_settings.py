"""Organization configuration: regulation defaults, partial updates, validation, access."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from conftest import World, assert_problem
from kinerja_api.organizations.config import (
    OrganizationResult,
    OrganizationSettings,
    OrganizationSettingsPatch,
    apply_patch,
    differences,
    effective_settings,
    merge_documents,
    settings_problems,
)

# ---- pure rules: defaults -------------------------------------------------------------------


def test_defaults_are_the_regulation_values() -> None:
    s = effective_settings({})
    assert (s.skp.deadline_month, s.skp.deadline_day) == (1, 31)
    assert s.skp.deadline(2026) == dt.date(2026, 1, 31)
    assert s.skp.realization_period == "monthly"
    assert s.appraisal.objection_window_days == 14
    assert s.appraisal.curve_enforcement == "block"
    assert (s.daily_reports.grace_days, s.daily_reports.late_policy) == (3, "flag")
    assert s.workload.effective_minutes_per_year == 75_000
    assert s.development.min_learning_hours_per_year == 20
    assert s.credit_points.predikat_percent.model_dump() == {
        "sangat_baik": 150,
        "baik": 100,
        "butuh_perbaikan": 75,
        "kurang": 50,
        "sangat_kurang": 25,
    }
    assert s.credit_points.jenjang_coefficients.model_dump() == {
        "ahli_pertama": 12.5,
        "ahli_muda": 25,
        "ahli_madya": 37.5,
        "ahli_utama": 50,
        "terampil": 5,
        "mahir": 12.5,
        "penyelia": 25,
    }
    assert s.calendar.working_days == [1, 2, 3, 4, 5]
    assert s.calendar.holidays == []
    assert settings_problems(s) == []


def test_documented_example_shows_the_defaults() -> None:
    [example] = OrganizationSettings.model_json_schema()["examples"]
    shown = OrganizationSettings.model_validate(example)
    assert shown.calendar.holidays[0].date == dt.date(2026, 8, 17)
    shown.calendar.holidays = []
    assert shown == OrganizationSettings()


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (OrganizationResult.ISTIMEWA, [(["sangat_baik"], None, 70, None)]),
        (
            OrganizationResult.BAIK,
            [
                (["baik"], None, 70, None),
                (["butuh_perbaikan", "kurang"], None, None, 1),
                (["sangat_baik"], None, 50, None),
            ],
        ),
        (
            OrganizationResult.BUTUH_PERBAIKAN,
            [(["butuh_perbaikan"], 60, None, None), (["sangat_baik"], None, 10, None)],
        ),
        (
            OrganizationResult.KURANG,
            [
                (["kurang"], 60, None, None),
                (["butuh_perbaikan"], 10, None, None),
                (["sangat_baik"], None, 10, None),
            ],
        ),
        (
            OrganizationResult.SANGAT_KURANG,
            [
                (["sangat_kurang"], 60, None, None),
                (["kurang", "butuh_perbaikan"], 10, None, None),
                (["sangat_baik"], None, 0, None),
            ],
        ),
    ],
)
def test_default_distribution_curves(
    result: OrganizationResult, expected: list[tuple[list[str], Any, Any, Any]]
) -> None:
    bounds = effective_settings({}).appraisal.curve.for_result(result)
    assert [(b.predikat, b.min_percent, b.max_percent, b.min_count) for b in bounds] == expected


def test_working_days_and_holidays() -> None:
    s = effective_settings(
        {"calendar": {"holidays": [{"date": "2026-08-17", "name": "Hari Kemerdekaan RI"}]}}
    )
    assert s.calendar.is_working_day(dt.date(2026, 8, 14))  # Friday
    assert not s.calendar.is_working_day(dt.date(2026, 8, 15))  # Saturday
    assert not s.calendar.is_working_day(dt.date(2026, 8, 17))  # Monday, a holiday


# ---- pure rules: merge, store, validate -----------------------------------------------------


def test_merge_objects_and_replace_lists() -> None:
    base = {"a": {"x": 1, "y": 2}, "l": [1, 2], "k": 1}
    assert merge_documents(base, {"a": {"y": 3}, "l": [9]}) == {
        "a": {"x": 1, "y": 3},
        "l": [9],
        "k": 1,
    }
    assert base == {"a": {"x": 1, "y": 2}, "l": [1, 2], "k": 1}  # not mutated


def test_only_differences_are_stored() -> None:
    defaults = {"a": {"x": 1, "y": 2}, "l": [1, 2]}
    assert differences({"a": {"x": 1, "y": 5}, "l": [1, 2]}, defaults) == {"a": {"y": 5}}
    assert differences(defaults, defaults) == {}


def test_patch_merges_into_stored_overrides() -> None:
    stored = {"daily_reports": {"grace_days": 5}}
    patch = OrganizationSettingsPatch.model_validate({"daily_reports": {"late_policy": "reject"}})
    result, overrides, problems = apply_patch(stored, patch)
    assert problems == []
    assert result.daily_reports.grace_days == 5
    assert result.daily_reports.late_policy == "reject"
    assert overrides == {"daily_reports": {"grace_days": 5, "late_policy": "reject"}}
    # Setting a value back to its default removes the override.
    back = OrganizationSettingsPatch.model_validate({"daily_reports": {"grace_days": 3}})
    _, overrides, _ = apply_patch(overrides, back)
    assert overrides == {"daily_reports": {"late_policy": "reject"}}


def _problems(document: dict[str, Any]) -> set[tuple[str, str]]:
    settings = OrganizationSettings.model_validate(document)
    return {(p.field, p.type) for p in settings_problems(settings)}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"skp": {"deadline_month": 2, "deadline_day": 29}},
            {("skp.deadline_day", "invalid_date")},
        ),
        (
            {"skp": {"deadline_month": 4, "deadline_day": 31}},
            {("skp.deadline_day", "invalid_date")},
        ),
        ({"skp": {"deadline_month": 2, "deadline_day": 28}}, set()),
        (
            {"workload": {"pej_grades": {"b_min": 1.1}}},
            {("workload.pej_grades.b_min", "bounds_order")},
        ),
        (
            {"workload": {"pej_grades": {"c_min": 0.5}}},
            {("workload.pej_grades.d_min", "bounds_order")},
        ),
        (
            {"workload": {"pej_grades": {"a_above": 1.2, "b_min": 1.0}}},
            set(),
        ),
        (
            {"credit_points": {"predikat_percent": {"kurang": 80}}},
            {("credit_points.predikat_percent.kurang", "bounds_order")},
        ),
        (
            {"credit_points": {"jenjang_coefficients": {"ahli_muda": 40}}},
            {("credit_points.jenjang_coefficients.ahli_muda", "bounds_order")},
        ),
        (
            {"credit_points": {"jenjang_coefficients": {"terampil": 15}}},
            {("credit_points.jenjang_coefficients.terampil", "bounds_order")},
        ),
        (
            {"appraisal": {"curve": {"baik": [{"predikat": ["baik"]}]}}},
            {("appraisal.curve.baik.0", "curve_bound_empty")},
        ),
        (
            {
                "appraisal": {
                    "curve": {
                        "baik": [{"predikat": ["baik"], "min_percent": 80, "max_percent": 70}]
                    }
                }
            },
            {("appraisal.curve.baik.0.min_percent", "bounds_order")},
        ),
        (
            {
                "appraisal": {
                    "curve": {
                        "kurang": [
                            {"predikat": ["kurang"], "min_percent": 60},
                            {"predikat": ["kurang", "baik"], "max_percent": 20},
                        ]
                    }
                }
            },
            {("appraisal.curve.kurang.1.predikat", "curve_predikat_repeated")},
        ),
        (
            {
                "appraisal": {
                    "curve": {"istimewa": [{"predikat": ["baik", "baik"], "max_percent": 20}]}
                }
            },
            {("appraisal.curve.istimewa.0.predikat", "curve_predikat_repeated")},
        ),
        (
            {
                "appraisal": {
                    "curve": {
                        "butuh_perbaikan": [
                            {"predikat": ["butuh_perbaikan"], "min_percent": 70},
                            {"predikat": ["kurang"], "min_percent": 40},
                        ]
                    }
                }
            },
            {("appraisal.curve.butuh_perbaikan", "curve_minimums_exceed_100")},
        ),
        (
            {"calendar": {"working_days": [1, 2, 2]}},
            {("calendar.working_days", "duplicate")},
        ),
        (
            {
                "calendar": {
                    "holidays": [
                        {"date": "2026-08-17", "name": "Hari Kemerdekaan RI"},
                        {"date": "2026-08-17", "name": "HUT RI"},
                    ]
                }
            },
            {("calendar.holidays.1.date", "duplicate")},
        ),
    ],
)
def test_consistency_rules(document: dict[str, Any], expected: set[tuple[str, str]]) -> None:
    assert _problems(document) == expected


# ---- HTTP ----------------------------------------------------------------------------------


def _url(org_id: object) -> str:
    return f"/api/v1/organizations/{org_id}/settings"


async def test_everyone_in_the_org_reads_the_defaults(
    client: httpx.AsyncClient, world: World
) -> None:
    for account in (world.staff, world.supervisor, world.admin, world.platform):
        r = await client.get(_url(world.org.id), headers=account.headers)
        assert r.status_code == 200, r.text
        assert r.headers["etag"] == '"1"'
        assert r.json() == OrganizationSettings().model_dump(mode="json")


async def test_partial_update_keeps_the_rest(client: httpx.AsyncClient, world: World) -> None:
    r = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={
            "daily_reports": {"late_policy": "reject"},
            "appraisal": {"objection_window_days": 21},
            "calendar": {"holidays": [{"date": "2026-08-17", "name": "Hari Kemerdekaan RI"}]},
        },
    )
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == '"2"'
    body = r.json()
    assert body["daily_reports"] == {"grace_days": 3, "late_policy": "reject"}
    assert body["appraisal"]["objection_window_days"] == 21
    assert body["appraisal"]["curve_enforcement"] == "block"
    assert body["appraisal"]["curve"] == OrganizationSettings().appraisal.curve.model_dump(
        mode="json"
    )
    assert body["calendar"]["holidays"] == [{"date": "2026-08-17", "name": "Hari Kemerdekaan RI"}]

    # A second partial update merges into the first one.
    r = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={"daily_reports": {"grace_days": 1}},
    )
    assert r.json()["daily_reports"] == {"grace_days": 1, "late_policy": "reject"}
    assert r.json()["appraisal"]["objection_window_days"] == 21
    read = await client.get(_url(world.org.id), headers=world.staff.headers)
    assert read.json() == r.json()
    assert read.headers["etag"] == '"3"'
    # Another organization is untouched.
    other = await client.get(_url(world.other_org.id), headers=world.other_admin.headers)
    assert other.json() == OrganizationSettings().model_dump(mode="json")


async def test_curve_list_is_replaced_whole(client: httpx.AsyncClient, world: World) -> None:
    baik = [
        {"predikat": ["baik"], "max_percent": 60},
        {"predikat": ["sangat_baik"], "max_percent": 20},
    ]
    r = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={"appraisal": {"curve": {"baik": baik}, "curve_enforcement": "warn"}},
    )
    assert r.status_code == 200, r.text
    curve = r.json()["appraisal"]["curve"]
    assert curve["baik"] == [
        {"predikat": ["baik"], "min_percent": None, "max_percent": 60.0, "min_count": None},
        {"predikat": ["sangat_baik"], "min_percent": None, "max_percent": 20.0, "min_count": None},
    ]
    assert curve["istimewa"] == [
        {"predikat": ["sangat_baik"], "min_percent": None, "max_percent": 70.0, "min_count": None}
    ]


async def test_field_range_errors_in_both_languages(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {
        "appraisal": {
            "objection_window_days": 0,
            "curve": {"baik": [{"predikat": ["baik"], "max_percent": 120}]},
        },
        "daily_reports": {"late_policy": "ignore"},
    }
    r = await client.patch(_url(world.org.id), headers=world.admin.headers, json=body)
    problem = assert_problem(r, 422, "validation_failed")
    errors = {e["field"]: e for e in problem["errors"]}
    assert errors["appraisal.objection_window_days"]["message"] == "Minimal 1"
    assert errors["appraisal.curve.baik.0.max_percent"]["message"] == "Maksimal 100"
    assert errors["daily_reports.late_policy"]["type"] == "enum"
    assert all(e["location"] == "body" for e in problem["errors"])

    r = await client.patch(
        _url(world.org.id), headers={**world.admin.headers, "Accept-Language": "en"}, json=body
    )
    errors = {e["field"]: e for e in assert_problem(r, 422)["errors"]}
    assert errors["appraisal.objection_window_days"]["message"] == (
        "Input should be greater than or equal to 1"
    )
    assert errors["appraisal.curve.baik.0.max_percent"]["message"] == (
        "Input should be less than or equal to 100"
    )


async def test_consistency_errors_in_both_languages(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {"workload": {"pej_grades": {"b_min": 1.2}}}
    r = await client.patch(_url(world.org.id), headers=world.admin.headers, json=body)
    problem = assert_problem(r, 422, "validation_failed")
    assert problem["errors"] == [
        {
            "location": "body",
            "field": "workload.pej_grades.b_min",
            "message": "Nilai b_min harus lebih kecil dari a_above",
            "type": "bounds_order",
        }
    ]
    r = await client.patch(
        _url(world.org.id), headers={**world.admin.headers, "Accept-Language": "en"}, json=body
    )
    assert assert_problem(r, 422)["errors"][0]["message"] == "b_min must be less than a_above"
    # Nothing was saved.
    read = await client.get(_url(world.org.id), headers=world.admin.headers)
    assert read.headers["etag"] == '"1"'
    assert read.json()["workload"]["pej_grades"]["b_min"] == 0.9


async def test_consistency_is_checked_against_the_stored_settings(
    client: httpx.AsyncClient, world: World
) -> None:
    ok = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={"workload": {"pej_grades": {"a_above": 1.2, "b_min": 1.1}}},
    )
    assert ok.status_code == 200, ok.text
    # b_min 1.15 is wrong against the defaults (a_above 1.0) but fine against the stored 1.2.
    r = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={"workload": {"pej_grades": {"b_min": 1.15}}},
    )
    assert r.status_code == 200, r.text
    r = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={"workload": {"pej_grades": {"a_above": 1.1}}},
    )
    errors = assert_problem(r, 422)["errors"]
    assert [(e["field"], e["type"]) for e in errors] == [
        ("workload.pej_grades.b_min", "bounds_order")
    ]


async def test_unknown_fields_are_refused(client: httpx.AsyncClient, world: World) -> None:
    r = await client.patch(
        _url(world.org.id), headers=world.admin.headers, json={"skp": {"deadline": "31-01"}}
    )
    errors = assert_problem(r, 422)["errors"]
    assert errors[0]["field"] == "skp.deadline"
    assert errors[0]["type"] == "extra_forbidden"


async def test_write_permissions_and_isolation(client: httpx.AsyncClient, world: World) -> None:
    body = {"daily_reports": {"grace_days": 2}}
    for account in (world.staff, world.supervisor):
        r = await client.patch(_url(world.org.id), headers=account.headers, json=body)
        assert_problem(r, 403, "forbidden")
    # Another organization's admin: not found, for reading and writing.
    assert_problem(await client.get(_url(world.org.id), headers=world.other_admin.headers), 404)
    r = await client.patch(_url(world.org.id), headers=world.other_admin.headers, json=body)
    assert_problem(r, 404, "not_found")
    assert_problem(await client.get(_url(world.org.id)), 401)
    # The platform admin may configure any organization.
    r = await client.patch(_url(world.org.id), headers=world.platform.headers, json=body)
    assert r.status_code == 200, r.text
    assert r.json()["daily_reports"]["grace_days"] == 2
    missing = "/api/v1/organizations/0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0fff/settings"
    assert_problem(await client.get(missing, headers=world.platform.headers), 404)


async def test_if_match(client: httpx.AsyncClient, world: World) -> None:
    read = await client.get(_url(world.org.id), headers=world.admin.headers)
    etag = read.headers["etag"]
    first = await client.patch(
        _url(world.org.id),
        headers={**world.admin.headers, "If-Match": etag},
        json={"development": {"min_learning_hours_per_year": 24}},
    )
    assert first.status_code == 200, first.text
    stale = await client.patch(
        _url(world.org.id),
        headers={**world.admin.headers, "If-Match": etag},
        json={"development": {"min_learning_hours_per_year": 30}},
    )
    assert_problem(stale, 412, "version_mismatch")
    # Renaming the organization also changes the version the settings are matched against.
    current = first.headers["etag"]
    renamed = await client.patch(
        f"/api/v1/organizations/{world.org.id}",
        headers={**world.platform.headers, "If-Match": current},
        json={"name": "Dinas Kesehatan Kota Palu (Sulawesi Tengah)"},
    )
    assert renamed.status_code == 200, renamed.text
    r = await client.patch(
        _url(world.org.id),
        headers={**world.admin.headers, "If-Match": current},
        json={"development": {"min_learning_hours_per_year": 30}},
    )
    assert_problem(r, 412)


async def test_update_is_audited(client: httpx.AsyncClient, world: World) -> None:
    r = await client.patch(
        _url(world.org.id),
        headers=world.admin.headers,
        json={"appraisal": {"objection_window_days": 10}},
    )
    assert r.status_code == 200
    log = await client.get(
        "/api/v1/audit-log",
        headers=world.admin.headers,
        params={"entity_type": "organizations", "entity_id": str(world.org.id)},
    )
    assert log.status_code == 200, log.text
    entries = [e for e in log.json()["items"] if e["action"] == "update"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["action"] == "update"
    assert entry["actor_user_id"] == str(world.admin.id)
    assert entry["before"]["settings"] == {}
    assert entry["after"]["settings"] == {"appraisal": {"objection_window_days": 10}}


async def test_unchanged_update_keeps_the_version(client: httpx.AsyncClient, world: World) -> None:
    r = await client.patch(
        _url(world.org.id), headers=world.admin.headers, json={"daily_reports": {"grace_days": 3}}
    )
    assert r.status_code == 200
    assert r.headers["etag"] == '"1"'


async def test_create_organization_with_settings(client: httpx.AsyncClient, world: World) -> None:
    body = {
        "code": "DISBUDPAR-SABANG",
        "name": "Dinas Kebudayaan dan Pariwisata Kota Sabang",
        "kind": "perangkat_daerah",
        "region": "Kota Sabang, Aceh",
        "timezone": "WIB",
        "settings": {
            "skp": {"realization_period": "quarterly"},
            "development": {"min_learning_hours_per_year": 32},
        },
    }
    r = await client.post("/api/v1/organizations", headers=world.platform.headers, json=body)
    assert r.status_code == 201, r.text
    org_id = r.json()["id"]
    s = (await client.get(_url(org_id), headers=world.platform.headers)).json()
    assert s["skp"] == {"deadline_month": 1, "deadline_day": 31, "realization_period": "quarterly"}
    assert s["development"]["min_learning_hours_per_year"] == 32
    assert s["appraisal"]["objection_window_days"] == 14

    bad = {
        **body,
        "code": "DISPAR-X",
        "settings": {"skp": {"deadline_month": 2, "deadline_day": 30}},
    }
    r = await client.post("/api/v1/organizations", headers=world.platform.headers, json=bad)
    errors = assert_problem(r, 422)["errors"]
    assert [(e["field"], e["type"]) for e in errors] == [
        ("settings.skp.deadline_day", "invalid_date")
    ]
