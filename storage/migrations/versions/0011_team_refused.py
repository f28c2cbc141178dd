"""team mode: operations the teamdatabase refused

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:30:00

An operation the teamdatabase refuses (for example a person of a gemeente the
consulent has no rights for) leaves the outbox for this list, with the reason,
so the rest of the outbox keeps synchronising and the consulent sees what
stayed on this laptop only.
"""

from alembic import op
import sqlalchemy as sa


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_refused",
        sa.Column("op_uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("person_uuid", sa.String(length=36), nullable=True),
        sa.Column("reden", sa.String(length=300), nullable=False),
        sa.Column("op", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("op_uuid"),
    )


def downgrade() -> None:
    op.drop_table("team_refused")
