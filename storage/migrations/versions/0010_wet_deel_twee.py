"""the law, part two (issue 18): permit, verhuizing, vertrek, leerbaarheidstoets; verlenging, ontheffing, vrijstelling and PIP history

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:30:00

Every new person column is nullable, so every existing row stays as it was
(NULL: not recorded). Exam attempts gain their level and DUO's reason for no
result. The four decision lists are child tables of person, removed with the
person (ON DELETE CASCADE) like the other records. Dialect-neutral: the same
revision runs on the local file (batch mode) and on PostgreSQL.
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_PERSON_COLUMNS = (
    ("verblijfsvergunning", sa.String(length=10)),
    ("inburgeringsplicht_start", sa.Date()),
    ("aanbod_gepland", sa.Date()),
    ("aanbod_einde", sa.Date()),
    ("map_verwijtbaar", sa.Boolean()),
    ("pvt_verwijtbaar", sa.Boolean()),
    ("vorige_gemeente", sa.String(length=100)),
    ("verhuisd_in", sa.Date()),
    ("eerste_pip_datum", sa.Date()),
    ("vertrokken_op", sa.Date()),
    ("vertrek_bestemming", sa.String(length=100)),
    ("leerbaarheidstoets", sa.Date()),
    ("leerbaarheidstoets_vrijstelling", sa.String(length=30)),
)


def _child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(f"ix_{name}_person", ["person_id"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        for name, kind in _PERSON_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("examen_poging", schema=None) as batch_op:
        batch_op.add_column(sa.Column("niveau", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("reden_geen_resultaat", sa.String(length=20), nullable=True))

    _child(
        "verlenging",
        sa.Column("grond", sa.String(length=30), nullable=False),
        sa.Column("besluitdatum", sa.Date(), nullable=True),
        sa.Column("nieuwe_einddatum", sa.Date(), nullable=True),
        sa.Column("toelichting", sa.String(), nullable=False),
    )
    _child(
        "ontheffing",
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("besluitdatum", sa.Date(), nullable=False),
        sa.Column("grond", sa.String(length=3), nullable=True),
        sa.Column("examenonderdeel", sa.String(length=20), nullable=True),
        sa.Column("participatie_uren_max", sa.Integer(), nullable=True),
    )
    _child(
        "vrijstelling",
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("besluitdatum", sa.Date(), nullable=False),
        sa.Column("reden", sa.String(length=3), nullable=True),
        sa.Column("examenonderdeel", sa.String(length=20), nullable=True),
        sa.Column("examenniveau", sa.String(length=2), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("einde", sa.Date(), nullable=True),
    )
    _child(
        "pip",
        sa.Column("dagtekening", sa.Date(), nullable=False),
        sa.Column("leerroute", sa.String(length=10), nullable=True),
        sa.Column("niveau", sa.String(length=2), nullable=True),
        sa.Column("alfabetisering", sa.String(length=3), nullable=True),
        sa.Column("gemeente", sa.String(length=100), nullable=True),
        sa.Column("reden", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for name in ("pip", "vrijstelling", "ontheffing", "verlenging"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{name}_person")
        op.drop_table(name)
    with op.batch_alter_table("examen_poging", schema=None) as batch_op:
        batch_op.drop_column("reden_geen_resultaat")
        batch_op.drop_column("niveau")
    with op.batch_alter_table("person", schema=None) as batch_op:
        for name, _kind in reversed(_PERSON_COLUMNS):
            batch_op.drop_column(name)
