"""The live output folder: one build at a time, built aside, switched in one step.

The live path (``output/``) is a symlink to an immutable build folder
(``output.<build-id>/``). A build takes the build lock (``output.lock`` beside
it), makes a staging folder (``output.building/``) a mirror of the live build
with hard links so the incremental writer can keep unchanged ones, builds into
it, renames it to ``output.<build-id>/`` and swaps the symlink with one
``os.replace``. The staging folder is made from the spare build (``output.spare/``,
the newest one ``prune`` retired, made a mirror of the live build by ``ready_spare``
once that build is live and deployed) or what a killed build left, relinking only
the files that differ. A failed or killed build never touches the live folder.
Hard-linked files are shared with the live folder, so nothing may write into one
in place: writers replace files (``replace_bytes``) and never truncate them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import logging
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from chorus.problems import ChorusError

logger = logging.getLogger(__name__)
STAGING = "building"
SPARE = "spare"
TEMP_PREFIX = ".chorus-tmp-"


class BuildBusyError(ChorusError):
    """Another build held the build lock for longer than the timeout."""


def lock_path(live: Path) -> Path:
    return live.parent / f"{live.name}.lock"


@contextlib.contextmanager
def build_lock(live: Path, timeout: float,
               on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``live`` (an flock on ``<live>.lock``), waiting up to
    ``timeout`` seconds; ``on_wait`` is called once if another build holds it.
    The kernel releases the lock when its holder dies, even by SIGKILL."""
    path = lock_path(live)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(handle, path, timeout, on_wait)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _acquire(handle: int, path: Path, timeout: float, on_wait: Callable[[], None] | None) -> None:
    deadline, waited = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not waited:
                waited = True
                logger.info("Chorus: waiting for another build (%s)", path)
                if on_wait is not None:
                    on_wait()
            if time.monotonic() >= deadline:
                raise BuildBusyError(
                    f"another build still holds {path} after {timeout:g}s; try again later, "
                    "or raise CHORUS_BUILD['lock_timeout']") from None
            time.sleep(0.05)


def new_build_id(now: dt.datetime | None = None) -> str:
    """A unique name for a finished build that sorts by time: UTC time to the
    microsecond (builds can finish within one second) and random digits."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    return f"{moment:%Y%m%dT%H%M%S-%f}-{secrets.token_hex(3)}"


def staging_path(live: Path) -> Path:
    return live.parent / f"{live.name}.{STAGING}"


def spare_path(live: Path) -> Path:
    """Where ``prune`` keeps the newest build it retires, for the next staging folder."""
    return live.parent / f"{live.name}.{SPARE}"


def prepare_staging(live: Path, seed: bool) -> Path:
    """A staging folder (call with the build lock held) holding what the live build holds,
    as hard links, when ``seed``; else empty."""
    return staging_from(live, live_build(live) if seed else None)


def staging_from(live: Path, source: Path | None) -> Path:
    """The staging folder of ``live``, made a hard-linked mirror of ``source`` (empty if None).
    It is made from what is there already: a killed build's staging folder, else the spare
    build ``prune`` kept, so only the files that differ are linked again (``mirror_tree``);
    a killed switch's link is removed."""
    staging = staging_path(live)
    for link in live.parent.glob(f"{TEMP_PREFIX}{live.name}.*"):  # a switch that was killed
        if _is_temp_link_of(live, link):          # not output.publish's, beside output's
            remove_tree(link)
    if source is None:
        remove_tree(staging)
        staging.mkdir(parents=True)
        return staging
    spare, note = spare_path(live), _spare_note(live)
    ready = _read_text(note) == os.fspath(source.resolve())
    note.unlink(missing_ok=True)
    if not staging.exists() and spare.is_dir() and not spare.is_symlink():
        os.rename(spare, staging)
        if ready:           # mirrored by ready_spare after the build went live: nothing to do
            return staging
    mirror_tree(source, staging)
    return staging


def ready_spare(live: Path) -> None:
    """Once a build is live and its search index written (``chorus.building``, with the lock
    held, after the deploy): make the spare a mirror of the live build now and note which
    build it mirrors, so the next build's staging folder is one rename. The live build is
    never written again (the next index is written into the next build), so the note stays
    true until the spare is taken."""
    spare, current, note = spare_path(live), live_build(live), _spare_note(live)
    note.unlink(missing_ok=True)
    if current is None or not spare.is_dir() or spare.is_symlink():
        return
    mirror_tree(current, spare)
    replace_bytes(note, os.fspath(current.resolve()).encode())


def _spare_note(live: Path) -> Path:
    return live.parent / f"{live.name}.{SPARE}-of"


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def _is_temp_link_of(live: Path, link: Path) -> bool:
    suffix = link.name[len(f"{TEMP_PREFIX}{live.name}."):]
    return len(suffix) == 8 and all(char in "0123456789abcdef" for char in suffix)


def mirror_tree(source: Path, target: Path) -> None:
    """Make ``target`` (missing, empty, or any earlier tree: an old build, a killed build's
    leftovers) an exact mirror of ``source``: every file a hard link to the source's (a copy
    across devices), every symlink the same, nothing else. Only what differs is touched: a
    file that is the same file already (the same inode; across devices the same size and
    modification time, which a copy keeps) stays; another is replaced by a new link renamed
    over it (never written into: the old one may be linked from another build)."""
    _mirror(os.fspath(source), os.fspath(target), [os.link])


