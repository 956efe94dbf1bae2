"""Benchmark the API: for each size a fresh database, generated data, uvicorn, every
scenario in turn, each next to its database floor (PostgreSQL).

    python -m bench.run --size S L --db postgresql --duration 10 --workers 2

Prints markdown tables and the targets, adds them to bench/RESULTS.md (newest first) and
draws p95 latency against data size per endpoint in bench/latency.png.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
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
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from sqlalchemy.engine import make_url

from bench import floor, load, plot
from bench.generate import (
    PG_ADMIN_URL,
    SEED,
    SIZES,
    Account,
    Dataset,
    _version,
    build,
    database_name,
    prepare,
    settings_for,
)
from bench.scenarios import BASELINE, BATCH, SCENARIOS, Caller, Scenario
from bench.server import ApiServer, CpuShares, CpuSnapshot, RssSampler, machine_busy_seconds
from kinerja_api.auth.models import Role
from kinerja_api.core.config import Settings
from kinerja_api.core.security import create_access_token
from kinerja_api.organizations.models import TimeZone

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "RESULTS.md"
PLOT = BENCH_DIR / "latency.png"
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
    floor: load.Sample | None = None


@dataclass
class SizeRun:
    """Everything measured for one size."""

    size: str
    data: Dataset
    db_version: str
    results: list[Result] = field(default_factory=list)
    idle_rss: int = 0
    peak_rss: int = 0
    generate_seconds: float = 0.0

    def result(self, name: str) -> Result | None:
        return next((r for r in self.results if r.scenario.name == name), None)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", nargs="+", choices=sorted(SIZES), default=["S"])
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
    parser.add_argument("--no-floor", action="store_true", help="skip the database floors")
    parser.add_argument(
        "--reuse", action="store_true", help="use the database generated earlier (development)"
    )
    parser.add_argument("--plot", type=Path, default=PLOT, help="PNG of p95 against size")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    names = {s.name for s in SCENARIOS}
    wanted = set(args.scenarios.split(",")) if args.scenarios else names
    if unknown := wanted - names:
        parser.error(f"unknown scenarios {sorted(unknown)}; known: {sorted(names)}")
    args.selected = [s for s in SCENARIOS if s is BASELINE or s.name in wanted]
    args.sizes = sorted(set(args.size), key=lambda s: SIZES[s].total)
    return args


def make_callers(
    data: Dataset, settings: Settings, per_role: int, seed: int
) -> dict[str, list[Caller]]:
    """Signed-in callers per pool (a seeded sample of accounts), plus an anonymous one.

    Tokens are minted directly for the generated sign-ins: no password hashing, no login.
    Pools: ``staff``, ``supervisor`` (unit heads), ``admin``, ``team_lead`` (heads of a unit
    with their staff in it, who may recap it); ``approver`` (every appraiser
    with pending reports, which batch approval consumes), ``big_unit_head`` (the head of the
    500-employee unit) and ``curve_org_admin`` (admins of the organization nearest 5,000).
    """
    orgs = {org.id: org for org in data.organizations}
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrets
    infos = {info.account.user_id: info for info in data.employees.values()}

    def caller(account: Account) -> Caller:
        token = create_access_token(
            settings, user_id=account.user_id, session_id=account.session_id
        )[0]
        org = orgs[account.organization_id] if account.organization_id else None
        values: dict[str, object] = {}
        pending: list[uuid.UUID] = []
        if org is not None:
            values |= {"period_id": org.period_id, "goal_ids": org.sasaran_ids}
        info = infos.get(account.user_id)
        if info is not None:
            values |= {
                "employee_id": account.employee_id,
                "skp_id": info.skp_id,
                "work_result_ids": info.work_result_ids,
                "appraisal_id": info.appraisal_id,
                "recap_unit": info.unit_id,
                "floor_batch": info.pending[:BATCH],
            }
            pending = list(info.pending)
        return Caller(
            {"Authorization": f"Bearer {token}"},
            account.organization_id,
            org.unit_ids if org else (),
            org.timezone if org else TimeZone.WIB,
            values,
            pending,
        )

    def sample(accounts: list[Account]) -> list[Caller]:
        return [caller(a) for a in rng.sample(accounts, min(per_role, len(accounts)))]

    by_role = {role: [a for a in data.accounts if a.role is role] for role in Role}
    heads = [a for a in by_role[Role.SUPERVISOR] if (i := infos.get(a.user_id)) and i.unit_head]
    nearest = min(data.organizations, key=lambda o: abs(o.employees - 5_000))
    big = [o for o in data.organizations if o.big_unit_head]
    approvers = sorted(
        (i for i in data.employees.values() if len(i.pending) >= BATCH),
        key=lambda i: i.account.user_id,
    )
    callers: dict[str, list[Caller]] = {
        "": [Caller({}, None, ())],
        Role.STAFF.value: sample(by_role[Role.STAFF]),
        Role.SUPERVISOR.value: sample(heads),
        Role.ADMIN.value: sample(by_role[Role.ADMIN]),
        "team_lead": sample([a for a in heads if infos[a.user_id].team]),
        "approver": [caller(i.account) for i in approvers],
        "curve_org_admin": [
            caller(a) for a in by_role[Role.ADMIN] if a.organization_id == nearest.id
        ],
    }
    if big and big[0].big_unit_head:
        head = data.employees[big[0].big_unit_head]
        callers["big_unit_head"] = [caller(head.account)]
        assert callers["big_unit_head"][0].values["recap_unit"] == big[0].big_unit_id
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
    run: SizeRun,
    url: str,
) -> Result:
    """The floor (if any), then warm up and measure the endpoint with the API's CPU time
    and peak memory."""

    concurrency = min(args.concurrency, scenario.max_concurrency or args.concurrency)
    clients = clients[:concurrency]

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

    floor_sample = None
    if scenario.floor is not None and args.db == "postgresql" and not args.no_floor:
        await wait_for_quiet_machine(args.quiet_wait)
        floor_sample = await floor.measure(
            url,
            scenario,
            callers,
            concurrency=concurrency,
            duration=args.duration,
            warmup=args.warmup,
            seed=args.seed,
        )
    await wait_for_quiet_machine(args.quiet_wait)
    if args.warmup > 0 and not scenario.write and scenario.warmup:
        await run_for(args.warmup)
    sampler.take_window_peak()
    database = database_name(run.size) if args.db == "postgresql" else None
    before = CpuSnapshot.take(api.pid, database)
    sample = await run_for(args.duration)
    cpu = CpuShares.between(before, CpuSnapshot.take(api.pid, database), sample.elapsed)
    return Result(scenario, sample, cpu, rss_peak=sampler.take_window_peak(), floor=floor_sample)


async def measure(
    api: ApiServer,
    sampler: RssSampler,
    callers: dict[str, list[Caller]],
    args: argparse.Namespace,
    run: SizeRun,
    url: str,
) -> None:
    numbers = itertools.count(1)  # shared by the whole run: created rows never collide
    clients = load.make_clients(args.client, api.base_url, args.concurrency)
    try:
        for scenario in args.selected:
            who = callers.get(scenario.caller_pool)
            if not who:
                print(f"  {scenario.name:<13} skipped: no callers in {scenario.caller_pool!r}")
                continue
            result = await measure_one(
                clients, api, sampler, scenario, who, args, numbers, run, url
            )
            run.results.append(result)
            sample, fl = result.sample, result.floor
            print(
                f"  {scenario.name:<13} {sample.rate:8.1f} req/s  p95 "
                f"{sample.percentile_ms(95):7.1f} ms  errors {sample.error_count}"
                + (
                    f"  | floor {fl.rate:8.1f} q/s p95 {fl.percentile_ms(95):6.1f} ms" if fl else ""
                ),
                flush=True,
            )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


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


def render_size(args: argparse.Namespace, run: SizeRun) -> str:
    data = run.data
    counts = SIZES[run.size]
    lines = [
        f"### Size {run.size}: {counts.total:,} employees in {len(counts.employees)} "
        f"organization(s) ({', '.join(f'{n:,}' for n in counts.employees)})",
        "",
        f"- database: {run.db_version}; rows: {data.summary()} (seed {data.seed}, as of "
        f"{data.as_of}); generated in {run.generate_seconds:.0f} s (migrations "
        f"{data.migrate_seconds:.1f} s, rows {data.fill_seconds:.1f} s)",
        f"- API memory (RSS of uvicorn and its workers): {run.idle_rss / MIB:.0f} MiB idle, "
        f"{run.peak_rss / MIB:.0f} MiB peak",
        "",
        "| scenario | endpoint | req/s | × baseline | p50 ms | p95 ms | p99 ms | requests "
        "| errors | floor q/s | floor p50 ms | floor p95 ms | p95 ÷ floor p95 "
        "| CPU % API / DB / driver / other | API RSS MiB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    baseline = next(r.sample.rate for r in run.results if r.scenario is BASELINE)
    for r in run.results:
        s, fl = r.sample, r.floor
        ratio = s.rate / baseline if baseline else float("nan")
        floor_cols = (
            f"{_fmt(fl.rate)} | {_fmt(fl.percentile_ms(50), 2)} | {_fmt(fl.percentile_ms(95), 2)} "
            f"| {_fmt(s.percentile_ms(95) / fl.percentile_ms(95))}"
            if fl and fl.latencies
            else "- | - | - | -"
        )
        cap = r.scenario.max_concurrency
        name = r.scenario.name + (f" ({cap} conn.)" if cap and cap < args.concurrency else "")
        lines.append(
            f"| {name} | `{r.scenario.endpoint}` | {_fmt(s.rate)} | {_fmt(ratio, 2)} "
            f"| {_fmt(s.percentile_ms(50))} | {_fmt(s.percentile_ms(95))} "
            f"| {_fmt(s.percentile_ms(99))} | {s.ok + s.error_count:,} | {s.error_count} "
            f"| {floor_cols} | {_cpu(r.cpu)} | {r.rss_peak / MIB:.0f} |"
        )
    notes = _checks(run.results, args.workers)
    if notes:
        lines += ["", *(f"- ⚠ {note}" for note in notes)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    met: bool | None  # None: not measured in this run


def targets(runs: list[SizeRun]) -> list[Target]:
    """The targets of issue 10, each with the measured figures (``met`` None: not run)."""
    out: list[Target] = []
    by_size = {r.size: r for r in runs}
    hot_reads = [s for s in SCENARIOS if s.hot and not s.write]

    def p95(run: SizeRun, name: str) -> float:
        r = run.result(name)
        return r.sample.percentile_ms(95) if r and r.sample.latencies else math.nan

    def ratio(run: SizeRun, name: str) -> float:
        r, base = run.result(name), run.result(BASELINE.name)
        if not r or not base or not base.sample.rate:
            return math.nan
        return r.sample.rate / base.sample.rate

    def measured(values: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in values.items() if not math.isnan(v)}

    def add(name: str, values: dict[str, float], fmt: str, ok: Callable[[float], bool]) -> None:
        got = measured(values)
        text = ", ".join(f"{k} {fmt.format(v)}" for k, v in got.items())
        out.append(Target(name, text or "not run", all(map(ok, got.values())) if got else None))

    small, large = by_size.get("S"), by_size.get("L")
    for sc in hot_reads:
        name = f"{sc.name}: L p95 ≤ 1.5 × S p95"
        a = p95(small, sc.name) if small else math.nan
        b = p95(large, sc.name) if large else math.nan
        if math.isnan(a) or math.isnan(b):
            out.append(Target(name, "needs S and L in the run", None))
        else:
            out.append(Target(name, f"S {a:,.1f} ms, L {b:,.1f} ms (× {b / a:.2f})", b <= 1.5 * a))
    for sc in hot_reads:
        add(
            f"{sc.name}: throughput ≥ 40% of baseline",
            {run.size: ratio(run, sc.name) for run in runs},
            "{:.0%}",
            lambda v: v >= 0.40,
        )
    add(
        "create_report: throughput ≥ 25% of baseline",
        {run.size: ratio(run, "create_report") for run in runs},
        "{:.0%}",
        lambda v: v >= 0.25,
    )
    add(
        "recap of a 500-employee unit (recap_500): p95 < 150 ms",
        {run.size: p95(run, "recap_500") for run in runs},
        "{:,.1f} ms",
        lambda v: v < 150,
    )
    add(
        "curve check of an organization with 5,000 appraisals (curve_org, sizes M and L): "
        "p95 < 150 ms",
        {
            run.size: p95(run, "curve_org")
            for run in runs
            if any(o.employees == 5_000 for o in run.data.organizations)
        },
        "{:,.1f} ms",
        lambda v: v < 150,
    )
    add(
        "API RSS < 300 MB (peak, uvicorn and all its workers together)",
        {run.size: run.peak_rss / MIB for run in runs},
        "{:.0f} MiB",
        lambda v: v * MIB < 300e6,
    )
    return out


def render(args: argparse.Namespace, runs: list[SizeRun]) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    workers = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    servers = ", ".join(m for m in ("uvloop", "httptools") if find_spec(m)) or "asyncio, h11"
    sizes = " ".join(r.size for r in runs)
    lines = [
        f"## {now} · {args.db} · sizes {sizes} · {workers}",
        "",
        f"- machine: {os.cpu_count()} CPUs ({_cpu_model()}), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, commit {_git_revision()}"
        + (f", run at nice {os.nice(0)}" if os.nice(0) else ""),
        f"- server: uvicorn {version('uvicorn')} ({servers}), {workers}; driver, API and "
        f'database share the machine (other work on it is in the CPU column: "other")',
        f"- command: `python -m bench.run {' '.join(args.argv)}`",
        f"- load: {_client_name(args.client)}, {args.concurrency} concurrent keep-alive "
        f"connections, {args.duration:g} s per scenario after {args.warmup:g} s warm-up (none "
        f"for writes and cascade), at most {args.max_requests:,} requests; up to "
        f"{args.accounts} accounts per pool; floors: {args.concurrency} asyncpg connections "
        "(cascade: 2), same duration; client timeout 120 s",
        "",
        "#### Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    for t in targets(runs):
        mark = "not measured" if t.met is None else ("met" if t.met else "**missed**")
        lines.append(f"| {t.name} | {t.measured} | {mark} |")
    lines.append("")
    for run in runs:
        lines += [render_size(args, run)]
    return "\n".join(lines)


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


def reuse(args: argparse.Namespace, size: str) -> tuple[str, Dataset, str]:
    """The dataset of a database generated earlier today, rebuilt in memory (for development:
    earlier runs' writes are still there, so batch approvals may find reports approved)."""
    if args.db != "postgresql":
        raise SystemExit("--reuse needs --db postgresql")
    data, builder = build(size, args.seed)
    for _ in builder.reports(SIZES[size].reports_per_employee):
        pass  # collects the pending reports per appraiser
    url = make_url(args.pg_admin_url).set(database=database_name(size))
    text_url = url.render_as_string(hide_password=False)
    data.counts = asyncio.run(_row_counts(text_url))
    return text_url, data, asyncio.run(_version(text_url))


async def _row_counts(url: str) -> dict[str, int]:
    import asyncpg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT relname, n_live_tup FROM pg_stat_user_tables")
        return {r["relname"]: r["n_live_tup"] for r in rows}
    finally:
        await conn.close()


def run_size(args: argparse.Namespace, size: str, workdir: Path) -> SizeRun:
    print(f"preparing {args.db} size {size} ...", flush=True)
    started = time.perf_counter()
    if args.reuse:
        url, data, db_version = reuse(args, size)
    else:
        url, data, db_version = prepare(
            args.db, size, directory=workdir, pg_admin_url=args.pg_admin_url, seed=args.seed
        )
    run = SizeRun(size, data, db_version, generate_seconds=time.perf_counter() - started)
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
    print(f"uvicorn with {args.workers} worker(s); {args.duration:g} s per scenario", flush=True)
    log = workdir / f"uvicorn-{size}.log"
    with ApiServer(env, workers=args.workers, log_path=log) as api:
        sampler = RssSampler(api.pid)
        run.idle_rss = sampler.sample()
        sampler.start()
        try:
            asyncio.run(measure(api, sampler, callers, args, run, url))
        finally:
            sampler.stop()
        run.peak_rss = sampler.peak
        if any(r.sample.errors for r in run.results):
            print(f"server log (tail):\n{api.log_tail()}", file=sys.stderr)
    return run


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # A plain `kill` must also stop the server: turn SIGTERM into an exception like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    workdir = Path(tempfile.mkdtemp(prefix="kinerja_bench_"))
    try:
        runs = [run_size(args, size, workdir) for size in args.sizes]
        report = render(args, runs)
        print("\n" + report)
        if not args.no_save:
            save(report, args.results)
            print(f"added to {args.results}")
            if len(runs) > 1 or args.plot != PLOT:
                plot.draw(runs, args.plot)
                print(f"plot: {args.plot}")
        return 1 if any(r.sample.errors for run in runs for r in run.results) else 0
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
