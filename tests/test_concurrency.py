"""Concurrent writes through the HTTP API, on SQLite and on PostgreSQL.

Races run in-process with ``asyncio.gather`` over the ASGI client: every request is a task on
one event loop with its own session and connection, so their transactions really overlap in
the database (each race asserts that at least two connections were in use at once). On
PostgreSQL that means real row locks and version checks; on SQLite writers queue for the
write lock (``BEGIN IMMEDIATE``) and the loser finds the winner's commit. The mixed-write run
goes through a live uvicorn server with many clients for a fixed time.

Idempotent parallel creates are covered where the resource lives:
``test_activities.py::test_concurrent_retries_create_one_report`` and
``test_conventions.py::test_concurrent_retries_with_one_key_create_one_record``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import clock, rating_body  # noqa: F401  (the clock fixture)
from appraisal_support import setup_cycle as appraisal_setup
from conftest import PG_URL, TEST_SECRET, Factory, Palu, assert_problem
from kinerja_api.activities.models import ActivityReport
from kinerja_api.indicators.skp.models import Skp, SkpEvent, SkpVersion
from kinerja_api.organizations.models import EmployeePosition
from live_server import live_server
from skp_support import API, act, approved_skp, ok, palu_goals, planned_skp
from test_activities import approved_rhk, body, org_today

RACERS = 20


@contextlib.contextmanager
def overlap_probe(app: Any) -> Iterator[Counter[str]]:
    """Counts the most database connections the app held at once (``peak``)."""
    pool = app.state.engine.sync_engine.pool
    stats: Counter[str] = Counter()

    def checkout(*_: Any) -> None:
        stats["now"] += 1
        stats["peak"] = max(stats["peak"], stats["now"])

    def checkin(*_: Any) -> None:
        stats["now"] -= 1

    event.listen(pool, "checkout", checkout)
    event.listen(pool, "checkin", checkin)
    try:
        yield stats
    finally:
        event.remove(pool, "checkout", checkout)
        event.remove(pool, "checkin", checkin)


async def race(app: Any, calls: list[Callable[[], Awaitable[httpx.Response]]]) -> list[int]:
    """Run the calls at once; fail on any 5xx; return the statuses."""
    with overlap_probe(app) as stats:
        responses = await asyncio.gather(*(call() for call in calls))
    assert stats["peak"] >= 2, "the requests did not overlap in the database"
    for r in responses:
        assert r.status_code < 500, r.text
        if r.status_code >= 400:
            assert r.headers["content-type"].startswith("application/problem+json"), r.text
    return [r.status_code for r in responses]


# ---- SKP approval ------------------------------------------------------------------------


async def test_parallel_approvals_of_one_skp_approve_it_once(
    client: httpx.AsyncClient, palu: Palu, app: Any
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    skp, _, _ = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    submitted = await act(client, palu.kapus, skp["id"], "submit")
    etag = ok(submitted) and submitted.headers["etag"]
    # Half send the ETag they read, half send none (last write wins — unless the state moved).
    calls = [
        (lambda i=i: act(client, palu.kadis, skp["id"], "approve", etag=etag if i % 2 else None))
        for i in range(RACERS)
    ]
    statuses = await race(app, calls)
    assert statuses.count(200) == 1, statuses
    assert set(statuses) <= {200, 409, 412}, statuses

    events = ok(await client.get(f"{API}/skp/{skp['id']}/events", headers=palu.kadis.headers))
    assert [e["action"] for e in events["items"]] == ["submit", "approve"]
    versions = ok(await client.get(f"{API}/skp/{skp['id']}/versions", headers=palu.kadis.headers))
    assert [v["revision"] for v in versions["items"]] == [0]
    final = await client.get(f"{API}/skp/{skp['id']}", headers=palu.kadis.headers)
    assert ok(final)["state"] == "approved"
    assert final.headers["etag"] != etag


async def test_parallel_workflow_actions_leave_one_consistent_history(
    client: httpx.AsyncClient, palu: Palu, app: Any
) -> None:
    """Approve and return race each other on one submitted SKP: one wins, the history says
    which, and the state matches it."""
    goals = await palu_goals(client, palu.admin, palu.org.id)
    skp, _, _ = await planned_skp(
        client, palu.kapus, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    ok(await act(client, palu.kapus, skp["id"], "submit"))
    calls = [
        (
            lambda i=i: act(
                client, palu.kadis, skp["id"], "return" if i % 2 else "approve", f"Catatan {i}"
            )
        )
        for i in range(RACERS)
    ]
    statuses = await race(app, calls)
    assert statuses.count(200) == 1, statuses
    events = ok(await client.get(f"{API}/skp/{skp['id']}/events", headers=palu.kadis.headers))
    assert len(events["items"]) == 2
    last = events["items"][-1]
    state = ok(await client.get(f"{API}/skp/{skp['id']}", headers=palu.kadis.headers))["state"]
    assert state == last["to_state"] == ("approved" if last["action"] == "approve" else "returned")


# ---- activity reports: overlap check under concurrency --------------------------------------


async def test_parallel_overlapping_reports_one_is_accepted(
    client: httpx.AsyncClient, palu: Palu, app: Any, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """Different requests for overlapping times (no Idempotency-Key): the overlap check must
    hold under concurrency, not only one request at a time."""
    today = org_today(palu.org)
    rhk, _ = await approved_rhk(sessionmaker, palu.siti, today.year)
    calls = [
        (
            lambda i=i: client.post(
                f"{API}/activity-reports",
                headers=palu.siti.headers,
                json=body(rhk, today, "08:00", f"09:{i:02d}"),
            )
        )
        for i in range(RACERS)
    ]
    statuses = await race(app, calls)
    assert statuses.count(201) == 1, statuses
    assert set(statuses) == {201, 422}, statuses
    async with sessionmaker() as s:
        stored = await s.scalar(
            select(func.count())
            .select_from(ActivityReport)
            .where(ActivityReport.employee_id == palu.siti.employee_id)
        )
    assert stored == 1


async def test_parallel_assignments_to_one_structural_position_one_is_accepted(
    client: httpx.AsyncClient,
    palu: Palu,
    app: Any,
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A structural position has one definitive holder, however many admins assign it at
    once (the check spans rows of several employees: no unique constraint can say it)."""
    people = [await factory.employee(palu.org, name=f"Calon {i}") for i in range(RACERS)]
    url = f"{API}/employees/{{}}/assignments"
    payload = {
        "kind": "definitive",
        "position_id": str(palu.kasi_pos.id),
        "start_date": "2026-12-01",
    }
    calls = [
        (lambda p=p: client.post(url.format(p.id), headers=palu.admin.headers, json=payload))
        for p in people
    ]
    statuses = await race(app, calls)
    assert sorted(statuses) == [201] + [409] * (RACERS - 1), statuses
    async with sessionmaker() as s:
        holders = await s.scalar(
            select(func.count())
            .select_from(EmployeePosition)
            .where(EmployeePosition.position_id == palu.kasi_pos.id)
        )
    assert holders == 1


