"""NIP unique nationally without a bulk oracle of who works where.

A NIP is unique across every organization of the platform, so registering or importing an
employee whose NIP is held elsewhere must be refused, and the refusal tells the caller that
this NIP exists. The answer never says where ("NIP already registered"), each such answer
counts against the calling account's budget (``nip_taken_answers`` per
``nip_taken_window_seconds``; 429 ``nip_answers_limited`` above it, refused attempts
counting too), and each is written to the audit log (action ``disclose``, entity
``nip_answers``) in a transaction of its own, so a dry run or a refused import, whose writes
roll back, still leaves its trace.

"Elsewhere" is what the caller cannot read anyway: another organization, or for an OPD
admin another OPD of the instansi. A NIP of one's own people is no news and costs nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.auth.permissions import Principal
from kinerja_api.core.audit import record_detached
from kinerja_api.core.ratelimit import Throttle
from kinerja_api.organizations.employees.errors import NipAnswersLimited

if TYPE_CHECKING:  # the services import this module: no web framework at run time
    from starlette.requests import Request

#: Where the answer was given: registering, changing a NIP, or an employees import.
Source = Literal["create", "update", "import", "import_dry_run"]


@dataclass(frozen=True)
class NipAnswers:
    """The budget of one account's "NIP already registered elsewhere" answers."""

    throttle: Throttle | None
    user_id: uuid.UUID | None

    async def taken_elsewhere(
        self, session: AsyncSession, organization_id: uuid.UUID, nip: str, source: Source
    ) -> None:
        """Audit the answer about ``nip`` and count it; 429 once over the budget."""
        wait = None
        if self.throttle is not None:
            wait = await self.throttle.hit(str(self.user_id))
        record_detached(
            session,
            organization_id=organization_id,
            entity_type="nip_answers",
            entity_id=nip,
            after={
                "nip": nip,
                "answer": "employee_nip_taken" if wait is None else "nip_answers_limited",
                "source": source,
            },
        )
        if wait is not None:
            raise NipAnswersLimited(wait)


#: No budget (command-line tools, the demo): answers are still audited.
UNLIMITED = NipAnswers(None, None)


def nip_answers(request: Request, principal: Principal) -> NipAnswers:
    """The calling account's budget (the app's ``nip_answers_throttle``)."""
    return NipAnswers(request.app.state.nip_answers_throttle, principal.user_id)
