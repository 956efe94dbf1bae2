"""The layer order of the domains holds (``lint-imports``, contracts in pyproject.toml), and
the narrow views auth keeps of the organizations tables above it match those tables."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja_api.auth.models import EMPLOYEE_NIP, ORGANIZATION_STATUS
from kinerja_api.organizations.models import Employee, Organization

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("view", "table"),
    [(ORGANIZATION_STATUS, Organization.__table__), (EMPLOYEE_NIP, Employee.__table__)],
)
def test_auth_views_match_the_organizations_tables(view: object, table: object) -> None:
    assert view.name == table.name  # type: ignore[attr-defined]
    for column in view.c:  # type: ignore[attr-defined]
        owner = table.c[column.name]  # type: ignore[attr-defined]
        assert owner.type.python_type is column.type.python_type, column.name


def test_import_layers_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is a test dependency"
    result = subprocess.run(  # noqa: S603 - the installed tool, on this checkout
        [lint], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
