"""The command line: contracts other scripts rely on (JSON keys, exit codes, nothing written on error)."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main

ROOT = Path(__file__).resolve().parents[2]
VISIT_KEYS = {
    "id",
    "uid",
    "version",
    "title",
    "category",
    "status",
    "start",
    "end",
    "site_id",
    "site_name",
    "district",
    "lat",
    "lon",
    "public",
    "important",
}


def run(capsys, db_url, *args):
    code = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def visits_json(capsys, db_url, *args):
    code, out, err = run(capsys, db_url, "visits", "list", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_sample_counts_match_the_2022_report(capsys, db_url):
    assert run(capsys, db_url, "init", "--sample")[0] == 0
    for year, expected in ((2021, (22, 14, 24)), (2022, (8, 7, 2))):
        counts = collections.Counter(v["category"] for v in visits_json(capsys, db_url, "--year", str(year)))
        policy = counts["economy"] + counts["safety"] + counts["welfare"]
        assert (counts["covid19"], policy, counts["district_coop"]) == expected


def test_sample_loads_once(capsys, db_url):
    assert run(capsys, db_url, "init", "--sample")[0] == 0
    code, _, err = run(capsys, db_url, "init", "--sample")
    assert code == 2 and err.count("\n") == 1


def test_visit_json_shape(capsys, db_url):
    run(capsys, db_url, "init", "--sample")
    visits = visits_json(capsys, db_url, "--year", "2021", "--category", "covid19")
    assert VISIT_KEYS <= set(visits[0])
    hyemin = next(v for v in visits if v["site_name"] == "혜민병원")
    assert hyemin["start"].startswith("2021-12-27T") and hyemin["start"].endswith("+09:00")
    assert hyemin["district"] == "광진구"


def test_sites_add_derives_district_and_lists_as_json(capsys, db_url):
    code, out, err = run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    assert code == 0, err
    site_id = int(out.strip())
    code, out, _ = run(capsys, db_url, "sites", "list", "--format", "json")
    sites = json.loads(out)
    assert {"id", "name", "address", "district", "lat", "lon", "kind"} <= set(sites[0])
    assert sites[0]["id"] == site_id and sites[0]["district"] == "중구"
    code, out, _ = run(capsys, db_url, "sites", "list", "--format", "csv")
    assert out.splitlines()[0].startswith("id,name,address,district")


def _add(capsys, db_url, *extra):
    return run(
        capsys, db_url, "visits", "add", "--title", "현장점검", "--site-name", "시청", "--category", "safety", *extra
    )


def test_visits_add_end_before_start_exits_2_and_adds_nothing(capsys, db_url):
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    code, out, err = _add(capsys, db_url, "--start", "2022-03-20T11:00", "--end", "2022-03-20T10:00")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert visits_json(capsys, db_url) == []


@pytest.mark.parametrize(
    "extra",
    [
        ("--start", "yesterday", "--end", "2022-03-20T10:00"),
        ("--start", "2022-03-20T10:00", "--end", "2022-03-20T11:00", "--status", "finished"),
    ],
)
def test_visits_add_bad_input_exits_2(capsys, db_url, extra):
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    code, _, err = _add(capsys, db_url, *extra)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert visits_json(capsys, db_url) == []


def test_visits_add_status_cancelled_is_refused_as_on_the_page(capsys, db_url, monkeypatch):
    """Issue 10: the starting statuses are a domain rule, no longer only the page's drop-down."""
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    code, out, err = _add(
        capsys, db_url, "--start", "2022-03-20T10:00", "--end", "2022-03-20T11:00", "--status", "cancelled"
    )
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "A new visit cannot start as 'cancelled' (choose proposed, approved, confirmed or done)."
    ]
    assert visits_json(capsys, db_url) == []
    code, _, _ = _add(capsys, db_url, "--start", "2022-03-20T10:00", "--end", "2022-03-20T11:00", "--status", "done")
    assert code == 0  # a past visit may be recorded as done


def test_an_overlapping_visit_is_saved_with_a_warning_on_stderr_and_exit_0(capsys, db_url, monkeypatch):
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    # A Wednesday in working hours: the overlap is the only thing to warn about.
    assert _add(capsys, db_url, "--start", "2022-03-16T10:00", "--end", "2022-03-16T11:00")[0] == 0
    code, out, err = _add(capsys, db_url, "--start", "2022-03-16T10:30", "--end", "2022-03-16T11:30")
    assert code == 0 and out.strip().isdigit()
    (line,) = err.strip().splitlines()
    assert line.startswith("Warning: Another visit at the same time: #1 현장점검")
    assert len(visits_json(capsys, db_url)) == 2


