"""The one place appraisal services take "now" from; tests override :func:`current_time`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends


def current_time() -> datetime:
    return datetime.now(UTC)


Now = Annotated[datetime, Depends(current_time)]
