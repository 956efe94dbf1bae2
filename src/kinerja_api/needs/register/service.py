"""The needs register: needs, their links to goals and IKU, and the coverage report."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.audit import set_reason
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import Conflict, FieldError, NotFound, UnprocessableEntity, field_error
from kinerja_api.indicators.goals.models import KeyIndicator, OrganizationGoal
from kinerja_api.indicators.goals.rules import served_goal_ids
from kinerja_api.needs.development.models import DevelopmentPlan, PlanStatus
from kinerja_api.needs.register.errors import (
    LinkExists,
    NeedClosed,
    NeedStatusTransition,
    PlanCoversOtherNeed,
    SurveyNotPublished,
)
from kinerja_api.needs.register.models import (
    LINK_TARGET_LABELS,
    Need,
    NeedLink,
    NeedLinkKind,
    NeedSource,
    NeedStatus,
)
from kinerja_api.needs.register.rules import (
    ACTIVE,
    COVERAGE,
    NeedCoverage,
    NeedFacts,
    can_change_status,
    coverage,
    goals_no_opd_serves,
)
from kinerja_api.needs.register.schemas import (
    GoalNoOpdServes,
    LinkTarget,
    NeedClose,
    NeedCoverageItem,
    NeedCoverageReport,
    NeedCreate,
    NeedFromSurvey,
    NeedLinkCreate,
    NeedLinkRead,
    NeedRead,
    NeedUpdate,
    PriorityCoverage,
)
from kinerja_api.needs.surveys import service as survey_service
from kinerja_api.needs.surveys.models import Survey, SurveyStatus
from kinerja_api.needs.surveys.rules import results_digest
from kinerja_api.organizations.models import Organization, Unit
from kinerja_api.organizations.scope import unit_subtree_ids_select

_WITH_LINKS = (
    selectinload(Need.links).selectinload(NeedLink.goal),
    selectinload(Need.links).selectinload(NeedLink.key_indicator),
    selectinload(Need.links).selectinload(NeedLink.development_plan),
)


def needs_of(org_id: uuid.UUID) -> Select[Need]:
    """Needs of an organization with their links and link targets (three queries a page)."""
    return select(Need).where(Need.organization_id == org_id).options(*_WITH_LINKS)


async def visible_need(session: AsyncSession, principal: Principal, need_id: uuid.UUID) -> Need:
    need = await session.scalar(select(Need).where(Need.id == need_id).options(*_WITH_LINKS))
    if need is None or not principal.can_access_org(need.organization_id):
        raise NotFound()
    return need


# ---- reading -------------------------------------------------------------------------------


def link_read(link: NeedLink) -> NeedLinkRead:
    if link.kind is NeedLinkKind.GOAL:
        goal = link.goal
        assert goal is not None
        target = LinkTarget(
            code=goal.code, title=goal.statement, year=goal.year, is_active=goal.is_active
        )
    elif link.kind is NeedLinkKind.KEY_INDICATOR:
        indicator = link.key_indicator
        assert indicator is not None
        target = LinkTarget(
            code=indicator.code,
            title=indicator.name,
            year=indicator.year,
            is_active=indicator.is_active,
        )
    else:
        plan = link.development_plan
        assert plan is not None
        target = LinkTarget(
            code=plan.type.value,
            title=plan.title,
            year=plan.year,
            is_active=plan.status is not PlanStatus.CANCELLED,
        )
    return NeedLinkRead(
        id=link.id,
        need_id=link.need_id,
        kind=link.kind,
        target_id=link.target_id,
        covers=COVERAGE[link.kind],
        target=target,
        created_at=link.created_at,
    )


def need_read(need: Need) -> NeedRead:
    return NeedRead(
        id=need.id,
        organization_id=need.organization_id,
        year=need.year,
        title=need.title,
        description=need.description,
        source=need.source,
        priority=need.priority,
        status=need.status,
        unit_id=need.unit_id,
        source_survey_id=need.source_survey_id,
        source_question_keys=list(need.source_question_keys or []),
        source_note=need.source_note,
        closed_at=need.closed_at,
        close_reason=need.close_reason,
        links=[link_read(link) for link in need.links],
        created_at=need.created_at,
        updated_at=need.updated_at,
        version=need.version,
    )


# ---- checks --------------------------------------------------------------------------------


async def _unit_problems(
    session: AsyncSession, org_id: uuid.UUID, unit_id: uuid.UUID
) -> list[FieldError]:
    unit = await session.get(Unit, unit_id)
    if unit is None or unit.organization_id != org_id:
        return [
            field_error(
                "unit_id",
                "unit_not_found",
                "Unit tidak ditemukan di organisasi ini",
                "Unit not found in this organization",
            )
        ]
    if not unit.is_active:
        return [field_error("unit_id", "unit_inactive", "Unit tidak aktif", "The unit is inactive")]
    return []


async def _survey_in(
    session: AsyncSession, org_id: uuid.UUID, survey_id: uuid.UUID
) -> Survey | None:
    survey = await session.scalar(
        select(Survey)
        .where(Survey.id == survey_id, Survey.organization_id == org_id)
        .options(selectinload(Survey.questions))
    )
    return survey


def _key_problems(
    survey: Survey, keys: Sequence[str], field: str = "source_question_keys"
) -> list[FieldError]:
    known = {q.key for q in survey.questions}
    problems = []
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            problems.append(
                field_error(
                    f"{field}.{i}",
                    "duplicate_key",
                    f"Pertanyaan '{key}' disebut lebih dari sekali",
                    f"Question '{key}' is listed more than once",
                )
            )
        elif key not in known:
            problems.append(
                field_error(
                    f"{field}.{i}",
                    "question_not_found",
                    f"Survei ini tidak memiliki pertanyaan '{key}'",
                    f"The survey has no question '{key}'",
                )
            )
        seen.add(key)
    return problems


async def _source_problems(
    session: AsyncSession,
    org_id: uuid.UUID,
    *,
    source: NeedSource,
    survey_id: uuid.UUID | None,
    keys: Sequence[str],
) -> list[FieldError]:
    if survey_id is None:
        if keys:
            return [
                field_error(
                    "source_question_keys",
                    "survey_required",
                    "Sebutkan survei asal pertanyaan ini (source_survey_id)",
                    "Name the survey of these questions (source_survey_id)",
                )
            ]
        return []
    if source is not NeedSource.SURVEY:
        return [
            field_error(
                "source_survey_id",
                "source_mismatch",
                "Rujukan survei hanya untuk kebutuhan bersumber survei",
                "A survey reference needs source = survey",
            )
        ]
    survey = await _survey_in(session, org_id, survey_id)
    if survey is None:
        return [
            field_error(
                "source_survey_id",
                "survey_not_found",
                "Survei tidak ditemukan di organisasi ini",
                "Survey not found in this organization",
            )
        ]
    return _key_problems(survey, keys)


def _raise_if(problems: Sequence[FieldError]) -> None:
    if problems:
        raise UnprocessableEntity(errors=problems)


def _closed(need: Need) -> Conflict:
    return NeedClosed(
        {
            "id": f"Kebutuhan ini sudah ditutup ({need.status.value}) dan tidak dapat diubah.",
            "en": f"This need is closed ({need.status.value}) and cannot be changed.",
        }
    )


# ---- writing -------------------------------------------------------------------------------


async def create_need(session: AsyncSession, org: Organization, data: NeedCreate) -> Need:
    _raise_if(
        await _unit_problems(session, org.id, data.unit_id)
        + await _source_problems(
            session,
            org.id,
            source=data.source,
            survey_id=data.source_survey_id,
            keys=data.source_question_keys,
        )
    )
    need = Need(organization_id=org.id, status=NeedStatus.OPEN, links=[], **data.model_dump())
    session.add(need)
    await session.flush()
    return need


async def create_need_from_survey(
    session: AsyncSession, org: Organization, data: NeedFromSurvey
) -> Need:
    """A need whose source reference (survey, questions) comes from the survey; without a
    description, a digest of the chosen questions' results becomes the description."""
    survey = await _survey_in(session, org.id, data.survey_id)
    if survey is None:
        raise UnprocessableEntity(
            errors=[
                field_error(
                    "survey_id",
                    "survey_not_found",
                    "Survei tidak ditemukan di organisasi ini",
                    "Survey not found in this organization",
                )
            ]
        )
    if survey.status is SurveyStatus.DRAFT or survey.published_at is None:
        raise SurveyNotPublished()
    _raise_if(
        _key_problems(survey, data.question_keys, "question_keys")
        + await _unit_problems(session, org.id, data.unit_id)
    )
    description = data.description
    if description is None:
        result = await survey_service.outcome(session, survey)
        chosen = {o.question.key: o for o in result.questions}
        description = results_digest(
            survey.title,
            result.total,
            [(chosen[k].spec, chosen[k].overall) for k in data.question_keys],
        )
    year = data.year or survey.published_at.astimezone(ZoneInfo(org.timezone.iana)).year
    need = Need(
        organization_id=org.id,
        year=year,
        title=data.title,
        description=description,
        source=NeedSource.SURVEY,
        priority=data.priority,
        status=NeedStatus.OPEN,
        unit_id=data.unit_id,
        source_survey_id=survey.id,
        source_question_keys=list(data.question_keys),
        links=[],
    )
    session.add(need)
    await session.flush()
    return need


