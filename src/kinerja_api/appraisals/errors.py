"""The appraisal domain's named errors (code, status, messages in Indonesian and English).

Raise them with their message parameters: ``raise ObjectionWindowClosed(window=14)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict


class PeriodOverlaps(Conflict):
    """Parameters: ``kind`` (of the period), ``overlapping`` (the other period's name)."""

    code = "period_overlaps"
    default_detail: Mapping[str, str] = {
        "id": "Tumpang tindih dengan periode {kind} lain: {overlapping}",
        "en": "Overlaps another {kind} period: {overlapping}",
    }


class PeriodNotDraft(Conflict):
    code = "period_not_draft"
    default_detail: Mapping[str, str] = {
        "id": "Hanya periode draf yang dapat dibuka (gunakan buka kembali)",
        "en": "Only a draft period can be opened (use reopen)",
    }


class PeriodNotOpen(Conflict):
    code = "period_not_open"
    default_detail: Mapping[str, str] = {
        "id": "Periode penilaian tidak sedang dibuka",
        "en": "The appraisal period is not open",
    }


class PeriodNotClosed(Conflict):
    code = "period_not_closed"
    default_detail: Mapping[str, str] = {
        "id": "Hanya periode tertutup yang dibuka kembali",
        "en": "Only a closed period can be reopened",
    }


class AppraisalsFinalized(Conflict):
    code = "appraisals_finalized"
    default_detail: Mapping[str, str] = {
        "id": "Sudah ada penilaian yang difinalisasi dengan capaian organisasi ini",
        "en": "Appraisals were already finalized against the recorded organization result",
    }


class AppraisalFinalized(Conflict):
    code = "appraisal_finalized"
    default_detail: Mapping[str, str] = {
        "id": "Penilaian sudah difinalisasi; perubahan hanya melalui keputusan keberatan",
        "en": "The appraisal is finalized; changes only through an objection decision",
    }


class PeerRequested(Conflict):
    code = "peer_requested"
    default_detail: Mapping[str, str] = {
        "id": "Masukan sudah diminta",
        "en": "Input already requested",
    }


class OrganizationResultMissing(Conflict):
    code = "organization_result_missing"
    default_detail: Mapping[str, str] = {
        "id": "Capaian kinerja organisasi periode ini belum dicatat",
        "en": "The organization result of this period is not recorded yet",
    }


class NothingToFinalize(Conflict):
    code = "nothing_to_finalize"
    default_detail: Mapping[str, str] = {
        "id": "Tidak ada penilaian terbuka",
        "en": "Nothing to finalize",
    }


class AppraisalsUnrated(Conflict):
    code = "appraisals_unrated"
    default_detail: Mapping[str, str] = {
        "id": "Masih ada penilaian yang belum dinilai",
        "en": "Some appraisals are not rated yet",
    }


class CurveNotFit(Conflict):
    """With a field error per failing rule of the curve."""

    code = "curve_not_fit"
    default_detail: Mapping[str, str] = {
        "id": "Sebaran predikat tidak sesuai kurva distribusi",
        "en": "The predikat distribution does not fit the curve",
    }


class AppraisalNotFinalized(Conflict):
    code = "appraisal_not_finalized"
    default_detail: Mapping[str, str] = {
        "id": "Penilaian belum difinalisasi",
        "en": "Not finalized yet",
    }


class AlreadyAcknowledged(Conflict):
    code = "already_acknowledged"
    default_detail: Mapping[str, str] = {"id": "Sudah diterima", "en": "Already acknowledged"}


class ObjectionExists(Conflict):
    code = "objection_exists"
    default_detail: Mapping[str, str] = {
        "id": "Keberatan sudah diajukan",
        "en": "Objection already filed",
    }


class ObjectionWindowClosed(Conflict):
    """Parameter: ``window`` (days)."""

    code = "objection_window_closed"
    default_detail: Mapping[str, str] = {
        "id": "Batas waktu keberatan ({window} hari) sudah lewat",
        "en": "The objection window ({window} days) has passed",
    }


class NoObjection(Conflict):
    code = "no_objection"
    default_detail: Mapping[str, str] = {
        "id": "Tidak ada keberatan untuk diputus",
        "en": "No pending objection",
    }


class RewardRevoked(Conflict):
    code = "reward_revoked"
    default_detail: Mapping[str, str] = {
        "id": "Penghargaan ini sudah dicabut; catatannya tetap tersimpan. Berikan penghargaan "
        "baru bila perlu.",
        "en": "This reward has already been revoked; its record stays. Give a new reward if "
        "needed.",
    }
