"""What each notification says, in Indonesian and English (translators work here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kinerja_api.core.i18n import Lang

MESSAGES: dict[str, dict[str, str]] = {
    "skp.submitted": {
        "id": "SKP {year} milik {owner} menunggu persetujuan Anda.",
        "en": "{owner}'s SKP {year} is waiting for your approval.",
    },
    "skp.approved": {
        "id": "SKP {year} Anda telah disetujui.",
        "en": "Your SKP {year} has been approved.",
    },
    "skp.returned": {
        "id": "SKP {year} Anda dikembalikan untuk diperbaiki: {note}",
        "en": "Your SKP {year} was returned for changes: {note}",
    },
    "activity_report.reviewed:approved": {
        "id": "Laporan kegiatan Anda tanggal {report_date} disetujui.",
        "en": "Your activity report of {report_date} was approved.",
    },
    "activity_report.reviewed:rejected": {
        "id": "Laporan kegiatan Anda tanggal {report_date} ditolak: {note}",
        "en": "Your activity report of {report_date} was rejected: {note}",
    },
    "appraisal.finalized": {
        "id": "Penilaian kinerja Anda telah difinalisasi dengan predikat {predikat}.",
        "en": "Your performance appraisal was finalized with the rating {predikat}.",
    },
    "objection.decided": {
        "id": "Keberatan Anda telah diputuskan; predikat akhir: {predikat}.",
        "en": "Your objection has been decided; final rating: {predikat}.",
    },
    "dialogue.scheduled": {
        "id": "Dialog kinerja dijadwalkan pada {scheduled_at} di {place}.",
        "en": "A performance dialogue is scheduled for {scheduled_at} at {place}.",
    },
}
SUBJECT = {"id": "Kinerja: pemberitahuan", "en": "Kinerja: notification"}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "-"


def message_key(kind: str, params: Mapping[str, Any]) -> str:
    status = params.get("status")
    keyed = f"{kind}:{status}"
    return keyed if keyed in MESSAGES else kind


def render(kind: str, params: Mapping[str, Any], lang: Lang) -> str:
    template = MESSAGES[message_key(kind, params)][lang]
    return template.format_map(_Blank({k: v for k, v in params.items() if v is not None}))
