"""The table of measured scenarios: one row per hot endpoint, the baseline first.

To benchmark a new endpoint, add a row. ``path`` may use the placeholders

* ``{org_id}``: the calling account's organization,
* ``{unit_id}``: a random unit of that organization,
* ``{n}``: a number unique within the run (for codes of created rows),

and ``body``, if given, builds the JSON body from the same values. New kinds of ids (SKP,
activity reports...) go into :class:`Caller` and :meth:`Scenario.request`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kinerja_api.auth.models import Role

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Caller:
    """A signed-in account the driver sends requests as (or anonymous for public routes)."""

    headers: Mapping[str, str]
    organization_id: uuid.UUID | None
    unit_ids: Sequence[uuid.UUID]


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: Mapping[str, str]
    json: Any = None


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    role: Role | None  # who calls it; None: anonymous
    expect: int = 200
    body: Callable[[Values], Any] | None = None
    idempotent: bool = False  # send an Idempotency-Key, as mobile clients do on creates

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.path}"

    def request(self, caller: Caller, rng: random.Random, n: int) -> Request:
        values = {
            "org_id": caller.organization_id,
            "unit_id": rng.choice(caller.unit_ids) if caller.unit_ids else None,
            "n": n,
        }
        headers = dict(caller.headers)
        if self.idempotent:
            headers["Idempotency-Key"] = f"bench-{self.name}-{n}"
        body = self.body(values) if self.body else None
        return Request(self.method, self.path.format_map(values), headers, body)


def _new_unit(v: Values) -> dict[str, Any]:
    return {
        "code": f"BENCH-{v['n']:07d}",
        "name": f"Seksi Uji Beban {v['n']}",
        "parent_id": str(v["unit_id"]),
    }


BASELINE = Scenario("baseline", "GET", "/health/live", role=None)

SCENARIOS: tuple[Scenario, ...] = (
    BASELINE,  # no database: the ceiling of this server, this driver and this machine
    Scenario("me", "GET", "/api/v1/auth/me", Role.STAFF),
    Scenario("units_list", "GET", "/api/v1/organizations/{org_id}/units?limit=50", Role.STAFF),
    Scenario("unit_read", "GET", "/api/v1/units/{unit_id}", Role.STAFF),
    Scenario("users_list", "GET", "/api/v1/organizations/{org_id}/users?limit=50", Role.ADMIN),
    Scenario("audit_log", "GET", "/api/v1/audit-log?limit=50", Role.ADMIN),
    # Writes last, so the reads above see exactly the generated data.
    Scenario(
        "unit_create",
        "POST",
        "/api/v1/organizations/{org_id}/units",
        Role.ADMIN,
        expect=201,
        body=_new_unit,
        idempotent=True,
    ),
)
