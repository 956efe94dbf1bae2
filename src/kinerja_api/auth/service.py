"""Sign-in, token rotation and account rules. No FastAPI imports: callable from the CLI."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.errors import (
    AccountExists,
    AccountLocked,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
)
from kinerja_api.auth.models import (
    EMPLOYEE_NIP,
    ORGANIZATION_STATUS,
    AuthSession,
    RefreshToken,
    Role,
    User,
)
from kinerja_api.auth.permissions import Principal
from kinerja_api.auth.schemas import TokenPair
from kinerja_api.core.config import Settings
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    FieldError,
    NotFound,
    RateLimited,
    UnprocessableEntity,
    invalid_field,
)
from kinerja_api.core.i18n import t
from kinerja_api.core.ratelimit import CounterStore, Lockout, Throttle
from kinerja_api.core.security import (
    create_access_token,
    hash_password,
    hash_token,
    new_refresh_secret,
    password_problems,
    verify_password,
)


@dataclass
class LoginGuards:
    per_ip: Throttle
    per_account: Throttle
    lockout: Lockout

    @classmethod
    def from_settings(cls, settings: Settings, store: CounterStore) -> LoginGuards:
        window = settings.login_rate_window_seconds
        return cls(
            per_ip=Throttle(store, limit=settings.login_rate_per_ip, window=window, prefix="ip"),
            per_account=Throttle(
                store, limit=settings.login_rate_per_account, window=window, prefix="acct"
            ),
            lockout=Lockout(
                store, failures=settings.lockout_failures, duration=settings.lockout_seconds
            ),
        )


class ClientCredentialsGrant(Protocol):
    """The client-credentials grant of the token endpoint. Service accounts belong to the
    integration domain, which implements this; the app passes it to the token endpoint
    (``app.state.client_credentials_grant``), so ``auth`` imports no domain above it."""

    async def __call__(
        self,
        session: AsyncSession,
        settings: Settings,
        guards: LoginGuards,
        *,
        client_id: str,
        client_secret: str,
        scope: str,
        client_ip: str,
        user_agent: str | None,
    ) -> TokenPair: ...


def normalize_login(value: str) -> str:
    return value.strip().lower()


def password_errors(settings: Settings, password: str, field: str, *inputs: str | None) -> None:
    problems = password_problems(
        password, settings.password_min_length, user_inputs=tuple(i for i in inputs if i)
    )
    if problems:
        raise UnprocessableEntity(
            errors=[
                FieldError(location="body", field=field, message=t(p), type="password_policy")
                for p in problems
            ]
        )


async def _issue_tokens(
    session: AsyncSession, settings: Settings, auth_session: AuthSession
) -> TokenPair:
    secret = new_refresh_secret()
    ttl = timedelta(days=settings.refresh_token_days)
    now = utcnow()
    session.add(
        RefreshToken(
            session_id=auth_session.id,
            token_hash=hash_token(secret),
            issued_at=now,
            expires_at=min(now + ttl, auth_session.expires_at),
        )
    )
    access, expires_in = create_access_token(
        settings, user_id=auth_session.user_id, session_id=auth_session.id
    )
    await session.flush()
    return TokenPair(
        access_token=access,
        expires_in=expires_in,
        refresh_token=secret,
        refresh_expires_in=int((auth_session.expires_at - now).total_seconds()),
    )


async def _start_session(
    session: AsyncSession,
    settings: Settings,
    user: User,
    *,
    client_ip: str | None,
    user_agent: str | None,
) -> TokenPair:
    now = utcnow()
    auth_session = AuthSession(
        id=uuid.uuid4(),
        user_id=user.id,
        created_at=now,
        expires_at=now + timedelta(days=settings.refresh_token_days),
        client_ip=(client_ip or "")[:64] or None,
        user_agent=(user_agent or "")[:256] or None,
    )
    session.add(auth_session)
    return await _issue_tokens(session, settings, auth_session)


NIP_DIGITS = 18


async def find_login_user(session: AsyncSession, login: str) -> tuple[User, bool] | None:
    """The account for a username, email or NIP, with whether its organization is active.

    An NIP (18 digits, spaces ignored) finds the account linked to that employee.
    """
    matches = [User.username == login, func.lower(User.email) == login]
    nip = "".join(login.split())
    if len(nip) == NIP_DIGITS and nip.isascii() and nip.isdigit():
        employee = select(EMPLOYEE_NIP.c.id).where(EMPLOYEE_NIP.c.nip == nip).scalar_subquery()
        matches.append(User.employee_id == employee)
    # Username first, then email, then NIP: a username that happens to be someone's NIP
    # never signs in as that someone.
    precedence = case((matches[0], 0), (matches[1], 1), else_=2)
    stmt = (
        select(User, ORGANIZATION_STATUS.c.is_active)
        .outerjoin(ORGANIZATION_STATUS, ORGANIZATION_STATUS.c.id == User.organization_id)
        .where(or_(*matches))
        .order_by(precedence)
        .limit(1)
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        return None
    user, org_active = row
    return user, org_active is not False


def account_key(login_text: str, user: User | None) -> str:
    """The key every per-account limit counts under: the resolved account, so all spellings
    of one account (username, email, NIP with or without spaces) share one counter; for a
    name that resolves to nobody, its normalized spelling (an NIP without whitespace)."""
    if user is not None:
        return f"user:{user.id}"
    nip = "".join(login_text.split())
    if len(nip) == NIP_DIGITS and nip.isascii() and nip.isdigit():
        return f"name:{nip}"
    return f"name:{login_text}"


async def check_account_limits(guards: LoginGuards, key: str) -> None:
    """Count one attempt on the account; 429 if it is throttled or locked."""
    if (wait := await guards.per_account.hit(key)) is not None:
        raise RateLimited(wait)
    if (wait := await guards.lockout.locked_for(key)) is not None:
        raise AccountLocked(wait)


async def login(
    session: AsyncSession,
    settings: Settings,
    guards: LoginGuards,
    *,
    username: str,
    password: str,
    client_ip: str,
    user_agent: str | None,
    throttle_key: str | None = None,
) -> TokenPair:
    login_text = normalize_login(username)
    if (wait := await guards.per_ip.hit(throttle_key or client_ip)) is not None:
        raise RateLimited(wait)
    found = await find_login_user(session, login_text)
    user = found[0] if found else None
    key = account_key(login_text, user)
    await check_account_limits(guards, key)
    # Argon2 takes ~0.1 s of CPU: keep it off the event loop.
    valid = await asyncio.to_thread(verify_password, password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active or not (found and found[1]):
        await guards.lockout.fail(key)
        raise InvalidCredentials()
    await guards.lockout.reset(key)
    user.last_login_at = utcnow()
    return await _start_session(session, settings, user, client_ip=client_ip, user_agent=user_agent)


async def refresh(session: AsyncSession, settings: Settings, token: str) -> TokenPair:
    """Rotate a refresh token. Presenting a rotated one again revokes the whole family."""
    stmt = (
        select(RefreshToken, AuthSession, User, ORGANIZATION_STATUS.c.is_active)
        .join(AuthSession, AuthSession.id == RefreshToken.session_id)
        .join(User, User.id == AuthSession.user_id)
        .outerjoin(ORGANIZATION_STATUS, ORGANIZATION_STATUS.c.id == User.organization_id)
        .where(RefreshToken.token_hash == hash_token(token))
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise InvalidRefreshToken()
    rt, auth_session, user, org_active = row
    now = utcnow()
    if (
        auth_session.revoked_at is not None
        or rt.expires_at <= now
        or not user.is_active
        or org_active is False  # platform admins have no organization
    ):
        raise InvalidRefreshToken()
    claimed = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == rt.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        # Reuse of a rotated token: assume theft, end the sign-in for everyone holding it.
        auth_session.revoked_at = now
        auth_session.revoked_reason = "refresh_reuse"
        raise RefreshTokenReused(keep_changes=True)
    return await _issue_tokens(session, settings, auth_session)


async def revoke_sessions(
    session: AsyncSession, user_id: uuid.UUID, reason: str, *, only: uuid.UUID | None = None
) -> None:
    stmt = (
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if only is not None:
        stmt = stmt.where(AuthSession.id == only)
    await session.execute(stmt)


async def logout(session: AsyncSession, principal: Principal, *, all_sessions: bool) -> None:
    await revoke_sessions(
        session, principal.user_id, "logout", only=None if all_sessions else principal.session_id
    )


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


async def change_password(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    *,
    current: str,
    new: str,
    client_ip: str | None,
    user_agent: str | None,
    guards: LoginGuards,
) -> TokenPair:
    """Change one's own password; every sign-in ends and a fresh one is returned.

    Guessing the current password counts on the same per-account throttle and lockout as
    signing in: a stolen access token cannot be turned into the password by trying."""
    user = await get_user(session, principal.user_id)
    key = account_key("", user)
    await check_account_limits(guards, key)
    if not await asyncio.to_thread(verify_password, current, user.password_hash):
        await guards.lockout.fail(key)
        raise invalid_field(
            "current_password",
            "wrong_password",
            "Kata sandi saat ini salah",
            "Current password is wrong",
        )
    password_errors(settings, new, "new_password", user.username, user.email)
    if await asyncio.to_thread(verify_password, new, user.password_hash):
        raise invalid_field(
            "new_password",
            "password_reused",
            "Kata sandi baru harus berbeda dari yang lama",
            "The new password must differ from the current one",
        )
    await guards.lockout.reset(key)
    user.password_hash = await asyncio.to_thread(hash_password, new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    await revoke_sessions(session, user.id, "password_changed")
    return await _start_session(session, settings, user, client_ip=client_ip, user_agent=user_agent)


async def ensure_unique_login(
    session: AsyncSession, username: str | None, email: str | None
) -> None:
    conditions = []
    if username:
        conditions.append(User.username == username)
    if email:
        conditions.append(func.lower(User.email) == email)
    if conditions and await session.scalar(select(User.id).where(or_(*conditions)).limit(1)):
        raise AccountExists()


async def create_platform_admin(
    session: AsyncSession, settings: Settings, *, username: str, full_name: str, password: str
) -> User:
    username = normalize_login(username)
    password_errors(settings, password, "password", username)
    await ensure_unique_login(session, username, None)
    user = User(
        organization_id=None,
        username=username,
        full_name=full_name,
        role=Role.PLATFORM_ADMIN,
        password_hash=hash_password(password),
    )
    session.add(user)
    await session.flush()
    return user
