"""Issue 13 on the command line: ``users add|list|set-role``, ``visits history``, ``visits restore``,
``audit list`` and ``--as``; the acceptance lines (kim edits, lee undoes; a viewer's approve exits 2
naming the role). The OS user is pinned (``getpass.getuser``): the CLI acts as it unless ``--as``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from planner import cli
from planner.cli import main

OS_USER = "boss"


@pytest.fixture
def office(capsys, db_url, monkeypatch):
    """The sample, the OS user registered as admin, kim and lee schedulers, vera a viewer."""
    monkeypatch.setattr(cli.getpass, "getuser", lambda: OS_USER)
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    assert run(capsys, db_url, "init", "--sample")[0] == 0
    assert run(capsys, db_url, "users", "add", OS_USER, "--role", "admin") == (0, "boss\n", "")
    for name, role in (("kim", "scheduler"), ("lee", "scheduler"), ("vera", "viewer")):
        assert run(capsys, db_url, "users", "add", name, "--role", role)[0] == 0
    return db_url


def run(capsys, db_url, *args):
    code = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def proposed_visit(capsys, url) -> dict:
    code, out, _ = run(capsys, url, "visits", "list", "--status", "proposed", "--format", "json")
    return json.loads(out)[0]


def test_users_list_as_json(capsys, office):
    code, out, _ = run(capsys, office, "users", "list", "--format", "json")
    users = {u["name"]: u for u in json.loads(out)}
    assert code == 0 and {n: u["role"] for n, u in users.items()} == {
        "boss": "admin",
        "kim": "scheduler",
        "lee": "scheduler",
        "vera": "viewer",
    }
    assert set(users["kim"]) == {"name", "role", "display_name", "active", "created"} and users["kim"]["active"]


def test_an_edit_by_kim_and_an_undo_by_lee_in_the_history(capsys, office):
    visit = proposed_visit(capsys, office)
    vid, version = str(visit["id"]), visit["version"]
    code, out, err = run(
        capsys, office, "--as", "kim", "visits", "update", vid, "--expect-version", str(version), "--title", "김의 제목"
    )
    assert (code, out) == (0, f"{version + 1}\n"), err
    code, out, err = run(
        capsys, office, "--as", "lee", "visits", "restore", vid, str(version), "--expect-version", str(version + 1)
    )
    assert (code, out) == (0, f"{version + 2}\n"), err
    code, out, _ = run(capsys, office, "visits", "history", vid, "--format", "json")
    history = json.loads(out)
    assert [(h["version"], h["actor"], h["changes"]) for h in history] == [
        (version + 2, "lee", {"title": {"from": "김의 제목", "to": visit["title"]}}),
        (version + 1, "kim", {"title": {"from": visit["title"], "to": "김의 제목"}}),
    ]
    assert all(set(h) == {"version", "at", "actor", "changes"} for h in history)
    code, out, _ = run(capsys, office, "visits", "history", vid)
    assert code == 0 and "kim" in out and "lee" in out


def test_a_viewers_approve_exits_2_naming_the_role(capsys, office, monkeypatch):
    visit = proposed_visit(capsys, office)
    args = ("visits", "update", str(visit["id"]), "--expect-version", str(visit["version"]), "--status", "approved")
    code, out, err = run(capsys, office, "--as", "vera", *args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "viewer" in err and "visit.approve" in err
    assert proposed_visit(capsys, office)["id"] == visit["id"]  # still proposed
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "vera")
    code, _, err = run(capsys, office, *args)  # as the OS user vera, without --as
    assert code == 2 and "viewer" in err


def test_as_is_allowed_to_admins_and_in_local_mode_only(capsys, office, db_url, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "kim")
    code, out, err = run(capsys, office, "--as", "lee", "sites", "list")
    assert code == 2 and "--as lee" in err and err.count("\n") == 1
    assert run(capsys, office, "--as", "kim", "sites", "list")[0] == 0  # oneself
    # Local mode (no user registered): anyone may name anyone; the name goes in the trail.
    import sqlite3

    local = tmp_path / "local.db"
    sqlite3.connect(local).close()
    url = f"sqlite:///{local}"
    assert (
        run(capsys, url, "--as", "park", "sites", "add", "--name", "p", "--lat", "37.5665", "--lon", "126.978")[0] == 0
    )
    code, out, _ = run(capsys, url, "audit", "list", "--format", "json")
    assert [(e["actor"], e["action"]) for e in json.loads(out)] == [("park", "site.add")]


def test_audit_list_json_and_csv_filtered_by_actor(capsys, office):
    visit = proposed_visit(capsys, office)
    run(capsys, office, "--as", "kim", "visits", "update", str(visit["id"]), "--expect-version", "1", "--notes", "메모")
    code, out, _ = run(capsys, office, "audit", "list", "--actor", "kim", "--format", "json")
    (entry,) = json.loads(out)
    assert code == 0 and set(entry) == {"at", "actor", "action", "entity", "entity_id", "before", "after"}
    assert (entry["actor"], entry["action"], entry["entity"], entry["entity_id"]) == (
        "kim",
        "visit.edit",
        "visit",
        str(visit["id"]),
    )
    assert entry["before"] == {"notes": ""} and entry["after"] == {"notes": "메모"}
    code, out, _ = run(capsys, office, "audit", "list", "--from", "2000-01-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert code == 0 and list(rows[0]) == ["at", "actor", "action", "entity", "entity_id", "before", "after"]
    assert (rows[0]["actor"], rows[0]["action"], rows[0]["before"]) == ("boss", "sample.load", "")
    assert json.loads(rows[-1]["after"]) == {"notes": "메모"}
    # A scheduler may not read the trail.
    code, _, err = run(capsys, office, "--as", "kim", "audit", "list")
    assert code == 2 and "scheduler" in err


def test_set_role(capsys, office):
    assert run(capsys, office, "users", "set-role", "vera", "approver")[:2] == (0, "vera approver\n")
    code, _, err = run(capsys, office, "users", "set-role", "boss", "viewer")
    assert code == 2 and "admin" in err
    code, _, err = run(capsys, office, "users", "set-role", "nobody", "viewer")
    assert code == 2
