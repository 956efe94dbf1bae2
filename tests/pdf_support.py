"""Reading rendered PDFs in tests with Debian's poppler-utils (``pdftotext``, ``pdfinfo``,
``pdftoppm``; ``scripts/test`` installs them)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path


def _run(*args: str, data: bytes, stdout: bool = True) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        out = subprocess.run(  # noqa: S603 - poppler-utils on a file we wrote
            [*args, str(pdf), *(["-"] if stdout else [])],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
    return out.decode()


def pdf_text(data: bytes) -> str:
    """The text of every page, words separated by single spaces (line breaks undone)."""
    return " ".join(_run("pdftotext", "-raw", data=data).split())


def page_texts(data: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    raw = _run("pdftotext", "-raw", data=data)
    return [" ".join(p.split()) for p in raw.split("\f") if p.strip()]


def page_count(data: bytes) -> int:
    info = _run("pdfinfo", data=data, stdout=False)
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))


def first_page_png(data: bytes, target: Path, *, dpi: int = 80) -> Path:
    """Render page 1 to ``target`` (PNG) with pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        prefix = Path(tmp) / "page"
        subprocess.run(  # noqa: S603 - poppler-utils on a file we wrote
            [  # noqa: S607 - installed by scripts/test
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
            timeout=120,
        )
        target.write_bytes(prefix.with_suffix(".png").read_bytes())
    return target
