"""Write only what changed; afterwards remove what this build did not make.

Pelican's ``DELETE_OUTPUT_DIRECTORY`` empties the output folder before every
build, so every page is written again (and on slow disks deleting thousands of
files costs more than rendering them). With ``CHORUS_CACHE["keep_unchanged"]``
this plugin turns that into: keep the folder, compare each new file's bytes
with the old ones and skip identical writes, then delete every file that
existed before the build and that nothing wrote or copied during it. The
result is the same tree, byte for byte, as a build into an empty folder.

With more than one worker (``CHORUS_BUILD["workers"]``, 0 = one per core), the pages
to render are queued instead of rendered in turn (each with the context Pelican's
Writer would render it with) and rendered once every generator has run
(``RenderQueuedPages``, the last generator before Pelican's static files) on every core
(``chorus.forked``): each process renders its share, writes the files and hands back
what the page tracker records; ``content_written`` is then sent here, page by page, in
the order the pages were queued. The output is the same bytes as rendering in turn.

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

from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from chorus.buildcache import CacheSettings
from chorus.building import BuildSettings
from chorus.forked import run_forked, worker_count
from chorus.output import replace_bytes, unshare

from .pages import PageTracker

logger = logging.getLogger(__name__)
MARKER = ".chorus-build-started"
FORK_FROM = 48   # fewer queued pages are rendered in this process (a fork costs more)


@dataclass
class Ledger:
    """What one build wrote, and whether it must remove everything else afterwards."""

    output: Path
    sweep: bool
    written: set[str] = field(default_factory=set)
    kept: int = 0
    started: int = 0
    context: dict = field(default_factory=dict)
    track_pages: bool = False
    pages: PageTracker | None = None
    workers: int = 1
    queued: list[QueuedPage] | None = None   # None: pages are rendered when written


@dataclass
class QueuedPage:
    """A page to render once every generator has run, as ``_write_page`` would have."""

    template: object
    local: dict
    path: str
    write: bool   # False: Pelican's bookkeeping sends this page to /dev/null


@dataclass
class RenderedPage:
    """What a worker hands back for one page: its reads (None: unstatable or not tracked),
    whether the file already held these bytes, and the file's stat after writing."""

    reads: dict | None
    unchanged: bool
    stat: os.stat_result | None


def take_over_cleaning(pelican) -> None:
    """Keep the output folder (emptying it is this plugin's job now, done at the end)."""
    options = CacheSettings.from_settings(pelican.settings)
    if not options.keep_unchanged:
        return
    output = Path(pelican.output_path)
    ledger = Ledger(output=output, sweep=bool(pelican.delete_outputdir),
                    track_pages=options.pages and bool(pelican.settings.get("CACHE_PATH")))
    ledger.workers = worker_count(BuildSettings.from_settings(pelican.settings).workers)
    if ledger.workers > 1:
        ledger.queued = []
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


def _local_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """The context a page is rendered with (as in ``pelican.writers.Writer.write_file``)."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = name
    local.update(kwargs)
    return local


class _Buffer(io.StringIO):
    """Collects a file's text; on close writes it only if the bytes differ."""

    def __init__(self, path: str, encoding: str, writer: "KeepUnchangedWriter"):
        super().__init__()
        self._path, self._encoding, self._writer = path, encoding, writer

    def close(self) -> None:
        if not self.closed:
            self._writer.store(self._path, self.getvalue().encode(self._encoding))
        super().close()

    def close_unchanged(self) -> None:
        """The page was not rendered: the file already holds its bytes."""
        self._writer.ledger.written.add(os.path.abspath(self._path))
        self._writer.ledger.kept += 1
        super().close()


