"""Route matching: ``/health/live`` of the app against the same endpoint of a bare FastAPI app,
measured in one process in the same run (ASGI transport, no network, logs off).

FastAPI 0.165 matches a request by walking the included routers in order; a probe listed
after the ~230 API routes paid for comparing itself with every one of them (issue 18's
profile: 63 % of the CPU of ``/health/live`` in ``_IncludedRouter.matches``).

    .venv/bin/python -m bench.routing [--requests 3000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

import httpx
from fastapi import FastAPI
from pydantic import BaseModel


class _Status(BaseModel):
    status: str


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/health/live", response_model=_Status)
    async def live() -> _Status:
        return _Status(status="ok")

    return app


async def rate(app: FastAPI, requests: int) -> float:
    """Requests per second of ``GET /health/live`` after a short warm-up."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(200):
            await client.get("/health/live")
        started = time.perf_counter()
        for _ in range(requests):
            response = await client.get("/health/live")
        assert response.status_code == 200, response.text
        return requests / (time.perf_counter() - started)


async def main(requests: int, rounds: int) -> None:
    from kinerja_api.core.config import Settings
    from kinerja_api.main import create_app

    logging.disable(logging.INFO)  # access logs are measured elsewhere (issue 18)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(Settings(database_url=url, environment="development"))
        for n in range(rounds):
            anchor = await rate(bare_app(), requests)
            ours = await rate(app, requests)
            print(f"round {n}: bare {anchor:.0f}/s, app {ours:.0f}/s, × bare {ours / anchor:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.rounds))
