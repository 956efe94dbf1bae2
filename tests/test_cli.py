"""The `kinerja` command as an operator uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PG_URL
from kinerja_api import cli
from kinerja_api.core.config import get_settings

KINERJA = str(Path(sys.executable).with_name("kinerja"))


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "KINERJA_ENVIRONMENT": "development", **(env or {})}
    full_env.pop("KINERJA_DATABASE_URL", None) if env is None else None
    return subprocess.run(  # noqa: S603 - our own entry point
        [KINERJA, *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=120,
        check=False,
    )


@dataclass
class Outcome:
    """What an in-process run of the command left: exit code, output, uncaught exception."""

    returncode: int
    stdout: str
    stderr: str
    exception: BaseException | None


def invoke(*args: str, env: dict[str, str] | None = None) -> Outcome:
    """The command run in this process (a subprocess costs ~1.5 s of imports each time).

    The environment is the one :func:`run` gives the subprocess; settings are read afresh for
    the run. An exception the command did not turn into an exit code is kept in ``exception``
    (``run`` would show it as a traceback on stderr).
    """
    variables: dict[str, str | None] = {"KINERJA_ENVIRONMENT": "development"}
    if env is None:
        variables["KINERJA_DATABASE_URL"] = None
    variables.update(env or {})
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli.app, list(args), env=variables)
    finally:
        get_settings.cache_clear()
    unexpected = None if isinstance(result.exception, SystemExit) else result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr, unexpected)


def test_help_lists_commands() -> None:
    """Through the installed ``kinerja`` script, as the operator runs it."""
    result = run("--help")
    assert result.returncode == 0
    for name in ("serve", "db", "create-admin", "demo-data", "openapi"):
        assert name in result.stdout
    db_help = run("db", "--help").stdout
    assert "upgrade" in db_help
    assert "partitions" in db_help


def test_partitions_command_on_sqlite_creates_nothing(tmp_path: Path) -> None:
    """SQLite has no partitioning (on PostgreSQL: tests/test_migrations.py)."""
    env = {"KINERJA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'plain.db'}"}
    assert invoke("db", "upgrade", env=env).returncode == 0
    result = invoke("db", "partitions", "--ahead", "2", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no partition to create"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nosuchdb://x/y", "bad KINERJA_DATABASE_URL"),
        ("postgresql+asyncpg://postgres@127.0.0.1:1/nothing", "cannot reach the database"),
    ],
)
def test_database_errors_are_clear(url: str, message: str) -> None:
    result = invoke("db", "upgrade", env={"KINERJA_DATABASE_URL": url})
    assert result.returncode == 1
    assert message in result.stderr
    assert result.exception is None  # no traceback: the error was turned into a message


def test_invalid_configuration_is_reported() -> None:
    result = invoke("db", "upgrade", env={"KINERJA_ENVIRONMENT": "production"})
    assert result.returncode == 1
    assert "KINERJA_SECRET_KEY" in result.stderr


def _db_url(tmp_path: Path) -> str:
    return PG_URL or f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"


@pytest.mark.skipif(bool(PG_URL), reason="writes demo rows; the PostgreSQL test database is shared")
def test_demo_data_is_idempotent_and_prints_accounts(tmp_path: Path) -> None:
    env = {"KINERJA_DATABASE_URL": _db_url(tmp_path)}
    first = invoke("demo-data", env=env)
    assert first.returncode == 0, first.stderr
    assert "perawat.siti" in first.stdout
    assert "Demo-Staf-2026" in first.stdout
    second = invoke("demo-data", env=env)
    assert second.returncode == 0, second.stderr
    down = invoke("db", "downgrade", "base", env=env)
    assert down.returncode == 0, down.stderr


@pytest.mark.skipif(bool(PG_URL), reason="writes rows; the PostgreSQL test database is shared")
def test_create_admin_enforces_password_rules(tmp_path: Path) -> None:
    env = {"KINERJA_DATABASE_URL": _db_url(tmp_path)}
    assert invoke("db", "upgrade", env=env).returncode == 0
    weak = invoke("create-admin", "--username", "root", "--password", "pendek", env=env)
    assert weak.returncode == 1
    assert "minimal" in weak.stderr.lower()
    ok = invoke(
        "create-admin", "--username", "ops.admin", "--password", "Platform-Kuat-2026", env=env
    )
    assert ok.returncode == 0, ok.stderr
    again = invoke(
        "create-admin", "--username", "ops.admin", "--password", "Platform-Kuat-2026", env=env
    )
    assert again.returncode == 1


def test_openapi_export_check(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    assert invoke("openapi", "export", "--output", str(out)).returncode == 0
    assert invoke("openapi", "export", "--output", str(out), "--check").returncode == 0
    out.write_text("{}", encoding="utf-8")
    stale = invoke("openapi", "export", "--output", str(out), "--check")
    assert stale.returncode == 1
    assert "out of date" in stale.stderr
