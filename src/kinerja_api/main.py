"""Application factory: ``create_app(settings) -> FastAPI``."""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from kinerja_api import __version__
from kinerja_api.activities.router import router as activities_router
from kinerja_api.appraisals.router import router as appraisals_router
from kinerja_api.auth.audit_router import router as audit_router
from kinerja_api.auth.deps import authenticated_principal
from kinerja_api.auth.router import public_router as auth_router
from kinerja_api.auth.service import LoginGuards
from kinerja_api.collaboration.router import router as collaboration_router
from kinerja_api.core.config import Settings, get_settings
from kinerja_api.core.db import make_engine, make_sessionmaker
from kinerja_api.core.errors import install_error_handlers
from kinerja_api.core.idempotency import IdempotentReplay, replay_response
from kinerja_api.core.logging import configure_logging
from kinerja_api.core.middleware import BodyLimit, Metrics, RequestContextMiddleware
from kinerja_api.core.openapi import finalize, operation_id
from kinerja_api.core.query import KnownQuery
from kinerja_api.core.ratelimit import (
    CounterStore,
    MemoryCounterStore,
    RedisCounterStore,
    Throttle,
)
from kinerja_api.dialogs.router import router as dialogs_router
from kinerja_api.health.router import router as health_router
from kinerja_api.indicators.goals.router import router as goals_router
from kinerja_api.indicators.skp.router import router as skp_router
from kinerja_api.integration.router import router as integration_router
from kinerja_api.integration.service import client_credentials
from kinerja_api.needs.development.router import router as development_router
from kinerja_api.needs.register.router import router as needs_router
from kinerja_api.needs.surveys.public_router import router as public_surveys_router
from kinerja_api.needs.surveys.router import router as surveys_router
from kinerja_api.needs.workload.router import router as workload_router
from kinerja_api.organizations.employees.router import appraisers_router, me_router
from kinerja_api.organizations.employees.router import router as employees_router
from kinerja_api.organizations.imports.router import router as imports_router
from kinerja_api.organizations.router import positions_router
from kinerja_api.organizations.router import router as organizations_router
from kinerja_api.organizations.units_of_measure.router import router as units_of_measure_router
from kinerja_api.organizations.users.router import router as users_router
from kinerja_api.reports.router import router as reports_router

API_PREFIX = "/api/v1"
#: The upload endpoint (bulk import), which has its own body limit.
IMPORT_UPLOAD_PATH = re.compile(rf"^{re.escape(API_PREFIX)}/organizations/[^/]+/imports/[^/]+$")
#: Bytes of multipart framing (boundaries, part headers) accepted on top of an upload limit.
#: POST .../realizations/{period}/evidence (SKP evidence files).
EVIDENCE_UPLOAD_PATH = re.compile(rf"^{re.escape(API_PREFIX)}/.+/evidence$")
MULTIPART_ALLOWANCE = 16 * 1024
DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"

DESCRIPTION = """
Performance management for Indonesian civil servants (ASN) **based on the organization's
needs**: needs analysis → SKP and indicators → daily activity reports → appraisal
(hasil kerja × perilaku BerAKHLAK → predikat) → development plans and rewards.

* Sign in with **Authorize** (OAuth2 password flow) using a demo account.
* Errors are RFC 9457 `application/problem+json` with a stable `code`; send
  `Accept-Language: en` for English (Indonesian is the default).
* Text never contains the NUL character (`\\u0000`) or a lone surrogate (`\\ud800`),
  anywhere: 422 `invalid_text`.
* Types are strict: a boolean is `true`/`false`, a number is a JSON number; dates lie in
  the years 1900–2200 (422 otherwise).
* Lists are keyset-paginated: pass `next_cursor` back as `cursor`.
* Unknown query parameters are refused, on every operation: 422
  `unknown_query_parameter` with one `errors[]` entry (`location` `query`, `type`
  `unknown_parameter`) per parameter the operation does not declare — a mistyped or
  unsupported filter never answers as if no filter had been given.
* Creating POSTs accept `Idempotency-Key`; updates accept `If-Match` with the `ETag`.
"""

