"""The CLI's refusals are one line in the user's language (issue 9, items 16 and 17).

argparse's own errors (a missing or unknown argument, a bad choice or number) say what is wrong
and point at the command's ``--help``, exit 2, and print no usage block; domain refusals fill
every placeholder (``{field}``, ``{max}``) in both languages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main

ROOT = Path(__file__).resolve().parents[2]

# (arguments, a word the line must hold) for argparse's refusals
USAGE_ERRORS = [
    ([], "COMMAND"),
    (["nosuch"], "nosuch"),
    (["visits"], "ACTION"),
    (["visits", "add", "--site-id", "1"], "--title"),
    (["visits", "list", "--year", "abc"], "abc"),
    (["visits", "list", "--format", "xml"], "xml"),
    (["visits", "list", "--bogus"], "--bogus"),
    (["visits", "list", "--year"], "--year"),
    (["visits", "add", "--title", "t", "--site-id", "1", "--site-name", "x"], "--site-name"),
    (["visits", "update", "x", "--expect-version", "1"], "x"),
    (["sites", "add", "--name", "a", "--lat", "north", "--lon", "1"], "north"),
    (["report", "--year", "2021", "--format", "pdf"], "pdf"),
    (["councillors", "add", "--name", "a", "--district", "중구", "--role", "king"], "king"),
]


def usage_error(capsys, monkeypatch, language, args):
    monkeypatch.setenv("PLANNER_LANGUAGE", language)
    with pytest.raises(SystemExit) as stop:
        main(args)
    out, err = capsys.readouterr()
    return stop.value.code, out, err


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("args, word", USAGE_ERRORS, ids=[" ".join(a) or "nothing" for a, _ in USAGE_ERRORS])
def test_usage_error_is_one_line_naming_the_problem_and_help(capsys, monkeypatch, tmp_path, language, args, word):
    code, out, err = usage_error(capsys, monkeypatch, language, ["--db", f"sqlite:///{tmp_path / 'x.db'}", *args])
    assert code == 2 and out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "usage:" not in err and word in err and "--help" in err
    assert not (tmp_path / "x.db").exists()  # refused before anything is opened


def test_usage_error_speaks_the_users_language(capsys, monkeypatch):
    _, _, ko = usage_error(capsys, monkeypatch, "ko", ["visits", "list", "--year", "abc"])
    _, _, en = usage_error(capsys, monkeypatch, "en", ["visits", "list", "--year", "abc"])
    assert "정수" in ko and "도움말: python -m planner visits list --help" in ko
    assert "'abc' is not a valid whole number" in en and "See python -m planner visits list --help" in en
    _, _, ko = usage_error(capsys, monkeypatch, "ko", ["visits", "add", "--site-id", "1"])
    assert "필요한 인자가 없습니다: --title, --start, --end, --category" in ko


def test_help_still_prints_the_whole_usage(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["visits", "list", "--help"])
    assert stop.value.code == 0 and "usage:" in capsys.readouterr().out


def test_usage_error_from_a_real_process_has_no_usage_block(tmp_path):
    env = {**os.environ, "PLANNER_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PLANNER_LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "planner", "visits", "list", "--from"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert (
        result.stderr
        == "python -m planner visits list: --from needs a value. See python -m planner visits list --help\n"
    )


@pytest.mark.parametrize(
    "language, args, expected",
    [
        ("en", ["sites", "add", "--name", " ", "--lat", "37.56", "--lon", "126.97"], "Required: Site name"),
        ("ko", ["sites", "add", "--name", " ", "--lat", "37.56", "--lon", "126.97"], "필수 항목입니다: 장소 이름"),
        ("en", ["categories", "add", "--code", "abc", "--label-ko", " ", "--label-en", "x"], "Required: Korean label"),
    ],
)
def test_required_field_message_names_the_field(capsys, monkeypatch, db_url, language, args, expected):
    monkeypatch.setenv("PLANNER_LANGUAGE", language)
    code = main(["--db", db_url, *args])
    err = capsys.readouterr().err
    assert code == 2 and err == expected + "\n"


@pytest.mark.parametrize(
    "language, expected",
    [("en", "Title is too long (at most 200 characters)."), ("ko", "제목이(가) 너무 깁니다 (최대 200자).")],
)
def test_over_long_title_message_fills_field_and_max(capsys, monkeypatch, db_url, language, expected):
    monkeypatch.setenv("PLANNER_LANGUAGE", language)
    assert main(["--db", db_url, "sites", "add", "--name", "현장", "--lat", "37.5663", "--lon", "126.9779"]) == 0
    capsys.readouterr()
    code = main(
        [
            "--db",
            db_url,
            "visits",
            "add",
            "--title",
            "가" * 201,
            "--site-name",
            "현장",
            "--start",
            "2022-03-20T10:00",
            "--end",
            "2022-03-20T11:00",
            "--category",
            "economy",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err == expected + "\n"
