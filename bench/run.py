"""Benchmark the API: fresh database, generated data, uvicorn, every scenario in turn.

    python -m bench.run --size S --db sqlite --duration 10 --concurrency 16 --workers 1

Prints a markdown table and adds it to bench/RESULTS.md (newest first).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from bench import load
from bench.generate import PG_ADMIN_URL, SEED, SIZES, Dataset, prepare, settings_for
from bench.scenarios import BASELINE, SCENARIOS, Caller, Scenario
from bench.server import ApiServer, CpuShares, CpuSnapshot, RssSampler, machine_busy_seconds
from kinerja_api.core.config import Settings
from kinerja_api.core.security import create_access_token

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "RESULTS.md"
MARKER = "<!-- new runs are inserted below this line -->"
HEADER = f"""# Benchmark results

Written by `python -m bench.run` (see README.md for what is measured and how to read it);
newest run first. Figures from different machines are not comparable; ratios to the
baseline of the same run travel better.

{MARKER}
"""
MIB = 1024 * 1024


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    sample: load.Sample
    cpu: CpuShares
    rss_peak: int  # bytes, API process tree


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before each")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per scenario")
    parser.add_argument("--concurrency", type=int, default=16, help="connections in flight")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw", help="see load.py")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=30.0,
        help="before each scenario, wait up to this many seconds for other work to stop",
    )
    parser.add_argument("--accounts", type=int, default=200, help="accounts per role to use")
    parser.add_argument("--scenarios", help="comma-separated names (baseline always runs)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    parser.add_argument("--results", type=Path, default=RESULTS, help="file to add the run to")
    parser.add_argument("--no-save", action="store_true", help="do not write the results file")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (SQLite, log)")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    names = {s.name for s in SCENARIOS}
    wanted = set(args.scenarios.split(",")) if args.scenarios else names
    if unknown := wanted - names:
        parser.error(f"unknown scenarios {sorted(unknown)}; known: {sorted(names)}")
    args.selected = [s for s in SCENARIOS if s is BASELINE or s.name in wanted]
    return args


def make_callers(
    data: Dataset, settings: Settings, per_role: int, seed: int
) -> dict[str, list[Caller]]:
    """Signed-in callers by role (a seeded sample of accounts), plus an anonymous one.

    Tokens are minted directly for the generated sign-ins: no password hashing, no login.
    """
    units = {org.id: org.unit_ids for org in data.organizations}
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrets
    callers: dict[str, list[Caller]] = {"": [Caller({}, None, ())]}
    for role in {s.role for s in SCENARIOS if s.role is not None}:
        accounts = [a for a in data.accounts if a.role is role]
        chosen = rng.sample(accounts, min(per_role, len(accounts)))
        callers[role.value] = [
            Caller(
                {
                    "Authorization": "Bearer "
                    + create_access_token(settings, user_id=a.user_id, session_id=a.session_id)[0]
                },
                a.organization_id,
                units.get(a.organization_id, ()) if a.organization_id else (),
            )
            for a in chosen
        ]
    return callers


async def wait_for_quiet_machine(max_wait: float, threshold: float = 0.25) -> None:
    """Between scenarios the API, database and driver idle: wait (a while) for the rest too."""
    deadline = time.monotonic() + max_wait
    while time.monotonic() < deadline:
        before = machine_busy_seconds()
        await asyncio.sleep(0.5)
        if (machine_busy_seconds() - before) / 0.5 < threshold:
            return


async def measure_one(
    clients: Sequence[load.Client],
    api: ApiServer,
    sampler: RssSampler,
    scenario: Scenario,
    callers: Sequence[Caller],
    args: argparse.Namespace,
    numbers: itertools.count[int],
) -> Result:
    """Warm up, then measure one scenario with the API's CPU time and peak memory."""

    async def run_for(duration: float) -> load.Sample:
        return await load.drive(
            clients,
            scenario,
            callers,
            duration=duration,
            max_requests=args.max_requests,
            numbers=numbers,
            seed=args.seed,
        )

    await wait_for_quiet_machine(args.quiet_wait)
    if args.warmup > 0:
        await run_for(args.warmup)
    sampler.take_window_peak()
    database = f"kinerja_bench_{args.size.lower()}" if args.db == "postgresql" else None
    before = CpuSnapshot.take(api.pid, database)
    sample = await run_for(args.duration)
    cpu = CpuShares.between(before, CpuSnapshot.take(api.pid, database), sample.elapsed)
    return Result(scenario, sample, cpu, rss_peak=sampler.take_window_peak())


