"""audit hash scheme 2: every field of a row in its hash

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 17:40:00

Existing rows keep hash_versie 1 and keep verifying as they were written;
new rows are written with scheme 2 (see storage.audit).
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hash_versie", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("verwijzing_zout", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("verwijzing_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("verwijzing_hash")
        batch_op.drop_column("verwijzing_zout")
        batch_op.drop_column("hash_versie")