class KeepUnchangedWriter(Writer):
    """Pelican's Writer, except that identical files are not rewritten."""

    ledger: Ledger

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican's ``Writer.write_file`` (same pagination and local context), except that
        each page goes through ``_write_page``, which may keep it instead of rendering it."""
        self.ledger.context = context  # the sweep reads the static files list from it
        if not name:
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            local = _local_context(context, name, kwargs, relative_urls)
            self._write_page(template, local, context, name, override_output)
            return
        per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                    or self.settings["DEFAULT_PAGINATION"])
        paginators = {key: Paginator(name, url, val, self.settings, per_page)
                      for key, val in paginated.items()}
        for number in range(next(iter(paginators.values())).num_pages):
            paged = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                paged.update({
                    f"{key}_paginator": paginator, f"{key}_page": page,
                    f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                    f"{key}_next_page": (paginator.page(number + 2)
                                         if number + 1 < paginator.num_pages else None)})
            local = _local_context(context, page.save_as, paged, relative_urls)
            self._write_page(template, local, context, page.save_as, override_output)

    def _write_page(self, template, local: dict, context: dict, name: str, override: bool) -> None:
        if local["localsiteurl"]:
            context["localsiteurl"] = local["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        tracker = self._page_tracker(context)
        if tracker is not None and tracker.unchanged(path, template, local):
            handle = self._open_w(path, "utf-8", override=override)
            if isinstance(handle, _Buffer):
                handle.close_unchanged()
            else:
                handle.close()
            signals.content_written.send(path, context=local)
            return
        page = QueuedPage(template, local, path, self._claim(path, override))
        if self.ledger.queued is not None:
            self.ledger.queued.append(page)
        else:
            self._written(page, self._render(page))

    def _render(self, page: QueuedPage) -> RenderedPage:
        """Render and write one page (in this process or a worker); no signals, no log."""
        tracker = self.ledger.pages if self.ledger.track_pages else None
        text, reads = (tracker.render(page.template, page.local) if tracker is not None
                       else (page.template.render(page.local), None))
        if not page.write:
            return RenderedPage(reads, False, None)
        os.makedirs(os.path.dirname(page.path), exist_ok=True)
        unchanged = self._store_bytes(page.path, text.encode("utf-8"))
        return RenderedPage(reads, unchanged, os.stat(page.path) if reads is not None else None)

    def _written(self, page: QueuedPage, rendered: RenderedPage) -> None:
        """The bookkeeping of a rendered page, in the build's own process and in page order."""
        if page.write:
            self.ledger.written.add(os.path.abspath(page.path))
            self.ledger.kept += rendered.unchanged
        if self.ledger.track_pages:
            self.ledger.pages.written(page.path, rendered.reads, rendered.stat)
        logger.info('Writing "%s"', page.path)
        signals.content_written.send(page.path, context=page.local)

    def render_queued(self) -> None:
        """Render the queued pages on every worker; later pages are rendered when written."""
        queued, self.ledger.queued = self.ledger.queued, None
        if not queued:
            return
        workers = self.ledger.workers if len(queued) >= FORK_FROM else 1
        logger.info("Chorus: rendering %d pages on %d processes", len(queued), workers)
        rendered = run_forked(len(queued), lambda number: self._render(queued[number]), workers)
        for page, result in zip(queued, rendered):
            self._written(page, result)

    def _page_tracker(self, context: dict) -> PageTracker | None:
        if not self.ledger.track_pages:
            return None
        if self.ledger.pages is None:
            self.ledger.pages = PageTracker(self.settings, context, self.ledger.output)
        return self.ledger.pages

    def _claim(self, filename, override=False) -> bool:
        """Pelican's bookkeeping of written files (see ``pelican.writers.Writer._open_w``):
        raises on a second write; False when the page goes to /dev/null."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return False
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True

    def _open_w(self, filename, encoding, override=False):
        if not self._claim(filename, override):
            return open(os.devnull, "w", encoding=encoding)
        return _Buffer(filename, encoding, self)

    def store(self, path: str, data: bytes) -> None:
        """Write ``data`` to ``path`` unless the file already holds exactly these bytes."""
        self.ledger.written.add(os.path.abspath(path))
        self.ledger.kept += self._store_bytes(path, data)

    @staticmethod
    def _store_bytes(path: str, data: bytes) -> bool:
        """Replace the file at ``path`` with ``data``; False if it already held them."""
        target = Path(path)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return True
        except OSError:
            pass
        replace_bytes(target, data)
        return False


class RenderQueuedPages(Generator):
    """Runs after every plugin's generator (Pelican puts its static files after all of
    them): renders the pages the writer queued (see the module)."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer) -> None:
        if isinstance(writer, KeepUnchangedWriter):
            writer.render_queued()


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
    if ledger.queued:   # RenderQueuedPages did not run: never drop a page silently
        raise RuntimeError(f"Chorus: {len(ledger.queued)} queued pages were never rendered "
                           "(is chorus_incremental's generator disabled?)")
    marker = ledger.output / MARKER
    removed = 0
    if ledger.sweep:
        removed = _remove_stale(ledger, _kept_paths(ledger), set(pelican.output_retention))
    marker.unlink()
    if ledger.pages is not None:
        ledger.pages.save()
        logger.info("Chorus: %d pages kept without rendering, %d rendered on every build",
                    ledger.pages.kept, ledger.pages.unstatable)
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
