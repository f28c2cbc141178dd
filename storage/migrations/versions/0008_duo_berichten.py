"""duo berichten: messages to DUO with their state, DUO events, the instellingsnummer per person (issue 19)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:20:02.750480
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('duo_bericht',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=10), nullable=False),
    sa.Column('sleutel', sa.String(length=40), nullable=False),
    sa.Column('methode', sa.String(length=6), nullable=False),
    sa.Column('pad', sa.String(length=200), nullable=False),
    sa.Column('api', sa.String(length=40), nullable=False),
    sa.Column('inhoud', sa.String(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('bericht_id', sa.String(length=36), nullable=False),
    sa.Column('pogingen', sa.Integer(), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('foutteksten', sa.String(), nullable=False),
    sa.Column('aangemaakt', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verzonden_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('beantwoord_op', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('duo_bericht', schema=None) as batch_op:
        batch_op.create_index('ix_duo_bericht_person_soort', ['person_id', 'soort', 'sleutel'], unique=False)
        batch_op.create_index('ix_duo_bericht_status', ['status'], unique=False)

    op.create_table('duo_gebeurtenis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('bsn', sa.String(length=9), nullable=True),
    sa.Column('v_nummer', sa.Integer(), nullable=True),
    sa.Column('gebeurtenis_id', sa.String(length=6), nullable=False),
    sa.Column('registratie', sa.String(length=40), nullable=False),
    sa.Column('bron', sa.String(length=40), nullable=False),
    sa.Column('ingelezen_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bsn', 'gebeurtenis_id', 'registratie', name='uq_duo_gebeurtenis'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('duo_gebeurtenis', schema=None) as batch_op:
        batch_op.create_index('ix_duo_gebeurtenis_person', ['person_id'], unique=False)

    op.create_table('duo_persoon',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('instellingsnummer', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id')
    )


def downgrade() -> None:
    op.drop_table('duo_persoon')
    with op.batch_alter_table('duo_gebeurtenis', schema=None) as batch_op:
        batch_op.drop_index('ix_duo_gebeurtenis_person')

    op.drop_table('duo_gebeurtenis')
    with op.batch_alter_table('duo_bericht', schema=None) as batch_op:
        batch_op.drop_index('ix_duo_bericht_status')
        batch_op.drop_index('ix_duo_bericht_person_soort')

    op.drop_table('duo_bericht')
