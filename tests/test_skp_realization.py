"""Realization per period, achievement, and evidence uploads through the HTTP API."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from conftest import Palu, assert_problem, base_settings
from kinerja_api.core.config import Settings
from skp_support import (
    API,
    BAYI_TARGET,
    PDF,
    PNG,
    WAKTU_TARGET,
    YEAR,
    act,
    add_indicator,
    add_rhk,
    approved_skp,
    create_skp,
    ok,
    palu_goals,
)

EVIDENCE_LIMIT = 4096


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return base_settings(
        database_url,
        evidence_dir=tmp_path / "evidence",
        evidence_max_bytes=EVIDENCE_LIMIT,
        evidence_content_types=["application/pdf", "image/jpeg"],
    )


@pytest.fixture
async def nurse(client: httpx.AsyncClient, palu: Palu) -> dict[str, Any]:
    """Siti's approved SKP: 1.200 bayi (kuantitas) and 12 bulan (waktu, lower is better)."""
    goals = await palu_goals(client, palu.admin, palu.org.id)
    _, kapus_rhk, _ = await approved_skp(
        client, palu.kapus, palu.kadis, "Meningkatnya cakupan IDL", key_indicator_id=goals.iku_idl
    )
    skp = await create_skp(client, palu.siti)
    rhk = await add_rhk(
        client, palu.siti, skp["id"], "Terlaksananya imunisasi dasar", parent_id=kapus_rhk["id"]
    )
    bayi = await add_indicator(client, palu.siti, rhk["id"], BAYI_TARGET)
    waktu = await add_indicator(client, palu.siti, rhk["id"], WAKTU_TARGET)
    return {"skp": skp, "bayi": bayi, "waktu": waktu}


def _url(indicator: dict[str, Any], period: str) -> str:
    return f"{API}/skp-indicators/{indicator['id']}/realizations/{period}"


