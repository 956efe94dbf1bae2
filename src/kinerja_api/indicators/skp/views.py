"""Views across SKPs: what an RHK may cascade from, the cascade tree of an organization,
who waits on whom, who is late, and what blocks me (no HTTP).

Each view runs a fixed number of flat queries and assembles the result in Python, whatever
the size of the organization.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.core.i18n import t
from kinerja_api.core.pagination import PageParams, decode_cursor, encode_cursor, paginate
from kinerja_api.indicators.goals.models import GoalKind, KeyIndicator, OrganizationGoal
from kinerja_api.indicators.goals.rules import served_goal_ids
from kinerja_api.indicators.goals.schemas import GoalNode, KeyIndicatorRead
from kinerja_api.indicators.goals.service import goal_tree
from kinerja_api.indicators.skp.errors import (
    GoalNotFound,
)
from kinerja_api.indicators.skp.models import Skp, SkpIndicator, SkpWorkResult
from kinerja_api.indicators.skp.rules import (
    EDITABLE_STATES,
    NO_SKP_NOTE,
    WAITING_CODES,
    Blocker,
    Fixer,
    PersonRef,
    may_cascade_from_goals,
)
from kinerja_api.indicators.skp.rules import blockers as blockers_of
from kinerja_api.indicators.skp.schemas import (
    BlockerFixer,
    BlockerRead,
    CascadeGoal,
    CascadeKeyIndicator,
    CascadeOptions,
    CascadeTree,
    CascadeWorkResult,
    FixerPerson,
    IndicatorRead,
    LateItem,
    LatePage,
    LateStatus,
    MySkpBlockers,
    SkpBrief,
    SuperiorWorkResult,
    UnownedGoal,
    UnservedGoal,
    WaitingFor,
    WaitingItem,
)
from kinerja_api.indicators.skp.service import (
    SkpAccess,
    SkpKey,
    build_facts,
    cascade_superiors,
    employee_names,
    full_load,
    opd_heads,
    opd_standing,
    referenced_skps,
    rhk_order,
    skp_facts,
    skps_of_year,
)
from kinerja_api.organizations.appraisers import AdminContact, AdminLevel, admins_to_ask
from kinerja_api.organizations.employees.service import SERVING, current_positions
from kinerja_api.organizations.models import (
    Employee,
    EmployeeKind,
    EmployeePosition,
    Organization,
    Unit,
)
from kinerja_api.organizations.schemas import EmployeeRef, PositionBrief, UnitBrief
from kinerja_api.organizations.scope import (
    appraisers_of,
    appraisers_of_many,
    assignment_active_on,
    opd_member_ids_select,
)
from kinerja_api.organizations.service import org_zone, organization_settings


def _brief(skp: Skp) -> SkpBrief:
    return SkpBrief(id=skp.id, state=skp.state, revision=skp.revision)


def _ref(employee_id: uuid.UUID, names: Mapping[uuid.UUID, str]) -> EmployeeRef:
    return EmployeeRef(id=employee_id, name=names.get(employee_id, ""))


def _key_brief(key: SkpKey) -> SkpBrief:
    return SkpBrief(id=key.id, state=key.state, revision=key.revision)


# ---- cascade options -----------------------------------------------------------------------


async def cascade_options(session: AsyncSession, skp: Skp, skp_access: SkpAccess) -> CascadeOptions:
    """What the RHK of ``skp`` may refer to: the appraiser's RHK of the same year (whatever
    their state: drafting against a draft is allowed), and the organization's goals and IKU
    for those at the top of the chain."""
    resolution = skp_access.resolution
    appraiser = resolution.appraiser
    superior_id = (
        await cascade_superiors(session, {skp.employee_id: resolution}, skp_access.today)
    ).get(skp.employee_id)
    names = await employee_names(
        session, {i for i in (appraiser and appraiser.employee_id, superior_id) if i}
    )
    superior_skp: Skp | None = None
    if superior_id is not None:
        superior_skp = await session.scalar(
            select(Skp)
            .where(
                Skp.organization_id == skp.organization_id,
                Skp.employee_id == superior_id,
                Skp.year == skp.year,
            )
            .options(full_load())
        )
    employee_opd, leads_opd = await opd_standing(session, skp.employee_id, resolution)
    allowed = may_cascade_from_goals(
        has_appraiser=appraiser is not None,
        appraiser_has_superior=resolution.appraiser_superior is not None,
        heads_opd=leads_opd,
    )
    goals: list[GoalNode] = []
    if allowed:
        # The OPD's own Renstra first (what an OPD head refers to), then the instansi's RPJMD.
        if employee_opd is not None:
            goals += (
                await goal_tree(session, skp_access.org, skp.year, unit_id=employee_opd)
            ).goals
        goals += (await goal_tree(session, skp_access.org, skp.year)).goals
    return CascadeOptions(
        skp_id=skp.id,
        year=skp.year,
        appraiser=_ref(appraiser.employee_id, names) if appraiser else None,
        superior=_ref(superior_id, names) if superior_id else None,
        superior_skp=_brief(superior_skp) if superior_skp else None,
        superior_work_results=[
            SuperiorWorkResult(
                id=r.id,
                kind=r.kind,
                statement=r.statement,
                indicators=[i.name for i in r.indicators],
            )
            for r in sorted(superior_skp.work_results, key=rhk_order)
        ]
        if superior_skp
        else [],
        goals_allowed=allowed,
        goals=goals,
    )


# ---- the cascade tree ----------------------------------------------------------------------


class _TreeBuilder:
    """Nests RHK under what they refer to; never loops, even on inconsistent data."""

    def __init__(
        self,
        skps: Mapping[uuid.UUID, Skp],
        work_results: Sequence[SkpWorkResult],
        indicators: Mapping[uuid.UUID, list[IndicatorRead]],
        names: Mapping[uuid.UUID, str],
        positions: Mapping[uuid.UUID, str],
    ) -> None:
        self.skps = skps
        self.indicators = indicators
        self.names = names
        self.positions = positions
        self.children: dict[uuid.UUID, list[SkpWorkResult]] = defaultdict(list)
        self.by_goal: dict[uuid.UUID, list[SkpWorkResult]] = defaultdict(list)
        self.by_indicator: dict[uuid.UUID, list[SkpWorkResult]] = defaultdict(list)
        self.unlinked: list[SkpWorkResult] = []
        for rhk in sorted(work_results, key=self._order):
            if rhk.parent_id is not None:
                self.children[rhk.parent_id].append(rhk)
            elif rhk.goal_id is not None:
                self.by_goal[rhk.goal_id].append(rhk)
            elif rhk.key_indicator_id is not None:
                self.by_indicator[rhk.key_indicator_id].append(rhk)
            else:
                self.unlinked.append(rhk)
        self.visited: set[uuid.UUID] = set()
        self.all = list(work_results)

    def _order(self, rhk: SkpWorkResult) -> tuple[str, tuple[object, ...]]:
        owner = self.skps[rhk.skp_id].employee_id
        return (self.names.get(owner, ""), rhk_order(rhk))

    def node(self, rhk: SkpWorkResult) -> CascadeWorkResult:
        self.visited.add(rhk.id)
        skp = self.skps[rhk.skp_id]
        return CascadeWorkResult(
            id=rhk.id,
            kind=rhk.kind,
            statement=rhk.statement,
            perspective=rhk.perspective,
            employee=EmployeeRef(id=skp.employee_id, name=self.names.get(skp.employee_id, "")),
            position_name=skp.position_name or self.positions.get(skp.employee_id),
            skp=_brief(skp),
            indicators=self.indicators.get(rhk.id, []),
            children=[self.node(c) for c in self.children[rhk.id] if c.id not in self.visited],
        )

    def nodes(self, rows: Iterable[SkpWorkResult]) -> list[CascadeWorkResult]:
        return [self.node(r) for r in rows if r.id not in self.visited]


def _goal_order(goal: OrganizationGoal) -> tuple[bool, str]:
    return (goal.kind is not GoalKind.TUJUAN, goal.code)


async def cascade_tree(
    session: AsyncSession,
    org: Organization,
    year: int,
    today: date,
    goal_id: uuid.UUID | None = None,
    opd_id: uuid.UUID | None = None,
) -> CascadeTree:
    """The two-level cascade of ``year``: instansi goals (RPJMD) → the OPD goals serving them
    → the RHK referring to those goals and IKU → the RHK cascading from them, nested; needs
    without owners; instansi goals no OPD serves; work without a need.

    ``opd_id`` limits it to one OPD: its goals, its people's RHK and the instansi goals it
    works on. Eight queries (seven when no OPD has goals), whatever the organization's size.
    """
    goals = list(
        await session.scalars(
            select(OrganizationGoal).where(
                OrganizationGoal.organization_id == org.id, OrganizationGoal.year == year
            )
        )
    )
    if goal_id is not None and goal_id not in {g.id for g in goals}:
        raise GoalNotFound(year=year)
    key_indicators = list(
        await session.scalars(
            select(KeyIndicator).where(
                KeyIndicator.organization_id == org.id, KeyIndicator.year == year
            )
        )
    )
    in_year = and_(Skp.organization_id == org.id, Skp.year == year)
    if opd_id is not None:
        in_year = and_(in_year, Skp.employee_id.in_(opd_member_ids_select(opd_id)))
    skps = {s.id: s for s in await session.scalars(select(Skp).where(in_year))}
    work_results = list(
        await session.scalars(
            select(SkpWorkResult).join(Skp, Skp.id == SkpWorkResult.skp_id).where(in_year)
        )
    )
    indicators: dict[uuid.UUID, list[IndicatorRead]] = defaultdict(list)
    for row in await session.scalars(
        select(SkpIndicator)
        .join(Skp, Skp.id == SkpIndicator.skp_id)
        .where(in_year)
        .order_by(SkpIndicator.sort_order, SkpIndicator.id)
    ):
        indicators[row.work_result_id].append(IndicatorRead.model_validate(row))
    owners = {s.employee_id for s in skps.values()}
    names = await employee_names(session, owners)
    unsubmitted = [s.employee_id for s in skps.values() if s.position_name is None]
    held = await current_positions(session, unsubmitted, today)
    builder = _TreeBuilder(
        skps, work_results, indicators, names, {eid: p.name for eid, (p, _) in held.items()}
    )
    opd_ids = {g.unit_id for g in goals if g.unit_id is not None}
    opds = (
        {
            u.id: UnitBrief.model_validate(u)
            for u in await session.scalars(select(Unit).where(Unit.id.in_(opd_ids)))
        }
        if opd_ids
        else {}
    )
    return _CascadeAssembler(goals, key_indicators, builder, opds, opd_id).tree(
        org.id, year, goal_id
    )


class _CascadeAssembler:
    """Places each goal once: an OPD goal serving an instansi goal under that goal's
    ``opd_goals``, else under its parent (same level), else at the top."""

    def __init__(
        self,
        goals: Sequence[OrganizationGoal],
        key_indicators: Sequence[KeyIndicator],
        builder: _TreeBuilder,
        opds: Mapping[uuid.UUID, UnitBrief],
        opd_id: uuid.UUID | None,
    ) -> None:
        self.builder = builder
        self.opds = opds
        self.opd_id = opd_id
        self.all_goals = list(goals)
        known = {g.id: g for g in goals}
        self.known = known
        # Another OPD's goals drop out of a one-OPD tree (they still count as serving).
        shown = [g for g in goals if opd_id is None or g.unit_id in (None, opd_id)]
        self.by_parent: dict[uuid.UUID | None, list[OrganizationGoal]] = defaultdict(list)
        self.serving: dict[uuid.UUID, list[OrganizationGoal]] = defaultdict(list)
        for goal in sorted(shown, key=lambda g: (self._opd_name(g), *_goal_order(g))):
            served = known.get(goal.serves_goal_id) if goal.serves_goal_id else None
            if goal.unit_id is not None and served is not None and served.unit_id is None:
                self.serving[served.id].append(goal)
            else:
                parent = known.get(goal.parent_id) if goal.parent_id else None
                self.by_parent[parent.id if parent is not None else None].append(goal)
        self.iku_of: dict[uuid.UUID, list[KeyIndicator]] = defaultdict(list)
        for iku in sorted(key_indicators, key=lambda i: i.code):
            self.iku_of[iku.goal_id].append(iku)
        self.unowned: list[UnownedGoal] = []
        self.placed: set[uuid.UUID] = set()

    def _opd_name(self, goal: OrganizationGoal) -> str:
        opd = self.opds.get(goal.unit_id) if goal.unit_id else None
        return opd.name if opd is not None else ""

    def below(self, goal: OrganizationGoal) -> list[OrganizationGoal]:
        return [*self.serving[goal.id], *self.by_parent[goal.id]]

    def is_owned(self, goal: OrganizationGoal, seen: frozenset[uuid.UUID] = frozenset()) -> bool:
        if goal.id in seen:
            return False
        seen = seen | {goal.id}
        by_indicator = self.builder.by_indicator
        return (
            bool(self.builder.by_goal[goal.id])
            or any(by_indicator[i.id] for i in self.iku_of[goal.id])
            or any(self.is_owned(g, seen) for g in self.below(goal))
        )

    def lists_unowned(self, goal: OrganizationGoal) -> bool:
        return self.opd_id is None or goal.unit_id == self.opd_id

    def node(self, goal: OrganizationGoal) -> CascadeGoal:
        # Pre-order: a goal's own entry, then its IKU, then what sits below it.
        self.placed.add(goal.id)
        builder = self.builder
        if self.lists_unowned(goal):
            if goal.is_active and not self.is_owned(goal):
                self.unowned.append(
                    UnownedGoal(
                        type="goal",
                        id=goal.id,
                        code=goal.code,
                        name=goal.statement,
                        opd_id=goal.unit_id,
                    )
                )
            served_by_opd = goal.unit_id is None and bool(self.serving[goal.id])
            self.unowned.extend(
                UnownedGoal(
                    type="key_indicator", id=i.id, code=i.code, name=i.name, opd_id=i.unit_id
                )
                for i in self.iku_of[goal.id]
                if i.is_active and not builder.by_indicator[i.id] and not served_by_opd
            )
        return CascadeGoal(
            id=goal.id,
            code=goal.code,
            kind=goal.kind.value,
            statement=goal.statement,
            is_active=goal.is_active,
            opd=self.opds.get(goal.unit_id) if goal.unit_id else None,
            serves_goal_id=goal.serves_goal_id,
            key_indicators=[
                CascadeKeyIndicator(
                    **KeyIndicatorRead.model_validate(i).model_dump(exclude={"target_type"}),
                    work_results=builder.nodes(builder.by_indicator[i.id]),
                )
                for i in self.iku_of[goal.id]
            ],
            work_results=builder.nodes(builder.by_goal[goal.id]),
            opd_goals=[self.node(g) for g in self.serving[goal.id] if g.id not in self.placed],
            children=[self.node(g) for g in self.by_parent[goal.id] if g.id not in self.placed],
        )

    def unserved(self) -> list[UnservedGoal]:
        """Active instansi goals no active OPD goal serves, itself or through a sasaran."""
        served = served_goal_ids(self.all_goals)
        return [
            UnservedGoal(id=g.id, code=g.code, kind=g.kind.value, statement=g.statement)
            for g in sorted(self.all_goals, key=_goal_order)
            if g.unit_id is None and g.is_active and g.id not in served
        ]

    def tree(self, org_id: uuid.UUID, year: int, goal_id: uuid.UUID | None) -> CascadeTree:
        builder = self.builder
        if goal_id is not None:
            roots = [self.known[goal_id]]
        else:
            tops = self.by_parent[None]
            roots = [g for g in tops if g.unit_id is None] + [g for g in tops if g.unit_id]
        tree = [self.node(g) for g in roots if g.id not in self.placed]
        if self.opd_id is not None:
            tree = [n for n in tree if n.opd is not None or _has_work(n)]
        orphans = builder.nodes(builder.unlinked)
        if goal_id is None:
            # RHK never reached (their parent chain loops, which the rules prevent but old
            # data could hold) still show up, so the tree is complete.
            orphans += builder.nodes(r for r in sorted(builder.all, key=builder._order))
        return CascadeTree(
            organization_id=org_id,
            opd_id=self.opd_id,
            year=year,
            goals=tree,
            unowned_goals=self.unowned,
            unserved_goals=self.unserved(),
            orphan_work_results=orphans,
        )


def _has_work(node: CascadeGoal) -> bool:
    """Whether an OPD goal or an RHK sits anywhere below an instansi goal's node (pruning the
    instansi goals a one-OPD tree leaves out); prunes the node's children in place."""
    node.children = [c for c in node.children if _has_work(c)]
    return bool(
        node.opd_goals
        or node.work_results
        or any(i.work_results for i in node.key_indicators)
        or node.children
    )


