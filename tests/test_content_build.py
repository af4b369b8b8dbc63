"""Real Pelican builds of small content folders with the Chorus plugins."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus import site
from chorus.problems import ContentError
from conftest import make_settings


def build(content: Path, tmp_path: Path, **overrides) -> Path:
    output = tmp_path / "output"
    site.build(make_settings(content, output, **overrides))
    return output


def test_mini_hub_builds_every_page_type_without_warnings(mini_content, tmp_path, warnings_log):
    output = build(mini_content, tmp_path)
    for page in ("index.html", "404.html", "archives/index.html", "tags/index.html",
                 "stories/first-fifty-k/index.html", "testimonials/index.html",
                 "testimonials/maya-scree-grip/index.html", "advocates/index.html",
                 "advocates/maya-okafor/index.html", "how-it-works/index.html",
                 "submit/index.html", "tags/ultrarunning/index.html"):
        assert (output / page).is_file(), page
    assert warnings_log.messages() == []


def test_invalid_file_fails_the_build_and_writes_nothing(mini_content, tmp_path):
    (mini_content / "stories" / "broken.md").write_text(
        "Title: Broken\nDate: 2026-02-30\nAdvocate: maya-okafor\nApproved_by: J\n"
        "Approved_on: 2026-03-01\nSave_as: ../../evil.html\n\nBody\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(mini_content, tmp_path)
    report = str(raised.value)
    assert "stories/broken.md:2: date: '2026-02-30' is not a real calendar day" in report
    assert "stories/broken.md:6: save_as: is a Pelican override" in report
    assert not (tmp_path / "output" / "index.html").exists()
    assert not (tmp_path / "evil.html").exists()


def test_keep_going_publishes_the_rest_and_lists_what_was_left_out(mini_content, tmp_path, warnings_log):
    (mini_content / "stories" / "broken.md").write_text("Title: Broken\n\nBody\n", encoding="utf-8")
    output = build(mini_content, tmp_path, CHORUS_KEEP_GOING=True)
    assert (output / "stories/first-fifty-k/index.html").is_file()
    assert not (output / "stories/broken").exists()
    report = "\n".join(warnings_log.messages())
    assert "left out of the build" in report
    assert "stories/broken.md:1: date: is required for a story" in report


def test_scheduled_and_withdrawn_stories_stay_out_until_due(mini_content, tmp_path, warnings_log):
    story = (mini_content / "stories" / "first-fifty-k.md").read_text(encoding="utf-8")
    (mini_content / "stories" / "tomorrow.md").write_text(
        story.replace("2026-11-03T07:45:00-07:00", "2026-11-23T00:30:00-07:00")
             .replace("The fifty kilometres", "Tomorrow's secret"), encoding="utf-8")
    (mini_content / "stories" / "gone.md").write_text(
        story.replace("Featured: yes", "Status: withdrawn").replace("The fifty kilometres", "Withdrawn tale"),
        encoding="utf-8")
    today = build(mini_content, tmp_path / "a", today="2026-11-22")
    everything = "".join(p.read_text(encoding="utf-8") for p in today.rglob("*.html"))
    assert "Tomorrow" not in everything and "Withdrawn tale" not in everything
    assert not (today / "stories" / "tomorrow").exists()
    due = build(mini_content, tmp_path / "b", today="2026-11-23")
    assert (due / "stories" / "tomorrow" / "index.html").is_file()
    assert not (due / "stories" / "gone").exists()
    assert warnings_log.messages() == []


def test_story_html_is_sanitised_at_build_time(mini_content, tmp_path):
    path = mini_content / "stories" / "first-fifty-k.md"
    path.write_text(path.read_text(encoding="utf-8") +
                    '\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n'
                    '[click](javascript:alert(3)) <a href="data:text/html,x">d</a>\n', encoding="utf-8")
    page = (build(mini_content, tmp_path) / "stories/first-fifty-k/index.html").read_text(encoding="utf-8")
    body = page.split('<div class="prose">')[1].split("</div>")[0]
    for needle in ("<script", "onerror", "javascript:", "data:text", "<img"):
        assert needle not in body


def test_files_no_part_of_the_hub_reads_are_reported_not_dropped(mini_content, tmp_path):
    (mini_content / "storys").mkdir()
    (mini_content / "storys" / "typo.md").write_text("Title: Lost\n\nBody\n", encoding="utf-8")
    (mini_content / "notes.md").write_text("Title: Loose\n\nBody\n", encoding="utf-8")
    (mini_content / "stories" / "legacy.rst").write_text("Legacy\n======\n\nBody\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(mini_content, tmp_path)
    report = str(raised.value)
    assert "storys/typo.md:1: path: is not in a content folder" in report
    assert "notes.md:1: path: is not in a content folder" in report
    assert "stories/legacy.rst:1: file name: only Markdown '.md' files are read" in report


def test_story_urls_follow_the_url_settings_everywhere(mini_content, tmp_path):
    """Story URLs are worked out once per build (see finalize._fix_urls); pages, feeds
    and cards must still all agree with ARTICLE_URL / ARTICLE_SAVE_AS."""
    from site_checks import broken_links

    output = build(mini_content, tmp_path, ARTICLE_URL="read/{date:%Y}/{slug}/",
                   ARTICLE_SAVE_AS="read/{date:%Y}/{slug}/index.html",
                   ARTICLE_LANG_URL="read/{date:%Y}/{slug}/")
    assert (output / "read/2026/first-fifty-k/index.html").is_file()
    assert not (output / "stories/first-fifty-k").exists()
    assert broken_links(output) == []
    assert '/read/2026/first-fifty-k/"' in (output / "index.html").read_text(encoding="utf-8")
    assert "/read/2026/first-fifty-k/</link>" in (output / "feeds/stories.rss.xml").read_text(encoding="utf-8")
