"""Caches and incremental output never change what a build produces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chorus import site
from chorus.buildcache import CacheSettings, RenderCache
from chorus.problems import ConfigError, ContentError
from conftest import FIXTURES, make_settings


def tree(root: Path) -> dict[str, bytes]:
    """Every output file's bytes, except Pagefind's search bundle: Pagefind 1.5.2 names and
    orders its index chunks differently on every run over the same pages (tests/test_search.py
    checks the bundle; a rebuild with no changed page keeps it byte for byte)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != "pagefind"}


def build(content: Path, output: Path, cache: Path, today: str = "2026-11-22") -> None:
    site.build(make_settings(content, output, today=today, CACHE_PATH=str(cache)))


@pytest.fixture
def hub(tmp_path) -> Path:
    content = shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    story = (content / "stories" / "first-fifty-k.md").read_text()
    (content / "stories" / "second-wind.md").write_text(story.replace("Featured: yes\n", ""))
    return content


def change(content: Path) -> None:
    """One edit, one approval, one withdrawal."""
    first = content / "stories" / "first-fifty-k.md"
    first.write_text(first.read_text() + "\nA moderator fixed a typo here.\n")
    story = first.read_text().replace("Featured: yes\n", "")
    (content / "stories" / "new-approval.md").write_text(story.replace("The fifty", "Another fifty"))
    second = content / "stories" / "second-wind.md"
    second.write_text(second.read_text().replace("Approved_by:", "Status: withdrawn\nApproved_by:"))


def test_warm_rebuild_after_changes_equals_a_cold_build(hub, tmp_path):
    warm_out, warm_cache = tmp_path / "warm", tmp_path / "warm-cache"
    build(hub, warm_out, warm_cache)
    assert (warm_out / "stories" / "second-wind" / "index.html").exists()
    change(hub)
    build(hub, warm_out, warm_cache)
    build(hub, tmp_path / "cold", tmp_path / "cold-cache")
    warm, cold = tree(warm_out), tree(tmp_path / "cold")
    assert warm.keys() == cold.keys()
    assert [name for name in warm if warm[name] != cold[name]] == []
    assert "stories/second-wind/index.html" not in warm  # withdrawn: the stale page is gone
    assert not (warm_out / "stories" / "second-wind").exists()  # and so is its folder
    assert "another fifty" in warm["stories/new-approval/index.html"].decode().lower()
    assert b"fixed a typo" in warm["stories/first-fifty-k/index.html"]


def test_unchanged_files_are_not_rewritten(hub, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache)
    page = out / "how-it-works" / "index.html"
    before = page.stat().st_mtime_ns
    build(hub, out, cache)
    assert page.stat().st_mtime_ns == before
    assert not (out / ".chorus-build-started").exists()


