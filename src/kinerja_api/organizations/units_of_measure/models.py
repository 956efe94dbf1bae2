"""The instansi's catalogue of units of measure (satuan) for targets."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, checked_enum
from kinerja_api.organizations.units_of_measure.rules import UnitKind


class UnitOfMeasure(IdMixin, TimestampMixin, Base):
    """One unit of measure (satuan) an instansi's targets may use, by normalized name; its
    kind decides the indicator aspects it suits. The defaults are seeded (``is_default``);
    admins add their own. Rows are never deleted: targets refer to them by name."""

    __tablename__ = "units_of_measure"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[UnitKind] = mapped_column(checked_enum(UnitKind, "unit_of_measure_kind"))
    description: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(default=False)
