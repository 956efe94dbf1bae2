"""Daily activity reports (LKH / e-kinerja): one row per reported activity, linked to an RHK
of the approved SKP; supervisor review status, late flag and corrections (``corrects_id``).

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-25 14:45:46.187293
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity_reports",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4, asdecimal=False), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("work_result_id", sa.Uuid(), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                "withdrawn",
                "superseded",
                name="activity_report_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("corrects_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'withdrawn', 'superseded')",
            name=op.f("ck_activity_reports_status"),
        ),
        sa.CheckConstraint("end_time > start_time", name=op.f("ck_activity_reports_time_order")),
        sa.CheckConstraint(
            "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)",
            name=op.f("ck_activity_reports_lat"),
        ),
        sa.CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
            name=op.f("ck_activity_reports_lon"),
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_activity_reports_quantity_not_negative")),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["activity_reports.id"],
            name=op.f("fk_activity_reports_corrects_id_activity_reports"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_activity_reports_employee_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_activity_reports_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["employees.id"],
            name=op.f("fk_activity_reports_reviewed_by_id_employees"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_result_id"],
            ["skp_work_results.id"],
            name=op.f("fk_activity_reports_work_result_id_skp_work_results"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_reports")),
    )
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.create_index("ix_activity_reports_corrects", ["corrects_id"], unique=False)
        batch_op.create_index(
            "ix_activity_reports_employee_date", ["employee_id", "report_date"], unique=False
        )
        batch_op.create_index(
            "ix_activity_reports_org_status_date",
            ["organization_id", "status", "report_date"],
            unique=False,
        )
        batch_op.create_index(
            "ix_activity_reports_work_result", ["work_result_id", "report_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_reports_work_result")
        batch_op.drop_index("ix_activity_reports_org_status_date")
        batch_op.drop_index("ix_activity_reports_employee_date")
        batch_op.drop_index("ix_activity_reports_corrects")

    if op.get_bind().dialect.name == "sqlite":
        # SQLite's DROP TABLE deletes row by row; the self reference would refuse that.
        op.execute("UPDATE activity_reports SET corrects_id = NULL")
    op.drop_table("activity_reports")
