"""Sliding-window counters for throttling and lockout.

The in-memory store serves one process (the embedded default). With several API processes
behind a load balancer the same interface is backed by Redis, so limits hold across them.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

Clock = Callable[[], float]


class CounterStore(Protocol):
    async def add(self, key: str, window: float) -> int:
        """Record one event under ``key`` and return the events within ``window`` seconds."""

    async def count(self, key: str, window: float) -> tuple[int, float | None]:
        """Events within ``window`` and the timestamp of the newest one."""

    async def oldest(self, key: str, window: float) -> float | None:
        """Timestamp of the oldest event still within ``window``."""

    async def clear(self, key: str) -> None: ...

    def now(self) -> float: ...


class MemoryCounterStore:
    """Process-local sliding windows; bounded so a flood of keys cannot exhaust memory."""

    def __init__(self, clock: Clock = time.monotonic, max_keys: int = 100_000) -> None:
        self._events: dict[str, deque[float]] = {}
        self._lock = asyncio.Lock()
        self._clock = clock
        self._max_keys = max_keys

    def now(self) -> float:
        return self._clock()

    def _prune(self, key: str, window: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            return deque()
        cutoff = self._clock() - window
        while events and events[0] <= cutoff:
            events.popleft()
        if not events:
            del self._events[key]
        return events

    async def add(self, key: str, window: float) -> int:
        async with self._lock:
            events = self._prune(key, window)
            if key not in self._events:
                if len(self._events) >= self._max_keys:
                    self._events.pop(next(iter(self._events)))
                self._events[key] = events
            events.append(self._clock())
            return len(events)

    async def count(self, key: str, window: float) -> tuple[int, float | None]:
        async with self._lock:
            events = self._prune(key, window)
            return len(events), (events[-1] if events else None)

    async def oldest(self, key: str, window: float) -> float | None:
        async with self._lock:
            events = self._prune(key, window)
            return events[0] if events else None

    async def clear(self, key: str) -> None:
        async with self._lock:
            self._events.pop(key, None)


class Throttle:
    """``limit`` events per ``window`` seconds per key; tells how long to wait when over."""

    def __init__(self, store: CounterStore, *, limit: int, window: float, prefix: str) -> None:
        self.store, self.limit, self.window, self.prefix = store, limit, window, prefix

    async def hit(self, key: str) -> int | None:
        """Count one event; return seconds to wait if the limit is exceeded, else ``None``."""
        full = f"{self.prefix}:{key}"
        n = await self.store.add(full, self.window)
        if n <= self.limit:
            return None
        oldest = await self.store.oldest(full, self.window)
        wait = (oldest + self.window - self.store.now()) if oldest is not None else self.window
        return max(1, math.ceil(wait))


class Lockout:
    """Lock an account for ``duration`` seconds after ``failures`` failed attempts."""

    def __init__(self, store: CounterStore, *, failures: int, duration: float) -> None:
        self.store, self.failures, self.duration = store, failures, duration

    async def locked_for(self, account: str) -> int | None:
        n, newest = await self.store.count(f"fail:{account}", self.duration)
        if n < self.failures or newest is None:
            return None
        return max(1, math.ceil(newest + self.duration - self.store.now()))

    async def fail(self, account: str) -> None:
        await self.store.add(f"fail:{account}", self.duration)

    async def reset(self, account: str) -> None:
        await self.store.clear(f"fail:{account}")


# Atomic sliding-window add: trim the window, add this event, count, expire the key.
_ADD_SCRIPT = """
local key, now, window, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, math.ceil(window * 1000))
return redis.call('ZCARD', key)
"""


class RedisCounterStore:
    """Sliding windows in Redis sorted sets: limits hold across every API process.

    Timestamps are the Redis server's clock (``TIME``), so processes with skewed clocks
    still agree.
    """

    def __init__(self, client: Any, prefix: str = "kinerja:rl:") -> None:
        self._redis = client
        self._prefix = prefix
        self._add = client.register_script(_ADD_SCRIPT)
        self._last_now = 0.0

    @classmethod
    def from_url(cls, url: str) -> RedisCounterStore:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))

    async def _now(self) -> float:
        seconds, micros = await self._redis.time()
        self._last_now = seconds + micros / 1_000_000
        return self._last_now

    def now(self) -> float:
        return self._last_now or time.time()

    async def add(self, key: str, window: float) -> int:
        now = await self._now()
        member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
        return int(await self._add(keys=[self._prefix + key], args=[now, window, member]))

    async def count(self, key: str, window: float) -> tuple[int, float | None]:
        now = await self._now()
        full = self._prefix + key
        events = await self._redis.zrangebyscore(full, now - window, "+inf", withscores=True)
        if not events:
            return 0, None
        return len(events), float(events[-1][1])

    async def oldest(self, key: str, window: float) -> float | None:
        now = await self._now()
        events = await self._redis.zrangebyscore(
            self._prefix + key, now - window, "+inf", start=0, num=1, withscores=True
        )
        return float(events[0][1]) if events else None

    async def clear(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def close(self) -> None:
        await self._redis.aclose()
