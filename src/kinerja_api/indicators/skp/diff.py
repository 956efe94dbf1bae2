"""What a revision of an SKP changed: the difference of two approved versions' documents
(pure, table-tested in tests/test_skp_diff.py).

RHK and indicators are matched by id (a revision edits the same SKP, so what stays keeps its
id); each difference is one :class:`Change`: an RHK or indicator added or removed, or one
field of the SKP, an RHK or an indicator with its value before and after (target 1200 → 1000).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Fields compared, in the order a reader scans a plan.
SKP_FIELDS = (
    "approach",
    "period_start",
    "period_end",
    "resource_support",
    "accountability_scheme",
    "consequences",
)
RHK_FIELDS = (
    "kind",
    "statement",
    "parent_id",
    "goal_id",
    "key_indicator_id",
    "perspective",
    "collaboration_note",
)
INDICATOR_FIELDS = (
    "name",
    "aspect",
    "unit",
    "direction",
    "target_value",
    "target_min",
    "target_max",
    "target_text",
    "allow_over_100",
)


class ChangeKind(enum.StrEnum):
    SKP_CHANGED = "skp_changed"
    RHK_ADDED = "rhk_added"
    RHK_REMOVED = "rhk_removed"
    RHK_CHANGED = "rhk_changed"
    INDICATOR_ADDED = "indicator_added"
    INDICATOR_REMOVED = "indicator_removed"
    INDICATOR_CHANGED = "indicator_changed"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    work_result_id: str | None = None
    statement: str | None = None  # of the RHK (as in the later version when it stays)
    indicator_id: str | None = None
    indicator_name: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return float(a) == float(b)
    return bool(a == b)


def _fields(
    kind: ChangeKind,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    names: Iterable[str],
    **at: Any,
) -> list[Change]:
    return [
        Change(kind, field=name, before=old.get(name), after=new.get(name), **at)
        for name in names
        if not _same(old.get(name), new.get(name))
    ]


def _by_id(rows: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {str(row["id"]): row for row in rows}


def _indicator_changes(
    rhk_id: str, statement: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[Change]:
    before, after = _by_id(old.get("indicators", [])), _by_id(new.get("indicators", []))
    changes: list[Change] = []
    at = {"work_result_id": rhk_id, "statement": statement}
    for iid, ind in after.items():
        if iid not in before:
            changes.append(
                Change(
                    ChangeKind.INDICATOR_ADDED, indicator_id=iid, indicator_name=ind["name"], **at
                )
            )
        else:
            changes += _fields(
                ChangeKind.INDICATOR_CHANGED,
                before[iid],
                ind,
                INDICATOR_FIELDS,
                indicator_id=iid,
                indicator_name=ind["name"],
                **at,
            )
    changes += [
        Change(ChangeKind.INDICATOR_REMOVED, indicator_id=iid, indicator_name=ind["name"], **at)
        for iid, ind in before.items()
        if iid not in after
    ]
    return changes


def skp_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Everything ``new`` (a later SKP document) changed of ``old``: the SKP's own fields,
    then per RHK of ``new`` (in its order) added or changed with its indicators, then the RHK
    ``new`` no longer has. Two equal documents: an empty list."""
    changes = _fields(ChangeKind.SKP_CHANGED, old, new, SKP_FIELDS)
    before = _by_id(old.get("work_results", []))
    after = _by_id(new.get("work_results", []))
    for rid, rhk in after.items():
        statement = rhk["statement"]
        if rid not in before:
            changes.append(Change(ChangeKind.RHK_ADDED, work_result_id=rid, statement=statement))
            changes += _indicator_changes(rid, statement, {}, rhk)
            continue
        changes += _fields(
            ChangeKind.RHK_CHANGED,
            before[rid],
            rhk,
            RHK_FIELDS,
            work_result_id=rid,
            statement=statement,
        )
        changes += _indicator_changes(rid, statement, before[rid], rhk)
    changes += [
        Change(ChangeKind.RHK_REMOVED, work_result_id=rid, statement=rhk["statement"])
        for rid, rhk in before.items()
        if rid not in after
    ]
    return changes
