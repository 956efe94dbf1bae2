"""HTTP: sign-in, tokens, the signed-in account and its own password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from kinerja_api.auth import service
from kinerja_api.auth.deps import (
    CurrentPrincipal,
    authenticated_principal,
)
from kinerja_api.auth.permissions import Principal
from kinerja_api.auth.schemas import (
    LogoutRequest,
    Me,
    PasswordChange,
    RefreshRequest,
    TokenPair,
    UserRead,
)
from kinerja_api.core.clientaddr import request_address, request_throttle_key
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import problems

public_router = APIRouter(prefix="/auth", tags=["auth"], route_class=IdempotentRoute)

AnyPrincipal = Annotated[Principal, Depends(authenticated_principal)]


def _client(request: Request) -> tuple[str, str | None]:
    ip = request_address(request, request.app.state.settings)
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
        throttle_key=request_throttle_key(request, settings),
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
    "returns tokens of a fresh one. Wrong current passwords count on the same per-account "
    "throttle and lockout as signing in (429 with `Retry-After`).",
    responses=problems(401, 422, 429, 503),
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
        guards=request.app.state.login_guards,
    )


__all__ = ["CurrentPrincipal", "public_router"]
