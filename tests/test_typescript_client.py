"""Integration as an agency's TypeScript frontend does it: types generated from the committed
openapi/openapi.json (openapi-typescript), calls through openapi-fetch, compiled with
``tsc --strict`` and run with node against a live server.

The program is clients/typescript/src/scenario.ts; the npm packages are pinned by
clients/typescript/package-lock.json and installed by scripts/test. The generated types and the
compiled program go to clients/typescript/generated and dist (not committed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import live_server

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "clients" / "typescript"


def _run(*command: str, timeout: int = 300) -> str:
    result = subprocess.run(  # noqa: S603 - our own tools on our own files
        list(command), cwd=CLIENT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def program() -> Path:
    node = shutil.which("node")
    assert node, "node is needed for the TypeScript client (scripts/test installs it)"
    tsc = CLIENT / "node_modules" / ".bin" / "tsc"
    assert tsc.exists(), "npm packages missing: run scripts/test (npm ci in clients/typescript)"
    _run(node, "generate.mjs")
    _run(str(tsc), "-p", "tsconfig.json", "--strict", "--noEmit")
    _run(str(tsc), "-p", "tsconfig.json")
    return CLIENT / "dist" / "src" / "scenario.js"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("ts-client-server")) as base_url:
        yield base_url


def test_typescript_client_scenario(program: Path, server: str) -> None:
    node = shutil.which("node")
    assert node
    seen = json.loads(_run(node, str(program), server, timeout=120).strip().splitlines()[-1])
    assert seen["pages"] >= 2  # limit 5: the demo staff member has more reports than a page
    assert seen["reports"] >= 6
    assert seen["etag"] == '"1"'
    assert seen["location"] == f"/api/v1/activity-reports/{seen['created']}"
    assert seen["replayed"] == "true"
    assert seen["same_id"] is True
    assert seen["stale_code"] == "version_mismatch"
    assert seen["status"] == "approved"
    assert seen["new_etag"] == '"2"'
    assert seen["xlsx_magic"] == "PK"
    assert seen["xlsx_bytes"] > 1000
    assert seen["content_type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert seen["disposition"].startswith("attachment")
