"""The schema as it stood when migrations came (commit 1f1b1dc, the start of issue 13).

A new database gets every table. A database made before migrations (its tables there, no
``alembic_version``) keeps its tables and rows: the missing tables are made and the columns added
to ``visits`` since its first release (issues 4 and 11) are added, the way ``create_schema`` did
before Alembic; then it is stamped at this revision. The tables are copied here, frozen: later
changes to ``planner/db.py`` go in later revisions, never here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _schema() -> sa.MetaData:
    m = sa.MetaData()
    sa.Table(
        "districts",
        m,
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("name_ko", sa.String(20), nullable=False, unique=True),
        sa.Column("name_en", sa.String(40), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
    )
    sa.Table(
        "categories",
        m,
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("label_ko", sa.String(100), nullable=False),
        sa.Column("label_en", sa.String(100), nullable=False),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("report_group", sa.String(40), nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
    )
    sa.Table(
        "sites",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("district", sa.String(20), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Index("ix_sites_name", "name"),
    )
    sa.Table(
        "visits",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(255), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("start_at", sa.DateTime, nullable=False),
        sa.Column("end_at", sa.DateTime, nullable=False),
        sa.Column("category", sa.String(40), sa.ForeignKey("categories.code"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("attendees", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("important", sa.Boolean, nullable=False),
        sa.Column("highlight_rank", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("ics_sequence", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fixed", sa.Boolean, nullable=True),
        sa.Column("window_start", sa.DateTime, nullable=True),
        sa.Column("window_end", sa.DateTime, nullable=True),
        sa.Column("override_reason", sa.Text, nullable=False, server_default=""),
        sa.Index("ix_visits_start", "start_at"),
        sa.Index("ix_visits_site", "site_id"),
    )
    sa.Table(
        "busy_blocks",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("recurrence_id", sa.String(40), nullable=False),
        sa.Column("summary", sa.String(200), nullable=False),
        sa.Column("start_at", sa.DateTime, nullable=False),
        sa.Column("end_at", sa.DateTime, nullable=False),
        sa.Column("all_day", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("uid", "recurrence_id", name="uq_busy_blocks_uid"),
        sa.Index("ix_busy_blocks_start", "start_at"),
    )
    sa.Table(
        "feed_tokens",
        m,
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("filter_json", sa.Text, nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
    )
    sa.Table(
        "visit_history",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.Integer, sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("replaced_at", sa.DateTime, nullable=False),
        sa.Index("ix_visit_history_visit", "visit_id", "version"),
    )
    sa.Table(
        "councillors",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("district", sa.String(20), nullable=False),
        sa.Column("constituency", sa.String(100), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
    )
    sa.Table(
        "liaison_notices",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.Integer, sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("councillor_id", sa.Integer, sa.ForeignKey("councillors.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("visit_id", "councillor_id", "kind", name="uq_liaison_notice"),
    )
    sa.Table(
        "suggestions",
        m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.Integer, sa.ForeignKey("visits.id"), nullable=True),
        sa.Column("councillor_id", sa.Integer, sa.ForeignKey("councillors.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("department", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("answered_at", sa.DateTime, nullable=True),
    )
    sa.Table(
        "meta",
        m,
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    return m


def _add_missing_columns(conn: sa.Connection) -> None:
    """``create_all`` makes missing tables but never columns: add those a database made before
    them lacks (issue 4's ``ics_sequence``; issue 11's reorder window and override reason)."""
    present = {c["name"] for c in sa.inspect(conn).get_columns("visits")}
    added = (
        sa.Column("ics_sequence", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fixed", sa.Boolean, nullable=True),
        sa.Column("window_start", sa.DateTime, nullable=True),
        sa.Column("window_end", sa.DateTime, nullable=True),
        sa.Column("override_reason", sa.Text, nullable=False, server_default=""),
    )
    for column in added:
        if column.name not in present:
            op.add_column("visits", column)


def upgrade() -> None:
    conn = op.get_bind()
    schema = _schema()
    schema.create_all(conn, checkfirst=True)  # what exists (a database from before migrations) is kept
    _add_missing_columns(conn)
    meta = schema.tables["meta"]
    if conn.execute(sa.select(meta.c.value).where(meta.c.key == "data_version")).first() is None:
        conn.execute(meta.insert().values(key="data_version", value="0"))


def downgrade() -> None:
    # The planner never downgrades: an older version is brought back by restoring a backup.
    raise NotImplementedError("no downgrades: restore a backup made before this revision")
