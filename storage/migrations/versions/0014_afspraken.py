"""afspraken: appointments with an inburgeraar, for the agenda and the appointment letter

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 13:00:00

A new table only: every existing row stays as it is. The table stays on the
laptop (team mode does not synchronise it yet).
"""

from alembic import op
import sqlalchemy as sa


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "afspraak",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("begin", sa.Time(), nullable=False),
        sa.Column("eind", sa.Time(), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("plaats", sa.String(length=200), nullable=False),
        sa.Column("tolk_nodig", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("tolk_taal", sa.String(length=60), nullable=False),
        sa.Column("consulent", sa.String(length=100), nullable=False),
        sa.Column("notitie", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("contactmoment_id", sa.Integer(), sa.ForeignKey("contactmoment.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("eind > begin", name="ck_afspraak_tijden"),
    )
    op.create_index("ix_afspraak_datum_consulent", "afspraak", ["datum", "consulent"])
    op.create_index("ix_afspraak_person_datum", "afspraak", ["person_id", "datum"])
    op.create_index("ix_afspraak_uuid", "afspraak", ["uuid"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_afspraak_uuid", table_name="afspraak")
    op.drop_index("ix_afspraak_person_datum", table_name="afspraak")
    op.drop_index("ix_afspraak_datum_consulent", table_name="afspraak")
    op.drop_table("afspraak")
