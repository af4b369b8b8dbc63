"""The live output: built aside, switched in one step, never changed by a later build."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from chorus import building, output
from chorus.problems import ConfigError, ContentError
from conftest import FIXTURES, ROOT, make_settings


def tree(root: Path) -> dict[str, bytes]:
    """Every output file's bytes, except Pagefind's search bundle: Pagefind 1.5.2 names and
    orders its index chunks differently on every run over the same pages (tests/test_search.py
    checks the bundle; a rebuild with no changed page keeps it byte for byte)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != "pagefind"}


def inodes(root: Path) -> dict[str, tuple[int, int, bytes]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def hub(tmp_path) -> Path:
    content = shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    (content / "images").mkdir()
    (content / "images" / "trail.txt").write_text("a static file\n")
    return content


@pytest.fixture
def theme(tmp_path) -> Path:
    return shutil.copytree(ROOT / "theme", tmp_path / "theme")


def settings(hub: Path, theme: Path, live: Path, today: str = "2026-11-22", **extra) -> dict:
    return make_settings(hub, live, today=today, THEME=str(theme), CACHE_PATH=str(live.parent / "cache"),
                         **extra)


def test_the_live_path_links_to_one_finished_build_and_old_builds_are_pruned(hub, theme, tmp_path):
    live = tmp_path / "site" / "output"
    result = building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 1}))
    assert result.output == live and live.is_symlink() and (live / "index.html").is_file()
    first = output.live_build(live)
    assert first.parent == live.parent and first.name.startswith("output.2")
    for _ in range(3):
        building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 1}))
    builds = output.finished_builds(live)
    assert len(builds) == 2 and output.live_build(live) == builds[-1]  # the live one and one before
    assert first not in builds
    assert not output.staging_path(live).exists()
    assert not (live / ".chorus-build-started").exists()


def test_a_rebuild_never_writes_into_a_file_of_the_live_build(hub, theme, tmp_path):
    """The crux: the staging folder shares inodes with the live build (hard links),
    so every writer must replace files, never truncate them."""
    live = tmp_path / "output"
    building.build_live(settings(hub, theme, live))
    before_folder = output.live_build(live)
    before = inodes(before_folder)
    story = hub / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text() + "\nA moderator fixed a typo here.\n")
    (hub / "images" / "trail.txt").write_text("a changed static file\n")
    css = theme / "static" / "css" / "chorus.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    testimonial = hub / "testimonials" / "maya-scree-grip.md"
    testimonial.write_text(testimonial.read_text() + "\nAnd one more thing.\n")  # feeds change too

    building.build_live(settings(hub, theme, live))
    assert inodes(before_folder) == before  # every byte, inode and time of the old build as it was
    after = output.live_build(live)
    assert after != before_folder
    new = tree(after)
    assert b"fixed a typo" in new["stories/first-fifty-k/index.html"]
    assert new["images/trail.txt"] == b"a changed static file\n"
    assert new["theme/css/chorus.css"].endswith(b"/* changed */\n")
    assert before["theme/css/chorus.css"][2] != new["theme/css/chorus.css"]
    # Unchanged files were kept, not rewritten: the same inode in both builds.
    page = "how-it-works/index.html"
    assert (after / page).stat().st_ino == before[page][0]
    # And the result is what a build into an empty folder makes.
    cold = tmp_path / "cold" / "output"
    building.build_live(make_settings(hub, cold, THEME=str(theme), CACHE_PATH=str(tmp_path / "cold-cache")))
    assert tree(cold) == new


def test_a_content_error_leaves_the_live_site_untouched(hub, theme, tmp_path):
    live = tmp_path / "output"
    building.build_live(settings(hub, theme, live))
    folder, before = output.live_build(live), tree(live)
    bad = hub / "stories" / "broken.md"
    bad.write_text((hub / "stories" / "first-fifty-k.md").read_text().replace("Date:", "Datum:"))
    with pytest.raises(ContentError, match="broken.md"):
        building.build_live(settings(hub, theme, live))
    assert output.live_build(live) == folder and tree(live) == before
    assert not output.staging_path(live).exists()
    assert output.finished_builds(live) == [folder]


