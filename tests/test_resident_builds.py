"""Many builds in one process (the publisher's case) keep nothing of earlier builds alive."""

from __future__ import annotations

import gc
import weakref

import pytest
from pelican import signals

from chorus import site
from tests.conftest import make_settings


def test_a_build_leaves_none_of_its_content_objects_alive(mini_content, tmp_path):
    """Pelican memoizes Content.get_content/get_summary per object in process-wide caches;
    without emptying them every build's articles (and all they refer to) stayed alive, and
    a publisher grew by one hub per build."""
    seen: list[weakref.ref] = []

    def remember(generator):
        seen.extend(weakref.ref(article) for article in generator.articles)

    signals.article_generator_finalized.connect(remember)
    try:
        for number in range(2):
            settings = make_settings(mini_content, tmp_path / f"output-{number}")
            site.build(settings)
    finally:
        signals.article_generator_finalized.disconnect(remember)
    gc.collect()
    assert seen, "the build produced no articles to watch"
    first_build = seen[: len(seen) // 2]
    alive = [ref() for ref in first_build if ref() is not None]
    assert not alive, f"{len(alive)} article(s) of the first build still alive: {alive[:3]}"


def test_a_failed_build_leaves_none_of_its_content_objects_alive(mini_content, tmp_path):
    """Also when the build fails after its pages were rendered (the caches were filled)."""
    seen: list[weakref.ref] = []

    def remember(generator):
        seen.extend(weakref.ref(article) for article in generator.articles)

    def fail(_pelican):
        raise RuntimeError("a plugin failed after the pages were written")

    signals.article_generator_finalized.connect(remember)
    signals.finalized.connect(fail)
    try:
        with pytest.raises(RuntimeError, match="after the pages were written"):
            site.build(make_settings(mini_content, tmp_path / "output"))
    finally:
        signals.article_generator_finalized.disconnect(remember)
        signals.finalized.disconnect(fail)
    gc.collect()
    assert seen, "the build produced no articles to watch"
    assert all(ref() is None for ref in seen)