def test_retained_and_unrelated_files(hub, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref")
    (out / "old-page.html").write_text("stale")
    build(hub, out, cache)
    assert (out / ".git" / "HEAD").exists()  # OUTPUT_RETENTION is respected
    assert not (out / "old-page.html").exists()  # anything this build did not make is removed


def test_problems_are_reported_on_every_build_even_with_a_warm_cache(hub, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache)
    bad = hub / "stories" / "broken.md"
    bad.write_text((hub / "stories" / "first-fifty-k.md").read_text().replace("Date:", "Datum:"))
    for _ in range(2):
        with pytest.raises(ContentError, match="broken.md"):
            build(hub, out, cache)


def test_scheduled_story_appears_on_its_day_with_a_warm_cache(hub, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    later = (hub / "stories" / "first-fifty-k.md").read_text().replace(
        "Date: 2026-11-03T07:45:00-07:00", "Date: 2026-11-25T07:45:00-07:00")
    (hub / "stories" / "later.md").write_text(later.replace("Featured: yes\n", ""))
    build(hub, out, cache, today="2026-11-22")
    assert not (out / "stories" / "later").exists()
    build(hub, out, cache, today="2026-11-25")
    assert (out / "stories" / "later" / "index.html").exists()


def test_render_cache_keys_on_text_and_trust(tmp_path):
    cache = RenderCache(tmp_path / "c.json", "f1")
    calls = []
    assert cache.html("*a*", False, lambda: calls.append(1) or "<p>a</p>") == "<p>a</p>"
    cache.save()
    again = RenderCache(tmp_path / "c.json", "f1")
    assert again.html("*a*", False, lambda: "fresh") == "<p>a</p>"
    assert again.html("*a*", True, lambda: "trusted") == "trusted"
    assert RenderCache(tmp_path / "c.json", "f2").html("*a*", False, lambda: "new") == "new"


def test_render_cache_forgets_entries_a_build_did_not_use(tmp_path):
    first = RenderCache(tmp_path / "c.json", "f")
    first.html("withdrawn story", False, lambda: "<p>secret</p>")
    first.save()
    second = RenderCache(tmp_path / "c.json", "f")
    second.html("other", False, lambda: "<p>other</p>")
    second.save()
    assert "secret" not in (tmp_path / "c.json").read_text()


def test_cache_settings_report_every_bad_key():
    with pytest.raises(ConfigError) as err:
        CacheSettings.from_settings({"CHORUS_CACHE": {"rendr": True, "render": "yes"}})
    assert "rendr" in str(err.value) and "'render' must be True or False" in str(err.value)
    assert CacheSettings.from_settings({}) == CacheSettings()


def test_unchanged_feeds_are_not_rendered_again_and_changed_ones_are(hub, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache)
    feeds = {p: p.stat().st_mtime_ns for p in (out / "feeds").rglob("*") if p.is_file()}
    story = hub / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text() + "\nA late addition to the story.\n")
    build(hub, out, cache)
    changed = sorted(p.relative_to(out).as_posix() for p, mtime in feeds.items()
                     if p.stat().st_mtime_ns != mtime)
    assert "feeds/stories.atom.xml" in changed and "feeds/tags/ultrarunning.rss.xml" in changed
    assert "feeds/testimonials.atom.xml" not in changed and "feeds/prompts.json" not in changed
    assert b"A late addition" in (out / "feeds" / "stories.atom.xml").read_bytes()


def test_a_rebuild_makes_only_the_feed_entries_whose_inputs_changed(hub, tmp_path):
    from unittest import mock

    from chorus_feeds import unchanged

    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache)
    with mock.patch.object(unchanged, "from_inputs", wraps=unchanged.from_inputs) as made:
        build(hub, out, cache)
        assert made.call_count == 0
        story = hub / "stories" / "first-fifty-k.md"
        story.write_text(story.read_text() + "\nA late addition to the story.\n")
        build(hub, out, cache)
        assert [call.args[0][1] for call in made.call_args_list] == ["first-fifty-k"]
    assert b"A late addition" in (out / "feeds" / "stories.atom.xml").read_bytes()


def test_a_feed_changed_or_deleted_by_hand_is_written_again(hub, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache)
    edited, deleted = out / "feeds" / "testimonials.atom.xml", out / "feeds" / "testimonials.rss.xml"
    right = edited.read_bytes()
    edited.write_bytes(right.replace(b"<title>", b"<title>Hacked "))
    deleted.unlink()
    build(hub, out, cache)
    assert edited.read_bytes() == right
    assert deleted.is_file()


def test_feed_digests_follow_content_format_and_renderer():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from chorus_feeds.model import Author, Feed, Item
    from chorus_feeds.unchanged import FeedDigests

    moment = dt.datetime(2026, 11, 1, tzinfo=ZoneInfo("America/Denver"))

    def feed(title: str, body: str) -> Feed:
        item = Item("tag:x,2026-11-01:s", "https://x.example/s/", title, f"<p>{body}</p>", body,
                    moment, moment, Author("Maya"))
        return Feed("stories", "Feed", "About", "https://x.example/", {"atom": "https://x.example/f"},
                    Author("Hub"), (item,))

    digests = FeedDigests("renderer-1")
    same = digests.digest(feed("Title", "Body"), "atom")
    assert FeedDigests("renderer-1").digest(feed("Title", "Body"), "atom") == same
    assert digests.digest(feed("Title", "Body!"), "atom") != same
    assert digests.digest(feed("Title 2", "Body"), "atom") != same
    assert digests.digest(feed("Title", "Body"), "rss") != same
    assert FeedDigests("renderer-2").digest(feed("Title", "Body"), "atom") != same


def test_an_edited_template_is_used_on_the_next_build_despite_the_template_cache(hub, tmp_path):
    from conftest import ROOT

    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    out, cache = tmp_path / "out", tmp_path / "cache"
    settings = dict(CACHE_PATH=str(cache), THEME=str(theme))
    site.build(make_settings(hub, out, **settings))
    assert any((cache / "jinja").iterdir())
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("Skip to content", "Jump to the stories"))
    site.build(make_settings(hub, out, **settings))
    assert "Jump to the stories" in (out / "index.html").read_text(encoding="utf-8")
