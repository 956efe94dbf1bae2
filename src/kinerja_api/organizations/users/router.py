"""Account administration routes: an organization's admins list, create, update accounts and
reset their passwords. Sign-in, tokens and one's own password are in ``auth.router``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import or_, select

from kinerja_api.auth.deps import (
    Idempotent,
    require,
)
from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.auth.schemas import (
    UserRead,
)
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep, SettingsDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.organizations.service import visible_organization
from kinerja_api.organizations.users import service
from kinerja_api.organizations.users.schemas import PasswordReset, UserCreate, UserUpdate

router = APIRouter(tags=["users"], route_class=IdempotentRoute)


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
    # Service accounts' own account rows are listed as service accounts, not here.
    stmt = select(User).where(User.organization_id == org_id, User.role != Role.SERVICE)
    if principal.opd_id is not None:  # an OPD admin lists the accounts of their OPD
        stmt = stmt.where(service.accounts_of_opd(principal.opd_id))
    if role is not None:
        stmt = stmt.where(User.role == role)
    if is_active is not None:
        stmt = stmt.where(User.is_active == is_active)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(User.username.like(like), User.full_name.ilike(like)))
    return await paginate(
        session,
        stmt,
        page,
        sorts={"username": User.username, "created_at": User.created_at},
        default_sort="username",
        id_column=User.id,
        into=UserRead,
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
    created(response, f"/api/v1/users/{user.id}", user.version)
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
