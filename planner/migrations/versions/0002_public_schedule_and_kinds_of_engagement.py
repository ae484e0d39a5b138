"""Issue 13's public schedule and issue 14's kinds of engagement.

Visits get an embargo (``embargo_until``: not public before it) and a kind (``field_visit`` for
every visit stored before); sites a ``publishable`` flag (false: coarse location on the public
calendar); feed tokens an expiry. New tables: a visit's participants and its briefing (talking
points). Date-times are stored as naive UTC (``planner.db.UTCDateTime`` on a plain DATETIME).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN (SQLite can add a column with a constant default): no batch
    # copy of a table that others reference.
    op.create_table(
        "visit_briefings",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("talking_points", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
        ),
        sa.PrimaryKeyConstraint("visit_id"),
    )
    op.create_table(
        "visit_participants",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("councillor_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["councillor_id"],
            ["councillors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "role", "name", name="uq_visit_participant"),
    )
    op.create_index("ix_visit_participants_visit", "visit_participants", ["visit_id"], unique=False)
    op.add_column("feed_tokens", sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.add_column("sites", sa.Column("publishable", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("visits", sa.Column("embargo_until", sa.DateTime(), nullable=True))
    op.add_column("visits", sa.Column("kind", sa.String(length=30), server_default="field_visit", nullable=False))


def downgrade() -> None:
    # The planner never downgrades: an older version is brought back by restoring a backup.
    raise NotImplementedError("no downgrades: restore a backup made before this revision")