#: Every tag, in the order of the work (sign in, the organization, needs, plans, daily work,
#: appraisal, development), then administration and operations. Each operation has one tag.
TAGS = [
    {"name": "auth", "description": "Sign in, tokens, own account."},
    {"name": "me", "description": "My profile and my team."},
    {
        "name": "organizations",
        "description": "Organizations, their configuration (regulation defaults), unit tree, "
        "org charts and data-quality report.",
    },
    {
        "name": "positions",
        "description": "Positions (jabatan): struktural, fungsional, pelaksana; the superior "
        "chain.",
    },
    {
        "name": "employees",
        "description": "Employees (ASN, by NIP), position assignments incl. acting officials "
        "(PLT/PLH), transfers.",
    },
    {
        "name": "appraisers",
        "description": "Appraiser (pejabat penilai) and appraiser's superior from the position "
        "chain; admin overrides.",
    },
    {"name": "users", "description": "Accounts of an organization (admins)."},
    {
        "name": "imports",
        "description": "Bulk import of units, positions and employees from CSV/XLSX "
        "(validated in full first, all or nothing, dry run), templates and exports.",
    },
    {
        "name": "surveys",
        "description": "Stakeholder surveys (needs analysis): build, publish, close, "
        "aggregated results and export of the raw responses (admins).",
    },
    {
        "name": "public surveys",
        "description": "Answering a published survey: public on purpose, no sign-in; "
        "throttled per client IP, one response per respondent token.",
    },
    {
        "name": "workload",
        "description": "Workload analysis (analisis beban kerja, ABK): tasks per position, "
        "effective working time, the staff each position needs against the staff it has.",
    },
    {
        "name": "needs",
        "description": "The needs register: what the organization needs, from surveys, "
        "competency gaps, appraisals, workload and discussions; links to the goals and IKU "
        "that cover it, and the coverage report.",
    },
    {
        "name": "goals",
        "description": "Vision and mission, strategic goals (tujuan/sasaran) and key "
        "performance indicators (IKU): the top of the cascading tree.",
    },
    {
        "name": "skp",
        "description": "Performance plans (SKP): work results (RHK) cascading from the "
        "superior's RHK or the organization's goals/IKU, indicators and targets, the approval "
        "workflow with revisions and versions, realization with evidence, and the views that "
        "leave no dead ends (what blocks me, who waits on whom, who is late, the cascade "
        "tree).",
    },
    {
        "name": "activities",
        "description": "Daily activity reports (laporan harian) against the SKP's work "
        "results: file, review by the supervisor (approve/return), monthly rollup.",
    },
    {
        "name": "appraisals",
        "description": "Appraisal periods and appraisals: work results × behaviour "
        "(BerAKHLAK) → predikat, the distribution curve, objections, rewards and credit "
        "points.",
    },
    {
        "name": "dialogues",
        "description": "Performance dialogues (dialog kinerja): supervisors meet a subordinate "
        "or a team, record the four feedback steps and agreed actions, participants confirm; "
        "overdue actions, the supervisor's yearly report, actions turned into development "
        "plans.",
    },
    {
        "name": "competencies and development",
        "description": "Competency standards and assessments, gaps, training needs and "
        "individual development plans.",
    },
    {
        "name": "programs",
        "description": "Collaboration programs across OPDs and agencies: schedule, budget "
        "(IDR), milestones, partners invited by the lead and answering for themselves, member "
        "roles, RHK referring to the program, and the dashboard.",
    },
    {
        "name": "reports",
        "description": "Official documents as PDF (A4, Indonesian, the national forms), "
        "authorized exactly like the data they hold.",
    },
    {
        "name": "integration",
        "description": "Service accounts for agencies' own systems (OAuth2 client "
        "credentials with scopes).",
    },
    {"name": "audit", "description": "Append-only log of every write."},
    {"name": "health", "description": "Liveness, readiness and metrics (public)."},
]


