"""What the page tracker (plugins/chorus_incremental/pages.py) digests of Pelican's objects
and of the theme, unit by unit (the whole builds are in test_incremental_pages.py)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, PrefixLoader
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from chorus_incremental.pages import PageTracker, _loader_key


def tracker(tmp_path: Path) -> tuple[PageTracker, dict]:
    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache"), "PLUGIN_PATHS": []}
    return PageTracker(settings, {}, tmp_path / "output"), settings


def test_a_tag_category_or_author_is_digested_by_its_name_and_slug(tmp_path):
    pages, settings = tracker(tmp_path)
    digest = pages.digests.digest
    for kind in (Tag, Category, Author):
        assert digest([kind("coffee", settings)]) == digest([kind("coffee", settings)])
        assert digest([kind("coffee", settings)]) != digest([kind("tea", settings)]), kind
        assert digest(kind("Café ☕", settings)) != digest(kind("Café", settings))
    assert digest({"tags": [Tag("first race", settings)]}) != digest({"tags": [Tag("first marathon", settings)]})


def _theme(folder: Path, text: str) -> Path:
    (folder / "partials").mkdir(parents=True)
    (folder / "page.html").write_text(text, encoding="utf-8")
    (folder / "partials" / "card.html").write_text("<li>{{ title }}</li>", encoding="utf-8")
    return folder


def _environment(theme: Path, simple: Path) -> Environment:
    """As Pelican makes one for each generator."""
    return Environment(loader=ChoiceLoader([
        FileSystemLoader(str(theme)),
        PrefixLoader({"!simple": FileSystemLoader(str(simple)), "!theme": FileSystemLoader(str(theme))})]))


def test_environments_with_loaders_configured_alike_share_one_templates_digest(tmp_path):
    theme, simple = _theme(tmp_path / "theme", "<h1>{{ title }}</h1>"), _theme(tmp_path / "simple", "")
    other = _theme(tmp_path / "other", "<h2>{{ title }}</h2>")
    first, second = _environment(theme, simple), _environment(theme, simple)
    assert _loader_key(first.loader) == _loader_key(second.loader) is not None
    assert _loader_key(_environment(other, simple).loader) != _loader_key(first.loader)
    assert _loader_key(ChoiceLoader([DictLoader({"page.html": "x"})])) is None

    pages, _ = tracker(tmp_path)
    digest = pages._templates_digest
    assert digest(first.get_template("page.html")) == digest(second.get_template("page.html"))
    assert digest(_environment(other, simple).get_template("page.html")) != digest(first.get_template("page.html"))
    dict_env = Environment(loader=DictLoader({"page.html": "<h1>{{ title }}</h1>"}))
    changed = Environment(loader=DictLoader({"page.html": "<h1>{{ title }}!</h1>"}))
    assert digest(dict_env.get_template("page.html")) != digest(changed.get_template("page.html"))
