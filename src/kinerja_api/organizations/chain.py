"""Pure resolution of the appraisal chain: who appraises an employee on a given date.

Regulation (PP 30/2019): the appraiser (pejabat penilai kinerja) is the direct superior
(atasan langsung), i.e. the holder of the superior position; the appraiser's superior (atasan
pejabat penilai) decides objections. This module turns positions, assignments and admin
overrides into those two people for one date. It does no I/O: the service loads the rows of
one organization (see :func:`kinerja_api.organizations.scope.appraisers_of`) and calls
:func:`resolve_appraisers`, so the rules are table-tested in isolation.

Rules, in order:

1. Dates are inclusive: an assignment counts on ``start_date`` and on ``end_date``.
2. The employee's own position on the date is their definitive position; without one, the
   position they hold as acting official (earliest start first).
3. The holder of a position on the date is its acting official (PLT/PLH) when one is active —
   an acting official also stands in for a definitive holder who is present but has handed
   over (PLH) — otherwise its definitive holder (earliest start, then id, if several).
4. The appraiser is the holder of the superior position. When that position has no holder
   on the date, or its holder is the employee themself (e.g. the employee is PLH of their own
   boss), the chain continues upwards to the next held position.
5. The appraiser's superior is found the same way above the position through which the
   appraiser was found, skipping the employee and the appraiser (a Kabid who is also PLT of
   the Kasi position is not their own superior).
6. An active, non-revoked override of the employee on the date wins: its appraiser replaces
   the chain's appraiser (the superior then follows the chain above that appraiser's own
   position), and its appraiser's superior replaces the chain's superior.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kinerja_api.organizations.models import AssignmentKind


class Basis(enum.StrEnum):
    """Why someone is the appraiser (or the appraiser's superior)."""

    DEFINITIVE = "definitive"  # definitive holder of the superior position
    PLT = "plt"  # acting official (pelaksana tugas) of that position
    PLH = "plh"  # acting official (pelaksana harian) of that position
    OVERRIDE = "override"  # set by an admin


@dataclass(frozen=True)
class Holding:
    """An assignment of an employee to a position (dates inclusive, ``None`` = open)."""

    employee_id: uuid.UUID
    position_id: uuid.UUID
    kind: AssignmentKind
    start_date: date
    end_date: date | None = None
    id: uuid.UUID | None = None

    def active_on(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)


@dataclass(frozen=True)
class OverrideRule:
    """An admin's correction of an employee's appraiser and/or appraiser's superior."""

    employee_id: uuid.UUID
    appraiser_id: uuid.UUID | None
    appraiser_superior_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None = None
    id: uuid.UUID | None = None
    revoked: bool = False

    def active_on(self, on: date) -> bool:
        return (
            not self.revoked
            and self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
        )


@dataclass(frozen=True)
class Official:
    """A resolved appraiser or appraiser's superior."""

    employee_id: uuid.UUID
    position_id: uuid.UUID | None
    basis: Basis
    override_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AppraiserResolution:
    """The employee's position on the date and the two officials above them."""

    position_id: uuid.UUID | None
    appraiser: Official | None
    appraiser_superior: Official | None


def _sort_key(h: Holding) -> tuple[date, str, str]:
    return (h.start_date, str(h.employee_id), str(h.id or ""))


class _Snapshot:
    """Holdings active on one date, indexed by position and by employee."""

    def __init__(self, holdings: Iterable[Holding], on: date) -> None:
        self.by_position: dict[uuid.UUID, list[Holding]] = defaultdict(list)
        self.by_employee: dict[uuid.UUID, list[Holding]] = defaultdict(list)
        for h in holdings:
            if h.active_on(on):
                self.by_position[h.position_id].append(h)
                self.by_employee[h.employee_id].append(h)
        for rows in (*self.by_position.values(), *self.by_employee.values()):
            rows.sort(key=_sort_key)

    def own_position(self, employee_id: uuid.UUID) -> uuid.UUID | None:
        held = self.by_employee.get(employee_id, [])
        for h in held:
            if h.kind is AssignmentKind.DEFINITIVE:
                return h.position_id
        return held[0].position_id if held else None

    def holder(self, position_id: uuid.UUID, exclude: set[uuid.UUID]) -> Holding | None:
        candidates = [
            h for h in self.by_position.get(position_id, []) if h.employee_id not in exclude
        ]
        acting = [h for h in candidates if h.kind is not AssignmentKind.DEFINITIVE]
        if acting:
            return acting[0]
        return candidates[0] if candidates else None


def _official_above(
    position_id: uuid.UUID,
    superior_of: Mapping[uuid.UUID, uuid.UUID | None],
    snapshot: _Snapshot,
    exclude: set[uuid.UUID],
) -> Official | None:
    """The first holder found walking up the superior chain from ``position_id``."""
    seen: set[uuid.UUID] = {position_id}
    current = superior_of.get(position_id)
    while current is not None and current not in seen:
        seen.add(current)
        holding = snapshot.holder(current, exclude)
        if holding is not None:
            return Official(holding.employee_id, current, Basis(holding.kind.value))
        current = superior_of.get(current)
    return None


def resolve_appraisers(
    employee_id: uuid.UUID,
    on: date,
    *,
    superior_of: Mapping[uuid.UUID, uuid.UUID | None],
    holdings: Iterable[Holding],
    overrides: Iterable[OverrideRule] = (),
    position_id: uuid.UUID | None = None,
) -> AppraiserResolution:
    """Resolve the appraiser and the appraiser's superior of ``employee_id`` on ``on``.

    ``superior_of`` maps every position of the organization to its superior position;
    ``holdings`` are the organization's assignments (inactive ones are ignored);
    ``overrides`` are the employee's overrides (inactive or revoked ones are ignored).
    ``position_id``, when given, replaces the employee's own position on the date (rule 2):
    an appraisal resolves from the position of its snapshot, wherever the employee works
    now. See the module documentation for the rules.
    """
    return _resolve(employee_id, on, superior_of, _Snapshot(holdings, on), overrides, position_id)


def resolve_appraisers_many(
    employee_ids: Iterable[uuid.UUID],
    on: date,
    *,
    superior_of: Mapping[uuid.UUID, uuid.UUID | None],
    holdings: Iterable[Holding],
    overrides: Mapping[uuid.UUID, Iterable[OverrideRule]],
) -> dict[uuid.UUID, AppraiserResolution]:
    """:func:`resolve_appraisers` for many employees, indexing the holdings once.

    ``overrides`` maps an employee to their overrides.
    """
    snapshot = _Snapshot(holdings, on)
    return {
        eid: _resolve(eid, on, superior_of, snapshot, overrides.get(eid, ()))
        for eid in employee_ids
    }


def _resolve(
    employee_id: uuid.UUID,
    on: date,
    superior_of: Mapping[uuid.UUID, uuid.UUID | None],
    snapshot: _Snapshot,
    overrides: Iterable[OverrideRule],
    position_id: uuid.UUID | None = None,
) -> AppraiserResolution:
    position_id = position_id or snapshot.own_position(employee_id)
    active = sorted(
        (o for o in overrides if o.employee_id == employee_id and o.active_on(on)),
        key=lambda o: o.valid_from,
    )
    override = active[-1] if active else None

    appraiser: Official | None = None
    if override is not None and override.appraiser_id is not None:
        appraiser = Official(
            override.appraiser_id,
            snapshot.own_position(override.appraiser_id),
            Basis.OVERRIDE,
            override.id,
        )
    elif position_id is not None:
        appraiser = _official_above(position_id, superior_of, snapshot, {employee_id})

    superior: Official | None = None
    if override is not None and override.appraiser_superior_id is not None:
        superior = Official(
            override.appraiser_superior_id,
            snapshot.own_position(override.appraiser_superior_id),
            Basis.OVERRIDE,
            override.id,
        )
    elif appraiser is not None and appraiser.position_id is not None:
        superior = _official_above(
            appraiser.position_id, superior_of, snapshot, {employee_id, appraiser.employee_id}
        )
    return AppraiserResolution(position_id, appraiser, superior)
