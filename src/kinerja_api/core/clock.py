"""The one clock: every "now" a rule depends on comes from :func:`now`.

What day it is in an organization (``organizations.service.org_today``), whether a daily
report is late, whether an appraisal period or an objection window is open: all of it reads
this clock, so a test can set the time (:func:`set_clock`, the ``clock`` fixtures) and every
layer sees the same instant. Routers take it as the :data:`Now` dependency. Record timestamps
(``core.db.utcnow``: created, updated, revoked at) keep the wall clock: they say when a row
was written, not what day the rules believe it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends

_source: Callable[[], datetime] | None = None


def now() -> datetime:
    """The current instant (timezone-aware UTC) by the clock in force."""
    return _source() if _source is not None else datetime.now(UTC)


def set_clock(source: Callable[[], datetime] | None) -> None:
    """Take "now" from ``source`` (tests); ``None`` returns to the system clock."""
    global _source
    _source = source


def current_time() -> datetime:
    """The ``Now`` dependency: :func:`now` at the start of the request's handler."""
    return now()


Now = Annotated[datetime, Depends(current_time)]
