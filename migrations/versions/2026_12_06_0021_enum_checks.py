"""CHECK constraints on the enum columns that had none (issue 19, item 12).

Migrations 0001–0005 and 0008 created enum columns as plain strings without the CHECK that
lists their values (the models' private ``_enum`` helper did not ask for one), although the
README says the database enforces them. This adds ``ck_<table>_<enum name>`` on each, with the
values the models have now (the models all use ``core.db.checked_enum``).

Before adding anything, every column is checked for values outside its list; if any exist the
migration stops and names them (table, column, value, rows), so they can be corrected first.
PostgreSQL: ``ALTER TABLE … ADD CONSTRAINT … NOT VALID`` then ``VALIDATE CONSTRAINT`` (the
validation scans without blocking reads and writes for the whole scan). SQLite: each table is
rebuilt (batch mode), its other constraints and indexes kept; the migration environment turns
foreign keys off around it and checks them before commit.

``activity_reports.status`` already had its CHECK (``ck_activity_reports_status``, 0007).
Going down drops the constraints added here.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> (column, enum name, allowed values): the columns without a CHECK before 0021.
ENUM_CHECKS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "organizations": (
        (
            "kind",
            "agency_kind",
            (
                "pemerintah_provinsi",
                "pemerintah_kabupaten",
                "pemerintah_kota",
                "perangkat_daerah",
                "kementerian",
                "lembaga",
            ),
        ),
        (
            "timezone",
            "time_zone",
            (
                "WIB",
                "WITA",
                "WIT",
            ),
        ),
    ),
    "appraisal_periods": (
        (
            "kind",
            "appraisal_period_kind",
            (
                "monthly",
                "quarterly",
                "semester",
                "annual",
            ),
        ),
        (
            "state",
            "appraisal_period_state",
            (
                "draft",
                "open",
                "closed",
            ),
        ),
        (
            "organization_result",
            "organization_result",
            (
                "istimewa",
                "baik",
                "butuh_perbaikan",
                "kurang",
                "sangat_kurang",
            ),
        ),
    ),
    "employees": (
        (
            "status",
            "employee_status",
            (
                "active",
                "leave",
                "transferred",
                "retired",
            ),
        ),
    ),
    "organization_goals": (
        (
            "kind",
            "goal_kind",
            (
                "tujuan",
                "sasaran",
            ),
        ),
    ),
    "positions": (
        (
            "kind",
            "position_kind",
            (
                "struktural",
                "fungsional",
                "pelaksana",
            ),
        ),
        (
            "level",
            "structural_level",
            (
                "jpt_utama",
                "jpt_madya",
                "jpt_pratama",
                "administrator",
                "pengawas",
            ),
        ),
        (
            "jenjang",
            "functional_level",
            (
                "ahli_pertama",
                "ahli_muda",
                "ahli_madya",
                "ahli_utama",
                "terampil",
                "mahir",
                "penyelia",
            ),
        ),
    ),
    "employee_positions": (
        (
            "kind",
            "assignment_kind",
            (
                "definitive",
                "plt",
                "plh",
            ),
        ),
    ),
    "key_indicators": (
        (
            "aspect",
            "indicator_aspect",
            (
                "kuantitas",
                "kualitas",
                "waktu",
                "biaya",
            ),
        ),
        (
            "direction",
            "indicator_direction",
            (
                "higher_is_better",
                "lower_is_better",
            ),
        ),
    ),
    "skps": (
        (
            "state",
            "skp_state",
            (
                "draft",
                "submitted",
                "approved",
                "returned",
                "revising",
                "locked",
            ),
        ),
        (
            "approach",
            "skp_approach",
            (
                "kuantitatif",
                "kualitatif",
            ),
        ),
    ),
    "users": (
        (
            "role",
            "role",
            (
                "staff",
                "supervisor",
                "admin",
                "platform_admin",
                "service",
            ),
        ),
    ),
    "appraisals": (
        (
            "position_kind",
            "appraisal_position_kind",
            (
                "struktural",
                "fungsional",
                "pelaksana",
            ),
        ),
        (
            "jenjang",
            "appraisal_jenjang",
            (
                "ahli_pertama",
                "ahli_muda",
                "ahli_madya",
                "ahli_utama",
                "terampil",
                "mahir",
                "penyelia",
            ),
        ),
        (
            "state",
            "appraisal_state",
            (
                "open",
                "finalized",
                "objected",
                "final",
            ),
        ),
        (
            "hasil_kerja",
            "appraisal_hasil_kerja",
            (
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
            ),
        ),
        (
            "perilaku",
            "appraisal_perilaku",
            (
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
            ),
        ),
        (
            "predikat",
            "appraisal_predikat",
            (
                "sangat_baik",
                "baik",
                "butuh_perbaikan",
                "kurang",
                "sangat_kurang",
            ),
        ),
        (
            "decision",
            "objection_outcome",
            (
                "upheld",
                "changed",
            ),
        ),
    ),
    "skp_events": (
        (
            "action",
            "skp_action",
            (
                "submit",
                "approve",
                "return",
                "request_revision",
                "lock",
                "unlock",
            ),
        ),
        (
            "from_state",
            "skp_from_state",
            (
                "draft",
                "submitted",
                "approved",
                "returned",
                "revising",
                "locked",
            ),
        ),
        (
            "to_state",
            "skp_to_state",
            (
                "draft",
                "submitted",
                "approved",
                "returned",
                "revising",
                "locked",
            ),
        ),
        (
            "actor",
            "skp_actor",
            (
                "owner",
                "appraiser",
                "admin",
            ),
        ),
    ),
    "skp_work_results": (
        (
            "kind",
            "work_result_kind",
            (
                "utama",
                "tambahan",
            ),
        ),
        (
            "perspective",
            "rhk_perspective",
            (
                "penerima_layanan",
                "penguatan_internal",
                "proses_bisnis",
                "anggaran",
            ),
        ),
    ),
    "appraisal_events": (
        (
            "action",
            "appraisal_action",
            (
                "created",
                "self_assessed",
                "rated",
                "finalized",
                "acknowledged",
                "objected",
                "decided",
                "head_result",
            ),
        ),
        (
            "hasil_kerja",
            "appraisal_event_hasil",
            (
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
            ),
        ),
        (
            "perilaku",
            "appraisal_event_perilaku",
            (
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
            ),
        ),
        (
            "predikat",
            "appraisal_event_predikat",
            (
                "sangat_baik",
                "baik",
                "butuh_perbaikan",
                "kurang",
                "sangat_kurang",
            ),
        ),
    ),
    "appraisal_items": (
        (
            "rating",
            "appraisal_item_rating",
            (
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
            ),
        ),
    ),
    "skp_indicators": (
        (
            "aspect",
            "indicator_aspect",
            (
                "kuantitas",
                "kualitas",
                "waktu",
                "biaya",
            ),
        ),
        (
            "direction",
            "indicator_direction",
            (
                "higher_is_better",
                "lower_is_better",
            ),
        ),
    ),
    "skp_realizations": (
        (
            "rating",
            "realization_rating",
            (
                "DI_BAWAH_EKSPEKTASI",
                "SESUAI_EKSPEKTASI",
                "DI_ATAS_EKSPEKTASI",
            ),
        ),
    ),
    "skp_evidence": (
        (
            "kind",
            "evidence_kind",
            (
                "link",
                "file",
            ),
        ),
    ),
}


def _name(table: str, enum_name: str) -> str:
    return f"ck_{table}_{enum_name}"


def _condition(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def _bad_rows() -> list[str]:
    """Every value outside its column's list, as ``table.column = 'value' (n rows)``."""
    bind = op.get_bind()
    found = []
    for table, columns in ENUM_CHECKS.items():
        for column, _, values in columns:
            rows = bind.execute(
                sa.text(
                    f"SELECT {column}, COUNT(*) FROM {table}"  # noqa: S608
                    f" WHERE {column} IS NOT NULL AND NOT ({_condition(column, values)})"
                    f" GROUP BY {column}"
                )
            ).fetchall()
            found += [f"{table}.{column} = {value!r} ({n} rows)" for value, n in rows]
    return found


def upgrade() -> None:
    bad = _bad_rows()
    if bad:
        raise RuntimeError(
            "values outside their enum; correct them, then upgrade again: " + "; ".join(bad)
        )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, columns in ENUM_CHECKS.items():
        if postgresql:
            for column, enum_name, values in columns:
                name = _name(table, enum_name)
                op.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {name}"
                    f" CHECK ({_condition(column, values)}) NOT VALID"
                )
                op.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")
            continue
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            for column, enum_name, values in columns:
                batch_op.create_check_constraint(
                    op.f(_name(table, enum_name)), _condition(column, values)
                )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, columns in reversed(list(ENUM_CHECKS.items())):
        if postgresql:
            for _, enum_name, _ in columns:
                op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_name(table, enum_name)}")
            continue
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            for _, enum_name, _ in columns:
                batch_op.drop_constraint(op.f(_name(table, enum_name)), type_="check")
