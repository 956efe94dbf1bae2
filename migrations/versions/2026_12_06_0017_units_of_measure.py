"""The instansi's catalogue of units of measure (satuan) for targets.

* ``units_of_measure``: per organization, a unit's normalized name (unique in the
  organization) and kind (count, percent, rate, score, duration, currency: the kind decides
  which indicator aspects the unit suits), an optional description, and whether it is one of
  the seeded defaults.
* Every existing organization gets the default catalogue: the units of the national SKP
  forms, which include every unit targets could use before (existing indicators keep
  validating).

Downgrade drops the table (the catalogue was code before).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 09:00:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("count", "percent", "rate", "score", "duration", "currency")

#: The default catalogue as of this revision (frozen here: later changes to the code's
#: defaults reach new organizations only).
DEFAULTS: dict[str, tuple[str, ...]] = {
    "percent": ("persen", "%", "percent", "persentase"),
    "rate": ("per 1.000 kh", "per 100.000 kh", "per 1.000 penduduk", "per 100.000 penduduk"),
    "score": ("indeks", "nilai", "skor", "predikat"),
    "duration": ("menit", "jam", "hari", "minggu", "bulan", "tahun"),
    "currency": ("rupiah",),
    "count": (
        "orang",
        "bayi",
        "balita",
        "pasien",
        "keluarga",
        "penduduk",
        "pegawai",
        "peserta",
        "kelompok",
        "lembaga",
        "lokasi",
        "titik",
        "desa",
        "kelurahan",
        "kecamatan",
        "sekolah",
        "rumah",
        "wisatawan",
        "kunjungan",
        "dokumen",
        "berkas",
        "laporan",
        "naskah",
        "surat",
        "rekomendasi",
        "usulan",
        "izin",
        "sertifikat",
        "data",
        "peta",
        "buku",
        "modul",
        "kajian",
        "produk",
        "aplikasi",
        "kegiatan",
        "kali",
        "pertemuan",
        "rapat",
        "layanan",
        "pengaduan",
        "kasus",
        "perkara",
        "sampel",
        "program",
        "event",
        "paket",
        "unit",
        "jp",
        "km",
        "kilometer",
        "meter",
        "m2",
        "m3",
        "hektar",
        "ton",
        "kg",
        "liter",
        "ruas",
    ),
}


def upgrade() -> None:
    table = op.create_table(
        "units_of_measure",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *KINDS,
                name="unit_of_measure_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_units_of_measure_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units_of_measure")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_units_of_measure_organization_id_name")
        ),
    )
    organizations = sa.table("organizations", sa.column("id", sa.Uuid()))
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "organization_id": org_id,
            "name": name,
            "kind": kind,
            "description": None,
            "is_default": True,
            "created_at": now,
            "updated_at": now,
        }
        for (org_id,) in op.get_bind().execute(sa.select(organizations.c.id))
        for kind, names in DEFAULTS.items()
        for name in names
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("units_of_measure")
