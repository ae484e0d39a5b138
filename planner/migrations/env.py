"""Alembic's environment for the planner: the metadata is ``planner.db.metadata``.

The planner runs migrations with a connection it opened (``planner.migrations.upgrade``): they run
in that connection's transaction, which already holds the schema lock. SQLite gets batch mode, so
a revision that alters a column copies the table (SQLite's ALTER TABLE cannot).
"""

from alembic import context

from planner import db

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit(
        "Run migrations through the planner: python -m planner db upgrade (or db revision -m ... to write one)"
    )

context.configure(
    connection=connection,
    target_metadata=db.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
