"""A Pelican reader that validates each file against the Chorus model before
anything of it is published. Invalid, withdrawn and not-yet-due files come back
with status ``skip`` and are recorded, so nothing is dropped silently."""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

from pelican.readers import BaseReader
from pelican.urlwrappers import Tag

from chorus.buildcache import CacheSettings, RenderCache, renderer_fingerprint
from chorus.clock import build_day, site_zone
from chorus import progress
from chorus.fields import ParseContext
from chorus.problems import Problem
from chorus.sanitize import new_markdown, render, render_many
from chorus.schema import DRAFT, Kind
from chorus.recordcache import RecordCache
from chorus.validate import Record

logger = logging.getLogger(__name__)

SKIP = {"status": "skip"}


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


class ChorusReader(BaseReader):
    """Reads ``.md`` content: validated header fields, then sanitised Markdown."""

    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        zone = site_zone(settings["TIMEZONE"])
        self.day = build_day(settings.get("CHORUS_TODAY"), zone)
        self.zone = zone
        self.ctx = ParseContext(zone=zone, content_dir=settings["PATH"])
        self.problems: list[Problem] = []
        self.left_out: list[str] = []
        self._converter = None   # made on first use: most builds take every body from the cache
        caches = CacheSettings.from_settings(settings)
        self._use_cache = caches.render
        self._records = RecordCache(settings["CACHE_PATH"] if caches.records else None, zone)
        self._caches: dict[bool, RenderCache] = {}
        self._prepared: dict[str, tuple[bytes, Record | None, list[Problem]]] | None = None
        self.counted: set[str] = set()   # generators whose files the progress total includes

    def _cache(self, trusted: bool) -> RenderCache:
        """The render cache for pages (trusted) or stories, opened on first use."""
        if trusted not in self._caches:
            name = f"chorus-render-{'pages' if trusted else 'stories'}.json"
            path = Path(self.settings["CACHE_PATH"]) / name if self._use_cache else None
            self._caches[trusted] = RenderCache(path, renderer_fingerprint() if path else "")
        return self._caches[trusted]

    def save_cache(self) -> None:
        """Keep the HTML rendered by this build for the next one (see chorus.buildcache)."""
        for cache in self._caches.values():
            cache.save()
        self._records.save()

    @property
    def _markdown(self):
        if self._converter is None:
            self._converter = new_markdown()
        return self._converter

    @property
    def prepared(self) -> bool:
        return self._prepared is not None

    def prepare(self, source_paths: list[str], workers: int) -> int:
        """Validate every file a generator is about to read and render, on ``workers``
        processes, the bodies the render cache lacks; ``read`` then takes the results.
        Returns how many bodies were rendered."""
        self._prepared = {}
        jobs: list[tuple[str, bool]] = []
        report = progress.of(self.settings)
        for source_path in sorted(source_paths):
            if not source_path.endswith(".md"):
                continue  # read() refuses it before validating
            relative = self._relative(source_path)
            raw = _read_bytes(source_path)
            record, problems = self._records.validate(relative, raw, self.ctx)
            self._prepared[source_path] = (raw, record, problems)
            report.advance(progress.READ)
            if record is None or problems or record.kind not in (Kind.STORY, Kind.PAGE) \
                    or record.left_out_reason(self.zone, self.day):
                continue  # never rendered: invalid bodies are not safe to hand to Markdown
            trusted = record.kind is Kind.PAGE
            if self._cache(trusted).lacks(RenderCache.html_parts(record.body, trusted)):
                jobs.append((record.body, trusted))
        if jobs:
            report.start(progress.RENDER, progress.BUILD_STAGES[progress.RENDER], total=len(jobs))
        rendered = render_many(jobs, workers, on_done=lambda: report.advance(progress.RENDER))
        for (body, trusted), html in zip(jobs, rendered):
            self._cache(trusted).prepare(RenderCache.html_parts(body, trusted), html)
        report.finish(progress.RENDER)
        return len(jobs)

    def _relative(self, source_path: str) -> str:
        """The file's path under content/, with '/' between its parts."""
        return os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")

    def _validated(self, source_path: str, relative: str) -> tuple[Record | None, list[Problem]]:
        raw = _read_bytes(source_path)
        prepared = (self._prepared or {}).pop(source_path, None)
        if prepared is not None and prepared[0] == raw:
            return prepared[1], prepared[2]
        return self._records.validate(relative, raw, self.ctx)

    def read(self, source_path):
        if source_path not in (self._prepared or {}):
            progress.of(self.settings).advance(progress.READ)  # a prepared file was counted then
        relative = self._relative(source_path)
        if posixpath.splitext(relative)[1] != ".md":
            self.problems.append(Problem(relative, 1, "file name",
                                         "only Markdown '.md' files are read; rename it to .md"))
            return "", dict(SKIP)
        record, problems = self._validated(source_path, relative)
        if problems:
            self.problems.extend(problems)
            return "", dict(SKIP)
        if record.kind not in (Kind.STORY, Kind.PAGE):
            self.problems.append(Problem(record.path, 1, "path",
                                         f"a {record.kind.value} file is not read as an article or page; "
                                         "check ARTICLE_PATHS and PAGE_PATHS in pelicanconf.py"))
            return "", dict(SKIP)
        # drafts are Pelican's to handle (it keeps them out of the published site)
        reason = record.left_out_reason(self.zone, self.day)
        if reason:
            self.left_out.append(f"{record.path}: {reason}")
            return "", dict(SKIP)
        trusted = record.kind is Kind.PAGE
        html = self._cache(trusted).html(
            record.body, trusted, lambda: render(self._markdown, record.body, trusted_page=trusted))
        return html, self._metadata(record)

    def _metadata(self, record: Record) -> dict:
        values = record.values
        meta = {
            "title": values["title"],
            "slug": record.slug,
            "status": DRAFT if values.get("status") == DRAFT else "published",
        }
        for key in ("date", "modified", "summary", "product", "photo", "photo_alt",
                    "approved_by", "approved_on", "language"):
            if key in values:
                meta[key] = values[key]
        if record.kind is Kind.STORY:
            meta["tags"] = [Tag(name, self.settings) for name in values.get("tags", [])]
            meta["advocate_slug"] = values["advocate"]
            meta["featured"] = values.get("featured", False)
            if "prompt" in values:
                meta["prompt_day"] = values["prompt"]
        return meta
