"""Connect the content model to Pelican's signals. Logic lives in the other modules."""

from __future__ import annotations

from pelican import signals

from . import finalize, prerender, taglists
from .generator import ContentModelGenerator
from .reader import ChorusReader


def add_reader(readers) -> None:
    """Route every extension Pelican would read through the validating reader,
    so an .rst or .html file cannot slip past the content model."""
    reader = ChorusReader(readers.settings)
    # "static" is Pelican's pseudo-format for copied files (images); leave it alone.
    for extension in {"md", *readers.reader_classes, *readers.readers} - {"static"}:
        readers.reader_classes[extension] = ChorusReader
        readers.readers[extension] = reader


def add_generator(_pelican):
    return ContentModelGenerator


def register() -> None:
    signals.initialized.connect(finalize.resolve_build_day)
    signals.readers_init.connect(add_reader)
    signals.article_generator_preread.connect(prerender.before_articles)
    signals.page_generator_preread.connect(prerender.before_pages)
    signals.get_generators.connect(add_generator)
    signals.article_generator_finalized.connect(taglists.fast_tag_lists)
    signals.all_generators_finalized.connect(finalize.check_and_link)
