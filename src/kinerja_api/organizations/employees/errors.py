"""The employees domain's named errors (employees, assignments, transfers).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden, NotFound, RateLimited, register_code


class AssignmentEnded(Conflict):
    code = "assignment_ended"
    default_detail: Mapping[str, str] = {
        "id": "Penugasan ini sudah diakhiri; buat penugasan baru bila perlu.",
        "en": "This assignment has been ended; create a new one if needed.",
    }


class EmployeeHasAssignments(Conflict):
    code = "employee_has_assignments"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai masih memegang (atau akan memegang) jabatan; akhiri dulu penugasannya.",
        "en": "The employee still holds (or will hold) positions; end the assignments first.",
    }


class EmployeeHasFutureAssignments(Conflict):
    code = "employee_has_future_assignments"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai memiliki penugasan yang mulai pada atau setelah tanggal mutasi; "
        "sesuaikan dulu.",
        "en": "The employee has assignments starting on or after the transfer date; "
        "adjust them first.",
    }


class EmployeeNipTaken(Conflict):
    code = "employee_nip_taken"
    default_detail: Mapping[str, str] = {
        "id": "NIP {nip} sudah terdaftar.",
        "en": "NIP {nip} is already registered.",
    }


class NipAnswersLimited(RateLimited):
    code = "nip_answers_limited"
    default_detail: Mapping[str, str] = {
        "id": 'Terlalu banyak jawaban "NIP sudah terdaftar" untuk akun ini. Periksa NIP '
        "dengan BKPSDM/BKN, lalu coba lagi dalam {retry_after} detik.",
        "en": 'Too many "NIP already registered" answers for this account. Check the NIPs '
        "with the civil-service agency (BKPSDM/BKN) and try again in {retry_after} seconds.",
    }


class EmployeeNotInScope(Forbidden):
    code = "employee_not_in_scope"
    default_detail: Mapping[str, str] = {
        "id": "Anda hanya dapat melihat data lengkap milik sendiri, bawahan Anda, "
        "atau (admin) organisasi Anda.",
        "en": "You can only see the full records of yourself, your subordinates, or "
        "(admins) your organization.",
    }


class EmployeeNotLinked(NotFound):
    code = "employee_not_linked"


class EmployeeNotServing(Conflict):
    code = "employee_not_serving"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai berstatus {status} tidak dapat diberi jabatan.",
        "en": "An employee with status {status} cannot be given a position.",
    }


class FilterNotAllowed(Forbidden):
    code = "filter_not_allowed"
    default_detail: Mapping[str, str] = {
        "id": "Pencarian berdasarkan NIP hanya untuk admin.",
        "en": "Searching by NIP is for admins only.",
    }


class SelfModification(Forbidden):
    code = "self_modification"
    default_detail: Mapping[str, str] = {
        "id": "Anda tidak dapat memutasi diri sendiri.",
        "en": "You cannot transfer yourself.",
    }


# The rules of ``organizations.rules.assignment_conflict`` answer 409 with their type as code.
for _code in (
    "assignment_duplicate",
    "definitive_position_overlap",
    "position_occupied",
    "acting_overlap",
):
    register_code(_code, 409)


# ---- transfer requests -----------------------------------------------------------------------


class TransferPending(Conflict):
    code = "transfer_pending"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai ini sudah memiliki permintaan mutasi yang menunggu jawaban; batalkan "
        "dulu permintaan itu.",
        "en": "The employee already has a pending transfer request; cancel that one first.",
    }


class TransferNotPending(Conflict):
    code = "transfer_not_pending"
    default_detail: Mapping[str, str] = {
        "id": "Permintaan mutasi ini sudah {status}; hanya permintaan yang menunggu jawaban "
        "yang dapat diterima, ditolak atau dibatalkan.",
        "en": "This transfer request is already {status}; only a pending request can be "
        "accepted, refused or cancelled.",
    }


class TransferNotYetEffective(Conflict):
    code = "transfer_not_yet_effective"
    default_detail: Mapping[str, str] = {
        "id": "Mutasi berlaku mulai {date}; terima permintaan ini pada atau setelah tanggal itu.",
        "en": "The transfer takes effect on {date}; accept the request on or after that date.",
    }


class TransferStale(Conflict):
    code = "transfer_stale"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai tidak lagi aktif di organisasi pengirim; tolak permintaan ini.",
        "en": "The employee no longer serves in the sending organization; refuse the request.",
    }


class TransferNotReceiver(Forbidden):
    code = "transfer_not_receiver"
    default_detail: Mapping[str, str] = {
        "id": "Hanya admin instansi penerima yang menerima atau menolak permintaan mutasi.",
        "en": "Only the receiving organization's instansi admins accept or refuse a transfer "
        "request.",
    }


class TransferNotSender(Forbidden):
    code = "transfer_not_sender"
    default_detail: Mapping[str, str] = {
        "id": "Hanya admin instansi pengirim yang membatalkan permintaan mutasi.",
        "en": "Only the sending organization's admins cancel a transfer request.",
    }


class TransferRequestNotFound(NotFound):
    code = "transfer_request_not_found"
    default_detail: Mapping[str, str] = {
        "id": "Permintaan mutasi tidak ditemukan.",
        "en": "Transfer request not found.",
    }
