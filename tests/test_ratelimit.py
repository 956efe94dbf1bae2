"""Throttling and lockout windows, in memory (one process) and in Redis (many processes)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from conftest import Factory, assert_problem
from kinerja_api.core.config import Settings
from kinerja_api.core.ratelimit import (
    CounterStore,
    Lockout,
    MemoryCounterStore,
    RedisCounterStore,
    Throttle,
)
from test_auth import login

REDIS_URL = os.environ.get("KINERJA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


async def test_throttle_window_slides() -> None:
    clock = FakeClock()
    throttle = Throttle(MemoryCounterStore(clock), limit=3, window=60, prefix="ip")
    for _ in range(3):
        assert await throttle.hit("10.0.0.1") is None
        clock.t += 10
    assert await throttle.hit("10.0.0.1") == 30  # oldest event (t=1000) leaves at t=1060
    assert await throttle.hit("10.0.0.2") is None  # other keys are independent
    clock.t = 1061
    # Refused attempts count too: a client that keeps hammering stays throttled...
    assert await throttle.hit("10.0.0.1") == 9  # (1010 + 60) - 1061
    clock.t = 1122
    # ...and one that waits a full window gets through.
    assert await throttle.hit("10.0.0.1") is None


@pytest.mark.parametrize(
    ("failures", "elapsed", "locked_for"),
    [
        (4, 0, None),  # below the threshold
        (5, 0, 900),  # locked for the full duration
        (5, 899, 1),
        (5, 900, None),  # expired exactly at the boundary
        (6, 300, 600),  # counted from the newest failure
    ],
)
async def test_lockout_table(failures: int, elapsed: int, locked_for: int | None) -> None:
    clock = FakeClock()
    lockout = Lockout(MemoryCounterStore(clock), failures=5, duration=900)
    for _ in range(failures):
        await lockout.fail("siti")
    clock.t += elapsed
    assert await lockout.locked_for("siti") == locked_for


async def test_reset_clears_failures() -> None:
    lockout = Lockout(MemoryCounterStore(FakeClock()), failures=2, duration=60)
    await lockout.fail("a")
    await lockout.fail("a")
    assert await lockout.locked_for("a") == 60
    await lockout.reset("a")
    assert await lockout.locked_for("a") is None


async def test_memory_store_is_bounded() -> None:
    store = MemoryCounterStore(FakeClock(), max_keys=100)
    for i in range(1000):
        await store.add(f"k{i}", 60)
    assert len(store._events) == 100


async def require_redis() -> None:
    from redis.asyncio import Redis

    probe = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await probe.ping()
    except Exception as exc:  # any failure means no Redis here
        await probe.aclose()
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    await probe.aclose()


@pytest.fixture
async def redis_stores() -> AsyncIterator[tuple[CounterStore, CounterStore]]:
    """Two stores on one Redis: as two API processes would see it."""
    from redis.asyncio import Redis

    await require_redis()
    prefix = f"test:{uuid.uuid4().hex[:8]}:"
    a = RedisCounterStore(Redis.from_url(REDIS_URL), prefix=prefix)
    b = RedisCounterStore(Redis.from_url(REDIS_URL), prefix=prefix)
    yield a, b
    await a.close()
    await b.close()


async def test_redis_limits_are_shared_between_processes(
    redis_stores: tuple[CounterStore, CounterStore],
) -> None:
    a, b = redis_stores
    throttle_a = Throttle(a, limit=3, window=60, prefix="ip")
    throttle_b = Throttle(b, limit=3, window=60, prefix="ip")
    assert await throttle_a.hit("10.1.1.1") is None
    assert await throttle_b.hit("10.1.1.1") is None
    assert await throttle_a.hit("10.1.1.1") is None
    wait = await throttle_b.hit("10.1.1.1")
    assert wait is not None
    assert 59 <= wait <= 60

    lock_a = Lockout(a, failures=2, duration=120)
    lock_b = Lockout(b, failures=2, duration=120)
    await lock_a.fail("andi")
    assert await lock_b.locked_for("andi") is None
    await lock_b.fail("andi")
    locked = await lock_a.locked_for("andi")
    assert locked is not None
    assert 119 <= locked <= 120
    await lock_b.reset("andi")
    assert await lock_a.locked_for("andi") is None


async def test_two_api_processes_with_redis_share_the_lockout(
    factory: Factory, settings: Settings
) -> None:
    """KINERJA_REDIS_URL wires the app's login guards to Redis: failures on one process lock
    the account on another (with the in-memory store each process would count alone)."""
    from kinerja_api.main import create_app

    await require_redis()
    shared = settings.model_copy(
        update={"redis_url": REDIS_URL, "lockout_failures": 2, "lockout_seconds": 300}
    )
    org = await factory.org()
    name = f"target-{uuid.uuid4().hex[:8]}"
    await factory.user(org, username=name)
    apps = [create_app(shared), create_app(shared)]
    assert all(isinstance(a.state.counter_store, RedisCounterStore) for a in apps)
    a, b = (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        for app in apps
    )
    async with a, b:
        assert_problem(await login(a, name, "salah-lagi-123"), 401, "invalid_credentials")
        assert_problem(await login(b, name, "salah-lagi-123"), 401, "invalid_credentials")
        assert_problem(await login(a, name), 429, "account_locked")
        assert_problem(await login(b, name), 429, "account_locked")
    for app in apps:
        await app.state.counter_store.close()
        await app.state.engine.dispose()
