"""ruff (lint + format check) is part of the one test command, so CI and developers run it alike."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _ruff() -> list[str]:
    if shutil.which("ruff"):
        return ["ruff"]
    return [sys.executable, "-m", "ruff"]


def test_ruff_check():
    try:
        result = subprocess.run([*_ruff(), "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        pytest.fail("ruff is not installed: python -m pip install -r requirements-dev.txt")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check():
    result = subprocess.run([*_ruff(), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_never_imports_streamlit():
    offenders = []
    for path in (ROOT / "planner").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "planner").parts[:1]:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith(("import streamlit", "from streamlit")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_mypy_on_the_core():
    """The type checker over planner/ ([tool.mypy] in pyproject.toml); a `# type: ignore` left
    without need fails too (warn_unused_ignores)."""
    pytest.importorskip("mypy", reason="mypy is not installed: python -m pip install -r requirements-dev.txt")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
