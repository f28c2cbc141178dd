"""the AZC visit and the people around a person (issue 17): V-nummer, AZC, contact details, begeleider, household

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 13:10:00

Every new person column is nullable, so every existing row stays as it was
(NULL: not recorded). A household is the uuid its members share plus each
member's relation to the hoofdpersoon; both live on the person row, so team mode
carries them like any other person field. Dialect-neutral: the same revision runs
on the local file (batch mode) and on PostgreSQL.
"""

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_PERSON_COLUMNS = (
    ("v_nummer", sa.String(length=10)),
    ("azc_locatie", sa.String(length=100)),
    ("adres", sa.String(length=200)),
    ("telefoon", sa.String(length=20)),
    ("email", sa.String(length=254)),
    ("contactpersoon", sa.String(length=100)),
    ("contactpersoon_organisatie", sa.String(length=100)),
    ("contactpersoon_telefoon", sa.String(length=20)),
    ("huishouden", sa.String(length=36)),
    ("huishouden_relatie", sa.String(length=10)),
)
_INDEXED = ("v_nummer", "huishouden")


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        for name, kind in _PERSON_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        for name in _INDEXED:
            batch_op.create_index(f"ix_person_{name}", [name], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        for name in reversed(_INDEXED):
            batch_op.drop_index(f"ix_person_{name}")
        for name, _kind in reversed(_PERSON_COLUMNS):
            batch_op.drop_column(name)
