"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 22:00:13.336550
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('app_setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kenmerk', sa.String(length=40), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('geboortedatum', sa.Date(), nullable=True),
    sa.Column('bsn', sa.String(length=9), nullable=True),
    sa.Column('doelgroep', sa.String(length=30), nullable=False),
    sa.Column('nareiziger', sa.Boolean(), nullable=False),
    sa.Column('regime', sa.String(length=10), nullable=False),
    sa.Column('consulent', sa.String(length=100), nullable=True),
    sa.Column('taal', sa.String(length=60), nullable=True),
    sa.Column('tolk_nodig', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('kennisgeving_duo', sa.Date(), nullable=True),
    sa.Column('koppeling', sa.Date(), nullable=True),
    sa.Column('eerste_azc_bezoek', sa.Date(), nullable=True),
    sa.Column('brp_inschrijving', sa.Date(), nullable=True),
    sa.Column('huisvesting', sa.Date(), nullable=True),
    sa.Column('brede_intake_start', sa.Date(), nullable=True),
    sa.Column('pip_datum', sa.Date(), nullable=True),
    sa.Column('leerroute', sa.String(length=10), nullable=True),
    sa.Column('niveau', sa.String(length=2), nullable=True),
    sa.Column('alfabetisering', sa.String(length=3), nullable=True),
    sa.Column('aanbod_start', sa.Date(), nullable=True),
    sa.Column('bijstand', sa.Boolean(), nullable=False),
    sa.Column('ontzorgen_start', sa.Date(), nullable=True),
    sa.Column('ontzorgen_maanden', sa.Integer(), nullable=True),
    sa.Column('pvt_ondertekend', sa.Date(), nullable=True),
    sa.Column('map_eindgesprek', sa.Date(), nullable=True),
    sa.Column('zroute_afgerond', sa.Date(), nullable=True),
    sa.Column('termijn_einde', sa.Date(), nullable=True),
    sa.Column('laatste_voortgangsgesprek', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ontzorgen_maanden IS NULL OR ontzorgen_maanden BETWEEN 1 AND 120', name='ck_person_ontzorgen_maanden'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_bsn'), ['bsn'], unique=False)
        batch_op.create_index('ix_person_consulent_status', ['consulent', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_kenmerk'), ['kenmerk'], unique=True)
        batch_op.create_index('ix_person_naam', ['naam'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_status'), ['status'], unique=False)

    op.create_table('contactmoment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('soort', sa.String(length=30), nullable=False),
    sa.Column('notitie', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contactmoment', schema=None) as batch_op:
        batch_op.create_index('ix_contactmoment_person_datum', ['person_id', 'datum'], unique=False)
        batch_op.create_index('ix_contactmoment_person_soort_datum', ['person_id', 'soort', 'datum'], unique=False)

    op.create_table('examen_poging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('onderdeel', sa.String(length=20), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('resultaat', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('examen_poging', schema=None) as batch_op:
        batch_op.create_index('ix_examen_poging_person', ['person_id', 'onderdeel', 'datum'], unique=False)

    op.create_table('urenregistratie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('soort', sa.String(length=30), nullable=False),
    sa.Column('minuten', sa.Integer(), nullable=False),
    sa.Column('bron', sa.String(length=100), nullable=False),
    sa.Column('omschrijving', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minuten > 0', name='ck_uren_minuten_positief'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('urenregistratie', schema=None) as batch_op:
        batch_op.create_index('ix_uren_person_datum', ['person_id', 'datum'], unique=False)
        batch_op.create_index('ix_uren_person_soort_datum_minuten', ['person_id', 'soort', 'datum', 'minuten'], unique=False)

    op.create_table('weekplan_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('weekdag', sa.Integer(), nullable=False),
    sa.Column('start_tijd', sa.Time(), nullable=False),
    sa.Column('eind_tijd', sa.Time(), nullable=False),
    sa.Column('categorie', sa.String(length=30), nullable=False),
    sa.Column('taalvorm', sa.String(length=10), nullable=True),
    sa.Column('activiteit', sa.String(length=200), nullable=False),
    sa.Column('aanbieder', sa.String(length=200), nullable=False),
    sa.Column('locatie', sa.String(length=200), nullable=False),
    sa.Column('geldig_van', sa.Date(), nullable=False),
    sa.Column('geldig_tot', sa.Date(), nullable=True),
    sa.CheckConstraint('eind_tijd > start_tijd', name='ck_weekplan_tijden'),
    sa.CheckConstraint('weekdag BETWEEN 0 AND 6', name='ck_weekplan_weekdag'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('weekplan_entry', schema=None) as batch_op:
        batch_op.create_index('ix_weekplan_person_geldig', ['person_id', 'geldig_van', 'geldig_tot'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('weekplan_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_weekplan_person_geldig')

    op.drop_table('weekplan_entry')
    with op.batch_alter_table('urenregistratie', schema=None) as batch_op:
        batch_op.drop_index('ix_uren_person_soort_minuten')
        batch_op.drop_index('ix_uren_person_datum')

    op.drop_table('urenregistratie')
    with op.batch_alter_table('examen_poging', schema=None) as batch_op:
        batch_op.drop_index('ix_examen_poging_person')

    op.drop_table('examen_poging')
    with op.batch_alter_table('contactmoment', schema=None) as batch_op:
        batch_op.drop_index('ix_contactmoment_person_soort_datum')
        batch_op.drop_index('ix_contactmoment_person_datum')

    op.drop_table('contactmoment')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_status'))
        batch_op.drop_index('ix_person_naam')
        batch_op.drop_index(batch_op.f('ix_person_kenmerk'))
        batch_op.drop_index('ix_person_consulent_status')
        batch_op.drop_index(batch_op.f('ix_person_bsn'))

    op.drop_table('person')
    op.drop_table('app_setting')

