"""The needs register's named errors.

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict


class LinkExists(Conflict):
    code = "link_exists"
    default_detail: Mapping[str, str] = {
        "id": "Kebutuhan ini sudah ditautkan ke {target} tersebut.",
        "en": "This need is already linked to that {target}.",
    }


class NeedClosed(Conflict):
    code = "need_closed"


class NeedStatusTransition(Conflict):
    code = "need_status_transition"


class PlanCoversOtherNeed(Conflict):
    code = "plan_covers_other_need"
    default_detail: Mapping[str, str] = {
        "id": "Rencana pengembangan ini sudah menjawab kebutuhan lain.",
        "en": "This development plan already covers another need.",
    }


class SurveyNotPublished(Conflict):
    code = "survey_not_published"
    default_detail: Mapping[str, str] = {
        "id": "Survei ini belum diterbitkan sehingga belum memiliki hasil.",
        "en": "This survey has not been published, so it has no results yet.",
    }
