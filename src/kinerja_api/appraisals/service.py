"""Appraisal services (no HTTP): periods, snapshots at opening, self-assessment, rating with
the predikat matrix, peer input, curve check and finalization, acknowledgement, objection and
decision, credit points, ranking and rewards. "Now" always comes from the caller (the
injectable clock in :mod:`kinerja_api.appraisals.clock`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kinerja_api.appraisals import rules
from kinerja_api.appraisals.errors import (
    AlreadyAcknowledged,
    AppraisalFinalized,
    AppraisalNotFinalized,
    AppraisalsFinalized,
    AppraisalsUnrated,
    CurveNotFit,
    NoObjection,
    NothingToFinalize,
    ObjectionExists,
    ObjectionWindowClosed,
    OrganizationResultMissing,
    PeerRequested,
    PeriodNotClosed,
    PeriodNotDraft,
    PeriodNotOpen,
    PeriodOverlaps,
    RewardRevoked,
)
from kinerja_api.appraisals.models import (
    Appraisal,
    AppraisalAction,
    AppraisalEvent,
    AppraisalItem,
    AppraisalPeerInput,
    AppraisalPeriod,
    AppraisalReward,
    AppraisalState,
    ObjectionOutcome,
    PeriodState,
)
from kinerja_api.appraisals.schemas import (
    AppraisalRead,
    BehaviourRead,
    CreditPoints,
    CurveMember,
    CurveRead,
    CurveRuleRead,
    DecisionBody,
    ItemRead,
    LeftOutEmployee,
    OrganizationResultBody,
    PeerInputBody,
    PeriodCreate,
    PredikatHow,
    RankingEntry,
    RankingRead,
    RatingBody,
    RewardCreate,
    RewardRead,
    SelfAssessmentBody,
)
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.audit import set_reason
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    FieldError,
    Forbidden,
    NotFound,
    invalid_field,
)
from kinerja_api.core.i18n import t
from kinerja_api.core.ids import uuid7
from kinerja_api.core.outbox import EventType, record
from kinerja_api.indicators.skp.models import Skp, SkpRealization, SkpWorkResult
from kinerja_api.indicators.skp.realization import achievement_percent
from kinerja_api.indicators.skp.rules import SkpState
from kinerja_api.indicators.targets import Rating
from kinerja_api.organizations.config import AppraisalSettings, OrganizationSettings, Predikat
from kinerja_api.organizations.models import (
    Employee,
    EmployeeKind,
    EmployeePosition,
    EmployeeStatus,
    Organization,
    Position,
    PositionKind,
    Unit,
)
from kinerja_api.organizations.schemas import EmployeeBrief
from kinerja_api.organizations.scope import (
    admin_clause,
    admin_reaches,
    appraisers_of,
    appraisers_of_many,
    assignment_active_on,
)
from kinerja_api.organizations.service import (
    org_today,
    org_zone,
    organization_settings,
    own_organization,
    subtree_statement,
    unit_path,
)


async def actor_name(session: AsyncSession, principal: Principal) -> str:
    if principal.employee_id is not None:
        employee = await session.get(Employee, principal.employee_id)
        if employee is not None:
            return employee.name
    return principal.username


def _event(
    appraisal: Appraisal,
    action: AppraisalAction,
    principal: Principal | None,
    name: str,
    note: str | None = None,
) -> AppraisalEvent:
    return AppraisalEvent(
        organization_id=appraisal.organization_id,
        appraisal_id=appraisal.id,
        action=action,
        actor_user_id=principal.user_id if principal else None,
        actor_name=name,
        note=note,
        hasil_kerja=appraisal.hasil_kerja,
        perilaku=appraisal.perilaku,
        predikat=appraisal.predikat,
    )


def _announce(
    session: AsyncSession, appraisal: Appraisal, event_type: EventType, now: datetime
) -> None:
    """The outbox event of an appraisal's step (``core.outbox``)."""
    record(
        session,
        appraisal.organization_id,
        event_type,
        "appraisal",
        appraisal.id,
        {
            "appraisal_id": appraisal.id,
            "period_id": appraisal.period_id,
            "employee_id": appraisal.employee_id,
            "state": appraisal.state,
            "hasil_kerja": appraisal.hasil_kerja,
            "perilaku": appraisal.perilaku,
            "predikat": appraisal.predikat,
        },
        at=now,
    )


def _announce_period(
    session: AsyncSession, period: AppraisalPeriod, event_type: EventType, now: datetime
) -> None:
    record(
        session,
        period.organization_id,
        event_type,
        "appraisal_period",
        period.id,
        {
            "period_id": period.id,
            "name": period.name,
            "start_date": period.start_date,
            "end_date": period.end_date,
            "state": period.state,
        },
        at=now,
    )


# ---- periods -----------------------------------------------------------------------------


async def create_period(
    session: AsyncSession, org: Organization, data: PeriodCreate
) -> AppraisalPeriod:
    if data.end_date < data.start_date:
        raise invalid_field(
            "end_date", "period_order", "Tanggal akhir sebelum tanggal awal", "End before start"
        )
    if data.closes_on < data.opens_on:
        raise invalid_field(
            "closes_on", "window_order", "Tanggal tutup sebelum tanggal buka", "Closes before opens"
        )
    # Periods of one kind never overlap (a month may lie inside its semester and year).
    overlapping = await session.scalar(
        select(AppraisalPeriod.name)
        .where(
            AppraisalPeriod.organization_id == org.id,
            AppraisalPeriod.kind == data.kind,
            AppraisalPeriod.start_date <= data.end_date,
            AppraisalPeriod.end_date >= data.start_date,
        )
        .limit(1)
    )
    if overlapping is not None:
        raise PeriodOverlaps(kind=data.kind.value, overlapping=overlapping)
    period = AppraisalPeriod(organization_id=org.id, **data.model_dump())
    session.add(period)
    await session.flush()
    return period