# ---- appraisal rating ----------------------------------------------------------------------


@pytest.mark.usefixtures("clock")  # appraisal time (NOW)
async def test_parallel_ratings_with_one_etag_one_wins(
    client: httpx.AsyncClient, palu: Palu, app: Any
) -> None:
    s = await appraisal_setup(client, palu)
    url = f"{API}/appraisals/{s['appraisal_id']}"
    etag = (await client.get(url, headers=palu.kapus.headers)).headers["etag"]
    choices = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]
    bodies = [
        {
            **rating_body([s["rhk_id"]], choices[i % 3], choices[(i // 3) % 3]),
            "feedback": f"Penilai tab {i}",
        }
        for i in range(RACERS)
    ]
    headers = {**palu.kapus.headers, "If-Match": etag}
    calls = [(lambda b=b: client.put(f"{url}/rating", headers=headers, json=b)) for b in bodies]
    with overlap_probe(app) as stats:
        responses = await asyncio.gather(*(call() for call in calls))
    assert stats["peak"] >= 2
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200] + [412] * (RACERS - 1), [r.text for r in responses]
    for r in responses:
        if r.status_code == 412:
            assert_problem(r, 412, "version_mismatch")
    winner = bodies[statuses.index(200)]
    stored = ok(await client.get(url, headers=palu.kapus.headers))
    assert stored["feedback"] == winner["feedback"]
    assert stored["hasil_kerja"] == winner["hasil_kerja"]
    assert [i["rating"] for i in stored["items"]] == [winner["items"][0]["rating"]]
    assert stored == responses[statuses.index(200)].json()


# ---- mixed writes against a live server ----------------------------------------------------


def mixed_write_seconds() -> float:
    """``KINERJA_MIXED_WRITE_SECONDS``; by default 60 on PostgreSQL and 20 on SQLite.

    SQLite runs one write transaction at a time: the clients queue for the file's write lock,
    so after a few hundred contended writes a longer run repeats the same interleavings and
    adds nothing but time. PostgreSQL runs them side by side; its longer run gives row locks,
    version checks and advisory locks more chances to collide.
    """
    return float(os.environ.get("KINERJA_MIXED_WRITE_SECONDS", 60 if PG_URL else 20))


#: Report slots: one minute every two minutes of a day, on today and the two days before.
SLOTS_PER_DAY = 720
DAYS = 3


def slot(n: int, today: date) -> tuple[date, str, str]:
    day, j = divmod(n, SLOTS_PER_DAY)
    start = 2 * j
    return (
        today - timedelta(days=day),
        f"{start // 60:02d}:{start % 60:02d}",
        f"{(start + 1) // 60:02d}:{(start + 1) % 60:02d}",
    )


@dataclass
class Tally:
    """What the clients saw: every status, and every success that must show in the data."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    seconds: dict[str, list[float]] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    created: dict[str, dict[str, Any]] = field(default_factory=dict)
    patched: Counter[str] = field(default_factory=Counter)
    approved: set[str] = field(default_factory=set)
    skp_actions: list[str] = field(default_factory=list)
    replays: int = 0

    def record(self, kind: str, r: httpx.Response, allowed: set[int]) -> None:
        self.statuses[(kind, r.status_code)] += 1
        self.seconds.setdefault(kind, []).append(r.elapsed.total_seconds())
        if r.status_code not in allowed:
            self.unexpected.append(f"{kind} {r.status_code} {r.text[:300]}")
        elif r.status_code >= 400:
            assert r.headers["content-type"].startswith("application/problem+json")

    def total(self) -> int:
        return sum(self.statuses.values())


CHANGE = {200, 409, 412}


@dataclass
class Mixed:
    http: httpx.AsyncClient
    palu: Palu
    rhk: uuid.UUID
    skp_id: str
    today: date
    deadline: float
    tally: Tally = field(default_factory=Tally)
    next_slot: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(9))

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    async def get(self, kind: str, url: str, headers: dict[str, str], **params: Any) -> Any:
        r = await self.http.get(url, headers=headers, params=params)
        self.tally.record(kind, r, {200})
        return r

    async def creator(self) -> None:
        while self.running():
            n, self.next_slot = self.next_slot, self.next_slot + 1
            if n >= SLOTS_PER_DAY * DAYS:
                await self.get("read", f"{API}/activity-reports", self.palu.siti.headers)
                continue
            on, start, end = slot(n, self.today)
            data = body(self.rhk, on, start, end, description=f"Kegiatan {n}")
            url, headers = f"{API}/activity-reports", self.palu.siti.headers
            if n % 4:
                responses = [await self.http.post(url, headers=headers, json=data)]
            else:  # a retried request: two copies with one key, at once
                keyed = {**headers, "Idempotency-Key": f"mixed-{n}"}
                responses = list(
                    await asyncio.gather(
                        *(self.http.post(url, headers=keyed, json=data) for _ in range(2))
                    )
                )
            for r in responses:
                self.tally.record("create", r, {201})
            good = [r for r in responses if r.status_code == 201]
            if good:
                first = good[0].json()
                assert all(r.json() == first for r in good), [r.text for r in good]
                self.tally.replays += len(good) - 1
                self.tally.created[first["id"]] = first

    def some_report(self) -> str | None:
        ids = list(self.tally.created)
        return self.rng.choice(ids) if ids else None

    async def editor(self) -> None:
        while self.running():
            rid = self.some_report()
            if rid is None:
                await asyncio.sleep(0.01)
                continue
            url = f"{API}/activity-reports/{rid}"
            read = await self.get("read", url, self.palu.siti.headers)
            r = await self.http.patch(
                url,
                headers={**self.palu.siti.headers, "If-Match": read.headers["etag"]},
                json={"description": f"Diperbarui {self.rng.random():.6f}"},
            )
            self.tally.record("update", r, CHANGE)
            if r.status_code == 200:
                self.tally.patched[rid] += 1

    async def approver(self) -> None:
        while self.running():
            rid = self.some_report()
            if rid is None:
                await asyncio.sleep(0.01)
                continue
            url = f"{API}/activity-reports/{rid}"
            headers = dict(self.palu.kapus.headers)
            if self.rng.random() < 0.5:
                headers["If-Match"] = (await self.get("read", url, headers)).headers["etag"]
            r = await self.http.post(f"{url}/approve", headers=headers, json={})
            self.tally.record("approve", r, CHANGE)
            if r.status_code == 200:
                self.tally.approved.add(rid)

    async def skp_actor(self, owner: bool) -> None:
        who = self.palu.kapus if owner else self.palu.kadis
        url = f"{API}/skp/{self.skp_id}"
        while self.running():
            read = await self.get("read", url, who.headers)
            state = read.json()["state"]
            if owner:
                action = "request-revision" if state == "approved" else "submit"
            else:
                action = self.rng.choice(["approve", "approve", "return"])
            headers = dict(who.headers)
            if self.rng.random() < 0.7:
                headers["If-Match"] = read.headers["etag"]
            r = await self.http.post(
                f"{url}/{action}", headers=headers, json={"note": f"Catatan {action}"}
            )
            self.tally.record("skp-action", r, CHANGE)
            if r.status_code == 200:
                self.tally.skp_actions.append(action)

    async def reader(self) -> None:
        while self.running():
            p = self.palu
            await self.get("read", f"{API}/activity-reports/inbox", p.kapus.headers)
            await self.get("read", f"{API}/skp/{self.skp_id}/events", p.kadis.headers)
            await self.get("read", f"{API}/activity-reports", p.siti.headers, limit=200)
            await self.get("read", f"{API}/skp", p.kadis.headers)


async def test_mixed_writes_against_a_live_server(
    client: httpx.AsyncClient,
    palu: Palu,
    database_url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    skp, _, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp_id = uuid.UUID(skp["id"])
    today = org_today(palu.org)
    rhk, _ = await approved_rhk(sessionmaker, palu.siti, today.year)
    async with sessionmaker() as s:
        events_before = await s.scalar(
            select(func.count()).select_from(SkpEvent).where(SkpEvent.skp_id == skp_id)
        )
    seconds = mixed_write_seconds()
    server_settings = {
        "KINERJA_ENVIRONMENT": "test",
        "KINERJA_DATABASE_URL": database_url,
        "KINERJA_SECRET_KEY": TEST_SECRET,
        "KINERJA_EVIDENCE_DIR": str(tmp_path / "evidence"),
    }
    with live_server(tmp_path, settings=server_settings) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            run = Mixed(http, palu, rhk, skp["id"], today, time.monotonic() + seconds)
            clients = [
                *(run.creator() for _ in range(3)),
                *(run.editor() for _ in range(2)),
                run.approver(),
                run.skp_actor(owner=True),
                run.skp_actor(owner=False),
                *(run.reader() for _ in range(2)),
            ]
            started = time.monotonic()
            await asyncio.gather(*clients)
            elapsed = time.monotonic() - started
    tally = run.tally
    print(
        f"\nmixed writes ({'PostgreSQL' if PG_URL else 'SQLite'}, {elapsed:.1f} s, "
        f"{len(clients)} clients): {tally.total()} requests, "
        f"{tally.total() / elapsed:.0f}/s; {len(tally.created)} reports created "
        f"({tally.replays} replayed), {sum(tally.patched.values())} updates, "
        f"{len(tally.approved)} approvals, {len(tally.skp_actions)} SKP actions"
    )
    for (kind, status), n in sorted(tally.statuses.items()):
        print(f"  {kind:<10} {status}  {n}")
    for kind, times in sorted(tally.seconds.items()):
        times.sort()
        print(
            f"  {kind:<10} latency median {times[len(times) // 2] * 1000:.0f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert not tally.unexpected, tally.unexpected[:10]
    for marker in ("Traceback", "deadlock", "could not serialize", "database is locked"):
        assert marker not in log, log[-4000:]
    assert len(tally.created) > 10
    assert tally.approved
    assert tally.patched
    assert tally.skp_actions

    # Every success is in the data, and nothing else is.
    async with sessionmaker() as s:
        reports = {
            str(r.id): r
            for r in await s.scalars(
                select(ActivityReport).where(ActivityReport.employee_id == palu.siti.employee_id)
            )
        }
        events = list(
            await s.scalars(
                select(SkpEvent).where(SkpEvent.skp_id == skp_id).order_by(SkpEvent.at, SkpEvent.id)
            )
        )
        versions = await s.scalar(
            select(func.count()).select_from(SkpVersion).where(SkpVersion.skp_id == skp_id)
        )
        stored_skp = await s.get(Skp, skp_id)
    assert set(reports) == set(tally.created)
    assert {rid for rid, r in reports.items() if r.status.value == "approved"} == tally.approved
    for rid, report in reports.items():
        assert report.version == 1 + tally.patched[rid] + (rid in tally.approved), rid
        assert report.minutes == 1
    # The SKP's history has one event per successful action, each from the state the one
    # before left, ending in the SKP's state; one approved version per approval.
    assert events_before is not None
    assert stored_skp is not None
    done = sorted(e.action.value.replace("_", "-") for e in events[events_before:])
    assert done == sorted(tally.skp_actions)
    for before, after in itertools.pairwise(events):
        assert after.from_state == before.to_state
    assert stored_skp.state == events[-1].to_state
    assert versions == 1 + tally.skp_actions.count("approve")
