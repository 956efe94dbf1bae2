"""Documents from the Typst templates in ``templates/`` (the compiler ships in the ``typst``
wheel; only the fonts embedded in the engine are used, never the machine's, so a document
renders the same everywhere).

Data goes in as one JSON value (``sys.inputs.data``); the templates lay it out. Compiling is
CPU-bound and synchronous: the async callers run it in a worker thread.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import typst
from starlette.concurrency import run_in_threadpool

TEMPLATES = Path(__file__).parent / "templates"
#: Fixed creation time in the PDF metadata: the same data gives the same bytes.
_EPOCH = int(datetime(2020, 1, 1, tzinfo=UTC).timestamp())


class RenderError(RuntimeError):
    """A template failed to compile (a bug of ours, never the caller's input)."""


Format = Literal["pdf", "png"]


def render_sync(
    template: str, data: Any, *, fmt: Format = "pdf", ppi: float | None = None
) -> bytes:
    """Compile ``templates/<template>.typ`` with ``data``; PDF bytes, or PNG of page 1."""
    path = TEMPLATES / f"{template}.typ"
    try:
        out: Any = typst.compile(
            str(path),
            root=str(TEMPLATES),
            ignore_system_fonts=True,
            format=fmt,
            ppi=ppi,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
            timestamp=_EPOCH,
        )
    except Exception as exc:  # typst raises its own TypstError (not exported for typing)
        raise RenderError(f"template {template} failed: {exc}") from exc
    if isinstance(out, list):  # one image per page
        return bytes(out[0])
    return bytes(out)


async def render(
    template: str, data: Any, *, fmt: Format = "pdf", ppi: float | None = None
) -> bytes:
    return await run_in_threadpool(render_sync, template, data, fmt=fmt, ppi=ppi)