def test_unknown_site_or_category_exit_2(capsys, db_url):
    code, _, err = run(
        capsys,
        db_url,
        "visits",
        "add",
        "--title",
        "x",
        "--site-id",
        "42",
        "--category",
        "economy",
        "--start",
        "2022-03-20T10:00",
        "--end",
        "2022-03-20T11:00",
    )
    assert code == 2 and err.strip()
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    code, _, _ = run(
        capsys,
        db_url,
        "visits",
        "add",
        "--title",
        "x",
        "--site-name",
        "시청",
        "--category",
        "golf",
        "--start",
        "2022-03-20T10:00",
        "--end",
        "2022-03-20T11:00",
    )
    assert code == 2


def test_update_with_stale_version_exits_3_and_changes_nothing(capsys, db_url):
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    code, out, _ = _add(capsys, db_url, "--start", "2022-03-20T10:00", "--end", "2022-03-20T11:00", "--important")
    visit_id = out.strip()
    code, out, err = run(
        capsys,
        db_url,
        "visits",
        "update",
        visit_id,
        "--expect-version",
        "1",
        "--title",
        "새 제목",
        "--status",
        "approved",
    )
    assert code == 0, err
    assert out.strip() == "2"
    before = visits_json(capsys, db_url)
    code, out, err = run(capsys, db_url, "visits", "update", visit_id, "--expect-version", "1", "--title", "덮어쓰기")
    assert code == 3 and out == "" and len(err.strip().splitlines()) == 1
    assert visits_json(capsys, db_url) == before
    assert before[0]["title"] == "새 제목" and before[0]["status"] == "approved" and before[0]["important"] is True


def test_update_unknown_id_exits_2(capsys, db_url):
    code, _, err = run(capsys, db_url, "visits", "update", "999", "--expect-version", "1", "--title", "x")
    assert code == 2 and err.strip()


def test_illegal_status_change_exits_2(capsys, db_url):
    run(capsys, db_url, "sites", "add", "--name", "시청", "--lat", "37.5663", "--lon", "126.9779")
    _, out, _ = _add(capsys, db_url, "--start", "2022-03-20T10:00", "--end", "2022-03-20T11:00")
    code, _, err = run(capsys, db_url, "visits", "update", out.strip(), "--expect-version", "1", "--status", "done")
    assert code == 2 and err.strip()
    assert visits_json(capsys, db_url)[0]["status"] == "proposed"


def test_list_filters(capsys, db_url):
    run(capsys, db_url, "init", "--sample")
    district = visits_json(capsys, db_url, "--year", "2021", "--district", "Gwangjin-gu")
    assert district and all(v["district"] == "광진구" for v in district)
    window = visits_json(capsys, db_url, "--from", "2021-12-27", "--to", "2021-12-27")
    assert [v["site_name"] for v in window] == ["혜민병원"]
    code, _, err = run(capsys, db_url, "visits", "list", "--district", "Atlantis")
    assert code == 2 and err.strip()
    code, _, _ = run(capsys, db_url, "visits", "list", "--from", "2021-13-40")
    assert code == 2


def test_table_output_has_header(capsys, db_url):
    run(capsys, db_url, "init", "--sample")
    code, out, _ = run(capsys, db_url, "visits", "list", "--year", "2022")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["id", "start", "end"]


def test_module_entry_point_and_help_everywhere(tmp_path):
    """``python -m planner`` as a real process: --help on every command, env var for the database."""
    env = {**os.environ, "PLANNER_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PYTHONPATH": str(ROOT)}
    for args in (
        ["--help"],
        ["init", "--help"],
        ["sites", "add", "--help"],
        ["sites", "list", "--help"],
        ["visits", "add", "--help"],
        ["visits", "list", "--help"],
        ["visits", "update", "--help"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "planner", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, (args, result.stderr)
        assert "usage:" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "planner", "init"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and (tmp_path / "cli.db").exists()


def test_categories_add_and_list(capsys, db_url):
    code, out, err = run(
        capsys,
        db_url,
        "categories",
        "add",
        "--code",
        "culture",
        "--label-ko",
        "문화",
        "--label-en",
        "Culture",
        "--color",
        "#123456",
        "--report-group",
        "policy",
    )
    assert code == 0, err
    code, out, _ = run(capsys, db_url, "categories", "list", "--format", "json")
    assert [c["code"] for c in json.loads(out)][-1] == "culture"
    code, _, err = run(
        capsys, db_url, "categories", "add", "--code", "culture", "--label-ko", "문화", "--label-en", "Culture"
    )
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, _ = run(capsys, db_url, "categories", "add", "--code", "x y", "--label-ko", "a", "--label-en", "b")
    assert code == 2
