"""Migrations (issue 13, item 4): databases made by earlier code are upgraded, every row kept.

The old databases are built from frozen fixtures (``tests/fixtures/old_schemas/``: the DDL and the
sample rows dumped once from the code at commit 1f1b1dc, and from before issue 11's columns), with
plain SQLAlchemy, never by the current code; then ``python -m planner db upgrade`` runs on them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, func, select, text

from planner import db, migrations, services
from planner.cli import main
from tests.conftest import FIXED_NOW, uow_at

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "old_schemas"
POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL", "")
# Revisions 0002 and 0005 (issues 13, 14, 12): no embargo of its own, a field visit, never cancelled with a reason.
LATER_VISIT_COLUMNS = {"embargo_until": None, "kind": "field_visit", "cancel_reason": ""}
ISSUE_11_COLUMNS = {"fixed": None, "window_start": None, "window_end": None, "override_reason": ""}


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")


def wipe(url: str) -> None:
    """Drop every table of a PostgreSQL test database (the planner's, older ones, alembic_version)."""
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request, tmp_path: Path):
    """A database with no tables at all."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need PLANNER_TEST_POSTGRES_URL")
        wipe(POSTGRES_URL)
        yield POSTGRES_URL
        db.dispose_engine(POSTGRES_URL)
        wipe(POSTGRES_URL)
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
        create_engine(url).connect().close()
        yield url
        db.dispose_engine(url)


def build_old_database(url: str, fixture: str) -> dict[str, Any]:
    """The database ``fixture``'s code made, with its sample rows, from the frozen files alone."""
    folder = FIXTURES / fixture
    engine = create_engine(url)
    rows = json.loads((folder / "rows.json").read_text(encoding="utf-8"))
    ddl = (folder / f"{engine.dialect.name}.sql").read_text(encoding="utf-8")
    with engine.begin() as conn:
        for statement in ddl.split(";\n"):
            if statement.strip():
                conn.exec_driver_sql(statement)
        old = MetaData()
        old.reflect(conn)
        for table in old.sorted_tables:
            data = rows[table.name]
            records = [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]
            for record in records:
                for column in table.columns:
                    if column.type.python_type is datetime and record[column.name] is not None:
                        record[column.name] = datetime.fromisoformat(record[column.name])
            if records:
                conn.execute(table.insert(), records)
            if engine.dialect.name == "postgresql" and "id" in table.c:  # as the old code's inserts left it
                conn.execute(
                    select(func.setval(func.pg_get_serial_sequence(table.name, "id"), func.max(table.c.id) + 1, False))
                )
    engine.dispose()
    return rows


