"""Issue 14's council relations: registries, notices by rule, the ledger of requests.

New tables: committees and their members, departments, district heads, constituencies (their
행정동), notices (one row per recipient acted on) with their plans and templates, the ledger of
requests and its progress notes. Councillors get a seat, party and term; sites their 행정동.

The records of the old council tables are copied once: suggestions become ledger items (a site
suggestion when linked to a visit, else a 간담회 one; an answer is the result, told that day; due
14 days after it was made, the old rule), liaison notices become sent notices (a district notice
has reason ``district``, an invitation ``leadership``). The old tables are kept as they were.
Date-times are stored as naive UTC (``planner.db.UTCDateTime`` on a plain DATETIME).
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "committees",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_ko", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "constituencies",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("dongs", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "departments",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "district_heads",
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("district"),
    )
    op.create_table(
        "notice_templates",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "committee_members",
        sa.Column("committee_code", sa.String(length=40), nullable=False),
        sa.Column("councillor_id", sa.Integer(), nullable=False),
        sa.Column("chair", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_code"],
            ["committees.code"],
        ),
        sa.ForeignKeyConstraint(
            ["councillor_id"],
            ["councillors.id"],
        ),
        sa.PrimaryKeyConstraint("committee_code", "councillor_id"),
    )
    op.create_table(
        "notice_plans",
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("press_briefing", sa.Boolean(), nullable=False),
        sa.Column("committee_code", sa.String(length=40), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_code"],
            ["committees.code"],
        ),
        sa.PrimaryKeyConstraint("target_kind", "target_id"),
    )
    op.create_table(
        "ledger_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("session", sa.String(length=40), nullable=False),
        sa.Column("person_kind", sa.String(length=20), nullable=False),
        sa.Column("councillor_id", sa.Integer(), nullable=True),
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("person", sa.String(length=100), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("result_at", sa.DateTime(), nullable=True),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("posted_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["councillor_id"],
            ["councillors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("suggestion_id"),
    )
    op.create_index("ix_ledger_items_due", "ledger_items", ["due_on"], unique=False)

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("councillor_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_by", sa.String(length=100), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["councillor_id"],
            ["councillors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("target_kind", "target_id", "councillor_id", name="uq_notices_target_councillor"),
    )
    op.create_table(
        "ledger_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("noted_at", sa.DateTime(), nullable=False),
        sa.Column("noted_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["ledger_items.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ledger_notes_item", "ledger_notes", ["item_id"], unique=False)

    op.add_column("councillors", sa.Column("seat", sa.String(length=100), server_default="", nullable=False))
    op.add_column("councillors", sa.Column("party", sa.String(length=100), server_default="", nullable=False))
    op.add_column("councillors", sa.Column("term", sa.String(length=40), server_default="", nullable=False))

    op.add_column("sites", sa.Column("dong", sa.String(length=40), server_default="", nullable=False))

    _copy_old_council_records()


def _copy_old_council_records() -> None:
    """Suggestions -> ledger items and liaison notices -> notices (frozen column lists: this
    revision must keep doing what it did whatever planner/db.py becomes)."""
    conn = op.get_bind()
    suggestions = sa.table(
        "suggestions",
        sa.column("id", sa.Integer),
        sa.column("visit_id", sa.Integer),
        sa.column("councillor_id", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("department", sa.String),
        sa.column("status", sa.String),
        sa.column("answer", sa.Text),
        sa.column("created_at", sa.DateTime),
        sa.column("answered_at", sa.DateTime),
    )
    ledger_items = sa.table(
        "ledger_items",
        *(sa.column(name) for name in (
            "source", "session", "person_kind", "councillor_id", "district", "person", "visit_id", "target_kind",
            "text", "department", "due_on", "result", "result_at", "told_on", "created_at", "version", "suggestion_id",
        )),
    )  # fmt: skip
    rows = []
    for r in conn.execute(sa.select(suggestions)).mappings():
        created = _as_datetime(r["created_at"])
        assert created is not None  # NOT NULL in every release
        answered = _as_datetime(r["answered_at"])
        rows.append(
            {
                "source": "site" if r["visit_id"] is not None else "meeting",
                "session": "",
                "person_kind": "councillor",
                "councillor_id": r["councillor_id"],
                "district": "",
                "person": "",
                "visit_id": r["visit_id"],
                "target_kind": "",
                "text": r["text"],
                "department": r["department"],
                "due_on": created.date() + timedelta(days=14),
                "result": r["answer"] if r["status"] == "answered" else "",
                "result_at": answered,
                "told_on": answered.date() if answered is not None else None,
                "created_at": created,
                "version": 1,
                "suggestion_id": r["id"],
            }
        )
    if rows:
        conn.execute(ledger_items.insert(), rows)
    liaison = sa.table(
        "liaison_notices",
        sa.column("visit_id", sa.Integer),
        sa.column("councillor_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("method", sa.String),
        sa.column("sent_at", sa.DateTime),
    )
    notices = sa.table(
        "notices",
        *(sa.column(name) for name in (
            "target_kind", "target_id", "visit_id", "councillor_id", "reason", "status", "method", "sent_at",
            "sent_by",
        )),
    )  # fmt: skip
    rows = [
        {
            "target_kind": "visit",
            "target_id": r["visit_id"],
            "visit_id": r["visit_id"],
            "councillor_id": r["councillor_id"],
            "reason": "leadership" if r["kind"] == "invitation" else "district",
            "status": "sent",
            "method": r["method"],
            "sent_at": _as_datetime(r["sent_at"]),
            "sent_by": "",
        }
        for r in conn.execute(sa.select(liaison)).mappings()
    ]
    if rows:
        conn.execute(notices.insert(), rows)


def _as_datetime(value: object) -> datetime | None:
    """SQLite may hand back a stored date-time as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def downgrade() -> None:
    # The planner never downgrades: an older version is brought back by restoring a backup.
    raise NotImplementedError("no downgrades: restore a backup made before this revision")
