"""Pure rules of service accounts: which scopes exist, which secret is valid when, what a
token request may be granted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

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
