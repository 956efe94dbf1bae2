"""Every example shown in the OpenAPI document validates against its own schema."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from pydantic import BaseModel

from kinerja_api.auth import schemas as auth_schemas
from kinerja_api.indicators.goals import schemas as goal_schemas
from kinerja_api.indicators.skp import schemas as skp_schemas
from kinerja_api.organizations import schemas as org_schemas


def _examples() -> list[tuple[str, type[BaseModel], dict[str, Any]]]:
    found = []
    for module in (org_schemas, auth_schemas, goal_schemas, skp_schemas):
        for name, model in inspect.getmembers(module, inspect.isclass):
            if not issubclass(model, BaseModel) or model.__module__ != module.__name__:
                continue
            extra = model.model_config.get("json_schema_extra")
            if isinstance(extra, dict):
                for i, example in enumerate(extra.get("examples", [])):
                    found.append((f"{name}[{i}]", model, example))
    return found


EXAMPLES = _examples()


@pytest.mark.parametrize(("name", "model", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_is_valid(name: str, model: type[BaseModel], example: dict[str, Any]) -> None:
    model.model_validate(example)