def stored_rows(url: str) -> dict[str, dict[str, list[Any]]]:
    """Every row of every table as stored (date-times as naive UTC ISO text), by primary key."""
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    out: dict[str, dict[str, list[Any]]] = {}
    with engine.connect() as conn:
        for table in found.sorted_tables:
            result = conn.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = {
                "columns": list(result.keys()),
                "rows": [[v.isoformat() if isinstance(v, datetime) else v for v in row] for row in result],
            }
    engine.dispose()
    return out


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fixture", ["1f1b1dc", "before_issue_11"])
def test_database_of_earlier_code_with_the_sample_upgrades_keeping_every_row(capsys, blank_url, fixture):
    before = build_old_database(blank_url, fixture)
    assert run(capsys, "--db", blank_url, "db", "current") == (0, "none\n", "")
    code, out, err = run(capsys, "--db", blank_url, "db", "upgrade")
    assert code == 0, err
    assert migrations.head() in out
    assert run(capsys, "--db", blank_url, "db", "current") == (0, f"{migrations.head()}\n", "")

    after = stored_rows(blank_url)
    # Every table of the old database is kept; later revisions add tables of their own.
    assert set(before) <= set(after) and set(after) == set(db.metadata.tables) | {"alembic_version"}
    for name, old in before.items():
        new = after[name]
        assert len(new["rows"]) == len(old["rows"]), name
        for old_row, new_row in zip(old["rows"], new["rows"], strict=True):
            got = dict(zip(new["columns"], new_row, strict=True))
            assert {c: got[c] for c in old["columns"]} == dict(zip(old["columns"], old_row, strict=True)), name
            if name == "visits":  # columns the old code lacked: what they mean for every old visit
                assert {c: got[c] for c in ISSUE_11_COLUMNS} == ISSUE_11_COLUMNS
                assert {c: got[c] for c in LATER_VISIT_COLUMNS} == LATER_VISIT_COLUMNS
            if name == "sites":
                assert got["publishable"] in (0, False)
    assert len(before["visits"]["rows"]) == 85
    # Revision 0003: the old council records are copied into the ledger and the notices, once.
    assert len(after["ledger_items"]["rows"]) == len(before["suggestions"]["rows"]) > 0
    assert len(after["notices"]["rows"]) == len(before["liaison_notices"]["rows"])
    items = [dict(zip(after["ledger_items"]["columns"], r, strict=True)) for r in after["ledger_items"]["rows"]]
    assert {i["suggestion_id"] for i in items} == {r[0] for r in before["suggestions"]["rows"]}
    if fixture == "before_issue_11":
        assert not set(ISSUE_11_COLUMNS) & set(before["visits"]["columns"])

    # The upgraded database works: the visit log lists the sample, a new site gets a new id.
    code, out, err = run(capsys, "--db", blank_url, "visits", "list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 85, err
    site = services.add_site(uow_at(db.get_engine(blank_url)), services.SiteDraft("시청", 37.5663, 126.9779))
    assert site.id == 71


def test_revision_0003_moves_the_old_council_records_into_the_ledger_and_the_notices(capsys, blank_url):
    """Issue 14: an answered suggestion becomes a site ledger item (result told the day it was answered, due 14
    days after it was made), an invitation a notice to the leadership; the old tables stay as they were."""
    build_old_database(blank_url, "1f1b1dc")
    engine = create_engine(blank_url)
    made, answered = datetime(2022, 3, 2, 1, 0), datetime(2022, 3, 5, 2, 0)  # naive UTC, as stored
    with engine.begin() as conn:
        visit_id, councillor_id = conn.exec_driver_sql("SELECT MIN(id) FROM visits").scalar(), 1
        conn.execute(
            text(
                "INSERT INTO suggestions (visit_id, councillor_id, text, department, status, answer, created_at,"
                " answered_at) VALUES (:v, :c, '건의 본문', '교통실', 'answered', '답변 본문', :m, :a)"
            ),
            {"v": visit_id, "c": councillor_id, "m": made, "a": answered},
        )
        conn.execute(text("DELETE FROM liaison_notices"))
        conn.execute(
            text(
                "INSERT INTO liaison_notices (visit_id, councillor_id, kind, method, sent_at)"
                " VALUES (:v, :c, 'invitation', 'phone', :m)"
            ),
            {"v": visit_id, "c": councillor_id, "m": made},
        )
    engine.dispose()
    assert run(capsys, "--db", blank_url, "db", "upgrade")[0] == 0
    after = stored_rows(blank_url)
    items = [dict(zip(after["ledger_items"]["columns"], r, strict=True)) for r in after["ledger_items"]["rows"]]
    item = next(i for i in items if i["text"] == "건의 본문")
    assert (item["source"], item["result"], item["department"], item["visit_id"]) == (
        "site",
        "답변 본문",
        "교통실",
        visit_id,
    )
    assert str(item["due_on"])[:10] == "2022-03-16" and str(item["told_on"])[:10] == "2022-03-05"
    [notice] = [dict(zip(after["notices"]["columns"], r, strict=True)) for r in after["notices"]["rows"]]
    assert (notice["reason"], notice["status"], notice["method"], notice["target_id"]) == (
        "leadership", "sent", "phone", visit_id,
    )  # fmt: skip
    assert len(after["suggestions"]["rows"]) == len(items)


def test_upgrading_twice_changes_nothing(capsys, blank_url):
    build_old_database(blank_url, "1f1b1dc")
    assert run(capsys, "--db", blank_url, "db", "upgrade")[0] == 0
    once = stored_rows(blank_url)
    assert run(capsys, "--db", blank_url, "db", "upgrade")[0] == 0
    assert stored_rows(blank_url) == once


def test_db_current_reads_without_upgrading(capsys, blank_url):
    build_old_database(blank_url, "before_issue_11")
    assert run(capsys, "--db", blank_url, "db", "current") == (0, "none\n", "")
    assert "override_reason" not in stored_rows(blank_url)["visits"]["columns"]


def test_a_new_database_is_made_at_head_and_the_migrations_match_the_metadata(engine):
    """``planner/db.py`` and the migrations describe the same schema. When this fails after a change
    to db.py, write a revision: ``python -m planner db revision -m "..."`` (README, Adding a migration)."""
    with db.transaction(engine) as conn:
        assert db.schema_revision(conn) == migrations.head()
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert differences == []


def test_migrations_run_from_another_folder_without_an_ini_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_LANGUAGE": "en"}
    for args in (("init",), ("db", "current")):
        done = subprocess.run(
            [sys.executable, "-m", "planner", "--db", url, *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert done.stdout == f"{migrations.head()}\n"
    assert not (tmp_path / "alembic.ini").exists()


def test_db_commands_never_create_a_missing_database_file(capsys, tmp_path):
    path = tmp_path / "gone" / "planner.db"
    for args in (("db", "current"), ("db", "upgrade")):
        code, _, err = run(capsys, "--db", f"sqlite:///{path}", *args)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "does not exist" in err, err
    assert not path.parent.exists()


def test_a_database_left_with_only_alembic_version_is_set_up_as_new(engine):
    # Tables dropped by hand (the tests do) leave alembic_version behind: that database is new.
    db.metadata.drop_all(engine)
    services.init_database(engine)
    assert len(services.list_districts(uow_at(engine, FIXED_NOW))) == 25


def test_a_database_upgraded_by_a_newer_planner_is_refused_in_one_line(capsys, engine, engine_url):
    with db.transaction(engine, write=True) as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    db.dispose_engine(engine_url)
    for args in (("visits", "list"), ("db", "upgrade")):
        code, out, err = run(capsys, "--db", engine_url, *args)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert "newer planner" in err and "9999" in err, err
    assert run(capsys, "--db", engine_url, "db", "current") == (0, "9999\n", "")


def test_the_head_read_from_the_files_is_alembics_head():
    # migrations.head() reads the revision files without Alembic (every start asks for it).
    newest = max(p.name[:4] for p in (migrations.HERE / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert migrations.head() == migrations.scripts().get_current_head() == newest


def _start(url: str, barrier) -> str:  # type: ignore[no-untyped-def]
    """What every process does at start (the app, any command), after all six have arrived."""
    from planner import db, services

    try:
        engine = db.get_engine(url)
        barrier.wait(timeout=60)
        services.init_database(engine)
        return "ok"
    except Exception as exc:  # reported to the test, which shows it
        return f"{type(exc).__name__}: {exc}"


def test_six_processes_starting_at_once_on_a_database_from_before_migrations_upgrade_it_once(blank_url):
    before = build_old_database(blank_url, "before_issue_11")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(6)
        with ctx.Pool(6) as pool:
            assert pool.starmap(_start, [(blank_url, barrier)] * 6) == ["ok"] * 6
    after = stored_rows(blank_url)
    assert after["alembic_version"]["rows"] == [[migrations.head()]]
    for name, old in before.items():
        assert len(after[name]["rows"]) == len(old["rows"]), name