_REQUIRED = ("year", "title", "source", "priority", "status", "unit_id", "source_question_keys")


async def update_need(session: AsyncSession, need: Need, data: NeedUpdate) -> Need:
    if need.status not in ACTIVE:
        raise _closed(need)
    changes: dict[str, Any] = {
        key: value
        for key, value in data.model_dump(exclude_unset=True).items()
        if value is not None or key not in _REQUIRED
    }
    status = changes.get("status")
    if status is not None and not can_change_status(need.status, NeedStatus(status)):
        raise NeedStatusTransition(
            {
                "id": f"Status tidak dapat diubah dari {need.status.value} ke {status}.",
                "en": f"The status cannot change from {need.status.value} to {status}.",
            }
        )
    problems: list[FieldError] = []
    if "unit_id" in changes and changes["unit_id"] != need.unit_id:
        problems += await _unit_problems(session, need.organization_id, changes["unit_id"])
    source_fields = ("source", "source_survey_id", "source_question_keys")
    if any(f in changes for f in source_fields):
        problems += await _source_problems(
            session,
            need.organization_id,
            source=NeedSource(changes.get("source", need.source)),
            survey_id=changes.get("source_survey_id", need.source_survey_id),
            keys=changes.get("source_question_keys", need.source_question_keys),
        )
    _raise_if(problems)
    for key, value in changes.items():
        setattr(need, key, value)
    await session.flush()
    return need


