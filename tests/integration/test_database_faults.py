"""Databases that cannot be used as asked, and many processes on one database (issue 9, items 14,
18, 19, 21).

A bad URL, a server out of reach, a read-only, damaged, missing or replaced file: every way in
says so in one line naming the database (exit 2 in the CLI, an error box on the pages), writes
nothing and never makes a new empty database behind the user's back. The data version rises by
exactly one per write however many writers run at once, and schema creation is safe to race.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from planner import db, repository, services
from planner.cli import main
from planner.domain import SEOUL, DatabaseUnavailable
from tests.conftest import uow_at

POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL", "")
APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")

# ---------------------------------------------------------------- helpers


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_refusal(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")


@pytest.fixture
def sample_file(tmp_path: Path, capsys) -> Path:
    """A SQLite database made by ``init --sample``, closed again (no -wal or -shm left)."""
    path = tmp_path / "planner.db"
    assert main(["--db", f"sqlite:///{path}", "init", "--sample"]) == 0
    db.dispose_engine(f"sqlite:///{path}")
    capsys.readouterr()
    return path


def _set_immutable(path: Path, on: bool) -> None:
    subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True, capture_output=True)


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files (and folders) read-only for this process: ``chmod`` for a user; for root, who
    writes whatever the mode says, the immutable attribute (``chattr +i``) where the file system
    has it."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a file read-only")
        done: list[Path] = []
        try:
            for p in paths:
                try:
                    _set_immutable(p, True)
                except subprocess.CalledProcessError:
                    pytest.skip("this file system has no immutable attribute")
                done.append(p)
            yield
        finally:
            for p in done:
                _set_immutable(p, False)
    else:
        modes = {p: p.stat().st_mode for p in paths}
        try:
            for p in paths:
                p.chmod(0o555 if p.is_dir() else 0o444)
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)


# ---------------------------------------------------------------- item 14: unusable databases


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("not a database url", "Not a valid database URL: not a database url"),
        ("nosuchdialect://host/db", "No driver is installed for this database: nosuchdialect://host/db"),
        ("postgresql+psycopg2://u:secret@127.0.0.1:notaport/db", "Not a valid database URL"),
        ("postgresql+psycopg2 ://u:secret@127.0.0.1/db", "Not a valid database URL: postgresql+psycopg2 ://u:***@"),
        ("postgresql+psycopg2://u:secret@127.0.0.1:12:34/db", "Not a valid database URL: postgresql+psycopg2://u:***@"),
        ("mysql+mysqldb://u:secret@127.0.0.1/db", "No driver is installed for this database: mysql+mysqldb://u:***@"),
        (
            "postgresql+psycopg2://u:secret@127.0.0.1:1/db",
            "Cannot connect to the database postgresql+psycopg2://u:***@",
        ),
    ],
)
def test_bad_or_unreachable_db_url_is_one_line_naming_it_without_its_password(capsys, url, needle):
    code, out, err = run(capsys, "--db", url, "visits", "list")
    assert_one_line_refusal(code, err, needle)
    assert "secret" not in err
    assert out == ""


def test_text_file_as_database_is_refused_as_damaged_and_left_unchanged(capsys, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100)
    before = path.read_bytes()
    for args in (("visits", "list"), ("init",), ("sites", "add", "--name", "x", "--lat", "37.56", "--lon", "126.97")):
        code, _, err = run(capsys, "--db", f"sqlite:///{path}", *args)
        assert_one_line_refusal(code, err, "damaged or not a database", str(path))
    assert path.read_bytes() == before


def test_corrupted_database_file_is_refused_as_damaged(capsys, sample_file):
    data = bytearray(sample_file.read_bytes())
    data[4096:12288] = b"\xa5" * 8192  # pages 2 and 3 overwritten: the tables' b-trees are garbage
    sample_file.write_bytes(bytes(data))
    code, _, err = run(capsys, "--db", f"sqlite:///{sample_file}", "visits", "list")
    assert_one_line_refusal(code, err, "damaged or not a database", str(sample_file))


def test_folder_as_database_file_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "--db", f"sqlite:///{tmp_path}", "visits", "list")
    assert_one_line_refusal(code, err, "Cannot open the database file", str(tmp_path))


def test_read_only_database_file_still_lists_and_refuses_a_write_in_one_line(capsys, sample_file):
    url = f"sqlite:///{sample_file}"
    with read_only(sample_file):
        code, out, err = run(capsys, "--db", url, "visits", "list", "--year", "2022", "--format", "json")
        assert code == 0, err
        assert '"title"' in out
        code, _, err = run(capsys, "--db", url, "sites", "add", "--name", "x", "--lat", "37.56", "--lon", "126.97")
        assert_one_line_refusal(code, err, "read-only", str(sample_file))
    db.dispose_engine(url)
    code, out, _ = run(capsys, "--db", url, "sites", "list", "--format", "json")
    assert '"x"' not in out  # nothing half-written


def test_read_only_wal_database_in_a_read_only_folder_still_lists(capsys, sample_file):
    # SQLite cannot make the WAL's -shm file there: only an immutable open reads it.
    url = f"sqlite:///{sample_file}"
    assert not Path(f"{sample_file}-shm").exists()
    with read_only(sample_file, sample_file.parent):
        code, out, err = run(capsys, "--db", url, "visits", "list", "--year", "2022", "--format", "json")
        assert code == 0, err
        assert '"title"' in out
        code, _, err = run(
            capsys, "--db", url, "categories", "add", "--code", "culture", "--label-ko", "문화", "--label-en", "Culture"
        )
        assert_one_line_refusal(code, err, "read-only")
        db.dispose_engine(url)


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL tests need PLANNER_TEST_POSTGRES_URL")
def test_postgres_database_that_does_not_exist_is_one_line(capsys):
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL).set(database="planner_no_such_database_xyz").render_as_string(hide_password=False)
    code, _, err = run(capsys, "--db", url, "visits", "list")
    assert_one_line_refusal(code, err, "Cannot connect to the database", "planner_no_such_database_xyz")


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL tests need PLANNER_TEST_POSTGRES_URL")
def test_postgres_wrong_password_is_one_line_without_the_password(capsys):
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL).set(password="wrong-secret").render_as_string(hide_password=False)
    code, _, err = run(capsys, "--db", url, "visits", "list")
    assert_one_line_refusal(code, err, "Cannot connect to the database")
    assert "wrong-secret" not in err
    db.dispose_engine(url)


# ---------------------------------------------------------------- item 21: a missing database


def test_missing_database_file_is_refused_and_not_created_by_a_command(capsys, tmp_path):
    path = tmp_path / "gone" / "planner.db"
    for args in (("visits", "list"), ("sites", "add", "--name", "x", "--lat", "37.56", "--lon", "126.97")):
        code, _, err = run(capsys, "--db", f"sqlite:///{path}", *args)
        assert_one_line_refusal(code, err, "does not exist", str(path), "python -m planner init")
    assert not path.exists() and not path.parent.exists()


def test_init_creates_a_missing_database_and_its_folder(capsys, tmp_path):
    path = tmp_path / "new" / "planner.db"
    code, _, err = run(capsys, "--db", f"sqlite:///{path}", "init")
    assert code == 0, err
    code, out, err = run(capsys, "--db", f"sqlite:///{path}", "categories", "list", "--format", "json")
    assert code == 0 and "covid19" in out, err


def test_database_file_deleted_while_open_refuses_the_next_save_and_is_not_recreated(engine, now):
    path = db.sqlite_path(engine.url)
    if path is None:
        pytest.skip("a file database only")
    services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779))
    path.unlink()
    with pytest.raises(DatabaseUnavailable) as info:
        services.add_site(uow_at(engine), services.SiteDraft("망원시장", 37.5560, 126.9050))
    assert info.value.key == "error.db_deleted"
    with pytest.raises(DatabaseUnavailable):
        services.list_sites(uow_at(engine))  # reads too: the unlinked file is no longer the database
    assert not path.exists()


def test_database_file_replaced_while_open_is_noticed(engine, tmp_path):
    path = db.sqlite_path(engine.url)
    if path is None:
        pytest.skip("a file database only")
    services.list_sites(uow_at(engine))
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()
    os.replace(other, path)
    with pytest.raises(DatabaseUnavailable) as info:
        services.list_sites(uow_at(engine))
    assert info.value.key == "error.db_deleted"


def test_new_process_after_the_file_was_deleted_under_a_running_one_refuses(engine):
    path = db.sqlite_path(engine.url)
    if path is None:
        pytest.skip("a file database only")
    services.add_site(
        uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779)
    )  # the running process keeps it open (WAL)
    path.unlink()
    assert Path(f"{path}-wal").exists()
    for args in (("visits", "list"), ("init",)):  # another process: its own engine
        done = subprocess.run(
            [sys.executable, "-m", "planner", "--db", f"sqlite:///{path}", *args],
            cwd=Path(APP).parent,
            capture_output=True,
            text=True,
            env={**os.environ, "PLANNER_LANGUAGE": "en"},
        )
        assert_one_line_refusal(done.returncode, done.stderr, "missing but traces of its use", str(path))
    assert not path.exists()


def test_app_first_start_on_an_empty_folder_creates_the_database(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "fresh" / "planner.db"
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("PLANNER_SAMPLE_ON_FIRST_START", "0")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert path.exists()


@pytest.mark.parametrize("case", ["text_file", "deleted_while_running", "bad_url"])
def test_pages_show_one_database_error_instead_of_a_traceback(tmp_path, monkeypatch, case):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "planner.db"
    url = f"sqlite:///{path}"
    if case == "text_file":
        path.write_text("hello\n")
    elif case == "bad_url":
        url = "sqlite+nosuchdriver:///x"
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_SAMPLE_ON_FIRST_START", "0")
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    at = AppTest.from_file(APP, default_timeout=60).run()
    if case == "deleted_while_running":
        assert not at.exception and not at.error
        path.unlink()
        at.switch_page("pages/visits.py").run()
    assert not at.exception
    assert len(at.error) == 1, [e.value for e in at.error]
    assert "database" in at.error[0].value
    if case == "deleted_while_running":
        assert not path.exists()
    db.dispose_engine(url)


# ---------------------------------------------------------------- item 18: the data version


def _bump_many(engine, count: int, seen: list[int]) -> None:
    for _ in range(count):
        with db.transaction(engine, write=True) as conn:
            seen.append(repository.bump_data_version(conn))


def test_eight_concurrent_writers_raise_the_data_version_by_exactly_their_writes(engine):
    writers, each = 8, 40
    start = services.data_version(uow_at(engine))
    returned: list[list[int]] = [[] for _ in range(writers)]
    observed: list[int] = []
    done = threading.Event()

    def watch() -> None:  # a cache polling the version: it must never see it move backwards
        while not done.is_set():
            observed.append(services.data_version(uow_at(engine)))

    threads = [threading.Thread(target=_bump_many, args=(engine, each, returned[i])) for i in range(writers)]
    watcher = threading.Thread(target=watch)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    assert services.data_version(uow_at(engine)) == start + writers * each
    assert sorted(v for r in returned for v in r) == list(range(start + 1, start + writers * each + 1))
    assert all(r == sorted(r) for r in returned)
    assert observed == sorted(observed)


# ---------------------------------------------------------------- item 19: six processes at once


def _start_up(url: str, barrier, with_sample: bool) -> str:  # type: ignore[no-untyped-def]
    """What ``python -m planner init`` does (and, ``with_sample``, the app's first start), after
    all six have arrived."""
    from planner import db, sample, services
    from planner.domain import ValidationError

    try:
        engine = db.get_engine(url)
        barrier.wait(timeout=60)
        services.init_database(engine, create=True)
        if with_sample and services.is_empty(uow_at(engine)):
            try:
                db.when_not_busy(lambda: sample.load_sample(uow_at(engine, datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL))))
            except ValidationError as exc:
                if exc.key != "error.sample_not_empty":
                    raise
        return "ok"
    except Exception as exc:  # reported to the test, which shows it
        return f"{type(exc).__name__}: {exc}"


def _six_processes_start(url: str, with_sample: bool) -> list[str]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(6)
        with ctx.Pool(6) as pool:
            return pool.starmap(_start_up, [(url, barrier, with_sample)] * 6)


def _assert_set_up_once(url: str, with_sample: bool) -> None:
    engine = db.get_engine(url)
    assert len(services.list_districts(uow_at(engine))) == 25
    codes = [c.code for c in services.list_categories(uow_at(engine))]
    assert len(codes) == len(set(codes)) == 6  # the sample categories, council relations (issue 14) included
    visits = services.list_visits(uow_at(engine))
    assert len(visits) == (
        127 if with_sample else 0
    )  # the sample (with the council meetings of issue 14) loaded once, not six times


@pytest.mark.parametrize("with_sample", [False, True], ids=["init", "app_first_start"])
def test_six_processes_starting_on_a_new_sqlite_database_all_succeed(tmp_path, with_sample):
    url = f"sqlite:///{tmp_path / 'new' / 'planner.db'}"
    assert _six_processes_start(url, with_sample) == ["ok"] * 6
    _assert_set_up_once(url, with_sample)
    db.dispose_engine(url)


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL tests need PLANNER_TEST_POSTGRES_URL")
@pytest.mark.parametrize("with_sample", [False, True], ids=["init", "app_first_start"])
def test_six_processes_starting_on_a_new_postgres_database_all_succeed(with_sample):
    engine = db.get_engine(POSTGRES_URL)
    db.metadata.drop_all(engine)
    db.dispose_engine(POSTGRES_URL)
    try:
        assert _six_processes_start(POSTGRES_URL, with_sample) == ["ok"] * 6
        _assert_set_up_once(POSTGRES_URL, with_sample)
    finally:
        db.metadata.drop_all(db.get_engine(POSTGRES_URL))
        db.dispose_engine(POSTGRES_URL)
