"""Integration as an agency's system does it: a Python client generated from the committed
openapi/openapi.json (openapi-python-client), used against a live server.

The client is generated into a temp dir during the run, never committed.
"""

from __future__ import annotations

import importlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from live_server import live_server

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "kinerja_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("generated")
    tool = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert tool, "openapi-python-client is a test dependency (pip install -e '.[test]')"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    result = subprocess.run(  # noqa: S603 - our own tool on our own spec
        [
            tool,
            "generate",
            "--path",
            str(ROOT / "openapi" / "openapi.json"),
            "--meta",
            "none",
            "--config",
            str(ROOT / "clients" / "python" / "openapi-python-client.yaml"),
            "--output-path",
            str(out / PACKAGE),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("client-server")) as base_url:
        yield base_url


def test_agency_system_scenario(generated: ModuleType, server: str) -> None:
    api = importlib.import_module(f"{PACKAGE}.api")
    models = importlib.import_module(f"{PACKAGE}.models")
    token_op = importlib.import_module(f"{api.__name__}.auth.auth_token")
    me_op = importlib.import_module(f"{api.__name__}.auth.auth_me")
    list_units = importlib.import_module(f"{api.__name__}.organizations.organizations_list_units")
    create_unit = importlib.import_module(f"{api.__name__}.organizations.organizations_create_unit")
    list_users = importlib.import_module(f"{api.__name__}.users.users_list_users")
    export_data = importlib.import_module(f"{api.__name__}.imports.imports_export_data")
    import_data = importlib.import_module(f"{api.__name__}.imports.imports_import_data")
    types = importlib.import_module(f"{PACKAGE}.types")

    anonymous = generated.Client(base_url=server)
    denied = token_op.sync_detailed(
        client=anonymous,
        body=models.BodyAuthToken(username="admin.dinkes", password="salah-123456"),
    )
    assert denied.status_code == 401
    assert isinstance(denied.parsed, models.Problem)
    assert denied.parsed.code == "invalid_credentials"

    tokens = token_op.sync(
        client=anonymous,
        # The instansi admin (BKPSDM): bulk export and import are for the whole instansi.
        body=models.BodyAuthToken(username="bkpsdm.palu", password="Demo-Admin-2026"),
    )
    assert isinstance(tokens, models.TokenPair)
    client = generated.AuthenticatedClient(base_url=server, token=tokens.access_token)

    me = me_op.sync(client=client)
    assert me.username == "bkpsdm.palu"
    org_id = me.organization_id

    people = list_users.sync(org_id=org_id, client=client, limit=2)
    assert isinstance(people, models.PageUserRead)
    assert len(people.items) == 2
    assert people.next_cursor
    rest = list_users.sync(org_id=org_id, client=client, cursor=people.next_cursor, limit=50)
    assert {u.username for u in people.items} | {u.username for u in rest.items} >= {
        "admin.dinkes",
        "perawat.siti",
    }

    units = list_units.sync(org_id=org_id, client=client)
    root = next(u for u in units.items if u.code == "DINKES")
    created = create_unit.sync_detailed(
        org_id=org_id,
        client=client,
        body=models.UnitCreate(
            code="PKM-BIROBULI", name="UPTD Puskesmas Birobuli", parent_id=root.id
        ),
        idempotency_key="agency-sync-0001",
    )
    assert created.status_code == 201
    again = create_unit.sync_detailed(
        org_id=org_id,
        client=client,
        body=models.UnitCreate(
            code="PKM-BIROBULI", name="UPTD Puskesmas Birobuli", parent_id=root.id
        ),
        idempotency_key="agency-sync-0001",
    )
    assert again.status_code == 201
    assert again.parsed.id == created.parsed.id

    # A download is binary (an XLSX file is a ZIP archive), not text parsed as JSON.
    exported = export_data.sync_detailed(
        org_id=org_id,
        kind=models.ImportKind.UNITS,
        client=client,
        format_=models.TableFormat.XLSX,
    )
    assert exported.status_code == 200
    assert isinstance(exported.parsed, types.File)
    workbook = exported.parsed.payload.read()
    assert workbook.startswith(b"PK")
    assert "attachment" in exported.headers["content-disposition"]

    # An upload: the same file back as a dry run of the import (nothing is written).
    uploaded = import_data.sync_detailed(
        org_id=org_id,
        kind=models.ImportKind.UNITS,
        client=client,
        dry_run=True,
        body=models.BodyImportsImportData(
            file=types.File(
                payload=io.BytesIO(workbook),
                file_name="units.xlsx",
                mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        ),
    )
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.parsed.dry_run is True
    assert uploaded.parsed.rows > 0
