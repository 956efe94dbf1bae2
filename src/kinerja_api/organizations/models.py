"""Organizations (instansi/pemda) and their unit tree."""

from __future__ import annotations

import enum
import uuid
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin


class AgencyKind(enum.StrEnum):
    PEMERINTAH_PROVINSI = "pemerintah_provinsi"
    PEMERINTAH_KABUPATEN = "pemerintah_kabupaten"
    PEMERINTAH_KOTA = "pemerintah_kota"
    PERANGKAT_DAERAH = "perangkat_daerah"
    KEMENTERIAN = "kementerian"
    LEMBAGA = "lembaga"


class TimeZone(enum.StrEnum):
    """Indonesian time zones, stored by their common abbreviation."""

    WIB = "WIB"  # Asia/Jakarta, UTC+7
    WITA = "WITA"  # Asia/Makassar, UTC+8
    WIT = "WIT"  # Asia/Jayapura, UTC+9

    @property
    def iana(self) -> str:
        return {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}[self.value]


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: portable and easy to migrate.
    return Enum(
        cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]
    )


class Organization(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "organizations"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(_enum(AgencyKind, "agency_kind"))
    region: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[TimeZone] = mapped_column(_enum(TimeZone, "time_zone"), default=TimeZone.WIB)
    is_active: Mapped[bool] = mapped_column(default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Unit(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A unit kerja; ``parent_id`` forms a tree within one organization."""

    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        Index("ix_units_org_parent", "organization_id", "parent_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
