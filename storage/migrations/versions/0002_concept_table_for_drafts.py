"""concept table for drafts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:12:17.696839
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('concept',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('form', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.String(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key')
    )



def downgrade() -> None:

    op.drop_table('concept')

