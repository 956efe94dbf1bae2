"""Realization of SKP indicators per period, achievement, and evidence (no HTTP).

Realization opens once an SKP has been approved and closes when it is locked; during a
revision it stays open (the work goes on while the plan changes). Periods follow the
organization's ``skp.realization_period``. Values are cumulative for the year to date, so the
achievement of a period is the value against the yearly target, computed by
:func:`kinerja_api.indicators.targets.achievement`; descriptive targets are rated instead.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kinerja_api.core.config import Settings
from kinerja_api.core.errors import (
    FieldError,
    NotFound,
    PayloadTooLarge,
    UnprocessableEntity,
    invalid_field,
)
from kinerja_api.core.uploads import EXTENSIONS, FileStore, clean_filename, sniff_content_type
from kinerja_api.indicators.goals.service import target_of
from kinerja_api.indicators.skp.errors import (
    EvidenceFileMissing,
    EvidenceIsLink,
    RealizationClosed,
    RealizationNotFound,
)
from kinerja_api.indicators.skp.models import (
    EvidenceKind,
    Skp,
    SkpEvidence,
    SkpIndicator,
    SkpRealization,
)
from kinerja_api.indicators.skp.rules import Period, SkpState, parse_period, periods_of
from kinerja_api.indicators.skp.schemas import (
    EvidenceRead,
    IndicatorRead,
    IndicatorRealizations,
    RealizationPut,
    RealizationRead,
    SkpRealizations,
)
from kinerja_api.indicators.skp.service import TARGET_FIELDS, rhk_order
from kinerja_api.indicators.targets import Target, TargetKind, achievement
from kinerja_api.organizations.models import Organization
from kinerja_api.organizations.service import organization_settings


def _target(indicator: SkpIndicator) -> Target:
    return target_of({name: getattr(indicator, name) for name in TARGET_FIELDS})


def achievement_percent(indicator: SkpIndicator, realization: SkpRealization) -> float | None:
    """Achievement in percent; ``None`` for rated (descriptive) targets or without a value."""
    if realization.value is None:
        return None
    result = achievement(_target(indicator), Decimal(str(realization.value)))
    return float(result) if result is not None else None


def realization_read(indicator: SkpIndicator, realization: SkpRealization) -> RealizationRead:
    """``realization`` loaded with its evidence."""
    return RealizationRead(
        id=realization.id,
        skp_id=realization.skp_id,
        indicator_id=realization.indicator_id,
        period=realization.period,
        value=realization.value,
        rating=realization.rating,
        self_assessment=realization.self_assessment,
        achievement_percent=achievement_percent(indicator, realization),
        evidence=[EvidenceRead.model_validate(e) for e in realization.evidence],
        created_at=realization.created_at,
        updated_at=realization.updated_at,
        version=realization.version,
    )


def period_of(skp: Skp, org: Organization, key: str, today: date) -> Period:
    """The realization period ``key`` of ``skp`` (422 when it does not fit)."""
    kind = organization_settings(org).skp.realization_period
    found = parse_period(
        key, kind, year=skp.year, start=skp.period_start, end=skp.period_end, today=today
    )
    if isinstance(found, FieldError):
        raise UnprocessableEntity(errors=[found])
    return found


def require_open(skp: Skp) -> None:
    """Realization is reported on an SKP approved at least once and not locked."""
    if skp.first_approved_at is None or skp.state is SkpState.LOCKED:
        raise RealizationClosed()


async def find_realization(
    session: AsyncSession, indicator: SkpIndicator, period: str
) -> SkpRealization | None:
    found: SkpRealization | None = await session.scalar(
        select(SkpRealization)
        .where(SkpRealization.indicator_id == indicator.id, SkpRealization.period == period)
        .options(selectinload(SkpRealization.evidence))
    )
    return found


async def existing_realization(
    session: AsyncSession, indicator: SkpIndicator, period: str
) -> SkpRealization:
    found = await find_realization(session, indicator, period)
    if found is None:
        raise RealizationNotFound(period=period)
    return found


def _value_problems(indicator: SkpIndicator, data: RealizationPut) -> list[FieldError]:
    rated = _target(indicator).kind is TargetKind.TEXT
    if rated and data.value is not None:
        return [
            FieldError.of(
                "value",
                "value_not_applicable",
                {
                    "id": "Target berupa uraian dinilai dengan rating, bukan angka",
                    "en": "A descriptive target is rated (rating), not given a value",
                },
            )
        ]
    if rated and data.rating is None:
        return [
            FieldError.of(
                "rating",
                "rating_required",
                {
                    "id": "Beri rating untuk target berupa uraian",
                    "en": "Give a rating for a descriptive target",
                },
            )
        ]
    if not rated and data.rating is not None:
        return [
            FieldError.of(
                "rating",
                "rating_not_applicable",
                {
                    "id": "Target angka diisi dengan nilai realisasi (value), bukan rating",
                    "en": "A numeric target takes a realization value, not a rating",
                },
            )
        ]
    if not rated and data.value is None:
        return [
            FieldError.of(
                "value",
                "value_required",
                {"id": "Isi nilai realisasi", "en": "Give the realization value"},
            )
        ]
    return []


async def put_realization(
    session: AsyncSession,
    skp: Skp,
    indicator: SkpIndicator,
    period: Period,
    current: SkpRealization | None,
    data: RealizationPut,
) -> SkpRealization:
    """Create or replace the realization of ``indicator`` in ``period``."""
    require_open(skp)
    problems = _value_problems(indicator, data)
    if problems:
        raise UnprocessableEntity(errors=problems)
    if current is None:
        current = SkpRealization(
            organization_id=skp.organization_id,
            skp_id=skp.id,
            indicator_id=indicator.id,
            period=period.key,
            evidence=[],
        )
        session.add(current)
    current.value = data.value
    current.rating = data.rating
    current.self_assessment = data.self_assessment
    await session.flush()
    return current


async def skp_realizations(
    session: AsyncSession, skp: Skp, org: Organization, today: date
) -> SkpRealizations:
    """Every indicator of ``skp`` (loaded in full) with its realizations and achievement
    (two queries)."""
    kind = organization_settings(org).skp.realization_period
    rows = await session.scalars(
        select(SkpRealization)
        .where(SkpRealization.skp_id == skp.id)
        .options(selectinload(SkpRealization.evidence))
        .order_by(SkpRealization.period)
    )
    by_indicator: dict[uuid.UUID, list[SkpRealization]] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator_id, []).append(row)
    periods = [
        p.key
        for p in periods_of(kind, skp.year)
        if p.start <= min(today, skp.period_end) and p.end >= skp.period_start
    ]
    return SkpRealizations(
        skp_id=skp.id,
        year=skp.year,
        realization_period=kind,
        periods=periods,
        indicators=[
            IndicatorRealizations(
                indicator=IndicatorRead.model_validate(indicator),
                work_result_statement=rhk.statement,
                realizations=[
                    realization_read(indicator, r) for r in by_indicator.get(indicator.id, [])
                ],
            )
            for rhk in sorted(skp.work_results, key=rhk_order)
            for indicator in rhk.indicators
        ],
    )


# ---- evidence ------------------------------------------------------------------------------


def valid_link(url: str) -> str:
    """An https URL with a host, without spaces or control characters (422 otherwise)."""
    url = url.strip()
    parts = urlsplit(url)
    if (
        parts.scheme != "https"
        or not parts.hostname
        or len(url) > 2000
        or any(c.isspace() or ord(c) < 32 for c in url)
    ):
        raise invalid_field(
            "url",
            "url_invalid",
            "Tautan bukti harus berupa URL https:// yang lengkap",
            "An evidence link must be a complete https:// URL",
            location="form",
        )
    return url


async def add_link(
    session: AsyncSession,
    skp: Skp,
    realization: SkpRealization,
    url: str,
    description: str | None,
    uploaded_by: uuid.UUID | None,
) -> SkpEvidence:
    require_open(skp)
    evidence = SkpEvidence(
        organization_id=skp.organization_id,
        realization_id=realization.id,
        kind=EvidenceKind.LINK,
        url=valid_link(url),
        description=description,
        uploaded_by_id=uploaded_by,
    )
    session.add(evidence)
    await session.flush()
    return evidence


async def add_file(
    session: AsyncSession,
    settings: Settings,
    skp: Skp,
    realization: SkpRealization,
    data: bytes,
    filename: str | None,
    description: str | None,
    uploaded_by: uuid.UUID | None,
) -> SkpEvidence:
    """Store an uploaded file whose type, recognized from its content, is allowed.

    ``data`` may be one byte longer than the limit (the caller reads limit + 1 to detect an
    oversized file without reading it all).
    """
    require_open(skp)
    if len(data) > settings.evidence_max_bytes:
        raise PayloadTooLarge(limit=settings.evidence_max_bytes)
    if not data:
        raise invalid_field(
            "file", "file_empty", "Berkas kosong", "The file is empty", location="form"
        )
    content_type = sniff_content_type(data)
    if content_type is None or content_type not in settings.evidence_content_types:
        allowed = ", ".join(EXTENSIONS.get(t, t) for t in settings.evidence_content_types)
        raise invalid_field(
            "file",
            "file_type_not_allowed",
            f"Isi berkas bukan jenis yang diizinkan ({allowed})",
            f"The file's content is not an allowed type ({allowed})",
            location="form",
        )
    stored = await FileStore(settings.evidence_dir).save(skp.organization_id, data)
    label = clean_filename(filename) or f"bukti.{EXTENSIONS.get(content_type, 'bin')}"
    evidence = SkpEvidence(
        organization_id=skp.organization_id,
        realization_id=realization.id,
        kind=EvidenceKind.FILE,
        description=description,
        stored_name=stored.name,
        filename=label,
        content_type=content_type,
        size_bytes=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=uploaded_by,
    )
    session.add(evidence)
    await session.flush()
    return evidence


def evidence_in(realization: SkpRealization, evidence_id: uuid.UUID) -> SkpEvidence:
    for evidence in realization.evidence:
        if evidence.id == evidence_id:
            return evidence
    raise NotFound()


def evidence_file(settings: Settings, evidence: SkpEvidence) -> Path:
    """Where a file evidence lies on disk (409 for a link, 404 if the file is gone)."""
    if evidence.kind is not EvidenceKind.FILE or evidence.stored_name is None:
        raise EvidenceIsLink(url=evidence.url or "")
    path = FileStore(settings.evidence_dir).path(evidence.organization_id, evidence.stored_name)
    if not path.is_file():
        raise EvidenceFileMissing()
    return path
