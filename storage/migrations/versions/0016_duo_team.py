"""DUO in team mode: who claimed a message for sending, and which machine sent it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 13:15:00

With a teamdatabase, DUO's messages travel as operations and one designated
machine sends them. `verzender` is the laptop id that claimed a message in the
teamdatabase before sending it (so two machines never both send it);
`verzonden_door` is the name of the machine that sent it, shown to the team.
Both are new, nullable columns: every existing row stays as it is.
"""

from alembic import op
import sqlalchemy as sa


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("duo_bericht", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verzender", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("verzonden_door", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("duo_bericht", schema=None) as batch_op:
        batch_op.drop_column("verzonden_door")
        batch_op.drop_column("verzender")
