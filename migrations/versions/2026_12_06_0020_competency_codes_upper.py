"""One convention for codes: competency codes are stored in upper case, as unit, goal and IKU
codes are (the API accepts either case and stores upper case).

Upgrade: every competency code becomes its upper-case form. Codes that differ only in case
within one organization would clash: the oldest keeps the plain form, each later one gets its
id's first eight hex digits appended (``KOMUNIKASI-0190f0b2``). Rows change in two steps
(through a temporary unique value) so no intermediate state breaks the unique constraint.

Downgrade: codes become lower case again (the earlier convention), clashes resolved the same
way.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 19:00:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: competencies.code is String(64)
CODE_LENGTH = 64


def recase(rows: Sequence[tuple[str, object, str]], case: Callable[[str], str]) -> dict[str, str]:
    """New code by id for rows (id, organization_id, code) in age order (oldest first): the
    code in the new case, or with the id's first eight hex digits appended on a clash."""
    taken: set[tuple[object, str]] = set()
    changed: dict[str, str] = {}
    for row_id, org_id, code in rows:
        new = case(code)
        if (org_id, new) in taken:
            new = f"{new[: CODE_LENGTH - 9]}-{str(row_id).replace('-', '')[:8]}"
        taken.add((org_id, new))
        if new != code:
            changed[row_id] = new
    return changed


def _apply(case: Callable[[str], str]) -> None:
    bind = op.get_bind()
    rows = [
        (r.id, r.organization_id, r.code)
        for r in bind.execute(
            sa.text("SELECT id, organization_id, code FROM competencies ORDER BY created_at, id")
        )
    ]
    changed = recase(rows, case)
    t = sa.table("competencies", sa.column("id"), sa.column("code"))
    for row_id in changed:  # out of the way first: no step may hold a duplicate
        temporary = f"~{str(row_id).replace('-', '')}"
        bind.execute(t.update().where(t.c.id == row_id).values(code=temporary))
    for row_id, code in changed.items():
        bind.execute(t.update().where(t.c.id == row_id).values(code=code))


def upgrade() -> None:
    _apply(str.upper)


def downgrade() -> None:
    _apply(str.lower)
