"""The difference of two approved SKP versions, as a table (indicators/skp/diff.py)."""

from __future__ import annotations

from typing import Any

import pytest

from kinerja_api.indicators.skp.diff import ChangeKind, skp_diff

IND = {
    "id": "i1",
    "name": "Bayi diimunisasi",
    "aspect": "kuantitas",
    "unit": "bayi",
    "direction": "higher_is_better",
    "target_value": 1200.0,
    "target_min": None,
    "target_max": None,
    "target_text": None,
    "allow_over_100": False,
}
RHK = {"id": "r1", "kind": "utama", "statement": "Imunisasi dasar", "indicators": [IND]}
DOC: dict[str, Any] = {"approach": "kuantitatif", "consequences": None, "work_results": [RHK]}


def doc(**changes: Any) -> dict[str, Any]:
    return {**DOC, **changes}


def rhk(**changes: Any) -> dict[str, Any]:
    return {**RHK, **changes}


def ind(**changes: Any) -> dict[str, Any]:
    return {**IND, **changes}


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (DOC, []),
        # a number equal whatever its JSON form (1200 and 1200.0)
        (doc(work_results=[rhk(indicators=[ind(target_value=1200)])]), []),
        (
            doc(work_results=[rhk(indicators=[ind(target_value=1000)])]),
            [(ChangeKind.INDICATOR_CHANGED, "i1", "target_value", 1200.0, 1000)],
        ),
        (
            doc(
                work_results=[rhk(indicators=[ind(target_value=None, target_min=9, target_max=12)])]
            ),
            [
                (ChangeKind.INDICATOR_CHANGED, "i1", "target_value", 1200.0, None),
                (ChangeKind.INDICATOR_CHANGED, "i1", "target_min", None, 9),
                (ChangeKind.INDICATOR_CHANGED, "i1", "target_max", None, 12),
            ],
        ),
        (
            doc(consequences="Teguran"),
            [(ChangeKind.SKP_CHANGED, None, "consequences", None, "Teguran")],
        ),
        (
            doc(work_results=[rhk(statement="Imunisasi dasar lengkap")]),
            [
                (
                    ChangeKind.RHK_CHANGED,
                    "r1",
                    "statement",
                    "Imunisasi dasar",
                    "Imunisasi dasar lengkap",
                )
            ],
        ),
        (
            doc(work_results=[rhk(indicators=[IND, ind(id="i2", name="Posyandu aktif")])]),
            [(ChangeKind.INDICATOR_ADDED, "r1", None, None, None)],
        ),
        (
            doc(work_results=[rhk(indicators=[])]),
            [(ChangeKind.INDICATOR_REMOVED, "r1", None, None, None)],
        ),
        (
            doc(work_results=[RHK, {**RHK, "id": "r2", "indicators": [ind(id="i9")]}]),
            [
                (ChangeKind.RHK_ADDED, "r2", None, None, None),
                (ChangeKind.INDICATOR_ADDED, "r2", None, None, None),
            ],
        ),
        (doc(work_results=[]), [(ChangeKind.RHK_REMOVED, "r1", None, None, None)]),
    ],
)
def test_skp_diff(new: dict[str, Any], expected: list[tuple[Any, ...]]) -> None:
    got = skp_diff(DOC, new)
    assert [
        (
            c.kind,
            c.indicator_id if c.kind is ChangeKind.INDICATOR_CHANGED else c.work_result_id,
            c.field,
            c.before,
            c.after,
        )
        for c in got
    ] == expected