def test_a_killed_builds_leftovers_are_removed_by_the_next_build(hub, theme, tmp_path):
    live = tmp_path / "output"
    building.build_live(settings(hub, theme, live))
    leftover = output.staging_path(live)
    leftover.mkdir()
    (leftover / "index.html").write_text("half a build")
    (leftover / ".chorus-build-started").write_text("")
    half_switch = live.parent / f"{output.TEMP_PREFIX}output.1a2b3c4d"
    half_switch.symlink_to(leftover.name)
    building.build_live(settings(hub, theme, live))
    assert not leftover.exists() and not half_switch.is_symlink()
    assert "half a build" not in (live / "index.html").read_text()


def test_an_output_folder_from_an_older_version_is_migrated(hub, theme, tmp_path):
    live = tmp_path / "output"
    live.mkdir()
    (live / "old.html").write_text("from before")
    building.build_live(settings(hub, theme, live))
    assert live.is_symlink() and not (live / "old.html").exists()
    legacy = [p for p in output.finished_builds(live) if (p / "old.html").exists()]
    assert len(legacy) == 1  # kept aside as an older build, pruned in time


def test_a_staging_folder_made_from_the_spare_build_gives_what_a_cold_build_gives(hub, theme, tmp_path):
    live = tmp_path / "output"
    building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 0}))
    first = output.live_build(live)
    building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 0}))
    spare = output.spare_path(live)
    assert not first.exists() and spare.is_dir()        # retired: kept aside, not deleted
    assert output.finished_builds(live) == [output.live_build(live)]
    assert listing(spare) == listing(output.live_build(live))   # made a mirror once the build was live
    second = output.live_build(live)
    story = hub / "stories" / "first-fifty-k.md"
    story.write_text(story.read_text() + "\nA moderator fixed a typo here.\n")
    (hub / "images" / "trail.txt").unlink()
    building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 0}))
    assert not second.exists() and listing(spare) == listing(output.live_build(live))
    cold = tmp_path / "cold" / "output"
    building.build_live(make_settings(hub, cold, THEME=str(theme), CACHE_PATH=str(tmp_path / "cold-cache")))
    assert tree(live) == tree(cold) and "images/trail.txt" not in tree(live)
    # a build that starts from nothing leaves the spare a mirror of a build no longer live:
    # the next one mirrors it again rather than trusting it
    (hub / "images" / "trail.txt").write_text("back again\n")
    building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 5},
                                 CHORUS_CACHE={"keep_unchanged": False}))
    story.write_text(story.read_text() + "\nAnd a second typo.\n")
    building.build_live(settings(hub, theme, live, CHORUS_BUILD={"keep": 5}))
    building.build_live(make_settings(hub, cold, THEME=str(theme), CACHE_PATH=str(tmp_path / "cold-cache")))
    assert tree(live) == tree(cold)


def listing(root: Path) -> dict[str, object]:
    """Each entry under ``root``: a symlink's target, "folder", or a file's inode and bytes."""
    return {p.relative_to(root).as_posix(): (os.readlink(p) if p.is_symlink() else "folder" if p.is_dir()
                                             else (p.stat().st_ino, p.read_bytes()))
            for p in sorted(root.rglob("*"))}


