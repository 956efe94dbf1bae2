"""Service accounts: creation, rotation, revocation and the client-credentials grant."""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import AuthSession, Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.auth.schemas import TokenPair
from kinerja_api.auth.service import LoginGuards, revoke_sessions
from kinerja_api.core.config import Settings
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    FieldError,
    NotFound,
    RateLimited,
    UnprocessableEntity,
)
from kinerja_api.core.i18n import t
from kinerja_api.core.security import create_access_token, hash_token
from kinerja_api.integration import rules
from kinerja_api.integration.errors import (
    InvalidClient,
    ServiceAccountNameTaken,
    ServiceAccountRevoked,
)
from kinerja_api.integration.models import ServiceAccount, ServiceAccountSecret
from kinerja_api.integration.schemas import (
    SecretRead,
    ServiceAccountCreate,
    ServiceAccountRead,
    ServiceAccountUpdate,
)

INVALID_CLIENT = {
    "id": "client_id atau client_secret salah, atau akun layanan sudah dicabut.",
    "en": "Incorrect client_id or client_secret, or the service account was revoked.",
}
INVALID_SCOPE = {
    "id": "Scope yang diminta tidak dimiliki akun layanan ini: {scope}. Minta tanpa scope "
    "untuk semua scope miliknya.",
    "en": "The service account does not hold the requested scope: {scope}. Ask without scope "
    "for every scope it holds.",
}
NAME_TAKEN = {
    "id": "Nama akun layanan sudah dipakai di organisasi ini.",
    "en": "The service account name is already taken in this organization.",
}
REVOKED = {
    "id": "Akun layanan sudah dicabut; buat akun baru.",
    "en": "The service account has been revoked; create a new one.",
}


#: Not a hash of anything: no password ever verifies against it.
NO_PASSWORD = "!service-account"


def _new_secret() -> str:
    return rules.SECRET_PREFIX + secrets.token_urlsafe(32)


async def _active_secrets(
    session: AsyncSession, account_id: uuid.UUID
) -> list[ServiceAccountSecret]:
    now = utcnow()
    rows = await session.scalars(
        select(ServiceAccountSecret)
        .where(ServiceAccountSecret.service_account_id == account_id)
        .order_by(ServiceAccountSecret.created_at.desc())
    )
    return [
        s for s in rows if rules.secret_valid(rules.SecretState(s.created_at, s.expires_at), now)
    ]


async def to_read(session: AsyncSession, account: ServiceAccount) -> ServiceAccountRead:
    live = [] if account.revoked_at else await _active_secrets(session, account.id)
    return ServiceAccountRead(
        id=account.id,
        organization_id=account.organization_id,
        name=account.name,
        description=account.description,
        client_id=account.client_id,
        scopes=list(account.scopes),
        is_active=account.revoked_at is None,
        revoked_at=account.revoked_at,
        created_at=account.created_at,
        last_used_at=account.last_used_at,
        last_used_ip=account.last_used_ip,
        secrets=[SecretRead.model_validate(s) for s in live],
        version=account.version,
    )


async def visible_account(
    session: AsyncSession, principal: Principal, account_id: uuid.UUID
) -> ServiceAccount:
    account = await session.get(ServiceAccount, account_id)
    if account is None or not principal.can_access_org(account.organization_id):
        raise NotFound()
    return account


async def _ensure_name_free(
    session: AsyncSession, org_id: uuid.UUID, name: str, *, other_than: uuid.UUID | None = None
) -> None:
    stmt = select(ServiceAccount.id).where(
        ServiceAccount.organization_id == org_id, ServiceAccount.name == name
    )
    if other_than is not None:
        stmt = stmt.where(ServiceAccount.id != other_than)
    if await session.scalar(stmt.limit(1)):
        raise ServiceAccountNameTaken(NAME_TAKEN)


async def create_account(
    session: AsyncSession, principal: Principal, org_id: uuid.UUID, data: ServiceAccountCreate
) -> tuple[ServiceAccount, str]:
    """A new service account and its first secret (returned once, stored hashed)."""
    await _ensure_name_free(session, org_id, data.name)
    client_id = rules.CLIENT_ID_PREFIX + secrets.token_hex(12)
    user = User(
        organization_id=org_id,
        username=client_id,
        full_name=data.name,
        role=Role.SERVICE,
        password_hash=NO_PASSWORD,
    )
    session.add(user)
    await session.flush()
    account = ServiceAccount(
        organization_id=org_id,
        user_id=user.id,
        client_id=client_id,
        name=data.name,
        description=data.description,
        scopes=rules.normalize_scopes(s.value for s in data.scopes),
        created_by=principal.user_id,
    )
    session.add(account)
    await session.flush()
    secret = _new_secret()
    session.add(ServiceAccountSecret(service_account_id=account.id, secret_hash=hash_token(secret)))
    await session.flush()
    return account, secret


