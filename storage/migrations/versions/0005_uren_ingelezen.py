"""uren ingelezen: imported rows (a school's period totals) are marked

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 14:05:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("urenregistratie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ingelezen", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("urenregistratie", schema=None) as batch_op:
        batch_op.drop_column("ingelezen")
