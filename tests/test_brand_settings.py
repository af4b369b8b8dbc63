"""CHORUS_BRAND as a new hub's owner meets it: the home page's copy comes from settings, a
missing logo is a configuration error, colours below WCAG AA warn on build and stop publish."""

from __future__ import annotations

import pytest

from chorus import site
from chorus.problems import ConfigError
from conftest import ROOT, make_settings

PALE = {"name": "Pale", "accent": "#ffcc00"}


def brand(**given) -> dict:
    from pelican.settings import read_settings

    return {**read_settings(str(ROOT / "pelicanconf.py"))["CHORUS_BRAND"], **given}


def test_the_home_page_copy_comes_from_settings(mini_content, tmp_path):
    output = tmp_path / "output"
    site.build(make_settings(mini_content, output, CHORUS_BRAND=brand(intro="Bakers, in their own words.")))
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Bakers, in their own words." in home and "Real runners" not in home
    generic = tmp_path / "generic"
    site.build(make_settings(mini_content, generic, CHORUS_BRAND=brand(intro="")))
    assert "Real runners" not in (generic / "index.html").read_text(encoding="utf-8")
    assert "Real runners" not in (ROOT / "theme" / "templates" / "index.html").read_text(encoding="utf-8")


def test_a_logo_that_does_not_exist_is_a_config_error(mini_content, tmp_path):
    with pytest.raises(ConfigError, match=r"logo 'theme/images/nope.svg' not found"):
        site.build(make_settings(mini_content, tmp_path / "output", CHORUS_BRAND=brand(logo="theme/images/nope.svg")))
    assert not (tmp_path / "output" / "index.html").exists()
    site.build(make_settings(mini_content, tmp_path / "none", CHORUS_BRAND=brand(logo="")))
    assert 'class="brand-logo"' not in (tmp_path / "none" / "index.html").read_text(encoding="utf-8")


def test_low_contrast_colours_warn_on_build_and_stop_a_publish(mini_content, tmp_path, warnings_log):
    site.build(make_settings(mini_content, tmp_path / "dev", CHORUS_BRAND=brand(**PALE)))
    assert any("accent on paper has a contrast of" in m for m in warnings_log.messages())
    with pytest.raises(ConfigError, match="below WCAG AA contrast cannot be published"):
        site.build(make_settings(mini_content, tmp_path / "web", CHORUS_BRAND=brand(**PALE),
                                 SITEURL="https://stories.example.com"))
    assert not (tmp_path / "web" / "index.html").exists()
