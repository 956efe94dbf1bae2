"""HTTP: sign-in, tokens, the signed-in account and its own password."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, status

from kinerja_api.auth import service
from kinerja_api.auth.deps import (
    CurrentPrincipal,
    authenticated_principal,
)
from kinerja_api.auth.errors import ServiceAccountNoPassword
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
from kinerja_api.core.errors import FieldError, UnprocessableEntity
from kinerja_api.core.i18n import t
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import problem, problems
from kinerja_api.core.patterns import described

public_router = APIRouter(prefix="/auth", tags=["auth"], route_class=IdempotentRoute)

AnyPrincipal = Annotated[Principal, Depends(authenticated_principal)]


def _client(request: Request) -> tuple[str, str | None]:
    ip = request_address(request, request.app.state.settings)
    return ip, request.headers.get("user-agent")


class TokenForm:
    """The token request (``application/x-www-form-urlencoded``, RFC 6749): the password
    grant for people, the client-credentials grant for service accounts."""

    def __init__(
        self,
        grant_type: Annotated[
            str,
            Form(
                pattern=described(
                    "^(password|client_credentials)$",
                    id="password atau client_credentials",
                    en="password or client_credentials",
                ),
                description="`password` (people) or `client_credentials` (service accounts).",
            ),
        ] = "password",
        username: Annotated[str | None, Form(description="Username, email or NIP.")] = None,
        password: Annotated[str | None, Form(json_schema_extra={"format": "password"})] = None,
        scope: Annotated[
            str,
            Form(
                max_length=512,
                description="Client credentials: the scopes wanted (space-separated); empty "
                "for every scope the service account holds.",
            ),
        ] = "",
        client_id: Annotated[str | None, Form(max_length=128)] = None,
        client_secret: Annotated[
            str | None, Form(max_length=256, json_schema_extra={"format": "password"})
        ] = None,
    ) -> None:
        self.grant_type = grant_type
        self.username = username
        self.password = password
        self.scope = scope
        self.client_id = client_id
        self.client_secret = client_secret


def _missing(*fields: str) -> UnprocessableEntity:
    return UnprocessableEntity(
        errors=[
            FieldError(
                location="body",
                field=f,
                message=t(
                    {"id": "Wajib diisi untuk jenis grant ini", "en": "Required by this grant"}
                ),
                type="missing",
            )
            for f in fields
        ]
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """``Authorization: Basic`` client authentication (RFC 6749 section 2.3.1)."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = raw.partition(":")
    return (client_id, secret) if sep else None


@public_router.post(
    "/token",
    response_model=TokenPair,
    response_model_exclude_none=True,
    summary="Sign in (OAuth2 password or client-credentials grant)",
    description="People: `grant_type=password` with username (or email, or NIP for accounts "
    "linked to an employee) and password → an access token and a refresh token. Service "
    "accounts: `grant_type=client_credentials` with `client_id` and `client_secret` (form "
    "fields or HTTP Basic) and optionally `scope` → an access token carrying those scopes, no "
    "refresh token. Throttled per client IP and per account; repeated failures lock the "
    "account temporarily (429 with `Retry-After`). The body is a form "
    "(`application/x-www-form-urlencoded`, RFC 6749); JSON is refused with 415.",
    responses={
        **problem(
            401,
            "Wrong username or password (`invalid_credentials`), or unknown client or secret "
            "(`invalid_client`)",
        ),
        **problems(415, 422, 429, 503),
    },
)
async def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[TokenForm, Depends()],
) -> TokenPair:
    ip, agent = _client(request)
    if form.grant_type == "client_credentials":
        basic = _basic_credentials(request)
        client_id, secret = basic or (form.client_id, form.client_secret)
        if not client_id or not secret:
            raise _missing(*(f for f in ("client_id", "client_secret") if not getattr(form, f)))
        grant: service.ClientCredentialsGrant = request.app.state.client_credentials_grant
        return await grant(
            session,
            settings,
            request.app.state.login_guards,
            client_id=client_id[:128],
            client_secret=secret[:256],
            scope=form.scope,
            client_ip=ip,
            user_agent=agent,
        )
    if form.username is None or form.password is None:
        raise _missing(*(f for f in ("username", "password") if getattr(form, f) is None))
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
    if principal.is_service:
        raise ServiceAccountNoPassword()
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
