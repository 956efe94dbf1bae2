"""The API under test: uvicorn in a subprocess on a free loopback port, and /proc figures.

CPU is split between the API (uvicorn and its workers), the database (PostgreSQL backends
of the benchmark database; SQLite runs inside the API), the driver (this process) and
everything else on the machine, which shows when other work disturbed a run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx

HOST = "127.0.0.1"
_TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _pids() -> Iterator[Path]:
    return (entry for entry in Path("/proc").iterdir() if entry.name.isdigit())


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (uvicorn's workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in _pids():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14, 15)


def postgres_backends(database: str) -> list[int]:
    """PostgreSQL server processes serving ``database`` (their title names it)."""
    found = []
    for entry in _pids():
        try:
            title = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and f" {database} ".encode() in title:
            found.append(int(entry.name))
    return found


def machine_busy_seconds() -> float:
    """CPU time all CPUs spent on anything but idling (steal included) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / _TICK


@dataclass(frozen=True)
class CpuSnapshot:
    machine: float
    api: dict[int, float]  # pid: CPU seconds
    db: dict[int, float] | None  # None: no separate database server (SQLite)
    driver: float

    @classmethod
    def take(cls, api_root: int, database: str | None) -> CpuSnapshot:
        return cls(
            machine=machine_busy_seconds(),
            api={pid: cpu_seconds(pid) for pid in process_tree(api_root)},
            db={pid: cpu_seconds(pid) for pid in postgres_backends(database)} if database else None,
            driver=time.process_time(),
        )


@dataclass(frozen=True)
class CpuShares:
    """CPU used during a measurement, in CPUs (1.0 = one CPU busy all the time)."""

    api: float
    db: float | None  # None: the database runs inside the API (SQLite)
    driver: float
    other: float

    @classmethod
    def between(cls, start: CpuSnapshot, end: CpuSnapshot, seconds: float) -> CpuShares:
        def grown(before: dict[int, float], after: dict[int, float]) -> float:
            return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())

        api = grown(start.api, end.api)
        db = grown(start.db or {}, end.db or {})
        driver = end.driver - start.driver
        other = max(0.0, end.machine - start.machine - api - db - driver)
        return cls(
            api=api / seconds,
            db=None if end.db is None else db / seconds,
            driver=driver / seconds,
            other=other / seconds,
        )


class RssSampler(threading.Thread):
    """Samples the summed RSS of a process tree; keeps the overall and a resettable peak."""

    def __init__(self, root: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.root, self.interval = root, interval
        self.peak = self.window_peak = 0
        self._stop_event = threading.Event()
        self._lock = threading.Lock()

    def sample(self) -> int:
        rss = sum(rss_bytes(pid) for pid in process_tree(self.root))
        with self._lock:
            self.peak = max(self.peak, rss)
            self.window_peak = max(self.window_peak, rss)
        return rss

    def take_window_peak(self) -> int:
        """Peak since the last call (one scenario's peak)."""
        self.sample()
        with self._lock:
            peak, self.window_peak = self.window_peak, 0
        return peak

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop_event.set()


class ApiServer:
    """``with ApiServer(env, workers=2) as api:`` runs uvicorn and always stops it."""

    def __init__(self, env: Mapping[str, str], *, workers: int, log_path: Path) -> None:
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def __enter__(self) -> ApiServer:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "kinerja_api.main:create_app",
            "--factory",
            f"--host={HOST}",
            f"--port={self.port}",
            f"--workers={self.workers}",
            "--no-access-log",
            "--log-level=warning",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
                command,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one below
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.base_url, trust_env=False, timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"uvicorn exited early:\n{self.log_tail()}")
                try:
                    ready = client.get("/health/live").status_code == 200
                except httpx.TransportError:
                    ready = False
                # With --workers N uvicorn supervises N worker processes: wait for them all.
                if ready and (self.workers == 1 or len(process_tree(self.pid)) > self.workers):
                    time.sleep(0.5 if self.workers > 1 else 0)  # let the last one bind
                    return
                time.sleep(0.1)
        raise RuntimeError(f"uvicorn not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (graceful shutdown), then SIGKILL to the server's own process group."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
