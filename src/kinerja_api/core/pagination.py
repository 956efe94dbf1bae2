"""Keyset pagination shared by every list endpoint.

Lists return ``{"items": [...], "next_cursor": "...", "limit": n}``. The cursor is an opaque
base64url token holding the sort key and the last row's (value, id); it stays correct and
fast however deep the client pages, unlike OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar, cast, overload

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, TypeDecorator, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from kinerja_api.core.config import Settings
from kinerja_api.core.deps import get_app_settings
from kinerja_api.core.errors import invalid_field
from kinerja_api.core.patterns import SORT_PATTERN

T = TypeVar("T")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class Page(BaseModel, Generic[T]):
    """One page of a list. Pass ``next_cursor`` back as ``cursor`` for the next page."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Opaque cursor of the next page; null on the last page."
    )
    limit: int = Field(description="Page size used for this page.", examples=[50])


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None
    sort: str | None


def page_params(
    settings: Annotated[Settings, Depends(get_app_settings)],
    limit: Annotated[
        int | None,
        Query(ge=1, description="Page size; capped by the server maximum (200 by default)."),
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
    ] = None,
    sort: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=SORT_PATTERN,
            description="Sort field; prefix with `-` for descending. Allowed fields are listed "
            "per endpoint.",
        ),
    ] = None,
) -> PageParams:
    size = settings.page_size_default if limit is None else min(limit, settings.page_size_max)
    return PageParams(limit=size, cursor=cursor, sort=sort)


PageDep = Annotated[PageParams, Depends(page_params)]


def encode_cursor(payload: Sequence[Any]) -> str:
    raw = json.dumps(list(payload), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise invalid_field(
            "cursor", "invalid_cursor", "Cursor tidak valid", "Invalid cursor", location="query"
        ) from exc
    if not isinstance(data, list):
        raise invalid_field(
            "cursor", "invalid_cursor", "Cursor tidak valid", "Invalid cursor", location="query"
        )
    return data


def _coerce(column: InstrumentedAttribute[Any], value: Any) -> Any:
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # e.g. UTCDateTime: its python_type is `object`
        column_type = column_type.impl_instance
    try:
        py = column_type.python_type
    except NotImplementedError:
        return value
    try:
        if py is uuid.UUID:
            return uuid.UUID(str(value))
        if py is datetime:
            return datetime.fromisoformat(str(value))
        if py is date:
            return date.fromisoformat(str(value))
        if py is int:
            number = int(value)
            if not INT64_MIN <= number <= INT64_MAX:  # the database cannot compare it
                raise ValueError("out of range")
            return number
        if py is float:
            return float(value)
        if py is str:
            if not isinstance(value, str) or "\x00" in value:
                raise ValueError("not text")
            return value
    except (ValueError, TypeError, OverflowError) as exc:
        raise invalid_field(
            "cursor", "invalid_cursor", "Cursor tidak valid", "Invalid cursor", location="query"
        ) from exc
    return value


M = TypeVar("M")


@overload
async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    sorts: Mapping[str, InstrumentedAttribute[Any]],
    default_sort: str,
    id_column: InstrumentedAttribute[Any],
) -> tuple[list[Any], str | None]: ...


@overload
async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    sorts: Mapping[str, InstrumentedAttribute[Any]],
    default_sort: str,
    id_column: InstrumentedAttribute[Any],
    into: type[M] | Callable[[Any], M],
) -> Page[M]: ...


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    sorts: Mapping[str, InstrumentedAttribute[Any]],
    default_sort: str,
    id_column: InstrumentedAttribute[Any],
    into: type[M] | Callable[[Any], M] | None = None,
) -> tuple[list[Any], str | None] | Page[M]:
    """Apply sort + keyset cursor + limit to ``stmt`` (selecting one entity) and run it.

    Without ``into``: the rows and the next cursor. With ``into`` (a schema, read from each
    row's attributes, or a function of a row): the :class:`Page` a list endpoint returns.
    """
    rows, next_cursor = await _keyset(
        session, stmt, params, sorts=sorts, default_sort=default_sort, id_column=id_column
    )
    if into is None:
        return rows, next_cursor
    if isinstance(into, type) and issubclass(into, BaseModel):
        items: list[Any] = [into.model_validate(r) for r in rows]  # from the row's attributes
    else:
        convert = cast(Callable[[Any], Any], into)  # a function of a row
        items = [convert(r) for r in rows]
    return Page(items=items, next_cursor=next_cursor, limit=params.limit)


