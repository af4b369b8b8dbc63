"""Builds that overlap or die: the live output is always one whole build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chorus import building, output
from conftest import FIXTURES, ROOT, make_settings

DAYS = ("2026-11-22", "2026-11-23")
SCRIPT = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from pathlib import Path
from conftest import make_settings
from chorus import building
args = json.loads(sys.argv[2])
building.build_live(make_settings(Path(args["content"]), Path(args["live"]), args["day"],
                                  CACHE_PATH=args["cache"]))
"""


def tree(root: Path) -> dict[str, bytes]:
    """Every output file's bytes, except Pagefind's search bundle: Pagefind 1.5.2 names and
    orders its index chunks differently on every run over the same pages (tests/test_search.py
    checks the bundle; a rebuild with no changed page keeps it byte for byte)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != "pagefind"}


def start_build(content: Path, live: Path, day: str) -> subprocess.Popen:
    args = {"content": str(content), "live": str(live), "day": day, "cache": str(live.parent / "cache")}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(ROOT), json.dumps(args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def content(tmp_path) -> Path:
    return shutil.copytree(FIXTURES / "mini", tmp_path / "content")


@pytest.fixture
def clean_builds(content, tmp_path) -> dict[str, dict[str, bytes]]:
    """A build of each day into an empty folder with no caches: the only allowed outputs."""
    result = {}
    for day in DAYS:
        folder = tmp_path / f"clean-{day}"
        building.build_live(make_settings(content, folder / "output", day, CACHE_PATH=str(folder / "cache")))
        result[day] = tree(folder / "output")
    assert result[DAYS[0]] != result[DAYS[1]]  # the day's prompt differs
    return result


def snapshot(live: Path) -> dict[str, bytes] | None:
    """The whole build the live path shows now (None if it was pruned while read)."""
    folder = output.live_build(live)
    try:
        return tree(folder) if folder is not None else None
    except FileNotFoundError:
        return None


def test_ten_builds_at_once_never_make_a_mixed_output(content, clean_builds, tmp_path):
    live = tmp_path / "site" / "output"
    seen, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            state = snapshot(live)
            if state is not None:
                seen.append(state)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        builds = [start_build(content, live, DAYS[number % 2]) for number in range(10)]
        for build in builds:
            _, errors = build.communicate(timeout=300)
            assert build.returncode == 0, errors
    finally:
        stop.set()
        watcher.join()
    allowed = list(clean_builds.values())
    assert seen, "the watcher never saw a live build"
    assert all(state in allowed for state in seen)  # every moment: one whole build of one day
    assert tree(live) in allowed
    assert not output.staging_path(live).exists()
    assert len(output.finished_builds(live)) <= 3


def test_sigkill_during_a_build_leaves_the_previous_output_served(content, clean_builds, tmp_path):
    live = tmp_path / "site" / "output"
    building.build_live(make_settings(content, live, DAYS[0], CACHE_PATH=str(tmp_path / "site" / "cache")))
    before, folder = tree(live), output.live_build(live)
    story = content / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text() + "\nAn edit that never went live.\n")
    build = start_build(content, live, DAYS[1])
    marker = output.staging_path(live) / ".chorus-build-started"
    deadline = time.monotonic() + 60
    while not marker.exists():  # the build is writing into its staging folder
        assert build.poll() is None and time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    assert output.live_build(live) == folder and tree(live) == before
    story.write_text(story.read_text().replace("\nAn edit that never went live.\n", ""))
    building.build_live(make_settings(content, live, DAYS[1], CACHE_PATH=str(tmp_path / "site" / "cache")))
    assert tree(live) == clean_builds[DAYS[1]]  # the next build cleans up and is whole
    assert not output.staging_path(live).exists()


def test_the_task_says_it_waits_for_another_build(tmp_path):
    live = tmp_path / "site"
    import threading

    errors: list[str] = []
    with output.build_lock(live.absolute(), timeout=60):
        task = subprocess.Popen([sys.executable, "-m", "invoke", "build", "--today", DAYS[0],
                                 "--output", str(live)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        reader = threading.Thread(target=lambda: errors.extend(task.stderr), daemon=True)
        reader.start()
        # Hold the lock until the task says it waits (however slowly it starts on a busy machine).
        deadline = time.monotonic() + 240
        while not any("Waiting for another build" in line for line in errors):
            assert task.poll() is None and time.monotonic() < deadline, "".join(errors)
            time.sleep(0.1)
        assert task.poll() is None  # still waiting
    assert task.wait(timeout=300) == 0, "".join(errors)
    reader.join(timeout=10)
    assert "Waiting for another build…" in "".join(errors)
