"""Data of the official documents, gathered through the other domains' services and models.

Each ``*_document`` function checks access exactly as the domain does for the data the
document holds (an SKP document is readable by whoever may read the SKP) and returns the
JSON value its template in ``templates/`` lays out, plus a safe file name. No rule of another
domain is re-implemented here: states, appraisers and access come from their services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.activities import service as activity_service
from kinerja_api.activities.models import ActivityReport, ReportStatus
from kinerja_api.appraisals import rules as appraisal_rules
from kinerja_api.appraisals import service as appraisal_service
from kinerja_api.appraisals.models import Appraisal, AppraisalState, PeriodKind
from kinerja_api.appraisals.rules import PREDIKAT_LABELS
from kinerja_api.appraisals.schemas import CurveRead, ItemRead
from kinerja_api.auth.permissions import Principal
from kinerja_api.core.errors import NotFound
from kinerja_api.indicators.goals.models import KeyIndicator, OrganizationGoal
from kinerja_api.indicators.skp import service as skp_service
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.indicators.skp.rules import (
    JPT_LEVELS,
    STATE_LABELS,
    Approach,
    SkpState,
    WorkResultKind,
)
from kinerja_api.organizations.config import Predikat
from kinerja_api.organizations.employees.service import current_positions
from kinerja_api.organizations.models import Employee, Organization, Position, Unit
from kinerja_api.organizations.rules import PANGKAT
from kinerja_api.organizations.scope import appraisers_of
from kinerja_api.organizations.service import org_today, own_organization
from kinerja_api.reports import rules

#: SKP states whose document carries the DRAFT mark: not (or no longer) agreed by the
#: appraiser — draft, returned, submitted and awaiting the decision, or being revised.
DRAFT_STATES = frozenset({SkpState.DRAFT, SkpState.RETURNED, SkpState.SUBMITTED, SkpState.REVISING})


@dataclass(frozen=True)
class Document:
    template: str
    data: dict[str, Any]
    filename: str
    #: The row the document shows (the SKP, the appraisal, the employee of a recap).
    source_id: uuid.UUID


def _local_date(org: Organization, at: datetime) -> date:
    offset = timezone(timedelta(hours=org.timezone.utc_offset_hours))
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(offset).date()


def _person(
    employee: Employee | None, position: str | None, unit: str | None
) -> dict[str, Any] | None:
    if employee is None:
        return None
    return {
        "name": employee.name,
        "nip": employee.nip or "-",
        "pangkat": rules.pangkat_line(employee.golongan, PANGKAT),
        "position": position,
        "unit": unit,
    }


async def _references(
    session: AsyncSession, work_results: list[SkpWorkResult]
) -> dict[uuid.UUID, str]:
    """Statement of each superior's RHK, goal and IKU the work results refer to (by id)."""
    parents = {r.parent_id for r in work_results if r.parent_id}
    goals = {r.goal_id for r in work_results if r.goal_id}
    ikus = {r.key_indicator_id for r in work_results if r.key_indicator_id}
    found: dict[uuid.UUID, str] = {}
    if parents:
        rows = await session.execute(
            select(SkpWorkResult.id, SkpWorkResult.statement).where(SkpWorkResult.id.in_(parents))
        )
        found.update({i: s for i, s in rows})
    if goals:
        rows = await session.execute(
            select(OrganizationGoal.id, OrganizationGoal.statement).where(
                OrganizationGoal.id.in_(goals)
            )
        )
        found.update({i: s for i, s in rows})
    if ikus:
        rows = await session.execute(
            select(KeyIndicator.id, KeyIndicator.name).where(KeyIndicator.id.in_(ikus))
        )
        found.update({i: s for i, s in rows})
    return found


def _reference_text(rhk: SkpWorkResult, refs: dict[uuid.UUID, str]) -> str | None:
    texts = [refs[i] for i in (rhk.parent_id, rhk.goal_id, rhk.key_indicator_id) if i in refs]
    return "; ".join(texts) or None


async def _expectations(session: AsyncSession, skp: Skp) -> dict[str, str]:
    """The appraiser's specific expectations per BerAKHLAK value, from the latest appraisal of
    the SKP that states any (they are set in the appraisal of each period)."""
    rows = await session.scalars(
        select(Appraisal.behaviours)
        .where(Appraisal.skp_id == skp.id, Appraisal.organization_id == skp.organization_id)
        .order_by(Appraisal.created_at.desc())
    )
    for behaviours in rows:
        found = {
            k: str(v["expectation"])
            for k, v in (behaviours or {}).items()
            if isinstance(v, dict) and v.get("expectation")
        }
        if found:
            return found
    return {}


