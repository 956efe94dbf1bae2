"""Performance dialogues: scheduling, requests, the record, confirmations, agreed actions,
the supervisor's report and the dialogues of an appraisal's period.

Who may do what:

* **schedule** — any employee, with people below them in the position chain today (acting
  assignments and admin overrides count, see :mod:`kinerja_api.organizations.scope`);
* **request** — an employee, of their appraiser today (:func:`appraisers_of`);
* **accept / decline / record / add actions** — the dialogue's supervisor;
* **confirm or comment** — each participant;
* **action status** — the action's owner or the supervisor (also after confirmation);
* **action → development plan** — whoever manages the owner (a superior or an admin);
* **read** — participants, the supervisor, everyone above any of them, the organization's
  admins (:func:`kinerja_api.dialogs.rules.may_see`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kinerja_api.appraisals.models import Appraisal, AppraisalPeriod
from kinerja_api.auth.permissions import Perm, Principal
from kinerja_api.core import outbox
from kinerja_api.core.db import utcnow
from kinerja_api.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    UnprocessableEntity,
    register_code,
)
from kinerja_api.dialogs import rules
from kinerja_api.dialogs.errors import (
    NoAppraiser,
    NoEmployeeRecord,
    NotActionOwner,
    NotDialogueParticipant,
    NotDialogueSupervisor,
    PlanNeedsSupervisor,
)
from kinerja_api.dialogs.models import (
    ActionStatus,
    Dialogue,
    DialogueAction,
    DialogueParticipant,
    DialogueStatus,
    DialogueSubject,
)
from kinerja_api.dialogs.schemas import (
    ActionCountsRead,
    ActionCreate,
    ActionDevelopmentPlan,
    ActionRead,
    ActionUpdate,
    Confirmation,
    DialogueAccept,
    DialogueCreate,
    DialogueDecline,
    DialogueRead,
    DialogueRecord,
    DialogueReport,
    DialogueRequestCreate,
    ParticipantRead,
    PersonRef,
)
from kinerja_api.indicators.skp.models import Skp, SkpWorkResult
from kinerja_api.needs.development import service as development
from kinerja_api.needs.development.models import DevelopmentPlan, PlanStatus
from kinerja_api.needs.development.schemas import DevelopmentPlanCreate
from kinerja_api.needs.register.models import Need
from kinerja_api.organizations.models import (
    Employee,
    EmployeePosition,
    Organization,
    Position,
    Unit,
)
from kinerja_api.organizations.scope import (
    admin_clause,
    admin_reaches,
    appraisers_of,
    assignment_active_on,
    employee_scope,
    subordinate_depths,
    subordinate_employee_ids,
    subordinate_ids_select,
)
from kinerja_api.organizations.service import org_today

# ---- helpers -------------------------------------------------------------------------------


def year_start(org: Organization, year: int) -> datetime:
    """Midnight of 1 January of ``year`` in the organization's time zone, as UTC."""
    return datetime(year, 1, 1, tzinfo=UTC) - timedelta(hours=org.timezone.utc_offset_hours)


def _field(field: str, etype: str, id_msg: str, en_msg: str) -> UnprocessableEntity:
    return UnprocessableEntity(errors=[FieldError.of(field, etype, {"id": id_msg, "en": en_msg})])


_STATE_MESSAGES: dict[str, tuple[str, str]] = {
    "dialogue_not_requested": (
        "Hanya permintaan dialog yang menunggu jawaban yang dapat diterima atau ditolak.",
        "Only a dialogue request waiting for an answer can be accepted or declined.",
    ),
    "dialogue_not_scheduled": (
        "Catatan dan tindak lanjut hanya untuk dialog yang sudah dijadwalkan; terima "
        "permintaannya dulu.",
        "Notes and actions need a scheduled dialogue; accept the request first.",
    ),
    "dialogue_not_held": (
        "Dialog belum berlangsung: catat hasilnya setelah waktu yang dijadwalkan.",
        "The dialogue has not taken place yet: record it after its scheduled time.",
    ),
    "dialogue_confirmed": (
        "Catatan sudah dikonfirmasi peserta dan tidak dapat diubah lagi; hanya status tindak "
        "lanjut yang dapat diubah.",
        "A participant has confirmed the record: it is read-only, only action status changes.",
    ),
    "dialogue_not_recorded": (
        "Belum ada catatan untuk dikonfirmasi: atasan mencatat hasil dialog dulu.",
        "There is no record to confirm yet: the supervisor records the dialogue first.",
    ),
    "dialogue_already_confirmed": (
        "Anda sudah mengonfirmasi catatan ini.",
        "You have already confirmed this record.",
    ),
    "action_has_plan": (
        "Tindak lanjut ini sudah menjadi rencana pengembangan.",
        "This action has already become a development-plan item.",
    ),
}


