"""The unit of work: the one transaction every use case runs in (cosmicpython's shape).

A ``UnitOfWork`` carries what a use case needs besides its arguments: the database connection,
the clock and the acting user. Use cases open it with ``with uow.transaction(write=...) as conn:``
and call ``uow.commit()`` when their work is complete; nothing is written unless the outermost
block was committed, and any exception rolls everything back.

Blocks nest: a use case that calls another runs both in one transaction, and only the outermost
block's ``commit()`` counts. So a dry run is simply a front door that opens the outermost block,
calls the use case (whose own ``commit()`` is then an inner one) and leaves without committing.

``now`` is read from the clock once, when the outermost block opens, so every record a use case
writes carries the same time. Only front doors choose the clock; tests pass a fixed one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from planner import db
from planner.domain import to_seoul

Clock = Callable[[], datetime]


class UnitOfWork:
    """One transaction at a time over ``engine``, with ``clock`` and the acting ``actor``."""

    def __init__(self, engine: Engine, clock: Clock, actor: str | None = None, remember: bool = False) -> None:
        self.engine = engine
        self.clock = clock
        self.actor = actor
        self._conn: Connection | None = None
        self._depth = 0
        self._write = False
        self._committed = False
        self._now: datetime | None = None
        # Warnings of what this unit of work saved (planner.rules problems): front doors show them.
        self.warnings: list[Any] = []
        # ``remember``: reads a front door repeats many times in one short run (the data version,
        # the actor's role) are read once and kept until this unit of work writes (``recall``).
        self._remember = remember
        self._memo: dict[str, Any] = {}

    def recall(self, name: str, read: Callable[[], Any]) -> Any:
        """``read()``, or what it gave last time when this unit of work remembers reads (a page's
        run) and has written nothing since; otherwise read every time (the CLI, tests, services)."""
        if not self._remember or (self._depth > 0 and self._write):
            return read()  # inside a write the truth may change with every statement
        if name not in self._memo:
            self._memo[name] = read()
        return self._memo[name]

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("no transaction is open: use `with uow.transaction():`")
        return self._conn

    @property
    def now(self) -> datetime:
        """The time of this unit of work (Seoul), fixed when its outermost block opened."""
        if self._now is None:
            return to_seoul(self.clock())
        return self._now

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Connection]:
        """Open (or join) the transaction; ``write`` takes the write lock up front on SQLite."""
        if self._depth == 0:
            with db.transaction(self.engine, write, keep=lambda: self._committed) as conn:
                self._conn, self._write, self._committed = conn, write, False
                self._now = to_seoul(self.clock())
                self._depth = 1
                try:
                    yield conn
                finally:
                    if write:
                        self._memo.clear()
                    self._depth = 0
                    self._conn = None
                    self._now = None
            return
        if write and not self._write:
            # On SQLite a read transaction cannot safely become a write one (WAL refuses the
            # upgrade when another writer came first): the outermost block must ask for write.
            raise RuntimeError("a write inside a read-only unit of work")
        self._depth += 1
        try:
            yield self.conn
        finally:
            self._depth -= 1

    def commit(self) -> None:
        """Keep what the outermost block wrote (written when it ends); inner commits are no-ops."""
        if self._depth == 0:
            raise RuntimeError("commit() outside a transaction")
        if self._depth == 1:
            self._committed = True
