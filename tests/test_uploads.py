"""Uploaded files: recognized by content, cleaned names, safe downloads, generated storage."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from kinerja_api.core.uploads import (
    FileStore,
    clean_filename,
    content_disposition,
    download_name,
    sniff_content_type,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"   %PDF-1.7", None),  # the signature must come first
        (b"<svg onload=alert(1)>", None),
        (b"PK\x03\x04", None),  # zip/docx: not accepted as evidence
        (b"", None),
    ],
)
def test_sniff_content_type(data: bytes, expected: str | None) -> None:
    assert sniff_content_type(data) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("register-imunisasi.pdf", "register-imunisasi.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("laporan\x00.pdf", "laporan.pdf"),
        ("laporan\u202efdp.exe", "laporanfdp.exe"),  # bidi override: removed
        ("a\u2066b\u2069\u200bc.pdf", "abc.pdf"),  # isolates, zero-width space
        ("a:b*c?.pdf", "a_b_c_.pdf"),
        ("...", None),
        ("", None),
        (None, None),
        ("Bukti kegiatan — Posyandu Melati.pdf", "Bukti kegiatan — Posyandu Melati.pdf"),
    ],
)
def test_clean_filename(name: str | None, expected: str | None) -> None:
    assert clean_filename(name) == expected


@pytest.mark.parametrize(
    ("label", "media_type", "expected"),
    [
        ("laporan.html", "application/pdf", "laporan.pdf"),
        ("foto", "image/jpeg", "foto.jpg"),
        ("scan.PNG.exe", "image/png", "scan.PNG.png"),
        (".pdf", "application/pdf", "pdf.pdf"),  # leading dots go
        (None, "application/pdf", "file.pdf"),
        ("arsip.zip", None, "arsip.zip"),
    ],
)
def test_download_name(label: str | None, media_type: str | None, expected: str) -> None:
    assert download_name(label, media_type) == expected


def test_content_disposition_is_an_attachment_with_a_safe_fallback() -> None:
    header = content_disposition('Bukti "kegiatan" — Posyandu.pdf')
    assert header.startswith('attachment; filename="Bukti _kegiatan_  Posyandu.pdf";')
    assert header.endswith("filename*=UTF-8''Bukti%20%22kegiatan%22%20%E2%80%94%20Posyandu.pdf")
    assert "\n" not in content_disposition("a\r\nSet-Cookie: x=1")


async def test_file_store_uses_generated_names_only(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    org = uuid.uuid4()
    stored = await store.save(org, b"%PDF-1.4 data")
    path = store.path(org, stored.name)
    assert path.parent == tmp_path / str(org)
    assert path.read_bytes() == b"%PDF-1.4 data"
    assert stored.size == 13
    assert not list(path.parent.glob(".*.part"))
    for bad in ("../x", "passwd", stored.name.upper(), stored.name + "/.."):
        with pytest.raises(ValueError, match="not a stored file name"):
            store.path(org, bad)
