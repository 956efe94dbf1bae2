"""The surveys domain's named errors.

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Gone, NotFound


class AlreadyAnswered(Conflict):
    code = "already_answered"
    default_detail: Mapping[str, str] = {
        "id": "Tanggapan dari perangkat ini sudah kami terima sebelumnya.",
        "en": "A response from this device has already been received.",
    }


class QuestionNotFound(NotFound):
    code = "question_not_found"


class SurveyClosed(Gone):
    code = "survey_closed"
    default_detail: Mapping[str, str] = {
        "id": "Survei ini sudah ditutup. Terima kasih atas perhatian Anda.",
        "en": "This survey is closed. Thank you for your interest.",
    }


class SurveyInUse(Conflict):
    code = "survey_in_use"
    default_detail: Mapping[str, str] = {
        "id": "Survei ini dirujuk oleh kebutuhan organisasi.",
        "en": "Needs of the organization refer to this survey.",
    }


class SurveyNotDraft(Conflict):
    code = "survey_not_draft"
    default_detail: Mapping[str, str] = {
        "id": "Survei yang sudah diterbitkan tidak dapat diubah; buat survei baru.",
        "en": "A published survey cannot be changed; create a new survey.",
    }


class SurveyNotPublished(Conflict):
    code = "survey_not_published"
    default_detail: Mapping[str, str] = {
        "id": "Hanya survei yang sedang terbit yang dapat ditutup.",
        "en": "Only a published survey can be closed.",
    }