async def find_period(
    session: AsyncSession, principal: Principal, period_id: uuid.UUID
) -> AppraisalPeriod:
    period = await session.get(AppraisalPeriod, period_id)
    if period is None or period.organization_id != principal.organization_id:
        raise NotFound()
    return period


def periods_of(org_id: uuid.UUID | None) -> Select[Any]:
    return select(AppraisalPeriod).where(AppraisalPeriod.organization_id == org_id)


async def _realization_summary(
    session: AsyncSession, work_results: Sequence[SkpWorkResult]
) -> dict[uuid.UUID, tuple[list[dict[str, Any]], list[float]]]:
    indicators = [i for rhk in work_results for i in rhk.indicators]
    latest: dict[uuid.UUID, SkpRealization] = {}
    if indicators:
        for row in await session.scalars(
            select(SkpRealization)
            .where(SkpRealization.indicator_id.in_([i.id for i in indicators]))
            .order_by(SkpRealization.period)
        ):
            latest[row.indicator_id] = row
    out: dict[uuid.UUID, tuple[list[dict[str, Any]], list[float]]] = {}
    for rhk in work_results:
        summary: list[dict[str, Any]] = []
        achievements: list[float] = []
        for indicator in rhk.indicators:
            real = latest.get(indicator.id)
            pct = achievement_percent(indicator, real) if real else None
            if pct is not None:
                achievements.append(pct)
            summary.append(
                {
                    "indicator_id": str(indicator.id),
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "target_value": indicator.target_value,
                    "target_text": indicator.target_text,
                    "period": real.period if real else None,
                    "value": real.value if real else None,
                    "rating": real.rating.value if real and real.rating else None,
                    "self_assessment": real.self_assessment if real else None,
                    "achievement_percent": pct,
                }
            )
        out[rhk.id] = (summary, achievements)
    return out


async def left_out_of_period(
    session: AsyncSession, org: Organization, period: AppraisalPeriod, appraised: set[uuid.UUID]
) -> list[LeftOutEmployee]:
    """Everyone of the instansi without an appraisal in the period (``appraised``: those with
    one), with the reason (:func:`rules.left_out_reason`), by name. Two queries."""
    states: dict[uuid.UUID, set[str]] = {}
    for employee_id, state in await session.execute(
        select(Skp.employee_id, Skp.state).where(
            Skp.organization_id == org.id,
            Skp.period_start <= period.end_date,
            Skp.period_end >= period.start_date,
        )
    ):
        states.setdefault(employee_id, set()).add(state.value)
    people = await session.execute(
        select(Employee.id, Employee.name, Employee.nip, Employee.kind, Employee.status)
        .where(Employee.organization_id == org.id)
        .order_by(Employee.name, Employee.id)
    )
    left_out = []
    for employee_id, name, nip, kind, status in people:
        if employee_id in appraised:
            continue
        skp_states = states.get(employee_id, set())
        reason = rules.left_out_reason(
            regional_head=kind is EmployeeKind.REGIONAL_HEAD,
            status=status.value,
            skp_states=skp_states,
        )
        if reason is None:
            continue
        text = t(rules.LEFT_OUT_TEXT[reason], states=", ".join(sorted(skp_states)))
        left_out.append(
            LeftOutEmployee(
                employee_id=employee_id, name=name, nip=nip, reason=reason, reason_text=text
            )
        )
    return left_out


async def open_period(
    session: AsyncSession, org: Organization, period: AppraisalPeriod, now: datetime
) -> tuple[int, list[LeftOutEmployee]]:
    """Open a draft period: one appraisal per active employee with an approved SKP that
    overlaps the period, with the snapshot of that day. Returns how many were created and
    everyone left out (with the reason)."""
    if period.state is not PeriodState.DRAFT:
        raise PeriodNotDraft()
    period.state = PeriodState.OPEN
    period.opened_at = now
    _announce_period(session, period, EventType.PERIOD_OPENED, now)
    on = min(max(org_today(org, now), period.start_date), period.end_date)
    already = set(
        await session.scalars(select(Appraisal.employee_id).where(Appraisal.period_id == period.id))
    )
    skps = list(
        await session.scalars(
            select(Skp)
            .join(Employee, Employee.id == Skp.employee_id)
            .where(
                Skp.organization_id == org.id,
                Skp.state.in_([SkpState.APPROVED, SkpState.LOCKED]),
                Skp.period_start <= period.end_date,
                Skp.period_end >= period.start_date,
                Employee.status == EmployeeStatus.ACTIVE,
                Employee.organization_id == org.id,
            )
            .options(selectinload(Skp.work_results).selectinload(SkpWorkResult.indicators))
            .order_by(Skp.period_start)
        )
    )
    chosen: dict[uuid.UUID, Skp] = {}
    for skp in skps:
        if skp.employee_id not in already:
            chosen[skp.employee_id] = skp  # the latest-starting overlapping SKP wins
    left_out = await left_out_of_period(session, org, period, already | set(chosen))
    if not chosen:
        await session.flush()
        return 0, left_out
    resolutions = await appraisers_of_many(session, org.id, chosen, on)
    people = set(chosen)
    for r in resolutions.values():
        people |= {o.employee_id for o in (r.appraiser, r.appraiser_superior) if o}
    rows = await session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(people)))
    names = {eid: name for eid, name in rows}
    position_ids = {r.position_id for r in resolutions.values() if r.position_id}
    positions = {
        p.id: p
        for p in await session.scalars(select(Position).where(Position.id.in_(position_ids)))
    }
    units = {
        u.id: u
        for u in await session.scalars(
            select(Unit).where(Unit.id.in_({p.unit_id for p in positions.values()}))
        )
    }
    summaries = await _realization_summary(
        session, [rhk for skp in chosen.values() for rhk in skp.work_results]
    )
    for employee_id, skp in chosen.items():
        res = resolutions.get(employee_id)
        position = positions.get(res.position_id) if res and res.position_id else None
        unit = units.get(position.unit_id) if position else None
        appraiser = res.appraiser if res else None
        superior = res.appraiser_superior if res else None
        achievements: list[float] = []
        appraisal = Appraisal(
            id=uuid7(),  # known before the one flush below: items and event refer to it
            organization_id=org.id,
            period_id=period.id,
            employee_id=employee_id,
            employee_name=names.get(employee_id, ""),
            skp_id=skp.id,
            skp_revision=skp.revision,
            position_id=position.id if position else None,
            position_name=position.name if position else skp.position_name,
            position_kind=position.kind if position else None,
            jenjang=position.jenjang if position else None,
            unit_id=unit.id if unit else None,
            unit_name=unit.name if unit else skp.unit_name,
            is_unit_head=bool(unit and position and unit.head_position_id == position.id),
            appraiser_id=appraiser.employee_id if appraiser else None,
            appraiser_name=names.get(appraiser.employee_id) if appraiser else None,
            appraiser_superior_id=superior.employee_id if superior else None,
            appraiser_superior_name=names.get(superior.employee_id) if superior else None,
            behaviours={},
        )
        session.add(appraisal)
        for n, rhk in enumerate(sorted(skp.work_results, key=lambda r: (r.kind, r.sort_order))):
            summary, pcts = summaries.get(rhk.id, ([], []))
            achievements += pcts
            session.add(
                AppraisalItem(
                    organization_id=org.id,
                    appraisal_id=appraisal.id,
                    work_result_id=rhk.id,
                    kind=rhk.kind.value,
                    statement=rhk.statement,
                    sort_order=n,
                    realization=summary,
                )
            )
        if achievements:
            appraisal.average_achievement = round(sum(achievements) / len(achievements), 2)
        session.add(_event(appraisal, AppraisalAction.CREATED, None, "sistem"))
    await session.flush()
    return len(chosen), left_out