async def close_need(session: AsyncSession, need: Need, data: NeedClose) -> Need:
    if need.status not in ACTIVE:
        raise _closed(need)
    if not can_change_status(need.status, data.status):
        raise NeedStatusTransition(
            {
                "id": f"Status tidak dapat diubah dari {need.status.value} ke {data.status.value}.",
                "en": f"The status cannot change from {need.status.value} to {data.status.value}.",
            }
        )
    need.status = data.status
    need.closed_at = utcnow()
    need.close_reason = data.reason
    set_reason(session, data.reason)
    await session.flush()
    set_reason(session, None)
    return need


async def add_link(session: AsyncSession, need: Need, data: NeedLinkCreate) -> NeedLink:
    """Link an active need to a goal, IKU or development plan of its own organization (422
    otherwise). Linking a plan sets its ``need_id``; a plan covers one need."""
    if need.status not in ACTIVE:
        raise _closed(need)
    target: OrganizationGoal | KeyIndicator | DevelopmentPlan | None
    if data.kind is NeedLinkKind.GOAL:
        target = await session.get(OrganizationGoal, data.target_id)
    elif data.kind is NeedLinkKind.KEY_INDICATOR:
        target = await session.get(KeyIndicator, data.target_id)
    else:
        target = await session.get(DevelopmentPlan, data.target_id)
    if target is None or target.organization_id != need.organization_id:
        raise UnprocessableEntity(
            errors=[
                field_error(
                    "target_id",
                    "target_not_found",
                    "Tujuan/sasaran, IKU atau rencana pengembangan tidak ditemukan di "
                    "organisasi ini",
                    "Goal, key indicator or development plan not found in this organization",
                )
            ]
        )
    if any(link.target_id == target.id and link.kind is data.kind for link in need.links):
        raise LinkExists(target=LINK_TARGET_LABELS[data.kind])
    if isinstance(target, DevelopmentPlan):
        if target.need_id is not None and target.need_id != need.id:
            raise plan_covers_other_need()
        target.need_id = need.id
    link = new_link(need, target)
    need.links.append(link)
    need.updated_at = utcnow()  # the need's ETag covers its links
    await session.flush()
    return link


