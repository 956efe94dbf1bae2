"""Optimistic concurrency over HTTP: ``ETag`` out, ``If-Match`` in, 412 on mismatch."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from kinerja_api.core.errors import PreconditionFailed

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="ETag from a previous read. The change is refused with 412 if the resource "
        "has changed since.",
        examples=['"3"'],
        max_length=64,
    ),
]


def etag_of(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_of(version)


def created(response: Response, location: str, version: int) -> None:
    """Headers of a 201: where the new resource is, and its ETag (for the next ``If-Match``)."""
    response.headers["Location"] = location
    set_etag(response, version)


def check_if_match(if_match: str | None, version: int) -> None:
    """Raise 412 when the client's ETag is stale. Absent header: last write wins."""
    if if_match is None:
        return
    current = etag_of(version)
    candidates = {c.strip().removeprefix("W/") for c in if_match.split(",")}
    if "*" not in candidates and current not in candidates:
        raise PreconditionFailed()
