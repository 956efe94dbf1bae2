"""Row-level scope from the position chain: "own / subordinates / organization".

This is THE place later domains (SKP, daily activity reports, appraisals, dialogues) ask
"whose data may this person see or act on?". Everything is derived from data, never from the
account's role name:

* **own** — the employee linked to the account (``Principal.employee_id``);
* **subordinates** — employees holding, on a date, a position below any position the person
  holds on that date, directly or indirectly, following ``positions.superior_id``. Positions
  held as acting official (PLT/PLH) count exactly like definitive ones, so a PLT of a Kepala
  Seksi sees that section's staff for the dates of the PLT. A definitive holder keeps their
  scope while a PLH stands in for them. Employees for whom an admin override names the
  person as appraiser (depth 1) or appraiser's superior (depth 2) are included for the
  override's dates;
* **organization** — admins (``Perm.EMPLOYEES_READ_ALL``) of the organization, and
  platform admins.

Typical use in another domain::

    scope = await employee_scope(session, principal, org.id, on=today)
    stmt = select(Skp).where(Skp.organization_id == org.id, scope.clause(Skp.employee_id))

or, when only the subordinates matter (e.g. a supervisor's review queue)::

    stmt = select(ActivityReport).where(
        ActivityReport.employee_id.in_(subordinate_ids_select(principal.employee_id, today))
    )

All dates are inclusive (an assignment counts on its start and end dates). The statements
are plain SQL (a recursive CTE) and run on SQLite and PostgreSQL; nothing is loaded per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Integer,
    Select,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Subquery

from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.organizations.chain import (
    AppraiserResolution,
    Holding,
    OverrideRule,
    resolve_appraisers,
    resolve_appraisers_many,
)
from kinerja_api.organizations.errors import OutsideOpd
from kinerja_api.organizations.models import (
    AppraiserOverride,
    Employee,
    EmployeePosition,
    Position,
    Unit,
)

#: Guard against corrupt data: no real chain of command is this deep.
MAX_CHAIN_DEPTH = 64


def assignment_active_on(on: date) -> ColumnElement[bool]:
    """``employee_positions`` rows that apply on ``on`` (start and end inclusive)."""
    return and_(
        EmployeePosition.start_date <= on,
        or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= on),
    )


def override_active_on(on: date) -> ColumnElement[bool]:
    """``appraiser_overrides`` rows that apply on ``on`` (not revoked, dates inclusive)."""
    return and_(
        AppraiserOverride.revoked_at.is_(None),
        AppraiserOverride.valid_from <= on,
        or_(AppraiserOverride.valid_to.is_(None), AppraiserOverride.valid_to >= on),
    )


def subordinates_select(
    employee_id: uuid.UUID, on: date, *, direct_only: bool = False
) -> Select[Any]:
    """SELECT ``(employee_id, depth)`` of the subordinates of ``employee_id`` on ``on``.

    ``depth`` is 1 for direct subordinates (holders of positions whose superior position the
    employee holds, and employees the employee appraises by override), 2 for theirs, and so
    on; an employee reachable along several paths appears once with the smallest depth. The
    employee themself is never included. ``direct_only`` keeps depth 1.
    """
    held = select(EmployeePosition.position_id).where(
        EmployeePosition.employee_id == employee_id, assignment_active_on(on)
    )
    anchor = select(Position.id.label("position_id"), literal(1, Integer).label("depth")).where(
        Position.superior_id.in_(held)
    )
    positions: Subquery | CTE
    if direct_only:
        positions = anchor.subquery("subordinate_positions")
    else:
        # Anonymous: one statement may hold several of these (e.g. subordinates on two days),
        # and CTEs are hoisted to the top of the statement where names must be unique.
        tree = anchor.cte(recursive=True)
        child = aliased(Position, name="child_position")
        tree = tree.union_all(
            select(child.id, tree.c.depth + 1).where(
                child.superior_id == tree.c.position_id, tree.c.depth < MAX_CHAIN_DEPTH
            )
        )
        positions = tree
    by_chain = (
        select(EmployeePosition.employee_id.label("employee_id"), positions.c.depth)
        .join(positions, EmployeePosition.position_id == positions.c.position_id)
        .where(assignment_active_on(on), EmployeePosition.employee_id != employee_id)
    )
    by_override = select(
        AppraiserOverride.employee_id.label("employee_id"),
        literal(1, Integer).label("depth"),
    ).where(
        AppraiserOverride.appraiser_id == employee_id,
        AppraiserOverride.employee_id != employee_id,
        override_active_on(on),
    )
    parts = [by_chain, by_override]
    if not direct_only:
        parts.append(
            select(
                AppraiserOverride.employee_id.label("employee_id"),
                literal(2, Integer).label("depth"),
            ).where(
                AppraiserOverride.appraiser_superior_id == employee_id,
                AppraiserOverride.employee_id != employee_id,
                override_active_on(on),
            )
        )
    found = union_all(*parts).subquery("subordinates")
    return select(
        found.c.employee_id.label("employee_id"), func.min(found.c.depth).label("depth")
    ).group_by(found.c.employee_id)


def subordinate_ids_select(
    employee_id: uuid.UUID, on: date, *, direct_only: bool = False
) -> Select[Any]:
    """Only the ids of :func:`subordinates_select`, for ``column.in_(...)`` filters."""
    sub = subordinates_select(employee_id, on, direct_only=direct_only).subquery()
    return select(sub.c.employee_id)


async def subordinate_employee_ids(
    session: AsyncSession, employee_id: uuid.UUID, on: date, *, direct_only: bool = False
) -> set[uuid.UUID]:
    """The direct and indirect subordinates of ``employee_id`` on ``on`` (one query).

    See the module documentation for what counts as a subordinate.
    """
    rows = await session.execute(subordinate_ids_select(employee_id, on, direct_only=direct_only))
    return set(rows.scalars())


async def subordinate_depths(
    session: AsyncSession, employee_id: uuid.UUID, on: date, among: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Depth (1 = direct) of each of ``among`` that is a subordinate (one query)."""
    ids = list(among)
    if not ids:
        return {}
    sub = subordinates_select(employee_id, on).subquery()
    rows = await session.execute(
        select(sub.c.employee_id, sub.c.depth).where(sub.c.employee_id.in_(ids))
    )
    return {eid: int(depth) for eid, depth in rows}