async def measure(
    api: ApiServer, sampler: RssSampler, callers: dict[str, list[Caller]], args: argparse.Namespace
) -> list[Result]:
    numbers = itertools.count(1)  # shared by the whole run: created rows never collide
    results: list[Result] = []
    clients = load.make_clients(args.client, api.base_url, args.concurrency)
    try:
        for scenario in args.selected:
            who = callers[scenario.role.value if scenario.role else ""]
            result = await measure_one(clients, api, sampler, scenario, who, args, numbers)
            results.append(result)
            sample = result.sample
            print(
                f"  {scenario.name:<12} {sample.rate:8.1f} req/s  p95 "
                f"{sample.percentile_ms(95):7.1f} ms  errors {sample.error_count}",
                flush=True,
            )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return results


def _git_revision() -> str:
    def git(*argv: str) -> str:
        done = subprocess.run(  # noqa: S603 - fixed command, no shell
            ["git", "-C", str(BENCH_DIR.parent), *argv],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip()

    revision = git("rev-parse", "--short", "HEAD") or "unknown"
    return revision + (" + local changes" if git("status", "--porcelain", "-uno") else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _client_name(kind: str) -> str:
    if kind == "httpx":
        return f"httpx {version('httpx')}"
    return f"raw HTTP/1.1 client (httptools {version('httptools')})"


def _fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"  # NaN: no successful request


def render(
    args: argparse.Namespace,
    data: Dataset,
    db_version: str,
    results: list[Result],
    idle_rss: int,
    peak_rss: int,
) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    workers = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    servers = ", ".join(m for m in ("uvloop", "httptools") if find_spec(m)) or "asyncio, h11"
    lines = [
        f"## {now} · {args.db} · size {args.size} · {workers}",
        "",
        f"- machine: {os.cpu_count()} CPUs ({_cpu_model()}), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, commit {_git_revision()}"
        + (f", run at nice {os.nice(0)}" if os.nice(0) else ""),
        f"- database: {db_version}, size {args.size}: {data.summary()} (seed {data.seed}; "
        f"migrations {data.migrate_seconds:.1f} s, rows {data.fill_seconds:.1f} s)",
        f"- server: uvicorn {version('uvicorn')} ({servers}), {workers}; driver, API and "
        f"database share the machine",
        f"- command: `python -m bench.run {' '.join(args.argv)}`",
        f"- load: {_client_name(args.client)}, {args.concurrency} concurrent keep-alive "
        f"connections, {args.duration:g} s per scenario after {args.warmup:g} s warm-up, at "
        f"most {args.max_requests:,} requests; up to {args.accounts} accounts per role",
        f"- API memory (RSS of uvicorn and its workers): {idle_rss / MIB:.0f} MiB idle, "
        f"{peak_rss / MIB:.0f} MiB peak",
        "",
        "| scenario | endpoint | req/s | × baseline | p50 ms | p95 ms | p99 ms | requests "
        "| errors | CPU % API / DB / driver / other | API RSS MiB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    baseline = next(r.sample.rate for r in results if r.scenario is BASELINE)
    for r in results:
        s = r.sample
        ratio = s.rate / baseline if baseline else float("nan")
        lines.append(
            f"| {r.scenario.name} | `{r.scenario.endpoint}` | {_fmt(s.rate)} | {_fmt(ratio, 2)} "
            f"| {_fmt(s.percentile_ms(50))} | {_fmt(s.percentile_ms(95))} "
            f"| {_fmt(s.percentile_ms(99))} | {s.ok + s.error_count:,} | {s.error_count} "
            f"| {_cpu(r.cpu)} | {r.rss_peak / MIB:.0f} |"
        )
    notes = _checks(results, args.workers)
    if notes:
        lines += ["", *(f"- ⚠ {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def _cpu(cpu: CpuShares) -> str:
    db = "-" if cpu.db is None else f"{cpu.db:.0%}"
    return f"{cpu.api:.0%} / {db} / {cpu.driver:.0%} / {cpu.other:.0%}".replace("%", "")


def _checks(results: list[Result], workers: int) -> list[str]:
    """Warnings that make a run's figures suspect."""
    notes = []
    for r in results:
        if r.sample.errors:
            kinds = ", ".join(f"{k} ×{n}" for k, n in r.sample.errors.most_common())
            notes.append(f"{r.scenario.name}: errors: {kinds}")
    baseline = next(r for r in results if r.scenario is BASELINE)
    faster = [r.scenario.name for r in results if r.sample.rate > baseline.sample.rate]
    if faster:
        notes.append(f"faster than the baseline (noise or a broken scenario?): {faster}")
    cpu = baseline.cpu
    if cpu.api < 0.7 * min(workers, os.cpu_count() or 1):
        notes.append(
            f"the API used only {cpu.api:.0%} CPU during the baseline (driver {cpu.driver:.0%}, "
            f"other work on the machine {cpu.other:.0%}): the baseline, and so the ratios, "
            "are limited by the driver or the machine, not by the API"
        )
    busy = [r.scenario.name for r in results if r.cpu.other >= 0.25]
    if busy:
        notes.append(f"other work on the machine took ≥ 25% of a CPU during: {busy}")
    return notes


def save(report: str, path: Path) -> None:
    """Insert the run at the top of the results file (created if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if MARKER not in text:
        text = text.rstrip("\n") + f"\n\n{MARKER}\n"
    head, tail = text.split(MARKER, 1)
    older = tail.lstrip("\n")
    path.write_text(f"{head}{MARKER}\n\n{report}" + (f"\n{older}" if older else ""), "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # A plain `kill` must also stop the server: turn SIGTERM into an exception like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    workdir = Path(tempfile.mkdtemp(prefix="kinerja_bench_"))
    try:
        print(f"preparing {args.db} size {args.size} ...", flush=True)
        url, data, db_version = prepare(
            args.db, args.size, directory=workdir, pg_admin_url=args.pg_admin_url, seed=args.seed
        )
        print(
            f"  {data.summary()}; migrations {data.migrate_seconds:.1f} s, rows "
            f"{data.fill_seconds:.1f} s",
            flush=True,
        )
        secret = secrets.token_urlsafe(48)
        settings = settings_for(url, secret_key=secret, access_token_minutes=24 * 60)
        callers = make_callers(data, settings, args.accounts, args.seed)
        env = {
            "KINERJA_DATABASE_URL": url,
            "KINERJA_ENVIRONMENT": "development",
            "KINERJA_SECRET_KEY": secret,
            "KINERJA_LOG_LEVEL": "WARNING",
        }
        print(
            f"uvicorn with {args.workers} worker(s); {args.duration:g} s per scenario", flush=True
        )
        with ApiServer(env, workers=args.workers, log_path=workdir / "uvicorn.log") as api:
            sampler = RssSampler(api.pid)
            idle_rss = sampler.sample()
            sampler.start()
            try:
                results = asyncio.run(measure(api, sampler, callers, args))
            finally:
                sampler.stop()
            if any(r.sample.errors for r in results):
                print(f"server log (tail):\n{api.log_tail()}", file=sys.stderr)
        report = render(args, data, db_version, results, idle_rss, sampler.peak)
        print("\n" + report)
        if not args.no_save:
            save(report, args.results)
            print(f"added to {args.results}")
        return 1 if any(r.sample.errors for r in results) else 0
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted; the server was stopped")
