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