@dataclass(frozen=True)
class EmployeeScope:
    """Whose employee data a principal may see in full within one organization on a date.

    Admin reach is ``organization_wide`` for instansi admins and platform admins, and the
    members of one OPD (``opd_id``, ``opd_member_ids``) for an OPD admin.
    """

    organization_id: uuid.UUID
    on: date
    organization_wide: bool
    own_employee_id: uuid.UUID | None
    subordinate_ids: frozenset[uuid.UUID]
    opd_id: uuid.UUID | None = None
    opd_member_ids: frozenset[uuid.UUID] = frozenset()

    def administers(self, employee_id: uuid.UUID) -> bool:
        """Whether admin powers reach the employee (whole organization, or one's OPD)."""
        return self.organization_wide or employee_id in self.opd_member_ids

    def includes(self, employee_id: uuid.UUID) -> bool:
        return (
            self.administers(employee_id)
            or employee_id == self.own_employee_id
            or employee_id in self.subordinate_ids
        )

    def is_subordinate(self, employee_id: uuid.UUID) -> bool:
        return employee_id in self.subordinate_ids

    def clause(self, employee_id_column: Any) -> ColumnElement[bool]:
        """SQL condition on an employee-id column of another table (tenant filter apart)."""
        if self.organization_wide:
            return true()
        col: ColumnElement[Any] = employee_id_column
        parts: list[ColumnElement[bool]] = []
        if self.opd_id is not None:
            parts.append(col.in_(opd_member_ids_select(self.opd_id)))
        if self.own_employee_id is not None:
            parts.append(col == self.own_employee_id)
            parts.append(col.in_(subordinate_ids_select(self.own_employee_id, self.on)))
        return or_(*parts) if parts else false()


def opd_member_ids_select(opd_id: uuid.UUID) -> Select[uuid.UUID]:
    """Ids of the employees who belong to an OPD (``employees.opd_id``)."""
    return select(Employee.id).where(Employee.opd_id == opd_id)


async def employee_scope(
    session: AsyncSession, principal: Principal, organization_id: uuid.UUID, on: date
) -> EmployeeScope:
    """Resolve the principal's scope in ``organization_id`` (at most two queries)."""
    admin = principal.has(Perm.EMPLOYEES_READ_ALL) and principal.can_access_org(organization_id)
    wide = admin and not principal.is_opd_admin
    own = principal.employee_id if principal.organization_id == organization_id else None
    subordinates: set[uuid.UUID] = set()
    if not wide and own is not None:
        subordinates = await subordinate_employee_ids(session, own, on)
    if admin and principal.opd_id is not None:
        members = frozenset((await session.scalars(opd_member_ids_select(principal.opd_id))).all())
        return EmployeeScope(
            organization_id, on, False, own, frozenset(subordinates), principal.opd_id, members
        )
    return EmployeeScope(organization_id, on, wide, own, frozenset(subordinates))


