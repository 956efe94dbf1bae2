"""Uploaded files: recognize them by content, store them under generated names, hand them
back safely.

Nothing about an upload is trusted: the type comes from the first bytes (magic numbers), never
from the client's ``Content-Type`` or file name; the stored name is generated here, so a name
such as ``../../etc/passwd`` is only ever shown back (cleaned) as a label, never used as a path.
Downloads are served as attachments with ``nosniff`` (see :func:`content_disposition`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import anyio.to_thread

#: (leading bytes, media type) of the formats the API can recognize.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}

_STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def sniff_content_type(data: bytes) -> str | None:
    """The media type the content itself declares, or ``None`` if unrecognized."""
    for magic, media_type in MAGIC:
        if data.startswith(magic):
            return media_type
    return None


def _visible(text: str) -> str:
    """``text`` without invisible characters: controls, bidi overrides and isolates
    (U+202A–U+202E, U+2066–U+2069: ``fdp.exe`` shown as ``exe.pdf``), zero-width and other
    format characters, private-use, unassigned code points and line/paragraph separators."""
    return "".join(
        ch
        for ch in text
        if not unicodedata.category(ch).startswith("C") and ch not in "\u2028\u2029"
    )


def clean_filename(name: str | None, *, max_length: int = 255) -> str | None:
    """A display label from a client's file name: last path segment only, no control,
    bidi or path characters, no leading dots. ``None`` when nothing printable remains."""
    if not name:
        return None
    last = re.split(r"[/\\]", _visible(unicodedata.normalize("NFC", name)))[-1]
    cleaned = _UNSAFE.sub("_", last).strip(" .")
    return cleaned[:max_length] or None


def download_name(label: str | None, media_type: str | None, *, default: str = "file") -> str:
    """The name a download is offered under: the uploader's label (cleaned) with the
    extension of the type detected from the content, never the uploader's own extension
    (a PDF named ``laporan.html`` downloads as ``laporan.pdf``)."""
    stem = clean_filename(label) or default
    extension = EXTENSIONS.get(media_type or "")
    if extension is None:
        return stem
    base, dot, _ = stem.rpartition(".")
    return f"{(base if dot and base else stem)}.{extension}"


def content_disposition(filename: str, media_type: str | None = None) -> str:
    """``attachment`` with an ASCII fallback name and the exact name as RFC 5987 ``filename*``;
    with ``media_type``, named by :func:`download_name`."""
    filename = download_name(filename, media_type) if media_type else _visible(filename)
    ascii_name = (
        unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "file"
    )
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@dataclass(frozen=True)
class StoredFile:
    name: str  # generated; the only name used on disk
    size: int
    sha256: str


class FileStore:
    """Files under ``root/<namespace>/<generated name>``; namespaces are UUIDs (tenants)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, namespace: uuid.UUID, name: str) -> Path:
        if not _STORED_NAME.match(name):
            raise ValueError("not a stored file name")
        return self.root / str(namespace) / name

    async def save(self, namespace: uuid.UUID, data: bytes) -> StoredFile:
        """Write ``data`` under a new generated name (atomically: temp file, then rename)."""
        name = uuid.uuid4().hex
        target = self.path(namespace, name)

        def write() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{name}.part")
            with open(temp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, target)

        await anyio.to_thread.run_sync(write)
        return StoredFile(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
