"""HTTP: performance dialogues (schedule, request, accept/decline, record, confirm), agreed
actions, the lists of actions, the supervisor's report and an appraisal's dialogues.
Rules and scope live in :mod:`kinerja_api.dialogs.service`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from kinerja_api.appraisals import service as appraisals
from kinerja_api.appraisals.models import AppraisalPeriod
from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.clock import Now
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paginate
from kinerja_api.core.validation import YearFilter, YearQuery
from kinerja_api.dialogs import service
from kinerja_api.dialogs.models import ActionStatus, Dialogue, DialogueAction, DialogueStatus
from kinerja_api.dialogs.schemas import (
    ActionCreate,
    ActionDevelopmentPlan,
    ActionRead,
    ActionUpdate,
    Confirmation,
    DialogueAccept,
    DialogueCreate,
    DialogueDecline,
    DialogueRead,
    DialogueRecord,
    DialogueReport,
    DialogueRequestCreate,
)
from kinerja_api.needs.development.schemas import DevelopmentPlanRead
from kinerja_api.needs.development.service import plan_read
from kinerja_api.organizations.employees.service import require_full_view, visible_employee
from kinerja_api.organizations.scope import employee_scope
from kinerja_api.organizations.service import org_today, visible_unit

router = APIRouter(tags=["dialogues"], route_class=IdempotentRoute)

User = Annotated[Principal, require(Perm.DIALOGUES)]
OverdueQuery = Annotated[
    bool | None, Query(description="true: only open actions past their due date.")
]
WRITE = problems(*AUTHED, 404, 409, 412)
_SORT_DIALOGUES = {"scheduled_at": Dialogue.scheduled_at, "created_at": Dialogue.created_at}
_SORT_ACTIONS = {"due_date": DialogueAction.due_date, "created_at": DialogueAction.created_at}


async def _read(
    session: SessionDep, principal: Principal, dialogue_id: uuid.UUID, response: Response, now: Now
) -> DialogueRead:
    dialogue, participants, org = await service.find_dialogue(session, principal, dialogue_id, now)
    set_etag(response, dialogue.version)
    return await service.dialogue_read(session, principal, org, dialogue, participants, now)


@router.post(
    "/dialogues",
    response_model=DialogueRead,
    status_code=status.HTTP_201_CREATED,
    summary="Schedule a dialogue with a subordinate or a team",
    description="The signed-in employee is the supervisor; every participant must be below "
    "them in the position chain today (acting PLT/PLH assignments count; 422 otherwise). "
    "`work_result_id`/`appraisal_id` must belong to a participant. Supports "
    "`Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def schedule_dialogue(
    body: DialogueCreate, response: Response, principal: User, session: SessionDep, now: Now
) -> DialogueRead:
    org = await service.own_organization(session, principal)
    dialogue, participants = await service.schedule(session, principal, org, body, now)
    created(response, f"/api/v1/dialogues/{dialogue.id}", dialogue.version)
    return await service.dialogue_read(session, principal, org, dialogue, participants, now)


@router.post(
    "/me/dialogue-requests",
    response_model=DialogueRead,
    status_code=status.HTTP_201_CREATED,
    summary="Ask your appraiser for a dialogue",
    description="Goes to your appraiser today (the chain's holder above you, an acting "
    "official or an admin override; 409 `no_appraiser` without one), who accepts with a time "
    "or declines with a reason. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def request_dialogue(
    body: DialogueRequestCreate, response: Response, principal: User, session: SessionDep, now: Now
) -> DialogueRead:
    org = await service.own_organization(session, principal)
    dialogue, participants = await service.request(session, principal, org, body, now)
    created(response, f"/api/v1/dialogues/{dialogue.id}", dialogue.version)
    return await service.dialogue_read(session, principal, org, dialogue, participants, now)


@router.get(
    "/dialogues",
    response_model=Page[DialogueRead],
    summary="Dialogues you may read",
    description="Yours (as participant or supervisor), those of everyone below you in the "
    "chain; admins: the whole organization.",
    responses=problems(*AUTHED, 404),
)
async def list_dialogues(
    principal: User,
    session: SessionDep,
    page: PageDep,
    now: Now,
    dialogue_status: Annotated[DialogueStatus | None, Query(alias="status")] = None,
    year: YearFilter = None,
) -> Page[DialogueRead]:
    org = await service.own_organization(session, principal)
    stmt = service.visible_dialogues(principal, org, org_today(org, now))
    if dialogue_status is not None:
        stmt = stmt.where(Dialogue.status == dialogue_status)
    if year is not None:
        stmt = stmt.where(
            Dialogue.scheduled_at >= service.year_start(org, year),
            Dialogue.scheduled_at < service.year_start(org, year + 1),
        )
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts=_SORT_DIALOGUES,
        default_sort="-created_at",
        id_column=Dialogue.id,
    )
    items = await service.dialogues_read(session, principal, org, rows, now)
    return Page[DialogueRead](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/dialogues/{dialogue_id}",
    response_model=DialogueRead,
    summary="Read a dialogue: agenda, record, confirmations, actions",
    description="Participants, the supervisor, their superiors up the chain and admins; "
    "others of the organization 403.",
    responses=problems(*AUTHED, 404),
)
async def read_dialogue(
    dialogue_id: uuid.UUID, response: Response, principal: User, session: SessionDep, now: Now
) -> DialogueRead:
    return await _read(session, principal, dialogue_id, response, now)


@router.post(
    "/dialogues/{dialogue_id}/accept",
    response_model=DialogueRead,
    summary="Accept a requested dialogue with a time and place",
    description="The appraiser asked (the dialogue's supervisor); 409 unless requested. "
    "Audited; send `If-Match` with the ETag you read.",
    responses=WRITE,
)
async def accept_dialogue(
    dialogue_id: uuid.UUID,
    body: DialogueAccept,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> DialogueRead:
    dialogue, _participants, _org = await service.find_dialogue(
        session, principal, dialogue_id, now
    )
    check_if_match(if_match, dialogue.version)
    await service.accept(session, principal, dialogue, body)
    return await _read(session, principal, dialogue_id, response, now)


@router.post(
    "/dialogues/{dialogue_id}/decline",
    response_model=DialogueRead,
    summary="Decline a requested dialogue with a reason",
    description="The appraiser asked; 409 unless requested. Audited; send `If-Match`.",
    responses=WRITE,
)
async def decline_dialogue(
    dialogue_id: uuid.UUID,
    body: DialogueDecline,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> DialogueRead:
    dialogue, _participants, _org = await service.find_dialogue(
        session, principal, dialogue_id, now
    )
    check_if_match(if_match, dialogue.version)
    await service.decline(session, principal, dialogue, body)
    return await _read(session, principal, dialogue_id, response, now)


@router.put(
    "/dialogues/{dialogue_id}/record",
    response_model=DialogueRead,
    summary="Record the conversation (the four feedback steps)",
    description="The supervisor, after the scheduled time (409 `dialogue_not_held` before), "
    "until a participant confirms (409 `dialogue_confirmed`). Send `If-Match`.",
    responses=WRITE,
)
async def record_dialogue(
    dialogue_id: uuid.UUID,
    body: DialogueRecord,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> DialogueRead:
    dialogue, participants, _org = await service.find_dialogue(session, principal, dialogue_id, now)
    check_if_match(if_match, dialogue.version)
    await service.record(session, principal, dialogue, participants, body, now)
    return await _read(session, principal, dialogue_id, response, now)


@router.post(
    "/dialogues/{dialogue_id}/actions",
    response_model=ActionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an agreed action to the record",
    description="The supervisor, on a recorded dialogue nobody has confirmed yet. The owner "
    "is a participant or the supervisor; `work_result_id` an RHK of the owner's SKP; "
    "`need_id` a need of the organization. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def add_action(
    dialogue_id: uuid.UUID,
    body: ActionCreate,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
) -> ActionRead:
    dialogue, participants, org = await service.find_dialogue(session, principal, dialogue_id, now)
    action = await service.add_action(session, principal, dialogue, participants, body, now)
    created(response, f"/api/v1/dialogue-actions/{action.id}", action.version)
    return (await service.actions_read(session, [action], org_today(org, now)))[0]


@router.post(
    "/dialogues/{dialogue_id}/confirmation",
    response_model=DialogueRead,
    summary="Confirm the record, or comment on it",
    description="Each participant once: `confirmed: true` (optionally with a comment) makes "
    "the record read-only except action status; `confirmed: false` with a comment leaves it "
    "open. 409 before the record exists. Audited; send `If-Match` with the ETag you read.",
    responses=WRITE,
)
async def confirm_dialogue(
    dialogue_id: uuid.UUID,
    body: Confirmation,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> DialogueRead:
    dialogue, participants, _org = await service.find_dialogue(session, principal, dialogue_id, now)
    check_if_match(if_match, dialogue.version)
    await service.respond(session, principal, dialogue, participants, body, now)
    return await _read(session, principal, dialogue_id, response, now)


@router.get(
    "/dialogue-actions/{action_id}",
    response_model=ActionRead,
    summary="Read an agreed action",
    description="Whoever may read its dialogue.",
    responses=problems(*AUTHED, 404),
)
async def read_action(
    action_id: uuid.UUID, response: Response, principal: User, session: SessionDep, now: Now
) -> ActionRead:
    action, _dialogue, _participants, org = await service.find_action(
        session, principal, action_id, now
    )
    set_etag(response, action.version)
    return (await service.actions_read(session, [action], org_today(org, now)))[0]


@router.patch(
    "/dialogue-actions/{action_id}",
    response_model=ActionRead,
    summary="Change an action's status (or its content before confirmation)",
    description="Status: the owner or the supervisor, at any time (`dropped` needs a "
    "`reason`). Description and due date: the supervisor until a participant confirms. "
    "Send `If-Match` with the ETag you read.",
    responses=WRITE,
)
async def update_action(
    action_id: uuid.UUID,
    body: ActionUpdate,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
    if_match: IfMatch = None,
) -> ActionRead:
    action, dialogue, participants, org = await service.find_action(
        session, principal, action_id, now
    )
    check_if_match(if_match, action.version)
    action = await service.update_action(
        session, principal, action, dialogue, participants, body, now
    )
    set_etag(response, action.version)
    return (await service.actions_read(session, [action], org_today(org, now)))[0]


@router.post(
    "/dialogue-actions/{action_id}/development-plan",
    response_model=DevelopmentPlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Turn an action into a development-plan item of its owner",
    description="The owner's superior or an admin (403 otherwise). The item is approved, "
    "carries the action's need (counted by the needs coverage) and names the action back "
    "(`dialogue_action_id`); the action shows `development_plan_id`. Once per action (409).",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def action_to_plan(
    action_id: uuid.UUID,
    body: ActionDevelopmentPlan,
    response: Response,
    principal: User,
    session: SessionDep,
    now: Now,
) -> DevelopmentPlanRead:
    action, _dialogue, _participants, _org = await service.find_action(
        session, principal, action_id, now
    )
    plan = await service.to_development_plan(session, principal, action, body, now)
    created(response, f"/api/v1/development-plans/{plan.id}", plan.version)
    return plan_read(plan)


@router.get(
    "/me/actions",
    response_model=Page[ActionRead],
    summary="Actions I own",
    responses=problems(*AUTHED, 404),
)
async def my_actions(
    principal: User,
    session: SessionDep,
    page: PageDep,
    now: Now,
    overdue: OverdueQuery = None,
    action_status: Annotated[ActionStatus | None, Query(alias="status")] = None,
) -> Page[ActionRead]:
    me = service.my_employee(principal)
    org = await service.own_organization(session, principal)
    today = org_today(org, now)
    rows, cursor = await paginate(
        session,
        service.my_actions(me, today, overdue, action_status),
        page,
        sorts=_SORT_ACTIONS,
        default_sort="due_date",
        id_column=DialogueAction.id,
    )
    items = await service.actions_read(session, rows, today)
    return Page[ActionRead](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/units/{unit_id}/dialogue-actions",
    response_model=Page[ActionRead],
    summary="Actions owned by people of a unit (and its sub-units)",
    description="People holding a position in the unit or below it today, within your scope "
    "(yourself and your subordinates; admins: everyone). `overdue=true` for the open ones "
    "past their due date.",
    responses=problems(*AUTHED, 404),
)
async def unit_actions(
    unit_id: uuid.UUID,
    principal: User,
    session: SessionDep,
    page: PageDep,
    now: Now,
    overdue: OverdueQuery = None,
    action_status: Annotated[ActionStatus | None, Query(alias="status")] = None,
) -> Page[ActionRead]:
    unit = await visible_unit(session, principal, unit_id)
    org = await service.own_organization(session, principal)
    today = org_today(org, now)
    stmt = await service.unit_actions(session, principal, unit, today, overdue, action_status)
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts=_SORT_ACTIONS,
        default_sort="due_date",
        id_column=DialogueAction.id,
    )
    items = await service.actions_read(session, rows, today)
    return Page[ActionRead](items=items, next_cursor=cursor, limit=page.limit)


@router.get(
    "/employees/{employee_id}/dialogue-report",
    response_model=DialogueReport,
    summary="A supervisor's dialogues of a year: held, who was met, actions",
    description="The supervisor, their superiors and admins. The team is the supervisor's "
    "direct subordinates today (acting assignments count).",
    responses=problems(*AUTHED, 404),
)
async def dialogue_report(
    employee_id: uuid.UUID,
    year: YearQuery,
    principal: User,
    session: SessionDep,
    now: Now,
) -> DialogueReport:
    employee = await visible_employee(session, principal, employee_id)
    org = await service.own_organization(session, principal)
    today = org_today(org, now)
    scope = await employee_scope(session, principal, org.id, today)
    require_full_view(scope, employee.id)
    return await service.report(session, employee, org, year, today)


@router.get(
    "/appraisals/{appraisal_id}/dialogues",
    response_model=list[DialogueRead],
    tags=["appraisals"],
    summary="The dialogues and actions of the appraisal's period (read-only)",
    description="Held dialogues of the appraised within the period's dates, so the appraiser "
    "rates with the conversations in view. Whoever may read the appraisal.",
    responses=problems(*AUTHED, 404),
)
async def appraisal_dialogues(
    appraisal_id: uuid.UUID, principal: User, session: SessionDep, now: Now
) -> list[DialogueRead]:
    org = await service.own_organization(session, principal)
    appraisal = await appraisals.find_appraisal(session, principal, appraisal_id)
    access = await appraisals.access(session, principal, appraisal, org, now)
    appraisals.require(access.can_read)
    period = await session.get(AppraisalPeriod, appraisal.period_id)
    assert period is not None
    rows = list(
        await session.scalars(
            service.period_dialogues(appraisal, period, org)
            .order_by(Dialogue.scheduled_at, Dialogue.id)
            .limit(200)
        )
    )
    return await service.dialogues_read(session, principal, org, rows, now)
