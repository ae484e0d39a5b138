"""Issue 13's users and roles and the audit trail; the history of a visit names who replaced each version.

New tables ``users`` (name, role, display name, active) and ``audit`` (append-only: at, actor,
action, entity, entity id, before and after as JSON). ``visit_history.actor`` is NULL for the
versions replaced before names were kept. Date-times are naive UTC on a plain DATETIME.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_at", "audit", ["at"], unique=False)
    op.create_index("ix_audit_entity", "audit", ["entity", "entity_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.add_column("visit_history", sa.Column("actor", sa.String(length=100), nullable=True))


def downgrade() -> None:
    # The planner never downgrades: an older version is brought back by restoring a backup.
    raise NotImplementedError("no downgrades: restore a backup made before this revision")
