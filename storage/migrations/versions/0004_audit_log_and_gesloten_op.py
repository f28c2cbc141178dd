"""audit log and gesloten_op

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:36:35.017555
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=40), nullable=False),
    sa.Column('door', sa.String(length=100), nullable=False),
    sa.Column('actie', sa.String(length=40), nullable=False),
    sa.Column('tabel', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('aantal', sa.Integer(), nullable=False),
    sa.Column('resultaat', sa.String(length=40), nullable=False),
    sa.Column('vorige_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_person', ['person_id', 'id'], unique=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gesloten_op', sa.Date(), nullable=True))
    # Files already closed start their retention from their last change.
    person = sa.table("person", sa.column("status", sa.String), sa.column("updated_at", sa.DateTime), sa.column("gesloten_op", sa.Date))
    op.execute(person.update().where(person.c.status != "actief").values(gesloten_op=sa.func.date(person.c.updated_at)))




def downgrade() -> None:

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('gesloten_op')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_person')

    op.drop_table('audit_log')