def plan_covers_other_need() -> Conflict:
    return PlanCoversOtherNeed()


def new_link(need: Need, target: OrganizationGoal | KeyIndicator | DevelopmentPlan) -> NeedLink:
    """A link row of the right kind, with exactly one target set."""
    link = NeedLink(organization_id=need.organization_id, need_id=need.id, created_at=utcnow())
    link.goal = target if isinstance(target, OrganizationGoal) else None
    link.key_indicator = target if isinstance(target, KeyIndicator) else None
    link.development_plan = target if isinstance(target, DevelopmentPlan) else None
    link.kind = (
        NeedLinkKind.GOAL
        if isinstance(target, OrganizationGoal)
        else NeedLinkKind.KEY_INDICATOR
        if isinstance(target, KeyIndicator)
        else NeedLinkKind.DEVELOPMENT_PLAN
    )
    return link


async def remove_link(session: AsyncSession, need: Need, link_id: uuid.UUID) -> None:
    if need.status not in ACTIVE:
        raise _closed(need)
    link = next((link for link in need.links if link.id == link_id), None)
    if link is None:
        raise NotFound()
    need.links.remove(link)
    if link.kind is NeedLinkKind.DEVELOPMENT_PLAN and link.development_plan is not None:
        link.development_plan.need_id = None
    # Deleted explicitly: the audit hook sees session.delete(), not delete-orphan cascades.
    await session.delete(link)
    need.updated_at = utcnow()
    await session.flush()


# ---- coverage ------------------------------------------------------------------------------


#: A link counts for coverage while its target is active. Each link kind joins its target
#: here; a later kind adds its join and condition.
def _counting_links(org_id: uuid.UUID, year: int) -> Select[uuid.UUID, NeedLinkKind]:
    return (
        select(NeedLink.need_id, NeedLink.kind)
        .join(Need, Need.id == NeedLink.need_id)
        .outerjoin(OrganizationGoal, OrganizationGoal.id == NeedLink.goal_id)
        .outerjoin(KeyIndicator, KeyIndicator.id == NeedLink.key_indicator_id)
        .outerjoin(DevelopmentPlan, DevelopmentPlan.id == NeedLink.development_plan_id)
        .where(
            Need.organization_id == org_id,
            Need.year == year,
            Need.status != NeedStatus.DROPPED,
            or_(
                OrganizationGoal.is_active.is_(True),
                KeyIndicator.is_active.is_(True),
                DevelopmentPlan.status != PlanStatus.CANCELLED,
            ),
        )
    )


