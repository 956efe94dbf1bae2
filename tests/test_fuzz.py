"""Contract fuzzing (quick profile): every operation, as every role, against a live server.

The app of the ``app`` fixture (on the suite's database: SQLite, or PostgreSQL with
``KINERJA_TEST_DATABASE_URL``) is served by uvicorn on a loopback port, on the test's own
event loop, while schemathesis sends its cases from a worker thread. Zero 5xx and zero
responses outside the documented schema are allowed. ``scripts/fuzz-deep`` runs the deep
profile. ``KINERJA_FUZZ_EXAMPLES`` / ``KINERJA_FUZZ_COVERAGE`` override the quick profile.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn

from conftest import Factory, Palu, World
from fuzz_support import (
    QUICK,
    QUICK_ANONYMOUS,
    Profile,
    Report,
    fuzz,
    load_schema,
    seed_path_ids,
)
from kinerja_api.auth.models import User
from live_server import free_port

pytestmark = pytest.mark.fuzz


def profile(role: str) -> Profile:
    """The quick profile, or the numbers of ``KINERJA_FUZZ_EXAMPLES``/``_COVERAGE``."""
    quick = QUICK_ANONYMOUS if role == "anonymous" else QUICK
    return Profile(
        examples=int(os.environ.get("KINERJA_FUZZ_EXAMPLES", quick.examples)),
        coverage=int(os.environ.get("KINERJA_FUZZ_COVERAGE", quick.coverage)),
    )


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on this event loop; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "uvicorn did not start"
            await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_every_operation_as_every_role_conforms_to_the_schema(
    app: Any, factory: Factory, world: World, palu: Palu, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = asyncio.get_running_loop()

    def bearer(user: User | None) -> Callable[[], dict[str, str]]:
        def headers() -> dict[str, str]:
            if user is None:
                return {}
            # A fresh sign-in per operation: fuzzing POST /auth/logout must not end the run.
            token = asyncio.run_coroutine_threadsafe(factory.token(user), loop).result()
            return {"Authorization": f"Bearer {token}"}

        return headers

    roles: dict[str, User | None] = {
        "anonymous": None,
        "staff": palu.siti.user,
        "supervisor": palu.kapus.user,
        "admin": world.admin.user,
        "platform admin": world.platform.user,
    }
    path_ids = {
        "org_id": str(world.org.id),
        "unit_id": str(palu.pkm.id),
        "position_id": str(palu.perawat_pos.id),
        "employee_id": str(palu.siti.employee_id),
        "user_id": str(world.staff.id),
    }
    document = app.openapi()
    only = os.environ.get("KINERJA_FUZZ_PATHS")  # a substring: fuzz only matching paths
    if only:
        document = {
            **document,
            "paths": {p: item for p, item in document["paths"].items() if only in p},
        }
    schema = load_schema(document)
    wanted = os.environ.get("KINERJA_FUZZ_ROLES")
    total = Report()
    started = time.monotonic()
    async with serving(app) as base_url:
        seeded = await asyncio.to_thread(
            seed_path_ids,
            document,
            base_url,
            {role: bearer(user) for role, user in roles.items()},
            path_ids,
        )
        with capsys.disabled():
            print(f"\nfuzz: real ids for {', '.join(sorted(path_ids))} ({len(seeded)} created)")
        for role, user in roles.items():
            if wanted and role not in wanted.split(","):
                continue
            report = await asyncio.to_thread(
                fuzz,
                schema,
                role=role,
                base_url=base_url,
                headers=bearer(user),
                path_ids=path_ids,
                profile=profile(role),
            )
            with capsys.disabled():
                print(f"\nfuzz [{role}]: {report.summary()}")
            total.add(report)
    with capsys.disabled():
        print(f"\nfuzz total: {total.summary()}; wall {time.monotonic() - started:.1f} s")
    assert total.cases > 0
    assert not total.failures, total.failure_text()
