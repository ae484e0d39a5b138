"""Backup and restore (issue 13, item 5): a portable archive, checked whole, restored whole or not at all.

SQLite -> archive -> PostgreSQL -> archive gives the same table files; a restored PostgreSQL lists
the same visits and takes new ones; a bad archive changes nothing; a backup taken while writers
update visits is one consistent snapshot.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine

from planner import backup, db, migrations, services
from planner.cli import main
from planner.domain import DatabaseBusy, StaleVersion
from tests.conftest import FIXED_NOW, uow_at

POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL", "")
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL tests need PLANNER_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def wipe(url: str) -> None:
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    engine.dispose()


@pytest.fixture
def postgres_url():
    """An empty PostgreSQL database (no tables), as its administrator hands it over."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need PLANNER_TEST_POSTGRES_URL")
    db.dispose_engine(POSTGRES_URL)
    wipe(POSTGRES_URL)
    yield POSTGRES_URL
    db.dispose_engine(POSTGRES_URL)
    wipe(POSTGRES_URL)


@pytest.fixture
def source(tmp_path: Path, capsys) -> str:
    """A SQLite database with the sample, some edits (so history rows) and an answered suggestion."""
    url = f"sqlite:///{tmp_path / 'source.db'}"
    engine, _ = services.open_database(url, lambda: FIXED_NOW, create=True, sample_on_first_start=True)
    for visit_id, field, value in ((1, "title", "제목 바꿈"), (2, "notes", 'quote " and\nnewline'), (1, "title", "둘")):
        visit = services.get_visit(uow_at(engine), visit_id)
        services.update_visit(uow_at(engine), visit_id, visit.version, {field: value})
    yield url
    db.dispose_engine(url)


def table_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("tables/")}


def backup_of(capsys, url: str, out: Path) -> bytes:
    code, _, err = run(capsys, "--db", url, "backup", "--out", str(out))
    assert code == 0, err
    return out.read_bytes()


