"""HTTP: collaboration programs, milestones, partners (invite, accept, decline, remove),
member roles, RHK contributions, the dashboard, and the programs of an appraisal.
Who may do what: :mod:`kinerja_api.collaboration.service`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response, status

from kinerja_api.appraisals import service as appraisals
from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.collaboration import service
from kinerja_api.collaboration.models import Program
from kinerja_api.collaboration.schemas import (
    ContributionCreate,
    ContributionRead,
    MemberRead,
    MemberSet,
    MilestoneCreate,
    MilestoneRead,
    MilestoneUpdate,
    PartnerInvite,
    PartnerRead,
    ProgramContributionSummary,
    ProgramCreate,
    ProgramDashboard,
    ProgramRead,
    ProgramUpdate,
    Reason,
)
from kinerja_api.core.clock import Now
from kinerja_api.core.concurrency import IfMatch, check_if_match, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate

router = APIRouter(tags=["programs"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.PROGRAMS_READ)]
#: Admins (of the lead, or of a partner answering for itself; the service decides which).
Manager = Annotated[Principal, require(Perm.PROGRAMS_MANAGE)]
WRITE = problems(*AUTHED, 404, 409, 412)


async def _today(session: SessionDep, principal: Principal, now: Now) -> date:
    return service.local_date(await service.own_organization(session, principal), now)


@router.post(
    "/programs",
    response_model=ProgramRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create a collaboration program led by your organization (or one of its units)",
    description="Admins. Schedule: `end_date` after `start_date`; budget in IDR, amounts ≥ 0; "
    "`goal_ids` goals of your organization; `lead_unit_id` one of its units (the leading "
    "OPD). Your organization becomes the lead partner. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_program(
    body: ProgramCreate, response: Response, principal: Manager, session: SessionDep, now: Now
) -> ProgramRead:
    org = await service.own_organization(session, principal)
    program, view = await service.create_program(session, principal, body)
    response.headers["Location"] = f"/api/v1/programs/{program.id}"
    set_etag(response, program.version)
    return await service.program_read(session, program, view, service.local_date(org, now))


@router.get(
    "/programs",
    response_model=Page[ProgramRead],
    summary="Programs your organization leads or takes part in",
    description="Invited and accepted partners see the program; declined or removed ones do not.",
    responses=problems(*AUTHED, 404),
)
async def list_programs(
    principal: Reader, session: SessionDep, page: PageDep, now: Now
) -> Page[ProgramRead]:
    org = await service.own_organization(session, principal)
    today = service.local_date(org, now)
    rows, cursor = await paginate(
        session,
        service.visible_programs(principal),
        page,
        sorts={"start_date": Program.start_date, "name": Program.name},
        default_sort="start_date",
        id_column=Program.id,
    )
    items = []
    for program in rows:
        _program, view = await service.find_program(session, principal, program.id)
        items.append(await service.program_read(session, program, view, today))
    return Page[ProgramRead](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/programs/{program_id}",
    response_model=ProgramRead,
    summary="Read a program: schedule, budget, milestones, partners, members, RHK",
    description="Only the program's own data: of a partner organization nothing but its "
    "members' names and roles and the statements and achievement of the RHK that refer to "
    "the program. Other organizations (also declined or removed partners) get 404.",
    responses=problems(*AUTHED, 404),
)
async def read_program(
    program_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep, now: Now
) -> ProgramRead:
    program, view = await service.find_program(session, principal, program_id)
    set_etag(response, program.version)
    today = await _today(session, principal, now)
    return await service.program_read(session, program, view, today)


@router.patch(
    "/programs/{program_id}",
    response_model=ProgramRead,
    summary="Update a program (lead admins)",
    description="Milestones must stay inside a changed schedule (422). Send `If-Match`.",
    responses=WRITE,
)
async def update_program(
    program_id: uuid.UUID,
    body: ProgramUpdate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> ProgramRead:
    program, view = await service.find_program(session, principal, program_id)
    check_if_match(if_match, program.version)
    await service.update_program(session, program, view, body)
    set_etag(response, program.version)
    today = await _today(session, principal, now)
    return await service.program_read(session, program, view, today)


@router.get(
    "/programs/{program_id}/dashboard",
    response_model=ProgramDashboard,
    summary="Program dashboard: milestones (late flagged), budget, contributions per partner",
    responses=problems(*AUTHED, 404),
)
async def program_dashboard(
    program_id: uuid.UUID, principal: Reader, session: SessionDep, now: Now
) -> ProgramDashboard:
    program, _view = await service.find_program(session, principal, program_id)
    today = await _today(session, principal, now)
    return await service.dashboard(session, program, today)


@router.post(
    "/programs/{program_id}/milestones",
    response_model=MilestoneRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a milestone (lead admins)",
    description="Planned and actual dates inside the program's schedule; `done` needs "
    "`actual_date`. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def add_milestone(
    program_id: uuid.UUID,
    body: MilestoneCreate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
) -> MilestoneRead:
    program, view = await service.find_program(session, principal, program_id)
    milestone = await service.add_milestone(session, program, view, body)
    set_etag(response, milestone.version)
    today = await _today(session, principal, now)
    return service.milestone_read(milestone, today)


@router.patch(
    "/program-milestones/{milestone_id}",
    response_model=MilestoneRead,
    summary="Update a milestone: actual date, status, progress (lead admins)",
    description="Send `If-Match` with the ETag you read.",
    responses=WRITE,
)
async def update_milestone(
    milestone_id: uuid.UUID,
    body: MilestoneUpdate,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> MilestoneRead:
    milestone, program, view = await service.find_milestone(session, principal, milestone_id)
    check_if_match(if_match, milestone.version)
    await service.update_milestone(session, milestone, program, view, body)
    set_etag(response, milestone.version)
    today = await _today(session, principal, now)
    return service.milestone_read(milestone, today)


@router.post(
    "/programs/{program_id}/partners",
    response_model=PartnerRead,
    status_code=status.HTTP_201_CREATED,
    summary="Invite a partner: another instansi, or an OPD (unit) of one (lead admins)",
    description="A declined or removed partner can be invited again; one already invited or "
    "taking part is 409. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def invite_partner(
    program_id: uuid.UUID,
    body: PartnerInvite,
    response: Response,
    principal: Manager,
    session: SessionDep,
) -> PartnerRead:
    program, view = await service.find_program(session, principal, program_id)
    partner = await service.invite(session, program, view, body)
    set_etag(response, partner.version)
    return (await service.partner_reads(session, [partner]))[0]


async def _answer(
    session: SessionDep,
    principal: Principal,
    partner_id: uuid.UUID,
    response: Response,
    now: Now,
    if_match: str | None,
    *,
    accept: bool,
    body: Reason | None,
) -> PartnerRead:
    partner, _program, _view = await service.find_partner(session, principal, partner_id)
    check_if_match(if_match, partner.version)
    await service.answer(session, principal, partner, accept, body, now)
    set_etag(response, partner.version)
    return (await service.partner_reads(session, [partner]))[0]


@router.post(
    "/program-partners/{partner_id}/accept",
    response_model=PartnerRead,
    summary="Accept an invitation (the partner's admins)",
    description="409 unless invited. Audited; send `If-Match` with the ETag you read.",
    responses=WRITE,
)
async def accept_invitation(
    partner_id: uuid.UUID,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> PartnerRead:
    return await _answer(
        session, principal, partner_id, response, now, if_match, accept=True, body=None
    )


@router.post(
    "/program-partners/{partner_id}/decline",
    response_model=PartnerRead,
    summary="Decline an invitation with a reason (the partner's admins)",
    description="409 unless invited. Afterwards the program is invisible to the partner "
    "(404). Audited; send `If-Match`.",
    responses=WRITE,
)
async def decline_invitation(
    partner_id: uuid.UUID,
    body: Reason,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> PartnerRead:
    return await _answer(
        session, principal, partner_id, response, now, if_match, accept=False, body=body
    )


@router.post(
    "/program-partners/{partner_id}/remove",
    response_model=PartnerRead,
    summary="Remove a partner with a reason (lead admins)",
    description="Its members and RHK no longer count, and the program becomes invisible to "
    "it (404). Audited; send `If-Match`.",
    responses=WRITE,
)
async def remove_partner(
    partner_id: uuid.UUID,
    body: Reason,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> PartnerRead:
    partner, _program, view = await service.find_partner(session, principal, partner_id)
    check_if_match(if_match, partner.version)
    await service.remove(session, partner, view, body, now)
    set_etag(response, partner.version)
    return (await service.partner_reads(session, [partner]))[0]


@router.post(
    "/program-partners/{partner_id}/members",
    response_model=MemberRead,
    summary="Set a member's role (the partner's own admins)",
    description="An employee of the partner (of its unit, for an OPD partner) becomes a "
    "member or coordinator; setting again changes the role. 409 until the invitation is "
    "accepted. 201 when added, 200 when changed.",
    responses=problems(*AUTHED, 404, 409),
)
async def set_member(
    partner_id: uuid.UUID,
    body: MemberSet,
    response: Response,
    principal: Manager,
    session: SessionDep,
    now: Now,
) -> MemberRead:
    partner, _program, _view = await service.find_partner(session, principal, partner_id)
    today = await _today(session, principal, now)
    member, created = await service.set_member(
        session,
        principal,
        partner,
        body,
        today,
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    names = await service.employee_names(session, {member.employee_id})
    return MemberRead(
        id=member.id,
        partner_id=member.partner_id,
        employee_id=member.employee_id,
        name=names.get(member.employee_id, ""),
        role=member.role,
    )


@router.delete(
    "/program-members/{member_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take a member off the program (their organization's admins)",
    responses=problems(*AUTHED, 404),
)
async def delete_member(member_id: uuid.UUID, principal: Manager, session: SessionDep) -> Response:
    member = await service.find_member(session, principal, member_id)
    await service.delete_member(session, principal, member)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/programs/{program_id}/contributions",
    response_model=ContributionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Refer one of your RHK to the program (members)",
    description="In addition to its cascade parent. Only members of a taking-part partner "
    "(403), only your own RHK (422). Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def contribute(
    program_id: uuid.UUID, body: ContributionCreate, principal: Reader, session: SessionDep
) -> ContributionRead:
    program, _view = await service.find_program(session, principal, program_id)
    row = await service.contribute(session, principal, program, body)
    return await service.contribution_read(session, row)


@router.delete(
    "/program-contributions/{contribution_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an RHK's reference to the program (its owner or their admins)",
    responses=problems(*AUTHED, 404),
)
async def delete_contribution(
    contribution_id: uuid.UUID, principal: Reader, session: SessionDep
) -> Response:
    row = await service.find_contribution(session, principal, contribution_id)
    await service.delete_contribution(session, principal, row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/appraisals/{appraisal_id}/programs",
    response_model=list[ProgramContributionSummary],
    tags=["appraisals"],
    summary="Programs the appraised contributed to (BerAKHLAK: kolaboratif)",
    description="Programs the RHK of the appraisal's SKP refer to, with the member's role. "
    "Whoever may read the appraisal.",
    responses=problems(*AUTHED, 404),
)
async def appraisal_programs(
    appraisal_id: uuid.UUID, principal: Reader, session: SessionDep, now: Now
) -> list[ProgramContributionSummary]:
    org = await service.own_organization(session, principal)
    appraisal = await appraisals.find_appraisal(session, principal, appraisal_id)
    access = await appraisals.access(session, principal, appraisal, org, now)
    appraisals.require(access.can_read)
    return await service.programs_of_appraisal(session, appraisal.employee_id, appraisal.skp_id)