# ---- what blocks me, who waits on whom -----------------------------------------------------


#: Admins who answer for something: the employee's OPD (``Fixer.ADMIN``) or the instansi.
AdminsToAsk = Mapping[Fixer, tuple[AdminLevel, Sequence[AdminContact]]]


def blocker_read(
    blocker: Blocker, employee: EmployeeRef, admins: AdminsToAsk | None = None
) -> BlockerRead:
    """Shape a blocker for its employee, naming who can fix it: the person the rules name,
    the employee themself, or the admins looked up beforehand (``admins``, by the rules'
    ``Fixer.ADMIN``/``Fixer.INSTANSI_ADMIN``; without them the role stays ``admin``)."""
    person = blocker.fixer_person
    role = blocker.fixer
    if role is Fixer.SELF:
        person = PersonRef(employee.id, employee.name)
    people: list[FixerPerson] = []
    found = (admins or {}).get(role)
    if found is not None and found[1]:
        level, contacts = found
        role = Fixer(level.value)
        people = [
            FixerPerson(role=role, name=c.name, employee_id=c.employee_id, user_id=c.user_id)
            for c in contacts
        ]
    elif person is not None:
        people = [
            FixerPerson(role=role, name=person.name, employee_id=person.employee_id, user_id=None)
        ]
    return BlockerRead(
        code=blocker.code,
        message=blocker.message(),
        blocks_submit=blocker.blocks_submit,
        fixed_by=BlockerFixer(
            role=role,
            employee=EmployeeRef(id=person.employee_id, name=person.name) if person else None,
            people=people,
        ),
        related_skp_id=blocker.related_skp_id,
    )


