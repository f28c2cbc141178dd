"""DUO's answers when regie last asked DUO about a person (issue 19, point 6)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 16:00:00

`regie duo opvragen` asks DUO per BSN what DUO has registered. What DUO
answered is kept on the person's DUO row (`duo_persoon.opvraging`, JSON:
when, by which machine, and DUO's answers as they came, without the BSN), so
the dossier's DUO tab can show where DUO and the dossier differ until the
consulent has looked, on every laptop of a team. A new nullable column: every
existing row stays as it is.
"""

from alembic import op
import sqlalchemy as sa


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("duo_persoon", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opvraging", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("duo_persoon", schema=None) as batch_op:
        batch_op.drop_column("opvraging")
