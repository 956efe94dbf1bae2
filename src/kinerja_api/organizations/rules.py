"""Pure rules of the organization structure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")


def creates_cycle(parent_of: Mapping[K, K | None], node: K, new_parent: K | None) -> bool:
    """Would making ``new_parent`` the parent of ``node`` close a loop in the tree?

    ``parent_of`` maps each node to its current parent. Walking up from ``new_parent`` must
    never reach ``node``. A corrupt map that already loops also counts as a cycle.
    """
    seen: set[K] = set()
    current = new_parent
    while current is not None:
        if current == node or current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False