def _kind(entry: os.DirEntry) -> str:
    if entry.is_symlink():
        return "link"
    return "folder" if entry.is_dir(follow_symlinks=False) else "file"


def _mirror(source: str, target: str, link: list[Callable[[str, str], None]]) -> None:
    os.makedirs(target, exist_ok=True)
    theirs = {entry.name: entry for entry in os.scandir(source)}
    ours = {entry.name: entry for entry in os.scandir(target)}
    for name, entry in ours.items():
        if name not in theirs or _kind(theirs[name]) != _kind(entry):
            remove_tree(Path(entry.path))
            ours[name] = None
    for name, entry in theirs.items():
        origin, copy, present = os.path.join(source, name), os.path.join(target, name), ours.get(name)
        kind = _kind(entry)
        if kind == "folder":
            _mirror(origin, copy, link)
        elif kind == "link":
            pointed = os.readlink(origin)
            if present is None or os.readlink(copy) != pointed:
                _replace(copy, present is not None, lambda temp: os.symlink(pointed, temp))
        elif present is None or not _same_file(entry, present):
            _replace(copy, present is not None, lambda temp: _link(link, origin, temp))


def _same_file(entry: os.DirEntry, present: os.DirEntry) -> bool:
    theirs, mine = entry.stat(follow_symlinks=False), present.stat(follow_symlinks=False)
    if theirs.st_dev == mine.st_dev:
        return theirs.st_ino == mine.st_ino
    return (theirs.st_size, theirs.st_mtime_ns) == (mine.st_size, mine.st_mtime_ns)


def _replace(path: str, exists: bool, make: Callable[[str], None]) -> None:
    if not exists:
        make(path)
        return
    temp = os.path.join(os.path.dirname(path), f"{TEMP_PREFIX}{secrets.token_hex(4)}")
    make(temp)
    os.replace(temp, path)


def _link(link: list[Callable[[str, str], None]], origin: str, copy: str) -> None:
    """Hard-link ``origin`` to ``copy``; from the first link the file system refuses on, copy."""
    try:
        link[0](origin, copy)
    except OSError as err:
        if err.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        link[0] = shutil.copy2
        shutil.copy2(origin, copy)


def live_build(live: Path) -> Path | None:
    """The folder the live path shows now, or None before the first build."""
    if live.is_symlink():
        target = live.parent / os.readlink(live)
        return target if target.is_dir() else None
    return live if live.is_dir() else None


def switch(live: Path, build: Path) -> None:
    """Point ``live`` at ``build`` (a sibling folder) in one step: readers see the
    old build or the new one, never a mix. A real folder at ``live`` (from an
    older Chorus) is first moved aside to ``<live>.<id>`` and linked back."""
    if live.exists() and not live.is_symlink():
        legacy = live.parent / f"{live.name}.{new_build_id()}"
        os.rename(live, legacy)
        logger.info("Chorus: moved the old output folder to %s", legacy.name)
    link = live.parent / f"{TEMP_PREFIX}{live.name}.{secrets.token_hex(4)}"
    os.symlink(build.name, link)
    try:
        os.replace(link, live)
    except BaseException:
        with contextlib.suppress(OSError):
            link.unlink()
        raise


def finished_builds(live: Path) -> list[Path]:
    """Finished build folders beside ``live``, oldest first."""
    prefix = f"{live.name}."
    skip = {lock_path(live).name, staging_path(live).name}
    return sorted(path for path in live.parent.glob(f"{prefix}*")
                  if path.name not in skip and path.is_dir() and not path.is_symlink()
                  and path.name[len(prefix):][:1].isdigit())


def prune(live: Path, keep: int) -> list[Path]:
    """Retire finished builds beyond the live one and the ``keep`` before it: the newest of
    them becomes the spare (``<live>.spare``, the next staging folder is made from it), the
    others are deleted. Returns the retired builds."""
    current = live_build(live)
    older = [path for path in finished_builds(live) if current is None or path != current]
    doomed = older[:max(0, len(older) - keep)]
    if doomed:
        spare = spare_path(live)
        _spare_note(live).unlink(missing_ok=True)
        remove_tree(spare)
        os.rename(doomed[-1], spare)
    for path in doomed[:-1]:
        remove_tree(path)
    return doomed


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def replace_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a new file renamed over it, so a file
    hard-linked from the live build keeps its bytes (its inode is never written)."""
    temp = target.parent / f"{TEMP_PREFIX}{target.name}.{os.getpid()}.{secrets.token_hex(3)}"
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def unshare(paths: list[Path]) -> int:
    """Unlink each file of ``paths`` that has other hard links, so a later copy onto
    it (Pelican's static files use ``shutil.copyfile``) makes a new inode."""
    count = 0
    for path in paths:
        try:
            if not path.is_symlink() and path.stat().st_nlink > 1:
                path.unlink()
                count += 1
        except FileNotFoundError:
            pass
    return count