async def skp_document(session: AsyncSession, principal: Principal, skp_id: uuid.UUID) -> Document:
    """The SKP form (PermenPANRB 6/2022 annex) of an SKP the caller may read."""
    caller = skp_service.Caller.of(principal)
    skp = await skp_service.find_skp(session, caller, skp_id, full=True)
    access = await skp_service.access(session, caller, skp)
    skp_service.require_read(access)
    org = access.org

    employee = await session.get(Employee, skp.employee_id)
    # Identities as submitted (the snapshot), else as they stand today.
    appraiser_id = skp.appraiser_id
    if appraiser_id is None and access.resolution.appraiser is not None:
        appraiser_id = access.resolution.appraiser.employee_id
    appraiser = await session.get(Employee, appraiser_id) if appraiser_id else None
    held = await current_positions(
        session, [e.id for e in (employee, appraiser) if e is not None], access.today
    )
    level = None
    position_name, unit_name = skp.position_name, skp.unit_name
    if skp.position_id is not None:
        position = await session.get(Position, skp.position_id)
        level = position.level if position is not None else None
    if employee is not None and employee.id in held:
        position, unit = held[employee.id]
        position_name = position_name or position.name
        unit_name = unit_name or unit.name
        level = level or position.level
    appraiser_position, appraiser_unit = skp.appraiser_position_name, None
    if appraiser is not None and appraiser.id in held:
        a_position, a_unit = held[appraiser.id]
        appraiser_position = appraiser_position or a_position.name
        appraiser_unit = a_unit.name
    jpt = level in JPT_LEVELS

    refs = await _references(session, list(skp.work_results))
    expectations = await _expectations(session, skp)
    groups: list[dict[str, Any]] = []
    sections = ((WorkResultKind.UTAMA, "A. UTAMA"), (WorkResultKind.TAMBAHAN, "B. TAMBAHAN"))
    for kind, label in sections:
        rows = []
        ordered = sorted((r for r in skp.work_results if r.kind is kind), key=skp_service.rhk_order)
        for number, rhk in enumerate(ordered, start=1):
            rows.append(
                {
                    "no": str(number),
                    "parent": _reference_text(rhk, refs),
                    "statement": rhk.statement,
                    "perspective": rules.PERSPECTIVE_LABELS.get(rhk.perspective)
                    if rhk.perspective
                    else None,
                    "indicators": [
                        {
                            "aspect": rules.ASPECT_LABELS[i.aspect],
                            "name": i.name,
                            "target": rules.target_text(
                                unit=i.unit,
                                target_value=i.target_value,
                                target_min=i.target_min,
                                target_max=i.target_max,
                                target_text=i.target_text,
                            ),
                        }
                        for i in sorted(rhk.indicators, key=lambda i: (i.sort_order, i.created_at))
                    ],
                }
            )
        groups.append({"label": label, "rows": rows})

    signed_at = skp.approved_at or skp.submitted_at
    sign_day = _local_date(org, signed_at) if signed_at else access.today
    nip = (employee.nip if employee else None) or ""
    name = employee.name if employee else ""
    approach = "KUANTITATIF" if skp.approach is Approach.KUANTITATIF else "KUALITATIF"
    data = {
        "title": f"SKP {skp.year} {name}",
        "footer": f"SKP {skp.year} · {name} · NIP {nip} · status {STATE_LABELS[skp.state]['id']}"
        + (f" · revisi {skp.revision}" if skp.revision else ""),
        "draft": skp.state in DRAFT_STATES,
        "jpt": jpt,
        "heading": [
            "SASARAN KINERJA PEGAWAI",
            f"PENDEKATAN HASIL KERJA {approach}",
            "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI"
            if jpt
            else "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL",
        ],
        "instansi": org.name.upper(),
        "period": rules.period_id(skp.period_start, skp.period_end),
        "employee": _person(employee, position_name, unit_name),
        "appraiser": _person(appraiser, appraiser_position, appraiser_unit),
        "groups": groups,
        "behaviours": [
            {"name": title, "points": list(points), "expectation": expectations.get(value.value)}
            for value, (title, points) in rules.BERAKHLAK.items()
        ],
        "place_date": f"{rules.place_of(org.region)}, {rules.date_id(sign_day)}",
        "annex": {
            "resource_support": skp.resource_support,
            "accountability_scheme": skp.accountability_scheme,
            "consequences": skp.consequences,
        },
    }
    filename = rules.safe_filename("SKP", str(skp.year), nip, ext="pdf")
    return Document("skp", data, filename, skp.id)


