"""The organizations domain's named errors (organizations, units, positions, appraisers).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Forbidden, UnprocessableEntity


class OrganizationCodeTaken(Conflict):
    code = "organization_code_taken"


class OverrideOverlap(Conflict):
    code = "override_overlap"
    default_detail: Mapping[str, str] = {
        "id": "Sudah ada koreksi penilai untuk pegawai ini pada periode tersebut; "
        "akhiri atau cabut dulu.",
        "en": "An appraiser override of this employee already covers that period; "
        "end or revoke it first.",
    }


class OverrideRevoked(Conflict):
    code = "override_revoked"
    default_detail: Mapping[str, str] = {
        "id": "Koreksi penilai ini sudah dicabut.",
        "en": "This appraiser override has been revoked.",
    }


class OverrideSelf(UnprocessableEntity):
    """Raise with ``errors`` naming the field (``appraiser_id`` or ``appraiser_superior_id``)."""

    code = "override_self"
    default_detail: Mapping[str, str] = {
        "id": "Pegawai tidak dapat menjadi penilai atau atasan penilai dirinya sendiri; "
        "pilih pejabat di atas jabatannya.",
        "en": "An employee cannot be their own appraiser or appraiser's superior; choose an "
        "official above their position.",
    }


class OverrideSubordinate(UnprocessableEntity):
    """Parameters: ``name`` (the person named), ``on`` (the override's first day); raise with
    ``errors`` naming the field."""

    code = "override_subordinate"
    default_detail: Mapping[str, str] = {
        "id": "{name} adalah bawahan (langsung atau tidak langsung, termasuk Plt/Plh) pegawai "
        "ini pada {on}, sehingga tidak dapat menjadi penilai atau atasan penilainya. Pilih "
        "pejabat di atas jabatannya, atau lengkapi atasan jabatan pada struktur.",
        "en": "{name} is below this employee in the position chain on {on} (a direct or "
        "indirect subordinate, acting officials included), so cannot be their appraiser or "
        "appraiser's superior. Choose an official above their position, or complete the "
        "superior positions in the structure.",
    }


class PositionHasHolders(Conflict):
    code = "position_has_holders"
    default_detail: Mapping[str, str] = {
        "id": "Jabatan masih dipegang (atau akan dipegang) pegawai; akhiri dulu penugasannya.",
        "en": "The position is (or will be) held by an employee; end the assignments first.",
    }


class PositionHasSubordinates(Conflict):
    code = "position_has_subordinates"
    default_detail: Mapping[str, str] = {
        "id": "Masih ada jabatan aktif yang beratasan jabatan ini; pindahkan dulu.",
        "en": "Active positions still report to this position; move them first.",
    }


class PositionIsUnitHead(Conflict):
    code = "position_is_unit_head"
    default_detail: Mapping[str, str] = {
        "id": "Jabatan ini adalah kepala unit {unit}; ganti dulu kepala unit tersebut.",
        "en": "This position is the head of unit {unit}; change the unit's head first.",
    }


class PositionOccupied(Conflict):
    code = "position_occupied"
    default_detail: Mapping[str, str] = {
        "id": "Jabatan ini dipegang beberapa pegawai sekaligus; jabatan struktural "
        "hanya boleh satu pejabat definitif.",
        "en": "Several employees hold this position at once; a structural position "
        "has one definitive holder.",
    }


class UnitCodeTaken(Conflict):
    code = "unit_code_taken"


class UnitHasActiveChildren(Conflict):
    code = "unit_has_active_children"
    default_detail: Mapping[str, str] = {
        "id": "Nonaktifkan atau pindahkan dulu sub-unit yang masih aktif.",
        "en": "Deactivate or move the active sub-units first.",
    }


class UnitHasActivePositions(Conflict):
    code = "unit_has_active_positions"
    default_detail: Mapping[str, str] = {
        "id": "Nonaktifkan atau pindahkan dulu jabatan yang masih aktif di unit ini.",
        "en": "Deactivate or move the unit's active positions first.",
    }


class OutsideOpd(Forbidden):
    """An OPD admin acting on another OPD of the instansi (or on the instansi's own data)."""

    code = "outside_opd"
    default_detail: Mapping[str, str] = {
        "id": "Anda admin satu OPD: tindakan ini menyangkut OPD lain atau seluruh instansi. "
        "Mintalah admin OPD tersebut atau admin instansi (BKPSDM).",
        "en": "You are the admin of one OPD: this concerns another OPD or the whole "
        "instansi. Ask that OPD's admin or the instansi admin (BKPSDM).",
    }


class PositionInOtherOpd(Conflict):
    code = "position_in_other_opd"
    default_detail: Mapping[str, str] = {
        "id": "Jabatan ini ada di OPD lain: hanya admin instansi (BKPSDM) yang memindahkan "
        "pegawai antar-OPD.",
        "en": "This position belongs to another OPD: only the instansi admin (BKPSDM) moves "
        "employees between OPDs.",
    }


class NotAnOpd(Conflict):
    code = "not_an_opd"
    default_detail: Mapping[str, str] = {
        "id": "OPD harus unit tingkat teratas instansi (tanpa unit induk); pilih unit itu.",
        "en": "An OPD is a top-level unit of the instansi (one without a parent); "
        "choose that unit.",
    }
