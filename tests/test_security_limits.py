"""Limits an outside tester got around (issue 19): every spelling of one account shares one
lockout, guessing the current password is limited like signing in, and throttles count an
IPv6 network and believe forwarded addresses only from trusted proxies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest import Factory, assert_problem
from kinerja_api.core.clientaddr import client_address, throttle_key
from test_auth import bearer, login


@pytest.mark.settings(lockout_failures=3, login_rate_per_account=100)
async def test_all_spellings_of_an_account_share_one_lockout(factory: Factory, app: Any) -> None:
    """``test_lockout_after_repeated_failures`` used one spelling (the username) throughout;
    the counter was keyed on the typed text, so the NIP, or the NIP with a tab or spaces
    inside, was a fresh budget and even signed in while the username was locked."""
    org = await factory.org()
    nip = "198501012010011001"
    employee = await factory.employee(org, nip=nip)
    await factory.user(org, username="kunci", email="kunci@example.go.id", employee_id=employee.id)
    spellings = [
        f"{nip[:8]} {nip[8:14]} {nip[14:]}",
        f"{nip[:8]}\t{nip[8:]}",
        "KUNCI@example.go.id",
    ]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for spelling in spellings:
            assert_problem(await login(c, spelling, "salah-lagi-123"), 401, "invalid_credentials")
        for spelling in ["kunci", nip, f" {nip} ", "kunci@example.go.id"]:
            assert_problem(await login(c, spelling), 429, "account_locked")


@pytest.mark.settings(lockout_failures=3, login_rate_per_account=100)
async def test_unknown_nip_spellings_share_one_lockout(factory: Factory, app: Any) -> None:
    """An NIP that belongs to nobody locks the same way whatever its spacing (no oracle)."""
    nip = "199001012015011001"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for spelling in [nip, f"{nip[:9]} {nip[9:]}", f"\t{nip[:4]}  {nip[4:]}"]:
            assert_problem(await login(c, spelling, "salah-lagi-123"), 401)
        assert_problem(await login(c, f"{nip[:2]} {nip[2:]}"), 429, "account_locked")


@pytest.mark.settings(lockout_failures=3, login_rate_per_account=100)
async def test_guessing_the_current_password_locks_like_sign_in(factory: Factory, app: Any) -> None:
    """There was no limit at all: 25 wrong ``current_password`` were 25 × 422."""
    org = await factory.org()
    user = await factory.user(org, username="tebak")
    token = await factory.token(user)
    body = {"current_password": "tebakan-salah-1", "new_password": "Sandi-Baru-Sekali-77"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for _ in range(3):
            r = await c.post("/api/v1/auth/password", json=body, headers=bearer(token))
            assert_problem(r, 422, "validation_failed")
        r = await c.post("/api/v1/auth/password", json=body, headers=bearer(token))
        locked = assert_problem(r, 429, "account_locked")
        assert int(r.headers["retry-after"]) >= 1
        assert locked["detail"]
        # The same counter guards signing in.
        assert_problem(await login(c, "tebak"), 429, "account_locked")


@pytest.mark.settings(login_rate_per_ip=3, lockout_failures=100, login_rate_per_account=100)
async def test_ipv6_clients_are_throttled_per_network(app: Any) -> None:
    """25 addresses of one /64 each had their own budget; another /64 still has its own."""

    async def attempt(address: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=(address, 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return await login(c, "siapa", "salah-123456")

    for i in range(3):
        assert_problem(await attempt(f"2001:db8:1:2::{i + 1}"), 401)
    assert_problem(await attempt("2001:db8:1:2:ffff::9"), 429, "rate_limited")
    assert_problem(await attempt("2001:db8:1:3::1"), 401)


@pytest.mark.settings(login_rate_per_ip=2, lockout_failures=100, login_rate_per_account=100)
async def test_forwarded_for_counts_only_from_trusted_proxies(app: Any) -> None:
    """Without ``KINERJA_TRUSTED_PROXIES`` a rotating X-Forwarded-For changes nothing."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        for i in range(2):
            r = await c.post(
                "/api/v1/auth/token",
                data={"username": "x", "password": "salah-123456"},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
            )
            assert_problem(r, 401)
        r = await c.post(
            "/api/v1/auth/token",
            data={"username": "x", "password": "salah-123456"},
            headers={"X-Forwarded-For": "203.0.113.99"},
        )
        assert_problem(r, 429, "rate_limited")


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("198.51.100.7", None, [], "198.51.100.7"),
        ("198.51.100.7", "203.0.113.1", [], "198.51.100.7"),  # untrusted peer: header ignored
        ("10.0.0.2", "203.0.113.1", ["10.0.0.0/8"], "203.0.113.1"),
        # The client prepends lies; the right-most untrusted hop is the one the proxy saw.
        ("10.0.0.2", "1.2.3.4, 203.0.113.1", ["10.0.0.0/8"], "203.0.113.1"),
        ("10.0.0.2", "203.0.113.1, 10.0.0.9", ["10.0.0.0/8"], "203.0.113.1"),
        ("10.0.0.2", "garbage", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "[2001:db8::1]:443", ["10.0.0.0/8"], "2001:db8::1"),
    ],
)
def test_client_address_table(
    peer: str, forwarded: str | None, trusted: list[str], expected: str
) -> None:
    assert client_address(peer, forwarded, trusted) == expected


@pytest.mark.parametrize(
    ("address", "prefix", "key"),
    [
        ("198.51.100.7", 64, "198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64"),
        ("2001:db8:1:2:3:4:5:6", 56, "2001:db8:1::/56"),
        ("2001:db8:1:2:3:4:5:6", 128, "2001:db8:1:2:3:4:5:6/128"),
        ("::ffff:198.51.100.7", 64, "198.51.100.7"),
        ("unknown", 64, "unknown"),
    ],
)
def test_throttle_key_table(address: str, prefix: int, key: str) -> None:
    assert throttle_key(address, prefix) == key