@functools.cache
def api_router() -> APIRouter:
    """Every ``/api/v1`` route, composed once per process: FastAPI analyses each route's
    dependencies when a router is included, which costs about a second for this API, and the
    composition does not depend on the settings (several apps in one process share it)."""
    api = APIRouter(prefix=API_PREFIX)
    # Every operation refuses query parameters it does not declare (core/query.py); on the
    # protected ones after authentication, so an anonymous caller still gets 401 first.
    api.include_router(auth_router, dependencies=[KnownQuery])
    # deliberately public: answering a survey
    api.include_router(public_surveys_router, dependencies=[KnownQuery])
    # Everything below requires a valid access token; public routes are the list above.
    protected = APIRouter(dependencies=[Depends(authenticated_principal), KnownQuery])
    protected.include_router(organizations_router)
    protected.include_router(goals_router)
    protected.include_router(skp_router)
    protected.include_router(activities_router)
    protected.include_router(appraisals_router)
    protected.include_router(units_of_measure_router)
    protected.include_router(positions_router)
    protected.include_router(employees_router)
    protected.include_router(appraisers_router)
    protected.include_router(imports_router)
    protected.include_router(me_router)
    protected.include_router(surveys_router)
    protected.include_router(needs_router)
    protected.include_router(workload_router)
    protected.include_router(development_router)
    protected.include_router(dialogs_router)
    protected.include_router(collaboration_router)
    protected.include_router(users_router)
    protected.include_router(reports_router)
    protected.include_router(audit_router)
    protected.include_router(integration_router)
    api.include_router(protected)
    return api


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, json_logs=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await release_state(app)

    app = FastAPI(
        title="kinerja_api",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        servers=[{"url": "/", "description": "The server serving this document"}],
        contact={"name": "kinerja_api maintainers"},
        license_info={"name": "Apache-2.0", "identifier": "Apache-2.0"},
        swagger_ui_parameters={
            "persistAuthorization": True,
            "displayRequestDuration": True,
            "filter": True,
            "docExpansion": "none",
        },
    )
    app.state.metrics = Metrics()
    bind_state(app, settings)

    install_error_handlers(app)
    _document_shared_problems(app)

    @app.exception_handler(IdempotentReplay)
    async def _replay(request: Request, exc: IdempotentReplay):  # type: ignore[no-untyped-def]
        return await replay_response(request, exc)

    # Probes first: routes are matched in order, and the health checks (polled every few
    # seconds by the orchestrator) need not be compared with the ~230 API routes before them.
    app.include_router(health_router)
    app.include_router(api_router())
    _mount_docs(app)
    # Index the shared router, not the app: walking the app's routes would make FastAPI build
    # every route's request state for this app up front (a second per app) instead of lazily.
    # Routes outside it (health, docs) carry their full path themselves.
    app.state.metrics.index_routes(api_router().routes)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-Match",
                "Accept-Language",
                "X-Request-ID",
            ],
            expose_headers=[
                "ETag",
                "Location",
                "Retry-After",
                "X-Request-ID",
                "Idempotent-Replayed",
            ],
            max_age=600,
        )
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        metrics=app.state.metrics,
        # Uploads get their own limits; the endpoints check each file against them exactly.
        body_limits=[
            BodyLimit(IMPORT_UPLOAD_PATH, settings.import_max_bytes, MULTIPART_ALLOWANCE),
            BodyLimit(EVIDENCE_UPLOAD_PATH, settings.evidence_max_bytes, MULTIPART_ALLOWANCE),
        ],
    )
    return app


#: Settings read once, when the middleware stack is built: an app serves other values of these
#: only if built anew (everything else is read per request from ``app.state``).
MIDDLEWARE_SETTINGS = ("cors_origins", "max_body_bytes", "import_max_bytes", "evidence_max_bytes")


def bind_state(app: FastAPI, settings: Settings) -> None:
    """Attach what depends on the settings: the settings themselves, the engine and its
    sessions, the counter store and the throttles built on it. Requests read all of it from
    ``app.state``; the tests bind a fresh set per test to one app built once per session."""
    engine = make_engine(settings)
    store: CounterStore = (
        RedisCounterStore.from_url(settings.redis_url)
        if settings.redis_url
        else MemoryCounterStore()
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.counter_store = store
    app.state.login_guards = LoginGuards.from_settings(settings, store)
    # The token endpoint's client-credentials grant (service accounts, ``integration``).
    app.state.client_credentials_grant = client_credentials
    app.state.survey_throttle = Throttle(
        store,
        limit=settings.survey_rate_per_ip,
        window=settings.survey_rate_window_seconds,
        prefix="survey-ip",
    )
    app.state.nip_answers_throttle = Throttle(
        store,
        limit=settings.nip_taken_answers,
        window=settings.nip_taken_window_seconds,
        prefix="nip-taken",
    )


async def release_state(app: FastAPI) -> None:
    """Close what :func:`bind_state` opened (the engine's pool, a Redis connection)."""
    await app.state.engine.dispose()
    store = app.state.counter_store
    if isinstance(store, RedisCounterStore):
        await store.close()


def _document_shared_problems(app: FastAPI) -> None:
    """Every operation documents the framework-level problems it can answer with."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = finalize(build(), TAGS)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


# The docs pages may load only what this server serves: ReDoc would otherwise fetch its logo
# from a CDN, which closed intranets block and which leaks who reads the docs.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'"
)


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_CSP
    return page


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI and ReDoc from installed files: agencies' intranets have no CDN."""
    static = "/static-docs"
    app.mount(static, StaticFiles(directory=DOCS_ASSETS), name="static-docs")
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    # The handlers read the app from the request and never close over it: FastAPI caches facts
    # about endpoint callables in module-level caches, which would keep every app alive.
    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        return _with_csp(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title="kinerja_api — Swagger UI",
                oauth2_redirect_url=redirect_url,
                swagger_js_url=f"{static}/swagger-ui-bundle.js",
                swagger_css_url=f"{static}/swagger-ui.css",
                swagger_favicon_url=f"{static}/favicon.png",
                swagger_ui_parameters=request.app.swagger_ui_parameters,
            )
        )

    @app.get(redirect_url, include_in_schema=False)
    async def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return _with_csp(
            get_redoc_html(
                openapi_url=openapi_url,
                title="kinerja_api — ReDoc",
                redoc_js_url=f"{static}/redoc.standalone.js",
                redoc_favicon_url=f"{static}/favicon.png",
                with_google_fonts=False,
            )
        )
