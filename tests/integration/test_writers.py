"""Every writer against text already stored (issue 9, items 9-12): control characters, formula
starts and iCalendar's special characters in titles, names and labels; and ``--out`` files that
are written whole or not at all (a full disk leaves the old file and no temporary file).

The bad text goes into the database with SQL, bypassing the services' input checks: the writers
must be safe for whatever an older version or another tool has stored.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import stat
import subprocess
import threading
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from planner import calendar_exchange, council, db, domain, reports, services, tabular
from planner.cli import main
from planner.domain import SEOUL, Status
from tests.conftest import uow_at

# Stored text no writer may pass on raw: ESC sequences (a terminal obeys them), BEL, vertical
# tab, form feed, DEL and the C1 CSI (U+009B); NUL only where the database can hold it.
CONTROLS = ["x\x1b[2J", "bell\x07", "vt\x0bff\x0c", "del\x7f", "csi\x9b31m", "\x1b=1+1"]
CONTROL_CHARS = set("\x00\x07\x0b\x0c\x1b\x7f\x9b")
FORMULAS = ["=1+2", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _is_sqlite(engine) -> bool:
    return engine.dialect.name == "sqlite"


def store(engine, table, row_id: int, **values) -> None:
    """Write ``values`` straight into a row: no validation, as if another tool had stored them."""
    with db.transaction(engine, write=True) as conn:
        conn.execute(table.update().where(table.c.id == row_id).values(**values))


def add_done_visit(engine, now, n: int, title: str, site_name: str):
    site = services.add_site(uow_at(engine), services.SiteDraft(f"site {n}", 37.5663, 126.9779))
    start = datetime(2021, 6, 1 + n, 10, tzinfo=SEOUL)
    draft = services.VisitDraft(
        title=f"visit {n}",
        site_id=site.id,
        start=start,
        end=start + timedelta(hours=1),
        category="covid19",
        status=Status.DONE,
        highlight_rank=n + 1,
    )
    visit = services.add_visit(uow_at(engine, now), draft)
    store(engine, db.sites, site.id, name=site_name)
    store(engine, db.visits, visit.id, title=title)
    return visit


@pytest.fixture
def bad_texts(engine):
    texts = list(CONTROLS)
    if _is_sqlite(engine):  # PostgreSQL cannot store NUL in text at all
        texts.append("nul\x00here")
    return texts


@pytest.fixture
def stored_controls(engine, now, bad_texts):
    for n, text in enumerate(bad_texts):
        add_done_visit(engine, now, n, title=text, site_name=f"{text} place")
    return engine


def assert_no_control(text: str) -> None:
    assert not CONTROL_CHARS & set(text), repr(text)


# ---------------------------------------------------------------- item 11: control characters


def test_escape_sequence_in_a_stored_title_gives_a_readable_xlsx_report(stored_controls, engine_url, tmp_path):
    target = tmp_path / "r.xlsx"
    assert main(["--db", engine_url, "report", "--year", "2021", "--format", "xlsx", "--out", str(target)]) == 0
    wb = load_workbook(target)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for value in values:
        assert_no_control(value)
    assert "x[2J" in values  # the title in the detail sheet, its control character dropped
    assert "'=1+1" in values  # ESC dropped first, then the formula start made text


def test_control_characters_in_stored_text_reach_no_report_writer(stored_controls, now):
    report = reports.build_report(uow_at(stored_controls, now), [2021])
    details = reports.detail_records(uow_at(stored_controls), report)
    assert reports.to_xlsx(report, details)  # openpyxl raised IllegalCharacterError here
    for text in (
        reports.to_text(report),
        reports.to_html(report),
        reports.to_csv(report).decode("utf-8-sig"),
        reports.detail_csv(uow_at(stored_controls), report).decode("utf-8-sig"),
    ):
        assert_no_control(text)
        assert "x[2J" in text
    raw_json = reports.to_json(report)
    assert_no_control(raw_json)
    assert "x[2J place(6.1)" in json.loads(raw_json)["rows"][0]["highlights"]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_control_characters_in_stored_text_reach_no_cli_listing(stored_controls, engine_url, capsys, bad_texts, fmt):
    for command in (["visits", "list"], ["sites", "list"]):
        assert main(["--db", engine_url, *command, "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert_no_control(out)
        if fmt == "json":  # JSON escapes them instead: the data comes back whole
            stored = {r.get("title") or r.get("name") for r in json.loads(out)}
            assert set(bad_texts) <= stored or {f"{t} place" for t in bad_texts} <= stored


def test_control_characters_in_stored_text_reach_no_calendar_file(stored_controls, now):
    visits = services.list_visits(uow_at(stored_controls))
    data = calendar_exchange.render(visits, services.list_categories(uow_at(stored_controls)), now, base_url="http://h")
    assert_no_control(data.decode("utf-8"))
    one = calendar_exchange.export_visit_ics(uow_at(stored_controls, now), visits[0].id, base_url="http://h")
    assert_no_control(one.decode("utf-8"))


def test_control_characters_in_stored_text_reach_no_page_csv(stored_controls):
    records = [domain.visit_record(v) for v in services.list_visits(uow_at(stored_controls))]
    text = tabular.csv_bytes(records, list(records[0].keys())).decode("utf-8-sig")
    assert_no_control(text)


# ---------------------------------------------------------------- item 9: Add to my calendar


@pytest.mark.parametrize(
    "title, calname",
    [
        ("점검\n2차", "점검 2차"),
        ("a\r\nb", "a b"),
        ("광장, 시장; 본관\\동", "광장\\, 시장\\; 본관\\\\동"),
        ("esc\x1b[2J", "esc[2J"),
    ],
)
def test_add_to_my_calendar_with_a_newline_or_comma_in_the_title_writes_one_escaped_calname(
    engine, now, title, calname
):
    visit = add_done_visit(engine, now, 0, title=title, site_name="현장")
    data = calendar_exchange.export_visit_ics(
        uow_at(engine, now), visit.id, base_url="http://h"
    )  # AssertionError before
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert f"X-WR-CALNAME:{calname}" in lines
    assert Calendar.from_ical(data).walk("VEVENT")[0]["UID"] == visit.uid


# ---------------------------------------------------------------- item 12: one CSV writer


def _csv_cells(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


def test_formula_starts_in_cli_csv_of_visits_sites_councillors_and_categories_are_text(engine, engine_url, now, capsys):
    for n, text in enumerate(FORMULAS):
        add_done_visit(engine, now, n, title=text, site_name=f"{text}")
        person = council.add_councillor(uow_at(engine), "의원", "중구")
        store(engine, db.councillors, person.id, name=text, contact=text, constituency=text)
        services.add_category(uow_at(engine), f"cat_{n}", "라벨", "label", "#123456", "policy")
        with db.transaction(engine, write=True) as conn:
            conn.execute(
                db.categories.update().where(db.categories.c.code == f"cat_{n}").values(label_ko=text, label_en=text)
            )
    with db.transaction(engine, write=True) as conn:  # a negative coordinate must stay a number
        conn.execute(db.sites.update().where(db.sites.c.name == "-2+3").values(lon=-0.1278))
    seen = 0
    for command in (["visits", "list"], ["sites", "list"], ["councillors", "list"], ["categories", "list"]):
        assert main(["--db", engine_url, *command, "--format", "csv"]) == 0
        rows = _csv_cells(capsys.readouterr().out)
        cells = [c for row in rows[1:] for c in row]
        risky = [c for c in cells if c.startswith(tabular._FORMULA_START)]
        expected = ["-0.1278"] if command[0] in ("visits", "sites") else []  # the number, unquoted
        assert risky == expected, (command, risky)
        seen += sum(c.startswith("'") for c in cells)
    assert seen >= 4 * len(FORMULAS)


def test_csv_writer_keeps_numbers_numeric_and_quotes_formula_text():
    text = tabular.csv_text(
        [{"a": -3, "b": "-3", "c": 1.5, "d": None, "e": "=x", "f": True}], ["a", "b", "c", "d", "e", "f"]
    )
    assert text.split("\r\n")[1] == "-3,'-3,1.5,,'=x,True"


# ---------------------------------------------------------------- item 10: --out is whole or untouched


class _DiskFull(io.RawIOBase):
    """A file that takes some bytes, then fails as a full disk does."""

    def __init__(self, real):
        self.real = real

    def write(self, data):
        self.real.write(bytes(data)[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self):
        return self.real.fileno()

    def close(self):
        self.real.close()
        super().close()


@pytest.mark.parametrize(
    "command",
    [
        ["export-ics"],
        ["report", "--year", "2021", "--format", "xlsx"],
        ["report", "--year", "2021", "--format", "csv"],
        ["report", "--year", "2021", "--format", "json"],
    ],
)
def test_full_disk_while_writing_out_keeps_the_old_file_and_leaves_no_temporary_file(
    sample_engine, engine_url, tmp_path, capsys, monkeypatch, command
):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "old.out"
    target.write_bytes(b"the previous file")
    real_fdopen = os.fdopen
    monkeypatch.setattr(tabular.os, "fdopen", lambda fd, *a, **k: _DiskFull(real_fdopen(fd, *a, **k)))
    code = main(["--db", engine_url, *command, "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and str(target) in err and "Traceback" not in err
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in folder.iterdir()] == ["old.out"]


def test_out_replaces_the_old_file_whole_and_keeps_its_permissions(sample_engine, engine_url, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "v.ics"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert main(["--db", engine_url, "export-ics", "--out", str(target)]) == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in folder.iterdir()] == ["v.ics"]


def test_new_out_file_gets_the_usual_permissions_not_mkstemps_private_ones(tmp_path):
    target = tmp_path / "new.csv"
    tabular.write_atomically(target, b"a,b\r\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_out_into_a_missing_folder_or_onto_a_folder_is_one_line_and_writes_nothing(
    sample_engine, engine_url, tmp_path, capsys
):
    folder = tmp_path / "out"
    (folder / "adir").mkdir(parents=True)
    for out in (folder / "missing" / "r.csv", folder / "adir"):
        code = main(["--db", engine_url, "report", "--year", "2021", "--format", "csv", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1 and "{" not in err
    assert [p.name for p in folder.iterdir()] == ["adir"]
    assert list((folder / "adir").iterdir()) == []


def test_out_through_a_symlink_replaces_the_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    tabular.write_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_out_onto_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    tabular.write_atomically(fifo, b"through the pipe")
    reader.join(timeout=30)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A real 64 KiB file system (root and ``mount`` needed; skipped elsewhere)."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("a real full disk needs root to mount a tmpfs")
    folder = tmp_path / "tiny"
    folder.mkdir()
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_really_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(
    sample_engine, engine_url, tiny_tmpfs, capsys
):
    target = tiny_tmpfs / "visits.ics"
    target.write_bytes(b"the previous file")
    code = main(["--db", engine_url, "export-ics", "--out", str(target)])  # the sample calendar is > 64 KiB
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in tiny_tmpfs.iterdir()] == ["visits.ics"]
