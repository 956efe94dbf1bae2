"""Pure rules of the performance plan (SKP) workflow; targets are in ``targets.py``.

No database, no HTTP: every function here is tested as a table in tests/test_skp_rules.py.

Besides the state machine: realization periods (``2026-03``, ``2026-Q1``, ``2026-S1``), who
may cascade from the organization's goals, and :func:`blockers` — everything that stands
between an employee and an approved SKP, each with who can fix it. Submission, the
"what blocks me" endpoint and the organization's waiting list all read the same list.
"""

from __future__ import annotations

import calendar
import enum
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from kinerja_api.core.errors import FieldError
from kinerja_api.core.i18n import t
from kinerja_api.core.validation import YEAR_PREFIX
from kinerja_api.indicators.targets import TargetKind
from kinerja_api.organizations.config import RealizationPeriod
from kinerja_api.organizations.models import StructuralLevel


class SkpState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    REVISING = "revising"  # an approved SKP reopened for revision (with a reason)
    LOCKED = "locked"  # the period has ended


class Approach(enum.StrEnum):
    """How an SKP's targets are expressed (PermenPANRB 6/2022)."""

    KUANTITATIF = "kuantitatif"  # numbers or ranges, achievement computed
    KUALITATIF = "kualitatif"  # descriptions, achievement rated


class WorkResultKind(enum.StrEnum):
    UTAMA = "utama"
    TAMBAHAN = "tambahan"


class Perspective(enum.StrEnum):
    """Perspective of an RHK of a top official (JPT), balanced-scorecard style."""

    PENERIMA_LAYANAN = "penerima_layanan"
    PENGUATAN_INTERNAL = "penguatan_internal"
    PROSES_BISNIS = "proses_bisnis"
    ANGGARAN = "anggaran"


#: Levels whose holders (JPT: pimpinan tinggi) group their RHK by perspective.
JPT_LEVELS = frozenset(
    {StructuralLevel.JPT_UTAMA, StructuralLevel.JPT_MADYA, StructuralLevel.JPT_PRATAMA}
)


class SkpAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REQUEST_REVISION = "request_revision"
    LOCK = "lock"
    UNLOCK = "unlock"


class Actor(enum.StrEnum):
    """How the caller relates to one SKP (a person may be several, e.g. admin and owner)."""

    OWNER = "owner"
    APPRAISER = "appraiser"  # direct superior or acting official on the day
    ADMIN = "admin"


@dataclass(frozen=True)
class Transition:
    actors: frozenset[Actor]
    to: SkpState


TRANSITIONS: dict[tuple[SkpState, SkpAction], Transition] = {
    (SkpState.DRAFT, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.RETURNED, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.REVISING, SkpAction.SUBMIT): Transition(frozenset({Actor.OWNER}), SkpState.SUBMITTED),
    (SkpState.SUBMITTED, SkpAction.APPROVE): Transition(
        frozenset({Actor.APPRAISER}), SkpState.APPROVED
    ),
    (SkpState.SUBMITTED, SkpAction.RETURN): Transition(
        frozenset({Actor.APPRAISER}), SkpState.RETURNED
    ),
    (SkpState.APPROVED, SkpAction.REQUEST_REVISION): Transition(
        frozenset({Actor.OWNER, Actor.APPRAISER}), SkpState.REVISING
    ),
    (SkpState.APPROVED, SkpAction.LOCK): Transition(frozenset({Actor.ADMIN}), SkpState.LOCKED),
    (SkpState.LOCKED, SkpAction.UNLOCK): Transition(frozenset({Actor.ADMIN}), SkpState.APPROVED),
}

#: States in which an SKP counts as agreed: subordinates may submit against its RHK.
APPROVED_STATES = frozenset({SkpState.APPROVED, SkpState.LOCKED})

#: Actions that must carry a note/reason.
NEEDS_NOTE = frozenset({SkpAction.RETURN, SkpAction.REQUEST_REVISION, SkpAction.UNLOCK})
EDITABLE_STATES = frozenset({SkpState.DRAFT, SkpState.RETURNED, SkpState.REVISING})


