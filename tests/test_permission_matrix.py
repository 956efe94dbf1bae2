"""Permission matrix and broken-object-level-authorization checks over every operation.

The operations come from the app's own OpenAPI document, the expectations from the
declarative table in ``policy.py``: a new endpoint fails here until it has a line there.
One world (two organizations with objects of every kind, see ``matrix_world``) is built per
module; operations run reads first, then writes, then deletions (children before parents),
so what one request changes never decides another's outcome.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from conftest import PASSWORD, PG_URL, Factory, _truncate_all, base_settings
from kinerja_api.auth.models import Role
from kinerja_api.cli import render_openapi
from kinerja_api.core.clock import set_clock
from kinerja_api.core.config import Settings
from kinerja_api.main import create_app
from matrix_world import OTHER, MatrixWorld, build_side, random_id
from matrix_world import OTHER_OPD as OPD2
from policy import ORG, OTHER_OPD, OTHER_ORG, OWN, ROLES, SUB, TABLE, Rule, Scope
from skp_support import API, PDF, YEAR

SPEC: dict[str, Any] = json.loads(render_openapi())
METHODS = ("get", "post", "put", "patch", "delete")
PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def kinds(self) -> list[str]:
        """Each path parameter as ``"segment/{param}"`` (the segment names the kind)."""
        parts = self.path.split("/")
        return [f"{parts[i - 1]}/{part}" for i, part in enumerate(parts) if PARAM.fullmatch(part)]


OPERATIONS = [
    Operation(m, p, op)
    for p, item in SPEC["paths"].items()
    for m, op in item.items()
    if m in METHODS
]

RHK_KIND = "work-results/{work_result_id}"
#: Kinds whose objects belong to an employee: own / subordinate / other unit apply.
EMPLOYEE_KINDS = {
    "employees/{employee_id}",
    "employees/{nip}",
    "assignments/{assignment_id}",
    "skp/{skp_id}",
    RHK_KIND,
    "skp-indicators/{indicator_id}",
    "evidence/{evidence_id}",
    "activity-reports/{report_id}",
    "appraisals/{appraisal_id}",
    "peer-inputs/{input_id}",
    "development-plans/{plan_id}",
    "dialogues/{dialogue_id}",
    "dialogue-actions/{action_id}",
}
#: Whose object each scope means, per calling role (see ``matrix_world``): the staff member
#: is andi (P2P), the supervisor kapus (PKM, appraiser of siti); admins have no employee.
TARGET: dict[str, dict[Scope, str]] = {
    "anonymous": {ORG: "kabid"},
    "staff": {OWN: "andi", ORG: "siti", OTHER_ORG: OTHER},
    "supervisor": {OWN: "kapus", SUB: "siti", ORG: "andi", OTHER_ORG: OTHER},
    "admin": {ORG: "kabid", OTHER_ORG: OTHER},
    # the admin of A's DINKES: kabid is of their OPD, staf of A's BAPPEDA
    "opd_admin": {ORG: "kabid", OTHER_OPD: OPD2, OTHER_ORG: OTHER},
    "platform": {ORG: "kabid", OTHER_ORG: OTHER},
    "service": {ORG: "kabid", OTHER_ORG: OTHER},  # organization A's system, every scope
}
#: Deletions and other operations that remove what later requests need: run last, children
#: before parents.
LAST = [
    "DELETE /api/v1/skp-indicators/{indicator_id}",
    "DELETE /api/v1/work-results/{work_result_id}",
    "DELETE /api/v1/key-indicators/{indicator_id}",
    "DELETE /api/v1/needs/{need_id}/links/{link_id}",
    "DELETE /api/v1/goals/{goal_id}",
    "DELETE /api/v1/positions/{position_id}/competency-standards/{standard_id}",
    "DELETE /api/v1/workload-tasks/{task_id}",
    "DELETE /api/v1/development-plans/{plan_id}",
    "DELETE /api/v1/program-contributions/{contribution_id}",
    "DELETE /api/v1/program-members/{member_id}",
    "DELETE /api/v1/surveys/{survey_id}",
]
#: The account that signs in with its password (token, refresh).
LOGIN = "a.login"
#: Operations that end the caller's own sign-in: each call gets a fresh token.
OWN_SESSION = {"POST /api/v1/auth/logout", "POST /api/v1/auth/password"}


def _phase(op: Operation) -> tuple[int, int]:
    if op.key in LAST:
        return (2, LAST.index(op.key))
    if op.method == "delete":
        return (2, -1)
    return (0 if op.method == "get" else 1, 0)


ORDERED = sorted(OPERATIONS, key=_phase)
WITH_OBJECTS = [op for op in ORDERED if any("_id" in k for k in op.kinds)]


def scopes_of(op: Operation, role: str) -> list[Scope]:
    if not op.kinds:
        return [ORG]
    if role == "anonymous":
        return [ORG]
    if any(k in EMPLOYEE_KINDS for k in op.kinds):
        return list(TARGET[role])
    return [s for s in (ORG, OTHER_OPD, OTHER_ORG) if s in TARGET[role]]


# ---- the module's world --------------------------------------------------------------------


@pytest.fixture(scope="module")
def m_settings(template_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    # One account signs in with its password for every role of the token and refresh rows.
    limits = {"login_rate_per_account": 50, "login_rate_per_ip": 100}
    if PG_URL:
        yield base_settings(PG_URL, **limits)
        asyncio.run(_truncate_all(PG_URL))
        return
    path = tmp_path_factory.mktemp("matrix") / "matrix.db"
    shutil.copyfile(template_db, path)
    yield base_settings(f"sqlite+aiosqlite:///{path}", **limits)


@pytest.fixture(scope="module")
async def m_app(m_settings: Settings) -> AsyncIterator[Any]:
    application = create_app(m_settings)
    # Appraisal periods open and close by this clock (mid-June of the SKP year).
    set_clock(lambda: datetime(YEAR, 6, 20, 2, tzinfo=UTC))
    yield application
    set_clock(None)
    await application.state.engine.dispose()


@pytest.fixture(scope="module")
async def m_client(m_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=m_app, client=("203.0.113.20", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@dataclass
class Matrix:
    world: MatrixWorld
    factory: Factory
    headers: dict[str, dict[str, str]]
    accounts: dict[str, Any]


@pytest.fixture(scope="module")
async def matrix(m_app: Any, m_client: httpx.AsyncClient, m_settings: Settings) -> Matrix:
    factory = Factory(m_app.state.sessionmaker, m_settings)
    a = await build_side(m_client, factory, "A", second_opd=True)
    b = await build_side(m_client, factory, "B")
    platform = await factory.account(None, Role.PLATFORM_ADMIN, username="platform")
    await factory.account(a.org, Role.STAFF, username=LOGIN)
    world = MatrixWorld(a, b, platform)
    accounts = {
        "staff": a.accounts["andi"],
        "supervisor": a.accounts["kapus"],
        "admin": a.accounts["admin"],
        "opd_admin": a.accounts["opd_admin"],
        "platform": platform,
    }
    headers = {"anonymous": {}, **{r: acc.headers for r, acc in accounts.items()}}
    m = Matrix(world, factory, headers, accounts)
    headers["service"] = {"Authorization": f"Bearer {await _service_token(m_client, m)}"}
    return m


async def _service_token(client: httpx.AsyncClient, m: Matrix) -> str:
    """A fresh access token of organization A's service account holding every scope."""
    client_id, secret = m.world.a.service["caller"]
    r = await client.post(
        f"{API}/auth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert r.status_code == 200, r.text
    token: str = r.json()["access_token"]
    return token


# ---- one request ---------------------------------------------------------------------------


def _example(op: Operation) -> tuple[str, Any] | None:
    body = op.spec.get("requestBody")
    if not body:
        return None
    media, content = next(iter(body["content"].items()))
    ref = content.get("schema", {}).get("$ref", "")
    schema = SPEC["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    examples = schema.get("examples") or [{}]
    return media, examples[0]


def _query(op: Operation) -> dict[str, str]:
    params: dict[str, str] = {}
    for p in op.spec.get("parameters", []):
        # Shared parameters ($ref: limit, cursor, If-Match, Idempotency-Key) are optional.
        if p.get("in") == "query" and p.get("required"):
            examples = p["schema"].get("examples")
            params[p["name"]] = str(examples[0]) if examples else str(YEAR)
    return params


async def send(
    m: Matrix,
    client: httpx.AsyncClient,
    op: Operation,
    role: str,
    values: list[str],
    json: Any = None,
) -> httpx.Response:
    path = op.path
    for kind, value in zip(op.kinds, values, strict=True):
        path = path.replace("{" + kind.split("{")[1], value, 1)
    headers = dict(m.headers[role])
    if op.key in OWN_SESSION and role == "service":
        headers["Authorization"] = f"Bearer {await _service_token(client, m)}"
    elif op.key in OWN_SESSION and role != "anonymous":
        token = await m.factory.token(m.accounts[role].user)
        headers["Authorization"] = f"Bearer {token}"
    kw: dict[str, Any] = {"params": _query(op), "headers": headers}
    example = _example(op)
    if example is not None:
        media, body = example
        if media == "multipart/form-data":
            kw["files"] = {"file": ("bukti.pdf", PDF, "application/pdf")}
        elif media == "application/x-www-form-urlencoded":
            kw["data"] = {"username": LOGIN, "password": PASSWORD}
        elif op.key == "POST /api/v1/auth/refresh":
            kw["json"] = {"refresh_token": await _refresh_token(client)}
        else:
            kw["json"] = body if json is None else json
    return await client.request(op.method.upper(), path, **kw)


async def _refresh_token(client: httpx.AsyncClient) -> str:
    r = await client.post(f"{API}/auth/token", data={"username": LOGIN, "password": PASSWORD})
    assert r.status_code == 200, r.text
    token: str = r.json()["refresh_token"]
    return token


def values_for(m: Matrix, op: Operation, owner: str) -> list[str]:
    out = []
    for kind in op.kinds:
        value = m.world.value(kind, owner)
        assert value is not None, f"{op.key}: no object of kind {kind!r} in the matrix world"
        out.append(value)
    return out


def _verdict(rule: Rule, expected: int | None, status: int) -> bool:
    if status >= 500:
        return False
    if expected is None:
        return status not in (401, 403, 404)
    if expected == 403 and rule.state_first and status == 409:
        return True
    return status == expected


# ---- tests ---------------------------------------------------------------------------------


def test_every_operation_has_a_rule() -> None:
    keys = {op.key for op in OPERATIONS}
    missing = sorted(keys - TABLE.keys())
    stale = sorted(TABLE.keys() - keys)
    assert not missing, "operations without a line in tests/policy.py:\n" + "\n".join(missing)
    assert not stale, "lines in tests/policy.py for no operation:\n" + "\n".join(stale)
    assert set(LAST) <= keys


@pytest.mark.parametrize("op", WITH_OBJECTS, ids=lambda op: op.key)
async def test_no_object_of_another_organization(
    m_client: httpx.AsyncClient, matrix: Matrix, op: Operation
) -> None:
    """Ids of organization B (or random) on any path parameter: never 2xx, same as random."""
    rule = TABLE.get(op.key)
    problems = []
    for role, home in (("admin", "kabid"), ("staff", "andi")):
        base = values_for(matrix, op, home)
        for i, kind in enumerate(op.kinds):
            foreign = matrix.world.value(kind, OTHER)
            if not kind.endswith("_id}") or foreign is None:
                continue
            got = {}
            for label, value in (("other org", foreign), ("random", random_id())):
                values = [*base[:i], value, *base[i + 1 :]]
                r = await send(matrix, m_client, op, role, values)
                body = r.json() if r.headers.get("content-type", "").endswith("json") else {}
                got[label] = (r.status_code, body.get("code"))
            status, _ = got["other org"]
            gated = rule is not None and role in rule.grants and role not in rule.fixed
            if (
                status < 300
                or got["other org"] != got["random"]
                or (gated and status != 404)
                or status >= 500
            ):
                problems.append(f"{role} {kind}: {got}")
    assert not problems, f"{op.key}:\n" + "\n".join(problems)


#: Request-body fields that name another object: the kind of that object.
BODY_REFERENCES = {
    "unit_id": "units/{unit_id}",
    "position_id": "positions/{position_id}",
    "superior_id": "positions/{position_id}",
    "head_position_id": "positions/{position_id}",
    "employee_id": "employees/{employee_id}",
    "reviewer_id": "employees/{employee_id}",
    "appraiser_id": "employees/{employee_id}",
    "appraiser_superior_id": "employees/{employee_id}",
    "work_result_id": "work-results/{work_result_id}",
    "key_indicator_id": "key-indicators/{indicator_id}",
    "appraisal_id": "appraisals/{appraisal_id}",
    "competency_id": "competencies/{competency_id}",
    "need_id": "needs/{need_id}",
    "survey_id": "surveys/{survey_id}",
    "source_survey_id": "surveys/{survey_id}",
    "target_id": "goals/{goal_id}",  # needs links of kind "goal"
}
#: ``parent_id`` is a unit, a goal or an RHK, by the path.
PARENTS = {"units": "units/{unit_id}", "goals": "goals/{goal_id}", "skp": RHK_KIND}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _reference_kind(op: Operation, field: str) -> str | None:
    if field == "parent_id":
        return next((k for seg, k in PARENTS.items() if f"/{seg}" in op.path), None)
    return BODY_REFERENCES.get(field)


def _body_cases(op: Operation) -> list[tuple[dict[str, Any], str, str]]:
    """(example body, field, kind) for each body field of ``op`` that names an object."""
    body = op.spec.get("requestBody", {}).get("content", {}).get("application/json")
    if body is None or op.key in LAST:
        return []
    ref = body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
    cases, seen = [], set()
    for example in SPEC["components"]["schemas"].get(ref, {}).get("examples", []):
        for field, value in example.items():
            kind = _reference_kind(op, field)
            if kind and field not in seen and isinstance(value, str) and UUID.match(value):
                seen.add(field)
                cases.append((example, field, kind))
    return cases


WITH_REFERENCES = [op for op in ORDERED if _body_cases(op)]


@pytest.mark.parametrize("op", WITH_REFERENCES, ids=lambda op: op.key)
async def test_no_reference_to_another_organization(
    m_client: httpx.AsyncClient, matrix: Matrix, op: Operation
) -> None:
    """A body naming organization B's object is refused exactly like a random id."""
    rule = TABLE[op.key]
    role, scope = next(
        (r, sc)
        for r in ("admin", "supervisor", "staff", "platform")
        if r not in rule.fixed
        for sc in (ORG, OWN, SUB)
        if sc in rule.grants.get(r, ()) and sc in TARGET[r]
    )
    values = values_for(matrix, op, TARGET[role][scope])
    if op.path.startswith("/api/v1/skp/"):  # an approved SKP takes no new RHK: reopen it
        await m_client.post(
            f"{API}/skp/{values[0]}/request-revision",
            headers=matrix.headers[role],
            json={"note": "Uji referensi"},
        )
    problems = []
    for example, field, kind in _body_cases(op):
        body = dict(example)
        for other, value in example.items():  # every other reference: the caller's own org
            other_kind = _reference_kind(op, other)
            if other_kind and isinstance(value, str) and UUID.match(value):
                body[other] = matrix.world.value(other_kind, "andi")
        got = {}
        for label, value in (
            ("other org", matrix.world.value(kind, OTHER)),
            ("random", random_id()),
        ):
            r = await send(matrix, m_client, op, role, values, json={**body, field: value})
            problem = r.json() if r.content else {}
            errors = sorted((e["field"], e["type"]) for e in problem.get("errors", []))
            got[label] = (r.status_code, problem.get("code"), errors)
        if got["other org"][0] < 300 or got["other org"] != got["random"]:
            problems.append(f"{role} {field}={kind}: {got}")
    assert not problems, f"{op.key}:\n" + "\n".join(problems)


@pytest.mark.parametrize("op", ORDERED, ids=lambda op: op.key)
async def test_matrix(m_client: httpx.AsyncClient, matrix: Matrix, op: Operation) -> None:
    rule = TABLE.get(op.key)
    cases = [
        (role, scope)
        for role in ROLES
        for scope in scopes_of(op, role)
        # the other OPD's objects exist for some kinds only (employees and their documents,
        # units, positions, needs, workload tasks, accounts)
        if scope is not OTHER_OPD or all(matrix.world.value(k, OPD2) for k in op.kinds)
    ]
    if rule is not None:
        # Refusals first: if the app is right, they change nothing the successes need.
        cases.sort(key=lambda c: rule.expected(*c) is None)
    lines, wrong = [], []
    personal = any(k in EMPLOYEE_KINDS for k in op.kinds)
    deleted: set[tuple[str, ...]] = set()
    for role, scope in cases:
        owner = TARGET[role][scope]
        whose = owner if personal else ("org B" if owner == OTHER else "org A")
        values = values_for(matrix, op, owner)
        r = await send(matrix, m_client, op, role, values)
        expected = rule.expected(role, scope) if rule else -1
        lines.append(f"{role}:{scope.name}={r.status_code}")
        if op.method == "delete" and expected is None:
            # Two roles may delete one object (the instansi and the OPD admin): the second
            # finds it gone.
            if tuple(values) in deleted and r.status_code == 404:
                continue
            if r.status_code < 300:
                deleted.add(tuple(values))
        if rule is not None and not _verdict(rule, expected, r.status_code):
            want = "success" if expected is None else expected
            wrong.append(
                f"{role} on {scope} ({whose}): want {want}, got {r.status_code} {r.text[:200]}"
            )
        elif role in ("staff", "supervisor", "admin", "service") and r.status_code < 300:
            # Lists and views of organization A never mention an object of organization B.
            leaked = sorted(i for i in matrix.world.b_ids if i in r.text)
            if leaked:
                wrong.append(f"{role} on {scope} ({whose}): ids of organization B {leaked}")
        if role == "opd_admin" and r.status_code < 300:
            # An OPD admin's lists and views never show another OPD's private documents.
            leaked = sorted(i for i in matrix.world.opd_private_ids() if i in r.text)
            if leaked:
                wrong.append(f"{role} on {scope} ({whose}): another OPD's documents {leaked}")
    assert rule is not None, f"{op.key} has no line in tests/policy.py"
    assert not wrong, f"{op.key}:\n" + "\n".join(wrong) + "\nall: " + " ".join(lines)
