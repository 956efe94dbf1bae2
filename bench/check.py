"""Check a generated PostgreSQL database against the app's constraints and rules.

    python -m bench.check --size M

The load runs with foreign-key triggers off (``generate.py``), so this checks every foreign
key of the schema with a query, then the rules the app enforces on writes: valid NIPs, no
overlapping pending/approved reports of one employee on a day, reports only against an RHK
of the employee's own SKP approved before the report date, RHK cascading from an RHK of the
direct superior's SKP, every supervisor with subordinates, predikat from the matrix. Prints
one line per check and exits 1 if any fails.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from bench.generate import PG_ADMIN_URL, SIZES, TABLES, database_name
from kinerja_api.appraisals.rules import predikat
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import Predikat
from kinerja_api.organizations.rules import nip_problems

RULES: dict[str, str] = {
    "overlapping pending/approved reports of one employee on a day": """
        SELECT count(*) FROM activity_reports a JOIN activity_reports b
          ON a.employee_id = b.employee_id AND a.report_date = b.report_date AND a.id < b.id
         AND a.start_time < b.end_time AND b.start_time < a.end_time
       WHERE a.status IN ('pending', 'approved') AND b.status IN ('pending', 'approved')""",
    "reports on an RHK of someone else's SKP, or of an SKP not approved before the date": """
        SELECT count(*) FROM activity_reports r
          JOIN skp_work_results w ON w.id = r.work_result_id JOIN skps s ON s.id = w.skp_id
         WHERE s.employee_id <> r.employee_id OR s.state <> 'approved'
            OR s.year <> extract(year FROM r.report_date)
            OR s.approved_at::date >= r.report_date""",
    "RHK cascading from an RHK outside the direct superior's SKP": """
        SELECT count(*) FROM skp_work_results w JOIN skps s ON s.id = w.skp_id
          JOIN skp_work_results p ON p.id = w.parent_id JOIN skps ps ON ps.id = p.skp_id
         WHERE ps.employee_id IS DISTINCT FROM s.appraiser_id OR ps.year <> s.year""",
    "RHK utama referring to nothing": """
        SELECT count(*) FROM skp_work_results
         WHERE kind = 'utama' AND parent_id IS NULL AND goal_id IS NULL
           AND key_indicator_id IS NULL""",
    "supervisor accounts without subordinates": """
        SELECT count(*) FROM users u WHERE u.role = 'supervisor' AND NOT EXISTS (
          SELECT 1 FROM employee_positions mine JOIN positions sub
            ON sub.superior_id = mine.position_id
          JOIN employee_positions theirs ON theirs.position_id = sub.id
         WHERE mine.employee_id = u.employee_id)""",
    "appraisals whose appraiser is not the holder of the superior position": """
        SELECT count(*) FROM appraisals a JOIN positions p ON p.id = a.position_id
          LEFT JOIN employee_positions boss ON boss.position_id = p.superior_id
         WHERE a.appraiser_id IS DISTINCT FROM boss.employee_id""",
}


def _foreign_keys() -> dict[str, str]:
    """One orphan-counting query per foreign key of the generated tables."""
    out = {}
    for name, table in TABLES.items():
        for fk in table.foreign_keys:
            col, target = fk.parent.name, fk.column
            out[f"{name}.{col} → {target.table.name}.{target.name}"] = (
                f"SELECT count(*) FROM {name} c WHERE c.{col} IS NOT NULL AND NOT EXISTS "  # noqa: S608 - names from the schema
                f"(SELECT 1 FROM {target.table.name} p WHERE p.{target.name} = c.{col})"
            )
    return out


async def check(size: str, admin_url: str) -> bool:
    dsn = admin_url.replace("postgresql+asyncpg", "postgresql").rsplit("/", 1)[0]
    conn = await asyncpg.connect(f"{dsn}/{database_name(size)}")
    ok = True

    def report(name: str, bad: int, seconds: float) -> None:
        nonlocal ok
        ok = ok and bad == 0
        print(f"{'ok  ' if bad == 0 else 'FAIL'} {bad:>8,}  {name}  ({seconds:.1f} s)", flush=True)

    try:
        for name, sql in {**_foreign_keys(), **RULES}.items():
            t0 = time.perf_counter()
            report(name, await conn.fetchval(sql), time.perf_counter() - t0)
        t0 = time.perf_counter()
        today = datetime.now(UTC).date()
        nips = [r[0] for r in await conn.fetch("SELECT nip FROM employees")]
        report(
            "invalid NIPs", sum(1 for n in nips if nip_problems(n, today)), time.perf_counter() - t0
        )
        t0 = time.perf_counter()
        rows = await conn.fetch(
            "SELECT DISTINCT hasil_kerja, perilaku, predikat FROM appraisals "
            "WHERE predikat IS NOT NULL"
        )
        wrong = sum(1 for h, p, pk in rows if predikat(Rating(h), Rating(p)) is not Predikat(pk))
        report("predikat not from the matrix", wrong, time.perf_counter() - t0)
    finally:
        await conn.close()
    return ok


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    args = parser.parse_args(argv)
    sys.exit(0 if asyncio.run(check(args.size, args.pg_admin_url)) else 1)


if __name__ == "__main__":
    main()