async def my_blockers(
    session: AsyncSession, org: Organization, employee: Employee, year: int, today: date
) -> MySkpBlockers:
    """Everything between the employee and an approved SKP of ``year``, in plain words,
    each with the people who can actually fix it. The regional head has no SKP: nothing,
    with a note saying so."""
    me = EmployeeRef(id=employee.id, name=employee.name)
    if employee.kind is EmployeeKind.REGIONAL_HEAD:
        return MySkpBlockers(
            year=year,
            employee=me,
            skp=None,
            deadline=organization_settings(org).skp.deadline(year),
            blockers=[],
            skp_required=False,
            note=t(NO_SKP_NOTE),
        )
    skp = await session.scalar(
        select(Skp)
        .where(Skp.organization_id == org.id, Skp.employee_id == employee.id, Skp.year == year)
        .options(full_load())
    )
    resolution = await appraisers_of(session, employee.id, today)
    facts = await skp_facts(session, org, today, employee.id, year, skp, resolution)
    found = blockers_of(facts)
    admins: dict[Fixer, tuple[AdminLevel, Sequence[AdminContact]]] = {}
    if any(b.fixer is Fixer.ADMIN for b in found):
        admins[Fixer.ADMIN] = await admins_to_ask(session, org.id, employee.opd_id)
    if any(b.fixer is Fixer.INSTANSI_ADMIN for b in found):
        admins[Fixer.INSTANSI_ADMIN] = await admins_to_ask(session, org.id)
    return MySkpBlockers(
        year=year,
        employee=me,
        skp=_brief(skp) if skp else None,
        deadline=facts.deadline,
        blockers=[blocker_read(b, me, admins) for b in found],
    )


