"""Service accounts: client credentials at the token endpoint, scopes, tenant isolation,
rotation with a grace period, revocation, last use; they never act as a person."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conftest import Account, Palu, World, assert_problem, audit_rows
from kinerja_api.auth.models import Role
from kinerja_api.auth.permissions import SERVICE_SCOPES, Perm
from kinerja_api.core.audit import AuditLog
from kinerja_api.integration import rules
from kinerja_api.integration.models import ServiceAccountSecret

API = "/api/v1"


async def create(
    client: httpx.AsyncClient, admin: Account, org_id: Any, scopes: list[str], name: str = "SIMPEG"
) -> dict[str, Any]:
    r = await client.post(
        f"{API}/organizations/{org_id}/service-accounts",
        headers=admin.headers,
        json={"name": name, "scopes": scopes},
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def grant(
    client: httpx.AsyncClient, client_id: str, secret: str, scope: str | None = None
) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if scope is not None:
        data["scope"] = scope
    return await client.post(f"{API}/auth/token", data=data)


async def bearer(client: httpx.AsyncClient, created: dict[str, Any]) -> dict[str, str]:
    r = await grant(client, created["client_id"], created["client_secret"])
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


# ---- rules as tables ----------------------------------------------------------------------

#: Permissions that act as a person: no scope may carry one.
PERSONAL = {
    Perm.SKP_WRITE,
    Perm.SKP_ADMIN,
    Perm.ACTIVITIES_WRITE,
    Perm.ACTIVITIES_REVIEW,
    Perm.APPRAISALS_WRITE,
    Perm.APPRAISALS_ADMIN,
    Perm.USERS_MANAGE,
    Perm.SERVICE_ACCOUNTS_MANAGE,
    Perm.ORGANIZATIONS_MANAGE,
    Perm.EMPLOYEES_TRANSFER,
}


@pytest.mark.parametrize("scope", sorted(SERVICE_SCOPES))
def test_no_scope_acts_as_a_person(scope: str) -> None:
    assert not SERVICE_SCOPES[scope] & PERSONAL


@pytest.mark.parametrize(
    ("held", "requested", "granted"),
    [
        (["results:read"], "", ["results:read"]),
        (["employees:read", "results:read"], "results:read", ["results:read"]),
        (["employees:read", "results:read"], "", ["employees:read", "results:read"]),
        (["results:read"], "employees:read", None),
        (["results:read"], "results:read employees:write", None),
    ],
)
def test_granted_scopes(held: list[str], requested: str, granted: list[str] | None) -> None:
    assert rules.granted_scopes(held, requested) == granted


# ---- the scope matrix ---------------------------------------------------------------------


def _probes(palu: Palu) -> dict[str, tuple[str, str, dict[str, Any] | None]]:
    """One operation per scope: (method, path, body)."""
    return {
        "employees:read": ("GET", f"{API}/organizations/{palu.org.id}/employees", None),
        "employees:write": (
            "PATCH",
            f"{API}/employees/{palu.siti.employee_id}",
            {"phone": "081234567890"},
        ),
        "activities:read": (
            "GET",
            f"{API}/employees/{palu.siti.employee_id}/activity-summary?month=2026-03",
            None,
        ),
        "appraisals:read": ("GET", f"{API}/appraisals", None),
        "results:read": ("GET", f"{API}/organizations/{palu.org.id}", None),
    }


async def test_scope_matrix(client: httpx.AsyncClient, palu: Palu) -> None:
    """An account holding one scope passes exactly the operations of that scope."""
    probes = _probes(palu)
    # results:read only reads the organization itself here; its feed has tests of its own.
    implied = {"employees:write": {"employees:read"}, "results:read": set()}
    wrong = []
    for i, scope in enumerate(sorted(SERVICE_SCOPES)):
        created = await create(client, palu.admin, palu.org.id, [scope], name=f"Sistem {i}")
        headers = await bearer(client, created)
        for probe, (method, path, body) in probes.items():
            r = await client.request(method, path, headers=headers, json=body)
            allowed = probe == scope or probe in implied.get(scope, set())
            allowed = allowed or (probe == "results:read")  # reading one's organization
            if (r.status_code < 300) != allowed or r.status_code >= 500:
                wrong.append(f"{scope} → {probe}: {r.status_code} {r.text[:120]}")
    assert not wrong, "\n".join(wrong)


async def test_never_acts_as_a_person(client: httpx.AsyncClient, palu: Palu) -> None:
    created = await create(client, palu.admin, palu.org.id, sorted(SERVICE_SCOPES))
    headers = await bearer(client, created)
    siti = palu.siti.employee_id
    attempts = [
        ("POST", f"{API}/skp", {"year": 2026}),
        ("POST", f"{API}/activity-reports", {}),
        ("POST", f"{API}/activity-reports/batch-approve", {"items": []}),
        ("POST", f"{API}/appraisal-periods", {}),
        ("POST", f"{API}/employees/{siti}/transfer-requests", {}),
        ("POST", f"{API}/transfer-requests/{siti}/accept", None),
        ("POST", f"{API}/organizations/{palu.org.id}/service-accounts", {"name": "x"}),
        ("POST", f"{API}/auth/password", {"current_password": "x", "new_password": "y"}),
    ]
    for method, path, body in attempts:
        r = await client.request(method, path, headers=headers, json=body)
        assert r.status_code == 403, f"{method} {path}: {r.status_code} {r.text}"


# ---- credentials --------------------------------------------------------------------------


async def test_secret_shown_once_and_stored_hashed(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: Any
) -> None:
    created = await create(client, palu.admin, palu.org.id, ["employees:read"])
    secret = created["client_secret"]
    assert secret.startswith(rules.SECRET_PREFIX)
    assert created["client_id"].startswith(rules.CLIENT_ID_PREFIX)
    account_id = created["service_account"]["id"]
    read = await client.get(f"{API}/service-accounts/{account_id}", headers=palu.admin.headers)
    listed = await client.get(
        f"{API}/organizations/{palu.org.id}/service-accounts", headers=palu.admin.headers
    )
    for r in (read, listed):
        assert r.status_code == 200
        assert secret not in r.text
    assert len(read.json()["secrets"]) == 1
    async with sessionmaker() as s:
        stored = list(await s.scalars(select(ServiceAccountSecret.secret_hash)))
        assert secret not in stored
        assert all(len(h) == 64 for h in stored)
        audit = list(await s.scalars(select(AuditLog)))
    assert all(secret not in str(a.after) and stored[0] not in str(a.after) for a in audit)
    assert await audit_rows(sessionmaker, "service_accounts", account_id)


async def test_client_credentials_token(client: httpx.AsyncClient, palu: Palu) -> None:
    created = await create(client, palu.admin, palu.org.id, ["employees:read", "results:read"])
    cid, secret = created["client_id"], created["client_secret"]
    r = await grant(client, cid, secret)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer"
    assert "refresh_token" not in body
    assert body["scope"] == "employees:read results:read"
    # A narrower token: only what was asked for.
    narrow = await grant(client, cid, secret, scope="results:read")
    assert narrow.json()["scope"] == "results:read"
    headers = {"Authorization": f"Bearer {narrow.json()['access_token']}"}
    r = await client.get(f"{API}/organizations/{palu.org.id}/employees", headers=headers)
    assert_problem(r, 403)
    # HTTP Basic client authentication.
    basic = base64.b64encode(f"{cid}:{secret}".encode()).decode()
    r = await client.post(
        f"{API}/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert r.status_code == 200, r.text
    me = await client.get(
        f"{API}/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.json()["role"] == "service"
    assert set(me.json()["permissions"]) == {p.value for p in SERVICE_SCOPES["employees:read"]} | {
        p.value for p in SERVICE_SCOPES["results:read"]
    }
    # Refusals.
    assert_problem(await grant(client, cid, secret + "x"), 401, "invalid_client")
    assert_problem(await grant(client, "ksa_nope", secret), 401, "invalid_client")
    bad_scope = await grant(client, cid, secret, scope="employees:write")
    body = assert_problem(bad_scope, 422)
    assert body["errors"][0]["field"] == "scope"
    missing = await client.post(f"{API}/auth/token", data={"grant_type": "client_credentials"})
    assert_problem(missing, 422)
    # The service account's own account row cannot sign in with a password.
    r = await client.post(f"{API}/auth/token", data={"username": cid, "password": secret})
    assert_problem(r, 401, "invalid_credentials")


async def test_last_used(client: httpx.AsyncClient, palu: Palu) -> None:
    created = await create(client, palu.admin, palu.org.id, ["employees:read"])
    assert created["service_account"]["last_used_at"] is None
    await bearer(client, created)
    r = await client.get(
        f"{API}/service-accounts/{created['service_account']['id']}", headers=palu.admin.headers
    )
    assert r.json()["last_used_at"] is not None
    assert r.json()["last_used_ip"] == "203.0.113.10"  # the test client's address


async def test_other_instansi_is_invisible(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Any
) -> None:
    other_admin = world.other_admin
    mine = await create(client, palu.admin, palu.org.id, sorted(SERVICE_SCOPES))
    theirs = await create(client, other_admin, world.other_org.id, sorted(SERVICE_SCOPES))
    headers = await bearer(client, theirs)
    for path in (
        f"{API}/organizations/{palu.org.id}/employees",
        f"{API}/employees/{palu.siti.employee_id}",
        f"{API}/employees/{palu.siti.employee_id}/activity-summary?month=2026-03",
        f"{API}/organizations/{palu.org.id}",
    ):
        assert_problem(await client.get(path, headers=headers), 404)
    r = await client.patch(
        f"{API}/employees/{palu.siti.employee_id}", headers=headers, json={"phone": "081234567890"}
    )
    assert_problem(r, 404)
    # The other organization's admin does not see, rotate or revoke this one.
    sa = mine["service_account"]["id"]
    for method, path in (
        ("GET", f"{API}/service-accounts/{sa}"),
        ("POST", f"{API}/service-accounts/{sa}/rotate-secret"),
        ("POST", f"{API}/service-accounts/{sa}/revoke"),
    ):
        r = await client.request(method, path, headers=other_admin.headers, json={})
        assert_problem(r, 404)
    # Its appraisals list is its own organization's only (empty here).
    r = await client.get(f"{API}/appraisals", headers=headers)
    assert r.status_code == 200
    assert r.json()["items"] == []


async def test_rotation_with_grace_period(client: httpx.AsyncClient, palu: Palu) -> None:
    created = await create(client, palu.admin, palu.org.id, ["employees:read"])
    sa, cid, old = created["service_account"]["id"], created["client_id"], created["client_secret"]
    token_before = await bearer(client, created)
    r = await client.post(
        f"{API}/service-accounts/{sa}/rotate-secret",
        headers=palu.admin.headers,
        json={"grant_minutes": 60},
    )
    assert_problem(r, 422)  # unknown field
    r = await client.post(
        f"{API}/service-accounts/{sa}/rotate-secret",
        headers=palu.admin.headers,
        json={"grace_minutes": 60},
    )
    assert r.status_code == 200, r.text
    new = r.json()["client_secret"]
    assert new != old
    assert r.json()["client_id"] == cid
    secrets = r.json()["service_account"]["secrets"]
    assert len(secrets) == 2
    assert sum(s["expires_at"] is None for s in secrets) == 1
    # Both work during the grace period; tokens already issued keep working.
    assert (await grant(client, cid, old)).status_code == 200
    assert (await grant(client, cid, new)).status_code == 200
    employees = f"{API}/organizations/{palu.org.id}/employees"
    assert (await client.get(employees, headers=token_before)).status_code == 200
    # Rotating again without grace: only the newest secret works, at once.
    r = await client.post(
        f"{API}/service-accounts/{sa}/rotate-secret",
        headers=palu.admin.headers,
        json={"grace_minutes": 0},
    )
    newest = r.json()["client_secret"]
    assert_problem(await grant(client, cid, old), 401, "invalid_client")
    assert_problem(await grant(client, cid, new), 401, "invalid_client")
    assert (await grant(client, cid, newest)).status_code == 200
    assert len(r.json()["service_account"]["secrets"]) == 1


async def test_revocation_and_scope_change_end_tokens(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    created = await create(client, palu.admin, palu.org.id, ["employees:read"])
    sa = created["service_account"]["id"]
    employees = f"{API}/organizations/{palu.org.id}/employees"
    headers = await bearer(client, created)
    # Changing the scopes ends the tokens issued with the old ones.
    read = await client.get(f"{API}/service-accounts/{sa}", headers=palu.admin.headers)
    r = await client.patch(
        f"{API}/service-accounts/{sa}",
        headers={**palu.admin.headers, "If-Match": read.headers["etag"]},
        json={"scopes": ["employees:read", "results:read"]},
    )
    assert r.status_code == 200, r.text
    assert r.json()["scopes"] == ["employees:read", "results:read"]
    assert_problem(await client.get(employees, headers=headers), 401)
    headers = await bearer(client, created)
    assert (await client.get(employees, headers=headers)).status_code == 200
    # Revoking: tokens and secrets stop at once; the account stays listed, inactive.
    r = await client.post(f"{API}/service-accounts/{sa}/revoke", headers=palu.admin.headers)
    assert r.status_code == 200
    assert r.json()["is_active"] is False
    assert r.json()["secrets"] == []
    assert_problem(await client.get(employees, headers=headers), 401)
    assert_problem(
        await grant(client, created["client_id"], created["client_secret"]), 401, "invalid_client"
    )
    r = await client.post(
        f"{API}/service-accounts/{sa}/rotate-secret", headers=palu.admin.headers, json={}
    )
    assert_problem(r, 409, "service_account_revoked")


async def test_not_managed_as_a_user(client: httpx.AsyncClient, palu: Palu) -> None:
    created = await create(client, palu.admin, palu.org.id, ["employees:read"])
    users = await client.get(f"{API}/organizations/{palu.org.id}/users", headers=palu.admin.headers)
    assert created["client_id"] not in users.text
    r = await client.post(
        f"{API}/organizations/{palu.org.id}/users",
        headers=palu.admin.headers,
        json={
            "username": "sistem.lain",
            "full_name": "Sistem Lain",
            "role": Role.SERVICE.value,
            "password": "Sementara-2026x",
        },
    )
    assert_problem(r, 403, "role_not_assignable")


async def test_names_unique_per_organization(client: httpx.AsyncClient, palu: Palu) -> None:
    await create(client, palu.admin, palu.org.id, ["employees:read"], name="SIMPEG")
    r = await client.post(
        f"{API}/organizations/{palu.org.id}/service-accounts",
        headers=palu.admin.headers,
        json={"name": "SIMPEG", "scopes": ["results:read"]},
    )
    assert_problem(r, 409, "service_account_name_taken")
    r = await client.post(
        f"{API}/organizations/{palu.org.id}/service-accounts",
        headers={**palu.admin.headers, "Accept-Language": "en"},
        json={"name": "Lain", "scopes": ["payroll:write"]},
    )
    body = assert_problem(r, 422)
    assert body["errors"][0]["field"].startswith("scopes")
