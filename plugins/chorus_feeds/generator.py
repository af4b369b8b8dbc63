"""Gathers what the build published from the context, writes every feed under the
feeds folder and the /subscribe/ page, and publishes ``context["feed_links"]``."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from chorus.brand import Brand
from chorus.buildcache import CacheSettings, RenderCache
from chorus.building import BuildSettings
from chorus.clock import site_zone
from chorus.community import profiles
from chorus.forked import run_forked, worker_count
from chorus.pagedeps import TrackedMapping
from chorus import progress

from .atomrss import SplicedFeeds
from .catalogue import SUFFIX, Plan, Sources, build_feed, feed_links, plan_feeds
from .entries import Site
from .jsonfeed import json_bytes
from .model import Feed, Item
from .settings import FeedSettings, site_base
from .subscribe import subscribe_page
from .unchanged import (EntryDigests, FeedDigests, WrittenFeeds, entries_fingerprint, entry_html_fingerprint,
                        renderer_fingerprint)

logger = logging.getLogger(__name__)


def gather(context: dict[str, Any], settings: dict[str, Any]):
    """Settings, site and feed plans from a Pelican context whose generators have read everything."""
    config = FeedSettings.from_settings(settings)
    hub = context["chorus_hub"]
    brand = context.get("chorus_brand") or Brand.from_settings(settings)
    site = Site(base=site_base(settings, config), name=settings.get("SITENAME") or brand.name,
                description=brand.tagline, language=settings.get("DEFAULT_LANG", ""),
                zone=site_zone(settings["TIMEZONE"]), hub=hub,
                cards=context.get("share_cards") or {},
                link_base=(settings.get("SITEURL") or "").rstrip("/"),
                icons=context.get("site_icons") or {})
    stories = list(context.get("articles", []))
    sources = Sources(stories=stories, testimonials=list(hub.testimonials),
                      profiles=profiles(hub, stories), tags=list(context.get("tags", [])),
                      prompt_days=context.get("prompt_days"),
                      products=list(context.get("chorus_products") or ()),
                      extra=list(context.get("chorus_extra_feeds") or ()))
    day = dt.date.fromisoformat(settings["CHORUS_TODAY"])
    return config, site, plan_feeds(sources, config, site, day)


class FeedLinks(TrackedMapping):
    """``context["feed_links"]``: page relative URL -> [(title, href, MIME type)].

    Computed on first use, i.e. when the first page is rendered: by then every plugin has
    published what it publishes (blinker calls ``all_generators_finalized`` receivers in
    no fixed order, so computing earlier could miss the prompt days).
    A tracked mapping (``chorus/pagedeps.py``): a page depends on the links it looked up.
    """

    def __init__(self, context: dict[str, Any], settings: dict[str, Any]):
        super().__init__("feed_links")
        self._context, self._settings = context, settings
        self._links: dict[str, list[tuple[str, str, str]]] | None = None

    def _data(self) -> dict[str, list[tuple[str, str, str]]]:
        if self._links is None:
            config, site, plans = gather(self._context, self._settings)
            self._links = feed_links(plans, config, site)
        return self._links


FORK_FROM = 64   # fewer feeds to write are written in this process (a fork costs more)


@dataclass
class Due:
    """A feed with files to write: its plan and, per format, the file and its content's digest."""

    plan: Plan
    files: list[tuple[str, Path, str]]


def write_feeds(plans: list[Plan], config: FeedSettings, site: Site, output: Path,
                record: WrittenFeeds, report: progress.Progress = progress.NO_PROGRESS,
                entries: EntryDigests | None = None, workers: int = 1) -> int:
    """Write every feed of ``plans`` under ``output``/folder, except files that already
    hold what they would be written with; returns the number of files. A feed's entries
    are made only when it is written or their digests are not in ``entries``. With
    ``workers`` > 1 and at least ``FORK_FROM`` feeds to write, they are written on that
    many processes (``chorus.forked``)."""
    entries = entries or EntryDigests(None, "")
    report.start(progress.FEEDS, progress.BUILD_STAGES[progress.FEEDS], total=len(plans))
    due, count = due_feeds(plans, config, site, output, record, entries, report)
    write_due(due, config, site, record, report, workers if len(due) >= FORK_FROM else 1)
    record.save()
    entries.save()
    report.finish(progress.FEEDS)
    return count


def due_feeds(plans: list[Plan], config: FeedSettings, site: Site, output: Path, record: WrittenFeeds,
              entries: EntryDigests, report: progress.Progress) -> tuple[list[Due], int]:
    """The feeds of ``plans`` with a file to write, and the number of files of all of them.
    Files that already hold their content are kept (``WrittenFeeds.keep``); a feed with
    none to write counts as done in ``report``."""
    digests, due, count = FeedDigests(record.fingerprint), [], 0
    for plan in plans:
        head = build_feed(plan, config, site, items=())
        parts = [entries.digest(piece, site) for piece in plan.pieces]
        files = []
        for fmt in head.urls:
            path = output / config.folder / f"{plan.key}{SUFFIX[fmt]}"
            digest = digests.digest_of(head, parts, fmt)
            if not record.keep(path, digest):
                files.append((fmt, path, digest))
        count += len(head.urls)
        if files:
            due.append(Due(plan, files))
        else:
            report.advance(progress.FEEDS)
    return due, count


