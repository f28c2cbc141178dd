"""signaal afhandeling

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:22:51.050896
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('signaal_afhandeling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=40), nullable=False),
    sa.Column('sleutel', sa.String(length=80), nullable=False),
    sa.Column('actie', sa.String(length=20), nullable=False),
    sa.Column('tot', sa.Date(), nullable=True),
    sa.Column('reden', sa.String(length=300), nullable=False),
    sa.Column('door', sa.String(length=100), nullable=False),
    sa.Column('op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signaal_afhandeling', schema=None) as batch_op:
        batch_op.create_index('ix_afhandeling_person_sleutel', ['person_id', 'sleutel'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('signaal_afhandeling', schema=None) as batch_op:
        batch_op.drop_index('ix_afhandeling_person_sleutel')

    op.drop_table('signaal_afhandeling')

