"""HTTP: read the append-only audit log (admins: their organization; platform: all)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from kinerja_api.auth.deps import require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.audit import AuditAction, AuditLog
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.patterns import described

ENTITY_TYPE_PATTERN = described(
    r"^[a-z_]+$",
    id="nama jenis data: huruf kecil a–z dan '_' (misalnya units)",
    en="an entity type: lower-case letters a–z and '_' (for example units)",
)

router = APIRouter(tags=["audit"])


class AuditEntry(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0c01",
                    "at": "2026-11-25T02:10:00Z",
                    "organization_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0a00",
                    "actor_user_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b11",
                    "action": "update",
                    "entity_type": "units",
                    "entity_id": "0190f0b2-7c4e-7d2a-9a51-3a3c5c9e0b02",
                    "before": {"name": "Bidang P2P", "version": 1},
                    "after": {"name": "Bidang Pencegahan dan Pengendalian Penyakit", "version": 2},
                    "reason": None,
                    "request_id": "3f2a9c1e8b7d4a60",
                }
            ]
        },
    )

    id: uuid.UUID
    at: datetime
    organization_id: uuid.UUID | None
    actor_user_id: uuid.UUID | None
    action: AuditAction
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    request_id: str | None


@router.get(
    "/audit-log",
    response_model=Page[AuditEntry],
    summary="Read the audit log",
    description="Every write, newest first: who, what, when, before and after. Admins see "
    "their organization; platform admins may filter by organization. Keyset-paginated.",
    responses=problems(*AUTHED),
)
async def list_audit_log(
    principal: Annotated[Principal, require(Perm.AUDIT_READ)],
    session: SessionDep,
    page: PageDep,
    organization_id: uuid.UUID | None = None,
    entity_type: Annotated[str | None, Query(max_length=64, pattern=ENTITY_TYPE_PATTERN)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    actor_user_id: uuid.UUID | None = None,
) -> Page[AuditEntry]:
    stmt = select(AuditLog)
    if principal.is_platform_admin:
        if organization_id is not None:
            stmt = stmt.where(AuditLog.organization_id == organization_id)
    else:
        stmt = stmt.where(AuditLog.organization_id == principal.organization_id)
    if entity_type:
        stmt = stmt.where(AuditLog.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(AuditLog.entity_id == entity_id)
    if actor_user_id:
        stmt = stmt.where(AuditLog.actor_user_id == actor_user_id)
    return await paginate(
        session,
        stmt,
        page,
        sorts={"at": AuditLog.at},
        default_sort="-at",
        id_column=AuditLog.id,
        into=AuditEntry,
    )
