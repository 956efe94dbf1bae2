"""One error hierarchy, rendered as RFC 9457 ``application/problem+json``.

Every error has a stable machine ``code``; ``title``/``detail`` follow the request language.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast, get_args

import fastapi.routing
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from kinerja_api.core.db import is_unavailable
from kinerja_api.core.i18n import t
from kinerja_api.core.labels import one_of
from kinerja_api.core.patterns import pattern_words

log = logging.getLogger("kinerja.errors")

PROBLEM_JSON = "application/problem+json"
Msg = Mapping[str, str]


#: Where an invalid input was: the request's parts (as FastAPI names them), ``form`` fields of
#: a multipart upload, and ``file`` cells of an uploaded CSV/XLSX.
FieldLocation = Literal["body", "query", "path", "header", "cookie", "form", "file"]
FIELD_LOCATIONS: frozenset[str] = frozenset(get_args(FieldLocation))


class FieldError(BaseModel):
    """One invalid input field, or (``location`` ``file``) one invalid cell of an uploaded file."""

    location: FieldLocation = Field(examples=["body"])
    field: str = Field(examples=["password"])
    message: str = Field(examples=["Minimal 10 karakter"])
    type: str = Field(examples=["string_too_short"])
    row: int | None = Field(
        default=None,
        description="Row of an uploaded CSV/XLSX file (the header is row 1); only for "
        "`location` `file`.",
        examples=[7],
    )

    @classmethod
    def of(
        cls, field: str, type: str, message: Msg, *, location: FieldLocation = "body"
    ) -> FieldError:
        """A field error whose ``{"id": ..., "en": ...}`` message follows the request language."""
        return cls(location=location, field=field, message=t(message), type=type)


def field_error(
    field: str, type: str, message_id: str, message_en: str, *, location: FieldLocation = "body"
) -> FieldError:
    """One invalid field with its message in Indonesian and English (shown in the request's
    language); ``type`` is the machine-readable reason (``unit_not_found``)."""
    return FieldError.of(field, type, {"id": message_id, "en": message_en}, location=location)


def invalid_field(
    field: str, type: str, message_id: str, message_en: str, *, location: FieldLocation = "body"
) -> UnprocessableEntity:
    """A 422 for one invalid field (see :func:`field_error`)."""
    return UnprocessableEntity(
        errors=[field_error(field, type, message_id, message_en, location=location)]
    )


class Problem(BaseModel):
    """RFC 9457 problem details, extended with ``code``, ``request_id`` and ``errors``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:kinerja:problem:not_found",
                    "title": "Data tidak ditemukan",
                    "status": 404,
                    "detail": "Data yang diminta tidak ada atau tidak dapat Anda akses.",
                    "code": "not_found",
                    "instance": "/api/v1/organizations/0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
                    "request_id": "3f2a9c1e8b7d4a60",
                }
            ]
        }
    )

    type: str
    title: str
    status: int
    detail: str | None = None
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None
    error_count: int | None = Field(
        default=None,
        description="Bulk imports: how many errors the file has in all; `errors` lists at "
        "most `KINERJA_IMPORT_MAX_ERRORS` of them.",
    )


#: Every problem ``code`` the API answers with on purpose, with its HTTP status: filled by each
#: :class:`AppError` subclass that names a code (each domain's ``errors.py``) and by
#: :func:`register_code` for problems rendered without a class. The OpenAPI ``Problem.code``
#: enumeration is generated from it (:func:`error_codes`).
_REGISTRY: dict[str, int] = {}


def register_code(code: str, status: int) -> str:
    """Record ``code`` (answered with ``status``); a code means one status everywhere."""
    known = _REGISTRY.setdefault(code, status)
    if known != status:
        raise TypeError(f"problem code {code!r} is registered with status {known}, not {status}")
    return code


def error_codes() -> dict[str, int]:
    """Every registered problem code and its status, sorted by code.

    Codes register when the module naming them is imported; all of them are once the app's
    routers are (``kinerja_api.main``).
    """
    return dict(sorted(_REGISTRY.items()))