async def waiting(
    session: AsyncSession,
    org: Organization,
    year: int,
    today: date,
    page: PageParams,
    opd_id: uuid.UUID | None = None,
) -> tuple[list[WaitingItem], str | None]:
    """Employees whose SKP (draft, returned or revising) cannot be submitted because a
    superior's SKP is missing or not approved, and on whom they wait.

    Eleven queries for the whole organization; the page is cut in Python by (name, id).
    """
    skps = list(
        await session.scalars(
            select(Skp)
            .where(
                Skp.organization_id == org.id,
                Skp.year == year,
                Skp.state.in_(EDITABLE_STATES),
                Skp.employee_id.in_(opd_member_ids_select(opd_id)) if opd_id else true(),
            )
            .options(full_load())
        )
    )
    resolutions = await appraisers_of_many(session, org.id, [s.employee_id for s in skps], today)
    superiors = await cascade_superiors(session, resolutions, today)
    superior_ids = {i for i in superiors.values() if i is not None}
    superior_skps = await skps_of_year(session, org.id, superior_ids, year)
    parents = await referenced_skps(session, skps)
    appraiser_ids = {r.appraiser.employee_id for r in resolutions.values() if r.appraiser}
    names = await employee_names(
        session,
        {s.employee_id for s in skps}
        | superior_ids
        | appraiser_ids
        | {p.owner_id for p in parents.values()},
    )
    leaders = await opd_heads(session, resolutions)
    settings = organization_settings(org)
    others = {k.id: k for k in [*superior_skps.values(), *parents.values()]}
    items: list[tuple[str, uuid.UUID, WaitingItem]] = []
    for skp in skps:
        superior_id = superiors[skp.employee_id]
        facts = build_facts(
            year=year,
            today=today,
            settings=settings,
            skp=skp,
            resolution=resolutions[skp.employee_id],
            names=names,
            superior_id=superior_id,
            superior_skp=superior_skps.get(superior_id) if superior_id else None,
            parents=parents,
            leads_opd=skp.employee_id in leaders,
        )
        waits = [
            WaitingFor(
                employee=EmployeeRef(id=b.waits_on.employee_id, name=b.waits_on.name),
                skp=_key_brief(others[b.related_skp_id]) if b.related_skp_id else None,
                code=b.code,
            )
            for b in blockers_of(facts)
            if b.code in WAITING_CODES and b.waits_on is not None
        ]
        if waits:
            name = names.get(skp.employee_id, "")
            item = WaitingItem(
                employee=EmployeeRef(id=skp.employee_id, name=name),
                skp=_brief(skp),
                waiting_for=waits,
            )
            items.append((name, skp.id, item))
    items.sort(key=lambda x: (x[0], x[1]))
    if page.cursor:
        data = decode_cursor(page.cursor)
        if len(data) == 3 and data[0] == "name":
            after = (str(data[1]), str(data[2]))
            items = [x for x in items if (x[0], str(x[1])) > after]
    selected = items[: page.limit]
    cursor = None
    if len(items) > page.limit:
        last = selected[-1]
        cursor = encode_cursor(["name", last[0], last[1]])
    return [x[2] for x in selected], cursor