def close_period(session: AsyncSession, period: AppraisalPeriod, now: datetime) -> None:
    if period.state is not PeriodState.OPEN:
        raise PeriodNotOpen()
    period.state = PeriodState.CLOSED
    period.closed_at = now
    _announce_period(session, period, EventType.PERIOD_CLOSED, now)


async def reopen_period(session: AsyncSession, period: AppraisalPeriod, reason: str) -> None:
    """Reopen a closed period; the reason is kept on the period and on the audit row."""
    if period.state is not PeriodState.CLOSED:
        raise PeriodNotClosed()
    period.state = PeriodState.OPEN
    period.closed_at = None
    period.reopen_reason = reason
    set_reason(session, reason)
    await session.flush()
    set_reason(session, None)


async def record_result(
    session: AsyncSession,
    principal: Principal,
    period: AppraisalPeriod,
    data: OrganizationResultBody,
) -> None:
    """Record the organization result; rated unit heads' work results follow it.

    Locked like the ratings: not while the period is closed, and not changed once some
    appraisal of the period is finalized (its curve was checked against the recorded result
    and its head's rating followed it; after finalization only an objection decision
    changes a rating)."""
    if period.state is PeriodState.CLOSED:
        raise PeriodNotOpen()
    if data.result != period.organization_result:
        finalized = await session.scalar(
            select(Appraisal.id)
            .where(Appraisal.period_id == period.id, Appraisal.state != AppraisalState.OPEN)
            .limit(1)
        )
        if finalized is not None:
            raise AppraisalsFinalized()
    period.organization_result = data.result
    period.organization_result_note = data.note
    name = await actor_name(session, principal)
    heads = await session.scalars(
        select(Appraisal).where(
            Appraisal.period_id == period.id,
            Appraisal.is_unit_head.is_(True),
            Appraisal.state == AppraisalState.OPEN,
            Appraisal.perilaku.is_not(None),
        )
    )
    for appraisal in heads:
        appraisal.hasil_kerja = rules.HEAD_RATING_FROM_RESULT[data.result]
        assert appraisal.perilaku is not None
        appraisal.predikat = rules.predikat(appraisal.hasil_kerja, appraisal.perilaku)
        session.add(_event(appraisal, AppraisalAction.HEAD_RESULT, principal, name, data.note))
    await session.flush()


# ---- appraisals: access --------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    owner: bool
    appraiser: bool
    superior: bool
    admin: bool
    peer: bool
    #: Reads every appraisal of the organization and decides nothing (service accounts).
    reader: bool = False

    @property
    def can_read(self) -> bool:
        return self.owner or self.appraiser or self.superior or self.admin or self.reader

    @property
    def actors(self) -> frozenset[rules.Actor]:
        """The hats worn, for the workflow table (:data:`rules.TRANSITIONS`)."""
        worn = {
            rules.Actor.OWNER: self.owner,
            rules.Actor.APPRAISER: self.appraiser,
            rules.Actor.SUPERIOR: self.superior,
            rules.Actor.ADMIN: self.admin,
            rules.Actor.READER: self.reader,
        }
        return frozenset(actor for actor, on in worn.items() if on)


@dataclass(frozen=True)
class AppraisalContext:
    """One appraisal as an action route needs it: the row, its period, the organization and
    the caller's hats on it."""

    appraisal: Appraisal
    period: AppraisalPeriod
    org: Organization
    access: Access

    def require(self, allowed: frozenset[rules.Actor]) -> None:
        """403 unless the caller wears one of these hats."""
        require(bool(self.access.actors & allowed))

    def require_step(self, step: rules.AppraisalStep) -> None:
        """403 unless the caller may ever take ``step`` (the state is checked by the step)."""
        self.require(rules.STEP_ACTORS[step])

    @property
    def allowed_steps(self) -> list[rules.AppraisalStep]:
        return rules.allowed_steps(self.appraisal.state, self.access.actors)


