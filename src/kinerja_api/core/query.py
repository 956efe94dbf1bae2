"""Unknown query parameters are refused, on every operation, in one place.

A filter the operation does not have (``GET /appraisals?period_id=…&nip=…``) used to be
ignored, and the client got every row when it asked for one. :func:`reject_unknown_query`
compares the request's query keys with the query parameters the matched route declares —
its own and those of its dependencies, shared ones like ``limit``/``cursor``/``sort``
included, by their public names (aliases) — and answers 422 ``unknown_query_parameter`` with a
field error per unknown key, in the request language. It is a dependency of every ``/api/v1``
router (after authentication), so a route added later is covered without doing anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.utils import get_flat_params
from fastapi.params import Query
from fastapi.routing import APIRoute

from kinerja_api.core.errors import FieldError, UnknownQueryParameter

#: Declared names per route, by identity (routes compare by path, and live as long as the
#: process: the route is kept in the value so its id is never reused).
_DECLARED: dict[int, tuple[APIRoute, frozenset[str]]] = {}

M_UNKNOWN = {
    "id": "Parameter kueri {name} tidak dikenal. Parameter yang dapat dipakai: {allowed}",
    "en": "Unknown query parameter {name}. The parameters of this operation are: {allowed}",
}
M_UNKNOWN_NONE = {
    "id": "Parameter kueri {name} tidak dikenal. Operasi ini tidak menerima parameter kueri",
    "en": "Unknown query parameter {name}. This operation takes no query parameters",
}


def declared_query_names(route: APIRoute) -> frozenset[str]:
    """The public names of every query parameter of ``route`` (its dependencies included).

    Dependencies added where a router is included declare no query parameters here (the
    principal, this check); tests/test_unknown_query.py compares the result with the OpenAPI
    document for every operation, so one that did would be noticed."""
    cached = _DECLARED.get(id(route))
    if cached is not None:
        return cached[1]
    fields = get_flat_params(route.dependant)
    known = frozenset(f.alias for f in fields if isinstance(f.field_info, Query))
    _DECLARED[id(route)] = (route, known)
    return known


def unknown_query_errors(keys: Iterable[str], declared: frozenset[str]) -> list[FieldError]:
    """One field error per key not in ``declared`` (each reported once, in request order)."""
    unknown = list(dict.fromkeys(k for k in keys if k not in declared))
    allowed = ", ".join(sorted(declared))
    message = M_UNKNOWN if declared else M_UNKNOWN_NONE
    return [
        FieldError.of(name, "unknown_parameter", _format(message, name, allowed), location="query")
        for name in unknown
    ]


def _format(message: dict[str, str], name: str, allowed: str) -> dict[str, str]:
    return {lang: text.format(name=name, allowed=allowed) for lang, text in message.items()}


async def reject_unknown_query(request: Request) -> None:
    """Dependency: 422 ``unknown_query_parameter`` when the query names a parameter the
    matched operation does not declare."""
    if not request.query_params:
        return
    route: Any = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    errors = unknown_query_errors(request.query_params.keys(), declared_query_names(route))
    if errors:
        raise UnknownQueryParameter(errors=errors, names=", ".join(e.field for e in errors))


KnownQuery = Depends(reject_unknown_query)
