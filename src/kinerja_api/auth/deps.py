"""Authentication and authorization dependencies (``CurrentPrincipal``, ``require``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import select

from kinerja_api.auth.errors import (
    AccountInactive,
    InvalidToken,
    PasswordChangeRequired,
    SessionRevoked,
)
from kinerja_api.auth.models import ORGANIZATION_STATUS, AuthSession, Role, User
from kinerja_api.auth.permissions import Perm, Principal, scope_permissions
from kinerja_api.core.audit import set_actor
from kinerja_api.core.db import utcnow
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.errors import Forbidden, Unauthorized
from kinerja_api.core.idempotency import make_idempotency_dependency
from kinerja_api.core.security import TokenError, decode_access_token

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token",
    auto_error=False,
    description="Sign in with username (or NIP/email) and password.",
)


async def authenticated_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal:
    """Validate the bearer token and the sign-in behind it (one query).

    The account row carries ``employee_id``, so the principal's employee comes with it.
    """
    if not token:
        raise Unauthorized()
    try:
        claims = decode_access_token(settings, token)
    except TokenError:
        raise InvalidToken() from None
    stmt = (
        select(
            User, AuthSession.revoked_at, AuthSession.expires_at, ORGANIZATION_STATUS.c.is_active
        )
        .join(AuthSession, AuthSession.user_id == User.id)
        .outerjoin(ORGANIZATION_STATUS, ORGANIZATION_STATUS.c.id == User.organization_id)
        .where(User.id == claims.user_id, AuthSession.id == claims.session_id)
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise InvalidToken()
    user, revoked_at, expires_at, org_active = row
    if revoked_at is not None or expires_at <= utcnow():
        raise SessionRevoked()
    if not user.is_active or org_active is False:
        raise AccountInactive()
    principal = Principal(
        user_id=user.id,
        session_id=claims.session_id,
        organization_id=user.organization_id,
        role=user.role,
        username=user.username,
        employee_id=user.employee_id,
        opd_id=user.opd_id if user.role is Role.ADMIN else None,
        # A service account's permissions are the scopes it was granted when the token was
        # issued (granting different scopes ends its tokens); people's come from the role.
        scopes=scope_permissions(claims.scope) if user.role is Role.SERVICE else frozenset(),
    )
    request.state.principal = principal
    # The session's identity map holds objects weakly: keeping the account here lets handlers
    # that load the caller's own account (``/auth/me``, password change) reuse it without SQL.
    request.state.user = user
    request.state.must_change_password = user.must_change_password
    set_actor(
        session,
        user_id=user.id,
        organization_id=user.organization_id,
        request_id=getattr(request.state, "request_id", None),
    )
    return principal


async def current_principal(
    request: Request, principal: Annotated[Principal, Depends(authenticated_principal)]
) -> Principal:
    """As :func:`authenticated_principal`, but refuses accounts that must change password."""
    if request.state.must_change_password:
        raise PasswordChangeRequired()
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(*perms: Perm) -> Any:
    """Dependency that returns the principal if it holds every permission, else 403."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        if not principal.has(*perms):
            raise Forbidden()
        return principal

    _check.__name__ = "require_" + "_".join(p.value.replace(":", "_") for p in perms)
    return Depends(_check)


Idempotent = make_idempotency_dependency(current_principal)
