"""Sign-in, tokens, refresh rotation, logout, password rules, throttling and lockout."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from jose import jwt

from conftest import PASSWORD, TEST_SECRET, Factory, World, assert_problem
from kinerja_api.core.config import Settings
from kinerja_api.core.security import create_access_token


async def login(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_login_returns_tokens_that_work(client: httpx.AsyncClient, world: World) -> None:
    r = await login(client, "perawat.siti")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 15 * 60
    claims = jwt.get_unverified_claims(body["access_token"])
    assert {"sub", "exp", "iat", "jti", "sid"} <= claims.keys()
    assert claims["exp"] - claims["iat"] == 15 * 60
    me = await client.get("/api/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["username"] == "perawat.siti"
    assert me.json()["role"] == "staff"
    assert "units:read" in me.json()["permissions"]


async def test_login_by_email_and_case_insensitive(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    org = await factory.org()
    await factory.user(org, username="andi", email="andi@palukota.go.id")
    assert (await login(client, "ANDI@palukota.go.id")).status_code == 200
    assert (await login(client, " Andi ")).status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("perawat.siti", "salah-sekali-123"), ("tidak.ada", PASSWORD), ("perawat.siti", "")],
)
async def test_bad_credentials_are_one_answer(
    client: httpx.AsyncClient, world: World, username: str, password: str
) -> None:
    r = await login(client, username, password)
    if password == "":
        assert_problem(r, 422, "validation_failed")
        return
    body = assert_problem(r, 401, "invalid_credentials")
    assert body["detail"] == "Nama pengguna atau kata sandi salah."
    assert r.headers["www-authenticate"] == "Bearer"


async def test_error_language_follows_accept_language(
    client: httpx.AsyncClient, world: World
) -> None:
    r = await client.post(
        "/api/v1/auth/token",
        data={"username": "x", "password": "y"},
        headers={"Accept-Language": "en-US,en;q=0.9,id;q=0.5"},
    )
    body = assert_problem(r, 401, "invalid_credentials")
    assert body["detail"] == "Incorrect username or password."
    assert r.headers["content-language"] == "en"


async def test_inactive_user_and_inactive_org_cannot_sign_in(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    org = await factory.org()
    await factory.user(org, username="nonaktif", is_active=False)
    assert_problem(await login(client, "nonaktif"), 401, "invalid_credentials")
    closed = await factory.org(is_active=False)
    await factory.user(closed, username="orgtutup")
    assert_problem(await login(client, "orgtutup"), 401, "invalid_credentials")


# ---- token validation -------------------------------------------------------------------


def _forge(claims: dict[str, Any], key: str = TEST_SECRET, alg: str = "HS256") -> str:
    return str(jwt.encode(claims, key, algorithm=alg))


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def _valid_claims(factory: Factory, world: World) -> dict[str, Any]:
    token = await factory.token(world.staff.user)
    return dict(jwt.get_unverified_claims(token))


async def test_expired_token_is_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    claims = await _valid_claims(factory, world)
    claims["iat"] = int(time.time()) - 3600
    claims["nbf"] = claims["iat"]
    claims["exp"] = int(time.time()) - 60
    r = await client.get("/api/v1/auth/me", headers=bearer(_forge(claims)))
    assert_problem(r, 401, "invalid_token")
    assert r.headers["www-authenticate"] == "Bearer"


async def test_not_yet_valid_token_is_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    claims = await _valid_claims(factory, world)
    claims["nbf"] = int(time.time()) + 3600
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer(_forge(claims))), 401, "invalid_token"
    )


async def test_tampered_signature_is_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    token = await factory.token(world.staff.user)
    header, payload, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = str(world.admin.id)  # privilege escalation attempt
    forged = f"{header}.{_b64(claims)}.{sig}"
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer(forged)), 401, "invalid_token"
    )
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer(flipped)), 401, "invalid_token"
    )


async def test_alg_none_is_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    claims = await _valid_claims(factory, world)
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer(unsigned)), 401, "invalid_token"
    )


async def test_wrong_algorithm_and_other_key_are_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    claims = await _valid_claims(factory, world)
    for token in (
        _forge(claims, alg="HS512"),  # same secret, different algorithm
        _forge(claims, key="another-secret-key-0123456789-abcdefgh"),
    ):
        assert_problem(
            await client.get("/api/v1/auth/me", headers=bearer(token)), 401, "invalid_token"
        )


async def test_asymmetric_and_other_hmac_headers_are_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World
) -> None:
    """Key confusion: an RS256 (or HS384) header over a signature made with the shared
    secret; the server decodes with its one configured algorithm only."""
    import hashlib
    import hmac

    claims = await _valid_claims(factory, world)
    for alg in ("RS256", "HS384", "ES256"):
        signing_input = f"{_b64({'alg': alg, 'typ': 'JWT'})}.{_b64(claims)}"
        mac = hmac.new(TEST_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
        token = f"{signing_input}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"
        assert_problem(
            await client.get("/api/v1/auth/me", headers=bearer(token)), 401, "invalid_token"
        )


@pytest.mark.parametrize(
    "change",
    [
        {"exp": None},
        {"iat": None},
        {"sub": None},
        {"sid": None},
        {"jti": None},
        {"typ": None},
        {"typ": "refresh"},
        {"sub": "admin"},
        {"sid": "not-a-uuid"},
    ],
    ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()),
)
async def test_missing_or_malformed_claims_are_rejected(
    client: httpx.AsyncClient, factory: Factory, world: World, change: dict[str, Any]
) -> None:
    claims = await _valid_claims(factory, world)
    assert (
        await client.get("/api/v1/auth/me", headers=bearer(_forge(claims)))
    ).status_code == 200  # the untouched claims do work
    for key, value in change.items():
        if value is None:
            claims.pop(key)
        else:
            claims[key] = value
    r = await client.get("/api/v1/auth/me", headers=bearer(_forge(claims)))
    assert_problem(r, 401, "invalid_token")


async def test_token_for_unknown_session_is_rejected(
    client: httpx.AsyncClient, settings: Settings, world: World
) -> None:
    import uuid

    token, _ = create_access_token(settings, user_id=world.staff.id, session_id=uuid.uuid4())
    assert_problem(await client.get("/api/v1/auth/me", headers=bearer(token)), 401, "invalid_token")


async def test_garbage_and_missing_tokens(client: httpx.AsyncClient, world: World) -> None:
    assert_problem(await client.get("/api/v1/auth/me"), 401, "unauthorized")
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer("abc.def")), 401, "invalid_token"
    )
    assert_problem(
        await client.get("/api/v1/organizations", headers={"Authorization": "Basic eDp5"}), 401
    )


# ---- refresh, logout --------------------------------------------------------------------


async def test_refresh_rotates_and_reuse_revokes_the_family(
    client: httpx.AsyncClient, world: World
) -> None:
    first = (await login(client, "perawat.siti")).json()
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert (
        await client.get("/api/v1/auth/me", headers=bearer(second["access_token"]))
    ).status_code == 200

    # The rotated token is presented again: theft is assumed, the whole sign-in ends.
    reuse = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert_problem(reuse, 401, "refresh_token_reused")
    after = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert_problem(after, 401, "invalid_refresh_token")
    me = await client.get("/api/v1/auth/me", headers=bearer(second["access_token"]))
    assert_problem(me, 401, "session_revoked")


async def test_refresh_with_unknown_token(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 40})
    assert_problem(r, 401, "invalid_refresh_token")


async def test_logout_revokes_access_and_refresh(client: httpx.AsyncClient, world: World) -> None:
    a = (await login(client, "perawat.siti")).json()
    b = (await login(client, "perawat.siti")).json()
    r = await client.post("/api/v1/auth/logout", headers=bearer(a["access_token"]))
    assert r.status_code == 204
    assert_problem(await client.get("/api/v1/auth/me", headers=bearer(a["access_token"])), 401)
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": a["refresh_token"]}
    )
    assert_problem(refreshed, 401)
    # The other sign-in is untouched until logout of all sessions.
    assert (
        await client.get("/api/v1/auth/me", headers=bearer(b["access_token"]))
    ).status_code == 200
    c = (await login(client, "perawat.siti")).json()
    r = await client.post(
        "/api/v1/auth/logout", headers=bearer(c["access_token"]), json={"all_sessions": True}
    )
    assert r.status_code == 204
    assert_problem(await client.get("/api/v1/auth/me", headers=bearer(b["access_token"])), 401)


async def test_change_password_ends_other_sessions(client: httpx.AsyncClient, world: World) -> None:
    old = (await login(client, "perawat.siti")).json()
    r = await client.post(
        "/api/v1/auth/password",
        headers=bearer(old["access_token"]),
        json={"current_password": PASSWORD, "new_password": "Imunisasi-Lengkap-95"},
    )
    assert r.status_code == 200, r.text
    fresh = r.json()
    assert_problem(await client.get("/api/v1/auth/me", headers=bearer(old["access_token"])), 401)
    assert (
        await client.get("/api/v1/auth/me", headers=bearer(fresh["access_token"]))
    ).status_code == 200
    assert_problem(await login(client, "perawat.siti"), 401, "invalid_credentials")
    assert (await login(client, "perawat.siti", "Imunisasi-Lengkap-95")).status_code == 200
    # The old sign-in's refresh token died with it; the new one works.
    stale = await client.post("/api/v1/auth/refresh", json={"refresh_token": old["refresh_token"]})
    assert_problem(stale, 401, "invalid_refresh_token")
    renewed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": fresh["refresh_token"]}
    )
    assert renewed.status_code == 200, renewed.text


@pytest.mark.parametrize(
    ("new_password", "expected_types"),
    [
        ("pendek1", {"password_policy"}),
        ("hanyahurufsaja", {"password_policy"}),
        ("1234567890123", {"password_policy"}),
        ("perawat.siti-2026", {"password_policy"}),  # contains the username
        (PASSWORD, {"password_reused"}),
    ],
)
async def test_password_rules(
    client: httpx.AsyncClient, world: World, new_password: str, expected_types: set[str]
) -> None:
    r = await client.post(
        "/api/v1/auth/password",
        headers=world.staff.headers,
        json={"current_password": PASSWORD, "new_password": new_password},
    )
    body = assert_problem(r, 422, "validation_failed")
    assert {e["type"] for e in body["errors"]} == expected_types
    assert all(e["field"] == "new_password" for e in body["errors"])


async def test_change_password_requires_current(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post(
        "/api/v1/auth/password",
        headers={**world.staff.headers, "Accept-Language": "en"},
        json={"current_password": "wrong-password-1", "new_password": "Imunisasi-Lengkap-95"},
    )
    body = assert_problem(r, 422)
    assert body["errors"] == [
        {
            "location": "body",
            "field": "current_password",
            "message": "Current password is wrong",
            "type": "wrong_password",
        }
    ]


async def test_admin_reset_forces_password_change(client: httpx.AsyncClient, world: World) -> None:
    session = (await login(client, "perawat.siti")).json()
    r = await client.post(
        f"/api/v1/users/{world.staff.id}/password-reset",
        headers=world.admin.headers,
        json={"new_password": "Sementara-2026x"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["must_change_password"] is True
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer(session["access_token"])), 401
    )
    temp = (await login(client, "perawat.siti", "Sementara-2026x")).json()
    # Until the password is changed, only the own-account endpoints work.
    blocked = await client.get("/api/v1/organizations", headers=bearer(temp["access_token"]))
    assert_problem(blocked, 403, "password_change_required")
    assert (
        await client.get("/api/v1/auth/me", headers=bearer(temp["access_token"]))
    ).status_code == 200
    changed = await client.post(
        "/api/v1/auth/password",
        headers=bearer(temp["access_token"]),
        json={"current_password": "Sementara-2026x", "new_password": "Milik-Sendiri-2026"},
    )
    assert changed.status_code == 200
    ok = await client.get("/api/v1/organizations", headers=bearer(changed.json()["access_token"]))
    assert ok.status_code == 200


async def test_reset_is_tenant_isolated(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post(
        f"/api/v1/users/{world.staff.id}/password-reset",
        headers=world.other_admin.headers,
        json={"new_password": "Sementara-2026x"},
    )
    assert_problem(r, 404, "not_found")
    r = await client.post(
        f"/api/v1/users/{world.staff.id}/password-reset",
        headers=world.supervisor.headers,
        json={"new_password": "Sementara-2026x"},
    )
    assert_problem(r, 403, "forbidden")


async def test_deactivated_user_token_stops_working(
    client: httpx.AsyncClient, world: World
) -> None:
    signed_in = (await login(client, "perawat.siti")).json()
    r = await client.patch(
        f"/api/v1/users/{world.staff.id}", headers=world.admin.headers, json={"is_active": False}
    )
    assert r.status_code == 200, r.text
    assert_problem(await client.get("/api/v1/auth/me", headers=world.staff.headers), 401)
    assert_problem(
        await client.get("/api/v1/auth/me", headers=bearer(signed_in["access_token"])), 401
    )
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in["refresh_token"]}
    )
    assert_problem(refreshed, 401, "invalid_refresh_token")


async def test_deactivated_organization_tokens_stop_working(
    client: httpx.AsyncClient, world: World
) -> None:
    signed_in = (await login(client, "perawat.siti")).json()
    assert (await client.get("/api/v1/auth/me", headers=world.staff.headers)).status_code == 200
    r = await client.patch(
        f"/api/v1/organizations/{world.org.id}",
        headers=world.platform.headers,
        json={"is_active": False},
    )
    assert r.status_code == 200, r.text
    for headers in (world.staff.headers, world.admin.headers, bearer(signed_in["access_token"])):
        assert_problem(
            await client.get("/api/v1/auth/me", headers=headers), 401, "account_inactive"
        )
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in["refresh_token"]}
    )
    assert_problem(refreshed, 401, "invalid_refresh_token")
    # The other organization is unaffected.
    assert (
        await client.get("/api/v1/auth/me", headers=world.other_admin.headers)
    ).status_code == 200


# ---- throttling and lockout -------------------------------------------------------------


@pytest.mark.settings(lockout_failures=3, lockout_seconds=600)
async def test_lockout_after_repeated_failures(factory: Factory, app: Any) -> None:
    org = await factory.org()
    await factory.user(org, username="target")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        for _ in range(3):
            assert_problem(await login(c, "target", "salah-lagi-123"), 401, "invalid_credentials")
        locked = await login(c, "target")  # even the right password is refused now
        body = assert_problem(locked, 429, "account_locked")
        assert 590 <= int(locked.headers["retry-after"]) <= 600
        assert "600" in body["detail"] or "59" in body["detail"]
        # Unknown accounts lock the same way: no hint about which accounts exist.
        for _ in range(3):
            await login(c, "hantu", "salah-lagi-123")
        assert_problem(await login(c, "hantu"), 429, "account_locked")


@pytest.mark.settings(lockout_failures=3)
async def test_successful_login_resets_failure_count(factory: Factory, app: Any) -> None:
    org = await factory.org()
    await factory.user(org, username="lupa")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for _ in range(2):
            await login(c, "lupa", "salah-lagi-123")
        assert (await login(c, "lupa")).status_code == 200
        for _ in range(2):
            await login(c, "lupa", "salah-lagi-123")
        assert (await login(c, "lupa")).status_code == 200


@pytest.mark.settings(login_rate_per_ip=4, lockout_failures=100)
async def test_throttle_per_ip(factory: Factory, app: Any) -> None:
    ip_a = httpx.ASGITransport(app=app, client=("198.51.100.1", 1))
    ip_b = httpx.ASGITransport(app=app, client=("198.51.100.2", 1))
    async with (
        httpx.AsyncClient(transport=ip_a, base_url="http://t") as a,
        httpx.AsyncClient(transport=ip_b, base_url="http://t") as b,
    ):
        for i in range(4):
            assert_problem(await login(a, f"u{i}", "salah-123456"), 401)
        r = await login(a, "u9", "salah-123456")
        assert_problem(r, 429, "rate_limited")
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert_problem(await login(b, "u9", "salah-123456"), 401)  # other IP unaffected


@pytest.mark.settings(login_rate_per_account=3, lockout_failures=100)
async def test_throttle_per_account_across_ips(factory: Factory, app: Any) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for i in range(3):
            c._transport = httpx.ASGITransport(app=app, client=(f"198.51.100.{i}", 1))
            assert_problem(await login(c, "korban", "salah-123456"), 401)
        c._transport = httpx.ASGITransport(app=app, client=("198.51.100.99", 1))
        assert_problem(await login(c, "korban", "salah-123456"), 429, "rate_limited")


def test_access_token_lifetime_claims(settings: Settings) -> None:
    import uuid

    now = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    token, ttl = create_access_token(
        settings, user_id=uuid.uuid4(), session_id=uuid.uuid4(), now=now
    )
    claims = jwt.get_unverified_claims(token)
    assert ttl == 900
    assert claims["iat"] == int(now.timestamp())
    assert claims["exp"] == int((now + timedelta(minutes=15)).timestamp())
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


async def test_users_are_managed_by_admins(client: httpx.AsyncClient, world: World) -> None:
    body = {
        "username": "Nurul.Huda",
        "email": "nurul@palukota.go.id",
        "full_name": "Nurul Huda, S.Kep",
        "role": "staff",
        "password": "Awal-Kerja-2026",
    }
    url = f"/api/v1/organizations/{world.org.id}/users"
    r = await client.post(url, headers=world.admin.headers, json=body)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["username"] == "nurul.huda"
    assert created["must_change_password"] is True
    assert r.headers["location"] == f"/api/v1/users/{created['id']}"
    assert_problem(
        await client.post(url, headers=world.admin.headers, json=body), 409, "account_exists"
    )
    assert_problem(await client.post(url, headers=world.staff.headers, json=body), 403, "forbidden")
    other = f"/api/v1/organizations/{world.other_org.id}/users"
    assert_problem(await client.post(other, headers=world.admin.headers, json=body), 404)
    platform = {**body, "username": "x.platform", "email": None, "role": "platform_admin"}
    assert_problem(
        await client.post(url, headers=world.admin.headers, json=platform),
        403,
        "role_not_assignable",
    )
    listing = await client.get(url, headers=world.admin.headers, params={"role": "staff"})
    assert {u["username"] for u in listing.json()["items"]} == {"perawat.siti", "nurul.huda"}


async def test_admin_cannot_demote_self(client: httpx.AsyncClient, world: World) -> None:
    r = await client.patch(
        f"/api/v1/users/{world.admin.id}", headers=world.admin.headers, json={"role": "staff"}
    )
    assert_problem(r, 403, "self_modification")


async def test_me_reads_the_account_once(app: Any, client: httpx.AsyncClient, world: World) -> None:
    """The token check already loads the account; ``/auth/me`` reuses it (one SELECT)."""
    from sqlalchemy import event

    selects: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        r = await client.get("/api/v1/auth/me", headers=world.staff.headers)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert r.status_code == 200, r.text
    assert r.json()["username"] == world.staff.user.username
    assert len(selects) == 1, selects
