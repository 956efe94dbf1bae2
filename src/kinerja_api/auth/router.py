"""HTTP: sign-in, tokens, own account, and account management by admins."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy import or_, select

from kinerja_api.auth import service
from kinerja_api.auth.deps import (
    CurrentPrincipal,
    Idempotent,
    authenticated_principal,
    require,
)
from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.auth.schemas import (
    LogoutRequest,
    Me,
    PasswordChange,
    PasswordReset,
    RefreshRequest,
    TokenPair,
    UserCreate,
    UserRead,
    UserUpdate,
)
from kinerja_api.core.concurrency import IfMatch, check_if_match, set_etag
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.errors import NotFound
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.organizations.service import visible_organization

public_router = APIRouter(prefix="/auth", tags=["auth"], route_class=IdempotentRoute)
router = APIRouter(tags=["users"], route_class=IdempotentRoute)

AnyPrincipal = Annotated[Principal, Depends(authenticated_principal)]


def _client(request: Request) -> tuple[str, str | None]:
    ip = request.client.host if request.client else "unknown"
    return ip, request.headers.get("user-agent")


@public_router.post(
    "/token",
    response_model=TokenPair,
    summary="Sign in (OAuth2 password flow)",
    description="Exchange username (or email, or NIP for accounts linked to an employee) and "
    "password for an access token and a refresh token. Throttled per client IP and per "
    "account; repeated failures lock the account temporarily (429 with `Retry-After`).",
    responses=problems(401, 422, 429, 503),
)
async def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenPair:
    ip, agent = _client(request)
    return await service.login(
        session,
        settings,
        request.app.state.login_guards,
        username=form.username[:254],
        password=form.password[:256],
        client_ip=ip,
        user_agent=agent,
    )


@public_router.post(
    "/refresh",
    response_model=TokenPair,
    summary="Rotate the refresh token",
    description="Returns a new access token and a new refresh token; the old refresh token "
    "stops working. Presenting an already rotated refresh token ends the whole sign-in.",
    responses=problems(401, 422, 503),
)
async def refresh(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    return await service.refresh(session, settings, body.refresh_token)


@public_router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out",
    description="Revokes this sign-in (or all of the account's sign-ins): its refresh token "
    "and access tokens stop working at once.",
    responses=problems(401, 422, 503),
)
async def logout(
    principal: AnyPrincipal, session: SessionDep, body: LogoutRequest | None = None
) -> Response:
    await service.logout(session, principal, all_sessions=bool(body and body.all_sessions))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@public_router.get(
    "/me",
    response_model=Me,
    summary="Who am I",
    description="The signed-in account with its role and permissions.",
    responses=problems(401, 503),
)
async def me(principal: AnyPrincipal, session: SessionDep) -> Me:
    user = await service.get_user(session, principal.user_id)
    return Me.model_validate(
        {**UserRead.model_validate(user).model_dump(), "permissions": sorted(principal.permissions)}
    )


@public_router.post(
    "/password",
    response_model=TokenPair,
    summary="Change my password",
    description="Requires the current password. Ends every sign-in of the account and "
    "returns tokens of a fresh one.",
    responses=problems(401, 422, 503),
)
async def change_password(
    request: Request,
    body: PasswordChange,
    principal: AnyPrincipal,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenPair:
    ip, agent = _client(request)
    return await service.change_password(
        session,
        settings,
        principal,
        current=body.current_password,
        new=body.new_password,
        client_ip=ip,
        user_agent=agent,
    )


@router.get(
    "/organizations/{org_id}/users",
    response_model=Page[UserRead],
    summary="List accounts of an organization",
    responses=problems(*AUTHED, 404),
)
async def list_users(
    org_id: uuid.UUID,
    principal: Annotated[Principal, require(Perm.USERS_READ)],
    session: SessionDep,
    page: PageDep,
    role: Role | None = None,
    is_active: bool | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of username or name")
    ] = None,
) -> Page[UserRead]:
    await visible_organization(session, principal, org_id)
    stmt = select(User).where(User.organization_id == org_id)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if is_active is not None:
        stmt = stmt.where(User.is_active == is_active)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(User.username.like(like), User.full_name.ilike(like)))
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"username": User.username, "created_at": User.created_at},
        default_sort="username",
        id_column=User.id,
    )
    return Page[UserRead](
        items=[UserRead.model_validate(u) for u in rows], next_cursor=cursor, limit=page.limit
    )


@router.post(
    "/organizations/{org_id}/users",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an account",
    description="The account must change its password at first sign-in. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_user(
    org_id: uuid.UUID,
    body: UserCreate,
    response: Response,
    principal: Annotated[Principal, require(Perm.USERS_MANAGE)],
    session: SessionDep,
    settings: SettingsDep,
) -> UserRead:
    await visible_organization(session, principal, org_id)
    user = await service.create_user(session, settings, principal, org_id, body)
    response.headers["Location"] = f"/api/v1/users/{user.id}"
    set_etag(response, user.version)
    return UserRead.model_validate(user)


@router.get(
    "/users/{user_id}",
    response_model=UserRead,
    summary="Read an account",
    responses=problems(*AUTHED, 404),
)
async def read_user(
    user_id: uuid.UUID,
    response: Response,
    principal: Annotated[Principal, require(Perm.USERS_READ)],
    session: SessionDep,
) -> UserRead:
    user = await service.visible_user(session, principal, user_id)
    set_etag(response, user.version)
    return UserRead.model_validate(user)


@router.patch(
    "/users/{user_id}",
    response_model=UserRead,
    summary="Update an account (role, name, email, active)",
    description="Deactivating ends every sign-in of the account. Send `If-Match` with the "
    "ETag you read to avoid overwriting someone else's change.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_user(
    user_id: uuid.UUID,
    body: UserUpdate,
    response: Response,
    principal: Annotated[Principal, require(Perm.USERS_MANAGE)],
    session: SessionDep,
    if_match: IfMatch = None,
) -> UserRead:
    user = await service.visible_user(session, principal, user_id)
    check_if_match(if_match, user.version)
    user = await service.update_user(session, principal, user, body)
    set_etag(response, user.version)
    return UserRead.model_validate(user)


@router.post(
    "/users/{user_id}/password-reset",
    response_model=UserRead,
    summary="Reset an account's password (admin)",
    description="Sets a temporary password, ends the account's sign-ins and requires a "
    "password change at the next sign-in.",
    responses=problems(*AUTHED, 404),
)
async def reset_password(
    user_id: uuid.UUID,
    body: PasswordReset,
    principal: Annotated[Principal, require(Perm.USERS_MANAGE)],
    session: SessionDep,
    settings: SettingsDep,
) -> UserRead:
    user = await service.reset_password(session, settings, principal, user_id, body.new_password)
    return UserRead.model_validate(user)


__all__ = ["CurrentPrincipal", "NotFound", "public_router", "router"]
