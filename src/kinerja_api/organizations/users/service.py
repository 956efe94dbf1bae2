"""Account administration by admins (akun pengguna): create, read, update, reset password.
Accounts of an organization are managed inside it; sign-in itself lives in ``auth``.
"""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.auth.service import (
    ensure_unique_login,
    get_user,
    normalize_login,
    password_errors,
    revoke_sessions,
)
from kinerja_api.core.audit import set_reason
from kinerja_api.core.config import Settings
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    FieldError,
    NotFound,
    UnprocessableEntity,
    invalid_field,
)
from kinerja_api.core.i18n import t
from kinerja_api.core.security import (
    hash_password,
)
from kinerja_api.organizations.models import Employee
from kinerja_api.organizations.scope import opd_member_ids_select, require_opd_reach
from kinerja_api.organizations.service import valid_opd
from kinerja_api.organizations.users.errors import (
    EmployeeAlreadyLinked,
    ResetOwnPassword,
    RoleNotAssignable,
    SelfModification,
)
from kinerja_api.organizations.users.schemas import UserCreate, UserUpdate


def _ensure_manageable(principal: Principal, user: User) -> None:
    """Admins manage their own organization's accounts; platform admins manage any."""
    if principal.is_platform_admin:
        return
    if user.role is Role.SERVICE:  # managed as service accounts (``integration``)
        raise NotFound()
    if user.organization_id != principal.organization_id or user.role is Role.PLATFORM_ADMIN:
        raise NotFound()


async def account_opd(session: AsyncSession, user: User) -> uuid.UUID | None:
    """The OPD an account belongs to: an admin's own ``opd_id`` (null: instansi admin),
    else the OPD of the linked employee (null: not placed, or no employee)."""
    if user.role is Role.ADMIN:
        return user.opd_id
    if user.employee_id is None:
        return None
    return await session.scalar(select(Employee.opd_id).where(Employee.id == user.employee_id))


def accounts_of_opd(opd_id: uuid.UUID) -> ColumnElement[bool]:
    """``users`` rows of one OPD (its admins, and the accounts of its employees)."""
    return or_(
        and_(User.role == Role.ADMIN, User.opd_id == opd_id),
        and_(User.role != Role.ADMIN, User.employee_id.in_(opd_member_ids_select(opd_id))),
    )


async def visible_user(session: AsyncSession, principal: Principal, user_id: uuid.UUID) -> User:
    user = await get_user(session, user_id)
    _ensure_manageable(principal, user)
    if principal.is_opd_admin:
        require_opd_reach(principal, await account_opd(session, user))
    return user


async def _check_opd(
    session: AsyncSession, organization_id: uuid.UUID | None, role: Role, opd_id: uuid.UUID | None
) -> None:
    """Only admin accounts have an OPD, and it is a top-level unit of their organization."""
    if opd_id is None:
        return
    if role is not Role.ADMIN:
        raise invalid_field(
            "opd_id",
            "opd_only_for_admins",
            "Hanya akun admin yang memiliki OPD; kosongkan opd_id atau jadikan role admin.",
            "Only admin accounts have an OPD; leave opd_id out or make the role admin.",
        )
    await valid_opd(session, organization_id, opd_id)


async def _check_opd_admin_grant(
    session: AsyncSession,
    principal: Principal,
    role: Role,
    opd_id: uuid.UUID | None,
    employee_id: uuid.UUID | None,
) -> None:
    """An OPD admin creates or changes accounts of their own OPD only and never grants more
    than they have: no instansi admin, no admin of another OPD, no account of another OPD."""
    if not principal.is_opd_admin:
        return
    if role is Role.ADMIN:
        require_opd_reach(principal, opd_id)
        return
    employee_opd = None
    if employee_id is not None:
        employee_opd = await session.scalar(
            select(Employee.opd_id).where(Employee.id == employee_id)
        )
    require_opd_reach(principal, employee_opd)


async def reset_password(
    session: AsyncSession, settings: Settings, principal: Principal, user_id: uuid.UUID, new: str
) -> User:
    user = await visible_user(session, principal, user_id)
    if user.id == principal.user_id:
        raise ResetOwnPassword()
    password_errors(settings, new, "new_password", user.username, user.email)
    user.password_hash = await asyncio.to_thread(hash_password, new)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    set_reason(session, "admin password reset")
    await revoke_sessions(session, user.id, "password_reset")
    await session.flush()
    return user


async def _check_employee_link(
    session: AsyncSession,
    organization_id: uuid.UUID | None,
    employee_id: uuid.UUID,
    user_id: uuid.UUID | None,
) -> None:
    """An account links to an employee of its own organization that has no other account."""
    employee = await session.get(Employee, employee_id)
    if employee is None or employee.organization_id != organization_id:
        raise UnprocessableEntity(
            errors=[
                FieldError(
                    location="body",
                    field="employee_id",
                    message=t(
                        {
                            "id": "Pegawai tidak ditemukan di organisasi akun ini",
                            "en": "Employee not found in the account's organization",
                        }
                    ),
                    type="employee_not_found",
                )
            ]
        )
    stmt = select(User.id).where(User.employee_id == employee_id)
    if user_id is not None:
        stmt = stmt.where(User.id != user_id)
    taken = await session.scalar(stmt.limit(1))
    if taken is not None:
        raise EmployeeAlreadyLinked()


async def create_user(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    organization_id: uuid.UUID,
    data: UserCreate,
) -> User:
    if data.role in (Role.PLATFORM_ADMIN, Role.SERVICE):
        raise RoleNotAssignable()
    username = normalize_login(data.username)
    email = data.email.lower() if data.email else None
    password_errors(settings, data.password, "password", username, email)
    await ensure_unique_login(session, username, email)
    if data.employee_id is not None:
        await _check_employee_link(session, organization_id, data.employee_id, None)
    await _check_opd(session, organization_id, data.role, data.opd_id)
    await _check_opd_admin_grant(session, principal, data.role, data.opd_id, data.employee_id)
    user = User(
        organization_id=organization_id,
        username=username,
        email=email,
        full_name=data.full_name.strip(),
        role=data.role,
        password_hash=await asyncio.to_thread(hash_password, data.password),
        must_change_password=True,
        employee_id=data.employee_id,
        opd_id=data.opd_id,
    )
    session.add(user)
    await session.flush()
    return user


async def update_user(
    session: AsyncSession, principal: Principal, user: User, data: UserUpdate
) -> User:
    changes = data.model_dump(exclude_unset=True)
    if "role" in changes and changes["role"] in (Role.PLATFORM_ADMIN, Role.SERVICE):
        raise RoleNotAssignable()
    if user.id == principal.user_id and ("role" in changes or changes.get("is_active") is False):
        raise SelfModification()
    if "email" in changes and changes["email"] is not None:
        changes["email"] = changes["email"].lower()
        if changes["email"] != user.email:
            await ensure_unique_login(session, None, changes["email"])
    employee_id = changes.get("employee_id")
    if employee_id is not None and employee_id != user.employee_id:
        await _check_employee_link(session, user.organization_id, employee_id, user.id)
    if {"role", "opd_id", "employee_id"} & changes.keys():
        role = changes.get("role") or user.role
        opd_id = changes.get("opd_id", user.opd_id)
        await _check_opd(session, user.organization_id, role, opd_id)
        linked = changes.get("employee_id", user.employee_id)
        await _check_opd_admin_grant(session, principal, role, opd_id, linked)
    for key, value in changes.items():
        setattr(user, key, value)
    if changes.get("is_active") is False:
        await revoke_sessions(session, user.id, "deactivated")
    await session.flush()
    return user
