"""A real API server for end-to-end tests: ``kinerja serve --demo`` on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

SERVER_START_SECONDS = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _is_ready(base_url: str) -> bool:
    try:
        with urlopen(f"{base_url}/health/ready", timeout=2) as resp:  # noqa: S310 (local http)
            return bool(resp.status == 200)
    except (URLError, OSError):
        return False


@contextmanager
def live_server(workdir: Path, *, settings: dict[str, str] | None = None) -> Iterator[str]:
    """Run the API on a free loopback port; yield the base URL. Output goes to
    ``workdir / "server.log"``.

    Without ``settings``: demo data on its own SQLite file in ``workdir``. With ``settings``
    (``KINERJA_*`` variables, e.g. the test database and secret): that database, already
    migrated, as it is — no demo data, no migrations.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    command = [sys.executable, "-m", "kinerja_api.cli", "serve", "--port", str(port)]
    if settings is None:
        env.update(
            KINERJA_ENVIRONMENT="development",
            KINERJA_DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'kinerja.db'}",
            KINERJA_LOG_LEVEL="WARNING",
        )
        command.append("--demo")
    else:
        env.update({"KINERJA_LOG_LEVEL": "WARNING", **settings})
        command.append("--no-migrate")
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        # cwd=workdir: no stray .env or ./kinerja.db of the checkout is picked up.
        proc = subprocess.Popen(  # noqa: S603 (fixed command)
            command, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _is_ready(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text(errors="replace")[-4000:]
                pytest.fail(f"server did not become ready at {base_url}:\n{output}")
            time.sleep(0.2)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
