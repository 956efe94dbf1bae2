"""Helpers for the SKP tests: goals of the Palu scenario and SKP building blocks, all through
the HTTP API (and a few rows written directly for the statement-count tests)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Account, Factory, Palu
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpWorkResult
from kinerja_api.indicators.skp.rules import SkpState, WorkResultKind
from kinerja_api.indicators.targets import Aspect, Direction

API = "/api/v1"
YEAR = 2026

IDL_IKU = {
    "code": "IKU-01",
    "name": "Cakupan imunisasi dasar lengkap (IDL)",
    "aspect": "kuantitas",
    "unit": "persen",
    "direction": "higher_is_better",
    "target_value": 95,
}
POS_IKU = {
    "code": "IKU-03",
    "name": "Persentase pos kesehatan pengungsian yang memberi layanan kesehatan dasar",
    "aspect": "kuantitas",
    "unit": "persen",
    "target_min": 90,
    "target_max": 100,
}
IDL_TARGET = {
    "name": "Cakupan imunisasi dasar lengkap (IDL) wilayah kerja",
    "aspect": "kuantitas",
    "unit": "persen",
    "direction": "higher_is_better",
    "target_value": 95,
}
BAYI_TARGET = {
    "name": "Jumlah bayi yang mendapat imunisasi dasar lengkap",
    "aspect": "kuantitas",
    "unit": "bayi",
    "direction": "higher_is_better",
    "target_value": 1200,
}
WAKTU_TARGET = {
    "name": "Waktu pelaksanaan imunisasi dasar",
    "aspect": "waktu",
    "unit": "bulan",
    "direction": "lower_is_better",
    "target_value": 12,
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Goals:
    tujuan: str
    sasaran_idl: str
    sasaran_pos: str
    iku_idl: str
    iku_pos: str


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def palu_goals(client: httpx.AsyncClient, admin: Account, org_id: uuid.UUID) -> Goals:
    """T1 with sasaran S1.1 (IKU-01, IDL 95%) and S1.2 (IKU-03, pos pengungsian) of 2026."""
    base = f"{API}/organizations/{org_id}/goals"
    tujuan = ok(
        await client.post(
            base,
            headers=admin.headers,
            json={
                "year": YEAR,
                "code": "T1",
                "kind": "tujuan",
                "statement": "Meningkatnya derajat kesehatan masyarakat",
            },
        ),
        201,
    )
    sasaran: list[dict[str, Any]] = []
    for code, statement in (
        ("S1.1", "Meningkatnya cakupan imunisasi dasar lengkap"),
        ("S1.2", "Pulihnya layanan kesehatan dasar pascabencana"),
    ):
        body = {
            "year": YEAR,
            "code": code,
            "kind": "sasaran",
            "parent_id": tujuan["id"],
            "statement": statement,
        }
        sasaran.append(ok(await client.post(base, headers=admin.headers, json=body), 201))
    ikus = [
        ok(
            await client.post(
                f"{API}/goals/{goal['id']}/key-indicators", headers=admin.headers, json=iku
            ),
            201,
        )
        for goal, iku in zip(sasaran, (IDL_IKU, POS_IKU), strict=True)
    ]
    return Goals(tujuan["id"], sasaran[0]["id"], sasaran[1]["id"], ikus[0]["id"], ikus[1]["id"])


async def create_skp(client: httpx.AsyncClient, who: Account, **body: Any) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        await client.post(f"{API}/skp", headers=who.headers, json={"year": YEAR, **body}), 201
    )
    return result


async def add_rhk(
    client: httpx.AsyncClient, who: Account, skp_id: str, statement: str, **body: Any
) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        await client.post(
            f"{API}/skp/{skp_id}/work-results",
            headers=who.headers,
            json={"kind": "utama", "statement": statement, **body},
        ),
        201,
    )
    return result


async def add_indicator(
    client: httpx.AsyncClient, who: Account, rhk_id: str, target: dict[str, Any]
) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        await client.post(
            f"{API}/work-results/{rhk_id}/indicators", headers=who.headers, json=target
        ),
        201,
    )
    return result


async def act(
    client: httpx.AsyncClient,
    who: Account,
    skp_id: str,
    action: str,
    note: str | None = None,
    *,
    etag: str | None = None,
    lang: str | None = None,
) -> httpx.Response:
    headers = dict(who.headers)
    if etag is not None:
        headers["If-Match"] = etag
    if lang is not None:
        headers["Accept-Language"] = lang
    body = {"note": note} if note is not None else {}
    return await client.post(f"{API}/skp/{skp_id}/{action}", headers=headers, json=body)


async def planned_skp(
    client: httpx.AsyncClient,
    who: Account,
    statement: str,
    target: dict[str, Any] | None = None,
    **reference: Any,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """An SKP with one RHK utama (referring to ``reference``) and one indicator."""
    skp = await create_skp(client, who)
    rhk = await add_rhk(client, who, skp["id"], statement, **reference)
    indicator = await add_indicator(client, who, rhk["id"], target or IDL_TARGET)
    return skp, rhk, indicator


async def approved_skp(
    client: httpx.AsyncClient,
    who: Account,
    appraiser: Account,
    statement: str,
    target: dict[str, Any] | None = None,
    **reference: Any,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    skp, rhk, indicator = await planned_skp(client, who, statement, target, **reference)
    ok(await act(client, who, skp["id"], "submit"))
    skp = ok(await act(client, appraiser, skp["id"], "approve"))
    return skp, rhk, indicator


async def read_skp(client: httpx.AsyncClient, who: Account, skp_id: str) -> httpx.Response:
    return await client.get(f"{API}/skp/{skp_id}", headers=who.headers)


# ---- rows written directly (fast), for the statement-count tests ------------------------


async def add_work_results(
    sessionmaker: async_sessionmaker[AsyncSession],
    skp_id: str,
    count: int,
    *,
    parent_id: str | None = None,
) -> None:
    """``count`` RHK with two indicators each, written directly (fast)."""
    async with sessionmaker() as s:
        skp = await s.get(Skp, uuid.UUID(skp_id))
        assert skp is not None
        for n in range(count):
            rhk = SkpWorkResult(
                organization_id=skp.organization_id,
                skp_id=skp.id,
                kind=WorkResultKind.UTAMA,
                statement=f"RHK tambahan data {n}",
                parent_id=uuid.UUID(parent_id) if parent_id else None,
                sort_order=n + 10,
            )
            s.add(rhk)
            await s.flush()
            for m in range(2):
                s.add(
                    SkpIndicator(
                        organization_id=skp.organization_id,
                        skp_id=skp.id,
                        work_result_id=rhk.id,
                        name=f"Indikator {n}.{m}",
                        aspect=Aspect.KUANTITAS,
                        unit="bayi",
                        direction=Direction.HIGHER_IS_BETTER,
                        target_value=100,
                    )
                )
        await s.commit()


async def subordinate_skps(
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
    palu: Palu,
    parent_id: str,
    count: int,
) -> None:
    employees = [await factory.employee(palu.org) for _ in range(count)]
    async with sessionmaker() as s:
        ids = []
        for employee in employees:
            skp = Skp(
                organization_id=palu.org.id,
                employee_id=employee.id,
                year=YEAR,
                period_start=date(YEAR, 1, 1),
                period_end=date(YEAR, 12, 31),
                state=SkpState.DRAFT,
            )
            s.add(skp)
            await s.flush()
            ids.append(str(skp.id))
        await s.commit()
    for skp_id in ids:
        await add_work_results(sessionmaker, skp_id, 1, parent_id=parent_id)
