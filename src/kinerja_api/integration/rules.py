"""Pure rules of integration: which scopes exist, which secret is valid when, what a token
request may be granted; the results feed's entity tags and periods."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kinerja_api.auth.permissions import SERVICE_SCOPES

#: The scope names a service account may hold, in a stable order.
SCOPES: tuple[str, ...] = tuple(sorted(SERVICE_SCOPES))
#: Prefixes that make credentials recognizable in logs and secret scanners.
CLIENT_ID_PREFIX = "ksa_"
SECRET_PREFIX = "kss_"


def unknown_scopes(scopes: Iterable[str]) -> list[str]:
    return sorted(set(scopes) - set(SCOPES))


def normalize_scopes(scopes: Iterable[str]) -> list[str]:
    return sorted(set(scopes))


@dataclass(frozen=True)
class SecretState:
    created_at: datetime
    expires_at: datetime | None


def secret_valid(secret: SecretState, now: datetime) -> bool:
    """The current secret (no expiry) is valid; a rotated one until its grace period ends."""
    return secret.expires_at is None or now < secret.expires_at


def granted_scopes(held: Iterable[str], requested: str) -> list[str] | None:
    """Scopes of a token: the requested ones (all held if none requested); ``None`` when a
    requested scope is not held (RFC 6749 ``invalid_scope``)."""
    have = set(held)
    wanted = set(requested.split())
    if not wanted:
        return sorted(have)
    if not wanted <= have:
        return None
    return sorted(wanted)


# ---- the results feed ---------------------------------------------------------------------


def entity_tag(payload: bytes) -> str:
    """A weak ETag of a feed answer: the same figures give the same tag on every process."""
    return 'W/"' + hashlib.sha256(payload).hexdigest()[:32] + '"'


def not_modified(if_none_match: str | None, tag: str) -> bool:
    """``If-None-Match`` lists ``tag`` (or ``*``): the client's copy is current (RFC 9110)."""
    if not if_none_match:
        return False
    wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in wanted or tag.removeprefix("W/") in wanted


def period_key_of_month(periods: Iterable[Any], month_start: date) -> str | None:
    """The realization period (``Period``: key, start, end) that contains the month."""
    for p in periods:
        if p.start <= month_start <= p.end:
            return str(p.key)
    return None