async def load_context(
    session: AsyncSession, principal: Principal, appraisal_id: uuid.UUID, now: datetime
) -> AppraisalContext:
    """The appraisal (404 outside the caller's organization) with its period and the caller's
    access on it, judged at ``now``."""
    org = await own_organization(session, principal)
    appraisal = await find_appraisal(session, principal, appraisal_id)
    period = await session.get(AppraisalPeriod, appraisal.period_id)
    assert period is not None
    return AppraisalContext(
        appraisal, period, org, await access(session, principal, appraisal, org, now)
    )


async def find_appraisal(
    session: AsyncSession, principal: Principal, appraisal_id: uuid.UUID
) -> Appraisal:
    appraisal = await session.scalar(
        select(Appraisal).where(Appraisal.id == appraisal_id).options(selectinload(Appraisal.items))
    )
    if appraisal is None or appraisal.organization_id != principal.organization_id:
        raise NotFound()
    return appraisal


async def access(
    session: AsyncSession,
    principal: Principal,
    appraisal: Appraisal,
    org: Organization,
    now: datetime,
) -> Access:
    me = principal.employee_id
    owner = me is not None and me == appraisal.employee_id
    appraiser = me is not None and me == appraisal.appraiser_id
    superior = me is not None and me == appraisal.appraiser_superior_id
    if me is not None and not owner and not appraiser:
        # Whoever holds the appraiser's or the superior's post on the date (an acting PLT/PLH
        # first), seen from the snapshot position: a later transfer of the employee does not
        # hand the period's appraisal to the new unit's chain.
        current = await appraisers_of(
            session, appraisal.employee_id, org_today(org, now), position_id=appraisal.position_id
        )
        appraiser = current.appraiser is not None and current.appraiser.employee_id == me
        superior = superior or (
            current.appraiser_superior is not None and current.appraiser_superior.employee_id == me
        )
    peer = me is not None and (
        await session.scalar(
            select(AppraisalPeerInput.id).where(
                AppraisalPeerInput.appraisal_id == appraisal.id,
                AppraisalPeerInput.reviewer_id == me,
            )
        )
        is not None
    )
    return Access(
        owner=owner,
        appraiser=appraiser and not owner,
        superior=superior and not owner and me != appraisal.appraiser_id,
        admin=principal.has(Perm.APPRAISALS_ADMIN),
        peer=peer,
        reader=await admin_reaches(
            session,
            principal,
            Perm.APPRAISALS_READ_ALL,
            appraisal.organization_id,
            appraisal.employee_id,
        ),
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden()


def visible_appraisals(principal: Principal, on: date) -> Select[Any]:
    """Own, as the snapshot appraiser or appraiser's superior, or as the holder on ``on``
    (an acting PLT/PLH included) of the position above or two above the snapshot position;
    admins: the whole organization."""
    stmt = select(Appraisal).where(Appraisal.organization_id == principal.organization_id)
    if principal.has(Perm.APPRAISALS_ADMIN):
        return stmt
    if principal.organization_id is None:  # a platform admin: no organization's appraisals
        return stmt.where(false())
    admin = admin_clause(
        principal, Perm.APPRAISALS_READ_ALL, principal.organization_id, Appraisal.employee_id
    )
    me = principal.employee_id
    if me is None:
        return stmt.where(admin)
    held = select(EmployeePosition.position_id).where(
        EmployeePosition.employee_id == me, assignment_active_on(on)
    )
    below = select(Position.id).where(Position.superior_id.in_(held))
    two_below = select(Position.id).where(Position.superior_id.in_(below))
    return stmt.where(
        or_(
            admin,
            Appraisal.employee_id == me,
            Appraisal.appraiser_id == me,
            Appraisal.appraiser_superior_id == me,
            Appraisal.position_id.in_(below),
            Appraisal.position_id.in_(two_below),
        )
    )


# ---- reading -------------------------------------------------------------------------------


def how_of(appraisal: Appraisal, period: AppraisalPeriod) -> PredikatHow | None:
    if appraisal.hasil_kerja is None or appraisal.perilaku is None or appraisal.predikat is None:
        return None
    follows = (
        period.organization_result
        if appraisal.is_unit_head and period.organization_result is not None
        else None
    )
    return PredikatHow(
        hasil_kerja=appraisal.hasil_kerja,
        perilaku=appraisal.perilaku,
        predikat=appraisal.predikat,
        label=rules.PREDIKAT_LABELS[appraisal.predikat],
        cell=f"{appraisal.hasil_kerja.value} × {appraisal.perilaku.value}",
        hasil_kerja_from_organization_result=follows,
    )


def credit_points_of(
    appraisal: Appraisal, period: AppraisalPeriod, settings: OrganizationSettings
) -> CreditPoints | None:
    if (
        appraisal.position_kind is not PositionKind.FUNGSIONAL
        or appraisal.jenjang is None
        or appraisal.predikat is None
        or appraisal.state is AppraisalState.OPEN
    ):
        return None
    percent = settings.credit_points.predikat_percent.of(appraisal.predikat)
    coefficient = settings.credit_points.jenjang_coefficients.of(appraisal.jenjang)
    months = min(rules.months_in_period(period.start_date, period.end_date), 12)
    value = rules.credit_points(Decimal(str(percent)), Decimal(str(coefficient)), months)
    return CreditPoints(
        jenjang=appraisal.jenjang.value,
        predikat=appraisal.predikat,
        percent=percent,
        yearly_coefficient=coefficient,
        months=months,
        value=value,
    )


def _behaviours(appraisal: Appraisal) -> list[BehaviourRead]:
    stored = appraisal.behaviours or {}
    return [BehaviourRead(value=v, **stored.get(v.value, {})) for v in rules.BerAkhlak]


def _suggestion(appraisal: Appraisal) -> Rating | None:
    stored = appraisal.behaviours or {}
    ratings = {
        v: Rating(stored[v.value]["rating"])
        for v in rules.BerAkhlak
        if stored.get(v.value, {}).get("rating")
    }
    if len(ratings) < len(rules.BerAkhlak):
        return None
    return rules.suggested_behaviour_rating(ratings)


def appraisal_read(
    appraisal: Appraisal,
    period: AppraisalPeriod,
    org: Organization,
    allowed_steps: Sequence[rules.AppraisalStep] = (),
) -> AppraisalRead:
    settings = organization_settings(org)
    deadline = (
        rules.objection_deadline(
            appraisal.finalized_at, org_zone(org), settings.appraisal.objection_window_days
        )
        if appraisal.finalized_at
        else None
    )
    fields = {
        name: getattr(appraisal, name)
        for name in AppraisalRead.model_fields
        if hasattr(Appraisal, name) and name not in {"items", "behaviours", "jenjang"}
    }
    return AppraisalRead(
        **fields,
        jenjang=appraisal.jenjang.value if appraisal.jenjang else None,
        how=how_of(appraisal, period),
        items=[ItemRead.model_validate(i) for i in appraisal.items],
        behaviours=_behaviours(appraisal),
        suggested_perilaku=_suggestion(appraisal),
        objection_deadline=deadline,
        credit_points=credit_points_of(appraisal, period, settings),
        allowed_actions=list(allowed_steps),
    )


# ---- self-assessment and rating --------------------------------------------------------------


def _require_open(appraisal: Appraisal, period: AppraisalPeriod) -> None:
    if appraisal.state is not AppraisalState.OPEN:
        raise AppraisalFinalized()
    if period.state is not PeriodState.OPEN:
        raise PeriodNotOpen()


def _items_by_rhk(appraisal: Appraisal, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, AppraisalItem]:
    items = {i.work_result_id: i for i in appraisal.items}
    for n, rhk_id in enumerate(ids):
        if rhk_id not in items:
            raise invalid_field(
                f"items.{n}.work_result_id",
                "unknown_work_result",
                "RHK tidak termasuk dalam penilaian ini",
                "The RHK is not part of this appraisal",
            )
    return items


async def self_assess(
    session: AsyncSession,
    principal: Principal,
    appraisal: Appraisal,
    period: AppraisalPeriod,
    data: SelfAssessmentBody,
    now: datetime,
) -> None:
    _require_open(appraisal, period)
    items = _items_by_rhk(appraisal, [i.work_result_id for i in data.items])
    for entry in data.items:
        item = items[entry.work_result_id]
        item.self_note = entry.note
        item.evidence_url = str(entry.evidence_url) if entry.evidence_url else None
        item.self_assessed_at = now
    appraisal.updated_at = now  # the document (and its ETag) changes with its items
    session.add(
        _event(appraisal, AppraisalAction.SELF_ASSESSED, principal, appraisal.employee_name)
    )
    await session.flush()


async def rate(
    session: AsyncSession,
    principal: Principal,
    appraisal: Appraisal,
    period: AppraisalPeriod,
    data: RatingBody,
    now: datetime,
) -> None:
    _require_open(appraisal, period)
    items = _items_by_rhk(appraisal, [i.work_result_id for i in data.items])
    missing = set(items) - {i.work_result_id for i in data.items}
    if missing:
        raise invalid_field(
            "items", "unrated_work_results", "Setiap RHK harus dinilai", "Rate every RHK"
        )
    values = [b.value for b in data.behaviours]
    if len(set(values)) != len(rules.BerAkhlak):
        raise invalid_field(
            "behaviours",
            "berakhlak_incomplete",
            "Nilai ketujuh nilai BerAKHLAK tepat satu kali",
            "Rate each of the seven BerAKHLAK values once",
        )
    if appraisal.rated_at is not None and not data.reason:
        raise invalid_field(
            "reason",
            "reason_required",
            "Koreksi penilaian memerlukan alasan",
            "Correcting a rating needs a reason",
        )
    hasil = data.hasil_kerja
    if appraisal.is_unit_head and period.organization_result is not None:
        hasil = rules.HEAD_RATING_FROM_RESULT[period.organization_result]
    if hasil is None:  # the documented default: the median of the RHK ratings
        hasil = rules.suggested_work_result_rating(i.rating for i in data.items)
    for entry in data.items:
        items[entry.work_result_id].rating = entry.rating
        items[entry.work_result_id].feedback = entry.feedback
    appraisal.behaviours = {
        b.value.value: {
            "expectation": b.expectation,
            "rating": b.rating.value,
            "feedback": b.feedback,
        }
        for b in data.behaviours
    }
    perilaku = data.perilaku or rules.suggested_behaviour_rating(
        {b.value: b.rating for b in data.behaviours}
    )
    appraisal.hasil_kerja = hasil
    appraisal.perilaku = perilaku
    appraisal.predikat = rules.predikat(hasil, perilaku)
    appraisal.feedback = data.feedback
    appraisal.rated_at = now
    appraisal.rated_by_id = principal.employee_id
    name = await actor_name(session, principal)
    session.add(_event(appraisal, AppraisalAction.RATED, principal, name, data.reason))
    await session.flush()


# ---- peer input ------------------------------------------------------------------------------


async def request_peer(
    session: AsyncSession,
    principal: Principal,
    appraisal: Appraisal,
    period: AppraisalPeriod,
    reviewer_id: uuid.UUID,
) -> AppraisalPeerInput:
    _require_open(appraisal, period)  # input only helps before the rating is final
    reviewer = await session.get(Employee, reviewer_id)
    if reviewer is None or reviewer.organization_id != appraisal.organization_id:
        raise invalid_field(
            "reviewer_id", "unknown_employee", "Pegawai tidak ditemukan", "Unknown employee"
        )
    if reviewer_id in (appraisal.employee_id, principal.employee_id):
        raise invalid_field(
            "reviewer_id",
            "reviewer_not_peer",
            "Masukan diminta dari rekan kerja lain",
            "Ask a colleague other than the appraised and the appraiser",
        )
    exists = await session.scalar(
        select(AppraisalPeerInput.id).where(
            AppraisalPeerInput.appraisal_id == appraisal.id,
            AppraisalPeerInput.reviewer_id == reviewer_id,
        )
    )
    if exists is not None:
        raise PeerRequested()
    assert principal.employee_id is not None
    row = AppraisalPeerInput(
        organization_id=appraisal.organization_id,
        appraisal_id=appraisal.id,
        reviewer_id=reviewer_id,
        reviewer_name=reviewer.name,
        requested_by_id=principal.employee_id,
        ratings={},
    )
    session.add(row)
    await session.flush()
    return row


async def find_peer_input(
    session: AsyncSession, principal: Principal, input_id: uuid.UUID
) -> AppraisalPeerInput:
    row = await session.get(AppraisalPeerInput, input_id)
    if row is None or row.organization_id != principal.organization_id:
        raise NotFound()
    return row


async def submit_peer(
    session: AsyncSession, row: AppraisalPeerInput, data: PeerInputBody, now: datetime
) -> None:
    appraisal = await session.get(Appraisal, row.appraisal_id)
    assert appraisal is not None
    period = await session.get(AppraisalPeriod, appraisal.period_id)
    assert period is not None
    _require_open(appraisal, period)
    row.ratings = {k.value: v.value for k, v in data.ratings.items()}
    row.comment = data.comment
    row.submitted_at = now


# ---- curve and finalization ------------------------------------------------------------------


#: People listed in a curve answer; every one through the paged ``curve/people`` route.
CURVE_PEOPLE_SHOWN = 50


def _in_scope(period: AppraisalPeriod, unit_id: uuid.UUID | None) -> Select[Any]:
    """The period's appraisals (of exactly one unit)."""
    stmt = select(Appraisal).where(Appraisal.period_id == period.id)
    if unit_id is not None:
        stmt = stmt.where(Appraisal.unit_id == unit_id)
    return stmt


def _in_subtree(period: AppraisalPeriod, unit: Unit | None) -> Select[Any]:
    """The period's appraisals in ``unit`` and every unit below it (all of them: None)."""
    stmt = select(Appraisal).where(Appraisal.period_id == period.id)
    if unit is not None:
        tree = subtree_statement(unit).with_only_columns(Unit.id)
        stmt = stmt.where(Appraisal.unit_id.in_(tree))
    return stmt


def predikat_counts_select(
    period: AppraisalPeriod, unit: Unit | None
) -> Select[Predikat | None, int]:
    """``(predikat, count)`` of the period's appraisals (of one unit and everything below it),
    NULL for unrated."""
    return (
        _in_subtree(period, unit)
        .with_only_columns(Appraisal.predikat, func.count())
        .group_by(Appraisal.predikat)
    )


async def check_unit(session: AsyncSession, principal: Principal, unit_id: uuid.UUID) -> Unit:
    unit = await session.get(Unit, unit_id)
    if unit is None or unit.organization_id != principal.organization_id:
        raise NotFound()
    return unit


@dataclass(frozen=True)
class CurveGroup:
    """The unit kerja whose appraisals a curve check counts together."""

    requested: Unit | None
    unit: Unit | None  # None: the whole organization
    level: int  # depth of ``unit`` (1 = OPD); 0 for the whole organization
    configured_level: int


async def curve_group(
    session: AsyncSession, settings: AppraisalSettings, requested: Unit | None
) -> CurveGroup:
    """The group of ``requested``: its ancestor at ``appraisal.curve_level`` (one query)."""
    if requested is None:
        return CurveGroup(None, None, 0, settings.curve_level)
    path = await unit_path(session, requested)
    unit = rules.curve_group_unit(path, settings.curve_level)
    assert unit is not None
    return CurveGroup(requested, unit, path.index(unit) + 1, settings.curve_level)


def curve_member(a: Appraisal) -> CurveMember:
    return CurveMember(
        appraisal_id=a.id,
        employee_id=a.employee_id,
        employee_name=a.employee_name,
        unit_id=a.unit_id,
        unit_name=a.unit_name,
        predikat=a.predikat,
        state=a.state,
    )


def curve_people_select(period: AppraisalPeriod, group: CurveGroup) -> Select[Any]:
    """The appraisals a curve check of ``group`` counts (for :func:`paginate`)."""
    return _in_subtree(period, group.unit)


async def curve(
    session: AsyncSession,
    org: Organization,
    period: AppraisalPeriod,
    requested: Unit | None,
) -> CurveRead:
    """The curve check of the group ``requested`` belongs to (see :func:`curve_group`),
    counted by the database: an OPD's curve covers thousands of appraisals."""
    if period.organization_result is None:
        raise OrganizationResultMissing()
    settings = organization_settings(org).appraisal
    group = await curve_group(session, settings, requested)
    rows = await session.execute(predikat_counts_select(period, group.unit))
    counted: dict[Predikat | None, int] = {p: int(n) for p, n in rows}
    unrated = counted.pop(None, 0)
    bounds = settings.curve.for_result(period.organization_result)
    check = rules.check_curve_counts({p: n for p, n in counted.items() if p is not None}, bounds)
    size = check.total + unrated
    people = list(
        await session.scalars(
            curve_people_select(period, group)
            .order_by(Appraisal.employee_name, Appraisal.id)
            .limit(CURVE_PEOPLE_SHOWN + 1)
        )
    )
    outcome = rules.curve_outcome(
        check.passed, size, settings.curve_min_group_size, settings.curve_enforcement
    )
    notes = [
        t(
            rules.curve_scope_message(
                group.unit.name if group.unit else None,
                group.level,
                size,
                requested.name if requested else None,
            )
        )
    ]
    if outcome is rules.CurveOutcome.BELOW_MINIMUM:
        notes.append(t(rules.curve_below_minimum_message(size, settings.curve_min_group_size)))
    return CurveRead(
        period_id=period.id,
        requested_unit_id=requested.id if requested else None,
        unit_id=group.unit.id if group.unit else None,
        unit_name=group.unit.name if group.unit else None,
        level=group.level,
        configured_level=group.configured_level,
        organization_result=period.organization_result,
        enforcement=settings.curve_enforcement,
        group_size=size,
        min_group_size=settings.curve_min_group_size,
        enforced=outcome is not rules.CurveOutcome.BELOW_MINIMUM,
        outcome=outcome,
        total=check.total,
        unrated=unrated,
        counts=check.counts,
        percentages=check.percentages,
        rules=[
            CurveRuleRead(
                predikat=list(r.predikat),
                min_percent=r.min_percent,
                max_percent=r.max_percent,
                min_count=r.min_count,
                count=r.count,
                percent=r.percent,
                passed=r.passed,
                gap=r.gap,
            )
            for r in check.rules
        ],
        passed=check.passed,
        notes=notes,
        people=[curve_member(a) for a in people[:CURVE_PEOPLE_SHOWN]],
        people_more=len(people) > CURVE_PEOPLE_SHOWN,
    )


def describe_rule(rule: CurveRuleRead) -> dict[str, str]:
    return rules.curve_rule_message(
        rule.predikat,
        rule.min_percent,
        rule.max_percent,
        rule.min_count,
        rule.count,
        rule.percent,
        rule.gap,
    )


async def finalize(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    period: AppraisalPeriod,
    unit: Unit,
    now: datetime,
) -> tuple[int, CurveRead, list[str]]:
    """Finalize the open appraisals of ``unit`` and its sub-units. The curve is that of the
    unit's group (its unit kerja at the configured level); a group below the minimum size
    is never refused because of the curve. Warnings are in the request's language."""
    if period.state is not PeriodState.OPEN:
        raise PeriodNotOpen()
    appraisals = list(await session.scalars(_in_subtree(period, unit)))
    pending = [a for a in appraisals if a.state is AppraisalState.OPEN]
    if not pending:
        raise NothingToFinalize()
    if any(a.predikat is None for a in pending):
        raise AppraisalsUnrated()
    result = await curve(session, org, period, unit)
    failing = [(i, r) for i, r in enumerate(result.rules) if not r.passed]
    messages = [describe_rule(r) for _, r in failing]
    warnings: list[str] = []
    if result.outcome is rules.CurveOutcome.BLOCKED:
        raise CurveNotFit(
            errors=[
                FieldError.of(f"rules.{i}", "curve_rule_failed", m)
                for (i, _), m in zip(failing, messages, strict=True)
            ],
        )
    if result.outcome is rules.CurveOutcome.WARNED:
        warnings = [t(m) for m in messages]
    elif result.outcome is rules.CurveOutcome.BELOW_MINIMUM:
        warnings = [t(rules.curve_below_minimum_message(result.group_size, result.min_group_size))]
    name = await actor_name(session, principal)
    for a in pending:
        a.state = AppraisalState.FINALIZED
        a.finalized_at = now
        session.add(
            _event(a, AppraisalAction.FINALIZED, principal, name, "; ".join(warnings) or None)
        )
        _announce(session, a, EventType.APPRAISAL_FINALIZED, now)
    await session.flush()
    return len(pending), result, warnings


# ---- after finalization ----------------------------------------------------------------------


def _require_delivered(appraisal: Appraisal) -> None:
    if appraisal.state is AppraisalState.OPEN:
        raise AppraisalNotFinalized()


async def acknowledge(
    session: AsyncSession, principal: Principal, appraisal: Appraisal, now: datetime
) -> None:
    _require_delivered(appraisal)
    if appraisal.acknowledged_at is not None:
        raise AlreadyAcknowledged()
    appraisal.acknowledged_at = now
    session.add(_event(appraisal, AppraisalAction.ACKNOWLEDGED, principal, appraisal.employee_name))
    await session.flush()


async def object_to(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    appraisal: Appraisal,
    reason: str,
    now: datetime,
) -> None:
    _require_delivered(appraisal)
    if appraisal.state is not AppraisalState.FINALIZED:
        raise ObjectionExists()
    assert appraisal.finalized_at is not None
    window = organization_settings(org).appraisal.objection_window_days
    if not rules.can_object(now, appraisal.finalized_at, org_zone(org), window):
        raise ObjectionWindowClosed(window=window)
    appraisal.state = AppraisalState.OBJECTED
    appraisal.objection_reason = reason
    appraisal.objected_at = now
    session.add(
        _event(appraisal, AppraisalAction.OBJECTED, principal, appraisal.employee_name, reason)
    )
    _announce(session, appraisal, EventType.OBJECTION_FILED, now)
    await session.flush()


async def decide(
    session: AsyncSession,
    principal: Principal,
    appraisal: Appraisal,
    data: DecisionBody,
    now: datetime,
) -> None:
    if appraisal.state is not AppraisalState.OBJECTED:
        raise NoObjection()
    if data.outcome is ObjectionOutcome.CHANGED:
        if data.hasil_kerja is None and data.perilaku is None:
            raise invalid_field(
                "hasil_kerja",
                "rating_required",
                "Keputusan mengubah memerlukan penilaian baru",
                "A changed decision needs a new rating",
            )
        appraisal.hasil_kerja = data.hasil_kerja or appraisal.hasil_kerja
        appraisal.perilaku = data.perilaku or appraisal.perilaku
        assert appraisal.hasil_kerja is not None
        assert appraisal.perilaku is not None
        appraisal.predikat = rules.predikat(appraisal.hasil_kerja, appraisal.perilaku)
    appraisal.state = AppraisalState.FINAL
    appraisal.decision = data.outcome
    appraisal.decision_reason = data.reason
    appraisal.decided_at = now
    appraisal.decided_by_id = principal.employee_id
    name = await actor_name(session, principal)
    session.add(_event(appraisal, AppraisalAction.DECIDED, principal, name, data.reason))
    _announce(session, appraisal, EventType.OBJECTION_DECIDED, now)
    await session.flush()


# ---- ranking and rewards ---------------------------------------------------------------------

#: How the ranking orders people, shown in the request's language.
RANKING_CRITERIA = [
    {
        "id": "1. Predikat, terbaik lebih dulu (Sangat Baik → Sangat Kurang)",
        "en": "1. Predikat, best first (Sangat Baik → Sangat Kurang)",
    },
    {
        "id": "2. Rata-rata capaian indikator SKP, tertinggi lebih dulu",
        "en": "2. Average indicator achievement, highest first",
    },
    {
        "id": "3. Predikat dan capaian sama: peringkat sama, urut nama",
        "en": "3. Equal predikat and achievement share a rank, listed by name",
    },
    {
        "id": "Hanya penilaian yang sudah difinalisasi",
        "en": "Finalized appraisals only",
    },
]


async def ranking(
    session: AsyncSession, period: AppraisalPeriod, unit_id: uuid.UUID | None
) -> RankingRead:
    rows = [
        a
        for a in await session.scalars(_in_scope(period, unit_id))
        if a.predikat is not None and a.state is not AppraisalState.OPEN
    ]
    keys = {
        a.id: rules.rank_key(
            a.predikat or Predikat.SANGAT_KURANG,
            Decimal(str(a.average_achievement)) if a.average_achievement is not None else None,
            a.employee_name,
        )
        for a in rows
    }
    rows.sort(key=lambda a: keys[a.id])
    # Standard competition ranking: the name orders a tie but never decides a rank (1, 1, 3).
    ranks: list[int] = []
    for n, a in enumerate(rows, start=1):
        tied = n > 1 and keys[a.id][:2] == keys[rows[n - 2].id][:2]
        ranks.append(ranks[-1] if tied else n)
    return RankingRead(
        criteria=[t(c) for c in RANKING_CRITERIA],
        items=[
            RankingEntry(
                rank=rank,
                appraisal_id=a.id,
                employee_id=a.employee_id,
                employee_name=a.employee_name,
                unit_name=a.unit_name,
                predikat=a.predikat or Predikat.SANGAT_KURANG,
                average_achievement=a.average_achievement,
            )
            for rank, a in zip(ranks, rows, strict=True)
        ],
    )


async def create_reward(
    session: AsyncSession, principal: Principal, period: AppraisalPeriod, data: RewardCreate
) -> tuple[AppraisalReward, Employee]:
    appraisal = await session.get(Appraisal, data.appraisal_id)
    if appraisal is None or appraisal.period_id != period.id:
        raise invalid_field(
            "appraisal_id",
            "unknown_appraisal",
            "Penilaian tidak ada di periode ini",
            "Unknown appraisal",
        )
    _require_delivered(appraisal)
    row = AppraisalReward(
        organization_id=period.organization_id, period_id=period.id, **data.model_dump()
    )
    session.add(row)
    await session.flush()
    employee = await session.get(Employee, appraisal.employee_id)
    assert employee is not None
    return row, employee


def reward_read(reward: AppraisalReward, employee: Employee) -> RewardRead:
    return RewardRead(
        id=reward.id,
        period_id=reward.period_id,
        appraisal_id=reward.appraisal_id,
        employee=EmployeeBrief.model_validate(employee),
        title=reward.title,
        reason=reward.reason,
        awarded_on=reward.awarded_on,
        revoked_at=reward.revoked_at,
        revoke_reason=reward.revoke_reason,
    )


async def find_reward(
    session: AsyncSession, principal: Principal, reward_id: uuid.UUID
) -> tuple[AppraisalReward, Employee]:
    """A reward of the caller's organization with its employee (404 otherwise)."""
    row = (
        await session.execute(
            select(AppraisalReward, Employee)
            .join(Appraisal, Appraisal.id == AppraisalReward.appraisal_id)
            .join(Employee, Employee.id == Appraisal.employee_id)
            .where(AppraisalReward.id == reward_id)
        )
    ).first()
    if row is None or not principal.can_access_org(row[0].organization_id):
        raise NotFound()
    return row[0], row[1]


async def revoke_reward(session: AsyncSession, reward: AppraisalReward, reason: str) -> None:
    """Withdraw a reward given by mistake: it stays, marked revoked, with the reason (also in
    the audit log with who revoked it)."""
    if reward.revoked_at is not None:
        raise RewardRevoked()
    set_reason(session, reason)
    reward.revoked_at = utcnow()
    reward.revoke_reason = reason
    await session.flush()


async def count_in(session: AsyncSession, period: AppraisalPeriod) -> int:
    return int(
        await session.scalar(select(func.count()).where(Appraisal.period_id == period.id)) or 0
    )
