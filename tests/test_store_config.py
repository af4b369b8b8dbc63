"""CHORUS_STORE and CHORUS_DATABASE_URL: defaults, precedence, every problem at once."""

from __future__ import annotations

import pytest

from chorus.problems import ConfigError
from chorus.store.config import StoreSettings


def test_default_is_a_sqlite_file_beside_the_settings_and_the_environment_wins(tmp_path):
    assert StoreSettings.from_settings({}, tmp_path, {}).url == f"sqlite:///{tmp_path / 'hub.db'}"
    given = {"CHORUS_STORE": {"url": "sqlite:////srv/hub.db", "retention_days": 30}}
    chosen = StoreSettings.from_settings(given, tmp_path, {"CHORUS_DATABASE_URL": "postgres://u@db/hub"})
    assert chosen.url == "postgresql+psycopg://u@db/hub" and chosen.backend == "postgresql"
    assert chosen.retention_days == 30


def test_every_problem_is_reported_at_once(tmp_path):
    bad = {"CHORUS_STORE": {"url": "mysql://x", "bogus": 1, "retention_days": -1,
                            "sqlite_synchronous": "off"}}
    with pytest.raises(ConfigError) as caught:
        StoreSettings.from_settings(bad, tmp_path, {})
    for words in ("unknown key 'bogus'", "retention_days", "sqlite_synchronous", "mysql:"):
        assert words in str(caught.value)
