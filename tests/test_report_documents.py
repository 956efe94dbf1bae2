"""Official documents as PDF: the SKP form, through the HTTP API and from the demo data,
read back with poppler (pdftotext, pdfinfo, pdftoppm)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conftest import Palu, World
from kinerja_api.demo import load_demo_data
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.organizations.models import Employee
from kinerja_api.reports.demo_documents import demo_documents
from kinerja_api.reports.render import render
from pdf_support import first_page_png, page_count, page_texts, pdf_text
from skp_support import (
    API,
    BAYI_TARGET,
    WAKTU_TARGET,
    YEAR,
    add_indicator,
    add_rhk,
    approved_skp,
    create_skp,
    palu_goals,
)


async def _pdf(client: httpx.AsyncClient, headers: dict[str, str], skp_id: str) -> bytes:
    response = await client.get(f"{API}/skp/{skp_id}/pdf", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response.content


async def _chain(client: httpx.AsyncClient, palu: Palu) -> tuple[dict[str, Any], dict[str, Any]]:
    """kapus's approved SKP referring to a goal, and siti's draft intervening kapus's RHK."""
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client,
        palu.kapus,
        palu.kadis,
        "Meningkatnya cakupan imunisasi dasar lengkap di wilayah Puskesmas Talise",
        goal_id=goals.sasaran_idl,
    )
    skp = await create_skp(client, palu.siti)
    return skp, kapus_rhk


async def test_skp_pdf_holds_the_form(client: httpx.AsyncClient, palu: Palu, tmp_path: Any) -> None:
    skp, kapus_rhk = await _chain(client, palu)
    statement = "Terlaksananya imunisasi dasar lengkap bagi bayi di wilayah kerja " * 3
    rhk = await add_rhk(client, palu.siti, skp["id"], statement.strip(), parent_id=kapus_rhk["id"])
    await add_indicator(client, palu.siti, rhk["id"], BAYI_TARGET)
    await add_indicator(client, palu.siti, rhk["id"], WAKTU_TARGET)
    extra = await add_rhk(
        client, palu.siti, skp["id"], "Menjadi narasumber penyuluhan posyandu", kind="tambahan"
    )
    await add_indicator(client, palu.siti, extra["id"], {**BAYI_TARGET, "target_value": 4})

    response = await client.get(f"{API}/skp/{skp['id']}/pdf", headers=palu.siti.headers)
    assert response.status_code == 200, response.text
    nip = palu.siti.employee.nip if palu.siti.employee else ""
    assert response.headers["content-disposition"] == (
        f'attachment; filename="SKP_{YEAR}_{nip}.pdf"'
    )
    text = pdf_text(response.content)
    for expected in (
        "SASARAN KINERJA PEGAWAI",
        "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
        f"1 JANUARI SD 31 DESEMBER TAHUN {YEAR}",
        "Siti Rahma",
        nip,
        "Perawat Ahli Pertama",
        "Ns. Fadli Rahman",  # the appraiser, resolved today for a draft
        "Kepala Puskesmas Talise",
        statement.strip(),
        kapus_rhk["statement"],  # the superior's RHK it intervenes
        "Jumlah bayi yang mendapat imunisasi dasar lengkap",
        "1.200 bayi",
        "12 bulan",
        "B. TAMBAHAN",
        "Menjadi narasumber penyuluhan posyandu",
        "Berorientasi Pelayanan",
        "Kolaboratif",
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
        "DRAFT",
    ):
        assert expected in text, expected
    assert "PERSPEKTIF" not in text

    # The appraiser and the head above read it; the PNG of page 1 renders.
    for reader in (palu.kapus, palu.kadis, palu.admin):
        await _pdf(client, reader.headers, skp["id"])
    png = first_page_png(response.content, tmp_path / "skp.png")
    assert png.read_bytes().startswith(b"\x89PNG")


async def test_approved_skp_has_no_draft_mark_and_jpt_has_perspective(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    skp, _, _ = await approved_skp(
        client,
        palu.kabid,
        palu.kadis,
        "Terkendalinya penyakit menular di Kota Palu",
        goal_id=goals.sasaran_idl,
    )
    text = pdf_text(await _pdf(client, palu.kabid.headers, skp["id"]))
    assert "DRAFT" not in text
    assert "dr. Nurhaya Lamato" in text
    assert "dr. Herry Mulyadi" in text
    assert "Meningkatnya cakupan imunisasi dasar lengkap" in text  # the goal intervened

    kadis_skp = await create_skp(client, palu.kadis)
    rhk = await add_rhk(
        client,
        palu.kadis,
        kadis_skp["id"],
        "Meningkatnya derajat kesehatan masyarakat Kota Palu",
        goal_id=goals.tujuan,
        perspective="penerima_layanan",
    )
    await add_indicator(client, palu.kadis, rhk["id"], BAYI_TARGET)
    text = pdf_text(await _pdf(client, palu.kadis.headers, kadis_skp["id"]))
    assert "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI" in text
    assert "PERSPEKTIF" in text
    assert "Penerima Layanan" in text


async def test_sixty_rhk_break_across_pages_with_the_header_repeated(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    skp = await create_skp(client, palu.andi)
    statements = [
        f"RHK {n:02d}: tersusunnya laporan surveilans penyakit menular minggu ke-{n} yang "
        "lengkap, tepat waktu, dan tervalidasi oleh kepala seksi"
        for n in range(1, 61)
    ]
    for statement in statements:
        rhk = await add_rhk(client, palu.andi, skp["id"], statement)
        await add_indicator(client, palu.andi, rhk["id"], BAYI_TARGET)
    data = await _pdf(client, palu.andi.headers, skp["id"])
    text = pdf_text(data)
    for statement in statements:
        assert statement in text, statement
    pages = page_texts(data)
    assert len(pages) == page_count(data)
    # Work results fill several pages, each starting with the repeated column headers.
    table_pages = [p for p in pages if "RHK " in p]
    assert len(table_pages) >= 4
    for page in table_pages:
        assert "INDIKATOR KINERJA INDIVIDU" in page
    assert page_count(data) == 9
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in pages[-1]


async def test_other_organization_gets_404_and_strangers_403(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    skp = await create_skp(client, palu.siti)
    # andi is in another branch of the chain: a known SKP he may not read
    response = await client.get(f"{API}/skp/{skp['id']}/pdf", headers=palu.andi.headers)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    response = await client.get(f"{API}/skp/{skp['id']}/pdf", headers=world.other_admin.headers)
    assert response.status_code == 404
    response = await client.get(f"{API}/skp/{skp['id']}/pdf")
    assert response.status_code == 401


async def test_demo_documents_render_to_png_with_their_key_texts(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with sessionmaker() as session:
        await load_demo_data(session)
        await session.flush()
        docs = await demo_documents(session)
        skp = await session.get(Skp, docs["skp"].source_id)
        assert skp is not None
        employee = await session.get(Employee, skp.employee_id)
        assert employee is not None
        statements = list(
            await session.scalars(
                select(SkpWorkResult.statement).where(SkpWorkResult.skp_id == skp.id)
            )
        )
        name, nip, year = employee.name, employee.nip, skp.year
        await session.rollback()
    assert statements
    pdf = await render(docs["skp"].template, docs["skp"].data)
    text = pdf_text(pdf)
    for expected in (name, nip, *statements):
        assert expected in text, expected
    png = first_page_png(pdf, tmp_path / "skp.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert docs["skp"].filename == f"SKP_{year}_{nip}.pdf"