for _code in _STATE_MESSAGES:  # the problem codes of the dialogue's states (409)
    register_code(_code, 409)


def _conflict(code: str) -> Conflict:
    id_msg, en_msg = _STATE_MESSAGES[code]
    return Conflict({"id": id_msg, "en": en_msg}, code=code)


_ONLY_SUPERVISOR = {
    "id": "Hanya atasan yang menyelenggarakan dialog ini yang dapat melakukannya.",
    "en": "Only the supervisor holding this dialogue may do this.",
}
_ONLY_PARTICIPANT = {
    "id": "Hanya peserta dialog yang mengonfirmasi atau mengomentari catatannya.",
    "en": "Only the dialogue's participants confirm or comment on its record.",
}
_ONLY_OWNER = {
    "id": "Status tindak lanjut diubah oleh pemiliknya atau atasan yang menyelenggarakan dialog.",
    "en": "An action's status is changed by its owner or the dialogue's supervisor.",
}
_NO_EMPLOYEE = {
    "id": "Akun Anda tidak terhubung dengan data pegawai.",
    "en": "Your account is not linked to an employee record.",
}


async def own_organization(session: AsyncSession, principal: Principal) -> Organization:
    org = (
        await session.get(Organization, principal.organization_id)
        if principal.organization_id
        else None
    )
    if org is None:
        raise NotFound()
    return org


def my_employee(principal: Principal) -> uuid.UUID:
    """The caller's employee record (404 for accounts without one, like every "my" route)."""
    if principal.employee_id is None:
        raise NoEmployeeRecord(_NO_EMPLOYEE)
    return principal.employee_id


