"""Write only what changed; afterwards remove what this build did not make.

Pelican's ``DELETE_OUTPUT_DIRECTORY`` empties the output folder before every
build, so every page is written again (and on slow disks deleting thousands of
files costs more than rendering them). With ``CHORUS_CACHE["keep_unchanged"]``
this plugin turns that into: keep the folder, compare each new file's bytes
with the old ones and skip identical writes, then delete every file that
existed before the build and that nothing wrote or copied during it. The
result is the same tree, byte for byte, as a build into an empty folder.

Contract for other plugins: a file written outside Pelican's Writer must be
replaced (written to a new file renamed over it, ``chorus.output.replace_bytes``;
never truncated in place: the output may hold hard links to the live build),
copied onto a fresh inode, or touched (``os.utime``, e.g. with its own times) on every
build; its fresh inode change time marks it as made by this build. Files under ``OUTPUT_RETENTION`` names are never removed.
"""

from __future__ import annotations

import io
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from chorus.buildcache import CacheSettings
from chorus.output import replace_bytes, unshare

logger = logging.getLogger(__name__)
MARKER = ".chorus-build-started"


@dataclass
class Ledger:
    """What one build wrote, and whether it must remove everything else afterwards."""

    output: Path
    sweep: bool
    written: set[str] = field(default_factory=set)
    kept: int = 0
    started: int = 0
    context: dict = field(default_factory=dict)


def take_over_cleaning(pelican) -> None:
    """Keep the output folder (emptying it is this plugin's job now, done at the end)."""
    if not CacheSettings.from_settings(pelican.settings).keep_unchanged:
        return
    output = Path(pelican.output_path)
    ledger = Ledger(output=output, sweep=bool(pelican.delete_outputdir))
    pelican.delete_outputdir = False
    output.mkdir(parents=True, exist_ok=True)
    ledger.started = _start_stamp(output / MARKER)
    pelican.chorus_output_ledger = ledger


def _start_stamp(marker: Path) -> int:
    """An inode change time later than that of every file written before this call.

    File times come from a coarse kernel clock: a stale file written just before
    the build may share the marker's first time, so wait for the next tick.
    """
    marker.write_bytes(b"")
    first = marker.stat().st_ctime_ns
    while True:
        os.utime(marker)
        stamp = marker.stat().st_ctime_ns
        if stamp > first:
            return stamp
        time.sleep(0.0005)


def choose_writer(pelican):
    """A Writer class bound to this build's ledger, or None to keep Pelican's."""
    ledger = getattr(pelican, "chorus_output_ledger", None)
    if ledger is None:
        return None
    return type("KeepUnchangedWriter", (KeepUnchangedWriter,), {"ledger": ledger})


class _Buffer(io.StringIO):
    """Collects a file's text; on close writes it only if the bytes differ."""

    def __init__(self, path: str, encoding: str, writer: "KeepUnchangedWriter"):
        super().__init__()
        self._path, self._encoding, self._writer = path, encoding, writer

    def close(self) -> None:
        if not self.closed:
            self._writer.store(self._path, self.getvalue().encode(self._encoding))
        super().close()


class KeepUnchangedWriter(Writer):
    """Pelican's Writer, except that identical files are not rewritten."""

    ledger: Ledger

    def write_file(self, name, template, context, *args, **kwargs):
        self.ledger.context = context  # the sweep reads the static files list from it
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        # Pelican's bookkeeping (see pelican.writers.Writer._open_w), then a buffer.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _Buffer(filename, encoding, self)

    def store(self, path: str, data: bytes) -> None:
        """Write ``data`` to ``path`` unless the file already holds exactly these bytes."""
        self.ledger.written.add(os.path.abspath(path))
        target = Path(path)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                self.ledger.kept += 1
                return
        except OSError:
            pass
        replace_bytes(target, data)


def unshare_static_files(generators) -> None:
    """Before anything is written: Pelican copies static and theme files onto the old
    ones in place, so a file hard-linked from the live build (chorus.output seeds the
    staging folder that way) is unlinked first and the copy gets its own inode."""
    for generator in generators:
        if not hasattr(generator, "_copy_paths"):  # only the StaticGenerator copies
            continue
        output = Path(generator.output_path)
        theme = output / generator.settings["THEME_STATIC_DIR"]
        paths = [p for p in theme.rglob("*") if p.is_file()] if theme.is_dir() else []
        paths += [output / item.save_as for item in generator.context.get("staticfiles", [])]
        logger.debug("Chorus: %d shared static files unlinked before copying", unshare(paths))


def _kept_paths(ledger: Ledger) -> set[str]:
    static = ledger.context.get("staticfiles", [])
    return ledger.written | {os.path.abspath(ledger.output / item.save_as) for item in static}


def sweep(pelican) -> None:
    """Remove every file the build did not make (as DELETE_OUTPUT_DIRECTORY would have)."""
    ledger = getattr(pelican, "chorus_output_ledger", None)
    if ledger is None:
        return
    marker = ledger.output / MARKER
    removed = 0
    if ledger.sweep:
        removed = _remove_stale(ledger, _kept_paths(ledger), set(pelican.output_retention))
    marker.unlink()
    logger.info("Chorus: %d output files unchanged, %d written, %d stale removed",
                ledger.kept, len(ledger.written) - ledger.kept, removed)


def _remove_stale(ledger: Ledger, keep: set[str], retained: set[str]) -> int:
    """Delete files older than the build that it did not make, then empty folders,
    children before parents; ``os.scandir`` keeps it to one ``lstat`` per file."""
    root = os.path.abspath(ledger.output)
    marker, folders, removed = os.path.join(root, MARKER), [], 0
    for folder, subfolders, _files in os.walk(root):
        if folder == root:
            subfolders[:] = [name for name in subfolders if name not in retained]
        folders.append(folder)
    for folder in reversed(folders):  # a folder comes after everything below it
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.path == marker or (folder == root and entry.name in retained):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if _is_empty(entry.path):
                        os.rmdir(entry.path)
                elif entry.path not in keep and entry.stat(follow_symlinks=False).st_ctime_ns < ledger.started:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _is_empty(folder: str) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None
