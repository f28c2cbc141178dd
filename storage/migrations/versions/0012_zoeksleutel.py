"""finding and sorting names (issue 17): person.zoeksleutel and person.achternaam

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:00:00

Two nullable columns on person, then filled for every existing row: the
zoeksleutel (rules.text.search_key of the naam: case, accents and alphabets
folded, so SQL's LIKE finds "Öztürk" by "ozturk") and the achternaam guessed
from the naam (rules.naam: the last word with its voorvoegsels, "van der
Berg"). Both are computed in Python, a batch of rows at a time, so a caseload
of any size migrates in bounded memory. No row is added or removed.

The caseload's saved filter loses its search text: from this version on it is
never stored (the previous visitor's name must not greet the next one).
Dialect-neutral: the same revision runs on the local file (batch mode) and on
the teamdatabase (PostgreSQL).
"""

from alembic import op
import sqlalchemy as sa


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("achternaam", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("zoeksleutel", sa.String(length=600), nullable=True))
    _fill(op.get_bind())
    _forget_search_text(op.get_bind())


def _fill(connection) -> None:
    from rules.naam import achternaam_uit_naam
    from rules.text import search_key

    person = sa.table("person", sa.column("id", sa.Integer), sa.column("naam", sa.String),
                      sa.column("achternaam", sa.String), sa.column("zoeksleutel", sa.String))
    statement = (sa.update(person).where(person.c.id == sa.bindparam("_id"))
                 .values(achternaam=sa.bindparam("_achternaam"), zoeksleutel=sa.bindparam("_zoeksleutel")))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(person.c.id, person.c.naam).where(person.c.id > last).order_by(person.c.id).limit(_BATCH)
        ).all()
        if not rows:
            return
        connection.execute(statement.execution_options(audit=False), [
            {"_id": row.id, "_achternaam": achternaam_uit_naam(row.naam or "") or None,
             "_zoeksleutel": search_key(row.naam or "")}
            for row in rows
        ])
        last = rows[-1].id


def _forget_search_text(connection) -> None:
    import json

    setting = sa.table("app_setting", sa.column("key", sa.String), sa.column("value", sa.Text))
    value = connection.execute(sa.select(setting.c.value).where(setting.c.key == "caseload.filter")).scalar()
    if value is None:
        return
    try:
        saved = json.loads(value)
    except ValueError:
        saved = None
    if not isinstance(saved, dict):
        connection.execute(sa.delete(setting).where(setting.c.key == "caseload.filter"))
    elif "text" in saved:
        del saved["text"]
        connection.execute(sa.update(setting).where(setting.c.key == "caseload.filter").values(value=json.dumps(saved)))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("zoeksleutel")
        batch_op.drop_column("achternaam")