async def _names(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(select(Employee.id, Employee.name).where(Employee.id.in_(ids)))
    return {eid: name for eid, name in rows}


# ---- visibility ----------------------------------------------------------------------------


def visible_dialogues(principal: Principal, org: Organization, today: date) -> Select[Any]:
    """Dialogues of ``org`` the principal may read (one statement; see ``rules.may_see``)."""
    stmt = select(Dialogue).where(Dialogue.organization_id == org.id)
    instansi_wide = principal.has(Perm.EMPLOYEES_READ_ALL) and principal.opd_id is None
    if instansi_wide and principal.can_access_org(org.id):
        return stmt
    # An OPD admin reads the dialogues held by or with their OPD's people.
    admin = admin_clause(principal, Perm.EMPLOYEES_READ_ALL, org.id, Dialogue.supervisor_id)
    me = principal.employee_id
    if me is None or principal.organization_id != org.id:
        return stmt.where(admin)
    below = subordinate_ids_select(me, today)
    through_participant = select(DialogueParticipant.dialogue_id).where(
        or_(DialogueParticipant.employee_id == me, DialogueParticipant.employee_id.in_(below))
    )
    return stmt.where(
        or_(
            admin,
            Dialogue.supervisor_id == me,
            Dialogue.supervisor_id.in_(below),
            Dialogue.id.in_(through_participant),
        )
    )


async def _participants(session: AsyncSession, dialogue_id: uuid.UUID) -> list[DialogueParticipant]:
    return list(
        await session.scalars(
            select(DialogueParticipant)
            .where(DialogueParticipant.dialogue_id == dialogue_id)
            .order_by(DialogueParticipant.created_at, DialogueParticipant.id)
        )
    )


async def _may_see(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    dialogue: Dialogue,
    participant_ids: Sequence[uuid.UUID],
    today: date,
) -> bool:
    wide = await admin_reaches(
        session, principal, Perm.EMPLOYEES_READ_ALL, org.id, dialogue.supervisor_id
    )
    me = principal.employee_id
    people = {dialogue.supervisor_id, *participant_ids}
    below: set[uuid.UUID] = set()
    if not wide and me is not None and me not in people:
        below = set(await subordinate_depths(session, me, today, people))
    return rules.may_see(
        me=me,
        organization_wide=wide,
        subordinates=below,
        supervisor_id=dialogue.supervisor_id,
        participant_ids=participant_ids,
    )


async def find_dialogue(
    session: AsyncSession, principal: Principal, dialogue_id: uuid.UUID, now: datetime
) -> tuple[Dialogue, list[DialogueParticipant], Organization]:
    """The dialogue if the caller may read it: other organizations 404, others 403."""
    dialogue = await session.get(Dialogue, dialogue_id)
    if dialogue is None or dialogue.organization_id != principal.organization_id:
        raise NotFound()
    org = await own_organization(session, principal)
    participants = await _participants(session, dialogue.id)
    ids = [p.employee_id for p in participants]
    if not await _may_see(session, principal, org, dialogue, ids, org_today(org, now)):
        raise Forbidden()
    return dialogue, participants, org


async def find_action(
    session: AsyncSession, principal: Principal, action_id: uuid.UUID, now: datetime
) -> tuple[DialogueAction, Dialogue, list[DialogueParticipant], Organization]:
    action = await session.get(DialogueAction, action_id)
    if action is None or action.organization_id != principal.organization_id:
        raise NotFound()
    dialogue, participants, org = await find_dialogue(session, principal, action.dialogue_id, now)
    return action, dialogue, participants, org


# ---- reading -------------------------------------------------------------------------------


async def _plans_of(
    session: AsyncSession, action_ids: set[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    if not action_ids:
        return {}
    rows = await session.execute(
        select(DevelopmentPlan.dialogue_action_id, DevelopmentPlan.id).where(
            DevelopmentPlan.dialogue_action_id.in_(action_ids)
        )
    )
    return {aid: pid for aid, pid in rows if aid is not None}


async def actions_read(
    session: AsyncSession, actions: Sequence[DialogueAction], today: date
) -> list[ActionRead]:
    """Read models of many actions (two queries whatever their number)."""
    names = await _names(session, {a.owner_id for a in actions})
    plans = await _plans_of(session, {a.id for a in actions})
    return [
        ActionRead(
            id=a.id,
            organization_id=a.organization_id,
            dialogue_id=a.dialogue_id,
            owner_id=a.owner_id,
            owner_name=names.get(a.owner_id, ""),
            description=a.description,
            due_date=a.due_date,
            work_result_id=a.work_result_id,
            need_id=a.need_id,
            status=a.status,
            status_reason=a.status_reason,
            closed_at=a.closed_at,
            overdue=rules.is_overdue(a.status, a.due_date, today),
            development_plan_id=plans.get(a.id),
            version=a.version,
            created_at=a.created_at,
            updated_at=a.updated_at,
        )
        for a in actions
    ]


def _allowed(
    principal: Principal,
    dialogue: Dialogue,
    participants: Sequence[DialogueParticipant],
    now: datetime,
) -> list[str]:
    me = principal.employee_id
    out: list[str] = []
    confirmed = any(p.confirmed_at for p in participants)
    if me == dialogue.supervisor_id:
        if dialogue.status is DialogueStatus.REQUESTED:
            out += ["accept", "decline"]
        if rules.record_problem(dialogue.status, dialogue.scheduled_at, now, confirmed) is None:
            out += ["record"]
            if dialogue.status is DialogueStatus.RECORDED:
                out += ["add_action"]
    mine = next((p for p in participants if p.employee_id == me), None)
    if (
        mine is not None
        and mine.confirmed_at is None
        and dialogue.status is DialogueStatus.RECORDED
    ):
        out += ["confirm", "comment"]
    return out


async def dialogue_read(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    dialogue: Dialogue,
    participants: Sequence[DialogueParticipant],
    now: datetime,
    *,
    actions: Sequence[DialogueAction] | None = None,
) -> DialogueRead:
    if actions is None:
        actions = list(
            await session.scalars(
                select(DialogueAction)
                .where(DialogueAction.dialogue_id == dialogue.id)
                .order_by(DialogueAction.created_at, DialogueAction.id)
            )
        )
    names = await _names(session, {dialogue.supervisor_id, *(p.employee_id for p in participants)})
    return DialogueRead(
        id=dialogue.id,
        organization_id=dialogue.organization_id,
        supervisor_id=dialogue.supervisor_id,
        supervisor_name=names.get(dialogue.supervisor_id, ""),
        requested_by_id=dialogue.requested_by_id,
        kind="one_on_one" if len(participants) == 1 else "team",
        status=dialogue.status,
        subject=dialogue.subject,
        topic=dialogue.topic,
        work_result_id=dialogue.work_result_id,
        appraisal_id=dialogue.appraisal_id,
        scheduled_at=dialogue.scheduled_at,
        place=dialogue.place,
        agenda=dialogue.agenda,
        decline_reason=dialogue.decline_reason,
        went_well=dialogue.went_well,
        not_well=dialogue.not_well,
        why=dialogue.why,
        next_steps=dialogue.next_steps,
        recorded_at=dialogue.recorded_at,
        confirmed_at=dialogue.confirmed_at,
        read_only=any(p.confirmed_at for p in participants),
        participants=[
            ParticipantRead(
                employee_id=p.employee_id,
                name=names.get(p.employee_id, ""),
                confirmed_at=p.confirmed_at,
                comment=p.comment,
                commented_at=p.commented_at,
            )
            for p in participants
        ],
        actions=await actions_read(session, actions, org_today(org, now)),
        allowed_actions=_allowed(principal, dialogue, participants, now),
        version=dialogue.version,
        created_at=dialogue.created_at,
        updated_at=dialogue.updated_at,
    )


async def dialogues_read(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    dialogues: Sequence[Dialogue],
    now: datetime,
) -> list[DialogueRead]:
    """Read models of a page of dialogues (a fixed number of queries)."""
    ids = [d.id for d in dialogues]
    if not ids:
        return []
    by_dialogue: dict[uuid.UUID, list[DialogueParticipant]] = {i: [] for i in ids}
    for p in await session.scalars(
        select(DialogueParticipant)
        .where(DialogueParticipant.dialogue_id.in_(ids))
        .order_by(DialogueParticipant.created_at, DialogueParticipant.id)
    ):
        by_dialogue[p.dialogue_id].append(p)
    acts: dict[uuid.UUID, list[DialogueAction]] = {i: [] for i in ids}
    for a in await session.scalars(
        select(DialogueAction)
        .where(DialogueAction.dialogue_id.in_(ids))
        .order_by(DialogueAction.created_at, DialogueAction.id)
    ):
        acts[a.dialogue_id].append(a)
    return [
        await dialogue_read(session, principal, org, d, by_dialogue[d.id], now, actions=acts[d.id])
        for d in dialogues
    ]


# ---- validation of references --------------------------------------------------------------


async def _check_work_result(
    session: AsyncSession, org_id: uuid.UUID, work_result_id: uuid.UUID, owners: set[uuid.UUID]
) -> None:
    owner = await session.scalar(
        select(Skp.employee_id)
        .join(SkpWorkResult, SkpWorkResult.skp_id == Skp.id)
        .where(SkpWorkResult.id == work_result_id, SkpWorkResult.organization_id == org_id)
    )
    if owner is None or owner not in owners:
        raise _field(
            "work_result_id",
            "work_result_not_found",
            "RHK tidak ditemukan pada SKP peserta dialog.",
            "No such RHK on a participant's SKP.",
        )


async def _check_appraisal(
    session: AsyncSession, org_id: uuid.UUID, appraisal_id: uuid.UUID, owners: set[uuid.UUID]
) -> None:
    owner = await session.scalar(
        select(Appraisal.employee_id).where(
            Appraisal.id == appraisal_id, Appraisal.organization_id == org_id
        )
    )
    if owner is None or owner not in owners:
        raise _field(
            "appraisal_id",
            "appraisal_not_found",
            "Penilaian tidak ditemukan untuk peserta dialog.",
            "No such appraisal of a participant.",
        )


async def _check_subject(
    session: AsyncSession,
    org_id: uuid.UUID,
    subject: DialogueSubject,
    work_result_id: uuid.UUID | None,
    appraisal_id: uuid.UUID | None,
    owners: set[uuid.UUID],
) -> None:
    needs_rhk = subject in (DialogueSubject.WORK_RESULT, DialogueSubject.REALIZATION)
    if needs_rhk and work_result_id is None:
        raise _field(
            "work_result_id",
            "missing",
            "Sebutkan RHK yang dibahas (subject work_result/realization).",
            "Name the RHK discussed (subject work_result/realization).",
        )
    if subject is DialogueSubject.APPRAISAL and appraisal_id is None:
        raise _field(
            "appraisal_id",
            "missing",
            "Sebutkan penilaian yang dibahas (subject appraisal).",
            "Name the appraisal discussed (subject appraisal).",
        )
    if work_result_id is not None:
        await _check_work_result(session, org_id, work_result_id, owners)
    if appraisal_id is not None:
        await _check_appraisal(session, org_id, appraisal_id, owners)


# ---- writing -------------------------------------------------------------------------------


async def schedule(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    data: DialogueCreate,
    now: datetime,
) -> tuple[Dialogue, list[DialogueParticipant]]:
    me = my_employee(principal)
    wanted = list(dict.fromkeys(data.participant_ids))
    below = await subordinate_employee_ids(session, me, org_today(org, now))
    outside = [p for p in wanted if p not in below]
    if outside:
        raise _field(
            "participant_ids",
            "not_subordinate",
            "Peserta dialog harus bawahan Anda dalam rantai jabatan (termasuk Plt/Plh): "
            f"{len(outside)} peserta bukan bawahan Anda.",
            "Participants must be below you in the position chain (acting included): "
            f"{len(outside)} of them are not.",
        )
    await _check_subject(
        session, org.id, data.subject, data.work_result_id, data.appraisal_id, set(wanted)
    )
    dialogue = Dialogue(
        organization_id=org.id,
        supervisor_id=me,
        status=DialogueStatus.SCHEDULED,
        subject=data.subject,
        topic=data.topic,
        work_result_id=data.work_result_id,
        appraisal_id=data.appraisal_id,
        scheduled_at=data.scheduled_at,
        place=data.place,
        agenda=data.agenda,
    )
    session.add(dialogue)
    await session.flush()
    participants = [
        DialogueParticipant(organization_id=org.id, dialogue_id=dialogue.id, employee_id=p)
        for p in wanted
    ]
    session.add_all(participants)
    _scheduled(session, dialogue, wanted, now)
    await session.flush()
    return dialogue, participants


def _scheduled(
    session: AsyncSession, dialogue: Dialogue, participant_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """The ``dialogue.scheduled`` outbox event (``core.outbox``)."""
    outbox.record(
        session,
        dialogue.organization_id,
        outbox.EventType.DIALOGUE_SCHEDULED,
        "dialogue",
        dialogue.id,
        {
            "dialogue_id": dialogue.id,
            "supervisor_id": dialogue.supervisor_id,
            "participant_ids": list(participant_ids),
            "subject": dialogue.subject,
            "scheduled_at": dialogue.scheduled_at,
            "place": dialogue.place,
        },
        at=now,
    )


async def request(
    session: AsyncSession,
    principal: Principal,
    org: Organization,
    data: DialogueRequestCreate,
    now: datetime,
) -> tuple[Dialogue, list[DialogueParticipant]]:
    me = my_employee(principal)
    found = await appraisers_of(session, me, org_today(org, now))
    if found.appraiser is None:
        raise NoAppraiser()
    await _check_subject(session, org.id, data.subject, data.work_result_id, None, {me})
    dialogue = Dialogue(
        organization_id=org.id,
        supervisor_id=found.appraiser.employee_id,
        requested_by_id=me,
        status=DialogueStatus.REQUESTED,
        subject=data.subject,
        topic=data.topic,
        work_result_id=data.work_result_id,
    )
    session.add(dialogue)
    await session.flush()
    participant = DialogueParticipant(
        organization_id=org.id, dialogue_id=dialogue.id, employee_id=me
    )
    session.add(participant)
    await session.flush()
    return dialogue, [participant]


def _require_supervisor(principal: Principal, dialogue: Dialogue) -> None:
    if principal.employee_id != dialogue.supervisor_id:
        raise NotDialogueSupervisor(_ONLY_SUPERVISOR)


async def accept(
    session: AsyncSession, principal: Principal, dialogue: Dialogue, data: DialogueAccept
) -> None:
    _require_supervisor(principal, dialogue)
    if dialogue.status is not DialogueStatus.REQUESTED:
        raise _conflict("dialogue_not_requested")
    dialogue.status = DialogueStatus.SCHEDULED
    dialogue.scheduled_at = data.scheduled_at
    dialogue.place = data.place
    dialogue.agenda = data.agenda
    people = [p.employee_id for p in await _participants(session, dialogue.id)]
    _scheduled(session, dialogue, people, utcnow())
    await session.flush()


async def decline(
    session: AsyncSession, principal: Principal, dialogue: Dialogue, data: DialogueDecline
) -> None:
    _require_supervisor(principal, dialogue)
    if dialogue.status is not DialogueStatus.REQUESTED:
        raise _conflict("dialogue_not_requested")
    dialogue.status = DialogueStatus.DECLINED
    dialogue.decline_reason = data.reason
    await session.flush()


def _require_editable(
    dialogue: Dialogue, participants: Sequence[DialogueParticipant], now: datetime
) -> None:
    problem = rules.record_problem(
        dialogue.status, dialogue.scheduled_at, now, any(p.confirmed_at for p in participants)
    )
    if problem is not None:
        raise _conflict(problem)


async def record(
    session: AsyncSession,
    principal: Principal,
    dialogue: Dialogue,
    participants: Sequence[DialogueParticipant],
    data: DialogueRecord,
    now: datetime,
) -> None:
    _require_supervisor(principal, dialogue)
    _require_editable(dialogue, participants, now)
    dialogue.went_well = data.went_well
    dialogue.not_well = data.not_well
    dialogue.why = data.why
    dialogue.next_steps = data.next_steps
    dialogue.recorded_at = now
    dialogue.status = DialogueStatus.RECORDED
    await session.flush()


async def _check_need(session: AsyncSession, org_id: uuid.UUID, need_id: uuid.UUID) -> None:
    found = await session.scalar(
        select(Need.id).where(Need.id == need_id, Need.organization_id == org_id)
    )
    if found is None:
        raise _field(
            "need_id",
            "need_not_found",
            "Kebutuhan tidak ditemukan di organisasi ini.",
            "No such need in this organization.",
        )


async def add_action(
    session: AsyncSession,
    principal: Principal,
    dialogue: Dialogue,
    participants: Sequence[DialogueParticipant],
    data: ActionCreate,
    now: datetime,
) -> DialogueAction:
    _require_supervisor(principal, dialogue)
    _require_editable(dialogue, participants, now)
    if dialogue.status is not DialogueStatus.RECORDED:
        raise _conflict("dialogue_not_recorded")
    people = {dialogue.supervisor_id, *(p.employee_id for p in participants)}
    if data.owner_id not in people:
        raise _field(
            "owner_id",
            "not_participant",
            "Pemilik tindak lanjut harus peserta dialog atau atasan penyelenggaranya.",
            "The owner must be a participant or the dialogue's supervisor.",
        )
    if data.work_result_id is not None:
        await _check_work_result(
            session, dialogue.organization_id, data.work_result_id, {data.owner_id}
        )
    if data.need_id is not None:
        await _check_need(session, dialogue.organization_id, data.need_id)
    action = DialogueAction(
        organization_id=dialogue.organization_id,
        dialogue_id=dialogue.id,
        owner_id=data.owner_id,
        description=data.description,
        due_date=data.due_date,
        work_result_id=data.work_result_id,
        need_id=data.need_id,
        status=ActionStatus.OPEN,
    )
    session.add(action)
    dialogue.updated_at = now  # the record changed: a new ETag for the dialogue
    await session.flush()
    return action


async def update_action(
    session: AsyncSession,
    principal: Principal,
    action: DialogueAction,
    dialogue: Dialogue,
    participants: Sequence[DialogueParticipant],
    data: ActionUpdate,
    now: datetime,
) -> DialogueAction:
    me = principal.employee_id
    if me not in (action.owner_id, dialogue.supervisor_id):
        raise NotActionOwner(_ONLY_OWNER)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    content = {k: v for k, v in changes.items() if k in ("description", "due_date")}
    if content:
        _require_supervisor(principal, dialogue)
        _require_editable(dialogue, participants, now)
        for key, value in content.items():
            setattr(action, key, value)
    if "status" in changes:
        status = ActionStatus(changes["status"])
        problem = rules.action_change_problem(status, data.reason)
        if problem is not None:
            raise _field(
                "reason",
                problem,
                "Sebutkan alasan membatalkan (dropped) tindak lanjut.",
                "Give the reason for dropping the action.",
            )
        if status is not action.status:
            action.status = status
            action.closed_at = None if status is ActionStatus.OPEN else now
        action.status_reason = data.reason if status is not ActionStatus.OPEN else None
    await session.flush()
    return action


async def respond(
    session: AsyncSession,
    principal: Principal,
    dialogue: Dialogue,
    participants: Sequence[DialogueParticipant],
    data: Confirmation,
    now: datetime,
) -> None:
    mine = next((p for p in participants if p.employee_id == principal.employee_id), None)
    if mine is None:
        raise NotDialogueParticipant(_ONLY_PARTICIPANT)
    if dialogue.status not in rules.HELD:
        raise _conflict("dialogue_not_recorded")
    if mine.confirmed_at is not None:
        raise _conflict("dialogue_already_confirmed")
    if not data.confirmed and data.comment is None:
        raise _field(
            "comment",
            "missing",
            "Tulis komentar Anda bila belum mengonfirmasi catatan.",
            "Write your comment when you do not confirm the record.",
        )
    if data.comment is not None:
        mine.comment = data.comment
        mine.commented_at = now
    if data.confirmed:
        mine.confirmed_at = now
        status = rules.status_after_confirmation(p.confirmed_at is not None for p in participants)
        if status is DialogueStatus.CONFIRMED:
            dialogue.confirmed_at = now
        dialogue.status = status
    dialogue.updated_at = now  # every response is a new version of the record
    await session.flush()


async def to_development_plan(
    session: AsyncSession,
    principal: Principal,
    action: DialogueAction,
    data: ActionDevelopmentPlan,
    now: datetime,
) -> DevelopmentPlan:
    """The action becomes an approved development-plan item of its owner, carrying the
    action's need (so the needs coverage counts it); the plan names the action back."""
    owner = await session.get(Employee, action.owner_id)
    assert owner is not None
    scope = await development.scope_for(session, principal, owner)
    if not (scope.administers(owner.id) or scope.is_subordinate(owner.id)):
        raise PlanNeedsSupervisor()
    if await session.scalar(
        select(DevelopmentPlan.id).where(DevelopmentPlan.dialogue_action_id == action.id)
    ):
        raise _conflict("action_has_plan")
    plan = await development.create_plan(
        session,
        principal,
        scope,
        owner,
        DevelopmentPlanCreate(
            year=action.due_date.year,
            type=data.type,
            title=data.title,
            need_id=action.need_id,
            provider=data.provider,
            learning_hours=data.learning_hours,
            budget=data.budget,
            status=PlanStatus.PLANNED,
        ),
    )
    plan.dialogue_action_id = action.id
    await session.flush()
    return plan


# ---- lists and reports ---------------------------------------------------------------------


def my_actions(
    employee_id: uuid.UUID, today: date, overdue: bool | None, status: ActionStatus | None
) -> Select[Any]:
    stmt = select(DialogueAction).where(DialogueAction.owner_id == employee_id)
    return _filter_actions(stmt, today, overdue, status)


def _filter_actions(
    stmt: Select[Any], today: date, overdue: bool | None, status: ActionStatus | None
) -> Select[Any]:
    if status is not None:
        stmt = stmt.where(DialogueAction.status == status)
    if overdue is True:
        stmt = stmt.where(
            DialogueAction.status == ActionStatus.OPEN, DialogueAction.due_date < today
        )
    elif overdue is False:
        stmt = stmt.where(
            or_(DialogueAction.status != ActionStatus.OPEN, DialogueAction.due_date >= today)
        )
    return stmt


async def unit_actions(
    session: AsyncSession,
    principal: Principal,
    unit: Unit,
    today: date,
    overdue: bool | None,
    status: ActionStatus | None,
) -> Select[Any]:
    """Actions owned by people holding a position in the unit or below it today, limited to
    the caller's scope (own, subordinates; admins: everyone)."""
    tree = select(Unit.id).where(Unit.id == unit.id).cte("dialogue_unit_tree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    holders = (
        select(EmployeePosition.employee_id)
        .join(Position, Position.id == EmployeePosition.position_id)
        .where(Position.unit_id.in_(select(tree.c.id)), assignment_active_on(today))
    )
    scope = await employee_scope(session, principal, unit.organization_id, today)
    stmt = select(DialogueAction).where(
        DialogueAction.organization_id == unit.organization_id,
        DialogueAction.owner_id.in_(holders),
        scope.clause(DialogueAction.owner_id),
    )
    return _filter_actions(stmt, today, overdue, status)


async def report(
    session: AsyncSession, supervisor: Employee, org: Organization, year: int, today: date
) -> DialogueReport:
    """The supervisor's dialogues of ``year``: held, planned, who of the direct team was met,
    and the actions agreed (a fixed number of queries)."""
    start, end = year_start(org, year), year_start(org, year + 1)
    in_year = (
        Dialogue.supervisor_id == supervisor.id,
        Dialogue.scheduled_at >= start,
        Dialogue.scheduled_at < end,
    )
    counts = dict(
        (
            await session.execute(
                select(Dialogue.status, func.count()).where(*in_year).group_by(Dialogue.status)
            )
        ).all()
    )
    held_ids = select(Dialogue.id).where(*in_year, Dialogue.status.in_(rules.HELD))
    met = set(
        await session.scalars(
            select(DialogueParticipant.employee_id).where(
                DialogueParticipant.dialogue_id.in_(held_ids)
            )
        )
    )
    team = await subordinate_employee_ids(session, supervisor.id, today, direct_only=True)
    split = rules.coverage(team, met)
    actions = (
        await session.execute(
            select(DialogueAction.status, DialogueAction.due_date).where(
                DialogueAction.dialogue_id.in_(held_ids)
            )
        )
    ).all()
    names = await _names(session, team)
    counted = rules.count_actions(((s, d) for s, d in actions), today)
    return DialogueReport(
        supervisor_id=supervisor.id,
        supervisor_name=supervisor.name,
        year=year,
        dialogues_held=sum(int(counts.get(s, 0)) for s in rules.HELD),
        dialogues_planned=int(counts.get(DialogueStatus.SCHEDULED, 0)),
        team_size=len(team),
        met=[PersonRef(employee_id=p, name=names[p]) for p in split.met],
        never_met=[PersonRef(employee_id=p, name=names[p]) for p in split.never_met],
        actions=ActionCountsRead(
            open=counted.open, done=counted.done, dropped=counted.dropped, overdue=counted.overdue
        ),
    )


def period_dialogues(
    appraisal: Appraisal, period: AppraisalPeriod, org: Organization
) -> Select[Any]:
    """Held dialogues of the appraised within the appraisal period's dates."""
    offset = timedelta(hours=org.timezone.utc_offset_hours)
    start = datetime.combine(period.start_date, datetime.min.time(), UTC) - offset
    end = datetime.combine(period.end_date + timedelta(days=1), datetime.min.time(), UTC) - offset
    mine = select(DialogueParticipant.dialogue_id).where(
        DialogueParticipant.employee_id == appraisal.employee_id
    )
    return select(Dialogue).where(
        Dialogue.organization_id == appraisal.organization_id,
        Dialogue.id.in_(mine),
        Dialogue.status.in_(rules.HELD),
        Dialogue.scheduled_at >= start,
        Dialogue.scheduled_at < end,
    )
