"""Pure ASGI middleware: request id, language, security headers, body limit, access log,
metrics, and the last-resort 500 problem document (never a stack trace)."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import fastapi.routing
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kinerja_api.core.contract import TYPE_MESSAGES, Contract
from kinerja_api.core.db import is_unavailable
from kinerja_api.core.errors import (
    INTERNAL_DETAIL,
    INTERNAL_TITLE,
    FieldError,
    FieldLocation,
    InvalidText,
    PayloadTooLarge,
    ServiceUnavailable,
    UnprocessableEntity,
    UnsupportedMediaType,
    allowed_methods,
    method_not_allowed,
    problem_response,
    render_app_error,
)
from kinerja_api.core.i18n import negotiate, set_lang, t
from kinerja_api.core.logging import request_id_var
from kinerja_api.core.validation import (
    NUL_MESSAGE,
    invalid_text_in_pairs,
    invalid_text_location,
    printable_field,
)

log = logging.getLogger("kinerja.http")
FORM = "application/x-www-form-urlencoded"
_RID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
API_ONLY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


class Metrics:
    def __init__(self) -> None:
        #: full path template per route object, filled by :meth:`index_routes`
        self.route_paths: dict[int, str] = {}
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kinerja_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "kinerja_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )

    def index_routes(self, routes: Sequence[Any]) -> None:
        """Remember each route's full path template (routers may be nested with prefixes)."""
        iterate = getattr(fastapi.routing, "iter_route_contexts", None)
        if iterate is None:  # older FastAPI flattens included routes itself
            self.route_paths = {id(r): r.path for r in routes if hasattr(r, "path")}
            return
        self.route_paths = {
            id(ctx.original_route): ctx.path_format for ctx in iterate(routes) if ctx.path_format
        }

    def label(self, route: Any) -> str:
        if route is None:
            return "unmatched"
        return self.route_paths.get(id(route)) or getattr(route, "path", None) or "unmatched"


