"""Public operational endpoints: liveness, readiness (database), Prometheus metrics."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text

from kinerja_api.core.errors import ServiceUnavailable, render_app_error

router = APIRouter(tags=["health"])
log = logging.getLogger("kinerja.health")


class HealthStatus(BaseModel):
    status: str
    database: str | None = None


@router.get("/health/live", response_model=HealthStatus, summary="Liveness")
async def live() -> HealthStatus:
    """The process is up. Touches nothing else (also the benchmark's baseline endpoint)."""
    return HealthStatus(status="ok")


@router.get(
    "/health/ready",
    response_model=HealthStatus,
    summary="Readiness (database reachable)",
    responses={503: {"description": "Database unreachable (problem+json)"}},
)
async def ready(request: Request) -> Response:
    engine = request.app.state.engine
    try:
        async with asyncio.timeout(3):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means not ready
        log.warning("readiness check failed: %s", exc)
        return render_app_error(request, ServiceUnavailable())
    return Response(
        content=HealthStatus(status="ok", database="ok").model_dump_json(),
        media_type="application/json",
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus exposition"}},
)
async def metrics(request: Request) -> Response:
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