async def test_realization_opens_with_approval_and_computes_achievement(
    client: httpx.AsyncClient, palu: Palu, nurse: dict[str, Any]
) -> None:
    bayi, waktu, skp_id = nurse["bayi"], nurse["waktu"], nurse["skp"]["id"]
    closed = await client.put(
        _url(bayi, f"{YEAR}-01"), headers=palu.siti.headers, json={"value": 90}
    )
    assert_problem(closed, 409, "realization_closed")
    ok(await act(client, palu.siti, skp_id, "submit"))
    ok(await act(client, palu.kapus, skp_id, "approve"))

    for period, value in ((f"{YEAR}-01", 90), (f"{YEAR}-02", 190), (f"{YEAR}-03", 300)):
        ok(
            await client.put(_url(bayi, period), headers=palu.siti.headers, json={"value": value}),
            201,
        )
    waktu_march = ok(
        await client.put(_url(waktu, f"{YEAR}-03"), headers=palu.siti.headers, json={"value": 9}),
        201,
    )
    assert waktu_march["achievement_percent"] == 125.0  # (2·12 − 9) / 12: lower is better

    # replacing: 200, with If-Match; a stale ETag is refused
    current = await client.get(_url(bayi, f"{YEAR}-03"), headers=palu.kapus.headers)
    etag = current.headers["etag"]
    replaced = await client.put(
        _url(bayi, f"{YEAR}-03"),
        headers={**palu.siti.headers, "If-Match": etag},
        json={"value": 312, "self_assessment": "Sweeping imunisasi di Kelurahan Talise"},
    )
    assert ok(replaced)["achievement_percent"] == 26.0
    stale = await client.put(
        _url(bayi, f"{YEAR}-03"), headers={**palu.siti.headers, "If-Match": etag}, json={"value": 1}
    )
    assert_problem(stale, 412)
    creating_with_etag = await client.put(
        _url(bayi, f"{YEAR}-04"),
        headers={**palu.siti.headers, "If-Match": '"1"'},
        json={"value": 1},
    )
    assert_problem(creating_with_etag, 412)

    overview = ok(await client.get(f"{API}/skp/{skp_id}/realizations", headers=palu.admin.headers))
    assert overview["realization_period"] == "monthly"
    assert overview["periods"][:3] == [f"{YEAR}-01", f"{YEAR}-02", f"{YEAR}-03"]
    [first, second] = overview["indicators"]
    assert [(r["period"], r["value"], r["achievement_percent"]) for r in first["realizations"]] == [
        (f"{YEAR}-01", 90.0, 7.5),
        (f"{YEAR}-02", 190.0, 15.83),
        (f"{YEAR}-03", 312.0, 26.0),
    ]
    assert second["indicator"]["name"] == WAKTU_TARGET["name"]

    # the period follows the organization's setting and the SKP year
    for period, etype in (
        (f"{YEAR}-Q1", "period_format"),
        (f"{YEAR - 1}-12", "period_outside_year"),
    ):
        r = await client.put(_url(bayi, period), headers=palu.siti.headers, json={"value": 1})
        problem = assert_problem(r, 422)
        assert (problem["errors"][0]["field"], problem["errors"][0]["type"]) == ("period", etype)
    ok(
        await client.patch(
            f"{API}/organizations/{palu.org.id}/settings",
            headers=palu.admin.headers,
            json={"skp": {"realization_period": "quarterly"}},
        )
    )
    ok(
        await client.put(_url(bayi, f"{YEAR}-Q1"), headers=palu.siti.headers, json={"value": 312}),
        201,
    )
    r = await client.put(_url(bayi, f"{YEAR}-03"), headers=palu.siti.headers, json={"value": 1})
    assert assert_problem(r, 422)["errors"][0]["type"] == "period_format"

    # values for numbers; no rating
    r = await client.put(
        _url(bayi, f"{YEAR}-Q1"), headers=palu.siti.headers, json={"rating": "SESUAI_EKSPEKTASI"}
    )
    assert {e["type"] for e in assert_problem(r, 422)["errors"]} == {"rating_not_applicable"}
    r = await client.put(_url(bayi, f"{YEAR}-Q1"), headers=palu.siti.headers, json={"value": -5})
    assert_problem(r, 422)

    # locked: closed again
    ok(await act(client, palu.admin, skp_id, "lock"))
    r = await client.put(_url(bayi, f"{YEAR}-Q1"), headers=palu.siti.headers, json={"value": 400})
    assert_problem(r, 409, "realization_closed")


