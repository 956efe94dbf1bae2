"""Profile one scenario in-process with pyinstrument, against a database ``bench.run`` or
``bench.generate`` left behind (``kinerja_bench_<size>``, PostgreSQL).

    python -m bench.profile --size L --scenario inbox recap_500 --requests 20

The dataset is rebuilt in memory with the same seed and "as of" date (nothing is written),
tokens are minted for its accounts, and the app (``create_app``) serves the requests
through httpx's ASGI transport, one at a time, under the profiler. The text profiles go to
``bench/profiles/<size>-<scenario>.txt``: where the time of a request goes (SQL wait vs
Python: ORM, pydantic, JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import httpx
from fastapi import FastAPI

from bench.generate import PG_ADMIN_URL, SEED, SIZES, build, database_name, settings_for
from bench.run import make_callers
from bench.scenarios import SCENARIOS, Caller, Scenario
from kinerja_api.main import create_app

OUT = Path(__file__).resolve().parent / "profiles"


async def _run(args: argparse.Namespace) -> list[Path]:
    data, builder = build(args.size, args.seed, args.as_of)
    if "batch_approve" in args.scenario:  # pending ids come with the reports
        for _ in builder.reports(SIZES[args.size].reports_per_employee):
            pass
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database_name(args.size)
    settings = settings_for(url, secret_key=secrets.token_urlsafe(48), access_token_minutes=60)
    pools = make_callers(data, settings, args.accounts, args.seed)
    app = create_app(settings)
    paths = []
    for name in args.scenario:
        scenario = next(s for s in SCENARIOS if s.name == name)
        paths.append(await _profile(args, scenario, pools[scenario.caller_pool], app))
        print(f"profile written to {paths[-1]}", flush=True)
    return paths


async def _profile(
    args: argparse.Namespace, scenario: Scenario, callers: Sequence[Caller], app: FastAPI
) -> Path:
    from pyinstrument import Profiler

    rng = random.Random(args.seed)  # noqa: S311 - load pattern, not secrets
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        timings = []
        profiler = Profiler(async_mode="enabled")
        for n in range(args.warmup + args.requests):
            request = scenario.request(callers[n % len(callers)], rng, 10_000_000 + n)
            if request is None:
                break
            if n == args.warmup:
                profiler.start()
            t0 = time.perf_counter()
            r = await client.request(
                request.method, request.url, headers=request.headers, json=request.json
            )
            if n >= args.warmup:
                timings.append(time.perf_counter() - t0)
            if r.status_code != scenario.expect:
                raise SystemExit(f"{request.url}: {r.status_code} {r.text[:300]}")
        profiler.stop()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{args.size}-{scenario.name}.txt"
    mean = sum(timings) / len(timings) * 1000 if timings else float("nan")
    head = (
        f"# {scenario.endpoint} as {scenario.caller_pool}, size {args.size}: "
        f"{len(timings)} requests one at a time in-process, mean {mean:.1f} ms\n"
    )
    path.write_text(head + profiler.output_text(unicode=True, color=False, show_all=False))
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--scenario", nargs="+", required=True, choices=[s.name for s in SCENARIOS])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--as-of", type=date.fromisoformat, help="as generated (default today)")
    args = parser.parse_args(argv)
    asyncio.run(_run(args))


if __name__ == "__main__":
    main()
