"""HTTP: service accounts of an organization (admins create, rotate, revoke them)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Response, status
from sqlalchemy import select

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.integration import service
from kinerja_api.integration.models import ServiceAccount
from kinerja_api.integration.schemas import (
    SecretRotate,
    ServiceAccountCreate,
    ServiceAccountCredentials,
    ServiceAccountRead,
    ServiceAccountUpdate,
)
from kinerja_api.organizations.service import visible_organization

router = APIRouter(tags=["integration"], route_class=IdempotentRoute)

Manager = Annotated[Principal, require(Perm.SERVICE_ACCOUNTS_MANAGE)]


@router.get(
    "/organizations/{org_id}/service-accounts",
    response_model=Page[ServiceAccountRead],
    summary="List service accounts",
    description="The organization's service accounts (other systems calling this API), with "
    "their scopes, when and from where each last obtained a token, and which secrets still "
    "work (never their values). Sort: `name`, `created_at`.",
    responses=problems(*AUTHED, 404),
)
async def list_service_accounts(
    org_id: uuid.UUID, principal: Manager, session: SessionDep, page: PageDep
) -> Page[ServiceAccountRead]:
    await visible_organization(session, principal, org_id)
    stmt = select(ServiceAccount).where(ServiceAccount.organization_id == org_id)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"name": ServiceAccount.name, "created_at": ServiceAccount.created_at},
        default_sort="name",
        id_column=ServiceAccount.id,
    )
    items = [await service.to_read(session, a) for a in rows]
    return Page[ServiceAccountRead](items=items, next_cursor=cursor, limit=page.limit)


@router.post(
    "/organizations/{org_id}/service-accounts",
    response_model=ServiceAccountCredentials,
    status_code=status.HTTP_201_CREATED,
    summary="Create a service account",
    description="Returns the client id and the client secret **once** (only its SHA-256 is "
    "stored). The system exchanges them at `POST /api/v1/auth/token` "
    "(`grant_type=client_credentials`) for an access token limited to the scopes granted "
    "here and to this organization. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_service_account(
    org_id: uuid.UUID,
    body: ServiceAccountCreate,
    response: Response,
    principal: Manager,
    session: SessionDep,
) -> ServiceAccountCredentials:
    await visible_organization(session, principal, org_id)
    account, secret = await service.create_account(session, principal, org_id, body)
    response.headers["Location"] = f"/api/v1/service-accounts/{account.id}"
    set_etag(response, account.version)
    return ServiceAccountCredentials(
        client_id=account.client_id,
        client_secret=secret,
        service_account=await service.to_read(session, account),
    )


@router.get(
    "/service-accounts/{service_account_id}",
    response_model=ServiceAccountRead,
    summary="Read a service account",
    responses=problems(*AUTHED, 404),
)
async def read_service_account(
    service_account_id: uuid.UUID, response: Response, principal: Manager, session: SessionDep
) -> ServiceAccountRead:
    account = await service.visible_account(session, principal, service_account_id)
    set_etag(response, account.version)
    return await service.to_read(session, account)


@router.patch(
    "/service-accounts/{service_account_id}",
    response_model=ServiceAccountRead,
    summary="Update a service account (name, description, scopes)",
    description="Changing the scopes ends the account's access tokens at once (the system "
    "asks for a new one). Send `If-Match` with the ETag you read. A revoked account: 409.",
    responses=problems(*AUTHED, 404, 409, 412),
)
async def update_service_account(
    service_account_id: uuid.UUID,
    body: ServiceAccountUpdate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    if_match: IfMatch = None,
) -> ServiceAccountRead:
    account = await service.visible_account(session, principal, service_account_id)
    check_if_match(if_match, account.version)
    account = await service.update_account(session, account, body)
    set_etag(response, account.version)
    return await service.to_read(session, account)


@router.post(
    "/service-accounts/{service_account_id}/rotate-secret",
    response_model=ServiceAccountCredentials,
    summary="Rotate the client secret",
    description="Returns a new secret **once**. The previous secret keeps working for "
    "`grace_minutes` (default one day), so the other system can switch without downtime; "
    "tokens already issued stay valid until they expire. A revoked account: 409.",
    responses=problems(*AUTHED, 404, 409),
)
async def rotate_service_account_secret(
    service_account_id: uuid.UUID,
    body: SecretRotate,
    response: Response,
    principal: Manager,
    session: SessionDep,
) -> ServiceAccountCredentials:
    account = await service.visible_account(session, principal, service_account_id)
    secret = await service.rotate_secret(session, account, body.grace_minutes)
    set_etag(response, account.version)
    return ServiceAccountCredentials(
        client_id=account.client_id,
        client_secret=secret,
        service_account=await service.to_read(session, account),
    )


@router.post(
    "/service-accounts/{service_account_id}/revoke",
    response_model=ServiceAccountRead,
    summary="Revoke a service account",
    description="Final: every secret and every access token of the account stops working at "
    "once. Revoking a revoked account changes nothing.",
    responses=problems(*AUTHED, 404),
)
async def revoke_service_account(
    service_account_id: uuid.UUID, response: Response, principal: Manager, session: SessionDep
) -> ServiceAccountRead:
    account = await service.visible_account(session, principal, service_account_id)
    account = await service.revoke_account(session, account)
    set_etag(response, account.version)
    return await service.to_read(session, account)
