"""import staging: an import's rows wait in staging (short transactions) until one commit point

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_run",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "import_staging_uren",
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("volgorde", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("minuten", sa.Integer(), nullable=False),
        sa.Column("bron", sa.String(length=100), nullable=False),
        sa.Column("omschrijving", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "volgorde"),
    )


def downgrade() -> None:
    op.drop_table("import_staging_uren")
    op.drop_table("import_run")
