"""Pages rendered on several processes (CHORUS_BUILD["workers"]) are the bytes of a build
that renders them in turn, their records serve the next build, and a worker's failure
fails the build and leaves the live site as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chorus import building, output, site
from conftest import ROOT, make_settings


def tree(root: Path) -> dict[str, bytes]:
    """Every output file's bytes but Pagefind's bundle (its chunk names vary run to run)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != "pagefind"}


@pytest.fixture
def demo(tmp_path) -> Path:
    """The demo hub with a story whose title and advocate are not Latin and have an emoji,
    in a file with CRLF line ends."""
    content = shutil.copytree(ROOT / "content", tmp_path / "content")
    first = sorted((content / "stories").glob("*.md"))[0]
    text = first.read_text(encoding="utf-8").replace("\r\n", "\n")
    title = next(line for line in text.splitlines() if line.startswith("Title:"))
    text = text.replace(title, "Title: 山道で見つけた朝 🏃‍♀️", 1)
    (content / "stories" / "yamamichi.md").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return content


def test_pages_rendered_on_two_processes_are_the_bytes_of_a_serial_build(demo, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    site.build(make_settings(demo, serial, CACHE_PATH=str(tmp_path / "c1"), CHORUS_BUILD={"workers": 1}))
    site.build(make_settings(demo, parallel, CACHE_PATH=str(tmp_path / "c2"), CHORUS_BUILD={"workers": 2}))
    one, two = tree(serial), tree(parallel)
    assert len([name for name in one if name.endswith(".html")]) > 100   # enough to fork
    assert "山道で見つけた朝" in one["stories/yamamichi/index.html"].decode()
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_parallel_builds_page_records_let_the_next_build_keep_every_page(demo, tmp_path, rendered):
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    site.build(make_settings(demo, out, CACHE_PATH=cache, CHORUS_BUILD={"workers": 2}))
    before = tree(out)
    assert 0 < len(rendered) < len([name for name in before if name.endswith(".html")]), \
        "this process rendered some pages and a worker the others"
    rendered.clear()
    site.build(make_settings(demo, out, CACHE_PATH=cache, CHORUS_BUILD={"workers": 1}))
    assert rendered == [] and tree(out) == before
    story = demo / "stories" / "yamamichi.md"
    story.write_bytes(story.read_bytes() + "\r\nA moderator fixed a typo here.\r\n".encode())
    site.build(make_settings(demo, out, CACHE_PATH=cache, CHORUS_BUILD={"workers": 2}))
    assert "stories/yamamichi/index.html" in rendered and len(rendered) < len(before) / 4
    assert "fixed a typo" in (out / "stories" / "yamamichi" / "index.html").read_text()


def test_a_workers_failure_fails_the_build_and_leaves_the_live_site_untouched(demo, tmp_path, monkeypatch):
    from chorus_incremental.output import KeepUnchangedWriter

    live = tmp_path / "output"
    building.build_live(make_settings(demo, live, CACHE_PATH=str(tmp_path / "cache"),
                                      CHORUS_BUILD={"workers": 1}))
    folder, before = output.live_build(live), tree(live)
    parent, render = os.getpid(), KeepUnchangedWriter._render

    def failing_in_a_worker(self, page):
        if os.getpid() != parent:
            raise ValueError(f"the template broke on {page.local['output_file']}")
        return render(self, page)

    monkeypatch.setattr(KeepUnchangedWriter, "_render", failing_in_a_worker)
    with pytest.raises(ValueError, match="the template broke on") as err:   # a new cache: every page renders
        building.build_live(make_settings(demo, live, CACHE_PATH=str(tmp_path / "cache2"),
                                          CHORUS_BUILD={"workers": 2}))
    assert any("in a build worker process" in note for note in err.value.__notes__)
    assert output.live_build(live) == folder and tree(live) == before
    assert not output.staging_path(live).exists()
