"""Feeds written on several processes (``chorus.forked``) are the feeds written in turn:
the same files, byte for byte, and the same caches, so the next build keeps them all."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from chorus import progress, site
from conftest import FIXTURES, make_settings

TAGS = ("ultrarunning", "night running", "first race", "Front Range", "gravel")


@pytest.fixture
def hub(tmp_path) -> Path:
    """The mini hub plus twelve stories over five tags: about twenty feeds."""
    content = shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    first = (content / "stories" / "first-fifty-k.md").read_text().replace("Featured: yes\n", "")
    for number in range(12):
        text = (first.replace("The fifty kilometres", f"Run number {number}:")
                .replace("2026-11-03T07:45", f"2026-11-{4 + number:02d}T07:45")
                .replace("ultrarunning, first race, Front Range",
                         f"{TAGS[number % 5]}, {TAGS[(number + 2) % 5]}"))
        (content / "stories" / f"run-{number}.md").write_text(text + f"\nMile {number} of many.\n")
    story = (first.replace("The fifty kilometres I almost didn't start", "山道の夜明け 🏃‍♀️ & friends")
             .replace("2026-11-03T07:45", "2026-11-20T07:45")
             + "\n一つ目の段落。\n\nSecond <script>alert(1)</script> paragraph.\n\n"
               "<img src=x onerror=alert(2)> and \"quotes\".\n")
    (content / "stories" / "yoake.md").write_bytes(story.replace("\n", "\r\n").encode())   # as a browser posts
    return content


@pytest.fixture
def spied(monkeypatch, tmp_path):
    """Fork from one feed on; each feed is written slowly enough that every process takes
    some, and the process that wrote it leaves its id under ``writers/``."""
    from chorus_feeds import generator

    monkeypatch.setattr(generator, "FORK_FROM", 1)
    writers, real = tmp_path / "writers", generator.write_files
    writers.mkdir()

    def write_files(*args, **kwargs):
        time.sleep(0.01)
        (writers / str(os.getpid())).touch()
        return real(*args, **kwargs)

    monkeypatch.setattr(generator, "write_files", write_files)
    return writers


def build(content: Path, output: Path, cache: Path, workers: int, **extra) -> None:
    site.build(make_settings(content, output, CACHE_PATH=str(cache),
                             CHORUS_BUILD={"workers": workers}, **extra))


def feeds(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted((output / "feeds").rglob("*")) if p.is_file()}


def caches(cache: Path, output: Path) -> dict[str, object]:
    """What the feed caches say, without where the output was and its files' inodes and times."""
    record = json.loads((cache / "chorus-feeds.json").read_text())
    files = {Path(name).relative_to(output.absolute()).as_posix(): (entry[0], entry[1])
             for name, entry in record["files"].items()}
    return {"fingerprint": record["fingerprint"], "files": files,
            "entries": json.loads((cache / "chorus-feed-entries.json").read_text()),
            "html": json.loads((cache / "chorus-render-feeds.json").read_text())}


def test_feeds_written_on_two_processes_equal_those_written_in_turn(hub, tmp_path, spied):
    serial, forked = tmp_path / "serial", tmp_path / "forked"
    build(hub, serial / "out", serial / "cache", workers=1)
    assert len(list(spied.iterdir())) == 1
    for pid in spied.iterdir():
        pid.unlink()
    build(hub, forked / "out", forked / "cache", workers=2)
    assert len(list(spied.iterdir())) == 2, "both processes wrote feeds"
    written = feeds(forked / "out")
    assert len(written) > 40
    assert written == feeds(serial / "out")
    assert any("山道の夜明け".encode() in data for data in written.values())
    assert not any(b"<script" in data or b"onerror" in data for data in written.values())
    assert caches(forked / "cache", forked / "out") == caches(serial / "cache", serial / "out")
    record = json.loads((forked / "cache" / "chorus-feeds.json").read_text())["files"]
    for name, (digest, size, mtime, inode) in record.items():
        stat = os.stat(name)
        assert [size, mtime, inode] == [stat.st_size, stat.st_mtime_ns, stat.st_ino], name


def test_a_rebuild_after_a_forked_write_keeps_every_feed(hub, tmp_path, spied, monkeypatch):
    from chorus_feeds import generator, unchanged

    out, cache = tmp_path / "out", tmp_path / "cache"
    build(hub, out, cache, workers=2)
    assert len(list(spied.iterdir())) == 2
    before = {name: os.stat(out / name).st_mtime_ns for name in feeds(out)}
    records, entries = [], []
    monkeypatch.setattr(generator, "written_feeds", lambda s: records.append(
        unchanged.WrittenFeeds(Path(cache), unchanged.renderer_fingerprint())) or records[-1])
    real_entries = generator.entry_digests
    monkeypatch.setattr(generator, "entry_digests", lambda s: entries.append(real_entries(s)) or entries[-1])
    build(hub, out, cache, workers=2)
    assert records[0].kept == len(before)
    assert entries[0].made == 0
    assert {name: os.stat(out / name).st_mtime_ns for name in feeds(out)} == before


class Counted(progress.Progress):
    """Progress that also keeps the steps each stage was advanced by (``finish`` fills up the rest)."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: dict[str, int] = {}

    def advance(self, key: str, steps: int = 1, label: str | None = None) -> None:
        self.steps[key] = self.steps.get(key, 0) + steps
        super().advance(key, steps, label)


def test_the_progress_of_a_forked_write_reaches_every_feed(hub, tmp_path, spied):
    report = Counted()
    build(hub, tmp_path / "out", tmp_path / "cache", workers=2, **{progress.SETTING: report})
    assert len(list(spied.iterdir())) == 2
    stage = next(stage for stage in report.snapshot().stages if stage.key == progress.FEEDS)
    assert report.steps[progress.FEEDS] == stage.total == len(feeds(tmp_path / "out")) // 3