class _BodyTooLarge(HTTPException):
    """Raised while the body is read. An HTTPException so that FastAPI's body parsing passes
    it on (instead of reporting a malformed body) and the app renders it as a 413 problem."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413)
        self.limit = limit


@dataclass(frozen=True)
class BodyLimit:
    """A body limit for the paths matching ``path`` instead of the general one (uploads).

    ``max_bytes`` is the limit reported to the client; ``allowance`` is accepted on top of it
    for framing (multipart boundaries and part headers), so the endpoint itself can check the
    file against ``max_bytes`` exactly.
    """

    path: re.Pattern[str]
    max_bytes: int
    allowance: int = 0


Invalid = tuple[FieldLocation, str, dict[str, str]]  # location, field, message


def _invalid_in_url(scope: Scope) -> Invalid | None:
    """(location, field, message) of text no column can store in the path or the query.

    Percent-decoding replaces invalid UTF-8, so only NUL can arrive here."""
    if "\x00" in scope.get("path", ""):
        return "path", "path", NUL_MESSAGE
    query: bytes = scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        found = invalid_text_in_pairs(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
        if found is not None:
            return "query", found[0], found[1]
    return None


def _media_type(headers: dict[bytes, bytes]) -> str:
    return headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()


def _is_text_body(headers: dict[bytes, bytes]) -> bool:
    media = _media_type(headers)
    return media == FORM or media.endswith(("/json", "+json"))


#: A JSON escape of a surrogate (``\\ud800``–``\\udfff``): a paired one is fine, a lone one
#: is not, which only the decoded text tells.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _invalid_in_body(headers: dict[bytes, bytes], body: bytes) -> Invalid | None:
    """(location, field, message) of text no column can store (NUL, a lone surrogate) in a
    JSON or URL-encoded body, keys included.

    Bodies that are not valid JSON are left to the endpoint, which reports them as malformed.
    """
    if _media_type(headers) == FORM:
        if b"%00" not in body and b"\x00" not in body:
            return None
        text = body.decode("utf-8", errors="replace")
        found = invalid_text_in_pairs(parse_qsl(text, keep_blank_values=True))
        return None if found is None else ("body", found[0], found[1])
    if b"\\u0000" not in body and b"\x00" not in body and not _SURROGATE_ESCAPE.search(body):
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested too deep: the endpoint says so
        return None
    located = invalid_text_location(document)
    return None if located is None else ("body", located[0], located[1])


def _is_json(headers: dict[bytes, bytes]) -> bool:
    return _media_type(headers).endswith(("/json", "+json"))


def _contract(scope: Scope) -> Contract | None:
    app = scope.get("app")
    if app is None or not scope.get("path", "").startswith("/api/"):
        return None
    contract: Contract | None = getattr(app.state, "contract", None)
    if contract is None:
        contract = app.state.contract = Contract(app.openapi())
    return contract


def _unsupported_media(scope: Scope, headers: dict[bytes, bytes]) -> list[str]:
    """The accepted media types when a request sends a body of a type the operation does not
    take (415), else nothing. A request without a body is left to the endpoint."""
    declared = headers.get(b"content-length")
    has_body = (declared is not None and declared not in (b"0", b"")) or (
        b"transfer-encoding" in headers
    )
    if not has_body:
        return []
    contract = _contract(scope)
    if contract is None:
        return []
    operation = contract.operation(scope.get("method", ""), scope.get("path", ""))
    if operation is None:
        return []
    return contract.unsupported_media(operation, _media_type(headers))


def _contract_violation(
    scope: Scope, headers: dict[bytes, bytes], body: bytes | None
) -> Invalid | None:
    """A JSON body or query value of another type (or a date out of range) than the
    document says (see :mod:`kinerja_api.core.contract`)."""
    query: bytes = scope.get("query_string", b"")
    contract = _contract(scope) if body or query else None
    if contract is None:
        return None
    operation = contract.operation(scope.get("method", ""), scope.get("path", ""))
    if operation is None:
        return None
    violation = None
    if body:
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested too deep: the endpoint says so
            document = None
        if document is not None:
            violation = contract.body_violation(operation, document)
    if violation is None and query:
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        violation = contract.query_violation(operation, pairs)
    if violation is None:
        return None
    return (
        violation.location,
        violation.field,
        TYPE_MESSAGES[violation.type] | {"type": violation.type},
    )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the app, then the client's events."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        metrics: Metrics,
        body_limits: Sequence[BodyLimit] = (),
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.metrics = metrics
        self.body_limits = tuple(body_limits)

    def _limit(self, path: str) -> tuple[int, int]:
        """(bytes accepted, bytes reported) for a request path."""
        for rule in self.body_limits:
            if rule.path.match(path):
                return rule.max_bytes + rule.allowance, rule.max_bytes
        return self.max_body, self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        supplied = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = supplied if _RID.match(supplied) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)
        lang = negotiate(headers.get(b"accept-language", b"").decode("latin-1"))
        set_lang(lang)
        path: str = scope.get("path", "")
        is_api = path.startswith("/api/")
        started = time.perf_counter()
        status_holder = {"status": 500, "started": False}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = True
                hdrs = list(message.get("headers") or [])
                hdrs.append((b"x-request-id", rid.encode()))
                hdrs.append((b"content-language", lang.encode()))
                hdrs.extend(SECURITY_HEADERS)
                if is_api:
                    names = {k.lower() for k, _ in hdrs}
                    hdrs.extend(h for h in API_ONLY_HEADERS if h[0] not in names)
                message["headers"] = hdrs
            await send(message)

        received = 0
        max_body, reported_limit = self._limit(path)

        async def receive_wrapper() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body:
                    raise _BodyTooLarge(reported_limit)
            return message

        try:
            declared = headers.get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > max_body:
                raise _BodyTooLarge(reported_limit)
            method = scope.get("method", "")
            if method != "OPTIONS":  # CORS preflight requests are answered further in
                allow = allowed_methods(Request(scope))
                if allow and method not in allow:
                    # Also where a parameterized route would take the request:
                    # PATCH /activity-reports/batch-approve is not PATCH /{report_id}.
                    await method_not_allowed(Request(scope), allow)(scope, receive, send_wrapper)
                    return
            invalid = _invalid_in_url(scope)
            app_receive: Receive = receive_wrapper
            body = b""
            if invalid is None and _is_text_body(headers):
                body = await _read_body(receive_wrapper)
                invalid = _invalid_in_body(headers, body)
                app_receive = _replay(body, receive)
            expected = _unsupported_media(scope, headers)
            if expected:
                error415 = UnsupportedMediaType(expected=", ".join(expected))
                await render_app_error(Request(scope), error415)(scope, receive, send_wrapper)
                return
            if invalid is None:
                invalid = _contract_violation(scope, headers, body if _is_json(headers) else None)
            if invalid is not None:
                location, field, message = invalid
                etype = message.get("type", "invalid_text")
                error: UnprocessableEntity = (
                    InvalidText if etype == "invalid_text" else UnprocessableEntity
                )(
                    errors=[
                        FieldError.of(
                            printable_field(field),
                            etype,
                            {"id": message["id"], "en": message["en"]},
                            location=location,
                        )
                    ],
                )
                await render_app_error(Request(scope), error)(scope, receive, send_wrapper)
                return
            await self.app(scope, app_receive, send_wrapper)
        except _BodyTooLarge as exc:
            if not status_holder["started"]:
                response = render_app_error(Request(scope), PayloadTooLarge(limit=exc.limit))
                await response(scope, receive, send_wrapper)
        except Exception as exc:
            if status_holder["started"]:
                log.exception("error after response started")
                raise
            request = Request(scope)
            if is_unavailable(exc):
                log.warning("database unavailable: %s", exc)
                await render_app_error(request, ServiceUnavailable())(scope, receive, send_wrapper)
            else:
                error_id = uuid.uuid4().hex[:12]
                log.exception("unhandled error", extra={"error_id": error_id})
                response = problem_response(
                    request,
                    status=500,
                    code="internal_error",
                    title=t(INTERNAL_TITLE),
                    detail=t(INTERNAL_DETAIL, error_id=error_id),
                    extra={"error_id": error_id},
                )
                await response(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route_path = self.metrics.label(scope.get("route"))
            method = scope.get("method", "")
            status = status_holder["status"]
            self.metrics.requests.labels(method, route_path, str(status)).inc()
            self.metrics.latency.labels(method, route_path).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": method,
                    "path": path,
                    "route": route_path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id_var.reset(token)
