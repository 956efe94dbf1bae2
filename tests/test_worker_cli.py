"""`kinerja worker` as an operator runs it: one round, and a graceful stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

KINERJA = str(Path(sys.executable).with_name("kinerja"))


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "KINERJA_ENVIRONMENT": "development",
        "KINERJA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'w.db'}",
        "KINERJA_LOG_LEVEL": "WARNING",
        "KINERJA_WORKER_POLL_SECONDS": "0.2",
    }


def test_worker_once_then_runs_until_sigterm(tmp_path: Path) -> None:
    env = _env(tmp_path)
    upgrade = subprocess.run(  # noqa: S603 - our own entry point
        [KINERJA, "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert upgrade.returncode == 0, upgrade.stderr
    once = subprocess.run(  # noqa: S603
        [KINERJA, "worker", "--once"], env=env, capture_output=True, text=True, timeout=120
    )
    assert once.returncode == 0, once.stderr
    assert "0 events dispatched, 0 delivered, 0 failed" in once.stdout
    process = subprocess.Popen(  # noqa: S603
        [KINERJA, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert "worker started" in process.stdout.readline()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "worker stopped" in out