async def _keyset(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    sorts: Mapping[str, InstrumentedAttribute[Any]],
    default_sort: str,
    id_column: InstrumentedAttribute[Any],
) -> tuple[list[Any], str | None]:
    sort = params.sort or default_sort
    name = sort.lstrip("-")
    if name not in sorts:
        allowed = ", ".join(sorted(sorts))
        raise invalid_field(
            "sort",
            "invalid_sort",
            f"Urutan tidak dikenal; pilihan: {allowed}",
            f"Unknown sort field; allowed: {allowed}",
            location="query",
        )
    desc = sort.startswith("-")
    col = sorts[name]
    if params.cursor:
        data = decode_cursor(params.cursor)
        if len(data) != 3 or data[0] != sort:
            raise invalid_field(
                "cursor",
                "invalid_cursor",
                "Cursor tidak cocok dengan urutan",
                "Cursor does not match sort",
                location="query",
            )
        last_value, last_id = _coerce(col, data[1]), _coerce(id_column, data[2])
        key, last = tuple_(col, id_column), tuple_(last_value, last_id)
        stmt = stmt.where(key < last if desc else key > last)
    order = (col.desc(), id_column.desc()) if desc else (col.asc(), id_column.asc())
    rows = list((await session.scalars(stmt.order_by(*order).limit(params.limit + 1))).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        last_row = rows[-1]
        next_cursor = encode_cursor(
            [sort, getattr(last_row, col.key), getattr(last_row, id_column.key)]
        )
    return rows, next_cursor


class ListEnvelope(BaseModel):
    """The page fields of a report whose rows are computed (ranks, gaps, sums): the rows are
    ``items``, in the report's fixed order, next to the report's summary fields."""

    next_cursor: str | None = Field(
        default=None, description="Opaque cursor of the next page; null on the last page."
    )
    limit: int = Field(default=0, description="Page size used for this page.", examples=[50])


E = TypeVar("E", bound=ListEnvelope)


def page_slice(items: Sequence[T], params: PageParams, *, order: str) -> tuple[list[T], str | None]:
    """One page of a list computed in memory, in its one fixed ``order`` (named in the
    cursor; a ``sort`` other than it is refused with 422)."""
    if params.sort is not None and params.sort != order:
        raise invalid_field(
            "sort",
            "invalid_sort",
            f"Urutan tidak dikenal; pilihan: {order}",
            f"Unknown sort field; allowed: {order}",
            location="query",
        )
    start = 0
    if params.cursor:
        data = decode_cursor(params.cursor)
        if (
            len(data) != 2
            or data[0] != order
            or not isinstance(data[1], int)
            or isinstance(data[1], bool)
            or data[1] < 0
        ):
            raise invalid_field(
                "cursor",
                "invalid_cursor",
                "Cursor tidak cocok dengan urutan",
                "Cursor does not match sort",
                location="query",
            )
        start = data[1]
    end = start + params.limit
    return list(items[start:end]), encode_cursor([order, end]) if end < len(items) else None


def paged(report: E, params: PageParams, *, order: str) -> E:
    """``report`` with one page of its ``items`` (see :func:`page_slice`)."""
    items, cursor = page_slice(report.items, params, order=order)  # type: ignore[attr-defined]
    return report.model_copy(update={"items": items, "next_cursor": cursor, "limit": params.limit})
