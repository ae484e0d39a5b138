"""Every setting is in the README's settings table (datasette's habit), and parses its default."""

from pathlib import Path

from planner import config

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in config.SETTINGS if f"`{s.env}`" not in readme]
    assert missing == []


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
