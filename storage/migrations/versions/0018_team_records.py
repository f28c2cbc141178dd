"""team mode: every record of a person travels (uuids for besluiten, examens, weekplan, verzuim, history)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 19:00:00

Issue 15, point 2: examenpogingen, besluiten (verlenging, ontheffing,
vrijstelling, PIP), signaal-afhandelingen, weekplannen, verzuim, the earlier
texts of contactmomenten and the change history become team operations. Each
of these rows gets a UUID made on the laptop (existing rows get one now; an
afspraak has had one since 0014, a row that still lacks one gets it too). An
earlier text of a contactmoment also keeps its contactmoment's UUID
(`contactmoment_uuid`), so it stays with it on every laptop even after the
contactmoment itself is removed: from the contactmoment row where it still
exists, else one new UUID per removed contactmoment. Columns and indexes only
are added: every row stays.
"""

from uuid import uuid4

from alembic import op
import sqlalchemy as sa


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_UUID_TABLES = ("examen_poging", "verlenging", "ontheffing", "vrijstelling", "pip", "signaal_afhandeling",
                "weekplan_entry", "verzuim", "contactmoment_versie", "wijziging")
_CHUNK = 10_000  # one executemany per 10,000 rows


def _fill(bind, table: str, column: str, values: dict[int, str]) -> None:
    rows = sa.table(table, sa.column("id"), sa.column(column))
    fill = sa.update(rows).where(rows.c.id == sa.bindparam("row_id")).values({column: sa.bindparam("new_value")})
    items = list(values.items())
    for start in range(0, len(items), _CHUNK):
        bind.execute(fill, [{"row_id": row_id, "new_value": value} for row_id, value in items[start:start + _CHUNK]])


def upgrade() -> None:
    bind = op.get_bind()
    for table in _UUID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
            if table == "contactmoment_versie":
                batch_op.add_column(sa.Column("contactmoment_uuid", sa.String(length=36), nullable=True))
        rows = sa.table(table, sa.column("id"))
        _fill(bind, table, "uuid", {row_id: str(uuid4()) for row_id in bind.execute(sa.select(rows.c.id)).scalars()})
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_uuid", ["uuid"], unique=True)

    afspraak = sa.table("afspraak", sa.column("id"), sa.column("uuid"))
    _fill(bind, "afspraak", "uuid", {row_id: str(uuid4()) for row_id in bind.execute(
        sa.select(afspraak.c.id).where(afspraak.c.uuid.is_(None))).scalars()})

    versie = sa.table("contactmoment_versie", sa.column("id"), sa.column("contactmoment_id"))
    contact = sa.table("contactmoment", sa.column("id"), sa.column("uuid"))
    live = dict(bind.execute(sa.select(contact.c.id, contact.c.uuid)).all())
    removed: dict[int, str] = {}  # a removed contactmoment: one new UUID shared by all its earlier texts
    values = {}
    for row_id, contact_id in bind.execute(sa.select(versie.c.id, versie.c.contactmoment_id)).all():
        values[row_id] = live.get(contact_id) or removed.setdefault(contact_id, str(uuid4()))
    _fill(bind, "contactmoment_versie", "contactmoment_uuid", values)


def downgrade() -> None:
    for table in reversed(_UUID_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_uuid")
            batch_op.drop_column("uuid")
            if table == "contactmoment_versie":
                batch_op.drop_column("contactmoment_uuid")