# ---- who is late ---------------------------------------------------------------------------


def end_of_day_utc(org: Organization, day: date) -> datetime:
    """The first instant after ``day`` in the organization's time zone, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=org_zone(org)).astimezone(UTC)


async def late(
    session: AsyncSession,
    org: Organization,
    year: int,
    today: date,
    page: PageParams,
    opd_id: uuid.UUID | None = None,
) -> LatePage:
    """Employees serving on the deadline whose SKP of ``year`` was not approved by the end of
    the deadline day (organization time): none, never approved, or first approved later.
    Empty until the deadline has passed. Sorted by name."""
    deadline = organization_settings(org).skp.deadline(year)
    if today <= deadline:
        return LatePage(items=[], next_cursor=None, limit=page.limit, year=year, deadline=deadline)
    cutoff = end_of_day_utc(org, deadline)
    serving = select(EmployeePosition.employee_id).where(
        EmployeePosition.organization_id == org.id, assignment_active_on(deadline)
    )
    stmt = (
        select(Employee)
        .outerjoin(
            Skp,
            and_(Skp.employee_id == Employee.id, Skp.organization_id == org.id, Skp.year == year),
        )
        .where(
            Employee.organization_id == org.id,
            Employee.kind == EmployeeKind.ASN,  # the regional head has no SKP
            Employee.opd_id == opd_id if opd_id else true(),
            Employee.status.in_(SERVING),
            Employee.id.in_(serving),
            or_(Skp.id.is_(None), Skp.first_approved_at.is_(None), Skp.first_approved_at >= cutoff),
        )
    )
    rows, cursor = await paginate(
        session,
        stmt,
        page,
        sorts={"name": Employee.name},
        default_sort="name",
        id_column=Employee.id,
    )
    found = (
        {
            s.employee_id: s
            for s in await session.scalars(
                select(Skp).where(
                    Skp.organization_id == org.id,
                    Skp.year == year,
                    Skp.employee_id.in_([e.id for e in rows]),
                )
            )
        }
        if rows
        else {}
    )
    held = await current_positions(session, [e.id for e in rows], today)
    items = []
    for employee in rows:
        skp = found.get(employee.id)
        position = held.get(employee.id)
        if skp is None:
            status = LateStatus.MISSING
        elif skp.first_approved_at is None:
            status = LateStatus.NOT_APPROVED
        else:
            status = LateStatus.APPROVED_LATE
        items.append(
            LateItem(
                employee=EmployeeRef(id=employee.id, name=employee.name),
                position=PositionBrief.model_validate(position[0]) if position else None,
                unit=UnitBrief.model_validate(position[1]) if position else None,
                status=status,
                skp=_brief(skp) if skp else None,
                submitted_at=skp.submitted_at if skp else None,
                first_approved_at=skp.first_approved_at if skp else None,
            )
        )
    return LatePage(items=items, next_cursor=cursor, limit=page.limit, year=year, deadline=deadline)
