"""Bodies of the notification feed."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class NotificationRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1a01",
                    "kind": "skp.returned",
                    "message": "SKP 2026 Anda dikembalikan untuk diperbaiki: Target kurang jelas",
                    "subject_type": "skp",
                    "subject_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1b01",
                    "created_at": "2026-12-05T01:00:00Z",
                    "read_at": None,
                }
            ]
        }
    )

    id: uuid.UUID
    kind: str = Field(description="The event type (as in webhooks), e.g. `skp.returned`.")
    message: str = Field(description="In the request's language (`Accept-Language`).")
    subject_type: str
    subject_id: uuid.UUID
    created_at: datetime
    read_at: datetime | None


class MarkRead(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"ids": ["0190f0b2-7c4e-7d2a-9a51-3a3c5c9e1a01"]}]},
    )

    ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=500,
        description="The notifications to mark read; omitted: all of mine. Ids that are not "
        "mine change nothing.",
    )


class MarkedRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"marked": 1}]})

    marked: int
