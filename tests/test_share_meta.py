"""Share tags a network reads: og:locale from the page's language on every page, and a home
page whose og:title and og:description say different things."""

from __future__ import annotations

import re

import pytest

from chorus.locales import og_locale


@pytest.mark.parametrize("language, locale", [
    ("en", "en_US"), ("ja", "ja_JP"), ("ar", "ar_AR"), ("he", "he_IL"), ("pt-BR", "pt_BR"),
    ("zh-Hant-TW", "zh_TW"), ("eo", "eo"), ("", "en_US"), ("EN_gb", "en_GB")])
def test_og_locale_from_a_language_tag(language, locale):
    assert og_locale(language) == locale


def meta(html: str, name: str) -> str:
    return re.search(rf'<meta property="{name}" content="([^"]*)"', html).group(1)


def test_every_page_has_og_locale_from_its_language(demo_site):
    for page in demo_site.rglob("*.html"):
        if page.relative_to(demo_site).parts[:2] == ("embed", "wall"):
            continue                    # the embeddable wall's frames live inside other sites' pages
        assert 'property="og:locale"' in page.read_text(encoding="utf-8"), page
    expected = {"stories/kenji-first-hundred-k/": "ja_JP", "stories/samir-wadi-rum-summit/": "ar_AR",
                "stories/yael-ramon-crater/": "he_IL", "stories/first-fifty-k/": "en_US", "": "en_US"}
    for page, locale in expected.items():
        assert meta((demo_site / page / "index.html").read_text(encoding="utf-8"), "og:locale") == locale


def test_home_og_title_and_description_differ(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert meta(home, "og:title") == "Ridgeline Stories"
    assert meta(home, "og:description") != meta(home, "og:title")
