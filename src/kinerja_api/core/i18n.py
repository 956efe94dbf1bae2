"""Language negotiation (Indonesian default, English on request) and message catalog."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Literal

Lang = Literal["id", "en"]
DEFAULT_LANG: Lang = "id"
_current: ContextVar[Lang] = ContextVar("kinerja_lang", default=DEFAULT_LANG)


def negotiate(accept_language: str | None) -> Lang:
    """Pick ``id`` or ``en`` from an Accept-Language header, honouring q-values."""
    if not accept_language:
        return DEFAULT_LANG
    best: tuple[float, Lang] | None = None
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        lang: Lang | None = "id" if primary in ("id", "in") else "en" if primary == "en" else None
        if lang is not None and q > 0 and (best is None or q > best[0]):
            best = (q, lang)
    return best[1] if best else DEFAULT_LANG


def set_lang(lang: Lang) -> None:
    _current.set(lang)


def get_lang() -> Lang:
    return _current.get()


def t(messages: Mapping[str, str], **params: object) -> str:
    """Render a ``{"id": ..., "en": ...}`` message in the current language.

    A parameter that is itself such a message (a status or a kind in words) is rendered in
    the same language, so one message never mixes two."""
    template = messages.get(get_lang()) or messages["en"]
    if not params:
        return template
    return template.format(
        **{k: t(v) if isinstance(v, Mapping) and "id" in v else v for k, v in params.items()}
    )
