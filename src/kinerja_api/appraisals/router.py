"""HTTP: appraisal periods, appraisals (self-assessment, rating, peer input, acknowledgement,
objection and decision), curve check and finalization, ranking and rewards."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from kinerja_api.appraisals import rules, service
from kinerja_api.appraisals.models import (
    Appraisal,
    AppraisalEvent,
    AppraisalPeerInput,
    AppraisalPeriod,
    AppraisalReward,
)
from kinerja_api.appraisals.rules import AppraisalStep
from kinerja_api.appraisals.schemas import (
    AppraisalRead,
    AppraisalSummary,
    CurveMember,
    CurveRead,
    DecisionBody,
    EventRead,
    FinalizeRead,
    ObjectionBody,
    OrganizationResultBody,
    PeerInputBody,
    PeerInputRead,
    PeerRequestBody,
    PeriodCreate,
    PeriodOpened,
    PeriodRead,
    RankingRead,
    RatingBody,
    ReopenBody,
    RewardCreate,
    RewardRead,
    RewardRevoke,
    SelfAssessmentBody,
)
from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.clock import Now
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paged, paginate
from kinerja_api.organizations.service import (
    org_today,
    organization_of,
    organization_settings,
    own_organization,
)

router = APIRouter(tags=["appraisals"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.APPRAISALS_READ)]
Writer = Annotated[Principal, require(Perm.APPRAISALS_WRITE)]
Admin = Annotated[Principal, require(Perm.APPRAISALS_ADMIN)]
UnitQuery = Annotated[uuid.UUID | None, Query(description="Only this unit (snapshot unit)")]

READ = problems(*AUTHED, 404)
EDIT = problems(*AUTHED, 404, 409, 412)


def _period_read(period: AppraisalPeriod) -> PeriodRead:
    return PeriodRead.model_validate(period)


# ---- periods ---------------------------------------------------------------------------------


@router.post(
    "/appraisal-periods",
    response_model=PeriodRead,
    status_code=status.HTTP_201_CREATED,
    summary="Define an appraisal period",
    description="Admin: a monthly, quarterly, semester or annual period with its open/close "
    "window, created as draft. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 409),
    dependencies=[Idempotent],
)
async def create_period(
    body: PeriodCreate, response: Response, principal: Admin, session: SessionDep
) -> PeriodRead:
    org = await own_organization(session, principal)
    period = await service.create_period(session, org, body)
    created(response, f"/api/v1/appraisal-periods/{period.id}", period.version)
    return _period_read(period)


@router.get(
    "/appraisal-periods",
    response_model=Page[PeriodRead],
    summary="List appraisal periods of my organization",
    responses=problems(*AUTHED),
)
async def list_periods(principal: Reader, session: SessionDep, page: PageDep) -> Page[PeriodRead]:
    return await paginate(
        session,
        service.periods_of(principal.organization_id),
        page,
        sorts={"start_date": AppraisalPeriod.start_date, "created_at": AppraisalPeriod.created_at},
        default_sort="-start_date",
        id_column=AppraisalPeriod.id,
        into=_period_read,
    )


@router.get(
    "/appraisal-periods/{period_id}",
    response_model=PeriodRead,
    summary="Read an appraisal period",
    responses=READ,
)
async def read_period(
    period_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> PeriodRead:
    period = await service.find_period(session, principal, period_id)
    set_etag(response, period.version)
    return _period_read(period)


@router.post(
    "/appraisal-periods/{period_id}/open",
    response_model=PeriodOpened,
    summary="Open a period: create the appraisals with their snapshot",
    description="Admin. Creates one appraisal per active employee with an approved SKP "
    "overlapping the period, snapshotting appraiser, appraiser's superior, position, unit and "
    "SKP revision. `left_out` names everyone else of the instansi with the reason (regional "
    "head, retired, transferred, on leave, no SKP covering the period, SKP not approved), so "
    "nobody is missed silently. 409 unless draft; 412 on a stale `If-Match`.",
    responses=EDIT,
)
async def open_period(
    period_id: uuid.UUID,
    response: Response,
    principal: Admin,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> PeriodOpened:
    org = await own_organization(session, principal)
    period = await service.find_period(session, principal, period_id)
    check_if_match(if_match, period.version)
    created, left_out = await service.open_period(session, org, period, now)
    set_etag(response, period.version)
    return PeriodOpened(
        **_period_read(period).model_dump(), appraisals_created=created, left_out=left_out
    )


@router.post(
    "/appraisal-periods/{period_id}/close",
    response_model=PeriodRead,
    summary="Close (lock) a period",
    responses=EDIT,
)
async def close_period(
    period_id: uuid.UUID,
    response: Response,
    principal: Admin,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> PeriodRead:
    period = await service.find_period(session, principal, period_id)
    check_if_match(if_match, period.version)
    service.close_period(session, period, now)
    await session.flush()
    set_etag(response, period.version)
    return _period_read(period)


@router.post(
    "/appraisal-periods/{period_id}/reopen",
    response_model=PeriodRead,
    summary="Reopen a closed period (with a reason)",
    description="Admin; the reason is kept on the period and in the audit log.",
    responses=EDIT,
)
async def reopen_period(
    period_id: uuid.UUID,
    body: ReopenBody,
    response: Response,
    principal: Admin,
    session: SessionDep,
    if_match: IfMatch = None,
) -> PeriodRead:
    period = await service.find_period(session, principal, period_id)
    check_if_match(if_match, period.version)
    await service.reopen_period(session, period, body.reason)
    set_etag(response, period.version)
    return _period_read(period)


@router.put(
    "/appraisal-periods/{period_id}/organization-result",
    response_model=PeriodRead,
    summary="Record the organization result (capaian kinerja organisasi)",
    description="Admin. Selects the distribution curve; unit heads' work-result ratings follow it.",
    responses=EDIT,
)
async def record_result(
    period_id: uuid.UUID,
    body: OrganizationResultBody,
    response: Response,
    principal: Admin,
    session: SessionDep,
    if_match: IfMatch = None,
) -> PeriodRead:
    period = await service.find_period(session, principal, period_id)
    check_if_match(if_match, period.version)
    await service.record_result(session, principal, period, body)
    set_etag(response, period.version)
    return _period_read(period)


CURVE_GROUP = (
    " The curve applies to the unit kerja at the configured level (`appraisal.curve_level`, "
    "default 1 = the OPD): a unit deeper than that is checked with everyone below its "
    "ancestor at that level. A group smaller than `appraisal.curve_min_group_size` (default "
    "10) is never blocked on its own (`enforced: false`, outcome `below_minimum`)."
)


@router.get(
    "/appraisal-periods/{period_id}/curve",
    response_model=CurveRead,
    summary="Check the distribution curve of a unit kerja or the whole organization",
    description="Admin. Which level and unit were checked, the group size against the minimum, "
    "whether the curve is enforced, counts and percentages per predikat, each rule of the curve "
    "for the recorded organization result with pass/fail and gap, notes in the request's "
    "language, and the first people counted." + CURVE_GROUP + " Without `unit_id`: the whole "
    "organization. 409 when no organization result yet.",
    responses=problems(*AUTHED, 404, 409),
)
async def read_curve(
    period_id: uuid.UUID, principal: Admin, session: SessionDep, unit_id: UnitQuery = None
) -> CurveRead:
    org = await own_organization(session, principal)
    period = await service.find_period(session, principal, period_id)
    unit = None if unit_id is None else await service.check_unit(session, principal, unit_id)
    return await service.curve(session, org, period, unit)


@router.get(
    "/appraisal-periods/{period_id}/curve/people",
    response_model=Page[CurveMember],
    summary="The people a curve check counts",
    description="Admin. Every appraisal of the group the curve check of `unit_id` counts (see "
    "`GET /appraisal-periods/{period_id}/curve`), paged, by name.",
    responses=READ,
)
async def read_curve_people(
    period_id: uuid.UUID,
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    unit_id: UnitQuery = None,
) -> Page[CurveMember]:
    org = await own_organization(session, principal)
    period = await service.find_period(session, principal, period_id)
    unit = None if unit_id is None else await service.check_unit(session, principal, unit_id)
    group = await service.curve_group(session, organization_settings(org).appraisal, unit)
    return await paginate(
        session,
        service.curve_people_select(period, group),
        page,
        sorts={"employee_name": Appraisal.employee_name},
        default_sort="employee_name",
        id_column=Appraisal.id,
        into=service.curve_member,
    )


@router.post(
    "/appraisal-periods/{period_id}/units/{unit_id}/finalize",
    response_model=FinalizeRead,
    summary="Finalize the appraisals of a unit and its sub-units",
    description="Admin. Every open appraisal of the unit and the units below it must be rated. "
    "The curve checked is that of the unit's group." + CURVE_GROUP + " When an enforced group "
    "does not fit: 409 `curve_not_fit` listing the failing rules (`block`), or 200 with "
    "`warnings` (`warn`). Warnings and messages follow Accept-Language.",
    responses=problems(*AUTHED, 404, 409),
)
async def finalize_unit(
    period_id: uuid.UUID, unit_id: uuid.UUID, principal: Admin, session: SessionDep, now: Now
) -> FinalizeRead:
    org = await own_organization(session, principal)
    period = await service.find_period(session, principal, period_id)
    unit = await service.check_unit(session, principal, unit_id)
    count, curve, warnings = await service.finalize(session, principal, org, period, unit, now)
    return FinalizeRead(finalized=count, curve=curve, warnings=warnings)


@router.get(
    "/appraisal-periods/{period_id}/ranking",
    response_model=RankingRead,
    summary="Best performers of a unit or the organization, with the criteria",
    responses=READ,
)
async def read_ranking(
    period_id: uuid.UUID,
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    unit_id: UnitQuery = None,
) -> RankingRead:
    period = await service.find_period(session, principal, period_id)
    if unit_id is not None:
        await service.check_unit(session, principal, unit_id)
    return paged(await service.ranking(session, period, unit_id), page, order="rank")


@router.post(
    "/appraisal-periods/{period_id}/rewards",
    response_model=RewardRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a reward for a best performer",
    description="Admin; only for a finalized appraisal of the period (409 before). "
    "Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_reward(
    period_id: uuid.UUID, body: RewardCreate, principal: Admin, session: SessionDep
) -> RewardRead:
    period = await service.find_period(session, principal, period_id)
    reward, employee = await service.create_reward(session, principal, period, body)
    return service.reward_read(reward, employee)


@router.get(
    "/appraisal-periods/{period_id}/rewards",
    response_model=Page[RewardRead],
    summary="List the rewards of a period",
    description="The rewards in force; `revoked=true`: those revoked (with why).",
    responses=READ,
)
async def list_rewards(
    period_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    revoked: Annotated[
        bool, Query(description="`true`: the revoked rewards instead of those in force")
    ] = False,
) -> Page[RewardRead]:
    period = await service.find_period(session, principal, period_id)
    in_force = AppraisalReward.revoked_at.is_(None)
    return await paginate(
        session,
        select(AppraisalReward)
        .where(AppraisalReward.period_id == period.id, ~in_force if revoked else in_force)
        .options(joinedload(AppraisalReward.appraisal).joinedload(Appraisal.employee)),
        page,
        sorts={"awarded_on": AppraisalReward.awarded_on},
        default_sort="-awarded_on",
        id_column=AppraisalReward.id,
        into=lambda r: service.reward_read(r, r.appraisal.employee),
    )


@router.post(
    "/appraisal-rewards/{reward_id}/revoke",
    response_model=RewardRead,
    summary="Revoke a reward given by mistake (instansi admin)",
    description="The reward is not deleted: it leaves the list of rewards in force and stays, "
    "marked revoked with the reason, under `revoked=true` and in the audit log (with who "
    "revoked it). Revoking it again: 409 `reward_revoked`.",
    responses=problems(*AUTHED, 404, 409),
)
async def revoke_reward(
    reward_id: uuid.UUID, body: RewardRevoke, principal: Admin, session: SessionDep
) -> RewardRead:
    reward, employee = await service.find_reward(session, principal, reward_id)
    await service.revoke_reward(session, reward, body.reason)
    return service.reward_read(reward, employee)


# ---- appraisals ------------------------------------------------------------------------------


@router.get(
    "/appraisals",
    response_model=Page[AppraisalSummary],
    summary="List the appraisals I may see",
    description="Own, as appraiser or appraiser's superior (also as the acting PLT/PLH of "
    "their post today); admins: the whole organization.",
    responses=problems(*AUTHED),
)
async def list_appraisals(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    now: Now,
    period_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[AppraisalSummary]:
    org = await organization_of(session, principal)
    today = org_today(org, now) if org is not None else now.date()
    stmt = service.visible_appraisals(principal, today).options(joinedload(Appraisal.employee))
    if period_id is not None:
        stmt = stmt.where(Appraisal.period_id == period_id)
    return await paginate(
        session,
        stmt,
        page,
        sorts={"employee_name": Appraisal.employee_name, "created_at": Appraisal.created_at},
        default_sort="employee_name",
        id_column=Appraisal.id,
        into=AppraisalSummary,
    )


async def _read(
    session: SessionDep, response: Response, ctx: service.AppraisalContext
) -> AppraisalRead:
    await session.refresh(ctx.appraisal, ["items"])
    set_etag(response, ctx.appraisal.version)
    return service.appraisal_read(ctx.appraisal, ctx.period, ctx.org, ctx.allowed_steps)


@router.get(
    "/appraisals/{appraisal_id}",
    response_model=AppraisalRead,
    summary="Read an appraisal: criteria, every rating, feedback and how the predikat was computed",
    responses=READ,
)
async def read_appraisal(
    appraisal_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep, now: Now
) -> AppraisalRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require(rules.READERS)
    return await _read(session, response, ctx)


@router.put(
    "/appraisals/{appraisal_id}/self-assessment",
    response_model=AppraisalRead,
    summary="Self-assessment per RHK (the appraised)",
    responses=EDIT,
)
async def self_assess(
    appraisal_id: uuid.UUID,
    body: SelfAssessmentBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> AppraisalRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require_step(AppraisalStep.SELF_ASSESS)
    check_if_match(if_match, ctx.appraisal.version)
    await service.self_assess(session, principal, ctx.appraisal, ctx.period, body, now)
    return await _read(session, response, ctx)


@router.put(
    "/appraisals/{appraisal_id}/rating",
    response_model=AppraisalRead,
    summary="Rate work results and behaviour (the appraiser)",
    description="Only the snapshot appraiser or the acting official today, never oneself "
    "(403). Every RHK and the seven BerAKHLAK values; the predikat follows the matrix. A "
    "correction needs `reason`. Only while the period is open and before finalization (409). "
    "`If-Match` is required in practice: two tabs → one wins, the other gets 412.",
    responses=EDIT,
)
async def rate(
    appraisal_id: uuid.UUID,
    body: RatingBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> AppraisalRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require_step(AppraisalStep.RATE)
    check_if_match(if_match, ctx.appraisal.version)
    await service.rate(session, principal, ctx.appraisal, ctx.period, body, now)
    return await _read(session, response, ctx)


@router.post(
    "/appraisals/{appraisal_id}/peer-inputs",
    response_model=PeerInputRead,
    status_code=status.HTTP_201_CREATED,
    summary="Ask a colleague for input (360)",
    description="The appraiser, while the appraisal is open and its period open (409).",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def request_peer(
    appraisal_id: uuid.UUID,
    body: PeerRequestBody,
    principal: Writer,
    session: SessionDep,
    now: Now,
) -> PeerInputRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require_step(AppraisalStep.REQUEST_PEER)
    row = await service.request_peer(
        session, principal, ctx.appraisal, ctx.period, body.reviewer_id
    )
    return PeerInputRead.model_validate(row)


@router.get(
    "/appraisals/{appraisal_id}/peer-inputs",
    response_model=list[PeerInputRead],
    summary="Peer input for an appraisal (appraiser, superior, admin)",
    responses=READ,
)
async def list_peer_inputs(
    appraisal_id: uuid.UUID, principal: Reader, session: SessionDep, now: Now
) -> list[PeerInputRead]:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require(rules.PEER_INPUT_READERS)
    rows = await session.scalars(
        select(AppraisalPeerInput)
        .where(AppraisalPeerInput.appraisal_id == ctx.appraisal.id)
        .order_by(AppraisalPeerInput.created_at)
    )
    return [PeerInputRead.model_validate(r) for r in rows]


@router.put(
    "/peer-inputs/{input_id}",
    response_model=PeerInputRead,
    summary="Submit my input as a colleague",
    description="The colleague asked, while the appraisal is open and its period open (409).",
    responses=EDIT,
)
async def submit_peer(
    input_id: uuid.UUID,
    body: PeerInputBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> PeerInputRead:
    row = await service.find_peer_input(session, principal, input_id)
    service.require(row.reviewer_id == principal.employee_id)
    check_if_match(if_match, row.version)
    await service.submit_peer(session, row, body, now)
    await session.flush()
    set_etag(response, row.version)
    return PeerInputRead.model_validate(row)


@router.post(
    "/appraisals/{appraisal_id}/acknowledge",
    response_model=AppraisalRead,
    summary="Acknowledge the result (the appraised)",
    responses=EDIT,
)
async def acknowledge(
    appraisal_id: uuid.UUID,
    response: Response,
    principal: Writer,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> AppraisalRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require_step(AppraisalStep.ACKNOWLEDGE)
    check_if_match(if_match, ctx.appraisal.version)
    await service.acknowledge(session, principal, ctx.appraisal, now)
    return await _read(session, response, ctx)


@router.post(
    "/appraisals/{appraisal_id}/objection",
    response_model=AppraisalRead,
    summary="Object to the result (keberatan) within the window",
    description="The appraised, after finalization, until the end of the local day "
    "`objection_window_days` after it (organization time zone); 409 after.",
    responses=EDIT,
)
async def object_to(
    appraisal_id: uuid.UUID,
    body: ObjectionBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> AppraisalRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require_step(AppraisalStep.OBJECT)
    check_if_match(if_match, ctx.appraisal.version)
    await service.object_to(session, principal, ctx.org, ctx.appraisal, body.reason, now)
    return await _read(session, response, ctx)


@router.post(
    "/appraisals/{appraisal_id}/objection/decision",
    response_model=AppraisalRead,
    summary="Decide an objection (the appraiser's superior)",
    description="Upheld or changed with reasons; final. A change recomputes the predikat.",
    responses=EDIT,
)
async def decide(
    appraisal_id: uuid.UUID,
    body: DecisionBody,
    response: Response,
    principal: Writer,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> AppraisalRead:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require_step(AppraisalStep.DECIDE)
    check_if_match(if_match, ctx.appraisal.version)
    await service.decide(session, principal, ctx.appraisal, body, now)
    return await _read(session, response, ctx)


@router.get(
    "/appraisals/{appraisal_id}/events",
    response_model=Page[EventRead],
    summary="History of an appraisal",
    description="Oldest first (`sort=-at`: newest first).",
    responses=READ,
)
async def list_appraisal_events(
    appraisal_id: uuid.UUID, principal: Reader, session: SessionDep, now: Now, page: PageDep
) -> Page[EventRead]:
    ctx = await service.load_context(session, principal, appraisal_id, now)
    ctx.require(rules.READERS)
    return await paginate(
        session,
        select(AppraisalEvent).where(AppraisalEvent.appraisal_id == ctx.appraisal.id),
        page,
        sorts={"at": AppraisalEvent.at},
        default_sort="at",
        id_column=AppraisalEvent.id,
        into=EventRead,
    )
