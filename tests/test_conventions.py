"""API conventions every endpoint shares: problems, i18n, pagination, idempotency, ETags,
audit, request ids, security headers, body limits, unexpected errors."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from conftest import Factory, World, assert_problem
from kinerja_api.core.audit import AuditLog
from kinerja_api.core.config import Settings
from kinerja_api.organizations.models import Organization, Unit

ORG_BODY = {
    "code": "DISPAR-SABANG",
    "name": "Dinas Kebudayaan dan Pariwisata Kota Sabang",
    "kind": "perangkat_daerah",
    "region": "Kota Sabang, Aceh",
    "timezone": "WIB",
}


async def test_validation_errors_list_fields_in_indonesian_by_default(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.post(
        "/api/v1/organizations",
        headers=world.platform.headers,
        json={"code": "x", "name": "", "kind": "kecamatan"},
    )
    body = assert_problem(r, 422, "validation_failed")
    errors = {e["field"]: e for e in body["errors"]}
    assert set(errors) == {"code", "name", "kind", "region"}
    assert errors["region"]["message"] == "Wajib diisi"
    assert errors["region"]["type"] == "missing"
    assert errors["name"]["message"] == "Minimal 3 karakter"
    assert errors["kind"]["type"] == "enum"
    assert body["detail"] == "Periksa kembali isian yang ditandai."


async def test_validation_errors_in_english(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post(
        "/api/v1/organizations",
        headers={**world.platform.headers, "Accept-Language": "en"},
        json={**ORG_BODY, "name": "ab"},
    )
    body = assert_problem(r, 422, "validation_failed")
    assert body["title"] == "Validation failed"
    assert body["errors"][0]["field"] == "name"
    assert "at least 3 characters" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 422, "validation_failed"),
        (b"\xff\xfe\xfa", "application/json", 400, "malformed_body"),
        (b"[1, 2, 3]", "application/json", 422, "validation_failed"),
        (b"code=X", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400, "malformed_body"),
    ],
)
async def test_malformed_bodies_are_problems_not_500(
    client: httpx.AsyncClient,
    world: World,
    content: bytes,
    content_type: str,
    status: int,
    code: str,
) -> None:
    r = await client.post(
        "/api/v1/organizations",
        headers={**world.platform.headers, "Content-Type": content_type},
        content=content,
    )
    assert_problem(r, status, code)


async def test_unknown_route_and_method(client: httpx.AsyncClient, world: World) -> None:
    assert_problem(
        await client.get("/api/v1/tidak-ada", headers=world.admin.headers), 404, "not_found"
    )
    r = await client.delete("/api/v1/organizations", headers=world.admin.headers)
    assert_problem(r, 405, "method_not_allowed")


async def test_bad_path_parameter_is_422(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get("/api/v1/units/bukan-uuid", headers=world.admin.headers)
    body = assert_problem(r, 422)
    assert body["errors"][0]["location"] == "path"
    assert body["errors"][0]["field"] == "unit_id"


async def test_request_id_and_security_headers(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get(
        "/api/v1/organizations", headers={**world.admin.headers, "X-Request-ID": "abc-123"}
    )
    assert r.headers["x-request-id"] == "abc-123"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    r = await client.get("/api/v1/nope", headers={"X-Request-ID": "bad id with spaces"})
    rid = r.headers["x-request-id"]
    assert rid != "bad id with spaces"
    assert len(rid) == 16
    assert r.json()["request_id"] == rid


@pytest.mark.settings(max_body_bytes=2048)
async def test_body_too_large_is_413(client: httpx.AsyncClient, app: Any, world: World) -> None:
    big = {**ORG_BODY, "name": "x" * 5000}
    r = await client.post("/api/v1/organizations", headers=world.platform.headers, json=big)
    body = assert_problem(r, 413, "payload_too_large")
    assert "2048" in body["detail"]
    assert await _count(app, Organization) == 2  # nothing written


async def _count(app: Any, model: Any) -> int:
    async with app.state.sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def test_unexpected_error_is_500_problem_with_incident_id(
    app: Any, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    r = await client.get("/boom", headers={"Accept-Language": "en"})
    body = assert_problem(r, 500, "internal_error")
    assert "secret internals" not in r.text
    assert "Traceback" not in r.text
    assert body["error_id"] in body["detail"]


# ---- pagination -------------------------------------------------------------------------


async def test_keyset_pagination_walks_every_row_once(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    for i in range(7):
        await factory.unit(world.org, world.root_unit, code=f"S{i:02d}", name=f"Seksi {6 - i}")
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3, "sort": "-code"}
        if cursor:
            params["cursor"] = cursor
        r = await client.get(
            f"/api/v1/organizations/{world.org.id}/units",
            headers=world.staff.headers,
            params=params,
        )
        assert r.status_code == 200, r.text
        page = r.json()
        assert page["limit"] == 3
        seen += [u["code"] for u in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    expected = sorted([f"S{i:02d}" for i in range(7)] + ["DINKES"], reverse=True)
    assert seen == expected


@pytest.mark.settings(page_size_default=2, page_size_max=4)
async def test_page_sizes_come_from_the_apps_settings(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    for i in range(5):
        await factory.unit(world.org, world.root_unit, code=f"S{i:02d}")
    url = f"/api/v1/organizations/{world.org.id}/units"
    default = (await client.get(url, headers=world.staff.headers)).json()
    assert (default["limit"], len(default["items"])) == (2, 2)
    capped = (await client.get(url, headers=world.staff.headers, params={"limit": 50})).json()
    assert (capped["limit"], len(capped["items"])) == (4, 4)


async def test_keyset_cursor_on_a_timestamp_column(client: httpx.AsyncClient, world: World) -> None:
    """A cursor holding a timestamp is compared as a timestamp (PostgreSQL refuses text)."""
    for sort, expected in (
        ("created_at", ["admin.dinkes", "kabid.p2p", "perawat.siti"]),
        ("-created_at", ["perawat.siti", "kabid.p2p", "admin.dinkes"]),
    ):
        seen: list[str] = []
        params: dict[str, Any] = {"limit": 1, "sort": sort}
        while True:
            r = await client.get(
                f"/api/v1/organizations/{world.org.id}/users",
                headers=world.admin.headers,
                params=params,
            )
            assert r.status_code == 200, r.text
            seen += [u["username"] for u in r.json()["items"]]
            if r.json()["next_cursor"] is None:
                break
            params["cursor"] = r.json()["next_cursor"]
        assert seen == expected


async def test_pagination_limits_and_bad_input(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/organizations/{world.org.id}/units"
    r = await client.get(url, headers=world.staff.headers, params={"limit": 100000})
    assert r.json()["limit"] == 200  # capped, not refused
    assert_problem(await client.get(url, headers=world.staff.headers, params={"limit": 0}), 422)
    r = await client.get(url, headers=world.staff.headers, params={"cursor": "!!!not-a-cursor"})
    body = assert_problem(r, 422)
    assert body["errors"][0]["field"] == "cursor"
    r = await client.get(url, headers=world.staff.headers, params={"sort": "password"})
    body = assert_problem(r, 422)
    assert body["errors"][0]["field"] == "sort"
    assert "code" in body["errors"][0]["message"]
    # a cursor from one sort order is refused for another
    page = (
        await client.get(url, headers=world.staff.headers, params={"limit": 1, "sort": "name"})
    ).json()
    if page["next_cursor"]:
        r = await client.get(
            url, headers=world.staff.headers, params={"cursor": page["next_cursor"], "sort": "code"}
        )
        assert_problem(r, 422)


# ---- idempotency ------------------------------------------------------------------------


async def test_idempotent_create_replays_the_first_response(
    client: httpx.AsyncClient, world: World, app: Any
) -> None:
    headers = {**world.platform.headers, "Idempotency-Key": "mobile-retry-0001"}
    first = await client.post("/api/v1/organizations", headers=headers, json=ORG_BODY)
    assert first.status_code == 201, first.text
    again = await client.post("/api/v1/organizations", headers=headers, json=ORG_BODY)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    # The replay carries the first answer's ETag (it had none: an If-Match after a retried
    # create could not be sent without reading the record again).
    assert first.headers["etag"]
    assert again.headers["etag"] == first.headers["etag"]
    assert await _count(app, Organization) == 3

    other = await client.post(
        "/api/v1/organizations", headers=headers, json={**ORG_BODY, "code": "LAIN"}
    )
    body = assert_problem(other, 422)
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert await _count(app, Organization) == 3


async def test_idempotency_keys_are_per_caller(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    key = {"Idempotency-Key": "same-key"}
    unit = {"code": "SEKRE", "name": "Sekretariat", "parent_id": str(world.root_unit.id)}
    r1 = await client.post(
        f"/api/v1/organizations/{world.org.id}/units",
        headers={**world.admin.headers, **key},
        json=unit,
    )
    r2 = await client.post(
        f"/api/v1/organizations/{world.other_org.id}/units",
        headers={**world.other_admin.headers, **key},
        json={"code": "SEKRE", "name": "Sekretariat"},
    )
    assert r1.status_code == r2.status_code == 201
    assert r1.json()["id"] != r2.json()["id"]


async def test_failed_request_does_not_consume_the_key(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = {**world.platform.headers, "Idempotency-Key": "k-1"}
    bad = await client.post(
        "/api/v1/organizations", headers=headers, json={**ORG_BODY, "code": "DINKES-PALU"}
    )
    assert_problem(bad, 409, "organization_code_taken")
    good = await client.post("/api/v1/organizations", headers=headers, json=ORG_BODY)
    assert good.status_code == 201


async def test_concurrent_retries_with_one_key_create_one_record(
    client: httpx.AsyncClient, world: World, app: Any
) -> None:
    headers = {**world.platform.headers, "Idempotency-Key": "burst-42"}
    responses = await asyncio.gather(
        *[client.post("/api/v1/organizations", headers=headers, json=ORG_BODY) for _ in range(8)]
    )
    statuses = [r.status_code for r in responses]
    assert statuses == [201] * 8, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await _count(app, Organization) == 3


async def test_idempotency_key_format(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post(
        "/api/v1/organizations",
        headers={**world.platform.headers, "Idempotency-Key": "x" * 300},
        json=ORG_BODY,
    )
    assert_problem(r, 422)


# ---- ETag / If-Match --------------------------------------------------------------------


async def test_if_match_prevents_lost_updates(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/units/{world.root_unit.id}"
    r = await client.get(url, headers=world.admin.headers)
    etag = r.headers["etag"]
    assert etag == '"1"'
    ok = await client.patch(
        url,
        headers={**world.admin.headers, "If-Match": etag},
        json={"name": "Dinas Kesehatan Kota"},
    )
    assert ok.status_code == 200
    assert ok.headers["etag"] == '"2"'
    stale = await client.patch(
        url, headers={**world.admin.headers, "If-Match": etag}, json={"name": "Nama Lain"}
    )
    assert_problem(stale, 412, "version_mismatch")
    assert (await client.get(url, headers=world.admin.headers)).json()[
        "name"
    ] == "Dinas Kesehatan Kota"
    star = await client.patch(
        url, headers={**world.admin.headers, "If-Match": "*"}, json={"name": "Dinkes"}
    )
    assert star.status_code == 200


async def test_concurrent_updates_with_same_etag_one_wins(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/api/v1/units/{world.root_unit.id}"
    headers = {**world.admin.headers, "If-Match": '"1"'}
    responses = await asyncio.gather(
        *[client.patch(url, headers=headers, json={"name": f"Nama {i}"}) for i in range(6)]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412, 412, 412, 412, 412], [r.text for r in responses]


# ---- audit ------------------------------------------------------------------------------


async def test_every_write_is_audited_with_before_and_after(
    client: httpx.AsyncClient, world: World, app: Any
) -> None:
    url = f"/api/v1/units/{world.root_unit.id}"
    r = await client.patch(
        url,
        headers={**world.admin.headers, "X-Request-ID": "req-audit-1"},
        json={"name": "Dinkes Palu"},
    )
    assert r.status_code == 200
    log = await client.get(
        "/api/v1/audit-log",
        headers=world.admin.headers,
        params={"entity_type": "units", "entity_id": str(world.root_unit.id)},
    )
    assert log.status_code == 200
    entries = log.json()["items"]
    update = next(e for e in entries if e["action"] == "update")
    assert update["before"] == {"name": "Dinas Kesehatan", "version": 1}
    assert update["after"]["name"] == "Dinkes Palu"
    assert update["after"]["version"] == 2
    assert update["actor_user_id"] == str(world.admin.id)
    assert update["request_id"] == "req-audit-1"
    assert update["organization_id"] == str(world.org.id)


async def test_audit_log_is_tenant_scoped_and_admin_only(
    client: httpx.AsyncClient, world: World
) -> None:
    await client.patch(
        f"/api/v1/units/{world.root_unit.id}", headers=world.admin.headers, json={"name": "Dinkes"}
    )
    other = await client.get("/api/v1/audit-log", headers=world.other_admin.headers)
    assert all(e["organization_id"] == str(world.other_org.id) for e in other.json()["items"])
    assert not any(e["entity_id"] == str(world.root_unit.id) for e in other.json()["items"])
    assert_problem(await client.get("/api/v1/audit-log", headers=world.staff.headers), 403)


async def test_passwords_never_reach_the_audit_log(client: httpx.AsyncClient, world: World) -> None:
    await client.post(
        f"/api/v1/users/{world.staff.id}/password-reset",
        headers=world.admin.headers,
        json={"new_password": "Sementara-2026x"},
    )
    log = await client.get(
        "/api/v1/audit-log", headers=world.admin.headers, params={"entity_type": "users"}
    )
    entry = next(e for e in log.json()["items"] if e["action"] == "update")
    assert entry["after"]["password_hash"] == "***"
    assert entry["reason"] == "admin password reset"
    assert "argon2" not in log.text


async def test_audit_log_refuses_update_and_delete(app: Any, world: World) -> None:
    from sqlalchemy.exc import DBAPIError

    async with app.state.sessionmaker() as s:
        before = await s.scalar(select(func.count()).select_from(AuditLog))
        s.add(Unit(organization_id=world.org.id, code="AUD", name="Audit"))
        await s.commit()
        rows = await s.scalar(select(func.count()).select_from(AuditLog))
    assert rows == (before or 0) + 1
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        async with app.state.sessionmaker() as s:
            with pytest.raises(DBAPIError, match="append-only"):
                await s.execute(text(statement))
            await s.rollback()
    async with app.state.sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(AuditLog)) == rows


# ---- health and metrics -----------------------------------------------------------------


async def test_health_and_metrics(client: httpx.AsyncClient, world: World) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok", "database": None}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"
    unit = await client.get(f"/api/v1/units/{world.root_unit.id}", headers=world.admin.headers)
    assert unit.status_code == 200
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    # Routes are labelled by their template (bounded label values), not the concrete path.
    for route, status in (("/health/ready", 200), ("/api/v1/units/{unit_id}", 200)):
        assert (
            f'kinerja_http_requests_total{{method="GET",route="{route}",status="{status}"}}'
            in metrics.text
        ), route


@pytest.mark.settings(database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none")
async def test_ready_is_503_when_database_is_unreachable(client: httpx.AsyncClient) -> None:
    r = await client.get("/health/ready")
    assert_problem(r, 503, "service_unavailable")
    assert r.headers["retry-after"]
    login = await client.post("/api/v1/auth/token", data={"username": "a", "password": "b"})
    assert_problem(login, 503, "service_unavailable")


def test_default_secret_is_refused_outside_development() -> None:
    with pytest.raises(ValueError, match="KINERJA_SECRET_KEY"):
        Settings(environment="production")
    with pytest.raises(ValueError, match="KINERJA_SECRET_KEY"):
        Settings(environment="production", secret_key="short")
    assert (
        Settings(environment="production", secret_key=uuid.uuid4().hex * 2).environment
        == "production"
    )
    assert Settings(environment="development").secret_key


async def test_sqlite_reads_do_not_wait_for_a_writer(
    client: httpx.AsyncClient, world: World, app: Any, settings: Settings
) -> None:
    """A long write transaction must not stall GET requests on the embedded database."""
    if not settings.is_sqlite:
        pytest.skip("PostgreSQL readers never wait for writers")
    async with app.state.sessionmaker() as writer:
        writer.add(Unit(organization_id=world.org.id, code="LAMBAT", name="Transaksi panjang"))
        await writer.flush()  # holds the write lock until rollback
        r = await asyncio.wait_for(
            client.get(f"/api/v1/organizations/{world.org.id}/units", headers=world.staff.headers),
            timeout=5,
        )
        assert r.status_code == 200
        assert "LAMBAT" not in r.text  # uncommitted rows stay invisible
        await writer.rollback()
