"""The performance dialogues domain's named errors.

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden, NotFound


class NoAppraiser(Conflict):
    code = "no_appraiser"
    default_detail: Mapping[str, str] = {
        "id": "Anda tidak memiliki atasan penilai hari ini; minta admin memeriksa "
        "jabatan atasan Anda.",
        "en": "You have no appraiser today; ask an admin to check your superior position.",
    }


class NoEmployeeRecord(NotFound):
    code = "no_employee_record"


class NotActionOwner(Forbidden):
    code = "not_action_owner"


class NotDialogueParticipant(Forbidden):
    code = "not_dialogue_participant"


class NotDialogueSupervisor(Forbidden):
    code = "not_dialogue_supervisor"


class PlanNeedsSupervisor(Forbidden):
    code = "plan_needs_supervisor"
    default_detail: Mapping[str, str] = {
        "id": "Hanya atasan pemilik tindak lanjut atau admin yang menjadikannya rencana "
        "pengembangan.",
        "en": "Only the owner's superior or an admin turns an action into a development-plan item.",
    }