class IllegalTransition(Exception):
    """The action is not possible from this state (HTTP 409)."""


class ActorNotAllowed(Exception):
    """The action exists from this state, but not for this caller (HTTP 403)."""


def next_state(state: SkpState, action: SkpAction, actors: frozenset[Actor]) -> SkpState:
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise IllegalTransition(f"{action} is not possible from {state}")
    if not rule.actors & actors:
        raise ActorNotAllowed(f"{action} from {state} needs one of {sorted(rule.actors)}")
    return rule.to


def allowed_actions(state: SkpState, actors: frozenset[Actor]) -> list[SkpAction]:
    """What this caller may do next: for clients to show only the buttons that work."""
    return [a for (s, a), rule in TRANSITIONS.items() if s == state and rule.actors & actors]


def acting_as(state: SkpState, action: SkpAction, actors: frozenset[Actor]) -> Actor:
    """Which of the caller's hats performs a legal action (for the event record)."""
    rule = TRANSITIONS[(state, action)]
    return next(a for a in Actor if a in rule.actors and a in actors)


STATE_LABELS: Mapping[SkpState, Mapping[str, str]] = {
    SkpState.DRAFT: {"id": "draf", "en": "draft"},
    SkpState.SUBMITTED: {"id": "diajukan", "en": "submitted"},
    SkpState.APPROVED: {"id": "disetujui", "en": "approved"},
    SkpState.RETURNED: {"id": "dikembalikan", "en": "returned"},
    SkpState.REVISING: {"id": "sedang direvisi", "en": "being revised"},
    SkpState.LOCKED: {"id": "dikunci", "en": "locked"},
}


# ---- content of an SKP --------------------------------------------------------------------


def approach_problem(approach: Approach, kind: TargetKind) -> FieldError | None:
    """A kuantitatif SKP has numeric targets (number or range); a kualitatif one descriptive
    targets (``target_text``)."""
    if (approach is Approach.KUALITATIF) == (kind is TargetKind.TEXT):
        return None
    if approach is Approach.KUALITATIF:
        return FieldError.of(
            "target_text",
            "target_form_approach",
            {
                "id": "SKP berpendekatan kualitatif memakai target berupa uraian (target_text)",
                "en": "A qualitative (kualitatif) SKP uses descriptive targets (target_text)",
            },
        )
    return FieldError.of(
        "target_value",
        "target_form_approach",
        {
            "id": "SKP berpendekatan kuantitatif memakai target angka atau rentang",
            "en": "A quantitative (kuantitatif) SKP uses a number or a range as target",
        },
    )


def perspective_problem(
    perspective: Perspective | None, kind: WorkResultKind, level: StructuralLevel | None
) -> FieldError | None:
    """Only a JPT's RHK have a perspective, and a JPT's RHK utama must have one."""
    is_jpt = level in JPT_LEVELS
    if perspective is not None and not is_jpt:
        return FieldError.of(
            "perspective",
            "perspective_not_applicable",
            {
                "id": "Perspektif hanya untuk RHK pejabat pimpinan tinggi (JPT)",
                "en": "Only the work results of top officials (JPT) have a perspective",
            },
        )
    if perspective is None and is_jpt and kind is WorkResultKind.UTAMA:
        return FieldError.of(
            "perspective",
            "perspective_required",
            {
                "id": "RHK utama pejabat pimpinan tinggi (JPT) wajib memiliki perspektif",
                "en": "A main work result of a top official (JPT) needs a perspective",
            },
        )
    return None


# ---- realization periods -------------------------------------------------------------------