def write_due(due: list[Due], config: FeedSettings, site: Site, record: WrittenFeeds,
              report: progress.Progress, workers: int) -> None:
    """Render and write the files of ``due`` on ``workers`` processes, and record them.

    The feeds, and so their entries, are made here; a worker only renders and writes, and
    what it writes is recorded here (``WrittenFeeds.adopt``). Each Atom and RSS entry is
    serialised once (``serialise_entries``), as in one process, not once per worker."""
    feeds = [build_feed(feed.plan, config, site) for feed in due]
    spliced = SplicedFeeds()
    if workers > 1:
        serialise_entries(due, feeds, spliced, workers)
        written = run_forked(len(due), lambda n: write_files(due[n], feeds[n], record, spliced), workers)
        report.advance(progress.FEEDS, len(due))
    else:
        written = []
        for feed, built in zip(due, feeds):
            written.append(write_files(feed, built, record, spliced))
            report.advance(progress.FEEDS)
    for files in written:
        record.adopt(files)


def serialise_entries(due: list[Due], feeds: list[Feed], spliced: SplicedFeeds, workers: int) -> None:
    """Serialise every Atom and RSS entry of ``feeds`` on ``workers`` processes into ``spliced``.

    An entry is in several feeds (the main one, its tags', its advocate's): splitting the
    feeds among processes would serialise most entries in each of them."""
    jobs: dict[tuple[int, str], tuple[Feed, Item, str]] = {}
    for feed, built in zip(due, feeds):
        for fmt in (fmt for fmt, _path, _digest in feed.files if fmt != "json"):
            for item in built.items:
                jobs.setdefault((id(item), fmt), (built, item, fmt))
    todo = list(jobs.values())
    made = run_forked(len(todo), lambda number: spliced.entry(*todo[number]), workers)
    for (_feed, item, fmt), data in zip(todo, made):
        spliced.hold(item, fmt, data)


def write_files(due: Due, feed: Feed, record: WrittenFeeds, spliced: SplicedFeeds) -> list[tuple[str, list]]:
    """Write the files of one feed (``feed``, made from ``due.plan``); what ``record`` holds of each."""
    return [record.write(path, digest, json_bytes(feed) if fmt == "json" else spliced.render(feed, fmt))
            for fmt, path, digest in due.files]


def feed_workers(settings: dict[str, Any]) -> int:
    """Processes that may write feeds (``CHORUS_BUILD["workers"]``, 0 = one per core)."""
    return worker_count(BuildSettings.from_settings(settings).workers)


def written_feeds(settings: dict[str, Any]) -> WrittenFeeds:
    """The record of feed files under ``CACHE_PATH``; without one when the hub does not keep
    unchanged output (``CHORUS_CACHE["keep_unchanged"]``), so every feed is rendered."""
    keep = CacheSettings.from_settings(settings).keep_unchanged and settings.get("CACHE_PATH")
    return WrittenFeeds(Path(settings["CACHE_PATH"]) if keep else None, renderer_fingerprint())


def entry_digests(settings: dict[str, Any]) -> EntryDigests:
    """Entries' digests by their inputs, under ``CACHE_PATH`` when the hub keeps unchanged
    output (as ``written_feeds``); without a record every entry is made."""
    keep = CacheSettings.from_settings(settings).keep_unchanged and settings.get("CACHE_PATH")
    return EntryDigests(Path(settings["CACHE_PATH"]) if keep else None, entries_fingerprint())


def entry_html_cache(settings: dict[str, Any]) -> RenderCache | None:
    """Entries' sanitised, absolute-URL HTML from earlier builds, under ``CACHE_PATH``
    (``CHORUS_CACHE["render"]``); keyed by the page URL and the page HTML."""
    if not (CacheSettings.from_settings(settings).render and settings.get("CACHE_PATH")):
        return None
    return RenderCache(Path(settings["CACHE_PATH"]) / "chorus-render-feeds.json", entry_html_fingerprint())


class FeedsGenerator(Generator):
    """Writes feeds/ and subscribe/ once every other generator has read its content."""

    def generate_context(self) -> None:
        self.context["feed_links"] = FeedLinks(self.context, self.settings)

    def generate_output(self, writer) -> None:
        output = Path(self.output_path)
        config, site, plans = gather(self.context, self.settings)
        site.html_cache, record = entry_html_cache(self.settings), written_feeds(self.settings)
        count = write_feeds(plans, config, site, output, record, progress.of(self.settings),
                            entry_digests(self.settings), feed_workers(self.settings))
        if site.html_cache is not None:
            site.html_cache.save()
        logger.info("Chorus feeds: %s files for %s feeds under %s/ (%s unchanged, not rewritten)",
                    count, len(plans), config.folder, record.kept)
        writer.write_file("subscribe/index.html", self.get_template("subscribe"), self.context,
                          feeds=subscribe_page(plans, config, site),
                          feeds_folder=config.folder, page_name="subscribe/index")
