"""The development domain's named errors (competencies, assessments, development plans).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden


class AssessmentNotAllowed(Forbidden):
    code = "assessment_not_allowed"
    default_detail: Mapping[str, str] = {
        "id": "Untuk diri sendiri Anda hanya dapat mencatat penilaian mandiri (self).",
        "en": "For yourself you may only record a self-assessment.",
    }


class CompetencyCodeTaken(Conflict):
    code = "competency_code_taken"
    default_detail: Mapping[str, str] = {
        "id": "Kode kompetensi sudah dipakai.",
        "en": "The competency code is taken.",
    }


class PlanNeedsSupervisor(Forbidden):
    code = "plan_needs_supervisor"
