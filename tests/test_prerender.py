"""Cold builds render Markdown on every core first; what Pelican reads is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chorus import site, sanitize
from conftest import make_settings


def _stories(content: Path, count: int) -> list[Path]:
    original = (content / "stories" / "first-fifty-k.md").read_text(encoding="utf-8")
    story = original.replace("Featured: yes\n", "").replace("Prompt: 2026-11-03\n", "")
    paths = []
    for number in range(count):
        path = content / "stories" / f"story-{number:02d}.md"
        path.write_text(story.replace("The fifty kilometres", f"Story {number}: the fifty kilometres")
                        + f"\nA \"quoted\" line -- number {number}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def _reader(content: Path, tmp_path: Path):
    from chorus_content.reader import ChorusReader

    return ChorusReader(make_settings(content, tmp_path / "output"))


def test_prepared_reads_equal_plain_reads_and_invalid_bodies_are_never_rendered(mini_content, tmp_path, monkeypatch):
    paths = _stories(mini_content, 20)
    paths[0].write_text(paths[0].read_text() + "\n[[[ \x00 a control character\n")   # invalid
    paths[1].write_text(paths[1].read_text().replace("Approved_by:", "Status: withdrawn\nApproved_by:"))
    jobs_seen = []
    real = sanitize.render_many

    def spy(jobs, workers, on_done=None):
        jobs_seen.extend(jobs)
        return real(jobs, workers, on_done)

    monkeypatch.setattr("chorus_content.reader.render_many", spy)
    prepared = _reader(mini_content, tmp_path)
    sources = [str(p) for p in sorted((mini_content / "stories").glob("*.md"))]
    assert prepared.prepare(sources, workers=2) == 19   # 21 files, one invalid, one withdrawn
    assert not any("[[[" in body or "withdrawn" in body for body, _ in jobs_seen)
    plain = _reader(mini_content, tmp_path / "other")
    for source in sources:
        assert prepared.read(source) == plain.read(source), source
    assert prepared.problems == plain.problems and any("story-00.md" in p.path for p in plain.problems)
    assert prepared.left_out == plain.left_out == ["stories/story-01.md: withdrawn"]


def test_a_file_changed_after_preparing_is_read_as_it_is_now(mini_content, tmp_path):
    path = _stories(mini_content, 1)[0]
    reader = _reader(mini_content, tmp_path)
    reader.prepare([str(path)], workers=1)
    path.write_text(path.read_text().replace("Story 0:", "Edited story:"))
    html, metadata = reader.read(str(path))
    assert metadata["title"].startswith("Edited story:")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores to use a pool")
def test_a_cold_build_of_many_stories_equals_a_warm_one(mini_content, tmp_path, caplog):
    _stories(mini_content, 24)
    caplog.set_level("INFO")
    cold = tmp_path / "cold"
    site.build(make_settings(mini_content, cold, CACHE_PATH=str(tmp_path / "cache")))
    assert "rendered 25 Markdown bodies ahead of reading" in caplog.text
    warm = tmp_path / "warm"
    site.build(make_settings(mini_content, warm, CACHE_PATH=str(tmp_path / "cache")))
    page = "stories/story-07/index.html"
    assert (cold / page).read_bytes() == (warm / page).read_bytes()
    assert "\u201cquoted\u201d line \u2013 number 7" in (cold / page).read_text(encoding="utf-8")
