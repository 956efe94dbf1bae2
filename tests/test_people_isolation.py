"""Permission matrix of every endpoint of units/positions/employees/appraisers.

Another organization's data is 404 (no existence leak) for anyone whose role may call the
endpoint at all; a role that may never call it gets 403 whatever the id (as elsewhere in the
API); within the organization, staff outside the employee's scope get 403."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import httpx
import pytest

from conftest import Account, Factory, Palu, World, assert_problem
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import AssignmentKind


@dataclass
class Ids:
    org: uuid.UUID
    unit: uuid.UUID
    position: uuid.UUID
    employee: uuid.UUID
    assignment: uuid.UUID
    override: uuid.UUID
    other_position: uuid.UUID
    other_employee: uuid.UUID


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[Ids], str]
    body: Callable[[Ids], dict[str, Any]] | None = None
    #: staff: any member may call it; scoped: own record, supervisors and admins only;
    #: admin: the role must hold an admin permission.
    access: Literal["staff", "scoped", "admin"] = "staff"

    def id(self) -> str:
        sample = Ids(*(uuid.UUID(int=0) for _ in range(8)))
        return f"{self.method} {self.path(sample)}".replace(
            "00000000-0000-0000-0000-000000000000", "{id}"
        )


ENDPOINTS = [
    # unit tree
    Endpoint("GET", lambda i: f"/api/v1/units/{i.unit}/subtree"),
    Endpoint("GET", lambda i: f"/api/v1/units/{i.unit}/path"),
    Endpoint("GET", lambda i: f"/api/v1/units/{i.unit}/org-chart"),
    Endpoint(
        "PATCH",
        lambda i: f"/api/v1/units/{i.unit}",
        lambda i: {"head_position_id": str(i.position)},
        access="admin",
    ),
    # positions
    Endpoint("GET", lambda i: f"/api/v1/organizations/{i.org}/positions"),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/organizations/{i.org}/positions",
        lambda i: {"unit_id": str(i.unit), "name": "Analis", "kind": "pelaksana", "job_class": 7},
        access="admin",
    ),
    Endpoint("GET", lambda i: f"/api/v1/positions/{i.position}"),
    Endpoint(
        "PATCH",
        lambda i: f"/api/v1/positions/{i.position}",
        lambda i: {"name": "Kepala Dinas Kesehatan"},
        access="admin",
    ),
    # employees
    Endpoint("GET", lambda i: f"/api/v1/organizations/{i.org}/employees"),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/organizations/{i.org}/employees",
        lambda i: {"nip": "199811232022032006", "name": "Nurul Huda"},
        access="admin",
    ),
    Endpoint("GET", lambda i: f"/api/v1/employees/{i.employee}"),
    Endpoint(
        "PATCH",
        lambda i: f"/api/v1/employees/{i.employee}",
        lambda i: {"phone": "+62 811 000 111"},
        access="admin",
    ),
    Endpoint("GET", lambda i: f"/api/v1/employees/{i.employee}/assignments", access="scoped"),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/employees/{i.employee}/assignments",
        lambda i: {
            "position_id": str(i.other_position),
            "kind": "plh",
            "start_date": "2030-01-01",
            "end_date": "2030-01-05",
        },
        access="admin",
    ),
    Endpoint("GET", lambda i: f"/api/v1/organizations/{i.org}/assignments", access="admin"),
    Endpoint("GET", lambda i: f"/api/v1/assignments/{i.assignment}", access="scoped"),
    Endpoint(
        "PATCH",
        lambda i: f"/api/v1/assignments/{i.assignment}",
        lambda i: {"decree_number": "800/1/2026"},
        access="admin",
    ),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/assignments/{i.assignment}/end",
        lambda i: {"end_date": "2026-12-31"},
        access="admin",
    ),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/employees/{i.employee}/transfer-requests",
        lambda i: {"organization_id": str(i.org), "reason": "Mutasi"},
        access="admin",
    ),
    Endpoint("GET", lambda i: f"/api/v1/employees/{i.employee}/transfers", access="scoped"),
    # appraisers
    Endpoint("GET", lambda i: f"/api/v1/employees/{i.employee}/appraisers", access="scoped"),
    Endpoint(
        "GET", lambda i: f"/api/v1/employees/{i.employee}/appraiser-overrides", access="scoped"
    ),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/employees/{i.employee}/appraiser-overrides",
        lambda i: {
            "appraiser_superior_id": str(i.other_employee),
            "valid_from": "2031-01-01",
            "reason": "Uji",
        },
        access="admin",
    ),
    Endpoint("GET", lambda i: f"/api/v1/appraiser-overrides/{i.override}", access="scoped"),
    Endpoint(
        "PATCH",
        lambda i: f"/api/v1/appraiser-overrides/{i.override}",
        lambda i: {"valid_to": "2027-12-31", "reason": "Uji"},
        access="admin",
    ),
    Endpoint(
        "POST",
        lambda i: f"/api/v1/appraiser-overrides/{i.override}/revoke",
        lambda i: {"reason": "Uji"},
        access="admin",
    ),
    # organization report
    Endpoint("GET", lambda i: f"/api/v1/organizations/{i.org}/data-quality", access="admin"),
]


@pytest.fixture
async def palu_ids(palu: Palu, factory: Factory) -> Ids:
    assignment = await factory.assign(
        palu.kadis.employee,  # type: ignore[arg-type]
        palu.kasi_pos,
        kind=AssignmentKind.PLT,
        start=date(2026, 1, 1),
        end=date(2027, 6, 30),
    )
    from kinerja_api.organizations.models import AppraiserOverride

    async with factory.sessionmaker() as s:
        override = AppraiserOverride(
            organization_id=palu.org.id,
            employee_id=palu.kadis.employee_id,
            appraiser_id=palu.kabid.employee_id,
            valid_from=date(2026, 1, 1),
            valid_to=date(2027, 6, 30),
            reason="Uji",
        )
        s.add(override)
        await s.commit()
    # The Sekda (another OPD of the instansi, above the Kepala Dinas) may be named the
    # appraiser's superior; the Kepala Dinas's own subordinates may not (issue 13).
    setda = await factory.unit(palu.org, code="SETDA", name="Sekretariat Daerah")
    sekda_pos = await factory.position(palu.org, setda, name="Sekretaris Daerah")
    sekda = await factory.person(palu.org, sekda_pos, name="Sekretaris Daerah Palu")
    return Ids(
        org=palu.org.id,
        unit=palu.dinkes.id,
        position=palu.kadis_pos.id,
        employee=palu.kadis.employee_id,
        assignment=assignment.id,
        override=override.id,
        other_position=palu.kapus_pos.id,
        other_employee=sekda.employee_id,  # type: ignore[arg-type]
    )


async def _call(
    client: httpx.AsyncClient, endpoint: Endpoint, ids: Ids, headers: dict[str, str]
) -> httpx.Response:
    body = endpoint.body(ids) if endpoint.body else None
    return await client.request(endpoint.method, endpoint.path(ids), headers=headers, json=body)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.id() for e in ENDPOINTS])
async def test_other_organization_gets_404(
    client: httpx.AsyncClient,
    palu_ids: Ids,
    world: World,
    factory: Factory,
    endpoint: Endpoint,
) -> None:
    # Tebo's admin, and a Tebo employee with an account (who has an employee scope of their own).
    tebo_unit = await factory.unit(world.other_org)
    tebo_pos = await factory.position(world.other_org, tebo_unit)
    tebo_person: Account = await factory.person(world.other_org, tebo_pos, Role.SUPERVISOR)
    r = await _call(client, endpoint, palu_ids, world.other_admin.headers)
    assert_problem(r, 404, "not_found")
    r = await _call(client, endpoint, palu_ids, tebo_person.headers)
    if endpoint.access == "admin":
        assert_problem(r, 403, "forbidden")
    else:
        assert_problem(r, 404, "not_found")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.id() for e in ENDPOINTS])
async def test_roles_in_own_organization(
    client: httpx.AsyncClient, palu_ids: Ids, palu: Palu, endpoint: Endpoint
) -> None:
    r = await _call(client, endpoint, palu_ids, palu.siti.headers)
    if endpoint.access == "admin":
        assert_problem(r, 403, "forbidden")
    elif endpoint.access == "scoped":
        assert_problem(r, 403, "employee_not_in_scope")
        # The employee's supervisor chain reaches it (the Kepala Dinas is the employee here,
        # so use the employee themself).
        own = await _call(client, endpoint, palu_ids, palu.kadis.headers)
        assert own.status_code == 200, own.text
    else:
        assert r.status_code == 200, r.text
    r = await _call(client, endpoint, palu_ids, palu.admin.headers)
    if endpoint.path(palu_ids).endswith("/transfer-requests"):
        # Same organization as target: the request reaches validation, not a tenant wall.
        assert_problem(r, 422)
    else:
        assert r.status_code in (200, 201), r.text


@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if e.method == "GET"],
    ids=[e.id() for e in ENDPOINTS if e.method == "GET"],
)
async def test_platform_admin_reads_every_organization(
    client: httpx.AsyncClient, palu_ids: Ids, world: World, endpoint: Endpoint
) -> None:
    r = await _call(client, endpoint, palu_ids, world.platform.headers)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/units/{id}/subtree"),
        ("GET", "/api/v1/positions/{id}"),
        ("GET", "/api/v1/employees/{id}"),
        ("GET", "/api/v1/assignments/{id}"),
        ("GET", "/api/v1/appraiser-overrides/{id}"),
    ],
)
async def test_unknown_ids_are_404(
    client: httpx.AsyncClient, world: World, method: str, path: str
) -> None:
    r = await client.request(method, path.format(id=uuid.uuid4()), headers=world.admin.headers)
    assert_problem(r, 404, "not_found")


async def test_own_data_only_for_me_endpoints(
    client: httpx.AsyncClient, palu: Palu, world: World, factory: Factory
) -> None:
    tebo_unit = await factory.unit(world.other_org)
    boss_pos = await factory.position(world.other_org, tebo_unit, name="Kepala Bidang Pelayanan")
    clerk_pos = await factory.position(world.other_org, tebo_unit, superior=boss_pos)
    boss = await factory.person(world.other_org, boss_pos, Role.SUPERVISOR, name="Hendra")
    await factory.person(world.other_org, clerk_pos, name="Maya Sari")
    profile = (await client.get("/api/v1/me/profile", headers=boss.headers)).json()
    assert profile["employee"]["organization_id"] == str(world.other_org.id)
    team = (await client.get("/api/v1/me/team", headers=boss.headers)).json()
    assert [m["name"] for m in team["items"]] == ["Maya Sari"]
