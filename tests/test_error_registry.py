"""The registry of problem codes (``core.errors.error_codes``): every named error registers its
code and status, a code means one status, and converted domains raise only named errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kinerja_api.main  # every domain imported: every code registered
from kinerja_api.core.errors import AppError, error_codes, register_code

SRC = Path(kinerja_api.main.__file__).parent
#: Every package: each problem code it answers with is registered (named classes in its
#: ``errors.py``; framework-level codes by ``register_code``).
CONVERTED = tuple(
    sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())
)
#: Packages that raise only named errors (no ``code="..."`` anywhere). ``core`` renders a
#: few framework problems directly (registered all the same).
NAMED_ONLY = tuple(p for p in CONVERTED if p != "core")


#: Modules whose ``code=`` values are not problem codes: file-level import errors (field-error
#: types) and SKP blockers (codes of the "what blocks me" view).
NOT_PROBLEMS = frozenset({"tabular.py", "rules.py"})


def _subclasses(cls: type[AppError]) -> list[type[AppError]]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_every_named_error_is_registered_with_its_status() -> None:
    codes = error_codes()
    for cls in _subclasses(AppError):
        assert codes.get(cls.code) == cls.status, cls


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("not_found", 404),
        ("validation_failed", 422),
        ("version_mismatch", 412),
        ("invalid_text", 422),
        ("internal_error", 500),
        ("method_not_allowed", 405),
        ("account_locked", 429),
        ("invalid_credentials", 401),
        ("password_change_required", 403),
        ("integrity_conflict", 409),
    ],
)
def test_registry_lists_the_codes_the_api_answers_with(code: str, status: int) -> None:
    assert error_codes()[code] == status


def test_a_code_means_one_status() -> None:
    assert register_code("not_found", 404) == "not_found"
    with pytest.raises(TypeError, match="not_found"):
        register_code("not_found", 409)
    with pytest.raises(TypeError, match="account_locked"):

        class Clash(AppError):
            status = 409
            code = "account_locked"


def test_codes_are_sorted_snake_case() -> None:
    codes = list(error_codes())
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes)


@pytest.mark.parametrize("package", CONVERTED)
def test_converted_domains_answer_only_with_registered_codes(package: str) -> None:
    """Codes written where they are used (``problem_response(code=...)``) are registered too."""
    codes = error_codes()
    unregistered = [
        f"{path.relative_to(SRC)}:{n} {code}"
        for path in sorted((SRC / package).rglob("*.py"))
        if path.name not in NOT_PROBLEMS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for code in re.findall(r"\bcode=\"(\w+)\"", line)
        if code not in codes
    ]
    assert unregistered == [], "name these errors in the package's errors.py"


@pytest.mark.parametrize("package", NAMED_ONLY)
def test_converted_domains_raise_named_errors_only(package: str) -> None:
    inline = [
        f"{path.name}:{n}"
        for path in sorted((SRC / package).rglob("*.py"))
        if path.name not in NOT_PROBLEMS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bcode=\"", line)
    ]
    assert inline == []