def _ensure_active(account: ServiceAccount) -> None:
    if account.revoked_at is not None:
        raise ServiceAccountRevoked(REVOKED)


async def update_account(
    session: AsyncSession, account: ServiceAccount, data: ServiceAccountUpdate
) -> ServiceAccount:
    _ensure_active(account)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name") is not None and changes["name"] != account.name:
        await _ensure_name_free(
            session, account.organization_id, changes["name"], other_than=account.id
        )
        account.name = changes["name"]
        user = await session.get(User, account.user_id)
        if user is not None:
            user.full_name = changes["name"]
    if "description" in changes:
        account.description = changes["description"]
    if changes.get("scopes") is not None:
        scopes = rules.normalize_scopes(s.value for s in data.scopes or [])
        if scopes != list(account.scopes):
            account.scopes = scopes
            # Tokens carry their scopes: end them so the change applies at once.
            await revoke_sessions(session, account.user_id, "scopes_changed")
    await session.flush()
    return account


async def rotate_secret(session: AsyncSession, account: ServiceAccount, grace_minutes: int) -> str:
    """A new current secret; the previous ones keep working for ``grace_minutes`` at most."""
    _ensure_active(account)
    now = utcnow()
    until = now + timedelta(minutes=grace_minutes)
    for old in await _active_secrets(session, account.id):
        if old.expires_at is None or old.expires_at > until:
            old.expires_at = until
    secret = _new_secret()
    session.add(ServiceAccountSecret(service_account_id=account.id, secret_hash=hash_token(secret)))
    account.updated_at = now  # bumps the version: the ETag changes with the secrets
    await session.flush()
    return secret


async def revoke_account(session: AsyncSession, account: ServiceAccount) -> ServiceAccount:
    """Final: every secret and token stops working at once."""
    if account.revoked_at is not None:
        return account
    now = utcnow()
    account.revoked_at = now
    user = await session.get(User, account.user_id)
    if user is not None:
        user.is_active = False
    for old in await _active_secrets(session, account.id):
        old.expires_at = now
    await revoke_sessions(session, account.user_id, "service_account_revoked")
    await session.flush()
    return account


async def client_credentials(
    session: AsyncSession,
    settings: Settings,
    guards: LoginGuards,
    *,
    client_id: str,
    client_secret: str,
    scope: str,
    client_ip: str,
    user_agent: str | None,
) -> TokenPair:
    """OAuth2 client-credentials grant: an access token carrying the granted scopes."""
    # Systems ask for tokens often and legitimately: only failures count, per client and per
    # address (guessing secrets across many client ids from one address locks that address).
    keys = ("client:" + client_id, "client-ip:" + client_ip)
    for key in keys:
        if (wait := await guards.lockout.locked_for(key)) is not None:
            raise RateLimited(wait)
    row = (
        await session.execute(
            select(ServiceAccount, User)
            .join(User, User.id == ServiceAccount.user_id)
            .where(ServiceAccount.client_id == client_id)
        )
    ).first()
    presented = hash_token(client_secret)
    valid = False
    if row is not None and row[0].revoked_at is None and row[1].is_active:
        for secret in await _active_secrets(session, row[0].id):
            valid = hmac.compare_digest(secret.secret_hash, presented) or valid
    if row is None or not valid:
        for key in keys:
            await guards.lockout.fail(key)
        raise InvalidClient(INVALID_CLIENT)
    account, user = row
    await guards.lockout.reset(keys[0])
    granted = rules.granted_scopes(account.scopes, scope)
    if granted is None:
        missing = " ".join(sorted(set(scope.split()) - set(account.scopes)))
        raise UnprocessableEntity(
            errors=[
                FieldError(
                    location="body",
                    field="scope",
                    message=t(INVALID_SCOPE, scope=missing),
                    type="invalid_scope",
                )
            ]
        )
    now = utcnow()
    ttl = timedelta(minutes=settings.access_token_minutes)
    auth_session = AuthSession(
        id=uuid.uuid4(),
        user_id=user.id,
        created_at=now,
        expires_at=now + ttl,
        client_ip=client_ip[:64] or None,
        user_agent=(user_agent or "")[:256] or None,
    )
    session.add(auth_session)
    account.last_used_at = now
    account.last_used_ip = client_ip[:64]
    user.last_login_at = now
    granted_text = " ".join(granted)
    access, expires_in = create_access_token(
        settings, user_id=user.id, session_id=auth_session.id, scope=granted_text
    )
    await session.flush()
    return TokenPair(access_token=access, expires_in=expires_in, scope=granted_text)
