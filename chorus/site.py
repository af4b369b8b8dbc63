"""Run a Pelican build of the hub: the one entry point tasks and tests use."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chorus.clock import build_day, site_zone
from chorus.problems import ConfigError


@dataclass(frozen=True)
class BuildResult:
    output: Path
    day: dt.date
    seconds: float

    @cached_property
    def _counts(self) -> tuple[int, int]:
        """(HTML pages, files) in ``output``, counted when first asked for: a publisher
        never asks, and walking the 4,800 files of a 1,000-story output after every publish
        cost it 0.36-0.72 s."""
        pages = files = 0
        pending = [str(self.output)]
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif entry.is_file():
                        files += 1
                        pages += entry.name.endswith(".html")
        return pages, files

    @property
    def html_pages(self) -> int:
        return self._counts[0]

    @property
    def files(self) -> int:
        return self._counts[1]


def load_settings(conf: str | Path, *, today: str | None = None, keep_going: bool = False,
                  output: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict:
    """Pelican settings from ``conf`` with the build's day, keep-going flag and output path."""
    from pelican.settings import read_settings

    given: dict[str, Any] = dict(overrides or {})
    if today:
        given["CHORUS_TODAY"] = today
    if keep_going:
        given["CHORUS_KEEP_GOING"] = True
    if output:
        given["OUTPUT_PATH"] = str(output)
    try:
        settings = read_settings(str(conf), override=given)
    except ValueError as err:          # e.g. PATH names no folder: one line, not a traceback
        raise ConfigError(f"{conf}: {err}") from None
    zone = site_zone(settings["TIMEZONE"])
    settings["CHORUS_TODAY"] = build_day(settings.get("CHORUS_TODAY"), zone).isoformat()
    return settings


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def require_absolute_siteurl(settings: dict) -> None:
    url = settings.get("SITEURL", "")
    if not _absolute(url):
        raise ConfigError(
            "SITEURL must be the hub's absolute public address for a published build "
            f"(got {url!r}); set the CHORUS_SITEURL environment variable (or CHORUS_SITEURL "
            "in pelicanconf.py), e.g. https://stories.example.com")


def public_siteurl(settings: dict) -> str:
    """The site's public address, without a trailing slash: ``CHORUS_SITEURL`` (pelicanconf.py
    reads it from the environment), else an absolute ``SITEURL``; "" when neither is set.

    The one setting behind published builds (publishconf.py's SITEURL) and the links the
    service and the mails give advocates."""
    given = str(settings.get("CHORUS_SITEURL") or "").strip()
    if given and not _absolute(given):
        raise ConfigError(f"CHORUS_SITEURL must be an absolute http(s) address such as "
                          f"https://stories.example.com (got {given!r})")
    if given:
        return given.rstrip("/")
    siteurl = str(settings.get("SITEURL") or "")
    return siteurl.rstrip("/") if _absolute(siteurl) else ""


def build(settings: dict) -> BuildResult:
    """Build the site described by ``settings``; raises ChorusError on content problems."""
    from pelican import Pelican
    from pelican.log import LimitFilter

    # Pelican's log filter drops a warning already logged in this process; a publisher
    # builds again and again in one process and must report a bad file every time.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    started = time.perf_counter()
    try:
        Pelican(settings).run()
    finally:
        forget_memoized_content()
    seconds = time.perf_counter() - started
    return BuildResult(output=Path(settings["OUTPUT_PATH"]),
                       day=dt.date.fromisoformat(settings["CHORUS_TODAY"]), seconds=seconds)


def forget_memoized_content() -> None:
    """Empty Pelican's process-wide ``@memoized`` caches of ``Content.get_content`` and
    ``get_summary``: they are keyed by the content object, so each build's whole object graph
    (every article, its advocate, badges, neighbours) stayed alive after the build. A
    publisher builds again and again in one process; it grew by one hub per build and
    every later build got slower (3.1 s, then 3.6, 3.8, 4.2, 4.4 s at 1,000 stories)."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()
