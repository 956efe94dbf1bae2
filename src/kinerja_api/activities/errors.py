"""The daily reports domain's named errors (code, status, messages in Indonesian and English).

Raise them with their message parameters: ``raise ReportNotPending(status="approved")``.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden, UnprocessableEntity


class ReportNotInScope(Forbidden):
    code = "report_not_in_scope"
    default_detail: Mapping[str, str] = {
        "id": "Anda hanya dapat melihat laporan harian milik sendiri, bawahan Anda, atau "
        "(admin) organisasi Anda.",
        "en": "You can only see your own daily reports, your subordinates' or (admins) "
        "your organization's.",
    }


class NotAppraiser(Forbidden):
    code = "not_appraiser"
    default_detail: Mapping[str, str] = {
        "id": "Hanya pejabat penilai (atasan langsung atau Plt/Plh) pegawai pada tanggal "
        "laporan yang dapat memeriksa laporan ini.",
        "en": "Only the employee's appraiser on the report date (direct superior or acting "
        "official) may review this report.",
    }


class NotOwner(Forbidden):
    code = "not_owner"
    default_detail: Mapping[str, str] = {
        "id": "Hanya pegawai pemilik laporan yang dapat mengubahnya.",
        "en": "Only the employee who filed the report may change it.",
    }


class ReportNotPending(Conflict):
    """Parameter: ``status``."""

    code = "report_not_pending"
    default_detail: Mapping[str, str] = {
        "id": "Laporan berstatus {status} tidak dapat diubah; laporan yang disetujui "
        "dikoreksi dengan laporan baru (corrects_id).",
        "en": "A report that is {status} cannot be changed; correct an approved report "
        "with a new report (corrects_id).",
    }


class SkpNotApproved(Conflict):
    """Parameter: ``year``."""

    code = "skp_not_approved"
    default_detail: Mapping[str, str] = {
        "id": "Laporan harian dikaitkan dengan RHK dari SKP tahun {year} yang sudah disetujui.",
        "en": "Daily reports must link to an RHK of your approved SKP of {year}.",
    }


class ReportOverlap(UnprocessableEntity):
    """Parameter: ``ids`` (the reports it overlaps)."""

    code = "report_overlap"
    default_detail: Mapping[str, str] = {
        "id": "Waktu kegiatan bertumpang tindih dengan laporan lain: {ids}.",
        "en": "The activity time overlaps other reports: {ids}.",
    }


class CorrectionOfUnapproved(Conflict):
    code = "correction_of_unapproved"
    default_detail: Mapping[str, str] = {
        "id": "Hanya laporan yang sudah disetujui yang dikoreksi dengan laporan baru; "
        "laporan yang belum diperiksa dapat diubah langsung.",
        "en": "Only approved reports are corrected with a new report; a report not "
        "yet reviewed can be edited directly.",
    }


class BatchFailed(Conflict):
    """Parameter: ``count`` (reports that failed)."""

    code = "batch_failed"
    default_detail: Mapping[str, str] = {
        "id": "Tidak ada yang disetujui: {count} laporan gagal diperiksa.",
        "en": "Nothing was approved: {count} report(s) failed the checks.",
    }


class NotUnitSuperior(Forbidden):
    code = "not_unit_superior"
    default_detail: Mapping[str, str] = {
        "id": "Rekap unit hanya untuk atasan pegawai unit ini dan admin.",
        "en": "The unit recap is for the unit's superiors and admins.",
    }
