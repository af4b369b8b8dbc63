"""sitemap.xml and robots.txt from the pages a build wrote.

The list comes from what Pelican's writer wrote in this build (``content_written``), so it
holds exactly the public pages: withdrawn, draft and not-yet-due pieces are never written.
Each page's ``lastmod`` is the newest date of the content it shows, never the build's clock."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape

NOINDEX = ("404.html",)     # pages that must not be indexed (they say so in a meta tag too)


@dataclass
class PageLedger:
    """Relative output path -> last modification day of each HTML page written."""

    output: Path
    pages: dict[str, dt.date] = field(default_factory=dict)
    # site_lastmod of this build's lists (kept alive, so their ids stay theirs): most
    # listing pages share the same articles, testimonials and prompt days
    _site_days: dict[tuple, tuple[tuple, dt.date]] = field(default_factory=dict, repr=False, compare=False)

    def record(self, path: str, context: dict[str, Any]) -> None:
        # Pelican's writer joins the output path and the page's name: no symlink to resolve
        relative = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(self.output))).as_posix()
        if relative.endswith(".html") and relative not in NOINDEX and not context.get("noindex"):
            self.pages[relative] = lastmod(context, self._site_lastmod)

    def _site_lastmod(self, context: dict[str, Any]) -> dt.date:
        inputs = (context.get("articles"), context.get("chorus_hub"), context.get("prompt_days"),
                  context["CHORUS_TODAY"])
        key = tuple(map(id, inputs))
        found = self._site_days.get(key)
        if found is None or any(a is not b for a, b in zip(found[0], inputs)):
            found = self._site_days[key] = (inputs, site_lastmod(context))
        return found[1]


def _day(moment: Any) -> dt.date | None:
    if isinstance(moment, dt.datetime):
        return moment.date()
    return moment if isinstance(moment, dt.date) else None


def _newest(moments: Iterable[Any]) -> dt.date | None:
    days = [day for day in map(_day, moments) if day is not None]
    return max(days) if days else None


def _piece_days(pieces: Iterable[Any]) -> list[Any]:
    return [max(getattr(p, "modified", None) or p.date, p.date) for p in pieces]


def lastmod(context: dict[str, Any], site_days=None) -> dt.date:
    """The newest date of what the page in ``context`` shows (``site_days``: site_lastmod
    or a memo of it)."""
    if "article" in context:
        return _newest(_piece_days([context["article"]]))
    if "testimonial" in context:
        return _day(context["testimonial"].date)
    if "prompt_day" in context:
        day = context["prompt_day"]
        return _newest([day.day, *_piece_days([*day.stories, *day.testimonials])])
    if "profile" in context:
        profile = context["profile"]
        return _newest(_piece_days([*profile.stories, *profile.testimonials]))
    if "tag" in context and context.get("articles"):
        return _newest(_piece_days(context["articles"]))
    page = context.get("page")
    if page is not None and getattr(page, "date", None):
        return _newest(_piece_days([page]))
    return (site_days or site_lastmod)(context)


def site_lastmod(context: dict[str, Any]) -> dt.date:
    """For listings and pages without a date: the newest story, testimonial or prompt day."""
    hub = context.get("chorus_hub")
    days = [*_piece_days(context.get("articles") or []),
            *_piece_days(hub.testimonials if hub else []),
            *[d.day for d in context.get("prompt_days") or []]]
    return _newest(days) or dt.date.fromisoformat(context["CHORUS_TODAY"])


def page_url(relative: str) -> str:
    """``stories/x/index.html`` -> ``stories/x/`` (clean URLs, as every link on the site)."""
    return relative[:-len("index.html")] if relative.endswith("index.html") else relative


def sitemap_xml(pages: dict[str, dt.date], base: str) -> bytes:
    """A sitemap (sitemaps.org 0.9) of ``pages``, sorted by URL: stable bytes."""
    rows = "".join(f"<url><loc>{escape(f'{base}/{page_url(path)}')}</loc>"
                   f"<lastmod>{day.isoformat()}</lastmod></url>\n"
                   for path, day in sorted(pages.items(), key=lambda item: page_url(item[0])))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n").encode("utf-8")


def robots_txt(base: str, sitemap: bool) -> bytes:
    """Everything may be crawled; the sitemap's address when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap:
        lines.append(f"Sitemap: {base}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("ascii", "xmlcharrefreplace")
