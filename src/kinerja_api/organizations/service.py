"""Organization and unit rules and queries (tenant isolation lives here)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity
from kinerja_api.core.i18n import t
from kinerja_api.organizations.config import (
    OrganizationSettings,
    OrganizationSettingsPatch,
    apply_patch,
    effective_settings,
)
from kinerja_api.organizations.models import Organization, Unit
from kinerja_api.organizations.rules import creates_cycle
from kinerja_api.organizations.schemas import (
    OrganizationCreate,
    OrganizationUpdate,
    UnitCreate,
    UnitUpdate,
)


def organizations_visible_to(principal: Principal) -> Select[Organization]:
    """Platform admins see every organization; everyone else only their own."""
    stmt = select(Organization)
    if not principal.is_platform_admin:
        stmt = stmt.where(Organization.id == principal.organization_id)
    return stmt


async def visible_organization(
    session: AsyncSession, principal: Principal, org_id: uuid.UUID
) -> Organization:
    if not principal.can_access_org(org_id):
        raise NotFound()
    org = await session.get(Organization, org_id)
    if org is None:
        raise NotFound()
    return org


async def create_organization(session: AsyncSession, data: OrganizationCreate) -> Organization:
    if await session.scalar(select(Organization.id).where(Organization.code == data.code)):
        raise Conflict(
            {
                "id": f"Kode organisasi {data.code} sudah dipakai.",
                "en": f"Organization code {data.code} is already taken.",
            },
            code="organization_code_taken",
        )
    stored: dict[str, Any] = {}
    if data.settings is not None:
        _, stored = _checked_settings({}, data.settings, field_prefix="settings.")
    org = Organization(**data.model_dump(exclude={"settings"}), settings=stored)
    session.add(org)
    await session.flush()
    return org


async def update_organization(
    session: AsyncSession, org: Organization, data: OrganizationUpdate
) -> Organization:
    for key, value in data.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(org, key, value)
    await session.flush()
    return org


def organization_settings(org: Organization) -> OrganizationSettings:
    """The organization's effective configuration (regulation defaults filled in)."""
    return effective_settings(org.settings)


def _checked_settings(
    stored: dict[str, Any], patch: OrganizationSettingsPatch, *, field_prefix: str = ""
) -> tuple[OrganizationSettings, dict[str, Any]]:
    result, overrides, problems = apply_patch(stored, patch)
    if problems:
        raise UnprocessableEntity(
            errors=[p.model_copy(update={"field": field_prefix + p.field}) for p in problems]
        )
    return result, overrides


async def update_organization_settings(
    session: AsyncSession, org: Organization, patch: OrganizationSettingsPatch
) -> OrganizationSettings:
    """Merge a partial update into the organization's settings; 422 if inconsistent."""
    result, overrides = _checked_settings(org.settings, patch)
    if overrides != org.settings:
        org.settings = overrides  # a new object: the JSON column sees the change
        await session.flush()
    return result


def units_visible_to(principal: Principal, org_id: uuid.UUID) -> Select[Unit]:
    return select(Unit).where(Unit.organization_id == org_id)


async def visible_unit(session: AsyncSession, principal: Principal, unit_id: uuid.UUID) -> Unit:
    unit = await session.get(Unit, unit_id)
    if unit is None or not principal.can_access_org(unit.organization_id):
        raise NotFound()
    return unit


def _parent_error(message_id: str, message_en: str, etype: str) -> UnprocessableEntity:
    return UnprocessableEntity(
        errors=[
            FieldError(
                location="body",
                field="parent_id",
                message=t({"id": message_id, "en": message_en}),
                type=etype,
            )
        ]
    )


async def _check_parent(session: AsyncSession, org_id: uuid.UUID, parent_id: uuid.UUID) -> Unit:
    parent = await session.get(Unit, parent_id)
    if parent is None or parent.organization_id != org_id:
        raise _parent_error(
            "Unit induk tidak ditemukan di organisasi ini",
            "Parent unit not found in this organization",
            "parent_not_found",
        )
    if not parent.is_active:
        raise _parent_error("Unit induk tidak aktif", "Parent unit is inactive", "parent_inactive")
    return parent


async def create_unit(session: AsyncSession, org: Organization, data: UnitCreate) -> Unit:
    if data.parent_id is not None:
        await _check_parent(session, org.id, data.parent_id)
    clash = await session.scalar(
        select(Unit.id).where(Unit.organization_id == org.id, Unit.code == data.code)
    )
    if clash is not None:
        raise Conflict(
            {
                "id": f"Kode unit {data.code} sudah dipakai di organisasi ini.",
                "en": f"Unit code {data.code} is already used in this organization.",
            },
            code="unit_code_taken",
        )
    unit = Unit(organization_id=org.id, **data.model_dump())
    session.add(unit)
    await session.flush()
    return unit


async def update_unit(session: AsyncSession, unit: Unit, data: UnitUpdate) -> Unit:
    changes = data.model_dump(exclude_unset=True)
    if "parent_id" in changes and changes["parent_id"] != unit.parent_id:
        new_parent = changes["parent_id"]
        if new_parent is not None:
            await _check_parent(session, unit.organization_id, new_parent)
        rows = await session.execute(
            select(Unit.id, Unit.parent_id).where(Unit.organization_id == unit.organization_id)
        )
        parent_of = {uid: pid for uid, pid in rows.all()}
        if creates_cycle(parent_of, unit.id, new_parent):
            raise _parent_error(
                "Unit tidak dapat dipindah ke bawah dirinya sendiri atau turunannya",
                "A unit cannot be moved under itself or one of its descendants",
                "unit_cycle",
            )
    if changes.get("is_active") is False:
        child = await session.scalar(
            select(Unit.id).where(Unit.parent_id == unit.id, Unit.is_active.is_(True)).limit(1)
        )
        if child is not None:
            raise Conflict(
                {
                    "id": "Nonaktifkan atau pindahkan dulu sub-unit yang masih aktif.",
                    "en": "Deactivate or move the active sub-units first.",
                },
                code="unit_has_active_children",
            )
    for key, value in changes.items():
        if key == "name" and value is None:
            continue
        setattr(unit, key, value)
    await session.flush()
    return unit
