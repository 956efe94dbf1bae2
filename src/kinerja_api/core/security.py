"""Passwords (passlib, argon2 only) and tokens (python-jose, one pinned algorithm).

Both libraries stay behind this module: moving to pwdlib/PyJWT is a change here only.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from jose import JWTError, jwt

with warnings.catch_warnings():
    # passlib imports the stdlib `crypt` module, deprecated in 3.11; only that warning is muted.
    warnings.filterwarnings("ignore", message="'crypt' is deprecated", category=DeprecationWarning)
    from passlib.context import CryptContext

from kinerja_api.core.config import Settings

_pwd = CryptContext(schemes=["argon2"], deprecated="auto")
# Verified against when the account does not exist, so timing does not reveal accounts.
_DUMMY_HASH = _pwd.hash("dummy-password-for-timing")

MAX_PASSWORD_LENGTH = 128


def hash_password(password: str) -> str:
    return str(_pwd.hash(password))


def verify_password(password: str, password_hash: str | None) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    if password_hash is None:
        _pwd.verify(password, _DUMMY_HASH)
        return False
    try:
        return bool(_pwd.verify(password, password_hash))
    except (ValueError, TypeError):
        return False


def password_problems(
    password: str, min_length: int, *, user_inputs: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """Minimum password rules; returns messages (id/en) for each rule broken."""
    problems: list[dict[str, str]] = []
    if len(password) < min_length:
        problems.append(
            {
                "id": f"Kata sandi minimal {min_length} karakter",
                "en": f"Password must have at least {min_length} characters",
            }
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(
            {
                "id": f"Kata sandi maksimal {MAX_PASSWORD_LENGTH} karakter",
                "en": f"Password must have at most {MAX_PASSWORD_LENGTH} characters",
            }
        )
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append(
            {
                "id": "Kata sandi harus memuat huruf dan angka",
                "en": "Password must contain letters and digits",
            }
        )
    lowered = password.lower()
    if any(u and len(u) >= 4 and u.lower() in lowered for u in user_inputs):
        problems.append(
            {
                "id": "Kata sandi tidak boleh memuat nama pengguna, NIP, atau email",
                "en": "Password must not contain the username, NIP or email",
            }
        )
    return problems


def new_refresh_secret() -> str:
    return secrets.token_urlsafe(48)


def hash_token(token: str) -> str:
    """Refresh tokens are stored as SHA-256: high-entropy secrets need no slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    jti: str
    issued_at: datetime
    expires_at: datetime
    #: OAuth2 scopes (space-separated) of a service account's token; ``None`` for people.
    scope: str | None = None


class TokenError(Exception):
    pass


def create_access_token(
    settings: Settings,
    *,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    now: datetime | None = None,
    scope: str | None = None,
) -> tuple[str, int]:
    issued = now or datetime.now(UTC)
    ttl = timedelta(minutes=settings.access_token_minutes)
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "sid": str(session_id),
        "jti": secrets.token_hex(16),
        "iat": int(issued.timestamp()),
        "nbf": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
        "typ": "access",
    }
    if scope is not None:
        claims["scope"] = scope
    token = jwt.encode(claims, settings.secret_key, algorithm=settings.jwt_algorithm)
    return str(token), int(ttl.total_seconds())


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """Decode with the one configured algorithm; anything else (``none``, RS256...) fails."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != settings.jwt_algorithm:
            raise TokenError("unexpected algorithm")
        data = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[settings.jwt_algorithm],
            options={"require_exp": True, "require_iat": True, "require_sub": True},
        )
    except JWTError as exc:
        raise TokenError(str(exc)) from exc
    if data.get("typ") != "access":
        raise TokenError("not an access token")
    try:
        return AccessClaims(
            user_id=uuid.UUID(str(data["sub"])),
            session_id=uuid.UUID(str(data["sid"])),
            jti=str(data["jti"]),
            issued_at=datetime.fromtimestamp(int(data["iat"]), UTC),
            expires_at=datetime.fromtimestamp(int(data["exp"]), UTC),
            scope=str(data["scope"]) if "scope" in data else None,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise TokenError("malformed claims") from exc


def unverified_subject(token: str) -> str | None:
    """The ``sub`` claim without verification: only for keying caches, never for auth."""
    try:
        return str(jwt.get_unverified_claims(token).get("sub")) or None
    except JWTError:
        return None
