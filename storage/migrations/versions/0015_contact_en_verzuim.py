"""contactmomenten with their author and history, what changed in a dossier, and verzuim

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 13:10:00

- contactmoment.auteur: who wrote it (the consulent's name from the preferences); rows written
  before this revision have none and may be corrected by anyone.
- contactmoment_versie: the previous text of a corrected or removed contactmoment.
- wijziging: per person, which field changed from what to what, linked to its audit row; the
  audit log itself keeps field names only, never the values.
- verzuim: a planned weekplan activity marked "niet gevolgd", with its reason (ziek, afgemeld,
  zonder bericht), so week registration never proposes it again as attended.
Every existing row is kept; the new tables start empty.
"""

from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _person_fk() -> sa.Column:
    return sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("contactmoment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auteur", sa.String(length=100), nullable=True))
    op.create_table(
        "contactmoment_versie",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person_fk(),
        sa.Column("contactmoment_id", sa.Integer(), nullable=False),  # no FK: a removed one keeps its text here
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("notitie", sa.String(), nullable=False),
        sa.Column("auteur", sa.String(length=100), nullable=True),
        sa.Column("actie", sa.String(length=20), nullable=False),
        sa.Column("door", sa.String(length=100), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_contactmoment_versie_contact", "contactmoment_versie", ["contactmoment_id", "id"])
    op.create_index("ix_contactmoment_versie_person", "contactmoment_versie", ["person_id"])
    op.create_table(
        "wijziging",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person_fk(),
        sa.Column("audit_id", sa.Integer(), nullable=True),
        sa.Column("tabel", sa.String(length=40), nullable=False),
        sa.Column("veld", sa.String(length=60), nullable=False),
        sa.Column("oud", sa.String(), nullable=True),
        sa.Column("nieuw", sa.String(), nullable=True),
        sa.Column("door", sa.String(length=100), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_wijziging_person", "wijziging", ["person_id", "id"])
    op.create_table(
        "verzuim",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person_fk(),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("weekplan_entry_id", sa.Integer(), nullable=True),
        sa.Column("activiteit", sa.String(length=200), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("bron", sa.String(length=200), nullable=False),
        sa.Column("reden", sa.String(length=20), nullable=False),
        sa.Column("door", sa.String(length=100), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("reden IN ('ziek', 'afgemeld', 'zonder_bericht')", name="ck_verzuim_reden"),
    )
    op.create_index("ix_verzuim_person_datum", "verzuim", ["person_id", "datum"])


def downgrade() -> None:
    op.drop_index("ix_verzuim_person_datum", table_name="verzuim")
    op.drop_table("verzuim")
    op.drop_index("ix_wijziging_person", table_name="wijziging")
    op.drop_table("wijziging")
    op.drop_index("ix_contactmoment_versie_person", table_name="contactmoment_versie")
    op.drop_index("ix_contactmoment_versie_contact", table_name="contactmoment_versie")
    op.drop_table("contactmoment_versie")
    with op.batch_alter_table("contactmoment", schema=None) as batch_op:
        batch_op.drop_column("auteur")
