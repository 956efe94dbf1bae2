"""One language per message (issue 14): an enumeration error lists the allowed values with
their labels and the request language's "or" — it read "Harus salah satu dari: 'units',
'positions' or 'employees'"."""

from __future__ import annotations

import httpx

from conftest import Palu, assert_problem
from kinerja_api.core.i18n import set_lang, t

API = "/api/v1"


async def test_an_enumeration_error_speaks_one_language(
    client: httpx.AsyncClient, palu: Palu
) -> None:
    url = f"{API}/organizations/{palu.org.id}/imports/pegawai/template"
    body = assert_problem(await client.get(url, headers=palu.admin.headers), 422)
    assert body["errors"][0]["message"] == (
        "Harus salah satu dari: 'units' (unit kerja), 'positions' (jabatan) atau "
        "'employees' (pegawai)"
    )
    english = {**palu.admin.headers, "Accept-Language": "en"}
    body = assert_problem(await client.get(url, headers=english), 422)
    assert body["errors"][0]["message"] == (
        "Input should be 'units' (units), 'positions' (positions) or 'employees' (employees)"
    )


def test_a_message_parameter_in_words_follows_the_language() -> None:
    status = {"id": "disetujui", "en": "approved"}
    message = {"id": "Laporan berstatus {status}", "en": "A report that is {status}"}
    set_lang("en")
    assert t(message, status=status) == "A report that is approved"
    set_lang("id")
    assert t(message, status=status) == "Laporan berstatus disetujui"
