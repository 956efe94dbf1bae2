"""The account administration's named errors.

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden


class EmployeeAlreadyLinked(Conflict):
    code = "employee_already_linked"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai ini sudah memiliki akun.",
        "en": "This employee already has an account.",
    }


class ResetOwnPassword(Forbidden):
    code = "reset_own_password"
    default_detail: Mapping[str, str] = {
        "id": "Gunakan ganti kata sandi untuk akun Anda sendiri.",
        "en": "Use change password for your own account.",
    }


class RoleNotAssignable(Forbidden):
    code = "role_not_assignable"
    default_detail: Mapping[str, str] = {
        "id": "Admin platform hanya dibuat lewat perintah `kinerja create-admin`, akun "
        "layanan lewat `POST .../service-accounts`.",
        "en": "Platform admins are created only with `kinerja create-admin`, service "
        "accounts with `POST .../service-accounts`.",
    }


class SelfModification(Forbidden):
    code = "self_modification"
    default_detail: Mapping[str, str] = {
        "id": "Anda tidak dapat mengubah peran atau menonaktifkan akun sendiri.",
        "en": "You cannot change your own role or deactivate yourself.",
    }
