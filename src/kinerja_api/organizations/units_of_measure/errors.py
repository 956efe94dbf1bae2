"""Named errors of the units-of-measure catalogue."""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict


class UnitOfMeasureTaken(Conflict):
    """Parameter: ``name`` (the normalized unit)."""

    code = "unit_of_measure_taken"
    default_detail: Mapping[str, str] = {
        "id": "Satuan '{name}' sudah ada di katalog satuan instansi; pakai yang ada.",
        "en": "The unit of measure '{name}' is already in the instansi's catalogue; use it.",
    }
