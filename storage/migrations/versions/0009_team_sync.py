"""team mode: uuids, gemeente, the outbox and the sync state

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:40:00

Persons, contactmomenten and uren get a UUID made on the laptop (existing
rows get one now), persons a gemeente and a `gedeeld` flag. The laptop gets
its outbox and sync state; both sides get the conflict and mogelijk-dubbel
lists; on PostgreSQL (the teamdatabase) also the ordered operation log.
"""

from uuid import uuid4

from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_UUID_TABLES = ("person", "contactmoment", "urenregistratie")


def upgrade() -> None:
    for table in _UUID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
            if table == "person":
                batch_op.add_column(sa.Column("gemeente", sa.String(length=60), nullable=True))
                batch_op.add_column(sa.Column("gedeeld", sa.Boolean(), nullable=False, server_default=sa.false()))
        bind = op.get_bind()
        rows = sa.table(table, sa.column("id"), sa.column("uuid"))
        ids = bind.execute(sa.select(rows.c.id)).scalars().all()
        fill = sa.update(rows).where(rows.c.id == sa.bindparam("row_id")).values(uuid=sa.bindparam("new_uuid"))
        for start in range(0, len(ids), 10_000):  # one executemany per 10,000 rows: a million hours in seconds
            bind.execute(fill, [{"row_id": row_id, "new_uuid": str(uuid4())} for row_id in ids[start:start + 10_000]])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_uuid", ["uuid"], unique=True)

    # Imported hours carry their UUID through the staging step (made per row while staging).
    with op.batch_alter_table("import_staging_uren", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))

    op.create_table(
        "team_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op_uuid", sa.String(length=36), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("op_uuid"),
    )
    op.create_table(
        "team_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("laptop", sa.String(length=36), nullable=False),
        sa.Column("gemeente", sa.String(length=60), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_success", sa.String(length=40), nullable=True),
        sa.Column("offline_since", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "team_conflict",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("person_uuid", sa.String(length=36), nullable=False),
        sa.Column("gemeente", sa.String(length=60), nullable=True),
        sa.Column("veld", sa.String(length=60), nullable=False),
        sa.Column("waarde_a", sa.Text(), nullable=True),
        sa.Column("door_a", sa.String(length=100), nullable=False),
        sa.Column("op_a", sa.String(length=40), nullable=False),
        sa.Column("waarde_b", sa.Text(), nullable=True),
        sa.Column("door_b", sa.String(length=100), nullable=False),
        sa.Column("op_b", sa.String(length=40), nullable=False),
        sa.Column("opgelost", sa.Boolean(), nullable=False),
        sa.Column("opgelost_door", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("uuid"),
    )
    op.create_index("ix_team_conflict_person_uuid", "team_conflict", ["person_uuid"])
    op.create_table(
        "team_dubbel",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("person_a", sa.String(length=36), nullable=False),
        sa.Column("person_b", sa.String(length=36), nullable=False),
        sa.Column("gemeente", sa.String(length=60), nullable=True),
        sa.Column("reden", sa.String(length=40), nullable=False),
        sa.Column("opgelost", sa.Boolean(), nullable=False),
        sa.Column("bewaard", sa.String(length=36), nullable=True),
        sa.Column("samengevoegd", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("uuid"),
    )
    op.create_index("ix_team_dubbel_person_a", "team_dubbel", ["person_a"])
    op.create_index("ix_team_dubbel_person_b", "team_dubbel", ["person_b"])
    op.create_index("ix_team_dubbel_samengevoegd", "team_dubbel", ["samengevoegd"])

    if op.get_bind().dialect.name == "postgresql":  # the teamdatabase only
        op.create_table(
            "team_log",
            sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
            sa.Column("op_uuid", sa.String(length=36), nullable=False),
            sa.Column("gemeente", sa.String(length=60), nullable=True),
            sa.Column("payload", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("op_uuid"),
        )
        op.create_index("ix_team_log_gemeente_seq", "team_log", ["gemeente", "seq"])
        op.create_table(
            "team_field",
            sa.Column("entity_uuid", sa.String(length=36), nullable=False),
            sa.Column("veld", sa.String(length=60), nullable=False),
            sa.Column("gemeente", sa.String(length=60), nullable=True),
            sa.Column("waarde", sa.Text(), nullable=True),
            sa.Column("versie", sa.Integer(), nullable=False),
            sa.Column("laptop", sa.String(length=36), nullable=False),
            sa.Column("door", sa.String(length=100), nullable=False),
            sa.Column("op", sa.String(length=40), nullable=False),
            sa.PrimaryKeyConstraint("entity_uuid", "veld"),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("team_field")
        op.drop_index("ix_team_log_gemeente_seq", table_name="team_log")
        op.drop_table("team_log")
    for name in ("team_dubbel", "team_conflict", "team_state", "team_outbox"):
        op.drop_table(name)
    with op.batch_alter_table("import_staging_uren", schema=None) as batch_op:
        batch_op.drop_column("uuid")
    for table in reversed(_UUID_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_uuid")
            batch_op.drop_column("uuid")
            if table == "person":
                batch_op.drop_column("gedeeld")
                batch_op.drop_column("gemeente")
