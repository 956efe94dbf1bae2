"""HTTP: competency catalog and position standards (admins: ``competencies:write``),
assessments and gaps, development plans and their reports. Whose employee data: own,
subordinates (position chain), or the whole organization for admins; other → 403."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Response, status
from sqlalchemy import select

from kinerja_api.auth.deps import Idempotent, require
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core.concurrency import IfMatch, check_if_match, created, set_etag
from kinerja_api.core.deps import SessionDep
from kinerja_api.core.idempotency import IdempotentRoute
from kinerja_api.core.openapi import AUTHED, problems
from kinerja_api.core.pagination import Page, PageDep, paged, paginate
from kinerja_api.core.validation import YearFilter, YearQuery
from kinerja_api.needs.development import service
from kinerja_api.needs.development.models import (
    Competency,
    CompetencyAssessment,
    CompetencyKind,
    DevelopmentPlan,
)
from kinerja_api.needs.development.schemas import (
    AssessmentCreate,
    AssessmentRead,
    BudgetReport,
    CompetencyCreate,
    CompetencyRead,
    DevelopmentPlanCreate,
    DevelopmentPlanRead,
    DevelopmentPlanUpdate,
    EmployeeGapReport,
    GapAggregate,
    LearningHoursReport,
    StandardRead,
    StandardSet,
)
from kinerja_api.organizations.employees.service import visible_employee
from kinerja_api.organizations.service import (
    visible_organization,
    visible_position,
    visible_unit,
)

router = APIRouter(tags=["competencies and development"], route_class=IdempotentRoute)

Reader = Annotated[Principal, require(Perm.NEEDS_READ)]
CatalogWriter = Annotated[Principal, require(Perm.COMPETENCIES_WRITE)]


# ---- catalog and standards -----------------------------------------------------------------


@router.get(
    "/organizations/{org_id}/competencies",
    response_model=Page[CompetencyRead],
    summary="List the competency catalog",
    description="The eight managerial competencies are added the first time the catalog is listed.",
    responses=problems(*AUTHED, 404),
)
async def list_competencies(
    org_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    kind: CompetencyKind | None = None,
) -> Page[CompetencyRead]:
    org = await visible_organization(session, principal, org_id)
    await service.seed_managerial(session, org.id)
    return await paginate(
        session,
        service.competencies_of(org.id, kind),
        page,
        sorts={"code": Competency.code, "name": Competency.name},
        default_sort="code",
        id_column=Competency.id,
        into=service.competency_read,
    )


@router.post(
    "/organizations/{org_id}/competencies",
    response_model=CompetencyRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a competency to the catalog",
    description="Codes are unique in the organization (409). Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404, 409),
    dependencies=[Idempotent],
)
async def create_competency(
    org_id: uuid.UUID,
    body: CompetencyCreate,
    response: Response,
    principal: CatalogWriter,
    session: SessionDep,
) -> CompetencyRead:
    org = await visible_organization(session, principal, org_id)
    competency = await service.create_competency(session, org, body)
    set_etag(response, competency.version)
    return service.competency_read(competency)


@router.get(
    "/positions/{position_id}/competency-standards",
    response_model=list[StandardRead],
    summary="Competency standard of a position",
    responses=problems(*AUTHED, 404),
)
async def list_standards(
    position_id: uuid.UUID, principal: Reader, session: SessionDep
) -> list[StandardRead]:
    position = await visible_position(session, principal, position_id)
    return await service.standards_of(session, position)


@router.put(
    "/positions/{position_id}/competency-standards",
    response_model=StandardRead,
    summary="Set the required level of a competency for a position",
    description="Creates the standard or changes its level (idempotent by nature).",
    responses=problems(*AUTHED, 404),
)
async def set_standard(
    position_id: uuid.UUID,
    body: StandardSet,
    response: Response,
    principal: CatalogWriter,
    session: SessionDep,
) -> StandardRead:
    position = await visible_position(session, principal, position_id)
    standard, created = await service.set_standard(session, position, body)
    if created:
        response.status_code = status.HTTP_201_CREATED
    set_etag(response, standard.version)
    return standard


@router.delete(
    "/positions/{position_id}/competency-standards/{standard_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a competency from a position's standard",
    responses=problems(*AUTHED, 404),
)
async def delete_standard(
    position_id: uuid.UUID, standard_id: uuid.UUID, principal: CatalogWriter, session: SessionDep
) -> Response:
    position = await visible_position(session, principal, position_id)
    await service.delete_standard(session, position, standard_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---- assessments and gaps ------------------------------------------------------------------


@router.get(
    "/employees/{employee_id}/competency-assessments",
    response_model=Page[AssessmentRead],
    summary="Assessment history of an employee",
    responses=problems(*AUTHED, 404),
)
async def list_assessments(
    employee_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> Page[AssessmentRead]:
    employee = await visible_employee(session, principal, employee_id)
    await service.scope_for(session, principal, employee)
    return await paginate(
        session,
        select(CompetencyAssessment).where(CompetencyAssessment.employee_id == employee.id),
        page,
        sorts={"assessed_on": CompetencyAssessment.assessed_on},
        default_sort="assessed_on",
        id_column=CompetencyAssessment.id,
        into=service.assessment_read,
    )


@router.post(
    "/employees/{employee_id}/competency-assessments",
    response_model=AssessmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record an assessed competency level",
    description="History is kept; the latest (by `assessed_on`) counts. Admins record any "
    "source, supervisors for their subordinates, employees only their own `self` "
    "assessment (403 otherwise). Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_assessment(
    employee_id: uuid.UUID, body: AssessmentCreate, principal: Reader, session: SessionDep
) -> AssessmentRead:
    employee = await visible_employee(session, principal, employee_id)
    scope = await service.scope_for(session, principal, employee)
    row = await service.add_assessment(session, principal, scope, employee, body)
    return service.assessment_read(row)


@router.get(
    "/employees/{employee_id}/competency-gaps",
    response_model=EmployeeGapReport,
    summary="Competency gaps of an employee",
    description="Standard of the employee's current position − latest assessed level.",
    responses=problems(*AUTHED, 404),
)
async def read_employee_gaps(
    employee_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> EmployeeGapReport:
    employee = await visible_employee(session, principal, employee_id)
    scope = await service.scope_for(session, principal, employee)
    return paged(await service.employee_gaps(session, employee, scope.on), page, order="code")


@router.get(
    "/units/{unit_id}/competency-gaps",
    response_model=GapAggregate,
    summary="Competency gaps of a unit (employees in your scope)",
    description="Employees holding a position of the unit itself today.",
    responses=problems(*AUTHED, 404),
)
async def read_unit_gaps(
    unit_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> GapAggregate:
    unit = await visible_unit(session, principal, unit_id)
    org = await visible_organization(session, principal, unit.organization_id)
    gaps = await service.aggregate_gaps(session, principal, org, unit.id)
    return paged(gaps, page, order="gap")


@router.get(
    "/organizations/{org_id}/competency-gaps",
    response_model=GapAggregate,
    summary="Competency gaps of the organization (employees in your scope)",
    responses=problems(*AUTHED, 404),
)
async def read_org_gaps(
    org_id: uuid.UUID, principal: Reader, session: SessionDep, page: PageDep
) -> GapAggregate:
    org = await visible_organization(session, principal, org_id)
    return paged(await service.aggregate_gaps(session, principal, org, None), page, order="gap")


# ---- development plans ---------------------------------------------------------------------


@router.get(
    "/employees/{employee_id}/development-plans",
    response_model=Page[DevelopmentPlanRead],
    summary="Development plan items of an employee",
    responses=problems(*AUTHED, 404),
)
async def list_plans(
    employee_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    year: YearFilter = None,
) -> Page[DevelopmentPlanRead]:
    employee = await visible_employee(session, principal, employee_id)
    await service.scope_for(session, principal, employee)
    return await paginate(
        session,
        service.plans_of(employee.id, year),
        page,
        sorts={"created_at": DevelopmentPlan.created_at},
        default_sort="created_at",
        id_column=DevelopmentPlan.id,
        into=service.plan_read,
    )


@router.post(
    "/employees/{employee_id}/development-plans",
    response_model=DevelopmentPlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a development plan item (or propose your own)",
    description="Supervisors (for subordinates) and admins create approved items in any "
    "status; an employee proposes their own, status `planned`, approved later (403 "
    "otherwise). `done` needs `evidence` (422). `need_id` links the need so the coverage "
    "report counts it as covered by training. Supports `Idempotency-Key`.",
    responses=problems(*AUTHED, 404),
    dependencies=[Idempotent],
)
async def create_plan(
    employee_id: uuid.UUID,
    body: DevelopmentPlanCreate,
    response: Response,
    principal: Reader,
    session: SessionDep,
) -> DevelopmentPlanRead:
    employee = await visible_employee(session, principal, employee_id)
    scope = await service.scope_for(session, principal, employee)
    plan = await service.create_plan(session, principal, scope, employee, body)
    created(response, f"/api/v1/development-plans/{plan.id}", plan.version)
    return service.plan_read(plan)


@router.get(
    "/development-plans/{plan_id}",
    response_model=DevelopmentPlanRead,
    summary="Read a development plan item",
    responses=problems(*AUTHED, 404),
)
async def read_plan(
    plan_id: uuid.UUID, response: Response, principal: Reader, session: SessionDep
) -> DevelopmentPlanRead:
    plan, _scope = await service.visible_plan(session, principal, plan_id)
    set_etag(response, plan.version)
    return service.plan_read(plan)


@router.patch(
    "/development-plans/{plan_id}",
    response_model=DevelopmentPlanRead,
    summary="Update a development plan item",
    description="Supervisors/admins change anything (`done` needs `evidence`); the employee "
    "only their unapproved proposal. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def update_plan(
    plan_id: uuid.UUID,
    body: DevelopmentPlanUpdate,
    response: Response,
    principal: Reader,
    session: SessionDep,
    if_match: IfMatch = None,
) -> DevelopmentPlanRead:
    plan, scope = await service.visible_plan(session, principal, plan_id)
    check_if_match(if_match, plan.version)
    plan = await service.update_plan(session, scope, plan, body)
    set_etag(response, plan.version)
    return service.plan_read(plan)


@router.post(
    "/development-plans/{plan_id}/approve",
    response_model=DevelopmentPlanRead,
    summary="Approve an employee's proposed plan item",
    description="The employee's supervisor (position chain) or an admin; not the employee "
    "(403). Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def approve_plan(
    plan_id: uuid.UUID,
    response: Response,
    principal: Reader,
    session: SessionDep,
    if_match: IfMatch = None,
) -> DevelopmentPlanRead:
    plan, scope = await service.visible_plan(session, principal, plan_id)
    check_if_match(if_match, plan.version)
    plan = await service.approve_plan(session, principal, scope, plan)
    set_etag(response, plan.version)
    return service.plan_read(plan)


@router.delete(
    "/development-plans/{plan_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a development plan item",
    description="Its link to a need goes with it. Send `If-Match` with the ETag you read.",
    responses=problems(*AUTHED, 404, 412),
)
async def delete_plan(
    plan_id: uuid.UUID, principal: Reader, session: SessionDep, if_match: IfMatch = None
) -> Response:
    plan, scope = await service.visible_plan(session, principal, plan_id)
    check_if_match(if_match, plan.version)
    await service.delete_plan(session, scope, plan)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/organizations/{org_id}/learning-hours",
    response_model=LearningHoursReport,
    summary="Employees below the yearly minimum of learning hours (JP)",
    description="Done JP of the year's plans per active employee in your scope, against "
    "`development.min_learning_hours_per_year`.",
    responses=problems(*AUTHED, 404),
)
async def read_learning_hours(
    org_id: uuid.UUID, year: YearQuery, principal: Reader, session: SessionDep, page: PageDep
) -> LearningHoursReport:
    org = await visible_organization(session, principal, org_id)
    report = await service.learning_hours(session, principal, org, year)
    return paged(report, page, order="missing_hours")


@router.get(
    "/organizations/{org_id}/development-budget",
    response_model=BudgetReport,
    summary="Development budget of a year per unit",
    description="Plans not cancelled, of employees in your scope, by the unit of each "
    "employee's position (31 December, or today for the current year).",
    responses=problems(*AUTHED, 404),
)
async def read_budget(
    org_id: uuid.UUID, year: YearQuery, principal: Reader, session: SessionDep
) -> BudgetReport:
    org = await visible_organization(session, principal, org_id)
    return await service.development_budget(session, principal, org, year)
