"""After every generator has read its content: report problems, link stories to advocates."""

from __future__ import annotations

import logging

from pelican.generators import ArticlesGenerator, PagesGenerator

from chorus.brand import Brand, check_contrast, check_logo
from chorus.clock import build_day, site_zone
from chorus.excerpt import excerpt
from chorus.problems import ContentError, format_report

from .reader import ChorusReader

logger = logging.getLogger(__name__)


def resolve_build_day(pelican) -> None:
    """Fix the build's day once, at start-up, so every part of the build agrees on it."""
    settings = pelican.settings
    brand = Brand.from_settings(settings)
    check_logo(settings, brand)
    for warning in check_contrast(settings, brand):
        logger.warning("Chorus: %s", warning)
    zone = site_zone(settings["TIMEZONE"])
    settings["CHORUS_TODAY"] = build_day(settings.get("CHORUS_TODAY"), zone).isoformat()


def _readers(generators) -> list[ChorusReader]:
    found = {}
    for generator in generators:
        for reader in getattr(getattr(generator, "readers", None), "readers", {}).values():
            if isinstance(reader, ChorusReader):
                found[id(reader)] = reader
    return list(found.values())


def check_and_link(generators) -> None:
    """Report all content problems at once (fail unless CHORUS_KEEP_GOING); link stories."""
    context = generators[0].context
    hub = context["chorus_hub"]
    readers = _readers(generators)
    for reader in readers:
        reader.save_cache()
    problems = sorted({*hub.problems, *(p for r in readers for p in r.problems)})
    for line in sorted([*hub.left_out, *(item for r in readers for item in r.left_out)]):
        logger.info("Chorus: not published: %s", line)
    if problems:
        if not context.get("CHORUS_KEEP_GOING"):
            raise ContentError(problems)
        logger.warning("Chorus: %s", format_report(problems, left_out=True))
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            stories = [*generator.articles, *generator.drafts, *generator.hidden_articles]
            _link_stories(hub, stories)
            _fix_urls([*stories, *(t for story in stories for t in story.translations)])
        elif isinstance(generator, PagesGenerator):
            pages = [*generator.pages, *generator.hidden_pages]
            for page in pages:
                page.excerpt = excerpt(page.metadata.get("summary", ""), page.content)
            _fix_urls([*pages, *(t for page in pages for t in page.translations)])


def _fix_urls(contents) -> None:
    """Work each URL out once, now that every slug, date and language is final.

    Pelican's ``Content.url`` re-derives the URL (copying the metadata, a ``relpath``
    of the source file, formatting the setting) on every access, and the pages, feeds
    and cards of a hub read it about a dozen times per story. ``override_url`` is
    Pelican's own way for a content object to state its URL (the ``URL`` header).
    ``save_as`` is left alone: setting ``override_save_as`` would change how Pelican's
    writer treats two pieces that claim the same file.
    """
    for content in contents:
        if not hasattr(content, "override_url"):
            content.override_url = content.url


def _link_stories(hub, stories) -> None:
    """Give each story its advocate (None when anonymous), an excerpt and up to three
    other stories by the same advocate."""
    by_advocate: dict[str, list] = {}
    for story in stories:
        story.advocate = hub.advocate(story.advocate_slug)
        story.excerpt = excerpt(story.metadata.get("summary", ""), story.content)
        if story.advocate and story.status == "published":
            by_advocate.setdefault(story.advocate.slug, []).append(story)
    for story in stories:
        mine = by_advocate.get(story.advocate.slug, []) if story.advocate else []
        # The first four hold at least three others: no need to scan every story of theirs.
        story.more_from_advocate = [other for other in mine[:4] if other is not story][:3]
