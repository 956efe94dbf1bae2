"""The SKP domain's named errors (plans, work results, indicators, realization, workflow).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden, NotFound, register_code
from kinerja_api.indicators.skp.rules import MESSAGES as BLOCKER_MESSAGES


class ActionNotAllowed(Forbidden):
    code = "action_not_allowed"
    default_detail: Mapping[str, str] = {
        "id": "Anda tidak berwenang melakukan {action} pada SKP ini.",
        "en": "You may not {action} this SKP.",
    }


class ApproachConflictsTargets(Conflict):
    code = "approach_conflicts_targets"
    default_detail: Mapping[str, str] = {
        "id": "Pendekatan tidak dapat diubah: target indikator {names} tidak "
        "sesuai. Ubah atau hapus dulu indikator tersebut.",
        "en": "The approach cannot change: the targets of {names} do not fit it. "
        "Change or delete those indicators first.",
    }


class EvidenceFileMissing(NotFound):
    code = "evidence_file_missing"
    default_detail: Mapping[str, str] = {
        "id": "Berkas bukti tidak ditemukan di penyimpanan. Hubungi admin.",
        "en": "The evidence file is missing from storage. Contact your administrator.",
    }


class EvidenceIsLink(Conflict):
    code = "evidence_is_link"
    default_detail: Mapping[str, str] = {
        "id": "Bukti ini berupa tautan; buka tautannya: {url}",
        "en": "This evidence is a link; open it: {url}",
    }


class GoalNotFound(NotFound):
    code = "goal_not_found"
    default_detail: Mapping[str, str] = {
        "id": "Sasaran/tujuan tidak ditemukan pada tahun {year}.",
        "en": "Goal not found in {year}.",
    }


class IllegalSkpTransition(Conflict):
    code = "illegal_transition"
    default_detail: Mapping[str, str] = {
        "id": "Tindakan {action} tidak dapat dilakukan pada SKP berstatus {state}.",
        "en": "The action {action} is not possible on an SKP that is {state}.",
    }


class IndicatorHasRealizations(Conflict):
    code = "indicator_has_realizations"
    default_detail: Mapping[str, str] = {
        "id": "Indikator ini sudah memiliki realisasi; ubah targetnya alih-alih menghapusnya.",
        "en": "This indicator already has realizations; change its target instead of deleting it.",
    }


class RealizationClosed(Conflict):
    code = "realization_closed"
    default_detail: Mapping[str, str] = {
        "id": "Realisasi dapat diisi setelah SKP disetujui dan sebelum SKP dikunci.",
        "en": "Realization can be reported once the SKP is approved and until it is locked.",
    }


class RealizationNotFound(NotFound):
    code = "realization_not_found"
    default_detail: Mapping[str, str] = {
        "id": "Belum ada realisasi periode {period} untuk indikator ini; isi dulu realisasinya.",
        "en": "There is no realization for {period} of this indicator yet; report it first.",
    }


class ScopeNotAllowed(Forbidden):
    code = "scope_not_allowed"
    default_detail: Mapping[str, str] = {
        "id": "Daftar SKP seluruh organisasi hanya untuk admin.",
        "en": "The organization-wide SKP list is for admins only.",
    }


class SkpExists(Conflict):
    code = "skp_exists"
    default_detail: Mapping[str, str] = {
        "id": "Anda sudah memiliki SKP tahun {year} ({skp_id}).",
        "en": "You already have an SKP for {year} ({skp_id}).",
    }


class SkpNotEditable(Conflict):
    code = "skp_not_editable"
    default_detail: Mapping[str, str] = {
        "id": "SKP berstatus {state} tidak dapat diubah. {hint}",
        "en": "An SKP that is {state} cannot be changed. {hint}",
    }


class SkpNotInScope(Forbidden):
    code = "skp_not_in_scope"
    default_detail: Mapping[str, str] = {
        "id": "Anda hanya dapat melihat SKP milik sendiri, bawahan Anda, atau (admin) "
        "organisasi Anda.",
        "en": "You can only see your own SKP, your subordinates' or (admins) your organization's.",
    }


class SkpOwnerOnly(Forbidden):
    code = "skp_owner_only"
    default_detail: Mapping[str, str] = {
        "id": "Hanya pemilik SKP yang dapat mengubah SKP, RHK, indikator, dan realisasinya.",
        "en": "Only the owner of the SKP can change it, its work results, indicators "
        "and realizations.",
    }


class SkpVersionNotFound(NotFound):
    code = "skp_version_not_found"
    default_detail: Mapping[str, str] = {
        "id": "SKP ini tidak memiliki versi disetujui dengan revisi {revision}.",
        "en": "This SKP has no approved version with revision {revision}.",
    }


class WorkResultReferenced(Conflict):
    code = "work_result_referenced"
    default_detail: Mapping[str, str] = {
        "id": "RHK ini menjadi acuan RHK {names}. Minta mereka mengubah acuannya dulu, "
        "atau ubah saja rumusan RHK ini.",
        "en": "Work results of {names} refer to this one. Ask them to change their "
        "reference first, or rephrase this work result instead.",
    }


class WorkResultHasReports(Conflict):
    """Parameter: ``count`` (daily reports filed against the work result)."""

    code = "work_result_has_reports"
    default_detail: Mapping[str, str] = {
        "id": "RHK ini sudah dipakai di {count} laporan kegiatan harian, sehingga tidak "
        "dapat dihapus. Ubah rumusan RHK ini, atau biarkan dan tambahkan RHK baru.",
        "en": "{count} daily activity reports were filed against this work result, so "
        "it cannot be deleted. Rephrase it, or keep it and add a new one.",
    }


class NotAnAsn(Conflict):
    """The regional head (Bupati/Wali Kota/minister) is not an ASN and has no SKP."""

    code = "not_an_asn"
    default_detail: Mapping[str, str] = {
        "id": "Kepala daerah bukan ASN dan tidak memiliki SKP; ia menilai SKP Sekda.",
        "en": "The regional head is not an ASN and has no SKP; they appraise the Sekda's SKP.",
    }


# What blocks an SKP (``rules.blockers``): submitting answers 409 with the first blocker's code.
for _code in BLOCKER_MESSAGES:
    register_code(_code, 409)