_PERIOD_PATTERNS: Mapping[RealizationPeriod, re.Pattern[str]] = {
    RealizationPeriod.MONTHLY: re.compile(rf"^({YEAR_PREFIX})-(0[1-9]|1[0-2])$"),
    RealizationPeriod.QUARTERLY: re.compile(rf"^({YEAR_PREFIX})-Q([1-4])$"),
    RealizationPeriod.SEMESTER: re.compile(rf"^({YEAR_PREFIX})-S([12])$"),
}
_PERIOD_MONTHS = {
    RealizationPeriod.MONTHLY: 1,
    RealizationPeriod.QUARTERLY: 3,
    RealizationPeriod.SEMESTER: 6,
}
_PERIOD_EXAMPLES = {
    RealizationPeriod.MONTHLY: ("bulanan", "monthly", "{year}-03"),
    RealizationPeriod.QUARTERLY: ("triwulanan", "quarterly", "{year}-Q1"),
    RealizationPeriod.SEMESTER: ("semesteran", "semester", "{year}-S1"),
}


@dataclass(frozen=True)
class Period:
    """One realization period, e.g. ``2026-03`` (1–31 March 2026); dates inclusive."""

    key: str
    start: date
    end: date


def _period(kind: RealizationPeriod, year: int, number: int) -> Period:
    months = _PERIOD_MONTHS[kind]
    first = (number - 1) * months + 1
    last = first + months - 1
    key = {
        RealizationPeriod.MONTHLY: f"{year}-{number:02d}",
        RealizationPeriod.QUARTERLY: f"{year}-Q{number}",
        RealizationPeriod.SEMESTER: f"{year}-S{number}",
    }[kind]
    return Period(key, date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


def periods_of(kind: RealizationPeriod, year: int) -> list[Period]:
    """Every period of ``kind`` in ``year``, in order."""
    return [_period(kind, year, n) for n in range(1, 12 // _PERIOD_MONTHS[kind] + 1)]


def _period_error(etype: str, message: Mapping[str, str]) -> FieldError:
    return FieldError.of("period", etype, message, location="path")


def parse_period(
    key: str,
    kind: RealizationPeriod,
    *,
    year: int,
    start: date,
    end: date,
    today: date,
) -> Period | FieldError:
    """The period ``key`` of an SKP of ``year`` running ``start``..``end``, or why not.

    The format follows the organization's realization period; the period must lie in the
    SKP year, overlap the SKP period, and have begun by ``today``.
    """
    match = _PERIOD_PATTERNS[kind].match(key)
    if match is None:
        name_id, name_en, example = _PERIOD_EXAMPLES[kind]
        sample = example.format(year=year)
        return _period_error(
            "period_format",
            {
                "id": f"Organisasi memakai periode realisasi {name_id}; gunakan format {sample}",
                "en": f"The organization reports realization {name_en}; use the format {sample}",
            },
        )
    if int(match.group(1)) != year:
        return _period_error(
            "period_outside_year",
            {
                "id": f"Periode harus di dalam tahun SKP {year}",
                "en": f"The period must lie within the SKP year {year}",
            },
        )
    period = _period(kind, year, int(match.group(2)))
    if period.end < start or period.start > end:
        return _period_error(
            "period_outside_skp",
            {
                "id": f"Periode {key} di luar masa SKP ({start.isoformat()} s.d. "
                f"{end.isoformat()})",
                "en": f"The period {key} lies outside the SKP period ({start.isoformat()} to "
                f"{end.isoformat()})",
            },
        )
    if period.start > today:
        return _period_error(
            "period_not_started",
            {
                "id": f"Periode {key} belum dimulai",
                "en": f"The period {key} has not started yet",
            },
        )
    return period


# ---- cascading -----------------------------------------------------------------------------


def may_cascade_from_goals(
    *, has_appraiser: bool, appraiser_has_superior: bool, heads_opd: bool = False
) -> bool:
    """Whether an employee's RHK may refer to the organization's goals/IKU directly.

    Only the top of the chain does: the head of the organization (no appraiser in the
    organization), those whose appraiser has no superior — the unit heads reporting to
    the head of the organization — and the head of an OPD (``heads_opd``: the appraiser,
    e.g. the Sekda, belongs to another OPD), whose RHK refer to the OPD's Renstra. Everyone
    else cascades from their appraiser's RHK.
    """
    return heads_opd or not has_appraiser or not appraiser_has_superior


def heads_opd(
    employee_opd: uuid.UUID | None, appraiser_opd: uuid.UUID | None, *, has_appraiser: bool
) -> bool:
    """The employee leads their OPD: they belong to one and their appraiser is outside it."""
    return employee_opd is not None and has_appraiser and appraiser_opd != employee_opd


def goal_within_reach(goal_opd: uuid.UUID | None, employee_opd: uuid.UUID | None) -> bool:
    """An RHK refers to an instansi goal/IKU, or to one of the employee's own OPD."""
    return goal_opd is None or goal_opd == employee_opd


# ---- what blocks an SKP ----------------------------------------------------------------------


class Fixer(enum.StrEnum):
    """Who can remove a blocker."""

    SELF = "self"  # the employee
    APPRAISER = "appraiser"  # who approves: the direct superior or the acting official
    SUPERIOR = "superior"  # whose SKP the employee's RHK cascade from
    #: The appraiser of that superior, who must approve the superior's submitted SKP
    #: (usually the employee's appraiser's superior, atasan pejabat penilai).
    APPRAISER_SUPERIOR = "appraiser_superior"
    EMPLOYEE = "employee"  # another named employee (owner of a referenced SKP)
    #: An admin reaching the employee: their OPD's admins, else the instansi's (structure
    #: data, unlocking). Answers name which (``opd_admin``/``instansi_admin``).
    ADMIN = "admin"
    OPD_ADMIN = "opd_admin"  # the admins of the employee's OPD
    INSTANSI_ADMIN = "instansi_admin"  # the instansi's admins (BKPSDM): its settings


@dataclass(frozen=True)
class PersonRef:
    employee_id: uuid.UUID
    name: str


@dataclass(frozen=True)
class OtherSkp:
    """Someone else's SKP of the same year (``skp_id``/``state`` ``None``: none yet)."""

    owner: PersonRef
    skp_id: uuid.UUID | None = None
    state: SkpState | None = None


@dataclass(frozen=True)
class SkpFacts:
    """What the rules need to know about one employee's SKP of one year."""

    year: int
    today: date
    deadline: date
    has_position: bool
    appraiser: PersonRef | None
    goal_eligible: bool
    #: The SKP of the year of the superior whose RHK the employee's RHK cascade from — the
    #: appraiser, or the position's definitive holder while an acting official stands in
    #: (``None`` without an appraiser; ``state`` ``None`` when they have no SKP yet).
    superior_skp: OtherSkp | None = None
    #: ``None``: the employee has no SKP of the year yet.
    state: SkpState | None = None
    period_end: date | None = None
    main_work_results: int = 0
    unlinked_main: int = 0
    without_indicators: int = 0
    #: The SKP owning the RHK that this SKP's RHK refer to (one entry per SKP).
    referenced: tuple[OtherSkp, ...] = ()
    #: Who approves the superior's SKP (their own appraiser), when it is submitted; ``None``
    #: when nobody can (the superior has no appraiser) or it is not submitted.
    superior_appraiser: PersonRef | None = None


@dataclass(frozen=True)
class Blocker:
    code: str
    fixer: Fixer
    blocks_submit: bool
    fixer_person: PersonRef | None = None
    related_skp_id: uuid.UUID | None = None
    #: Whose SKP the employee waits on (superior_skp_*): the owner, who is not always the
    #: one who can fix it (a submitted SKP waits on its appraiser).
    waits_on: PersonRef | None = None
    state: SkpState | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    def message(self) -> str:
        """The blocker in the request's language."""
        label = t(STATE_LABELS[self.state]) if self.state is not None else ""
        return t(MESSAGES[self.code], state=label, **self.params)


MESSAGES: Mapping[str, Mapping[str, str]] = {
    "no_position": {
        "id": "Anda belum tercatat memegang jabatan. Admin kepegawaian perlu mencatat "
        "jabatan Anda.",
        "en": "You are not recorded as holding a position. Your HR admin needs to record it.",
    },
    "no_appraiser": {
        "id": "Pejabat penilai Anda tidak dapat ditentukan dari struktur jabatan. Admin "
        "kepegawaian perlu melengkapi atasan jabatan atau menetapkan pejabat penilai.",
        "en": "Your appraiser cannot be determined from the position chain. Your HR admin "
        "needs to complete the superior positions or set an appraiser.",
    },
    "skp_missing": {
        "id": "Anda belum membuat SKP tahun {year}.",
        "en": "You have not created your SKP for {year} yet.",
    },
    "skp_locked": {
        "id": "SKP tahun {year} sudah dikunci. Hanya admin yang dapat membukanya kembali "
        "dengan alasan.",
        "en": "The SKP for {year} is locked. Only an admin can unlock it, with a reason.",
    },
    "skp_returned": {
        "id": "SKP Anda dikembalikan oleh pejabat penilai dengan catatan. Perbaiki lalu "
        "ajukan kembali.",
        "en": "Your appraiser returned your SKP with notes. Revise it and submit it again.",
    },
    "awaiting_approval": {
        "id": "SKP Anda menunggu persetujuan {name}.",
        "en": "Your SKP is waiting for approval by {name}.",
    },
    "no_main_work_result": {
        "id": "SKP belum memiliki rencana hasil kerja (RHK) utama.",
        "en": "The SKP has no main work result (RHK utama) yet.",
    },
    "unlinked_work_results": {
        "id": "{count} RHK utama belum mengacu (intervensi) pada RHK atasan atau sasaran "
        "organisasi.",
        "en": "{count} main work result(s) do not yet refer to a superior's work result or "
        "an organization goal.",
    },
    "work_result_without_indicator": {
        "id": "{count} RHK belum memiliki indikator kinerja.",
        "en": "{count} work result(s) have no performance indicator yet.",
    },
    "parent_not_superior": {
        "id": "RHK Anda mengacu pada RHK milik {name}, yang bukan lagi atasan langsung "
        "Anda. Arahkan ke RHK atasan langsung Anda saat ini.",
        "en": "Your work results refer to work results of {name}, who is no longer your "
        "direct superior. Point them at your current superior's work results.",
    },
    "superior_skp_missing": {
        "id": "Atasan Anda, {name}, belum membuat SKP tahun {year}; RHK Anda harus mengacu "
        "pada RHK atasan.",
        "en": "Your superior, {name}, has not created an SKP for {year}; your work results "
        "must refer to your superior's.",
    },
    "superior_skp_not_approved": {
        "id": "SKP {name} tahun {year} belum disetujui (status: {state}). Anda dapat "
        "mengajukan SKP setelah SKP tersebut disetujui.",
        "en": "The {year} SKP of {name} is not approved yet (status: {state}). You can "
        "submit once it is approved.",
    },
    "deadline_passed": {
        "id": "Batas waktu persetujuan SKP ({deadline}) sudah lewat. Admin instansi (BKPSDM) "
        "dapat mengubah batas waktu organisasi.",
        "en": "The SKP approval deadline ({deadline}) has passed. The instansi admin (BKPSDM) "
        "can change the organization's deadline.",
    },
    "period_ended": {
        "id": "Masa SKP berakhir pada {period_end} dan SKP belum disetujui.",
        "en": "The SKP period ended on {period_end} and the SKP is not approved.",
    },
}

#: What "what blocks me" answers the regional head, who has no SKP (not an ASN).
NO_SKP_NOTE: Mapping[str, str] = {
    "id": "Kepala daerah bukan ASN dan tidak memiliki SKP, sehingga tidak ada yang "
    "menghambat. Ia menyetujui dan menilai SKP Sekretaris Daerah.",
    "en": "The regional head is not an ASN and has no SKP, so nothing blocks one. They "
    "approve and appraise the Regional Secretary's (Sekda's) SKP.",
}

#: Blockers that mean "waiting for someone else's SKP".
WAITING_CODES = frozenset({"superior_skp_missing", "superior_skp_not_approved"})


def superior_fixer(
    state: SkpState | None, owner: PersonRef, approver: PersonRef | None
) -> tuple[Fixer, PersonRef | None]:
    """Who can move a superior's SKP of ``state`` towards approval: the superior while it is
    theirs to write (none yet, draft, returned, revising), their own appraiser once it is
    submitted, and an admin when the superior has no appraiser to approve it."""
    if state is not SkpState.SUBMITTED:
        return Fixer.SUPERIOR, owner
    if approver is None:
        return Fixer.ADMIN, None
    return Fixer.APPRAISER_SUPERIOR, approver


def _superior_blocker(other: OtherSkp, year: int, approver: PersonRef | None) -> Blocker | None:
    if other.state in APPROVED_STATES:
        return None
    missing = other.state is None
    fixer, person = superior_fixer(other.state, other.owner, approver)
    return Blocker(
        code="superior_skp_missing" if missing else "superior_skp_not_approved",
        fixer=fixer,
        blocks_submit=True,
        fixer_person=person,
        related_skp_id=other.skp_id,
        state=other.state,
        params={"name": other.owner.name, "year": str(year)},
        waits_on=other.owner,
    )


def blockers(facts: SkpFacts) -> list[Blocker]:
    """Everything between the employee and an approved SKP, most fundamental first.

    ``blocks_submit`` marks what refuses submission; the rest explains a wait (submitted,
    returned) or a consequence (deadline, period end). An approved SKP has no blockers.
    """
    year = str(facts.year)
    out: list[Blocker] = []
    if facts.state in APPROVED_STATES:
        if facts.state is SkpState.LOCKED:
            out.append(Blocker("skp_locked", Fixer.ADMIN, False, params={"year": year}))
        return out
    if not facts.has_position:
        out.append(Blocker("no_position", Fixer.ADMIN, True))
    if facts.appraiser is None:
        out.append(Blocker("no_appraiser", Fixer.ADMIN, True))
    if facts.state is None:
        out.append(Blocker("skp_missing", Fixer.SELF, True, params={"year": year}))
    elif facts.state is SkpState.SUBMITTED:
        out.append(
            Blocker(
                "awaiting_approval",
                Fixer.APPRAISER,
                False,
                fixer_person=facts.appraiser,
                params={"name": facts.appraiser.name if facts.appraiser else "-"},
            )
        )
    else:
        if facts.state is SkpState.RETURNED:
            out.append(Blocker("skp_returned", Fixer.SELF, False))
        if facts.main_work_results == 0:
            out.append(Blocker("no_main_work_result", Fixer.SELF, True))
        if facts.unlinked_main:
            out.append(
                Blocker(
                    "unlinked_work_results",
                    Fixer.SELF,
                    True,
                    params={"count": str(facts.unlinked_main)},
                )
            )
        if facts.without_indicators:
            out.append(
                Blocker(
                    "work_result_without_indicator",
                    Fixer.SELF,
                    True,
                    params={"count": str(facts.without_indicators)},
                )
            )
    superior_id = facts.superior_skp.owner.employee_id if facts.superior_skp else None
    waits_on_superior = False
    if facts.state is not None and facts.state is not SkpState.SUBMITTED:
        for other in facts.referenced:
            if other.owner.employee_id != superior_id:
                out.append(
                    Blocker(
                        "parent_not_superior",
                        Fixer.SELF,
                        True,
                        fixer_person=None,
                        related_skp_id=other.skp_id,
                        params={"name": other.owner.name},
                    )
                )
                continue
            waits_on_superior = True
            blocker = _superior_blocker(other, facts.year, facts.superior_appraiser)
            if blocker is not None:
                out.append(blocker)
    if (
        not waits_on_superior
        and not facts.goal_eligible
        and facts.superior_skp is not None
        and facts.state is not SkpState.SUBMITTED
    ):
        blocker = _superior_blocker(facts.superior_skp, facts.year, facts.superior_appraiser)
        if blocker is not None:
            out.append(blocker)
    if facts.today > facts.deadline:
        out.append(
            Blocker(
                "deadline_passed",
                Fixer.INSTANSI_ADMIN,
                False,
                params={"deadline": facts.deadline.isoformat()},
            )
        )
    if facts.period_end is not None and facts.today > facts.period_end:
        out.append(
            Blocker(
                "period_ended",
                Fixer.ADMIN,
                False,
                params={"period_end": facts.period_end.isoformat()},
            )
        )
    return out
