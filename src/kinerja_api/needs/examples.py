"""Ids and stamps shared by the OpenAPI examples of the needs sub-domains (surveys, the needs
register, workload, development), so one story reads the same across their schemas."""

from __future__ import annotations

from typing import Any

ORG_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00"
SURVEY_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1001"
GOAL_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0e01"
NEED_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e2001"
#: The unit of the survey and needs examples.
UNIT_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b05"
#: The unit and position of the workload (ABK) and development examples.
ABK_UNIT_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b04"
POSITION_ID = "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c06"
STAMPS: dict[str, Any] = {
    "created_at": "2026-03-02T01:00:00Z",
    "updated_at": "2026-03-02T01:00:00Z",
    "version": 1,
}