# ---- the performance evaluation document --------------------------------------------------


def curve_chart(curve: CurveRead, title: str) -> dict[str, Any]:
    """The distribution curve as the chart template draws it: one bar per predikat (count and
    share of the rated), and each bound of the organization result's curve with its allowed
    range, the share it counts and whether it holds."""
    bars = [
        {
            "label": PREDIKAT_LABELS[p],
            "count": curve.counts.get(p, 0),
            "percent": float(curve.percentages.get(p, 0)),
            "percent_text": rules.percent_id(curve.percentages.get(p, 0)),
        }
        for p in Predikat
    ]
    bounds = [
        {
            "label": "/".join(PREDIKAT_LABELS[p] for p in rule.predikat),
            "allowed": rules.bound_text(rule.min_percent, rule.max_percent, rule.min_count),
            "min": rule.min_percent,
            "max": rule.max_percent,
            "count": rule.count,
            "percent": float(rule.percent),
            "percent_text": rules.percent_id(rule.percent),
            "passed": rule.passed,
            "gap": rule.gap,
        }
        for rule in curve.rules
    ]
    shown = [float(curve.percentages.get(p, 0)) for p in Predikat] + [
        float(v) for r in curve.rules for v in (r.min_percent, r.max_percent) if v is not None
    ]
    return {
        "title": title,
        "group": curve.unit_name or "Seluruh instansi",
        "organization_result": rules.ORGANIZATION_RESULT_LABELS[curve.organization_result],
        "total": curve.total,
        "unrated": curve.unrated,
        "group_size": curve.group_size,
        "enforced": curve.enforced,
        "passed": curve.passed,
        "verdict": (
            "Sesuai kurva distribusi"
            if curve.passed
            else "Tidak sesuai kurva distribusi"
            + ("" if curve.enforced else f" (kelompok di bawah minimum {curve.min_group_size})")
        ),
        "scale": rules.chart_scale(shown),
        "bars": bars,
        "bounds": bounds,
    }


def _realizations(item: ItemRead) -> list[dict[str, Any]]:
    rows = []
    for r in item.realization:
        target = rules.target_text(
            unit=r.unit,
            target_value=r.target_value,
            target_min=None,
            target_max=None,
            target_text=r.target_text,
        )
        if r.value is not None:
            value = f"{rules.number_id(r.value)} {r.unit}".strip()
        else:
            value = r.self_assessment or "-"
        rows.append(
            {
                "name": r.name,
                "target": target,
                "realization": value,
                "achievement": rules.percent_id(r.achievement_percent),
            }
        )
    return rows