async def test_qualitative_targets_are_rated(client: httpx.AsyncClient, palu: Palu) -> None:
    goals = await palu_goals(client, palu.admin, palu.org.id)
    skp = await create_skp(client, palu.kapus, approach="kualitatif")
    rhk = await add_rhk(
        client,
        palu.kapus,
        skp["id"],
        "Tersusunnya laporan cakupan IDL",
        key_indicator_id=goals.iku_idl,
    )
    r = await client.post(
        f"{API}/work-results/{rhk['id']}/indicators", headers=palu.kapus.headers, json=BAYI_TARGET
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "target_form_approach"
    quality = await add_indicator(
        client,
        palu.kapus,
        rhk["id"],
        {
            "name": "Laporan cakupan IDL diterima",
            "aspect": "kualitas",
            "unit": "predikat",
            "target_text": "Laporan diterima Kepala Dinas tanpa revisi",
        },
    )
    assert quality["target_type"] == "text"
    ok(await act(client, palu.kapus, skp["id"], "submit"))
    ok(await act(client, palu.kadis, skp["id"], "approve"))
    url = _url(quality, f"{YEAR}-02")
    r = await client.put(url, headers=palu.kapus.headers, json={"value": 1})
    assert {e["type"] for e in assert_problem(r, 422)["errors"]} == {"value_not_applicable"}
    r = await client.put(url, headers=palu.kapus.headers, json={"self_assessment": "Selesai"})
    assert {e["type"] for e in assert_problem(r, 422)["errors"]} == {"rating_required"}
    rated = ok(
        await client.put(
            url,
            headers=palu.kapus.headers,
            json={"rating": "DI_ATAS_EKSPEKTASI", "self_assessment": "Diterima tanpa revisi"},
        ),
        201,
    )
    assert (rated["rating"], rated["achievement_percent"]) == ("DI_ATAS_EKSPEKTASI", None)


async def _approved(client: httpx.AsyncClient, palu: Palu, nurse: dict[str, Any]) -> str:
    ok(await act(client, palu.siti, nurse["skp"]["id"], "submit"))
    ok(await act(client, palu.kapus, nurse["skp"]["id"], "approve"))
    url = _url(nurse["bayi"], f"{YEAR}-03")
    ok(await client.put(url, headers=palu.siti.headers, json={"value": 300}), 201)
    return f"{url}/evidence"


async def test_evidence_links_and_files(
    client: httpx.AsyncClient, palu: Palu, nurse: dict[str, Any], settings: Settings
) -> None:
    url = await _approved(client, palu, nurse)
    missing = await client.post(
        _url(nurse["waktu"], f"{YEAR}-03") + "/evidence",
        headers=palu.siti.headers,
        data={"url": "https://drive.palukota.go.id/imunisasi"},
    )
    assert_problem(missing, 404, "realization_not_found")

    link = ok(
        await client.post(
            url,
            headers=palu.siti.headers,
            data={"url": "https://drive.palukota.go.id/imunisasi/2026-03", "description": "Foto"},
        ),
        201,
    )
    assert (link["kind"], link["url"]) == ("link", "https://drive.palukota.go.id/imunisasi/2026-03")
    r = await client.get(f"{url}/{link['id']}", headers=palu.siti.headers)
    assert assert_problem(r, 409, "evidence_is_link")["detail"].endswith("/imunisasi/2026-03")
    for bad in (
        "http://drive.palukota.go.id/x",
        "javascript:alert(1)",
        "https://",
        "https://a b.id",
    ):
        r = await client.post(url, headers=palu.siti.headers, data={"url": bad})
        assert assert_problem(r, 422)["errors"][0]["type"] == "url_invalid", bad
    r = await client.post(url, headers=palu.siti.headers, data={"description": "tanpa isi"})
    assert assert_problem(r, 422)["errors"][0]["type"] == "evidence_one_of"
    r = await client.post(
        url,
        headers=palu.siti.headers,
        data={"url": "https://drive.palukota.go.id/x"},
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    assert assert_problem(r, 422)["errors"][0]["type"] == "evidence_one_of"

    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 100
    photo = ok(
        await client.post(
            url, headers=palu.siti.headers, files={"file": ("posyandu.png", jpeg, "image/png")}
        ),
        201,
    )
    assert (photo["content_type"], photo["filename"], photo["size_bytes"]) == (
        "image/jpeg",  # the content decides, not the name or the declared type
        "posyandu.png",
        104,
    )
    download = await client.get(f"{url}/{photo['id']}", headers=palu.kapus.headers)
    assert download.status_code == 200
    assert download.headers["content-type"] == "image/jpeg"
    assert download.content == jpeg
    # everyone who may read the SKP may download; a colleague outside the chain may not
    assert_problem(await client.get(f"{url}/{photo['id']}", headers=palu.andi.headers), 403)
    assert_problem(
        await client.post(url, headers=palu.kapus.headers, data={"url": "https://x.id"}), 403
    )


async def test_evidence_uploads_are_checked(
    client: httpx.AsyncClient, palu: Palu, nurse: dict[str, Any], settings: Settings
) -> None:
    url = await _approved(client, palu, nurse)
    too_big = PDF + b"0" * EVIDENCE_LIMIT
    r = await client.post(
        url, headers=palu.siti.headers, files={"file": ("besar.pdf", too_big, "application/pdf")}
    )
    assert str(EVIDENCE_LIMIT) in assert_problem(r, 413, "payload_too_large")["detail"]
    # far beyond the limit: refused before the body is read
    huge = b"%PDF-" + b"0" * (EVIDENCE_LIMIT + 70 * 1024)
    r = await client.post(
        url, headers=palu.siti.headers, files={"file": ("besar.pdf", huge, "application/pdf")}
    )
    assert_problem(r, 413, "payload_too_large")
    for name, content in (
        ("laporan.pdf", b"Bukan PDF, hanya teks"),
        ("laporan.pdf", b"<html><script>alert(1)</script></html>"),
        ("foto.png", PNG),  # a real PNG, but PNG is not allowed by this configuration
    ):
        r = await client.post(
            url, headers=palu.siti.headers, files={"file": (name, content, "application/pdf")}
        )
        problem = assert_problem(r, 422)
        assert problem["errors"][0]["type"] == "file_type_not_allowed"
    r = await client.post(
        url, headers=palu.siti.headers, files={"file": ("kosong.pdf", b"", "application/pdf")}
    )
    assert_problem(r, 422)

    evil = "../../../etc/passwd\x00.pdf"
    stored = ok(
        await client.post(
            url, headers=palu.siti.headers, files={"file": (evil, PDF, "application/pdf")}
        ),
        201,
    )
    assert "/" not in stored["filename"]
    assert "\x00" not in stored["filename"]
    files = [p for p in settings.evidence_dir.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert files[0].parent == settings.evidence_dir / str(palu.org.id)
    assert len(files[0].name) == 32
    assert files[0].read_bytes() == PDF
    assert not (settings.evidence_dir.parent / "etc").exists()
    download = await client.get(f"{url}/{stored['id']}", headers=palu.siti.headers)
    disposition = download.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert ".." not in disposition.split("filename*")[0]
    assert download.content == PDF


async def test_evidence_downloads_are_named_by_detected_type(
    client: httpx.AsyncClient, palu: Palu, nurse: dict[str, Any]
) -> None:
    """``test_evidence_uploads_are_checked`` looked only at path characters: a PDF named
    ``laporan.html`` downloaded as ``laporan.html``, and a right-to-left override (U+202E)
    stayed in ``filename*``, so ``laporan\u202efdp.exe`` showed as ``laporanexe.pdf``."""
    url = await _approved(client, palu, nurse)
    cases = [
        ("laporan.html", "laporan.pdf"),
        ("laporan\u202efdp.exe", "laporanfdp.pdf"),
        ("bukti\u2066\u200b kegiatan", "bukti kegiatan.pdf"),
    ]
    for name, expected in cases:
        stored = ok(
            await client.post(
                url, headers=palu.siti.headers, files={"file": (name, PDF, "text/html")}
            ),
            201,
        )
        assert stored["content_type"] == "application/pdf"
        download = await client.get(f"{url}/{stored['id']}", headers=palu.siti.headers)
        disposition = download.headers["content-disposition"]
        assert disposition == (
            f"attachment; filename=\"{expected}\"; filename*=UTF-8''{quote(expected, safe='')}"
        ), name
        assert "%E2%80%AE" not in disposition
        assert "%E2%81%A6" not in disposition


async def test_evidence_upload_is_idempotent(
    client: httpx.AsyncClient, palu: Palu, nurse: dict[str, Any]
) -> None:
    url = await _approved(client, palu, nurse)
    headers = {**palu.siti.headers, "Idempotency-Key": "bukti-maret-1"}
    files = {"file": ("register.pdf", PDF, "application/pdf")}
    first = await client.post(url, headers=headers, files=files, data={"description": "Register"})
    # a retry is a new multipart body (another boundary) with the same parts: replayed
    again = await client.post(url, headers=headers, files=files, data={"description": "Register"})
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    other = await client.post(
        url, headers=headers, files={"file": ("lain.pdf", PDF + b"%", "application/pdf")}
    )
    assert_problem(other, 422)
    overview = ok(
        await client.get(f"{API}/skp/{nurse['skp']['id']}/realizations", headers=palu.siti.headers)
    )
    assert len(overview["indicators"][0]["realizations"][0]["evidence"]) == 1
