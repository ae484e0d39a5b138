"""Issue 12's visit page: why a visit was cancelled (``visits.cancel_reason``, "" for every visit before)."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("cancel_reason", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    # The planner never downgrades: an older version is brought back by restoring a backup.
    raise NotImplementedError("no downgrades: restore a backup made before this revision")