async def evaluation_document(
    session: AsyncSession, principal: Principal, appraisal_id: uuid.UUID, now: datetime
) -> Document:
    """Dokumen Evaluasi Kinerja Pegawai of an appraisal the caller may read (as
    ``GET /appraisals/{id}``): identities, realization and rating per RHK with the feedback,
    behaviour ratings, the predikat and how it was computed; with the organization result and
    the distribution curve of the group for an annual appraisal or a unit head's."""
    ctx = await appraisal_service.load_context(session, principal, appraisal_id, now)
    ctx.require(appraisal_rules.READERS)
    appraisal, period, org = ctx.appraisal, ctx.period, ctx.org
    read = appraisal_service.appraisal_read(appraisal, period, org)

    today = _local_date(org, now)
    on = min(today, period.end_date)
    employee = await session.get(Employee, appraisal.employee_id)
    appraiser = (
        await session.get(Employee, appraisal.appraiser_id) if appraisal.appraiser_id else None
    )
    held = await current_positions(
        session, [e.id for e in (employee, appraiser) if e is not None], on
    )
    appraiser_position = appraiser_unit = None
    if appraiser is not None and appraiser.id in held:
        a_position, a_unit = held[appraiser.id]
        appraiser_position, appraiser_unit = a_position.name, a_unit.name

    groups: list[dict[str, Any]] = []
    for kind, label in (
        (WorkResultKind.UTAMA, "A. UTAMA"),
        (WorkResultKind.TAMBAHAN, "B. TAMBAHAN"),
    ):
        rows = [
            {
                "no": str(number),
                "statement": item.statement,
                "indicators": _realizations(item),
                "self_note": item.self_note,
                "rating": rules.rating_label(item.rating),
                "feedback": item.feedback,
            }
            for number, item in enumerate((i for i in read.items if i.kind == kind.value), start=1)
        ]
        groups.append({"label": label, "rows": rows})

    how = read.how
    annual = period.kind is PeriodKind.ANNUAL
    result = period.organization_result
    curve = None
    if result is not None and (annual or appraisal.is_unit_head) and appraisal.unit_id:
        unit = await session.get(Unit, appraisal.unit_id)
        found = await appraisal_service.curve(session, org, period, unit)
        curve = curve_chart(found, "POLA DISTRIBUSI PREDIKAT KINERJA")
    credit = read.credit_points
    signed_at = appraisal.finalized_at or appraisal.rated_at
    sign_day = _local_date(org, signed_at) if signed_at else today
    nip = (employee.nip if employee else None) or ""
    name = appraisal.employee_name
    data = {
        "title": f"Evaluasi Kinerja {period.name} {name}",
        "footer": f"{period.name} · {name} · NIP {nip or '-'} · status "
        + EVALUATION_STATE_LABELS[appraisal.state],
        "draft": appraisal.state is AppraisalState.OPEN,
        "heading": [
            "DOKUMEN EVALUASI KINERJA PEGAWAI",
            f"PERIODE: {rules.PERIOD_KIND_TITLES[period.kind.value]}",
        ],
        "instansi": org.name.upper(),
        "period": rules.period_id(period.start_date, period.end_date),
        "period_name": period.name,
        "employee": _person(employee, appraisal.position_name, appraisal.unit_name),
        "appraiser": _person(appraiser, appraiser_position, appraiser_unit),
        "show_result": annual or result is not None,
        "organization_result": rules.ORGANIZATION_RESULT_LABELS[result] if result else None,
        "organization_result_note": period.organization_result_note,
        "groups": groups,
        "hasil_kerja": rules.rating_label(appraisal.hasil_kerja),
        "behaviours": [
            {
                "name": rules.BERAKHLAK[b.value][0],
                "expectation": b.expectation,
                "rating": rules.rating_label(b.rating),
                "feedback": b.feedback,
            }
            for b in read.behaviours
        ],
        "perilaku": rules.rating_label(appraisal.perilaku),
        "predikat": PREDIKAT_LABELS[appraisal.predikat].upper() if appraisal.predikat else None,
        "how": rules.predikat_explanation(
            how.hasil_kerja, how.perilaku, how.label, how.hasil_kerja_from_organization_result
        )
        if how is not None
        else "Belum dinilai",
        "feedback": appraisal.feedback,
        "credit_points": rules.credit_points_text(
            credit.percent, credit.yearly_coefficient, credit.months, credit.value
        )
        if credit is not None
        else None,
        "curve": curve,
        "place_date": f"{rules.place_of(org.region)}, {rules.date_id(sign_day)}",
    }
    filename = rules.safe_filename(
        "Evaluasi", period.kind.value, period.start_date.isoformat(), nip or name, ext="pdf"
    )
    return Document("evaluation", data, filename, appraisal.id)


#: How the footer names an appraisal's state.
EVALUATION_STATE_LABELS: dict[AppraisalState, str] = {
    AppraisalState.OPEN: "belum final",
    AppraisalState.FINALIZED: "final",
    AppraisalState.OBJECTED: "dalam keberatan",
    AppraisalState.FINAL: "final setelah keberatan",
}


# ---- the monthly activity recap ------------------------------------------------------------


