"""The workload analysis (ABK) domain's named errors.

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import UnprocessableEntity


class ImportInvalid(UnprocessableEntity):
    code = "import_invalid"
    default_detail: Mapping[str, str] = {
        "id": "Berkas tidak diimpor: perbaiki baris yang ditandai lalu unggah ulang.",
        "en": "The file was not imported: fix the rows listed and upload it again.",
    }