class AppError(Exception):
    """Base of every error the API reports on purpose.

    A subclass naming a ``code`` registers it (see :func:`error_codes`): each domain keeps its
    named errors, with their messages in both languages, in its own ``errors.py``.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        register_code(cls.code, cls.status)

    status: int = 400
    code: str = "bad_request"
    title: Msg = {"id": "Permintaan tidak valid", "en": "Bad request"}
    default_detail: Msg | None = None
    #: Commit the request's writes even though the request fails (e.g. revoking a token
    #: family when refresh-token reuse is detected). Rare and deliberate.
    keep_changes: bool = False
    #: Further members of the problem document (e.g. ``error_count``).
    extra: Mapping[str, Any] | None = None

    def __init__(
        self,
        detail: Msg | None = None,
        *,
        code: str | None = None,
        errors: Sequence[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
        keep_changes: bool = False,
        **params: object,
    ) -> None:
        self.keep_changes = keep_changes
        self.detail_msg = detail if detail is not None else self.default_detail
        if code is not None:
            self.code = code
        self.errors = list(errors) if errors else None
        self.headers = dict(headers or {})
        self.params = params
        super().__init__(self.code)

    def detail_text(self) -> str | None:
        return t(self.detail_msg, **self.params) if self.detail_msg else None


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"
    title: Msg = {"id": "Autentikasi diperlukan", "en": "Authentication required"}
    default_detail: Msg = {
        "id": "Token akses tidak ada, tidak valid, atau kedaluwarsa.",
        "en": "The access token is missing, invalid or expired.",
    }

    def __init__(self, detail: Msg | None = None, **kw: Any) -> None:
        super().__init__(detail, **kw)
        self.headers.setdefault("WWW-Authenticate", "Bearer")


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    title: Msg = {"id": "Akses ditolak", "en": "Forbidden"}
    default_detail: Msg = {
        "id": "Peran Anda tidak mengizinkan tindakan ini.",
        "en": "Your role does not allow this action.",
    }


class NotFound(AppError):
    status = 404
    code = "not_found"
    title: Msg = {"id": "Data tidak ditemukan", "en": "Not found"}
    default_detail: Msg = {
        "id": "Data yang diminta tidak ada atau tidak dapat Anda akses.",
        "en": "The requested resource does not exist or is not accessible to you.",
    }


class Conflict(AppError):
    status = 409
    code = "conflict"
    title: Msg = {"id": "Konflik status data", "en": "Conflict"}


class Gone(AppError):
    status = 410
    code = "gone"
    title: Msg = {"id": "Sudah tidak tersedia", "en": "Gone"}


class PreconditionFailed(AppError):
    status = 412
    code = "version_mismatch"
    title: Msg = {"id": "Versi data sudah berubah", "en": "Precondition failed"}
    default_detail: Msg = {
        "id": "Data telah diubah oleh orang lain. Muat ulang lalu ulangi perubahan Anda.",
        "en": "The resource was changed by someone else. Reload it and apply your change again.",
    }


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"
    title: Msg = {"id": "Data terlalu besar", "en": "Payload too large"}
    default_detail: Msg = {
        "id": "Ukuran permintaan melebihi batas {limit} bita.",
        "en": "The request body exceeds the limit of {limit} bytes.",
    }


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"
    title: Msg = {"id": "Jenis isi tidak didukung", "en": "Unsupported media type"}
    default_detail: Msg = {
        "id": "Kirim isi permintaan dengan Content-Type: {expected}.",
        "en": "Send the request body with Content-Type: {expected}.",
    }


class UnprocessableEntity(AppError):
    status = 422
    code = "validation_failed"
    title: Msg = {"id": "Data tidak valid", "en": "Validation failed"}
    default_detail: Msg = {
        "id": "Periksa kembali isian yang ditandai.",
        "en": "Check the fields listed in errors.",
    }


class RateLimited(AppError):
    status = 429
    code = "rate_limited"
    title: Msg = {"id": "Terlalu banyak permintaan", "en": "Too many requests"}
    default_detail: Msg = {
        "id": "Terlalu banyak percobaan. Coba lagi dalam {retry_after} detik.",
        "en": "Too many attempts. Try again in {retry_after} seconds.",
    }

    def __init__(self, retry_after: int, detail: Msg | None = None, **kw: Any) -> None:
        retry_after = max(1, int(retry_after))
        super().__init__(detail, retry_after=retry_after, **kw)
        self.headers["Retry-After"] = str(retry_after)


class ServiceUnavailable(AppError):
    status = 503
    code = "service_unavailable"
    title: Msg = {"id": "Layanan sementara tidak tersedia", "en": "Service unavailable"}
    default_detail: Msg = {
        "id": "Basis data tidak dapat dihubungi. Coba lagi sebentar lagi.",
        "en": "The database cannot be reached. Try again shortly.",
    }

    def __init__(self, detail: Msg | None = None, **kw: Any) -> None:
        super().__init__(detail, **kw)
        self.headers.setdefault("Retry-After", "5")


class IntegrityConflict(Conflict):
    """A write the database refused by a constraint no rule caught first."""

    code = "integrity_conflict"
    default_detail: Msg = {
        "id": "Data bertentangan dengan data yang sudah ada (duplikat atau masih dirujuk).",
        "en": "The data conflicts with existing data (duplicate or still referenced).",
    }


class InvalidText(UnprocessableEntity):
    """Text containing NUL (``\\u0000``) or a lone surrogate, anywhere in the request."""

    code = "invalid_text"


class UnknownQueryParameter(UnprocessableEntity):
    """The query names a parameter the operation does not have (a mistyped or unsupported
    filter must never answer as if no filter had been given)."""

    code = "unknown_query_parameter"
    default_detail: Msg = {
        "id": "Parameter kueri tidak dikenal: {names}. Hapus atau perbaiki (lihat parameter "
        "operasi ini di dokumen OpenAPI); filter yang tidak dikenal tidak diabaikan.",
        "en": "Unknown query parameter(s): {names}. Remove or correct them (see this "
        "operation's parameters in the OpenAPI document); an unknown filter is never ignored.",
    }


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"
    default_detail: Msg = {
        "id": "Permintaan dengan kunci ini sedang diproses. Ulangi sebentar lagi.",
        "en": "A request with this key is being processed. Retry shortly.",
    }


#: Problems rendered without an error class (framework-level).
for _code, _status in (
    ("malformed_body", 400),
    ("method_not_allowed", 405),
    ("internal_error", 500),
):
    register_code(_code, _status)


INTERNAL_TITLE: Msg = {"id": "Terjadi kesalahan pada server", "en": "Internal server error"}
INTERNAL_DETAIL: Msg = {
    "id": "Kesalahan tak terduga. Laporkan kode kejadian {error_id} kepada admin.",
    "en": "Unexpected error. Report incident id {error_id} to your administrator.",
}


def problem_response(
    request: Request | None,
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    errors: Sequence[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    if code not in _REGISTRY:  # the contract enumerates the codes: a new one must register
        log.error("unregistered problem code %r (status %s)", code, status)
    body: dict[str, Any] = {
        "type": f"urn:kinerja:problem:{code}",
        "title": title,
        "status": status,
        "code": code,
    }
    if detail is not None:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.url.path
        rid = getattr(request.state, "request_id", None)
        if rid:
            body["request_id"] = rid
    if errors:
        body["errors"] = [e.model_dump(exclude_none=True) for e in errors]
    if extra:
        body.update(extra)
    return JSONResponse(
        _encodable(body), status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(value: Any) -> Any:
    """``value`` with every lone surrogate (which UTF-8 cannot encode) in its strings, keys
    included, written as its ``\\uXXXX`` escape: a problem document that echoes input must
    never fail to render."""
    if isinstance(value, str):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    if isinstance(value, dict):
        return {_encodable(k): _encodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encodable(v) for v in value]
    return value


def render_app_error(request: Request | None, exc: AppError) -> JSONResponse:
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        title=t(exc.title),
        detail=exc.detail_text(),
        errors=exc.errors,
        headers=exc.headers,
        extra=exc.extra,
    )


# Indonesian texts for pydantic's error types; English falls back to pydantic's own message.
_VALIDATION_ID: dict[str, str] = {
    "missing": "Wajib diisi",
    "string_too_short": "Minimal {min_length} karakter",
    "string_too_long": "Maksimal {max_length} karakter",
    "string_type": "Harus berupa teks",
    "string_pattern_mismatch": "Format tidak sesuai",
    "int_type": "Harus berupa bilangan bulat",
    "int_parsing": "Harus berupa bilangan bulat",
    "float_type": "Harus berupa angka",
    "float_parsing": "Harus berupa angka",
    "decimal_parsing": "Harus berupa angka",
    "bool_type": "Harus berupa true atau false",
    "bool_parsing": "Harus berupa true atau false",
    "greater_than": "Harus lebih besar dari {gt}",
    "greater_than_equal": "Minimal {ge}",
    "less_than": "Harus lebih kecil dari {lt}",
    "less_than_equal": "Maksimal {le}",
    "enum": "Harus salah satu dari: {expected}",
    "literal_error": "Harus salah satu dari: {expected}",
    "uuid_parsing": "Harus berupa UUID yang valid",
    "uuid_type": "Harus berupa UUID yang valid",
    "date_parsing": "Harus berupa tanggal (YYYY-MM-DD)",
    "date_from_datetime_parsing": "Harus berupa tanggal (YYYY-MM-DD)",
    "date_type": "Harus berupa tanggal (YYYY-MM-DD)",
    "datetime_parsing": "Harus berupa tanggal dan waktu ISO 8601",
    "datetime_from_date_parsing": "Harus berupa tanggal dan waktu ISO 8601",
    "time_parsing": "Harus berupa jam (HH:MM)",
    "value_error": "{error}",
    "extra_forbidden": "Isian ini tidak dikenal",
    "json_invalid": "JSON tidak valid",
    "json_type": "Harus berupa JSON",
    "model_attributes_type": "Harus berupa objek",
    "dict_type": "Harus berupa objek",
    "list_type": "Harus berupa daftar",
    "too_short": "Minimal {min_length} item",
    "too_long": "Maksimal {max_length} item",
    "url_parsing": "Harus berupa URL yang valid",
    "url_scheme": "Skema URL tidak diizinkan",
}


def _field_error(err: Mapping[str, Any], lang: str) -> FieldError:
    loc = [str(p) for p in err.get("loc", ())]
    location: FieldLocation = "body"
    if loc and loc[0] in FIELD_LOCATIONS:
        location = cast(FieldLocation, loc[0])
    field = ".".join(loc[1:]) if len(loc) > 1 else location
    etype = str(err.get("type", "value_error"))
    message = str(err.get("msg", ""))
    if etype == "value_error" and message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    ctx = dict(err.get("ctx") or {})
    # Custom validators carry both languages in ctx (see kinerja_api.core.validation).
    if lang == "id" and "message_id" in ctx:
        message = str(ctx["message_id"])
    elif lang == "en" and "message_en" in ctx:
        message = str(ctx["message_en"])
    elif etype == "string_pattern_mismatch":
        message = pattern_message(str(ctx.get("pattern", "")), lang)
    elif etype in ("enum", "literal_error") and "expected" in ctx:
        expected = one_of(str(ctx["expected"]), lang)
        message = M_ONE_OF[lang if lang in M_ONE_OF else "id"].format(expected=expected)
    elif lang == "id" and etype in _VALIDATION_ID and etype != "value_error":
        # Limits of float fields arrive as floats: say "Maksimal 100", as pydantic does in English.
        values = {
            k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()
        }
        with contextlib.suppress(KeyError, IndexError):
            message = _VALIDATION_ID[etype].format(**values)
    return FieldError(location=location, field=field, message=message, type=etype)


M_PATTERN = {"id": "Format tidak sesuai: {words}", "en": "Invalid format: {words}"}
M_ONE_OF = {"id": "Harus salah satu dari: {expected}", "en": "Input should be {expected}"}
M_PATTERN_RAW = {
    "id": "Format tidak sesuai (pola {pattern})",
    "en": "Invalid format (pattern {pattern})",
}


def pattern_message(pattern: str, lang: str) -> str:
    """A pattern error in words: what to type, in the request language (the regular
    expression itself only for a pattern nobody described, which a test forbids)."""
    words = pattern_words(pattern)
    if words is None:
        return M_PATTERN_RAW[lang if lang in M_PATTERN_RAW else "id"].format(pattern=pattern)
    key = lang if lang in M_PATTERN else "id"
    return M_PATTERN[key].format(words=words.get(key) or words["id"])


def field_errors(errors: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    from kinerja_api.core.i18n import get_lang

    lang = get_lang()
    return [_field_error(e, lang) for e in errors]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return render_app_error(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        err = UnprocessableEntity(errors=field_errors(exc.errors()))
        return render_app_error(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        mapping: dict[int, type[AppError]] = {404: NotFound, 401: Unauthorized, 403: Forbidden}
        if exc.status_code in mapping:
            return render_app_error(request, mapping[exc.status_code]())
        if exc.status_code == 413:  # the body limit, hit while the body was being read
            return render_app_error(request, PayloadTooLarge(limit=getattr(exc, "limit", "?")))
        if exc.status_code == 400:  # body could not be decoded at all (e.g. invalid UTF-8)
            return problem_response(
                request,
                status=400,
                code="malformed_body",
                title=t(
                    {"id": "Isi permintaan tidak dapat dibaca", "en": "Malformed request body"}
                ),
                detail=t(
                    {
                        "id": "Kirim JSON yang valid dengan enkode UTF-8.",
                        "en": "Send valid JSON encoded as UTF-8.",
                    }
                ),
            )
        if exc.status_code == 405:
            allow = allowed_methods(request) or [
                m.strip() for m in (exc.headers or {}).get("Allow", "").split(",") if m.strip()
            ]
            return method_not_allowed(request, allow)
        return problem_response(
            request,
            status=exc.status_code,
            code=f"http_{exc.status_code}",
            title=str(exc.detail),
            headers=exc.headers,
        )

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        return render_app_error(request, PreconditionFailed())

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity error: %s", exc.orig)
        return render_app_error(request, IntegrityConflict())

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, exc: DBAPIError) -> JSONResponse:
        if is_unavailable(exc):
            return render_app_error(request, ServiceUnavailable())
        raise exc

    @app.exception_handler(OSError)
    async def _oserror(request: Request, exc: OSError) -> JSONResponse:
        if isinstance(exc, ConnectionError | TimeoutError):
            return render_app_error(request, ServiceUnavailable())
        raise exc


def method_not_allowed(request: Request, allow: Sequence[str]) -> JSONResponse:
    return problem_response(
        request,
        status=405,
        code="method_not_allowed",
        title=t({"id": "Metode tidak diizinkan", "en": "Method not allowed"}),
        headers={"Allow": ", ".join(allow)},
    )


def allowed_methods(request: Request) -> list[str]:
    """Every method of every route whose path matches the request (for ``Allow`` on a 405).

    Starlette names only the methods of the first route it tried; a path served by several
    routes (``GET`` and ``POST`` of a collection) must list them all. Where templates overlap
    (``/activity-reports/inbox`` and ``/activity-reports/{report_id}``), the one with the
    fewest parameters is the path's own.
    """
    app = request.app
    table: list[tuple[re.Pattern[str], frozenset[str]]] | None = getattr(
        app.state, "route_methods", None
    )
    if table is None:
        table = []
        iterate = getattr(fastapi.routing, "iter_route_contexts", None)
        if iterate is not None:
            entries = [(c.path_format, c.methods) for c in iterate(app.routes)]
        else:  # older FastAPI flattens included routes itself
            entries = [(getattr(r, "path", ""), getattr(r, "methods", None)) for r in app.routes]
        for path, methods in entries:
            if path and methods:
                table.append((compile_path(path)[0], frozenset(methods)))
        app.state.route_methods = table
    path = request.scope.get("path", "")
    matches = [(regex, methods) for regex, methods in table if regex.match(path)]
    if not matches:
        return []
    # The most literal template is the path's own (`/reports/inbox`, not `/reports/{id}`).
    fewest = min(regex.groups for regex, _ in matches)
    return sorted({m for regex, methods in matches if regex.groups == fewest for m in methods})
