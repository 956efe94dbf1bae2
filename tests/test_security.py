"""Security headers, CORS from settings, secrets only from the environment, and no secrets in
the logs. (Tokens: test_auth.py; concurrency: test_concurrency.py.)"""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from conftest import PASSWORD, World, assert_problem
from kinerja_api.core.config import Settings
from kinerja_api.core.logging import JsonFormatter
from kinerja_api.main import DOCS_CSP, create_app
from test_cli import run

ALLOWED = "https://kinerja.palukota.go.id"
OTHER = "https://kinerja-palu.example.com"


@pytest.fixture
async def cors_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"cors_origins": [ALLOWED]}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    await app.state.engine.dispose()


def _preflight(origin: str, method: str = "PATCH") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, if-match, idempotency-key",
    }


# ---- CORS ----------------------------------------------------------------------------------


async def test_cors_allows_only_the_configured_origins(
    cors_client: httpx.AsyncClient, world: World
) -> None:
    url = f"/api/v1/units/{world.root_unit.id}"
    ok = await cors_client.options(url, headers=_preflight(ALLOWED))
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == ALLOWED
    assert "PATCH" in ok.headers["access-control-allow-methods"]
    allowed_headers = ok.headers["access-control-allow-headers"].lower()
    for name in ("authorization", "if-match", "idempotency-key"):
        assert name in allowed_headers
    read = await cors_client.get(url, headers={**world.admin.headers, "Origin": ALLOWED})
    assert read.status_code == 200
    assert read.headers["access-control-allow-origin"] == ALLOWED
    exposed = read.headers["access-control-expose-headers"].lower()
    assert "etag" in exposed
    assert "x-request-id" in exposed

    refused = await cors_client.options(url, headers=_preflight(OTHER))
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    other = await cors_client.get(url, headers={**world.admin.headers, "Origin": OTHER})
    assert other.status_code == 200  # not a browser: the answer, but no permission to read it
    assert "access-control-allow-origin" not in other.headers
    # A problem document to an allowed origin is readable too (the client can show it).
    problem = await cors_client.get(url, headers={"Origin": ALLOWED})
    assert_problem(problem, 401)
    assert problem.headers["access-control-allow-origin"] == ALLOWED


async def test_no_cors_without_configured_origins(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/units/{world.root_unit.id}"
    for origin in (ALLOWED, OTHER, "null"):
        r = await client.get(url, headers={**world.admin.headers, "Origin": origin})
        assert r.status_code == 200
        assert not any(h.startswith("access-control-") for h in r.headers)
        pre = await client.options(url, headers=_preflight(origin))
        assert "access-control-allow-origin" not in pre.headers


# ---- security headers ----------------------------------------------------------------------

COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
API_ONLY = {
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


async def test_security_headers_on_api_responses(client: httpx.AsyncClient, world: World) -> None:
    responses = [
        await client.get("/api/v1/auth/me", headers=world.staff.headers),  # 200
        await client.get("/api/v1/auth/me"),  # 401 problem
        await client.get("/api/v1/nope", headers=world.staff.headers),  # 404 problem
        await client.post("/api/v1/auth/token", data={"username": "x", "password": "y"}),
    ]
    assert [r.status_code for r in responses] == [200, 401, 404, 401]
    for r in responses:
        for name, value in {**COMMON, **API_ONLY}.items():
            assert r.headers.get_list(name) == [value], (r.url, name)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_security_headers_on_docs(client: httpx.AsyncClient, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    for name, value in COMMON.items():
        assert r.headers.get(name) == value, name
    # The pages run their own scripts from this server only, and may not be framed.
    assert r.headers["content-security-policy"] == DOCS_CSP
    assert "frame-ancestors 'none'" in DOCS_CSP
    assert "http" not in DOCS_CSP  # no CDN
    schema = await client.get("/openapi.json")
    for name, value in COMMON.items():
        assert schema.headers.get(name) == value, name


# ---- secrets only from the environment -----------------------------------------------------


@pytest.mark.parametrize("environment", ["production", "test"])
def test_server_refuses_to_start_with_the_default_secret(environment: str) -> None:
    result = run("serve", "--no-migrate", "--port", "9", env={"KINERJA_ENVIRONMENT": environment})
    assert result.returncode == 1
    assert "KINERJA_SECRET_KEY" in result.stderr
    assert "Swagger UI" not in result.stdout  # refused before serving anything
    assert "Traceback" not in result.stderr


# ---- no secrets in the logs ----------------------------------------------------------------


@pytest.fixture
def app_log(app: Any) -> Iterator[io.StringIO]:
    """Everything the app logs (every level), formatted as in production (JSON lines)."""
    del app  # created first: it configures the "kinerja" logger
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger("kinerja")
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_logs_carry_no_passwords_or_tokens(
    client: httpx.AsyncClient, app: Any, world: World, app_log: io.StringIO
) -> None:
    @app.get("/api/v1/boom-with-secret")
    async def boom() -> None:
        raise RuntimeError("unexpected failure")

    wrong_password = "Salah-Sandi-2026!"
    failed = await client.post(
        "/api/v1/auth/token", data={"username": "perawat.siti", "password": wrong_password}
    )
    assert_problem(failed, 401, "invalid_credentials")
    signed_in = await client.post(
        "/api/v1/auth/token", data={"username": "perawat.siti", "password": PASSWORD}
    )
    tokens = signed_in.json()
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    auth = {"Authorization": f"Bearer {access}"}
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 200
    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
    assert refreshed.status_code == 200
    new_access, new_refresh = refreshed.json()["access_token"], refreshed.json()["refresh_token"]
    reused = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
    assert_problem(reused, 401, "refresh_token_reused")
    new_password = "Imunisasi-Lengkap-95"
    changed = await client.post(
        "/api/v1/auth/password",
        headers=world.staff.headers,
        json={"current_password": PASSWORD, "new_password": new_password},
    )
    assert changed.status_code == 200, changed.text
    crashed = await client.get("/api/v1/boom-with-secret", headers=world.admin.headers)
    assert_problem(crashed, 500, "internal_error")

    log = app_log.getvalue()
    assert "unhandled error" in log  # the 500 was logged (with its traceback) ...
    assert '"path": "/api/v1/auth/token"' in log  # ... and so was every request
    secrets = {
        "password": PASSWORD,
        "wrong password": wrong_password,
        "new password": new_password,
        "access token": access,
        "refresh token": refresh,
        "rotated access token": new_access,
        "rotated refresh token": new_refresh,
        "staff bearer": world.staff.headers["Authorization"].removeprefix("Bearer "),
        "admin bearer": world.admin.headers["Authorization"].removeprefix("Bearer "),
        "password hash": "$argon2",
    }
    for what, value in secrets.items():
        assert value not in log, f"{what} appears in the log"
        # not even the signature part of a token
        if value.count(".") == 2:
            assert value.rsplit(".", 1)[1] not in log, f"{what} signature appears in the log"
