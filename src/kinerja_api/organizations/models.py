"""Organizations (instansi/pemda), their unit tree, positions (jabatan) and employees.

The tenant is the instansi (a regional government or a ministry); its OPDs (dinas, badan,
Sekretariat Daerah) are its top-level units, each run by its own admins (``users.opd_id``).

Tables and what they hold:

* ``units``: unit kerja, a tree by ``parent_id``; ``head_position_id`` is the unit's head. A
  unit without a parent is an OPD.
* ``positions``: jabatan of a unit with its superior position (atasan langsung) forming the
  position chain from which appraisers and supervisor scope are derived.
* ``employees``: ASN identified by NIP; belongs to exactly one organization at a time.
* ``employee_positions``: who holds which position from when to when: definitive holders and
  acting officials (PLT/PLH). Rows are never deleted; ending sets ``end_date``/``ended_at``.
* ``employee_transfers``: moves of an employee between organizations (history).
* ``transfer_requests``: a move asked by the sending instansi, decided by the receiving one.
* ``appraiser_overrides``: admin corrections of an employee's appraiser and/or the appraiser's
  superior for a date range; they win over the position chain.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kinerja_api.core.db import Base, IdMixin, TimestampMixin, VersionedMixin, checked_enum


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

    @property
    def utc_offset_hours(self) -> int:
        """Indonesia has no daylight saving time: each zone is a fixed offset."""
        return {"WIB": 7, "WITA": 8, "WIT": 9}[self.value]


class Organization(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "organizations"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(checked_enum(AgencyKind, "agency_kind"))
    region: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[TimeZone] = mapped_column(
        checked_enum(TimeZone, "time_zone"), default=TimeZone.WIB
    )
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
    # The unit's head (kepala unit); must be a position of this unit. ``use_alter``: units and
    # positions reference each other. No ON DELETE option (NO ACTION, which refuses deletes
    # like RESTRICT): SQLite adds this column in place and cannot reflect an inline option.
    head_position_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("positions.id", use_alter=True)
    )


class PositionKind(enum.StrEnum):
    STRUKTURAL = "struktural"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"


class StructuralLevel(enum.StrEnum):
    """Eselon-like levels of structural positions (JPT, administrator, pengawas)."""

    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"


class FunctionalLevel(enum.StrEnum):
    """Jenjang of functional positions: keahlian (ahli ...) and keterampilan."""

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"


class Position(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A jabatan in a unit. ``superior_id`` (atasan langsung) forms the position chain.

    Structural positions have a ``level``, functional ones a ``jenjang``; pelaksana neither.
    A structural position has at most one definitive holder at a time; functional and
    pelaksana positions may be held by several employees (e.g. five Perawat Ahli Pertama).
    """

    __tablename__ = "positions"
    __table_args__ = (
        Index("ix_positions_org_unit", "organization_id", "unit_id"),
        Index("ix_positions_org_superior", "organization_id", "superior_id"),
        CheckConstraint("job_class BETWEEN 1 AND 17", name="job_class_range"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    superior_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("positions.id", ondelete="RESTRICT")
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PositionKind] = mapped_column(checked_enum(PositionKind, "position_kind"))
    level: Mapped[StructuralLevel | None] = mapped_column(
        checked_enum(StructuralLevel, "structural_level")
    )
    jenjang: Mapped[FunctionalLevel | None] = mapped_column(
        checked_enum(FunctionalLevel, "functional_level")
    )
    job_class: Mapped[int] = mapped_column(SmallInteger)
    is_active: Mapped[bool] = mapped_column(default=True)

    #: For list screens (loaded explicitly with ``joinedload``: no extra statement).
    unit: Mapped[Unit] = relationship(lazy="raise", viewonly=True, foreign_keys=[unit_id])
    superior: Mapped[Position | None] = relationship(
        lazy="raise", viewonly=True, foreign_keys=[superior_id], remote_side="Position.id"
    )


class EmployeeStatus(enum.StrEnum):
    ACTIVE = "active"
    LEAVE = "leave"  # cuti
    TRANSFERRED = "transferred"  # moved to an agency outside this platform
    RETIRED = "retired"


class EmployeeKind(enum.StrEnum):
    """Who a person of the instansi is: an ASN, or the regional head at the top of the chain."""

    ASN = "asn"
    #: Bupati, Wali Kota, Gubernur or minister: a political official, not an ASN. Has no NIP,
    #: no SKP, no reports and no appraisal of their own, but holds the top position of the
    #: instansi, so the position chain makes them the appraiser of the Sekda (or top JPT).
    REGIONAL_HEAD = "regional_head"


class Employee(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A person of an instansi: an ASN, or its regional head (see :class:`EmployeeKind`).

    Belongs to exactly one organization (instansi) at a time (see transfers) and, inside it,
    to one OPD (``opd_id``, a top-level unit): the unit kerja whose admins manage them.
    The NIP is unique nationally, so its unique constraint does not include the
    organization: a person keeps the NIP across agencies and signs in with it. Only ASN have
    one (a CHECK holds it).
    """

    __tablename__ = "employees"
    __table_args__ = (
        UniqueConstraint("nip"),
        Index("ix_employees_org_name", "organization_id", "name"),
        Index("ix_employees_opd", "opd_id"),
        CheckConstraint("kind <> 'asn' OR nip IS NOT NULL", name="asn_has_nip"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    #: The OPD (top-level unit) the employee belongs to; null only while not yet placed.
    #: No ON DELETE option (NO ACTION): see ``Unit.head_position_id``.
    opd_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[EmployeeKind] = mapped_column(
        checked_enum(EmployeeKind, "employee_kind"),
        default=EmployeeKind.ASN,
        server_default=EmployeeKind.ASN.value,
    )
    nip: Mapped[str | None] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    golongan: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[EmployeeStatus] = mapped_column(
        checked_enum(EmployeeStatus, "employee_status"), default=EmployeeStatus.ACTIVE
    )


class AssignmentKind(enum.StrEnum):
    DEFINITIVE = "definitive"
    PLT = "plt"  # pelaksana tugas: the position is vacant
    PLH = "plh"  # pelaksana harian: the definitive holder is temporarily absent


class EmployeePosition(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One holding of a position by an employee; ``start_date``/``end_date`` are inclusive.

    ``end_date`` null means open-ended. ``ended_at`` is set when an admin formally ends the
    assignment (or a transfer ends it); an assignment whose ``end_date`` has passed while
    ``ended_at`` is still null is "expired but still marked current" (data-quality report).
    """

    __tablename__ = "employee_positions"
    __table_args__ = (
        Index("ix_employee_positions_employee", "employee_id", "start_date"),
        Index("ix_employee_positions_position", "position_id", "start_date"),
        Index("ix_employee_positions_org_kind", "organization_id", "kind", "end_date"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="date_order"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    position_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"))
    kind: Mapped[AssignmentKind] = mapped_column(checked_enum(AssignmentKind, "assignment_kind"))
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    decree_number: Mapped[str | None] = mapped_column(String(100))


class EmployeeTransfer(IdMixin, TimestampMixin, Base):
    """An employee's move from one organization to another (history; never changed)."""

    __tablename__ = "employee_transfers"
    __table_args__ = (Index("ix_employee_transfers_employee", "employee_id", "effective_date"),)

    # The source organization (tenant of the record); the target is ``to_organization_id``.
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    to_organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    effective_date: Mapped[date] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)


class TransferRequestStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"  # the receiving instansi took the employee in: the move happened
    REFUSED = "refused"  # by the receiving instansi, with a reason
    CANCELLED = "cancelled"  # by the sending instansi while pending


class TransferRequest(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A request to move an employee to another organization (mutasi antar-instansi).

    The sending instansi's admins create it; nothing moves until an admin of the receiving
    instansi accepts it (then the move happens and is recorded in ``employee_transfers``,
    ``transfer_id``); it may instead be refused (with a reason) or cancelled by the sender
    while pending. An employee has at most one pending request (a partial unique index).
    """

    __tablename__ = "transfer_requests"
    __table_args__ = (
        Index("ix_transfer_requests_to_org", "to_organization_id", "status", "created_at"),
        Index("ix_transfer_requests_org", "organization_id", "status", "created_at"),
        Index(
            "uq_transfer_requests_pending_employee",
            "employee_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    #: The sending organization (the employee's when requested).
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    to_organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    effective_date: Mapped[date] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[TransferRequestStatus] = mapped_column(
        checked_enum(TransferRequestStatus, "transfer_request_status"),
        default=TransferRequestStatus.PENDING,
    )
    decided_at: Mapped[datetime | None] = mapped_column()
    #: Why it was refused or cancelled.
    decision_reason: Mapped[str | None] = mapped_column(Text)
    #: The move recorded on acceptance.
    transfer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employee_transfers.id", ondelete="RESTRICT")
    )


class AppraiserOverride(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An admin's correction of who appraises an employee, for a date range (inclusive).

    Sets the appraiser (pejabat penilai), the appraiser's superior (atasan pejabat penilai),
    or both; what is not set still comes from the position chain. Overrides of one employee
    never overlap; a revoked override no longer applies on any date.
    """

    __tablename__ = "appraiser_overrides"
    __table_args__ = (
        Index("ix_appraiser_overrides_employee", "employee_id", "valid_from"),
        Index("ix_appraiser_overrides_appraiser", "appraiser_id"),
        Index("ix_appraiser_overrides_superior", "appraiser_superior_id"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="date_order"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    appraiser_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    appraiser_superior_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    valid_from: Mapped[date] = mapped_column()
    valid_to: Mapped[date | None] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoke_reason: Mapped[str | None] = mapped_column(Text)
