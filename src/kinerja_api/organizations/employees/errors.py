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
