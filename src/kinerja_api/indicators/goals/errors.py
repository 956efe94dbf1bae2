"""The goals domain's named errors (strategies, goals, key indicators).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict


class GoalCodeTaken(Conflict):
    code = "goal_code_taken"


class GoalHasActiveChildren(Conflict):
    code = "goal_has_active_children"
    default_detail: Mapping[str, str] = {
        "id": "Nonaktifkan atau pindahkan dulu sasaran yang masih aktif di bawahnya.",
        "en": "Deactivate or move the active sasaran under it first.",
    }


class GoalHasActiveIndicators(Conflict):
    code = "goal_has_active_indicators"
    default_detail: Mapping[str, str] = {
        "id": "Nonaktifkan atau pindahkan dulu IKU yang masih aktif.",
        "en": "Deactivate or move its active key indicators first.",
    }


class GoalInUse(Conflict):
    code = "goal_in_use"
    default_detail: Mapping[str, str] = {
        "id": "Tujuan/sasaran ini masih dirujuk oleh sasaran atau IKU; nonaktifkan saja.",
        "en": "This goal is still referred to by sasaran or key indicators; deactivate it instead.",
    }


class GoalInactive(Conflict):
    code = "goal_inactive"
    default_detail: Mapping[str, str] = {
        "id": "Tujuan/sasaran ini tidak aktif; aktifkan dulu sebelum menambah IKU.",
        "en": "This goal is inactive; reactivate it before adding key indicators.",
    }


class IndicatorCodeTaken(Conflict):
    code = "indicator_code_taken"


class MissionInUse(Conflict):
    code = "mission_in_use"


class ParentInactive(Conflict):
    code = "parent_inactive"
    default_detail: Mapping[str, str] = {
        "id": "Aktifkan dulu tujuan induknya.",
        "en": "Reactivate the parent goal first.",
    }


class StrategyPeriodOverlap(Conflict):
    code = "strategy_period_overlap"


class GoalServedByOpd(Conflict):
    code = "goal_served_by_opd"
    default_detail: Mapping[str, str] = {
        "id": "Tujuan/sasaran instansi ini masih didukung oleh tujuan/sasaran OPD yang aktif; "
        "nonaktifkan atau arahkan dulu tujuan/sasaran OPD itu ke tujuan instansi lain.",
        "en": "Active OPD goals still serve this instansi goal; deactivate them or point them "
        "to another instansi goal first.",
    }
