"""Scenario 2 for the needs tests: the Sabang tourism office, its survey, respondents by IP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from conftest import Account, Factory
from kinerja_api.auth.models import Role
from kinerja_api.organizations.models import Organization, TimeZone, Unit

API = "/api/v1"

SURVEY: dict[str, Any] = {
    "title": "Kebutuhan layanan informasi wisata",
    "description": "Bantu kami meningkatkan layanan informasi wisata di Kota Sabang.",
    "audience": ["business", "public"],
    "questions": [
        {
            "key": "kejelasan",
            "type": "scale",
            "text": "Seberapa jelas informasi wisata yang diberikan petugas?",
            "required": True,
            "labels": ["Sangat tidak jelas", "Tidak jelas", "Cukup", "Jelas", "Sangat jelas"],
        },
        {
            "key": "bahasa",
            "type": "single_choice",
            "text": "Bahasa yang paling dibutuhkan",
            "required": True,
            "options": [
                {"key": "en", "label": "Bahasa Inggris"},
                {"key": "ms", "label": "Bahasa Melayu"},
                {"key": "zh", "label": "Bahasa Mandarin"},
                {"key": "id", "label": "Cukup Bahasa Indonesia"},
            ],
        },
        {
            "key": "kanal",
            "type": "multiple_choice",
            "text": "Dari mana Anda mencari informasi wisata?",
            "options": [
                {"key": "tic", "label": "Tourist Information Center"},
                {"key": "medsos", "label": "Media sosial"},
                {"key": "hotel", "label": "Hotel/penginapan"},
            ],
            "max_selections": 2,
        },
        {"key": "saran", "type": "text", "text": "Saran Anda", "max_length": 200},
    ],
}


@dataclass
class Sabang:
    org: Organization
    root: Unit
    info_unit: Unit
    admin: Account
    supervisor: Account
    staff: Account


async def sabang(factory: Factory) -> Sabang:
    org = await factory.org(
        "DISBUDPAR-SABANG",
        name="Dinas Kebudayaan dan Pariwisata Kota Sabang",
        region="Kota Sabang, Aceh",
        timezone=TimeZone.WIB,
    )
    root = await factory.unit(org, code="DISBUDPAR", name="Dinas Kebudayaan dan Pariwisata")
    bidang = await factory.unit(org, root, code="BID-PAR", name="Bidang Pariwisata")
    info = await factory.unit(org, bidang, code="SEKSI-PIW", name="Seksi Pelayanan Informasi")
    return Sabang(
        org=org,
        root=root,
        info_unit=info,
        admin=await factory.account(org, Role.ADMIN, username="admin.dispar"),
        supervisor=await factory.account(org, Role.SUPERVISOR, username="kabid.pariwisata"),
        staff=await factory.account(org, Role.STAFF, username="petugas.tic"),
    )


@asynccontextmanager
async def from_ip(app: Any, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from ``ip`` (each respondent has their own)."""
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def published_survey(
    client: httpx.AsyncClient, admin: Account, org_id: Any, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    survey = await created(
        await client.post(
            f"{API}/organizations/{org_id}/surveys", headers=admin.headers, json=body or SURVEY
        )
    )
    r = await client.post(f"{API}/surveys/{survey['id']}/publish", headers=admin.headers)
    assert r.status_code == 200, r.text
    published: dict[str, Any] = r.json()
    return published
