"""The unit of work keeps nothing unless its outermost block commits, and nests into one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from planner import repository
from planner.domain import SEOUL, Category
from planner.uow import UnitOfWork

T0 = datetime(2022, 3, 2, 9, 0, tzinfo=SEOUL)


def ticking_clock():
    state = {"t": T0}

    def clock() -> datetime:
        state["t"] += timedelta(seconds=1)
        return state["t"]

    return clock


def category(code: str) -> Category:
    return Category(code, code, code, "#123456", "other")


def codes(engine) -> set[str]:
    with UnitOfWork(engine, ticking_clock()).transaction() as conn:
        return {c.code for c in repository.list_categories(conn)}


def test_nothing_is_written_unless_the_block_commits(engine):
    uow = UnitOfWork(engine, ticking_clock())
    with uow.transaction(write=True) as conn:
        repository.insert_categories(conn, [category("kept_not")])
    with uow.transaction(write=True) as conn:
        repository.insert_categories(conn, [category("kept")])
        uow.commit()
    assert "kept" in codes(engine) and "kept_not" not in codes(engine)


def test_an_exception_after_commit_rolls_everything_back(engine):
    uow = UnitOfWork(engine, ticking_clock())
    with pytest.raises(ZeroDivisionError), uow.transaction(write=True) as conn:
        repository.insert_categories(conn, [category("half")])
        uow.commit()
        1 / 0  # noqa: B018 - the failure after commit() that must still roll back
    assert "half" not in codes(engine)


def test_an_inner_commit_is_not_the_outer_one_so_a_dry_run_keeps_nothing(engine):
    uow = UnitOfWork(engine, ticking_clock())

    def use_case() -> None:  # a use case that commits its own work
        with uow.transaction(write=True) as conn:
            repository.insert_categories(conn, [category("inner")])
            uow.commit()

    with uow.transaction(write=True):  # the dry run: the front door never commits
        use_case()
        assert "inner" in {c.code for c in repository.list_categories(uow.conn)}  # seen inside
    assert "inner" not in codes(engine)
    use_case()  # alone, its commit is the outermost one
    assert "inner" in codes(engine)


def test_use_cases_called_inside_one_unit_share_its_connection_and_time(engine):
    uow = UnitOfWork(engine, ticking_clock())
    with uow.transaction(write=True) as outer:
        first = uow.now
        with uow.transaction(write=True) as inner:
            assert inner is outer
            assert uow.now == first  # read once, when the outermost block opened
    with uow.transaction():
        assert uow.now > first


def test_a_write_cannot_join_a_read_only_unit_and_commit_needs_a_block(engine):
    uow = UnitOfWork(engine, ticking_clock())
    with uow.transaction(), pytest.raises(RuntimeError, match="read-only"), uow.transaction(write=True):
        pass
    with pytest.raises(RuntimeError):
        uow.commit()
    with pytest.raises(RuntimeError):
        _ = uow.conn
