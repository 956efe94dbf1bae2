"""Pure rules of strategies, goals and key performance indicators (no I/O)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from kinerja_api.core.errors import FieldError
from kinerja_api.indicators.goals.models import GoalKind, OrganizationGoal

#: Longest planning period (RPJMD/Renstra): five years, first and last included.
MAX_STRATEGY_YEARS = 5


def periods_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two inclusive year ranges share a year?"""
    return a[0] <= b[1] and b[0] <= a[1]


def strategy_period_problems(start_year: int, end_year: int) -> list[FieldError]:
    if end_year < start_year:
        return [
            FieldError.of(
                "end_year",
                "bounds_order",
                {
                    "id": "Tahun akhir tidak boleh sebelum tahun awal",
                    "en": "end_year must not be before start_year",
                },
            )
        ]
    if end_year - start_year + 1 > MAX_STRATEGY_YEARS:
        return [
            FieldError.of(
                "end_year",
                "period_too_long",
                {
                    "id": f"Periode rencana strategis paling lama {MAX_STRATEGY_YEARS} tahun",
                    "en": f"A strategic plan covers at most {MAX_STRATEGY_YEARS} years",
                },
            )
        ]
    return []


def goal_parent_problems(
    *,
    kind: GoalKind,
    year: int,
    organization_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    parent: OrganizationGoal | None,
) -> list[FieldError]:
    """A tujuan has no parent; a sasaran's parent is an active tujuan of the same org and year.

    ``parent`` is the row found for ``parent_id`` (``None`` when there is none).
    """
    if parent_id is None:
        return []

    def problem(etype: str, id_msg: str, en_msg: str) -> list[FieldError]:
        return [FieldError.of("parent_id", etype, {"id": id_msg, "en": en_msg})]

    if kind is GoalKind.TUJUAN:
        return problem(
            "tujuan_has_no_parent",
            "Tujuan tidak memiliki induk; hanya sasaran yang berada di bawah tujuan",
            "A tujuan has no parent; only a sasaran sits under a tujuan",
        )
    if parent is None or parent.organization_id != organization_id:
        return problem(
            "parent_not_found",
            "Tujuan induk tidak ditemukan di organisasi ini",
            "Parent goal not found in this organization",
        )
    if parent.kind is not GoalKind.TUJUAN:
        return problem(
            "parent_not_tujuan",
            "Induk sasaran harus berupa tujuan",
            "The parent of a sasaran must be a tujuan",
        )
    if parent.year != year:
        return problem(
            "parent_year_mismatch",
            f"Tujuan induk adalah tujuan tahun {parent.year}, bukan {year}",
            f"The parent goal belongs to {parent.year}, not {year}",
        )
    if not parent.is_active:
        return problem("parent_inactive", "Tujuan induk tidak aktif", "Parent goal is inactive")
    return []


def mission_problems(mission_number: int | None, missions: list[str] | None) -> list[FieldError]:
    """A goal's mission number must name a mission of the strategy covering its year.

    ``missions`` is ``None`` when no strategy covers the year.
    """
    if mission_number is None:
        return []
    if missions is None:
        return [
            FieldError.of(
                "mission_number",
                "no_strategy",
                {
                    "id": "Belum ada visi-misi (rencana strategis) yang mencakup tahun ini",
                    "en": "No strategy (vision and mission) covers this year",
                },
            )
        ]
    if mission_number > len(missions):
        return [
            FieldError.of(
                "mission_number",
                "mission_not_found",
                {
                    "id": f"Rencana strategis hanya memiliki {len(missions)} misi",
                    "en": f"The strategy has only {len(missions)} missions",
                },
            )
        ]
    return []


def level_name(unit_id: uuid.UUID | None) -> str:
    return "instansi" if unit_id is None else "OPD"


def goal_level_problems(
    *,
    unit_id: uuid.UUID | None,
    year: int,
    organization_id: uuid.UUID,
    parent: OrganizationGoal | None,
    serves_goal_id: uuid.UUID | None,
    served: OrganizationGoal | None,
) -> list[FieldError]:
    """The two levels of goals: a sasaran sits under a tujuan of its own level (the instansi,
    or the same OPD); only an OPD goal serves a goal, and what it serves is an instansi goal
    of the same organization and year that is active.

    ``parent`` is the goal's parent row (checked for the rest by :func:`goal_parent_problems`),
    ``served`` the row found for ``serves_goal_id`` (``None`` when there is none).
    """
    problems: list[FieldError] = []
    if (
        parent is not None
        and parent.organization_id == organization_id
        and parent.unit_id != unit_id
    ):
        problems.append(
            FieldError.of(
                "parent_id",
                "parent_level_mismatch",
                {
                    "id": "Tujuan induk harus dari tingkat yang sama (instansi, atau OPD yang "
                    "sama); tujuan instansi dirujuk lewat serves_goal_id",
                    "en": "The parent goal must be of the same level (the instansi, or the "
                    "same OPD); refer to an instansi goal with serves_goal_id",
                },
            )
        )
    if serves_goal_id is None:
        return problems

    def problem(etype: str, id_msg: str, en_msg: str) -> list[FieldError]:
        return [*problems, FieldError.of("serves_goal_id", etype, {"id": id_msg, "en": en_msg})]

    if unit_id is None:
        return problem(
            "instansi_goal_serves_nothing",
            "Tujuan/sasaran instansi (RPJMD) berada di puncak; hanya tujuan/sasaran OPD yang "
            "mendukung tujuan instansi",
            "An instansi (RPJMD) goal is the top; only an OPD goal serves an instansi goal",
        )
    if served is None or served.organization_id != organization_id:
        return problem(
            "serves_goal_not_found",
            "Tujuan/sasaran instansi yang didukung tidak ditemukan di organisasi ini",
            "The instansi goal to serve was not found in this organization",
        )
    if served.unit_id is not None:
        return problem(
            "serves_goal_not_instansi",
            "Tujuan/sasaran OPD hanya dapat mendukung tujuan/sasaran instansi (RPJMD), bukan "
            "tujuan/sasaran OPD",
            "An OPD goal serves an instansi (RPJMD) goal, not another OPD's goal",
        )
    if served.year != year:
        return problem(
            "serves_goal_year_mismatch",
            f"Tujuan/sasaran instansi yang didukung adalah tahun {served.year}, bukan {year}",
            f"The instansi goal to serve belongs to {served.year}, not {year}",
        )
    if not served.is_active:
        return problem(
            "serves_goal_inactive",
            "Tujuan/sasaran instansi yang didukung tidak aktif",
            "The instansi goal to serve is inactive",
        )
    return problems


def served_goal_ids(goals: Iterable[OrganizationGoal]) -> set[uuid.UUID]:
    """The goals among ``goals`` (one organization and year) that an active OPD goal serves,
    directly or through one of their sasaran (serving a sasaran serves its tujuan too). An
    active instansi goal outside this set is one no OPD works on."""
    known = {g.id: g for g in goals}
    served: set[uuid.UUID] = set()
    for goal in known.values():
        target = known.get(goal.serves_goal_id) if goal.serves_goal_id else None
        if goal.unit_id is None or not goal.is_active or target is None:
            continue
        seen: set[uuid.UUID] = set()
        while target is not None and target.id not in seen:
            seen.add(target.id)
            served.add(target.id)
            target = known.get(target.parent_id) if target.parent_id else None
    return served