async def _goals_no_opd_serves(
    session: AsyncSession, org_id: uuid.UUID, year: int, in_opd: ColumnElement[bool]
) -> list[GoalNoOpdServes]:
    """The instansi goals the needs (of ``in_opd``) are linked to that no OPD serves (two
    queries)."""
    rows = await session.execute(
        select(NeedLink.need_id, func.coalesce(NeedLink.goal_id, KeyIndicator.goal_id))
        .join(Need, Need.id == NeedLink.need_id)
        .outerjoin(KeyIndicator, KeyIndicator.id == NeedLink.key_indicator_id)
        .where(
            Need.organization_id == org_id,
            Need.year == year,
            Need.status != NeedStatus.DROPPED,
            NeedLink.kind.in_([NeedLinkKind.GOAL, NeedLinkKind.KEY_INDICATOR]),
            in_opd,
        )
        .order_by(NeedLink.created_at, NeedLink.id)
    )
    links = [(need_id, goal_id) for need_id, goal_id in rows if goal_id is not None]
    if not links:
        return []
    goals = (
        await session.scalars(
            select(OrganizationGoal).where(
                OrganizationGoal.organization_id == org_id, OrganizationGoal.year == year
            )
        )
    ).all()
    by_goal = goals_no_opd_serves(
        links,
        [g.id for g in goals if g.unit_id is None and g.is_active],
        served_goal_ids(goals),
    )
    return [
        GoalNoOpdServes(
            id=g.id, code=g.code, kind=g.kind.value, statement=g.statement, need_ids=by_goal[g.id]
        )
        for g in sorted(goals, key=lambda g: (g.code, g.id))
        if g.id in by_goal
    ]


def _item(need: Need, row: NeedCoverage) -> NeedCoverageItem:
    return NeedCoverageItem(
        id=need.id,
        title=need.title,
        priority=need.priority,
        status=need.status,
        unit_id=need.unit_id,
        covered_by_work=row.by_work,
        covered_by_training=row.by_training,
        work_links=row.work_links,
        training_links=row.training_links,
    )


async def coverage_report(
    session: AsyncSession, org: Organization, year: int, opd_id: uuid.UUID | None = None
) -> NeedCoverageReport:
    """Per need of the year (dropped needs left out; with ``opd_id`` only those of units in
    that OPD's subtree): covered by work, by training; and the instansi goals they are linked
    to that no OPD serves. Four queries whatever the number of needs and links."""
    in_opd = Need.unit_id.in_(unit_subtree_ids_select(opd_id)) if opd_id else true()
    needs = (
        await session.scalars(
            select(Need)
            .where(
                Need.organization_id == org.id,
                Need.year == year,
                Need.status != NeedStatus.DROPPED,
                in_opd,
            )
            .order_by(Need.created_at, Need.id)
        )
    ).all()
    links = (await session.execute(_counting_links(org.id, year).where(in_opd))).all()
    summary = coverage(
        [NeedFacts(n.id, n.priority, n.status) for n in needs],
        [(need_id, NeedLinkKind(kind)) for need_id, kind in links],
    )
    unserved = await _goals_no_opd_serves(session, org.id, year, in_opd)
    by_id = {n.id: n for n in needs}
    return NeedCoverageReport(
        organization_id=org.id,
        year=year,
        needs=[_item(by_id[r.need.id], r) for r in summary.needs],
        uncovered_by_work=[_item(by_id[r.need.id], r) for r in summary.uncovered_by_work],
        uncovered_by_training=[_item(by_id[r.need.id], r) for r in summary.uncovered_by_training],
        by_priority=[
            PriorityCoverage(
                priority=p.priority,
                total=p.total,
                covered_by_work=p.covered_by_work,
                covered_by_training=p.covered_by_training,
                fully_covered=p.fully_covered,
                uncovered=p.uncovered,
            )
            for p in summary.by_priority
        ],
        opd_id=opd_id,
        unserved_goals=unserved,
    )