async def opd_of_unit(session: AsyncSession, unit_id: uuid.UUID) -> uuid.UUID | None:
    """The OPD of a unit: its top-level ancestor (itself for a top-level unit); ``None`` for
    a unit that does not exist. One query."""
    up = (
        select(Unit.id, Unit.parent_id, literal(0, Integer).label("depth"))
        .where(Unit.id == unit_id)
        .cte("opd_up", recursive=True)
    )
    parent = aliased(Unit)
    up = up.union_all(
        select(parent.id, parent.parent_id, (up.c.depth + 1).label("depth"))
        .join(up, parent.id == up.c.parent_id)
        .where(up.c.depth < MAX_CHAIN_DEPTH)
    )
    found: uuid.UUID | None = await session.scalar(
        select(up.c.id).where(up.c.parent_id.is_(None)).limit(1)
    )
    return found


def unit_subtree_cte(unit_id: uuid.UUID) -> CTE:
    """Recursive CTE ``(id, depth)`` of a unit and every unit below it (depth 0: the unit)."""
    tree = (
        select(Unit.id.label("id"), literal(0, Integer).label("depth"))
        .where(Unit.id == unit_id)
        .cte(recursive=True)  # anonymous: a statement may combine several subtrees
    )
    child = aliased(Unit, name="child_unit")
    return tree.union_all(
        select(child.id, tree.c.depth + 1).where(
            child.parent_id == tree.c.id, tree.c.depth < MAX_CHAIN_DEPTH
        )
    )


def unit_subtree_ids_select(unit_id: uuid.UUID) -> Select[Any]:
    """Ids of a unit and every unit below it, for ``in_`` filters."""
    return select(unit_subtree_cte(unit_id).c.id)


async def opd_by_unit(
    session: AsyncSession, organization_id: uuid.UUID
) -> dict[uuid.UUID, uuid.UUID]:
    """Every unit of an organization with its OPD (one query; the tree is walked here)."""
    rows = await session.execute(
        select(Unit.id, Unit.parent_id).where(Unit.organization_id == organization_id)
    )
    parents: dict[uuid.UUID, uuid.UUID | None] = {unit_id: parent for unit_id, parent in rows}
    out: dict[uuid.UUID, uuid.UUID] = {}
    for unit_id in parents:
        top, depth = unit_id, 0
        while parents.get(top) is not None and depth < MAX_CHAIN_DEPTH:
            top, depth = parents[top] or top, depth + 1
        out[unit_id] = top
    return out


async def admin_reaches(
    session: AsyncSession,
    principal: Principal,
    perm: Perm,
    organization_id: uuid.UUID,
    employee_id: uuid.UUID,
) -> bool:
    """Whether ``perm`` (an organization-wide read or admin permission) reaches one
    employee's data: in the caller's organization, and for an OPD admin in their OPD."""
    if not (principal.has(perm) and principal.can_access_org(organization_id)):
        return False
    if not principal.is_opd_admin:
        return True
    opd = await session.scalar(select(Employee.opd_id).where(Employee.id == employee_id))
    return opd == principal.opd_id


def admin_clause(
    principal: Principal, perm: Perm, organization_id: uuid.UUID, employee_id_column: Any
) -> ColumnElement[bool]:
    """SQL form of :func:`admin_reaches` on an employee-id column (tenant filter apart)."""
    if not (principal.has(perm) and principal.can_access_org(organization_id)):
        return false()
    if principal.opd_id is not None and principal.is_opd_admin:
        col: ColumnElement[Any] = employee_id_column
        return col.in_(opd_member_ids_select(principal.opd_id))
    return true()


def opd_filter(principal: Principal, requested: uuid.UUID | None) -> uuid.UUID | None:
    """The OPD an organization-wide view is limited to: the one asked for (``opd_id``
    query parameter), and for an OPD admin always their own (asking for another: 403)."""
    if principal.is_opd_admin:
        require_opd_reach(principal, requested if requested is not None else principal.opd_id)
        return principal.opd_id
    return requested


async def position_unit(session: AsyncSession, position_id: uuid.UUID) -> uuid.UUID | None:
    """The unit of a position (one query)."""
    return await session.scalar(select(Position.unit_id).where(Position.id == position_id))