async def activity_recap_document(
    session: AsyncSession, principal: Principal, employee_id: uuid.UUID, month: str
) -> Document:
    """Rekapitulasi laporan kinerja harian of one employee and month, readable by whoever may
    read the employee's activity summary: each day with approved reports, its activities
    (time, description, quantity, the RHK served), the totals per RHK from the activity
    summary, and the signatures of the employee and the supervisor (the appraiser on the
    month's last day, or today within the month)."""
    if principal.organization_id is None:
        raise NotFound()
    own = await session.get(Organization, principal.organization_id)
    if own is None:
        raise NotFound()
    today = org_today(own)
    employee, _ = await activity_service.visible_employee(session, principal, employee_id, today)
    org = await session.get(Organization, employee.organization_id)
    assert org is not None
    first, last = activity_service.month_bounds(month)
    on = max(first, min(last, today))

    reports = (
        await session.execute(
            activity_service.my_reports(
                employee,
                activity_service.ListFilters(
                    date_from=first, date_to=last, status=ReportStatus.APPROVED
                ),
            )
            .add_columns(SkpWorkResult.statement)
            .join(SkpWorkResult, SkpWorkResult.id == ActivityReport.work_result_id)
            .order_by(ActivityReport.report_date, ActivityReport.start_time, ActivityReport.id)
        )
    ).all()
    days: list[dict[str, Any]] = []
    for report, statement in reports:
        if not days or days[-1]["date"] != report.report_date.isoformat():
            days.append(
                {
                    "date": report.report_date.isoformat(),
                    "label": rules.weekday_date_id(report.report_date),
                    "activities": [],
                }
            )
        days[-1]["activities"].append(
            {
                "time": f"{report.start_time:%H:%M}–{report.end_time:%H:%M}",
                "description": report.description,
                "quantity": f"{rules.number_id(report.quantity)} {report.unit}".strip(),
                "rhk": statement,
            }
        )
    summary = await activity_service.summary(session, employee, month)
    resolution = await appraisers_of(session, employee.id, on)
    supervisor = None
    if resolution.appraiser is not None:
        supervisor = await session.get(Employee, resolution.appraiser.employee_id)
    held = await current_positions(
        session, [e.id for e in (employee, supervisor) if e is not None], on
    )

    def person(e: Employee | None) -> dict[str, Any] | None:
        if e is None:
            return None
        position, unit = held.get(e.id, (None, None))
        return _person(e, position.name if position else None, unit.name if unit else None)

    nip = employee.nip or ""
    data = {
        "title": f"Rekap Aktivitas {rules.month_id(month)} {employee.name}",
        "footer": f"Rekap aktivitas harian {rules.month_id(month)} · {employee.name} · "
        f"NIP {nip or '-'}",
        "heading": ["REKAPITULASI LAPORAN KINERJA HARIAN", rules.month_id(month).upper()],
        "instansi": org.name.upper(),
        "employee": person(employee),
        "supervisor": person(supervisor),
        "days": days,
        "totals": [
            {
                "statement": t.statement,
                "quantity": f"{rules.number_id(t.quantity)} {t.unit}".strip(),
                "reports": t.reports,
                "hours": rules.hours_text(t.minutes),
            }
            for t in summary.by_work_result
        ],
        "summary": {
            "days": summary.days_reported,
            "approved": summary.approved,
            "hours": rules.hours_text(summary.minutes),
            "pending": summary.pending,
            "rejected": summary.rejected,
        },
        "place_date": f"{rules.place_of(org.region)}, {rules.date_id(on)}",
    }
    filename = rules.safe_filename("Rekap-Aktivitas", month, nip or employee.name, ext="pdf")
    return Document("activity_recap", data, filename, employee.id)


# ---- the distribution curve as a picture -------------------------------------------------------


async def curve_picture(
    session: AsyncSession, principal: Principal, period_id: uuid.UUID, unit_id: uuid.UUID | None
) -> Document:
    """The curve check of ``GET /appraisal-periods/{id}/curve`` (the group ``unit_id`` belongs
    to, the whole organization without it) drawn as a chart; the appraisals service counts."""
    org = await own_organization(session, principal)
    period = await appraisal_service.find_period(session, principal, period_id)
    unit = None
    if unit_id is not None:
        unit = await appraisal_service.check_unit(session, principal, unit_id)
    found = await appraisal_service.curve(session, org, period, unit)
    chart = curve_chart(found, "KURVA DISTRIBUSI PREDIKAT KINERJA")
    data = {
        "title": f"Kurva distribusi {period.name} {chart['group']}",
        "heading": f"{org.name} · {period.name}",
        "period": rules.period_id(period.start_date, period.end_date),
        "chart": chart,
    }
    group = await session.get(Unit, found.unit_id) if found.unit_id else None
    filename = rules.safe_filename(
        "Kurva",
        period.kind.value,
        period.start_date.isoformat(),
        group.code if group is not None else "instansi",
        ext="png",
    )
    return Document("curve", data, filename, period.id)
