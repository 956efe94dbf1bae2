"""The instansi's catalogue of units of measure (satuan): seeding, listing, adding, and the
name → kind mapping target validation reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.errors import NotFound, invalid_field
from kinerja_api.organizations.units_of_measure.errors import UnitOfMeasureTaken
from kinerja_api.organizations.units_of_measure.models import UnitOfMeasure
from kinerja_api.organizations.units_of_measure.rules import (
    ASPECT_UNITS,
    DEFAULT_UNITS,
    Aspect,
    UnitKind,
    aspects_of,
    normalize_unit,
)
from kinerja_api.organizations.units_of_measure.schemas import (
    UnitOfMeasureCreate,
    UnitOfMeasureRead,
)


async def visible_unit_of_measure(
    session: AsyncSession, principal: Principal, unit_id: uuid.UUID
) -> UnitOfMeasure:
    unit = await session.get(UnitOfMeasure, unit_id)
    if unit is None or not principal.can_access_org(unit.organization_id):
        raise NotFound()
    return unit


def unit_of_measure_read(unit: UnitOfMeasure) -> UnitOfMeasureRead:
    return UnitOfMeasureRead(
        id=unit.id,
        organization_id=unit.organization_id,
        name=unit.name,
        kind=unit.kind,
        aspects=aspects_of(unit.kind),
        description=unit.description,
        is_default=unit.is_default,
        created_at=unit.created_at,
    )


async def seed_defaults(session: AsyncSession, org_id: uuid.UUID) -> None:
    """Give a new instansi the default catalogue (a new organization gets it at creation;
    existing ones got it in the migration)."""
    session.add_all(
        UnitOfMeasure(organization_id=org_id, name=name, kind=kind, is_default=True)
        for name, kind in DEFAULT_UNITS.items()
    )
    await session.flush()


async def _ensure_seeded(session: AsyncSession, org_id: uuid.UUID) -> dict[str, UnitKind]:
    """The organization's catalogue, seeded with the defaults first if it has none (an
    organization made outside the API: a fixture, an older demo)."""
    rows = (
        await session.execute(
            select(UnitOfMeasure.name, UnitOfMeasure.kind).where(
                UnitOfMeasure.organization_id == org_id
            )
        )
    ).all()
    if rows:
        return {name: kind for name, kind in rows}
    try:
        async with session.begin_nested():
            await seed_defaults(session, org_id)
    except IntegrityError:  # a concurrent first use seeded them
        pass
    return dict(DEFAULT_UNITS)


async def catalogue(session: AsyncSession, org_id: uuid.UUID) -> dict[str, UnitKind]:
    """Unit name → kind, what targets of the organization may use."""
    return await _ensure_seeded(session, org_id)


async def units_of_measure(
    session: AsyncSession, org_id: uuid.UUID, aspect: Aspect | None, q: str | None
) -> Select[Any]:
    await _ensure_seeded(session, org_id)
    stmt = select(UnitOfMeasure).where(UnitOfMeasure.organization_id == org_id)
    if aspect is not None:
        stmt = stmt.where(UnitOfMeasure.kind.in_(sorted(ASPECT_UNITS[aspect])))
    if q:
        stmt = stmt.where(UnitOfMeasure.name.contains(normalize_unit(q), autoescape=True))
    return stmt


async def create_unit_of_measure(
    session: AsyncSession, org_id: uuid.UUID, data: UnitOfMeasureCreate
) -> UnitOfMeasure:
    known = await _ensure_seeded(session, org_id)
    name = normalize_unit(data.name)
    if not name:
        raise invalid_field(
            "name", "string_too_short", "Nama satuan tidak boleh kosong", "Give the unit a name"
        )
    if name in known:
        raise UnitOfMeasureTaken(name=name)
    unit = UnitOfMeasure(
        organization_id=org_id, name=name, kind=data.kind, description=data.description
    )
    session.add(unit)
    await session.flush()
    return unit
