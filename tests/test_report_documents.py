"""Official documents as PDF (the SKP form, the evaluation document, the monthly activity
recap) and the distribution curve as PNG, through the HTTP API and from the demo data, read
back with poppler (pdftotext, pdfinfo, pdftoppm)."""

from __future__ import annotations

import struct
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from appraisal_support import (
    Clock,
    finalize,
    rate_head,
    rate_siti,
    rating_body,
    record_result,
    set_curve_group,
    setup_cycle,
)
from appraisal_support import clock as clock  # the fixture
from conftest import Palu, World
from kinerja_api.appraisals.models import Appraisal
from kinerja_api.appraisals.rules import PREDIKAT_LABELS
from kinerja_api.appraisals.schemas import CurveRead
from kinerja_api.demo import load_demo_data
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.organizations.models import Employee
from kinerja_api.reports import rules
from kinerja_api.reports.demo_documents import demo_documents
from kinerja_api.reports.documents import curve_chart
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
    ok,
    palu_goals,
)
from test_activities import approved_rhk, body, org_today, post


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


# ---- the performance evaluation document ---------------------------------------------------


async def _evaluation(
    client: httpx.AsyncClient, headers: dict[str, str], appraisal_id: str
) -> httpx.Response:
    response = await client.get(f"{API}/appraisals/{appraisal_id}/pdf", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response


async def test_evaluation_pdf_holds_ratings_predikat_and_how(
    client: httpx.AsyncClient, palu: Palu, clock: Clock, tmp_path: Path
) -> None:
    s = await setup_cycle(client, palu, realized={"Siti Rahma": 600})
    body = rating_body([s["rhk_id"]], "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    body["items"][0]["feedback"] = "Cakupan meningkat berkat posyandu keliling"
    body["behaviours"][0]["feedback"] = "Ramah kepada ibu bayi"
    body["feedback"] = "Pertahankan ketepatan waktu pelayanan"
    ok(
        await client.put(
            f"{API}/appraisals/{s['appraisal_id']}/rating", headers=palu.kapus.headers, json=body
        )
    )
    response = await _evaluation(client, palu.siti.headers, s["appraisal_id"])
    nip = palu.siti.employee.nip if palu.siti.employee else ""
    assert response.headers["content-disposition"] == (
        f'attachment; filename="Evaluasi_semester_2026-01-01_{nip}.pdf"'
    )
    text = pdf_text(response.content)
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PERIODE: SEMESTERAN",
        "1 JANUARI SD 30 JUNI TAHUN 2026",
        "Siti Rahma",
        nip,
        "Perawat Ahli Pertama",
        "UPTD Puskesmas Talise",
        "Ns. Fadli Rahman",
        "Kepala Puskesmas Talise",
        "Imunisasi bayi",
        "Jumlah bayi yang mendapat imunisasi dasar lengkap",
        "1.200 bayi",  # target
        "600 bayi",  # realization of May
        "50%",  # achievement
        "Cakupan meningkat berkat posyandu keliling",
        "Ramah kepada ibu bayi",
        "Disiplin dan akuntabel",  # the expectation
        "RATING HASIL KERJA Di Atas Ekspektasi",
        "RATING PERILAKU KERJA Sesuai Ekspektasi",
        "PREDIKAT KINERJA PEGAWAI BAIK",
        "Hasil kerja Di Atas Ekspektasi × perilaku kerja Sesuai Ekspektasi = Baik",
        "Pertahankan ketepatan waktu pelayanan",
        "Pegawai yang Dinilai",
        "Pejabat Penilai Kinerja",
        "DRAFT",  # not finalized yet
    ):
        assert expected in text, expected
    assert "CAPAIAN KINERJA ORGANISASI" not in text  # a semester, no result recorded
    # The appraiser, the head above, the admin and the organization's service read it too.
    for reader in (palu.kapus, palu.kadis, palu.admin):
        await _evaluation(client, reader.headers, s["appraisal_id"])
    png = first_page_png(response.content, tmp_path / "evaluation.png")
    assert png.read_bytes().startswith(b"\x89PNG")


async def test_finalized_head_evaluation_shows_result_curve_and_credit_points(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    # Baik (the head) and Butuh Perbaikan (Siti): fits the curve of a Baik result
    await rate_siti(client, palu, s, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    await rate_head(client, palu, s, "DI_ATAS_EKSPEKTASI")
    await set_curve_group(client, palu, 2, 1)
    ok(await record_result(client, palu, s["period"]["id"], "baik"))
    ok(await finalize(client, palu, s["period"]["id"], palu.pkm.id))

    head = pdf_text((await _evaluation(client, palu.kapus.headers, s["head_id"])).content)
    for expected in (
        "Ns. Fadli Rahman",
        "dr. Herry Mulyadi",  # his appraiser, the Kepala Dinas
        "CAPAIAN KINERJA ORGANISASI Baik",
        "hasil kerja pimpinan unit mengikuti capaian kinerja organisasi Baik",
        "PREDIKAT KINERJA PEGAWAI BAIK",
        "POLA DISTRIBUSI PREDIKAT KINERJA",
        "Kelompok: UPTD Puskesmas Talise",
        "Dinilai: 2 pegawai",
        "Sesuai kurva distribusi",
    ):
        assert expected in head, expected
    assert "DRAFT" not in head
    siti = pdf_text((await _evaluation(client, palu.siti.headers, s["appraisal_id"])).content)
    assert "PREDIKAT KINERJA PEGAWAI BUTUH PERBAIKAN" in siti
    assert "Angka kredit" in siti  # a functional position, finalized
    assert "POLA DISTRIBUSI" not in siti  # a staff member's semester evaluation


async def test_evaluation_pdf_access_follows_the_appraisal(
    client: httpx.AsyncClient, palu: Palu, world: World, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    url = f"{API}/appraisals/{s['appraisal_id']}/pdf"
    response = await client.get(url, headers=palu.andi.headers)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(url, headers=world.other_admin.headers)).status_code == 404
    assert (await client.get(url)).status_code == 401


async def test_demo_evaluations_render_with_their_key_texts(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with sessionmaker() as session:
        await load_demo_data(session)
        await session.flush()
        docs = await demo_documents(session)
        expected: dict[str, tuple[str, ...]] = {}
        for name in ("evaluation", "evaluation_head"):
            appraisal = await session.get(Appraisal, docs[name].source_id)
            assert appraisal is not None
            assert appraisal.predikat is not None
            employee = await session.get(Employee, appraisal.employee_id)
            assert employee is not None
            assert employee.nip
            expected[name] = (
                employee.name,
                employee.nip,
                appraisal.appraiser_name or "",
                PREDIKAT_LABELS[appraisal.predikat].upper(),
                "CAPAIAN KINERJA ORGANISASI Baik",  # the annual appraisal
                "POLA DISTRIBUSI PREDIKAT KINERJA",
            )
        await session.rollback()
    for name, texts in expected.items():
        pdf = await render(docs[name].template, docs[name].data)
        text = pdf_text(pdf)
        for value in texts:
            assert value in text, (name, value)
        assert first_page_png(pdf, tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    # The curve of the nurse's group (the Dinas Kesehatan) as a picture.
    picture = await render(docs["curve"].template, docs["curve"].data, fmt="png", ppi=144)
    assert _png_size(picture)[0] > 900
    assert docs["curve"].data["chart"]["group"] == "Dinas Kesehatan Kota Palu"
    # The Sekda's appraiser is the Wali Kota, a regional head without NIP.
    head = pdf_text(await render("evaluation", docs["evaluation_head"].data))
    assert "Wali Kota Palu" in head
    assert docs["evaluation_head"].data["appraiser"]["nip"] == "-"


# ---- the monthly activity recap ------------------------------------------------------------


async def test_activity_recap_pdf_lists_approved_days_and_totals(
    client: httpx.AsyncClient, palu: Palu, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    today = org_today(palu.org)
    rhk, _ = await approved_rhk(sessionmaker, palu.siti, today.year)
    days = [d for d in (today - timedelta(days=1), today) if d.month == today.month]
    made = []
    for n, day in enumerate(days):
        made.append(await post(client, palu.siti, body(rhk, day, quantity=30 + n)))
        made.append(
            await post(
                client,
                palu.siti,
                body(
                    rhk,
                    day,
                    "13:00",
                    "15:00",
                    description=f"Pencatatan register kohort bayi hari ke-{n + 1}",
                    quantity=1,
                    unit="laporan",
                ),
            )
        )
    for response in made:
        assert response.status_code == 201, response.text
        ok(
            await client.post(
                f"{API}/activity-reports/{response.json()['id']}/approve",
                headers=palu.kapus.headers,
                json={},
            )
        )
    pending = await post(
        client, palu.siti, body(rhk, today, "16:00", "17:00", description="Rapat lintas sektor")
    )
    assert pending.status_code == 201, pending.text

    month = f"{today:%Y-%m}"
    url = f"{API}/employees/{palu.siti.employee_id}/activity-recap.pdf"
    response = await client.get(url, headers=palu.siti.headers, params={"month": month})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    nip = palu.siti.employee.nip if palu.siti.employee else ""
    assert response.headers["content-disposition"] == (
        f'attachment; filename="Rekap-Aktivitas_{month}_{nip}.pdf"'
    )
    text = pdf_text(response.content)
    babies = sum(30 + n for n in range(len(days)))
    for expected in (
        "REKAPITULASI LAPORAN KINERJA HARIAN",
        rules.month_id(month).upper(),
        "Siti Rahma",
        nip,
        "Ns. Fadli Rahman",  # the supervisor
        "Kepala Puskesmas Talise",
        *(rules.weekday_date_id(d) for d in days),
        "08:00–11:30",
        "Pelayanan imunisasi di Posyandu Melati",
        *(f"Pencatatan register kohort bayi hari ke-{n + 1}" for n in range(len(days))),
        "Terlaksananya imunisasi dasar bagi 1.200 bayi",
        f"{babies} bayi",  # the month's total for the RHK
        f"{len(days)} laporan",
        f"Hari dilaporkan: {len(days)}",
        f"laporan disetujui: {2 * len(days)}",
        "menunggu persetujuan: 1",
        "Atasan Langsung",
    ):
        assert expected in text, expected
    assert "Rapat lintas sektor" not in text  # pending: counted, not listed
    # The supervisor and the admin print it; another branch of the chain may not; another
    # organization does not see the employee.
    for reader in (palu.kapus, palu.kadis, palu.admin):
        printed = await client.get(url, headers=reader.headers, params={"month": month})
        assert printed.status_code == 200, printed.text
    assert (
        await client.get(url, headers=palu.andi.headers, params={"month": month})
    ).status_code == 403


async def test_activity_recap_of_an_empty_month_and_a_bad_month(
    client: httpx.AsyncClient, palu: Palu, world: World
) -> None:
    url = f"{API}/employees/{palu.siti.employee_id}/activity-recap.pdf"
    response = await client.get(url, headers=palu.siti.headers, params={"month": "2026-02"})
    assert response.status_code == 200, response.text
    assert "Tidak ada aktivitas yang disetujui pada bulan ini" in pdf_text(response.content)
    bad = await client.get(url, headers=palu.siti.headers, params={"month": "2026-13"})
    assert bad.status_code == 422
    other = await client.get(url, headers=world.other_admin.headers, params={"month": "2026-02"})
    assert other.status_code == 404


async def test_demo_activity_recap_renders_with_its_key_texts(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with sessionmaker() as session:
        await load_demo_data(session)
        await session.flush()
        docs = await demo_documents(session)
        recap = docs.get("activity_recap")
        if recap is None:  # the demo's reports are dated back from today while 2026 lasts
            await session.rollback()
            pytest.skip("the demo has no approved daily reports (its year is over)")
        employee = await session.get(Employee, recap.source_id)
        assert employee is not None
        name, nip = employee.name, employee.nip
        await session.rollback()
    pdf = await render(recap.template, recap.data)
    text = pdf_text(pdf)
    for expected in (name, nip, "REKAPITULASI LAPORAN KINERJA HARIAN", "Ns. Fadli Rahman"):
        assert expected in text, expected
    assert recap.data["days"], "the busiest month has approved days"
    for day in recap.data["days"]:
        assert day["label"] in text
    assert first_page_png(pdf, tmp_path / "recap.png").read_bytes().startswith(b"\x89PNG")


# ---- the distribution curve as a PNG chart ---------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_curve_png_for_instansi_admins(
    client: httpx.AsyncClient, palu: Palu, world: World, clock: Clock
) -> None:
    s = await setup_cycle(client, palu)
    pid = s["period"]["id"]
    url = f"{API}/appraisal-periods/{pid}/curve.png"
    params = {"unit_id": str(palu.pkm.id)}
    missing = await client.get(url, headers=palu.admin.headers, params=params)
    assert missing.status_code == 409
    assert missing.json()["code"] == "organization_result_missing"

    await rate_siti(client, palu, s, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    await rate_head(client, palu, s, "DI_ATAS_EKSPEKTASI")
    ok(await record_result(client, palu, pid, "baik"))
    response = await client.get(url, headers=palu.admin.headers, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"] == (
        'inline; filename="Kurva_semester_2026-01-01_DINKES.png"'  # the group: the OPD
    )
    width, height = _png_size(response.content)
    assert 900 <= width <= 1200
    assert 300 <= height <= 1200
    assert 5_000 < len(response.content) < 1_000_000
    whole = await client.get(url, headers=palu.admin.headers)
    assert whole.status_code == 200
    assert whole.headers["content-disposition"].endswith('_instansi.png"')

    # Only instansi admins: staff and supervisors are refused, another organization sees
    # neither the period nor the unit.
    for who in (palu.siti, palu.kapus):
        assert (await client.get(url, headers=who.headers, params=params)).status_code == 403
    other = await client.get(url, headers=world.other_admin.headers, params=params)
    assert other.status_code == 404
    assert (await client.get(url, params=params)).status_code == 401


async def test_curve_chart_template_draws_counts_and_bounds(
    client: httpx.AsyncClient, palu: Palu, clock: Clock
) -> None:
    """The picture's template, rendered to PDF to read its texts: counts, bounds, verdict."""
    s = await setup_cycle(client, palu)
    await rate_siti(client, palu, s, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    await rate_head(client, palu, s, "DI_ATAS_EKSPEKTASI")
    ok(await record_result(client, palu, s["period"]["id"], "baik"))
    curve = CurveRead.model_validate(
        ok(
            await client.get(
                f"{API}/appraisal-periods/{s['period']['id']}/curve",
                headers=palu.admin.headers,
                params={"unit_id": str(palu.pkm.id)},
            )
        )
    )
    chart = curve_chart(curve, "KURVA DISTRIBUSI PREDIKAT KINERJA")
    pdf = await render(
        "curve", {"title": "t", "heading": "Kota Palu", "period": "2026", "chart": chart}
    )
    text = pdf_text(pdf)
    for expected in (
        "KURVA DISTRIBUSI PREDIKAT KINERJA",
        "Kelompok: Dinas Kesehatan",
        "Dinilai: 2 pegawai",
        "Sangat Baik 50%",  # Siti: Sangat Baik; the head: Baik (follows the result)
        "Baik 50%",
        "maksimal 70%",
        "minimal 1 pegawai",
        "Tidak sesuai kurva distribusi",  # no one below Baik, but the group is small
        "di bawah minimum 10",
    ):
        assert expected in text, expected
