"""The documents of the demo data, rendered to ``docs/documents/`` (``kinerja docs render``)
and checked by tests/test_report_documents.py.

Each document is picked by what it shows best (the approved SKP with the most work results),
and read as the instansi admin (BKPSDM) would, through the same functions as the endpoints.
"""

from __future__ import annotations

import uuid

from sqlalchemy import String, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.activities.models import ActivityReport, ReportStatus
from kinerja_api.appraisals.models import Appraisal, AppraisalItem
from kinerja_api.auth.models import Role, User
from kinerja_api.auth.permissions import Principal
from kinerja_api.core import clock
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.indicators.skp.rules import SkpState
from kinerja_api.reports import documents


async def _admin_of(session: AsyncSession, organization_id: uuid.UUID) -> Principal:
    admin = await session.scalar(
        select(User)
        .where(
            User.organization_id == organization_id,
            User.role == Role.ADMIN,
            User.opd_id.is_(None),  # an instansi admin: the document may be of any OPD
        )
        .order_by(User.username)
        .limit(1)
    )
    if admin is None:
        raise LookupError("the demo organization has no admin account")
    return Principal(
        user_id=admin.id,
        session_id=uuid.uuid4(),
        organization_id=organization_id,
        role=Role.ADMIN,
        username=admin.username,
    )


async def demo_documents(session: AsyncSession) -> dict[str, documents.Document]:
    """Document name (``skp``, ``evaluation``, ...) → the document of the demo data."""
    rhk_count = func.count(SkpWorkResult.id)
    row = (
        await session.execute(
            select(Skp.id, Skp.organization_id)
            .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
            .group_by(Skp.id, Skp.organization_id)
            .order_by(
                case((Skp.state == SkpState.APPROVED, 0), else_=1),
                rhk_count.desc(),
                Skp.id,
            )
            .limit(1)
        )
    ).first()
    if row is None:
        raise LookupError("load the demo data first (kinerja demo-data)")
    skp_id, organization_id = row
    principal = await _admin_of(session, organization_id)
    found = {"skp": await documents.skp_document(session, principal, skp_id)}
    now = clock.now()
    # A rated staff member's appraisal with the most RHK, and the rated head's highest in the
    # chain (whose appraiser has no superior: the regional head appraising the Sekda); ties by
    # name (ids made in the same millisecond have random order).
    for name, head in (("evaluation", False), ("evaluation_head", True)):
        appraisal_id = await session.scalar(
            select(Appraisal.id)
            .join(AppraisalItem, AppraisalItem.appraisal_id == Appraisal.id)
            .where(
                Appraisal.organization_id == organization_id,
                Appraisal.predikat.is_not(None),
                Appraisal.is_unit_head.is_(head),
            )
            .group_by(Appraisal.id, Appraisal.appraiser_superior_id, Appraisal.employee_name)
            .order_by(
                case((Appraisal.appraiser_superior_id.is_(None), 0), else_=1),
                func.count(AppraisalItem.id).desc(),
                Appraisal.employee_name,
            )
            .limit(1)
        )
        if appraisal_id is not None:
            found[name] = await documents.evaluation_document(session, principal, appraisal_id, now)
        if appraisal_id is not None and name == "evaluation":
            # The distribution curve of the staff member's group, in that period.
            appraisal = await session.get(Appraisal, appraisal_id)
            assert appraisal is not None
            found["curve"] = await documents.curve_picture(
                session, principal, appraisal.period_id, appraisal.unit_id
            )
    # The month of an employee with the most approved daily reports.
    month = func.substr(func.cast(ActivityReport.report_date, String), 1, 7)
    busiest = (
        await session.execute(
            select(ActivityReport.employee_id, month)
            .where(
                ActivityReport.organization_id == organization_id,
                ActivityReport.status == ReportStatus.APPROVED,
            )
            .group_by(ActivityReport.employee_id, month)
            .order_by(func.count().desc(), month.desc(), ActivityReport.employee_id)
            .limit(1)
        )
    ).first()
    if busiest is not None:
        employee_id, in_month = busiest
        found["activity_recap"] = await documents.activity_recap_document(
            session, principal, employee_id, in_month
        )
    return found