def rewrite(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The archive ``data`` with its entries passed through ``change(dict) -> dict``."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries = change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return buffer.getvalue()


def resealed(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Checksums recomputed, as a careful forger would: what is left to refuse is the content."""
    manifest = json.loads(entries["manifest.json"])
    whole = hashlib.sha256()
    for _name, entry in sorted(manifest["tables"].items()):
        entry["sha256"] = hashlib.sha256(entries[entry["file"]]).hexdigest()
    for file in sorted(e["file"] for e in manifest["tables"].values()):
        whole.update(entries[file])
    manifest["sha256"] = whole.hexdigest()
    entries["manifest.json"] = json.dumps(manifest).encode()
    return entries


# ---------------------------------------------------------------- round trips


@needs_postgres
def test_sqlite_to_archive_to_postgres_to_archive_gives_identical_tables(capsys, source, postgres_url, tmp_path):
    first = backup_of(capsys, source, tmp_path / "a.zip")
    code, out, err = run(capsys, "--db", postgres_url, "restore", str(tmp_path / "a.zip"))
    assert code == 0, err
    assert "Restored" in out
    second = backup_of(capsys, postgres_url, tmp_path / "b.zip")
    files = table_files(first)
    assert set(files) == {f"tables/{t}.json" for t in db.metadata.tables}
    assert table_files(second) == files
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(second)).read("manifest.json"))
    assert manifest["schema_revision"] == migrations.head() and manifest["source"] == "postgresql"
    assert manifest["tables"]["visit_history"]["rows"] == 3


@needs_postgres
def test_restore_into_an_empty_postgres_lists_the_same_visits_and_takes_new_ones(
    capsys, source, postgres_url, tmp_path
):
    backup_of(capsys, source, tmp_path / "a.zip")
    assert run(capsys, "--db", postgres_url, "restore", str(tmp_path / "a.zip"))[0] == 0
    listing = [run(capsys, "--db", url, "visits", "list", "--format", "json") for url in (source, postgres_url)]
    assert listing[0][0] == listing[1][0] == 0
    assert json.loads(listing[1][1]) == json.loads(listing[0][1])
    visits = json.loads(listing[1][1])
    assert len(visits) > 80
    sites = json.loads(run(capsys, "--db", postgres_url, "sites", "list", "--format", "json")[1])
    # Sequences were moved past the restored ids: new rows get the next ids.
    code, out, err = run(
        capsys, "--db", postgres_url, "sites", "add", "--name", "새 현장", "--lat", "37.56", "--lon", "126.97"
    )
    assert code == 0 and int(out) == max(s["id"] for s in sites) + 1, err
    code, out, err = run(
        capsys, "--db", postgres_url, "visits", "add", "--title", "새 방문", "--site-id", out.strip(),
        "--start", "2022-03-21T10:00", "--end", "2022-03-21T11:00", "--category", "economy",
    )  # fmt: skip
    assert code == 0 and int(out) == max(v["id"] for v in visits) + 1, err


def test_restore_into_a_missing_sqlite_file_creates_it_and_keeps_everything(capsys, source, tmp_path):
    data = backup_of(capsys, source, tmp_path / "a.zip")
    target = f"sqlite:///{tmp_path / 'new' / 'restored.db'}"
    assert run(capsys, "--db", target, "restore", str(tmp_path / "a.zip"))[0] == 0
    assert table_files(backup_of(capsys, target, tmp_path / "b.zip")) == table_files(data)
    db.dispose_engine(target)


def test_restore_raises_the_data_version_so_every_cache_reloads(capsys, source, tmp_path):
    backup_of(capsys, source, tmp_path / "a.zip")
    target = f"sqlite:///{tmp_path / 'target.db'}"
    engine, _ = services.open_database(target, lambda: FIXED_NOW, create=True)
    for _ in range(5):
        services.add_category(uow_at(engine), f"c{_}x", "가", "A", "#123456", "policy")
    before = services.data_version(uow_at(engine))
    code, _, err = run(capsys, "--db", target, "restore", str(tmp_path / "a.zip"))
    assert code == 0, err
    assert services.data_version(uow_at(engine)) > before
    db.dispose_engine(target)


# ---------------------------------------------------------------- refusals


def test_restore_into_a_database_that_is_not_empty_is_refused_unless_force(capsys, source, tmp_path):
    data = backup_of(capsys, source, tmp_path / "a.zip")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    engine, _ = services.open_database(other, lambda: FIXED_NOW, create=True)
    services.add_site(uow_at(engine), services.SiteDraft("다른 현장", 37.5663, 126.9779))
    kept = backup_of(capsys, other, tmp_path / "kept.zip")
    code, _, err = run(capsys, "--db", other, "restore", str(tmp_path / "a.zip"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--force" in err and "sites 1" in err, err
    assert table_files(backup_of(capsys, other, tmp_path / "again.zip")) == table_files(kept)
    code, _, err = run(capsys, "--db", other, "restore", "--force", str(tmp_path / "a.zip"))
    assert code == 0, err
    assert table_files(backup_of(capsys, other, tmp_path / "after.zip")) == table_files(data)
    db.dispose_engine(other)


def _drop_table(name: str):  # type: ignore[no-untyped-def]
    def change(entries: dict[str, bytes]) -> dict[str, bytes]:
        manifest = json.loads(entries["manifest.json"])
        del manifest["tables"][name]
        del entries[f"tables/{name}.json"]
        entries["manifest.json"] = json.dumps(manifest).encode()
        return resealed(entries)

    return change


def _bad_json(entries: dict[str, bytes]) -> dict[str, bytes]:
    entries["tables/visits.json"] = entries["tables/visits.json"][:-20]
    return resealed(entries)


def _tampered(entries: dict[str, bytes]) -> dict[str, bytes]:
    entries["tables/visits.json"] = entries["tables/visits.json"].replace("둘".encode(), "셋".encode())
    return entries


def _newer(entries: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(entries["manifest.json"])
    manifest["schema_revision"] = "9999"
    entries["manifest.json"] = json.dumps(manifest).encode()
    return entries


def _file_gone(entries: dict[str, bytes]) -> dict[str, bytes]:
    del entries["tables/sites.json"]
    return entries


def _duplicate_id(entries: dict[str, bytes]) -> dict[str, bytes]:
    table = json.loads(entries["tables/sites.json"])
    table["rows"].append(table["rows"][0])
    entries["tables/sites.json"] = json.dumps(table).encode()
    manifest = json.loads(entries["manifest.json"])
    manifest["tables"]["sites"]["rows"] += 1
    entries["manifest.json"] = json.dumps(manifest).encode()
    return resealed(entries)


BAD_ARCHIVES = {
    "duplicate_id": (_duplicate_id, "rows of sites cannot be loaded"),
    "wrong_checksum": (_tampered, "does not match its checksum"),
    "missing_table": (_drop_table("visit_history"), "missing: visit_history"),
    "missing_file": (_file_gone, "lacks tables/sites.json"),
    "bad_json": (_bad_json, "not a valid table file"),
    "newer_revision": (_newer, "newer planner (schema revision 9999"),
    "not_a_zip": (lambda entries: None, "Not a planner backup archive"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARCHIVES))
@pytest.mark.parametrize("force", [False, True], ids=["empty_target", "force_over_data"])
def test_a_bad_archive_is_refused_in_one_line_and_changes_nothing(capsys, source, tmp_path, engine_url, case, force):
    change, needle = BAD_ARCHIVES[case]
    good = backup_of(capsys, source, tmp_path / "a.zip")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really" if case == "not_a_zip" else rewrite(good, change))
    if force:
        assert run(capsys, "--db", engine_url, "restore", str(tmp_path / "a.zip"))[0] == 0
    before = table_files(backup_of(capsys, engine_url, tmp_path / "before.zip"))
    code, out, err = run(capsys, "--db", engine_url, "restore", *(["--force"] if force else []), str(bad))
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert needle in err and "nothing was restored" in err, err
    assert out == ""
    assert table_files(backup_of(capsys, engine_url, tmp_path / "after.zip")) == before


def test_a_missing_archive_file_is_one_line(capsys, tmp_path, engine_url):
    code, _, err = run(capsys, "--db", engine_url, "restore", str(tmp_path / "nope.zip"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Cannot read the backup file" in err, err


def test_backup_out_is_written_whole_or_not_at_all(capsys, engine_url, tmp_path):
    code, _, err = run(capsys, "--db", engine_url, "backup", "--out", str(tmp_path / "no" / "such" / "dir" / "a.zip"))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "no").exists()


def test_restore_help_says_what_force_replaces(capsys):
    with pytest.raises(SystemExit):
        main(["restore", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--force" in out and "ALL its content" in out and "replaced by the archive" in out


def test_the_archive_is_generic_over_the_metadata(sample_uow):
    files = table_files(backup.make_archive(sample_uow))
    assert set(files) == {f"tables/{t.name}.json" for t in db.metadata.sorted_tables}
    visits = json.loads(files["tables/visits.json"])
    assert visits["columns"] == list(db.visits.columns.keys())
    assert len(visits["rows"]) == len(services.list_visits(sample_uow)) > 80


# ---------------------------------------------------------------- a live database


def test_backup_of_a_live_database_is_one_consistent_snapshot(sample_engine):
    """Writers update visits (each update: version + 1 and one history row, in one transaction)
    while backups are taken: in every archive each visit's version is 1 + its history rows.
    SQLite (what the issue asks) and PostgreSQL (where the backup asks for REPEATABLE READ)."""
    engine = sample_engine
    stop = threading.Event()
    updates = [0]

    def writer(visit_ids: list[int]) -> None:
        n = 0
        while not stop.is_set():
            visit_id = visit_ids[n % len(visit_ids)]
            n += 1
            try:
                visit = services.get_visit(uow_at(engine), visit_id)
                services.update_visit(uow_at(engine), visit_id, visit.version, {"notes": f"writer {n}"})
                updates[0] += 1
            except (StaleVersion, DatabaseBusy):
                continue

    threads = [threading.Thread(target=writer, args=([3, 4, 5, 6, 7],)) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        archives = []
        while len(archives) < 4 or updates[0] < 20:
            archives.append(backup.read_archive(backup.make_archive(uow_at(engine))))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert updates[0] >= 20
    seen_versions = set()
    for archive in archives:
        visits = archive.tables["visits"]
        history = archive.tables["visit_history"]
        counts: dict[int, int] = {}
        vid = history.columns.index("visit_id")
        for row in history.rows:
            counts[row[vid]] = counts.get(row[vid], 0) + 1
        for row in visits.rows:
            record = dict(zip(visits.columns, row, strict=True))
            assert record["version"] == 1 + counts.get(record["id"], 0), record["id"]
        seen_versions.add(tuple(r[visits.columns.index("version")] for r in visits.rows))
    assert len(seen_versions) > 1  # the backups really ran while the writers wrote