def test_mirror_tree_makes_an_old_tree_an_exact_linked_copy_touching_only_what_differs(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    for name, text in {"index.html": "home", "stories/a/index.html": "A", "stories/b/index.html": "B",
                       "feeds/all.atom.xml": "feed", "x.txt": "x", "écrits/😀 ok.html": "smile"}.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    (source / "latest").symlink_to("stories/a")
    output.mirror_tree(source, target)
    assert listing(target) == listing(source)
    # the target becomes an older build: changed, added, removed, swapped kinds, a killed write
    home = (target / "index.html").stat().st_ino
    older = tmp_path / "older-build-b.html"
    os.link(target / "stories/b/index.html", older)               # shared with another build
    output.replace_bytes(source / "stories/b/index.html", b"B, edited")
    (source / "stories/a/index.html").unlink()                    # withdrawn
    (target / "stories/gone").mkdir()
    (target / "stories/gone/index.html").write_text("withdrawn long ago")
    shutil.rmtree(source / "feeds")
    (source / "feeds").write_text("now a file")
    (source / "x.txt").unlink()
    (source / "x.txt").mkdir()
    (source / "x.txt/inside.html").write_text("now a folder")
    (source / "latest").unlink()
    (source / "latest").symlink_to("stories/b")
    (target / f"{output.TEMP_PREFIX}0a1b2c3d").write_text("a killed mirror's temporary file")
    output.mirror_tree(source, target)
    assert listing(target) == listing(source)
    assert (target / "index.html").stat().st_ino == home          # unchanged: not touched
    assert older.read_text() == "B"                               # replaced, never written into


def test_mirror_tree_across_devices_copies_and_later_copies_only_what_changed(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs /dev/shm on another file system than the temporary folder")
    source = tmp_path / "source"
    (source / "stories").mkdir(parents=True)
    (source / "index.html").write_text("home")
    (source / "stories/index.html").write_text("list")
    with tempfile.TemporaryDirectory(dir=shm) as elsewhere:
        target = Path(elsewhere) / "www"
        output.mirror_tree(source, target)
        assert {p: (target / p).read_text() for p in ("index.html", "stories/index.html")} == \
            {"index.html": "home", "stories/index.html": "list"}
        home = (target / "index.html").stat().st_ino
        output.replace_bytes(source / "stories/index.html", b"list, with one more")
        output.mirror_tree(source, target)
        assert (target / "stories/index.html").read_text() == "list, with one more"
        assert (target / "index.html").stat().st_ino == home     # unchanged: not copied again


def test_a_second_build_waits_for_the_lock_then_gives_up_after_the_timeout(tmp_path):
    live = tmp_path / "output"
    waited = []
    with output.build_lock(live, timeout=1):
        with pytest.raises(output.BuildBusyError, match="another build"):
            with output.build_lock(live, timeout=0.2, on_wait=lambda: waited.append(1)):
                pass
    assert waited == [1]
    with output.build_lock(live, timeout=0):  # free again
        pass


def test_the_lock_is_held_across_threads_too(tmp_path):
    live, inside, overlaps = tmp_path / "output", [], []
    guard = threading.Lock()

    def work():
        with output.build_lock(live, timeout=30):
            with guard:
                inside.append(1)
                overlaps.append(len(inside))
            threading.Event().wait(0.02)
            with guard:
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [1] * 8


def test_replace_bytes_keeps_a_linked_file_intact(tmp_path):
    first = tmp_path / "a.html"
    first.write_bytes(b"old")
    os.link(first, tmp_path / "b.html")
    output.replace_bytes(tmp_path / "b.html", b"new")
    assert first.read_bytes() == b"old" and (tmp_path / "b.html").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_build_settings_report_every_bad_key():
    with pytest.raises(ConfigError) as err:
        building.BuildSettings.from_settings({"CHORUS_BUILD": {"lock_timout": 3, "keep": -1, "workers": "2"}})
    assert "lock_timout" in str(err.value) and "'keep' must be" in str(err.value)
    assert "'workers' must be" in str(err.value) and "'2'" in str(err.value)
    assert building.BuildSettings.from_settings({"CHORUS_BUILD": {"workers": 1}}).workers == 1
    assert building.BuildSettings.from_settings({}) == building.BuildSettings()