async def require_unit_reach(
    session: AsyncSession, principal: Principal, unit_id: uuid.UUID | None
) -> None:
    """403 ``outside_opd`` when an OPD admin touches a unit outside their OPD (``None``: the
    top of the instansi, where new OPDs are created, is the instansi admins' own)."""
    if not principal.is_opd_admin:
        return
    if unit_id is None:
        require_opd_reach(principal, None)
        return
    opd = await opd_of_unit(session, unit_id)
    if opd is not None:  # a unit that is not there: the operation's own check answers (422)
        require_opd_reach(principal, opd)


def require_opd_reach(principal: Principal, opd_id: uuid.UUID | None) -> None:
    """403 unless the principal's admin reach covers the OPD (OPD admins: their own only)."""
    if not principal.reaches_opd(opd_id):
        raise OutsideOpd()


# ---- appraisers ----------------------------------------------------------------------------


#: Up to this many people, appraisers are resolved from their own chains; beyond it (views
#: over a whole organization) from the organization's whole chain, loaded at once.
CHAIN_LOAD_LIMIT = 200


async def _ancestors(
    session: AsyncSession, start: set[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID | None]:
    """``position → superior position`` for ``start`` and every position above them."""
    if not start:
        return {}
    tree = (
        select(Position.id, Position.superior_id, literal(0, Integer).label("depth"))
        .where(Position.id.in_(start))
        .cte("position_ancestors", recursive=True)
    )
    parent = aliased(Position, name="parent_position")
    tree = tree.union_all(
        select(parent.id, parent.superior_id, tree.c.depth + 1).where(
            parent.id == tree.c.superior_id, tree.c.depth < MAX_CHAIN_DEPTH
        )
    )
    rows = await session.execute(select(tree.c.id, tree.c.superior_id).distinct())
    return {pid: sup for pid, sup in rows}


def _override_rule(override: AppraiserOverride) -> OverrideRule:
    return OverrideRule(
        employee_id=override.employee_id,
        appraiser_id=override.appraiser_id,
        appraiser_superior_id=override.appraiser_superior_id,
        valid_from=override.valid_from,
        valid_to=override.valid_to,
        id=override.id,
    )


def _holding(row: EmployeePosition) -> Holding:
    return Holding(
        employee_id=row.employee_id,
        position_id=row.position_id,
        kind=row.kind,
        start_date=row.start_date,
        end_date=row.end_date,
        id=row.id,
    )


async def appraisers_of(
    session: AsyncSession,
    employee_id: uuid.UUID,
    on: date,
    *,
    position_id: uuid.UUID | None = None,
) -> AppraiserResolution:
    """The employee's appraiser and appraiser's superior on ``on`` (four queries).

    Loads only what the chain needs — the employee's active override, the positions held by
    the people involved, those positions' ancestors and their holders — and hands it to the
    pure :func:`kinerja_api.organizations.chain.resolve_appraisers`. ``position_id`` resolves
    from that position instead of the one the employee holds on ``on`` (an appraisal's
    snapshot position: a later transfer does not change who appraises that period).
    """
    override = await session.scalar(
        select(AppraiserOverride)
        .where(AppraiserOverride.employee_id == employee_id, override_active_on(on))
        .order_by(AppraiserOverride.valid_from.desc())
        .limit(1)
    )
    people = {employee_id}
    if override is not None:
        people |= {p for p in (override.appraiser_id, override.appraiser_superior_id) if p}
    own_rows = list(
        await session.scalars(
            select(EmployeePosition).where(
                EmployeePosition.employee_id.in_(people), assignment_active_on(on)
            )
        )
    )
    superior_of: dict[uuid.UUID, uuid.UUID | None] = {}
    holdings = {row.id: _holding(row) for row in own_rows}
    start = {row.position_id for row in own_rows} | ({position_id} if position_id else set())
    if start:
        superior_of = await _ancestors(session, start)
        # Holders of every position on those chains (including the people's own positions:
        # one may be the superior position of another, with a PLH standing in).
        for row in await session.scalars(
            select(EmployeePosition).where(
                EmployeePosition.position_id.in_(set(superior_of)), assignment_active_on(on)
            )
        ):
            holdings[row.id] = _holding(row)
    rules = []
    if override is not None:
        rules.append(_override_rule(override))
    return resolve_appraisers(
        employee_id,
        on,
        superior_of=superior_of,
        holdings=holdings.values(),
        overrides=rules,
        position_id=position_id,
    )


async def appraisers_of_many(
    session: AsyncSession,
    organization_id: uuid.UUID,
    employee_ids: Iterable[uuid.UUID],
    on: date,
) -> dict[uuid.UUID, AppraiserResolution]:
    """:func:`appraisers_of` for many employees of one organization, in at most four queries.

    Loads the employees' active overrides and the position chains above them (the
    organization's whole chain for large sets, see :func:`appraisers_on_dates`) once, then
    resolves each employee with the same pure rules
    (:func:`~kinerja_api.organizations.chain.resolve_appraisers_many`). For
    organization-wide views (who waits on whom) where per-employee queries would not scale.
    """
    ids = set(employee_ids)
    found = await appraisers_on_dates(session, organization_id, {(eid, on) for eid in ids})
    return {eid: found[(eid, on)] for eid in ids}


async def appraisers_on_dates(
    session: AsyncSession,
    organization_id: uuid.UUID,
    pairs: Iterable[tuple[uuid.UUID, date]],
) -> dict[tuple[uuid.UUID, date], AppraiserResolution]:
    """The appraiser of each (employee, date) of one organization, in three or four queries.

    Like :func:`appraisers_of_many` but for several dates at once (a batch approval of
    reports filed on different days): the assignments and overrides loaded are those
    overlapping the span of the dates; the pure rules pick the ones active on each date.
    Up to :data:`CHAIN_LOAD_LIMIT` people only their chains are loaded (overrides, their
    assignments, the positions above them, those positions' holders); beyond it the
    organization's whole chain (overrides, positions, assignments).
    """
    wanted = set(pairs)
    if not wanted:
        return {}
    first = min(on for _, on in wanted)
    last = max(on for _, on in wanted)
    overlaps_span = and_(
        EmployeePosition.start_date <= last,
        or_(EmployeePosition.end_date.is_(None), EmployeePosition.end_date >= first),
    )
    rules: dict[uuid.UUID, list[OverrideRule]] = {}
    for override in await session.scalars(
        select(AppraiserOverride).where(
            AppraiserOverride.organization_id == organization_id,
            AppraiserOverride.employee_id.in_({eid for eid, _ in wanted}),
            AppraiserOverride.revoked_at.is_(None),
            AppraiserOverride.valid_from <= last,
            or_(AppraiserOverride.valid_to.is_(None), AppraiserOverride.valid_to >= first),
        )
    ):
        rules.setdefault(override.employee_id, []).append(_override_rule(override))
    people = {eid for eid, _ in wanted}
    for found in rules.values():
        people |= {p for r in found for p in (r.appraiser_id, r.appraiser_superior_id) if p}
    superior_of: dict[uuid.UUID, uuid.UUID | None]
    holdings: list[Holding]
    if len(people) > CHAIN_LOAD_LIMIT:
        # Organization-wide views: the whole chain costs less than a long list of ids.
        superior_of = {
            pid: sup
            for pid, sup in await session.execute(
                select(Position.id, Position.superior_id).where(
                    Position.organization_id == organization_id
                )
            )
        }
        holdings = [
            _holding(row)
            for row in await session.scalars(
                select(EmployeePosition).where(
                    EmployeePosition.organization_id == organization_id, overlaps_span
                )
            )
        ]
    else:
        # A batch of reports: only the chains above the people involved (a few positions
        # each), so the cost follows the batch, not the organization.
        own_rows = list(
            await session.scalars(
                select(EmployeePosition).where(
                    EmployeePosition.employee_id.in_(people), overlaps_span
                )
            )
        )
        superior_of = await _ancestors(session, {row.position_id for row in own_rows})
        by_id = {row.id: _holding(row) for row in own_rows}
        if superior_of:
            for row in await session.scalars(
                select(EmployeePosition).where(
                    EmployeePosition.position_id.in_(set(superior_of)), overlaps_span
                )
            ):
                by_id[row.id] = _holding(row)
        holdings = list(by_id.values())
    by_date: dict[date, set[uuid.UUID]] = {}
    for eid, on in wanted:
        by_date.setdefault(on, set()).add(eid)
    result: dict[tuple[uuid.UUID, date], AppraiserResolution] = {}
    for on, ids in by_date.items():
        resolved = resolve_appraisers_many(
            ids, on, superior_of=superior_of, holdings=holdings, overrides=rules
        )
        result.update({(eid, on): found for eid, found in resolved.items()})
    return result
