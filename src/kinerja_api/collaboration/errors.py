"""The collaboration domain's named errors (cross-agency programs).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Forbidden, NotFound


class NoEmployeeRecord(NotFound):
    code = "no_employee_record"
    default_detail: Mapping[str, str] = {
        "id": "Akun Anda tidak terhubung dengan data pegawai.",
        "en": "Your account is not linked to an employee record.",
    }


class NotContributionOwner(Forbidden):
    code = "not_contribution_owner"
    default_detail: Mapping[str, str] = {
        "id": "Hanya pemilik RHK atau admin organisasinya yang melepas kaitan ini.",
        "en": "Only the RHK's owner or their organization's admins remove this link.",
    }


class NotPartnerAdmin(Forbidden):
    code = "not_partner_admin"


class NotProgramLead(Forbidden):
    code = "not_program_lead"


class NotProgramMember(Forbidden):
    code = "not_program_member"
    default_detail: Mapping[str, str] = {
        "id": "Hanya anggota program (ditetapkan admin organisasi Anda) yang mengaitkan RHK-nya.",
        "en": "Only the program's members (set by your organization's admins) link their RHK.",
    }
