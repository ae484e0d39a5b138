"""Every setting is in the README's settings table (datasette's habit), and parses its default."""

from pathlib import Path

from planner import config

ROOT = Path(__file__).resolve().parents[2]


def readme_settings_table() -> dict[str, tuple[str, str]]:
    """The rows of the README's settings table: variable -> (default, meaning)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        variable, default, meaning = cells
        assert variable not in rows, f"{variable} is in the settings table twice"
        rows[variable.strip("`")] = (default.strip("`"), meaning)
    return rows


def test_the_readme_settings_table_has_one_row_per_setting_and_no_other():
    rows = readme_settings_table()
    declared = [s.env for s in config.SETTINGS]
    assert sorted(rows) == sorted(declared)
    assert list(rows) == declared  # in the order of planner/config.py


def test_each_row_gives_the_declared_default_and_a_meaning():
    rows = readme_settings_table()
    for s in config.SETTINGS:
        default, meaning = rows[s.env]
        assert default.replace("<project>", str(config.PROJECT_ROOT)) == s.default, s.env
        assert meaning, s.env


def test_defaults_parse_and_environment_overrides():
    for s in config.SETTINGS:
        assert config.get(s.name, {}) is not None
    assert config.get("geocoder_timeout", {"PLANNER_GEOCODER_TIMEOUT": "7.5"}) == 7.5


def test_bad_value_names_the_variable():
    import pytest

    with pytest.raises(ValueError, match="PLANNER_GEOCODER_TIMEOUT"):
        config.get("geocoder_timeout", {"PLANNER_GEOCODER_TIMEOUT": "-1"})


def test_default_database_is_anchored_to_the_project():
    url = config.database_url({})
    assert url == f"sqlite:///{ROOT / 'data' / 'planner.db'}"


def test_feed_urls_use_the_apps_own_address_unless_a_feed_address_is_set(monkeypatch):
    from planner import feeds

    monkeypatch.delenv("PLANNER_FEED_BASE_URL", raising=False)
    monkeypatch.setenv("PLANNER_BASE_URL", "https://planner.seoul.example/")
    assert not config.is_set("feed_base_url") and config.is_set("base_url")
    assert feeds.feed_url("tok") == "https://planner.seoul.example/feeds/tok.ics"
    monkeypatch.setenv("PLANNER_FEED_BASE_URL", "https://feeds.seoul.example")
    assert feeds.feed_url("tok") == "https://feeds.seoul.example/feeds/tok.ics"
    assert feeds.feed_url("tok", "http://127.0.0.1:9") == "http://127.0.0.1:9/feeds/tok.ics"
